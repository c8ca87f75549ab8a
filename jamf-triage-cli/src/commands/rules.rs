//! `jamf-triage rules lint | test | list`: for rule authors.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Result;
use jamf_triage_core::fixture::{Expectation, FixtureFile, load_fixtures, run_fixtures};
use jamf_triage_core::{Locale, LocalizedText, RulePack};
use jamf_triage_sources::Registry;
use serde::Serialize;

use crate::cli::{ListFormat, RulesCommand};
use crate::{Exit, pack};

/// Runs a `rules` subcommand.
pub fn run(command: &RulesCommand, registry: &Registry) -> Result<Exit> {
    match command {
        RulesCommand::Lint { dir } => lint(dir.as_deref(), registry),
        RulesCommand::Test { dir } => test(dir.as_deref(), registry),
        RulesCommand::List { rules, format } => list(rules.as_deref(), *format, registry),
    }
}

fn lint(dir: Option<&Path>, registry: &Registry) -> Result<Exit> {
    match pack::engine(dir, registry) {
        Ok(engine) => {
            let pack = engine.pack();
            crate::output::emit(&format!(
                "ok: {} symptoms, {} causes, {} resolutions\n",
                pack.symptoms().len(),
                pack.causes().len(),
                pack.resolutions().len()
            ))?;
            Ok(Exit::Ok)
        }
        Err(pack::PackFailure::Rules(errors)) => {
            crate::output::emit(&format!("{errors}\n{} error(s)\n", errors.len()))?;
            Ok(Exit::Found)
        }
        Err(pack::PackFailure::Io(error)) => Err(error),
    }
}

/// Reads the fixtures of a pack, printing the files that do not read.
fn fixtures(dir: Option<&Path>) -> Result<(Vec<FixtureFile>, usize)> {
    let sources = pack::fixture_files(dir)?;
    let (files, errors) = load_fixtures(
        sources
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str())),
    );
    let text: String = errors.iter().map(|error| format!("{error}\n\n")).collect();
    crate::output::emit(&text)?;
    Ok((files, errors.len()))
}

fn test(dir: Option<&Path>, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(dir, registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let (files, unreadable) = fixtures(dir)?;
    let outcomes = run_fixtures(&files, |evidence| engine.diagnose(evidence));
    let failed: Vec<_> = outcomes
        .iter()
        .filter(|outcome| !outcome.passed())
        .collect();
    let mut text: String = failed
        .iter()
        .map(|outcome| format!("{outcome}\n\n"))
        .collect();
    let passed = outcomes.len() - failed.len();
    let _ = writeln!(
        text,
        "{passed} passed, {} failed",
        failed.len() + unreadable
    );
    crate::output::emit(&text)?;
    Ok(if failed.is_empty() && unreadable == 0 {
        Exit::Ok
    } else {
        Exit::Found
    })
}

/// One entry of `rules list`.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    kind: &'static str,
    id: &'a str,
    title: &'a str,
    /// Locales every text of the entry is written in.
    locales: Vec<&'static str>,
    /// Fixture cases per expected verdict or status.
    fixtures: BTreeMap<&'static str, usize>,
}

fn list(dir: Option<&Path>, format: ListFormat, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(dir, registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let (files, _) = fixtures(dir)?;
    let entries = entries(engine.pack(), &files);
    match format {
        ListFormat::Json => {
            crate::output::emit(&format!("{}\n", serde_json::to_string_pretty(&entries)?))?;
        }
        ListFormat::Text => {
            let mut text = String::new();
            let width = entries
                .iter()
                .map(|entry| entry.id.len())
                .max()
                .unwrap_or(0);
            for entry in &entries {
                let fixtures: Vec<String> = entry
                    .fixtures
                    .iter()
                    .map(|(expect, count)| format!("{expect} {count}"))
                    .collect();
                let _ = writeln!(
                    text,
                    "{:10}  {:width$}  {:16}  {}",
                    entry.kind,
                    entry.id,
                    entry.locales.join(","),
                    if fixtures.is_empty() {
                        "-".to_owned()
                    } else {
                        fixtures.join(", ")
                    },
                );
            }
            crate::output::emit(&text)?;
        }
    }
    Ok(Exit::Ok)
}

fn entries<'a>(pack: &'a RulePack, files: &[FixtureFile]) -> Vec<Entry<'a>> {
    let counts = |id: &str| {
        let mut counts = BTreeMap::new();
        for file in files.iter().filter(|file| file.target.id() == id) {
            for case in &file.cases {
                *counts.entry(expectation_name(case.expect)).or_insert(0) += 1;
            }
        }
        counts
    };
    let mut entries = Vec::new();
    for symptom in pack.symptoms() {
        entries.push(Entry {
            kind: "symptom",
            id: &symptom.id,
            title: symptom.title.get(Locale::En),
            locales: locales([&symptom.title, &symptom.description]),
            fixtures: counts(&symptom.id),
        });
    }
    for cause in pack.causes() {
        entries.push(Entry {
            kind: "cause",
            id: &cause.id,
            title: cause.title.get(Locale::En),
            locales: locales([&cause.title, &cause.description]),
            fixtures: counts(&cause.id),
        });
    }
    for resolution in pack.resolutions() {
        let texts = [&resolution.title, &resolution.description]
            .into_iter()
            .chain(
                resolution
                    .steps
                    .iter()
                    .flat_map(|step| std::iter::once(&step.text).chain(&step.warning)),
            );
        entries.push(Entry {
            kind: "resolution",
            id: &resolution.id,
            title: resolution.title.get(Locale::En),
            locales: locales(texts),
            fixtures: BTreeMap::new(),
        });
    }
    entries
}

fn expectation_name(expect: Expectation) -> &'static str {
    expect.name()
}

/// The locales in which every non-empty text is written.
fn locales<'t>(texts: impl IntoIterator<Item = &'t LocalizedText> + Clone) -> Vec<&'static str> {
    Locale::ALL
        .into_iter()
        .filter(|locale| {
            texts
                .clone()
                .into_iter()
                .all(|text| text.0.is_empty() || text.has(*locale))
        })
        .map(Locale::code)
        .collect()
}
