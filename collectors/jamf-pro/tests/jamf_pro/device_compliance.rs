//! Device Compliance: the subject computer's `groupMemberships` (section GROUP_MEMBERSHIPS) and
//! its `jamf-pro/device-compliance-information/<computerId>.json`, offline and live.
//!
//! `tests/data/device-compliance/` holds an inventory in the shape of the other fixtures (fields
//! and examples of Jamf's OpenAPI spec, see `../shared/external/jamf-pro/SCHEMA-NOTES.md`) with
//! `groupMemberships: [{groupId, groupName, smartGroup}]`, and the device compliance information
//! of computer 52 in the shape of Jamf's `DeviceComplianceInformation` schema. Jamf publishes no
//! whole example of either; the vendor name `Microsoft Intune` is not confirmed by a capture.

use jamf_triage_bundle::DirArtifacts;
#[cfg(feature = "test-server")]
use jamf_triage_collector_jamf_pro::live::replay::{self, Accepted};
#[cfg(feature = "test-server")]
use jamf_triage_collector_jamf_pro::live::{Credentials, JamfProLive};
#[cfg(feature = "test-server")]
use jamf_triage_evidence::MemorySink;
use jamf_triage_evidence::{ArtifactSource, FactValue, MemoryArtifacts};
#[cfg(feature = "test-server")]
use jamf_triage_http::{HttpClient, HttpConfig, Secret};

use crate::support::{collect, collect_bundle, fixture, read, value};

const PATH: &str = "jamf-pro/device-compliance-information/52.json";

#[test]
fn the_subjects_groups_and_device_compliance_become_facts() {
    let evidence = collect_bundle(&fixture("device-compliance"));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(
        value(&evidence, "jamf.computer.group_names"),
        &FactValue::List(vec![
            "All Managed Clients".into(),
            "Device Compliance – Applicable".into(),
            "Device Compliance – Compliant".into(),
            "Finance Macs".into()
        ])
    );
    assert_eq!(
        value(&evidence, "jamf.device_compliance.applicable"),
        &FactValue::Bool(true)
    );
    assert_eq!(
        value(&evidence, "jamf.device_compliance.state"),
        &FactValue::String("NON_COMPLIANT".into())
    );
    assert_eq!(
        value(&evidence, "jamf.device_compliance.entra_device_ids"),
        &FactValue::List(vec!["1b8886a7-bebd-433f-acb9-9c12fcff4107".into()])
    );
    let fact = evidence
        .get("jamf.device_compliance.applicable")
        .expect("fact");
    assert_eq!(
        (
            fact.provenance.artifact.as_str(),
            fact.provenance.pointer.as_deref()
        ),
        (PATH, Some("/0/applicable"))
    );
    crate::support::assert_declared(&evidence);
}

#[test]
fn a_damaged_device_compliance_file_is_a_problem_and_the_rest_is_collected() {
    let bundle = DirArtifacts::open(fixture("device-compliance")).expect("bundle");
    let whole = read(&bundle, PATH);
    for cut in [1, whole.len() / 2, whole.len() - 3] {
        let mut damaged = MemoryArtifacts::new();
        for path in bundle.paths() {
            damaged.insert(path.clone(), read(&bundle, &path));
        }
        damaged.insert(PATH, whole[..cut].to_vec());
        let evidence = collect(&damaged);
        let problems: Vec<&str> = evidence
            .problems()
            .iter()
            .map(|problem| problem.path.as_str())
            .collect();
        assert_eq!(problems, [PATH], "cut at {cut}");
        assert!(evidence.get("jamf.device_compliance.state").is_none());
        assert!(evidence.get("jamf.computer.group_names").is_some());
        assert!(evidence.get("jamf.computer.id").is_some());
    }
}

#[cfg(feature = "test-server")]
fn live(serial: Option<&str>) -> Result<MemorySink, Box<dyn std::error::Error>> {
    let server = replay::serve(
        &fixture("device-compliance"),
        Accepted {
            id: "triage-client".into(),
            secret: "canary-jamf-dc".into(),
        },
        Box::new(|_, _| None),
    )?;
    let mut sink = MemorySink::default();
    JamfProLive::new(
        server.url(),
        Credentials::ApiClient {
            client_id: "triage-client".into(),
            client_secret: Secret::new("canary-jamf-dc"),
        },
    )
    .with_page_size(2)
    .for_serial(serial.map(str::to_owned))
    .collect(HttpClient::new(HttpConfig::default()), &mut sink);
    let requested: Vec<String> = server
        .received()
        .iter()
        .map(|request| request.url.clone())
        .collect();
    assert!(
        requested
            .iter()
            .filter(|url| url.starts_with("/api/v1/computers-inventory"))
            .all(|url| url.contains("section=GROUP_MEMBERSHIPS")),
        "{requested:?}"
    );
    Ok(sink)
}

#[cfg(feature = "test-server")]
#[test]
fn live_collection_fetches_the_subjects_device_compliance_information()
-> Result<(), Box<dyn std::error::Error>> {
    let sink = live(Some("C02XK1ABJGH5"))?;
    assert_eq!(sink.failures(), []);
    let written = sink.artifacts();
    let saved = DirArtifacts::open(fixture("device-compliance"))?;
    assert_eq!(read(&written, PATH), read(&saved, PATH));
    let evidence = collect(&{
        let mut bundle = MemoryArtifacts::new();
        for path in written.paths() {
            bundle.insert(path.clone(), read(&written, &path));
        }
        for path in ["context.yaml", "manifest.yaml"] {
            bundle.insert(path, read(&saved, path));
        }
        bundle
    });
    assert_eq!(
        value(&evidence, "jamf.device_compliance.state"),
        &FactValue::String("NON_COMPLIANT".into())
    );
    assert!(evidence.get("jamf.computer.group_names").is_some());

    // Without a serial, no computer is chosen; a computer the server has no record of (404)
    // is not collected, and not a failure.
    let without = live(None)?;
    assert!(!without.artifacts().contains(PATH));
    let unknown = live(Some("CTDRT716CL"))?;
    assert_eq!(unknown.failures(), []);
    assert!(
        !unknown
            .artifacts()
            .paths()
            .iter()
            .any(|path| path.contains("device-compliance-information"))
    );
    Ok(())
}
