//! Damaged artifacts: every artifact of the example bundles truncated at several points, or with
//! garbage in place of some of its bytes. Nothing panics, every fact stays declared, and a
//! damaged property list is reported; a damaged artifact does not stop the others from being
//! read.

use jamf_triage_evidence::{ArtifactSource, MemoryArtifacts};

use crate::support::{self, EXAMPLES};

const GARBAGE: &[u8] = b"\x00\xFF\xFE<<\"\\\\\\[0x]\xC3(\n\t\r\x1B]:=bplist00\xEF\xBB\xBF";

/// Damaged copies of `bytes`, each with a description.
fn damaged(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let len = bytes.len();
    let mut variants = Vec::new();
    for cut in [
        0,
        1,
        8,
        len / 3,
        len / 2,
        2 * len / 3,
        len.saturating_sub(12),
    ] {
        if cut < len {
            variants.push((
                format!("truncated at {cut}"),
                bytes.get(..cut).unwrap_or_default().to_vec(),
            ));
        }
    }
    let (start, end) = (len / 3, 2 * len / 3);
    let mut middle = bytes.get(..start).unwrap_or_default().to_vec();
    middle.extend(GARBAGE.iter().cycle().take(end - start));
    middle.extend(bytes.get(end..).unwrap_or_default());
    variants.push(("garbage in the middle".to_owned(), middle));
    let mut start_garbage = GARBAGE.to_vec();
    start_garbage.extend(bytes.get(GARBAGE.len().min(len)..).unwrap_or_default());
    variants.push(("garbage at the start".to_owned(), start_garbage));
    variants.push(("only garbage".to_owned(), GARBAGE.repeat(50)));
    variants
}

/// The examples, and copies of them with binary property lists (where only the property lists
/// are damaged, the rest being the same as in the XML copy).
fn bundles() -> Vec<(String, MemoryArtifacts, &'static str)> {
    let mut bundles = Vec::new();
    for name in EXAMPLES {
        let xml = support::in_memory(&support::example(name));
        let mut binary = xml.clone();
        for path in xml
            .paths()
            .into_iter()
            .filter(|path| path.ends_with(".plist"))
        {
            let bytes = support::read(&xml, &path).expect("bytes");
            let value = plist::Value::from_reader(std::io::Cursor::new(bytes)).expect("plist");
            let mut encoded = Vec::new();
            value.to_writer_binary(&mut encoded).expect("binary plist");
            binary.insert(path, encoded);
        }
        bundles.push(((*name).to_owned(), xml, "mac/"));
        bundles.push((format!("{name} (binary plists)"), binary, ".plist"));
    }
    bundles
}

#[test]
fn damaged_artifacts_never_panic_and_damaged_plists_are_reported() {
    for (bundle_name, bundle, damaged_paths) in bundles() {
        let at = support::collected_at(&bundle);
        let paths = bundle.paths().into_iter();
        for path in paths.filter(|path| path.starts_with("mac/") && path.contains(damaged_paths)) {
            let original = support::read(&bundle, &path).expect("bytes");
            for (how, bytes) in damaged(&original) {
                // The damaged artifact alone: the others are read as in the example.
                let artifacts = MemoryArtifacts::new().with(path.clone(), bytes);
                let subject = jamf_triage_evidence::Subject::default();
                let evidence = support::collect(&artifacts, &subject, at.as_ref());
                support::assert_declared(&evidence);
                if path.ends_with(".plist") {
                    assert!(
                        evidence
                            .problems()
                            .iter()
                            .any(|problem| problem.path == path),
                        "{bundle_name}: {path} {how}: no problem reported"
                    );
                }
            }
        }
    }
}

/// A small deterministic generator, so that failures can be replayed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(self.0 >> 33).unwrap_or_default()
    }
}

#[test]
fn random_byte_flips_never_panic() {
    let bundle = support::in_memory(&support::example("duplicate-registration"));
    let at = support::collected_at(&bundle);
    let mut random = Lcg(0x5eed);
    for path in bundle
        .paths()
        .into_iter()
        .filter(|path| path.starts_with("mac/"))
    {
        let original = support::read(&bundle, &path).expect("bytes");
        for _ in 0..25 {
            let mut bytes = original.clone();
            for _ in 0..=random.next() % 8 {
                let len = bytes.len().max(1);
                if let Some(byte) = bytes.get_mut(random.next() % len) {
                    *byte = GARBAGE
                        .get(random.next() % GARBAGE.len())
                        .copied()
                        .unwrap_or(0);
                }
            }
            let artifacts = MemoryArtifacts::new().with(path.clone(), bytes);
            let subject = jamf_triage_evidence::Subject::default();
            support::assert_declared(&support::collect(&artifacts, &subject, at.as_ref()));
        }
    }
}

