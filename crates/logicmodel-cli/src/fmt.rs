//! `logicmodel fmt`: rewrite model files in the one canonical layout.
//!
//! A file is rewritten only when it loads without an error: the writer
//! writes what the model holds, and a file with errors has lost its broken
//! parts on the way in. Files already canonical are not touched.

use std::path::PathBuf;

use clap::Args;
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::print_errors;
use crate::diagnostics::ColorChoice;
use crate::output::{self, Status};
use crate::visible::visible;
use crate::{console, input};

#[derive(Args, Debug)]
pub struct FmtArgs {
    /// Model files to format in place; `-` reads stdin and writes stdout.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Change nothing: list the files that are not canonical and exit 1 if there are any.
    #[arg(long)]
    pub check: bool,
    /// Colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

pub fn run(args: &FmtArgs) -> Result<Status> {
    let mut status = Status::Ok;
    for path in &args.files {
        let source = match input::read_model(path) {
            Ok(source) => source,
            Err(error) => {
                console::error(&error.to_string());
                status = status.max(Status::Failed);
                continue;
            }
        };
        let errors: Vec<_> = source
            .loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .cloned()
            .collect();
        let Some(model) = source.loaded.model.as_ref().filter(|_| errors.is_empty()) else {
            print_errors(&source, &errors, args.color.for_stderr());
            console::error(&format!(
                "{} was not formatted: fix the errors above first",
                source.name
            ));
            status = status.max(Status::InputErrors);
            continue;
        };
        let canonical = logicmodel::format::to_string(model);
        let stdin = path.as_os_str() == "-";
        if args.check {
            if canonical != source.text {
                output::write_stdout(format!("{}\n", visible(&source.name)).as_bytes())?;
                status = status.max(Status::InputErrors);
            }
        } else if stdin {
            output::write_stdout(canonical.as_bytes())?;
        } else if canonical != source.text {
            // The one command that writes over its input, on purpose.
            output::rewrite_in_place(path, canonical.as_bytes())?;
        }
    }
    Ok(status)
}
