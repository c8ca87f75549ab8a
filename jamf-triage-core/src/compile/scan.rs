//! One pass over the text of a lines fact for every pattern a pack applies to it.
//!
//! A `RegexSet` runs all its patterns at once but cannot skip text, so it reads every byte at
//! the speed of its lazy DFA. Most log patterns begin with text (`AADSTS50076`, `Unable to
//! connect to`), so at compile time each pattern's *prefix literals* are extracted with
//! `regex-syntax` (every match of the pattern starts with one of them), and all of them go into
//! one Aho-Corasick automaton, which skips through the text with SIMD (Teddy) when the literals
//! are few. A pattern is decided by its own regex, run once from the start of the line where one
//! of its literals is first seen: literals hold no line break, so no match of the pattern starts
//! before that line. The automaton reports literals leftmost-first without overlap, so a literal
//! can hide another that starts inside it (in the same line): a hit also decides the patterns
//! whose literals could start inside the literal found. Patterns whose literals vary by case
//! (`(?i)`) are lower-cased into a second automaton that ignores ASCII case; patterns with no
//! usable literal (`.*x`, `^$`) keep a smaller `RegexSet`.
//!
//! The outcome is exactly the `RegexSet`'s: for each pattern, whether it matches somewhere in
//! the text (a property test checks this).

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The most literals one pattern may bring to the automata; more say little about the text.
const MAX_LITERALS: usize = 64;

/// Every line pattern applied to one lines fact, scanned in one pass.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// The slot of the lines fact.
    pub slot: usize,
    /// Each member's regex, which confirms it where its literals are seen.
    regexes: Vec<Regex>,
    /// The members without usable literals, with their member numbers.
    rest: Option<(RegexSet, Vec<usize>)>,
    /// The literal automata: one that respects case, one that ignores ASCII case.
    literals: Vec<Literals>,
}

/// An automaton over the prefix literals of some members.
#[derive(Debug, Clone)]
struct Literals {
    automaton: AhoCorasick,
    /// Every member of the automaton, sorted.
    all: Vec<usize>,
    /// For each literal of the automaton, the members a hit of it decides: those it starts, and
    /// those with a literal that could start inside it (and so be hidden by it).
    decides: Vec<Vec<usize>>,
}

/// The literals of one member, and whether they are to be matched ignoring ASCII case.
struct Prefixes {
    literals: Vec<Vec<u8>>,
    caseless: bool,
}

impl LineSet {
    /// The set of `patterns` (member `i` is `patterns[i]`, compiled as `regexes[i]`) over the
    /// lines fact in `slot`.
    ///
    /// # Errors
    /// The error of the `RegexSet` of the members without literals (size limits only: each
    /// pattern compiles on its own).
    pub fn new(
        slot: usize,
        patterns: &[String],
        regexes: Vec<Regex>,
    ) -> Result<LineSet, regex::Error> {
        let mut exact: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut caseless: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut rest = Vec::new();
        for (member, pattern) in patterns.iter().enumerate() {
            match prefixes(pattern) {
                Some(found) if found.caseless => {
                    caseless.extend(found.literals.into_iter().map(|lit| (lit, member)));
                }
                Some(found) => exact.extend(found.literals.into_iter().map(|lit| (lit, member))),
                None => rest.push(member),
            }
        }
        let mut literals = Vec::with_capacity(2);
        for (group, ignore_case) in [(exact, false), (caseless, true)] {
            if group.is_empty() {
                continue;
            }
            match Literals::new(group, ignore_case) {
                Ok(built) => literals.push(built),
                // Too big for an automaton: those members are scanned by the set.
                Err(members) => rest.extend(members),
            }
        }
        rest.sort_unstable();
        rest.dedup();
        let rest = if rest.is_empty() {
            None
        } else {
            let set = RegexSet::new(rest.iter().filter_map(|&member| patterns.get(member)))?;
            Some((set, rest))
        };
        Ok(LineSet {
            slot,
            regexes,
            rest,
            literals,
        })
    }

    /// For each member, whether it matches somewhere in `text`.
    pub fn scan(&self, text: &str) -> Vec<bool> {
        let mut hits = vec![false; self.regexes.len()];
        if let Some((set, members)) = &self.rest {
            for index in set.matches(text).iter() {
                if let Some(hit) = members.get(index).and_then(|&member| hits.get_mut(member)) {
                    *hit = true;
                }
            }
        }
        for literals in &self.literals {
            literals.confirm(text, &self.regexes, &mut hits);
        }
        hits
    }
}

