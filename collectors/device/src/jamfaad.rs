//! jamfAAD, the agent that gets the user's Entra token: its unified log and the user's
//! `com.jamf.management.jamfAAD.plist`, and what they say together about the last successful
//! token and the errors since.

use jamf_triage_evidence::{Evidence, Lines, Provenance};
use jiff::Timestamp;

use crate::artifacts::{JAMFAAD_LOG, JAMFAAD_MANAGED_PREFS, JAMFAAD_PREFS};
use crate::facts;
use crate::jamfaad_log::{self, AadLog};
use crate::mac_files::{Artifact, MacFiles};
use crate::plist_dict;

const HAVE_ID: &str = "have_an_Azure_id";
const TOKEN_TIME: &str = "last_aad_token_timestamp";
const USE_WKWEBVIEW: &str = "useWKWebView";
const RETRY_COUNT: &str = "tokenRetryCount";
/// The retry wait's key: `tokenRetryWaitTime` as Jamf's examples spell it, `tokenRetryWait` as
/// some admins do.
const RETRY_WAIT: [&str; 2] = ["tokenRetryWaitTime", "tokenRetryWait"];

/// Reads the log and the preferences into `device.jamfaad.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let log = read_log(files, out);
    let token_at = read_prefs(files, out);
    read_managed(files, out);
    let last_acquired = log.as_ref().and_then(|(artifact, log)| {
        log.last_acquired()
            .map(|(at, line)| (at, artifact.provenance().at_line(line)))
    });
    let success = token_at.or(last_acquired);
    if let Some((at, provenance)) = &success {
        out.record(facts::JAMFAAD_LAST_TOKEN_SUCCESS, *at, provenance.clone());
    }
    if let (Some((artifact, log)), Some((at, _))) = (&log, &success) {
        if let Some(count) = log.errors_after(*at) {
            artifact.set(out, facts::JAMFAAD_ERRORS_AFTER_LAST_SUCCESS, count);
        }
    }
}

fn read_log(files: &MacFiles<'_>, out: &mut Evidence) -> Option<(Artifact, AadLog)> {
    let (artifact, text) = files.read_text(&JAMFAAD_LOG, out)?;
    let mut log = jamfaad_log::parse(&text, files.collected_at());
    if !log.issues.is_empty() {
        artifact.report_all(out, std::mem::take(&mut log.issues));
        return None;
    }
    let mut lines = Lines::default();
    let mut errors = Lines::default();
    for printed in &log.lines {
        lines.push(&artifact.path, printed.line, &printed.text);
        if printed.entry.is_some_and(|entry| entry.error) {
            errors.push(&artifact.path, printed.line, &printed.text);
        }
    }
    artifact.set(out, facts::JAMFAAD_LOG, lines);
    artifact.set(out, facts::JAMFAAD_ERRORS, errors);
    if let Some((at, line)) = log.last_acquired() {
        artifact.set_at_line(out, facts::JAMFAAD_LAST_AAD_ID_ACQUIRED, at, line);
    }
    Some((artifact, log))
}

/// Records the managed settings (`useWKWebView`, `tokenRetryCount`, `tokenRetryWaitTime`).
fn read_managed(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, prefs)) = plist_dict::read(files, &JAMFAAD_MANAGED_PREFS, out) else {
        return;
    };
    artifact.set_from_key(
        out,
        facts::JAMFAAD_MANAGED_USE_WKWEBVIEW,
        USE_WKWEBVIEW,
        prefs.bool(USE_WKWEBVIEW),
    );
    artifact.set_from_key(
        out,
        facts::JAMFAAD_MANAGED_TOKEN_RETRY_COUNT,
        RETRY_COUNT,
        prefs.integer(RETRY_COUNT),
    );
    for key in RETRY_WAIT {
        let read = prefs.integer(key);
        if !matches!(read, Ok(None)) {
            artifact.set_from_key(out, facts::JAMFAAD_MANAGED_TOKEN_RETRY_WAIT, key, read);
            break;
        }
    }
}

/// Records the preferences' facts; gives back the last token time with its provenance.
fn read_prefs(files: &MacFiles<'_>, out: &mut Evidence) -> Option<(Timestamp, Provenance)> {
    let (artifact, prefs) = plist_dict::read(files, &JAMFAAD_PREFS, out)?;
    artifact.set_from_key(
        out,
        facts::JAMFAAD_HAVE_AZURE_ID,
        HAVE_ID,
        prefs.bool(HAVE_ID),
    );
    let at = artifact.set_from_key(
        out,
        facts::JAMFAAD_LAST_TOKEN_AT,
        TOKEN_TIME,
        prefs.epoch_time(TOKEN_TIME),
    )?;
    Some((at, artifact.provenance().at_pointer(TOKEN_TIME)))
}
