//! Tolerance without loss: encodings, nulls, "never" times, zero GUIDs, bad records and bad times
//! are read or reported, and the rest is kept; the identification rules hold.

use jamf_triage_evidence::{FactValue, MemoryArtifacts, Subject};

use crate::support::{collect, list, value};

fn subject(serial: Option<&str>, user: Option<&str>) -> Subject {
    Subject {
        serial: serial.map(str::to_owned),
        user: user.map(str::to_owned),
    }
}

fn data(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn bom_crlf_and_invalid_utf8_are_read() {
    let bytes: &[u8] = b"\xEF\xBB\xBF{\r\n \"value\": [\r\n  {\"serialNumber\": \"c02xk1abjgh5\", \"managementAgent\": \"jamf\", \"deviceName\": \"Adele\xE2\x80\x99s \xFF\"}\r\n ]\r\n}\r\n";
    let artifacts = MemoryArtifacts::new().with("graph/managedDevices.json", bytes);
    let evidence = collect(&artifacts, &subject(Some("C02XK1ABJGH5"), None));
    assert_eq!(
        value(&evidence, "graph.intune.record_count").as_deref(),
        Some("1"),
        "serials match whatever their case"
    );
    assert_eq!(evidence.problems().len(), 1, "{:?}", evidence.problems());
    assert!(evidence.problems()[0].message.contains("not UTF-8"));
}

#[test]
fn one_bad_record_is_reported_and_the_rest_kept() {
    let text = "{\"value\": [\n {\"serialNumber\": \"S1\", \"managementAgent\": \"jamf\"},\n {\"serialNumber\": \"S1\", \"complianceState\": 7},\n {\"serialNumber\": \"S1\", \"managementAgent\": \"mdm\"}\n]}\n";
    let artifacts = MemoryArtifacts::new().with("graph/managedDevices.json", text);
    let evidence = collect(&artifacts, &subject(Some("S1"), None));
    assert_eq!(
        value(&evidence, "graph.intune.record_count").as_deref(),
        Some("2")
    );
    assert_eq!(
        list(&evidence, "graph.intune.management_agents"),
        ["jamf", "mdm"]
    );
    let problem = &evidence.problems()[0];
    assert_eq!(problem.line, Some(3));
    assert_eq!(
        problem.message,
        "record /value/1 left out: invalid type: integer `7`, expected a string (line 3, column 44)"
    );
    let fact = evidence
        .get("graph.intune.management_agents")
        .expect("fact");
    assert_eq!(
        fact.provenance.pointer.as_deref(),
        Some("/value/0/managementAgent")
    );
}

#[test]
fn never_times_zero_guids_and_nulls_are_absent_and_bad_times_reported() {
    let artifacts = MemoryArtifacts::new()
        .with("graph/deviceManagementPartners.json", r##"{"value": [{"displayName": "Jamf", "partnerState": null, "isConfigured": null,
            "lastHeartbeatDateTime": "0001-01-01T00:00:00Z", "singleTenantAppId": "00000000-0000-0000-0000-000000000000"}]}"##)
        .with("graph/managedDevices.json", r#"{"value": [{"serialNumber": "S1", "azureADDeviceId": "00000000-0000-0000-0000-000000000000", "userId": ""}]}"#)
        .with("graph/complianceManagementPartners.json", r#"{"value": [{"displayName": "Jamf Device Compliance", "macOsOnboarded": true, "partnerState": "enabled", "lastHeartbeatDateTime": "yesterday"}]}"#);
    let evidence = collect(&artifacts, &subject(Some("S1"), None));
    assert_eq!(
        value(&evidence, "graph.partner.present").as_deref(),
        Some("true")
    );
    for absent in [
        "graph.partner.state",
        "graph.partner.configured",
        "graph.partner.last_heartbeat",
        "graph.partner.app_id",
        "graph.jamf_app.present",
    ] {
        assert_eq!(evidence.get(absent), None, "{absent}");
    }
    assert_eq!(
        list(&evidence, "graph.intune.azure_ad_device_ids"),
        Vec::<String>::new()
    );
    assert_eq!(
        list(&evidence, "graph.intune.user_ids"),
        Vec::<String>::new()
    );
    assert_eq!(
        value(&evidence, "graph.compliance_partner.state").as_deref(),
        Some("enabled")
    );
    // The compliance partner's heartbeat is read now (wave 2): a time that does not read is a
    // problem at its record, and the fact is absent.
    let problems: Vec<&str> = evidence
        .problems()
        .iter()
        .map(|problem| problem.message.as_str())
        .collect();
    assert_eq!(
        problems,
        ["/value/0/lastHeartbeatDateTime: `yesterday` is not an RFC 3339 time with an offset"]
    );
    assert_eq!(
        evidence.get("graph.compliance_partner.last_heartbeat"),
        None
    );

    let bad_time = MemoryArtifacts::new().with(
        "graph/deviceManagementPartners.json",
        "{\"value\": [\n{\"displayName\": \"Jamf\", \"lastHeartbeatDateTime\": \"2024-06-10 13:06\", \"partnerState\": \"enabled\"}]}",
    );
    let evidence = collect(&bad_time, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.partner.state").as_deref(),
        Some("enabled"),
        "the record is kept"
    );
    let problem = &evidence.problems()[0];
    assert_eq!(problem.line, Some(2));
    assert_eq!(
        problem.message,
        "/value/0/lastHeartbeatDateTime: `2024-06-10 13:06` is not an RFC 3339 time with an offset"
    );
}

#[test]
fn timestamps_keep_their_instant_whatever_the_offset_and_precision() {
    let artifacts = MemoryArtifacts::new().with(
        "graph/deviceManagementPartners.json",
        r#"{"value": [{"displayName": "JAMF PRO", "lastHeartbeatDateTime": "2016-12-31T23:59:37.9174975-08:00"}]}"#,
    );
    let evidence = collect(&artifacts, &subject(None, None));
    let fact = evidence
        .get("graph.partner.last_heartbeat")
        .expect("heartbeat");
    assert_eq!(fact.value.to_string(), "2017-01-01T07:59:37.9174975Z");
    assert_eq!(
        fact.provenance.pointer.as_deref(),
        Some("/value/0/lastHeartbeatDateTime")
    );
}

#[test]
fn the_configured_jamf_partner_is_preferred() {
    let artifacts = MemoryArtifacts::new().with(
        "graph/deviceManagementPartners.json",
        r#"{"value": [
            {"displayName": "Microsoft", "partnerState": "enabled", "isConfigured": true, "singleTenantAppId": "m"},
            {"displayName": "Jamf (old)", "partnerState": "terminated", "isConfigured": false, "singleTenantAppId": "old"},
            {"displayName": "jamf", "partnerState": "enabled", "isConfigured": true, "singleTenantAppId": "NEW"}
        ]}"#,
    );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.partner.app_id").as_deref(),
        Some("new")
    );
    assert_eq!(
        evidence
            .get("graph.partner.state")
            .and_then(|f| f.provenance.pointer.clone())
            .as_deref(),
        Some("/value/2/partnerState")
    );
}

