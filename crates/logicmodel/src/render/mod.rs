//! Stage 5 of the pipeline: drawings of a model.
//!
//! [`diagram`] turns a [`Model`] (or a part of it: one section, the chains
//! through one node) into a [`Diagram`]: the [`crate::layout`]
//! scene plus the mapping from scene items back to model nodes. [`svg`]
//! writes a diagram as a self-contained SVG document. PNG and HTML are
//! written from the same scene by the CLI, so the drawings never disagree.
//!
//! Architecture invariant: rendering never re-runs checks; issues to show
//! are passed in as diagnostics. Output is a pure function of its input:
//! the same model gives byte-identical SVG.

mod svg;

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;

use crate::diagnostic::Diagnostic;
use crate::layout::{
    self, BandSpec, ColumnSpec, EdgeSpec, LayoutInput, LayoutStyle, NodeSpec, Scene,
};
use crate::model::{Model, Stage, Term};

pub use self::svg::{svg, SvgOptions};

/// Which part of the model to draw.
#[derive(Clone, Debug, Default)]
pub struct DiagramOptions {
    /// Only this section (index into [`Model::sections`]); `None` draws all.
    pub section: Option<usize>,
    /// Only the chains through this node: everything it rests on and everything it leads to.
    pub focus: Option<NodeIndex>,
    /// Sizes and gaps of the drawing.
    pub style: LayoutStyle,
}

/// A laid-out drawing of (part of) a model.
#[derive(Clone, Debug)]
pub struct Diagram {
    /// The geometry.
    pub scene: Scene,
    /// For each scene column, the model column it shows.
    pub stages: Vec<Stage>,
    /// For each scene band, the section it shows (`None`: nodes without a section).
    pub sections: Vec<Option<usize>>,
    /// For each scene node, the model node.
    pub nodes: Vec<NodeIndex>,
    /// For each layout edge, the model edge's endpoints.
    pub edges: Vec<(NodeIndex, NodeIndex)>,
}

/// The built-in name of a column, in English or Japanese.
pub fn stage_name(stage: Stage, japanese: bool) -> &'static str {
    match (stage, japanese) {
        (Stage::Assumption, false) => "Assumption",
        (Stage::Input, false) => "Input",
        (Stage::Activity, false) => "Activity",
        (Stage::Output, false) => "Output",
        (Stage::Outcome(Term::Short), false) => "Outcome (short term)",
        (Stage::Outcome(Term::Medium), false) => "Outcome (medium term)",
        (Stage::Outcome(Term::Long), false) => "Outcome (long term)",
        (Stage::Impact, false) => "Impact",
        (Stage::Assumption, true) => "前提",
        (Stage::Input, true) => "インプット",
        (Stage::Activity, true) => "活動",
        (Stage::Output, true) => "アウトプット",
        (Stage::Outcome(Term::Short), true) => "アウトカム（初期）",
        (Stage::Outcome(Term::Medium), true) => "アウトカム（中期）",
        (Stage::Outcome(Term::Long), true) => "アウトカム（長期）",
        (Stage::Impact, true) => "インパクト",
    }
}

/// English name of a column for its heading's first line (the seed's
/// slides, too, print the English kind above the Japanese heading).
fn stage_title(stage: Stage) -> &'static str {
    match stage {
        Stage::Outcome(Term::Short) => "Outcome · short",
        Stage::Outcome(Term::Medium) => "Outcome · medium",
        Stage::Outcome(Term::Long) => "Outcome · long",
        other => stage_name(other, false),
    }
}

