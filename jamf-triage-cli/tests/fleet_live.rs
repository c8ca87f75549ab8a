//! `jamf-triage collect --fleet` end to end, against loopback servers replaying a generated
//! tenant (`jamf_triage_benches::generate_tenant`) laid over the `healthy` example's tenant
//! files: several pages of each paged API, then `jamf-triage fleet` on the bundle written counts
//! the Macs; a `@odata.nextLink` loop ends with a failure; an inventory page failing mid-way
//! leaves a partial bundle (exit 1) that still diagnoses; `--fleet` with a subject is a usage
//! error before any request; the Jamf Pro token is invalidated once, and a failure to is only a
//! warning.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, OnceLock};

use jamf_triage_collector_graph::live::replay as graph;
use jamf_triage_collector_jamf_pro::live::replay as jamf;
use jamf_triage_http::testing::{Action, Reply, TestServer};
use serde_json::Value;

const JAMF_SECRET: &str = "canary-jamf-5ecret-f1ee";
const GRAPH_SECRET: &str = "canary-graph-5ecret-f1ee";
const TENANT: &str = "contoso.example";
const MACS: usize = 9;
const INVALIDATE: &str = "/api/v1/auth/invalidate-token";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A new empty directory.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "jamf-triage-fleet-live-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

/// The tenant the servers replay: the `healthy` example's Jamf Pro and Graph files, with the
/// inventory, managed devices and Entra devices of a generated tenant of [`MACS`] Macs.
fn tenant(name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let dir = scratch(&format!("{name}-tenant"));
    let example = repo().join("examples/bundles/healthy");
    copy_dir(&example.join("jamf-pro"), &dir.join("jamf-pro"))?;
    copy_dir(&example.join("graph"), &dir.join("graph"))?;
    let generated = scratch(&format!("{name}-generated"));
    jamf_triage_benches::generate_tenant(&generated, MACS)?;
    for file in [
        "jamf-pro/computers-inventory.json",
        "graph/managedDevices.json",
        "graph/devices.json",
    ] {
        std::fs::copy(generated.join(file), dir.join(file))?;
    }
    std::fs::remove_dir_all(&generated)?;
    Ok(dir)
}

fn servers(
    tenant: &Path,
    jamf_fault: jamf::Fault,
    graph_fault: graph::Fault,
) -> std::io::Result<(TestServer, TestServer)> {
    let jamf = jamf::serve(
        tenant,
        jamf::Accepted {
            id: "triage-client".into(),
            secret: JAMF_SECRET.into(),
        },
        jamf_fault,
    )?;
    let graph = graph::serve(
        tenant,
        graph::Accepted {
            tenant: TENANT.into(),
            client_id: "triage-app".into(),
            secret: GRAPH_SECRET.into(),
        },
        graph_fault,
    )?;
    Ok((jamf, graph))
}

fn no_fault() -> jamf::Fault {
    Box::new(|_, _| None)
}

fn run(args: &[String]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("JAMF_TRIAGE_JAMF_CLIENT_SECRET", JAMF_SECRET)
        .env("JAMF_TRIAGE_GRAPH_CLIENT_SECRET", GRAPH_SECRET)
        .output()
        .expect("the binary runs")
}

/// `collect --fleet` from the servers into `out`, three inventory records per page.
fn collect_fleet(out: &Path, jamf: &TestServer, graph: &TestServer, more: &[&str]) -> Output {
    let mut args: Vec<String> = vec![
        "collect".into(),
        "--fleet".into(),
        "--out".into(),
        out.display().to_string(),
        "--jamf-url".into(),
        jamf.url().into(),
        "--jamf-client-id".into(),
        "triage-client".into(),
        "--jamf-page-size".into(),
        "3".into(),
        "--tenant".into(),
        TENANT.into(),
        "--graph-client-id".into(),
        "triage-app".into(),
        "--login-authority".into(),
        graph.url().into(),
        "--graph-url".into(),
        format!("{}/v1.0", graph.url()),
        "--allow-http".into(),
        "--timeout".into(),
        "5".into(),
        "--attempts".into(),
        "2".into(),
        "--collected-at".into(),
        "2026-03-02T12:00:00Z".into(),
    ];
    args.extend(more.iter().map(|arg| (*arg).to_owned()));
    run(&args)
}

