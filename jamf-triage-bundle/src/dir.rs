//! A bundle that is a directory on disk.

use std::path::{Path, PathBuf};

use jamf_triage_core::{ArtifactError, ArtifactSource};

/// The artifacts of a bundle directory, addressed by `/`-separated paths relative to its root.
///
/// Symbolic links are not followed out of the bundle: a path is only served if it was found by
/// walking the directory.
#[derive(Debug, Clone)]
pub struct DirArtifacts {
    root: PathBuf,
    paths: Vec<String>,
}

impl DirArtifacts {
    /// Lists the bundle under `root`.
    ///
    /// # Errors
    /// The I/O error met reading `root` itself; unreadable subdirectories are skipped.
    pub fn open(root: impl AsRef<Path>) -> std::io::Result<Self> {
        let root = root.as_ref().to_path_buf();
        let mut paths = Vec::new();
        walk(&root, "", &mut paths, true)?;
        paths.sort();
        Ok(Self { root, paths })
    }

    /// The directory this bundle is in.
    pub fn root(&self) -> &Path {
        &self.root
    }
}

fn walk(dir: &Path, prefix: &str, out: &mut Vec<String>, top: bool) -> std::io::Result<()> {
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
            out.push(relative);
        }
    }
    Ok(())
}

impl ArtifactSource for DirArtifacts {
    fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, ArtifactError> {
        if self
            .paths
            .binary_search_by(|candidate| candidate.as_str().cmp(path))
            .is_err()
        {
            return Err(ArtifactError::NotFound {
                path: path.to_owned(),
            });
        }
        std::fs::read(self.root.join(path)).map_err(|error| ArtifactError::Unreadable {
            path: path.to_owned(),
            message: error.to_string(),
        })
    }

    fn contains(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|candidate| candidate.as_str().cmp(path))
            .is_ok()
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
        assert!(bundle.read("manifest.yaml").is_ok());
        assert!(matches!(
            bundle.read("../Cargo.toml"),
            Err(ArtifactError::NotFound { .. })
        ));
    }
}
