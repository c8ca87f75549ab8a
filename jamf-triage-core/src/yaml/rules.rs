//! Reading one rule file into entries, reporting every structural mistake rather than the first.
//!
//! The text is parsed into a `serde_yaml::Value` (a syntax error is the one error of the file),
//! then each entry of `generations`, `symptoms`, `causes` and `resolutions` is deserialized on its own, with
//! `serde_path_to_error` giving the path of a mistake. An unknown field is removed and the entry
//! read again, so that several typos in one entry are all reported.

use serde::de::DeserializeOwned;
use serde_path_to_error::Segment;
use serde_yaml::Value;

use super::index::{LazyIndex, Position, child};
use crate::RuleErrorKind;
use crate::model::{CauseDef, GenerationDef, ResolutionDef, RuleFile, SymptomDef};
use crate::problem::{Anchor, Problem};

/// The sections of a rule file.
const SECTIONS: [&str; 4] = ["generations", "symptoms", "causes", "resolutions"];

/// How many unknown fields of one entry are reported before giving up on it.
const MAX_RETRIES: usize = 16;

/// The entries of one rule file, each with its YAML path (`causes[2]`).
#[derive(Debug, Default)]
pub(crate) struct ParsedFile {
    pub generations: Vec<(String, GenerationDef)>,
    pub symptoms: Vec<(String, SymptomDef)>,
    pub causes: Vec<(String, CauseDef)>,
    pub resolutions: Vec<(String, ResolutionDef)>,
    /// The ids of entries that could not be read, so that references to them are not reported
    /// as dangling on top of the entry's own mistake.
    pub unreadable_ids: Vec<String>,
}

impl From<RuleFile> for ParsedFile {
    /// The entries of a file already read, each at the path reading its text gives it.
    fn from(file: RuleFile) -> Self {
        fn located<T>(section: &str, entries: Vec<T>) -> Vec<(String, T)> {
            entries
                .into_iter()
                .enumerate()
                .map(|(position, entry)| (entry_path(section, position), entry))
                .collect()
        }
        ParsedFile {
            generations: located("generations", file.generations),
            symptoms: located("symptoms", file.symptoms),
            causes: located("causes", file.causes),
            resolutions: located("resolutions", file.resolutions),
            unreadable_ids: Vec::new(),
        }
    }
}

/// The YAML path of entry number `position` of `section` (`causes[2]`).
fn entry_path(section: &str, position: usize) -> String {
    format!("{section}[{position}]")
}

/// Reads rule file number `file`; the entries that could be read, and every mistake.
pub(crate) fn parse_rule_file(
    file: usize,
    text: &str,
    index: &LazyIndex,
) -> (ParsedFile, Vec<Problem>) {
    let mut parsed = ParsedFile::default();
    let mut problems = Vec::new();
    // Aliases may share a condition, but the text may not grow past its limits through them.
    let parsed_root =
        jamf_triage_evidence::parse_checked(text, &jamf_triage_evidence::YAML_RULES, |text| {
            serde_yaml::from_str::<Value>(text)
        });
    let mut root = match parsed_root {
        Ok(Ok(value)) => value,
        Ok(Err(error)) => {
            problems.push(syntax_problem(file, &error, index.of(text)));
            return (parsed, problems);
        }
        Err(error) => {
            let position = match (error.line, error.column) {
                (Some(line), Some(column)) => Position {
                    line,
                    column,
                    width: 1,
                },
                _ => Position::START,
            };
            problems.push(
                Problem::new(file, "", RuleErrorKind::Syntax, error.message)
                    .at(Anchor::At(position)),
            );
            return (parsed, problems);
        }
    };
    if let Err(error) = root.apply_merge() {
        problems.push(Problem::new(
            file,
            "",
            RuleErrorKind::Syntax,
            error.to_string(),
        ));
        return (parsed, problems);
    }
    let mapping = match root {
        Value::Null => return (parsed, problems),
        Value::Mapping(mapping) => mapping,
        _ => {
            let problem = Problem::new(
                file,
                "",
                RuleErrorKind::WrongType,
                "a rule file is a mapping with `generations`, `symptoms`, `causes` and `resolutions`",
            );
            problems.push(problem);
            return (parsed, problems);
        }
    };
    for (key, value) in mapping {
        let name = key_name(&key);
        let entries = match (name.as_str(), value) {
            (_, Value::Null) if SECTIONS.contains(&name.as_str()) => continue,
            (section, Value::Sequence(entries)) if SECTIONS.contains(&section) => entries,
            (section, _) if SECTIONS.contains(&section) => {
                let message = format!("`{section}` must be a list of entries");
                problems.push(Problem::new(
                    file,
                    section,
                    RuleErrorKind::WrongType,
                    message,
                ));
                continue;
            }
            (other, _) => {
                let problem = Problem::new(
                    file,
                    other,
                    RuleErrorKind::UnknownField,
                    unknown_field(other),
                )
                .at_key()
                .suggest(jamf_triage_evidence::suggest::closest(other, SECTIONS))
                .help("a rule file has `generations`, `symptoms`, `causes` and `resolutions`");
                problems.push(problem);
                continue;
            }
        };
        for (position, entry) in entries.into_iter().enumerate() {
            let path = entry_path(&name, position);
            let unreadable = match name.as_str() {
                "generations" => {
                    read_entry(file, path, entry, &mut parsed.generations, &mut problems)
                }
                "symptoms" => read_entry(file, path, entry, &mut parsed.symptoms, &mut problems),
                "causes" => read_entry(file, path, entry, &mut parsed.causes, &mut problems),
                _ => read_entry(file, path, entry, &mut parsed.resolutions, &mut problems),
            };
            if let Some(id) = unreadable {
                parsed.unreadable_ids.push(id);
            }
        }
    }
    (parsed, problems)
}

