//! Live collection on the Mac itself (feature `live`): the commands of the bundle layout run
//! with fixed argument lists (no shell), the files copied, the clean-up paths that exist listed,
//! and TCP connectivity checked, all written as the same `mac/` artifacts a bundle holds.
//!
//! Everything the Mac is asked goes through the [`Mac`] trait: [`LocalMac`] asks this Mac (and
//! refuses anywhere but macOS), [`RecordedMac`] replays a bundle's `mac/` folder, so collection
//! compiles and is tested everywhere. Commands that need the user's keychain run as the console
//! user (`launchctl asuser <uid> sudo -u <user> ...` when collecting as root). A file that does
//! not exist is simply not collected; anything else that fails becomes a [`CollectionFailure`].
//!
//! The CLI runs it, like every source's live collection, as a
//! [`LiveCollection`]: [`DeviceLive::into_collection`] binds the configuration to the Mac.
//!
//! ```
//! use jamf_triage_collector_device::live::{DeviceLive, Mac, RecordedMac};
//! use jamf_triage_evidence::{LiveCollection, MemorySink};
//!
//! let mac: Box<dyn Mac + Send> = Box::new(RecordedMac::open("../../examples/bundles/healthy/mac"));
//! let collection: Box<dyn LiveCollection> = DeviceLive::default().into_collection(mac);
//! let mut sink = MemorySink::default();
//! collection.collect(&mut sink);
//! assert!(sink.failures().is_empty());
//! ```

mod local;
mod plan;
mod recorded;
mod system;

use std::time::Duration;

use jamf_triage_evidence::{ArtifactSink, CollectionFailure, LiveCollection};
use tracing::debug;

pub use local::LocalMac;
pub use plan::{Endpoint, default_endpoints};
pub use recorded::RecordedMac;
pub use system::{Mac, MacCommand, MacError, MacUser};

use crate::COLLECTOR;
use crate::artifacts::{self, FOLDER};

/// The version of this collector, as a bundle's manifest records it.
pub const VERSION: &str = crate::VERSION;

/// How to collect from the Mac.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DeviceLive {
    /// The user whose keychain, preferences and logs to read (default: the console user).
    pub user: Option<String>,
    /// The endpoints to check; the Jamf Pro server of the Mac's `jss_url` is added.
    pub endpoints: Vec<Endpoint>,
    /// How long one connection attempt may take.
    pub connect_timeout: Duration,
}

impl Default for DeviceLive {
    fn default() -> Self {
        Self {
            user: None,
            endpoints: default_endpoints(),
            connect_timeout: Duration::from_secs(5),
        }
    }
}

impl DeviceLive {
    /// The same, reading `user`'s keychain and preferences instead of the console user's.
    #[must_use]
    pub fn for_user(mut self, user: Option<String>) -> Self {
        self.user = user;
        self
    }

    /// The same, checking these endpoints too.
    #[must_use]
    pub fn checking(mut self, endpoints: impl IntoIterator<Item = Endpoint>) -> Self {
        self.endpoints.extend(endpoints);
        self
    }

