//! Live collection from a Jamf Pro server (feature `live`): the API `GET`s a bundle holds,
//! written as the same `jamf-pro/` artifacts (the paths of [`crate::artifacts`]), plus copies of
//! server log files given by path.
//!
//! - `jamf-pro/computers-inventory.json`: `GET /api/v1/computers-inventory` with the sections
//!   GENERAL, HARDWARE, LOCAL_USER_ACCOUNTS and GROUP_MEMBERSHIPS, every `page` (of `page-size`
//!   records) written as it comes into one `{"totalCount", "results"}` (never held whole); paging
//!   stops after [`JamfProLive::max_pages`] pages or at a page that repeats the one before (a
//!   server that ignores `page`), a failure of that file that keeps the pages read.
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
//! token (`POST /api/v1/auth/token` with basic credentials), renewed before it expires; every
//! token still valid is invalidated at the end (`POST /api/v1/auth/invalidate-token`, best
//! effort: a failure is a warning). What
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
use std::sync::Arc;

use jamf_triage_evidence::{ArtifactSink, CollectionFailure, LiveCollection, PagedArray};
use jamf_triage_http::{HttpClient, HttpError, Session, encode_component};
use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;
use tracing::{debug, warn};

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

/// The most inventory pages read unless told otherwise (with the default page size, 2 000 000
/// computers).
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

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
    /// The most inventory pages read ([`DEFAULT_MAX_PAGES`] unless told otherwise).
    pub max_pages: u32,
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
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// The same, reading `max_pages` inventory pages at most (at least 1): an inventory with
    /// more is cut there, and its failure says so.
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages.max(1);
        self
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
    /// At the end the API tokens are invalidated ([`Tokens::invalidate`]); a failure to is
    /// logged as a warning, and changes nothing else.
    pub fn collect(&self, http: HttpClient, sink: &mut dyn ArtifactSink) {
        let tokens = Tokens(Arc::new(self.session(http)));
        self.collect_with(&tokens.0, sink);
        tokens.invalidate_and_warn();
    }

    /// A session with this server's tokens.
    fn session(&self, http: HttpClient) -> Session<JamfTokenSource> {
        Session::new(
            http,
            JamfTokenSource::new(&self.url, self.credentials.clone()),
        )
    }

    /// Fetches every artifact into `sink` with `session`.
    fn collect_with(&self, session: &Session<JamfTokenSource>, sink: &mut dyn ArtifactSink) {
        sink.expect(3 + self.server_logs.len() as u64);
        if let Some(id) = self.inventory(session, sink) {
            sink.expect(1);
            self.device_compliance(session, &id, sink);
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

    /// Every page of the inventory, written into `sink` page by page as one
    /// `{"totalCount", "results"}` (a tenant's computers are never held whole); gives the Jamf
    /// Pro id of the subject's computer when it is in the pages read. A page that fails ends the
    /// file with the records read so far, and a failure says so.
    fn inventory(
        &self,
        session: &Session<JamfTokenSource>,
        sink: &mut dyn ArtifactSink,
    ) -> Option<String> {
        let mut subject = self.serial.as_deref().map(SubjectComputer::new);
        let mut answer = PagedArray::new(sink, INVENTORY.path);
        let mut error = None;
        let mut total = None;
        let mut previous_first: Option<Box<RawValue>> = None;
        for page in 0..self.max_pages {
            let url = format!(
                "{}{}?{SECTIONS}&page={page}&page-size={}",
                self.url,
                endpoint(&INVENTORY),
                self.page_size
            );
            let answered = session
                .get(&url)
                .map_err(|error| error.to_string())
                .and_then(|body| {
                    serde_json::from_slice::<InventoryPage>(&body).map_err(|error| {
                        HttpError::Json {
                            url: url.clone(),
                            message: error.to_string(),
                        }
                        .to_string()
                    })
                });
            let answered = match answered {
                Ok(answered) => answered,
                Err(message) => {
                    error = Some(message);
                    break;
                }
            };
            let first = answered.results.first().map(|record| record.get());
            if page > 0 && first.is_some() && first == previous_first.as_deref().map(RawValue::get)
            {
                error = Some(format!(
                    "{url}: page {page} holds the records of page {} again (the server does not page); stopped",
                    page - 1
                ));
                break;
            }
            let count = answered.results.len() as u64;
            let total = *total.get_or_insert(answered.total_count.unwrap_or(0));
            if let Some(subject) = subject.as_mut() {
                answered
                    .results
                    .iter()
                    .for_each(|record| subject.see(record));
            }
            let head = format!(r#"{{"totalCount":{total},"results":["#);
            if let Err(failure) =
                answer.page(&head, answered.results.iter().map(|record| record.get()))
            {
                error = Some(failure.to_string());
                break;
            }
            debug!(page, count, total, "inventory page");
            let short_page = count < u64::from(self.page_size);
            if count == 0 || short_page || answer.records() >= total {
                break;
            }
            if page + 1 == self.max_pages {
                error = Some(format!(
                    "{url}: more than {} pages of {} records; stopped there",
                    self.max_pages, self.page_size
                ));
            }
            previous_first = answered.results.into_iter().next();
        }
        let (pages, records) = (answer.pages(), answer.records());
        if let Some(error) = error {
            let message = match pages {
                0 => error,
                pages => format!(
                    "{error} (the file holds the {records} record(s) of the {pages} page(s) read before)"
                ),
            };
            sink.fail(CollectionFailure::new(SOURCE, INVENTORY.path, message));
        }
        subject.and_then(SubjectComputer::id)
    }
}

/// One page of the inventory, its records kept as text.
#[derive(Deserialize)]
struct InventoryPage {
    #[serde(rename = "totalCount")]
    total_count: Option<u64>,
    #[serde(default)]
    results: Vec<Box<RawValue>>,
}

/// The inventory record of a serial most recently in contact (the record the `jamf.computer.*`
/// facts describe), looked for as the pages go by.
struct SubjectComputer {
    serial: String,
    best: Option<(Option<jiff::Timestamp>, String)>,
}

impl SubjectComputer {
    fn new(serial: &str) -> Self {
        Self {
            serial: serial.trim().to_owned(),
            best: None,
        }
    }

    /// Takes `record` as the subject's computer when it has the serial and a later contact.
    fn see(&mut self, record: &RawValue) {
        #[derive(Deserialize)]
        struct Record {
            id: Option<String>,
            #[serde(default)]
            general: General,
            #[serde(default)]
            hardware: Hardware,
        }
        #[derive(Deserialize, Default)]
        #[serde(rename_all = "camelCase")]
        struct General {
            last_contact_time: Option<String>,
            last_contact: Option<String>,
        }
        #[derive(Deserialize, Default)]
        #[serde(rename_all = "camelCase")]
        struct Hardware {
            serial_number: Option<String>,
        }
        let Ok(record) = serde_json::from_str::<Record>(record.get()) else {
            return;
        };
        let matches = record
            .hardware
            .serial_number
            .is_some_and(|own| own.trim().eq_ignore_ascii_case(&self.serial));
        let Some(id) = record
            .id
            .map(|id| id.trim().to_owned())
            .filter(|id| matches && !id.is_empty())
        else {
            return;
        };
        let at = [
            record.general.last_contact_time,
            record.general.last_contact,
        ]
        .into_iter()
        .flatten()
        .find_map(|text| text.trim().parse::<jiff::Timestamp>().ok());
        if self
            .best
            .as_ref()
            .is_none_or(|(best, _)| at.is_some_and(|at| best.is_none_or(|best| at > best)))
        {
            self.best = Some((at, id));
        }
    }

    /// The computer's Jamf Pro id, when one was seen and it can be a file name.
    fn id(self) -> Option<String> {
        self.best
            .map(|(_, id)| id)
            .filter(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    }
}

/// A Jamf Pro collection with the HTTP client it runs with: the [`LiveCollection`] of this
/// source. Its API tokens are invalidated when it ends, and [`JamfProCollection::tokens`] lets
/// whoever interrupts it invalidate them earlier.
#[derive(Debug)]
pub struct JamfProCollection {
    live: JamfProLive,
    tokens: Tokens,
}

impl JamfProCollection {
    /// `live`, to be run with `http`.
    pub fn new(live: JamfProLive, http: HttpClient) -> Self {
        let tokens = Tokens(Arc::new(live.session(http)));
        Self { live, tokens }
    }

    /// The tokens this collection gets, to invalidate them when the run is interrupted.
    pub fn tokens(&self) -> Tokens {
        self.tokens.clone()
    }
}

impl LiveCollection for JamfProCollection {
    fn collect(self: Box<Self>, sink: &mut dyn ArtifactSink) {
        let JamfProCollection { live, tokens } = *self;
        live.collect_with(&tokens.0, sink);
        tokens.invalidate_and_warn();
    }
}

/// The Jamf Pro API tokens of one collection.
#[derive(Debug, Clone)]
pub struct Tokens(Arc<Session<JamfTokenSource>>);

impl Tokens {
    /// Invalidates every token the collection was issued that may still be valid
    /// (`POST /api/v1/auth/invalidate-token`), each once however often this is called, and ends
    /// the collection's requests. Best effort, bounded by the HTTP client's timeouts: gives why
    /// each that failed could not be (the token then expires on its own, within 30 minutes).
    pub fn invalidate(&self) -> Vec<String> {
        self.0
            .invalidate_tokens()
            .into_iter()
            .map(|error| format!("the Jamf Pro API token could not be invalidated: {error}"))
            .collect()
    }

    /// [`Tokens::invalidate`], each failure logged as a warning.
    fn invalidate_and_warn(&self) {
        for message in self.invalidate() {
            warn!("{message}");
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(text: &str) -> Box<RawValue> {
        serde_json::from_str(text).expect("JSON")
    }

    #[test]
    fn the_subjects_computer_is_its_record_last_in_contact() {
        let mut subject = SubjectComputer::new(" c02x ");
        for record in [
            r#"{"id":"1","general":{"lastContactTime":"2024-05-01T00:00:00Z"},"hardware":{"serialNumber":"C02X"}}"#,
            r#"{"id":"2","general":{"lastContactTime":"2024-06-01T00:00:00Z"},"hardware":{"serialNumber":"C02X"}}"#,
            r#"{"id":"3","general":{"lastContactTime":"2024-07-01T00:00:00Z"},"hardware":{"serialNumber":"OTHER"}}"#,
            r#"{"id":"4","hardware":{"serialNumber":"C02X"}}"#,
            r#"{"id":5}"#,
        ] {
            subject.see(&raw(record));
        }
        assert_eq!(subject.id().as_deref(), Some("2"));

        let mut unsafe_id = SubjectComputer::new("C02X");
        unsafe_id.see(&raw(r#"{"id":"../1","hardware":{"serialNumber":"C02X"}}"#));
        assert_eq!(unsafe_id.id(), None);
    }
}
