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
//! The filter of a fact is built the first time a source asks for it: compiling a pack stays
//! cheap for consumers that never collect evidence.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;
use regex::{Regex, RegexSet};
use regex_syntax::hir::Look;

use super::program::{Program, Test};
use super::scan::literal_prefilter;
use crate::FactType;
use crate::evidence::{LineMatcher, LineNeed};

/// The per-line regexes a pack applies to one lines fact, and the filter built from them.
#[derive(Debug, Clone)]
pub(crate) struct FactNeed {
    /// The fact's name.
    pub name: Box<str>,
    /// Every regex a per-line test applies to the fact, each once.
    regexes: Vec<Regex>,
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
    /// Automata over the prefix literals of every regex, when every regex has some: a line
    /// holding none of them matches no regex.
    literals: Option<Vec<AhoCorasick>>,
    /// Every regex, run on the lines the literals let through.
    set: RegexSet,
}

impl LineMatcher for LineFilter {
    fn keeps(&self, line: &str) -> bool {
        if let Some(literals) = &self.literals {
            if !literals.iter().any(|automaton| automaton.is_match(line)) {
                return false;
            }
        }
        self.set.is_match(line)
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
    fn new(regexes: &[Regex]) -> Filter {
        if regexes.is_empty() {
            return Filter::CountOnly;
        }
        let patterns: Vec<&str> = regexes.iter().map(Regex::as_str).collect();
        if patterns.iter().any(|pattern| anchored_to_text(pattern)) {
            return Filter::Every;
        }
        match RegexSet::new(&patterns) {
            Ok(set) => Filter::Matching(LineFilter {
                literals: literal_prefilter(&patterns),
                set,
            }),
            Err(_) => Filter::Every,
        }
    }
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
            let mut regexes: Vec<Regex> = Vec::new();
            for leaf in program.leaves.iter().filter(|leaf| leaf.slot == index) {
                let regex = match &leaf.test {
                    Test::Lines(pattern) => &pattern.regex,
                    Test::Count {
                        matching: Some(regex),
                        ..
                    } => regex,
                    _ => continue,
                };
                if !regexes.iter().any(|known| known.as_str() == regex.as_str()) {
                    regexes.push(regex.clone());
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
        let regexes: Vec<Regex> = patterns
            .iter()
            .map(|p| Regex::new(&format!("(?m){p}")).expect("valid"))
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
        let with_literals = filter(&["AADSTS50076", "(?i)keychain item"]);
        assert!(matches!(
            &with_literals,
            Filter::Matching(LineFilter {
                literals: Some(_),
                ..
            })
        ));
        assert!(keeps(&with_literals, "x AADSTS50076 y"));
        assert!(keeps(&with_literals, "KEYCHAIN Item"));
        assert!(!keeps(&with_literals, "AADSTS5007"));
        let open = filter(&["^$", "AADSTS"]);
        assert!(matches!(
            &open,
            Filter::Matching(LineFilter { literals: None, .. })
        ));
        assert!(keeps(&open, "") && keeps(&open, "AADSTS") && !keeps(&open, "x"));
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
