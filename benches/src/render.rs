//! `logicmodel-bench render`: lays out and writes generated models as SVG
//! (`render::diagram`, then `render::svg`) and compares, in the same run,
//! with Graphviz `dot -Tsvg` on the same graph (see [`crate::dot`]): time,
//! and crossings counted by one counter for both drawings
//! ([`logicmodel::layout::count_crossings`]).
//!
//! Ours and dot's runs are interleaved (ours, dot, ours, dot, ...) so that a
//! slow phase of the shared machine hits both. Models are loaded outside
//! the timed region; SVG strings are dropped outside it. Dot's time is the
//! wall clock of the `dot -Tsvg` process writing to `/dev/null`; its
//! positions come from a separate, untimed `dot -Tplain` run of the same file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use logicmodel::layout::count_crossings;
use logicmodel::render::{self, DiagramOptions, SvgOptions};
use logicmodel_bench::generate::{self, Layout, Options};

use crate::dot::{self, Clusters, Ends, Outcome, Placement, Plain};
use crate::timing::{best, ms, time};

/// What to measure.
pub struct Settings {
    pub sizes: Vec<usize>,
    pub runs: usize,
    /// Dot runs only up to this many nodes.
    pub dot_max: usize,
    /// A dot process is killed after this long.
    pub dot_timeout: Duration,
    /// Once one dot run takes longer than this, it is not repeated.
    pub dot_repeat_limit: Duration,
    /// Which DOT variants to run.
    pub clusters: Vec<Clusters>,
    /// Keep the DOT files (and dot's `-Tplain`) in this directory.
    pub keep: Option<PathBuf>,
}

/// Dot's result for one size and one variant.
enum DotResult {
    /// Not run: above `--dot-max`, or no `dot` installed (the reason).
    Skipped(String),
    Measured {
        runs: Vec<Duration>,
        /// The last run was killed (only ever the last one).
        timed_out: bool,
        crossings: Option<Crossings>,
        warnings: (usize, Option<String>),
        note: Option<String>,
    },
}

struct Crossings {
    centers: u64,
    spline_ends: u64,
    missed: usize,
}

struct Row {
    nodes: usize,
    edges: usize,
    same_column: usize,
    layout: Vec<Duration>,
    svg: Vec<Duration>,
    total: Vec<Duration>,
    svg_bytes: usize,
    crossings: u64,
    dot: Vec<(Clusters, DotResult)>,
}

