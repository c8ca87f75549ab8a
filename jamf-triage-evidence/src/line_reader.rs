//! Reading a text artifact line by line, in constant memory, the way [`decode_text`] reads it
//! whole: a UTF-8 byte-order mark dropped, CRLF, LF and lone CR all ending a line, bytes that are
//! not UTF-8 replaced by U+FFFD, and a final line ending not starting an empty line.
//!
//! Every source that reads a log reads it through [`read_lines`] (or a [`LineReader`]), so that a
//! log of any size is read through one reused buffer and clean UTF-8 is never copied. A line
//! longer than [`MAX_LINE_BYTES`] is read only up to that length (a problem says so), and
//! [`JoinedLine`] holds an entry with its continuation lines under the same bound.
//!
//! [`decode_text`]: crate::decode_text

use std::io::Read;
use std::ops::ControlFlow;

use crate::{ArtifactSpec, CollectInput, CollectionProblem, Evidence};

/// The longest line (and the longest entry joined from several lines) that is read whole; the
/// rest of a longer one is skipped.
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// How much of an artifact is read at a time.
const BUFFER_BYTES: usize = 64 << 10;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Lines cut at [`MAX_LINE_BYTES`]: how many, and the first one's number.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CutLines {
    /// How many lines (or entries) were cut.
    pub count: u64,
    /// The 1-based number of the first one.
    pub first: Option<u32>,
}

impl CutLines {
    /// Notes that line `number` was cut.
    pub fn note(&mut self, number: u32) {
        self.count = self.count.saturating_add(1);
        self.first.get_or_insert(number);
    }

    /// Records one problem for `path` when something was cut; `what` names the lines
    /// (`lines`, `entries`).
    pub fn report(&self, source: &str, path: &str, what: &str, out: &mut Evidence) {
        if let (count @ 1.., Some(first)) = (self.count, self.first) {
            let message = format!(
                "{count} {what} longer than {MAX_LINE_BYTES} bytes were read only up to that length"
            );
            out.add_problem(CollectionProblem::new(source, path, message).at_line(first));
        }
    }
}

/// The bytes of an artifact not yet split into lines.
struct Input<R> {
    inner: R,
    buf: Box<[u8]>,
    start: usize,
    end: usize,
    eof: bool,
}

impl<R: Read> Input<R> {
    /// Reads more bytes after the `end` of the buffer (after emptying it when it is all
    /// consumed).
    fn fill(&mut self) -> std::io::Result<()> {
        if self.start == self.end {
            self.start = 0;
            self.end = 0;
        }
        loop {
            let Some(room) = self.buf.get_mut(self.end..) else {
                return Ok(());
            };
            match self.inner.read(room) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(());
                }
                Ok(read) => {
                    self.end += read;
                    return Ok(());
                }
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
                Err(error) => return Err(error),
            }
        }
    }

    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..self.end).unwrap_or_default()
    }
}

/// Splits a stream into decoded lines, reusing one buffer.
///
/// ```
/// use std::ops::ControlFlow;
/// use jamf_triage_evidence::LineReader;
///
/// let mut lines = Vec::new();
/// LineReader::new(&b"\xEF\xBB\xBFone\r\ntwo\xFF\rthree"[..]).for_each(|number, line| {
///     lines.push((number, line.to_owned()));
///     ControlFlow::Continue(())
/// })?;
/// assert_eq!(lines, [(1, "one".to_owned()), (2, "two\u{FFFD}".to_owned()), (3, "three".to_owned())]);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct LineReader<R> {
    input: Input<R>,
    /// A line that spans two reads of the buffer (or a cut one), so far.
    carry: Vec<u8>,
    /// The decoded text of a line that is not UTF-8.
    decoded: String,
    number: u32,
    started: bool,
    after_cr: bool,
    cutting: bool,
    cut: CutLines,
}

impl<R> std::fmt::Debug for LineReader<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LineReader")
            .field("number", &self.number)
            .field("cut", &self.cut)
            .finish_non_exhaustive()
    }
}

