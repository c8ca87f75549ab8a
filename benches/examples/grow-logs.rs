//! Copies an example bundle and grows its `jamf.log`, `jamfAAD.log` and Jamf Pro server log each
//! to about SIZE_MB megabytes (MiB), by repeating their own lines with advancing times before
//! the original content (see `jamf_triage_benches::grow`):
//!
//! ```text
//! cargo run --release -p jamf-triage-benches --example grow-logs -- SRC_BUNDLE DEST_DIR SIZE_MB
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use jamf_triage_benches::grow::{LogKind, grow_bundle};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [src, dest, size] = args.as_slice() else {
        eprintln!("usage: grow-logs SRC_BUNDLE DEST_DIR SIZE_MB");
        return ExitCode::from(2);
    };
    let Ok(megabytes) = size.parse::<u64>() else {
        eprintln!("SIZE_MB must be a whole number of megabytes, not `{size}`");
        return ExitCode::from(2);
    };
    match grow_bundle(
        &PathBuf::from(src),
        &PathBuf::from(dest),
        megabytes << 20,
        &LogKind::ALL,
    ) {
        Ok(grown) => {
            for log in grown {
                println!(
                    "{}: {} bytes -> {} bytes",
                    log.kind.path(),
                    log.original_bytes,
                    log.bytes
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("grow-logs: {error}");
            ExitCode::FAILURE
        }
    }
}
