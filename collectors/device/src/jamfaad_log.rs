//! The jamfAAD unified log, in every shape admins have it (`domain.md` §2.5 "Real log shapes"):
//!
//! - `log show --style compact`: `yyyy-MM-dd HH:mm:ss.SSS <Ty> <process>[<pid>:<tid>] [<subsystem>:<category>] <message>`,
//!   the Mac's local time without an offset (taken from `collected_at`); `Ty` `E` is an error and
//!   `F` a fault;
//! - `log show` in its default style: `yyyy-MM-dd HH:mm:ss.SSSSSS±zzzz <thread> <Type> <activity> <pid> <ttl> <process>: <message>`,
//!   `Type` `Error` or `Fault` an error;
//! - `log show --style syslog` (what IntuneMacODC writes): `yyyy-MM-dd HH:mm:ss.SSSSSS±zzzz <host> <process>[<pid>]: <message>`,
//!   `<Error>` or `<Fault>` before the message an error;
//! - lines copied from Console: `<type> [yyyy-MM-dd ]HH:mm:ss.SSSSSS ±zzzz <process> <message>`
//!   (tabs or spaces), `error` or `fault` an error; without a date the line has no time.
//!
//! A line that carries its own offset is timed with it. Each line is read on its own, so a file
//! may mix shapes; lines of no shape continue the message above, and a file none of whose lines
//! is an entry is a problem.
//!
//! The log is read one line at a time ([`Reader`]): the compact style, the common one, is read
//! by hand; the regular expressions read the other styles, and any line whose prefix holds
//! characters that are not ASCII (which `\d` and `\s` may take for digits and spaces).

use std::sync::LazyLock;

use jamf_triage_evidence::{LineNeed, LineSink, Lines};
use jiff::civil::{Date, DateTime, Time};
use jiff::{Timestamp, Zoned};
use regex::Regex;

use crate::line_shape::{is_blank, is_space};
use crate::local_time;

/// The start of the lines `log show` prints around the entries.
const FRAME: &[&str] = &[
    "Filtering the log data",
    "Skipping info and debug messages",
    "Timestamp ",
    "Log      - ",
    "Activity - ",
    "-----",
];

/// The success line jamfAAD writes once it has the user's Entra token.
const ACQUIRED: &str = "AAD ID acquired";

static COMPACT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?) (?<ty>\S{1,2}) +\S.*?\[\d+:[0-9a-fA-F]+\](?: (?<message>.*))?$",
    )
    .ok()
});

/// `log show` in its default style.
static DEFAULT: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?<offset>[+-]\d{2}:?\d{2})\s+0x[0-9a-fA-F]+\s+(?<ty>[A-Z][a-z]+)\s+0x[0-9a-fA-F]+\s+\d+\s+\d+\s+(?<message>.*)$",
    )
    .ok()
});

/// `log show --style syslog`.
static SYSLOG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?<at>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(?<offset>[+-]\d{2}:?\d{2})\s+\S+\s+[^\[\]]+\[\d+\]:(?<message>.*)$",
    )
    .ok()
});

/// A line copied from Console.
static CONSOLE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^(?<ty>default|info|debug|error|fault)\s+(?:(?<date>\d{4}-\d{2}-\d{2})\s+)?(?<time>\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)\s*(?<offset>[+-]\d{2}:?\d{2})\s+(?<message>\S.*)$",
    )
    .ok()
});

/// What an entry line says (continuation lines have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EntryInfo {
    /// Its time, when the offset is known.
    pub at: Option<Timestamp>,
    /// Whether its type is `E` (error) or `F` (fault).
    pub error: bool,
    /// Whether it says `AAD ID acquired`.
    pub acquired: bool,
}

/// The words a line copied from Console starts with.
const CONSOLE_TYPES: [&str; 5] = ["default", "info", "debug", "error", "fault"];

/// At most this many error times after the latest success so far are held while reading (16
/// MiB); past it the errors after the last success are counted in a second reading.
const HELD_ERRORS: usize = 1 << 20;

/// A line the hand-written reader leaves to some of the regular expressions.
#[derive(Debug, PartialEq, Eq)]
enum Unsure {
    /// A time followed by an offset: the default or syslog style.
    Offset,
    /// A word of Console's: a line copied from it.
    Console,
    /// Characters that are not ASCII where the regular expressions may read them as digits or
    /// spaces: every style.
    Any,
}

