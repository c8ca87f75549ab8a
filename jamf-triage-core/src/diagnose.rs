//! Building a [`Report`] from one evaluation: symptom statuses, cause verdicts with their
//! evidence and missing facts, and the ranking.

use std::borrow::Cow;

use crate::FactSpec;
use crate::compile::program::{NodeId, Program};
use crate::eval::Run;
use crate::eval::explain::{deciding_tests, missing as missing_slots};
use crate::model::{GenerationId, Severity, SymptomDef};
use crate::report::{
    CauseFinding, Check, CheckOp, EvidenceItem, GenerationPresence, Integration, MissingFact,
    NotApplicable, SymptomFinding, SymptomStatus, TenantGeneration, TestedValue,
};
use crate::{Evidence, Fact, FactCatalog, Provenance, Report, RulePack, Truth, Verdict, Verdicts};

/// What reports read of the pack and the catalog besides the program, worked out once when the
/// engine is compiled, so that a diagnosis looks nothing up by name.
#[derive(Debug, Clone)]
pub(crate) struct ReportTables {
    /// The catalog's specification of each slot's fact (who provides a missing fact, what it
    /// means).
    specs: Vec<Option<FactSpec>>,
    /// Each cause's place among the pack's causes sorted by id: the last key of the ranking.
    id_rank: Vec<usize>,
    /// Each cause's name as the fact of a `cause:` test (`cause:<id>`).
    cause_facts: Vec<String>,
    /// The check of a `cause:` test that gave each verdict (confirmed, undetermined, ruled out).
    verdict_checks: [Check; 3],
}

impl ReportTables {
    /// The tables of `program`, compiled from `pack` against `catalog`.
    pub(crate) fn new(pack: &RulePack, catalog: &FactCatalog, program: &Program) -> Self {
        let specs = program
            .slots
            .iter()
            .map(|slot| catalog.get(&slot.name).cloned())
            .collect();
        let causes = pack.causes();
        let mut by_id: Vec<usize> = (0..causes.len()).collect();
        by_id.sort_by_key(|&index| causes.get(index).map(|cause| cause.id.as_str()));
        let mut id_rank = vec![0; causes.len()];
        for (rank, index) in by_id.into_iter().enumerate() {
            if let Some(slot) = id_rank.get_mut(index) {
                *slot = rank;
            }
        }
        let cause_facts = causes
            .iter()
            .map(|cause| format!("cause:{}", cause.id))
            .collect();
        let verdict_checks = [Verdict::Confirmed, Verdict::Undetermined, Verdict::RuledOut]
            .map(|verdict| Check::new(CheckOp::CauseConfirmed, verdict.name()));
        ReportTables {
            specs,
            id_rank,
            cause_facts,
            verdict_checks,
        }
    }

    /// The fact of a `cause:` test on cause number `index` (`cause:<id>`).
    pub(crate) fn cause_fact(&self, index: usize) -> &str {
        self.cause_facts.get(index).map_or("cause:", String::as_str)
    }

    /// The check of a `cause:` test that gave `verdict`.
    pub(crate) fn verdict_check(&self, verdict: Verdict) -> &Check {
        let [confirmed, undetermined, ruled_out] = &self.verdict_checks;
        match verdict {
            Verdict::Confirmed => confirmed,
            Verdict::Undetermined => undetermined,
            Verdict::RuledOut => ruled_out,
        }
    }
}

/// The evidence's `observed_at` as the fact of the built-in slot `observed_at`, without a
/// provenance: evaluation allocates nothing here, and an explanation that shows it names its
/// source itself.
pub(crate) fn observed_fact(evidence: &Evidence) -> Option<Fact> {
    evidence
        .observed_at
        .map(|at| Fact::new(at, Provenance::default()))
}

