//! The SVG writer: a [`Diagram`] as one self-contained SVG document.
//!
//! Structure (documented for other tools in `docs/svg.md`): a title block,
//! column headings, section bands, edges, nodes, then a legend. Looks are
//! presentation attributes, not CSS, so the file renders the same in
//! browsers, Inkscape, Word and PowerPoint; arrowheads are plain paths, not
//! markers, for the same reason. Every text from the model is stripped of
//! characters XML forbids ([`crate::escape::clean`], the rule every output
//! shares) and escaped by the `svg` crate; numbers are
//! written with at most two decimals, so output is byte-stable.

use std::fmt::Write as _;

use svg::node::element::{Definitions, Group, Path, Rectangle, Text as TextElement, Title};
use svg::node::{Blob, Text};
use svg::Document;

use super::issues::{IssueEntry, IssueList};
use super::kpis::{
    legend as kpi_legend, row_tops, rows_height, KPI_FONT_SIZE, KPI_LINE_HEIGHT, KPI_MARK_ROOM,
};
use super::marks::{self, Marks};
use super::{mark_shape, stage_name, Diagram, KpiBlock, MarkShape, PageSize};
use crate::analysis::KpiStatus;
use crate::diagnostic::{Diagnostic, Severity};
use crate::escape::{self, clean};
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

/// A number with at most two decimals and no trailing zeros (`-0` is `0`).
pub(crate) fn num(value: f64) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    if rounded == 0.0 || !rounded.is_finite() {
        return "0".to_owned();
    }
    let mut text = format!("{rounded:.2}");
    while text.ends_with('0') {
        text.pop();
    }
    if text.ends_with('.') {
        text.pop();
    }
    text
}

fn text_block(block: &TextBlock, dy: f64, weight: Option<&str>, fill: &str) -> TextElement {
    let mut text = TextElement::new("")
        .set("font-size", num(block.font_size))
        .set("text-anchor", "middle")
        .set("fill", fill);
    if let Some(weight) = weight {
        text = text.set("font-weight", weight);
    }
    // The baseline sits where a line box of `line_height` centres a glyph
    // of `font_size`: (line_height - font_size) / 2 above, 0.88 em ascent.
    let baseline = (block.line_height - block.font_size) / 2.0 + block.font_size * 0.88;
    // The lines are written as one run with no whitespace between the
    // `<tspan>`s: browsers turn a newline there into a space that shifts
    // centred text.
    let mut run = String::new();
    for (i, line) in block.lines.iter().enumerate() {
        let y = block.origin.y + dy + i as f64 * block.line_height + baseline;
        let _ = write!(
            run,
            r#"<tspan x="{}" y="{}">{}</tspan>"#,
            num(block.center_x),
            num(y),
            escape::xml(line)
        );
    }
    text.add(Blob::new(run))
}

fn path_data(start: Point, segments: &[PathSegment], dy: f64) -> String {
    let mut d = format!("M{} {}", num(start.x), num(start.y + dy));
    for segment in segments {
        match *segment {
            PathSegment::Line { to } => {
                let _ = write!(d, " L{} {}", num(to.x), num(to.y + dy));
            }
            PathSegment::Cubic { c1, c2, to } => {
                let _ = write!(
                    d,
                    " C{} {} {} {} {} {}",
                    num(c1.x),
                    num(c1.y + dy),
                    num(c2.x),
                    num(c2.y + dy),
                    num(to.x),
                    num(to.y + dy)
                );
            }
        }
    }
    d
}

/// A filled triangle at `tip`, pointing along the last piece of the path.
fn arrowhead(start: Point, segments: &[PathSegment], dy: f64) -> Option<String> {
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
    let (dx, dy_dir) = (tip.x - from.x, tip.y - from.y);
    let length = (dx * dx + dy_dir * dy_dir).sqrt();
    if length < 0.01 {
        return None;
    }
    let (ux, uy) = (dx / length, dy_dir / length);
    let (size, half) = (8.0, 4.0);
    let base = Point::new(tip.x - ux * size, tip.y - uy * size);
    let left = Point::new(base.x - uy * half, base.y + ux * half);
    let right = Point::new(base.x + uy * half, base.y - ux * half);
    Some(format!(
        "M{} {} L{} {} L{} {} Z",
        num(tip.x),
        num(tip.y + dy),
        num(left.x),
        num(left.y + dy),
        num(right.x),
        num(right.y + dy)
    ))
}

