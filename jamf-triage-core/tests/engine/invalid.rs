//! Malformed rule files: each file of `tests/data/invalid/` holds one mistake, named by its first
//! line (`# expect: <kind>`); its rendered error is snapshotted.

use std::path::{Path, PathBuf};

use jamf_triage_core::{Engine, RuleErrors, RulePack, RuleSource};

use crate::common::catalog;

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/invalid")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(invalid_dir().join(name)).expect("fixture is readable")
}

/// Loads and compiles named texts.
fn build(files: &[(String, String)]) -> Result<Engine, RuleErrors> {
    let sources: Vec<RuleSource<'_>> = files
        .iter()
        .map(|(name, text)| RuleSource::new(name, text))
        .collect();
    let pack = RulePack::load(&sources)?;
    Engine::compile(pack, &catalog())
}

/// The fixtures to run: each file, with its partner for the `-a`/`-b` multi-file cases.
fn cases() -> Vec<(String, Vec<String>)> {
    let mut names: Vec<String> = std::fs::read_dir(invalid_dir())
        .expect("fixture directory")
        .map(|entry| {
            entry
                .expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name.ends_with(".yaml") && !name.ends_with("-b.yaml"))
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let stem = name
                .trim_end_matches(".yaml")
                .trim_end_matches("-a")
                .to_owned();
            let files = if name.ends_with("-a.yaml") {
                vec![name.clone(), name.replace("-a.yaml", "-b.yaml")]
            } else {
                vec![name]
            };
            (stem, files)
        })
        .collect()
}

#[test]
fn every_malformed_file_is_reported_where_the_mistake_is() {
    let cases = cases();
    assert!(cases.len() >= 25, "only {} malformed files", cases.len());
    for (stem, files) in cases {
        let texts: Vec<(String, String)> = files
            .iter()
            .map(|name| (format!("invalid/{name}"), read(name)))
            .collect();
        let expected = texts[0]
            .1
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .and_then(|rest| rest.split_whitespace().next())
            .expect("the first line names the expected kind")
            .to_owned();
        let errors = match build(&texts) {
            Ok(_) => panic!("{stem} should not compile"),
            Err(errors) => errors,
        };
        let kinds: Vec<&str> = errors.iter().map(|error| error.kind.code()).collect();
        assert_eq!(kinds, [expected.as_str()], "{stem}:\n{errors}");
        insta::with_settings!({ snapshot_path => "snapshots/invalid", prepend_module_to_snapshot => false, omit_expression => true }, {
            insta::assert_snapshot!(stem.as_str(), errors.to_string());
        });
    }
}

#[test]
fn a_file_with_three_mistakes_reports_all_three() {
    let text = "\
causes:
  - id: stale-check-in
    scope: device
    severity: hgih
    title: { en: The Mac stopped checking in }
    resolution: restore-check-in
    when: { fact: jamf.computer.last_contact, older_than: 24h }
  - id: token-refresh-failed
    scope: device
    severity: high
    title: { en: The token refresh failed }
    resolution: sign-in-again
    when: { fact: device.aad.last_token, older_than: a day }
resolutions:
  - id: restore-check-in
    scope: device
    title: { en: Bring the Mac back in contact }
    steps: []
";
    let errors =
        build(&[("rules/three.yaml".to_owned(), text.to_owned())]).expect_err("three mistakes");
    let found: Vec<(u32, &str)> = errors.iter().map(|e| (e.line, e.kind.code())).collect();
    assert_eq!(
        found,
        [
            (4, "invalid-value"),
            (12, "dangling-reference"),
            (13, "bad-duration")
        ],
        "{errors}"
    );
    insta::assert_snapshot!(errors.to_string());
}

#[test]
fn no_prefix_of_a_rule_file_panics() {
    let try_prefix = |prefix: &str| {
        if let Ok(engine) = build(&[("prefix.yaml".to_owned(), prefix.to_owned())]) {
            let _ = engine.diagnose(&crate::common::evidence());
        }
    };
    // Every prefix of the valid pack, cut at every character.
    let valid = include_str!("../data/valid/pack.yaml");
    for (end, _) in valid.char_indices().chain([(valid.len(), ' ')]) {
        try_prefix(&valid[..end]);
    }
    // Every prefix of the malformed files, cut at every line and in the middle of each line.
    for (_, files) in cases() {
        for text in files.iter().map(|name| read(name)) {
            let mut end = 0;
            for line in text.split_inclusive('\n') {
                let middle = line
                    .char_indices()
                    .nth(line.chars().count() / 2)
                    .map_or(0, |(at, _)| at);
                try_prefix(&text[..end + middle]);
                end += line.len();
                try_prefix(&text[..end]);
            }
        }
    }
}

