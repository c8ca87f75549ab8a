//! The artifact table: where each Jamf Pro artifact is in a bundle, what produces it, what reads
//! it, how large it may be, and which facts it gives. Reading a bundle and collecting live both
//! take the paths from here.

use jamf_triage_evidence::{ArtifactSpec, LIMIT_LOG, LIMIT_RESPONSE, Producer};

use crate::facts;

/// The bundle folder every Jamf Pro artifact is in.
pub const FOLDER: &str = "jamf-pro/";

/// `GET /api/v1/jamf-pro-version`, saved verbatim.
pub const SERVER_VERSION: ArtifactSpec = ArtifactSpec {
    path: "jamf-pro/jamf-pro-version.json",
    producer: Producer::Endpoint("GET /api/v1/jamf-pro-version"),
    parser: "JSON object `{\"version\"}`",
    limit: LIMIT_RESPONSE,
    facts: &[facts::SERVER_VERSION.name()],
};

/// `GET /api/v1/notifications`, saved verbatim.
pub const NOTIFICATIONS: ArtifactSpec = ArtifactSpec {
    path: "jamf-pro/notifications.json",
    producer: Producer::Endpoint("GET /api/v1/notifications"),
    parser: "JSON bare array of notifications",
    limit: LIMIT_RESPONSE,
    facts: &[facts::NOTIFICATION_TYPES.name()],
};

/// `GET /api/v1/computers-inventory` with the sections GENERAL, HARDWARE, LOCAL_USER_ACCOUNTS
/// and GROUP_MEMBERSHIPS, every page merged into one `{"totalCount", "results"}`.
pub const INVENTORY: ArtifactSpec = ArtifactSpec {
    path: "jamf-pro/computers-inventory.json",
    producer: Producer::Endpoint("GET /api/v1/computers-inventory"),
    parser: "JSON computer inventory records",
    limit: LIMIT_RESPONSE,
    facts: &[
        facts::COMPUTER_RECORD_COUNT.name(),
        facts::COMPUTER_ID.name(),
        facts::COMPUTER_NAME.name(),
        facts::COMPUTER_LAST_CONTACT.name(),
        facts::COMPUTER_LAST_INVENTORY.name(),
        facts::COMPUTER_MANAGED.name(),
        facts::COMPUTER_AAD_STATES.name(),
        facts::COMPUTER_AZURE_AD_DEVICE_IDS.name(),
        facts::COMPUTER_USER_AZURE_AD_IDS.name(),
        facts::COMPUTER_IGNORED_IDS.name(),
        facts::COMPUTER_GROUP_NAMES.name(),
    ],
};

/// `GET /api/v1/conditional-access/device-compliance-information/computer/{id}` for the
/// subject's computer, by its Jamf Pro id, saved verbatim.
pub const DEVICE_COMPLIANCE: ArtifactSpec = ArtifactSpec {
    path: "jamf-pro/device-compliance-information/{id}.json",
    producer: Producer::Endpoint(
        "GET /api/v1/conditional-access/device-compliance-information/computer/{id}",
    ),
    parser: "JSON bare array of device compliance information records",
    limit: LIMIT_RESPONSE,
    facts: &[
        facts::DEVICE_COMPLIANCE_APPLICABLE.name(),
        facts::DEVICE_COMPLIANCE_STATE.name(),
        facts::DEVICE_COMPLIANCE_ENTRA_DEVICE_IDS.name(),
    ],
};

/// The server log, `JAMFSoftwareServer.log`, and its rotated files (numbered
/// `JAMFSoftwareServer.log.1` or dated `JAMFSoftwareServer-2024-06-01.log`), copied as they are.
pub const SERVER_LOG: ArtifactSpec = ArtifactSpec {
    path: "jamf-pro/JAMFSoftwareServer*",
    producer: Producer::File("/usr/local/jss/logs/JAMFSoftwareServer*.log (the paths given)"),
    parser: "log4j entries, rotated files oldest first",
    limit: LIMIT_LOG,
    facts: &[facts::SERVER_LOG_ENTRIES.name()],
};

