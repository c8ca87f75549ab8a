//! The fuzz targets on the stable toolchain: every file of every target's seed corpus
//! (`fuzz/corpus/<target>/`, written from the example bundles and the rule pack by
//! `fuzz/seed-corpora.sh`) is run through the very function the cargo-fuzz target calls
//! (`fuzz/src/lib.rs`, included here), so CI runs the corpora without a nightly toolchain.
//!
//! `stable_fuzz_loop` (ignored; `FUZZ_SECONDS` per target, default 10) mutates the corpora with a
//! fixed-seed generator and counts executions: a stand-in for libFuzzer where nightly is not
//! available.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[path = "../../fuzz/src/lib.rs"]
#[allow(dead_code)]
mod harness;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = fuzz_dir().join("corpus").join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("corpus file");
            (path, bytes)
        })
        .collect()
}

#[test]
fn every_target_runs_its_seed_corpus() {
    for target in harness::TARGETS {
        let seeds = corpus(target.name);
        assert!(!seeds.is_empty(), "{} has no seed corpus", target.name);
        for (path, bytes) in seeds {
            let started = Instant::now();
            harness::run(target.name, &bytes);
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "{}: {} took {:?}",
                target.name,
                path.display(),
                started.elapsed()
            );
        }
        // Inputs past libFuzzer's default 4 KiB and past 64 KiB are allowed.
        harness::run(target.name, &[]);
        harness::run(target.name, &vec![b'\n'; 100_000]);
    }
}

#[test]
fn every_target_has_its_cargo_fuzz_file() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    for target in harness::TARGETS {
        let file = format!("fuzz_targets/{}.rs", target.name);
        let source = std::fs::read_to_string(fuzz_dir().join(&file)).expect("target file");
        assert!(
            source.contains(&format!("jamf_triage_fuzz::run(\"{}\"", target.name)),
            "{file}"
        );
        assert!(
            manifest.contains(&format!("name = \"{}\"\npath = \"{file}\"", target.name)),
            "{file}"
        );
    }
}

/// A small fixed-seed generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, bound: usize) -> usize {
        usize::try_from(self.next() % (bound.max(1) as u64)).unwrap_or(0)
    }
}

/// One mutation of `input`: flip, insert, delete, duplicate or splice bytes, the way libFuzzer's
/// simplest mutators do.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, other: &[u8]) {
    const INTERESTING: &[&[u8]] = &[
        b"\n",
        b"\r\n",
        b"\0",
        b"\xff\xfe",
        b"*",
        b"&a ",
        b"- ",
        b": ",
        b"{",
        b"[",
        b"\"",
        b"-009999-01-01T00:00:00Z",
        b"9999-12-31T23:59:59Z",
        b"0001-01-01T00:00:00Z",
        b" ",
        b"2024-06-10 12:00:00,000 ",
        b"PK\x03\x04",
    ];
    let at = rng.below(input.len() + 1);
    match rng.below(6) {
        0 if !input.is_empty() => {
            let at = rng.below(input.len());
            input[at] ^= 1 << rng.below(8);
        }
        1 => {
            let token = INTERESTING[rng.below(INTERESTING.len())];
            input.splice(at..at, token.iter().copied());
        }
        2 if !input.is_empty() => {
            let end = (at + rng.below(64)).min(input.len());
            input.drain(at.min(end)..end);
        }
        3 if !input.is_empty() => {
            let from = rng.below(input.len());
            let end = (from + rng.below(256)).min(input.len());
            let piece = input[from..end].to_vec();
            input.splice(at..at, piece);
        }
        4 if !other.is_empty() => {
            let from = rng.below(other.len());
            let end = (from + rng.below(1024)).min(other.len());
            input.truncate(at);
            input.extend_from_slice(&other[from..end]);
        }
        _ => {
            let byte = u8::try_from(rng.below(256)).unwrap_or(0);
            input.insert(at, byte);
        }
    }
}

#[test]
#[ignore = "a fuzzing run: FUZZ_SECONDS per target (default 10)"]
fn stable_fuzz_loop() {
    let seconds: u64 = std::env::var("FUZZ_SECONDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(10);
    let only = std::env::var("FUZZ_TARGET").ok();
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for target in harness::TARGETS {
        if only.as_deref().is_some_and(|only| only != target.name) {
            continue;
        }
        let seeds: Vec<Vec<u8>> = corpus(target.name)
            .into_iter()
            .map(|(_, bytes)| bytes)
            .collect();
        let started = Instant::now();
        let mut executions: u64 = 0;
        while started.elapsed() < Duration::from_secs(seconds) {
            let mut input = seeds[rng.below(seeds.len())].clone();
            let other = &seeds[rng.below(seeds.len())];
            for _ in 0..=rng.below(8) {
                mutate(&mut rng, &mut input, other);
            }
            let outcome = std::panic::catch_unwind(|| harness::run(target.name, &input));
            executions += 1;
            if outcome.is_err() {
                let path = std::env::temp_dir()
                    .join(format!("jamf-triage-crash-{}-{executions}", target.name));
                let _ = std::fs::write(&path, &input);
                panic!("{} panicked; the input is {}", target.name, path.display());
            }
        }
        println!("{}: {executions} executions in {seconds} s", target.name);
    }
}
