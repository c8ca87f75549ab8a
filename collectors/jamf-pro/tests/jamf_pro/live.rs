//! Live collection (feature `live`) against a loopback Jamf Pro API that replays an example
//! bundle's own files: paging, both kinds of credentials, renewal of a refused token, `429` with
//! `Retry-After`, `500` then success, timeouts, malformed JSON, bad credentials, and a server
//! killed mid-run.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jamf_triage_collector_jamf_pro::ARTIFACTS;
use jamf_triage_collector_jamf_pro::live::replay::{self, Accepted, Fault};
use jamf_triage_collector_jamf_pro::live::{Credentials, JamfProLive};
use jamf_triage_evidence::{ArtifactSource, LiveCollection, MemorySink};
use jamf_triage_http::testing::{Action, Reply, TestServer};
use jamf_triage_http::{HttpClient, HttpConfig, Secret};
use serde_json::Value;

use crate::support::{examples, read};

const CANARY: &str = "canary-jamf-5ecret-e1b2";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn healthy() -> PathBuf {
    examples().join("healthy")
}

fn accepted() -> Accepted {
    Accepted {
        id: "triage-client".into(),
        secret: CANARY.into(),
    }
}

fn api_client(secret: &str) -> Credentials {
    Credentials::ApiClient {
        client_id: "triage-client".into(),
        client_secret: Secret::new(secret),
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

/// Collects from `server` with `credentials`, 2 inventory records per page.
fn collect(server: &TestServer, credentials: Credentials) -> MemorySink {
    let mut sink = MemorySink::default();
    JamfProLive::new(server.url(), credentials)
        .with_page_size(2)
        .collect(http(), &mut sink);
    sink
}

fn json(sink: &MemorySink, path: &str) -> Option<Value> {
    let artifacts = sink.artifacts();
    artifacts
        .contains(path)
        .then(|| read(&artifacts, path))
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
}

fn saved(path: &str) -> Option<Value> {
    serde_json::from_slice(&std::fs::read(healthy().join(path)).ok()?).ok()
}

fn failed_paths(sink: &MemorySink) -> Vec<&str> {
    sink.failures()
        .iter()
        .map(|failure| failure.path.as_str())
        .collect()
}

#[test]
fn pages_are_merged_and_answers_kept_as_saved() -> TestResult {
    let server = replay::serve(&healthy(), accepted(), no_fault())?;
    let sink = collect(&server, api_client(CANARY));
    assert_eq!(sink.failures(), []);
    assert_eq!(
        json(&sink, "jamf-pro/computers-inventory.json"),
        saved("jamf-pro/computers-inventory.json")
    );
    for path in [
        "jamf-pro/notifications.json",
        "jamf-pro/jamf-pro-version.json",
    ] {
        assert_eq!(
            Some(read(&sink.artifacts(), path)),
            std::fs::read(healthy().join(path)).ok(),
            "{path}"
        );
    }
    let pages = server
        .received()
        .iter()
        .filter(|r| r.path() == "/api/v1/computers-inventory")
        .count();
    assert_eq!(pages, 3, "5 records, 2 per page");
    Ok(())
}

#[test]
fn a_user_token_comes_from_basic_credentials() -> TestResult {
    let server = replay::serve(&healthy(), accepted(), no_fault())?;
    let credentials = Credentials::User {
        username: "triage-client".into(),
        password: Secret::new(CANARY),
    };
    let sink = collect(&server, credentials);
    assert_eq!(sink.failures(), []);
    assert_eq!(sink.artifacts().paths().len(), 3);
    Ok(())
}

#[test]
fn a_refused_token_is_renewed() -> TestResult {
    let fault: Fault = Box::new(|n, _| (n == 2).then(|| Action::Reply(Reply::json(401, "{}"))));
    let server = replay::serve(&healthy(), accepted(), fault)?;
    let sink = collect(&server, api_client(CANARY));
    assert_eq!(sink.failures(), []);
    let tokens = server
        .received()
        .iter()
        .filter(|r| r.path() == "/api/oauth/token")
        .count();
    assert_eq!(tokens, 2);
    Ok(())
}

#[test]
fn retry_after_is_honoured_and_a_500_retried() -> TestResult {
    let fault: Fault = Box::new(|n, _| match n {
        1 => Some(Action::Reply(
            Reply::json(429, "{}").with_header("Retry-After", "1"),
        )),
        3 => Some(Action::Reply(Reply::json(500, "oops"))),
        _ => None,
    });
    let server = replay::serve(&healthy(), accepted(), fault)?;
    let started = Instant::now();
    let sink = collect(&server, api_client(CANARY));
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(sink.failures(), []);
    Ok(())
}

#[test]
fn a_slow_or_malformed_answer_fails_alone() -> TestResult {
    let fault: Fault = Box::new(|_, request| match request.path() {
        "/api/v1/jamf-pro-version" => Some(Action::Reply(
            Reply::json(200, "{}").after(Duration::from_millis(800)),
        )),
        "/api/v1/notifications" => Some(Action::Reply(Reply::json(200, "[{\"type\": "))),
        _ => None,
    });
    let server = replay::serve(&healthy(), accepted(), fault)?;
    let sink = collect(&server, api_client(CANARY));
    assert_eq!(
        failed_paths(&sink),
        [
            "jamf-pro/notifications.json",
            "jamf-pro/jamf-pro-version.json"
        ]
    );
    assert!(
        sink.failures()[0].message.contains("not JSON"),
        "{:?}",
        sink.failures()
    );
    assert!(
        sink.failures()[1].message.contains("no answer within"),
        "{:?}",
        sink.failures()
    );
    assert_eq!(
        sink.artifacts().paths(),
        ["jamf-pro/computers-inventory.json"]
    );
    Ok(())
}

#[test]
fn bad_credentials_are_a_clear_failure_without_the_secret() -> TestResult {
    let server = replay::serve(&healthy(), accepted(), no_fault())?;
    let wrong = format!("{CANARY}-wrong");
    let sink = collect(&server, api_client(&wrong));
    assert_eq!(sink.failures().len(), 3);
    for failure in sink.failures() {
        assert!(
            failure
                .message
                .contains("authentication failed (HTTP 400): invalid_client"),
            "{failure:?}"
        );
        assert!(!failure.message.contains(CANARY));
    }
    assert!(sink.artifacts().paths().is_empty());
    Ok(())
}

#[test]
fn a_server_killed_mid_run_gives_a_partial_collection_quickly() -> TestResult {
    let fault: Fault =
        Box::new(|_, request| (request.path() == "/api/v1/notifications").then_some(Action::Die));
    let server = replay::serve(&healthy(), accepted(), fault)?;
    let started = Instant::now();
    let sink = collect(&server, api_client(CANARY));
    assert!(started.elapsed() < Duration::from_secs(5));
    assert_eq!(
        sink.artifacts().paths(),
        ["jamf-pro/computers-inventory.json"]
    );
    assert_eq!(
        failed_paths(&sink),
        [
            "jamf-pro/notifications.json",
            "jamf-pro/jamf-pro-version.json"
        ]
    );
    assert!(
        sink.failures()[1].message.contains("not tried"),
        "{:?}",
        sink.failures()
    );
    Ok(())
}

#[test]
fn the_uniform_live_collection_writes_the_rows_of_the_table() -> TestResult {
    // The Device Compliance fixture, for its subject's device compliance information.
    let server = replay::serve(
        &crate::support::fixture("device-compliance"),
        accepted(),
        no_fault(),
    )?;
    let log = healthy().join("jamf-pro/JAMFSoftwareServer.log");
    let collection: Box<dyn LiveCollection> = JamfProLive::new(server.url(), api_client(CANARY))
        .with_page_size(2)
        .with_server_logs(vec![log.clone()])
        .for_serial(Some("C02XK1ABJGH5".into()))
        .into_collection(http());
    let mut sink = MemorySink::default();
    collection.collect(&mut sink);
    assert_eq!(sink.failures(), []);
    let paths = sink.artifacts().paths();
    assert_eq!(paths.len(), ARTIFACTS.len());
    for spec in ARTIFACTS {
        let written: Vec<_> = paths.iter().filter(|path| spec.matches(path)).collect();
        assert_eq!(written.len(), 1, "{}: {paths:?}", spec.path);
    }
    assert_eq!(
        read(&sink.artifacts(), "jamf-pro/JAMFSoftwareServer.log"),
        std::fs::read(log)?
    );
    Ok(())
}
