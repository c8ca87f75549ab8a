//! The Jamf Pro inventory of a whole fleet: read once, then the `jamf.computer.*` and
//! `jamf.device_compliance.*` facts of any serial number, each from an index rather than a scan.

use jamf_triage_evidence::{CollectInput, Evidence, SerialIndex};

use crate::inventory::Inventory;
use crate::{computer, device_compliance, notifications, server_log, version};

/// Records the server's own facts, which are the tenant's: its version, its notifications and
/// its log (the inventory and the device compliance files are read per Mac, through
/// [`FleetInventory`]).
pub fn collect_tenant(input: &CollectInput<'_>, out: &mut Evidence) {
    version::collect(input, out);
    notifications::collect(input, out);
    server_log::collect(input, out);
}

/// The computer records of `jamf-pro/computers-inventory.json`, by serial number.
#[derive(Debug)]
pub struct FleetInventory {
    inventory: Inventory,
    by_serial: SerialIndex,
    without_hardware: bool,
}

impl FleetInventory {
    /// Reads the inventory of `input`'s bundle once; problems of the file are recorded in
    /// `out`. `None` when the bundle holds no inventory (or it cannot be read at all).
    pub fn read(input: &CollectInput<'_>, out: &mut Evidence) -> Option<FleetInventory> {
        let inventory = Inventory::read(input, out)?;
        let without_hardware = computer::without_hardware(&inventory.computers, out);
        let by_serial = inventory.by_serial();
        Some(FleetInventory {
            inventory,
            by_serial,
            without_hardware,
        })
    }

    /// The serial numbers of the records (trimmed, upper case), each once, in file order.
    pub fn serials(&self) -> Vec<&str> {
        self.by_serial.serials()
    }

    /// How many records hold `serial` (trimmed, case-insensitive).
    pub fn record_count(&self, serial: &str) -> usize {
        self.by_serial.positions(serial).len()
    }

    /// The JSON pointers of the records without a serial number.
    pub fn without_serial(&self) -> Vec<String> {
        self.by_serial
            .without_serial()
            .iter()
            .filter_map(|at| self.inventory.computers.get(*at))
            .map(|computer| computer.pointer(""))
            .collect()
    }

    /// Whether the inventory holds every record its `totalCount` announces.
    pub fn complete(&self) -> bool {
        self.inventory.complete
    }

    /// Records the facts of `serial`'s records (as a one-Mac collection with that subject
    /// would), and those of its computer's device compliance file when the bundle holds one.
    pub fn collect(&self, input: &CollectInput<'_>, serial: &str, out: &mut Evidence) {
        if self.without_hardware || serial.trim().is_empty() {
            return;
        }
        let matching = self
            .by_serial
            .positions(serial)
            .iter()
            .filter_map(|at| self.inventory.computers.get(*at))
            .collect();
        let id = computer::collect_matching(matching, self.inventory.complete, out);
        if let Some(id) = id {
            device_compliance::collect(input, Some(&id), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::{MemoryArtifacts, Subject};

    use super::*;
    use crate::{facts, inventory};

    #[test]
    fn indexes_the_records_by_serial() {
        // The `ComputerInventorySearchResults` shape of Jamf's OpenAPI spec, minified as the
        // server sends it.
        let text = r#"{"totalCount":4,"results":[{"id":"1","hardware":{"serialNumber":"C02A"},"general":{"lastContactTime":"2024-06-01T08:00:00Z"}},{"id":"2","hardware":{"serialNumber":" c02a "}},{"id":"3","hardware":{"serialNumber":"C02B"}},{"id":"4","hardware":{}}]}"#;
        let artifacts = MemoryArtifacts::new().with(inventory::ARTIFACT.path, text);
        let subject = Subject::default();
        let input = CollectInput {
            artifacts: &artifacts,
            subject: &subject,
            collected_at: None,
            lines: &jamf_triage_evidence::EveryLine,
        };
        let mut out = Evidence::default();
        let fleet = FleetInventory::read(&input, &mut out).expect("inventory");
        assert_eq!(fleet.serials(), ["C02A", "C02B"]);
        assert_eq!(fleet.record_count("c02a"), 2);
        assert_eq!(fleet.without_serial(), ["/results/3"]);
        let mut mac = Evidence::default();
        fleet.collect(&input, "C02A", &mut mac);
        let count = mac.get(facts::COMPUTER_RECORD_COUNT.name());
        assert_eq!(count.map(|fact| fact.value.to_string()), Some("2".into()));
        assert!(mac.get(facts::COMPUTER_LAST_CONTACT.name()).is_some());
    }
}
