//! # jamf-triage-rules
//!
//! The built-in rule pack of jamf-triage: every symptom, cause and resolution of the Jamf Pro ↔
//! Microsoft Intune / Entra ID integration, written in YAML under `rules/` and embedded here at
//! build time, with the fixtures under `rules/tests/` that prove each rule.
//!
//! The pack knows no source. It is written against a fact catalog, `rules/catalog/facts.yaml`:
//! the catalog the source registry (`jamf-triage-sources`) assembles from every source's
//! declarations, written out by that crate's tests and checked there to be current, so that a
//! source that renames or retypes a fact fails a test instead of silently breaking a rule. A
//! program with other sources compiles the pack against its own registry's catalog with
//! [`compile_with`].
//!
//! The pack is compiled once, the first time it is needed; a pack that does not compile is a bug
//! of this crate (its tests prove that it compiles and that every fixture passes).
//!
//! The build script loads the rule files once, with the loader a rule author's pack goes through
//! ([`RulePack::load`]), and embeds the pack's entries as JSON next to the YAML texts: at run
//! time [`pack`] reads that JSON ([`RulePack::from_rule_files`]), several times faster than the
//! YAML, and keeps the texts, so that an error is still located at file:line:column. A test
//! proves that the two give the same pack. When the rule files do not load, the build does not
//! fail: it warns, and [`pack`] reads the YAML, whose mistakes it reports in place (so that a rule
//! author can still build and run `jamf-triage rules lint rules/`).
//!
//! Most embedders need one call, [`diagnose`]:
//!
//! ```
//! use jamf_triage_core::{Evidence, Provenance, Verdict};
//!
//! let inventory = Provenance::new("jamf-pro", "jamf-pro/computers-inventory.json");
//! let last_contact = jamf_triage_core::parse_instant("2024-05-31T09:12:40Z")?;
//! let evidence = Evidence::builder()
//!     .observed_at(jamf_triage_core::parse_instant("2024-06-03T12:20:00Z")?)
//!     .fact("jamf.computer.last_contact", last_contact, inventory)
//!     .build();
//! let report = jamf_triage_rules::diagnose(&evidence);
//! let finding = report.cause("jamf-checkin-missed").expect("a built-in cause");
//! assert_eq!(finding.verdict, Verdict::Confirmed);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::sync::OnceLock;

use jamf_triage_core::fixture::{CaseOutcome, FixtureFile};
use jamf_triage_core::model::RuleFile;
use jamf_triage_core::{Engine, Evidence, FactCatalog, Report, RuleErrors, RulePack, RuleSource};

/// One embedded file: its path relative to the workspace root, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The path relative to the workspace root (`rules/symptoms.yaml`).
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// The rule files of the built-in pack (`rules/*.yaml`), sorted by name.
pub fn sources() -> &'static [Source] {
    embedded::RULE_FILES
}

/// The fixture files of the built-in pack (`rules/tests/**/*.yaml`), sorted by name.
pub fn fixture_sources() -> &'static [Source] {
    embedded::FIXTURE_FILES
}

/// The catalog the pack is written against (`rules/catalog/*.yaml`).
pub fn catalog_sources() -> &'static [Source] {
    embedded::CATALOG_FILES
}

/// The fact catalog the built-in pack is validated against: the built-in facts and the facts of
/// the built-in sources, as the registry assembled them (`rules/catalog/facts.yaml`).
///
/// # Panics
/// When the embedded catalog does not read: a bug of the workspace, caught by its tests.
pub fn catalog() -> &'static FactCatalog {
    static CATALOG: OnceLock<FactCatalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        build_catalog().unwrap_or_else(|error| panic!("built-in fact catalogs: {error}"))
    })
}

fn build_catalog() -> Result<FactCatalog, jamf_triage_core::CatalogError> {
    let mut catalog = FactCatalog::builtin();
    for source in catalog_sources() {
        for spec in FactCatalog::from_yaml(source.text)?.iter() {
            if catalog.get(&spec.name).is_none() {
                catalog.add(spec.clone())?;
            }
        }
    }
    Ok(catalog)
}

