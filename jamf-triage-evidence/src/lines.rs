//! Log text as a fact: many lines, each remembering its artifact and line number.
//!
//! The lines are kept in one contiguous buffer separated by `\n`, so that every pattern a rule
//! pack applies to one lines-fact can be run over the whole text in a single pass.

use serde::{Deserialize, Serialize};

/// One line of a [`Lines`] fact, as borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line<'a> {
    /// The text of the line (no line terminator).
    pub text: &'a str,
    /// The artifact the line was read from.
    pub artifact: &'a str,
    /// The 1-based line number in that artifact.
    pub number: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Span {
    start: u32,
    end: u32,
    artifact: u32,
    number: u32,
}

/// Lines of log text from one or more artifacts.
///
/// A line never contains `\n` or `\r`: [`Lines::push`] replaces them with a space, so callers
/// that keep multi-line log entries together (a stack trace under its entry) should join the
/// continuation lines themselves (the collectors join them with ` | `).
///
/// ```
/// use jamf_triage_evidence::Lines;
/// let mut lines = Lines::default();
/// lines.push("mac/jamf.log", 3, "Checking for policies triggered by \"recurring check-in\"");
/// assert_eq!(lines.len(), 1);
/// assert_eq!(lines.get(0).map(|l| l.number), Some(3));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lines {
    text: String,
    spans: Vec<Span>,
    artifacts: Vec<String>,
    /// Lines read but not kept (see [`crate::LineSink`]).
    unkept: u64,
}

impl Lines {
    /// Appends one line read from `artifact` at 1-based line `number`.
    pub fn push(&mut self, artifact: &str, number: u32, text: &str) {
        let artifact = match self.artifacts.iter().rposition(|a| a == artifact) {
            Some(index) => index,
            None => {
                self.artifacts.push(artifact.to_owned());
                self.artifacts.len() - 1
            }
        };
        if !self.spans.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        if text.contains(['\n', '\r']) {
            self.text.extend(
                text.chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c }),
            );
        } else {
            self.text.push_str(text);
        }
        self.spans.push(Span {
            start: to_u32(start),
            end: to_u32(self.text.len()),
            artifact: to_u32(artifact),
            number,
        });
    }

    /// The number of lines kept.
    pub fn len(&self) -> usize {
        self.spans.len()
    }

    /// The number of lines read: those kept and those only counted (a source keeps only the
    /// lines its consumer needs, see [`crate::LineSink`]).
    pub fn total(&self) -> u64 {
        u64::try_from(self.spans.len())
            .unwrap_or(u64::MAX)
            .saturating_add(self.unkept)
    }

    /// Whether every line read was kept.
    pub fn is_whole(&self) -> bool {
        self.unkept == 0
    }

    /// Counts `read` more lines that were read but not kept.
    pub fn count_unkept(&mut self, read: u64) {
        self.unkept = self.unkept.saturating_add(read);
    }

    /// Where the lines stand now, to go back to with [`Lines::truncate`].
    pub(crate) fn mark(&self) -> LinesMark {
        LinesMark {
            text: self.text.len(),
            spans: self.spans.len(),
            artifacts: self.artifacts.len(),
            unkept: self.unkept,
        }
    }

    /// Drops every line kept or counted since `mark`.
    pub(crate) fn truncate(&mut self, mark: LinesMark) {
        self.text.truncate(mark.text);
        self.spans.truncate(mark.spans);
        self.artifacts.truncate(mark.artifacts);
        self.unkept = mark.unkept;
    }

    /// Whether no line is kept.
    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The line at `index` (0-based, in insertion order).
    pub fn get(&self, index: usize) -> Option<Line<'_>> {
        let span = self.spans.get(index)?;
        Some(self.line_of(span))
    }

    /// Every line, in insertion order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Line<'_>> + '_ {
        self.spans.iter().map(|span| self.line_of(span))
    }

    /// All lines joined by `\n`: the buffer that patterns are run over.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The index of the line that contains byte `offset` of [`Lines::text`].
    pub fn index_at_offset(&self, offset: usize) -> Option<usize> {
        if self.spans.is_empty() || offset > self.text.len() {
            return None;
        }
        let offset = to_u32(offset);
        let index = self.spans.partition_point(|span| span.end < offset);
        (index < self.spans.len()).then_some(index)
    }

    /// The byte range of line `index` inside [`Lines::text`].
    pub fn range_of(&self, index: usize) -> Option<std::ops::Range<usize>> {
        let span = self.spans.get(index)?;
        Some(span.start as usize..span.end as usize)
    }

    fn line_of(&self, span: &Span) -> Line<'_> {
        Line {
            text: self
                .text
                .get(span.start as usize..span.end as usize)
                .unwrap_or_default(),
            artifact: self
                .artifacts
                .get(span.artifact as usize)
                .map_or("", String::as_str),
            number: span.number,
        }
    }
}

/// Where some [`Lines`] stood: see [`Lines::truncate`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LinesMark {
    text: usize,
    spans: usize,
    artifacts: usize,
    unkept: u64,
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// How one line is written in an evidence file: a bare string, or the text with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum LineRepr {
    /// The text alone.
    Text(String),
    /// The text with its artifact and line number.
    Located {
        /// The text of the line.
        text: String,
        /// The artifact it was read from.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        artifact: Option<String>,
        /// Its 1-based line number.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        line: Option<u32>,
    },
}

impl Lines {
    pub(crate) fn to_repr(&self) -> Vec<LineRepr> {
        self.iter()
            .map(|line| LineRepr::Located {
                text: line.text.to_owned(),
                artifact: (!line.artifact.is_empty()).then(|| line.artifact.to_owned()),
                line: (line.number > 0).then_some(line.number),
            })
            .collect()
    }

    pub(crate) fn from_repr(reprs: Vec<LineRepr>, default_artifact: &str) -> Self {
        let mut lines = Lines::default();
        for (index, repr) in reprs.into_iter().enumerate() {
            let fallback = u32::try_from(index + 1).unwrap_or(u32::MAX);
            match repr {
                LineRepr::Text(text) => lines.push(default_artifact, fallback, &text),
                LineRepr::Located {
                    text,
                    artifact,
                    line,
                } => lines.push(
                    artifact.as_deref().unwrap_or(default_artifact),
                    line.unwrap_or(fallback),
                    &text,
                ),
            }
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_back_to_lines() {
        let mut lines = Lines::default();
        lines.push("a.log", 1, "first");
        lines.push("b.log", 7, "second\nwith newline");
        lines.push("a.log", 2, "");
        assert_eq!(lines.text(), "first\nsecond with newline\n");
        assert_eq!(lines.index_at_offset(0), Some(0));
        assert_eq!(lines.index_at_offset(5), Some(0));
        assert_eq!(lines.index_at_offset(6), Some(1));
        assert_eq!(lines.index_at_offset(lines.text().len()), Some(2));
        let second = lines.get(1).expect("second line");
        assert_eq!((second.artifact, second.number), ("b.log", 7));
        assert_eq!(lines.get(2).map(|l| l.artifact), Some("a.log"));
    }

    #[test]
    fn truncating_goes_back_to_the_mark() {
        let mut lines = Lines::default();
        lines.push("a.log", 1, "first");
        lines.count_unkept(2);
        let before = lines.clone();
        let mark = lines.mark();
        lines.push("b.log", 1, "second");
        lines.count_unkept(5);
        lines.truncate(mark);
        assert_eq!(lines, before);
    }
}
