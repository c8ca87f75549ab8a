//! Group membership from `graph/groupMembers/<groupId>.json`: who is in a group, following nested
//! groups whose members were collected too.
//!
//! Graph does not say whether a group holds users or devices; its members' `@odata.type` does.

use std::collections::{BTreeMap, BTreeSet};

use crate::records::Loaded;
use crate::resource::{DirectoryObject, MemberKind};
use crate::values;

/// The members of a group, nested groups included.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Membership {
    /// Object ids of the users, lowercased, in file order, without repeats.
    pub user_ids: Vec<String>,
    /// Whether any member is a user.
    pub has_users: bool,
    /// Whether any member is a device.
    pub has_devices: bool,
}

/// Resolves a group (by lowercased id): `None` when its members, or those of a nested group, were
/// not collected.
pub(crate) fn resolve(
    files: &BTreeMap<String, Loaded<DirectoryObject>>,
    group_id: &str,
) -> Option<Membership> {
    let mut membership = Membership::default();
    let mut seen = BTreeSet::new();
    let mut pending = vec![group_id.to_owned()];
    while let Some(group) = pending.pop() {
        if !seen.insert(group.clone()) {
            continue;
        }
        for record in &files.get(&group)?.records {
            let member = &record.item;
            match (member.kind(), values::id(member.id.as_deref())) {
                (MemberKind::User, id) => {
                    membership.has_users = true;
                    if let Some(id) = id.filter(|id| !membership.user_ids.contains(id)) {
                        membership.user_ids.push(id);
                    }
                }
                (MemberKind::Device, _) => membership.has_devices = true,
                (MemberKind::Group, Some(id)) => pending.push(id),
                _ => {}
            }
        }
    }
    Some(membership)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    fn files(groups: &[(&str, &str)]) -> BTreeMap<String, Loaded<DirectoryObject>> {
        groups
            .iter()
            .map(|(id, members)| {
                let text = format!("{{\"value\": [{members}]}}");
                let records = parse_list::<DirectoryObject>(&text)
                    .expect("members")
                    .records;
                (
                    (*id).to_owned(),
                    Loaded {
                        path: crate::artifacts::fill(crate::artifacts::GROUP_MEMBERS.path, id),
                        records,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn follows_nested_groups_and_stops_at_missing_ones() {
        let user =
            |id: &str| format!(r##"{{"@odata.type": "#microsoft.graph.user", "id": "{id}"}}"##);
        let nested = r##"{"@odata.type": "#microsoft.graph.group", "id": "b"}"##;
        let device = r##"{"@odata.type": "#microsoft.graph.device", "id": "d"}"##;
        let a = format!("{}, {nested}", user("U1"));
        let b = format!("{}, {}, {device}, {nested}", user("u2"), user("u1"));
        let all = files(&[("a", &a), ("b", &b)]);
        let membership = resolve(&all, "a").expect("resolved");
        assert_eq!(membership.user_ids, ["u1", "u2"]);
        assert!(membership.has_devices);
        assert_eq!(resolve(&all, "c"), None);
        let broken = files(&[("a", &a)]);
        assert_eq!(
            resolve(&broken, "a"),
            None,
            "nested group b was not collected"
        );
    }
}
