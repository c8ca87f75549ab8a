//! Collecting a fleet bundle: every Mac the bundle knows, each with its own evidence.
//!
//! The Macs are the serial numbers of the Jamf Pro inventory's computers, of the Intune managed
//! devices and of the `mac/<serial>/` folders, plus the subject of `context.yaml` when the bundle
//! has the one-Mac `mac/` folder (that folder is that subject's and no other Mac's). The files
//! are read once: the tenant's facts are collected once ([`Fleet::tenant`]); a Mac's evidence
//! ([`Fleet::evidence`]) is the tenant's facts, the server-side facts of its serial (inventory,
//! device compliance, Intune and Entra records, its user's licences and conditional access) and
//! the Mac-side facts of its own folder when the bundle holds one. Each Mac's evidence is built
//! when asked for, so that a fleet of any size is held once, as typed records, and never as one
//! evidence per Mac.
//!
//! Nothing that is wrong with one record stops the others: records without a serial number, a
//! serial in several records, an inventory that is one page of several, a Mac folder whose
//! serial no inventory knows, Entra devices no Mac points at are each listed in
//! [`Fleet::problems`]. A bundle without any Mac is [`FleetError::NoMac`].

use std::collections::{BTreeMap, HashSet};

use jamf_triage_bundle::Bundle;
use jamf_triage_collector_device::DeviceSource;
use jamf_triage_collector_graph::GraphSource;
use jamf_triage_collector_graph::fleet::{GraphFleet, IntuneUser};
use jamf_triage_collector_jamf_pro::fleet::{FleetInventory, collect_tenant};
use jamf_triage_collector_jamf_pro::{JamfProSource, facts as jamf_facts};
use jamf_triage_evidence::{
    CollectInput, EveryLine, Evidence, FactValue, LineNeeds, Source, Subject,
};
use jiff::{Timestamp, Zoned};

use crate::view::{MacFolders, View};
use crate::{Registry, TimeSource};

/// Why a bundle cannot be diagnosed as a fleet.
#[derive(Debug, thiserror::Error)]
pub enum FleetError {
    /// Neither an inventory, nor Intune, nor a Mac folder names any Mac.
    #[error(
        "the bundle holds no Mac: no computer in the Jamf Pro inventory, no Intune managed device \
         and no Mac folder with a serial number"
    )]
    NoMac,
}

/// What is wrong with a part of a fleet bundle; every kind is counted and listed, none stops
/// the diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FleetProblemKind {
    /// A record without a serial number: it cannot be told which Mac it is.
    NoSerial,
    /// The same serial number in several records of one file.
    SameSerial,
    /// The inventory holds fewer records than its `totalCount`: a page is missing.
    PageMissing,
    /// A `mac/<serial>/` folder whose serial is in no inventory (Jamf Pro or Intune).
    UnknownFolder,
    /// The one-Mac `mac/` folder, and no subject in `context.yaml` to say whose it is.
    FolderWithoutSubject,
    /// An Entra device that no Intune record points at.
    UnlinkedEntraDevice,
}

impl FleetProblemKind {
    /// A stable id, as the JSON output and CSV give it.
    pub fn id(self) -> &'static str {
        match self {
            FleetProblemKind::NoSerial => "no-serial",
            FleetProblemKind::SameSerial => "same-serial",
            FleetProblemKind::PageMissing => "page-missing",
            FleetProblemKind::UnknownFolder => "unknown-folder",
            FleetProblemKind::FolderWithoutSubject => "folder-without-subject",
            FleetProblemKind::UnlinkedEntraDevice => "unlinked-entra-device",
        }
    }
}

/// One problem of a fleet bundle: its kind, the artifact, and what in it (a JSON pointer, a
/// serial number, a device id).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct FleetProblem {
    /// What is wrong.
    pub kind: FleetProblemKind,
    /// The bundle path of the artifact or folder.
    pub artifact: String,
    /// The record, serial number or device id concerned.
    pub item: String,
}

