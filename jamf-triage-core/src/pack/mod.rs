//! Loading a rule pack: rule files in, a structurally valid [`RulePack`] or every mistake out.
//!
//! Each file is parsed on its own (a syntax error in one file does not hide the mistakes of
//! another), its entries are read one by one, and the pack as a whole is then checked: ids,
//! references between entries, cause-reference cycles, condition shapes, regexes, durations,
//! times and localized texts. What needs the fact catalog (fact names, operator types) is
//! checked when the pack is compiled into an [`crate::Engine`].

mod check;
mod condition;

use crate::model::{CauseDef, GenerationDef, GenerationId, ResolutionDef, SymptomDef};
use crate::problem::{Anchor, Problem};
use crate::yaml::index::{LazyIndex, Position, PositionIndex};
use crate::yaml::rules::parse_rule_file;
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

    /// Reads rule files into a pack of the entries that could be read, with every mistake found.
    pub(crate) fn read(sources: &[RuleSource<'_>]) -> (RulePack, Vec<Problem>) {
        let mut pack = RulePack {
            files: Vec::with_capacity(sources.len()),
            generations: Vec::new(),
            symptoms: Vec::new(),
            causes: Vec::new(),
            resolutions: Vec::new(),
            symptom_origins: Vec::new(),
            cause_origins: Vec::new(),
            resolution_origins: Vec::new(),
            generation_origins: Vec::new(),
        };
        let mut problems = Vec::new();
        let mut unreadable = Vec::new();
        for (file, source) in sources.iter().enumerate() {
            let index = LazyIndex::default();
            let (parsed, found) = parse_rule_file(file, source.text, &index);
            problems.extend(found);
            unreadable.extend(parsed.unreadable_ids);
            let origin = |path: String| Origin { file, path };
            for (path, entry) in parsed.generations {
                pack.generation_origins.push(origin(path));
                pack.generations.push(entry);
            }
            for (path, entry) in parsed.symptoms {
                pack.symptom_origins.push(origin(path));
                pack.symptoms.push(entry);
            }
            for (path, entry) in parsed.causes {
                pack.cause_origins.push(origin(path));
                pack.causes.push(entry);
            }
            for (path, entry) in parsed.resolutions {
                pack.resolution_origins.push(origin(path));
                pack.resolutions.push(entry);
            }
            pack.files.push(SourceFile {
                name: source.name.to_owned(),
                text: source.text.to_owned(),
                index,
            });
        }
        problems.extend(check::check(&pack, &unreadable));
        (pack, problems)
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
