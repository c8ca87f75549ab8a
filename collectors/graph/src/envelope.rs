//! The one reader of saved Graph responses: a list response (`{"@odata.context": ..., "value":
//! [...]}`) becomes typed records, each decoded on its own so that one bad record is reported and
//! the others are kept.
//!
//! Every resource of this crate is read through [`parse_list`]; [`parse_entity`] decodes one
//! record (or a single-entity response, which Graph returns with the entity at the top level).
//! Before a record is decoded, property names written in PascalCase (`"Manufacturer"`, as some
//! of Microsoft's own examples do) are folded to camelCase, the case Graph v1.0 defines.

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_json::value::RawValue;

/// A record of a list response, with where it is in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Record<T> {
    /// Its position in the `value` array (0-based).
    pub index: usize,
    /// The 1-based line of the file where it starts.
    pub line: u32,
    /// The decoded record.
    pub item: T,
}

impl<T> Record<T> {
    /// The JSON pointer of one of its properties (`/value/3/azureADDeviceId`), or of the record
    /// itself when `property` is empty.
    pub fn pointer(&self, property: &str) -> String {
        if property.is_empty() {
            format!("/value/{}", self.index)
        } else {
            format!("/value/{}/{property}", self.index)
        }
    }
}

/// A list response, decoded: the records that could be read, and what was wrong with the others.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    /// The records that were decoded, in file order.
    pub records: Vec<Record<T>>,
    /// One error per record that was left out.
    pub errors: Vec<ParseError>,
}

/// What was wrong with a response or one of its records, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// What was wrong, with the line and column when known.
    pub message: String,
    /// The 1-based line of the file where it was found, when known.
    pub line: Option<u32>,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ParseError {}

const NOT_A_LIST: &str = "not a Graph list response ({\"value\": [...]})";

/// Reads a list response into records of `T`.
///
/// ```
/// use jamf_triage_collector_graph::envelope::parse_list;
/// use jamf_triage_collector_graph::resource::Device;
///
/// let text = r#"{"value": [{"deviceId": "55FE01D6-A4C3-41ED-8511-5AD0D7B64315"}, {"isCompliant": "yes"}]}"#;
/// let list = parse_list::<Device>(text)?;
/// assert_eq!(list.records.len(), 1);
/// assert!(list.errors[0].message.contains("/value/1"));
/// # Ok::<(), jamf_triage_collector_graph::envelope::ParseError>(())
/// ```
///
/// # Errors
/// [`ParseError`] when the text is empty, not JSON, or not a list response; records that cannot
/// be decoded are not an error of the whole: they are left out and listed in [`List::errors`].
pub fn parse_list<T: DeserializeOwned>(text: &str) -> Result<List<T>, ParseError> {
    #[derive(Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow)]
        value: Vec<&'a RawValue>,
    }

    if text.trim().is_empty() {
        return Err(ParseError {
            message: "the file is empty".to_owned(),
            line: None,
        });
    }
    let envelope: Envelope<'_> = serde_json::from_str(text).map_err(|error| {
        let what = if error.is_data() {
            NOT_A_LIST
        } else {
            "not valid JSON"
        };
        ParseError {
            message: format!("{what}: {error}"),
            line: line_of(&error),
        }
    })?;

    let mut lines = LineCounter::new(text);
    // serde reads a struct from an array too (by position): the top level must be an object.
    let content = text.trim_start();
    if !content.starts_with('{') {
        let start = text.len() - content.len();
        let (line, column) = lines.position(start);
        return Err(ParseError {
            message: format!(
                "{NOT_A_LIST}: the top level is not an object at line {line} column {column}"
            ),
            line: Some(line),
        });
    }
    let mut list = List {
        records: Vec::new(),
        errors: Vec::new(),
    };
    for (index, raw) in envelope.value.into_iter().enumerate() {
        let offset = (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
        let line = lines.line(offset);
        if let Some(item) = decode_direct::<T>(raw.get()) {
            list.records.push(Record { index, line, item });
            continue;
        }
        match parse_entity::<T>(raw.get()) {
            Ok(item) => list.records.push(Record { index, line, item }),
            Err(error) => {
                let (line, column) = lines.position(offset);
                let (at_line, at_column) = match error.line_column {
                    Some((1, inner_column)) => {
                        (line, column.saturating_add(inner_column).saturating_sub(1))
                    }
                    Some((inner_line, inner_column)) => (
                        line.saturating_add(inner_line).saturating_sub(1),
                        inner_column,
                    ),
                    None => (line, column),
                };
                list.errors.push(ParseError {
                    message: format!(
                        "record /value/{index} left out: {} (line {at_line}, column {at_column})",
                        error.message
                    ),
                    line: Some(at_line),
                });
            }
        }
    }
    Ok(list)
}

/// Decodes a record straight from its text into `T`, when it is an object whose property names
/// are all camelCase (as Graph writes them). `None` sends it to [`parse_entity`], which folds
/// PascalCase names and says what does not fit.
fn decode_direct<T: DeserializeOwned>(text: &str) -> Option<T> {
    if !text.starts_with('{') || may_have_pascal_key(text) {
        return None;
    }
    serde_json::from_str(text).ok()
}

