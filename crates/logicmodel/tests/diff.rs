//! `logicmodel::diff` through the public API: properties over random pairs
//! of models (a model has no changes from itself; the changes from `a` to
//! `b` applied to `a` give `b`; the changes back are the mirror image), the
//! seed's revisions, and the drawing's marks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use logicmodel::diff::{self, ChangeKind, Field, RecordKind, Value};
use logicmodel::model::Measurement;
use logicmodel::Model;
use proptest::prelude::*;

mod support;

use support::{build, Plan, Values};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn load(path: &str) -> Model {
    let loaded = logicmodel::load_path(repo().join(path)).unwrap();
    assert!(!loaded.has_errors(), "{path}: {:?}", loaded.diagnostics);
    loaded.model.unwrap()
}

/// A model as the writer writes it, with what a diff deliberately does
/// not see taken out: the order of records and of link targets, and
/// spellings that mean the same (a link object without reasoning, `"target":
/// null`, a spelt-out `"direction": "increase"`).
fn content(model: &Model) -> serde_json::Value {
    use serde_json::Value as J;
    let mut json: J = serde_json::from_str(&logicmodel::format::to_string(model)).unwrap();
    let id = |v: &J| v["id"].as_str().unwrap_or("").to_owned();
    for key in ["sections", "nodes", "work_items", "kpis"] {
        if let Some(J::Array(items)) = json.get_mut(key) {
            items.sort_by_key(id);
        }
    }
    if let Some(J::Array(nodes)) = json.get_mut("nodes") {
        for node in nodes {
            if let Some(J::Array(to)) = node.get_mut("to") {
                for link in to.iter_mut() {
                    if link.as_object().is_some_and(|o| o.len() == 1) {
                        *link = link["node"].clone();
                    }
                }
                let target = |l: &J| l.as_str().or(l["node"].as_str()).unwrap_or("").to_owned();
                to.sort_by_key(target);
            }
        }
    }
    if let Some(J::Array(kpis)) = json.get_mut("kpis") {
        for kpi in kpis {
            let kpi = kpi.as_object_mut().unwrap();
            if kpi.get("target") == Some(&J::Null) {
                kpi.remove("target");
            }
            if kpi.get("direction") == Some(&J::from("increase")) {
                kpi.remove("direction");
            }
        }
    }
    json
}

/// Text with Japanese, line breaks and characters an output must escape.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-c ]{1,4}",
        "[\"\\\\\\n\u{1}江津ー🚀]{1,4}",
        Just("市民サービスの改革".to_owned()),
    ]
}

fn measurement() -> impl Strategy<Value = Measurement> {
    (
        2020i32..2024,
        prop_oneof![Just(0.0), Just(-0.0), Just(3.8), Just(80.0), -1e3f64..1e3],
    )
        .prop_map(|(year, value)| Measurement { year, value })
}

/// Few values that repeat, so that two random models share some records
/// and fields.
fn values() -> Values {
    Values {
        text: text().boxed(),
        measurement: measurement().boxed(),
        years: 2020..2030,
    }
}

fn plan() -> impl Strategy<Value = Plan> {
    support::plan(&values())
}

