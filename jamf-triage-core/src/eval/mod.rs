//! Evaluation: a compiled program against one [`Evidence`], in Kleene's three-valued logic.
//!
//! # Semantics
//!
//! - A test on a fact the evidence lacks is **unknown**; `exists: true` / `exists: false` is the
//!   only test decided on a missing fact. A fact whose value has another type than the catalog
//!   declares is treated as missing.
//! - `all` is true when every child is true, false when one is false, else unknown (`all: []` is
//!   true); `any` is true when one child is true, false when all are false, else unknown
//!   (`any: []` is false); `not` swaps true and false and keeps unknown.
//! - Generations are evaluated first: a generation is present when its `when` is true. An
//!   entry with `applies_to` is applicable when one of its generations is present (the `any` of
//!   their presences); a cause's verdict is `applicable AND when`, a symptom's detection
//!   `applicable AND detect` (a symptom without `detect` is unknown unless not applicable).
//! - `cause: <id>` is the verdict of that cause (its `when`, and its applicability); causes are
//!   evaluated in dependency order (cycles are load errors).
//! - The built-in fact `observed_at` is [`Evidence::observed_at`]. `older_than: 24h` holds when
//!   the fact is at or before `observed_at − 24h`, `newer_than: d` when it is after
//!   `observed_at − d`; both are unknown without `observed_at`. `before: X` holds when the fact
//!   is earlier than X, `after: X` when it is at or later than X.
//! - `equals`, `not_equals`, `one_of` compare booleans, integers, strings, timestamps and
//!   durations. `contains` is a substring test on a string, an element test on a list, and "some
//!   line contains it" on lines. `matches` tests a string (or some element of a list) against a
//!   regex; `any_line_matches` tests the lines (or the elements of a list). `all_in` holds when
//!   every element of a list is among the given ones. `gt`, `ge`, `lt`, `le` compare integers
//!   (and durations, written like `24h`). `count` compares the number of elements or lines,
//!   `count_matching` the number matching its `pattern`. `equals_fact` compares two facts of one
//!   type; `in_fact: F` holds when the value (or every element of a list) is an element of list
//!   fact F; `intersects_fact: F` when two lists share an element. A comparison with another fact
//!   is unknown when either is missing.
//! - Text tests fold quotes: `"` matches `“` and `”`, `'` matches `‘` and `’`, and the other way
//!   round. Patterns are matched line by line (see [`lines`]).
//!
//! Evaluation does no parsing, no hashing of fact names and no regex compilation: the evidence's
//! facts (sorted by name) are bound to the program's slots (sorted too) in one merge pass, and
//! every lines fact is scanned once for all the patterns applied to it (a literal prefilter,
//! then a `RegexSet` for the patterns without literals), the first time a test needs it.
//! `all` and `any` try their cheap children (comparisons of values) before the dear ones (tests
//! on log text), and stop at the first child that decides them. An explanation reads the truth
//! of every child of the nodes it walks (a node is explained by its children of its own
//! truth): a run that explains evaluates every child of those nodes, and only them.

pub(crate) mod explain;
mod leaf;
pub(crate) mod lines;

use std::cell::OnceCell;

use jiff::Timestamp;

use crate::compile::program::{Node, NodeId, Program};
use crate::model::SymptomDef;
use crate::report::{SymptomStatus, Verdict};
use crate::{Evidence, Fact, FactValue, Lines, Truth};

/// One evaluation: the evidence bound to the program's slots, the truth of every cause, and
/// (for explanations) the truth of every node.
pub(crate) struct Run<'p, 'e> {
    pub program: &'p Program,
    /// The evidence's fact bound to each slot (none for `observed_at`).
    pub facts: Vec<Option<&'e Fact>>,
    /// The evidence's `observed_at` as the fact of the built-in slot `observed_at`.
    observed: Option<Fact>,
    /// For each line set: which of its patterns match in its fact's text, scanned the first
    /// time a test asks (empty when no lines fact is there to scan).
    hits: Vec<OnceCell<Vec<bool>>>,
    /// The evidence's `observed_at`.
    pub now: Option<Timestamp>,
    /// Whether the run keeps every node's truth for explanations.
    explain: bool,
    /// The truth of every node evaluated so far when the run keeps them for explanations (none
    /// for a node not evaluated yet), else empty.
    truths: Vec<Option<Truth>>,
    /// The presence of every generation (the truth of its `when`), in pack order.
    generations: Vec<Truth>,
    /// The verdict of every cause as a truth: its applicability AND its `when`.
    causes: Vec<Truth>,
}

