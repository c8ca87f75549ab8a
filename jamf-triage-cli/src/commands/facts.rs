//! `jamf-triage facts`: every fact the collectors can provide.

use anyhow::Result;

use jamf_triage_sources::Registry;

use crate::Exit;
use crate::cli::{FactsArgs, ListFormat};

/// Runs `facts`.
pub fn run(args: &FactsArgs, registry: &Registry) -> Result<Exit> {
    let catalog = registry.catalog()?;
    match args.format {
        ListFormat::Json => {
            let specs: Vec<_> = catalog.iter().collect();
            crate::output::emit(&format!("{}\n", serde_json::to_string_pretty(&specs)?))?;
        }
        ListFormat::Text => {
            let locale = args.lang.unwrap_or_else(crate::cli::locale_from_env);
            let text = jamf_triage_render::render_facts(&catalog, locale);
            crate::output::emit(&text)?;
        }
    }
    Ok(Exit::Ok)
}
