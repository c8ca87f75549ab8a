//! Errors in rule files: every mistake, located at file:line:column with the YAML path of the
//! field, rendered the way rustc and the regex crate show them (the line, a caret under the
//! offending token, a hint).
//!
//! The error *data* ([`RuleError`]'s fields) is kept apart from its *presentation* (its
//! `Display`), so that a CLI can print the text and an editor integration can use the position.

/// What kind of mistake a [`RuleError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The text is not valid YAML.
    Syntax,
    /// A field that the format does not have (often a typo).
    UnknownField,
    /// A value of the wrong YAML type (a list where text is expected, ...).
    WrongType,
    /// A required field is absent.
    MissingField,
    /// A value that the field does not accept (an unknown scope, a malformed id, ...).
    InvalidValue,
    /// Two entries of the same kind share an id.
    DuplicateId,
    /// An id that names no entry (a symptom's cause, a cause's resolution, a `cause:` test).
    DanglingReference,
    /// Causes whose conditions refer to each other in a loop.
    CauseCycle,
    /// A fact that no catalog declares.
    UnknownFact,
    /// An operator that does not fit the type of the fact it tests.
    OperatorType,
    /// A literal that does not fit the type of the fact it is compared with.
    ValueType,
    /// A condition node with no form, or with several of `all`, `any`, `not`, `cause`, `fact`.
    ConditionForm,
    /// A `fact:` test without exactly one operator, or an operator without `fact:`.
    OperatorCount,
    /// A regular expression that does not compile.
    InvalidRegex,
    /// A duration that cannot be read (`24h`, `15m`, `7d`).
    BadDuration,
    /// A date or time that cannot be read (`2025-01-31`, RFC 3339).
    BadTime,
    /// A text without its required `en` version.
    MissingEnglish,
    /// A text in a locale that is not supported.
    UnknownLocale,
    /// A `count` or `count_matching` without exactly one comparison.
    CountComparison,
    /// A `count_matching` without `pattern`, or a `count` with one.
    CountPattern,
    /// A generation id that is not `device-compliance` or `legacy`, or an `applies_to` naming
    /// a generation the pack does not define.
    UnknownGeneration,
}

impl RuleErrorKind {
    /// A stable kebab-case code for the kind (`unknown-fact`), for machine-readable output.
    pub fn code(self) -> &'static str {
        match self {
            RuleErrorKind::Syntax => "syntax",
            RuleErrorKind::UnknownField => "unknown-field",
            RuleErrorKind::WrongType => "wrong-type",
            RuleErrorKind::MissingField => "missing-field",
            RuleErrorKind::InvalidValue => "invalid-value",
            RuleErrorKind::DuplicateId => "duplicate-id",
            RuleErrorKind::DanglingReference => "dangling-reference",
            RuleErrorKind::CauseCycle => "cause-cycle",
            RuleErrorKind::UnknownFact => "unknown-fact",
            RuleErrorKind::OperatorType => "operator-type",
            RuleErrorKind::ValueType => "value-type",
            RuleErrorKind::ConditionForm => "condition-form",
            RuleErrorKind::OperatorCount => "operator-count",
            RuleErrorKind::InvalidRegex => "invalid-regex",
            RuleErrorKind::BadDuration => "bad-duration",
            RuleErrorKind::BadTime => "bad-time",
            RuleErrorKind::MissingEnglish => "missing-english",
            RuleErrorKind::UnknownLocale => "unknown-locale",
            RuleErrorKind::CountComparison => "count-comparison",
            RuleErrorKind::CountPattern => "count-pattern",
            RuleErrorKind::UnknownGeneration => "unknown-generation",
        }
    }
}

