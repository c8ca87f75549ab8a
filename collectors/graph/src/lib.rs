//! # jamf-triage-collector-graph
//!
//! The Microsoft Graph evidence source of jamf-triage ([`GraphSource`]): it turns the Graph v1.0
//! responses saved under a bundle's `graph/` folder into facts about the tenant (the Jamf partner,
//! the Jamf Pro app registration and its permissions and secrets, the Jamf Native macOS
//! Connector, macOS compliance policies), the subject Mac (its Intune records, the Entra devices
//! they point at) and the subject user (their service plans). The facts are declared in [`declared`], the files it
//! reads (and writes live) in [`artifacts`].
//!
//! ## How it reads
//! - One generic reader ([`envelope::parse_list`]) for every list response
//!   (`{"@odata.context": ..., "value": [...]}`), decoding each record on its own: a record that
//!   cannot be read is reported with its line and left out, the others are kept.
//! - Typed records ([`resource`]) keep only what facts need, every property optional: Graph writes
//!   `null` freely, `$select` leaves properties out, and Microsoft's own examples write some names
//!   in PascalCase (folded to camelCase before decoding).
//! - Graph's conventions for "none" are read as absent: the all-zero GUID, `0001-01-01T00:00:00Z`,
//!   empty text. Ids are compared and emitted lowercased.
//! - The Jamf Pro app is identified by the partner's `singleTenantAppId`, never by display name.
//!
//! ## What is a problem
//! A missing file is "not collected": its facts are absent, nothing is reported. An empty file,
//! text that is not JSON, a response that is not a list, a record of the wrong shape and a time
//! that cannot be read are each a [`CollectionProblem`](jamf_triage_evidence::CollectionProblem)
//! naming the file (and line), and everything else is still collected. So is a file larger than
//! its row's limit in [`artifacts`] (256 MiB for every response): the problem names the file and
//! the limit, and the file is not read.
//!
//! Single-entity responses (`GET /devices/{id}`) have the entity at the top level; they are not
//! part of a bundle, but [`envelope::parse_entity`] reads them with the same record decoder.
//!
//! ```
//! use jamf_triage_collector_graph::{GraphSource, artifacts, declared};
//! use jamf_triage_evidence::{CollectInput, Evidence, MemoryArtifacts, Source, Subject};
//!
//! let artifacts = MemoryArtifacts::new().with(
//!     artifacts::MANAGED_DEVICES.path,
//!     r#"{"value": [{"serialNumber": "C02XK1ABJGH5", "managementAgent": "jamf"}]}"#,
//! );
//! let subject = Subject { serial: Some("C02XK1ABJGH5".into()), user: None };
//! let mut evidence = Evidence::default();
//! GraphSource.collect(&CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None, lines: &jamf_triage_evidence::EveryLine }, &mut evidence);
//! assert_eq!(evidence.get(declared::INTUNE_RECORD_COUNT.name()).map(|fact| fact.value.to_string()), Some("1".into()));
//! assert!(evidence.problems().is_empty());
//! ```

use jamf_triage_evidence::{ArtifactSpec, CollectInput, Evidence, FactSpec, Source};

pub mod artifacts;
pub mod declared;
pub mod envelope;
mod facts;
pub mod fleet;
mod groups;
#[cfg(feature = "live")]
pub mod live;
mod records;
pub mod resource;
mod values;

/// The source's name, in provenance and problems.
const SOURCE: &str = "graph";

/// The version of this source, as a bundle's manifest records it.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The Microsoft Graph source: reads `graph/` in a bundle.
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphSource;

impl Source for GraphSource {
    fn name(&self) -> &str {
        SOURCE
    }

    fn version(&self) -> &str {
        VERSION
    }

    fn folder(&self) -> &str {
        "graph/"
    }

    fn facts(&self) -> Vec<FactSpec> {
        jamf_triage_evidence::specs(SOURCE, declared::DECLARED)
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        artifacts::ARTIFACTS
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let graph = records::GraphRecords::read(input, out);
        facts::emit(&graph, input, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_its_facts() {
        let facts = GraphSource.facts();
        assert_eq!(facts.len(), 42);
        assert!(
            facts
                .iter()
                .all(|spec| spec.provider == "graph" && spec.name.starts_with("graph."))
        );
        assert!(
            GraphSource
                .artifacts()
                .iter()
                .all(|spec| spec.path.starts_with(GraphSource.folder()))
        );
    }
}