fn median(runs: &[Duration]) -> Duration {
    let mut sorted = runs.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

pub fn run(settings: &Settings) -> io::Result<()> {
    let scratch = match &settings.keep {
        Some(dir) => {
            std::fs::create_dir_all(dir)?;
            dir.clone()
        }
        None => {
            let dir = std::env::temp_dir()
                .join(format!("logicmodel-bench-render-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            dir
        }
    };
    let version = dot::version();
    match &version {
        Some(line) => eprintln!("peer: {line}"),
        None => eprintln!("warning: no `dot` on PATH (install Graphviz); measuring ours only"),
    }
    let mut rows = Vec::new();
    for &nodes in &settings.sizes {
        rows.push(measure(nodes, settings, version.is_some(), &scratch)?);
    }
    if settings.keep.is_none() {
        std::fs::remove_dir_all(&scratch)?;
    }
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "Peer: {}\n",
        version.as_deref().unwrap_or("none (`dot` not found)")
    )?;
    print_tables(&rows, settings, &mut out)
}

fn measure(nodes: usize, settings: &Settings, have_dot: bool, scratch: &Path) -> io::Result<Row> {
    eprintln!("generating {nodes} nodes…");
    let text = generate::generate(&Options::new(nodes, 1)).to_json(Layout::Pretty);
    let loaded = logicmodel::load_str(&text);
    drop(text);
    let model = loaded
        .model
        .ok_or_else(|| io::Error::other("the generated model does not load"))?;
    let diagram_options = DiagramOptions::default();
    let svg_options = SvgOptions::default();

    // The first layout also gives the DOT file; it is not a timed run.
    let diagram = render::diagram(&model, &diagram_options);
    let placement = Placement::of(&model, &diagram);
    let band_labels: Vec<String> = diagram
        .scene
        .bands
        .iter()
        .map(|b| b.label.lines.join(" "))
        .collect();
    let crossings = count_crossings(&diagram.scene.gap_segments());
    let same_column = dot::same_column_edges(&diagram);
    let edges = diagram.scene.edges.len();

    let run_dot = have_dot && nodes <= settings.dot_max;
    let mut dot_files = Vec::new();
    if run_dot {
        for &clusters in &settings.clusters {
            let source = dot::write_dot(&diagram, &placement, &band_labels, clusters);
            let path = scratch.join(format!("{nodes}-{}.dot", variant_name(clusters)));
            std::fs::write(&path, source)?;
            dot_files.push((clusters, path));
        }
    }
    drop(diagram);

    let (mut layout, mut svg, mut total) = (vec![], vec![], vec![]);
    let mut svg_bytes = 0;
    let mut dot_runs: Vec<Vec<Duration>> = vec![Vec::new(); dot_files.len()];
    let mut dot_done: Vec<Option<String>> = vec![None; dot_files.len()];
    let mut timed_out = vec![false; dot_files.len()];
    for run in 0..settings.runs {
        let (t_layout, diagram) = time(|| render::diagram(&model, &diagram_options));
        let (t_svg, written) = time(|| render::svg(&model, &diagram, &svg_options));
        svg_bytes = written.len();
        drop((diagram, written));
        layout.push(t_layout);
        svg.push(t_svg);
        total.push(t_layout + t_svg);
        eprintln!(
            "{nodes} nodes, run {}: layout {} ms, svg {} ms",
            run + 1,
            ms(t_layout),
            ms(t_svg)
        );
        for (k, (clusters, path)) in dot_files.iter().enumerate() {
            if dot_done[k].is_some() {
                continue;
            }
            eprintln!("  dot -Tsvg {}…", variant_name(*clusters));
            let stderr = path.with_extension("svg.stderr");
            match dot::run_dot(
                "svg",
                path,
                Path::new("/dev/null"),
                &stderr,
                settings.dot_timeout,
            )? {
                Outcome::Done(t) => {
                    eprintln!("  dot -Tsvg {}: {} ms", variant_name(*clusters), ms(t));
                    dot_runs[k].push(t);
                    if t > settings.dot_repeat_limit && run + 1 < settings.runs {
                        dot_done[k] = Some(format!(
                            "stopped after {} of {} runs: run {} took over {} s",
                            run + 1,
                            settings.runs,
                            run + 1,
                            settings.dot_repeat_limit.as_secs()
                        ));
                    }
                }
                Outcome::TimedOut => {
                    eprintln!("  dot timed out");
                    timed_out[k] = true;
                    dot_done[k] =
                        Some(format!("killed after {} s", settings.dot_timeout.as_secs()));
                }
                Outcome::Failed(message) => {
                    eprintln!("  dot failed: {message}");
                    dot_done[k] = Some(format!("dot failed: {message}"));
                }
            }
        }
    }

    let mut dot = Vec::new();
    if !run_dot {
        let reason = if have_dot {
            format!("skipped (> {} nodes)", settings.dot_max)
        } else {
            "skipped (no `dot`)".to_owned()
        };
        for &clusters in &settings.clusters {
            dot.push((clusters, DotResult::Skipped(reason.clone())));
        }
    }
    for (k, (clusters, path)) in dot_files.iter().enumerate() {
        let stderr = path.with_extension("svg.stderr");
        let warnings = dot::warnings(&stderr);
        let crossings = if dot_runs[k].is_empty() {
            None
        } else {
            dot_crossings(path, &placement, edges, settings.dot_timeout)?
        };
        dot.push((
            *clusters,
            DotResult::Measured {
                runs: std::mem::take(&mut dot_runs[k]),
                timed_out: timed_out[k],
                crossings,
                warnings,
                note: dot_done[k].take(),
            },
        ));
    }
    Ok(Row {
        nodes,
        edges,
        same_column,
        layout,
        svg,
        total,
        svg_bytes,
        crossings,
        dot,
    })
}

fn variant_name(clusters: Clusters) -> &'static str {
    match clusters {
        Clusters::Without => "plain",
        Clusters::PerSection => "clusters",
    }
}

/// Runs `dot -Tplain` on `path` (untimed) and counts its crossings.
fn dot_crossings(
    path: &Path,
    placement: &Placement,
    edges: usize,
    timeout: Duration,
) -> io::Result<Option<Crossings>> {
    eprintln!("  dot -Tplain for the crossings…");
    let plain_path = path.with_extension("plain");
    let stderr = path.with_extension("plain.stderr");
    match dot::run_dot("plain", path, &plain_path, &stderr, timeout)? {
        Outcome::Done(_) => {}
        Outcome::TimedOut | Outcome::Failed(_) => return Ok(None),
    }
    let text = std::fs::read_to_string(&plain_path)?;
    let plain = Plain::parse(&text, placement.column.len()).map_err(io::Error::other)?;
    if plain.edges.len() != edges {
        eprintln!(
            "  warning: dot drew {} edges, we drew {edges}",
            plain.edges.len()
        );
    }
    let columns = placement.column.iter().copied().max().map_or(0, |c| c + 1);
    let xs = match plain.column_x(&placement.column, columns) {
        Ok(xs) => xs,
        Err(message) => {
            eprintln!("  cannot count dot's crossings: {message}");
            return Ok(None);
        }
    };
    let (centers, missed) = dot::gap_segments(&plain, &placement.column, &xs, Ends::Centers);
    let (spline_ends, _) = dot::gap_segments(&plain, &placement.column, &xs, Ends::SplineEnds);
    Ok(Some(Crossings {
        centers: count_crossings(&centers),
        spline_ends: count_crossings(&spline_ends),
        missed,
    }))
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "—".to_owned()
    }
}

