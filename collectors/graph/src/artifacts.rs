//! The artifact table: every file this source reads from a bundle's `graph/` folder and writes
//! there live, with the Graph v1.0 request that produces it, its parser, its size limit and the
//! facts it gives. Reading and live collection both take the path (and the request) from these
//! rows, so each is spelled once.
//!
//! Each row's request is `GET` relative to the Graph base URL; live collection adds the query
//! (`$filter`, `$select`, `$expand`) it needs. The per-id families name the id in both the path
//! and the request (`{id}`, `{upn}`).

use jamf_triage_evidence::{ArtifactSpec, LIMIT_RESPONSE, Producer};

use crate::declared::{
    CA_REGISTRATION_BLOCKING_POLICIES, COMPLIANCE_PARTNER_ASSIGNMENT_TYPES,
    COMPLIANCE_PARTNER_LAST_HEARTBEAT, COMPLIANCE_PARTNER_MACOS_ONBOARDED,
    COMPLIANCE_PARTNER_PRESENT, COMPLIANCE_PARTNER_STATE, COMPLIANCE_POLICIES_MACOS_COUNT,
    COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS, COMPLIANCE_POLICIES_MACOS_TARGETS,
    CONNECTOR_ADMIN_CONSENTED, CONNECTOR_PRESENT, DC_APPS_CLOUD_CONNECTOR_CONSENTED,
    DC_APPS_CLOUD_CONNECTOR_PRESENT, DC_APPS_USER_REGISTRATION_CONSENTED,
    DC_APPS_USER_REGISTRATION_PRESENT, ENTRA_COMPLIANT_DEVICE_IDS, ENTRA_DEVICE_IDS,
    ENTRA_INTUNE_LINKED_DEVICE_IDS, ENTRA_MDM_APP_IDS, IGNORED_DEVICE_IDS,
    INTUNE_AZURE_AD_DEVICE_IDS, INTUNE_COMPLIANCE_STATES, INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS,
    INTUNE_MANAGEMENT_AGENTS, INTUNE_RECORD_COUNT, INTUNE_REGISTRATION_STATES, INTUNE_USER_IDS,
    JAMF_APP_LATEST_SECRET_EXPIRY, JAMF_APP_PRESENT, JAMF_APP_ROLE_IDS, JAMF_APP_ROLES,
    JAMF_APP_SECRET_COUNT, PARTNER_APP_ID, PARTNER_CONFIGURED, PARTNER_GROUP_IDS,
    PARTNER_LAST_HEARTBEAT, PARTNER_MEMBER_USER_IDS, PARTNER_PRESENT, PARTNER_STATE,
    SERVICE_PRINCIPALS_APP_IDS, USER_ALL_PLANS, USER_LICENSED_PLANS,
};

/// What reads every file of this source.
const LIST_PARSER: &str = "Graph list response (`value` array), record by record";

/// The device management partners: the Jamf partner of the legacy integration.
pub const PARTNERS: ArtifactSpec = ArtifactSpec {
    path: "graph/deviceManagementPartners.json",
    producer: Producer::Endpoint("GET /deviceManagement/deviceManagementPartners"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        PARTNER_PRESENT.name(),
        PARTNER_STATE.name(),
        PARTNER_CONFIGURED.name(),
        PARTNER_LAST_HEARTBEAT.name(),
        PARTNER_APP_ID.name(),
        PARTNER_GROUP_IDS.name(),
        PARTNER_MEMBER_USER_IDS.name(),
        JAMF_APP_PRESENT.name(),
        JAMF_APP_ROLE_IDS.name(),
        JAMF_APP_ROLES.name(),
        JAMF_APP_SECRET_COUNT.name(),
        JAMF_APP_LATEST_SECRET_EXPIRY.name(),
    ],
};

/// The compliance management partners: the one onboarded for macOS (Device Compliance).
pub const COMPLIANCE_PARTNERS: ArtifactSpec = ArtifactSpec {
    path: "graph/complianceManagementPartners.json",
    producer: Producer::Endpoint("GET /deviceManagement/complianceManagementPartners"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        COMPLIANCE_PARTNER_MACOS_ONBOARDED.name(),
        COMPLIANCE_PARTNER_STATE.name(),
        COMPLIANCE_PARTNER_PRESENT.name(),
        COMPLIANCE_PARTNER_LAST_HEARTBEAT.name(),
        COMPLIANCE_PARTNER_ASSIGNMENT_TYPES.name(),
    ],
};

/// Intune's managed macOS devices.
pub const MANAGED_DEVICES: ArtifactSpec = ArtifactSpec {
    path: "graph/managedDevices.json",
    producer: Producer::Endpoint("GET /deviceManagement/managedDevices"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        INTUNE_RECORD_COUNT.name(),
        INTUNE_AZURE_AD_DEVICE_IDS.name(),
        INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS.name(),
        INTUNE_MANAGEMENT_AGENTS.name(),
        INTUNE_COMPLIANCE_STATES.name(),
        INTUNE_REGISTRATION_STATES.name(),
        INTUNE_USER_IDS.name(),
        ENTRA_INTUNE_LINKED_DEVICE_IDS.name(),
        ENTRA_MDM_APP_IDS.name(),
        IGNORED_DEVICE_IDS.name(),
    ],
};

