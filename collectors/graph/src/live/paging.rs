//! Following `@odata.nextLink`, bounded: links must stay on the Graph origin (the token never
//! travels elsewhere), a link to a page already read ends the answer (a server in a loop), and so
//! does the page cap. And the large lists (managed devices, Entra devices) streamed into the sink
//! page by page instead of merged in memory.

use std::collections::{BTreeMap, HashSet};

use jamf_triage_evidence::{ArtifactSink, PagedArray};
use serde_json::value::RawValue;

/// The most pages read of one answer unless told otherwise (Graph pages hold 100 to 999
/// entries).
pub const DEFAULT_MAX_PAGES: usize = 10_000;

/// The links of one paged answer, followed within bounds.
pub(super) struct NextLinks<'a> {
    origin: &'a str,
    max_pages: usize,
    seen: HashSet<String>,
}

impl<'a> NextLinks<'a> {
    /// Links from `first` on, staying on `origin`, `max_pages` at most.
    pub(super) fn new(first: &str, origin: &'a str, max_pages: usize) -> Self {
        Self {
            origin,
            max_pages: max_pages.max(1),
            seen: HashSet::from([first.to_owned()]),
        }
    }

    /// The page to read after `url`, whose answer linked to `link`: none at the end, an error
    /// when the link leaves the origin, repeats an earlier page, or passes the page cap.
    pub(super) fn follow(
        &mut self,
        url: &str,
        link: Option<String>,
    ) -> Result<Option<String>, String> {
        let Some(link) = link else {
            return Ok(None);
        };
        if !link.starts_with(self.origin) {
            return Err(format!(
                "{url}: the next page link leaves {}: {link}",
                self.origin
            ));
        }
        if self.seen.len() >= self.max_pages {
            return Err(format!(
                "{url}: more than {} pages; stopped there (the records of the pages read are kept)",
                self.max_pages
            ));
        }
        if !self.seen.insert(link.clone()) {
            return Err(format!(
                "{url}: the next page link leads back to a page already read ({link}); stopped after {} pages",
                self.seen.len()
            ));
        }
        Ok(Some(link))
    }
}

/// One page of a list, its records kept as text.
struct Page {
    /// The members of the page other than `value` and the next link (`@odata.context`), as
    /// the head of the answer written.
    head: String,
    value: Vec<Box<RawValue>>,
    next: Option<String>,
}

