//! The checks of a whole pack that need no fact catalog: ids, references, cycles, texts, and
//! (through [`super::condition`]) the shape of every condition.

use std::collections::HashMap;

use super::condition::{CauseRef, CheckedRegexes, check_condition};
use super::{Origin, RulePack};
use crate::model::{CauseDef, GenerationId, ResolutionDef, SymptomDef};
use crate::problem::Problem;
use crate::yaml::index::child;
use crate::{Locale, LocalizedText, RuleErrorKind};

/// Every mistake of `pack`, and its regexes; `unreadable` are the ids of entries that could not
/// be read (not reported again as dangling references).
pub(super) fn check(pack: &RulePack, unreadable: &[String]) -> (Vec<Problem>, CheckedRegexes) {
    let mut problems = Vec::new();
    let kinds: [(&str, Vec<&str>, &[Origin]); 3] = [
        (
            "symptom",
            pack.symptoms.iter().map(|s| s.id.as_str()).collect(),
            &pack.symptom_origins,
        ),
        (
            "cause",
            pack.causes.iter().map(|c| c.id.as_str()).collect(),
            &pack.cause_origins,
        ),
        (
            "resolution",
            pack.resolutions.iter().map(|r| r.id.as_str()).collect(),
            &pack.resolution_origins,
        ),
    ];
    for (kind, ids, origins) in &kinds {
        check_ids(pack, kind, ids, origins, &mut problems);
    }
    let mut regexes = CheckedRegexes::default();
    check_generations(pack, &mut regexes, &mut problems);
    let mut refs = References {
        pack,
        unreadable,
        problems: &mut problems,
        regexes: &mut regexes,
    };
    for (symptom, origin) in pack.symptoms.iter().zip(&pack.symptom_origins) {
        refs.symptom(symptom, origin);
    }
    let mut cause_refs = Vec::new();
    for (cause, origin) in pack.causes.iter().zip(&pack.cause_origins) {
        cause_refs.push(refs.cause(cause, origin));
    }
    for (resolution, origin) in pack.resolutions.iter().zip(&pack.resolution_origins) {
        check_resolution(resolution, origin, refs.problems);
    }
    check_cycles(pack, &cause_refs, &mut problems);
    (problems, regexes)
}

/// Ids are kebab-case and unique within their kind.
fn check_ids(
    pack: &RulePack,
    kind: &str,
    ids: &[&str],
    origins: &[Origin],
    problems: &mut Vec<Problem>,
) {
    let mut first: HashMap<&str, &Origin> = HashMap::new();
    for (id, origin) in ids.iter().zip(origins) {
        let path = child(&origin.path, "id");
        if !is_kebab_case(id) {
            let message = format!("the {kind} id `{id}` is not kebab-case");
            problems.push(
                Problem::new(
                    origin.file,
                    path.as_str(),
                    RuleErrorKind::InvalidValue,
                    message,
                )
                .help(
                    "ids are lowercase words and digits joined by `-`, like `graph-token-failure`",
                ),
            );
        }
        match first.get(id) {
            Some(earlier) => {
                let message = format!("duplicate {kind} id `{id}`");
                let place = pack.place(earlier.file, &child(&earlier.path, "id"));
                problems.push(
                    Problem::new(origin.file, path, RuleErrorKind::DuplicateId, message)
                        .help(format!("`{id}` is first defined at {place}")),
                );
            }
            None => {
                first.insert(id, origin);
            }
        }
    }
}

fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|word| {
            !word.is_empty()
                && word
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// Checks of the references an entry makes, and of its texts and conditions.
struct References<'p> {
    pack: &'p RulePack,
    unreadable: &'p [String],
    problems: &'p mut Vec<Problem>,
    regexes: &'p mut CheckedRegexes,
}

