//! Growing a bundle's logs to any size for the log benchmarks ([`grow_bundle`]): the bundle is
//! copied, and each chosen log gets real lines of its own repeated, with advancing times, in
//! front of its original content.
//!
//! The repeated entries are stamped strictly before the original's first entry (at most
//! [`MAX_SPAN_DAYS`] days before it), so the original's entries stay the latest ones: the
//! facts derived from the newest entries (the last check-in, the last token success and the
//! errors after it) and every verdict of the bundle are those of the original. Lines before the
//! original's first entry (the frame `log show` prints at the top of a jamfAAD log) stay at the
//! top; an entry's continuation lines (a stack trace) are repeated with it.
//!
//! ```no_run
//! use jamf_triage_benches::grow::{LogKind, grow_bundle};
//! let grown = grow_bundle(
//!     std::path::Path::new("examples/bundles/healthy"),
//!     std::path::Path::new("/tmp/healthy-300"),
//!     300 << 20,
//!     &LogKind::ALL,
//! )?;
//! assert_eq!(grown.len(), 3);
//! # Ok::<(), jamf_triage_benches::grow::GrowError>(())
//! ```

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use jiff::civil::{Date, DateTime};
use jiff::{SignedDuration, ToSpan as _};
use regex::Regex;

/// The repeated entries of a grown log start at most this many days before the original's
/// first entry (`jamf.log` carries no year, and its reader places a line within the year before
/// the collection).
pub const MAX_SPAN_DAYS: i64 = 200;

/// The time between two repeated entries when that keeps them within [`MAX_SPAN_DAYS`].
const STEP: SignedDuration = SignedDuration::from_secs(1);

/// The logs a bundle's logs can be grown in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogKind {
    /// `mac/jamf.log`: `EEE MMM dd HH:mm:ss <host> jamf[<pid>]: <message>`, no year.
    JamfLog,
    /// `mac/jamfAAD.log`: `yyyy-MM-dd HH:mm:ss.SSS …` (every `log show` style that starts with
    /// the date).
    JamfAad,
    /// `jamf-pro/JAMFSoftwareServer.log`: `yyyy-MM-dd HH:mm:ss,SSS [LEVEL] …`.
    ServerLog,
}

impl LogKind {
    /// Every kind, in the order of [`LogKind::path`]s `mac/jamf.log`, `mac/jamfAAD.log`,
    /// `jamf-pro/JAMFSoftwareServer.log`.
    pub const ALL: [LogKind; 3] = [LogKind::JamfLog, LogKind::JamfAad, LogKind::ServerLog];

    /// The bundle-relative path of this log.
    pub fn path(self) -> &'static str {
        match self {
            LogKind::JamfLog => "mac/jamf.log",
            LogKind::JamfAad => "mac/jamfAAD.log",
            LogKind::ServerLog => "jamf-pro/JAMFSoftwareServer.log",
        }
    }

    /// A short name for benchmark labels: `jamf_log`, `jamfaad_log`, `server_log`.
    pub fn name(self) -> &'static str {
        match self {
            LogKind::JamfLog => "jamf_log",
            LogKind::JamfAad => "jamfaad_log",
            LogKind::ServerLog => "server_log",
        }
    }
}

/// Why a bundle could not be grown.
#[derive(Debug, thiserror::Error)]
pub enum GrowError {
    /// Reading or writing a file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        source: std::io::Error,
    },
    /// The source is not a bundle folder.
    #[error("{0}: not a bundle folder (a zip must be unpacked first)")]
    NotAFolder(PathBuf),
    /// A log has no line that starts like one of its entries, so there is nothing to repeat.
    #[error("{0}: no line starts with a time this generator reads")]
    NoEntries(PathBuf),
}

/// One grown log: its path in the new bundle and its size before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GrownLog {
    /// Which log.
    pub kind: LogKind,
    /// Its size in the source bundle, in bytes.
    pub original_bytes: u64,
    /// Its size in the grown bundle, in bytes.
    pub bytes: u64,
}

