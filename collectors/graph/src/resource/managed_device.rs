//! `managedDevice`: an Intune device record.

use serde::Deserialize;

/// A record of `GET /deviceManagement/managedDevices`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedDevice {
    /// The Mac's serial number.
    pub serial_number: Option<String>,
    /// The Entra `deviceId` this record is linked to (all zeros or empty for none).
    #[serde(rename = "azureADDeviceId", alias = "azureAdDeviceId")]
    pub azure_ad_device_id: Option<String>,
    /// `jamf`, `mdm`, `eas`, ...
    pub management_agent: Option<String>,
    /// `compliant`, `noncompliant`, `inGracePeriod`, ...
    pub compliance_state: Option<String>,
    /// `registered`, `notRegistered`, `revoked`, ...
    pub device_registration_state: Option<String>,
    /// The object id of the enrolled user.
    pub user_id: Option<String>,
    /// The user principal name of the enrolled user.
    pub user_principal_name: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_ids_enums_and_folded_names() {
        let text = r#"{"value": [
            {"serialNumber": "C02XK1ABJGH5", "azureADDeviceId": "55fe01d6-a4c3-41ed-8511-5ad0d7b64315", "managementAgent": "jamf", "complianceState": "compliant", "deviceRegistrationState": "registered", "userId": "u1", "easActivationDateTime": "0001-01-01T00:00:00Z"},
            {"SerialNumber": "X", "AzureAdDeviceId": "00000000-0000-0000-0000-000000000000", "managementAgent": null}
        ]}"#;
        let list = parse_list::<ManagedDevice>(text).expect("list");
        assert!(list.errors.is_empty(), "{:?}", list.errors);
        assert_eq!(
            list.records[0].item.management_agent.as_deref(),
            Some("jamf")
        );
        assert_eq!(list.records[1].item.serial_number.as_deref(), Some("X"));
        assert_eq!(
            list.records[1].item.azure_ad_device_id.as_deref(),
            Some("00000000-0000-0000-0000-000000000000")
        );
    }
}
