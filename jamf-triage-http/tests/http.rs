//! The client against a loopback server: retries, `Retry-After`, timeouts, token renewal, and
//! refused credentials.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use jamf_triage_http::testing::{Action, Reply, TestServer};
use jamf_triage_http::{
    Auth, ClientCredentials, HttpClient, HttpConfig, HttpError, Secret, Session,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const CANARY: &str = "canary-5ecret-7f3a";

fn quick() -> HttpConfig {
    HttpConfig::default()
        .with_timeout(Duration::from_millis(400))
        .with_retries(3, Duration::from_millis(20), Duration::from_secs(2))
}

/// A server whose n-th request (from 0) gets `replies(n)`.
fn scripted(
    replies: impl Fn(usize) -> Reply + Send + Sync + 'static,
) -> std::io::Result<TestServer> {
    let count = AtomicUsize::new(0);
    TestServer::start(move |_| Action::Reply(replies(count.fetch_add(1, Ordering::SeqCst))))
}

#[test]
fn honours_retry_after_on_429() -> TestResult {
    let server = scripted(|n| match n {
        0 => Reply::json(429, "{}").with_header("Retry-After", "1"),
        _ => Reply::json(200, r#"{"ok":true}"#),
    })?;
    let started = Instant::now();
    let response = HttpClient::new(quick()).get(&format!("{}/x", server.url()), Auth::None)?;
    assert_eq!(response.status, 200);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.received().len(), 2);
    Ok(())
}

#[test]
fn retries_a_500_then_succeeds_and_gives_up_after_the_bound() -> TestResult {
    let server = scripted(|n| {
        if n == 0 {
            Reply::json(500, "oops")
        } else {
            Reply::json(200, "[]")
        }
    })?;
    let client = HttpClient::new(quick());
    assert_eq!(
        client.get(&format!("{}/a", server.url()), Auth::None)?.body,
        b"[]"
    );

    let failing = scripted(|_| Reply::json(503, "busy"))?;
    let error = client
        .get(&format!("{}/b", failing.url()), Auth::None)
        .err();
    assert!(
        matches!(error, Some(HttpError::Status { status: 503, .. })),
        "{error:?}"
    );
    assert_eq!(failing.received().len(), 3, "bounded by max_attempts");
    Ok(())
}

#[test]
fn times_out_per_request() -> TestResult {
    let server = scripted(|_| Reply::json(200, "{}").after(Duration::from_millis(900)))?;
    let started = Instant::now();
    let config = quick().with_retries(2, Duration::from_millis(10), Duration::from_millis(10));
    let error = HttpClient::new(config)
        .get(&format!("{}/slow", server.url()), Auth::None)
        .err();
    assert!(
        matches!(error, Some(HttpError::Timeout { attempts: 2, .. })),
        "{error:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(3));
    Ok(())
}

#[test]
fn an_unreachable_server_is_said_so() -> TestResult {
    let url = {
        let server = scripted(|_| Reply::json(200, "{}"))?;
        server.url().to_owned()
    };
    let error = HttpClient::new(quick())
        .get(&format!("{url}/gone"), Auth::None)
        .err();
    assert!(
        error.as_ref().is_some_and(HttpError::is_unreachable),
        "{error:?}"
    );
    Ok(())
}

#[test]
fn a_refused_token_is_renewed_once() -> TestResult {
    let issued = Arc::new(AtomicUsize::new(0));
    let server = {
        let issued = Arc::clone(&issued);
        TestServer::start(move |request| {
            if request.url == "/token" {
                let n = issued.fetch_add(1, Ordering::SeqCst);
                return Action::Reply(Reply::json(
                    200,
                    format!(r#"{{"access_token":"token-{n}","expires_in":3600}}"#),
                ));
            }
            // The first token "expires" on the server after one use.
            let status = match (request.authorization.as_deref(), request.url.as_str()) {
                (Some("Bearer token-0"), "/first") | (Some("Bearer token-1"), _) => 200,
                _ => 401,
            };
            Action::Reply(Reply::json(status, "{}"))
        })?
    };
    let credentials =
        ClientCredentials::new(format!("{}/token", server.url()), "id", Secret::new(CANARY));
    let session = Session::new(HttpClient::new(quick()), credentials);
    session.get(&format!("{}/first", server.url()))?;
    session.get(&format!("{}/second", server.url()))?;
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let token_request = server.received().into_iter().find(|r| r.url == "/token");
    assert!(token_request.is_some_and(|r| r.body.contains("grant_type=client_credentials")));
    Ok(())
}

#[test]
fn refused_credentials_are_a_clear_error_without_the_secret() -> TestResult {
    let server = scripted(|_| {
        Reply::json(
            401,
            format!(r#"{{"error":"invalid_client","error_description":"bad secret {CANARY}"}}"#),
        )
    })?;
    let credentials =
        ClientCredentials::new(format!("{}/token", server.url()), "id", Secret::new(CANARY));
    let session = Session::new(HttpClient::new(quick()), credentials);
    let error = session
        .get(&format!("{}/data", server.url()))
        .err()
        .ok_or("no error")?;
    let message = error.to_string();
    assert!(
        message.contains("authentication failed (HTTP 401): invalid_client"),
        "{message}"
    );
    assert!(!message.contains(CANARY), "{message}");
    assert!(!format!("{error:?}").contains(CANARY));
    Ok(())
}

#[test]
fn a_token_about_to_expire_is_renewed_before_use() -> TestResult {
    let issued = Arc::new(AtomicUsize::new(0));
    let server = {
        let issued = Arc::clone(&issued);
        TestServer::start(move |request| {
            if request.url == "/token" {
                let n = issued.fetch_add(1, Ordering::SeqCst);
                // Expires at once: every request needs a new one.
                return Action::Reply(Reply::json(
                    200,
                    format!(r#"{{"access_token":"token-{n}","expires_in":0}}"#),
                ));
            }
            Action::Reply(Reply::json(200, "{}"))
        })?
    };
    let credentials =
        ClientCredentials::new(format!("{}/token", server.url()), "id", Secret::new(CANARY));
    let session = Session::new(HttpClient::new(quick()), credentials);
    session.get(&format!("{}/a", server.url()))?;
    session.get(&format!("{}/b", server.url()))?;
    assert_eq!(issued.load(Ordering::SeqCst), 2);
    let refused = server
        .received()
        .iter()
        .filter(|r| r.url != "/token")
        .count();
    assert_eq!(
        refused, 2,
        "no request was refused: the token was renewed ahead"
    );
    Ok(())
}

/// A server that accepts connections but never answers (a hung proxy, a stopped process whose
/// port is still open): a timed-out request is tried twice, not `max_attempts` times, and after
/// two such requests in a row the server is given up: every later request to it, through any
/// clone of the client, is skipped at once.
#[test]
fn an_unresponsive_server_is_given_up_after_two_requests_without_an_answer() -> TestResult {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}", listener.local_addr()?);
    let http = HttpClient::new(
        HttpConfig::default()
            .with_timeout(Duration::from_millis(300))
            .with_retries(4, Duration::from_millis(10), Duration::from_millis(10)),
    );
    let started = Instant::now();
    let first = http.get(&format!("{url}/first"), Auth::None);
    assert!(
        matches!(first, Err(HttpError::Timeout { attempts: 2, .. })),
        "{first:?}"
    );
    let second = http.get(&format!("{url}/second"), Auth::None);
    assert!(
        matches!(second, Err(HttpError::Timeout { .. })),
        "{second:?}"
    );
    let clone = http.clone();
    let third = clone.get(&format!("{url}/third"), Auth::None);
    assert!(third.is_err_and(|error| {
        matches!(error, HttpError::Skipped { .. })
            && error
                .to_string()
                .contains("did not answer 2 requests in a row")
    }),);
    // Four timeouts and short backoffs, not four attempts per request.
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    drop(listener);
    Ok(())
}

/// One slow endpoint between answers fails alone: an answer resets the count.
#[test]
fn a_slow_request_between_answers_does_not_give_the_server_up() -> TestResult {
    let server = TestServer::start(|request| {
        if request.path() == "/slow" {
            Action::Reply(Reply::json(200, "{}").after(Duration::from_millis(600)))
        } else {
            Action::Reply(Reply::json(200, "{}"))
        }
    })?;
    let http = HttpClient::new(quick());
    for _ in 0..3 {
        let slow = http.get(&format!("{}/slow", server.url()), Auth::None);
        assert!(matches!(slow, Err(HttpError::Timeout { .. })), "{slow:?}");
        let fast = http.get(&format!("{}/fast", server.url()), Auth::None)?;
        assert_eq!(fast.status, 200);
    }
    Ok(())
}

/// A token URL that is not a token endpoint (a wrong path: HTTP 404) is not an authentication
/// failure, and it is the root cause of every later request: said once, then skipped with it.
#[test]
fn a_wrong_token_path_is_said_once_and_not_called_an_authentication_failure() -> TestResult {
    let server = TestServer::start(|_| Action::Reply(Reply::json(404, "{}")))?;
    let credentials = ClientCredentials::new(
        format!("{}/wrong/oauth/token", server.url()),
        "client",
        Secret::new(CANARY),
    );
    let session = Session::new(HttpClient::new(quick()), credentials);
    let first = session
        .get(&format!("{}/api/v1/one", server.url()))
        .expect_err("no token");
    let said = first.to_string();
    assert!(
        said.contains("no token endpoint answers at this URL"),
        "{said}"
    );
    assert!(!said.contains("authentication failed"), "{said}");
    let second = session
        .get(&format!("{}/api/v1/two", server.url()))
        .expect_err("skipped");
    assert!(matches!(second, HttpError::Skipped { .. }), "{second:?}");
    assert!(second.to_string().contains("no token endpoint"), "{second}");
    assert_eq!(
        server.received().len(),
        1,
        "the second request was not made"
    );
    Ok(())
}
