//! The SVG writer: a [`Diagram`] as one self-contained SVG document.
//!
//! Structure (documented for other tools in `docs/svg.md`): a title block,
//! column headings, section bands, edges, nodes, then a legend. Looks are
//! presentation attributes, not CSS, so the file renders the same in
//! browsers, Inkscape, Word and PowerPoint; arrowheads are plain paths, not
//! markers, for the same reason. The document is written straight into one
//! buffer as the scene is walked ([`super::xml`]); every text from the model
//! is cleaned and escaped on the way by [`crate::escape::push_xml`], the
//! rule every output shares, and numbers are written with at most two
//! decimals, so output is byte-stable.

use std::fmt::Write as _;
use std::sync::LazyLock;

use super::issues::{IssueEntry, IssueList};
use super::kpis::{
    legend as kpi_legend, row_tops, rows_height, KPI_FONT_SIZE, KPI_LINE_HEIGHT, KPI_MARK_ROOM,
};
use super::marks::{self, Marks};
use super::xml::Writer;
use super::{mark_shape, stage_name, Diagram, KpiBlock, MarkShape, PageSize};
use crate::analysis::KpiStatus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::layout::{EdgeRoute, PathSegment, Point, SceneNode, TextBlock};
use crate::model::{Direction, Measurement, Model, NodeKind, Stage, Term};
use crate::words::{DrawingWords, Locale};

/// The font stack: Japanese-capable sans-serif fonts under the names each
/// platform ships them with, then the generic family.
///
/// Noto Sans CJK / Source Han Sans (Linux, and installed by many on any
/// system); Hiragino (macOS, iOS); BIZ UDPGothic (Windows 10 1809+, a
/// Universal Design face made for public documents), Yu Gothic (Windows as
/// `Yu Gothic UI` / `Yu Gothic`, macOS as `YuGothic`), Meiryo and MS PGothic
/// (every Windows); the IPA fonts (Debian's `fonts-ipaexfont`,
/// `fonts-ipafont-gothic`). A reader without any of them falls back to its
/// `sans-serif`; PNG and PDF output choose a font by coverage instead.
pub const FONT_FAMILY: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Source Han Sans JP', 'Source Han Sans', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'BIZ UDPGothic', 'Yu Gothic UI', 'YuGothic', 'Yu Gothic', 'Meiryo', 'MS PGothic', 'IPAexGothic', 'IPAPGothic', 'IPAGothic', sans-serif";

/// What to add to the drawing.
#[derive(Clone, Debug, Default)]
pub struct SvgOptions {
    /// Diagnostics to show on the nodes they concern (`--show-issues`):
    /// outlined, with the message in the tooltip.
    pub issues: Vec<Diagnostic>,
    /// Wrap every box in `<a href="#detail-ID">`, for a report that has a
    /// detail section per node (links work without JavaScript).
    pub link_nodes: bool,
    /// Draw boxes and arrows only: no box text, no tooltips, no grouping
    /// elements. For rasterising drawings so large that their text could
    /// not be read anyway (and that exceed a rasteriser's element limit).
    pub shapes_only: bool,
    /// Marks on boxes and arrows (a diff's added, changed and removed
    /// parts), with a legend row saying what they mean.
    pub marks: Marks,
    /// Size the document as this page (`width`/`height` in `in` or `mm`) with
    /// the drawing scaled to fit inside its margins and centred: a page of
    /// [`fit`](fn@super::fit).
    pub page: Option<PageSize>,
    /// Which part of the model this page shows, after the title (a section,
    /// "1/3").
    pub part: Option<String>,
}

/// The size of the drawing `svg` writes for `diagram` (before fitting it to a
/// page), in user units: the scene, the title block above it, and the
/// model's context, the legend and the issue list below it.
pub(crate) fn drawing_size(model: &Model, diagram: &Diagram, options: &SvgOptions) -> (f64, f64) {
    let list = IssueList::new(model, diagram, &options.issues);
    let width = drawing_width(model, diagram, options);
    let footer = Footer::new(
        diagram,
        &list,
        model.context(),
        has_inferred_links(model, diagram),
        Locale::of(model),
        width,
        options.shapes_only,
    )
    .with_marks(&options.marks);
    (width, diagram.scene.height + TITLE_HEIGHT + footer.height)
}

/// Whether any arrow of `diagram` is a link the transcriber inferred.
fn has_inferred_links(model: &Model, diagram: &Diagram) -> bool {
    diagram
        .edges
        .iter()
        .any(|&(from, to)| is_inferred(model, from, to))
}

/// Whether the link `from` → `to` was inferred by the transcriber.
fn is_inferred(
    model: &Model,
    from: petgraph::graph::NodeIndex,
    to: petgraph::graph::NodeIndex,
) -> bool {
    model
        .graph()
        .find_edge(from, to)
        .is_some_and(|e| model.graph()[e].inferred())
}

/// Colours of one column: box fill, box border, heading background.
pub(crate) struct Colours {
    pub(crate) fill: &'static str,
    pub(crate) stroke: &'static str,
    pub(crate) header: &'static str,
}

/// A palette built on Okabe & Ito's colour-blind-safe hues: light tints for
/// the boxes (black text on them has a contrast ratio above 12:1) and dark
/// shades for the headings (white text above 4.5:1). Columns also differ by
/// position, so greyscale prints stay readable.
pub(crate) fn colours(stage: Stage) -> Colours {
    match stage {
        Stage::Assumption => Colours {
            fill: "#EEEEEE",
            stroke: "#6B6B6B",
            header: "#4D4D4D",
        },
        Stage::Input => Colours {
            fill: "#DDEFFA",
            stroke: "#3D8DC4",
            header: "#1B6496",
        },
        Stage::Activity => Colours {
            fill: "#CFE3F3",
            stroke: "#0072B2",
            header: "#00588A",
        },
        Stage::Output => Colours {
            fill: "#D3F0E6",
            stroke: "#009E73",
            header: "#006B4E",
        },
        Stage::Outcome(Term::Short) => Colours {
            fill: "#FDF1CF",
            stroke: "#C28A00",
            header: "#7A5700",
        },
        Stage::Outcome(Term::Medium) => Colours {
            fill: "#FBE3BF",
            stroke: "#C27300",
            header: "#7A4A00",
        },
        Stage::Outcome(Term::Long) => Colours {
            fill: "#F8D9B8",
            stroke: "#C25E00",
            header: "#803D00",
        },
        Stage::Impact => Colours {
            fill: "#F6DDEB",
            stroke: "#B3548A",
            header: "#8A3868",
        },
    }
}

