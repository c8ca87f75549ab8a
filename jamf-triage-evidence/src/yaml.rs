//! The one place that reads and writes YAML documents with `serde_yaml` (evidence files, bundle
//! manifests and contexts; the engine's rule loader takes its errors from here), so that the YAML
//! library can be replaced here alone.

use serde::{Serialize, de::DeserializeOwned};

/// The error of `serde_yaml`, with its position apart from its message (the engine's rule
/// loader places it in the rule file).
pub fn located(error: &serde_yaml::Error) -> YamlDocumentError {
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
    YamlDocumentError {
        message,
        line: location.as_ref().and_then(|l| u32::try_from(l.line()).ok()),
        column: location
            .as_ref()
            .and_then(|l| u32::try_from(l.column()).ok()),
    }
}

/// Deserializes YAML; the error is a message that names the position.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    from_yaml(text).map_err(|error| error.to_string())
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
/// let manifest: Manifest = jamf_triage_evidence::from_yaml("collected_at: 2024-06-03T14:20:00+02:00\n")?;
/// assert_eq!(manifest.collected_at, "2024-06-03T14:20:00+02:00");
/// # Ok::<(), jamf_triage_evidence::YamlDocumentError>(())
/// ```
///
/// # Errors
/// [`YamlDocumentError`] with the position of the first mistake.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlDocumentError> {
    serde_yaml::from_str(text).map_err(|error| located(&error))
}

/// Writes a value as a YAML document (the counterpart of [`from_yaml`]), for showing rule
/// entries and conditions the way rule authors write them.
///
/// # Errors
/// The serializer's message, when the value cannot be written as YAML.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    to_string(value)
}
