//! The end of a live collection against the loopback Jamf Pro API: every token is invalidated
//! exactly once (a failure to is no failure of the collection), and inventory paging is bounded
//! (a page cap, a server that ignores `page`), keeping the pages read.

use std::time::Duration;

use jamf_triage_collector_jamf_pro::live::replay::{self, Accepted, Fault};
use jamf_triage_collector_jamf_pro::live::{Credentials, JamfProLive};
use jamf_triage_evidence::{ArtifactSource, MemorySink};
use jamf_triage_http::testing::{Action, Reply, TestServer};
use jamf_triage_http::{HttpClient, HttpConfig, Secret};
use serde_json::Value;

use crate::support::{examples, read};

const SECRET: &str = "canary-jamf-5ecret-70c3";
const INVALIDATE: &str = "/api/v1/auth/invalidate-token";
const INVENTORY: &str = "jamf-pro/computers-inventory.json";

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn serve(fault: Fault) -> std::io::Result<TestServer> {
    replay::serve(
        &examples().join("healthy"),
        Accepted {
            id: "triage".into(),
            secret: SECRET.into(),
        },
        fault,
    )
}

fn collect(server: &TestServer, credentials: Credentials, max_pages: u32) -> MemorySink {
    let mut sink = MemorySink::default();
    JamfProLive::new(server.url(), credentials)
        .with_page_size(2)
        .with_max_pages(max_pages)
        .collect(
            HttpClient::new(
                HttpConfig::default()
                    .with_timeout(Duration::from_secs(2))
                    .with_retries(2, Duration::from_millis(10), Duration::from_secs(1)),
            ),
            &mut sink,
        );
    sink
}

fn api_client() -> Credentials {
    Credentials::ApiClient {
        client_id: "triage".into(),
        client_secret: Secret::new(SECRET),
    }
}

/// The `Authorization` of each invalidation request, in order.
fn invalidations(server: &TestServer) -> Vec<Option<String>> {
    server
        .received()
        .into_iter()
        .filter(|request| request.method == "POST" && request.path() == INVALIDATE)
        .map(|request| request.authorization)
        .collect()
}

#[test]
fn each_token_is_invalidated_once_at_the_end() -> TestResult {
    let user = Credentials::User {
        username: "triage".into(),
        password: Secret::new(SECRET),
    };
    for credentials in [api_client(), user] {
        let server = serve(Box::new(|_, _| None))?;
        let sink = collect(&server, credentials, 100);
        assert_eq!(sink.failures(), []);
        assert_eq!(
            invalidations(&server),
            [Some("Bearer eyJamfReplayToken0".to_owned())]
        );
        let last = server.received().pop().map(|request| request.url);
        assert_eq!(last.as_deref(), Some(INVALIDATE), "invalidated last");
    }
    Ok(())
}

#[test]
fn a_failing_invalidation_is_no_failure_of_the_collection() -> TestResult {
    let server = serve(Box::new(|_, request| {
        (request.path() == INVALIDATE).then(|| Action::Reply(Reply::json(500, "{}")))
    }))?;
    let sink = collect(&server, api_client(), 100);
    assert_eq!(sink.failures(), []);
    assert!(sink.artifacts().contains(INVENTORY));
    // Tried as every request is (twice here), never more.
    assert_eq!(invalidations(&server).len(), 2);
    Ok(())
}

/// An inventory page of two computers numbered from `first`, out of `total`.
fn page(first: usize, total: usize) -> Action {
    let records: Vec<Value> = (first..first + 2)
        .map(|n| serde_json::json!({"id": n.to_string(), "hardware": {"serialNumber": format!("S{n}")}}))
        .collect();
    Action::Reply(Reply::json(
        200,
        serde_json::json!({"totalCount": total, "results": records}).to_string(),
    ))
}

fn inventory(sink: &MemorySink) -> Option<Value> {
    serde_json::from_slice(&read(&sink.artifacts(), INVENTORY)).ok()
}

#[test]
fn endless_inventory_pages_end_at_the_cap_with_the_pages_read() -> TestResult {
    let server = serve(Box::new(|_, request| {
        let number: usize = request.query("page")?.parse().ok()?;
        Some(page(number * 2, 1_000_000))
    }))?;
    let sink = collect(&server, api_client(), 3);
    let failures = sink.failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0].path, INVENTORY);
    assert!(
        failures[0].message.contains("more than 3 pages")
            && failures[0].message.contains("6 record(s) of the 3 page(s)"),
        "{}",
        failures[0].message
    );
    let saved = inventory(&sink).ok_or("the pages read are valid JSON")?;
    assert_eq!(saved["results"].as_array().map(Vec::len), Some(6));
    assert_eq!(invalidations(&server).len(), 1);
    Ok(())
}

#[test]
fn a_server_that_ignores_page_is_stopped_at_the_second_page() -> TestResult {
    let server = serve(Box::new(|_, request| {
        request.query("page").map(|_| page(0, 1_000_000))
    }))?;
    let sink = collect(&server, api_client(), 100);
    let failures = sink.failures();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(
        failures[0].message.contains("again"),
        "{}",
        failures[0].message
    );
    let saved = inventory(&sink).ok_or("the page read is valid JSON")?;
    assert_eq!(saved["results"].as_array().map(Vec::len), Some(2));
    let pages = server
        .received()
        .iter()
        .filter(|request| request.query("page").is_some())
        .count();
    assert_eq!(pages, 2);
    Ok(())
}
