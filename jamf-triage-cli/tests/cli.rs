//! The `jamf-triage` binary end to end: example bundles against their `expected.yaml`, broken
//! artifacts, zipped bundles, exit statuses, rule authoring commands, live collection.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde::Deserialize;
use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn bundle(name: &str) -> PathBuf {
    repo().join("examples/bundles").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn json_report(path: &Path) -> Value {
    let output = run(&[
        "diagnose",
        "--bundle",
        &path.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jamf-triage-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// `expected.yaml` of an example bundle (keys explained in examples/bundles/README.md).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expected {
    confirmed: Vec<String>,
    not_confirmed: Vec<String>,
    ruled_out: Vec<String>,
    symptoms_detected: Vec<String>,
    collection_problems: Vec<String>,
    exact_confirmed: bool,
    /// The integration the report must find (`integration.generation`): `device-compliance`,
    /// `legacy`, `both`, `none` or `unknown`; not checked when absent.
    #[serde(default)]
    integration: Option<String>,
}

fn verdict<'a>(report: &'a Value, id: &str) -> &'a str {
    report["causes"]
        .as_array()
        .and_then(|causes| causes.iter().find(|cause| cause["id"] == id))
        .and_then(|cause| cause["verdict"].as_str())
        .unwrap_or_else(|| panic!("cause {id} missing from the report"))
}

fn check_expected(name: &str) {
    let text = std::fs::read_to_string(bundle(name).join("expected.yaml")).expect("expected.yaml");
    let expected: Expected = jamf_triage_core::from_yaml(&text).expect("valid expected.yaml");
    let report = json_report(&bundle(name));
    assert_eq!(report["schema"], "jamf-triage/report/v1");
    let mut failures = Vec::new();
    for id in &expected.confirmed {
        if verdict(&report, id) != "confirmed" {
            failures.push(format!(
                "{id} should be confirmed, is {}",
                verdict(&report, id)
            ));
        }
    }
    for id in &expected.not_confirmed {
        if verdict(&report, id) == "confirmed" {
            failures.push(format!("{id} should not be confirmed"));
        }
    }
    for id in &expected.ruled_out {
        if verdict(&report, id) != "ruled_out" {
            failures.push(format!(
                "{id} should be ruled out, is {}",
                verdict(&report, id)
            ));
        }
    }
    let symptoms = report["symptoms"].as_array().expect("symptoms");
    for id in &expected.symptoms_detected {
        let status = symptoms
            .iter()
            .find(|s| s["id"] == id.as_str())
            .and_then(|s| s["status"].as_str());
        if !matches!(status, Some("detected" | "reported")) {
            failures.push(format!(
                "symptom {id} should be detected or reported, is {status:?}"
            ));
        }
    }
    let problems: Vec<&str> = report["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|problem| problem["path"].as_str())
        .collect();
    if expected.collection_problems.is_empty() && !problems.is_empty() {
        failures.push(format!("no problems expected, found {problems:?}"));
    }
    for path in &expected.collection_problems {
        if !problems.contains(&path.as_str()) {
            failures.push(format!("problem with {path} expected, found {problems:?}"));
        }
    }
    if expected.exact_confirmed {
        for cause in report["causes"].as_array().expect("causes") {
            let id = cause["id"].as_str().unwrap_or_default();
            if cause["verdict"] == "confirmed" && !expected.confirmed.iter().any(|c| c == id) {
                failures.push(format!("{id} is confirmed but not expected"));
            }
        }
    }
    if let Some(integration) = &expected.integration {
        let generation = report["integration"]["generation"].as_str();
        if generation != Some(integration.as_str()) {
            failures.push(format!(
                "the integration should be {integration}, is {generation:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{name}:\n  {}", failures.join("\n  "));
}

mod example_bundles {
    use super::*;

    #[test]
    fn healthy() {
        check_expected("healthy");
    }

    #[test]
    fn duplicate_registration() {
        check_expected("duplicate-registration");
    }

    #[test]
    fn graph_token_permissions() {
        check_expected("graph-token-permissions");
    }

    #[test]
    fn portal_opened_directly() {
        check_expected("portal-opened-directly");
    }

    #[test]
    fn device_compliance_healthy() {
        check_expected("device-compliance-healthy");
    }

    #[test]
    fn device_compliance_not_compliant() {
        check_expected("device-compliance-not-compliant");
    }

    #[test]
    fn every_example_bundle_has_a_test() {
        let mut names: Vec<String> = std::fs::read_dir(repo().join("examples/bundles"))
            .expect("bundles")
            .flatten()
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "device-compliance-healthy",
                "device-compliance-not-compliant",
                "duplicate-registration",
                "graph-token-permissions",
                "healthy",
                "portal-opened-directly"
            ]
        );
    }

    #[test]
    fn text_reports() {
        for name in [
            "healthy",
            "duplicate-registration",
            "graph-token-permissions",
            "portal-opened-directly",
            "device-compliance-healthy",
            "device-compliance-not-compliant",
        ] {
            let output = run(&["diagnose", "--bundle", &bundle(name).display().to_string()]);
            assert_eq!(output.status.code(), Some(0));
            insta::assert_snapshot!(format!("text_report_{name}"), stdout(&output));
        }
    }

    #[test]
    fn a_zipped_bundle_diagnoses_like_its_directory() {
        let dir = temp_dir("zip");
        let zip_path = dir.join("duplicate-registration.zip");
        let file = std::fs::File::create(&zip_path).expect("zip file");
        let mut writer = zip::ZipWriter::new(file);
        let root = bundle("duplicate-registration");
        let mut stack = vec![root.clone()];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                } else {
                    let name = path
                        .strip_prefix(&root)
                        .expect("inside")
                        .to_string_lossy()
                        .replace('\\', "/");
                    writer
                        .start_file(
                            format!("duplicate-registration/{name}"),
                            zip::write::SimpleFileOptions::default(),
                        )
                        .expect("entry");
                    std::io::Write::write_all(&mut writer, &std::fs::read(&path).expect("read"))
                        .expect("write");
                }
            }
        }
        writer.finish().expect("finish");
        assert_eq!(json_report(&zip_path), json_report(&root));
    }
}