    /// The same, with another connection timeout.
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Collects every artifact from `mac` into `sink`; what fails is recorded there.
    pub fn collect(&self, mac: &dyn Mac, sink: &mut dyn ArtifactSink) {
        let user = mac.user(self.user.as_deref());
        if let Err(error @ MacError::NotMacOs { .. }) = &user {
            sink.fail(CollectionFailure::new(COLLECTOR, FOLDER, error.to_string()));
            return;
        }
        let plan = match &user {
            Ok(user) => plan::Plan::for_user(user),
            Err(_) => plan::Plan::system_only(),
        };
        sink.expect(plan.len() as u64 + 2);
        if let Err(error) = &user {
            let user_artifacts = plan::user_artifacts();
            sink.expect(user_artifacts.len() as u64);
            for artifact in &user_artifacts {
                fail(sink, artifact, &error.to_string());
            }
        }
        for command in &plan.commands {
            let result = mac.run(command, user.as_ref().ok());
            store(sink, command.artifact, result.map(Some));
        }
        let mut jamf_prefs = None;
        for file in &plan.files {
            let result = mac.read(&file.path, &file.artifact);
            if file.artifact == artifacts::relative(&artifacts::JAMF_PREFS) {
                jamf_prefs = result.as_ref().ok().cloned();
            }
            store(sink, &file.artifact, optional(result));
        }
        if let Some(dir) = &plan.portal_logs {
            match mac.list(&dir.path, dir.artifact_dir) {
                Ok(names) => {
                    let logs: Vec<String> = names
                        .into_iter()
                        .filter(|name| name.ends_with(".log"))
                        .collect();
                    sink.expect(logs.len() as u64);
                    for name in logs {
                        let artifact = format!("{}/{name}", dir.artifact_dir);
                        let result = mac.read(&dir.path.join(&name), &artifact);
                        store(sink, &artifact, optional(result));
                    }
                }
                Err(MacError::NotFound { .. }) => {
                    debug!(path = %dir.path.display(), "no Company Portal logs")
                }
                Err(error) => fail(sink, dir.artifact_dir, &error.to_string()),
            }
        }
        let existing: Vec<&str> = plan
            .cleanup_paths
            .iter()
            .map(String::as_str)
            .filter(|path| mac.exists(path))
            .collect();
        store(
            sink,
            artifacts::relative(&artifacts::LEFTOVER_PATHS),
            Ok(Some(lines(existing))),
        );

        let mut endpoints = self.endpoints.clone();
        if let Some(jamf) = jamf_prefs.as_deref().and_then(plan::jamf_endpoint) {
            let at = endpoints
                .iter()
                .position(|e| e.host.ends_with("push.apple.com"))
                .unwrap_or(endpoints.len());
            endpoints.insert(at, jamf);
        }
        let mut seen = std::collections::HashSet::new();
        endpoints.retain(|endpoint| seen.insert(endpoint.clone()));
        let checks: Vec<String> = endpoints
            .iter()
            .map(|endpoint| {
                match mac.connect(&endpoint.host, endpoint.port, self.connect_timeout) {
                    Ok(()) => format!("{} {} ok", endpoint.host, endpoint.port),
                    Err(reason) => format!(
                        "{} {} failed {}",
                        endpoint.host,
                        endpoint.port,
                        one_line(&reason)
                    ),
                }
            })
            .collect();
        store(
            sink,
            artifacts::relative(&artifacts::CONNECTIVITY),
            Ok(Some(lines(checks))),
        );
    }

    /// This collection bound to `mac`, ready to run as every source's live collection runs.
    pub fn into_collection(self, mac: Box<dyn Mac + Send>) -> Box<dyn LiveCollection> {
        Box::new(DeviceCollection { live: self, mac })
    }
}

/// [`DeviceLive`] with the Mac it collects from: the device source's [`LiveCollection`].
struct DeviceCollection {
    live: DeviceLive,
    mac: Box<dyn Mac + Send>,
}

impl LiveCollection for DeviceCollection {
    fn collect(self: Box<Self>, sink: &mut dyn ArtifactSink) {
        self.live.collect(self.mac.as_ref(), sink);
    }
}

/// A missing file is not collected, not a failure.
fn optional(result: Result<Vec<u8>, MacError>) -> Result<Option<Vec<u8>>, MacError> {
    match result {
        Ok(bytes) => Ok(Some(bytes)),
        Err(MacError::NotFound { path }) => {
            debug!(path, "not on this Mac");
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// One line per entry, each ending with a line break.
fn lines<S: AsRef<str>>(entries: Vec<S>) -> Vec<u8> {
    entries
        .iter()
        .flat_map(|entry| format!("{}\n", entry.as_ref()).into_bytes())
        .collect()
}

/// `text` on one line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Stores `mac/<artifact>`, or records why there is none.
fn store(sink: &mut dyn ArtifactSink, artifact: &str, result: Result<Option<Vec<u8>>, MacError>) {
    let path = format!("{FOLDER}{artifact}");
    match result {
        Ok(None) => {}
        Ok(Some(bytes)) => {
            if let Err(error) = sink.put(&path, &bytes) {
                sink.fail(CollectionFailure::new(COLLECTOR, path, error.to_string()));
            }
        }
        Err(error) => sink.fail(CollectionFailure::new(COLLECTOR, path, error.to_string())),
    }
}

fn fail(sink: &mut dyn ArtifactSink, artifact: &str, message: &str) {
    sink.fail(CollectionFailure::new(
        COLLECTOR,
        format!("{FOLDER}{artifact}"),
        message,
    ));
}
