//! The real-format corpus (`tests/data/real/`, each sample's source in its README): every shape
//! of the jamfAAD log gives the same facts as its compact form.

use jamf_triage_evidence::{FactValue, MemoryArtifacts, Subject, parse_zoned};

use crate::support;

/// The facts a jamfAAD log gives, except its text: (last `AAD ID acquired`, last success,
/// errors after it, how many error lines, how many lines).
fn jamfaad_facts(sample: &str) -> (Option<String>, Option<String>, Option<String>, usize, usize) {
    let artifacts =
        MemoryArtifacts::new().with("mac/jamfAAD.log", support::data(&format!("real/{sample}")));
    let at = parse_zoned("2024-06-03T08:00:00+02:00").expect("time");
    let evidence = support::collect(&artifacts, &Subject::default(), Some(&at));
    assert!(
        evidence.problems().is_empty(),
        "{sample}: {:?}",
        evidence.problems()
    );
    let count = |name: &str| match evidence.get(name).map(|fact| &fact.value) {
        Some(FactValue::Lines(lines)) => lines.len(),
        _ => 0,
    };
    (
        support::value(&evidence, "device.jamfaad.last_aad_id_acquired"),
        support::value(&evidence, "device.jamfaad.last_token_success"),
        support::value(&evidence, "device.jamfaad.errors_after_last_success"),
        count("device.jamfaad.errors"),
        count("device.jamfaad.log"),
    )
}

#[test]
fn every_jamfaad_shape_gives_the_facts_of_the_compact_form() {
    let compact = jamfaad_facts("jamfAAD-compact.log");
    assert_eq!(
        compact,
        (
            Some("2024-06-01T07:00:09.48Z".into()),
            Some("2024-06-01T07:00:09.48Z".into()),
            Some("2".into()),
            3,
            6
        )
    );
    for sample in [
        "jamfAAD-default.log",
        "jamfAAD-syslog.log",
        "jamfAAD-console.txt",
        "jamfAAD-mixed.log",
    ] {
        assert_eq!(jamfaad_facts(sample), compact, "{sample}");
    }
}

#[test]
fn a_line_with_its_own_offset_is_timed_with_it() {
    // Collected in another time zone than the lines were written in: the lines' own offset wins.
    let artifacts =
        MemoryArtifacts::new().with("mac/jamfAAD.log", support::data("real/jamfAAD-syslog.log"));
    let at = parse_zoned("2024-06-03T08:00:00-05:00").expect("time");
    let evidence = support::collect(&artifacts, &Subject::default(), Some(&at));
    assert_eq!(
        support::value(&evidence, "device.jamfaad.last_aad_id_acquired").as_deref(),
        Some("2024-06-01T07:00:09.48Z")
    );
}

#[test]
fn company_portal_lines_keep_their_time_and_level() {
    let artifacts = MemoryArtifacts::new().with(
        "mac/company-portal/com.microsoft.CompanyPortalMac.log",
        support::data("real/company-portal.log"),
    );
    let at = parse_zoned("2024-06-03T08:00:00+02:00").expect("time");
    let evidence = support::collect(&artifacts, &Subject::default(), Some(&at));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let Some(FactValue::Lines(errors)) = evidence
        .get("device.company_portal.errors")
        .map(|fact| &fact.value)
    else {
        panic!("error lines")
    };
    let numbers: Vec<_> = errors.iter().map(|line| line.number).collect();
    assert_eq!(numbers, [2]);
    let last = evidence
        .get("device.company_portal.last_error_at")
        .expect("last error");
    assert_eq!(last.value.to_string(), "2024-06-01T06:59:58.904Z");
    assert_eq!(last.provenance.line, Some(2));
}

#[test]
fn managed_jamfaad_settings_are_facts() {
    let artifacts = MemoryArtifacts::new().with(
        "mac/com.jamf.management.jamfAAD.managed.plist",
        support::data("real/jamfAAD-managed.plist"),
    );
    let evidence = support::collect(&artifacts, &Subject::default(), None);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    support::assert_declared(&evidence);
    let value = |name| support::value(&evidence, name);
    assert_eq!(
        value("device.jamfaad.managed.use_wkwebview").as_deref(),
        Some("true")
    );
    assert_eq!(
        value("device.jamfaad.managed.token_retry_count").as_deref(),
        Some("3")
    );
    assert_eq!(
        value("device.jamfaad.managed.token_retry_wait").as_deref(),
        Some("42")
    );
    let wait = evidence
        .get("device.jamfaad.managed.token_retry_wait")
        .expect("wait");
    assert_eq!(
        wait.provenance.pointer.as_deref(),
        Some("tokenRetryWaitTime")
    );
}
