//! `logicmodel-bench check`: wall-clock times of loading and checking
//! generated models, each against `serde_json::Value` parsing of the same
//! text measured in the same run, and peak memory of the largest model.
//!
//! Times are taken two ways:
//!
//! - **In one process**, the runs of the four measurements interleaved (a,
//!   b+c, d, a, b+c, d, ...) so that a slow phase of the machine hits them
//!   all alike. Results are dropped outside the timed region, but each job
//!   starts from the heap the previous one left: it reuses memory the
//!   system allocator kept (no page faults) and may pay for consolidating
//!   the other job's freed blocks. Which job gains depends on sizes and
//!   order, so these times say how much work a job is, not what it costs.
//! - **In a fresh process each** (the `peak --timing-only` child): the
//!   state every `logicmodel check` run, or any program that parses a file
//!   once, starts in. Each job pays for its own memory and nothing else.
//!   The goal is judged on these.
//!
//! The fastest run is reported; all runs are logged to stderr.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use logicmodel::Severity;
use logicmodel_bench::generate::{self, Layout, Options};

use crate::memory::{self, Counting, Job};

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
    fresh: Fresh,
}

/// Best times of the jobs in a fresh process each.
struct Fresh {
    value: Duration,
    load_check: Duration,
}

pub fn run(sizes: &[usize], runs: usize, layout: Layout, with_memory: bool) -> io::Result<()> {
    let mut rows = Vec::new();
    let mut shapes = Vec::new();
    // The file of the largest model, kept for the memory table.
    let mut largest: Option<(usize, std::path::PathBuf)> = None;
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
        // The children run while this process holds as little as it can:
        // in a VM, memory another process holds makes first-touching
        // memory slower, which would slow the `Value` parse most.
        let path = temp_file(nodes);
        write_synced(&path, &text)?;
        drop(text);
        let row = measure_both(nodes, &path, runs);
        if row.is_ok() && with_memory && Some(nodes) == sizes.iter().copied().max() {
            largest = Some((nodes, path));
        } else {
            std::fs::remove_file(&path)?;
        }
        rows.push(row?);
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
    writeln!(out, "\nTimes in one process ({layout:?} JSON, best of {runs} runs, ms; ratio to the `Value` parse of the same text):\n")?;
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
    writeln!(out, "\nTimes in a fresh process each ({layout:?} JSON, best of {runs} runs, ms; the file is read before the clock starts):\n")?;
    writeln!(
        out,
        "| nodes | file | (a) `serde_json::Value` | (d) load + check | (d) / (a) |"
    )?;
    writeln!(out, "|---:|---:|---:|---:|---:|")?;
    for row in &rows {
        writeln!(
            out,
            "| {} | {} MiB | {} | {} | {:.2}× |",
            row.nodes,
            mib(row.file_bytes as u64),
            ms(row.fresh.value),
            ms(row.fresh.load_check),
            row.fresh.load_check.as_secs_f64() / row.fresh.value.as_secs_f64(),
        )?;
    }
    out.flush()?;

    if let Some((nodes, path)) = largest {
        let result = memory_table(&path, nodes, &mut out);
        std::fs::remove_file(&path)?;
        result?;
    }
    Ok(())
}

/// The times of the model in the file at `path`: in fresh processes first,
/// while this one holds nothing big, then in this process.
fn measure_both(nodes: usize, path: &std::path::Path, runs: usize) -> io::Result<Row> {
    let fresh = measure_fresh(nodes, path, runs)?;
    let text = std::fs::read_to_string(path)?;
    let (value, load, check, total, warnings) = measure(nodes, &text, runs)?;
    Ok(Row {
        nodes,
        file_bytes: text.len(),
        value,
        load,
        check,
        total,
        warnings,
        fresh,
    })
}

/// Times in one process: (a), (b), (c), (d) and the number of warnings.
fn measure(
    nodes: usize,
    text: &str,
    runs: usize,
) -> io::Result<(Duration, Duration, Duration, Duration, usize)> {
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
    Ok((
        best(&value),
        best(&load),
        best(&check),
        best(&total),
        warnings,
    ))
}

/// Times (a) and (d) on the file at `path` in a fresh child process each,
/// runs interleaved.
fn measure_fresh(nodes: usize, path: &std::path::Path, runs: usize) -> io::Result<Fresh> {
    let (mut value, mut load_check) = (vec![], vec![]);
    for run in 0..runs {
        for (job, times) in [(Job::Value, &mut value), (Job::LoadCheck, &mut load_check)] {
            let report = memory::measure(job, path, Counting::Off)?;
            times.push(Duration::from_secs_f64(report.seconds));
        }
        eprintln!(
            "{nodes} nodes, fresh process, run {}: value {} ms, load+check {} ms",
            run + 1,
            ms(value[run]),
            ms(load_check[run])
        );
    }
    Ok(Fresh {
        value: best(&value),
        load_check: best(&load_check),
    })
}

/// Writes `text` to `path` and waits until it is on disk, so that the
/// kernel's write-back does not compete with the timed children.
fn write_synced(path: &std::path::Path, text: &str) -> io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

fn temp_file(nodes: usize) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "logicmodel-bench-{}-{nodes}.json",
        std::process::id()
    ))
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
        let report = memory::measure(job, path, Counting::Heap)?;
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
