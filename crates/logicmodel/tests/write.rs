//! The writer through the public API: what it writes reads back as an
//! equal model, and writing that again gives the same bytes — for every
//! model in the repository and for random models built in code.

use std::path::{Path, PathBuf};

use logicmodel::model::{
    Baseline, KpiRecord, LinkDetail, LinkRecord, Measurement, ModelBuilder, ModelFields,
    NodeRecord, SectionRecord, Spanned, Stage, WorkItemRecord,
};
use logicmodel::model::{BoxOrder, ColumnKey, Confidence, Direction, LinkType};
use logicmodel::{Level, Model};
use proptest::prelude::*;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Writes `model`, reads it back and writes again; both must agree.
fn round_trip(model: &Model) -> Result<(), String> {
    let written = logicmodel::format::to_string(model);
    let loaded = logicmodel::load_str(&written);
    let Some(again) = loaded.model else {
        return Err(format!("the written text does not load:\n{written}"));
    };
    // An invalid id is kept (with its diagnostic), so it is reported again;
    // anything else broken was left out and must not come back.
    if let Some(d) = loaded
        .diagnostics
        .iter()
        .find(|d| d.code() != logicmodel::Code::InvalidId)
    {
        return Err(format!(
            "reading back reports `{}`: {}\n{written}",
            d.code(),
            d.message()
        ));
    }
    if &again != model {
        return Err(format!(
            "read back differs:\n{written}\n{again:#?}\n{model:#?}"
        ));
    }
    let rewritten = logicmodel::format::to_string(&again);
    if rewritten != written {
        return Err(format!(
            "writing is not idempotent:\n{written}\n---\n{rewritten}"
        ));
    }
    Ok(())
}

#[test]
fn every_model_in_the_repository_round_trips() {
    let mut count = 0;
    for dir in ["models", "tests/invalid"] {
        for entry in std::fs::read_dir(repo().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let Ok(loaded) = logicmodel::load_path(&path) else {
                continue;
            };
            // A model with load errors lost the broken parts; what is left
            // must still round-trip.
            if let Some(model) = loaded.model {
                round_trip(&model).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                count += 1;
            }
        }
    }
    assert!(count >= 40, "only {count} models round-tripped");
}

#[test]
fn the_writer_keeps_what_means_nothing_to_the_model_but_something_to_people() {
    let text = r#"{
  "$schema": "../docs/logicmodel.schema.json",
  "format": 1,
  "title": "t",
  "columns": {"outcome": "Outcomes", "impact": "Goal"},
  "nodes": [
    {"id": "a", "kind": "activity", "label": "A", "to": ["o"], "work_items": ["w"], "kpis": ["k1"]},
    {"id": "o", "kind": "outcome", "label": "O"}
  ],
  "work_items": [{"id": "w", "title": "W", "kpis": ["k2"]}],
  "kpis": [
    {"id": "k1", "indicator": "I", "direction": "increase", "target": null,
     "baseline": {"year": 2024, "value": 85}},
    {"id": "k2", "indicator": "J", "target": {"year": 2026, "value": 2.5}}
  ],
  "meta": {"tool": {"version": 3, "list": [1, 2.5, null]}}
}"#;
    let model = logicmodel::load_str(text).model.unwrap();
    let written = logicmodel::format::to_string(&model);
    for kept in [
        r#""$schema": "../docs/logicmodel.schema.json""#,
        r#""outcome": "Outcomes""#,
        r#""kpis": ["k1"]"#,
        r#""kpis": ["k2"]"#,
        r#""direction": "increase""#,
        r#""target": null"#,
        r#""value": 85}"#,
        r#""value": 2.5}"#,
        r#""term": "short""#,
        r#""meta": {"tool": {"version": 3, "list": [1, 2.5, null]}}"#,
    ] {
        assert!(written.contains(kept), "{kept} is missing from\n{written}");
    }
    assert!(!written.contains("outcome_medium"), "{written}");
    round_trip(&model).unwrap();
}

fn id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "g", "h"]).prop_map(str::to_owned)
}

/// Text with what a writer must escape: quotes, backslashes, control
/// characters, line breaks, Japanese, astral characters.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z ]{1,12}",
        "[\"\\\\\\n\\t\u{1}\u{7f}江津市ー🚀 ]{1,10}",
        Just("市民サービスの改革".to_owned()),
    ]
}

