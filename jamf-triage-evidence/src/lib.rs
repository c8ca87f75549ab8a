//! # jamf-triage-evidence
//!
//! What every evidence source and the engine share, and nothing else: this crate is the boundary
//! (as ripgrep's `matcher` is), so that the engine knows no source and no source knows another.
//!
//! - [`Evidence`] holds typed [`Fact`]s with [`Provenance`] about one [`Subject`], the
//!   `observed_at` time they describe, and the [`CollectionProblem`]s met collecting them.
//! - A [`Source`] declares its facts ([`declare_facts!`] gives each a typed [`FactKey`], so a
//!   fact name is spelled once) and its artifact table ([`ArtifactSpec`]: bundle path, what
//!   produces it, its parser, its size limit), and turns raw artifacts ([`ArtifactSource`],
//!   opened as streams) into facts. A failing source records a problem and never aborts.
//! - [`FactCatalog`] is the union of the sources' declarations that rules are validated against.
//! - Live collection writes the same artifacts into an [`ArtifactSink`] ([`LiveCollection`]).
//! - Evidence files (`jamf-triage/evidence/v1`) save and replay evidence in YAML or JSON.
//!
//! ```
//! use jamf_triage_evidence::{Evidence, FactKey, Provenance};
//!
//! const LAST_CONTACT: FactKey<jiff::Timestamp> = FactKey::new("jamf.computer.last_contact");
//! let mut evidence = Evidence::default();
//! evidence.record(
//!     LAST_CONTACT,
//!     "2024-05-30T08:00:00Z".parse::<jiff::Timestamp>()?,
//!     Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json"),
//! );
//! assert_eq!(evidence.fact_count(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod catalog;
mod duration;
mod evidence;
mod evidence_file;
mod fact;
mod key;
mod line_needs;
mod line_reader;
mod lines;
mod paged;
mod provenance;
mod serial_index;
mod sink;
mod source;
pub mod suggest;
mod text;
mod time;
pub mod yaml;

pub use catalog::{CatalogError, FactCatalog, FactLabel, FactSpec, OBSERVED_AT, REPORTED_SYMPTOMS};
pub use duration::{DurationError, format_duration, parse_duration};
pub use evidence::{CollectionProblem, Evidence, EvidenceBuilder, Subject};
pub use evidence_file::{EVIDENCE_SCHEMA, EvidenceFileError};
pub use fact::{Fact, FactType, FactValue};
pub use key::{DeclLabel, FactDecl, FactKey, FactKind, specs};
pub use line_needs::{EveryLine, LineMatcher, LineNeed, LineNeeds, LineSink, SinkMark};
pub use line_reader::{CutLines, JoinedLine, LineReader, MAX_LINE_BYTES, read_lines};
pub use lines::{Line, Lines};
pub use paged::PagedArray;
pub use provenance::Provenance;
pub use serial_index::SerialIndex;
pub use sink::{ArtifactSink, CollectionFailure, MemorySink};
pub use source::{
    ArtifactError, ArtifactReader, ArtifactSource, ArtifactSpec, CollectInput, LIMIT_LOG,
    LIMIT_RESPONSE, LIMIT_SMALL, Limited, LiveCollection, MemoryArtifacts, Producer, Source,
    open_artifact, read_artifact, read_error, report_artifact_error,
};
pub use text::{DecodedText, decode_text};
pub use time::{TimeError, parse_instant, parse_zoned};
pub use yaml::{
    YAML_CONTEXT, YAML_DATA, YAML_EVIDENCE, YAML_MANIFEST, YAML_RULES, YamlDocumentError,
    YamlLimits, check_yaml, from_yaml, from_yaml_with, parse_checked, to_yaml,
};