const TEXT_COLOUR: &str = "#1A1A1A";
const EDGE_COLOUR: &str = "#5C5C5C";
pub(crate) const TITLE_HEIGHT: f64 = 64.0;

/// The size of the SVG that [`svg`] draws from a scene, and where the
/// scene's origin lies in it (below the title block). The HTML report
/// crops its print pages (one per section) out of the drawing with these.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Canvas {
    pub width: f64,
    pub height: f64,
    pub scene_top: f64,
}

/// The [`Canvas`] that [`svg`] draws for `diagram` with `options` (the
/// legend and the issue list under the scene depend on both).
pub(crate) fn canvas(model: &Model, diagram: &Diagram, options: &SvgOptions) -> Canvas {
    let (width, height) = drawing_size(model, diagram, options);
    Canvas {
        width,
        height,
        scene_top: TITLE_HEIGHT,
    }
}

/// The width of the drawing: the scene's, at least 480, and wide enough for the title
/// and subtitle (a drawing of one narrow section must not clip them at the right edge).
fn drawing_width(model: &Model, diagram: &Diagram, options: &SvgOptions) -> f64 {
    let japanese = model.language().is_some_and(|l| l.is_japanese());
    let title = title_text(model, options, japanese);
    // The title at 20 px bold (bold glyphs are a little wider than the estimate's
    // regular ones), the subtitle at 12 px, both from x = 16.
    let title_width = f64::from(crate::text::text_width(&title)) * 20.0 * 1.05;
    let subtitle_width = f64::from(crate::text::text_width(&subtitle_text(model, japanese))) * 12.0;
    diagram
        .scene
        .width
        .max(480.0)
        .max(title_width.max(subtitle_width) + 32.0)
}

/// The title line: the model's title, and the part of the model this page shows.
fn title_text(model: &Model, options: &SvgOptions, japanese: bool) -> String {
    match &options.part {
        Some(part) if japanese => format!("{}｜{part}", model.title()),
        Some(part) => format!("{} — {part}", model.title()),
        None => model.title().to_owned(),
    }
}

/// The line under the title: revision, issue date and plan period.
fn subtitle_text(model: &Model, japanese: bool) -> String {
    let mut subtitle = Vec::new();
    if let Some(r) = model.revision() {
        subtitle.push(r.to_owned());
    }
    if let Some(i) = model.issued() {
        subtitle.push(i.to_owned());
    }
    if let Some(p) = model.period() {
        let words = DrawingWords::of(Locale::from_japanese(japanese));
        subtitle.push(if japanese {
            format!("{} {}–{}年度", words.plan_period, p.start, p.end)
        } else {
            format!("{} FY{}–FY{}", words.plan_period, p.start, p.end)
        });
    }
    subtitle.join(" · ")
}

/// [`FONT_FAMILY`] as the `font-family` attribute holds it, its quotes
/// written `&apos;` as the `svg` crate wrote them: the one value of ours that
/// needs escaping ([`crate::escape::xml`] writes `&#39;`, which reads the same
/// but would change the bytes of every drawing).
static FONT_FAMILY_ATTRIBUTE: LazyLock<String> =
    LazyLock::new(|| FONT_FAMILY.replace('\'', "&apos;"));

/// How one line of text is drawn.
#[derive(Clone, Copy)]
pub(crate) struct TextStyle {
    pub(crate) fill: &'static str,
    pub(crate) size: f64,
    pub(crate) bold: bool,
    /// Centred on its `x` rather than starting there.
    pub(crate) centred: bool,
}

impl TextStyle {
    /// Regular text of `size` in `fill`, starting at its `x`.
    pub(crate) const fn new(fill: &'static str, size: f64) -> TextStyle {
        TextStyle {
            fill,
            size,
            bold: false,
            centred: false,
        }
    }

    pub(crate) const fn bold(self) -> TextStyle {
        TextStyle { bold: true, ..self }
    }

    pub(crate) const fn centred(self) -> TextStyle {
        TextStyle {
            centred: true,
            ..self
        }
    }
}

/// One line of `text` with its baseline at `(x, y)`.
pub(crate) fn text_line(w: &mut Writer, text: &str, (x, y): (f64, f64), style: TextStyle) {
    w.open("text");
    w.attr("fill", style.fill);
    w.attr_num("font-size", style.size);
    if style.bold {
        w.attr("font-weight", "bold");
    }
    if style.centred {
        w.attr("text-anchor", "middle");
    }
    w.attr_num("x", x);
    w.attr_num("y", y);
    w.line(text);
    w.close();
}

/// The lines of the open `<text>` as one run of `<tspan>`s at `x`, line `i`
/// on baseline `baseline(i)`, with no whitespace between them: browsers turn
/// a line break there into a space that shifts centred text.
fn tspans<T: AsRef<str>>(
    w: &mut Writer,
    lines: impl IntoIterator<Item = T>,
    x: f64,
    baseline: impl Fn(usize) -> f64,
) {
    // An empty line, then the run on a line of its own: where the `svg`
    // crate put an empty text node and the run, kept byte for byte.
    w.line("");
    w.line("");
    for (i, line) in lines.into_iter().enumerate() {
        w.open_inline("tspan");
        w.attr_num("x", x);
        w.attr_num("y", baseline(i));
        w.text(line.as_ref());
        w.close();
    }
}

