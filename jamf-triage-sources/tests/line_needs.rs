//! Collecting with line needs: on every example bundle, keeping only some lines of each lines
//! fact changes nothing else. The facts derived from the logs are those of a whole collection,
//! the lines kept are exactly the lines of the whole fact the matcher keeps, and the count of
//! lines read is the whole fact's length.

use std::path::{Path, PathBuf};

use jamf_triage_core::Locale;
use jamf_triage_evidence::{Evidence, FactValue, LineMatcher, LineNeed, LineNeeds, Lines, Subject};
use jamf_triage_render::render_json;
use jamf_triage_sources::Registry;

/// Keeps the lines that mention an error or a success, and every third line by length.
struct Some3;

impl LineMatcher for Some3 {
    fn keeps(&self, line: &str) -> bool {
        line.contains("rr") || line.contains("acquired") || line.len() % 3 == 0
    }
}

/// A hand-made consumer: the matcher on most facts, only counts on the server log, every line
/// of the connectivity failures.
struct Needs;

impl LineNeeds for Needs {
    fn need(&self, fact: &str) -> LineNeed<'_> {
        match fact {
            "jamf.server_log.entries" => LineNeed::CountOnly,
            "device.connectivity.failures" => LineNeed::Every,
            _ => LineNeed::Matching(&Some3),
        }
    }
}

/// Keeps nothing anywhere.
struct Nothing;

impl LineNeeds for Nothing {
    fn need(&self, _fact: &str) -> LineNeed<'_> {
        LineNeed::CountOnly
    }
}

fn examples() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/bundles");
    let mut bundles: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("examples/bundles")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    bundles.sort();
    assert!(bundles.len() >= 6, "{bundles:?}");
    bundles
}

fn kept(lines: &Lines) -> Vec<(String, u32, String)> {
    lines
        .iter()
        .map(|line| (line.artifact.to_owned(), line.number, line.text.to_owned()))
        .collect()
}

/// `part` is `whole` with only the lines `needs` asks for; gives how many lines facts there were.
fn assert_reduced(whole: &Evidence, part: &Evidence, needs: &dyn LineNeeds, name: &str) -> usize {
    assert_eq!(part.problems(), whole.problems(), "{name}");
    assert_eq!(part.subject, whole.subject, "{name}");
    assert_eq!(part.observed_at, whole.observed_at, "{name}");
    let names = |evidence: &Evidence| {
        evidence
            .facts()
            .map(|(n, _)| n.to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(part), names(whole), "{name}");
    let mut lines_facts = 0;
    for (fact, full) in whole.facts() {
        let reduced = part.get(fact).expect("the same facts");
        assert_eq!(reduced.provenance, full.provenance, "{name}: {fact}");
        match (&full.value, &reduced.value) {
            (FactValue::Lines(full), FactValue::Lines(reduced)) => {
                lines_facts += 1;
                assert!(full.is_whole(), "{name}: {fact}");
                let wanted: Vec<_> = match needs.need(fact) {
                    LineNeed::Every => kept(full),
                    LineNeed::Matching(matcher) => {
                        // The matcher's tally, as the sink keeps it for the fact.
                        let mut tally = Vec::new();
                        kept(full)
                            .into_iter()
                            .filter(|(_, _, text)| matcher.keeps_counted(text, &mut tally))
                            .collect()
                    }
                    LineNeed::CountOnly => Vec::new(),
                };
                assert_eq!(kept(reduced), wanted, "{name}: {fact}");
                assert_eq!(reduced.total(), full.total(), "{name}: {fact}");
            }
            (full, reduced) => assert_eq!(reduced, full, "{name}: {fact}"),
        }
    }
    lines_facts
}

#[test]
fn collecting_with_needs_keeps_only_the_needed_lines_and_changes_nothing_else() {
    let registry = Registry::builtin();
    let mut partial = 0;
    for path in examples() {
        let name = path.display().to_string();
        let bundle = registry.open_bundle(&path).expect("example bundle");
        let whole = registry
            .collect(&bundle, &Subject::default(), None)
            .evidence;
        for needs in [&Needs as &dyn LineNeeds, &Nothing] {
            let part = registry
                .collect_with(&bundle, &Subject::default(), None, needs)
                .evidence;
            assert!(assert_reduced(&whole, &part, needs, &name) >= 5, "{name}");
            partial += part
                .facts()
                .filter(
                    |(_, fact)| matches!(&fact.value, FactValue::Lines(lines) if !lines.is_whole()),
                )
                .count();
        }
    }
    assert!(partial > 0, "some lines were left out");
}

#[test]
fn a_fleet_with_needs_gives_every_mac_the_same_reduced_evidence() {
    let registry = Registry::builtin();
    let mut macs = 0;
    for path in examples() {
        let name = path.display().to_string();
        let bundle = registry.open_bundle(&path).expect("example bundle");
        let Ok(whole) = registry.fleet(&bundle, None) else {
            continue;
        };
        let part = registry
            .fleet_with(&bundle, None, &Needs)
            .expect("the same fleet");
        assert_reduced(whole.tenant(), part.tenant(), &Needs, &name);
        assert_eq!(part.macs(), whole.macs(), "{name}");
        for mac in whole.macs() {
            assert_reduced(&whole.evidence(mac), &part.evidence(mac), &Needs, &name);
            macs += 1;
        }
    }
    assert!(macs > 0, "some example is a fleet");
}

/// With the built-in pack's own needs, every example bundle gets the report of its whole
/// evidence, and keeps fewer lines.
#[test]
fn the_built_in_pack_needs_give_the_reports_of_the_whole_evidence() {
    let registry = Registry::builtin();
    let engine = jamf_triage_rules::engine();
    let (mut kept, mut read) = (0, 0);
    for path in examples() {
        let name = path.display().to_string();
        let bundle = registry.open_bundle(&path).expect("example bundle");
        let whole = registry
            .collect(&bundle, &Subject::default(), None)
            .evidence;
        let part = registry
            .collect_with(&bundle, &Subject::default(), None, engine)
            .evidence;
        assert_reduced(&whole, &part, engine, &name);
        // The same report, as every reader sees it (the report borrows the facts, so the two
        // reports hold different `Lines`: compared rendered, not as values).
        let (part_report, whole_report) = (engine.diagnose(&part), engine.diagnose(&whole));
        for locale in [Locale::En, Locale::PtPt, Locale::ZhCn] {
            assert_eq!(
                render_json(&part_report, locale),
                render_json(&whole_report, locale),
                "{name} {locale:?}"
            );
        }
        for (_, fact) in part.facts() {
            if let FactValue::Lines(lines) = &fact.value {
                kept += lines.len();
                read += usize::try_from(lines.total()).expect("small");
            }
        }
    }
    assert!(kept < read, "{kept} lines kept of {read}");
}
