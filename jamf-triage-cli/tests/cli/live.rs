//! `jamf-triage collect` and `diagnose --live` end to end, against loopback servers that replay
//! each example bundle's own Jamf Pro and Graph files, with the Mac replayed from its `mac/`
//! folder: the bundle collected holds every artifact of the example and diagnoses exactly like
//! it; a server killed mid-run gives a partial bundle and a report naming what failed; the
//! secrets never show anywhere.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use super::{bundle as example, json_report, temp_dir};

use jamf_triage_collector_graph::live::replay as graph;
use jamf_triage_collector_jamf_pro::live::replay as jamf;
use jamf_triage_http::testing::{Action, TestServer};
use serde_json::Value;

const JAMF_CANARY: &str = "canary-jamf-5ecret-4b1d";
const GRAPH_CANARY: &str = "canary-graph-5ecret-7e2f";
const TENANT: &str = "contoso.example";
const EXAMPLES: [&str; 6] = [
    "device-compliance-healthy",
    "device-compliance-not-compliant",
    "duplicate-registration",
    "graph-token-permissions",
    "healthy",
    "portal-opened-directly",
];

type TestResult = Result<(), Box<dyn std::error::Error>>;

/// A new empty directory for this test.
fn scratch(name: &str) -> PathBuf {
    temp_dir(&format!("live-{name}"))
}

/// The two servers replaying `bundle`; `graph_fault` may answer Graph requests instead.
fn servers(bundle: &Path, graph_fault: graph::Fault) -> std::io::Result<(TestServer, TestServer)> {
    let jamf = jamf::serve(
        bundle,
        jamf::Accepted {
            id: "triage-client".into(),
            secret: JAMF_CANARY.into(),
        },
        Box::new(|_, _| None),
    )?;
    let graph = graph::serve(
        bundle,
        graph::Accepted {
            tenant: TENANT.into(),
            client_id: "triage-app".into(),
            secret: GRAPH_CANARY.into(),
        },
        graph_fault,
    )?;
    Ok((jamf, graph))
}

/// `collected_at` of an example's manifest.
fn collected_at(bundle: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(bundle.join("manifest.yaml")).ok()?;
    manifest
        .lines()
        .find_map(|line| Some(line.strip_prefix("collected_at:")?.trim().to_owned()))
}

/// The live options that collect `bundle` from the servers and its recorded Mac.
fn live_args(bundle: &Path, jamf: &TestServer, graph: &TestServer) -> Vec<String> {
    let path = |p: PathBuf| p.display().to_string();
    let mut args: Vec<String> = [
        "--jamf-url",
        jamf.url(),
        "--jamf-client-id",
        "triage-client",
        "--tenant",
        TENANT,
        "--graph-client-id",
        "triage-app",
        "--login-authority",
        graph.url(),
        "--timeout",
        "5",
        "--attempts",
        "2",
        "--allow-http",
        "--verbose",
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    args.extend([
        "--graph-url".to_owned(),
        format!("{}/v1.0", graph.url()),
        "--jamf-server-log".to_owned(),
        path(bundle.join("jamf-pro/JAMFSoftwareServer.log")),
        "--mac-replay".to_owned(),
        path(bundle.join("mac")),
        "--context".to_owned(),
        path(bundle.join("context.yaml")),
        "--collected-at".to_owned(),
        collected_at(bundle).unwrap_or_default(),
    ]);
    args
}

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("JAMF_TRIAGE_JAMF_CLIENT_SECRET", JAMF_CANARY)
        .env("JAMF_TRIAGE_GRAPH_CLIENT_SECRET", GRAPH_CANARY)
        .output()
        .expect("the binary runs")
}

/// The JSON pointer of the first place where `a` and `b` differ, with both values.
fn first_difference(a: &Value, b: &Value, at: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
            keys.into_iter().find_map(|key| {
                first_difference(
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                    &format!("{at}/{key}"),
                )
            })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{at}/{i}"))),
        _ if a == b => None,
        _ => Some(format!("{at}: {a} != {b}")),
    }
}

/// Fails if a canary secret or a token shows in `text`.
fn assert_no_secret(what: &str, text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    // The secrets, and the tokens the replay servers issue.
    for canary in [
        JAMF_CANARY,
        GRAPH_CANARY,
        "eyJamfReplayToken",
        "eyGraphReplayToken",
    ] {
        assert!(!text.contains(canary), "{what} holds a secret or a token");
    }
}

