//! Validation: raw layer → [`Model`]. Checks ids, uniqueness and references;
//! whatever is broken is dropped with a diagnostic, the rest is kept so the
//! model can still be checked and drawn.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use petgraph::graph::{DiGraph, NodeIndex};

use super::records::{
    KpiRecord, LinkRecord, ModelFields, NodeRecord, Ref, SectionRecord, Spanned, WorkItemRecord,
};
use super::*;
use crate::diagnostic::{excerpt, Diagnostic};
use crate::vocabulary::{closest_id, MAX_SUGGESTION_CANDIDATES};

/// Whether `id` is a valid id: non-empty, ASCII letters, digits, `_`, `.`, `-`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn check_id(id: &Spanned<impl AsRef<str>>, what: &str, diagnostics: &mut Vec<Diagnostic>) {
    let (value, location) = (id.value.as_ref(), id.location);
    if !is_valid_id(value) {
        let shown: String = excerpt(value)
            .chars()
            .flat_map(char::escape_debug)
            .collect();
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidId,
                format!("{what} id `{shown}` may only use letters, digits, `_`, `.` and `-`"),
                location,
            )
            .with_id(value)
            .with_help(
                "ids are ASCII slugs such as `a-online-application`; put the text in `label`",
            ),
        );
    }
}

/// Records by id, without a second copy of the ids: the table holds
/// positions, and the ids are read from where the records keep them.
/// Each entry also keeps 32 bits of its id's hash, so that growing the
/// table and most mismatches need not fetch the id; at 8 bytes an entry,
/// the table of a million ids stays small enough to be mostly cached.
#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<(u32, u32)>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

/// The table's hash of a 32-bit id hash: the bits spread over all 64, as
/// hashbrown takes the bucket from the low bits and a tag from the high.
fn spread(tag: u32) -> u64 {
    u64::from(tag).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl IdIndex {
    fn tag(&self, id: &str) -> u32 {
        (self.hasher.hash_one(id) >> 32) as u32
    }

    /// The position of `id`; `id_at` gives the id at a position.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(u32) -> &'a str) -> Option<u32> {
        let tag = self.tag(id);
        self.table
            .find(spread(tag), |&(at, t)| t == tag && id_at(at) == id)
            .map(|&(at, _)| at)
    }

    /// Adds `id` at `position` if it is new; returns the earlier position otherwise.
    pub(crate) fn insert<'a>(
        &mut self,
        id: &str,
        position: u32,
        id_at: impl Fn(u32) -> &'a str,
    ) -> Result<(), u32> {
        let tag = self.tag(id);
        match self.table.entry(
            spread(tag),
            |&(at, t)| t == tag && id_at(at) == id,
            |&(_, t)| spread(t),
        ) {
            hashbrown::hash_table::Entry::Occupied(earlier) => Err(earlier.get().0),
            hashbrown::hash_table::Entry::Vacant(slot) => {
                slot.insert((position, tag));
                Ok(())
            }
        }
    }

    fn reserve(&mut self, additional: usize) {
        self.table.reserve(additional, |&(_, t)| spread(t));
    }
}

fn duplicate(what: &str, id: &Spanned<impl AsRef<str>>, earlier: Location) -> Diagnostic {
    let value = id.value.as_ref();
    Diagnostic::new(
        Code::DuplicateId,
        format!(
            "{what} id `{}` is already used at line {}",
            excerpt(value),
            earlier.line
        ),
        id.location,
    )
    .with_id(value)
    .with_help("give each one its own id; this one is left out")
}

/// `lookup` of every item, in order; on two threads when there are many
/// (and the second thread can be started), else on this one.
fn resolve_in_parallel<T: Sync>(
    items: &[T],
    lookup: impl Fn(&T) -> Option<u32> + Sync,
) -> Vec<Option<u32>> {
    const PARALLEL_ABOVE: usize = 50_000;
    let resolve = |part: &[T]| part.iter().map(&lookup).collect::<Vec<_>>();
    if items.len() <= PARALLEL_ABOVE {
        return resolve(items);
    }
    let (first, second) = items.split_at(items.len() / 2);
    let (mut resolved, rest) = crate::parallel::both(|| resolve(first), || resolve(second), true);
    resolved.extend(rest);
    resolved
}

