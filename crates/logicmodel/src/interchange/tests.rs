//! Properties of every interchange writer over generated model text
//! (proptest): whatever a label, a description or a rationale holds, each
//! format stays well-formed, and the readers of that format get the text
//! back as written (or with exactly the documented replacements).

use calamine::{Data, Reader, Xlsx};
use proptest::prelude::*;
use serde_json::json;

use super::{csv, dot, graphml, mermaid, workbook};
use crate::Model;

/// Text as a model may hold it: any characters, with the awkward ones
/// (quotes, markup, line breaks, controls, formula signs, entities) common.
fn model_text() -> impl Strategy<Value = String> {
    let awkward = prop::sample::select(vec![
        "\"",
        "'",
        "<",
        ">",
        "&",
        "#",
        "`",
        "\\",
        "\n",
        "\r",
        "\t",
        "\u{1}",
        "\u{1b}",
        "=",
        "+",
        "-",
        "@",
        "]",
        "[",
        "end",
        "%%",
        "#quot;",
        "&amp;",
        "_x0041_",
        "日本語",
        "　",
        "\u{FFFF}",
        ";",
    ]);
    prop::collection::vec(
        prop_oneof![
            awkward.prop_map(str::to_owned),
            any::<char>().prop_map(String::from)
        ],
        1..12,
    )
    .prop_map(|parts| parts.concat())
}

fn model(labels: &[String], rationale: &str) -> Model {
    let nodes: Vec<_> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let to: Vec<_> = if i + 1 < labels.len() {
                vec![json!({"node": format!("n{}", i + 1), "rationale": rationale})]
            } else {
                vec![]
            };
            json!({"id": format!("n{i}"), "kind": if i == 0 { "activity" } else { "impact" },
                   "label": label, "description": label, "to": to})
        })
        .collect();
    let text = json!({"format": 1, "title": rationale, "nodes": nodes}).to_string();
    let loaded = crate::load_str(&text);
    loaded.model.expect("generated models are valid")
}

/// What XML 1.0 can hold of `text`: the documented replacements.
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Reads a DOT double-quoted string back (the inverse of `dot::quote` for
/// text without control characters other than line breaks).
fn unquote_dot(quoted: &str) -> String {
    let inner = &quoted[1..quoted.len() - 1];
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn graphml_is_well_formed_and_keeps_the_text(labels in prop::collection::vec(model_text(), 1..4), rationale in model_text()) {
        let model = model(&labels, &rationale);
        let mut out = Vec::new();
        graphml::write(&model, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let document = roxmltree::Document::parse(&text).expect("well-formed XML");
        let read: Vec<String> = document
            .descendants()
            .filter(|n| n.attribute("key") == Some("label"))
            .map(|n| n.text().unwrap_or("").to_owned())
            .collect();
        let expected: Vec<String> = labels.iter().map(|l| xml_safe(l)).collect();
        prop_assert_eq!(read, expected);
    }

    #[test]
    fn dot_strings_never_end_early_and_read_back(text in model_text()) {
        let quoted = dot::quote(&text);
        // Every `"` inside is escaped: an odd run of backslashes precedes it.
        let inner = &quoted[1..quoted.len() - 1];
        let mut backslashes = 0;
        for c in inner.chars() {
            if c == '"' {
                prop_assert!(backslashes % 2 == 1, "{quoted}");
            }
            backslashes = if c == '\\' { backslashes + 1 } else { 0 };
        }
        prop_assert!(backslashes % 2 == 0, "a trailing backslash would escape the closing quote: {quoted}");
        let expected: String = text.chars().map(|c| if c.is_control() && c != '\n' { ' ' } else { c }).collect();
        prop_assert_eq!(unquote_dot(&quoted), expected);
    }

    #[test]
    fn mermaid_labels_hold_no_quote_markup_or_line_break(text in model_text()) {
        let label = mermaid::label_text(&text);
        prop_assert!(!label.contains('"') && !label.contains('\n') && !label.contains('\r'));
        prop_assert!(!label.chars().any(char::is_control));
        // The only `<` or `>` left are those of the `<br>` line breaks.
        let without_breaks = label.replace("<br>", "");
        prop_assert!(!without_breaks.contains('<') && !without_breaks.contains('>'));
        prop_assert!(!without_breaks.contains('`') && !without_breaks.contains('&'));
    }

    #[test]
    fn the_workbook_gives_every_text_back(labels in prop::collection::vec(model_text(), 1..4), rationale in model_text()) {
        let model = model(&labels, &rationale);
        let bytes = workbook::to_bytes(&model).unwrap();
        let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        // The documented exception: U+FFFE and U+FFFF become U+FFFD.
        let cell = |text: &str| Data::String(text.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}"));
        let nodes = book.worksheet_range("nodes").unwrap();
        for (i, label) in labels.iter().enumerate() {
            prop_assert_eq!(nodes.get_value((i as u32 + 1, 3)), Some(&cell(label)));
        }
        if labels.len() > 1 {
            let links = book.worksheet_range("links").unwrap();
            prop_assert_eq!(links.get_value((1, 4)), Some(&cell(&rationale)));
        }
    }

    #[test]
    fn the_csv_files_give_every_text_back(labels in prop::collection::vec(model_text(), 1..4), rationale in model_text()) {
        let model = model(&labels, &rationale);
        let files = csv::files(&model, false);
        let nodes = files.iter().find(|f| f.name == "nodes.csv").unwrap();
        let mut reader = ::csv::Reader::from_reader(nodes.bytes.as_slice());
        let read: Vec<String> = reader
            .records()
            .map(|r| csv::restore_formula_text(&r.unwrap()[3]).to_owned())
            .collect();
        prop_assert_eq!(&read, &labels);
    }
}