/// Every file under `dir`.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path)
            } else {
                found.push(path)
            }
        }
    }
    found
}

/// Every file under `dir`, relative to it, with `/` separators.
fn relative_files(dir: &Path) -> Vec<String> {
    files(dir)
        .iter()
        .filter_map(|file| file.strip_prefix(dir).ok())
        .map(|path| path.to_string_lossy().replace('\\', "/"))
        .collect()
}

fn assert_no_secret_anywhere(outputs: &[&Output], bundle: &Path) {
    for output in outputs {
        assert_no_secret("standard output", &output.stdout);
        assert_no_secret("standard error", &output.stderr);
    }
    for file in files(bundle) {
        assert_no_secret(
            &file.display().to_string(),
            &std::fs::read(&file).unwrap_or_default(),
        );
    }
}

#[test]
fn a_live_bundle_diagnoses_like_each_example() -> TestResult {
    for name in EXAMPLES {
        let bundle = example(name);
        let (jamf, graph) = servers(&bundle, Box::new(|_, _| None))?;
        let out = scratch(name);
        let mut args = vec![
            "collect".to_owned(),
            "--out".to_owned(),
            out.display().to_string(),
        ];
        args.extend(live_args(&bundle, &jamf, &graph));
        let collected = run(&args);
        assert_eq!(
            collected.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&collected.stderr)
        );
        let manifest = std::fs::read_to_string(out.join("manifest.yaml"))?;
        assert!(!manifest.contains("failed:"), "{name}: {manifest}");
        assert!(
            String::from_utf8_lossy(&collected.stderr).contains("GET"),
            "--verbose logs requests"
        );

        // Every artifact of the example was collected from the servers and the recorded Mac (the
        // legacy examples also hold the licences of a user who is not their subject, which live
        // collection does not fetch).
        let collected_files = relative_files(&out);
        let missing: Vec<String> = relative_files(&bundle)
            .into_iter()
            .filter(|path| path != "expected.yaml" && !collected_files.contains(path))
            .collect();
        assert!(
            missing.iter().all(|path| {
                path.starts_with("graph/licenseDetails/") && !name.starts_with("device-compliance")
            }),
            "{name}: not collected live: {missing:?}"
        );
        let live = json_report(&out);
        let offline = json_report(&bundle);
        assert_eq!(
            first_difference(&live, &offline, ""),
            None,
            "{name}: the live bundle diagnoses like the example"
        );
        assert_no_secret("report", live.to_string().as_bytes());
        assert_no_secret_anywhere(&[&collected], &out);
        let _ = std::fs::remove_dir_all(&out);
    }
    Ok(())
}

#[test]
fn a_server_killed_mid_run_gives_a_partial_bundle_and_a_report_naming_it() -> TestResult {
    let bundle = example("healthy");
    let kill: graph::Fault = Box::new(|_, request| {
        request
            .path()
            .starts_with("/v1.0/servicePrincipals")
            .then_some(Action::Die)
    });
    let (jamf, graph) = servers(&bundle, kill)?;
    let keep = scratch("killed");
    let mut args: Vec<String> = ["diagnose", "--live", "--format", "json", "--keep-bundle"]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    args.push(keep.display().to_string());
    args.extend(live_args(&bundle, &jamf, &graph));
    let output = run(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout)?;
    let problems = report["problems"].as_array().cloned().unwrap_or_default();
    let paths: Vec<&str> = problems.iter().filter_map(|p| p["path"].as_str()).collect();
    assert!(paths.contains(&"graph/servicePrincipals.json"), "{paths:?}");
    assert!(
        paths.contains(&"graph/deviceCompliancePolicies.json"),
        "{paths:?}"
    );
    assert!(
        problems.iter().all(|p| p["collector"] == "graph"),
        "{problems:?}"
    );
    assert!(
        keep.join("jamf-pro/computers-inventory.json").exists(),
        "the other sources were collected"
    );
    assert!(
        keep.join("graph/devices.json").exists(),
        "what came before the death was kept"
    );
    let manifest = std::fs::read_to_string(keep.join("manifest.yaml"))?;
    assert!(manifest.contains("failed:"), "{manifest}");
    assert_no_secret_anywhere(&[&output], &keep);
    let _ = std::fs::remove_dir_all(&keep);
    Ok(())
}

