//! `manifest.yaml`: when the bundle was collected, by what, and what it holds.

use indexmap::IndexMap;
use serde::Deserialize;

/// The bundle's manifest. Unknown keys are kept out of the way (later collectors may add some).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Manifest {
    /// RFC 3339 with offset: the time of collection, and the offset of the Mac's local time.
    #[serde(default)]
    pub collected_at: Option<String>,
    /// The tool that wrote the bundle.
    #[serde(default)]
    pub collected_by: Option<String>,
    /// Collector name → version.
    #[serde(default)]
    pub collectors: IndexMap<String, String>,
    /// Bundle-relative paths of the artifacts collected.
    #[serde(default)]
    pub collected: Vec<String>,
}
