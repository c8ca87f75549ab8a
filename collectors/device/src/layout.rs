//! Which directory holds the subject's Mac: `mac/` for a one-Mac bundle, `mac/<serial>/` when the
//! bundle holds several Macs. A folder under `mac/` is a serial number unless it is one the
//! one-Mac layout has itself (`company-portal`).

use std::collections::BTreeSet;

use jamf_triage_evidence::{CollectInput, CollectionProblem, Evidence};

use crate::COLLECTOR;
use crate::artifacts::{FOLDER, portal_dir};
use crate::mac_files::MacFiles;

/// Whether `dir`, a folder directly under `mac/`, belongs to a one-Mac layout rather than
/// naming a serial number.
fn is_shared(dir: &str) -> bool {
    dir == portal_dir()
}

/// The serial number of the bundle's only `mac/<serial>/` directory, when it holds exactly one
/// (`company-portal` is not a serial).
pub(crate) fn only_mac_serial(paths: &[String]) -> Option<String> {
    let serials: BTreeSet<&str> = paths
        .iter()
        .filter_map(|path| {
            let rest = path.strip_prefix(FOLDER)?;
            let (dir, _) = rest.split_once('/')?;
            (!is_shared(dir)).then_some(dir)
        })
        .collect();
    match serials.into_iter().collect::<Vec<_>>().as_slice() {
        [only] => Some((*only).to_owned()),
        _ => None,
    }
}

/// Where the Mac's artifacts are, or why they cannot be told apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum MacDir {
    /// No artifact under `mac/` at all (nothing collected from the Mac).
    Absent,
    /// The artifacts are under this directory (ending with `/`).
    Found(String),
    /// Several Macs, and none is known to be the subject.
    Ambiguous(String),
}

/// Picks the directory of `serial` among the bundle's `paths`.
pub(crate) fn find(paths: &[String], serial: Option<&str>) -> MacDir {
    let mut direct = false;
    let mut serials = BTreeSet::new();
    for rest in paths.iter().filter_map(|path| path.strip_prefix(FOLDER)) {
        match rest.split_once('/') {
            Some((dir, _)) if !is_shared(dir) => {
                serials.insert(dir);
            }
            _ => direct = true,
        }
    }
    let matching = serial.and_then(|serial| {
        serials
            .iter()
            .find(|candidate| candidate.eq_ignore_ascii_case(serial.trim()))
    });
    match (matching, direct, serials.len(), serial) {
        (Some(dir), _, _, _) => MacDir::Found(format!("{FOLDER}{dir}/")),
        (None, true, _, _) => MacDir::Found(FOLDER.to_owned()),
        (None, false, 0, _) => MacDir::Absent,
        (None, false, 1, None) => MacDir::Found(
            serials
                .first()
                .map_or_else(String::new, |dir| format!("{FOLDER}{dir}/")),
        ),
        (None, false, _, None) => MacDir::Ambiguous(format!(
            "the bundle holds several Macs ({}) and no subject serial says which one to read",
            serials.into_iter().collect::<Vec<_>>().join(", ")
        )),
        (None, false, _, Some(serial)) => MacDir::Ambiguous(format!(
            "no directory {FOLDER}{serial}/ for the subject's serial (the bundle holds {})",
            serials.into_iter().collect::<Vec<_>>().join(", ")
        )),
    }
}

/// The subject's Mac files, or `None` (recording a problem when the bundle holds several Macs
/// and none can be chosen).
pub(crate) fn mac_files<'a>(
    input: &'a CollectInput<'a>,
    out: &mut Evidence,
) -> Option<MacFiles<'a>> {
    match find(&input.artifacts.paths(), input.subject.serial.as_deref()) {
        MacDir::Absent => None,
        MacDir::Found(dir) => Some(MacFiles::new(input, dir)),
        MacDir::Ambiguous(message) => {
            out.add_problem(CollectionProblem::new(COLLECTOR, FOLDER, message));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<String> {
        list.iter().map(|p| (*p).to_owned()).collect()
    }

    #[test]
    fn a_one_mac_bundle_uses_mac() {
        let bundle = paths(&["mac/company-portal/a.log", "mac/jamf.log", "manifest.yaml"]);
        assert_eq!(find(&bundle, None), MacDir::Found("mac/".into()));
        assert_eq!(
            find(&bundle, Some("C02XK1ABJGH5")),
            MacDir::Found("mac/".into())
        );
        assert_eq!(
            find(&paths(&["mac/company-portal/a.log"]), None),
            MacDir::Found("mac/".into())
        );
    }

    #[test]
    fn no_mac_artifacts_is_absent() {
        assert_eq!(
            find(&paths(&["graph/devices.json"]), Some("X")),
            MacDir::Absent
        );
    }

    #[test]
    fn several_macs_need_the_serial() {
        let bundle = paths(&[
            "mac/AAA/jamf.log",
            "mac/BBB/company-portal/x.log",
            "mac/BBB/jamf.log",
        ]);
        assert_eq!(find(&bundle, Some("bbb")), MacDir::Found("mac/BBB/".into()));
        assert!(matches!(find(&bundle, None), MacDir::Ambiguous(m) if m.contains("AAA, BBB")));
        assert!(
            matches!(find(&bundle, Some("CCC")), MacDir::Ambiguous(m) if m.contains("mac/CCC/"))
        );
    }

    #[test]
    fn the_only_serial_directory_is_a_hint() {
        let one = paths(&[
            "mac/AAA/jamf.log",
            "mac/AAA/sw_vers.txt",
            "mac/company-portal/a.log",
        ]);
        assert_eq!(only_mac_serial(&one).as_deref(), Some("AAA"));
        let two = paths(&["mac/AAA/jamf.log", "mac/BBB/jamf.log"]);
        assert_eq!(only_mac_serial(&two), None);
        let direct = paths(&["mac/company-portal/a.log", "mac/jamf.log"]);
        assert_eq!(only_mac_serial(&direct), None);
        assert_eq!(only_mac_serial(&paths(&["graph/AAA/x.json"])), None);
    }

    #[test]
    fn one_serial_directory_is_enough_without_a_serial() {
        let bundle = paths(&["mac/AAA/jamf.log"]);
        assert_eq!(find(&bundle, None), MacDir::Found("mac/AAA/".into()));
        assert!(matches!(find(&bundle, Some("BBB")), MacDir::Ambiguous(_)));
    }
}
