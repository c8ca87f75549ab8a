//! A bundle that is a `.zip` of a bundle directory.
//!
//! Only the archive's directory is read when it is opened: each artifact is inflated as it is
//! read, from its own handle on the archive, so that memory does not grow with the archive.
//! Entries whose names would escape the bundle root are refused, and the total uncompressed size
//! the directory declares is capped; each artifact's own size limit is enforced by its reader.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource, CollectionProblem};
use zip::CompressionMethod;

/// The default cap on the total uncompressed size of a zipped bundle: 1 GiB.
pub const DEFAULT_MAX_UNCOMPRESSED: u64 = 1 << 30;

/// Why a zipped bundle could not be opened at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ZipError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The archive's path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The file is not a zip archive.
    #[error("{path} is not a zip archive: {message}")]
    NotZip {
        /// The archive's path.
        path: String,
        /// What the zip reader said.
        message: String,
    },
    /// The archive holds more than the cap once uncompressed.
    #[error("{path} holds more than {limit} bytes once uncompressed; refusing to read it")]
    TooLarge {
        /// The archive's path.
        path: String,
        /// The cap in bytes.
        limit: u64,
    },
}

/// The artifacts of a zipped bundle: where each entry's data is in the archive, and the entries
/// that were refused.
#[derive(Debug, Clone)]
pub struct ZipArtifacts {
    archive: PathBuf,
    entries: Vec<Entry>,
    problems: Vec<CollectionProblem>,
}

/// Where one entry's data is, and how it is stored.
#[derive(Debug, Clone)]
struct Entry {
    path: String,
    data_start: u64,
    compressed_size: u64,
    method: CompressionMethod,
}

impl ZipArtifacts {
    /// Reads the directory of the archive at `path` with the default size cap; `roots` are the
    /// top-level folders a bundle has (a single other top folder holding them is unwrapped).
    ///
    /// # Errors
    /// [`ZipError`] when the file cannot be read, is not a zip, or is too large.
    pub fn open(path: impl AsRef<Path>, roots: &[&str]) -> Result<Self, ZipError> {
        Self::open_with_limit(path, roots, DEFAULT_MAX_UNCOMPRESSED)
    }

    /// Reads the directory of the archive at `path`, refusing it when its entries add up to more
    /// than `max_uncompressed` bytes.
    ///
    /// # Errors
    /// [`ZipError`] when the file cannot be read, is not a zip, or is too large.
    pub fn open_with_limit(
        path: impl AsRef<Path>,
        roots: &[&str],
        max_uncompressed: u64,
    ) -> Result<Self, ZipError> {
        let path = path.as_ref();
        let shown = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|source| ZipError::Io {
            path: shown.clone(),
            source,
        })?;
        let mut archive = zip::ZipArchive::new(file).map_err(|error| ZipError::NotZip {
            path: shown.clone(),
            message: error.to_string(),
        })?;
        let mut entries = Vec::new();
        let mut problems = Vec::new();
        let mut total: u64 = 0;
        for index in 0..archive.len() {
            let entry = match archive.by_index_raw(index) {
                Ok(entry) => entry,
                Err(error) => {
                    problems.push(CollectionProblem::new(
                        "bundle",
                        shown.clone(),
                        format!("entry {index}: {error}"),
                    ));
                    continue;
                }
            };
            if entry.is_dir() {
                continue;
            }
            let raw_name = String::from_utf8_lossy(entry.name_raw()).into_owned();
            let absolute = raw_name.starts_with(['/', '\\']) || raw_name.get(1..2) == Some(":");
            let Some(name) = entry.enclosed_name().filter(|_| !absolute) else {
                problems.push(CollectionProblem::new(
                    "bundle",
                    raw_name,
                    "refused: the entry's path is absolute or escapes the bundle root",
                ));
                continue;
            };
            let name = name.to_string_lossy().replace('\\', "/");
            if entry.encrypted() {
                problems.push(CollectionProblem::new(
                    "bundle",
                    name,
                    "refused: the entry is encrypted",
                ));
                continue;
            }
            let Some(data_start) = entry.data_start() else {
                problems.push(CollectionProblem::new(
                    "bundle",
                    name,
                    "cannot be read from the archive: its data could not be located",
                ));
                continue;
            };
            total = total.saturating_add(entry.size());
            if total > max_uncompressed {
                return Err(ZipError::TooLarge {
                    path: shown,
                    limit: max_uncompressed,
                });
            }
            entries.push(Entry {
                path: name,
                data_start,
                compressed_size: entry.compressed_size(),
                method: entry.compression(),
            });
        }
        let prefix = common_top_directory(entries.iter().map(|entry| entry.path.as_str()), roots);
        if let Some(prefix) = &prefix {
            for entry in &mut entries {
                if let Some(relative) = entry.path.strip_prefix(prefix.as_str()) {
                    entry.path = relative.to_owned();
                }
            }
        }
        entries.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self {
            archive: path.to_path_buf(),
            entries,
            problems,
        })
    }

    /// Entries that were refused or could not be read.
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }

    fn entry(&self, path: &str) -> Option<&Entry> {
        self.entries
            .binary_search_by(|entry| entry.path.as_str().cmp(path))
            .ok()
            .map(|index| &self.entries[index])
    }
}

/// `dir/` when every entry sits under the same top directory and that directory is none of the
/// bundle's own `roots`, as when a bundle directory was zipped with its name.
fn common_top_directory<'a>(
    mut names: impl Iterator<Item = &'a str>,
    roots: &[&str],
) -> Option<String> {
    let first = names.next()?;
    let (top, _) = first.split_once('/')?;
    if roots.contains(&top) {
        return None;
    }
    let prefix = format!("{top}/");
    names
        .all(|name| name.starts_with(&prefix))
        .then_some(prefix)
}

impl ArtifactSource for ZipArtifacts {
    fn paths(&self) -> Vec<String> {
        self.entries
            .iter()
            .map(|entry| entry.path.clone())
            .collect()
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        let Some(entry) = self.entry(path) else {
            return Err(ArtifactError::NotFound {
                path: path.to_owned(),
            });
        };
        let unreadable = |message: String| ArtifactError::Unreadable {
            path: path.to_owned(),
            message,
        };
        let mut file =
            std::fs::File::open(&self.archive).map_err(|error| unreadable(error.to_string()))?;
        file.seek(SeekFrom::Start(entry.data_start))
            .map_err(|error| unreadable(error.to_string()))?;
        let data = BufReader::new(file).take(entry.compressed_size);
        match entry.method {
            CompressionMethod::Stored => Ok(Box::new(data)),
            CompressionMethod::Deflated => Ok(Box::new(BufReader::new(
                flate2::bufread::DeflateDecoder::new(data),
            ))),
            other => Err(unreadable(format!(
                "cannot be read from the archive: compressed with {other}, which is not supported"
            ))),
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.entry(path).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_one_top_directory_only() {
        let roots = ["mac", "graph"];
        let names = ["bundle/manifest.yaml", "bundle/mac/jamf.log"];
        assert_eq!(
            common_top_directory(names.into_iter(), &roots),
            Some("bundle/".to_owned())
        );
        let names = ["mac/jamf.log", "mac/sw_vers.txt"];
        assert_eq!(common_top_directory(names.into_iter(), &roots), None);
        let names = ["bundle/manifest.yaml", "other/mac/jamf.log"];
        assert_eq!(common_top_directory(names.into_iter(), &roots), None);
    }
}
