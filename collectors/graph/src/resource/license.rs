//! `licenseDetails`: the licences (SKUs and their service plans) assigned to a user.

use serde::Deserialize;

/// A record of `GET /users/{upn}/licenseDetails`.
///
/// `subscribedSku` (`GET /subscribedSkus`) has the same `skuPartNumber` and `servicePlans`,
/// so this type reads it too.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LicenseDetails {
    /// The SKU (`SPE_E3`).
    pub sku_part_number: Option<String>,
    /// Its service plans.
    pub service_plans: Option<Vec<ServicePlan>>,
}

/// A `servicePlanInfo`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServicePlan {
    /// `INTUNE_A`, `AAD_PREMIUM`, ...
    pub service_plan_name: Option<String>,
    /// `Success`, `Disabled`, `PendingActivation`, ...
    pub provisioning_status: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_plans() {
        let list = parse_list::<LicenseDetails>(
            r#"{"value": [{"skuPartNumber": "SPE_E3", "servicePlans": [{"servicePlanName": "INTUNE_A", "provisioningStatus": "Disabled", "appliesTo": "User"}]}]}"#,
        )
        .expect("list");
        let plans = list.records[0]
            .item
            .service_plans
            .as_deref()
            .unwrap_or_default();
        assert_eq!(plans[0].provisioning_status.as_deref(), Some("Disabled"));
    }
}
