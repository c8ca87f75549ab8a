//! Reading the saved Jamf Pro API responses: decode the bytes, parse the expected shape with
//! typed structs, and say precisely what could not be read (serde_json's line and column for the
//! file, a JSON pointer for a part of it).

use jamf_triage_evidence::{
    ArtifactSpec, CollectInput, CollectionProblem, Evidence, decode_text, read_artifact,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::SOURCE;

/// At most this many left-out parts are named in one problem; the rest are counted.
const NAMED_PARTS: usize = 5;

/// What a response looks like at its top level, for reading it and for saying what was wrong.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Shape {
    /// Whether the top level is an object or a bare array.
    pub(crate) top: Top,
    /// The response in words, after "not" in messages (`a Jamf Pro version response`).
    pub(crate) what: &'static str,
}

/// The JSON type of a response's top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Top {
    /// `{...}`.
    Object,
    /// `[...]`.
    Array,
}

/// Reads the artifact of `spec` as `T`. A missing artifact gives `None` quietly; one that cannot
/// be read, is larger than its limit, is empty, is not JSON or does not have the expected shape
/// gives `None` and a problem that says so.
pub(crate) fn read<T: DeserializeOwned>(
    input: &CollectInput<'_>,
    spec: &ArtifactSpec,
    shape: Shape,
    out: &mut Evidence,
) -> Option<T> {
    read_at(input, spec, spec.path, shape, out)
}

/// Reads the artifact at `path`, one of `spec`'s family, as [`read`] does.
pub(crate) fn read_at<T: DeserializeOwned>(
    input: &CollectInput<'_>,
    spec: &ArtifactSpec,
    path: &str,
    shape: Shape,
    out: &mut Evidence,
) -> Option<T> {
    let text = read_text(input, spec, path, out)?;
    match parse(&text, shape) {
        Ok(value) => Some(value),
        Err(message) => {
            out.add_problem(CollectionProblem::new(SOURCE, path, message));
            None
        }
    }
}

/// The text of the artifact at `path`, one of `spec`'s family: `None` when it is absent, and
/// when it cannot be read (a problem then says why).
pub(crate) fn read_text(
    input: &CollectInput<'_>,
    spec: &ArtifactSpec,
    path: &str,
    out: &mut Evidence,
) -> Option<String> {
    let bytes = read_artifact(SOURCE, input, spec, path, out)?;
    Some(decode_text(&bytes).text)
}

/// Parses `text` as `T`; the error says what was wrong, with serde_json's line and column.
///
/// The top level is checked first because serde also reads a struct from an array of its
/// fields, which no Jamf Pro response is.
pub(crate) fn parse<'a, T: Deserialize<'a>>(text: &'a str, shape: Shape) -> Result<T, String> {
    let what = shape.what;
    let Some((offset, first)) = text
        .char_indices()
        .find(|(_, c)| !matches!(c, ' ' | '\t' | '\n' | '\r'))
    else {
        return Err(format!("the file is empty; expected {what}"));
    };
    let wrong = match (shape.top, first) {
        (Top::Object, '[') => Some("an array where an object belongs"),
        (Top::Array, '{') => Some("an object where an array belongs"),
        _ => None,
    };
    if let Some(wrong) = wrong {
        let before = text.get(..offset).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before
            .rsplit('\n')
            .next()
            .map_or(0, |last| last.chars().count())
            + 1;
        return Err(format!(
            "not {what}: {wrong} at line {line} column {column}"
        ));
    }
    serde_json::from_str(text).map_err(|error| match error.classify() {
        serde_json::error::Category::Data => format!("not {what}: {error}"),
        _ => format!("not valid JSON: {error}"),
    })
}

/// The parts of a response that did not fit their type and were left out, each with its JSON
/// pointer and the reason.
#[derive(Debug, Default)]
pub(crate) struct LeftOut {
    parts: Vec<(String, String)>,
}

