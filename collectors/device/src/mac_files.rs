//! The Mac's artifacts inside a bundle: reading them from the Mac's directory, and recording
//! facts and problems with the bundle-relative path they came from.

use std::ops::ControlFlow;

use jamf_triage_evidence::{
    ArtifactSpec, CollectInput, CollectionProblem, DecodedText, Evidence, FactKey, FactKind,
    LineNeed, Provenance, decode_text, read_artifact, read_lines,
};
use jiff::Zoned;

use crate::COLLECTOR;
use crate::artifacts::{self, FOLDER};
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

    /// What the consumer of the evidence needs of the lines fact `fact`.
    pub fn need(&self, fact: &str) -> LineNeed<'a> {
        self.input.lines.need(fact)
    }

    /// The artifact of `spec` (a row naming one file) in this Mac's folder.
    pub fn artifact(&self, spec: &ArtifactSpec) -> Artifact {
        Artifact {
            path: format!("{}{}", self.dir, artifacts::relative(spec)),
        }
    }

    /// The artifact at the bundle-relative `path`.
    pub fn artifact_at(&self, path: String) -> Artifact {
        Artifact { path }
    }

    /// Reads `artifact` (one of `spec`'s family) line by line with `each`: `false` when it was
    /// not collected or could not be read whole (which is recorded), and what `each` saw of it
    /// must then be dropped.
    pub fn read_lines(
        &self,
        spec: &ArtifactSpec,
        artifact: &Artifact,
        out: &mut Evidence,
        each: impl FnMut(u32, &str) -> ControlFlow<()>,
    ) -> bool {
        read_lines(COLLECTOR, self.input, spec, &artifact.path, out, each)
    }

    /// The bytes of the artifact of `spec` (a row naming one file), or `None` when it was not
    /// collected or could not be read (which is recorded).
    pub fn read(&self, spec: &ArtifactSpec, out: &mut Evidence) -> Option<(Artifact, Vec<u8>)> {
        let artifact = self.artifact(spec);
        let bytes = read_artifact(COLLECTOR, self.input, spec, &artifact.path, out)?;
        Some((artifact, bytes))
    }

    /// The decoded text of the artifact of `spec`, as [`MacFiles::read`] does.
    pub fn read_text(
        &self,
        spec: &ArtifactSpec,
        out: &mut Evidence,
    ) -> Option<(Artifact, DecodedText)> {
        self.read(spec, out)
            .map(|(artifact, bytes)| (artifact, decode_text(&bytes)))
    }

    /// The bundle-relative paths of this Mac's artifacts of `spec`'s family (a pattern row),
    /// sorted.
    pub fn family(&self, spec: &ArtifactSpec) -> Vec<String> {
        let mut paths: Vec<String> = self
            .input
            .artifacts
            .paths()
            .into_iter()
            .filter(|path| {
                path.strip_prefix(&self.dir)
                    .is_some_and(|rest| spec.matches(&format!("{FOLDER}{rest}")))
            })
            .collect();
        paths.sort();
        paths
    }
}

impl Artifact {
    /// The provenance of a fact read from the artifact as a whole.
    pub fn provenance(&self) -> Provenance {
        Provenance::new(COLLECTOR, &self.path)
    }

    /// Records a fact read from the artifact as a whole.
    pub fn set<V: FactKind>(&self, out: &mut Evidence, fact: FactKey<V>, value: impl Into<V>) {
        out.record(fact, value, self.provenance());
    }

    /// Records a fact read from one line.
    pub fn set_at_line<V: FactKind>(
        &self,
        out: &mut Evidence,
        fact: FactKey<V>,
        value: impl Into<V>,
        line: u32,
    ) {
        out.record(fact, value, self.provenance().at_line(line));
    }

    /// Records a fact read from one key of a property list.
    pub fn set_at_key<V: FactKind>(
        &self,
        out: &mut Evidence,
        fact: FactKey<V>,
        value: impl Into<V>,
        key: &str,
    ) {
        out.record(fact, value, self.provenance().at_pointer(key));
    }

    /// Records the value read from `key` of a property list as `fact` (or the issue met reading
    /// it), and gives the value back.
    pub fn set_from_key<V: FactKind + Clone>(
        &self,
        out: &mut Evidence,
        fact: FactKey<V>,
        key: &str,
        read: Result<Option<V>, Issue>,
    ) -> Option<V> {
        match read {
            Ok(Some(value)) => {
                self.set_at_key(out, fact, value.clone(), key);
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
