//! The shape of a condition, checked without the fact catalog: exactly one form per node,
//! exactly one operator per `fact:` test, and operator arguments that can be read (regexes,
//! durations, times, counts).

use std::collections::{HashMap, HashSet};

use crate::compile::compiled_form;
use crate::compile::lazy_regex::LazyRegex;
use crate::model::{Condition, CountDef};
use crate::ops::{Form, Op, count_comparisons, forms, operators};
use crate::problem::{Anchor, Problem};
use crate::yaml::index::child;
use crate::{RuleErrorKind, parse_duration, parse_instant};

/// A `cause:` test, with its path (for the reference and cycle checks).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CauseRef {
    pub id: String,
    pub path: String,
}

/// The regexes of a pack, checked as it loads: which patterns are valid (each distinct pattern
/// is parsed once, and parsing one of Unicode classes or `(?i)` costs tens of microseconds), and
/// each pattern in the form the engine compiles it ([`compiled_form`]) when that form compiles,
/// which [`crate::Engine::compile`] takes from the pack instead of parsing the pattern again.
#[derive(Debug, Default)]
pub(crate) struct CheckedRegexes {
    valid: HashSet<String>,
    compiled: HashMap<String, LazyRegex>,
}

impl CheckedRegexes {
    /// Whether `pattern` is a valid regex.
    fn is_valid(&mut self, pattern: &str) -> bool {
        if self.valid.contains(pattern) {
            return true;
        }
        let form = compiled_form(pattern);
        // Without quotes to fold, the compiled form is `(?m)` and the pattern: valid exactly
        // when the pattern is (a pattern over the size limits is valid, and an error of the
        // compiled pack).
        let unfolded = form.strip_prefix("(?m)") == Some(pattern);
        let compiled = LazyRegex::new(form.clone()).ok();
        let valid =
            (unfolded && compiled.is_some()) || regex_syntax::Parser::new().parse(pattern).is_ok();
        if let Some(regex) = compiled {
            self.compiled.insert(form, regex);
        }
        if valid {
            self.valid.insert(pattern.to_owned());
        }
        valid
    }

    /// The regexes in their compiled form, by that form.
    pub fn into_compiled(self) -> HashMap<String, LazyRegex> {
        self.compiled
    }
}

/// Checks `condition` at `path` of file `file`; returns the `cause:` tests it holds.
pub(crate) fn check_condition(
    condition: &Condition,
    file: usize,
    path: &str,
    problems: &mut Vec<Problem>,
    regexes: &mut CheckedRegexes,
) -> Vec<CauseRef> {
    let mut checker = Checker {
        file,
        problems,
        regexes,
        refs: Vec::new(),
    };
    checker.node(condition, path);
    checker.refs
}

struct Checker<'p> {
    file: usize,
    problems: &'p mut Vec<Problem>,
    regexes: &'p mut CheckedRegexes,
    refs: Vec<CauseRef>,
}