impl References<'_> {
    fn symptom(&mut self, symptom: &SymptomDef, origin: &Origin) {
        let file = origin.file;
        check_text(
            &symptom.title,
            true,
            file,
            &child(&origin.path, "title"),
            self.problems,
        );
        let description = child(&origin.path, "description");
        check_text(
            &symptom.description,
            false,
            file,
            &description,
            self.problems,
        );
        for (index, id) in symptom.causes.iter().enumerate() {
            let path = format!("{}.causes[{index}]", origin.path);
            self.cause_exists(id, file, path);
        }
        self.applies_to(symptom.applies_to.as_deref(), origin);
        if let Some(detect) = &symptom.detect {
            let path = child(&origin.path, "detect");
            let refs = check_condition(detect, file, &path, self.problems, self.regexes);
            self.conditions(&refs, file);
        }
    }

    /// Checks a cause; returns its `cause:` references (for the cycle check).
    fn cause(&mut self, cause: &CauseDef, origin: &Origin) -> Vec<CauseRef> {
        let file = origin.file;
        check_text(
            &cause.title,
            true,
            file,
            &child(&origin.path, "title"),
            self.problems,
        );
        let description = child(&origin.path, "description");
        check_text(&cause.description, false, file, &description, self.problems);
        self.applies_to(cause.applies_to.as_deref(), origin);
        if self.pack.resolution(&cause.resolution).is_none()
            && !self.unreadable.contains(&cause.resolution)
        {
            let candidates = self.pack.resolutions.iter().map(|r| r.id.as_str());
            let message = format!("no resolution has the id `{}`", cause.resolution);
            self.problems.push(
                Problem::new(
                    file,
                    child(&origin.path, "resolution"),
                    RuleErrorKind::DanglingReference,
                    message,
                )
                .suggest(jamf_triage_evidence::suggest::closest(
                    &cause.resolution,
                    candidates,
                )),
            );
        }
        let refs = check_condition(
            &cause.when,
            file,
            &child(&origin.path, "when"),
            self.problems,
            self.regexes,
        );
        self.conditions(&refs, file);
        refs
    }

    /// An `applies_to` list names generations the pack defines, each once, and at least one.
    fn applies_to(&mut self, applies_to: Option<&[GenerationId]>, origin: &Origin) {
        let Some(applies_to) = applies_to else {
            return;
        };
        let path = child(&origin.path, "applies_to");
        if applies_to.is_empty() {
            self.problems.push(
                Problem::new(
                    origin.file,
                    path.as_str(),
                    RuleErrorKind::InvalidValue,
                    "`applies_to` is empty: the entry would apply to no tenant",
                )
                .help("name its generations, or leave `applies_to` out to apply to every one"),
            );
            return;
        }
        let defined: Vec<&str> = self.pack.generations.iter().map(|g| g.id.code()).collect();
        for (index, id) in applies_to.iter().enumerate() {
            let at = format!("{path}[{index}]");
            if applies_to[..index].contains(id) {
                let message = format!("the generation `{id}` is listed twice");
                let problem = Problem::new(origin.file, at, RuleErrorKind::InvalidValue, message);
                self.problems.push(problem);
                continue;
            }
            let code = id.code();
            if defined.contains(&code) || self.unreadable.iter().any(|u| u == code) {
                continue;
            }
            let message = format!("the pack defines no generation `{id}`");
            let help = if defined.is_empty() {
                "define the generations in a top-level `generations:` list of a rule file"
                    .to_owned()
            } else {
                format!(
                    "the pack defines {}",
                    defined
                        .iter()
                        .map(|code| format!("`{code}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            self.problems.push(
                Problem::new(origin.file, at, RuleErrorKind::UnknownGeneration, message)
                    .suggest(jamf_triage_evidence::suggest::closest(
                        code,
                        defined.iter().copied(),
                    ))
                    .help(help),
            );
        }
    }

    fn conditions(&mut self, refs: &[CauseRef], file: usize) {
        for reference in refs {
            self.cause_exists(&reference.id, file, reference.path.clone());
        }
    }

    fn cause_exists(&mut self, id: &str, file: usize, path: String) {
        if self.pack.cause(id).is_some() || self.unreadable.iter().any(|u| u == id) {
            return;
        }
        let candidates = self.pack.causes.iter().map(|c| c.id.as_str());
        let message = format!("no cause has the id `{id}`");
        self.problems.push(
            Problem::new(file, path, RuleErrorKind::DanglingReference, message)
                .suggest(jamf_triage_evidence::suggest::closest(id, candidates)),
        );
    }
}

fn check_resolution(resolution: &ResolutionDef, origin: &Origin, problems: &mut Vec<Problem>) {
    let file = origin.file;
    check_text(
        &resolution.title,
        true,
        file,
        &child(&origin.path, "title"),
        problems,
    );
    let description = child(&origin.path, "description");
    check_text(&resolution.description, false, file, &description, problems);
    for (index, step) in resolution.steps.iter().enumerate() {
        let path = format!("{}.steps[{index}]", origin.path);
        check_text(&step.text, true, file, &child(&path, "text"), problems);
        if let Some(location) = &step.location {
            check_text(location, true, file, &child(&path, "location"), problems);
        }
        if let Some(warning) = &step.warning {
            check_text(warning, true, file, &child(&path, "warning"), problems);
        }
    }
}

/// Generations: each id once, a title in English, a well-formed `when` that tests no cause
/// (causes depend on the generations through `applies_to`, never the other way round).
fn check_generations(pack: &RulePack, regexes: &mut CheckedRegexes, problems: &mut Vec<Problem>) {
    let mut first: HashMap<GenerationId, &Origin> = HashMap::new();
    for (generation, origin) in pack.generations.iter().zip(&pack.generation_origins) {
        let file = origin.file;
        let path = child(&origin.path, "id");
        match first.get(&generation.id) {
            Some(earlier) => {
                let message = format!("duplicate generation id `{}`", generation.id);
                let place = pack.place(earlier.file, &child(&earlier.path, "id"));
                problems.push(
                    Problem::new(file, path, RuleErrorKind::DuplicateId, message)
                        .help(format!("`{}` is first defined at {place}", generation.id)),
                );
            }
            None => {
                first.insert(generation.id, origin);
            }
        }
        check_text(
            &generation.title,
            true,
            file,
            &child(&origin.path, "title"),
            problems,
        );
        let when = child(&origin.path, "when");
        for reference in check_condition(&generation.when, file, &when, problems, regexes) {
            let message = format!(
                "a generation's `when` cannot test a cause (`cause: {}`)",
                reference.id
            );
            problems.push(
                Problem::new(file, reference.path, RuleErrorKind::ConditionForm, message).help(
                    "a generation is decided from facts alone; causes depend on it through `applies_to`",
                ),
            );
        }
    }
}

/// A localized text has `en` (when required or not empty) and only supported locales.
fn check_text(
    text: &LocalizedText,
    required: bool,
    file: usize,
    path: &str,
    problems: &mut Vec<Problem>,
) {
    if (required || !text.0.is_empty())
        && text
            .0
            .get(Locale::En.code())
            .is_none_or(|en| en.trim().is_empty())
    {
        problems.push(
            Problem::new(
                file,
                path,
                RuleErrorKind::MissingEnglish,
                "this text has no `en` version",
            )
            .help("every text needs `en`; `pt-PT` and `zh-CN` are optional"),
        );
    }
    for key in text.0.keys() {
        if Locale::from_code(key).is_some() {
            continue;
        }
        let codes = Locale::ALL.map(Locale::code);
        let normalized = key.replace('_', "-");
        let suggestion = codes
            .iter()
            .copied()
            .find(|code| code.eq_ignore_ascii_case(&normalized))
            .or_else(|| jamf_triage_evidence::suggest::closest(key, codes));
        problems.push(
            Problem::new(
                file,
                child(path, key),
                RuleErrorKind::UnknownLocale,
                format!("unknown locale `{key}`"),
            )
            .at_key()
            .suggest(suggestion)
            .help("the supported locales are `en`, `pt-PT` and `zh-CN`"),
        );
    }
}

/// Reports every cycle of `cause:` references, at the reference that closes it.
fn check_cycles(pack: &RulePack, refs: &[Vec<CauseRef>], problems: &mut Vec<Problem>) {
    let index: HashMap<&str, usize> = pack
        .causes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let edges: Vec<Vec<(usize, &CauseRef)>> = refs
        .iter()
        .map(|list| {
            list.iter()
                .filter_map(|r| index.get(r.id.as_str()).map(|&to| (to, r)))
                .collect()
        })
        .collect();
    let mut state = vec![Visit::New; pack.causes.len()];
    let mut stack = Vec::new();
    for start in 0..pack.causes.len() {
        visit(
            start,
            &edges,
            &mut state,
            &mut stack,
            &mut |cycle, closing| {
                let names: Vec<&str> = cycle.iter().map(|&i| pack.causes[i].id.as_str()).collect();
                let from = cycle.last().copied().unwrap_or(start);
                let file = pack.cause_origins.get(from).map_or(0, |origin| origin.file);
                let message = format!(
                    "cause `{}` depends on itself: {} → {}",
                    names.first().copied().unwrap_or_default(),
                    names.join(" → "),
                    names.first().copied().unwrap_or_default(),
                );
                problems.push(Problem::new(
                    file,
                    closing.path.clone(),
                    RuleErrorKind::CauseCycle,
                    message,
                ));
            },
        );
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Visit {
    New,
    Active,
    Done,
}

/// Depth-first search; `found` gets each cycle (the causes on it, in order) and the reference
/// that closes it.
fn visit(
    node: usize,
    edges: &[Vec<(usize, &CauseRef)>],
    state: &mut [Visit],
    stack: &mut Vec<usize>,
    found: &mut dyn FnMut(&[usize], &CauseRef),
) {
    if state[node] != Visit::New {
        return;
    }
    state[node] = Visit::Active;
    stack.push(node);
    for &(to, reference) in &edges[node] {
        match state[to] {
            Visit::Active => {
                let from = stack.iter().rposition(|&n| n == to).unwrap_or(0);
                found(&stack[from..], reference);
            }
            Visit::New => visit(to, edges, state, stack, found),
            Visit::Done => {}
        }
    }
    stack.pop();
    state[node] = Visit::Done;
}

#[cfg(test)]
mod tests {
    #[test]
    fn kebab_case_ids() {
        assert!(super::is_kebab_case("graph-token-failure"));
        assert!(super::is_kebab_case("a1"));
        for bad in ["", "Graph", "a--b", "-a", "a_b", "a b"] {
            assert!(!super::is_kebab_case(bad), "{bad}");
        }
    }
}
