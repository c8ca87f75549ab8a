//! One attribute line of a `security` listing: a name (`"alis"` or `0x00000007`), a type
//! (`<blob>`), and a value: `<NULL>`, `"text"` with `\NNN` octal escapes, or `0x<hex>` followed by
//! its printable form.

/// The value of an attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    /// `<NULL>`.
    Null,
    /// `"text"`, unescaped.
    Text(String),
    /// `0x<hex>`, with the bytes when the hex is whole, and the printable form when printed.
    Bytes {
        bytes: Option<Vec<u8>>,
        printable: Option<String>,
    },
}

/// One attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Attribute {
    /// `alis`, `svce`, `0x00000001`, ... (without quotes).
    pub name: String,
    pub value: Value,
}

impl Value {
    /// The value as text: the text, else the printable form, else the bytes read as UTF-8;
    /// without trailing NULs; `None` for `<NULL>` or an empty value.
    pub fn text(&self) -> Option<String> {
        let text = match self {
            Value::Null => return None,
            Value::Text(text) => text.clone(),
            Value::Bytes {
                printable: Some(text),
                ..
            } => text.clone(),
            Value::Bytes {
                bytes: Some(bytes),
                printable: None,
            } => String::from_utf8_lossy(bytes).into_owned(),
            Value::Bytes {
                bytes: None,
                printable: None,
            } => return None,
        };
        let text = text.trim_end_matches('\0');
        (!text.is_empty()).then(|| text.to_owned())
    }

    /// Whether the value holds `needle` (ASCII, any case), in its bytes or its text.
    pub fn contains_ignore_case(&self, needle: &str) -> bool {
        let needle = needle.as_bytes();
        let holds = |haystack: &[u8]| {
            !needle.is_empty()
                && haystack
                    .windows(needle.len())
                    .any(|w| w.eq_ignore_ascii_case(needle))
        };
        match self {
            Value::Null => false,
            Value::Text(text) => holds(text.as_bytes()),
            Value::Bytes { bytes, printable } => {
                bytes.as_deref().is_some_and(holds)
                    || printable
                        .as_deref()
                        .is_some_and(|text| holds(text.as_bytes()))
            }
        }
    }
}

/// Reads an attribute line; `None` when the line is not one.
pub(crate) fn parse_line(line: &str) -> Option<Attribute> {
    let line = line.trim();
    let (name, rest) = if let Some(quoted) = line.strip_prefix('"') {
        let (name, rest) = quoted.split_once('"')?;
        (name, rest)
    } else if line.starts_with("0x") {
        line.split_at(line.find([' ', '<'])?)
    } else {
        return None;
    };
    let rest = rest.trim_start().strip_prefix('<')?;
    let (_type, rest) = rest.split_once('>')?;
    let value = rest.strip_prefix('=')?.trim();
    Some(Attribute {
        name: name.to_owned(),
        value: parse_value(value)?,
    })
}

fn parse_value(value: &str) -> Option<Value> {
    if value == "<NULL>" {
        return Some(Value::Null);
    }
    if let Some(text) = quoted(value) {
        return Some(Value::Text(text));
    }
    let hex = value.strip_prefix("0x")?;
    let (digits, printable) = hex.split_once(char::is_whitespace).unwrap_or((hex, ""));
    Some(Value::Bytes {
        bytes: decode_hex(digits),
        printable: quoted(printable.trim()),
    })
}

/// The unescaped text between the first and the last `"` of `value` (the text itself may hold
/// unescaped quotes).
fn quoted(value: &str) -> Option<String> {
    let inner = value.strip_prefix('"')?.strip_suffix('"')?;
    Some(unescape(inner))
}

/// Replaces `\NNN` octal escapes with their bytes and reads the result as UTF-8 (lossily).
fn unescape(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let escaped = bytes
            .get(index + 1..index + 4)
            .filter(|_| byte == b'\\')
            .and_then(octal);
        match escaped {
            Some(value) => {
                out.push(value);
                index += 4;
            }
            None => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn octal(digits: &[u8]) -> Option<u8> {
    digits.iter().try_fold(0_u8, |value, digit| {
        let digit = (b'0'..=b'7').contains(digit).then(|| digit - b'0')?;
        value.checked_mul(8)?.checked_add(digit)
    })
}

fn decode_hex(digits: &str) -> Option<Vec<u8>> {
    if digits.is_empty() || digits.len() % 2 != 0 {
        return None;
    }
    digits
        .as_bytes()
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_text_attributes() {
        let attribute = parse_line("    \"alis\"<blob>=\"0be89650-3d1a-4294-9f9a-80fde57985d4\"")
            .expect("attribute");
        assert_eq!(attribute.name, "alis");
        assert_eq!(
            attribute.value.text().as_deref(),
            Some("0be89650-3d1a-4294-9f9a-80fde57985d4")
        );
        let label = parse_line("    0x00000007 <blob>=\"Microsoft Workplace Join Key\"")
            .expect("attribute");
        assert_eq!(
            (label.name.as_str(), label.value.text()),
            ("0x00000007", Some("Microsoft Workplace Join Key".into()))
        );
        let null = parse_line("    0x00000008 <blob>=<NULL>").expect("attribute");
        assert_eq!(null.value, Value::Null);
        assert_eq!(null.value.text(), None);
    }

    #[test]
    fn reads_hex_with_printable_forms_and_escapes() {
        let issuer = parse_line("    \"issu\"<blob>=0x302F312D302B06035504030C24  \"0/1-0+\\006\\003U\\004\\003\\014$\"").expect("attribute");
        let Value::Bytes { bytes, printable } = &issuer.value else {
            panic!("bytes")
        };
        assert_eq!(bytes.as_deref().map(<[u8]>::len), Some(13));
        assert_eq!(
            printable.as_deref(),
            Some("0/1-0+\u{6}\u{3}U\u{4}\u{3}\u{c}$")
        );
        let quote_inside =
            parse_line("    \"subj\"<blob>=0x30  \"1$0\"\\006*\\206\"").expect("attribute");
        assert!(
            quote_inside
                .value
                .text()
                .is_some_and(|t| t.starts_with("1$0\"\u{6}*"))
        );
        let bare = parse_line("    \"snbr\"<blob>=0x7FABDBF8D78DA9AD ").expect("attribute");
        assert!(
            matches!(bare.value, Value::Bytes { bytes: Some(ref b), printable: None } if b.len() == 8)
        );
        assert_eq!(unescape("caf\\303\\251 \\134 \\9 \\"), "café \\ \\9 \\");
    }

    #[test]
    fn finds_the_issuer_in_bytes_or_text() {
        let hex: String = "CN=MS-ORGANIZATION-ACCESS"
            .bytes()
            .map(|b| format!("{b:02X}"))
            .collect();
        let line = format!("    \"issu\"<blob>=0x{hex}");
        let issuer = parse_line(&line).expect("attribute");
        assert!(issuer.value.contains_ignore_case("ms-organization-access"));
        let text = parse_line("    \"issu\"<blob>=0xZZ  \"x\\026MS-ORGANIZATION-ACCESS1\"")
            .expect("attribute");
        assert!(text.value.contains_ignore_case("MS-ORGANIZATION-ACCESS"));
        assert!(!text.value.contains_ignore_case("APPLE"));
    }

    #[test]
    fn other_lines_are_not_attributes() {
        for line in [
            "attributes:",
            "class: \"genp\"",
            "    \"alis\"",
            "    \"alis\"<blob>",
            "    0x00000001",
            "\"a\"<b>=garbage",
        ] {
            assert_eq!(parse_line(line), None, "{line}");
        }
    }
}
