//! The facts this source declares, each spelled once: a typed key per fact, its meaning (the
//! text the fact catalog shows) as its doc comment. Ids (GUIDs) are emitted lowercased; all-zero
//! GUIDs, empty values and `0001-01-01` times are absent.
//!
//! Turn them into catalog entries with [`specs`](jamf_triage_evidence::specs) (as
//! [`GraphSource`](crate::GraphSource)'s `facts()` does).

jamf_triage_evidence::declare_facts! {
    /// deviceManagementPartners holds a Jamf partner (the legacy macOS Conditional Access integration)
    pub const PARTNER_PRESENT: bool = "graph.partner.present";
    /// partnerState of the Jamf device management partner (unknown, unavailable, enabled, terminated, rejected, unresponsive)
    pub const PARTNER_STATE: String = "graph.partner.state";
    /// isConfigured of the Jamf device management partner
    pub const PARTNER_CONFIGURED: bool = "graph.partner.configured";
    /// lastHeartbeatDateTime of the Jamf device management partner
    pub const PARTNER_LAST_HEARTBEAT: jiff::Timestamp = "graph.partner.last_heartbeat";
    /// singleTenantAppId of the Jamf device management partner (the Jamf Pro app registration)
    pub const PARTNER_APP_ID: String = "graph.partner.app_id";
    /// ids of the groups in groupsRequiringPartnerEnrollment
    pub const PARTNER_GROUP_IDS: Vec<String> = "graph.partner.group_ids";
    /// object ids of the users in those groups (from graph/groupMembers/; absent if any group's members were not collected)
    pub const PARTNER_MEMBER_USER_IDS: Vec<String> = "graph.partner.member_user_ids";
    /// a compliance management partner is onboarded for macOS (the Device Compliance integration)
    pub const COMPLIANCE_PARTNER_MACOS_ONBOARDED: bool = "graph.compliance_partner.macos_onboarded";
    /// partnerState of the compliance partner onboarded for macOS
    pub const COMPLIANCE_PARTNER_STATE: String = "graph.compliance_partner.state";
    /// the tenant has a Jamf compliance partner (a complianceManagementPartner whose displayName contains Jamf, else the only one with macOsOnboarded true); false when the list was collected and holds none
    pub const COMPLIANCE_PARTNER_PRESENT: bool = "graph.compliance_partner.present";
    /// lastHeartbeatDateTime of the Jamf compliance partner
    pub const COMPLIANCE_PARTNER_LAST_HEARTBEAT: jiff::Timestamp = "graph.compliance_partner.last_heartbeat";
    /// the @odata.type of each macOsEnrollmentAssignments[].target of the Jamf compliance partner, without the #microsoft.graph. prefix (groupAssignmentTarget, allLicensedUsersAssignmentTarget, any other type as it is)
    pub const COMPLIANCE_PARTNER_ASSIGNMENT_TYPES: Vec<String> = "graph.compliance_partner.assignment_types";
    /// servicePrincipals.json holds the User registration app for Device Compliance (appId b03c10a8-71c7-45f9-b44a-3335ab76e970, or GCC High dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae)
    pub const DC_APPS_USER_REGISTRATION_PRESENT: bool = "graph.dc_apps.user_registration_present";
    /// an AllPrincipals grant in oauth2PermissionGrants.json has the User registration app's service principal as clientId (false when the app is absent)
    pub const DC_APPS_USER_REGISTRATION_CONSENTED: bool = "graph.dc_apps.user_registration_consented";
    /// a service principal named Cloud Connector for Device Compliance exists
    pub const DC_APPS_CLOUD_CONNECTOR_PRESENT: bool = "graph.dc_apps.cloud_connector_present";
    /// an AllPrincipals grant in oauth2PermissionGrants.json has the Cloud Connector's service principal as clientId (false when it is absent)
    pub const DC_APPS_CLOUD_CONNECTOR_CONSENTED: bool = "graph.dc_apps.cloud_connector_consented";
    /// display names of the enabled conditional access policies that block the Device Compliance registration: a compliant or hybrid-joined device required (operator AND, or the only control), includeApplications All, the User registration app not excluded, platforms null or macOS/all, users All or the subject user and that user not excluded (a policy that names users or groups cannot be judged while the user's object id, or an excluded group's members, are unknown); absent when none certainly blocks but one cannot be judged; empty when none blocks
    pub const CA_REGISTRATION_BLOCKING_POLICIES: Vec<String> = "graph.ca.registration_blocking_policies";
    /// appId of every service principal collected
    pub const SERVICE_PRINCIPALS_APP_IDS: Vec<String> = "graph.service_principals.app_ids";
    /// a service principal exists whose appId is the partner's singleTenantAppId
    pub const JAMF_APP_PRESENT: bool = "graph.jamf_app.present";
    /// appRoleId of every app role assignment of the Jamf Pro app's service principal (absent if its appRoleAssignments were not collected)
    pub const JAMF_APP_ROLE_IDS: Vec<String> = "graph.jamf_app.role_ids";
    /// the same assignments as `<resourceDisplayName>:<appRoleId>`, for display
    pub const JAMF_APP_ROLES: Vec<String> = "graph.jamf_app.roles";
    /// number of password credentials (client secrets) of the Jamf Pro application
    pub const JAMF_APP_SECRET_COUNT: i64 = "graph.jamf_app.secret_count";
    /// the latest endDateTime among the Jamf Pro application's client secrets
    pub const JAMF_APP_LATEST_SECRET_EXPIRY: jiff::Timestamp = "graph.jamf_app.latest_secret_expiry";
    /// the Jamf Native macOS Connector service principal exists
    pub const CONNECTOR_PRESENT: bool = "graph.connector.present";
    /// the connector has a tenant-wide (AllPrincipals) delegated permission grant, i.e. a global administrator consented
    pub const CONNECTOR_ADMIN_CONSENTED: bool = "graph.connector.admin_consented";
    /// Intune managed devices whose serialNumber is the subject's serial
    pub const INTUNE_RECORD_COUNT: i64 = "graph.intune.record_count";
    /// azureADDeviceId of those records (empty and all-zero ids left out)
    pub const INTUNE_AZURE_AD_DEVICE_IDS: Vec<String> = "graph.intune.azure_ad_device_ids";
    /// azureADDeviceId of those records whose complianceState is compliant (to check that Entra holds each of them compliant)
    pub const INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS: Vec<String> = "graph.intune.compliant_azure_ad_device_ids";
    /// managementAgent of those records (jamf, mdm, ...)
    pub const INTUNE_MANAGEMENT_AGENTS: Vec<String> = "graph.intune.management_agents";
    /// complianceState of those records (compliant, noncompliant, ...)
    pub const INTUNE_COMPLIANCE_STATES: Vec<String> = "graph.intune.compliance_states";
    /// deviceRegistrationState of those records
    pub const INTUNE_REGISTRATION_STATES: Vec<String> = "graph.intune.registration_states";
    /// userId of those records
    pub const INTUNE_USER_IDS: Vec<String> = "graph.intune.user_ids";
    /// device ids that are not GUIDs (Entra deviceId in graph/devices.json, Intune azureADDeviceId of the subject's records), as `field: value`; ignored, never joined on (absent when there is none)
    pub const IGNORED_DEVICE_IDS: Vec<String> = "graph.ignored_device_ids";
    /// deviceId of every Entra device collected (graph/devices.json)
    pub const ENTRA_DEVICE_IDS: Vec<String> = "graph.entra.device_ids";
    /// deviceId of every Entra device with isCompliant true
    pub const ENTRA_COMPLIANT_DEVICE_IDS: Vec<String> = "graph.entra.compliant_device_ids";
    /// mdmAppId of the subject Mac's Entra devices (those its Intune records point at by azureADDeviceId), lowercased; absent when none is known
    pub const ENTRA_MDM_APP_IDS: Vec<String> = "graph.entra.mdm_app_ids";
    /// Entra deviceIds that an Intune record of the subject's serial points at (azureADDeviceId) and that exist in Entra
    pub const ENTRA_INTUNE_LINKED_DEVICE_IDS: Vec<String> = "graph.entra.intune_linked_device_ids";
    /// servicePlanName of the subject user's service plans whose provisioningStatus is Success (graph/licenseDetails/<user>.json)
    pub const USER_LICENSED_PLANS: Vec<String> = "graph.user.licensed_plans";
    /// every service plan of the subject user as `<servicePlanName>:<provisioningStatus>`
    pub const USER_ALL_PLANS: Vec<String> = "graph.user.all_plans";
    /// number of macOS compliance policies (#microsoft.graph.macOSCompliancePolicy)
    pub const COMPLIANCE_POLICIES_MACOS_COUNT: i64 = "graph.compliance_policies.macos_count";
    /// assignments of macOS compliance policies that target devices (all devices, or a group whose members are devices); absent if a targeted group's members were not collected
    pub const COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS: i64 = "graph.compliance_policies.macos_device_targets";
    /// each assignment of a macOS compliance policy as `<policy name>: <target>` (all-devices, all-users, users-group:<id>, devices-group:<id>, mixed-group:<id>, unresolved-group:<id>, exclusion:<id>; also empty-group:<id> for a group with neither users nor devices, other:<target type> for targets not interpreted)
    pub const COMPLIANCE_POLICIES_MACOS_TARGETS: Vec<String> = "graph.compliance_policies.macos_targets";
}
