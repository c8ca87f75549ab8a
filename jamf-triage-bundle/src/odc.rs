//! IntuneMacODC zips as bundles.
//!
//! IntuneMacODC (`markstan/IntuneMacODC`, the collector Microsoft support asks Mac users to run)
//! writes `<LocalHostName>-IntuneMacODC-<yyyy-mm-ddTHH-MM-SS±zzzz>.zip` from inside its `odc/`
//! folder: its own text files at the top (`sw_vers.txt`, `profiles.txt`, `syslog_*.log`, each
//! text file headed by a `****` banner and the command line), and the Mac's files under their
//! absolute paths without the leading slash (`var/log/jamf.log`,
//! `Users/<user>/Library/Logs/Company Portal/*.log`). A copy re-zipped with its `odc/` folder is
//! read the same way.
//!
//! The layout maps those names onto the bundle paths of the sources' artifact tables, which it is
//! given at run time (so it names no source's folder):
//!
//! - a Mac file goes to the artifact whose producer is that file (`/var/log/jamf.log`,
//!   `~/Library/Logs/Company Portal/*.log` with `Users/<user>/` or `var/root/` read as `~/`); when
//!   the current file is missing, its newest plain rotated copy (`jamf.log.0`) stands in;
//! - an ODC file of [`ODC_FILES`] goes to the artifact whose producer is the command it holds,
//!   without its banner (`sw_vers.txt`), as the section of that command (`profiles.txt`'s
//!   `profiles status` section, when it says `MDM enrollment:`), or as it is
//!   (`syslog_jamfAAD.log`, unless it only says `... jamfAAD not found, skipping JAMF`, which
//!   IntuneMacODC writes when it skipped the log: not collected).
//!
//! What IntuneMacODC never collects (keychain listings, the jamfAAD and jamf property lists) is
//! simply absent: not collected. `collected_at` comes from the zip's name, which carries the
//! offset ([`collected_at_from_name`]).

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use jamf_triage_evidence::{
    ArtifactError, ArtifactReader, ArtifactSource, ArtifactSpec, CollectionProblem, LIMIT_SMALL,
    Producer, parse_zoned,
};
use jiff::Zoned;

use crate::{ZipArtifacts, ZipError};

/// What IntuneMacODC's name for its zip holds between the host name and the time.
const NAME_MARK: &str = "-IntuneMacODC-";

/// The top folders of the Mac's files in an IntuneMacODC zip (absolute paths without their
/// leading slash): never unwrapped as a bundle's own top folder.
const MAC_ROOTS: &[&str] = &["Library", "Users", "private", "usr", "var"];

/// What IntuneMacODC writes in `syslog_jamfAAD.log` when it did not collect the log.
const SKIPPED: &str = "not found, skipping";

/// How an ODC file becomes an artifact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extract {
    /// As it is.
    AsIs,
    /// Without its `****` banner and command line.
    AfterBanner,
    /// The section a `****` banner and this command line open, up to the next banner.
    Section(&'static str),
}

/// One of IntuneMacODC's own files, keyed by its name: the command whose output it holds (the
/// start of the command line, and a word it names), and how to take that output out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OdcFile {
    /// The file's name in the zip.
    pub name: &'static str,
    /// The command line the artifact's producer starts with.
    pub command: &'static str,
    /// A word the producer's command line names too (empty: any).
    pub mentions: &'static str,
    /// How the output is taken out of the file.
    pub extract: Extract,
    /// Lines that, alone in the file, say that the command was not run.
    pub not_run: Option<&'static str>,
}

/// IntuneMacODC's own files that hold an artifact of a source (`IntuneMacODC.sh`, 2024).
pub const ODC_FILES: &[OdcFile] = &[
    OdcFile {
        name: "sw_vers.txt",
        command: "sw_vers",
        mentions: "",
        extract: Extract::AfterBanner,
        not_run: None,
    },
    OdcFile {
        name: "profiles.txt",
        command: "profiles status",
        mentions: "",
        extract: Extract::Section("profiles status"),
        not_run: None,
    },
    OdcFile {
        name: "syslog_jamfAAD.log",
        command: "log show",
        mentions: "jamfAAD",
        extract: Extract::AsIs,
        not_run: Some(SKIPPED),
    },
];

/// What a bundle path is read from.
#[derive(Debug, Clone)]
enum Mapped {
    /// A zip entry, streamed.
    Entry(String),
    /// Text taken out of an ODC file when the zip was opened.
    Text(Vec<u8>),
}

