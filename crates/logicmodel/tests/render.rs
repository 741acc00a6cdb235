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

/// Two sections sharing an outcome and a plan-wide impact (nodes without a section), a
/// same-column step (中間的就労 → 一般就労) and a feedback link.
const SHARED: &str = r#"{
  "format": 1,
  "title": "就労支援と地域の居場所づくりに関する総合的なロジックモデル（第2版）",
  "language": "ja",
  "sections": [{"id": "work", "label": "就労"}, {"id": "place", "label": "居場所"}],
  "nodes": [
    {"id": "a1", "kind": "activity", "label": "職業訓練", "section": "work", "to": ["o1"]},
    {"id": "o1", "kind": "output", "label": "訓練の修了", "section": "work", "to": ["m1"]},
    {"id": "m1", "kind": "outcome", "label": "中間的就労", "section": "work", "to": ["g1"]},
    {"id": "g1", "kind": "outcome", "label": "一般就労", "section": "work", "to": ["im", {"node": "a1", "type": "feedback"}]},
    {"id": "a2", "kind": "activity", "label": "居場所の運営", "section": "place", "to": ["o2"]},
    {"id": "o2", "kind": "output", "label": "利用者の増加", "section": "place", "to": ["sh"]},
    {"id": "sh", "kind": "outcome", "label": "孤立の解消", "to": ["im"]},
    {"id": "im", "kind": "impact", "label": "誰もが役割を持って暮らせる"}
  ]
}"#;

fn index_of(model: &logicmodel::Model, diagram: &render::Diagram, id: &str) -> usize {
    diagram
        .nodes
        .iter()
        .position(|&n| model.node(n).id().as_str() == id)
        .unwrap_or_else(|| panic!("{id} is not drawn"))
}

#[test]
fn shared_nodes_are_drawn_across_the_bands_they_connect_not_in_a_band_of_their_own() {
    let model = logicmodel::load_str(SHARED).model.unwrap();
    let diagram = render::diagram(&model, &DiagramOptions::default());
    // One band per section, none for the shared nodes.
    assert_eq!(diagram.sections, [Some(0), Some(1)]);
    let svg = render::svg(&model, &diagram, &SvgOptions::default());
    assert!(!svg.contains(">—<"), "a band labelled — is drawn");
    // The impact both sections reach spans both bands; its box lies in their range.
    let impact = index_of(&model, &diagram, "im");
    let node = &diagram.scene.nodes[impact];
    assert_eq!(node.bands, 0..2);
    let (first, last) = (&diagram.scene.bands[0], &diagram.scene.bands[1]);
    assert!(node.rect.y >= first.y && node.rect.bottom() <= last.y + last.height);
}

#[test]
fn a_section_keeps_the_shared_nodes_its_chains_reach_and_its_title() {
    let model = logicmodel::load_str(SHARED).model.unwrap();
    let place = render::diagram(
        &model,
        &DiagramOptions {
            section: Some(1),
            ..Default::default()
        },
    );
    let ids: Vec<&str> = place
        .nodes
        .iter()
        .map(|&n| model.node(n).id().as_str())
        .collect();
    assert_eq!(ids, ["a2", "o2", "sh", "im"]);
    // The long title fits: the drawing is at least as wide as the title's text.
    let svg = render::svg(&model, &place, &SvgOptions::default());
    let width: f64 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|w| w.split('"').next())
        .and_then(|w| w.parse().ok())
        .unwrap();
    let title = f64::from(logicmodel::text::text_width(model.title())) * 20.0;
    assert!(
        width >= title + 16.0,
        "width {width} clips the title ({title})"
    );
}

