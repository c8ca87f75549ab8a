//! The Graph records of a whole fleet: read once, then the tenant's facts once and any Mac's
//! `graph.intune.*`, `graph.entra.*` and user facts from indexes rather than scans.
//!
//! A Mac's evidence holds `graph.entra.device_ids` and `graph.entra.compliant_device_ids`
//! narrowed to the Entra devices that Mac can be (its Intune records' `azureADDeviceId`s and the
//! ids the caller adds, such as Jamf Pro's or the workplace-join certificate's): the rules only
//! ask whether a Mac's ids are among them, which the narrowed lists answer as the whole lists
//! would, without a copy of every device id per Mac.

use jamf_triage_evidence::{CollectInput, Evidence, SerialIndex, Subject};

use crate::envelope::Record;
use crate::facts::{self, conditional_access, devices, user};
use crate::records::GraphRecords;
use crate::resource::ManagedDevice;
use crate::{declared, values};

/// The `graph/` records of a bundle, with its Intune records indexed by serial number.
#[derive(Debug)]
pub struct GraphFleet {
    graph: GraphRecords,
    entra: devices::EntraIndex,
    /// Positions of `managedDevices.json` records by serial number.
    by_serial: SerialIndex,
}

/// What a Mac's Intune records say about who uses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IntuneUser {
    /// The user principal name of the first record that has one.
    pub user_principal_name: Option<String>,
    /// The user's object id, from the same record.
    pub user_id: Option<String>,
}

impl GraphFleet {
    /// Reads every `graph/` artifact of `input`'s bundle once; problems go to `out`.
    pub fn read(input: &CollectInput<'_>, out: &mut Evidence) -> GraphFleet {
        let graph = GraphRecords::read(input, out);
        let entra = devices::EntraIndex::new(&graph);
        let by_serial = SerialIndex::new(
            graph
                .managed_devices
                .iter()
                .flat_map(|managed| managed.records.iter())
                .map(|record| record.item.serial_number.as_deref()),
        );
        GraphFleet {
            graph,
            entra,
            by_serial,
        }
    }

    /// Records the tenant's facts (partner, apps, policies, conditional access for an unknown
    /// user), without the Entra device lists (see the module's notes).
    pub fn collect_tenant(&self, input: &CollectInput<'_>, out: &mut Evidence) {
        let subject = Subject::default();
        let tenant = CollectInput {
            artifacts: input.artifacts,
            subject: &subject,
            collected_at: input.collected_at,
            lines: input.lines,
        };
        facts::emit_without_devices(&self.graph, &tenant, out);
    }

    /// The serial numbers of the Intune records (trimmed, upper case), each once, in file
    /// order.
    pub fn serials(&self) -> Vec<&str> {
        self.by_serial.serials()
    }

    /// How many Intune records hold `serial`.
    pub fn record_count(&self, serial: &str) -> usize {
        self.by_serial.positions(serial).len()
    }

    /// The JSON pointers of the Intune records without a serial number.
    pub fn without_serial(&self) -> Vec<String> {
        self.by_serial
            .without_serial()
            .iter()
            .map(|at| format!("/value/{at}"))
            .collect()
    }

    /// The ids of the Entra devices that no Intune record points at and that are not in
    /// `known` (the ids other sources tie to a Mac), in file order.
    pub fn unlinked_entra_devices(&self, known: &std::collections::HashSet<String>) -> Vec<String> {
        let linked: std::collections::HashSet<String> = self
            .graph
            .managed_devices
            .iter()
            .flat_map(|managed| managed.records.iter())
            .filter_map(|record| values::id(record.item.azure_ad_device_id.as_deref()))
            .collect();
        self.graph
            .devices
            .iter()
            .flat_map(|devices| devices.records.iter())
            .filter_map(|record| values::id(record.item.device_id.as_deref()))
            .filter(|id| !linked.contains(id) && !known.contains(id))
            .collect()
    }

    /// Who uses `serial`'s Mac, as its Intune records say.
    pub fn user_of(&self, serial: &str) -> IntuneUser {
        self.records(serial)
            .into_iter()
            .find_map(|record| {
                values::text(record.item.user_principal_name.as_deref()).map(|upn| IntuneUser {
                    user_principal_name: Some(upn.to_owned()),
                    user_id: values::id(record.item.user_id.as_deref()),
                })
            })
            .unwrap_or_default()
    }

    /// Records the facts of one Mac: its Intune records (`graph.intune.*`), the Entra devices
    /// they point at, the Entra device lists narrowed to the Mac's `other_ids` and Intune ids,
    /// and the facts of `user` (licences, conditional access) when known.
    pub fn collect_mac(
        &self,
        serial: &str,
        other_ids: &[String],
        user: &IntuneUser,
        out: &mut Evidence,
    ) {
        let records = self.records(serial);
        if self.graph.managed_devices.is_some() && !serial.trim().is_empty() {
            devices::emit_mac(&self.graph, &self.entra, &records, out);
        }
        if let Some(devices) = self.graph.devices.as_ref() {
            let mut candidates: Vec<String> = records
                .iter()
                .filter_map(|record| values::id(record.item.azure_ad_device_id.as_deref()))
                .chain(other_ids.iter().filter_map(|id| values::id(Some(id))))
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            let mut ids = Vec::new();
            let mut compliant = Vec::new();
            for id in candidates {
                let found = self.entra.records(&self.graph, &id);
                if found.is_empty() {
                    continue;
                }
                if found
                    .iter()
                    .any(|record| record.item.is_compliant == Some(true))
                {
                    compliant.push(id.clone());
                }
                ids.push(id);
            }
            out.record(declared::ENTRA_DEVICE_IDS, ids, devices.file());
            out.record(
                declared::ENTRA_COMPLIANT_DEVICE_IDS,
                compliant,
                devices.file(),
            );
        }
        user::emit(&self.graph, user.user_principal_name.as_deref(), out);
        if user.user_principal_name.is_some() || user.user_id.is_some() {
            conditional_access::emit_for(&self.graph, user.user_id.clone(), out);
        }
    }

    fn records(&self, serial: &str) -> Vec<&Record<ManagedDevice>> {
        let Some(managed) = self.graph.managed_devices.as_ref() else {
            return Vec::new();
        };
        self.by_serial
            .positions(serial)
            .iter()
            .filter_map(|at| managed.records.get(*at))
            .collect()
    }
}