/// Copies the bundle folder `src` into `dest` (created; files already there are overwritten)
/// and grows each log of `kinds` that the bundle holds to about `target_bytes` (at least that,
/// at most one entry more). Logs the bundle lacks are skipped.
///
/// # Errors
/// [`GrowError`] when `src` is not a folder, a file cannot be copied or written, or a log to
/// grow has no entry to repeat.
pub fn grow_bundle(
    src: &Path,
    dest: &Path,
    target_bytes: u64,
    kinds: &[LogKind],
) -> Result<Vec<GrownLog>, GrowError> {
    if !src.is_dir() {
        return Err(GrowError::NotAFolder(src.to_path_buf()));
    }
    copy_dir(src, dest)?;
    let collected = collection_date(src);
    let mut grown = Vec::new();
    for &kind in kinds {
        let from = src.join(kind.path());
        if !from.is_file() {
            continue;
        }
        let bytes = std::fs::read(&from).map_err(|source| io(&from, source))?;
        let text = String::from_utf8_lossy(&bytes);
        let to = dest.join(kind.path());
        let file = std::fs::File::create(&to).map_err(|source| io(&to, source))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let written = grow_log(kind, &text, target_bytes, collected, &mut out)
            .map_err(|source| io(&to, source))?
            .ok_or_else(|| GrowError::NoEntries(from.clone()))?;
        out.flush().map_err(|source| io(&to, source))?;
        grown.push(GrownLog {
            kind,
            original_bytes: u64::try_from(bytes.len()).unwrap_or(u64::MAX),
            bytes: written,
        });
    }
    Ok(grown)
}

