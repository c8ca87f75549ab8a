//! jamfAAD, the agent that gets the user's Entra token: its unified log and the user's
//! `com.jamf.management.jamfAAD.plist`, and what they say together about the last successful
//! token and the errors since.

use std::ops::ControlFlow;

use jamf_triage_evidence::{Evidence, LineNeed, Provenance};
use jiff::Timestamp;

use crate::artifacts::{JAMFAAD_LOG, JAMFAAD_MANAGED_PREFS, JAMFAAD_PREFS};
use crate::facts;
use crate::issue::Issue;
use crate::jamfaad_log::{self, AadLog, ErrorsAfter};
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
    // The preferences are read first, so that the errors after their token time are counted as
    // the log is read; what they give is recorded after the log's, as it always was.
    let mut prefs = Evidence::default();
    let token_at = read_prefs(files, &mut prefs);
    let log = read_log(files, out, token_at.as_ref().map(|(at, _)| *at));
    out.merge(prefs);
    read_managed(files, out);
    let last_acquired = log.as_ref().and_then(|(artifact, log)| {
        log.last_acquired
            .map(|(at, line)| (at, artifact.provenance().at_line(line)))
    });
    let success = token_at.or(last_acquired);
    if let Some((at, provenance)) = &success {
        out.record(facts::JAMFAAD_LAST_TOKEN_SUCCESS, *at, provenance.clone());
    }
    if let (Some((artifact, log)), Some((at, _))) = (&log, &success) {
        let count = match log.errors_after {
            ErrorsAfter::Counted(count) => count,
            ErrorsAfter::Recount => recount(files, artifact, *at),
        };
        if let Some(count) = count {
            artifact.set(out, facts::JAMFAAD_ERRORS_AFTER_LAST_SUCCESS, count);
        }
    }
}

/// Reads the log, keeping the lines needed; `success` is the preferences' token time.
fn read_log(
    files: &MacFiles<'_>,
    out: &mut Evidence,
    success: Option<Timestamp>,
) -> Option<(Artifact, AadLog)> {
    let artifact = files.artifact(&JAMFAAD_LOG);
    let needs = (
        files.need(facts::JAMFAAD_LOG.name()),
        files.need(facts::JAMFAAD_ERRORS.name()),
    );
    let mut reader = jamfaad_log::Reader::new(&artifact.path, files.collected_at(), needs, success);
    let read = files.read_lines(&JAMFAAD_LOG, &artifact, out, |number, line| {
        reader.line(number, line);
        ControlFlow::Continue(())
    });
    if !read {
        return None;
    }
    let mut log = reader.finish();
    if log.not_a_log {
        artifact.report(out, Issue::whole(jamfaad_log::NOT_A_LOG));
        return None;
    }
    artifact.set(out, facts::JAMFAAD_LOG, std::mem::take(&mut log.lines));
    artifact.set(out, facts::JAMFAAD_ERRORS, std::mem::take(&mut log.errors));
    if let Some((at, line)) = log.last_acquired {
        artifact.set_at_line(out, facts::JAMFAAD_LAST_AAD_ID_ACQUIRED, at, line);
    }
    Some((artifact, log))
}

/// Counts the errors after `success` in a second reading of the log (for a log with more errors
/// after its latest success than are held while reading it first).
fn recount(files: &MacFiles<'_>, artifact: &Artifact, success: Timestamp) -> Option<i64> {
    let mut reader = jamfaad_log::Reader::new(
        &artifact.path,
        files.collected_at(),
        (LineNeed::CountOnly, LineNeed::CountOnly),
        Some(success),
    );
    // The first reading recorded what was wrong with the file.
    let mut again = Evidence::default();
    let read = files.read_lines(&JAMFAAD_LOG, artifact, &mut again, |number, line| {
        reader.line(number, line);
        ControlFlow::Continue(())
    });
    match reader.finish().errors_after {
        ErrorsAfter::Counted(count) if read => count,
        _ => None,
    }
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
