//! The ELK Layered peer of `logicmodel-bench render`: our drawing's graph as
//! ELK JSON, laid out by elkjs under Node (`benches/elk/layout.mjs`), read
//! back as a [`Drawing`].
//!
//! Like the DOT graph, it is the graph we draw: every node has our box's
//! width and height, the gaps are ours (node gap between boxes, column gap
//! between layers, edge gap around edges). Columns are fixed the way ELK
//! allows: every node's x is its column's x in our drawing and layering,
//! cycle breaking are `INTERACTIVE` (a layer is the set of nodes whose x
//! ranges overlap), with connected components laid out together so that the
//! columns line up across them. Its y is 0 for every node, so ELK starts
//! from nothing of ours. Sections are not given (ELK has no bands).
//!
//! Needs `node` on PATH and `npm ci --prefix benches/elk` (elkjs, no other
//! dependency); without them the bench says so and measures the others.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use logicmodel::layout::LayoutStyle;
use logicmodel::render::Diagram;
use serde::Deserialize;

use crate::dot::Run;
use crate::drawing::{Drawing, DrawnEdge};

/// A set of ELK options to try, with the name the tables give it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Settings {
    pub name: &'static str,
    /// `elk.layered.thoroughness` (ELK's default is 7).
    pub thoroughness: u32,
    /// Greedy switch after the layer sweep on graphs of every size (ELK turns
    /// it off above 40 nodes by default).
    pub greedy_switch: bool,
}

/// The settings the bench tries; each is reported, the best one counts.
pub const SETTINGS: [Settings; 2] = [
    Settings {
        name: "defaults",
        thoroughness: 7,
        greedy_switch: false,
    },
    Settings {
        name: "thoroughness 20, greedy switch",
        thoroughness: 20,
        greedy_switch: true,
    },
];

/// The directory of the Node script, or why ELK cannot run.
pub fn script() -> Result<PathBuf, String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("elk");
    let version = Command::new("node")
        .arg("--version")
        .stdin(Stdio::null())
        .output();
    match version {
        Ok(output) if output.status.success() => {}
        _ => return Err("no `node` on PATH".into()),
    }
    if !dir.join("node_modules/elkjs/package.json").exists() {
        return Err(format!(
            "elkjs is not installed (run `npm ci --prefix {}`)",
            dir.display()
        ));
    }
    Ok(dir.join("layout.mjs"))
}

/// Our drawing's graph as ELK JSON, with these settings.
pub fn write_graph(diagram: &Diagram, settings: Settings) -> String {
    let style = LayoutStyle::default();
    let scene = &diagram.scene;
    let mut out = String::with_capacity(scene.nodes.len() * 80 + scene.edges.len() * 60);
    let _ = write!(
        out,
        r#"{{"id":"root","layoutOptions":{{"elk.algorithm":"layered","elk.direction":"RIGHT","elk.layered.layering.strategy":"INTERACTIVE","elk.layered.cycleBreaking.strategy":"INTERACTIVE","elk.separateConnectedComponents":"false","elk.spacing.nodeNode":"{}","elk.layered.spacing.nodeNodeBetweenLayers":"{}","elk.spacing.edgeNode":"{}","elk.spacing.edgeEdge":"{}","elk.layered.spacing.edgeNodeBetweenLayers":"{}","elk.layered.spacing.edgeEdgeBetweenLayers":"{}","elk.layered.thoroughness":"{}""#,
        style.node_gap,
        style.column_gap,
        style.edge_gap,
        style.edge_gap,
        style.edge_gap,
        style.edge_gap,
        settings.thoroughness,
    );
    if settings.greedy_switch {
        out.push_str(r#","elk.layered.crossingMinimization.greedySwitch.type":"TWO_SIDED","elk.layered.crossingMinimization.greedySwitch.activationThreshold":"0""#);
    }
    out.push_str(r#"},"children":["#);
    for (i, node) in scene.nodes.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"id":"n{i}","x":{:.2},"y":0,"width":{:.2},"height":{:.2}}}"#,
            node.rect.x, node.rect.width, node.rect.height
        );
    }
    out.push_str(r#"],"edges":["#);
    for (k, edge) in scene.edges.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        let _ = write!(
            out,
            r#"{{"id":"e{k}","sources":["n{}"],"targets":["n{}"]}}"#,
            edge.from, edge.to
        );
    }
    out.push_str("]}");
    out
}

#[derive(Deserialize)]
struct Output {
    cpu_ms: Vec<f64>,
    wall_ms: Vec<f64>,
    nodes: Vec<(String, f64, f64, f64, f64)>,
    edges: Vec<(String, Vec<(f64, f64)>)>,
}

/// ELK's result: the CPU time of each layout run and the last run's drawing.
pub struct Layout {
    pub runs: Vec<Run>,
    pub drawing: Drawing,
}

fn index(id: &str, prefix: char) -> Option<usize> {
    id.strip_prefix(prefix)?.parse().ok()
}

/// Lays out `graph` (written by [`write_graph`]) `runs` times in one Node
/// process. `scratch` holds the input and output files. The edges of the
/// drawing are indexed like `ends`, our scene's edges.
pub fn run(
    script: &Path,
    graph: &str,
    ends: &[(usize, usize)],
    node_count: usize,
    runs: usize,
    scratch: &Path,
    name: &str,
) -> io::Result<Layout> {
    let input = scratch.join(format!("{name}.elk.json"));
    let output = scratch.join(format!("{name}.elk.out.json"));
    std::fs::write(&input, graph)?;
    let status = Command::new("node")
        .arg("--max-old-space-size=8192")
        .arg(script)
        .arg(&input)
        .arg(&output)
        .arg(runs.to_string())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        return Err(io::Error::other(format!("elkjs failed: {status}")));
    }
    let text = std::fs::read_to_string(&output)?;
    let parsed: Output = serde_json::from_str(&text).map_err(io::Error::other)?;
    let mut centers = vec![(f64::NAN, f64::NAN); node_count];
    for (id, x, y, width, height) in parsed.nodes {
        if let Some(center) = index(&id, 'n').and_then(|i| centers.get_mut(i)) {
            *center = (x + width / 2.0, y + height / 2.0);
        }
    }
    let edges = parsed
        .edges
        .into_iter()
        .filter_map(|(id, path)| {
            let (from, to) = *ends.get(index(&id, 'e')?)?;
            Some(DrawnEdge { from, to, path })
        })
        .collect();
    let duration = |ms: f64| Duration::from_secs_f64(ms.max(0.0) / 1000.0);
    let runs = parsed
        .cpu_ms
        .iter()
        .zip(&parsed.wall_ms)
        .map(|(&cpu, &wall)| Run {
            cpu: duration(cpu),
            wall: duration(wall),
        })
        .collect();
    Ok(Layout {
        runs,
        drawing: Drawing { centers, edges },
    })
}
