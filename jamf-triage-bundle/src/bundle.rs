//! A bundle as a whole: its artifacts, its manifest and context, the subject it is about, the
//! time it describes, and collection of evidence from it.

use std::path::Path;

use jamf_triage_core::{
    ArtifactSource, CollectInput, CollectionProblem, Collector, Evidence, Subject, parse_zoned,
};
use jiff::{Timestamp, Zoned};

use crate::context::CONTEXT_PATH;
use crate::{Context, ContextCollector, DirArtifacts, Manifest, ZipArtifacts, ZipError};

/// The path of the manifest in a bundle.
pub const MANIFEST_PATH: &str = "manifest.yaml";

/// Why a bundle could not be opened at all. (Problems with single artifacts are not errors:
/// they are reported with the diagnosis.)
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BundleError {
    /// The path does not exist or cannot be read.
    #[error("cannot open bundle {path}: {source}")]
    Io {
        /// The path given.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The path is a zip archive that cannot be read.
    #[error(transparent)]
    Zip(#[from] ZipError),
}

/// Where the time of a diagnosis came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeSource {
    /// `observed_at` in `context.yaml`.
    Context,
    /// `collected_at` in `manifest.yaml`.
    Manifest,
    /// Given by the caller (`--now`).
    Given,
    /// Nothing said: the current time of this machine.
    Clock,
}

/// A bundle of raw artifacts, opened.
pub struct Bundle {
    artifacts: Box<dyn ArtifactSource>,
    manifest: Option<Manifest>,
    context: Option<Context>,
    collected_at: Option<Zoned>,
    context_observed_at: Option<Zoned>,
    problems: Vec<CollectionProblem>,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("manifest", &self.manifest)
            .field("context", &self.context)
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

impl Bundle {
    /// Opens a bundle directory, or a `.zip` of one.
    ///
    /// # Errors
    /// [`BundleError`] when the path cannot be read at all or is a broken archive.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, BundleError> {
        let path = path.as_ref();
        let io = |source| BundleError::Io {
            path: path.display().to_string(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(io)?;
        if metadata.is_dir() {
            Ok(Self::from_artifacts(DirArtifacts::open(path).map_err(io)?))
        } else {
            let zip = ZipArtifacts::open(path)?;
            let problems = zip.problems().to_vec();
            let mut bundle = Self::from_artifacts(zip);
            bundle.problems.splice(0..0, problems);
            Ok(bundle)
        }
    }

    /// A bundle over any artifact source (in memory, for tests and embedders).
    pub fn from_artifacts(artifacts: impl ArtifactSource + 'static) -> Self {
        let mut problems = Vec::new();
        let manifest = read_yaml(&artifacts, MANIFEST_PATH, &mut problems, |text| {
            if text.trim().is_empty() {
                Ok(Manifest::default())
            } else {
                jamf_triage_core::from_yaml::<Manifest>(text)
            }
        });
        // The context's own problems are reported by the context collector.
        let context = read_yaml(&artifacts, CONTEXT_PATH, &mut Vec::new(), Context::parse);
        // What live collection could not collect is a problem of the diagnosis.
        for failure in manifest.iter().flat_map(|manifest| &manifest.failed) {
            problems.push(CollectionProblem::new(
                failure.source.as_str(),
                failure.path.as_str(),
                failure.message.as_str(),
            ));
        }
        let collected_at = manifest.as_ref().and_then(|manifest| {
            let text = manifest.collected_at.as_deref()?;
            parse_time(text, MANIFEST_PATH, "collected_at", &mut problems)
        });
        let context_observed_at = context.as_ref().and_then(|context| {
            let text = context.observed_at.as_deref()?;
            parse_time(text, CONTEXT_PATH, "observed_at", &mut problems)
        });
        Self {
            artifacts: Box::new(artifacts),
            manifest,
            context,
            collected_at,
            context_observed_at,
            problems,
        }
    }

    /// The raw artifacts.
    pub fn artifacts(&self) -> &dyn ArtifactSource {
        self.artifacts.as_ref()
    }

    /// The manifest, if the bundle has a readable one.
    pub fn manifest(&self) -> Option<&Manifest> {
        self.manifest.as_ref()
    }

    /// The admin's context, if the bundle has a readable one.
    pub fn context(&self) -> Option<&Context> {
        self.context.as_ref()
    }

    /// When the bundle was collected (manifest `collected_at`, else context `observed_at`), with
    /// the offset that the Mac's local-time logs are read against.
    pub fn collected_at(&self) -> Option<&Zoned> {
        self.collected_at
            .as_ref()
            .or(self.context_observed_at.as_ref())
    }

    /// The subject: what the caller asks for wins, field by field; then `context.yaml`; then,
    /// when the bundle holds exactly one `mac/<serial>/` directory, that serial.
    pub fn subject(&self, requested: &Subject) -> Subject {
        let context = self.context.as_ref().map(|context| &context.subject);
        let serial = requested
            .serial
            .clone()
            .or_else(|| context.and_then(|subject| subject.serial.clone()))
            .or_else(|| self.only_mac_serial());
        let user = requested
            .user
            .clone()
            .or_else(|| context.and_then(|subject| subject.user.clone()));
        Subject { serial, user }
    }

    fn only_mac_serial(&self) -> Option<String> {
        let mut serials: Vec<String> = self
            .artifacts
            .paths()
            .iter()
            .filter_map(|path| {
                let rest = path.strip_prefix("mac/")?;
                let (dir, _) = rest.split_once('/')?;
                (dir != "company-portal").then(|| dir.to_owned())
            })
            .collect();
        serials.dedup();
        match serials.as_slice() {
            [only] => Some(only.clone()),
            _ => None,
        }
    }

    /// The "now" of the diagnosis: context `observed_at`, else manifest `collected_at`, else
    /// `given`, else the clock.
    pub fn observed_at(&self, given: Option<Timestamp>) -> (Timestamp, TimeSource) {
        if let Some(at) = &self.context_observed_at {
            (at.timestamp(), TimeSource::Context)
        } else if let Some(at) = &self.collected_at {
            (at.timestamp(), TimeSource::Manifest)
        } else if let Some(at) = given {
            (at, TimeSource::Given)
        } else {
            (Timestamp::now(), TimeSource::Clock)
        }
    }

    /// Problems with the bundle itself (refused zip entries, an unreadable manifest).
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }

    /// Collects the evidence about `subject` with the context collector and `collectors`, at
    /// time `observed_at`. Every problem met is in the evidence; nothing here fails.
    pub fn collect(
        &self,
        collectors: &[&dyn Collector],
        subject: &Subject,
        observed_at: Timestamp,
    ) -> Evidence {
        let mut evidence = Evidence::builder()
            .subject(subject.clone())
            .observed_at(observed_at)
            .build();
        for problem in &self.problems {
            evidence.add_problem(problem.clone());
        }
        let input = CollectInput {
            artifacts: self.artifacts.as_ref(),
            subject,
            collected_at: self.collected_at(),
        };
        ContextCollector.collect(&input, &mut evidence);
        for collector in collectors {
            collector.collect(&input, &mut evidence);
        }
        evidence
    }
}

fn read_yaml<T>(
    artifacts: &dyn ArtifactSource,
    path: &str,
    problems: &mut Vec<CollectionProblem>,
    parse: impl Fn(&str) -> Result<T, jamf_triage_core::YamlDocumentError>,
) -> Option<T> {
    let bytes = match artifacts.read(path) {
        Ok(bytes) => bytes,
        Err(jamf_triage_core::ArtifactError::NotFound { .. }) => return None,
        Err(error) => {
            problems.push(CollectionProblem::new("bundle", path, error.to_string()));
            return None;
        }
    };
    let text = jamf_triage_core::decode_text(&bytes).text;
    match parse(&text) {
        Ok(value) => Some(value),
        Err(error) => {
            let mut problem = CollectionProblem::new("bundle", path, error.message.clone());
            if let Some(line) = error.line {
                problem = problem.at_line(line);
            }
            problems.push(problem);
            None
        }
    }
}

fn parse_time(
    text: &str,
    path: &str,
    key: &str,
    problems: &mut Vec<CollectionProblem>,
) -> Option<Zoned> {
    match parse_zoned(text) {
        Ok(at) => Some(at),
        Err(error) => {
            problems.push(CollectionProblem::new(
                "bundle",
                path,
                format!("{key}: {error}"),
            ));
            None
        }
    }
}