/// The artifacts of an IntuneMacODC zip, under the sources' bundle paths.
#[derive(Debug, Clone)]
pub struct OdcArtifacts {
    zip: ZipArtifacts,
    mapped: BTreeMap<String, Mapped>,
    problems: Vec<CollectionProblem>,
}

/// Whether a file name is IntuneMacODC's (`<LocalHostName>-IntuneMacODC-<time>.zip`, or the
/// older `IntuneMacODC.zip`).
pub fn is_odc_name(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            name.contains(NAME_MARK) || name.eq_ignore_ascii_case("IntuneMacODC.zip")
        })
}

/// The time in an IntuneMacODC zip's name (`Adeles-MacBook-Pro-IntuneMacODC-2024-06-03T08-00-00+0200.zip`
/// is `2024-06-03T08:00:00+02:00`), or `None` when the name carries none.
pub fn collected_at_from_name(path: &Path) -> Option<Zoned> {
    let name = path.file_name()?.to_str()?;
    let (_, time) = name.rsplit_once(NAME_MARK)?;
    let time = time.strip_suffix(".zip").unwrap_or(time);
    // yyyy-mm-ddTHH-MM-SS±zzzz
    let (date, clock) = time.split_once('T')?;
    // HH-MM-SS is 8 characters; the offset's sign follows.
    let (clock, zone) = (clock.get(..8)?, clock.get(8..)?);
    let (sign, offset) = (zone.get(..1)?, zone.get(1..)?);
    if sign != "+" && sign != "-" {
        return None;
    }
    let clock = clock.replace('-', ":");
    let offset = match (offset.get(..2), offset.get(2..4)) {
        (Some(hours), Some(minutes)) if offset.len() == 4 => format!("{hours}:{minutes}"),
        _ => return None,
    };
    parse_zoned(&format!("{date}T{clock}{sign}{offset}")).ok()
}

impl OdcArtifacts {
    /// Opens an IntuneMacODC zip and maps its files onto the bundle paths of `specs` (the
    /// sources' artifact tables).
    ///
    /// # Errors
    /// [`ZipError`] when the file cannot be read, is not a zip, or is too large.
    pub fn open(path: impl AsRef<Path>, specs: &[&ArtifactSpec]) -> Result<Self, ZipError> {
        let zip = ZipArtifacts::open(path, MAC_ROOTS)?;
        Ok(Self::map(zip, specs))
    }

    /// Whether the paths of a zip look like IntuneMacODC's (its own files at the top, and no
    /// folder of `roots`, a bundle's own).
    pub fn looks_like(paths: &[String], roots: &[&str]) -> bool {
        let under_root = paths.iter().any(|path| {
            path.split_once('/')
                .is_some_and(|(top, _)| roots.contains(&top))
        });
        !under_root
            && paths
                .iter()
                .any(|path| ODC_FILES.iter().any(|file| file.name == path))
    }

    /// Problems met opening the zip (refused entries, clashing names).
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }

    fn map(zip: ZipArtifacts, specs: &[&ArtifactSpec]) -> Self {
        let mut mapped = BTreeMap::new();
        let mut problems = zip.problems().to_vec();
        let paths = zip.paths();
        for file in ODC_FILES {
            if !paths.iter().any(|path| path == file.name) {
                continue;
            }
            let Some(spec) = specs.iter().find(|spec| match spec.producer {
                Producer::Command(command) => {
                    command.starts_with(file.command) && command.contains(file.mentions)
                }
                _ => false,
            }) else {
                continue;
            };
            match take_out(&zip, file) {
                Ok(Some(text)) => {
                    let value = match file.extract {
                        Extract::AsIs => Mapped::Entry(file.name.to_owned()),
                        _ => Mapped::Text(text),
                    };
                    mapped.insert(spec.path.to_owned(), value);
                }
                Ok(None) => {}
                Err(error) => problems.push(CollectionProblem::new(
                    "bundle",
                    file.name,
                    error.to_string(),
                )),
            }
        }
        // Mac files: the current one first, then plain rotated copies (`jamf.log.0`) for a
        // missing current one, newest first.
        let mut rotated: Vec<(u32, &String, String)> = Vec::new();
        for entry in &paths {
            let Some(mac) = mac_path(entry) else {
                continue;
            };
            if let Some(target) = file_target(specs, &mac) {
                mapped
                    .entry(target)
                    .or_insert_with(|| Mapped::Entry(entry.clone()));
            } else if let Some((base, number)) = rotated_copy(&mac) {
                if let Some(target) = file_target(specs, base) {
                    rotated.push((number, entry, target));
                }
            }
        }
        rotated.sort();
        for (_, entry, target) in rotated {
            mapped
                .entry(target)
                .or_insert_with(|| Mapped::Entry(entry.clone()));
        }
        Self {
            zip,
            mapped,
            problems,
        }
    }
}