/// Every artifact this source reads (and, live, writes).
pub const ARTIFACTS: &[ArtifactSpec] = &[
    SERVER_VERSION,
    NOTIFICATIONS,
    INVENTORY,
    DEVICE_COMPLIANCE,
    SERVER_LOG,
];

/// The bundle path of the device compliance information of the computer with Jamf Pro id `id`
/// (`jamf-pro/device-compliance-information/52.json`).
pub(crate) fn device_compliance_path(id: &str) -> String {
    DEVICE_COMPLIANCE.path.replace("{id}", id)
}

/// The path of an endpoint artifact's request, without its method (`/api/v1/notifications`).
#[cfg(feature = "live")]
pub(crate) fn endpoint(spec: &ArtifactSpec) -> &'static str {
    match spec.producer {
        Producer::Endpoint(request) => request.strip_prefix("GET ").unwrap_or(request),
        _ => "",
    }
}

/// How the bundle path of every server log file begins (`jamf-pro/JAMFSoftwareServer`).
pub(crate) fn server_log_prefix() -> &'static str {
    SERVER_LOG.path.trim_end_matches('*')
}

/// The name the live server log has on the server and in a bundle (`JAMFSoftwareServer.log`).
#[cfg(feature = "live")]
pub(crate) fn live_server_log_name() -> String {
    let stem = server_log_prefix().strip_prefix(FOLDER).unwrap_or_default();
    format!("{stem}.log")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_row_is_distinct_and_names_declared_facts() {
        let declared: BTreeSet<&str> = facts::DECLARED.iter().map(|decl| decl.name).collect();
        let paths: BTreeSet<&str> = ARTIFACTS.iter().map(|spec| spec.path).collect();
        assert_eq!(paths.len(), ARTIFACTS.len(), "a path is repeated");
        for (index, spec) in ARTIFACTS.iter().enumerate() {
            assert!(spec.path.starts_with(FOLDER), "{}", spec.path);
            assert!(!spec.facts.is_empty(), "{} gives no fact", spec.path);
            assert!(!spec.parser.is_empty(), "{} has no parser", spec.path);
            for fact in spec.facts {
                assert!(
                    declared.contains(fact),
                    "{}: {fact} is not declared",
                    spec.path
                );
            }
            let facts: BTreeSet<&str> = spec.facts.iter().copied().collect();
            assert_eq!(
                facts.len(),
                spec.facts.len(),
                "{} repeats a fact",
                spec.path
            );
            for other in &ARTIFACTS[index + 1..] {
                assert_ne!(spec, other);
                assert!(
                    !spec.matches(other.path),
                    "{} covers {}",
                    spec.path,
                    other.path
                );
                assert!(
                    !other.matches(spec.path),
                    "{} covers {}",
                    other.path,
                    spec.path
                );
            }
        }
    }

    #[test]
    fn every_declared_fact_is_given_by_some_row() {
        for decl in facts::DECLARED {
            assert!(
                ARTIFACTS.iter().any(|spec| spec.facts.contains(&decl.name)),
                "no artifact gives {}",
                decl.name
            );
        }
    }

    #[test]
    fn the_device_compliance_row_names_the_computer() {
        assert_eq!(
            device_compliance_path("52"),
            "jamf-pro/device-compliance-information/52.json"
        );
        assert!(DEVICE_COMPLIANCE.matches("jamf-pro/device-compliance-information/52.json"));
    }

    #[test]
    fn the_server_log_row_covers_every_log_name() {
        for name in [
            "JAMFSoftwareServer.log",
            "JAMFSoftwareServer.log.1",
            "JAMFSoftwareServer-2024-06-01.log",
            "JAMFSoftwareServer.log.2024-06-01",
        ] {
            assert!(SERVER_LOG.matches(&format!("{FOLDER}{name}")), "{name}");
        }
        assert_eq!(server_log_prefix(), "jamf-pro/JAMFSoftwareServer");
    }

    #[cfg(feature = "live")]
    #[test]
    fn endpoints_and_the_live_log_name_come_from_the_table() {
        assert_eq!(endpoint(&NOTIFICATIONS), "/api/v1/notifications");
        assert_eq!(endpoint(&SERVER_LOG), "");
        assert_eq!(live_server_log_name(), "JAMFSoftwareServer.log");
    }
}
