//! `jamf.log` (`/var/log/jamf.log`, verbatim): `EEE MMM dd HH:mm:ss <host> jamf[<pid>]: <message>`
//! in the Mac's local time without a year. Lines without that prefix (script output) continue
//! the entry above.

use std::ops::ControlFlow;
use std::sync::LazyLock;

use jamf_triage_evidence::{CutLines, Evidence, JoinedLine, LineNeed, LineSink, Lines};
use jiff::civil::Time;
use jiff::{Timestamp, Zoned};
use regex::Regex;

use crate::artifacts::JAMF_LOG;
use crate::facts;
use crate::issue::Issue;
use crate::line_shape::{is_blank, is_space};
use crate::local_time;
use crate::mac_files::MacFiles;

/// What a recurring check-in says, around its quoted trigger (straight or curly quotes).
const CHECK_IN_HEAD: &str = "Checking for policies triggered by ";
const CHECK_IN_TRIGGER: &str = "recurring check-in";
const QUOTES: [char; 3] = ['"', '\u{201C}', '\u{201D}'];
const MONTHS: [&[u8; 3]; 12] = [
    b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec",
];

/// The prefix as a regular expression: read only for a line the hand-written reader cannot
/// decide alone (one whose process id holds characters that are not ASCII, which `\d` may take
/// for digits).
static PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z][a-z]{2} (?<month>[A-Z][a-z]{2}) {1,2}(?<day>\d{1,2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) (?<host>.+?) [^\s\[\]]+\[\d+\]:(?: (?<message>.*))?$",
    )
    .ok()
});

/// The prefix of an entry line: month, day, time, and where the message starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Prefix<'t> {
    month: i8,
    day: i8,
    time: Time,
    message: &'t str,
}

/// A line the hand-written reader leaves to the regular expression.
#[derive(Debug, PartialEq, Eq)]
struct Unsure;

/// The prefix of an entry line, when the line is one.
fn prefix(line: &str) -> Option<Prefix<'_>> {
    match fast_prefix(line) {
        Ok(prefix) => prefix,
        Err(Unsure) => regex_prefix(line),
    }
}

fn regex_prefix(line: &str) -> Option<Prefix<'_>> {
    let captures = PREFIX.as_ref()?.captures(line)?;
    let number = |name: &str| captures.name(name)?.as_str().parse::<i8>().ok();
    let month = month_number(captures.name("month")?.as_str().as_bytes())?;
    let day = number("day")?;
    if !local_time::is_valid_month_day(month, day) {
        return None;
    }
    let time = Time::new(number("h")?, number("m")?, number("s")?, 0).ok()?;
    let message = captures.name("message").map_or("", |m| m.as_str());
    Some(Prefix {
        month,
        day,
        time,
        message,
    })
}

/// `EEE MMM d[d] HH:mm:ss <host> <process>[<pid>]:[ <message>]` read by hand, as the regular
/// expression reads it (the shortest host that lets the rest match).
fn fast_prefix(line: &str) -> Result<Option<Prefix<'_>>, Unsure> {
    let bytes = line.as_bytes();
    let at = |index: usize| bytes.get(index).copied().unwrap_or(0);
    let word = |index: usize| {
        at(index).is_ascii_uppercase()
            && at(index + 1).is_ascii_lowercase()
            && at(index + 2).is_ascii_lowercase()
            && at(index + 3) == b' '
    };
    if !word(0) || !word(4) {
        return Ok(None);
    }
    let Some(month) = bytes.get(4..7).and_then(month_number) else {
        return Ok(None);
    };
    let mut index = if at(8) == b' ' { 9 } else { 8 };
    let Some(mut day) = digit(at(index)) else {
        return Ok(None);
    };
    index += 1;
    if let Some(second) = digit(at(index)) {
        day = day * 10 + second;
        index += 1;
    }
    let two = |index: usize| Some(digit(at(index))? * 10 + digit(at(index + 1))?);
    let (Some(h), Some(m), Some(s)) = (two(index + 1), two(index + 4), two(index + 7)) else {
        return Ok(None);
    };
    let shaped = at(index) == b' ' && at(index + 3) == b':' && at(index + 6) == b':';
    if !shaped || at(index + 9) != b' ' || !local_time::is_valid_month_day(month, day) {
        return Ok(None);
    }
    let Ok(time) = Time::new(h, m, s, 0) else {
        return Ok(None);
    };
    let rest = line.get(index + 10..).unwrap_or_default();
    Ok(message(rest)?.map(|message| Prefix {
        month,
        day,
        time,
        message,
    }))
}

