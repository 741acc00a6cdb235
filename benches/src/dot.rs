//! The Graphviz peer of `logicmodel-bench render`: our drawing's graph
//! written as DOT, `dot` run with a timeout, and its `-Tplain` layout read
//! back and cut into the same per-gap segments that
//! [`logicmodel::layout::count_crossings`] counts for our own scene.
//!
//! The DOT graph is the one we draw, not a loose copy of the model: every
//! box has our box's width and height (`fixedsize=true`, one of our pixels
//! taken as one point, so dot's coordinates are our pixels), our wrapped
//! label lines, `rankdir=LR`, one `rank=same` group per column, and
//! `nodesep`/`ranksep` set to our node gap and column gap. Sections can be
//! added as `subgraph cluster_*` (see [`Clusters`]).

use std::fmt::Write as _;
use std::fs::File;
use std::io;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use logicmodel::layout::{EdgeRoute, LayoutStyle};
use logicmodel::render::Diagram;
use logicmodel::Model;

/// Points per inch: DOT sizes are in inches, and one of our pixels is one point.
const POINTS_PER_INCH: f64 = 72.0;

/// How the sections are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clusters {
    /// No clusters: one `{rank=same; …}` group per column for the whole drawing.
    Without,
    /// One `subgraph cluster_*` per section, holding one `{rank=same; …}`
    /// group per column of that section. A root-level `rank=same` group
    /// cannot hold nodes of several clusters (dot takes them out of the
    /// cluster, with a warning), so across sections the columns are aligned
    /// by dot's rank assignment only; [`Plain::column_x`] checks that they are.
    PerSection,
}

impl Clusters {
    pub fn describe(self) -> &'static str {
        match self {
            Clusters::Without => "without clusters",
            Clusters::PerSection => "with one cluster per section",
        }
    }
}

/// The column and band of every scene node (the scene itself has only coordinates).
pub struct Placement {
    /// `column[i]`: index into `diagram.stages` of scene node `i`.
    pub column: Vec<usize>,
    /// `band[i]`: index into `diagram.sections` of scene node `i`.
    pub band: Vec<usize>,
}

impl Placement {
    pub fn of(model: &Model, diagram: &Diagram) -> Placement {
        let column = diagram
            .nodes
            .iter()
            .map(|&n| {
                let stage = model.node(n).stage();
                diagram.stages.iter().position(|&s| s == stage).unwrap_or(0)
            })
            .collect();
        let band = diagram
            .nodes
            .iter()
            .map(|&n| {
                let section = model.node(n).section_index();
                diagram
                    .sections
                    .iter()
                    .position(|&s| s == section)
                    .unwrap_or(0)
            })
            .collect();
        Placement { column, band }
    }
}

/// Appends `text` as the inside of a DOT quoted string: `"` and `\` escaped,
/// so that no label becomes an escape sequence such as `\N`.
fn escape_into(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
}

fn rank_group(nodes: impl Iterator<Item = usize>, indent: &str, out: &mut String) {
    let mut nodes = nodes.peekable();
    if nodes.peek().is_none() {
        return;
    }
    let _ = write!(out, "{indent}{{rank=same;");
    for n in nodes {
        let _ = write!(out, " n{n};");
    }
    out.push_str("}\n");
}

