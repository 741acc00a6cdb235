//! Editing a model in place: add, rename, relink and remove nodes, work
//! items, KPIs and sections, keeping every invariant of a built model.
//!
//! Each edit either applies completely or changes nothing and returns the
//! [`Diagnostic`] a file with the same mistake would get (an invalid or
//! repeated id, a reference to something that does not exist). Removing a
//! record removes the references to it and returns what it removed, so the
//! caller can say so. File order is kept: new records come last, a renamed
//! or relinked one stays where it was. Re-run [`Model::check`] afterwards.
//!
//! Cost: setting a field, renaming and adding are O(1) expected (plus the
//! lists touched); removing is O(V + E), since the graph and the indices
//! after the removed record are rebuilt in order.

use petgraph::graph::{DiGraph, NodeIndex};

use super::build::{is_valid_id, IdIndex};
use super::records::{KpiRecord, LinkRecord, NodeRecord, SectionRecord, WorkItemRecord};
use super::*;
use crate::diagnostic::Diagnostic;

/// What [`Model::remove_node`] removed.
#[derive(Clone, Debug)]
pub struct RemovedNode {
    /// The node itself.
    pub node: Node,
    /// The links that went with it, as (from, to) ids, outgoing first.
    pub links: Vec<(NodeId, NodeId)>,
}

fn invalid_id(what: &str, id: &str) -> Diagnostic {
    let shown: String = id.chars().flat_map(char::escape_debug).collect();
    Diagnostic::new(
        Code::InvalidId,
        format!("{what} id `{shown}` may only use letters, digits, `_`, `.` and `-`"),
        Location::default(),
    )
    .with_id(id)
}

fn taken(what: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateId,
        format!("{what} id `{id}` is already used"),
        Location::default(),
    )
    .with_id(id)
}

fn missing(owner: &str, what: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DanglingReference,
        format!("`{owner}` refers to {what} `{id}`, which does not exist"),
        Location::default(),
    )
    .with_id(owner)
    .with_id(id)
}

fn new_id(what: &str, id: &str, exists: bool) -> Result<(), Diagnostic> {
    if !is_valid_id(id) {
        Err(invalid_id(what, id))
    } else if exists {
        Err(taken(what, id))
    } else {
        Ok(())
    }
}

impl Model {
    /// The node at `index`, or `None` if the index is not one of this model's.
    pub fn get_node(&self, index: NodeIndex) -> Option<&Node> {
        self.graph.node_weight(index)
    }

    /// `index` if it is one of this model's nodes, else the error to return.
    pub fn check_index(&self, index: NodeIndex) -> Result<NodeIndex, Diagnostic> {
        match self.graph.node_weight(index) {
            Some(_) => Ok(index),
            None => Err(Diagnostic::new(
                Code::DanglingReference,
                format!(
                    "there is no node {} in this model (it has {}): the index comes from another model",
                    index.index(),
                    self.node_count()
                ),
                Location::default(),
            )),
        }
    }

    fn work_item_position(&self, id: &str) -> Option<usize> {
        self.work_items.iter().position(|w| w.id.as_str() == id)
    }

    fn kpi_position(&self, id: &str) -> Option<usize> {
        self.kpis.iter().position(|k| k.id.as_str() == id)
    }

