//! `explain` and `facts` in the reader's language: a symptom, cause or resolution of a rule pack
//! with its links, and the fact catalog with each fact's label. The conditions stay as the rule
//! pack writes them (YAML), for rule authors.

use std::fmt::Write as _;

use jamf_triage_core::model::{CauseDef, ResolutionDef, Scope, Severity, SymptomDef};
use jamf_triage_core::{FactCatalog, Locale, LocalizedText, RulePack};

use super::labels::Labels;

/// The words `explain` adds, in one locale.
struct ExplainWords {
    /// `[symptom, cause, resolution]`.
    kinds: [&'static str; 3],
    /// Introduces the causes of a symptom.
    causes: &'static str,
    /// Introduces a symptom's detection condition.
    detected_when: &'static str,
    /// Introduces the symptoms a cause explains.
    explains: &'static str,
    /// Introduces a cause's condition.
    confirmed_when: &'static str,
    /// Introduces the causes a resolution resolves.
    resolves: &'static str,
    /// Introduces the actor of a step.
    actor_none: &'static str,
}

const EN: ExplainWords = ExplainWords {
    kinds: ["Symptom", "Cause", "Resolution"],
    causes: "Possible causes",
    detected_when: "Detected when (the rule, as written)",
    explains: "Explains",
    confirmed_when: "Confirmed when (ruled out when false, undetermined when unknown; the rule, as written)",
    resolves: "Resolves",
    actor_none: "",
};

const PT_PT: ExplainWords = ExplainWords {
    kinds: ["Sintoma", "Causa", "Resolução"],
    causes: "Causas possíveis",
    detected_when: "Detetado quando (a regra, tal como está escrita)",
    explains: "Explica",
    confirmed_when: "Confirmada quando (excluída quando falso, por determinar quando desconhecido; a regra, tal como está escrita)",
    resolves: "Resolve",
    actor_none: "",
};

const ZH_CN: ExplainWords = ExplainWords {
    kinds: ["症状", "原因", "解决方法"],
    causes: "可能的原因",
    detected_when: "检测条件（规则原文）",
    explains: "导致的症状",
    confirmed_when: "确认条件（不成立则排除，未知则未确定；规则原文）",
    resolves: "适用的原因",
    actor_none: "",
};

fn words(locale: Locale) -> &'static ExplainWords {
    match locale {
        Locale::En => &EN,
        Locale::PtPt => &PT_PT,
        Locale::ZhCn => &ZH_CN,
    }
}

/// A symptom, cause or resolution of `pack` with its links, in `locale`; `None` when `id` is
/// none of them.
///
/// ```
/// # use jamf_triage_core::Locale;
/// let pack = jamf_triage_rules::pack()?;
/// let text = jamf_triage_render::render_explain(&pack, "client-secret-expired", Locale::PtPt);
/// assert!(text.is_some_and(|text| text.starts_with("Causa client-secret-expired: ")));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn render_explain(pack: &RulePack, id: &str, locale: Locale) -> Option<String> {
    if let Some(symptom) = pack.symptom(id) {
        Some(symptom_text(pack, symptom, locale))
    } else if let Some(cause) = pack.cause(id) {
        Some(cause_text(pack, cause, locale))
    } else {
        pack.resolution(id)
            .map(|resolution| resolution_text(pack, resolution, locale))
    }
}

/// The fact catalog as text, one fact a line: name, type, provider, then its label in `locale`
/// and its meaning (the meaning is the rule author's English).
pub fn render_facts(catalog: &FactCatalog, locale: Locale) -> String {
    let width = catalog
        .iter()
        .map(|spec| spec.name.len())
        .max()
        .unwrap_or(0);
    let mut text = String::new();
    for spec in catalog.iter() {
        let label = spec.label.as_ref().map_or("", |label| match locale {
            Locale::En => label.en.as_str(),
            Locale::PtPt => label.pt_pt.as_str(),
            Locale::ZhCn => label.zh_cn.as_str(),
        });
        let _ = write!(
            text,
            "{:width$}  {:9}  {:8}  ",
            spec.name,
            spec.fact_type.name(),
            spec.provider,
        );
        if label.is_empty() {
            let _ = writeln!(text, "{}", spec.meaning);
        } else {
            let _ = writeln!(text, "{label} — {}", spec.meaning);
        }
    }
    text
}

fn heading(out: &mut String, kind: &str, id: &str, title: &LocalizedText, locale: Locale) {
    let labels = Labels::of(locale);
    let _ = writeln!(out, "{kind} {id}{}{}", labels.colon, title.get(locale));
}

