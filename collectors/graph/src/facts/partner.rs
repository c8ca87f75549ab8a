//! `graph.partner.*` and `graph.compliance_partner.*`: the Jamf device management partner (the
//! legacy integration) and the compliance partner onboarded for macOS (its successor).

use std::cmp::Reverse;

use jamf_triage_core::Evidence;

use crate::artifacts::{GraphArtifacts, Loaded};
use crate::envelope::Record;
use crate::groups;
use crate::resource::{DeviceManagementPartner, Target};
use crate::values;

/// Emits the partner facts; gives back the Jamf Pro app's id (`singleTenantAppId`) when known.
pub(super) fn emit(graph: &GraphArtifacts, out: &mut Evidence) -> Option<String> {
    emit_compliance_partner(graph, out);
    let partners = graph.partners.as_ref()?;
    let Some(jamf) = jamf_partner(partners) else {
        out.set("graph.partner.present", false, partners.file());
        return None;
    };
    let partner = &jamf.item;
    out.set("graph.partner.present", true, partners.at(jamf, ""));
    if let Some(state) = values::text(partner.partner_state.as_deref()) {
        out.set(
            "graph.partner.state",
            state,
            partners.at(jamf, "partnerState"),
        );
    }
    if let Some(configured) = partner.is_configured {
        out.set(
            "graph.partner.configured",
            configured,
            partners.at(jamf, "isConfigured"),
        );
    }
    let heartbeat = partner.last_heartbeat_date_time.as_deref();
    if let Some(at) = partners.time(jamf, "lastHeartbeatDateTime", heartbeat, out) {
        out.set(
            "graph.partner.last_heartbeat",
            at,
            partners.at(jamf, "lastHeartbeatDateTime"),
        );
    }
    let app_id = values::id(partner.single_tenant_app_id.as_deref());
    if let Some(app_id) = &app_id {
        out.set(
            "graph.partner.app_id",
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
    graph: &GraphArtifacts,
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
    out.set(
        "graph.partner.group_ids",
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
    out.set("graph.partner.member_user_ids", user_ids, provenance);
}

fn emit_compliance_partner(graph: &GraphArtifacts, out: &mut Evidence) {
    let Some(partners) = graph.compliance_partners.as_ref() else {
        return;
    };
    let onboarded = partners
        .records
        .iter()
        .filter(|record| record.item.mac_os_onboarded == Some(true))
        .min_by_key(|record| !names_jamf(record.item.display_name.as_deref()));
    let Some(partner) = onboarded else {
        out.set(
            "graph.compliance_partner.macos_onboarded",
            false,
            partners.file(),
        );
        return;
    };
    out.set(
        "graph.compliance_partner.macos_onboarded",
        true,
        partners.at(partner, "macOsOnboarded"),
    );
    if let Some(state) = values::text(partner.item.partner_state.as_deref()) {
        out.set(
            "graph.compliance_partner.state",
            state,
            partners.at(partner, "partnerState"),
        );
    }
}