#[test]
fn anchors_and_aliases_work() {
    let text = "\
resolutions:
  - &base
    id: restore-check-in
    scope: device
    title: &title { en: Bring the Mac back in contact }
    steps: []
  - id: run-policy
    scope: device
    title: *title
    steps: []
  - <<: *base
    id: run-recon
";
    let pack = RulePack::load(&[RuleSource::new("rules/anchors.yaml", text)]).expect("valid");
    assert_eq!(pack.resolutions().len(), 3);
    assert_eq!(
        pack.resolution("run-policy")
            .map(|r| r.title.get(jamf_triage_core::Locale::En)),
        Some("Bring the Mac back in contact")
    );
    assert_eq!(
        pack.resolution("run-recon").map(|r| r.scope),
        Some(jamf_triage_core::model::Scope::Device)
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let deep = format!("causes:\n{}", "[".repeat(50_000));
    assert!(build(&[("deep.yaml".to_owned(), deep)]).is_err());
    let mut condition = "{ fact: device.os.version, exists: true }".to_owned();
    for _ in 0..200 {
        condition = format!("{{ not: {condition} }}");
    }
    let text = format!(
        "causes:\n  - {{ id: c, scope: device, severity: low, title: {{ en: C }}, resolution: r, when: {condition} }}\n"
    );
    let errors = build(&[("deep.yaml".to_owned(), text)]).expect_err("too deep");
    let first = errors.iter().next().expect("an error");
    assert!(first.message.contains("recursion limit"), "{errors}");
}

#[test]
fn building_reports_load_and_catalog_mistakes_together() {
    let text = "\
causes:
  - id: stale-check-in
    scope: device
    severity: high
    title: { pt-PT: O Mac deixou de contactar }
    resolution: restore-check-in
    when:
      all:
        - { fact: jamf.computer.last_contcat, older_than: 24h }
        - { fact: device.aad.log, any_line_matches: 'token (' }
resolutions:
  - { id: restore-check-in, scope: device, title: { en: Restore }, steps: [] }
";
    let sources = [RuleSource::new("rules/both.yaml", text)];
    let errors = Engine::build(&sources, &catalog()).expect_err("three mistakes");
    let kinds: Vec<&str> = errors.iter().map(|e| e.kind.code()).collect();
    assert_eq!(
        kinds,
        ["missing-english", "unknown-fact", "invalid-regex"],
        "{errors}"
    );
    assert!(RulePack::load(&sources).is_err());
    let valid = [RuleSource::new(
        "rules/pack.yaml",
        include_str!("../data/valid/pack.yaml"),
    )];
    assert!(Engine::build(&valid, &catalog()).is_ok());
}

#[test]
fn crlf_and_byte_order_marks_keep_positions() {
    let text = read("13-unknown-fact.yaml");
    let unix = build(&[("a.yaml".to_owned(), text.clone())]).expect_err("unknown fact");
    let windows =
        build(&[("a.yaml".to_owned(), text.replace('\n', "\r\n"))]).expect_err("unknown fact");
    let bom = build(&[("a.yaml".to_owned(), format!("\u{feff}{text}"))]).expect_err("unknown fact");
    let place = |errors: &RuleErrors| {
        errors
            .iter()
            .map(|e| (e.line, e.column, e.width))
            .collect::<Vec<_>>()
    };
    assert_eq!(place(&unix), place(&windows));
    assert_eq!(place(&unix), place(&bom));
    assert_eq!(unix.to_string(), windows.to_string());
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(128))]

    /// Random edits of a valid pack never make loading, compiling or diagnosing panic.
    #[test]
    fn random_edits_never_panic(at in 0_usize..3000, cut in 0_usize..40, insert in "[ -~\n\t“”{}\\[\\]:,&*|>-]{0,12}") {
        let valid = include_str!("../data/valid/pack.yaml");
        let chars: Vec<char> = valid.chars().collect();
        let at = at.min(chars.len());
        let end = (at + cut).min(chars.len());
        let edited: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        match Engine::build(&[RuleSource::new("edited.yaml", &edited)], &catalog()) {
            Ok(engine) => { let _ = engine.diagnose(&crate::common::evidence()); }
            Err(errors) => proptest::prop_assert!(!errors.is_empty() && !errors.to_string().is_empty()),
        }
    }
}

/// Issue 12: a 256 KiB anchored scalar referenced 10,000 times (a 0.3 MB rule file) grew past
/// 2.5 GB in serde_yaml; the rule loader allows aliases but caps what they expand to.
#[test]
fn alias_amplification_is_a_located_error_fast() {
    let mut text = format!("x: &big \"{}\"\ncauses:\n", "x".repeat(256 << 10));
    for _ in 0..10_000 {
        text.push_str("  - *big\n");
    }
    let started = std::time::Instant::now();
    let errors = build(&[("amplified.yaml".to_owned(), text)]).expect_err("refused");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    let first = errors.iter().next().expect("an error");
    assert!(
        first.message.contains("once its aliases are expanded"),
        "{errors}"
    );
    assert_eq!(first.file, "amplified.yaml");
    // A shared condition through an alias still loads.
    let shared = "\
causes:
  - { id: a, scope: device, severity: low, title: { en: A }, resolution: r, when: &when { fact: device.os.version, exists: true } }
  - { id: b, scope: device, severity: low, title: { en: B }, resolution: r, when: *when }
resolutions:
  - { id: r, scope: device, title: { en: R }, steps: [] }
";
    assert!(build(&[("shared.yaml".to_owned(), shared.to_owned())]).is_ok());
}

/// Issue 12: `rules lint` was quadratic in the number of keys (100,000 keys: more than 150 s).
#[test]
fn a_hundred_thousand_keys_lint_in_seconds() {
    let text: String = std::iter::once("causes:\n  - id: c\n".to_owned())
        .chain((0..100_000).map(|key| format!("    k{key}: {key}\n")))
        .collect();
    let started = std::time::Instant::now();
    let errors = build(&[("keys.yaml".to_owned(), text)]).expect_err("unknown fields");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(60),
        "{:?}",
        started.elapsed()
    );
    assert!(!errors.is_empty());
}
