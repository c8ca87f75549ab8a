//! The one place that uses `serde_yaml`, so that the YAML library can be replaced here alone.

use serde::{Serialize, de::DeserializeOwned};

/// A YAML error with its 1-based position, when the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(line), Some(column)) => write!(f, "{line}:{column}: {}", self.message),
            _ => f.write_str(&self.message),
        }
    }
}

fn located(error: &serde_yaml::Error) -> YamlError {
    let location = error.location();
    let message = error.to_string();
    // serde_yaml appends " at line L column C" (the position, reported separately), and may go
    // on with ", while parsing a flow mapping at line L column C", which is worth keeping.
    let message = match message.find(" at line ") {
        Some(index) => {
            let context = message[index..]
                .find(", while ")
                .map(|at| &message[index + at..]);
            format!("{}{}", &message[..index], context.unwrap_or_default())
        }
        None => message,
    };
    YamlError {
        message,
        line: location.as_ref().and_then(|l| u32::try_from(l.line()).ok()),
        column: location
            .as_ref()
            .and_then(|l| u32::try_from(l.column()).ok()),
    }
}

/// Deserializes YAML, reporting the first error with its position.
pub(crate) fn from_str_located<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|error| located(&error))
}

/// Deserializes YAML; the error is a message that names the position.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    from_str_located(text).map_err(|error| error.to_string())
}

/// Serializes to YAML.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|error| error.to_string())
}

/// Why a YAML document could not be read, with its 1-based position when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", located_message(.line, .column, .message))]
pub struct YamlDocumentError {
    /// What was wrong or expected.
    pub message: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
}

fn located_message(line: &Option<u32>, column: &Option<u32>, message: &str) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("{line}:{column}: {message}"),
        _ => message.to_owned(),
    }
}

/// Reads a YAML document into `T`: the entry point for crates of the workspace that read YAML
/// (bundle manifests and contexts), so that the YAML library is used in this module alone.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Manifest { collected_at: String }
/// let manifest: Manifest = jamf_triage_core::from_yaml("collected_at: 2024-06-03T14:20:00+02:00\n")?;
/// assert_eq!(manifest.collected_at, "2024-06-03T14:20:00+02:00");
/// # Ok::<(), jamf_triage_core::YamlDocumentError>(())
/// ```
///
/// # Errors
/// [`YamlDocumentError`] with the position of the first mistake.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlDocumentError> {
    from_str_located(text).map_err(|error| YamlDocumentError {
        message: error.message,
        line: error.line,
        column: error.column,
    })
}

/// Writes a value as a YAML document (the counterpart of [`from_yaml`]), for showing rule
/// entries and conditions the way rule authors write them.
///
/// # Errors
/// The serializer's message, when the value cannot be written as YAML.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    to_string(value)
}

pub(crate) mod index;
pub(crate) mod rules;