/// A YAML syntax error, placed where serde_yaml says (or at a repeated key).
fn syntax_problem(
    file: usize,
    error: &serde_yaml::Error,
    index: &super::index::PositionIndex,
) -> Problem {
    let located = jamf_triage_evidence::yaml::located(error);
    let mut message = located.message;
    let mut position = match (located.line, located.column) {
        (Some(line), Some(column)) => Position {
            line,
            column,
            width: 1,
        },
        _ => Position::START,
    };
    if message.contains("duplicate entry with key") {
        if let Some((key, at)) = index.first_duplicate_key() {
            message = format!("the key `{key}` appears twice in one mapping");
            position = *at;
        }
    }
    Problem::new(file, "", RuleErrorKind::Syntax, message).at(Anchor::At(position))
}

/// Deserializes one entry, reporting its mistakes (every unknown field, then the first other).
/// The id of an entry with mistakes is returned (it is not checked further).
fn read_entry<T: DeserializeOwned>(
    file: usize,
    path: String,
    mut entry: Value,
    into: &mut Vec<(String, T)>,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let id = entry.get("id").and_then(Value::as_str).map(str::to_owned);
    // `path.field` of the fields that unknown fields were probably meant to be.
    let mut misspelt: Vec<String> = Vec::new();
    let before = problems.len();
    for _ in 0..MAX_RETRIES {
        let error = match serde_path_to_error::deserialize::<_, T>(&entry) {
            Ok(value) if misspelt_count(problems, before) == 0 => {
                into.push((path, value));
                return None;
            }
            // Read once its unknown fields were removed: still not a valid entry.
            Ok(_) => return id,
            Err(error) => error,
        };
        let segments: Vec<Segment> = error.path().iter().cloned().collect();
        let full = segments
            .iter()
            .fold(path.clone(), |path, segment| match segment {
                Segment::Seq { index } => format!("{path}[{index}]"),
                Segment::Map { key } => child(&path, key),
                Segment::Enum { variant } => child(&path, variant),
                Segment::Unknown => child(&path, "?"),
            });
        let problem = classify(file, full, &error.inner().to_string());
        if problem.kind == RuleErrorKind::MissingField && is_misspelt(&problem, &misspelt) {
            // The field is there, misspelt, and already reported.
            return id;
        }
        if let (RuleErrorKind::UnknownField, Some(intended)) = (problem.kind, &problem.suggestion) {
            let parent = problem
                .path
                .rsplit_once('.')
                .map_or("", |(parent, _)| parent);
            misspelt.push(format!("{parent}.{intended}"));
        }
        let retry = problem.kind == RuleErrorKind::UnknownField && remove(&mut entry, &segments);
        problems.push(problem);
        if !retry {
            return id;
        }
    }
    id
}

/// How many problems were added since there were `before`.
fn misspelt_count(problems: &[Problem], before: usize) -> usize {
    problems.len().saturating_sub(before)
}

/// Whether a missing-field problem names a field already reported as misspelt.
fn is_misspelt(problem: &Problem, misspelt: &[String]) -> bool {
    let name = backticked(&problem.message)
        .first()
        .copied()
        .unwrap_or_default();
    misspelt.contains(&format!("{}.{name}", problem.path))
}

/// Removes the node at `segments` from `value`; whether it was there.
fn remove(value: &mut Value, segments: &[Segment]) -> bool {
    let Some((last, parents)) = segments.split_last() else {
        return false;
    };
    let mut node = value;
    for segment in parents {
        let next = match (segment, node) {
            (Segment::Seq { index }, Value::Sequence(items)) => items.get_mut(*index),
            (Segment::Map { key }, Value::Mapping(map)) => map.get_mut(key.as_str()),
            _ => None,
        };
        match next {
            Some(next) => node = next,
            None => return false,
        }
    }
    match (last, node) {
        (Segment::Map { key }, Value::Mapping(map)) => map.remove(key.as_str()).is_some(),
        _ => false,
    }
}

