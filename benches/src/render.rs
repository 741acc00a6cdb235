//! `logicmodel-bench render`: lays out and writes models as SVG
//! (`render::diagram`, then `render::svg`) and compares, in the same run,
//! with Graphviz `dot -Tsvg` (see [`crate::dot`]) and ELK Layered (see
//! [`crate::elk`]) on the same graph: CPU time, crossings and level arrows,
//! each counted one way for all three drawings ([`crate::drawing`]).
//!
//! The models are generated ones (`--sizes`, `--seeds`) and model files
//! (`--model`). Ours and the peers' runs are interleaved (ours, dot, ELK,
//! ours, ...) so that a slow phase of the shared machine hits all. Models
//! are loaded outside the measured region; results are dropped outside it.
//!
//! Times are CPU times (see [`crate::cpu`]): ours of `diagram` + `svg` in
//! this process; dot's of its whole `dot -Tsvg` process (reading the file,
//! layout, writing SVG to `/dev/null`); ELK's of its `layout` call inside
//! Node (the fastest of several runs in one process, so after Node's
//! compiler has warmed up; no SVG is written). The fastest run counts.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use logicmodel::render::{self, Diagram, DiagramOptions, SvgOptions};
use logicmodel::Model;
use logicmodel_bench::generate::{self, Layout, Options};

use crate::dot::{self, Clusters, Outcome, Placement, Plain, Run};
use crate::drawing::Drawing;
use crate::elk;
use crate::timing::{best, ms};

/// What to measure.
pub struct Settings {
    pub sizes: Vec<usize>,
    pub seeds: Vec<u64>,
    /// Model files measured before the generated models.
    pub models: Vec<PathBuf>,
    pub runs: usize,
    /// Dot runs only up to this many nodes.
    pub dot_max: usize,
    /// ELK runs only up to this many nodes.
    pub elk_max: usize,
    /// Runs of each peer; 0 counts their crossings from one untimed run.
    pub peer_runs: usize,
    /// A dot process is killed after this long.
    pub dot_timeout: Duration,
    /// Once one dot run takes longer than this, it is not repeated.
    pub dot_repeat_limit: Duration,
    /// Which DOT variants to run.
    pub clusters: Vec<Clusters>,
    /// Keep the peers' input and output files in this directory; when
    /// `--peer-runs 0`, reuse the layouts found there for the same input.
    pub keep: Option<PathBuf>,
}

/// What was measured of one drawing, by any tool.
#[derive(Clone, Debug, Default)]
struct Quality {
    crossings: u64,
    /// Edges that missed a column they span (not counted).
    missed: usize,
    level: usize,
}

/// A peer's result for one model.
enum PeerResult {
    /// Not run (why).
    Skipped(String),
    Measured {
        runs: Vec<Run>,
        quality: Option<Quality>,
        note: Option<String>,
    },
}

impl PeerResult {
    fn best_cpu(&self) -> Option<Duration> {
        match self {
            PeerResult::Measured { runs, .. } => runs.iter().map(|r| r.cpu).min(),
            PeerResult::Skipped(_) => None,
        }
    }

    fn quality(&self) -> Option<&Quality> {
        match self {
            PeerResult::Measured { quality, .. } => quality.as_ref(),
            PeerResult::Skipped(_) => None,
        }
    }
}

struct Row {
    name: String,
    nodes: usize,
    edges: usize,
    same_column: usize,
    layout_cpu: Vec<Duration>,
    svg_cpu: Vec<Duration>,
    total_cpu: Vec<Duration>,
    total_wall: Vec<Duration>,
    svg_bytes: usize,
    /// Most heap bytes live during `diagram` + `svg` above what was live before.
    heap_peak: usize,
    ours: Quality,
    dot: Vec<(Clusters, PeerResult)>,
    elk: Vec<(elk::Settings, PeerResult)>,
}

