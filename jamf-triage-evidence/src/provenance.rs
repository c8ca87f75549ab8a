//! Where a fact came from: the collector, the artifact, and the place inside it.

use serde::{Deserialize, Serialize};

/// The origin of a fact: which collector produced it, from which artifact, and where in it.
///
/// `artifact` is a bundle-relative path (`mac/jamf.log`), an API endpoint or a command line.
/// `line` is 1-based; `pointer` is a JSON pointer or property-list key path
/// (`/results/3/general/lastContactTime`, `last_aad_token_timestamp`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The collector that produced the fact (`device`, `jamf-pro`, `graph`, `context`).
    pub collector: String,
    /// The artifact the fact was read from.
    pub artifact: String,
    /// The 1-based line in the artifact, where the fact comes from one line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// A JSON pointer or key path inside a structured artifact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pointer: Option<String>,
}

impl Provenance {
    /// A provenance naming only the collector and the artifact.
    pub fn new(collector: impl Into<String>, artifact: impl Into<String>) -> Self {
        Self {
            collector: collector.into(),
            artifact: artifact.into(),
            line: None,
            pointer: None,
        }
    }

    /// The same provenance, pointing at one line.
    #[must_use]
    pub fn at_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }

    /// The same provenance, pointing at a JSON pointer or key path.
    #[must_use]
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }
}

impl std::fmt::Display for Provenance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.artifact)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(pointer) = &self.pointer {
            write!(f, " {pointer}")?;
        }
        write!(f, " ({})", self.collector)
    }
}
