//! A position index for a YAML text: for every node, by its YAML path (`causes[2].when.fact`),
//! the line and column of its key and of its value.
//!
//! `serde_yaml::Value` keeps no positions, so the text is parsed a second time with the event
//! parser of `yaml-rust2`. The index is best effort: it stops at the first event the parser
//! cannot read (the serde pass reports that error), and nodes reached through an alias or a merge
//! key are found at the alias ([`PositionIndex::value`] falls back to the nearest ancestor).

use std::collections::{HashMap, HashSet};

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

/// One indexed node: where it is, and its children by path segment (`.key` or `[n]`; a
/// top-level key has no dot).
///
/// Nodes form a tree, so that building the index is linear in the text (a node stores its own
/// segment, never its whole path) and a lookup is linear in the path asked for.
#[derive(Debug, Clone)]
struct Node {
    located: Located,
    children: HashMap<String, usize>,
}

/// Positions of the nodes of one YAML document, by YAML path.
#[derive(Debug, Clone, Default)]
pub(crate) struct PositionIndex {
    /// The tree of nodes; the document's root, when indexed, is the first.
    nodes: Vec<Node>,
    duplicate_keys: Vec<(String, Position)>,
}

enum Frame {
    Map {
        node: usize,
        key: Option<(String, Position)>,
        seen: HashSet<String>,
    },
    Seq {
        node: usize,
        next: usize,
    },
    /// The inside of a complex (non-scalar) mapping key, which has no path.
    Skip {
        depth: usize,
    },
}

/// What a collection event opens.
#[derive(Clone, Copy)]
enum Opens {
    Nothing,
    Map,
    Seq,
}

/// The text from a parser's marker on, found by its line and column: yaml-rust2's character
/// offsets drift after a block scalar (`>-`) holding text that is not ASCII, its lines and columns
/// do not. Markers come in the order of the text, so the walk goes on from the last one: time
/// linear in the text, a document written on one line included.
struct Locator<'a> {
    text: &'a str,
    /// The byte offset where each line starts.
    line_starts: Vec<usize>,
    /// The last marker found: its line, column and byte offset.
    last: (usize, usize, usize),
}

impl<'a> Locator<'a> {
    fn new(text: &'a str) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Self {
            text,
            line_starts,
            last: (0, 0, 0),
        }
    }

    /// The text from `marker` on (empty past the end).
    fn rest(&mut self, marker: Marker) -> &'a str {
        let (line, column) = (marker.line(), marker.col());
        let (from_column, from) = match self.last {
            (last_line, last_column, at) if last_line == line && last_column <= column => {
                (last_column, at)
            }
            _ => {
                let start = self.line_starts.get(line.saturating_sub(1)).copied();
                (0, start.unwrap_or(self.text.len()))
            }
        };
        let rest = self.text.get(from..).unwrap_or_default();
        let at = rest
            .char_indices()
            .nth(column - from_column)
            .map_or(self.text.len(), |(offset, _)| from + offset);
        self.last = (line, column, at);
        self.text.get(at..).unwrap_or_default()
    }
}