/// One model to measure.
struct Case {
    name: String,
    model: Model,
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
        None => eprintln!("warning: no `dot` on PATH (install Graphviz); not comparing with dot"),
    }
    let elk_script = elk::script();
    if let Err(reason) = &elk_script {
        eprintln!("warning: not comparing with ELK: {reason}");
    }
    let mut rows = Vec::new();
    for path in &settings.models {
        let text = std::fs::read_to_string(path)?;
        let model = logicmodel::load_str(&text)
            .model
            .ok_or_else(|| io::Error::other(format!("{} does not load", path.display())))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into(),
        );
        let case = Case { name, model };
        rows.push(measure(&case, settings, &version, &elk_script, &scratch)?);
    }
    for &nodes in &settings.sizes {
        for &seed in &settings.seeds {
            eprintln!("generating {nodes} nodes, seed {seed}…");
            let text = generate::generate(&Options::new(nodes, seed)).to_json(Layout::Pretty);
            let model = logicmodel::load_str(&text)
                .model
                .ok_or_else(|| io::Error::other("the generated model does not load"))?;
            drop(text);
            let case = Case {
                name: format!("{nodes}, seed {seed}"),
                model,
            };
            rows.push(measure(&case, settings, &version, &elk_script, &scratch)?);
        }
    }
    if settings.keep.is_none() {
        std::fs::remove_dir_all(&scratch)?;
    }
    let mut out = io::stdout().lock();
    print_tables(&rows, settings, version.as_deref(), &mut out)
}

/// The scene node index → column index of a diagram.
fn columns_of(model: &Model, diagram: &Diagram) -> Vec<usize> {
    Placement::of(model, diagram).column
}

fn quality(drawing: &Drawing, column_of: &[usize], columns: usize) -> Result<Quality, String> {
    let (crossings, missed) = drawing.crossings(column_of, columns)?;
    Ok(Quality {
        crossings,
        missed,
        level: drawing.level_edges(column_of),
    })
}

/// A file name for `case` and a peer variant.
fn file_stem(case: &Case, variant: &str) -> String {
    let name: String = case
        .name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{name}-{variant}")
}