impl std::fmt::Display for RuleErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// One mistake in a rule file, with where it is.
///
/// Its `Display` shows the position, the message, the source line with a caret under the
/// offending token, and a hint:
///
/// ```text
/// rules/causes.yaml:14:11: unknown fact `jamf.computer.last_contcat` (at causes[0].when.fact)
///    |
/// 14 |     fact: jamf.computer.last_contcat
///    |           ^^^^^^^^^^^^^^^^^^^^^^^^^^
///    = help: did you mean `jamf.computer.last_contact`?
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    /// The file, as named in [`crate::RuleSource::name`].
    pub file: String,
    /// The 1-based line (0 when the file has no position for it).
    pub line: u32,
    /// The 1-based column, in characters.
    pub column: u32,
    /// The YAML path of the field (`causes[2].when.any[0].fact`); empty for the whole file.
    pub path: String,
    /// What kind of mistake it is.
    pub kind: RuleErrorKind,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The likely intended word, for "did you mean" hints.
    pub suggestion: Option<String>,
    /// Any other hint (the expected values, where a duplicate was first defined).
    pub help: Option<String>,
    /// The text of the source line, for the caret display.
    pub source_line: String,
    /// How many characters the caret underlines (at least 1).
    pub width: u32,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )?;
        if !self.path.is_empty() {
            write!(f, " (at {})", self.path)?;
        }
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len());
        if self.line > 0 {
            write!(
                f,
                "\n{gutter} |\n{number} | {}",
                self.source_line.trim_end()
            )?;
            let lead = caret_lead(&self.source_line, self.column);
            let carets = "^".repeat(self.width.max(1) as usize);
            write!(f, "\n{gutter} | {lead}{carets}")?;
        }
        if let Some(suggestion) = &self.suggestion {
            write!(f, "\n{gutter} = help: did you mean `{suggestion}`?")?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{gutter} = help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for RuleError {}

/// The blank space before a caret at 1-based `column` of `line`: tabs are kept, and wide (East
/// Asian) characters take two cells, so that the caret lands under the character.
fn caret_lead(line: &str, column: u32) -> String {
    let before = column.saturating_sub(1) as usize;
    let mut lead = String::new();
    for c in line.chars().take(before) {
        match c {
            '\t' => lead.push('\t'),
            c if is_wide(c) => lead.push_str("  "),
            _ => lead.push(' '),
        }
    }
    let missing = before.saturating_sub(line.chars().count());
    lead.push_str(&" ".repeat(missing));
    lead
}

/// Whether a character takes two cells in a terminal (CJK, full-width forms).
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// Every mistake found in a set of rule files (never empty).
///
/// Its `Display` renders each error, separated by a blank line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", render_all(.0))]
pub struct RuleErrors(Vec<RuleError>);

fn render_all(errors: &[RuleError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

impl RuleErrors {
    /// Wraps errors, sorted by file, line and column, so that output is deterministic.
    fn new(mut errors: Vec<RuleError>) -> Self {
        errors.sort_by(|a, b| {
            (&a.file, a.line, a.column, &a.path, &a.message)
                .cmp(&(&b.file, b.line, b.column, &b.path, &b.message))
        });
        errors.dedup();
        Self(errors)
    }

    /// The errors, by file, line and column.
    pub fn iter(&self) -> std::slice::Iter<'_, RuleError> {
        self.0.iter()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none (never true for an error returned by the engine).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors, owned.
    pub fn into_vec(self) -> Vec<RuleError> {
        self.0
    }
}

impl FromIterator<RuleError> for RuleErrors {
    /// Collects errors (from several checks, say), sorted by file, line and column.
    fn from_iter<I: IntoIterator<Item = RuleError>>(errors: I) -> Self {
        RuleErrors::new(errors.into_iter().collect())
    }
}

impl<'a> IntoIterator for &'a RuleErrors {
    type Item = &'a RuleError;
    type IntoIter = std::slice::Iter<'a, RuleError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error() -> RuleError {
        RuleError {
            file: "rules/causes.yaml".to_owned(),
            line: 14,
            column: 11,
            path: "causes[0].when.fact".to_owned(),
            kind: RuleErrorKind::UnknownFact,
            message: "unknown fact `jamf.computer.last_contcat`".to_owned(),
            suggestion: Some("jamf.computer.last_contact".to_owned()),
            help: None,
            source_line: "    fact: jamf.computer.last_contcat".to_owned(),
            width: 26,
        }
    }

    #[test]
    fn renders_like_rustc() {
        let expected = "rules/causes.yaml:14:11: unknown fact `jamf.computer.last_contcat` (at causes[0].when.fact)
   |
14 |     fact: jamf.computer.last_contcat
   |           ^^^^^^^^^^^^^^^^^^^^^^^^^^
   = help: did you mean `jamf.computer.last_contact`?";
        assert_eq!(error().to_string(), expected);
    }

    #[test]
    fn wide_characters_take_two_cells() {
        assert_eq!(caret_lead("标题: x", 5), "      ");
        assert_eq!(caret_lead("\tx", 2), "\t");
    }

    #[test]
    fn lists_are_sorted_and_joined_by_a_blank_line() {
        let mut second = error();
        second.line = 2;
        let errors: RuleErrors = vec![error(), second].into_iter().collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [2, 14]);
        assert!(errors.to_string().contains("?\n\nrules/causes.yaml:14:11"));
    }
}