/// `plan` with the ids of the kinds `renamed` picks given new names
/// (every reference follows), some records dropped and the rest reversed:
/// a new version with renames, removals and a new order.
fn revise(mut plan: Plan, renamed: [bool; 4], drop: usize, reverse: bool) -> Plan {
    let name = |on: bool, id: &str| if on { format!("{id}-2") } else { id.to_owned() };
    let [sections, nodes, items, kpis] = renamed;
    for section in &mut plan.sections {
        section.0 = name(sections, &section.0);
    }
    for node in &mut plan.nodes {
        node.id.value = name(nodes, &node.id.value).into();
        if let Some(section) = &mut node.section {
            section.value = name(sections, &section.value).into();
        }
        for link in &mut node.to {
            link.target.value = name(nodes, &link.target.value).into();
        }
        for item in &mut node.work_items {
            item.value = name(items, &item.value).into();
        }
        for kpi in &mut node.kpis {
            kpi.value = name(kpis, &kpi.value).into();
        }
    }
    for item in &mut plan.items {
        item.id.value = name(items, &item.id.value);
        for kpi in &mut item.kpis {
            kpi.value = name(kpis, &kpi.value);
        }
    }
    for kpi in &mut plan.kpis {
        kpi.id.value = name(kpis, &kpi.id.value);
    }
    if drop < plan.nodes.len() {
        plan.nodes.remove(drop);
    }
    if reverse {
        plan.nodes.reverse();
        plan.items.reverse();
        plan.kpis.reverse();
        plan.sections.reverse();
    }
    plan
}

/// `plan` with only the first record of each id, as the builder keeps it,
/// so that reordering the records keeps the same ones.
fn first_of_each(mut plan: Plan) -> Plan {
    fn keep<T>(items: &mut Vec<T>, id: impl Fn(&T) -> String) {
        let mut seen = std::collections::HashSet::new();
        items.retain(|item| seen.insert(id(item)));
    }
    keep(&mut plan.sections, |s| s.0.clone());
    keep(&mut plan.nodes, |n| n.id.value.to_string());
    keep(&mut plan.items, |w| w.id.value.clone());
    keep(&mut plan.kpis, |k| k.id.value.clone());
    plan
}

/// A pair of models: unrelated (many changed, added and removed records),
/// or a revision of one (renames, a removal, another order).
fn pair() -> impl Strategy<Value = (Model, Model)> {
    prop_oneof![
        (plan(), plan()).prop_map(|(a, b)| (build(a), build(b))),
        (plan(), any::<[bool; 4]>(), 0usize..10, any::<bool>()).prop_map(
            |(a, renamed, drop, reverse)| {
                let a = first_of_each(a);
                let b = revise(a.clone(), renamed, drop, reverse);
                (build(a), build(b))
            }
        ),
    ]
}

/// Counts of each change, by kind of record.
fn counts(changes: &diff::Changes) -> BTreeMap<(RecordKind, ChangeKind), usize> {
    let mut counts = BTreeMap::new();
    for change in changes {
        *counts.entry((change.kind, change.change)).or_default() += 1;
    }
    counts
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn a_model_has_no_changes_from_itself(plan in plan()) {
        let model = build(plan);
        let changes = diff::diff(&model, &model);
        prop_assert!(changes.is_empty(), "{:#?}", changes);
    }

    /// Applying the changes is what shows the diff misses nothing: every
    /// field the writer writes comes out as in the new model.
    #[test]
    fn the_changes_applied_to_the_old_model_give_the_new(pair in pair()) {
        let (old, new) = pair;
        let changes = diff::diff(&old, &new);
        let mut model = old.clone();
        if let Err(error) = changes.apply(&mut model) {
            prop_assert!(false, "{error}\n{changes:#?}");
        }
        prop_assert_eq!(content(&model), content(&new), "{:#?}", changes);
        // And nothing is left to change.
        let again = diff::diff(&model, &new);
        prop_assert!(again.is_empty(), "{:#?}", again);
    }

    /// What was added one way was removed the other way, and so on.
    #[test]
    fn the_changes_back_are_the_mirror_image(pair in pair()) {
        let (old, new) = pair;
        let forth = counts(&diff::diff(&old, &new));
        let back = counts(&diff::diff(&new, &old));
        let mirror = |change| match change {
            ChangeKind::Added => ChangeKind::Removed,
            ChangeKind::Removed => ChangeKind::Added,
            other => other,
        };
        let mirrored: BTreeMap<_, _> =
            forth.iter().map(|(&(kind, change), &n)| ((kind, mirror(change)), n)).collect();
        prop_assert_eq!(mirrored, back);
    }

    /// Renaming ids, dropping a node and reversing every list are seen as
    /// renames and one removal, never as a changed order or as records
    /// removed and added again.
    #[test]
    fn renamed_ids_are_reported_as_renames(
        plan in plan(), renamed in any::<[bool; 4]>(), reverse in any::<bool>()
    ) {
        let plan = first_of_each(plan);
        let old = build(plan.clone());
        let new = build(revise(plan, renamed, usize::MAX, reverse));
        let changes = diff::diff(&old, &new);
        for change in &changes {
            let expected = match change.kind {
                RecordKind::Link => false,
                _ => change.change == ChangeKind::Renamed,
            };
            // Records whose content is shared by another unmatched one (or
            // that have none, like a section without a label) cannot be
            // told apart: they are added and removed instead, and what
            // refers to them changes that reference only.
            if !expected {
                let only_references = change.fields.iter().all(|f| {
                    matches!(f.field, Field::Section | Field::WorkItems | Field::Kpis)
                });
                prop_assert!(
                    matches!(change.change, ChangeKind::Added | ChangeKind::Removed)
                        || (change.change == ChangeKind::Changed && only_references),
                    "{:#?}", change
                );
            }
        }
        let mut model = old.clone();
        changes.apply(&mut model).unwrap();
        prop_assert_eq!(content(&model), content(&new));
    }
}