/// Lays out the part of `model` that `options` selects.
///
/// Columns are the stages the drawn nodes use, left to right; bands are the
/// model's sections in file order (plus one for nodes without a section).
/// Cost: that of [`layout::layout`], plus O(V + E) to select and map.
pub fn diagram(model: &Model, options: &DiagramOptions) -> Diagram {
    let selected = select(model, options);
    let mut stages: Vec<Stage> = Stage::ALL
        .iter()
        .copied()
        .filter(|&s| selected.iter().any(|&n| model.node(n).stage() == s))
        .collect();
    if stages.is_empty() {
        stages = vec![
            Stage::Activity,
            Stage::Output,
            Stage::Outcome(Term::Short),
            Stage::Impact,
        ];
    }
    let mut sections: Vec<Option<usize>> = (0..model.sections().len())
        .filter(|&s| options.section.is_none_or(|only| only == s))
        .filter(|&s| {
            selected
                .iter()
                .any(|&n| model.node(n).section_index() == Some(s))
        })
        .map(Some)
        .collect();
    if selected
        .iter()
        .any(|&n| model.node(n).section_index().is_none())
        || sections.is_empty()
    {
        sections.push(None);
    }

    let columns = stages
        .iter()
        .map(|&stage| {
            let heading = match model.columns().heading(stage) {
                Some(h) => format!("{}\n{h}", stage_title(stage)),
                None => stage_title(stage).to_owned(),
            };
            ColumnSpec {
                heading,
                box_width: (stage == Stage::Impact).then_some(options.style.box_width * 1.15),
            }
        })
        .collect();
    let bands = sections
        .iter()
        .map(|s| BandSpec {
            label: match s {
                Some(s) => model.sections()[*s].label().to_owned(),
                None if model.sections().is_empty() => String::new(),
                None => "—".to_owned(),
            },
        })
        .collect();

    let mut position = vec![usize::MAX; model.node_count()];
    let mut nodes = Vec::with_capacity(selected.len());
    let mut specs = Vec::with_capacity(selected.len());
    for &n in &selected {
        let node = model.node(n);
        let column = stages.iter().position(|&s| s == node.stage()).unwrap_or(0);
        let band = sections
            .iter()
            .position(|&s| s == node.section_index())
            .unwrap_or(sections.len() - 1);
        position[n.index()] = nodes.len();
        nodes.push(n);
        specs.push(NodeSpec {
            column,
            band: Some(band),
            label: node.label().to_owned(),
        });
    }
    let mut edges = Vec::new();
    let mut edge_specs = Vec::new();
    for &n in &selected {
        for edge in model.outgoing(n) {
            let (from, to) = (position[edge.from.index()], position[edge.to.index()]);
            if from != usize::MAX && to != usize::MAX {
                edges.push((edge.from, edge.to));
                edge_specs.push(EdgeSpec::new(from, to));
            }
        }
    }
    let input = LayoutInput {
        columns,
        bands,
        nodes: specs,
        edges: edge_specs,
        order: layout::Order::default(),
        style: options.style.clone(),
    };
    // Every node's column and band index was taken from the lists built
    // above, so the input is valid; an invalid style is the caller's and
    // falls back to the default style rather than failing the drawing.
    let scene = layout::layout(&input).unwrap_or_else(|_| {
        let input = LayoutInput {
            style: LayoutStyle::default(),
            ..input
        };
        layout::layout(&input).expect("indices were built from the column and band lists")
    });
    Diagram {
        scene,
        stages,
        sections,
        nodes,
        edges,
    }
}

/// The nodes to draw, in file order.
fn select(model: &Model, options: &DiagramOptions) -> Vec<NodeIndex> {
    let in_section = |n: NodeIndex| {
        options
            .section
            .is_none_or(|s| model.node(n).section_index() == Some(s))
    };
    let Some(focus) = options.focus else {
        return model
            .nodes()
            .map(|(i, _)| i)
            .filter(|&i| in_section(i))
            .collect();
    };
    let mut keep = vec![false; model.node_count()];
    for direction in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
        let mut queue = VecDeque::from([focus]);
        keep[focus.index()] = true;
        let mut seen = vec![false; model.node_count()];
        seen[focus.index()] = true;
        while let Some(n) = queue.pop_front() {
            for next in model.graph().neighbors_directed(n, direction) {
                if !seen[next.index()] {
                    seen[next.index()] = true;
                    keep[next.index()] = true;
                    queue.push_back(next);
                }
            }
        }
    }
    model
        .nodes()
        .map(|(i, _)| i)
        .filter(|&i| keep[i.index()] && in_section(i))
        .collect()
}

/// Diagnostics grouped by the node they are about (their first id), built
/// once so that drawing or reporting N nodes with D issues costs O(N + D),
/// not O(N × D).
pub(crate) struct IssueIndex<'d> {
    by_node: std::collections::HashMap<&'d str, Vec<&'d Diagnostic>>,
}

impl<'d> IssueIndex<'d> {
    /// Groups `issues` by first id, keeping their order.
    pub(crate) fn new(issues: &'d [Diagnostic]) -> IssueIndex<'d> {
        let mut by_node: std::collections::HashMap<&str, Vec<&Diagnostic>> = Default::default();
        for issue in issues {
            if let Some(first) = issue.ids().first() {
                by_node.entry(first.as_str()).or_default().push(issue);
            }
        }
        IssueIndex { by_node }
    }

    /// The issues about `node_id`, in the order given.
    pub(crate) fn of(&self, node_id: &str) -> &[&'d Diagnostic] {
        self.by_node.get(node_id).map_or(&[], Vec::as_slice)
    }
}