impl<R: Read> LineReader<R> {
    /// A reader of the lines of `inner`.
    pub fn new(inner: R) -> Self {
        Self {
            input: Input {
                inner,
                buf: vec![0; BUFFER_BYTES].into_boxed_slice(),
                start: 0,
                end: 0,
                eof: false,
            },
            carry: Vec::new(),
            decoded: String::new(),
            number: 0,
            started: false,
            after_cr: false,
            cutting: false,
            cut: CutLines::default(),
        }
    }

    /// The lines cut at [`MAX_LINE_BYTES`] so far.
    pub fn cut(&self) -> CutLines {
        self.cut
    }

    /// Calls `each` with every line's 1-based number and text (without its line ending), until
    /// the end of the stream or until `each` breaks (a later call goes on from the next line).
    ///
    /// # Errors
    /// The I/O error met reading (for an artifact read through [`crate::Limited`], one that
    /// carries [`crate::ArtifactError::TooLarge`]).
    pub fn for_each(
        &mut self,
        mut each: impl FnMut(u32, &str) -> ControlFlow<()>,
    ) -> std::io::Result<()> {
        if !self.started {
            self.started = true;
            while self.input.end < BOM.len() && !self.input.eof {
                self.input.fill()?;
            }
            if self.input.pending().starts_with(BOM) {
                self.input.start += BOM.len();
            }
        }
        loop {
            if self.input.start == self.input.end {
                if self.input.eof {
                    break;
                }
                self.input.fill()?;
                continue;
            }
            let pending = self.input.pending();
            if std::mem::take(&mut self.after_cr) && pending.first() == Some(&b'\n') {
                self.input.start += 1;
                continue;
            }
            let Some(at) = memchr::memchr2(b'\n', b'\r', pending) else {
                let rest = pending.len();
                append(&mut self.carry, pending, &mut self.cutting);
                self.input.start += rest;
                continue;
            };
            self.after_cr = pending.get(at) == Some(&b'\r');
            let line = pending.get(..at).unwrap_or_default();
            self.number = self.number.saturating_add(1);
            let flow = if self.carry.is_empty() && !self.cutting {
                each(self.number, decode(line, &mut self.decoded))
            } else {
                append(&mut self.carry, line, &mut self.cutting);
                each(self.number, decode(&self.carry, &mut self.decoded))
            };
            self.input.start += at + 1;
            self.end_line();
            if flow.is_break() {
                return Ok(());
            }
        }
        if !self.carry.is_empty() || self.cutting {
            self.number = self.number.saturating_add(1);
            let _ = each(self.number, decode(&self.carry, &mut self.decoded));
            self.end_line();
        }
        Ok(())
    }

    fn end_line(&mut self) {
        if std::mem::take(&mut self.cutting) {
            self.cut.note(self.number);
        }
        self.carry.clear();
    }
}

/// Appends `bytes` to a line being read, up to [`MAX_LINE_BYTES`] (cut before a character that
/// would cross it); past it, notes that the line is being cut.
fn append(carry: &mut Vec<u8>, bytes: &[u8], cutting: &mut bool) {
    let room = MAX_LINE_BYTES.saturating_sub(carry.len());
    if bytes.len() <= room {
        carry.extend_from_slice(bytes);
        return;
    }
    *cutting = true;
    let mut at = room;
    while at > 0 && bytes.get(at).is_some_and(|byte| byte & 0xC0 == 0x80) {
        at -= 1;
    }
    carry.extend_from_slice(bytes.get(..at).unwrap_or_default());
}

/// The text of a line: borrowed when it is UTF-8, else decoded into `scratch` with U+FFFD for
/// each invalid sequence (as [`String::from_utf8_lossy`] does).
fn decode<'a>(bytes: &'a [u8], scratch: &'a mut String) -> &'a str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => {
            scratch.clear();
            for chunk in bytes.utf8_chunks() {
                scratch.push_str(chunk.valid());
                if !chunk.invalid().is_empty() {
                    scratch.push(char::REPLACEMENT_CHARACTER);
                }
            }
            scratch
        }
    }
}

