//! The boundary between evidence sources and the engine: the [`Source`] trait, the
//! [`ArtifactSpec`] table each source declares, and the [`ArtifactSource`] it reads raw
//! artifacts from.
//!
//! A source turns raw artifacts (logs, property lists, saved API responses) into facts. It
//! never fails a whole run: an artifact it cannot read (or that is over its declared size limit)
//! becomes a [`CollectionProblem`] and the facts it would have given are simply absent.
//!
//! Artifacts are opened as streams ([`ArtifactSource::open`]) and read through [`Limited`], which
//! stops at the limit the artifact table declares: no artifact, however large, is held whole
//! unless its source asks for it whole ([`read_artifact`]), and then never past its limit.

use std::io::Read;
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
    /// The artifact is larger than the limit its source declares for it.
    #[error("{path}: larger than its limit of {limit} bytes; it was not read")]
    TooLarge {
        /// The bundle-relative path.
        path: String,
        /// The limit, in bytes.
        limit: u64,
    },
}

impl ArtifactError {
    /// The bundle-relative path the error is about.
    pub fn path(&self) -> &str {
        match self {
            ArtifactError::NotFound { path }
            | ArtifactError::Unreadable { path, .. }
            | ArtifactError::TooLarge { path, .. } => path,
        }
    }
}

/// A stream over one artifact's bytes.
pub type ArtifactReader<'a> = Box<dyn Read + Send + 'a>;

/// Raw artifacts addressed by bundle-relative paths with `/` separators (`mac/jamf.log`).
///
/// Implemented for a bundle directory and a `.zip` by the bundle crate, and in memory by
/// [`MemoryArtifacts`] for tests and embedders.
pub trait ArtifactSource: Send + Sync {
    /// Every artifact path, sorted.
    fn paths(&self) -> Vec<String>;

    /// Opens one artifact as a stream. Read it through [`Limited`] (or [`read_artifact`] and
    /// [`open_artifact`], which do) so that its size limit holds.
    ///
    /// # Errors
    /// [`ArtifactError::NotFound`] when there is no such artifact, [`ArtifactError::Unreadable`]
    /// when it cannot be opened (or is not a regular file).
    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError>;

