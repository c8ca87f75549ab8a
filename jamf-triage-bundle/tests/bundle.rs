//! Opening bundles: directories and zips (with hostile entries and size caps), read as streams,
//! and their manifests.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use jamf_triage_bundle::{Bundle, ZipArtifacts, ZipError};
use jamf_triage_evidence::{ArtifactSource, MemoryArtifacts};

/// The top-level folders of a bundle, as the source registry gives them.
const ROOTS: &[&str] = &["graph", "jamf-pro", "mac"];

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
fn a_directory_bundle_has_its_manifest() {
    let bundle = Bundle::open(example("portal-opened-directly"), ROOTS).expect("example bundle");
    assert!(bundle.problems().is_empty(), "{:?}", bundle.problems());
    let collected_at = bundle.collected_at().expect("collected_at");
    assert_eq!(collected_at.timestamp().to_string(), "2024-06-18T09:10:00Z");
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
    let bundle = Bundle::open(&path, ROOTS).expect("zip bundle");
    assert_eq!(
        bundle.artifacts().paths(),
        ["mac/sw_vers.txt", "manifest.yaml"]
    );
    assert!(bundle.collected_at().is_some());
}

#[test]
fn zipped_entries_are_inflated_as_they_are_read() {
    let log: Vec<u8> = (0..20_000)
        .flat_map(|n| {
            format!("Mon Jun 03 14:{:02}:00 C02 jamf[1]: line {n}\n", n % 60).into_bytes()
        })
        .collect();
    let path = temp_zip(
        "stream",
        &[("mac/jamf.log", &log), ("mac/sw_vers.txt", b"ok")],
    );
    let zip = ZipArtifacts::open(&path, ROOTS).expect("zip");
    let mut read = Vec::new();
    zip.open("mac/jamf.log")
        .expect("entry")
        .read_to_end(&mut read)
        .expect("inflate");
    assert_eq!(read, log);
    let mut small = String::new();
    zip.open("mac/sw_vers.txt")
        .expect("entry")
        .read_to_string(&mut small)
        .expect("read");
    assert_eq!(small, "ok");
    assert!(zip.open("mac/missing.txt").is_err());
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
    let zip = ZipArtifacts::open(&path, ROOTS).expect("zip");
    assert_eq!(zip.paths(), ["mac/sw_vers.txt"]);
    let refused: Vec<&str> = zip.problems().iter().map(|p| p.path.as_str()).collect();
    assert!(refused.contains(&"../evil.txt"), "{refused:?}");
    let bundle = Bundle::open(&path, ROOTS).expect("bundle");
    assert!(bundle.problems().iter().any(|p| p.path == "../evil.txt"));
}

#[test]
fn an_archive_over_the_size_cap_is_refused() {
    let big = vec![b'a'; 4096];
    let path = temp_zip("big", &[("mac/jamf.log", &big)]);
    assert!(matches!(
        ZipArtifacts::open_with_limit(&path, ROOTS, 1000),
        Err(ZipError::TooLarge { .. })
    ));
    assert!(ZipArtifacts::open_with_limit(&path, ROOTS, 4096).is_ok());
}

#[test]
fn a_file_that_is_not_a_zip_is_an_error() {
    let dir =
        std::env::temp_dir().join(format!("jamf-triage-bundle-{}-notzip", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("bundle.zip");
    std::fs::write(&path, b"not a zip").expect("write");
    assert!(Bundle::open(&path, ROOTS).is_err());
    assert!(Bundle::open(dir.join("missing"), ROOTS).is_err());
    #[cfg(unix)]
    {
        let error = Bundle::open("/dev/null", ROOTS).expect_err("a device is refused");
        assert!(
            error
                .to_string()
                .contains("not a directory or a regular file"),
            "{error}"
        );
    }
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
