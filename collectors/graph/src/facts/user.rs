//! `graph.user.*`: the subject user's service plans, from `graph/licenseDetails/<upn>.json`.

use jamf_triage_evidence::Evidence;

use crate::declared;
use crate::records::GraphRecords;
use crate::values;

/// Emits the licence facts for the subject user, when there is one and their file was collected.
pub(crate) fn emit(graph: &GraphRecords, user: Option<&str>, out: &mut Evidence) {
    let Some(user) = values::text(user) else {
        return;
    };
    let Some(licences) = graph.license_details.get(&user.to_lowercase()) else {
        return;
    };
    let mut active = Vec::new();
    let mut all = Vec::new();
    for record in &licences.records {
        for plan in record.item.service_plans.iter().flatten() {
            let Some(name) = values::text(plan.service_plan_name.as_deref()) else {
                continue;
            };
            let status = values::text(plan.provisioning_status.as_deref()).unwrap_or("unknown");
            if status.eq_ignore_ascii_case("Success") && !active.iter().any(|n: &String| n == name)
            {
                active.push(name.to_owned());
            }
            let entry = format!("{name}:{status}");
            if !all.contains(&entry) {
                all.push(entry);
            }
        }
    }
    out.record(declared::USER_LICENSED_PLANS, active, licences.file());
    out.record(declared::USER_ALL_PLANS, all, licences.file());
}
