//! Which lines of each lines fact a compiled pack needs, so that a source reading a log keeps
//! only those (see [`LineNeeds`](crate::evidence::LineNeeds)).
//!
//! A line test (`any_line_matches`, `contains` on lines) and `count_matching` decide a line by
//! their regex run inside that line: a line no per-line test of the pack matches can change no
//! verdict, and `count` reads [`Lines::total`](crate::Lines::total), which counts the lines not
//! kept too. So a source keeps a line when one of the regexes the pack applies to its fact
//! matches it, and keeps none of a fact the pack tests with no regex. Two exceptions keep every
//! line: a regex anchored to the whole text (`\A`, `\z`, `^` without `(?m)`), whose meaning
//! depends on which line comes first or last, and a set of regexes too big to compile together.
//!
//! A regex only tested for whether some line matches it (`any_line_matches`, `contains`) reads
//! no more than its first matching line (the one an explanation quotes): of the lines it
//! matches, the first [`FIRST_MATCHES_KEPT`] are kept, so that a log that repeats a matching
//! line a million times keeps a few of them (the sink's tally goes with its rollbacks). A regex
//! `count_matching` reads keeps every line it matches.
//!
//! The filter of a fact is built the first time a source asks for it: compiling a pack stays
//! cheap for consumers that never collect evidence.

use std::sync::OnceLock;

use regex::{Regex, RegexSet};
use regex_syntax::hir::Look;

use super::lazy_regex::LazyRegex;
use super::program::{Program, Test};
use crate::FactType;
use crate::evidence::{LineMatcher, LineNeed};

/// How many of the lines a regex matches are kept when only the first one is read.
pub(crate) const FIRST_MATCHES_KEPT: u32 = 8;

/// The per-line regexes a pack applies to one lines fact, and the filter built from them.
#[derive(Debug, Clone)]
pub(crate) struct FactNeed {
    /// The fact's name.
    pub name: Box<str>,
    /// Every regex a per-line test applies to the fact, each once, with how many of the lines
    /// it matches are kept ([`FIRST_MATCHES_KEPT`], or every one for `count_matching`).
    regexes: Vec<(LazyRegex, u32)>,
    /// The filter, built on first use.
    filter: OnceLock<Filter>,
}

/// How the lines of a fact are kept.
#[derive(Debug, Clone)]
enum Filter {
    /// No per-line test: the lines are only counted.
    CountOnly,
    /// Every line: some regex depends on the lines around it.
    Every,
    /// The lines some regex matches.
    Matching(LineFilter),
}

/// Keeps the lines that one of a fact's regexes matches.
#[derive(Debug, Clone)]
pub(crate) struct LineFilter {
    /// The alternation of every regex, each in a group of its own (its flags stay its own):
    /// whether some regex matches a line, found with the regex engine's literal prefilters, as
    /// ripgrep searches; most lines of a log are decided by it alone. `None` when it is too big
    /// to build: the set decides alone.
    any: Option<Regex>,
    /// Every regex, run on the lines the alternation lets through to tell which regexes match.
    set: RegexSet,
    /// For each regex of the set, how many of the lines it matches are kept.
    caps: Vec<u32>,
}

impl LineFilter {
    /// Whether some regex matches `line`.
    fn any_matches(&self, line: &str) -> bool {
        match &self.any {
            Some(any) => any.is_match(line),
            None => self.set.is_match(line),
        }
    }
}

impl LineMatcher for LineFilter {
    fn keeps(&self, line: &str) -> bool {
        self.any_matches(line)
    }

    fn keeps_counted(&self, line: &str, kept: &mut Vec<u32>) -> bool {
        if kept.len() != self.caps.len() {
            kept.resize(self.caps.len(), 0);
        }
        // Every regex has all the lines it needs: nothing is left to match.
        if kept.iter().zip(&self.caps).all(|(count, cap)| count >= cap) {
            return false;
        }
        if !self.any_matches(line) {
            return false;
        }
        let mut keep = false;
        for index in self.set.matches(line).iter() {
            if let (Some(count), Some(&cap)) = (kept.get_mut(index), self.caps.get(index)) {
                if *count < cap {
                    *count += 1;
                    keep = true;
                }
            }
        }
        keep
    }
}

impl FactNeed {
    /// What is needed of the fact's lines.
    pub fn need(&self) -> LineNeed<'_> {
        match self.filter.get_or_init(|| Filter::new(&self.regexes)) {
            Filter::CountOnly => LineNeed::CountOnly,
            Filter::Every => LineNeed::Every,
            Filter::Matching(filter) => LineNeed::Matching(filter),
        }
    }
}

impl Filter {
    fn new(regexes: &[(LazyRegex, u32)]) -> Filter {
        if regexes.is_empty() {
            return Filter::CountOnly;
        }
        let patterns: Vec<&str> = regexes.iter().map(|(regex, _)| regex.as_str()).collect();
        if patterns.iter().any(|pattern| anchored_to_text(pattern)) {
            return Filter::Every;
        }
        match RegexSet::new(&patterns) {
            Ok(set) => Filter::Matching(LineFilter {
                any: Regex::new(&alternation(&patterns)).ok(),
                set,
                caps: regexes.iter().map(|(_, cap)| *cap).collect(),
            }),
            Err(_) => Filter::Every,
        }
    }
}

/// One regex matching where one of `patterns` does: each in a non-capturing group, so that the
/// flags it sets (`(?i)`, `(?m)`) end with it.
fn alternation(patterns: &[&str]) -> String {
    let groups: Vec<String> = patterns
        .iter()
        .map(|pattern| format!("(?:{pattern})"))
        .collect();
    groups.join("|")
}

