//! Every operator, on present, missing and mistyped facts.

use jamf_triage_core::Truth::{False, True, Unknown};
use jamf_triage_core::{Evidence, FactValue, Truth};

use crate::common::{at, evidence, lines, one_cause, source, truth_of};

/// The truth of `condition` on `evidence`.
fn check(condition: &str, evidence: &Evidence) -> Truth {
    truth_of(&one_cause(condition, ""), evidence)
}

fn with(facts: &[(&str, FactValue)]) -> Evidence {
    let mut evidence = evidence();
    for (name, value) in facts {
        evidence.set(*name, value.clone(), source("artifact"));
    }
    evidence
}

fn list(items: &[&str]) -> FactValue {
    FactValue::List(items.iter().map(|item| (*item).to_owned()).collect())
}

fn log(texts: &[&str]) -> FactValue {
    FactValue::Lines(lines("mac/jamfAAD.log", texts))
}

fn string(text: &str) -> FactValue {
    FactValue::String(text.to_owned())
}

#[test]
fn exists_is_decided_on_missing_facts() {
    let none = evidence();
    let some = with(&[("device.os.version", string("14.5"))]);
    assert_eq!(
        check("{ fact: device.os.version, exists: true }", &none),
        False
    );
    assert_eq!(
        check("{ fact: device.os.version, exists: false }", &none),
        True
    );
    assert_eq!(
        check("{ fact: device.os.version, exists: true }", &some),
        True
    );
    assert_eq!(
        check("{ fact: device.os.version, equals: '14.5' }", &none),
        Unknown
    );
}

#[test]
fn equality_on_every_scalar_type() {
    let evidence = with(&[
        ("device.aad.have_azure_id", FactValue::Bool(false)),
        ("graph.intune.record_count", FactValue::Integer(2)),
        ("graph.partner.state", string("terminated")),
        (
            "jamf.computer.last_contact",
            FactValue::Timestamp(at("2025-01-31T00:00:00Z")),
        ),
        (
            "graph.app.secret_lifetime",
            FactValue::Duration(jiff::SignedDuration::from_hours(24)),
        ),
    ]);
    let cases = [
        ("{ fact: device.aad.have_azure_id, equals: false }", True),
        (
            "{ fact: device.aad.have_azure_id, not_equals: false }",
            False,
        ),
        ("{ fact: graph.intune.record_count, equals: 2 }", True),
        ("{ fact: graph.intune.record_count, one_of: [1, 3] }", False),
        (
            "{ fact: graph.partner.state, one_of: [unavailable, terminated] }",
            True,
        ),
        ("{ fact: graph.partner.state, not_equals: enabled }", True),
        (
            "{ fact: jamf.computer.last_contact, equals: 2025-01-31 }",
            True,
        ),
        (
            "{ fact: jamf.computer.last_contact, equals: '2025-01-31T01:00:00+01:00' }",
            True,
        ),
        ("{ fact: graph.app.secret_lifetime, equals: 1d }", True),
    ];
    for (condition, expected) in cases {
        assert_eq!(check(condition, &evidence), expected, "{condition}");
    }
}

