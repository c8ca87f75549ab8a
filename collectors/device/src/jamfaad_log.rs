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

use std::sync::LazyLock;

use jamf_triage_evidence::DecodedText;
use jiff::civil::DateTime;
use jiff::{Timestamp, Zoned};
use regex::Regex;

use crate::issue::Issue;
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

/// One printed line of the log (header lines excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Printed {
    pub line: u32,
    pub text: String,
    pub entry: Option<EntryInfo>,
}

/// A parsed jamfAAD log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AadLog {
    pub lines: Vec<Printed>,
    pub issues: Vec<Issue>,
}

fn entry(line: &str, collected_at: Option<&Zoned>) -> Option<EntryInfo> {
    compact(line, collected_at)
        .or_else(|| default_style(line))
        .or_else(|| syslog_style(line))
        .or_else(|| console(line))
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
    let local: DateTime = local.parse().ok()?;
    let digits: String = offset.chars().filter(char::is_ascii_digit).collect();
    let hours: i32 = digits.get(..2)?.parse().ok()?;
    let minutes: i32 = digits.get(2..4)?.parse().ok()?;
    let seconds = (hours * 3600 + minutes * 60) * if offset.starts_with('-') { -1 } else { 1 };
    let offset = jiff::tz::Offset::from_seconds(seconds).ok()?;
    local
        .to_zoned(jiff::tz::TimeZone::fixed(offset))
        .ok()
        .map(|zoned| zoned.timestamp())
}

/// Parses the log; times need `collected_at` for their offset.
pub(crate) fn parse(text: &DecodedText, collected_at: Option<&Zoned>) -> AadLog {
    let mut log = AadLog::default();
    for (number, line) in text.numbered_lines() {
        if line.trim().is_empty() || FRAME.iter().any(|frame| line.starts_with(frame)) {
            continue;
        }
        let entry = entry(line, collected_at);
        log.lines.push(Printed {
            line: number,
            text: line.to_owned(),
            entry,
        });
    }
    if !log.lines.is_empty() && log.lines.iter().all(|printed| printed.entry.is_none()) {
        log.lines.clear();
        log.issues.push(Issue::whole(
            "no line is a jamfAAD log entry (`log show` in its compact, default or syslog style, or a line copied from Console)",
        ));
    }
    log
}

impl AadLog {
    /// The entries, with their line numbers.
    pub fn entries(&self) -> impl Iterator<Item = (&Printed, EntryInfo)> + '_ {
        self.lines
            .iter()
            .filter_map(|printed| printed.entry.map(|entry| (printed, entry)))
    }

    /// The time and line of the last `AAD ID acquired` entry.
    pub fn last_acquired(&self) -> Option<(Timestamp, u32)> {
        let acquired = self.entries().filter(|(_, entry)| entry.acquired);
        local_time::latest(acquired.map(|(printed, entry)| (entry.at, printed.line)))
    }

    /// How many error and fault entries come after `success`; `None` when one of them has no
    /// time to compare.
    pub fn errors_after(&self, success: Timestamp) -> Option<i64> {
        let mut count = 0_i64;
        for (_, entry) in self.entries().filter(|(_, entry)| entry.error) {
            if entry.at? > success {
                count += 1;
            }
        }
        Some(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let log = parse(
            &jamf_triage_evidence::decode_text(LOG.as_bytes()),
            Some(&collected()),
        );
        assert!(log.issues.is_empty());
        let numbers: Vec<_> = log.lines.iter().map(|p| p.line).collect();
        assert_eq!(numbers, [4, 5, 6, 7, 8]);
        let errors: Vec<_> = log
            .entries()
            .filter(|(_, e)| e.error)
            .map(|(p, _)| p.line)
            .collect();
        assert_eq!(errors, [5, 7, 8]);
        let (at, line) = log.last_acquired().expect("acquired");
        assert_eq!(
            (at.to_string().as_str(), line),
            ("2024-05-07T08:52:56.612Z", 4)
        );
        assert_eq!(log.errors_after(at), Some(2));
    }

    #[test]
    fn without_an_offset_nothing_is_timed() {
        let log = parse(&jamf_triage_evidence::decode_text(LOG.as_bytes()), None);
        assert_eq!(log.lines.len(), 5);
        assert_eq!(log.last_acquired(), None);
        assert_eq!(log.errors_after(Timestamp::UNIX_EPOCH), None);
    }

    #[test]
    fn a_header_only_log_is_empty_and_fine() {
        let header =
            "Filtering the log data using \"x\"\nTimestamp               Ty Process[PID:TID]\n";
        let log = parse(&jamf_triage_evidence::decode_text(header.as_bytes()), None);
        assert_eq!(log, AadLog::default());
    }

    #[test]
    fn another_format_is_an_issue() {
        let console = "Error 2024-05-07 10:52:56 +0200 JamfAAD something failed\n";
        let log = parse(&jamf_triage_evidence::decode_text(console.as_bytes()), None);
        assert!(log.lines.is_empty());
        assert_eq!(log.issues.len(), 1);
    }
}
