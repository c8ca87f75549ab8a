//! The boundary between evidence sources and the engine: the [`Collector`] trait, and the
//! [`ArtifactSource`] it reads raw artifacts from.
//!
//! A collector turns raw artifacts (logs, property lists, saved API responses) into facts. It
//! never fails a whole run: an artifact it cannot read becomes a [`CollectionProblem`] and the
//! facts it would have given are simply absent.

use std::collections::BTreeMap;
use std::sync::Arc;

use jiff::Zoned;

use crate::{CollectionProblem, Evidence, FactSpec, Subject};

/// Why an artifact could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ArtifactError {
    /// There is no such artifact (it was not collected).
    #[error("{path}: not in the bundle")]
    NotFound {
        /// The bundle-relative path asked for.
        path: String,
    },
    /// The artifact exists but could not be read.
    #[error("{path}: {message}")]
    Unreadable {
        /// The bundle-relative path.
        path: String,
        /// What went wrong.
        message: String,
    },
}

/// Raw artifacts addressed by bundle-relative paths with `/` separators (`mac/jamf.log`).
///
/// Implemented for a bundle directory and a `.zip` by the bundle crate, and in memory by
/// [`MemoryArtifacts`] for tests and embedders.
pub trait ArtifactSource: Send + Sync {
    /// Every artifact path, sorted.
    fn paths(&self) -> Vec<String>;

    /// The bytes of one artifact.
    ///
    /// # Errors
    /// [`ArtifactError::NotFound`] when there is no such artifact, [`ArtifactError::Unreadable`]
    /// when it cannot be read.
    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError>;

    /// Whether an artifact exists.
    fn contains(&self, path: &str) -> bool {
        self.paths().iter().any(|candidate| candidate == path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for &T {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        (**self).read(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for Box<T> {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        (**self).read(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for Arc<T> {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        (**self).read(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

/// Artifacts held in memory.
///
/// ```
/// use jamf_triage_core::{ArtifactSource, MemoryArtifacts};
/// let artifacts = MemoryArtifacts::new().with("mac/sw_vers.txt", "ProductVersion:\t14.4.1\n");
/// assert_eq!(artifacts.paths(), ["mac/sw_vers.txt"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryArtifacts {
    files: BTreeMap<String, Vec<u8>>,
}

impl MemoryArtifacts {
    /// No artifacts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds (or replaces) one artifact.
    #[must_use]
    pub fn with(mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        self.insert(path, bytes);
        self
    }

    /// Adds (or replaces) one artifact.
    pub fn insert(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }
}

impl ArtifactSource for MemoryArtifacts {
    fn paths(&self) -> Vec<String> {
        self.files.keys().cloned().collect()
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        self.files
            .get(path)
            .cloned()
            .ok_or_else(|| ArtifactError::NotFound {
                path: path.to_owned(),
            })
    }

    fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// What a collector is asked to collect from.
#[derive(Clone, Copy)]
pub struct CollectInput<'a> {
    /// The raw artifacts.
    pub artifacts: &'a dyn ArtifactSource,
    /// The Mac and user the diagnosis is about; tenant-wide facts ignore it.
    pub subject: &'a Subject,
    /// When the artifacts were collected, with the offset of the place they were collected in.
    /// Logs that print local time without an offset or a year are read against it.
    pub collected_at: Option<&'a Zoned>,
}

impl std::fmt::Debug for CollectInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CollectInput")
            .field("subject", self.subject)
            .field("collected_at", &self.collected_at)
            .finish_non_exhaustive()
    }
}

/// An evidence source: turns raw artifacts into facts.
///
/// Implementations are object safe and shared across threads; `Vec<Box<dyn Collector>>`,
/// `Option<C>`, `&C`, `Box<C>` and `Arc<C>` are collectors too.
///
/// ```
/// use jamf_triage_core::{CollectInput, Collector, Evidence, FactSpec, FactType, MemoryArtifacts, Provenance, Subject};
///
/// struct SwVers;
/// impl Collector for SwVers {
///     fn name(&self) -> &str { "example" }
///     fn facts(&self) -> Vec<FactSpec> {
///         vec![FactSpec::new("example.os", FactType::String, "the OS version", "example")]
///     }
///     fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
///         if let Ok(bytes) = input.artifacts.read("mac/sw_vers.txt") {
///             let text = String::from_utf8_lossy(&bytes);
///             out.set("example.os", text.trim(), Provenance::new("example", "mac/sw_vers.txt"));
///         }
///     }
/// }
///
/// let artifacts = MemoryArtifacts::new().with("mac/sw_vers.txt", "14.4.1\n");
/// let mut evidence = Evidence::default();
/// let subject = Subject::default();
/// SwVers.collect(&CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None }, &mut evidence);
/// assert!(evidence.get("example.os").is_some());
/// ```
pub trait Collector: Send + Sync {
    /// The collector's stable name (`device`, `jamf-pro`, `graph`).
    fn name(&self) -> &str;

    /// The facts this collector can provide.
    fn facts(&self) -> Vec<FactSpec>;

    /// Collects facts about `input.subject` into `out`; what cannot be read is recorded as a
    /// [`CollectionProblem`] in `out` instead of failing.
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence);
}

impl<C: Collector + ?Sized> Collector for &C {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
}

impl<C: Collector + ?Sized> Collector for Box<C> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
}

impl<C: Collector + ?Sized> Collector for Arc<C> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
}

impl<C: Collector> Collector for Option<C> {
    fn name(&self) -> &str {
        self.as_ref().map_or("none", Collector::name)
    }
    fn facts(&self) -> Vec<FactSpec> {
        self.as_ref().map(Collector::facts).unwrap_or_default()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        if let Some(collector) = self {
            collector.collect(input, out);
        }
    }
}

impl<C: Collector> Collector for Vec<C> {
    fn name(&self) -> &str {
        "collectors"
    }
    fn facts(&self) -> Vec<FactSpec> {
        self.iter().flat_map(Collector::facts).collect()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        for collector in self {
            collector.collect(input, out);
        }
    }
}

/// Records a problem for `path` unless the artifact is simply absent (not collected is not a
/// problem), and gives the bytes back when it could be read.
pub fn read_artifact(
    collector: &str,
    input: &CollectInput<'_>,
    path: &str,
    out: &mut Evidence,
) -> Option<Vec<u8>> {
    match input.artifacts.read(path) {
        Ok(bytes) => Some(bytes),
        Err(ArtifactError::NotFound { .. }) => None,
        Err(ArtifactError::Unreadable { message, .. }) => {
            out.add_problem(CollectionProblem::new(collector, path, message));
            None
        }
    }
}
