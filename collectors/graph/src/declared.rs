//! The facts this source declares, each spelled once: a typed key per fact, its meaning (the
//! text the fact catalog shows) as its doc comment. Ids (GUIDs) are emitted lowercased; all-zero
//! GUIDs, empty values and `0001-01-01` times are absent.
//!
//! Turn them into catalog entries with [`specs`](jamf_triage_evidence::specs) (as
//! [`GraphSource`](crate::GraphSource)'s `facts()` does).

jamf_triage_evidence::declare_facts! {
    /// deviceManagementPartners holds a Jamf partner (the legacy macOS Conditional Access integration)
    #[label(en = "Jamf device management partner in Intune", pt_PT = "Parceiro de gestão de dispositivos Jamf no Intune", zh_CN = "Intune 中的 Jamf 设备管理合作伙伴")]
    pub const PARTNER_PRESENT: bool = "graph.partner.present";
    /// partnerState of the Jamf device management partner (unknown, unavailable, enabled, terminated, rejected, unresponsive)
    #[label(en = "State of the Jamf partner in Intune", pt_PT = "Estado do parceiro Jamf no Intune", zh_CN = "Intune 中 Jamf 合作伙伴的状态")]
    pub const PARTNER_STATE: String = "graph.partner.state";
    /// isConfigured of the Jamf device management partner
    #[label(en = "Jamf partner configured in Intune", pt_PT = "Parceiro Jamf configurado no Intune", zh_CN = "Intune 中已配置 Jamf 合作伙伴")]
    pub const PARTNER_CONFIGURED: bool = "graph.partner.configured";
    /// lastHeartbeatDateTime of the Jamf device management partner
    #[label(en = "Last heartbeat of the Jamf partner", pt_PT = "Último sinal do parceiro Jamf", zh_CN = "Jamf 合作伙伴的最近检测信号")]
    pub const PARTNER_LAST_HEARTBEAT: jiff::Timestamp = "graph.partner.last_heartbeat";
    /// singleTenantAppId of the Jamf device management partner (the Jamf Pro app registration)
    #[label(en = "Jamf Pro app id in Intune's partner settings", pt_PT = "ID da aplicação Jamf Pro nas definições de parceiro do Intune", zh_CN = "Intune 合作伙伴设置中的 Jamf Pro 应用 ID")]
    pub const PARTNER_APP_ID: String = "graph.partner.app_id";
    /// ids of the groups in groupsRequiringPartnerEnrollment
    #[label(en = "Groups that need partner management", pt_PT = "Grupos que requerem gestão pelo parceiro", zh_CN = "需要合作伙伴管理的组")]
    pub const PARTNER_GROUP_IDS: Vec<String> = "graph.partner.group_ids";
    /// object ids of the users in those groups (from graph/groupMembers/; absent if any group's members were not collected)
    #[label(en = "Users in the partner's groups", pt_PT = "Utilizadores nos grupos do parceiro", zh_CN = "合作伙伴组中的用户")]
    pub const PARTNER_MEMBER_USER_IDS: Vec<String> = "graph.partner.member_user_ids";
    /// a compliance management partner is onboarded for macOS (the Device Compliance integration)
    #[label(en = "Compliance partner set up for macOS", pt_PT = "Parceiro de conformidade configurado para macOS", zh_CN = "已为 macOS 设置合规性合作伙伴")]
    pub const COMPLIANCE_PARTNER_MACOS_ONBOARDED: bool = "graph.compliance_partner.macos_onboarded";
    /// partnerState of the compliance partner onboarded for macOS
    #[label(en = "State of the compliance partner", pt_PT = "Estado do parceiro de conformidade", zh_CN = "合规性合作伙伴的状态")]
    pub const COMPLIANCE_PARTNER_STATE: String = "graph.compliance_partner.state";
    /// the tenant has a Jamf compliance partner (a complianceManagementPartner whose displayName contains Jamf, else the only one with macOsOnboarded true); false when the list was collected and holds none
    #[label(en = "Jamf compliance partner in Intune", pt_PT = "Parceiro de conformidade Jamf no Intune", zh_CN = "Intune 中的 Jamf 合规性合作伙伴")]
    pub const COMPLIANCE_PARTNER_PRESENT: bool = "graph.compliance_partner.present";
    /// lastHeartbeatDateTime of the Jamf compliance partner
    #[label(en = "Last heartbeat of the Jamf compliance partner", pt_PT = "Último sinal do parceiro de conformidade Jamf", zh_CN = "Jamf 合规性合作伙伴的最近检测信号")]
    pub const COMPLIANCE_PARTNER_LAST_HEARTBEAT: jiff::Timestamp = "graph.compliance_partner.last_heartbeat";
    /// the @odata.type of each macOsEnrollmentAssignments[].target of the Jamf compliance partner, without the #microsoft.graph. prefix (groupAssignmentTarget, allLicensedUsersAssignmentTarget, any other type as it is)
    #[label(en = "Assignments of the Jamf compliance partner", pt_PT = "Atribuições do parceiro de conformidade Jamf", zh_CN = "Jamf 合规性合作伙伴的分配")]
    pub const COMPLIANCE_PARTNER_ASSIGNMENT_TYPES: Vec<String> = "graph.compliance_partner.assignment_types";
    /// servicePrincipals.json holds the User registration app for Device Compliance (appId b03c10a8-71c7-45f9-b44a-3335ab76e970, or GCC High dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae)
    #[label(en = "User registration for Device Compliance app", pt_PT = "Aplicação User registration for Device Compliance", zh_CN = "User registration for Device Compliance 应用")]
    pub const DC_APPS_USER_REGISTRATION_PRESENT: bool = "graph.dc_apps.user_registration_present";
    /// an AllPrincipals grant in oauth2PermissionGrants.json has the User registration app's service principal as clientId (false when the app is absent)
    #[label(en = "Admin consent for the User registration app", pt_PT = "Consentimento de administrador da aplicação User registration", zh_CN = "User registration 应用的管理员同意")]
    pub const DC_APPS_USER_REGISTRATION_CONSENTED: bool = "graph.dc_apps.user_registration_consented";
    /// a service principal named Cloud Connector for Device Compliance exists
    #[label(en = "Cloud Connector for Device Compliance app", pt_PT = "Aplicação Cloud Connector for Device Compliance", zh_CN = "Cloud Connector for Device Compliance 应用")]
    pub const DC_APPS_CLOUD_CONNECTOR_PRESENT: bool = "graph.dc_apps.cloud_connector_present";
    /// an AllPrincipals grant in oauth2PermissionGrants.json has the Cloud Connector's service principal as clientId (false when it is absent)
    #[label(en = "Admin consent for the Cloud Connector app", pt_PT = "Consentimento de administrador da aplicação Cloud Connector", zh_CN = "Cloud Connector 应用的管理员同意")]
    pub const DC_APPS_CLOUD_CONNECTOR_CONSENTED: bool = "graph.dc_apps.cloud_connector_consented";
    /// display names of the enabled conditional access policies that block the Device Compliance registration: a compliant or hybrid-joined device required (operator AND, or the only control), includeApplications All, the User registration app not excluded, platforms null or macOS/all, users All or the subject user and that user not excluded (a policy that names users or groups cannot be judged while the user's object id, or an excluded group's members, are unknown); absent when none certainly blocks but one cannot be judged; empty when none blocks
    #[label(en = "Conditional Access policies that block the registration", pt_PT = "Políticas de Acesso Condicional que bloqueiam o registo do dispositivo", zh_CN = "阻止注册的条件访问策略")]
    pub const CA_REGISTRATION_BLOCKING_POLICIES: Vec<String> = "graph.ca.registration_blocking_policies";
    /// appId of every service principal collected
    #[label(en = "Enterprise apps in Entra ID", pt_PT = "Aplicações empresariais no Entra ID", zh_CN = "Entra ID 中的企业应用")]
    pub const SERVICE_PRINCIPALS_APP_IDS: Vec<String> = "graph.service_principals.app_ids";
    /// a service principal exists whose appId is the partner's singleTenantAppId
    #[label(en = "Jamf Pro app in Entra ID", pt_PT = "Aplicação Jamf Pro no Entra ID", zh_CN = "Entra ID 中的 Jamf Pro 应用")]
    pub const JAMF_APP_PRESENT: bool = "graph.jamf_app.present";
    /// appRoleId of every app role assignment of the Jamf Pro app's service principal (absent if its appRoleAssignments were not collected)
    #[label(en = "API permissions of the Jamf Pro app", pt_PT = "Permissões de API da aplicação Jamf Pro", zh_CN = "Jamf Pro 应用的 API 权限")]
    pub const JAMF_APP_ROLE_IDS: Vec<String> = "graph.jamf_app.role_ids";
    /// the same assignments as `<resourceDisplayName>:<appRoleId>`, for display
    #[label(en = "API permissions of the Jamf Pro app, by API", pt_PT = "Permissões de API da aplicação Jamf Pro, por API", zh_CN = "Jamf Pro 应用的 API 权限（按 API）")]
    pub const JAMF_APP_ROLES: Vec<String> = "graph.jamf_app.roles";
    /// number of password credentials (client secrets) of the Jamf Pro application
    #[label(en = "Client secrets of the Jamf Pro app", pt_PT = "Segredos do cliente da aplicação Jamf Pro", zh_CN = "Jamf Pro 应用的客户端密码")]
    pub const JAMF_APP_SECRET_COUNT: i64 = "graph.jamf_app.secret_count";
    /// the latest endDateTime among the Jamf Pro application's client secrets
    #[label(en = "Expiry of the Jamf Pro app's client secret", pt_PT = "Expiração do segredo do cliente da aplicação Jamf Pro", zh_CN = "Jamf Pro 应用客户端密码的到期时间")]
    pub const JAMF_APP_LATEST_SECRET_EXPIRY: jiff::Timestamp = "graph.jamf_app.latest_secret_expiry";
    /// the Jamf Native macOS Connector service principal exists
    #[label(en = "Jamf Native macOS Connector in Entra ID", pt_PT = "Jamf Native macOS Connector no Entra ID", zh_CN = "Entra ID 中的 Jamf Native macOS Connector")]
    pub const CONNECTOR_PRESENT: bool = "graph.connector.present";
    /// the connector has a tenant-wide (AllPrincipals) delegated permission grant, i.e. a global administrator consented
    #[label(en = "Admin consent for the Jamf Native macOS Connector", pt_PT = "Consentimento de administrador do Jamf Native macOS Connector", zh_CN = "Jamf Native macOS Connector 的管理员同意")]
    pub const CONNECTOR_ADMIN_CONSENTED: bool = "graph.connector.admin_consented";
    /// Intune managed devices whose serialNumber is the subject's serial
    #[label(en = "Intune records of this Mac", pt_PT = "Registos do Intune deste Mac", zh_CN = "此 Mac 的 Intune 记录")]
    pub const INTUNE_RECORD_COUNT: i64 = "graph.intune.record_count";
    /// azureADDeviceId of those records (empty and all-zero ids left out)
    #[label(en = "Entra device ids in the Mac's Intune records", pt_PT = "IDs de dispositivo do Entra nos registos do Intune do Mac", zh_CN = "Mac 的 Intune 记录中的 Entra 设备 ID")]
    pub const INTUNE_AZURE_AD_DEVICE_IDS: Vec<String> = "graph.intune.azure_ad_device_ids";
    /// azureADDeviceId of those records whose complianceState is compliant (to check that Entra holds each of them compliant)
    #[label(en = "Entra device ids of compliant Intune records", pt_PT = "IDs de dispositivo do Entra dos registos do Intune em conformidade", zh_CN = "合规的 Intune 记录中的 Entra 设备 ID")]
    pub const INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS: Vec<String> = "graph.intune.compliant_azure_ad_device_ids";
    /// managementAgent of those records (jamf, mdm, ...)
    #[label(en = "Management agent in Intune", pt_PT = "Agente de gestão no Intune", zh_CN = "Intune 中的管理代理")]
    pub const INTUNE_MANAGEMENT_AGENTS: Vec<String> = "graph.intune.management_agents";
    /// complianceState of those records (compliant, noncompliant, ...)
    #[label(en = "Compliance state in Intune", pt_PT = "Estado de conformidade no Intune", zh_CN = "Intune 中的合规性状态")]
    pub const INTUNE_COMPLIANCE_STATES: Vec<String> = "graph.intune.compliance_states";
    /// deviceRegistrationState of those records
    #[label(en = "Device registration state in Intune", pt_PT = "Estado do registo do dispositivo no Intune", zh_CN = "Intune 中的设备注册状态")]
    pub const INTUNE_REGISTRATION_STATES: Vec<String> = "graph.intune.registration_states";
    /// userId of those records
    #[label(en = "Users of the Mac's Intune records", pt_PT = "Utilizadores dos registos do Intune do Mac", zh_CN = "Mac 的 Intune 记录的用户")]
    pub const INTUNE_USER_IDS: Vec<String> = "graph.intune.user_ids";
    /// device ids that are not GUIDs (Entra deviceId in graph/devices.json, Intune azureADDeviceId of the subject's records), as `field: value`; ignored, never joined on (absent when there is none)
    #[label(en = "Device ids in Graph that are not GUIDs (ignored)", pt_PT = "IDs de dispositivo no Graph que não são GUIDs (ignorados)", zh_CN = "Graph 中不是 GUID 的设备 ID（已忽略）")]
    pub const IGNORED_DEVICE_IDS: Vec<String> = "graph.ignored_device_ids";
    /// deviceId of every Entra device collected (graph/devices.json)
    #[label(en = "Entra devices", pt_PT = "Dispositivos do Entra", zh_CN = "Entra 设备")]
    pub const ENTRA_DEVICE_IDS: Vec<String> = "graph.entra.device_ids";
    /// deviceId of every Entra device with isCompliant true
    #[label(en = "Compliant Entra devices", pt_PT = "Dispositivos do Entra em conformidade", zh_CN = "合规的 Entra 设备")]
    pub const ENTRA_COMPLIANT_DEVICE_IDS: Vec<String> = "graph.entra.compliant_device_ids";
    /// mdmAppId of the subject Mac's Entra devices (those its Intune records point at by azureADDeviceId), lowercased; absent when none is known
    #[label(en = "MDM app of the Mac's Entra devices", pt_PT = "Aplicação de MDM dos dispositivos do Entra do Mac", zh_CN = "Mac 的 Entra 设备的 MDM 应用")]
    pub const ENTRA_MDM_APP_IDS: Vec<String> = "graph.entra.mdm_app_ids";
    /// Entra deviceIds that an Intune record of the subject's serial points at (azureADDeviceId) and that exist in Entra
    #[label(en = "Entra devices the Intune record points at", pt_PT = "Dispositivos do Entra do registo do Intune", zh_CN = "Intune 记录指向的 Entra 设备")]
    pub const ENTRA_INTUNE_LINKED_DEVICE_IDS: Vec<String> = "graph.entra.intune_linked_device_ids";
    /// servicePlanName of the subject user's service plans whose provisioningStatus is Success (graph/licenseDetails/<user>.json)
    #[label(en = "The user's active service plans", pt_PT = "Planos de serviço ativos do utilizador", zh_CN = "用户的有效服务计划")]
    pub const USER_LICENSED_PLANS: Vec<String> = "graph.user.licensed_plans";
    /// every service plan of the subject user as `<servicePlanName>:<provisioningStatus>`
    #[label(en = "The user's service plans", pt_PT = "Planos de serviço do utilizador", zh_CN = "用户的服务计划")]
    pub const USER_ALL_PLANS: Vec<String> = "graph.user.all_plans";
    /// number of macOS compliance policies (#microsoft.graph.macOSCompliancePolicy)
    #[label(en = "macOS compliance policies", pt_PT = "Políticas de conformidade do macOS", zh_CN = "macOS 合规性策略")]
    pub const COMPLIANCE_POLICIES_MACOS_COUNT: i64 = "graph.compliance_policies.macos_count";
    /// assignments of macOS compliance policies that target devices (all devices, or a group whose members are devices); absent if a targeted group's members were not collected
    #[label(en = "macOS compliance policy assignments to devices", pt_PT = "Atribuições de políticas de conformidade do macOS a dispositivos", zh_CN = "分配给设备的 macOS 合规性策略")]
    pub const COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS: i64 = "graph.compliance_policies.macos_device_targets";
    /// each assignment of a macOS compliance policy as `<policy name>: <target>` (all-devices, all-users, users-group:<id>, devices-group:<id>, mixed-group:<id>, unresolved-group:<id>, exclusion:<id>; also empty-group:<id> for a group with neither users nor devices, other:<target type> for targets not interpreted)
    #[label(en = "Assignments of the macOS compliance policies", pt_PT = "Atribuições das políticas de conformidade do macOS", zh_CN = "macOS 合规性策略的分配")]
    pub const COMPLIANCE_POLICIES_MACOS_TARGETS: Vec<String> = "graph.compliance_policies.macos_targets";
}
