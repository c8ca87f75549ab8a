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
///
/// A rule file that is a symbolic link, a FIFO, a socket or a device is refused (an error), and
/// each file is opened without following links and checked once open ([`crate::input`]).
pub fn rule_files(dir: &Path) -> Result<Vec<(String, String)>> {
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(dir)
        .with_context(|| format!("cannot read rule directory {}", dir.display()))?
    {
        let entry =
            entry.with_context(|| format!("cannot read rule directory {}", dir.display()))?;
        let path = entry.path();
        if !is_yaml(&path) {
            continue;
        }
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_dir() {
            continue;
        }
        refuse_unless_file(&path, kind)?;
        paths.push(path);
    }
    read_sorted(paths)
}

fn is_yaml(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext == "yaml" || ext == "yml")
}

/// An error unless `kind` (not followed) is a regular file.
fn refuse_unless_file(path: &Path, kind: std::fs::FileType) -> Result<()> {
    if kind.is_symlink() {
        anyhow::bail!(
            "cannot read {}: refused: it is a symbolic link",
            path.display()
        );
    }
    if !kind.is_file() {
        anyhow::bail!(
            "cannot read {}: refused: it is not a regular file (a FIFO, a socket or a device is never read)",
            path.display()
        );
    }
    Ok(())
}

/// Reads files, sorted by path, as `(path, text)` pairs.
fn read_sorted(mut paths: Vec<PathBuf>) -> Result<Vec<(String, String)>> {
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = crate::input::read_text(
                &path,
                "rule file",
                jamf_triage_core::evidence::YAML_RULES.max_input,
            )?;
            Ok((path.display().to_string(), text))
        })
        .collect()
}

/// Loads and compiles the pack in `dir` against the registry's fact catalog, or gives the
/// built-in engine when `dir` is `None` (the built-in pack names only built-in facts, and adding
/// sources to a registry only adds facts).
pub fn engine(dir: Option<&Path>, registry: &Registry) -> Result<PackEngine, PackFailure> {
    let Some(dir) = dir else {
        return jamf_triage_rules::try_engine()
            .map(PackEngine::Builtin)
            .map_err(|errors| PackFailure::Rules(errors.clone()));
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
        let entry = entry?;
        let path = entry.path();
        let kind = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if kind.is_dir() {
            collect_yaml(&path, out)?;
        } else if is_yaml(&path) {
            refuse_unless_file(&path, kind)?;
            out.push(path);
        }
    }
    Ok(())
}

/// What the JSON report says of the rule pack that judged it: its name (`built-in`, or the
/// directory given with `--rules`), its version (the tool's, for the built-in pack) and a digest
/// of its rule files (FNV-1a, 64 bits, over each file's name and text), which tells two packs of
/// the same version apart.
pub fn describe(dir: Option<&Path>) -> serde_json::Value {
    let files: Vec<(String, String)> = match dir {
        None => jamf_triage_rules::sources()
            .iter()
            .map(|source| (source.name.to_owned(), source.text.to_owned()))
            .collect(),
        Some(dir) => rule_files(dir).unwrap_or_default(),
    };
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, text) in &files {
        for byte in name.bytes().chain([0]).chain(text.bytes()).chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    serde_json::json!({
        "name": dir.map_or_else(|| "built-in".to_owned(), |dir| dir.display().to_string()),
        "version": if dir.is_none() { Some(env!("CARGO_PKG_VERSION")) } else { None },
        "digest": format!("fnv1a64:{hash:016x}"),
        "files": files.len(),
    })
}
