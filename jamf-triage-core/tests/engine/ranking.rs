//! Reports: symptom statuses, explanations, ranking, determinism.

use jamf_triage_core::report::SymptomStatus;
use jamf_triage_core::{CollectionProblem, FactValue, Verdict};

use crate::common::{engine, evidence, source};

const PACK: &str = "
symptoms:
  - id: s-reported
    scope: device
    severity: high
    title: { en: Reported }
    causes: [low-b, crit, high-one, high-two, undecided, ruled-out]
  - id: s-detected
    scope: device
    severity: high
    title: { en: Detected }
    causes: [high-two]
    detect: { fact: device.aad.have_azure_id, equals: false }
  - id: s-not-detected
    scope: device
    severity: low
    title: { en: Not detected }
    causes: [high-one]
    detect: { fact: device.aad.have_azure_id, equals: true }
  - id: s-unknown
    scope: device
    severity: low
    title: { en: Unknown }
    causes: [crit]
causes:
  - { id: low-b, scope: device, severity: low, title: { en: L }, resolution: r, when: { all: [] } }
  - { id: ruled-out, scope: device, severity: critical, title: { en: X }, resolution: r, when: { any: [] } }
  - { id: undecided, scope: device, severity: critical, title: { en: U }, resolution: r, when: { fact: device.os.version, equals: y } }
  - { id: high-one, scope: device, severity: high, title: { en: H1 }, resolution: r, when: { all: [] } }
  - { id: crit, scope: device, severity: critical, title: { en: C }, resolution: r, when: { all: [] } }
  - { id: high-two, scope: device, severity: high, title: { en: H2 }, resolution: r, when: { all: [] } }
  - { id: undecided-low, scope: device, severity: low, title: { en: U }, resolution: r, when: { fact: device.os.version, equals: x } }
resolutions:
  - { id: r, scope: device, title: { en: R }, steps: [] }
";

fn diagnosed() -> jamf_triage_core::Evidence {
    let mut evidence = evidence();
    evidence.set(
        "context.reported.symptoms",
        FactValue::List(vec!["s-reported".to_owned()]),
        source("context.yaml"),
    );
    evidence.set(
        "device.aad.have_azure_id",
        FactValue::Bool(false),
        source("mac/jamfAAD.plist"),
    );
    evidence.add_problem(CollectionProblem::new(
        "graph",
        "graph/devices.json",
        "not valid JSON",
    ));
    evidence
}

#[test]
fn causes_are_ranked_by_verdict_severity_explained_symptoms_and_id() {
    let engine = engine(PACK);
    let report_evidence = diagnosed();
    let report = engine.diagnose(&report_evidence);
    let ranked: Vec<(&str, Verdict)> = report
        .causes
        .iter()
        .map(|c| (c.cause.id.as_str(), c.verdict))
        .collect();
    assert_eq!(
        ranked,
        [
            ("crit", Verdict::Confirmed),
            ("high-two", Verdict::Confirmed), // explains two present symptoms
            ("high-one", Verdict::Confirmed),
            ("low-b", Verdict::Confirmed),
            ("undecided", Verdict::Undetermined),
            ("undecided-low", Verdict::Undetermined),
            ("ruled-out", Verdict::RuledOut),
        ]
    );
    assert_eq!(
        report.cause("high-two").map(|c| c.explains.clone()),
        Some(vec!["s-reported", "s-detected"])
    );
    assert_eq!(
        report.cause("undecided-low").map(|c| c.explains.len()),
        Some(0)
    );
}

#[test]
fn symptoms_keep_pack_order_with_status_and_ranked_causes() {
    let engine = engine(PACK);
    let report_evidence = diagnosed();
    let report = engine.diagnose(&report_evidence);
    let statuses: Vec<(&str, SymptomStatus)> = report
        .symptoms
        .iter()
        .map(|s| (s.symptom.id.as_str(), s.status))
        .collect();
    assert_eq!(
        statuses,
        [
            ("s-reported", SymptomStatus::Reported),
            ("s-detected", SymptomStatus::Detected),
            ("s-not-detected", SymptomStatus::NotDetected),
            ("s-unknown", SymptomStatus::Unknown),
        ]
    );
    let reported = report.symptom("s-reported").expect("in the report");
    let order: Vec<&str> = reported.causes.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        order,
        [
            "crit",
            "high-two",
            "high-one",
            "low-b",
            "undecided",
            "ruled-out"
        ]
    );
    assert_eq!(reported.evidence[0].fact, "context.reported.symptoms");
    let detected = report.symptom("s-detected").expect("in the report");
    assert_eq!(detected.evidence[0].test, "equals false");
    assert_eq!(
        detected.evidence[0]
            .source
            .as_ref()
            .map(|s| s.artifact.as_str()),
        Some("mac/jamfAAD.plist")
    );
    assert_eq!(report.problems.len(), 1);
}

#[test]
fn evidence_lists_the_deciding_leaves() {
    let pack = "
causes:
  - id: c
    scope: device
    severity: high
    title: { en: C }
    resolution: r
    when:
      any:
        - { fact: device.aad.have_azure_id, equals: true }
        - all:
            - { fact: device.os.version, exists: true }
            - not: { fact: graph.intune.record_count, gt: 1 }
resolutions:
  - { id: r, scope: device, title: { en: R }, steps: [] }
";
    let engine = engine(pack);
    let mut evidence = evidence();
    evidence.set("device.aad.have_azure_id", false, source("a"));
    evidence.set("graph.intune.record_count", 3_i64, source("b"));
    let report = engine.diagnose(&evidence);
    let finding = report.cause("c").expect("in the report");
    assert_eq!(finding.verdict, Verdict::RuledOut);
    let tests: Vec<(&str, &str)> = finding
        .evidence
        .iter()
        .map(|e| (e.fact.as_ref(), e.test.as_ref()))
        .collect();
    assert_eq!(
        tests,
        [
            ("device.aad.have_azure_id", "equals true"),
            ("device.os.version", "exists"),
            ("graph.intune.record_count", "> 1")
        ]
    );
}

#[test]
fn diagnosis_is_deterministic() {
    let engine = engine(PACK);
    let evidence = diagnosed();
    assert_eq!(engine.diagnose(&evidence), engine.diagnose(&evidence));
    let shared = std::sync::Arc::new(engine);
    let threads: Vec<_> = (0..2)
        .map(|_| {
            let engine = std::sync::Arc::clone(&shared);
            let evidence = evidence.clone();
            std::thread::spawn(move || engine.diagnose(&evidence).causes.len())
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().expect("no panic"), 7);
    }
}
