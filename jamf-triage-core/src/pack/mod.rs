//! Loading a rule pack: rule files in, a structurally valid [`RulePack`] or every mistake out.
//!
//! Each file is parsed on its own (a syntax error in one file does not hide the mistakes of
//! another), its entries are read one by one, and the pack as a whole is then checked: ids,
//! references between entries, cause-reference cycles, condition shapes, regexes, durations,
//! times and localized texts. What needs the fact catalog (fact names, operator types) is
//! checked when the pack is compiled into an [`crate::Engine`].
//!
//! Files already read ([`RulePack::from_rule_files`], the built-in pack's way) skip the YAML and
//! are checked alike. Each distinct regex is parsed once, in the form the engine compiles it, and
//! the pack hands it to compilation, which so parses none again.

mod check;
mod condition;

use std::collections::HashMap;

use crate::compile::lazy_regex::LazyRegex;
use crate::model::{CauseDef, GenerationDef, GenerationId, ResolutionDef, RuleFile, SymptomDef};
use crate::problem::{Anchor, Problem};
use crate::yaml::index::{LazyIndex, Position, PositionIndex};
use crate::yaml::rules::{ParsedFile, parse_rule_file};
use crate::{RuleError, RuleErrors};

/// The text of one rule file, with the name its errors are reported under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleSource<'a> {
    /// The file's path as it should appear in errors (`rules/causes.yaml`).
    pub name: &'a str,
    /// The YAML text.
    pub text: &'a str,
}

impl<'a> RuleSource<'a> {
    /// A named rule text.
    pub fn new(name: &'a str, text: &'a str) -> Self {
        Self { name, text }
    }
}

/// One loaded file: its name, text and position index (built when a mistake is located).
#[derive(Debug, Clone)]
pub(crate) struct SourceFile {
    pub name: String,
    pub text: String,
    index: LazyIndex,
}

impl SourceFile {
    /// The position index of the file's text.
    fn index(&self) -> &PositionIndex {
        self.index.of(&self.text)
    }
}

/// Where an entry was defined: the file and its YAML path there (`causes[2]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    pub file: usize,
    pub path: String,
}

/// Generations, symptoms, causes and resolutions loaded from rule files, structurally valid: ids
/// unique, references resolved (`applies_to` names defined generations), no cause-reference
/// cycle, conditions well formed.
///
/// The pack keeps each file's text (and builds its position index when a mistake is to be
/// located), so that the errors found when it is compiled against a fact catalog also point at
/// file:line:column.
///
/// ```
/// use jamf_triage_core::{RulePack, RuleSource};
/// let text = "resolutions:\n  - id: wait\n    scope: device\n    title: { en: Wait }\n    steps: []\n";
/// let pack = RulePack::load(&[RuleSource::new("rules/resolutions.yaml", text)])?;
/// assert_eq!(pack.resolution("wait").map(|r| r.steps.len()), Some(0));
/// # Ok::<(), jamf_triage_core::RuleErrors>(())
/// ```
#[derive(Debug, Clone)]
pub struct RulePack {
    files: Vec<SourceFile>,
    generations: Vec<GenerationDef>,
    symptoms: Vec<SymptomDef>,
    causes: Vec<CauseDef>,
    resolutions: Vec<ResolutionDef>,
    symptom_origins: Vec<Origin>,
    cause_origins: Vec<Origin>,
    resolution_origins: Vec<Origin>,
    generation_origins: Vec<Origin>,
    /// The regexes checked at load, in their compiled form (see [`crate::compile::compiled_form`]).
    regexes: HashMap<String, LazyRegex>,
}

