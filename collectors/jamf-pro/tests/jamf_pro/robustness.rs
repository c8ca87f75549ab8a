//! Robustness: every artifact truncated at several points or replaced by garbage. Nothing
//! panics, a broken JSON file is always a problem for that file, and the other artifacts are
//! still collected.

use std::io::Read;
use std::panic::{AssertUnwindSafe, catch_unwind};

use jamf_triage_bundle::DirArtifacts;
use jamf_triage_collector_jamf_pro::{SOURCE, artifacts, facts};
use jamf_triage_evidence::{
    ArtifactError, ArtifactReader, ArtifactSource, Evidence, MemoryArtifacts,
};
use serde_json::Value;

use crate::support::{collect, examples, read};

/// The example bundles the artifacts are taken from.
const BUNDLES: [&str; 6] = [
    "duplicate-registration",
    "graph-token-permissions",
    "healthy",
    "portal-opened-directly",
    "device-compliance-healthy",
    "device-compliance-not-compliant",
];

/// The JSON artifacts.
const JSON_FILES: [&str; 3] = [
    "jamf-pro/computers-inventory.json",
    "jamf-pro/notifications.json",
    "jamf-pro/jamf-pro-version.json",
];

/// The server log.
const LOG: &str = "jamf-pro/JAMFSoftwareServer.log";

/// An example bundle, in memory.
fn bundle(name: &str) -> MemoryArtifacts {
    let artifacts = DirArtifacts::open(examples().join(name)).expect("bundle");
    let mut memory = MemoryArtifacts::new();
    for path in artifacts.paths() {
        let bytes = read(&artifacts, &path);
        memory.insert(path, bytes);
    }
    memory
}

/// `bundle` with `path` replaced by `bytes`, collected; a panic fails with the case named.
fn collect_with(bundle: &MemoryArtifacts, path: &str, bytes: &[u8], case: &str) -> Evidence {
    let artifacts = bundle.clone().with(path, bytes.to_vec());
    catch_unwind(AssertUnwindSafe(|| collect(&artifacts)))
        .unwrap_or_else(|_| panic!("{path}: panicked on {case}"))
}

/// Bytes that are no Jamf Pro response (nor a sensible log).
fn garbage() -> Vec<(String, Vec<u8>)> {
    let texts = [
        "",
        " \n\t",
        "\u{feff}",
        "{]",
        "}",
        "null",
        "true",
        "0",
        "-1e999",
        "\"text\"",
        "[1, 2",
        "{\"results\": ",
        "{\"results\": [null, 1, \"x\", {}]",
        "\u{2019}\u{2019}",
        "2024-99-99 99:99:99,999 [INFO ] [a] [b] - c",
    ];
    let mut cases: Vec<(String, Vec<u8>)> = texts
        .iter()
        .map(|text| (format!("{text:?}"), text.as_bytes().to_vec()))
        .collect();
    cases.push((
        "invalid UTF-8".into(),
        b"\xff\xfe\x00{\"version\": \"\xc3\"".to_vec(),
    ));
    cases.push(("deep nesting".into(), "[".repeat(100_000).into_bytes()));
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let noise = (0..4096)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed.to_le_bytes()[0]
        })
        .collect();
    cases.push(("random bytes".into(), noise));
    cases
}

fn assert_problem_for(evidence: &Evidence, path: &str, case: &str) {
    assert!(
        evidence
            .problems()
            .iter()
            .any(|problem| problem.path == path),
        "{path}: no problem reported for {case}"
    );
}

/// The facts of the artifacts left intact are still there.
fn assert_rest_collected(evidence: &Evidence, broken: &str) {
    let expected = [
        ("jamf-pro/jamf-pro-version.json", "jamf.server.version"),
        ("jamf-pro/notifications.json", "jamf.notifications.types"),
        ("jamf-pro/computers-inventory.json", "jamf.computer.id"),
        (LOG, "jamf.server_log.entries"),
    ];
    for (path, fact) in expected.iter().filter(|(path, _)| *path != broken) {
        assert!(
            evidence.get(fact).is_some(),
            "{fact} of {path} lost when {broken} broke"
        );
    }
}

#[test]
fn truncated_artifacts_never_panic_and_broken_json_is_a_problem() {
    for name in BUNDLES {
        let artifacts = bundle(name);
        for path in JSON_FILES.iter().copied().chain([LOG]) {
            let bytes = read(&artifacts, path);
            let content = bytes.trim_ascii_end().len();
            let cuts = [
                0,
                1,
                2,
                content / 4,
                content / 3,
                content / 2,
                content * 3 / 4,
                content - 1,
            ];
            for cut in cuts {
                let case = format!("{name}: truncation at byte {cut}");
                let evidence = collect_with(&artifacts, path, &bytes[..cut], &case);
                if path != LOG {
                    assert_problem_for(&evidence, path, &case);
                }
                assert_rest_collected(&evidence, path);
            }
        }
    }
}

