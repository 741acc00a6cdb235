//! GraphML: the model as a graph for yEd, Gephi, networkx and other graph tools.
//!
//! Every node and link carries its data under declared keys (`<key
//! attr.name=… attr.type="string">`): for nodes `label`, `kind`, `term`,
//! `section`, `section_label`, `description`, `work_items`, `kpis` (ids
//! separated by spaces); for links `rationale`, `evidence`, `confidence`;
//! for the graph `title` and `language`. A value the model does not give
//! is left out, not written empty.
//!
//! For yEd each node also has yFiles graphics (`y:ShapeNode`) placed where
//! logicmodel's own layout puts it, with the SVG's palette and the wrapped
//! label, so the file opens in yEd looking like the SVG. Other readers
//! ignore those keys (networkx reads their geometry as `x`/`y`); the
//! graphics come before the plain `label` data, so a reader that takes a
//! label from both keeps the model's text as written.
//!
//! Escaping: text is XML-escaped (`&`, `<`, `>`, `"`, `'`; a carriage
//! return as `&#13;` so parsers keep it); characters XML 1.0 cannot hold at
//! all (C0 controls other than tab, line feed and carriage return, U+FFFE,
//! U+FFFF) become U+FFFD.

use std::io::{self, Write};

use crate::model::Model;
use crate::render::{diagram, DiagramOptions};

