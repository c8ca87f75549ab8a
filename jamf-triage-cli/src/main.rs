//! The `jamf-triage` binary: the command of [`jamf_triage_cli`] over the built-in sources.

use std::process::ExitCode;

fn main() -> ExitCode {
    jamf_triage_cli::main_with(jamf_triage_sources::Registry::builtin())
}
