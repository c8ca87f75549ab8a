//! Quote folding: straight and curly quotes are the same character to a rule.
//!
//! Products print messages with straight quotes in one version and typographic quotes in the
//! next, and documentation copies them either way. A rule's pattern or literal text is rewritten
//! once, at compile time, so that `"` also matches `“` and `”`, `'` also matches `‘` and `’`, and
//! the other way round. The rewrite respects escapes (`\"` is folded like `"`, `\\` is left alone)
//! and character classes: a class holding a quote is combined with a class of the quote's family,
//! by union (`["a]` becomes `[["a]["“”]]`) or, when negated, by intersection (`[^"]` becomes
//! `[[^"]&&[^"“”]]`, so that it still excludes every double quote), whatever ranges or set
//! operations the class holds.

/// The characters of the double-quote family.
const DOUBLE: &str = "\"“”";
/// The characters of the single-quote family.
const SINGLE: &str = "'‘’";

/// The quote family of `c`, if it is a quote.
fn family(c: char) -> Option<&'static str> {
    if DOUBLE.contains(c) {
        Some(DOUBLE)
    } else if SINGLE.contains(c) {
        Some(SINGLE)
    } else {
        None
    }
}

/// Whether `text` holds a quote of either family (so that it needs folding).
pub(crate) fn has_quotes(text: &str) -> bool {
    text.chars().any(|c| family(c).is_some())
}

/// A regex class literal matching every quote of `family`, for use outside a class.
fn class_of(family: &str) -> String {
    format!("[{family}]")
}

/// One character class being rewritten: where its members start, and which families it holds.
struct OpenClass {
    start: usize,
    negated: bool,
    families: Vec<&'static str>,
}

/// Rewrites a regex so that every quote matches its whole family.
///
/// Outside a class a quote becomes a class of its family; a class holding a quote is combined
/// with the class of its family (see the module documentation).
pub(crate) fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut classes: Vec<OpenClass> = Vec::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(next) if family(next).is_some() => push_quote(&mut out, &mut classes, next),
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            },
            '[' => {
                let start = out.len();
                out.push('[');
                let negated = chars.next_if_eq(&'^').is_some();
                if negated {
                    out.push('^');
                }
                // A `]` first in a class is a literal member.
                if chars.next_if_eq(&']').is_some() {
                    out.push(']');
                }
                classes.push(OpenClass {
                    start,
                    negated,
                    families: Vec::new(),
                });
            }
            ']' if !classes.is_empty() => {
                out.push(']');
                if let Some(class) = classes.pop() {
                    if !class.families.is_empty() {
                        let original = out.split_off(class.start);
                        let family = class.families.concat();
                        if class.negated {
                            out.push_str(&format!("[{original}&&[^{family}]]"));
                        } else {
                            out.push_str(&format!("[{original}[{family}]]"));
                        }
                    }
                }
            }
            c if family(c).is_some() => push_quote(&mut out, &mut classes, c),
            c => out.push(c),
        }
    }
    out
}

/// Writes quote `c`: a family class outside a character class, or the quote itself inside one
/// (its family is added when the class closes).
fn push_quote(out: &mut String, classes: &mut [OpenClass], c: char) {
    let Some(family) = family(c) else {
        out.push(c);
        return;
    };
    match classes.last_mut() {
        Some(class) => {
            out.push(c);
            if !class.families.contains(&family) {
                class.families.push(family);
            }
        }
        None => out.push_str(&class_of(family)),
    }
}

/// The regex matching `literal` as text, with quotes folded.
pub(crate) fn fold_literal(literal: &str) -> String {
    fold_pattern(&regex::escape(literal))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn matches(pattern: &str, text: &str) -> bool {
        regex::Regex::new(&fold_pattern(pattern))
            .expect("folded pattern compiles")
            .is_match(text)
    }

    #[test]
    fn straight_and_curly_quotes_match_each_other() {
        assert!(matches(
            r#"sign with "Microsoft Workplace Join Key""#,
            "sign with “Microsoft Workplace Join Key”"
        ));
        assert!(matches("can't", "can’t"));
        assert!(matches("can’t", "can't"));
        assert!(matches(r#"\"x\""#, "“x”"));
        assert!(!matches(r#""x""#, "'x'"));
    }

    #[test]
    fn classes_keep_their_meaning() {
        assert_eq!(fold_pattern(r#"[^"]+"#), r#"[[^"]&&[^"“”]]+"#);
        assert_eq!(fold_pattern(r#"[-"]"#), r#"[[-"]["“”]]"#);
        assert!(matches(r#"^[-"]$"#, "”") && matches(r#"^[-"]$"#, "-"));
        assert!(!matches(r#"^[^"]+$"#, "a “b”"));
        assert!(matches(r#"^[^"]+$"#, "a b"));
        assert!(matches(r#"["-']"#, "’"));
        assert!(matches(r"[]']", "]"));
        assert!(matches(r#"[a-z&&[^"]]"#, "q"));
        assert!(!matches(r#"^[a-z&&[^"]]$"#, "“"));
    }

    #[test]
    fn escapes_are_respected() {
        assert_eq!(fold_pattern(r"a\\b"), r"a\\b");
        assert_eq!(fold_pattern(r"\["), r"\[");
        assert!(matches(r"\\'", r"\’"));
        assert_eq!(fold_pattern("trailing\\"), "trailing\\");
    }

    #[test]
    fn literals_are_escaped_then_folded() {
        let pattern = fold_literal("Registration-only command line flag (-r) \"x\"");
        let regex = regex::Regex::new(&pattern).expect("compiles");
        assert!(regex.is_match("Registration-only command line flag (-r) “x”"));
        assert!(has_quotes("’") && !has_quotes("plain"));
    }

    proptest! {
        #[test]
        fn folded_literals_match_every_quote_style(text in "[a-z \"'“”‘’().*]{0,24}", pick in 0_usize..3) {
            let swap = |c: char| match family(c) {
                Some(members) => members.chars().nth(pick).unwrap_or(c),
                None => c,
            };
            let swapped: String = text.chars().map(swap).collect();
            let regex = regex::Regex::new(&format!("^{}$", fold_literal(&text))).expect("compiles");
            prop_assert!(regex.is_match(&swapped));
        }

        #[test]
        fn folding_keeps_valid_patterns_valid(pattern in r#"[a-z"'“”\\\[\]^\-()|.*+?]{0,16}"#) {
            if regex::Regex::new(&pattern).is_ok() {
                prop_assert!(regex::Regex::new(&fold_pattern(&pattern)).is_ok(), "{}", fold_pattern(&pattern));
            }
        }
    }
}
