//! Company Portal's logs (`~/Library/Logs/Company Portal/*.log`, verbatim): every file in name
//! order, each line keeping its own file and line number.

use jamf_triage_evidence::{Evidence, Lines, Provenance};

use crate::COLLECTOR;
use crate::artifacts::COMPANY_PORTAL_LOGS;
use crate::facts;
use crate::mac_files::MacFiles;

/// Reads the logs into `device.company_portal.log`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let mut lines = Lines::default();
    let mut dir = None;
    for path in files.family(&COMPANY_PORTAL_LOGS) {
        let Some((artifact, text)) = files.read_path_text(&COMPANY_PORTAL_LOGS, path, out) else {
            continue;
        };
        for (number, line) in text
            .numbered_lines()
            .filter(|(_, line)| !line.trim().is_empty())
        {
            lines.push(&artifact.path, number, line);
        }
        dir = artifact
            .path
            .rsplit_once('/')
            .map(|(dir, _)| format!("{dir}/"));
    }
    if let Some(dir) = dir {
        out.record(
            facts::COMPANY_PORTAL_LOG,
            lines,
            Provenance::new(COLLECTOR, dir),
        );
    }
}