/// One Mac of a fleet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FleetMac {
    /// Its serial number (upper case).
    pub serial: String,
    /// Its user, as its Intune records name them.
    pub user: Option<String>,
    /// Whether the Jamf Pro inventory has it.
    pub in_jamf: bool,
    /// Whether Intune has it.
    pub in_intune: bool,
    /// Whether the bundle holds its own artifacts (`mac/<serial>/`, or `mac/` for the subject
    /// of `context.yaml`).
    pub has_mac_folder: bool,
    intune_user: IntuneUser,
}

/// A fleet bundle, read: the tenant's evidence, the Macs and the problems.
pub struct Fleet<'b> {
    registry: &'b Registry,
    needs: &'b dyn LineNeeds,
    bundle: &'b Bundle,
    collected_at: Option<Zoned>,
    tenant: Evidence,
    base: Evidence,
    time: TimeSource,
    macs: Vec<FleetMac>,
    problems: Vec<FleetProblem>,
    inventory: Option<FleetInventory>,
    graph: Option<GraphFleet>,
    folders: MacFolders,
    context_serial: Option<String>,
}

impl std::fmt::Debug for Fleet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fleet")
            .field("macs", &self.macs.len())
            .field("problems", &self.problems.len())
            .finish_non_exhaustive()
    }
}

impl Registry {
    /// Reads `bundle` as a fleet: every Mac it knows, the tenant's evidence once (the "now" is
    /// chosen as [`Registry::collect`] chooses it). Every line of every lines fact is kept: see
    /// [`Registry::fleet_with`].
    ///
    /// # Errors
    /// [`FleetError::NoMac`] when the bundle names no Mac at all.
    pub fn fleet<'b>(
        &'b self,
        bundle: &'b Bundle,
        now: Option<Timestamp>,
    ) -> Result<Fleet<'b>, FleetError> {
        self.fleet_with(bundle, now, &EveryLine)
    }

    /// [`Registry::fleet`], keeping of each lines fact, for the tenant and for every Mac, only
    /// the lines `needs` asks for (as [`Registry::collect_with`] does).
    ///
    /// # Errors
    /// [`FleetError::NoMac`] when the bundle names no Mac at all.
    pub fn fleet_with<'b>(
        &'b self,
        bundle: &'b Bundle,
        now: Option<Timestamp>,
        needs: &'b dyn LineNeeds,
    ) -> Result<Fleet<'b>, FleetError> {
        let context = jamf_triage_collector_context::read_context(bundle.artifacts());
        let (observed_at, time, collected_at) =
            crate::collect::diagnosis_time(bundle, context.as_ref(), now);
        let mut tenant = Evidence::builder().observed_at(observed_at).build();
        for problem in bundle.problems() {
            tenant.add_problem(problem.clone());
        }
        let nobody = Subject::default();
        let input = CollectInput {
            artifacts: bundle.artifacts(),
            subject: &nobody,
            collected_at: collected_at.as_ref(),
            lines: needs,
        };
        let (mut inventory, mut graph) = (None, None);
        for source in self.sources() {
            match source.name() {
                name if name == DeviceSource.name() => {}
                name if name == JamfProSource.name() => {
                    collect_tenant(&input, &mut tenant);
                    inventory = FleetInventory::read(&input, &mut tenant);
                }
                name if name == GraphSource.name() => {
                    let read = GraphFleet::read(&input, &mut tenant);
                    read.collect_tenant(&input, &mut tenant);
                    graph = Some(read);
                }
                _ => source.collect(&input, &mut tenant),
            }
        }
        let mut base = Evidence::builder().observed_at(observed_at).build();
        for (name, fact) in tenant.facts() {
            base.insert(name, fact.clone());
        }
        let folders = match self.get(DeviceSource.name()) {
            Some(device) => {
                let specs = device.artifacts();
                MacFolders::new(&bundle.artifacts().paths(), device.folder(), |path| {
                    specs.iter().any(|spec| spec.matches(path))
                })
            }
            None => MacFolders::default(),
        };
        let context_serial = context
            .and_then(|context| context.subject.serial)
            .map(|serial| serial.trim().to_ascii_uppercase())
            .filter(|serial| !serial.is_empty());
        let mut fleet = Fleet {
            registry: self,
            needs,
            bundle,
            collected_at,
            tenant,
            base,
            time,
            macs: Vec::new(),
            problems: Vec::new(),
            inventory,
            graph,
            folders,
            context_serial,
        };
        fleet.enumerate();
        if fleet.macs.is_empty() {
            return Err(FleetError::NoMac);
        }
        Ok(fleet)
    }
}

