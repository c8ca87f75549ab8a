//! Company Portal's logs (`~/Library/Logs/Company Portal/*.log`, verbatim): every file in name
//! order, each line keeping its own file and line number; the latest `Device status:` line
//! (an early `Not registered` followed by `Registered` is a success); and the lines whose level
//! is `ERROR` (or `FAULT`), the latest one timed. A line reads
//! `yyyy-MM-dd HH:mm:ss.SSS <IP> <LEVEL> <logger> TID=<n>  <File>.swift: <line> (<func>) <message>`
//! in the Mac's local time (the offset of `collected_at`); lines without a time continue the
//! entry above. A file in which no line starts with Company Portal's time is not read as a log: it
//! is a problem naming it.

use jamf_triage_evidence::{CollectionProblem, Evidence, Lines, Provenance};
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

/// Reads the logs into `device.company_portal.log` and
/// `device.company_portal.latest_device_status`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let mut lines = Lines::default();
    let mut latest: Option<(String, String, u32)> = None;
    let mut errors = Lines::default();
    let mut last_error: Option<(Timestamp, String, u32)> = None;
    let mut dir = None;
    for path in files.family(&COMPANY_PORTAL_LOGS) {
        let Some((artifact, text)) = files.read_path_text(&COMPANY_PORTAL_LOGS, path, out) else {
            continue;
        };
        if !text
            .numbered_lines()
            .any(|(_, line)| starts_with_time(line))
            && text
                .numbered_lines()
                .any(|(_, line)| !line.trim().is_empty())
        {
            out.add_problem(CollectionProblem::new(
                COLLECTOR,
                artifact.path.as_str(),
                "no line starts with a time (`yyyy-MM-dd HH:mm:ss.SSS`): not a Company Portal log; it was not read",
            ));
            continue;
        }
        for (number, line) in text
            .numbered_lines()
            .filter(|(_, line)| !line.trim().is_empty())
        {
            if let Some(status) = device_status(line) {
                latest = Some((status.to_owned(), artifact.path.clone(), number));
            }
            lines.push(&artifact.path, number, line);
            if let Some(head) = head(line).filter(|head| head.error) {
                errors.push(&artifact.path, number, line);
                let at = files
                    .collected_at()
                    .and_then(|at| local_time::instant(head.local, at));
                if let Some(at) =
                    at.filter(|at| last_error.as_ref().is_none_or(|(last, ..)| at >= last))
                {
                    last_error = Some((at, artifact.path.clone(), number));
                }
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
            lines,
            Provenance::new(COLLECTOR, dir.clone()),
        );
        out.record(
            facts::COMPANY_PORTAL_ERRORS,
            errors,
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
    let mut words = line.split_whitespace();
    let date = words.next()?;
    let time = words.next()?;
    let local: DateTime = format!("{date} {time}").parse().ok()?;
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
