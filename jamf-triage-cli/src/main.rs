//! The jamf-triage command.
fn main() {}
