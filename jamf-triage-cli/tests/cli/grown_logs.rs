//! A bundle whose logs are grown far past the example's (`jamf_triage_benches::grow`: the
//! example's own entries repeated with earlier timestamps, so the latest entries stay the
//! original's) gives the report of the original, and its `evidence` holds the lines the rules
//! test and the count of the others, not the logs.

use jamf_triage_benches::grow::{LogKind, grow_bundle};

use super::{bundle, run, stdout, temp_dir};

/// About 1 MiB per log: enough that keeping every line would show.
const GROWN_BYTES: u64 = 1024 * 1024;

fn json_report(path: &str) -> serde_json::Value {
    let output = run(&["diagnose", path, "--format", "json", "--lang", "en"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    serde_json::from_slice(&output.stdout).expect("JSON report")
}

#[test]
fn a_grown_bundle_gives_the_original_report_and_small_evidence() {
    for name in ["duplicate-registration", "graph-token-permissions"] {
        let dir = temp_dir(&format!("grown-{name}"));
        let grown = dir.join(name);
        let logs =
            grow_bundle(&bundle(name), &grown, GROWN_BYTES, &LogKind::ALL).expect("the logs grow");
        assert!(logs.iter().all(|log| log.bytes >= GROWN_BYTES), "{logs:?}");
        let grown_path = grown.display().to_string();

        let mut original = json_report(&bundle(name).display().to_string());
        let mut bigger = json_report(&grown_path);
        // The two differ only in how many lines the logs had, which the report may quote.
        for report in [&mut original, &mut bigger] {
            if let Some(object) = report.as_object_mut() {
                object.remove("tool");
            }
        }
        let causes = |report: &serde_json::Value| {
            report["causes"]
                .as_array()
                .expect("causes")
                .iter()
                .map(|cause| (cause["id"].clone(), cause["verdict"].clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(causes(&bigger), causes(&original), "{name}");

        let evidence = run(&["evidence", &grown_path]);
        assert_eq!(evidence.status.code(), Some(0));
        let kept = stdout(&evidence);
        assert!(
            kept.contains("lines_read:"),
            "{name}: counts of the lines read"
        );
        let every = run(&["evidence", &grown_path, "--all-lines"]);
        assert_eq!(every.status.code(), Some(0));
        assert!(
            every.stdout.len() > 3 * usize::try_from(GROWN_BYTES).unwrap_or(usize::MAX),
            "{name}: --all-lines keeps every line"
        );
        // What is kept is the lines a rule tests (here mostly jamfAAD's "AAD ID acquired"
        // successes, which the grown log repeats): a small part of the logs.
        assert!(
            kept.len() * 8 < every.stdout.len(),
            "{name}: the evidence keeps {} of {} bytes",
            kept.len(),
            every.stdout.len()
        );
    }
}
