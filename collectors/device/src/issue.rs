//! What a parser could not read: plain data, turned into a
//! [`CollectionProblem`](jamf_triage_evidence::CollectionProblem) for the artifact it came from.

/// Something wrong in an artifact, at one line or in the artifact as a whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Issue {
    /// The 1-based line, when the issue is one line.
    pub line: Option<u32>,
    /// What was wrong, in plain words.
    pub message: String,
}

impl Issue {
    /// An issue with the artifact as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Self {
            line: None,
            message: message.into(),
        }
    }

    /// An issue at one line.
    pub fn at(line: u32, message: impl Into<String>) -> Self {
        Self {
            line: Some(line),
            message: message.into(),
        }
    }
}
