//! # jamf-triage-core
//!
//! The engine behind jamf-triage: it decides why the integration of Jamf Pro with Microsoft
//! Intune / Entra ID fails on a Mac, from evidence, with rules written in YAML.
//!
//! - [`Evidence`] holds typed [`Fact`]s with [`Provenance`] about one [`Subject`], the
//!   `observed_at` time they describe, and the [`CollectionProblem`]s met collecting them.
//! - [`Collector`]s turn raw artifacts ([`ArtifactSource`]) into facts, each declaring its
//!   [`FactSpec`]s; a failing collector records a problem and never aborts a diagnosis.
//! - The rule format ([`model`]) describes symptoms, causes and resolutions linked by id.
//! - Conditions use Kleene's three-valued logic ([`Truth`]): a test on a missing fact is
//!   unknown, so a cause is confirmed, ruled out, or undetermined with the facts that would
//!   decide it.
//! - [`RulePack::load`] reads rule files and reports every mistake at file:line:column
//!   ([`RuleErrors`]); [`Engine::compile`] checks the pack against a [`FactCatalog`] and compiles
//!   it once; [`Engine::diagnose`] evaluates it on any number of [`Evidence`]s.
//! - A [`Report`] ranks the causes and explains every verdict; [`Engine::evaluate`] gives the
//!   [`Verdicts`] alone, much faster, for triaging a fleet.
//!
//! The core does no I/O of its own: it reads rule text and evidence it is given.

mod catalog;
mod collector;
mod compile;
mod diagnose;
mod duration;
mod engine;
mod eval;
mod evidence;
mod evidence_file;
mod fact;
pub mod fixture;
mod lines;
mod locale;
mod logic;
pub mod model;
mod ops;
mod pack;
mod problem;
mod provenance;
mod quotes;
mod redact;
pub mod render;
pub mod report;
mod rule_error;
mod sink;
mod suggest;
mod text;
mod time;
mod verdicts;
mod yaml;

pub use catalog::{CatalogError, FactCatalog, FactSpec, OBSERVED_AT, REPORTED_SYMPTOMS};
pub use collector::{
    ArtifactError, ArtifactSource, CollectInput, Collector, MemoryArtifacts, read_artifact,
};
pub use duration::{DurationError, format_duration, parse_duration};
pub use engine::Engine;
pub use evidence::{CollectionProblem, Evidence, EvidenceBuilder, Subject};
pub use evidence_file::{EVIDENCE_SCHEMA, EvidenceFileError};
pub use fact::{Fact, FactType, FactValue};
pub use lines::{Line, Lines};
pub use locale::{Locale, LocalizedText};
pub use logic::Truth;
pub use pack::{RulePack, RuleSource};
pub use provenance::Provenance;
pub use redact::Redactor;
pub use report::{Report, Verdict};
pub use rule_error::{RuleError, RuleErrorKind, RuleErrors};
pub use sink::{ArtifactSink, CollectionFailure, MemorySink};
pub use text::{DecodedText, decode_text};
pub use time::{TimeError, parse_instant, parse_zoned};
pub use verdicts::Verdicts;
pub use yaml::{YamlDocumentError, from_yaml, to_yaml};
