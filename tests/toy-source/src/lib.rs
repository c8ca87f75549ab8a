//! # jamf-triage-toy-source
//!
//! A toy evidence source, written outside the workspace's sources the way a tool builder would
//! write one: it reads `toy/uptime.txt` (the Mac's days since its last restart) into one fact,
//! `toy.uptime_days`. Registering it is one line ([`registry`]); its test proves that the whole
//! command then validates rules against its facts, lists them, collects them and diagnoses
//! with them.

use jamf_triage_evidence::{
    ArtifactSpec, CollectInput, CollectionProblem, Evidence, FactSpec, LIMIT_SMALL, Producer,
    Provenance, Source, decode_text, read_artifact, specs,
};
use jamf_triage_sources::Registry;

/// The toy source's facts.
pub mod facts {
    jamf_triage_evidence::declare_facts! {
        /// days since the Mac last restarted (toy/uptime.txt)
        pub const UPTIME_DAYS: i64 = "toy.uptime_days";
    }
}

/// `toy/uptime.txt`: a whole number of days.
pub const UPTIME: ArtifactSpec = ArtifactSpec {
    path: "toy/uptime.txt",
    producer: Producer::Command("uptime"),
    parser: "a whole number of days",
    limit: LIMIT_SMALL,
    facts: &[facts::UPTIME_DAYS.name()],
};

/// The name of the toy source.
pub const NAME: &str = "toy";

/// Reads `toy/uptime.txt`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ToySource;

impl Source for ToySource {
    fn name(&self) -> &str {
        NAME
    }

    fn folder(&self) -> &str {
        "toy/"
    }

    fn facts(&self) -> Vec<FactSpec> {
        specs(NAME, facts::DECLARED)
    }

    fn artifacts(&self) -> &[ArtifactSpec] {
        std::slice::from_ref(&UPTIME)
    }

    fn collect(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let Some(bytes) = read_artifact(NAME, input, &UPTIME, UPTIME.path, out) else {
            return;
        };
        let text = decode_text(&bytes).text;
        match text.trim().parse::<i64>() {
            Ok(days) => {
                out.record(
                    facts::UPTIME_DAYS,
                    days,
                    Provenance::new(NAME, UPTIME.path).at_line(1),
                );
            }
            Err(_) => out.add_problem(CollectionProblem::new(
                NAME,
                UPTIME.path,
                "not a whole number of days",
            )),
        }
    }
}

/// The built-in sources and the toy one: the one line a new source needs.
pub fn registry() -> Registry {
    Registry::builtin().with(ToySource)
}
