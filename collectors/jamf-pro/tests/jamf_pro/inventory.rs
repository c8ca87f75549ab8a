//! The inventory: duplicate serial numbers, the newer shape, and records that are partly bad.

use jamf_triage_evidence::FactValue;

use crate::support::{collect_bundle, fixture, value};

#[test]
fn duplicate_serials_describe_the_record_most_recently_in_contact() {
    let evidence = collect_bundle(&fixture("duplicate-serials"));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(
        value(&evidence, "jamf.computer.record_count"),
        &FactValue::Integer(3)
    );
    assert_eq!(
        value(&evidence, "jamf.computer.id"),
        &FactValue::String("88".into())
    );
    assert_eq!(
        value(&evidence, "jamf.computer.aad_states"),
        &FactValue::List(vec![
            "ACTIVATED".into(),
            "UNRESPONSIVE".into(),
            "UNKNOWN".into()
        ])
    );
    insta::assert_snapshot!("duplicate-serials", evidence.to_yaml_string());
}

#[test]
fn the_newer_shape_gives_the_last_contact() {
    let evidence = collect_bundle(&fixture("newer-shape"));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let contact = evidence
        .get("jamf.computer.last_contact")
        .expect("last contact");
    assert_eq!(
        contact.provenance.pointer.as_deref(),
        Some("/results/0/general/lastContact")
    );
    assert!(
        evidence.get("jamf.computer.aad_states").is_none(),
        "localUserAccounts is null"
    );
    insta::assert_snapshot!("newer-shape", evidence.to_yaml_string());
}

#[test]
fn bad_fields_are_reported_and_the_rest_is_kept() {
    let evidence = collect_bundle(&fixture("partial"));
    assert_eq!(
        value(&evidence, "jamf.computer.record_count"),
        &FactValue::Integer(2)
    );
    assert_eq!(
        value(&evidence, "jamf.computer.id"),
        &FactValue::String("88".into())
    );
    assert!(evidence.get("jamf.computer.last_inventory").is_none());
    assert_eq!(
        value(&evidence, "jamf.computer.user_azure_ad_ids"),
        &FactValue::List(vec!["780c4b16-a510-49fa-a2b2-bbd1c38dbe31".into()])
    );
    assert_eq!(evidence.problems().len(), 2, "{:?}", evidence.problems());
    insta::assert_snapshot!("partial", evidence.to_yaml_string());
}

#[test]
fn broken_json_files_are_problems_and_the_log_is_still_read() {
    let evidence = collect_bundle(&fixture("broken"));
    let paths: Vec<_> = evidence
        .problems()
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "jamf-pro/jamf-pro-version.json",
            "jamf-pro/notifications.json",
            "jamf-pro/computers-inventory.json",
            "jamf-pro/JAMFSoftwareServer.log"
        ]
    );
    let names: Vec<_> = evidence.facts().map(|(name, _)| name).collect();
    assert_eq!(names, ["jamf.server_log.entries"]);
    insta::assert_snapshot!("broken", evidence.to_yaml_string());
}
