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

use crate::drawing::{flatten_cubic, Drawing, DrawnEdge};

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
    /// It exited with status 0.
    Done(Run),
    /// It was killed after the timeout.
    TimedOut,
    /// It failed; the message holds the status and the start of its stderr.
    Failed(String),
}

/// The time of one finished run of a peer's process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Run {
    /// User + system CPU time of the process (see [`crate::cpu::children`]).
    pub cpu: Duration,
    /// Wall clock from spawning to exit.
    pub wall: Duration,
}

/// Runs `dot -T{format} -o {output} {input}` and waits at most `timeout`.
///
/// The times include starting the process and reading the file; dot's
/// stderr goes to a file next to `output` so that a flood of warnings can
/// never block it.
pub fn run_dot(
    format: &str,
    input: &Path,
    output: &Path,
    stderr: &Path,
    timeout: Duration,
) -> io::Result<Outcome> {
    let cpu_before = crate::cpu::children();
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
            let wall = start.elapsed();
            if status.success() {
                let cpu = crate::cpu::children().saturating_sub(cpu_before);
                return Ok(Outcome::Done(Run { cpu, wall }));
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

    /// Dot's drawing in the form all three tools are measured in: every
    /// spline flattened into chords.
    pub fn to_drawing(&self) -> Drawing {
        let edges = self
            .edges
            .iter()
            .map(|edge| {
                let mut path = Vec::with_capacity(edge.points.len() * 11);
                if let Some(&first) = edge.points.first() {
                    path.push(first);
                    let mut piece = 0;
                    while piece + 3 < edge.points.len() {
                        let p = &edge.points[piece..piece + 4];
                        flatten_cubic(p[0], [p[1], p[2], p[3]], &mut path);
                        piece += 3;
                    }
                }
                DrawnEdge {
                    from: edge.tail,
                    to: edge.head,
                    path,
                }
            })
            .collect();
        Drawing {
            centers: self.centers.clone(),
            edges,
        }
    }
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
    }

    #[test]
    fn crossings_are_counted_on_samples_at_the_columns() {
        let plain = Plain::parse(PLAIN, 5).unwrap();
        let column_of = [0, 0, 1, 1, 2];
        let drawing = plain.to_drawing();
        assert_eq!(
            drawing.column_x(&column_of, 3).unwrap(),
            vec![36.0, 144.0, 252.0]
        );
        // n0→n2 × n1→n3; the long edge shares n0 with the first and passes
        // column 1 below both targets (y = 0.2 in, up in dot's terms).
        assert_eq!(drawing.crossings(&column_of, 3), Ok((2, 0)));
        assert_eq!(drawing.level_edges(&column_of), 0);
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
