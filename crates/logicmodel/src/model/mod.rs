//! Stage 2 of the pipeline: the validated [`Model`].
//!
//! A model is a petgraph [`DiGraph`] whose nodes are typed boxes ([`Node`],
//! with [`NodeKind`] and [`Term`] as enums and ids as newtypes) and whose
//! edges carry the link's recorded reasoning ([`LinkInfo`]), plus the work
//! items and KPIs the boxes link to.
//!
//! Architecture invariant: after loading (`Model::build`), every reference in the
//! model resolves (dangling ones were dropped with a diagnostic) and node ids
//! are unique, so nothing downstream re-checks ids. The model keeps file
//! order everywhere, which is what makes every output deterministic.

pub(crate) mod build;
mod edit;
mod paths;
pub mod records;

use std::collections::BTreeMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::diagnostic::{Code, Level, Location};
pub use crate::vocabulary::{
    BoxOrder, ColumnKey, Confidence, Direction, Language, LinkType, NodeKind, Stage, Term,
};
pub use build::ModelBuilder;
pub use edit::RemovedNode;
pub use paths::Paths;
pub use records::{
    KpiRecord, LinkRecord, ModelFields, NodeRecord, Ref, SectionRecord, Spanned, WorkItemRecord,
};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The id as written in the file.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

id_type!(
    /// The id of a [`Node`].
    NodeId
);
id_type!(
    /// The id of a [`WorkItem`].
    WorkItemId
);
id_type!(
    /// The id of a [`Kpi`].
    KpiId
);
id_type!(
    /// The id of a [`Section`].
    SectionId
);

/// A box of the logic model.
#[derive(Clone, Debug)]
pub struct Node {
    id: NodeId,
    stage: Stage,
    // Boxed slices, not `String`/`Vec`: a million-node model holds a
    // million of each, and they never grow once built.
    label: Box<str>,
    description: Option<Box<str>>,
    section: Option<usize>,
    work_items: Box<[usize]>,
    kpis: Box<[usize]>,
    location: Location,
}

impl Node {
    /// The node's id.
    pub fn id(&self) -> &NodeId {
        &self.id
    }
    /// The column kind.
    pub fn kind(&self) -> NodeKind {
        self.stage.kind()
    }
    /// The term, for outcomes only.
    pub fn term(&self) -> Option<Term> {
        self.stage.term()
    }
    /// The column the node sits in (kind and, for outcomes, term).
    pub fn stage(&self) -> Stage {
        self.stage
    }
    /// The box text.
    pub fn label(&self) -> &str {
        &self.label
    }
    /// The longer description, if any.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// Index into [`Model::sections`], if the node belongs to a section.
    pub fn section_index(&self) -> Option<usize> {
        self.section
    }
    /// Where the node is in the source.
    pub fn location(&self) -> Location {
        self.location
    }
}

/// What an arrow records: where it is written and, when the planner gave
/// it, why this step leads to the next. Equality ignores the location.
#[derive(Clone, Debug, Default)]
pub struct LinkInfo {
    /// The reasoning, boxed because most links have none (an edge stays small).
    pub detail: Option<Box<LinkDetail>>,
    /// Where the link is written (the entry of `to`).
    pub location: Location,
}

/// The theory of change recorded on a link.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkDetail {
    /// Why this step leads to the next.
    pub rationale: Option<String>,
    /// What supports the rationale.
    pub evidence: Option<String>,
    /// How sure the planners are.
    pub confidence: Option<Confidence>,
    /// What the link declares itself to be (`"type"`): feedback or a same-column
    /// sequence; `None` for a plain step forward.
    pub link_type: Option<LinkType>,
    /// Whether whoever transcribed the model inferred the link (the
    /// source did not draw it).
    pub inferred: bool,
}

impl LinkInfo {
    /// Why this step leads to the next.
    pub fn rationale(&self) -> Option<&str> {
        self.detail.as_ref()?.rationale.as_deref()
    }
    /// What supports the rationale.
    pub fn evidence(&self) -> Option<&str> {
        self.detail.as_ref()?.evidence.as_deref()
    }
    /// How sure the planners are.
    pub fn confidence(&self) -> Option<Confidence> {
        self.detail.as_ref()?.confidence
    }
    /// Whether whoever transcribed the model inferred the link.
    pub fn inferred(&self) -> bool {
        self.detail.as_ref().is_some_and(|d| d.inferred)
    }
    /// What the link declares itself to be (`"type"`), if anything.
    pub fn link_type(&self) -> Option<LinkType> {
        self.detail.as_ref()?.link_type
    }
}