#[test]
fn the_small_responses_truncated_at_every_byte_are_problems() {
    let artifacts = bundle(BUNDLES[0]);
    for path in [
        "jamf-pro/notifications.json",
        "jamf-pro/jamf-pro-version.json",
    ] {
        let bytes = read(&artifacts, path);
        for cut in 0..bytes.trim_ascii_end().len() {
            let case = format!("truncation at byte {cut}");
            let evidence = collect_with(&artifacts, path, &bytes[..cut], &case);
            assert_problem_for(&evidence, path, &case);
            assert_rest_collected(&evidence, path);
        }
    }
}

#[test]
fn garbage_never_panics_and_is_a_problem_for_json() {
    let artifacts = bundle(BUNDLES[0]);
    for path in JSON_FILES.iter().copied().chain([LOG]) {
        for (case, bytes) in garbage() {
            let evidence = collect_with(&artifacts, path, &bytes, &case);
            if path != LOG {
                assert_problem_for(&evidence, path, &case);
            }
            assert_rest_collected(&evidence, path);
        }
    }
}

#[test]
fn any_field_of_the_subjects_record_replaced_by_garbage_never_panics() {
    let path = "jamf-pro/computers-inventory.json";
    let artifacts = bundle(BUNDLES[0]);
    let original: Value = serde_json::from_slice(&read(&artifacts, path)).expect("JSON");
    let mut pointers = Vec::new();
    leaves(&original["results"][3], "/results/3", &mut pointers);
    assert!(pointers.len() > 50, "{}", pointers.len());
    let substitutes = [
        serde_json::json!({"garbage": [1]}),
        Value::from(7),
        Value::from("2024-13-45"),
    ];
    for pointer in pointers {
        for substitute in &substitutes {
            let mut mutated = original.clone();
            *mutated.pointer_mut(&pointer).expect("pointer") = substitute.clone();
            let case = format!("{pointer} = {substitute}");
            let evidence = collect_with(&artifacts, path, mutated.to_string().as_bytes(), &case);
            assert!(
                evidence.get("jamf.computer.record_count").is_some(),
                "{case}"
            );
            assert_rest_collected(&evidence, path);
        }
    }
}

/// The JSON pointers of every leaf under `value`.
fn leaves(value: &Value, pointer: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                leaves(child, &format!("{pointer}/{key}"), out);
            }
        }
        Value::Array(items) if !items.is_empty() => {
            for (index, child) in items.iter().enumerate() {
                leaves(child, &format!("{pointer}/{index}"), out);
            }
        }
        _ => out.push(pointer.to_owned()),
    }
}

/// Artifacts in memory, but for one that is a stream of `size` spaces, never held whole.
struct Oversized {
    rest: MemoryArtifacts,
    path: &'static str,
    size: u64,
}

impl ArtifactSource for Oversized {
    fn paths(&self) -> Vec<String> {
        let mut paths = self.rest.paths();
        paths.push(self.path.to_owned());
        paths.sort();
        paths.dedup();
        paths
    }

    fn open(&self, path: &str) -> Result<ArtifactReader<'_>, ArtifactError> {
        if path == self.path {
            Ok(Box::new(std::io::repeat(b' ').take(self.size)))
        } else {
            self.rest.open(path)
        }
    }
}

#[test]
fn an_artifact_over_its_limit_is_a_problem_naming_it_and_the_rest_is_collected() {
    let spec = artifacts::SERVER_VERSION;
    let artifacts = Oversized {
        rest: bundle(BUNDLES[0]),
        path: spec.path,
        size: spec.limit + 1,
    };
    let evidence = collect(&artifacts);
    assert!(evidence.get(facts::SERVER_VERSION.name()).is_none());
    let problems: Vec<_> = evidence
        .problems()
        .iter()
        .map(|problem| (problem.path.as_str(), problem.message.as_str()))
        .collect();
    let message = format!(
        "larger than its limit of {} bytes; it was not read",
        spec.limit
    );
    assert_eq!(problems, [(spec.path, message.as_str())]);
    assert_eq!(evidence.problems()[0].collector, SOURCE);
    assert_rest_collected(&evidence, spec.path);
    assert_eq!(evidence.fact_count(), 11, "every other fact");
}