#[test]
fn text_tests_fold_quotes() {
    let evidence = with(&[
        (
            "graph.partner.state",
            string("sign with “Microsoft Workplace Join Key”"),
        ),
        ("device.aad.log", log(&["first", "can’t acquire token"])),
        ("device.keychain.certificates", list(&["it’s"])),
    ]);
    let cases = [
        (
            r#"{ fact: graph.partner.state, equals: 'sign with "Microsoft Workplace Join Key"' }"#,
            True,
        ),
        (
            r#"{ fact: graph.partner.state, contains: '"Microsoft Workplace' }"#,
            True,
        ),
        (
            r#"{ fact: graph.partner.state, matches: '^sign with "[^"]+"$' }"#,
            True,
        ),
        (
            "{ fact: device.aad.log, contains: \"can't acquire\" }",
            True,
        ),
        (
            "{ fact: device.aad.log, any_line_matches: \"can't\\\\s+acquire\" }",
            True,
        ),
        (
            "{ fact: device.keychain.certificates, contains: \"it's\" }",
            True,
        ),
        (
            "{ fact: device.keychain.certificates, all_in: [\"it's\"] }",
            True,
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(check(condition, &evidence), expected, "{condition}");
    }
}

#[test]
fn contains_and_matches_on_strings_lists_and_lines() {
    let evidence = with(&[
        ("device.os.version", string("14.5.1")),
        ("device.keychain.certificates", list(&["A-1", "B-2"])),
        (
            "device.aad.log",
            log(&["ok", "AADSTS700082: refresh token expired", "ok"]),
        ),
    ]);
    let cases = [
        ("{ fact: device.os.version, contains: '.5.' }", True),
        ("{ fact: device.os.version, contains: '15' }", False),
        ("{ fact: device.os.version, matches: '^14\\.' }", True),
        (
            "{ fact: device.keychain.certificates, contains: B-2 }",
            True,
        ),
        ("{ fact: device.keychain.certificates, contains: B }", False),
        (
            "{ fact: device.keychain.certificates, matches: '^B-' }",
            True,
        ),
        (
            "{ fact: device.keychain.certificates, any_line_matches: '^C-' }",
            False,
        ),
        ("{ fact: device.aad.log, contains: 'token expired' }", True),
        (
            "{ fact: device.aad.log, any_line_matches: 'AADSTS\\d+' }",
            True,
        ),
        ("{ fact: device.aad.log, any_line_matches: '^ok$' }", True),
        (
            "{ fact: device.aad.log, any_line_matches: 'expired\\s+ok' }",
            False,
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(check(condition, &evidence), expected, "{condition}");
    }
}

#[test]
fn membership_comparisons_and_counts() {
    let evidence = with(&[
        ("device.keychain.certificates", list(&["A", "B"])),
        ("graph.intune.record_count", FactValue::Integer(3)),
        (
            "graph.app.secret_lifetime",
            FactValue::Duration(jiff::SignedDuration::from_hours(2)),
        ),
        ("device.aad.log", log(&["error 1", "fine", "error 2"])),
    ]);
    let cases = [
        (
            "{ fact: device.keychain.certificates, all_in: [A, B, C] }",
            True,
        ),
        ("{ fact: device.keychain.certificates, all_in: [A] }", False),
        ("{ fact: graph.intune.record_count, gt: 2 }", True),
        ("{ fact: graph.intune.record_count, ge: 4 }", False),
        ("{ fact: graph.intune.record_count, lt: 4 }", True),
        ("{ fact: graph.intune.record_count, le: 2 }", False),
        ("{ fact: graph.app.secret_lifetime, lt: 1d }", True),
        ("{ fact: graph.app.secret_lifetime, ge: 2h }", True),
        (
            "{ fact: device.keychain.certificates, count: { gt: 1 } }",
            True,
        ),
        ("{ fact: device.aad.log, count: { eq: 3 } }", True),
        (
            "{ fact: device.aad.log, count_matching: { pattern: '^error', eq: 2 } }",
            True,
        ),
        (
            "{ fact: device.keychain.certificates, count_matching: { pattern: A, ge: 2 } }",
            False,
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(check(condition, &evidence), expected, "{condition}");
    }
    let empty = with(&[("device.keychain.certificates", list(&[]))]);
    assert_eq!(
        check(
            "{ fact: device.keychain.certificates, all_in: [A] }",
            &empty
        ),
        True
    );
}

#[test]
fn ages_are_measured_from_observed_at() {
    // observed_at is 2024-06-03T12:00:00Z.
    let exactly_a_day = with(&[(
        "jamf.computer.last_contact",
        FactValue::Timestamp(at("2024-06-02T12:00:00Z")),
    )]);
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, older_than: 24h }",
            &exactly_a_day
        ),
        True
    );
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, newer_than: 24h }",
            &exactly_a_day
        ),
        False
    );
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, newer_than: 1d1s }",
            &exactly_a_day
        ),
        True
    );
    let mut timeless = exactly_a_day.clone();
    timeless.observed_at = None;
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, older_than: 24h }",
            &timeless
        ),
        Unknown
    );
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, before: 2024-06-03 }",
            &timeless
        ),
        True
    );
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, after: '2024-06-02T12:00:00Z' }",
            &timeless
        ),
        True
    );
    assert_eq!(
        check(
            "{ fact: jamf.computer.last_contact, before: '2024-06-02T12:00:00Z' }",
            &timeless
        ),
        False
    );
    assert_eq!(
        check("{ fact: observed_at, after: 2025-01-31 }", &exactly_a_day),
        False
    );
    assert_eq!(
        check("{ fact: observed_at, before: 2025-01-31 }", &exactly_a_day),
        True
    );
    assert_eq!(
        check("{ fact: observed_at, exists: true }", &timeless),
        False
    );
}

#[test]
fn comparisons_with_other_facts() {
    let evidence = with(&[
        ("jamf.computer.azure_id", string("D-1")),
        ("graph.partner.state", string("D-1")),
        ("device.keychain.certificates", list(&["D-1", "D-2"])),
        ("graph.intune.device_ids", list(&["D-2", "D-3"])),
    ]);
    let cases = [
        (
            "{ fact: jamf.computer.azure_id, equals_fact: graph.partner.state }",
            True,
        ),
        (
            "{ fact: jamf.computer.azure_id, in_fact: device.keychain.certificates }",
            True,
        ),
        (
            "{ fact: jamf.computer.azure_id, in_fact: graph.intune.device_ids }",
            False,
        ),
        (
            "{ fact: device.keychain.certificates, in_fact: graph.intune.device_ids }",
            False,
        ),
        (
            "{ fact: device.keychain.certificates, intersects_fact: graph.intune.device_ids }",
            True,
        ),
        (
            "{ fact: device.keychain.certificates, equals_fact: graph.intune.device_ids }",
            False,
        ),
        (
            "{ fact: jamf.computer.azure_id, equals_fact: device.os.version }",
            Unknown,
        ),
    ];
    for (condition, expected) in cases {
        assert_eq!(check(condition, &evidence), expected, "{condition}");
    }
}

