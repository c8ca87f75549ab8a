//! The login keychain, as `security` lists it: certificates (`find-certificate -a -Z`) and the
//! attributes of every item (`dump-keychain`).

mod attributes;
mod certificates;
mod dump;
mod items;

use jamf_triage_evidence::{ArtifactSpec, DecodedText, Evidence};

use crate::artifacts::{KEYCHAIN_CERTIFICATES, KEYCHAIN_DUMP};
use crate::facts;
use crate::issue::Issue;
use crate::mac_files::{Artifact, MacFiles};

/// What `security` prints (to the listing when stderr was kept) when a keychain has no item.
const NOTHING_FOUND: &str = "could not be found in the keychain";

/// Reads both listings into `device.keychain.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    if let Some((artifact, items)) = read_items(files, &KEYCHAIN_CERTIFICATES, out) {
        let (ids, issues) = certificates::wpj_device_ids(&items);
        artifact.report_all(out, issues);
        artifact.set(out, facts::KEYCHAIN_WPJ_DEVICE_IDS, ids);
    }
    if let Some((artifact, items)) = read_items(files, &KEYCHAIN_DUMP, out) {
        artifact.set(
            out,
            facts::KEYCHAIN_WPJ_KEY_PRESENT,
            dump::has_wpj_key(&items),
        );
        artifact.set(
            out,
            facts::KEYCHAIN_MICROSOFT_ITEMS,
            dump::registration_items(&items),
        );
    }
}

/// The items of a listing; `None` (with a problem) when text is there but no item is.
fn read_items(
    files: &MacFiles<'_>,
    spec: &ArtifactSpec,
    out: &mut Evidence,
) -> Option<(Artifact, Vec<items::Item>)> {
    let (artifact, text) = files.read_text(spec, out)?;
    let items = items::split(&text);
    if items.is_empty() && lists_something(&text) {
        artifact.report(
            out,
            Issue::whole(
                "no keychain item (a block opened by `SHA-256 hash:`, `SHA-1 hash:` or `keychain:`, with a `class:` or attributes)",
            ),
        );
        return None;
    }
    Some((artifact, items))
}

/// Whether the text is more than an empty listing.
fn lists_something(text: &DecodedText) -> bool {
    text.text
        .lines()
        .any(|line| !line.trim().is_empty() && !line.contains(NOTHING_FOUND))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn an_empty_listing_lists_nothing() {
        assert!(!lists_something(&decode_text(b"")));
        assert!(!lists_something(&decode_text(
            b"security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n"
        )));
        assert!(lists_something(&decode_text(b"garbage\n")));
    }
}