/// `fleet --format json` on `bundle`.
fn fleet_json(bundle: &Path) -> Result<Value, Box<dyn std::error::Error>> {
    let output = run(&[
        "fleet".into(),
        "--bundle".into(),
        bundle.display().to_string(),
        "--format".into(),
        "json".into(),
    ]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    Ok(serde_json::from_slice(&output.stdout)?)
}

/// How many requests for `path` (any query) the server received.
fn requests(server: &TestServer, method: &str, path: &str) -> usize {
    server
        .received()
        .iter()
        .filter(|request| request.method == method && request.path() == path)
        .count()
}

fn manifest(bundle: &Path) -> String {
    std::fs::read_to_string(bundle.join("manifest.yaml")).unwrap_or_default()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_fleet_collected_page_by_page_diagnoses_every_mac() -> TestResult {
    let tenant = tenant("whole")?;
    let (jamf, graph) = servers(&tenant, no_fault(), Box::new(|_, _| None))?;
    let out = scratch("whole-bundle");
    let output = collect_fleet(&out, &jamf, &graph, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // Several pages of each paged API.
    assert_eq!(
        requests(&jamf, "GET", "/api/v1/computers-inventory"),
        MACS.div_ceil(3)
    );
    assert!(requests(&graph, "GET", "/v1.0/deviceManagement/managedDevices") >= 4);
    assert!(requests(&graph, "GET", "/v1.0/devices") >= 4);
    // No Mac, no subject: nothing per user or per computer.
    assert!(!out.join("mac").exists());
    assert!(!out.join("graph/licenseDetails").exists());
    assert!(!out.join("jamf-pro/device-compliance-information").exists());
    // The token is invalidated once, at the end.
    assert_eq!(requests(&jamf, "POST", INVALIDATE), 1);
    assert_eq!(
        jamf.received().last().map(|request| request.url.clone()),
        Some(INVALIDATE.to_owned())
    );

    let inventory: Value = serde_json::from_slice(&std::fs::read(
        out.join("jamf-pro/computers-inventory.json"),
    )?)?;
    assert_eq!(inventory["totalCount"], MACS);
    assert_eq!(inventory["results"].as_array().map(Vec::len), Some(MACS));

    // The generated tenant's planted problems come through: Mac 0 checked in three days ago and
    // has two Intune records.
    let json = fleet_json(&out)?;
    assert_eq!(json["devices"], MACS);
    let planted = serde_json::json!(["FLT000000000"]);
    for id in ["jamf-checkin-missed", "stale-registration"] {
        let cause = json["causes"]
            .as_array()
            .and_then(|causes| causes.iter().find(|cause| cause["id"] == id))
            .ok_or(id)?;
        assert_eq!(cause["devices"], planted, "{id}");
    }
    assert_eq!(
        json["problems"],
        serde_json::json!([{"kind": "same-serial", "artifact": "graph/managedDevices.json", "item": "FLT000000000"}]),
        "{json}"
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}

#[test]
fn a_next_link_loop_ends_with_a_failure_and_a_partial_bundle() -> TestResult {
    let tenant = tenant("loop")?;
    let base = Arc::new(OnceLock::<String>::new());
    let link = Arc::clone(&base);
    let graph_fault: graph::Fault = Box::new(move |_, request| {
        if request.method != "GET" || request.path() != "/v1.0/deviceManagement/managedDevices" {
            return None;
        }
        let next = format!(
            "{}/v1.0/deviceManagement/managedDevices?$skiptoken=again",
            link.get()?
        );
        let page = serde_json::json!({
            "value": [{"id": "m1", "serialNumber": "FLT000000001", "operatingSystem": "macOS"}],
            "@odata.nextLink": next,
        });
        Some(Action::Reply(Reply::json(200, page.to_string())))
    });
    let (jamf, graph) = servers(&tenant, no_fault(), graph_fault)?;
    let _ = base.set(graph.url().to_owned());
    let out = scratch("loop-bundle");
    let output = collect_fleet(&out, &jamf, &graph, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert_eq!(
        requests(&graph, "GET", "/v1.0/deviceManagement/managedDevices"),
        2
    );
    let manifest = manifest(&out);
    assert!(
        manifest.contains("graph/managedDevices.json") && manifest.contains("already read"),
        "{manifest}"
    );
    // The pages read are kept, and the bundle still diagnoses every Mac of the inventory.
    let managed: Value =
        serde_json::from_slice(&std::fs::read(out.join("graph/managedDevices.json"))?)?;
    assert_eq!(managed["value"].as_array().map(Vec::len), Some(2));
    let json = fleet_json(&out)?;
    assert_eq!(json["devices"], MACS);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}

#[test]
fn a_page_failing_mid_way_leaves_a_partial_bundle_that_diagnoses() -> TestResult {
    let tenant = tenant("midway")?;
    let jamf_fault: jamf::Fault = Box::new(|_, request| {
        (request.path() == "/api/v1/computers-inventory" && request.query("page") == Some("1"))
            .then(|| Action::Reply(Reply::json(500, r#"{"httpStatus":500}"#)))
    });
    let (jamf, graph) = servers(&tenant, jamf_fault, Box::new(|_, _| None))?;
    let out = scratch("midway-bundle");
    let output = collect_fleet(&out, &jamf, &graph, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let manifest = manifest(&out);
    assert!(
        manifest.contains("jamf-pro/computers-inventory.json")
            && manifest.contains("3 record(s) of the 1 page(s)"),
        "{manifest}"
    );
    assert!(
        out.join("graph/managedDevices.json").exists(),
        "the rest went on"
    );
    let json = fleet_json(&out)?;
    assert_eq!(
        json["devices"], MACS,
        "the Intune records still name every Mac"
    );
    let kinds: Vec<&str> = json["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|problem| problem["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"page-missing"), "{json}");
    assert_eq!(requests(&jamf, "POST", INVALIDATE), 1);
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}

#[test]
fn a_failing_token_invalidation_is_only_a_warning() -> TestResult {
    let tenant = tenant("invalidate")?;
    let jamf_fault: jamf::Fault = Box::new(|_, request| {
        (request.path() == INVALIDATE).then(|| Action::Reply(Reply::json(500, "{}")))
    });
    let (jamf, graph) = servers(&tenant, jamf_fault, Box::new(|_, _| None))?;
    let out = scratch("invalidate-bundle");
    let output = collect_fleet(&out, &jamf, &graph, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("could not be invalidated"),
        "{}",
        stderr(&output)
    );
    assert!(!manifest(&out).contains("invalidat"), "{}", manifest(&out));
    assert!(
        !stderr(&output).contains("eyJamfReplayToken"),
        "no token shown"
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}

#[test]
fn fleet_with_a_subject_or_no_server_is_a_usage_error_before_any_request() -> TestResult {
    let tenant = tenant("usage")?;
    let (jamf, graph) = servers(&tenant, no_fault(), Box::new(|_, _| None))?;
    for more in [
        &["--serial", "C02X"][..],
        &["--user", "adele@contoso.example"],
    ] {
        let out = scratch("usage-bundle");
        let output = collect_fleet(&out, &jamf, &graph, more);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(!out.exists());
    }
    let out = scratch("usage-none");
    let output = run(&[
        "collect".into(),
        "--fleet".into(),
        "--out".into(),
        out.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("--fleet"), "{}", stderr(&output));
    assert!(jamf.received().is_empty() && graph.received().is_empty());
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}

/// Interrupted (`SIGTERM`) while an inventory page is on its way, the collection still
/// invalidates its Jamf Pro token, once, before it exits 130, and the inventory file keeps the
/// records of the page read before, as valid JSON.
#[cfg(unix)]
#[test]
fn an_interrupted_fleet_collection_invalidates_its_token() -> TestResult {
    let tenant = tenant("interrupted")?;
    let jamf_fault: jamf::Fault = Box::new(|_, request| {
        (request.path() == "/api/v1/computers-inventory" && request.query("page") == Some("1"))
            .then(|| {
                Action::Reply(
                    Reply::json(200, r#"{"totalCount":9,"results":[]}"#)
                        .after(std::time::Duration::from_secs(3)),
                )
            })
    });
    let (jamf, graph) = servers(&tenant, jamf_fault, Box::new(|_, _| None))?;
    drop(graph);
    let out = scratch("interrupted-bundle");
    let child = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args([
            "collect",
            "--fleet",
            "--quiet",
            "--out",
            out.to_str().unwrap_or_default(),
            "--jamf-url",
            jamf.url(),
            "--jamf-client-id",
            "triage-client",
            "--jamf-page-size",
            "3",
            "--allow-http",
            "--timeout",
            "10",
        ])
        .env("JAMF_TRIAGE_JAMF_CLIENT_SECRET", JAMF_SECRET)
        .stderr(std::process::Stdio::piped())
        .spawn()?;
    let started = std::time::Instant::now();
    let asked_page_1 = || {
        jamf.received()
            .iter()
            .any(|request| request.query("page") == Some("1"))
    };
    while !asked_page_1() && started.elapsed().as_secs() < 15 {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()?;
    assert!(killed.success());
    let output = child.wait_with_output()?;
    assert_eq!(output.status.code(), Some(130), "{}", stderr(&output));
    let invalidations: Vec<Option<String>> = jamf
        .received()
        .into_iter()
        .filter(|request| request.path() == INVALIDATE)
        .map(|request| request.authorization)
        .collect();
    assert_eq!(
        invalidations,
        [Some("Bearer eyJamfReplayToken0".to_owned())]
    );
    assert!(
        manifest(&out).contains("interrupted: true"),
        "{}\n{}",
        manifest(&out),
        stderr(&output)
    );
    let inventory = std::fs::read_to_string(out.join("jamf-pro/computers-inventory.json"))?;
    let inventory: serde_json::Value = serde_json::from_str(&inventory)?;
    assert_eq!(inventory["results"].as_array().map(Vec::len), Some(3));
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&tenant);
    Ok(())
}
