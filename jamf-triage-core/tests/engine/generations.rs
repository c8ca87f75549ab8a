//! `generations` and `applies_to`: which integration the tenant runs, and entries ruled out as
//! not applicable. The pack is `tests/data/generations/pack.yaml`; every combination of the two
//! generations' presence (true, false, unknown) and of the causes' own condition is evaluated,
//! by `diagnose` and by `evaluate`.

use jamf_triage_core::model::GenerationId;
use jamf_triage_core::report::{NotApplicable, SymptomStatus, TenantGeneration};
use jamf_triage_core::{Engine, Evidence, Truth, Verdict};

use crate::common::{engine, evidence, source};

const PACK: &str = include_str!("../data/generations/pack.yaml");

const ONBOARDED: &str = "graph.compliance_partner.macos_onboarded";
const CONFIGURED: &str = "graph.partner.configured";
const OWN: &str = "device.aad.have_azure_id";

/// Evidence where each fact is true, false, or missing (unknown).
fn facts(device_compliance: Truth, legacy: Truth, own: Truth) -> Evidence {
    let mut builder = Evidence::builder();
    for (name, truth) in [
        (ONBOARDED, device_compliance),
        (CONFIGURED, legacy),
        (OWN, own),
    ] {
        match truth {
            Truth::True => builder = builder.fact(name, true, source(name)),
            Truth::False => builder = builder.fact(name, false, source(name)),
            Truth::Unknown => {}
        }
    }
    let mut evidence = builder.build();
    evidence.observed_at = crate::common::evidence().observed_at;
    evidence
}

const TRUTHS: [Truth; 3] = [Truth::True, Truth::False, Truth::Unknown];

/// The applicability of each cause of the pack, from the two generations' presence.
fn applicable(id: &str, device_compliance: Truth, legacy: Truth) -> Truth {
    match id {
        "legacy-only" => legacy,
        "dc-only" => device_compliance,
        "either" => device_compliance.or(legacy),
        _ => Truth::True,
    }
}

#[test]
fn every_combination_gives_applicable_and_condition() {
    let engine = engine(PACK);
    for device_compliance in TRUTHS {
        for legacy in TRUTHS {
            for own in TRUTHS {
                let evidence = facts(device_compliance, legacy, own);
                let report = engine.diagnose(&evidence);
                let verdicts = engine.evaluate(&evidence);
                let tenant = TenantGeneration::from_presence(device_compliance, legacy);
                let case = format!("dc {device_compliance:?}, legacy {legacy:?}, own {own:?}");
                let integration = report
                    .integration
                    .as_ref()
                    .expect("the pack has generations");
                assert_eq!(integration.generation, tenant, "{case}");
                for id in ["legacy-only", "dc-only", "either", "everywhere"] {
                    let applies = applicable(id, device_compliance, legacy);
                    let expected = Verdict::from_truth(applies.and(own));
                    let finding = report.cause(id).expect("in the pack");
                    assert_eq!(finding.verdict, expected, "{id}: {case}");
                    assert_eq!(verdicts.cause(id), Some(expected), "{id}, evaluate: {case}");
                    assert_eq!(
                        finding.not_applicable.is_some(),
                        applies == Truth::False,
                        "{id}: {case}"
                    );
                    if let Some(not_applicable) = &finding.not_applicable {
                        assert_eq!(not_applicable.generation, tenant, "{id}: {case}");
                        assert!(finding.evidence.is_empty(), "{id}: {case}");
                    }
                    if expected == Verdict::Undetermined {
                        let missing: Vec<&str> =
                            finding.missing.iter().map(|m| m.fact.as_ref()).collect();
                        assert_eq!(
                            missing.contains(&OWN),
                            own == Truth::Unknown,
                            "{id}: {case}: {missing:?}"
                        );
                        if applies == Truth::Unknown {
                            // The facts of its generations whose presence is unknown.
                            let mut decides = Vec::new();
                            if id != "legacy-only" && device_compliance == Truth::Unknown {
                                decides.push(ONBOARDED);
                            }
                            if id != "dc-only" && legacy == Truth::Unknown {
                                decides.push(CONFIGURED);
                            }
                            for fact in decides {
                                assert!(missing.contains(&fact), "{id}: {case}: {missing:?}");
                            }
                        }
                    }
                }
                // `cause:` tests the verdict, applicability included.
                let expected = Verdict::from_truth(legacy.and(own));
                assert_eq!(verdicts.cause("after-legacy"), Some(expected), "{case}");
                assert_eq!(
                    report.cause("after-legacy").map(|c| c.verdict),
                    Some(expected)
                );
                // Symptoms: applicable AND detect; no detect is unknown unless not applicable.
                for (id, detect) in [
                    ("compliant-in-intune-not-in-entra", own),
                    ("legacy-reported-only", Truth::Unknown),
                ] {
                    let status = match legacy.and(detect) {
                        Truth::True => SymptomStatus::Detected,
                        Truth::False => SymptomStatus::NotDetected,
                        Truth::Unknown => SymptomStatus::Unknown,
                    };
                    let finding = report.symptom(id).expect("in the pack");
                    assert_eq!(finding.status, status, "{id}: {case}");
                    assert_eq!(verdicts.symptom(id), Some(status), "{id}, evaluate: {case}");
                    assert_eq!(finding.not_applicable.is_some(), legacy == Truth::False);
                }
            }
        }
    }
}

