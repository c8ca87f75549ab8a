//! Redaction: taking the identifying details out of a rendered report or evidence file before
//! it is shared (pasted into a ticket, sent to a vendor).
//!
//! The subject's serial number and user principal name, the user's short name, e-mail
//! addresses and IPv4 addresses are replaced with placeholders; everything else (ids of causes,
//! log lines minus those details, Microsoft's and Jamf's own strings) stays as it is, so the
//! report still explains itself.

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

    /// The text with every identifying detail replaced.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
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
}
