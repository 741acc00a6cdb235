//! Cause first (issue 15, item 11): the error a planner must fix comes
//! first, its follow-on diagnostics are folded into it, and the help says
//! what was most likely meant.

use logicmodel::check::{diagnose, Overrides};
use logicmodel::Diagnostic;

fn all(text: &str) -> Vec<Diagnostic> {
    diagnose(&logicmodel::load_str(text), &Overrides::default())
}

fn codes(all: &[Diagnostic]) -> Vec<&str> {
    all.iter().map(|d| d.code().as_str()).collect()
}

#[test]
fn a_string_for_a_list_is_one_error_with_its_cascade_folded() {
    let all = all(r#"{"format": 1, "title": "t", "nodes": [
        {"id": "a", "kind": "activity", "label": "A", "to": "i"},
        {"id": "i", "kind": "impact", "label": "I"}]}"#);
    assert_eq!(codes(&all), ["invalid-model"]);
    let note = all[0].note().expect("the folded diagnostics are counted");
    assert!(note.contains("4 follow-on problems"), "{note}");
    for code in [
        "activity-without-impact",
        "impact-without-activity",
        "isolated-node",
    ] {
        assert!(note.contains(code), "{note}");
    }
}

#[test]
fn an_outcome_kind_with_its_term_suggests_the_two_keys() {
    let all = all(r#"{"format": 1, "title": "t", "nodes": [
        {"id": "a", "kind": "activity", "label": "A", "to": ["o"]},
        {"id": "o", "kind": "outcome_short", "label": "O", "to": ["i"]},
        {"id": "i", "kind": "impact", "label": "I"}]}"#);
    assert_eq!(codes(&all), ["invalid-model"], "{all:#?}");
    assert_eq!(
        all[0].help(),
        Some(
            r#"an outcome's term is a key of its own: write `"kind": "outcome", "term": "short"`"#
        )
    );
    let note = all[0].note().unwrap();
    assert!(note.contains("the link from `a` (line 2, column"), "{note}");
    for (written, term) in [
        ("Short-term outcome", "short"),
        ("intermediate outcome", "medium"),
    ] {
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{{"id": "o", "kind": "{written}", "label": "O"}}]}}"#
        );
        let help = all_help(&text);
        assert!(
            help.contains(&format!(r#""term": "{term}""#)),
            "{written}: {help}"
        );
    }
}

fn all_help(text: &str) -> String {
    all(text)
        .iter()
        .filter_map(|d| d.help().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_section_label_where_the_id_belongs_suggests_the_id() {
    let all = all(r#"{"format": 1, "title": "t",
        "sections": [{"id": "s1", "label": "Food"}, {"id": "s2", "label": "Housing"}],
        "nodes": [
          {"id": "a", "kind": "activity", "label": "A", "to": ["i"], "section": "food"},
          {"id": "i", "kind": "impact", "label": "I", "section": "s1"}]}"#);
    assert_eq!(codes(&all), ["dangling-reference"]);
    let help = all[0].help().unwrap();
    assert!(help.contains("the label of the section `s1`"), "{help}");
    assert!(help.contains(r#""section": "s1""#), "{help}");
}

#[test]
fn findings_the_lost_link_cannot_explain_are_still_reported() {
    // `a` → `nowhere` is dropped: only what is upstream of `a` could have
    // a path through it. `z` and `s` are isolated whatever `nowhere` was
    // meant to be, since no node of the model is `nowhere`.
    let all = all(r#"{"format": 1, "title": "t", "nodes": [
        {"id": "z", "kind": "output", "label": "Z"},
        {"id": "a", "kind": "activity", "label": "A", "to": ["nowhere"]},
        {"id": "s", "kind": "outcome", "label": "S"},
        {"id": "i", "kind": "impact", "label": "I"}]}"#);
    assert_eq!(
        codes(&all),
        [
            "dangling-reference",
            "isolated-node",
            "isolated-node",
            "impact-without-activity",
            "isolated-node"
        ],
        "{all:#?}"
    );
    let ids: Vec<&str> = all.iter().skip(1).map(|d| d.ids()[0].as_str()).collect();
    assert_eq!(ids, ["z", "s", "i", "i"]);
    assert!(all[0].note().unwrap().contains("2 follow-on problems"));
}

#[test]
fn a_complete_model_keeps_every_check_in_position_order() {
    let text = r#"{"format": 1, "title": "t", "nodes": [
        {"id": "z", "kind": "output", "label": "Z"},
        {"id": "a", "kind": "activity", "label": "A", "to": ["i"]},
        {"id": "i", "kind": "impact", "label": "I"}]}"#;
    let loaded = logicmodel::load_str(text);
    let model = loaded.model.as_ref().unwrap();
    assert!(model.links_complete());
    assert_eq!(diagnose(&loaded, &Overrides::default()), model.check());
}
