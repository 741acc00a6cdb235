//! One definition of where a chain ends, shared by checks, coverage and
//! traces: a model may stop before the impacts.

use logicmodel::analysis::{coverage, trace};
use logicmodel::model::Stage;
use logicmodel::Code;

/// A programme drawn up to its long-term outcomes, with no impact column.
const NO_IMPACTS: &str = r#"{
  "format": 1,
  "title": "Up to outcomes",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "Train", "to": ["o"]},
    {"id": "b", "kind": "activity", "label": "Visit", "to": ["stuck"]},
    {"id": "stuck", "kind": "output", "label": "Report"},
    {"id": "o", "kind": "output", "label": "Trained", "to": ["s"]},
    {"id": "s", "kind": "outcome", "label": "Skills", "to": ["l1", "l2"]},
    {"id": "l1", "kind": "outcome", "term": "long", "label": "Jobs"},
    {"id": "l2", "kind": "outcome", "term": "long", "label": "Income"}
  ]
}"#;

#[test]
fn a_model_without_impacts_ends_at_its_last_column_everywhere() {
    let model = logicmodel::load_str(NO_IMPACTS).model.unwrap();
    assert_eq!(
        model.chain_end(),
        Some(Stage::Outcome(logicmodel::Term::Long))
    );

    let diagnostics = model.check();
    let about = |id: &str| -> Vec<Code> {
        diagnostics
            .iter()
            .filter(|d| d.ids().first().map(String::as_str) == Some(id))
            .map(|d| d.code())
            .collect()
    };
    // The last column is where chains end: no dead end there.
    assert_eq!(about("l1"), []);
    assert_eq!(about("l2"), []);
    assert_eq!(about("a"), []);
    // `b` reaches no end, and the message says where its chain stops.
    let b = diagnostics
        .iter()
        .find(|d| d.code() == Code::ActivityWithoutImpact)
        .unwrap();
    assert_eq!(b.ids(), ["b", "stuck"]);
    assert!(
        b.message().contains("the outcome_long column")
            && b.message().contains("stops at output `stuck`"),
        "{}",
        b.message()
    );

    // Coverage's columns are the chain ends, and `a` reaches both.
    let coverage = coverage(&model).expect("a small model is within the limits");
    let ends: Vec<&str> = coverage
        .impacts()
        .iter()
        .map(|&n| model.node(n).id().as_str())
        .collect();
    assert_eq!(ends, ["l1", "l2"]);
    let idle: Vec<&str> = coverage
        .activities_without_impact()
        .map(|n| model.node(n).id().as_str())
        .collect();
    assert_eq!(idle, ["b"]);

    // A trace goes down to the same ends.
    let a = model.node_index("a").unwrap();
    assert_eq!(trace(&model, a, 100).downstream.len(), 2);
    assert_eq!(model.paths_to_impacts(a).count(), 2);
}

