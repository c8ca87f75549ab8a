//! # jamf-triage-core
//!
//! The engine behind jamf-triage: it decides why the integration of Jamf Pro with Microsoft
//! Intune / Entra ID fails on a Mac, from evidence, with rules written in YAML.
//!
//! - [`Evidence`] holds typed [`Fact`]s with [`Provenance`] about one [`Subject`], the
//!   `observed_at` time they describe, and the [`CollectionProblem`]s met collecting them.
//! - Evidence comes from sources (the `jamf-triage-evidence` crate defines them, and this crate
//!   re-exports its evidence types); the engine knows no source, only a [`FactCatalog`].
//! - The rule format ([`model`]) describes symptoms, causes and resolutions linked by id, and
//!   the generations of the integration a tenant may run (Device Compliance, legacy), which
//!   entries name in `applies_to`; a report says which one the tenant runs
//!   ([`report::Integration`]) and rules out what does not apply to it.
//! - Conditions use Kleene's three-valued logic ([`Truth`]): a test on a missing fact is
//!   unknown, so a cause is confirmed, ruled out, or undetermined with the facts that would
//!   decide it.
//! - [`RulePack::load`] reads rule files and reports every mistake at file:line:column
//!   ([`RuleErrors`]); [`Engine::compile`] checks the pack against a [`FactCatalog`] and compiles
//!   it once; [`Engine::diagnose`] evaluates it on any number of [`Evidence`]s.
//! - A [`Report`] ranks the causes and explains every verdict; [`Engine::evaluate`] gives the
//!   [`Verdicts`] alone, much faster, for triaging a fleet.
//!
//! The core does no I/O of its own: it reads rule text and evidence it is given. Reports are
//! rendered by the `jamf-triage-render` crate.

mod compile;
mod diagnose;
mod engine;
mod eval;
pub mod fixture;
mod locale;
mod logic;
pub mod model;
mod ops;
mod pack;
mod problem;
mod quotes;
pub mod report;
mod rule_error;
mod verdicts;
mod yaml;

pub use engine::Engine;
pub use locale::{Locale, LocalizedText};
pub use logic::Truth;
pub use pack::{RulePack, RuleSource};
pub use report::{Report, Verdict};
pub use rule_error::{RuleError, RuleErrorKind, RuleErrors};
pub use verdicts::Verdicts;

/// The evidence crate whole: sources, artifact tables, evidence files. Embedders reach it from
/// here, so that one dependency on the engine is enough.
pub use jamf_triage_evidence as evidence;
// The evidence this engine judges, re-exported so that an embedder needs this crate alone.
pub use jamf_triage_evidence::{
    CatalogError, CollectionProblem, EVIDENCE_SCHEMA, EveryLine, Evidence, EvidenceBuilder,
    EvidenceFileError, Fact, FactCatalog, FactKey, FactLabel, FactSpec, FactType, FactValue, Line,
    LineMatcher, LineNeed, LineNeeds, LineSink, Lines, OBSERVED_AT, Provenance, REPORTED_SYMPTOMS,
    Subject, YamlDocumentError, format_duration, from_yaml, parse_duration, parse_instant,
    parse_zoned, to_yaml,
};