fn measurement() -> impl Strategy<Value = Measurement> {
    (
        -3000i32..3000,
        prop_oneof![
            (-1e6f64..1e6),
            any::<i32>().prop_map(f64::from),
            Just(0.1),
            Just(-0.0),
            Just(1e300),
            Just(5e-324),
            Just(123456789012345680.0),
        ],
    )
        .prop_map(|(year, value)| Measurement { year, value })
}

/// A baseline, dated or (a 現状値 without its year) not.
fn baseline() -> impl Strategy<Value = Baseline> {
    (measurement(), any::<bool>()).prop_map(|(m, dated)| Baseline {
        year: dated.then_some(m.year),
        value: m.value,
    })
}

fn json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        text().prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The inputs of a random model: each record from a small pool of ids, so
/// that references often resolve and sometimes collide.
#[derive(Debug, Clone)]
struct Plan {
    fields: ModelFields,
    sections: Vec<(String, Option<String>)>,
    nodes: Vec<NodeRecord<'static>>,
    items: Vec<WorkItemRecord>,
    kpis: Vec<KpiRecord>,
}

fn plan() -> impl Strategy<Value = Plan> {
    let stage = prop::sample::select(Stage::ALL.to_vec());
    let detail = prop::option::of(
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(prop::sample::select(Confidence::ALL.to_vec())),
            prop::option::of(prop::sample::select(LinkType::ALL.to_vec())),
            any::<bool>(),
        )
            .prop_map(|(rationale, evidence, confidence, link_type, inferred)| {
                LinkDetail {
                    rationale,
                    evidence,
                    confidence,
                    link_type,
                    inferred,
                }
            }),
    );
    let node = (
        id(),
        stage,
        text(),
        prop::option::of(text()),
        prop::option::of(id()),
        prop::collection::vec((id(), detail), 0..4),
        prop::collection::vec(id(), 0..3),
        prop::collection::vec(id(), 0..3),
    )
        .prop_map(
            |(id, stage, label, description, section, to, items, kpis)| {
                let mut node = NodeRecord::new(id, stage, label);
                node.description = description.map(Into::into);
                node.section = section.map(|s| Spanned::new(s.into()));
                for (target, detail) in to {
                    node = node.link(match detail {
                        Some(detail) => LinkRecord::detailed(target, detail),
                        None => LinkRecord::new(target),
                    });
                }
                for item in items {
                    node = node.work_item(item);
                }
                for kpi in kpis {
                    node = node.kpi(kpi);
                }
                node
            },
        );
    let item = (
        id(),
        text(),
        prop::collection::vec(text(), 0..3),
        prop::option::of(text()),
        prop::collection::btree_map(1990i32..2100, prop::collection::vec(text(), 0..3), 0..3),
        prop::collection::vec(id(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(id, title, owners, current, schedule, kpis, new)| WorkItemRecord {
                id: Spanned::new(id),
                title,
                owners,
                current,
                ideal: None,
                schedule: schedule
                    .into_iter()
                    .map(|(year, steps)| (Spanned::new(year), steps))
                    .collect(),
                progress: Vec::new(),
                kpis: kpis.into_iter().map(Spanned::new).collect(),
                new_in_revision: new,
                location: Default::default(),
            },
        );
    let kpi = (
        id(),
        text(),
        text(),
        prop::option::of(prop::sample::select(Direction::ALL.to_vec())),
        prop::option::of(baseline()),
        prop::option::of(measurement()),
        any::<bool>(),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::collection::vec(measurement(), 0..3),
    )
        .prop_map(
            |(
                id,
                indicator,
                unit,
                direction,
                baseline,
                target,
                null,
                (note, words, source),
                actuals,
            )| KpiRecord {
                // A target in words only where there is no number.
                qualitative_target: if target.is_none() { words } else { None },
                source,
                id: Spanned::new(id),
                indicator,
                unit,
                direction,
                baseline: baseline.map(Spanned::new),
                target: target.map(Spanned::new),
                target_null: null,
                target_note: note,
                actuals: actuals.into_iter().map(Spanned::new).collect(),
                location: Default::default(),
            },
        );
    let fields = (
        text(),
        prop::option::of(text()),
        prop::option::of(prop::sample::select(vec!["ja", "en-GB"])),
        prop::option::of((2000i32..2010, 2010i32..2030)),
        prop::collection::btree_map(prop::sample::select(ColumnKey::ALL.to_vec()), text(), 0..4),
        prop::collection::btree_map(
            prop::sample::select(vec!["dead-end", "cycle", "unused-kpi"]),
            prop::sample::select(vec![Level::Error, Level::Warning, Level::Allow]),
            0..3,
        ),
        prop::option::of(json()),
        prop::option::of(Just("schema.json".to_owned())),
        prop::option::of(prop::sample::select(BoxOrder::ALL.to_vec())),
    )
        .prop_map(
            |(title, revision, language, period, columns, checks, meta, schema, box_order)| {
                ModelFields {
                    schema,
                    title,
                    description: None,
                    context: vec!["前提: 国の補助金が続く".to_owned()],
                    revision,
                    issued: Some(Spanned::new("2024-03-26".to_owned())),
                    language: language.map(|l| Spanned::new(l.to_owned())),
                    period: period.map(Spanned::new),
                    columns: columns.into_iter().collect(),
                    chain_end: None,
                    box_order,
                    checks: checks
                        .into_iter()
                        .map(|(name, level)| (Spanned::new(name.to_owned()), level))
                        .collect(),
                    meta,
                    location: Default::default(),
                }
            },
        );
    (
        fields,
        prop::collection::vec((id(), prop::option::of(text())), 0..3),
        prop::collection::vec(node, 0..8),
        prop::collection::vec(item, 0..4),
        prop::collection::vec(kpi, 0..4),
    )
        .prop_map(|(fields, sections, nodes, items, kpis)| Plan {
            fields,
            sections,
            nodes,
            items,
            kpis,
        })
}

fn build(plan: Plan) -> Model {
    let mut builder = ModelBuilder::new();
    for (id, label) in plan.sections {
        builder.section(SectionRecord {
            id: Spanned::new(id),
            label,
            location: Default::default(),
        });
    }
    for node in plan.nodes {
        builder.node(node);
    }
    for item in plan.items {
        builder.work_item(item);
    }
    for kpi in plan.kpis {
        builder.kpi(kpi);
    }
    // Broken parts (duplicates, dangling references) are left out with a
    // diagnostic; the model that is left is what must round-trip.
    builder.finish(plan.fields).0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]
    #[test]
    fn random_models_round_trip(plan in plan()) {
        let model = build(plan);
        if let Err(e) = round_trip(&model) {
            prop_assert!(false, "{}", e);
        }
    }
}

