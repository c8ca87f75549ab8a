//! The `jamf.computer.*` facts: the inventory records of the subject's serial number, and the
//! one of them most recently in contact with Jamf Pro.

use jamf_triage_evidence::{CollectionProblem, Evidence, FactKey, Provenance};
use jiff::Timestamp;

use crate::inventory::{ARTIFACT, Computer, LocalUserAccount};
use crate::{SOURCE, facts};

/// Collects the facts about the records whose serial number is `serial`, and gives back the id
/// of the one described. When the inventory is not `complete` (one page of a paged response),
/// finding no record says nothing, so no count is given.
pub(crate) fn collect(
    computers: &[Computer],
    serial: &str,
    complete: bool,
    out: &mut Evidence,
) -> Option<String> {
    if without_hardware(computers, out) {
        return None;
    }
    let matching: Vec<&Computer> = computers.iter().filter(|c| c.has_serial(serial)).collect();
    collect_matching(matching, complete, out)
}

/// Whether no record has a `hardware` section (then no record can be found by serial number),
/// which is a problem recorded in `out`.
pub(crate) fn without_hardware(computers: &[Computer], out: &mut Evidence) -> bool {
    if !computers.is_empty() && computers.iter().all(|computer| computer.hardware.is_none()) {
        let message = "no record has a `hardware` section (the inventory was requested without \
                       section=HARDWARE), so the subject's record cannot be found by serial number";
        out.add_problem(CollectionProblem::new(SOURCE, ARTIFACT.path, message));
        return true;
    }
    false
}

/// Collects the facts about `matching`, the records of one serial number, as [`collect`] does.
pub(crate) fn collect_matching(
    matching: Vec<&Computer>,
    complete: bool,
    out: &mut Evidence,
) -> Option<String> {
    if matching.is_empty() && !complete {
        return None;
    }
    let count = i64::try_from(matching.len()).unwrap_or(i64::MAX);
    out.record(facts::COMPUTER_RECORD_COUNT, count, at("/results"));

    let mut latest: Option<(&Computer, Option<Contact>)> = None;
    for computer in matching {
        let contact = last_contact(computer, out);
        let later = match &latest {
            None => true,
            Some((_, best)) => {
                contact.is_some_and(|(_, at)| best.is_none_or(|(_, best)| at > best))
            }
        };
        if later {
            latest = Some((computer, contact));
        }
    }
    let (computer, contact) = latest?;
    describe(computer, contact, out);
    non_empty(computer.id.as_deref()).map(str::to_owned)
}