/// Reads the artifact at `path` (one of `spec`'s family) line by line with `each`, up to
/// `spec.limit` bytes. Gives `true` when it was read to its end (or until `each` broke); when it
/// is absent, unreadable or larger than its limit, `false` and (unless it is simply absent) a
/// problem in `out`: what `each` saw of it must then be dropped. Lines cut at
/// [`MAX_LINE_BYTES`] are a problem too.
pub fn read_lines(
    source: &str,
    input: &CollectInput<'_>,
    spec: &ArtifactSpec,
    path: &str,
    out: &mut Evidence,
    each: impl FnMut(u32, &str) -> ControlFlow<()>,
) -> bool {
    let Some(reader) = crate::open_artifact(source, input, spec, path, out) else {
        return false;
    };
    let mut lines = LineReader::new(reader);
    match lines.for_each(each) {
        Ok(()) => {
            lines.cut().report(source, path, "lines", out);
            true
        }
        Err(error) => {
            crate::report_artifact_error(source, crate::read_error(path, &error), out);
            false
        }
    }
}

/// An entry of a log and its continuation lines, joined with ` | ` as they are read, never
/// longer than [`MAX_LINE_BYTES`] (a continuation line that would make it longer is dropped and
/// the entry counted as cut). The text is kept in one buffer reused from entry to entry, and only
/// when it is asked for: without it, only the length is followed (so that cuts are the same).
#[derive(Debug)]
pub struct JoinedLine {
    text: String,
    keep: bool,
    len: usize,
    number: u32,
    open: bool,
    cut: bool,
}

/// What joins a continuation line to its entry.
const JOINER: &str = " | ";

impl JoinedLine {
    /// An entry reader that keeps the text of entries, or (`keep_text` false) only follows their
    /// length.
    pub fn new(keep_text: bool) -> Self {
        Self {
            text: String::new(),
            keep: keep_text,
            len: 0,
            number: 0,
            open: false,
            cut: false,
        }
    }

    /// Closes the open entry (as [`JoinedLine::finish`] does: take it with
    /// [`JoinedLine::entry`] first) and starts the entry of line `number` with `text`.
    pub fn start(&mut self, number: u32, text: &str, cuts: &mut CutLines) {
        self.finish(cuts);
        self.text.clear();
        self.number = number;
        self.open = true;
        let mut at = text.len().min(MAX_LINE_BYTES);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        self.cut = at < text.len();
        self.len = at;
        if self.keep {
            self.text.push_str(text.get(..at).unwrap_or_default());
        }
    }

    /// Appends a continuation line to the open entry.
    pub fn join(&mut self, text: &str) {
        let len = self.len + JOINER.len() + text.len();
        if len > MAX_LINE_BYTES {
            self.cut = true;
            return;
        }
        self.len = len;
        if self.keep {
            self.text.push_str(JOINER);
            self.text.push_str(text);
        }
    }

    /// Whether an entry is open.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The open entry's first line number and text (empty when the text is not kept).
    pub fn entry(&self) -> Option<(u32, &str)> {
        self.open.then_some((self.number, self.text.as_str()))
    }

