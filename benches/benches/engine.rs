//! Benchmarks of the engine, run with `cargo bench -p jamf-triage-benches`:
//!
//! - loading and compiling a rule pack: the built-in one as embedders get it (from the JSON its
//!   build embeds), the built-in rule files read as YAML as a rule author's pack is, and a pack
//!   of twice as many causes; for the built-in pack, loading alone, and compiling alone;
//! - evaluating one record of about 60 facts without log lines (verdicts only), deciding the same
//!   causes on it with the hand-written baseline (`jamf_triage_benches::baseline`), and diagnosing
//!   it (verdicts, explanations, ranking);
//! - scanning a 10 MiB log with 30 patterns (throughput in bytes per second);
//! - evaluating, and diagnosing, 100 000 records in a loop, with allocations counted, to show
//!   that memory stays flat in the number of records.

use std::path::{Path, PathBuf};

use divan::{AllocProfiler, Bencher, black_box, counter::BytesCount};
use jamf_triage_core::model::RuleFile;
use jamf_triage_core::{Engine, Evidence, FactValue, Lines, Provenance, RulePack, RuleSource};

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

fn main() {
    divan::main();
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The built-in rule files, read from `rules/` as a rule author's pack would be.
fn rule_files() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("rules"))
        .expect("rules directory")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("rule file");
            (path.display().to_string(), text)
        })
        .collect()
}

fn load(files: &[(String, String)]) -> RulePack {
    let sources: Vec<RuleSource<'_>> = files
        .iter()
        .map(|(name, text)| RuleSource { name, text })
        .collect();
    RulePack::load(&sources).expect("valid pack")
}

fn compile(files: &[(String, String)]) -> Engine {
    Engine::compile(load(files), jamf_triage_rules::catalog()).expect("compiles")
}

/// The built-in files plus one more holding a renamed copy of every cause.
fn doubled_rule_files() -> Vec<(String, String)> {
    let mut files = rule_files();
    let engine = compile(&files);
    let copies = RuleFile {
        causes: engine
            .pack()
            .causes()
            .iter()
            .map(|cause| {
                let mut copy = cause.clone();
                copy.id = format!("{}-copy", cause.id);
                copy
            })
            .collect(),
        ..RuleFile::default()
    };
    files.push((
        "copies.yaml".to_owned(),
        jamf_triage_core::to_yaml(&copies).expect("yaml"),
    ));
    files
}

mod compile_pack {
    use super::*;

    /// The built-in pack: load every file, validate against the fact catalog, compile.
    #[divan::bench]
    fn built_in(bencher: Bencher<'_, '_>) {
        let files = rule_files();
        bencher.bench(|| compile(black_box(&files)));
    }

    /// The built-in pack, loaded only (YAML, structure, references, regex syntax).
    #[divan::bench]
    fn built_in_load_only(bencher: Bencher<'_, '_>) {
        let files = rule_files();
        bencher.bench(|| load(black_box(&files)));
    }

    /// The built-in pack, compiled only (checked against the catalog, regexes compiled).
    #[divan::bench]
    fn built_in_compile_only(bencher: Bencher<'_, '_>) {
        let files = rule_files();
        let catalog = jamf_triage_rules::catalog();
        bencher
            .with_inputs(|| load(&files))
            .bench_values(|pack| Engine::compile(pack, black_box(catalog)).expect("compiles"));
    }

    /// The built-in pack as embedders get it (`jamf_triage_rules::compile`, not cached): its
    /// entries read from the JSON the build script embedded, checked, and compiled.
    #[divan::bench]
    fn embedded(bencher: Bencher<'_, '_>) {
        bencher.bench(|| jamf_triage_rules::compile().expect("compiles"));
    }

    /// The built-in pack as embedders get it, loaded only (`jamf_triage_rules::pack`).
    #[divan::bench]
    fn embedded_load_only(bencher: Bencher<'_, '_>) {
        bencher.bench(|| jamf_triage_rules::pack().expect("loads"));
    }

    /// A pack of twice the built-in causes.
    #[divan::bench]
    fn doubled(bencher: Bencher<'_, '_>) {
        let files = doubled_rule_files();
        assert!(compile(&files).pack().causes().len() >= 20);
        bencher.bench(|| compile(black_box(&files)));
    }
}

