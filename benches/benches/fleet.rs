//! The fleet benchmark, run with `cargo bench -p jamf-triage-benches --bench fleet`:
//!
//! - `fleet_diagnose`: `jamf-triage fleet` on a generated tenant (100 000 Macs by default,
//!   `JAMF_TRIAGE_FLEET_MACS` to change it; [`jamf_triage_benches::generate_tenant`] writes it
//!   once into the temporary directory): read the bundle, judge the tenant once and every Mac
//!   on its own evidence, count;
//! - `grep_same_files`: `grep -c serialNumber` over the same three responses, run as a
//!   subprocess in the same bench run, the floor of reading those bytes;
//! - `single_mac_diagnose`: `diagnose --serial` of one Mac on that bundle (collection with the
//!   subject, full diagnosis with explanations).
//!
//! Peak memory: before the benches, the bench diagnoses the fleet once and prints the process's
//! peak resident set size (`VmHWM` of `/proc/self/status`, Linux), which includes the generated
//! tenant's writing when it was generated in this run (run it twice to see the fleet alone).
//! The same figure for the command itself comes from
//! `/usr/bin/time -v target/release/jamf-triage fleet --bundle DIR --format json > /dev/null`
//! (its "Maximum resident set size").

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use divan::{Bencher, black_box};
use jamf_triage_core::{Engine, Subject};
use jamf_triage_render::fleet::{FleetBuilder, FleetSummary};
use jamf_triage_sources::{Fleet, Registry};

fn main() {
    let (dir, macs) = tenant();
    let diagnosed = {
        let registry = Registry::builtin();
        let bundle = registry.open_bundle(dir).expect("the bundle opens");
        let fleet = registry.fleet(&bundle, None).expect("a fleet");
        diagnose(jamf_triage_rules::engine(), &fleet).devices
    };
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:").map(|kb| kb.trim().to_owned()))
        })
        .unwrap_or_else(|| "unknown".to_owned());
    println!("fleet of {macs} Macs ({diagnosed} diagnosed): peak resident set {peak}");
    divan::main();
}

/// The generated tenant: its directory and its number of Macs.
fn tenant() -> &'static (PathBuf, usize) {
    static TENANT: OnceLock<(PathBuf, usize)> = OnceLock::new();
    TENANT.get_or_init(|| {
        let macs = std::env::var("JAMF_TRIAGE_FLEET_MACS")
            .ok()
            .and_then(|macs| macs.parse().ok())
            .unwrap_or(100_000);
        let dir = std::env::temp_dir().join(format!("jamf-triage-bench-fleet-{macs}"));
        if !dir.join("graph/devices.json").exists() {
            jamf_triage_benches::generate_tenant(&dir, macs).expect("the tenant is written");
        }
        (dir, macs)
    })
}

/// What `jamf-triage fleet` does between reading the bundle and printing.
fn diagnose<'e>(engine: &'e Engine, fleet: &Fleet<'_>) -> FleetSummary<'e> {
    let tenant = engine.evaluate(fleet.tenant());
    let mut builder = FleetBuilder::from_tenant(&tenant);
    for mac in fleet.macs() {
        let own = fleet.own_evidence(mac);
        let verdicts = engine.evaluate_over(fleet.base(), &own);
        builder.add(&mac.serial, mac.user.as_deref(), &verdicts);
    }
    builder.finish(Vec::new())
}

fn files(dir: &Path) -> Vec<PathBuf> {
    [
        "jamf-pro/computers-inventory.json",
        "graph/managedDevices.json",
        "graph/devices.json",
    ]
    .iter()
    .map(|file| dir.join(file))
    .collect()
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn fleet_diagnose() -> usize {
    let (dir, _) = tenant();
    let registry = Registry::builtin();
    let bundle = registry.open_bundle(dir).expect("the bundle opens");
    let fleet = registry.fleet(&bundle, None).expect("a fleet");
    let summary = diagnose(jamf_triage_rules::engine(), &fleet);
    black_box(summary.devices)
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn grep_same_files(bencher: Bencher<'_, '_>) {
    let (dir, _) = tenant();
    let files = files(dir);
    bencher.bench(|| {
        let output = Command::new("grep")
            .arg("-c")
            .arg("serialNumber")
            .args(&files)
            .output()
            .expect("grep runs");
        black_box(output.stdout.len())
    });
}

#[divan::bench(sample_count = 3, sample_size = 1)]
fn single_mac_diagnose() -> usize {
    let (dir, _) = tenant();
    let registry = Registry::builtin();
    let bundle = registry.open_bundle(dir).expect("the bundle opens");
    let asked = Subject {
        serial: Some(jamf_triage_benches::serial(50)),
        user: None,
    };
    let collected = registry.collect(&bundle, &asked, None);
    let report = jamf_triage_rules::engine().diagnose(&collected.evidence);
    black_box(report.causes.len())
}
