//! `jamf-pro/computers-inventory.json` (`GET /api/v1/computers-inventory` with the sections
//! GENERAL, HARDWARE, LOCAL_USER_ACCOUNTS and GROUP_MEMBERSHIPS): the computer records. Each section and each local
//! user account is read on its own, so that a field that does not fit costs only itself.
//!
//! A record is decoded straight from its text into the typed [`Computer`] (no tree of every
//! computer is built: the envelope keeps each record as a slice of the file). Only a record that
//! does not decode that way is read again as a JSON tree, part by part, to say which parts do
//! not fit; so a 100 000-computer inventory costs its text and its typed records.

use std::marker::PhantomData;

use jamf_triage_evidence::{CollectInput, CollectionProblem, Evidence};
use serde::de::value::MapAccessDeserializer;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use serde_json::value::RawValue;

pub(crate) use crate::artifacts::INVENTORY as ARTIFACT;
use crate::json::{self, LeftOut, Shape, Top};
use crate::{SOURCE, computer};

/// The response: `{"totalCount": n, "results": [...]}`.
const SHAPE: Shape = Shape {
    top: Top::Object,
    what: "a Jamf Pro computer inventory response (`{\"totalCount\": n, \"results\": [...]}`)",
};

/// The `ComputerInventorySearchResults` envelope; the count and the records are read one by one,
/// each record from its own slice of the text.
#[derive(Debug, Deserialize)]
struct SearchResults<'a> {
    #[serde(rename = "totalCount")]
    total_count: Option<Value>,
    #[serde(borrow)]
    results: Vec<&'a RawValue>,
}

/// A record as it decodes when every part fits: the fast path of [`records`].
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Strict {
    id: Option<String>,
    general: Option<Object<General>>,
    hardware: Option<Object<Hardware>>,
    local_user_accounts: Option<Vec<Object<LocalUserAccount>>>,
    group_memberships: Option<Vec<Object<GroupMembership>>>,
}

impl Strict {
    /// The record, at position `index` of `results`.
    fn into_computer(self, index: usize) -> Computer {
        fn entries<T>(list: Option<Vec<Object<T>>>) -> Option<Vec<T>> {
            list.map(|entries| entries.into_iter().map(|Object(entry)| entry).collect())
        }
        Computer {
            index,
            id: self.id,
            general: self.general.map(|Object(general)| general),
            hardware: self.hardware.map(|Object(hardware)| hardware),
            local_user_accounts: entries(self.local_user_accounts),
            group_memberships: entries(self.group_memberships),
        }
    }
}

/// A part that must be a JSON object (serde would also read a struct from an array of its
/// fields).
#[derive(Debug)]
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Only<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for Only<T> {
            type Value = T;
            fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(Only(PhantomData)).map(Object)
    }
}

/// The inventory, read: its records and whether it is complete.
#[derive(Debug)]
pub(crate) struct Inventory {
    /// The records that could be read, in file order.
    pub(crate) computers: Vec<Computer>,
    /// Whether the response holds every record its `totalCount` announces.
    pub(crate) complete: bool,
}

impl Inventory {
    /// Reads the inventory; `None` when it was not collected or cannot be read (a problem then
    /// says why).
    pub(crate) fn read(input: &CollectInput<'_>, out: &mut Evidence) -> Option<Inventory> {
        let text = json::read_text(input, &ARTIFACT, ARTIFACT.path, out)?;
        let response: SearchResults<'_> = match json::parse(&text, SHAPE) {
            Ok(response) => response,
            Err(message) => {
                out.add_problem(CollectionProblem::new(SOURCE, ARTIFACT.path, message));
                return None;
            }
        };
        let mut left_out = LeftOut::default();
        let total =
            left_out.take::<u64>(response.total_count.as_ref(), || "/totalCount".to_owned());
        let computers = records(&response.results, &mut left_out);
        left_out.report(ARTIFACT.path, out);
        let complete = is_complete(total, response.results.len(), out);
        Some(Inventory {
            computers,
            complete,
        })
    }

    pub(crate) fn by_serial(&self) -> jamf_triage_evidence::SerialIndex {
        jamf_triage_evidence::SerialIndex::new(self.computers.iter().map(|computer| {
            computer
                .hardware
                .as_ref()
                .and_then(|hardware| hardware.serial_number.as_deref())
        }))
    }
}

