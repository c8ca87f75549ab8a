//! Live collection (feature `live`) against a loopback Graph that replays each example bundle's
//! own files: every artifact comes back as saved (pages merged, ids followed), `429` and `503`
//! with `Retry-After`, `500` then success, a refused token renewed, timeouts, malformed JSON,
//! bad credentials, and a server killed mid-run.

use std::time::{Duration, Instant};

use jamf_triage_collector_graph::GraphSource;
use jamf_triage_collector_graph::live::replay::{self, Accepted, Fault};
use jamf_triage_collector_graph::live::{Cloud, DEVICE_SELECT, GraphLive, MANAGED_DEVICE_SELECT};
use jamf_triage_evidence::{ArtifactSource, LiveCollection, MemorySink, Source};
use jamf_triage_http::testing::{Action, Reply, TestServer};
use jamf_triage_http::{HttpClient, HttpConfig, Secret};
use serde_json::Value;

use crate::support::{BUNDLES, bundle_dir, open_bundle, read, subject_of};

const CANARY: &str = "canary-graph-5ecret-9c4d";
const TENANT: &str = "contoso.example";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn accepted() -> Accepted {
    Accepted {
        tenant: TENANT.into(),
        client_id: "triage-app".into(),
        secret: CANARY.into(),
    }
}

fn no_fault() -> Fault {
    Box::new(|_, _| None)
}

fn http() -> HttpClient {
    HttpClient::new(
        HttpConfig::default()
            .with_timeout(Duration::from_millis(500))
            .with_retries(3, Duration::from_millis(10), Duration::from_secs(2)),
    )
}

fn collect(server: &TestServer, secret: &str) -> MemorySink {
    let users = vec![
        "adele@contoso.example".to_owned(),
        "alex@contoso.example".to_owned(),
    ];
    collect_about(server, secret, users, "C02XK1ABJGH5")
}

/// Collects from `server` about `users` and the Mac with `serial`.
fn collect_about(
    server: &TestServer,
    secret: &str,
    users: Vec<String>,
    serial: &str,
) -> MemorySink {
    let cloud = Cloud::custom(server.url(), format!("{}/v1.0", server.url()));
    let mut sink = MemorySink::default();
    GraphLive::new(TENANT, "triage-app", Secret::new(secret))
        .in_cloud(cloud)
        .about(users, Some(serial.to_owned()))
        .collect(http(), &mut sink);
    sink
}

/// The users a saved bundle holds licences of (`graph/licenseDetails/<upn>.json`): those it was
/// collected about.
fn licensed_users(saved: &dyn ArtifactSource) -> Vec<String> {
    saved
        .paths()
        .iter()
        .filter_map(|path| {
            path.strip_prefix("graph/licenseDetails/")?
                .strip_suffix(".json")
                .map(str::to_owned)
        })
        .collect()
}

/// An answer as JSON, its `value` sorted by `id` (the order of a union is not the saved one),
/// each entry reduced to the properties `select`ed.
fn normalized(bytes: &[u8], select: Option<&str>) -> Option<Value> {
    let mut value: Value = serde_json::from_slice(bytes).ok()?;
    if let Some(items) = value.get_mut("value").and_then(Value::as_array_mut) {
        items.sort_by_key(|item| item.get("id").map(ToString::to_string));
        if let Some(select) = select {
            let keep: Vec<&str> = select.split(',').chain(["@odata.type"]).collect();
            for item in items.iter_mut().filter_map(Value::as_object_mut) {
                item.retain(|key, _| keep.contains(&key.as_str()));
            }
        }
    }
    Some(value)
}

/// The service principals whose grants live collection asks for: the Jamf Native macOS
/// Connector, the Cloud Connector for Device Compliance (by name) and the User registration app
/// for Device Compliance (by app id).
fn consent_clients(principals: Option<&[u8]>) -> Vec<String> {
    let Some(value) = principals.and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok())
    else {
        return Vec::new();
    };
    let text = |item: &Value, key: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    value
        .get("value")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|item| {
            let name = text(item, "displayName");
            name == "Jamf Native macOS Connector"
                || name == "Cloud Connector for Device Compliance"
                || [
                    "b03c10a8-71c7-45f9-b44a-3335ab76e970",
                    "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae",
                ]
                .contains(&text(item, "appId").to_lowercase().as_str())
        })
        .map(|item| text(item, "id"))
        .collect()
}