/// What an entry line says, as the regular expressions read it.
fn regex_entry(line: &str, collected_at: Option<&Zoned>) -> Option<EntryInfo> {
    compact(line, collected_at)
        .or_else(|| default_style(line))
        .or_else(|| syslog_style(line))
        .or_else(|| console(line))
}

/// What an entry line says, when it is one.
fn entry(line: &str, collected_at: Option<&Zoned>) -> Option<EntryInfo> {
    match fast_entry(line, collected_at) {
        Ok(entry) => entry,
        Err(Unsure::Offset) => default_style(line).or_else(|| syslog_style(line)),
        Err(Unsure::Console) => console(line),
        Err(Unsure::Any) => regex_entry(line, collected_at),
    }
}

/// The compact style read by hand; the other styles are left to the regular expressions, and
/// lines that are no style at all are told apart by their first bytes.
fn fast_entry(line: &str, collected_at: Option<&Zoned>) -> Result<Option<EntryInfo>, Unsure> {
    let bytes = line.as_bytes();
    match bytes.first() {
        None => return Ok(None),
        Some(byte) if !byte.is_ascii() => return Err(Unsure::Any),
        Some(byte) if byte.is_ascii_digit() => {}
        Some(_) => {
            return match CONSOLE_TYPES.iter().any(|ty| line.starts_with(ty)) {
                true => Err(Unsure::Console),
                false => Ok(None),
            };
        }
    }
    let Some(head) = head(bytes)? else {
        return Ok(None);
    };
    match bytes.get(head.end) {
        Some(b' ') => {}
        Some(b'+' | b'-') => return offset_styles(line, &head),
        _ => return Ok(None),
    }
    let Some((ty, message)) = compact_tail(line, head.end + 1)? else {
        return Ok(None);
    };
    let Some(local) = head.local.or_else(|| line.get(..head.end)?.parse().ok()) else {
        return Ok(None);
    };
    Ok(Some(EntryInfo {
        at: collected_at.and_then(|at| local_time::instant(local, at)),
        error: ty == "E" || ty == "F",
        acquired: message.contains(ACQUIRED),
    }))
}

/// `yyyy-MM-dd HH:mm:ss[.f]` at the start of a line: where it ends, and the time it says when
/// every part is plainly in range (else the caller parses the text).
struct Head {
    end: usize,
    local: Option<DateTime>,
}

fn head(bytes: &[u8]) -> Result<Option<Head>, Unsure> {
    const SHAPE: &[u8] = b"9999-99-99 99:99:99";
    let mut value = [0_i32; 6];
    let mut part = 0;
    for (index, shape) in SHAPE.iter().enumerate() {
        let byte = bytes.get(index).copied().unwrap_or(0);
        if *shape == b'9' {
            if !byte.is_ascii() {
                return Err(Unsure::Any);
            }
            if !byte.is_ascii_digit() {
                return Ok(None);
            }
            let slot = value.get_mut(part).ok_or(Unsure::Any)?;
            *slot = *slot * 10 + i32::from(byte - b'0');
        } else if byte != *shape {
            return Ok(None);
        } else {
            part += 1;
        }
    }
    let mut end = SHAPE.len();
    let mut nanos = 0_i32;
    if bytes.get(end) == Some(&b'.') {
        let digits = bytes
            .get(end + 1..)
            .unwrap_or_default()
            .iter()
            .take_while(|byte| byte.is_ascii_digit())
            .count();
        if bytes
            .get(end + 1 + digits)
            .is_some_and(|byte| !byte.is_ascii())
        {
            return Err(Unsure::Any);
        }
        if !(1..=9).contains(&digits) {
            return Ok(None);
        }
        for index in 0..9 {
            let digit = match bytes.get(end + 1 + index) {
                Some(byte) if index < digits => i32::from(byte - b'0'),
                _ => 0,
            };
            nanos = nanos * 10 + digit;
        }
        end += 1 + digits;
    }
    let [year, month, day, hour, minute, second] = value;
    let small = |value: i32| i8::try_from(value).ok();
    let local = (hour < 24 && minute < 60 && second < 60)
        .then(|| {
            let date = Date::new(i16::try_from(year).ok()?, small(month)?, small(day)?).ok()?;
            let time = Time::new(small(hour)?, small(minute)?, small(second)?, nanos).ok()?;
            Some(DateTime::from_parts(date, time))
        })
        .flatten();
    Ok(Some(Head { end, local }))
}

