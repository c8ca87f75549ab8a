//! `graph.compliance_policies.*`: how macOS compliance policies are assigned. The integration
//! evaluates policies for users only, so an assignment to all devices or to a group holding
//! devices is device targeting.

use jamf_triage_evidence::Evidence;

use crate::declared;
use crate::groups;
use crate::records::GraphRecords;
use crate::resource::Target;
use crate::values;

/// How one assignment of a macOS compliance policy was read.
enum Targeting {
    /// It targets devices.
    Devices(String),
    /// It does not.
    NotDevices(String),
    /// A group whose members were not collected.
    Unresolved(String),
}

/// Emits the policy facts.
pub(super) fn emit(graph: &GraphRecords, out: &mut Evidence) {
    let Some(policies) = graph.policies.as_ref() else {
        return;
    };
    let macos: Vec<_> = policies
        .records
        .iter()
        .filter(|record| {
            values::is_type(record.item.odata_type.as_deref(), "macOSCompliancePolicy")
        })
        .collect();
    let count = i64::try_from(macos.len()).unwrap_or(i64::MAX);
    out.record(
        declared::COMPLIANCE_POLICIES_MACOS_COUNT,
        count,
        policies.at_first(&macos, "@odata.type"),
    );

    let mut targets = Vec::new();
    let mut device_targets: Option<i64> = Some(0);
    for record in &macos {
        let policy = &record.item;
        let name = values::text(policy.display_name.as_deref())
            .or_else(|| values::text(policy.id.as_deref()))
            .unwrap_or("(unnamed)");
        // Without its expanded assignments, a policy's targeting cannot be decided.
        let Some(assignments) = policy.assignments.as_ref() else {
            device_targets = None;
            continue;
        };
        for assignment in assignments {
            let target = assignment.target.clone().unwrap_or_default().target();
            let targeting = classify(graph, target);
            let label = match &targeting {
                Targeting::Devices(label) => {
                    device_targets = device_targets.map(|count| count + 1);
                    label
                }
                Targeting::NotDevices(label) => label,
                Targeting::Unresolved(label) => {
                    device_targets = None;
                    label
                }
            };
            targets.push(format!("{name}: {label}"));
        }
    }
    let provenance = policies.at_first(&macos, "assignments");
    out.record(
        declared::COMPLIANCE_POLICIES_MACOS_TARGETS,
        targets,
        provenance.clone(),
    );
    if let Some(count) = device_targets {
        out.record(
            declared::COMPLIANCE_POLICIES_MACOS_DEVICE_TARGETS,
            count,
            provenance,
        );
    }
}

fn classify(graph: &GraphRecords, target: Target) -> Targeting {
    match target {
        Target::AllDevices => Targeting::Devices("all-devices".to_owned()),
        Target::AllLicensedUsers => Targeting::NotDevices("all-users".to_owned()),
        Target::Exclusion(id) => Targeting::NotDevices(format!("exclusion:{id}")),
        Target::Other(kind) => Targeting::NotDevices(format!("other:{kind}")),
        Target::Group(id) => match groups::resolve(&graph.group_members, &id) {
            None => Targeting::Unresolved(format!("unresolved-group:{id}")),
            Some(members) => match (members.has_devices, members.has_users) {
                (true, true) => Targeting::Devices(format!("mixed-group:{id}")),
                (true, false) => Targeting::Devices(format!("devices-group:{id}")),
                (false, true) => Targeting::NotDevices(format!("users-group:{id}")),
                (false, false) => Targeting::NotDevices(format!("empty-group:{id}")),
            },
        },
    }
}