impl<'p, 'e> Run<'p, 'e> {
    /// Binds `evidence` to the program and evaluates every cause (detection conditions are
    /// evaluated by [`Run::symptom`]). `observed` is the evidence's `observed_at` as a fact;
    /// `explain` keeps the truth of every node, which explanations read.
    pub fn new(
        program: &'p Program,
        evidence: &'e Evidence,
        observed: Option<Fact>,
        explain: bool,
    ) -> Self {
        Self::layered(program, &[evidence], observed, explain)
    }

    /// [`Run::new`] over evidence in layers: a fact of a later layer replaces the fact of the
    /// same name of an earlier one (a fleet's tenant facts, then one Mac's); the last layer's
    /// `observed_at` is the run's "now".
    pub fn layered(
        program: &'p Program,
        layers: &[&'e Evidence],
        observed: Option<Fact>,
        explain: bool,
    ) -> Self {
        let mut facts = vec![None; program.slots.len()];
        for evidence in layers {
            bind(program, evidence, &mut facts);
        }
        let evidence_now = layers.last().and_then(|evidence| evidence.observed_at);
        // No vector at all when no lines fact is there to scan (the common fleet case).
        let hits = if program
            .line_sets
            .iter()
            .any(|set| lines_of(facts.get(set.slot).copied().flatten()).is_some())
        {
            program.line_sets.iter().map(|_| OnceCell::new()).collect()
        } else {
            Vec::new()
        };
        let mut run = Run {
            program,
            facts,
            observed,
            hits,
            now: evidence_now,
            explain,
            truths: if explain {
                vec![None; program.nodes.len()]
            } else {
                Vec::new()
            },
            generations: Vec::with_capacity(program.generations.len()),
            causes: vec![Truth::Unknown; program.causes.len()],
        };
        for &root in &program.generations {
            let presence = run.eval_root(root);
            run.generations.push(presence);
        }
        for &cause in &program.cause_order {
            let applicable = run.applicable(program.cause_applies.get(cause));
            if let Some(&root) = program.causes.get(cause) {
                // A cause that does not apply is not evaluated: it is ruled out, and a report
                // explains it by its `applies_to` alone.
                run.causes[cause] = if applicable == Truth::False {
                    Truth::False
                } else {
                    applicable.and(run.eval_root(root))
                };
            }
        }
        run
    }

    /// The status of every symptom of `symptoms` (the pack's, in pack order), then the verdict
    /// on every cause, in pack order. The cause truths move into the verdicts: call it once,
    /// last (node truths stay for explanations).
    pub fn outcome(&mut self, symptoms: &[SymptomDef]) -> (Vec<SymptomStatus>, Vec<Verdict>) {
        let statuses = symptoms
            .iter()
            .enumerate()
            .map(|(index, symptom)| self.symptom(index, symptom))
            .collect();
        // Truth and Verdict have one size: the vector is reused in place.
        let verdicts = std::mem::take(&mut self.causes)
            .into_iter()
            .map(Verdict::from_truth)
            .collect();
        (statuses, verdicts)
    }

    /// The status of symptom number `index` (defined by `symptom`): reported when the
    /// reported-symptoms fact names it, else what its detection condition gives (evaluated
    /// here, only then).
    fn symptom(&mut self, index: usize, symptom: &SymptomDef) -> SymptomStatus {
        if self.reported(&symptom.id).is_some() {
            return SymptomStatus::Reported;
        }
        let applicable = self.applicable(self.program.symptom_applies.get(index));
        let detect = self.program.symptoms.get(index).copied().flatten();
        // Not evaluated when it does not apply: a report explains it by its `applies_to` alone.
        let detected = if applicable == Truth::False {
            Truth::False
        } else {
            applicable.and(detect.map_or(Truth::Unknown, |root| self.eval_root(root)))
        };
        match detected {
            Truth::True => SymptomStatus::Detected,
            Truth::False => SymptomStatus::NotDetected,
            Truth::Unknown => SymptomStatus::Unknown,
        }
    }

    /// Whether an entry with these `applies_to` generations applies: true without
    /// `applies_to`, else whether one of them is present.
    pub fn applicable(&self, applies: Option<&Option<Vec<usize>>>) -> Truth {
        match applies {
            Some(Some(generations)) => generations
                .iter()
                .fold(Truth::False, |any, &index| any.or(self.generation(index))),
            _ => Truth::True,
        }
    }

    /// The presence of generation number `index` of the pack.
    pub fn generation(&self, index: usize) -> Truth {
        self.generations
            .get(index)
            .copied()
            .unwrap_or(Truth::Unknown)
    }

    /// The reported-symptoms fact, when it names symptom `id`.
    pub fn reported(&self, id: &str) -> Option<&'e Fact> {
        self.evidence_fact(self.program.reported)
            .filter(|fact| matches!(&fact.value, FactValue::List(ids) if ids.iter().any(|reported| reported == id)))
    }

