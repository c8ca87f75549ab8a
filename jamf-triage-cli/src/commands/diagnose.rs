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
            source.bundle.as_deref(),
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
        ReportFormat::JamfEa => jamf_ea(&report),
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

/// The one line of a Jamf Pro extension attribute: `<result>` and the confirmed cause ids (in
/// rank order, comma-separated), or `OK` when every cause is ruled out, or `UNDETERMINED: n`
/// with the number of causes left undetermined.
fn jamf_ea(report: &jamf_triage_core::Report<'_>) -> String {
    let confirmed: Vec<&str> = report
        .causes
        .iter()
        .filter(|finding| finding.verdict == Verdict::Confirmed)
        .map(|finding| finding.cause.id.as_str())
        .collect();
    let undetermined = report
        .causes
        .iter()
        .filter(|finding| finding.verdict == Verdict::Undetermined)
        .count();
    let result = match (confirmed.is_empty(), undetermined) {
        (false, _) => confirmed.join(","),
        (true, 0) => "OK".to_owned(),
        (true, count) => format!("UNDETERMINED: {count}"),
    };
    format!("<result>{result}</result>\n")
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
