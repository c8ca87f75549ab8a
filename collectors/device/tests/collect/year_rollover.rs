//! `jamf.log` has no year: lines read in January that were written in December belong to the
//! year before.

use jamf_triage_evidence::{MemoryArtifacts, Subject, parse_zoned};

use crate::support;

#[test]
fn december_lines_read_in_january_are_last_year() {
    let artifacts = MemoryArtifacts::new().with("mac/jamf.log", support::data("rollover/jamf.log"));
    let at = parse_zoned("2025-01-02T09:00:00+01:00").expect("time");
    let evidence = support::collect(&artifacts, &Subject::default(), Some(&at));
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let checkin = evidence
        .get("device.jamf_log.last_checkin")
        .expect("check-in");
    assert_eq!(checkin.value.to_string(), "2025-01-02T07:45:12Z");
    assert_eq!(checkin.provenance.line, Some(7));
    // The last line was written after the bundle was collected on the 2nd: it is from 2024.
    let last = evidence
        .get("device.jamf_log.last_entry")
        .expect("last entry");
    assert_eq!(last.value.to_string(), "2025-01-02T07:45:14Z");
    assert_eq!(last.provenance.line, Some(8));
    insta::assert_snapshot!("year_rollover", evidence.to_yaml_string());
}
