//! # jamf-triage-collector-graph
//!
//! The Microsoft Graph collector of jamf-triage: it turns the Graph v1.0 responses saved under a
//! bundle's `graph/` folder into facts about the tenant (the Jamf partner, the Jamf Pro app
//! registration and its permissions and secrets, the Jamf Native macOS Connector, macOS
//! compliance policies), the subject Mac (its Intune records, the Entra devices they point at) and
//! the subject user (their service plans). The facts are declared in `facts.yaml`.
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
//! that cannot be read are each a [`CollectionProblem`](jamf_triage_core::CollectionProblem)
//! naming the file (and line), and everything else is still collected.
//!
//! Single-entity responses (`GET /devices/{id}`) have the entity at the top level; they are not
//! part of a bundle, but [`envelope::parse_entity`] reads them with the same record decoder.
//!
//! ```
//! use jamf_triage_collector_graph::GraphCollector;
//! use jamf_triage_core::{CollectInput, Collector, Evidence, MemoryArtifacts, Subject};
//!
//! let artifacts = MemoryArtifacts::new().with(
//!     "graph/managedDevices.json",
//!     r#"{"value": [{"serialNumber": "C02XK1ABJGH5", "managementAgent": "jamf"}]}"#,
//! );
//! let subject = Subject { serial: Some("C02XK1ABJGH5".into()), user: None };
//! let mut evidence = Evidence::default();
//! GraphCollector.collect(&CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None }, &mut evidence);
//! assert_eq!(evidence.get("graph.intune.record_count").map(|fact| fact.value.to_string()), Some("1".into()));
//! assert!(evidence.problems().is_empty());
//! ```

use std::sync::LazyLock;

use jamf_triage_core::{CollectInput, Collector, Evidence, FactCatalog, FactSpec};

mod artifacts;
pub mod envelope;
mod facts;
mod groups;
#[cfg(feature = "live")]
pub mod live;
pub mod resource;
mod values;

/// The collector's name, in provenance and problems.
const COLLECTOR: &str = "graph";

/// The facts this collector declares (`facts.yaml`), read once.
static FACTS: LazyLock<Vec<FactSpec>> = LazyLock::new(|| {
    FactCatalog::from_yaml(include_str!("../facts.yaml"))
        .map(|catalog| catalog.iter().cloned().collect())
        .unwrap_or_default()
});

/// The Microsoft Graph collector: reads `graph/` in a bundle.
#[derive(Debug, Clone, Copy, Default)]
pub struct GraphCollector;

impl Collector for GraphCollector {
    fn name(&self) -> &str {
        COLLECTOR
    }

    fn facts(&self) -> Vec<FactSpec> {
        FACTS.clone()
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let graph = artifacts::GraphArtifacts::read(input, out);
        facts::emit(&graph, input, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_its_facts() {
        let facts = GraphCollector.facts();
        assert!(facts.len() >= 30, "facts.yaml parses: {}", facts.len());
        assert!(
            facts
                .iter()
                .all(|spec| spec.provider == "graph" && spec.name.starts_with("graph."))
        );
    }
}