/// One record of the healthy example bundle's facts (about 60, log lines left out).
fn record() -> Evidence {
    let path = repo().join("benches/data/record.yaml");
    let text = std::fs::read_to_string(&path).expect("benches/data/record.yaml");
    Evidence::from_yaml_str(&text, "record.yaml").expect("valid evidence")
}

/// One record, checked to hold no log lines.
fn record_without_lines() -> Evidence {
    let evidence = record();
    assert!(
        evidence
            .facts()
            .all(|(_, fact)| !matches!(fact.value, FactValue::Lines(_)))
    );
    evidence
}

/// Evaluates one record without log lines with the built-in engine: verdicts only.
#[divan::bench]
fn evaluate_record(bencher: Bencher<'_, '_>) {
    let engine = jamf_triage_rules::engine();
    let evidence = record_without_lines();
    bencher.bench(|| engine.evaluate(black_box(&evidence)).confirmed().count());
}

/// Decides the built-in pack's causes on the record of `evaluate_record` with the hand-written
/// baseline, checked first to give the engine's verdicts.
#[divan::bench]
fn baseline_record(bencher: Bencher<'_, '_>) {
    let baseline = jamf_triage_benches::baseline::Baseline::new().expect("compiles");
    let evidence = record_without_lines();
    let engine = jamf_triage_rules::engine().evaluate(&evidence);
    for (id, verdict) in jamf_triage_benches::baseline::CAUSES
        .iter()
        .zip(baseline.decide(&evidence))
    {
        assert_eq!(engine.cause(id), Some(verdict), "{id}");
    }
    bencher.bench(|| {
        baseline
            .decide(black_box(&evidence))
            .iter()
            .filter(|verdict| **verdict == jamf_triage_core::Verdict::Confirmed)
            .count()
    });
}

/// Diagnoses one record without log lines with the built-in engine: verdicts, explanations and
/// ranking.
#[divan::bench]
fn diagnose_record(bencher: Bencher<'_, '_>) {
    let engine = jamf_triage_rules::engine();
    let evidence = record_without_lines();
    bencher.bench(|| engine.diagnose(black_box(&evidence)).causes.len());
}

/// Runs `confirmed_of` over 100 000 records one after another, each with its own
/// `observed_at`; the allocation counters show what one record costs, and that nothing
/// accumulates.
fn hundred_thousand_records(
    bencher: Bencher<'_, '_>,
    confirmed_of: impl Fn(&Evidence) -> usize + Sync,
) {
    let base = record();
    let start = base.observed_at.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
    bencher
        .counter(divan::counter::ItemsCount::new(100_000_usize))
        .bench(|| {
            let mut evidence = base.clone();
            let mut confirmed = 0_usize;
            for minute in 0..100_000_i64 {
                evidence.observed_at = start
                    .checked_add(jiff::SignedDuration::from_mins(minute))
                    .ok();
                confirmed += confirmed_of(&evidence);
            }
            confirmed
        });
}

/// Evaluates 100 000 records, as fleet-wide triage does.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn evaluate_100k_records(bencher: Bencher<'_, '_>) {
    let engine = jamf_triage_rules::engine();
    hundred_thousand_records(bencher, |evidence| {
        engine.evaluate(evidence).confirmed().count()
    });
}

/// Diagnoses (verdicts, explanations, ranking) 100 000 records.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn diagnose_100k_records(bencher: Bencher<'_, '_>) {
    let engine = jamf_triage_rules::engine();
    hundred_thousand_records(bencher, |evidence| {
        engine.diagnose(evidence).confirmed().count()
    });
}

mod log_scan {
    use super::*;