mod broken_input {
    use super::*;

    #[test]
    fn broken_artifacts_are_listed_as_problems_and_the_rest_is_diagnosed() {
        let dir = temp_dir("broken").join("bundle");
        copy_dir(&bundle("duplicate-registration"), &dir);
        std::fs::write(
            dir.join("graph/managedDevices.json"),
            b"{\"value\": [ {\"serialNumber\": ",
        )
        .expect("write");
        std::fs::write(
            dir.join("mac/com.jamf.management.jamfAAD.plist"),
            b"not a plist\x00\xff",
        )
        .expect("write");
        let report = json_report(&dir);
        let mut problems: Vec<&str> = report["problems"]
            .as_array()
            .expect("problems")
            .iter()
            .filter_map(|problem| problem["path"].as_str())
            .collect();
        problems.sort_unstable();
        problems.dedup();
        assert_eq!(
            problems,
            [
                "graph/managedDevices.json",
                "mac/com.jamf.management.jamfAAD.plist"
            ]
        );
        // Causes that need the Intune records can no longer be decided; the rest still are.
        assert_eq!(verdict(&report, "jamf-app-permissions"), "ruled_out");
        assert_ne!(verdict(&report, "stale-registration"), "ruled_out");
    }

    #[test]
    fn a_missing_bundle_is_a_usage_error() {
        let output = run(&["diagnose", "--bundle", "/nonexistent/bundle"]);
        assert_eq!(output.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&output.stderr).contains("cannot open bundle"));
    }
}

#[path = "cli/live.rs"]
mod live;

#[path = "cli/hardening.rs"]
mod hardening;

#[cfg(unix)]
#[path = "cli/extension_attribute.rs"]
mod extension_attribute;
#[path = "cli/fleet.rs"]
mod fleet;
#[path = "cli/grown_logs.rs"]
mod grown_logs;
#[path = "cli/odc.rs"]
mod odc;

mod exit_status {
    use super::*;

    #[test]
    fn exit_code_flags_confirmed_causes_only() {
        let path = bundle("graph-token-permissions").display().to_string();
        assert_eq!(
            run(&["diagnose", "--bundle", &path, "--exit-code"])
                .status
                .code(),
            Some(1)
        );
        assert_eq!(run(&["diagnose", "--bundle", &path]).status.code(), Some(0));
        let healthy = bundle("healthy").display().to_string();
        assert_eq!(
            run(&["diagnose", "--bundle", &healthy, "--exit-code"])
                .status
                .code(),
            Some(0)
        );
    }

