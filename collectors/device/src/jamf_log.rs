//! `jamf.log` (`/var/log/jamf.log`, verbatim): `EEE MMM dd HH:mm:ss <host> jamf[<pid>]: <message>`
//! in the Mac's local time without a year. Lines without that prefix (script output) continue
//! the entry above.

use std::sync::LazyLock;

use jamf_triage_evidence::{DecodedText, Evidence, Lines};
use jiff::civil::Time;
use jiff::{Timestamp, Zoned};
use regex::Regex;

use crate::artifacts::JAMF_LOG;
use crate::facts;
use crate::issue::Issue;
use crate::local_time;
use crate::mac_files::MacFiles;

const CHECK_IN: &str = "Checking for policies triggered by \"recurring check-in\"";
/// Joins a continuation line to its entry.
const CONTINUATION: &str = " | ";

static PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"^[A-Z][a-z]{2} (?<month>[A-Z][a-z]{2}) {1,2}(?<day>\d{1,2}) (?<h>\d{2}):(?<m>\d{2}):(?<s>\d{2}) (?<host>.+?) [^\s\[\]]+\[\d+\]:(?: (?<message>.*))?$",
    )
    .ok()
});

/// One entry: its first line's number, its message (with continuation lines), and its time
/// when the year and offset are known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub line: u32,
    pub message: String,
    pub at: Option<Timestamp>,
}

/// A parsed `jamf.log`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct JamfLog {
    pub entries: Vec<Entry>,
    pub issues: Vec<Issue>,
}

/// The prefix of an entry line: month, day, time, and where the message starts.
struct Prefix<'t> {
    month: i8,
    day: i8,
    time: Time,
    message: &'t str,
}

fn prefix(line: &str) -> Option<Prefix<'_>> {
    let captures = PREFIX.as_ref()?.captures(line)?;
    let number = |name: &str| captures.name(name)?.as_str().parse::<i8>().ok();
    let month = month_number(captures.name("month")?.as_str())?;
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

fn month_number(name: &str) -> Option<i8> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let index = MONTHS.iter().position(|month| *month == name)?;
    i8::try_from(index + 1).ok()
}

/// Parses `jamf.log` text; times need `collected_at` for their year and offset.
pub(crate) fn parse(text: &DecodedText, collected_at: Option<&Zoned>) -> JamfLog {
    let mut log = JamfLog::default();
    let mut any_prefix = false;
    let mut non_blank = 0_usize;
    for (number, line) in text.numbered_lines() {
        if line.trim().is_empty() {
            continue;
        }
        non_blank += 1;
        if let Some(prefix) = prefix(line) {
            any_prefix = true;
            let at = collected_at.and_then(|at| {
                local_time::instant_without_year(prefix.month, prefix.day, prefix.time, at)
            });
            log.entries.push(Entry {
                line: number,
                message: prefix.message.to_owned(),
                at,
            });
        } else if let Some(entry) = log.entries.last_mut() {
            entry.message.push_str(CONTINUATION);
            entry.message.push_str(line);
        } else {
            // Output continuing an entry that was rotated away: keep it on its own.
            log.entries.push(Entry {
                line: number,
                message: line.to_owned(),
                at: None,
            });
        }
    }
    if non_blank > 0 && !any_prefix {
        log.entries.clear();
        log.issues.push(Issue::whole(
            "no line starts like a jamf.log entry (`EEE MMM dd HH:mm:ss <host> jamf[<pid>]: `)",
        ));
    }
    log
}

/// Whether a message is a recurring check-in (straight and curly quotes alike).
fn is_check_in(message: &str) -> bool {
    message
        .replace(['\u{201C}', '\u{201D}'], "\"")
        .contains(CHECK_IN)
}

/// The latest entry, by time, among those `wanted`.
fn latest(entries: &[Entry], wanted: impl Fn(&Entry) -> bool) -> Option<(Timestamp, u32)> {
    local_time::latest(
        entries
            .iter()
            .filter(|entry| wanted(entry))
            .map(|entry| (entry.at, entry.line)),
    )
}

