//! The patterns a rule pack applies to the lines of each log file, read from the pack's public
//! model: every `any_line_matches`, `contains` and `count_matching` pattern on a lines fact (in
//! causes, symptoms and generations), mapped to the artifacts that give that fact through a
//! registry's artifact tables. This is what ripgrep is given to search for, so that it does the
//! work jamf-triage does on a log: find the lines the rules look for.
//!
//! ```
//! let engine = jamf_triage_rules::engine();
//! let registry = jamf_triage_sources::Registry::builtin();
//! let patterns = jamf_triage_benches::patterns::for_artifact(engine, &registry, "mac/jamfAAD.log");
//! assert!(patterns.iter().any(|pattern| pattern.contains("AADSTS50076")));
//! ```

use std::collections::BTreeMap;

use jamf_triage_core::evidence::FactType;
use jamf_triage_core::model::Condition;
use jamf_triage_core::{Engine, RulePack};
use jamf_triage_sources::Registry;

/// The regexes the pack applies to each lines fact, by fact name, each once, in the order the
/// pack first uses them; a `contains` literal is given escaped.
pub fn by_fact(engine: &Engine) -> BTreeMap<String, Vec<String>> {
    let mut found = BTreeMap::new();
    let pack: &RulePack = engine.pack();
    let conditions = pack
        .causes()
        .iter()
        .map(|cause| &cause.when)
        .chain(
            pack.symptoms()
                .iter()
                .filter_map(|symptom| symptom.detect.as_ref()),
        )
        .chain(pack.generations().iter().map(|generation| &generation.when));
    for condition in conditions {
        walk(engine, condition, &mut found);
    }
    found
}

fn walk(engine: &Engine, condition: &Condition, found: &mut BTreeMap<String, Vec<String>>) {
    for child in condition.all.iter().chain(&condition.any).flatten() {
        walk(engine, child, found);
    }
    if let Some(child) = &condition.not {
        walk(engine, child, found);
    }
    let Some(fact) = &condition.fact else {
        return;
    };
    let is_lines = engine
        .catalog()
        .get(fact)
        .is_some_and(|spec| spec.fact_type == FactType::Lines);
    if !is_lines {
        return;
    }
    let patterns = [
        condition.any_line_matches.clone(),
        condition.contains.as_deref().map(regex::escape),
        condition
            .count_matching
            .as_ref()
            .and_then(|count| count.pattern.clone()),
    ];
    let known = found.entry(fact.clone()).or_default();
    for pattern in patterns.into_iter().flatten() {
        if !known.contains(&pattern) {
            known.push(pattern);
        }
    }
}

/// The patterns the pack applies to the lines of the artifact at bundle-relative `path`: those
/// of every lines fact that an artifact of `registry` matching `path` gives.
pub fn for_artifact(engine: &Engine, registry: &Registry, path: &str) -> Vec<String> {
    let by_fact = by_fact(engine);
    let mut patterns: Vec<String> = Vec::new();
    for (_, spec) in registry.artifacts().filter(|(_, spec)| spec.matches(path)) {
        for fact in spec.facts {
            for pattern in by_fact.get(*fact).into_iter().flatten() {
                if !patterns.contains(pattern) {
                    patterns.push(pattern.clone());
                }
            }
        }
    }
    patterns
}
