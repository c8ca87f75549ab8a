//! Command-line conventions (issue 11): a positional bundle, completions and a man page, the
//! live-collection options under their own headings, did-you-mean for ids, languages and
//! formats, the language from the environment, colour through `anstream`, the tool's and the
//! pack's version in the JSON report; refusing what is not a bundle; `bundle zip`.

use super::*;

fn run_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jamf-triage"));
    command
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .env_remove("CLICOLOR")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG");
    for (name, value) in env {
        command.env(name, value);
    }
    command.output().expect("the binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn the_bundle_is_positional_and_bundle_is_kept() {
    let path = bundle("healthy").display().to_string();
    let positional = run(&["diagnose", &path, "--format", "json"]);
    let named = run(&["diagnose", "--bundle", &path, "--format", "json"]);
    assert_eq!(positional.status.code(), Some(0), "{}", stderr(&positional));
    assert_eq!(positional.stdout, named.stdout);
    let evidence = run(&["evidence", &path]);
    assert_eq!(evidence.status.code(), Some(0));
    // Both at once is a usage error.
    assert_eq!(
        run(&["diagnose", &path, "--bundle", &path]).status.code(),
        Some(2)
    );
}

#[test]
fn completions_and_man_page() {
    let bash = run(&["completions", "bash"]);
    assert_eq!(bash.status.code(), Some(0));
    let script = stdout(&bash);
    assert!(
        script.contains("complete -F") && script.contains("diagnose"),
        "{script}"
    );
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        assert_eq!(
            run(&["completions", shell]).status.code(),
            Some(0),
            "{shell}"
        );
    }
    let man = run(&["man"]);
    assert_eq!(man.status.code(), Some(0));
    let page = stdout(&man);
    assert!(
        page.starts_with(".ie") || page.contains(".TH jamf-triage"),
        "{page}"
    );
    let diagnose = stdout(&run(&["man", "diagnose"]));
    assert!(
        diagnose.contains("jamf\\-triage\\-diagnose") && diagnose.contains("redact"),
        "{diagnose}"
    );
    let wrong = run(&["man", "diagnos"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("did you mean `diagnose`?"));
}

#[test]
fn live_collection_options_have_their_own_headings() {
    let short = stdout(&run(&["diagnose", "-h"]));
    assert!(
        short.contains("--redact") && !short.contains("--jamf-url"),
        "{short}"
    );
    let long = stdout(&run(&["diagnose", "--help"]));
    let own = long.find("--redact").expect("own options");
    let live = long
        .find("Live collection: Jamf Pro:")
        .expect("a live heading");
    assert!(own < live, "the command's own options come first");
    assert!(long.contains("Live collection:\n"), "{long}");
    assert!(long[live..].contains("--jamf-url"));
    // `collect` keeps its headings.
    let collect = stdout(&run(&["collect", "--help"]));
    assert!(collect.contains("Jamf Pro:") && !collect.contains("Live collection: Jamf Pro"));
}

#[test]
fn did_you_mean() {
    let explain = run(&["explain", "stale-registraton"]);
    assert_eq!(explain.status.code(), Some(2));
    assert!(
        stderr(&explain).contains("did you mean `stale-registration`?"),
        "{}",
        stderr(&explain)
    );
    let path = bundle("healthy").display().to_string();
    let lang = run(&["diagnose", &path, "--lang", "pt"]);
    assert_eq!(lang.status.code(), Some(2));
    assert!(
        stderr(&lang).contains("did you mean `pt-PT`?"),
        "{}",
        stderr(&lang)
    );
    assert!(stderr(&run(&["diagnose", &path, "--lang", "zh"])).contains("`zh-CN`"));
    let format = run(&["diagnose", &path, "--format", "jsn"]);
    assert_eq!(format.status.code(), Some(2));
    assert!(stderr(&format).contains("'json'"), "{}", stderr(&format));
    // Case and `_` do not matter.
    assert_eq!(
        run(&["diagnose", &path, "--lang", "pt_pt"]).status.code(),
        Some(0)
    );
}

