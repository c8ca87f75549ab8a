//! `graph.service_principals.*`, `graph.jamf_app.*` and `graph.connector.*`: the Jamf Pro app
//! registration (found by the partner's `singleTenantAppId`, never by name), its application
//! permissions and client secrets, and the Jamf Native macOS Connector with its admin consent.

use jamf_triage_evidence::Evidence;

use crate::declared;
use crate::records::GraphRecords;
use crate::values;

/// Jamf's fixed name for the enterprise app created by the administrator consent.
const CONNECTOR_NAME: &str = "Jamf Native macOS Connector";

/// The app ids of the User registration app for Device Compliance: commercial cloud, GCC High
/// (from Jamf's DeviceComplianceMigrator.sh, see `domain.md` §2.5).
pub(crate) const USER_REGISTRATION_APP_IDS: [&str; 2] = [
    "b03c10a8-71c7-45f9-b44a-3335ab76e970",
    "dcf07df3-346f-4f0e-b803-c1f0ea0fb5ae",
];

/// The Cloud Connector's name (its app id is not published).
const CLOUD_CONNECTOR_NAME: &str = "Cloud Connector for Device Compliance";

/// Emits the app facts; `app_id` is the Jamf Pro app's id from the partner, when known.
pub(super) fn emit(graph: &GraphRecords, app_id: Option<&str>, out: &mut Evidence) {
    emit_service_principals(graph, app_id, out);
    emit_secrets(graph, app_id, out);
    emit_connector(graph, out);
    emit_device_compliance_apps(graph, out);
}

/// `graph.dc_apps.*`: the two enterprise apps Jamf's Device Compliance consent creates, and
/// their tenant-wide consent.
fn emit_device_compliance_apps(graph: &GraphRecords, out: &mut Evidence) {
    let Some(principals) = graph.service_principals.as_ref() else {
        return;
    };
    let registration = principals.records.iter().find(|record| {
        values::id(record.item.app_id.as_deref())
            .is_some_and(|id| USER_REGISTRATION_APP_IDS.contains(&id.as_str()))
    });
    let connector = principals.records.iter().find(|record| {
        values::same(record.item.display_name.as_deref(), CLOUD_CONNECTOR_NAME)
            || values::same(
                record.item.app_display_name.as_deref(),
                CLOUD_CONNECTOR_NAME,
            )
    });
    for (found, property, present, consented) in [
        (
            registration,
            "appId",
            declared::DC_APPS_USER_REGISTRATION_PRESENT,
            declared::DC_APPS_USER_REGISTRATION_CONSENTED,
        ),
        (
            connector,
            "displayName",
            declared::DC_APPS_CLOUD_CONNECTOR_PRESENT,
            declared::DC_APPS_CLOUD_CONNECTOR_CONSENTED,
        ),
    ] {
        let Some(found) = found else {
            out.record(present, false, principals.file());
            // No app, no consent to it.
            out.record(consented, false, principals.file());
            continue;
        };
        out.record(present, true, principals.at(found, property));
        let (Some(grants), Some(id)) =
            (graph.grants.as_ref(), values::id(found.item.id.as_deref()))
        else {
            continue;
        };
        let consent = grants.records.iter().find(|record| {
            values::id(record.item.client_id.as_deref()).as_deref() == Some(id.as_str())
                && values::same(record.item.consent_type.as_deref(), "AllPrincipals")
        });
        let provenance =
            consent.map_or_else(|| grants.file(), |record| grants.at(record, "consentType"));
        out.record(consented, consent.is_some(), provenance);
    }
}

