//! Validation: raw layer → [`Model`]. Checks ids, uniqueness and references;
//! whatever is broken is dropped with a diagnostic, the rest is kept so the
//! model can still be checked and drawn.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use petgraph::graph::{DiGraph, NodeIndex};

use super::*;
use crate::diagnostic::Diagnostic;
use crate::format::raw::{
    LevelName, RawKpi, RawLink, RawMeasurement, RawModel, RawNode, RawSection, RawWorkItem, Spanned,
};

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
        let shown: String = value.chars().flat_map(char::escape_debug).collect();
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
    fn insert<'a>(
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
            "{what} id `{value}` is already used at line {}",
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
    if count > crate::format::MAX_SUGGESTION_CANDIDATES {
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
            "`{owner}` refers to {what} `{}`, which does not exist",
            id.value
        ),
        id.location,
    )
    .with_id(owner.to_owned())
    .with_id(id.value.clone().into_owned());
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    if let Some(close) = crate::format::closest_id(&id.value, &known) {
        diagnostic = diagnostic.with_help(format!("did you mean `{close}`?"));
    }
    diagnostic
}

/// A reference to an id as written; borrowed from the text when it can be,
/// so that the many references of a large file are not copied.
pub(crate) type Ref<'a> = Spanned<Cow<'a, str>>;

/// A node as a reader hands it to the [`Builder`]: its own text owned, its
/// references as written.
/// Its text may be borrowed too: the builder copies it (on a helper thread,
/// for a big file, which takes that work off the parsing thread).
pub(crate) struct NodeRecord<'a> {
    pub id: Ref<'a>,
    /// The column; a valid kind and term need no position.
    pub stage: Stage,
    pub label: Cow<'a, str>,
    pub description: Option<Cow<'a, str>>,
    pub section: Option<Ref<'a>>,
    pub location: Location,
}

/// The lists of a node, which [`Builder::node`] empties (so a reader can
/// reuse them from node to node).
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

/// An entry of a node's `to`.
pub(crate) struct LinkRecord<'a> {
    pub target: Ref<'a>,
    pub detail: Option<Box<LinkDetail>>,
}

