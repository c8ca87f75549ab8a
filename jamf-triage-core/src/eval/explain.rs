//! Explanations: the leaf tests that decided a condition, and the facts whose absence left it
//! unknown.
//!
//! A node's truth is explained by its children of the same truth: a true `all` by all its
//! children, a false `all` by its false children, a true `any` by its true children, a false
//! `any` by all of them, an unknown node by its unknown children; `not` by its child.

use super::Run;
use super::lines::first_matching_line;
use crate::compile::program::{Leaf, Node, NodeId, Test};
use crate::report::{Check, CheckOp, EvidenceItem, MatchedLine, Verdict};
use crate::{FactValue, RulePack, Truth};

/// How many characters of a value an explanation shows.
const SHORT_VALUE: usize = 160;

/// The leaf tests that decided node `root`, in condition order (`pack` names the causes).
pub(crate) fn deciding_tests(
    run: &Run<'_, '_>,
    root: NodeId,
    pack: &RulePack,
) -> Vec<EvidenceItem> {
    let mut items = Vec::new();
    walk(
        run,
        root,
        &mut |id, truth| match run.program.nodes.get(id) {
            Some(Node::Leaf(leaf)) => items.push(leaf_item(run, leaf, truth)),
            Some(Node::Cause(cause)) => items.push(EvidenceItem {
                fact: format!(
                    "cause:{}",
                    pack.causes()
                        .get(*cause)
                        .map_or("", |cause| cause.id.as_str())
                ),
                test: "is confirmed".to_owned(),
                check: Check::new(CheckOp::CauseConfirmed, Verdict::from_truth(truth).name()),
                outcome: truth,
                value: Some(Verdict::from_truth(truth).name().to_owned()),
                source: None,
                line: None,
            }),
            _ => {}
        },
    );
    items
}

/// The slots of the missing facts that left node `root` unknown (through `cause:` tests too),
/// each once, in condition order.
pub(crate) fn missing(run: &Run<'_, '_>, root: NodeId) -> Vec<usize> {
    let mut slots = Vec::new();
    collect_missing(run, root, &mut slots);
    slots
}

fn collect_missing(run: &Run<'_, '_>, root: NodeId, slots: &mut Vec<usize>) {
    if run.truth(root) != Truth::Unknown {
        return;
    }
    let mut causes = Vec::new();
    walk(run, root, &mut |id, _| match run.program.nodes.get(id) {
        Some(Node::Leaf(leaf)) => {
            for slot in involved(run, leaf).into_iter().flatten() {
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
            collect_missing(run, cause_root, slots);
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
fn walk(run: &Run<'_, '_>, id: NodeId, visit: &mut dyn FnMut(NodeId, Truth)) {
    let truth = run.truth(id);
    match run.program.nodes.get(id) {
        Some(Node::All(children) | Node::Any(children)) => {
            for &child in children {
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

/// The explanation of one leaf test.
fn leaf_item(run: &Run<'_, '_>, leaf: &Leaf, outcome: Truth) -> EvidenceItem {
    let name = run
        .program
        .slots
        .get(leaf.slot)
        .map_or("", |slot| &*slot.name);
    let fact = run.fact(leaf.slot);
    EvidenceItem {
        fact: name.to_owned(),
        test: leaf.check.to_string(),
        check: leaf.check.clone(),
        outcome,
        value: fact.map(|fact| short(&fact.value)),
        source: fact.map(|fact| fact.provenance.clone()),
        line: fact
            .filter(|_| outcome == Truth::True)
            .and_then(|fact| matched_line(leaf, &fact.value)),
    }
}

/// For a true line test: the first line that matched.
fn matched_line(leaf: &Leaf, value: &FactValue) -> Option<MatchedLine> {
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
    let line = lines.get(first_matching_line(regex, lines)?)?;
    Some(MatchedLine {
        artifact: line.artifact.to_owned(),
        line: line.number,
        text: line.text.to_owned(),
    })
}

/// A value in short form: at most [`SHORT_VALUE`] characters.
fn short(value: &FactValue) -> String {
    let text = value.to_string();
    if text.chars().count() <= SHORT_VALUE {
        return text;
    }
    let mut cut: String = text.chars().take(SHORT_VALUE).collect();
    cut.push('…');
    cut
}
