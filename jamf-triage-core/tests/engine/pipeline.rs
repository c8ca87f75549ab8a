//! Load, compile and diagnose, end to end.

use jamf_triage_core::report::SymptomStatus;
use jamf_triage_core::{Engine, FactValue, Verdict};

use crate::common::{at, engine, evidence, lines, source};

fn pack() -> Engine {
    engine(include_str!("../data/valid/pack.yaml"))
}

#[test]
fn engines_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Engine>();
}

#[test]
fn a_stale_check_in_is_confirmed_and_explained() {
    let engine = pack();
    let mut evidence = evidence();
    evidence.set(
        "jamf.computer.last_contact",
        at("2024-06-01T08:00:00Z"),
        source("jamf-pro/computer.json"),
    );
    let report = engine.diagnose(&evidence);

    let finding = report.cause("jamf-checkin-missed").expect("in the report");
    assert_eq!(finding.verdict, Verdict::Confirmed);
    assert_eq!(finding.explains, ["unresponsive-in-jamf"]);
    assert_eq!(finding.evidence.len(), 1);
    assert_eq!(finding.evidence[0].test, "older than 24h");
    assert_eq!(
        finding.evidence[0]
            .value
            .as_ref()
            .map(|value| value.short())
            .as_deref(),
        Some("2024-06-01T08:00:00Z")
    );
    assert_eq!(finding.resolution.id, "restore-jamf-checkin");

    let symptom = report
        .symptom("unresponsive-in-jamf")
        .expect("in the report");
    assert_eq!(symptom.status, SymptomStatus::Detected);
    assert_eq!(
        symptom.causes[0],
        ("jamf-checkin-missed", Verdict::Confirmed)
    );

    let token = report
        .cause("entra-token-refresh-failed")
        .expect("in the report");
    assert_eq!(token.verdict, Verdict::Undetermined);
    let missing: Vec<&str> = token.missing.iter().map(|m| m.fact.as_ref()).collect();
    assert_eq!(
        missing,
        [
            "device.aad.last_token",
            "device.aad.have_azure_id",
            "device.aad.log"
        ]
    );
    assert_eq!(token.missing[0].provider, "test");
}

#[test]
fn line_tests_name_the_matching_line() {
    let engine = pack();
    let mut evidence = evidence();
    let log = lines(
        "mac/CompanyPortal.log",
        &[
            "starting",
            "Portal launched without WPJ only arg while account is under partner management",
        ],
    );
    evidence.set(
        "device.company_portal.log",
        FactValue::Lines(log),
        source("mac/CompanyPortal.log"),
    );
    let report = engine.diagnose(&evidence);
    let finding = report
        .cause("portal-opened-directly")
        .expect("in the report");
    assert_eq!(finding.verdict, Verdict::Confirmed);
    let line = finding.evidence[0].line.as_ref().expect("a matched line");
    assert_eq!(
        (line.artifact.as_ref(), line.line),
        ("mac/CompanyPortal.log", 2)
    );
}

#[test]
fn unrelated_facts_do_not_disturb_binding() {
    let engine = pack();
    let mut evidence = evidence();
    evidence.set(
        "jamf.computer.last_contact",
        at("2024-06-01T08:00:00Z"),
        source("a"),
    );
    for name in [
        "a",
        "device.aad.z",
        "jamf.computer.last_contact.extra",
        "jamf.computer",
        "zzz",
        "device.aad.have_azure_id.x",
    ] {
        evidence.set(name, "noise", source("noise"));
    }
    let report = engine.diagnose(&evidence);
    assert_eq!(
        report.cause("jamf-checkin-missed").map(|c| c.verdict),
        Some(Verdict::Confirmed)
    );
    assert_eq!(
        report
            .cause("entra-token-refresh-failed")
            .map(|c| c.verdict),
        Some(Verdict::Undetermined)
    );
}

#[test]
fn errors_can_be_collected_from_several_checks() {
    let first = crate::common::compile("causes: 3\n").expect_err("not a list");
    let second = crate::common::compile("cuases: []\n").expect_err("unknown section");
    let both: jamf_triage_core::RuleErrors = first.iter().chain(second.iter()).cloned().collect();
    assert_eq!(both.len(), 2);
    assert!(both.to_string().contains("\n\nrules/test.yaml"));
}