fn emit_service_principals(graph: &GraphRecords, app_id: Option<&str>, out: &mut Evidence) {
    let Some(principals) = graph.service_principals.as_ref() else {
        return;
    };
    let app_ids: Vec<String> = principals
        .records
        .iter()
        .filter_map(|record| values::id(record.item.app_id.as_deref()))
        .collect();
    out.record(
        declared::SERVICE_PRINCIPALS_APP_IDS,
        app_ids,
        principals.file(),
    );

    let Some(app_id) = app_id else { return };
    let jamf_app = principals
        .records
        .iter()
        .find(|record| values::id(record.item.app_id.as_deref()).as_deref() == Some(app_id));
    let Some(jamf_app) = jamf_app else {
        out.record(declared::JAMF_APP_PRESENT, false, principals.file());
        return;
    };
    out.record(
        declared::JAMF_APP_PRESENT,
        true,
        principals.at(jamf_app, "appId"),
    );

    let assignments =
        values::id(jamf_app.item.id.as_deref()).and_then(|id| graph.app_role_assignments.get(&id));
    let Some(assignments) = assignments else {
        return;
    };
    let mut role_ids = Vec::new();
    let mut roles = Vec::new();
    for record in &assignments.records {
        // An all-zero role is default access, not a permission.
        let Some(role) = values::id(record.item.app_role_id.as_deref()) else {
            continue;
        };
        let resource = values::text(record.item.resource_display_name.as_deref())
            .or_else(|| values::text(record.item.resource_id.as_deref()))
            .unwrap_or("?");
        roles.push(format!("{resource}:{role}"));
        role_ids.push(role);
    }
    out.record(declared::JAMF_APP_ROLE_IDS, role_ids, assignments.file());
    out.record(declared::JAMF_APP_ROLES, roles, assignments.file());
}

fn emit_secrets(graph: &GraphRecords, app_id: Option<&str>, out: &mut Evidence) {
    let (Some(applications), Some(app_id)) = (graph.applications.as_ref(), app_id) else {
        return;
    };
    let application = applications
        .records
        .iter()
        .find(|record| values::id(record.item.app_id.as_deref()).as_deref() == Some(app_id));
    let Some(application) = application else {
        return;
    };
    // Without the property (left out by `$select`), the secrets are not known.
    let Some(secrets) = application.item.password_credentials.as_deref() else {
        return;
    };
    let count = i64::try_from(secrets.len()).unwrap_or(i64::MAX);
    out.record(
        declared::JAMF_APP_SECRET_COUNT,
        count,
        applications.at(application, "passwordCredentials"),
    );

    let mut latest = None;
    for (index, secret) in secrets.iter().enumerate() {
        let property = format!("passwordCredentials/{index}/endDateTime");
        let end = secret.end_date_time.as_deref();
        let Some(end) = applications.time(application, &property, end, out) else {
            continue;
        };
        if latest.as_ref().is_none_or(|(at, _)| end > *at) {
            latest = Some((end, property));
        }
    }
    if let Some((end, property)) = latest {
        out.record(
            declared::JAMF_APP_LATEST_SECRET_EXPIRY,
            end,
            applications.at(application, &property),
        );
    }
}

fn emit_connector(graph: &GraphRecords, out: &mut Evidence) {
    let Some(principals) = graph.service_principals.as_ref() else {
        return;
    };
    let connector = principals.records.iter().find(|record| {
        values::same(record.item.display_name.as_deref(), CONNECTOR_NAME)
            || values::same(record.item.app_display_name.as_deref(), CONNECTOR_NAME)
    });
    let Some(connector) = connector else {
        out.record(declared::CONNECTOR_PRESENT, false, principals.file());
        // No connector, no consent to it.
        out.record(
            declared::CONNECTOR_ADMIN_CONSENTED,
            false,
            principals.file(),
        );
        return;
    };
    out.record(
        declared::CONNECTOR_PRESENT,
        true,
        principals.at(connector, "displayName"),
    );

    let (Some(grants), Some(connector_id)) = (
        graph.grants.as_ref(),
        values::id(connector.item.id.as_deref()),
    ) else {
        return;
    };
    let consent = grants.records.iter().find(|record| {
        values::id(record.item.client_id.as_deref()).as_deref() == Some(connector_id.as_str())
            && values::same(record.item.consent_type.as_deref(), "AllPrincipals")
    });
    let provenance =
        consent.map_or_else(|| grants.file(), |record| grants.at(record, "consentType"));
    out.record(
        declared::CONNECTOR_ADMIN_CONSENTED,
        consent.is_some(),
        provenance,
    );
}
