//! Values and tests in the reader's language: dates, durations, counts, lists, booleans and the
//! operand of a test, worded per [`Locale`], long lists and patterns shortened, well-known ids
//! named.

use jamf_triage_core::Locale;
use jamf_triage_core::evidence::{parse_duration, parse_instant};
use jamf_triage_core::report::{Check, CheckOp, ShownValue};
use jiff::{SignedDuration, Timestamp, tz::TimeZone};

use super::guide::FactGuide;
use super::labels::Labels;
use super::names::{is_id, named};

/// How many characters of a pattern or quoted text a test shows.
const SHORT_OPERAND: usize = 48;

/// How values are shortened.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Words<'g> {
    /// The locale.
    pub locale: Locale,
    /// Its labels.
    pub labels: &'static Labels,
    /// The facts' labels.
    pub guide: &'g FactGuide,
    /// How many list elements to show before `+N more`.
    pub items: usize,
    /// Whether an id without a name is shown by its first eight characters (`0be89650…`).
    pub short_ids: bool,
}

impl Words<'_> {
    /// An instant, to the minute, in UTC: `11 Jun 2024 07:45 UTC`, `11/06/2024 07:45 UTC`,
    /// `2024年6月11日 07:45 UTC`.
    pub fn timestamp(&self, at: Timestamp) -> String {
        timestamp_in(self.locale, at)
    }

    /// A length of time in its two largest units: `1 day 2 hours`, `1 dia 2 horas`, `1 天 2 小时`.
    pub fn duration(&self, duration: SignedDuration) -> String {
        let seconds = duration.as_secs().unsigned_abs();
        let parts = [
            (seconds / 86_400, 3),
            (seconds % 86_400 / 3_600, 2),
            (seconds % 3_600 / 60, 1),
            (seconds % 60, 0),
        ];
        let words: Vec<String> = parts
            .iter()
            .skip_while(|(amount, _)| *amount == 0)
            .take(2)
            .filter(|(amount, _)| *amount > 0)
            .map(|&(amount, unit)| self.unit(amount, unit))
            .collect();
        let text = if words.is_empty() {
            self.unit(0, 0)
        } else {
            words.join(" ")
        };
        if duration.is_negative() {
            format!("-{text}")
        } else {
            text
        }
    }

    fn unit(&self, amount: u64, unit: usize) -> String {
        let (one, many) = self.labels.units.get(unit).copied().unwrap_or(("", ""));
        let word = if amount == 1 { one } else { many };
        format!("{amount}{}{word}", self.labels.unit_space)
    }

    /// A boolean: yes or no.
    pub fn boolean(&self, value: bool) -> &'static str {
        self.labels.outcomes[usize::from(!value)]
    }

    /// A count of log lines.
    pub fn lines(&self, count: usize) -> String {
        let (one, many) = self.labels.lines;
        if count == 1 {
            one.replacen("{}", "1", 1)
        } else {
            many.replacen("{}", &count.to_string(), 1)
        }
    }

    /// A list: its first elements, well-known ids named, then `+N more`; `none` when empty.
    pub fn list<S: AsRef<str>>(&self, items: &[S], total: usize) -> String {
        if total == 0 {
            return self.labels.none.to_owned();
        }
        let shown: Vec<String> = items
            .iter()
            .take(self.items)
            .map(|item| self.item(item.as_ref()))
            .collect();
        let mut text = shown.join(self.labels.list);
        if total > shown.len() {
            text.push_str(&self.labels.more(total - shown.len()));
        }
        text
    }

    /// One value: a well-known id named, another id shortened when asked.
    fn item(&self, text: &str) -> String {
        let named = named(text);
        if self.short_ids && is_id(&named) {
            format!("{}…", named.get(..8).unwrap_or_default())
        } else {
            named.into_owned()
        }
    }

    /// A fact's value in the reader's language.
    pub fn value(&self, value: &ShownValue) -> String {
        match value {
            ShownValue::Bool(value) => self.boolean(*value).to_owned(),
            ShownValue::Integer(value) => value.to_string(),
            ShownValue::Text { text, .. } if text.is_empty() => self.labels.none.to_owned(),
            ShownValue::Text { text, .. } => self.item(text),
            ShownValue::Timestamp(at) => self.timestamp(*at),
            ShownValue::Duration(duration) => self.duration(*duration),
            ShownValue::List { items, total } => self.list(items, *total),
            ShownValue::Lines(count) => self.lines(*count),
        }
    }

    /// A fact's short label, or its name when it has none.
    pub fn fact<'f>(&'f self, fact: &'f str) -> &'f str {
        self.guide.label(fact, self.locale).unwrap_or(fact)
    }

    /// A test in words, its operand in the reader's language.
    pub fn check(&self, check: &Check) -> String {
        let operand = &check.operand;
        let words = (self.labels.check_words)(check.op);
        let operand = match check.op {
            CheckOp::Exists | CheckOp::Missing | CheckOp::CauseConfirmed => String::new(),
            CheckOp::Equals | CheckOp::NotEquals => self.scalar(operand),
            CheckOp::OneOf | CheckOp::AllIn => {
                let items = quoted_items(operand);
                self.list(&items, items.len())
            }
            CheckOp::Contains | CheckOp::LineContains => {
                let text = named(operand.trim().trim_matches('"'));
                format!(
                    "{}{}{}",
                    self.labels.quote.0,
                    shorten(&text),
                    self.labels.quote.1
                )
            }
            CheckOp::Matches | CheckOp::LineMatches | CheckOp::ElementMatches => {
                shorten(operand.trim())
            }
            CheckOp::Compare | CheckOp::Count => named(operand).into_owned(),
            CheckOp::CountMatching => match operand.rfind('/') {
                Some(end) => {
                    let (pattern, bound) = operand.split_at(end + 1);
                    format!("{}{bound}", shorten(pattern.trim()))
                }
                None => operand.clone(),
            },
            CheckOp::OlderThan | CheckOp::NewerThan => match parse_duration(operand) {
                Ok(duration) if duration.is_zero() => {
                    return if check.op == CheckOp::OlderThan {
                        self.labels.past.to_owned()
                    } else {
                        self.labels.future.to_owned()
                    };
                }
                Ok(duration) => self.duration(duration),
                Err(_) => operand.clone(),
            },
            CheckOp::Before | CheckOp::AtOrAfter => match parse_instant(operand) {
                Ok(at) => self.timestamp(at),
                Err(_) => operand.clone(),
            },
            CheckOp::EqualsFact | CheckOp::InFact | CheckOp::IntersectsFact => {
                self.fact(operand).to_owned()
            }
        };
        words.replacen("{}", &operand, 1)
    }

    /// For an `all_in` test: the elements of the value that are not among the expected ones,
    /// `unexpected: Directory.Read.All`.
    pub fn unexpected(&self, check: &Check, shown: Option<&ShownValue>) -> Option<String> {
        let (CheckOp::AllIn, Some(ShownValue::List { items, .. })) = (check.op, shown) else {
            return None;
        };
        let expected = quoted_items(&check.operand);
        let extra: Vec<&String> = items
            .iter()
            .filter(|item| {
                !expected
                    .iter()
                    .any(|known| known.eq_ignore_ascii_case(item))
            })
            .collect();
        if extra.is_empty() {
            return None;
        }
        let list = self.list(&extra, extra.len());
        Some(self.labels.unexpected.replacen("{}", &list, 1))
    }

    /// A scalar operand as written in a rule: `true`, `42`, `"text"`.
    fn scalar(&self, operand: &str) -> String {
        match operand.trim() {
            "true" => self.boolean(true).to_owned(),
            "false" => self.boolean(false).to_owned(),
            text => named(text.trim_matches('"')).into_owned(),
        }
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The items of an operand list written `"a", "b"` (unquoted items kept as they are).
fn quoted_items(operand: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut rest = operand.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap_or(quoted.len());
            items.push(quoted.get(..end).unwrap_or_default().to_owned());
            rest = quoted.get(end + 1..).unwrap_or_default();
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            items.push(rest.get(..end).unwrap_or_default().trim().to_owned());
            rest = rest.get(end..).unwrap_or_default();
        }
        rest = rest.trim_start_matches([',', ' ']);
    }
    items
}

