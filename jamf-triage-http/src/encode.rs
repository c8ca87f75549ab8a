//! Percent-encoding of URL path segments and query values.

/// Percent-encodes `text` for use as one path segment or one query value: everything but the
/// unreserved characters of RFC 3986 (and `@`, common in user principal names) is encoded.
///
/// ```
/// assert_eq!(
///     jamf_triage_http::encode_component("operatingSystem eq 'macOS'"),
///     "operatingSystem%20eq%20%27macOS%27"
/// );
/// assert_eq!(jamf_triage_http::encode_component("adele@contoso.example"), "adele@contoso.example");
/// ```
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::encode_component;

    #[test]
    fn encodes_reserved_and_non_ascii_bytes() {
        assert_eq!(encode_component("a/b?c#d&e=f"), "a%2Fb%3Fc%23d%26e%3Df");
        assert_eq!(encode_component("é"), "%C3%A9");
        assert_eq!(encode_component(""), "");
    }
}