#[test]
fn the_language_comes_from_the_environment() {
    let path = bundle("healthy").display().to_string();
    let english = stdout(&run_env(&["diagnose", &path], &[]));
    for (name, value, locale) in [
        ("LANG", "pt_PT.UTF-8", "pt-PT"),
        ("LC_ALL", "zh_CN", "zh-CN"),
        ("LANG", "zh_CN.UTF-8", "zh-CN"),
        ("LANG", "C", "en"),
        ("LANG", "de_DE.UTF-8", "en"),
    ] {
        let json = run_env(&["diagnose", &path, "--format", "json"], &[(name, value)]);
        let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
        assert_eq!(report["locale"], locale, "{name}={value}");
    }
    // LC_ALL wins over LANG; --lang wins over both.
    let json = run_env(
        &["diagnose", &path, "--format", "json"],
        &[("LANG", "pt_PT.UTF-8"), ("LC_ALL", "zh_CN.UTF-8")],
    );
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(report["locale"], "zh-CN");
    let text = stdout(&run_env(
        &["diagnose", &path, "--lang", "en"],
        &[("LANG", "pt_PT.UTF-8")],
    ));
    assert_eq!(text, english);
}

#[test]
fn colour_follows_the_conventions() {
    let path = bundle("duplicate-registration").display().to_string();
    let escape = |output: &Output| output.stdout.contains(&0x1b);
    // Not a terminal: no colour, unless forced.
    assert!(!escape(&run_env(&["diagnose", &path], &[])));
    assert!(escape(&run_env(
        &["diagnose", &path],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(escape(&run_env(
        &["diagnose", &path, "--color", "always"],
        &[("NO_COLOR", "1")]
    )));
    assert!(!escape(&run_env(
        &["diagnose", &path, "--color", "never"],
        &[("CLICOLOR_FORCE", "1")]
    )));
    assert!(!escape(&run_env(
        &["diagnose", &path],
        &[("NO_COLOR", "1"), ("CLICOLOR_FORCE", "1")]
    )));
}

#[test]
fn the_json_report_names_the_tool_and_the_pack() {
    let report = json_report(&bundle("healthy"));
    assert_eq!(report["tool"]["name"], "jamf-triage");
    assert_eq!(report["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(report["pack"]["name"], "built-in");
    assert_eq!(report["pack"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        report["pack"]["digest"]
            .as_str()
            .is_some_and(|digest| digest.starts_with("fnv1a64:") && digest.len() == 24)
    );
}

#[test]
fn what_is_not_a_bundle_is_refused() {
    let empty = temp_dir("not-a-bundle");
    let output = run(&["diagnose", &empty.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a bundle"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
    // A folder of bundles: refused, naming them.
    let bundles = repo().join("examples/bundles");
    let output = run(&["diagnose", &bundles.display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("is not a bundle") && message.contains("did you mean"),
        "{message}"
    );
    assert!(
        message.contains(&bundle("healthy").display().to_string()),
        "{message}"
    );
    assert_eq!(
        run(&["evidence", &empty.display().to_string()])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&empty);
}

#[test]
fn a_folder_holding_one_bundle_is_unwrapped() {
    let outer = temp_dir("one-bundle");
    copy_dir(
        &bundle("duplicate-registration"),
        &outer.join("duplicate-registration"),
    );
    let unwrapped = json_report(&outer);
    let direct = json_report(&bundle("duplicate-registration"));
    assert_eq!(unwrapped["causes"], direct["causes"]);
    let _ = std::fs::remove_dir_all(&outer);
}

#[test]
fn a_zipped_bundle_rediagnoses_like_the_bundle() {
    let dir = temp_dir("bundle-zip");
    for name in ["duplicate-registration", "graph-token-permissions"] {
        let zip = dir.join(format!("{name}.zip"));
        let output = run(&[
            "bundle",
            "zip",
            &bundle(name).display().to_string(),
            "--out",
            &zip.display().to_string(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(json_report(&zip), json_report(&bundle(name)), "{name}");
        // A redacted zip reaches the same verdicts.
        let redacted = dir.join(format!("{name}-redacted.zip"));
        let output = run(&[
            "bundle",
            "zip",
            &bundle(name).display().to_string(),
            "--redact",
            "--out",
            &redacted.display().to_string(),
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let verdicts = |report: &Value| -> Vec<(Value, Value)> {
            report["causes"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|cause| (cause["id"].clone(), cause["verdict"].clone()))
                .collect()
        };
        assert_eq!(
            verdicts(&json_report(&redacted)),
            verdicts(&json_report(&bundle(name))),
            "{name}"
        );
    }
    // An existing file is not overwritten.
    let output = run(&[
        "bundle",
        "zip",
        &bundle("healthy").display().to_string(),
        "--out",
        &dir.join("duplicate-registration.zip").display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
