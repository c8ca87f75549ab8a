//! The items of a `security` listing: blocks that start with `SHA-256 hash:` / `SHA-1 hash:`
//! (`find-certificate -Z`) or `keychain:` (`dump-keychain`), each with a `class:` and
//! `attributes:`.

use jamf_triage_evidence::DecodedText;

use super::attributes::{self, Attribute, Value};

/// The lines that may open an item.
const OPENERS: &[&str] = &["SHA-256 hash:", "SHA-1 hash:", "keychain:"];

/// One keychain item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Item {
    /// The line the item starts at.
    pub line: u32,
    /// Its class without quotes (`genp`, `0x0000000F`, ...).
    pub class: Option<String>,
    pub attributes: Vec<Attribute>,
}

impl Item {
    /// The value of attribute `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.attributes
            .iter()
            .find(|attribute| attribute.name == name)
            .map(|attribute| &attribute.value)
    }

    /// The text of attribute `name`.
    pub fn text(&self, name: &str) -> Option<String> {
        self.get(name).and_then(Value::text)
    }

    fn has_content(&self) -> bool {
        self.class.is_some() || !self.attributes.is_empty()
    }
}

/// Splits a listing into items. An opener line starts a new item unless the current one has
/// no class or attribute yet (`SHA-1 hash:` and `keychain:` follow `SHA-256 hash:` in one item).
pub(crate) fn split(text: &DecodedText) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    for (number, line) in text.numbered_lines() {
        if OPENERS.iter().any(|opener| line.starts_with(opener)) {
            if items.last().is_none_or(Item::has_content) {
                items.push(Item {
                    line: number,
                    ..Item::default()
                });
            }
            continue;
        }
        let Some(item) = items.last_mut() else {
            continue;
        };
        if let Some(class) = line.strip_prefix("class:") {
            item.class = Some(class.trim().trim_matches('"').to_owned());
        } else if let Some(attribute) = attributes::parse_line(line) {
            item.attributes.push(attribute);
        }
    }
    items.retain(Item::has_content);
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamf_triage_evidence::decode_text;

    #[test]
    fn certificate_blocks_start_at_their_hashes() {
        let text = decode_text(
            b"SHA-256 hash: AA\nSHA-1 hash: BB\nkeychain: \"/k\"\nversion: 512\nclass: 0x80001000 \nattributes:\n    \"alis\"<blob>=\"one\"\nSHA-256 hash: CC\nSHA-1 hash: DD\nkeychain: \"/k\"\nclass: 0x80001000 \nattributes:\n    \"alis\"<blob>=\"two\"\n",
        );
        let items = split(&text);
        let summary: Vec<_> = items
            .iter()
            .map(|i| (i.line, i.class.as_deref(), i.text("alis")))
            .collect();
        assert_eq!(
            summary,
            [
                (1, Some("0x80001000"), Some("one".to_owned())),
                (8, Some("0x80001000"), Some("two".to_owned()))
            ]
        );
    }

    #[test]
    fn dump_blocks_start_at_keychain_lines() {
        let text = decode_text(
            b"keychain: \"/k\"\nversion: 512\nclass: \"genp\"\nattributes:\n    \"svce\"<blob>=\"a\"\nkeychain: \"/k\"\nclass: 0x00000010 \nattributes:\n    0x00000001 <blob>=\"Microsoft Workplace Join Key\"\n",
        );
        let items = split(&text);
        assert_eq!(items.len(), 2);
        assert_eq!(items.first().and_then(|i| i.class.as_deref()), Some("genp"));
        assert_eq!(
            items.get(1).and_then(|i| i.text("0x00000001")).as_deref(),
            Some("Microsoft Workplace Join Key")
        );
    }

    #[test]
    fn text_without_blocks_has_no_items() {
        assert!(split(&decode_text(b"security: SecKeychainSearchCopyNext: The specified item could not be found in the keychain.\n")).is_empty());
        assert!(split(&decode_text(b"keychain: \"/k\"\nversion: 512\n")).is_empty());
    }
}
