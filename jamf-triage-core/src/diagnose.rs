//! Building a [`Report`] from one evaluation: symptom statuses, cause verdicts with their
//! evidence and missing facts, and the ranking.

use crate::compile::program::Program;
use crate::eval::Run;
use crate::eval::explain::{deciding_tests, missing};
use crate::model::Severity;
use crate::report::{CauseFinding, EvidenceItem, MissingFact, SymptomFinding, SymptomStatus};
use crate::{Evidence, Fact, FactCatalog, FactValue, Provenance, Report, RulePack, Truth, Verdict};

/// Evaluates `program` on `evidence` and explains the outcome.
pub(crate) fn diagnose<'e>(
    pack: &'e RulePack,
    catalog: &FactCatalog,
    program: &Program,
    evidence: &Evidence,
) -> Report<'e> {
    let observed = evidence
        .observed_at
        .map(|at| Fact::new(at, Provenance::new("evidence", crate::OBSERVED_AT)));
    let run = Run::new(program, evidence, observed.as_ref());
    let cause_ids: Vec<&str> = pack
        .causes()
        .iter()
        .map(|cause| cause.id.as_str())
        .collect();

    let reported = run.fact(program.reported);
    let mut symptoms: Vec<SymptomFinding<'e>> = pack
        .symptoms()
        .iter()
        .zip(&program.symptoms)
        .map(|(symptom, detect)| {
            let is_reported = matches!(reported, Some(Fact { value: FactValue::List(ids), .. }) if ids.contains(&symptom.id));
            let (status, items) = match (is_reported, detect) {
                (true, _) => (SymptomStatus::Reported, reported.map(|fact| vec![reported_item(fact, &symptom.id)]).unwrap_or_default()),
                (false, None) => (SymptomStatus::Unknown, Vec::new()),
                (false, Some(root)) => match run.truth(*root) {
                    Truth::True => (SymptomStatus::Detected, deciding_tests(&run, *root, &cause_ids)),
                    Truth::False => (SymptomStatus::NotDetected, deciding_tests(&run, *root, &cause_ids)),
                    Truth::Unknown => (SymptomStatus::Unknown, Vec::new()),
                },
            };
            SymptomFinding { symptom, status, evidence: items, causes: Vec::new() }
        })
        .collect();

    let mut causes: Vec<CauseFinding<'e>> = Vec::with_capacity(pack.causes().len());
    for (index, cause) in pack.causes().iter().enumerate() {
        let Some(resolution) = program
            .resolutions
            .get(index)
            .and_then(|&r| pack.resolutions().get(r))
        else {
            continue;
        };
        let root = program.causes.get(index).copied().unwrap_or_default();
        let verdict = Verdict::from_truth(run.causes.get(index).copied().unwrap_or(Truth::Unknown));
        let explains = symptoms
            .iter()
            .filter(|finding| {
                finding.status.is_present() && finding.symptom.causes.contains(&cause.id)
            })
            .map(|finding| finding.symptom.id.as_str())
            .collect();
        let missing = match verdict {
            Verdict::Undetermined => missing(&run, root)
                .into_iter()
                .filter_map(|slot| program.slots.get(slot))
                .map(|slot| {
                    let spec = catalog.get(&slot.name);
                    MissingFact {
                        fact: slot.name.to_string(),
                        provider: spec.map(|spec| spec.provider.clone()).unwrap_or_default(),
                        meaning: spec.map(|spec| spec.meaning.clone()).unwrap_or_default(),
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        causes.push(CauseFinding {
            cause,
            resolution,
            verdict,
            explains,
            evidence: deciding_tests(&run, root, &cause_ids),
            missing,
        });
    }
    causes.sort_by(|a, b| rank_key(a).cmp(&rank_key(b)));

    for finding in &mut symptoms {
        let mut candidates: Vec<(usize, &'e str, Verdict)> = finding
            .symptom
            .causes
            .iter()
            .filter_map(|id| {
                let rank = causes.iter().position(|cause| cause.cause.id == *id)?;
                Some((rank, causes[rank].cause.id.as_str(), causes[rank].verdict))
            })
            .collect();
        candidates.sort_unstable();
        finding.causes = candidates
            .into_iter()
            .map(|(_, id, verdict)| (id, verdict))
            .collect();
    }

    Report {
        subject: evidence.subject.clone(),
        observed_at: evidence.observed_at,
        symptoms,
        causes,
        problems: evidence.problems().to_vec(),
    }
}

/// The rank of a cause: verdict (confirmed, undetermined, ruled out), then severity (critical
/// first), then the number of present symptoms it explains (more first), then id.
fn rank_key<'a>(
    finding: &'a CauseFinding<'_>,
) -> (
    Verdict,
    std::cmp::Reverse<Severity>,
    std::cmp::Reverse<usize>,
    &'a str,
) {
    (
        finding.verdict,
        std::cmp::Reverse(finding.cause.severity),
        std::cmp::Reverse(finding.explains.len()),
        finding.cause.id.as_str(),
    )
}

/// The evidence that a symptom was reported.
fn reported_item(fact: &Fact, id: &str) -> EvidenceItem {
    EvidenceItem {
        fact: crate::REPORTED_SYMPTOMS.to_owned(),
        test: format!("contains {id:?}"),
        outcome: Truth::True,
        value: Some(fact.value.to_string()),
        source: Some(fact.provenance.clone()),
        line: None,
    }
}
