//! Locales and localized text. Every human-facing string in a rule is a map of locale to text;
//! `en` is required and is what rendering falls back to.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A locale the built-in pack and the report chrome are written in.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum Locale {
    /// English (required for every text).
    #[default]
    #[serde(rename = "en")]
    En,
    /// European Portuguese.
    #[serde(rename = "pt-PT")]
    PtPt,
    /// Simplified Chinese.
    #[serde(rename = "zh-CN")]
    ZhCn,
}

impl Locale {
    /// Every supported locale.
    pub const ALL: [Locale; 3] = [Locale::En, Locale::PtPt, Locale::ZhCn];

    /// The BCP 47 tag (`en`, `pt-PT`, `zh-CN`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::PtPt => "pt-PT",
            Locale::ZhCn => "zh-CN",
        }
    }

    /// The locale of a tag, if supported.
    pub fn from_code(code: &str) -> Option<Locale> {
        Locale::ALL.into_iter().find(|locale| locale.code() == code)
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Locale {
    type Err = String;
    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Locale::from_code(code)
            .ok_or_else(|| format!("unknown locale `{code}`: expected one of en, pt-PT, zh-CN"))
    }
}

/// Text in several locales: `{ en: ..., pt-PT: ..., zh-CN: ... }`.
///
/// Keys are checked when a pack is loaded (`en` required, only supported locales).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(transparent)]
pub struct LocalizedText(pub IndexMap<String, String>);

impl LocalizedText {
    /// The text in `locale`, else in `en`, else empty.
    pub fn get(&self, locale: Locale) -> &str {
        self.0
            .get(locale.code())
            .or_else(|| self.0.get(Locale::En.code()))
            .map_or("", String::as_str)
    }

    /// Whether the text exists in exactly `locale` (no fallback).
    pub fn has(&self, locale: Locale) -> bool {
        self.0.contains_key(locale.code())
    }

    /// English-only text.
    pub fn en(text: impl Into<String>) -> Self {
        let mut map = IndexMap::new();
        map.insert("en".to_owned(), text.into());
        Self(map)
    }
}
