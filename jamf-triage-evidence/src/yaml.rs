//! The one place that reads and writes YAML documents with `serde_yaml` (evidence files, bundle
//! manifests and contexts; the engine's rule loader takes its errors from here), so that the YAML
//! library can be replaced here alone.
//!
//! Every document is checked before it is deserialized, so that a small file cannot grow into a
//! large one in memory (an anchored scalar referenced thousands of times): each kind of file has
//! [`YamlLimits`] (its largest size, whether it may use aliases at all, and the largest size it
//! may expand to through aliases). The check walks the document's events once, in time linear in
//! the text, and never expands an alias; a document that holds no anchor cannot expand, and is
//! walked only to word the error when it does not parse ([`parse_checked`]).

use serde::{Serialize, de::DeserializeOwned};

/// The error of `serde_yaml`, with its position apart from its message (the engine's rule
/// loader places it in the rule file).
pub fn located(error: &serde_yaml::Error) -> YamlDocumentError {
    let location = error.location();
    let message = error.to_string();
    // serde_yaml appends " at line L column C" (the position, reported separately), and may go
    // on with ", while parsing a flow mapping at line L column C", which is worth keeping.
    let message = match message.find(" at line ") {
        Some(index) => {
            let context = message[index..]
                .find(", while ")
                .map(|at| &message[index + at..]);
            format!("{}{}", &message[..index], context.unwrap_or_default())
        }
        None => message,
    };
    YamlDocumentError {
        message,
        line: location.as_ref().and_then(|l| u32::try_from(l.line()).ok()),
        column: location
            .as_ref()
            .and_then(|l| u32::try_from(l.column()).ok()),
    }
}

/// How large a kind of YAML file may be, and whether it may use aliases (`*name`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YamlLimits {
    /// What the file is, in a few words (`an evidence file`), for messages.
    pub kind: &'static str,
    /// The largest text read, in bytes.
    pub max_input: u64,
    /// Whether aliases are allowed (rule files may share a condition; data files never need to).
    pub aliases: bool,
    /// The largest size the document may have with every alias expanded, in bytes of scalar text
    /// plus a few bytes per node.
    pub max_expanded: u64,
}

/// The limits of a data file the tool or an admin writes (`manifest.yaml`, `context.yaml`): no
/// aliases, 16 MiB.
pub const YAML_DATA: YamlLimits = YamlLimits {
    kind: "this file",
    max_input: 16 << 20,
    aliases: false,
    max_expanded: 16 << 20,
};

/// The limits of a bundle's `manifest.yaml`: no aliases, 16 MiB.
pub const YAML_MANIFEST: YamlLimits = YamlLimits {
    kind: "a bundle manifest",
    ..YAML_DATA
};

/// The limits of a bundle's `context.yaml`: no aliases, 16 MiB.
pub const YAML_CONTEXT: YamlLimits = YamlLimits {
    kind: "a context file",
    ..YAML_DATA
};

/// The limits of an evidence file: no aliases, 256 MiB (it may quote many log lines).
pub const YAML_EVIDENCE: YamlLimits = YamlLimits {
    kind: "an evidence file",
    max_input: 256 << 20,
    aliases: false,
    max_expanded: 256 << 20,
};

/// The limits of a rule file or a rule fixture: aliases allowed (to share a condition), 4 MiB of
/// text expanding to at most 32 MiB.
pub const YAML_RULES: YamlLimits = YamlLimits {
    kind: "a rule file",
    max_input: 4 << 20,
    aliases: true,
    max_expanded: 32 << 20,
};

/// What one node costs in the expanded size, on top of its scalar text.
const NODE_COST: u64 = 8;

