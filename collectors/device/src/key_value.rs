//! `Key: value` lines, as `sw_vers` and `profiles status` print them.

/// The key and the value of a `Key: value` line, both trimmed; `None` without a colon.
pub(crate) fn split(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    Some((key.trim(), value.trim()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn splits_at_the_first_colon() {
        assert_eq!(
            super::split("ProductVersion:\t\t14.4.1"),
            Some(("ProductVersion", "14.4.1"))
        );
        assert_eq!(
            super::split("MDM server: https://x:8443/"),
            Some(("MDM server", "https://x:8443/"))
        );
        assert_eq!(super::split("no colon"), None);
    }
}
