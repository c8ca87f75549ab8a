//! `jamf-triage fleet` on a generated tenant (`jamf_triage_benches::generate_tenant`: the Jamf
//! Pro inventory and Graph responses of 2 000 Macs, minified as the servers send them, with
//! stale check-ins planted in every 50th Mac and a second Intune record in every 100th), and
//! `diagnose --serial` / `--format jamf-ea` on the same bundle.

use std::path::PathBuf;
use std::sync::OnceLock;

use jamf_triage_benches::{Planted, generate_tenant};
use serde_json::Value;

use super::{bundle, run, stdout};

const MACS: usize = 2_000;

/// The generated tenant, written once per test run.
fn tenant() -> &'static (PathBuf, Planted) {
    static TENANT: OnceLock<(PathBuf, Planted)> = OnceLock::new();
    TENANT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("jamf-triage-fleet-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let planted = generate_tenant(&dir, MACS).expect("the tenant is written");
        (dir, planted)
    })
}

fn fleet(args: &[&str]) -> std::process::Output {
    let (dir, _) = tenant();
    let path = dir.display().to_string();
    let mut all = vec!["fleet", "--bundle", path.as_str()];
    all.extend_from_slice(args);
    run(&all)
}

/// The fleet text of the tenant in `lang`, for a terminal `columns` wide.
fn fleet_text(lang: &str, columns: usize) -> String {
    let (dir, _) = tenant();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args([
            "fleet",
            "--bundle",
            &dir.display().to_string(),
            "--lang",
            lang,
        ])
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns.to_string())
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{lang}");
    stdout(&output)
}

fn cause<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["causes"]
        .as_array()
        .and_then(|causes| causes.iter().find(|cause| cause["id"] == id))
        .unwrap_or_else(|| panic!("no cause {id}"))
}

