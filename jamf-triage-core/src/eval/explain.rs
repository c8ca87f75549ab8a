//! Explanations: the leaf tests that decided a condition, and the facts whose absence left it
//! unknown.
//!
//! A node's truth is explained by its children of the same truth: a true `all` by all its
//! children, a false `all` by its false children, a true `any` by its true children, a false
//! `any` by all of them, an unknown node by its unknown children; `not` by its child.

use std::fmt::Write as _;

use super::Run;
use super::lines::first_matching_line;
use crate::compile::program::{Leaf, Node, NodeId, Test};
use crate::report::{Check, CheckOp, EvidenceItem, MatchedLine, ShownValue, Verdict};
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
            Some(Node::Leaf(leaf)) => {
                if let Some(leaf) = run.program.leaves.get(*leaf) {
                    items.push(leaf_item(run, leaf, truth));
                }
            }
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
                shown: None,
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
        test: leaf.words.clone(),
        check: leaf.check.clone(),
        outcome,
        value: fact.map(|fact| short(&fact.value)),
        source: fact.map(|fact| fact.provenance.clone()),
        line: fact
            .filter(|_| outcome == Truth::True)
            .and_then(|fact| matched_line(leaf, &fact.value)),
        shown: fact.map(|fact| ShownValue::of(&fact.value)),
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
    let line = lines.get(first_matching_line(regex.get()?, lines)?)?;
    Some(MatchedLine {
        artifact: line.artifact.to_owned(),
        line: line.number,
        text: line.text.to_owned(),
    })
}

/// A value in short form: at most [`SHORT_VALUE`] characters, then `…` when there were more.
/// Formatting stops there, so a long list is never written out whole.
fn short(value: &FactValue) -> String {
    let mut capped = Capped {
        // Room for a short ASCII value and the ellipsis: one allocation, no growth.
        text: String::with_capacity(SHORT_VALUE + '…'.len_utf8()),
        room: SHORT_VALUE,
        cut: false,
    };
    // The only error is the one `Capped` returns to stop formatting.
    let _ = write!(capped, "{value}");
    if capped.cut {
        capped.text.push('…');
    }
    capped.text
}

/// A writer that keeps the first [`SHORT_VALUE`] characters written to it.
struct Capped {
    text: String,
    /// How many more characters it keeps.
    room: usize,
    /// Whether characters were dropped.
    cut: bool,
}

impl std::fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if s.len() <= self.room {
            // It fits, however many bytes its characters take.
            self.room -= s.chars().count();
            self.text.push_str(s);
            return Ok(());
        }
        match s.char_indices().nth(self.room) {
            None => {
                self.room -= s.chars().count();
                self.text.push_str(s);
                Ok(())
            }
            Some((end, _)) => {
                self.text.push_str(s.get(..end).unwrap_or_default());
                self.room = 0;
                self.cut = true;
                Err(std::fmt::Error)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SHORT_VALUE, short};
    use crate::FactValue;

    #[test]
    fn long_values_are_cut_at_the_same_place_however_they_are_written() {
        let item = "ab€".repeat(10);
        for count in [0, 1, 5, 6, 7, 40] {
            let value = FactValue::List(vec![item.clone(); count]);
            let whole = value.to_string();
            let expected = if whole.chars().count() <= SHORT_VALUE {
                whole
            } else {
                let mut cut: String = whole.chars().take(SHORT_VALUE).collect();
                cut.push('…');
                cut
            };
            assert_eq!(short(&value), expected, "{count} items");
        }
        let exact = FactValue::String("x".repeat(SHORT_VALUE));
        assert_eq!(short(&exact), "x".repeat(SHORT_VALUE));
    }
}
