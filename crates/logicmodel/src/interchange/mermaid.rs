//! Mermaid `flowchart LR`: a diagram that pastes into GitHub, GitLab,
//! Notion and Obsidian Markdown.
//!
//! Layout of the text: the title in the front matter; one subgraph per
//! section (a band, as in logicmodel's own drawing) holding one subgraph per
//! column, or only the column subgraphs when the model has no sections;
//! then every link (dotted when its confidence is low); then one class per
//! column with the palette of the SVG.
//!
//! Escaping. Node ids become `n_` plus the id with `_`, `-` and `.` spelled
//! `_u`, `_h`, `_d`: the result is alphanumeric apart from `_`, can never be
//! a Mermaid keyword (`end`, `graph`, `style`…) or start with the `o`/`x`
//! that Mermaid reads as an arrow head, and two ids never collide. Labels
//! are always quoted, with `"`, `#`, `&`, `<`, `>` and `` ` `` written as
//! Mermaid entity codes (`#quot;`, `#35;`, …) so that model text is shown
//! as written and never read as HTML, Markdown or an entity; a line break
//! is `<br>`; other control characters become spaces.
//!
//! Limits: Mermaid itself refuses diagrams above its `maxTextSize` (50,000
//! characters by default) and `maxEdges` (500); a larger model's text is
//! still written in full and valid, but a site using the defaults will not
//! draw it.

use std::io::{self, Write};

use crate::interchange::{is_japanese, words, Grid};
use crate::model::{Confidence, Model, Stage};

/// Writes `model` as a Mermaid flowchart.
///
/// Cost: O(V + E + sections) time; the output is written as it goes.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read \"aloud\"", "to": ["end"]},
///   {"id": "end", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let mut text = Vec::new();
/// logicmodel::interchange::mermaid::write(&model, &mut text).unwrap();
/// let text = String::from_utf8(text).unwrap();
/// assert!(text.contains("flowchart LR"));
/// assert!(text.contains(r#"n_a["Read #quot;aloud#quot;"]"#));
/// assert!(text.contains("n_a --> n_end"));
/// ```
pub fn write(model: &Model, out: &mut impl Write) -> io::Result<()> {
    let japanese = is_japanese(model);
    writeln!(out, "---")?;
    writeln!(out, "title: {}", yaml_string(model.title()))?;
    writeln!(out, "---")?;
    writeln!(out, "flowchart LR")?;

    let grid = Grid::new(model);
    let stages = grid.stages();
    let sectioned = !model.sections().is_empty();
    // Mermaid's layout (dagre), like Graphviz, stacks in a left-to-right
    // flowchart what is declared first lowest: the bands are declared last
    // first, so the first section is drawn on top (checked in Chromium on
    // the seed model).
    for (band, columns) in grid.bands().rev() {
        let indent = if sectioned { "    " } else { "  " };
        if sectioned {
            let label = match band {
                Some(s) => model.sections()[s].label().to_owned(),
                None if japanese => "セクションなし".to_owned(),
                None => "No section".to_owned(),
            };
            writeln!(
                out,
                "  subgraph {}[\"{}\"]",
                band_id(band),
                label_text(&label)
            )?;
            writeln!(out, "    direction LR")?;
        }
        for &stage in &stages {
            let nodes = &columns[stage.rank()];
            if nodes.is_empty() {
                continue;
            }
            let heading = words::stage_heading(model, stage, japanese);
            writeln!(
                out,
                "{indent}subgraph {}[\"{}\"]",
                column_id(band, stage),
                label_text(&heading)
            )?;
            writeln!(out, "{indent}  direction TB")?;
            for &index in nodes {
                let node = model.node(index);
                writeln!(
                    out,
                    "{indent}  {}[\"{}\"]",
                    node_id(node.id().as_str()),
                    label_text(node.label())
                )?;
            }
            writeln!(out, "{indent}end")?;
        }
        if sectioned {
            writeln!(out, "  end")?;
        }
    }

    for edge in model.edges() {
        let arrow = match edge.info.confidence() {
            Some(Confidence::Low) => "-.->",
            _ => "-->",
        };
        writeln!(
            out,
            "  {} {arrow} {}",
            node_id(model.node(edge.from).id().as_str()),
            node_id(model.node(edge.to).id().as_str())
        )?;
    }

    for &stage in &stages {
        let colours = crate::render::colours(stage);
        let class = words::column_key(stage);
        writeln!(
            out,
            "  classDef {class} fill:{},stroke:{},color:#1A1A1A",
            colours.fill, colours.stroke
        )?;
        // One `class` line per 50 nodes keeps lines short for editors.
        let members: Vec<String> = grid
            .column(stage)
            .map(|index| node_id(model.node(index).id().as_str()))
            .collect();
        for chunk in members.chunks(50) {
            writeln!(out, "  class {} {class}", chunk.join(","))?;
        }
    }
    Ok(())
}

