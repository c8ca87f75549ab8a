//! `jamf-triage collect`: collect a bundle live from the Jamf Pro API, Microsoft Graph and this
//! Mac.

use anyhow::Result;
use jamf_triage_core::Subject;
use jamf_triage_sources::Registry;

use crate::Exit;
use crate::cli::CollectArgs;
use crate::live;

/// Runs `collect`. A source that fails leaves a partial bundle (its failures in the manifest),
/// and the exit status says so: 0 when everything asked for was collected, 1 for a partial
/// bundle; usage errors (no source, a bad URL, missing credentials, `--fleet` with a subject)
/// exit 2 before any request. `--fleet` collects every Mac of the tenant into a fleet bundle.
pub fn run(args: &CollectArgs, registry: &Registry) -> Result<Exit> {
    let manifest = if args.fleet {
        live::collect_fleet(&args.live, &args.out, registry)?
    } else {
        let subject = Subject {
            serial: args.serial.clone(),
            user: args.user.clone(),
        };
        live::collect(&args.live, &subject, &args.out, registry)?
    };
    Ok(if manifest.failed.is_empty() {
        Exit::Ok
    } else {
        Exit::Partial
    })
}
