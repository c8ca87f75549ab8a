//! `graph.ca.registration_blocking_policies`: the conditional access policies that block the
//! Device Compliance registration (CATALOG.md, `ca-policy-blocks-registration`).
//!
//! A policy blocks it when it is `enabled` (a report-only policy blocks nothing), requires a
//! compliant or hybrid-joined device (with operator `AND`, or as its only control), covers all
//! resources (`includeApplications` has `All`) without excluding the User registration app for
//! Device Compliance (either cloud's id), covers macOS (`platforms` `null`, or including `macOS`
//! or `all` and not excluding them), and covers the subject user (`includeUsers` has `All` or the
//! user's object id) without excluding them. The user's object id comes from the user's Intune
//! record (`userPrincipalName` → `userId`).
//!
//! Each policy is judged in three values: it blocks, it does not, or it cannot be told (the
//! user's object id is unknown and the policy names users or groups; an excluded group's members
//! were not collected). The fact lists the policies that certainly block; when none certainly
//! blocks but one cannot be told, the fact is absent, so that the cause stays undetermined
//! instead of being ruled out by a policy that was never judged (real "require a compliant
//! device" policies nearly always exclude break-glass accounts). A field missing or `null` never
//! makes a policy count: what is not there is not guessed.

use jamf_triage_evidence::Evidence;

use super::apps::USER_REGISTRATION_APP_IDS;
use crate::declared;
use crate::groups;
use crate::records::GraphRecords;
use crate::resource::ConditionalAccessPolicy;
use crate::values;

/// Emits the fact when `conditionalAccessPolicies.json` was collected and read.
pub(super) fn emit(graph: &GraphRecords, user: Option<&str>, out: &mut Evidence) {
    if graph.ca_policies.is_some() {
        emit_for(graph, user_object_id(graph, user), out);
    }
}

/// Emits the fact for the user whose object id is `user_id` (`None`: unknown).
pub(crate) fn emit_for(graph: &GraphRecords, user_id: Option<String>, out: &mut Evidence) {
    let Some(policies) = graph.ca_policies.as_ref() else {
        return;
    };
    let mut blocking = Vec::new();
    let mut untold = false;
    for record in &policies.records {
        match blocks_registration(&record.item, graph, user_id.as_deref()) {
            Some(true) => blocking.push(
                values::text(record.item.display_name.as_deref())
                    .or_else(|| values::text(record.item.id.as_deref()))
                    .unwrap_or("?")
                    .to_owned(),
            ),
            Some(false) => {}
            None => untold = true,
        }
    }
    if blocking.is_empty() && untold {
        return;
    }
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

/// Whether `policy` blocks the registration: `None` when it cannot be told.
fn blocks_registration(
    policy: &ConditionalAccessPolicy,
    graph: &GraphRecords,
    user_id: Option<&str>,
) -> Option<bool> {
    if !covers_registration(policy) {
        return Some(false);
    }
    let Some(users) = policy.conditions.as_ref().and_then(|c| c.users.as_ref()) else {
        return Some(false);
    };
    let all = has(users.include_users.as_ref(), "All");
    let includes = match user_id {
        _ if all => true,
        Some(id) if has(users.include_users.as_ref(), id) => true,
        Some(id) => in_groups(users.include_groups.as_ref(), graph, id)?,
        // Named users or groups, and the user's id unknown: who is covered cannot be told.
        None if any(users.include_users.as_ref()) || any(users.include_groups.as_ref()) => {
            return None;
        }
        None => false,
    };
    if !includes {
        return Some(false);
    }
    let Some(user_id) = user_id else {
        // Who is excluded cannot be checked.
        return (!any(users.exclude_users.as_ref()) && !any(users.exclude_groups.as_ref()))
            .then_some(true);
    };
    if has(users.exclude_users.as_ref(), user_id) {
        return Some(false);
    }
    in_groups(users.exclude_groups.as_ref(), graph, user_id).map(|excluded| !excluded)
}

/// Whether user `id` is a member of one of `groups`: `None` when it is in none of those whose
/// members were collected and some were not collected.
fn in_groups(groups: Option<&Vec<String>>, graph: &GraphRecords, id: &str) -> Option<bool> {
    let mut untold = false;
    for group in groups
        .into_iter()
        .flatten()
        .filter_map(|g| values::id(Some(g)))
    {
        match groups::resolve(&graph.group_members, &group) {
            Some(members) if members.user_ids.iter().any(|member| member == id) => {
                return Some(true);
            }
            Some(_) => {}
            None => untold = true,
        }
    }
    (!untold).then_some(false)
}

/// Whether `policy` is enabled, requires a compliant or hybrid-joined device, covers all
/// resources without excluding the registration app, and covers macOS.
fn covers_registration(policy: &ConditionalAccessPolicy) -> bool {
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
    true
}