    /// Closes the open entry (noting it in `cuts` when it was cut).
    pub fn finish(&mut self, cuts: &mut CutLines) {
        if std::mem::take(&mut self.open) && std::mem::take(&mut self.cut) {
            cuts.note(self.number);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(bytes: &[u8]) -> (Vec<(u32, String)>, CutLines) {
        let mut found = Vec::new();
        let mut reader = LineReader::new(bytes);
        reader
            .for_each(|number, line| {
                found.push((number, line.to_owned()));
                ControlFlow::Continue(())
            })
            .expect("read");
        (found, reader.cut())
    }

    /// A reader that gives one byte per read, so that every line spans reads.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((byte, rest)), Some(slot)) => {
                    *slot = *byte;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    #[test]
    fn lines_are_those_of_the_whole_decoded_text() {
        let samples: [&[u8]; 12] = [
            b"",
            b"\n",
            b"a",
            b"a\n",
            b"a\r\nb\r\n",
            b"a\rb\r",
            b"a\r\r\nb",
            b"\r\n\r\n\n",
            b"\xEF\xBB\xBFa\nb",
            b"\xEF\xBB",
            b"caf\xE9\n\xE2\x80\n\xF0\x9F\x98\x80 ok\n",
            b"x\n\xEF\xBB\xBFy",
        ];
        for sample in samples {
            let whole: Vec<(u32, String)> = crate::decode_text(sample)
                .numbered_lines()
                .map(|(number, line)| (number, line.to_owned()))
                .collect();
            assert_eq!(lines(sample).0, whole, "{sample:?}");
            let mut trickled = Vec::new();
            LineReader::new(Trickle(sample))
                .for_each(|number, line| {
                    trickled.push((number, line.to_owned()));
                    ControlFlow::Continue(())
                })
                .expect("read");
            assert_eq!(trickled, whole, "{sample:?} one byte at a time");
        }
    }

    #[test]
    fn lines_across_buffer_reads_are_whole() {
        let line = "x".repeat(BUFFER_BYTES - 3);
        let text = format!("{line}\r\n{line}\nend");
        let (found, cut) = lines(text.as_bytes());
        let texts: Vec<_> = found.iter().map(|(_, text)| text.len()).collect();
        assert_eq!(texts, [line.len(), line.len(), 3]);
        assert_eq!(cut, CutLines::default());
    }

    #[test]
    fn a_very_long_line_is_cut_at_a_character_and_the_next_is_read() {
        let long = format!("{}é{}", "a".repeat(MAX_LINE_BYTES - 1), "b".repeat(1000));
        let text = format!("first\n{long}\nnext\n{}", "c".repeat(3 * MAX_LINE_BYTES));
        let (found, cut) = lines(text.as_bytes());
        let summary: Vec<_> = found
            .iter()
            .map(|(number, text)| (*number, text.len()))
            .collect();
        assert_eq!(
            summary,
            [(1, 5), (2, MAX_LINE_BYTES - 1), (3, 4), (4, MAX_LINE_BYTES)]
        );
        assert_eq!(
            cut,
            CutLines {
                count: 2,
                first: Some(2)
            }
        );
    }

    #[test]
    fn breaking_stops_and_a_later_call_goes_on() {
        let mut reader = LineReader::new(&b"a\nb\nc\n"[..]);
        let mut seen = Vec::new();
        reader
            .for_each(|number, _| {
                seen.push(number);
                if number == 2 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            })
            .expect("read");
        reader
            .for_each(|number, _| {
                seen.push(number + 10);
                ControlFlow::Continue(())
            })
            .expect("read");
        assert_eq!(seen, [1, 2, 13]);
    }

    #[test]
    fn a_read_error_is_given_back() {
        let limited = crate::Limited::new(&b"0123456789\n"[..], "mac/jamf.log", 4);
        let error = LineReader::new(limited)
            .for_each(|_, _| ControlFlow::Continue(()))
            .expect_err("over the limit");
        assert!(matches!(
            crate::Limited::<&[u8]>::artifact_error(&error),
            Some(crate::ArtifactError::TooLarge { limit: 4, .. })
        ));
    }

    #[test]
    fn joined_entries_stay_under_the_bound() {
        let mut cuts = CutLines::default();
        let mut entry = JoinedLine::new(true);
        assert_eq!(entry.entry(), None);
        entry.start(3, "head", &mut cuts);
        entry.join("more");
        assert_eq!(entry.entry(), Some((3, "head | more")));
        let big = "x".repeat(MAX_LINE_BYTES);
        entry.join(&big);
        assert_eq!(entry.entry(), Some((3, "head | more")));
        entry.start(9, &big, &mut cuts);
        assert_eq!(cuts.first, Some(3));
        entry.join("y");
        entry.finish(&mut cuts);
        assert!(!entry.is_open());
        assert_eq!(
            cuts,
            CutLines {
                count: 2,
                first: Some(3)
            }
        );
        let mut counted = JoinedLine::new(false);
        let mut same = CutLines::default();
        counted.start(3, "head", &mut same);
        counted.join(&big);
        counted.finish(&mut same);
        assert_eq!((counted.entry(), same.first), (None, Some(3)));
    }
}