#[test]
fn a_model_may_say_where_its_chains_end() {
    let text = NO_IMPACTS.replace(
        r#""title": "Up to outcomes","#,
        r#""title": "Up to outcomes", "chain_end": "outcome_short","#,
    );
    let model = logicmodel::load_str(&text).model.unwrap();
    assert_eq!(
        model.chain_end(),
        Some(Stage::Outcome(logicmodel::Term::Short))
    );
    let a = model.node_index("a").unwrap();
    // Paths end at the first end they meet: the short-term outcome.
    assert_eq!(model.paths_to_impacts(a).count(), 1);
    assert_eq!(coverage(&model).unwrap().impacts().len(), 3);
    // The writer keeps the setting.
    assert!(logicmodel::format::to_string(&model).contains(r#""chain_end": "outcome_short""#));
    let bad = logicmodel::load_str(&text.replace("outcome_short\"", "outcome\""));
    assert!(
        bad.diagnostics[0]
            .message()
            .contains("`chain_end` must be one of"),
        "{:?}",
        bad.diagnostics
    );
}

/// A declared feedback link is not a step of a chain: coverage and trace
/// leave it out, as the checks do (issue 15, item 7).
#[test]
fn coverage_and_trace_leave_declared_feedback_links_out() {
    let model = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
          {"id": "a", "kind": "activity", "label": "A", "to": ["o"]},
          {"id": "b", "kind": "activity", "label": "B"},
          {"id": "o", "kind": "output", "label": "O", "to": ["i", {"node": "b", "type": "feedback"}]},
          {"id": "i", "kind": "impact", "label": "I"}]}"#,
    )
    .into_result()
    .unwrap();
    let b = model.node_index("b").unwrap();
    let o = model.node_index("o").unwrap();
    let coverage = logicmodel::analysis::coverage(&model).unwrap();
    let json = serde_json::to_value(&coverage).unwrap().to_string();
    assert!(json.contains("\"b\""), "{json}");
    // `b` is reached only through the feedback link: it reaches no impact.
    let trace = logicmodel::analysis::trace(&model, b, 100);
    assert!(trace.downstream.is_empty(), "{:?}", trace.downstream);
    // And `o`'s downstream paths do not go back to `b`.
    let trace = logicmodel::analysis::trace(&model, o, 100);
    assert!(trace.downstream.iter().all(|p| !p.contains(&b)));
    let codes: Vec<&str> = model.check().iter().map(|d| d.code().as_str()).collect();
    assert!(codes.contains(&"activity-without-impact"), "{codes:?}");
}

/// A sequence joins two boxes of one column. Between two columns the word
/// does not fit, so the link is an ordinary one: a backward "sequence" is
/// a `backward-edge` whose help says to write `feedback`, and a forward one
/// is a step of the chain like any other link.
#[test]
fn a_sequence_between_two_columns_is_an_ordinary_link() {
    let model = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
          {"id": "a1", "kind": "activity", "label": "Train", "to": [{"node": "a2", "type": "sequence"}]},
          {"id": "a2", "kind": "activity", "label": "Open", "to": [{"node": "o", "type": "sequence"}]},
          {"id": "o", "kind": "output", "label": "O", "to": ["i", {"node": "a2", "type": "sequence"}]},
          {"id": "i", "kind": "impact", "label": "I"}]}"#,
    )
    .into_result()
    .unwrap();
    let diagnostics = model.check();
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code().as_str()).collect();
    // a1 → a2 is exempt (one column, and not a step: a1 reaches no impact
    // of its own); a2 → o is a step, so a2 reaches the impact; o → a2 is
    // checked, and closes a loop with a2 → o.
    assert_eq!(
        codes,
        ["activity-without-impact", "cycle", "backward-edge"],
        "{diagnostics:#?}"
    );
    assert_eq!(diagnostics[0].ids(), ["a1"]);
    let backward = &diagnostics[2];
    assert_eq!(backward.ids(), ["o", "a2"]);
    assert!(backward.help().unwrap().contains("\"type\": \"feedback\""));
    let a2 = model.node_index("a2").unwrap();
    assert_eq!(model.chain_outgoing(a2).count(), 1);
    // The same file with the backward link declared feedback checks clean.
    let fixed = logicmodel::load_str(
        r#"{"format": 1, "title": "t", "nodes": [
          {"id": "a1", "kind": "activity", "label": "Train", "to": [{"node": "a2", "type": "sequence"}]},
          {"id": "a2", "kind": "activity", "label": "Open", "to": [{"node": "o", "type": "sequence"}]},
          {"id": "o", "kind": "output", "label": "O", "to": ["i", {"node": "a2", "type": "feedback"}]},
          {"id": "i", "kind": "impact", "label": "I"}]}"#,
    )
    .into_result()
    .unwrap();
    let codes: Vec<String> = fixed.check().iter().map(|d| d.code().to_string()).collect();
    assert_eq!(codes, ["activity-without-impact"]);
}