#[test]
fn a_device_compliance_tenant_rules_legacy_causes_out_as_not_applicable() {
    let engine = engine(PACK);
    let report_evidence = facts(Truth::True, Truth::False, Truth::True);
    let report = engine.diagnose(&report_evidence);
    let integration = report.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::DeviceCompliance);
    let decided: Vec<&str> = integration
        .evidence
        .iter()
        .map(|e| e.fact.as_ref())
        .collect();
    assert_eq!(decided, [ONBOARDED]);
    assert_eq!(integration.evidence[0].outcome, Truth::True);
    assert!(integration.missing.is_empty());
    let presence: Vec<(GenerationId, Truth)> = integration
        .generations
        .iter()
        .map(|p| (p.generation.id, p.present))
        .collect();
    assert_eq!(
        presence,
        [
            (GenerationId::DeviceCompliance, Truth::True),
            (GenerationId::Legacy, Truth::False)
        ]
    );
    let legacy = report.cause("legacy-only").expect("cause");
    assert_eq!(legacy.verdict, Verdict::RuledOut);
    assert_eq!(
        legacy.not_applicable,
        Some(NotApplicable {
            generation: TenantGeneration::DeviceCompliance,
            applies_to: vec![GenerationId::Legacy],
        })
    );
    for id in ["dc-only", "either", "everywhere"] {
        let finding = report.cause(id).expect("cause");
        assert_eq!(finding.verdict, Verdict::Confirmed, "{id}");
        assert!(finding.not_applicable.is_none(), "{id}");
        assert_eq!(finding.evidence[0].fact, OWN, "{id}");
    }
}

#[test]
fn a_legacy_tenant_rules_device_compliance_causes_out() {
    let report_engine = engine(PACK);
    let report_evidence = facts(Truth::False, Truth::True, Truth::True);
    let report = report_engine.diagnose(&report_evidence);
    let integration = report.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::Legacy);
    let decided: Vec<&str> = integration
        .evidence
        .iter()
        .map(|e| e.fact.as_ref())
        .collect();
    assert_eq!(decided, [CONFIGURED]);
    let dc = report.cause("dc-only").expect("cause");
    assert_eq!(dc.verdict, Verdict::RuledOut);
    assert_eq!(
        dc.not_applicable.as_ref().map(|n| n.generation),
        Some(TenantGeneration::Legacy)
    );
    assert_eq!(
        report.cause("legacy-only").map(|c| c.verdict),
        Some(Verdict::Confirmed)
    );
}

