//! A paged answer written into an [`ArtifactSink`] page by page: a JSON object whose last member
//! is the array of records (`{"value":[…]}` of Graph, `{"totalCount":…,"results":[…]}` of the
//! Jamf Pro inventory), so that a tenant's records never sit in memory all at once.

use crate::{ArtifactError, ArtifactSink};

/// What closes the array and the object.
const TAIL: &str = "]}";

/// One artifact being written page by page: the first page is [`put`](ArtifactSink::put) with
/// the object's head, the others are [appended](ArtifactSink::append), and [`PagedArray::close`]
/// ends the array, so that an answer cut short by a failure is still valid JSON with the
/// records of the pages read.
///
/// ```
/// use jamf_triage_evidence::{ArtifactSource, MemorySink, PagedArray};
///
/// let mut sink = MemorySink::default();
/// let mut answer = PagedArray::new(&mut sink, "graph/devices.json");
/// answer.page(r#"{"value":["#, [r#"{"id":"1"}"#, r#"{"id":"2"}"#])?;
/// answer.page(r#"{"value":["#, [r#"{"id":"3"}"#])?;
/// assert_eq!(answer.close()?, 2);
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
    /// What the sink returns when it cannot store the page.
    pub fn page<'r>(
        &mut self,
        head: &str,
        records: impl IntoIterator<Item = &'r str>,
    ) -> Result<(), ArtifactError> {
        self.buffer.clear();
        if self.pages == 0 {
            self.buffer.push_str(head);
        }
        for record in records {
            if self.records > 0 {
                self.buffer.push(',');
            }
            self.buffer.push_str(record);
            self.records += 1;
        }
        if self.pages == 0 {
            self.sink.put(&self.path, self.buffer.as_bytes())?;
        } else {
            self.sink.append(&self.path, self.buffer.as_bytes())?;
        }
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

    /// Ends the array and the object (when a page was written) and gives the number of pages
    /// written.
    ///
    /// # Errors
    /// What the sink returns when it cannot store the end.
    pub fn close(self) -> Result<u64, ArtifactError> {
        if self.pages > 0 {
            self.sink.append(&self.path, TAIL.as_bytes())?;
        }
        Ok(self.pages)
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
        assert_eq!(answer.records(), 3);
        assert_eq!(answer.close()?, 3);
        assert_eq!(
            text(&sink, "a.json"),
            r#"{"totalCount":3,"results":[1,2,3]}"#
        );
        Ok(())
    }

    #[test]
    fn an_answer_without_pages_writes_nothing() -> Result<(), ArtifactError> {
        let mut sink = MemorySink::default();
        assert_eq!(PagedArray::new(&mut sink, "a.json").close()?, 0);
        assert!(sink.artifacts().paths().is_empty());
        Ok(())
    }
}
