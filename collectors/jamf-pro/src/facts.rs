//! The facts this source provides, each with its typed key and its meaning (the catalog text
//! users see), declared once and in name order.

jamf_triage_evidence::declare_facts! {
    /// Conditional Access inventory state of each local user (localUserAccounts[].azureActiveDirectoryId; ACTIVATED, DEACTIVATED, UNRESPONSIVE, UNKNOWN)
    pub const COMPUTER_AAD_STATES: Vec<String> = "jamf.computer.aad_states";
    /// non-empty localUserAccounts[].computerAzureActiveDirectoryId values that are GUIDs (the Entra device ids Jamf knows; other values are in jamf.computer.ignored_ids)
    pub const COMPUTER_AZURE_AD_DEVICE_IDS: Vec<String> = "jamf.computer.azure_ad_device_ids";
    /// groupName of every groupMemberships entry of the subject's computer record (section GROUP_MEMBERSHIPS; absent when the inventory has none for it)
    pub const COMPUTER_GROUP_NAMES: Vec<String> = "jamf.computer.group_names";
    /// Jamf Pro id of the subject's computer record (the most recently contacted one)
    pub const COMPUTER_ID: String = "jamf.computer.id";
    /// localUserAccounts[] Entra ids that are not GUIDs (such as `1` in Jamf's own API example), as `field: value`; ignored, never joined on (absent when there is none)
    pub const COMPUTER_IGNORED_IDS: Vec<String> = "jamf.computer.ignored_ids";
    /// general.lastContactTime (Last Check-in) of the subject's computer record
    pub const COMPUTER_LAST_CONTACT: jiff::Timestamp = "jamf.computer.last_contact";
    /// general.reportDate (Last Inventory Update) of the subject's computer record
    pub const COMPUTER_LAST_INVENTORY: jiff::Timestamp = "jamf.computer.last_inventory";
    /// general.remoteManagement.managed
    pub const COMPUTER_MANAGED: bool = "jamf.computer.managed";
    /// computer name in Jamf Pro
    pub const COMPUTER_NAME: String = "jamf.computer.name";
    /// inventory records whose hardware.serialNumber is the subject's serial
    pub const COMPUTER_RECORD_COUNT: i64 = "jamf.computer.record_count";
    /// non-empty localUserAccounts[].userAzureActiveDirectoryId values that are GUIDs (the Entra user object ids Jamf knows; other values are in jamf.computer.ignored_ids)
    pub const COMPUTER_USER_AZURE_AD_IDS: Vec<String> = "jamf.computer.user_azure_ad_ids";
    /// applicable of the subject computer's device compliance information (jamf-pro/device-compliance-information/<computerId>.json; the entry whose complianceVendor names Microsoft or Intune, else the only entry)
    pub const DEVICE_COMPLIANCE_APPLICABLE: bool = "jamf.device_compliance.applicable";
    /// complianceVendorDeviceInformation.deviceIds of that entry (the Entra device ids Intune knows for the Mac), lowercased
    pub const DEVICE_COMPLIANCE_ENTRA_DEVICE_IDS: Vec<String> = "jamf.device_compliance.entra_device_ids";
    /// complianceState of that entry (UNKNOWN, NON_COMPLIANT, COMPLIANT)
    pub const DEVICE_COMPLIANCE_STATE: String = "jamf.device_compliance.state";
    /// types of the current Jamf Pro notifications (GET /api/v1/notifications), e.g. MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION
    pub const NOTIFICATION_TYPES: Vec<String> = "jamf.notifications.types";
    /// Jamf Pro version (GET /api/v1/jamf-pro-version)
    pub const SERVER_VERSION: String = "jamf.server.version";
    /// JAMFSoftwareServer*.log entries, oldest first, as printed (continuation lines such as stack traces appended to their entry with ` | `)
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