/// A block of centred lines (a box's label, a heading), `dy` below the scene's position.
fn text_block(
    w: &mut Writer,
    block: &TextBlock,
    dy: f64,
    weight: Option<&'static str>,
    fill: &'static str,
) {
    w.open("text");
    w.attr("fill", fill);
    w.attr_num("font-size", block.font_size);
    if let Some(weight) = weight {
        w.attr("font-weight", weight);
    }
    w.attr("text-anchor", "middle");
    // The baseline sits where a line box of `line_height` centres a glyph
    // of `font_size`: (line_height - font_size) / 2 above, 0.88 em ascent.
    let baseline = (block.line_height - block.font_size) / 2.0 + block.font_size * 0.88;
    tspans(w, &block.lines, block.center_x, |i| {
        block.origin.y + dy + i as f64 * block.line_height + baseline
    });
    w.close();
}

/// The path of an edge, `dy` below the scene's position.
fn edge_path(w: &mut Writer, start: Point, segments: &[PathSegment], dy: f64) {
    w.attr_path("d", |d| {
        d.move_to(start.x, start.y + dy);
        for segment in segments {
            match *segment {
                PathSegment::Line { to } => d.line_to(to.x, to.y + dy),
                PathSegment::Cubic { c1, c2, to } => {
                    d.cubic_to((c1.x, c1.y + dy), (c2.x, c2.y + dy), (to.x, to.y + dy))
                }
            };
        }
    });
}

/// A filled triangle at the path's end, pointing along its last piece: the
/// tip and the two corners of its base.
fn arrowhead(start: Point, segments: &[PathSegment]) -> Option<[Point; 3]> {
    let tip = segments.last()?.end();
    let from = match segments.last()? {
        PathSegment::Cubic { c2, .. } if (c2.x - tip.x).abs() + (c2.y - tip.y).abs() > 0.01 => *c2,
        _ => {
            if segments.len() >= 2 {
                segments[segments.len() - 2].end()
            } else {
                start
            }
        }
    };
    let (dx, dy) = (tip.x - from.x, tip.y - from.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length < 0.01 {
        return None;
    }
    let (ux, uy) = (dx / length, dy / length);
    let (size, half) = (8.0, 4.0);
    let base = Point::new(tip.x - ux * size, tip.y - uy * size);
    let left = Point::new(base.x - uy * half, base.y + ux * half);
    let right = Point::new(base.x + uy * half, base.y - ux * half);
    Some([tip, left, right])
}

/// The `d` of an arrowhead, `dy` below the scene's position.
fn arrowhead_path(w: &mut Writer, [tip, left, right]: [Point; 3], dy: f64) {
    w.attr_path("d", |d| {
        d.move_to(tip.x, tip.y + dy)
            .line_to(left.x, left.y + dy)
            .line_to(right.x, right.y + dy)
            .close();
    });
}

/// Writes the tooltip of a node into `text`: label, work items with owners,
/// KPIs with targets, issues.
fn tooltip<'a>(
    text: &mut String,
    model: &Model,
    index: petgraph::graph::NodeIndex,
    issues: impl Iterator<Item = &'a IssueEntry>,
) {
    let node = model.node(index);
    let japanese = model.language().is_some_and(|l| l.is_japanese());
    let _ = write!(
        text,
        "{}\n[{}] {}",
        node.label(),
        stage_name(node.stage(), japanese),
        node.id()
    );
    if let Some(description) = node.description() {
        let _ = write!(text, "\n{description}");
    }
    for item in model.work_items_of(index) {
        let _ = write!(text, "\n• {}", item.title);
        if !item.owners.is_empty() {
            let _ = write!(text, " ({})", item.owners.join("、"));
        }
    }
    for kpi in model.kpis_of(index) {
        let _ = write!(text, "\n◦ {}", kpi.indicator);
        match kpi.target {
            Some(target) => {
                let arrow = if kpi.direction == Direction::Decrease {
                    "↓"
                } else {
                    "→"
                };
                let _ = write!(
                    text,
                    " {arrow} {}{} ({})",
                    Measurement::format_value(target.value),
                    kpi.unit,
                    target.year
                );
            }
            None => {
                let _ = write!(text, ": {}", kpi.target_words().unwrap_or("—"));
            }
        }
    }
    for issue in issues {
        let _ = write!(
            text,
            "\n{}[{}]: {}",
            issue.severity, issue.code, issue.message
        );
    }
}

/// About how many bytes [`svg`] writes for `diagram`, so that its buffer is
/// allocated once. Measured on generated models of 1 000 to 30 000 boxes and
/// on the seed model: a box takes 370–380 bytes besides its label (in the
/// tooltip and the lines), its id (three times) and its description (in
/// the tooltip); an arrow 240–250 bytes; the title, headings and legend a
/// few KB. Each figure is rounded up a little: a shortfall costs an eighth
/// more memory ([`Writer`] grows in eighths), a surplus only itself.
fn estimated_size(model: &Model, diagram: &Diagram, list: &IssueList) -> usize {
    let boxes: usize = diagram
        .nodes
        .iter()
        .map(|&index| {
            let node = model.node(index);
            390 + 2 * node.label().len()
                + 3 * node.id().as_str().len()
                + node.description().map_or(0, str::len)
        })
        .sum();
    let kpi_rows: usize = diagram.kpis.iter().map(|block| block.rows.len()).sum();
    // An issue is in its box's tooltip and in the list under the drawing.
    let issues: usize = list.entries.iter().map(|e| 200 + 2 * e.message.len()).sum();
    16 * 1024 + boxes + 260 * diagram.scene.edges.len() + 300 * kpi_rows + issues
}

/// How a box is outlined: its column's border, or an issue's or a mark's
/// outline instead.
#[derive(Clone, Copy)]
pub(crate) struct Outline {
    pub(crate) colour: &'static str,
    pub(crate) width: f64,
    /// The `stroke-dasharray`, when one is written.
    pub(crate) dash: Option<&'static str>,
}

