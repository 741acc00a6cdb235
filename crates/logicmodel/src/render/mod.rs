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

mod fit;
mod issues;
mod kpis;
mod sizing;
mod svg;

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;

use crate::diagnostic::Diagnostic;
use crate::layout::{
    self, BandSpec, ColumnSpec, EdgeSpec, LayoutInput, LayoutStyle, NodeSpec, Scene,
};
use crate::model::{Model, Stage, Term};
use crate::words::{self, Locale};

pub use self::fit::{fit, Fit, FitError, FitOptions, FitPage, PageSize, Split, MAX_FIT_BOXES};
pub use self::issues::{IssueEntry, IssueList};
pub use self::kpis::{mark_shape, KpiBlock, KpiRow, MarkShape};
pub(crate) use self::svg::canvas;
/// The column palette, shared with the interchange formats that carry colour.
pub(crate) use self::svg::colours;
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
    /// Show each box's KPIs inside it: indicator, target, latest actual and a
    /// status mark (`render --kpis`).
    pub kpis: bool,
    /// Only these nodes, of those `section` and `focus` select (a page of
    /// [`fit`](fn@fit)); `None` draws all of them.
    pub nodes: Option<Vec<NodeIndex>>,
    /// Keep the style's box widths even where a word or phrase is wider than
    /// a box (it is then hyphenated or broken inside); by default a column
    /// widens, up to 1.5×, for its widest word or phrase.
    pub keep_box_widths: bool,
}

/// [`diagram`], or an error when `options.style` is not a style a drawing
/// can have (a size that is zero, negative, not finite or absurdly large),
/// where [`diagram`] falls back to the default style.
///
/// ```
/// use logicmodel::render::{try_diagram, DiagramOptions};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": []}"#).model.unwrap();
/// let mut options = DiagramOptions::default();
/// options.style.font_size = -3.0;
/// assert!(try_diagram(&model, &options).unwrap_err().to_string().contains("font_size"));
/// ```
pub fn try_diagram(
    model: &Model,
    options: &DiagramOptions,
) -> Result<Diagram, crate::layout::LayoutError> {
    options.style.check()?;
    Ok(diagram(model, options))
}

impl DiagramOptions {
    /// Draws only the section with the id `id`.
    ///
    /// ```
    /// use logicmodel::render::DiagramOptions;
    /// let model = logicmodel::load_str(r#"{"format": 1, "title": "t",
    ///   "sections": [{"id": "s1", "label": "Food"}], "nodes": []}"#).model.unwrap();
    /// assert_eq!(DiagramOptions::default().section_id(&model, "s1").unwrap().section, Some(0));
    /// let wrong = DiagramOptions::default().section_id(&model, "Food").unwrap_err();
    /// assert_eq!(wrong.to_string(), "no section `Food`; the sections are: s1");
    /// ```
    pub fn section_id(mut self, model: &Model, id: &str) -> Result<DiagramOptions, UnknownId> {
        self.section = Some(model.section_index(id).ok_or_else(|| {
            UnknownId {
                what: "section",
                id: id.to_owned(),
                known: model
                    .sections()
                    .iter()
                    .map(|s| s.id().to_string())
                    .collect(),
            }
        })?);
        Ok(self)
    }

    /// Draws only the chains through the node with the id `id`.
    pub fn focus_id(mut self, model: &Model, id: &str) -> Result<DiagramOptions, UnknownId> {
        self.focus = Some(model.node_index(id).ok_or_else(|| UnknownId {
            what: "node",
            id: id.to_owned(),
            known: Vec::new(),
        })?);
        Ok(self)
    }
}

/// An id that names no record of the model, from [`DiagramOptions::section_id`]
/// or [`DiagramOptions::focus_id`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownId {
    /// What was looked for: `section` or `node`.
    pub what: &'static str,
    /// The id given.
    pub id: String,
    /// The ids there are, when few enough to list (sections).
    pub known: Vec<String>,
}

impl std::fmt::Display for UnknownId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "no {} `{}`",
            self.what,
            crate::diagnostic::excerpt(&self.id)
        )?;
        if !self.known.is_empty() {
            write!(f, "; the {}s are: {}", self.what, self.known.join(", "))?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownId {}

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
    /// For each scene node, its KPI rows when [`DiagramOptions::kpis`] is set
    /// (drawn in the room the box keeps below its label); empty otherwise.
    pub kpis: Vec<KpiBlock>,
}

/// The built-in name of a column, in English or Japanese (see
/// [`crate::words::stage_name`], which this forwards to).
pub fn stage_name(stage: Stage, japanese: bool) -> &'static str {
    words::stage_name(stage, Locale::from_japanese(japanese))
}

/// The heading drawn above a column: the built-in heading of the stage in
/// the model's language ([`crate::words::stage_heading`]), then the model's
/// own heading for it (`columns` in the file) on the next line.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "language": "ja",
///   "columns": {"impact": "ありたい姿"}, "nodes": []}"#).model.unwrap();
/// use logicmodel::model::Stage;
/// assert_eq!(logicmodel::render::column_heading(&model, Stage::Input), "インプット");
/// assert_eq!(logicmodel::render::column_heading(&model, Stage::Impact), "インパクト\nありたい姿");
/// ```
pub fn column_heading(model: &Model, stage: Stage) -> String {
    let built_in = words::stage_heading(stage, Locale::of(model));
    match model.columns().heading(stage) {
        Some(h) => format!("{built_in}\n{h}"),
        None => built_in.to_owned(),
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
        .map(|&stage| ColumnSpec {
            heading: column_heading(model, stage),
            box_width: (stage == Stage::Impact).then_some(options.style.box_width * 1.15),
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
            band,
            label: node.label().to_owned(),
            reserved_height: 0.0,
        });
    }
    let mut edges = Vec::new();
    let mut edge_specs = Vec::new();
    for &n in &selected {
        for edge in model.outgoing(n) {
            let (from, to) = (position[edge.from.index()], position[edge.to.index()]);
            if from != usize::MAX && to != usize::MAX {
                edges.push((edge.from, edge.to));
                edge_specs.push(EdgeSpec { from, to });
            }
        }
    }
    let mut input = LayoutInput {
        columns,
        bands,
        nodes: specs,
        edges: edge_specs,
        style: options.style.clone(),
    };
    if options.keep_box_widths {
        sizing::drop_empty_band_labels(&mut input);
    } else {
        sizing::widen_for_words(&mut input);
    }
    let kpis = if options.kpis {
        kpis::reserve_rows(model, &nodes, &mut input)
    } else {
        Vec::new()
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
        kpis,
    }
}

/// The nodes to draw, in file order.
fn select(model: &Model, options: &DiagramOptions) -> Vec<NodeIndex> {
    let selected = select_chains(model, options);
    match &options.nodes {
        None => selected,
        Some(only) => {
            let mut keep = vec![false; model.node_count()];
            for n in only {
                if let Some(k) = keep.get_mut(n.index()) {
                    *k = true;
                }
            }
            selected.into_iter().filter(|n| keep[n.index()]).collect()
        }
    }
}

/// The nodes that `section` and `focus` select, in file order.
fn select_chains(model: &Model, options: &DiagramOptions) -> Vec<NodeIndex> {
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
    // An index from another model, past this one's nodes, selects nothing
    // rather than panicking (use `focus_id` to be safe).
    if focus.index() >= model.node_count() {
        return Vec::new();
    }
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