fn io(path: &Path, source: std::io::Error) -> GrowError {
    GrowError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn copy_dir(src: &Path, dest: &Path) -> Result<(), GrowError> {
    std::fs::create_dir_all(dest).map_err(|source| io(dest, source))?;
    for entry in std::fs::read_dir(src).map_err(|source| io(src, source))? {
        let entry = entry.map_err(|source| io(src, source))?;
        let from = entry.path();
        let to = dest.join(entry.file_name());
        if from.is_dir() {
            copy_dir(&from, &to)?;
        } else {
            std::fs::copy(&from, &to).map_err(|source| io(&from, source))?;
        }
    }
    Ok(())
}

/// The date of the bundle's collection (`collected_at` in `manifest.yaml`, else `observed_at`
/// in `context.yaml`), which dates `jamf.log`'s lines; `None` when neither says.
fn collection_date(bundle: &Path) -> Option<Date> {
    [
        ("manifest.yaml", "collected_at:"),
        ("context.yaml", "observed_at:"),
    ]
    .iter()
    .find_map(|(file, key)| {
        let text = std::fs::read_to_string(bundle.join(file)).ok()?;
        let value = text
            .lines()
            .find_map(|line| line.trim().strip_prefix(key))?;
        let value = value.trim().trim_matches(['"', '\'']);
        value.get(..10)?.parse().ok()
    })
}

/// Writes `original` grown to at least `target_bytes` (at most one entry more) into `out`: its
/// lines before the first entry, then its entries repeated with advancing times ending before
/// its first entry's time, then all of it from the first entry on. `collected` is the date of
/// the collection, which gives `jamf.log`'s lines their year (the latest at or before it), so
/// that repeated lines get their right weekday.
///
/// Returns the bytes written, or `None` (having written nothing) when no line of `original`
/// starts like an entry of `kind`.
///
/// # Errors
/// Any error writing to `out`.
pub fn grow_log(
    kind: LogKind,
    original: &str,
    target_bytes: u64,
    collected: Option<Date>,
    out: &mut impl std::io::Write,
) -> std::io::Result<Option<u64>> {
    let stamp = Stamp::of(kind);
    let lines: Vec<&str> = original.lines().collect();
    let Some(first) = lines
        .iter()
        .position(|line| stamp.parse(line, collected).is_some())
    else {
        return Ok(None);
    };
    let body = lines.get(first..).unwrap_or_default();
    let entries = entries(body, &stamp, collected);
    let Some(start) = entries.first().map(|entry| entry.at) else {
        return Ok(None);
    };
    let mut written = 0_u64;
    for line in lines.get(..first).unwrap_or_default() {
        written += write_line(out, line)?;
    }
    let original_bytes = body.iter().map(|line| line_len(line)).sum::<u64>();
    let wanted = target_bytes.saturating_sub(written + original_bytes);
    let count = repeats_needed(&entries, &stamp, wanted);
    let step = step_for(count);
    let mut prefix = String::new();
    for index in 0..count {
        let Some(entry) = entries.get(index % entries.len()) else {
            break;
        };
        let back = i64::try_from(count - index).unwrap_or(i64::MAX);
        let at = step
            .checked_mul(i32::try_from(back).unwrap_or(i32::MAX))
            .and_then(|by| start.checked_sub(by).ok())
            .unwrap_or(start);
        prefix.clear();
        stamp.format(at, entry, &mut prefix);
        out.write_all(prefix.as_bytes())?;
        written += u64::try_from(prefix.len()).unwrap_or(0);
        for line in &entry.lines {
            written += write_line(out, line)?;
        }
    }
    for line in body {
        written += write_line(out, line)?;
    }
    Ok(Some(written))
}

/// How many repeated entries (cycling through `entries`) make at least `wanted` bytes.
fn repeats_needed(entries: &[Entry<'_>], stamp: &Stamp, wanted: u64) -> usize {
    let cycle: u64 = entries.iter().map(|entry| entry.len(stamp)).sum();
    if cycle == 0 || wanted == 0 {
        return 0;
    }
    let whole = wanted / cycle;
    let mut count = usize::try_from(whole).unwrap_or(usize::MAX / 2) * entries.len();
    let mut bytes = whole * cycle;
    for entry in entries {
        if bytes >= wanted {
            break;
        }
        bytes += entry.len(stamp);
        count += 1;
    }
    count
}

/// One second between repeated entries, less when that would span more than
/// [`MAX_SPAN_DAYS`].
fn step_for(count: usize) -> SignedDuration {
    let span = SignedDuration::from_hours(24 * MAX_SPAN_DAYS);
    let count = i32::try_from(count.max(1)).unwrap_or(i32::MAX);
    STEP.min(span / count)
}

fn line_len(line: &str) -> u64 {
    u64::try_from(line.len()).unwrap_or(0) + 1
}

fn write_line(out: &mut impl std::io::Write, line: &str) -> std::io::Result<u64> {
    out.write_all(line.as_bytes())?;
    out.write_all(b"\n")?;
    Ok(line_len(line))
}

/// An entry of the original: its time, the rest of its first line after the time, and its
/// continuation lines.
#[derive(Debug)]
struct Entry<'t> {
    at: DateTime,
    /// The first line after its time, then the continuation lines (each written with `\n`).
    lines: Vec<&'t str>,
    /// For ISO times: the separator between date and time (` ` or `T`), the fraction's
    /// separator and number of digits.
    shape: IsoShape,
}

impl Entry<'_> {
    /// Its length when written with a new time.
    fn len(&self, stamp: &Stamp) -> u64 {
        stamp.width(&self.shape) + self.lines.iter().map(|line| line_len(line)).sum::<u64>()
    }
}

fn entries<'t>(lines: &[&'t str], stamp: &Stamp, collected: Option<Date>) -> Vec<Entry<'t>> {
    let mut entries: Vec<Entry<'t>> = Vec::new();
    for line in lines {
        match stamp.parse(line, collected) {
            Some((at, rest, shape)) => entries.push(Entry {
                at,
                lines: vec![rest],
                shape,
            }),
            None => {
                if let Some(entry) = entries.last_mut() {
                    entry.lines.push(line);
                }
            }
        }
    }
    entries
}