/// Our drawing's graph as DOT (see the module documentation). Node `n{i}`
/// is scene node `i`.
pub fn write_dot(
    diagram: &Diagram,
    placement: &Placement,
    band_labels: &[String],
    clusters: Clusters,
) -> String {
    let scene = &diagram.scene;
    let style = LayoutStyle::default();
    let mut out = String::with_capacity(scene.nodes.len() * 160 + scene.edges.len() * 20);
    out.push_str("digraph logicmodel {\n  rankdir=LR;\n");
    let _ = writeln!(
        out,
        "  nodesep={:.4};\n  ranksep={:.4};\n  node [shape=box, fixedsize=true, fontsize={}];",
        style.node_gap / POINTS_PER_INCH,
        style.column_gap / POINTS_PER_INCH,
        style.font_size
    );
    for (i, node) in scene.nodes.iter().enumerate() {
        let _ = write!(
            out,
            "  n{i} [width={:.4}, height={:.4}, label=\"",
            node.rect.width / POINTS_PER_INCH,
            node.rect.height / POINTS_PER_INCH
        );
        for (k, line) in node.label.lines.iter().enumerate() {
            if k > 0 {
                // dot's centred line break.
                out.push_str("\\n");
            }
            escape_into(line, &mut out);
        }
        out.push_str("\"];\n");
    }
    let columns = diagram.stages.len();
    match clusters {
        Clusters::Without => {
            for column in 0..columns {
                rank_group(
                    (0..scene.nodes.len()).filter(|&i| placement.column[i] == column),
                    "  ",
                    &mut out,
                );
            }
        }
        Clusters::PerSection => {
            for (band, label) in band_labels.iter().enumerate() {
                let _ = write!(out, "  subgraph cluster_{band} {{\n    label=\"");
                escape_into(label, &mut out);
                out.push_str("\";\n");
                for column in 0..columns {
                    rank_group(
                        (0..scene.nodes.len()).filter(|&i| {
                            placement.band[i] == band && placement.column[i] == column
                        }),
                        "    ",
                        &mut out,
                    );
                }
                out.push_str("  }\n");
            }
        }
    }
    for edge in &scene.edges {
        let _ = writeln!(out, "  n{} -> n{};", edge.from, edge.to);
    }
    out.push_str("}\n");
    out
}

/// `dot -V`'s line (it prints it on stderr), or `None` when there is no `dot` on PATH.
pub fn version() -> Option<String> {
    let output = Command::new("dot")
        .arg("-V")
        .stdin(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&output.stderr);
    let line = text.lines().next()?.trim().to_owned();
    (output.status.success() && !line.is_empty()).then_some(line)
}

/// How a run of `dot` ended.
pub enum Outcome {
    /// It exited with status 0 after this long (wall clock, spawn to exit).
    Done(Duration),
    /// It was killed after the timeout.
    TimedOut,
    /// It failed; the message holds the status and the start of its stderr.
    Failed(String),
}

