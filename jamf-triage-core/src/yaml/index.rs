//! A position index for a YAML text: for every node, by its YAML path (`causes[2].when.fact`),
//! the line and column of its key and of its value.
//!
//! `serde_yaml::Value` keeps no positions, so the text is parsed a second time with the event
//! parser of `yaml-rust2`. The index is best effort: it stops at the first event the parser
//! cannot read (the serde pass reports that error), and nodes reached through an alias or a merge
//! key are found at the alias ([`PositionIndex::value`] falls back to the nearest ancestor).

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// A place in the text: 1-based line and column (in characters), and how many characters the
/// token there spans (at least 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Position {
    pub line: u32,
    pub column: u32,
    pub width: u32,
}

impl Position {
    /// The start of the text, for errors that have no better place.
    pub const START: Position = Position {
        line: 1,
        column: 1,
        width: 1,
    };
}

#[derive(Debug, Clone, Copy)]
struct Located {
    key: Option<Position>,
    value: Position,
}

/// A [`PositionIndex`] built on first use: most packs load with no mistake to locate, so most
/// never parse their text a second time.
#[derive(Debug, Clone, Default)]
pub(crate) struct LazyIndex(std::sync::OnceLock<PositionIndex>);

impl LazyIndex {
    /// The index of `text` (the text this one is for), built now if it is not yet.
    pub fn of(&self, text: &str) -> &PositionIndex {
        self.0.get_or_init(|| PositionIndex::build(text))
    }
}

/// Positions of the nodes of one YAML document, by YAML path.
#[derive(Debug, Clone, Default)]
pub(crate) struct PositionIndex {
    nodes: HashMap<String, Located>,
    duplicate_keys: Vec<(String, Position)>,
}

enum Frame {
    Map {
        path: String,
        key: Option<(String, Position)>,
        seen: Vec<String>,
    },
    Seq {
        path: String,
        next: usize,
    },
    /// The inside of a complex (non-scalar) mapping key, which has no path.
    Skip {
        depth: usize,
    },
}

impl PositionIndex {
    /// Indexes `text`, as far as it parses.
    pub fn build(text: &str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut index = PositionIndex::default();
        let mut frames: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0;
        while let Ok((event, marker)) = parser.next_token() {
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        break;
                    }
                }
                Event::Scalar(value, style, ..) => {
                    let position = scalar_position(&lines, marker, &value, style);
                    index.node(&mut frames, position, Some(&value), None);
                }
                Event::Alias(_) => {
                    index.node(&mut frames, point(marker), None, None);
                }
                Event::MappingStart(..) => {
                    let frame = Frame::Map {
                        path: String::new(),
                        key: None,
                        seen: Vec::new(),
                    };
                    index.node(&mut frames, point(marker), None, Some(frame));
                }
                Event::SequenceStart(..) => {
                    let frame = Frame::Seq {
                        path: String::new(),
                        next: 0,
                    };
                    index.node(&mut frames, point(marker), None, Some(frame));
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(Frame::Skip { depth }) = frames.last_mut() {
                        if *depth > 1 {
                            *depth -= 1;
                            continue;
                        }
                    }
                    frames.pop();
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
            }
        }
        index
    }

    /// Records a node event; `open` is the frame a collection opens (its path filled in here).
    fn node(
        &mut self,
        frames: &mut Vec<Frame>,
        position: Position,
        scalar: Option<&str>,
        open: Option<Frame>,
    ) {
        let target = match frames.last_mut() {
            None => Some((String::new(), None)),
            Some(Frame::Skip { depth }) => {
                if open.is_some() {
                    *depth += 1;
                }
                return;
            }
            Some(Frame::Map {
                path: map_path,
                key,
                seen,
            }) => match key.take() {
                None => {
                    let name = scalar.unwrap_or("?").to_owned();
                    // A block mapping's start event points past its first key: use the key.
                    if let Some(located) = self.nodes.get_mut(map_path.as_str()) {
                        if seen.is_empty() && position < located.value {
                            located.value = Position {
                                width: 1,
                                ..position
                            };
                        }
                    }
                    if seen.contains(&name) {
                        self.duplicate_keys.push((name.clone(), position));
                    } else {
                        seen.push(name.clone());
                    }
                    *key = Some((name, position));
                    None
                }
                Some((name, key_position)) => Some((child(map_path, &name), Some(key_position))),
            },
            Some(Frame::Seq {
                path: seq_path,
                next,
            }) => {
                let path = format!("{seq_path}[{next}]");
                *next += 1;
                Some((path, None))
            }
        };
        let Some((path, key)) = target else {
            // A key was read; a complex key's inside has no path.
            if open.is_some() {
                frames.push(Frame::Skip { depth: 1 });
            }
            return;
        };
        self.nodes.insert(
            path.clone(),
            Located {
                key,
                value: position,
            },
        );
        match open {
            Some(Frame::Map { key, seen, .. }) => frames.push(Frame::Map { path, key, seen }),
            Some(Frame::Seq { next, .. }) => frames.push(Frame::Seq { path, next }),
            Some(skip @ Frame::Skip { .. }) => frames.push(skip),
            None => {}
        }
    }

    /// Where the value at `path` is, else its nearest indexed ancestor, else the start.
    pub fn value(&self, path: &str) -> Position {
        let mut path = path;
        loop {
            if let Some(located) = self.nodes.get(path) {
                return located.value;
            }
            match parent(path) {
                Some(up) => path = up,
                None => return Position::START,
            }
        }
    }

    /// Where the key of the mapping entry at `path` is (its value if it has no key).
    pub fn key(&self, path: &str) -> Position {
        match self.nodes.get(path).and_then(|located| located.key) {
            Some(key) => key,
            None => self.value(path),
        }
    }

    /// The first key repeated inside one mapping, if any.
    pub fn first_duplicate_key(&self) -> Option<&(String, Position)> {
        self.duplicate_keys.first()
    }
}