/// The tooltip of a node: label, work items with owners, KPIs with targets, issues.
fn tooltip(model: &Model, index: petgraph::graph::NodeIndex, issues: &[&IssueEntry]) -> String {
    let node = model.node(index);
    let japanese = model.language().is_some_and(|l| l.is_japanese());
    let mut text = format!(
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
    clean(&text)
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
    // On a page the view box grows to the page's shape around the drawing.
    let (view, size) = match options.page {
        None => ((0.0, 0.0, width, height), (num(width), num(height))),
        Some(page) => {
            let scale = page.scale_for(width, height);
            let (page_width, page_height) = page.size_pt();
            let (view_width, view_height) = (page_width / scale, page_height / scale);
            let view = (
                -(view_width - width) / 2.0,
                -(view_height - height) / 2.0,
                view_width,
                view_height,
            );
            (view, page.svg_size())
        }
    };

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
        count(scene.edges.len(), "arrow", "arrows"),
        count(diagram.stages.len(), "column", "columns"),
        count(diagram.sections.len(), "section", "sections")
    );

    let mut document = Document::new()
        .set("xmlns", "http://www.w3.org/2000/svg")
        .set("version", "1.1")
        .set("width", size.0)
        .set("height", size.1)
        .set(
            "viewBox",
            format!(
                "{} {} {} {}",
                num(view.0),
                num(view.1),
                num(view.2),
                num(view.3)
            ),
        )
        .set("font-family", FONT_FAMILY)
        .set("role", "img")
        .add(Title::new(clean(model.title())))
        .add(svg::node::element::Description::new().add(Text::new(clean(&description))))
        .add(Definitions::new())
        .add(
            Rectangle::new()
                .set("class", "background")
                .set("x", num(view.0))
                .set("y", num(view.1))
                .set("width", num(view.2))
                .set("height", num(view.3))
                .set("fill", "#FFFFFF"),
        );

    // Title block.
    let subtitle = subtitle_text(model, japanese);
    let title_text = title_text(model, options, japanese);
    let mut title = Group::new().set("class", "diagram-title").add(
        TextElement::new(clean(&title_text))
            .set("x", 16)
            .set("y", 30)
            .set("font-size", 20)
            .set("font-weight", "bold")
            .set("fill", TEXT_COLOUR),
    );
    if !subtitle.is_empty() {
        title = title.add(
            TextElement::new(clean(&subtitle))
                .set("x", 16)
                .set("y", 50)
                .set("font-size", 12)
                .set("fill", "#4D4D4D"),
        );
    }
    document = document.add(title);

    // Column headings.
    let mut headers = Group::new().set("class", "column-headers");
    for (column, &stage) in scene.columns.iter().zip(&diagram.stages) {
        let c = colours(stage);
        let mut group = Group::new()
            .set("class", "column-header")
            .set("data-kind", stage.kind().as_str());
        if let Some(term) = stage.term() {
            group = group.set("data-term", term.as_str());
        }
        group = group
            .add(
                Rectangle::new()
                    .set("x", num(column.header.x))
                    .set("y", num(column.header.y + dy))
                    .set("width", num(column.header.width))
                    .set("height", num(column.header.height))
                    .set("rx", 4)
                    .set("fill", c.header),
            )
            .add(text_block(&column.heading, dy, Some("bold"), "#FFFFFF"));
        headers = headers.add(group);
    }
    document = document.add(headers);

    // Section bands.
    let mut bands = Group::new().set("class", "sections");
    for (i, (band, section)) in scene.bands.iter().zip(&diagram.sections).enumerate() {
        let id = section.map_or(String::new(), |s| model.sections()[s].id().to_string());
        let fill = if i % 2 == 0 { "#F7F7F7" } else { "#EFEFEF" };
        bands = bands.add(
            Group::new()
                .set("class", "section")
                .set("data-id", clean(&id))
                .add(
                    Rectangle::new()
                        .set("x", num(band.rect.x))
                        .set("y", num(band.rect.y + dy))
                        .set("width", num(band.rect.width))
                        .set("height", num(band.rect.height))
                        .set("fill", fill),
                )
                .add(text_block(&band.label, dy, Some("bold"), TEXT_COLOUR)),
        );
    }
    document = document.add(bands);

    // Edges under the boxes.
    let mut edges = Group::new()
        .set("class", "edges")
        .set("fill", "none")
        .set("stroke", EDGE_COLOUR)
        .set("stroke-width", "1.3");
    for edge in &scene.edges {
        if options.shapes_only {
            edges = edges.add(Path::new().set("d", path_data(edge.start, &edge.segments, dy)));
            if let Some(head) = arrowhead(edge.start, &edge.segments, dy) {
                edges = edges.add(
                    Path::new()
                        .set("d", head)
                        .set("fill", EDGE_COLOUR)
                        .set("stroke", "none"),
                );
            }
            continue;
        }
        let (from, to) = diagram.edges[edge.edge];
        let feedback = edge.route == EdgeRoute::Feedback;
        // A link the transcriber inferred (not drawn by the source) is dotted.
        let inferred = is_inferred(model, from, to);
        let mut path = Path::new().set("d", path_data(edge.start, &edge.segments, dy));
        if feedback {
            // A loop back reads as such: dashed, around the columns.
            path = path.set("stroke-dasharray", "6 4");
        } else if inferred {
            path = path
                .set("stroke-dasharray", "1.5 3")
                .set("stroke-linecap", "round");
        }
        let mut class = match (feedback, inferred) {
            (true, true) => "edge feedback inferred",
            (true, false) => "edge feedback",
            (false, true) => "edge inferred",
            (false, false) => "edge",
        }
        .to_owned();
        let (from, to) = (model.node(from).id().as_str(), model.node(to).id().as_str());
        let mark = options.marks.edge(from, to);
        if let Some(mark) = mark {
            class = format!("{class} {}", mark.class());
        }
        let mut group = Group::new()
            .set("class", class)
            .set("data-from", clean(from))
            .set("data-to", clean(to))
            .add(path);
        if let Some(mark) = mark {
            group = marks::edge_style(mark, group);
        }
        if let Some(head) = arrowhead(edge.start, &edge.segments, dy) {
            group = group.add(
                Path::new()
                    .set("class", "arrowhead")
                    .set("d", head)
                    .set("fill", mark.map_or(EDGE_COLOUR, marks::edge_colour))
                    .set("stroke", "none"),
            );
        }
        edges = edges.add(group);
    }
    document = document.add(edges);

    // Boxes.
    let mut nodes = Group::new().set("class", "nodes");
    for (scene_index, (scene_node, &index)) in scene.nodes.iter().zip(&diagram.nodes).enumerate() {
        let node = model.node(index);
        let c = colours(node.stage());
        if options.shapes_only {
            nodes = nodes.add(
                Rectangle::new()
                    .set("x", num(scene_node.rect.x))
                    .set("y", num(scene_node.rect.y + dy))
                    .set("width", num(scene_node.rect.width))
                    .set("height", num(scene_node.rect.height))
                    .set("fill", c.fill)
                    .set("stroke", c.stroke),
            );
            continue;
        }
        let id = clean(node.id().as_str());
        let mark = options.marks.node(node.id().as_str());
        let mut class = match node.term() {
            Some(term) => format!("node {} {}", node.kind(), term),
            None => format!("node {}", node.kind()),
        };
        if let Some(mark) = mark {
            class = format!("{class} {}", mark.class());
        }
        let worst = list.worst[scene_index];
        let box_issues: Vec<&IssueEntry> = list.of_node[scene_index]
            .iter()
            .map(|&e| &list.entries[e])
            .collect();
        let mut rect = Rectangle::new()
            .set("x", num(scene_node.rect.x))
            .set("y", num(scene_node.rect.y + dy))
            .set("width", num(scene_node.rect.width))
            .set("height", num(scene_node.rect.height))
            .set(
                "rx",
                if node.kind() == NodeKind::Impact {
                    10
                } else {
                    4
                },
            )
            .set("fill", c.fill)
            .set("stroke", c.stroke)
            .set("stroke-width", "1.2");
        let mut group = Group::new()
            .set("class", class)
            .set("id", format!("node-{id}"))
            .set("data-id", id.clone());
        if let Some(severity) = worst {
            let (colour, dash) = match severity {
                Severity::Error => ("#D00000", "none"),
                Severity::Warning => ("#E07000", "5 3"),
            };
            rect = rect
                .set("stroke", colour)
                .set("stroke-width", 3)
                .set("stroke-dasharray", dash);
            group = group.set("data-issue", severity.as_str());
        }
        if let Some(mark) = mark {
            rect = marks::box_style(mark, rect);
            group = marks::group_style(mark, group);
        }
        group = group
            .add(Title::new(tooltip(model, index, &box_issues)))
            .add(rect)
            .add(text_block(&scene_node.label, dy, None, TEXT_COLOUR));
        if let Some(mark) = mark {
            group = group.add(marks::badge(mark, scene_node.rect, dy, japanese));
        }
        if let Some(block) = diagram.kpis.get(scene_index).filter(|b| !b.rows.is_empty()) {
            group = group.add(kpi_rows(block, scene_node, c.stroke, dy));
        }
        if let (Some(number), Some(severity)) = (list.numbers[scene_index], worst) {
            let rect = scene_node.rect;
            group = group.add(badge(number, severity, rect.right(), rect.y + dy));
        }
        if options.link_nodes {
            nodes = nodes.add(
                svg::node::element::Anchor::new()
                    .set("href", format!("#detail-{id}"))
                    .add(group),
            );
        } else {
            nodes = nodes.add(group);
        }
    }
    document = document.add(nodes);
    for group in footer.draw(scene.height + dy, &options.marks) {
        document = document.add(group);
    }

    let mut out = document.to_string();
    out.push('\n');
    out
}

