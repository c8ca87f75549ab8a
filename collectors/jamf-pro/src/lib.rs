//! # jamf-triage-collector-jamf-pro
//!
//! The `jamf-pro` evidence source: turns what the Jamf Pro server knows into facts, from the
//! saved responses of the Jamf Pro API (`jamf-pro/computers-inventory.json`,
//! `jamf-pro/device-compliance-information/<computerId>.json`, `jamf-pro/notifications.json`,
//! `jamf-pro/jamf-pro-version.json`) and the server log
//! (`jamf-pro/JAMFSoftwareServer.log` with its rotated files).
//!
//! Why it is built this way:
//! - **Every artifact stands alone.** A missing file is "not collected" and gives no facts and no
//!   problem; a file that cannot be read, or is larger than its limit, gives a
//!   [`CollectionProblem`] for that file while every other artifact is still collected.
//! - **Tolerance without loss.** JSON is parsed with typed structs (unknown fields ignored, `null`
//!   accepted wherever the API may send it). When one part of a response does not fit (a field
//!   of a record with the wrong type, a notification without a type), that part alone is left
//!   out and named, with its JSON pointer, in a problem; the rest of the file is kept. A file
//!   that is not JSON, or not the expected response at its top level, is a problem that gives
//!   serde_json's line and column.
//! - **Provenance is exact.** Facts read from JSON point at the field with a JSON pointer
//!   (`/results/3/general/lastContactTime`); log entries keep their file and line number.
//! - **Names spelled once.** The facts it provides are declared, with their meaning, in
//!   [`facts`] (see [`JamfProSource::facts`]); the artifacts it reads, with their size limits,
//!   in [`artifacts::ARTIFACTS`]. Live collection (feature `live`) writes the same artifacts.
//!
//! [`CollectionProblem`]: jamf_triage_evidence::CollectionProblem

use jamf_triage_evidence::{ArtifactSpec, CollectInput, Evidence, FactSpec, Source};

pub mod artifacts;
mod computer;
mod device_compliance;
pub mod facts;
pub mod fleet;
mod inventory;
mod json;
#[cfg(feature = "live")]
pub mod live;
mod notifications;
mod server_log;
#[cfg(test)]
mod testing;
mod version;

pub use artifacts::ARTIFACTS;

/// The source's name, as it appears in provenance and problems.
pub const SOURCE: &str = "jamf-pro";

/// The version of this source's code, as a bundle's manifest records it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Jamf Pro source: reads the `jamf-pro/` artifacts of a bundle.
///
/// Tenant-wide facts (`jamf.server.version`, `jamf.notifications.types`,
/// `jamf.server_log.entries`) are always collected; the `jamf.computer.*` facts describe the
/// inventory record of the subject's serial number and are absent when no serial is given.
///
/// ```
/// use jamf_triage_evidence::{CollectInput, Evidence, FactValue, MemoryArtifacts, Source, Subject};
/// use jamf_triage_collector_jamf_pro::{JamfProSource, facts};
///
/// let artifacts = MemoryArtifacts::new()
///     .with("jamf-pro/jamf-pro-version.json", r#"{"version": "11.4.1-t1712598035813"}"#)
///     .with("jamf-pro/notifications.json", r#"[{"id": "1", "type": "MII_HEARTBEAT_FAILED_NOTIFICATION", "params": {}}]"#);
/// let subject = Subject::default();
/// let mut evidence = Evidence::default();
/// JamfProSource.collect(
///     &CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None, lines: &jamf_triage_evidence::EveryLine },
///     &mut evidence,
/// );
/// let version = evidence.get(facts::SERVER_VERSION.name()).map(|fact| &fact.value);
/// assert_eq!(version, Some(&FactValue::String("11.4.1-t1712598035813".to_owned())));
/// assert!(evidence.problems().is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JamfProSource;

impl Source for JamfProSource {
    fn name(&self) -> &str {
        SOURCE
    }

    fn version(&self) -> &str {
        VERSION
    }

    fn folder(&self) -> &str {
        artifacts::FOLDER
    }

    /// The facts declared in [`facts`], sorted by name.
    fn facts(&self) -> Vec<FactSpec> {
        jamf_triage_evidence::specs(SOURCE, facts::DECLARED)
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        ARTIFACTS
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        version::collect(input, out);
        notifications::collect(input, out);
        let computer = inventory::collect(input, out);
        device_compliance::collect(input, computer.as_deref(), out);
        server_log::collect(input, out);
    }
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::FactCatalog;

    use super::*;

    #[test]
    fn the_catalog_names_this_source_and_is_sorted() {
        let facts = JamfProSource.facts();
        assert_eq!(facts.len(), 17);
        assert!(facts.iter().all(|spec| spec.provider == SOURCE));
        assert!(facts.iter().all(|spec| spec.name.starts_with("jamf.")));
        let mut catalog = FactCatalog::new();
        assert!(catalog.extend(facts.iter().cloned()).is_ok());
        let sorted: Vec<_> = catalog.iter().cloned().collect();
        assert_eq!(facts, sorted);
    }
}
