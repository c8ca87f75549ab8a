//! # jamf-triage-collector-jamf-pro
//!
//! Turns what the Jamf Pro server knows into facts: the saved responses of the Jamf Pro API
//! (`jamf-pro/computers-inventory.json`, `jamf-pro/notifications.json`,
//! `jamf-pro/jamf-pro-version.json`) and the server log (`jamf-pro/JAMFSoftwareServer.log` with
//! its rotated files).
//!
//! Why it is built this way:
//! - **Every artifact stands alone.** A missing file is "not collected" and gives no facts and no
//!   problem; a file that cannot be read gives a [`CollectionProblem`] for that file while every
//!   other artifact is still collected.
//! - **Tolerance without loss.** JSON is parsed with typed structs (unknown fields ignored, `null`
//!   accepted wherever the API may send it). When one part of a response does not fit (a field
//!   of a record with the wrong type, a notification without a type), that part alone is left
//!   out and named, with its JSON pointer, in a problem; the rest of the file is kept. A file
//!   that is not JSON, or not the expected response at its top level, is a problem that gives
//!   serde_json's line and column.
//! - **Provenance is exact.** Facts read from JSON point at the field with a JSON pointer
//!   (`/results/3/general/lastContactTime`); log entries keep their file and line number.
//!
//! The facts it provides are declared in `facts.yaml` (see [`JamfProCollector::facts`]).
//!
//! [`CollectionProblem`]: jamf_triage_core::CollectionProblem

use std::sync::LazyLock;

use jamf_triage_core::{CollectInput, Collector, Evidence, FactCatalog, FactSpec};

mod computer;
mod inventory;
mod json;
#[cfg(feature = "live")]
pub mod live;
mod notifications;
mod server_log;
#[cfg(test)]
mod testing;
mod version;

/// The collector's name, as it appears in provenance and problems.
pub const COLLECTOR: &str = "jamf-pro";

/// The fact catalog of this collector, read once from `facts.yaml`.
static FACTS: LazyLock<Vec<FactSpec>> = LazyLock::new(|| {
    FactCatalog::from_yaml(include_str!("../facts.yaml"))
        .map(|catalog| catalog.iter().cloned().collect())
        .unwrap_or_default()
});

/// The Jamf Pro collector: reads the `jamf-pro/` artifacts of a bundle.
///
/// Tenant-wide facts (`jamf.server.version`, `jamf.notifications.types`,
/// `jamf.server_log.entries`) are always collected; the `jamf.computer.*` facts describe the
/// inventory record of the subject's serial number and are absent when no serial is given.
///
/// ```
/// use jamf_triage_core::{CollectInput, Collector, Evidence, FactValue, MemoryArtifacts, Subject};
/// use jamf_triage_collector_jamf_pro::JamfProCollector;
///
/// let artifacts = MemoryArtifacts::new()
///     .with("jamf-pro/jamf-pro-version.json", r#"{"version": "11.4.1-t1712598035813"}"#)
///     .with("jamf-pro/notifications.json", r#"[{"id": "1", "type": "MII_HEARTBEAT_FAILED_NOTIFICATION", "params": {}}]"#);
/// let subject = Subject::default();
/// let mut evidence = Evidence::default();
/// JamfProCollector.collect(
///     &CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None },
///     &mut evidence,
/// );
/// let version = evidence.get("jamf.server.version").map(|fact| &fact.value);
/// assert_eq!(version, Some(&FactValue::String("11.4.1-t1712598035813".to_owned())));
/// assert!(evidence.problems().is_empty());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct JamfProCollector;

impl Collector for JamfProCollector {
    fn name(&self) -> &str {
        COLLECTOR
    }

    /// The facts declared in the crate's `facts.yaml`, sorted by name.
    fn facts(&self) -> Vec<FactSpec> {
        FACTS.clone()
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        version::collect(input, out);
        notifications::collect(input, out);
        inventory::collect(input, out);
        server_log::collect(input, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalog_parses_and_names_this_collector() {
        let catalog = FactCatalog::from_yaml(include_str!("../facts.yaml"));
        assert!(catalog.is_ok(), "{catalog:?}");
        let facts = JamfProCollector.facts();
        assert_eq!(facts.len(), 12);
        assert!(facts.iter().all(|spec| spec.provider == COLLECTOR));
        assert!(facts.iter().all(|spec| spec.name.starts_with("jamf.")));
    }
}
