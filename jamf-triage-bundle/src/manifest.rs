//! `manifest.yaml`: when the bundle was collected, by what, and what it holds.

use indexmap::IndexMap;
use jamf_triage_evidence::CollectionFailure;
use serde::{Deserialize, Serialize};

/// The bundle's manifest. Unknown keys are kept out of the way (later collectors may add some).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
pub struct Manifest {
    /// RFC 3339 with offset: the time of collection, and the offset of the Mac's local time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_at: Option<String>,
    /// The tool that wrote the bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collected_by: Option<String>,
    /// Source name → version.
    #[serde(default)]
    pub collectors: IndexMap<String, String>,
    /// Bundle-relative paths of the artifacts collected.
    #[serde(default)]
    pub collected: Vec<String>,
    /// What live collection could not collect, and why (`{source, path, message}`); each
    /// becomes a collection problem of the diagnosis.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failed: Vec<CollectionFailure>,
    /// The collection was interrupted (Ctrl-C, `SIGTERM`) before every source finished: what
    /// is missing is in `failed`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}
