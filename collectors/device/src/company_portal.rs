//! Company Portal's logs (`~/Library/Logs/Company Portal/*.log`, verbatim): every file in name
//! order, each line keeping its own file and line number.

use jamf_triage_core::{Evidence, Lines, Provenance};

use crate::COLLECTOR;
use crate::mac_files::MacFiles;

const DIR: &str = "company-portal";

/// Reads the logs into `device.company_portal.log`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let mut lines = Lines::default();
    let mut dir = None;
    for name in files.list(DIR, ".log") {
        let Some((artifact, text)) = files.read_text(&name, out) else {
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
        out.set(
            "device.company_portal.log",
            lines,
            Provenance::new(COLLECTOR, dir),
        );
    }
}
