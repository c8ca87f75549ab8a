//! `jamf-triage facts`: every fact the collectors can provide.

use std::fmt::Write as _;

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
            let width = catalog
                .iter()
                .map(|spec| spec.name.len())
                .max()
                .unwrap_or(0);
            let mut text = String::new();
            for spec in catalog.iter() {
                let _ = writeln!(
                    text,
                    "{:width$}  {:9}  {:8}  {}",
                    spec.name,
                    spec.fact_type.name(),
                    spec.provider,
                    spec.meaning
                );
            }
            crate::output::emit(&text)?;
        }
    }
    Ok(Exit::Ok)
}