#[test]
fn both_none_and_unknown() {
    let engine = engine(PACK);
    let both_evidence = facts(Truth::True, Truth::True, Truth::True);
    let both = engine.diagnose(&both_evidence);
    let integration = both.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::Both);
    let decided: Vec<&str> = integration
        .evidence
        .iter()
        .map(|e| e.fact.as_ref())
        .collect();
    assert_eq!(decided, [ONBOARDED, CONFIGURED]);
    assert!(both.causes.iter().all(|c| c.verdict == Verdict::Confirmed));

    let none_evidence = facts(Truth::False, Truth::False, Truth::True);
    let none = engine.diagnose(&none_evidence);
    let integration = none.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::None);
    // The tests that showed both absent.
    assert_eq!(integration.evidence.len(), 2);
    assert!(
        integration
            .evidence
            .iter()
            .all(|e| e.outcome == Truth::False)
    );
    let either = none.cause("either").expect("cause");
    assert_eq!(
        either.not_applicable,
        Some(NotApplicable {
            generation: TenantGeneration::None,
            applies_to: vec![GenerationId::DeviceCompliance, GenerationId::Legacy],
        })
    );
    assert_eq!(
        none.cause("everywhere").map(|c| c.verdict),
        Some(Verdict::Confirmed)
    );

    let unknown_evidence = facts(Truth::Unknown, Truth::Unknown, Truth::True);
    let unknown = engine.diagnose(&unknown_evidence);
    let integration = unknown.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::Unknown);
    assert!(integration.evidence.is_empty());
    let missing: Vec<&str> = integration
        .missing
        .iter()
        .map(|m| m.fact.as_ref())
        .collect();
    assert_eq!(missing, [ONBOARDED, CONFIGURED]);
    let legacy = unknown.cause("legacy-only").expect("cause");
    assert_eq!(legacy.verdict, Verdict::Undetermined);
    assert!(legacy.not_applicable.is_none());
    // Its own condition is true: only the generation is missing.
    let missing: Vec<&str> = legacy.missing.iter().map(|m| m.fact.as_ref()).collect();
    assert_eq!(missing, [CONFIGURED]);
    // Unknown generation, own condition false: ruled out by the condition, not as not applicable.
    let ruled_evidence = facts(Truth::Unknown, Truth::Unknown, Truth::False);
    let ruled = engine.diagnose(&ruled_evidence);
    let legacy = ruled.cause("legacy-only").expect("cause");
    assert_eq!(legacy.verdict, Verdict::RuledOut);
    assert!(legacy.not_applicable.is_none());
    assert_eq!(legacy.evidence[0].fact, OWN);
}

#[test]
fn a_present_generation_is_named_while_the_other_is_unknown() {
    let engine = engine(PACK);
    let report_evidence = facts(Truth::True, Truth::Unknown, Truth::True);
    let report = engine.diagnose(&report_evidence);
    let integration = report.integration.as_ref().expect("generations");
    assert_eq!(integration.generation, TenantGeneration::DeviceCompliance);
    let missing: Vec<&str> = integration
        .missing
        .iter()
        .map(|m| m.fact.as_ref())
        .collect();
    assert_eq!(missing, [CONFIGURED]);
    assert_eq!(
        report.cause("legacy-only").map(|c| c.verdict),
        Some(Verdict::Undetermined)
    );
}

#[test]
fn a_pack_without_generations_reports_no_integration() {
    let engine: Engine =
        crate::common::one_cause("{ fact: device.aad.have_azure_id, equals: true }", "");
    let report_evidence = evidence();
    let report = engine.diagnose(&report_evidence);
    assert!(report.integration.is_none());
    assert!(engine.pack().generations().is_empty());
}

#[test]
fn generations_may_be_in_another_file_than_the_entries_naming_them() {
    use jamf_triage_core::{RulePack, RuleSource};
    let (generations, rest) = PACK.split_at(PACK.find("symptoms:").expect("symptoms"));
    let pack = RulePack::load(&[
        RuleSource::new("rules/entries.yaml", rest),
        RuleSource::new("rules/integration.yaml", generations),
    ])
    .expect("valid across files");
    let engine = Engine::compile(pack, &crate::common::catalog()).expect("compiles");
    let report_evidence = facts(Truth::True, Truth::False, Truth::True);
    let report = engine.diagnose(&report_evidence);
    assert_eq!(
        report
            .cause("legacy-only")
            .and_then(|c| c.not_applicable.as_ref())
            .map(|n| n.generation),
        Some(TenantGeneration::DeviceCompliance)
    );
}