#[test]
fn diagnose_live_without_keeping_leaves_nothing_and_reports_like_the_example() -> TestResult {
    let bundle = example("graph-token-permissions");
    let (jamf, graph) = servers(&bundle, Box::new(|_, _| None))?;
    let mut args: Vec<String> = ["diagnose", "--live", "--format", "json"]
        .iter()
        .map(|a| (*a).to_owned())
        .collect();
    args.extend(live_args(&bundle, &jamf, &graph));
    let output = run(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let offline = json_report(&bundle);
    let live: Value = serde_json::from_slice(&output.stdout)?;
    assert_eq!(first_difference(&live, &offline, ""), None);
    assert_no_secret("report", &output.stdout);
    assert_no_secret("log", &output.stderr);
    Ok(())
}

#[test]
fn bad_credentials_are_named_in_the_bundle_without_the_secret() -> TestResult {
    let bundle = example("healthy");
    let (jamf, graph) = servers(&bundle, Box::new(|_, _| None))?;
    let out = scratch("bad-credentials");
    let mut args = vec![
        "collect".to_owned(),
        "--out".to_owned(),
        out.display().to_string(),
    ];
    args.extend(live_args(&bundle, &jamf, &graph));
    let output = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(&args)
        .env("JAMF_TRIAGE_JAMF_CLIENT_SECRET", format!("{JAMF_CANARY}x"))
        .env(
            "JAMF_TRIAGE_GRAPH_CLIENT_SECRET",
            format!("{GRAPH_CANARY}x"),
        )
        .output()?;
    assert_eq!(
        output.status.code(),
        Some(1),
        "a partial bundle is not a success"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.yaml"))?;
    assert!(
        manifest.contains("authentication failed (HTTP 400): invalid_client"),
        "{manifest}"
    );
    assert!(
        manifest.contains("authentication failed (HTTP 401): invalid_client: AADSTS7000215"),
        "{manifest}"
    );
    assert!(String::from_utf8_lossy(&output.stderr).contains("could not be collected"));
    assert_no_secret_anywhere(&[&output], &out);
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

#[test]
fn the_subject_asked_for_is_written_into_the_context() -> TestResult {
    let out = scratch("subject");
    let mac = example("healthy").join("mac").display().to_string();
    let args: Vec<String> = [
        "collect",
        "--mac-replay",
        &mac,
        "--quiet",
        "--serial",
        "C02TEST",
        "--user",
        "u@x.example",
        "--out",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .chain([out.display().to_string()])
    .collect();
    assert_eq!(run(&args).status.code(), Some(0));
    let context = std::fs::read_to_string(out.join("context.yaml"))?;
    assert!(
        context.contains("serial: C02TEST") && context.contains("user: u@x.example"),
        "{context}"
    );
    let _ = std::fs::remove_dir_all(&out);

    let given = example("duplicate-registration").join("context.yaml");
    let args: Vec<String> = [
        "collect",
        "--mac-replay",
        &mac,
        "--quiet",
        "--serial",
        "C02OTHER",
        "--out",
    ]
    .iter()
    .map(|a| (*a).to_owned())
    .chain([
        out.display().to_string(),
        "--context".to_owned(),
        given.display().to_string(),
    ])
    .collect();
    assert_eq!(run(&args).status.code(), Some(0));
    let context = std::fs::read_to_string(out.join("context.yaml"))?;
    assert!(context.contains("serial: C02OTHER"), "{context}");
    assert!(context.contains("user: adele@contoso.example"), "{context}");
    assert!(
        context.contains("duplicate-intune-records"),
        "the report is kept: {context}"
    );
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

/// What would make a collection pointless or unsafe is refused before any request, with exit 2,
/// one line saying how to fix it, and no bundle written.
#[test]
fn usage_errors_are_found_before_any_request() {
    let out = scratch("usage");
    let cases: [(&[&str], &str); 5] = [
        (&["--no-mac"], "nothing to collect"),
        (
            &[
                "--no-mac",
                "--jamf-url",
                "jamf.example.com",
                "--jamf-client-id",
                "c",
            ],
            "give the full URL, with https://",
        ),
        (
            &[
                "--no-mac",
                "--jamf-url",
                "http://jamf.example.com",
                "--jamf-client-id",
                "c",
            ],
            "--allow-http",
        ),
        (
            &["--no-mac", "--jamf-url", "https://jamf.example.com"],
            "no credentials",
        ),
        (
            &[
                "--no-mac",
                "--tenant",
                "contoso.example",
                "--graph-client-id",
                "app",
            ],
            "JAMF_TRIAGE_GRAPH_CLIENT_SECRET",
        ),
    ];
    for (options, says) in cases {
        let mut args = vec!["collect", "--out", out.to_str().unwrap_or_default()];
        args.extend_from_slice(options);
        let output = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
            .args(&args)
            .env_remove("JAMF_TRIAGE_GRAPH_CLIENT_SECRET")
            .env_remove("JAMF_TRIAGE_JAMF_CLIENT_SECRET")
            .output()
            .expect("the binary runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{options:?}: {stderr}");
        assert!(stderr.contains(says), "{options:?}: {stderr}");
        assert!(
            !out.join("manifest.yaml").exists(),
            "{options:?}: a bundle was written"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Against a server that accepts connections and never answers, the source is given up once its
/// token request timed out twice (or after two requests in a row without an answer), its
/// remaining artifacts are not tried, and `collect` ends with a partial bundle and exit 1: at most
/// two requests of two attempts each, about 80 s with the default 20 s timeout (here 1 s).
#[test]
fn an_unresponsive_server_ends_the_collection_quickly_with_a_partial_bundle() -> TestResult {
    let silent = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", silent.local_addr()?);
    let out = scratch("unresponsive");
    let mac = example("healthy").join("mac").display().to_string();
    let args: Vec<String> = [
        "collect",
        "--out",
        out.to_str().unwrap_or_default(),
        "--mac-replay",
        &mac,
        "--jamf-url",
        &url,
        "--jamf-client-id",
        "triage-client",
        "--allow-http",
        "--timeout",
        "1",
    ]
    .iter()
    .map(|arg| (*arg).to_owned())
    .collect();
    let started = std::time::Instant::now();
    let output = run(&args);
    let took = started.elapsed();
    assert_eq!(
        output.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(took < std::time::Duration::from_secs(60), "took {took:?}");
    let manifest = std::fs::read_to_string(out.join("manifest.yaml"))?;
    assert!(manifest.contains("no answer within 1s"), "{manifest}");
    assert!(
        manifest.contains(jamf_triage_http::NOT_TRIED),
        "the other artifacts were not tried: {manifest}"
    );
    assert!(
        out.join("mac/sw_vers.txt").exists(),
        "the Mac was still collected"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not tried, for the reason above")
            || !manifest.contains(jamf_triage_http::NOT_TRIED),
        "{stderr}"
    );
    drop(silent);
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}

/// Interrupted (here by `SIGTERM`, as Ctrl-C would) while a source waits on a server that never
/// answers, `collect` still leaves a bundle whose manifest says it was interrupted and which
/// source did not finish, and exits 130.
#[cfg(unix)]
#[test]
fn an_interrupted_collection_leaves_a_manifest_that_says_so() -> TestResult {
    let silent = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", silent.local_addr()?);
    let out = scratch("interrupted");
    let mac = example("healthy").join("mac").display().to_string();
    let child = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args([
            "collect",
            "--out",
            out.to_str().unwrap_or_default(),
            "--mac-replay",
            &mac,
            "--jamf-url",
            &url,
            "--jamf-client-id",
            "triage-client",
            "--allow-http",
            "--quiet",
        ])
        .env("JAMF_TRIAGE_JAMF_CLIENT_SECRET", JAMF_CANARY)
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    // The Mac is replayed at once; Jamf Pro waits for its 20 s timeout.
    let started = std::time::Instant::now();
    while !out.join("mac/sw_vers.txt").exists() && started.elapsed().as_secs() < 15 {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()?;
    assert!(killed.success());
    let output = child.wait_with_output()?;
    assert_eq!(
        output.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("manifest.yaml"))?;
    assert!(manifest.contains("interrupted: true"), "{manifest}");
    assert!(
        manifest.contains("interrupted before this source finished"),
        "{manifest}"
    );
    assert!(
        manifest.contains("- mac/sw_vers.txt"),
        "what was collected is listed: {manifest}"
    );
    drop(silent);
    let _ = std::fs::remove_dir_all(&out);
    Ok(())
}