/// Reads `jamf.log` into `device.jamf_log.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&JAMF_LOG, out) else {
        return;
    };
    let log = parse(&text, files.collected_at());
    let failed = !log.issues.is_empty();
    artifact.report_all(out, log.issues);
    if failed {
        return;
    }
    let mut lines = Lines::default();
    for entry in &log.entries {
        lines.push(&artifact.path, entry.line, &entry.message);
    }
    artifact.set(out, facts::JAMF_LOG_LINES, lines);
    if let Some((at, line)) = latest(&log.entries, |entry| is_check_in(&entry.message)) {
        artifact.set_at_line(out, facts::JAMF_LOG_LAST_CHECKIN, at, line);
    }
    if let Some((at, line)) = latest(&log.entries, |_| true) {
        artifact.set_at_line(out, facts::JAMF_LOG_LAST_ENTRY, at, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> DecodedText {
        jamf_triage_evidence::decode_text(text.as_bytes())
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
        let log = parse(&numbered(text), Some(&collected()));
        assert!(log.issues.is_empty());
        let messages: Vec<_> = log
            .entries
            .iter()
            .map(|e| (e.line, e.message.as_str()))
            .collect();
        assert_eq!(
            messages,
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
        let first = log
            .entries
            .first()
            .and_then(|e| e.at)
            .map(|t| t.to_string());
        assert_eq!(first.as_deref(), Some("2024-06-03T11:47:18Z"));
        assert_eq!(
            latest(&log.entries, |e| is_check_in(&e.message)).map(|(_, line)| line),
            Some(1)
        );
        assert_eq!(
            latest(&log.entries, |_| true).map(|(_, line)| line),
            Some(5)
        );
    }

    #[test]
    fn without_collection_time_there_are_no_times() {
        let log = parse(&numbered("Mon Jun 03 13:47:18 host jamf[1]: hello\n"), None);
        assert_eq!(log.entries.len(), 1);
        assert_eq!(log.entries.first().and_then(|e| e.at), None);
        assert!(log.issues.is_empty());
    }

    #[test]
    fn year_rolls_back_for_december_lines_read_in_january() {
        let at = jamf_triage_evidence::parse_zoned("2025-01-02T09:00:00+01:00").expect("time");
        let log = parse(
            &numbered(
                "Tue Dec 31 23:59:00 host jamf[1]: last of the year\nThu Jan 02 08:00:00 host jamf[2]: new\n",
            ),
            Some(&at),
        );
        let times: Vec<_> = log
            .entries
            .iter()
            .filter_map(|e| e.at)
            .map(|t| t.to_string())
            .collect();
        assert_eq!(times, ["2024-12-31T22:59:00Z", "2025-01-02T07:00:00Z"]);
    }

    #[test]
    fn curly_quotes_count_as_check_ins() {
        assert!(is_check_in(
            "Checking for policies triggered by \u{201C}recurring check-in\u{201D} for user"
        ));
        assert!(!is_check_in("Checking for policies triggered by \"login\""));
    }

    #[test]
    fn orphan_lines_before_the_first_entry_are_kept() {
        let log = parse(
            &numbered("tail of a rotated entry\nMon Jun 03 13:47:18 host jamf[1]: hi\n"),
            None,
        );
        assert_eq!(log.entries.len(), 2);
        assert_eq!(
            log.entries.first().map(|e| e.message.as_str()),
            Some("tail of a rotated entry")
        );
    }

    #[test]
    fn text_that_is_not_jamf_log_is_an_issue() {
        let log = parse(
            &numbered(
                "2024-06-03 10:00:00 something else\nMon Foo 03 13:47:18 host jamf[1]: x\nMon Feb 30 13:47:18 host jamf[1]: x\n",
            ),
            None,
        );
        assert!(log.entries.is_empty());
        assert_eq!(log.issues.len(), 1);
        assert!(parse(&numbered("\n  \n"), None).issues.is_empty());
    }
}
