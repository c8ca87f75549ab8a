//! Which files are server logs, and their order: rotated files oldest first, the live
//! `JAMFSoftwareServer.log` last.
//!
//! Rotated files are named in one of two ways: numbered (`JAMFSoftwareServer.log.1`, where a
//! higher number is older, as log4j's size-based rolling names them) or dated
//! (`JAMFSoftwareServer-2024-06-01.log`, `JAMFSoftwareServer.log.2024-06-01`, where an earlier
//! date is older). Names that are neither come first, by name.

use std::cmp::Reverse;

use crate::artifacts::server_log_prefix;

/// What separates the stem, a number or the parts of a date.
const SEPARATORS: [char; 3] = ['-', '_', '.'];
/// A longer run of digits is a date written without separators (`20240601`), not a number.
const MAX_SEQUENCE_DIGITS: usize = 6;

/// How old a log file is, from its name; sorts oldest first.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Age<'a> {
    /// A name that says nothing of its age: by name.
    Unknown(&'a str),
    /// A dated file: by its date part (ISO dates sort as text).
    Dated(&'a str),
    /// A numbered file: the higher the number, the older.
    Numbered(Reverse<u64>),
    /// The live log.
    Live,
}

/// The server log files among `paths`, oldest first. Compressed rotated files (`.log.gz`) are
/// not text and are not taken.
pub(crate) fn oldest_first(paths: &[String]) -> Vec<&str> {
    let mut logs: Vec<(Age<'_>, &str)> = paths
        .iter()
        .filter_map(|path| Some((age(path)?, path.as_str())))
        .collect();
    logs.sort();
    logs.into_iter().map(|(_, path)| path).collect()
}

/// The age of `path` if it is a server log: `jamf-pro/JAMFSoftwareServer.log`,
/// `jamf-pro/JAMFSoftwareServer.log.<mark>` (`<mark>` a number or a date) or
/// `jamf-pro/JAMFSoftwareServer<mark>.log`.
fn age(path: &str) -> Option<Age<'_>> {
    let name = path.strip_prefix(server_log_prefix())?;
    if name == ".log" {
        return Some(Age::Live);
    }
    if name.contains('/') {
        return None;
    }
    let (mark, free_form) = match name.strip_suffix(".log") {
        Some(mark) => (mark, true),
        None => (name.strip_prefix(".log.")?, false),
    };
    let mark = mark.trim_start_matches(SEPARATORS);
    let numeric = mark
        .bytes()
        .all(|byte| byte.is_ascii_digit() || SEPARATORS.contains(&char::from(byte)));
    if mark.is_empty() || !numeric {
        return (free_form && !mark.is_empty()).then_some(Age::Unknown(mark));
    }
    Some(match mark.parse::<u64>() {
        Ok(number) if mark.len() <= MAX_SEQUENCE_DIGITS => Age::Numbered(Reverse(number)),
        _ => Age::Dated(mark),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::artifacts::FOLDER;

    fn order(names: &[&str]) -> Vec<String> {
        let paths: Vec<String> = names.iter().map(|name| format!("{FOLDER}{name}")).collect();
        oldest_first(&paths)
            .into_iter()
            .map(|path| path.trim_start_matches(FOLDER).to_owned())
            .collect()
    }

    #[test]
    fn numbered_files_count_down_to_the_live_log() {
        assert_eq!(
            order(&[
                "JAMFSoftwareServer.log",
                "JAMFSoftwareServer.log.1",
                "JAMFSoftwareServer.log.10",
                "JAMFSoftwareServer.log.2"
            ]),
            [
                "JAMFSoftwareServer.log.10",
                "JAMFSoftwareServer.log.2",
                "JAMFSoftwareServer.log.1",
                "JAMFSoftwareServer.log"
            ]
        );
    }

    #[test]
    fn dated_files_count_up_to_the_live_log() {
        assert_eq!(
            order(&[
                "JAMFSoftwareServer.log",
                "JAMFSoftwareServer-2024-06-02.log",
                "JAMFSoftwareServer-2024-05-31.log",
                "JAMFSoftwareServer.log.2024-06-01"
            ]),
            [
                "JAMFSoftwareServer-2024-05-31.log",
                "JAMFSoftwareServer.log.2024-06-01",
                "JAMFSoftwareServer-2024-06-02.log",
                "JAMFSoftwareServer.log"
            ]
        );
    }

    #[test]
    fn a_date_without_separators_is_a_date() {
        assert_eq!(
            order(&[
                "JAMFSoftwareServer.log.20240602",
                "JAMFSoftwareServer.log.20240601",
                "JAMFSoftwareServer.log.1"
            ]),
            [
                "JAMFSoftwareServer.log.20240601",
                "JAMFSoftwareServer.log.20240602",
                "JAMFSoftwareServer.log.1"
            ]
        );
    }

    #[test]
    fn other_files_are_not_logs() {
        assert!(
            order(&[
                "JAMFSoftwareServer.log.gz",
                "JAMFSoftwareServer.log.1.gz",
                "jamf.log",
                "JAMFChangeManagement.log",
                "JAMFSoftwareServer.txt"
            ])
            .is_empty()
        );
        assert!(
            oldest_first(&[
                "mac/JAMFSoftwareServer.log".to_owned(),
                "jamf-pro/old/JAMFSoftwareServer.log".to_owned()
            ])
            .is_empty()
        );
        assert_eq!(
            order(&["JAMFSoftwareServer.log", "JAMFSoftwareServer-old.log"]),
            ["JAMFSoftwareServer-old.log", "JAMFSoftwareServer.log"]
        );
    }
}
