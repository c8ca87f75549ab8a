//! The rule pack a command uses: the built-in one, or one read from a directory.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use jamf_triage_core::{Engine, RuleErrors, RuleSource};
use jamf_triage_sources::Registry;

/// An engine: the built-in one (compiled once), or one compiled from a directory.
pub enum PackEngine {
    /// The built-in pack.
    Builtin(&'static Engine),
    /// A pack read from a directory.
    Custom(Box<Engine>),
}

impl std::ops::Deref for PackEngine {
    type Target = Engine;
    fn deref(&self) -> &Engine {
        match self {
            PackEngine::Builtin(engine) => engine,
            PackEngine::Custom(engine) => engine,
        }
    }
}

/// Why a rule directory gave no engine.
pub enum PackFailure {
    /// The files could not be read.
    Io(anyhow::Error),
    /// The rules have mistakes.
    Rules(RuleErrors),
}

/// The rule files of a directory: its `*.yaml` / `*.yml` files, sorted by name (the `tests/` and
/// `schema/` subdirectories hold fixtures and the schema, not rules).
pub fn rule_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read rule directory {}", dir.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| {
            path.is_file()
                && path
                    .extension()
                    .is_some_and(|ext| ext == "yaml" || ext == "yml")
        })
        .collect();
    read_sorted(paths)
}

/// Reads files, sorted by path, as `(path, text)` pairs.
fn read_sorted(mut paths: Vec<PathBuf>) -> Result<Vec<(String, String)>> {
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Ok((path.display().to_string(), text))
        })
        .collect()
}

/// Loads and compiles the pack in `dir` against the registry's fact catalog, or gives the
/// built-in engine when `dir` is `None` (the built-in pack names only built-in facts, and adding
/// sources to a registry only adds facts).
pub fn engine(dir: Option<&Path>, registry: &Registry) -> Result<PackEngine, PackFailure> {
    let Some(dir) = dir else {
        return Ok(PackEngine::Builtin(jamf_triage_rules::engine()));
    };
    let catalog = registry
        .catalog()
        .map_err(|error| PackFailure::Io(anyhow::Error::new(error)))?;
    let files = rule_files(dir).map_err(PackFailure::Io)?;
    let sources: Vec<RuleSource<'_>> = files
        .iter()
        .map(|(name, text)| RuleSource { name, text })
        .collect();
    let engine = Engine::build(&sources, &catalog).map_err(PackFailure::Rules)?;
    Ok(PackEngine::Custom(Box::new(engine)))
}

/// The fixture files of a pack: `DIR/tests/**/*.yaml` for a directory, the embedded ones for the
/// built-in pack; sorted by name.
pub fn fixture_files(dir: Option<&Path>) -> Result<Vec<(String, String)>> {
    let Some(dir) = dir else {
        return Ok(jamf_triage_rules::fixture_sources()
            .iter()
            .map(|source| (source.name.to_owned(), source.text.to_owned()))
            .collect());
    };
    let mut paths = Vec::new();
    let tests = dir.join("tests");
    if tests.is_dir() {
        collect_yaml(&tests, &mut paths)?;
    }
    read_sorted(paths)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            out.push(path);
        }
    }
    Ok(())
}
