//! A bundle that is a `.zip` of a bundle directory.
//!
//! Only the archive's directory is read when it is opened: each artifact is inflated as it is
//! read, from its own handle on the archive, so that memory does not grow with the archive.
//! Entries whose names would escape the bundle root are refused, and the total uncompressed size
//! the directory declares is capped; each artifact's own size limit is enforced by its reader.
//!
//! Entry names are normalised (`mac/./sw_vers.txt` and `mac//sw_vers.txt` are `mac/sw_vers.txt`):
//! a name that had to be normalised is listed as a problem, and a name that two entries share
//! once normalised is read from neither, so that no entry silently replaces another. An entry
//! that declares it inflates more than [`MAX_RATIO`] times its compressed size (past
//! [`RATIO_FLOOR`] bytes) is refused as a problem, and no entry is inflated past the size the
//! archive's directory declares for it.

use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource, CollectionProblem};
use zip::CompressionMethod;

/// The default cap on the total uncompressed size of a zipped bundle: 1 GiB.
pub const DEFAULT_MAX_UNCOMPRESSED: u64 = 1 << 30;

/// The largest ratio of uncompressed to compressed size an entry may declare. Deflate reaches
/// about 1030 on repeated bytes and about 145 on one log line repeated; real logs, whose lines
/// carry their own times, rarely pass 30.
pub const MAX_RATIO: u64 = 100;

