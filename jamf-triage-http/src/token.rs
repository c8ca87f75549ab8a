//! Bearer tokens: fetched from a [`TokenSource`], cached by a [`Session`], renewed before they
//! expire and once more when a server answers `401`.

use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tracing::{debug, info};

use crate::{Auth, HttpClient, HttpError, Method, Secret};

/// The lifetime assumed when a token endpoint does not say one.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(300);

/// The longest a token is renewed ahead of its expiry.
const MAX_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// A bearer token and when it expires.
#[derive(Debug, Clone)]
pub struct Token {
    value: Secret,
    expires_at: Instant,
    margin: Duration,
}

impl Token {
    /// A token valid for `lifetime` from now. It is renewed when a quarter of its lifetime (at
    /// most a minute) is left.
    pub fn new(value: Secret, lifetime: Duration) -> Self {
        Self {
            value,
            expires_at: Instant::now() + lifetime,
            margin: (lifetime / 4).min(MAX_RENEWAL_MARGIN),
        }
    }

    /// The token.
    pub fn value(&self) -> &Secret {
        &self.value
    }

    /// Whether it is time to renew it.
    pub fn needs_renewal(&self) -> bool {
        self.expires_at.saturating_duration_since(Instant::now()) <= self.margin
    }
}

/// Where tokens come from (an OAuth token endpoint, a user's basic credentials).
pub trait TokenSource: Send + Sync {
    /// Fetches a new token.
    ///
    /// # Errors
    /// [`HttpError::Auth`] when the credentials are refused; any other [`HttpError`] when the
    /// endpoint cannot be reached or answers nonsense.
    fn fetch(&self, http: &HttpClient) -> Result<Token, HttpError>;

    /// Invalidates `token` on the server that issued it, when the server can: the Jamf Pro API
    /// (`POST /api/v1/auth/invalidate-token`). Tokens of the Microsoft identity platform cannot
    /// be invalidated by their client, and need nothing: the default does nothing.
    ///
    /// # Errors
    /// The [`HttpError`] of the request, or of a refusal.
    fn invalidate(&self, http: &HttpClient, token: &Secret) -> Result<(), HttpError> {
        let _ = (http, token);
        Ok(())
    }
}

/// The OAuth 2.0 client-credentials grant (RFC 6749 §4.4): `POST` a form with `grant_type`,
/// `client_id`, `client_secret` and an optional `scope`; the answer has `access_token` and
/// `expires_in`. The Jamf Pro API (`/api/oauth/token`) and the Microsoft identity platform
/// (`{authority}/{tenant}/oauth2/v2.0/token`) both speak it.
#[derive(Debug, Clone)]
pub struct ClientCredentials {
    url: String,
    client_id: String,
    secret: Secret,
    scope: Option<String>,
}

impl ClientCredentials {
    /// Credentials for the token endpoint `url`.
    pub fn new(url: impl Into<String>, client_id: impl Into<String>, secret: Secret) -> Self {
        Self {
            url: url.into(),
            client_id: client_id.into(),
            secret,
            scope: None,
        }
    }

    /// The same, asking for `scope`.
    #[must_use]
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }
}

#[derive(Deserialize)]
struct OAuthToken {
    access_token: String,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenSource for ClientCredentials {
    fn fetch(&self, http: &HttpClient) -> Result<Token, HttpError> {
        let mut form = vec![
            ("grant_type", "client_credentials"),
            ("client_id", self.client_id.as_str()),
            ("client_secret", self.secret.expose()),
        ];
        if let Some(scope) = &self.scope {
            form.push(("scope", scope.as_str()));
        }
        let response = http.post_form(&self.url, &form, Auth::None)?;
        if !response.is_success() {
            return Err(HttpError::refused_credentials(
                &self.url,
                response.status,
                &response.body,
                &self.secret,
            ));
        }
        let answer: OAuthToken =
            serde_json::from_slice(&response.body).map_err(|error| HttpError::Json {
                url: self.url.clone(),
                message: error.to_string(),
            })?;
        let lifetime = answer
            .expires_in
            .and_then(|value| match value {
                serde_json::Value::Number(number) => number.as_u64(),
                serde_json::Value::String(text) => text.trim().parse().ok(),
                _ => None,
            })
            .map_or(DEFAULT_LIFETIME, Duration::from_secs);
        Ok(Token::new(Secret::new(answer.access_token), lifetime))
    }
}

/// Authenticated `GET`s: a client, a token source, and the current token.
#[derive(Debug)]
pub struct Session<S> {
    http: HttpClient,
    source: S,
    token: Mutex<Option<Token>>,
    /// Tokens replaced ahead of their expiry, still valid: invalidated with the current one.
    replaced: Mutex<Vec<Secret>>,
    down: Mutex<Option<String>>,
}

/// Why a session makes no more requests once its tokens are invalidated.
const ENDED: &str = "the session ended and its tokens were invalidated";

impl<S: TokenSource> Session<S> {
    /// A session that fetches its first token on the first request.
    pub fn new(http: HttpClient, source: S) -> Self {
        Self {
            http,
            source,
            token: Mutex::new(None),
            replaced: Mutex::new(Vec::new()),
            down: Mutex::new(None),
        }
    }

