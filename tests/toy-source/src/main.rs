//! `toy-triage`: the `jamf-triage` command with the toy source registered.

use std::process::ExitCode;

fn main() -> ExitCode {
    jamf_triage_cli::main_with(jamf_triage_toy_source::registry())
}
