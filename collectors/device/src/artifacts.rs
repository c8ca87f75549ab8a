//! The artifact table: every file this source reads from a bundle (and writes, live), where it
//! is, what produces it on the Mac, what reads it, how large it may be, and the facts it gives.
//!
//! The paths are those of a bundle holding one Mac (`mac/jamf.log`). A bundle holding several
//! Macs puts each Mac's artifacts under `mac/<serial>/` instead (`mac/C02XK1ABJGH5/jamf.log`,
//! `mac/C02XK1ABJGH5/company-portal/*.log`), and the subject's serial says which one is read.

use jamf_triage_evidence::{ArtifactSpec, LIMIT_LOG, LIMIT_SMALL, Producer};

use crate::facts;

/// The bundle folder of the Mac's artifacts.
pub(crate) const FOLDER: &str = "mac/";

/// `sw_vers` output.
pub const SW_VERS: ArtifactSpec = ArtifactSpec {
    path: "mac/sw_vers.txt",
    producer: Producer::Command("sw_vers"),
    parser: "`Key: value` lines",
    limit: LIMIT_SMALL,
    facts: &[facts::OS_VERSION.name(), facts::OS_BUILD.name()],
};

/// `profiles status -type enrollment` output.
pub const PROFILES_ENROLLMENT: ArtifactSpec = ArtifactSpec {
    path: "mac/profiles-enrollment.txt",
    producer: Producer::Command("profiles status -type enrollment"),
    parser: "`Key: value` lines",
    limit: LIMIT_SMALL,
    facts: &[
        facts::MDM_ENROLLED.name(),
        facts::MDM_USER_APPROVED.name(),
        facts::MDM_DEP.name(),
        facts::MDM_SERVER.name(),
    ],
};

/// The Jamf agent's log, verbatim.
pub const JAMF_LOG: ArtifactSpec = ArtifactSpec {
    path: "mac/jamf.log",
    producer: Producer::File("/var/log/jamf.log"),
    parser: "jamf.log entries, local time without a year",
    limit: LIMIT_LOG,
    facts: &[
        facts::JAMF_LOG_LINES.name(),
        facts::JAMF_LOG_LAST_CHECKIN.name(),
        facts::JAMF_LOG_LAST_ENTRY.name(),
    ],
};

/// The jamfAAD unified log of the last 7 days.
pub const JAMFAAD_LOG: ArtifactSpec = ArtifactSpec {
    path: "mac/jamfAAD.log",
    producer: Producer::Command(
        "log show --style compact --predicate 'subsystem == \"com.jamf.management.jamfAAD\"' --last 7d",
    ),
    parser: "`log show` lines (compact, default or syslog style) or Console copies; local time unless the line has its offset",
    limit: LIMIT_LOG,
    facts: &[
        facts::JAMFAAD_LOG.name(),
        facts::JAMFAAD_ERRORS.name(),
        facts::JAMFAAD_LAST_AAD_ID_ACQUIRED.name(),
        facts::JAMFAAD_LAST_TOKEN_SUCCESS.name(),
        facts::JAMFAAD_ERRORS_AFTER_LAST_SUCCESS.name(),
    ],
};

/// The user's jamfAAD preferences.
pub const JAMFAAD_PREFS: ArtifactSpec = ArtifactSpec {
    path: "mac/com.jamf.management.jamfAAD.plist",
    producer: Producer::File("~/Library/Preferences/com.jamf.management.jamfAAD.plist"),
    parser: "property list (XML or binary)",
    limit: LIMIT_SMALL,
    facts: &[
        facts::JAMFAAD_HAVE_AZURE_ID.name(),
        facts::JAMFAAD_LAST_TOKEN_AT.name(),
        facts::JAMFAAD_LAST_TOKEN_SUCCESS.name(),
    ],
};