/// Writes `diagram` of `model` as a standalone SVG document.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club <&>", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let diagram = logicmodel::render::diagram(&model, &Default::default());
/// let svg = logicmodel::render::svg(&model, &diagram, &Default::default());
/// assert!(svg.contains("<title>Club &lt;&amp;&gt;</title>"));
/// assert!(svg.contains(r#"data-from="a""#));
/// ```
pub fn svg(model: &Model, diagram: &Diagram, options: &SvgOptions) -> String {
    let scene = &diagram.scene;
    let list = IssueList::new(model, diagram, &options.issues);
    let japanese = model.language().is_some_and(|l| l.is_japanese());
    let locale = Locale::from_japanese(japanese);
    let width = drawing_width(model, diagram, options);
    let footer = Footer::new(
        diagram,
        &list,
        model.context(),
        has_inferred_links(model, diagram),
        locale,
        width,
        options.shapes_only,
    )
    .with_marks(&options.marks);
    let height = scene.height + TITLE_HEIGHT + footer.height;
    let dy = TITLE_HEIGHT;

    let mut w = Writer::with_capacity(estimated_size(model, diagram, &list));
    w.open("svg");
    w.attr_verbatim("font-family", FONT_FAMILY_ATTRIBUTE.as_str());
    // On a page the view box grows to the page's shape around the drawing.
    let view = match options.page {
        None => {
            w.attr_num("height", height);
            (0.0, 0.0, width, height)
        }
        Some(page) => {
            let scale = page.scale_for(width, height);
            let (page_width, page_height) = page.size_pt();
            let (view_width, view_height) = (page_width / scale, page_height / scale);
            w.attr("height", &page.svg_size().1);
            (
                -(view_width - width) / 2.0,
                -(view_height - height) / 2.0,
                view_width,
                view_height,
            )
        }
    };
    w.attr("role", "img");
    w.attr("version", "1.1");
    w.attr_nums("viewBox", &[view.0, view.1, view.2, view.3]);
    match options.page {
        None => w.attr_num("width", width),
        Some(page) => w.attr("width", &page.svg_size().0),
    }
    w.attr("xmlns", "http://www.w3.org/2000/svg");

    w.open("title");
    w.text(model.title());
    w.close();
    w.open("desc");
    w.text(&description(model, diagram));
    w.close();
    w.open("defs");
    w.close();
    w.open("rect");
    w.attr("class", "background");
    w.attr("fill", "#FFFFFF");
    w.attr_num("height", view.3);
    w.attr_num("width", view.2);
    w.attr_num("x", view.0);
    w.attr_num("y", view.1);
    w.close();

    title_block(&mut w, model, options, japanese);
    column_headings(&mut w, diagram, dy);
    section_bands(&mut w, model, diagram, dy);
    edges(&mut w, model, diagram, options, dy);
    boxes(&mut w, model, diagram, options, &list, dy);
    footer.draw(&mut w, scene.height + dy, &options.marks);
    w.close();
    w.finish()
}

/// The drawing's `<desc>`: the model's description, then what the drawing holds.
fn description(model: &Model, diagram: &Diagram) -> String {
    let mut description = String::new();
    if let Some(d) = model.description() {
        description.push_str(d);
        description.push('\n');
    }
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = write!(
        description,
        "Logic model: {}, {}, {}, {}. Generated by logicmodel.",
        count(diagram.nodes.len(), "box", "boxes"),
        count(diagram.scene.edges.len(), "arrow", "arrows"),
        count(diagram.stages.len(), "column", "columns"),
        count(diagram.sections.len(), "section", "sections")
    );
    description
}

/// The title and, when the model has one, the subtitle above the scene.
fn title_block(w: &mut Writer, model: &Model, options: &SvgOptions, japanese: bool) {
    w.open("g");
    w.attr("class", "diagram-title");
    let title = title_text(model, options, japanese);
    text_line(
        w,
        &title,
        (16.0, 30.0),
        TextStyle::new(TEXT_COLOUR, 20.0).bold(),
    );
    let subtitle = subtitle_text(model, japanese);
    if !subtitle.is_empty() {
        text_line(w, &subtitle, (16.0, 50.0), TextStyle::new("#4D4D4D", 12.0));
    }
    w.close();
}

fn column_headings(w: &mut Writer, diagram: &Diagram, dy: f64) {
    w.open("g");
    w.attr("class", "column-headers");
    for (column, &stage) in diagram.scene.columns.iter().zip(&diagram.stages) {
        w.open("g");
        w.attr("class", "column-header");
        w.attr("data-kind", stage.kind().as_str());
        if let Some(term) = stage.term() {
            w.attr("data-term", term.as_str());
        }
        let header = column.header;
        w.open("rect");
        w.attr("fill", colours(stage).header);
        w.attr_num("height", header.height);
        w.attr_num("rx", 4.0);
        w.attr_num("width", header.width);
        w.attr_num("x", header.x);
        w.attr_num("y", header.y + dy);
        w.close();
        text_block(w, &column.heading, dy, Some("bold"), "#FFFFFF");
        w.close();
    }
    w.close();
}

fn section_bands(w: &mut Writer, model: &Model, diagram: &Diagram, dy: f64) {
    w.open("g");
    w.attr("class", "sections");
    for (i, (band, section)) in diagram
        .scene
        .bands
        .iter()
        .zip(&diagram.sections)
        .enumerate()
    {
        w.open("g");
        w.attr("class", "section");
        w.attr(
            "data-id",
            section.map_or("", |s| model.sections()[s].id().as_str()),
        );
        w.open("rect");
        w.attr("fill", if i % 2 == 0 { "#F7F7F7" } else { "#EFEFEF" });
        w.attr_num("height", band.rect.height);
        w.attr_num("width", band.rect.width);
        w.attr_num("x", band.rect.x);
        w.attr_num("y", band.rect.y + dy);
        w.close();
        text_block(w, &band.label, dy, Some("bold"), TEXT_COLOUR);
        w.close();
    }
    w.close();
}

