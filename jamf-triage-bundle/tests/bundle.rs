//! Opening bundles: directories, zips (with hostile entries and size caps), subject and time.

use std::io::Write;
use std::path::{Path, PathBuf};

use jamf_triage_bundle::{Bundle, TimeSource, ZipArtifacts, ZipError};
use jamf_triage_core::{ArtifactSource, MemoryArtifacts, Subject};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/bundles")
        .join(name)
}

fn temp_zip(name: &str, entries: &[(&str, &[u8])]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("jamf-triage-bundle-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.zip"));
    let file = std::fs::File::create(&path).expect("create zip");
    let mut writer = zip::ZipWriter::new(file);
    let options = zip::write::SimpleFileOptions::default();
    for (entry, bytes) in entries {
        writer.start_file(*entry, options).expect("start entry");
        writer.write_all(bytes).expect("write entry");
    }
    writer.finish().expect("finish zip");
    path
}

#[test]
fn a_directory_bundle_has_its_manifest_context_and_subject() {
    let bundle = Bundle::open(example("portal-opened-directly")).expect("example bundle");
    assert!(bundle.problems().is_empty(), "{:?}", bundle.problems());
    let subject = bundle.subject(&Subject::default());
    assert_eq!(subject.serial.as_deref(), Some("C02XK1ABJGH5"));
    assert_eq!(subject.user.as_deref(), Some("adele@contoso.example"));
    let (now, source) = bundle.observed_at(None);
    assert_eq!(
        (now.to_string().as_str(), source),
        ("2024-06-18T09:10:00Z", TimeSource::Manifest)
    );
    let collected_at = bundle.collected_at().expect("collected_at");
    assert_eq!(collected_at.offset().seconds(), 7200);
}

#[test]
fn a_zipped_bundle_under_a_top_directory_reads_like_the_directory() {
    let path = temp_zip(
        "top",
        &[
            (
                "bundle/manifest.yaml",
                b"collected_at: 2024-06-03T14:20:00+02:00\n",
            ),
            ("bundle/mac/sw_vers.txt", b"ProductVersion:\t14.4.1\n"),
        ],
    );
    let bundle = Bundle::open(&path).expect("zip bundle");
    assert_eq!(
        bundle.artifacts().paths(),
        ["mac/sw_vers.txt", "manifest.yaml"]
    );
    assert!(bundle.collected_at().is_some());
}

#[test]
fn entries_escaping_the_root_are_refused_and_reported() {
    let path = temp_zip(
        "escape",
        &[
            ("../evil.txt", b"x"),
            ("/etc/passwd", b"x"),
            ("mac/sw_vers.txt", b"ok"),
        ],
    );
    let zip = ZipArtifacts::open(&path).expect("zip");
    assert_eq!(zip.paths(), ["mac/sw_vers.txt"]);
    let refused: Vec<&str> = zip.problems().iter().map(|p| p.path.as_str()).collect();
    assert!(refused.contains(&"../evil.txt"), "{refused:?}");
    let bundle = Bundle::open(&path).expect("bundle");
    let evidence = bundle.collect(&[], &Subject::default(), jiff::Timestamp::UNIX_EPOCH);
    assert!(evidence.problems().iter().any(|p| p.path == "../evil.txt"));
}

#[test]
fn an_archive_over_the_size_cap_is_refused() {
    let big = vec![b'a'; 4096];
    let path = temp_zip("big", &[("mac/jamf.log", &big)]);
    assert!(matches!(
        ZipArtifacts::open_with_limit(&path, 1000),
        Err(ZipError::TooLarge { .. })
    ));
    assert!(ZipArtifacts::open_with_limit(&path, 4096).is_ok());
}

#[test]
fn a_file_that_is_not_a_zip_is_an_error() {
    let dir =
        std::env::temp_dir().join(format!("jamf-triage-bundle-{}-notzip", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bundle.zip");
    std::fs::write(&path, b"not a zip").expect("write");
    assert!(Bundle::open(&path).is_err());
    assert!(Bundle::open(dir.join("missing")).is_err());
}

#[test]
fn the_subject_asked_for_wins_and_a_lone_mac_directory_names_the_serial() {
    let artifacts = MemoryArtifacts::new()
        .with("mac/C02AAA/jamf.log", "")
        .with("mac/C02AAA/company-portal/a.log", "")
        .with("context.yaml", "subject: { user: adele@contoso.example }\n");
    let bundle = Bundle::from_artifacts(artifacts);
    let subject = bundle.subject(&Subject::default());
    assert_eq!(subject.serial.as_deref(), Some("C02AAA"));
    assert_eq!(subject.user.as_deref(), Some("adele@contoso.example"));
    let asked = Subject {
        serial: Some("OTHER".to_owned()),
        user: None,
    };
    assert_eq!(bundle.subject(&asked).serial.as_deref(), Some("OTHER"));
}

#[test]
fn time_comes_from_context_then_manifest_then_caller_then_clock() {
    let given: jiff::Timestamp = "2030-01-01T00:00:00Z".parse().expect("time");
    let both = Bundle::from_artifacts(
        MemoryArtifacts::new()
            .with("manifest.yaml", "collected_at: 2024-06-03T14:20:00+02:00\n")
            .with("context.yaml", "observed_at: 2024-06-04T09:00:00+02:00\n"),
    );
    assert_eq!(both.observed_at(Some(given)).1, TimeSource::Context);
    let manifest = Bundle::from_artifacts(
        MemoryArtifacts::new().with("manifest.yaml", "collected_at: 2024-06-03T14:20:00+02:00\n"),
    );
    assert_eq!(manifest.observed_at(Some(given)).1, TimeSource::Manifest);
    let empty = Bundle::from_artifacts(MemoryArtifacts::new());
    assert_eq!(empty.observed_at(Some(given)), (given, TimeSource::Given));
    assert_eq!(empty.observed_at(None).1, TimeSource::Clock);
}

#[test]
fn a_broken_manifest_is_a_problem_not_a_failure() {
    let bundle = Bundle::from_artifacts(
        MemoryArtifacts::new().with("manifest.yaml", "collected_at: [unclosed\n"),
    );
    let problem = bundle.problems().first().expect("problem");
    assert_eq!(problem.path, "manifest.yaml");
    let bad_time = Bundle::from_artifacts(
        MemoryArtifacts::new().with("manifest.yaml", "collected_at: yesterday\n"),
    );
    assert!(
        bad_time
            .problems()
            .iter()
            .any(|p| p.message.contains("collected_at"))
    );
    assert!(bad_time.collected_at().is_none());
}