/// Entra ID's macOS devices.
pub const DEVICES: ArtifactSpec = ArtifactSpec {
    path: "graph/devices.json",
    producer: Producer::Endpoint("GET /devices"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        ENTRA_DEVICE_IDS.name(),
        ENTRA_COMPLIANT_DEVICE_IDS.name(),
        ENTRA_INTUNE_LINKED_DEVICE_IDS.name(),
        ENTRA_MDM_APP_IDS.name(),
        IGNORED_DEVICE_IDS.name(),
    ],
};

/// The Jamf service principals (the connector, the Jamf Pro app) and Microsoft's resource apps.
pub const SERVICE_PRINCIPALS: ArtifactSpec = ArtifactSpec {
    path: "graph/servicePrincipals.json",
    producer: Producer::Endpoint("GET /servicePrincipals"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        SERVICE_PRINCIPALS_APP_IDS.name(),
        JAMF_APP_PRESENT.name(),
        JAMF_APP_ROLE_IDS.name(),
        JAMF_APP_ROLES.name(),
        CONNECTOR_PRESENT.name(),
        CONNECTOR_ADMIN_CONSENTED.name(),
        DC_APPS_USER_REGISTRATION_PRESENT.name(),
        DC_APPS_USER_REGISTRATION_CONSENTED.name(),
        DC_APPS_CLOUD_CONNECTOR_PRESENT.name(),
        DC_APPS_CLOUD_CONNECTOR_CONSENTED.name(),
    ],
};

/// The delegated permission grants: the admin consent to the connector and to the two Device
/// Compliance apps.
pub const GRANTS: ArtifactSpec = ArtifactSpec {
    path: "graph/oauth2PermissionGrants.json",
    producer: Producer::Endpoint("GET /oauth2PermissionGrants"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        CONNECTOR_ADMIN_CONSENTED.name(),
        DC_APPS_USER_REGISTRATION_CONSENTED.name(),
        DC_APPS_CLOUD_CONNECTOR_CONSENTED.name(),
    ],
};

