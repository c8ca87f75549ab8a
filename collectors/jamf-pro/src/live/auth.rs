//! How live collection authenticates to the Jamf Pro API.

use std::time::Duration;

use jamf_triage_http::{
    Auth, ClientCredentials, HttpClient, HttpError, Method, Secret, Token, TokenSource,
};
use serde::Deserialize;

/// Credentials for the Jamf Pro API.
#[derive(Debug, Clone)]
pub enum Credentials {
    /// An API client (Settings > API roles and clients): `POST /api/oauth/token` with the
    /// client-credentials grant.
    ApiClient {
        /// The client id.
        client_id: String,
        /// The client secret.
        client_secret: Secret,
    },
    /// A Jamf Pro user: `POST /api/v1/auth/token` with basic credentials.
    User {
        /// The user name.
        username: String,
        /// The password.
        password: Secret,
    },
}

/// Tokens for the Jamf Pro API, from either kind of [`Credentials`].
#[derive(Debug, Clone)]
pub struct JamfTokenSource {
    inner: Inner,
    /// `POST /api/v1/auth/invalidate-token`.
    invalidate_url: String,
}

#[derive(Debug, Clone)]
enum Inner {
    ApiClient(ClientCredentials),
    User {
        url: String,
        username: String,
        password: Secret,
    },
}

impl JamfTokenSource {
    /// Tokens for the server at `base_url` (no trailing `/`).
    pub fn new(base_url: &str, credentials: Credentials) -> Self {
        let inner = match credentials {
            Credentials::ApiClient {
                client_id,
                client_secret,
            } => Inner::ApiClient(ClientCredentials::new(
                format!("{base_url}/api/oauth/token"),
                client_id,
                client_secret,
            )),
            Credentials::User { username, password } => Inner::User {
                url: format!("{base_url}/api/v1/auth/token"),
                username,
                password,
            },
        };
        Self {
            inner,
            invalidate_url: format!("{base_url}/api/v1/auth/invalidate-token"),
        }
    }
}

/// `AuthTokenV1`: `{"token": "...", "expires": "2020-04-21T21:09:31.626Z"}`.
#[derive(Deserialize)]
struct UserToken {
    token: String,
    expires: Option<String>,
}

impl TokenSource for JamfTokenSource {
    fn fetch(&self, http: &HttpClient) -> Result<Token, HttpError> {
        let (url, username, password) = match &self.inner {
            Inner::ApiClient(credentials) => return credentials.fetch(http),
            Inner::User {
                url,
                username,
                password,
            } => (url, username, password),
        };
        let response = http.post_form(
            url,
            &[],
            Auth::Basic {
                user: username,
                password,
            },
        )?;
        if !response.is_success() {
            return Err(HttpError::refused_credentials(
                url,
                response.status,
                &response.body,
                password,
            ));
        }
        let answer: UserToken =
            serde_json::from_slice(&response.body).map_err(|error| HttpError::Json {
                url: url.clone(),
                message: error.to_string(),
            })?;
        Ok(Token::new(
            Secret::new(answer.token),
            lifetime(answer.expires.as_deref()),
        ))
    }

    /// `POST /api/v1/auth/invalidate-token` with the token (`204` when done), for a user's
    /// token and an API client's alike.
    fn invalidate(&self, http: &HttpClient, token: &Secret) -> Result<(), HttpError> {
        http.post_form(&self.invalidate_url, &[], Auth::Bearer(token))?
            .into_success(Method::Post, &self.invalidate_url)
            .map(drop)
    }
}

/// How long a token that `expires` at that instant is still valid (30 minutes, Jamf Pro's
/// default, when the server does not say or says nonsense).
fn lifetime(expires: Option<&str>) -> Duration {
    const DEFAULT: Duration = Duration::from_secs(30 * 60);
    expires
        .and_then(|text| text.parse::<jiff::Timestamp>().ok())
        .map_or(DEFAULT, |at| {
            Duration::try_from(at.duration_since(jiff::Timestamp::now())).unwrap_or(Duration::ZERO)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifetime_runs_to_expires() {
        let soon = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(600);
        let left = lifetime(Some(&soon.to_string()));
        assert!(left > Duration::from_secs(590) && left <= Duration::from_secs(600));
        assert_eq!(lifetime(Some("2020-04-21T21:09:31.626Z")), Duration::ZERO);
        assert_eq!(lifetime(None), Duration::from_secs(1800));
    }
}
