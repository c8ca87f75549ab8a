//! The functions the fuzz targets call, one per target, and the table of targets.
//!
//! Each fuzz target (`fuzz_targets/<name>.rs`) is one line that calls [`run`] with its name. The
//! stable-toolchain smoke test of the workspace (`jamf-triage-cli/tests/fuzz_corpus.rs`) includes
//! this file and runs every file of every target's corpus (`fuzz/corpus/<name>/`) through the same
//! [`run`], so CI runs the corpora without a nightly toolchain.
//!
//! An artifact target puts the input at the bundle paths of one parser's artifact-table rows, with
//! a manifest that dates the bundle, and runs the whole of collection and diagnosis over it: every
//! source of the registry reads the bundle as it would read a real one. The other targets feed the
//! rule loader, the fixture loader, the evidence-file loader, the manifest, and the zip reader
//! (the input written to a file and opened as a zipped bundle).

use std::sync::OnceLock;

use jamf_triage_bundle::Bundle;
use jamf_triage_core::evidence::{FactCatalog, MemoryArtifacts, Subject};
use jamf_triage_core::{Engine, Evidence, RuleSource};
use jamf_triage_sources::Registry;

/// A manifest that dates the bundle, so that the Mac's local-time logs are read.
const MANIFEST: &str = "collected_at: 2024-06-18T11:10:00+02:00\n";

/// What a target feeds its input to.
#[derive(Debug, Clone, Copy)]
pub enum Feed {
    /// The input is the artifact at each of these bundle paths.
    Artifact(&'static [&'static str]),
    /// The input is a rule file, loaded and compiled against the registry's catalog.
    Rules,
    /// The input is a rule fixture file.
    Fixture,
    /// The input is an evidence file, read and diagnosed.
    EvidenceFile,
    /// The input is a bundle's `manifest.yaml`.
    Manifest,
    /// The input is a zipped bundle.
    Zip,
}

/// One fuzz target: its name (the file `fuzz_targets/<name>.rs` and the corpus
/// `corpus/<name>/`) and what it feeds its input to.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The target's name.
    pub name: &'static str,
    /// What the input is.
    pub feed: Feed,
}

/// Every fuzz target: one per parser of the sources' artifact tables, then the loaders and the
/// bundle readers.
pub const TARGETS: &[Target] = &[
    Target {
        name: "context_yaml",
        feed: Feed::Artifact(&["context.yaml"]),
    },
    Target {
        name: "key_value",
        feed: Feed::Artifact(&["mac/sw_vers.txt", "mac/profiles-enrollment.txt"]),
    },
    Target {
        name: "jamf_log",
        feed: Feed::Artifact(&["mac/jamf.log"]),
    },
    Target {
        name: "jamfaad_log",
        feed: Feed::Artifact(&["mac/jamfAAD.log"]),
    },
    Target {
        name: "plist",
        feed: Feed::Artifact(&[
            "mac/com.jamf.management.jamfAAD.plist",
            "mac/com.jamfsoftware.jamf.plist",
        ]),
    },
    Target {
        name: "company_portal_log",
        feed: Feed::Artifact(&["mac/company-portal/com.microsoft.CompanyPortalMac_2024-06-12.log"]),
    },
    Target {
        name: "keychain",
        feed: Feed::Artifact(&["mac/keychain-certificates.txt", "mac/keychain-dump.txt"]),
    },
    Target {
        name: "leftover_paths",
        feed: Feed::Artifact(&["mac/leftover-paths.txt"]),
    },
    Target {
        name: "connectivity",
        feed: Feed::Artifact(&["mac/connectivity.txt"]),
    },
    Target {
        name: "jamf_pro_version",
        feed: Feed::Artifact(&["jamf-pro/jamf-pro-version.json"]),
    },
    Target {
        name: "notifications",
        feed: Feed::Artifact(&["jamf-pro/notifications.json"]),
    },
    Target {
        name: "computers_inventory",
        feed: Feed::Artifact(&["jamf-pro/computers-inventory.json"]),
    },
    Target {
        name: "server_log",
        feed: Feed::Artifact(&["jamf-pro/JAMFSoftwareServer.log"]),
    },
    Target {
        name: "graph_list",
        feed: Feed::Artifact(&[
            "graph/deviceManagementPartners.json",
            "graph/complianceManagementPartners.json",
            "graph/managedDevices.json",
            "graph/devices.json",
            "graph/servicePrincipals.json",
            "graph/oauth2PermissionGrants.json",
            "graph/applications.json",
            "graph/deviceCompliancePolicies.json",
            "graph/appRoleAssignments/8d66e405-3f1e-4859-badc-2390ad4e3df7.json",
            "graph/licenseDetails/adele@contoso.example.json",
            "graph/groupMembers/9a82ad67-a3a0-4646-b98a-71c3cca65b73.json",
        ]),
    },
    Target {
        name: "rules",
        feed: Feed::Rules,
    },
    Target {
        name: "fixture",
        feed: Feed::Fixture,
    },
    Target {
        name: "evidence_file",
        feed: Feed::EvidenceFile,
    },
    Target {
        name: "manifest",
        feed: Feed::Manifest,
    },
    Target {
        name: "zip",
        feed: Feed::Zip,
    },
];