#[test]
fn changed_fields_say_from_what_to_what() {
    let old = logicmodel::load_str(
        r#"{"format": 1, "title": "Club", "revision": "v1", "nodes": [
      {"id": "a", "kind": "activity", "label": "Read", "to": ["o"], "work_items": ["w"]},
      {"id": "o", "kind": "output", "label": "Sessions", "to": [
        {"node": "i", "rationale": "Practice helps", "confidence": "low"}]},
      {"id": "i", "kind": "impact", "label": "Joy"}],
     "work_items": [{"id": "w", "title": "Club", "owners": ["Library"], "kpis": ["k"]}],
     "kpis": [{"id": "k", "indicator": "Sessions per year", "unit": "sessions",
               "target": {"year": 2026, "value": 40}}]}"#,
    )
    .model
    .unwrap();
    let new = logicmodel::load_str(
        r#"{"format": 1, "title": "Club", "revision": "v2", "nodes": [
      {"id": "a", "kind": "activity", "label": "Read", "to": ["o"], "work_items": ["w"]},
      {"id": "o", "kind": "outcome", "term": "long", "label": "Sessions", "to": [
        {"node": "i", "rationale": "Practice helps", "confidence": "medium"}]},
      {"id": "i", "kind": "impact", "label": "Joy"}],
     "work_items": [{"id": "w", "title": "Club", "owners": ["Library", "Schools"],
                     "progress": ["Started"], "kpis": ["k"]}],
     "kpis": [{"id": "k", "indicator": "Sessions per year", "unit": "sessions",
               "target": {"year": 2026, "value": 50}, "actuals": [{"year": 2024, "value": 12}]}]}"#,
    )
    .model
    .unwrap();
    let changes = diff::diff(&old, &new);
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            let fields: Vec<&str> = c.fields.iter().map(|f| f.field.as_str()).collect();
            format!(
                "{} {} {} [{}]",
                c.change.as_str(),
                c.kind.as_str(),
                c.id,
                fields.join(" ")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "changed model  [revision]",
            "changed node o [kind term]",
            "changed link o->i [confidence]",
            "changed work_item w [owners progress]",
            "changed kpi k [target actuals]",
        ]
    );
    let kpi = changes.of_kind(RecordKind::Kpi).next().unwrap();
    assert_eq!(
        kpi.field(Field::Target).unwrap().old,
        Value::Measurement(Measurement {
            year: 2026,
            value: 40.0
        })
    );
    let json = serde_json::to_value(&changes).unwrap();
    assert_eq!(json[1]["fields"]["kind"]["old"], "output");
    assert_eq!(json[1]["fields"]["term"]["new"], "long");
    assert_eq!(json[2]["from"], "o");
    assert_eq!(json[2]["fields"]["confidence"]["new"], "medium");
    assert_eq!(json[3]["fields"]["owners"]["new"][1], "Schools");
    assert_eq!(json[4]["fields"]["target"]["new"]["value"], 50.0);
    assert_eq!(json[0]["id"], serde_json::Value::Null);
}

