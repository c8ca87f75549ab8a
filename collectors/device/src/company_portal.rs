//! Company Portal's logs (`~/Library/Logs/Company Portal/*.log`, verbatim): every file in name
//! order, each line keeping its own file and line number; the latest `Device status:` line
//! (an early `Not registered` followed by `Registered` is a success); and the lines whose level
//! is `ERROR` (or `FAULT`), the latest one timed. A line reads
//! `yyyy-MM-dd HH:mm:ss.SSS <IP> <LEVEL> <logger> TID=<n>  <File>.swift: <line> (<func>) <message>`
//! in the Mac's local time (the offset of `collected_at`); lines without a time continue the
//! entry above. A file in which no line starts with Company Portal's time is not read as a log: it
//! is a problem naming it.

use std::ops::ControlFlow;

use jamf_triage_evidence::{CollectionProblem, Evidence, LineSink, Provenance};
use jiff::Timestamp;
use jiff::civil::DateTime;

use crate::COLLECTOR;
use crate::artifacts::COMPANY_PORTAL_LOGS;
use crate::facts;
use crate::local_time;
use crate::mac_files::MacFiles;

/// What precedes the registration state in Company Portal's status lines.
const DEVICE_STATUS: &str = "Device status:";

/// The value of a `Device status:` line (`Registered`, `Not registered`), when it is one.
fn device_status(line: &str) -> Option<&str> {
    let (_, value) = line.rsplit_once(DEVICE_STATUS)?;
    let value = value.trim();
    (!value.is_empty()).then_some(value)
}

/// What one file gave: kept only once the file is known to be a Company Portal log.
#[derive(Debug, Default)]
struct FileRead {
    /// Whether a line starts with a time, and whether a line is not blank.
    timed: bool,
    non_blank: bool,
    /// The latest `Device status:` value and its line.
    status: Option<(String, u32)>,
    /// The latest error's time and line.
    last_error: Option<(Timestamp, u32)>,
}

/// Reads the logs into `device.company_portal.log` and
/// `device.company_portal.latest_device_status`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let mut lines = LineSink::new(files.need(facts::COMPANY_PORTAL_LOG.name()));
    let mut errors = LineSink::new(files.need(facts::COMPANY_PORTAL_ERRORS.name()));
    let mut latest: Option<(String, String, u32)> = None;
    let mut last_error: Option<(Timestamp, String, u32)> = None;
    let mut dir = None;
    for path in files.family(&COMPANY_PORTAL_LOGS) {
        let artifact = files.artifact_at(path);
        let marks = (lines.mark(), errors.mark());
        let mut file = FileRead::default();
        let read = files.read_lines(&COMPANY_PORTAL_LOGS, &artifact, out, |number, line| {
            file.timed |= starts_with_time(line);
            if line.trim().is_empty() {
                return ControlFlow::Continue(());
            }
            file.non_blank = true;
            if let Some(status) = device_status(line) {
                let (text, at) = file.status.get_or_insert_with(Default::default);
                text.clear();
                text.push_str(status);
                *at = number;
            }
            lines.offer(&artifact.path, number, line);
            if let Some(head) = head(line).filter(|head| head.error) {
                errors.offer(&artifact.path, number, line);
                let at = files
                    .collected_at()
                    .and_then(|at| local_time::instant(head.local, at));
                if let Some(at) =
                    at.filter(|at| file.last_error.is_none_or(|(last, _)| *at >= last))
                {
                    file.last_error = Some((at, number));
                }
            }
            ControlFlow::Continue(())
        });
        let not_a_log = file.non_blank && !file.timed;
        if !read || not_a_log {
            lines.rollback(marks.0);
            errors.rollback(marks.1);
        }
        if !read {
            continue;
        }
        if not_a_log {
            out.add_problem(CollectionProblem::new(
                COLLECTOR,
                artifact.path.as_str(),
                "no line starts with a time (`yyyy-MM-dd HH:mm:ss.SSS`): not a Company Portal log; it was not read",
            ));
            continue;
        }
        if let Some((status, line)) = file.status {
            latest = Some((status, artifact.path.clone(), line));
        }
        if let Some((at, line)) = file.last_error {
            if last_error.as_ref().is_none_or(|(last, ..)| at >= *last) {
                last_error = Some((at, artifact.path.clone(), line));
            }
        }
        dir = artifact
            .path
            .rsplit_once('/')
            .map(|(dir, _)| format!("{dir}/"));
    }
    if let Some(dir) = dir {
        out.record(
            facts::COMPANY_PORTAL_LOG,
            lines.finish(),
            Provenance::new(COLLECTOR, dir.clone()),
        );
        out.record(
            facts::COMPANY_PORTAL_ERRORS,
            errors.finish(),
            Provenance::new(COLLECTOR, dir),
        );
    }
    if let Some((at, path, line)) = last_error {
        out.record(
            facts::COMPANY_PORTAL_LAST_ERROR_AT,
            at,
            Provenance::new(COLLECTOR, path).at_line(line),
        );
    }
    if let Some((status, path, line)) = latest {
        out.record(
            facts::COMPANY_PORTAL_LATEST_DEVICE_STATUS,
            status,
            Provenance::new(COLLECTOR, path).at_line(line),
        );
    }
}