/// After the time of a compact line: `<Ty> +<process>[<pid>:<tid>][ <message>]`; gives the type
/// and the message.
fn compact_tail(line: &str, start: usize) -> Result<Option<(&str, &str)>, Unsure> {
    let bytes = line.as_bytes();
    let at = |index: usize| bytes.get(index).copied();
    let plain = |byte: Option<u8>| match byte {
        Some(byte) if !byte.is_ascii() => Err(Unsure::Any),
        Some(byte) => Ok(Some(byte).filter(|byte| !is_space(*byte))),
        None => Ok(None),
    };
    if plain(at(start))?.is_none() {
        return Ok(None);
    }
    let ty_len = match at(start + 1) {
        Some(b' ') => 1,
        other => match plain(other)? {
            Some(_) if at(start + 2) == Some(b' ') => 2,
            _ => return Ok(None),
        },
    };
    let ty = line.get(start..start + ty_len).unwrap_or_default();
    let mut index = start + ty_len;
    while at(index) == Some(b' ') {
        index += 1;
    }
    if plain(at(index))?.is_none() {
        return Ok(None);
    }
    let from = index + 1;
    let tail = bytes.get(from..).unwrap_or_default();
    for open in memchr::memchr_iter(b'[', tail).map(|open| from + open) {
        let digits = run(bytes, open + 1, |byte| byte.is_ascii_digit());
        if at(open + 1 + digits).is_some_and(|byte| !byte.is_ascii()) {
            return Err(Unsure::Any);
        }
        if digits == 0 {
            continue;
        }
        let colon = open + 1 + digits;
        let hex = run(bytes, colon + 1, |byte| byte.is_ascii_hexdigit());
        let close = colon + 1 + hex;
        if at(colon) != Some(b':') || hex == 0 || at(close) != Some(b']') {
            continue;
        }
        let message = match at(close + 1) {
            None => "",
            Some(b' ') => line.get(close + 2..).unwrap_or_default(),
            Some(_) => continue,
        };
        return Ok(Some((ty, message)));
    }
    Ok(None)
}

/// A line whose time is followed by an offset, read by hand: `log show` in its default style
/// (`<offset> <thread> <Type> <activity> <pid> <ttl> <message>`), else in its syslog style
/// (`<offset> <host> <process>[<pid>]:<message>`).
fn offset_styles(line: &str, head: &Head) -> Result<Option<EntryInfo>, Unsure> {
    let bytes = line.as_bytes();
    let at = |index: usize| bytes.get(index).copied().unwrap_or(0);
    let mut end = head.end + 1;
    let two = |index: usize| at(index).is_ascii_digit() && at(index + 1).is_ascii_digit();
    if !two(end) {
        return Err(Unsure::Offset);
    }
    end += 2;
    if at(end) == b':' && two(end + 1) {
        end += 1;
    }
    if !two(end) {
        return Err(Unsure::Offset);
    }
    end += 2;
    let offset = line.get(head.end..end).unwrap_or_default();
    let local = || head.local.or_else(|| line.get(..head.end)?.parse().ok());
    let instant = || offset_instant(local()?, offset);
    if let Some((ty, message)) = default_tail(bytes, end)? {
        let message = line.get(message..).unwrap_or_default();
        return Ok(Some(EntryInfo {
            at: instant(),
            error: ty == b"Error" || ty == b"Fault",
            acquired: message.contains(ACQUIRED),
        }));
    }
    Ok(syslog_tail(bytes, end)?.map(|message| {
        let message = line.get(message..).unwrap_or_default();
        EntryInfo {
            at: instant(),
            error: message.contains("<Error>") || message.contains("<Fault>"),
            acquired: message.contains(ACQUIRED),
        }
    }))
}

/// Bytes of a line read one part after another; a byte that is not ASCII where white space or
/// a digit may stand leaves the line to the regular expressions.
struct Cursor<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips at least one white-space byte.
    fn spaces(&mut self) -> Result<bool, Unsure> {
        let start = self.at;
        while self.peek().is_some_and(is_space) {
            self.at += 1;
        }
        match self.peek() {
            Some(byte) if !byte.is_ascii() => Err(Unsure::Offset),
            _ => Ok(self.at > start),
        }
    }

    /// Skips at least one byte that is `wanted`; `digits` says that a byte that is not ASCII
    /// after them may be a digit too.
    fn run(&mut self, wanted: impl Fn(u8) -> bool, digits: bool) -> Result<bool, Unsure> {
        let start = self.at;
        while self.peek().is_some_and(&wanted) {
            self.at += 1;
        }
        match self.peek() {
            Some(byte) if digits && !byte.is_ascii() => Err(Unsure::Offset),
            _ => Ok(self.at > start),
        }
    }

    fn literal(&mut self, text: &[u8]) -> bool {
        let found = self
            .bytes
            .get(self.at..)
            .is_some_and(|rest| rest.starts_with(text));
        if found {
            self.at += text.len();
        }
        found
    }
}

