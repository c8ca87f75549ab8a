//! Live collection from a Jamf Pro server (feature `live`): the API `GET`s a bundle holds,
//! written as the same `jamf-pro/` artifacts (the paths of [`crate::artifacts`]), plus copies of
//! server log files given by path.
//!
//! - `jamf-pro/computers-inventory.json`: `GET /api/v1/computers-inventory` with the sections
//!   GENERAL, HARDWARE, LOCAL_USER_ACCOUNTS and GROUP_MEMBERSHIPS, every `page` (of `page-size`
//!   records) merged into one `{"totalCount", "results"}`.
//! - `jamf-pro/device-compliance-information/<id>.json`:
//!   `GET /api/v1/conditional-access/device-compliance-information/computer/{id}` for the
//!   subject's computer (the inventory record of the serial given with
//!   [`JamfProLive::for_serial`], the one most recently in contact), verbatim. A `404` (a server
//!   without the endpoint, or no such computer) is not collected, and not a failure.
//! - `jamf-pro/notifications.json`: `GET /api/v1/notifications`, verbatim.
//! - `jamf-pro/jamf-pro-version.json`: `GET /api/v1/jamf-pro-version`, verbatim.
//! - `jamf-pro/JAMFSoftwareServer*.log`: the server log files named by the caller (the API does
//!   not serve them).
//!
//! It authenticates with API client credentials (`POST /api/oauth/token`) or a user's bearer
//! token (`POST /api/v1/auth/token` with basic credentials), renewed before it expires. What
//! cannot be fetched becomes a [`CollectionFailure`]; nothing here aborts.
//!
//! A program runs it, as every source's live collection, through [`LiveCollection`]:
//!
//! ```no_run
//! use jamf_triage_collector_jamf_pro::live::{Credentials, JamfProLive};
//! use jamf_triage_evidence::{LiveCollection, MemorySink};
//! use jamf_triage_http::{HttpClient, HttpConfig, Secret};
//!
//! let credentials = Credentials::ApiClient {
//!     client_id: "triage-client".into(),
//!     client_secret: Secret::new("..."),
//! };
//! let collection: Box<dyn LiveCollection> = JamfProLive::new("https://contoso.jamfcloud.com", credentials)
//!     .with_page_size(200)
//!     .into_collection(HttpClient::new(HttpConfig::default()));
//! let mut sink = MemorySink::default();
//! collection.collect(&mut sink);
//! ```

mod auth;

#[cfg(feature = "test-server")]
pub mod replay;

use std::path::PathBuf;

use jamf_triage_evidence::{ArtifactSink, CollectionFailure, LiveCollection};
use jamf_triage_http::{HttpClient, HttpError, Session, encode_component};
use serde::Deserialize;
use serde_json::Value;
use tracing::debug;

pub use auth::{Credentials, JamfTokenSource};

use crate::SOURCE;
pub use crate::VERSION;
use crate::artifacts::{
    DEVICE_COMPLIANCE, FOLDER, INVENTORY, NOTIFICATIONS, SERVER_VERSION, device_compliance_path,
    endpoint, live_server_log_name,
};

/// The inventory sections the rules need.
const SECTIONS: &str =
    "section=GENERAL&section=HARDWARE&section=LOCAL_USER_ACCOUNTS&section=GROUP_MEMBERSHIPS";

/// The most inventory pages read (with the default page size, 200 000 computers).
const MAX_PAGES: u32 = 1_000;

/// Where and how to collect from a Jamf Pro server.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct JamfProLive {
    /// The server's base URL (`https://contoso.jamfcloud.com`).
    pub url: String,
    /// How to authenticate.
    pub credentials: Credentials,
    /// Inventory records per page.
    pub page_size: u32,
    /// Server log files to copy into the bundle (`JAMFSoftwareServer.log` and rotated ones).
    pub server_logs: Vec<PathBuf>,
    /// The subject Mac's serial number: its computer's device compliance information is
    /// collected too.
    pub serial: Option<String>,
}

impl JamfProLive {
    /// Collection from the server at `url` (trailing `/` ignored) with `credentials`, 200
    /// inventory records per page, and no server log.
    pub fn new(url: impl Into<String>, credentials: Credentials) -> Self {
        let url = url.into().trim_end_matches('/').to_owned();
        Self {
            url,
            credentials,
            page_size: 200,
            server_logs: Vec::new(),
            serial: None,
        }
    }

    /// The same, about the Mac with this serial number: the device compliance information of
    /// its computer record is collected too.
    #[must_use]
    pub fn for_serial(mut self, serial: Option<String>) -> Self {
        self.serial = serial.filter(|serial| !serial.trim().is_empty());
        self
    }

    /// The same, copying these server log files too.
    #[must_use]
    pub fn with_server_logs(mut self, logs: Vec<PathBuf>) -> Self {
        self.server_logs = logs;
        self
    }

