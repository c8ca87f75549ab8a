//! `deviceManagementPartner` (the legacy macOS Conditional Access integration) and
//! `complianceManagementPartner` (its Device Compliance successor).

use serde::Deserialize;

use super::AssignmentTarget;

/// A record of `GET /deviceManagement/deviceManagementPartners`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceManagementPartner {
    /// The partner's display name (`Jamf`).
    pub display_name: Option<String>,
    /// `unknown`, `unavailable`, `enabled`, `terminated`, `rejected`, `unresponsive`.
    pub partner_state: Option<String>,
    /// The application id of the partner's single-tenant app (the Jamf Pro app registration).
    pub single_tenant_app_id: Option<String>,
    /// Whether the partner is configured.
    pub is_configured: Option<bool>,
    /// The last heartbeat (RFC 3339 text; `0001-01-01T00:00:00Z` for never).
    pub last_heartbeat_date_time: Option<String>,
    /// The user groups whose members must enroll through the partner.
    pub groups_requiring_partner_enrollment: Option<Vec<PartnerAssignment>>,
}

/// A `deviceManagementPartnerAssignment` or `complianceManagementPartnerAssignment`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PartnerAssignment {
    /// The targeted group.
    pub target: Option<AssignmentTarget>,
}

/// A record of `GET /deviceManagement/complianceManagementPartners`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComplianceManagementPartner {
    /// The partner's display name.
    pub display_name: Option<String>,
    /// The partner's state (same values as the device management partner's).
    pub partner_state: Option<String>,
    /// Whether the partner is onboarded for macOS.
    pub mac_os_onboarded: Option<bool>,
    /// The last heartbeat (RFC 3339 text; `0001-01-01T00:00:00Z` for never).
    pub last_heartbeat_date_time: Option<String>,
    /// The user groups (or other targets) assigned to the partner for macOS, inline.
    pub mac_os_enrollment_assignments: Option<Vec<PartnerAssignment>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;
    use crate::resource::Target;

    #[test]
    fn reads_a_partner_with_nulls_and_groups() {
        let text = r##"{"value": [{
            "@odata.type": "#microsoft.graph.deviceManagementPartner",
            "lastHeartbeatDateTime": "0001-01-01T00:00:00Z", "partnerState": "terminated",
            "singleTenantAppId": null, "displayName": "Jamf", "isConfigured": false,
            "whenPartnerDevicesWillBeRemovedDateTime": null,
            "groupsRequiringPartnerEnrollment": [{"target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "g1"}}]
        }, {"displayName": "Other", "groupsRequiringPartnerEnrollment": null}]}"##;
        let list = parse_list::<DeviceManagementPartner>(text).expect("list");
        assert!(list.errors.is_empty());
        let jamf = &list.records[0].item;
        assert_eq!(jamf.partner_state.as_deref(), Some("terminated"));
        assert_eq!(jamf.is_configured, Some(false));
        let groups = jamf
            .groups_requiring_partner_enrollment
            .as_deref()
            .unwrap_or_default();
        assert_eq!(
            groups[0].target.as_ref().map(AssignmentTarget::target),
            Some(Target::Group("g1".into()))
        );
        assert_eq!(
            list.records[1].item.groups_requiring_partner_enrollment,
            None
        );
    }

    #[test]
    fn reads_a_compliance_partner() {
        let text = r#"{"value": [{"displayName": "Jamf Device Compliance", "partnerState": "enabled", "macOsOnboarded": true, "macOsEnrollmentAssignments": []}]}"#;
        let list = parse_list::<ComplianceManagementPartner>(text).expect("list");
        assert_eq!(list.records[0].item.mac_os_onboarded, Some(true));
    }
}