/// `\s+0x<hex>\s+<Type>\s+0x<hex>\s+<digits>\s+<digits>\s+<message>` from `start`: the type
/// and where the message starts.
fn default_tail(bytes: &[u8], start: usize) -> Result<Option<(&[u8], usize)>, Unsure> {
    let mut cursor = Cursor { bytes, at: start };
    let hex = |byte: u8| byte.is_ascii_hexdigit();
    if !cursor.spaces()? || !cursor.literal(b"0x") || !cursor.run(hex, false)? {
        return Ok(None);
    }
    if !cursor.spaces()? {
        return Ok(None);
    }
    let ty_start = cursor.at;
    if !cursor.run(|byte| byte.is_ascii_uppercase(), false)? || cursor.at != ty_start + 1 {
        return Ok(None);
    }
    if !cursor.run(|byte| byte.is_ascii_lowercase(), false)? {
        return Ok(None);
    }
    let ty = bytes.get(ty_start..cursor.at).unwrap_or_default();
    if !cursor.spaces()? || !cursor.literal(b"0x") || !cursor.run(hex, false)? {
        return Ok(None);
    }
    let digit = |byte: u8| byte.is_ascii_digit();
    for _ in 0..2 {
        if !cursor.spaces()? || !cursor.run(digit, true)? {
            return Ok(None);
        }
    }
    if !cursor.spaces()? {
        return Ok(None);
    }
    Ok(Some((ty, cursor.at)))
}

/// `\s+<host>\s+<process>[<pid>]:<message>` from `start` (the process anything but brackets,
/// white space included): where the message starts.
fn syslog_tail(bytes: &[u8], start: usize) -> Result<Option<usize>, Unsure> {
    let mut cursor = Cursor { bytes, at: start };
    if !cursor.spaces()? {
        return Ok(None);
    }
    let host = cursor.at;
    while cursor.peek().is_some_and(|byte| !is_space(byte)) {
        if cursor.peek().is_some_and(|byte| !byte.is_ascii()) {
            return Err(Unsure::Offset);
        }
        cursor.at += 1;
    }
    let after_host = cursor.at;
    let rest = bytes.get(after_host..).unwrap_or_default();
    let Some(open) = memchr::memchr2(b'[', b']', rest) else {
        return Ok(None);
    };
    // White space, then at least one more character, before the `[`.
    if cursor.at == host || open < 2 || rest.get(open) != Some(&b'[') {
        return Ok(None);
    }
    cursor.at = after_host + open + 1;
    if !cursor.run(|byte| byte.is_ascii_digit(), true)? || !cursor.literal(b"]:") {
        return Ok(None);
    }
    Ok(Some(cursor.at))
}

/// How many bytes from `start` are `wanted`.
fn run(bytes: &[u8], start: usize, wanted: impl Fn(u8) -> bool) -> usize {
    bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|byte| wanted(**byte))
        .count()
}

fn compact(line: &str, collected_at: Option<&Zoned>) -> Option<EntryInfo> {
    let captures = COMPACT.as_ref()?.captures(line)?;
    let local: DateTime = captures.name("at")?.as_str().parse().ok()?;
    let ty = captures.name("ty")?.as_str();
    let message = captures.name("message").map_or("", |m| m.as_str());
    Some(EntryInfo {
        at: collected_at.and_then(|at| local_time::instant(local, at)),
        error: ty == "E" || ty == "F",
        acquired: message.contains(ACQUIRED),
    })
}

fn default_style(line: &str) -> Option<EntryInfo> {
    let captures = DEFAULT.as_ref()?.captures(line)?;
    let ty = captures.name("ty")?.as_str();
    let message = captures.name("message").map_or("", |m| m.as_str());
    Some(EntryInfo {
        at: with_offset(
            captures.name("at")?.as_str(),
            captures.name("offset")?.as_str(),
        ),
        error: ty == "Error" || ty == "Fault",
        acquired: message.contains(ACQUIRED),
    })
}

