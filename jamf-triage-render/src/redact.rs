//! Redaction: taking the identifying details out of a rendered report or evidence file before
//! it is shared (pasted into a ticket, sent to a vendor).
//!
//! The subject's serial number and user principal name, the user's short name, e-mail
//! addresses and IPv4 addresses are replaced with placeholders; everything else (ids of causes,
//! log lines minus those details, Microsoft's and Jamf's own strings) stays as it is, so the
//! report still explains itself.
//!
//! Credentials are another matter: a bearer token, a JWT, a `client_secret=`, `password=` or
//! token parameter, or the password of a URL is masked by [`mask_credentials`] in every output,
//! with or without `--redact` ([`Redactor::redact`] masks them too).

use std::sync::LazyLock;

use regex::{Regex, RegexBuilder};

use jamf_triage_core::Subject;

/// Replaces identifying details in text.
///
/// ```
/// use jamf_triage_core::Subject;
/// use jamf_triage_render::Redactor;
/// let subject = Subject { serial: Some("C02XK1ABJGH5".into()), user: Some("adele@contoso.example".into()) };
/// let redactor = Redactor::for_subject(&subject);
/// assert_eq!(
///     redactor.redact("C02XK1ABJGH5 of adele@contoso.example (/Users/adele) at 10.20.31.62, alex@contoso.example"),
///     "<serial> of <user> (/Users/<user>) at <ip>, <email>",
/// );
/// ```
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Exact words of the subject, longest first, with their placeholders.
    words: Vec<(Regex, &'static str)>,
}

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
        .expect("a valid constant pattern")
});

static IPV4: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}\b")
        .expect("a valid constant pattern")
});

/// `Bearer <token>` (an `Authorization` header, quoted or not).
static BEARER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(bearer)(\s+)[A-Za-z0-9\-._~+/]+=*").expect("a valid constant pattern")
});

/// A JSON Web Token: three base64url parts, the first a JSON header (`eyJ`).
static JWT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
        .expect("a valid constant pattern")
});

/// `name=value` (in a query, a form body or a log line) or `"name": "value"` (JSON) for names
/// that hold secrets.
static SECRET_PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    let names = "client_secret|client_assertion|password|passwd|pwd|secret|access_token|refresh_token|id_token|api_key|apikey|sig|token";
    Regex::new(&format!(
        r#"(?i)((?:\b(?:{names})\s*=\s*)|(?:\\?"(?:{names})\\?"\s*:\s*\\?"))([^\s&"',;\\<>]+)"#
    ))
    .expect("a valid constant pattern")
});

/// The password of a URL (`https://user:password@host`).
static URL_PASSWORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/:@\x22]+:)([^\s/@\x22]+)(@)")
        .expect("a valid constant pattern")
});

/// The text with credentials masked: bearer tokens, JWTs, secret parameters (`client_secret=`,
/// `password=`, `access_token=`, ...) and passwords in URLs. Always applied to what the command
/// prints; masking keeps the name of what was masked, so the line still explains itself.
///
/// ```
/// use jamf_triage_render::mask_credentials;
/// assert_eq!(
///     mask_credentials("POST /token client_secret=s3cr3t~x&grant_type=client_credentials"),
///     "POST /token client_secret=<redacted>&grant_type=client_credentials",
/// );
/// assert_eq!(
///     mask_credentials("Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2ln"),
///     "Authorization: Bearer <redacted>",
/// );
/// assert_eq!(mask_credentials("https://admin:hunter2@jamf.example/"), "https://admin:<redacted>@jamf.example/");
/// ```
pub fn mask_credentials(text: &str) -> String {
    let text = BEARER.replace_all(text, "${1}${2}<redacted>");
    let text = JWT.replace_all(&text, "<jwt>");
    let text = SECRET_PARAMETER.replace_all(&text, "${1}<redacted>");
    URL_PASSWORD
        .replace_all(&text, "${1}<redacted>${3}")
        .into_owned()
}

impl Redactor {
    /// A redactor for e-mail and IPv4 addresses only.
    pub fn new() -> Self {
        Self::default()
    }

    /// A redactor that also replaces the subject's serial number, user principal name and the
    /// user's short name (the part before `@`, as a whole word, in any case).
    pub fn for_subject(subject: &Subject) -> Self {
        let mut redactor = Self::new();
        if let Some(serial) = subject.serial.as_deref() {
            redactor.add_word(serial, "<serial>");
        }
        if let Some(user) = subject.user.as_deref() {
            redactor.add_word(user, "<user>");
            if let Some((short, _)) = user.split_once('@') {
                redactor.add_word(short, "<user>");
            }
        }
        redactor
    }

