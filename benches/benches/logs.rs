//! Logs at disk speed, run with `cargo bench -p jamf-triage-benches --bench logs`: the example
//! bundle `graph-token-permissions` with its `jamf.log`, `jamfAAD.log` and Jamf Pro server log
//! each grown to 300 MiB (`JAMF_TRIAGE_BENCH_LOG_MB` overrides the size; the bundles are
//! generated once under the target directory's `tmp/grown-logs/`), measured side by side:
//!
//! - `three_logs::ripgrep`: ripgrep searching the three files for what the rules look for in
//!   them (`jamf_triage_benches::patterns`, plus the lines the facts the rules use are derived
//!   from), one `rg --count` per file; skipped with a note when `rg` is not on the `PATH`;
//! - `three_logs::diagnose`: jamf-triage diagnosing the bundle through the library (open, collect,
//!   diagnose), its allocations and their peak counted by divan's `AllocProfiler`;
//! - `three_logs::cli_peak_rss`: the release `jamf-triage diagnose` binary run on the bundle, its
//!   peak resident set (`VmHWM`) printed after the samples; skipped with a note when the binary
//!   is not built (`cargo build --release -p jamf-triage-cli`);
//! - `per_log::*`: one bundle per log kind with only that log grown (the others as in the
//!   example), diagnosed, and the same log searched by ripgrep: bytes per second of that log.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use divan::{AllocProfiler, Bencher, black_box, counter::BytesCount};
use jamf_triage_benches::grow::{LogKind, grow_bundle};
use jamf_triage_core::Verdict;
use jamf_triage_core::evidence::Subject;
use jamf_triage_sources::Registry;

#[global_allocator]
static ALLOC: AllocProfiler = AllocProfiler::system();

/// The example bundle grown: its server log holds the Graph token errors a rule looks at.
const EXAMPLE: &str = "graph-token-permissions";

/// What ripgrep also looks for, beyond the rules' patterns: the lines the facts the rules use
/// are derived from (no rule pattern reads `jamf.log`'s lines, but its check-ins give
/// `device.jamf_log.last_checkin`; jamfAAD's successes and errors give
/// `device.jamfaad.last_token_success` and `device.jamfaad.errors_after_last_success`).
const DERIVED: [(LogKind, &str); 3] = [
    (
        LogKind::JamfLog,
        r#"Checking for policies triggered by ["“”]recurring check-in["“”]"#,
    ),
    (LogKind::JamfAad, "AAD ID acquired"),
    (LogKind::JamfAad, r"^\S+ \S+ [EF] "),
];

fn main() {
    divan::main();
}

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The size of each grown log, in MiB.
fn megabytes() -> u64 {
    std::env::var("JAMF_TRIAGE_BENCH_LOG_MB")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(300)
}

/// The grown bundle with `kinds` grown, generated on first use (a `.complete` file marks a
/// finished one, so an interrupted generation is redone).
fn grown(kinds: &[LogKind]) -> PathBuf {
    let names: Vec<&str> = kinds.iter().map(|kind| kind.name()).collect();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("grown-logs")
        .join(format!("{EXAMPLE}-{}mb-{}", megabytes(), names.join("-")));
    let marker = dir.join(".complete");
    if !marker.exists() {
        let src = repo().join("examples/bundles").join(EXAMPLE);
        eprintln!("generating {} (once)", dir.display());
        grow_bundle(&src, &dir, megabytes() << 20, kinds).expect("grows the bundle");
        std::fs::write(&marker, "").expect("marks the bundle complete");
    }
    dir
}

fn all_three() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| grown(&LogKind::ALL))
}

fn size(path: &Path) -> usize {
    let bytes = std::fs::metadata(path).map(|meta| meta.len()).unwrap_or(0);
    usize::try_from(bytes).unwrap_or(usize::MAX)
}

/// Open, collect, diagnose: what `jamf-triage diagnose` does before rendering.
fn diagnose(bundle: &Path) -> Vec<(String, Verdict)> {
    let registry = Registry::builtin();
    let engine = jamf_triage_rules::engine();
    let opened = registry.open_bundle(bundle).expect("opens");
    // As the command does: of each log, only the lines the pack tests are kept.
    let collected = registry.collect_with(&opened, &Subject::default(), None, engine);
    let report = engine.diagnose(&collected.evidence);
    report
        .causes
        .iter()
        .map(|finding| (finding.cause.id.clone(), finding.verdict))
        .collect()
}

