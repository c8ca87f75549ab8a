//! Writing to standard output without panicking when the reader goes away (`| head`).

use std::io::Write as _;

/// Writes `text` to standard output. A closed pipe is the reader's choice, not an error.
///
/// # Errors
/// Any other I/O error.
pub fn emit(text: &str) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