/// The arrows, under the boxes.
fn edges(w: &mut Writer, model: &Model, diagram: &Diagram, options: &SvgOptions, dy: f64) {
    w.open("g");
    w.attr("class", "edges");
    w.attr("fill", "none");
    w.attr("stroke", EDGE_COLOUR);
    w.attr("stroke-width", "1.3");
    for edge in &diagram.scene.edges {
        let head = arrowhead(edge.start, &edge.segments);
        if options.shapes_only {
            w.open("path");
            edge_path(w, edge.start, &edge.segments, dy);
            w.close();
            if let Some(head) = head {
                w.open("path");
                arrowhead_path(w, head, dy);
                w.attr("fill", EDGE_COLOUR);
                w.attr("stroke", "none");
                w.close();
            }
            continue;
        }
        let (from, to) = diagram.edges[edge.edge];
        let feedback = edge.route == EdgeRoute::Feedback;
        // A link the transcriber inferred (not drawn by the source) is dotted.
        let inferred = is_inferred(model, from, to);
        let (from, to) = (model.node(from).id().as_str(), model.node(to).id().as_str());
        let mark = options.marks.edge(from, to);
        w.open("g");
        w.attr_tokens(
            "class",
            &[
                "edge",
                if feedback { "feedback" } else { "" },
                if inferred { "inferred" } else { "" },
                mark.map_or("", |m| m.class()),
            ],
        );
        w.attr("data-from", from);
        w.attr("data-to", to);
        if let Some(mark) = mark {
            marks::edge_style(w, mark);
        }
        w.open("path");
        edge_path(w, edge.start, &edge.segments, dy);
        if feedback {
            // A loop back reads as such: dashed, around the columns.
            w.attr("stroke-dasharray", "6 4");
        } else if inferred {
            w.attr("stroke-dasharray", "1.5 3");
            w.attr("stroke-linecap", "round");
        }
        w.close();
        if let Some(head) = head {
            w.open("path");
            w.attr("class", "arrowhead");
            arrowhead_path(w, head, dy);
            w.attr("fill", mark.map_or(EDGE_COLOUR, marks::edge_colour));
            w.attr("stroke", "none");
            w.close();
        }
        w.close();
    }
    w.close();
}

/// The boxes, each with its tooltip, label, marks, KPI rows and issue badge.
fn boxes(
    w: &mut Writer,
    model: &Model,
    diagram: &Diagram,
    options: &SvgOptions,
    list: &IssueList,
    dy: f64,
) {
    let japanese = model.language().is_some_and(|l| l.is_japanese());
    // One tooltip at a time, in a buffer kept from box to box.
    let mut tooltip_text = String::new();
    w.open("g");
    w.attr("class", "nodes");
    for (scene_index, (scene_node, &index)) in
        diagram.scene.nodes.iter().zip(&diagram.nodes).enumerate()
    {
        let node = model.node(index);
        let c = colours(node.stage());
        let rect = scene_node.rect;
        if options.shapes_only {
            w.open("rect");
            w.attr("fill", c.fill);
            w.attr_num("height", rect.height);
            w.attr("stroke", c.stroke);
            w.attr_num("width", rect.width);
            w.attr_num("x", rect.x);
            w.attr_num("y", rect.y + dy);
            w.close();
            continue;
        }
        let id = node.id().as_str();
        let mark = options.marks.node(id);
        let worst = list.worst[scene_index];
        if options.link_nodes {
            w.open("a");
            w.attr_concat("href", &["#detail-", id]);
        }
        w.open("g");
        w.attr_tokens(
            "class",
            &[
                "node",
                node.kind().as_str(),
                node.term().map_or("", Term::as_str),
                mark.map_or("", |m| m.class()),
            ],
        );
        w.attr("data-id", id);
        if let Some(severity) = worst {
            w.attr("data-issue", severity.as_str());
        }
        w.attr_concat("id", &["node-", id]);
        if let Some(mark) = mark {
            marks::group_style(w, mark);
        }

        w.open("title");
        tooltip_text.clear();
        let issues = list.of_node[scene_index].iter().map(|&e| &list.entries[e]);
        tooltip(&mut tooltip_text, model, index, issues);
        w.text(&tooltip_text);
        w.close();

        let mut outline = Outline {
            colour: c.stroke,
            width: 1.2,
            dash: None,
        };
        if let Some(severity) = worst {
            outline = Outline {
                colour: issue_colour(severity),
                width: 3.0,
                dash: Some(issue_dash(severity)),
            };
        }
        if let Some(mark) = mark {
            outline = marks::outline(mark, outline);
        }
        w.open("rect");
        w.attr("fill", c.fill);
        w.attr_num("height", rect.height);
        w.attr_num(
            "rx",
            if node.kind() == NodeKind::Impact {
                10.0
            } else {
                4.0
            },
        );
        w.attr("stroke", outline.colour);
        if let Some(dash) = outline.dash {
            w.attr("stroke-dasharray", dash);
        }
        w.attr_num("stroke-width", outline.width);
        w.attr_num("width", rect.width);
        w.attr_num("x", rect.x);
        w.attr_num("y", rect.y + dy);
        w.close();

        text_block(w, &scene_node.label, dy, None, TEXT_COLOUR);
        if let Some(mark) = mark {
            marks::badge(w, mark, rect, dy, japanese);
        }
        if let Some(block) = diagram.kpis.get(scene_index).filter(|b| !b.rows.is_empty()) {
            kpi_rows(w, block, scene_node, c.stroke, dy);
        }
        if let (Some(number), Some(severity)) = (list.numbers[scene_index], worst) {
            badge(w, number, severity, rect.right(), rect.y + dy);
        }
        w.close();
        if options.link_nodes {
            w.close();
        }
    }
    w.close();
}

