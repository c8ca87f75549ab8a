//! `--redact` against every example bundle: no output names any identifier the bundle holds
//! (the list in `tests/data/identifiers.yaml`, read off the bundles' own files), in every format
//! and language, in `evidence`, and in a redacted `bundle zip`; distinct people keep distinct
//! placeholders.

use std::collections::BTreeMap;

use super::*;

fn identifiers() -> BTreeMap<String, Vec<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/identifiers.yaml"),
    )
    .expect("identifier list");
    serde_yaml::from_str(&text).expect("identifier list is YAML")
}

/// The identifiers of `list` that `text` still holds (compared case-insensitively, not inside a
/// longer word: "Vance" is not in "advancedThreatProtection", "CONTOSO" is in "\\007CONTOSO1").
fn leaks<'a>(text: &str, list: &'a [String]) -> Vec<&'a str> {
    let text = text.to_lowercase();
    list.iter()
        .map(String::as_str)
        .filter(|identifier| {
            let identifier = identifier.to_lowercase();
            text.match_indices(&identifier).any(|(at, _)| {
                let before = text[..at].chars().next_back();
                let after = text[at + identifier.len()..].chars().next();
                !before.is_some_and(|c| c.is_ascii_alphabetic())
                    && !after.is_some_and(|c| c.is_ascii_alphabetic())
            })
        })
        .collect()
}

#[test]
fn every_identifier_of_every_example_bundle_is_redacted() {
    let all = identifiers();
    assert_eq!(all.len(), 4, "one list per example bundle");
    for (name, list) in &all {
        let path = bundle(name).display().to_string();
        let mut runs: Vec<Vec<&str>> = vec![
            vec!["evidence", &path, "--redact"],
            vec!["evidence", &path, "--redact", "--all-lines"],
            vec![
                "evidence",
                &path,
                "--redact",
                "--format",
                "json",
                "--all-lines",
            ],
        ];
        for format in ["text", "json", "markdown"] {
            for lang in ["en", "pt-PT", "zh-CN"] {
                runs.push(vec![
                    "diagnose", &path, "--redact", "--format", format, "--lang", lang,
                ]);
            }
        }
        for args in runs {
            let output = run(&args);
            assert_eq!(output.status.code(), Some(0), "{args:?}");
            let text = stdout(&output);
            assert_eq!(leaks(&text, list), Vec::<&str>::new(), "{args:?}");
        }
    }
}

#[test]
fn distinct_people_get_distinct_stable_placeholders() {
    let path = bundle("duplicate-registration").display().to_string();
    // Every log line, so that every person and Mac the bundle names is in the output.
    let first = stdout(&run(&["evidence", &path, "--redact", "--all-lines"]));
    let again = stdout(&run(&["evidence", &path, "--redact", "--all-lines"]));
    assert_eq!(first, again, "the same bundle redacts the same way");
    for placeholder in [
        "<serial-1>",
        "<serial-2>",
        "<user-1>",
        "<user-3>",
        "<host-1>",
        "<host-2>",
        "<ip-1>",
        "<tenant-1>",
    ] {
        assert!(first.contains(placeholder), "{placeholder}");
    }
    let json = run(&["diagnose", &path, "--redact", "--format", "json"]);
    let report: Value = serde_json::from_slice(&json.stdout).expect("still valid JSON");
    // The subject is numbered first.
    assert_eq!(report["subject"]["serial"], "<serial-1>");
    assert_eq!(report["subject"]["user"], "<user-1>");
}

#[test]
fn a_redacted_zip_holds_none_of_the_identifiers() {
    let dir = temp_dir("redacted-zip");
    for (name, list) in identifiers() {
        let zip = dir.join(format!("{name}.zip"));
        let output = run(&[
            "bundle",
            "zip",
            &bundle(&name).display().to_string(),
            "--redact",
            "--out",
            &zip.display().to_string(),
        ]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut archive =
            zip::ZipArchive::new(std::fs::File::open(&zip).expect("zip written")).expect("a zip");
        let mut everything = String::new();
        for index in 0..archive.len() {
            let mut file = archive.by_index(index).expect("entry");
            everything.push_str(&file.name().expect("a UTF-8 name"));
            everything.push('\n');
            std::io::Read::read_to_string(&mut file, &mut everything).expect("text entry");
        }
        assert_eq!(leaks(&everything, &list), Vec::<&str>::new(), "{name}");
        // It is still a bundle, and it diagnoses as one.
        let report = json_report(&zip);
        assert!(
            report["causes"]
                .as_array()
                .is_some_and(|causes| !causes.is_empty()),
            "{name}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