    /// The fact bound to `slot`.
    pub fn fact(&self, slot: usize) -> Option<&Fact> {
        if slot == self.program.observed_at {
            return self.observed.as_ref();
        }
        self.evidence_fact(slot)
    }

    /// The evidence's fact bound to `slot`, for as long as the evidence lives (`None` for
    /// `observed_at`, which the run holds: see [`Run::fact`]).
    pub fn evidence_fact(&self, slot: usize) -> Option<&'e Fact> {
        if slot == self.program.observed_at {
            return None;
        }
        self.facts.get(slot).copied().flatten()
    }

    /// The truth of node `id`, once evaluated by a run that keeps them.
    pub fn truth(&self, id: NodeId) -> Truth {
        self.truths
            .get(id)
            .copied()
            .flatten()
            .unwrap_or(Truth::Unknown)
    }

    /// The truth of the condition rooted at `id`; a run that keeps truths for explanations
    /// evaluates every node an explanation walks ([`Run::explained`]).
    fn eval_root(&mut self, id: NodeId) -> Truth {
        if self.explain {
            self.explained(id)
        } else {
            self.eval_node::<false>(id)
        }
    }

    /// The truth of node `id`, evaluated as an explanation reads it: a node is explained by its
    /// children of its own truth, so the truth of every child is kept, and the children of the
    /// node's truth are explained in turn; the other children are evaluated only as far as
    /// their own truth needs ([`Run::eval_node`]), the subtrees no explanation walks left out.
    fn explained(&mut self, id: NodeId) -> Truth {
        let program = self.program;
        let truth = match program.nodes.get(id) {
            Some(Node::All(children)) => {
                let mut truth = Truth::True;
                for &child in &children.cheap_first {
                    truth = truth.and(self.eval_child::<true>(child));
                }
                self.explain_children(&children.written, truth);
                truth
            }
            Some(Node::Any(children)) => {
                let mut truth = Truth::False;
                for &child in &children.cheap_first {
                    truth = truth.or(self.eval_child::<true>(child));
                }
                self.explain_children(&children.written, truth);
                truth
            }
            Some(Node::Not(child)) => self.explained(*child).not(),
            Some(Node::Cause(_) | Node::Leaf(_)) | None => return self.eval_node::<true>(id),
        };
        if let Some(slot) = self.truths.get_mut(id) {
            *slot = Some(truth);
        }
        truth
    }

    /// Evaluates for explanation the children of `truth` that have children of their own (a
    /// test's truth is all its explanation needs).
    fn explain_children(&mut self, children: &[NodeId], truth: Truth) {
        for &child in children {
            let nested = matches!(
                self.program.nodes.get(child),
                Some(Node::All(_) | Node::Any(_) | Node::Not(_))
            );
            if nested && self.truth(child) == truth {
                self.explained(child);
            }
        }
    }

    /// The truth of node `id`: `all` stops at a false child and `any` at a true one, the cheap
    /// children tried first. A run that keeps truths (`KEEP`) keeps those of the nodes it
    /// evaluated and evaluates none twice; one that keeps none reads and writes no truth.
    fn eval_node<const KEEP: bool>(&mut self, id: NodeId) -> Truth {
        if KEEP {
            if let Some(&Some(truth)) = self.truths.get(id) {
                return truth;
            }
        }
        let program = self.program;
        let truth = match program.nodes.get(id) {
            Some(Node::All(children)) => {
                let mut truth = Truth::True;
                for &child in &children.cheap_first {
                    truth = truth.and(self.eval_child::<KEEP>(child));
                    if truth == Truth::False {
                        break;
                    }
                }
                truth
            }
            Some(Node::Any(children)) => {
                let mut truth = Truth::False;
                for &child in &children.cheap_first {
                    truth = truth.or(self.eval_child::<KEEP>(child));
                    if truth == Truth::True {
                        break;
                    }
                }
                truth
            }
            Some(Node::Not(child)) => self.eval_child::<KEEP>(*child).not(),
            Some(Node::Cause(cause)) => self.cause_truth(*cause),
            Some(Node::Leaf(leaf)) => self.leaf_truth(*leaf),
            None => Truth::Unknown,
        };
        if KEEP {
            if let Some(slot) = self.truths.get_mut(id) {
                *slot = Some(truth);
            }
        }
        truth
    }

    /// The truth of child node `id` of an `all`, `any` or `not`: a leaf is tested here, without
    /// a call of [`Run::eval_node`].
    #[inline(always)]
    fn eval_child<const KEEP: bool>(&mut self, id: NodeId) -> Truth {
        let Some(Node::Leaf(leaf)) = self.program.nodes.get(id) else {
            return self.eval_node::<KEEP>(id);
        };
        if !KEEP {
            return self.leaf_truth(*leaf);
        }
        match self.truths.get(id) {
            Some(Some(truth)) => *truth,
            _ => {
                let truth = self.leaf_truth(*leaf);
                if let Some(slot) = self.truths.get_mut(id) {
                    *slot = Some(truth);
                }
                truth
            }
        }
    }

    /// The verdict of cause number `cause`, as a truth.
    fn cause_truth(&self, cause: usize) -> Truth {
        self.causes.get(cause).copied().unwrap_or(Truth::Unknown)
    }

    /// The truth of leaf test number `leaf`.
    fn leaf_truth(&self, leaf: usize) -> Truth {
        self.program
            .leaves
            .get(leaf)
            .map_or(Truth::Unknown, |leaf| leaf::test(self, leaf))
    }

    /// Whether the line set `set` found pattern `member` in a line; the set scans its fact the
    /// first time it is asked.
    fn hit(&self, set: usize, member: usize) -> Option<bool> {
        let hits = self.hits.get(set)?.get_or_init(|| {
            let line_set = self.program.line_sets.get(set);
            match (
                line_set,
                line_set.and_then(|line_set| lines_of(self.fact(line_set.slot))),
            ) {
                (Some(line_set), Some(lines)) => line_set.scan(lines.text()),
                _ => Vec::new(),
            }
        });
        hits.get(member).copied()
    }
}

