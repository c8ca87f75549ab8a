//! The `jamf-triage` command: diagnose why the Jamf Pro ↔ Microsoft Intune / Entra ID
//! integration fails on a Mac, from a bundle of raw artifacts or an evidence file; lint, test and
//! list rule packs; explain ids; list facts.
//!
//! Exit status: 0 when the command did its job (a report was produced); 1 with `--exit-code`
//! when a cause is confirmed, and when `rules lint` / `rules test` find a mistake or a failure;
//! 2 for usage errors, unreadable input and broken rules.

mod cli;
mod collect;
mod commands;
mod live;
mod output;
mod pack;

use std::process::ExitCode;

use clap::Parser as _;

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
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        match exit {
            Exit::Ok => ExitCode::SUCCESS,
            Exit::Found => ExitCode::from(1),
            Exit::Error => ExitCode::from(2),
        }
    }
}

/// Prints why a rule pack gave no engine, and says it is an error.
pub fn report_pack_failure(failure: pack::PackFailure) -> Exit {
    match failure {
        pack::PackFailure::Io(error) => eprintln!("error: {error:#}"),
        pack::PackFailure::Rules(errors) => {
            eprintln!("{errors}");
            eprintln!("error: the rule pack has {} mistake(s)", errors.len());
        }
    }
    Exit::Error
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Collect(args) => commands::collect::run(args),
        Command::Diagnose(args) => commands::diagnose::run(args),
        Command::Evidence(args) => commands::evidence::run(args),
        Command::Rules(command) => commands::rules::run(command),
        Command::Explain(args) => commands::explain::run(args),
        Command::Facts(args) => commands::facts::run(args),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(error) => {
            eprintln!("error: {error:#}");
            Exit::Error.into()
        }
    }
}