    /// The same, with `page_size` inventory records per page (at least 1).
    #[must_use]
    pub fn with_page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size.max(1);
        self
    }

    /// This collection, ready to run with `http` as every source's live collection runs.
    pub fn into_collection(self, http: HttpClient) -> Box<dyn LiveCollection> {
        Box::new(JamfProCollection::new(self, http))
    }

    /// Fetches every artifact into `sink`; what fails is recorded there, with the reason.
    pub fn collect(&self, http: HttpClient, sink: &mut dyn ArtifactSink) {
        sink.expect(3 + self.server_logs.len() as u64);
        let session = Session::new(
            http,
            JamfTokenSource::new(&self.url, self.credentials.clone()),
        );
        let inventory = self.inventory(&session);
        let computer = inventory.as_ref().ok().and_then(|bytes| {
            self.serial
                .as_deref()
                .and_then(|serial| computer_id(bytes, serial))
        });
        store(sink, INVENTORY.path, inventory);
        if let Some(id) = computer {
            sink.expect(1);
            self.device_compliance(&session, &id, sink);
        }
        for spec in [NOTIFICATIONS, SERVER_VERSION] {
            let url = format!("{}{}", self.url, endpoint(&spec));
            let body = session
                .get(&url)
                .map_err(|error| error.to_string())
                .and_then(|body| {
                    serde_json::from_slice::<Value>(&body)
                        .map(|_| body)
                        .map_err(|error| format!("{url}: the answer is not JSON: {error}"))
                });
            store(sink, spec.path, body);
        }
        for log in &self.server_logs {
            let name = log.file_name().map_or_else(live_server_log_name, |name| {
                name.to_string_lossy().into_owned()
            });
            let path = format!("{FOLDER}{name}");
            let bytes = std::fs::read(log)
                .map_err(|error| format!("cannot read {}: {error}", log.display()));
            store(sink, &path, bytes);
        }
    }

    /// The device compliance information of the computer with Jamf Pro id `id`.
    fn device_compliance(
        &self,
        session: &Session<JamfTokenSource>,
        id: &str,
        sink: &mut dyn ArtifactSink,
    ) {
        let path = device_compliance_path(id);
        let request = endpoint(&DEVICE_COMPLIANCE).replace("{id}", &encode_component(id));
        let url = format!("{}{request}", self.url);
        let body = match session.get(&url) {
            Ok(body) => serde_json::from_slice::<Value>(&body)
                .map(|_| body)
                .map_err(|error| format!("{url}: the answer is not JSON: {error}")),
            Err(HttpError::Status { status: 404, .. }) => {
                debug!(url, "no device compliance information");
                return;
            }
            Err(error) => Err(error.to_string()),
        };
        store(sink, &path, body);
    }

    /// Every page of the inventory, merged.
    fn inventory(&self, session: &Session<JamfTokenSource>) -> Result<Vec<u8>, String> {
        #[derive(Deserialize)]
        struct Page {
            #[serde(rename = "totalCount")]
            total_count: Option<u64>,
            results: Vec<Value>,
        }
        let mut results = Vec::new();
        let mut total = None;
        for page in 0..MAX_PAGES {
            let url = format!(
                "{}{}?{SECTIONS}&page={page}&page-size={}",
                self.url,
                endpoint(&INVENTORY),
                self.page_size
            );
            let body = session.get(&url).map_err(|error| error.to_string())?;
            let answer: Page = serde_json::from_slice(&body).map_err(|error| {
                HttpError::Json {
                    url: url.clone(),
                    message: error.to_string(),
                }
                .to_string()
            })?;
            let count = answer.results.len();
            let total = *total.get_or_insert(answer.total_count.unwrap_or(0));
            results.extend(answer.results);
            debug!(page, count, total, "inventory page");
            let short_page = u32::try_from(count).is_ok_and(|count| count < self.page_size);
            if count == 0 || short_page || results.len() as u64 >= total {
                break;
            }
        }
        let total = total.unwrap_or(0).max(results.len() as u64);
        let merged = serde_json::json!({ "totalCount": total, "results": results });
        serde_json::to_vec_pretty(&merged).map_err(|error| error.to_string())
    }
}

/// The Jamf Pro id of the inventory record of `serial` most recently in contact (the record the
/// `jamf.computer.*` facts describe), when it can be a file name.
fn computer_id(inventory: &[u8], serial: &str) -> Option<String> {
    let inventory: Value = serde_json::from_slice(inventory).ok()?;
    let text = |record: &Value, pointer: &str| {
        record
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    let contact = |record: &Value| {
        ["/general/lastContactTime", "/general/lastContact"]
            .iter()
            .find_map(|pointer| text(record, pointer)?.parse::<jiff::Timestamp>().ok())
    };
    let mut best: Option<(Option<jiff::Timestamp>, String)> = None;
    for record in inventory.get("results")?.as_array()? {
        let matches = text(record, "/hardware/serialNumber")
            .is_some_and(|own| own.eq_ignore_ascii_case(serial.trim()));
        let Some(id) = text(record, "/id").filter(|_| matches) else {
            continue;
        };
        let at = contact(record);
        if best
            .as_ref()
            .is_none_or(|(best, _)| at.is_some_and(|at| best.is_none_or(|best| at > best)))
        {
            best = Some((at, id));
        }
    }
    best.map(|(_, id)| id)
        .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// A Jamf Pro collection with the HTTP client it runs with: the [`LiveCollection`] of this
/// source.
#[derive(Debug)]
pub struct JamfProCollection {
    live: JamfProLive,
    http: HttpClient,
}

impl JamfProCollection {
    /// `live`, to be run with `http`.
    pub fn new(live: JamfProLive, http: HttpClient) -> Self {
        Self { live, http }
    }
}

impl LiveCollection for JamfProCollection {
    fn collect(self: Box<Self>, sink: &mut dyn ArtifactSink) {
        let JamfProCollection { live, http } = *self;
        live.collect(http, sink);
    }
}

/// Puts an artifact, or records why there is none.
fn store(sink: &mut dyn ArtifactSink, path: &str, result: Result<Vec<u8>, String>) {
    let failure = match result {
        Ok(bytes) => match sink.put(path, &bytes) {
            Ok(()) => return,
            Err(error) => error.to_string(),
        },
        Err(message) => message,
    };
    sink.fail(CollectionFailure::new(SOURCE, path, failure));
}
