//! `jamf-triage evidence`: the facts extracted from a bundle, with provenance, for rule authors
//! and support. Of each log it keeps the lines the rule pack tests (and counts the others), so
//! that the evidence of a gigabyte log stays small; `--all-lines` keeps every line, for rules not
//! written yet.

use anyhow::{Result, bail};
use jamf_triage_core::{EveryLine, LineNeeds};
use jamf_triage_sources::Registry;

use crate::cli::{DataFormat, EvidenceArgs};
use crate::{Exit, collect, pack};

/// Runs `evidence`.
pub fn run(args: &EvidenceArgs, registry: &Registry) -> Result<Exit> {
    let asked = args.subject.subject();
    let now = collect::parse_now(args.subject.now.as_deref())?;
    let bundles: Vec<_> = args.path.iter().chain(&args.bundle).cloned().collect();
    let Some(bundle) = bundles.first() else {
        bail!("give a bundle: jamf-triage evidence PATH");
    };
    let engine;
    let needs: &dyn LineNeeds = if args.all_lines {
        &EveryLine
    } else {
        engine = match pack::engine(args.rules.as_deref(), registry) {
            Ok(engine) => engine,
            Err(failure) => return Ok(crate::report_pack_failure(failure)),
        };
        &*engine
    };
    let evidence = collect::from_bundle(registry, &bundles, &asked, now, needs)?;
    let text = match args.format {
        DataFormat::Yaml => evidence.to_yaml_string(),
        DataFormat::Json => format!("{}\n", evidence.to_json_string()),
    };
    let text = if args.redact {
        crate::redaction::for_evidence(registry, Some(bundle), &evidence)?.redact(&text)
    } else {
        text
    };
    crate::output::emit(&text)?;
    Ok(Exit::Ok)
}