#[test]
fn the_jamf_app_is_found_by_app_id_never_by_name() {
    let artifacts = MemoryArtifacts::new()
        .with("graph/deviceManagementPartners.json", r#"{"value": [{"displayName": "Jamf", "singleTenantAppId": "A1"}]}"#)
        .with("graph/servicePrincipals.json", r#"{"value": [
            {"id": "decoy", "appId": "a0", "displayName": "Jamf Conditional Access"},
            {"id": "SP1", "appId": "a1", "displayName": "Contoso device bridge"}]}"#)
        .with("graph/appRoleAssignments/decoy.json", r#"{"value": [{"appRoleId": "bad", "resourceDisplayName": "Microsoft Graph"}]}"#)
        .with("graph/appRoleAssignments/sp1.json", r#"{"value": [
            {"appRoleId": "7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e", "resourceDisplayName": "Microsoft Intune API"},
            {"appRoleId": "00000000-0000-0000-0000-000000000000", "resourceId": "r"}]}"#)
        .with("graph/applications.json", r#"{"value": [
            {"appId": "a0", "passwordCredentials": [{"endDateTime": "2030-01-01T00:00:00Z"}]},
            {"appId": "A1", "passwordCredentials": [{"endDateTime": "2024-01-01T00:00:00Z"}, {"endDateTime": "2024-06-01T00:00:00.5+02:00"}, {"endDateTime": null}]}]}"#);
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.jamf_app.present").as_deref(),
        Some("true")
    );
    assert_eq!(
        list(&evidence, "graph.jamf_app.roles"),
        ["Microsoft Intune API:7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e"]
    );
    assert_eq!(
        value(&evidence, "graph.jamf_app.secret_count").as_deref(),
        Some("3")
    );
    let expiry = evidence
        .get("graph.jamf_app.latest_secret_expiry")
        .expect("expiry");
    assert_eq!(
        expiry.value,
        FactValue::Timestamp("2024-05-31T22:00:00.5Z".parse().expect("time"))
    );
    assert_eq!(
        expiry.provenance.pointer.as_deref(),
        Some("/value/1/passwordCredentials/1/endDateTime")
    );
    assert_eq!(
        list(&evidence, "graph.service_principals.app_ids"),
        ["a0", "a1"]
    );
}