impl LeftOut {
    /// Reads the part at `pointer` as `T`: `None` when it is absent or `null`. When it does not
    /// fit and is an object, the fields that do not fit are noted and left out and the rest is
    /// read; otherwise the whole part is noted and `None`.
    pub(crate) fn take<T: DeserializeOwned>(
        &mut self,
        value: Option<&Value>,
        pointer: impl FnOnce() -> String,
    ) -> Option<T> {
        let value = value.filter(|value| !value.is_null())?;
        let error = match T::deserialize(value) {
            Ok(part) => return Some(part),
            Err(error) => error,
        };
        let pointer = pointer();
        let Some(fields) = value.as_object() else {
            self.note(pointer, error.to_string());
            return None;
        };
        let mut kept = fields.clone();
        for (key, field) in fields {
            let alone = Value::Object(Map::from_iter([(key.clone(), field.clone())]));
            if let Err(error) = T::deserialize(&alone) {
                kept.remove(key);
                self.note(format!("{pointer}/{}", escape(key)), error.to_string());
            }
        }
        match T::deserialize(&Value::Object(kept)) {
            Ok(part) => Some(part),
            Err(error) => {
                self.note(pointer, error.to_string());
                None
            }
        }
    }

    /// Reads the part at `pointer` as `T` like [`LeftOut::take`], for a part that must be a JSON
    /// object (serde would also read a struct from an array of its fields).
    pub(crate) fn take_object<T: DeserializeOwned>(
        &mut self,
        value: Option<&Value>,
        pointer: impl Fn() -> String,
    ) -> Option<T> {
        let value = self.object(value, &pointer)?;
        self.take(Some(value), pointer)
    }

    /// The part at `pointer` when it is an object; `None` when it is absent or `null`, and also
    /// when it is anything else (then it is noted).
    pub(crate) fn object<'v>(
        &mut self,
        value: Option<&'v Value>,
        pointer: impl FnOnce() -> String,
    ) -> Option<&'v Value> {
        let value = value.filter(|value| !value.is_null())?;
        if value.is_object() {
            return Some(value);
        }
        let kind = match value {
            Value::Array(_) => "an array",
            Value::String(_) => "a string",
            Value::Number(_) => "a number",
            _ => "a boolean",
        };
        self.note(pointer(), format!("{kind} where an object belongs"));
        None
    }

    /// Notes that the part at `pointer` was left out, and why.
    pub(crate) fn note(&mut self, pointer: String, reason: impl Into<String>) {
        self.parts.push((pointer, reason.into()));
    }

    /// Records one problem for `path` naming the parts left out, if any.
    pub(crate) fn report(self, path: &str, out: &mut Evidence) {
        if self.parts.is_empty() {
            return;
        }
        let count = self.parts.len();
        let mut named: Vec<String> = self
            .parts
            .into_iter()
            .take(NAMED_PARTS)
            .map(|(pointer, reason)| format!("{pointer}: {reason}"))
            .collect();
        if count > NAMED_PARTS {
            named.push(format!("and {} more", count - NAMED_PARTS));
        }
        let message = format!(
            "{count} part(s) could not be read and were left out, the rest was kept: {}",
            named.join("; ")
        );
        out.add_problem(CollectionProblem::new(SOURCE, path, message));
    }
}

