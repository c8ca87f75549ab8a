//! Lists the rule files (`../rules/*.yaml`), the fixtures (`../rules/tests/**/*.yaml`) and the
//! catalog the pack is written against (`../rules/catalog/*.yaml`), and writes `embedded.rs`,
//! which embeds each of them with `include_str!`. A new rule or fixture file is picked up without
//! touching the crate's code. Nothing outside `rules/` is read: the pack knows no source.
//!
//! It also loads the rule files once, with the loader the crate uses at run time
//! (`RulePack::load`), and embeds the pack's entries as JSON (`pack.json`, the JSON of
//! `RulePack::rule_files`), which reads several times faster than the YAML. A pack with mistakes
//! does not fail the build: a warning says so, and the crate then loads the YAML at run time,
//! which reports the mistakes at file:line:column (so that `jamf-triage rules lint rules/` still
//! builds and tells the rule author what is wrong).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jamf_triage_core::{RulePack, RuleSource};

fn yaml_files(dir: &Path, recursive: bool, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if recursive {
                yaml_files(&path, true, out);
            }
        } else if path
            .extension()
            .is_some_and(|ext| ext == "yaml" || ext == "yml")
        {
            out.push(path);
        }
    }
}

/// The path of `file` relative to the workspace root, with `/` between its parts.
fn relative_name(root: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(root).unwrap_or(file);
    relative.to_string_lossy().replace('\\', "/")
}

fn emit(code: &mut String, name: &str, root: &Path, files: &[PathBuf]) {
    let _ = writeln!(code, "pub(crate) static {name}: &[crate::Source] = &[");
    for file in files {
        let relative = relative_name(root, file);
        let _ = writeln!(
            code,
            "    crate::Source {{ name: {relative:?}, text: include_str!({:?}) }},",
            file.display().to_string()
        );
    }
    let _ = writeln!(code, "];");
}

/// The JSON of the rule files' entries, or why they do not load.
fn preparsed(root: &Path, files: &[PathBuf]) -> Result<String, String> {
    let mut texts = Vec::with_capacity(files.len());
    for file in files {
        let text = std::fs::read_to_string(file)
            .map_err(|error| format!("cannot read {}: {error}", file.display()))?;
        texts.push((relative_name(root, file), text));
    }
    let sources: Vec<RuleSource<'_>> = texts
        .iter()
        .map(|(name, text)| RuleSource::new(name, text))
        .collect();
    let pack = RulePack::load(&sources).map_err(|errors| errors.to_string())?;
    serde_json::to_string(&pack.rule_files()).map_err(|error| error.to_string())
}

/// Writes `pack.json` and the declaration of `PREPARSED`: the JSON, or none when the rule files
/// do not load.
fn emit_preparsed(code: &mut String, out_dir: &Path, root: &Path, files: &[PathBuf]) {
    let declared = "pub(crate) static PREPARSED: Option<&str> =";
    let json = out_dir.join("pack.json");
    match preparsed(root, files).and_then(|text| {
        std::fs::write(&json, text)
            .map_err(|error| format!("cannot write {}: {error}", json.display()))
    }) {
        Ok(()) => {
            let _ = writeln!(
                code,
                "{declared} Some(include_str!({:?}));",
                json.display().to_string()
            );
        }
        Err(error) => {
            let first = error.lines().next().unwrap_or_default();
            println!(
                "cargo:warning=the rule pack does not load ({first}); it is read from its YAML at run time"
            );
            let _ = writeln!(code, "{declared} None;");
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let root = manifest.parent().map(Path::to_path_buf).unwrap_or_default();
    let rules = root.join("rules");
    let tests = rules.join("tests");
    let catalogs = rules.join("catalog");
    println!("cargo:rerun-if-changed={}", rules.display());
    println!("cargo:rerun-if-changed={}", tests.display());
    println!("cargo:rerun-if-changed={}", catalogs.display());

    let mut rule_files = Vec::new();
    yaml_files(&rules, false, &mut rule_files);
    rule_files.sort();
    let mut fixture_files = Vec::new();
    yaml_files(&tests, true, &mut fixture_files);
    fixture_files.sort();
    let mut catalog_files = Vec::new();
    yaml_files(&catalogs, false, &mut catalog_files);
    catalog_files.sort();
    for file in &catalog_files {
        println!("cargo:rerun-if-changed={}", file.display());
    }

    let mut code = String::from(
        "// Written by build.rs: the embedded rule pack, fixtures and fact catalog.\n",
    );
    emit(&mut code, "RULE_FILES", &root, &rule_files);
    emit(&mut code, "FIXTURE_FILES", &root, &fixture_files);
    emit(&mut code, "CATALOG_FILES", &root, &catalog_files);
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    emit_preparsed(&mut code, &out_dir, &root, &rule_files);
    let out = out_dir.join("embedded.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
