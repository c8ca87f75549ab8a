//! The facts this source declares, each name spelled once: a typed key per fact, documented by
//! its meaning (the catalog text rules and users see). Provided by [`DeviceSource`](crate::DeviceSource)
//! from the Mac's artifacts under `mac/` (or `mac/<serial>/`).

use jamf_triage_evidence::Lines;
use jiff::Timestamp;

jamf_triage_evidence::declare_facts! {
    /// macOS version (sw_vers ProductVersion)
    pub const OS_VERSION: String = "device.os.version";
    /// macOS build (sw_vers BuildVersion)
    pub const OS_BUILD: String = "device.os.build";
    /// jamf.log entries (message part after `jamf[pid]: `, continuation lines appended to their entry with ` | `)
    pub const JAMF_LOG_LINES: Lines = "device.jamf_log.lines";
    /// time of the last `Checking for policies triggered by "recurring check-in"` line in jamf.log (year from collected_at)
    pub const JAMF_LOG_LAST_CHECKIN: Timestamp = "device.jamf_log.last_checkin";
    /// time of the last entry in jamf.log
    pub const JAMF_LOG_LAST_ENTRY: Timestamp = "device.jamf_log.last_entry";
    /// jamfAAD unified-log lines (log show in its compact, default or syslog style, or lines copied from Console), header lines skipped, text as printed
    pub const JAMFAAD_LOG: Lines = "device.jamfaad.log";
    /// jamfAAD unified-log lines of type error or fault (`E`/`F` compact, `Error`/`Fault` default style, `<Error>`/`<Fault>` syslog style, `error`/`fault` Console)
    pub const JAMFAAD_ERRORS: Lines = "device.jamfaad.errors";
    /// time of the last `AAD ID acquired` line in the jamfAAD log
    pub const JAMFAAD_LAST_AAD_ID_ACQUIRED: Timestamp = "device.jamfaad.last_aad_id_acquired";
    /// useWKWebView of the managed domain com.jamf.management.jamfAAD (a configuration profile, Jamf Pro 10.38+)
    pub const JAMFAAD_MANAGED_USE_WKWEBVIEW: bool = "device.jamfaad.managed.use_wkwebview";
    /// tokenRetryCount of the managed domain com.jamf.management.jamfAAD (how many times jamfAAD retries a token)
    pub const JAMFAAD_MANAGED_TOKEN_RETRY_COUNT: i64 = "device.jamfaad.managed.token_retry_count";
    /// tokenRetryWaitTime (or tokenRetryWait) of the managed domain com.jamf.management.jamfAAD, in seconds between token retries
    pub const JAMFAAD_MANAGED_TOKEN_RETRY_WAIT: i64 = "device.jamfaad.managed.token_retry_wait";
    /// have_an_Azure_id in the user's com.jamf.management.jamfAAD.plist (false once jamfAAD has deactivated)
    pub const JAMFAAD_HAVE_AZURE_ID: bool = "device.jamfaad.have_azure_id";
    /// last_aad_token_timestamp in the user's com.jamf.management.jamfAAD.plist (absent when 0 or missing)
    pub const JAMFAAD_LAST_TOKEN_AT: Timestamp = "device.jamfaad.last_token_at";
    /// the last successful Entra token, last_aad_token_timestamp if set, else the last `AAD ID acquired` line
    pub const JAMFAAD_LAST_TOKEN_SUCCESS: Timestamp = "device.jamfaad.last_token_success";
    /// number of jamfAAD error/fault lines after the last successful token (absent when no success is known)
    pub const JAMFAAD_ERRORS_AFTER_LAST_SUCCESS: i64 = "device.jamfaad.errors_after_last_success";
    /// Company Portal log lines from every file under mac/company-portal/, files in name order
    pub const COMPANY_PORTAL_LOG: Lines = "device.company_portal.log";
    /// Company Portal log lines whose level is ERROR (or FAULT), files in name order
    pub const COMPANY_PORTAL_ERRORS: Lines = "device.company_portal.errors";
    /// time of the latest ERROR (or FAULT) line in the Company Portal logs (the Mac's local time, offset from collected_at)
    pub const COMPANY_PORTAL_LAST_ERROR_AT: Timestamp = "device.company_portal.last_error_at";
    /// the value of the latest `Device status:` line in the Company Portal logs (e.g. `Registered`, `Not registered`), files in name order, last line wins
    pub const COMPANY_PORTAL_LATEST_DEVICE_STATUS: String = "device.company_portal.latest_device_status";
    /// `app-sso platform -s` says `"registrationCompleted" : true` in its Device or User Configuration (false when those sections are `(null)` or say false; absent when they do not have the key)
    pub const PSSO_REGISTRATION_COMPLETED: bool = "device.psso.registration_completed";
    /// `app-sso platform -s` names `"extensionIdentifier" : "com.microsoft.CompanyPortalMac.ssoextension"` (never false: the command shows Platform SSO only, and the extension may be deployed without it, so its absence there is unknown)
    pub const PSSO_SSO_EXTENSION_CONFIGURED: bool = "device.psso.sso_extension_configured";
    /// `alis` (Entra device id) of every login-keychain certificate issued by MS-ORGANIZATION-ACCESS
    pub const KEYCHAIN_WPJ_DEVICE_IDS: Vec<String> = "device.keychain.wpj_device_ids";
    /// the login keychain holds a key named `Microsoft Workplace Join Key`
    pub const KEYCHAIN_WPJ_KEY_PRESENT: bool = "device.keychain.wpj_key_present";
    /// names of login-keychain items left by a registration (Workplace Join and Session Transport keys, com.microsoft.workplacejoin.*, enterpriseregistration.windows.net, Company Portal)
    pub const KEYCHAIN_MICROSOFT_ITEMS: Vec<String> = "device.keychain.microsoft_items";
    /// profiles status says MDM enrollment Yes
    pub const MDM_ENROLLED: bool = "device.mdm.enrolled";
    /// profiles status says MDM enrollment Yes (User Approved)
    pub const MDM_USER_APPROVED: bool = "device.mdm.user_approved";
    /// profiles status says Enrolled via DEP Yes
    pub const MDM_DEP: bool = "device.mdm.dep";
    /// the MDM server URL from profiles status
    pub const MDM_SERVER: String = "device.mdm.server";
    /// microsoftCAEnabled in /Library/Preferences/com.jamfsoftware.jamf.plist
    pub const JAMF_PREFS_MICROSOFT_CA_ENABLED: bool = "device.jamf_prefs.microsoft_ca_enabled";
    /// microsoftCANativeClientAppId in /Library/Preferences/com.jamfsoftware.jamf.plist
    pub const JAMF_PREFS_NATIVE_CLIENT_APP_ID: String = "device.jamf_prefs.native_client_app_id";
    /// jss_url in /Library/Preferences/com.jamfsoftware.jamf.plist
    pub const JAMF_PREFS_JSS_URL: String = "device.jamf_prefs.jss_url";
    /// clean-up paths that exist on the Mac (leftover-paths.txt)
    pub const LEFTOVER_PATHS: Vec<String> = "device.leftover_paths";
    /// every endpoint checked, as host:port
    pub const CONNECTIVITY_CHECKED: Vec<String> = "device.connectivity.checked";
    /// endpoints whose check failed, as host:port
    pub const CONNECTIVITY_FAILED: Vec<String> = "device.connectivity.failed";
    /// the connectivity lines of failed checks, with their reason
    pub const CONNECTIVITY_FAILURES: Lines = "device.connectivity.failures";
}

#[cfg(test)]
mod tests {
    use super::DECLARED;

    #[test]
    fn names_are_distinct_device_facts_with_a_meaning() {
        let mut catalog = jamf_triage_evidence::FactCatalog::new();
        catalog
            .extend(jamf_triage_evidence::specs(crate::COLLECTOR, DECLARED))
            .expect("distinct names");
        assert_eq!(catalog.len(), DECLARED.len());
        for spec in catalog.iter() {
            assert!(spec.name.starts_with("device."), "{}", spec.name);
            assert!(!spec.meaning.is_empty(), "{}", spec.name);
            assert_eq!(spec.provider, crate::COLLECTOR);
        }
    }
}
