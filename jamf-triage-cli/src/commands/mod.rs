//! One module per subcommand; each returns the process exit status.

pub mod bundle;
pub mod collect;
pub mod completions;
pub mod diagnose;
pub mod evidence;
pub mod explain;
pub mod facts;
pub mod fleet;
pub mod rules;
