//! Device Compliance in Graph: the Jamf compliance partner and its macOS assignments (every
//! target type), the two Jamf enterprise apps and their consent, the conditional access policies
//! that block the registration, and a `403` saved for them.
//!
//! The records are in the shapes of Microsoft's Graph v1.0 reference (`tests/data/microsoft/`:
//! `complianceManagementPartner`, `servicePrincipal`, `oAuth2PermissionGrant`,
//! `conditionalAccessPolicy`); the app ids are those of Jamf's DeviceComplianceMigrator.sh
//! (`domain.md` §2.5). The `allLicensedUsersAssignmentTarget` of "Add all users" is inferred,
//! not captured.

use jamf_triage_evidence::{MemoryArtifacts, Subject};

use crate::support::{collect, list, value};

const REGISTRATION_APP: &str = "b03c10a8-71c7-45f9-b44a-3335ab76e970";

fn subject() -> Subject {
    Subject {
        serial: Some("C02XK1ABJGH5".into()),
        user: Some("adele@contoso.example".into()),
    }
}

fn partners(assignments: &str) -> String {
    format!(
        r##"{{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#deviceManagement/complianceManagementPartners",
  "value": [
    {{"@odata.type": "#microsoft.graph.complianceManagementPartner", "id": "p0", "displayName": "Other partner",
      "partnerState": "enabled", "macOsOnboarded": false, "lastHeartbeatDateTime": "0001-01-01T00:00:00Z", "macOsEnrollmentAssignments": []}},
    {{"@odata.type": "#microsoft.graph.complianceManagementPartner", "id": "p1", "displayName": "Jamf Device Compliance",
      "partnerState": "enabled", "macOsOnboarded": true, "androidOnboarded": false, "iosOnboarded": false,
      "lastHeartbeatDateTime": "2026-11-20T07:45:12.1234567Z",
      "macOsEnrollmentAssignments": {assignments}}}
  ]}}"##
    )
}

#[test]
fn the_jamf_partner_and_every_assignment_target_type() {
    let artifacts = MemoryArtifacts::new().with(
        "graph/complianceManagementPartners.json",
        partners(
            r##"[
        {"@odata.type": "microsoft.graph.complianceManagementPartnerAssignment", "target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "9e1b6a4d-0000-4000-8000-000000000001"}},
        {"target": {"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"}},
        {"target": {"@odata.type": "microsoft.graph.scopeTagGroupAssignmentTarget", "targetType": "user", "entraObjectId": "x"}},
        {"target": {"@odata.type": "#vendor.somethingNew", "newField": [1, 2]}},
        {"target": null}
      ]"##,
        ),
    );
    let evidence = collect(&artifacts, &subject());
    assert_eq!(
        evidence.problems(),
        [],
        "unknown target types never fail the file"
    );
    assert_eq!(
        value(&evidence, "graph.compliance_partner.present").as_deref(),
        Some("true")
    );
    assert_eq!(
        list(&evidence, "graph.compliance_partner.assignment_types"),
        [
            "groupAssignmentTarget",
            "allLicensedUsersAssignmentTarget",
            "scopeTagGroupAssignmentTarget",
            "vendor.somethingNew"
        ]
    );
    assert_eq!(
        value(&evidence, "graph.compliance_partner.last_heartbeat").as_deref(),
        Some("2026-11-20T07:45:12.1234567Z")
    );
    let fact = evidence
        .get("graph.compliance_partner.assignment_types")
        .expect("fact");
    assert_eq!(
        fact.provenance.pointer.as_deref(),
        Some("/value/1/macOsEnrollmentAssignments")
    );

    // Without the property, the assignments are unknown, not empty.
    let without = MemoryArtifacts::new().with(
        "graph/complianceManagementPartners.json",
        r#"{"value": [{"displayName": "Jamf", "macOsOnboarded": true, "partnerState": "enabled"}]}"#,
    );
    let evidence = collect(&without, &subject());
    assert_eq!(
        evidence.get("graph.compliance_partner.assignment_types"),
        None
    );
    assert_eq!(
        evidence.get("graph.compliance_partner.last_heartbeat"),
        None
    );

    // A list without any Jamf or macOS partner: no Jamf partner.
    let none = MemoryArtifacts::new().with(
        "graph/complianceManagementPartners.json",
        r#"{"value": [{"displayName": "Other", "macOsOnboarded": false}]}"#,
    );
    assert_eq!(
        value(
            &collect(&none, &subject()),
            "graph.compliance_partner.present"
        )
        .as_deref(),
        Some("false")
    );
}

