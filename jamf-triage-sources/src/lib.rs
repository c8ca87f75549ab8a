//! # jamf-triage-sources
//!
//! The one list of evidence sources. The CLI, the validation of rules (the fact catalog), the
//! `facts` listing, bundle collection and live collection all read a [`Registry`], so that a new
//! source is one crate and one line in [`Registry::builtin`] (or one [`Registry::with`] call in a
//! program of its own).
//!
//! Collecting a bundle happens here because it is where the sources meet: the subject and the
//! time of a diagnosis are decided first (the context source's file, then the sources' hints),
//! then every source reads the artifacts it declares.
//!
//! ```
//! use jamf_triage_sources::Registry;
//!
//! let registry = Registry::builtin();
//! let names: Vec<&str> = registry.sources().map(|source| source.name()).collect();
//! assert_eq!(names, ["context", "device", "jamf-pro", "graph"]);
//! let catalog = registry.catalog()?;
//! let last_contact = jamf_triage_collector_jamf_pro::facts::COMPUTER_LAST_CONTACT;
//! assert!(catalog.get(last_contact.name()).is_some());
//! # Ok::<(), jamf_triage_evidence::CatalogError>(())
//! ```

mod collect;
mod fleet;
mod view;

use jamf_triage_evidence::{ArtifactSpec, CatalogError, FactCatalog, Source};

pub use collect::{Collected, TimeSource};
pub use fleet::{Fleet, FleetError, FleetMac, FleetProblem, FleetProblemKind};

/// The evidence sources a program knows, in the order they collect.
pub struct Registry {
    sources: Vec<Box<dyn Source>>,
}

impl std::fmt::Debug for Registry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.sources.iter().map(|source| source.name()))
            .finish()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::builtin()
    }
}

impl Registry {
    /// No source at all.
    pub fn empty() -> Self {
        Self {
            sources: Vec::new(),
        }
    }

    /// The sources of this workspace: the admin's context, the Mac, the Jamf Pro server and
    /// Microsoft Graph.
    pub fn builtin() -> Self {
        Self::empty()
            .with(jamf_triage_collector_context::ContextSource)
            .with(jamf_triage_collector_device::DeviceSource)
            .with(jamf_triage_collector_jamf_pro::JamfProSource)
            .with(jamf_triage_collector_graph::GraphSource)
    }

    /// This registry with one more source, collected after the others.
    #[must_use]
    pub fn with(mut self, source: impl Source + 'static) -> Self {
        self.sources.push(Box::new(source));
        self
    }

    /// Every source, in order.
    pub fn sources(&self) -> impl ExactSizeIterator<Item = &dyn Source> + '_ {
        self.sources
            .iter()
            .map(|source| source.as_ref() as &dyn Source)
    }

    /// The source named `name`.
    pub fn get(&self, name: &str) -> Option<&dyn Source> {
        self.sources().find(|source| source.name() == name)
    }

    /// The fact catalog rules are validated against: the built-in facts and every source's
    /// declarations.
    ///
    /// # Errors
    /// [`CatalogError::Duplicate`] when two sources declare the same fact.
    pub fn catalog(&self) -> Result<FactCatalog, CatalogError> {
        let mut catalog = FactCatalog::builtin();
        for source in self.sources() {
            catalog.extend(source.facts())?;
        }
        Ok(catalog)
    }

    /// The top-level folders of the sources' artifacts (`mac`, `graph`, ...), which tell a
    /// bundle's own folders from a folder a bundle was zipped in.
    pub fn roots(&self) -> Vec<&str> {
        let mut roots: Vec<&str> = self
            .sources()
            .flat_map(|source| source.artifacts())
            .filter_map(|artifact| artifact.path.split_once('/').map(|(root, _)| root))
            .collect();
        roots.sort_unstable();
        roots.dedup();
        roots
    }

    /// Every artifact every source reads, with the source's name, in registry order.
    pub fn artifacts(&self) -> impl Iterator<Item = (&str, &ArtifactSpec)> + '_ {
        self.sources().flat_map(|source| {
            source
                .artifacts()
                .iter()
                .map(move |artifact| (source.name(), artifact))
        })
    }
}
