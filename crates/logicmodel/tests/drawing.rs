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

const CLUB_WITH_KPIS: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "language": "en",
  "period": {"start": 2024, "end": 2027},
  "nodes": [
    {"id": "in", "kind": "input", "label": "Volunteers", "to": ["ac"]},
    {"id": "ac", "kind": "activity", "label": "Weekly reading sessions", "to": ["ou"], "work_items": ["w"]},
    {"id": "ou", "kind": "output", "label": "Sessions held", "to": ["oc"], "kpis": ["held"]},
    {"id": "oc", "kind": "outcome", "label": "Children enjoy books", "to": ["im"], "kpis": ["enjoy", "loans"]},
    {"id": "im", "kind": "impact", "label": "Children read for pleasure", "kpis": ["survey"]},
    {"id": "lost", "kind": "output", "label": "Leaflets printed"}
  ],
  "work_items": [{"id": "w", "title": "Reading club 2025", "owners": ["Library"], "kpis": ["children"]}],
  "kpis": [
    {"id": "children", "indicator": "Children taking part", "unit": "children",
     "baseline": {"year": 2024, "value": 0}, "target": {"year": 2027, "value": 1200},
     "actuals": [{"year": 2025, "value": 500}]},
    {"id": "held", "indicator": "Sessions held", "unit": "sessions",
     "baseline": {"year": 2024, "value": 0}, "target": {"year": 2026, "value": 40},
     "actuals": [{"year": 2025, "value": 44}]},
    {"id": "enjoy", "indicator": "Children who say they enjoy reading", "unit": "%",
     "baseline": {"year": 2024, "value": 40}, "target": {"year": 2027, "value": 70},
     "actuals": [{"year": 2026, "value": 45}]},
    {"id": "loans", "indicator": "Library loans per child", "unit": "books",
     "target": {"year": 2027, "value": 12}},
    {"id": "survey", "indicator": "Reading for pleasure (national survey)", "unit": "%",
     "target": null, "target_note": "set after the 2026 survey"}
  ]
}"#;

fn parse(svg: &str) -> roxmltree::Document<'_> {
    roxmltree::Document::parse(svg).expect("well-formed XML")
}

fn class_is<'a>(class: &'a str) -> impl Fn(&roxmltree::Node) -> bool + 'a {
    move |n| n.attribute("class") == Some(class)
}

/// Whether `node` lies inside an element of class `class`.
fn inside(node: &roxmltree::Node, class: &str) -> bool {
    node.ancestors()
        .any(|a| a.attribute("class") == Some(class))
}

fn number(node: roxmltree::Node, attribute: &str) -> f64 {
    node.attribute(attribute)
        .expect(attribute)
        .parse()
        .expect("a number")
}

#[test]
fn kpis_are_drawn_inside_their_boxes_only_when_asked() {
    let plain = svg_with(
        CLUB_WITH_KPIS,
        &DiagramOptions::default(),
        &SvgOptions::default(),
    );
    assert!(!plain.contains("class=\"kpis\""), "off by default");
    let with = DiagramOptions {
        kpis: true,
        ..Default::default()
    };
    let svg = svg_with(CLUB_WITH_KPIS, &with, &SvgOptions::default());
    let document = parse(&svg);
    let statuses: Vec<&str> = document
        .descendants()
        .filter(class_is("kpi"))
        .filter_map(|n| n.attribute("data-status"))
        .collect();
    // Every KPI of a drawn box, each once, in box order: the activity's through its
    // work item, then the output's, the outcome's two, the impact's.
    assert_eq!(
        statuses,
        ["on-track", "achieved", "behind", "no-data", "undecided"]
    );
    // Each status has its own mark shape: five different path shapes.
    let mut shapes: Vec<String> = document
        .descendants()
        .filter(|n| {
            n.attribute("class")
                .is_some_and(|c| c.starts_with("kpi-mark "))
        })
        .filter(|n| inside(n, "nodes"))
        .map(|n| {
            let d = n.attribute("d").unwrap();
            d.chars()
                .filter(|c| c.is_ascii_alphabetic())
                .collect::<String>()
                + n.attribute("fill").unwrap()
        })
        .collect();
    shapes.sort();
    shapes.dedup();
    assert_eq!(shapes.len(), 5, "{shapes:?}");
    // The rows sit inside their box, below its label.
    for group in document.descendants().filter(class_is("kpis")) {
        let node = group.parent().unwrap();
        let rect = node
            .children()
            .find(|c| c.tag_name().name() == "rect")
            .unwrap();
        let (top, bottom) = (
            number(rect, "y"),
            number(rect, "y") + number(rect, "height"),
        );
        let label_bottom = node
            .children()
            .find(|c| c.tag_name().name() == "text")
            .unwrap()
            .descendants()
            .filter(|t| t.tag_name().name() == "tspan")
            .map(|t| number(t, "y"))
            .fold(f64::MIN, f64::max);
        for tspan in group
            .descendants()
            .filter(|t| t.tag_name().name() == "tspan")
        {
            let y = number(tspan, "y");
            assert!(
                y > label_bottom && y < bottom && y > top,
                "row at {y} in box {top}..{bottom}"
            );
        }
    }
    // A legend explains the marks.
    assert_eq!(
        document
            .descendants()
            .filter(class_is("legend-kpi"))
            .count(),
        6
    );
    insta::assert_snapshot!("club_with_kpis", svg);
}