/// The message after `<host> <process>[<pid>]:`, for the first `]:` that ends such a tail.
fn message(rest: &str) -> Result<Option<&str>, Unsure> {
    let bytes = rest.as_bytes();
    let closes =
        memchr::memchr_iter(b']', bytes).filter(|close| bytes.get(close + 1) == Some(&b':'));
    for close in closes {
        let after = close + 2;
        let message = match bytes.get(after) {
            None => "",
            Some(b' ') => rest.get(after + 1..).unwrap_or_default(),
            Some(_) => continue,
        };
        let head = bytes.get(..close).unwrap_or_default();
        let digits = head.iter().rev().take_while(|b| b.is_ascii_digit()).count();
        let Some(open) = close.checked_sub(digits + 1) else {
            continue;
        };
        match bytes.get(open) {
            Some(b'[') if digits > 0 => {}
            Some(byte) if !byte.is_ascii() => return Err(Unsure),
            _ => continue,
        }
        let process = bytes.get(..open).unwrap_or_default();
        let mut start = open;
        for byte in process.iter().rev() {
            if !byte.is_ascii() {
                return Err(Unsure);
            }
            if is_space(*byte) || *byte == b'[' || *byte == b']' {
                break;
            }
            start -= 1;
        }
        if start == open || start < 2 || bytes.get(start - 1) != Some(&b' ') {
            continue;
        }
        return Ok(Some(message));
    }
    Ok(None)
}

fn digit(byte: u8) -> Option<i8> {
    byte.is_ascii_digit().then(|| (byte - b'0') as i8)
}

fn month_number(name: &[u8]) -> Option<i8> {
    let index = MONTHS.iter().position(|month| month.as_slice() == name)?;
    i8::try_from(index + 1).ok()
}

/// Finds the start of a recurring check-in in a message.
static CHECK_IN: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new(CHECK_IN_HEAD));

/// Whether a message is a recurring check-in (straight and curly quotes alike).
fn is_check_in(message: &str) -> bool {
    CHECK_IN.find_iter(message.as_bytes()).any(|at| {
        message
            .get(at + CHECK_IN_HEAD.len()..)
            .and_then(|rest| rest.strip_prefix(QUOTES))
            .and_then(|rest| rest.strip_prefix(CHECK_IN_TRIGGER))
            .is_some_and(|rest| rest.starts_with(QUOTES))
    })
}

/// A read `jamf.log`: the lines fact, the latest check-in and entry (time, line), and what was
/// wrong with it.
#[derive(Debug)]
pub(crate) struct JamfLog {
    pub lines: Lines,
    pub last_checkin: Option<(Timestamp, u32)>,
    pub last_entry: Option<(Timestamp, u32)>,
    pub cut: CutLines,
    pub issues: Vec<Issue>,
}

/// Reads `jamf.log` one line at a time: each entry (with its continuation lines) is offered to
/// the lines fact when it ends, and the latest check-in and entry are kept as they go by.
pub(crate) struct Reader<'a> {
    path: &'a str,
    collected_at: Option<&'a Zoned>,
    sink: LineSink<'a>,
    entry: JoinedLine,
    at: Option<Timestamp>,
    check_in: bool,
    /// The last month, day and time turned into an instant, and the instant.
    last_time: Option<((i8, i8, Time), Option<Timestamp>)>,
    any_prefix: bool,
    non_blank: bool,
    last_checkin: Option<(Timestamp, u32)>,
    last_entry: Option<(Timestamp, u32)>,
    cut: CutLines,
}

