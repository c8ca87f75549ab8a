//! `leftover-paths.txt`: one absolute path per line, those of the clean-up paths that exist on
//! the Mac.

use jamf_triage_evidence::{DecodedText, Evidence};

use crate::artifacts::LEFTOVER_PATHS;
use crate::facts;
use crate::issue::Issue;
use crate::mac_files::MacFiles;

/// The paths listed, and the lines that are not absolute paths.
pub(crate) fn parse(text: &DecodedText) -> (Vec<String>, Vec<Issue>) {
    let mut paths = Vec::new();
    let mut issues = Vec::new();
    for (number, line) in text.numbered_lines() {
        let path = line.trim();
        if path.is_empty() {
            continue;
        }
        if path.starts_with('/') {
            paths.push(path.to_owned());
        } else {
            issues.push(Issue::at(
                number,
                format!("`{path}` is not an absolute path"),
            ));
        }
    }
    (paths, issues)
}

/// Reads `leftover-paths.txt` into `device.leftover_paths`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&LEFTOVER_PATHS, out) else {
        return;
    };
    let (paths, issues) = parse(&text);
    artifact.report_all(out, issues);
    artifact.set(out, facts::LEFTOVER_PATHS, paths);
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn lists_absolute_paths_and_reports_the_rest() {
        let text = decode_text(b"/Library/Application Support/com.microsoft.CompanyPortal\r\n\r\nrelative/path\n/Users/adele/Library/Saved Application State/x.savedState \n");
        let (paths, issues) = parse(&text);
        assert_eq!(
            paths,
            [
                "/Library/Application Support/com.microsoft.CompanyPortal",
                "/Users/adele/Library/Saved Application State/x.savedState"
            ]
        );
        assert_eq!(
            issues,
            [Issue::at(3, "`relative/path` is not an absolute path")]
        );
        assert_eq!(parse(&decode_text(b"")), (Vec::new(), Vec::new()));
    }
}
