//! The built-in pack's contract: it compiles, every fixture passes, every catalog id is there with
//! its scope and links, every rule has its fixtures, every text is in every locale, and the
//! generated files (JSON Schema, fact table in docs/RULES.md) are up to date.
//!
//! Regenerate the generated files with `JAMF_TRIAGE_BLESS=1 cargo test -p jamf-triage-rules`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jamf_triage_core::fixture::{Expectation, FixtureTarget};
use jamf_triage_core::model::{GenerationId, RuleFile, Scope};
use jamf_triage_core::report::SymptomStatus;
use jamf_triage_core::{Locale, LocalizedText, Verdict};

/// The catalog's symptoms: id, scope, candidate causes (CATALOG.md), and whether the catalog
/// gives a detection condition.
const SYMPTOMS: &[(&str, Scope, &[&str], bool)] = &[
    (
        "unresponsive-in-jamf",
        Scope::Device,
        &[
            "jamf-checkin-missed",
            "entra-token-refresh-failed",
            "duplicate-msal-accounts",
        ],
        true,
    ),
    (
        "keychain-prompt-on-app-launch",
        Scope::Device,
        &["workplace-join-key-prompt"],
        true,
    ),
    (
        "registration-fails",
        Scope::Device,
        &[
            "jamf-app-permissions",
            "macos-connector-missing",
            "intune-license-missing",
            "jamf-license-expired",
            "portal-opened-directly",
            "integration-disabled",
            "stale-registration",
            "jamfaad-keychain-access-prompt",
            "duplicate-msal-accounts",
            // Wave 2: the Device Compliance registration.
            "mac-not-in-applicable-group",
            "ca-policy-blocks-registration",
            "compliance-partner-assigned-all-users",
            "compliance-partner-not-active",
            "device-compliance-apps-missing",
            "psso-registered-jamfaad-not-run",
            "per-user-mfa-enforced",
            "workplace-join-unreadable",
        ],
        true,
    ),
    (
        "compliant-in-intune-not-in-entra",
        Scope::Device,
        &["stale-registration", "registration-mismatch"],
        true,
    ),
    (
        "duplicate-intune-records",
        Scope::Device,
        &["stale-registration", "still-enrolled-in-intune-mdm"],
        true,
    ),
    (
        "compliance-policy-not-evaluated",
        Scope::Tenant,
        &["device-group-targeting"],
        true,
    ),
    (
        "graph-token-failure",
        Scope::Tenant,
        &[
            "jamf-app-permissions",
            "intune-license-missing",
            "jamf-license-expired",
            "required-ports-closed",
            "client-secret-expired",
        ],
        true,
    ),
    (
        "intune-connection-error",
        Scope::Tenant,
        &[
            "intune-license-missing",
            "jamf-license-expired",
            "client-secret-expired",
        ],
        true,
    ),
    // Wave 2 (Device Compliance).
    (
        "entra-compliance-not-reported",
        Scope::Device,
        &[
            "mac-not-in-applicable-group",
            "mac-not-in-compliance-group",
            "compliance-partner-not-active",
            "still-enrolled-in-intune-mdm",
            "psso-registered-jamfaad-not-run",
        ],
        true,
    ),
    (
        "device-compliance-connection-error",
        Scope::Tenant,
        &[
            "compliance-partner-assigned-all-users",
            "compliance-partner-not-active",
            "device-compliance-apps-missing",
        ],
        true,
    ),
    (
        "sign-in-requires-managed-device",
        Scope::Device,
        &[
            "ca-policy-blocks-registration",
            "workplace-join-unreadable",
            "sso-extension-missing",
        ],
        true,
    ),
];