impl Page {
    /// Reads a page from `body`, fetched from `url`.
    fn parse(url: &str, body: &[u8]) -> Result<Self, String> {
        let invalid =
            |error: serde_json::Error| format!("{url}: the answer is not a Graph list: {error}");
        let mut members: BTreeMap<String, Box<RawValue>> =
            serde_json::from_slice(body).map_err(invalid)?;
        let value = match members.remove("value") {
            Some(raw) => serde_json::from_str(raw.get()).map_err(invalid)?,
            None => Vec::new(),
        };
        let next = match members.remove("@odata.nextLink") {
            Some(raw) => serde_json::from_str::<Option<String>>(raw.get()).map_err(invalid)?,
            None => None,
        };
        let mut head = String::from("{");
        for (name, raw) in &members {
            head.push_str(&serde_json::to_string(name).map_err(invalid)?);
            head.push(':');
            head.push_str(raw.get());
            head.push(',');
        }
        head.push_str(r#""value":["#);
        Ok(Self { head, value, next })
    }
}

/// What a streamed list gave.
pub(super) struct Streamed {
    /// Pages written.
    pub pages: u64,
    /// Records written.
    pub records: u64,
    /// Why it stopped before its last page, if it did.
    pub error: Option<String>,
}

/// `GET`s `url` and every next page with `get`, writing the records at `path` of `sink` as one
/// `{"value":[…]}` as they come, and showing each record to `each`. A failure ends the answer
/// with the records read so far (still valid JSON) and says why.
pub(super) fn stream_pages(
    url: &str,
    links: &mut NextLinks<'_>,
    sink: &mut dyn ArtifactSink,
    path: &str,
    mut get: impl FnMut(&str) -> Result<Vec<u8>, String>,
    mut each: impl FnMut(&RawValue),
) -> Streamed {
    let mut answer = PagedArray::new(sink, path);
    let mut next = Some(url.to_owned());
    let mut error = None;
    while let Some(url) = next.take() {
        let page = get(&url).and_then(|body| Page::parse(&url, &body));
        let page = match page {
            Ok(page) => page,
            Err(message) => {
                error = Some(message);
                break;
            }
        };
        page.value.iter().for_each(|record| each(record));
        if let Err(failure) = answer.page(&page.head, page.value.iter().map(|record| record.get()))
        {
            error = Some(failure.to_string());
            break;
        }
        match links.follow(&url, page.next) {
            Ok(link) => next = link,
            Err(message) => error = Some(message),
        }
    }
    Streamed {
        pages: answer.pages(),
        records: answer.records(),
        error,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::{ArtifactSource as _, MemorySink};

    fn text(sink: &MemorySink, path: &str) -> String {
        let mut text = String::new();
        let artifacts = sink.artifacts();
        let mut reader = artifacts.open(path).expect("stored");
        std::io::Read::read_to_string(&mut reader, &mut text).expect("text");
        text
    }

    #[test]
    fn pages_are_streamed_into_one_answer() {
        let pages = [
            r#"{"@odata.context":"c","value":[{"id":1}],"@odata.nextLink":"http://h/p2"}"#,
            r#"{"value":[{"id":2},{"id":3}]}"#,
        ];
        let mut served = pages.iter();
        let mut sink = MemorySink::default();
        let mut seen = 0;
        let mut links = NextLinks::new("http://h/p1", "http://h", 10);
        let streamed = stream_pages(
            "http://h/p1",
            &mut links,
            &mut sink,
            "graph/devices.json",
            |_| {
                Ok(served
                    .next()
                    .map(|page| page.as_bytes().to_vec())
                    .unwrap_or_default())
            },
            |_| seen += 1,
        );
        assert_eq!(
            (streamed.pages, streamed.records, streamed.error),
            (2, 3, None)
        );
        assert_eq!(seen, 3);
        assert_eq!(
            text(&sink, "graph/devices.json"),
            r#"{"@odata.context":"c","value":[{"id":1},{"id":2},{"id":3}]}"#
        );
    }

    #[test]
    fn a_loop_a_cap_and_a_failure_end_the_answer_with_what_was_read() {
        let looping =
            |_: &str| Ok(br#"{"value":[{"id":1}],"@odata.nextLink":"http://h/p2"}"#.to_vec());
        let mut sink = MemorySink::default();
        let mut links = NextLinks::new("http://h/p1", "http://h", 10);
        let streamed = stream_pages(
            "http://h/p1",
            &mut links,
            &mut sink,
            "a.json",
            looping,
            |_| {},
        );
        assert_eq!(streamed.pages, 2);
        assert!(
            streamed
                .error
                .is_some_and(|error| error.contains("already read"))
        );
        assert_eq!(text(&sink, "a.json"), r#"{"value":[{"id":1},{"id":1}]}"#);

        let mut n = 0;
        let endless = |_: &str| {
            n += 1;
            Ok(format!(r#"{{"value":[],"@odata.nextLink":"http://h/p{n}x"}}"#).into_bytes())
        };
        let mut links = NextLinks::new("http://h/p1", "http://h", 5);
        let streamed = stream_pages(
            "http://h/p1",
            &mut links,
            &mut sink,
            "b.json",
            endless,
            |_| {},
        );
        assert_eq!(streamed.pages, 5);
        assert!(
            streamed
                .error
                .is_some_and(|error| error.contains("more than 5 pages"))
        );

        let mut calls = 0;
        let failing = |_: &str| {
            calls += 1;
            if calls == 1 {
                Ok(br#"{"value":[{"id":1}],"@odata.nextLink":"http://h/p2"}"#.to_vec())
            } else {
                Err("HTTP 500".to_owned())
            }
        };
        let mut links = NextLinks::new("http://h/p1", "http://h", 5);
        let streamed = stream_pages(
            "http://h/p1",
            &mut links,
            &mut sink,
            "c.json",
            failing,
            |_| {},
        );
        assert_eq!(streamed.error.as_deref(), Some("HTTP 500"));
        assert_eq!(text(&sink, "c.json"), r#"{"value":[{"id":1}]}"#);

        let elsewhere =
            |_: &str| Ok(br#"{"value":[],"@odata.nextLink":"https://evil.example/p"}"#.to_vec());
        let mut links = NextLinks::new("http://h/p1", "http://h", 5);
        let streamed = stream_pages(
            "http://h/p1",
            &mut links,
            &mut sink,
            "d.json",
            elsewhere,
            |_| {},
        );
        assert!(
            streamed
                .error
                .is_some_and(|error| error.contains("leaves http://h"))
        );
    }
}