/// The verdict of every cause of the example itself, which every grown copy must give.
fn expected_verdicts() -> &'static [(String, Verdict)] {
    static VERDICTS: OnceLock<Vec<(String, Verdict)>> = OnceLock::new();
    VERDICTS.get_or_init(|| diagnose(&repo().join("examples/bundles").join(EXAMPLE)))
}

/// Whether `rg` runs; prints a note once when it does not.
fn ripgrep_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let found = Command::new("rg")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        if !found {
            eprintln!(
                "note: `rg` (ripgrep) is not on the PATH; the ripgrep benchmarks are skipped \
                 (install it with `cargo install ripgrep --locked`)"
            );
        }
        found
    })
}

/// The patterns ripgrep searches `kind`'s file for.
fn rg_patterns(kind: LogKind) -> Vec<String> {
    let mut patterns = jamf_triage_benches::patterns::for_artifact(
        jamf_triage_rules::engine(),
        &Registry::builtin(),
        kind.path(),
    );
    for (derived, pattern) in DERIVED {
        if derived == kind {
            patterns.push(pattern.to_owned());
        }
    }
    patterns
}

/// Prepared `rg --count` commands: one per log file, with its patterns.
fn rg_commands(bundle: &Path, kinds: &[LogKind]) -> Vec<Vec<String>> {
    kinds
        .iter()
        .map(|kind| {
            let mut args = vec!["--count".to_owned(), "--no-filename".to_owned()];
            for pattern in rg_patterns(*kind) {
                args.push("-e".to_owned());
                args.push(pattern);
            }
            args.push(bundle.join(kind.path()).display().to_string());
            args
        })
        .collect()
}

/// Runs each `rg` command; returns the matching lines counted.
fn run_rg(commands: &[Vec<String>]) -> u64 {
    commands
        .iter()
        .map(|args| {
            let output = Command::new("rg").args(args).output().expect("runs rg");
            // 0: lines matched, 1: none matched; anything else is an error (a bad pattern).
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "rg {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8_lossy(&output.stdout)
                .trim()
                .parse::<u64>()
                .unwrap_or(0)
        })
        .sum()
}

fn log_bytes(bundle: &Path, kinds: &[LogKind]) -> usize {
    kinds
        .iter()
        .map(|kind| size(&bundle.join(kind.path())))
        .sum()
}

mod three_logs {
    use super::*;

    /// ripgrep searching the three grown logs for the rules' patterns.
    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ripgrep(bencher: Bencher<'_, '_>) {
        if !ripgrep_available() {
            return;
        }
        let bundle = all_three();
        let commands = rg_commands(bundle, &LogKind::ALL);
        bencher
            .counter(BytesCount::new(log_bytes(bundle, &LogKind::ALL)))
            .bench(|| run_rg(black_box(&commands)));
    }

    /// jamf-triage diagnosing the bundle of three grown logs through the library.
    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn diagnose(bencher: Bencher<'_, '_>) {
        let bundle = all_three();
        assert_eq!(
            super::diagnose(bundle),
            expected_verdicts(),
            "same verdicts"
        );
        bencher
            .counter(BytesCount::new(log_bytes(bundle, &LogKind::ALL)))
            .bench(|| super::diagnose(black_box(bundle)));
    }

    /// The release `jamf-triage diagnose` binary on the bundle; its peak resident set is
    /// printed after the samples.
    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn cli_peak_rss(bencher: Bencher<'_, '_>) {
        let Some(binary) = cli_binary() else {
            eprintln!(
                "note: no release `jamf-triage` binary beside this benchmark; `cli_peak_rss` is \
                 skipped (build it with `cargo build --release -p jamf-triage-cli`)"
            );
            return;
        };
        let bundle = all_three();
        let peak = std::sync::Mutex::new(0_u64);
        bencher
            .counter(BytesCount::new(log_bytes(bundle, &LogKind::ALL)))
            .bench(|| {
                let kb = run_and_watch(&binary, bundle);
                if let Ok(mut peak) = peak.lock() {
                    *peak = (*peak).max(kb);
                }
            });
        let peak = peak.into_inner().unwrap_or(0);
        println!(
            "jamf-triage diagnose on 3 × {} MiB: peak resident set (VmHWM) {} MiB",
            megabytes(),
            peak / 1024
        );
    }
}