/// One computer record (`ComputerInventory`) with the sections the rules need. A section that
/// was not requested, is `null`, or could not be read is `None`.
#[derive(Debug, Default)]
pub(crate) struct Computer {
    /// The record's position in `results`, for JSON pointers.
    pub(crate) index: usize,
    /// `id`.
    pub(crate) id: Option<String>,
    /// `general`.
    pub(crate) general: Option<General>,
    /// `hardware`.
    pub(crate) hardware: Option<Hardware>,
    /// `localUserAccounts`, without the entries that could not be read.
    pub(crate) local_user_accounts: Option<Vec<LocalUserAccount>>,
    /// `groupMemberships`, without the entries that could not be read; `None` when the section
    /// was not requested.
    pub(crate) group_memberships: Option<Vec<GroupMembership>>,
}

impl Computer {
    /// The JSON pointer of this record, or of `suffix` inside it (`/general/name`).
    pub(crate) fn pointer(&self, suffix: &str) -> String {
        format!("/results/{}{suffix}", self.index)
    }

    /// Whether the record's `hardware.serialNumber` is `serial` (case-insensitive, trimmed).
    pub(crate) fn has_serial(&self, serial: &str) -> bool {
        self.hardware
            .as_ref()
            .and_then(|hardware| hardware.serial_number.as_deref())
            .is_some_and(|own| own.trim().eq_ignore_ascii_case(serial.trim()))
    }
}

/// The part of `ComputerGeneral` (and of the newer `ComputerGeneralV4`) the rules need.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct General {
    /// `name`.
    pub(crate) name: Option<String>,
    /// `lastContactTime` (Last Check-in).
    pub(crate) last_contact_time: Option<String>,
    /// `lastContact`, which replaces `lastContactTime` in `ComputerGeneralV4`.
    pub(crate) last_contact: Option<String>,
    /// `reportDate` (Last Inventory Update).
    pub(crate) report_date: Option<String>,
    /// `remoteManagement`.
    pub(crate) remote_management: Option<RemoteManagement>,
}

/// The part of `ComputerRemoteManagement` the rules need.
#[derive(Debug, Deserialize)]
pub(crate) struct RemoteManagement {
    /// `managed`.
    pub(crate) managed: Option<bool>,
}

/// The part of `ComputerHardware` the collector needs.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Hardware {
    /// `serialNumber`.
    pub(crate) serial_number: Option<String>,
}

/// The part of `ComputerLocalUserAccount` the rules need.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LocalUserAccount {
    /// `azureActiveDirectoryId`: the Conditional Access inventory state (`ACTIVATED`,
    /// `DEACTIVATED`, `UNRESPONSIVE`, `UNKNOWN`), despite its name.
    pub(crate) azure_active_directory_id: Option<String>,
    /// `computerAzureActiveDirectoryId`: the Entra device id.
    pub(crate) computer_azure_active_directory_id: Option<String>,
    /// `userAzureActiveDirectoryId`: the Entra user object id.
    pub(crate) user_azure_active_directory_id: Option<String>,
}

/// The part of `GroupMembership` the rules need.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct GroupMembership {
    /// `groupName`.
    pub(crate) group_name: Option<String>,
}

/// Reads the inventory and collects the facts about the subject's computer; gives back the
/// Jamf Pro id of the subject's computer record when it is known.
pub(crate) fn collect(input: &CollectInput<'_>, out: &mut Evidence) -> Option<String> {
    let inventory = Inventory::read(input, out)?;
    let serial = input
        .subject
        .serial
        .as_deref()
        .filter(|serial| !serial.trim().is_empty());
    computer::collect(&inventory.computers, serial?, inventory.complete, out)
}