#[test]
fn counts_exactly_the_planted_macs() {
    let (_, planted) = tenant();
    let output = fleet(&["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["schema"], "jamf-triage/fleet/v1");
    assert_eq!(json["devices"], MACS);
    let checkin = cause(&json, "jamf-checkin-missed");
    assert_eq!(checkin["scope"], "device");
    assert_eq!(checkin["confirmed"], planted.stale_checkin.len());
    assert_eq!(checkin["ruled_out"], MACS - planted.stale_checkin.len());
    assert_eq!(checkin["devices"], serde_json::json!(planted.stale_checkin));
    let stale = cause(&json, "stale-registration");
    assert_eq!(stale["confirmed"], planted.duplicated_intune.len());
    assert_eq!(
        stale["devices"],
        serde_json::json!(planted.duplicated_intune)
    );
    // Each duplicated serial is listed once as a problem of managedDevices.json, and nothing
    // else is wrong with the bundle.
    let problems = json["problems"].as_array().expect("problems");
    assert_eq!(problems.len(), planted.duplicated_intune.len());
    assert!(
        problems
            .iter()
            .all(|problem| problem["kind"] == "same-serial"
                && problem["artifact"] == "graph/managedDevices.json")
    );
    // Deterministic.
    assert_eq!(fleet(&["--format", "json"]).stdout, output.stdout);
}

#[test]
fn lists_every_mac_of_a_cause() {
    let (_, planted) = tenant();
    let output = fleet(&["--list", "jamf-checkin-missed"]);
    assert_eq!(output.status.code(), Some(0));
    let listed: Vec<String> = stdout(&output).lines().map(str::to_owned).collect();
    assert_eq!(listed, planted.stale_checkin);
    assert_eq!(fleet(&["--list", "no-such-cause"]).status.code(), Some(2));
}

#[test]
fn csv_has_one_row_per_mac_and_cause() {
    let output = fleet(&["--format", "csv"]);
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    let mut lines = text.split("\r\n").filter(|line| !line.is_empty());
    assert_eq!(lines.next(), Some("serial,user,cause,scope,verdict"));
    let rows: Vec<Vec<&str>> = lines.map(|line| line.split(',').collect()).collect();
    assert!(rows.iter().all(|row| row.len() == 5));
    let causes = rows.iter().filter(|row| row[0] == "FLT000000000").count();
    assert!(causes > 10);
    assert_eq!(rows.len(), MACS * causes);
    assert!(rows.contains(&vec![
        "FLT000000050",
        "user50@contoso.example",
        "jamf-checkin-missed",
        "device",
        "confirmed"
    ]));
}

#[test]
fn text_fits_the_terminal_in_every_language() {
    // The first Macs of a cause, listed and counted as the reports list values.
    for (lang, first) in [
        ("en", "FLT000000000, FLT000000050, FLT000000100 (+37 more)"),
        (
            "pt-PT",
            "FLT000000000, FLT000000050, FLT000000100 (mais 37)",
        ),
        (
            "zh-CN",
            "FLT000000000、FLT000000050、FLT000000100（另有 37 项）",
        ),
    ] {
        let text = fleet_text(lang, 90);
        assert!(text.contains("jamf-checkin-missed"), "{text}");
        assert!(text.contains(first), "{text}");
        for line in text.lines() {
            assert!(line.chars().count() <= 90, "{lang}: {line}");
        }
        let markdown = fleet(&["--format", "markdown", "--lang", lang]);
        assert!(stdout(&markdown).contains("| `jamf-checkin-missed`"));
    }
}

#[test]
fn one_mac_of_the_fleet_bundle_gets_its_own_verdicts() {
    let (dir, _) = tenant();
    let path = dir.display().to_string();
    let ea = |serial: &str| {
        let output = run(&[
            "diagnose", "--bundle", &path, "--serial", serial, "--format", "jamf-ea",
        ]);
        assert_eq!(output.status.code(), Some(0));
        stdout(&output)
    };
    let planted = ea("FLT000000100");
    assert!(planted.starts_with("<result>"), "{planted}");
    assert!(planted.contains("jamf-checkin-missed"), "{planted}");
    assert!(planted.contains("stale-registration"), "{planted}");
    assert_eq!(planted.lines().count(), 1);
    let healthy = ea("FLT000000001");
    assert!(healthy.starts_with("<result>UNDETERMINED: "), "{healthy}");
    assert!(healthy.ends_with("</result>\n"), "{healthy}");
}

#[test]
fn a_bundle_without_any_mac_is_an_error() {
    let dir = std::env::temp_dir().join(format!("jamf-triage-no-mac-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("graph")).expect("dir");
    std::fs::write(
        dir.join("manifest.yaml"),
        "collected_at: 2026-03-02T12:00:00Z\n",
    )
    .expect("manifest");
    std::fs::write(dir.join("graph/managedDevices.json"), r#"{"value":[]}"#).expect("file");
    let output = run(&["fleet", "--bundle", &dir.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("holds no Mac"));
}

#[test]
fn the_one_mac_folder_is_only_the_context_subject() {
    // duplicate-registration: context.yaml names C02XK1ABJGH5 and the bundle has mac/.
    let path = bundle("duplicate-registration").display().to_string();
    let evidence = |serial: &str| {
        let output = run(&[
            "evidence", "--bundle", &path, "--serial", serial, "--format", "json",
        ]);
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        stdout(&output)
    };
    let own = evidence("C02XK1ABJGH5");
    assert!(own.contains("device.keychain.wpj_device_ids"));
    let other = evidence("C02OTHER0001");
    assert!(!other.contains("device.keychain.wpj_device_ids"), "{other}");
    assert!(
        other.contains(
            "holds the artifacts of the Mac C02XK1ABJGH5 of context.yaml, not of C02OTHER0001"
        ),
        "{other}"
    );
    // As a fleet, its Macs are the inventory's and Intune's, the folder is the subject's.
    let output = run(&["fleet", "--bundle", &path, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert!(json["devices"].as_u64().is_some_and(|devices| devices >= 1));
}

/// The text table in every language, 80 columns wide: no line wider than that, and the header
/// rows and every cause's row end at the same column (Chinese characters take two columns; the
/// "Macs" and "users" headings end over the last symbol of their three counts).
#[test]
fn the_text_table_lines_up_in_every_language() {
    use regex::Regex;
    use unicode_width::UnicodeWidthStr;
    let row = Regex::new(r"^[a-z0-9-]+ +( +\d+){6} $").expect("valid");
    for lang in ["en", "pt-PT", "zh-CN"] {
        let text = fleet_text(lang, 80);
        assert!(
            text.lines().all(|line| line.width() <= 80),
            "{lang}: a line is wider than 80 columns:\n{text}"
        );
        // The table: the line with the column symbols, the one above it (Macs / users) and
        // every cause row (an id, then six counts) have one width.
        let lines: Vec<&str> = text.lines().collect();
        let header = lines
            .iter()
            .position(|line| line.trim_end().ends_with('✗') && line.contains('✓'))
            .expect("the table's header");
        let rows: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|line| row.is_match(line))
            .collect();
        assert!(rows.len() > 3, "{lang}: cause rows expected:\n{text}");
        let width = lines[header].width();
        assert_eq!(lines[header - 1].width(), width, "{lang}:\n{text}");
        for line in rows {
            assert_eq!(line.width(), width, "{lang}: {line:?}\n{text}");
        }
        insta::assert_snapshot!(format!("fleet_text_{lang}"), text);
    }
}