#[test]
fn every_artifact_damaged_at_once() {
    for name in EXAMPLES {
        let bundle = support::in_memory(&support::example(name));
        let at = support::collected_at(&bundle);
        let plists = bundle
            .paths()
            .into_iter()
            .filter(|path| path.ends_with(".plist"))
            .count();
        for variant in 0..damaged(b"0123456789abcdef").len() {
            let mut artifacts = MemoryArtifacts::new();
            for path in bundle
                .paths()
                .into_iter()
                .filter(|path| path.starts_with("mac/"))
            {
                let original = support::read(&bundle, &path).expect("bytes");
                let mut variants = damaged(&original);
                let index = variant.min(variants.len().saturating_sub(1));
                artifacts.insert(path, variants.swap_remove(index).1);
            }
            let subject = jamf_triage_evidence::Subject::default();
            let evidence = support::collect(&artifacts, &subject, at.as_ref());
            support::assert_declared(&evidence);
            let plist_problems = evidence
                .problems()
                .iter()
                .filter(|p| p.path.ends_with(".plist"));
            assert_eq!(plist_problems.count(), plists, "{name}, variant {variant}");
        }
    }
}

#[test]
fn unreadable_text_artifacts_are_reported_and_the_rest_is_collected() {
    let mut artifacts = support::in_memory(&support::example("healthy"));
    artifacts.insert("mac/jamf.log", GARBAGE.repeat(10));
    artifacts.insert(
        "mac/jamfAAD.log",
        b"Error 2024-05-07 10:52:56 +0200 JamfAAD failed\n".to_vec(),
    );
    artifacts.insert(
        "mac/keychain-certificates.txt",
        b"not a keychain listing\n".to_vec(),
    );
    artifacts.insert("mac/keychain-dump.txt", b"\x00\x01\x02".to_vec());
    artifacts.insert(
        "mac/connectivity.txt",
        b"graph.microsoft.com 443 ok\ngraph.microsoft.com port ok\n".to_vec(),
    );
    let evidence = support::collect_bundle(&artifacts);
    insta::assert_yaml_snapshot!("unreadable_text_artifacts", evidence.problems());
    for absent in [
        "device.jamf_log.lines",
        "device.jamfaad.log",
        "device.keychain.wpj_device_ids",
        "device.keychain.microsoft_items",
    ] {
        assert!(evidence.get(absent).is_none(), "{absent}");
    }
    assert_eq!(
        support::value(&evidence, "device.connectivity.checked").as_deref(),
        Some("graph.microsoft.com:443")
    );
    assert_eq!(
        support::value(&evidence, "device.os.version").as_deref(),
        Some("14.4.1")
    );
    // The plist still says when the last token was acquired.
    assert!(evidence.get("device.jamfaad.last_token_success").is_some());
}

#[test]
fn an_artifact_over_its_limit_is_a_problem_and_the_rest_is_collected() {
    use jamf_triage_collector_device::artifacts::SW_VERS;
    use jamf_triage_evidence::LIMIT_SMALL;

    assert_eq!(SW_VERS.limit, LIMIT_SMALL);
    let mut artifacts = support::in_memory(&support::example("healthy"));
    let mut huge = b"ProductVersion:\t14.4.1\n".to_vec();
    huge.resize(usize::try_from(LIMIT_SMALL).expect("fits") + 1, b'\n');
    artifacts.insert(SW_VERS.path, huge);
    let evidence = support::collect_bundle(&artifacts);
    let problems: Vec<String> = evidence
        .problems()
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        problems,
        [format!(
            "mac/sw_vers.txt: larger than its limit of {LIMIT_SMALL} bytes; it was not read (device)"
        )]
    );
    assert!(evidence.get("device.os.version").is_none());
    assert!(evidence.get("device.jamf_log.lines").is_some());
    assert_eq!(
        support::value(&evidence, "device.jamfaad.errors_after_last_success").as_deref(),
        Some("0")
    );
    let healthy = support::collect_bundle(&support::example("healthy"));
    assert_eq!(
        evidence.fact_count(),
        healthy.fact_count() - 2,
        "all but os.*"
    );
}

/// Issue 12: random bytes as a Company Portal log were read as log lines, silently. The file is a
/// problem naming it; the other log of the folder is still read.
#[test]
fn a_company_portal_log_with_no_entry_is_a_problem() {
    let garbled = "mac/company-portal/com.microsoft.CompanyPortalMac_2024-06-12.log";
    let mut artifacts = support::in_memory(&support::example("portal-opened-directly"));
    artifacts.insert(garbled, GARBAGE.repeat(10));
    let evidence = support::collect_bundle(&artifacts);
    let problem = evidence
        .problems()
        .iter()
        .find(|problem| problem.path == garbled)
        .expect("a problem naming the file");
    assert!(
        problem.message.contains("not a Company Portal log"),
        "{}",
        problem.message
    );
    let Some(jamf_triage_evidence::FactValue::Lines(lines)) = evidence
        .get("device.company_portal.log")
        .map(|fact| &fact.value)
    else {
        panic!("Company Portal lines")
    };
    assert!(lines.iter().count() > 0);
    assert!(lines.iter().all(|line| line.artifact != garbled));
}
