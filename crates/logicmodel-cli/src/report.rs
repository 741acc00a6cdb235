//! `logicmodel report`: one document for a committee — HTML (self-contained)
//! or Markdown with the SVG beside it.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use logicmodel::render::{self, DiagramOptions, SvgOptions};
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::output::{self, Output, Status};
use crate::visible::visible;
use crate::{console, input, limits};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained HTML file (works offline and without JavaScript).
    #[default]
    Html,
    /// Markdown, with the diagram written as an SVG file beside it.
    Md,
}

impl ReportFormat {
    /// The one table of what `report` can write, by the extension of `-o`.
    pub const EXTENSIONS: &'static [(&'static str, ReportFormat)] = &[
        ("html", ReportFormat::Html),
        ("htm", ReportFormat::Html),
        ("md", ReportFormat::Md),
        ("markdown", ReportFormat::Md),
    ];

    fn name(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Md => "md",
        }
    }
}

/// The diagram beside a Markdown report is SVG.
const DIAGRAM_EXTENSIONS: &[(&str, ()); 1] = &[("svg", ())];

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the report: `.html`, `.md`, or `-` for stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Report format [default: what the extension of `-o` says; html on stdout].
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// With `--format md`: where to write the diagram [default: the report's
    /// name with `.svg`, or `logicmodel-diagram.svg` when the report goes to
    /// stdout]. An existing file there is replaced only when it is a diagram
    /// logicmodel wrote, or when this option names it.
    #[arg(long, value_name = "SVG")]
    pub diagram: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

pub fn run(args: &ReportArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    let source = input::read_model(&args.file)?;
    let all = diagnose(&source, &overrides);
    let has_errors = all.iter().any(|d| d.severity() == Severity::Error);
    print_errors(&source, &all, args.lints.color.for_stderr());
    let Some(model) = &source.loaded.model else {
        return Ok(Status::InputErrors);
    };
    let output = Output::create(&args.output)?;
    let format = output::choose_format(
        &output,
        ReportFormat::EXTENSIONS,
        args.format,
        ReportFormat::Html,
        ReportFormat::name,
    )?;
    if args.diagram.is_some() && format != ReportFormat::Md {
        return Err(
            "--diagram applies to --format md only (the HTML report has the diagram inside)".into(),
        );
    }
    limits::check_report(model)?;
    match format {
        ReportFormat::Html => {
            let html = logicmodel::report::html(model, &all);
            output.finish(html.as_bytes())?;
        }
        ReportFormat::Md => {
            let (svg_path, named) = match &args.diagram {
                Some(path) => (path.clone(), true),
                None if output.is_file() => (args.output.with_extension("svg"), false),
                None => (PathBuf::from("logicmodel-diagram.svg"), false),
            };
            if !named {
                refuse_to_replace_a_stranger(&svg_path)?;
            }
            let diagram_output = Output::create(&svg_path)?;
            output::choose_format(&diagram_output, DIAGRAM_EXTENSIONS, None, (), |()| "SVG")?;
            let reference = diagram_reference(&svg_path, &args.output, output.is_file());
            let diagram = render::diagram(model, &DiagramOptions::default());
            let svg = render::svg(model, &diagram, &SvgOptions::default());
            let markdown = logicmodel::report::markdown(model, &all, &reference);
            diagram_output.finish(svg.as_bytes())?;
            output.finish(markdown.as_bytes())?;
            console::success(&format!("wrote {} (diagram)", svg_path.display()));
        }
    }
    if args.output.as_os_str() != "-" {
        console::success(&format!("wrote {}", args.output.display()));
    }
    Ok(if has_errors {
        Status::InputErrors
    } else {
        Status::Ok
    })
}

/// How the Markdown refers to its diagram: by file name when both are in
/// the same directory (the usual case), else by the path as given.
fn diagram_reference(svg: &Path, report: &Path, report_is_file: bool) -> String {
    let same_directory = report_is_file && svg.parent() == report.parent();
    if same_directory || svg.parent().is_none_or(|p| p.as_os_str().is_empty()) {
        svg.file_name().map_or_else(
            || svg.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        )
    } else {
        svg.display().to_string()
    }
}

/// The diagram's file was not named by the user: it may be created, or
/// replace a diagram logicmodel wrote before (a report run again), but not
/// replace any other file.
fn refuse_to_replace_a_stranger(path: &Path) -> Result<()> {
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(());
    };
    if !metadata.is_file() || looks_like_our_diagram(path) {
        return Ok(());
    }
    Err(format!(
        "refusing to replace {}: the Markdown report writes its diagram there, but that file exists and is not a diagram logicmodel wrote; name it with --diagram {} to replace it, or choose another file with --diagram",
        visible(&path.display().to_string()),
        visible(&path.display().to_string())
    )
    .into())
}

/// Whether the file starts like an SVG that `render::svg` writes: an `<svg`
/// root, and its column headers group near the top.
fn looks_like_our_diagram(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(256 * 1024).read_to_end(&mut head));
    read.is_ok()
        && head.starts_with(b"<svg ")
        && head
            .windows(SIGNATURE.len())
            .any(|window| window == SIGNATURE)
}

/// A group every diagram logicmodel draws has (docs/svg.md).
const SIGNATURE: &[u8] = b"<g class=\"column-headers\">";
