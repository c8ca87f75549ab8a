//! `device`: an Entra ID device object.

use serde::Deserialize;

/// A record of `GET /devices`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Device {
    /// The device id (the workplace-join certificate's `alis`, Intune's `azureADDeviceId`).
    pub device_id: Option<String>,
    /// Whether Entra ID holds the device compliant.
    pub is_compliant: Option<bool>,
    /// The app id of the MDM that manages the device (Intune's is
    /// `0000000a-0000-0000-c000-000000000000`).
    pub mdm_app_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_devices_whatever_the_case_of_other_properties() {
        let text = r#"{"value": [{"accountEnabled": true, "deviceId": "00000000-0000-0000-0000-000000000000", "deviceVersion": 1, "Manufacturer": "Google", "Model": "Pixel 3a"},
                                 {"deviceId": "a064bb02-73ee-4fba-bffe-8eae4377c600", "isCompliant": null}]}"#;
        let list = parse_list::<Device>(text).expect("list");
        assert!(list.errors.is_empty());
        assert_eq!(list.records[1].item.is_compliant, None);
    }
}
