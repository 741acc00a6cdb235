//! The line-break measurement of issue 15 item 1: how many soft breaks split
//! a Latin word or a Japanese phrase that would have fitted on its line (or
//! split a word without a hyphen), in every drawing of `models/*.json` and in
//! a set of realistic labels (`tests/fixtures/labels.txt`) wrapped at many
//! widths and drawn as models. The goal is zero; run with `--nocapture` to
//! see the counts.

use std::path::Path;

use logicmodel::layout::{Scene, TextBlock};
use logicmodel::render::{self, DiagramOptions};
use logicmodel::text::{split_breaks, wrap_label_balanced, SplitBreak};
use logicmodel::Model;

fn fixture_labels() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/labels.txt"),
    )
    .expect("fixture labels");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.replace("\\n", "\n"))
        .collect()
}

fn models() -> Vec<(String, Model)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("models/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let model = logicmodel::load_path(&p)
                .expect("readable")
                .model
                .expect("loads");
            (p.file_name().unwrap().to_string_lossy().into_owned(), model)
        })
        .collect()
}

/// A model with one box per label, all in one column, in the given language.
fn model_of_labels(labels: &[String], language: &str) -> Model {
    let nodes: Vec<_> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| serde_json::json!({"id": format!("n{i}"), "kind": "activity", "label": label}))
        .collect();
    let text = serde_json::json!({
        "format": 1,
        "title": "labels",
        "language": language,
        "columns": {"activity": "Intermediate Outputs", "output": "都道府県及び市町村の取組"},
        "sections": [{"id": "s", "label": "Community cohesion and affordability"}],
        "nodes": nodes,
    });
    logicmodel::load_str(&text.to_string())
        .model
        .expect("loads")
}

/// The bad breaks of one text block drawn for `text`. Lines are centred in the space
/// they may use, which starts at `origin.x`, so that space is twice the distance to the
/// centre.
fn splits_in_block(text: &str, block: &TextBlock) -> Vec<SplitBreak> {
    let inner = 2.0 * (block.center_x - block.origin.x);
    let max = (inner / block.font_size) as f32;
    split_breaks(text, &block.lines.to_vec(), max)
}

/// Every break of a drawing inside a word or phrase, with the text it is in.
fn splits_in_scene(model: &Model, diagram: &render::Diagram) -> Vec<(String, SplitBreak)> {
    let scene: &Scene = &diagram.scene;
    let mut bad = Vec::new();
    for (node, &index) in scene.nodes.iter().zip(&diagram.nodes) {
        let label = model.node(index).label();
        for b in splits_in_block(label, &node.label) {
            bad.push((label.to_owned(), b));
        }
    }
    for (column, &stage) in scene.columns.iter().zip(&diagram.stages) {
        let heading = render::column_heading(model, stage);
        for b in splits_in_block(&heading, &column.heading) {
            bad.push((heading.clone(), b));
        }
    }
    for (band, section) in scene.bands.iter().zip(&diagram.sections) {
        let Some(section) = section else { continue };
        let label = model.sections()[*section].label();
        for b in splits_in_block(label, &band.label) {
            bad.push((label.to_owned(), b));
        }
    }
    bad
}

/// One line of the report: the bad breaks listed, and how many acceptable splits (a
/// word or phrase wider than its box, hyphenated or broken inside) there were.
fn tally(name: &str, splits: &[(String, SplitBreak)], report: &mut Vec<String>) -> usize {
    let bad: Vec<_> = splits.iter().filter(|(_, b)| b.is_bad()).collect();
    report.push(format!(
        "{name}: {} bad breaks ({} words or phrases wider than their box split as allowed)",
        bad.len(),
        splits.len() - bad.len()
    ));
    for (text, b) in &bad {
        report.push(format!("  {:?} in {text:?}", b.piece));
    }
    bad.len()
}

#[test]
fn no_word_or_phrase_that_fits_is_split_in_any_drawing() {
    let mut report = Vec::new();
    let mut total = 0;
    for (name, model) in models() {
        let diagram = render::diagram(&model, &DiagramOptions::default());
        total += tally(&name, &splits_in_scene(&model, &diagram), &mut report);
    }
    let labels = fixture_labels();
    for language in ["en", "ja"] {
        let model = model_of_labels(&labels, language);
        let diagram = render::diagram(&model, &DiagramOptions::default());
        let name = format!("fixture labels drawn ({language})");
        total += tally(&name, &splits_in_scene(&model, &diagram), &mut report);
    }
    println!("{}", report.join("\n"));
    assert_eq!(total, 0, "{}", report.join("\n"));
}

#[test]
fn no_word_or_phrase_that_fits_is_split_at_any_width() {
    let mut report = Vec::new();
    let mut total = 0;
    let mut wrapped = 0;
    for label in fixture_labels() {
        for tenths in (40..=200).step_by(5) {
            let max = tenths as f32 / 10.0;
            let lines = wrap_label_balanced(&label, max);
            wrapped += 1;
            for b in split_breaks(&label, &lines, max)
                .into_iter()
                .filter(SplitBreak::is_bad)
            {
                report.push(format!(
                    "  {:?} in {label:?} at {max} em: {lines:?}",
                    b.piece
                ));
                total += 1;
            }
        }
    }
    println!("{total} bad breaks in {wrapped} wrappings of the fixture labels");
    assert_eq!(total, 0, "{}", report.join("\n"));
}

#[test]
fn phrases_match_budoux_s_own_parser_on_every_label() {
    let reference = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/budoux-reference.tsv"),
    )
    .expect("reference segmentations");
    let mut checked = 0;
    for line in reference.lines().filter(|l| !l.starts_with('#')) {
        let (text, expected) = line.split_once('\t').expect("text<TAB>phrases");
        let expected: Vec<&str> = expected.split('|').collect();
        assert_eq!(logicmodel::text::phrases(text), expected, "{text}");
        checked += 1;
    }
    assert!(checked > 150, "only {checked} reference segmentations");
}
