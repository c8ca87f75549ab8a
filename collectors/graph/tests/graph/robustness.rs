//! Damaged artifacts: every JSON artifact of every example bundle, truncated at several points or
//! with garbage put in, never makes the collector panic, and is reported as a problem naming it.

use jamf_triage_evidence::ArtifactSource;

use crate::support::{BUNDLES, collect, in_memory, open_bundle, read, subject_of};

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
        let whole = in_memory(&bundle);
        for path in paths {
            let original = read(&bundle, &path).expect("readable");
            for (how, bytes) in damaged(&original) {
                let mut artifacts = whole.clone();
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

/// A small deterministic pseudo-random generator (xorshift), so failures reproduce.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % u64::try_from(bound.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// Bytes that mean something to a JSON reader, and some that do not.
const TOKENS: &[&[u8]] = &[
    b"{",
    b"}",
    b"[",
    b"]",
    b"\"",
    b",",
    b":",
    b"null",
    b"true",
    b"-1e999",
    b"\\u12",
    b"\xff\xfe",
    b"\x00",
    b"0001-01-01T00:00:00Z",
    b"\"@odata.type\"",
    b"\r\n",
    "\u{2019}".as_bytes(),
];

#[test]
fn random_edits_never_panic() {
    let bundle = open_bundle("duplicate-registration");
    let subject = subject_of(&bundle);
    let whole = in_memory(&bundle);
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for path in bundle
        .paths()
        .into_iter()
        .filter(|path| path.starts_with("graph/"))
    {
        let original = read(&bundle, &path).expect("readable");
        for _ in 0..40 {
            let mut bytes = original.clone();
            for _ in 0..=random.below(4) {
                let at = random.below(bytes.len());
                let end = (at + random.below(12)).min(bytes.len());
                let token = TOKENS[random.below(TOKENS.len())];
                bytes.splice(at..end, token.iter().copied());
            }
            let mut artifacts = whole.clone();
            artifacts.insert(path.clone(), bytes);
            // Valid or not, the edited file is read without a panic; the others stay clean.
            let evidence = collect(&artifacts, &subject);
            assert!(
                evidence
                    .problems()
                    .iter()
                    .all(|problem| problem.path == path)
            );
        }
    }
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
