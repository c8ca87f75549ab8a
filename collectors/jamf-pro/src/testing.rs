//! Helpers for the unit tests: run one part of the collector over artifacts held in memory.

use jamf_triage_evidence::{CollectInput, Evidence, MemoryArtifacts, Subject};

/// Runs `collect` over `files` (path, content) for a subject with `serial`.
pub(crate) fn run(
    collect: fn(&CollectInput<'_>, &mut Evidence),
    files: &[(&str, &str)],
    serial: Option<&str>,
) -> Evidence {
    let mut artifacts = MemoryArtifacts::new();
    for (path, text) in files {
        artifacts.insert(*path, *text);
    }
    let subject = Subject {
        serial: serial.map(str::to_owned),
        user: None,
    };
    let mut evidence = Evidence::default();
    collect(
        &CollectInput {
            artifacts: &artifacts,
            subject: &subject,
            collected_at: None,
            lines: &jamf_triage_evidence::EveryLine,
        },
        &mut evidence,
    );
    evidence
}

/// The messages of the problems recorded in `evidence`.
pub(crate) fn messages(evidence: &Evidence) -> Vec<&str> {
    evidence
        .problems()
        .iter()
        .map(|problem| problem.message.as_str())
        .collect()
}
