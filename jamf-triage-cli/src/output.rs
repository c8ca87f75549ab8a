//! Writing to standard output without panicking when the reader goes away (`| head`), with
//! credentials masked in everything written ([`jamf_triage_render::mask_credentials`]): a report,
//! evidence, a lint or fixture result, an error. Colour goes through `anstream`, which strips it
//! when standard output is not a terminal, `NO_COLOR` is set or `TERM=dumb` (and keeps it with
//! `CLICOLOR_FORCE`), unless `--color always|never` says otherwise.

use std::io::{IsTerminal as _, Write as _};

use crate::cli::ColorChoice;

/// `text` with credentials (bearer tokens, JWTs, `client_secret=`, `password=`, passwords in
/// URLs) masked: applied to all the command prints, with or without `--redact`.
pub fn masked(text: &str) -> String {
    jamf_triage_render::mask_credentials(text)
}

/// Whether to colour standard output: `--color always|never`, else what `anstream` decides from
/// the terminal and `NO_COLOR`, `CLICOLOR_FORCE`, `CLICOLOR` and `TERM`.
pub fn color(choice: ColorChoice) -> bool {
    let choice = match choice {
        ColorChoice::Always => anstream::ColorChoice::Always,
        ColorChoice::Never => anstream::ColorChoice::Never,
        ColorChoice::Auto => anstream::ColorChoice::Auto,
    };
    choice.write_global();
    anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
}

/// The width to wrap the text report at: the terminal's, when standard output is one (at least
/// 40 columns), else none.
pub fn width() -> Option<usize> {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    terminal_size::terminal_size_of(&stdout)
        .map(|(terminal_size::Width(width), _)| usize::from(width).max(40))
}

/// Writes `text`, credentials masked, to standard output (through `anstream`, which removes
/// colour where it is not wanted). A closed pipe is the reader's choice, not an error.
///
/// # Errors
/// Any other I/O error.
pub fn emit(text: &str) -> std::io::Result<()> {
    let text = masked(text);
    let mut stdout = anstream::AutoStream::auto(std::io::stdout().lock());
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}
