//! The registry: the catalog the rule pack is written against, the subject and the time of a
//! bundle's diagnosis, and the shape of the workspace (who depends on whom, where fact names are
//! spelled).

use std::path::{Path, PathBuf};

use jamf_triage_evidence::{FactCatalog, MemoryArtifacts, Subject};
use jamf_triage_sources::{Registry, TimeSource};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `rules/catalog/facts.yaml` is the registry's catalog, written out; `JAMF_TRIAGE_BLESS=1`
/// writes it again after a source changed its declarations.
#[test]
fn the_rule_pack_is_written_against_the_registry_catalog() {
    let catalog = Registry::builtin()
        .catalog()
        .expect("no fact declared twice");
    let path = workspace().join("rules/catalog/facts.yaml");
    if std::env::var_os("JAMF_TRIAGE_BLESS").is_some() {
        let header = "# The fact catalog the built-in pack is written against: the built-in facts and every built-in\n# source's declarations, as the source registry assembles them. Written by\n# `JAMF_TRIAGE_BLESS=1 cargo test -p jamf-triage-sources`; a test there fails when it is stale.\n";
        std::fs::write(&path, format!("{header}{}", catalog.to_yaml())).expect("write catalog");
    }
    let written = std::fs::read_to_string(&path).expect("rules/catalog/facts.yaml");
    let written = FactCatalog::from_yaml(&written).expect("a catalog");
    assert_eq!(
        written, catalog,
        "rules/catalog/facts.yaml is stale: run JAMF_TRIAGE_BLESS=1 cargo test -p jamf-triage-sources"
    );
    assert_eq!(jamf_triage_rules::catalog(), &catalog);
    jamf_triage_rules::compile_with(&catalog).expect("the built-in pack compiles against it");
}

/// Reports name facts by their short labels: every built-in fact has one in every shipped
/// locale, and every fact a rule can name is given by some artifact (so that "to collect" can
/// name a file), except the built-in `observed_at`.
#[test]
fn every_fact_has_a_label_in_every_locale_and_an_artifact() {
    let registry = Registry::builtin();
    let catalog = registry.catalog().expect("catalog");
    let mut unlabelled = Vec::new();
    for spec in catalog.iter() {
        match &spec.label {
            Some(label)
                if [&label.en, &label.pt_pt, &label.zh_cn]
                    .iter()
                    .all(|text| !text.trim().is_empty()) => {}
            _ => unlabelled.push(spec.name.as_str()),
        }
    }
    assert!(
        unlabelled.is_empty(),
        "facts without a label in every locale: {unlabelled:?}"
    );
    let given: Vec<&str> = registry
        .artifacts()
        .flat_map(|(_, artifact)| artifact.facts.iter().copied())
        .collect();
    let orphans: Vec<&str> = catalog
        .iter()
        .map(|spec| spec.name.as_str())
        .filter(|name| *name != jamf_triage_evidence::OBSERVED_AT && !given.contains(name))
        .collect();
    assert!(
        orphans.is_empty(),
        "facts no artifact row gives: {orphans:?}"
    );
}

#[test]
fn every_source_has_a_distinct_name_and_folder_and_declares_what_its_artifacts_give() {
    let registry = Registry::builtin();
    let catalog = registry.catalog().expect("catalog");
    let mut names: Vec<&str> = registry.sources().map(|source| source.name()).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), registry.sources().len());
    for (source, artifact) in registry.artifacts() {
        for fact in artifact.facts {
            let spec = catalog.get(fact);
            assert!(
                spec.is_some(),
                "{source}: {} names undeclared {fact}",
                artifact.path
            );
        }
        assert!(artifact.limit > 0, "{}", artifact.path);
    }
    assert_eq!(registry.roots(), ["graph", "jamf-pro", "mac"]);
}

#[test]
fn the_subject_asked_for_wins_then_the_context_then_a_lone_mac_directory() {
    let registry = Registry::builtin();
    let artifacts = MemoryArtifacts::new()
        .with("mac/C02AAA/jamf.log", "")
        .with("mac/C02AAA/company-portal/a.log", "")
        .with("context.yaml", "subject: { user: adele@contoso.example }\n");
    let bundle = jamf_triage_bundle::Bundle::from_artifacts(artifacts);
    let subject = registry.subject(&bundle, &Subject::default());
    assert_eq!(subject.serial.as_deref(), Some("C02AAA"));
    assert_eq!(subject.user.as_deref(), Some("adele@contoso.example"));
    let asked = Subject {
        serial: Some("OTHER".to_owned()),
        user: None,
    };
    assert_eq!(
        registry.subject(&bundle, &asked).serial.as_deref(),
        Some("OTHER")
    );
}

