//! Building a [`Report`] from one evaluation: symptom statuses, cause verdicts with their
//! evidence and missing facts, and the ranking.

use std::borrow::Cow;

use crate::compile::program::{NodeId, Program};
use crate::eval::Run;
use crate::eval::explain::{deciding_tests, missing as missing_slots};
use crate::model::{GenerationId, Severity, SymptomDef};
use crate::report::{
    CauseFinding, Check, CheckOp, EvidenceItem, GenerationPresence, Integration, MissingFact,
    NotApplicable, SymptomFinding, SymptomStatus, TenantGeneration, TestedValue,
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
    let mut run = Run::new(program, evidence, observed, false);
    let (symptoms, causes) = run.outcome(pack.symptoms());
    Verdicts::new(pack, symptoms, causes)
}

/// Evaluates `program` on `own` over `base` (its facts replace `base`'s of the same name; its
/// `observed_at` is the "now"): the verdicts alone.
pub(crate) fn evaluate_over<'e>(
    pack: &'e RulePack,
    program: &Program,
    base: &Evidence,
    own: &Evidence,
) -> Verdicts<'e> {
    let observed = observed_fact(own, false);
    let mut run = Run::layered(program, &[base, own], observed, false);
    let (symptoms, causes) = run.outcome(pack.symptoms());
    Verdicts::new(pack, symptoms, causes)
}

/// Evaluates `program` on `evidence` and explains the outcome.
pub(crate) fn diagnose<'e>(
    pack: &'e RulePack,
    catalog: &'e FactCatalog,
    program: &'e Program,
    evidence: &'e Evidence,
) -> Report<'e> {
    let observed = observed_fact(evidence, true);
    let mut run = Run::new(program, evidence, observed, true);
    let (statuses, verdicts) = run.outcome(pack.symptoms());
    let verdicts = Verdicts::new(pack, statuses, verdicts);
    let mut explainer = Explainer {
        pack,
        catalog,
        program,
        run: &run,
        tenant: TenantGeneration::Unknown,
    };
    let integration = explainer.integration();
    if let Some(integration) = &integration {
        explainer.tenant = integration.generation;
    }
    let mut symptoms: Vec<SymptomFinding<'e>> = verdicts
        .symptoms()
        .zip(&program.symptoms)
        .enumerate()
        .map(|(index, ((symptom, status), detect))| {
            explainer.symptom(index, symptom, status, *detect)
        })
        .collect();
    // Each finding with its cause index, so that symptoms name their candidates by index.
    let mut causes: Vec<(usize, CauseFinding<'e>)> = (0..pack.causes().len())
        .filter_map(|index| {
            let finding = explainer.cause(index, verdicts.verdict_at(index)?, &symptoms)?;
            Some((index, finding))
        })
        .collect();
    causes.sort_by(|a, b| rank_key(&a.1).cmp(&rank_key(&b.1)));
    for (finding, candidates) in symptoms.iter_mut().zip(&program.symptom_causes) {
        finding.causes = ranked_candidates(candidates, &causes);
    }
    let causes = causes.into_iter().map(|(_, finding)| finding).collect();
    Report {
        subject: evidence.subject.clone(),
        observed_at: evidence.observed_at,
        integration,
        symptoms,
        causes,
        problems: evidence.problems().to_vec(),
    }
}

/// What an explanation needs: the pack, the catalog, the program and its evaluation (the
/// explanations borrow from all of them, and from the evidence).
struct Explainer<'e, 'r> {
    pack: &'e RulePack,
    catalog: &'e FactCatalog,
    program: &'e Program,
    run: &'r Run<'e, 'e>,
    /// The generation the report names (for not-applicable entries).
    tenant: TenantGeneration,
}

