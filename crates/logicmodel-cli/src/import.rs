//! `logicmodel import`: a model kept in a spreadsheet (an xlsx workbook, a
//! folder of CSV tables, one CSV table) written as a JSON model file.

use std::path::PathBuf;

use clap::Args;
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::print_human;
use crate::console;
use crate::diagnostics::ColorChoice;
use crate::input;
use crate::output::{self, Status};
use crate::visible::visible;

#[derive(Args, Debug)]
pub struct ImportArgs {
    /// The workbook (.xlsx), a folder of CSV tables, or one CSV table.
    #[arg(value_name = "FILE", required = true)]
    pub files: Vec<PathBuf>,
    /// Where to write the JSON model (atomically); `-` or nothing: stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: &ImportArgs) -> Result<Status> {
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