fn measure(
    case: &Case,
    settings: &Settings,
    dot_version: &Option<String>,
    elk_script: &Result<PathBuf, String>,
    scratch: &Path,
) -> io::Result<Row> {
    let model = &case.model;
    let diagram_options = DiagramOptions::default();
    let svg_options = SvgOptions::default();

    // The first layout gives the peers' input and the heap figure; it is not timed.
    crate::heap::start();
    let before = crate::heap::live();
    let diagram = render::diagram(model, &diagram_options);
    let written = render::svg(model, &diagram, &svg_options);
    let heap_peak = crate::heap::peak().saturating_sub(before);
    crate::heap::stop();
    let svg_bytes = written.len();
    drop(written);
    let column_of = columns_of(model, &diagram);
    let columns = diagram.stages.len();
    let ours = quality(&Drawing::of_scene(&diagram.scene), &column_of, columns)
        .map_err(io::Error::other)?;
    let placement = Placement::of(model, &diagram);
    let band_labels: Vec<String> = diagram
        .scene
        .bands
        .iter()
        .map(|b| b.label.lines.join(" "))
        .collect();
    let nodes = diagram.nodes.len();
    let edges = diagram.scene.edges.len();
    let same_column = dot::same_column_edges(&diagram);
    let ends: Vec<(usize, usize)> = diagram.scene.edges.iter().map(|e| (e.from, e.to)).collect();

    let run_dot = dot_version.is_some() && nodes <= settings.dot_max;
    let dot_files: Vec<(Clusters, PathBuf)> = if run_dot {
        let mut files = Vec::new();
        for &clusters in &settings.clusters {
            let source = dot::write_dot(&diagram, &placement, &band_labels, clusters);
            let path = scratch.join(format!("{}.dot", file_stem(case, variant_name(clusters))));
            write_if_changed(&path, &source)?;
            files.push((clusters, path));
        }
        files
    } else {
        Vec::new()
    };
    let run_elk = elk_script.is_ok() && nodes <= settings.elk_max;
    let elk_graphs: Vec<(elk::Settings, String)> = if run_elk {
        elk::SETTINGS
            .iter()
            .map(|&s| (s, elk::write_graph(&diagram, s)))
            .collect()
    } else {
        Vec::new()
    };
    drop(diagram);

    let (mut layout_cpu, mut svg_cpu, mut total_cpu, mut total_wall) =
        (vec![], vec![], vec![], vec![]);
    let mut dot_runs: Vec<Vec<Run>> = vec![Vec::new(); dot_files.len()];
    let mut dot_note: Vec<Option<String>> = vec![None; dot_files.len()];
    for run in 0..settings.runs {
        let wall = std::time::Instant::now();
        let (t_layout, diagram) = crate::cpu::time(|| render::diagram(model, &diagram_options));
        let (t_svg, written) = crate::cpu::time(|| render::svg(model, &diagram, &svg_options));
        total_wall.push(wall.elapsed());
        drop((diagram, written));
        layout_cpu.push(t_layout);
        svg_cpu.push(t_svg);
        total_cpu.push(t_layout + t_svg);
        eprintln!(
            "{}: run {}: layout {} ms, svg {} ms (CPU)",
            case.name,
            run + 1,
            ms(t_layout),
            ms(t_svg)
        );
        if run >= settings.peer_runs {
            continue;
        }
        for (k, (clusters, path)) in dot_files.iter().enumerate() {
            if dot_note[k].is_some() {
                continue;
            }
            let stderr = path.with_extension("svg.stderr");
            match dot::run_dot(
                "svg",
                path,
                Path::new("/dev/null"),
                &stderr,
                settings.dot_timeout,
            )? {
                Outcome::Done(time) => {
                    eprintln!(
                        "  dot -Tsvg {}: {} ms CPU",
                        variant_name(*clusters),
                        ms(time.cpu)
                    );
                    dot_runs[k].push(time);
                    if time.wall > settings.dot_repeat_limit && run + 1 < settings.runs {
                        dot_note[k] = Some(format!(
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
                    dot_note[k] =
                        Some(format!("killed after {} s", settings.dot_timeout.as_secs()));
                }
                Outcome::Failed(message) => {
                    eprintln!("  dot failed: {message}");
                    dot_note[k] = Some(format!("dot failed: {message}"));
                }
            }
        }
    }

    let mut dot = Vec::new();
    for &clusters in &settings.clusters {
        if !run_dot {
            let reason = if dot_version.is_some() {
                format!("skipped (> {} nodes)", settings.dot_max)
            } else {
                "skipped (no `dot`)".to_owned()
            };
            dot.push((clusters, PeerResult::Skipped(reason)));
        }
    }
    for (k, (clusters, path)) in dot_files.iter().enumerate() {
        let quality = dot_quality(path, nodes, &column_of, columns, settings)?;
        let mut notes: Vec<String> = dot_note[k].take().into_iter().collect();
        let (warnings, first) = dot::warnings(&path.with_extension("svg.stderr"));
        if warnings > 0 {
            notes.push(format!(
                "{warnings} stderr lines, e.g. `{}`",
                first.unwrap_or_default().replace('|', "\\|")
            ));
        }
        dot.push((
            *clusters,
            PeerResult::Measured {
                runs: std::mem::take(&mut dot_runs[k]),
                quality,
                note: (!notes.is_empty()).then(|| notes.join("; ")),
            },
        ));
    }

    let mut elk_results = Vec::new();
    match elk_script {
        Ok(script) if run_elk => {
            for (elk_settings, graph) in &elk_graphs {
                let stem = file_stem(case, &elk_settings.name.replace([' ', ','], "-"));
                let runs = settings.peer_runs.max(1) + usize::from(settings.peer_runs > 0);
                eprintln!("  ELK ({}), {runs} runs…", elk_settings.name);
                let result = elk::run(script, graph, &ends, nodes, runs, scratch, &stem)?;
                // The first run in a fresh Node compiles ELK; it is dropped
                // when there are others.
                let mut runs = result.runs;
                if runs.len() > 1 {
                    runs.remove(0);
                }
                if settings.peer_runs == 0 {
                    runs.clear();
                }
                let quality = quality(&result.drawing, &column_of, columns)
                    .map_err(|e| eprintln!("  cannot count ELK's crossings: {e}"))
                    .ok();
                elk_results.push((
                    *elk_settings,
                    PeerResult::Measured {
                        runs,
                        quality,
                        note: None,
                    },
                ));
            }
        }
        Ok(_) => {
            for &s in &elk::SETTINGS {
                let reason = format!("skipped (> {} nodes)", settings.elk_max);
                elk_results.push((s, PeerResult::Skipped(reason)));
            }
        }
        Err(reason) => {
            for &s in &elk::SETTINGS {
                elk_results.push((s, PeerResult::Skipped(format!("skipped ({reason})"))));
            }
        }
    }

    Ok(Row {
        name: case.name.clone(),
        nodes,
        edges,
        same_column,
        layout_cpu,
        svg_cpu,
        total_cpu,
        total_wall,
        svg_bytes,
        heap_peak,
        ours,
        dot,
        elk: elk_results,
    })
}

/// Writes `text` to `path` unless the file already holds exactly it (so a
/// kept directory's layouts stay valid for the same input).
fn write_if_changed(path: &Path, text: &str) -> io::Result<()> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text)?;
    // A layout made from an older file is stale.
    let _ = std::fs::remove_file(path.with_extension("plain"));
    Ok(())
}

fn variant_name(clusters: Clusters) -> &'static str {
    match clusters {
        Clusters::Without => "plain",
        Clusters::PerSection => "clusters",
    }
}