/// The built-in pack, with [`sources`] as its texts (errors are located there).
///
/// The build script loaded the rule files once and embedded their entries as JSON, which is
/// read here, several times faster than the YAML; when they did not load at build time, the
/// YAML is read, and its mistakes reported at file:line:column.
///
/// # Errors
/// [`RuleErrors`] when a rule file does not load: a bug of this crate, caught by its tests.
pub fn pack() -> Result<RulePack, RuleErrors> {
    read_pack(sources(), embedded::PREPARSED)
}

/// The pack of `sources`, from `preparsed` (the JSON of their [`RulePack::rule_files`]) when
/// there is one that reads, else from their YAML.
fn read_pack(sources: &[Source], preparsed: Option<&str>) -> Result<RulePack, RuleErrors> {
    let texts: Vec<RuleSource<'_>> = sources
        .iter()
        .map(|source| RuleSource::new(source.name, source.text))
        .collect();
    let files = preparsed
        .and_then(|json| RuleFile::list_from_json(json).ok())
        .filter(|files| files.len() == texts.len());
    match files {
        Some(files) => RulePack::from_rule_files(texts.into_iter().zip(files)),
        None => RulePack::load(&texts),
    }
}

/// Loads and compiles the built-in pack against [`catalog`], without caching it: what
/// [`engine`] does once, for callers that want the errors rather than a panic.
///
/// # Errors
/// [`RuleErrors`] when the pack does not load or compile.
pub fn compile() -> Result<Engine, RuleErrors> {
    compile_with(catalog())
}

/// Loads and compiles the built-in pack against `catalog` (a registry's, with sources of its
/// own), without caching it.
///
/// # Errors
/// [`RuleErrors`] when the pack does not load, or names a fact `catalog` lacks.
pub fn compile_with(catalog: &FactCatalog) -> Result<Engine, RuleErrors> {
    Engine::compile(pack()?, catalog)
}

/// The built-in pack, compiled once on first use and shared by every caller (an [`Engine`] is
/// `Send + Sync`).
///
/// # Panics
/// When the built-in pack does not compile: a bug of this crate, caught by its tests.
pub fn engine() -> &'static Engine {
    try_engine()
        .unwrap_or_else(|errors| panic!("the built-in rule pack does not compile:\n{errors}"))
}

/// The built-in pack, compiled once on first use, or the errors that kept it from compiling
/// (once too): what [`engine`] gives, for a caller that reports a broken pack instead of
/// panicking (`jamf-triage rules lint` run on a working copy whose rules a rule author broke).
///
/// # Errors
/// The [`RuleErrors`] of the pack, each at file:line:column.
pub fn try_engine() -> Result<&'static Engine, &'static RuleErrors> {
    static ENGINE: OnceLock<Result<Engine, RuleErrors>> = OnceLock::new();
    ENGINE.get_or_init(compile).as_ref()
}

/// Diagnoses `evidence` with the built-in pack: the one call most embedders need.
///
/// ```
/// use jamf_triage_core::{Evidence, Provenance, Verdict};
///
/// let graph = Provenance::new("graph", "graph/licenseDetails/adele@contoso.example.json");
/// let evidence = Evidence::builder()
///     .observed_at(jamf_triage_core::parse_instant("2024-06-03T12:20:00Z")?)
///     .fact("graph.user.licensed_plans", vec!["AAD_PREMIUM".to_owned()], graph)
///     .build();
/// let report = jamf_triage_rules::diagnose(&evidence);
/// let licence = report.cause("intune-license-missing").expect("a built-in cause");
/// assert_eq!(licence.verdict, Verdict::Confirmed); // no INTUNE_A plan
/// assert_eq!(licence.resolution.id, "assign-licenses");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diagnose(evidence: &Evidence) -> Report<'_> {
    engine().diagnose(evidence)
}

