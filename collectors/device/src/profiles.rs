//! `profiles status -type enrollment`: `Enrolled via DEP: Yes|No`,
//! `MDM enrollment: Yes (User Approved)|Yes|No` and `MDM server: <url>`.

use jamf_triage_evidence::{DecodedText, Evidence};

use crate::artifacts::PROFILES_ENROLLMENT;
use crate::facts;
use crate::issue::Issue;
use crate::key_value;
use crate::mac_files::MacFiles;

/// The MDM enrollment as `profiles` reports it, each value with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Enrollment {
    /// `(enrolled, user approved)` from `MDM enrollment:`.
    pub mdm: Option<((bool, bool), u32)>,
    pub dep: Option<(bool, u32)>,
    pub server: Option<(String, u32)>,
    pub issues: Vec<Issue>,
}

fn yes_no(value: &str) -> Option<bool> {
    match value {
        "Yes" => Some(true),
        "No" => Some(false),
        _ => None,
    }
}

fn mdm(value: &str) -> Option<(bool, bool)> {
    match value {
        "Yes (User Approved)" => Some((true, true)),
        other => yes_no(other).map(|enrolled| (enrolled, false)),
    }
}

/// Parses `profiles status -type enrollment` output.
pub(crate) fn parse(text: &DecodedText) -> Enrollment {
    let mut parsed = Enrollment::default();
    let unexpected = |number: u32, key: &str, value: &str| {
        Issue::at(number, format!("unexpected `{key}` value `{value}`"))
    };
    let mut issues = Vec::new();
    for (number, line) in text.numbered_lines() {
        match key_value::split(line) {
            Some((key @ "Enrolled via DEP", value)) => match yes_no(value) {
                Some(dep) => parsed.dep = Some((dep, number)),
                None => issues.push(unexpected(number, key, value)),
            },
            Some((key @ "MDM enrollment", value)) => match mdm(value) {
                Some(state) => parsed.mdm = Some((state, number)),
                None => issues.push(unexpected(number, key, value)),
            },
            Some(("MDM server", value)) if !value.is_empty() => {
                parsed.server = Some((value.to_owned(), number));
            }
            _ => {}
        }
    }
    let recognized = parsed.mdm.is_some() || parsed.dep.is_some() || parsed.server.is_some();
    if !text.text.trim().is_empty() && !recognized && issues.is_empty() {
        issues.push(Issue::whole(
            "no `MDM enrollment:` or `Enrolled via DEP:` line",
        ));
    }
    parsed.issues = issues;
    parsed
}

/// Reads `profiles-enrollment.txt` into `device.mdm.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&PROFILES_ENROLLMENT, out) else {
        return;
    };
    let parsed = parse(&text);
    artifact.report_all(out, parsed.issues);
    if let Some(((enrolled, approved), line)) = parsed.mdm {
        artifact.set_at_line(out, facts::MDM_ENROLLED, enrolled, line);
        artifact.set_at_line(out, facts::MDM_USER_APPROVED, approved, line);
    }
    if let Some((dep, line)) = parsed.dep {
        artifact.set_at_line(out, facts::MDM_DEP, dep, line);
    }
    if let Some((server, line)) = parsed.server {
        artifact.set_at_line(out, facts::MDM_SERVER, server, line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn reads_a_user_approved_dep_enrollment() {
        let parsed = parse(&decode_text(
            b"Enrolled via DEP: Yes\nMDM enrollment: Yes (User Approved)\nMDM server: https://jamf.contoso.example:8443/mdm/ServerURL\n",
        ));
        assert_eq!(parsed.dep, Some((true, 1)));
        assert_eq!(parsed.mdm, Some(((true, true), 2)));
        assert_eq!(
            parsed.server.map(|(s, _)| s).as_deref(),
            Some("https://jamf.contoso.example:8443/mdm/ServerURL")
        );
        assert!(parsed.issues.is_empty());
    }

    #[test]
    fn reads_not_enrolled() {
        let parsed = parse(&decode_text(b"Enrolled via DEP: No\nMDM enrollment: No\n"));
        assert_eq!(parsed.mdm, Some(((false, false), 2)));
        assert_eq!(parsed.server, None);
        assert_eq!(
            parse(&decode_text(b"MDM enrollment: Yes\n")).mdm,
            Some(((true, false), 1))
        );
    }

    #[test]
    fn odd_values_and_other_text_are_issues() {
        let odd = parse(&decode_text(b"MDM enrollment: Maybe\n"));
        assert_eq!(
            odd.issues,
            [Issue::at(1, "unexpected `MDM enrollment` value `Maybe`")]
        );
        let other = parse(&decode_text(
            b"There is no enrollment profile installed on this system\n",
        ));
        assert_eq!(other.issues.len(), 1);
        assert!(parse(&decode_text(b"")).issues.is_empty());
    }
}