/// Runs `dot -T{format} -o {output} {input}` and waits at most `timeout`.
///
/// The wall clock includes starting the process; dot's stderr goes to a file
/// next to `output` so that a flood of warnings can never block it.
pub fn run_dot(
    format: &str,
    input: &Path,
    output: &Path,
    stderr: &Path,
    timeout: Duration,
) -> io::Result<Outcome> {
    let start = Instant::now();
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .arg("-o")
        .arg(output)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(File::create(stderr)?)
        .spawn()?;
    loop {
        if let Some(status) = child.try_wait()? {
            let elapsed = start.elapsed();
            if status.success() {
                return Ok(Outcome::Done(elapsed));
            }
            let text = std::fs::read_to_string(stderr).unwrap_or_default();
            let head: String = text.lines().take(3).collect::<Vec<_>>().join(" / ");
            return Ok(Outcome::Failed(format!("{status}: {head}")));
        }
        if start.elapsed() >= timeout {
            child.kill()?;
            child.wait()?;
            return Ok(Outcome::TimedOut);
        }
        // Polling adds at most a millisecond to runs of hundreds of them.
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// The warnings dot wrote, counted, with the first one as an example.
pub fn warnings(stderr: &Path) -> (usize, Option<String>) {
    let text = std::fs::read_to_string(stderr).unwrap_or_default();
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    (lines.len(), lines.first().map(|l| l.to_string()))
}

/// An edge of dot's `-Tplain` output: its end nodes and the control points
/// of its B-spline (3k + 1 points: cubic Bézier pieces end to end).
#[derive(Debug, Clone, PartialEq)]
pub struct PlainEdge {
    pub tail: usize,
    pub head: usize,
    pub points: Vec<(f64, f64)>,
}

/// Dot's layout as `-Tplain` states it, in our pixels with y pointing down
/// like ours (dot's y points up; flipping it changes no inversion count,
/// but keeps both drawings in one convention).
#[derive(Debug, Default)]
pub struct Plain {
    /// Centre of node `n{i}`, indexed by `i` (NaN for a node dot did not list).
    pub centers: Vec<(f64, f64)>,
    pub edges: Vec<PlainEdge>,
}

fn node_index(name: &str) -> Option<usize> {
    name.trim_matches('"').strip_prefix('n')?.parse().ok()
}

impl Plain {
    /// Reads `-Tplain` text for a graph whose nodes are `n0 … n{node_count - 1}`.
    /// Lines it does not know (`graph`, `stop`, continued labels) are skipped.
    pub fn parse(text: &str, node_count: usize) -> Result<Plain, String> {
        let mut plain = Plain {
            centers: vec![(f64::NAN, f64::NAN); node_count],
            edges: Vec::new(),
        };
        let number = |token: Option<&str>| -> Result<f64, String> {
            let token = token.ok_or("a -Tplain line ends early")?;
            token
                .parse::<f64>()
                .map(|inches| inches * POINTS_PER_INCH)
                .map_err(|e| format!("{token:?}: {e}"))
        };
        for line in text.lines() {
            let mut tokens = line.split_ascii_whitespace();
            match tokens.next() {
                Some("node") => {
                    let Some(index) = tokens.next().and_then(node_index) else {
                        continue;
                    };
                    let x = number(tokens.next())?;
                    let y = -number(tokens.next())?;
                    if let Some(center) = plain.centers.get_mut(index) {
                        *center = (x, y);
                    }
                }
                Some("edge") => {
                    let (Some(tail), Some(head)) = (
                        tokens.next().and_then(node_index),
                        tokens.next().and_then(node_index),
                    ) else {
                        continue;
                    };
                    let count: usize = tokens
                        .next()
                        .and_then(|t| t.parse().ok())
                        .ok_or("an edge without a point count")?;
                    let mut points = Vec::with_capacity(count);
                    for _ in 0..count {
                        let x = number(tokens.next())?;
                        let y = -number(tokens.next())?;
                        points.push((x, y));
                    }
                    plain.edges.push(PlainEdge { tail, head, points });
                }
                _ => {}
            }
        }
        Ok(plain)
    }

    /// The x of every column: the centre x its nodes share in dot's drawing
    /// (a rank's nodes are centred on one vertical line in `rankdir=LR`).
    /// An error when a column's nodes disagree by more than a pixel or the
    /// columns are not left to right, since the sampling would be meaningless.
    pub fn column_x(&self, column_of: &[usize], columns: usize) -> Result<Vec<f64>, String> {
        let mut low = vec![f64::INFINITY; columns];
        let mut high = vec![f64::NEG_INFINITY; columns];
        for (&(x, _), &column) in self.centers.iter().zip(column_of) {
            if x.is_nan() {
                return Err("dot did not place every node".into());
            }
            low[column] = low[column].min(x);
            high[column] = high[column].max(x);
        }
        for column in 0..columns {
            if high[column] - low[column] > 1.0 {
                return Err(format!(
                    "the nodes of column {column} are at x = {:.0}…{:.0} in dot's drawing, not in one rank",
                    low[column], high[column]
                ));
            }
        }
        let xs: Vec<f64> = low.iter().zip(&high).map(|(l, h)| (l + h) / 2.0).collect();
        if xs.windows(2).any(|w| w[0] >= w[1]) {
            return Err(format!("dot's columns are not left to right: {xs:?}"));
        }
        Ok(xs)
    }
}

/// Where the ends of an edge are taken in the gap next to its own nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ends {
    /// At the column's x, as everywhere else: the node's centre (all edges of
    /// a node share that point, so they never cross in the gap next to it).
    Centers,
    /// Where dot's spline starts and ends, on the box's side (dot's own "ports").
    SplineEnds,
}

/// The y at which the spline through `points` passes `x`: each cubic piece
/// flattened into 32 chords, the first chord spanning `x` interpolated.
/// `None` when the spline never reaches `x`.
pub fn y_at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    const STEPS: usize = 32;
    let cubic = |p: [(f64, f64); 4], t: f64| {
        let s = 1.0 - t;
        let (a, b, c, d) = (s * s * s, 3.0 * s * s * t, 3.0 * s * t * t, t * t * t);
        (
            a * p[0].0 + b * p[1].0 + c * p[2].0 + d * p[3].0,
            a * p[0].1 + b * p[1].1 + c * p[2].1 + d * p[3].1,
        )
    };
    let mut piece = 0;
    while piece + 3 < points.len() {
        let p = [
            points[piece],
            points[piece + 1],
            points[piece + 2],
            points[piece + 3],
        ];
        let mut previous = p[0];
        for step in 1..=STEPS {
            let next = cubic(p, step as f64 / STEPS as f64);
            let (x0, x1) = (previous.0.min(next.0), previous.0.max(next.0));
            if (x0..=x1).contains(&x) {
                if x1 - x0 < 1e-9 {
                    return Some((previous.1 + next.1) / 2.0);
                }
                let t = (x - previous.0) / (next.0 - previous.0);
                return Some(previous.1 + t * (next.1 - previous.1));
            }
            previous = next;
        }
        piece += 3;
    }
    None
}

