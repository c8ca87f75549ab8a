//! `graph.partner.*` and `graph.compliance_partner.*`: the Jamf device management partner (the
//! legacy integration) and the compliance partner onboarded for macOS (its successor).

use std::cmp::Reverse;

use jamf_triage_evidence::Evidence;

use crate::declared;
use crate::envelope::Record;
use crate::groups;
use crate::records::{GraphRecords, Loaded};
use crate::resource::{ComplianceManagementPartner, DeviceManagementPartner, Target};
use crate::values;

/// Emits the partner facts; gives back the Jamf Pro app's id (`singleTenantAppId`) when known.
pub(super) fn emit(graph: &GraphRecords, out: &mut Evidence) -> Option<String> {
    emit_compliance_partner(graph, out);
    let partners = graph.partners.as_ref()?;
    let Some(jamf) = jamf_partner(partners) else {
        out.record(declared::PARTNER_PRESENT, false, partners.file());
        return None;
    };
    let partner = &jamf.item;
    out.record(declared::PARTNER_PRESENT, true, partners.at(jamf, ""));
    if let Some(state) = values::text(partner.partner_state.as_deref()) {
        out.record(
            declared::PARTNER_STATE,
            state,
            partners.at(jamf, "partnerState"),
        );
    }
    if let Some(configured) = partner.is_configured {
        out.record(
            declared::PARTNER_CONFIGURED,
            configured,
            partners.at(jamf, "isConfigured"),
        );
    }
    let heartbeat = partner.last_heartbeat_date_time.as_deref();
    if let Some(at) = partners.time(jamf, "lastHeartbeatDateTime", heartbeat, out) {
        out.record(
            declared::PARTNER_LAST_HEARTBEAT,
            at,
            partners.at(jamf, "lastHeartbeatDateTime"),
        );
    }
    let app_id = values::id(partner.single_tenant_app_id.as_deref());
    if let Some(app_id) = &app_id {
        out.record(
            declared::PARTNER_APP_ID,
            app_id.as_str(),
            partners.at(jamf, "singleTenantAppId"),
        );
    }
    emit_groups(graph, partners, jamf, out);
    app_id
}

/// Whether a partner's display name says Jamf (in any case).
fn names_jamf(display_name: Option<&str>) -> bool {
    values::text(display_name).is_some_and(|name| name.to_lowercase().contains("jamf"))
}

/// The Jamf partner: the one whose name says Jamf, preferring a configured and enabled one.
fn jamf_partner(
    partners: &Loaded<DeviceManagementPartner>,
) -> Option<&Record<DeviceManagementPartner>> {
    partners
        .records
        .iter()
        .filter(|record| names_jamf(record.item.display_name.as_deref()))
        .min_by_key(|record| {
            let partner = &record.item;
            Reverse((
                partner.is_configured == Some(true),
                values::same(partner.partner_state.as_deref(), "enabled"),
            ))
        })
}

fn emit_groups(
    graph: &GraphRecords,
    partners: &Loaded<DeviceManagementPartner>,
    jamf: &Record<DeviceManagementPartner>,
    out: &mut Evidence,
) {
    // Older versions of the API do not have the property: then the groups are not known.
    let Some(assignments) = jamf.item.groups_requiring_partner_enrollment.as_ref() else {
        return;
    };
    let group_ids: Vec<String> = assignments
        .iter()
        .filter_map(|assignment| match assignment.target.as_ref()?.target() {
            Target::Group(id) => Some(id),
            _ => None,
        })
        .collect();
    let provenance = partners.at(jamf, "groupsRequiringPartnerEnrollment");
    out.record(
        declared::PARTNER_GROUP_IDS,
        group_ids.clone(),
        provenance.clone(),
    );

    let mut user_ids: Vec<String> = Vec::new();
    for id in &group_ids {
        let Some(membership) = groups::resolve(&graph.group_members, id) else {
            return;
        };
        for user in membership.user_ids {
            if !user_ids.contains(&user) {
                user_ids.push(user);
            }
        }
    }
    let provenance = group_ids
        .first()
        .and_then(|id| graph.group_members.get(id))
        .map_or(provenance, Loaded::file);
    out.record(declared::PARTNER_MEMBER_USER_IDS, user_ids, provenance);
}

