//! Reading the files named on the command line (an evidence file, rule files, a context): regular
//! files only, never through a symbolic link, never past the limit of their kind, so that a FIFO
//! does not hang the command, `/dev/zero` is not read for ever, and a file swapped for a link
//! between listing and reading is refused rather than read.

use std::io::Read as _;
use std::path::Path;

use anyhow::{Context as _, Result, bail};

/// The text of the file at `path`, `what` it is (`evidence file`) naming it in errors.
///
/// # Errors
/// The file is a link, not a regular file, larger than `limit` bytes, not UTF-8, or unreadable.
pub fn read_text(path: &Path, what: &str, limit: u64) -> Result<String> {
    let file = jamf_triage_bundle::open_regular_file(path)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    if bytes.len() as u64 > limit {
        bail!(
            "cannot read {what} {}: larger than {limit} bytes, the most it may hold; it was not read",
            path.display()
        );
    }
    String::from_utf8(bytes).with_context(|| {
        format!(
            "cannot read {what} {}: it is not UTF-8 text",
            path.display()
        )
    })
}
