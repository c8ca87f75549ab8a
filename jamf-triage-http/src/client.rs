//! The blocking HTTP client: per-request timeouts, bounded retries with exponential backoff,
//! `Retry-After` honoured on `429` and `503`, and a server that keeps not answering given up at
//! once, so that an unresponsive server costs a collection about two timeouts, not one per
//! request.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine as _;
use tracing::{debug, info, warn};

use crate::error::shorten;
use crate::{HttpError, Secret};

/// How the client behaves. The defaults suit the Jamf Pro API and Microsoft Graph.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpConfig {
    /// The longest one request may take, connection and body included.
    pub timeout: Duration,
    /// The longest connecting may take.
    pub connect_timeout: Duration,
    /// How many times one request is tried at most (at least once).
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with every further retry.
    pub backoff: Duration,
    /// The longest wait between two attempts, `Retry-After` included.
    pub max_wait: Duration,
    /// The largest body accepted, in bytes.
    pub max_body: u64,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// After this many requests in a row that got no answer within the timeout (a timed-out
    /// attempt is tried once more, not `max_attempts` times), the server is taken as
    /// unresponsive: every later request to the same server (scheme, host and port) through this
    /// client or its clones is skipped at once. One slow endpoint between answers fails alone.
    pub dead_after_timeouts: u32,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            max_attempts: 4,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
            max_body: 512 * 1024 * 1024,
            user_agent: format!("jamf-triage/{}", env!("CARGO_PKG_VERSION")),
            dead_after_timeouts: 2,
        }
    }
}

impl HttpConfig {
    /// The same configuration with another per-request timeout.
    #[must_use]
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self.connect_timeout = self.connect_timeout.min(timeout);
        self
    }

    /// The same configuration with another retry policy: `max_attempts` tries at most, the
    /// first retry after `backoff`, no wait longer than `max_wait`.
    #[must_use]
    pub fn with_retries(
        mut self,
        max_attempts: u32,
        backoff: Duration,
        max_wait: Duration,
    ) -> Self {
        self.max_attempts = max_attempts.max(1);
        self.backoff = backoff;
        self.max_wait = max_wait;
        self
    }
}

/// The HTTP method of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` with a form body.
    Post,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

/// How a request authenticates.
#[derive(Debug, Clone, Copy)]
pub enum Auth<'a> {
    /// Not at all.
    None,
    /// `Authorization: Bearer <token>`.
    Bearer(&'a Secret),
    /// `Authorization: Basic <user:password>`.
    Basic {
        /// The user name.
        user: &'a str,
        /// The password.
        password: &'a Secret,
    },
}

impl Auth<'_> {
    fn header(&self) -> Option<String> {
        match self {
            Self::None => None,
            Self::Bearer(token) => Some(format!("Bearer {}", token.expose())),
            Self::Basic { user, password } => {
                let pair = format!("{user}:{}", password.expose());
                Some(format!(
                    "Basic {}",
                    base64::engine::general_purpose::STANDARD.encode(pair)
                ))
            }
        }
    }
}

/// A server's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Whether the status is `2xx`.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body of a `2xx` answer.
    ///
    /// # Errors
    /// [`HttpError::Status`] for any other status, with the start of the body.
    pub fn into_success(self, method: Method, url: &str) -> Result<Vec<u8>, HttpError> {
        if self.is_success() {
            Ok(self.body)
        } else {
            Err(HttpError::Status {
                method: method.as_str(),
                url: url.to_owned(),
                status: self.status,
                detail: shorten(&String::from_utf8_lossy(&self.body), 300),
            })
        }
    }
}

/// A blocking HTTP(S) client over `ureq` and rustls. Clones share what is known of each
/// server's health (see [`HttpConfig::dead_after_timeouts`]).
#[derive(Debug, Clone)]
pub struct HttpClient {
    agent: ureq::Agent,
    config: HttpConfig,
    health: Arc<Mutex<BTreeMap<String, Health>>>,
}

/// What is known of one server: requests in a row without an answer, and why it was given up.
#[derive(Debug, Default)]
struct Health {
    timeouts_in_a_row: u32,
    given_up: Option<String>,
}

/// How many attempts of one request may time out: a timeout is tried once more, since a server
/// that did not answer twice will not answer a third time soon enough to be worth the wait.
const TIMED_OUT_ATTEMPTS: u32 = 2;

