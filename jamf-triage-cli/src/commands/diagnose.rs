//! `jamf-triage diagnose`: collect or read evidence, diagnose it, print the report.

use std::io::IsTerminal as _;

use anyhow::Result;
use jamf_triage_core::Verdict;
use jamf_triage_render::{
    FactGuide, Redactor, TextOptions, render_json, render_markdown_with, render_text_with,
};
use jamf_triage_sources::Registry;

use crate::cli::{ColorChoice, DiagnoseArgs, ReportFormat};
use crate::{Exit, collect, pack};

/// Runs `diagnose`.
pub fn run(args: &DiagnoseArgs, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(args.rules.as_deref(), registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let source = &args.source;
    let asked = source.subject.subject();
    let now = collect::parse_now(source.subject.now.as_deref())?;
    let evidence = if args.live {
        crate::live::evidence(
            &args.live_sources,
            args.keep_bundle.as_deref(),
            &asked,
            now,
            registry,
        )?
    } else {
        collect::evidence(
            registry,
            source.bundle.as_deref(),
            source.evidence.as_deref(),
            &asked,
            now,
        )?
    };
    let report = engine.diagnose(&evidence);
    let guide = fact_guide(registry);
    let options = TextOptions {
        locale: args.lang,
        color: use_color(args.color),
        all: args.all,
    };
    let output = match args.format {
        ReportFormat::Text => render_text_with(&report, &options, &guide),
        ReportFormat::Markdown => render_markdown_with(&report, &options, &guide),
        ReportFormat::Json => {
            let mut json = serde_json::to_string_pretty(&render_json(&report, args.lang))?;
            json.push('\n');
            json
        }
    };
    let output = if args.redact {
        Redactor::for_subject(&report.subject).redact(&output)
    } else {
        output
    };
    crate::output::emit(&output)?;
    let confirmed = report
        .causes
        .iter()
        .any(|finding| finding.verdict == Verdict::Confirmed);
    Ok(if args.exit_code && confirmed {
        Exit::Found
    } else {
        Exit::Ok
    })
}

/// The facts' labels and the artifacts that provide them, from the registry: the built-in facts
/// and every source's declarations (a catalog that does not assemble gives no labels: the pack
/// would not have loaded against it).
fn fact_guide(registry: &Registry) -> FactGuide {
    let catalog = registry.catalog().unwrap_or_default();
    FactGuide::new(&catalog, registry.artifacts())
}

/// Whether to colour: `--color`, else a terminal on stdout without `NO_COLOR`.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}