/// A status mark: a small shape, the same in colour and in greyscale, centred
/// on `(x, y)`.
fn mark(w: &mut Writer, status: KpiStatus, x: f64, y: f64) {
    let (shape, colour) = mark_shape(status);
    let r = 4.5;
    w.open("path");
    w.attr_tokens("class", &["kpi-mark", status.as_str()]);
    w.attr_path("d", |d| {
        match shape {
            MarkShape::FilledCircle | MarkShape::HollowCircle => {
                d.move_to(x - r, y).arc_by(r, 2.0 * r).arc_by(r, -2.0 * r)
            }
            MarkShape::TriangleUp => d
                .move_to(x, y - r)
                .line_to(x + r, y + r * 0.8)
                .line_to(x - r, y + r * 0.8),
            MarkShape::TriangleDown => d
                .move_to(x, y + r)
                .line_to(x - r, y - r * 0.8)
                .line_to(x + r, y - r * 0.8),
            MarkShape::HollowSquare => {
                let h = r * 0.8;
                d.move_to(x - h, y - h)
                    .horizontal_to(x + h)
                    .vertical_to(y + h)
                    .horizontal_to(x - h)
            }
            MarkShape::HollowDiamond => d
                .move_to(x, y - r)
                .line_to(x + r, y)
                .line_to(x, y + r)
                .line_to(x - r, y),
        }
        .close();
    });
    match shape {
        MarkShape::HollowCircle | MarkShape::HollowSquare | MarkShape::HollowDiamond => {
            w.attr("fill", "#FFFFFF");
            w.attr("stroke", colour);
            w.attr("stroke-width", "1.5");
        }
        _ => {
            w.attr("fill", colour);
            w.attr("stroke", "none");
        }
    }
    w.close();
}

/// The KPI rows of a box, in the room the layout kept below its label: a rule,
/// then for each KPI its mark and its wrapped text, left-aligned.
fn kpi_rows(w: &mut Writer, block: &KpiBlock, node: &SceneNode, rule: &'static str, dy: f64) {
    let rect = node.rect;
    let top = rect.bottom() - rows_height(block) + dy;
    let padding = node.label.origin.x - rect.x;
    let line = KPI_FONT_SIZE * KPI_LINE_HEIGHT;
    let baseline = (line - KPI_FONT_SIZE) / 2.0 + KPI_FONT_SIZE * 0.88;
    w.open("g");
    w.attr("class", "kpis");
    w.open("path");
    w.attr_path("d", |d| {
        d.move_to(rect.x + padding / 2.0, top)
            .horizontal_to(rect.right() - padding / 2.0);
    });
    w.attr("fill", "none");
    w.attr("stroke", rule);
    w.attr("stroke-width", "0.8");
    w.close();
    let tops = row_tops(block);
    let text_x = rect.x + padding + KPI_MARK_ROOM;
    for (row, &row_top) in block.rows.iter().zip(&tops) {
        let y = top + row_top;
        w.open("g");
        w.attr("class", "kpi");
        w.attr("data-status", row.status.as_str());
        mark(w, row.status, rect.x + padding + 4.5, y + line / 2.0);
        w.open("text");
        w.attr("fill", TEXT_COLOUR);
        w.attr_num("font-size", KPI_FONT_SIZE);
        tspans(w, &row.lines, text_x, |i| y + i as f64 * line + baseline);
        w.close();
        w.close();
    }
    if let (Some(more), Some(&more_top)) = (&block.more, tops.last()) {
        text_line(
            w,
            more,
            (text_x, top + more_top + baseline),
            TextStyle::new("#4D4D4D", KPI_FONT_SIZE),
        );
    }
    w.close();
}

/// Colour of an issue's outline and badge.
fn issue_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#D00000",
        Severity::Warning => "#E07000",
    }
}

/// Dashes of an issue's outline: errors solid, warnings dashed.
fn issue_dash(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "none",
        Severity::Warning => "5 3",
    }
}

/// A numbered badge centred on `(x, y)`: white, ringed in the severity's colour, with
/// the number in dark text, readable in greyscale and on any box colour.
fn badge(w: &mut Writer, number: usize, severity: Severity, x: f64, y: f64) {
    let label = number.to_string();
    let height = 18.0;
    let width = (crate::text::text_width(&label) as f64 * 11.0 + 8.0).max(height);
    w.open("g");
    w.attr("class", "issue-badge");
    w.attr("data-number", &label);
    w.open("rect");
    w.attr("fill", "#FFFFFF");
    w.attr_num("height", height);
    w.attr_num("rx", height / 2.0);
    w.attr("stroke", issue_colour(severity));
    w.attr_num("stroke-width", 2.0);
    w.attr_num("width", width);
    w.attr_num("x", x - width / 2.0);
    w.attr_num("y", y - height / 2.0);
    w.close();
    text_line(
        w,
        &label,
        (x, y + 4.0),
        TextStyle::new(TEXT_COLOUR, 11.0).bold().centred(),
    );
    w.close();
}

/// One entry of the legend: a key drawn at the left of its slot, then a word.
struct LegendItem {
    class: &'static str,
    /// The column's kind and term, for a column's swatch.
    kind: Option<(&'static str, Option<&'static str>)>,
    key: LegendKey,
    text: String,
}
/// What the legend shows before an item's word.
enum LegendKey {
    /// A box swatch of a column.
    Swatch {
        fill: &'static str,
        stroke: &'static str,
    },
    /// An outline of a box with issues.
    Outline { severity: Severity },
    /// A numbered badge.
    Badge,
    /// A KPI status mark.
    Mark(KpiStatus),
    /// A short dotted arrow: a link the transcriber inferred.
    Dotted,
    /// Nothing: the text says it (→ leads to).
    None,
}

impl LegendItem {
    fn key_width(&self) -> f64 {
        match self.key {
            LegendKey::None => 0.0,
            LegendKey::Mark(_) => 16.0,
            _ => 28.0,
        }
    }

    fn width(&self) -> f64 {
        self.key_width() + crate::text::text_width(&self.text) as f64 * 12.0 + 20.0
    }
}

/// The legend rows and the issue list under a drawing, laid out for its width.
struct Footer {
    /// The model's `context` (heading and wrapped lines), above the legend.
    context: Vec<ListLine>,
    context_height: f64,
    rows: Vec<Vec<(f64, LegendItem)>>,
    /// The list's heading and its lines (wrapped), with each line's entry.
    list: Vec<ListLine>,
    locale: Locale,
    height: f64,
    /// Height of the marks' legend row (a diff drawing's), between the
    /// legend and the issue list; 0 without marks.
    marks_row: f64,
}

