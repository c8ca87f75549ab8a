//! `--redact`: a [`Redactor`] that knows every identifier the evidence holds, the subject's
//! first, then what every text file of the bundle (in path order) and the evidence itself hold,
//! so that every output of one run, and every run over the same bundle, uses the same
//! placeholders.

use std::io::Read as _;
use std::path::Path;

use anyhow::Result;
use jamf_triage_core::{Evidence, Subject};
use jamf_triage_render::Redactor;
use jamf_triage_sources::Registry;

/// The most of one file read for identifiers: 256 MiB (the limit of an API response).
const HARVEST_LIMIT: u64 = 256 << 20;

/// A redactor for the bundle at `path`, about `subject`.
///
/// # Errors
/// The bundle cannot be opened.
pub fn for_bundle(registry: &Registry, path: &Path, subject: &Subject) -> Result<Redactor> {
    let bundle = registry.open_bundle(path)?;
    let mut redactor = Redactor::new();
    redactor.add_subject(subject);
    harvest_artifacts(&mut redactor, bundle.artifacts());
    Ok(redactor)
}

/// Learns the identifiers of every text file of `artifacts` (and of their paths: a user's
/// licences are filed under their address).
pub fn harvest_artifacts(
    redactor: &mut Redactor,
    artifacts: &dyn jamf_triage_core::evidence::ArtifactSource,
) {
    let mut paths = artifacts.paths();
    paths.sort();
    for path in paths {
        redactor.harvest("", &path);
        if let Some(text) = read_text(artifacts, &path) {
            redactor.harvest(&path, &text);
        }
    }
}

/// The text of an artifact, if it reads (binary property lists and unreadable files give none).
pub fn read_text(
    artifacts: &dyn jamf_triage_core::evidence::ArtifactSource,
    path: &str,
) -> Option<String> {
    let reader = artifacts.open(path).ok()?;
    let mut bytes = Vec::new();
    reader.take(HARVEST_LIMIT).read_to_end(&mut bytes).ok()?;
    if bytes.contains(&0) {
        return None;
    }
    Some(jamf_triage_core::evidence::decode_text(&bytes).text)
}

/// A redactor for `evidence`, and the bundle it came from when there is one.
///
/// # Errors
/// The bundle cannot be opened.
pub fn for_evidence(
    registry: &Registry,
    bundle: Option<&Path>,
    evidence: &Evidence,
) -> Result<Redactor> {
    let mut redactor = match bundle {
        Some(path) => for_bundle(registry, path, &evidence.subject)?,
        None => Redactor::for_subject(&evidence.subject),
    };
    redactor.harvest("evidence.yaml", &evidence.to_yaml_string());
    Ok(redactor)
}
