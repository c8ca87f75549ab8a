//! Shared helpers: example bundles, their collection time, and running the source.

use std::io::Read;
use std::path::{Path, PathBuf};

use jamf_triage_bundle::DirArtifacts;
use jamf_triage_collector_device::DeviceSource;
use jamf_triage_evidence::{
    ArtifactError, ArtifactSource, CollectInput, EveryLine, Evidence, FactCatalog, MemoryArtifacts,
    Source, Subject, parse_zoned,
};
use jiff::Zoned;

/// The example bundles shipped with the repository.
pub const EXAMPLES: &[&str] = &[
    "duplicate-registration",
    "graph-token-permissions",
    "healthy",
    "portal-opened-directly",
    "device-compliance-healthy",
    "device-compliance-not-compliant",
];

/// The directory of an example bundle.
pub fn example_root(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/bundles")
        .join(name)
}

/// A file of this crate's test data.
pub fn data(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(path);
    std::fs::read(&full).unwrap_or_else(|error| panic!("{}: {error}", full.display()))
}

/// An example bundle on disk.
pub fn example(name: &str) -> DirArtifacts {
    DirArtifacts::open(example_root(name)).expect("example bundle")
}

/// The whole of one artifact.
pub fn read(artifacts: &dyn ArtifactSource, path: &str) -> Result<Vec<u8>, ArtifactError> {
    let mut bytes = Vec::new();
    artifacts
        .open(path)?
        .read_to_end(&mut bytes)
        .map_err(|error| jamf_triage_evidence::read_error(path, &error))?;
    Ok(bytes)
}

/// `collected_at` from a bundle's `manifest.yaml`.
pub fn collected_at(artifacts: &dyn ArtifactSource) -> Option<Zoned> {
    let manifest = read(artifacts, "manifest.yaml").ok()?;
    let manifest = String::from_utf8(manifest).ok()?;
    let line = manifest
        .lines()
        .find_map(|line| line.strip_prefix("collected_at:"))?;
    Some(parse_zoned(line).expect("collected_at is RFC 3339 with an offset"))
}

/// Every artifact of a source, copied into memory.
pub fn in_memory(artifacts: &dyn ArtifactSource) -> MemoryArtifacts {
    let mut memory = MemoryArtifacts::new();
    for path in artifacts.paths() {
        memory.insert(
            path.clone(),
            read(artifacts, &path).expect("readable artifact"),
        );
    }
    memory
}

/// Runs the source.
pub fn collect(artifacts: &dyn ArtifactSource, subject: &Subject, at: Option<&Zoned>) -> Evidence {
    let mut evidence = Evidence::default();
    let input = CollectInput {
        artifacts,
        subject,
        collected_at: at,
        lines: &EveryLine,
    };
    DeviceSource.collect(&input, &mut evidence);
    evidence
}

/// Runs the source on a bundle with its own collection time and no subject.
pub fn collect_bundle(artifacts: &dyn ArtifactSource) -> Evidence {
    let at = collected_at(artifacts);
    collect(artifacts, &Subject::default(), at.as_ref())
}

/// The source's declared facts.
pub fn catalog() -> FactCatalog {
    let mut catalog = FactCatalog::new();
    catalog
        .extend(DeviceSource.facts())
        .expect("distinct names");
    catalog
}

/// Asserts that every fact is declared, with its declared type, and comes from this source.
pub fn assert_declared(evidence: &Evidence) {
    let catalog = catalog();
    for (name, fact) in evidence.facts() {
        let spec = catalog
            .get(name)
            .unwrap_or_else(|| panic!("`{name}` is not declared"));
        assert_eq!(fact.value.fact_type(), spec.fact_type, "type of `{name}`");
        assert_eq!(fact.provenance.collector, "device", "collector of `{name}`");
    }
}

/// The value of a fact, as text.
pub fn value(evidence: &Evidence, name: &str) -> Option<String> {
    evidence.get(name).map(|fact| fact.value.to_string())
}
