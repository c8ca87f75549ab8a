//! The terminal form: plain text laid out with indentation, with ANSI colour on request.

use anstyle::{AnsiColor, Style};

use super::doc::{Block, BlockKind, Indents, Span, SpanKind, Tone, one_final_newline, printable};

/// How far the content under a confirmed cause's heading is indented (the width of `1. `).
const SUBSECTION_INDENT: usize = 3;

/// Writes laid-out blocks as terminal text.
pub(crate) fn write(blocks: &[Block<'_>], color: bool) -> String {
    let mut writer = Writer {
        out: String::new(),
        color,
        base: 0,
        indents: Indents::default(),
    };
    for block in blocks {
        writer.block(block);
    }
    one_final_newline(writer.out)
}

struct Writer {
    out: String,
    color: bool,
    /// The indentation of the current section's content.
    base: usize,
    indents: Indents,
}

impl Writer {
    fn style(&self, style: Style, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{style:#}")
        } else {
            text.to_owned()
        }
    }

    fn span(&self, span: &Span<'_>) -> String {
        let text = printable(&span.text);
        match span.kind {
            SpanKind::Plain => text.into_owned(),
            SpanKind::Strong => self.style(Style::new().bold(), &text),
            SpanKind::Code => self.style(AnsiColor::Cyan.on_default(), &text),
            SpanKind::Link => self.style(AnsiColor::Blue.on_default().underline(), &text),
            SpanKind::Id => self.style(Style::new().dimmed(), &format!("[{text}]")),
            SpanKind::Tone(tone) => self.style(tone_style(tone), &text),
        }
    }

    fn line(&self, line: &[Span<'_>]) -> String {
        line.iter().map(|span| self.span(span)).collect()
    }

    /// The raw text of a line, for blocks written line by line.
    fn raw(line: &[Span<'_>]) -> String {
        line.iter().map(|span| span.text.as_ref()).collect()
    }

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

    fn underlined(&mut self, line: &[Span<'_>], rule: char) {
        let title = Self::raw(line);
        let heading = self.style(Style::new().bold(), &printable(&title));
        self.emit(0, &heading);
        let rule: String = std::iter::repeat_n(rule, display_width(&title)).collect();
        self.emit(0, &rule);
        self.out.push('\n');
    }

    fn block(&mut self, block: &Block<'_>) {
        let indent = self.base + self.indents.at(block.depth);
        match block.kind {
            // Depth 1: the short report's title, not underlined.
            BlockKind::Title if block.depth == 1 => {
                self.base = 0;
                self.indents.reset();
                let title = self.style(Style::new().bold(), &printable(&Self::raw(&block.line)));
                self.emit(0, &title);
            }
            BlockKind::Title => {
                self.base = 0;
                self.indents.reset();
                self.underlined(&block.line, '=');
            }
            BlockKind::Heading => {
                self.base = 0;
                self.indents.reset();
                self.blank();
                self.underlined(&block.line, '-');
            }
            BlockKind::Subheading => {
                self.base = SUBSECTION_INDENT;
                self.indents.reset();
                self.blank();
                let text = self.line(&block.line);
                self.emit(0, &text);
            }
            BlockKind::Note => {
                self.base = 0;
                self.indents.reset();
                self.blank();
                let text = self.line(&block.line);
                self.emit(0, &text);
            }
            BlockKind::Label => {
                self.indents.reset();
                self.blank();
                let text = self.line(&block.line);
                self.emit(indent, &text);
            }
            BlockKind::Paragraph => {
                let kind = block.line.first().map_or(SpanKind::Plain, |span| span.kind);
                for line in Self::raw(&block.line).lines() {
                    let text = self.span(&Span {
                        kind,
                        text: line.into(),
                    });
                    self.emit(indent, &text);
                }
            }
            BlockKind::Field => {
                self.indents.item(block.depth, indent - self.base);
                let text = self.line(&block.line);
                self.emit(indent, &text);
            }
            BlockKind::Bullet | BlockKind::Numbered(_) => {
                let marker = match block.kind {
                    BlockKind::Numbered(number) => format!("{number}. "),
                    _ => "- ".to_owned(),
                };
                self.indents
                    .item(block.depth, indent - self.base + marker.len());
                let text = format!("{marker}{}", self.line(&block.line));
                self.emit(indent, &text);
            }
            BlockKind::Command => {
                let command = Self::raw(&block.line);
                for (index, line) in command.lines().enumerate() {
                    let prompt = if index == 0 { "$ " } else { "  " };
                    let text = format!(
                        "{}{}",
                        self.style(Style::new().dimmed(), prompt),
                        self.style(AnsiColor::Cyan.on_default(), &printable(line))
                    );
                    self.emit(indent, &text);
                }
            }
            BlockKind::Quote => {
                let text = format!(
                    "{}{}",
                    self.style(Style::new().dimmed(), "> "),
                    printable(&Self::raw(&block.line))
                );
                self.emit(indent, &text);
            }
            BlockKind::Warning => {
                let text = format!(
                    "{}{}",
                    self.style(tone_style(Tone::Warn), "⚠ "),
                    self.line(&block.line)
                );
                self.emit(indent, &text);
            }
        }
    }
}

fn tone_style(tone: Tone) -> Style {
    match tone {
        Tone::Bad => AnsiColor::Red.on_default().bold(),
        Tone::Warn => AnsiColor::Yellow.on_default().bold(),
        Tone::Good => AnsiColor::Green.on_default(),
        Tone::Muted => Style::new().dimmed(),
    }
}

/// The number of terminal columns the text takes: East Asian wide characters take two.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(
        u32::from(c),
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("原因（1）"), 9);
        assert_eq!(display_width("Ruled-out causes (2)"), 20);
    }

    #[test]
    fn colour_only_on_request() {
        let blocks = [Block {
            kind: BlockKind::Bullet,
            depth: 0,
            line: vec![Span {
                kind: SpanKind::Tone(Tone::Bad),
                text: "bad".into(),
            }],
        }];
        assert_eq!(write(&blocks, false), "- bad\n");
        let coloured = write(&blocks, true);
        assert!(coloured.contains("\u{1b}["), "{coloured:?}");
        assert!(coloured.contains("bad"));
    }

    #[test]
    fn log_lines_cannot_drive_the_terminal() {
        let blocks = [Block {
            kind: BlockKind::Quote,
            depth: 0,
            line: vec![Span {
                kind: SpanKind::Plain,
                text: "\u{1b}]0;pwned\u{7}".into(),
            }],
        }];
        assert_eq!(write(&blocks, false), "> \\u{1b}]0;pwned\\u{7}\n");
    }
}
