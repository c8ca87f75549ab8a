//! `jamf-triage explain ID`: a symptom, cause or resolution, with its links, in a language.

use anyhow::{Result, bail};
use jamf_triage_sources::Registry;

use crate::cli::ExplainArgs;
use crate::{Exit, pack};

/// Runs `explain`.
pub fn run(args: &ExplainArgs, registry: &Registry) -> Result<Exit> {
    let engine = match pack::engine(args.rules.as_deref(), registry) {
        Ok(engine) => engine,
        Err(failure) => return Ok(crate::report_pack_failure(failure)),
    };
    let pack = engine.pack();
    let Some(text) = jamf_triage_render::render_explain(pack, &args.id, args.lang) else {
        bail!(
            "`{}` is not a symptom, cause or resolution id of this rule pack (see `jamf-triage rules list`)",
            args.id
        );
    };
    crate::output::emit(&text)?;
    Ok(Exit::Ok)
}
