//! Loading bundles from disk and checking evidence against the fact catalog.

use std::io::Read;
use std::path::{Path, PathBuf};

use jamf_triage_bundle::DirArtifacts;
use jamf_triage_collector_jamf_pro::JamfProSource;
use jamf_triage_evidence::{
    ArtifactSource, CollectInput, EveryLine, Evidence, FactValue, Lines, Source, Subject,
    parse_zoned,
};
use serde::Deserialize;

/// The example bundles shipped with the repository.
pub fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/bundles")
}

/// A fixture bundle of this crate's `tests/data/`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

#[derive(Deserialize)]
struct Context {
    subject: Option<Subject>,
}

#[derive(Deserialize)]
struct Manifest {
    collected_at: Option<String>,
}

/// The whole of the artifact at `path`.
pub fn read(artifacts: &dyn ArtifactSource, path: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    artifacts
        .open(path)
        .expect(path)
        .read_to_end(&mut bytes)
        .expect(path);
    bytes
}

/// Collects the bundle at `root` for the subject of its `context.yaml`, at the `collected_at`
/// of its `manifest.yaml`.
pub fn collect_bundle(root: &Path) -> Evidence {
    let artifacts = DirArtifacts::open(root).expect("bundle directory");
    collect(&artifacts)
}

/// Collects `artifacts` for the subject and time their `context.yaml` and `manifest.yaml` give.
pub fn collect(artifacts: &dyn ArtifactSource) -> Evidence {
    let text = |path: &str| String::from_utf8(read(artifacts, path)).expect("UTF-8");
    let context: Context = jamf_triage_evidence::from_yaml(&text("context.yaml")).expect("context");
    let manifest: Manifest =
        jamf_triage_evidence::from_yaml(&text("manifest.yaml")).expect("manifest");
    let subject = context.subject.unwrap_or_default();
    let collected_at = manifest
        .collected_at
        .map(|at| parse_zoned(&at).expect("collected_at is a zoned time"));
    let mut evidence = Evidence::builder().subject(subject.clone()).build();
    evidence.observed_at = collected_at.as_ref().map(jiff::Zoned::timestamp);
    let input = CollectInput {
        artifacts,
        subject: &subject,
        collected_at: collected_at.as_ref(),
        lines: &EveryLine,
    };
    JamfProSource.collect(&input, &mut evidence);
    assert_declared(&evidence);
    evidence
}

/// Every fact in `evidence` is declared in the source's catalog, with the declared type.
pub fn assert_declared(evidence: &Evidence) {
    let specs = JamfProSource.facts();
    for (name, fact) in evidence.facts() {
        let spec = specs.iter().find(|spec| spec.name == name);
        let spec = spec.unwrap_or_else(|| panic!("`{name}` is not declared"));
        assert_eq!(
            fact.value.fact_type(),
            spec.fact_type,
            "`{name}` has another type than declared"
        );
        assert_eq!(
            fact.provenance.collector, "jamf-pro",
            "`{name}` names another collector"
        );
    }
}

/// The lines of a lines fact.
pub fn lines<'a>(evidence: &'a Evidence, name: &str) -> &'a Lines {
    match evidence.get(name).map(|fact| &fact.value) {
        Some(FactValue::Lines(lines)) => lines,
        other => panic!("`{name}` is not a lines fact: {other:?}"),
    }
}

/// The value of a fact.
pub fn value<'a>(evidence: &'a Evidence, name: &str) -> &'a FactValue {
    &evidence
        .get(name)
        .unwrap_or_else(|| panic!("no fact `{name}`"))
        .value
}
