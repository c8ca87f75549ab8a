//! The compiled form of a rule pack: conditions as a node arena over dense fact slots, with
//! every regex compiled and every literal parsed. Evaluation reads it and never changes it.

use jiff::{SignedDuration, Timestamp};
use regex::Regex;

use super::lazy_regex::LazyRegex;

pub(crate) use super::scan::LineSet;

use crate::FactType;
use crate::ops::Cmp;

/// The index of a node in [`Program::nodes`].
pub(crate) type NodeId = usize;

/// A compiled rule pack.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    /// The facts the rules read, sorted by name: a fact's slot is its index here.
    pub slots: Vec<Slot>,
    /// Every condition node (small, so that evaluation walks few cache lines).
    pub nodes: Vec<Node>,
    /// Every leaf test, which [`Node::Leaf`] points at.
    pub leaves: Vec<Leaf>,
    /// The root of each generation's `when`, in pack order.
    pub generations: Vec<NodeId>,
    /// The root of each cause's `when`, in pack order.
    pub causes: Vec<NodeId>,
    /// Each cause's `applies_to`, as indices of [`Program::generations`] (`None`: every one).
    pub cause_applies: Vec<Option<Vec<usize>>>,
    /// Cause indices in an order where every cause comes after the causes it tests.
    pub cause_order: Vec<usize>,
    /// The root of each symptom's `detect`, in pack order.
    pub symptoms: Vec<Option<NodeId>>,
    /// Each symptom's `applies_to`, as indices of [`Program::generations`] (`None`: every one).
    pub symptom_applies: Vec<Option<Vec<usize>>>,
    /// Each symptom's candidate causes (its `causes`), as cause indices.
    pub symptom_causes: Vec<Vec<usize>>,
    /// The index of each cause's resolution.
    pub resolutions: Vec<usize>,
    /// One multi-pattern set per lines fact that line tests scan.
    pub line_sets: Vec<LineSet>,
    /// The slot of `observed_at`.
    pub observed_at: usize,
    /// The slot of `context.reported.symptoms`.
    pub reported: usize,
    /// What the pack needs of each lines fact it reads, sorted by name.
    pub line_needs: Vec<super::needs::FactNeed>,
}

/// A fact the rules read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub name: Box<str>,
    pub fact_type: FactType,
}

/// A condition node.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    All(Children),
    Any(Children),
    Not(NodeId),
    /// The truth of cause number `.0`'s `when`.
    Cause(usize),
    /// The test `program.leaves[.0]`.
    Leaf(usize),
}

/// The children of an `all` or an `any`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Children {
    /// In the order written: explanations list them so.
    pub written: Box<[NodeId]>,
    /// In the order evaluation tries them: the cheap ones first, so that one that decides the
    /// node (false in an `all`, true in an `any`) spares the dear ones. Kleene's `and` and `or`
    /// do not depend on the order.
    pub cheap_first: Box<[NodeId]>,
}

impl Children {
    /// `written`, with the order of evaluation by the `cost` of each child (stable: children of
    /// one cost keep the written order).
    pub fn new(written: Vec<NodeId>, cost: impl Fn(NodeId) -> Cost) -> Children {
        let mut cheap_first = written.clone();
        cheap_first.sort_by_key(|&child| cost(child));
        Children {
            written: written.into(),
            cheap_first: cheap_first.into(),
        }
    }
}

/// What evaluating a node costs, roughly, in increasing order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cost {
    /// Comparisons of values, the verdict of another cause.
    #[default]
    Cheap,
    /// A regex or a text test run on a string or the elements of a list.
    Text,
    /// A test on the text of a lines fact (a scan of the log, the first time).
    Lines,
}

/// A test on one fact.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub slot: usize,
    pub test: Test,
    /// The test as data, for explanations (`older than 24h`).
    pub check: crate::report::Check,
    /// The check in English words, written once (`older than 24h`).
    pub words: String,
}

impl Leaf {
    /// What evaluating the leaf costs, on a fact of type `fact_type`.
    pub fn cost(&self, fact_type: FactType) -> Cost {
        match &self.test {
            Test::Lines(_) => Cost::Lines,
            Test::Count {
                matching: Some(_), ..
            } if fact_type == FactType::Lines => Cost::Lines,
            Test::Contains(_) | Test::Matches(_) | Test::AllIn(_) | Test::Count { .. } => {
                Cost::Text
            }
            _ => Cost::Cheap,
        }
    }
}

/// What a leaf tests, with its argument compiled for the fact's type.
#[derive(Debug, Clone)]
pub(crate) enum Test {
    Exists(bool),
    Equals(Literal),
    NotEquals(Literal),
    OneOf(Vec<Literal>),
    /// String: the text is in it; list: an element is the text.
    Contains(Text),
    /// Lines: some line matches (from `any_line_matches` or `contains`).
    Lines(LinePattern),
    /// String: matches; list: some element matches.
    Matches(Pattern),
    /// List: every element is one of these.
    AllIn(Vec<Text>),
    Compare(Cmp, Bound),
    Count {
        matching: Option<LazyRegex>,
        cmp: Cmp,
        bound: i64,
    },
    /// Timestamp older (or newer) than `observed_at` minus the duration.
    Age {
        older: bool,
        by: SignedDuration,
    },
    /// Timestamp before (or at or after) an instant.
    Instant {
        before: bool,
        at: Timestamp,
    },
    EqualsFact(usize),
    InFact(usize),
    IntersectsFact(usize),
}