/// Whether a property name may start with an upper-case letter: a `"` directly after `{` or `,`
/// (with spaces between) followed by `A`-`Z`. A string of an array can match too, which only
/// sends its record the slower way.
fn may_have_pascal_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut after_separator = false;
    for (at, byte) in bytes.iter().enumerate() {
        match byte {
            b'{' | b',' => after_separator = true,
            b' ' | b'\t' | b'\n' | b'\r' => {}
            b'"' if after_separator => {
                if bytes.get(at + 1).is_some_and(u8::is_ascii_uppercase) {
                    return true;
                }
                after_separator = false;
            }
            _ => after_separator = false,
        }
    }
    false
}

/// Why one entity could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityError {
    /// What was wrong, without the position.
    pub message: String,
    /// The 1-based line and column in the entity's text, when serde_json gave them.
    pub line_column: Option<(u32, u32)>,
}

impl std::fmt::Display for EntityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some((line, column)) = self.line_column {
            write!(f, " at line {line} column {column}")?;
        }
        Ok(())
    }
}

impl std::error::Error for EntityError {}

/// Decodes one entity (a record of a list, or a single-entity response) into `T`, after folding
/// PascalCase property names to camelCase.
///
/// ```
/// use jamf_triage_collector_graph::envelope::parse_entity;
/// use jamf_triage_collector_graph::resource::Device;
///
/// let device: Device = parse_entity(r#"{"DeviceId": "6fa60d52-01e7-4b18-8055-4759461fc16b", "isCompliant": true}"#)?;
/// assert_eq!(device.device_id.as_deref(), Some("6fa60d52-01e7-4b18-8055-4759461fc16b"));
/// # Ok::<(), jamf_triage_collector_graph::envelope::EntityError>(())
/// ```
///
/// # Errors
/// [`EntityError`] when the text is not JSON or does not have the shape of `T`.
pub fn parse_entity<T: DeserializeOwned>(text: &str) -> Result<T, EntityError> {
    let mut value: Value = serde_json::from_str(text).map_err(|error| EntityError {
        message: format!("not valid JSON: {}", without_position(&error)),
        line_column: line_column(&error),
    })?;
    if !value.is_object() {
        // serde would read a struct from an array, by position.
        let found = if value.is_array() {
            "an array"
        } else {
            "a single value"
        };
        return Err(EntityError {
            message: format!("expected an object, found {found}"),
            line_column: Some((1, 1)),
        });
    }
    fold_key_case(&mut value);
    T::deserialize(&value).map_err(|error| EntityError {
        message: without_position(&error),
        // The decoded tree has no positions: the text, decoded directly, says where.
        line_column: serde_json::from_str::<T>(text)
            .err()
            .as_ref()
            .and_then(line_column),
    })
}

/// Renames `PascalCase` properties to `camelCase` throughout, unless the camelCase name is there
/// too (then the camelCase one wins).
fn fold_key_case(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, mut inner) in std::mem::take(map) {
                fold_key_case(&mut inner);
                let mut chars = key.chars();
                match chars.next() {
                    Some(first) if first.is_ascii_uppercase() => {
                        let folded = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
                        map.entry(folded).or_insert(inner);
                    }
                    _ => {
                        map.insert(key, inner);
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(fold_key_case),
        _ => {}
    }
}

fn line_column(error: &serde_json::Error) -> Option<(u32, u32)> {
    let line = u32::try_from(error.line()).ok().filter(|line| *line > 0)?;
    let column = u32::try_from(error.column()).unwrap_or(u32::MAX).max(1);
    Some((line, column))
}

fn line_of(error: &serde_json::Error) -> Option<u32> {
    line_column(error).map(|(line, _)| line)
}

/// serde_json's message without its ` at line L column C` suffix.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix)
        .map_or_else(|| text.clone(), str::to_owned)
}

/// Turns increasing byte offsets into 1-based lines, counting each line break once, and into
/// columns (in characters) only when asked: a minified response is one long line, and counting
/// its characters for every record would take time in the square of its length.
struct LineCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    line_start: usize,
}