fn syslog_style(line: &str) -> Option<EntryInfo> {
    let captures = SYSLOG.as_ref()?.captures(line)?;
    let message = captures.name("message").map_or("", |m| m.as_str());
    Some(EntryInfo {
        at: with_offset(
            captures.name("at")?.as_str(),
            captures.name("offset")?.as_str(),
        ),
        error: message.contains("<Error>") || message.contains("<Fault>"),
        acquired: message.contains(ACQUIRED),
    })
}

fn console(line: &str) -> Option<EntryInfo> {
    let captures = CONSOLE.as_ref()?.captures(line)?;
    let ty = captures.name("ty")?.as_str();
    let message = captures.name("message").map_or("", |m| m.as_str());
    let at = captures.name("date").and_then(|date| {
        let time = captures.name("time")?.as_str();
        with_offset(
            &format!("{} {time}", date.as_str()),
            captures.name("offset")?.as_str(),
        )
    });
    Some(EntryInfo {
        at,
        error: ty == "error" || ty == "fault",
        acquired: message.contains(ACQUIRED),
    })
}

/// The instant of a local `yyyy-MM-dd HH:mm:ss[.f]` at an offset printed `±hhmm` or `±hh:mm`.
fn with_offset(local: &str, offset: &str) -> Option<Timestamp> {
    offset_instant(local.parse().ok()?, offset)
}

/// The instant of a local time at an offset printed `±hhmm` or `±hh:mm`.
fn offset_instant(local: DateTime, offset: &str) -> Option<Timestamp> {
    let mut digits = offset
        .bytes()
        .filter(u8::is_ascii_digit)
        .map(|digit| i32::from(digit - b'0'));
    let mut two = || Some(digits.next()? * 10 + digits.next()?);
    let (hours, minutes) = (two()?, two()?);
    let seconds = (hours * 3600 + minutes * 60) * if offset.starts_with('-') { -1 } else { 1 };
    let offset = jiff::tz::Offset::from_seconds(seconds).ok()?;
    local
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// How the errors after the last success are counted while reading.
#[derive(Debug)]
enum AfterSuccess {
    /// The success is known before the log is read: the errors after it are counted.
    Known { success: Timestamp, count: i64 },
    /// The success is the log's latest `AAD ID acquired`: the times of the errors after the
    /// latest one so far are held (`None` once there are too many to hold).
    Latest(Option<Vec<Timestamp>>),
}

/// The errors after the last success, as far as one reading tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ErrorsAfter {
    /// Counted (`None`: an error has no time to compare).
    Counted(Option<i64>),
    /// Too many to hold: a second reading, knowing the success, counts them.
    Recount,
}

/// A read jamfAAD log.
#[derive(Debug)]
pub(crate) struct AadLog {
    /// Every printed line (header lines excluded), as needed.
    pub lines: Lines,
    /// The error and fault lines, as needed.
    pub errors: Lines,
    /// The time and line of the last `AAD ID acquired` entry.
    pub last_acquired: Option<(Timestamp, u32)>,
    /// The errors after the last success.
    pub errors_after: ErrorsAfter,
    /// Whether no printed line is an entry: the text is not a jamfAAD log.
    pub not_a_log: bool,
}

/// Reads the log one line at a time; times need `collected_at` for their offset.
pub(crate) struct Reader<'a> {
    path: &'a str,
    collected_at: Option<&'a Zoned>,
    lines: LineSink<'a>,
    errors: LineSink<'a>,
    printed: bool,
    any_entry: bool,
    last_acquired: Option<(Timestamp, u32)>,
    untimed_error: bool,
    after: AfterSuccess,
}

impl<'a> Reader<'a> {
    /// A reader of the log at `path`. `success` is the last successful token when it is known
    /// before the log is read (the preferences'); else it is the log's last `AAD ID acquired`.
    pub fn new(
        path: &'a str,
        collected_at: Option<&'a Zoned>,
        needs: (LineNeed<'a>, LineNeed<'a>),
        success: Option<Timestamp>,
    ) -> Self {
        Self {
            path,
            collected_at,
            lines: LineSink::new(needs.0),
            errors: LineSink::new(needs.1),
            printed: false,
            any_entry: false,
            last_acquired: None,
            untimed_error: false,
            after: match success {
                Some(success) => AfterSuccess::Known { success, count: 0 },
                None => AfterSuccess::Latest(Some(Vec::new())),
            },
        }
    }

