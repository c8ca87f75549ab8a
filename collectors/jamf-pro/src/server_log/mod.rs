//! The Jamf Pro server log: `jamf-pro/JAMFSoftwareServer.log` and the rotated files beside it →
//! `jamf.server_log.entries`, oldest first.

use std::ops::ControlFlow;

use jamf_triage_evidence::{CollectInput, Evidence, LineSink, Provenance, read_lines};

use crate::artifacts::SERVER_LOG as ARTIFACT;
use crate::{SOURCE, facts};

mod entries;
mod files;

/// Collects the entries of every server log file, oldest file first, one line at a time,
/// keeping the entries the consumer needs. No log file in the bundle means no fact; a file that
/// cannot be read (or is larger than its limit) is a problem and the others are still read.
pub(crate) fn collect(input: &CollectInput<'_>, out: &mut Evidence) {
    let paths = input.artifacts.paths();
    let logs = files::oldest_first(&paths);
    let mut sink = LineSink::new(input.lines.need(facts::SERVER_LOG_ENTRIES.name()));
    let mut newest = None;
    for path in logs {
        let mark = sink.mark();
        let mut file = entries::FileReader::new(path, sink.keeps_any());
        let read = read_lines(SOURCE, input, &ARTIFACT, path, out, |number, line| {
            file.line(&mut sink, number, line);
            ControlFlow::Continue(())
        });
        if !read {
            sink.rollback(mark);
            continue;
        }
        if !file.finish(&mut sink, out) {
            sink.rollback(mark);
        }
        newest = Some(path);
    }
    if let Some(path) = newest {
        out.record(
            facts::SERVER_LOG_ENTRIES,
            sink.finish(),
            Provenance::new(SOURCE, path),
        );
    }
}

#[cfg(test)]
mod tests {
    use jamf_triage_evidence::FactValue;

    use super::*;
    use crate::testing::run;

    #[test]
    fn reads_rotated_files_oldest_first() {
        let evidence = run(
            collect,
            &[
                (
                    "jamf-pro/JAMFSoftwareServer.log",
                    "2024-06-03 10:00:00,000 [INFO ] [Tomcat-1   ] [lientCommunicationServlet] - live\n",
                ),
                (
                    "jamf-pro/JAMFSoftwareServer.log.1",
                    "2024-06-02 10:00:00,000 [INFO ] [Tomcat-1   ] [lientCommunicationServlet] - one\n",
                ),
                (
                    "jamf-pro/JAMFSoftwareServer.log.2",
                    "2024-06-01 10:00:00,000 [INFO ] [Tomcat-1   ] [lientCommunicationServlet] - two\n",
                ),
                ("jamf-pro/notifications.json", "[]"),
            ],
            None,
        );
        let fact = evidence.get("jamf.server_log.entries").expect("entries");
        assert_eq!(fact.provenance.artifact, "jamf-pro/JAMFSoftwareServer.log");
        let FactValue::Lines(lines) = &fact.value else {
            panic!("not lines")
        };
        let found: Vec<_> = lines
            .iter()
            .map(|line| (line.artifact, line.number))
            .collect();
        assert_eq!(
            found,
            [
                ("jamf-pro/JAMFSoftwareServer.log.2", 1),
                ("jamf-pro/JAMFSoftwareServer.log.1", 1),
                ("jamf-pro/JAMFSoftwareServer.log", 1)
            ]
        );
    }

    #[test]
    fn an_empty_log_is_an_empty_fact_and_no_log_is_none() {
        let evidence = run(collect, &[("jamf-pro/JAMFSoftwareServer.log", "")], None);
        let fact = evidence.get("jamf.server_log.entries").expect("entries");
        assert_eq!(
            fact.value,
            FactValue::Lines(jamf_triage_evidence::Lines::default())
        );
        assert_eq!(run(collect, &[], None).fact_count(), 0);
    }
}
