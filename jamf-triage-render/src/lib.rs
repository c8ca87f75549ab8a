//! # jamf-triage-render
//!
//! Renderers: a [`Report`] as terminal text, as Markdown for a ticket, or as JSON; and the
//! [`Redactor`] that takes identifiers out of what is shown. Rendering is apart from the engine so
//! that the engine decides and this crate words: a new format or locale touches no rule logic.
//!
//!
//! All three read the report the same way (one walk, every text picked in one [`Locale`] with
//! fallback to `en`) and use one table of labels per locale for the words they add. The text and
//! Markdown forms share one layout: a header (subject, `observed_at`, counts), the integration
//! the tenant runs with the evidence that decided it (when the rule pack defines generations),
//! the confirmed
//! causes first in rank order with the evidence that decided them and their resolution step by
//! step, then the undetermined causes with what to collect to decide them, the ruled-out causes
//! one line each, the symptoms with their status, and the collection problems.
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
pub mod fleet;
mod labels;
mod markdown;
mod redact;
mod text;
mod view;

use jamf_triage_core::{Locale, Report};

pub use redact::Redactor;

use view::ReportView;

/// How to render a report as terminal text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextOptions {
    /// The locale of the chrome and of the rule text (falling back to `en`).
    pub locale: Locale,
    /// Whether to colour with ANSI escapes. The caller decides (a terminal, `NO_COLOR`); the
    /// default is no colour.
    pub color: bool,
}

/// The report as terminal text, coloured when `options.color`.
///
/// ```
/// # use jamf_triage_render::{TextOptions, render_text};
/// # use jamf_triage_core::{Locale, Report, Subject};
/// # let report = Report { subject: Subject::default(), observed_at: None, integration: None, symptoms: vec![], causes: vec![], problems: vec![] };
/// let options = TextOptions { locale: Locale::ZhCn, color: false };
/// assert!(render_text(&report, &options).starts_with("jamf-triage 诊断报告\n"));
/// ```
pub fn render_text(report: &Report<'_>, options: &TextOptions) -> String {
    let view = ReportView::new(report, options.locale);
    text::write(&doc::document(&view), options.color)
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
    let view = ReportView::new(report, locale);
    markdown::write(&doc::document(&view))
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