impl PositionIndex {
    /// Indexes `text`, as far as it parses.
    pub fn build(text: &str) -> Self {
        let mut index = PositionIndex::default();
        let mut frames: Vec<Frame> = Vec::new();
        let mut locator = Locator::new(text);
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
                    let rest = locator.rest(marker);
                    let position = scalar_position(rest, marker, &value, style);
                    index.node(&mut frames, position, Some(&value), Opens::Nothing);
                }
                Event::Alias(_) => {
                    index.node(&mut frames, point(marker), None, Opens::Nothing);
                }
                Event::MappingStart(..) => {
                    index.node(&mut frames, point(marker), None, Opens::Map);
                }
                Event::SequenceStart(..) => {
                    index.node(&mut frames, point(marker), None, Opens::Seq);
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

    /// Records a node event; `opens` is the kind of collection it opens, if any.
    fn node(
        &mut self,
        frames: &mut Vec<Frame>,
        position: Position,
        scalar: Option<&str>,
        opens: Opens,
    ) {
        let opens_frame = !matches!(opens, Opens::Nothing);
        let target = match frames.last_mut() {
            None => Some((None, String::new(), None)),
            Some(Frame::Skip { depth }) => {
                if opens_frame {
                    *depth += 1;
                }
                return;
            }
            Some(Frame::Map { node, key, seen }) => match key.take() {
                None => {
                    let name = scalar.unwrap_or("?").to_owned();
                    // A block mapping's start event points past its first key: use the key.
                    if let Some(map) = self.nodes.get_mut(*node) {
                        if seen.is_empty() && position < map.located.value {
                            map.located.value = Position {
                                width: 1,
                                ..position
                            };
                        }
                    }
                    if seen.contains(&name) {
                        self.duplicate_keys.push((name.clone(), position));
                    } else {
                        seen.insert(name.clone());
                    }
                    *key = Some((name, position));
                    None
                }
                Some((name, key_position)) => {
                    let parent = *node;
                    let segment = if self.is_root_map(parent) {
                        name
                    } else {
                        format!(".{name}")
                    };
                    Some((Some(parent), segment, Some(key_position)))
                }
            },
            Some(Frame::Seq { node, next }) => {
                let segment = format!("[{next}]");
                *next += 1;
                Some((Some(*node), segment, None))
            }
        };
        let Some((parent, segment, key)) = target else {
            // A key was read; a complex key's inside has no path.
            if opens_frame {
                frames.push(Frame::Skip { depth: 1 });
            }
            return;
        };
        let id = self.nodes.len();
        self.nodes.push(Node {
            located: Located {
                key,
                value: position,
            },
            children: HashMap::new(),
        });
        if let Some(parent) = parent.and_then(|parent| self.nodes.get_mut(parent)) {
            // A repeated key keeps its last position, as a map keyed by path would.
            parent.children.insert(segment, id);
        }
        match opens {
            Opens::Map => frames.push(Frame::Map {
                node: id,
                key: None,
                seen: HashSet::new(),
            }),
            Opens::Seq => frames.push(Frame::Seq { node: id, next: 0 }),
            Opens::Nothing => {}
        }
    }

    /// Whether node `id` is the document's root (its keys' paths have no leading dot).
    fn is_root_map(&self, id: usize) -> bool {
        id == 0 && !self.nodes.is_empty()
    }

    /// The node at `path`, or the nearest indexed ancestor; `exact` says which.
    fn find(&self, path: &str) -> Option<(&Node, bool)> {
        let mut node = self.nodes.first()?;
        let mut rest = path;
        let mut first = true;
        while !rest.is_empty() {
            let Some((child, after)) = self.step(node, rest, first) else {
                return Some((node, false));
            };
            node = child;
            rest = after;
            first = false;
        }
        Some((node, true))
    }

    /// The child of `node` named by the start of `rest`, and what is left of `rest`.
    ///
    /// A key may itself hold `.` or `[`, so longer segments are tried when the shortest names
    /// no child.
    fn step<'s, 'p>(
        &'s self,
        node: &'s Node,
        rest: &'p str,
        first: bool,
    ) -> Option<(&'s Node, &'p str)> {
        let skip = if first || rest.starts_with('[') {
            0
        } else if rest.starts_with('.') {
            1
        } else {
            return None;
        };
        let mut from = skip + 1;
        loop {
            let end = rest
                .get(from..)
                .and_then(|tail| tail.find(['.', '[']))
                .map_or(rest.len(), |at| from + at);
            let end = if rest.starts_with('[') {
                rest.find(']').map_or(rest.len(), |at| at + 1)
            } else {
                end
            };
            if let Some(child) = node
                .children
                .get(&rest[..end])
                .and_then(|&id| self.nodes.get(id))
            {
                return Some((child, &rest[end..]));
            }
            if end >= rest.len() || rest.starts_with('[') {
                return None;
            }
            from = end + 1;
        }
    }

    /// Where the value at `path` is, else its nearest indexed ancestor, else the start.
    pub fn value(&self, path: &str) -> Position {
        self.find(path)
            .map_or(Position::START, |(node, _)| node.located.value)
    }

    /// Where the key of the mapping entry at `path` is (its value if it has no key).
    pub fn key(&self, path: &str) -> Position {
        match self.find(path) {
            Some((node, true)) => node.located.key.unwrap_or(node.located.value),
            Some((node, false)) => node.located.value,
            None => Position::START,
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

/// The position of a scalar, spanning its text on the line where it starts; `rest` is the text
/// from the scalar on (only as much of it is read as the scalar spans).
fn scalar_position(rest: &str, marker: Marker, value: &str, style: TScalarStyle) -> Position {
    let start = point(marker);
    let width = match style {
        TScalarStyle::Plain if !value.contains('\n') && rest.starts_with(value) => {
            value.chars().count()
        }
        TScalarStyle::DoubleQuoted => quoted_width(rest, '"', true),
        TScalarStyle::SingleQuoted => quoted_width(rest, '\'', false),
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
        if c == '\n' || c == '\r' {
            return at;
        }
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

    /// A scalar after text that is not ASCII spans its own text too (titles in pt-PT and zh-CN
    /// come before most of a rule file's values), a folded block of such text included.
    #[test]
    fn widths_after_text_that_is_not_ascii() {
        let text = "causes:\n  - title: { pt-PT: Ação, zh-CN: 设备 }\n    description:\n      pt-PT: >-\n        Ação “x”\n        设备\n    applies_to: [device-compliance]\n";
        let index = PositionIndex::build(text);
        assert_eq!(
            index.value("causes[0].applies_to[0]"),
            Position {
                line: 7,
                column: 18,
                width: 17
            }
        );
    }

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

    /// Issue 12: the index was quadratic in the number of keys (20k nested maps: 13.6 s; 100k:
    /// more than 150 s). Each shape is built and looked up at its deepest or last path.
    #[test]
    fn linear_in_keys_and_depth() {
        let bound = std::time::Duration::from_secs(60);
        // Flow nesting stops at the parser's limit (255); block nesting does not.
        let nested = 3_000;
        let text: String = (0..nested)
            .map(|depth| format!("{}a:\n", " ".repeat(depth)))
            .chain(std::iter::once(format!("{}1\n", " ".repeat(nested))))
            .collect();
        let started = std::time::Instant::now();
        let index = PositionIndex::build(&text);
        let deepest = format!("a{}", ".a".repeat(nested - 1));
        assert_eq!(index.value(&deepest).line, to_u32(nested + 1));
        assert!(started.elapsed() < bound, "nested: {:?}", started.elapsed());
        // 20,000 maps, each with two keys, in one mapping.
        let maps: String = (0..20_000)
            .map(|map| format!("m{map}:\n  id: {map}\n  when: {{fact: x}}\n"))
            .collect();
        let started = std::time::Instant::now();
        let index = PositionIndex::build(&maps);
        assert_eq!(index.value("m19999.when.fact").line, 60_000);
        assert!(started.elapsed() < bound, "maps: {:?}", started.elapsed());

        let keys = 100_000;
        let block: String = (0..keys).map(|key| format!("k{key}: {key}\n")).collect();
        let flow = format!(
            "{{{}}}",
            (0..keys)
                .map(|key| format!("k{key}: {key}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for text in [block, flow] {
            let started = std::time::Instant::now();
            let index = PositionIndex::build(&text);
            let last = format!("k{}", keys - 1);
            assert_eq!(index.value(&last).width, 5);
            assert!(index.first_duplicate_key().is_none());
            assert!(
                started.elapsed() < bound,
                "{} keys: {:?}",
                keys,
                started.elapsed()
            );
        }
    }

    #[test]
    fn keys_with_dots_and_brackets_are_found() {
        let index = PositionIndex::build("a.b: {c: 1}\nx[0]: [2]\n");
        assert_eq!(index.value("a.b.c").column, 10);
        assert_eq!(index.value("x[0][0]").line, 2);
        assert_eq!(index.key("a.b").line, 1);
    }
}
