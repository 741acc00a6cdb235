//! Unit tests of the checks, one small model per behaviour.

use crate::{load_str, Code, Diagnostic, Severity};

fn check(nodes: &str) -> Vec<Diagnostic> {
    let text = format!(r#"{{"format": 1, "title": "t", "nodes": [{nodes}]}}"#);
    let loaded = load_str(&text);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    loaded.model.expect("loads").check()
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&'static str> {
    diagnostics.iter().map(|d| d.code().as_str()).collect()
}

const CHAIN: &str = r#"
    {"id": "as", "kind": "assumption", "label": "A", "to": ["in"]},
    {"id": "in", "kind": "input", "label": "I", "to": ["ac"]},
    {"id": "ac", "kind": "activity", "label": "Act", "to": ["ou"]},
    {"id": "ou", "kind": "output", "label": "O", "to": ["s"]},
    {"id": "s", "kind": "outcome", "label": "S", "to": ["l"]},
    {"id": "l", "kind": "outcome", "term": "long", "label": "L", "to": ["im"]},
    {"id": "im", "kind": "impact", "label": "Im"}"#;

#[test]
fn a_complete_chain_checks_clean() {
    assert!(check(CHAIN).is_empty());
}

#[test]
fn backward_edge_is_reported_at_the_edge() {
    let d = check(&format!(
        r#"{CHAIN}, {{"id": "late", "kind": "outcome", "term": "long", "label": "x", "to": ["s", "im"]}}"#
    ));
    let backward: Vec<_> = d
        .iter()
        .filter(|d| d.code() == Code::BackwardEdge)
        .collect();
    assert_eq!(backward.len(), 1);
    assert_eq!(backward[0].ids(), ["late", "s"]);
}

#[test]
fn cycles_are_reported_once_with_their_path() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["x"]},
           {"id": "x", "kind": "outcome", "label": "x", "to": ["y", "i"]},
           {"id": "y", "kind": "outcome", "label": "y", "to": ["x"]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    let cycles: Vec<_> = d.iter().filter(|d| d.code() == Code::Cycle).collect();
    assert_eq!(cycles.len(), 1, "{d:?}");
    assert!(
        cycles[0].message().contains("`x` → `y` → `x`"),
        "{}",
        cycles[0].message()
    );
}

#[test]
fn self_loops_are_cycles() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["a", "i"]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    assert!(codes(&d).contains(&"cycle"));
}

#[test]
fn dangling_chains_are_found() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["o"]},
           {"id": "o", "kind": "output", "label": "o"},
           {"id": "i", "kind": "impact", "label": "i"},
           {"id": "x", "kind": "outcome", "label": "x", "to": ["i"]}"#,
    );
    assert_eq!(
        codes(&d),
        [
            "activity-without-impact",
            "dead-end",
            "impact-without-activity",
            "unreached-node"
        ]
    );
}

#[test]
fn isolated_nodes_and_unlinked_assumptions_are_warnings() {
    let d = check(&format!(
        r#"{CHAIN}, {{"id": "as2", "kind": "assumption", "label": "x"}},
           {{"id": "o2", "kind": "output", "label": "x"}}"#
    ));
    assert_eq!(codes(&d), ["unlinked-assumption", "isolated-node"]);
    assert!(d.iter().all(|d| d.severity() == Severity::Warning));
}

#[test]
fn a_model_without_activities_starts_its_chains_at_the_inputs() {
    let d = check(
        r#"{"id": "in", "kind": "input", "label": "i", "to": ["o"]},
           {"id": "o", "kind": "outcome", "label": "o", "to": ["im"]},
           {"id": "im", "kind": "impact", "label": "im"}"#,
    );
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn levels_in_the_file_and_overrides_apply() {
    let text = r#"{"format": 1, "title": "t",
        "checks": {"dead-end": "error", "isolated-node": "allow"},
        "nodes": [
          {"id": "a", "kind": "activity", "label": "a", "to": ["o", "i"]},
          {"id": "o", "kind": "output", "label": "o"},
          {"id": "z", "kind": "output", "label": "z"},
          {"id": "i", "kind": "impact", "label": "i"}]}"#;
    let model = load_str(text).model.unwrap();
    let d = model.check();
    assert_eq!(codes(&d), ["dead-end"]);
    assert_eq!(d[0].severity(), Severity::Error);
    let mut overrides = crate::check::Overrides::new();
    overrides.set(Code::DeadEnd, crate::Level::Allow);
    overrides.set(Code::IsolatedNode, crate::Level::Warning);
    overrides.deny_warnings();
    let d = model.check_with(&overrides);
    assert_eq!(codes(&d), ["isolated-node"]);
    assert_eq!(d[0].severity(), Severity::Error);
}

