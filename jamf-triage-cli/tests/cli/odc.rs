//! Issue 14, end to end: an IntuneMacODC zip as a bundle, alone and with a server-side bundle.
//!
//! The fixture is written by [`odc_zip`] (a test helper, not a committed zip) from the `healthy`
//! example's Mac files, in IntuneMacODC's layout as `IntuneMacODC.sh` (markstan/IntuneMacODC)
//! writes it: its own files at the top with their `****` banner and command line
//! (`sw_vers.txt`, `profiles.txt`), `syslog_jamfAAD.log` saying the log was skipped, and the Mac's
//! files under their absolute paths without the leading slash (`var/log/jamf.log`,
//! `Users/adele/Library/Logs/Company Portal/*.log`). Its name dates it five days after the
//! Mac's last recurring check-in (`healthy` was collected on 2024-05-14).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{bundle, run, temp_dir, verdict};

/// The name IntuneMacODC gives its zip, collected five days after the last check-in.
const NAME: &str = "Adeles-MacBook-Pro-IntuneMacODC-2024-05-19T10-30-00+0200.zip";

fn banner(command: &str, output: &[u8]) -> Vec<u8> {
    let mut text = format!("************************\n\n{command}\n\n\n").into_bytes();
    text.extend_from_slice(output);
    text
}

/// Writes the ODC zip of the `healthy` example's Mac into `dir`, its `syslog_jamfAAD.log` saying
/// the log was skipped.
fn odc_zip(dir: &Path) -> PathBuf {
    odc_zip_with(
        dir,
        b"/usr/local/jamf/bin/jamfAAD not found, skipping JAMF\n",
    )
}

/// The same, with `jamfaad` as `syslog_jamfAAD.log`.
fn odc_zip_with(dir: &Path, jamfaad: &[u8]) -> PathBuf {
    let mac = bundle("healthy").join("mac");
    let read = |name: &str| std::fs::read(mac.join(name)).expect("example file");
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "sw_vers.txt".into(),
            banner("sw_vers ", &read("sw_vers.txt")),
        ),
        (
            "profiles.txt".into(),
            [
                banner("profiles status", &read("profiles-enrollment.txt")),
                banner(
                    "profiles list",
                    b"There are no configuration profiles installed\n",
                ),
            ]
            .concat(),
        ),
        ("syslog_jamfAAD.log".into(), jamfaad.to_vec()),
        (
            "uname_a.txt".into(),
            banner(
                "uname -a",
                b"Darwin Adeles-MacBook-Pro 23.5.0 Darwin Kernel Version 23.5.0\n",
            ),
        ),
        ("var/log/jamf.log".into(), read("jamf.log")),
        (
            "var/log/install.log".into(),
            b"2024-05-19 10:00:00+02 installd[1]: ok\n".to_vec(),
        ),
    ];
    for entry in std::fs::read_dir(mac.join("company-portal"))
        .expect("portal logs")
        .flatten()
    {
        let name = entry.file_name().to_string_lossy().into_owned();
        files.push((
            format!("Users/adele/Library/Logs/Company Portal/{name}"),
            std::fs::read(entry.path()).expect("portal log"),
        ));
    }
    let path = dir.join(NAME);
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).expect("zip file"));
    for (name, bytes) in files {
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        writer.write_all(&bytes).expect("write");
    }
    writer.finish().expect("zip");
    path
}

fn json(args: &[&str]) -> Value {
    let output = run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn an_odc_zip_alone_confirms_the_missed_checkin_without_problems() {
    let dir = temp_dir("odc-alone");
    let zip = odc_zip(&dir);
    let zip = zip.display().to_string();
    let evidence = json(&["evidence", "--bundle", &zip, "--format", "json"]);
    assert_eq!(evidence["problems"], Value::Array(vec![]), "{evidence:#}");
    let facts = &evidence["facts"];
    for fact in [
        "device.os.version",
        "device.mdm.enrolled",
        "device.jamf_log.last_checkin",
        "device.company_portal.log",
    ] {
        assert!(facts.get(fact).is_some(), "{fact} missing: {facts:#}");
    }
    // Not collected by IntuneMacODC: absent, never a problem.
    for fact in [
        "device.jamfaad.log",
        "device.keychain.wpj_key_present",
        "device.jamfaad.have_azure_id",
    ] {
        assert!(facts.get(fact).is_none(), "{fact}");
    }
    assert_eq!(
        evidence["observed_at"].as_str(),
        Some("2024-05-19T08:30:00Z"),
        "collected_at comes from the zip's name"
    );
    let report = json(&["diagnose", "--bundle", &zip, "--format", "json"]);
    assert_eq!(verdict(&report, "jamf-checkin-missed"), "confirmed");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_odc_zip_and_a_server_bundle_read_as_one() {
    let dir = temp_dir("odc-merged");
    let zip = odc_zip(&dir);
    // The server side of the same Mac: the example's jamf-pro and graph folders.
    let server = dir.join("server");
    for folder in ["jamf-pro", "graph"] {
        super::copy_dir(&bundle("healthy").join(folder), &server.join(folder));
    }
    let evidence = json(&[
        "evidence",
        "--bundle",
        &server.display().to_string(),
        "--bundle",
        &zip.display().to_string(),
        "--serial",
        "C02XK1ABJGH5",
        "--format",
        "json",
    ]);
    assert_eq!(evidence["problems"], Value::Array(vec![]), "{evidence:#}");
    let facts = &evidence["facts"];
    assert!(facts.get("device.jamf_log.last_checkin").is_some());
    assert!(
        facts.get("jamf.computer.last_contact").is_some(),
        "{facts:#}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_odc_jamfaad_syslog_gives_the_jamfaad_facts() {
    let dir = temp_dir("odc-jamfaad");
    let syslog =
        std::fs::read(super::repo().join("collectors/device/tests/data/real/jamfAAD-syslog.log"))
            .expect("corpus sample");
    let zip = odc_zip_with(&dir, &syslog);
    let evidence = json(&[
        "evidence",
        "--bundle",
        &zip.display().to_string(),
        "--format",
        "json",
    ]);
    assert_eq!(evidence["problems"], Value::Array(vec![]), "{evidence:#}");
    let acquired = &evidence["facts"]["device.jamfaad.last_aad_id_acquired"];
    assert_eq!(
        acquired["timestamp"].as_str(),
        Some("2024-06-01T07:00:09.48Z"),
        "{acquired:#}"
    );
    assert_eq!(
        acquired["source"]["artifact"].as_str(),
        Some("mac/jamfAAD.log")
    );
    let _ = std::fs::remove_dir_all(dir);
}