    #[test]
    fn usage_errors_exit_2() {
        assert_eq!(run(&["diagnose"]).status.code(), Some(2));
        assert_eq!(
            run(&["diagnose", "--bundle", "x", "--lang", "fr"])
                .status
                .code(),
            Some(2)
        );
    }
}

mod evidence_command {
    use super::*;

    #[test]
    fn every_fact_says_where_it_came_from() {
        let path = bundle("portal-opened-directly").display().to_string();
        let output = run(&["evidence", "--bundle", &path, "--format", "json"]);
        assert_eq!(output.status.code(), Some(0));
        let evidence: Value = serde_json::from_slice(&output.stdout).expect("JSON evidence");
        let facts = evidence["facts"].as_object().expect("facts");
        assert!(facts.len() > 40, "only {} facts", facts.len());
        for (name, fact) in facts {
            let source = &fact["source"];
            assert!(
                source["artifact"].is_string() && source["collector"].is_string(),
                "{name}: {fact}"
            );
        }
    }

    #[test]
    fn evidence_files_diagnose_like_the_bundle() {
        let path = bundle("duplicate-registration").display().to_string();
        let output = run(&["evidence", "--bundle", &path]);
        let file = temp_dir("evidence").join("evidence.yaml");
        std::fs::write(&file, &output.stdout).expect("write");
        let from_file = run(&[
            "diagnose",
            "--evidence",
            &file.display().to_string(),
            "--format",
            "json",
        ]);
        assert_eq!(
            from_file.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&from_file.stderr)
        );
        let from_file: Value = serde_json::from_slice(&from_file.stdout).expect("json");
        let from_bundle = json_report(&bundle("duplicate-registration"));
        assert_eq!(from_file["causes"], from_bundle["causes"]);
    }
}

mod rule_authoring {
    use super::*;

    #[test]
    fn the_built_in_pack_lints_clean() {
        let output = run(&["rules", "lint"]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
        let output = run(&["rules", "lint", &repo().join("rules").display().to_string()]);
        assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    }

    #[test]
    fn lint_points_at_the_mistake() {
        let dir = temp_dir("lint");
        std::fs::write(
            dir.join("broken.yaml"),
            "causes:\n  - id: x\n    scope: device\n    severity: high\n    title: { en: X }\n    resolution: r\n    when: { fact: jamf.computer.last_contcat, older_than: 24h }\nresolutions:\n  - id: r\n    scope: device\n    title: { en: R }\n    steps: [{ text: { en: do it } }]\n",
        )
        .expect("write");
        let output = run(&["rules", "lint", &dir.display().to_string()]);
        assert_eq!(output.status.code(), Some(1));
        let text = stdout(&output).replace(&dir.display().to_string(), "<dir>");
        insta::assert_snapshot!(text);
    }

    #[test]
    fn explain_and_facts_answer() {
        let output = run(&["explain", "stale-registration", "--lang", "pt-PT"]);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains("full-cleanup-and-reregister"));
        assert_eq!(run(&["explain", "no-such-id"]).status.code(), Some(2));
        let output = run(&["facts", "--format", "json"]);
        let facts: Value = serde_json::from_slice(&output.stdout).expect("json");
        assert!(
            facts
                .as_array()
                .is_some_and(|facts| facts.iter().any(|f| f["name"] == "graph.partner.state"))
        );
        // The text list labels each fact in the language asked for.
        for (lang, label) in [
            ("en", "State of the Jamf partner in Intune"),
            ("pt-PT", "Estado do parceiro Jamf no Intune"),
            ("zh-CN", "Intune 中 Jamf 合作伙伴的状态"),
        ] {
            let output = run(&["facts", "--lang", lang]);
            assert_eq!(output.status.code(), Some(0));
            let text = stdout(&output);
            let line = text
                .lines()
                .find(|line| line.starts_with("graph.partner.state "));
            assert!(
                line.is_some_and(|line| line.contains(label)),
                "{lang}: {line:?}"
            );
        }
    }
}

#[path = "cli/redaction.rs"]
mod redaction;

#[path = "cli/conventions.rs"]
mod conventions;
