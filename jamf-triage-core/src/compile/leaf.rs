//! Compiling one `fact:` test: the fact must be declared, the operator must fit its type, and
//! the argument is parsed for that type (quote-folded text, regex, time, duration).

use super::Compiler;
use super::lazy_regex::LazyRegex;
use super::program::{Bound, Leaf, LinePattern, Literal, Pattern, Test, Text};
use crate::model::{CountDef, Scalar};
use crate::ops::{Cmp, Op, count_comparisons};
use crate::problem::Problem;
use crate::quotes::{fold_literal, fold_pattern};
use crate::report::{Check, CheckOp};
use crate::yaml::index::child;
use crate::{FactType, RuleErrorKind, parse_duration, parse_instant};

use FactType as T;

/// The fact types an operator applies to.
fn applies_to(op: &Op<'_>) -> &'static [FactType] {
    match op {
        Op::Exists(_) => &[
            T::Bool,
            T::Integer,
            T::String,
            T::Timestamp,
            T::Duration,
            T::List,
            T::Lines,
        ],
        Op::Equals(_) | Op::NotEquals(_) | Op::OneOf(_) => {
            &[T::Bool, T::Integer, T::String, T::Timestamp, T::Duration]
        }
        Op::Contains(_) => &[T::String, T::List, T::Lines],
        Op::Matches(_) => &[T::String, T::List],
        Op::AnyLineMatches(_) => &[T::Lines, T::List],
        Op::AllIn(_) | Op::IntersectsFact(_) => &[T::List],
        Op::Compare(..) => &[T::Integer, T::Duration],
        Op::Count(_) | Op::CountMatching(_) => &[T::List, T::Lines],
        Op::OlderThan(_) | Op::NewerThan(_) | Op::Before(_) | Op::After(_) => &[T::Timestamp],
        Op::EqualsFact(_) => &[
            T::Bool,
            T::Integer,
            T::String,
            T::Timestamp,
            T::Duration,
            T::List,
        ],
        Op::InFact(_) => &[T::String, T::List],
    }
}

fn type_names(types: &[FactType]) -> String {
    let names: Vec<&str> = types.iter().map(|t| t.name()).collect();
    match names.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// Whether a regex written by a rule author could match across a line break in the joined text
/// of a lines fact (conservative: any construct that can match `\n`).
fn may_span(pattern: &str) -> bool {
    const RISKY: [&str; 12] = [
        r"\s", r"\W", r"\D", r"\P", r"\p", r"\n", r"\x", r"\u", r"\U", "[^", "[:", "(?",
    ];
    RISKY.iter().any(|risky| pattern.contains(risky)) || pattern.chars().any(char::is_control)
}

/// How a literal for a fact of type `fact_type` is written.
fn literal_hint(fact_type: FactType) -> &'static str {
    match fact_type {
        T::Bool => "`true` or `false`",
        T::Integer => "a whole number",
        T::Timestamp => "a date like `2025-01-31` or an RFC 3339 time",
        T::Duration => "a duration like `24h`",
        T::String | T::List | T::Lines => "text",
    }
}

/// Text as the rule wrote it, between quotes.
fn quoted(text: &str) -> String {
    format!("\"{text}\"")
}

/// A pattern as the rule wrote it, between slashes.
fn slashed(pattern: &str) -> String {
    format!("/{pattern}/")
}

fn scalar_words(value: &Scalar) -> String {
    match value {
        Scalar::String(text) => quoted(text),
        other => other.to_string(),
    }
}

impl Compiler<'_> {
    fn problem(
        &mut self,
        file: usize,
        path: String,
        kind: RuleErrorKind,
        message: String,
    ) -> &mut Problem {
        self.problems.push(Problem::new(file, path, kind, message));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    /// The slot of the fact `name`, or an unknown-fact problem at `path`.
    fn declared(&mut self, name: &str, file: usize, path: String) -> Option<(usize, FactType)> {
        if let Some(slot) = self.slot(name) {
            return self.slots.get(slot).map(|s| (slot, s.fact_type));
        }
        let suggestion = self.catalog.suggest(name).map(str::to_owned);
        let problem = self.problem(
            file,
            path,
            RuleErrorKind::UnknownFact,
            format!("unknown fact `{name}`"),
        );
        problem.suggestion = suggestion;
        None
    }

    /// Compiles the test `op` on fact `name`, at condition `path`.
    pub(super) fn leaf(
        &mut self,
        name: &str,
        op: &Op<'_>,
        file: usize,
        path: &str,
    ) -> Option<Leaf> {
        let (slot, fact_type) = self.declared(name, file, child(path, "fact"))?;
        let op_path = child(path, op.key());
        let types = applies_to(op);
        if !types.contains(&fact_type) {
            let message = format!(
                "`{}` does not apply to `{name}`, a {fact_type} fact",
                op.key()
            );
            let help = match (op, fact_type) {
                (Op::Matches(_), T::Lines) => "to test lines, use `any_line_matches`".to_owned(),
                _ => format!("`{}` applies to {} facts", op.key(), type_names(types)),
            };
            let problem = self.problem(file, op_path, RuleErrorKind::OperatorType, message);
            problem.anchor = crate::problem::Anchor::Key;
            problem.help = Some(help);
            return None;
        }
        let mut at = At {
            compiler: self,
            file,
            path: op_path,
            fact: name,
            fact_type,
        };
        let (test, check) = at.test(op, slot)?;
        Some(Leaf {
            slot,
            test,
            words: check.to_string(),
            check,
        })
    }
}

/// One operator being compiled, with where it is written and the fact it tests.
struct At<'a, 'c> {
    compiler: &'a mut Compiler<'c>,
    file: usize,
    path: String,
    fact: &'a str,
    fact_type: FactType,
}

impl At<'_, '_> {
    /// Records a problem; nothing compiles.
    fn fail<V>(&mut self, path: String, kind: RuleErrorKind, message: String) -> Option<V> {
        self.compiler.problem(self.file, path, kind, message);
        None
    }

    fn test(&mut self, op: &Op<'_>, slot: usize) -> Option<(Test, Check)> {
        Some(match op {
            Op::Exists(true) => (Test::Exists(true), Check::new(CheckOp::Exists, "")),
            Op::Exists(false) => (Test::Exists(false), Check::new(CheckOp::Missing, "")),
            Op::Equals(value) => (
                Test::Equals(self.literal(value, self.path.clone())?),
                Check::new(CheckOp::Equals, scalar_words(value)),
            ),
            Op::NotEquals(value) => (
                Test::NotEquals(self.literal(value, self.path.clone())?),
                Check::new(CheckOp::NotEquals, scalar_words(value)),
            ),
            Op::OneOf(values) => {
                let mut literals = Vec::with_capacity(values.len());
                for (index, value) in values.iter().enumerate() {
                    literals.push(self.literal(value, format!("{}[{index}]", self.path))?);
                }
                let words: Vec<String> = values.iter().map(scalar_words).collect();
                (
                    Test::OneOf(literals),
                    Check::new(CheckOp::OneOf, words.join(", ")),
                )
            }
            Op::Contains(text) if self.fact_type == T::Lines => {
                // A literal with a line break can only match across lines: confirm its hits.
                let spans = text.contains(['\n', '\r']);
                let test = self.line_pattern(slot, &fold_literal(text), spans)?;
                (test, Check::new(CheckOp::LineContains, quoted(text)))
            }
            Op::Contains(text) => {
                let text_test = self.text(text, self.fact_type == T::List)?;
                (
                    Test::Contains(text_test),
                    Check::new(CheckOp::Contains, quoted(text)),
                )
            }
            Op::AnyLineMatches(pattern) if self.fact_type == T::Lines => {
                let test = self.line_pattern(slot, &fold_pattern(pattern), may_span(pattern))?;
                (test, Check::new(CheckOp::LineMatches, slashed(pattern)))
            }
            Op::Matches(pattern) | Op::AnyLineMatches(pattern) => {
                let op = if self.fact_type == T::List {
                    CheckOp::ElementMatches
                } else {
                    CheckOp::Matches
                };
                let regex = self.regex(pattern, self.path.clone())?;
                (
                    Test::Matches(Pattern::new(regex)),
                    Check::new(op, slashed(pattern)),
                )
            }
            Op::AllIn(items) => {
                let mut texts = Vec::with_capacity(items.len());
                for item in *items {
                    texts.push(self.text(item, true)?);
                }
                let words: Vec<String> = items.iter().map(|item| quoted(item)).collect();
                (
                    Test::AllIn(texts),
                    Check::new(CheckOp::AllIn, words.join(", ")),
                )
            }
            Op::Compare(cmp, value) => {
                let bound = self.bound(value)?;
                (
                    Test::Compare(*cmp, bound),
                    Check::new(
                        CheckOp::Compare,
                        format!("{} {}", cmp.symbol(), scalar_words(value)),
                    ),
                )
            }
            Op::Count(count) => {
                let (cmp, bound) = self.count(count)?;
                (
                    Test::Count {
                        matching: None,
                        cmp,
                        bound,
                    },
                    Check::new(CheckOp::Count, format!("{} {bound}", cmp.symbol())),
                )
            }
            Op::CountMatching(count) => {
                let (cmp, bound) = self.count(count)?;
                let pattern = count.pattern.as_deref().unwrap_or_default();
                let regex = self.regex(pattern, child(&self.path, "pattern"))?;
                let words = Check::new(
                    CheckOp::CountMatching,
                    format!("{} {} {bound}", slashed(pattern), cmp.symbol()),
                );
                (
                    Test::Count {
                        matching: Some(regex),
                        cmp,
                        bound,
                    },
                    words,
                )
            }
            Op::OlderThan(text) | Op::NewerThan(text) => {
                let by = parse_duration(text).ok()?;
                let older = matches!(op, Op::OlderThan(_));
                let op = if older {
                    CheckOp::OlderThan
                } else {
                    CheckOp::NewerThan
                };
                (Test::Age { older, by }, Check::new(op, *text))
            }
            Op::Before(text) | Op::After(text) => {
                let at = parse_instant(text).ok()?;
                let before = matches!(op, Op::Before(_));
                let op = if before {
                    CheckOp::Before
                } else {
                    CheckOp::AtOrAfter
                };
                (Test::Instant { before, at }, Check::new(op, *text))
            }
            Op::EqualsFact(other) => {
                let other_slot = self.other_fact(other, &[self.fact_type])?;
                (
                    Test::EqualsFact(other_slot),
                    Check::new(CheckOp::EqualsFact, *other),
                )
            }
            Op::InFact(other) => {
                let other_slot = self.other_fact(other, &[T::List])?;
                (
                    Test::InFact(other_slot),
                    Check::new(CheckOp::InFact, *other),
                )
            }
            Op::IntersectsFact(other) => {
                let other_slot = self.other_fact(other, &[T::List])?;
                (
                    Test::IntersectsFact(other_slot),
                    Check::new(CheckOp::IntersectsFact, *other),
                )
            }
        })
    }

    /// The slot of the other fact of a fact-to-fact comparison, which must have one of `types`.
    fn other_fact(&mut self, other: &str, types: &[FactType]) -> Option<usize> {
        let (slot, other_type) = self
            .compiler
            .declared(other, self.file, self.path.clone())?;
        if types.contains(&other_type) {
            return Some(slot);
        }
        let message = format!(
            "`{}` compares `{}` (a {}) with `{other}`, a {other_type} fact",
            self.path.rsplit('.').next().unwrap_or_default(),
            self.fact,
            self.fact_type,
        );
        self.fail(self.path.clone(), RuleErrorKind::OperatorType, message)
    }

    /// A literal compared with the fact: a boolean, an integer, text (integers and booleans are
    /// read as text for string facts), a time or a duration.
    fn literal(&mut self, value: &Scalar, path: String) -> Option<Literal> {
        let literal = match (self.fact_type, value) {
            (T::Bool, Scalar::Bool(value)) => Literal::Bool(*value),
            (T::Integer, Scalar::Integer(value)) => Literal::Integer(*value),
            (T::String, value) => Literal::Text(self.text(&value.to_string(), true)?),
            (T::Timestamp, Scalar::String(text)) => match parse_instant(text) {
                Ok(at) => Literal::Timestamp(at),
                Err(error) => {
                    return self.fail(path, RuleErrorKind::BadTime, error.to_string());
                }
            },
            (T::Duration, Scalar::String(text)) => Literal::Duration(self.duration(text, path)?),
            (fact_type, value) => return self.literal_mismatch(fact_type, value, path),
        };
        Some(literal)
    }

    fn duration(&mut self, text: &str, path: String) -> Option<jiff::SignedDuration> {
        match parse_duration(text) {
            Ok(duration) => Some(duration),
            Err(error) => self.fail(path, RuleErrorKind::BadDuration, error.to_string()),
        }
    }

    /// Reports a literal that does not fit the fact's type.
    fn literal_mismatch<V>(
        &mut self,
        fact_type: FactType,
        value: &Scalar,
        path: String,
    ) -> Option<V> {
        let message = format!(
            "`{value}` cannot be compared with `{}`, a {fact_type} fact",
            self.fact
        );
        self.compiler
            .problem(self.file, path, RuleErrorKind::ValueType, message)
            .help = Some(format!("write {}", literal_hint(fact_type)));
        None
    }

    fn bound(&mut self, value: &Scalar) -> Option<Bound> {
        match (self.fact_type, value) {
            (T::Integer, Scalar::Integer(value)) => Some(Bound::Integer(*value)),
            (T::Duration, Scalar::String(text)) => {
                self.duration(text, self.path.clone()).map(Bound::Duration)
            }
            (fact_type, value) => self.literal_mismatch(fact_type, value, self.path.clone()),
        }
    }

    fn count(&mut self, count: &CountDef) -> Option<(Cmp, i64)> {
        count_comparisons(count)
            .first()
            .map(|&(_, cmp, bound)| (cmp, bound))
    }

    fn text(&mut self, text: &str, whole: bool) -> Option<Text> {
        match Text::new(text, whole) {
            Ok(text) => Some(text),
            Err(error) => self.fail(
                self.path.clone(),
                RuleErrorKind::InvalidRegex,
                error.to_string(),
            ),
        }
    }

    fn regex(&mut self, pattern: &str, path: String) -> Option<LazyRegex> {
        match self.compiler.regex(super::compiled_form(pattern)) {
            Ok(regex) => Some(regex),
            Err(error) => self.fail(
                path,
                RuleErrorKind::InvalidRegex,
                format!("invalid regex: {error}"),
            ),
        }
    }

    /// A line test: its folded pattern joins the line set of its fact.
    fn line_pattern(&mut self, slot: usize, folded: &str, may_span: bool) -> Option<Test> {
        let regex = match self.compiler.regex(super::line_by_line(folded)) {
            Ok(regex) => regex,
            Err(error) => {
                return self.fail(
                    self.path.clone(),
                    RuleErrorKind::InvalidRegex,
                    format!("invalid regex: {error}"),
                );
            }
        };
        let groups = &mut self.compiler.line_groups;
        let set = match groups.iter().position(|group| group.slot == slot) {
            Some(set) => set,
            None => {
                groups.push(super::LineGroup {
                    slot,
                    regexes: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = groups.get_mut(set)?;
        let member = group.regexes.len();
        group.regexes.push(regex.clone());
        Some(Test::Lines(LinePattern {
            set,
            member,
            regex,
            may_span,
        }))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_that_can_match_a_line_break_are_flagged() {
        for risky in [r"a\s+b", r"[^x]+", r"(?s)a.b", r"\x0A", "a\nb", r"\p{Any}"] {
            assert!(super::may_span(risky), "{risky}");
        }
        for safe in [
            "AccountNotOnboarded",
            r"error \d+",
            r"^Portal launched.*$",
            "[a-z]+",
        ] {
            assert!(!super::may_span(safe), "{safe}");
        }
    }
}