/// Whether `pattern` holds an anchor to the start or end of the whole text (or does not
/// parse, which compiled regexes always do).
fn anchored_to_text(pattern: &str) -> bool {
    regex_syntax::Parser::new()
        .parse(pattern)
        .map_or(true, |hir| {
            let looks = hir.properties().look_set();
            looks.contains(Look::Start) || looks.contains(Look::End)
        })
}

/// One [`FactNeed`] per lines fact the pack reads, sorted by name (as the slots are).
pub(crate) fn fact_needs(program: &Program) -> Vec<FactNeed> {
    program
        .slots
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.fact_type == FactType::Lines)
        .map(|(index, slot)| {
            let mut regexes: Vec<(LazyRegex, u32)> = Vec::new();
            for leaf in program.leaves.iter().filter(|leaf| leaf.slot == index) {
                let (regex, cap) = match &leaf.test {
                    Test::Lines(pattern) => (&pattern.regex, FIRST_MATCHES_KEPT),
                    Test::Count {
                        matching: Some(regex),
                        ..
                    } => (regex, u32::MAX),
                    _ => continue,
                };
                match regexes
                    .iter_mut()
                    .find(|(known, _)| known.as_str() == regex.as_str())
                {
                    Some((_, known_cap)) => *known_cap = (*known_cap).max(cap),
                    None => regexes.push((regex.clone(), cap)),
                }
            }
            FactNeed {
                name: slot.name.clone(),
                regexes,
                filter: OnceLock::new(),
            }
        })
        .collect()
}

/// What `needs` (from [`fact_needs`]) says of the lines fact `fact`: a fact the pack does not
/// read is only counted.
pub(crate) fn need<'a>(needs: &'a [FactNeed], fact: &str) -> LineNeed<'a> {
    match needs.binary_search_by(|need| (*need.name).cmp(fact)) {
        Ok(index) => needs.get(index).map_or(LineNeed::CountOnly, FactNeed::need),
        Err(_) => LineNeed::CountOnly,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filter(patterns: &[&str]) -> Filter {
        let regexes: Vec<(LazyRegex, u32)> = patterns
            .iter()
            .map(|p| {
                let regex = LazyRegex::new(format!("(?m){p}")).expect("valid");
                (regex, FIRST_MATCHES_KEPT)
            })
            .collect();
        Filter::new(&regexes)
    }

    fn keeps(filter: &Filter, line: &str) -> bool {
        match filter {
            Filter::Matching(filter) => filter.keeps(line),
            other => panic!("not a matching filter: {other:?}"),
        }
    }

    #[test]
    fn lines_are_kept_when_a_regex_matches_them() {
        let mixed = filter(&["AADSTS50076", "(?i)keychain item"]);
        assert!(matches!(
            &mixed,
            Filter::Matching(LineFilter { any: Some(_), .. })
        ));
        assert!(keeps(&mixed, "x AADSTS50076 y"));
        assert!(keeps(&mixed, "KEYCHAIN Item"));
        assert!(!keeps(&mixed, "AADSTS5007"));
        // One regex's `(?i)` does not reach the others.
        assert!(!keeps(&mixed, "x aadsts50076 y"));
        let caseless_first = filter(&["(?i)keychain item", "AADSTS50076"]);
        assert!(!keeps(&caseless_first, "x aadsts50076 y"));
        assert!(keeps(&caseless_first, "x AADSTS50076 y"));
        let open = filter(&["^$", "AADSTS"]);
        assert!(keeps(&open, "") && keeps(&open, "AADSTS") && !keeps(&open, "x"));
    }

    #[test]
    fn a_pattern_keeps_its_first_matches_and_a_counted_one_keeps_all() {
        let capped = |cap| {
            let regexes = vec![
                (
                    LazyRegex::new("(?m)AADSTS50076".to_owned()).expect("valid"),
                    cap,
                ),
                (
                    LazyRegex::new("(?m)failed".to_owned()).expect("valid"),
                    FIRST_MATCHES_KEPT,
                ),
            ];
            match Filter::new(&regexes) {
                Filter::Matching(filter) => filter,
                other => panic!("not a matching filter: {other:?}"),
            }
        };
        for (cap, expected) in [(FIRST_MATCHES_KEPT, FIRST_MATCHES_KEPT), (u32::MAX, 100)] {
            let filter = capped(cap);
            let mut kept = Vec::new();
            let hits = (0..100)
                .filter(|_| filter.keeps_counted("x AADSTS50076 y", &mut kept))
                .count();
            assert_eq!(u32::try_from(hits).ok(), Some(expected));
            // The other pattern still gets its lines, and then nothing is kept.
            assert!(filter.keeps_counted("step failed", &mut kept));
            assert!(
                filter.keeps_counted("failed AADSTS50076", &mut kept) || cap == FIRST_MATCHES_KEPT
            );
        }
        let filter = capped(FIRST_MATCHES_KEPT);
        let mut kept = vec![FIRST_MATCHES_KEPT, FIRST_MATCHES_KEPT];
        assert!(!filter.keeps_counted("failed AADSTS50076", &mut kept));
        assert!(
            filter.keeps("failed AADSTS50076"),
            "keeps ignores the tally"
        );
    }

    #[test]
    fn no_regex_counts_and_text_anchors_keep_everything() {
        assert!(matches!(filter(&[]), Filter::CountOnly));
        for anchored in [r"\Afirst", r"last\z", "(?-m)^first", "a|(?-m:b$)"] {
            assert!(matches!(filter(&[anchored]), Filter::Every), "{anchored}");
        }
        assert!(matches!(filter(&["^a$"]), Filter::Matching(_)));
    }
}
