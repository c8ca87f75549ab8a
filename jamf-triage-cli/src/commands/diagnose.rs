//! `jamf-triage diagnose`: collect or read evidence, diagnose it, print the report.

use anyhow::Result;
use jamf_triage_core::Verdict;
use jamf_triage_render::{
    FactGuide, Redactor, TextOptions, render_json, render_markdown_with, render_text_with,
};
use jamf_triage_sources::Registry;

use crate::cli::{DiagnoseArgs, ReportFormat};
use crate::{Exit, collect, pack};

/// Runs `diagnose`.
pub fn run(args: &DiagnoseArgs, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(args.rules.as_deref(), registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let locale = args.lang.unwrap_or_else(crate::cli::locale_from_env);
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
            &*engine,
        )?
    } else {
        collect::evidence(
            registry,
            &source.bundles(),
            source.evidence.as_deref(),
            &asked,
            now,
            &*engine,
        )?
    };
    let report = engine.diagnose(&evidence);
    let guide = fact_guide(registry);
    let options = TextOptions {
        locale,
        color: crate::output::color(args.color),
        width: crate::output::width(),
        all: args.all,
    };
    let output = match args.format {
        ReportFormat::Text => render_text_with(&report, &options, &guide),
        ReportFormat::Markdown => render_markdown_with(&report, &options, &guide),
        ReportFormat::Json => {
            let mut json = render_json(&report, locale);
            if let Some(object) = json.as_object_mut() {
                object.insert("tool".to_owned(), tool());
                object.insert("pack".to_owned(), pack::describe(args.rules.as_deref()));
            }
            let mut json = serde_json::to_string_pretty(&json)?;
            json.push('\n');
            json
        }
        ReportFormat::JamfEa => jamf_ea(&report),
    };
    let output = if args.redact {
        let bundles = source.bundles();
        let bundle = if args.live { None } else { bundles.first() };
        redactor(registry, bundle.map(std::path::PathBuf::as_path), &evidence)?.redact(&output)
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

fn redactor(
    registry: &Registry,
    bundle: Option<&std::path::Path>,
    evidence: &jamf_triage_core::Evidence,
) -> Result<Redactor> {
    crate::redaction::for_evidence(registry, bundle, evidence)
}

/// The JSON report's `tool`: which program wrote it.
fn tool() -> serde_json::Value {
    serde_json::json!({
        "name": "jamf-triage",
        "version": env!("CARGO_PKG_VERSION"),
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
