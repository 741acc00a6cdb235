//! `logicmodel-bench check`: wall-clock times of loading and checking
//! generated models, each against `serde_json::Value` parsing of the same
//! text measured in the same run, and peak memory of the largest model.
//!
//! The runs of the four measurements are interleaved (a, b+c, d, a, b+c,
//! d, ...) so that a slow phase of the machine hits them all alike; the
//! fastest run is reported. Results are dropped outside the timed region,
//! for the peer and for logicmodel alike.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use logicmodel::Severity;
use logicmodel_bench::generate::{self, Layout, Options};

use crate::memory::{self, Job};

/// Times `f`, returning its result so that dropping it is not timed.
pub fn time<T>(f: impl FnOnce() -> T) -> (Duration, T) {
    let start = Instant::now();
    let result = f();
    (start.elapsed(), result)
}

/// The fastest of `runs`. The machines this runs on are shared (builds,
/// fuzzers), and other load only ever adds time, so the minimum is the
/// least disturbed estimate; all runs are logged to stderr.
pub fn best(runs: &[Duration]) -> Duration {
    runs.iter().copied().min().unwrap_or_default()
}

pub fn ms(duration: Duration) -> String {
    format!("{:.1}", duration.as_secs_f64() * 1000.0)
}

pub fn mib(bytes: u64) -> String {
    format!("{:.1}", bytes as f64 / (1024.0 * 1024.0))
}

struct Row {
    nodes: usize,
    file_bytes: usize,
    value: Duration,
    load: Duration,
    check: Duration,
    total: Duration,
    warnings: usize,
}

pub fn run(sizes: &[usize], runs: usize, layout: Layout, with_memory: bool) -> io::Result<()> {
    let mut rows = Vec::new();
    let mut shapes = Vec::new();
    let mut largest: Option<String> = None;
    for &nodes in sizes {
        eprintln!("generating {nodes} nodes…");
        let model = generate::generate(&Options::new(nodes, 1));
        let compact = model.to_json(Layout::Compact);
        let pretty = model.to_json(Layout::Pretty);
        shapes.push((
            nodes,
            model.edge_count(),
            model.work_item_count(),
            model.kpi_count(),
            compact.len(),
            pretty.len(),
        ));
        drop(model);
        let text = match layout {
            Layout::Compact => compact,
            Layout::Pretty => pretty,
        };
        let row = measure(nodes, &text, runs)?;
        rows.push(row);
        if Some(nodes) == sizes.iter().copied().max() {
            largest = Some(text);
        }
    }

    let mut out = io::stdout().lock();
    writeln!(out, "Generated models (seed 1):\n")?;
    writeln!(
        out,
        "| nodes | edges | work items | KPIs | compact JSON | pretty JSON |"
    )?;
    writeln!(out, "|---:|---:|---:|---:|---:|---:|")?;
    for (nodes, edges, items, kpis, compact, pretty) in shapes {
        writeln!(
            out,
            "| {nodes} | {edges} | {items} | {kpis} | {} MiB | {} MiB |",
            mib(compact as u64),
            mib(pretty as u64)
        )?;
    }
    writeln!(out, "\nTimes ({layout:?} JSON, best of {runs} runs, ms; ratio to the `Value` parse of the same text):\n")?;
    writeln!(
        out,
        "| nodes | file | (a) `serde_json::Value` | (b) `load_str` | (c) `check()` | (d) load + check | warnings |"
    )?;
    writeln!(out, "|---:|---:|---:|---:|---:|---:|---:|")?;
    for row in &rows {
        let ratio = |d: Duration| d.as_secs_f64() / row.value.as_secs_f64();
        writeln!(
            out,
            "| {} | {} MiB | {} | {} ({:.2}×) | {} ({:.2}×) | {} ({:.2}×) | {} |",
            row.nodes,
            mib(row.file_bytes as u64),
            ms(row.value),
            ms(row.load),
            ratio(row.load),
            ms(row.check),
            ratio(row.check),
            ms(row.total),
            ratio(row.total),
            row.warnings,
        )?;
    }
    out.flush()?;

    if let (true, Some(text)) = (with_memory, largest) {
        let nodes = sizes.iter().copied().max().unwrap_or_default();
        let path = std::env::temp_dir().join(format!(
            "logicmodel-bench-{}-{nodes}.json",
            std::process::id()
        ));
        std::fs::write(&path, &text)?;
        drop(text);
        let result = memory_table(&path, nodes, &mut out);
        std::fs::remove_file(&path)?;
        result?;
    }
    Ok(())
}

fn measure(nodes: usize, text: &str, runs: usize) -> io::Result<Row> {
    let (mut value, mut load, mut check, mut total) = (vec![], vec![], vec![], vec![]);
    let mut warnings = 0;
    for run in 0..runs {
        let (t, parsed) = time(|| serde_json::from_str::<serde_json::Value>(text));
        parsed.map_err(io::Error::other)?;
        value.push(t);

        let (t, loaded) = time(|| logicmodel::load_str(text));
        load.push(t);
        if !loaded.diagnostics.is_empty() {
            return Err(io::Error::other(format!(
                "the generated model has load diagnostics, e.g. {:?}",
                loaded.diagnostics[0]
            )));
        }
        let model = loaded
            .model
            .expect("a model loads when there are no diagnostics");
        let (t, diagnostics) = time(|| model.check());
        check.push(t);
        if let Some(error) = diagnostics.iter().find(|d| d.severity() == Severity::Error) {
            return Err(io::Error::other(format!(
                "the generated model has an error: {error:?}"
            )));
        }
        warnings = diagnostics.len();
        drop((model, diagnostics));

        let (t, result) = time(|| {
            let loaded = logicmodel::load_str(text);
            let diagnostics = loaded.model.as_ref().map(|m| m.check());
            (loaded, diagnostics)
        });
        total.push(t);
        drop(result);
        eprintln!(
            "{nodes} nodes, run {}: value {} ms, load {} ms, check {} ms, load+check {} ms",
            run + 1,
            ms(value[run]),
            ms(load[run]),
            ms(check[run]),
            ms(total[run])
        );
    }
    Ok(Row {
        nodes,
        file_bytes: text.len(),
        value: best(&value),
        load: best(&load),
        check: best(&check),
        total: best(&total),
        warnings,
    })
}

fn memory_table(path: &std::path::Path, nodes: usize, out: &mut impl Write) -> io::Result<()> {
    let file_bytes = std::fs::metadata(path)?.len();
    writeln!(
        out,
        "\nPeak memory, {nodes} nodes, file {} MiB (`VmHWM` of a child process that reads the file and does the job):\n",
        mib(file_bytes)
    )?;
    writeln!(
        out,
        "| job | peak resident (`VmHWM`) | peak / file size | peak heap | heap at the end (text + result) |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|")?;
    for job in Job::ALL {
        eprintln!("measuring the peak memory of {job:?}…");
        let report = memory::measure(job, path)?;
        let (peak, ratio) = match report.peak {
            Some(peak) => (
                format!("{} MiB", mib(peak)),
                format!("{:.2}×", peak as f64 / file_bytes as f64),
            ),
            None => ("unknown".to_owned(), "unknown".to_owned()),
        };
        writeln!(
            out,
            "| {} | {peak} | {ratio} | {} MiB | {} MiB |",
            job.describe(),
            mib(report.heap_peak),
            mib(report.heap_end)
        )?;
    }
    out.flush()
}
