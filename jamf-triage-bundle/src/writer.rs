//! Writing a bundle: the artifacts live collection fetches, then `manifest.yaml` saying when,
//! by what, what was collected and what failed.

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use jamf_triage_evidence::{ArtifactError, ArtifactSink, CollectionFailure};

use crate::{MANIFEST_PATH, Manifest};

/// Why a bundle could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// The directory exists and holds files already (a bundle is never mixed with old files).
    #[error("{path} exists and is not empty; give a new or empty directory")]
    NotEmpty {
        /// The directory.
        path: String,
    },
    /// Creating or writing failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The manifest could not be serialized.
    #[error("cannot write the manifest: {message}")]
    Manifest {
        /// Why.
        message: String,
    },
}

/// A bundle being written into a directory: every artifact put is recorded for the manifest,
/// and so is every failure.
///
/// ```
/// use jamf_triage_bundle::{Bundle, BundleWriter};
/// use jamf_triage_evidence::{ArtifactSink, CollectionFailure};
///
/// let dir = std::env::temp_dir().join(format!("jamf-triage-doc-writer-{}", std::process::id()));
/// let mut writer = BundleWriter::create(&dir)?;
/// writer.put("mac/sw_vers.txt", b"ProductVersion:\t14.4.1\n")?;
/// writer.fail(CollectionFailure::new("graph", "graph/", "no credentials given"));
/// writer.finish("2024-06-03T14:20:00+02:00", "jamf-triage collect 0.1.0", [("device", "0.1.0")])?;
/// let bundle = Bundle::open(&dir, &["mac", "graph"])?;
/// assert_eq!(bundle.problems()[0].path, "graph/");
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct BundleWriter {
    root: PathBuf,
    collected: Vec<String>,
    failed: Vec<CollectionFailure>,
}

impl BundleWriter {
    /// Starts a bundle in `root`, which must not exist or be empty.
    ///
    /// # Errors
    /// [`WriteError::NotEmpty`] when `root` holds anything, [`WriteError::Io`] when it cannot be
    /// created.
    pub fn create(root: impl AsRef<Path>) -> Result<Self, WriteError> {
        let root = root.as_ref().to_path_buf();
        let io = |source| WriteError::Io {
            path: root.display().to_string(),
            source,
        };
        if root.exists() {
            if std::fs::read_dir(&root).map_err(io)?.next().is_some() {
                return Err(WriteError::NotEmpty {
                    path: root.display().to_string(),
                });
            }
        } else {
            create_private_dir(&root).map_err(io)?;
        }
        Ok(Self {
            root,
            collected: Vec::new(),
            failed: Vec::new(),
        })
    }

    /// The bundle's directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The failures recorded so far.
    pub fn failures(&self) -> &[CollectionFailure] {
        &self.failed
    }

    /// Writes `manifest.yaml` and gives the manifest back.
    ///
    /// # Errors
    /// [`WriteError`] when it cannot be written.
    pub fn finish<'a>(
        self,
        collected_at: &str,
        collected_by: &str,
        collectors: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Manifest, WriteError> {
        self.write_manifest(collected_at, collected_by, collectors, false)
    }

    /// Writes the manifest of what was collected so far, saying whether the collection was
    /// `interrupted` (what is missing should then be recorded with
    /// [`ArtifactSink::fail`](jamf_triage_evidence::ArtifactSink::fail) first). The writer stays
    /// usable, so that an interrupted collection can still leave a bundle that says so.
    ///
    /// # Errors
    /// [`WriteError`] when the manifest cannot be written.
    pub fn write_manifest<'a>(
        &self,
        collected_at: &str,
        collected_by: &str,
        collectors: impl IntoIterator<Item = (&'a str, &'a str)>,
        interrupted: bool,
    ) -> Result<Manifest, WriteError> {
        let mut collected = self.collected.clone();
        collected.sort();
        collected.dedup();
        // Sources run side by side: order the failures so that the manifest is the same every
        // time (a stable sort keeps each artifact's own failures in their order).
        let mut failed = self.failed.clone();
        failed.sort_by(|a, b| a.path.cmp(&b.path));
        let manifest = Manifest {
            collected_at: Some(collected_at.to_owned()),
            collected_by: Some(collected_by.to_owned()),
            collectors: collectors
                .into_iter()
                .map(|(name, version)| (name.to_owned(), version.to_owned()))
                .collect::<IndexMap<_, _>>(),
            collected,
            failed,
            interrupted,
        };
        let text = jamf_triage_evidence::to_yaml(&manifest)
            .map_err(|message| WriteError::Manifest { message })?;
        let path = self.root.join(MANIFEST_PATH);
        std::fs::write(&path, text).map_err(|source| WriteError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Ok(manifest)
    }
}

