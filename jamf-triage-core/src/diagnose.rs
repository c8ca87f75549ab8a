//! Building a [`Report`] from one evaluation: symptom statuses, cause verdicts with their
//! evidence and missing facts, and the ranking.

use crate::compile::program::{NodeId, Program};
use crate::eval::Run;
use crate::eval::explain::{deciding_tests, missing};
use crate::model::{Severity, SymptomDef};
use crate::report::{
    CauseFinding, Check, CheckOp, EvidenceItem, MissingFact, SymptomFinding, SymptomStatus,
};
use crate::{Evidence, Fact, FactCatalog, Provenance, Report, RulePack, Truth, Verdict, Verdicts};

/// The evidence's `observed_at` as the fact of the built-in slot `observed_at`, with its
/// provenance only when it will be shown (`explain`): evaluation alone allocates nothing here.
pub(crate) fn observed_fact(evidence: &Evidence, explain: bool) -> Option<Fact> {
    evidence.observed_at.map(|at| {
        let provenance = if explain {
            Provenance::new("evidence", crate::OBSERVED_AT)
        } else {
            Provenance::default()
        };
        Fact::new(at, provenance)
    })
}

/// Evaluates `program` on `evidence`: the verdicts alone, nothing explained.
pub(crate) fn evaluate<'e>(
    pack: &'e RulePack,
    program: &Program,
    evidence: &Evidence,
) -> Verdicts<'e> {
    let observed = observed_fact(evidence, false);
    let mut run = Run::new(program, evidence, observed.as_ref(), false);
    let (symptoms, causes) = run.outcome(pack.symptoms());
    Verdicts::new(pack, symptoms, causes)
}

/// Evaluates `program` on `evidence` and explains the outcome.
pub(crate) fn diagnose<'e>(
    pack: &'e RulePack,
    catalog: &FactCatalog,
    program: &Program,
    evidence: &Evidence,
) -> Report<'e> {
    let observed = observed_fact(evidence, true);
    let mut run = Run::new(program, evidence, observed.as_ref(), true);
    let (statuses, verdicts) = run.outcome(pack.symptoms());
    let verdicts = Verdicts::new(pack, statuses, verdicts);
    let explainer = Explainer {
        pack,
        catalog,
        program,
        run: &run,
    };
    let mut symptoms: Vec<SymptomFinding<'e>> = verdicts
        .symptoms()
        .zip(&program.symptoms)
        .map(|((symptom, status), detect)| explainer.symptom(symptom, status, *detect))
        .collect();
    let mut causes: Vec<CauseFinding<'e>> = (0..pack.causes().len())
        .filter_map(|index| explainer.cause(index, verdicts.verdict_at(index)?, &symptoms))
        .collect();
    causes.sort_by(|a, b| rank_key(a).cmp(&rank_key(b)));
    for finding in &mut symptoms {
        finding.causes = ranked_candidates(finding.symptom, &causes);
    }
    Report {
        subject: evidence.subject.clone(),
        observed_at: evidence.observed_at,
        symptoms,
        causes,
        problems: evidence.problems().to_vec(),
    }
}

/// What an explanation needs: the pack, the catalog, the program and its evaluation.
struct Explainer<'e, 'r> {
    pack: &'e RulePack,
    catalog: &'r FactCatalog,
    program: &'r Program,
    run: &'r Run<'r, 'r>,
}

impl<'e> Explainer<'e, '_> {
    /// What decided a symptom's status: the report of it, or its detection condition.
    fn symptom(
        &self,
        symptom: &'e SymptomDef,
        status: SymptomStatus,
        detect: Option<NodeId>,
    ) -> SymptomFinding<'e> {
        let evidence = match (status, detect) {
            (SymptomStatus::Reported, _) => self
                .run
                .reported(&symptom.id)
                .map(|fact| vec![reported_item(fact, &symptom.id)])
                .unwrap_or_default(),
            (SymptomStatus::Detected | SymptomStatus::NotDetected, Some(root)) => self.tests(root),
            _ => Vec::new(),
        };
        SymptomFinding {
            symptom,
            status,
            evidence,
            causes: Vec::new(),
        }
    }

    /// Cause number `index`, of verdict `verdict`: the present symptoms it explains, the tests
    /// that decided it, and what is missing when undetermined.
    fn cause(
        &self,
        index: usize,
        verdict: Verdict,
        symptoms: &[SymptomFinding<'e>],
    ) -> Option<CauseFinding<'e>> {
        let cause = self.pack.causes().get(index)?;
        let resolution = self
            .pack
            .resolutions()
            .get(*self.program.resolutions.get(index)?)?;
        let root = *self.program.causes.get(index)?;
        let explains = symptoms
            .iter()
            .filter(|finding| finding.status.is_present())
            .filter(|finding| finding.symptom.causes.contains(&cause.id))
            .map(|finding| finding.symptom.id.as_str())
            .collect();
        let missing = match verdict {
            Verdict::Undetermined => self.missing(root),
            Verdict::Confirmed | Verdict::RuledOut => Vec::new(),
        };
        let evidence = self.tests(root);
        Some(CauseFinding {
            cause,
            resolution,
            verdict,
            explains,
            evidence,
            missing,
        })
    }

    fn tests(&self, root: NodeId) -> Vec<EvidenceItem> {
        deciding_tests(self.run, root, self.pack)
    }

    /// The missing facts that left node `root` unknown, with who provides them.
    fn missing(&self, root: NodeId) -> Vec<MissingFact> {
        missing(self.run, root)
            .into_iter()
            .filter_map(|slot| self.program.slots.get(slot))
            .map(|slot| {
                let spec = self.catalog.get(&slot.name);
                MissingFact {
                    fact: slot.name.to_string(),
                    provider: spec.map(|spec| spec.provider.clone()).unwrap_or_default(),
                    meaning: spec.map(|spec| spec.meaning.clone()).unwrap_or_default(),
                }
            })
            .collect()
    }
}

/// A symptom's candidate causes with their verdicts, in the order of `ranked`.
fn ranked_candidates<'e>(
    symptom: &SymptomDef,
    ranked: &[CauseFinding<'e>],
) -> Vec<(&'e str, Verdict)> {
    ranked
        .iter()
        .filter(|finding| symptom.causes.contains(&finding.cause.id))
        .map(|finding| (finding.cause.id.as_str(), finding.verdict))
        .collect()
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
        fact: crate::REPORTED_SYMPTOMS.name().to_owned(),
        test: format!("contains \"{id}\""),
        check: Check::new(CheckOp::Contains, format!("\"{id}\"")),
        outcome: Truth::True,
        value: Some(fact.value.to_string()),
        source: Some(fact.provenance.clone()),
        line: None,
    }
}
