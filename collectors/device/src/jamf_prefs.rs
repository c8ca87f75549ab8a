//! `/Library/Preferences/com.jamfsoftware.jamf.plist`: whether the Jamf agent has the
//! Microsoft Conditional Access integration on, with which app, and which Jamf Pro it talks to.

use jamf_triage_core::Evidence;

use crate::mac_files::MacFiles;
use crate::plist_dict;

const PREFS: &str = "com.jamfsoftware.jamf.plist";

/// Reads the plist into `device.jamf_prefs.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, prefs)) = plist_dict::read(files, PREFS, out) else {
        return;
    };
    let key = "microsoftCAEnabled";
    artifact.set_from_key(
        out,
        "device.jamf_prefs.microsoft_ca_enabled",
        key,
        prefs.bool(key),
    );
    for (key, fact) in [
        (
            "microsoftCANativeClientAppId",
            "device.jamf_prefs.native_client_app_id",
        ),
        ("jss_url", "device.jamf_prefs.jss_url"),
    ] {
        artifact.set_from_key(out, fact, key, prefs.string(key));
    }
}
