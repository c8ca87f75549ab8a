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

/// One entry of a hand-made archive: its name, how it is stored (0 stored, 8 deflated), its data
/// as stored, and the uncompressed size its directory declares.
struct RawEntry<'a> {
    name: &'a str,
    method: u16,
    data: &'a [u8],
    size: u32,
}

/// A zip written byte by byte (APPNOTE 4.3.7, 4.3.12, 4.3.16), so that an archive can say what
/// no zip writer would: two entries with one name, or sizes that lie. CRCs are left at 0: the
/// reader never checks them (it reads each entry's data from its offset).
fn raw_zip(name: &str, entries: &[RawEntry<'_>]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("jamf-triage-bundle-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(format!("{name}.zip"));
    let mut file = std::io::BufWriter::new(std::fs::File::create(&path).expect("create zip"));
    let mut central = Vec::new();
    let mut offset: u32 = 0;
    for entry in entries {
        let name = entry.name.as_bytes();
        let compressed = u32::try_from(entry.data.len()).expect("small");
        let mut local = Vec::new();
        local.extend(0x0403_4b50_u32.to_le_bytes());
        local.extend([20, 0, 0, 0]);
        local.extend(entry.method.to_le_bytes());
        local.extend([0; 8]); // time, date, CRC-32
        local.extend(compressed.to_le_bytes());
        local.extend(entry.size.to_le_bytes());
        local.extend(u16::try_from(name.len()).expect("short").to_le_bytes());
        local.extend([0, 0]);
        local.extend(name);
        central.extend(0x0201_4b50_u32.to_le_bytes());
        central.extend([20, 0, 20, 0, 0, 0]);
        central.extend(entry.method.to_le_bytes());
        central.extend([0; 8]);
        central.extend(compressed.to_le_bytes());
        central.extend(entry.size.to_le_bytes());
        central.extend(u16::try_from(name.len()).expect("short").to_le_bytes());
        central.extend([0; 12]); // extra, comment, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
        file.write_all(&local).expect("write");
        file.write_all(entry.data).expect("write");
        offset += u32::try_from(local.len()).expect("small") + compressed;
    }
    let count = u16::try_from(entries.len()).expect("few").to_le_bytes();
    file.write_all(&central).expect("write");
    let mut end = Vec::new();
    end.extend(0x0605_4b50_u32.to_le_bytes());
    end.extend([0, 0, 0, 0]);
    end.extend(count);
    end.extend(count);
    end.extend(u32::try_from(central.len()).expect("small").to_le_bytes());
    end.extend(offset.to_le_bytes());
    end.extend([0, 0]);
    file.write_all(&end).expect("write");
    file.flush().expect("flush");
    path
}

/// `chunks` MiB of jamf.log lines as raw deflate: one MiB compressed once with a full flush (so
/// that it ends on a byte boundary with no reference behind it) and repeated, then an empty final
/// stored block. A 1000 MiB log this way is a zip of about 1 to 3 MB, built in milliseconds.
fn deflated_log(chunks: usize) -> Vec<u8> {
    let line = "Mon Jun 03 14:20:00 C02XK1ABJGH5 jamf[1234]: Checking for policies triggered by \"recurring check-in\"...\n";
    let mut chunk = line.repeat((1 << 20) / line.len() + 1).into_bytes();
    chunk.truncate(1 << 20);
    let mut compress = flate2::Compress::new(flate2::Compression::default(), false);
    let mut one = Vec::with_capacity(1 << 20);
    compress
        .compress_vec(&chunk, &mut one, flate2::FlushCompress::Full)
        .expect("deflate");
    let mut data = Vec::with_capacity(one.len() * chunks + 5);
    for _ in 0..chunks {
        data.extend_from_slice(&one);
    }
    data.extend([0x01, 0x00, 0x00, 0xff, 0xff]);
    data
}

/// The high-water mark of this process's resident memory, in bytes (Linux).
fn peak_resident() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Issue 12: a 3 MB zip holding 1000 MiB of valid log lines took 5.3 GB and 141 s. Its log is
/// now refused for its ratio, as a problem naming it, while the rest of the bundle is read.
#[test]
fn a_zip_bomb_under_the_total_cap_is_a_problem_in_bounded_time_and_memory() {
    let log = deflated_log(1000);
    // One line repeated deflates about 145 times (the archive: about 330 times).
    assert!(log.len() < 8 << 20, "{} bytes", log.len());
    let path = raw_zip(
        "bomb",
        &[
            RawEntry {
                name: "mac/jamf.log",
                method: 8,
                data: &log,
                size: 1000 << 20,
            },
            RawEntry {
                name: "mac/sw_vers.txt",
                method: 0,
                data: b"ProductVersion:\t14.4.1\n",
                size: 23,
            },
        ],
    );
    let started = std::time::Instant::now();
    let bundle = Bundle::open(&path, ROOTS).expect("the rest of the bundle is read");
    assert_eq!(bundle.artifacts().paths(), ["mac/sw_vers.txt"]);
    let problem = bundle
        .problems()
        .iter()
        .find(|p| p.path == "mac/jamf.log")
        .expect("a problem");
    assert!(
        problem.message.contains("more than 100 times"),
        "{}",
        problem.message
    );
    let mut text = String::new();
    bundle
        .artifacts()
        .open("mac/sw_vers.txt")
        .expect("entry")
        .read_to_string(&mut text)
        .expect("read");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    if let Some(peak) = peak_resident() {
        assert!(peak < 1_500 << 20, "peak resident memory {peak} bytes");
    }
}

/// An archive whose directory understates an entry's size: the entry is not inflated past what
/// the directory declares.
#[test]
fn an_entry_is_never_inflated_past_its_declared_size() {
    let log = deflated_log(64);
    let path = raw_zip(
        "liar",
        &[RawEntry {
            name: "mac/jamf.log",
            method: 8,
            data: &log,
            size: 1 << 20,
        }],
    );
    let zip = ZipArtifacts::open(&path, ROOTS).expect("zip");
    let started = std::time::Instant::now();
    let mut reader = jamf_triage_evidence::Limited::new(
        zip.open("mac/jamf.log").expect("entry"),
        "mac/jamf.log",
        jamf_triage_evidence::LIMIT_LOG,
    );
    let mut sink = Vec::new();
    let error = reader
        .read_to_end(&mut sink)
        .expect_err("past its declared size");
    let error = jamf_triage_evidence::read_error("mac/jamf.log", &error);
    assert!(
        error
            .to_string()
            .contains("inflates past the 1048576 bytes"),
        "{error}"
    );
    assert!(sink.len() <= (1 << 20) + 1);
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

/// Issue 12: `mac/sw_vers.txt` twice, `mac/./sw_vers.txt` and `mac//jamf.log` let the last entry
/// replace the artifact silently.
#[test]
fn duplicate_and_aliased_entries_are_problems() {
    let path = raw_zip(
        "duplicates",
        &[
            RawEntry {
                name: "mac/sw_vers.txt",
                method: 0,
                data: b"ProductVersion:\t14.4.1\n",
                size: 23,
            },
            RawEntry {
                name: "mac/./sw_vers.txt",
                method: 0,
                data: b"ProductVersion:\t10.0.0\n",
                size: 23,
            },
            RawEntry {
                name: "mac/sw_vers.txt",
                method: 0,
                data: b"ProductVersion:\t99.0.0\n",
                size: 23,
            },
            RawEntry {
                name: "mac//jamf.log",
                method: 0,
                data: b"log\n",
                size: 4,
            },
            RawEntry {
                name: "manifest.yaml",
                method: 0,
                data: b"{}\n",
                size: 3,
            },
        ],
    );
    let zip = ZipArtifacts::open(&path, ROOTS).expect("zip");
    assert_eq!(zip.paths(), ["mac/jamf.log", "manifest.yaml"]);
    let problems: Vec<(&str, &str)> = zip
        .problems()
        .iter()
        .map(|p| (p.path.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (
                "mac/jamf.log",
                "the archive spells this entry `mac//jamf.log`; it was read as `mac/jamf.log`"
            ),
            (
                "mac/sw_vers.txt",
                "refused: the archive holds 3 entries with this name (`mac/./sw_vers.txt`, `mac/sw_vers.txt`, `mac/sw_vers.txt`); none was read"
            ),
        ]
    );
    let mut text = String::new();
    zip.open("mac/jamf.log")
        .expect("entry")
        .read_to_string(&mut text)
        .expect("read");
    assert_eq!(text, "log\n");
}

/// Issue 12: a manifest with a 256 KiB anchored scalar referenced 10,000 times grew past 2.5 GB.
/// Manifests never need aliases: it is a problem naming the manifest, found at once.
#[test]
fn an_amplified_manifest_is_a_problem_at_once() {
    let mut text = format!(
        "collected_by: &big \"{}\"\ncollected:\n",
        "x".repeat(256 << 10)
    );
    for _ in 0..10_000 {
        text.push_str("  - *big\n");
    }
    let started = std::time::Instant::now();
    let bundle = Bundle::from_artifacts(MemoryArtifacts::new().with("manifest.yaml", text));
    assert!(started.elapsed() < std::time::Duration::from_millis(500));
    let problem = bundle.problems().first().expect("a problem");
    assert_eq!(problem.path, "manifest.yaml");
    assert!(problem.message.contains("aliases"), "{}", problem.message);
    assert!(bundle.manifest().is_none());
}