impl<'a> LineCounter<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
            line_start: 0,
        }
    }

    /// The 1-based line of `offset`; offsets must not decrease between calls.
    fn line(&mut self, offset: usize) -> u32 {
        let offset = offset.min(self.text.len());
        self.advance(offset);
        self.line
    }

    /// The 1-based line and column of `offset` (the column counts characters from the line's
    /// start, so it is for errors only).
    fn position(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        self.advance(offset);
        let column = self
            .text
            .get(self.line_start..offset)
            .map_or(0, |head| head.chars().count());
        (self.line, u32::try_from(column + 1).unwrap_or(u32::MAX))
    }

    fn advance(&mut self, offset: usize) {
        if offset >= self.offset {
            let skipped = self.text.get(self.offset..offset).unwrap_or_default();
            for (at, byte) in skipped.bytes().enumerate() {
                if byte == b'\n' {
                    self.line = self.line.saturating_add(1);
                    self.line_start = self.offset + at + 1;
                }
            }
            self.offset = offset;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Thing {
        name: Option<String>,
        is_on: Option<bool>,
    }

    #[test]
    fn minified_records_decode_directly_and_failures_keep_their_column() {
        // One line per response, as Graph returns it.
        let text = r#"{"@odata.context":"x","value":[{"name":"a"},{"Name":"b"},{"name":"c","isOn":"no"},{"name":"d","tags":["X"]}]}"#;
        let list = parse_list::<Thing>(text).expect("a list");
        let names: Vec<_> = list
            .records
            .iter()
            .map(|r| (r.index, r.line, r.item.name.clone()))
            .collect();
        assert_eq!(
            names,
            [
                (0, 1, Some("a".to_owned())),
                (1, 1, Some("b".to_owned())),
                (3, 1, Some("d".to_owned()))
            ]
        );
        assert_eq!(list.errors.len(), 1);
        assert!(
            list.errors[0].message.contains("(line 1, column "),
            "{}",
            list.errors[0].message
        );
        assert!(may_have_pascal_key(r#"{"Name":"b"}"#));
        assert!(may_have_pascal_key("{\n  \"a\": 1,\n  \"B\": 2}"));
        assert!(!may_have_pascal_key(
            r#"{"serialNumber":"C02XK1ABJGH5","os":"macOS"}"#
        ));
    }

    #[test]
    fn reads_records_and_keeps_the_good_ones() {
        let text = "{\n  \"@odata.context\": \"x\",\n  \"value\": [\n    {\"name\": \"a\"},\n    {\"name\": \"b\", \"isOn\": \"yes\"},\n    {\"Name\": \"c\", \"IsOn\": true}\n  ]\n}\n";
        let list = parse_list::<Thing>(text).expect("a list");
        let names: Vec<_> = list
            .records
            .iter()
            .map(|r| (r.index, r.line, r.item.name.clone()))
            .collect();
        assert_eq!(
            names,
            [(0, 4, Some("a".to_owned())), (2, 6, Some("c".to_owned()))]
        );
        assert_eq!(list.records[1].item.is_on, Some(true));
        assert_eq!(list.errors.len(), 1);
        let error = &list.errors[0];
        assert_eq!(error.line, Some(5));
        assert!(error.message.starts_with("record /value/1 left out: invalid type: string \"yes\", expected a boolean (line 5, column "), "{}", error.message);
    }

    #[test]
    fn says_what_is_wrong_with_the_whole() {
        let cases = [
            ("", "the file is empty"),
            ("  \n", "the file is empty"),
            ("{\"value\": [", "not valid JSON: EOF while parsing"),
            ("{\"value\": {\"id\": \"x\"}}", "not a Graph list response"),
            ("[{\"id\": \"x\"}]", "not a Graph list response"),
            ("{\"@odata.context\": \"x\"}", "missing field `value`"),
            (
                "{\"value\": []} trailing",
                "not valid JSON: trailing characters at line 1 column 15",
            ),
            (
                "\n [[{\"id\": \"x\"}]]",
                "the top level is not an object at line 2 column 2",
            ),
        ];
        for (text, expected) in cases {
            let error = parse_list::<Thing>(text).expect_err(text);
            assert!(
                error.message.contains(expected),
                "{text:?}: {}",
                error.message
            );
        }
    }

    #[test]
    fn records_must_be_objects() {
        let list = parse_list::<Thing>("{\"value\": [\n  [\"a\", true], 3, {}]}").expect("a list");
        assert_eq!(list.records.len(), 1);
        assert_eq!(
            list.errors[0].message,
            "record /value/0 left out: expected an object, found an array (line 2, column 3)"
        );
        assert_eq!(
            list.errors[1].message,
            "record /value/1 left out: expected an object, found a single value (line 2, column 16)"
        );
    }

    #[test]
    fn exact_camel_case_wins_over_folded() {
        let thing: Thing = parse_entity(r#"{"Name": "folded", "name": "exact"}"#).expect("thing");
        assert_eq!(thing.name.as_deref(), Some("exact"));
        let thing: Thing = parse_entity(r#"{"name": "exact", "Name": "folded"}"#).expect("thing");
        assert_eq!(thing.name.as_deref(), Some("exact"));
    }

    #[test]
    fn entity_errors_have_positions() {
        let error = parse_entity::<Thing>("{\n \"isOn\": 3}").expect_err("wrong type");
        assert_eq!(error.line_column, Some((2, 10)));
        assert_eq!(
            error.to_string(),
            "invalid type: integer `3`, expected a boolean at line 2 column 10"
        );
    }

    #[test]
    fn counts_lines_and_characters() {
        let mut counter = LineCounter::new("ab\n’c\nd");
        assert_eq!(counter.position(0), (1, 1));
        assert_eq!(counter.position(6), (2, 2));
        assert_eq!(counter.position(8), (3, 1));
    }
}
