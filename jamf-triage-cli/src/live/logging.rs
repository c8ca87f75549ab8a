//! `--verbose`: the live collectors' request logs (`tracing`) on standard error. Only this
//! workspace's crates log; the HTTP library's own records are not collected, and none of the
//! logs carries a header, a form body, a token or a secret.

use std::io::IsTerminal as _;

use tracing_subscriber::EnvFilter;

/// The crates whose logs `--verbose` shows.
const CRATES: [&str; 5] = [
    "jamf_triage_http",
    "jamf_triage_collector_jamf_pro",
    "jamf_triage_collector_graph",
    "jamf_triage_collector_device",
    "jamf_triage",
];

/// Logs requests at `debug` when `verbose`, else warnings only. Once per process; later calls do
/// nothing.
pub fn init(verbose: bool) {
    let level = if verbose { "debug" } else { "warn" };
    let directives: Vec<String> = CRATES
        .iter()
        .map(|name| format!("{name}={level}"))
        .collect();
    let filter = EnvFilter::new(format!("off,{}", directives.join(",")));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(false)
        .finish();
    // Not `init()`: that would also collect the `log` records of libraries.
    let _ = tracing::subscriber::set_global_default(subscriber);
}