    /// Whether an artifact exists.
    fn contains(&self, path: &str) -> bool {
        self.paths().iter().any(|candidate| candidate == path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for &T {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        (**self).open(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for Box<T> {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        (**self).open(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

impl<T: ArtifactSource + ?Sized> ArtifactSource for Arc<T> {
    fn paths(&self) -> Vec<String> {
        (**self).paths()
    }
    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        (**self).open(path)
    }
    fn contains(&self, path: &str) -> bool {
        (**self).contains(path)
    }
}

/// A reader that fails, with [`ArtifactError::TooLarge`] inside the [`std::io::Error`], once
/// more than `limit` bytes have come through.
///
/// ```
/// use std::io::Read;
/// use jamf_triage_evidence::{ArtifactError, Limited};
///
/// let mut small = Limited::new(&b"0123456789"[..], "mac/sw_vers.txt", 4);
/// let mut text = String::new();
/// let error = small.read_to_string(&mut text).expect_err("over the limit");
/// assert!(matches!(Limited::<&[u8]>::artifact_error(&error), Some(ArtifactError::TooLarge { limit: 4, .. })));
/// ```
#[derive(Debug)]
pub struct Limited<R> {
    inner: R,
    path: String,
    limit: u64,
    read: u64,
}

impl<R: Read> Limited<R> {
    /// `inner`, the artifact at `path`, limited to `limit` bytes.
    pub fn new(inner: R, path: impl Into<String>, limit: u64) -> Self {
        Self {
            inner,
            path: path.into(),
            limit,
            read: 0,
        }
    }

    /// The artifact error carried by an I/O error of a limited reader, if it carries one.
    pub fn artifact_error(error: &std::io::Error) -> Option<&ArtifactError> {
        error.get_ref()?.downcast_ref::<ArtifactError>()
    }
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Ask for one byte past the limit, so that a file of exactly the limit reads whole.
        let room = usize::try_from((self.limit + 1).saturating_sub(self.read))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let count = self.inner.read(&mut buf[..room])?;
        self.read += count as u64;
        if self.read > self.limit {
            return Err(std::io::Error::other(ArtifactError::TooLarge {
                path: self.path.clone(),
                limit: self.limit,
            }));
        }
        Ok(count)
    }
}

/// The [`ArtifactError`] for an I/O error met reading `path`.
pub fn read_error(path: &str, error: &std::io::Error) -> ArtifactError {
    match Limited::<&[u8]>::artifact_error(error) {
        Some(inner) => inner.clone(),
        None => ArtifactError::Unreadable {
            path: path.to_owned(),
            message: error.to_string(),
        },
    }
}

/// Artifacts held in memory.
///
/// ```
/// use jamf_triage_evidence::{ArtifactSource, MemoryArtifacts};
/// let artifacts = MemoryArtifacts::new().with("mac/sw_vers.txt", "ProductVersion:\t14.4.1\n");
/// assert_eq!(artifacts.paths(), ["mac/sw_vers.txt"]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryArtifacts {
    files: std::collections::BTreeMap<String, Vec<u8>>,
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

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        match self.files.get(path) {
            Some(bytes) => Ok(Box::new(bytes.as_slice())),
            None => Err(ArtifactError::NotFound {
                path: path.to_owned(),
            }),
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }
}

/// The size limit of a log (jamf.log, the jamfAAD log, a server log): 1 GiB.
pub const LIMIT_LOG: u64 = 1 << 30;
/// The size limit of a saved API response (all its pages merged): 256 MiB.
pub const LIMIT_RESPONSE: u64 = 256 << 20;
/// The size limit of a small artifact (command output, a property list, a YAML file): 16 MiB.
pub const LIMIT_SMALL: u64 = 16 << 20;

/// What produces an artifact on the system it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Producer {
    /// A command, run on the Mac or the server (`sw_vers`).
    Command(&'static str),
    /// An API request (`GET /api/v1/computers-inventory`).
    Endpoint(&'static str),
    /// A file copied as it is (`/var/log/jamf.log`).
    File(&'static str),
    /// Written by the admin or by the collecting tool (`context.yaml`).
    Written(&'static str),
}

impl std::fmt::Display for Producer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Producer::Command(command) => write!(f, "command `{command}`"),
            Producer::Endpoint(endpoint) => write!(f, "request `{endpoint}`"),
            Producer::File(file) => write!(f, "file {file}"),
            Producer::Written(by) => write!(f, "written by {by}"),
        }
    }
}

/// One row of a source's artifact table: where an artifact is in a bundle, what produces it, what
/// reads it, how large it may be, and which facts it gives.
///
/// Reading a bundle and writing one live use the same row, so the path is spelled once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArtifactSpec {
    /// The bundle-relative path, or a pattern for a family of files: `*` stands for one path
    /// segment's variable part (`mac/company-portal/*.log`), `{name}` for an id chosen at collection
    /// (`graph/licenseDetails/{upn}.json`).
    pub path: &'static str,
    /// What produces it.
    pub producer: Producer,
    /// What reads it, in a few words (the parser).
    pub parser: &'static str,
    /// The largest size read, in bytes: a larger artifact is a collection problem naming it and
    /// this limit.
    pub limit: u64,
    /// The names of the facts it gives (some with other artifacts).
    pub facts: &'static [&'static str],
}

impl ArtifactSpec {
    /// Whether the bundle-relative `path` is this artifact (or one of its family).
    pub fn matches(&self, path: &str) -> bool {
        pattern_matches(self.path, path)
    }
}

/// Whether `path` fits `pattern`, segment by segment: `*` and `{name}` match any text within a
/// segment.
fn pattern_matches(pattern: &str, path: &str) -> bool {
    let mut patterns = pattern.split('/');
    let mut segments = path.split('/');
    loop {
        match (patterns.next(), segments.next()) {
            (None, None) => return true,
            (Some(pattern), Some(segment)) if segment_matches(pattern, segment) => {}
            _ => return false,
        }
    }
}

fn segment_matches(pattern: &str, segment: &str) -> bool {
    let wildcard = pattern.find('*').map(|at| (at, at + 1)).or_else(|| {
        let open = pattern.find('{')?;
        let close = open + pattern[open..].find('}')?;
        Some((open, close + 1))
    });
    match wildcard {
        None => pattern == segment,
        Some((start, end)) => {
            let (prefix, suffix) = (&pattern[..start], &pattern[end..]);
            segment.len() >= prefix.len() + suffix.len()
                && segment.starts_with(prefix)
                && segment.ends_with(suffix)
        }
    }
}

/// What a source is asked to collect from.
#[derive(Clone, Copy)]
pub struct CollectInput<'a> {
    /// The raw artifacts.
    pub artifacts: &'a dyn ArtifactSource,
    /// The Mac and user the diagnosis is about; tenant-wide facts ignore it.
    pub subject: &'a Subject,
    /// When the artifacts were collected, with the offset of the place they were collected in.
    /// Logs that print local time without an offset or a year are read against it.
    pub collected_at: Option<&'a Zoned>,
    /// Which lines of each lines fact to keep ([`EveryLine`](crate::EveryLine) keeps all).
    pub lines: &'a dyn crate::LineNeeds,
}

impl std::fmt::Debug for CollectInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CollectInput")
            .field("subject", self.subject)
            .field("collected_at", &self.collected_at)
            .finish_non_exhaustive()
    }
}