#[test]
fn the_connector_needs_a_tenant_wide_grant() {
    let principals =
        r#"{"value": [{"id": "C1", "appId": "x", "displayName": "Jamf Native macOS Connector"}]}"#;
    let consent = |grants: &str| {
        let artifacts = MemoryArtifacts::new()
            .with("graph/servicePrincipals.json", principals)
            .with("graph/oauth2PermissionGrants.json", grants.to_owned());
        value(
            &collect(&artifacts, &subject(None, None)),
            "graph.connector.admin_consented",
        )
    };
    assert_eq!(
        consent(r#"{"value": [{"clientId": "c1", "consentType": "AllPrincipals"}]}"#).as_deref(),
        Some("true")
    );
    assert_eq!(
        consent(
            r#"{"value": [{"clientId": "c1", "consentType": "Principal", "principalId": "u"}]}"#
        )
        .as_deref(),
        Some("false")
    );
    assert_eq!(consent(r#"{"value": []}"#).as_deref(), Some("false"));
    let no_grants = MemoryArtifacts::new().with("graph/servicePrincipals.json", principals);
    let evidence = collect(&no_grants, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.connector.present").as_deref(),
        Some("true")
    );
    assert_eq!(
        evidence.get("graph.connector.admin_consented"),
        None,
        "grants not collected"
    );
    let missing = MemoryArtifacts::new().with("graph/servicePrincipals.json", r#"{"value": []}"#);
    let evidence = collect(&missing, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.connector.present").as_deref(),
        Some("false")
    );
    assert_eq!(
        value(&evidence, "graph.connector.admin_consented").as_deref(),
        Some("false")
    );
}

#[test]
fn no_subject_means_no_device_or_user_facts() {
    let artifacts = MemoryArtifacts::new()
        .with("graph/managedDevices.json", r#"{"value": [{"serialNumber": "S1"}]}"#)
        .with("graph/devices.json", r#"{"value": [{"deviceId": "55FE01D6-A4C3-41ED-8511-5AD0D7B64315", "isCompliant": true}]}"#)
        .with("graph/licenseDetails/Adele@contoso.example.json", r#"{"value": [{"servicePlans": [{"servicePlanName": "INTUNE_A", "provisioningStatus": "Success"}]}]}"#);
    let evidence = collect(&artifacts, &subject(None, None));
    let names: Vec<&str> = evidence.facts().map(|(name, _)| name).collect();
    assert_eq!(
        names,
        ["graph.entra.compliant_device_ids", "graph.entra.device_ids"]
    );
    let evidence = collect(
        &artifacts,
        &subject(Some("s1"), Some("adele@CONTOSO.example")),
    );
    assert_eq!(
        list(&evidence, "graph.user.licensed_plans"),
        ["INTUNE_A"],
        "file names match whatever their case"
    );
    assert_eq!(
        list(&evidence, "graph.entra.intune_linked_device_ids"),
        Vec::<String>::new()
    );
    let evidence = collect(
        &artifacts,
        &subject(Some("S2"), Some("alex@contoso.example")),
    );
    assert_eq!(
        value(&evidence, "graph.intune.record_count").as_deref(),
        Some("0")
    );
    assert_eq!(
        evidence.get("graph.user.licensed_plans"),
        None,
        "no licence file for this user"
    );
}

#[test]
fn licences_count_only_provisioned_plans() {
    let artifacts = MemoryArtifacts::new().with(
        "graph/licenseDetails/adele@contoso.example.json",
        data("licenseDetails-disabled-intune.json"),
    );
    let evidence = collect(&artifacts, &subject(None, Some("adele@contoso.example")));
    assert_eq!(
        list(&evidence, "graph.user.licensed_plans"),
        ["AAD_PREMIUM", "EXCHANGE_S_FOUNDATION"]
    );
    assert_eq!(
        list(&evidence, "graph.user.all_plans"),
        [
            "AAD_PREMIUM:Success",
            "INTUNE_A:Disabled",
            "EXCHANGE_S_FOUNDATION:Success",
            "AAD_PREMIUM_P2:PendingActivation"
        ]
    );
}

#[test]
fn compliance_policy_targets_are_classified_by_member_type() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/deviceCompliancePolicies.json",
            data("deviceCompliancePolicies-targets.json"),
        )
        .with(
            "graph/groupMembers/11111111-0000-0000-0000-000000000001.json",
            data("groupMembers-users.json"),
        )
        .with(
            "graph/groupMembers/11111111-0000-0000-0000-000000000002.json",
            data("groupMembers-devices.json"),
        )
        .with(
            "graph/groupMembers/11111111-0000-0000-0000-000000000003.json",
            data("groupMembers-mixed.json"),
        );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(evidence.problems(), []);
    assert_eq!(
        value(&evidence, "graph.compliance_policies.macos_count").as_deref(),
        Some("2")
    );
    assert_eq!(
        list(&evidence, "graph.compliance_policies.macos_targets"),
        [
            "macOS users: users-group:11111111-0000-0000-0000-000000000001",
            "macOS users: all-users",
            "macOS users: exclusion:11111111-0000-0000-0000-000000000002",
            "macOS devices: all-devices",
            "macOS devices: devices-group:11111111-0000-0000-0000-000000000002",
            "macOS devices: mixed-group:11111111-0000-0000-0000-000000000003",
        ]
    );
    assert_eq!(
        value(&evidence, "graph.compliance_policies.macos_device_targets").as_deref(),
        Some("3")
    );

    let mut unresolved = artifacts.clone();
    unresolved.insert(
        "graph/groupMembers/11111111-0000-0000-0000-000000000003.json",
        b"{\"value\": 1}".to_vec(),
    );
    let evidence = collect(&unresolved, &subject(None, None));
    assert!(
        list(&evidence, "graph.compliance_policies.macos_targets").contains(
            &"macOS devices: unresolved-group:11111111-0000-0000-0000-000000000003".to_owned()
        )
    );
    assert_eq!(
        evidence.get("graph.compliance_policies.macos_device_targets"),
        None,
        "cannot be decided"
    );
    assert_eq!(evidence.problems().len(), 1);
}

#[test]
fn partner_groups_give_their_users_when_all_were_collected() {
    let partner = r##"{"value": [{"displayName": "Jamf", "groupsRequiringPartnerEnrollment": [
        {"target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "11111111-0000-0000-0000-000000000001"}},
        {"target": {"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": "11111111-0000-0000-0000-000000000003"}}]}]}"##;
    let artifacts = MemoryArtifacts::new()
        .with("graph/deviceManagementPartners.json", partner)
        .with(
            "graph/groupMembers/11111111-0000-0000-0000-000000000001.json",
            data("groupMembers-users.json"),
        );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(list(&evidence, "graph.partner.group_ids").len(), 2);
    assert_eq!(
        evidence.get("graph.partner.member_user_ids"),
        None,
        "the second group was not collected"
    );
    let artifacts = artifacts.with(
        "graph/groupMembers/11111111-0000-0000-0000-000000000003.json",
        data("groupMembers-mixed.json"),
    );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(
        list(&evidence, "graph.partner.member_user_ids"),
        [
            "bd8ec9a1-f803-45ed-bd7c-9ec7081ab44d",
            "90f26b82-fe91-4329-9785-7e0831e5554e",
            "285f0789-65f5-4299-bc83-ab74842a0944"
        ]
    );
}

#[test]
fn properties_left_out_are_unknown_not_empty() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/deviceManagementPartners.json",
            r#"{"value": [{"displayName": "Jamf", "partnerState": "enabled", "singleTenantAppId": "a1"}]}"#,
        )
        .with("graph/applications.json", r#"{"value": [{"appId": "a1", "displayName": "Jamf Pro"}]}"#)
        .with(
            "graph/licenseDetails/adele%40contoso.example.json",
            r#"{"value": [{"servicePlans": [{"servicePlanName": "INTUNE_A", "provisioningStatus": "Success"}]}]}"#,
        );
    let evidence = collect(&artifacts, &subject(None, Some("adele@contoso.example")));
    assert_eq!(
        evidence.get("graph.partner.group_ids"),
        None,
        "older API: no groupsRequiringPartnerEnrollment"
    );
    assert_eq!(evidence.get("graph.partner.member_user_ids"), None);
    assert_eq!(
        evidence.get("graph.jamf_app.secret_count"),
        None,
        "passwordCredentials not selected"
    );
    assert_eq!(
        list(&evidence, "graph.user.licensed_plans"),
        ["INTUNE_A"],
        "URL-encoded file name"
    );
    assert_eq!(evidence.problems(), []);
}

#[test]
fn the_docs_single_entity_wrapper_is_not_a_list() {
    let artifacts = MemoryArtifacts::new().with(
        "graph/managedDevices.json",
        data("microsoft/intune-devices-manageddevice-get.json"),
    );
    let evidence = collect(&artifacts, &subject(Some("Serial Number value"), None));
    assert_eq!(evidence.get("graph.intune.record_count"), None);
    let problem = &evidence.problems()[0];
    assert_eq!(problem.path, "graph/managedDevices.json");
    assert!(
        problem.message.starts_with("not a Graph list response"),
        "{}",
        problem.message
    );
}

#[test]
fn an_unreadable_secret_end_is_reported_and_the_others_kept() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/deviceManagementPartners.json",
            r#"{"value": [{"displayName": "Jamf", "singleTenantAppId": "a1"}]}"#,
        )
        .with(
            "graph/applications.json",
            "{\"value\": [\n{\"appId\": \"a1\", \"passwordCredentials\": [\n{\"endDateTime\": \"12/10/2025\"}, {\"endDateTime\": \"2025-10-12T07:52:22Z\"}]}]}",
        );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(
        value(&evidence, "graph.jamf_app.secret_count").as_deref(),
        Some("2")
    );
    assert_eq!(
        value(&evidence, "graph.jamf_app.latest_secret_expiry").as_deref(),
        Some("2025-10-12T07:52:22Z")
    );
    let problem = &evidence.problems()[0];
    assert_eq!(problem.path, "graph/applications.json");
    assert_eq!(problem.line, Some(2));
    assert_eq!(
        problem.message,
        "/value/0/passwordCredentials/0/endDateTime: `12/10/2025` is not an RFC 3339 time with an offset"
    );
}

