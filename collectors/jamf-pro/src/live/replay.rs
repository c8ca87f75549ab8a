//! A Jamf Pro API replayed on loopback from a bundle's own `jamf-pro/` files (feature
//! `test-server`): the token endpoints check the credentials, every `GET` needs the last token
//! it issued, the inventory is served page by page, and `POST /api/v1/auth/invalidate-token`
//! invalidates a token it issued (`204`; `401` for a token unknown or invalidated already).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

pub use jamf_triage_http::testing::Fault;
use jamf_triage_http::testing::{Received, Reply, TestServer};
use serde_json::Value;

use crate::artifacts::{
    DEVICE_COMPLIANCE, INVENTORY, NOTIFICATIONS, SERVER_VERSION, device_compliance_path, endpoint,
};

/// The credentials the replayed server accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The API client's id, or the user's name.
    pub id: String,
    /// The client secret, or the user's password.
    pub secret: String,
}

/// Starts a server answering as the Jamf Pro API whose saved responses are in `bundle`'s
/// `jamf-pro/` folder.
///
/// # Errors
/// When no loopback port can be bound.
pub fn serve(bundle: &Path, accepted: Accepted, fault: Fault) -> std::io::Result<TestServer> {
    let bundle = bundle.to_path_buf();
    let tokens = Tokens::default();
    TestServer::start_with_fault(fault, move |request| {
        answer(&bundle, &accepted, &tokens, request)
    })
}

/// The tokens issued, and those invalidated.
#[derive(Default)]
struct Tokens {
    issued: AtomicUsize,
    invalidated: Mutex<BTreeSet<String>>,
}

fn answer(bundle: &Path, accepted: &Accepted, tokens: &Tokens, request: &Received) -> Reply {
    let issued = &tokens.issued;
    match (request.method.as_str(), request.path()) {
        ("POST", "/api/v1/auth/invalidate-token") => invalidate(tokens, request),
        ("POST", "/api/oauth/token") => {
            if request.form("client_id").as_ref() == Some(&accepted.id)
                && request.form("client_secret").as_ref() == Some(&accepted.secret)
            {
                let token = issue(issued);
                Reply::json(
                    200,
                    format!(
                        r#"{{"access_token":"{token}","scope":"api-role:1","token_type":"Bearer","expires_in":60}}"#
                    ),
                )
            } else {
                Reply::json(
                    400,
                    r#"{"error":"invalid_client","error_description":"OAuth 2.0 Parameter: client_id"}"#,
                )
            }
        }
        ("POST", "/api/v1/auth/token") => {
            if request.basic_auth() == Some((accepted.id.clone(), accepted.secret.clone())) {
                let token = issue(issued);
                let expires = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(1800);
                Reply::json(
                    200,
                    format!(r#"{{"token":"{token}","expires":"{expires}"}}"#),
                )
            } else {
                Reply::json(401, r#"{"httpStatus":401,"errors":[]}"#)
            }
        }
        ("GET", _) if !authorized(request, tokens) => Reply::json(
            401,
            r#"{"httpStatus":401,"errors":[{"code":"INVALID_TOKEN"}]}"#,
        ),
        ("GET", path) if path == endpoint(&INVENTORY) => {
            inventory_page(&bundle.join(INVENTORY.path), request)
        }
        ("GET", path) if path == endpoint(&NOTIFICATIONS) => file(bundle.join(NOTIFICATIONS.path)),
        ("GET", path) if path == endpoint(&SERVER_VERSION) => {
            file(bundle.join(SERVER_VERSION.path))
        }
        ("GET", path) if device_compliance_id(path).is_some() => {
            let id = device_compliance_id(path).unwrap_or_default();
            file(bundle.join(device_compliance_path(id)))
        }
        _ => Reply::json(404, r#"{"httpStatus":404,"errors":[]}"#),
    }
}

/// The computer id of a device compliance information request, when it is one (and a plain
/// id, never a path).
fn device_compliance_id(path: &str) -> Option<&str> {
    let (before, after) = endpoint(&DEVICE_COMPLIANCE).split_once("{id}")?;
    let id = path.strip_prefix(before)?.strip_suffix(after)?;
    (!id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')).then_some(id)
}

fn issue(issued: &AtomicUsize) -> String {
    format!("eyJamfReplayToken{}", issued.fetch_add(1, Ordering::SeqCst))
}

/// Whether the request carries the last token issued, not invalidated.
fn authorized(request: &Received, tokens: &Tokens) -> bool {
    let last = tokens.issued.load(Ordering::SeqCst).checked_sub(1);
    let expected = last.map(|n| format!("Bearer eyJamfReplayToken{n}"));
    expected.is_some() && request.authorization == expected && !invalidated(request, tokens)
}

/// Whether the request's token was invalidated.
fn invalidated(request: &Received, tokens: &Tokens) -> bool {
    request.authorization.as_ref().is_some_and(|token| {
        tokens
            .invalidated
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .contains(token)
    })
}

/// `POST /api/v1/auth/invalidate-token`: any token issued and still valid.
fn invalidate(tokens: &Tokens, request: &Received) -> Reply {
    let issued = tokens.issued.load(Ordering::SeqCst);
    let known = request
        .authorization
        .as_ref()
        .is_some_and(|token| (0..issued).any(|n| *token == format!("Bearer eyJamfReplayToken{n}")));
    let fresh = request.authorization.clone().is_some_and(|token| {
        tokens
            .invalidated
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(token)
    });
    if known && fresh {
        Reply::json(204, "")
    } else {
        Reply::json(
            401,
            r#"{"httpStatus":401,"errors":[{"code":"INVALID_TOKEN"}]}"#,
        )
    }
}

fn file(path: PathBuf) -> Reply {
    match std::fs::read(&path) {
        Ok(bytes) => Reply::json(200, bytes),
        Err(_) => Reply::json(404, r#"{"httpStatus":404,"errors":[]}"#),
    }
}

/// One page of the saved inventory, as `page` and `page-size` ask.
fn inventory_page(path: &Path, request: &Received) -> Reply {
    let number = |key| {
        request
            .query(key)
            .and_then(|value| value.parse::<usize>().ok())
    };
    let (page, size) = (
        number("page").unwrap_or(0),
        number("page-size").unwrap_or(100).max(1),
    );
    let Ok(bytes) = std::fs::read(path) else {
        return file(path.to_path_buf());
    };
    let Ok(mut saved) = serde_json::from_slice::<Value>(&bytes) else {
        return Reply::json(200, bytes);
    };
    if let Some(results) = saved.get_mut("results").and_then(Value::as_array_mut) {
        let all = std::mem::take(results);
        *results = all.into_iter().skip(page * size).take(size).collect();
    }
    Reply::json(200, serde_json::to_vec(&saved).unwrap_or_default())
}