/// One edit of [`edit`], by kind and small arguments.
#[derive(Debug, Clone)]
enum Edit {
    AddNode(String, Stage, Vec<String>),
    Rename(usize, String),
    Relink(usize, Vec<String>),
    AddLink(usize, String),
    RemoveLink(usize, usize),
    RemoveNode(usize),
    SetSection(usize, Option<String>),
    AddWorkItem(String, Vec<String>),
    RemoveWorkItem(String),
    SetWorkItems(usize, Vec<String>),
    AddKpi(String),
    RemoveKpi(String),
    RenameKpi(String, String),
    AddSection(String),
    RemoveSection(String),
}

fn edit() -> impl Strategy<Value = Edit> {
    let stage = prop::sample::select(Stage::ALL.to_vec());
    let ids = || prop::collection::vec(id(), 0..3);
    prop_oneof![
        (id(), stage, ids()).prop_map(|(i, s, t)| Edit::AddNode(i, s, t)),
        (0usize..10, id()).prop_map(|(n, i)| Edit::Rename(n, i)),
        (0usize..10, ids()).prop_map(|(n, t)| Edit::Relink(n, t)),
        (0usize..10, id()).prop_map(|(n, t)| Edit::AddLink(n, t)),
        (0usize..10, 0usize..10).prop_map(|(a, b)| Edit::RemoveLink(a, b)),
        (0usize..10).prop_map(Edit::RemoveNode),
        (0usize..10, prop::option::of(id())).prop_map(|(n, s)| Edit::SetSection(n, s)),
        (id(), ids()).prop_map(|(i, k)| Edit::AddWorkItem(i, k)),
        id().prop_map(Edit::RemoveWorkItem),
        (0usize..10, ids()).prop_map(|(n, w)| Edit::SetWorkItems(n, w)),
        id().prop_map(Edit::AddKpi),
        id().prop_map(Edit::RemoveKpi),
        (id(), id()).prop_map(|(a, b)| Edit::RenameKpi(a, b)),
        id().prop_map(Edit::AddSection),
        id().prop_map(Edit::RemoveSection),
    ]
}