/// An evidence source: declares its facts and its artifacts, and turns artifacts into facts.
///
/// Implementations are object safe and shared across threads; `&S`, `Box<S>` and `Arc<S>` are
/// sources too. The registry lists the sources a program knows; live collection, where a source
/// has it, is configured by the source's own crate and runs as a [`LiveCollection`].
///
/// ```
/// use jamf_triage_evidence::{
///     ArtifactSpec, CollectInput, Evidence, FactKey, FactSpec, MemoryArtifacts, Producer,
///     Provenance, Source, Subject, read_artifact,
/// };
///
/// const OS: FactKey<String> = FactKey::new("example.os");
/// const SW_VERS: ArtifactSpec = ArtifactSpec {
///     path: "mac/sw_vers.txt",
///     producer: Producer::Command("sw_vers"),
///     parser: "the whole text",
///     limit: 4096,
///     facts: &[OS.name()],
/// };
///
/// struct SwVers;
/// impl Source for SwVers {
///     fn name(&self) -> &str { "example" }
///     fn facts(&self) -> Vec<FactSpec> {
///         vec![FactSpec::new(OS.name(), OS.fact_type(), "the OS version", "example")]
///     }
///     fn artifacts(&self) -> &[ArtifactSpec] { &[SW_VERS] }
///     fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
///         if let Some(bytes) = read_artifact("example", input, &SW_VERS, SW_VERS.path, out) {
///             let text = String::from_utf8_lossy(&bytes);
///             out.record(OS, text.trim(), Provenance::new("example", SW_VERS.path));
///         }
///     }
/// }
///
/// let artifacts = MemoryArtifacts::new().with("mac/sw_vers.txt", "14.4.1\n");
/// let mut evidence = Evidence::default();
/// let subject = Subject::default();
/// SwVers.collect(&CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None, lines: &jamf_triage_evidence::EveryLine }, &mut evidence);
/// assert!(evidence.get(OS.name()).is_some());
/// ```
pub trait Source: Send + Sync {
    /// The source's stable name (`device`, `jamf-pro`, `graph`), as provenance and problems
    /// name it.
    fn name(&self) -> &str;

    /// The version of the source's code, as a bundle's manifest records it.
    fn version(&self) -> &str {
        ""
    }

    /// The bundle folder its artifacts live under (`mac/`), named when the whole source fails.
    fn folder(&self) -> &str {
        ""
    }

    /// The facts this source can provide.
    fn facts(&self) -> Vec<FactSpec>;

    /// The artifacts it reads (and, live, writes).
    fn artifacts(&self) -> &[ArtifactSpec];

    /// Collects facts about `input.subject` into `out`; what cannot be read is recorded as a
    /// [`CollectionProblem`] in `out` instead of failing.
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence);

    /// What the artifacts alone say of the subject (a one-Mac bundle's serial), for a bundle
    /// that names no subject. Nothing by default.
    fn subject_hint(&self, artifacts: &dyn ArtifactSource) -> Subject {
        let _ = artifacts;
        Subject::default()
    }
}

