//! Fuzz target `evidence_file`: see `jamf_triage_fuzz::TARGETS`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| jamf_triage_fuzz::run("evidence_file", data));
