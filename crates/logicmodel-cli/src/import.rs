//! `logicmodel import`: a model kept in a spreadsheet (an xlsx workbook, a
//! folder of CSV tables, one CSV table) written as a JSON model file.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::print_human;
use crate::console;
use crate::diagnostics::ColorChoice;
use crate::input;
use crate::output::{self, Status};
use crate::visible::visible;

/// Where the tables come from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ImportFrom {
    /// logicmodel's own tables: a workbook or CSV files as `export` writes them.
    #[default]
    Tables,
    /// The national 行政事業レビュー tables (RSシステム): 3-1 and 3-2 CSV files.
    RsSystem,
}

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The workbook (.xlsx), a folder of CSV tables, or one CSV table;
    /// with `--from rs-system`, the 3-1 and the 3-2 CSV file.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the JSON model (atomically); `-` or nothing: stdout.
    /// With `--from rs-system`, a directory: one model per project.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The kind of tables.
    #[arg(long, value_enum, default_value_t = ImportFrom::Tables)]
    pub from: ImportFrom,
    /// With `--from rs-system`: only the project with this 予算事業ID.
    #[arg(long, value_name = "ID")]
    pub project: Option<String>,
    /// Colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: &ImportArgs) -> Result<Status> {
    if args.from == ImportFrom::RsSystem {
        return rs_system(args);
    }
    if args.project.is_some() {
        return Err("`--project` is for `--from rs-system`".into());
    }
    let [file] = args.files.as_slice() else {
        return Err(
            "give one workbook, CSV folder or CSV file (several CSV tables: put them in one folder)"
                .into(),
        );
    };
    if input::kind_of(file) == input::Kind::Json {
        return Err(format!(
            "{} is not a workbook (.xlsx), a CSV file or a folder of CSV files",
            visible(&file.display().to_string())
        )
        .into());
    }
    let source = input::read_model(file)?;
    let color = args.color.for_stderr();
    // Every load diagnostic is shown, warnings too: a sheet that was not
    // read or an empty row in the middle must not pass unseen.
    let diagnostics: Vec<_> = source
        .loaded
        .diagnostics
        .iter()
        .map(|d| match &source.places {
            Some(places) => places.place(d.clone()),
            None => d.clone(),
        })
        .collect();
    let errors = diagnostics.iter().any(|d| d.severity() == Severity::Error);
    match (&source.loaded.model, errors) {
        (Some(model), false) => {
            if !diagnostics.is_empty() {
                print_human(&source, &diagnostics, color);
            }
            let text = logicmodel::format::to_string(model);
            match &args.output {
                Some(path) if path.as_os_str() != "-" => {
                    output::write_output(path, text.as_bytes())?;
                    console::success(&format!(
                        "wrote {} ({} boxes, {} arrows, {} work items, {} KPIs)",
                        visible(&path.display().to_string()),
                        model.node_count(),
                        model.edge_count(),
                        model.work_items().len(),
                        model.kpis().len()
                    ));
                }
                _ => {
                    output::refuse_stdout_onto_an_input()?;
                    output::write_stdout(text.as_bytes())?;
                }
            }
            Ok(Status::Ok)
        }
        _ => {
            print_human(&source, &diagnostics, color);
            console::note(&format!(
                "nothing was written: fix the errors above, so that the model holds the whole of {}",
                visible(&source.name)
            ));
            Ok(Status::InputErrors)
        }
    }
}

/// Opens an input for streaming, remembered so no output can replace it.
fn open_input(path: &std::path::Path) -> Result<(String, std::fs::File)> {
    let name = path.display().to_string();
    let shown = visible(&name).into_owned();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read {shown}: {e}"))?;
    let metadata = file
        .metadata()
        .map_err(|e| format!("cannot read {shown}: {e}"))?;
    if metadata.is_dir() {
        return Err(format!("{shown} is a directory, not a CSV file").into());
    }
    input::remember(&metadata, &name);
    Ok((name, file))
}

/// A file name for a project id: ASCII letters, digits, `-`, `_` and `.`
/// kept, anything else `_`; never hidden, never empty.
fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.');
    if stem.is_empty() {
        "project".to_owned()
    } else {
        stem.to_owned()
    }
}

/// `import --from rs-system 3-1.csv 3-2.csv -o DIR/`: one model per
/// project, streamed (one project in memory at a time).
fn rs_system(args: &ImportArgs) -> Result<Status> {
    use logicmodel::interchange::rs_system;
    let [nodes, links] = args.files.as_slice() else {
        return Err("`--from rs-system` takes two files: the 3-1 table (目標・実績) and the 3-2 table (目標のつながり)".into());
    };
    let Some(dir) = args.output.as_ref().filter(|p| p.as_os_str() != "-") else {
        return Err("`--from rs-system` writes one model per project: give `-o DIRECTORY`".into());
    };
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{} is a file; `-o` needs a directory",
            visible(&dir.display().to_string())
        )
        .into());
    }
    let (node_name, node_file) = open_input(nodes)?;
    let (link_name, link_file) = open_input(links)?;
    std::fs::create_dir_all(dir)
        .map_err(|e| format!("cannot create {}: {e}", visible(&dir.display().to_string())))?;
    let color = args.color.for_stderr();
    let short = |name: &str| {
        std::path::Path::new(name)
            .file_name()
            .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned())
    };
    let mut written = 0usize;
    let mut refused = 0usize;
    let mut warnings = 0usize;
    let mut stems: Vec<String> = Vec::new();
    let summary = rs_system::read(
        std::io::BufReader::new(node_file),
        std::io::BufReader::new(link_file),
        (&short(&node_name), &short(&link_name)),
        args.project.as_deref(),
        |project| -> Result<()> {
            let errors = project
                .diagnostics
                .iter()
                .any(|d| d.severity() == Severity::Error);
            for diagnostic in &project.diagnostics {
                console::message(&crate::diagnostics::in_table(
                    &format!("{} {}", short(&node_name), project.id),
                    diagnostic,
                    color,
                ));
            }
            if errors {
                refused += 1;
                return Ok(());
            }
            warnings += project
                .model
                .check()
                .iter()
                .filter(|d| d.severity() == Severity::Warning)
                .count();
            let mut stem = file_stem(&project.id);
            let mut n = 1;
            while stems.contains(&stem) {
                n += 1;
                stem = format!("{}-{n}", file_stem(&project.id));
            }
            stems.push(stem.clone());
            let path = dir.join(format!("{stem}.json"));
            output::write_output(
                &path,
                logicmodel::format::to_string(&project.model).as_bytes(),
            )?;
            written += 1;
            Ok(())
        },
    )?;
    for diagnostic in &summary.diagnostics {
        console::message(&crate::diagnostics::in_table(
            &short(&node_name),
            diagnostic,
            color,
        ));
    }
    let table_errors = summary
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Error);
    if args.project.is_some() && summary.projects == 0 && !table_errors {
        console::error(&format!(
            "no project {} in {}",
            visible(args.project.as_deref().unwrap_or_default()),
            visible(&node_name)
        ));
        return Ok(Status::InputErrors);
    }
    console::success(&format!(
        "wrote {written} models into {} from {} + {} rows ({} projects; {refused} not written for their errors; {warnings} check warnings — `logicmodel check` lists them)",
        visible(&dir.display().to_string()),
        summary.rows.0,
        summary.rows.1,
        summary.projects,
    ));
    Ok(if refused > 0 || table_errors {
        Status::InputErrors
    } else {
        Status::Ok
    })
}
