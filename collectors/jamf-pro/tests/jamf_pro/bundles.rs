//! The example bundles: their evidence is snapshot (review each snapshot: it is an assertion).

use jamf_triage_evidence::FactValue;

use crate::support::{collect_bundle, examples, lines, value};

/// Collects one example bundle and snapshots its evidence.
fn snapshot(name: &str) -> jamf_triage_evidence::Evidence {
    let evidence = collect_bundle(&examples().join(name));
    insta::assert_snapshot!(format!("example-{name}"), evidence.to_yaml_string());
    evidence
}

#[test]
fn every_example_bundle_is_read_without_a_problem() {
    let mut names: Vec<String> = std::fs::read_dir(examples())
        .expect("examples")
        .flatten()
        .filter(|entry| entry.path().join("jamf-pro").is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 4, "{names:?}");
    for name in names {
        let evidence = collect_bundle(&examples().join(&name));
        assert!(
            evidence.problems().is_empty(),
            "{name}: {:?}",
            evidence.problems()
        );
        // The legacy examples have neither group memberships nor device compliance information.
        let declared = if name.starts_with("device-compliance") {
            16
        } else {
            12
        };
        assert_eq!(
            evidence.fact_count(),
            declared,
            "{name}: every declared fact"
        );
    }
}

#[test]
fn healthy() {
    let evidence = snapshot("healthy");
    assert_eq!(
        value(&evidence, "jamf.computer.id"),
        &FactValue::String("72".into())
    );
    assert_eq!(
        value(&evidence, "jamf.computer.aad_states"),
        &FactValue::List(vec!["ACTIVATED".into(), "UNKNOWN".into()])
    );
}

/// A Device Compliance Mac that Jamf Pro reports compliant: in the Applicable and the Compliance
/// smart groups (`context.yaml` names them).
#[test]
fn device_compliance_healthy() {
    let evidence = snapshot("device-compliance-healthy");
    assert_eq!(
        value(&evidence, "jamf.device_compliance.state"),
        &FactValue::String("COMPLIANT".into())
    );
    assert_eq!(
        value(&evidence, "jamf.computer.group_names"),
        &FactValue::List(vec![
            "All Managed Clients".into(),
            "Company Portal Installed".into(),
            "Meets Contoso Compliance".into(),
            "macOS Sonoma".into()
        ])
    );
}

/// Alex's Mac is applicable but outside the Compliance group (FileVault is off).
#[test]
fn device_compliance_not_compliant() {
    let evidence = snapshot("device-compliance-not-compliant");
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
        &FactValue::List(vec!["c521913b-462d-4397-aad3-676973bb0586".into()])
    );
    let FactValue::List(groups) = value(&evidence, "jamf.computer.group_names") else {
        panic!("group names are a list");
    };
    assert!(
        groups
            .iter()
            .any(|group| group == "Company Portal Installed")
    );
    assert!(
        !groups
            .iter()
            .any(|group| group == "Meets Contoso Compliance")
    );
}

#[test]
fn duplicate_registration() {
    let evidence = snapshot("duplicate-registration");
    assert_eq!(
        value(&evidence, "jamf.computer.record_count"),
        &FactValue::Integer(1)
    );
    let contact = evidence
        .get("jamf.computer.last_contact")
        .expect("last contact");
    assert_eq!(
        contact.provenance.pointer.as_deref(),
        Some("/results/3/general/lastContactTime")
    );
}

#[test]
fn graph_token_permissions() {
    let evidence = snapshot("graph-token-permissions");
    let entries = lines(&evidence, "jamf.server_log.entries");
    let token_errors = entries
        .iter()
        .filter(|line| {
            line.text
                .contains("Could not retrieve the access token for Microsoft Graph API")
        })
        .count();
    assert!(token_errors > 0);
}

#[test]
fn portal_opened_directly() {
    let evidence = snapshot("portal-opened-directly");
    assert_eq!(
        value(&evidence, "jamf.computer.azure_ad_device_ids"),
        &FactValue::List(vec![])
    );
    assert_eq!(
        value(&evidence, "jamf.notifications.types"),
        &FactValue::List(vec![
            "PATCH_UPDATE".into(),
            "VPP_ACCOUNT_WILL_EXPIRE".into()
        ])
    );
}