impl<'e> Explainer<'e, '_> {
    /// Which integration the tenant runs, when the pack defines generations.
    fn integration(&self) -> Option<Integration<'e>> {
        let defs = self.pack.generations();
        if defs.is_empty() {
            return None;
        }
        let presence = |id: GenerationId| {
            defs.iter()
                .position(|def| def.id == id)
                .map_or(Truth::Unknown, |index| self.run.generation(index))
        };
        let generation = TenantGeneration::from_presence(
            presence(GenerationId::DeviceCompliance),
            presence(GenerationId::Legacy),
        );
        // What decided it: the present generations' tests when one is present, else the tests
        // of the generations known absent.
        let shown = match generation {
            TenantGeneration::DeviceCompliance
            | TenantGeneration::Legacy
            | TenantGeneration::Both => Truth::True,
            TenantGeneration::None | TenantGeneration::Unknown => Truth::False,
        };
        let mut evidence = Vec::new();
        let mut missing = Vec::new();
        let mut generations = Vec::with_capacity(defs.len());
        for (index, def) in defs.iter().enumerate() {
            let present = self.run.generation(index);
            let Some(&root) = self.program.generations.get(index) else {
                continue;
            };
            if present == shown {
                evidence.extend(self.tests(root));
            }
            if present == Truth::Unknown {
                add_missing(&mut missing, missing_slots(self.run, root));
            }
            generations.push(GenerationPresence {
                generation: def,
                present,
            });
        }
        Some(Integration {
            generation,
            generations,
            evidence,
            missing: self.facts(missing),
        })
    }

    /// The not-applicable marker of an entry with these `applies_to` indices and ids, when it
    /// does not apply.
    fn not_applicable(
        &self,
        applies: Option<&Option<Vec<usize>>>,
        ids: Option<&Vec<GenerationId>>,
    ) -> Option<NotApplicable> {
        (self.run.applicable(applies) == Truth::False).then(|| NotApplicable {
            generation: self.tenant,
            applies_to: ids.cloned().unwrap_or_default(),
        })
    }

    /// The slots of the missing facts that leave the applicability of an entry unknown.
    fn applicability_missing(&self, applies: Option<&Option<Vec<usize>>>) -> Vec<usize> {
        let mut missing = Vec::new();
        if self.run.applicable(applies) != Truth::Unknown {
            return missing;
        }
        for &index in applies
            .and_then(Option::as_ref)
            .map_or(&[][..], Vec::as_slice)
        {
            if self.run.generation(index) == Truth::Unknown {
                if let Some(&root) = self.program.generations.get(index) {
                    add_missing(&mut missing, missing_slots(self.run, root));
                }
            }
        }
        missing
    }

    /// What decided a symptom's status: the report of it, its applicability, or its detection
    /// condition.
    fn symptom(
        &self,
        index: usize,
        symptom: &'e SymptomDef,
        status: SymptomStatus,
        detect: Option<NodeId>,
    ) -> SymptomFinding<'e> {
        let applies = self.program.symptom_applies.get(index);
        let not_applicable = match status {
            SymptomStatus::NotDetected => self.not_applicable(applies, symptom.applies_to.as_ref()),
            _ => None,
        };
        if not_applicable.is_some() {
            return SymptomFinding {
                symptom,
                status,
                evidence: Vec::new(),
                causes: Vec::new(),
                not_applicable,
            };
        }
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
            not_applicable,
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
            .zip(&self.program.symptom_causes)
            .filter(|(finding, candidates)| {
                finding.status.is_present() && candidates.contains(&index)
            })
            .map(|(finding, _)| finding.symptom.id.as_str())
            .collect();
        let applies = self.program.cause_applies.get(index);
        let not_applicable = self.not_applicable(applies, cause.applies_to.as_ref());
        let missing = match verdict {
            Verdict::Undetermined => {
                let mut missing = self.applicability_missing(applies);
                add_missing(&mut missing, missing_slots(self.run, root));
                self.facts(missing)
            }
            Verdict::Confirmed | Verdict::RuledOut => Vec::new(),
        };
        let evidence = if not_applicable.is_some() {
            Vec::new()
        } else {
            self.tests(root)
        };
        Some(CauseFinding {
            cause,
            resolution,
            verdict,
            explains,
            evidence,
            missing,
            not_applicable,
        })
    }

    fn tests(&self, root: NodeId) -> Vec<EvidenceItem<'e>> {
        deciding_tests(self.run, root, self.pack)
    }

    /// The missing facts of these slots, with who provides them.
    fn facts(&self, slots: Vec<usize>) -> Vec<MissingFact<'e>> {
        let program = self.program;
        let catalog = self.catalog;
        slots
            .into_iter()
            .filter_map(|slot| program.slots.get(slot))
            .map(|slot| {
                let spec = catalog.get(&slot.name);
                MissingFact {
                    fact: Cow::Borrowed(&*slot.name),
                    provider: Cow::Borrowed(spec.map_or("", |spec| spec.provider.as_str())),
                    meaning: Cow::Borrowed(spec.map_or("", |spec| spec.meaning.as_str())),
                }
            })
            .collect()
    }
}

/// Adds the slots of `more` that `missing` does not hold yet (one slot per fact name).
fn add_missing(missing: &mut Vec<usize>, more: Vec<usize>) {
    for slot in more {
        if !missing.contains(&slot) {
            missing.push(slot);
        }
    }
}

/// A symptom's candidate causes (cause indices) with their verdicts, in the order of `ranked`.
fn ranked_candidates<'e>(
    candidates: &[usize],
    ranked: &[(usize, CauseFinding<'e>)],
) -> Vec<(&'e str, Verdict)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    ranked
        .iter()
        .filter(|(index, _)| candidates.contains(index))
        .map(|(_, finding)| (finding.cause.id.as_str(), finding.verdict))
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
fn reported_item<'e>(fact: &'e Fact, id: &str) -> EvidenceItem<'e> {
    EvidenceItem {
        fact: Cow::Borrowed(crate::REPORTED_SYMPTOMS.name()),
        test: Cow::Owned(format!("contains \"{id}\"")),
        check: Cow::Owned(Check::new(CheckOp::Contains, format!("\"{id}\""))),
        outcome: Truth::True,
        value: Some(TestedValue::Fact(Cow::Borrowed(&fact.value))),
        source: Some(Cow::Borrowed(&fact.provenance)),
        line: None,
    }
}
