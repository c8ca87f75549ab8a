//! Evidence for a command: collected from a bundle with every source of the registry, or read
//! from an evidence file.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use jamf_triage_core::{Evidence, LineNeeds, Subject};
use jamf_triage_sources::{Registry, TimeSource};
use jiff::Timestamp;

/// Reads `--now`.
pub fn parse_now(now: Option<&str>) -> Result<Option<Timestamp>> {
    now.map(|text| {
        text.parse::<Timestamp>()
            .with_context(|| format!("--now {text}: expected an RFC 3339 time with an offset"))
    })
    .transpose()
}

/// Collects the evidence of one bundle, or of several read as one, about the subject asked for
/// (or the bundle's own), keeping of each log only the lines `needs` asks for (the rule pack's:
/// a gigabyte log becomes the few lines its rules test, and the count of the others).
pub fn from_bundle<P: AsRef<Path>>(
    registry: &Registry,
    paths: &[P],
    asked: &Subject,
    now: Option<Timestamp>,
    needs: &dyn LineNeeds,
) -> Result<Evidence> {
    let bundle = registry.open_bundles(paths)?;
    let collected = registry.collect_with(&bundle, asked, now, needs);
    if collected.time == TimeSource::Clock {
        if let Some(observed_at) = collected.evidence.observed_at {
            eprintln!(
                "note: the bundle says neither when it was collected nor when it was observed; using the current time ({observed_at}). Give --now to fix it."
            );
        }
    }
    Ok(collected.evidence)
}

/// Reads an evidence file; `--serial`/`--user` replace its subject, `--now` fills a missing
/// `observed_at`.
pub fn from_evidence_file(
    path: &Path,
    asked: &Subject,
    now: Option<Timestamp>,
) -> Result<Evidence> {
    let text = crate::input::read_text(
        path,
        "evidence file",
        jamf_triage_core::evidence::YAML_EVIDENCE.max_input,
    )?;
    let mut evidence = Evidence::from_yaml_str(&text, &path.display().to_string())?;
    if asked.serial.is_some() {
        evidence.subject.serial.clone_from(&asked.serial);
    }
    if asked.user.is_some() {
        evidence.subject.user.clone_from(&asked.user);
    }
    if evidence.observed_at.is_none() {
        let at = match now {
            Some(at) => at,
            None => {
                let at = Timestamp::now();
                eprintln!(
                    "note: the evidence file has no observed_at; using the current time ({at}). Give --now to fix it."
                );
                at
            }
        };
        evidence.observed_at = Some(at);
    }
    Ok(evidence)
}

/// The evidence named by `--bundle` or `--evidence`.
pub fn evidence(
    registry: &Registry,
    bundles: &[PathBuf],
    file: Option<&Path>,
    asked: &Subject,
    now: Option<Timestamp>,
    needs: &dyn LineNeeds,
) -> Result<Evidence> {
    match (bundles, file) {
        ([_, ..], None) => from_bundle(registry, bundles, asked, now, needs),
        ([], Some(file)) => from_evidence_file(file, asked, now),
        _ => bail!("give either --bundle or --evidence"),
    }
}
