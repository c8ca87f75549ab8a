//! Records of a fleet by serial number: where each serial's records are in a list, so that a
//! source reading a whole tenant finds a Mac's records without scanning them all.

use std::collections::HashMap;

/// The positions of a list's records by serial number (trimmed, upper case); records without a
/// serial number are kept apart.
///
/// ```
/// use jamf_triage_evidence::SerialIndex;
/// let index = SerialIndex::new([Some("C02A"), Some(" c02a "), None, Some("C02B")]);
/// assert_eq!(index.serials(), ["C02A", "C02B"]);
/// assert_eq!(index.positions("c02a"), [0, 1]);
/// assert_eq!(index.without_serial(), [2]);
/// ```
#[derive(Debug, Clone, Default)]
pub struct SerialIndex {
    by_serial: HashMap<String, Vec<usize>>,
}

impl SerialIndex {
    /// Indexes a list by the serial number of each record, in order (`None` or blank: none).
    pub fn new<'a>(serials: impl IntoIterator<Item = Option<&'a str>>) -> Self {
        let mut by_serial: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, serial) in serials.into_iter().enumerate() {
            let serial = serial.map(normal).unwrap_or_default();
            by_serial.entry(serial).or_default().push(at);
        }
        Self { by_serial }
    }

    /// The serial numbers (trimmed, upper case), each once, in the order of their first record.
    pub fn serials(&self) -> Vec<&str> {
        let mut serials: Vec<(usize, &str)> = self
            .by_serial
            .iter()
            .filter(|(serial, _)| !serial.is_empty())
            .filter_map(|(serial, at)| at.first().map(|first| (*first, serial.as_str())))
            .collect();
        serials.sort_unstable();
        serials.into_iter().map(|(_, serial)| serial).collect()
    }

    /// The positions of the records of `serial` (trimmed, case-insensitive).
    pub fn positions(&self, serial: &str) -> &[usize] {
        let serial = normal(serial);
        if serial.is_empty() {
            return &[];
        }
        self.by_serial.get(&serial).map_or(&[], Vec::as_slice)
    }

    /// The positions of the records without a serial number.
    pub fn without_serial(&self) -> &[usize] {
        self.by_serial.get("").map_or(&[], Vec::as_slice)
    }
}

fn normal(serial: &str) -> String {
    serial.trim().to_ascii_uppercase()
}