/// A status mark: a small shape, the same in colour and in greyscale, centred
/// on `(x, y)`.
fn mark(status: KpiStatus, x: f64, y: f64) -> Path {
    let (shape, colour) = mark_shape(status);
    let r = 4.5;
    let d = match shape {
        MarkShape::FilledCircle | MarkShape::HollowCircle => format!(
            "M{} {} a{r} {r} 0 1 0 {} 0 a{r} {r} 0 1 0 {} 0 Z",
            num(x - r),
            num(y),
            num(2.0 * r),
            num(-2.0 * r)
        ),
        MarkShape::TriangleUp => format!(
            "M{} {} L{} {} L{} {} Z",
            num(x),
            num(y - r),
            num(x + r),
            num(y + r * 0.8),
            num(x - r),
            num(y + r * 0.8)
        ),
        MarkShape::TriangleDown => format!(
            "M{} {} L{} {} L{} {} Z",
            num(x),
            num(y + r),
            num(x - r),
            num(y - r * 0.8),
            num(x + r),
            num(y - r * 0.8)
        ),
        MarkShape::HollowSquare => {
            let h = r * 0.8;
            format!(
                "M{} {} H{} V{} H{} Z",
                num(x - h),
                num(y - h),
                num(x + h),
                num(y + h),
                num(x - h)
            )
        }
        MarkShape::HollowDiamond => format!(
            "M{} {} L{} {} L{} {} L{} {} Z",
            num(x),
            num(y - r),
            num(x + r),
            num(y),
            num(x),
            num(y + r),
            num(x - r),
            num(y)
        ),
    };
    let path = Path::new()
        .set("class", format!("kpi-mark {}", status.as_str()))
        .set("d", d);
    match shape {
        MarkShape::HollowCircle | MarkShape::HollowSquare | MarkShape::HollowDiamond => path
            .set("fill", "#FFFFFF")
            .set("stroke", colour)
            .set("stroke-width", "1.5"),
        _ => path.set("fill", colour).set("stroke", "none"),
    }
}