    /// Thirty patterns of the kind rules look for in jamfAAD and Company Portal logs.
    const PATTERNS: [&str; 30] = [
        "posible for silent token acquire to fail now if the wrong account is picked",
        "AccountNotOnboarded",
        "Portal launched without WPJ only arg while account is under partner management",
        "Registration-only command line flag \\(-r\\)",
        "AADSTS50076",
        "AADSTS53003",
        "AADSTS700016",
        "MSALErrorWorkplaceJoinRequired",
        "(?i)keychain item not found",
        "errSecItemNotFound",
        "Could not retrieve the access token for Microsoft Graph API",
        "Unable to connect to Microsoft Intune",
        "Unable to send inventory information to Microsoft Intune",
        "Interactive sign-in failed: [A-Z]+[0-9]+",
        "Silent token acquisition failed with error -?\\d+",
        "deviceRegistrationState=keyConflict",
        "WPJ key (missing|not found)",
        "certificate .* MS-ORGANIZATION-ACCESS .* expired",
        "HTTP (401|403) from https://graph\\.microsoft\\.com",
        "connect timed out .* login\\.microsoftonline\\.com",
        "UnknownHostException: .*microsoft",
        "Connection refused .*manage\\.microsoft\\.com",
        "device (was )?deactivated",
        "have_an_Azure_id is false",
        "gatherAADInfo failed after \\d+ attempts",
        "Platform SSO registration (failed|incomplete)",
        "secure enclave key unavailable",
        "token cache is corrupt",
        "wrong tenant: expected [0-9a-f-]{36}",
        "user cancelled the sign-in prompt",
    ];

    fn pack() -> Engine {
        let mut yaml = String::from("causes:\n");
        for (index, pattern) in PATTERNS.iter().enumerate() {
            yaml.push_str(&format!(
                "  - id: pattern-{index}\n    scope: device\n    severity: low\n    title: {{ en: pattern {index} }}\n    resolution: nothing\n    when: {{ fact: device.jamfaad.log, any_line_matches: '{}' }}\n",
                pattern.replace('\'', "''")
            ));
        }
        yaml.push_str("resolutions:\n  - id: nothing\n    scope: device\n    title: { en: nothing }\n    steps: [{ text: { en: nothing } }]\n");
        compile(&[("patterns.yaml".to_owned(), yaml)])
    }

    /// 10 MiB of jamfAAD-like lines that match none of the patterns: the whole text is scanned.
    fn log() -> Evidence {
        let samples = [
            "2024-05-27 15:35:43.331 Df Jamf Conditional Access[9637:46fc0] [com.jamf.management.jamfAAD:agent] Recurring gatherAADInfo: last successful token acquisition was 2h 7m ago",
            "2024-05-27 15:35:43.565 Df Jamf Conditional Access[9637:46fc0] [com.jamf.management.jamfAAD:msal] Found 1 MSAL account for adele@contoso.example in cache",
            "2024-05-27 15:35:44.467 Df Jamf Conditional Access[9637:46fc0] [com.jamf.management.jamfAAD:msal] Silent token acquisition succeeded for adele@contoso.example",
            "2024-05-27 15:35:44.904 Df Jamf Conditional Access[9637:46fc0] [com.jamf.management.jamfAAD:jamfpro] Submitted Azure AD information to https://jamf.contoso.example:8443/ (HTTP 201)",
        ];
        let mut lines = Lines::default();
        let mut number = 0_u32;
        while lines.text().len() < 10 * 1024 * 1024 {
            number += 1;
            let sample = samples[number as usize % samples.len()];
            lines.push("mac/jamfAAD.log", number, sample);
        }
        Evidence::builder()
            .observed_at("2024-06-03T12:00:00Z".parse().expect("time"))
            .fact(
                "device.jamfaad.log",
                lines,
                Provenance::new("device", "mac/jamfAAD.log"),
            )
            .build()
    }

    /// Thirty patterns over one 10 MiB lines-fact.
    #[divan::bench(sample_count = 20)]
    fn ten_mib_thirty_patterns(bencher: Bencher<'_, '_>) {
        let engine = pack();
        let evidence = log();
        let bytes = evidence
            .get("device.jamfaad.log")
            .map(|fact| match &fact.value {
                FactValue::Lines(lines) => lines.text().len(),
                _ => 0,
            })
            .unwrap_or(0);
        let report = engine.diagnose(&evidence);
        assert_eq!(
            report.confirmed().count(),
            0,
            "the log must match nothing, so all of it is scanned"
        );
        bencher
            .counter(BytesCount::new(bytes))
            .bench(|| engine.diagnose(black_box(&evidence)).causes.len());
    }
}
