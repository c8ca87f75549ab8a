//! Text as it arrives: CRLF line endings, a byte-order mark, bytes that are not UTF-8, empty
//! files, and property lists in binary form.

use jamf_triage_evidence::{FactValue, MemoryArtifacts, Subject};

use crate::support;

fn is_text(path: &str) -> bool {
    path.starts_with("mac/") && !path.ends_with(".plist")
}

/// The healthy example with every text artifact of the Mac rewritten by `change`.
fn healthy_with(change: impl Fn(&[u8]) -> Vec<u8>) -> MemoryArtifacts {
    let original = support::in_memory(&support::example("healthy"));
    let mut changed = MemoryArtifacts::new();
    for path in jamf_triage_evidence::ArtifactSource::paths(&original) {
        let bytes = support::read(&original, &path).expect("bytes");
        let bytes = if is_text(&path) {
            change(&bytes)
        } else {
            bytes
        };
        changed.insert(path, bytes);
    }
    changed
}

#[test]
fn crlf_and_byte_order_marks_change_nothing() {
    let plain = support::collect_bundle(&support::example("healthy"));
    let windows = healthy_with(|bytes| {
        let mut out = b"\xEF\xBB\xBF".to_vec();
        for &byte in bytes {
            if byte == b'\n' {
                out.push(b'\r');
            }
            out.push(byte);
        }
        out
    });
    let evidence = support::collect_bundle(&windows);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(evidence, plain);
}

#[test]
fn invalid_utf8_is_read_lossily() {
    let artifacts = MemoryArtifacts::new()
        .with("manifest.yaml", "collected_at: 2024-06-03T14:20:00+02:00\n")
        .with(
            "mac/jamf.log",
            &b"Mon Jun 03 13:47:18 Adele\xE2\x80\x99s Mac jamf[1]: Script result: caf\xE9\nMon Jun 03 13:48:00 Adele\xFFs Mac jamf[1]: Checking for policies triggered by \"recurring check-in\" for user \"adele\"...\n"[..],
        )
        .with("mac/sw_vers.txt", &b"ProductVersion:\t14.4.1\xFF\n"[..]);
    let evidence = support::collect_bundle(&artifacts);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    let Some(FactValue::Lines(lines)) = evidence.get("device.jamf_log.lines").map(|f| &f.value)
    else {
        panic!("jamf.log lines")
    };
    assert_eq!(
        lines.get(0).map(|line| line.text),
        Some("Script result: caf\u{FFFD}")
    );
    assert_eq!(
        support::value(&evidence, "device.jamf_log.last_checkin").as_deref(),
        Some("2024-06-03T11:48:00Z")
    );
    assert_eq!(
        support::value(&evidence, "device.os.version").as_deref(),
        Some("14.4.1\u{FFFD}")
    );
}

#[test]
fn empty_text_files_give_empty_facts_and_empty_plists_are_problems() {
    let empty = support::collect_bundle(&healthy_with(|_| Vec::new()));
    assert!(empty.problems().is_empty(), "{:?}", empty.problems());
    support::assert_declared(&empty);
    insta::assert_snapshot!("empty_text_files", empty.to_yaml_string());

    let mut artifacts = support::in_memory(&support::example("healthy"));
    artifacts.insert("mac/com.jamf.management.jamfAAD.plist", Vec::new());
    artifacts.insert("mac/com.jamfsoftware.jamf.plist", b"\n".to_vec());
    let evidence = support::collect_bundle(&artifacts);
    let paths: Vec<_> = evidence
        .problems()
        .iter()
        .map(|p| p.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "mac/com.jamf.management.jamfAAD.plist",
            "mac/com.jamfsoftware.jamf.plist"
        ]
    );
    assert!(
        evidence
            .get("device.jamf_prefs.microsoft_ca_enabled")
            .is_none()
    );
    // The log still tells when a token was last acquired.
    assert!(evidence.get("device.jamfaad.last_token_success").is_some());
}

#[test]
fn binary_plists_read_like_xml_ones() {
    let xml = support::collect_bundle(&support::example("duplicate-registration"));
    let mut artifacts = support::in_memory(&support::example("duplicate-registration"));
    for name in [
        "mac/com.jamf.management.jamfAAD.plist",
        "mac/com.jamfsoftware.jamf.plist",
    ] {
        let bytes = support::read(&artifacts, name).expect("plist");
        let value = plist::Value::from_reader(std::io::Cursor::new(bytes)).expect("valid plist");
        let mut binary = Vec::new();
        value.to_writer_binary(&mut binary).expect("binary plist");
        artifacts.insert(name, binary);
    }
    assert_eq!(support::collect_bundle(&artifacts), xml);
}

#[test]
fn integer_token_times_and_a_deactivated_agent() {
    let prefs = support::data("prefs/jamfAAD-deactivated.plist");
    let artifacts = MemoryArtifacts::new().with("mac/com.jamf.management.jamfAAD.plist", prefs);
    let evidence = support::collect(&artifacts, &Subject::default(), None);
    assert!(evidence.problems().is_empty(), "{:?}", evidence.problems());
    assert_eq!(
        support::value(&evidence, "device.jamfaad.have_azure_id").as_deref(),
        Some("false")
    );
    assert_eq!(
        support::value(&evidence, "device.jamfaad.last_token_at").as_deref(),
        Some("2024-06-01T08:00:00Z")
    );
    let success = evidence
        .get("device.jamfaad.last_token_success")
        .expect("success");
    assert_eq!(
        success.provenance.pointer.as_deref(),
        Some("last_aad_token_timestamp")
    );
    // No log was collected: nothing is known about errors.
    assert!(
        evidence
            .get("device.jamfaad.errors_after_last_success")
            .is_none()
    );
}
