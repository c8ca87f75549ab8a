//! jamfAAD's log and preferences together: the last successful token and the errors since.

use jamf_triage_evidence::{FactValue, MemoryArtifacts, Subject, parse_zoned};

use crate::support;

#[test]
fn errors_after_the_last_token_from_the_log() {
    let artifacts = MemoryArtifacts::new()
        .with("mac/jamfAAD.log", support::data("jamfaad/jamfAAD.log"))
        .with(
            "mac/com.jamf.management.jamfAAD.plist",
            support::data("jamfaad/jamfAAD-never.plist"),
        );
    let at = parse_zoned("2024-06-03T08:00:00+02:00").expect("time");
    let evidence = support::collect(&artifacts, &Subject::default(), Some(&at));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    support::assert_declared(&evidence);

    // A timestamp of 0 means "never": the log's last `AAD ID acquired` is the last success.
    assert!(evidence.get("device.jamfaad.last_token_at").is_none());
    assert_eq!(
        support::value(&evidence, "device.jamfaad.have_azure_id").as_deref(),
        Some("false")
    );
    let success = evidence
        .get("device.jamfaad.last_token_success")
        .expect("success");
    assert_eq!(success.value.to_string(), "2024-06-01T07:00:09.48Z");
    assert_eq!(
        (
            success.provenance.artifact.as_str(),
            success.provenance.line
        ),
        ("mac/jamfAAD.log", Some(6))
    );
    assert_eq!(
        support::value(&evidence, "device.jamfaad.last_aad_id_acquired").as_deref(),
        Some("2024-06-01T07:00:09.48Z")
    );
    // The error before the success does not count; the error and the fault after it do.
    assert_eq!(
        support::value(&evidence, "device.jamfaad.errors_after_last_success").as_deref(),
        Some("2")
    );
    let Some(FactValue::Lines(errors)) = evidence.get("device.jamfaad.errors").map(|f| &f.value)
    else {
        panic!("error lines")
    };
    let numbers: Vec<_> = errors.iter().map(|line| line.number).collect();
    assert_eq!(numbers, [5, 8, 9]);
    let Some(FactValue::Lines(log)) = evidence.get("device.jamfaad.log").map(|f| &f.value) else {
        panic!("log lines")
    };
    assert_eq!(log.len(), 6, "the three header lines are skipped");
    assert!(
        log.text().contains(
            "posible for silent token acquire to fail now if the wrong account is picked"
        )
    );
}
