//! `logicmodel report`: one document for a committee — HTML (self-contained)
//! or Markdown with the SVG beside it.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use logicmodel::render::{self, DiagramOptions, SvgOptions};
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::input;
use crate::output::{self, Status};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file (works offline and without JavaScript).
    #[default]
    Html,
    /// Markdown, with the diagram written as an SVG file beside it.
    Md,
}

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the report (`-` for stdout; with `--format md` the SVG
    /// goes beside it, named after it).
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Report format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
    pub format: ReportFormat,
    #[command(flatten)]
    pub lints: LintArgs,
}

pub fn run(args: &ReportArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    let source = input::read_model(&args.file)?;
    let all = diagnose(&source, &overrides);
    let errors: Vec<_> = all
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .cloned()
        .collect();
    print_errors(&source, &all, args.lints.color.for_stderr())?;
    let Some(model) = &source.loaded.model else {
        return Ok(Status::InputErrors);
    };
    match args.format {
        ReportFormat::Html => {
            let html = logicmodel::report::html(model, &all);
            output::write_output(&args.output, html.as_bytes())?;
        }
        ReportFormat::Md => {
            let to_stdout = args.output.as_os_str() == "-";
            let svg_path = if to_stdout {
                PathBuf::from("logicmodel-diagram.svg")
            } else {
                args.output.with_extension("svg")
            };
            let svg_name = svg_path
                .file_name()
                .map_or("diagram.svg".into(), |n| n.to_string_lossy().into_owned());
            let diagram = render::diagram(model, &DiagramOptions::default());
            let svg = render::svg(model, &diagram, &SvgOptions::default());
            output::write_output(&svg_path, svg.as_bytes())?;
            let markdown = logicmodel::report::markdown(model, &all, &svg_name);
            output::write_output(&args.output, markdown.as_bytes())?;
            eprintln!("wrote {} (diagram)", svg_path.display());
        }
    }
    if args.output.as_os_str() != "-" {
        eprintln!("wrote {}", args.output.display());
    }
    Ok(if errors.is_empty() {
        Status::Ok
    } else {
        Status::InputErrors
    })
}
