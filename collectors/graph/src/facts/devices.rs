//! `graph.intune.*` and `graph.entra.*`: the subject Mac's Intune records (by serial number) and
//! the tenant's Entra devices.

use jamf_triage_evidence::{Evidence, FactKey};

use crate::declared;
use crate::envelope::Record;
use crate::records::GraphRecords;
use crate::resource::ManagedDevice;
use crate::values;

/// Reads one text property of an Intune record.
type Property = fn(&ManagedDevice) -> Option<&str>;

/// Emits the device facts; the `graph.intune.*` ones only for a subject serial.
pub(super) fn emit(graph: &GraphRecords, serial: Option<&str>, out: &mut Evidence) {
    let mut ignored = Ignored::default();
    if let Some(devices) = &graph.devices {
        for record in &devices.records {
            ignored.check("deviceId", record.item.device_id.as_deref(), || {
                devices.file()
            });
        }
    }
    emit_ids(graph, serial, &mut ignored, out);
    if let Some((ids, provenance)) = ignored.found {
        out.record(declared::IGNORED_DEVICE_IDS, ids, provenance);
    }
}

/// Device ids that are not GUIDs, with the provenance of the first.
#[derive(Default)]
struct Ignored {
    found: Option<(Vec<String>, jamf_triage_evidence::Provenance)>,
}

impl Ignored {
    /// Notes `value` of `field` when it is an id but not a GUID.
    fn check(
        &mut self,
        field: &str,
        value: Option<&str>,
        provenance: impl FnOnce() -> jamf_triage_evidence::Provenance,
    ) {
        let Some(id) = values::id(value).filter(|id| !values::is_guid(id)) else {
            return;
        };
        let note = format!("{field}: {id}");
        match &mut self.found {
            Some((ids, _)) => {
                if !ids.contains(&note) {
                    ids.push(note);
                }
            }
            None => self.found = Some((vec![note], provenance())),
        }
    }
}

fn emit_ids(graph: &GraphRecords, serial: Option<&str>, ignored: &mut Ignored, out: &mut Evidence) {
    let entra_ids = graph.devices.as_ref().map(|devices| {
        let ids: Vec<String> = devices
            .records
            .iter()
            .filter_map(|record| values::guid(record.item.device_id.as_deref()))
            .collect();
        let compliant: Vec<String> = devices
            .records
            .iter()
            .filter(|record| record.item.is_compliant == Some(true))
            .filter_map(|record| values::guid(record.item.device_id.as_deref()))
            .collect();
        out.record(declared::ENTRA_DEVICE_IDS, ids.clone(), devices.file());
        out.record(
            declared::ENTRA_COMPLIANT_DEVICE_IDS,
            compliant,
            devices.file(),
        );
        ids
    });

    let (Some(managed), Some(serial)) = (graph.managed_devices.as_ref(), values::text(serial))
    else {
        return;
    };
    let records: Vec<&Record<ManagedDevice>> = managed
        .records
        .iter()
        .filter(|record| {
            values::text(record.item.serial_number.as_deref())
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(serial))
        })
        .collect();
    let count = i64::try_from(records.len()).unwrap_or(i64::MAX);
    out.record(
        declared::INTUNE_RECORD_COUNT,
        count,
        managed.at_first(&records, "serialNumber"),
    );

    for record in &records {
        ignored.check(
            "azureADDeviceId",
            record.item.azure_ad_device_id.as_deref(),
            || managed.at_first(&[*record], "azureADDeviceId"),
        );
    }
    let azure_ids: Vec<String> = records
        .iter()
        .filter_map(|record| values::guid(record.item.azure_ad_device_id.as_deref()))
        .collect();
    out.record(
        declared::INTUNE_AZURE_AD_DEVICE_IDS,
        azure_ids.clone(),
        managed.at_first(&records, "azureADDeviceId"),
    );
    let compliant: Vec<&Record<ManagedDevice>> = records
        .iter()
        .copied()
        .filter(|record| values::same(record.item.compliance_state.as_deref(), "compliant"))
        .collect();
    let compliant_ids: Vec<String> = compliant
        .iter()
        .filter_map(|record| values::guid(record.item.azure_ad_device_id.as_deref()))
        .collect();
    out.record(
        declared::INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS,
        compliant_ids,
        managed.at_first(&compliant, "azureADDeviceId"),
    );
    let lists: [(FactKey<Vec<String>>, &str, Property); 4] = [
        (declared::INTUNE_MANAGEMENT_AGENTS, "managementAgent", |d| {
            d.management_agent.as_deref()
        }),
        (declared::INTUNE_COMPLIANCE_STATES, "complianceState", |d| {
            d.compliance_state.as_deref()
        }),
        (
            declared::INTUNE_REGISTRATION_STATES,
            "deviceRegistrationState",
            |d| d.device_registration_state.as_deref(),
        ),
        (declared::INTUNE_USER_IDS, "userId", |d| {
            d.user_id.as_deref()
        }),
    ];
    for (fact, property, read) in lists {
        let items: Vec<String> = records
            .iter()
            .filter_map(|record| values::text(read(&record.item)).map(str::to_owned))
            .collect();
        out.record(fact, items, managed.at_first(&records, property));
    }

    if let (Some(entra_ids), Some(devices)) = (entra_ids, graph.devices.as_ref()) {
        let linked: Vec<String> = azure_ids
            .into_iter()
            .filter(|id| entra_ids.contains(id))
            .collect();
        let mut mdm_app_ids: Vec<String> = Vec::new();
        let mut first = None;
        for record in devices.records.iter().filter(|record| {
            values::guid(record.item.device_id.as_deref()).is_some_and(|id| linked.contains(&id))
        }) {
            let Some(app) = values::text(record.item.mdm_app_id.as_deref()) else {
                continue;
            };
            let app = app.to_ascii_lowercase();
            if !mdm_app_ids.contains(&app) {
                mdm_app_ids.push(app);
            }
            first.get_or_insert(record);
        }
        if let Some(record) = first {
            out.record(
                declared::ENTRA_MDM_APP_IDS,
                mdm_app_ids,
                devices.at(record, "mdmAppId"),
            );
        }
        out.record(
            declared::ENTRA_INTUNE_LINKED_DEVICE_IDS,
            linked,
            devices.file(),
        );
    }
}