/// Writes `model` as a GraphML document.
///
/// Cost: that of laying the model out ([`crate::render::diagram`]), plus
/// O(V + E) to write.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read & talk", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let mut text = Vec::new();
/// logicmodel::interchange::graphml::write(&model, &mut text).unwrap();
/// let text = String::from_utf8(text).unwrap();
/// assert!(text.contains(r#"<data key="label">Read &amp; talk</data>"#));
/// assert!(text.contains(r#"<edge id="e0" source="a" target="i">"#));
/// ```
pub fn write(model: &Model, out: &mut impl Write) -> io::Result<()> {
    let drawing = diagram(model, &DiagramOptions::default());
    // For each model node, its box in the drawing.
    let mut placed: Vec<Option<usize>> = vec![None; model.node_count()];
    for (scene, node) in drawing.nodes.iter().enumerate() {
        placed[node.index()] = Some(scene);
    }

    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:y="http://www.yworks.com/xml/graphml" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">"#
    )?;
    for (key, target) in [
        ("title", "graph"),
        ("language", "graph"),
        ("label", "node"),
        ("kind", "node"),
        ("term", "node"),
        ("section", "node"),
        ("section_label", "node"),
        ("description", "node"),
        ("work_items", "node"),
        ("kpis", "node"),
        ("rationale", "edge"),
        ("evidence", "edge"),
        ("confidence", "edge"),
    ] {
        writeln!(
            out,
            r#"  <key id="{key}" for="{target}" attr.name="{key}" attr.type="string"/>"#
        )?;
    }
    writeln!(
        out,
        r#"  <key id="graphics" for="node" yfiles.type="nodegraphics"/>"#
    )?;
    writeln!(
        out,
        r#"  <key id="edge_graphics" for="edge" yfiles.type="edgegraphics"/>"#
    )?;
    writeln!(out, r#"  <graph id="logicmodel" edgedefault="directed">"#)?;
    data(out, "    ", "title", Some(model.title()))?;
    data(
        out,
        "    ",
        "language",
        model.language().map(|l| l.as_str()),
    )?;

    for (index, node) in model.nodes() {
        writeln!(out, r#"    <node id="{}">"#, escape(node.id().as_str()))?;
        if let Some(scene) = placed[index.index()] {
            let placed = &drawing.scene.nodes[scene];
            let colours = crate::render::colours(node.stage());
            writeln!(out, r#"      <data key="graphics">"#)?;
            writeln!(out, r#"        <y:ShapeNode>"#)?;
            writeln!(
                out,
                r#"          <y:Geometry x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}"/>"#,
                placed.rect.x, placed.rect.y, placed.rect.width, placed.rect.height
            )?;
            writeln!(
                out,
                r#"          <y:Fill color="{}" transparent="false"/>"#,
                colours.fill
            )?;
            writeln!(
                out,
                r#"          <y:BorderStyle color="{}" type="line" width="1.0"/>"#,
                colours.stroke
            )?;
            writeln!(
                out,
                r##"          <y:NodeLabel alignment="center" autoSizePolicy="content" fontSize="{:.0}" textColor="#1A1A1A">{}</y:NodeLabel>"##,
                placed.label.font_size,
                escape(&placed.label.lines.join("\n"))
            )?;
            writeln!(out, r#"          <y:Shape type="roundrectangle"/>"#)?;
            writeln!(out, r#"        </y:ShapeNode>"#)?;
            writeln!(out, r#"      </data>"#)?;
        }
        data(out, "      ", "label", Some(node.label()))?;
        data(out, "      ", "kind", Some(node.kind().as_str()))?;
        data(out, "      ", "term", node.term().map(|t| t.as_str()))?;
        let section = node.section_index().map(|s| &model.sections()[s]);
        data(out, "      ", "section", section.map(|s| s.id().as_str()))?;
        data(out, "      ", "section_label", section.map(|s| s.label()))?;
        data(out, "      ", "description", node.description())?;
        let work_items: Vec<&str> = model
            .work_items_of(index)
            .map(|w| w.id().as_str())
            .collect();
        data(
            out,
            "      ",
            "work_items",
            non_empty(&work_items.join(" ")),
        )?;
        let kpis: Vec<&str> = model.kpis_of(index).map(|k| k.id().as_str()).collect();
        data(out, "      ", "kpis", non_empty(&kpis.join(" ")))?;
        writeln!(out, "    </node>")?;
    }

    for (number, edge) in model.edges().enumerate() {
        writeln!(
            out,
            r#"    <edge id="e{number}" source="{}" target="{}">"#,
            escape(model.node(edge.from).id().as_str()),
            escape(model.node(edge.to).id().as_str())
        )?;
        let line = match edge.info.confidence() {
            Some(crate::model::Confidence::Low) => "dashed",
            _ => "line",
        };
        writeln!(
            out,
            r##"      <data key="edge_graphics"><y:PolyLineEdge><y:LineStyle color="#5C5C5C" type="{line}" width="1.0"/><y:Arrows source="none" target="standard"/></y:PolyLineEdge></data>"##
        )?;
        data(out, "      ", "rationale", edge.info.rationale())?;
        data(out, "      ", "evidence", edge.info.evidence())?;
        data(
            out,
            "      ",
            "confidence",
            edge.info.confidence().map(|c| c.as_str()),
        )?;
        writeln!(out, "    </edge>")?;
    }
    writeln!(out, "  </graph>")?;
    writeln!(out, "</graphml>")
}

fn non_empty(text: &str) -> Option<&str> {
    (!text.is_empty()).then_some(text)
}

fn data(out: &mut impl Write, indent: &str, key: &str, value: Option<&str>) -> io::Result<()> {
    match value {
        Some(value) => writeln!(out, r#"{indent}<data key="{key}">{}</data>"#, escape(value)),
        None => Ok(()),
    }
}

/// `text` escaped for XML character data and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() && (c as u32) < 0x20 => out.push('\u{FFFD}'),
            '\u{FFFE}' | '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_xml_cannot_hold_is_replaced_and_markup_escaped() {
        assert_eq!(
            escape("<a href='x'>&\"\r\u{1}\u{FFFF}</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&quot;&#13;\u{FFFD}\u{FFFD}&lt;/a&gt;"
        );
    }

    #[test]
    fn the_document_is_well_formed_with_one_element_per_node_and_link() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "<t>", "sections": [{"id": "s", "label": "S&S"}], "nodes": [
              {"id": "a", "kind": "activity", "label": "A\u0001", "section": "s",
               "to": [{"node": "i", "rationale": "because <b>", "confidence": "low"}, "o"]},
              {"id": "o", "kind": "outcome", "term": "medium", "label": "O", "to": ["i"]},
              {"id": "i", "kind": "impact", "label": "I"}]}"#,
        )
        .model
        .unwrap();
        let mut out = Vec::new();
        write(&model, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let document = roxmltree::Document::parse(&text).expect("well-formed XML");
        let count = |name: &str| {
            document
                .descendants()
                .filter(|n| {
                    n.tag_name().name() == name
                        && n.tag_name().namespace() == Some("http://graphml.graphdrawing.org/xmlns")
                })
                .count()
        };
        assert_eq!(count("node"), 3);
        assert_eq!(count("edge"), 3);
        let rationale = document
            .descendants()
            .find(|n| n.attribute("key") == Some("rationale"))
            .and_then(|n| n.text());
        assert_eq!(rationale, Some("because <b>"));
        let term = document
            .descendants()
            .find(|n| n.attribute("key") == Some("term"))
            .and_then(|n| n.text());
        assert_eq!(term, Some("medium"));
    }
}