/// The Mac's absolute path of a zip entry (`var/log/jamf.log` is `/var/log/jamf.log`,
/// `Users/adele/Library/...` and `var/root/Library/...` are `~/Library/...`), or `None` for an
/// ODC file at the top.
fn mac_path(entry: &str) -> Option<String> {
    let (top, rest) = entry.split_once('/')?;
    if top == "Users" {
        let (_, home) = rest.split_once('/')?;
        return Some(format!("~/{home}"));
    }
    if let Some(home) = entry.strip_prefix("var/root/") {
        return Some(format!("~/{home}"));
    }
    let entry = entry.strip_prefix("private/").unwrap_or(entry);
    Some(format!("/{entry}"))
}

/// `(/var/log/jamf.log, 0)` for `/var/log/jamf.log.0`: a plain (uncompressed) rotated copy.
fn rotated_copy(mac: &str) -> Option<(&str, u32)> {
    let (base, number) = mac.rsplit_once('.')?;
    Some((base, number.parse().ok()?))
}

/// The bundle path of the artifact whose producer is the Mac file `mac` (the file's own name in
/// a family: `~/Library/Logs/Company Portal/x.log` is `mac/company-portal/x.log`).
fn file_target(specs: &[&ArtifactSpec], mac: &str) -> Option<String> {
    specs.iter().find_map(|spec| {
        let Producer::File(pattern) = spec.producer else {
            return None;
        };
        let probe = ArtifactSpec {
            path: pattern,
            producer: spec.producer,
            parser: spec.parser,
            limit: spec.limit,
            facts: spec.facts,
        };
        if !probe.matches(mac) {
            return None;
        }
        if spec.path.contains('*') {
            let (dir, _) = spec.path.rsplit_once('/')?;
            let (_, name) = mac.rsplit_once('/')?;
            Some(format!("{dir}/{name}"))
        } else {
            Some(spec.path.to_owned())
        }
    })
}

/// The output an ODC file holds, taken out as its [`Extract`] says; `None` when it holds none
/// (the command was not run, or the section is missing).
fn take_out(zip: &ZipArtifacts, file: &OdcFile) -> Result<Option<Vec<u8>>, ArtifactError> {
    let limit = LIMIT_SMALL;
    let mut bytes = Vec::new();
    let reader = zip.open(file.name)?;
    let mut limited = jamf_triage_evidence::Limited::new(reader, file.name, limit);
    if file.extract == Extract::AsIs {
        // Only the start is needed, to see whether the command was run at all.
        let mut head = (&mut limited).take(4096);
        head.read_to_end(&mut bytes)
            .map_err(|error| jamf_triage_evidence::read_error(file.name, &error))?;
    } else {
        limited
            .read_to_end(&mut bytes)
            .map_err(|error| jamf_triage_evidence::read_error(file.name, &error))?;
    }
    let text = jamf_triage_evidence::decode_text(&bytes).text;
    if let Some(not_run) = file.not_run {
        let mut lines = text
            .lines()
            .filter(|line| !line.trim().is_empty())
            .peekable();
        if bytes.len() < 4096 && lines.peek().is_some() && lines.all(|line| line.contains(not_run))
        {
            return Ok(None);
        }
    }
    let taken = match file.extract {
        Extract::AsIs => Some(text),
        Extract::AfterBanner => Some(after_banner(&text, file.command)),
        Extract::Section(command) => section(&text, command),
    };
    Ok(taken
        .filter(|text| !text.trim().is_empty())
        .map(String::into_bytes))
}

/// Whether a line is a `****` banner.
fn is_banner(line: &str) -> bool {
    let line = line.trim();
    line.len() >= 3 && line.bytes().all(|byte| byte == b'*')
}