impl Literals {
    /// An automaton over `literals`, each with the member it starts.
    ///
    /// # Errors
    /// The members, when the automaton cannot be built.
    fn new(mut literals: Vec<(Vec<u8>, usize)>, ignore_case: bool) -> Result<Self, Vec<usize>> {
        literals.sort_unstable();
        literals.dedup();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut starts: Vec<Vec<usize>> = Vec::new();
        for (literal, member) in &literals {
            match (patterns.last(), starts.last_mut()) {
                (Some(last), Some(of_last)) if last == literal => of_last.push(*member),
                _ => {
                    patterns.push(literal.clone());
                    starts.push(vec![*member]);
                }
            }
        }
        let decides = patterns
            .iter()
            .map(|outer| {
                let mut members: Vec<usize> = patterns
                    .iter()
                    .zip(&starts)
                    .filter(|(inner, _)| may_start_inside(outer, inner, ignore_case))
                    .flat_map(|(_, members)| members.iter().copied())
                    .collect();
                members.sort_unstable();
                members.dedup();
                members
            })
            .collect();
        let mut all: Vec<usize> = literals.iter().map(|(_, member)| *member).collect();
        all.sort_unstable();
        all.dedup();
        // Literals that respect case are found by the SIMD prefilter, which reports whole
        // matches: their automaton is barely walked, so the cheapest to build will do. The
        // caseless one has no such prefilter and is walked over the text: a DFA.
        let kind = if ignore_case {
            AhoCorasickKind::DFA
        } else {
            AhoCorasickKind::ContiguousNFA
        };
        match AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .kind(Some(kind))
            .ascii_case_insensitive(ignore_case)
            .build(&patterns)
        {
            Ok(automaton) => Ok(Literals {
                automaton,
                all,
                decides,
            }),
            Err(_) => Err(all),
        }
    }

    /// Decides every member of this automaton: false when none of its literals is in `text`,
    /// else what its regex says from the start of the first line where a hit decides it.
    fn confirm(&self, text: &str, regexes: &[Regex], hits: &mut [bool]) {
        let mut undecided = self.all.clone();
        for found in self.automaton.find_iter(text) {
            let Some(decides) = self.decides.get(found.pattern().as_usize()) else {
                continue;
            };
            let mut line_start = None;
            for member in decides {
                let Ok(at) = undecided.binary_search(member) else {
                    continue;
                };
                undecided.remove(at);
                let start = *line_start.get_or_insert_with(|| start_of_line(text, found.start()));
                if let (Some(regex), Some(hit)) = (regexes.get(*member), hits.get_mut(*member)) {
                    *hit = regex.is_match_at(text, start);
                }
            }
            if undecided.is_empty() {
                break;
            }
        }
    }
}

/// Automata over the prefix literals of every one of `patterns` (the exact ones, and those
/// that ignore ASCII case): a text in which none finds a literal matches none of the patterns.
/// `None` when some pattern has no usable literal, or the automata cannot be built.
pub(super) fn literal_prefilter(patterns: &[&str]) -> Option<Vec<AhoCorasick>> {
    let mut exact: Vec<Vec<u8>> = Vec::new();
    let mut caseless: Vec<Vec<u8>> = Vec::new();
    for pattern in patterns {
        let found = prefixes(pattern)?;
        if found.caseless {
            caseless.extend(found.literals);
        } else {
            exact.extend(found.literals);
        }
    }
    let mut automata = Vec::with_capacity(2);
    for (literals, ignore_case) in [(exact, false), (caseless, true)] {
        if literals.is_empty() {
            continue;
        }
        let automaton = AhoCorasick::builder()
            .ascii_case_insensitive(ignore_case)
            .build(&literals)
            .ok()?;
        automata.push(automaton);
    }
    Some(automata)
}

/// The offset of the start of the line holding offset `at` of `text`.
fn start_of_line(text: &str, at: usize) -> usize {
    text.as_bytes()
        .get(..at)
        .and_then(|before| before.iter().rposition(|&byte| byte == b'\n'))
        .map_or(0, |newline| newline + 1)
}

