//! Assignment targets (`deviceAndAppManagementAssignmentTarget`), shared by compliance policy
//! assignments and the partner's enrollment groups.

use serde::Deserialize;

use crate::values;

/// `target` of an assignment: its `@odata.type` and, for group targets, `groupId`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentTarget {
    /// `#microsoft.graph.groupAssignmentTarget`, `...allDevicesAssignmentTarget`, ...
    #[serde(rename = "@odata.type")]
    pub odata_type: Option<String>,
    /// The targeted group, for group and exclusion-group targets.
    pub group_id: Option<String>,
}

/// What an assignment targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `allDevicesAssignmentTarget`.
    AllDevices,
    /// `allLicensedUsersAssignmentTarget`.
    AllLicensedUsers,
    /// `groupAssignmentTarget`, with the group id (lowercased).
    Group(String),
    /// `exclusionGroupAssignmentTarget`, with the group id (lowercased).
    Exclusion(String),
    /// Anything else (a type this crate does not interpret, or a group target without a
    /// group id), with its `@odata.type` without namespace.
    Other(String),
}

impl AssignmentTarget {
    /// The target's `@odata.type` without its `#microsoft.graph.` prefix
    /// (`groupAssignmentTarget`, `allLicensedUsersAssignmentTarget`, or any other type as it is);
    /// `None` when it has none.
    pub fn type_name(&self) -> Option<String> {
        let kind = values::text(self.odata_type.as_deref())?;
        let kind = kind.trim_start_matches('#');
        let short = match kind.get(..16) {
            Some(head) if head.eq_ignore_ascii_case("microsoft.graph.") => &kind[16..],
            _ => kind,
        };
        Some(short.to_owned())
    }
}

impl AssignmentTarget {
    /// Interprets the target.
    ///
    /// ```
    /// use jamf_triage_collector_graph::resource::{AssignmentTarget, Target};
    /// let target = AssignmentTarget {
    ///     odata_type: Some("#microsoft.graph.groupAssignmentTarget".into()),
    ///     group_id: Some("DB18740D-2C5D-4A69-8B5C-44CD08210780".into()),
    /// };
    /// assert_eq!(target.target(), Target::Group("db18740d-2c5d-4a69-8b5c-44cd08210780".into()));
    /// ```
    pub fn target(&self) -> Target {
        let kind = self.odata_type.as_deref();
        let group = values::id(self.group_id.as_deref());
        if values::is_type(kind, "allDevicesAssignmentTarget") {
            Target::AllDevices
        } else if values::is_type(kind, "allLicensedUsersAssignmentTarget") {
            Target::AllLicensedUsers
        } else if let (true, Some(group)) = (values::is_type(kind, "groupAssignmentTarget"), &group)
        {
            Target::Group(group.clone())
        } else if let (true, Some(group)) = (
            values::is_type(kind, "exclusionGroupAssignmentTarget"),
            &group,
        ) {
            Target::Exclusion(group.clone())
        } else {
            let name = values::text(kind).unwrap_or("unknown");
            let name = name.trim_start_matches('#');
            let short = name.rsplit('.').next().unwrap_or(name);
            Target::Other(short.to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::envelope::parse_entity;

    #[test]
    fn interprets_every_kind() {
        let target = |json: &str| {
            parse_entity::<AssignmentTarget>(json)
                .expect("target")
                .target()
        };
        assert_eq!(
            target(r##"{"@odata.type": "#microsoft.graph.allDevicesAssignmentTarget"}"##),
            Target::AllDevices
        );
        assert_eq!(
            target(r##"{"@odata.type": "#microsoft.graph.allLicensedUsersAssignmentTarget"}"##),
            Target::AllLicensedUsers
        );
        assert_eq!(
            target(
                r##"{"@odata.type": "#microsoft.graph.exclusionGroupAssignmentTarget", "groupId": "A"}"##
            ),
            Target::Exclusion("a".into())
        );
        assert_eq!(
            target(
                r##"{"@odata.type": "#microsoft.graph.groupAssignmentTarget", "groupId": null}"##
            ),
            Target::Other("groupAssignmentTarget".into())
        );
        assert_eq!(
            target(
                r#"{"@odata.type": "microsoft.graph.configurationManagerCollectionAssignmentTarget", "collectionId": "Collection Id value"}"#
            ),
            Target::Other("configurationManagerCollectionAssignmentTarget".into())
        );
        assert_eq!(target("{}"), Target::Other("unknown".into()));
    }
}
