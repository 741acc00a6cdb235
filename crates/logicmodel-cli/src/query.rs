//! What the planner's toolkit commands (`kpi`, `trace`, `coverage`) share:
//! loading a model and reporting its errors as `render` does, the output
//! formats, the language of headings, and where the output goes.

use std::path::Path;

use clap::ValueEnum;
use logicmodel::model::{Baseline, Stage};
use logicmodel::{Model, Severity};

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::input::{self, Source};
use crate::output::{self, Output, Status};

/// How `kpi` and `coverage` print their tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned columns, fitted to the terminal's width (long cells wrapped;
    /// in a file or pipe cut with `…`).
    #[default]
    Table,
    /// A Markdown table.
    Md,
    /// CSV (RFC 4180), UTF-8, formulas neutralised; nothing cut.
    Csv,
    /// JSON with English keys and status codes.
    Json,
}

impl TableFormat {
    /// The file extensions of each format: `-o kpi.csv` writes CSV.
    pub const EXTENSIONS: &'static [(&'static str, TableFormat)] = &[
        ("txt", TableFormat::Table),
        ("md", TableFormat::Md),
        ("markdown", TableFormat::Md),
        ("csv", TableFormat::Csv),
        ("json", TableFormat::Json),
    ];

    /// The name of the format as `--format` spells it.
    pub fn name(self) -> &'static str {
        match self {
            TableFormat::Table => "table",
            TableFormat::Md => "md",
            TableFormat::Csv => "csv",
            TableFormat::Json => "json",
        }
    }
}

/// The `--bom`/`--no-bom` pair of the commands that write CSV.
#[derive(clap::Args, Debug, Clone, Copy)]
pub struct BomArgs {
    /// Start the CSV with a UTF-8 byte-order mark even on stdout (a file
    /// ending in `.csv` gets one anyway: Excel needs it to read Japanese).
    #[arg(long, conflicts_with = "no_bom")]
    pub bom: bool,
    /// No byte-order mark, even in a `.csv` file.
    #[arg(long)]
    pub no_bom: bool,
}

impl BomArgs {
    /// Whether the CSV starts with a byte-order mark: by default only in a
    /// file (which, having format CSV, ends in `.csv`).
    pub fn bom(self, format: TableFormat, output: &Output) -> Result<bool> {
        if format != TableFormat::Csv {
            if self.bom || self.no_bom {
                return Err("--bom and --no-bom apply to --format csv only".into());
            }
            return Ok(false);
        }
        Ok(self.bom || (output.is_file() && !self.no_bom))
    }
}

/// Opens where the command's output goes: `-o FILE`, or stdout.
pub fn open(output: Option<&Path>) -> Result<Output> {
    Output::create(output.unwrap_or(Path::new("-")))
}

/// The table format to write to `output`: a file's extension or `--format`.
pub fn table_format(output: &Output, given: Option<TableFormat>) -> Result<TableFormat> {
    output::choose_format(
        output,
        TableFormat::EXTENSIONS,
        given,
        TableFormat::Table,
        TableFormat::name,
    )
}

/// A terminal table for `output`: fitted to the terminal when it goes to
/// one (or `COLUMNS` says how wide), else cells cut at `max_cell` columns.
pub fn table_text(table: &crate::table::Table, output: &Output, max_cell: usize) -> String {
    match output
        .is_stdout()
        .then(crate::console::stdout_width)
        .flatten()
    {
        Some(width) => table.fit_text(width),
        None => table.to_text(max_cell),
    }
}

/// Reads and checks `file`; prints its errors (not its warnings: `check`
/// lists those) on stderr. The status is `InputErrors` when there are errors;
/// the model is there whenever it loaded, so the command can still answer.
pub fn load(file: &Path, lints: &LintArgs) -> Result<(Source, Status)> {
    let overrides = lints.overrides()?;
    let source = input::read_model(file)?;
    let all = diagnose(&source, &overrides);
    print_errors(&source, &all, lints.color.for_stderr());
    if all.iter().any(|d| d.severity() == Severity::Error) {
        Ok((source, Status::InputErrors))
    } else {
        Ok((source, Status::Ok))
    }
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
pub fn measurement(m: impl Into<Baseline>, japanese: bool) -> String {
    let m = m.into();
    let locale = logicmodel::words::Locale::from_japanese(japanese);
    logicmodel::words::in_year(&number(m.value), m.year, locale)
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
