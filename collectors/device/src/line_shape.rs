//! The byte classes the hand-written log readers share: white space as a regular expression's
//! `\s` reads it in ASCII, and blank lines.

/// Whether `byte` is white space to a regular expression's `\s` (ASCII only; the ASCII white
/// space of [`char::is_whitespace`] too).
pub(crate) fn is_space(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r')
}

/// Whether a line is only white space (told by its first byte when that is ASCII).
pub(crate) fn is_blank(line: &str) -> bool {
    match line.as_bytes().first() {
        Some(byte) if byte.is_ascii() && !is_space(*byte) => false,
        _ => line.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_are_white_space_only() {
        for line in ["", " ", "\t\x0B\x0C ", "\u{00A0}", " \u{2003}"] {
            assert!(is_blank(line), "{line:?}");
        }
        for line in ["x", " x", "\u{00A0}x", "\u{00E9}"] {
            assert!(!is_blank(line), "{line:?}");
        }
        let ascii_space = (0_u8..128).filter(|byte| char::from(*byte).is_whitespace());
        assert!(ascii_space.eq((0_u8..128).filter(|byte| is_space(*byte))));
    }
}
