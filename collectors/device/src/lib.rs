//! # jamf-triage-collector-device
//!
//! The Mac's side of the Jamf Pro ↔ Microsoft Intune / Entra ID integration, read from the
//! artifacts a bundle keeps under `mac/` (or `mac/<serial>/` when it holds several Macs):
//! `jamf.log`, the jamfAAD unified log, Company Portal logs, login-keychain listings,
//! `profiles` and `sw_vers` output, two property lists, left-over paths, connectivity checks and
//! the Platform SSO state (`app-sso platform -s`).
//!
//! [`artifacts::ARTIFACTS`] lists those artifacts (path, what produces them, their parser, their
//! size limit, the facts they give) and [`facts`] declares the facts, each name spelled once.
//! Each artifact has its own parser module that turns text into plain data and lists what it
//! could not read; [`DeviceSource`] reads the artifacts, records the facts with their
//! provenance, and turns what could not be read (or is over its size limit) into
//! [`CollectionProblem`](jamf_triage_evidence::CollectionProblem)s. A missing artifact is not a
//! problem: its facts are simply absent. With the `live` feature, [`live`] collects the same
//! artifacts on the Mac itself.
//!
//! ```
//! use jamf_triage_evidence::{CollectInput, Evidence, MemoryArtifacts, Source, Subject};
//! use jamf_triage_collector_device::{DeviceSource, facts};
//!
//! let artifacts = MemoryArtifacts::new()
//!     .with("mac/sw_vers.txt", "ProductName:\t\tmacOS\nProductVersion:\t\t14.4.1\nBuildVersion:\t\t23E224\n");
//! let subject = Subject::default();
//! let mut evidence = Evidence::default();
//! DeviceSource.collect(
//!     &CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None, lines: &jamf_triage_evidence::EveryLine },
//!     &mut evidence,
//! );
//! let version = evidence.get(facts::OS_VERSION.name()).map(|fact| fact.value.to_string());
//! assert_eq!(version.as_deref(), Some("14.4.1"));
//! assert!(evidence.problems().is_empty());
//! ```

mod app_sso;
pub mod artifacts;
mod company_portal;
mod connectivity;
pub mod facts;
mod issue;
mod jamf_log;
mod jamf_prefs;
mod jamfaad;
mod jamfaad_log;
mod key_value;
mod keychain;
mod layout;
mod leftover_paths;
mod line_shape;
#[cfg(feature = "live")]
pub mod live;
mod local_time;
mod mac_files;
mod plist_dict;
mod profiles;
mod sw_vers;

use jamf_triage_evidence::{
    ArtifactSource, ArtifactSpec, CollectInput, Evidence, FactSpec, Source, Subject,
};

pub use artifacts::ARTIFACTS;

/// The name of this source, as it appears in provenance and problems.
pub const COLLECTOR: &str = "device";

/// The version of this source's code, as a bundle's manifest records it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Facts about the Mac, from the artifacts under `mac/` (or `mac/<serial>/` when the bundle
/// holds several Macs: the subject's serial says which one, and a bundle with only one
/// `mac/<serial>/` directory is read without it).
#[derive(Debug, Clone, Copy, Default)]
pub struct DeviceSource;

impl Source for DeviceSource {
    fn name(&self) -> &str {
        COLLECTOR
    }

    fn version(&self) -> &str {
        VERSION
    }

    fn folder(&self) -> &str {
        artifacts::FOLDER
    }

    fn facts(&self) -> Vec<FactSpec> {
        jamf_triage_evidence::specs(COLLECTOR, facts::DECLARED)
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        ARTIFACTS
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
        app_sso::collect(&files, out);
    }

    /// The serial of the bundle's only `mac/<serial>/` directory, when it holds exactly one.
    fn subject_hint(&self, artifacts: &dyn ArtifactSource) -> Subject {
        Subject {
            serial: layout::only_mac_serial(&artifacts.paths()),
            user: None,
        }
    }
}