/// How an ISO time was written, so that repeated entries look like theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct IsoShape {
    /// `b' '` or `b'T'`.
    separator: u8,
    /// `b'.'` or `b','`, or 0 for no fraction.
    fraction: u8,
    /// The number of fraction digits (1 to 9).
    digits: u8,
}

/// The time at the start of a log's entries.
enum Stamp {
    /// `EEE MMM dd HH:mm:ss ` (jamf.log).
    Syslog,
    /// `yyyy-MM-dd HH:mm:ss[.,]SSS` (jamfAAD, server log).
    Iso,
}

static SYSLOG: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^[A-Z][a-z]{2} ([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ").ok()
});

static ISO: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d{4}-\d{2}-\d{2})([ T])(\d{2}:\d{2}:\d{2})(?:([.,])(\d{1,9}))?").ok()
});

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Stamp {
    fn of(kind: LogKind) -> Stamp {
        match kind {
            LogKind::JamfLog => Stamp::Syslog,
            LogKind::JamfAad | LogKind::ServerLog => Stamp::Iso,
        }
    }

    /// The time a line starts with, the rest of the line after it, and its shape.
    fn parse<'t>(
        &self,
        line: &'t str,
        collected: Option<Date>,
    ) -> Option<(DateTime, &'t str, IsoShape)> {
        match self {
            Stamp::Syslog => {
                let captures = SYSLOG.as_ref()?.captures(line)?;
                let number = |index: usize| captures.get(index)?.as_str().parse::<i8>().ok();
                let month = MONTHS
                    .iter()
                    .position(|name| Some(*name) == captures.get(1).map(|m| m.as_str()))?;
                let month = i8::try_from(month + 1).ok()?;
                let day = number(2)?;
                let collected = collected.unwrap_or(Date::constant(2024, 12, 31));
                let year = collected.year();
                let date = [year, year - 1, year - 2, year - 3]
                    .into_iter()
                    .filter_map(|year| Date::new(year, month, day).ok())
                    .find(|date| *date <= collected)?;
                let time = jiff::civil::Time::new(number(3)?, number(4)?, number(5)?, 0).ok()?;
                let at = date.to_datetime(time);
                let rest = line.get(captures.get(0)?.end()..)?;
                Some((at, rest, IsoShape::default()))
            }
            Stamp::Iso => {
                let captures = ISO.as_ref()?.captures(line)?;
                let date: Date = captures.get(1)?.as_str().parse().ok()?;
                let time: jiff::civil::Time = captures.get(3)?.as_str().parse().ok()?;
                let mut at = date.to_datetime(time);
                let mut shape = IsoShape {
                    separator: *captures.get(2)?.as_str().as_bytes().first()?,
                    ..IsoShape::default()
                };
                if let (Some(separator), Some(digits)) = (captures.get(4), captures.get(5)) {
                    let text = digits.as_str();
                    let nanos: i64 = format!("{text:0<9}").parse().ok()?;
                    at = at.checked_add(nanos.nanoseconds()).ok()?;
                    shape.fraction = *separator.as_str().as_bytes().first()?;
                    shape.digits = u8::try_from(text.len()).ok()?;
                }
                let rest = line.get(captures.get(0)?.end()..)?;
                Some((at, rest, shape))
            }
        }
    }

    /// The length of a time written in `shape`.
    fn width(&self, shape: &IsoShape) -> u64 {
        match self {
            Stamp::Syslog => "Mon Jan 01 00:00:00 ".len() as u64,
            Stamp::Iso if shape.fraction == 0 => "2024-01-01 00:00:00".len() as u64,
            Stamp::Iso => "2024-01-01 00:00:00.".len() as u64 + u64::from(shape.digits),
        }
    }

    /// Writes `at` as `entry`'s time was written.
    fn format(&self, at: DateTime, entry: &Entry<'_>, out: &mut String) {
        use std::fmt::Write as _;
        match self {
            Stamp::Syslog => {
                let _ = write!(out, "{} ", at.strftime("%a %b %d %H:%M:%S"));
            }
            Stamp::Iso => {
                let shape = &entry.shape;
                let separator = char::from(shape.separator);
                let _ = write!(
                    out,
                    "{}{separator}{}",
                    at.strftime("%Y-%m-%d"),
                    at.strftime("%H:%M:%S")
                );
                if shape.fraction != 0 {
                    let nanos = format!("{:09}", at.subsec_nanosecond());
                    let digits = usize::from(shape.digits).min(9);
                    let _ = write!(
                        out,
                        "{}{}",
                        char::from(shape.fraction),
                        nanos.get(..digits).unwrap_or_default()
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grow(kind: LogKind, text: &str, target: u64, collected: Option<Date>) -> String {
        let mut out = Vec::new();
        let written = grow_log(kind, text, target, collected, &mut out)
            .expect("writes")
            .expect("entries");
        assert_eq!(written, out.len() as u64);
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn jamf_log_lines_are_repeated_before_the_original_with_real_weekdays() {
        let text = "orphan\nFri May 10 10:35:49 Mac jamf[1]: one\nscript output\nFri May 10 10:36:00 Mac jamf[2]: two\n";
        let grown = grow(
            LogKind::JamfLog,
            text,
            200,
            Some(Date::constant(2024, 5, 14)),
        );
        assert!(grown.len() >= 200, "{grown}");
        assert!(grown.starts_with("orphan\n"));
        assert!(grown.ends_with(&text["orphan\n".len()..]));
        let repeated: Vec<&str> = grown.lines().skip(1).take(3).collect();
        // Three repeated entries of one second each, before 10:35:49 (a Friday in 2024).
        assert_eq!(
            repeated.first().map(|l| &l[..20]),
            Some("Fri May 10 10:35:46 ")
        );
        assert_eq!(repeated.get(1).copied(), Some("script output"));
        assert!(grown.lines().all(|line| !line.starts_with("Sat")));
    }

    #[test]
    fn iso_times_keep_their_separator_and_fraction() {
        let text = "Timestamp  Ty\n2024-05-14 08:57:01.057 Df x[1:2] hello\n";
        let grown = grow(LogKind::JamfAad, text, 150, None);
        let mut lines = grown.lines();
        assert_eq!(lines.next(), Some("Timestamp  Ty"));
        assert_eq!(
            lines.next(),
            Some("2024-05-14 08:56:58.057 Df x[1:2] hello")
        );
        assert!(grown.ends_with("2024-05-14 08:57:01.057 Df x[1:2] hello\n"));
        let server = grow(
            LogKind::ServerLog,
            "2021-08-03T03:06:03,010 [ERROR] x\n  at y\n",
            100,
            None,
        );
        assert!(
            server.starts_with("2021-08-03T03:06:01,010 [ERROR] x\n  at y\n"),
            "{server}"
        );
    }

    #[test]
    fn a_log_at_its_size_is_copied_and_one_without_entries_is_refused() {
        let text = "2024-05-14 08:57:01.057 Df x[1:2] hello\n";
        assert_eq!(grow(LogKind::JamfAad, text, 10, None), text);
        let mut out = Vec::new();
        assert_eq!(
            grow_log(LogKind::ServerLog, "no time\n", 1000, None, &mut out).expect("io"),
            None
        );
        assert!(out.is_empty());
    }

    #[test]
    fn many_entries_stay_within_the_span() {
        let step = step_for(100_000_000);
        assert!(step < SignedDuration::from_secs(1));
        assert!(step * 100_000_000 <= SignedDuration::from_hours(24 * MAX_SPAN_DAYS));
        assert_eq!(step_for(10), STEP);
    }
}
