//! Company Portal's logs (`~/Library/Logs/Company Portal/*.log`, verbatim): every file in name
//! order, each line keeping its own file and line number. A file in which no line starts with
//! Company Portal's time (`2024-06-12 09:14:02.001 …`) is not read as a log: it is a problem
//! naming it.

use jamf_triage_evidence::{CollectionProblem, Evidence, Lines, Provenance};

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
        if !text
            .numbered_lines()
            .any(|(_, line)| starts_with_time(line))
            && text
                .numbered_lines()
                .any(|(_, line)| !line.trim().is_empty())
        {
            out.add_problem(CollectionProblem::new(
                COLLECTOR,
                artifact.path.as_str(),
                "no line starts with a time (`yyyy-MM-dd HH:mm:ss.SSS`): not a Company Portal log; it was not read",
            ));
            continue;
        }
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

/// Whether `line` starts with `yyyy-MM-dd HH:mm:ss`, as every Company Portal log entry does.
fn starts_with_time(line: &str) -> bool {
    const SHAPE: &[u8] = b"9999-99-99 99:99:99";
    line.as_bytes().get(..SHAPE.len()).is_some_and(|head| {
        head.iter().zip(SHAPE).all(|(byte, shape)| match shape {
            b'9' => byte.is_ascii_digit(),
            _ => byte == shape,
        })
    })
}