/// The managed domain `com.jamf.management.jamfAAD` (a configuration profile's settings for
/// jamfAAD).
pub const JAMFAAD_MANAGED_PREFS: ArtifactSpec = ArtifactSpec {
    path: "mac/com.jamf.management.jamfAAD.managed.plist",
    producer: Producer::File("/Library/Managed Preferences/com.jamf.management.jamfAAD.plist"),
    parser: "property list (XML or binary)",
    limit: LIMIT_SMALL,
    facts: &[
        facts::JAMFAAD_MANAGED_USE_WKWEBVIEW.name(),
        facts::JAMFAAD_MANAGED_TOKEN_RETRY_COUNT.name(),
        facts::JAMFAAD_MANAGED_TOKEN_RETRY_WAIT.name(),
    ],
};

/// Company Portal's logs, verbatim, one artifact per file.
pub const COMPANY_PORTAL_LOGS: ArtifactSpec = ArtifactSpec {
    path: "mac/company-portal/*.log",
    producer: Producer::File("~/Library/Logs/Company Portal/*.log"),
    parser: "`yyyy-MM-dd HH:mm:ss.SSS <IP> <LEVEL> ...` lines, local time, files in name order",
    limit: LIMIT_LOG,
    facts: &[
        facts::COMPANY_PORTAL_LOG.name(),
        facts::COMPANY_PORTAL_ERRORS.name(),
        facts::COMPANY_PORTAL_LAST_ERROR_AT.name(),
        facts::COMPANY_PORTAL_LATEST_DEVICE_STATUS.name(),
    ],
};

/// `app-sso platform -s` output, as the console user: the Platform SSO state.
pub const APP_SSO_PLATFORM: ArtifactSpec = ArtifactSpec {
    path: "mac/app-sso-platform.txt",
    producer: Producer::Command("app-sso platform -s"),
    parser: "sections of `\"key\" : value` lines or `(null)`",
    limit: LIMIT_SMALL,
    facts: &[
        facts::PSSO_REGISTRATION_COMPLETED.name(),
        facts::PSSO_SSO_EXTENSION_CONFIGURED.name(),
    ],
};

/// The certificates of the user's login keychain.
pub const KEYCHAIN_CERTIFICATES: ArtifactSpec = ArtifactSpec {
    path: "mac/keychain-certificates.txt",
    producer: Producer::Command(
        "security find-certificate -a -Z ~/Library/Keychains/login.keychain-db",
    ),
    parser: "`security` item listing",
    limit: LIMIT_SMALL,
    facts: &[facts::KEYCHAIN_WPJ_DEVICE_IDS.name()],
};

/// The attributes (never the secrets) of every item of the user's login keychain.
pub const KEYCHAIN_DUMP: ArtifactSpec = ArtifactSpec {
    path: "mac/keychain-dump.txt",
    producer: Producer::Command("security dump-keychain ~/Library/Keychains/login.keychain-db"),
    parser: "`security` item listing",
    limit: LIMIT_SMALL,
    facts: &[
        facts::KEYCHAIN_WPJ_KEY_PRESENT.name(),
        facts::KEYCHAIN_MICROSOFT_ITEMS.name(),
    ],
};

/// The Jamf agent's preferences.
pub const JAMF_PREFS: ArtifactSpec = ArtifactSpec {
    path: "mac/com.jamfsoftware.jamf.plist",
    producer: Producer::File("/Library/Preferences/com.jamfsoftware.jamf.plist"),
    parser: "property list (XML or binary)",
    limit: LIMIT_SMALL,
    facts: &[
        facts::JAMF_PREFS_MICROSOFT_CA_ENABLED.name(),
        facts::JAMF_PREFS_NATIVE_CLIENT_APP_ID.name(),
        facts::JAMF_PREFS_JSS_URL.name(),
    ],
};

/// The clean-up paths that exist on the Mac, one per line.
pub const LEFTOVER_PATHS: ArtifactSpec = ArtifactSpec {
    path: "mac/leftover-paths.txt",
    producer: Producer::Written("jamf-triage collect (the clean-up paths that exist)"),
    parser: "one absolute path per line",
    limit: LIMIT_SMALL,
    facts: &[facts::LEFTOVER_PATHS.name()],
};

