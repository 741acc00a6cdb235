//! `render --text-to-paths`: the SVG with every `<text>` element replaced by
//! the outlines of its glyphs, for readers that lack the fonts (Word,
//! PowerPoint, a machine without a Japanese font).
//!
//! usvg lays the text out (with the fonts `fonts` chose) and turns it into
//! paths; this module splices those paths into *our* SVG in place of each
//! `<text>` element and keeps everything else byte for byte: titles
//! (tooltips), links, classes, `data-*` attributes, the document structure
//! `docs/svg.md` describes. The text of each element is kept in an
//! `aria-label`, so the drawing can still be searched and read aloud.
//!
//! What it must not do: change anything but the text elements.

use std::fmt::Write as _;

use resvg::usvg::{self, roxmltree, tiny_skia_path};

use crate::anyhow_like::Result;
use crate::fonts::{self, FontSource};

/// Prefix of the ids given to text elements while they are laid out; they
/// never reach the output.
const ID_PREFIX: &str = "logicmodel-outline-";

/// The SVG with outlines, and a note when some glyphs could not be written
/// as paths (bitmap glyphs of colour emoji fonts).
pub struct Outlined {
    pub svg: String,
    pub note: Option<String>,
}

/// Replaces the `<text>` elements of `svg` by their outlines.
pub fn text_to_paths(svg: &str, source: FontSource) -> Result<Outlined> {
    let tagged = tag_text_elements(svg)?;
    let document =
        roxmltree::Document::parse(&tagged).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let tree = fonts::tree_from_document(&document, source)?;
    let mut outlines = std::collections::HashMap::new();
    let mut skipped = 0;
    collect_texts(tree.root(), &mut outlines, &mut skipped);

    let mut out = String::with_capacity(tagged.len() * 2);
    let mut copied = 0;
    for element in document
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "text")
    {
        let range = element.range();
        if range.start < copied {
            continue; // a text element inside one already replaced
        }
        out.push_str(&tagged[copied..range.start]);
        let id = element.attribute("id").unwrap_or_default();
        let paths = outlines.get(id).map_or("", String::as_str);
        write_replacement(&mut out, element, paths);
        copied = range.end;
    }
    out.push_str(&tagged[copied..]);
    let note = (skipped > 0).then(|| {
        format!(
            "{skipped} glyph(s) are bitmaps (a colour emoji font) and are left out of the outlines"
        )
    });
    Ok(Outlined { svg: out, note })
}

/// Gives every `<text>` element an id (`ID_PREFIX` and its number), so its
/// outline can be found in the usvg tree. Elements that have an id keep it.
fn tag_text_elements(svg: &str) -> Result<String> {
    let document =
        roxmltree::Document::parse(svg).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let mut tagged = String::with_capacity(svg.len() + svg.len() / 8);
    let mut copied = 0;
    for (number, element) in document
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "text" && n.attribute("id").is_none())
        .enumerate()
    {
        // `<text` is five bytes; the id goes right after the name.
        let after_name = element.range().start + "<text".len();
        tagged.push_str(&svg[copied..after_name]);
        let _ = write!(tagged, r#" id="{ID_PREFIX}{number}""#);
        copied = after_name;
    }
    tagged.push_str(&svg[copied..]);
    Ok(tagged)
}

/// Finds every text node under `group` and writes its outline paths, keyed
/// by the text element's id.
fn collect_texts(
    group: &usvg::Group,
    outlines: &mut std::collections::HashMap<String, String>,
    skipped: &mut usize,
) {
    for node in group.children() {
        match node {
            usvg::Node::Group(child) => collect_texts(child, outlines, skipped),
            usvg::Node::Text(text) => {
                let mut paths = String::new();
                write_paths(
                    text.flattened(),
                    tiny_skia_path::Transform::identity(),
                    &mut paths,
                    skipped,
                );
                outlines.insert(text.id().to_owned(), paths);
            }
            usvg::Node::Path(_) | usvg::Node::Image(_) => {}
        }
    }
}

