//! `graph.ca.registration_blocking_policies`: the conditional access policies that block the
//! Device Compliance registration (CATALOG.md, `ca-policy-blocks-registration`).
//!
//! A policy blocks it when it is `enabled` (a report-only policy blocks nothing), requires a
//! compliant or hybrid-joined device (with operator `AND`, or as its only control), covers all
//! resources (`includeApplications` has `All`) without excluding the User registration app for
//! Device Compliance (either cloud's id), covers macOS (`platforms` `null`, or including `macOS`
//! or `all` and not excluding them), and covers the subject user (`includeUsers` has `All` or the
//! user's object id) without excluding them. The user's object id comes from the user's Intune
//! record (`userPrincipalName` → `userId`). When it is unknown, a policy that excludes users or
//! groups is left out; when it is known, a policy that excludes a group is left out unless the
//! group's members were collected and the user is not among them. A field missing or `null`
//! never makes a policy count: what is not there is not guessed.

use jamf_triage_evidence::Evidence;

use super::apps::USER_REGISTRATION_APP_IDS;
use crate::declared;
use crate::groups;
use crate::records::GraphRecords;
use crate::resource::ConditionalAccessPolicy;
use crate::values;

/// Emits the fact when `conditionalAccessPolicies.json` was collected and read.
pub(super) fn emit(graph: &GraphRecords, user: Option<&str>, out: &mut Evidence) {
    let Some(policies) = graph.ca_policies.as_ref() else {
        return;
    };
    let user_id = user_object_id(graph, user);
    let blocking: Vec<String> = policies
        .records
        .iter()
        .filter(|record| blocks_registration(&record.item, graph, user_id.as_deref()))
        .map(|record| {
            values::text(record.item.display_name.as_deref())
                .or_else(|| values::text(record.item.id.as_deref()))
                .unwrap_or("?")
                .to_owned()
        })
        .collect();
    out.record(
        declared::CA_REGISTRATION_BLOCKING_POLICIES,
        blocking,
        policies.file(),
    );
}

/// The subject user's object id, from an Intune record of that user principal name.
fn user_object_id(graph: &GraphRecords, user: Option<&str>) -> Option<String> {
    let user = values::text(user)?;
    graph
        .managed_devices
        .as_ref()?
        .records
        .iter()
        .find_map(|record| {
            values::same(record.item.user_principal_name.as_deref(), user)
                .then(|| values::id(record.item.user_id.as_deref()))
                .flatten()
        })
}

/// Whether any of `list` is `wanted` (ignoring case).
fn has(list: Option<&Vec<String>>, wanted: &str) -> bool {
    list.is_some_and(|list| list.iter().any(|item| values::same(Some(item), wanted)))
}

/// Whether `list` holds at least one non-blank entry.
fn any(list: Option<&Vec<String>>) -> bool {
    list.is_some_and(|list| list.iter().any(|item| values::text(Some(item)).is_some()))
}

fn blocks_registration(
    policy: &ConditionalAccessPolicy,
    graph: &GraphRecords,
    user_id: Option<&str>,
) -> bool {
    if !values::same(policy.state.as_deref(), "enabled") {
        return false;
    }
    let Some(grant) = policy.grant_controls.as_ref() else {
        return false;
    };
    let controls = grant.built_in_controls.as_ref();
    let device_control = has(controls, "compliantDevice") || has(controls, "domainJoinedDevice");
    let only = controls.is_some_and(|controls| controls.len() == 1);
    if !device_control || !(only || values::same(grant.operator.as_deref(), "AND")) {
        return false;
    }
    let Some(conditions) = policy.conditions.as_ref() else {
        return false;
    };
    let Some(applications) = conditions.applications.as_ref() else {
        return false;
    };
    if !has(applications.include_applications.as_ref(), "All")
        || USER_REGISTRATION_APP_IDS
            .iter()
            .any(|id| has(applications.exclude_applications.as_ref(), id))
    {
        return false;
    }
    if let Some(platforms) = conditions.platforms.as_ref() {
        let covers = |list| has(list, "macOS") || has(list, "all");
        if !covers(platforms.include_platforms.as_ref())
            || covers(platforms.exclude_platforms.as_ref())
        {
            return false;
        }
    }
    let Some(users) = conditions.users.as_ref() else {
        return false;
    };
    let includes = has(users.include_users.as_ref(), "All")
        || user_id.is_some_and(|id| has(users.include_users.as_ref(), id));
    if !includes {
        return false;
    }
    let Some(user_id) = user_id else {
        // Who is excluded cannot be checked.
        return !any(users.exclude_users.as_ref()) && !any(users.exclude_groups.as_ref());
    };
    if has(users.exclude_users.as_ref(), user_id) {
        return false;
    }
    users
        .exclude_groups
        .iter()
        .flatten()
        .filter_map(|group| values::id(Some(group)))
        .all(|group| {
            groups::resolve(&graph.group_members, &group)
                .is_some_and(|members| !members.user_ids.iter().any(|id| id == user_id))
        })
}