/// Runs `dot -Tplain` on `path` (untimed; reused when kept from an earlier
/// run on the same file) and measures its drawing.
fn dot_quality(
    path: &Path,
    nodes: usize,
    column_of: &[usize],
    columns: usize,
    settings: &Settings,
) -> io::Result<Option<Quality>> {
    let plain_path = path.with_extension("plain");
    if !plain_path.exists() {
        eprintln!("  dot -Tplain for the crossings…");
        let stderr = path.with_extension("plain.stderr");
        match dot::run_dot("plain", path, &plain_path, &stderr, settings.dot_timeout)? {
            Outcome::Done(_) => {}
            Outcome::TimedOut | Outcome::Failed(_) => return Ok(None),
        }
    }
    let text = std::fs::read_to_string(&plain_path)?;
    let plain = Plain::parse(&text, nodes).map_err(io::Error::other)?;
    match quality(&plain.to_drawing(), column_of, columns) {
        Ok(quality) => Ok(Some(quality)),
        Err(message) => {
            eprintln!("  cannot count dot's crossings: {message}");
            Ok(None)
        }
    }
}

fn ratio(a: f64, b: f64) -> String {
    if b > 0.0 {
        format!("{:.2}×", a / b)
    } else {
        "—".to_owned()
    }
}

/// The best of a peer's variants: the one with the fewest crossings.
fn best_variant<K>(results: &[(K, PeerResult)]) -> Option<&(K, PeerResult)> {
    results
        .iter()
        .filter(|(_, r)| r.quality().is_some())
        .min_by_key(|(_, r)| r.quality().map(|q| q.crossings))
}

