//! Microsoft Graph and its token endpoint replayed on loopback from a bundle's own `graph/`
//! files (feature `test-server`): the token endpoint checks the client credentials, every `GET`
//! needs a token it issued, `$filter`s on app ids and display names and `$select` are applied,
//! and every `value` array is served two entries per page with `@odata.nextLink`.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use jamf_triage_http::encode_component;
pub use jamf_triage_http::testing::Fault;
use jamf_triage_http::testing::{Received, Reply, TestServer};
use serde_json::Value;

/// Entries per page.
const PAGE: usize = 2;

/// What the replayed tenant accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The tenant in the token URL.
    pub tenant: String,
    /// The client id.
    pub client_id: String,
    /// The client secret.
    pub secret: String,
}

/// Starts a server answering as Graph (under `/v1.0`) and as the login authority (under
/// `/{tenant}/oauth2/v2.0/token`), from `bundle`'s `graph/` folder.
///
/// # Errors
/// When no loopback port can be bound.
pub fn serve(bundle: &Path, accepted: Accepted, fault: Fault) -> std::io::Result<TestServer> {
    let dir = bundle.join("graph");
    let base = Arc::new(OnceLock::<String>::new());
    let issued = AtomicUsize::new(0);
    let server = {
        let base = Arc::clone(&base);
        TestServer::start_with_fault(fault, move |request| {
            let base = base.get().map_or("", String::as_str);
            answer(&dir, base, &accepted, &issued, request)
        })?
    };
    let _ = base.set(server.url().to_owned());
    Ok(server)
}

fn answer(
    dir: &Path,
    base: &str,
    accepted: &Accepted,
    issued: &AtomicUsize,
    request: &Received,
) -> Reply {
    if request.method == "POST" {
        return token(accepted, issued, request);
    }
    let last = issued.load(Ordering::SeqCst).checked_sub(1);
    if last.is_none()
        || request.authorization != last.map(|n| format!("Bearer eyGraphReplayToken{n}"))
    {
        return error(
            401,
            "InvalidAuthenticationToken",
            "Access token has expired or is not yet valid.",
        );
    }
    let Some(route) = request.path().strip_prefix("/v1.0/") else {
        return error(404, "BadRequest", "Invalid version.");
    };
    let Some(file) = file_of(route) else {
        return error(400, "BadRequest", "Resource not found for the segment.");
    };
    let Ok(bytes) = std::fs::read(dir.join(&file)) else {
        return error(404, "Request_ResourceNotFound", "Resource does not exist.");
    };
    let Ok(mut saved) = serde_json::from_slice::<Value>(&bytes) else {
        return Reply::json(200, bytes);
    };
    if let (Some(filter), Some(items)) = (
        request.query("$filter"),
        saved.get_mut("value").and_then(Value::as_array_mut),
    ) {
        items.retain(|item| matches(filter, item));
    }
    if let (Some(select), Some(items)) = (
        request.query("$select"),
        saved.get_mut("value").and_then(Value::as_array_mut),
    ) {
        let keep: Vec<&str> = select.split(',').chain(["@odata.type"]).collect();
        for item in items.iter_mut().filter_map(Value::as_object_mut) {
            item.retain(|key, _| keep.contains(&key.as_str()));
        }
    }
    page(saved, base, request)
}

/// The client-credentials grant.
fn token(accepted: &Accepted, issued: &AtomicUsize, request: &Received) -> Reply {
    let expected_path = format!("/{}/oauth2/v2.0/token", accepted.tenant);
    if request.path() != expected_path {
        return Reply::json(
            400,
            r#"{"error":"invalid_request","error_description":"AADSTS90002: Tenant not found."}"#,
        );
    }
    let valid = request.form("grant_type").as_deref() == Some("client_credentials")
        && request.form("client_id").as_ref() == Some(&accepted.client_id)
        && request.form("client_secret").as_ref() == Some(&accepted.secret)
        && request
            .form("scope")
            .is_some_and(|scope| scope.ends_with("/.default"));
    if !valid {
        return Reply::json(
            401,
            r#"{"error":"invalid_client","error_description":"AADSTS7000215: Invalid client secret provided."}"#,
        );
    }
    let n = issued.fetch_add(1, Ordering::SeqCst);
    Reply::json(
        200,
        format!(
            r#"{{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":"eyGraphReplayToken{n}"}}"#
        ),
    )
}

/// The saved file that answers `route` (relative to `/v1.0/`).
fn file_of(route: &str) -> Option<PathBuf> {
    let parts: Vec<&str> = route.split('/').collect();
    let file = match parts.as_slice() {
        ["deviceManagement", resource] => format!("{resource}.json"),
        [
            resource
            @ ("devices" | "servicePrincipals" | "oauth2PermissionGrants" | "applications"),
        ] => {
            format!("{resource}.json")
        }
        ["servicePrincipals", id, "appRoleAssignments"] => format!("appRoleAssignments/{id}.json"),
        ["users", upn, "licenseDetails"] => format!("licenseDetails/{upn}.json"),
        ["groups", id, "members"] => format!("groupMembers/{id}.json"),
        ["identity", "conditionalAccess", "policies"] => {
            "conditionalAccessPolicies.json".to_owned()
        }
        _ => return None,
    };
    Some(PathBuf::from(file))
}

/// Whether `item` passes the `$filter`s the collector sends on app ids and display names
/// (other filters are the saved answer's own).
fn matches(filter: &str, item: &Value) -> bool {
    let text = |key| item.get(key).and_then(Value::as_str).unwrap_or_default();
    if let Some(rest) = filter.strip_prefix("startswith(displayName,'") {
        let prefix = rest.trim_end_matches("')");
        return text("displayName").starts_with(prefix)
            || text("appDisplayName").starts_with(prefix);
    }
    if filter.starts_with("appId ") {
        return !text("appId").is_empty() && filter.contains(&format!("'{}'", text("appId")));
    }
    if filter.starts_with("clientId eq ") {
        return !text("clientId").is_empty()
            && filter.contains(&format!("clientId eq '{}'", text("clientId")));
    }
    true
}

/// One page of `answer`'s `value`, with a link to the next.
fn page(mut answer: Value, base: &str, request: &Received) -> Reply {
    let skip: usize = request
        .query("$skiptoken")
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let Some(items) = answer.get_mut("value").and_then(Value::as_array_mut) else {
        return Reply::json(200, serde_json::to_vec(&answer).unwrap_or_default());
    };
    let all = std::mem::take(items);
    let more = all.len() > skip + PAGE;
    *items = all.into_iter().skip(skip).take(PAGE).collect();
    if more {
        let query: Vec<String> = request
            .url
            .split_once('?')
            .map(|(_, query)| query)
            .unwrap_or_default()
            .split('&')
            .filter(|pair| !pair.is_empty() && !pair.starts_with("$skiptoken="))
            .map(|pair| match pair.split_once('=') {
                Some((key, value)) => format!("{key}={}", encode_component(value)),
                None => pair.to_owned(),
            })
            .chain([format!("$skiptoken={}", skip + PAGE)])
            .collect();
        let link = format!("{base}{}?{}", request.path(), query.join("&"));
        if let Some(object) = answer.as_object_mut() {
            object.insert("@odata.nextLink".to_owned(), Value::String(link));
        }
    }
    Reply::json(200, serde_json::to_vec(&answer).unwrap_or_default())
}

fn error(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        serde_json::json!({"error": {"code": code, "message": message}}).to_string(),
    )
}