/// The lines of a lines fact that holds some.
fn lines_of(fact: Option<&Fact>) -> Option<&Lines> {
    match fact {
        Some(Fact {
            value: FactValue::Lines(lines),
            ..
        }) if !lines.is_empty() => Some(lines),
        _ => None,
    }
}

/// Binds the facts of `evidence` to the slots of `bound` (one per slot of `program`) by merging
/// two sorted sequences of names; a fact of another type than its slot's is left out, and a
/// slot `evidence` has no fact for keeps what it held (an earlier layer's fact).
fn bind<'e>(program: &Program, evidence: &'e Evidence, bound: &mut [Option<&'e Fact>]) {
    let mut facts = evidence.facts();
    let mut next = facts.next();
    'slots: for (spec, slot) in program.slots.iter().zip(bound.iter_mut()) {
        // One comparison of the two names per step of the merge.
        while let Some((name, fact)) = next {
            match compare_names(name, &spec.name) {
                std::cmp::Ordering::Less => next = facts.next(),
                std::cmp::Ordering::Equal => {
                    if fact.value.fact_type() == spec.fact_type {
                        *slot = Some(fact);
                    }
                    next = facts.next();
                    continue 'slots;
                }
                std::cmp::Ordering::Greater => continue 'slots,
            }
        }
        break;
    }
}