/// A last contact: the JSON pointer suffix of the field it was read from, and the time.
type Contact = (&'static str, Timestamp);

/// The facts of the selected record; `contact` is its last contact, already read.
fn describe(computer: &Computer, contact: Option<Contact>, out: &mut Evidence) {
    if let Some(id) = non_empty(computer.id.as_deref()) {
        out.record(facts::COMPUTER_ID, id, at(&computer.pointer("/id")));
    }
    if let Some(general) = &computer.general {
        if let Some(name) = non_empty(general.name.as_deref()) {
            out.record(
                facts::COMPUTER_NAME,
                name,
                at(&computer.pointer("/general/name")),
            );
        }
        if let Some((field, contact)) = contact {
            out.record(
                facts::COMPUTER_LAST_CONTACT,
                contact,
                at(&computer.pointer(field)),
            );
        }
        let report_date = "/general/reportDate";
        if let Some(report) = timestamp(computer, report_date, general.report_date.as_deref(), out)
        {
            out.record(
                facts::COMPUTER_LAST_INVENTORY,
                report,
                at(&computer.pointer(report_date)),
            );
        }
        if let Some(managed) = general.remote_management.as_ref().and_then(|r| r.managed) {
            let pointer = computer.pointer("/general/remoteManagement/managed");
            out.record(facts::COMPUTER_MANAGED, managed, at(&pointer));
        }
    }
    if let Some(accounts) = &computer.local_user_accounts {
        let provenance = at(&computer.pointer("/localUserAccounts"));
        out.record(
            facts::COMPUTER_AAD_STATES,
            values(accounts, |a| &a.azure_active_directory_id, false),
            provenance.clone(),
        );
        let mut ignored = Vec::new();
        let ids: [IdList; 2] = [
            (
                facts::COMPUTER_AZURE_AD_DEVICE_IDS,
                "computerAzureActiveDirectoryId",
                values(accounts, |a| &a.computer_azure_active_directory_id, true),
            ),
            (
                facts::COMPUTER_USER_AZURE_AD_IDS,
                "userAzureActiveDirectoryId",
                values(accounts, |a| &a.user_azure_active_directory_id, true),
            ),
        ];
        for (key, field, list) in ids {
            let (guids, others): (Vec<String>, Vec<String>) =
                list.into_iter().partition(|id| is_guid(id));
            ignored.extend(others.into_iter().map(|id| format!("{field}: {id}")));
            out.record(key, guids, provenance.clone());
        }
        if !ignored.is_empty() {
            out.record(facts::COMPUTER_IGNORED_IDS, ignored, provenance);
        }
    }
    if let Some(groups) = &computer.group_memberships {
        let names: Vec<String> = groups
            .iter()
            .filter_map(|group| non_empty(group.group_name.as_deref()).map(str::to_owned))
            .collect();
        out.record(
            facts::COMPUTER_GROUP_NAMES,
            names,
            at(&computer.pointer("/groupMemberships")),
        );
    }
}

/// The last contact of a record: `general.lastContactTime`, or `general.lastContact` in the
/// newer shape. A time that does not parse is a problem and counts as unknown.
fn last_contact(computer: &Computer, out: &mut Evidence) -> Option<Contact> {
    let general = computer.general.as_ref()?;
    let fields = [
        ("/general/lastContactTime", &general.last_contact_time),
        ("/general/lastContact", &general.last_contact),
    ];
    // A time that is only blanks is not a time (Jamf Pro writes none as null or leaves it out).
    for (field, text) in fields {
        if let Some(text) = text
            .as_deref()
            .filter(|text| !text.is_empty() && text.trim().is_empty())
        {
            let message = format!(
                "{}: `{text}` is not an RFC 3339 time with an offset: it is blank",
                computer.pointer(field)
            );
            out.add_problem(CollectionProblem::new(SOURCE, ARTIFACT.path, message));
        }
    }
    let (field, text) = fields
        .into_iter()
        .find_map(|(field, text)| non_empty(text.as_deref()).map(|text| (field, text)))?;
    timestamp(computer, field, Some(text), out).map(|at| (field, at))
}

/// Reads an RFC 3339 time at `field` of `computer`; an empty or absent value is `None`, one that
/// does not parse is `None` and a problem.
fn timestamp(
    computer: &Computer,
    field: &str,
    text: Option<&str>,
    out: &mut Evidence,
) -> Option<Timestamp> {
    let text = non_empty(text)?;
    match text.parse::<Timestamp>() {
        Ok(at) => Some(at),
        Err(error) => {
            let message = format!(
                "{}: `{text}` is not an RFC 3339 time with an offset: {error}",
                computer.pointer(field)
            );
            out.add_problem(CollectionProblem::new(SOURCE, ARTIFACT.path, message));
            None
        }
    }
}

/// The non-empty values of one field of the local user accounts, in order; `unique` drops
/// repeats (several users of one Mac share its Entra device id).
fn values(
    accounts: &[LocalUserAccount],
    field: impl Fn(&LocalUserAccount) -> &Option<String>,
    unique: bool,
) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for value in accounts
        .iter()
        .filter_map(|account| non_empty(field(account).as_deref()))
    {
        if !unique || !list.iter().any(|seen| seen == value) {
            list.push(value.to_owned());
        }
    }
    list
}