/// The Jamf compliance partner: the first whose name says Jamf (preferring one onboarded for
/// macOS), else the only one onboarded for macOS. `Err(())` when several others are onboarded
/// and none says Jamf: which one is Jamf's is not guessed.
fn jamf_compliance_partner(
    partners: &Loaded<ComplianceManagementPartner>,
) -> Result<Option<&Record<ComplianceManagementPartner>>, ()> {
    let named = partners
        .records
        .iter()
        .filter(|record| names_jamf(record.item.display_name.as_deref()))
        .min_by_key(|record| record.item.mac_os_onboarded != Some(true));
    if named.is_some() {
        return Ok(named);
    }
    let onboarded: Vec<&Record<ComplianceManagementPartner>> = partners
        .records
        .iter()
        .filter(|record| record.item.mac_os_onboarded == Some(true))
        .collect();
    match onboarded.as_slice() {
        [] => Ok(None),
        [only] => Ok(Some(*only)),
        _ => Err(()),
    }
}

/// `graph.compliance_partner.present`, `.last_heartbeat` and `.assignment_types`.
fn emit_jamf_compliance_partner(
    partners: &Loaded<ComplianceManagementPartner>,
    out: &mut Evidence,
) {
    let partner = match jamf_compliance_partner(partners) {
        Err(()) => return,
        Ok(None) => {
            out.record(declared::COMPLIANCE_PARTNER_PRESENT, false, partners.file());
            return;
        }
        Ok(Some(partner)) => partner,
    };
    out.record(
        declared::COMPLIANCE_PARTNER_PRESENT,
        true,
        partners.at(partner, "displayName"),
    );
    let heartbeat = partner.item.last_heartbeat_date_time.as_deref();
    if let Some(at) = partners.time(partner, "lastHeartbeatDateTime", heartbeat, out) {
        out.record(
            declared::COMPLIANCE_PARTNER_LAST_HEARTBEAT,
            at,
            partners.at(partner, "lastHeartbeatDateTime"),
        );
    }
    // Without the property (an older API, or `$select`), the assignments are not known.
    if let Some(assignments) = partner.item.mac_os_enrollment_assignments.as_ref() {
        let types: Vec<String> = assignments
            .iter()
            .filter_map(|assignment| assignment.target.as_ref())
            .map(|target| target.type_name().unwrap_or_else(|| "unknown".to_owned()))
            .collect();
        out.record(
            declared::COMPLIANCE_PARTNER_ASSIGNMENT_TYPES,
            types,
            partners.at(partner, "macOsEnrollmentAssignments"),
        );
    }
}

fn emit_compliance_partner(graph: &GraphRecords, out: &mut Evidence) {
    let Some(partners) = graph.compliance_partners.as_ref() else {
        return;
    };
    emit_jamf_compliance_partner(partners, out);
    let onboarded = partners
        .records
        .iter()
        .filter(|record| record.item.mac_os_onboarded == Some(true))
        .min_by_key(|record| !names_jamf(record.item.display_name.as_deref()));
    let Some(partner) = onboarded else {
        out.record(
            declared::COMPLIANCE_PARTNER_MACOS_ONBOARDED,
            false,
            partners.file(),
        );
        return;
    };
    out.record(
        declared::COMPLIANCE_PARTNER_MACOS_ONBOARDED,
        true,
        partners.at(partner, "macOsOnboarded"),
    );
    if let Some(state) = values::text(partner.item.partner_state.as_deref()) {
        out.record(
            declared::COMPLIANCE_PARTNER_STATE,
            state,
            partners.at(partner, "partnerState"),
        );
    }
}