/// The order of two fact names, as `str`'s: eight bytes at a time, inline. Fact names are
/// short and share long prefixes (`graph.compliance_partner.`), where a call to `memcmp` per
/// step of the merge costs more than the comparison.
fn compare_names(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let word = |chunk: &[u8]| <[u8; 8]>::try_from(chunk).map_or(0, u64::from_be_bytes);
    let mut chunks = a.chunks_exact(8).zip(b.chunks_exact(8));
    let mut done = 0;
    for (x, y) in &mut chunks {
        let (x, y) = (word(x), word(y));
        if x != y {
            return x.cmp(&y);
        }
        done += 8;
    }
    let (a, b) = (
        a.get(done..).unwrap_or_default(),
        b.get(done..).unwrap_or_default(),
    );
    for (x, y) in a.iter().zip(b) {
        if x != y {
            return x.cmp(y);
        }
    }
    a.len().cmp(&b.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{FactCatalog, FactSpec, FactType, Provenance, RulePack, RuleSource};

    /// One cause: a test on the log written before a comparison of a boolean.
    const RULES: &str = "
      all:
        - { fact: device.aad.log, any_line_matches: 'AADSTS5007[69]' }
        - { fact: device.aad.registered, equals: true }";

    /// One cause: a comparison of a boolean, then an `any` of a test on the log and another
    /// comparison.
    const NESTED: &str = "
      all:
        - { fact: device.aad.registered, equals: true }
        - any:
            - { fact: device.aad.log, any_line_matches: 'AADSTS5007[69]' }
            - { fact: device.aad.registered, equals: false }";

    fn program() -> Program {
        compiled(RULES)
    }

    /// A pack of one cause `c` whose `when` is `when` (YAML at its indentation).
    fn compiled(when: &str) -> Program {
        let rules = format!(
            "causes:\n  - id: c\n    scope: device\n    severity: high\n    title: {{ en: C }}\n    \
             resolution: r\n    when:{when}\nresolutions:\n  - id: r\n    scope: device\n    \
             title: {{ en: R }}\n    steps: []\n"
        );
        let mut catalog = FactCatalog::builtin();
        for (name, fact_type) in [
            ("device.aad.log", FactType::Lines),
            ("device.aad.registered", FactType::Bool),
        ] {
            catalog
                .add(FactSpec::new(name, fact_type, "a test fact", "test"))
                .expect("a new fact");
        }
        let pack = RulePack::load(&[RuleSource::new("rules/test.yaml", &rules)]).expect("loads");
        crate::compile::compile(&pack, &catalog).expect("compiles")
    }

    fn evidence(registered: bool) -> Evidence {
        let mut log = Lines::default();
        log.push("mac/jamfAAD.log", 1, "error AADSTS50076");
        let source = Provenance::new("test", "mac/jamfAAD.log");
        Evidence::builder()
            .fact("device.aad.log", log, source.clone())
            .fact("device.aad.registered", registered, source)
            .build()
    }

    proptest::proptest! {
        #[test]
        fn names_compare_as_str_does(a in "[a-c._]{0,20}", b in "[a-c._]{0,20}") {
            proptest::prop_assert_eq!(compare_names(&a, &b), a.cmp(&b));
            let (long_a, long_b) = (format!("graph.compliance_{a}"), format!("graph.compliance_{b}"));
            proptest::prop_assert_eq!(compare_names(&long_a, &long_b), long_a.cmp(&long_b));
        }
    }

    #[test]
    fn a_log_is_scanned_only_when_a_cheaper_test_leaves_the_verdict_open() {
        let program = program();
        for (registered, scanned, verdict) in
            [(false, false, Truth::False), (true, true, Truth::True)]
        {
            let evidence = evidence(registered);
            let run = Run::new(&program, &evidence, None, false);
            assert_eq!(run.causes, [verdict]);
            assert_eq!(run.hits.len(), 1);
            assert_eq!(run.hits.iter().any(|hits| hits.get().is_some()), scanned);
            // Explanations need every test: the log is scanned, in the written order.
            let explained = Run::new(&program, &evidence, None, true);
            assert_eq!(explained.causes, [verdict]);
            assert!(explained.hits.iter().all(|hits| hits.get().is_some()));
        }
        let Some(Node::All(children)) = program.nodes.get(program.causes[0]) else {
            panic!("an all");
        };
        assert_eq!(children.cheap_first.first(), children.written.last());
    }

    #[test]
    fn an_explanation_evaluates_only_the_subtrees_it_walks() {
        let program = compiled(NESTED);
        let Some(Node::All(children)) = program.nodes.get(program.causes[0]) else {
            panic!("an all");
        };
        let any = children.written[1];
        for (registered, verdict) in [(false, Truth::False), (true, Truth::True)] {
            let evidence = evidence(registered);
            let explained = Run::new(&program, &evidence, None, true);
            assert_eq!(explained.causes, [verdict]);
            // The `any` is true either way: it explains a true `all`, never a false one, so
            // its log test runs only then.
            assert_eq!(explained.truth(any), Truth::True);
            assert_eq!(
                explained.hits.iter().any(|hits| hits.get().is_some()),
                registered
            );
            let mut tests = Vec::new();
            explain::walk(&explained, program.causes[0], &mut |id, truth| {
                tests.push((id, truth));
            });
            assert_eq!(tests.len(), if registered { 2 } else { 1 });
            assert!(
                tests
                    .iter()
                    .all(|(id, truth)| explained.truth(*id) == *truth)
            );
        }
    }
}
