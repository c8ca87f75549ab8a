//! `servicePrincipal`, its `appRoleAssignment`s, and `oAuth2PermissionGrant`s.

use serde::Deserialize;

/// A record of `GET /servicePrincipals`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePrincipal {
    /// The service principal's object id (what assignments and grants refer to).
    pub id: Option<String>,
    /// The application id it is an instance of.
    pub app_id: Option<String>,
    /// Its display name.
    pub display_name: Option<String>,
    /// The display name of its application.
    pub app_display_name: Option<String>,
}

/// A record of `GET /servicePrincipals/{id}/appRoleAssignments`: an application permission
/// granted to the service principal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AppRoleAssignment {
    /// The granted app role (all zeros for default access).
    pub app_role_id: Option<String>,
    /// The API's display name (`Microsoft Graph`, `Microsoft Intune API`).
    pub resource_display_name: Option<String>,
    /// The API's service principal id.
    pub resource_id: Option<String>,
}

/// A record of `GET /oauth2PermissionGrants`: delegated permissions granted to a client.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OAuth2PermissionGrant {
    /// The client's service principal id.
    pub client_id: Option<String>,
    /// `AllPrincipals` (admin consent for everyone) or `Principal` (one user).
    pub consent_type: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_principals_assignments_and_grants() {
        let principals = parse_list::<ServicePrincipal>(
            r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrinciples", "value": [{"id": "s1", "appId": "a1", "displayName": "Jamf Native macOS Connector", "appRoles": [], "info": null}]}"#,
        )
        .expect("list");
        assert_eq!(principals.records[0].item.app_id.as_deref(), Some("a1"));
        let assignments = parse_list::<AppRoleAssignment>(
            r#"{"value": [{"appRoleId": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30", "resourceDisplayName": "Microsoft Graph", "deletedDateTime": null}]}"#,
        )
        .expect("list");
        assert_eq!(
            assignments.records[0].item.resource_display_name.as_deref(),
            Some("Microsoft Graph")
        );
        let grants = parse_list::<OAuth2PermissionGrant>(
            r#"{"value": [{"clientId": "s1", "consentType": "AllPrincipals", "principalId": null, "scope": "User.Read"}]}"#,
        )
        .expect("list");
        assert_eq!(
            grants.records[0].item.consent_type.as_deref(),
            Some("AllPrincipals")
        );
    }
}
