//! `jamf-pro/notifications.json` (`GET /api/v1/notifications`, a bare array of `NotificationV1`)
//! → `jamf.notifications.types`.

use jamf_triage_evidence::{CollectInput, Evidence, Provenance};
use serde::Deserialize;
use serde_json::Value;

use crate::artifacts::NOTIFICATIONS as ARTIFACT;
use crate::json::{self, LeftOut, Shape, Top};
use crate::{SOURCE, facts};

/// The response: a bare array, without the `results` wrapper of other endpoints.
const SHAPE: Shape = Shape {
    top: Top::Array,
    what: "a Jamf Pro notifications response (a bare array of notifications)",
};

/// The part of the `NotificationV1` schema the rules need (`id` and `params` are not used).
#[derive(Debug, Deserialize)]
struct Notification {
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// Collects the types of the current notifications, one per notification, in the order of the
/// response. A notification that cannot be read is left out and named in a problem; a `null`
/// one is skipped.
pub(crate) fn collect(input: &CollectInput<'_>, out: &mut Evidence) {
    let Some(items) = json::read::<Vec<Value>>(input, &ARTIFACT, SHAPE, out) else {
        return;
    };
    let mut left_out = LeftOut::default();
    let mut types = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let pointer = || format!("/{index}");
        let Some(notification) = left_out.take_object::<Notification>(Some(item), pointer) else {
            continue;
        };
        match notification.kind.filter(|kind| !kind.trim().is_empty()) {
            Some(kind) => types.push(kind),
            // A type that is not a string has been noted already.
            None if item
                .get("type")
                .is_some_and(|kind| !kind.is_string() && !kind.is_null()) => {}
            None => left_out.note(format!("/{index}/type"), "no notification type"),
        }
    }
    left_out.report(ARTIFACT.path, out);
    out.record(
        facts::NOTIFICATION_TYPES,
        types,
        Provenance::new(SOURCE, ARTIFACT.path),
    );
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::FactValue;

    use super::*;
    use crate::testing::{messages, run};

    fn collect_from(text: &str) -> Evidence {
        run(collect, &[(ARTIFACT.path, text)], None)
    }

    fn types(evidence: &Evidence) -> Option<Vec<String>> {
        match evidence
            .get(facts::NOTIFICATION_TYPES.name())
            .map(|fact| &fact.value)
        {
            Some(FactValue::List(types)) => Some(types.clone()),
            _ => None,
        }
    }

    #[test]
    fn reads_the_types_in_order() {
        let evidence = collect_from(
            r#"[
  {"id": "3", "type": "MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION", "params": {}},
  {"id": "4", "type": "DEVICE_COMPLIANCE_CONNECTION_ERROR", "params": {}},
  {"id": "5", "type": "MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION", "params": {}}
]"#,
        );
        assert_eq!(
            types(&evidence).unwrap(),
            [
                "MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION",
                "DEVICE_COMPLIANCE_CONNECTION_ERROR",
                "MII_INVENTORY_UPLOAD_FAILED_NOTIFICATION"
            ]
        );
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn no_notifications_is_an_empty_list() {
        let evidence = collect_from("[]");
        assert_eq!(types(&evidence), Some(vec![]));
    }

    #[test]
    fn an_object_where_the_array_belongs_is_a_problem() {
        let evidence = collect_from(r#"{"totalCount": 1, "results": []}"#);
        assert_eq!(types(&evidence), None);
        assert_eq!(
            messages(&evidence),
            [
                "not a Jamf Pro notifications response (a bare array of notifications): an object where an array belongs at line 1 column 1"
            ]
        );
    }

    #[test]
    fn a_bad_notification_is_left_out_and_the_rest_kept() {
        let evidence = collect_from(
            r#"[{"id": "1", "type": 7, "params": {}}, null, {"id": "2", "params": {}}, ["1", "PATCH_UPDATE"],
               {"id": "3", "type": "MII_HEARTBEAT_FAILED_NOTIFICATION", "params": {}}]"#,
        );
        assert_eq!(
            types(&evidence).unwrap(),
            ["MII_HEARTBEAT_FAILED_NOTIFICATION"]
        );
        assert_eq!(
            messages(&evidence),
            [
                "3 part(s) could not be read and were left out, the rest was kept: /0/type: invalid type: integer `7`, expected a string; /2/type: no notification type; /3: an array where an object belongs"
            ]
        );
    }

    #[test]
    fn malformed_json_is_a_problem() {
        let evidence = collect_from("[{\"id\": \"1\", \"type\": \"PATCH_UPDATE\"");
        assert_eq!(types(&evidence), None);
        assert_eq!(
            messages(&evidence),
            ["not valid JSON: EOF while parsing an object at line 1 column 35"]
        );
    }
}