/// The path of `key` inside the mapping at `path`.
pub(crate) fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The path without its last segment (`a.b[2]` → `a.b`, `a.b` → `a`, `a` → ``).
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A one-character position at a marker (yaml-rust2 columns are 0-based).
fn point(marker: Marker) -> Position {
    Position {
        line: to_u32(marker.line()),
        column: to_u32(marker.col() + 1),
        width: 1,
    }
}

/// The position of a scalar, spanning its text on the line where it starts.
fn scalar_position(lines: &[&str], marker: Marker, value: &str, style: TScalarStyle) -> Position {
    let start = point(marker);
    let rest: String = lines
        .get(marker.line().saturating_sub(1))
        .map(|line| line.chars().skip(marker.col()).collect())
        .unwrap_or_default();
    let width = match style {
        TScalarStyle::Plain if rest.starts_with(value) => value.chars().count(),
        TScalarStyle::DoubleQuoted => quoted_width(&rest, '"', true),
        TScalarStyle::SingleQuoted => quoted_width(&rest, '\'', false),
        _ => 1,
    };
    Position {
        width: to_u32(width.max(1)),
        ..start
    }
}

/// The width of a quoted scalar starting at `rest`, up to its closing quote or the line's end.
fn quoted_width(rest: &str, quote: char, backslash_escapes: bool) -> usize {
    let mut chars = rest.chars().enumerate().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        if backslash_escapes && c == '\\' {
            chars.next();
        } else if c == quote {
            if !backslash_escapes && chars.peek().map(|&(_, next)| next) == Some(quote) {
                chars.next();
            } else {
                return at + 1;
            }
        }
    }
    rest.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "causes:\n  - id: a\n    when:\n      fact: \"x.y\"\n      older_than: 'a''b'\n  - &e {id: b, when: {all: []}}\n  - *e\n";

    #[test]
    fn finds_keys_and_values() {
        let index = PositionIndex::build(TEXT);
        assert_eq!(
            index.value("causes[0].id"),
            Position {
                line: 2,
                column: 9,
                width: 1
            }
        );
        assert_eq!(
            index.key("causes[0].when.fact"),
            Position {
                line: 4,
                column: 7,
                width: 4
            }
        );
        assert_eq!(
            index.value("causes[0].when.fact"),
            Position {
                line: 4,
                column: 13,
                width: 5
            }
        );
        assert_eq!(index.value("causes[0].when.older_than").width, 6);
        assert_eq!(
            index.value("causes[0].when"),
            Position {
                line: 4,
                column: 7,
                width: 1
            }
        );
        assert_eq!(index.value("causes[1].when.all").line, 6);
    }

    #[test]
    fn falls_back_to_the_nearest_ancestor() {
        let index = PositionIndex::build(TEXT);
        assert_eq!(index.value("causes[2].id"), index.value("causes[2]"));
        assert_eq!(
            index.value("causes[2]"),
            Position {
                line: 7,
                column: 5,
                width: 1
            }
        );
        assert_eq!(index.value("nothing.here"), Position::START);
    }

    #[test]
    fn notes_duplicate_keys_and_survives_bad_text() {
        let index = PositionIndex::build("a: 1\nb: 2\na: 3\n");
        assert_eq!(
            index
                .first_duplicate_key()
                .map(|(k, p)| (k.as_str(), p.line)),
            Some(("a", 3))
        );
        let _ = PositionIndex::build("a: [1,\nb: {");
        let _ = PositionIndex::build("? [a, b]\n: c\nd: e\n");
        assert_eq!(
            PositionIndex::build("? [a, b]\n: c\nd: e\n").key("d").line,
            3
        );
    }
}
