//! A bundle that is a directory on disk.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource, CollectionProblem};

/// The artifacts of a bundle directory, addressed by `/`-separated paths relative to its root.
///
/// Symbolic links are not followed: a path is only served if it was found as a regular file by
/// walking the directory, and the file is opened without following a link in its last component
/// and checked, once open, to be a regular file, so that a file swapped for a link (or a FIFO)
/// between listing and reading is refused, not read.
#[derive(Debug, Clone)]
pub struct DirArtifacts {
    root: PathBuf,
    paths: Vec<String>,
    refused: Vec<CollectionProblem>,
}

impl DirArtifacts {
    /// Lists the bundle under `root`.
    ///
    /// # Errors
    /// The I/O error met reading `root` itself; unreadable subdirectories are skipped.
    pub fn open(root: impl AsRef<Path>) -> std::io::Result<Self> {
        let root = root.as_ref().to_path_buf();
        let mut walked = Walk::default();
        walk(&root, "", &mut walked, true)?;
        walked.paths.sort();
        walked.refused.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(Self {
            root,
            paths: walked.paths,
            refused: walked.refused,
        })
    }

    /// The entries that were refused: symbolic links and files that are not regular files
    /// (FIFOs, sockets, devices), each a problem naming it.
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.refused
    }

    /// The directory this bundle is in.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// What walking a bundle directory found.
#[derive(Default)]
struct Walk {
    paths: Vec<String>,
    refused: Vec<CollectionProblem>,
}

fn walk(dir: &Path, prefix: &str, out: &mut Walk, top: bool) -> std::io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) if top => return Err(error),
        Err(_) => return Ok(()),
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let relative = if prefix.is_empty() {
            name
        } else {
            format!("{prefix}/{name}")
        };
        if kind.is_dir() {
            walk(&entry.path(), &relative, out, false)?;
        } else if kind.is_file() {
            out.paths.push(relative);
        } else {
            let what = if kind.is_symlink() {
                "a symbolic link"
            } else {
                "not a regular file"
            };
            out.refused.push(CollectionProblem::new(
                "bundle",
                relative,
                format!("refused: it is {what}"),
            ));
        }
    }
    Ok(())
}

impl ArtifactSource for DirArtifacts {
    fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        if !self.contains(path) {
            return Err(ArtifactError::NotFound {
                path: path.to_owned(),
            });
        }
        let unreadable = |message: String| ArtifactError::Unreadable {
            path: path.to_owned(),
            message,
        };
        let file = open_no_follow(&self.root.join(path)).map_err(|error| {
            unreadable(if is_link_refusal(&error) {
                "refused: it is a symbolic link".to_owned()
            } else {
                error.to_string()
            })
        })?;
        let metadata = file
            .metadata()
            .map_err(|error| unreadable(error.to_string()))?;
        if !metadata.is_file() {
            return Err(unreadable("refused: it is not a regular file".to_owned()));
        }
        Ok(Box::new(BufReader::new(file)))
    }

    fn contains(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|candidate| candidate.as_str().cmp(path))
            .is_ok()
    }
}

/// Opens a file named on the command line (an evidence file, a rule file) the way bundle files
/// are opened: without following a symbolic link in its last component, without blocking on a
/// FIFO, and checked once open to be a regular file.
///
/// # Errors
/// The I/O error; a link or a file that is not a regular file (a FIFO, a socket, a device) is an
/// [`std::io::ErrorKind::InvalidInput`] error saying so.
pub fn open_regular_file(path: &Path) -> std::io::Result<File> {
    let refused = |what: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("refused: it is {what}"),
        )
    };
    let file = open_no_follow(path).map_err(|error| {
        if is_link_refusal(&error) {
            refused("a symbolic link")
        } else {
            error
        }
    })?;
    if !file.metadata()?.is_file() {
        return Err(refused(
            "not a regular file (a FIFO, a socket or a device is never read)",
        ));
    }
    Ok(file)
}

/// Opens `path` for reading without following a symbolic link in its last component (and,
/// on Unix, without blocking on a FIFO: the handle is checked to be a regular file after).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

/// Opens `path` for reading after checking that it is not a symbolic link.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::Error::other("refused: it is a symbolic link"));
    }
    File::open(path)
}

/// Whether opening failed because the path is a symbolic link (`ELOOP` with `O_NOFOLLOW`).
fn is_link_refusal(error: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        error.raw_os_error() == Some(libc::ELOOP)
    }
    #[cfg(not(unix))]
    {
        error.to_string().contains("symbolic link")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_reads_an_example_bundle() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/bundles/healthy");
        let bundle = DirArtifacts::open(&root).expect("example bundle");
        assert!(bundle.contains("mac/jamf.log"));
        assert!(
            bundle
                .paths()
                .iter()
                .any(|p| p.starts_with("graph/licenseDetails/"))
        );
        assert!(bundle.open("manifest.yaml").is_ok());
        assert!(bundle.problems().is_empty());
        assert!(matches!(
            bundle.open("../Cargo.toml"),
            Err(ArtifactError::NotFound { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_swapped_for_a_link_after_listing_is_refused() {
        let dir = std::env::temp_dir().join(format!("jamf-triage-swap-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("mac")).expect("temporary bundle");
        std::fs::write(dir.join("mac/jamf.log"), "log\n").expect("log");
        std::os::unix::fs::symlink("/etc/hostname", dir.join("mac/sw_vers.txt")).expect("link");
        let bundle = DirArtifacts::open(&dir).expect("bundle");
        assert_eq!(bundle.paths(), ["mac/jamf.log"]);
        let refused: Vec<_> = bundle
            .problems()
            .iter()
            .map(|p| (p.path.as_str(), p.message.as_str()))
            .collect();
        assert_eq!(
            refused,
            [("mac/sw_vers.txt", "refused: it is a symbolic link")]
        );
        assert!(bundle.contains("mac/jamf.log"));
        std::fs::remove_file(dir.join("mac/jamf.log")).expect("remove");
        std::os::unix::fs::symlink("/etc/hostname", dir.join("mac/jamf.log")).expect("link");
        let error = bundle.open("mac/jamf.log").err().expect("refused");
        assert!(error.to_string().contains("symbolic link"), "{error}");
        std::fs::remove_file(dir.join("mac/jamf.log")).expect("remove link");
        // A FIFO in its place is refused without blocking (mkfifo(1) keeps this crate safe code).
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("mac/jamf.log"))
            .status()
            .is_ok_and(|status| status.success());
        if made {
            let error = bundle.open("mac/jamf.log").err().expect("refused");
            assert!(error.to_string().contains("not a regular file"), "{error}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
