//! Shared helpers: where the example bundles are, their subjects, and collecting them.

use std::path::{Path, PathBuf};

use jamf_triage_bundle::DirArtifacts;
use std::io::Read as _;

use jamf_triage_collector_graph::GraphSource;
use jamf_triage_evidence::{
    ArtifactSource, CollectInput, EveryLine, Evidence, FactValue, MemoryArtifacts, Source, Subject,
};

/// The example bundles of the repository.
pub const BUNDLES: [&str; 6] = [
    "duplicate-registration",
    "graph-token-permissions",
    "healthy",
    "portal-opened-directly",
    "device-compliance-healthy",
    "device-compliance-not-compliant",
];

/// The folder of an example bundle.
pub fn bundle_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/bundles")
        .join(name)
}

/// An example bundle on disk.
pub fn open_bundle(name: &str) -> DirArtifacts {
    DirArtifacts::open(bundle_dir(name)).expect("example bundle")
}

/// The subject of a bundle: the `subject: { serial: ..., user: ... }` line of its `context.yaml`.
pub fn subject_of(artifacts: &dyn ArtifactSource) -> Subject {
    let bytes = read(artifacts, "context.yaml").expect("context.yaml");
    let text = String::from_utf8_lossy(&bytes);
    let line = text
        .lines()
        .find_map(|line| line.strip_prefix("subject:"))
        .expect("a subject line");
    let inner = line.trim().trim_start_matches('{').trim_end_matches('}');
    let mut subject = Subject::default();
    for pair in inner.split(',') {
        let Some((key, value)) = pair.split_once(':') else {
            continue;
        };
        let value = Some(value.trim().to_owned());
        match key.trim() {
            "serial" => subject.serial = value,
            "user" => subject.user = value,
            _ => {}
        }
    }
    subject
}

/// Collects `artifacts` about `subject`.
pub fn collect(artifacts: &dyn ArtifactSource, subject: &Subject) -> Evidence {
    let mut evidence = Evidence::default();
    evidence.subject = subject.clone();
    let input = CollectInput {
        artifacts,
        subject,
        collected_at: None,
        lines: &EveryLine,
    };
    GraphSource.collect(&input, &mut evidence);
    evidence
}

/// A copy of a bundle's `graph/` artifacts (all this collector reads) in memory, to damage it.
pub fn in_memory(artifacts: &dyn ArtifactSource) -> MemoryArtifacts {
    let mut copy = MemoryArtifacts::new();
    for path in artifacts
        .paths()
        .into_iter()
        .filter(|path| path.starts_with("graph/"))
    {
        copy.insert(path.clone(), read(artifacts, &path).expect("readable"));
    }
    copy
}

/// An artifact's bytes, whole (`None` when absent or unreadable).
pub fn read(artifacts: &dyn ArtifactSource, path: &str) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    artifacts.open(path).ok()?.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// A list fact's items.
pub fn list(evidence: &Evidence, name: &str) -> Vec<String> {
    match evidence.get(name).map(|fact| &fact.value) {
        Some(FactValue::List(items)) => items.clone(),
        other => panic!("{name}: expected a list, found {other:?}"),
    }
}

/// A fact's value as text (`None` when absent).
pub fn value(evidence: &Evidence, name: &str) -> Option<String> {
    evidence.get(name).map(|fact| fact.value.to_string())
}