    /// Reads one line.
    pub fn line(&mut self, number: u32, line: &str) {
        if is_blank(line) || FRAME.iter().any(|frame| line.starts_with(frame)) {
            return;
        }
        self.printed = true;
        let entry = entry(line, self.collected_at);
        self.lines.offer(self.path, number, line);
        let Some(entry) = entry else {
            return;
        };
        self.any_entry = true;
        if entry.acquired {
            if let Some(at) = entry.at {
                self.acquired(at, number);
            }
        }
        if entry.error {
            self.errors.offer(self.path, number, line);
            match entry.at {
                Some(at) => self.error(at),
                None => self.untimed_error = true,
            }
        }
    }

    fn acquired(&mut self, at: Timestamp, number: u32) {
        let latest = self.last_acquired.map(|(latest, _)| latest);
        self.last_acquired = self.last_acquired.max(Some((at, number)));
        if let AfterSuccess::Latest(Some(held)) = &mut self.after {
            if latest.is_none_or(|latest| at > latest) {
                held.retain(|error| *error > at);
            }
        }
    }

    fn error(&mut self, at: Timestamp) {
        let latest = self.last_acquired.map(|(latest, _)| latest);
        match &mut self.after {
            AfterSuccess::Known { success, count } => *count += i64::from(at > *success),
            AfterSuccess::Latest(held) => {
                if latest.is_none_or(|latest| at > latest) {
                    match held {
                        Some(times) if times.len() < HELD_ERRORS => times.push(at),
                        _ => *held = None,
                    }
                }
            }
        }
    }

    /// The log read.
    pub fn finish(self) -> AadLog {
        let errors_after = match (self.untimed_error, self.after) {
            (true, _) => ErrorsAfter::Counted(None),
            (false, AfterSuccess::Known { count, .. }) => ErrorsAfter::Counted(Some(count)),
            (false, AfterSuccess::Latest(Some(times))) => {
                ErrorsAfter::Counted(Some(i64::try_from(times.len()).unwrap_or(i64::MAX)))
            }
            (false, AfterSuccess::Latest(None)) => ErrorsAfter::Recount,
        };
        AadLog {
            lines: self.lines.finish(),
            errors: self.errors.finish(),
            last_acquired: self.last_acquired,
            errors_after,
            not_a_log: self.printed && !self.any_entry,
        }
    }
}

/// The problem with a text none of whose lines is an entry.
pub(crate) const NOT_A_LOG: &str = "no line is a jamfAAD log entry (`log show` in its compact, default or syslog style, or a line copied from Console)";

#[cfg(test)]
mod tests {
    use std::ops::ControlFlow;

    use jamf_triage_evidence::LineReader;

    use super::*;

    fn parse(text: &[u8], collected_at: Option<&Zoned>, success: Option<Timestamp>) -> AadLog {
        let every = (LineNeed::Every, LineNeed::Every);
        let mut reader = Reader::new("mac/jamfAAD.log", collected_at, every, success);
        LineReader::new(text)
            .for_each(|number, line| {
                reader.line(number, line);
                ControlFlow::Continue(())
            })
            .expect("read");
        reader.finish()
    }

    const LOG: &str = "Filtering the log data using \"subsystem == \"com.jamf.management.jamfAAD\"\"\n\
Skipping info and debug messages, pass --info and/or --debug to include.\n\
Timestamp               Ty Process[PID:TID]\n\
2024-05-07 10:52:56.612 Df Jamf Conditional Access[8829:1a1d6] [com.jamf.management.jamfAAD:gatherAADInfo] AAD ID acquired for macOS user adele\n\
2024-05-07 11:00:00.000 E  Jamf Conditional Access[8829:1a1d6] [com.jamf.management.jamfAAD:msal] Silent token acquisition failed\n\
second line of that message\n\
2024-05-07 11:00:01.000 F  JamfAAD[8829:1a1d6] [com.jamf.management.jamfAAD:msal] fault\n\
2024-05-07 10:00:00.000 E  JamfAAD[8829:1a1d6] [com.jamf.management.jamfAAD:msal] earlier error\n";

    fn collected() -> Zoned {
        jamf_triage_evidence::parse_zoned("2024-05-08T09:00:00+02:00").expect("time")
    }