/// Evaluates `program` on `evidence`: the verdicts alone, nothing explained.
pub(crate) fn evaluate<'e>(
    pack: &'e RulePack,
    program: &Program,
    evidence: &Evidence,
) -> Verdicts<'e> {
    let observed = observed_fact(evidence);
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
    let observed = observed_fact(own);
    let mut run = Run::layered(program, &[base, own], observed, false);
    let (symptoms, causes) = run.outcome(pack.symptoms());
    Verdicts::new(pack, symptoms, causes)
}

/// Evaluates `program` on `evidence` and explains the outcome.
pub(crate) fn diagnose<'e>(
    pack: &'e RulePack,
    tables: &'e ReportTables,
    program: &'e Program,
    evidence: &'e Evidence,
) -> Report<'e> {
    let observed = observed_fact(evidence);
    let mut run = Run::new(program, evidence, observed, true);
    let (statuses, verdicts) = run.outcome(pack.symptoms());
    let verdicts = Verdicts::new(pack, statuses, verdicts);
    let mut explainer = Explainer {
        pack,
        tables,
        program,
        run: &run,
        tenant: TenantGeneration::Unknown,
        nodes: Vec::new(),
        slots: Vec::new(),
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
    // Each cause's finding, in pack order, and its rank key.
    let count = pack.causes().len();
    let mut findings: Vec<Option<CauseFinding<'e>>> = Vec::with_capacity(count);
    let mut ranking = Vec::with_capacity(count);
    for index in 0..count {
        let finding = verdicts
            .verdict_at(index)
            .and_then(|verdict| explainer.cause(index, verdict, &symptoms));
        if let Some(finding) = &finding {
            ranking.push((rank_key(tables, index, finding), index));
        }
        findings.push(finding);
    }
    // The keys are unique (the id ranks are): an unstable sort gives the one order.
    ranking.sort_unstable();
    // Each cause's place in the ranking, to order each symptom's candidates.
    let mut places = vec![usize::MAX; count];
    for (place, (_, index)) in ranking.iter().enumerate() {
        if let Some(slot) = places.get_mut(*index) {
            *slot = place;
        }
    }
    let mut order = Vec::new();
    for (finding, candidates) in symptoms.iter_mut().zip(&program.symptom_causes) {
        finding.causes = ranked_candidates(candidates, &places, &findings, &mut order);
    }
    let causes = ranking
        .iter()
        .filter_map(|(_, index)| findings.get_mut(*index).and_then(Option::take))
        .collect();
    Report {
        subject: evidence.subject.clone(),
        observed_at: evidence.observed_at,
        integration,
        symptoms,
        causes,
        problems: evidence.problems().to_vec(),
    }
}

/// What an explanation needs: the pack, the report tables, the program and its evaluation (the
/// explanations borrow from all of them, and from the evidence).
struct Explainer<'e, 'r> {
    pack: &'e RulePack,
    tables: &'e ReportTables,
    program: &'e Program,
    run: &'r Run<'e, 'e>,
    /// The generation the report names (for not-applicable entries).
    tenant: TenantGeneration,
    /// Scratch space for the nodes that explain a condition, reused from one to the next.
    nodes: Vec<(NodeId, Truth)>,
    /// Scratch space for the slots of missing facts, reused from one finding to the next.
    slots: Vec<usize>,
}