/// An id fact, the field it is read from, and the values read.
type IdList = (FactKey<Vec<String>>, &'static str, Vec<String>);

/// Whether an id is a GUID (`8-4-4-4-12` hexadecimal digits, braces allowed): Entra ids are;
/// `1`, as in Jamf's own API example, is not, and is never joined on.
fn is_guid(id: &str) -> bool {
    let bare = id
        .strip_prefix('{')
        .and_then(|id| id.strip_suffix('}'))
        .unwrap_or(id);
    let groups: Vec<&str> = bare.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// The text, trimmed, unless it is empty.
fn non_empty(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

/// The provenance of a fact read at `pointer` of the inventory.
fn at(pointer: &str) -> Provenance {
    Provenance::new(SOURCE, ARTIFACT.path).at_pointer(pointer)
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::{Fact, FactValue};

    use super::*;
    use crate::inventory;
    use crate::testing::{messages, run};

    fn collect_from(text: &str, serial: Option<&str>) -> Evidence {
        let collect = |input: &jamf_triage_evidence::CollectInput<'_>, out: &mut Evidence| {
            inventory::collect(input, out);
        };
        run(collect, &[(ARTIFACT.path, text)], serial)
    }

    fn fact<'a>(evidence: &'a Evidence, name: &str) -> &'a Fact {
        evidence
            .get(name)
            .unwrap_or_else(|| panic!("no fact {name}"))
    }

    /// A record in the `ComputerInventory` shape with the GENERAL, HARDWARE and
    /// LOCAL_USER_ACCOUNTS sections.
    fn record(id: &str, serial: &str, contact: &str, accounts: &str) -> String {
        format!(
            r#"{{"id": "{id}", "udid": "123",
               "general": {{"name": "Boalime", "lastContactTime": "{contact}", "reportDate": "2018-10-31T18:04:13Z",
                            "remoteManagement": {{"managed": true, "managementUsername": null}},
                            "platform": "Mac", "supervised": true}},
               "hardware": {{"serialNumber": "{serial}", "model": "13-inch MacBook Pro (Mid 2012)"}},
               "localUserAccounts": [{accounts}]}}"#
        )
    }

    const ACTIVATED: &str = r#"{"uid": "501", "username": "jamf", "userAccountType": "LOCAL", "azureActiveDirectoryId": "ACTIVATED", "computerAzureActiveDirectoryId": "1", "userAzureActiveDirectoryId": "1"}"#;
    const UNRESPONSIVE: &str = r#"{"uid": "502", "username": "admin", "userAccountType": "LOCAL", "azureActiveDirectoryId": "UNRESPONSIVE", "computerAzureActiveDirectoryId": "1", "userAzureActiveDirectoryId": "2"}"#;
    const UNKNOWN: &str = r#"{"uid": "503", "username": "rootadmin", "userAccountType": "LOCAL", "azureActiveDirectoryId": "UNKNOWN", "computerAzureActiveDirectoryId": "", "userAzureActiveDirectoryId": null}"#;

    fn results(records: &[String]) -> String {
        format!(
            r#"{{"totalCount": {}, "results": [{}]}}"#,
            records.len(),
            records.join(",")
        )
    }

    #[test]
    fn describes_the_subjects_record_with_pointers() {
        let text = results(&[
            record("1", "C02ZC2QYLVDL", "2018-10-31T18:04:13Z", ACTIVATED),
            record(
                "2",
                "C02Q7KHTGFWF",
                "2018-10-31T18:04:13Z",
                &format!("{ACTIVATED},{UNRESPONSIVE},{UNKNOWN}"),
            ),
        ]);
        let evidence = collect_from(&text, Some("c02q7khtgfwf"));
        assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
        assert_eq!(
            fact(&evidence, "jamf.computer.record_count").value,
            FactValue::Integer(1)
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.id").value,
            FactValue::String("2".into())
        );
        let contact = fact(&evidence, "jamf.computer.last_contact");
        assert_eq!(
            contact.provenance.pointer.as_deref(),
            Some("/results/1/general/lastContactTime")
        );
        assert_eq!(
            contact.value,
            FactValue::Timestamp("2018-10-31T18:04:13Z".parse().unwrap())
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.managed").value,
            FactValue::Bool(true)
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.aad_states").value,
            FactValue::List(vec![
                "ACTIVATED".into(),
                "UNRESPONSIVE".into(),
                "UNKNOWN".into()
            ])
        );
        // Jamf's API example's ids (`"1"`, `"2"`) are not GUIDs: ignored, with a note.
        assert_eq!(
            fact(&evidence, "jamf.computer.azure_ad_device_ids").value,
            FactValue::List(vec![])
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.user_azure_ad_ids").value,
            FactValue::List(vec![])
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.ignored_ids").value,
            FactValue::List(vec![
                "computerAzureActiveDirectoryId: 1".into(),
                "userAzureActiveDirectoryId: 1".into(),
                "userAzureActiveDirectoryId: 2".into()
            ])
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.aad_states")
                .provenance
                .pointer
                .as_deref(),
            Some("/results/1/localUserAccounts")
        );
    }

    #[test]
    fn several_records_choose_the_one_most_recently_in_contact() {
        let text = results(&[
            record("7", "C02ZC2QYLVDL", "2024-06-01T10:00:00Z", ACTIVATED),
            record("8", "C02Q7KHTGFWF", "2024-06-05T10:00:00Z", ACTIVATED),
            record("9", "C02ZC2QYLVDL", "2024-06-03T10:00:00.5Z", UNRESPONSIVE),
            record("10", "C02ZC2QYLVDL", "", ACTIVATED),
        ]);
        let evidence = collect_from(&text, Some("C02ZC2QYLVDL"));
        assert_eq!(
            fact(&evidence, "jamf.computer.record_count").value,
            FactValue::Integer(3)
        );
        assert_eq!(
            fact(&evidence, "jamf.computer.id").value,
            FactValue::String("9".into())
        );
    }

    #[test]
    fn no_matching_record_is_a_count_of_zero() {
        let text = results(&[record(
            "1",
            "C02ZC2QYLVDL",
            "2018-10-31T18:04:13Z",
            ACTIVATED,
        )]);
        let evidence = collect_from(&text, Some("XXXXXXXXXXXX"));
        assert_eq!(evidence.fact_count(), 1);
        assert_eq!(
            fact(&evidence, "jamf.computer.record_count").value,
            FactValue::Integer(0)
        );
    }

    #[test]
    fn no_serial_gives_no_computer_facts() {
        let text = results(&[record(
            "1",
            "C02ZC2QYLVDL",
            "2018-10-31T18:04:13Z",
            ACTIVATED,
        )]);
        assert_eq!(collect_from(&text, None).fact_count(), 0);
        assert_eq!(collect_from(&text, Some("  ")).fact_count(), 0);
    }

    #[test]
    fn one_page_of_the_response_is_a_problem_and_not_finding_the_record_says_nothing() {
        let page = |serial: &str| {
            format!(
                r#"{{"totalCount": 250, "results": [{}]}}"#,
                record("1", serial, "2018-10-31T18:04:13Z", ACTIVATED)
            )
        };
        let elsewhere = collect_from(&page("C02Q7KHTGFWF"), Some("C02ZC2QYLVDL"));
        assert_eq!(elsewhere.fact_count(), 0);
        assert_eq!(
            messages(&elsewhere),
            [
                "holds 1 of the 250 computer records its `totalCount` announces: it is one page of the response, and the records on the other pages are not seen"
            ]
        );
        let found = collect_from(&page("C02ZC2QYLVDL"), Some("C02ZC2QYLVDL"));
        assert_eq!(
            fact(&found, "jamf.computer.record_count").value,
            FactValue::Integer(1)
        );
        assert_eq!(found.problems().len(), 1);
    }

    #[test]
    fn without_the_hardware_section_the_record_cannot_be_found() {
        let text = r#"{"totalCount": 1, "results": [{"id": "1", "general": {"name": "Boalime"}, "hardware": null}]}"#;
        let evidence = collect_from(text, Some("C02ZC2QYLVDL"));
        assert_eq!(evidence.fact_count(), 0);
        assert_eq!(
            messages(&evidence),
            [
                "no record has a `hardware` section (the inventory was requested without section=HARDWARE), so the subject's record cannot be found by serial number"
            ]
        );
        let empty = collect_from(r#"{"totalCount": 0, "results": []}"#, Some("C02ZC2QYLVDL"));
        assert_eq!(
            fact(&empty, "jamf.computer.record_count").value,
            FactValue::Integer(0)
        );
    }

    #[test]
    fn reads_the_newer_last_contact_field() {
        let text = r#"{"totalCount": 1, "results": [{"id": "4",
            "general": {"name": "Boalime", "lastContact": "2026-05-19T08:00:00Z", "lastCheckIn": "2026-05-19T07:45:00Z"},
            "hardware": {"serialNumber": "C02ZC2QYLVDL"}}]}"#;
        let evidence = collect_from(text, Some("C02ZC2QYLVDL"));
        let contact = fact(&evidence, "jamf.computer.last_contact");
        assert_eq!(
            contact.provenance.pointer.as_deref(),
            Some("/results/0/general/lastContact")
        );
        assert!(evidence.get("jamf.computer.aad_states").is_none());
    }

    #[test]
    fn a_time_that_does_not_parse_is_a_problem_and_the_rest_is_kept() {
        let text = results(&[record("1", "C02ZC2QYLVDL", "31/10/2018 18:04", ACTIVATED)]);
        let evidence = collect_from(&text, Some("C02ZC2QYLVDL"));
        assert!(evidence.get("jamf.computer.last_contact").is_none());
        assert!(evidence.get("jamf.computer.last_inventory").is_some());
        assert!(evidence.get("jamf.computer.aad_states").is_some());
        let problems = messages(&evidence);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("/results/0/general/lastContactTime: `31/10/2018 18:04` is not an RFC 3339 time with an offset: "),
            "{problems:?}"
        );
    }

    /// Issue 12: `lastContactTime: " "` was read as "never in contact", silently.
    #[test]
    fn a_blank_last_contact_is_a_problem() {
        let text = results(&[record("1", "C02ZC2QYLVDL", " ", ACTIVATED)]);
        let evidence = collect_from(&text, Some("C02ZC2QYLVDL"));
        assert!(evidence.get("jamf.computer.last_contact").is_none());
        let problem = evidence.problems().first().expect("a problem");
        assert_eq!(problem.path, ARTIFACT.path);
        assert!(
            problem
                .message
                .contains("/results/0/general/lastContactTime")
                && problem.message.contains("blank"),
            "{}",
            problem.message
        );
    }
}
