//! Graphviz DOT: `dot -Tsvg model.dot` draws the model with Graphviz.
//!
//! Layout of the text: `rankdir=LR`; one cluster per section; one
//! `rank=same` group per column, each holding a heading node so that the
//! columns keep their order even where no arrow joins two neighbours
//! (invisible edges chain the headings left to right); `newrank=true`, so
//! that a column's rank group may span clusters. Boxes carry the SVG's
//! palette and their labels are wrapped by [`crate::text::wrap_label`]
//! (UAX #14 with Japanese kinsoku), since Graphviz does not wrap.
//!
//! Escaping: every id and label is a double-quoted DOT string with `\` and
//! `"` escaped, so Graphviz's `\N`/`\G`/`\l` substitutions and the end of
//! the string cannot be written by model text; line breaks are `\n`; other
//! control characters become spaces.

use std::io::{self, Write};

use crate::interchange::{is_japanese, words, Grid};
use crate::model::{Confidence, Model, Stage};

/// The widest line of a box label, in em (full-width characters).
const LABEL_WIDTH_EM: f32 = 12.0;
/// The font Graphviz measures and draws with (Japanese glyphs included;
/// fontconfig substitutes a near font where it is missing).
const FONT: &str = "Noto Sans CJK JP";

/// Writes `model` as a Graphviz digraph.
///
/// Cost: O(V + E + sections) plus the wrapping of every label.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read \\N aloud", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let mut text = Vec::new();
/// logicmodel::interchange::dot::write(&model, &mut text).unwrap();
/// let text = String::from_utf8(text).unwrap();
/// assert!(text.contains("rankdir=LR"));
/// assert!(text.contains(r#""a" -> "i""#));
/// assert!(text.contains(r#"label="Read \\N aloud""#));
/// ```
pub fn write(model: &Model, out: &mut impl Write) -> io::Result<()> {
    let japanese = is_japanese(model);
    writeln!(out, "digraph \"logicmodel\" {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, newrank=true, label={}, labelloc=t, fontname={}, fontsize=16, nodesep=0.2, ranksep=0.5];",
        quote(model.title()),
        quote(FONT)
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname={}, fontsize=10, margin=\"0.12,0.06\", color=\"#6B6B6B\", fontcolor=\"#1A1A1A\"];",
        quote(FONT)
    )?;
    writeln!(out, "  edge [color=\"#5C5C5C\", arrowsize=0.7];")?;

    let grid = Grid::new(model);
    let stages = grid.stages();
    let bands: Vec<_> = grid.bands().collect();
    // With rankdir=LR, dot stacks what is declared first lowest (it lays
    // out top to bottom and turns the drawing): the boxes without a section
    // come first, then the clusters last section first, then the headings,
    // so that the first section is drawn on top, the boxes without one at
    // the bottom (as in logicmodel's SVG) and the headings above them all
    // (checked on the seed model).
    for (band, columns) in &bands {
        if band.is_none() {
            for &index in columns.iter().flatten() {
                write_node(out, model.node(index), "  ")?;
            }
        }
    }
    for (band, columns) in bands.iter().rev() {
        let Some(index) = *band else { continue };
        let section = &model.sections()[index];
        writeln!(out, "  subgraph {} {{", quote(&format!("cluster_{index}")))?;
        writeln!(
            out,
            "    label={}; labeljust=l; style=\"rounded\"; color=\"#B0B0B0\"; fontname={}; fontsize=12;",
            quote(section.label()),
            quote(FONT)
        )?;
        for &node in columns.iter().flatten() {
            write_node(out, model.node(node), "    ")?;
        }
        writeln!(out, "  }}")?;
    }
    for &stage in &stages {
        let colours = crate::render::colours(stage);
        writeln!(
            out,
            "  {} [shape=plaintext, style=\"\", label={}, fontsize=12, fontcolor={}];",
            quote(&heading_id(stage)),
            quote(&words::stage_heading(model, stage, japanese)),
            quote(colours.header)
        )?;
    }
    if stages.len() > 1 {
        let chain: Vec<String> = stages.iter().map(|&s| quote(&heading_id(s))).collect();
        writeln!(out, "  {} [style=invis];", chain.join(" -> "))?;
    }

    for &stage in &stages {
        write!(out, "  {{ rank=same; {};", quote(&heading_id(stage)))?;
        for index in grid.column(stage) {
            write!(out, " {};", quote(model.node(index).id().as_str()))?;
        }
        writeln!(out, " }}")?;
    }

    for edge in model.edges() {
        write!(
            out,
            "  {} -> {}",
            quote(model.node(edge.from).id().as_str()),
            quote(model.node(edge.to).id().as_str())
        )?;
        let mut attributes = Vec::new();
        if edge.info.confidence() == Some(Confidence::Low) {
            attributes.push("style=dashed".to_owned());
        }
        if let Some(rationale) = edge.info.rationale() {
            attributes.push(format!("tooltip={}", quote(rationale)));
        }
        if attributes.is_empty() {
            writeln!(out, ";")?;
        } else {
            writeln!(out, " [{}];", attributes.join(", "))?;
        }
    }
    writeln!(out, "}}")
}

fn write_node(out: &mut impl Write, node: &crate::Node, indent: &str) -> io::Result<()> {
    let colours = crate::render::colours(node.stage());
    let label = crate::text::wrap_label(node.label(), LABEL_WIDTH_EM).join("\n");
    write!(
        out,
        "{indent}{} [label={}, fillcolor={}, color={}",
        quote(node.id().as_str()),
        quote(&label),
        quote(colours.fill),
        quote(colours.stroke)
    )?;
    if let Some(description) = node.description() {
        write!(out, ", tooltip={}", quote(description))?;
    }
    writeln!(out, "];")
}

/// The id of a column's heading node; `:` cannot occur in a model id.
fn heading_id(stage: Stage) -> String {
    format!("column:{}", words::column_key(stage))
}

/// A double-quoted DOT string that shows `text` as written.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_quotes_backslashes_and_breaks() {
        assert_eq!(quote("a\"b\\N\nc\u{7}"), r#""a\"b\\N\nc ""#);
    }

    #[test]
    fn every_section_is_a_cluster_and_every_column_a_rank() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "sections": [{"id": "s", "label": "S"}, {"id": "empty"}],
              "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "section": "s", "to": ["o"]},
              {"id": "o", "kind": "outcome", "term": "long", "label": "O", "to": ["i"]},
              {"id": "i", "kind": "impact", "label": "I"}]}"#,
        )
        .model
        .unwrap();
        let mut out = Vec::new();
        write(&model, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text.matches("subgraph \"cluster_").count(), 1, "{text}");
        assert_eq!(text.matches("rank=same").count(), 3, "{text}");
        assert!(text.contains(
            r#""column:activity" -> "column:outcome_long" -> "column:impact" [style=invis];"#
        ));
    }
}