/// Whether `path` stays inside the bundle: relative, `/`-separated, no `.`, `..` or empty part.
fn is_inside(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && path
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != "..")
}

impl ArtifactSink for BundleWriter {
    fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError> {
        let unreadable = |message: String| ArtifactError::Unreadable {
            path: path.to_owned(),
            message,
        };
        if !is_inside(path) || path == MANIFEST_PATH {
            return Err(unreadable(
                "refused: not a path inside the bundle".to_owned(),
            ));
        }
        let full = self.root.join(path);
        if let Some(parent) = full.parent() {
            create_private_dir(parent).map_err(|error| unreadable(error.to_string()))?;
        }
        std::fs::write(&full, bytes).map_err(|error| unreadable(error.to_string()))?;
        self.collected.push(path.to_owned());
        Ok(())
    }

    fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError> {
        use std::io::{Seek as _, SeekFrom, Write as _};
        let unreadable = |message: String| ArtifactError::Unreadable {
            path: path.to_owned(),
            message,
        };
        if !self.collected.iter().any(|put| put == path) {
            return Err(unreadable("written to before it was put".to_owned()));
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(self.root.join(path))
            .map_err(|error| unreadable(error.to_string()))?;
        let length = file
            .metadata()
            .map_err(|error| unreadable(error.to_string()))?
            .len();
        let Some(kept) = length.checked_sub(cut) else {
            return Err(unreadable("shorter than the end to replace".to_owned()));
        };
        // One write from where the end starts: the old end is overwritten in place, so that the
        // file is never without one (bytes as long as `cut` or longer need no truncation).
        let written = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        file.seek(SeekFrom::Start(kept))
            .and_then(|_| file.write_all(bytes))
            .and_then(|()| {
                if written < cut {
                    file.set_len(kept.saturating_add(written))
                } else {
                    Ok(())
                }
            })
            .map_err(|error| unreadable(error.to_string()))
    }

    fn fail(&mut self, failure: CollectionFailure) {
        self.failed.push(failure);
    }
}

/// Creates `dir` and its missing parents, readable by its owner alone (`0700` on Unix): a bundle
/// holds serials, user names and logs.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_artifacts_and_a_manifest_with_ordered_failures()
    -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!("jamf-triage-writer-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut writer = BundleWriter::create(&dir)?;
        writer.put("mac/sw_vers.txt", b"x]}")?;
        writer.replace_end("mac/sw_vers.txt", 2, b",y]}")?;
        assert_eq!(std::fs::read(dir.join("mac/sw_vers.txt"))?, b"x,y]}");
        writer.replace_end("mac/sw_vers.txt", 3, b"!")?;
        assert_eq!(std::fs::read(dir.join("mac/sw_vers.txt"))?, b"x,!");
        writer.replace_end("mac/sw_vers.txt", 0, b"z")?;
        assert_eq!(std::fs::read(dir.join("mac/sw_vers.txt"))?, b"x,!z");
        assert!(writer.replace_end("mac/sw_vers.txt", 5, b"z").is_err());
        assert!(writer.replace_end("mac/other.txt", 0, b"y").is_err());
        assert!(writer.put("../escape.txt", b"x").is_err());
        assert!(writer.put(MANIFEST_PATH, b"x").is_err());
        writer.fail(CollectionFailure::new("graph", "graph/devices.json", "b"));
        writer.fail(CollectionFailure::new("device", "mac/jamf.log", "a"));
        writer.fail(CollectionFailure::new("graph", "graph/devices.json", "c"));
        let manifest = writer.finish("2024-06-03T14:20:00+02:00", "test", [("device", "0.1.0")])?;
        let order: Vec<&str> = manifest.failed.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
        let read: Manifest =
            jamf_triage_evidence::from_yaml(&std::fs::read_to_string(dir.join(MANIFEST_PATH))?)?;
        assert_eq!(read, manifest);
        assert!(matches!(
            BundleWriter::create(&dir),
            Err(WriteError::NotEmpty { .. })
        ));
        std::fs::remove_dir_all(&dir)?;
        Ok(())
    }

    #[test]
    fn paths_must_stay_inside() {
        assert!(is_inside("graph/licenseDetails/adele@contoso.example.json"));
        for outside in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a//b",
            "a\\b",
            "./a",
        ] {
            assert!(!is_inside(outside), "{outside}");
        }
    }
}
