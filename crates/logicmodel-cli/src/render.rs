//! `logicmodel render`: check, lay out and write the diagram as SVG or PNG.

use std::path::{Path, PathBuf};

use clap::Args;
use logicmodel::render::{self, DiagramOptions, SvgOptions};
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::input;
use crate::output::{self, Status};
use crate::png;

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the drawing: `.svg`, `.png`, or `-` for SVG on stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,
    /// Draw only this section (its id).
    #[arg(long, value_name = "ID")]
    pub section: Option<String>,
    /// Draw only the chains through this node (its id).
    #[arg(long, value_name = "NODE")]
    pub focus: Option<String>,
    /// Outline the nodes that have check errors or warnings, with the message in the tooltip.
    #[arg(long)]
    pub show_issues: bool,
    /// How to order the boxes of each column and section: `crossings` reorders them for
    /// fewer crossings (the default), `source` keeps the order of the file.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub order: Option<OrderArg>,
    /// Pixels per SVG unit in PNG output.
    #[arg(long, default_value_t = 2.0, value_name = "FACTOR")]
    pub scale: f32,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// The values of `render --order`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OrderArg {
    /// Reorder the boxes for fewer crossings.
    Crossings,
    /// Keep the order of the file.
    Source,
}

impl From<OrderArg> for logicmodel::layout::Order {
    fn from(order: OrderArg) -> Self {
        match order {
            OrderArg::Crossings => logicmodel::layout::Order::Crossings,
            OrderArg::Source => logicmodel::layout::Order::Source,
        }
    }
}

pub fn run(args: &RenderArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    let source = input::read_model(&args.file)?;
    let all = diagnose(&source, &overrides);
    let has_errors = all.iter().any(|d| d.severity() == Severity::Error);
    // Errors are printed (warnings only counted: `check` lists them); the
    // drawing is still made when the model loaded.
    print_errors(&source, &all, args.lints.color.for_stderr())?;
    let Some(model) = &source.loaded.model else {
        return Ok(Status::InputErrors);
    };
    let section = match &args.section {
        None => None,
        Some(id) => match model.sections().iter().position(|s| s.id().as_str() == id) {
            Some(index) => Some(index),
            None => {
                let known: Vec<&str> = model.sections().iter().map(|s| s.id().as_str()).collect();
                return Err(format!(
                    "--section: no section `{id}`; the sections are: {}",
                    known.join(", ")
                )
                .into());
            }
        },
    };
    let focus = match &args.focus {
        None => None,
        Some(id) => Some(
            model
                .node_index(id)
                .ok_or_else(|| format!("--focus: no node `{id}` in {}", source.name))?,
        ),
    };
    let diagram = render::diagram(
        model,
        &DiagramOptions {
            section,
            focus,
            order: args.order.map(Into::into),
            ..DiagramOptions::default()
        },
    );
    let svg_options = SvgOptions {
        issues: if args.show_issues {
            all.clone()
        } else {
            Vec::new()
        },
        ..SvgOptions::default()
    };
    let svg = render::svg(model, &diagram, &svg_options);
    let is_png = args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    if is_png {
        // resvg's parser refuses documents of more than a million elements
        // (about 95,000 boxes with their text and tooltips). Text that large
        // a drawing is scaled down to could not be read anyway, so such
        // drawings are rasterised as shapes only, and the note says so.
        let elements = svg.matches('<').count() - svg.matches("</").count();
        let png = if elements > png::ELEMENT_BUDGET {
            eprintln!(
                "note: the drawing has {elements} SVG elements, more than the PNG rasteriser accepts ({}); the PNG shows boxes and arrows without text — use SVG output for the text",
                png::ELEMENT_BUDGET
            );
            let shapes = render::svg(
                model,
                &diagram,
                &SvgOptions {
                    shapes_only: true,
                    ..SvgOptions::default()
                },
            );
            png::rasterize(&shapes, args.scale)?
        } else {
            png::rasterize(&svg, args.scale)?
        };
        if let Some(note) = &png.note {
            eprintln!("note: {note}");
        }
        output::write_output(&args.output, &png.bytes)?;
    } else {
        output::write_output(&args.output, svg.as_bytes())?;
    }
    if !is_stdout(&args.output) {
        let (boxes, arrows) = (diagram.nodes.len(), diagram.scene.edges.len());
        eprintln!(
            "wrote {} ({boxes} box{}, {arrows} arrow{})",
            args.output.display(),
            if boxes == 1 { "" } else { "es" },
            if arrows == 1 { "" } else { "s" }
        );
    }
    Ok(if has_errors {
        Status::InputErrors
    } else {
        Status::Ok
    })
}

fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}
