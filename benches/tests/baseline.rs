//! The hand-written baseline gives the engine's verdicts: on every example bundle, on the
//! benchmark record, and on random variations of them (facts dropped, booleans flipped,
//! integers and timestamps shifted, list elements dropped, the time of observation moved).

use std::path::{Path, PathBuf};

use jamf_triage_benches::baseline::{Baseline, CAUSES};
use jamf_triage_core::evidence::{Evidence, Subject};
use jamf_triage_core::{FactValue, Verdict};
use jamf_triage_sources::Registry;
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn record() -> Evidence {
    let path = repo().join("benches/data/record.yaml");
    let text = std::fs::read_to_string(path).expect("benches/data/record.yaml");
    Evidence::from_yaml_str(&text, "record.yaml").expect("valid evidence")
}

fn examples() -> Vec<(String, Evidence)> {
    let registry = Registry::builtin();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(repo().join("examples/bundles"))
        .expect("examples/bundles")
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.is_dir())
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let bundle = registry.open_bundle(&path).expect("opens");
            let evidence = registry
                .collect(&bundle, &Subject::default(), None)
                .evidence;
            (path.display().to_string(), evidence)
        })
        .collect()
}

/// The engine's and the baseline's verdicts, cause by cause, where they differ.
fn differences(baseline: &Baseline, evidence: &Evidence) -> Vec<String> {
    let engine = jamf_triage_rules::engine().evaluate(evidence);
    let ours = baseline.decide(evidence);
    CAUSES
        .iter()
        .zip(ours)
        .filter_map(|(id, verdict)| {
            let expected = engine.cause(id);
            (expected != Some(verdict))
                .then(|| format!("{id}: engine {expected:?}, baseline {verdict:?}"))
        })
        .collect()
}

#[test]
fn the_baseline_decides_every_cause_of_the_built_in_pack() {
    let mut ids: Vec<&str> = jamf_triage_rules::engine()
        .pack()
        .causes()
        .iter()
        .map(|cause| cause.id.as_str())
        .collect();
    ids.sort_unstable();
    let mut ours = CAUSES.to_vec();
    ours.sort_unstable();
    assert_eq!(ours, ids);
}

#[test]
fn the_baseline_agrees_on_every_example_and_the_record() {
    let baseline = Baseline::new().expect("compiles");
    let mut seen = Vec::new();
    for (name, evidence) in examples()
        .into_iter()
        .chain([("record".to_owned(), record())])
    {
        assert_eq!(
            differences(&baseline, &evidence),
            Vec::<String>::new(),
            "{name}"
        );
        seen.extend(baseline.decide(&evidence));
    }
    // The examples are not all alike: every verdict occurs.
    for verdict in [Verdict::Confirmed, Verdict::Undetermined, Verdict::RuledOut] {
        assert!(seen.contains(&verdict), "{verdict:?}");
    }
}

/// `base` changed fact by fact as `changes` says (the i-th change for the i-th fact).
/// `observed_shift` moves the time of observation by that many hours; `None` drops it.
fn vary(base: &Evidence, changes: &[(u8, i64)], observed_shift: Option<i64>) -> Evidence {
    let mut varied = Evidence::default();
    varied.subject = base.subject.clone();
    varied.observed_at = base
        .observed_at
        .zip(observed_shift)
        .and_then(|(at, hours)| at.checked_add(jiff::SignedDuration::from_hours(hours)).ok());
    for (index, (name, fact)) in base.facts().enumerate() {
        let (action, amount) = changes.get(index).copied().unwrap_or((0, 0));
        let mut fact = fact.clone();
        match (action, &mut fact.value) {
            (1, _) => continue,
            (2, FactValue::Bool(value)) => *value = !*value,
            (2, FactValue::Integer(value)) => *value += amount.signum(),
            (2, FactValue::Timestamp(at)) => {
                if let Ok(shifted) = at.checked_add(jiff::SignedDuration::from_hours(amount)) {
                    *at = shifted;
                }
            }
            (2, FactValue::List(items)) => {
                let len = items.len();
                if len > 0 {
                    items.remove(usize::try_from(amount.unsigned_abs()).unwrap_or(0) % len);
                }
            }
            (3, FactValue::List(items)) => items.clear(),
            (3, FactValue::Integer(value)) => *value = amount % 3,
            _ => {}
        }
        varied.insert(name, fact);
    }
    varied
}

fn baseline() -> &'static Baseline {
    static BASELINE: std::sync::OnceLock<Baseline> = std::sync::OnceLock::new();
    BASELINE.get_or_init(|| Baseline::new().expect("compiles"))
}

fn bases() -> &'static [Evidence] {
    static BASES: std::sync::OnceLock<Vec<Evidence>> = std::sync::OnceLock::new();
    BASES.get_or_init(|| {
        examples()
            .into_iter()
            .map(|(_, evidence)| evidence)
            .chain([record()])
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_baseline_agrees_on_variations(
        base in 0_usize..16,
        changes in proptest::collection::vec((0_u8..8, -72_i64..72), 160),
        observed_shift in prop_oneof![
            Just(Some(0_i64)),
            Just(None),
            (-24_000_i64..24_000).prop_map(Some),
        ],
    ) {
        let bases = bases();
        let base = &bases[base % bases.len()];
        let varied = vary(base, &changes, observed_shift);
        prop_assert_eq!(differences(baseline(), &varied), Vec::<String>::new());
    }
}