#[test]
fn time_comes_from_context_then_manifest_then_caller_then_clock() {
    let registry = Registry::builtin();
    let given: jiff::Timestamp = "2030-01-01T00:00:00Z".parse().expect("time");
    let time = |artifacts: MemoryArtifacts, now| {
        let bundle = jamf_triage_bundle::Bundle::from_artifacts(artifacts);
        let collected = registry.collect(&bundle, &Subject::default(), now);
        (collected.evidence.observed_at, collected.time)
    };
    let manifest = "collected_at: 2024-06-03T14:20:00+02:00\n";
    let both = MemoryArtifacts::new()
        .with("manifest.yaml", manifest)
        .with("context.yaml", "observed_at: 2024-06-04T09:00:00+02:00\n");
    assert_eq!(time(both, Some(given)).1, TimeSource::Context);
    let only_manifest = MemoryArtifacts::new().with("manifest.yaml", manifest);
    assert_eq!(time(only_manifest, Some(given)).1, TimeSource::Manifest);
    assert_eq!(
        time(MemoryArtifacts::new(), Some(given)),
        (Some(given), TimeSource::Given)
    );
    assert_eq!(time(MemoryArtifacts::new(), None).1, TimeSource::Clock);
}

#[test]
fn an_example_bundle_is_collected_by_every_source() {
    let registry = Registry::builtin();
    let bundle = registry
        .open_bundle(workspace().join("examples/bundles/portal-opened-directly"))
        .expect("example bundle");
    let collected = registry.collect(&bundle, &Subject::default(), None);
    assert_eq!(collected.time, TimeSource::Manifest);
    let evidence = &collected.evidence;
    assert_eq!(evidence.subject.serial.as_deref(), Some("C02XK1ABJGH5"));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let providers: std::collections::BTreeSet<&str> = evidence
        .facts()
        .map(|(_, fact)| fact.provenance.collector.as_str())
        .collect();
    for source in registry.sources() {
        assert!(providers.contains(source.name()), "{}", source.name());
    }
}

/// Dependencies point one way: the engine and evidence crates know no source, no source knows
/// another, the rule pack knows no source (read from the manifests, as `cargo metadata` shows).
#[test]
fn dependencies_point_one_way() {
    let sources = [
        "jamf-triage-collector-context",
        "jamf-triage-collector-device",
        "jamf-triage-collector-jamf-pro",
        "jamf-triage-collector-graph",
    ];
    let manifest = |dir: &str| {
        let text =
            std::fs::read_to_string(workspace().join(dir).join("Cargo.toml")).expect("manifest");
        // Only the [dependencies] table: tests may use anything.
        text.split("\n[")
            .find(|table| table.starts_with("dependencies]"))
            .unwrap_or_default()
            .to_owned()
    };
    for (dir, forbidden) in [
        ("jamf-triage-evidence", &sources[..]),
        ("jamf-triage-core", &sources[..]),
        ("jamf-triage-rules", &sources[..]),
        ("jamf-triage-render", &sources[..]),
        ("jamf-triage-bundle", &sources[..]),
    ] {
        let dependencies = manifest(dir);
        for source in forbidden {
            assert!(!dependencies.contains(source), "{dir} depends on {source}");
        }
        assert!(
            !dependencies.contains("jamf-triage-sources"),
            "{dir} depends on the registry"
        );
    }
    for dir in [
        "collectors/context",
        "collectors/device",
        "collectors/jamf-pro",
        "collectors/graph",
    ] {
        let dependencies = manifest(dir);
        for source in sources {
            assert!(!dependencies.contains(source), "{dir} depends on {source}");
        }
        assert!(
            !dependencies.contains("jamf-triage-core"),
            "{dir} depends on the engine"
        );
    }
    let core = manifest("jamf-triage-core");
    assert!(!core.contains("jamf-triage-render"), "the engine renders");
}

/// A fact name is spelled once, in its source's declaration: no other non-test code of the
/// sources, the bundle crate, the registry or the CLI holds one as a string literal.
#[test]
fn no_fact_name_is_spelled_outside_its_declaration() {
    let catalog = Registry::builtin().catalog().expect("catalog");
    let names: Vec<String> = catalog
        .iter()
        .map(|spec| format!("\"{}\"", spec.name))
        .collect();
    let mut offences = Vec::new();
    for dir in [
        "collectors",
        "jamf-triage-bundle/src",
        "jamf-triage-sources/src",
        "jamf-triage-cli/src",
    ] {
        let mut files = Vec::new();
        rust_files(&workspace().join(dir), &mut files);
        for file in files {
            if file.components().any(|part| part.as_os_str() == "tests") {
                continue;
            }
            let text = std::fs::read_to_string(&file).expect("source file");
            if text.contains("declare_facts!") {
                continue;
            }
            // Unit tests sit at the end of a file, after `#[cfg(test)]`.
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for name in &names {
                if code.contains(name.as_str()) {
                    offences.push(format!("{}: {name}", file.display()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "fact names spelled again:\n{}",
        offences.join("\n")
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}
