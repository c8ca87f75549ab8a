//! The extension attribute script of `docs/scripts/extension-attribute.sh`, run as Jamf Pro runs
//! it (`sh`, no arguments), with `jamf-triage` replaced by a stand-in whose `collect` copies an
//! example bundle (no Mac to collect from here) and whose other commands are the real binary.

use std::path::Path;
use std::process::Command;

use super::{bundle, repo, temp_dir};

fn script() -> std::path::PathBuf {
    repo().join("docs/scripts/extension-attribute.sh")
}

/// A `jamf-triage` whose `collect` copies `example` into `--out` and exits `collect_status`
/// (nothing is copied when `example` is empty), and which runs the real binary otherwise.
fn stand_in(dir: &Path, example: &str, collect_status: u8) -> std::path::PathBuf {
    let path = dir.join("jamf-triage");
    let source = if example.is_empty() {
        String::new()
    } else {
        bundle(example).display().to_string()
    };
    let text = format!(
        r#"#!/bin/sh
if [ "$1" = collect ]; then
  while [ $# -gt 0 ]; do
    if [ "$1" = --out ]; then out=$2; fi
    shift
  done
  if [ -n "{source}" ]; then cp -R "{source}" "$out"; fi
  exit {collect_status}
fi
exec "{real}" "$@"
"#,
        real = env!("CARGO_BIN_EXE_jamf-triage"),
    );
    std::fs::write(&path, text).expect("stand-in written");
    make_executable(&path);
    path
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// Runs the script with `triage` as `jamf-triage` and its temporary folder in `tmp`.
fn run_script(triage: &Path, tmp: &Path) -> String {
    let output = Command::new("sh")
        .arg(script())
        .env("JAMF_TRIAGE", triage)
        .env("TMPDIR", tmp)
        .env("NO_COLOR", "1")
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(0), "an EA script always exits 0");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn tmp_is_empty(tmp: &Path) -> bool {
    std::fs::read_dir(tmp).map_or(true, |mut entries| entries.next().is_none())
}

#[test]
fn the_documented_script_is_the_tested_one() {
    let doc = std::fs::read_to_string(repo().join("docs/FLEET.md")).expect("FLEET.md");
    let script = std::fs::read_to_string(script()).expect("script");
    assert!(
        doc.contains(&format!("```sh\n{script}```")),
        "docs/FLEET.md must show docs/scripts/extension-attribute.sh verbatim"
    );
}

#[test]
fn prints_the_confirmed_causes_even_after_a_partial_collection() {
    let dir = temp_dir("ea-partial");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let triage = stand_in(&dir, "duplicate-registration", 1);
    assert_eq!(
        run_script(&triage, &tmp),
        "<result>stale-registration</result>\n"
    );
    assert!(
        tmp_is_empty(&tmp),
        "the script removes its temporary folder"
    );
    let triage = stand_in(&dir, "healthy", 0);
    assert_eq!(run_script(&triage, &tmp), "<result>OK</result>\n");
}

#[test]
fn says_what_went_wrong_instead_of_an_empty_value() {
    let dir = temp_dir("ea-failures");
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).expect("tmp");
    let triage = stand_in(&dir, "", 3);
    assert_eq!(
        run_script(&triage, &tmp),
        "<result>ERROR: collection failed</result>\n"
    );
    assert!(tmp_is_empty(&tmp));
    assert_eq!(
        run_script(&dir.join("missing"), &tmp),
        "<result>NOT INSTALLED</result>\n"
    );
}