/// The catalog's causes: id, scope, resolution.
const CAUSES: &[(&str, Scope, &str)] = &[
    ("jamf-checkin-missed", Scope::Device, "restore-jamf-checkin"),
    (
        "entra-token-refresh-failed",
        Scope::Device,
        "sign-in-as-registered-user",
    ),
    (
        "workplace-join-key-prompt",
        Scope::Device,
        "allow-keychain-access",
    ),
    ("jamf-app-permissions", Scope::Tenant, "fix-app-permissions"),
    (
        "macos-connector-missing",
        Scope::Tenant,
        "recreate-macos-connector",
    ),
    ("intune-license-missing", Scope::User, "assign-licenses"),
    ("jamf-license-expired", Scope::Tenant, "renew-jamf-license"),
    (
        "portal-opened-directly",
        Scope::Device,
        "register-via-self-service",
    ),
    (
        "integration-disabled",
        Scope::Tenant,
        "enable-intune-integration",
    ),
    (
        "stale-registration",
        Scope::Device,
        "full-cleanup-and-reregister",
    ),
    (
        "jamfaad-keychain-access-prompt",
        Scope::Device,
        "allow-keychain-access",
    ),
    (
        "registration-mismatch",
        Scope::Device,
        "full-cleanup-and-reregister",
    ),
    (
        "device-group-targeting",
        Scope::Tenant,
        "assign-user-groups",
    ),
    (
        "required-ports-closed",
        Scope::Tenant,
        "open-required-ports",
    ),
    (
        "client-secret-expired",
        Scope::Tenant,
        "rotate-client-secret",
    ),
    (
        "legacy-integration-deprecated",
        Scope::Tenant,
        "migrate-to-device-compliance",
    ),
    (
        "duplicate-msal-accounts",
        Scope::Device,
        "remove-duplicate-msal-accounts",
    ),
    // Wave 2 (Device Compliance).
    (
        "mac-not-in-applicable-group",
        Scope::Device,
        "scope-mac-to-applicable-group",
    ),
    (
        "mac-not-in-compliance-group",
        Scope::Device,
        "meet-jamf-compliance-criteria",
    ),
    (
        "ca-policy-blocks-registration",
        Scope::Tenant,
        "exclude-registration-app-from-ca",
    ),
    (
        "compliance-partner-assigned-all-users",
        Scope::Tenant,
        "assign-partner-to-user-group",
    ),
    (
        "compliance-partner-not-active",
        Scope::Tenant,
        "reconnect-device-compliance",
    ),
    (
        "device-compliance-apps-missing",
        Scope::Tenant,
        "redo-device-compliance-consent",
    ),
    (
        "still-enrolled-in-intune-mdm",
        Scope::Device,
        "retire-from-intune-mdm",
    ),
    (
        "psso-registered-jamfaad-not-run",
        Scope::Device,
        "run-jamfaad-gather",
    ),
    (
        "per-user-mfa-enforced",
        Scope::User,
        "move-mfa-to-conditional-access",
    ),
    (
        "workplace-join-unreadable",
        Scope::Device,
        "repair-workplace-join",
    ),
    (
        "sso-extension-missing",
        Scope::Device,
        "deploy-sso-extension",
    ),
];

/// The cause that CATALOG.md marks "(any)": the pack lists it under every symptom.
const ANY_SYMPTOM_CAUSE: &str = "legacy-integration-deprecated";

/// The catalog's resolutions.
const RESOLUTIONS: &[&str] = &[
    "sign-in-as-registered-user",
    "restore-jamf-checkin",
    "allow-keychain-access",
    "fix-app-permissions",
    "recreate-macos-connector",
    "assign-licenses",
    "renew-jamf-license",
    "register-via-self-service",
    "enable-intune-integration",
    "full-cleanup-and-reregister",
    "assign-user-groups",
    "open-required-ports",
    "rotate-client-secret",
    "migrate-to-device-compliance",
    "remove-duplicate-msal-accounts",
    // Wave 2 (Device Compliance).
    "scope-mac-to-applicable-group",
    "meet-jamf-compliance-criteria",
    "exclude-registration-app-from-ca",
    "assign-partner-to-user-group",
    "reconnect-device-compliance",
    "redo-device-compliance-consent",
    "retire-from-intune-mdm",
    "run-jamfaad-gather",
    "move-mfa-to-conditional-access",
    "repair-workplace-join",
    "deploy-sso-extension",
];

