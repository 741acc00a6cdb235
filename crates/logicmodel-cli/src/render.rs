//! `logicmodel render`: check, lay out and write the diagram as SVG, PNG or
//! PDF (the format follows the output file's extension).

use std::path::{Path, PathBuf};

use clap::Args;
use logicmodel::render::{self, DiagramOptions, FitOptions, PageSize, Split, SvgOptions};
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
    /// Outline the nodes that have check errors or warnings, number them, and list the
    /// messages under the diagram (and in the tooltips).
    #[arg(long)]
    pub show_issues: bool,
    /// How to order the boxes of each column and section: `crossings` reorders them for
    /// fewer crossings (the default), `source` keeps the order of the file.
    #[arg(long, value_enum, value_name = "ORDER")]
    pub order: Option<OrderArg>,
    /// Show each box's KPIs inside it: indicator, target, latest actual, and a status
    /// mark (shape and colour: ● achieved, ▲ on track, ▼ behind, ○ no data, ◇ undecided).
    #[arg(long)]
    pub kpis: bool,
    /// Fit the drawing to a slide or page: 16:9, 4:3, a4, a4-landscape, a3, a3-landscape.
    /// Chooses box widths and gaps and, where the whole drawing would be unreadable,
    /// one page per section (then per group of connected chains), so that box text is
    /// at least 9 pt at the page's size. Several pages are written as OUT-1.svg,
    /// OUT-2.svg, … (or .png, .pdf).
    #[arg(long, value_name = "PAGE", value_parser = parse_page)]
    pub fit: Option<PageSize>,
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
    limits::check_drawing(model, section, focus)?;
    let diagram_options = DiagramOptions {
        section,
        focus,
        kpis: args.kpis,
        order: args.order.map(Into::into),
        ..DiagramOptions::default()
    };
    let svg_options = SvgOptions {
        issues: if args.show_issues {
            all.clone()
        } else {
            Vec::new()
        },
        ..SvgOptions::default()
    };
    let status = if has_errors {
        Status::InputErrors
    } else {
        Status::Ok
    };
    if let Some(page) = args.fit {
        write_fitted(args, model, page, diagram_options, svg_options)?;
        return Ok(status);
    }
    // Opened before the work, so a wrong path fails at once rather than
    // after the layout; the temporary file this makes is removed if the
    // run fails or is interrupted.
    let output = Output::create(&args.output)?;
    let format = format_of(&output)?;
    let diagram = render::diagram(model, &diagram_options);
    let bytes = drawing_bytes(args, model, &diagram, &svg_options, format)?;
    output.finish(&bytes)?;
    if !is_stdout(&args.output) {
        console::success(&format!(
            "wrote {} ({})",
            args.output.display(),
            counts(diagram.nodes.len(), diagram.scene.edges.len())
        ));
    }
    Ok(status)
}

/// The format `output` gets: by its extension for a file, SVG otherwise.
fn format_of(output: &Output) -> Result<RenderFormat> {
    output::choose_format(
        output,
        RenderFormat::EXTENSIONS,
        None,
        RenderFormat::Svg,
        RenderFormat::name,
    )
}

fn parse_page(name: &str) -> std::result::Result<PageSize, String> {
    PageSize::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = PageSize::ALL.iter().map(|p| p.name()).collect();
        format!("unknown page `{name}`; the pages are: {}", names.join(", "))
    })
}

fn counts(boxes: usize, arrows: usize) -> String {
    format!(
        "{boxes} box{}, {arrows} arrow{}",
        if boxes == 1 { "" } else { "es" },
        if arrows == 1 { "" } else { "s" }
    )
}

fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// `plan.svg` for one page; `plan-1.svg`, `plan-2.svg`, … for several.
fn page_paths(output: &Path, count: usize) -> Result<Vec<PathBuf>> {
    if count <= 1 {
        return Ok(vec![output.to_path_buf()]);
    }
    if is_stdout(output) {
        return Err(format!(
            "--fit needs {count} pages here, which cannot all go to stdout; name a file (-o plan.svg writes plan-1.svg … plan-{count}.svg)"
        )
        .into());
    }
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "drawing".to_owned());
    let extension = output
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    Ok((1..=count)
        .map(|i| output.with_file_name(format!("{stem}-{i}{extension}")))
        .collect())
}

