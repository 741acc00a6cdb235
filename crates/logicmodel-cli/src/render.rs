//! `logicmodel render`: check, lay out and write the diagram as SVG, PNG or
//! PDF (the format follows the output file's extension).

use std::path::PathBuf;

use clap::Args;
use logicmodel::render::{self, DiagramOptions, SvgOptions};
use logicmodel::Severity;

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::fonts::FontSource;
use crate::output::{self, Output, Status};
use crate::{console, fonts, input, limits, outline, pdf, png};

/// What `render` writes, by the extension of `-o` (stdout, devices and
/// pipes get SVG).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    Svg,
    Png,
    Pdf,
}

impl RenderFormat {
    /// The one table of what `render` can write: a new format is a line here
    /// (and its arm in `run`).
    pub const EXTENSIONS: &'static [(&'static str, RenderFormat)] = &[
        ("svg", RenderFormat::Svg),
        ("png", RenderFormat::Png),
        ("pdf", RenderFormat::Pdf),
    ];

    fn name(self) -> &'static str {
        match self {
            RenderFormat::Svg => "SVG",
            RenderFormat::Png => "PNG",
            RenderFormat::Pdf => "PDF",
        }
    }
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write the drawing: a `.svg`, `.png` or `.pdf` file, or `-`
    /// for SVG on stdout (devices and pipes get SVG too).
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
    /// Pixels per SVG unit in PNG output.
    #[arg(long, default_value_t = 2.0, value_name = "FACTOR", value_parser = parse_scale)]
    pub scale: f32,
    /// Write text as glyph outlines (SVG and PDF), for readers without the fonts; the SVG keeps each text in an `aria-label`.
    #[arg(long)]
    pub text_to_paths: bool,
    /// Draw the text of PNG, PDF and `--text-to-paths` output with this font file (TrueType, OpenType or a collection) instead of the installed fonts.
    #[arg(long, value_name = "FILE")]
    pub font: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

pub fn run(args: &RenderArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    let source = input::read_model(&args.file)?;
    let all = diagnose(&source, &overrides);
    let has_errors = all.iter().any(|d| d.severity() == Severity::Error);
    // Errors are printed (warnings only counted: `check` lists them); the
    // drawing is still made when the model loaded.
    print_errors(&source, &all, args.lints.color.for_stderr());
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
    // Opened before the work, so a wrong path fails at once rather than
    // after the layout; the temporary file this makes is removed if the
    // run fails or is interrupted.
    let output = Output::create(&args.output)?;
    let format = output::choose_format(
        &output,
        RenderFormat::EXTENSIONS,
        None,
        RenderFormat::Svg,
        RenderFormat::name,
    )?;
    limits::check_drawing(model, section, focus)?;
    let diagram = render::diagram(
        model,
        &DiagramOptions {
            section,
            focus,
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
    let font_source = match &args.font {
        Some(path) => FontSource::File(path),
        None => FontSource::System,
    };
    if args.font.is_some() && format == RenderFormat::Svg && !args.text_to_paths {
        console::note("--font has no effect on SVG output, which names its fonts for the reader to supply; add --text-to-paths to draw the text with it");
    }
    // resvg's parser refuses documents of more than a million elements
    // (about 95,000 boxes with their text and tooltips). Text that large a
    // drawing is scaled down to could not be read anyway, so such drawings
    // are rasterised or converted as shapes only, and the note says so.
    let elements = svg.matches('<').count() - svg.matches("</").count();
    let too_big = elements > png::ELEMENT_BUDGET;
    let shapes_only = || {
        render::svg(
            model,
            &diagram,
            &SvgOptions {
                shapes_only: true,
                ..SvgOptions::default()
            },
        )
    };
    let bytes = match format {
        RenderFormat::Svg if args.text_to_paths => {
            if too_big {
                return Err(format!(
                    "--text-to-paths: the drawing has {elements} SVG elements, more than the {} the outline converter can read; write the SVG without --text-to-paths, or draw a part of the model with --section or --focus",
                    png::ELEMENT_BUDGET
                )
                .into());
            }
            let outlined = outline::text_to_paths(&svg, font_source)?;
            if let Some(note) = &outlined.note {
                console::note(note);
            }
            outlined.svg.into_bytes()
        }
        RenderFormat::Svg => svg.into_bytes(),
        RenderFormat::Png | RenderFormat::Pdf => {
            let tree = if too_big {
                console::note(&format!(
                    "the drawing has {elements} SVG elements, more than the {} rasteriser accepts ({}); it shows boxes and arrows without text — use SVG output for the text",
                    format.name(),
                    png::ELEMENT_BUDGET
                ));
                fonts::parse_svg(&shapes_only(), font_source)?
            } else {
                fonts::parse_svg(&svg, font_source)?
            };
            let (bytes, note) = if format == RenderFormat::Png {
                let png = png::rasterize(&tree, args.scale)?;
                (png.bytes, png.note)
            } else {
                let info = pdf::PdfInfo {
                    title: model.title().to_owned(),
                    language: model.language().map(|l| l.as_str().to_owned()),
                };
                let pdf = pdf::write(&tree, &info, args.text_to_paths)?;
                (pdf.bytes, pdf.note)
            };
            if let Some(note) = &note {
                console::note(note);
            }
            bytes
        }
    };
    output.finish(&bytes)?;
    if args.output.as_os_str() != "-" {
        let (boxes, arrows) = (diagram.nodes.len(), diagram.scene.edges.len());
        console::success(&format!(
            "wrote {} ({boxes} box{}, {arrows} arrow{})",
            args.output.display(),
            if boxes == 1 { "" } else { "es" },
            if arrows == 1 { "" } else { "s" }
        ));
    }
    Ok(if has_errors {
        Status::InputErrors
    } else {
        Status::Ok
    })
}

/// `--scale`: a positive, finite number.
fn parse_scale(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        _ => Err(format!("`{text}` is not a positive number")),
    }
}
