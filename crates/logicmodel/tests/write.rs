//! The writer through the public API: what it writes reads back as an
//! equal model, and writing that again gives the same bytes — for every
//! model in the repository and for random models built in code.

use std::path::{Path, PathBuf};

use logicmodel::model::{
    KpiRecord, LinkRecord, Measurement, NodeRecord, SectionRecord, Spanned, Stage, WorkItemRecord,
};
use logicmodel::Model;
use proptest::prelude::*;

mod support;

use support::{build, id, Plan, Values};

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

/// Values at the edges of what a number or a text can be.
fn values() -> Values {
    Values {
        text: text().boxed(),
        measurement: measurement().boxed(),
        years: 1990..2100,
    }
}

fn plan() -> impl Strategy<Value = Plan> {
    support::plan(&values())
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