/// The ids for "did you mean", sorted, or none where suggestions are skipped
/// (large models), so that nothing is copied for them.
fn names<'a>(count: usize, at: impl Fn(u32) -> &'a str) -> Vec<String> {
    if count > MAX_SUGGESTION_CANDIDATES {
        return Vec::new();
    }
    let mut names: Vec<String> = (0..count).map(|i| at(position(i)).to_owned()).collect();
    names.sort_unstable();
    names
}

/// A position as stored in an [`IdIndex`]; a model has far fewer than 2³² records.
fn position(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

fn dangling(what: &str, id: &Ref<'_>, owner: &str, known: &[String]) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::DanglingReference,
        format!(
            "`{}` refers to {what} `{}`, which does not exist",
            excerpt(owner),
            excerpt(&id.value)
        ),
        id.location,
    )
    .with_id(owner.to_owned())
    .with_id(id.value.clone().into_owned());
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    if let Some(close) = closest_id(&id.value, &known) {
        diagnostic = diagnostic.with_help(format!("did you mean `{close}`?"));
    }
    diagnostic
}

/// The lists of a node, which [`ModelBuilder::node_with_lists`] empties
/// (so that a reader can reuse them from node to node).
#[derive(Default)]
pub(crate) struct NodeRefs<'a> {
    pub to: Vec<LinkRecord<'a>>,
    pub work_items: Vec<Ref<'a>>,
    pub kpis: Vec<Ref<'a>>,
}

impl NodeRefs<'_> {
    pub(crate) fn clear(&mut self) {
        self.to.clear();
        self.work_items.clear();
        self.kpis.clear();
    }
}

/// What a reference of a node points at.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RefKind {
    Section,
    WorkItem,
    Kpi,
}

/// A reference of a kept node or work item, resolved once every record is
/// known. The pending lists are flat and in their owners' order (one
/// allocation in all, not one per owner: they are the largest thing held
/// while a big file loads).
struct PendingRef<'a> {
    /// The position of the node (or, for work items' KPIs, the work item).
    owner: u32,
    kind: RefKind,
    target: Ref<'a>,
}

/// An entry of a kept node's `to`, resolved once every node is known.
struct PendingLink<'a> {
    node: u32,
    link: LinkRecord<'a>,
}

/// Builds a [`Model`] from records handed over one at a time: the one way
/// a model is made, by the JSON reader and by other tools alike.
///
/// Ids are checked and de-duplicated as records arrive; references are
/// resolved in [`ModelBuilder::finish`], since they may point forward. Like
/// a file, a broken record is left out with a [`Diagnostic`] naming its id,
/// and the rest is kept. Records built in code have no source location, so
/// their diagnostics name ids only.
///
/// ```
/// use logicmodel::model::{ModelBuilder, ModelFields, NodeRecord, Stage};
/// let mut builder = ModelBuilder::new();
/// builder.node(NodeRecord::new("a", Stage::Activity, "Weekly reading sessions").to("i"));
/// builder.node(NodeRecord::new("i", Stage::Impact, "Children read for pleasure"));
/// builder.node(NodeRecord::new("x", Stage::Output, "Dangling").to("nowhere"));
/// let (model, diagnostics) = builder.finish(ModelFields::titled("Reading club"));
/// assert_eq!(model.edge_count(), 1);
/// assert_eq!(diagnostics[0].code(), logicmodel::Code::DanglingReference);
/// assert_eq!(diagnostics[0].ids(), ["x", "nowhere"]);
/// ```
///
/// Cost: O(1) expected per record and per reference (hash lookups), plus
/// sorting the ids for "did you mean" in models small enough to get them.
pub struct ModelBuilder<'a> {
    sections: Vec<Section>,
    section_index: IdIndex,
    kpis: Vec<Kpi>,
    kpi_index: IdIndex,
    work_items: Vec<WorkItem>,
    work_item_index: IdIndex,
    /// The `kpis` of the kept work items, by position in `work_items`.
    work_item_kpis: Vec<PendingRef<'a>>,
    graph: DiGraph<Node, LinkInfo>,
    node_index: IdIndex,
    pending_refs: Vec<PendingRef<'a>>,
    pending_links: Vec<PendingLink<'a>>,
    /// Ids of nodes left out for their own error, so that references to
    /// them are not called unknown.
    left_out: Vec<String>,
    /// Nodes whose outgoing links were (partly) dropped, and whether links
    /// of unknown targets were lost (see [`Model::links_complete`]).
    dropped_from: Vec<u32>,
    targets_unknown: bool,
    /// Where the error is that says all links are missing, if one does.
    links_lost_at: Option<Location>,
    diagnostics: Vec<Diagnostic>,
    /// Whether big lookups may use a second thread.
    parallel: bool,
}