#[test]
fn issues_are_numbered_on_their_boxes_and_listed_under_the_diagram() {
    let model = logicmodel::load_str(CLUB_WITH_KPIS).model.unwrap();
    let issues = model.check();
    assert!(!issues.is_empty());
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let svg = render::svg(
        &model,
        &diagram,
        &SvgOptions {
            issues: issues.clone(),
            ..Default::default()
        },
    );
    let document = parse(&svg);
    let list: Vec<String> = document
        .descendants()
        .filter(class_is("issue-list"))
        .flat_map(|g| g.children().filter(|c| c.tag_name().name() == "text"))
        .filter_map(|t| t.text().map(|t| t.trim().to_owned()))
        .collect();
    // A heading, then every message (wrapped lines rejoined).
    assert!(list[0].starts_with("Check results"), "{list:?}");
    let joined = list[1..].join(" ");
    for issue in &issues {
        assert!(
            joined.contains(&format!("[{}]", issue.code())),
            "{} missing from {joined}",
            issue.code()
        );
    }
    // Each numbered box is outlined and carries its number; the list has the same
    // numbers.
    let on_boxes: Vec<String> = document
        .descendants()
        .filter(class_is("issue-badge"))
        .filter(|b| inside(b, "nodes"))
        .map(|b| b.attribute("data-number").unwrap().to_owned())
        .collect();
    let in_list: Vec<String> = document
        .descendants()
        .filter(class_is("issue-badge"))
        .filter(|b| inside(b, "issue-list"))
        .map(|b| b.attribute("data-number").unwrap().to_owned())
        .collect();
    assert!(!on_boxes.is_empty());
    let mut distinct = in_list.clone();
    distinct.dedup();
    assert_eq!(on_boxes.len(), distinct.len());
    for n in &on_boxes {
        assert!(in_list.contains(n));
    }
    for badge in document
        .descendants()
        .filter(class_is("issue-badge"))
        .filter(|b| inside(b, "nodes"))
    {
        let node = badge.parent().unwrap();
        assert!(
            node.attribute("data-issue").is_some(),
            "a numbered box is outlined"
        );
    }
    // The legend explains the outlines and the numbers.
    let legend: Vec<&str> = document
        .descendants()
        .filter(class_is("legend-issue"))
        .flat_map(|g| g.descendants().filter_map(|t| t.text()))
        .map(str::trim)
        .collect();
    assert!(legend.contains(&"warning"), "{legend:?}");
    assert!(legend.contains(&"number in the list below"), "{legend:?}");
    // The drawing grew to hold the list: nothing is drawn below its height.
    let height = number(document.root_element(), "height");
    for text in document
        .descendants()
        .filter(|n| n.tag_name().name() == "text")
    {
        if let Some(y) = text.attribute("y") {
            assert!(y.parse::<f64>().unwrap() < height);
        }
    }
    insta::assert_snapshot!("club_with_issues", svg);
}

