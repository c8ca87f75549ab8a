//! `jamf-pro/jamf-pro-version.json` (`GET /api/v1/jamf-pro-version`) → `jamf.server.version`.

use jamf_triage_evidence::{CollectInput, Evidence, Provenance};
use serde::Deserialize;

use crate::artifacts::SERVER_VERSION as ARTIFACT;
use crate::json::{self, Shape, Top};
use crate::{SOURCE, facts};

/// The response: `{"version": "..."}`.
const SHAPE: Shape = Shape {
    top: Top::Object,
    what: "a Jamf Pro version response (`{\"version\": \"...\"}`)",
};

/// The `JamfProVersion` schema.
#[derive(Debug, Deserialize)]
struct JamfProVersion {
    version: Option<String>,
}

/// Collects the Jamf Pro version.
pub(crate) fn collect(input: &CollectInput<'_>, out: &mut Evidence) {
    let Some(response) = json::read::<JamfProVersion>(input, &ARTIFACT, SHAPE, out) else {
        return;
    };
    if let Some(version) = response
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
    {
        out.record(
            facts::SERVER_VERSION,
            version,
            Provenance::new(SOURCE, ARTIFACT.path).at_pointer("/version"),
        );
    }
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::FactValue;

    use super::*;
    use crate::testing::{messages, run};

    fn collect_from(text: &str) -> Evidence {
        run(collect, &[(ARTIFACT.path, text)], None)
    }

    #[test]
    fn reads_the_version_with_its_pointer() {
        let evidence = collect_from("{\"version\": \"10.9.0\"}");
        let fact = evidence.get(facts::SERVER_VERSION.name()).expect("version");
        assert_eq!(fact.value, FactValue::String("10.9.0".to_owned()));
        assert_eq!(fact.provenance.pointer.as_deref(), Some("/version"));
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn a_null_version_is_no_fact_and_no_problem() {
        let evidence = collect_from("{\"version\": null}");
        assert_eq!(evidence.fact_count(), 0);
        assert!(evidence.problems().is_empty());
    }

    #[test]
    fn a_wrong_type_is_a_problem_with_its_position() {
        let evidence = collect_from("{\"version\": 11}");
        assert_eq!(evidence.fact_count(), 0);
        assert_eq!(
            messages(&evidence),
            [
                "not a Jamf Pro version response (`{\"version\": \"...\"}`): invalid type: integer `11`, expected a string at line 1 column 14"
            ]
        );
    }

    #[test]
    fn an_array_is_not_a_version_response() {
        let evidence = collect_from("[\"10.9.0\"]");
        assert_eq!(evidence.fact_count(), 0);
        assert_eq!(
            messages(&evidence),
            [
                "not a Jamf Pro version response (`{\"version\": \"...\"}`): an array where an object belongs at line 1 column 1"
            ]
        );
    }

    #[test]
    fn a_missing_file_is_not_a_problem() {
        let evidence = run(collect, &[], None);
        assert_eq!(evidence.fact_count(), 0);
        assert!(evidence.problems().is_empty());
    }
}
