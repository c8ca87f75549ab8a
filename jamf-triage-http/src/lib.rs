//! # jamf-triage-http
//!
//! What the live collectors of jamf-triage share to talk to the Jamf Pro API and Microsoft
//! Graph: a blocking HTTP client over `ureq` and rustls (no OpenSSL to build), with per-request
//! timeouts, bounded retries with backoff, and `Retry-After` honoured on `429` and `503`; OAuth 2.0
//! bearer tokens cached and renewed before they expire (and once more when a server says `401`);
//! and [`Secret`]s that never print.
//!
//! Why a crate of its own: the sources depend on the evidence crate only and never on each
//! other, yet the Jamf Pro and Graph sources need the same careful client. Embedders that read bundles
//! never compile it: the collectors pull it in only with their `live` feature.
//!
//! ```no_run
//! use jamf_triage_http::{ClientCredentials, HttpClient, HttpConfig, Secret, Session};
//!
//! let http = HttpClient::new(HttpConfig::default());
//! let secret = Secret::from_env("JAMF_CLIENT_SECRET")?;
//! let credentials = ClientCredentials::new("https://jamf.example/api/oauth/token", "client-id", secret);
//! let session = Session::new(http, credentials);
//! let body = session.get("https://jamf.example/api/v1/jamf-pro-version")?;
//! println!("{}", String::from_utf8_lossy(&body));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod client;
mod encode;
mod error;
mod secret;
#[cfg(feature = "test-server")]
pub mod testing;
mod token;

pub use client::{Auth, HttpClient, HttpConfig, HttpResponse, Method};
pub use encode::encode_component;
pub use error::{HttpError, NOT_TRIED};
pub use secret::{Secret, SecretError};
pub use token::{ClientCredentials, Session, Token, TokenSource};
