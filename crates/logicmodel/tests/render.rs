//! Rendering through the public API: golden SVGs, escaping, determinism,
//! and what `--section` / `--focus` select.

use logicmodel::render::{self, DiagramOptions, SvgOptions};

fn svg_of(text: &str) -> String {
    let model = logicmodel::load_str(text).model.expect("loads");
    let diagram = render::diagram(&model, &DiagramOptions::default());
    render::svg(&model, &diagram, &SvgOptions::default())
}

const SMALL: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "language": "en",
  "sections": [{"id": "club", "label": "Club"}],
  "nodes": [
    {"id": "as", "kind": "assumption", "label": "Few children read at home", "section": "club", "to": ["in"]},
    {"id": "in", "kind": "input", "label": "Volunteers", "section": "club", "to": ["ac"]},
    {"id": "ac", "kind": "activity", "label": "Weekly reading sessions", "section": "club", "to": ["ou"]},
    {"id": "ou", "kind": "output", "label": "Sessions held", "section": "club", "to": ["oc"]},
    {"id": "oc", "kind": "outcome", "label": "Children enjoy books", "section": "club", "to": ["im"]},
    {"id": "im", "kind": "impact", "label": "Children read for pleasure", "section": "club"}
  ]
}"#;

const JAPANESE: &str = r#"{
  "format": 1,
  "title": "窓口改革",
  "language": "ja",
  "columns": {"activity": "どう働きかける", "output": "まずどうなって", "outcome_short": "何が変わる（初期）", "outcome_long": "何が変わる（長期）", "impact": "ありたい姿"},
  "nodes": [
    {"id": "a1", "kind": "activity", "label": "オンライン申請（アプリ等の活用）", "to": ["o1"]},
    {"id": "a2", "kind": "activity", "label": "書かない窓口", "to": ["o1"]},
    {"id": "o1", "kind": "output", "label": "・各業務の現状把握とBPRの徹底\n・システムの導入", "to": ["s1", "s2"]},
    {"id": "s1", "kind": "outcome", "label": "オンラインでの手続きを行う人が出てくる", "to": ["l1"]},
    {"id": "s2", "kind": "outcome", "label": "市役所に来なくても簡単に申請ができる", "to": ["s1", "l1"]},
    {"id": "l1", "kind": "outcome", "term": "long", "label": "市役所に来なくてもよくなる", "to": ["i1"]},
    {"id": "i1", "kind": "impact", "label": "市民や事業者が、市役所に来なくても必要な手続きができる。"}
  ]
}"#;

#[test]
fn small_model_matches_its_golden_svg() {
    insta::assert_snapshot!("small", svg_of(SMALL));
}

#[test]
fn japanese_model_matches_its_golden_svg() {
    insta::assert_snapshot!("japanese", svg_of(JAPANESE));
}

#[test]
fn same_model_gives_byte_identical_svg() {
    assert_eq!(svg_of(JAPANESE), svg_of(JAPANESE));
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/gotsu-smart-city.json"
    ))
    .unwrap();
    assert_eq!(svg_of(&seed), svg_of(&seed));
}

#[test]
fn hostile_text_leaves_a_well_formed_inert_svg() {
    let hostile =
        "<script>alert(1)</script> & \"quotes\" 'single' ]]> \u{1}\u{7}\u{1b}[31m \u{202E}rtl";
    let text = serde_json::json!({
        "format": 1,
        "title": hostile,
        "description": hostile,
        "revision": hostile,
        "sections": [{"id": "s", "label": hostile}],
        "columns": {"activity": hostile},
        "nodes": [
            {"id": "a", "kind": "activity", "label": hostile, "description": hostile, "section": "s", "to": ["i"], "work_items": ["w"]},
            {"id": "i", "kind": "impact", "label": hostile, "section": "s"},
            {"id": "bad\"id<x>", "kind": "output", "label": hostile, "section": "s"}
        ],
        "work_items": [{"id": "w", "title": hostile, "owners": [hostile], "kpis": ["k"]}],
        "kpis": [{"id": "k", "indicator": hostile, "unit": hostile, "target": null, "target_note": hostile}]
    })
    .to_string();
    let loaded = logicmodel::load_str(&text);
    let model = loaded.model.expect("loads despite the invalid id");
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let issues: Vec<_> = loaded
        .diagnostics
        .into_iter()
        .chain(model.check())
        .collect();
    let svg = render::svg(
        &model,
        &diagram,
        &SvgOptions {
            issues,
            link_nodes: true,
            ..SvgOptions::default()
        },
    );
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    for node in document.descendants() {
        assert_ne!(node.tag_name().name(), "script", "no script element");
        assert_ne!(node.tag_name().name(), "foreignObject");
        for attribute in node.attributes() {
            assert!(
                !attribute.name().starts_with("on"),
                "no event handler attribute"
            );
            assert!(!attribute.value().contains("javascript:"));
        }
        if let Some(text) = node.text() {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "no control characters: {text:?}"
            );
        }
    }
    assert!(svg.contains("&lt;script&gt;"), "the text is kept, escaped");
    assert!(!svg.contains("\u{202E}"));
}