#[test]
fn a_reserved_room_makes_the_box_taller_and_keeps_the_label_above_it() {
    use logicmodel::layout::{layout, BandSpec, ColumnSpec, LayoutInput, NodeSpec};
    let mut input = LayoutInput {
        columns: vec![ColumnSpec::new("Activities")],
        bands: vec![BandSpec {
            label: String::new(),
        }],
        nodes: vec![NodeSpec {
            column: 0,
            band: Some(0),
            label: "Weekly reading sessions".into(),
            ..NodeSpec::default()
        }],
        ..LayoutInput::default()
    };
    let plain = layout(&input).unwrap().nodes[0].clone();
    input.nodes[0].reserved_height = 50.0;
    let reserved = layout(&input).unwrap().nodes[0].clone();
    assert!((reserved.rect.height - plain.rect.height - 50.0).abs() < 1e-9);
    let label_bottom =
        reserved.label.origin.y + reserved.label.lines.len() as f64 * reserved.label.line_height;
    assert!(label_bottom <= reserved.rect.bottom() - 50.0 + 1e-9);
    input.nodes[0].reserved_height = f64::NAN;
    assert!(layout(&input).is_err());
}

fn seed() -> logicmodel::Model {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../models/gotsu-smart-city.json"
    ))
    .unwrap();
    logicmodel::load_str(&text).model.unwrap()
}

#[test]
fn the_seed_fits_16_9_slides_with_readable_text_and_nothing_lost() {
    use logicmodel::render::{fit, FitOptions, PageSize};
    let model = seed();
    let options = FitOptions::new(PageSize::Widescreen);
    let fitted = fit(&model, &options).unwrap();
    assert!(
        fitted.pages.len() > 1,
        "the seed is too large for one slide"
    );
    assert!(
        fitted.is_readable(9.0),
        "{:?}",
        fitted.pages.iter().map(|p| p.text_pt).collect::<Vec<_>>()
    );
    // Every box and every arrow is on some page.
    let mut drawn = vec![false; model.node_count()];
    let mut arrows = std::collections::BTreeSet::new();
    for page in &fitted.pages {
        for &n in &page.diagram.nodes {
            drawn[n.index()] = true;
        }
        arrows.extend(page.diagram.edges.iter().copied());
        assert!(
            page.part.is_some(),
            "a page of a split drawing names its part"
        );
    }
    assert!(drawn.iter().all(|&d| d), "a box is on no page");
    for edge in model.edges() {
        assert!(
            arrows.contains(&(edge.from, edge.to)),
            "an arrow is on no page"
        );
    }
    // Each page is a 16:9 document whose box text is the size the fit says.
    for page in &fitted.pages {
        let svg = render::svg(
            &model,
            &page.diagram,
            &SvgOptions {
                page: Some(PageSize::Widescreen),
                part: page.part.clone(),
                ..Default::default()
            },
        );
        let document = parse(&svg);
        let root = document.root_element();
        assert_eq!(root.attribute("width"), Some("13.333in"));
        assert_eq!(root.attribute("height"), Some("7.5in"));
        let view: Vec<f64> = root
            .attribute("viewBox")
            .unwrap()
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        assert!((view[2] / view[3] - 13.333 / 7.5).abs() < 0.01);
        // 13.333 in = 960 pt across the view box: the 14-unit box text is text_pt.
        let pt_per_unit = 960.0 / view[2];
        assert!((14.0 * pt_per_unit - page.text_pt).abs() < 0.05);
        // The drawing lies inside the view box.
        let background = document
            .descendants()
            .find(|n| n.attribute("class") == Some("background"))
            .unwrap();
        assert_eq!(number(background, "x"), view[0]);
    }
}

#[test]
fn a_small_model_fits_one_page_whole() {
    use logicmodel::render::{fit, FitOptions, PageSize, Split};
    let model = logicmodel::load_str(CLUB_WITH_KPIS).model.unwrap();
    for &page in PageSize::ALL {
        let fitted = fit(&model, &FitOptions::new(page)).unwrap();
        assert_eq!(fitted.split, Split::Whole, "{page:?}");
        assert_eq!(fitted.pages.len(), 1);
        assert!(fitted.is_readable(9.0));
        assert_eq!(fitted.pages[0].part, None);
    }
}

