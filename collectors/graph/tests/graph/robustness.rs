//! Damaged artifacts: every JSON artifact of every example bundle, truncated at several points or
//! with garbage put in, never makes the collector panic, and is reported as a problem naming it.

use jamf_triage_core::ArtifactSource;

use crate::support::{BUNDLES, collect, in_memory, open_bundle, subject_of};

/// Versions of `bytes` that are not a valid JSON document any more.
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    // Cutting anywhere before the final `}` leaves the document unfinished.
    let last = bytes.iter().rposition(|byte| *byte == b'}').unwrap_or(0);
    let mut versions: Vec<(String, Vec<u8>)> = [0, 1, last / 4, last / 2, last * 3 / 4, last]
        .into_iter()
        .map(|cut| (format!("truncated at {cut}"), bytes[..cut].to_vec()))
        .collect();
    // A NUL is invalid inside and outside JSON strings; 0xFF is not UTF-8.
    const GARBAGE: &[u8] = b"\x00\xff{]\"\x01";
    for at in [0, last / 3, last * 2 / 3] {
        let mut version = bytes.to_vec();
        let end = (at + GARBAGE.len()).min(version.len());
        version.splice(at..end, GARBAGE.iter().copied());
        versions.push((format!("garbage at {at}"), version));
    }
    versions.push((
        "only garbage".to_owned(),
        b"\xEF\xBB\xBF<html>502 Bad Gateway</html>\r\n".to_vec(),
    ));
    versions
}

#[test]
fn damaged_artifacts_are_reported_and_never_panic() {
    let mut checked = 0;
    for name in BUNDLES {
        let bundle = open_bundle(name);
        let subject = subject_of(&bundle);
        let paths: Vec<String> = bundle
            .paths()
            .into_iter()
            .filter(|path| path.starts_with("graph/") && path.ends_with(".json"))
            .collect();
        assert!(paths.len() >= 11, "{name}: {paths:?}");
        for path in paths {
            let original = bundle.read(&path).expect("readable");
            for (how, bytes) in damaged(&original) {
                let mut artifacts = in_memory(&bundle);
                artifacts.insert(path.clone(), bytes);
                let evidence = collect(&artifacts, &subject);
                assert!(
                    evidence
                        .problems()
                        .iter()
                        .any(|problem| problem.path == path && problem.collector == "graph"),
                    "{name}: {path} {how}: no problem reported: {:?}",
                    evidence.problems()
                );
                assert!(
                    evidence
                        .problems()
                        .iter()
                        .all(|problem| problem.path == path),
                    "{name}: {path} {how}: only the damaged file has problems"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 400, "{checked} damaged versions");
}

#[test]
fn a_damaged_file_loses_only_its_own_facts() {
    let bundle = open_bundle("healthy");
    let subject = subject_of(&bundle);
    let mut artifacts = in_memory(&bundle);
    artifacts.insert("graph/managedDevices.json", b"{\"value\": [".to_vec());
    let evidence = collect(&artifacts, &subject);
    assert_eq!(evidence.get("graph.intune.record_count"), None);
    assert!(evidence.get("graph.partner.state").is_some());
    assert!(evidence.get("graph.entra.device_ids").is_some());
    let problem = &evidence.problems()[0];
    assert_eq!(problem.path, "graph/managedDevices.json");
    assert_eq!(
        problem.message,
        "not valid JSON: EOF while parsing a list at line 1 column 11"
    );
    assert_eq!(problem.line, Some(1));
}
