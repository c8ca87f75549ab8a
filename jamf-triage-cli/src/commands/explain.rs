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
    let locale = args.lang.unwrap_or_else(crate::cli::locale_from_env);
    let Some(text) = jamf_triage_render::render_explain(pack, &args.id, locale) else {
        let ids = pack
            .symptoms()
            .iter()
            .map(|symptom| symptom.id.as_str())
            .chain(pack.causes().iter().map(|cause| cause.id.as_str()))
            .chain(
                pack.resolutions()
                    .iter()
                    .map(|resolution| resolution.id.as_str()),
            );
        let hint = jamf_triage_core::evidence::suggest::closest(&args.id, ids)
            .map(|id| format!(": did you mean `{id}`?"))
            .unwrap_or_default();
        bail!(
            "`{}` is not a symptom, cause or resolution id of this rule pack{hint} (see `jamf-triage rules list`)",
            args.id
        );
    };
    crate::output::emit(&text)?;
    Ok(Exit::Ok)
}