impl<'a> Reader<'a> {
    /// A reader of the log at `path`; times need `collected_at` for their year and offset.
    pub fn new(path: &'a str, collected_at: Option<&'a Zoned>, need: LineNeed<'a>) -> Self {
        let sink = LineSink::new(need);
        Self {
            path,
            collected_at,
            entry: JoinedLine::new(sink.keeps_any()),
            sink,
            at: None,
            check_in: false,
            last_time: None,
            any_prefix: false,
            non_blank: false,
            last_checkin: None,
            last_entry: None,
            cut: CutLines::default(),
        }
    }

    /// Reads one line.
    pub fn line(&mut self, number: u32, line: &str) {
        if is_blank(line) {
            return;
        }
        self.non_blank = true;
        if let Some(prefix) = prefix(line) {
            self.any_prefix = true;
            self.end_entry();
            let at = self.instant(prefix.month, prefix.day, prefix.time);
            self.at = at;
            self.check_in = is_check_in(prefix.message);
            self.entry.start(number, prefix.message, &mut self.cut);
        } else if self.entry.is_open() {
            self.check_in |= is_check_in(line);
            self.entry.join(line);
        } else {
            // Output continuing an entry that was rotated away: keep it on its own.
            self.at = None;
            self.check_in = is_check_in(line);
            self.entry.start(number, line, &mut self.cut);
        }
    }

    fn instant(&mut self, month: i8, day: i8, time: Time) -> Option<Timestamp> {
        let collected_at = self.collected_at?;
        match self.last_time {
            Some((key, at)) if key == (month, day, time) => at,
            _ => {
                let at = local_time::instant_without_year(month, day, time, collected_at);
                self.last_time = Some(((month, day, time), at));
                at
            }
        }
    }

    fn end_entry(&mut self) {
        let Some((number, text)) = self.entry.entry() else {
            return;
        };
        if self.sink.keeps_any() {
            self.sink.offer(self.path, number, text);
        } else {
            self.sink.count(1);
        }
        if let Some(at) = self.at {
            self.last_entry = self.last_entry.max(Some((at, number)));
            if self.check_in {
                self.last_checkin = self.last_checkin.max(Some((at, number)));
            }
        }
        self.entry.finish(&mut self.cut);
    }

    /// The log read, or the issue that it is not a `jamf.log`.
    pub fn finish(mut self) -> JamfLog {
        self.end_entry();
        let mut log = JamfLog {
            lines: self.sink.finish(),
            last_checkin: self.last_checkin,
            last_entry: self.last_entry,
            cut: self.cut,
            issues: Vec::new(),
        };
        if self.non_blank && !self.any_prefix {
            log.issues.push(Issue::whole(
                "no line starts like a jamf.log entry (`EEE MMM dd HH:mm:ss <host> jamf[<pid>]: `)",
            ));
        }
        log
    }
}

