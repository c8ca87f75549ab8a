//! `jamf-triage completions SHELL` and `jamf-triage man`: the shell completion script and the
//! manual page, made from the same command line the binary parses.

use anyhow::Result;

use crate::Exit;

/// Prints the completion script of `shell`.
pub fn completions(shell: clap_complete::Shell) -> Result<Exit> {
    let mut command = crate::cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "jamf-triage", &mut script);
    crate::output::emit(&String::from_utf8_lossy(&script))?;
    Ok(Exit::Ok)
}

/// Prints the manual page (roff) of the command, or of one of its subcommands
/// (`jamf-triage man diagnose` is the page `jamf-triage-diagnose(1)`).
pub fn man(subcommand: Option<&str>) -> Result<Exit> {
    let command = crate::cli::command();
    let command = match subcommand {
        None => command,
        Some(name) => {
            let names: Vec<&str> = command
                .get_subcommands()
                .map(clap::Command::get_name)
                .collect();
            let Some(found) = command.find_subcommand(name) else {
                let hint =
                    jamf_triage_core::evidence::suggest::closest(name, names.iter().copied())
                        .map(|name| format!(" did you mean `{name}`?"))
                        .unwrap_or_default();
                anyhow::bail!(
                    "`{name}` is not a subcommand.{hint} (one of {})",
                    names.join(", ")
                );
            };
            let full = format!("jamf-triage-{}", found.get_name());
            found.clone().name(full)
        }
    };
    let mut page = Vec::new();
    clap_mangen::Man::new(command).render(&mut page)?;
    crate::output::emit(&String::from_utf8_lossy(&page))?;
    Ok(Exit::Ok)
}
