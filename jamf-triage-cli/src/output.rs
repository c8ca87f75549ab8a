//! Writing to standard output without panicking when the reader goes away (`| head`), with
//! credentials masked in everything written ([`jamf_triage_render::mask_credentials`]): a report,
//! evidence, a lint or fixture result, an error.

use std::io::Write as _;

/// `text` with credentials (bearer tokens, JWTs, `client_secret=`, `password=`, passwords in
/// URLs) masked: applied to all the command prints, with or without `--redact`.
pub fn masked(text: &str) -> String {
    jamf_triage_render::mask_credentials(text)
}

/// Writes `text`, credentials masked, to standard output. A closed pipe is the reader's choice,
/// not an error.
///
/// # Errors
/// Any other I/O error.
pub fn emit(text: &str) -> std::io::Result<()> {
    let text = masked(text);
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