/// Writes the paths of a flattened text (glyph outlines, one path per run of
/// one fill, and the groups colour fonts make) in the text's coordinates.
fn write_paths(
    group: &usvg::Group,
    transform: tiny_skia_path::Transform,
    out: &mut String,
    skipped: &mut usize,
) {
    for node in group.children() {
        match node {
            usvg::Node::Path(path) if path.is_visible() => {
                let data = if transform.is_identity() {
                    Some(path.data().clone())
                } else {
                    path.data().clone().transform(transform)
                };
                let Some(data) = data else { continue };
                out.push_str(r#"<path d=""#);
                write_path_data(out, &data);
                out.push('"');
                match path.fill() {
                    Some(fill) => {
                        let _ = write!(out, r#" fill="{}""#, color(fill.paint()));
                        opacity(out, "fill-opacity", fill.opacity().get());
                    }
                    None => out.push_str(r#" fill="none""#),
                }
                if let Some(stroke) = path.stroke() {
                    let _ = write!(
                        out,
                        r#" stroke="{}" stroke-width="{}""#,
                        color(stroke.paint()),
                        num(stroke.width().get())
                    );
                    opacity(out, "stroke-opacity", stroke.opacity().get());
                }
                out.push_str("/>");
            }
            usvg::Node::Path(_) => {}
            usvg::Node::Group(child) => {
                write_paths(child, transform.pre_concat(child.transform()), out, skipped);
            }
            usvg::Node::Image(_) => *skipped += 1,
            usvg::Node::Text(_) => {}
        }
    }
}

/// The replacement for one `<text>` element: a group with its class and
/// transform, its text as `aria-label`, and the outline paths.
fn write_replacement(out: &mut String, element: roxmltree::Node, paths: &str) {
    out.push_str("<g");
    for name in ["class", "transform"] {
        if let Some(value) = element.attribute(name) {
            let _ = write!(out, r#" {name}="{}""#, escape(value));
        }
    }
    let label = text_content(element);
    if !label.is_empty() {
        let _ = write!(out, r#" aria-label="{}""#, escape(&label));
    }
    out.push('>');
    out.push_str(paths);
    out.push_str("</g>");
}

/// The text of an element, its lines (`<tspan>`s) joined with a space
/// except between two Japanese characters, which are written without one.
fn text_content(element: roxmltree::Node) -> String {
    let mut label = String::new();
    for piece in element
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let join_tight = match (label.chars().last(), piece.chars().next()) {
            (Some(before), Some(after)) => is_wide(before) && is_wide(after),
            _ => true,
        };
        if !join_tight {
            label.push(' ');
        }
        label.push_str(piece);
    }
    label
}

/// Characters written without spaces between them (kana, kanji, full-width
/// forms and punctuation).
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

/// A paint as an SVG colour. Our drawings paint text in plain colours; a
/// gradient (only a colour font could bring one) is written as its first
/// stop, a pattern as black.
fn color(paint: &usvg::Paint) -> String {
    let usvg::Color { red, green, blue } = match paint {
        usvg::Paint::Color(c) => *c,
        usvg::Paint::LinearGradient(g) => g
            .stops()
            .first()
            .map_or(usvg::Color::black(), |s| s.color()),
        usvg::Paint::RadialGradient(g) => g
            .stops()
            .first()
            .map_or(usvg::Color::black(), |s| s.color()),
        usvg::Paint::Pattern(_) => usvg::Color::black(),
    };
    format!("#{red:02X}{green:02X}{blue:02X}")
}

fn opacity(out: &mut String, name: &str, value: f32) {
    if value < 1.0 {
        let _ = write!(out, r#" {name}="{}""#, num(value));
    }
}

/// Path data with the numbers of `num`: absolute commands, no repeated
/// command letters saved (the files are compressed by whoever cares).
fn write_path_data(out: &mut String, path: &tiny_skia_path::Path) {
    use tiny_skia_path::PathSegment;
    let mut first = true;
    let mut command = |out: &mut String, letter: char, points: &[tiny_skia_path::Point]| {
        if !first {
            out.push(' ');
        }
        first = false;
        out.push(letter);
        for point in points {
            let _ = write!(out, "{} {}", num(point.x), num(point.y));
            out.push(' ');
        }
        if !points.is_empty() {
            out.pop();
        }
    };
    for segment in path.segments() {
        match segment {
            PathSegment::MoveTo(p) => command(out, 'M', &[p]),
            PathSegment::LineTo(p) => command(out, 'L', &[p]),
            PathSegment::QuadTo(p1, p) => command(out, 'Q', &[p1, p]),
            PathSegment::CubicTo(p1, p2, p) => command(out, 'C', &[p1, p2, p]),
            PathSegment::Close => command(out, 'Z', &[]),
        }
    }
}

/// A number as the rest of our SVG writes it ([`logicmodel::render::push_num`]:
/// at most two decimals, no trailing zeros; hundredths of a unit are far
/// below a pixel).
fn num(value: f32) -> String {
    let mut out = String::new();
    logicmodel::render::push_num(&mut out, f64::from(value));
    out
}

/// Escapes an attribute value.
fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The outlines need a font; without one (a bare machine that is not CI)
    /// the tests say so and pass.
    fn outlined(svg: &str) -> Option<Outlined> {
        match text_to_paths(svg, FontSource::System) {
            Ok(outlined) => Some(outlined),
            Err(error) if std::env::var_os("CI").is_none() => {
                eprintln!("skipped: {error}");
                None
            }
            Err(error) => panic!("{error}"),
        }
    }

    #[test]
    fn text_elements_become_labelled_paths_and_nothing_else_changes() {
        let before = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60" font-family="sans-serif">"##;
        let node = r##"<g class="node" data-id="a"><title>A &amp; "B"</title><rect width="10" height="10"/>"##;
        let text = r##"<text class="label" fill="#1A1A1A" font-size="12" x="10" y="20"><tspan x="10" y="20">Tom &amp; &lt;Jerry&gt;</tspan><tspan x="10" y="34">"quoted"</tspan></text>"##;
        let after = "</g></svg>";
        let svg = format!("{before}{node}{text}{after}");
        let Some(outlined) = outlined(&svg) else {
            return;
        };
        let out = outlined.svg;
        assert!(!out.contains("<text"), "{out}");
        assert!(out.starts_with(&format!("{before}{node}")), "{out}");
        assert!(out.ends_with(after), "{out}");
        assert!(
            out.contains(r#"<g class="label" aria-label="Tom &amp; &lt;Jerry&gt; &quot;quoted&quot;"><path d="M"#),
            "{out}"
        );
        assert!(out.contains(r##"fill="#1A1A1A""##), "{out}");
        assert!(!out.contains(ID_PREFIX), "{out}");
        assert!(outlined.note.is_none());
        roxmltree::Document::parse(&out).expect("the outlined SVG is well-formed");
    }

    #[test]
    fn japanese_lines_are_joined_without_a_space_in_the_label() {
        let document = roxmltree::Document::parse(
            "<text><tspan>市役所に来なくても</tspan><tspan>申請ができる</tspan><tspan>(Web)</tspan></text>",
        )
        .unwrap();
        assert_eq!(
            text_content(document.root_element()),
            "市役所に来なくても申請ができる (Web)"
        );
    }

    #[test]
    fn path_numbers_have_two_decimals_at_most() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.256), "1.26");
        assert_eq!(num(-0.001), "0");
        let mut builder = tiny_skia_path::PathBuilder::new();
        builder.move_to(0.0, 0.5);
        builder.cubic_to(1.0, 2.0, 3.004, 4.0, 5.0, 6.0);
        builder.close();
        let mut out = String::new();
        write_path_data(&mut out, &builder.finish().unwrap());
        assert_eq!(out, "M0 0.5 C1 2 3 4 5 6 Z");
    }

    /// The outlined seed drawing, rasterised, matches the drawing with text:
    /// at most 0.05 % of the pixels differ by more than an eighth of the
    /// range in any channel (rounding the outlines to hundredths of a unit
    /// moves edges by less than a pixel).
    #[test]
    fn the_outlined_seed_renders_like_the_seed() {
        use logicmodel::render::{self, DiagramOptions, SvgOptions};
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/gotsu-smart-city.json"
        );
        let source = std::fs::read_to_string(path).unwrap();
        let model = logicmodel::load_str(&source).model.unwrap();
        let diagram = render::diagram(&model, &DiagramOptions::default());
        let svg = render::svg(&model, &diagram, &SvgOptions::default());
        let Some(outlined) = outlined(&svg) else {
            return;
        };
        assert!(!outlined.svg.contains("<text"));
        assert_eq!(
            outlined.svg.matches("<title>").count(),
            svg.matches("<title>").count(),
            "tooltips are kept"
        );
        let with_text = fonts::parse_svg(&svg, FontSource::System).unwrap();
        let with_paths = fonts::parse_svg(&outlined.svg, FontSource::System).unwrap();
        let a = crate::png::pixels(&with_text, 1.0).unwrap();
        let b = crate::png::pixels(&with_paths, 1.0).unwrap();
        assert_eq!((a.width(), a.height()), (b.width(), b.height()));
        let different = a
            .data()
            .chunks(4)
            .zip(b.data().chunks(4))
            .filter(|(p, q)| p.iter().zip(*q).any(|(x, y)| x.abs_diff(*y) > 32))
            .count();
        let total = (a.width() * a.height()) as usize;
        eprintln!("{different} of {total} pixels differ by more than 32/255");
        assert!(
            different * 2000 <= total,
            "{different} of {total} pixels differ"
        );
        // And the text really was drawn: the drawing is not blank where it is.
        let dark = b.data().chunks(4).filter(|p| p[0] < 80).count();
        assert!(dark > total / 200, "only {dark} dark pixels");
    }
}