/// A key as a JSON pointer segment (RFC 6901: `~` is `~0`, `/` is `~1`).
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARRAY: Shape = Shape {
        top: Top::Array,
        what: "an array",
    };
    const OBJECT: Shape = Shape {
        top: Top::Object,
        what: "an object",
    };

    #[test]
    fn says_where_json_is_malformed() {
        let error = parse::<Vec<Value>>("[\n  {\"id\": \"1\",\n", ARRAY).unwrap_err();
        assert_eq!(
            error,
            "not valid JSON: EOF while parsing a value at line 3 column 0"
        );
    }

    #[test]
    fn says_when_the_top_level_is_wrong() {
        let error = parse::<Vec<Value>>("{\"id\": \"1\"}", ARRAY).unwrap_err();
        assert_eq!(
            error,
            "not an array: an object where an array belongs at line 1 column 1"
        );
        let error = parse::<Value>("\n  [\"10.9.0\"]", OBJECT).unwrap_err();
        assert_eq!(
            error,
            "not an object: an array where an object belongs at line 2 column 3"
        );
    }

    #[test]
    fn says_when_a_type_is_wrong() {
        let error = parse::<Vec<String>>("[\"a\", 5]", ARRAY).unwrap_err();
        assert_eq!(
            error,
            "not an array: invalid type: integer `5`, expected a string at line 1 column 7"
        );
    }

    #[test]
    fn says_when_the_file_is_empty() {
        assert_eq!(
            parse::<Vec<Value>>(" \n", ARRAY).unwrap_err(),
            "the file is empty; expected an array"
        );
    }

    #[test]
    fn notes_parts_that_do_not_fit_and_skips_null() {
        let mut left_out = LeftOut::default();
        let value = serde_json::json!({"a": "text", "b": 5, "c": null});
        assert_eq!(
            left_out.take::<String>(value.get("a"), || "/a".into()),
            Some("text".into())
        );
        assert_eq!(
            left_out.take::<String>(value.get("b"), || "/b".into()),
            None
        );
        assert_eq!(
            left_out.take::<String>(value.get("c"), || "/c".into()),
            None
        );
        assert_eq!(
            left_out.take::<String>(value.get("d"), || "/d".into()),
            None
        );
        let mut evidence = Evidence::default();
        left_out.report("jamf-pro/x.json", &mut evidence);
        let messages: Vec<_> = evidence
            .problems()
            .iter()
            .map(|p| p.message.as_str())
            .collect();
        assert_eq!(
            messages,
            [
                "1 part(s) could not be read and were left out, the rest was kept: /b: invalid type: integer `5`, expected a string"
            ]
        );
    }

    #[test]
    fn leaves_out_only_the_fields_that_do_not_fit() {
        #[derive(Debug, serde::Deserialize)]
        struct Account {
            uid: Option<String>,
            admin: Option<bool>,
        }
        let mut left_out = LeftOut::default();
        let value = serde_json::json!({"uid": "501", "admin": "yes", "a/b~": 1});
        let account: Option<Account> = left_out.take(Some(&value), || "/0".into());
        let account = account.expect("the rest is kept");
        assert_eq!((account.uid.as_deref(), account.admin), (Some("501"), None));
        let mut evidence = Evidence::default();
        left_out.report("jamf-pro/x.json", &mut evidence);
        assert_eq!(
            evidence.problems()[0].message,
            "1 part(s) could not be read and were left out, the rest was kept: /0/admin: invalid type: string \"yes\", expected a boolean"
        );
        assert_eq!(escape("a/b~"), "a~1b~0");
    }

    #[test]
    fn an_object_part_must_be_an_object() {
        #[derive(Debug, serde::Deserialize)]
        struct Version {
            version: Option<String>,
        }
        let mut left_out = LeftOut::default();
        let value = serde_json::json!({"a": ["10.9.0"], "b": {"version": "10.9.0"}, "c": null});
        let a: Option<Version> = left_out.take_object(value.get("a"), || "/a".into());
        let b: Option<Version> = left_out.take_object(value.get("b"), || "/b".into());
        let c: Option<Version> = left_out.take_object(value.get("c"), || "/c".into());
        assert!(a.is_none() && c.is_none());
        assert_eq!(b.and_then(|b| b.version).as_deref(), Some("10.9.0"));
        assert_eq!(
            left_out.parts,
            [(
                "/a".to_owned(),
                "an array where an object belongs".to_owned()
            )]
        );
    }

    #[test]
    fn names_at_most_five_parts() {
        let mut left_out = LeftOut::default();
        for index in 0..7 {
            left_out.note(format!("/{index}"), "bad");
        }
        let mut evidence = Evidence::default();
        left_out.report("jamf-pro/x.json", &mut evidence);
        assert!(
            evidence.problems()[0]
                .message
                .ends_with("/4: bad; and 2 more")
        );
    }
}