/// Whether the response holds every record its `totalCount` announces. One page of a paged
/// response is a problem: the records on the other pages are not seen.
fn is_complete(total: Option<u64>, held: usize, out: &mut Evidence) -> bool {
    let Some(total) = total else {
        return true;
    };
    if u64::try_from(held).is_ok_and(|held| held >= total) {
        return true;
    }
    let message = format!(
        "holds {held} of the {total} computer records its `totalCount` announces: it is one page \
         of the response, and the records on the other pages are not seen"
    );
    out.add_problem(CollectionProblem::new(SOURCE, ARTIFACT.path, message));
    false
}

/// Reads every record of `results`, noting the parts that do not fit: straight into the typed
/// record when it fits, part by part (from a JSON tree of that record alone) when it does not.
fn records(results: &[&RawValue], left_out: &mut LeftOut) -> Vec<Computer> {
    let mut computers = Vec::with_capacity(results.len());
    for (index, raw) in results.iter().enumerate() {
        if let Ok(strict) = serde_json::from_str::<Strict>(raw.get()) {
            computers.push(strict.into_computer(index));
            continue;
        }
        let record = match serde_json::from_str::<Value>(raw.get()) {
            Ok(record) => record,
            Err(error) => {
                left_out.note(format!("/results/{index}"), error.to_string());
                continue;
            }
        };
        if let Some(computer) = tolerant(index, &record, left_out) {
            computers.push(computer);
        }
    }
    computers
}

/// Reads one record that did not decode as a whole, part by part.
fn tolerant(index: usize, record: &Value, left_out: &mut LeftOut) -> Option<Computer> {
    let record = left_out.object(Some(record), || format!("/results/{index}"))?;
    let mut computer = Computer {
        index,
        ..Computer::default()
    };
    computer.id = left_out.take(record.get("id"), || computer.pointer("/id"));
    computer.general = left_out.take_object(record.get("general"), || computer.pointer("/general"));
    computer.hardware =
        left_out.take_object(record.get("hardware"), || computer.pointer("/hardware"));
    computer.local_user_accounts = entries(
        &computer,
        "/localUserAccounts",
        record.get("localUserAccounts"),
        left_out,
    );
    computer.group_memberships = entries(
        &computer,
        "/groupMemberships",
        record.get("groupMemberships"),
        left_out,
    );
    Some(computer)
}

