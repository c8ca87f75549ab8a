//! `directoryObject`: a member of a group (`GET /groups/{id}/members?$select=id`).

use serde::Deserialize;

use crate::values;

/// A record of `GET /groups/{id}/members`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct DirectoryObject {
    /// `#microsoft.graph.user`, `#microsoft.graph.device`, `#microsoft.graph.group`, ...
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    /// The object id.
    pub id: Option<String>,
}

/// What kind of directory object a group member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A user.
    User,
    /// A device.
    Device,
    /// A nested group.
    Group,
    /// Anything else, or no `@odata.type`.
    Other,
}

impl DirectoryObject {
    /// The kind of object, from its `@odata.type`.
    ///
    /// ```
    /// use jamf_triage_collector_graph::resource::{DirectoryObject, MemberKind};
    /// let member = DirectoryObject { odata_type: Some("#microsoft.graph.device".into()), id: None };
    /// assert_eq!(member.kind(), MemberKind::Device);
    /// ```
    pub fn kind(&self) -> MemberKind {
        let kind = self.odata_type.as_deref();
        if values::is_type(kind, "user") {
            MemberKind::User
        } else if values::is_type(kind, "device") {
            MemberKind::Device
        } else if values::is_type(kind, "group") {
            MemberKind::Group
        } else {
            MemberKind::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_list;

    #[test]
    fn reads_members_of_every_kind() {
        let list = parse_list::<DirectoryObject>(
            r##"{"value": [{"@odata.type": "#microsoft.graph.user", "id": "u"}, {"@odata.type": "#microsoft.graph.device", "id": "d"},
                           {"@odata.type": "#microsoft.graph.group", "id": "g"}, {"id": "x", "mail": "user1@contoso.com"}]}"##,
        )
        .expect("list");
        let kinds: Vec<_> = list.records.iter().map(|r| r.item.kind()).collect();
        assert_eq!(
            kinds,
            [
                MemberKind::User,
                MemberKind::Device,
                MemberKind::Group,
                MemberKind::Other
            ]
        );
    }
}
