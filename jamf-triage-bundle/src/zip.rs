//! A bundle that is a `.zip` of a bundle directory.
//!
//! The archive is read into memory once, with limits: entries whose names would escape the
//! bundle root are refused, and the total uncompressed size is capped, so that a hostile archive
//! cannot write outside the bundle or exhaust memory.

use std::io::Read;
use std::path::Path;

use jamf_triage_core::{ArtifactError, ArtifactSource, CollectionProblem, MemoryArtifacts};

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

/// The artifacts of a zipped bundle, held in memory, with the entries that were refused.
#[derive(Debug, Clone)]
pub struct ZipArtifacts {
    files: MemoryArtifacts,
    problems: Vec<CollectionProblem>,
}

impl ZipArtifacts {
    /// Reads the archive at `path` with the default size cap.
    ///
    /// # Errors
    /// [`ZipError`] when the file cannot be read, is not a zip, or is too large.
    pub fn open(path: impl AsRef<Path>) -> Result<Self, ZipError> {
        Self::open_with_limit(path, DEFAULT_MAX_UNCOMPRESSED)
    }

    /// Reads the archive at `path`, refusing it when its entries add up to more than
    /// `max_uncompressed` bytes.
    ///
    /// # Errors
    /// [`ZipError`] when the file cannot be read, is not a zip, or is too large.
    pub fn open_with_limit(
        path: impl AsRef<Path>,
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
            let mut entry = match archive.by_index(index) {
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
            let remaining = max_uncompressed.saturating_sub(total);
            let mut bytes = Vec::new();
            let read = (&mut entry)
                .take(remaining.saturating_add(1))
                .read_to_end(&mut bytes);
            match read {
                Ok(count) => {
                    total = total.saturating_add(count as u64);
                    if total > max_uncompressed {
                        return Err(ZipError::TooLarge {
                            path: shown,
                            limit: max_uncompressed,
                        });
                    }
                    entries.push((name, bytes));
                }
                Err(error) => problems.push(CollectionProblem::new(
                    "bundle",
                    name,
                    format!("cannot be read from the archive: {error}"),
                )),
            }
        }
        let prefix = common_top_directory(entries.iter().map(|(name, _)| name.as_str()));
        let mut files = MemoryArtifacts::new();
        for (name, bytes) in entries {
            let relative = match &prefix {
                Some(prefix) => name
                    .strip_prefix(prefix.as_str())
                    .unwrap_or(&name)
                    .to_owned(),
                None => name,
            };
            files.insert(relative, bytes);
        }
        Ok(Self { files, problems })
    }

    /// Entries that were refused or could not be read.
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }
}

/// `dir/` when every entry sits under the same top directory and none of them is a bundle file
/// at the top (`manifest.yaml`), as when a bundle directory was zipped with its name.
fn common_top_directory<'a>(mut names: impl Iterator<Item = &'a str>) -> Option<String> {
    let first = names.next()?;
    let (top, _) = first.split_once('/')?;
    let prefix = format!("{top}/");
    if matches!(top, "mac" | "graph" | "jamf-pro") {
        return None;
    }
    names
        .all(|name| name.starts_with(&prefix))
        .then_some(prefix)
}

impl ArtifactSource for ZipArtifacts {
    fn paths(&self) -> Vec<String> {
        self.files.paths()
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        self.files.read(path)
    }

    fn contains(&self, path: &str) -> bool {
        self.files.contains(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_one_top_directory_only() {
        let names = ["bundle/manifest.yaml", "bundle/mac/jamf.log"];
        assert_eq!(
            common_top_directory(names.into_iter()),
            Some("bundle/".to_owned())
        );
        let names = ["mac/jamf.log", "mac/sw_vers.txt"];
        assert_eq!(common_top_directory(names.into_iter()), None);
        let names = ["bundle/manifest.yaml", "other/mac/jamf.log"];
        assert_eq!(common_top_directory(names.into_iter()), None);
    }
}