/// The conditional access policies (needs `Policy.Read.All`): those that block the Device
/// Compliance registration.
pub const CA_POLICIES: ArtifactSpec = ArtifactSpec {
    path: "graph/conditionalAccessPolicies.json",
    producer: Producer::Endpoint("GET /identity/conditionalAccess/policies"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[CA_REGISTRATION_BLOCKING_POLICIES.name()],
};

/// The Jamf Pro app registration (by the partner's `singleTenantAppId`) and its client secrets.
pub const APPLICATIONS: ArtifactSpec = ArtifactSpec {
    path: "graph/applications.json",
    producer: Producer::Endpoint("GET /applications"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        JAMF_APP_SECRET_COUNT.name(),
        JAMF_APP_LATEST_SECRET_EXPIRY.name(),
    ],
};

/// The device compliance policies, with their assignments expanded.
pub const COMPLIANCE_POLICIES: ArtifactSpec = ArtifactSpec {
    path: "graph/deviceCompliancePolicies.json",
    producer: Producer::Endpoint("GET /deviceManagement/deviceCompliancePolicies"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        COMPLIANCE_POLICIES_MACOS_COUNT.name(),
        COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS.name(),
        COMPLIANCE_POLICIES_MACOS_TARGETS.name(),
    ],
};

/// The app role assignments (application permissions) of one service principal, by its id.
pub const APP_ROLE_ASSIGNMENTS: ArtifactSpec = ArtifactSpec {
    path: "graph/appRoleAssignments/{id}.json",
    producer: Producer::Endpoint("GET /servicePrincipals/{id}/appRoleAssignments"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[JAMF_APP_ROLE_IDS.name(), JAMF_APP_ROLES.name()],
};

/// The licences (service plans) of one user, by user principal name.
pub const LICENSE_DETAILS: ArtifactSpec = ArtifactSpec {
    path: "graph/licenseDetails/{upn}.json",
    producer: Producer::Endpoint("GET /users/{upn}/licenseDetails"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[USER_LICENSED_PLANS.name(), USER_ALL_PLANS.name()],
};

/// The members of one group, by its id.
pub const GROUP_MEMBERS: ArtifactSpec = ArtifactSpec {
    path: "graph/groupMembers/{id}.json",
    producer: Producer::Endpoint("GET /groups/{id}/members"),
    parser: LIST_PARSER,
    limit: LIMIT_RESPONSE,
    facts: &[
        PARTNER_MEMBER_USER_IDS.name(),
        COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS.name(),
        COMPLIANCE_POLICIES_MACOS_TARGETS.name(),
    ],
};

/// Every artifact of this source.
pub const ARTIFACTS: &[ArtifactSpec] = &[
    PARTNERS,
    COMPLIANCE_PARTNERS,
    MANAGED_DEVICES,
    DEVICES,
    SERVICE_PRINCIPALS,
    GRANTS,
    CA_POLICIES,
    APPLICATIONS,
    COMPLIANCE_POLICIES,
    APP_ROLE_ASSIGNMENTS,
    LICENSE_DETAILS,
    GROUP_MEMBERS,
];

/// The Graph application permission that reading `spec`'s file needs, as `docs/LIVE.md` lists
/// it: named when a saved error answer says it was refused.
pub fn permission(spec: &ArtifactSpec) -> &'static str {
    match spec.path {
        "graph/deviceManagementPartners.json" | "graph/complianceManagementPartners.json" => {
            "DeviceManagementServiceConfig.Read.All"
        }
        "graph/managedDevices.json" => "DeviceManagementManagedDevices.Read.All",
        "graph/deviceCompliancePolicies.json" => "DeviceManagementConfiguration.Read.All",
        "graph/devices.json" => "Device.Read.All",
        "graph/servicePrincipals.json"
        | "graph/applications.json"
        | "graph/appRoleAssignments/{id}.json" => "Application.Read.All",
        "graph/conditionalAccessPolicies.json" => "Policy.Read.All",
        _ => "Directory.Read.All",
    }
}

/// The text before and after the `{id}` part of a per-id pattern (`graph/groupMembers/{id}.json`
/// gives `graph/groupMembers/` and `.json`); a plain path is all prefix.
pub(crate) fn split_placeholder(pattern: &str) -> (&str, &str) {
    let Some(open) = pattern.find('{') else {
        return (pattern, "");
    };
    let close = pattern[open..]
        .find('}')
        .map_or(pattern.len(), |at| open + at + 1);
    (&pattern[..open], &pattern[close..])
}

/// `pattern` with its `{id}` part replaced by `id`.
#[cfg_attr(not(feature = "live"), allow(dead_code))]
pub(crate) fn fill(pattern: &str, id: &str) -> String {
    let (prefix, suffix) = split_placeholder(pattern);
    if prefix.len() == pattern.len() {
        return pattern.to_owned();
    }
    format!("{prefix}{id}{suffix}")
}

/// The request path of a row (`/devices`), relative to the Graph base URL.
#[cfg_attr(not(feature = "live"), allow(dead_code))]
pub(crate) fn request(spec: &ArtifactSpec) -> &'static str {
    match spec.producer {
        Producer::Endpoint(endpoint) => endpoint.strip_prefix("GET ").unwrap_or(endpoint),
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::declared::DECLARED;

    #[test]
    fn every_row_is_distinct_and_names_declared_facts() {
        let paths: BTreeSet<&str> = ARTIFACTS.iter().map(|spec| spec.path).collect();
        assert_eq!(paths.len(), ARTIFACTS.len(), "one row per path");
        let requests: BTreeSet<&str> = ARTIFACTS.iter().map(request).collect();
        assert_eq!(requests.len(), ARTIFACTS.len(), "one row per request");
        for spec in ARTIFACTS {
            assert!(spec.path.starts_with("graph/"), "{}", spec.path);
            assert!(request(spec).starts_with('/'), "{}", spec.path);
            assert!(!spec.facts.is_empty(), "{}", spec.path);
            for fact in spec.facts {
                assert!(
                    DECLARED.iter().any(|decl| decl.name == *fact),
                    "{}: `{fact}` is not declared",
                    spec.path
                );
            }
        }
    }

    #[test]
    fn every_declared_fact_is_given_by_some_row() {
        for decl in DECLARED {
            assert!(
                ARTIFACTS.iter().any(|spec| spec.facts.contains(&decl.name)),
                "`{}` is named by no artifact",
                decl.name
            );
        }
    }

    #[test]
    fn conditional_access_needs_policy_read_all() {
        assert_eq!(permission(&CA_POLICIES), "Policy.Read.All");
        assert_eq!(
            request(&CA_POLICIES),
            "/identity/conditionalAccess/policies"
        );
        assert_eq!(permission(&GRANTS), "Directory.Read.All");
    }

    #[test]
    fn per_id_rows_are_filled_in() {
        assert_eq!(fill(GROUP_MEMBERS.path, "g1"), "graph/groupMembers/g1.json");
        assert_eq!(
            fill(request(&LICENSE_DETAILS), "adele%40contoso.example"),
            "/users/adele%40contoso.example/licenseDetails"
        );
        assert_eq!(fill(DEVICES.path, "x"), "graph/devices.json");
        assert_eq!(
            split_placeholder(APP_ROLE_ASSIGNMENTS.path),
            ("graph/appRoleAssignments/", ".json")
        );
        assert!(LICENSE_DETAILS.matches("graph/licenseDetails/adele@contoso.example.json"));
    }
}