fn print_tables(rows: &[Row], settings: &Settings, out: &mut impl Write) -> io::Result<()> {
    for (index, &clusters) in settings.clusters.iter().enumerate() {
        writeln!(
            out,
            "Ours (`render::diagram` + `render::svg`) against `dot -Tsvg` {} (best of {} runs, ms; crossings counted by `count_crossings` for both):\n",
            clusters.describe(),
            settings.runs
        )?;
        writeln!(
            out,
            "| nodes | edges | ours: layout | ours: SVG | ours: total | SVG size | dot `-Tsvg` | dot / ours | crossings ours | crossings dot | ours / dot |"
        )?;
        writeln!(
            out,
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        )?;
        for row in rows {
            let total = best(&row.total);
            let (dot_ms, speed, dot_crossings, crossing_ratio) = match &row.dot[index].1 {
                DotResult::Skipped(reason) => (
                    reason.clone(),
                    "—".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                ),
                DotResult::Measured {
                    runs,
                    timed_out,
                    crossings,
                    ..
                } => {
                    let time = if runs.is_empty() && *timed_out {
                        format!("> {} s (killed)", settings.dot_timeout.as_secs())
                    } else if runs.is_empty() {
                        "failed".to_owned()
                    } else {
                        ms(best(runs))
                    };
                    let speed = if runs.is_empty() {
                        "—".to_owned()
                    } else {
                        ratio(best(runs).as_secs_f64(), total.as_secs_f64())
                    };
                    match crossings {
                        Some(c) => (
                            time,
                            speed,
                            c.centers.to_string(),
                            ratio(row.crossings as f64, c.centers as f64),
                        ),
                        None => (time, speed, "—".to_owned(), "—".to_owned()),
                    }
                }
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {:.1} MiB | {dot_ms} | {speed} | {} | {dot_crossings} | {crossing_ratio} |",
                row.nodes,
                row.edges,
                ms(best(&row.layout)),
                ms(best(&row.svg)),
                ms(total),
                row.svg_bytes as f64 / (1024.0 * 1024.0),
                row.crossings,
            )?;
        }
        writeln!(out)?;
    }

    writeln!(out, "Medians and notes:\n")?;
    writeln!(
        out,
        "| nodes | ours: layout (median) | ours: SVG (median) | ours: total (median) | dot variant | dot `-Tsvg` runs (median) | dot crossings, spline ends | dot notes |"
    )?;
    writeln!(out, "|---:|---:|---:|---:|---|---|---:|---|")?;
    for row in rows {
        for (clusters, result) in &row.dot {
            let (runs, spline_ends, notes) = match result {
                DotResult::Skipped(reason) => ("—".to_owned(), "—".to_owned(), reason.clone()),
                DotResult::Measured {
                    runs,
                    crossings,
                    warnings,
                    note,
                    ..
                } => {
                    let runs_text = if runs.is_empty() {
                        "—".to_owned()
                    } else {
                        format!("{} ({})", runs.len(), ms(median(runs)))
                    };
                    let ends = crossings
                        .as_ref()
                        .map_or("—".to_owned(), |c| c.spline_ends.to_string());
                    let mut notes: Vec<String> = note.iter().cloned().collect();
                    if let Some(c) = crossings {
                        if c.missed > 0 {
                            notes.push(format!(
                                "{} edges missed a column and were not counted",
                                c.missed
                            ));
                        }
                    }
                    if warnings.0 > 0 {
                        notes.push(format!(
                            "{} stderr lines, e.g. `{}`",
                            warnings.0,
                            warnings.1.as_deref().unwrap_or("").replace('|', "\\|")
                        ));
                    }
                    (runs_text, ends, notes.join("; "))
                }
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {runs} | {spline_ends} | {notes} |",
                row.nodes,
                ms(median(&row.layout)),
                ms(median(&row.svg)),
                ms(median(&row.total)),
                clusters.describe(),
            )?;
        }
    }
    let same_column: usize = rows.iter().map(|r| r.same_column).sum();
    writeln!(
        out,
        "\nEdges between two nodes of one column are not counted for either drawing: {same_column} in these models."
    )?;
    out.flush()
}