/// An edge of the model: source, target and the link's reasoning.
#[derive(Clone, Copy, Debug)]
pub struct Edge<'m> {
    /// Index of the source node.
    pub from: NodeIndex,
    /// Index of the target node.
    pub to: NodeIndex,
    /// The link's recorded reasoning and location.
    pub info: &'m LinkInfo,
}

/// A horizontal band of the diagram.
#[derive(Clone, Debug)]
pub struct Section {
    id: SectionId,
    label: Option<String>,
    location: Location,
}

impl Section {
    /// The section's id.
    pub fn id(&self) -> &SectionId {
        &self.id
    }
    /// The band's label (the id when the file gives none).
    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or(self.id.as_str())
    }
    /// The label as written, if any.
    pub fn written_label(&self) -> Option<&str> {
        self.label.as_deref()
    }
    /// Where the section is in the source.
    pub fn location(&self) -> Location {
        self.location
    }
}

/// A value in a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measurement {
    /// The fiscal year.
    pub year: i32,
    /// The value in the KPI's unit.
    pub value: f64,
}

impl Measurement {
    /// The value as people write it: no trailing `.0`, at most two decimals
    /// (`80`, `3.8`, `11`).
    ///
    /// ```
    /// use logicmodel::model::Measurement;
    /// assert_eq!(Measurement::format_value(80.0), "80");
    /// assert_eq!(Measurement::format_value(3.8), "3.8");
    /// assert_eq!(Measurement::format_value(2.0 / 3.0), "0.67");
    /// ```
    pub fn format_value(value: f64) -> String {
        if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{}", value as i64)
        } else {
            let text = format!("{value:.2}");
            text.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    }
}

/// A KPI's starting value, with the fiscal year it was measured in when the
/// source gives one (plans often state a 現状値 without its year).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Baseline {
    /// The fiscal year, if known.
    pub year: Option<i32>,
    /// The value in the KPI's unit.
    pub value: f64,
}

impl Baseline {
    /// The baseline as a dated measurement, when its year is known.
    pub fn dated(self) -> Option<Measurement> {
        Some(Measurement {
            year: self.year?,
            value: self.value,
        })
    }
}

impl From<Measurement> for Baseline {
    fn from(m: Measurement) -> Self {
        Baseline {
            year: Some(m.year),
            value: m.value,
        }
    }
}

/// The plan period in fiscal years, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    /// First fiscal year.
    pub start: i32,
    /// Last fiscal year.
    pub end: i32,
}

/// A project that carries out activities.
#[derive(Clone, Debug)]
pub struct WorkItem {
    id: WorkItemId,
    /// The project's name.
    pub title: String,
    /// Departments responsible.
    pub owners: Vec<String>,
    /// The situation today.
    pub current: Option<String>,
    /// The situation aimed for.
    pub ideal: Option<String>,
    /// Planned steps by fiscal year, in year order.
    pub schedule: Vec<(i32, Vec<String>)>,
    /// Progress notes.
    pub progress: Vec<String>,
    /// Whether the item is new in this revision.
    pub new_in_revision: bool,
    kpis: Vec<usize>,
    location: Location,
}

impl WorkItem {
    /// The work item's id.
    pub fn id(&self) -> &WorkItemId {
        &self.id
    }
    /// Where the work item is in the source.
    pub fn location(&self) -> Location {
        self.location
    }
}

/// A key performance indicator.
#[derive(Clone, Debug)]
pub struct Kpi {
    id: KpiId,
    /// What is measured.
    pub indicator: String,
    /// The unit of the values.
    pub unit: String,
    /// Whether higher or lower is better.
    pub direction: Direction,
    /// The starting value, dated or not.
    pub baseline: Option<Baseline>,
    /// The value aimed for; `None` while undecided.
    pub target: Option<Measurement>,
    /// A target stated in words (`増加`, `現状維持`) instead of `target`.
    pub qualitative_target: Option<String>,
    /// Why there is no target yet.
    pub target_note: Option<String>,
    /// Where the values come from (データソース).
    pub source: Option<String>,
    /// Measured values, in the order written.
    pub actuals: Vec<Measurement>,
    location: Location,
    target_location: Option<Location>,
    baseline_location: Option<Location>,
    /// How the file wrote what the writer could leave out: the default
    /// direction spelt out, and an undecided target as `"target": null`.
    written: KpiSpelling,
}