/// Dot's drawing cut into gaps the way [`logicmodel::layout::Scene::gap_segments`]
/// cuts ours: `result[k]` holds one `(y at column k, y at column k + 1)` per
/// edge that spans the gap between columns `k` and `k + 1`.
///
/// Edges between nodes of one column have no segment (as ours); nor has an
/// edge whose spline misses a column it should pass (counted in the second
/// value, to be reported; 0 in practice).
pub fn gap_segments(
    plain: &Plain,
    column_of: &[usize],
    column_x: &[f64],
    ends: Ends,
) -> (Vec<Vec<(f64, f64)>>, usize) {
    let mut gaps = vec![Vec::new(); column_x.len().saturating_sub(1)];
    let mut missed = 0;
    let mut passes: Vec<f64> = Vec::new();
    for edge in &plain.edges {
        let (Some(&from), Some(&to)) = (column_of.get(edge.tail), column_of.get(edge.head)) else {
            continue;
        };
        if from == to || edge.points.is_empty() {
            continue;
        }
        // Backward edges are sampled left to right like every other.
        let (left, right, left_node, right_node) = if from < to {
            (from, to, edge.tail, edge.head)
        } else {
            (to, from, edge.head, edge.tail)
        };
        let first = edge.points[0];
        let last = edge.points[edge.points.len() - 1];
        let (left_end, right_end) = if first.0 <= last.0 {
            (first, last)
        } else {
            (last, first)
        };
        passes.clear();
        passes.push(match ends {
            Ends::Centers => plain.centers[left_node].1,
            Ends::SplineEnds => left_end.1,
        });
        let mut ok = true;
        for &x in &column_x[left + 1..right] {
            match y_at(&edge.points, x) {
                Some(y) => passes.push(y),
                None => ok = false,
            }
        }
        passes.push(match ends {
            Ends::Centers => plain.centers[right_node].1,
            Ends::SplineEnds => right_end.1,
        });
        if !ok {
            missed += 1;
            continue;
        }
        for (k, pair) in passes.windows(2).enumerate() {
            gaps[left + k].push((pair[0], pair[1]));
        }
    }
    (gaps, missed)
}

