//! Which lines of each lines fact the consumer of the evidence needs.
//!
//! A log can be a gigabyte, and a rule pack reads a few dozen of its lines. A source that
//! reads a log asks the [`LineNeeds`] of its [`CollectInput`](crate::CollectInput) what it
//! needs of each lines fact, and keeps only those lines (with their provenance) in a
//! [`LineSink`], counting the others. The engine answers for a compiled pack (the patterns its
//! rules apply to the fact); [`EveryLine`] keeps everything, for evidence that is saved for
//! rules not yet known.

use crate::Lines;
use crate::lines::LinesMark;

/// What the consumer needs of one lines fact.
#[derive(Clone, Copy)]
pub enum LineNeed<'a> {
    /// Every line.
    Every,
    /// The lines the matcher keeps; the others are only counted.
    Matching(&'a dyn LineMatcher),
    /// No line: only how many there were.
    CountOnly,
}

impl std::fmt::Debug for LineNeed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LineNeed::Every => f.write_str("Every"),
            LineNeed::Matching(_) => f.write_str("Matching(..)"),
            LineNeed::CountOnly => f.write_str("CountOnly"),
        }
    }
}

/// Decides, line by line, which lines of a lines fact are kept.
pub trait LineMatcher: Send + Sync {
    /// Whether `line` (one line, without its terminator) is kept.
    fn keeps(&self, line: &str) -> bool;

    /// Whether `line` is kept, knowing what was kept before it in the same fact: `kept` is the
    /// matcher's own tally (empty at first, then whatever this method left in it; a
    /// [`LineSink`] keeps one per fact and restores it on rollback). A matcher that needs only
    /// the first few lines each of its patterns matches stops keeping a pattern's lines once it
    /// has them. By default, [`LineMatcher::keeps`].
    fn keeps_counted(&self, line: &str, kept: &mut Vec<u32>) -> bool {
        let _ = kept;
        self.keeps(line)
    }
}

/// What a consumer of evidence needs of every lines fact, by fact name.
pub trait LineNeeds: Send + Sync {
    /// What is needed of the lines fact `fact`.
    fn need(&self, fact: &str) -> LineNeed<'_>;
}

/// Every line of every lines fact: evidence for rules not known yet.
#[derive(Debug, Clone, Copy, Default)]
pub struct EveryLine;

impl LineNeeds for EveryLine {
    fn need(&self, _fact: &str) -> LineNeed<'_> {
        LineNeed::Every
    }
}

/// Where a [`LineSink`] stood, to go back to with [`LineSink::rollback`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SinkMark {
    lines: LinesMark,
    kept: Vec<u32>,
}

/// Builds one lines fact from the lines a source reads, keeping only what is needed.
///
/// ```
/// use jamf_triage_evidence::{EveryLine, LineNeed, LineNeeds, LineSink};
///
/// let mut sink = LineSink::new(LineNeed::CountOnly);
/// sink.offer("mac/jamf.log", 1, "Checking for policies triggered by \"recurring check-in\"");
/// let lines = sink.finish();
/// assert_eq!((lines.len(), lines.total()), (0, 1));
///
/// let mut sink = LineSink::new(EveryLine.need("device.jamf_log.lines"));
/// sink.offer("mac/jamf.log", 1, "Checking for policies");
/// let mark = sink.mark();
/// sink.offer("mac/jamf.log", 2, "not a log after all");
/// sink.rollback(mark);
/// assert_eq!(sink.finish().len(), 1);
/// ```
#[derive(Debug)]
pub struct LineSink<'a> {
    need: LineNeed<'a>,
    lines: Lines,
    /// The matcher's tally of what it kept (see [`LineMatcher::keeps_counted`]).
    kept: Vec<u32>,
}

impl<'a> LineSink<'a> {
    /// An empty sink for a lines fact with the given need.
    pub fn new(need: LineNeed<'a>) -> Self {
        LineSink {
            need,
            lines: Lines::default(),
            kept: Vec::new(),
        }
    }

    /// Whether any line could be kept: when not, a reader may skip building line text
    /// (joining continuation lines, say) and only [`LineSink::count`].
    pub fn keeps_any(&self) -> bool {
        !matches!(self.need, LineNeed::CountOnly)
    }

    /// Offers one line read from `artifact` at 1-based line `number`: kept when needed,
    /// counted always.
    pub fn offer(&mut self, artifact: &str, number: u32, text: &str) {
        let keep = match self.need {
            LineNeed::Every => true,
            LineNeed::Matching(matcher) => matcher.keeps_counted(text, &mut self.kept),
            LineNeed::CountOnly => false,
        };
        if keep {
            self.lines.push(artifact, number, text);
        } else {
            self.lines.count_unkept(1);
        }
    }

    /// Counts `read` lines that are not offered (their text was never built).
    pub fn count(&mut self, read: u64) {
        self.lines.count_unkept(read);
    }

    /// Where the sink stands now: lines offered after it can be dropped with
    /// [`LineSink::rollback`] (those of a file that turns out not to be a log, or to be larger
    /// than its limit, once read).
    pub fn mark(&self) -> SinkMark {
        SinkMark {
            lines: self.lines.mark(),
            kept: self.kept.clone(),
        }
    }

    /// Drops every line offered or counted since `mark`.
    pub fn rollback(&mut self, mark: SinkMark) {
        self.lines.truncate(mark.lines);
        self.kept = mark.kept;
    }

    /// The lines kept, with the count of all lines read.
    pub fn finish(self) -> Lines {
        self.lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Keeps the first two lines holding "x".
    struct FirstTwo;

    impl LineMatcher for FirstTwo {
        fn keeps(&self, line: &str) -> bool {
            line.contains('x')
        }

        fn keeps_counted(&self, line: &str, kept: &mut Vec<u32>) -> bool {
            if kept.is_empty() {
                kept.push(0);
            }
            match kept.first_mut() {
                Some(count) if *count < 2 && self.keeps(line) => {
                    *count += 1;
                    true
                }
                _ => false,
            }
        }
    }

    #[test]
    fn a_rollback_restores_the_matchers_tally() {
        let mut sink = LineSink::new(LineNeed::Matching(&FirstTwo));
        let mark = sink.mark();
        sink.offer("not-a-log", 1, "x");
        sink.offer("not-a-log", 2, "x");
        sink.rollback(mark);
        for number in 1..=4 {
            sink.offer("a.log", number, "x");
        }
        let lines = sink.finish();
        let kept: Vec<u32> = lines.iter().map(|line| line.number).collect();
        assert_eq!(
            kept,
            [1, 2],
            "the rolled-back lines do not use up the tally"
        );
        assert_eq!(lines.total(), 4);
    }
}
