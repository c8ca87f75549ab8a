//! What can go wrong talking to a server. Messages name the method and URL, never a header, a
//! form body, a token or a secret.

use std::time::Duration;

/// What a request not made after an earlier failure of the same server says (the reason
/// follows), so that a program can say that reason once for all of them.
pub const NOT_TRIED: &str = "not tried after an earlier failure";

/// Why a request gave no usable answer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HttpError {
    /// No answer within the per-request timeout, on every attempt.
    #[error("{method} {url}: no answer within {timeout:?} (tried {attempts} time(s))")]
    Timeout {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The per-request timeout.
        timeout: Duration,
        /// How many attempts were made.
        attempts: u32,
    },
    /// The server cannot be reached (refused, reset, unknown host), on every attempt.
    #[error("{method} {url}: cannot reach the server: {message} (tried {attempts} time(s))")]
    Unreachable {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// What the connection said.
        message: String,
        /// How many attempts were made.
        attempts: u32,
    },
    /// Not tried: an earlier request to the same server could not reach it, or was refused
    /// its credentials.
    #[error("{url}: {} ({reason})", NOT_TRIED)]
    Skipped {
        /// The URL.
        url: String,
        /// The earlier error.
        reason: String,
    },
    /// The server answered with an error status (after the retries a retryable status gets).
    #[error("{method} {url}: HTTP {status}{}", detail_suffix(detail))]
    Status {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// The status code.
        status: u16,
        /// What the body said, shortened.
        detail: String,
    },
    /// The server refused the credentials.
    #[error(
        "{url}: authentication failed (HTTP {status}){}",
        detail_suffix(detail)
    )]
    Auth {
        /// The token endpoint (or the URL that answered `401`).
        url: String,
        /// The status code.
        status: u16,
        /// What the server said (`error`, `error_description`), shortened, secrets redacted.
        detail: String,
    },
    /// The answer is not the JSON expected.
    #[error("{url}: the answer is not the JSON expected: {message}")]
    Json {
        /// The URL.
        url: String,
        /// What is wrong with it.
        message: String,
    },
    /// Anything else (a malformed URL, a refused redirect, a body too large).
    #[error("{method} {url}: {message}")]
    Other {
        /// The method.
        method: &'static str,
        /// The URL.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl HttpError {
    /// Whether the server could not be reached at all (so later requests to it will fail too).
    /// A timeout is not: one slow answer says nothing of the next request.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Unreachable { .. } | Self::Skipped { .. })
    }

    /// The error for a token endpoint that refused the credentials: the OAuth `error` and
    /// `error_description` when the body has them (else the start of the body), with `secret`
    /// redacted from it.
    pub fn refused_credentials(
        url: &str,
        status: u16,
        body: &[u8],
        secret: &crate::Secret,
    ) -> Self {
        if !matches!(status, 400 | 401 | 403) {
            // Not a refusal of the credentials: there is no token endpoint at this URL (a wrong
            // path, a redirect to another scheme or host). Saying "authentication failed" would
            // send the admin to the wrong fix.
            let what = if (300..400).contains(&status) {
                "the server redirects instead of answering"
            } else {
                "no token endpoint answers at this URL"
            };
            return Self::Status {
                method: "POST",
                url: url.to_owned(),
                status,
                detail: format!(
                    "{what}; check the server's base URL (scheme https://, host, and no extra path)"
                ),
            };
        }
        #[derive(serde::Deserialize)]
        struct OAuthError {
            error: Option<String>,
            error_description: Option<String>,
        }
        let text = String::from_utf8_lossy(body);
        let detail = match serde_json::from_slice::<OAuthError>(body) {
            Ok(OAuthError {
                error: Some(error),
                error_description: Some(description),
            }) => {
                format!("{error}: {description}")
            }
            Ok(OAuthError {
                error: Some(error),
                error_description: None,
            }) => error,
            _ => text.into_owned(),
        };
        Self::Auth {
            url: url.to_owned(),
            status,
            detail: shorten(&secret.redact(&detail), 300),
        }
    }
}

fn detail_suffix(detail: &str) -> String {
    if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    }
}

/// At most `limit` characters of `text` on one line, for error messages.
pub(crate) fn shorten(text: &str, limit: usize) -> String {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= limit {
        one_line
    } else {
        let mut short: String = one_line.chars().take(limit).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_request_and_the_status() {
        let error = HttpError::Status {
            method: "GET",
            url: "http://127.0.0.1/x".into(),
            status: 404,
            detail: "not found".into(),
        };
        assert_eq!(
            error.to_string(),
            "GET http://127.0.0.1/x: HTTP 404: not found"
        );
        assert_eq!(shorten("a\n  b", 10), "a b");
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