/// What a file spelt out that means the same as leaving it out, kept so
/// that writing a model back changes no more than needed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct KpiSpelling {
    pub direction: bool,
    pub null_target: bool,
}

impl Kpi {
    /// The words to show where the target's number would be: the target in
    /// words (`増加`), else why there is none yet (`未決定`).
    pub fn target_words(&self) -> Option<&str> {
        self.qualitative_target
            .as_deref()
            .or(self.target_note.as_deref())
    }
    /// The KPI's id.
    pub fn id(&self) -> &KpiId {
        &self.id
    }
    /// Where the KPI is in the source.
    pub fn location(&self) -> Location {
        self.location
    }
    /// The latest actual value (by year; the last written wins a tie).
    pub fn latest_actual(&self) -> Option<Measurement> {
        self.actuals
            .iter()
            .copied()
            .enumerate()
            .max_by_key(|&(i, m)| (m.year, i))
            .map(|(_, m)| m)
    }
}

/// Display headings of the diagram columns, as the file gives them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Columns {
    written: BTreeMap<ColumnKey, String>,
}

impl Columns {
    /// The file's heading for a column, if it gives one (an outcome term
    /// falls back to the general `outcome` heading).
    pub fn heading(&self, stage: Stage) -> Option<&str> {
        self.written
            .get(&ColumnKey::of(stage))
            .or(match stage {
                Stage::Outcome(_) => self.written.get(&ColumnKey::Outcome),
                _ => None,
            })
            .map(String::as_str)
    }

    /// The headings as written, by key, in key order.
    pub fn written(&self) -> impl Iterator<Item = (ColumnKey, &str)> + '_ {
        self.written
            .iter()
            .map(|(&key, heading)| (key, heading.as_str()))
    }
}

/// A validated logic model.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Train staff", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Better service"}]}"#).model.unwrap();
/// let activity = model.node_index("a").unwrap();
/// let paths: Vec<_> = model.paths_to_impacts(activity).collect();
/// assert_eq!(paths.len(), 1);
/// assert_eq!(model.node(paths[0][1]).id().as_str(), "i");
/// ```
#[derive(Clone, Debug)]
pub struct Model {
    schema: Option<String>,
    title: String,
    description: Option<String>,
    context: Vec<String>,
    revision: Option<String>,
    issued: Option<String>,
    language: Option<Language>,
    period: Option<Period>,
    columns: Columns,
    meta: Option<serde_json::Value>,
    sections: Vec<Section>,
    graph: DiGraph<Node, LinkInfo>,
    /// Node positions by id, for O(1) lookups without a second copy of every id.
    node_index: build::IdIndex,
    work_items: Vec<WorkItem>,
    kpis: Vec<Kpi>,
    levels: BTreeMap<Code, (Level, Location)>,
    location: Location,
    /// Whether work on this model (its checks) may use a second thread.
    threads: bool,
    /// Nodes whose outgoing links building dropped (a link to a missing or
    /// left-out node, a `to` with an error).
    dropped_from: Vec<NodeIndex>,
    /// Whether links were lost whose targets are unknown (with a left-out
    /// node, or an unreadable `to`).
    targets_unknown: bool,
    /// Where the error is that says the source's links are all missing.
    links_lost_at: Option<Location>,
    /// The model's own `chain_end`, if it sets one.
    chain_end_setting: Option<Stage>,
    /// The model's own `layout.order`, if it sets one.
    box_order: Option<BoxOrder>,
    /// Where chains end: kept up to date by every edit, as it depends on
    /// the columns used.
    chain_end: Option<Stage>,
}