#[test]
fn the_device_compliance_apps_and_their_consent() {
    let principals = format!(
        r#"{{"value": [
        {{"id": "8E2A0000-0000-4000-8000-000000000001", "appId": "{}", "displayName": "User registration app for Device Compliance"}},
        {{"id": "8e2a0000-0000-4000-8000-000000000002", "appId": "5d4b4a3c-0000-4000-8000-00000000abcd", "displayName": "Cloud Connector for Device Compliance"}}
    ]}}"#,
        REGISTRATION_APP.to_uppercase()
    );
    let grants = r#"{"value": [
        {"clientId": "8e2a0000-0000-4000-8000-000000000001", "consentType": "AllPrincipals", "principalId": null, "resourceId": "r", "scope": "User.Read"},
        {"clientId": "8e2a0000-0000-4000-8000-000000000002", "consentType": "Principal", "principalId": "u", "resourceId": "r", "scope": "User.Read"}
    ]}"#;
    let artifacts = MemoryArtifacts::new()
        .with("graph/servicePrincipals.json", principals.as_str())
        .with("graph/oauth2PermissionGrants.json", grants);
    let evidence = collect(&artifacts, &subject());
    assert_eq!(evidence.problems(), []);
    for (fact, expected) in [
        ("graph.dc_apps.user_registration_present", "true"),
        ("graph.dc_apps.user_registration_consented", "true"),
        ("graph.dc_apps.cloud_connector_present", "true"),
        // One user's consent is not the admin's.
        ("graph.dc_apps.cloud_connector_consented", "false"),
    ] {
        assert_eq!(value(&evidence, fact).as_deref(), Some(expected), "{fact}");
    }

    // Without the grants, the consent is unknown.
    let no_grants =
        MemoryArtifacts::new().with("graph/servicePrincipals.json", principals.as_str());
    let evidence = collect(&no_grants, &subject());
    assert_eq!(
        evidence.get("graph.dc_apps.user_registration_consented"),
        None
    );
    // The GCC High app counts too.
    let gcc = MemoryArtifacts::new().with(
        "graph/servicePrincipals.json",
        r#"{"value": [{"id": "s", "appId": "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae"}]}"#,
    );
    assert_eq!(
        value(
            &collect(&gcc, &subject()),
            "graph.dc_apps.user_registration_present"
        )
        .as_deref(),
        Some("true")
    );
}

/// One policy in the shape of the reference's `conditionalAccessPolicy`, with `changes` merged
/// in (a JSON object of top-level properties, or of `conditions`/`grantControls` wholesale).
fn policy(name: &str, changes: serde_json::Value) -> serde_json::Value {
    let mut policy = serde_json::json!({
        "id": format!("id-{name}"),
        "displayName": name,
        "createdDateTime": "2026-01-12T10:00:00Z",
        "modifiedDateTime": null,
        "state": "enabled",
        "sessionControls": null,
        "conditions": {
            "signInRiskLevels": [],
            "clientAppTypes": ["all"],
            "platforms": null,
            "locations": null,
            "applications": {"includeApplications": ["All"], "excludeApplications": [], "includeUserActions": []},
            "users": {"includeUsers": ["All"], "excludeUsers": [], "includeGroups": [], "excludeGroups": [], "includeRoles": [], "excludeRoles": []}
        },
        "grantControls": {"operator": "OR", "builtInControls": ["compliantDevice"], "customAuthenticationFactors": [], "termsOfUse": []}
    });
    if let (Some(target), Some(changes)) = (policy.as_object_mut(), changes.as_object()) {
        for (key, value) in changes {
            target.insert(key.clone(), value.clone());
        }
    }
    policy
}

fn blocking(policies: &[serde_json::Value], extra: &[(&str, &str)]) -> Option<Vec<String>> {
    let text = serde_json::json!({ "value": policies }).to_string();
    let mut artifacts = MemoryArtifacts::new().with("graph/conditionalAccessPolicies.json", text);
    for (path, body) in extra {
        artifacts.insert(*path, *body);
    }
    let evidence = collect(&artifacts, &subject());
    assert_eq!(evidence.problems(), []);
    evidence
        .get("graph.ca.registration_blocking_policies")
        .map(|_| list(&evidence, "graph.ca.registration_blocking_policies"))
}

