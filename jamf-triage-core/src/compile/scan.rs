//! One pass over the text of a lines fact for every pattern a pack applies to it.
//!
//! A `RegexSet` runs all its patterns at once but cannot skip text, so it reads every byte at
//! the speed of its lazy DFA. Most log patterns begin with text (`AADSTS50076`, `Unable to
//! connect to`), so at compile time each pattern's *prefix literals* are extracted with
//! `regex-syntax` (every match of the pattern starts with one of them), and all of them go into
//! one Aho-Corasick automaton, which skips through the text with SIMD (Teddy) when the literals
//! are few. A pattern is decided by its own regex, run inside the line where one of its
//! literals is seen (literals hold no line break, so a match starts in that line), once per such
//! line until it matches; a pattern that matched is dropped, and the pass stops when every
//! pattern matched. The automaton reports literals leftmost-first without overlap, so a literal
//! can hide another that starts inside it (in the same line): a hit also decides the patterns
//! whose literals could start inside the literal found. Patterns whose literals vary by case
//! (`(?i)`) are lower-cased into a second automaton that ignores ASCII case; patterns with no
//! usable literal (`.*x`, `^$`), and those that test the end of the whole text (`\z`), keep a
//! smaller `RegexSet` run over the whole text.
//!
//! The outcome, for each pattern: true when it matches inside some line (`\A` and `\z` keep
//! their meaning of the start and end of the whole text), false when it matches nowhere in the
//! text; a pattern that can match a line break and matches only across one may be either, which
//! evaluation confirms line by line (see `LinePattern::may_span`). For a pattern that cannot
//! match a line break, that is exactly the `RegexSet`'s outcome (a property test checks both).

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::{Regex, RegexSet};

use super::lazy_regex::LazyRegex;
use regex_syntax::hir::Look;
use regex_syntax::hir::literal::{ExtractKind, Extractor};

/// The most literals one pattern may bring to the automata; more say little about the text.
const MAX_LITERALS: usize = 64;

/// Every line pattern applied to one lines fact, scanned in one pass.
#[derive(Debug, Clone)]
pub(crate) struct LineSet {
    /// The slot of the lines fact.
    pub slot: usize,
    /// Each member's regex, which confirms it where its literals are seen.
    regexes: Vec<LazyRegex>,
    /// The literal automata and the set of the other members, built on the first scan (a pack
    /// compiles for consumers that never scan a log).
    scanner: OnceLock<Scanner>,
}

/// What scans the text of a lines fact for the members of a [`LineSet`].
#[derive(Debug, Clone)]
struct Scanner {
    /// The members without usable literals, with their member numbers.
    rest: Option<(Rest, Vec<usize>)>,
    /// The literal automata: one that respects case, one that ignores ASCII case.
    literals: Vec<Literals>,
}

/// The members without usable literals: in one `RegexSet`, or (when they are too big to
/// compile together) each by its own regex.
#[derive(Debug, Clone)]
enum Rest {
    Set(RegexSet),
    Each,
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
    /// The set of `regexes` (member `i` is `regexes[i]`) over the lines fact in `slot`.
    pub fn new(slot: usize, regexes: Vec<LazyRegex>) -> LineSet {
        LineSet {
            slot,
            regexes,
            scanner: OnceLock::new(),
        }
    }

    /// For each member, whether it matches inside a line of `text` (see the module
    /// documentation for a member that can match a line break).
    pub fn scan(&self, text: &str) -> Vec<bool> {
        let scanner = self.scanner.get_or_init(|| Scanner::new(&self.regexes));
        let mut hits = vec![false; self.regexes.len()];
        match &scanner.rest {
            Some((Rest::Set(set), members)) => {
                for index in set.matches(text).iter() {
                    if let Some(hit) = members.get(index).and_then(|&member| hits.get_mut(member)) {
                        *hit = true;
                    }
                }
            }
            Some((Rest::Each, members)) => {
                for &member in members {
                    if let (Some(regex), Some(hit)) =
                        (self.regexes.get(member), hits.get_mut(member))
                    {
                        *hit = regex.is_match(text);
                    }
                }
            }
            None => {}
        }
        for literals in &scanner.literals {
            literals.confirm(text, &self.regexes, &mut hits);
        }
        hits
    }
}