impl Checker<'_> {
    fn push(&mut self, path: String, kind: RuleErrorKind, message: String) -> &mut Problem {
        self.problems
            .push(Problem::new(self.file, path, kind, message));
        let last = self.problems.len() - 1;
        &mut self.problems[last]
    }

    fn node(&mut self, condition: &Condition, path: &str) {
        let forms = forms(condition);
        let ops = operators(condition);
        match forms.as_slice() {
            [] if ops.is_empty() => {
                let message = "an empty condition".to_owned();
                let problem = self.push(path.to_owned(), RuleErrorKind::ConditionForm, message);
                problem.help = Some(FORMS_HELP.to_owned());
            }
            [] => {}
            [_] => {}
            [first, second, ..] => {
                let message = format!(
                    "a condition has one form, but this one has both `{}` and `{}`",
                    first.key(),
                    second.key()
                );
                let problem = self.push(
                    child(path, second.key()),
                    RuleErrorKind::ConditionForm,
                    message,
                );
                problem.anchor = Anchor::Key;
                problem.help =
                    Some("combine conditions in a list under `all:` or `any:`".to_owned());
            }
        }
        let is_leaf = forms.iter().any(|form| matches!(form, Form::Fact(_)));
        if is_leaf {
            self.leaf_operators(&ops, path);
        } else if let Some(op) = ops.first() {
            let message = format!(
                "`{}` tests a fact, but this condition has no `fact:`",
                op.key()
            );
            let problem = self.push(child(path, op.key()), RuleErrorKind::OperatorCount, message);
            problem.anchor = Anchor::Key;
        }
        for op in &ops {
            self.operator(op, &child(path, op.key()));
        }
        for form in forms {
            match form {
                Form::All(children) | Form::Any(children) => {
                    for (index, condition) in children.iter().enumerate() {
                        self.node(condition, &format!("{path}.{}[{index}]", form.key()));
                    }
                }
                Form::Not(condition) => self.node(condition, &child(path, "not")),
                Form::Cause(id) => self.refs.push(CauseRef {
                    id: id.to_owned(),
                    path: child(path, "cause"),
                }),
                Form::Fact(_) => {}
            }
        }
    }

    /// A `fact:` test has exactly one operator.
    fn leaf_operators(&mut self, ops: &[Op<'_>], path: &str) {
        match ops {
            [] => {
                let message = "this `fact:` test has no operator".to_owned();
                let problem = self.push(child(path, "fact"), RuleErrorKind::OperatorCount, message);
                problem.anchor = Anchor::Key;
                problem.help = Some("add one, like `exists: true` or `equals: ...`".to_owned());
            }
            [_] => {}
            [first, second, ..] => {
                let message = format!(
                    "a `fact:` test has one operator, but this one has both `{}` and `{}`",
                    first.key(),
                    second.key()
                );
                let problem = self.push(
                    child(path, second.key()),
                    RuleErrorKind::OperatorCount,
                    message,
                );
                problem.anchor = Anchor::Key;
                problem.help = Some("combine tests in a list under `all:` or `any:`".to_owned());
            }
        }
    }

    /// The operator's argument can be read.
    fn operator(&mut self, op: &Op<'_>, path: &str) {
        match op {
            Op::Matches(pattern) | Op::AnyLineMatches(pattern) => {
                self.regex(pattern, path.to_owned())
            }
            Op::Count(count) => {
                self.comparisons(count, path);
                if count.pattern.is_some() {
                    let message = "`count` takes no `pattern`".to_owned();
                    let problem =
                        self.push(child(path, "pattern"), RuleErrorKind::CountPattern, message);
                    problem.anchor = Anchor::Key;
                    problem.help = Some("to count matching items, use `count_matching`".to_owned());
                }
            }
            Op::CountMatching(count) => {
                self.comparisons(count, path);
                match &count.pattern {
                    Some(pattern) => self.regex(pattern, child(path, "pattern")),
                    None => {
                        let message = "`count_matching` needs a `pattern`".to_owned();
                        let problem =
                            self.push(path.to_owned(), RuleErrorKind::CountPattern, message);
                        problem.help = Some("to count every item, use `count`".to_owned());
                    }
                }
            }
            Op::OlderThan(text) | Op::NewerThan(text) => {
                if let Err(error) = parse_duration(text) {
                    self.push(
                        path.to_owned(),
                        RuleErrorKind::BadDuration,
                        error.to_string(),
                    );
                }
            }
            Op::Before(text) | Op::After(text) => {
                if let Err(error) = parse_instant(text) {
                    self.push(path.to_owned(), RuleErrorKind::BadTime, error.to_string());
                }
            }
            _ => {}
        }
    }

    fn comparisons(&mut self, count: &CountDef, path: &str) {
        let found = count_comparisons(count);
        let message = match found.as_slice() {
            [_] => return,
            [] => "a count needs one comparison".to_owned(),
            [(first, ..), (second, ..), ..] => {
                format!(
                    "a count has one comparison, but this one has both `{first}` and `{second}`"
                )
            }
        };
        let problem = self.push(path.to_owned(), RuleErrorKind::CountComparison, message);
        problem.help = Some("use one of `eq`, `gt`, `ge`, `lt`, `le`".to_owned());
    }

    fn regex(&mut self, pattern: &str, path: String) {
        // Parsing tells whether a pattern is valid, at a fraction of the cost of compiling it
        // (which waits for the pattern's first use when it is certainly small); the regex crate
        // words the error of an invalid one.
        if self.regexes.is_valid(pattern) {
            return;
        }
        if let Err(error) = regex::Regex::new(pattern) {
            let (message, anchor) = describe_regex_error(pattern, &error);
            let problem = self.push(path, RuleErrorKind::InvalidRegex, message);
            problem.anchor = anchor;
        }
    }
}

const FORMS_HELP: &str = "write one of `all`, `any`, `not`, `cause` or `fact` with an operator";

/// The message of a regex error, and where in the pattern it is when the regex crate says.
///
/// The crate renders syntax errors as the pattern indented by four spaces, a line of carets
/// under the offending part, and `error: <message>`; this reads the carets back.
fn describe_regex_error(pattern: &str, error: &regex::Error) -> (String, Anchor) {
    let text = error.to_string();
    let lines: Vec<&str> = text.lines().collect();
    let message = lines
        .iter()
        .rev()
        .find_map(|line| line.strip_prefix("error: "))
        .map_or_else(|| text.clone(), str::to_owned);
    let message = format!("invalid regex: {message}");
    let single_line = !pattern.contains('\n') && lines.len() == 4;
    let carets = lines.get(2).and_then(|line| line.strip_prefix("    "));
    let anchor = match carets {
        Some(carets) if single_line => {
            let offset = carets.chars().take_while(|&c| c == ' ').count();
            let width = carets.chars().filter(|&c| c == '^').count();
            Anchor::Inside {
                offset: to_u32(offset),
                width: to_u32(width),
                len: to_u32(pattern.chars().count()),
            }
        }
        _ => Anchor::Value,
    };
    (message, anchor)
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regex_errors_point_inside_the_pattern() {
        let pattern = String::from("ab[z-a]c");
        let error = regex::Regex::new(&pattern).expect_err("reversed range");
        let (message, anchor) = describe_regex_error(&pattern, &error);
        assert!(
            message.starts_with("invalid regex: invalid character class range"),
            "{message}"
        );
        assert_eq!(
            anchor,
            Anchor::Inside {
                offset: 3,
                width: 3,
                len: 8
            }
        );
    }
}
