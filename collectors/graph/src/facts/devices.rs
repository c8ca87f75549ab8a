//! `graph.intune.*` and `graph.entra.*`: the subject Mac's Intune records (by serial number) and
//! the tenant's Entra devices.

use std::collections::HashMap;

use jamf_triage_evidence::{Evidence, FactKey};

use crate::declared;
use crate::envelope::Record;
use crate::records::GraphRecords;
use crate::resource::{Device, ManagedDevice};
use crate::values;

/// Reads one text property of an Intune record.
type Property = fn(&ManagedDevice) -> Option<&str>;

/// The Entra devices by device id (lowercased), so that a Mac's devices are found without a scan.
#[derive(Debug, Default)]
pub(crate) struct EntraIndex {
    /// The positions of the records of `devices.json` by device id.
    by_id: HashMap<String, Vec<usize>>,
}

impl EntraIndex {
    /// Indexes `graph`'s Entra devices.
    pub(crate) fn new(graph: &GraphRecords) -> Self {
        let mut by_id: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, record) in graph
            .devices
            .iter()
            .flat_map(|devices| devices.records.iter().enumerate())
        {
            if let Some(id) = values::guid(record.item.device_id.as_deref()) {
                by_id.entry(id).or_default().push(at);
            }
        }
        Self { by_id }
    }

    /// Whether an Entra device has the id `id` (lowercased).
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// The records of the devices whose id is `id` (lowercased).
    pub(crate) fn records<'g>(&self, graph: &'g GraphRecords, id: &str) -> Vec<&'g Record<Device>> {
        let (Some(devices), Some(at)) = (graph.devices.as_ref(), self.by_id.get(id)) else {
            return Vec::new();
        };
        at.iter()
            .filter_map(|at| devices.records.get(*at))
            .collect()
    }
}

/// Emits the device facts; the `graph.intune.*` ones only for a subject serial.
pub(super) fn emit(graph: &GraphRecords, serial: Option<&str>, out: &mut Evidence) {
    emit_tenant(graph, out);
    let (Some(managed), Some(serial)) = (graph.managed_devices.as_ref(), values::text(serial))
    else {
        return;
    };
    let records: Vec<&Record<ManagedDevice>> = managed
        .records
        .iter()
        .filter(|record| {
            values::text(record.item.serial_number.as_deref())
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(serial))
        })
        .collect();
    emit_mac(graph, &EntraIndex::new(graph), &records, out);
}

/// Emits `graph.entra.device_ids` and `graph.entra.compliant_device_ids`, every Entra device
/// (a `deviceId` that is not a GUID is never joined on: it is noted in
/// `graph.ignored_device_ids`).
pub(crate) fn emit_tenant(graph: &GraphRecords, out: &mut Evidence) {
    if let Some(devices) = graph.devices.as_ref() {
        let mut ignored = Ignored::default();
        for record in &devices.records {
            ignored.check("deviceId", record.item.device_id.as_deref(), || {
                devices.file()
            });
        }
        ignored.record(out);
        let ids: Vec<String> = devices
            .records
            .iter()
            .filter_map(|record| values::guid(record.item.device_id.as_deref()))
            .collect();
        let compliant: Vec<String> = devices
            .records
            .iter()
            .filter(|record| record.item.is_compliant == Some(true))
            .filter_map(|record| values::guid(record.item.device_id.as_deref()))
            .collect();
        out.record(declared::ENTRA_DEVICE_IDS, ids, devices.file());
        out.record(
            declared::ENTRA_COMPLIANT_DEVICE_IDS,
            compliant,
            devices.file(),
        );
    }
}

/// Device ids that are not GUIDs, with the provenance of the first.
#[derive(Default)]
struct Ignored {
    found: Option<(Vec<String>, jamf_triage_evidence::Provenance)>,
}

impl Ignored {
    /// Notes `value` of `field` when it is an id but not a GUID.
    fn check(
        &mut self,
        field: &str,
        value: Option<&str>,
        provenance: impl FnOnce() -> jamf_triage_evidence::Provenance,
    ) {
        let Some(id) = values::id(value).filter(|id| !values::is_guid(id)) else {
            return;
        };
        let note = format!("{field}: {id}");
        match &mut self.found {
            Some((ids, _)) => {
                if !ids.contains(&note) {
                    ids.push(note);
                }
            }
            None => self.found = Some((vec![note], provenance())),
        }
    }

