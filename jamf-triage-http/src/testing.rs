//! A loopback HTTP server for tests (feature `test-server`): it answers every request with what
//! a handler says, records what it was asked, and can be killed mid-run.
//!
//! It listens on `127.0.0.1` only, on a port the system picks, and speaks just enough HTTP/1.1
//! for the clients of this workspace: one request per connection (`Connection: close`), bodies
//! sized by `Content-Length`. Its loop is bounded: it stops after [`TestServer::MAX_REQUESTS`]
//! requests, when it is stopped, or when dropped. When it dies, it drops the request in flight
//! and its listening socket, as a killed process does: later requests find the port closed.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// One request the server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path and query, percent-decoded.
    pub url: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The body, as text.
    pub body: String,
}

impl Received {
    /// The value of `key` in the form body (`application/x-www-form-urlencoded`), decoded.
    pub fn form(&self, key: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let value = pair.strip_prefix(key)?.strip_prefix('=')?;
            Some(percent_decode(&value.replace('+', " ")))
        })
    }

    /// The user and password of a `Basic` authorization header.
    pub fn basic_auth(&self) -> Option<(String, String)> {
        use base64::Engine as _;
        let encoded = self.authorization.as_deref()?.strip_prefix("Basic ")?;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        Some((user.to_owned(), password.to_owned()))
    }

    /// The value of `key` in the query string.
    pub fn query(&self, key: &str) -> Option<&str> {
        let (_, query) = self.url.split_once('?')?;
        query
            .split('&')
            .find_map(|pair| pair.strip_prefix(key)?.strip_prefix('='))
    }

    /// The path, without the query string.
    pub fn path(&self) -> &str {
        self.url
            .split_once('?')
            .map_or(self.url.as_str(), |(path, _)| path)
    }
}

/// What the server answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// The status.
    pub status: u16,
    /// Extra headers.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How long to wait before answering.
    pub delay: Duration,
}

impl Reply {
    /// `status` with a JSON body.
    pub fn json(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    /// The same answer with one more header.
    #[must_use]
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The same answer, after `delay`.
    #[must_use]
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

/// What the handler decides for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Answer it.
    Reply(Reply),
    /// Fail the request (`503`, connection closed) and stop listening, as a server killed
    /// mid-run: every later request finds the port closed.
    Die,
}

type Handler = dyn Fn(&Received) -> Action + Send + Sync;

/// A hook that may answer a request instead of a server's handler (to inject `429`, `500`,
/// delays, death): it gets the request's number (from 0) and the request.
pub type Fault = Box<dyn Fn(usize, &Received) -> Option<Action> + Send + Sync>;

/// A running loopback server.
#[derive(Debug)]
pub struct TestServer {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl TestServer {
    /// The most requests one server answers before it stops on its own.
    pub const MAX_REQUESTS: usize = 2_000;

    /// Starts a server on `127.0.0.1` and an unused port.
    ///
    /// # Errors
    /// When no loopback port can be bound.
    pub fn start(
        handler: impl Fn(&Received) -> Action + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let handler: Box<Handler> = Box::new(handler);
        let thread = {
            let received = Arc::clone(&received);
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || serve(&listener, handler.as_ref(), &received, &stop))
        };
        Ok(Self {
            url: format!("http://127.0.0.1:{port}"),
            received,
            stop,
            thread: Some(thread),
        })
    }

    /// Starts a server whose `handler` answers every request that `fault` leaves alone.
    ///
    /// # Errors
    /// When no loopback port can be bound.
    pub fn start_with_fault(
        fault: Fault,
        handler: impl Fn(&Received) -> Reply + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let count = std::sync::atomic::AtomicUsize::new(0);
        Self::start(move |request| {
            let n = count.fetch_add(1, Ordering::SeqCst);
            fault(n, request).unwrap_or_else(|| Action::Reply(handler(request)))
        })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops the server and waits for its thread.
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn serve(
    listener: &TcpListener,
    handler: &Handler,
    received: &Mutex<Vec<Received>>,
    stop: &AtomicBool,
) {
    let mut served = 0;
    while !stop.load(Ordering::SeqCst) && served < TestServer::MAX_REQUESTS {
        let Ok((mut stream, _)) = listener.accept() else {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        };
        served += 1;
        let Some(seen) = read_request(&stream) else {
            continue;
        };
        received
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(seen.clone());
        match handler(&seen) {
            // Returning drops the stream unanswered and the listener.
            Action::Die => return,
            Action::Reply(reply) => {
                if !reply.delay.is_zero() {
                    std::thread::sleep(reply.delay);
                }
                let _ = write_response(&mut stream, &reply);
            }
        }
    }
}

/// Reads one request: its line, the headers this server cares about, and the body.
fn read_request(stream: &TcpStream) -> Option<Received> {
    stream.set_nonblocking(false).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let mut length = 0usize;
    let mut authorization = None;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        if name.eq_ignore_ascii_case("content-length") {
            length = value.trim().parse().ok()?;
        } else if name.eq_ignore_ascii_case("authorization") {
            authorization = Some(value.trim().to_owned());
        }
    }
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        url: percent_decode(&target),
        authorization,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// Writes `reply` and closes the connection.
fn write_response(stream: &mut TcpStream, reply: &Reply) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} Status\r\n", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        reply.body.len()
    ));
    stream.write_all(head.as_bytes())?;
    stream.write_all(&reply.body)?;
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Both)
}

/// `%XX` decoded (and `+` left alone: the clients encode spaces as `%20`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes.get(index + 1..index + 3).and_then(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        });
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
