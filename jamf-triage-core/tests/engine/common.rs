//! Helpers shared by the test modules.

use jamf_triage_core::{
    Engine, Evidence, FactCatalog, Lines, Provenance, RuleErrors, RulePack, RuleSource,
};

/// The catalog of `tests/data/catalog.yaml`.
pub fn catalog() -> FactCatalog {
    FactCatalog::from_yaml(include_str!("../data/catalog.yaml")).expect("the test catalog is valid")
}

/// Loads and compiles one rule text named `rules/test.yaml`.
pub fn compile(text: &str) -> Result<Engine, RuleErrors> {
    let pack = RulePack::load(&[RuleSource::new("rules/test.yaml", text)])?;
    Engine::compile(pack, &catalog())
}

/// Compiles a rule text that must be valid.
pub fn engine(text: &str) -> Engine {
    match compile(text) {
        Ok(engine) => engine,
        Err(errors) => panic!("rules should compile:\n{errors}"),
    }
}

/// A provenance for test facts.
pub fn source(artifact: &str) -> Provenance {
    Provenance::new("test", artifact)
}

/// Lines of `artifact`, numbered from 1.
pub fn lines(artifact: &str, texts: &[&str]) -> Lines {
    let mut lines = Lines::default();
    for (index, text) in texts.iter().enumerate() {
        lines.push(artifact, u32::try_from(index + 1).expect("few lines"), text);
    }
    lines
}

/// Evidence observed at 2024-06-03T12:00:00Z, with no facts yet.
pub fn evidence() -> Evidence {
    let now: jiff::Timestamp = "2024-06-03T12:00:00Z".parse().expect("valid time");
    Evidence::builder().observed_at(now).build()
}

/// A timestamp.
pub fn at(text: &str) -> jiff::Timestamp {
    text.parse().expect("valid time")
}

/// A pack of one cause `c` whose `when` is `condition` (YAML flow or block text), plus any extra
/// causes (YAML list items) it may refer to.
pub fn one_cause(condition: &str, extra_causes: &str) -> Engine {
    engine(&format!(
        "causes:
  - id: c
    scope: device
    severity: high
    title: {{ en: C }}
    resolution: r
    when: {condition}
{extra_causes}
resolutions:
  - id: r
    scope: device
    title: {{ en: R }}
    steps: []
"
    ))
}

/// The truth of cause `c` of `engine` on `evidence`.
pub fn truth_of(engine: &Engine, evidence: &Evidence) -> jamf_triage_core::Truth {
    use jamf_triage_core::{Truth, Verdict};
    match engine
        .diagnose(evidence)
        .cause("c")
        .map(|finding| finding.verdict)
    {
        Some(Verdict::Confirmed) => Truth::True,
        Some(Verdict::RuledOut) => Truth::False,
        _ => Truth::Unknown,
    }
}