    /// Adds what was noted to `graph.ignored_device_ids` (after any notes already there).
    fn record(self, out: &mut Evidence) {
        let Some((mut ids, provenance)) = self.found else {
            return;
        };
        let earlier = out
            .get(declared::IGNORED_DEVICE_IDS.name())
            .map(|fact| (fact.value.clone(), fact.provenance.clone()));
        let provenance = match earlier {
            Some((jamf_triage_evidence::FactValue::List(mut before), first)) => {
                before.retain(|id| !ids.contains(id));
                before.append(&mut ids);
                ids = before;
                first
            }
            _ => provenance,
        };
        out.record(declared::IGNORED_DEVICE_IDS, ids, provenance);
    }
}

/// Emits the `graph.intune.*` facts of one Mac from `records`, its Intune records, and the
/// `graph.entra.*` facts of the Entra devices they point at.
pub(crate) fn emit_mac(
    graph: &GraphRecords,
    entra: &EntraIndex,
    records: &[&Record<ManagedDevice>],
    out: &mut Evidence,
) {
    let Some(managed) = graph.managed_devices.as_ref() else {
        return;
    };
    let count = i64::try_from(records.len()).unwrap_or(i64::MAX);
    out.record(
        declared::INTUNE_RECORD_COUNT,
        count,
        managed.at_first(records, "serialNumber"),
    );

    let mut ignored = Ignored::default();
    for record in records {
        ignored.check(
            "azureADDeviceId",
            record.item.azure_ad_device_id.as_deref(),
            || managed.at_first(&[*record], "azureADDeviceId"),
        );
    }
    ignored.record(out);
    let azure_ids: Vec<String> = records
        .iter()
        .filter_map(|record| values::guid(record.item.azure_ad_device_id.as_deref()))
        .collect();
    out.record(
        declared::INTUNE_AZURE_AD_DEVICE_IDS,
        azure_ids.clone(),
        managed.at_first(records, "azureADDeviceId"),
    );
    let compliant: Vec<&Record<ManagedDevice>> = records
        .iter()
        .copied()
        .filter(|record| values::same(record.item.compliance_state.as_deref(), "compliant"))
        .collect();
    let compliant_ids: Vec<String> = compliant
        .iter()
        .filter_map(|record| values::guid(record.item.azure_ad_device_id.as_deref()))
        .collect();
    out.record(
        declared::INTUNE_COMPLIANT_AZURE_AD_DEVICE_IDS,
        compliant_ids,
        managed.at_first(&compliant, "azureADDeviceId"),
    );
    let lists: [(FactKey<Vec<String>>, &str, Property); 4] = [
        (declared::INTUNE_MANAGEMENT_AGENTS, "managementAgent", |d| {
            d.management_agent.as_deref()
        }),
        (declared::INTUNE_COMPLIANCE_STATES, "complianceState", |d| {
            d.compliance_state.as_deref()
        }),
        (
            declared::INTUNE_REGISTRATION_STATES,
            "deviceRegistrationState",
            |d| d.device_registration_state.as_deref(),
        ),
        (declared::INTUNE_USER_IDS, "userId", |d| {
            d.user_id.as_deref()
        }),
    ];
    for (fact, property, read) in lists {
        let items: Vec<String> = records
            .iter()
            .filter_map(|record| values::text(read(&record.item)).map(str::to_owned))
            .collect();
        out.record(fact, items, managed.at_first(records, property));
    }

    if let Some(devices) = graph.devices.as_ref() {
        let linked: Vec<String> = azure_ids
            .into_iter()
            .filter(|id| entra.contains(id))
            .collect();
        let mut mdm_app_ids: Vec<String> = Vec::new();
        let mut first = None;
        let mut linked_records: Vec<&Record<Device>> = linked
            .iter()
            .flat_map(|id| entra.records(graph, id))
            .collect();
        // In file order, each record once, as a scan of the file would meet them.
        linked_records.sort_unstable_by_key(|record| record.index);
        linked_records.dedup_by_key(|record| record.index);
        for record in linked_records {
            let Some(app) = values::text(record.item.mdm_app_id.as_deref()) else {
                continue;
            };
            let app = app.to_ascii_lowercase();
            if !mdm_app_ids.contains(&app) {
                mdm_app_ids.push(app);
            }
            first.get_or_insert(record);
        }
        if let Some(record) = first {
            out.record(
                declared::ENTRA_MDM_APP_IDS,
                mdm_app_ids,
                devices.at(record, "mdmAppId"),
            );
        }
        out.record(
            declared::ENTRA_INTUNE_LINKED_DEVICE_IDS,
            linked,
            devices.file(),
        );
    }
}
