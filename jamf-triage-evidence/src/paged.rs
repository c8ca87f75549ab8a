//! A paged answer written into an [`ArtifactSink`] page by page: a JSON object whose last member
//! is the array of records (`{"value":[…]}` of Graph, `{"totalCount":…,"results":[…]}` of the
//! Jamf Pro inventory), so that a tenant's records never sit in memory all at once.

use crate::{ArtifactError, ArtifactSink};

/// What closes the array and the object.
const TAIL: &str = "]}";

/// One artifact being written page by page: the first page is [`put`](ArtifactSink::put) with
/// the object's head and the end that closes the array and the object; each later page replaces
/// that end with its records and the end again ([`replace_end`](ArtifactSink::replace_end)), so
/// that after every page the artifact is valid JSON with the records of the pages written: an
/// answer cut short by a failure, or by an interruption between pages, loses none of them.
///
/// ```
/// use jamf_triage_evidence::{ArtifactSource, MemorySink, PagedArray};
///
/// let mut sink = MemorySink::default();
/// let mut answer = PagedArray::new(&mut sink, "graph/devices.json");
/// answer.page(r#"{"value":["#, [r#"{"id":"1"}"#, r#"{"id":"2"}"#])?;
/// answer.page(r#"{"value":["#, [r#"{"id":"3"}"#])?;
/// assert_eq!((answer.pages(), answer.records()), (2, 3));
/// let mut text = String::new();
/// std::io::Read::read_to_string(&mut sink.artifacts().open("graph/devices.json")?, &mut text)?;
/// assert_eq!(text, r#"{"value":[{"id":"1"},{"id":"2"},{"id":"3"}]}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct PagedArray<'s> {
    sink: &'s mut dyn ArtifactSink,
    path: String,
    pages: u64,
    records: u64,
    buffer: String,
}

impl<'s> PagedArray<'s> {
    /// An answer to be written at `path` of `sink`; nothing is written before the first page.
    pub fn new(sink: &'s mut dyn ArtifactSink, path: &str) -> Self {
        Self {
            sink,
            path: path.to_owned(),
            pages: 0,
            records: 0,
            buffer: String::new(),
        }
    }

    /// Writes one page's `records` (each a JSON text). `head` is the object's text up to its
    /// array's `[` (`{"value":[`); only the first page writes it.
    ///
    /// # Errors
    /// What the sink returns when it cannot store the page (the pages before stay whole).
    pub fn page<'r>(
        &mut self,
        head: &str,
        records: impl IntoIterator<Item = &'r str>,
    ) -> Result<(), ArtifactError> {
        self.buffer.clear();
        if self.pages == 0 {
            self.buffer.push_str(head);
        }
        let mut records_now = self.records;
        for record in records {
            if records_now > 0 {
                self.buffer.push(',');
            }
            self.buffer.push_str(record);
            records_now += 1;
        }
        self.buffer.push_str(TAIL);
        if self.pages == 0 {
            self.sink.put(&self.path, self.buffer.as_bytes())?;
        } else {
            let cut = u64::try_from(TAIL.len()).unwrap_or(u64::MAX);
            self.sink
                .replace_end(&self.path, cut, self.buffer.as_bytes())?;
        }
        self.records = records_now;
        self.pages += 1;
        Ok(())
    }

    /// The pages written so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// The records written so far.
    pub fn records(&self) -> u64 {
        self.records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ArtifactSource as _, MemorySink};

    fn text(sink: &MemorySink, path: &str) -> String {
        let artifacts = sink.artifacts();
        let mut reader = artifacts.open(path).expect("stored");
        let mut text = String::new();
        std::io::Read::read_to_string(&mut reader, &mut text).expect("text");
        text
    }

    #[test]
    fn pages_make_one_valid_answer() -> Result<(), ArtifactError> {
        let mut sink = MemorySink::default();
        let mut answer = PagedArray::new(&mut sink, "a.json");
        answer.page(r#"{"totalCount":3,"results":["#, ["1", "2"])?;
        answer.page("ignored", [])?;
        answer.page("ignored", ["3"])?;
        assert_eq!((answer.pages(), answer.records()), (3, 3));
        assert_eq!(
            text(&sink, "a.json"),
            r#"{"totalCount":3,"results":[1,2,3]}"#
        );
        Ok(())
    }

    /// A sink that reads its one artifact back after every write: how many records the answer
    /// holds then, or `None` when it is not valid JSON.
    #[derive(Default)]
    struct Checking {
        memory: MemorySink,
        after_each_write: Vec<Option<usize>>,
    }

    impl Checking {
        fn check(&mut self, path: &str) {
            let value: Option<serde_json::Value> =
                serde_json::from_str(&text(&self.memory, path)).ok();
            let records = value.and_then(|value| value["value"].as_array().map(Vec::len));
            self.after_each_write.push(records);
        }
    }

    impl ArtifactSink for Checking {
        fn put(&mut self, path: &str, bytes: &[u8]) -> Result<(), ArtifactError> {
            self.memory.put(path, bytes)?;
            self.check(path);
            Ok(())
        }
        fn replace_end(&mut self, path: &str, cut: u64, bytes: &[u8]) -> Result<(), ArtifactError> {
            self.memory.replace_end(path, cut, bytes)?;
            self.check(path);
            Ok(())
        }
        fn fail(&mut self, failure: crate::CollectionFailure) {
            self.memory.fail(failure);
        }
    }

    #[test]
    fn the_answer_is_whole_after_every_page() -> Result<(), ArtifactError> {
        let mut sink = Checking::default();
        let mut answer = PagedArray::new(&mut sink, "a.json");
        for page in [vec![], vec!["1"], vec![], vec!["2", "3"]] {
            answer.page(r#"{"value":["#, page)?;
        }
        assert_eq!(sink.after_each_write, [Some(0), Some(1), Some(1), Some(3)]);
        Ok(())
    }

    #[test]
    fn an_answer_without_pages_writes_nothing() -> Result<(), ArtifactError> {
        let mut sink = MemorySink::default();
        assert_eq!(PagedArray::new(&mut sink, "a.json").pages(), 0);
        assert!(sink.artifacts().paths().is_empty());
        Ok(())
    }
}
