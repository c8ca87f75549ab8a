//! The Markdown form (CommonMark), for pasting into a ticket: headings per section, lists,
//! commands in fenced blocks, log lines quoted in code, prose escaped.

use std::borrow::Cow;

use super::doc::{Block, BlockKind, Indents, Span, SpanKind, Tone, one_final_newline, printable};

/// Writes laid-out blocks as Markdown.
pub(crate) fn write(blocks: &[Block<'_>]) -> String {
    let mut writer = Writer {
        out: String::new(),
        indents: Indents::default(),
        in_list: false,
    };
    for block in blocks {
        writer.block(block);
    }
    one_final_newline(writer.out)
}

struct Writer {
    out: String,
    indents: Indents,
    /// Whether the last block belongs to a list (no blank line needed before the next item).
    in_list: bool,
}

impl Writer {
    fn blank(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn emit(&mut self, indent: usize, text: &str) {
        self.out.extend(std::iter::repeat_n(' ', indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// A block of its own, with a blank line before and after: at the top level it ends any
    /// list; deeper, it is a paragraph of the list item it belongs to.
    fn flow(&mut self, depth: usize, prefix: &str, text: &str) {
        if depth == 0 {
            self.indents.reset();
        }
        let indent = self.indents.at(depth);
        self.blank();
        for line in text.lines() {
            self.emit(indent, &format!("{prefix}{line}"));
        }
        self.out.push('\n');
        self.in_list = false;
    }

    fn block(&mut self, block: &Block<'_>) {
        let indent = self.indents.at(block.depth);
        let list_block = !matches!(
            block.kind,
            BlockKind::Title
                | BlockKind::Heading
                | BlockKind::Subheading
                | BlockKind::Label
                | BlockKind::Paragraph
                | BlockKind::Note
        );
        if list_block && !self.in_list {
            self.blank();
        }
        self.in_list = list_block;
        match block.kind {
            BlockKind::Title => self.flow(0, "# ", &heading(&block.line)),
            BlockKind::Heading => self.flow(0, "## ", &heading(&block.line)),
            BlockKind::Subheading => self.flow(0, "### ", &heading(&block.line)),
            BlockKind::Label => self.flow(block.depth, "", &line(&block.line)),
            BlockKind::Paragraph => self.flow(block.depth, "", &paragraph(&block.line)),
            BlockKind::Note => self.flow(0, "", &paragraph(&block.line)),
            BlockKind::Field | BlockKind::Bullet | BlockKind::Numbered(_) => {
                let marker = match block.kind {
                    BlockKind::Numbered(number) => format!("{number}. "),
                    _ => "- ".to_owned(),
                };
                self.indents.item(block.depth, indent + marker.len());
                self.emit(indent, &format!("{marker}{}", line(&block.line)));
            }
            BlockKind::Command => {
                let command = raw(&block.line);
                let fence = "`".repeat(longest_run(&command, '`').max(2) + 1);
                self.emit(indent, &format!("{fence}sh"));
                for line in command.lines() {
                    self.emit(indent, &printable(line));
                }
                self.emit(indent, &fence);
            }
            BlockKind::Quote => {
                let text = code_span(&printable(&raw(&block.line)));
                self.emit(indent, &format!("> {text}"));
            }
            BlockKind::Warning => {
                self.emit(indent, &format!("> ⚠️ {}", line(&block.line)));
            }
        }
    }
}

fn raw(line: &[Span<'_>]) -> String {
    line.iter().map(|span| span.text.as_ref()).collect()
}

fn line(line: &[Span<'_>]) -> String {
    line.iter().map(span).collect()
}

/// A heading is emphasis enough: strong spans in it are written plain.
fn heading(spans: &[Span<'_>]) -> String {
    spans
        .iter()
        .map(|part| match part.kind {
            SpanKind::Strong => span(&Span {
                kind: SpanKind::Plain,
                text: part.text.clone(),
            }),
            _ => span(part),
        })
        .collect()
}

/// A paragraph keeps its line breaks; each line is escaped on its own.
fn paragraph(spans: &[Span<'_>]) -> String {
    let kind = spans.first().map_or(SpanKind::Plain, |span| span.kind);
    raw(spans)
        .lines()
        .map(|text| {
            span(&Span {
                kind,
                text: text.into(),
            })
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn span(span: &Span<'_>) -> String {
    let text = printable(&span.text);
    match span.kind {
        SpanKind::Plain | SpanKind::Tone(Tone::Good | Tone::Muted) => escape(&text).into_owned(),
        SpanKind::Strong | SpanKind::Tone(Tone::Bad | Tone::Warn) => strong(&text),
        SpanKind::Code => code_span(&text),
        SpanKind::Id => format!("({})", code_span(&text)),
        SpanKind::Link => {
            if text
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '<' | '>'))
            {
                code_span(&text)
            } else {
                format!("<{text}>")
            }
        }
    }
}

/// `**text**`, with the spaces around it kept outside (CommonMark needs it so).
fn strong(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text.to_owned();
    }
    let start = text.len() - text.trim_start().len();
    let end = start + trimmed.len();
    format!("{}**{}**{}", &text[..start], escape(trimmed), &text[end..])
}

/// Prose with the characters Markdown would act on escaped.
fn escape(text: &str) -> Cow<'_, str> {
    const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#'];
    if !text.contains(SPECIAL) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Inline code that holds any text: the fence is longer than any run of backticks inside.
fn code_span(text: &str) -> String {
    let fence = "`".repeat(longest_run(text, '`') + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut current = 0;
    for next in text.chars() {
        if next == c {
            current += 1;
            longest = longest.max(current);
        } else {
            current = 0;
        }
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("a"), "`a`");
        assert_eq!(code_span("a `b` c"), "``a `b` c``");
        assert_eq!(code_span("`x"), "`` `x ``");
    }

    #[test]
    fn prose_is_escaped() {
        assert_eq!(escape("plain text"), "plain text");
        assert_eq!(escape("a_b *c* <d>"), "a\\_b \\*c\\* \\<d\\>");
    }

    #[test]
    fn strong_keeps_spaces_outside() {
        assert_eq!(strong("Severity:"), "**Severity:**");
        assert_eq!(strong(" (Confirmed)"), " **(Confirmed)**");
    }

    #[test]
    fn commands_get_a_long_enough_fence() {
        let blocks = [Block {
            kind: BlockKind::Command,
            depth: 0,
            line: vec![Span {
                kind: SpanKind::Plain,
                text: "echo ```".into(),
            }],
        }];
        assert_eq!(write(&blocks), "````sh\necho ```\n````\n");
    }
}