    fn add_word(&mut self, word: &str, placeholder: &'static str) {
        let word = word.trim();
        // Words this short would take pieces of ordinary text with them.
        if word.chars().count() < 3 {
            return;
        }
        let pattern = format!(r"(?:^|\b){}(?:\b|$)", regex::escape(word));
        if let Ok(regex) = RegexBuilder::new(&pattern).case_insensitive(true).build() {
            self.words.push((regex, placeholder));
            self.words
                .sort_by_key(|(regex, _)| std::cmp::Reverse(regex.as_str().len()));
        }
    }

    /// The text with every identifying detail replaced, and credentials masked.
    pub fn redact(&self, text: &str) -> String {
        let mut text = mask_credentials(text);
        for (regex, placeholder) in &self.words {
            text = regex.replace_all(&text, *placeholder).into_owned();
        }
        let text = EMAIL.replace_all(&text, "<email>");
        IPV4.replace_all(&text, "<ip>").into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_are_whole_words_only() {
        let subject = Subject {
            serial: None,
            user: Some("al@contoso.example".into()),
        };
        // "al" is too short to be redacted as a word; the address still goes.
        assert_eq!(
            Redactor::for_subject(&subject).redact("alias al@contoso.example"),
            "alias <user>"
        );
        let subject = Subject {
            serial: None,
            user: Some("adele@contoso.example".into()),
        };
        assert_eq!(
            Redactor::for_subject(&subject).redact("Adele’s Mac; adeles"),
            "<user>’s Mac; adeles"
        );
    }

    #[test]
    fn ip_addresses_but_not_versions() {
        let redactor = Redactor::new();
        assert_eq!(
            redactor.redact("from 203.0.113.40 running 14.4.1"),
            "from <ip> running 14.4.1"
        );
    }

    /// Issue 12: a `client_secret=` or a bearer JWT inside a quoted server-log line was printed
    /// verbatim. Lines in the shape of Jamf Pro's JAMFSoftwareServer.log (and a Graph token
    /// request as jamfAAD logs it).
    #[test]
    fn credentials_are_masked() {
        let jwt = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ.bm90LWEtc2lnbmF0dXJl";
        let cases = [
            (
                "2024-06-03 14:20:01,123 [DEBUG] [Thread-9] - POST https://login.microsoftonline.com/t/oauth2/v2.0/token client_id=abc&client_secret=Q~8xY.zz_secret&scope=https://graph.microsoft.com/.default".to_owned(),
                "2024-06-03 14:20:01,123 [DEBUG] [Thread-9] - POST https://login.microsoftonline.com/t/oauth2/v2.0/token client_id=abc&client_secret=<redacted>&scope=https://graph.microsoft.com/.default".to_owned(),
            ),
            (
                format!("Authorization: Bearer {jwt}"),
                "Authorization: Bearer <redacted>".to_owned(),
            ),
            (format!("token {jwt} expired"), "token <jwt> expired".to_owned()),
            (
                "jdbc login password=hunter2; user=jamf".to_owned(),
                "jdbc login password=<redacted>; user=jamf".to_owned(),
            ),
            (
                "GET https://jamf.example/api?access_token=abc.def&x=1".to_owned(),
                "GET https://jamf.example/api?access_token=<redacted>&x=1".to_owned(),
            ),
            (
                "smb://svc:P4ss@files.example/share".to_owned(),
                "smb://svc:<redacted>@files.example/share".to_owned(),
            ),
            // Inside JSON, the string stays a string.
            (
                r#"{"line": "client_secret=abc\"x", "password": "pw"}"#.to_owned(),
                r#"{"line": "client_secret=<redacted>\"x", "password": "<redacted>"}"#.to_owned(),
            ),
        ];
        for (text, masked) in cases {
            assert_eq!(mask_credentials(&text), masked);
            assert_eq!(
                Redactor::new().redact(&text),
                masked.replace("10.20.31.62", "<ip>")
            );
        }
        // Ordinary words stay.
        let plain = "The token expired at 14:20; the password policy and secret: expiry are fine.";
        assert_eq!(mask_credentials(plain), plain);
    }
}
