//! Lists the rule files (`../rules/*.yaml`), the fixtures (`../rules/tests/**/*.yaml`) and the
//! catalog the pack is written against (`../rules/catalog/*.yaml`), and writes `embedded.rs`,
//! which embeds each of them with `include_str!`. A new rule or fixture file is picked up without
//! touching the crate's code. Nothing outside `rules/` is read: the pack knows no source.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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

fn emit(code: &mut String, name: &str, root: &Path, files: &[PathBuf]) {
    let _ = writeln!(code, "pub(crate) static {name}: &[crate::Source] = &[");
    for file in files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        let relative = relative.to_string_lossy().replace('\\', "/");
        let _ = writeln!(
            code,
            "    crate::Source {{ name: {relative:?}, text: include_str!({:?}) }},",
            file.display().to_string()
        );
    }
    let _ = writeln!(code, "];");
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
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(error) = std::fs::write(&out, code) {
        panic!("cannot write {}: {error}", out.display());
    }
}