impl RulePack {
    /// Loads rule files: entries keep the order of the files, then their order in each file.
    ///
    /// # Errors
    /// [`RuleErrors`] with every mistake found in every file, each at file:line:column.
    pub fn load(sources: &[RuleSource<'_>]) -> Result<RulePack, RuleErrors> {
        let (pack, problems) = RulePack::read(sources);
        if problems.is_empty() {
            Ok(pack)
        } else {
            Err(pack.errors(problems))
        }
    }

    /// A pack of rule files already read, each with the text it was read from: what
    /// [`RulePack::load`] gives for those texts, without reading YAML. A program that stores a
    /// pack in a faster form (the built-in pack is embedded as the JSON of
    /// [`RulePack::rule_files`]) gives each file back with its text, so that mistakes, and the
    /// compile errors of [`crate::Engine::compile`], are still located at file:line:column.
    ///
    /// Each file must be what its text reads to: errors are placed by the position of each entry
    /// in its file's lists (`causes[2]`), in that text.
    ///
    /// ```
    /// use jamf_triage_core::{RulePack, RuleSource};
    /// let text = "resolutions:\n  - id: wait\n    scope: device\n    title: { en: Wait }\n    steps: []\n";
    /// let source = RuleSource::new("rules/resolutions.yaml", text);
    /// let loaded = RulePack::load(&[source])?;
    /// let files = loaded.rule_files(); // stored, say, as JSON
    /// let rebuilt = RulePack::from_rule_files([source].into_iter().zip(files))?;
    /// assert_eq!(rebuilt.resolutions(), loaded.resolutions());
    /// # Ok::<(), jamf_triage_core::RuleErrors>(())
    /// ```
    ///
    /// # Errors
    /// [`RuleErrors`] with every mistake [`RulePack::load`] finds once the files are read (ids,
    /// references, cycles, conditions, texts), each at file:line:column.
    pub fn from_rule_files<'a>(
        files: impl IntoIterator<Item = (RuleSource<'a>, RuleFile)>,
    ) -> Result<RulePack, RuleErrors> {
        let (sources, files): (Vec<RuleSource<'a>>, Vec<RuleFile>) = files.into_iter().unzip();
        let mut pack = RulePack::empty(&sources);
        for (file, entries) in files.into_iter().enumerate() {
            pack.add(file, ParsedFile::from(entries));
        }
        let (problems, regexes) = check::check(&pack, &[]);
        pack.regexes = regexes.into_compiled();
        if problems.is_empty() {
            Ok(pack)
        } else {
            Err(pack.errors(problems))
        }
    }

    /// Reads rule files into a pack of the entries that could be read, with every mistake found.
    pub(crate) fn read(sources: &[RuleSource<'_>]) -> (RulePack, Vec<Problem>) {
        let mut pack = RulePack::empty(sources);
        let mut problems = Vec::new();
        let mut unreadable = Vec::new();
        for (file, source) in sources.iter().enumerate() {
            let Some(loaded) = pack.files.get(file) else {
                continue;
            };
            let (mut parsed, found) = parse_rule_file(file, source.text, &loaded.index);
            problems.extend(found);
            unreadable.append(&mut parsed.unreadable_ids);
            pack.add(file, parsed);
        }
        let (found, regexes) = check::check(&pack, &unreadable);
        problems.extend(found);
        pack.regexes = regexes.into_compiled();
        (pack, problems)
    }

    /// A pack of `sources`' texts without entries.
    fn empty(sources: &[RuleSource<'_>]) -> RulePack {
        RulePack {
            files: sources
                .iter()
                .map(|source| SourceFile {
                    name: source.name.to_owned(),
                    text: source.text.to_owned(),
                    index: LazyIndex::default(),
                })
                .collect(),
            generations: Vec::new(),
            symptoms: Vec::new(),
            causes: Vec::new(),
            resolutions: Vec::new(),
            symptom_origins: Vec::new(),
            cause_origins: Vec::new(),
            resolution_origins: Vec::new(),
            generation_origins: Vec::new(),
            regexes: HashMap::new(),
        }
    }

    /// Adds the entries read from file number `file`.
    fn add(&mut self, file: usize, parsed: ParsedFile) {
        let origin = |path: String| Origin { file, path };
        for (path, entry) in parsed.generations {
            self.generation_origins.push(origin(path));
            self.generations.push(entry);
        }
        for (path, entry) in parsed.symptoms {
            self.symptom_origins.push(origin(path));
            self.symptoms.push(entry);
        }
        for (path, entry) in parsed.causes {
            self.cause_origins.push(origin(path));
            self.causes.push(entry);
        }
        for (path, entry) in parsed.resolutions {
            self.resolution_origins.push(origin(path));
            self.resolutions.push(entry);
        }
    }

    /// The pack's entries, one [`RuleFile`] per file it was loaded from (in the order of
    /// [`RulePack::file_names`]), each with its entries in their order in that file: what
    /// [`RulePack::from_rule_files`] takes back.
    pub fn rule_files(&self) -> Vec<RuleFile> {
        let mut files = vec![RuleFile::default(); self.files.len()];
        let (generations, origins) = (&self.generations, &self.generation_origins);
        regroup(generations, origins, &mut files, |file| {
            &mut file.generations
        });
        regroup(&self.symptoms, &self.symptom_origins, &mut files, |file| {
            &mut file.symptoms
        });
        regroup(&self.causes, &self.cause_origins, &mut files, |file| {
            &mut file.causes
        });
        let (resolutions, origins) = (&self.resolutions, &self.resolution_origins);
        regroup(resolutions, origins, &mut files, |file| {
            &mut file.resolutions
        });
        files
    }

    /// Every generation the pack defines, in pack order (none: the pack does not tell which
    /// integration a tenant runs, and reports say nothing of it).
    pub fn generations(&self) -> &[GenerationDef] {
        &self.generations
    }

    /// The generation with this id.
    pub fn generation(&self, id: GenerationId) -> Option<&GenerationDef> {
        self.generations.iter().find(|entry| entry.id == id)
    }

    /// Every symptom, in pack order.
    pub fn symptoms(&self) -> &[SymptomDef] {
        &self.symptoms
    }

    /// Every cause, in pack order.
    pub fn causes(&self) -> &[CauseDef] {
        &self.causes
    }

    /// Every resolution, in pack order.
    pub fn resolutions(&self) -> &[ResolutionDef] {
        &self.resolutions
    }

    /// The symptom with this id.
    pub fn symptom(&self, id: &str) -> Option<&SymptomDef> {
        self.symptoms.iter().find(|entry| entry.id == id)
    }

    /// The cause with this id.
    pub fn cause(&self, id: &str) -> Option<&CauseDef> {
        self.causes.iter().find(|entry| entry.id == id)
    }

    /// The resolution with this id.
    pub fn resolution(&self, id: &str) -> Option<&ResolutionDef> {
        self.resolutions.iter().find(|entry| entry.id == id)
    }

    /// The names of the files the pack was loaded from, in order.
    pub fn file_names(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.files.iter().map(|file| file.name.as_str())
    }

    pub(crate) fn symptom_origins(&self) -> &[Origin] {
        &self.symptom_origins
    }

    pub(crate) fn cause_origins(&self) -> &[Origin] {
        &self.cause_origins
    }

    pub(crate) fn generation_origins(&self) -> &[Origin] {
        &self.generation_origins
    }

    /// The regexes checked when the pack loaded, by their compiled form.
    pub(crate) fn regexes(&self) -> &HashMap<String, LazyRegex> {
        &self.regexes
    }

    /// The located, sorted errors for `problems`.
    pub(crate) fn errors(&self, problems: Vec<Problem>) -> RuleErrors {
        problems
            .into_iter()
            .map(|problem| self.locate(problem))
            .collect()
    }

    /// `file:line:column` of the value at `path` in file number `file`.
    pub(crate) fn place(&self, file: usize, path: &str) -> String {
        let Some(source) = self.files.get(file) else {
            return String::new();
        };
        let at = source.index().value(path);
        format!("{}:{}:{}", source.name, at.line, at.column)
    }

    /// Gives a problem its file, line, column and source line.
    fn locate(&self, problem: Problem) -> RuleError {
        let source = self.files.get(problem.file);
        let name = source.map_or_else(String::new, |source| source.name.clone());
        let position = match (source, problem.anchor) {
            (_, Anchor::At(position)) => position,
            (None, _) => Position::START,
            (Some(source), Anchor::Key) => source.index().key(&problem.path),
            (Some(source), Anchor::Value) => source.index().value(&problem.path),
            (Some(source), Anchor::Inside { offset, width, len }) => {
                inside(source.index().value(&problem.path), offset, width, len)
            }
        };
        let source_line = source
            .and_then(|source| {
                source
                    .text
                    .lines()
                    .nth(position.line.saturating_sub(1) as usize)
            })
            .unwrap_or_default()
            .to_owned();
        RuleError {
            file: name,
            line: position.line,
            column: position.column,
            path: problem.path,
            kind: problem.kind,
            message: problem.message,
            suggestion: problem.suggestion,
            help: problem.help,
            source_line,
            width: position.width,
        }
    }
}

/// Pushes each of `entries` (defined where `origins` say) onto its file's list.
fn regroup<T: Clone>(
    entries: &[T],
    origins: &[Origin],
    files: &mut [RuleFile],
    list: fn(&mut RuleFile) -> &mut Vec<T>,
) {
    for (entry, origin) in entries.iter().zip(origins) {
        if let Some(file) = files.get_mut(origin.file) {
            list(file).push(entry.clone());
        }
    }
}

/// The place of a span inside a scalar's text, when the scalar is written verbatim (its token is
/// the text itself, or the text in quotes); else the whole scalar.
fn inside(value: Position, offset: u32, width: u32, len: u32) -> Position {
    let quote = match value.width.checked_sub(len) {
        Some(0) => 0,
        Some(2) => 1,
        _ => return value,
    };
    Position {
        line: value.line,
        column: value.column + quote + offset,
        width: width.max(1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Engine, FactCatalog, FactSpec, FactType, RuleErrorKind};

    const SYMPTOMS: &str = "symptoms:\n  - id: slow\n    scope: device\n    severity: low\n    title: { en: Slow }\n    causes: [old-os]\n";
    const CAUSES: &str = "causes:\n  - id: old-os\n    scope: device\n    severity: low\n    title: { en: Old }\n    resolution: update\n    when: { fact: os.version, matches: '^1[0-3]\\.' }\n  - id: quoted\n    scope: device\n    severity: low\n    title: { en: Quoted }\n    resolution: update\n    when: { fact: os.nmae, matches: 'say \"hi\"' }\nresolutions:\n  - id: update\n    scope: device\n    title: { en: Update }\n    steps: []\n";

    fn sources() -> [RuleSource<'static>; 2] {
        [
            RuleSource::new("rules/symptoms.yaml", SYMPTOMS),
            RuleSource::new("rules/causes.yaml", CAUSES),
        ]
    }

    fn catalog() -> FactCatalog {
        let mut catalog = FactCatalog::new();
        let spec = FactSpec::new("os.version", FactType::String, "the version", "test");
        catalog.add(spec).expect("a new fact");
        catalog
    }

    fn rendered(errors: &RuleErrors) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn rule_files_give_back_the_pack_with_its_errors_in_place() {
        let loaded = RulePack::load(&sources()).expect("loads");
        let files = loaded.rule_files();
        assert_eq!(files.len(), 2);
        assert_eq!(files[0].symptoms, loaded.symptoms());
        assert_eq!(files[1].causes, loaded.causes());
        assert_eq!(files[1].resolutions, loaded.resolutions());

        let rebuilt = RulePack::from_rule_files(sources().into_iter().zip(files)).expect("checks");
        assert_eq!(rebuilt.symptoms(), loaded.symptoms());
        assert_eq!(rebuilt.causes(), loaded.causes());
        assert_eq!(rebuilt.resolutions(), loaded.resolutions());
        assert_eq!(rebuilt.symptom_origins(), loaded.symptom_origins());
        assert_eq!(rebuilt.cause_origins(), loaded.cause_origins());
        assert_eq!(rebuilt.regexes().len(), loaded.regexes().len());

        // `os.nmae` is unknown to the catalog: the same error, at the same place, either way.
        let from_text = Engine::compile(loaded, &catalog()).expect_err("unknown fact");
        let from_files = Engine::compile(rebuilt, &catalog()).expect_err("unknown fact");
        assert_eq!(rendered(&from_files), rendered(&from_text));
        assert_eq!(from_files.iter().next().map(|e| e.line), Some(13));
    }

    #[test]
    fn rule_files_are_checked_as_loading_checks_them() {
        let mut files = RulePack::load(&sources()).expect("loads").rule_files();
        files[1].causes[0].resolution = "updte".to_owned();
        files[1].causes[1].when.matches = Some("(".to_owned());
        let errors =
            RulePack::from_rule_files(sources().into_iter().zip(files)).expect_err("two mistakes");
        let found: Vec<_> = errors.iter().map(|e| (e.kind, e.line)).collect();
        assert_eq!(
            found,
            [
                (RuleErrorKind::DanglingReference, 6),
                (RuleErrorKind::InvalidRegex, 13),
            ]
        );
    }

    #[test]
    fn each_pattern_is_checked_once_in_its_compiled_form() {
        let pack = RulePack::load(&sources()).expect("loads");
        let mut forms: Vec<&str> = pack.regexes().keys().map(String::as_str).collect();
        forms.sort_unstable();
        let quoted = format!("(?m){}", crate::quotes::fold_pattern("say \"hi\""));
        assert_eq!(forms, ["(?m)^1[0-3]\\.", quoted.as_str()]);

        // A pattern valid only once its quotes are folded is still refused.
        let text = CAUSES.replace("say \"hi\"", "say \\“hi");
        let errors = RulePack::load(&[RuleSource::new("rules/causes.yaml", &text)])
            .expect_err("an escaped curly quote");
        let kinds: Vec<_> = errors.iter().map(|e| e.kind).collect();
        assert_eq!(kinds, [RuleErrorKind::InvalidRegex]);
    }
}