impl<'b> Fleet<'b> {
    /// The tenant's evidence: the facts that are no Mac's, and every problem met reading the
    /// bundle's files.
    pub fn tenant(&self) -> &Evidence {
        &self.tenant
    }

    /// Where the "now" of the diagnosis came from.
    pub fn time(&self) -> TimeSource {
        self.time
    }

    /// Every Mac, by serial number.
    pub fn macs(&self) -> &[FleetMac] {
        &self.macs
    }

    /// What is wrong with parts of the bundle, sorted.
    pub fn problems(&self) -> &[FleetProblem] {
        &self.problems
    }

    /// The tenant's facts, without its problems: the evidence every Mac's own is laid over.
    pub fn base(&self) -> &Evidence {
        &self.base
    }

    /// The evidence of one Mac: the tenant's facts, its server-side facts and, when the bundle
    /// holds its folder, its Mac-side facts. Problems met reading its own files are in it.
    pub fn evidence(&self, mac: &FleetMac) -> Evidence {
        let mut out = self.base.clone();
        out.merge(self.own_evidence(mac));
        out.subject = Subject {
            serial: Some(mac.serial.clone()),
            user: mac.user.clone(),
        };
        out
    }

    /// The Mac's own evidence, without the tenant's facts: its server-side and Mac-side facts
    /// and the problems met reading its own files. Laid over [`Fleet::base`] it is
    /// [`Fleet::evidence`] (`Engine::evaluate_over` judges it so without a copy of the tenant's
    /// facts per Mac).
    pub fn own_evidence(&self, mac: &FleetMac) -> Evidence {
        let mut out = Evidence::default();
        out.observed_at = self.base.observed_at;
        out.subject = Subject {
            serial: Some(mac.serial.clone()),
            user: mac.user.clone(),
        };
        let subject = out.subject.clone();
        let collected_at = self.collected_at.as_ref();
        let device = self.registry.get(DeviceSource.name());
        if let (Some(device), Some(paths)) = (device, self.mac_paths(&mac.serial)) {
            let view = View::new(self.bundle.artifacts(), paths);
            let input = CollectInput {
                artifacts: &view,
                subject: &subject,
                collected_at,
                lines: self.needs,
            };
            device.collect(&input, &mut out);
        }
        let input = CollectInput {
            artifacts: self.bundle.artifacts(),
            subject: &subject,
            collected_at,
            lines: self.needs,
        };
        if let Some(inventory) = &self.inventory {
            inventory.collect(&input, &mac.serial, &mut out);
        }
        if let Some(graph) = &self.graph {
            let ids: Vec<String> = [
                jamf_facts::COMPUTER_AZURE_AD_DEVICE_IDS.name(),
                jamf_facts::DEVICE_COMPLIANCE_ENTRA_DEVICE_IDS.name(),
                jamf_triage_collector_device::facts::KEYCHAIN_WPJ_DEVICE_IDS.name(),
            ]
            .into_iter()
            .filter_map(|name| match out.get(name).map(|fact| &fact.value) {
                Some(FactValue::List(ids)) => Some(ids.clone()),
                _ => None,
            })
            .flatten()
            .collect();
            graph.collect_mac(&mac.serial, &ids, &mac.intune_user, &mut out);
        }
        out
    }