    /// Positions of the records `ids` name, without repeats, or the first
    /// id that names none.
    fn positions<'i>(
        ids: impl IntoIterator<Item = &'i str>,
        find: impl Fn(&str) -> Option<usize>,
    ) -> Result<Vec<usize>, &'i str> {
        let mut positions = Vec::new();
        for id in ids {
            let position = find(id).ok_or(id)?;
            if !positions.contains(&position) {
                positions.push(position);
            }
        }
        Ok(positions)
    }

    // ---- nodes ----

    /// Adds a node after the last one; its links, work items, KPIs and
    /// section must name records the model has.
    ///
    /// ```
    /// use logicmodel::model::{NodeRecord, Stage};
    /// let mut model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
    ///   {"id": "i", "kind": "impact", "label": "Children read"}]}"#).model.unwrap();
    /// let a = model.add_node(NodeRecord::new("a", Stage::Activity, "Reading club").to("i")).unwrap();
    /// assert_eq!(model.outgoing(a).count(), 1);
    /// let again = model.add_node(NodeRecord::new("a", Stage::Output, "Again"));
    /// assert_eq!(again.unwrap_err().code(), logicmodel::Code::DuplicateId);
    /// ```
    pub fn add_node(&mut self, record: NodeRecord<'_>) -> Result<NodeIndex, Diagnostic> {
        let id = record.id.value.as_ref();
        new_id("node", id, self.node_index(id).is_some())?;
        let section = match &record.section {
            Some(section) => Some(
                self.section_index(&section.value)
                    .ok_or_else(|| missing(id, "the section", &section.value))?,
            ),
            None => None,
        };
        let work_items = Self::positions(record.work_items.iter().map(|r| r.value.as_ref()), |w| {
            self.work_item_position(w)
        })
        .map_err(|w| missing(id, "the work item", w))?;
        let kpis = Self::positions(record.kpis.iter().map(|r| r.value.as_ref()), |k| {
            self.kpi_position(k)
        })
        .map_err(|k| missing(id, "the KPI", k))?;
        let targets = self.link_targets(id, &record.to)?;
        let index = self.graph.add_node(Node {
            id: NodeId(id.to_owned()),
            stage: record.stage,
            label: record.label.as_ref().into(),
            description: record.description.as_deref().map(Into::into),
            section,
            work_items: work_items.into_boxed_slice(),
            kpis: kpis.into_boxed_slice(),
            location: record.location,
        });
        self.index_node(index);
        self.refresh_chain_end();
        for (to, link) in targets.into_iter().zip(record.to) {
            self.graph.add_edge(
                index,
                to,
                LinkInfo {
                    detail: link.detail,
                    location: link.target.location,
                },
            );
        }
        Ok(index)
    }

    /// The nodes `links` point at, each once, or the diagnostic of the first
    /// that does not exist or repeats.
    fn link_targets(
        &self,
        owner: &str,
        links: &[LinkRecord<'_>],
    ) -> Result<Vec<NodeIndex>, Diagnostic> {
        let mut targets: Vec<NodeIndex> = Vec::with_capacity(links.len());
        for link in links {
            let target = link.target.value.as_ref();
            let to = self
                .node_index(target)
                .ok_or_else(|| missing(owner, "the node", target))?;
            if targets.contains(&to) {
                return Err(Diagnostic::new(
                    Code::InvalidModel,
                    format!("`{owner}` lists `{target}` twice in `to`"),
                    Location::default(),
                )
                .with_id(owner)
                .with_id(target));
            }
            targets.push(to);
        }
        Ok(targets)
    }

    fn index_node(&mut self, index: NodeIndex) {
        let graph = &self.graph;
        let id = graph[index].id.as_str();
        // The id was checked to be new, so the insert cannot find it.
        let _ = self.node_index.insert(id, index.index() as u32, |i| {
            graph[NodeIndex::new(i as usize)].id.as_str()
        });
    }

    /// Gives a node a new id; links, which point at nodes not ids, follow.
    pub fn rename_node(&mut self, node: NodeIndex, id: &str) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        if self.graph[node].id.as_str() == id {
            return Ok(());
        }
        new_id("node", id, self.node_index(id).is_some())?;
        self.graph[node].id = NodeId(id.to_owned());
        self.rebuild_node_index();
        Ok(())
    }

    /// Sets a node's box text.
    pub fn set_label(&mut self, node: NodeIndex, label: &str) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        self.graph[node].label = label.into();
        Ok(())
    }

    /// Sets or clears a node's description.
    pub fn set_description(
        &mut self,
        node: NodeIndex,
        description: Option<&str>,
    ) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        self.graph[node].description = description.map(Into::into);
        Ok(())
    }

    /// Moves a node to another column (its links stay; [`Model::check`]
    /// reports any that now go backwards).
    pub fn set_stage(&mut self, node: NodeIndex, stage: Stage) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        self.graph[node].stage = stage;
        self.refresh_chain_end();
        Ok(())
    }

    /// Puts a node in the section `section`, or in none.
    pub fn set_section(
        &mut self,
        node: NodeIndex,
        section: Option<&str>,
    ) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        let position = match section {
            Some(id) => Some(
                self.section_index(id)
                    .ok_or_else(|| missing(self.graph[node].id.as_str(), "the section", id))?,
            ),
            None => None,
        };
        self.graph[node].section = position;
        Ok(())
    }

    /// Sets the work items that carry out a node.
    pub fn set_work_items(&mut self, node: NodeIndex, ids: &[&str]) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        let positions = Self::positions(ids.iter().copied(), |w| self.work_item_position(w))
            .map_err(|w| missing(self.graph[node].id.as_str(), "the work item", w))?;
        self.graph[node].work_items = positions.into_boxed_slice();
        Ok(())
    }

    /// Sets the KPIs that measure a node itself.
    pub fn set_kpis(&mut self, node: NodeIndex, ids: &[&str]) -> Result<(), Diagnostic> {
        let node = self.check_index(node)?;
        let positions = Self::positions(ids.iter().copied(), |k| self.kpi_position(k))
            .map_err(|k| missing(self.graph[node].id.as_str(), "the KPI", k))?;
        self.graph[node].kpis = positions.into_boxed_slice();
        Ok(())
    }

    /// Adds a link after a node's other links.
    pub fn add_link(&mut self, from: NodeIndex, link: LinkRecord<'_>) -> Result<(), Diagnostic> {
        let from = self.check_index(from)?;
        let owner = self.graph[from].id.as_str();
        let target = link.target.value.as_ref();
        let to = self
            .node_index(target)
            .ok_or_else(|| missing(owner, "the node", target))?;
        if self.graph.find_edge(from, to).is_some() {
            return Err(Diagnostic::new(
                Code::InvalidModel,
                format!("`{owner}` lists `{target}` twice in `to`"),
                Location::default(),
            )
            .with_id(owner)
            .with_id(target));
        }
        self.graph.add_edge(
            from,
            to,
            LinkInfo {
                detail: link.detail,
                location: link.target.location,
            },
        );
        Ok(())
    }

    /// Removes the link from `from` to `to`; whether there was one.
    pub fn remove_link(&mut self, from: NodeIndex, to: NodeIndex) -> bool {
        match self.graph.find_edge(from, to) {
            // petgraph keeps each node's list of edges in order when one goes.
            Some(edge) => self.graph.remove_edge(edge).is_some(),
            None => false,
        }
    }

    /// Replaces all of a node's links (relinking it), in the order given.
    pub fn set_links(
        &mut self,
        from: NodeIndex,
        links: Vec<LinkRecord<'_>>,
    ) -> Result<(), Diagnostic> {
        let from = self.check_index(from)?;
        let owner = self.graph[from].id.as_str().to_owned();
        let targets = self.link_targets(&owner, &links)?;
        while let Some(edge) = self.graph.first_edge(from, petgraph::Direction::Outgoing) {
            self.graph.remove_edge(edge);
        }
        for (to, link) in targets.into_iter().zip(links) {
            self.graph.add_edge(
                from,
                to,
                LinkInfo {
                    detail: link.detail,
                    location: link.target.location,
                },
            );
        }
        Ok(())
    }

    /// Removes a node and every link to and from it, which it returns.
    /// The other nodes keep their order; indices after it shift down by one.
    ///
    /// ```
    /// let mut model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
    ///   {"id": "a", "kind": "activity", "label": "A", "to": ["o"]},
    ///   {"id": "o", "kind": "output", "label": "O", "to": ["i"]},
    ///   {"id": "i", "kind": "impact", "label": "I"}]}"#).model.unwrap();
    /// let o = model.node_index("o").unwrap();
    /// let removed = model.remove_node(o).unwrap();
    /// let links: Vec<_> = removed.links.iter().map(|(f, t)| format!("{f}->{t}")).collect();
    /// assert_eq!(links, ["o->i", "a->o"]);
    /// assert_eq!(model.edge_count(), 0);
    /// assert_eq!(model.node(model.node_index("i").unwrap()).id().as_str(), "i");
    /// ```
    pub fn remove_node(&mut self, node: NodeIndex) -> Result<RemovedNode, Diagnostic> {
        let node = self.check_index(node)?;
        let id = |m: &Model, n: NodeIndex| m.graph[n].id.clone();
        let mut links: Vec<(NodeId, NodeId)> = self
            .outgoing(node)
            .map(|e| (id(self, e.from), id(self, e.to)))
            .collect();
        links.extend(
            self.incoming(node)
                .filter(|e| e.from != node)
                .map(|e| (id(self, e.from), id(self, e.to))),
        );
        let removed = self.rebuild_graph(|n| n != node);
        Ok(RemovedNode {
            node: removed.into_iter().next().expect("the removed node"),
            links,
        })
    }

    /// Rebuilds the graph in order with the nodes `keep` accepts; returns
    /// the nodes left out.
    fn rebuild_graph(&mut self, keep: impl Fn(NodeIndex) -> bool) -> Vec<Node> {
        let links: Vec<(NodeIndex, NodeIndex, LinkInfo)> = self
            .edges()
            .filter(|e| keep(e.from) && keep(e.to))
            .map(|e| (e.from, e.to, e.info.clone()))
            .collect();
        let old = std::mem::replace(&mut self.graph, DiGraph::new());
        let (nodes, _) = old.into_nodes_edges();
        let mut new_index = vec![None; nodes.len()];
        let mut left_out = Vec::new();
        for (i, node) in nodes.into_iter().enumerate() {
            if keep(NodeIndex::new(i)) {
                new_index[i] = Some(self.graph.add_node(node.weight));
            } else {
                left_out.push(node.weight);
            }
        }
        for (from, to, info) in links {
            if let (Some(from), Some(to)) = (new_index[from.index()], new_index[to.index()]) {
                self.graph.add_edge(from, to, info);
            }
        }
        self.rebuild_node_index();
        self.refresh_chain_end();
        left_out
    }

    fn rebuild_node_index(&mut self) {
        let mut index = IdIndex::default();
        let graph = &self.graph;
        for n in graph.node_indices() {
            let _ = index.insert(graph[n].id.as_str(), n.index() as u32, |i| {
                graph[NodeIndex::new(i as usize)].id.as_str()
            });
        }
        self.node_index = index;
    }

    // ---- sections ----

    /// Adds a section after the last one.
    pub fn add_section(&mut self, record: SectionRecord) -> Result<usize, Diagnostic> {
        let id = record.id.value.as_str();
        new_id("section", id, self.section_index(id).is_some())?;
        self.sections.push(Section {
            id: SectionId(record.id.value),
            label: record.label,
            location: record.location,
        });
        Ok(self.sections.len() - 1)
    }

    /// Removes a section; its nodes are then in none. Returns those nodes.
    pub fn remove_section(&mut self, id: &str) -> Result<Vec<NodeId>, Diagnostic> {
        let position = self
            .section_index(id)
            .ok_or_else(|| not_found("section", id))?;
        self.sections.remove(position);
        let mut moved = Vec::new();
        for node in self.graph.node_weights_mut() {
            match node.section {
                Some(s) if s == position => {
                    node.section = None;
                    moved.push(node.id.clone());
                }
                Some(s) if s > position => node.section = Some(s - 1),
                _ => {}
            }
        }
        Ok(moved)
    }

    // ---- work items ----

    /// Adds a work item after the last one; its KPIs must exist.
    pub fn add_work_item(&mut self, record: WorkItemRecord) -> Result<usize, Diagnostic> {
        let id = record.id.value.as_str();
        new_id("work item", id, self.work_item_position(id).is_some())?;
        let kpis = Self::positions(record.kpis.iter().map(|k| k.value.as_str()), |k| {
            self.kpi_position(k)
        })
        .map_err(|k| missing(id, "the KPI", k))?;
        let mut schedule: Vec<(i32, Vec<String>)> = record
            .schedule
            .into_iter()
            .map(|(year, steps)| (year.value, steps))
            .collect();
        schedule.sort_by_key(|&(year, _)| year);
        self.work_items.push(WorkItem {
            id: WorkItemId(record.id.value),
            title: record.title,
            owners: record.owners,
            current: record.current,
            ideal: record.ideal,
            schedule,
            progress: record.progress,
            new_in_revision: record.new_in_revision,
            kpis,
            location: record.location,
        });
        Ok(self.work_items.len() - 1)
    }

    /// The work item `id`, to change its plain fields (title, owners,
    /// schedule, progress, …).
    pub fn work_item_mut(&mut self, id: &str) -> Option<&mut WorkItem> {
        let position = self.work_item_position(id)?;
        Some(&mut self.work_items[position])
    }

    /// Gives a work item a new id; the nodes that list it follow.
    pub fn rename_work_item(&mut self, id: &str, new: &str) -> Result<(), Diagnostic> {
        let position = self
            .work_item_position(id)
            .ok_or_else(|| not_found("work item", id))?;
        if id == new {
            return Ok(());
        }
        new_id("work item", new, self.work_item_position(new).is_some())?;
        self.work_items[position].id = WorkItemId(new.to_owned());
        Ok(())
    }

    /// Sets the KPIs that measure a work item.
    pub fn set_work_item_kpis(&mut self, id: &str, kpis: &[&str]) -> Result<(), Diagnostic> {
        let position = self
            .work_item_position(id)
            .ok_or_else(|| not_found("work item", id))?;
        let kpis = Self::positions(kpis.iter().copied(), |k| self.kpi_position(k))
            .map_err(|k| missing(id, "the KPI", k))?;
        self.work_items[position].kpis = kpis;
        Ok(())
    }

    /// Removes a work item and its place in every node's list; returns the
    /// nodes that listed it.
    pub fn remove_work_item(&mut self, id: &str) -> Result<Vec<NodeId>, Diagnostic> {
        let position = self
            .work_item_position(id)
            .ok_or_else(|| not_found("work item", id))?;
        self.work_items.remove(position);
        let mut listed = Vec::new();
        for node in self.graph.node_weights_mut() {
            let (list, held) = without(&node.work_items, position);
            node.work_items = list;
            if held {
                listed.push(node.id.clone());
            }
        }
        Ok(listed)
    }

    // ---- KPIs ----

    /// Adds a KPI after the last one.
    pub fn add_kpi(&mut self, record: KpiRecord) -> Result<usize, Diagnostic> {
        let id = record.id.value.as_str();
        new_id("KPI", id, self.kpi_position(id).is_some())?;
        let mut builder = super::ModelBuilder::new();
        builder.kpi(record);
        let (built, _) = builder.finish(Default::default());
        self.kpis.extend(built.kpis);
        Ok(self.kpis.len() - 1)
    }

    /// The KPI `id`, to change its plain fields (indicator, unit, baseline,
    /// target, actuals, …).
    pub fn kpi_mut(&mut self, id: &str) -> Option<&mut Kpi> {
        let position = self.kpi_position(id)?;
        Some(&mut self.kpis[position])
    }

    /// Gives a KPI a new id; the nodes and work items that list it follow.
    pub fn rename_kpi(&mut self, id: &str, new: &str) -> Result<(), Diagnostic> {
        let position = self.kpi_position(id).ok_or_else(|| not_found("KPI", id))?;
        if id == new {
            return Ok(());
        }
        new_id("KPI", new, self.kpi_position(new).is_some())?;
        self.kpis[position].id = KpiId(new.to_owned());
        Ok(())
    }

    /// Removes a KPI and its place in every list; returns the nodes and
    /// the work items that listed it.
    pub fn remove_kpi(&mut self, id: &str) -> Result<(Vec<NodeId>, Vec<WorkItemId>), Diagnostic> {
        let position = self.kpi_position(id).ok_or_else(|| not_found("KPI", id))?;
        self.kpis.remove(position);
        let mut nodes = Vec::new();
        for node in self.graph.node_weights_mut() {
            let (list, held) = without(&node.kpis, position);
            node.kpis = list;
            if held {
                nodes.push(node.id.clone());
            }
        }
        let mut items = Vec::new();
        for item in &mut self.work_items {
            let (list, held) = without(&item.kpis, position);
            item.kpis = list.into_vec();
            if held {
                items.push(item.id.clone());
            }
        }
        Ok((nodes, items))
    }
}

/// `list` with `position` left out and the positions after it moved down
/// (they name records that moved up), and whether it held `position`.
fn without(list: &[usize], position: usize) -> (Box<[usize]>, bool) {
    let held = list.contains(&position);
    let shifted = list
        .iter()
        .filter(|&&p| p != position)
        .map(|&p| if p > position { p - 1 } else { p })
        .collect();
    (shifted, held)
}

fn not_found(what: &str, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DanglingReference,
        format!("there is no {what} `{id}` in this model"),
        Location::default(),
    )
    .with_id(id)
}