impl<'e> Explainer<'e, '_> {
    /// Which integration the tenant runs, when the pack defines generations.
    fn integration(&mut self) -> Option<Integration<'e>> {
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
        let mut missing = std::mem::take(&mut self.slots);
        missing.clear();
        let mut generations = Vec::with_capacity(defs.len());
        for (index, def) in defs.iter().enumerate() {
            let present = self.run.generation(index);
            let Some(&root) = self.program.generations.get(index) else {
                continue;
            };
            if present == shown {
                self.add_tests(root, &mut evidence);
            }
            if present == Truth::Unknown {
                missing_slots(self.run, root, &mut missing);
            }
            generations.push(GenerationPresence {
                generation: def,
                present,
            });
        }
        let missing_facts = self.facts(&missing);
        self.slots = missing;
        Some(Integration {
            generation,
            generations,
            evidence,
            missing: missing_facts,
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

    /// Adds to `missing` the slots of the missing facts that leave the applicability of an
    /// entry unknown.
    fn applicability_missing(
        &self,
        applies: Option<&Option<Vec<usize>>>,
        missing: &mut Vec<usize>,
    ) {
        if self.run.applicable(applies) != Truth::Unknown {
            return;
        }
        for &index in applies
            .and_then(Option::as_ref)
            .map_or(&[][..], Vec::as_slice)
        {
            if self.run.generation(index) == Truth::Unknown {
                if let Some(&root) = self.program.generations.get(index) {
                    missing_slots(self.run, root, missing);
                }
            }
        }
    }

    /// What decided a symptom's status: the report of it, its applicability, or its detection
    /// condition.
    fn symptom(
        &mut self,
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
        &mut self,
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
                let mut missing = std::mem::take(&mut self.slots);
                missing.clear();
                self.applicability_missing(applies, &mut missing);
                missing_slots(self.run, root, &mut missing);
                let facts = self.facts(&missing);
                self.slots = missing;
                facts
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

    /// The tests that decided node `root`.
    fn tests(&mut self, root: NodeId) -> Vec<EvidenceItem<'e>> {
        let mut items = Vec::new();
        self.add_tests(root, &mut items);
        items
    }

    /// Appends to `items` the tests that decided node `root`.
    fn add_tests(&mut self, root: NodeId, items: &mut Vec<EvidenceItem<'e>>) {
        deciding_tests(self.run, root, self.tables, &mut self.nodes, items);
    }

    /// The missing facts of these slots, with who provides them.
    fn facts(&self, slots: &[usize]) -> Vec<MissingFact<'e>> {
        let program = self.program;
        let specs = &self.tables.specs;
        let mut facts = Vec::with_capacity(slots.len());
        for &slot in slots {
            let Some(name) = program.slots.get(slot).map(|slot| &*slot.name) else {
                continue;
            };
            let spec = specs.get(slot).and_then(Option::as_ref);
            facts.push(MissingFact {
                fact: Cow::Borrowed(name),
                provider: Cow::Borrowed(spec.map_or("", |spec| spec.provider.as_str())),
                meaning: Cow::Borrowed(spec.map_or("", |spec| spec.meaning.as_str())),
            });
        }
        facts
    }
}

/// A symptom's candidate causes (cause indices) with their verdicts, in the order of their
/// `places` in the ranking (`findings` in pack order). `order` is scratch space, reused.
fn ranked_candidates<'e>(
    candidates: &[usize],
    places: &[usize],
    findings: &[Option<CauseFinding<'e>>],
    order: &mut Vec<(usize, usize)>,
) -> Vec<(&'e str, Verdict)> {
    if candidates.is_empty() {
        return Vec::new();
    }
    order.clear();
    order.extend(
        candidates
            .iter()
            .filter_map(|&index| Some((*places.get(index)?, index)))
            .filter(|&(place, _)| place != usize::MAX),
    );
    order.sort_unstable();
    order.dedup();
    // Sized first: a collect through `filter_map` would start small and grow.
    let mut ranked = Vec::with_capacity(order.len());
    ranked.extend(
        order
            .iter()
            .filter_map(|&(_, index)| findings.get(index)?.as_ref())
            .map(|finding| (finding.cause.id.as_str(), finding.verdict)),
    );
    ranked
}

/// The rank of cause number `index`: verdict (confirmed, undetermined, ruled out), then
/// severity (critical first), then the number of present symptoms it explains (more first),
/// then id.
fn rank_key(
    tables: &ReportTables,
    index: usize,
    finding: &CauseFinding<'_>,
) -> (
    Verdict,
    std::cmp::Reverse<Severity>,
    std::cmp::Reverse<usize>,
    usize,
) {
    (
        finding.verdict,
        std::cmp::Reverse(finding.cause.severity),
        std::cmp::Reverse(finding.explains.len()),
        tables.id_rank.get(index).copied().unwrap_or(usize::MAX),
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