/// A mapping key as text.
fn key_name(key: &Value) -> String {
    match key {
        Value::String(text) => text.clone(),
        other => {
            serde_yaml::to_string(other).map_or_else(|_| "?".to_owned(), |t| t.trim().to_owned())
        }
    }
}

fn unknown_field(name: &str) -> String {
    format!("unknown field `{name}`")
}

/// The words between backticks in a serde message (`expected one of `a`, `b``).
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// Turns a serde message into a problem of the right kind.
fn classify(file: usize, path: String, message: &str) -> Problem {
    let message = message.trim();
    let words = backticked(message);
    if message.starts_with("unknown field") {
        let name = words.first().copied().unwrap_or("?");
        let expected = words.get(1..).unwrap_or_default();
        let suggestion = jamf_triage_evidence::suggest::closest(name, expected.iter().copied());
        let mut problem =
            Problem::new(file, path, RuleErrorKind::UnknownField, unknown_field(name))
                .at_key()
                .suggest(suggestion);
        if suggestion.is_none() && !expected.is_empty() {
            problem = problem.help(format!("expected one of {}", quoted_list(expected)));
        }
        problem
    } else if message.starts_with("missing field") {
        let name = words.first().copied().unwrap_or("?");
        Problem::new(
            file,
            path,
            RuleErrorKind::MissingField,
            format!("missing field `{name}`"),
        )
    } else if message.starts_with("unknown variant") {
        let name = words.first().copied().unwrap_or("?");
        let expected = words.get(1..).unwrap_or_default();
        let (kind, message) = if names_generation(&path) {
            let message = format!("unknown generation `{name}`");
            (RuleErrorKind::UnknownGeneration, message)
        } else {
            (
                RuleErrorKind::InvalidValue,
                format!("unknown value `{name}`"),
            )
        };
        Problem::new(file, path, kind, message)
            .suggest(jamf_triage_evidence::suggest::closest(
                name,
                expected.iter().copied(),
            ))
            .help(format!("expected one of {}", quoted_list(expected)))
    } else if message.contains("untagged enum Scalar") {
        Problem::new(
            file,
            path,
            RuleErrorKind::WrongType,
            "expected a boolean, an integer or a string",
        )
    } else if message.starts_with("invalid type") {
        Problem::new(file, path, RuleErrorKind::WrongType, message)
    } else {
        Problem::new(file, path, RuleErrorKind::InvalidValue, message)
    }
}

/// Whether the value at `path` is a generation id: a generation's `id`, or an element of an
/// `applies_to` list.
fn names_generation(path: &str) -> bool {
    let generation_id = path.starts_with("generations[") && path.ends_with("].id");
    let applies_to = path
        .rsplit_once('.')
        .is_some_and(|(_, last)| last.starts_with("applies_to["));
    generation_id || applies_to
}

fn quoted_list(words: &[&str]) -> String {
    words
        .iter()
        .map(|word| format!("`{word}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (ParsedFile, Vec<Problem>) {
        parse_rule_file(0, text, &LazyIndex::default())
    }

    #[test]
    fn reads_entries_and_reports_each_bad_one() {
        let text = "resolutions:\n  - id: a\n    scope: device\n    title: {en: A}\n    steps: []\n  - id: b\n    scope: planet\n    title: {en: B}\n    steps: []\n  - id: c\n    title: {en: C}\n    stpes: []\n    scpoe: device\n";
        let (parsed, problems) = parse(text);
        assert_eq!(parsed.resolutions.len(), 1);
        assert_eq!(parsed.unreadable_ids, ["b", "c"]);
        let found: Vec<_> = problems.iter().map(|p| (p.kind, p.path.as_str())).collect();
        assert_eq!(
            found,
            [
                (RuleErrorKind::InvalidValue, "resolutions[1].scope"),
                (RuleErrorKind::UnknownField, "resolutions[2].stpes"),
                (RuleErrorKind::UnknownField, "resolutions[2].scpoe"),
            ]
        );
        assert_eq!(problems[1].suggestion.as_deref(), Some("steps"));
    }

    #[test]
    fn empty_files_and_unknown_sections() {
        assert!(parse("").1.is_empty());
        assert!(parse("# nothing\n").1.is_empty());
        assert!(parse("causes:\n").1.is_empty());
        let (_, problems) = parse("cuases: []\n");
        assert_eq!(problems[0].suggestion.as_deref(), Some("causes"));
        assert_eq!(parse("- a\n").1[0].kind, RuleErrorKind::WrongType);
        assert_eq!(parse("causes: {}\n").1[0].kind, RuleErrorKind::WrongType);
        assert_eq!(parse("a: [\n").1[0].kind, RuleErrorKind::Syntax);
    }
}