    #[test]
    fn reads_entries_errors_and_successes() {
        let at = collected();
        let log = parse(LOG.as_bytes(), Some(&at), None);
        assert!(!log.not_a_log);
        let numbers: Vec<_> = log.lines.iter().map(|p| p.number).collect();
        assert_eq!(numbers, [4, 5, 6, 7, 8]);
        let errors: Vec<_> = log.errors.iter().map(|p| p.number).collect();
        assert_eq!(errors, [5, 7, 8]);
        let (at, line) = log.last_acquired.expect("acquired");
        assert_eq!(
            (at.to_string().as_str(), line),
            ("2024-05-07T08:52:56.612Z", 4)
        );
        assert_eq!(log.errors_after, ErrorsAfter::Counted(Some(2)));
        let early = "2024-05-07T07:00:00Z".parse().expect("time");
        let known = parse(LOG.as_bytes(), Some(&collected()), Some(early));
        assert_eq!(known.errors_after, ErrorsAfter::Counted(Some(3)));
    }

    #[test]
    fn without_an_offset_nothing_is_timed() {
        let log = parse(LOG.as_bytes(), None, None);
        assert_eq!(log.lines.len(), 5);
        assert_eq!(log.last_acquired, None);
        assert_eq!(log.errors_after, ErrorsAfter::Counted(None));
    }

    #[test]
    fn a_header_only_log_is_empty_and_fine() {
        let header =
            "Filtering the log data using \"x\"\nTimestamp               Ty Process[PID:TID]\n";
        let log = parse(header.as_bytes(), None, None);
        assert!(log.lines.is_empty() && !log.not_a_log);
        assert!(!parse(b"", None, None).not_a_log);
    }

    #[test]
    fn another_format_is_an_issue() {
        let console = "Error 2024-05-07 10:52:56 +0200 JamfAAD something failed\n";
        assert!(parse(console.as_bytes(), None, None).not_a_log);
        let garbage: Vec<u8> = (0..=255_u8).cycle().take(4096).collect();
        assert!(parse(&garbage, None, None).not_a_log);
    }

    #[test]
    fn errors_after_an_acquisition_that_comes_later_in_the_file() {
        let log = "2024-05-07 11:00:00.000 E  JamfAAD[1:a] [s:c] late error\n\
2024-05-07 09:00:00.000 E  JamfAAD[1:a] [s:c] early error\n\
2024-05-07 10:00:00.000 Df JamfAAD[1:a] [s:c] AAD ID acquired\n\
2024-05-07 10:30:00.000 Df JamfAAD[1:a] [s:c] AAD ID acquired\n\
2024-05-07 10:15:00.000 E  JamfAAD[1:a] [s:c] error between\n";
        let log = parse(log.as_bytes(), Some(&collected()), None);
        assert_eq!(log.errors_after, ErrorsAfter::Counted(Some(1)));
        assert_eq!(log.last_acquired.map(|(_, line)| line), Some(4));
    }