/// How many of our scene's edges join two nodes of one column (not counted
/// for either drawing).
pub fn same_column_edges(diagram: &Diagram) -> usize {
    diagram
        .scene
        .edges
        .iter()
        .filter(|e| e.route == EdgeRoute::SameColumn)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use logicmodel::layout::count_crossings;

    /// Three columns; `n0 → n2` and `n1 → n3` cross between columns 0 and 1;
    /// `n0 → n4` is a long edge passing column 1 below `n2` and `n3`.
    const PLAIN: &str = "graph 1 4 3
node n0 0.5 2 1 0.5 \"a b\" solid box black lightgrey
node n1 0.5 1 1 0.5 b solid box black lightgrey
node n2 2 1 1 0.5 c solid box black lightgrey
node n3 2 2 1 0.5 d solid box black lightgrey
node n4 3.5 0 1 0.5 e solid box black lightgrey
edge n0 n2 4 1 2 1.5 2 1.5 1 2 1 solid black
edge n1 n3 4 1 1 1.5 1 1.5 2 2 2 solid black
edge n0 n4 7 1 2 1.5 2 1.5 0.2 2 0.2 2.5 0.2 3 0 3.5 0 solid black
stop
";

    #[test]
    fn plain_output_is_read_in_pixels_with_y_down() {
        let plain = Plain::parse(PLAIN, 5).unwrap();
        assert_eq!(plain.centers[0], (36.0, -144.0));
        assert_eq!(plain.edges.len(), 3);
        assert_eq!(plain.edges[2].points.len(), 7);
        let column_of = [0, 0, 1, 1, 2];
        let xs = plain.column_x(&column_of, 3).unwrap();
        assert_eq!(xs, vec![36.0, 144.0, 252.0]);
    }

    #[test]
    fn crossings_are_counted_on_samples_at_the_columns() {
        let plain = Plain::parse(PLAIN, 5).unwrap();
        let column_of = [0, 0, 1, 1, 2];
        let xs = plain.column_x(&column_of, 3).unwrap();
        let (gaps, missed) = gap_segments(&plain, &column_of, &xs, Ends::Centers);
        assert_eq!(missed, 0);
        assert_eq!(gaps[0].len(), 3);
        assert_eq!(gaps[1].len(), 1);
        // n0→n2 × n1→n3; the long edge shares n0 with the first and passes
        // column 1 below both targets (y = 0.2 in, up in dot's terms).
        assert_eq!(count_crossings(&gaps), 2);
    }

    #[test]
    fn a_cubic_is_sampled_where_it_passes() {
        let line = [(0.0, 0.0), (1.0, 1.0), (2.0, 2.0), (3.0, 3.0)];
        let y = y_at(&line, 1.5).unwrap();
        assert!((y - 1.5).abs() < 1e-9);
        assert_eq!(y_at(&line, 4.0), None);
    }

    #[test]
    fn dot_source_has_one_rank_group_per_column_and_every_edge() {
        use logicmodel_bench::generate::{generate, Layout, Options};
        let text = generate(&Options::new(600, 1)).to_json(Layout::Compact);
        let model = logicmodel::load_str(&text).model.unwrap();
        let diagram = logicmodel::render::diagram(&model, &Default::default());
        let placement = Placement::of(&model, &diagram);
        let bands: Vec<String> = vec!["a \"band\"".into(); diagram.scene.bands.len()];
        let plain = write_dot(&diagram, &placement, &bands, Clusters::Without);
        assert!(plain.starts_with("digraph logicmodel {\n  rankdir=LR;"));
        assert_eq!(plain.matches("{rank=same;").count(), diagram.stages.len());
        assert_eq!(plain.matches(" -> ").count(), diagram.scene.edges.len());
        assert_eq!(
            plain.matches("fixedsize").count() + plain.matches("[width=").count(),
            1 + diagram.scene.nodes.len()
        );
        let clustered = write_dot(&diagram, &placement, &bands, Clusters::PerSection);
        assert_eq!(clustered.matches("subgraph cluster_").count(), bands.len());
        assert_eq!(
            clustered.matches("{rank=same;").count(),
            bands.len() * diagram.stages.len()
        );
    }

    #[test]
    fn labels_cannot_escape_their_string() {
        let mut out = String::new();
        escape_into("a \"b\" \\N c", &mut out);
        assert_eq!(out, "a \\\"b\\\" \\\\N c");
    }
}