impl NodeRecord<'static> {
    fn from_raw(node: RawNode) -> (NodeRecord<'static>, NodeRefs<'static>) {
        let owned = |r: Spanned<String>| Spanned {
            value: Cow::Owned(r.value),
            location: r.location,
        };
        let record = NodeRecord {
            id: owned(node.id),
            stage: Stage::new(node.kind.value, node.term.map(|t| t.value)),
            label: Cow::Owned(node.label),
            description: node.description.map(Cow::Owned),
            section: node.section.map(owned),
            location: node.location,
        };
        let refs = NodeRefs {
            to: node
                .to
                .into_iter()
                .map(|link| match link {
                    RawLink::Id(id) => LinkRecord {
                        target: owned(id),
                        detail: None,
                    },
                    RawLink::Detailed(link) => LinkRecord {
                        target: owned(link.node),
                        detail: Some(Box::new(LinkDetail {
                            rationale: link.rationale,
                            evidence: link.evidence,
                            confidence: link.confidence,
                        })),
                    },
                })
                .collect(),
            work_items: node.work_items.into_iter().map(owned).collect(),
            kpis: node.kpis.into_iter().map(owned).collect(),
        };
        (record, refs)
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

/// Builds a [`Model`] from records handed over one at a time, in file
/// order, so that a reader need not hold the whole file's records at once.
/// Ids are checked and de-duplicated as records arrive; references are
/// resolved in [`Builder::finish`], since they may point forward.
pub(crate) struct Builder<'a> {
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
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Builder<'a> {
    pub(crate) fn new() -> Builder<'a> {
        Builder {
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
            diagnostics: Vec::new(),
        }
    }

    /// Room for `nodes` more nodes (and their usual number of edges).
    pub(crate) fn reserve_nodes(&mut self, nodes: usize) {
        self.graph.reserve_nodes(nodes);
        self.graph.reserve_edges(nodes * 3 / 2);
        self.pending_links.reserve(nodes * 3 / 2);
        self.node_index.reserve(nodes);
    }

    pub(crate) fn section(&mut self, section: RawSection) {
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
            label: section.label.unwrap_or_else(|| section.id.value.clone()),
            id: SectionId(section.id.value),
            location: section.location,
        });
    }

    pub(crate) fn kpi(&mut self, kpi: RawKpi) {
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
        let measurement = |m: &Spanned<RawMeasurement>| Measurement {
            year: m.value.year,
            value: m.value.value,
        };
        self.kpis.push(Kpi {
            id: KpiId(kpi.id.value),
            indicator: kpi.indicator,
            unit: kpi.unit,
            direction: kpi.direction.unwrap_or(Direction::Increase),
            baseline: kpi.baseline.as_ref().map(measurement),
            target: kpi.target.as_ref().map(measurement),
            target_note: kpi.target_note,
            actuals: kpi.actuals.iter().map(measurement).collect(),
            location: kpi.location,
            target_location: kpi.target.as_ref().map(|t| t.location),
            baseline_location: kpi.baseline.as_ref().map(|b| b.location),
        });
    }

    pub(crate) fn work_item(&mut self, item: RawWorkItem) {
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
        self.work_items.push(WorkItem {
            id: WorkItemId(item.id.value),
            title: item.title,
            owners: item.owners,
            current: item.current,
            ideal: item.ideal,
            schedule: item
                .schedule
                .into_iter()
                .map(|(year, steps)| (year.value, steps))
                .collect(),
            progress: item.progress,
            new_in_revision: item.new_in_revision,
            kpis: Vec::new(),
            location: item.location,
        });
    }

    /// Adds a node; empties `refs`, which are the node's lists.
    pub(crate) fn node(&mut self, node: NodeRecord<'a>, refs: &mut NodeRefs<'a>) {
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
    /// on with work items and KPIs); [`Builder::finish`] calls it otherwise.
    /// `unusable` are ids of nodes left out for their own error. The
    /// lookups, a cache miss or more each in a big model, are shared with
    /// a second thread when `parallel`.
    pub(crate) fn link_nodes(&mut self, unusable: &[String], parallel: bool) {
        let pending_links = std::mem::take(&mut self.pending_links);
        let diagnostics = &mut self.diagnostics;
        let graph = &mut self.graph;
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
            if parallel {
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
                        if unusable.iter().any(|u| *u == target.value) {
                            diagnostics.push(
                                Diagnostic::new(
                                    Code::DanglingReference,
                                    format!(
                                        "`{owner}` refers to the node `{}`, which is left out because of its own error",
                                        target.value
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
                                format!("`{owner}` lists `{}` twice in `to`", target.value),
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
    }

    /// Resolves every reference and returns the model; `top` supplies
    /// the top-level fields (its record lists are ignored).
    ///
    /// Cost: O(n + e) expected (hash lookups), plus sorting the ids for
    /// "did you mean" in models small enough to get suggestions.
    pub(crate) fn finish(mut self, top: RawModel) -> (Model, Vec<Diagnostic>) {
        self.link_nodes(&top.unusable_node_ids, true);
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
        let work_item_kpi_targets = resolve_in_parallel(&self.work_item_kpis, lookup);
        let node_ref_targets = resolve_in_parallel(&self.pending_refs, lookup);

        let kpi_names = names(kpis.len(), kpi_at);
        let work_item_names = names(items.len(), work_item_at);
        let section_names = names(sections.len(), section_at);
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

        let levels = lint_levels(&top.checks, diagnostics);
        let mut columns = Columns::default();
        if let Some(c) = top.columns {
            for (stage, heading) in [
                (Stage::Assumption, c.assumption),
                (Stage::Input, c.input),
                (Stage::Activity, c.activity),
                (Stage::Output, c.output),
                (Stage::Outcome(Term::Short), c.outcome_short),
                (Stage::Outcome(Term::Medium), c.outcome_medium),
                (Stage::Outcome(Term::Long), c.outcome_long),
                (Stage::Impact, c.impact),
            ] {
                if let Some(h) = heading {
                    columns.headings.insert(stage, h);
                }
            }
            columns.outcome = c.outcome;
        }

        let model = Model {
            title: top.title.map(|t| t.value).unwrap_or_default(),
            description: top.description,
            revision: top.revision,
            issued: top.issued.map(|d| d.value),
            language: top.language.map(|l| l.value),
            period: top.period.map(|p| Period {
                start: p.value.start,
                end: p.value.end,
            }),
            columns,
            meta: top.meta,
            sections: self.sections,
            graph: self.graph,
            node_index: self.node_index,
            work_items: self.work_items,
            kpis: self.kpis,
            levels,
            location: top.location,
        };
        (model, self.diagnostics)
    }
}

impl Model {
    /// Validates the raw layer into a model. Every problem becomes a
    /// diagnostic; broken parts are left out, the rest is kept.
    pub(crate) fn build(mut raw: RawModel, diagnostics: &mut Vec<Diagnostic>) -> Model {
        let mut builder = Builder::new();
        for section in std::mem::take(&mut raw.sections) {
            builder.section(section);
        }
        for kpi in std::mem::take(&mut raw.kpis) {
            builder.kpi(kpi);
        }
        for item in std::mem::take(&mut raw.work_items) {
            builder.work_item(item);
        }
        let nodes = std::mem::take(&mut raw.nodes);
        builder.reserve_nodes(nodes.len());
        for node in nodes {
            let (node, mut refs) = NodeRecord::from_raw(node);
            builder.node(node, &mut refs);
        }
        let (model, found) = builder.finish(raw);
        diagnostics.extend(found);
        model
    }
}

fn lint_levels(
    checks: &BTreeMap<String, Spanned<LevelName>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<Code, (Level, Location)> {
    let lint_names: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_lint())
        .map(|c| c.as_str())
        .collect();
    let mut levels = BTreeMap::new();
    for (name, level) in checks {
        let level_value = match level.value {
            LevelName::Error => Level::Error,
            LevelName::Warning => Level::Warning,
            LevelName::Allow => Level::Allow,
        };
        match Code::from_name(name) {
            Some(code) if code.is_lint() => {
                levels.insert(code, (level_value, level.location));
            }
            Some(code) => diagnostics.push(
                Diagnostic::new(
                    Code::UnknownCheck,
                    format!("`{code}` is a load error; its level cannot be changed"),
                    level.location,
                )
                .with_id(name.clone()),
            ),
            None => {
                let mut diagnostic = Diagnostic::new(
                    Code::UnknownCheck,
                    format!("`checks` names an unknown check `{name}`"),
                    level.location,
                )
                .with_id(name.clone());
                if let Some(close) = crate::format::closest_id(name, &lint_names) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{close}`?"));
                }
                diagnostics.push(diagnostic);
            }
        }
    }
    levels
}

impl Kpi {
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