/// The KPI rows of a box, in the room the layout kept below its label: a rule,
/// then for each KPI its mark and its wrapped text, left-aligned.
fn kpi_rows(block: &KpiBlock, node: &SceneNode, rule: &str, dy: f64) -> Group {
    let rect = node.rect;
    let top = rect.bottom() - rows_height(block) + dy;
    let padding = node.label.origin.x - rect.x;
    let line = KPI_FONT_SIZE * KPI_LINE_HEIGHT;
    let baseline = (line - KPI_FONT_SIZE) / 2.0 + KPI_FONT_SIZE * 0.88;
    let mut group = Group::new().set("class", "kpis").add(
        Path::new()
            .set(
                "d",
                format!(
                    "M{} {} H{}",
                    num(rect.x + padding / 2.0),
                    num(top),
                    num(rect.right() - padding / 2.0)
                ),
            )
            .set("stroke", rule)
            .set("stroke-width", "0.8")
            .set("fill", "none"),
    );
    let tops = row_tops(block);
    let text_x = rect.x + padding + KPI_MARK_ROOM;
    for (row, &row_top) in block.rows.iter().zip(&tops) {
        let y = top + row_top;
        let mut run = String::new();
        for (i, text) in row.lines.iter().enumerate() {
            let _ = write!(
                run,
                r#"<tspan x="{}" y="{}">{}</tspan>"#,
                num(text_x),
                num(y + i as f64 * line + baseline),
                escape::xml(text)
            );
        }
        group = group.add(
            Group::new()
                .set("class", "kpi")
                .set("data-status", row.status.as_str())
                .add(mark(row.status, rect.x + padding + 4.5, y + line / 2.0))
                .add(
                    TextElement::new("")
                        .set("font-size", num(KPI_FONT_SIZE))
                        .set("fill", TEXT_COLOUR)
                        .add(Blob::new(run)),
                ),
        );
    }
    if let (Some(more), Some(&more_top)) = (&block.more, tops.last()) {
        group = group.add(
            TextElement::new(clean(more))
                .set("x", num(text_x))
                .set("y", num(top + more_top + baseline))
                .set("font-size", num(KPI_FONT_SIZE))
                .set("fill", "#4D4D4D"),
        );
    }
    group
}