impl Model {
    /// Whether [`Model::check`] may use a second thread on a big model:
    /// as loaded (see [`LoadOptions`](crate::LoadOptions)), or as set here.
    pub fn threads(&self) -> bool {
        self.threads
    }
    /// Allows or forbids a second thread for work on this model.
    pub fn set_threads(&mut self, allowed: bool) {
        self.threads = allowed;
    }
    /// Whether every link of the source made it into the model: false when
    /// loading left out a node (say, with an unknown kind), dropped a link
    /// to a node that does not exist, or skipped a node's value with an
    /// error. Conclusions that something is unreached are then unreliable,
    /// and [`crate::check::diagnose`] folds them into the loading error.
    /// Edits keep it as loaded.
    pub fn links_complete(&self) -> bool {
        self.dropped_from.is_empty() && !self.targets_unknown
    }
    /// The nodes whose outgoing links loading dropped, in file order.
    pub fn links_dropped_from(&self) -> &[NodeIndex] {
        &self.dropped_from
    }
    /// Whether loading lost links whose targets are unknown (so whether any
    /// node is really unreached cannot be told).
    pub fn lost_links_to_unknown_targets(&self) -> bool {
        self.targets_unknown
    }
    /// Where the loading error is that says the source has no links at all
    /// (tables without their links table), if there is one.
    pub(crate) fn links_lost_at(&self) -> Option<Location> {
        self.links_lost_at
    }
    /// Assumptions and external factors that hold for the whole programme
    /// (前提条件・外部要因), in the order written: drawn beside the diagram,
    /// not as boxes of a chain.
    pub fn context(&self) -> &[String] {
        &self.context
    }
    /// The `$schema` the file names, if any.
    pub fn schema(&self) -> Option<&str> {
        self.schema.as_deref()
    }
    /// The programme's title.
    pub fn title(&self) -> &str {
        &self.title
    }
    /// The description, if any.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
    /// The plan's revision, if any.
    pub fn revision(&self) -> Option<&str> {
        self.revision.as_deref()
    }
    /// The date of issue (`YYYY-MM-DD`), if any.
    pub fn issued(&self) -> Option<&str> {
        self.issued.as_deref()
    }
    /// The labels' language, if given.
    pub fn language(&self) -> Option<&Language> {
        self.language.as_ref()
    }
    /// The plan period, if given.
    pub fn period(&self) -> Option<Period> {
        self.period
    }
    /// The file's column headings.
    pub fn columns(&self) -> &Columns {
        &self.columns
    }
    /// The free-form `meta` object, kept for other tools.
    pub fn meta(&self) -> Option<&serde_json::Value> {
        self.meta.as_ref()
    }
    /// The sections in file order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }
    /// The position in [`Model::sections`] of the section `id`. O(sections).
    pub fn section_index(&self, id: &str) -> Option<usize> {
        self.sections.iter().position(|s| s.id.as_str() == id)
    }
    /// The underlying petgraph graph (node weights are [`Node`]s, edge weights [`LinkInfo`]).
    pub fn graph(&self) -> &DiGraph<Node, LinkInfo> {
        &self.graph
    }
    /// Where the top-level object is in the source.
    pub fn location(&self) -> Location {
        self.location
    }

    /// The number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }
    /// The number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// The node at `index`.
    ///
    /// # Panics
    /// If `index` does not come from this model.
    pub fn node(&self, index: NodeIndex) -> &Node {
        &self.graph[index]
    }

    /// Looks a node up by id. O(1).
    pub fn node_index(&self, id: &str) -> Option<NodeIndex> {
        self.node_index
            .get(id, |i| self.graph[NodeIndex::new(i as usize)].id.as_str())
            .map(|i| NodeIndex::new(i as usize))
    }

