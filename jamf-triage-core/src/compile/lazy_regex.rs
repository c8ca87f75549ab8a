//! Regexes compiled the first time they are used.
//!
//! Compiling a regex (its automata, its prefilters) costs far more than parsing it, and a pack
//! holds about a hundred patterns of which one evidence record exercises a few. A pattern whose
//! compiled form is certainly within the regex crate's size limits is parsed when the pack
//! compiles and compiled on first use; a larger one is compiled at once, so that a pattern over
//! the limits is still reported at file:line:column when the pack compiles.

use std::sync::{Arc, OnceLock};

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind};

/// The largest [`size`] of a pattern compiled on first use. The regex crate's default limit is
/// 10 MiB per automaton; a unit here stands for at most a few dozen bytes of it.
const LAZY_SIZE: u64 = 1 << 16;

/// A regex compiled on first use (clones share the compiled form).
#[derive(Debug, Clone)]
pub(crate) struct LazyRegex(Arc<Inner>);

#[derive(Debug)]
struct Inner {
    pattern: Box<str>,
    /// The compiled regex; `None` if compiling failed (which a small pattern never does).
    compiled: OnceLock<Option<Regex>>,
}

impl LazyRegex {
    /// `pattern`, checked: parsed, and compiled at once unless it is certainly small.
    ///
    /// # Errors
    /// The regex crate's error for a pattern that does not compile.
    pub fn new(pattern: String) -> Result<LazyRegex, regex::Error> {
        let small = regex_syntax::Parser::new()
            .parse(&pattern)
            .is_ok_and(|hir| size(&hir) <= LAZY_SIZE);
        let compiled = OnceLock::new();
        if !small {
            // Not yet set: this cannot fail.
            let _ = compiled.set(Some(Regex::new(&pattern)?));
        }
        Ok(LazyRegex(Arc::new(Inner {
            pattern: pattern.into(),
            compiled,
        })))
    }

    /// The pattern.
    pub fn as_str(&self) -> &str {
        &self.0.pattern
    }

    /// The compiled regex, compiled now if it was not yet.
    pub fn get(&self) -> Option<&Regex> {
        self.0
            .compiled
            .get_or_init(|| Regex::new(&self.0.pattern).ok())
            .as_ref()
    }

    /// Whether the regex matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|regex| regex.is_match(text))
    }
}

/// A bound on the size of the automaton `hir` compiles to, in units of a state or so: a
/// character class counts each of its ranges many times (a Unicode range becomes several
/// UTF-8 sequences), and a counted repetition multiplies what it repeats.
fn size(hir: &Hir) -> u64 {
    let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 1,
        HirKind::Literal(literal) => count(literal.0.len()),
        HirKind::Class(Class::Unicode(class)) => count(class.ranges().len()).saturating_mul(32),
        HirKind::Class(Class::Bytes(class)) => count(class.ranges().len()).saturating_mul(2),
        HirKind::Repetition(repetition) => {
            let times = repetition.max.unwrap_or(repetition.min).max(repetition.min);
            size(&repetition.sub).saturating_mul(u64::from(times).saturating_add(1))
        }
        HirKind::Capture(capture) => size(&capture.sub).saturating_add(2),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts
            .iter()
            .fold(1, |total: u64, part| total.saturating_add(size(part))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_patterns_compile_on_first_use_and_big_ones_at_once() {
        let small = LazyRegex::new("(?m)AADSTS5007[69]".to_owned()).expect("valid");
        assert!(small.0.compiled.get().is_none());
        assert!(small.is_match("error AADSTS50076") && !small.is_match("AADSTS50075"));
        assert!(small.0.compiled.get().is_some());

        let big = LazyRegex::new(r"\w{100}".to_owned()).expect("within the limits");
        assert!(big.0.compiled.get().is_some());
        let error = LazyRegex::new(r"\w{1000}{1000}".to_owned()).expect_err("over the limits");
        assert!(error.to_string().contains("size limit"), "{error}");
        assert!(LazyRegex::new("(".to_owned()).is_err());
    }
}
