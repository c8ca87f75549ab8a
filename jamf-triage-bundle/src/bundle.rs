//! A bundle as a whole: its artifacts in whichever layout they came, and its manifest (when it
//! was collected, and what live collection could not collect). What the artifacts mean is the
//! sources' business; a bundle knows no source's folders.

use std::path::Path;

use jamf_triage_evidence::{ArtifactSource, ArtifactSpec, CollectionProblem, parse_zoned};
use jiff::Zoned;

use crate::odc::{self, OdcArtifacts};
use crate::{DirArtifacts, Manifest, MergedArtifacts, ZipArtifacts, ZipError};

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
    /// The path holds no manifest, no context and no file a source reads: it is not a bundle
    /// (an empty folder, the folder of several bundles, the wrong folder).
    #[error(
        "{path} is not a bundle: it holds no manifest.yaml, no context.yaml and no file a source reads{}",
        did_you_mean(candidates)
    )]
    NotABundle {
        /// The path given.
        path: String,
        /// The folders inside it that are bundles.
        candidates: Vec<String>,
    },
}

/// `; did you mean PATH/a or PATH/b?`, or nothing.
fn did_you_mean(candidates: &[String]) -> String {
    match candidates {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// A bundle of raw artifacts, opened.
pub struct Bundle {
    artifacts: Box<dyn ArtifactSource>,
    manifest: Option<Manifest>,
    collected_at: Option<Zoned>,
    problems: Vec<CollectionProblem>,
}

impl std::fmt::Debug for Bundle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bundle")
            .field("manifest", &self.manifest)
            .field("problems", &self.problems)
            .finish_non_exhaustive()
    }
}

impl Bundle {
    /// Opens a bundle directory, or a `.zip` of one; `roots` are the top-level folders a bundle
    /// has (the sources' folders), so that a zip of a bundle directory with its name is
    /// unwrapped.
    ///
    /// # Errors
    /// [`BundleError`] when the path cannot be read at all or is a broken archive.
    pub fn open(path: impl AsRef<Path>, roots: &[&str]) -> Result<Self, BundleError> {
        Self::open_with(path, roots, &[])
    }

    /// Opens a bundle directory, a `.zip` of one, or an IntuneMacODC zip (recognised by its
    /// name, or by its own files at the top and no bundle folder), whose files are mapped onto
    /// the bundle paths of `specs`, the sources' artifact tables; its `collected_at` comes from
    /// its name.
    ///
    /// # Errors
    /// [`BundleError`] when the path cannot be read at all or is a broken archive.
    pub fn open_with(
        path: impl AsRef<Path>,
        roots: &[&str],
        specs: &[&ArtifactSpec],
    ) -> Result<Self, BundleError> {
        let path = path.as_ref();
        let io = |source| BundleError::Io {
            path: path.display().to_string(),
            source,
        };
        let metadata = std::fs::metadata(path).map_err(io)?;
        let (artifacts, problems): (Box<dyn ArtifactSource>, _) = if metadata.is_dir() {
            let dir = DirArtifacts::open(path).map_err(io)?;
            let problems = dir.problems().to_vec();
            (Box::new(dir), problems)
        } else if metadata.is_file() {
            let zip = ZipArtifacts::open(path, roots)?;
            if odc::is_odc_name(path) || OdcArtifacts::looks_like(&zip.paths(), roots) {
                let odc = OdcArtifacts::open(path, specs)?;
                let problems = odc.problems().to_vec();
                let mut bundle = Self::from_artifacts(odc);
                bundle.problems.splice(0..0, problems);
                if bundle.collected_at.is_none() {
                    bundle.collected_at = odc::collected_at_from_name(path);
                }
                return Ok(bundle);
            }
            let problems = zip.problems().to_vec();
            (Box::new(zip), problems)
        } else {
            return Err(io(std::io::Error::other(
                "not a directory or a regular file (a FIFO or a device is never read)",
            )));
        };
        let mut bundle = Self::from_artifacts(artifacts);
        bundle.problems.splice(0..0, problems);
        Ok(bundle)
    }

    /// A bundle over any artifact source (in memory, for tests and embedders).
    pub fn from_artifacts(artifacts: impl ArtifactSource + 'static) -> Self {
        let mut problems = Vec::new();
        let manifest = read_yaml(&artifacts, MANIFEST_PATH, &mut problems, |text| {
            if text.trim().is_empty() {
                Ok(Manifest::default())
            } else {
                jamf_triage_evidence::from_yaml_with::<Manifest>(
                    text,
                    &jamf_triage_evidence::YAML_MANIFEST,
                )
            }
        });
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
        Self {
            artifacts: Box::new(artifacts),
            manifest,
            collected_at,
            problems,
        }
    }

    /// Several bundles of the same Mac read as one (a server-side bundle and an IntuneMacODC zip,
    /// say): every artifact of each, the first bundle given winning a path that several hold
    /// (each such path is a problem naming it); the manifest and `collected_at` of the first
    /// bundle that has them; the problems of all.
    pub fn merge(bundles: Vec<Bundle>) -> Self {
        let mut manifest = None;
        let mut collected_at = None;
        let mut problems = Vec::new();
        let mut sources = Vec::with_capacity(bundles.len());
        for bundle in bundles {
            manifest = manifest.or(bundle.manifest);
            collected_at = collected_at.or(bundle.collected_at);
            problems.extend(bundle.problems);
            sources.push(bundle.artifacts);
        }
        let merged = MergedArtifacts::new(sources);
        problems.extend(merged.problems().iter().cloned());
        Self {
            artifacts: Box::new(merged),
            manifest,
            collected_at,
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

    /// When the bundle was collected (manifest `collected_at`), with the offset that the Mac's
    /// local-time logs are read against.
    pub fn collected_at(&self) -> Option<&Zoned> {
        self.collected_at.as_ref()
    }

    /// Problems with the bundle itself (refused zip entries, an unreadable manifest).
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }
}

fn read_yaml<T>(
    artifacts: &dyn ArtifactSource,
    path: &str,
    problems: &mut Vec<CollectionProblem>,
    parse: impl Fn(&str) -> Result<T, jamf_triage_evidence::YamlDocumentError>,
) -> Option<T> {
    let bytes = match read_small(artifacts, path) {
        Ok(bytes) => bytes,
        Err(jamf_triage_evidence::ArtifactError::NotFound { .. }) => return None,
        Err(error) => {
            problems.push(CollectionProblem::new("bundle", path, error.to_string()));
            return None;
        }
    };
    let text = jamf_triage_evidence::decode_text(&bytes).text;
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

/// The bytes of a small bundle file (the manifest), up to [`LIMIT_SMALL`](jamf_triage_evidence::LIMIT_SMALL).
fn read_small(
    artifacts: &dyn ArtifactSource,
    path: &str,
) -> Result<Vec<u8>, jamf_triage_evidence::ArtifactError> {
    let mut reader = jamf_triage_evidence::Limited::new(
        artifacts.open(path)?,
        path,
        jamf_triage_evidence::LIMIT_SMALL,
    );
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut bytes)
        .map_err(|error| jamf_triage_evidence::read_error(path, &error))?;
    Ok(bytes)
}