    /// The paths of the Mac's own artifacts, when the bundle holds them.
    fn mac_paths(&self, serial: &str) -> Option<Vec<String>> {
        if let Some((_, paths)) = self.folders.by_serial.get(serial) {
            return Some(paths.clone());
        }
        let direct =
            !self.folders.direct.is_empty() && self.context_serial.as_deref() == Some(serial);
        direct.then(|| self.folders.direct.clone())
    }

    /// Finds the Macs and the problems.
    fn enumerate(&mut self) {
        let mut macs: BTreeMap<String, FleetMac> = BTreeMap::new();
        fn add<'m>(macs: &'m mut BTreeMap<String, FleetMac>, serial: &str) -> &'m mut FleetMac {
            macs.entry(serial.to_owned()).or_insert_with(|| FleetMac {
                serial: serial.to_owned(),
                user: None,
                in_jamf: false,
                in_intune: false,
                has_mac_folder: false,
                intune_user: IntuneUser::default(),
            })
        }
        let mut problems = Vec::new();
        let inventory_path = jamf_triage_collector_jamf_pro::artifacts::INVENTORY.path;
        if let Some(inventory) = &self.inventory {
            for serial in inventory.serials() {
                add(&mut macs, serial).in_jamf = true;
                if inventory.record_count(serial) > 1 {
                    problems.push(problem(
                        FleetProblemKind::SameSerial,
                        inventory_path,
                        serial,
                    ));
                }
            }
            for pointer in inventory.without_serial() {
                problems.push(problem(
                    FleetProblemKind::NoSerial,
                    inventory_path,
                    &pointer,
                ));
            }
            if !inventory.complete() {
                problems.push(problem(FleetProblemKind::PageMissing, inventory_path, ""));
            }
        }
        if let Some(graph) = &self.graph {
            let managed = jamf_triage_collector_graph::artifacts::MANAGED_DEVICES.path;
            for serial in graph.serials() {
                let mac = add(&mut macs, serial);
                mac.in_intune = true;
                mac.intune_user = graph.user_of(serial);
                mac.user.clone_from(&mac.intune_user.user_principal_name);
                if graph.record_count(serial) > 1 {
                    problems.push(problem(FleetProblemKind::SameSerial, managed, serial));
                }
            }
            for pointer in graph.without_serial() {
                problems.push(problem(FleetProblemKind::NoSerial, managed, &pointer));
            }
            let devices = jamf_triage_collector_graph::artifacts::DEVICES.path;
            for id in graph.unlinked_entra_devices(&HashSet::new()) {
                problems.push(problem(FleetProblemKind::UnlinkedEntraDevice, devices, &id));
            }
        }
        let folder = self
            .registry
            .get(DeviceSource.name())
            .map_or("mac/", |device| device.folder());
        for (serial, (dir, _)) in &self.folders.by_serial {
            let mac = add(&mut macs, serial);
            mac.has_mac_folder = true;
            if !mac.in_jamf && !mac.in_intune {
                let path = format!("{folder}{dir}/");
                problems.push(problem(FleetProblemKind::UnknownFolder, &path, serial));
            }
        }
        if !self.folders.direct.is_empty() {
            match &self.context_serial {
                Some(serial) => add(&mut macs, serial).has_mac_folder = true,
                None => problems.push(problem(FleetProblemKind::FolderWithoutSubject, folder, "")),
            }
        }
        problems.sort();
        problems.dedup();
        self.macs = macs.into_values().collect();
        self.problems = problems;
    }
}

fn problem(kind: FleetProblemKind, artifact: &str, item: &str) -> FleetProblem {
    FleetProblem {
        kind,
        artifact: artifact.to_owned(),
        item: item.to_owned(),
    }
}
