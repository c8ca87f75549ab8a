//! What later requests need from earlier answers: the Jamf Pro app's id, the service principals
//! to check, the users and the groups.

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::answers::entries;

/// The partner's apps and the groups that require partner enrollment.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct PartnerApps {
    /// `singleTenantAppId` of each partner.
    pub(super) app_ids: BTreeSet<String>,
    /// `groupsRequiringPartnerEnrollment[].target.groupId`.
    pub(super) groups: BTreeSet<String>,
}

/// From `deviceManagementPartners`.
pub(super) fn partner_apps(partners: Option<&Value>) -> PartnerApps {
    let mut found = PartnerApps::default();
    for partner in partners.into_iter().flat_map(entries) {
        if let Some(id) = text(partner.get("singleTenantAppId")) {
            found.app_ids.insert(id);
        }
        found.groups.extend(target_groups(
            partner.get("groupsRequiringPartnerEnrollment"),
        ));
    }
    found
}

/// `macOsEnrollmentAssignments[].target.groupId` of `complianceManagementPartners`.
pub(super) fn partner_groups(partners: Option<&Value>) -> BTreeSet<String> {
    partners
        .into_iter()
        .flat_map(entries)
        .flat_map(|partner| target_groups(partner.get("macOsEnrollmentAssignments")))
        .collect()
}

/// The groups that macOS compliance policies are assigned to (or excluded from).
pub(super) fn macos_policy_groups(policies: Option<&Value>) -> BTreeSet<String> {
    policies
        .into_iter()
        .flat_map(entries)
        .filter(|policy| {
            policy.get("@odata.type").and_then(Value::as_str)
                == Some("#microsoft.graph.macOSCompliancePolicy")
        })
        .flat_map(|policy| target_groups(policy.get("assignments")))
        .collect()
}

/// The ids of the service principals whose permissions matter: all that were collected but
/// Microsoft's own resource apps.
pub(super) fn service_principals_to_check(
    principals: Option<&Value>,
    resources: &[&str],
) -> BTreeSet<String> {
    principals
        .into_iter()
        .flat_map(entries)
        .filter(|principal| {
            let app_id = principal
                .get("appId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            !resources
                .iter()
                .any(|resource| resource.eq_ignore_ascii_case(app_id))
        })
        .filter_map(|principal| text(principal.get("id")))
        .collect()
}

/// The ids of the service principals whose consent matters: the Jamf Native macOS Connector,
/// the User registration app for Device Compliance (by app id) and the Cloud Connector for
/// Device Compliance.
pub(super) fn consent_clients(principals: Option<&Value>) -> BTreeSet<String> {
    principals
        .into_iter()
        .flat_map(entries)
        .filter(|principal| {
            let named = |name: &str| {
                ["displayName", "appDisplayName"].iter().any(|key| {
                    principal
                        .get(*key)
                        .and_then(Value::as_str)
                        .is_some_and(|value| value.trim().eq_ignore_ascii_case(name))
                })
            };
            let app_id = principal
                .get("appId")
                .and_then(Value::as_str)
                .unwrap_or_default();
            named("Jamf Native macOS Connector")
                || named(super::CLOUD_CONNECTOR_NAME)
                || super::USER_REGISTRATION_APP_IDS
                    .iter()
                    .any(|id| id.eq_ignore_ascii_case(app_id.trim()))
        })
        .filter_map(|principal| text(principal.get("id")))
        .collect()
}

/// The user principal name of an Intune record (as Graph sent it) when it is a record of the Mac
/// with `serial`.
pub(super) fn user_of_serial(record: &RawValue, serial: &str) -> Option<String> {
    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Record {
        serial_number: Option<String>,
        user_principal_name: Option<String>,
    }
    let serial = serial.trim();
    if serial.is_empty() {
        return None;
    }
    let record: Record = serde_json::from_str(record.get()).ok()?;
    let own = record.serial_number?;
    own.trim()
        .eq_ignore_ascii_case(serial)
        .then_some(record.user_principal_name?)
        .map(|user| user.trim().to_owned())
        .filter(|user| !user.is_empty())
}

/// `[].target.groupId` of a list of assignments.
fn target_groups(assignments: Option<&Value>) -> impl Iterator<Item = String> + '_ {
    assignments
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|assignment| text(assignment.pointer("/target/groupId")))
}

/// A non-blank string.
fn text(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_follow_from_the_answers() {
        let partners = json!({"value": [{"singleTenantAppId": "app", "groupsRequiringPartnerEnrollment": [{"target": {"groupId": "g1"}}]}]});
        let found = partner_apps(Some(&partners));
        assert_eq!(found.app_ids, BTreeSet::from(["app".to_owned()]));
        assert_eq!(found.groups, BTreeSet::from(["g1".to_owned()]));

        let policies = json!({"value": [
            {"@odata.type": "#microsoft.graph.macOSCompliancePolicy", "assignments": [{"target": {"groupId": "g2"}}]},
            {"@odata.type": "#microsoft.graph.iosCompliancePolicy", "assignments": [{"target": {"groupId": "g3"}}]}
        ]});
        assert_eq!(
            macos_policy_groups(Some(&policies)),
            BTreeSet::from(["g2".to_owned()])
        );

        let principals =
            json!({"value": [{"id": "sp1", "appId": "app"}, {"id": "sp2", "appId": "GRAPH"}]});
        assert_eq!(
            service_principals_to_check(Some(&principals), &["graph"]),
            BTreeSet::from(["sp1".to_owned()])
        );

        let devices = [
            r#"{"serialNumber": "C02X", "userPrincipalName": "a@x"}"#,
            r#"{"serialNumber": "OTHER", "userPrincipalName": "b@x"}"#,
            r#"{"serialNumber": "c02x ", "userPrincipalName": null}"#,
            r#"{"serialNumber": "C02X", "userPrincipalName": 7}"#,
        ];
        let users: Vec<Option<String>> = devices
            .iter()
            .map(|text| {
                let record = serde_json::from_str::<Box<RawValue>>(text).expect("JSON");
                user_of_serial(&record, "C02X")
            })
            .collect();
        assert_eq!(users, [Some("a@x".to_owned()), None, None, None]);
        let first = serde_json::from_str::<Box<RawValue>>(devices[0]).expect("JSON");
        assert_eq!(user_of_serial(&first, " "), None, "no subject, no user");
        assert!(partner_groups(None).is_empty());

        let principals = json!({"value": [
            {"id": "c1", "displayName": "Jamf Native macOS Connector"},
            {"id": "u1", "appId": "B03C10A8-71C7-45F9-B44A-3335AB76E970"},
            {"id": "k1", "appDisplayName": "Cloud Connector for Device Compliance"},
            {"id": "o1", "displayName": "Jamf Pro", "appId": "x"}
        ]});
        assert_eq!(
            consent_clients(Some(&principals)),
            BTreeSet::from(["c1".to_owned(), "k1".to_owned(), "u1".to_owned()])
        );
    }
}
