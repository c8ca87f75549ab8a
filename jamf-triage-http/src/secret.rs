//! Secrets (client secrets, passwords, tokens) that never print.

use std::path::Path;

/// A secret value. It has no `Display`, its `Debug` prints `Secret(<redacted>)`, and it is not
/// serializable: the only way to the text is [`Secret::expose`], called where the secret is
/// sent.
///
/// Read it from an environment variable or a file, never from a command-line argument (those
/// show in `ps`).
///
/// ```
/// use jamf_triage_http::Secret;
/// let secret = Secret::new("canary-123");
/// assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
/// assert_eq!(secret.redact("echo canary-123"), "echo <redacted>");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

/// Why a secret could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SecretError {
    /// The environment variable is not set, or is not valid UTF-8.
    #[error("environment variable {name} is not set (or not valid UTF-8)")]
    MissingVariable {
        /// The variable's name.
        name: String,
    },
    /// The file cannot be read.
    #[error("cannot read the secret file {path}: {source}")]
    File {
        /// The file's path.
        path: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The variable or file holds nothing but white space.
    #[error("{origin} is empty")]
    Empty {
        /// Which variable or file.
        origin: String,
    },
}

impl Secret {
    /// A secret from a value in memory.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret in environment variable `name` (surrounding white space removed).
    ///
    /// # Errors
    /// [`SecretError::MissingVariable`] when it is not set, [`SecretError::Empty`] when blank.
    pub fn from_env(name: &str) -> Result<Self, SecretError> {
        let value = std::env::var(name).map_err(|_| SecretError::MissingVariable {
            name: name.to_owned(),
        })?;
        Self::non_empty(value, || format!("environment variable {name}"))
    }

    /// The secret in a file: its text without the final line break and surrounding white space.
    ///
    /// # Errors
    /// [`SecretError::File`] when it cannot be read, [`SecretError::Empty`] when blank.
    pub fn from_file(path: &Path) -> Result<Self, SecretError> {
        let value = std::fs::read_to_string(path).map_err(|source| SecretError::File {
            path: path.display().to_string(),
            source,
        })?;
        Self::non_empty(value, || format!("secret file {}", path.display()))
    }

    fn non_empty(value: String, origin: impl FnOnce() -> String) -> Result<Self, SecretError> {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            Err(SecretError::Empty { origin: origin() })
        } else {
            Ok(Self(trimmed.to_owned()))
        }
    }

    /// The secret's text, to send it where it belongs. Never log or store what this returns.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the secret replaced by `<redacted>` (for messages built
    /// from what a server answered).
    pub fn redact(&self, text: &str) -> String {
        if self.0.is_empty() {
            text.to_owned()
        } else {
            text.replace(&self.0, "<redacted>")
        }
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_files_without_the_line_break_and_refuses_blank_ones() -> Result<(), SecretError> {
        let dir = std::env::temp_dir().join(format!("jamf-triage-secret-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|source| SecretError::File {
            path: "dir".into(),
            source,
        })?;
        let file = dir.join("secret");
        std::fs::write(&file, "s3cret\n").map_err(|source| SecretError::File {
            path: "f".into(),
            source,
        })?;
        assert_eq!(Secret::from_file(&file)?.expose(), "s3cret");
        std::fs::write(&file, " \n").map_err(|source| SecretError::File {
            path: "f".into(),
            source,
        })?;
        assert!(matches!(
            Secret::from_file(&file),
            Err(SecretError::Empty { .. })
        ));
        assert!(matches!(
            Secret::from_file(&dir.join("missing")),
            Err(SecretError::File { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn a_missing_variable_is_named() {
        let error = Secret::from_env("JAMF_TRIAGE_TEST_NO_SUCH_VARIABLE").err();
        assert_eq!(
            error.map(|e| e.to_string()).as_deref(),
            Some(
                "environment variable JAMF_TRIAGE_TEST_NO_SUCH_VARIABLE is not set (or not valid UTF-8)"
            )
        );
    }
}
