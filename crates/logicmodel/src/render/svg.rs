//! The SVG writer: a [`Diagram`] as one self-contained SVG document.
//!
//! Structure (documented for other tools in `docs/svg.md`): a title block,
//! column headings, section bands, edges, nodes, then a legend. Looks are
//! presentation attributes, not CSS, so the file renders the same in
//! browsers, Inkscape, Word and PowerPoint; arrowheads are plain paths, not
//! markers, for the same reason. Every text from the model is stripped of
//! characters XML forbids and escaped by the `svg` crate; numbers are
//! written with at most two decimals, so output is byte-stable.

use std::fmt::Write as _;

use svg::node::element::{Definitions, Group, Path, Rectangle, Text as TextElement, Title};
use svg::node::{Blob, Text};
use svg::Document;

use super::{stage_name, Diagram, IssueIndex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::layout::{EdgeRoute, PathSegment, Point, TextBlock};
use crate::model::{Direction, Measurement, Model, NodeKind, Stage, Term};

/// The font stack: Japanese-capable fonts first on each platform, then a generic family.
pub const FONT_FAMILY: &str = "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Hiragino Kaku Gothic ProN', 'Yu Gothic', 'Meiryo', 'Source Han Sans JP', 'IPAexGothic', sans-serif";

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
}

/// Colours of one column: box fill, box border, heading background.
struct Colours {
    fill: &'static str,
    stroke: &'static str,
    header: &'static str,
}

/// A palette built on Okabe & Ito's colour-blind-safe hues: light tints for
/// the boxes (black text on them has a contrast ratio above 12:1) and dark
/// shades for the headings (white text above 4.5:1). Columns also differ by
/// position, so greyscale prints stay readable.
fn colours(stage: Stage) -> Colours {
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
const TITLE_HEIGHT: f64 = 64.0;
const LEGEND_HEIGHT: f64 = 44.0;

/// Removes what XML 1.0 cannot contain even escaped (C0 controls other than
/// tab and newline, U+FFFE/U+FFFF, lone surrogates cannot occur in `str`)
/// and the bidi overrides that could make a label display misleadingly.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| {
            !(c.is_control() && c != '\n')
                && c != '\u{FFFE}'
                && c != '\u{FFFF}'
                && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// The width of the title block's text: the title at 20 px bold, the subtitle at 12 px.
fn title_width(model: &Model) -> f64 {
    let mut subtitle_em = 0.0f64;
    let parts = [model.revision(), model.issued()];
    for part in parts.into_iter().flatten() {
        subtitle_em += f64::from(crate::text::text_width(part)) + 1.0;
    }
    if model.period().is_some() {
        subtitle_em += 14.0;
    }
    // Bold glyphs are a little wider than the estimate's regular ones.
    let title = f64::from(crate::text::text_width(model.title())) * 20.0 * 1.05;
    title.max(subtitle_em * 12.0)
}

/// A number with at most two decimals and no trailing zeros (`-0` is `0`).
fn num(value: f64) -> String {
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
            escape(&clean(line))
        );
    }
    text.add(Blob::new(run))
}