#[test]
fn a_secret_that_never_expires_is_the_latest() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/deviceManagementPartners.json",
            r#"{"value": [{"displayName": "Jamf", "singleTenantAppId": "a1"}]}"#,
        )
        .with(
            "graph/applications.json",
            r#"{"value": [{"appId": "a1", "passwordCredentials": [{"endDateTime": "9999-12-31T23:59:59Z"}, {"endDateTime": "2025-10-12T07:52:22Z"}]}]}"#,
        );
    let evidence = collect(&artifacts, &subject(None, None));
    assert_eq!(evidence.problems(), []);
    let expiry = evidence
        .get("graph.jamf_app.latest_secret_expiry")
        .expect("expiry");
    assert_eq!(expiry.value, FactValue::Timestamp(jiff::Timestamp::MAX));
    assert_eq!(
        expiry.provenance.pointer.as_deref(),
        Some("/value/0/passwordCredentials/0/endDateTime")
    );
}

/// Issue 14: a device id that is not a GUID (`Azure ADDevice Id value` in Microsoft's own
/// example, `1`) is never joined on, and is noted in the evidence.
#[test]
fn device_ids_that_are_not_guids_are_ignored_with_a_note() {
    let artifacts = MemoryArtifacts::new()
        .with(
            "graph/managedDevices.json",
            r#"{"value": [{"serialNumber": "S1", "azureADDeviceId": "Azure ADDevice Id value", "complianceState": "compliant"}]}"#,
        )
        .with(
            "graph/devices.json",
            r#"{"value": [{"deviceId": "Azure ADDevice Id value"}, {"deviceId": "1"}]}"#,
        );
    let evidence = collect(&artifacts, &subject(Some("S1"), None));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let list = |name: &str| evidence.get(name).map(|fact| fact.value.to_string());
    assert_eq!(
        list("graph.entra.device_ids").as_deref(),
        Some("(empty list)")
    );
    assert_eq!(
        list("graph.intune.azure_ad_device_ids").as_deref(),
        Some("(empty list)")
    );
    assert_eq!(
        list("graph.entra.intune_linked_device_ids").as_deref(),
        Some("(empty list)")
    );
    let Some(jamf_triage_evidence::FactValue::List(ignored)) = evidence
        .get("graph.ignored_device_ids")
        .map(|fact| &fact.value)
    else {
        panic!("a note of the ignored ids")
    };
    assert_eq!(
        ignored,
        &[
            "deviceId: azure addevice id value",
            "deviceId: 1",
            "azureADDeviceId: azure addevice id value"
        ]
    );
}