fn apply(model: &mut Model, edit: Edit) {
    use petgraph::graph::NodeIndex;
    let node = |n: usize| NodeIndex::new(n);
    // Edits may fail (a repeated id, a missing target, an index from
    // nowhere); a failed edit must change nothing, which the round trip
    // after it checks as much as a successful one.
    let _ = match edit {
        Edit::AddNode(id, stage, to) => {
            let mut record = NodeRecord::new(id, stage, "new");
            for t in to {
                record = record.to(t);
            }
            model.add_node(record).map(drop)
        }
        Edit::Rename(n, id) => model.rename_node(node(n), &id),
        Edit::Relink(n, to) => {
            model.set_links(node(n), to.into_iter().map(LinkRecord::new).collect())
        }
        Edit::AddLink(n, to) => model.add_link(node(n), LinkRecord::new(to)),
        Edit::RemoveLink(a, b) => {
            model.remove_link(node(a), node(b));
            Ok(())
        }
        Edit::RemoveNode(n) => model.remove_node(node(n)).map(drop),
        Edit::SetSection(n, s) => model.set_section(node(n), s.as_deref()),
        Edit::AddWorkItem(id, kpis) => {
            let mut item = WorkItemRecord::new(id, "new");
            item.kpis = kpis.into_iter().map(Spanned::new).collect();
            model.add_work_item(item).map(drop)
        }
        Edit::RemoveWorkItem(id) => model.remove_work_item(&id).map(drop),
        Edit::SetWorkItems(n, ids) => {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            model.set_work_items(node(n), &ids)
        }
        Edit::AddKpi(id) => model.add_kpi(KpiRecord::new(id, "new", "%")).map(drop),
        Edit::RemoveKpi(id) => model.remove_kpi(&id).map(drop),
        Edit::RenameKpi(a, b) => model.rename_kpi(&a, &b),
        Edit::AddSection(id) => model.add_section(SectionRecord::new(id, "new")).map(drop),
        Edit::RemoveSection(id) => model.remove_section(&id).map(drop),
    };
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Every sequence of edits leaves a model whose references all resolve:
    /// what the writer makes of it reads back as the same model, with no
    /// dangling reference.
    #[test]
    fn edits_keep_the_model_whole(plan in plan(), edits in prop::collection::vec(edit(), 0..12)) {
        let mut model = build(plan);
        for edit in edits {
            apply(&mut model, edit);
            if let Err(e) = round_trip(&model) {
                prop_assert!(false, "{}", e);
            }
            let _ = model.check();
        }
    }
}

#[test]
fn a_failed_edit_changes_nothing_and_says_why() {
    let text = r#"{"format": 1, "title": "t", "nodes": [
      {"id": "a", "kind": "activity", "label": "A", "to": ["i"]},
      {"id": "i", "kind": "impact", "label": "I"}]}"#;
    let mut model = logicmodel::load_str(text).model.unwrap();
    let before = model.clone();
    let a = model.node_index("a").unwrap();
    let error = model
        .set_links(a, vec![LinkRecord::new("i"), LinkRecord::new("x")])
        .unwrap_err();
    assert_eq!(error.code(), logicmodel::Code::DanglingReference);
    assert_eq!(error.ids(), ["a", "x"]);
    let error = model.rename_node(a, "bad id").unwrap_err();
    assert_eq!(error.code(), logicmodel::Code::InvalidId);
    let error = model
        .rename_node(petgraph::graph::NodeIndex::new(99), "b")
        .unwrap_err();
    assert!(error.message().contains("another model"), "{error}");
    assert_eq!(model, before);
    // Renaming is followed by the links that point at the node.
    model
        .rename_node(model.node_index("i").unwrap(), "goal")
        .unwrap();
    let written = logicmodel::format::to_string(&model);
    assert!(written.contains(r#""to": ["goal"]"#), "{written}");
}
