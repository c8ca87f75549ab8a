//! The compiled form of a rule pack: conditions as a node arena over dense fact slots, with
//! every regex compiled and every literal parsed. Evaluation reads it and never changes it.

use jiff::{SignedDuration, Timestamp};
use regex::Regex;

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
    /// Every condition node.
    pub nodes: Vec<Node>,
    /// The root of each cause's `when`, in pack order.
    pub causes: Vec<NodeId>,
    /// Cause indices in an order where every cause comes after the causes it tests.
    pub cause_order: Vec<usize>,
    /// The root of each symptom's `detect`, in pack order.
    pub symptoms: Vec<Option<NodeId>>,
    /// The index of each cause's resolution.
    pub resolutions: Vec<usize>,
    /// One multi-pattern set per lines fact that line tests scan.
    pub line_sets: Vec<LineSet>,
    /// The slot of `observed_at`.
    pub observed_at: usize,
    /// The slot of `context.reported.symptoms`.
    pub reported: usize,
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
    All(Vec<NodeId>),
    Any(Vec<NodeId>),
    Not(NodeId),
    /// The truth of cause number `.0`'s `when`.
    Cause(usize),
    Leaf(Leaf),
}

/// A test on one fact.
#[derive(Debug, Clone)]
pub(crate) struct Leaf {
    pub slot: usize,
    pub test: Test,
    /// The test as data, for explanations (`older than 24h`).
    pub check: crate::report::Check,
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
    Matches(Regex),
    /// List: every element is one of these.
    AllIn(Vec<Text>),
    Compare(Cmp, Bound),
    Count {
        matching: Option<Regex>,
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
    pub regex: Regex,
    /// Whether a match in the joined text could run across a line break, so that a hit of the
    /// set must be confirmed line by line.
    pub may_span: bool,
}
