//! # jamf-triage-cli
//!
//! The `jamf-triage` command: diagnose why the Jamf Pro ↔ Microsoft Intune / Entra ID
//! integration fails on a Mac, from a bundle of raw artifacts or an evidence file; lint, test and
//! list rule packs; explain ids; list facts; collect bundles live.
//!
//! The command is a library too, run by [`main_with`] over a source [`Registry`]: the binary of
//! this crate passes [`Registry::builtin`], and a program with sources of its own passes its own
//! registry and gets the whole command (`facts`, `diagnose`, `collect`, ...) for them.
//!
//! Commands: `diagnose PATH`, `evidence PATH`, `collect`, `rules lint|test|list`, `explain ID`,
//! `facts`, `bundle zip PATH`, `completions SHELL` and `man`.
//!
//! Messages of the command itself (errors, notes) are in English: the command has no
//! localization layer yet; reports, `explain` and the rule texts follow `--lang`.
//!
//! Exit status: 0 when the command did its job (a report was produced); 1 with `--exit-code`
//! when a cause is confirmed, and when `rules lint` / `rules test` find a mistake or a failure;
//! 2 for usage errors, unreadable input and broken rules.

mod cli;
mod collect;
mod commands;
mod input;
mod live;
mod output;
mod pack;
mod redaction;

use std::process::ExitCode;

use clap::FromArgMatches as _;
use jamf_triage_sources::Registry;

use crate::cli::{Cli, Command};

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It did its job and found nothing to flag.
    Ok,
    /// It did its job and found something: a confirmed cause (with `--exit-code`), a lint error,
    /// a failing fixture.
    Found,
    /// Usage error, unreadable input, or broken rules.
    Error,
    /// `collect` wrote a bundle, but some of what was asked for could not be collected (the
    /// manifest says what and why).
    Partial,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Found | Exit::Partial => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}

/// Prints why a rule pack gave no engine, and says it is an error.
fn report_pack_failure(failure: pack::PackFailure) -> Exit {
    match failure {
        pack::PackFailure::Io(error) => {
            eprintln!("{}", output::masked(&format!("error: {error:#}")));
        }
        pack::PackFailure::Rules(errors) => {
            eprintln!("{errors}");
            eprintln!("error: the rule pack has {} mistake(s)", errors.len());
        }
    }
    Exit::Error
}

/// Runs the command line of this process with the sources of `registry`, and gives the exit
/// status.
pub fn main_with(registry: Registry) -> ExitCode {
    let cli = match Cli::from_arg_matches(&cli::command().get_matches()) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let result = match &cli.command {
        Command::Collect(args) => commands::collect::run(args, &registry),
        Command::Diagnose(args) => commands::diagnose::run(args, &registry),
        Command::Evidence(args) => commands::evidence::run(args, &registry),
        Command::Rules(command) => commands::rules::run(command, &registry),
        Command::Explain(args) => commands::explain::run(args, &registry),
        Command::Facts(args) => commands::facts::run(args, &registry),
        Command::Bundle(command) => commands::bundle::run(command, &registry),
        Command::Completions { shell } => commands::completions::completions(*shell),
        Command::Man { subcommand } => commands::completions::man(subcommand.as_deref()),
        Command::Fleet(args) => commands::fleet::run(args, &registry),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("{}", output::masked(&format!("error: {error:#}")));
            Exit::Error.into()
        }
    }
}