impl Default for ModelBuilder<'_> {
    fn default() -> Self {
        ModelBuilder::new()
    }
}

impl std::fmt::Debug for ModelBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelBuilder")
            .field("nodes", &self.graph.node_count())
            .field("work_items", &self.work_items.len())
            .field("kpis", &self.kpis.len())
            .field("sections", &self.sections.len())
            .finish_non_exhaustive()
    }
}

impl<'a> ModelBuilder<'a> {
    /// An empty builder.
    pub fn new() -> ModelBuilder<'a> {
        ModelBuilder {
            sections: Vec::new(),
            section_index: IdIndex::default(),
            kpis: Vec::new(),
            kpi_index: IdIndex::default(),
            work_items: Vec::new(),
            work_item_index: IdIndex::default(),
            work_item_kpis: Vec::new(),
            graph: DiGraph::new(),
            node_index: IdIndex::default(),
            pending_refs: Vec::new(),
            pending_links: Vec::new(),
            left_out: Vec::new(),
            dropped_from: Vec::new(),
            targets_unknown: false,
            links_lost_at: None,
            diagnostics: Vec::new(),
            parallel: true,
        }
    }

    /// Whether the builder may look references up on a second thread
    /// when there are very many (the default); `false` keeps all work on
    /// the caller's thread. The result is the same either way.
    pub fn parallel(mut self, parallel: bool) -> ModelBuilder<'a> {
        self.parallel = parallel;
        self
    }

    /// Room for `nodes` more nodes (and their usual number of edges).
    pub fn reserve_nodes(&mut self, nodes: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(nodes * 3 / 2);
        self.pending_links.reserve(nodes * 3 / 2);
        self.node_index.reserve(nodes);
    }

    /// Adds a section.
    pub fn section(&mut self, section: SectionRecord) {
        check_id(&section.id, "section", &mut self.diagnostics);
        let sections = &self.sections;
        let at = |i: u32| sections[i as usize].id.as_str();
        if let Err(earlier) =
            self.section_index
                .insert(&section.id.value, position(sections.len()), at)
        {
            let earlier = sections[earlier as usize].location;
            self.diagnostics
                .push(duplicate("section", &section.id, earlier));
            return;
        }
        self.sections.push(Section {
            label: section.label,
            id: SectionId(section.id.value),
            location: section.location,
        });
    }

    /// Adds a KPI.
    pub fn kpi(&mut self, mut kpi: KpiRecord) {
        check_id(&kpi.id, "KPI", &mut self.diagnostics);
        let kpis = &self.kpis;
        let at = |i: u32| kpis[i as usize].id.as_str();
        if let Err(earlier) = self
            .kpi_index
            .insert(&kpi.id.value, position(kpis.len()), at)
        {
            let earlier = kpis[earlier as usize].location;
            self.diagnostics.push(duplicate("KPI", &kpi.id, earlier));
            return;
        }
        if let (Some(target), Some(_)) = (&kpi.target, &kpi.qualitative_target) {
            // Two targets would make the status ambiguous.
            self.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "KPI `{}` has both a `target` and a `qualitative_target`",
                        excerpt(&kpi.id.value)
                    ),
                    target.location,
                )
                .with_id(kpi.id.value.clone())
                .with_help(
                    "keep the number in `target`, or the words in `qualitative_target`, not both",
                ),
            );
            // The number is kept and the words left out, as an error leaves
            // out what it is about.
            kpi.qualitative_target = None;
        }
        self.kpis.push(Kpi {
            id: KpiId(kpi.id.value),
            indicator: kpi.indicator,
            unit: kpi.unit,
            direction: kpi.direction.unwrap_or(Direction::Increase),
            baseline: kpi.baseline.as_ref().map(|m| m.value),
            target: kpi.target.as_ref().map(|m| m.value),
            target_note: kpi.target_note,
            qualitative_target: kpi.qualitative_target,
            source: kpi.source,
            actuals: kpi.actuals.iter().map(|m| m.value).collect(),
            location: kpi.location,
            target_location: kpi.target.as_ref().map(|t| t.location),
            baseline_location: kpi.baseline.as_ref().map(|b| b.location),
            written: KpiSpelling {
                direction: kpi.direction.is_some(),
                null_target: kpi.target_null && kpi.target.is_none(),
            },
        });
    }

    /// Adds a work item.
    pub fn work_item(&mut self, item: WorkItemRecord) {
        check_id(&item.id, "work item", &mut self.diagnostics);
        let items = &self.work_items;
        let at = |i: u32| items[i as usize].id.as_str();
        if let Err(earlier) = self
            .work_item_index
            .insert(&item.id.value, position(items.len()), at)
        {
            let earlier = items[earlier as usize].location;
            self.diagnostics
                .push(duplicate("work item", &item.id, earlier));
            return;
        }
        let at = position(self.work_items.len());
        self.work_item_kpis
            .extend(item.kpis.into_iter().map(|r| PendingRef {
                owner: at,
                kind: RefKind::Kpi,
                target: Spanned {
                    value: Cow::Owned(r.value),
                    location: r.location,
                },
            }));
        let mut schedule: Vec<(i32, Vec<String>)> = item
            .schedule
            .into_iter()
            .map(|(year, steps)| (year.value, steps))
            .collect();
        schedule.sort_by_key(|&(year, _)| year);
        self.work_items.push(WorkItem {
            id: WorkItemId(item.id.value),
            title: item.title,
            owners: item.owners,
            current: item.current,
            ideal: item.ideal,
            schedule,
            progress: item.progress,
            new_in_revision: item.new_in_revision,
            kpis: Vec::new(),
            location: item.location,
        });
    }

    /// Adds a node with its links and references.
    pub fn node(&mut self, mut node: NodeRecord<'a>) {
        let mut refs = NodeRefs {
            to: std::mem::take(&mut node.to),
            work_items: std::mem::take(&mut node.work_items),
            kpis: std::mem::take(&mut node.kpis),
        };
        self.node_with_lists(node, &mut refs);
    }

    /// Records that the node `id` was left out because of its own error
    /// (say, an unknown kind), so that links to it are reported as links
    /// to a broken node rather than to an unknown one.
    pub fn left_out_node(&mut self, id: impl Into<String>) {
        self.left_out.push(id.into());
        // Its own links are lost with it.
        self.targets_unknown = true;
    }

    /// Records that the node added last has links in its source that could
    /// not be read (its `to` had an error), so the model lacks them: checks
    /// that conclude a path is missing are then folded into that error
    /// ([`crate::check::diagnose`]).
    pub fn links_lost(&mut self) {
        if let Some(last) = self.graph.node_count().checked_sub(1) {
            self.dropped_from.push(position(last));
        }
        self.targets_unknown = true;
    }

    /// Records that the source's links are missing altogether (a workbook
    /// or a folder of tables without its links table), as the error at `at`
    /// says: every node added so far may have had links, to any node, and
    /// the findings that follow are folded into that error.
    pub fn all_links_lost(&mut self, at: Location) {
        let nodes = self.graph.node_count();
        self.dropped_from.extend((0..nodes).map(position));
        self.targets_unknown = true;
        self.links_lost_at = Some(at);
    }

    /// Records that links of the source were lost with a record that could
    /// not be read at all (a node that is not an object, or has no id): it
    /// is unknown which nodes they reached.
    pub fn links_incomplete(&mut self) {
        self.targets_unknown = true;
    }

    /// Adds a node whose lists are in `refs` (its own are ignored), and
    /// empties `refs`: the reader reuses one set of lists for every node.
    pub(crate) fn node_with_lists(&mut self, node: NodeRecord<'a>, refs: &mut NodeRefs<'a>) {
        check_id(&node.id, "node", &mut self.diagnostics);
        let graph = &self.graph;
        let at = |i: u32| graph[NodeIndex::new(i as usize)].id.as_str();
        if let Err(earlier) =
            self.node_index
                .insert(&node.id.value, position(graph.node_count()), at)
        {
            let earlier = graph[NodeIndex::new(earlier as usize)].location;
            self.diagnostics.push(duplicate("node", &node.id, earlier));
            refs.clear();
            return;
        }
        let at = position(graph.node_count());
        // Sections usually come first, so most nodes resolve theirs now.
        let mut section = None;
        if let Some(target) = node.section {
            let sections = &self.sections;
            match self
                .section_index
                .get(&target.value, |i| sections[i as usize].id.as_str())
            {
                Some(i) => section = Some(i as usize),
                None => self.pending_refs.push(PendingRef {
                    owner: at,
                    kind: RefKind::Section,
                    target,
                }),
            }
        }
        for (kind, targets) in [
            (RefKind::WorkItem, &mut refs.work_items),
            (RefKind::Kpi, &mut refs.kpis),
        ] {
            self.pending_refs
                .extend(targets.drain(..).map(|target| PendingRef {
                    owner: at,
                    kind,
                    target,
                }));
        }
        self.pending_links
            .extend(refs.to.drain(..).map(|link| PendingLink { node: at, link }));
        self.graph.add_node(Node {
            id: NodeId(node.id.value.into_owned()),
            stage: node.stage,
            label: node.label.into(),
            description: node.description.map(Into::into),
            section,
            work_items: Box::default(),
            kpis: Box::default(),
            location: node.location,
        });
    }

    /// Turns every node's `to` into edges. Needs only the nodes, so a
    /// reader may call it as soon as the last node is read (while it goes
    /// on with work items and KPIs); [`ModelBuilder::finish`] calls it
    /// otherwise. The lookups, a cache miss or more each in a big model,
    /// are shared with a second thread when `parallel`.
    pub(crate) fn link_nodes(&mut self, parallel: bool) {
        let pending_links = std::mem::take(&mut self.pending_links);
        let diagnostics = &mut self.diagnostics;
        let graph = &mut self.graph;
        let unusable = &self.left_out;
        let mut dropped_from: Vec<u32> = Vec::new();
        let node_names = names(graph.node_count(), |i| {
            graph[NodeIndex::new(i as usize)].id.as_str()
        });
        let targets = {
            let graph = &*graph;
            let node_index = &self.node_index;
            let lookup = |pending: &PendingLink<'a>| {
                node_index.get(&pending.link.target.value, |i| {
                    graph[NodeIndex::new(i as usize)].id.as_str()
                })
            };
            if parallel && self.parallel {
                resolve_in_parallel(&pending_links, lookup)
            } else {
                pending_links.iter().map(lookup).collect()
            }
        };
        let mut edges: Vec<(NodeIndex, LinkInfo)> = Vec::new();
        let mut pending_links = pending_links.into_iter().zip(targets).peekable();
        while let Some((first, _)) = pending_links.peek() {
            let from = NodeIndex::new(first.node as usize);
            let at = first.node;
            {
                // Reads the graph; the edges are added after this block.
                let owner = graph[from].id.as_str();
                while let Some((PendingLink { link, .. }, to)) =
                    pending_links.next_if(|(l, _)| l.node == at)
                {
                    let target = &link.target;
                    let Some(to) = to else {
                        if dropped_from.last() != Some(&at) {
                            dropped_from.push(at);
                        }
                        if unusable.iter().any(|u| *u == target.value) {
                            diagnostics.push(
                                Diagnostic::new(
                                    Code::DanglingReference,
                                    format!(
                                        "`{}` refers to the node `{}`, which is left out because of its own error",
                                        excerpt(owner),
                                        excerpt(&target.value)
                                    ),
                                    target.location,
                                )
                                .with_id(owner)
                                .with_id(target.value.clone())
                                .with_help("fix the error reported at that node's definition"),
                            );
                        } else {
                            diagnostics.push(dangling("the node", target, owner, &node_names));
                        }
                        continue;
                    };
                    let to = NodeIndex::new(to as usize);
                    if edges.iter().any(|&(t, _)| t == to) {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::InvalidModel,
                                format!(
                                    "`{}` lists `{}` twice in `to`",
                                    excerpt(owner),
                                    excerpt(&target.value)
                                ),
                                target.location,
                            )
                            .with_id(owner)
                            .with_id(target.value.clone())
                            .with_help("remove the second entry"),
                        );
                        continue;
                    }
                    edges.push((
                        to,
                        LinkInfo {
                            detail: link.detail,
                            location: link.target.location,
                        },
                    ));
                }
            }
            // Edges in file order. petgraph keeps a node's edges newest
            // first; `Model::outgoing` restores the written order.
            for (to, info) in edges.drain(..) {
                graph.add_edge(from, to, info);
            }
        }
        self.dropped_from.extend(dropped_from);
    }

    /// Resolves every reference and returns the model with the
    /// diagnostics of building it (unsorted; [`crate::diagnostic::sort`]
    /// orders them by position).
    pub fn finish(mut self, fields: ModelFields) -> (Model, Vec<Diagnostic>) {
        self.link_nodes(true);
        let parallel = self.parallel;
        let diagnostics = &mut self.diagnostics;
        let kpis = &self.kpis;
        let kpi_at = |i: u32| kpis[i as usize].id.as_str();
        let items = &self.work_items;
        let work_item_at = |i: u32| items[i as usize].id.as_str();
        let sections = &self.sections;
        let section_at = |i: u32| sections[i as usize].id.as_str();

        // The lookups first, a cache miss or more each in a big model, on
        // two threads when there are many; then the references are
        // attached and reported in order, on this thread.
        let lookup = |pending: &PendingRef<'a>| {
            let id = &pending.target.value;
            match pending.kind {
                RefKind::Section => self.section_index.get(id, section_at),
                RefKind::WorkItem => self.work_item_index.get(id, work_item_at),
                RefKind::Kpi => self.kpi_index.get(id, kpi_at),
            }
        };
        let resolve = |pending: &[PendingRef<'a>]| {
            if parallel {
                resolve_in_parallel(pending, lookup)
            } else {
                pending.iter().map(lookup).collect()
            }
        };
        let work_item_kpi_targets = resolve(&self.work_item_kpis);
        let node_ref_targets = resolve(&self.pending_refs);

        let kpi_names = names(kpis.len(), kpi_at);
        let work_item_names = names(items.len(), work_item_at);
        let section_names = names(sections.len(), section_at);
        // Labels to ids, made on the first section reference that fails.
        let section_labels: std::cell::OnceCell<HashMap<String, &str>> = std::cell::OnceCell::new();
        // The targets of one owner's references, without repeats, each
        // missing one reported.
        let mut attach = |owner: &str,
                          refs: &mut dyn Iterator<Item = (PendingRef<'a>, Option<u32>)>,
                          section: &mut Option<usize>,
                          work_items: &mut Vec<usize>,
                          kpis: &mut Vec<usize>| {
            for (pending, target) in refs {
                let (what, known, list) = match pending.kind {
                    RefKind::Section => ("the section", &section_names, None),
                    RefKind::WorkItem => {
                        ("the work item", &work_item_names, Some(&mut *work_items))
                    }
                    RefKind::Kpi => ("the KPI", &kpi_names, Some(&mut *kpis)),
                };
                match (target, list) {
                    (None, _) if pending.kind == RefKind::Section => {
                        let label = section_labels
                            .get_or_init(|| {
                                sections
                                    .iter()
                                    .map(|s| (s.label().trim().to_lowercase(), s.id.as_str()))
                                    .collect()
                            })
                            .get(pending.target.value.trim().to_lowercase().as_str())
                            .copied();
                        let mut diagnostic = dangling(what, &pending.target, owner, known);
                        if let Some(id) = label {
                            // The label was written where the id belongs.
                            diagnostic = diagnostic.with_help(format!(
                                "`{}` is the label of the section `{}`: a node names its section by id, `\"section\": \"{}\"`",
                                excerpt(&pending.target.value),
                                excerpt(id),
                                excerpt(id)
                            ));
                        }
                        diagnostics.push(diagnostic);
                    }
                    (None, _) => diagnostics.push(dangling(what, &pending.target, owner, known)),
                    (Some(t), None) => *section = Some(t as usize),
                    (Some(t), Some(list)) => {
                        if !list.contains(&(t as usize)) {
                            list.push(t as usize);
                        }
                    }
                }
            }
        };

        let mut refs = self
            .work_item_kpis
            .into_iter()
            .zip(work_item_kpi_targets)
            .peekable();
        while let Some((first, _)) = refs.peek() {
            let at = first.owner;
            let item = &mut self.work_items[at as usize];
            let mut kpis = Vec::new();
            attach(
                item.id.as_str(),
                &mut std::iter::from_fn(|| refs.next_if(|(r, _)| r.owner == at)),
                &mut None,
                &mut Vec::new(),
                &mut kpis,
            );
            item.kpis = kpis;
        }

        let graph = &mut self.graph;
        let mut refs = self
            .pending_refs
            .into_iter()
            .zip(node_ref_targets)
            .peekable();
        while let Some((first, _)) = refs.peek() {
            let from = NodeIndex::new(first.owner as usize);
            let at = first.owner;
            let (mut section, mut work_items, mut kpis) = (None, Vec::new(), Vec::new());
            attach(
                graph[from].id.as_str(),
                &mut std::iter::from_fn(|| refs.next_if(|(r, _)| r.owner == at)),
                &mut section,
                &mut work_items,
                &mut kpis,
            );
            let node = &mut graph[from];
            if section.is_some() {
                node.section = section;
            }
            node.work_items = work_items.into_boxed_slice();
            node.kpis = kpis.into_boxed_slice();
        }

        let levels = lint_levels(&fields.checks, diagnostics);
        let issued = fields.issued.and_then(|date| {
            if is_iso_date(&date.value) {
                Some(date.value)
            } else {
                diagnostics.push(Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "`issued` must be a date written YYYY-MM-DD, found `{}`",
                        excerpt(&date.value)
                    ),
                    date.location,
                ));
                None
            }
        });
        let language = fields
            .language
            .and_then(|tag| match Language::parse(&tag.value) {
                Some(language) => Some(language),
                None => {
                    diagnostics.push(Diagnostic::new(
                        Code::InvalidModel,
                        format!(
                            "`language` must be a BCP 47 tag such as `ja` or `en`, found `{}`",
                            tag.value
                        ),
                        tag.location,
                    ));
                    None
                }
            });
        let period = fields.period.and_then(|period| {
            let (start, end) = period.value;
            if start <= end {
                Some(Period { start, end })
            } else {
                diagnostics.push(Diagnostic::new(
                    Code::InvalidModel,
                    format!("`period` starts in {start} after it ends in {end}"),
                    period.location,
                ));
                None
            }
        });
        let columns = Columns {
            written: fields.columns.into_iter().collect(),
        };

        let mut model = Model {
            schema: fields.schema,
            title: fields.title,
            description: fields.description,
            context: fields.context,
            revision: fields.revision,
            issued,
            language,
            period,
            columns,
            // `null` is absent, as everywhere in the format.
            meta: fields.meta.filter(|meta| !meta.is_null()),
            sections: self.sections,
            graph: self.graph,
            node_index: self.node_index,
            work_items: self.work_items,
            kpis: self.kpis,
            levels,
            location: fields.location,
            threads: parallel,
            dropped_from: self
                .dropped_from
                .iter()
                .map(|&i| NodeIndex::new(i as usize))
                .collect(),
            targets_unknown: self.targets_unknown,
            links_lost_at: self.links_lost_at,
            chain_end_setting: fields.chain_end,
            box_order: fields.box_order,
            chain_end: None,
        };
        model.refresh_chain_end();
        (model, self.diagnostics)
    }
}