/// At most [`SHORT_OPERAND`] characters, then `…`.
fn shorten(text: &str) -> String {
    match text.char_indices().nth(SHORT_OPERAND) {
        None => text.to_owned(),
        Some((end, _)) => format!("{}…", text.get(..end).unwrap_or_default()),
    }
}

/// An instant, to the minute, in UTC: `11 Jun 2024 07:45 UTC`, `11/06/2024 07:45 UTC`,
/// `2024年6月11日 07:45 UTC`.
pub(crate) fn timestamp_in(locale: Locale, at: Timestamp) -> String {
    let at = at.to_zoned(TimeZone::UTC);
    let (year, month, day) = (at.year(), at.month(), at.day());
    let (hour, minute) = (at.hour(), at.minute());
    match locale {
        Locale::En => {
            let name = usize::try_from(month - 1)
                .ok()
                .and_then(|index| MONTHS.get(index))
                .copied()
                .unwrap_or("?");
            format!("{day} {name} {year} {hour:02}:{minute:02} UTC")
        }
        Locale::PtPt => format!("{day:02}/{month:02}/{year} {hour:02}:{minute:02} UTC"),
        Locale::ZhCn => format!("{year}年{month}月{day}日 {hour:02}:{minute:02} UTC"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(locale: Locale, guide: &FactGuide) -> Words<'_> {
        Words {
            locale,
            labels: Labels::of(locale),
            guide,
            items: 4,
            short_ids: false,
        }
    }

    #[test]
    fn dates_and_durations_in_every_locale() {
        let guide = FactGuide::default();
        let at: Timestamp = "2025-09-11T07:45:12Z".parse().unwrap();
        assert_eq!(
            words(Locale::En, &guide).timestamp(at),
            "11 Sep 2025 07:45 UTC"
        );
        assert_eq!(
            words(Locale::PtPt, &guide).timestamp(at),
            "11/09/2025 07:45 UTC"
        );
        assert_eq!(
            words(Locale::ZhCn, &guide).timestamp(at),
            "2025年9月11日 07:45 UTC"
        );
        let day = SignedDuration::from_hours(26);
        assert_eq!(words(Locale::En, &guide).duration(day), "1 day 2 hours");
        assert_eq!(words(Locale::PtPt, &guide).duration(day), "1 dia 2 horas");
        assert_eq!(words(Locale::ZhCn, &guide).duration(day), "1 天 2 小时");
        assert_eq!(
            words(Locale::En, &guide).duration(SignedDuration::ZERO),
            "0 seconds"
        );
    }

    #[test]
    fn tests_are_worded_with_their_operand() {
        let guide = FactGuide::default();
        let en = words(Locale::En, &guide);
        let old = Check::new(CheckOp::OlderThan, "0s");
        assert_eq!(en.check(&old), "in the past");
        assert_eq!(
            en.check(&Check::new(CheckOp::OlderThan, "24h")),
            "more than 1 day ago"
        );
        let all_in = Check::new(
            CheckOp::AllIn,
            "\"7b3c62c0-bbe4-4ceb-971b-ecc50a191b3e\", \"9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30\"",
        );
        assert_eq!(
            en.check(&all_in),
            "only items among update_device_attributes, Application.Read.All"
        );
        let pt = words(Locale::PtPt, &guide);
        assert_eq!(pt.check(&Check::new(CheckOp::Equals, "true")), "= sim");
        assert_eq!(pt.lines(44), "44 linhas");
        assert_eq!(pt.list::<&str>(&[], 0), "nenhum");
        let zh = words(Locale::ZhCn, &guide);
        assert_eq!(zh.lines(1), "1 行");
        let long = format!("/{}/", "x".repeat(100));
        assert!(
            zh.check(&Check::new(CheckOp::LineMatches, long))
                .ends_with("…")
        );
    }
}