/// A literal parsed for the type of the fact it is compared with.
#[derive(Debug, Clone)]
pub(crate) enum Literal {
    Bool(bool),
    Integer(i64),
    Text(Text),
    Timestamp(Timestamp),
    Duration(SignedDuration),
}

/// The bound of an ordering comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    Integer(i64),
    Duration(SignedDuration),
}

/// A literal text test with quotes folded: equality with, or presence in, a string.
#[derive(Debug, Clone)]
pub(crate) struct Text {
    literal: Box<str>,
    whole: bool,
    /// The folded regex, when the literal holds quotes.
    folded: Option<Regex>,
}

impl Text {
    /// A test that a string is the literal (`whole`) or contains it.
    ///
    /// # Errors
    /// The regex error when the folded form does not compile (size limits only).
    pub fn new(literal: &str, whole: bool) -> Result<Text, regex::Error> {
        let folded = if crate::quotes::has_quotes(literal) {
            let body = crate::quotes::fold_literal(literal);
            let pattern = if whole {
                format!(r"\A(?:{body})\z")
            } else {
                body
            };
            Some(Regex::new(&pattern)?)
        } else {
            None
        };
        Ok(Text {
            literal: literal.into(),
            whole,
            folded,
        })
    }

    /// Whether `text` passes the test.
    pub fn test(&self, text: &str) -> bool {
        match (&self.folded, self.whole) {
            (Some(regex), _) => regex.is_match(text),
            (None, true) => text == &*self.literal,
            (None, false) => text.contains(&*self.literal),
        }
    }
}

/// A pattern applied to the lines of a lines fact, member `member` of line set `set`.
#[derive(Debug, Clone)]
pub(crate) struct LinePattern {
    pub set: usize,
    pub member: usize,
    pub regex: LazyRegex,
    /// Whether a match in the joined text could run across a line break, so that a hit of the
    /// set must be confirmed line by line.
    pub may_span: bool,
}

/// A regex tested on strings and list elements, with a shortcut for the common `^(A|B)$`: a
/// pattern that matches exactly a few whole texts is tested by comparing text, not by running
/// the regex (which costs more than the comparison on short values).
#[derive(Debug, Clone)]
pub(crate) struct Pattern {
    regex: LazyRegex,
    /// Every text the pattern matches whole, when it is anchored at both ends and matches only
    /// a few texts.
    whole: Option<Box<[Box<str>]>>,
}

impl Pattern {
    /// A test by `regex`.
    pub fn new(regex: LazyRegex) -> Self {
        Pattern {
            whole: whole_texts(regex.as_str()),
            regex,
        }
    }

    /// Whether the pattern matches in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.whole {
            // Without a line break, `^` and `$` are the ends of the text, even with `(?m)`.
            Some(texts) if !text.contains('\n') => texts.iter().any(|whole| **whole == *text),
            _ => self.regex.is_match(text),
        }
    }
}

/// The texts `pattern` matches when it is `^X$` (or `\A X \z`) with X matching exactly a few
/// texts (an alternation of literals, say); `None` otherwise.
fn whole_texts(pattern: &str) -> Option<Box<[Box<str>]>> {
    use regex_syntax::hir::literal::Extractor;
    use regex_syntax::hir::{Hir, HirKind, Look};
    const MAX_TEXTS: usize = 16;
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let HirKind::Concat(parts) = hir.kind() else {
        return None;
    };
    let (first, rest) = parts.split_first()?;
    let (last, middle) = rest.split_last()?;
    let anchored = matches!(first.kind(), HirKind::Look(Look::Start | Look::StartLF))
        && matches!(last.kind(), HirKind::Look(Look::End | Look::EndLF))
        && middle
            .iter()
            .all(|part| part.properties().look_set().is_empty());
    if !anchored {
        return None;
    }
    let seq = Extractor::new().extract(&Hir::concat(middle.to_vec()));
    let literals = seq.literals()?;
    if !seq.is_exact() || literals.len() > MAX_TEXTS {
        return None;
    }
    literals
        .iter()
        .map(|literal| std::str::from_utf8(literal.as_bytes()).ok().map(Box::from))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pattern(text: &str) -> Pattern {
        Pattern::new(LazyRegex::new(text.to_owned()).expect("valid"))
    }

    #[test]
    fn anchored_alternations_of_literals_compare_text() {
        let states = pattern("(?m)^(UNRESPONSIVE|DEACTIVATED)$");
        assert_eq!(states.whole.as_ref().map(|texts| texts.len()), Some(2));
        assert!(states.is_match("DEACTIVATED") && !states.is_match("DEACTIVATED "));
        assert!(states.is_match("x\nUNRESPONSIVE"));
        for open in [
            "(?m)^[0-9a-f]{8}$",
            "(?m)(A|B)$",
            "(?m)^A$|^B",
            "(?m)^a\\bb$",
        ] {
            assert!(pattern(open).whole.is_none(), "{open}");
        }
    }

    proptest! {
        #[test]
        fn the_shortcut_agrees_with_the_regex(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "^", "$", r"\A", r"\z", "a", "b", "(a|bb)", "(?i)a", "[ab]", "x?", "(?m)", ".",
                ]),
                1..6,
            ),
            texts in proptest::collection::vec("[abAB\nx]{0,4}", 1..6),
        ) {
            let source = parts.concat();
            if let Ok(regex) = Regex::new(&source) {
                let fast = Pattern::new(LazyRegex::new(source.clone()).expect("valid"));
                for text in &texts {
                    prop_assert_eq!(fast.is_match(text), regex.is_match(text), "{} on {:?}", source, text);
                }
            }
        }
    }
}