#[test]
fn hostile_text_in_kpi_rows_and_the_issue_list_stays_inert() {
    let hostile = "<script>alert(1)</script> & \"q\" ]]> \u{1}\u{1b}[31m \u{202E}rtl";
    let text = serde_json::json!({
        "format": 1,
        "title": hostile,
        "nodes": [
            {"id": "a", "kind": "activity", "label": hostile, "kpis": ["k", "u"]},
            {"id": "bad<id>", "kind": "output", "label": hostile}
        ],
        "kpis": [
            {"id": "k", "indicator": hostile, "unit": hostile,
             "target": {"year": 2026, "value": 1}, "actuals": [{"year": 2025, "value": 0}]},
            {"id": "u", "indicator": hostile, "unit": "%", "target": null, "target_note": hostile}
        ]
    })
    .to_string();
    let loaded = logicmodel::load_str(&text);
    let model = loaded.model.expect("loads despite the invalid id");
    let issues: Vec<_> = loaded
        .diagnostics
        .into_iter()
        .chain(model.check())
        .collect();
    let diagram = render::diagram(
        &model,
        &DiagramOptions {
            kpis: true,
            ..Default::default()
        },
    );
    let svg = render::svg(
        &model,
        &diagram,
        &SvgOptions {
            issues,
            ..Default::default()
        },
    );
    let document = parse(&svg);
    assert!(document
        .descendants()
        .any(|n| n.attribute("class") == Some("issue-list")));
    assert!(document
        .descendants()
        .any(|n| n.attribute("class") == Some("kpi")));
    for node in document.descendants() {
        assert_ne!(node.tag_name().name(), "script");
        if let Some(text) = node.text() {
            assert!(
                !text.chars().any(|c| c.is_control() && c != '\n'),
                "{text:?}"
            );
            assert!(!text.contains('\u{202E}'));
        }
    }
    assert!(svg.contains("&lt;script&gt;"));
}

mod fit_properties {
    use logicmodel::render::{self, fit, FitOptions, PageSize};
    use proptest::prelude::*;

    /// A random model: up to 40 nodes over the columns and up to 3 sections, edges
    /// only to later columns, labels of Japanese and English words.
    fn model_text() -> impl Strategy<Value = String> {
        let kinds = ["input", "activity", "output", "outcome", "impact"];
        let words = [
            "市民",
            "手続きが",
            "Community",
            "cohesion",
            "サービス",
            "の向上",
        ];
        (
            prop::collection::vec((0..5usize, 0..4usize, prop::collection::vec(0..6usize, 1..5)), 1..40),
            prop::collection::vec((0..40usize, 0..40usize), 0..60),
        )
            .prop_map(move |(nodes, edges)| {
                let count = nodes.len();
                let mut to: Vec<Vec<String>> = vec![Vec::new(); count];
                for (a, b) in edges {
                    let (a, b) = (a % count, b % count);
                    if nodes[a].0 < nodes[b].0 && !to[a].contains(&format!("n{b}")) {
                        to[a].push(format!("n{b}"));
                    }
                }
                let nodes: Vec<serde_json::Value> = nodes
                    .iter()
                    .enumerate()
                    .map(|(i, (kind, section, label))| {
                        let label: String = label.iter().map(|&w| words[w]).collect();
                        let mut node = serde_json::json!({
                            "id": format!("n{i}"), "kind": kinds[*kind], "label": label, "to": to[i]
                        });
                        if *section < 3 {
                            node["section"] = serde_json::json!(format!("s{section}"));
                        }
                        node
                    })
                    .collect();
                serde_json::json!({
                    "format": 1, "title": "t",
                    "sections": [{"id": "s0", "label": "A"}, {"id": "s1", "label": "B"}, {"id": "s2", "label": "C"}],
                    "nodes": nodes
                })
                .to_string()
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(12))]

        #[test]
        fn every_box_and_arrow_lands_on_a_page(text in model_text(), page in 0..6usize) {
            let model = logicmodel::load_str(&text).model.expect("loads");
            let page = PageSize::ALL[page];
            let fitted = fit(&model, &FitOptions::new(page)).unwrap();
            prop_assert!(!fitted.pages.is_empty());
            let mut drawn = vec![false; model.node_count()];
            let mut arrows = std::collections::BTreeSet::new();
            for p in &fitted.pages {
                prop_assert!(p.text_pt > 0.0 && p.text_pt.is_finite());
                for &n in &p.diagram.nodes {
                    drawn[n.index()] = true;
                }
                arrows.extend(p.diagram.edges.iter().copied());
                // Every page is a well-formed document of the page's size.
                let svg = render::svg(&model, &p.diagram, &render::SvgOptions {
                    page: Some(page),
                    part: p.part.clone(),
                    ..Default::default()
                });
                prop_assert!(roxmltree::Document::parse(&svg).is_ok());
            }
            prop_assert!(drawn.iter().all(|&d| d));
            for edge in model.edges() {
                prop_assert!(arrows.contains(&(edge.from, edge.to)));
            }
        }
    }
}