/// Colour of an issue's outline and badge.
fn issue_colour(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "#D00000",
        Severity::Warning => "#E07000",
    }
}

/// A numbered badge centred on `(x, y)`: white, ringed in the severity's colour, with
/// the number in dark text, readable in greyscale and on any box colour.
fn badge(number: usize, severity: Severity, x: f64, y: f64) -> Group {
    let label = number.to_string();
    let height = 18.0;
    let width = (crate::text::text_width(&label) as f64 * 11.0 + 8.0).max(height);
    Group::new()
        .set("class", "issue-badge")
        .set("data-number", label.clone())
        .add(
            Rectangle::new()
                .set("x", num(x - width / 2.0))
                .set("y", num(y - height / 2.0))
                .set("width", num(width))
                .set("height", num(height))
                .set("rx", num(height / 2.0))
                .set("fill", "#FFFFFF")
                .set("stroke", issue_colour(severity))
                .set("stroke-width", 2),
        )
        .add(
            TextElement::new(label)
                .set("x", num(x))
                .set("y", num(y + 4.0))
                .set("font-size", 11)
                .set("font-weight", "bold")
                .set("text-anchor", "middle")
                .set("fill", TEXT_COLOUR),
        )
}

/// One entry of the legend: a key drawn at the left of its slot, then a word.
struct LegendItem {
    class: &'static str,
    kind: Option<(String, Option<String>)>,
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
                    kind: Some((
                        stage.kind().as_str().to_owned(),
                        stage.term().map(|t| t.as_str().to_owned()),
                    )),
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