/// The built-in fixtures, read once.
///
/// # Panics
/// When an embedded fixture file does not read: a bug of this crate, caught by its tests.
pub fn fixtures() -> &'static [FixtureFile] {
    static FIXTURES: OnceLock<Vec<FixtureFile>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let (files, errors) = jamf_triage_core::fixture::load_fixtures(
            fixture_sources()
                .iter()
                .map(|source| (source.name, source.text)),
        );
        if let Some(error) = errors.first() {
            panic!("built-in fixtures: {error}");
        }
        files
    })
}

/// Runs every built-in fixture against the built-in pack: one outcome per case.
pub fn run_fixtures() -> Vec<CaseOutcome> {
    jamf_triage_core::fixture::run_fixtures(fixtures(), diagnose)
}

/// The fact catalog as a Markdown table (name, type, provider, meaning), the one that
/// `docs/RULES.md` shows.
pub fn fact_table(catalog: &FactCatalog) -> String {
    let mut table = String::from("| fact | type | provider | meaning |\n|---|---|---|---|\n");
    for spec in catalog.iter() {
        let meaning = spec.meaning.replace('|', "\\|");
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            spec.name, spec.fact_type, spec.provider, meaning
        ));
    }
    table
}

/// The README's examples, compiled and run as doc tests so that they stay true.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_is_compiled_once_whichever_way_it_is_asked_for() {
        let tried = try_engine().expect("the built-in pack compiles");
        assert!(std::ptr::eq(tried, engine()));
    }

    #[test]
    fn the_build_embeds_the_entries_the_yaml_reads_to() {
        let from_yaml = read_pack(sources(), None).expect("the YAML loads");
        let json = embedded::PREPARSED.expect("the build script read the pack");
        let files = RuleFile::list_from_json(json).expect("the JSON reads");
        assert_eq!(files, from_yaml.rule_files());

        let built_in = pack().expect("the pack loads");
        assert_eq!(built_in.generations(), from_yaml.generations());
        assert_eq!(built_in.symptoms(), from_yaml.symptoms());
        assert_eq!(built_in.causes(), from_yaml.causes());
        assert_eq!(built_in.resolutions(), from_yaml.resolutions());
        assert!(built_in.file_names().eq(from_yaml.file_names()));

        // Against a catalog without the pack's facts, the same errors, in the same places.
        let empty = FactCatalog::new();
        let errors = |pack| {
            Engine::compile(pack, &empty)
                .expect_err("unknown facts")
                .to_string()
        };
        let located = errors(built_in);
        assert!(located.contains("rules/causes-device.yaml:"), "{located}");
        assert_eq!(located, errors(from_yaml));
    }

    #[test]
    fn the_preparsed_pack_is_read_when_it_reads_else_the_yaml() {
        let text = "resolutions:\n  - id: wait\n    scope: device\n    title: { en: Wait }\n    steps: []\n";
        let sources = [Source {
            name: "rules/resolutions.yaml",
            text,
        }];
        let mut files = read_pack(&sources, None).expect("loads").rule_files();
        files[0].resolutions[0].id = "wait-longer".to_owned();
        let json = serde_json::to_string(&files).expect("serializes");
        let pack = read_pack(&sources, Some(&json)).expect("reads");
        assert!(pack.resolution("wait-longer").is_some());
        for unreadable in ["[", "[]", "[{}, {}]"] {
            let pack = read_pack(&sources, Some(unreadable)).expect("the YAML loads");
            assert!(pack.resolution("wait").is_some(), "{unreadable}");
        }
    }

    #[test]
    fn a_pack_that_did_not_load_at_build_time_reports_its_mistakes_in_place() {
        let text = "resolutions:\n  - id: wait\n    scpoe: device\n    title: { en: Wait }\n    steps: []\n";
        let sources = [Source {
            name: "rules/resolutions.yaml",
            text,
        }];
        let errors = read_pack(&sources, None).expect_err("a misspelt field");
        let places: Vec<String> = errors
            .iter()
            .map(|error| format!("{}:{}:{}", error.file, error.line, error.column))
            .collect();
        assert_eq!(places, ["rules/resolutions.yaml:3:5"]);
    }
}