    /// The hand-written reader against the regular expressions, on every shape and near miss.
    #[test]
    fn the_hand_reader_reads_as_the_regular_expressions() {
        let lines = [
            "2024-05-07 10:52:56.612 Df Jamf Conditional Access[8829:1a1d6] [com.jamf.management.jamfAAD:gatherAADInfo] AAD ID acquired for macOS user adele",
            "2024-05-07 11:00:00.000 E  Jamf Conditional Access[8829:1a1d6] [c:msal] Silent token acquisition failed",
            "2024-05-07 11:00:01.000 F  JamfAAD[8829:1a1d6] [c:msal] fault",
            "2024-05-07 11:00:01 E  JamfAAD[8829:1a1d6] no fraction",
            "2024-05-07 11:00:01.123456789 E  JamfAAD[8829:1a1d6] nine digits",
            "2024-05-07 11:00:01.1234567890 E  JamfAAD[8829:1a1d6] ten digits",
            "2024-05-07 11:00:01. E  JamfAAD[8829:1a1d6] dot alone",
            "2024-05-07 11:00:01.000 E  JamfAAD[8829:1a1d6]",
            "2024-05-07 11:00:01.000 E  JamfAAD[8829:1a1d6]x",
            "2024-05-07 11:00:01.000 E  JamfAAD[8829:1a1d6]x [1:2] second bracket",
            "2024-05-07 11:00:01.000 E  JamfAAD[8829:zz] [1:2] bad hex then good",
            "2024-05-07 11:00:01.000 Err JamfAAD[1:2] three letter type",
            "2024-05-07 11:00:01.000 E\tJamfAAD[1:2] tab",
            "2024-05-07 11:00:01.000 E  \tJamfAAD[1:2] tab before process",
            "2024-05-07 11:00:01.000 E  [1:2] bracket first",
            "2024-05-07 11:00:01.000 E  a[1:2] short process",
            "2024-05-07 11:00:01.000 E  J\u{00E4}mfAAD[1:2] umlaut",
            "2024-05-07 11:00:01.000 E  JamfAAD[\u{0663}:2] arabic digit",
            "2024-05-07 11:00:01.000 \u{00C9} JamfAAD[1:2] accented type",
            "2024-13-07 11:00:01.000 E  JamfAAD[1:2] month 13",
            "2024-02-30 11:00:01.000 E  JamfAAD[1:2] February 30",
            "2024-05-07 24:00:01.000 E  JamfAAD[1:2] hour 24",
            "2024-05-07 23:59:60.000 E  JamfAAD[1:2] leap second",
            "2024-05-07 11:00:01.000",
            "2024-05-07 11:00",
            "2024-05-07T11:00:01.000 E  JamfAAD[1:2] T",
            "\u{0662}024-05-07 11:00:01.000 E  JamfAAD[1:2] arabic year",
            "2024-05-07 11:00:01.000\u{0663} E  JamfAAD[1:2] arabic fraction",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Error 0x0 8829 0 JamfAAD: failed",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Default 0x0 8829 0 JamfAAD: AAD ID acquired",
            "2024-05-07 10:52:56.612345+0200 host JamfAAD[8829]: <Error> failed",
            "2024-05-07 10:52:56.612345-07:00 host Jamf Conditional Access[8829]: AAD ID acquired",
            "2024-05-07 10:52:56.612345+0200 host JamfAAD[8829]:",
            "2024-05-07 10:52:56.612345+0200 host  [8829]: only spaces for a process",
            "2024-05-07 10:52:56.612345+0200 host [8829]: no process",
            "2024-05-07 10:52:56.612345+0200 host Jamf]AAD[8829]: bracket",
            "2024-05-07 10:52:56.612345+0200 h[1]: host with a bracket",
            "2024-05-07 10:52:56.612345+0200 host JamfAAD[88x29]: letters",
            "2024-05-07 10:52:56.612345+0200 host JamfAAD[\u{0663}]: arabic digit",
            "2024-05-07 10:52:56.612345+0200 h\u{00F6}st JamfAAD[1]: umlaut host",
            "2024-05-07 10:52:56.612345+0200 host J\u{00E4}mfAAD[1]: umlaut process",
            "2024-05-07 10:52:56.612345+0200\thost\tJamfAAD[1]:\t<Fault> tabs",
            "2024-05-07 10:52:56.612345+0200",
            "2024-05-07 10:52:56.612345+02",
            "2024-05-07 10:52:56.612345+02:0 host JamfAAD[1]: short offset",
            "2024-05-07 10:52:56.612345+99:99 host JamfAAD[1]: offset out of range",
            "2024-02-30 10:52:56.612345+0200 host JamfAAD[1]: February 30",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Error 0x0 8829 0",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Error 0x0 8829 0 ",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 ERROR 0x0 8829 0 JamfAAD: caps",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 E 0x0 8829 0 JamfAAD: one letter",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Fault 0x0 88a29 0 JamfAAD: letters in pid",
            "2024-05-07 10:52:56.612345+0200 0x Fault 0x0 8829 0 JamfAAD: no hex",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Fault 0x0 8829 \u{0663} JamfAAD: arabic ttl",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6\u{00A0}Fault 0x0 8829 0 JamfAAD: no-break space",
            "2024-05-07 10:52:56.612345+0200 0x1a1d6 Fault 0x0 8829 0 [1]: both styles",
            "error\t2024-05-07 10:52:56.612345 +0200\tJamfAAD\tfailed",
            "default 10:52:56.612345 +0200 JamfAAD AAD ID acquired",
            "Error 2024-05-07 10:52:56 +0200 JamfAAD something failed",
            "continuation line",
            "",
            " 2024-05-07 11:00:01.000 E  JamfAAD[1:2] leading space",
        ];
        let at = collected();
        for line in lines {
            for collected_at in [None, Some(&at)] {
                assert_eq!(
                    entry(line, collected_at),
                    regex_entry(line, collected_at),
                    "{line:?}"
                );
            }
        }
        for hand in [0, 28, 29, 30, 31] {
            assert!(
                fast_entry(lines[hand], Some(&at)).is_ok_and(|e| e.is_some()),
                "{} is read by hand",
                lines[hand]
            );
        }
    }
}