/// Reads `jamf.log` into `device.jamf_log.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let artifact = files.artifact(&JAMF_LOG);
    let mut reader = Reader::new(
        &artifact.path,
        files.collected_at(),
        files.need(facts::JAMF_LOG_LINES.name()),
    );
    let read = files.read_lines(&JAMF_LOG, &artifact, out, |number, line| {
        reader.line(number, line);
        ControlFlow::Continue(())
    });
    if !read {
        return;
    }
    let log = reader.finish();
    if !log.issues.is_empty() {
        artifact.report_all(out, log.issues);
        return;
    }
    log.cut
        .report(crate::COLLECTOR, &artifact.path, "entries", out);
    artifact.set(out, facts::JAMF_LOG_LINES, log.lines);
    if let Some((at, line)) = log.last_checkin {
        artifact.set_at_line(out, facts::JAMF_LOG_LAST_CHECKIN, at, line);
    }
    if let Some((at, line)) = log.last_entry {
        artifact.set_at_line(out, facts::JAMF_LOG_LAST_ENTRY, at, line);
    }
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::LineReader;

    use super::*;

    fn parse(text: &[u8], collected_at: Option<&Zoned>) -> JamfLog {
        let mut reader = Reader::new("mac/jamf.log", collected_at, LineNeed::Every);
        LineReader::new(text)
            .for_each(|number, line| {
                reader.line(number, line);
                ControlFlow::Continue(())
            })
            .expect("read");
        reader.finish()
    }

    fn entries(log: &JamfLog) -> Vec<(u32, &str)> {
        log.lines.iter().map(|l| (l.number, l.text)).collect()
    }

    fn collected() -> Zoned {
        jamf_triage_evidence::parse_zoned("2024-06-03T14:20:00+02:00").expect("time")
    }

    #[test]
    fn reads_entries_hosts_with_spaces_and_continuations() {
        let text = "Mon Jun 03 13:47:18 Adele\u{2019}s MacBook Pro jamf[63620]: Checking for policies triggered by \"recurring check-in\" for user \"adele\"...\n\
                    Mon Jun 03 13:47:20 Adele's Mac jamf[63620]: Script result: FileVault is On.\n\
                    Personal recovery key escrowed: yes\n\
                    \n\
                    Mon Jun  3 13:50:00 host jamf[1]:\n";
        let at = collected();
        let log = parse(text.as_bytes(), Some(&at));
        assert!(log.issues.is_empty());
        assert_eq!(
            entries(&log),
            [
                (
                    1,
                    "Checking for policies triggered by \"recurring check-in\" for user \"adele\"..."
                ),
                (
                    2,
                    "Script result: FileVault is On. | Personal recovery key escrowed: yes"
                ),
                (5, ""),
            ]
        );
        let checkin = log.last_checkin.map(|(t, line)| (t.to_string(), line));
        assert_eq!(checkin, Some(("2024-06-03T11:47:18Z".to_owned(), 1)));
        assert_eq!(log.last_entry.map(|(_, line)| line), Some(5));
    }

    #[test]
    fn without_collection_time_there_are_no_times() {
        let log = parse(b"Mon Jun 03 13:47:18 host jamf[1]: hello\n", None);
        assert_eq!(log.lines.len(), 1);
        assert_eq!(log.last_entry, None);
        assert!(log.issues.is_empty());
    }

    #[test]
    fn year_rolls_back_for_december_lines_read_in_january() {
        let at = jamf_triage_evidence::parse_zoned("2025-01-02T09:00:00+01:00").expect("time");
        let log = parse(
            b"Tue Dec 31 23:59:00 host jamf[1]: Checking for policies triggered by \"recurring check-in\"\nThu Jan 02 08:00:00 host jamf[2]: new\n",
            Some(&at),
        );
        let checkin = log.last_checkin.map(|(t, _)| t.to_string());
        assert_eq!(checkin.as_deref(), Some("2024-12-31T22:59:00Z"));
        let last = log.last_entry.map(|(t, _)| t.to_string());
        assert_eq!(last.as_deref(), Some("2025-01-02T07:00:00Z"));
    }

    #[test]
    fn curly_quotes_count_as_check_ins() {
        assert!(is_check_in(
            "Checking for policies triggered by \u{201C}recurring check-in\u{201D} for user"
        ));
        assert!(is_check_in(
            "x Checking for policies triggered by Checking for policies triggered by \u{201D}recurring check-in\""
        ));
        assert!(!is_check_in("Checking for policies triggered by \"login\""));
        assert!(!is_check_in(
            "Checking for policies triggered by 'recurring check-in'"
        ));
        assert!(!is_check_in(
            "Checking for policies triggered by \"recurring check-in"
        ));
    }

    #[test]
    fn orphan_lines_before_the_first_entry_are_kept() {
        let log = parse(
            b"tail of a rotated entry\nMon Jun 03 13:47:18 host jamf[1]: hi\n",
            None,
        );
        assert_eq!(entries(&log), [(1, "tail of a rotated entry"), (2, "hi")]);
    }

    #[test]
    fn text_that_is_not_jamf_log_is_an_issue() {
        let log = parse(
            b"2024-06-03 10:00:00 something else\nMon Foo 03 13:47:18 host jamf[1]: x\nMon Feb 30 13:47:18 host jamf[1]: x\n",
            None,
        );
        assert_eq!(log.issues.len(), 1);
        assert!(parse(b"\n  \n", None).issues.is_empty());
        assert!(parse(b"", None).issues.is_empty());
        let garbage: Vec<u8> = (0..=255_u8).cycle().take(4096).collect();
        assert_eq!(parse(&garbage, None).issues.len(), 1);
    }

    /// The hand-written reader against the regular expression, on every shape and near miss.
    #[test]
    fn the_hand_reader_reads_as_the_regular_expression() {
        let lines = [
            "Mon Jun 03 13:47:18 host jamf[63620]: message",
            "Mon Jun  3 13:47:18 host jamf[1]: message",
            "Mon Jun 3 13:47:18 host jamf[1]: message",
            "Mon Jun   3 13:47:18 host jamf[1]: message",
            "Mon Jun 123 13:47:18 host jamf[1]: message",
            "Mon Jun 03 13:47:18 host jamf[1]:",
            "Mon Jun 03 13:47:18 host jamf[1]:x",
            "Mon Jun 03 13:47:18 host jamf[1]:x b jamf[2]: second",
            "Mon Jun 03 13:47:18 host jamf[1]:  two spaces",
            "Mon Jun 03 13:47:18 Adele\u{2019}s Mac Pro jamf[1]: curly host",
            "Mon Jun 03 13:47:18 host jamf[]: no pid",
            "Mon Jun 03 13:47:18 host [1]: no process",
            "Mon Jun 03 13:47:18  jamf[1]: no host",
            "Mon Jun 03 13:47:18 host\tjamf[1]: tab",
            "Mon Jun 03 13:47:18 a b[c jamf[1]: bracket in host",
            "Mon Jun 03 13:47:18 host ja]mf[1]: bracket in process",
            "Mon Jun 03 13:47:18 host jamf[12a]: letters",
            "Mon Jun 03 13:47:18 host jamf[\u{0663}]: arabic digit",
            "Mon Jun 03 13:47:18 host j\u{00E4}mf[1]: umlaut",
            "Mon Jun 03 13:47:18 host\u{00A0}jamf[1]: no-break space",
            "Mon Jun 03 24:47:18 host jamf[1]: hour",
            "Mon Jun 03 13:60:18 host jamf[1]: minute",
            "Mon Jun 31 13:47:18 host jamf[1]: day",
            "Mon Feb 29 13:47:18 host jamf[1]: leap",
            "Mon Jux 03 13:47:18 host jamf[1]: month",
            "mon Jun 03 13:47:18 host jamf[1]: weekday",
            "Mon Jun 03 13:47:1",
            "Mon Jun 03 13:47",
            "Mon Jun",
            "",
            "Mon Jun 03 13:47:18 host jamf[1]",
            "Mon Jun 03 13:47:18 h jamf[1]: \u{FFFD}\u{FFFD}",
        ];
        for line in lines {
            assert_eq!(prefix(line), regex_prefix(line), "{line:?}");
        }
        let long = format!("Mon Jun 03 13:47:18 host jamf[1]: {}", "x".repeat(1 << 20));
        assert_eq!(prefix(&long), regex_prefix(&long));
    }

    #[test]
    fn crlf_and_bad_bytes_and_long_lines_read_as_lines() {
        let at = collected();
        let log = parse(
            b"Mon Jun 03 13:47:18 h\xFFst jamf[1]: caf\xE9\r\nMon Jun 03 13:48:00 host jamf[1]: Checking for policies triggered by \"recurring check-in\"\r\n",
            Some(&at),
        );
        assert_eq!(
            entries(&log),
            [
                (1, "caf\u{FFFD}"),
                (
                    2,
                    "Checking for policies triggered by \"recurring check-in\""
                )
            ]
        );
        assert_eq!(log.last_checkin.map(|(_, line)| line), Some(2));
        let mut text = b"Mon Jun 03 13:47:18 host jamf[1]: start\n".to_vec();
        for _ in 0..20 {
            text.extend_from_slice(&[b'y'; 60_000]);
            text.push(b'\n');
        }
        let log = parse(&text, None);
        assert_eq!(log.cut.first, Some(1));
        assert!(log.lines.get(0).is_some_and(|l| l.text.len() <= 1 << 20));
    }
}