fn print_tables(
    rows: &[Row],
    settings: &Settings,
    dot_version: Option<&str>,
    out: &mut impl Write,
) -> io::Result<()> {
    writeln!(
        out,
        "Peers: {}; ELK Layered (elkjs 0.12.1 under Node {}).\n",
        dot_version.unwrap_or("no dot"),
        node_version().unwrap_or_else(|| "?".into())
    )?;
    writeln!(
        out,
        "CPU time of ours (`render::diagram` + `render::svg`) and of each peer, best of {} runs (ms); crossings and level arrows counted one way for all three:\n",
        settings.runs
    )?;
    writeln!(
        out,
        "| model | nodes | edges | ours | dot | dot ÷ ours | ELK | ELK ÷ ours | crossings ours | dot | ELK | ours ÷ dot | ours ÷ ELK | level arrows ours / dot / ELK |"
    )?;
    writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
    )?;
    for row in rows {
        let ours_cpu = best(&row.total_cpu);
        let dot = row.dot.first().map(|(_, r)| r);
        let elk = best_variant(&row.elk).map(|(_, r)| r);
        let cpu = |peer: Option<&PeerResult>| {
            peer.and_then(PeerResult::best_cpu)
                .map_or(("—".to_owned(), "—".to_owned()), |t| {
                    (ms(t), ratio(t.as_secs_f64(), ours_cpu.as_secs_f64()))
                })
        };
        let (dot_ms, dot_speed) = cpu(dot);
        let (elk_ms, elk_speed) = cpu(elk);
        let count = |peer: Option<&PeerResult>| {
            peer.and_then(PeerResult::quality)
                .map_or("—".to_owned(), |q| q.crossings.to_string())
        };
        let versus = |peer: Option<&PeerResult>| {
            peer.and_then(PeerResult::quality)
                .map_or("—".to_owned(), |q| {
                    ratio(row.ours.crossings as f64, q.crossings as f64)
                })
        };
        let level = |peer: Option<&PeerResult>| {
            peer.and_then(PeerResult::quality)
                .map_or("—".to_owned(), |q| q.level.to_string())
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {dot_ms} | {dot_speed} | {elk_ms} | {elk_speed} | {} | {} | {} | {} | {} | {} / {} / {} |",
            row.name,
            row.nodes,
            row.edges,
            ms(ours_cpu),
            row.ours.crossings,
            count(dot),
            count(elk),
            versus(dot),
            versus(elk),
            row.ours.level,
            level(dot),
            level(elk),
        )?;
    }

    writeln!(out, "\nOurs in detail (ms; best, median in brackets):\n")?;
    writeln!(
        out,
        "| model | layout CPU | SVG CPU | total CPU | total wall | SVG size | render heap peak | per box |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|")?;
    for row in rows {
        writeln!(
            out,
            "| {} | {} ({}) | {} ({}) | {} ({}) | {} ({}) | {:.1} MiB | {:.1} MiB | {:.2} KB |",
            row.name,
            ms(best(&row.layout_cpu)),
            ms(median(&row.layout_cpu)),
            ms(best(&row.svg_cpu)),
            ms(median(&row.svg_cpu)),
            ms(best(&row.total_cpu)),
            ms(median(&row.total_cpu)),
            ms(best(&row.total_wall)),
            ms(median(&row.total_wall)),
            row.svg_bytes as f64 / (1024.0 * 1024.0),
            row.heap_peak as f64 / (1024.0 * 1024.0),
            row.heap_peak as f64 / 1000.0 / row.nodes.max(1) as f64,
        )?;
    }

    writeln!(
        out,
        "\nThe peers' variants (CPU ms: best, median in brackets, runs):\n"
    )?;
    writeln!(
        out,
        "| model | peer | variant | CPU | wall | crossings | level arrows | notes |"
    )?;
    writeln!(out, "|---|---|---|---:|---:|---:|---:|---|")?;
    for row in rows {
        let mut lines: Vec<(&str, String, &PeerResult)> = Vec::new();
        for (clusters, result) in &row.dot {
            lines.push(("dot", clusters.describe().to_owned(), result));
        }
        for (elk_settings, result) in &row.elk {
            lines.push(("ELK", elk_settings.name.to_owned(), result));
        }
        for (peer, variant, result) in lines {
            let (cpu, wall, crossings, level, notes) = match result {
                PeerResult::Skipped(reason) => (
                    "—".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                    "—".to_owned(),
                    reason.clone(),
                ),
                PeerResult::Measured {
                    runs,
                    quality,
                    note,
                } => {
                    let cpus: Vec<Duration> = runs.iter().map(|r| r.cpu).collect();
                    let walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
                    let text = |times: &[Duration]| {
                        if times.is_empty() {
                            "—".to_owned()
                        } else {
                            format!(
                                "{} ({}) ×{}",
                                ms(best(times)),
                                ms(median(times)),
                                times.len()
                            )
                        }
                    };
                    let mut notes: Vec<String> = note.iter().cloned().collect();
                    if let Some(q) = quality {
                        if q.missed > 0 {
                            notes.push(format!("{} edges missed a column (not counted)", q.missed));
                        }
                    }
                    (
                        text(&cpus),
                        text(&walls),
                        quality
                            .as_ref()
                            .map_or("—".into(), |q| q.crossings.to_string()),
                        quality.as_ref().map_or("—".into(), |q| q.level.to_string()),
                        notes.join("; "),
                    )
                }
            };
            writeln!(
                out,
                "| {} | {peer} | {variant} | {cpu} | {wall} | {crossings} | {level} | {notes} |",
                row.name
            )?;
        }
    }
    let same_column: usize = rows.iter().map(|r| r.same_column).sum();
    writeln!(
        out,
        "\nEdges between two nodes of one column are not counted for any drawing: {same_column} in these models."
    )?;
    out.flush()
}

fn node_version() -> Option<String> {
    let output = std::process::Command::new("node")
        .arg("--version")
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}