    /// Ends the session: every token it was issued and that may still be valid (the current
    /// one, and those renewed ahead of their expiry) is invalidated once, as the token source
    /// can ([`TokenSource::invalidate`]), and later requests fail at once without a new token.
    /// Calling it again invalidates nothing twice. Best effort: each failure comes back, bounded
    /// by the client's timeouts and retries.
    pub fn invalidate_tokens(&self) -> Vec<HttpError> {
        let mut tokens =
            std::mem::take(&mut *self.replaced.lock().unwrap_or_else(PoisonError::into_inner));
        {
            let mut down = self.down.lock().unwrap_or_else(PoisonError::into_inner);
            down.get_or_insert_with(|| ENDED.to_owned());
            let current = self
                .token
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            tokens.extend(current.map(|token| token.value().clone()));
        }
        tokens
            .iter()
            .filter_map(|token| self.source.invalidate(&self.http, token).err())
            .collect()
    }

    /// The client.
    pub fn http(&self) -> &HttpClient {
        &self.http
    }

    /// A valid token: the cached one, or a new one when it is about to expire.
    ///
    /// # Errors
    /// What [`TokenSource::fetch`] returns.
    pub fn token(&self) -> Result<Secret, HttpError> {
        let mut cached = self.token.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(token) = cached.as_ref().filter(|token| !token.needs_renewal()) {
            return Ok(token.value().clone());
        }
        debug!(renewal = cached.is_some(), "fetching a token");
        let token = self.source.fetch(&self.http)?;
        let value = token.value().clone();
        if let Some(old) = cached.replace(token) {
            self.replaced
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(old.value().clone());
        }
        Ok(value)
    }

    fn forget_token(&self) {
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
    }

    /// `GET url` with the bearer token; on `401` the token is renewed and the request tried
    /// once more. Once the server could not be reached at all (after the retries) or refused the
    /// credentials, every later request fails at once with the same reason instead of trying
    /// again.
    ///
    /// # Errors
    /// [`HttpError::Auth`] when a fresh token is refused too, [`HttpError::Status`] for any
    /// other status that is not `2xx`, and what [`HttpClient::get`] returns.
    pub fn get(&self, url: &str) -> Result<Vec<u8>, HttpError> {
        if let Some(reason) = self
            .down
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
        {
            return Err(HttpError::Skipped {
                url: url.to_owned(),
                reason,
            });
        }
        let result = self.authenticated_get(url);
        if let Err(error) = &result {
            if error.is_unreachable() || matches!(error, HttpError::Auth { .. }) {
                // A request skipped by the client already carries the first failure: keep that,
                // so that the reason is not wrapped once more with every request.
                let reason = match error {
                    HttpError::Skipped { reason, .. } => reason.clone(),
                    other => other.to_string(),
                };
                *self.down.lock().unwrap_or_else(PoisonError::into_inner) = Some(reason);
            }
        }
        result
    }

    /// A token, or the reason there is none; that reason is the root cause of every later
    /// request, so the session is marked down with it.
    fn token_or_down(&self) -> Result<Secret, HttpError> {
        self.token().inspect_err(|error| {
            let reason = match error {
                HttpError::Skipped { reason, .. } => reason.clone(),
                other => other.to_string(),
            };
            *self.down.lock().unwrap_or_else(PoisonError::into_inner) = Some(reason);
        })
    }

    fn authenticated_get(&self, url: &str) -> Result<Vec<u8>, HttpError> {
        let token = self.token_or_down()?;
        let response = self.http.get(url, Auth::Bearer(&token))?;
        if response.status != 401 {
            return response.into_success(Method::Get, url);
        }
        info!(url, "the token was refused; renewing it");
        self.forget_token();
        let token = self.token_or_down()?;
        let response = self.http.get(url, Auth::Bearer(&token))?;
        if response.status == 401 {
            return Err(HttpError::Auth {
                url: url.to_owned(),
                status: 401,
                detail: "a freshly issued token was refused too".to_owned(),
            });
        }
        response.into_success(Method::Get, url)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens `t0`, `t1`, ... that expire at once; invalidations recorded.
    #[derive(Default)]
    struct Counting {
        issued: Mutex<u32>,
        invalidated: Mutex<Vec<String>>,
    }

    impl TokenSource for Counting {
        fn fetch(&self, _: &HttpClient) -> Result<Token, HttpError> {
            let mut issued = self.issued.lock().unwrap_or_else(PoisonError::into_inner);
            let token = format!("t{issued}");
            *issued += 1;
            Ok(Token::new(Secret::new(token), Duration::ZERO))
        }

        fn invalidate(&self, _: &HttpClient, token: &Secret) -> Result<(), HttpError> {
            self.invalidated
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(token.expose().to_owned());
            Ok(())
        }
    }

    #[test]
    fn every_token_is_invalidated_once_and_the_session_ends() -> Result<(), HttpError> {
        let session = Session::new(
            HttpClient::new(crate::HttpConfig::default()),
            Counting::default(),
        );
        assert_eq!(session.token()?.expose(), "t0");
        assert_eq!(session.token()?.expose(), "t1");
        assert!(session.invalidate_tokens().is_empty());
        assert!(session.invalidate_tokens().is_empty());
        let invalidated = session
            .source
            .invalidated
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        assert_eq!(invalidated, ["t0", "t1"]);
        assert!(matches!(
            session.get("http://127.0.0.1:9/never"),
            Err(HttpError::Skipped { .. })
        ));
        Ok(())
    }

    #[test]
    fn a_token_is_renewed_ahead_of_its_expiry() {
        assert!(!Token::new(Secret::new("t"), Duration::from_secs(3600)).needs_renewal());
        assert!(Token::new(Secret::new("t"), Duration::ZERO).needs_renewal());
    }
}
