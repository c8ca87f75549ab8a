//! `jamf-triage explain ID`: a symptom, cause or resolution, with its links, in a language.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use jamf_triage_core::model::{CauseDef, ResolutionDef, SymptomDef};
use jamf_triage_core::{Locale, LocalizedText, RulePack};

use jamf_triage_sources::Registry;

use crate::cli::ExplainArgs;
use crate::{Exit, pack};

/// Runs `explain`.
pub fn run(args: &ExplainArgs, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(args.rules.as_deref(), registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let pack = engine.pack();
    let locale = args.lang.unwrap_or_else(crate::cli::locale_from_env);
    let text = if let Some(symptom) = pack.symptom(&args.id) {
        explain_symptom(pack, symptom, locale)
    } else if let Some(cause) = pack.cause(&args.id) {
        explain_cause(pack, cause, locale)
    } else if let Some(resolution) = pack.resolution(&args.id) {
        explain_resolution(pack, resolution, locale)
    } else {
        let ids = pack
            .symptoms()
            .iter()
            .map(|symptom| symptom.id.as_str())
            .chain(pack.causes().iter().map(|cause| cause.id.as_str()))
            .chain(
                pack.resolutions()
                    .iter()
                    .map(|resolution| resolution.id.as_str()),
            );
        let hint = jamf_triage_core::evidence::suggest::closest(&args.id, ids)
            .map(|id| format!(": did you mean `{id}`?"))
            .unwrap_or_default();
        bail!(
            "`{}` is not a symptom, cause or resolution id of this rule pack{hint} (see `jamf-triage rules list`)",
            args.id
        );
    };
    crate::output::emit(&text)?;
    Ok(Exit::Ok)
}

fn heading(out: &mut String, kind: &str, id: &str, title: &LocalizedText, locale: Locale) {
    let _ = writeln!(out, "{kind} {id}: {}", title.get(locale));
}

fn paragraph(out: &mut String, text: &LocalizedText, locale: Locale) {
    let text = text.get(locale);
    if !text.is_empty() {
        let _ = writeln!(out, "\n{text}");
    }
}

fn explain_symptom(pack: &RulePack, symptom: &SymptomDef, locale: Locale) -> String {
    let mut out = String::new();
    heading(&mut out, "symptom", &symptom.id, &symptom.title, locale);
    let _ = writeln!(
        out,
        "scope: {:?}, severity: {:?}",
        symptom.scope, symptom.severity
    );
    paragraph(&mut out, &symptom.description, locale);
    let _ = writeln!(out, "\ncauses:");
    for id in &symptom.causes {
        let title = pack.cause(id).map_or("", |cause| cause.title.get(locale));
        let _ = writeln!(out, "  - {id}: {title}");
    }
    if let Some(detect) = &symptom.detect {
        let _ = writeln!(
            out,
            "\ndetected when:\n{}",
            indent(&jamf_triage_core::to_yaml(detect).unwrap_or_default())
        );
    }
    out
}

fn explain_cause(pack: &RulePack, cause: &CauseDef, locale: Locale) -> String {
    let mut out = String::new();
    heading(&mut out, "cause", &cause.id, &cause.title, locale);
    let _ = writeln!(
        out,
        "scope: {:?}, severity: {:?}",
        cause.scope, cause.severity
    );
    paragraph(&mut out, &cause.description, locale);
    let symptoms: Vec<&str> = pack
        .symptoms()
        .iter()
        .filter(|symptom| symptom.causes.contains(&cause.id))
        .map(|symptom| symptom.id.as_str())
        .collect();
    if !symptoms.is_empty() {
        let _ = writeln!(out, "\nexplains: {}", symptoms.join(", "));
    }
    let _ = writeln!(
        out,
        "\nconfirmed when (ruled out when false, undetermined when unknown):\n{}",
        indent(&jamf_triage_core::to_yaml(&cause.when).unwrap_or_default())
    );
    if let Some(resolution) = pack.resolution(&cause.resolution) {
        out.push('\n');
        out.push_str(&explain_resolution(pack, resolution, locale));
    }
    out
}

fn explain_resolution(pack: &RulePack, resolution: &ResolutionDef, locale: Locale) -> String {
    let mut out = String::new();
    heading(
        &mut out,
        "resolution",
        &resolution.id,
        &resolution.title,
        locale,
    );
    paragraph(&mut out, &resolution.description, locale);
    out.push('\n');
    for (number, step) in resolution.steps.iter().enumerate() {
        let _ = writeln!(out, "{:>3}. {}", number + 1, step.text.get(locale));
        if let Some(command) = &step.command {
            let _ = writeln!(out, "       $ {command}");
        }
        if let Some(location) = &step.location {
            let _ = writeln!(out, "       > {location}");
        }
        if let Some(link) = &step.link {
            let _ = writeln!(out, "       {link}");
        }
        if let Some(warning) = &step.warning {
            let _ = writeln!(out, "       ! {}", warning.get(locale));
        }
    }
    let users: Vec<&str> = pack
        .causes()
        .iter()
        .filter(|cause| cause.resolution == resolution.id)
        .map(|cause| cause.id.as_str())
        .collect();
    let _ = writeln!(out, "\nresolves: {}", users.join(", "));
    for reference in &resolution.references {
        let _ = write!(out, "see: {}", reference.title);
        if let Some(section) = &reference.section {
            let _ = write!(out, ", {section}");
        }
        if let Some(url) = &reference.url {
            let _ = write!(out, " <{url}>");
        }
        out.push('\n');
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}