/// The release `jamf-triage` binary of this target directory, if it is built.
fn cli_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    // target/release/deps/logs-<hash> → target/release/jamf-triage
    let binary = exe.parent()?.parent()?.join("jamf-triage");
    binary.is_file().then_some(binary)
}

/// Runs `jamf-triage diagnose BUNDLE --format json` and returns its peak resident set in KiB,
/// read from `/proc/<pid>/status` (`VmHWM`, a high-water mark) every few milliseconds until it
/// exits.
fn run_and_watch(binary: &Path, bundle: &Path) -> u64 {
    let mut child = Command::new(binary)
        .arg("diagnose")
        .arg(bundle)
        .args(["--format", "json"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("runs jamf-triage");
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0_u64;
    loop {
        if let Ok(status) = std::fs::read_to_string(&status_path) {
            let hwm = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            if let Some(kb) = hwm {
                peak = peak.max(kb);
            }
        }
        if child.try_wait().ok().flatten().is_some() {
            return peak;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

mod per_log {
    use super::*;

    /// A bundle with only `kind` grown: the example copied, the grown log hard-linked (or
    /// copied) from the bundle of three.
    fn only(kind: LogKind) -> PathBuf {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("grown-logs")
            .join(format!("{EXAMPLE}-{}mb-only-{}", megabytes(), kind.name()));
        let marker = dir.join(".complete");
        if !marker.exists() {
            let src = repo().join("examples/bundles").join(EXAMPLE);
            grow_bundle(&src, &dir, 0, &[]).expect("copies the bundle");
            let log = dir.join(kind.path());
            let _ = std::fs::remove_file(&log);
            let grown = all_three().join(kind.path());
            if std::fs::hard_link(&grown, &log).is_err() {
                std::fs::copy(&grown, &log).expect("copies the grown log");
            }
            std::fs::write(&marker, "").expect("marks the bundle complete");
        }
        dir
    }

    fn diagnose_only(bencher: Bencher<'_, '_>, kind: LogKind) {
        let bundle = only(kind);
        assert_eq!(
            super::diagnose(&bundle),
            expected_verdicts(),
            "same verdicts"
        );
        bencher
            .counter(BytesCount::new(log_bytes(&bundle, &[kind])))
            .bench(|| super::diagnose(black_box(&bundle)));
    }

    fn ripgrep_only(bencher: Bencher<'_, '_>, kind: LogKind) {
        if !ripgrep_available() {
            return;
        }
        let bundle = all_three();
        let commands = rg_commands(bundle, &[kind]);
        bencher
            .counter(BytesCount::new(log_bytes(bundle, &[kind])))
            .bench(|| run_rg(black_box(&commands)));
    }

    /// Diagnosing a bundle whose `jamf.log` is grown.
    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn diagnose_jamf_log(bencher: Bencher<'_, '_>) {
        diagnose_only(bencher, LogKind::JamfLog);
    }

    /// Diagnosing a bundle whose `jamfAAD.log` is grown.
    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn diagnose_jamfaad_log(bencher: Bencher<'_, '_>) {
        diagnose_only(bencher, LogKind::JamfAad);
    }

    /// Diagnosing a bundle whose Jamf Pro server log is grown.
    #[divan::bench(sample_count = 3, sample_size = 1)]
    fn diagnose_server_log(bencher: Bencher<'_, '_>) {
        diagnose_only(bencher, LogKind::ServerLog);
    }

    /// ripgrep searching the grown `jamf.log`.
    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ripgrep_jamf_log(bencher: Bencher<'_, '_>) {
        ripgrep_only(bencher, LogKind::JamfLog);
    }

    /// ripgrep searching the grown `jamfAAD.log`.
    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ripgrep_jamfaad_log(bencher: Bencher<'_, '_>) {
        ripgrep_only(bencher, LogKind::JamfAad);
    }

    /// ripgrep searching the grown Jamf Pro server log.
    #[divan::bench(sample_count = 5, sample_size = 1)]
    fn ripgrep_server_log(bencher: Bencher<'_, '_>) {
        ripgrep_only(bencher, LogKind::ServerLog);
    }
}