/// TCP connection checks, one per line.
pub const CONNECTIVITY: ArtifactSpec = ArtifactSpec {
    path: "mac/connectivity.txt",
    producer: Producer::Written("jamf-triage collect (TCP connection checks)"),
    parser: "`<host> <port> ok|failed <reason>` lines",
    limit: LIMIT_SMALL,
    facts: &[
        facts::CONNECTIVITY_CHECKED.name(),
        facts::CONNECTIVITY_FAILED.name(),
        facts::CONNECTIVITY_FAILURES.name(),
    ],
};

/// Every artifact of the device source. The paths are a one-Mac bundle's (`mac/jamf.log`); a
/// bundle holding several Macs has them under `mac/<serial>/` (`mac/<serial>/jamf.log`).
pub const ARTIFACTS: &[ArtifactSpec] = &[
    SW_VERS,
    PROFILES_ENROLLMENT,
    JAMF_LOG,
    JAMFAAD_LOG,
    JAMFAAD_PREFS,
    JAMFAAD_MANAGED_PREFS,
    COMPANY_PORTAL_LOGS,
    KEYCHAIN_CERTIFICATES,
    KEYCHAIN_DUMP,
    JAMF_PREFS,
    LEFTOVER_PATHS,
    CONNECTIVITY,
    APP_SSO_PLATFORM,
];

/// The artifact's path relative to the Mac's folder (`jamf.log`, `company-portal/*.log`).
pub(crate) fn relative(spec: &ArtifactSpec) -> &'static str {
    spec.path.strip_prefix(FOLDER).unwrap_or(spec.path)
}

/// The folder of Company Portal's logs, relative to the Mac's folder (`company-portal`): shared
/// by the one-Mac layout, never a serial number.
pub(crate) fn portal_dir() -> &'static str {
    relative(&COMPANY_PORTAL_LOGS)
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir)
}

/// The file on the Mac an artifact is a copy of (`/var/log/jamf.log`, `~/Library/...` in the
/// user's home folder); empty when a command or the collecting tool produces it.
#[cfg(feature = "live")]
pub(crate) fn mac_file(spec: &ArtifactSpec) -> &'static str {
    match spec.producer {
        Producer::File(path) => path,
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn rows_are_distinct_and_name_declared_facts() {
        let paths: BTreeSet<&str> = ARTIFACTS.iter().map(|spec| spec.path).collect();
        assert_eq!(paths.len(), ARTIFACTS.len(), "a path repeats");
        let declared: BTreeSet<&str> = facts::DECLARED.iter().map(|decl| decl.name).collect();
        for spec in ARTIFACTS {
            assert!(spec.path.starts_with(FOLDER), "{}", spec.path);
            assert!(!spec.facts.is_empty(), "{} gives no fact", spec.path);
            let named: BTreeSet<&str> = spec.facts.iter().copied().collect();
            assert_eq!(
                named.len(),
                spec.facts.len(),
                "{}: a fact repeats",
                spec.path
            );
            for fact in spec.facts {
                assert!(
                    declared.contains(fact),
                    "{}: `{fact}` is not declared",
                    spec.path
                );
            }
        }
    }

    #[test]
    fn every_declared_fact_is_given_by_some_row() {
        let named: BTreeSet<&str> = ARTIFACTS
            .iter()
            .flat_map(|spec| spec.facts.iter().copied())
            .collect();
        let missing: Vec<&str> = facts::DECLARED
            .iter()
            .map(|decl| decl.name)
            .filter(|name| !named.contains(name))
            .collect();
        assert!(missing.is_empty(), "no artifact gives {missing:?}");
    }

    #[test]
    fn relative_paths_and_the_portal_folder() {
        assert_eq!(relative(&JAMF_LOG), "jamf.log");
        assert_eq!(portal_dir(), "company-portal");
        assert!(COMPANY_PORTAL_LOGS.matches("mac/company-portal/Company Portal.log"));
    }
}