#[test]
fn every_model_edge_is_drawn_exactly_once_in_the_seed() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/gotsu-smart-city.json"
    ))
    .unwrap();
    let model = logicmodel::load_str(&seed).model.unwrap();
    let svg = svg_of(&seed);
    let document = roxmltree::Document::parse(&svg).unwrap();
    let mut drawn: Vec<(String, String)> = document
        .descendants()
        .filter(|n| n.attribute("class") == Some("edge"))
        .map(|n| {
            (
                n.attribute("data-from").unwrap().to_owned(),
                n.attribute("data-to").unwrap().to_owned(),
            )
        })
        .collect();
    let mut expected: Vec<(String, String)> = model
        .edges()
        .map(|e| {
            (
                model.node(e.from).id().to_string(),
                model.node(e.to).id().to_string(),
            )
        })
        .collect();
    drawn.sort();
    expected.sort();
    assert_eq!(drawn, expected);
    let boxes = document
        .descendants()
        .filter(|n| n.attribute("class").is_some_and(|c| c.starts_with("node ")))
        .count();
    assert_eq!(boxes, model.node_count());
}

#[test]
fn section_and_focus_select_their_part() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/gotsu-smart-city.json"
    ))
    .unwrap();
    let model = logicmodel::load_str(&seed).model.unwrap();
    let section = model
        .sections()
        .iter()
        .position(|s| s.id().as_str() == "people-organisation")
        .unwrap();
    let diagram = render::diagram(
        &model,
        &DiagramOptions {
            section: Some(section),
            ..Default::default()
        },
    );
    assert_eq!(diagram.sections, [Some(section)]);
    assert!(diagram
        .nodes
        .iter()
        .all(|&n| model.node(n).section_index() == Some(section)));

    let activity = model
        .nodes_of_kind(logicmodel::NodeKind::Activity)
        .next()
        .map(|(i, _)| i)
        .unwrap();
    let focus = render::diagram(
        &model,
        &DiagramOptions {
            focus: Some(activity),
            ..Default::default()
        },
    );
    assert!(focus.nodes.contains(&activity));
    // Everything drawn is on a chain through the activity.
    for &n in &focus.nodes {
        let downstream = model.paths_to_impacts(activity).any(|p| p.contains(&n));
        let upstream = model.paths_from_roots(activity).any(|p| p.contains(&n));
        assert!(
            downstream || upstream || n == activity,
            "{}",
            model.node(n).id()
        );
    }
}

#[test]
fn shapes_only_keeps_every_box_and_arrow_without_text() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/gotsu-smart-city.json"
    ))
    .unwrap();
    let model = logicmodel::load_str(&seed).model.unwrap();
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let svg = render::svg(
        &model,
        &diagram,
        &SvgOptions {
            shapes_only: true,
            ..SvgOptions::default()
        },
    );
    let document = roxmltree::Document::parse(&svg).expect("well-formed XML");
    let in_group = |class: &str, tag: &str| {
        document
            .descendants()
            .filter(|n| n.attribute("class") == Some(class))
            .flat_map(|g| g.children().filter(move |c| c.tag_name().name() == tag))
            .count()
    };
    assert_eq!(in_group("nodes", "rect"), model.node_count());
    assert_eq!(in_group("nodes", "text"), 0);
    assert_eq!(
        in_group("edges", "path"),
        2 * model.edge_count(),
        "a line and an arrowhead per edge"
    );
}
