//! What the planner's toolkit commands (`kpi`, `trace`, `coverage`) share:
//! loading a model and reporting its errors as `render` does, the output
//! formats, the language of headings, and where the output goes.

use std::path::{Path, PathBuf};

use clap::ValueEnum;
use logicmodel::model::{Measurement, Stage};
use logicmodel::{Model, Severity};

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::input::{self, Source};
use crate::output::{self, Status};

/// How `kpi` and `coverage` print their tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns for a terminal (long cells cut with `…`).
    #[default]
    Table,
    /// A Markdown table.
    Md,
    /// CSV (RFC 4180), UTF-8; nothing cut.
    Csv,
    /// JSON with English keys and status codes.
    Json,
}

/// Reads and checks `file`; prints its errors (not its warnings: `check`
/// lists those) on stderr. The status is `InputErrors` when there are errors;
/// the model is there whenever it loaded, so the command can still answer.
pub fn load(file: &Path, lints: &LintArgs) -> Result<(Source, Status)> {
    let overrides = lints.overrides()?;
    let source = input::read_model(file)?;
    let all = diagnose(&source, &overrides);
    print_errors(&source, &all, lints.color.for_stderr())?;
    if all.iter().any(|d| d.severity() == Severity::Error) {
        Ok((source, Status::InputErrors))
    } else {
        Ok((source, Status::Ok))
    }
}

/// Writes the command's output to `-o FILE` atomically, or to stdout.
pub fn emit(output: Option<&PathBuf>, bytes: &[u8]) -> Result<()> {
    match output {
        Some(path) => output::write_output(path, bytes)?,
        None => output::write_stdout(bytes)?,
    }
    Ok(())
}

/// Whether headings and words are Japanese: the model's `language` is `ja`.
pub fn japanese(model: &Model) -> bool {
    model.language().is_some_and(|l| l.is_japanese())
}

/// A number as written in files: integers without a decimal point, others
/// in the shortest form that reads back the same (deterministic).
pub fn number(value: f64) -> String {
    format!("{value}")
}

/// A value with its fiscal year: `80 (2023)`, `80（2023年度）`.
pub fn measurement(m: Measurement, japanese: bool) -> String {
    if japanese {
        format!("{}（{}年度）", number(m.value), m.year)
    } else {
        format!("{} ({})", number(m.value), m.year)
    }
}

/// The name of a node's column: the file's heading if it gives one, else the
/// built-in name in the model's language.
pub fn stage_name(model: &Model, stage: Stage, japanese: bool) -> String {
    match model.columns().heading(stage) {
        Some(heading) => heading.to_owned(),
        None => {
            logicmodel::words::stage_name(stage, logicmodel::words::Locale::from_japanese(japanese))
                .to_owned()
        }
    }
}

/// The label of the section with this index, or a word for "none".
pub fn section_label(model: &Model, section: Option<usize>, japanese: bool) -> String {
    match section.and_then(|s| model.sections().get(s)) {
        Some(section) => section.label().to_owned(),
        None if japanese => "（セクションなし）".to_owned(),
        None => "(no section)".to_owned(),
    }
}
