//! `logicmodel-bench diff`: the time of `logicmodel::diff::diff` on a
//! generated pair of models, against the peer measured in the same runs:
//! `==` between the old model's `serde_json::Value` tree and a copy of it
//! (a structural comparison that visits every value once and says only
//! *whether* two documents differ: the floor of any comparison), and
//! `load_str` of both models (what any diff must do first).
//!
//! The new model is the old one revised the way plans are: 1 % of the
//! boxes removed (with their arrows), 1 % relabelled, 1 % added, 1 % of
//! the KPI targets changed, a new revision. Runs are interleaved and the
//! fastest of each is reported (see `timing.rs`).

use std::io::{self, Write};
use std::time::Duration;

use logicmodel_bench::generate::{self, Layout, Options};
use serde_json::Value;

use crate::timing::{best, ms, time};

/// `old` revised: every hundredth box removed, relabelled or copied.
fn revise(old: &str) -> io::Result<String> {
    let mut model: Value = serde_json::from_str(old).map_err(io::Error::other)?;
    let nodes = model["nodes"].as_array().cloned().unwrap_or_default();
    let removed: std::collections::HashSet<String> = nodes
        .iter()
        .enumerate()
        .filter(|(i, n)| i % 100 == 37 && n["kind"] != "impact")
        .filter_map(|(_, n)| n["id"].as_str().map(str::to_owned))
        .collect();
    let target = |link: &Value| -> Option<String> {
        link.as_str()
            .or_else(|| link["node"].as_str())
            .map(str::to_owned)
    };
    let mut kept = Vec::with_capacity(nodes.len());
    for (i, mut node) in nodes.into_iter().enumerate() {
        if node["id"].as_str().is_some_and(|id| removed.contains(id)) {
            continue;
        }
        if let Some(to) = node.get_mut("to").and_then(Value::as_array_mut) {
            to.retain(|link| target(link).is_none_or(|t| !removed.contains(&t)));
        }
        if i % 100 == 11 {
            let label = format!("{}（改訂）", node["label"].as_str().unwrap_or(""));
            node["label"] = Value::from(label);
        }
        if i % 100 == 59 {
            let mut copy = serde_json::Map::new();
            for key in ["kind", "term", "section"] {
                if let Some(value) = node.get(key) {
                    copy.insert(key.to_owned(), value.clone());
                }
            }
            copy.insert("id".to_owned(), Value::from(format!("new-{i}")));
            copy.insert("label".to_owned(), Value::from(format!("新しい取組 {i}")));
            kept.push(Value::Object(copy));
        }
        kept.push(node);
    }
    model["nodes"] = Value::from(kept);
    if let Some(kpis) = model.get_mut("kpis").and_then(Value::as_array_mut) {
        for (i, kpi) in kpis.iter_mut().enumerate() {
            if i % 100 == 3 {
                if let Some(value) = kpi["target"]["value"].as_f64() {
                    kpi["target"]["value"] = Value::from(value + 1.0);
                }
            }
        }
    }
    model["revision"] = Value::from("v2");
    serde_json::to_string_pretty(&model).map_err(io::Error::other)
}

pub fn run(sizes: &[usize], runs: usize) -> io::Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "| nodes (old) | changes | peer: `Value` == (equal trees) | load both | diff | diff / `Value` == | diff / load both |")?;
    writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|")?;
    for &nodes in sizes {
        eprintln!("generating {nodes} nodes…");
        let old = generate::generate(&Options::new(nodes, 1)).to_json(Layout::Pretty);
        let new = revise(&old)?;
        let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(io::Error::other);
        // Equal trees, so that `==` cannot stop at the first difference.
        let (old_value, old_copy) = (parse(&old)?, parse(&old)?);
        let load = |text: &str| {
            logicmodel::load_str(text)
                .model
                .ok_or_else(|| io::Error::other("a generated model did not load"))
        };
        let mut times: [Vec<Duration>; 3] = Default::default();
        let mut count = 0;
        for run in 0..runs {
            let (t, equal) = time(|| old_value == old_copy);
            assert!(equal);
            times[0].push(t);
            let (t, models) = time(|| (load(&old), load(&new)));
            times[1].push(t);
            let (old_model, new_model) = (models.0?, models.1?);
            let (t, changes) = time(|| logicmodel::diff::diff(&old_model, &new_model));
            times[2].push(t);
            count = changes.len();
            eprintln!(
                "{nodes} nodes, run {run}: Value == {} ms, load both {} ms, diff {} ms ({count} changes)",
                ms(times[0][run]),
                ms(times[1][run]),
                ms(times[2][run])
            );
        }
        let [equal, load_both, diff] = times.map(|runs| best(&runs));
        let ratio = |a: Duration, b: Duration| format!("{:.2}×", a.as_secs_f64() / b.as_secs_f64());
        writeln!(
            out,
            "| {nodes} | {count} | {} ms | {} ms | {} ms | {} | {} |",
            ms(equal),
            ms(load_both),
            ms(diff),
            ratio(diff, equal),
            ratio(diff, load_both)
        )?;
    }
    Ok(())
}
