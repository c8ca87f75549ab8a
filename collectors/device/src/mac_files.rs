//! The Mac's artifacts inside a bundle: reading them from the Mac's directory, and recording
//! facts and problems with the bundle-relative path they came from.

use jamf_triage_core::{
    CollectInput, CollectionProblem, DecodedText, Evidence, FactValue, Provenance, decode_text,
    read_artifact,
};
use jiff::Zoned;

use crate::COLLECTOR;
use crate::issue::Issue;

/// The artifacts of one Mac: those under `dir` (`mac/` or `mac/<serial>/`).
#[derive(Debug)]
pub(crate) struct MacFiles<'a> {
    input: &'a CollectInput<'a>,
    dir: String,
}

/// One artifact that was read, named by its bundle-relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Artifact {
    /// The bundle-relative path (`mac/jamf.log`).
    pub path: String,
}

impl<'a> MacFiles<'a> {
    /// The artifacts under `dir`, which ends with `/`.
    pub fn new(input: &'a CollectInput<'a>, dir: String) -> Self {
        Self { input, dir }
    }

    /// When the artifacts were collected, with the Mac's offset.
    pub fn collected_at(&self) -> Option<&'a Zoned> {
        self.input.collected_at
    }

    /// The bytes of artifact `name` (relative to the Mac's directory), or `None` when it was not
    /// collected or could not be read (which is recorded).
    pub fn read(&self, name: &str, out: &mut Evidence) -> Option<(Artifact, Vec<u8>)> {
        let path = format!("{}{name}", self.dir);
        let bytes = read_artifact(COLLECTOR, self.input, &path, out)?;
        Some((Artifact { path }, bytes))
    }

    /// The decoded text of artifact `name`, as [`MacFiles::read`] does.
    pub fn read_text(&self, name: &str, out: &mut Evidence) -> Option<(Artifact, DecodedText)> {
        self.read(name, out)
            .map(|(artifact, bytes)| (artifact, decode_text(&bytes)))
    }

    /// The names (relative to the Mac's directory) of the files directly inside `subdir` whose
    /// names end with `suffix`, sorted.
    pub fn list(&self, subdir: &str, suffix: &str) -> Vec<String> {
        let prefix = format!("{}{subdir}/", self.dir);
        let mut names: Vec<String> = self
            .input
            .artifacts
            .paths()
            .into_iter()
            .filter_map(|path| {
                let file = path.strip_prefix(&prefix)?;
                (!file.contains('/') && file.ends_with(suffix)).then(|| format!("{subdir}/{file}"))
            })
            .collect();
        names.sort();
        names
    }
}

impl Artifact {
    /// The provenance of a fact read from the artifact as a whole.
    pub fn provenance(&self) -> Provenance {
        Provenance::new(COLLECTOR, &self.path)
    }

    /// Records a fact read from the artifact as a whole.
    pub fn set(&self, out: &mut Evidence, name: &str, value: impl Into<FactValue>) {
        out.set(name, value, self.provenance());
    }

    /// Records a fact read from one line.
    pub fn set_at_line(
        &self,
        out: &mut Evidence,
        name: &str,
        value: impl Into<FactValue>,
        line: u32,
    ) {
        out.set(name, value, self.provenance().at_line(line));
    }

    /// Records a fact read from one key of a property list.
    pub fn set_at_key(
        &self,
        out: &mut Evidence,
        name: &str,
        value: impl Into<FactValue>,
        key: &str,
    ) {
        out.set(name, value, self.provenance().at_pointer(key));
    }

    /// Records the value read from `key` of a property list as fact `name` (or the issue met
    /// reading it), and gives the value back.
    pub fn set_from_key<T: Clone + Into<FactValue>>(
        &self,
        out: &mut Evidence,
        name: &str,
        key: &str,
        read: Result<Option<T>, Issue>,
    ) -> Option<T> {
        match read {
            Ok(Some(value)) => {
                self.set_at_key(out, name, value.clone(), key);
                Some(value)
            }
            Ok(None) => None,
            Err(issue) => {
                self.report(out, issue);
                None
            }
        }
    }

    /// Records a problem with this artifact.
    pub fn report(&self, out: &mut Evidence, issue: Issue) {
        let problem = CollectionProblem::new(COLLECTOR, &self.path, issue.message);
        out.add_problem(match issue.line {
            Some(line) => problem.at_line(line),
            None => problem,
        });
    }

    /// Records every problem of `issues`.
    pub fn report_all(&self, out: &mut Evidence, issues: impl IntoIterator<Item = Issue>) {
        for issue in issues {
            self.report(out, issue);
        }
    }
}
