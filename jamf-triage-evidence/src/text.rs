//! Reading text artifacts the way they arrive: with a UTF-8 byte-order mark, CRLF line endings,
//! or bytes that are not UTF-8. Collectors read small artifacts whole through [`decode_text`],
//! and logs line by line through [`LineReader`](crate::LineReader), which reads them the same
//! way.

/// Text decoded from an artifact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodedText {
    /// The text, without a byte-order mark, with `\n` line endings.
    pub text: String,
    /// Whether some bytes were not UTF-8 and were replaced by U+FFFD.
    pub lossy: bool,
}

impl DecodedText {
    /// The lines with their 1-based numbers. A final line ending does not start an empty line.
    pub fn numbered_lines(&self) -> impl Iterator<Item = (u32, &str)> + '_ {
        self.text
            .lines()
            .enumerate()
            .map(|(index, line)| (u32::try_from(index + 1).unwrap_or(u32::MAX), line))
    }
}

/// Decodes an artifact's bytes: drops a UTF-8 byte-order mark, replaces invalid UTF-8 with U+FFFD
/// (and says so), and turns CRLF and lone CR line endings into LF.
///
/// ```
/// let decoded = jamf_triage_evidence::decode_text(b"\xEF\xBB\xBFone\r\ntwo\xFF\r\n");
/// assert_eq!(decoded.text, "one\ntwo\u{FFFD}\n");
/// assert!(decoded.lossy);
/// ```
pub fn decode_text(bytes: &[u8]) -> DecodedText {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let (text, lossy) = match String::from_utf8_lossy(bytes) {
        std::borrow::Cow::Borrowed(text) => (text.to_owned(), false),
        std::borrow::Cow::Owned(text) => (text, true),
    };
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    DecodedText { text, lossy }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_untouched() {
        let decoded = decode_text(b"a\nb\n");
        assert_eq!(
            decoded,
            DecodedText {
                text: "a\nb\n".to_owned(),
                lossy: false
            }
        );
        let numbered: Vec<_> = decoded.numbered_lines().collect();
        assert_eq!(numbered, [(1, "a"), (2, "b")]);
    }

    #[test]
    fn lone_carriage_returns_end_lines() {
        assert_eq!(decode_text(b"a\rb").text, "a\nb");
    }
}