/// Entries up to this uncompressed size are never refused for their ratio: 1 MiB.
pub const RATIO_FLOOR: u64 = 1 << 20;

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
    size: u64,
    method: CompressionMethod,
    /// The name as the archive spells it.
    raw: String,
    /// Whether the name had empty or `.` segments.
    aliased: bool,
    /// How many entries of the archive's directory have exactly this name (the zip reader keeps
    /// one of them).
    copies: usize,
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
        let exact_duplicates = if archive.has_duplicate_names() {
            names_in_directory(path, archive.central_directory_start(), archive.len())
        } else {
            std::collections::HashMap::new()
        };
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
            let Some(name) = normalise(&raw_name) else {
                problems.push(CollectionProblem::new(
                    "bundle",
                    raw_name,
                    "refused: the entry's path is absolute or escapes the bundle root",
                ));
                continue;
            };
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
            if entry.size() > RATIO_FLOOR
                && entry.size() / entry.compressed_size().max(1) > MAX_RATIO
            {
                problems.push(CollectionProblem::new(
                    "bundle",
                    name,
                    format!(
                        "refused: the entry inflates from {} to {} bytes, more than {MAX_RATIO} times its compressed size",
                        entry.compressed_size(),
                        entry.size()
                    ),
                ));
                continue;
            }
            total = total.saturating_add(entry.size());
            if total > max_uncompressed {
                return Err(ZipError::TooLarge {
                    path: shown,
                    limit: max_uncompressed,
                });
            }
            let aliased = name != raw_name.replace('\\', "/");
            let copies = exact_duplicates.get(entry.name_raw()).copied().unwrap_or(1);
            entries.push(Entry {
                path: name,
                data_start,
                compressed_size: entry.compressed_size(),
                size: entry.size(),
                method: entry.compression(),
                aliased,
                copies,
                raw: raw_name,
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
        entries.sort_by(|a, b| a.path.cmp(&b.path).then_with(|| a.raw.cmp(&b.raw)));
        let entries = without_duplicates(entries, &mut problems);
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

/// The entry name with `\\` as `/` and empty and `.` segments dropped, or `None` when it is
/// absolute, names a drive, or has a `..` segment.
fn normalise(raw: &str) -> Option<String> {
    let unified = raw.replace('\\', "/");
    if unified.starts_with('/') || unified.get(1..2) == Some(":") {
        return None;
    }
    let mut segments = Vec::new();
    for segment in unified.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            other if other.contains('\0') => return None,
            other => segments.push(other),
        }
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

/// The entries (sorted by path) with every name that several entries share removed, each such
/// name a problem listing how the archive spells it; an entry whose name had to be normalised is
/// kept, and listed as a problem too.
fn without_duplicates(entries: Vec<Entry>, problems: &mut Vec<CollectionProblem>) -> Vec<Entry> {
    let mut kept: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut iter = entries.into_iter().peekable();
    while let Some(entry) = iter.next() {
        let mut same = vec![entry];
        while let Some(next) = iter.next_if(|next| next.path == same[0].path) {
            same.push(next);
        }
        let copies: usize = same.iter().map(|entry| entry.copies).sum();
        if copies > 1 {
            let spelt: Vec<String> = same
                .iter()
                .flat_map(|entry| std::iter::repeat_n(format!("`{}`", entry.raw), entry.copies))
                .collect();
            problems.push(CollectionProblem::new(
                "bundle",
                same[0].path.clone(),
                format!(
                    "refused: the archive holds {copies} entries with this name ({}); none was read",
                    spelt.join(", ")
                ),
            ));
            continue;
        }
        let entry = same.remove(0);
        if entry.aliased {
            problems.push(CollectionProblem::new(
                "bundle",
                entry.path.clone(),
                format!(
                    "the archive spells this entry `{}`; it was read as `{}`",
                    entry.raw, entry.path
                ),
            ));
        }
        kept.push(entry);
    }
    kept
}

/// How many times each name that appears more than once appears in the archive's central
/// directory, read from its headers (APPNOTE 4.3.12: 46 fixed bytes, then the name, the extra
/// field and the comment), which the zip reader collapses to one entry per name. Reading stops
/// at the first header that does not read, and after 64 times as many headers as the reader kept
/// names.
fn names_in_directory(
    path: &Path,
    start: u64,
    kept: usize,
) -> std::collections::HashMap<Vec<u8>, usize> {
    let mut counts: std::collections::HashMap<Vec<u8>, usize> = std::collections::HashMap::new();
    let Ok(mut file) = std::fs::File::open(path) else {
        return counts;
    };
    if file.seek(SeekFrom::Start(start)).is_err() {
        return counts;
    }
    let mut reader = BufReader::new(file);
    let most = kept.saturating_mul(64).max(1 << 16);
    for _ in 0..most {
        let mut header = [0u8; 46];
        if reader.read_exact(&mut header).is_err() || header[..4] != [0x50, 0x4b, 0x01, 0x02] {
            break;
        }
        let length = |at: usize| usize::from(u16::from_le_bytes([header[at], header[at + 1]]));
        let mut name = vec![0u8; length(28)];
        if reader.read_exact(&mut name).is_err() {
            break;
        }
        let skip = (length(30) + length(32)) as u64;
        if std::io::copy(&mut (&mut reader).take(skip), &mut std::io::sink()).is_err() {
            break;
        }
        *counts.entry(name).or_default() += 1;
    }
    counts.retain(|_, count| *count > 1);
    counts
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
            CompressionMethod::Stored => Ok(Box::new(Declared::new(data, path, entry.size))),
            CompressionMethod::Deflated => Ok(Box::new(Declared::new(
                BufReader::new(flate2::bufread::DeflateDecoder::new(data)),
                path,
                entry.size,
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

/// A reader that fails once an entry gives more bytes than the archive's directory declares
/// for it (a directory that lies about sizes does not get past its own total cap).
struct Declared<R> {
    inner: R,
    path: String,
    declared: u64,
    read: u64,
}

impl<R> Declared<R> {
    fn new(inner: R, path: &str, declared: u64) -> Self {
        Self {
            inner,
            path: path.to_owned(),
            declared,
            read: 0,
        }
    }
}

impl<R: Read> Read for Declared<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let room = usize::try_from((self.declared + 1).saturating_sub(self.read))
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let count = self.inner.read(&mut buf[..room])?;
        self.read += count as u64;
        if self.read > self.declared {
            return Err(std::io::Error::other(ArtifactError::Unreadable {
                path: self.path.clone(),
                message: format!(
                    "refused: the entry inflates past the {} bytes the archive declares for it",
                    self.declared
                ),
            }));
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_normalised() {
        assert_eq!(
            normalise("mac/./sw_vers.txt").as_deref(),
            Some("mac/sw_vers.txt")
        );
        assert_eq!(normalise("mac//jamf.log").as_deref(), Some("mac/jamf.log"));
        assert_eq!(normalise("mac\\jamf.log").as_deref(), Some("mac/jamf.log"));
        assert_eq!(normalise("mac/../../etc/passwd"), None);
        assert_eq!(normalise("/etc/passwd"), None);
        assert_eq!(normalise("C:/x"), None);
        assert_eq!(normalise("./"), None);
    }

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