#[test]
fn a_same_column_link_enters_through_the_top_or_bottom_and_its_target_leaves_on_the_right() {
    let model = logicmodel::load_str(SHARED).model.unwrap();
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let scene = &diagram.scene;
    let (m1, g1) = (
        index_of(&model, &diagram, "m1"),
        index_of(&model, &diagram, "g1"),
    );
    let end = |e: &logicmodel::layout::SceneEdge| {
        e.segments
            .last()
            .map(logicmodel::layout::PathSegment::end)
            .unwrap_or(e.start)
    };
    let into = scene
        .edges
        .iter()
        .find(|e| e.from == m1 && e.to == g1)
        .unwrap();
    let target = scene.nodes[g1].rect;
    let p = end(into);
    assert!(
        (p.y - target.y).abs() < 1e-6 || (p.y - target.bottom()).abs() < 1e-6,
        "the same-column arrow ends at {p:?}, not on the top or bottom of {target:?}"
    );
    let onward = scene
        .edges
        .iter()
        .find(|e| e.from == g1 && diagram.nodes[e.to] == model.node_index("im").unwrap())
        .unwrap();
    assert!((onward.start.x - target.right()).abs() < 1e-6);
}

#[test]
fn feedback_links_are_dashed_back_edges_that_pass_through_no_box() {
    let model = logicmodel::load_str(SHARED).model.unwrap();
    assert!(model.check().is_empty(), "{:?}", model.check());
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let (g1, a1) = (
        index_of(&model, &diagram, "g1"),
        index_of(&model, &diagram, "a1"),
    );
    let feedback = diagram
        .scene
        .edges
        .iter()
        .find(|e| e.from == g1 && e.to == a1)
        .unwrap();
    assert_eq!(feedback.route, logicmodel::layout::EdgeRoute::Feedback);
    let svg = render::svg(&model, &diagram, &SvgOptions::default());
    let group = svg
        .split("<g class=\"edge feedback\"")
        .nth(1)
        .expect("a feedback edge group");
    let group = &group[..group.find("</g>").unwrap()];
    assert!(group.contains(r#"data-from="g1""#) && group.contains(r#"data-to="a1""#));
    assert!(group.contains("stroke-dasharray"));
    assert_eq!(svg.matches("class=\"edge feedback\"").count(), 1);
}

#[test]
fn the_model_may_ask_for_its_own_order_and_the_caller_may_override_it() {
    // Crossing minimisation would put `b2` (which leads to `x1`) first.
    let text = |order: &str| {
        format!(
            r#"{{"format": 1, "title": "t", {order}
            "nodes": [
              {{"id": "b1", "kind": "activity", "label": "b1", "to": ["x2"]}},
              {{"id": "b2", "kind": "activity", "label": "b2", "to": ["x1"]}},
              {{"id": "x1", "kind": "output", "label": "x1", "to": ["i"]}},
              {{"id": "x2", "kind": "output", "label": "x2", "to": ["i"]}},
              {{"id": "i", "kind": "impact", "label": "i"}}
            ]}}"#
        )
    };
    let rows = |model: &logicmodel::Model, options: &DiagramOptions| {
        let diagram = render::diagram(model, options);
        let y = |id: &str| diagram.scene.nodes[index_of(model, &diagram, id)].rect.y;
        (y("b1") < y("b2"), y("x1") < y("x2"))
    };
    let source = logicmodel::load_str(&text(r#""layout": {"order": "source"},"#))
        .model
        .unwrap();
    assert_eq!(
        source.box_order(),
        Some(logicmodel::model::BoxOrder::Source)
    );
    assert_eq!(rows(&source, &DiagramOptions::default()), (true, true));
    let reordered = rows(
        &source,
        &DiagramOptions {
            order: Some(logicmodel::layout::Order::Crossings),
            ..Default::default()
        },
    );
    assert_ne!(reordered, (true, true), "crossings were not reduced");
    let plain = logicmodel::load_str(&text("")).model.unwrap();
    assert_eq!(rows(&plain, &DiagramOptions::default()), reordered);
    // The writer keeps the setting.
    let written = logicmodel::format::to_string(&source);
    assert!(written.contains(r#""order": "source""#), "{written}");
    assert_eq!(logicmodel::load_str(&written).model.unwrap(), source);
}
