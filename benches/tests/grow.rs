//! Every example bundle with logs, grown to about 1 MiB per log, gives the verdicts of the
//! original for every cause and the status of every symptom (the grown lines come before the
//! original's, so the facts derived from the newest entries do not change).

use std::path::{Path, PathBuf};

use jamf_triage_benches::grow::{LogKind, grow_bundle};
use jamf_triage_core::Verdict;
use jamf_triage_core::evidence::{Evidence, Subject};
use jamf_triage_sources::Registry;

const GROWN_BYTES: u64 = 1 << 20;

fn examples() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/bundles");
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(root)
        .expect("examples/bundles")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .filter(|path| {
            LogKind::ALL
                .iter()
                .any(|kind| path.join(kind.path()).is_file())
        })
        .collect();
    bundles.sort();
    bundles
}

fn evidence(bundle: &Path) -> Evidence {
    let registry = Registry::builtin();
    let opened = registry.open_bundle(bundle).expect("opens");
    registry
        .collect(&opened, &Subject::default(), None)
        .evidence
}

fn verdicts(evidence: &Evidence) -> Vec<(String, Verdict)> {
    let verdicts = jamf_triage_rules::engine().evaluate(evidence);
    verdicts
        .causes()
        .map(|(cause, verdict)| (cause.id.clone(), verdict))
        .collect()
}

fn symptoms(evidence: &Evidence) -> Vec<String> {
    let verdicts = jamf_triage_rules::engine().evaluate(evidence);
    verdicts
        .symptoms()
        .map(|(symptom, status)| format!("{}: {status:?}", symptom.id))
        .collect()
}

#[test]
fn grown_examples_keep_their_verdicts() {
    let bundles = examples();
    assert!(bundles.len() >= 6, "{bundles:?}");
    for bundle in bundles {
        let name = bundle
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("bundle");
        let dest = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("grown-{name}"));
        let grown = grow_bundle(&bundle, &dest, GROWN_BYTES, &LogKind::ALL).expect("grows");
        assert_eq!(grown.len(), 3, "{name}: all three logs");
        for log in &grown {
            assert!(
                (GROWN_BYTES..GROWN_BYTES + 64 * 1024).contains(&log.bytes),
                "{name}: {log:?}"
            );
            let size = std::fs::metadata(dest.join(log.kind.path()))
                .expect("grown log")
                .len();
            assert_eq!(size, log.bytes, "{name}: {log:?}");
        }
        let original = evidence(&bundle);
        let grown = evidence(&dest);
        assert_eq!(verdicts(&grown), verdicts(&original), "{name}");
        assert_eq!(symptoms(&grown), symptoms(&original), "{name}");
        for kind in [LogKind::JamfAad, LogKind::ServerLog] {
            let fact = match kind {
                LogKind::JamfAad => "device.jamfaad.log",
                _ => "jamf.server_log.entries",
            };
            let lines = |evidence: &Evidence| match evidence.get(fact).map(|f| &f.value) {
                Some(jamf_triage_core::FactValue::Lines(lines)) => lines.total(),
                _ => 0,
            };
            assert!(lines(&grown) > 10 * lines(&original), "{name}: {fact} grew");
        }
        for derived in [
            "device.jamf_log.last_checkin",
            "device.jamfaad.last_token_success",
            "device.jamfaad.errors_after_last_success",
        ] {
            assert_eq!(
                grown.get(derived).map(|fact| &fact.value),
                original.get(derived).map(|fact| &fact.value),
                "{name}: {derived}"
            );
        }
    }
}
