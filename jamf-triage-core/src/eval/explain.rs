//! Explanations: the leaf tests that decided a condition, and the facts whose absence left it
//! unknown.
//!
//! A node's truth is explained by its children of the same truth: a true `all` by all its
//! children, a false `all` by its false children, a true `any` by its true children, a false
//! `any` by all of them, an unknown node by its unknown children; `not` by its child.

use std::borrow::Cow;

use super::Run;
use super::lines::first_matching_line;
use crate::compile::program::{Leaf, Node, NodeId, Test};
use crate::diagnose::ReportTables;
use crate::report::{EvidenceItem, MatchedLine, TestedValue, Verdict};
use crate::{FactValue, Provenance, Truth};

/// Appends to `items` the leaf tests that decided node `root`, in condition order (`tables`
/// name the causes). `found` is scratch space, reused from call to call: the nodes are found
/// first, so that the items (large) go into a vector grown once, to the size it needs.
pub(crate) fn deciding_tests<'e>(
    run: &Run<'e, 'e>,
    root: NodeId,
    tables: &'e ReportTables,
    found: &mut Vec<(NodeId, Truth)>,
    items: &mut Vec<EvidenceItem<'e>>,
) {
    found.clear();
    walk(run, root, &mut |id, truth| found.push((id, truth)));
    items.reserve_exact(found.len());
    for &(id, truth) in found.iter() {
        match run.program.nodes.get(id) {
            Some(Node::Leaf(leaf)) => {
                if let Some(leaf) = run.program.leaves.get(*leaf) {
                    items.push(leaf_item(run, leaf, truth));
                }
            }
            Some(Node::Cause(cause)) => {
                let verdict = Verdict::from_truth(truth);
                items.push(EvidenceItem {
                    fact: Cow::Borrowed(tables.cause_fact(*cause)),
                    test: Cow::Borrowed("is confirmed"),
                    check: Cow::Borrowed(tables.verdict_check(verdict)),
                    outcome: truth,
                    value: Some(TestedValue::Words(Cow::Borrowed(verdict.name()))),
                    source: None,
                    line: None,
                });
            }
            _ => {}
        }
    }
}

/// Adds to `slots` the slots of the missing facts that left node `root` unknown (through
/// `cause:` tests too) that it does not hold yet, in condition order.
pub(crate) fn missing(run: &Run<'_, '_>, root: NodeId, slots: &mut Vec<usize>) {
    if run.truth(root) != Truth::Unknown {
        return;
    }
    let mut causes = Vec::new();
    walk(run, root, &mut |id, _| match run.program.nodes.get(id) {
        Some(Node::Leaf(leaf)) => {
            let leaf = run.program.leaves.get(*leaf);
            for slot in leaf
                .map(|leaf| involved(run, leaf))
                .into_iter()
                .flatten()
                .flatten()
            {
                if run.fact(slot).is_none() && !slots.contains(&slot) {
                    slots.push(slot);
                }
            }
        }
        Some(Node::Cause(cause)) => causes.push(*cause),
        _ => {}
    });
    for cause in causes {
        if let Some(&cause_root) = run.program.causes.get(cause) {
            missing(run, cause_root, slots);
        }
    }
}

/// The slots a leaf reads: its fact, and `observed_at` or the other fact it compares with.
fn involved(run: &Run<'_, '_>, leaf: &Leaf) -> [Option<usize>; 2] {
    let second = match leaf.test {
        Test::Age { .. } => Some(run.program.observed_at),
        Test::EqualsFact(other) | Test::InFact(other) | Test::IntersectsFact(other) => Some(other),
        _ => None,
    };
    [Some(leaf.slot), second]
}

/// Calls `visit` on every leaf and `cause:` node that explains node `id`, with its truth.
pub(super) fn walk(run: &Run<'_, '_>, id: NodeId, visit: &mut impl FnMut(NodeId, Truth)) {
    let truth = run.truth(id);
    match run.program.nodes.get(id) {
        Some(Node::All(children) | Node::Any(children)) => {
            for &child in &children.written {
                if run.truth(child) == truth {
                    walk(run, child, visit);
                }
            }
        }
        Some(Node::Not(child)) => walk(run, *child, visit),
        Some(Node::Leaf(_) | Node::Cause(_)) => visit(id, truth),
        None => {}
    }
}

/// The explanation of one leaf test: borrowed from the program and the evidence (only the
/// built-in `observed_at`, which the run holds, is copied, with the evidence as its source).
fn leaf_item<'e>(run: &Run<'e, 'e>, leaf: &'e Leaf, outcome: Truth) -> EvidenceItem<'e> {
    let program: &'e crate::compile::program::Program = run.program;
    let name = program.slots.get(leaf.slot).map_or("", |slot| &*slot.name);
    let (value, source) = match (run.evidence_fact(leaf.slot), run.fact(leaf.slot)) {
        (Some(fact), _) => (
            Some(Cow::Borrowed(&fact.value)),
            Some(Cow::Borrowed(&fact.provenance)),
        ),
        // Only `observed_at` is the run's: its source is the evidence itself.
        (None, Some(fact)) => (
            Some(Cow::Owned(fact.value.clone())),
            Some(Cow::Owned(Provenance::new("evidence", crate::OBSERVED_AT))),
        ),
        (None, None) => (None, None),
    };
    let line = match (&value, outcome) {
        (Some(Cow::Borrowed(value)), Truth::True) => matched_line(leaf, value),
        _ => None,
    };
    EvidenceItem {
        fact: Cow::Borrowed(name),
        test: Cow::Borrowed(&leaf.words),
        check: Cow::Borrowed(&leaf.check),
        outcome,
        value: value.map(TestedValue::Fact),
        source,
        line,
    }
}

/// For a true line test: the first line that matched.
fn matched_line<'e>(leaf: &Leaf, value: &'e FactValue) -> Option<MatchedLine<'e>> {
    let FactValue::Lines(lines) = value else {
        return None;
    };
    let regex = match &leaf.test {
        Test::Lines(pattern) => &pattern.regex,
        Test::Count {
            matching: Some(regex),
            ..
        } => regex,
        _ => return None,
    };
    let line = lines.get(first_matching_line(regex.get()?, lines)?)?;
    Some(MatchedLine {
        artifact: Cow::Borrowed(line.artifact),
        line: line.number,
        text: Cow::Borrowed(line.text),
    })
}
