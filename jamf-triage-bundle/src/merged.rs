//! Several bundles read as one: the union of their artifacts, the first bundle given winning a
//! path that several hold.

use jamf_triage_evidence::{ArtifactError, ArtifactReader, ArtifactSource, CollectionProblem};

/// The artifacts of several bundles of the same Mac, in the order given.
pub struct MergedArtifacts {
    sources: Vec<Box<dyn ArtifactSource>>,
    problems: Vec<CollectionProblem>,
}

impl std::fmt::Debug for MergedArtifacts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MergedArtifacts")
            .field("bundles", &self.sources.len())
            .field("problems", &self.problems)
            .finish()
    }
}

/// Paths every bundle may have without clashing: the first bundle's is read.
const SHARED: &[&str] = &[crate::MANIFEST_PATH, "context.yaml"];

impl MergedArtifacts {
    /// The union of `sources`; a path that several hold (other than the manifest and the
    /// context, which are the first bundle's) is read from the first and is a problem.
    pub fn new(sources: Vec<Box<dyn ArtifactSource>>) -> Self {
        let mut seen: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
        let mut problems = Vec::new();
        for (index, source) in sources.iter().enumerate() {
            for path in source.paths() {
                match seen.get(&path) {
                    Some(first) if !SHARED.contains(&path.as_str()) => {
                        problems.push(CollectionProblem::new(
                            "bundle",
                            path.clone(),
                            format!(
                                "bundles {} and {} both hold this file; it was read from bundle {}",
                                first + 1,
                                index + 1,
                                first + 1
                            ),
                        ));
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(path, index);
                    }
                }
            }
        }
        Self { sources, problems }
    }

    /// Paths that several bundles hold.
    pub fn problems(&self) -> &[CollectionProblem] {
        &self.problems
    }
}

impl ArtifactSource for MergedArtifacts {
    fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .sources
            .iter()
            .flat_map(|source| source.paths())
            .collect();
        paths.sort_unstable();
        paths.dedup();
        paths
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        match self.sources.iter().find(|source| source.contains(path)) {
            Some(source) => source.open(path),
            None => Err(ArtifactError::NotFound {
                path: path.to_owned(),
            }),
        }
    }

    fn contains(&self, path: &str) -> bool {
        self.sources.iter().any(|source| source.contains(path))
    }
}