/// The text after its header: the leading banner, command line and blank lines, in any order.
fn after_banner(text: &str, command: &str) -> String {
    let mut lines = text.lines().peekable();
    while lines
        .next_if(|line| line.trim().is_empty() || is_banner(line) || line.trim() == command)
        .is_some()
    {}
    let mut rest: String = lines.collect::<Vec<_>>().join("\n");
    rest.push('\n');
    rest
}

/// The section of `text` that a banner and the command line `command` open, up to the next
/// banner; `None` when there is none, or when it says nothing a `Key: value` reader can use.
fn section(text: &str, command: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.iter().enumerate().position(|(at, line)| {
        line.trim() == command
            && lines[..at]
                .iter()
                .rev()
                .find(|line| !line.trim().is_empty())
                .is_some_and(|line| is_banner(line))
    })?;
    let body: Vec<&str> = lines[start + 1..]
        .iter()
        .take_while(|line| !is_banner(line))
        .copied()
        .skip_while(|line| line.trim().is_empty())
        .collect();
    let body = body.join("\n");
    body.contains(':').then(|| format!("{}\n", body.trim_end()))
}

impl ArtifactSource for OdcArtifacts {
    fn paths(&self) -> Vec<String> {
        self.mapped.keys().cloned().collect()
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        match self.mapped.get(path) {
            Some(Mapped::Entry(entry)) => self.zip.open(entry).map_err(|error| match error {
                ArtifactError::Unreadable { message, .. } => ArtifactError::Unreadable {
                    path: path.to_owned(),
                    message: format!("{entry} in the IntuneMacODC zip: {message}"),
                },
                other => other,
            }),
            Some(Mapped::Text(text)) => Ok(Box::new(std::io::Cursor::new(text.as_slice()))),
            None => Err(ArtifactError::NotFound {
                path: path.to_owned(),
            }),
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.mapped.contains_key(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_time_of_the_name() {
        let at = collected_at_from_name(Path::new(
            "/tmp/Adeles-MacBook-Pro-IntuneMacODC-2024-06-03T08-00-00+0200.zip",
        ));
        assert_eq!(
            at.map(|at| at.timestamp().to_string()).as_deref(),
            Some("2024-06-03T06:00:00Z")
        );
        let west = collected_at_from_name(Path::new("a-IntuneMacODC-2024-06-03T08-00-00-0500.zip"));
        assert_eq!(
            west.map(|at| at.timestamp().to_string()).as_deref(),
            Some("2024-06-03T13:00:00Z")
        );
        assert!(collected_at_from_name(Path::new("IntuneMacODC.zip")).is_none());
        assert!(is_odc_name(Path::new("IntuneMacODC.zip")));
        assert!(is_odc_name(Path::new("x-IntuneMacODC-2024.zip")));
        assert!(!is_odc_name(Path::new("bundle.zip")));
    }

    #[test]
    fn banners_and_sections() {
        // As IntuneMacODC.sh writes them (`echo -e "****...\n"`, then the command line).
        let sw_vers = "************************\n\nsw_vers \n\n\nProductName:\tmacOS\nProductVersion:\t14.5\n";
        assert_eq!(
            after_banner(sw_vers, "sw_vers"),
            "ProductName:\tmacOS\nProductVersion:\t14.5\n"
        );
        let profiles = "************************\n\nprofiles status\n\n\nEnrolled via DEP: No\nMDM enrollment: Yes (User Approved)\n************************\n\nprofiles list\n\n\nThere are no configuration profiles installed\n";
        assert_eq!(
            section(profiles, "profiles status").as_deref(),
            Some("Enrolled via DEP: No\nMDM enrollment: Yes (User Approved)\n")
        );
        assert_eq!(section(profiles, "profiles show"), None);
    }

    #[test]
    fn mac_paths() {
        assert_eq!(
            mac_path("var/log/jamf.log").as_deref(),
            Some("/var/log/jamf.log")
        );
        assert_eq!(
            mac_path("private/var/log/jamf.log").as_deref(),
            Some("/var/log/jamf.log")
        );
        assert_eq!(
            mac_path("Users/adele/Library/Logs/Company Portal/a.log").as_deref(),
            Some("~/Library/Logs/Company Portal/a.log")
        );
        assert_eq!(mac_path("sw_vers.txt"), None);
        assert_eq!(
            rotated_copy("/var/log/jamf.log.0"),
            Some(("/var/log/jamf.log", 0))
        );
        assert_eq!(rotated_copy("/var/log/jamf.log"), None);
    }
}
