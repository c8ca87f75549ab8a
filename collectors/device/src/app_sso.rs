//! `app-sso platform -s`, run as the console user: the Platform SSO state. The output is a
//! `Time:` line, then the sections `Device Configuration:`, `Login Configuration:` and
//! `User Configuration:`, each followed by a JSON-like object (`"key" : value,` lines) or by
//! `(null)` when it is not configured, then `SSO Tokens:`.
//!
//! Only the keys at the top level of each section are read, and only the two that matter:
//! `registrationCompleted` and `extensionIdentifier`. Any other key, and any key an older or
//! newer macOS prints instead, is skipped: a value that is not there is not guessed.

use jamf_triage_evidence::{DecodedText, Evidence};

use crate::artifacts::APP_SSO_PLATFORM;
use crate::facts;
use crate::issue::Issue;
use crate::mac_files::MacFiles;

/// The bundle identifier of Microsoft's Enterprise SSO extension (Company Portal).
pub(crate) const MICROSOFT_SSO_EXTENSION: &str = "com.microsoft.CompanyPortalMac.ssoextension";

/// A section of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Section {
    /// `Device Configuration:`.
    Device,
    /// `Login Configuration:`.
    Login,
    /// `User Configuration:`.
    User,
}

impl Section {
    fn from_header(line: &str) -> Option<(Self, &str)> {
        let line = line.trim_start();
        [
            ("Device Configuration:", Self::Device),
            ("Login Configuration:", Self::Login),
            ("User Configuration:", Self::User),
        ]
        .into_iter()
        .find_map(|(header, section)| line.strip_prefix(header).map(|rest| (section, rest.trim())))
    }
}

/// What one section says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct SectionState {
    /// The section is `(null)`: not configured.
    pub null: bool,
    /// `registrationCompleted`, with its line.
    pub registration_completed: Option<(bool, u32)>,
    /// `extensionIdentifier`, with its line.
    pub extension_identifier: Option<(String, u32)>,
}

/// The output, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlatformSso {
    /// The sections found, in order, with their header line.
    pub sections: Vec<(Section, u32, SectionState)>,
    /// What could not be read.
    pub issues: Vec<Issue>,
}

/// Where the reader is.
enum State {
    /// Outside any section (or in `SSO Tokens:`).
    Outside,
    /// After a header, before its body.
    Header,
    /// Inside a section's object, at this depth of brackets.
    Body(usize),
}

/// Parses `app-sso platform -s` output.
pub(crate) fn parse(text: &DecodedText) -> PlatformSso {
    let mut parsed = PlatformSso::default();
    let mut state = State::Outside;
    for (number, line) in text.numbered_lines() {
        let trimmed = line.trim();
        if let State::Body(depth) = state {
            let after = depth_after(depth, trimmed);
            if depth == 1 {
                if let (Some((key, value)), Some((_, _, section))) =
                    (key_value(trimmed), parsed.sections.last_mut())
                {
                    read_key(section, key, value, number, &mut parsed.issues);
                }
            }
            state = if after == 0 {
                State::Outside
            } else {
                State::Body(after)
            };
            continue;
        }
        if let Some((section, rest)) = Section::from_header(line) {
            if matches!(state, State::Header) {
                parsed.issues.push(Issue::at(
                    number.saturating_sub(1),
                    "a section header without a value",
                ));
            }
            parsed
                .sections
                .push((section, number, SectionState::default()));
            state = State::Header;
            if rest.is_empty() {
                continue;
            }
            // The value may follow on the same line.
            state = start_body(rest, number, &mut parsed);
            continue;
        }
        if matches!(state, State::Header) && !trimmed.is_empty() {
            state = start_body(trimmed, number, &mut parsed);
            continue;
        }
        if trimmed.starts_with("SSO Tokens:") {
            state = State::Outside;
        }
    }
    match state {
        State::Body(_) => parsed.issues.push(Issue::whole(
            "the output ends inside a section (it is cut off): what it does not show is unknown",
        )),
        State::Header => parsed
            .issues
            .push(Issue::whole("the output ends after a section header")),
        State::Outside => {}
    }
    if parsed.sections.is_empty() && !text.text.trim().is_empty() {
        parsed.issues.push(Issue::whole(
            "no `Device Configuration:`, `Login Configuration:` or `User Configuration:` section",
        ));
    }
    parsed
}

