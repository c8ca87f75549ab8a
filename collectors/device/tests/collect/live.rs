//! Live collection (feature `live`) replayed from each example bundle's `mac/` folder writes
//! exactly the artifacts the bundle holds; a Mac without a user still gives the rest.

use std::path::Path;
use std::time::Duration;

use jamf_triage_collector_device::live::{
    DeviceLive, Endpoint, Mac, MacCommand, MacError, MacUser, RecordedMac,
};
use jamf_triage_evidence::{ArtifactSource, MemorySink};

use crate::support::{self, EXAMPLES, example, example_root};

#[test]
fn replaying_each_example_writes_its_mac_artifacts_exactly() {
    for name in EXAMPLES {
        let mac = RecordedMac::open(example_root(name).join("mac"));
        let mut sink = MemorySink::default();
        DeviceLive::default().collect(&mac, &mut sink);
        assert_eq!(sink.failures(), [], "{name}");
        let written = sink.artifacts();
        let recorded = example(name);
        let expected: Vec<String> = recorded
            .paths()
            .into_iter()
            .filter(|path| path.starts_with("mac/"))
            .collect();
        assert_eq!(written.paths(), expected, "{name}");
        for path in expected {
            assert_eq!(
                support::read(&written, &path).ok(),
                support::read(&recorded, &path).ok(),
                "{name}: {path}"
            );
        }
    }
}

/// A Mac with nobody at the console whose commands all fail.
struct Headless;

impl Mac for Headless {
    fn user(&self, _: Option<&str>) -> Result<MacUser, MacError> {
        Err(MacError::NoConsoleUser)
    }
    fn serial(&self) -> Result<String, MacError> {
        Err(MacError::NoConsoleUser)
    }
    fn run(&self, command: &MacCommand, _: Option<&MacUser>) -> Result<Vec<u8>, MacError> {
        if command.artifact == "sw_vers.txt" {
            Ok(b"ProductName:\tmacOS\n".to_vec())
        } else {
            Err(MacError::Command {
                command: command.to_string(),
                message: "exit status: 1".into(),
            })
        }
    }
    fn read(&self, path: &Path, _: &str) -> Result<Vec<u8>, MacError> {
        Err(MacError::NotFound {
            path: path.display().to_string(),
        })
    }
    fn list(&self, path: &Path, _: &str) -> Result<Vec<String>, MacError> {
        Err(MacError::NotFound {
            path: path.display().to_string(),
        })
    }
    fn exists(&self, _: &str) -> bool {
        false
    }
    fn connect(&self, _: &str, _: u16, _: Duration) -> Result<(), String> {
        Err("timed out".into())
    }
}

#[test]
fn a_mac_without_a_user_gives_the_rest_and_says_what_failed() {
    let mut sink = MemorySink::default();
    DeviceLive::default().collect(&Headless, &mut sink);
    let written = sink.artifacts();
    assert_eq!(
        written.paths(),
        [
            "mac/connectivity.txt",
            "mac/leftover-paths.txt",
            "mac/sw_vers.txt"
        ]
    );
    let connectivity = support::read(&written, "mac/connectivity.txt").unwrap_or_default();
    assert!(
        String::from_utf8_lossy(&connectivity)
            .starts_with("login.microsoftonline.com 443 failed timed out\n")
    );
    let failed: Vec<&str> = sink
        .failures()
        .iter()
        .map(|failure| failure.path.as_str())
        .collect();
    assert!(failed.contains(&"mac/keychain-dump.txt"), "{failed:?}");
    assert!(
        failed.contains(&"mac/profiles-enrollment.txt"),
        "{failed:?}"
    );
    assert!(
        sink.failures()
            .iter()
            .all(|failure| failure.source == "device")
    );
}

#[test]
fn each_endpoint_is_checked_once_and_extra_ones_too() {
    let mac = RecordedMac::open(example_root("healthy").join("mac"));
    let mut sink = MemorySink::default();
    let extra = [
        Endpoint::new("graph.microsoft.com", 443),
        Endpoint::new("extra.example", 8080),
    ];
    DeviceLive::default()
        .checking(extra)
        .collect(&mac, &mut sink);
    let text = support::read(&sink.artifacts(), "mac/connectivity.txt").unwrap_or_default();
    let text = String::from_utf8_lossy(&text);
    assert_eq!(text.matches("graph.microsoft.com 443").count(), 1, "{text}");
    assert!(
        text.ends_with("extra.example 8080 failed not recorded\n"),
        "{text}"
    );
}

#[test]
fn the_live_collection_runs_through_the_uniform_trait() {
    let mac: Box<dyn Mac + Send> = Box::new(RecordedMac::open(example_root("healthy").join("mac")));
    let collection: Box<dyn jamf_triage_evidence::LiveCollection> =
        DeviceLive::default().into_collection(mac);
    let mut sink = MemorySink::default();
    collection.collect(&mut sink);
    let mut direct = MemorySink::default();
    DeviceLive::default().collect(
        &RecordedMac::open(example_root("healthy").join("mac")),
        &mut direct,
    );
    assert_eq!(sink.failures(), []);
    assert_eq!(sink.artifacts().paths(), direct.artifacts().paths());
}

#[test]
fn live_collection_writes_only_paths_of_the_artifact_table() {
    use jamf_triage_collector_device::ARTIFACTS;
    for name in EXAMPLES {
        let mut sink = MemorySink::default();
        DeviceLive::default().collect(
            &RecordedMac::open(example_root(name).join("mac")),
            &mut sink,
        );
        for path in sink.artifacts().paths() {
            assert!(
                ARTIFACTS.iter().any(|spec| spec.matches(&path)),
                "{name}: {path} is in no row"
            );
        }
    }
}
