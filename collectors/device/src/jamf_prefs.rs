//! `/Library/Preferences/com.jamfsoftware.jamf.plist`: whether the Jamf agent has the
//! Microsoft Conditional Access integration on, with which app, and which Jamf Pro it talks to.

use jamf_triage_evidence::Evidence;

use crate::artifacts::JAMF_PREFS;
use crate::facts;
use crate::mac_files::MacFiles;
use crate::plist_dict;

/// Reads the plist into `device.jamf_prefs.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, prefs)) = plist_dict::read(files, &JAMF_PREFS, out) else {
        return;
    };
    let key = "microsoftCAEnabled";
    artifact.set_from_key(
        out,
        facts::JAMF_PREFS_MICROSOFT_CA_ENABLED,
        key,
        prefs.bool(key),
    );
    for (key, fact) in [
        (
            "microsoftCANativeClientAppId",
            facts::JAMF_PREFS_NATIVE_CLIENT_APP_ID,
        ),
        ("jss_url", facts::JAMF_PREFS_JSS_URL),
    ] {
        artifact.set_from_key(out, fact, key, prefs.string(key));
    }
}