#[test]
fn the_policies_that_block_the_registration() {
    use serde_json::json;
    let conditions = |apps: serde_json::Value,
                      users: serde_json::Value,
                      platforms: serde_json::Value| {
        json!({"conditions": {"applications": apps, "users": users, "platforms": platforms}})
    };
    let all_apps = json!({"includeApplications": ["All"], "excludeApplications": []});
    let all_users = json!({"includeUsers": ["All"], "excludeUsers": [], "excludeGroups": []});
    let policies = [
        policy("Require compliant device", json!({})),
        policy(
            "Report only",
            json!({"state": "enabledForReportingButNotEnforced"}),
        ),
        policy("Disabled", json!({"state": "disabled"})),
        policy(
            "MFA or compliant",
            json!({"grantControls": {"operator": "OR", "builtInControls": ["mfa", "compliantDevice"]}}),
        ),
        policy(
            "MFA and hybrid join",
            json!({"grantControls": {"operator": "AND", "builtInControls": ["mfa", "domainJoinedDevice"]}}),
        ),
        policy(
            "Block",
            json!({"grantControls": {"operator": "OR", "builtInControls": ["block"]}}),
        ),
        policy(
            "Office only",
            conditions(
                json!({"includeApplications": ["Office365"]}),
                all_users.clone(),
                json!(null),
            ),
        ),
        policy(
            "Registration app excluded",
            conditions(
                json!({"includeApplications": ["All"], "excludeApplications": [REGISTRATION_APP]}),
                all_users.clone(),
                json!(null),
            ),
        ),
        policy(
            "Windows only",
            conditions(
                all_apps.clone(),
                all_users.clone(),
                json!({"includePlatforms": ["windows"], "excludePlatforms": []}),
            ),
        ),
        policy(
            "macOS",
            conditions(
                all_apps.clone(),
                all_users.clone(),
                json!({"includePlatforms": ["macOS"]}),
            ),
        ),
        policy(
            "All but macOS",
            conditions(
                all_apps.clone(),
                all_users.clone(),
                json!({"includePlatforms": ["all"], "excludePlatforms": ["macOS"]}),
            ),
        ),
        policy(
            "Break-glass excluded",
            conditions(
                all_apps.clone(),
                json!({"includeUsers": ["All"], "excludeUsers": ["b1"]}),
                json!(null),
            ),
        ),
        policy(
            "Group excluded",
            conditions(
                all_apps.clone(),
                json!({"includeUsers": ["All"], "excludeGroups": ["g1"]}),
                json!(null),
            ),
        ),
        policy(
            "Pilot group",
            conditions(
                all_apps.clone(),
                json!({"includeUsers": [], "includeGroups": ["g2"]}),
                json!(null),
            ),
        ),
        // Fields missing or null: nothing is guessed.
        json!({"displayName": "Nulls", "state": "enabled", "conditions": null, "grantControls": {"builtInControls": ["compliantDevice"]}}),
        json!({"displayName": "No grant", "state": "enabled", "conditions": {"applications": {"includeApplications": ["All"]}, "users": {"includeUsers": ["All"]}}, "grantControls": null}),
        json!({"displayName": "No users", "state": "enabled", "conditions": {"applications": {"includeApplications": ["All"]}, "users": null}, "grantControls": {"builtInControls": ["compliantDevice"]}}),
    ];
    // The user's object id is unknown (no Intune record): policies with exclusions cannot be
    // judged, but three certainly block, so the fact lists them.
    assert_eq!(
        blocking(&policies, &[]),
        Some(vec![
            "Require compliant device".to_owned(),
            "MFA and hybrid join".to_owned(),
            "macOS".to_owned(),
        ])
    );

    // The user's object id known from their Intune record: an excluded user who is someone else
    // counts; an excluded group counts when its members were collected without the user.
    let managed = r#"{"value": [{"serialNumber": "C02XK1ABJGH5", "userPrincipalName": "Adele@contoso.example", "userId": "A1", "managementAgent": "mdm"}]}"#;
    let members =
        r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "someone-else"}]}"##;
    assert_eq!(
        blocking(
            &policies,
            &[
                ("graph/managedDevices.json", managed),
                ("graph/groupMembers/g1.json", members)
            ]
        ),
        Some(vec![
            "Require compliant device".to_owned(),
            "MFA and hybrid join".to_owned(),
            "macOS".to_owned(),
            "Break-glass excluded".to_owned(),
            "Group excluded".to_owned(),
        ])
    );
    let with_adele = r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "a1"}]}"##;
    let excluded = blocking(
        &policies[12..13],
        &[
            ("graph/managedDevices.json", managed),
            ("graph/groupMembers/g1.json", with_adele),
        ],
    );
    assert_eq!(
        excluded,
        Some(Vec::new()),
        "the user is in the excluded group"
    );
    let unresolved = blocking(&policies[12..13], &[("graph/managedDevices.json", managed)]);
    assert_eq!(
        unresolved, None,
        "the excluded group's members are unknown: undetermined, not ruled out"
    );
    // Only policies that cannot be judged (the user's id unknown, break-glass exclusions): the
    // fact is absent, so the cause stays undetermined instead of ruled out.
    assert_eq!(blocking(&policies[12..13], &[]), None);

    assert_eq!(blocking(&[], &[]), Some(Vec::new()));
}

