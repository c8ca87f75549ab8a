//! A source registered from outside the workspace's sources (one line: `Registry::builtin()
//! .with(ToySource)`) is part of the whole command: its facts are listed by `facts`, rules are
//! validated against them, `evidence` collects them and `diagnose` decides with them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn toy_triage(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_toy-triage"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("toy-triage runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn facts_lists_the_toy_source_beside_the_built_in_ones() {
    let output = toy_triage(&["facts"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|line| line.starts_with("toy.uptime_days"))
        .expect("the toy fact is listed");
    assert!(line.contains("integer") && line.contains("toy"), "{line}");
    assert!(text.contains("jamf.computer.last_contact"));
}

#[test]
fn rules_are_validated_against_the_toy_facts() {
    let rules = data("rules");
    let output = toy_triage(&["rules", "lint", rules.to_str().expect("path")]);
    assert!(output.status.success(), "{}", stdout(&output));
    let misspelt = data("misspelt");
    let output = toy_triage(&["rules", "lint", misspelt.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains("toy.uptime_dayz"), "{text}");
    assert!(text.contains("toy.uptime_days"), "did you mean: {text}");
}

#[test]
fn evidence_collects_the_toy_fact_with_its_provenance() {
    let bundle = data("bundle");
    let output = toy_triage(&[
        "evidence",
        "--bundle",
        bundle.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(output.status.success());
    let evidence: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let fact = &evidence["facts"]["toy.uptime_days"];
    assert_eq!(fact["integer"], 45);
    assert_eq!(fact["source"]["artifact"], "toy/uptime.txt");
}

#[test]
fn diagnose_decides_with_the_toy_fact() {
    let bundle = data("bundle");
    let rules = data("rules");
    let output = toy_triage(&[
        "diagnose",
        "--bundle",
        bundle.to_str().expect("path"),
        "--rules",
        rules.to_str().expect("path"),
        "--format",
        "json",
    ]);
    assert!(output.status.success());
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("json");
    let cause = report["causes"]
        .as_array()
        .and_then(|causes| causes.iter().find(|cause| cause["id"] == "restart-overdue"))
        .expect("the toy cause");
    assert_eq!(cause["verdict"], "confirmed");
}