impl Scanner {
    /// The automata over the literals of `regexes`, and the set of the others.
    fn new(regexes: &[LazyRegex]) -> Scanner {
        let mut exact: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut caseless: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut rest = Vec::new();
        for (member, regex) in regexes.iter().enumerate() {
            match prefixes(regex.as_str()) {
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
            let patterns = rest
                .iter()
                .filter_map(|&member| regexes.get(member).map(LazyRegex::as_str));
            let set = RegexSet::new(patterns).map_or(Rest::Each, Rest::Set);
            Some((set, rest))
        };
        Scanner { rest, literals }
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

    /// Decides every member of this automaton: true when its regex matches inside a line where
    /// one of its literals is seen (a hit decides it), tried once per such line; false when no
    /// such line holds a match. A member is dropped once it matched, and the scan stops when
    /// every member matched.
    fn confirm(&self, text: &str, regexes: &[LazyRegex], hits: &mut [bool]) {
        let mut unmatched = self.all.clone();
        // The line of the last hit, and the members already tried on it.
        let mut line: Option<Range<usize>> = None;
        let mut tried: Vec<usize> = Vec::new();
        for found in self.automaton.find_iter(text) {
            let Some(decides) = self.decides.get(found.pattern().as_usize()) else {
                continue;
            };
            let range = match &line {
                Some(range) if range.contains(&found.start()) => range.clone(),
                _ => {
                    tried.clear();
                    let range = line_around(text, found.start());
                    line = Some(range.clone());
                    range
                }
            };
            for member in decides {
                let Ok(at) = unmatched.binary_search(member) else {
                    continue;
                };
                if tried.contains(member) {
                    continue;
                }
                tried.push(*member);
                if matches_in(regexes.get(*member).and_then(LazyRegex::get), text, &range) {
                    unmatched.remove(at);
                    if let Some(hit) = hits.get_mut(*member) {
                        *hit = true;
                    }
                }
            }
            if unmatched.is_empty() {
                break;
            }
        }
    }
}

/// Whether `regex` matches inside `line` of `text`. The text around the line is its context:
/// `\A`, `^` and `\b` see what comes before the line (a regex with `\z` or a `$` without
/// `(?m)` never gets here, see [`prefixes`]).
fn matches_in(regex: Option<&Regex>, text: &str, line: &Range<usize>) -> bool {
    match (regex, text.get(..line.end)) {
        (Some(regex), Some(through_line)) => regex.is_match_at(through_line, line.start),
        _ => false,
    }
}

/// The byte range of the line holding offset `at` of `text` (without its line break).
fn line_around(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let start = bytes
        .get(..at)
        .and_then(|before| before.iter().rposition(|&byte| byte == b'\n'))
        .map_or(0, |newline| newline + 1);
    let end = bytes
        .get(at..)
        .and_then(|after| after.iter().position(|&byte| byte == b'\n'))
        .map_or(text.len(), |newline| at + newline);
    start..end
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
    // A match confirmed inside its line must not depend on where the text ends.
    if hir.properties().look_set().contains(Look::End) {
        return None;
    }
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
        let regexes = patterns
            .iter()
            .map(|p| LazyRegex::new(format!("(?m){p}")).expect("valid"))
            .collect();
        LineSet::new(0, regexes)
    }

    fn scanner(patterns: &[&str]) -> Scanner {
        let regexes: Vec<LazyRegex> = patterns
            .iter()
            .map(|p| LazyRegex::new(format!("(?m){p}")).expect("valid"))
            .collect();
        Scanner::new(&regexes)
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
        let built = scanner(&patterns);
        assert_eq!(built.literals.len(), 2);
        assert!(matches!(&built.rest, Some((Rest::Set(_), members)) if *members == [3, 4]));
        let line_set = set(&patterns);
        assert!(line_set.scanner.get().is_none(), "built on the first scan");
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

    /// Whether some line of `text` alone matches `pattern`.
    fn in_a_line(pattern: &str, text: &str) -> bool {
        let regex = Regex::new(&format!("(?m){pattern}")).expect("valid");
        text.split('\n').any(|line| regex.is_match(line))
    }

    #[test]
    fn a_hit_is_confirmed_inside_its_line_only() {
        // Before, a hit's regex ran from its line to the end of the text: `a\sb` matched
        // across the line break, and `a(\s|b)*z` ran from the first hit to the last line.
        let patterns = [r"a\sb", r"a(\s|b)*z", "ab"];
        let text = format!("{}b\nz", "a\n".repeat(50));
        assert_eq!(plain(&patterns, &text), [true, true, false]);
        assert_eq!(set(&patterns).scan(&text), [false, false, false]);
        // A later line still decides a member its first hit did not match.
        let text = "a\nxx\na b\nab";
        assert_eq!(set(&patterns).scan(text), [true, false, true]);
        assert_eq!(line_around(text, 4), 2..4);
        assert_eq!(line_around(text, 0), 0..1);
        assert_eq!(line_around(text, text.len()), 9..11);
    }

    proptest! {
        #[test]
        fn prefiltered_and_plain_scans_agree(
            patterns in proptest::collection::vec(pattern(), 1..6),
            lines in proptest::collection::vec("[abAB1x ]{0,6}", 0..8),
        ) {
            let patterns: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let text = lines.join("\n");
            let scanned = set(&patterns).scan(&text);
            let whole = plain(&patterns, &text);
            for ((pattern, scanned), whole) in patterns.iter().zip(scanned).zip(whole) {
                // Only `\s` of the pieces can match a line break.
                if pattern.contains(r"\s") {
                    prop_assert!(!scanned || whole, "{}", pattern);
                    let anchored = [r"\A", r"\z"].iter().any(|a| pattern.contains(a));
                    if !anchored {
                        prop_assert!(scanned || !in_a_line(pattern, &text), "{}", pattern);
                    }
                } else {
                    prop_assert_eq!(scanned, whole, "{}", pattern);
                }
            }
        }
    }
}
