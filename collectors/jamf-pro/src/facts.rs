//! The facts this source provides, each with its typed key and its meaning (the catalog text
//! users see), declared once and in name order.

jamf_triage_evidence::declare_facts! {
    /// Conditional Access inventory state of each local user (localUserAccounts[].azureActiveDirectoryId; ACTIVATED, DEACTIVATED, UNRESPONSIVE, UNKNOWN)
    #[label(en = "Conditional Access state in Jamf Pro", pt_PT = "Estado do Acesso Condicional no Jamf Pro", zh_CN = "Jamf Pro 中的条件访问状态")]
    pub const COMPUTER_AAD_STATES: Vec<String> = "jamf.computer.aad_states";
    /// non-empty localUserAccounts[].computerAzureActiveDirectoryId values that are GUIDs (the Entra device ids Jamf knows; other values are in jamf.computer.ignored_ids)
    #[label(en = "Entra device ids Jamf Pro knows", pt_PT = "IDs de dispositivo do Entra conhecidos pelo Jamf Pro", zh_CN = "Jamf Pro 已知的 Entra 设备 ID")]
    pub const COMPUTER_AZURE_AD_DEVICE_IDS: Vec<String> = "jamf.computer.azure_ad_device_ids";
    /// groupName of every groupMemberships entry of the subject's computer record (section GROUP_MEMBERSHIPS; absent when the inventory has none for it)
    #[label(en = "The Mac's groups in Jamf Pro", pt_PT = "Grupos do Mac no Jamf Pro", zh_CN = "Mac 在 Jamf Pro 中所属的组")]
    pub const COMPUTER_GROUP_NAMES: Vec<String> = "jamf.computer.group_names";
    /// Jamf Pro id of the subject's computer record (the most recently contacted one)
    #[label(en = "Jamf Pro computer id", pt_PT = "ID do computador no Jamf Pro", zh_CN = "Jamf Pro 计算机 ID")]
    pub const COMPUTER_ID: String = "jamf.computer.id";
    /// localUserAccounts[] Entra ids that are not GUIDs (such as `1` in Jamf's own API example), as `field: value`; ignored, never joined on (absent when there is none)
    #[label(en = "Ids in Jamf Pro that are not GUIDs (ignored)", pt_PT = "IDs no Jamf Pro que não são GUIDs (ignorados)", zh_CN = "Jamf Pro 中不是 GUID 的 ID（已忽略）")]
    pub const COMPUTER_IGNORED_IDS: Vec<String> = "jamf.computer.ignored_ids";
    /// general.lastContactTime (Last Check-in) of the subject's computer record
    #[label(en = "Last check-in with Jamf Pro", pt_PT = "Último check-in no Jamf Pro", zh_CN = "最近一次向 Jamf Pro 签入")]
    pub const COMPUTER_LAST_CONTACT: jiff::Timestamp = "jamf.computer.last_contact";
    /// general.reportDate (Last Inventory Update) of the subject's computer record
    #[label(en = "Last inventory update in Jamf Pro", pt_PT = "Última atualização do inventário no Jamf Pro", zh_CN = "Jamf Pro 中最近一次清单更新")]
    pub const COMPUTER_LAST_INVENTORY: jiff::Timestamp = "jamf.computer.last_inventory";
    /// general.remoteManagement.managed
    #[label(en = "Managed by Jamf Pro", pt_PT = "Gerido pelo Jamf Pro", zh_CN = "由 Jamf Pro 管理")]
    pub const COMPUTER_MANAGED: bool = "jamf.computer.managed";
    /// computer name in Jamf Pro
    #[label(en = "Computer name in Jamf Pro", pt_PT = "Nome do computador no Jamf Pro", zh_CN = "Jamf Pro 中的计算机名称")]
    pub const COMPUTER_NAME: String = "jamf.computer.name";
    /// inventory records whose hardware.serialNumber is the subject's serial
    #[label(en = "Jamf Pro records of this Mac", pt_PT = "Registos do Jamf Pro deste Mac", zh_CN = "此 Mac 的 Jamf Pro 记录")]
    pub const COMPUTER_RECORD_COUNT: i64 = "jamf.computer.record_count";
    /// non-empty localUserAccounts[].userAzureActiveDirectoryId values that are GUIDs (the Entra user object ids Jamf knows; other values are in jamf.computer.ignored_ids)
    #[label(en = "Entra user ids Jamf Pro knows", pt_PT = "IDs de utilizador do Entra conhecidos pelo Jamf Pro", zh_CN = "Jamf Pro 已知的 Entra 用户 ID")]
    pub const COMPUTER_USER_AZURE_AD_IDS: Vec<String> = "jamf.computer.user_azure_ad_ids";
    /// applicable of the subject computer's device compliance information (jamf-pro/device-compliance-information/<computerId>.json; the entry whose complianceVendor names Microsoft or Intune, else the only entry)
    #[label(en = "Applicable for Device Compliance in Jamf Pro", pt_PT = "Aplicável à Conformidade de Dispositivos no Jamf Pro", zh_CN = "在 Jamf Pro 中适用于设备合规性")]
    pub const DEVICE_COMPLIANCE_APPLICABLE: bool = "jamf.device_compliance.applicable";
    /// complianceVendorDeviceInformation.deviceIds of that entry (the Entra device ids Intune knows for the Mac), lowercased
    #[label(en = "Entra device ids in Jamf's compliance information", pt_PT = "IDs de dispositivo do Entra nas informações de conformidade do Jamf", zh_CN = "Jamf 合规性信息中的 Entra 设备 ID")]
    pub const DEVICE_COMPLIANCE_ENTRA_DEVICE_IDS: Vec<String> = "jamf.device_compliance.entra_device_ids";
    /// complianceState of that entry (UNKNOWN, NON_COMPLIANT, COMPLIANT)
    #[label(en = "Compliance state in Jamf Pro", pt_PT = "Estado de conformidade no Jamf Pro", zh_CN = "Jamf Pro 中的合规性状态")]
    pub const DEVICE_COMPLIANCE_STATE: String = "jamf.device_compliance.state";
    /// types of the current Jamf Pro notifications (GET /api/v1/notifications), e.g. MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION
    #[label(en = "Jamf Pro notifications", pt_PT = "Notificações do Jamf Pro", zh_CN = "Jamf Pro 通知")]
    pub const NOTIFICATION_TYPES: Vec<String> = "jamf.notifications.types";
    /// Jamf Pro version (GET /api/v1/jamf-pro-version)
    #[label(en = "Jamf Pro version", pt_PT = "Versão do Jamf Pro", zh_CN = "Jamf Pro 版本")]
    pub const SERVER_VERSION: String = "jamf.server.version";
    /// JAMFSoftwareServer*.log entries, oldest first, as printed (continuation lines such as stack traces appended to their entry with ` | `)
    #[label(en = "Jamf Pro server log", pt_PT = "Registo de eventos do servidor Jamf Pro", zh_CN = "Jamf Pro 服务器日志")]
    pub const SERVER_LOG_ENTRIES: jamf_triage_evidence::Lines = "jamf.server_log.entries";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The catalog as `facts.yaml` declared it before the facts moved here: name, type and
    /// meaning, which users see and rules are checked against.
    const FORMER_CATALOG: [(&str, &str, &str); 12] = [
        (
            "jamf.server.version",
            "string",
            "Jamf Pro version (GET /api/v1/jamf-pro-version)",
        ),
        (
            "jamf.computer.record_count",
            "integer",
            "inventory records whose hardware.serialNumber is the subject's serial",
        ),
        (
            "jamf.computer.id",
            "string",
            "Jamf Pro id of the subject's computer record (the most recently contacted one)",
        ),
        ("jamf.computer.name", "string", "computer name in Jamf Pro"),
        (
            "jamf.computer.last_contact",
            "timestamp",
            "general.lastContactTime (Last Check-in) of the subject's computer record",
        ),
        (
            "jamf.computer.last_inventory",
            "timestamp",
            "general.reportDate (Last Inventory Update) of the subject's computer record",
        ),
        (
            "jamf.computer.managed",
            "bool",
            "general.remoteManagement.managed",
        ),
        (
            "jamf.computer.aad_states",
            "list",
            "Conditional Access inventory state of each local user (localUserAccounts[].azureActiveDirectoryId; ACTIVATED, DEACTIVATED, UNRESPONSIVE, UNKNOWN)",
        ),
        (
            "jamf.computer.azure_ad_device_ids",
            "list",
            "non-empty localUserAccounts[].computerAzureActiveDirectoryId values that are GUIDs (the Entra device ids Jamf knows; other values are in jamf.computer.ignored_ids)",
        ),
        (
            "jamf.computer.user_azure_ad_ids",
            "list",
            "non-empty localUserAccounts[].userAzureActiveDirectoryId values that are GUIDs (the Entra user object ids Jamf knows; other values are in jamf.computer.ignored_ids)",
        ),
        (
            "jamf.notifications.types",
            "list",
            "types of the current Jamf Pro notifications (GET /api/v1/notifications), e.g. MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION",
        ),
        (
            "jamf.server_log.entries",
            "lines",
            "JAMFSoftwareServer*.log entries, oldest first, as printed (continuation lines such as stack traces appended to their entry with ` | `)",
        ),
    ];

    #[test]
    fn the_declarations_are_the_former_catalog() {
        let specs = jamf_triage_evidence::specs(crate::SOURCE, DECLARED);
        // The former catalog (the id lists keep GUIDs only since issue 14), the four Device
        // Compliance facts of wave 2, and the ignored ids of issue 14.
        assert_eq!(specs.len(), FORMER_CATALOG.len() + 5);
        for (name, fact_type, meaning) in FORMER_CATALOG {
            let spec = specs.iter().find(|spec| spec.name == name);
            let spec = spec.unwrap_or_else(|| panic!("{name} is not declared"));
            assert_eq!(spec.fact_type.to_string(), fact_type, "{name}");
            assert_eq!(spec.meaning, meaning, "{name}");
            assert_eq!(spec.provider, crate::SOURCE, "{name}");
        }
    }

    #[test]
    fn the_declarations_are_in_name_order() {
        let names: Vec<_> = DECLARED.iter().map(|decl| decl.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
