//! `jamf-triage diagnose`: collect or read evidence, diagnose it, print the report.

use std::io::IsTerminal as _;

use anyhow::Result;
use jamf_triage_core::Verdict;
use jamf_triage_render::{Redactor, TextOptions, render_json, render_markdown, render_text};
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
            &source.bundle,
            source.evidence.as_deref(),
            &asked,
            now,
        )?
    };
    let report = engine.diagnose(&evidence);
    let output = match args.format {
        ReportFormat::Text => render_text(
            &report,
            &TextOptions {
                locale: args.lang,
                color: use_color(args.color),
            },
        ),
        ReportFormat::Markdown => render_markdown(&report, args.lang),
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