    /// The legend group and, when there are issues, the list group, from `top`.
    fn draw(&self, top: f64, marks: &Marks) -> Vec<Group> {
        let words = DrawingWords::of(self.locale);
        let mut context = Group::new().set("class", "context");
        let mut y = top + 12.0;
        for line in &self.context {
            let mut text = TextElement::new(clean(&line.text))
                .set(
                    "x",
                    num(if line.heading {
                        16.0
                    } else {
                        16.0 + LIST_INDENT / 2.0
                    }),
                )
                .set("y", num(y + 12.0))
                .set("font-size", 12)
                .set("fill", TEXT_COLOUR);
            if line.heading {
                text = text.set("font-weight", "bold");
            }
            context = context.add(text);
            y += LIST_LINE;
        }
        let top = top + self.context_height;
        let mut legend = Group::new().set("class", "legend").add(
            TextElement::new(words.legend)
                .set("x", 16)
                .set("y", num(top + 14.0 + 12.0))
                .set("font-size", 12)
                .set("font-weight", "bold")
                .set("fill", TEXT_COLOUR),
        );
        for (row, items) in self.rows.iter().enumerate() {
            let y = top + 14.0 + row as f64 * LEGEND_ROW;
            for (x, item) in items {
                legend = legend.add(legend_item(item, *x, y));
            }
        }
        let mut groups = if self.context.is_empty() {
            vec![legend]
        } else {
            vec![context, legend]
        };
        let below_legend = top + 20.0 + self.rows.len() as f64 * LEGEND_ROW;
        if self.marks_row > 0.0 {
            groups.push(marks.legend_row(below_legend - 6.0, self.locale.is_japanese()));
        }
        if !self.list.is_empty() {
            let mut group = Group::new().set("class", "issue-list");
            let mut y = below_legend + self.marks_row + 12.0;
            for line in &self.list {
                let mut text = TextElement::new(clean(&line.text))
                    .set(
                        "x",
                        num(if line.heading {
                            16.0
                        } else {
                            16.0 + LIST_INDENT
                        }),
                    )
                    .set("y", num(y + 12.0))
                    .set("font-size", 12)
                    .set("fill", TEXT_COLOUR);
                if line.heading {
                    text = text.set("font-weight", "bold");
                }
                if let Some((number, severity)) = line.badge {
                    group = group.add(badge(
                        number,
                        severity,
                        16.0 + LIST_INDENT / 2.0 - 4.0,
                        y + 8.0,
                    ));
                }
                group = group.add(text);
                y += LIST_LINE;
            }
            groups.push(group);
        }
        groups
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

fn legend_item(item: &LegendItem, x: f64, y: f64) -> Group {
    let mut group = Group::new().set("class", item.class);
    if let Some((kind, term)) = &item.kind {
        group = group.set("data-kind", kind.clone());
        if let Some(term) = term {
            group = group.set("data-term", term.clone());
        }
    }
    let swatch = |fill: &str, stroke: &str| {
        Rectangle::new()
            .set("x", num(x))
            .set("y", num(y))
            .set("width", 22)
            .set("height", 16)
            .set("rx", 3)
            .set("fill", fill)
            .set("stroke", stroke)
    };
    group = match item.key {
        LegendKey::Swatch { fill, stroke } => group.add(swatch(fill, stroke)),
        LegendKey::Outline { severity } => group.add(
            swatch("#FFFFFF", issue_colour(severity))
                .set("stroke-width", 3)
                .set(
                    "stroke-dasharray",
                    if severity == Severity::Warning {
                        "5 3"
                    } else {
                        "none"
                    },
                ),
        ),
        LegendKey::Badge => group.add(badge(1, Severity::Warning, x + 11.0, y + 8.0)),
        LegendKey::Mark(status) => group.add(mark(status, x + 5.0, y + 8.0)),
        LegendKey::Dotted => group
            .add(
                Path::new()
                    .set(
                        "d",
                        format!("M{} {} H{}", num(x), num(y + 8.0), num(x + 18.0)),
                    )
                    .set("stroke", EDGE_COLOUR)
                    .set("stroke-width", "1.3")
                    .set("stroke-dasharray", "1.5 3")
                    .set("stroke-linecap", "round"),
            )
            .add(
                Path::new()
                    .set(
                        "d",
                        format!(
                            "M{} {} L{} {} L{} {} Z",
                            num(x + 24.0),
                            num(y + 8.0),
                            num(x + 17.0),
                            num(y + 4.5),
                            num(x + 17.0),
                            num(y + 11.5)
                        ),
                    )
                    .set("fill", EDGE_COLOUR),
            ),
        LegendKey::None => group,
    };
    group.add(
        TextElement::new(clean(&item.text))
            .set("x", num(x + item.key_width()))
            .set("y", num(y + 12.5))
            .set("font-size", 12)
            .set("fill", TEXT_COLOUR),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(10.5), "10.5");
        assert_eq!(num(f64::NAN), "0");
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