/// The Mermaid id of a node: `n_` and the id with `_`, `-`, `.` escaped.
pub fn node_id(id: &str) -> String {
    let mut out = String::with_capacity(id.len() + 4);
    out.push_str("n_");
    for c in id.chars() {
        match c {
            '_' => out.push_str("_u"),
            '-' => out.push_str("_h"),
            '.' => out.push_str("_d"),
            c if c.is_ascii_alphanumeric() => out.push(c),
            // Ids are ASCII letters, digits, `_`, `.`, `-` after loading;
            // anything else is written by code point, still unique.
            c => {
                use std::fmt::Write as _;
                let _ = write!(out, "_x{:x}_", c as u32);
            }
        }
    }
    out
}

/// A YAML double-quoted scalar (the front matter's title) that reads back
/// as `text`: `"` and `\` escaped, and every character YAML may take as a
/// line break or refuse (controls, NEL, U+2028/U+2029, a BOM) as `\uXXXX`.
fn yaml_string(text: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn band_id(band: Option<usize>) -> String {
    match band {
        Some(s) => format!("s{s}"),
        None => "s_none".to_owned(),
    }
}

fn column_id(band: Option<usize>, stage: Stage) -> String {
    let column = words::column_key(stage);
    match band {
        Some(s) => format!("s{s}_{column}"),
        None => format!("s_none_{column}"),
    }
}

/// Text for inside a quoted Mermaid label: shown as written.
pub fn label_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '&' => out.push_str("#amp;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' => out.push_str("<br>"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mermaid(json: &str) -> String {
        let model = crate::load_str(json).model.expect("loads");
        let mut out = Vec::new();
        write(&model, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn ids_never_collide_and_are_never_keywords() {
        let ids = ["a-b", "a_b", "a.b", "a_hb", "end", "o1", "x"];
        let escaped: Vec<String> = ids.iter().map(|id| node_id(id)).collect();
        let mut unique = escaped.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{escaped:?}");
        assert!(escaped.iter().all(
            |e| e.starts_with("n_") && e.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        ));
    }

    #[test]
    fn labels_cannot_close_the_quote_or_inject_html() {
        let text = label_text("a\"] --> evil[\"<script>&#35;x`y\nz\u{1b}");
        assert!(!text.contains('"'));
        assert!(!text.contains('<') || text.contains("<br>"));
        assert_eq!(text.matches('<').count(), 1, "{text}");
        assert!(!text.contains('\n') && !text.contains('\u{1b}'));
        assert!(text.contains("#lt;script#gt;"));
    }

    #[test]
    fn sections_are_bands_holding_columns() {
        let text = mermaid(
            r#"{"format": 1, "title": "t", "sections": [{"id": "s", "label": "Band"}], "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "section": "s", "to": ["i"]},
              {"id": "i", "kind": "impact", "label": "I"}]}"#,
        );
        assert!(text.contains("  subgraph s0[\"Band\"]\n"), "{text}");
        assert!(
            text.contains("    subgraph s0_activity[\"Activity\"]\n"),
            "{text}"
        );
        assert!(
            text.contains("  subgraph s_none[\"No section\"]\n"),
            "{text}"
        );
        assert_eq!(
            text.matches("subgraph").count(),
            text.matches(" end\n").count()
        );
    }

    #[test]
    fn the_title_is_one_yaml_line() {
        assert_eq!(yaml_string("a \"b\" \\ c"), r#""a \"b\" \\ c""#);
        assert_eq!(
            yaml_string("x\ny\u{85}z\u{2028}"),
            r#""x\u000Ay\u0085z\u2028""#
        );
        assert_eq!(yaml_string("江津"), "\"江津\"");
    }

    #[test]
    fn low_confidence_links_are_dotted() {
        let text = mermaid(
            r#"{"format": 1, "title": "t", "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "to": [{"node": "i", "confidence": "low"}]},
              {"id": "i", "kind": "impact", "label": "I"}]}"#,
        );
        assert!(text.contains("n_a -.-> n_i"), "{text}");
    }
}
