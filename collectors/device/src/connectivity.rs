//! `connectivity.txt`: one line per check, `<host> <port> ok` or `<host> <port> failed <reason>`.

use jamf_triage_evidence::{DecodedText, Evidence, LineSink};

use crate::artifacts::CONNECTIVITY;
use crate::facts;
use crate::issue::Issue;
use crate::mac_files::MacFiles;

/// One connectivity check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Check {
    pub line: u32,
    /// `host:port`.
    pub endpoint: String,
    pub ok: bool,
    /// The line as written.
    pub text: String,
}

fn check(number: u32, line: &str) -> Result<Check, Issue> {
    let mut words = line.split_whitespace();
    let malformed = || {
        Issue::at(
            number,
            format!("`{line}` is not `<host> <port> ok` or `<host> <port> failed <reason>`"),
        )
    };
    let (Some(host), Some(port), Some(status)) = (words.next(), words.next(), words.next()) else {
        return Err(malformed());
    };
    let port: u16 = port.parse().map_err(|_| malformed())?;
    let ok = match status.to_ascii_lowercase().as_str() {
        "ok" if words.next().is_none() => true,
        "failed" => false,
        _ => return Err(malformed()),
    };
    Ok(Check {
        line: number,
        endpoint: format!("{host}:{port}"),
        ok,
        text: line.trim().to_owned(),
    })
}

/// The checks, and the lines that are not checks.
pub(crate) fn parse(text: &DecodedText) -> (Vec<Check>, Vec<Issue>) {
    let mut checks = Vec::new();
    let mut issues = Vec::new();
    for (number, line) in text
        .numbered_lines()
        .filter(|(_, line)| !line.trim().is_empty())
    {
        match check(number, line) {
            Ok(check) => checks.push(check),
            Err(issue) => issues.push(issue),
        }
    }
    (checks, issues)
}

/// Reads `connectivity.txt` into `device.connectivity.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&CONNECTIVITY, out) else {
        return;
    };
    let (checks, issues) = parse(&text);
    artifact.report_all(out, issues);
    let mut failures = LineSink::new(files.need(facts::CONNECTIVITY_FAILURES.name()));
    for check in checks.iter().filter(|check| !check.ok) {
        failures.offer(&artifact.path, check.line, &check.text);
    }
    let endpoints = |wanted: fn(&Check) -> bool| -> Vec<String> {
        checks
            .iter()
            .filter(|check| wanted(check))
            .map(|check| check.endpoint.clone())
            .collect()
    };
    artifact.set(out, facts::CONNECTIVITY_CHECKED, endpoints(|_| true));
    artifact.set(
        out,
        facts::CONNECTIVITY_FAILED,
        endpoints(|check| !check.ok),
    );
    artifact.set(out, facts::CONNECTIVITY_FAILURES, failures.finish());
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn reads_ok_and_failed_checks() {
        let (checks, issues) = parse(&decode_text(
            b"login.microsoftonline.com 443 ok\n\ngraph.microsoft.com 443 failed connection timed out after 10s\njamf.contoso.example 8443 failed\n",
        ));
        assert!(issues.is_empty());
        let summary: Vec<_> = checks
            .iter()
            .map(|c| (c.line, c.endpoint.as_str(), c.ok))
            .collect();
        assert_eq!(
            summary,
            [
                (1, "login.microsoftonline.com:443", true),
                (3, "graph.microsoft.com:443", false),
                (4, "jamf.contoso.example:8443", false)
            ]
        );
        assert_eq!(
            checks.get(1).map(|c| c.text.as_str()),
            Some("graph.microsoft.com 443 failed connection timed out after 10s")
        );
    }

    #[test]
    fn reports_lines_that_are_not_checks() {
        let (checks, issues) = parse(&decode_text(
            b"host 443 ok\nhost https ok\nhost 443 maybe\nhost 443\nhost 99999 ok\nhost 443 ok extra\n",
        ));
        assert_eq!(checks.len(), 1);
        let lines: Vec<_> = issues.iter().filter_map(|issue| issue.line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 6]);
    }
}
