//! `conditionalAccessPolicy` (`GET /identity/conditionalAccess/policies`), as far as deciding
//! whether a policy blocks the Device Compliance registration needs. Every property is optional
//! and may be `null` (`conditions.platforms` is `null` for a policy on every platform); unknown
//! properties are ignored.

use serde::Deserialize;

/// A record of `GET /identity/conditionalAccess/policies`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalAccessPolicy {
    /// The policy's id.
    pub id: Option<String>,
    /// Its display name.
    pub display_name: Option<String>,
    /// `enabled`, `disabled` or `enabledForReportingButNotEnforced`.
    pub state: Option<String>,
    /// Who and what it applies to.
    pub conditions: Option<PolicyConditions>,
    /// What it requires.
    pub grant_controls: Option<GrantControls>,
}

/// `conditionalAccessConditionSet`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyConditions {
    /// The applications (cloud apps) it covers.
    pub applications: Option<ApplicationConditions>,
    /// The users it covers.
    pub users: Option<UserConditions>,
    /// The platforms it covers; `None` (`null`) for every platform.
    pub platforms: Option<PlatformConditions>,
}

/// `conditionalAccessApplications`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationConditions {
    /// App ids, or `All`, `Office365`, `MicrosoftAdminPortals`, `None`.
    pub include_applications: Option<Vec<String>>,
    /// App ids excluded.
    pub exclude_applications: Option<Vec<String>>,
}

/// `conditionalAccessUsers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserConditions {
    /// User object ids, or `All`, `None`, `GuestsOrExternalUsers`.
    pub include_users: Option<Vec<String>>,
    /// User object ids excluded.
    pub exclude_users: Option<Vec<String>>,
    /// Group ids included.
    pub include_groups: Option<Vec<String>>,
    /// Group ids excluded.
    pub exclude_groups: Option<Vec<String>>,
}

/// `conditionalAccessPlatforms`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlatformConditions {
    /// `android`, `iOS`, `windows`, `macOS`, `linux`, `all`, ...
    pub include_platforms: Option<Vec<String>>,
    /// Platforms excluded.
    pub exclude_platforms: Option<Vec<String>>,
}

/// `conditionalAccessGrantControls`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantControls {
    /// `AND` or `OR`.
    pub operator: Option<String>,
    /// `block`, `mfa`, `compliantDevice`, `domainJoinedDevice`, `approvedApplication`,
    /// `compliantApplication`, `passwordChange`, ...
    pub built_in_controls: Option<Vec<String>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_policies_with_nulls_and_unknown_properties() {
        let text = r#"{"value": [{"id": "p1", "displayName": "Require compliant device", "state": "enabled",
            "sessionControls": null, "conditions": {"platforms": null, "clientAppTypes": ["all"],
            "applications": {"includeApplications": ["All"], "excludeApplications": [], "includeUserActions": []},
            "users": {"includeUsers": ["All"], "excludeUsers": null, "includeRoles": []}},
            "grantControls": {"operator": "OR", "builtInControls": ["compliantDevice"], "authenticationStrength": null}},
            {"id": "p2", "conditions": null, "grantControls": null}]}"#;
        let list = parse_list::<ConditionalAccessPolicy>(text).expect("list");
        assert!(list.errors.is_empty());
        let policy = &list.records[0].item;
        let conditions = policy.conditions.as_ref().expect("conditions");
        assert_eq!(conditions.platforms, None);
        assert_eq!(
            conditions
                .users
                .as_ref()
                .and_then(|users| users.exclude_users.clone()),
            None
        );
        assert_eq!(list.records[1].item.grant_controls, None);
    }
}