#[test]
fn every_example_comes_back_as_saved() -> TestResult {
    for name in BUNDLES {
        let server = replay::serve(&bundle_dir(name), accepted(), no_fault())?;
        let saved = open_bundle(name);
        let serial = subject_of(&saved).serial.unwrap_or_default();
        let sink = collect_about(&server, CANARY, licensed_users(&saved), &serial);
        assert_eq!(sink.failures(), [], "{name}");
        let expected: Vec<String> = saved
            .paths()
            .into_iter()
            .filter(|p| p.starts_with("graph/"))
            .collect();
        let written = sink.artifacts();
        assert_eq!(written.paths(), expected, "{name}");
        let clients = consent_clients(read(&saved, "graph/servicePrincipals.json").as_deref());
        for path in &expected {
            let got = read(&written, path);
            let want = read(&saved, path);
            let mut want = want
                .as_deref()
                .and_then(|bytes| normalized(bytes, select(path)));
            if path == "graph/oauth2PermissionGrants.json" {
                // Only the grants of the Jamf connector and the Device Compliance apps are
                // asked for (`$filter=clientId eq ...`).
                if let Some(items) = want
                    .as_mut()
                    .and_then(|value| value.get_mut("value"))
                    .and_then(Value::as_array_mut)
                {
                    items.retain(|item| {
                        item.get("clientId")
                            .and_then(Value::as_str)
                            .is_some_and(|id| clients.contains(&id.to_owned()))
                    });
                }
            }
            assert_eq!(
                got.as_deref()
                    .and_then(|bytes| normalized(bytes, select(path))),
                want,
                "{name}: {path}"
            );
        }
        let pages = server
            .received()
            .iter()
            .filter(|r| r.url.contains("$skiptoken="))
            .count();
        assert!(pages > 0, "{name}: paging was exercised");
    }
    Ok(())
}

#[test]
fn the_live_collection_runs_through_the_uniform_trait() -> TestResult {
    let server = replay::serve(&bundle_dir("healthy"), accepted(), no_fault())?;
    let cloud = Cloud::custom(server.url(), format!("{}/v1.0", server.url()));
    let collection: Box<dyn LiveCollection> =
        GraphLive::new(TENANT, "triage-app", Secret::new(CANARY))
            .in_cloud(cloud)
            .about(
                vec!["adele@contoso.example".to_owned()],
                Some("C02XK1ABJGH5".to_owned()),
            )
            .into_collection(http());
    let mut sink = MemorySink::default();
    collection.collect(&mut sink);
    assert_eq!(sink.failures(), []);
    let written = sink.artifacts().paths();
    for spec in GraphSource.artifacts() {
        assert!(
            written.iter().any(|path| spec.matches(path)),
            "{} was written",
            spec.path
        );
    }
    assert!(written.iter().all(|path| {
        GraphSource
            .artifacts()
            .iter()
            .filter(|spec| spec.matches(path))
            .count()
            == 1
    }));
    Ok(())
}

/// The `$select` the collector sends for `path`.
fn select(path: &str) -> Option<&'static str> {
    match path {
        "graph/managedDevices.json" => Some(MANAGED_DEVICE_SELECT),
        "graph/devices.json" => Some(DEVICE_SELECT),
        _ => None,
    }
}

fn healthy(fault: Fault) -> std::io::Result<TestServer> {
    replay::serve(&bundle_dir("healthy"), accepted(), fault)
}

#[test]
fn throttling_and_passing_errors_are_retried() -> TestResult {
    let fault: Fault = Box::new(|n, _| match n {
        1 => Some(Action::Reply(
            Reply::json(429, "{}").with_header("Retry-After", "1"),
        )),
        3 => Some(Action::Reply(
            Reply::json(503, "{}").with_header("Retry-After", "0"),
        )),
        5 => Some(Action::Reply(Reply::json(500, "{}"))),
        8 => Some(Action::Reply(Reply::json(401, "{}"))),
        _ => None,
    });
    let server = healthy(fault)?;
    let started = Instant::now();
    let sink = collect(&server, CANARY);
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(sink.failures(), []);
    let tokens = server
        .received()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(tokens, 2, "the refused token was renewed");
    Ok(())
}

