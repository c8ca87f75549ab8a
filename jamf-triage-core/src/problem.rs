//! A mistake found in a rule file before it is given a place: the YAML path of the field and
//! which part of it to point at. The pack turns it into a located [`crate::RuleError`].

use crate::RuleErrorKind;
use crate::yaml::index::Position;

/// Which part of the node at a path an error points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    /// The key of the mapping entry (`fcat` in `fcat: x`).
    Key,
    /// The value.
    Value,
    /// A span inside the value's text (a regex error's place): character offset and width,
    /// and the length of the whole text (to tell whether the source writes it verbatim).
    Inside { offset: u32, width: u32, len: u32 },
    /// A position known without the index (a YAML syntax error).
    At(Position),
}

/// An unlocated rule error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    pub file: usize,
    pub path: String,
    pub anchor: Anchor,
    pub kind: RuleErrorKind,
    pub message: String,
    pub suggestion: Option<String>,
    pub help: Option<String>,
}

impl Problem {
    /// A problem with the value at `path` of file number `file`.
    pub fn new(
        file: usize,
        path: impl Into<String>,
        kind: RuleErrorKind,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file,
            path: path.into(),
            anchor: Anchor::Value,
            kind,
            message: message.into(),
            suggestion: None,
            help: None,
        }
    }

    /// Points at the key instead of the value.
    #[must_use]
    pub fn at_key(mut self) -> Self {
        self.anchor = Anchor::Key;
        self
    }

    /// Points at a given anchor.
    #[must_use]
    pub fn at(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    /// Adds a "did you mean" word.
    #[must_use]
    pub fn suggest(mut self, suggestion: Option<&str>) -> Self {
        self.suggestion = suggestion.map(str::to_owned);
        self
    }

    /// Adds a hint.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
