//! `deviceCompliancePolicy` with its `assignments` expanded.

use serde::Deserialize;

use super::AssignmentTarget;

/// A record of `GET /deviceManagement/deviceCompliancePolicies?$expand=assignments`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceCompliancePolicy {
    /// `#microsoft.graph.macOSCompliancePolicy`, `#microsoft.graph.iosCompliancePolicy`, ...
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    /// The policy id.
    pub id: Option<String>,
    /// The policy's name.
    pub display_name: Option<String>,
    /// Its assignments; absent when they were not expanded.
    pub assignments: Option<Vec<PolicyAssignment>>,
}

/// A `deviceCompliancePolicyAssignment` (also a record of
/// `GET /deviceManagement/deviceCompliancePolicies/{id}/assignments`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct PolicyAssignment {
    /// What it targets.
    pub target: Option<AssignmentTarget>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;
    use crate::resource::Target;

    #[test]
    fn reads_policies_with_and_without_assignments() {
        let list = parse_list::<DeviceCompliancePolicy>(
            r##"{"value": [
                {"@odata.type": "#microsoft.graph.macOSCompliancePolicy", "displayName": "macOS", "version": 3,
                 "assignments": [{"id": "x", "target": {"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget", "deviceAndAppManagementAssignmentFilterType": "none"}}]},
                {"@odata.type": "#microsoft.graph.iosCompliancePolicy", "displayName": "iOS"}
            ]}"##,
        )
        .expect("list");
        let assignments = list.records[0]
            .item
            .assignments
            .as_deref()
            .unwrap_or_default();
        assert_eq!(
            assignments[0].target.as_ref().map(AssignmentTarget::target),
            Some(Target::AllDevices)
        );
        assert_eq!(list.records[1].item.assignments, None);
    }
}
