//! The reports a help-desk engineer reads: every example bundle diagnosed in every language, the
//! default report short enough for a screen, in the reader's language (no English chrome, no fact
//! names, no raw timestamps), naming files and commands to collect and well-known permissions by
//! name. The example bundles are the ones in `examples/bundles/` (see its README for where each
//! file's format comes from).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use regex::Regex;

const BUNDLES: [&str; 4] = [
    "duplicate-registration",
    "graph-token-permissions",
    "healthy",
    "portal-opened-directly",
];

const LOCALES: [&str; 3] = ["en", "pt-PT", "zh-CN"];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn diagnose(bundle: &str, lang: &str, extra: &[&str]) -> String {
    let path = repo().join("examples/bundles").join(bundle);
    let mut args = vec!["diagnose", "--bundle"];
    let path = path.display().to_string();
    args.push(&path);
    args.extend(["--lang", lang]);
    args.extend(extra);
    let output: Output = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(&args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{bundle} {lang}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

/// How many rows the text takes on a terminal `columns` wide (East Asian wide characters take
/// two columns).
fn rows(text: &str, columns: usize) -> usize {
    text.lines()
        .map(|line| {
            let width: usize = line
                .chars()
                .map(|c| {
                    if matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
                    {
                        2
                    } else {
                        1
                    }
                })
                .sum();
            width.div_ceil(columns).max(1)
        })
        .sum()
}

/// The fact names of the catalog the pack is written against.
fn fact_names() -> Vec<String> {
    let catalog =
        std::fs::read_to_string(repo().join("rules/catalog/facts.yaml")).expect("catalog");
    catalog
        .lines()
        .filter_map(|line| line.strip_prefix("- name: "))
        .map(str::to_owned)
        .collect()
}

/// The lines people read in the reader's language: log lines (`> `), commands (`$ `) and
/// console locations (the rule pack gives those as the products show them) are left out.
fn prose(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| {
        let line = line.trim_start();
        !(line.starts_with("> ")
            || line.starts_with("$ ")
            || line.starts_with("Onde: ")
            || line.starts_with("位置："))
    })
}

/// English chrome and values that must not appear in a pt-PT or zh-CN report.
fn english() -> Regex {
    Regex::new(concat!(
        r"Confirmed causes|Still open|What is seen|Ruled-out|Undetermined|\bFix:|Tested:|",
        r"Evidence:|Value:|Source:|Resolution:|Where:|Warning:|Link:|Integration:|User:|",
        r"Observed at|To decide this|On the Mac|From the admin|written by|request `|\brun `|",
        r"\bcopy [/~]|→ (true|false|yes|no|unknown)\b|\bline\(s\)|\d+ lines?\b|\(empty list\)|",
        r"\bnone\b|\bnot collected\b|\d+ (seconds?|minutes?|hours?|days?)\b|causes were|",
        r"\bin the past\b|\bnot expected\b|\(\+\d+ more\)|No cause is confirmed",
    ))
    .expect("pattern")
}

#[test]
fn the_default_report_fits_a_screen_for_one_cause() {
    for bundle in [
        "duplicate-registration",
        "graph-token-permissions",
        "portal-opened-directly",
    ] {
        for lang in LOCALES {
            let text = diagnose(bundle, lang, &[]);
            let rows = rows(&text, 100);
            assert!(
                rows <= 60,
                "{bundle} {lang}: {rows} rows at 100 columns\n{text}"
            );
        }
    }
}

#[test]
fn no_fact_name_rule_expression_or_raw_time_in_a_default_report() {
    let names = fact_names();
    assert!(names.len() > 50, "the catalog lists the facts");
    let iso = Regex::new(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}").expect("pattern");
    for bundle in BUNDLES {
        for lang in LOCALES {
            let text = diagnose(bundle, lang, &[]);
            for line in prose(&text) {
                for name in &names {
                    let spelled = line.match_indices(name.as_str()).any(|(at, _)| {
                        let after = line.get(at + name.len()..).unwrap_or_default();
                        !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
                    });
                    assert!(!spelled, "{bundle} {lang}: fact name {name} in {line:?}");
                }
                assert!(!iso.is_match(line), "{bundle} {lang}: raw time in {line:?}");
                assert!(
                    !line.contains("[jamf-"),
                    "{bundle} {lang}: an id in {line:?}"
                );
            }
        }
    }
}

#[test]
fn pt_pt_and_zh_cn_reports_have_no_english_chrome_or_values() {
    let english = english();
    for bundle in BUNDLES {
        for lang in ["pt-PT", "zh-CN"] {
            for extra in [&[][..], &["--all"][..]] {
                let text = diagnose(bundle, lang, extra);
                for line in prose(&text) {
                    // `--all` shows each test as the rule writes it, for rule authors.
                    let line = line.trim_start();
                    if line.starts_with("Regra: ") || line.starts_with("规则：") {
                        continue;
                    }
                    assert!(
                        !english.is_match(line),
                        "{bundle} {lang} {extra:?}: English in {line:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_english_check_catches_what_it_should() {
    let english = english();
    for untranslated in [
        "Value: 44 line(s)",
        "- graph.jamf_app.latest_secret_expiry older than 0s → false",
        "Valor: (empty list)",
        "  To decide this, collect:",
        "    - mac/jamfAAD.log — run `log show`",
        "Testado: há mais de 24 hours",
    ] {
        assert!(english.is_match(untranslated), "{untranslated}");
    }
    assert!(!english.is_match("Testado: há mais de 1 dia → não"));
}

#[test]
fn to_collect_names_files_and_commands_and_permissions_are_named() {
    let text = diagnose("portal-opened-directly", "en", &[]);
    assert!(
        text.contains("- mac/jamfAAD.log — run `log show --style compact"),
        "{text}"
    );
    let text = diagnose("graph-token-permissions", "en", &[]);
    assert!(text.contains("not expected: Directory.Read.All"), "{text}");
    assert!(
        !text.contains("7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
        "{text}"
    );
    let json = diagnose("graph-token-permissions", "en", &["--format", "json"]);
    assert!(
        json.contains("7ab1d382-f21e-4acd-a863-ba3e13f7da61"),
        "the JSON keeps the id"
    );
}

#[test]
fn all_shows_ruled_out_causes_with_the_deciding_tests_and_rules() {
    let short = diagnose("graph-token-permissions", "en", &[]);
    assert!(short.contains("27 causes were ruled out"), "{short}");
    assert!(!short.contains("client-secret-expired"));
    let all = diagnose("graph-token-permissions", "en", &["--all"]);
    assert!(all.contains("Ruled-out causes (27)"), "{all}");
    assert!(all.contains("[client-secret-expired]"));
    assert!(all.contains("Rule: graph.jamf_app.latest_secret_expiry older than 0s"));
    assert!(all.contains("Expiry of the Jamf Pro app's client secret: 12 Oct 2025 07:52 UTC"));
}

#[test]
fn default_reports_in_pt_pt_and_zh_cn() {
    for bundle in BUNDLES {
        for lang in ["pt-PT", "zh-CN"] {
            insta::assert_snapshot!(
                format!("default_report_{bundle}_{lang}"),
                diagnose(bundle, lang, &[])
            );
        }
    }
}

fn run(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_jamf-triage"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(0), "{args:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn explain_speaks_the_reader_s_language_for_every_entry() {
    let list: serde_json::Value =
        serde_json::from_str(&run(&["rules", "list", "--format", "json"])).expect("JSON");
    let ids: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|entry| entry["id"].as_str().map(str::to_owned))
        .collect();
    assert!(ids.len() > 30, "{ids:?}");
    let english = Regex::new(concat!(
        r"^(Symptom|Cause|Resolution) |Possible causes|^Explains|Confirmed when|Detected when|",
        r"^Resolves|scope:|severity:|Severity:|Scope:|Where:|Warning:|Link:|^References|",
        r"admin:|End user:|Global Administrator:",
    ))
    .expect("pattern");
    for id in &ids {
        for lang in ["pt-PT", "zh-CN"] {
            let text = run(&["explain", id, "--lang", lang]);
            for line in text.lines().map(str::trim_start) {
                // The conditions are YAML, as the rule pack writes them; references keep their titles.
                if line.starts_with("- ") && line.contains(" <http") || line.starts_with("$ ") {
                    continue;
                }
                assert!(
                    !english.is_match(line),
                    "explain {id} --lang {lang}: {line:?}"
                );
            }
        }
    }
    let en = run(&["explain", "jamf-app-permissions", "--lang", "en"]);
    assert!(en.starts_with("Cause jamf-app-permissions: "), "{en}");
    assert!(en.contains("Severity: Critical · Scope: Tenant"), "{en}");
}
