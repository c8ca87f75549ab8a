//! Finding the lines of a lines fact that a pattern matches.
//!
//! Patterns run over [`Lines::text`], the lines joined by `\n`, with `(?m)` so that `^` and `$`
//! match at line boundaries; a match that runs across a line break does not count, so a line
//! matches when the pattern matches inside it. (`\A` and `\z` keep their meaning of the start
//! and end of the whole text.)

use regex::Regex;

use crate::Lines;

/// The index of the first line at or after line `from` that `regex` matches.
pub(crate) fn next_matching_line(regex: &Regex, lines: &Lines, from: usize) -> Option<usize> {
    let text = lines.text();
    let mut at = lines.range_of(from)?.start;
    while at <= text.len() {
        let found = regex.find_at(text, at)?;
        let index = lines.index_at_offset(found.start())?;
        if !found.as_str().contains('\n') {
            return Some(index);
        }
        // The leftmost match runs across a line break: decide its first line on its own.
        let range = lines.range_of(index)?;
        if regex.is_match(text.get(range.clone())?) {
            return Some(index);
        }
        at = range.end + 1;
    }
    None
}

/// The index of the first line `regex` matches.
pub(crate) fn first_matching_line(regex: &Regex, lines: &Lines) -> Option<usize> {
    next_matching_line(regex, lines, 0)
}

/// How many lines `regex` matches.
pub(crate) fn count_matching_lines(regex: &Regex, lines: &Lines) -> usize {
    let mut count = 0;
    let mut from = 0;
    while let Some(index) = next_matching_line(regex, lines, from) {
        count += 1;
        from = index + 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Lines {
        let mut lines = Lines::default();
        for (number, text) in texts.iter().enumerate() {
            lines.push("a.log", u32::try_from(number + 10).unwrap_or(0), text);
        }
        lines
    }

    #[test]
    fn matches_stay_inside_one_line() {
        let regex = Regex::new(r"(?m)a\s+b").expect("valid");
        assert_eq!(first_matching_line(&regex, &lines(&["x a", "b y"])), None);
        assert_eq!(
            first_matching_line(&regex, &lines(&["x a", "b a  b"])),
            Some(1)
        );
        let greedy = Regex::new(r"(?m)a[^z]*").expect("valid");
        assert_eq!(
            first_matching_line(&greedy, &lines(&["no", "a x", "b"])),
            Some(1)
        );
    }

    #[test]
    fn counts_and_anchors_work_per_line() {
        let regex = Regex::new("(?m)^err").expect("valid");
        let log = lines(&["err 1", "ok", "err 2", "", "x err"]);
        assert_eq!(count_matching_lines(&regex, &log), 2);
        assert_eq!(first_matching_line(&regex, &log), Some(0));
        let empty = Regex::new("(?m)^$").expect("valid");
        assert_eq!(first_matching_line(&empty, &log), Some(3));
        assert_eq!(first_matching_line(&empty, &Lines::default()), None);
        assert_eq!(count_matching_lines(&empty, &lines(&["", ""])), 2);
    }
}
