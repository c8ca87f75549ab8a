//! `jamf-triage bundle zip PATH [--redact] [--out FILE]`: a zip of a bundle to attach to a
//! ticket, with redacted copies of its text files when asked.
//!
//! The zip holds the bundle's files under one folder (named after the zip), as a zipped bundle
//! folder does, so that `jamf-triage diagnose FILE.zip` reads it as it reads the bundle. With
//! `--redact` every text file, and every file name, has its identifiers replaced with the
//! placeholders `diagnose --redact` uses; a file that is not text (no such file is part of a
//! bundle today) is left out, and the command says so.

use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use jamf_triage_core::Subject;
use jamf_triage_sources::Registry;

use crate::Exit;
use crate::cli::{BundleCommand, ZipArgs};

/// Runs a `bundle` subcommand.
pub fn run(command: &BundleCommand, registry: &Registry) -> Result<Exit> {
    match command {
        BundleCommand::Zip(args) => zip(args, registry),
    }
}

/// The zip's path when `--out` is not given: the bundle's name, `.zip` (`-redacted.zip`).
fn default_out(path: &Path, redact: bool) -> PathBuf {
    let stem = path
        .file_stem()
        .and_then(|stem| stem.to_str())
        .filter(|stem| !stem.is_empty() && *stem != "." && *stem != "..")
        .unwrap_or("bundle");
    PathBuf::from(if redact {
        format!("{stem}-redacted.zip")
    } else {
        format!("{stem}.zip")
    })
}

fn zip(args: &ZipArgs, registry: &Registry) -> Result<Exit> {
    let bundle = registry.open_bundle(&args.path)?;
    let redactor = if args.redact {
        let subject = registry.subject(&bundle, &Subject::default());
        Some(crate::redaction::for_bundle(
            registry, &args.path, &subject,
        )?)
    } else {
        None
    };
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| default_out(&args.path, args.redact));
    let folder = out
        .file_stem()
        .and_then(|stem| stem.to_str())
        .unwrap_or("bundle")
        .to_owned();
    let file = std::fs::File::options()
        .write(true)
        .create_new(true)
        .open(&out)
        .with_context(|| format!("cannot write {} (it must not exist yet)", out.display()))?;
    let mut writer = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    let artifacts = bundle.artifacts();
    let mut paths = artifacts.paths();
    paths.sort();
    let (mut written, mut left_out) = (0_usize, Vec::new());
    for path in &paths {
        let name = match &redactor {
            Some(redactor) => redactor.redact(path),
            None => path.clone(),
        };
        match &redactor {
            Some(redactor) => {
                let Some(text) = crate::redaction::read_text(artifacts, path) else {
                    left_out.push(path.clone());
                    continue;
                };
                writer.start_file(format!("{folder}/{name}"), options)?;
                writer.write_all(redactor.redact(&text).as_bytes())?;
            }
            None => {
                let mut reader = artifacts
                    .open(path)
                    .with_context(|| format!("cannot read {path} of the bundle"))?;
                writer.start_file(format!("{folder}/{name}"), options)?;
                let mut buffer = Vec::new();
                reader
                    .read_to_end(&mut buffer)
                    .with_context(|| format!("cannot read {path} of the bundle"))?;
                writer.write_all(&buffer)?;
            }
        }
        written += 1;
    }
    writer
        .finish()?
        .flush()
        .with_context(|| format!("cannot write {}", out.display()))?;
    for path in &left_out {
        eprintln!("note: {path} is not text and was left out of the redacted zip");
    }
    eprintln!(
        "wrote {} ({written} files{})",
        out.display(),
        if args.redact { ", redacted" } else { "" }
    );
    Ok(Exit::Ok)
}
