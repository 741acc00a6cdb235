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
mod marks;
mod sizing;
mod svg;
mod xml;

use std::collections::VecDeque;

use petgraph::graph::NodeIndex;

use crate::diagnostic::Diagnostic;
use crate::layout::{
    self, BandSpec, ColumnSpec, EdgeKind, EdgeSpec, LayoutInput, LayoutStyle, NodeSpec, Order,
    Scene,
};
use crate::model::{BoxOrder, LinkInfo, LinkType, Model, Stage, Term};
use crate::words::{self, Locale};

pub use self::fit::{fit, Fit, FitError, FitOptions, FitPage, PageSize, Split, MAX_FIT_BOXES};
pub use self::issues::{IssueEntry, IssueList};
pub use self::kpis::{mark_shape, KpiBlock, KpiRow, MarkShape};
pub use self::marks::{Mark, Marks};
pub(crate) use self::svg::canvas;
/// The column palette, shared with the interchange formats that carry colour.
pub(crate) use self::svg::colours;
pub use self::svg::{svg, SvgOptions};
pub use self::xml::push_num;

/// Which part of the model to draw.
#[derive(Clone, Debug, Default)]
pub struct DiagramOptions {
    /// Only this section (index into [`Model::sections`]); `None` draws all.
    pub section: Option<usize>,
    /// Only the chains through this node: everything it rests on and everything it leads to.
    pub focus: Option<NodeIndex>,
    /// How to order the boxes of each column (`render --order`); `None` follows the model
    /// (see [`layout_order`]), which minimises crossings unless it asks otherwise.
    pub order: Option<Order>,
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

/// The box order a model asks for when the caller does not choose one: the one place
/// where the model file's ordering option is read.
pub fn layout_order(model: &Model) -> Order {
    match model.box_order() {
        Some(BoxOrder::Source) => Order::Source,
        Some(BoxOrder::Crossings) | None => Order::Crossings,
    }
}

/// How a link is laid out: the one place where a link's declared type is mapped. A
/// feedback link (`"type": "feedback"`) is a back edge drawn around the columns; a
/// declared sequence (`"type": "sequence"`, one box of a column before another) is drawn
/// like any same-column link, with its own ports.
fn edge_kind(link: &LinkInfo) -> EdgeKind {
    match link.link_type() {
        Some(LinkType::Feedback) => EdgeKind::Feedback,
        Some(LinkType::Sequence) | None => EdgeKind::Flow,
    }
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
    /// For each scene band, the section it shows (`None` only in a model without sections,
    /// whose one band shows everything).
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
/// Columns are the stages the drawn nodes use, left to right; bands are the model's
/// sections in file order (one band without a label for a model without sections). A node
/// without a section in a model with sections is shared: it is drawn in its column across
/// the bands its links connect, not in a band of its own.
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
    // The sections that have a drawn node, in file order.
    let mut has_node = vec![false; model.sections().len()];
    for &n in &selected {
        if let Some(s) = model.node(n).section_index() {
            has_node[s] = true;
        }
    }
    let mut sections: Vec<Option<usize>> = (0..model.sections().len())
        .filter(|&s| options.section.is_none_or(|only| only == s) && has_node[s])
        .map(Some)
        .collect();
    if sections.is_empty() {
        sections.push(None);
    }
    let mut band_of_section = vec![usize::MAX; model.sections().len()];
    for (band, section) in sections.iter().enumerate() {
        if let Some(s) = section {
            band_of_section[*s] = band;
        }
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
                None => String::new(),
            },
        })
        .collect();

    let mut column_of_stage = [0usize; Stage::ALL.len()];
    for (column, &stage) in stages.iter().enumerate() {
        if let Some(i) = Stage::ALL.iter().position(|&s| s == stage) {
            column_of_stage[i] = column;
        }
    }
    let only_band = sections.len() == 1 && sections[0].is_none();
    let mut position = vec![usize::MAX; model.node_count()];
    let mut nodes = Vec::with_capacity(selected.len());
    let mut specs = Vec::with_capacity(selected.len());
    for &n in &selected {
        let node = model.node(n);
        let column = Stage::ALL
            .iter()
            .position(|&s| s == node.stage())
            .map_or(0, |i| column_of_stage[i]);
        let band = if only_band {
            Some(0)
        } else {
            node.section_index().map(|s| band_of_section[s])
        };
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
                edge_specs.push(EdgeSpec {
                    from,
                    to,
                    kind: edge_kind(edge.info),
                });
            }
        }
    }
    // The diagram keeps `edges` as long as the drawing lives; growing by doubling left up
    // to half of it spare (2 MB at 100 000 boxes).
    edges.shrink_to_fit();
    let mut input = LayoutInput {
        columns,
        bands,
        nodes: specs,
        edges: edge_specs,
        order: options.order.unwrap_or_else(|| layout_order(model)),
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
///
/// With a section: its nodes, and the nodes without a section that its chains reach
/// (following links forward from its nodes, and backward, through shared nodes only), so
/// that a plan-wide impact or a shared outcome stays in the drawing of every section that
/// leads to it. With a focus: the chains through that node.
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
    // An index from another model, past this one's nodes, selects nothing
    // rather than panicking (use `focus_id` to be safe).
    if options
        .focus
        .is_some_and(|focus| focus.index() >= model.node_count())
    {
        return Vec::new();
    }
    let in_section = |n: NodeIndex| {
        options
            .section
            .is_none_or(|s| model.node(n).section_index() == Some(s))
    };
    let mut keep = vec![false; model.node_count()];
    match options.focus {
        None => {
            for (i, _) in model.nodes() {
                keep[i.index()] = in_section(i);
            }
        }
        Some(focus) => {
            reach(model, &[focus], |_| true, &mut keep);
            for (i, _) in model.nodes() {
                keep[i.index()] &= in_section(i);
            }
        }
    }
    if options.section.is_some() {
        // Shared nodes the section's chains reach (only nodes already kept start them, so
        // with a focus too only the focused chains count).
        let starts: Vec<NodeIndex> = model
            .nodes()
            .map(|(i, _)| i)
            .filter(|&i| keep[i.index()])
            .collect();
        let focused = options.focus.map(|focus| {
            let mut through = vec![false; model.node_count()];
            reach(model, &[focus], |_| true, &mut through);
            through
        });
        let mut shared = vec![false; model.node_count()];
        reach(
            model,
            &starts,
            |n| model.node(n).section_index().is_none(),
            &mut shared,
        );
        for (i, node) in model.nodes() {
            let on_chain = focused.as_ref().is_none_or(|f| f[i.index()]);
            if shared[i.index()] && node.section_index().is_none() && on_chain {
                keep[i.index()] = true;
            }
        }
    }
    model
        .nodes()
        .map(|(i, _)| i)
        .filter(|&i| keep[i.index()])
        .collect()
}

/// Marks in `seen` every node reachable from `starts` forward, and every node reachable
/// backward, stepping only onto nodes `may_enter` accepts (the starts always). O(V + E).
fn reach(
    model: &Model,
    starts: &[NodeIndex],
    may_enter: impl Fn(NodeIndex) -> bool,
    seen: &mut [bool],
) {
    for direction in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
        let mut visited = vec![false; model.node_count()];
        let mut queue: VecDeque<NodeIndex> = starts.iter().copied().collect();
        for &s in starts {
            visited[s.index()] = true;
            seen[s.index()] = true;
        }
        while let Some(n) = queue.pop_front() {
            for next in model.graph().neighbors_directed(n, direction) {
                if !visited[next.index()] && may_enter(next) {
                    visited[next.index()] = true;
                    seen[next.index()] = true;
                    queue.push_back(next);
                }
            }
        }
    }
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
