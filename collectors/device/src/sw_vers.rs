//! `sw_vers`: `ProductName:`, `ProductVersion:` and `BuildVersion:` lines.

use jamf_triage_evidence::{DecodedText, Evidence};

use crate::artifacts::SW_VERS;
use crate::facts;
use crate::issue::Issue;
use crate::key_value;
use crate::mac_files::MacFiles;

/// The macOS version and build, each with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SwVers {
    pub version: Option<(String, u32)>,
    pub build: Option<(String, u32)>,
    pub issues: Vec<Issue>,
}

/// Parses `sw_vers` output.
pub(crate) fn parse(text: &DecodedText) -> SwVers {
    let mut parsed = SwVers::default();
    for (number, line) in text.numbered_lines() {
        match key_value::split(line) {
            Some(("ProductVersion", value)) if !value.is_empty() => {
                parsed.version = Some((value.to_owned(), number));
            }
            Some(("BuildVersion", value)) if !value.is_empty() => {
                parsed.build = Some((value.to_owned(), number));
            }
            _ => {}
        }
    }
    let has_content = !text.text.trim().is_empty();
    if has_content && parsed.version.is_none() && parsed.build.is_none() {
        parsed
            .issues
            .push(Issue::whole("no `ProductVersion:` or `BuildVersion:` line"));
    }
    parsed
}

/// Reads `sw_vers.txt` into `device.os.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&SW_VERS, out) else {
        return;
    };
    let parsed = parse(&text);
    artifact.report_all(out, parsed.issues);
    if let Some((version, line)) = parsed.version {
        artifact.set_at_line(out, facts::OS_VERSION, version, line);
    }
    if let Some((build, line)) = parsed.build {
        artifact.set_at_line(out, facts::OS_BUILD, build, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn reads_version_and_build() {
        let parsed = parse(&decode_text(
            b"ProductName:\t\tmacOS\r\nProductVersion:\t\t14.4.1\r\nBuildVersion:\t\t23E224\r\n",
        ));
        assert_eq!(parsed.version, Some(("14.4.1".to_owned(), 2)));
        assert_eq!(parsed.build, Some(("23E224".to_owned(), 3)));
        assert!(parsed.issues.is_empty());
    }

    #[test]
    fn empty_is_fine_and_other_text_is_an_issue() {
        assert_eq!(parse(&decode_text(b"")), SwVers::default());
        assert_eq!(
            parse(&decode_text(b"zsh: command not found: sw_vers\n"))
                .issues
                .len(),
            1
        );
    }
}