/// The time and level of an entry line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Head {
    /// The Mac's local time.
    local: DateTime,
    /// Whether the level is `ERROR` or `FAULT`.
    error: bool,
}

/// The time and level an entry line starts with: `yyyy-MM-dd HH:mm:ss.SSS <IP> <LEVEL> …`.
fn head(line: &str) -> Option<Head> {
    if !starts_with_time(line) {
        return None;
    }
    // The date is the first ten bytes and a space follows it (`starts_with_time`): the date
    // and time words are the text up to the first white space after the time.
    let after = line.get(11..)?;
    let end = 11 + after.find(char::is_whitespace).unwrap_or(after.len());
    let local: DateTime = line.get(..end)?.parse().ok()?;
    let mut words = line.get(end..)?.split_whitespace();
    let _address = words.next();
    let level = words.next().unwrap_or("");
    Some(Head {
        local,
        error: level.eq_ignore_ascii_case("ERROR") || level.eq_ignore_ascii_case("FAULT"),
    })
}

/// Whether `line` starts with `yyyy-MM-dd HH:mm:ss`, as every Company Portal log entry does.
fn starts_with_time(line: &str) -> bool {
    const SHAPE: &[u8] = b"9999-99-99 99:99:99";
    line.as_bytes().get(..SHAPE.len()).is_some_and(|head| {
        head.iter().zip(SHAPE).all(|(byte, shape)| match shape {
            b'9' => byte.is_ascii_digit(),
            _ => byte == shape,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{device_status, head};

    #[test]
    fn reads_the_time_and_level_of_a_line() {
        // The line format of Microsoft's troubleshooting article ([TS23] in domain.md).
        let error = head("2024-06-01 08:59:58.904 10.20.32.13 ERROR com.microsoft.ssp.enrollment TID=7  WorkplaceJoinManager.swift: 311 (joinDevice()) failed")
            .expect("entry");
        assert!(error.error);
        assert_eq!(error.local.to_string(), "2024-06-01T08:59:58.904");
        let info =
            head("2024-06-01 08:59:40.120 10.20.32.13 INFO com.microsoft.ssp.application TID=1  x")
                .expect("entry");
        assert!(!info.error);
        assert_eq!(head("continuation"), None);
    }

    #[test]
    fn reads_the_value_of_a_status_line() {
        // A line of Company Portal's log as the portal-opened-directly example holds it.
        assert_eq!(
            device_status(
                "2024-06-17 16:02:00.876 10.20.36.240 INFO com.microsoft.ssp.enrollment TID=5  DeviceStatusViewController.swift: 118 (refresh()) Device status: Not registered"
            ),
            Some("Not registered")
        );
        assert_eq!(
            device_status("Device status: Registered\r"),
            Some("Registered")
        );
        assert_eq!(device_status("Device status:   "), None);
        assert_eq!(device_status("Registration status: done"), None);
    }
}