/// Whether `s` is a date that exists, written `YYYY-MM-DD` (not
/// `2024-02-31`; 29 February only in leap years).
fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return false;
    };
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn lint_levels(
    checks: &[(Spanned<String>, Level)],
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<Code, (Level, Location)> {
    let lint_names: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_lint())
        .map(|c| c.as_str())
        .collect();
    let mut levels = BTreeMap::new();
    for (name, level) in checks {
        match Code::from_name(&name.value) {
            Some(code) if code.is_lint() => {
                levels.insert(code, (*level, name.location));
            }
            Some(code) => diagnostics.push(
                Diagnostic::new(
                    Code::UnknownCheck,
                    format!("`{code}` is a load error; its level cannot be changed"),
                    name.location,
                )
                .with_id(name.value.clone()),
            ),
            None => {
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownCheck,
                    format!("`checks` names an unknown check `{}`", excerpt(&name.value)),
                    name.location,
                )
                .with_id(name.value.clone());
                if let Some(close) = closest_id(&name.value, &lint_names) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{close}`?"));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    levels
}

impl Kpi {
    /// What the file spelt out that the writer could leave out.
    pub(crate) fn spelling(&self) -> KpiSpelling {
        self.written
    }
    /// Where the target is written, or the KPI when it has none.
    pub(crate) fn target_location(&self) -> Location {
        self.target_location.unwrap_or(self.location)
    }
    /// Where the baseline is written, or the KPI when it has none.
    pub(crate) fn baseline_location(&self) -> Location {
        self.baseline_location.unwrap_or(self.location)
    }
}

impl WorkItem {
    /// Indices into [`Model::kpis`].
    pub(crate) fn kpi_indices(&self) -> &[usize] {
        &self.kpis
    }
}

impl Node {
    /// Indices into [`Model::work_items`].
    pub(crate) fn work_item_indices(&self) -> &[usize] {
        &self.work_items
    }
    /// Indices into [`Model::kpis`].
    pub(crate) fn kpi_indices(&self) -> &[usize] {
        &self.kpis
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dates_that_exist_are_dates() {
        for date in ["2024-03-26", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_iso_date(date), "{date}");
        }
        for date in [
            "2024-02-31",
            "2023-02-29",
            "1900-02-29",
            "2024-13-01",
            "2024-00-10",
            "2024-04-31",
            "2024-1-01",
            "２０２４-03-26",
            "2024/03/26",
            "",
        ] {
            assert!(!is_iso_date(date), "{date}");
        }
    }

    /// Above the threshold the lookups are split between two threads; the
    /// results must still come back in order.
    #[test]
    fn lookups_on_two_threads_come_back_in_order() {
        let items: Vec<u32> = (0..120_000).collect();
        let lookup = |&i: &u32| (i % 7 != 0).then_some(i * 3);
        let expected: Vec<Option<u32>> = items.iter().map(lookup).collect();
        assert_eq!(resolve_in_parallel(&items, lookup), expected);
    }
}
