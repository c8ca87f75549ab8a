//! A view of some of a bundle's artifacts: what one Mac's collection may see.

use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource};

/// The artifacts of `inner` whose paths are in `paths` (sorted), and no others.
pub(crate) struct View<'a> {
    inner: &'a dyn ArtifactSource,
    paths: Vec<String>,
}

impl<'a> View<'a> {
    /// The artifacts of `inner` at `paths`.
    pub(crate) fn new(inner: &'a dyn ArtifactSource, mut paths: Vec<String>) -> Self {
        paths.sort_unstable();
        paths.dedup();
        Self { inner, paths }
    }
}

impl ArtifactSource for View<'_> {
    fn paths(&self) -> Vec<String> {
        self.paths.clone()
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        if !self.contains(path) {
            return Err(ArtifactError::NotFound {
                path: path.to_owned(),
            });
        }
        self.inner.open(path)
    }

    fn contains(&self, path: &str) -> bool {
        self.paths
            .binary_search_by(|candidate| candidate.as_str().cmp(path))
            .is_ok()
    }
}

/// Where a bundle keeps the Macs' own artifacts: the one-Mac layout's paths (`mac/jamf.log`) and
/// each `mac/<serial>/` folder's.
#[derive(Debug, Default)]
pub(crate) struct MacFolders {
    /// The paths of the one-Mac layout.
    pub(crate) direct: Vec<String>,
    /// The paths under each `mac/<serial>/` folder, by serial (upper case): the folder's own
    /// name and its paths.
    pub(crate) by_serial: std::collections::BTreeMap<String, (String, Vec<String>)>,
}

impl MacFolders {
    /// Sorts `paths` under `folder` (`mac/`) into the one-Mac layout (the paths `direct` says
    /// belong to it) and the per-serial folders.
    pub(crate) fn new(paths: &[String], folder: &str, direct: impl Fn(&str) -> bool) -> Self {
        let mut folders = Self::default();
        for path in paths {
            let Some(rest) = path.strip_prefix(folder) else {
                continue;
            };
            if direct(path) {
                folders.direct.push(path.clone());
                continue;
            }
            let Some((dir, _)) = rest.split_once('/') else {
                folders.direct.push(path.clone());
                continue;
            };
            folders
                .by_serial
                .entry(dir.trim().to_ascii_uppercase())
                .or_insert_with(|| (dir.to_owned(), Vec::new()))
                .1
                .push(path.clone());
        }
        folders
    }
}
