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
    // serde_yaml appends " at line L column C"; the position is reported separately.
    let message = match message.find(" at line ") {
        Some(index) => message[..index].to_owned(),
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

pub(crate) mod index;
pub(crate) mod rules;
