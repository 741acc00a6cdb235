//! `logicmodel export`: the model in a format another tool reads —
//! Mermaid, Graphviz DOT, GraphML, an xlsx workbook or a folder of CSV files.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use logicmodel::interchange::{csv, dot, graphml, mermaid, workbook};
use logicmodel::{Model, Severity};

use crate::anyhow_like::Result;
use crate::check::print_errors;
use crate::console;
use crate::diagnostics::ColorChoice;
use crate::input;
use crate::output::{self, Output, Status};

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// A Mermaid `flowchart LR` (for Markdown on GitHub, GitLab, Notion, Obsidian).
    Mermaid,
    /// Graphviz DOT (`dot -Tsvg`).
    Dot,
    /// GraphML (yEd, Gephi, networkx).
    Graphml,
    /// An Excel workbook, one sheet per record type.
    Xlsx,
    /// A folder of CSV files, one per record type.
    Csv,
}

#[derive(Args, Debug)]
pub struct ExportArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "MODEL")]
    pub file: PathBuf,
    /// The format; without it, the extension of `-o` decides
    /// (.mmd/.mermaid/.md, .dot/.gv, .graphml, .xlsx, a directory for csv).
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// Where to write: a file (atomically), a directory for csv, or `-` for
    /// stdout. Without it, text formats go to stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Start each CSV file with a UTF-8 byte-order mark, so that Excel reads Japanese correctly.
    #[arg(long)]
    pub bom: bool,
    /// Colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: &ExportArgs) -> Result<Status> {
    let format = choose_format(args.format, args.output.as_deref())?;
    let source = input::read_model(&args.file)?;
    // Export writes what loaded. A load error means part of the file was
    // left out of the model, and the export would silently lack it: write
    // nothing and say why. Check problems (a dangling chain) are the
    // model's as written and are exported as they are.
    let load_errors: Vec<_> = source
        .loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .cloned()
        .collect();
    if !load_errors.is_empty() {
        print_errors(&source, &load_errors, args.color.for_stderr());
        console::note(&format!(
            "nothing was exported: fix the errors above, so that the export holds the whole of {}",
            source.name
        ));
        return Ok(Status::InputErrors);
    }
    let Some(model) = &source.loaded.model else {
        return Ok(Status::InputErrors);
    };
    match format {
        ExportFormat::Csv => write_csv_folder(model, args),
        ExportFormat::Xlsx => {
            let bytes = workbook::to_bytes(model).map_err(|e| format!("{}: {e}", source.name))?;
            let Some(path) = &args.output else {
                return Err(
                    "an xlsx workbook is binary: give `-o FILE.xlsx` (or `-o -` to pipe it)".into(),
                );
            };
            output::write_output(path, &bytes)?;
            report_written(path, model);
            Ok(Status::Ok)
        }
        ExportFormat::Mermaid | ExportFormat::Dot | ExportFormat::Graphml => {
            let mut text = Vec::new();
            let fenced = format == ExportFormat::Mermaid
                && args
                    .output
                    .as_deref()
                    .is_some_and(|p| has_extension(p, &["md", "markdown"]));
            if fenced {
                text.extend_from_slice(b"```mermaid\n");
            }
            match format {
                ExportFormat::Mermaid => mermaid::write(model, &mut text)?,
                ExportFormat::Dot => dot::write(model, &mut text)?,
                _ => graphml::write(model, &mut text)?,
            }
            if fenced {
                text.extend_from_slice(b"```\n");
            }
            match &args.output {
                Some(path) => {
                    output::write_output(path, &text)?;
                    report_written(path, model);
                }
                None => output::write_stdout(&text)?,
            }
            Ok(Status::Ok)
        }
    }
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// The format asked for, or the one the output's extension names.
fn choose_format(format: Option<ExportFormat>, output: Option<&Path>) -> Result<ExportFormat> {
    if let Some(format) = format {
        return Ok(format);
    }
    let Some(path) = output.filter(|p| p.as_os_str() != "-") else {
        return Err(
            "say which format: `--format mermaid|dot|graphml|xlsx|csv`, or `-o` with an extension"
                .into(),
        );
    };
    let by_extension = [
        (
            ExportFormat::Mermaid,
            &["mmd", "mermaid", "md", "markdown"][..],
        ),
        (ExportFormat::Dot, &["dot", "gv"][..]),
        (ExportFormat::Graphml, &["graphml"][..]),
        (ExportFormat::Xlsx, &["xlsx"][..]),
    ];
    for (format, extensions) in by_extension {
        if has_extension(path, extensions) {
            return Ok(format);
        }
    }
    if has_extension(path, &["csv"]) {
        return Err(format!(
            "{}: CSV export writes a folder of files (nodes.csv, links.csv, …): give a directory, e.g. `-o {}`",
            path.display(),
            path.with_extension("").display()
        )
        .into());
    }
    if path.is_dir()
        || path.as_os_str().to_string_lossy().ends_with('/')
        || path.extension().is_none()
    {
        return Ok(ExportFormat::Csv);
    }
    Err(format!(
        "{}: cannot tell the format from the extension; use --format mermaid|dot|graphml|xlsx|csv",
        path.display()
    )
    .into())
}

