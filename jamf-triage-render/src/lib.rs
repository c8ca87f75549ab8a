//! # jamf-triage-render
//!
//! Renderers: a [`Report`] as terminal text, as Markdown for a ticket, or as JSON; and the
//! [`Redactor`] that takes identifiers out of what is shown. Rendering is apart from the engine so
//! that the engine decides and this crate words: a new format or locale touches no rule logic.
//!
//!
//! All three read the report the same way (one walk, every text picked in one [`Locale`] with
//! fallback to `en`) and use one table of labels per locale for the words they add. The text and
//! Markdown forms share one layout, short by default: what was diagnosed (Mac, user, time,
//! integration), what is seen, the confirmed causes with their evidence in words and the fix,
//! what is still open with the files and commands that would decide it, and one line counting
//! the ruled-out causes. With [`TextOptions::all`] they show everything: the counts, the
//! evidence that decided the integration, references, the ruled-out causes with the tests that
//! decided them, every symptom and each test as the rule writes it.
//!
//! Evidence is worded from the facts' localized labels and the test, values in the reader's
//! format (dates, durations, counts, lists, well-known ids named); a [`FactGuide`] built from
//! the caller's registry gives the labels and the artifacts that provide each fact.
//!
//! The JSON form is the versioned schema [`REPORT_SCHEMA`](jamf_triage_core::report::REPORT_SCHEMA),
//! documented in `docs/REPORT.md`: fields are only ever added within `v1`.
//!
//! Renderers do no I/O and are deterministic: the same report gives the same output. Log lines,
//! tests and collector messages are shown as the products print them; control characters in
//! them are escaped in text and Markdown so that a log line cannot drive the terminal.
//!
//! ```
//! use jamf_triage_render::{TextOptions, render_json, render_markdown, render_text};
//! use jamf_triage_core::{Locale, Report, Subject};
//!
//! let report = Report {
//!     subject: Subject { serial: Some("C02XK1ZZJG5H".into()), user: None },
//!     observed_at: Some("2024-06-03T12:00:00Z".parse()?),
//!     integration: None,
//!     symptoms: Vec::new(),
//!     causes: Vec::new(),
//!     problems: Vec::new(),
//! };
//! let text = render_text(&report, &TextOptions::default());
//! assert!(text.contains("No cause is confirmed."));
//! assert!(render_markdown(&report, Locale::PtPt).contains("Nenhuma causa foi confirmada."));
//! assert_eq!(render_json(&report, Locale::ZhCn)["schema"], "jamf-triage/report/v1");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod doc;
mod explain;
pub mod fleet;
mod guide;
mod labels;
mod markdown;
mod names;
mod redact;
mod text;
mod view;
mod words;

use jamf_triage_core::{Locale, Report};

pub use explain::{render_explain, render_facts};
pub use guide::{FactGuide, Provider};
pub use redact::{IdentifierKind, Redactor, mask_credentials};

use view::ReportView;

/// How to render a report as terminal text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// The locale of the chrome and of the rule text (falling back to `en`).
    pub locale: Locale,
    /// Whether to colour with ANSI escapes. The caller decides (a terminal, `NO_COLOR`); the
    /// default is no colour.
    pub color: bool,
    /// Everything (`--all`): ruled-out causes with the tests that decided them, every symptom,
    /// references and each test as the rule writes it. The default is the short report.
    pub all: bool,
    /// The width to wrap lines at, in columns (the terminal's); `None` leaves lines as long
    /// as they are. A wrapped line continues under its text, past its indentation and list
    /// marker; words (a URL, a path) are never split.
    pub width: Option<usize>,
}

/// The report as terminal text, coloured when `options.color`.
///
/// ```
/// # use jamf_triage_render::{TextOptions, render_text};
/// # use jamf_triage_core::{Locale, Report, Subject};
/// # let report = Report { subject: Subject::default(), observed_at: None, integration: None, symptoms: vec![], causes: vec![], problems: vec![] };
/// let options = TextOptions { locale: Locale::ZhCn, ..TextOptions::default() };
/// assert!(render_text(&report, &options).starts_with("jamf-triage 诊断报告\n"));
/// ```
pub fn render_text(report: &Report<'_>, options: &TextOptions) -> String {
    render_text_with(report, options, &FactGuide::default())
}