/// Escapes text for XML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
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
fn tooltip(model: &Model, index: petgraph::graph::NodeIndex, issues: &IssueIndex<'_>) -> String {
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
                let _ = write!(text, ": {}", kpi.target_note.as_deref().unwrap_or("—"));
            }
        }
    }
    for issue in issues.of(node.id().as_str()) {
        let _ = write!(
            text,
            "\n{}[{}]: {}",
            issue.severity(),
            issue.code(),
            issue.message()
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
    let issues = IssueIndex::new(&options.issues);
    // Wide enough for the title and subtitle (a drawing of one narrow section must not
    // clip them at the right edge).
    let width = scene.width.max(480.0).max(title_width(model) + 32.0);
    let height = scene.height + TITLE_HEIGHT + LEGEND_HEIGHT;
    let dy = TITLE_HEIGHT;
    let japanese = model.language().is_some_and(|l| l.is_japanese());

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
        .set("width", num(width))
        .set("height", num(height))
        .set("viewBox", format!("0 0 {} {}", num(width), num(height)))
        .set("font-family", FONT_FAMILY)
        .set("role", "img")
        .add(Title::new(clean(model.title())))
        .add(svg::node::element::Description::new().add(Text::new(clean(&description))))
        .add(Definitions::new())
        .add(
            Rectangle::new()
                .set("class", "background")
                .set("x", 0)
                .set("y", 0)
                .set("width", num(width))
                .set("height", num(height))
                .set("fill", "#FFFFFF"),
        );

    // Title block.
    let mut subtitle = Vec::new();
    if let Some(r) = model.revision() {
        subtitle.push(r.to_owned());
    }
    if let Some(i) = model.issued() {
        subtitle.push(i.to_owned());
    }
    if let Some(p) = model.period() {
        subtitle.push(if japanese {
            format!("計画期間 {}–{}年度", p.start, p.end)
        } else {
            format!("Plan period FY{}–FY{}", p.start, p.end)
        });
    }
    let mut title = Group::new().set("class", "diagram-title").add(
        TextElement::new(clean(model.title()))
            .set("x", 16)
            .set("y", 30)
            .set("font-size", 20)
            .set("font-weight", "bold")
            .set("fill", TEXT_COLOUR),
    );
    if !subtitle.is_empty() {
        title = title.add(
            TextElement::new(clean(&subtitle.join(" · ")))
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
        let mut path = Path::new().set("d", path_data(edge.start, &edge.segments, dy));
        if feedback {
            // A loop back reads as such: dashed, around the columns.
            path = path.set("stroke-dasharray", "6 4");
        }
        let mut group = Group::new()
            .set("class", if feedback { "edge feedback" } else { "edge" })
            .set("data-from", clean(model.node(from).id().as_str()))
            .set("data-to", clean(model.node(to).id().as_str()))
            .add(path);
        if let Some(head) = arrowhead(edge.start, &edge.segments, dy) {
            group = group.add(
                Path::new()
                    .set("class", "arrowhead")
                    .set("d", head)
                    .set("fill", EDGE_COLOUR)
                    .set("stroke", "none"),
            );
        }
        edges = edges.add(group);
    }
    document = document.add(edges);

    // Boxes.
    let mut nodes = Group::new().set("class", "nodes");
    for (scene_node, &index) in scene.nodes.iter().zip(&diagram.nodes) {
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
        let class = match node.term() {
            Some(term) => format!("node {} {}", node.kind(), term),
            None => format!("node {}", node.kind()),
        };
        let worst = issues
            .of(node.id().as_str())
            .iter()
            .map(|d| d.severity())
            .min();
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
        group = group
            .add(Title::new(tooltip(model, index, &issues)))
            .add(rect)
            .add(text_block(&scene_node.label, dy, None, TEXT_COLOUR));
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
    document = document.add(legend(diagram, scene.height + dy, japanese));

    let mut out = document.to_string();
    out.push('\n');
    out
}

fn legend(diagram: &Diagram, top: f64, japanese: bool) -> Group {
    let mut group = Group::new().set("class", "legend");
    let mut x = 16.0;
    let y = top + 14.0;
    let label = if japanese { "凡例" } else { "Legend" };
    group = group.add(
        TextElement::new(label)
            .set("x", num(x))
            .set("y", num(y + 12.0))
            .set("font-size", 12)
            .set("font-weight", "bold")
            .set("fill", TEXT_COLOUR),
    );
    x += 56.0;
    for &stage in &diagram.stages {
        let c = colours(stage);
        let name = stage_name(stage, japanese);
        group = group.add(
            Group::new()
                .set("class", "legend-item")
                .set("data-kind", stage.kind().as_str())
                .add(
                    Rectangle::new()
                        .set("x", num(x))
                        .set("y", num(y))
                        .set("width", 22)
                        .set("height", 16)
                        .set("rx", 3)
                        .set("fill", c.fill)
                        .set("stroke", c.stroke),
                )
                .add(
                    TextElement::new(name)
                        .set("x", num(x + 28.0))
                        .set("y", num(y + 12.5))
                        .set("font-size", 12)
                        .set("fill", TEXT_COLOUR),
                ),
        );
        x += 28.0 + crate::text::text_width(name) as f64 * 12.0 + 20.0;
    }
    let arrow_label = if japanese {
        "→ 因果の流れ"
    } else {
        "→ leads to"
    };
    group.add(
        TextElement::new(arrow_label)
            .set("x", num(x))
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

    #[test]
    fn clean_removes_what_xml_forbids() {
        assert_eq!(clean("a\u{1}b\u{7}c\td\ne"), "abc d\ne");
        assert_eq!(clean("x\u{202E}y"), "xy");
    }
}
