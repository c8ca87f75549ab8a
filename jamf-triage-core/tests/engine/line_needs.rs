//! What a compiled pack needs of its lines facts: lines kept through the engine's
//! [`LineNeeds`] give the verdicts of the whole lines.

use jamf_triage_core::{Engine, Evidence, LineNeed, LineNeeds, LineSink, Lines, Verdict};
use proptest::prelude::*;

use crate::common::{compile, evidence, lines, source};

/// A cause `id` whose `when` is `condition`.
fn cause(id: &str, condition: &str) -> String {
    format!(
        "  - id: {id}
    scope: device
    severity: high
    title: {{ en: C }}
    resolution: r
    when: {condition}
"
    )
}

/// A pack of `causes` (YAML list items) with the resolution they name.
fn pack(causes: &str) -> String {
    format!(
        "causes:
{causes}resolutions:
  - id: r
    scope: device
    title: {{ en: R }}
    steps: []
"
    )
}

/// `text` as a YAML single-quoted string.
fn quoted(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// `whole` kept through what `engine` needs of `fact`.
fn kept(engine: &Engine, fact: &str, whole: &Lines) -> Lines {
    let mut sink = LineSink::new(engine.need(fact));
    for line in whole.iter() {
        sink.offer(line.artifact, line.number, line.text);
    }
    sink.finish()
}

fn with_log(lines: Lines) -> Evidence {
    let mut evidence = evidence();
    evidence.set("device.aad.log", lines, source("mac/jamfAAD.log"));
    evidence
}

/// Every verdict of `engine` on `evidence`, from `evaluate` and from `diagnose`.
fn verdicts(engine: &Engine, evidence: &Evidence) -> Vec<(String, Verdict, Option<Verdict>)> {
    let report = engine.diagnose(evidence);
    engine
        .evaluate(evidence)
        .causes()
        .map(|(cause, verdict)| {
            let diagnosed = report.cause(&cause.id).map(|finding| finding.verdict);
            (cause.id.clone(), verdict, diagnosed)
        })
        .collect()
}

#[test]
fn facts_read_without_a_regex_are_only_counted() {
    let engine = compile(&pack(&format!(
        "{}{}{}",
        cause(
            "mfa",
            "{ fact: device.aad.log, any_line_matches: 'AADSTS5007[69]' }"
        ),
        cause(
            "portal",
            "{ fact: device.company_portal.log, exists: true }"
        ),
        cause("busy", "{ fact: jamf.server.log, count: { gt: 2 } }"),
    )))
    .expect("compiles");
    assert!(matches!(
        engine.need("device.aad.log"),
        LineNeed::Matching(_)
    ));
    for counted in [
        "device.company_portal.log",
        "jamf.server.log",
        "device.os.version",
        "no.such.fact",
    ] {
        assert!(
            matches!(engine.need(counted), LineNeed::CountOnly),
            "{counted}"
        );
    }
    let whole = lines("jamf.log", &["a", "b", "c"]);
    let counted = kept(&engine, "jamf.server.log", &whole);
    assert_eq!((counted.len(), counted.total()), (0, 3));
    let mut evidence = evidence();
    evidence.set("jamf.server.log", counted, source("jamf.log"));
    assert_eq!(
        engine.evaluate(&evidence).cause("busy"),
        Some(Verdict::Confirmed)
    );
}

#[test]
fn a_regex_anchored_to_the_whole_text_keeps_every_line() {
    let engine = compile(&pack(&cause(
        "first",
        r"{ fact: device.aad.log, any_line_matches: '\Afoo' }",
    )))
    .expect("compiles");
    assert!(matches!(engine.need("device.aad.log"), LineNeed::Every));
}

/// A pattern made of pieces that give literals, quotes, classes, anchors and case folding.
fn pattern() -> impl Strategy<Value = String> {
    let pieces = vec![
        "a", "b", "ab", "(a|ba)", "[ab]", "[^a]", ".", ".*", "^", "$", r"\A", r"\z", r"\s", r"\b",
        "(?i)a", "b?", "\"", "“", "'", "x", " ",
    ];
    proptest::collection::vec(proptest::sample::select(pieces), 1..5).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn kept_lines_give_the_verdicts_of_the_whole_lines(
        patterns in proptest::collection::vec(pattern(), 1..4),
        needle in "[ab\"“' ]{1,3}",
        texts in proptest::collection::vec("[abAB\"“”'’ x]{0,6}", 0..7),
    ) {
        let mut causes = format!(
            "{}{}",
            cause("contains", &format!("{{ fact: device.aad.log, contains: {} }}", quoted(&needle))),
            cause("exists", "{ fact: device.aad.log, exists: true }"),
        );
        for count in 0..=texts.len() + 1 {
            causes.push_str(&cause(
                &format!("count-{count}"),
                &format!("{{ fact: device.aad.log, count: {{ eq: {count} }} }}"),
            ));
        }
        for (index, pattern) in patterns.iter().enumerate() {
            causes.push_str(&cause(
                &format!("line-{index}"),
                &format!("{{ fact: device.aad.log, any_line_matches: {} }}", quoted(pattern)),
            ));
            for count in 0..=texts.len() {
                causes.push_str(&cause(
                    &format!("matching-{index}-{count}"),
                    &format!(
                        "{{ fact: device.aad.log, count_matching: {{ pattern: {}, eq: {count} }} }}",
                        quoted(pattern)
                    ),
                ));
            }
        }
        // Some random patterns are not valid regexes.
        let Ok(engine) = compile(&pack(&causes)) else {
            return Ok(());
        };
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let whole = lines("mac/jamfAAD.log", &texts);
        let kept = kept(&engine, "device.aad.log", &whole);
        prop_assert_eq!(kept.total(), whole.total());
        prop_assert_eq!(
            verdicts(&engine, &with_log(kept)),
            verdicts(&engine, &with_log(whole))
        );
    }
}