/// [`render_text`] with the facts' labels and providing artifacts: tests are worded with the
/// facts' labels and "to collect" names files and commands.
pub fn render_text_with(report: &Report<'_>, options: &TextOptions, guide: &FactGuide) -> String {
    let view = ReportView::new(report, options.locale);
    let text = text::write(&doc::document(&view, guide, options.all), options.color);
    match options.width {
        Some(width) => wrap(&text, width),
        None => text,
    }
}

/// `text` with every line longer than `width` columns wrapped under its own text.
fn wrap(text: &str, width: usize) -> String {
    static MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(\s*)((?:[-*•$>!]|\d+\.)\s+)?").expect("a valid constant pattern")
    });
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for line in text.split_inclusive('\n') {
        let (line, end) = match line.strip_suffix('\n') {
            Some(line) => (line, "\n"),
            None => (line, ""),
        };
        if textwrap::core::display_width(line) <= width {
            out.push_str(line);
            out.push_str(end);
            continue;
        }
        let lead = MARKER.find(line).map_or(0, |lead| lead.end());
        let hang = " ".repeat(textwrap::core::display_width(&line[..lead]));
        let options = textwrap::Options::new(width.max(hang.len() + 20))
            .initial_indent(&line[..lead])
            .subsequent_indent(&hang)
            .break_words(false)
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        out.push_str(&textwrap::fill(&line[lead..], options));
        out.push_str(end);
    }
    out
}

/// The report as Markdown (CommonMark), to paste into a ticket.
///
/// ```
/// # use jamf_triage_render::render_markdown;
/// # use jamf_triage_core::{Locale, Report, Subject};
/// # let report = Report { subject: Subject::default(), observed_at: None, integration: None, symptoms: vec![], causes: vec![], problems: vec![] };
/// assert!(render_markdown(&report, Locale::En).starts_with("# jamf-triage report\n"));
/// ```
pub fn render_markdown(report: &Report<'_>, locale: Locale) -> String {
    render_markdown_with(
        report,
        &TextOptions {
            locale,
            ..TextOptions::default()
        },
        &FactGuide::default(),
    )
}

/// [`render_markdown`] with the facts' labels and providing artifacts, short or whole as
/// `options.all` says (`options.color` is ignored).
pub fn render_markdown_with(
    report: &Report<'_>,
    options: &TextOptions,
    guide: &FactGuide,
) -> String {
    let view = ReportView::new(report, options.locale);
    markdown::write(&doc::document(&view, guide, options.all))
}

/// The report as JSON, schema `jamf-triage/report/v1` (see `docs/REPORT.md`), with every text
/// in `locale`.
///
/// ```
/// # use jamf_triage_render::render_json;
/// # use jamf_triage_core::{Locale, Report, Subject};
/// # let report = Report { subject: Subject::default(), observed_at: None, integration: None, symptoms: vec![], causes: vec![], problems: vec![] };
/// let json = render_json(&report, Locale::PtPt);
/// assert_eq!(json["locale"], "pt-PT");
/// assert_eq!(json["summary"]["causes"]["confirmed"], 0);
/// assert!(json["observed_at"].is_null());
/// ```
pub fn render_json(report: &Report<'_>, locale: Locale) -> serde_json::Value {
    // Serializing the view to a `Value` cannot fail: every map key is a string and no field has
    // a fallible `Serialize`.
    serde_json::to_value(ReportView::new(report, locale)).unwrap_or_default()
}

/// [`render_json`] as pretty-printed text, ending with a line break.
///
/// ```
/// # use jamf_triage_render::render_json_string;
/// # use jamf_triage_core::{Locale, Report, Subject};
/// # let report = Report { subject: Subject::default(), observed_at: None, integration: None, symptoms: vec![], causes: vec![], problems: vec![] };
/// let json = render_json_string(&report, Locale::En);
/// assert!(json.starts_with("{\n  \"schema\": \"jamf-triage/report/v1\",\n"));
/// ```
pub fn render_json_string(report: &Report<'_>, locale: Locale) -> String {
    format!("{:#}\n", render_json(report, locale))
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_lines_wrap_under_their_text() {
        let text = "Title\n  - The app's only client secret expired on 11 Sep 2025 (graph/applications.json, passwordCredentials[0])\n";
        assert_eq!(
            super::wrap(text, 40),
            "Title\n  - The app's only client secret expired\n    on 11 Sep 2025\n    (graph/applications.json,\n    passwordCredentials[0])\n"
        );
        // A word longer than the width stays whole.
        let url = "see https://learn.microsoft.com/en-us/intune/intune-service/protect/conditional-access-integrate-jamf\n";
        assert_eq!(super::wrap(url, 40).lines().count(), 2);
    }
}