#[test]
fn kpi_checks() {
    let text = r#"{"format": 1, "title": "t", "period": {"start": 2022, "end": 2026},
        "nodes": [
          {"id": "a", "kind": "activity", "label": "a", "to": ["i"], "work_items": ["w"]},
          {"id": "i", "kind": "impact", "label": "i"}],
        "work_items": [{"id": "w", "title": "w", "kpis": ["k1", "k2", "k3"]}, {"id": "w2", "title": "w2"}],
        "kpis": [
          {"id": "k1", "indicator": "x", "unit": "%", "target": null, "target_note": "未決定"},
          {"id": "k2", "indicator": "x", "unit": "%", "baseline": {"year": 2031, "value": 1}, "target": {"year": 2030, "value": 2}},
          {"id": "k3", "indicator": "x", "unit": "%", "target": {"year": 2026, "value": 2}},
          {"id": "k4", "indicator": "x", "unit": "%", "target": {"year": 2026, "value": 2}}]}"#;
    let d = load_str(text).model.unwrap().check();
    assert_eq!(
        codes(&d),
        [
            "work-item-without-kpi",
            "unused-work-item",
            "kpi-target-undecided",
            "kpi-baseline-after-target",
            "kpi-target-outside-period",
            "unused-kpi"
        ]
    );
}

#[test]
fn paths_to_impacts_follow_every_branch() {
    let text = r#"{"format": 1, "title": "t", "nodes": [
        {"id": "a", "kind": "activity", "label": "a", "to": ["o1", "o2"]},
        {"id": "o1", "kind": "output", "label": "o", "to": ["i"]},
        {"id": "o2", "kind": "output", "label": "o", "to": ["i", "i2"]},
        {"id": "i", "kind": "impact", "label": "i"},
        {"id": "i2", "kind": "impact", "label": "i"}]}"#;
    let model = load_str(text).model.unwrap();
    let a = model.node_index("a").unwrap();
    let paths: Vec<Vec<&str>> = model
        .paths_to_impacts(a)
        .map(|p| p.iter().map(|&n| model.node(n).id().as_str()).collect())
        .collect();
    assert_eq!(
        paths,
        [
            vec!["a", "o1", "i"],
            vec!["a", "o2", "i"],
            vec!["a", "o2", "i2"]
        ]
    );
    let i = model.node_index("i").unwrap();
    let up: Vec<Vec<&str>> = model
        .paths_from_roots(i)
        .map(|p| p.iter().map(|&n| model.node(n).id().as_str()).collect())
        .collect();
    assert_eq!(up, [vec!["i", "o1", "a"], vec!["i", "o2", "a"]]);
}

/// Same-term outcome → outcome edges are allowed and may form cycles, so
/// such a model is searched for cycles; a very long chain of them must not
/// overflow the stack (a recursive search would), nor be called a cycle,
/// while closing the chain must be.
#[test]
fn a_long_chain_of_outcomes_is_searched_for_cycles_without_recursion() {
    const N: usize = 100_000;
    let chain = |close: bool| {
        let mut nodes: Vec<String> = (0..N)
            .map(|i| {
                let next = if i + 1 < N {
                    format!("o{}", i + 1)
                } else if close {
                    "o0".to_owned()
                } else {
                    "i".to_owned()
                };
                format!(r#"{{"id": "o{i}", "kind": "outcome", "label": "o", "to": ["{next}"]}}"#)
            })
            .collect();
        nodes.push(r#"{"id": "i", "kind": "impact", "label": "i"}"#.to_owned());
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        )
    };
    let cycles = |text: String| {
        let model = load_str(&text).model.unwrap();
        model
            .check()
            .iter()
            .filter(|d| d.code() == Code::Cycle)
            .count()
    };
    assert_eq!(cycles(chain(false)), 0);
    assert_eq!(cycles(chain(true)), 1);
}

#[test]
fn a_declared_feedback_link_is_no_cycle_and_no_backward_edge() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["x"]},
           {"id": "x", "kind": "outcome", "label": "x",
            "to": ["i", {"node": "a", "type": "feedback"}]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn a_declared_sequence_may_stay_in_its_column() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a",
            "to": ["i", {"node": "b", "type": "sequence"}]},
           {"id": "b", "kind": "activity", "label": "b", "to": ["i"]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    assert!(d.is_empty(), "{d:?}");
}

#[test]
fn an_undeclared_cycle_stays_an_error_beside_a_declared_one() {
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["x"]},
           {"id": "x", "kind": "outcome", "label": "x",
            "to": ["y", "i", {"node": "a", "type": "feedback"}]},
           {"id": "y", "kind": "outcome", "label": "y", "to": ["x"]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    let cycles: Vec<_> = d.iter().filter(|d| d.code() == Code::Cycle).collect();
    assert_eq!(cycles.len(), 1, "{d:?}");
    assert!(
        cycles[0].message().contains("`x` → `y` → `x`"),
        "{}",
        cycles[0].message()
    );
    assert!(!codes(&d).contains(&"backward-edge"), "{d:?}");
}

#[test]
fn a_feedback_link_does_not_make_an_activity_reach_an_impact() {
    // `b` reaches the impact only through the feedback link into `a`.
    let d = check(
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["i"]},
           {"id": "b", "kind": "activity", "label": "b", "to": ["x"]},
           {"id": "x", "kind": "outcome", "label": "x", "to": [{"node": "a", "type": "feedback"}]},
           {"id": "i", "kind": "impact", "label": "i"}"#,
    );
    assert!(codes(&d).contains(&"activity-without-impact"), "{d:?}");
}