impl<S: Source + ?Sized> Source for &S {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn version(&self) -> &str {
        (**self).version()
    }
    fn folder(&self) -> &str {
        (**self).folder()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn artifacts(&self) -> &[ArtifactSpec] {
        (**self).artifacts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
    fn subject_hint(&self, artifacts: &dyn ArtifactSource) -> Subject {
        (**self).subject_hint(artifacts)
    }
}

impl<S: Source + ?Sized> Source for Box<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn version(&self) -> &str {
        (**self).version()
    }
    fn folder(&self) -> &str {
        (**self).folder()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn artifacts(&self) -> &[ArtifactSpec] {
        (**self).artifacts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
    fn subject_hint(&self, artifacts: &dyn ArtifactSource) -> Subject {
        (**self).subject_hint(artifacts)
    }
}

impl<S: Source + ?Sized> Source for Arc<S> {
    fn name(&self) -> &str {
        (**self).name()
    }
    fn version(&self) -> &str {
        (**self).version()
    }
    fn folder(&self) -> &str {
        (**self).folder()
    }
    fn facts(&self) -> Vec<FactSpec> {
        (**self).facts()
    }
    fn artifacts(&self) -> &[ArtifactSpec] {
        (**self).artifacts()
    }
    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        (**self).collect(input, out);
    }
    fn subject_hint(&self, artifacts: &dyn ArtifactSource) -> Subject {
        (**self).subject_hint(artifacts)
    }
}

/// A source's live collection, configured and ready to run: it fetches the artifacts of its
/// table and writes them into a sink (what it cannot fetch becomes a
/// [`CollectionFailure`](crate::CollectionFailure) there). Every source's live collection has
/// this one signature, so that a program runs them all alike, each in a thread of its own.
pub trait LiveCollection: Send {
    /// Collects into `sink`.
    fn collect(self: Box<Self>, sink: &mut dyn crate::ArtifactSink);
}

/// Records a problem for `path` unless the artifact is simply absent (not collected is not a
/// problem).
fn report(source: &str, error: ArtifactError, out: &mut Evidence) {
    match error {
        ArtifactError::NotFound { .. } => {}
        error => out.add_problem(CollectionProblem::new(
            source,
            error.path().to_owned(),
            problem_message(&error),
        )),
    }
}

fn problem_message(error: &ArtifactError) -> String {
    match error {
        ArtifactError::NotFound { .. } => "not in the bundle".to_owned(),
        ArtifactError::Unreadable { message, .. } => message.clone(),
        ArtifactError::TooLarge { limit, .. } => {
            format!("larger than its limit of {limit} bytes; it was not read")
        }
    }
}

/// Reads the artifact at `path` (one of `spec`'s family) whole, up to `spec.limit` bytes.
/// Records a problem unless the artifact is simply absent (not collected is not a problem), and
/// gives the bytes back when it could be read.
pub fn read_artifact(
    source: &str,
    input: &CollectInput<'_>,
    spec: &ArtifactSpec,
    path: &str,
    out: &mut Evidence,
) -> Option<Vec<u8>> {
    let mut reader = open_artifact(source, input, spec, path, out)?;
    let mut bytes = Vec::new();
    match reader.read_to_end(&mut bytes) {
        Ok(_) => Some(bytes),
        Err(error) => {
            report(source, read_error(path, &error), out);
            None
        }
    }
}

/// Opens the artifact at `path` (one of `spec`'s family) as a stream limited to `spec.limit`
/// bytes. Records a problem unless the artifact is simply absent. An I/O error met later while
/// reading turns into an [`ArtifactError`] with [`read_error`].
pub fn open_artifact<'a>(
    source: &str,
    input: &CollectInput<'a>,
    spec: &ArtifactSpec,
    path: &str,
    out: &mut Evidence,
) -> Option<Limited<ArtifactReader<'a>>> {
    match input.artifacts.open(path) {
        Ok(reader) => Some(Limited::new(reader, path, spec.limit)),
        Err(error) => {
            report(source, error, out);
            None
        }
    }
}

/// Records the problem an [`ArtifactError`] met while reading stands for (nothing when the
/// artifact is absent).
pub fn report_artifact_error(source: &str, error: ArtifactError, out: &mut Evidence) {
    report(source, error, out);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::EveryLine;

    #[test]
    fn patterns_match_segment_by_segment() {
        assert!(pattern_matches("mac/jamf.log", "mac/jamf.log"));
        assert!(!pattern_matches("mac/jamf.log", "mac/X/jamf.log"));
        assert!(pattern_matches(
            "mac/company-portal/*.log",
            "mac/company-portal/a.log"
        ));
        assert!(!pattern_matches(
            "mac/company-portal/*.log",
            "mac/company-portal/a.txt"
        ));
        assert!(pattern_matches(
            "graph/licenseDetails/{upn}.json",
            "graph/licenseDetails/adele@contoso.example.json"
        ));
        assert!(!pattern_matches("graph/{x}.json", "graph/a/b.json"));
    }

    #[test]
    fn a_limited_read_stops_one_byte_past_the_limit() {
        let exact = MemoryArtifacts::new().with("a", "1234");
        let input_subject = Subject::default();
        let input = CollectInput {
            artifacts: &exact,
            subject: &input_subject,
            collected_at: None,
            lines: &EveryLine,
        };
        let spec = ArtifactSpec {
            path: "a",
            producer: Producer::File("a"),
            parser: "",
            limit: 4,
            facts: &[],
        };
        let mut out = Evidence::default();
        assert_eq!(
            read_artifact("t", &input, &spec, "a", &mut out).as_deref(),
            Some(&b"1234"[..])
        );
        let small = ArtifactSpec { limit: 3, ..spec };
        assert_eq!(read_artifact("t", &input, &small, "a", &mut out), None);
        assert_eq!(out.problems().len(), 1);
        assert!(out.problems()[0].message.contains("limit of 3 bytes"));
        assert_eq!(read_artifact("t", &input, &spec, "b", &mut out), None);
        assert_eq!(out.problems().len(), 1, "absent is not a problem");
    }
}
