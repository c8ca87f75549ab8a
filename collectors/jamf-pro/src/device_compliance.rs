//! `jamf-pro/device-compliance-information/<computerId>.json`
//! (`GET /api/v1/conditional-access/device-compliance-information/computer/{id}`): what Jamf Pro
//! computes and sends to the compliance vendor for the subject's computer, a bare array of
//! `{deviceId, applicable, complianceState, complianceVendor, complianceVendorDeviceInformation}`.
//!
//! Jamf's schema gives `complianceVendorDeviceInformation` as an object `{deviceIds: [...]}`,
//! while the example of its API reference gives an array of such objects: both are read. The
//! entry that counts is the one whose `complianceVendor` names Microsoft or Intune, else the only
//! entry; with several entries and none of Microsoft, nothing is guessed. A field that is missing
//! or `null` leaves its fact absent.

use jamf_triage_evidence::{CollectInput, Evidence, Provenance};
use serde::Deserialize;
use serde_json::Value;

use crate::artifacts::{DEVICE_COMPLIANCE, device_compliance_path};
use crate::json::{self, LeftOut, Shape, Top};
use crate::{SOURCE, facts};

/// The response: a bare array.
const SHAPE: Shape = Shape {
    top: Top::Array,
    what: "a Jamf Pro device compliance information response (a JSON array of records)",
};

/// One `DeviceComplianceInformation` record, as far as the rules need it.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Information {
    /// `applicable`: whether Jamf computes compliance for the computer.
    applicable: Option<bool>,
    /// `complianceState`: `UNKNOWN`, `NON_COMPLIANT`, `COMPLIANT`.
    compliance_state: Option<String>,
    /// `complianceVendor`: the vendor's name.
    compliance_vendor: Option<String>,
    /// `complianceVendorDeviceInformation`: `{deviceIds}` or `[{deviceIds}]`.
    compliance_vendor_device_information: Option<Value>,
}

/// Reads the subject's computer's file (`computer` is its Jamf Pro id). Without the id, the
/// only file of the folder is read, when there is exactly one.
pub(crate) fn collect(input: &CollectInput<'_>, computer: Option<&str>, out: &mut Evidence) {
    let path = match computer {
        Some(id) => device_compliance_path(id),
        None => {
            let paths: Vec<String> = input
                .artifacts
                .paths()
                .into_iter()
                .filter(|path| DEVICE_COMPLIANCE.matches(path))
                .collect();
            let [only] = paths.as_slice() else {
                return;
            };
            only.clone()
        }
    };
    let Some(records) = json::read_at::<Vec<Value>>(input, &DEVICE_COMPLIANCE, &path, SHAPE, out)
    else {
        return;
    };
    let mut left_out = LeftOut::default();
    let read: Vec<(usize, Information)> = records
        .iter()
        .enumerate()
        .filter_map(|(index, record)| {
            left_out
                .take_object::<Information>(Some(record), || format!("/{index}"))
                .map(|information| (index, information))
        })
        .collect();
    let chosen = read
        .iter()
        .find(|(_, information)| names_microsoft(information.compliance_vendor.as_deref()))
        .or(match read.as_slice() {
            [only] if records.len() == 1 => Some(only),
            _ => None,
        });
    if let Some((index, information)) = chosen {
        describe(&path, *index, information, &mut left_out, out);
    }
    left_out.report(&path, out);
}

/// Whether a vendor's name says Microsoft or Intune.
fn names_microsoft(vendor: Option<&str>) -> bool {
    vendor.is_some_and(|vendor| {
        let vendor = vendor.to_lowercase();
        vendor.contains("microsoft") || vendor.contains("intune")
    })
}