#[test]
fn a_timeout_or_malformed_answer_fails_alone() -> TestResult {
    let fault: Fault = Box::new(|_, request| match request.path() {
        "/v1.0/devices" => Some(Action::Reply(
            Reply::json(200, "{}").after(Duration::from_millis(800)),
        )),
        "/v1.0/oauth2PermissionGrants" => Some(Action::Reply(Reply::json(200, "{\"value\": ["))),
        _ => None,
    });
    let server = healthy(fault)?;
    let sink = collect(&server, CANARY);
    let failed: Vec<&str> = sink.failures().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(
        failed,
        ["graph/devices.json", "graph/oauth2PermissionGrants.json"]
    );
    assert!(sink.failures()[0].message.contains("no answer within"));
    assert!(sink.failures()[1].message.contains("not JSON"));
    assert!(sink.artifacts().contains("graph/servicePrincipals.json"));
    Ok(())
}

#[test]
fn a_403_for_the_conditional_access_policies_fails_that_file_alone_naming_the_permission()
-> TestResult {
    // Graph's answer when the app lacks the permission.
    let fault: Fault = Box::new(|_, request| {
        (request.path() == "/v1.0/identity/conditionalAccess/policies").then(|| {
            Action::Reply(Reply::json(
                403,
                r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation."}}"#,
            ))
        })
    });
    let server = healthy(fault)?;
    let sink = collect(&server, CANARY);
    let failed: Vec<&str> = sink.failures().iter().map(|f| f.path.as_str()).collect();
    assert_eq!(failed, ["graph/conditionalAccessPolicies.json"]);
    let message = &sink.failures()[0].message;
    assert!(message.contains("HTTP 403"), "{message}");
    assert!(message.contains("Policy.Read.All"), "{message}");
    for path in [
        "graph/complianceManagementPartners.json",
        "graph/servicePrincipals.json",
        "graph/oauth2PermissionGrants.json",
    ] {
        assert!(sink.artifacts().contains(path), "{path}");
    }
    Ok(())
}

#[test]
fn the_device_compliance_apps_and_their_grants_are_asked_for() -> TestResult {
    let server = healthy(no_fault())?;
    let sink = collect(&server, CANARY);
    assert_eq!(sink.failures(), []);
    let urls: Vec<String> = server.received().iter().map(|r| r.url.clone()).collect();
    let decoded: Vec<String> = urls
        .iter()
        .map(|url| {
            url.replace("%20", " ")
                .replace("%27", "'")
                .replace("%2C", ",")
        })
        .collect();
    assert!(
        decoded
            .iter()
            .any(|url| url.contains("b03c10a8-71c7-45f9-b44a-3335ab76e970")
                && url.contains("dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae")),
        "{decoded:?}"
    );
    assert!(
        decoded
            .iter()
            .any(|url| url
                .contains("startswith(displayName,'Cloud Connector for Device Compliance')")),
        "{decoded:?}"
    );
    assert!(
        decoded
            .iter()
            .any(|url| url.starts_with("/v1.0/oauth2PermissionGrants?$filter=clientId eq '")),
        "{decoded:?}"
    );
    assert!(
        sink.artifacts()
            .contains("graph/conditionalAccessPolicies.json")
    );
    Ok(())
}

#[test]
fn bad_credentials_fail_every_request_clearly_and_without_the_secret() -> TestResult {
    let server = healthy(no_fault())?;
    let sink = collect(&server, "not-the-secret");
    assert!(sink.artifacts().paths().is_empty());
    assert!(!sink.failures().is_empty());
    for failure in sink.failures() {
        assert!(
            failure
                .message
                .contains("authentication failed (HTTP 401): invalid_client: AADSTS7000215"),
            "{failure:?}"
        );
        assert!(!failure.message.contains("not-the-secret"));
    }
    Ok(())
}

#[test]
fn a_server_killed_mid_run_gives_a_partial_collection_quickly() -> TestResult {
    let fault: Fault = Box::new(|_, request| {
        request
            .path()
            .starts_with("/v1.0/devices")
            .then_some(Action::Die)
    });
    let server = healthy(fault)?;
    let started = Instant::now();
    let sink = collect(&server, CANARY);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        sink.artifacts().paths(),
        [
            "graph/complianceManagementPartners.json",
            "graph/deviceManagementPartners.json",
            "graph/managedDevices.json"
        ]
    );
    assert!(
        sink.failures()
            .iter()
            .any(|f| f.path == "graph/devices.json" && f.message.contains("cannot reach"))
    );
    assert!(
        sink.failures()
            .iter()
            .any(|f| f.message.contains("not tried"))
    );
    Ok(())
}