    /// Every node in file order, with its index.
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.graph
            .node_indices()
            .map(move |index| (index, &self.graph[index]))
    }

    /// The nodes of one kind, in file order.
    pub fn nodes_of_kind(&self, kind: NodeKind) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.nodes().filter(move |(_, node)| node.kind() == kind)
    }

    /// The nodes of one section (by index into [`Model::sections`]), in file order.
    pub fn nodes_in_section(
        &self,
        section: Option<usize>,
    ) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.nodes()
            .filter(move |(_, node)| node.section == section)
    }

    /// Every edge, grouped by source node in file order, targets in the order written.
    pub fn edges(&self) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.graph
            .node_indices()
            .flat_map(move |from| self.outgoing(from))
    }

    /// The edges leaving `node`, in the order written in its `to`.
    pub fn outgoing(&self, node: NodeIndex) -> impl Iterator<Item = Edge<'_>> + '_ {
        // petgraph lists a node's edges newest first; the file order is the reverse.
        let mut edges: Vec<_> = self
            .graph
            .edges(node)
            .map(|e| Edge {
                from: e.source(),
                to: e.target(),
                info: e.weight(),
            })
            .collect();
        edges.reverse();
        edges.into_iter()
    }

    /// The links out of `node` that are steps of a chain, in file order:
    /// [`Model::outgoing`] without the declared feedback and sequence links,
    /// which the checks, coverage and traces leave out of reachability.
    pub fn chain_outgoing(&self, node: NodeIndex) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.outgoing(node)
            .filter(|e| self.is_chain_step(e.from, e.to, e.info))
    }

    /// The links into `node` that are steps of a chain (see
    /// [`Model::chain_outgoing`]).
    pub fn chain_incoming(&self, node: NodeIndex) -> impl Iterator<Item = Edge<'_>> + '_ {
        self.incoming(node)
            .filter(|e| self.is_chain_step(e.from, e.to, e.info))
    }

    /// Whether the link `from` → `to` is a step of a chain: every link but
    /// a declared feedback and a declared sequence *within one column*. A
    /// `"type": "sequence"` between two columns is not what the word
    /// means, so it is an ordinary link and checked like one (a backward
    /// one is a `backward-edge`, whose help points at `feedback`).
    pub fn is_chain_step(&self, from: NodeIndex, to: NodeIndex, info: &LinkInfo) -> bool {
        match info.link_type() {
            None => true,
            Some(LinkType::Feedback) => false,
            Some(LinkType::Sequence) => self.graph[from].stage() != self.graph[to].stage(),
        }
    }

    /// The edges entering `node`, sources in file order.
    pub fn incoming(&self, node: NodeIndex) -> impl Iterator<Item = Edge<'_>> + '_ {
        let mut edges: Vec<_> = self
            .graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .map(|e| Edge {
                from: e.source(),
                to: e.target(),
                info: e.weight(),
            })
            .collect();
        edges.sort_by_key(|e| (e.from, e.info.location.offset));
        edges.into_iter()
    }

    /// All work items in file order.
    pub fn work_items(&self) -> &[WorkItem] {
        &self.work_items
    }
    /// All KPIs in file order.
    pub fn kpis(&self) -> &[Kpi] {
        &self.kpis
    }

    /// The work items that carry out `node`.
    pub fn work_items_of(&self, node: NodeIndex) -> impl Iterator<Item = &WorkItem> + '_ {
        self.graph[node]
            .work_items
            .iter()
            .map(move |&i| &self.work_items[i])
    }

    /// The KPIs listed on `node` itself (not those of its work items).
    pub fn own_kpis_of(&self, node: NodeIndex) -> impl Iterator<Item = &Kpi> + '_ {
        self.graph[node].kpis.iter().map(move |&i| &self.kpis[i])
    }

    /// The KPIs of `node`: those listed on the node, then those of its work
    /// items, each once, in that order.
    pub fn kpis_of(&self, node: NodeIndex) -> impl Iterator<Item = &Kpi> + '_ {
        let mut indices: Vec<usize> = self.graph[node].kpis.to_vec();
        for &w in &self.graph[node].work_items {
            for &k in &self.work_items[w].kpis {
                if !indices.contains(&k) {
                    indices.push(k);
                }
            }
        }
        indices.into_iter().map(move |i| &self.kpis[i])
    }

    /// The KPIs of a work item.
    pub fn kpis_of_work_item(&self, item: &WorkItem) -> impl Iterator<Item = &Kpi> + '_ {
        let kpis = item.kpis.clone();
        kpis.into_iter().map(move |i| &self.kpis[i])
    }

    /// The nodes that list `item` among their work items, in file order.
    pub fn nodes_of_work_item(&self, item: &WorkItemId) -> impl Iterator<Item = NodeIndex> + '_ {
        let position = self.work_items.iter().position(|w| &w.id == item);
        self.graph
            .node_indices()
            .filter(move |&n| position.is_some_and(|p| self.graph[n].work_items.contains(&p)))
    }

    /// Every simple path from `node` along edges to an impact, lazily, in
    /// file order of the edges. See [`Paths`] for the cost.
    pub fn paths_to_impacts(&self, node: NodeIndex) -> Paths<'_> {
        Paths::new(self, node, petgraph::Direction::Outgoing)
    }

    /// Every simple path from `node` against the edges to a node with no
    /// incoming edge (an assumption or input it rests on), lazily. The
    /// paths start at `node`; reverse one to read it left to right.
    pub fn paths_from_roots(&self, node: NodeIndex) -> Paths<'_> {
        Paths::new(self, node, petgraph::Direction::Incoming)
    }

    /// The column where this model's chains end — the one definition that
    /// the checks, coverage, traces and reports share: the model's own
    /// `chain_end` if it sets one, else the impact column if it has
    /// impacts, else the last column it uses (`None` for a model without
    /// nodes). A node in that column or after it ends a chain.
    pub fn chain_end(&self) -> Option<Stage> {
        self.chain_end
    }

    /// How the model asks its diagram to order the boxes of each column and section
    /// (`layout.order`), if it does.
    pub fn box_order(&self) -> Option<BoxOrder> {
        self.box_order
    }

    /// Sets (or clears) the model's own `layout.order`.
    pub fn set_box_order(&mut self, order: Option<BoxOrder>) {
        self.box_order = order;
    }

    /// The `chain_end` the model sets, if any.
    pub fn chain_end_setting(&self) -> Option<Stage> {
        self.chain_end_setting
    }

    /// Sets (or clears) the model's own `chain_end`.
    pub fn set_chain_end(&mut self, end: Option<Stage>) {
        self.chain_end_setting = end;
        self.refresh_chain_end();
    }

    /// Whether a chain ends at `node` (see [`Model::chain_end`]).
    pub fn is_chain_end(&self, node: NodeIndex) -> bool {
        self.chain_end
            .is_some_and(|end| self.graph[node].stage() >= end)
    }

    /// Recomputes [`Model::chain_end`] after the columns used may have changed.
    pub(crate) fn refresh_chain_end(&mut self) {
        self.chain_end = self.chain_end_setting.or_else(|| {
            let stages = self.graph.node_weights().map(Node::stage);
            if self
                .graph
                .node_weights()
                .any(|n| n.stage() == Stage::Impact)
            {
                Some(Stage::Impact)
            } else {
                stages.max()
            }
        });
    }

    /// The lint levels the file sets in `checks`, with where each is set.
    pub fn levels(&self) -> &BTreeMap<Code, (Level, Location)> {
        &self.levels
    }
}