fn describe(
    path: &str,
    index: usize,
    information: &Information,
    left_out: &mut LeftOut,
    out: &mut Evidence,
) {
    let at = |field: &str| Provenance::new(SOURCE, path).at_pointer(format!("/{index}/{field}"));
    if let Some(applicable) = information.applicable {
        out.record(
            facts::DEVICE_COMPLIANCE_APPLICABLE,
            applicable,
            at("applicable"),
        );
    }
    if let Some(state) = information
        .compliance_state
        .as_deref()
        .map(str::trim)
        .filter(|state| !state.is_empty())
    {
        out.record(facts::DEVICE_COMPLIANCE_STATE, state, at("complianceState"));
    }
    let field = "complianceVendorDeviceInformation";
    if let Some(ids) = device_ids(
        information.compliance_vendor_device_information.as_ref(),
        &format!("/{index}/{field}"),
        left_out,
    ) {
        out.record(facts::DEVICE_COMPLIANCE_ENTRA_DEVICE_IDS, ids, at(field));
    }
}

/// The `deviceIds` of `{deviceIds}` or of every `[{deviceIds}]`, lowercased and without
/// repeats; `None` when there are none to read (absent, `null`, or no `deviceIds` at all).
fn device_ids(value: Option<&Value>, pointer: &str, left_out: &mut LeftOut) -> Option<Vec<String>> {
    let holders: Vec<(String, &Value)> = match value? {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| (format!("{pointer}/{index}"), item))
            .collect(),
        object @ Value::Object(_) => vec![(pointer.to_owned(), object)],
        Value::Null => return None,
        _ => {
            left_out.note(pointer.to_owned(), "neither an object nor an array");
            return None;
        }
    };
    let mut ids: Vec<String> = Vec::new();
    let mut seen_any = false;
    for (at, holder) in holders {
        match holder.get("deviceIds") {
            None | Some(Value::Null) => {}
            Some(Value::Array(values)) => {
                seen_any = true;
                for (index, value) in values.iter().enumerate() {
                    match value.as_str().map(str::trim) {
                        Some(id) if !id.is_empty() => {
                            let id = id.to_lowercase();
                            if !ids.contains(&id) {
                                ids.push(id);
                            }
                        }
                        Some(_) => {}
                        None => left_out.note(format!("{at}/deviceIds/{index}"), "not a string"),
                    }
                }
            }
            Some(_) => left_out.note(format!("{at}/deviceIds"), "not an array of ids"),
        }
    }
    seen_any.then_some(ids)
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::FactValue;

    use super::*;
    use crate::testing::messages;

    const PATH: &str = "jamf-pro/device-compliance-information/52.json";

    fn collect_from(text: &str, computer: Option<&str>) -> Evidence {
        let mut artifacts = jamf_triage_evidence::MemoryArtifacts::new();
        artifacts.insert(PATH, text);
        let subject = jamf_triage_evidence::Subject::default();
        let mut evidence = Evidence::default();
        collect(
            &CollectInput {
                artifacts: &artifacts,
                subject: &subject,
                collected_at: None,
                lines: &jamf_triage_evidence::EveryLine,
            },
            computer,
            &mut evidence,
        );
        evidence
    }

    fn value(evidence: &Evidence, name: &str) -> Option<FactValue> {
        evidence.get(name).map(|fact| fact.value.clone())
    }

    /// The example response of Jamf's API reference for this endpoint (developer.jamf.com,
    /// "Get compliance information for a single computer device"): two vendors, and
    /// `complianceVendorDeviceInformation` as an array.
    const REFERENCE_EXAMPLE: &str = r#"[
  {
    "deviceId": "1",
    "applicable": true,
    "complianceState": "COMPLIANT",
    "complianceVendor": "Vendor A",
    "complianceVendorDeviceInformation": [
      {
        "deviceIds": [
          "device-id-1",
          "device-id-2"
        ]
      }
    ]
  },
  {
    "deviceId": "1",
    "applicable": false,
    "complianceState": "NON_COMPLIANT",
    "complianceVendor": "Vendor B",
    "complianceVendorDeviceInformation": [
      {
        "deviceIds": []
      }
    ]
  }
]"#;

    #[test]
    fn the_reference_example_reads_without_a_problem_and_guesses_no_vendor() {
        let evidence = collect_from(REFERENCE_EXAMPLE, Some("52"));
        assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
        // Two vendors, none of them Microsoft: which one is Intune is not guessed.
        assert_eq!(evidence.fact_count(), 0);
        let microsoft = REFERENCE_EXAMPLE.replace("Vendor B", "Microsoft Intune");
        let evidence = collect_from(&microsoft, Some("52"));
        assert_eq!(
            value(&evidence, "jamf.device_compliance.applicable"),
            Some(FactValue::Bool(false))
        );
        assert_eq!(
            value(&evidence, "jamf.device_compliance.state"),
            Some(FactValue::String("NON_COMPLIANT".into()))
        );
        assert_eq!(
            value(&evidence, "jamf.device_compliance.entra_device_ids"),
            Some(FactValue::List(Vec::new()))
        );
        let fact = evidence.get("jamf.device_compliance.state").expect("state");
        assert_eq!(
            fact.provenance.pointer.as_deref(),
            Some("/1/complianceState")
        );
    }

    #[test]
    fn the_schema_shape_with_an_object_and_upper_case_ids() {
        // The shape of Jamf's schema (`DeviceComplianceInformation`): one record, the vendor
        // information an object.
        let text = r#"[{"deviceId": "52", "applicable": true, "complianceState": "COMPLIANT",
            "complianceVendor": "Microsoft", "someNewField": {"x": 1},
            "complianceVendorDeviceInformation": {"deviceIds": ["1B8886A7-BEBD-433F-ACB9-9C12FCFF4107", "1b8886a7-bebd-433f-acb9-9c12fcff4107"]}}]"#;
        let evidence = collect_from(text, Some("52"));
        assert!(evidence.problems().is_empty());
        assert_eq!(
            value(&evidence, "jamf.device_compliance.entra_device_ids"),
            Some(FactValue::List(vec![
                "1b8886a7-bebd-433f-acb9-9c12fcff4107".into()
            ]))
        );
        assert_eq!(
            value(&evidence, "jamf.device_compliance.applicable"),
            Some(FactValue::Bool(true))
        );
    }

    #[test]
    fn missing_or_null_fields_stay_absent() {
        let text = r#"[{"deviceId": "52", "applicable": null, "complianceVendor": "Vendor",
            "complianceVendorDeviceInformation": null}]"#;
        let evidence = collect_from(text, Some("52"));
        assert!(evidence.problems().is_empty());
        assert_eq!(evidence.fact_count(), 0);
        assert_eq!(collect_from("[]", Some("52")).fact_count(), 0);
    }

    #[test]
    fn another_computer_or_no_id_reads_the_only_file() {
        let text = r#"[{"applicable": false, "complianceState": "UNKNOWN"}]"#;
        assert_eq!(collect_from(text, Some("7")).fact_count(), 0);
        assert_eq!(collect_from(text, None).fact_count(), 2);
    }

    #[test]
    fn bad_parts_are_left_out_and_a_broken_file_is_a_problem() {
        let text = r#"[{"applicable": "yes", "complianceState": "COMPLIANT", "complianceVendor": "Microsoft Intune",
            "complianceVendorDeviceInformation": {"deviceIds": ["A", 5]}}]"#;
        let evidence = collect_from(text, Some("52"));
        assert!(evidence.get("jamf.device_compliance.applicable").is_none());
        assert!(evidence.get("jamf.device_compliance.state").is_some());
        assert_eq!(
            value(&evidence, "jamf.device_compliance.entra_device_ids"),
            Some(FactValue::List(vec!["a".into()]))
        );
        assert_eq!(messages(&evidence).len(), 1);

        let broken = collect_from("[{\"applicable\": tr", Some("52"));
        assert_eq!(broken.fact_count(), 0);
        assert_eq!(broken.problems().len(), 1);
        assert_eq!(broken.problems()[0].path, PATH);
        let object = collect_from(r#"{"httpStatus": 404, "errors": []}"#, Some("52"));
        assert_eq!(object.problems().len(), 1);
    }
}