#[test]
fn a_renamed_reference_does_not_change_what_lists_it() {
    let old = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "sections": [{"id": "s", "label": "S"}], "nodes": [
      {"id": "a", "kind": "activity", "label": "A", "section": "s", "work_items": ["w"], "kpis": ["k"]}],
     "work_items": [{"id": "w", "title": "W", "kpis": ["k"]}],
     "kpis": [{"id": "k", "indicator": "I"}]}"#,
    )
    .model
    .unwrap();
    let new = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "sections": [{"id": "s2", "label": "S"}], "nodes": [
      {"id": "a", "kind": "activity", "label": "A", "section": "s2", "work_items": ["w2"], "kpis": ["k2"]}],
     "work_items": [{"id": "w2", "title": "W", "kpis": ["k2"]}],
     "kpis": [{"id": "k2", "indicator": "I"}]}"#,
    )
    .model
    .unwrap();
    let changes = diff::diff(&old, &new);
    let lines: Vec<String> = changes
        .iter()
        .map(|c| {
            format!(
                "{} {} {} <- {}",
                c.change.as_str(),
                c.kind.as_str(),
                c.id,
                c.old_id.as_deref().unwrap_or("")
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "renamed section s2 <- s",
            "renamed work_item w2 <- w",
            "renamed kpi k2 <- k"
        ]
    );
}

#[test]
fn moving_records_is_not_a_change_but_reordering_a_list_is() {
    let old = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
      {"id": "a", "kind": "activity", "label": "A", "to": ["i", "j"]},
      {"id": "i", "kind": "impact", "label": "I"}, {"id": "j", "kind": "impact", "label": "J"}],
     "work_items": [{"id": "w", "title": "W", "owners": ["x", "y"]}]}"#,
    )
    .model
    .unwrap();
    let new = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
      {"id": "j", "kind": "impact", "label": "J"}, {"id": "i", "kind": "impact", "label": "I"},
      {"id": "a", "kind": "activity", "label": "A", "to": ["j", "i"]}],
     "work_items": [{"id": "w", "title": "W", "owners": ["y", "x"]}]}"#,
    )
    .model
    .unwrap();
    let changes = diff::diff(&old, &new);
    assert_eq!(changes.len(), 1, "{changes:#?}");
    let change = changes.iter().next().unwrap();
    assert_eq!(change.kind, RecordKind::WorkItem);
    assert_eq!(change.fields[0].field, Field::Owners);
}

#[test]
fn two_records_with_the_same_content_are_not_guessed_at() {
    let old = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
      {"id": "a", "kind": "activity", "label": "Same"}, {"id": "b", "kind": "activity", "label": "Same"}]}"#,
    )
    .model
    .unwrap();
    let new = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
      {"id": "c", "kind": "activity", "label": "Same"}, {"id": "d", "kind": "activity", "label": "Same"}]}"#,
    )
    .model
    .unwrap();
    let summary = diff::diff(&old, &new).summary();
    assert_eq!((summary.added, summary.removed, summary.renamed), (2, 2, 0));
}

#[test]
fn the_changes_between_the_shipped_models_apply() {
    let (seed, food) = (
        load("models/gotsu-smart-city.json"),
        load("models/community-food-bank.json"),
    );
    for (old, new) in [(&seed, &food), (&food, &seed)] {
        let changes = diff::diff(old, new);
        let mut model = old.clone();
        changes.apply(&mut model).unwrap();
        assert_eq!(content(&model), content(new));
    }
}