fn severity_scope(out: &mut String, severity: Option<Severity>, scope: Scope, locale: Locale) {
    let labels = Labels::of(locale);
    let mut line = String::new();
    if let Some(severity) = severity {
        let _ = write!(
            line,
            "{}{}{} · ",
            labels.severity,
            labels.colon,
            labels.severity(severity)
        );
    }
    let _ = writeln!(
        out,
        "{line}{}{}{}",
        labels.scope,
        labels.colon,
        labels.scope(scope)
    );
}

fn paragraph(out: &mut String, text: &LocalizedText, locale: Locale) {
    let text = text.get(locale);
    if !text.is_empty() {
        let _ = writeln!(out, "\n{text}");
    }
}

fn intro(out: &mut String, label: &str, locale: Locale) {
    let colon = Labels::of(locale).colon.trim_end();
    let _ = writeln!(out, "\n{label}{colon}");
}

fn symptom_text(pack: &RulePack, symptom: &SymptomDef, locale: Locale) -> String {
    let words = words(locale);
    let mut out = String::new();
    heading(
        &mut out,
        words.kinds[0],
        &symptom.id,
        &symptom.title,
        locale,
    );
    severity_scope(&mut out, Some(symptom.severity), symptom.scope, locale);
    paragraph(&mut out, &symptom.description, locale);
    intro(&mut out, words.causes, locale);
    for id in &symptom.causes {
        let title = pack.cause(id).map_or("", |cause| cause.title.get(locale));
        let _ = writeln!(out, "  - {id}: {title}");
    }
    if let Some(detect) = &symptom.detect {
        intro(&mut out, words.detected_when, locale);
        out.push_str(&indent(
            &jamf_triage_core::to_yaml(detect).unwrap_or_default(),
        ));
    }
    out
}

fn cause_text(pack: &RulePack, cause: &CauseDef, locale: Locale) -> String {
    let words = words(locale);
    let mut out = String::new();
    heading(&mut out, words.kinds[1], &cause.id, &cause.title, locale);
    severity_scope(&mut out, Some(cause.severity), cause.scope, locale);
    paragraph(&mut out, &cause.description, locale);
    let symptoms: Vec<&SymptomDef> = pack
        .symptoms()
        .iter()
        .filter(|symptom| symptom.causes.contains(&cause.id))
        .collect();
    if !symptoms.is_empty() {
        intro(&mut out, words.explains, locale);
        for symptom in symptoms {
            let _ = writeln!(out, "  - {}: {}", symptom.id, symptom.title.get(locale));
        }
    }
    intro(&mut out, words.confirmed_when, locale);
    out.push_str(&indent(
        &jamf_triage_core::to_yaml(&cause.when).unwrap_or_default(),
    ));
    if let Some(resolution) = pack.resolution(&cause.resolution) {
        out.push('\n');
        out.push_str(&resolution_text(pack, resolution, locale));
    }
    out
}

fn resolution_text(pack: &RulePack, resolution: &ResolutionDef, locale: Locale) -> String {
    let words = words(locale);
    let labels = Labels::of(locale);
    let mut out = String::new();
    heading(
        &mut out,
        words.kinds[2],
        &resolution.id,
        &resolution.title,
        locale,
    );
    paragraph(&mut out, &resolution.description, locale);
    out.push('\n');
    for (number, step) in resolution.steps.iter().enumerate() {
        let actor = step.actor.map_or(words.actor_none.to_owned(), |actor| {
            format!("{}{}", labels.actor(actor), labels.colon)
        });
        let _ = writeln!(out, "{:>3}. {actor}{}", number + 1, step.text.get(locale));
        if let Some(command) = &step.command {
            let _ = writeln!(out, "       $ {command}");
        }
        if let Some(location) = &step.location {
            let location = location.get(locale);
            let _ = writeln!(out, "       {}{}{location}", labels.location, labels.colon);
        }
        if let Some(link) = &step.link {
            let _ = writeln!(out, "       {}{}{link}", labels.link, labels.colon);
        }
        if let Some(warning) = &step.warning {
            let _ = writeln!(
                out,
                "       ⚠ {}{}{}",
                labels.warning,
                labels.colon,
                warning.get(locale)
            );
        }
    }
    let users: Vec<&CauseDef> = pack
        .causes()
        .iter()
        .filter(|cause| cause.resolution == resolution.id)
        .collect();
    if !users.is_empty() {
        intro(&mut out, words.resolves, locale);
        for cause in users {
            let _ = writeln!(out, "  - {}: {}", cause.id, cause.title.get(locale));
        }
    }
    if !resolution.references.is_empty() {
        intro(&mut out, labels.references, locale);
        for reference in &resolution.references {
            let _ = write!(out, "  - {}", reference.title);
            if let Some(section) = &reference.section {
                let _ = write!(out, " — {section}");
            }
            if let Some(url) = &reference.url {
                let _ = write!(out, " <{url}>");
            }
            out.push('\n');
        }
    }
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}
