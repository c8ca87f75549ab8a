//! # jamf-triage-collector-device
//!
//! The Mac's side of the Jamf Pro ↔ Microsoft Intune / Entra ID integration, read from the
//! artifacts a bundle keeps under `mac/` (or `mac/<serial>/` when it holds several Macs):
//! `jamf.log`, the jamfAAD unified log, Company Portal logs, login-keychain listings,
//! `profiles` and `sw_vers` output, two property lists, left-over paths and connectivity checks.
//!
//! Each artifact has its own parser module that turns text into plain data and lists what it
//! could not read; [`DeviceCollector`] reads the artifacts, records the facts declared in
//! `facts.yaml` with their provenance, and turns what could not be read into
//! [`CollectionProblem`](jamf_triage_core::CollectionProblem)s. A missing artifact is not a
//! problem: its facts are simply absent.
//!
//! ```
//! use jamf_triage_core::{CollectInput, Collector, Evidence, MemoryArtifacts, Subject};
//! use jamf_triage_collector_device::DeviceCollector;
//!
//! let artifacts = MemoryArtifacts::new()
//!     .with("mac/sw_vers.txt", "ProductName:\t\tmacOS\nProductVersion:\t\t14.4.1\nBuildVersion:\t\t23E224\n");
//! let subject = Subject::default();
//! let mut evidence = Evidence::default();
//! DeviceCollector.collect(
//!     &CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None },
//!     &mut evidence,
//! );
//! let version = evidence.get("device.os.version").map(|fact| fact.value.to_string());
//! assert_eq!(version.as_deref(), Some("14.4.1"));
//! assert!(evidence.problems().is_empty());
//! ```

mod catalog;
mod company_portal;
mod connectivity;
mod issue;
mod jamf_log;
mod jamf_prefs;
mod jamfaad;
mod jamfaad_log;
mod key_value;
mod keychain;
mod layout;
mod leftover_paths;
#[cfg(feature = "live")]
pub mod live;
mod local_time;
mod mac_files;
mod plist_dict;
mod profiles;
mod sw_vers;

use jamf_triage_core::{CollectInput, Collector, Evidence, FactSpec};

/// The name of this collector, as it appears in provenance and problems.
pub const COLLECTOR: &str = "device";

/// Collects facts about the Mac from the artifacts under `mac/` (or `mac/<serial>/`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DeviceCollector;

impl Collector for DeviceCollector {
    fn name(&self) -> &str {
        COLLECTOR
    }

    fn facts(&self) -> Vec<FactSpec> {
        catalog::specs()
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let Some(files) = layout::mac_files(input, out) else {
            return;
        };
        sw_vers::collect(&files, out);
        profiles::collect(&files, out);
        jamf_log::collect(&files, out);
        jamfaad::collect(&files, out);
        company_portal::collect(&files, out);
        keychain::collect(&files, out);
        jamf_prefs::collect(&files, out);
        leftover_paths::collect(&files, out);
        connectivity::collect(&files, out);
    }
}