#[test]
fn a_403_saved_for_the_policies_is_a_problem_naming_the_permission() {
    // The error body Graph answers with a 403 (`Authorization_RequestDenied`).
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/conditionalAccessPolicies.json",
            r#"{"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation.", "innerError": {"date": "2026-11-20T08:12:03", "request-id": "0f1e2d3c-0000-4000-8000-000000000000"}}}"#,
        )
        .with(
            "graph/complianceManagementPartners.json",
            r#"{"value": [{"displayName": "Jamf", "macOsOnboarded": true, "partnerState": "enabled"}]}"#,
        );
    let evidence = collect(&artifacts, &subject());
    assert_eq!(evidence.problems().len(), 1);
    let problem = &evidence.problems()[0];
    assert_eq!(problem.path, "graph/conditionalAccessPolicies.json");
    assert!(problem.message.contains("Policy.Read.All"), "{problem}");
    assert!(
        problem.message.contains("Authorization_RequestDenied"),
        "{problem}"
    );
    assert_eq!(
        evidence.get("graph.ca.registration_blocking_policies"),
        None
    );
    assert_eq!(
        value(&evidence, "graph.compliance_partner.present").as_deref(),
        Some("true")
    );

    // Cut off or garbled: a problem for that file too.
    for text in [r#"{"value": [{"displayName": "Req"#, "\u{0}\u{ff}garbage"] {
        let artifacts = MemoryArtifacts::new().with("graph/conditionalAccessPolicies.json", text);
        let evidence = collect(&artifacts, &subject());
        assert_eq!(evidence.problems().len(), 1, "{text}");
        assert_eq!(
            evidence.get("graph.ca.registration_blocking_policies"),
            None
        );
    }
}

#[test]
fn the_mdm_of_the_subject_macs_entra_devices() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/managedDevices.json",
            r#"{"value": [{"serialNumber": "C02XK1ABJGH5", "azureADDeviceId": "1B8886A7-BEBD-433F-ACB9-9C12FCFF4107", "managementAgent": "mdm"}]}"#,
        )
        .with(
            "graph/devices.json",
            r#"{"value": [
                {"deviceId": "1b8886a7-bebd-433f-acb9-9c12fcff4107", "mdmAppId": "0000000A-0000-0000-C000-000000000000", "isCompliant": true},
                {"deviceId": "other", "mdmAppId": "ffffffff-0000-0000-0000-000000000000"}
            ]}"#,
        );
    let evidence = collect(&artifacts, &subject());
    assert_eq!(
        list(&evidence, "graph.entra.mdm_app_ids"),
        ["0000000a-0000-0000-c000-000000000000"]
    );
    let no_mdm = MemoryArtifacts::new().with(
        "graph/devices.json",
        r#"{"value": [{"deviceId": "d", "mdmAppId": null}]}"#,
    );
    assert_eq!(
        collect(&no_mdm, &subject()).get("graph.entra.mdm_app_ids"),
        None
    );
}