/// Fits the drawing to `page`, writes every page, and says on stderr what it did.
fn write_fitted(
    args: &RenderArgs,
    model: &logicmodel::Model,
    page: PageSize,
    diagram: DiagramOptions,
    svg: SvgOptions,
) -> Result<()> {
    let options = FitOptions {
        diagram,
        svg: svg.clone(),
        ..FitOptions::new(page)
    };
    let fitted = render::fit(model, &options)?;
    let paths = page_paths(&args.output, fitted.pages.len())?;
    // Every page is opened (and so checked against the inputs and each
    // other) before any is written; they all appear at the end.
    let outputs = paths
        .iter()
        .map(|path| Output::create(path))
        .collect::<Result<Vec<Output>>>()?;
    let formats = outputs
        .iter()
        .map(format_of)
        .collect::<Result<Vec<RenderFormat>>>()?;
    let sections = if fitted.per_section {
        "one page per section,"
    } else {
        "the drawing"
    };
    let how = match (fitted.split, fitted.pages.len()) {
        (Split::Whole, _) => "the whole drawing on one page".to_owned(),
        (Split::Sections, n) => format!("one page per section ({n} pages)"),
        (Split::Groups, n) => {
            format!("{sections} split into groups of connected chains where needed ({n} pages)")
        }
        (Split::Chains, n) => format!(
            "{sections} split into groups and then into chains where needed ({n} pages; a box that several chains share appears on each of their pages)"
        ),
        (_, n) => format!("{n} pages"),
    };
    let (smallest, largest) = fitted
        .pages
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
            (lo.min(p.text_pt), hi.max(p.text_pt))
        });
    let sizes = if largest - smallest < 0.05 {
        format!("{smallest:.1} pt")
    } else {
        format!("{smallest:.1}–{largest:.1} pt")
    };
    let (narrowest, widest) = fitted
        .pages
        .iter()
        .fold((f64::INFINITY, 0.0f64), |(lo, hi), p| {
            (lo.min(p.box_width_em), hi.max(p.box_width_em))
        });
    let widths = if widest - narrowest < 0.05 {
        format!("{narrowest} em")
    } else {
        format!("{narrowest}–{widest} em")
    };
    console::success(&format!(
        "fit to {}: {how}; boxes {widths} wide; box text {sizes} (minimum {} pt)",
        page.description(),
        options.min_text_pt
    ));
    for (i, fitted_page) in fitted.pages.iter().enumerate() {
        if fitted_page.text_pt + 1e-9 < options.min_text_pt {
            let part = fitted_page
                .part
                .as_deref()
                .map_or(String::new(), |p| format!(" ({p})"));
            let why = if fitted_page.too_wide {
                format!(
                    "its {} columns are too wide for the page even with narrow boxes; a landscape or larger page would help",
                    fitted_page.diagram.stages.len()
                )
            } else {
                "it is too tall for the page even split into chains; a larger page would help"
                    .to_owned()
            };
            console::message(&format!(
                "warning: page {}{} has box text at {:.1} pt, below the {} pt minimum: {why}",
                i + 1,
                crate::visible::visible(&part),
                fitted_page.text_pt,
                options.min_text_pt
            ));
        }
    }
    let mut written = Vec::with_capacity(outputs.len());
    for ((fitted_page, mut output), format) in fitted.pages.iter().zip(outputs).zip(formats) {
        let page_svg = SvgOptions {
            page: Some(page),
            part: fitted_page.part.clone(),
            ..svg.clone()
        };
        let bytes = drawing_bytes(args, model, &fitted_page.diagram, &page_svg, format)?;
        std::io::Write::write_all(&mut output, &bytes).map_err(|e| {
            format!(
                "cannot write {}: {e}",
                crate::visible::visible(output.name())
            )
        })?;
        written.push(output);
    }
    for output in written {
        output.commit()?;
    }
    if !is_stdout(&args.output) {
        let boxes: usize = fitted.pages.iter().map(|p| p.diagram.nodes.len()).sum();
        let arrows: usize = fitted
            .pages
            .iter()
            .map(|p| p.diagram.scene.edges.len())
            .sum();
        let names = match paths.as_slice() {
            [one] => one.display().to_string(),
            [first, .., last] => format!("{} … {}", first.display(), last.display()),
            [] => String::new(),
        };
        console::success(&format!("wrote {names} ({})", counts(boxes, arrows)));
    }
    Ok(())
}

/// One drawing as `format`: SVG (with its text as outlines for
/// `--text-to-paths`), PNG or PDF.
fn drawing_bytes(
    args: &RenderArgs,
    model: &logicmodel::Model,
    diagram: &render::Diagram,
    svg_options: &SvgOptions,
    format: RenderFormat,
) -> Result<Vec<u8>> {
    let svg = render::svg(model, diagram, svg_options);
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
            diagram,
            &SvgOptions {
                shapes_only: true,
                page: svg_options.page,
                ..SvgOptions::default()
            },
        )
    };
    Ok(match format {
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
    })
}

/// `--scale`: a positive, finite number.
fn parse_scale(text: &str) -> std::result::Result<f32, String> {
    match text.parse::<f32>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        _ => Err(format!("`{text}` is not a positive number")),
    }
}
