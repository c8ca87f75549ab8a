//! The other side of [`ArtifactSource`](crate::ArtifactSource): where live collection puts the
//! raw artifacts it fetches, and the record of what it could not fetch.
//!
//! Live collectors (behind their crates' `live` feature) write exactly the files a bundle holds,
//! so the same parsers read a live collection and a bundle made by hand. A source that cannot be
//! reached becomes [`CollectionFailure`]s, never an abort: the bundle is partial and says why.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::ArtifactError;

/// An artifact that could not be collected, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CollectionFailure {
    /// The source that failed (`device`, `jamf-pro`, `graph`).
    pub source: String,
    /// The bundle-relative path the artifact would have had (or a folder, when a whole source
    /// failed).
    pub path: String,
    /// What went wrong, in plain words (never a secret).
    pub message: String,
}

impl CollectionFailure {
    /// A failure of `source` to collect `path`.
    pub fn new(
        source: impl Into<String>,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            source: source.into(),
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Where live collection writes artifacts, addressed by bundle-relative paths with `/`
/// separators, as [`ArtifactSource`](crate::ArtifactSource) reads them.
pub trait ArtifactSink {
    /// Stores one artifact (replacing any earlier one at the same path).
    ///
    /// # Errors
    /// [`ArtifactError::Unreadable`] when it cannot be stored (the message says why).
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError>;

    /// Replaces the last `cut` bytes of the artifact stored at `path` by an earlier [`put`] with
    /// `bytes` (`cut` 0 appends): a paged answer written page by page, never held whole in
    /// memory, each page overwriting the end that closes the answer so that the artifact is
    /// whole after every page.
    ///
    /// # Errors
    /// [`ArtifactError::Unreadable`] when nothing was put at `path`, it is shorter than `cut`,
    /// or it cannot be written.
    ///
    /// [`put`]: ArtifactSink::put
    fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError>;

    /// Records that an artifact could not be collected.
    fn fail(&mut self, failure: CollectionFailure);

    /// Announces that about `more` further artifacts (stored or failed) are coming, so that a
    /// progress bar can show how far collection is. Does nothing by default.
    fn expect(&mut self, more: u64) {
        let _ = more;
    }
}

impl<S: ArtifactSink + ?Sized> ArtifactSink for &mut S {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError> {
        (**self).put(path, bytes)
    }
    fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError> {
        (**self).replace_end(path, cut, bytes)
    }
    fn fail(&mut self, failure: CollectionFailure) {
        (**self).fail(failure);
    }
    fn expect(&mut self, more: u64) {
        (**self).expect(more);
    }
}

/// Artifacts and failures kept in memory (tests, embedders).
///
/// ```
/// use jamf_triage_evidence::{ArtifactSink, ArtifactSource, CollectionFailure, MemorySink};
/// let mut sink = MemorySink::default();
/// sink.put("mac/sw_vers.txt", b"ProductVersion:\t14.4.1\n")?;
/// sink.replace_end("mac/sw_vers.txt", 0, b"BuildVersion:\t23E224\n")?;
/// assert!(sink.replace_end("mac/other.txt", 0, b"x").is_err());
/// sink.fail(CollectionFailure::new("graph", "graph/", "no credentials"));
/// assert_eq!(sink.artifacts().paths(), ["mac/sw_vers.txt"]);
/// assert_eq!(sink.failures().len(), 1);
/// # Ok::<(), jamf_triage_evidence::ArtifactError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemorySink {
    files: BTreeMap<String, Vec<u8>>,
    failures: Vec<CollectionFailure>,
}

impl MemorySink {
    /// The artifacts stored so far, readable as an artifact source.
    pub fn artifacts(&self) -> crate::MemoryArtifacts {
        let mut artifacts = crate::MemoryArtifacts::new();
        for (path, bytes) in &self.files {
            artifacts.insert(path.clone(), bytes.clone());
        }
        artifacts
    }

    /// The failures recorded so far, in order.
    pub fn failures(&self) -> &[CollectionFailure] {
        &self.failures
    }
}

impl ArtifactSink for MemorySink {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError> {
        self.files.insert(path.to_owned(), bytes.to_vec());
        Ok(())
    }

    fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError> {
        let unreadable = |message: &str| ArtifactError::Unreadable {
            path: path.to_owned(),
            message: message.to_owned(),
        };
        let file = self
            .files
            .get_mut(path)
            .ok_or_else(|| unreadable("written to before it was put"))?;
        let kept = usize::try_from(cut)
            .ok()
            .and_then(|cut| file.len().checked_sub(cut))
            .ok_or_else(|| unreadable("shorter than the end to replace"))?;
        file.truncate(kept);
        file.extend_from_slice(bytes);
        Ok(())
    }

    fn fail(&mut self, failure: CollectionFailure) {
        self.failures.push(failure);
    }
}