/// What one attempt gave.
enum Attempt {
    Answer {
        response: HttpResponse,
        retry_after: Option<Duration>,
    },
    Failed(ureq::Error),
}

impl HttpClient {
    /// A client with `config`. Redirects are not followed (so a token never travels to another
    /// host), and proxies come from the usual environment variables.
    pub fn new(config: HttpConfig) -> Self {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_redirects_will_error(false)
            .timeout_global(Some(config.timeout))
            .timeout_connect(Some(config.connect_timeout))
            .user_agent(config.user_agent.as_str())
            .build()
            .new_agent();
        Self {
            agent,
            config,
            health: Arc::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// `GET url` with JSON accepted.
    ///
    /// # Errors
    /// [`HttpError`] when no answer came (after the retries), or when the retryable statuses
    /// (`429`, `500`, `502`, `503`, `504`) persisted. Other statuses are answers: see
    /// [`HttpResponse::into_success`].
    pub fn get(&self, url: &str, auth: Auth<'_>) -> Result<HttpResponse, HttpError> {
        self.send(Method::Get, url, &[], auth)
    }

    /// `POST url` with a form body (`application/x-www-form-urlencoded`). The form is never
    /// logged.
    ///
    /// # Errors
    /// As [`HttpClient::get`].
    pub fn post_form(
        &self,
        url: &str,
        form: &[(&str, &str)],
        auth: Auth<'_>,
    ) -> Result<HttpResponse, HttpError> {
        self.send(Method::Post, url, form, auth)
    }

    fn send(
        &self,
        method: Method,
        url: &str,
        form: &[(&str, &str)],
        auth: Auth<'_>,
    ) -> Result<HttpResponse, HttpError> {
        let server = server_of(url);
        if let Some(reason) = self.given_up(&server) {
            return Err(HttpError::Skipped {
                url: url.to_owned(),
                reason,
            });
        }
        let result = self.send_attempts(method, url, form, auth);
        self.record_health(&server, &result);
        result
    }

    fn send_attempts(
        &self,
        method: Method,
        url: &str,
        form: &[(&str, &str)],
        auth: Auth<'_>,
    ) -> Result<HttpResponse, HttpError> {
        let max_attempts = self.config.max_attempts.max(1);
        let mut attempt = 1;
        let mut timed_out = 0;
        loop {
            let started = Instant::now();
            debug!(method = method.as_str(), url, attempt, "request");
            let outcome = self.attempt(method, url, form, auth);
            let elapsed_ms = started.elapsed().as_millis();
            let wait = match outcome {
                Attempt::Answer {
                    response,
                    retry_after,
                } => {
                    debug!(
                        method = method.as_str(),
                        url,
                        status = response.status,
                        elapsed_ms,
                        "answer"
                    );
                    if !is_retryable_status(response.status) || attempt >= max_attempts {
                        return if is_retryable_status(response.status) {
                            Err(HttpError::Status {
                                method: method.as_str(),
                                url: url.to_owned(),
                                status: response.status,
                                detail: format!(
                                    "still failing after {attempt} attempt(s): {}",
                                    shorten(&String::from_utf8_lossy(&response.body), 200)
                                ),
                            })
                        } else {
                            Ok(response)
                        };
                    }
                    retry_after.unwrap_or_else(|| self.backoff(attempt))
                }
                Attempt::Failed(error) => {
                    debug!(method = method.as_str(), url, elapsed_ms, error = %error, "no answer");
                    if matches!(error, ureq::Error::Timeout(_)) {
                        timed_out += 1;
                    }
                    if !is_retryable_error(&error)
                        || attempt >= max_attempts
                        || timed_out >= TIMED_OUT_ATTEMPTS
                    {
                        return Err(self.error(method, url, error, attempt));
                    }
                    self.backoff(attempt)
                }
            };
            let wait = wait.min(self.config.max_wait);
            info!(
                method = method.as_str(),
                url,
                attempt,
                wait_ms = wait.as_millis(),
                "retrying"
            );
            std::thread::sleep(wait);
            attempt += 1;
        }
    }

    fn attempt(&self, method: Method, url: &str, form: &[(&str, &str)], auth: Auth<'_>) -> Attempt {
        let authorization = auth.header();
        let result = match method {
            Method::Get => {
                let mut request = self.agent.get(url).header("Accept", "application/json");
                if let Some(value) = &authorization {
                    request = request.header("Authorization", value);
                }
                request.call()
            }
            Method::Post => {
                let mut request = self.agent.post(url).header("Accept", "application/json");
                if let Some(value) = &authorization {
                    request = request.header("Authorization", value);
                }
                request.send_form(form.iter().copied())
            }
        };
        let mut response = match result {
            Ok(response) => response,
            Err(error) => return Attempt::Failed(error),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|value| value.to_str().ok())
            .and_then(parse_retry_after);
        match response
            .body_mut()
            .with_config()
            .limit(self.config.max_body)
            .read_to_vec()
        {
            Ok(body) => Attempt::Answer {
                response: HttpResponse { status, body },
                retry_after,
            },
            Err(error) => Attempt::Failed(error),
        }
    }

    /// Why `server` was given up, if it was.
    fn given_up(&self, server: &str) -> Option<String> {
        let health = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        health
            .get(server)
            .and_then(|health| health.given_up.clone())
    }

    /// Counts a request that ended without an answer within the timeout (any answer, even an
    /// error status, resets the count), and gives the server up after
    /// [`HttpConfig::dead_after_timeouts`] such requests in a row.
    fn record_health(&self, server: &str, result: &Result<HttpResponse, HttpError>) {
        let timed_out = matches!(result, Err(HttpError::Timeout { .. }));
        let answered = matches!(
            result,
            Ok(_) | Err(HttpError::Status { .. } | HttpError::Auth { .. })
        );
        if !timed_out && !answered {
            return;
        }
        let mut all = self.health.lock().unwrap_or_else(PoisonError::into_inner);
        let health = all.entry(server.to_owned()).or_default();
        if answered {
            health.timeouts_in_a_row = 0;
            return;
        }
        health.timeouts_in_a_row += 1;
        let limit = self.config.dead_after_timeouts.max(1);
        if health.timeouts_in_a_row >= limit && health.given_up.is_none() {
            warn!(
                server,
                "no answer to {limit} requests in a row; giving the server up"
            );
            health.given_up = Some(format!(
                "{server} did not answer {limit} requests in a row within {:?}; it was given up",
                self.config.timeout
            ));
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.config.backoff.saturating_mul(factor)
    }

    fn error(&self, method: Method, url: &str, error: ureq::Error, attempts: u32) -> HttpError {
        let method = method.as_str();
        let url = url.to_owned();
        match error {
            ureq::Error::Timeout(_) => HttpError::Timeout {
                method,
                url,
                timeout: self.config.timeout,
                attempts,
            },
            ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::Io(_)
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled => HttpError::Unreachable {
                method,
                url,
                message: error.to_string(),
                attempts,
            },
            other => HttpError::Other {
                method,
                url,
                message: other.to_string(),
            },
        }
    }
}

/// `429 Too Many Requests`, `503 Service Unavailable` (both may say `Retry-After`) and the other
/// passing server errors.
fn is_retryable_status(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

fn is_retryable_error(error: &ureq::Error) -> bool {
    matches!(
        error,
        ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::Io(_)
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    )
}

/// `Retry-After`: delay seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = jiff::fmt::rfc2822::DateTimeParser::new()
        .parse_timestamp(value)
        .ok()?;
    let wait = at.duration_since(jiff::Timestamp::now());
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_is_seconds_or_a_date() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles() {
        let client = HttpClient::new(HttpConfig::default().with_retries(
            5,
            Duration::from_millis(100),
            Duration::from_secs(1),
        ));
        assert_eq!(client.backoff(1), Duration::from_millis(100));
        assert_eq!(client.backoff(3), Duration::from_millis(400));
    }

    #[test]
    fn basic_auth_is_base64_of_user_and_password() {
        let password = Secret::new("pass");
        let header = Auth::Basic {
            user: "user",
            password: &password,
        }
        .header();
        assert_eq!(header.as_deref(), Some("Basic dXNlcjpwYXNz"));
    }
}

/// The server a URL addresses: its scheme, host and port (`https://jamf.example:8443`).
fn server_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    format!("{scheme}://{}", authority.to_ascii_lowercase())
}

#[cfg(test)]
mod health_tests {
    use super::*;

    #[test]
    fn a_server_is_its_scheme_host_and_port() {
        assert_eq!(
            server_of("https://Jamf.example:8443/api/v1/x?y=1"),
            "https://jamf.example:8443"
        );
        assert_eq!(
            server_of("https://user@graph.example/v1.0"),
            "https://graph.example"
        );
    }
}