/// One line of the issue list.
struct ListLine {
    text: String,
    /// The entry's number and severity, on the entry's first line only.
    badge: Option<(usize, Severity)>,
    heading: bool,
}

const LEGEND_ROW: f64 = 24.0;
const LIST_LINE: f64 = 17.0;
const LIST_INDENT: f64 = 40.0;

impl Footer {
    fn new(
        diagram: &Diagram,
        list: &IssueList,
        context: &[String],
        inferred_links: bool,
        locale: Locale,
        width: f64,
        shapes_only: bool,
    ) -> Footer {
        let japanese = locale.is_japanese();
        // What holds for the whole programme, as a bulleted list: it is not
        // part of any chain, so it is not a box.
        let mut context_lines = Vec::new();
        if !context.is_empty() && !shapes_only {
            context_lines.push(ListLine {
                text: DrawingWords::of(locale).context.to_owned(),
                badge: None,
                heading: true,
            });
            let em = ((width - 16.0 - LIST_INDENT - 16.0) / 12.0).max(10.0) as f32;
            for item in context {
                for (i, line) in crate::text::wrap_label(item, em).into_iter().enumerate() {
                    context_lines.push(ListLine {
                        text: if i == 0 {
                            format!("・{line}")
                        } else {
                            format!("　{line}")
                        },
                        badge: None,
                        heading: false,
                    });
                }
            }
        }
        let context_height = if context_lines.is_empty() {
            0.0
        } else {
            12.0 + context_lines.len() as f64 * LIST_LINE + 8.0
        };
        let mut items: Vec<LegendItem> = diagram
            .stages
            .iter()
            .map(|&stage| {
                let c = colours(stage);
                LegendItem {
                    class: "legend-item",
                    kind: Some((stage.kind().as_str(), stage.term().map(Term::as_str))),
                    key: LegendKey::Swatch {
                        fill: c.fill,
                        stroke: c.stroke,
                    },
                    text: stage_name(stage, japanese).to_owned(),
                }
            })
            .collect();
        items.push(LegendItem {
            class: "legend-item",
            kind: None,
            key: LegendKey::None,
            text: DrawingWords::of(locale).leads_to.to_owned(),
        });
        if inferred_links {
            items.push(LegendItem {
                class: "legend-item",
                kind: None,
                key: LegendKey::Dotted,
                text: DrawingWords::of(locale).inferred.to_owned(),
            });
        }
        let show_list = !list.is_empty() && !shapes_only;
        if show_list {
            for severity in [Severity::Error, Severity::Warning] {
                if list.entries.iter().any(|e| e.severity == severity) {
                    items.push(LegendItem {
                        class: "legend-issue",
                        kind: None,
                        key: LegendKey::Outline { severity },
                        text: severity_word(severity, locale).to_owned(),
                    });
                }
            }
            if list.entries.iter().any(|e| e.number.is_some()) {
                items.push(LegendItem {
                    class: "legend-issue",
                    kind: None,
                    key: LegendKey::Badge,
                    text: if japanese {
                        "番号は下の一覧"
                    } else {
                        "number in the list below"
                    }
                    .to_owned(),
                });
            }
        }
        if !shapes_only && diagram.kpis.iter().any(|b| !b.rows.is_empty()) {
            for (status, name) in kpi_legend(locale) {
                items.push(LegendItem {
                    class: "legend-kpi",
                    kind: None,
                    key: LegendKey::Mark(status),
                    text: format!("KPI {name}"),
                });
            }
        }
        // Flow the items into rows no wider than the drawing.
        let (start, right) = (72.0, (width - 16.0).max(200.0));
        let mut rows: Vec<Vec<(f64, LegendItem)>> = vec![Vec::new()];
        let mut x = start;
        for item in items {
            let w = item.width();
            if x + w > right && !rows.last().is_some_and(Vec::is_empty) {
                rows.push(Vec::new());
                x = start;
            }
            rows.last_mut().expect("one row at least").push((x, item));
            x += w;
        }
        let mut lines = Vec::new();
        if show_list {
            let errors = list
                .entries
                .iter()
                .filter(|e| e.severity == Severity::Error)
                .count();
            let warnings = list.entries.len() - errors;
            lines.push(ListLine {
                text: if japanese {
                    format!("チェック結果（エラー {errors} 件、警告 {warnings} 件）")
                } else {
                    format!("Check results ({errors} errors, {warnings} warnings)")
                },
                badge: None,
                heading: true,
            });
            let em = ((width - 16.0 - LIST_INDENT - 16.0) / 12.0).max(10.0) as f32;
            for entry in &list.entries {
                let text = format!(
                    "{}[{}] {}",
                    severity_word(entry.severity, locale),
                    entry.code,
                    entry.message
                );
                for (i, line) in crate::text::wrap_label(&text, em).into_iter().enumerate() {
                    lines.push(ListLine {
                        text: line,
                        badge: if i == 0 {
                            entry.number.map(|n| (n, entry.severity))
                        } else {
                            None
                        },
                        heading: false,
                    });
                }
            }
            if list.elsewhere > 0 {
                lines.push(ListLine {
                    text: if japanese {
                        format!(
                            "この図にない要素についての指摘が、ほかに {} 件あります。",
                            list.elsewhere
                        )
                    } else if list.elsewhere == 1 {
                        "One more issue concerns a box not in this drawing.".to_owned()
                    } else {
                        format!(
                            "{} more issues concern boxes not in this drawing.",
                            list.elsewhere
                        )
                    },
                    badge: None,
                    heading: false,
                });
            }
        }
        let list_height = if lines.is_empty() {
            0.0
        } else {
            12.0 + lines.len() as f64 * LIST_LINE + 8.0
        };
        Footer {
            height: context_height + 20.0 + rows.len() as f64 * LEGEND_ROW + list_height,
            context: context_lines,
            context_height,
            rows,
            list: lines,
            locale,
            marks_row: 0.0,
        }
    }