#[test]
fn a_fact_of_the_wrong_type_counts_as_missing() {
    let evidence = with(&[("graph.intune.record_count", string("two"))]);
    assert_eq!(
        check("{ fact: graph.intune.record_count, gt: 1 }", &evidence),
        Unknown
    );
    assert_eq!(
        check(
            "{ fact: graph.intune.record_count, exists: true }",
            &evidence
        ),
        False
    );
}

#[test]
fn connectives_follow_kleene() {
    let evidence = with(&[("device.aad.have_azure_id", FactValue::Bool(true))]);
    let known = "{ fact: device.aad.have_azure_id, equals: true }";
    let unknown = "{ fact: device.os.version, equals: x }";
    assert_eq!(check("{ all: [] }", &evidence), True);
    assert_eq!(check("{ any: [] }", &evidence), False);
    assert_eq!(
        check(&format!("{{ all: [{known}, {unknown}] }}"), &evidence),
        Unknown
    );
    assert_eq!(
        check(&format!("{{ any: [{known}, {unknown}] }}"), &evidence),
        True
    );
    assert_eq!(check(&format!("{{ not: {known} }}"), &evidence), False);
    assert_eq!(check(&format!("{{ not: {unknown} }}"), &evidence), Unknown);
}

#[test]
fn cause_references_use_the_other_cause_truth() {
    let other = "  - id: other
    scope: device
    severity: low
    title: { en: Other }
    resolution: r
    when: { fact: device.aad.have_azure_id, equals: false }";
    let engine = one_cause(
        "{ all: [{ not: { cause: other } }, { fact: device.os.version, exists: true }] }",
        other,
    );
    let yes = with(&[
        ("device.aad.have_azure_id", FactValue::Bool(true)),
        ("device.os.version", string("14")),
    ]);
    let no = with(&[
        ("device.aad.have_azure_id", FactValue::Bool(false)),
        ("device.os.version", string("14")),
    ]);
    let unknown = with(&[("device.os.version", string("14"))]);
    assert_eq!(truth_of(&engine, &yes), True);
    assert_eq!(truth_of(&engine, &no), False);
    assert_eq!(truth_of(&engine, &unknown), Unknown);
    let report = engine.diagnose(&unknown);
    let finding = report.cause("c").expect("in the report");
    let missing: Vec<&str> = finding.missing.iter().map(|m| m.fact.as_ref()).collect();
    assert_eq!(missing, ["device.aad.have_azure_id"]);
    assert_eq!(finding.evidence[0].fact, "cause:other");
}

#[test]
fn matched_lines_carry_their_artifact_and_number() {
    let engine = one_cause(
        "{ fact: device.aad.log, count_matching: { pattern: 'token', ge: 1 } }",
        "",
    );
    let mut lines = jamf_triage_core::Lines::default();
    lines.push("mac/jamfAAD.log", 41, "starting");
    lines.push("mac/jamfAAD.log", 42, "failed to get token");
    let mut evidence = evidence();
    evidence.set(
        "device.aad.log",
        FactValue::Lines(lines),
        source("mac/jamfAAD.log"),
    );
    let report = engine.diagnose(&evidence);
    let item = &report.cause("c").expect("in the report").evidence[0];
    let line = item.line.as_ref().expect("a line");
    assert_eq!(
        (line.artifact.as_ref(), line.line, line.text.as_ref()),
        ("mac/jamfAAD.log", 42, "failed to get token")
    );
    assert_eq!(
        item.value.as_ref().map(|value| value.short()).as_deref(),
        Some("2 line(s)")
    );
}

#[test]
fn patterns_on_one_lines_fact_share_one_pass() {
    let engine = one_cause(
        "{ any: [
            { fact: device.aad.log, any_line_matches: 'AADSTS\\d+' },
            { fact: device.aad.log, contains: 'no such line' },
            { fact: device.aad.log, any_line_matches: '^third' },
            { fact: device.company_portal.log, contains: 'third' } ] }",
        "",
    );
    let evidence = with(&[("device.aad.log", log(&["first", "second", "third line"]))]);
    let report = engine.diagnose(&evidence);
    let finding = report.cause("c").expect("in the report");
    assert_eq!(finding.verdict, jamf_triage_core::Verdict::Confirmed);
    assert_eq!(finding.evidence.len(), 1);
    assert_eq!(finding.evidence[0].test, "has a line matching /^third/");
    assert_eq!(
        finding.evidence[0].line.as_ref().map(|line| line.line),
        Some(3)
    );
}