/// Whether an occurrence of `inner` can start at or after the start of an occurrence of
/// `outer`, inside it: they agree where they overlap.
fn may_start_inside(outer: &[u8], inner: &[u8], ignore_case: bool) -> bool {
    let same = |a: &[u8], b: &[u8]| {
        if ignore_case {
            a.eq_ignore_ascii_case(b)
        } else {
            a == b
        }
    };
    (0..outer.len()).any(|offset| {
        let tail = outer.get(offset..).unwrap_or_default();
        let overlap = tail.len().min(inner.len());
        same(
            tail.get(..overlap).unwrap_or_default(),
            inner.get(..overlap).unwrap_or_default(),
        )
    })
}

/// The prefix literals of `pattern`, when every match starts with one of a few non-empty
/// literals holding no line break; `None` when the pattern must be scanned by a `RegexSet`.
fn prefixes(pattern: &str) -> Option<Prefixes> {
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let seq = Extractor::new().kind(ExtractKind::Prefix).extract(&hir);
    let found = seq.literals()?;
    if found.is_empty()
        || found
            .iter()
            .any(|lit| lit.is_empty() || lit.as_bytes().contains(&b'\n'))
    {
        return None;
    }
    let mut literals: Vec<Vec<u8>> = found.iter().map(|lit| lit.as_bytes().to_vec()).collect();
    let mut folded: Vec<Vec<u8>> = literals
        .iter()
        .map(|lit| lit.to_ascii_lowercase())
        .collect();
    folded.sort_unstable();
    folded.dedup();
    // Literals that differ only by ASCII case come from `(?i)`: match them ignoring case.
    let caseless = folded.len() < literals.len();
    if caseless {
        literals = folded;
    }
    (literals.len() <= MAX_LITERALS).then_some(Prefixes { literals, caseless })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn set(patterns: &[&str]) -> LineSet {
        let patterns: Vec<String> = patterns.iter().map(|p| format!("(?m){p}")).collect();
        let regexes = patterns
            .iter()
            .map(|p| Regex::new(p).expect("valid"))
            .collect();
        LineSet::new(0, &patterns, regexes).expect("compiles")
    }

    fn plain(patterns: &[&str], text: &str) -> Vec<bool> {
        let patterns: Vec<String> = patterns.iter().map(|p| format!("(?m){p}")).collect();
        let set = RegexSet::new(&patterns).expect("compiles");
        let matches = set.matches(text);
        (0..patterns.len()).map(|i| matches.matched(i)).collect()
    }

    #[test]
    fn literal_patterns_use_the_automata_and_others_the_set() {
        let patterns = [
            "AADSTS50076",
            "(?i)keychain item not found",
            "HTTP (401|403) from",
            ".*x$",
            "^$",
        ];
        let line_set = set(&patterns);
        assert_eq!(line_set.literals.len(), 2);
        assert_eq!(
            line_set.rest.as_ref().map(|(_, m)| m.clone()),
            Some(vec![3, 4])
        );
        let text = "a\nKEYCHAIN Item not found\nHTTP 403 from x\n\nAADSTS5007";
        assert_eq!(line_set.scan(text), plain(&patterns, text));
        assert_eq!(line_set.scan(text), [false, true, true, true, true]);
    }

    #[test]
    fn a_literal_hit_is_confirmed_from_the_start_of_its_line() {
        // "cd" is hidden by "abcdef", and "bcx" by "abc".
        let patterns = [r"(abcdef|cd\d)", r"\Aab", r"^x.*y$", "abc", "bcx", r"cd\d"];
        for text in [
            "abcdef",
            "zz\nabcdef",
            "xabcdey\nxy",
            "ab\nab",
            "abcx",
            "abcd1",
        ] {
            assert_eq!(set(&patterns).scan(text), plain(&patterns, text), "{text}");
        }
    }

    /// A pattern made of pieces that give literals, classes, anchors, case folding, and
    /// constructs with no literal.
    fn pattern() -> impl Strategy<Value = String> {
        let pieces = vec![
            "a", "b", "ab", "ba", "(a|ba)", "[ab]", "[aB]", r"\d", ".", ".*", "^", "$", r"\A",
            r"\z", r"\s", "(?i)a", "(?i)ab", "b?", "x", " ",
        ];
        proptest::collection::vec(proptest::sample::select(pieces), 1..6)
            .prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn prefiltered_and_plain_scans_agree(
            patterns in proptest::collection::vec(pattern(), 1..6),
            lines in proptest::collection::vec("[abAB1x ]{0,6}", 0..8),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let text = lines.join("\n");
            prop_assert_eq!(set(&patterns).scan(&text), plain(&patterns, &text));
        }
    }
}
