//! `logicmodel-bench stages`: where the time of a whole check goes, against
//! two `serde_json` passes over the same text measured in the same runs:
//!
//! - `serde_json::Value`: the peer of the goal (parse into a tree);
//! - `serde_json` with `IgnoredAny`: a pass that validates the syntax and
//!   builds nothing, the floor for any reader built on `serde_json`;
//! - `logicmodel::load_str` (one `serde_json` pass that builds the model,
//!   see `crates/logicmodel/src/format/fast.rs`), `Model::check`, and
//!   dropping the model.
//!
//! Runs are interleaved and the fastest of each is reported (see
//! `timing.rs`).

use std::io::{self, Write};
use std::time::Duration;

use logicmodel_bench::generate::{self, Layout, Options};

use crate::timing::{best, ms, time};

pub fn run(nodes: usize, runs: usize, layout: Layout) -> io::Result<()> {
    eprintln!("generating {nodes} nodes…");
    let text = generate::generate(&Options::new(nodes, 1)).to_json(layout);
    let mut times: [Vec<Duration>; 5] = Default::default();
    for run in 0..runs {
        let (t, parsed) = time(|| serde_json::from_str::<serde_json::Value>(&text));
        drop(parsed.map_err(io::Error::other)?);
        times[0].push(t);
        let (t, syntax) = time(|| serde_json::from_str::<serde::de::IgnoredAny>(&text));
        syntax.map_err(io::Error::other)?;
        times[1].push(t);
        let (t, loaded) = time(|| logicmodel::load_str(&text));
        times[2].push(t);
        let model = loaded
            .model
            .ok_or_else(|| io::Error::other("the generated model did not load"))?;
        let (t, diagnostics) = time(|| model.check());
        times[3].push(t);
        drop(diagnostics);
        let (t, ()) = time(|| drop(model));
        times[4].push(t);
        eprintln!(
            "run {run}: value {} ms, load_str {} ms, check {} ms",
            ms(times[0][run]),
            ms(times[2][run]),
            ms(times[3][run])
        );
    }
    let [value, syntax, load, check, model_drop] = times.map(|runs| best(&runs));
    let ratio = |d: Duration| format!("{:.2}×", d.as_secs_f64() / value.as_secs_f64());
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "A whole check, {nodes} nodes, {layout:?} JSON ({:.1} MiB), best of {runs} runs:\n",
        text.len() as f64 / (1024.0 * 1024.0)
    )?;
    writeln!(out, "| step | ms | / `Value` parse |")?;
    writeln!(out, "|---|---:|---:|")?;
    for (step, d) in [
        ("peer: `serde_json::Value` parse", value),
        ("floor: `serde_json` `IgnoredAny` pass", syntax),
        ("`load_str`", load),
        ("`check()`", check),
        ("**`load_str` + `check()`**", load + check),
        ("dropping the `Model` (not part of the goal)", model_drop),
    ] {
        writeln!(out, "| {step} | {} | {} |", ms(d), ratio(d))?;
    }
    Ok(())
}
