//! What the drawing shows besides boxes and arrows: headings in the model's
//! language, KPI marks, the issue legend and list, and pages fitted to a
//! slide or a sheet of paper. Golden SVGs under `snapshots/drawing__*.snap`
//! (update with `INSTA_UPDATE=always cargo test -p logicmodel --test drawing`
//! and review the diff, and look at the PNG).

use logicmodel::render::{self, DiagramOptions, SvgOptions};

fn svg_with(text: &str, diagram: &DiagramOptions, svg: &SvgOptions) -> String {
    let model = logicmodel::load_str(text).model.expect("loads");
    let drawn = render::diagram(&model, diagram);
    render::svg(&model, &drawn, svg)
}

/// The text of every `<tspan>` of the column headings, in order.
fn headings(svg: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(svg).expect("well-formed XML");
    document
        .descendants()
        .filter(|n| n.attribute("class") == Some("column-header"))
        .map(|g| {
            g.descendants()
                .filter(|n| n.tag_name().name() == "tspan")
                .filter_map(|t| t.text())
                .collect::<Vec<_>>()
                .join("/")
        })
        .collect()
}

const JAPANESE_WITHOUT_COLUMNS: &str = r#"{
  "format": 1,
  "title": "就労支援",
  "language": "ja",
  "nodes": [
    {"id": "as", "kind": "assumption", "label": "生活困窮者の就労意欲は高い", "to": ["in"]},
    {"id": "in", "kind": "input", "label": "相談員", "to": ["a"]},
    {"id": "a", "kind": "activity", "label": "生活困窮者自立支援制度の周知", "to": ["o"]},
    {"id": "o", "kind": "output", "label": "相談件数が増える", "to": ["s"]},
    {"id": "s", "kind": "outcome", "term": "short", "label": "中間的就労", "to": ["m"]},
    {"id": "m", "kind": "outcome", "term": "medium", "label": "一般就労", "to": ["l"]},
    {"id": "l", "kind": "outcome", "term": "long", "label": "生活の安定", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "誰もが自立して暮らせる地域"}
  ]
}"#;

#[test]
fn a_japanese_model_without_columns_gets_japanese_headings() {
    let svg = svg_with(
        JAPANESE_WITHOUT_COLUMNS,
        &DiagramOptions::default(),
        &SvgOptions::default(),
    );
    assert_eq!(
        headings(&svg),
        [
            "前提",
            "インプット",
            "活動",
            "アウトプット",
            "アウトカム（短期）",
            "アウトカム（中期）",
            "アウトカム（長期）",
            "インパクト"
        ]
    );
    insta::assert_snapshot!("japanese_without_columns", svg);
}

#[test]
fn english_outcome_headings_keep_the_dot_off_the_start_of_a_line() {
    let english = JAPANESE_WITHOUT_COLUMNS.replace(r#""language": "ja""#, r#""language": "en""#);
    for width in [90.0, 110.0, 130.0, 174.0] {
        let style = logicmodel::layout::LayoutStyle {
            box_width: width,
            ..Default::default()
        };
        let svg = svg_with(
            &english,
            &DiagramOptions {
                style,
                ..Default::default()
            },
            &SvgOptions::default(),
        );
        for heading in headings(&svg) {
            assert!(
                heading.split('/').all(|line| !line.starts_with('·')),
                "{heading:?} at {width}"
            );
        }
    }
}