/// The registry, its catalog and the built-in engine, made once.
fn registry() -> &'static (Registry, FactCatalog) {
    static REGISTRY: OnceLock<(Registry, FactCatalog)> = OnceLock::new();
    REGISTRY.get_or_init(|| {
        let registry = Registry::builtin();
        let catalog = registry.catalog().unwrap_or_default();
        (registry, catalog)
    })
}

/// Runs the target called `name` on `data`. Panics (the finding) are the only failures: every
/// error is an expected answer to a bad input. An unknown name does nothing.
pub fn run(name: &str, data: &[u8]) {
    if let Some(target) = TARGETS.iter().find(|target| target.name == name) {
        feed(target.feed, data);
    }
}

/// Feeds `data` as `feed` says.
pub fn feed(feed: Feed, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match feed {
        Feed::Artifact(paths) => {
            let mut artifacts = MemoryArtifacts::new().with("manifest.yaml", MANIFEST);
            for path in paths {
                artifacts.insert(*path, data);
            }
            diagnose(&Bundle::from_artifacts(artifacts));
        }
        Feed::Manifest => {
            let artifacts = MemoryArtifacts::new()
                .with("manifest.yaml", data)
                .with("mac/sw_vers.txt", "ProductVersion:\t14.4.1\n");
            diagnose(&Bundle::from_artifacts(artifacts));
        }
        Feed::Rules => {
            let (_, catalog) = registry();
            if let Ok(engine) = Engine::build(&[RuleSource::new("fuzz.yaml", &text)], catalog) {
                let _ = engine.diagnose(&Evidence::default());
            }
        }
        Feed::Fixture => {
            let _ = jamf_triage_core::fixture::parse_fixture("fuzz.yaml", &text);
        }
        Feed::EvidenceFile => {
            if let Ok(evidence) = Evidence::from_yaml_str(&text, "fuzz.yaml") {
                let _ = jamf_triage_rules::engine().diagnose(&evidence);
                let _ = evidence.to_yaml_string();
            }
        }
        Feed::Zip => {
            let path = std::env::temp_dir().join(format!(
                "jamf-triage-fuzz-{}-{:?}.zip",
                std::process::id(),
                std::thread::current().id()
            ));
            if std::fs::write(&path, data).is_ok() {
                let (registry, _) = registry();
                if let Ok(bundle) = registry.open_bundle(&path) {
                    diagnose(&bundle);
                }
                let _ = std::fs::remove_file(&path);
            }
        }
    }
}

/// Collects `bundle` with every source and diagnoses it with the built-in pack.
fn diagnose(bundle: &Bundle) {
    let (registry, _) = registry();
    let now = "2024-06-18T09:10:00Z".parse().ok();
    let collected = registry.collect(bundle, &Subject::default(), now);
    let report = jamf_triage_rules::engine().diagnose(&collected.evidence);
    let _ = report.causes.len();
}