/// Reads an array section (`localUserAccounts`, `groupMemberships`) entry by entry.
fn entries<T: serde::de::DeserializeOwned>(
    computer: &Computer,
    field: &str,
    value: Option<&Value>,
    left_out: &mut LeftOut,
) -> Option<Vec<T>> {
    let section = computer.pointer(field);
    let entries = match value {
        None | Some(Value::Null) => return None,
        Some(Value::Array(entries)) => entries,
        Some(_) => {
            let what = match field {
                "/localUserAccounts" => "local user accounts",
                _ => "group memberships",
            };
            left_out.note(section, format!("not an array of {what}"));
            return None;
        }
    };
    let read = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            left_out.take_object(Some(entry), || format!("{section}/{index}"))
        })
        .collect();
    Some(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_group_memberships_with_unknown_fields() {
        // `GroupMembership` as Jamf's OpenAPI spec (pro_api.json) gives it: groupId (string),
        // groupName, smartGroup.
        let (computers, evidence) = read(
            r#"{"totalCount": 2, "results": [
                {"id": "1", "groupMemberships": [
                    {"groupId": "7", "groupName": "Device Compliance – Applicable", "smartGroup": true},
                    {"groupId": 8, "groupName": null, "smartGroup": false, "siteId": "-1"},
                    {"groupName": 5}]},
                {"id": "2", "groupMemberships": null}
            ]}"#,
        );
        let groups = computers[0].group_memberships.as_ref().expect("groups");
        // A field that does not fit is left out, and its entry kept without it.
        assert_eq!(groups.len(), 3);
        assert_eq!(
            groups[0].group_name.as_deref(),
            Some("Device Compliance – Applicable")
        );
        assert!(groups[2].group_name.is_none());
        assert!(computers[1].group_memberships.is_none());
        assert_eq!(
            crate::testing::messages(&evidence),
            [
                "1 part(s) could not be read and were left out, the rest was kept: /results/0/groupMemberships/2/groupName: invalid type: integer `5`, expected a string"
            ]
        );
    }

    fn read(text: &str) -> (Vec<Computer>, Evidence) {
        let response: SearchResults<'_> = json::parse(text, SHAPE).expect("envelope");
        let mut left_out = LeftOut::default();
        let computers = records(&response.results, &mut left_out);
        let mut evidence = Evidence::default();
        left_out.report(ARTIFACT.path, &mut evidence);
        (computers, evidence)
    }

    #[test]
    fn reads_the_sections_and_ignores_unknown_fields() {
        let (computers, evidence) = read(
            r#"{"totalCount": 1, "results": [{
                "id": "1", "udid": "123",
                "general": {"name": "Boalime", "lastContactTime": "2018-10-31T18:04:13Z",
                            "reportDate": "2018-10-31T18:04:13Z", "platform": "Mac",
                            "remoteManagement": {"managed": true, "managementUsername": null}},
                "hardware": {"serialNumber": "C02ZC2QYLVDL", "make": "Apple"},
                "localUserAccounts": [{"username": "jamf", "azureActiveDirectoryId": "ACTIVATED",
                    "computerAzureActiveDirectoryId": "1", "userAzureActiveDirectoryId": "1"}],
                "diskEncryption": null
            }]}"#,
        );
        assert!(evidence.problems().is_empty());
        let computer = &computers[0];
        assert_eq!(computer.id.as_deref(), Some("1"));
        assert!(computer.has_serial(" c02zc2qylvdl "));
        let general = computer.general.as_ref().expect("general");
        assert_eq!(general.name.as_deref(), Some("Boalime"));
        assert_eq!(
            general.remote_management.as_ref().and_then(|r| r.managed),
            Some(true)
        );
        let accounts = computer.local_user_accounts.as_ref().expect("accounts");
        assert_eq!(
            accounts[0].azure_active_directory_id.as_deref(),
            Some("ACTIVATED")
        );
    }

    #[test]
    fn sections_not_requested_are_absent() {
        let (computers, evidence) = read(
            r#"{"totalCount": 2, "results": [
                {"id": "1", "general": null, "hardware": null, "localUserAccounts": null},
                {"id": "2"}
            ]}"#,
        );
        assert!(evidence.problems().is_empty());
        assert!(
            computers
                .iter()
                .all(|c| c.general.is_none() && c.local_user_accounts.is_none())
        );
    }

    #[test]
    fn a_bad_field_is_left_out_and_the_rest_kept() {
        let (computers, evidence) = read(
            r#"{"totalCount": 3, "results": [
                {"id": "1", "general": {"name": 5, "reportDate": "2018-10-31T18:04:13Z"}, "hardware": {"serialNumber": "C02ZC2QYLVDL"},
                 "localUserAccounts": [{"azureActiveDirectoryId": true}, {"azureActiveDirectoryId": "UNKNOWN"}]},
                "garbage",
                {"id": "3", "localUserAccounts": {"username": "jamf"}}
            ]}"#,
        );
        assert_eq!(computers.len(), 2);
        let general = computers[0].general.as_ref().expect("the rest of general");
        assert_eq!(
            (general.name.as_deref(), general.report_date.is_some()),
            (None, true)
        );
        assert!(computers[0].has_serial("C02ZC2QYLVDL"));
        assert_eq!(
            computers[0].local_user_accounts.as_ref().map(Vec::len),
            Some(2)
        );
        assert_eq!(computers[1].pointer(""), "/results/2");
        assert_eq!(
            crate::testing::messages(&evidence),
            [
                "4 part(s) could not be read and were left out, the rest was kept: \
              /results/0/general/name: invalid type: integer `5`, expected a string; \
              /results/0/localUserAccounts/0/azureActiveDirectoryId: invalid type: boolean `true`, expected a string; \
              /results/1: a string where an object belongs; \
              /results/2/localUserAccounts: not an array of local user accounts"
            ]
        );
    }
}