/// Which integrations an entry applies to (CATALOG.md, "Which integration a tenant runs"): the
/// legacy-only wave-1 entries and the Device-Compliance-only wave-2 entries; every other entry
/// applies to both (no `applies_to`).
const LEGACY_ONLY: &[&str] = &[
    "macos-connector-missing",
    "jamf-app-permissions",
    "client-secret-expired",
    "device-group-targeting",
    "compliant-in-intune-not-in-entra",
];
const DEVICE_COMPLIANCE_ONLY: &[&str] = &[
    "entra-compliance-not-reported",
    "device-compliance-connection-error",
    "mac-not-in-applicable-group",
    "mac-not-in-compliance-group",
    "ca-policy-blocks-registration",
    "compliance-partner-assigned-all-users",
    "compliance-partner-not-active",
    "device-compliance-apps-missing",
    "still-enrolled-in-intune-mdm",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn blessing() -> bool {
    std::env::var_os("JAMF_TRIAGE_BLESS").is_some_and(|value| value != "0")
}

fn rule_files() -> Vec<(&'static str, RuleFile)> {
    jamf_triage_rules::sources()
        .iter()
        .map(|source| {
            let file: RuleFile = jamf_triage_core::from_yaml(source.text)
                .unwrap_or_else(|error| panic!("{}: {error}", source.name));
            (source.name, file)
        })
        .collect()
}

fn yaml_files_on_disk(dir: &Path, recursive: bool, out: &mut BTreeSet<String>) {
    let root = workspace_root();
    for entry in std::fs::read_dir(dir)
        .expect("readable directory")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            if recursive {
                yaml_files_on_disk(&path, true, out);
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            let relative = path.strip_prefix(&root).expect("under the workspace");
            out.insert(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_file_under_rules_is_embedded() {
    let root = workspace_root();
    let mut on_disk = BTreeSet::new();
    yaml_files_on_disk(&root.join("rules"), false, &mut on_disk);
    let embedded: BTreeSet<String> = jamf_triage_rules::sources()
        .iter()
        .map(|s| s.name.to_owned())
        .collect();
    assert_eq!(
        on_disk, embedded,
        "rule files on disk and embedded differ: rebuild the crate"
    );

    let mut on_disk = BTreeSet::new();
    yaml_files_on_disk(&root.join("rules/tests"), true, &mut on_disk);
    let embedded: BTreeSet<String> = jamf_triage_rules::fixture_sources()
        .iter()
        .map(|s| s.name.to_owned())
        .collect();
    assert_eq!(
        on_disk, embedded,
        "fixture files on disk and embedded differ: rebuild the crate"
    );
    assert_eq!(jamf_triage_rules::catalog_sources().len(), 1);
}

#[test]
fn every_rule_file_names_its_schema() {
    for source in jamf_triage_rules::sources() {
        assert!(
            source
                .text
                .starts_with("# yaml-language-server: $schema=./schema/rule-file.schema.json\n"),
            "{} must start with the yaml-language-server schema line",
            source.name
        );
    }
}

#[test]
fn the_pack_covers_every_catalog_id_with_its_scope_and_links() {
    let files = rule_files();
    let symptoms: BTreeMap<&str, _> = files
        .iter()
        .flat_map(|(_, file)| &file.symptoms)
        .map(|symptom| (symptom.id.as_str(), symptom))
        .collect();
    let causes: BTreeMap<&str, _> = files
        .iter()
        .flat_map(|(_, file)| &file.causes)
        .map(|cause| (cause.id.as_str(), cause))
        .collect();
    let resolutions: BTreeMap<&str, _> = files
        .iter()
        .flat_map(|(_, file)| &file.resolutions)
        .map(|resolution| (resolution.id.as_str(), resolution))
        .collect();

    for (id, scope, candidates, detectable) in SYMPTOMS {
        let symptom = symptoms
            .get(id)
            .unwrap_or_else(|| panic!("symptom `{id}` is missing"));
        assert_eq!(symptom.scope, *scope, "scope of symptom `{id}`");
        let listed: BTreeSet<&str> = symptom.causes.iter().map(String::as_str).collect();
        let mut expected: BTreeSet<&str> = candidates.iter().copied().collect();
        expected.insert(ANY_SYMPTOM_CAUSE);
        assert_eq!(listed, expected, "candidate causes of symptom `{id}`");
        assert_eq!(
            symptom.detect.is_some(),
            *detectable,
            "detect of symptom `{id}`"
        );
        assert!(
            !symptom.references.is_empty(),
            "symptom `{id}` has no references"
        );
    }
    for (id, scope, resolution) in CAUSES {
        let cause = causes
            .get(id)
            .unwrap_or_else(|| panic!("cause `{id}` is missing"));
        assert_eq!(cause.scope, *scope, "scope of cause `{id}`");
        assert_eq!(cause.resolution, *resolution, "resolution of cause `{id}`");
        assert!(
            !cause.references.is_empty(),
            "cause `{id}` has no references"
        );
    }
    for id in RESOLUTIONS {
        let resolution = resolutions
            .get(id)
            .unwrap_or_else(|| panic!("resolution `{id}` is missing"));
        assert!(
            !resolution.steps.is_empty(),
            "resolution `{id}` has no steps"
        );
        assert!(
            !resolution.references.is_empty(),
            "resolution `{id}` has no references"
        );
    }
    let cleanup = resolutions["full-cleanup-and-reregister"];
    assert_eq!(
        cleanup.steps.len(),
        13,
        "the article's clean-up has 13 steps"
    );
    assert_eq!(
        symptoms.len(),
        SYMPTOMS.len(),
        "extra symptoms: update this test"
    );
    assert_eq!(causes.len(), CAUSES.len(), "extra causes: update this test");
    assert_eq!(
        resolutions.len(),
        RESOLUTIONS.len(),
        "extra resolutions: update this test"
    );
}

fn check_locales(text: &LocalizedText, what: &str, problems: &mut Vec<String>) {
    for locale in Locale::ALL {
        if !text.has(locale) || text.get(locale).trim().is_empty() {
            problems.push(format!("{what}: no {locale} text"));
        }
    }
}

#[test]
fn every_text_is_in_every_locale() {
    let mut problems = Vec::new();
    for (name, file) in rule_files() {
        for symptom in &file.symptoms {
            let what = format!("{name}: symptom `{}`", symptom.id);
            check_locales(&symptom.title, &format!("{what} title"), &mut problems);
            check_locales(
                &symptom.description,
                &format!("{what} description"),
                &mut problems,
            );
        }
        for cause in &file.causes {
            let what = format!("{name}: cause `{}`", cause.id);
            check_locales(&cause.title, &format!("{what} title"), &mut problems);
            check_locales(
                &cause.description,
                &format!("{what} description"),
                &mut problems,
            );
        }
        for resolution in &file.resolutions {
            let what = format!("{name}: resolution `{}`", resolution.id);
            check_locales(&resolution.title, &format!("{what} title"), &mut problems);
            check_locales(
                &resolution.description,
                &format!("{what} description"),
                &mut problems,
            );
            for (index, step) in resolution.steps.iter().enumerate() {
                let what = format!("{what} step {}", index + 1);
                check_locales(&step.text, &what, &mut problems);
                if let Some(location) = &step.location {
                    check_locales(location, &format!("{what} location"), &mut problems);
                }
                if let Some(warning) = &step.warning {
                    check_locales(warning, &format!("{what} warning"), &mut problems);
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "missing translations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_cause_and_detectable_symptom_has_its_fixtures() {
    let mut counts: BTreeMap<(String, &'static str), usize> = BTreeMap::new();
    for file in jamf_triage_rules::fixtures() {
        for case in &file.cases {
            let kind = match (&file.target, case.expect) {
                (FixtureTarget::Cause(_), expect) => expect.name(),
                (FixtureTarget::Symptom(_), Expectation::Status(SymptomStatus::Reported)) => {
                    "reported"
                }
                (FixtureTarget::Symptom(_), expect) => expect.name(),
            };
            *counts
                .entry((file.target.id().to_owned(), kind))
                .or_default() += 1;
        }
    }
    let count =
        |id: &str, kind: &'static str| counts.get(&(id.to_owned(), kind)).copied().unwrap_or(0);
    let mut missing = Vec::new();
    for (id, _, _) in CAUSES {
        for (kind, least) in [
            (Verdict::Confirmed.name(), 2),
            (Verdict::RuledOut.name(), 2),
            (Verdict::Undetermined.name(), 1),
        ] {
            if count(id, kind) < least {
                missing.push(format!(
                    "cause `{id}`: {} {kind} case(s), needs {least}",
                    count(id, kind)
                ));
            }
        }
    }
    for (id, _, _, detectable) in SYMPTOMS {
        if !detectable {
            continue;
        }
        for kind in [
            SymptomStatus::Detected.name(),
            SymptomStatus::NotDetected.name(),
        ] {
            if count(id, kind) < 1 {
                missing.push(format!("symptom `{id}`: no {kind} case"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fixtures missing:\n{}",
        missing.join("\n")
    );
}

/// Compares `actual` with the file at `path` (relative to the workspace root), or writes it when
/// blessing.
fn compare_or_bless(path: &str, actual: &str) {
    let full = workspace_root().join(path);
    if blessing() {
        std::fs::write(&full, actual).expect("writable file");
        return;
    }
    let expected = std::fs::read_to_string(&full).unwrap_or_default();
    assert!(
        expected == actual,
        "{path} is stale: regenerate it with `JAMF_TRIAGE_BLESS=1 cargo test -p jamf-triage-rules`"
    );
}

#[test]
fn the_json_schema_is_up_to_date() {
    let schema = schemars::schema_for!(jamf_triage_core::model::RuleFile);
    let mut text = serde_json::to_string_pretty(&schema).expect("serializable schema");
    text.push('\n');
    compare_or_bless("rules/schema/rule-file.schema.json", &text);
}

const TABLE_START: &str = "<!-- fact-catalog:start (generated: JAMF_TRIAGE_BLESS=1 cargo test -p jamf-triage-rules) -->\n";
const TABLE_END: &str = "<!-- fact-catalog:end -->";

#[test]
fn the_fact_table_in_the_guide_is_up_to_date() {
    let path = "docs/RULES.md";
    let guide = std::fs::read_to_string(workspace_root().join(path)).expect("docs/RULES.md");
    let start = guide
        .find(TABLE_START)
        .expect("the guide has the fact-catalog start marker");
    let end = guide
        .find(TABLE_END)
        .expect("the guide has the fact-catalog end marker");
    let table = jamf_triage_rules::fact_table(jamf_triage_rules::catalog());
    let regenerated = format!("{}{TABLE_START}{table}{}", &guide[..start], &guide[end..]);
    compare_or_bless(path, &regenerated);
}

#[test]
fn the_catalog_holds_the_builtin_and_collector_facts() {
    let catalog = jamf_triage_rules::catalog();
    for name in [
        "observed_at",
        "context.reported.messages",
        "device.jamfaad.last_token_success",
        "jamf.computer.last_contact",
        "graph.jamf_app.role_ids",
    ] {
        assert!(catalog.get(name).is_some(), "{name}");
    }
}

#[test]
fn the_pack_compiles() {
    if let Err(errors) = jamf_triage_rules::compile() {
        panic!("the built-in pack does not compile:\n{errors}");
    }
    let engine = jamf_triage_rules::engine();
    assert_eq!(engine.pack().causes().len(), CAUSES.len());
}

#[test]
fn every_fixture_passes() {
    let outcomes = jamf_triage_rules::run_fixtures();
    let failures: Vec<String> = outcomes
        .iter()
        .filter(|outcome| !outcome.passed())
        .map(ToString::to_string)
        .collect();
    assert!(!outcomes.is_empty());
    assert!(
        failures.is_empty(),
        "{} of {} fixture cases fail:\n{}",
        failures.len(),
        outcomes.len(),
        failures.join("\n")
    );
}

#[test]
fn evaluate_gives_the_verdicts_and_statuses_of_diagnose_on_every_fixture() {
    let engine = jamf_triage_rules::engine();
    let mut cases = 0;
    for file in jamf_triage_rules::fixtures() {
        for case in &file.cases {
            let verdicts = engine.evaluate(&case.evidence);
            let report = engine.diagnose(&case.evidence);
            let where_ = format!("{} / {}", file.origin, case.name);
            assert_eq!(verdicts.causes().len(), report.causes.len(), "{where_}");
            for (cause, verdict) in verdicts.causes() {
                let finding = report.cause(&cause.id).map(|finding| finding.verdict);
                assert_eq!(Some(verdict), finding, "{where_}: cause {}", cause.id);
            }
            let statuses: Vec<_> = verdicts
                .symptoms()
                .map(|(symptom, status)| (symptom.id.as_str(), status))
                .collect();
            let reported: Vec<_> = report
                .symptoms
                .iter()
                .map(|finding| (finding.symptom.id.as_str(), finding.status))
                .collect();
            assert_eq!(statuses, reported, "{where_}");
            let confirmed: BTreeSet<&str> = verdicts
                .confirmed()
                .map(|cause| cause.id.as_str())
                .collect();
            let ranked: BTreeSet<&str> = report
                .confirmed()
                .map(|finding| finding.cause.id.as_str())
                .collect();
            assert_eq!(confirmed, ranked, "{where_}");
            cases += 1;
        }
    }
    assert!(cases > 0);
}

#[test]
fn a_failing_case_names_its_file_line_verdicts_and_deciding_facts() {
    let text = "\
cause: jamf-checkin-missed
observed_at: 2024-06-03T14:20:00+02:00
cases:
  - name: a wrong expectation
    expect: ruled_out
    facts:
      jamf.computer.last_contact:
        timestamp: 2024-05-31T09:12:40.145Z
        source: { collector: jamf-pro, artifact: jamf-pro/computers-inventory.json, pointer: /results/3/general/lastContactTime }
  - name: nothing collected
    expect: confirmed
    facts: {}
";
    let (files, errors) =
        jamf_triage_core::fixture::load_fixtures([("rules/tests/example.yaml", text)]);
    assert!(errors.is_empty(), "{errors:?}");
    let outcomes = jamf_triage_core::fixture::run_fixtures(&files, jamf_triage_rules::diagnose);
    let rendered: Vec<String> = outcomes.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!(rendered.join("\n"));
}

#[test]
fn both_generations_are_defined_and_each_entry_applies_where_the_catalog_says() {
    let files = rule_files();
    let generations: Vec<GenerationId> = files
        .iter()
        .flat_map(|(_, file)| &file.generations)
        .map(|generation| generation.id)
        .collect();
    assert_eq!(
        generations,
        [GenerationId::DeviceCompliance, GenerationId::Legacy],
        "rules/integration.yaml defines both generations, once each"
    );
    let mut problems = Vec::new();
    for (name, file) in &files {
        for generation in &file.generations {
            check_locales(
                &generation.title,
                &format!("{name}: generation `{}` title", generation.id),
                &mut problems,
            );
        }
        let entries = file
            .symptoms
            .iter()
            .map(|symptom| (symptom.id.as_str(), symptom.applies_to.as_deref()))
            .chain(
                file.causes
                    .iter()
                    .map(|cause| (cause.id.as_str(), cause.applies_to.as_deref())),
            );
        for (id, applies_to) in entries {
            let expected: Option<&[GenerationId]> = if LEGACY_ONLY.contains(&id) {
                Some(&[GenerationId::Legacy])
            } else if DEVICE_COMPLIANCE_ONLY.contains(&id) {
                Some(&[GenerationId::DeviceCompliance])
            } else {
                None
            };
            if applies_to != expected {
                problems.push(format!(
                    "{name}: `{id}` applies to {applies_to:?}, expected {expected:?}"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