    /// Makes room for the marks' legend row when `marks` has one.
    fn with_marks(mut self, marks: &Marks) -> Footer {
        if marks.has_legend() {
            self.marks_row = marks::LEGEND_ROW;
            self.height += marks::LEGEND_ROW;
        }
        self
    }

    /// The model's context, the legend, the marks' legend row and, when
    /// there are issues, the issue list, from `top`.
    fn draw(&self, w: &mut Writer, top: f64, marks: &Marks) {
        let words = DrawingWords::of(self.locale);
        let list_style = TextStyle::new(TEXT_COLOUR, 12.0);
        if !self.context.is_empty() {
            w.open("g");
            w.attr("class", "context");
            let mut y = top + 12.0;
            for line in &self.context {
                let (x, style) = if line.heading {
                    (16.0, list_style.bold())
                } else {
                    (16.0 + LIST_INDENT / 2.0, list_style)
                };
                text_line(w, &line.text, (x, y + 12.0), style);
                y += LIST_LINE;
            }
            w.close();
        }
        let top = top + self.context_height;
        w.open("g");
        w.attr("class", "legend");
        text_line(
            w,
            words.legend,
            (16.0, top + 14.0 + 12.0),
            list_style.bold(),
        );
        for (row, items) in self.rows.iter().enumerate() {
            let y = top + 14.0 + row as f64 * LEGEND_ROW;
            for (x, item) in items {
                legend_item(w, item, *x, y);
            }
        }
        w.close();
        let below_legend = top + 20.0 + self.rows.len() as f64 * LEGEND_ROW;
        if self.marks_row > 0.0 {
            marks.legend_row(w, below_legend - 6.0, self.locale.is_japanese());
        }
        if !self.list.is_empty() {
            w.open("g");
            w.attr("class", "issue-list");
            let mut y = below_legend + self.marks_row + 12.0;
            for line in &self.list {
                if let Some((number, severity)) = line.badge {
                    badge(w, number, severity, 16.0 + LIST_INDENT / 2.0 - 4.0, y + 8.0);
                }
                let (x, style) = if line.heading {
                    (16.0, list_style.bold())
                } else {
                    (16.0 + LIST_INDENT, list_style)
                };
                text_line(w, &line.text, (x, y + 12.0), style);
                y += LIST_LINE;
            }
            w.close();
        }
    }
}

/// The word for a severity in the drawing's language.
fn severity_word(severity: Severity, locale: Locale) -> &'static str {
    match (severity, locale.is_japanese()) {
        (Severity::Error, true) => "エラー",
        (Severity::Warning, true) => "警告",
        (Severity::Error, false) => "error",
        (Severity::Warning, false) => "warning",
    }
}

fn legend_item(w: &mut Writer, item: &LegendItem, x: f64, y: f64) {
    w.open("g");
    w.attr("class", item.class);
    if let Some((kind, term)) = item.kind {
        w.attr("data-kind", kind);
        if let Some(term) = term {
            w.attr("data-term", term);
        }
    }
    // A box's swatch, with the outline of an issue when it shows one.
    let swatch = |w: &mut Writer, fill: &str, stroke: &str, issue: Option<Severity>| {
        w.open("rect");
        w.attr("fill", fill);
        w.attr_num("height", 16.0);
        w.attr_num("rx", 3.0);
        w.attr("stroke", stroke);
        if let Some(severity) = issue {
            w.attr("stroke-dasharray", issue_dash(severity));
            w.attr_num("stroke-width", 3.0);
        }
        w.attr_num("width", 22.0);
        w.attr_num("x", x);
        w.attr_num("y", y);
        w.close();
    };
    match item.key {
        LegendKey::Swatch { fill, stroke } => swatch(w, fill, stroke, None),
        LegendKey::Outline { severity } => {
            swatch(w, "#FFFFFF", issue_colour(severity), Some(severity));
        }
        LegendKey::Badge => badge(w, 1, Severity::Warning, x + 11.0, y + 8.0),
        LegendKey::Mark(status) => mark(w, status, x + 5.0, y + 8.0),
        LegendKey::Dotted => {
            w.open("path");
            w.attr_path("d", |d| {
                d.move_to(x, y + 8.0).horizontal_to(x + 18.0);
            });
            w.attr("stroke", EDGE_COLOUR);
            w.attr("stroke-dasharray", "1.5 3");
            w.attr("stroke-linecap", "round");
            w.attr("stroke-width", "1.3");
            w.close();
            w.open("path");
            w.attr_path("d", |d| {
                d.move_to(x + 24.0, y + 8.0)
                    .line_to(x + 17.0, y + 4.5)
                    .line_to(x + 17.0, y + 11.5)
                    .close();
            });
            w.attr("fill", EDGE_COLOUR);
            w.close();
        }
        LegendKey::None => {}
    }
    text_line(
        w,
        &item.text,
        (x + item.key_width(), y + 12.5),
        TextStyle::new(TEXT_COLOUR, 12.0),
    );
    w.close();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_stack_attribute_is_the_font_stack() {
        assert_eq!(FONT_FAMILY_ATTRIBUTE.replace("&apos;", "'"), FONT_FAMILY);
        assert!(!FONT_FAMILY_ATTRIBUTE.contains(['"', '<', '\'']));
    }

    /// WCAG 2 relative luminance of `#RRGGBB`.
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn palette_meets_wcag_contrast() {
        for stage in Stage::ALL {
            let c = colours(stage);
            assert!(contrast(TEXT_COLOUR, c.fill) >= 12.0, "{stage:?} box text");
            assert!(
                contrast("#FFFFFF", c.header) >= 4.5,
                "{stage:?} heading text"
            );
            // Borders are graphics: WCAG 2.1 (1.4.11) asks 3:1 against the background.
            assert!(contrast(c.stroke, "#FFFFFF") >= 3.0, "{stage:?} border");
        }
        assert!(contrast(EDGE_COLOUR, "#EFEFEF") >= 4.5);
    }
}