// Equality of models and their parts is equality of content: where a thing
// was written (its `Location`) and how a default was spelt do not count, so
// that a model read back from what the writer wrote equals the original.

impl PartialEq for LinkInfo {
    fn eq(&self, other: &Self) -> bool {
        self.detail == other.detail
    }
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.stage == other.stage
            && self.label == other.label
            && self.description == other.description
            && self.section == other.section
            && self.work_items == other.work_items
            && self.kpis == other.kpis
    }
}

impl PartialEq for Section {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && self.label == other.label
    }
}

impl PartialEq for WorkItem {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.title == other.title
            && self.owners == other.owners
            && self.current == other.current
            && self.ideal == other.ideal
            && self.schedule == other.schedule
            && self.progress == other.progress
            && self.new_in_revision == other.new_in_revision
            && self.kpis == other.kpis
    }
}

impl PartialEq for Kpi {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
            && self.indicator == other.indicator
            && self.unit == other.unit
            && self.direction == other.direction
            && self.baseline == other.baseline
            && self.target == other.target
            && self.target_note == other.target_note
            && self.qualitative_target == other.qualitative_target
            && self.source == other.source
            && self.actuals == other.actuals
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Self) -> bool {
        let levels = |m: &Model| -> Vec<(Code, Level)> {
            m.levels.iter().map(|(&c, &(l, _))| (c, l)).collect()
        };
        let edges = |m: &Model| -> Vec<(usize, usize, Option<LinkDetail>)> {
            m.edges()
                .map(|e| {
                    (
                        e.from.index(),
                        e.to.index(),
                        e.info.detail.as_deref().cloned(),
                    )
                })
                .collect()
        };
        self.schema == other.schema
            && self.title == other.title
            && self.description == other.description
            && self.context == other.context
            && self.revision == other.revision
            && self.issued == other.issued
            && self.language == other.language
            && self.period == other.period
            && self.columns == other.columns
            && self.meta == other.meta
            && self.sections == other.sections
            && self.node_count() == other.node_count()
            && self
                .nodes()
                .zip(other.nodes())
                .all(|((_, a), (_, b))| a == b)
            && edges(self) == edges(other)
            && self.work_items == other.work_items
            && self.kpis == other.kpis
            && levels(self) == levels(other)
            && self.box_order == other.box_order
            // The setting, not the derived end: two models that say the
            // same are equal however their columns came about.
            && self.chain_end_setting == other.chain_end_setting
    }
}
