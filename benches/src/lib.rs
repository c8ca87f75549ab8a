//! # jamf-triage-benches
//!
//! What the benchmarks measure with:
//!
//! - the generator of the fleet bundle the fleet benchmark and the fleet tests measure with
//!   ([`generate_tenant`]): a tenant of any number of Macs, its Jamf Pro inventory and its Graph
//!   responses written minified (one line per response, as Jamf Pro and Graph return them), with
//!   problems planted in known Macs so that a diagnosis can be checked to count exactly them;
//! - the generator of large logs ([`grow`]): an example bundle copied with its logs grown to any
//!   size by repeating their own lines, the verdicts unchanged;
//! - the patterns the rule pack applies to each log file ([`patterns`]), for ripgrep to search;
//! - a hand-written baseline that decides the built-in pack's causes ([`baseline`]), for the
//!   engine to be compared with.
//!
//! ```no_run
//! let planted = jamf_triage_benches::generate_tenant(std::path::Path::new("/tmp/tenant"), 2_000)?;
//! assert_eq!(planted.stale_checkin.len(), 40);
//! # Ok::<(), std::io::Error>(())
//! ```

pub mod baseline;
pub mod grow;
pub mod patterns;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// The "now" of a generated tenant (its manifest's `collected_at`).
pub const OBSERVED_AT: &str = "2026-03-02T12:00:00Z";

/// Which Macs of a generated tenant carry a planted problem, by serial number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planted {
    /// Every serial number, in order.
    pub serials: Vec<String>,
    /// Every 50th Mac (0, 50, 100, ...): Jamf Pro's last check-in is three days old.
    pub stale_checkin: Vec<String>,
    /// Every 100th Mac (0, 100, 200, ...): Intune holds two records of its serial number.
    pub duplicated_intune: Vec<String>,
}

/// The serial number of Mac number `index`.
pub fn serial(index: usize) -> String {
    format!("FLT{index:09}")
}

/// A GUID derived from `index` and a `kind` digit, unique per (kind, index).
fn guid(kind: u8, index: usize) -> String {
    format!("{index:08x}-{kind:04x}-4000-8000-{index:012x}")
}