/// Reads the first line of a section's value: `(null)` or the opening of its object.
fn start_body(text: &str, number: u32, parsed: &mut PlatformSso) -> State {
    if text == "(null)" {
        if let Some((_, _, section)) = parsed.sections.last_mut() {
            section.null = true;
        }
        return State::Outside;
    }
    if text.starts_with('{') {
        let depth = depth_after(0, text);
        return if depth == 0 {
            State::Outside
        } else {
            State::Body(depth)
        };
    }
    parsed.issues.push(Issue::at(
        number,
        format!("a section's value is neither an object nor `(null)`: `{text}`"),
    ));
    State::Outside
}

/// The bracket depth after `line`, counting `{`/`[` and `}`/`]` outside strings.
fn depth_after(mut depth: usize, line: &str) -> usize {
    let mut in_string = false;
    let mut escaped = false;
    for c in line.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// `"key" : value,` as the key and the value (trailing comma dropped).
fn key_value(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('"')?;
    let (key, rest) = rest.split_once('"')?;
    let value = rest.trim_start().strip_prefix(':')?.trim();
    Some((key, value.strip_suffix(',').unwrap_or(value).trim()))
}

/// Records the keys that matter.
fn read_key(
    section: &mut SectionState,
    key: &str,
    value: &str,
    number: u32,
    issues: &mut Vec<Issue>,
) {
    match key {
        "registrationCompleted" => match value {
            "true" | "1" => section.registration_completed = Some((true, number)),
            "false" | "0" => section.registration_completed = Some((false, number)),
            other => issues.push(Issue::at(
                number,
                format!("unexpected `registrationCompleted` value `{other}`"),
            )),
        },
        "extensionIdentifier" => {
            let identifier = value.trim_matches('"').trim();
            if !identifier.is_empty() {
                section.extension_identifier = Some((identifier.to_owned(), number));
            }
        }
        _ => {}
    }
}

impl PlatformSso {
    /// The Device and User Configuration sections.
    fn registration_sections(&self) -> impl Iterator<Item = &(Section, u32, SectionState)> {
        self.sections
            .iter()
            .filter(|(section, _, _)| matches!(section, Section::Device | Section::User))
    }

    /// Whether Platform SSO registration completed, with the line that says so: true when the
    /// Device or User Configuration says `"registrationCompleted" : true`; false when every one
    /// of them is `(null)` or says false; unknown otherwise (a section without the key).
    pub(crate) fn registration_completed(&self) -> Option<(bool, u32)> {
        if let Some(line) = self.registration_sections().find_map(|(_, _, state)| {
            state
                .registration_completed
                .filter(|(done, _)| *done)
                .map(|(_, line)| line)
        }) {
            return Some((true, line));
        }
        let mut line = None;
        for (_, header, state) in self.registration_sections() {
            match (state.null, state.registration_completed) {
                (true, _) => {
                    line.get_or_insert(*header);
                }
                (false, Some((false, at))) => {
                    line.get_or_insert(at);
                }
                _ => return None,
            }
        }
        line.map(|line| (false, line))
    }

    /// Whether the Microsoft Enterprise SSO extension is configured, with the line: true when a
    /// section names it; unknown otherwise. Never false: `app-sso platform -s` shows Platform
    /// SSO only, and the Microsoft extension can be deployed without Platform SSO (or beside
    /// another identity provider's), so `(null)` sections or another extension prove nothing of
    /// it.
    pub(crate) fn sso_extension_configured(&self) -> Option<(bool, u32)> {
        self.sections.iter().find_map(|(_, _, state)| {
            state
                .extension_identifier
                .as_ref()
                .filter(|(identifier, _)| identifier.eq_ignore_ascii_case(MICROSOFT_SSO_EXTENSION))
                .map(|(_, line)| (true, *line))
        })
    }
}

/// Reads `app-sso-platform.txt` into `device.psso.*`.
pub(crate) fn collect(files: &MacFiles<'_>, out: &mut Evidence) {
    let Some((artifact, text)) = files.read_text(&APP_SSO_PLATFORM, out) else {
        return;
    };
    let parsed = parse(&text);
    if let Some((done, line)) = parsed.registration_completed() {
        artifact.set_at_line(out, facts::PSSO_REGISTRATION_COMPLETED, done, line);
    }
    if let Some((configured, line)) = parsed.sso_extension_configured() {
        artifact.set_at_line(out, facts::PSSO_SSO_EXTENSION_CONFIGURED, configured, line);
    }
    artifact.report_all(out, parsed.issues);
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    /// The shape of a Mac without Platform SSO: every section `(null)`, as the scripts that
    /// test for it grep (`Device.Configuration:\n.(null)`).
    const NOT_CONFIGURED: &str = "Time: 2026-11-20 08:12:03 +0000\n\nDevice Configuration:\n (null)\n\nLogin Configuration:\n (null)\n\nUser Configuration:\n (null)\n\nSSO Tokens:\n (null)\n";

    #[test]
    fn null_sections_say_false() {
        let parsed = parse(&decode_text(NOT_CONFIGURED.as_bytes()));
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        assert_eq!(parsed.registration_completed(), Some((false, 3)));
        // The extension may be deployed without Platform SSO: `(null)` proves nothing of it.
        assert_eq!(parsed.sso_extension_configured(), None);
    }

    #[test]
    fn a_registered_mac_says_true_from_its_device_configuration() {
        let text = "Time: 2026-04-25 09:41:29 +0000\n\nDevice Configuration:\n {\n  \"extensionIdentifier\" : \"com.microsoft.CompanyPortalMac.ssoextension\",\n  \"registrationCompleted\" : true,\n  \"tokenToUserMapping\" : {\n    \"registrationCompleted\" : false\n  },\n  \"version\" : 1\n}\n\nUser Configuration:\n {\n  \"state\" : \"POUserStateNormal (0)\"\n}\n";
        let parsed = parse(&decode_text(text.as_bytes()));
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        assert_eq!(parsed.registration_completed(), Some((true, 6)));
        assert_eq!(parsed.sso_extension_configured(), Some((true, 5)));
    }

    #[test]
    fn sections_without_the_keys_are_unknown() {
        // An older macOS printing other keys: nothing is guessed.
        let text = "Device Configuration:\n {\n  \"registration\" : true\n}\n\nUser Configuration:\n (null)\n";
        let parsed = parse(&decode_text(text.as_bytes()));
        assert!(parsed.issues.is_empty());
        assert_eq!(parsed.registration_completed(), None);
        assert_eq!(parsed.sso_extension_configured(), None);
    }

    #[test]
    fn another_extension_leaves_the_microsoft_one_unknown() {
        let text = "Device Configuration:\n {\n  \"extensionIdentifier\" : \"com.okta.mobile.auth-service-extension\",\n  \"registrationCompleted\" : false\n}\nUser Configuration: (null)\n";
        let parsed = parse(&decode_text(text.as_bytes()));
        assert!(parsed.issues.is_empty(), "{:?}", parsed.issues);
        assert_eq!(parsed.registration_completed(), Some((false, 4)));
        assert_eq!(parsed.sso_extension_configured(), None);
    }

    #[test]
    fn cut_off_and_garbled_output_are_issues() {
        let cut = parse(&decode_text(
            b"Device Configuration:\n {\n  \"registrationCompleted\" : true,\n  \"version\" : 1\n",
        ));
        assert_eq!(cut.issues.len(), 1);
        // What it did show is still read.
        assert_eq!(cut.registration_completed(), Some((true, 3)));
        let garbled = parse(&decode_text(b"app-sso: unrecognized subcommand\n"));
        assert_eq!(garbled.issues.len(), 1);
        assert_eq!(garbled.registration_completed(), None);
        let odd = parse(&decode_text(b"Device Configuration:\n nonsense\n"));
        assert_eq!(odd.issues.len(), 1);
        assert!(parse(&decode_text(b"")).issues.is_empty());
    }
}
