//! # jamf-triage-collector-context
//!
//! The admin's side of a diagnosis: `context.yaml`, which names the subject (which Mac and
//! user), the "now" of the diagnosis, and what the admin reports (the symptoms, the exact
//! messages and where they appeared, when it began, who is affected). The report becomes
//! `context.*` facts like any other evidence, so that rules can weigh what the admin saw.
//!
//! [`read_context`] gives the file's subject and time to the registry, which decides the
//! subject and the time of a diagnosis before any source collects.
//!
//! ```
//! use jamf_triage_evidence::{CollectInput, Evidence, MemoryArtifacts, Source, Subject};
//! use jamf_triage_collector_context::{ContextSource, facts};
//!
//! let artifacts = MemoryArtifacts::new()
//!     .with("context.yaml", "reported:\n  worked_before: true\n");
//! let subject = Subject::default();
//! let mut evidence = Evidence::default();
//! ContextSource.collect(
//!     &CollectInput { artifacts: &artifacts, subject: &subject, collected_at: None, lines: &jamf_triage_evidence::EveryLine },
//!     &mut evidence,
//! );
//! assert!(evidence.get(facts::WORKED_BEFORE.name()).is_some());
//! ```

mod artifacts;
mod context;
pub mod facts;

use jamf_triage_evidence::{
    ArtifactSource, ArtifactSpec, CollectInput, Evidence, FactSpec, Source,
};

pub use artifacts::{ARTIFACTS, CONTEXT};
pub use context::{Affected, Context, Integration, Reported, ReportedMessage};

/// The name of this source, as provenance and problems name it.
pub const NAME: &str = "context";

/// Turns `context.yaml` into `context.*` facts.
#[derive(Debug, Clone, Copy, Default)]
pub struct ContextSource;

impl Source for ContextSource {
    fn name(&self) -> &str {
        NAME
    }

    fn version(&self) -> &str {
        env!("CARGO_PKG_VERSION")
    }

    fn facts(&self) -> Vec<FactSpec> {
        // The reported symptoms (`REPORTED_SYMPTOMS`) are a built-in fact of every catalog, as
        // the engine reads them: this source provides them but does not declare them again.
        jamf_triage_evidence::specs(NAME, facts::DECLARED)
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        ARTIFACTS
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        context::collect(input, out);
    }
}

/// The bundle's `context.yaml`, read and parsed, or `None` when it is absent, unreadable or
/// broken (the source reports those problems when it collects).
pub fn read_context(artifacts: &dyn ArtifactSource) -> Option<Context> {
    let mut reader = jamf_triage_evidence::Limited::new(
        artifacts.open(CONTEXT.path).ok()?,
        CONTEXT.path,
        CONTEXT.limit,
    );
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(&mut reader, &mut bytes).ok()?;
    Context::parse(&jamf_triage_evidence::decode_text(&bytes).text).ok()
}
