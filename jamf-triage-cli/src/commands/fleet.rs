//! `jamf-triage fleet`: every Mac a bundle knows, diagnosed; per cause, how many Macs and users.

use anyhow::Result;
use jamf_triage_core::{Engine, Verdict};
use jamf_triage_render::fleet::{
    FleetBuilder, FleetProblem, FleetSummary, render_fleet_csv, render_fleet_json,
    render_fleet_markdown, render_fleet_text,
};
use jamf_triage_sources::{Fleet, FleetMac, Registry, TimeSource};

use crate::cli::{FleetArgs, FleetFormat};
use crate::{Exit, collect, pack};

/// The width of the text table when `COLUMNS` does not say.
const DEFAULT_WIDTH: usize = 100;

/// Runs `fleet`.
pub fn run(args: &FleetArgs, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(args.rules.as_deref(), registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let now = collect::parse_now(args.now.as_deref())?;
    let bundle = registry.open_bundle(&args.bundle)?;
    let fleet = match registry.fleet_with(&bundle, now, &*engine) {
        Ok(fleet) => fleet,
        Err(error) => {
            eprintln!("error: {}: {error}", args.bundle.display());
            return Ok(Exit::Error);
        }
    };
    if fleet.time() == TimeSource::Clock {
        eprintln!(
            "note: the bundle says neither when it was collected nor when it was observed; using the current time. Give --now to fix it."
        );
    }
    let summary = diagnose(&engine, &fleet);
    if let Some(id) = &args.list {
        let Some(tally) = summary.cause(id) else {
            eprintln!("error: no cause `{id}` in the rule pack");
            return Ok(Exit::Error);
        };
        let serials: Vec<&str> = match tally.tenant {
            // A tenant-wide cause is every Mac's.
            Some(Verdict::Confirmed) => {
                fleet.macs().iter().map(|mac| mac.serial.as_str()).collect()
            }
            Some(_) => Vec::new(),
            None => tally.confirmed.iter().map(String::as_str).collect(),
        };
        let mut output = serials.join("\n");
        if !output.is_empty() {
            output.push('\n');
        }
        crate::output::emit(&output)?;
        return Ok(Exit::Ok);
    }
    let output = match args.format {
        FleetFormat::Text => {
            let width = std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.trim().parse().ok())
                .unwrap_or(DEFAULT_WIDTH);
            render_fleet_text(&summary, args.lang, width)
        }
        FleetFormat::Markdown => render_fleet_markdown(&summary, args.lang),
        FleetFormat::Csv => render_fleet_csv(&summary),
        FleetFormat::Json => {
            let mut json = serde_json::to_string_pretty(&render_fleet_json(&summary, args.lang))?;
            json.push('\n');
            json
        }
    };
    crate::output::emit(&output)?;
    let confirmed = summary.causes.iter().any(|tally| tally.devices[0] > 0);
    Ok(if args.exit_code && confirmed {
        Exit::Found
    } else {
        Exit::Ok
    })
}

/// Judges the tenant once and every Mac on its own evidence (the verdicts-only path), and
/// counts.
pub fn diagnose<'e>(engine: &'e Engine, fleet: &Fleet<'_>) -> FleetSummary<'e> {
    let tenant = engine.evaluate(fleet.tenant());
    let mut builder = FleetBuilder::from_tenant(&tenant).observed_at(fleet.tenant().observed_at);
    let mut problems: Vec<FleetProblem> = fleet
        .problems()
        .iter()
        .map(|problem| FleetProblem {
            kind: problem.kind.id().to_owned(),
            artifact: problem.artifact.clone(),
            item: problem.item.clone(),
        })
        .collect();
    problems.extend(collection_problems(fleet.tenant(), None));
    for (mac, evidence) in evidences(fleet) {
        let verdicts = engine.evaluate_over(fleet.base(), &evidence);
        builder.add(&mac.serial, mac.user.as_deref(), &verdicts);
        problems.extend(collection_problems(&evidence, Some(&mac.serial)));
    }
    builder.finish(problems)
}

/// Each Mac with its evidence, built as it is asked for.
fn evidences<'f>(
    fleet: &'f Fleet<'_>,
) -> impl Iterator<Item = (&'f FleetMac, jamf_triage_core::Evidence)> + 'f {
    fleet
        .macs()
        .iter()
        .map(|mac| (mac, fleet.own_evidence(mac)))
}

/// The collection problems of `evidence`, as fleet problems (prefixed with the Mac's serial).
fn collection_problems(
    evidence: &jamf_triage_core::Evidence,
    serial: Option<&str>,
) -> Vec<FleetProblem> {
    evidence
        .problems()
        .iter()
        .map(|problem| FleetProblem {
            kind: "collection".to_owned(),
            artifact: problem.path.clone(),
            item: match serial {
                Some(serial) => format!("{serial}: {}", problem.message),
                None => problem.message.clone(),
            },
        })
        .collect()
}