/// Checks `text` against `limits` without deserializing it: its size, its aliases, and the size
/// it expands to.
///
/// ```
/// use jamf_triage_evidence::{YAML_CONTEXT, YAML_RULES, check_yaml};
/// let shared = "a: &x [1, 2]\nb: *x\n";
/// assert!(check_yaml(shared, &YAML_RULES).is_ok());
/// let error = check_yaml(shared, &YAML_CONTEXT).expect_err("no aliases in a context file");
/// assert_eq!((error.line, error.column), (Some(2), Some(4)));
/// ```
///
/// # Errors
/// [`YamlDocumentError`] saying which limit the text passes (at the alias that passes it), or
/// the syntax error met on the way.
pub fn check_yaml(text: &str, limits: &YamlLimits) -> Result<(), YamlDocumentError> {
    use std::collections::HashMap;
    use yaml_rust2::parser::{Event, Parser};

    check_size(text, limits)?;
    // Aliases need a `*`; a text without one is checked by its size alone.
    if !text.contains('*') {
        return Ok(());
    }
    let at = |marker: yaml_rust2::scanner::Marker, message: String| YamlDocumentError {
        message,
        line: u32::try_from(marker.line()).ok(),
        column: u32::try_from(marker.col() + 1).ok(),
    };
    // The expanded size of each closed anchor, the anchors still open (with the size when they
    // opened), and the expanded size so far.
    let mut sizes: HashMap<usize, u64> = HashMap::new();
    let mut open: Vec<(usize, u64)> = Vec::new();
    let mut total: u64 = 0;
    let mut parser = Parser::new_from_str(text);
    loop {
        let (event, marker) = match parser.next_token() {
            Ok(next) => next,
            Err(error) => {
                // A syntax error: serde_yaml's message when it finds one too (walking the
                // document without building anything: aliases replayed as events, within its
                // own repetition limit), else this parser's.
                return Err(match serde_yaml::from_str::<serde::de::IgnoredAny>(text) {
                    Err(serde_error) => located(&serde_error),
                    Ok(_) => at(*error.marker(), error.info().to_owned()),
                });
            }
        };
        match event {
            Event::StreamEnd => return Ok(()),
            Event::Alias(id) => {
                if !limits.aliases {
                    return Err(at(
                        marker,
                        format!(
                            "YAML aliases (`*name`) are not allowed in {}; write the value out",
                            limits.kind
                        ),
                    ));
                }
                let Some(size) = sizes.get(&id) else {
                    return Err(at(
                        marker,
                        "the alias refers to a node that contains it, or to no anchor".to_owned(),
                    ));
                };
                total = total.saturating_add(*size);
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = NODE_COST + value.len() as u64;
                total = total.saturating_add(size);
                if anchor != 0 {
                    sizes.insert(anchor, size);
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                open.push((anchor, total));
                total = total.saturating_add(NODE_COST);
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some((anchor, start)) = open.pop() {
                    if anchor != 0 {
                        sizes.insert(anchor, total - start);
                    }
                }
            }
            Event::Nothing | Event::StreamStart | Event::DocumentStart | Event::DocumentEnd => {}
        }
        if total > limits.max_expanded {
            return Err(at(
                marker,
                format!(
                    "grows past {} bytes once its aliases are expanded, the most {} may; it was not read",
                    limits.max_expanded, limits.kind
                ),
            ));
        }
    }
}

/// Refuses a text larger than `limits.max_input`.
fn check_size(text: &str, limits: &YamlLimits) -> Result<(), YamlDocumentError> {
    if text.len() as u64 > limits.max_input {
        return Err(YamlDocumentError {
            message: format!(
                "larger than {} bytes, the most {} may hold; it was not read",
                limits.max_input, limits.kind
            ),
            line: None,
            column: None,
        });
    }
    Ok(())
}

/// Parses `text` with `parse` (a YAML parser), held to `limits` as [`check_yaml`] holds it, but
/// walking the text only when it could break them: the outer error is [`check_yaml`]'s, the
/// inner one `parse`'s, exactly as checking first and parsing after would give them.
///
/// A text in which no `&name` stands where a node starts holds no anchor, so no alias in it
/// resolves and nothing expands: it is parsed at once, and walked by [`check_yaml`] only when
/// `parse` fails (an alias there is a parse error, which the walk words as before). A text with
/// an anchor is walked first.
///
/// ```
/// use jamf_triage_evidence::{YAML_CONTEXT, YAML_RULES, parse_checked};
/// let parse = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text);
/// assert!(parse_checked("a: [x, '*']\n", &YAML_RULES, parse)?.is_ok());
/// let error = parse_checked("a: 1\nb: *x\n", &YAML_CONTEXT, parse).expect_err("an alias");
/// assert_eq!((error.line, error.column), (Some(2), Some(4)));
/// # Ok::<(), jamf_triage_evidence::YamlDocumentError>(())
/// ```
///
/// # Errors
/// [`YamlDocumentError`] when the text passes `limits` (see [`check_yaml`]).
pub fn parse_checked<T, E>(
    text: &str,
    limits: &YamlLimits,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<Result<T, E>, YamlDocumentError> {
    if may_hold_anchor(text) {
        check_yaml(text, limits)?;
        return Ok(parse(text));
    }
    check_size(text, limits)?;
    let parsed = parse(text);
    if parsed.is_err() {
        check_yaml(text, limits)?;
    }
    Ok(parsed)
}

/// Whether `text` may hold an anchor: a `&` followed by a name, standing where a node may start
/// (at the start of a line, or after `:`, `-`, `?`, `[`, `{`, `,` or a tag, spaces apart). Errs
/// on the safe side: a `&` inside a quoted or block scalar counts; a plain scalar's words
/// (`recon && manage`) do not.
fn may_hold_anchor(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.match_indices('&').any(|(at, _)| {
        let named = bytes
            .get(at + 1)
            .is_some_and(|next| !b" \t\r\n,[]{}".contains(next));
        named && starts_node(bytes, at)
    })
}

/// Whether a node may start at offset `at`: what precedes it on its line, spaces skipped, is
/// nothing, an indicator, or a tag (`!name`).
fn starts_node(bytes: &[u8], at: usize) -> bool {
    let before = bytes.get(..at).unwrap_or_default();
    let line = before
        .iter()
        .rposition(|byte| *byte == b'\n')
        .map_or(before, |newline| {
            before.get(newline + 1..).unwrap_or_default()
        });
    let content = line.trim_ascii_end();
    match content.last() {
        None => true,
        Some(b':' | b'-' | b'?' | b'[' | b'{' | b',') => true,
        Some(_) => {
            // The last word: a tag when it starts with `!`.
            let word_start = content
                .iter()
                .rposition(|byte| byte.is_ascii_whitespace())
                .map_or(0, |space| space + 1);
            content.get(word_start) == Some(&b'!')
        }
    }
}

/// Reads a YAML document of a kind with `limits` into `T`, checking it first ([`check_yaml`]).
///
/// # Errors
/// [`YamlDocumentError`] with the position of the first mistake, or the limit passed.
pub fn from_yaml_with<T: DeserializeOwned>(
    text: &str,
    limits: &YamlLimits,
) -> Result<T, YamlDocumentError> {
    parse_checked(text, limits, |text| serde_yaml::from_str::<T>(text))?
        .map_err(|error| located(&error))
}

/// Deserializes YAML; the error is a message that names the position.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    from_yaml(text).map_err(|error| error.to_string())
}

/// Serializes to YAML.
pub(crate) fn to_string<T: Serialize>(value: &T) -> Result<String, String> {
    serde_yaml::to_string(value).map_err(|error| error.to_string())
}

/// Why a YAML document could not be read, with its 1-based position when known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", located_message(.line, .column, .message))]
pub struct YamlDocumentError {
    /// What was wrong or expected.
    pub message: String,
    /// 1-based line.
    pub line: Option<u32>,
    /// 1-based column.
    pub column: Option<u32>,
}

fn located_message(line: &Option<u32>, column: &Option<u32>, message: &str) -> String {
    match (line, column) {
        (Some(line), Some(column)) => format!("{line}:{column}: {message}"),
        _ => message.to_owned(),
    }
}

/// Reads a YAML data document into `T`: the entry point for crates of the workspace that read YAML
/// (bundle manifests and contexts), so that the YAML library is used in this module alone.
///
/// The document is held to [`YAML_DATA`]: no aliases, at most 16 MiB ([`from_yaml_with`] takes
/// other limits).
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Manifest { collected_at: String }
/// let manifest: Manifest = jamf_triage_evidence::from_yaml("collected_at: 2024-06-03T14:20:00+02:00\n")?;
/// assert_eq!(manifest.collected_at, "2024-06-03T14:20:00+02:00");
/// # Ok::<(), jamf_triage_evidence::YamlDocumentError>(())
/// ```
///
/// # Errors
/// [`YamlDocumentError`] with the position of the first mistake.
pub fn from_yaml<T: DeserializeOwned>(text: &str) -> Result<T, YamlDocumentError> {
    from_yaml_with(text, &YAML_DATA)
}

/// Writes a value as a YAML document (the counterpart of [`from_yaml`]), for showing rule
/// entries and conditions the way rule authors write them.
///
/// # Errors
/// The serializer's message, when the value cannot be written as YAML.
pub fn to_yaml<T: Serialize>(value: &T) -> Result<String, String> {
    to_string(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The amplification of issue 12: one 256 KiB anchored scalar referenced 30,000 times (a file
    /// of about 0.4 MB that serde_yaml alone grows past 7 GB).
    fn amplified(references: usize) -> String {
        let mut text = format!("a: &big \"{}\"\nlist:\n", "x".repeat(256 << 10));
        for _ in 0..references {
            text.push_str("- *big\n");
        }
        text
    }

    #[test]
    fn amplification_is_refused_fast_for_every_kind() {
        let text = amplified(30_000);
        assert!(text.len() < 500_000);
        for limits in [YAML_MANIFEST, YAML_CONTEXT, YAML_EVIDENCE, YAML_RULES] {
            let started = std::time::Instant::now();
            let error = from_yaml_with::<serde_yaml::Value>(&text, &limits).expect_err("refused");
            assert!(
                started.elapsed() < std::time::Duration::from_millis(900),
                "{:?}",
                started.elapsed()
            );
            if limits.aliases {
                assert!(
                    error.message.contains("once its aliases are expanded"),
                    "{error}"
                );
                // The alias that passes the cap: about the 128th reference (32 MiB / 256 KiB).
                assert!(
                    error.line.is_some_and(|line| (120..140).contains(&line)),
                    "{error:?}"
                );
            } else {
                assert!(
                    error.message.contains("aliases (`*name`) are not allowed"),
                    "{error}"
                );
                assert_eq!((error.line, error.column), (Some(3), Some(3)));
            }
        }
    }

    #[test]
    fn nested_amplification_is_counted_through_anchors() {
        // The billion laughs: each level references the one before ten times.
        let mut text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n".to_owned();
        for level in 1..12 {
            let previous = format!("*a{}", level - 1);
            let list = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{list}]\n"));
        }
        let error = check_yaml(&text, &YAML_RULES).expect_err("refused");
        assert!(error.message.contains("expanded"), "{error}");
    }

    #[test]
    fn size_and_plain_documents() {
        let limits = YamlLimits {
            max_input: 10,
            ..YAML_DATA
        };
        let error = check_yaml("a: 12345678901\n", &limits).expect_err("too large");
        assert!(error.message.contains("larger than 10 bytes"), "{error}");
        assert!(check_yaml("a: '*'\nb: [1, 2]\n", &YAML_DATA).is_ok());
        assert!(check_yaml("a: &x 1\nb: *x\n", &YAML_RULES).is_ok());
        // An anchor used inside itself is refused, not followed.
        assert!(check_yaml("a: &x [1, *x]\n", &YAML_RULES).is_err());
    }

    #[test]
    fn anchors_are_found_wherever_a_node_starts() {
        for text in [
            "&a x: 1\n",
            "a: &x 1\n",
            "- &x 1\n",
            "a: [1, &x 2]\n",
            "a: {b: &x 2}\n",
            "a: !!str &x s\n",
            "--- &x\na: 1\n",
            "a:\n  - b: 1\n    c:   &x [1]\n",
        ] {
            assert!(may_hold_anchor(text), "{text}");
        }
        for text in [
            "a: sudo recon && manage\n",
            "a: Certificates & secrets\n",
            "a: x&y\n",
            "a: '*'\n",
        ] {
            assert!(!may_hold_anchor(text), "{text}");
        }
    }

    #[test]
    fn a_text_without_anchors_is_refused_as_the_full_check_refuses_it() {
        let parse = |text: &str| serde_yaml::from_str::<serde_yaml::Value>(text);
        for text in ["a: 1\nb: *x\n", "a: [1, *x]\n", "a: 1\n  b: [*\n"] {
            for limits in [YAML_DATA, YAML_RULES] {
                let checked = parse_checked(text, &limits, parse).map(|parsed| parsed.is_ok());
                let full = check_yaml(text, &limits).map(|()| parse(text).is_ok());
                assert_eq!(checked, full, "{text}");
            }
        }
        let big = YamlLimits {
            max_input: 4,
            ..YAML_RULES
        };
        assert!(parse_checked("a: 12345\n", &big, parse).is_err());
    }
}