/// Writes a fleet bundle of `macs` Macs into `dir` (created if needed): `manifest.yaml`,
/// `jamf-pro/computers-inventory.json`, `graph/managedDevices.json`, `graph/devices.json` and
/// `graph/deviceManagementPartners.json`, each minified on one line.
///
/// Every Mac is in the inventory, in Intune (managed by Jamf, compliant, registered) and in Entra
/// ID; every 50th checked in three days before the bundle's time, every 100th has a second
/// Intune record.
///
/// # Errors
/// Any I/O error writing the files.
pub fn generate_tenant(dir: &Path, macs: usize) -> std::io::Result<Planted> {
    std::fs::create_dir_all(dir.join("jamf-pro"))?;
    std::fs::create_dir_all(dir.join("graph"))?;
    std::fs::write(
        dir.join("manifest.yaml"),
        format!("collected_at: {OBSERVED_AT}\ncollected_by: jamf-triage-benches generate_tenant\n"),
    )?;
    let mut planted = Planted::default();
    let fresh = "2026-03-02T11:50:00Z";
    let stale = "2026-02-27T12:00:00Z";

    let mut inventory = std::io::BufWriter::new(std::fs::File::create(
        dir.join("jamf-pro/computers-inventory.json"),
    )?);
    write!(inventory, "{{\"totalCount\":{macs},\"results\":[")?;
    let mut record = String::new();
    for index in 0..macs {
        let serial = serial(index);
        let contact = if index % 50 == 0 {
            planted.stale_checkin.push(serial.clone());
            stale
        } else {
            fresh
        };
        if index % 100 == 0 {
            planted.duplicated_intune.push(serial.clone());
        }
        record.clear();
        let _ = write!(
            record,
            "{comma}{{\"id\":\"{id}\",\"udid\":\"{udid}\",\"general\":{{\"name\":\"Mac {index}\",\
             \"lastIpAddress\":\"10.0.{a}.{b}\",\"lastContactTime\":\"{contact}\",\
             \"reportDate\":\"{contact}\",\"remoteManagement\":{{\"managed\":true,\
             \"managementUsername\":\"jamfadmin\"}},\"supervised\":false,\"mdmCapable\":\
             {{\"capable\":true,\"capableUsers\":[\"user{index}\"]}}}},\"hardware\":{{\
             \"make\":\"Apple\",\"model\":\"MacBook Pro (14-inch, 2023)\",\"modelIdentifier\":\
             \"Mac14,9\",\"serialNumber\":\"{serial}\",\"processorType\":\"Apple M2 Pro\"}},\
             \"localUserAccounts\":[{{\"uid\":\"501\",\"username\":\"user{index}\",\"fullName\":\
             \"User {index}\",\"admin\":true,\"azureActiveDirectoryId\":\"ACTIVATED\",\
             \"computerAzureActiveDirectoryId\":\"{device}\",\"userAzureActiveDirectoryId\":\
             \"{user}\"}}],\"groupMemberships\":[{{\"groupId\":\"1\",\"groupName\":\"All Managed \
             Clients\",\"smartGroup\":true}}]}}",
            comma = if index == 0 { "" } else { "," },
            id = index + 1,
            udid = guid(1, index).to_uppercase(),
            a = (index / 256) % 256,
            b = index % 256,
            device = guid(2, index),
            user = guid(3, index),
        );
        inventory.write_all(record.as_bytes())?;
    }
    inventory.write_all(b"]}")?;
    inventory.flush()?;

    let mut managed = std::io::BufWriter::new(std::fs::File::create(
        dir.join("graph/managedDevices.json"),
    )?);
    managed.write_all(
        b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices\",\"value\":[",
    )?;
    let mut first = true;
    for index in 0..macs {
        let copies = if index % 100 == 0 { 2 } else { 1 };
        for copy in 0..copies {
            record.clear();
            let _ = write!(
                record,
                "{comma}{{\"id\":\"{id}\",\"userId\":\"{user}\",\"deviceName\":\"Mac {index}\",\
                 \"managedDeviceOwnerType\":\"company\",\"enrolledDateTime\":\"2025-09-01T08:00:00Z\",\
                 \"lastSyncDateTime\":\"2026-03-02T11:00:00Z\",\"operatingSystem\":\"macOS\",\
                 \"complianceState\":\"compliant\",\"jailBroken\":\"Unknown\",\"managementAgent\":\
                 \"jamf\",\"osVersion\":\"15.3.1\",\"azureADRegistered\":true,\
                 \"deviceEnrollmentType\":\"userEnrollment\",\"emailAddress\":\
                 \"user{index}@contoso.example\",\"azureADDeviceId\":\"{device}\",\
                 \"deviceRegistrationState\":\"registered\",\"model\":\"MacBook Pro\",\
                 \"manufacturer\":\"Apple\",\"serialNumber\":\"{serial}\",\"userPrincipalName\":\
                 \"user{index}@contoso.example\"}}",
                comma = if first { "" } else { "," },
                id = guid(4 + copy, index),
                user = guid(3, index),
                device = guid(2, index),
                serial = serial(index),
            );
            first = false;
            managed.write_all(record.as_bytes())?;
        }
    }
    managed.write_all(b"]}")?;
    managed.flush()?;

    let mut devices =
        std::io::BufWriter::new(std::fs::File::create(dir.join("graph/devices.json"))?);
    devices.write_all(
        b"{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#devices\",\"value\":[",
    )?;
    for index in 0..macs {
        record.clear();
        let _ = write!(
            record,
            "{comma}{{\"id\":\"{id}\",\"accountEnabled\":true,\"deviceId\":\"{device}\",\
             \"displayName\":\"Mac {index}\",\"isCompliant\":true,\"isManaged\":true,\
             \"mdmAppId\":\"0000000a-0000-0000-c000-000000000000\",\"operatingSystem\":\"MacMDM\",\
             \"operatingSystemVersion\":\"15.3.1\",\"trustType\":\"Workplace\",\
             \"registrationDateTime\":\"2025-09-01T08:00:00Z\"}}",
            comma = if index == 0 { "" } else { "," },
            id = guid(6, index),
            device = guid(2, index),
        );
        devices.write_all(record.as_bytes())?;
    }
    devices.write_all(b"]}")?;
    devices.flush()?;

    std::fs::write(
        dir.join("graph/deviceManagementPartners.json"),
        "{\"value\":[{\"id\":\"0d5d95df-22db-4011-85ce-2092102579a5\",\"lastHeartbeatDateTime\":\
         \"2026-03-02T11:42:23Z\",\"partnerState\":\"enabled\",\"partnerAppType\":\
         \"singleTenantApp\",\"singleTenantAppId\":\"41390025-8be8-47f9-929f-377c13f8d5cf\",\
         \"displayName\":\"Jamf\",\"isConfigured\":true}]}",
    )?;
    planted.serials = (0..macs).map(serial).collect();
    Ok(planted)
}