fn report_written(path: &Path, model: &Model) {
    if path.as_os_str() != "-" {
        console::success(&format!(
            "wrote {} ({} boxes, {} arrows, {} work items, {} KPIs)",
            path.display(),
            model.node_count(),
            model.edge_count(),
            model.work_items().len(),
            model.kpis().len()
        ));
    }
}

/// Writes the CSV files into the directory `-o` names, creating it if
/// needed. Every file is opened by the one output rule (never an input,
/// never a read-only file) and written in full to its temporary file first;
/// only then are they all renamed into place, so a failed or interrupted
/// run changes none of them.
fn write_csv_folder(model: &Model, args: &ExportArgs) -> Result<Status> {
    let Some(dir) = &args.output else {
        return Err("CSV export writes a folder of files: give `-o DIRECTORY`".into());
    };
    if dir.as_os_str() == "-" {
        return Err(
            "CSV export writes a folder of files and cannot go to stdout: give `-o DIRECTORY`"
                .into(),
        );
    }
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{} is a file; CSV export needs a directory", dir.display()).into());
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let files = csv::files(model, args.bom);
    let mut pending = Vec::with_capacity(files.len());
    for file in &files {
        let mut output = Output::create(&dir.join(&file.name))?;
        output
            .write_all(&file.bytes)
            .map_err(|e| format!("cannot write {}: {e}", output.name()))?;
        pending.push(output);
    }
    for output in pending {
        output.commit()?;
    }
    console::success(&format!(
        "wrote {} CSV files in {} ({} boxes, {} arrows, {} work items, {} KPIs)",
        files.len(),
        dir.display(),
        model.node_count(),
        model.edge_count(),
        model.work_items().len(),
        model.kpis().len()
    ));
    Ok(Status::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extension_chooses_the_format() {
        let pick = |p: &str| choose_format(None, Some(Path::new(p))).ok();
        assert_eq!(pick("plan.mmd"), Some(ExportFormat::Mermaid));
        assert_eq!(pick("plan.MD"), Some(ExportFormat::Mermaid));
        assert_eq!(pick("plan.gv"), Some(ExportFormat::Dot));
        assert_eq!(pick("plan.graphml"), Some(ExportFormat::Graphml));
        assert_eq!(pick("plan.xlsx"), Some(ExportFormat::Xlsx));
        assert_eq!(pick("tables/"), Some(ExportFormat::Csv));
        assert_eq!(pick("plan.csv"), None);
        assert_eq!(pick("plan.pdf"), None);
        assert!(choose_format(None, None).is_err());
        assert_eq!(
            choose_format(Some(ExportFormat::Dot), Some(Path::new("x.xlsx"))).ok(),
            Some(ExportFormat::Dot)
        );
    }
}
