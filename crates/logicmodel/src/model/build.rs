//! Validation: raw layer → [`Model`]. Checks ids, uniqueness and references;
//! whatever is broken is dropped with a diagnostic, the rest is kept so the
//! model can still be checked and drawn.

use std::collections::BTreeMap;
use std::hash::BuildHasher;

use hashbrown::{DefaultHashBuilder, HashTable};

use petgraph::graph::{DiGraph, NodeIndex};

use super::*;
use crate::diagnostic::Diagnostic;
use crate::format::raw::{LevelName, RawLink, RawMeasurement, RawModel, Spanned};

/// Whether `id` is a valid id: non-empty, ASCII letters, digits, `_`, `.`, `-`.
pub(crate) fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
}

fn check_id(id: &Spanned<String>, what: &str, diagnostics: &mut Vec<Diagnostic>) {
    if !is_valid_id(&id.value) {
        let shown: String = id.value.chars().flat_map(char::escape_debug).collect();
        diagnostics.push(
            Diagnostic::new(
                Code::InvalidId,
                format!("{what} id `{shown}` may only use letters, digits, `_`, `.` and `-`"),
                id.location,
            )
            .with_id(id.value.clone())
            .with_help(
                "ids are ASCII slugs such as `a-online-application`; put the text in `label`",
            ),
        );
    }
}

/// Records by id, without a second copy of the ids: the table holds
/// positions, and the ids are read from where the records keep them.
#[derive(Clone, Default)]
pub(crate) struct IdIndex {
    table: HashTable<u32>,
    hasher: DefaultHashBuilder,
}

impl std::fmt::Debug for IdIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "IdIndex({} ids)", self.table.len())
    }
}

impl IdIndex {
    fn with_capacity(capacity: usize) -> IdIndex {
        IdIndex {
            table: HashTable::with_capacity(capacity),
            hasher: DefaultHashBuilder::default(),
        }
    }

    /// The position of `id`; `id_at` gives the id at a position.
    pub(crate) fn get<'a>(&self, id: &str, id_at: impl Fn(u32) -> &'a str) -> Option<u32> {
        self.table
            .find(self.hasher.hash_one(id), |&at| id_at(at) == id)
            .copied()
    }

    /// Adds `id` at `position` if it is new; returns the earlier position otherwise.
    fn insert<'a>(
        &mut self,
        id: &str,
        position: u32,
        id_at: impl Fn(u32) -> &'a str,
    ) -> Result<(), u32> {
        let hash = self.hasher.hash_one(id);
        if let Some(&earlier) = self.table.find(hash, |&at| id_at(at) == id) {
            return Err(earlier);
        }
        let hasher = &self.hasher;
        self.table
            .insert_unique(hash, position, |&at| hasher.hash_one(id_at(at)));
        Ok(())
    }
}

fn duplicate(what: &str, id: &Spanned<String>, earlier: Location) -> Diagnostic {
    Diagnostic::new(
        Code::DuplicateId,
        format!(
            "{what} id `{}` is already used at line {}",
            id.value, earlier.line
        ),
        id.location,
    )
    .with_id(id.value.clone())
    .with_help("give each one its own id; this one is left out")
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

fn dangling(what: &str, id: &Spanned<String>, owner: &str, known: &[String]) -> Diagnostic {
    let mut diagnostic = Diagnostic::new(
        Code::DanglingReference,
        format!(
            "`{owner}` refers to {what} `{}`, which does not exist",
            id.value
        ),
        id.location,
    )
    .with_id(owner.to_owned())
    .with_id(id.value.clone());
    let known: Vec<&str> = known.iter().map(String::as_str).collect();
    if let Some(close) = crate::format::closest_id(&id.value, &known) {
        diagnostic = diagnostic.with_help(format!("did you mean `{close}`?"));
    }
    diagnostic
}

impl Model {
    /// Validates the raw layer into a model. Every problem becomes a
    /// diagnostic; broken parts are left out, the rest is kept.
    ///
    /// Cost: O(n log n) in the number of nodes (sorting the id index) plus
    /// O(e) for the edges.
    pub(crate) fn build(raw: RawModel, diagnostics: &mut Vec<Diagnostic>) -> Model {
        // Sections.
        let mut section_index = IdIndex::with_capacity(raw.sections.len());
        let mut sections: Vec<Section> = Vec::with_capacity(raw.sections.len());
        for section in raw.sections {
            check_id(&section.id, "section", diagnostics);
            let at = |i: u32| sections[i as usize].id.as_str();
            if let Err(earlier) =
                section_index.insert(&section.id.value, position(sections.len()), at)
            {
                let earlier = sections[earlier as usize].location;
                diagnostics.push(duplicate("section", &section.id, earlier));
                continue;
            }
            sections.push(Section {
                label: section.label.unwrap_or_else(|| section.id.value.clone()),
                id: SectionId(section.id.value),
                location: section.location,
            });
        }
        let section_at = |i: u32| sections[i as usize].id.as_str();

        // KPIs.
        let mut kpi_index = IdIndex::with_capacity(raw.kpis.len());
        let mut kpis: Vec<Kpi> = Vec::with_capacity(raw.kpis.len());
        for kpi in raw.kpis {
            check_id(&kpi.id, "KPI", diagnostics);
            let at = |i: u32| kpis[i as usize].id.as_str();
            if let Err(earlier) = kpi_index.insert(&kpi.id.value, position(kpis.len()), at) {
                diagnostics.push(duplicate("KPI", &kpi.id, kpis[earlier as usize].location));
                continue;
            }
            let measurement = |m: &Spanned<RawMeasurement>| Measurement {
                year: m.value.year,
                value: m.value.value,
            };
            kpis.push(Kpi {
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
        let kpi_at = |i: u32| kpis[i as usize].id.as_str();
        let kpi_names = names(kpis.len(), kpi_at);
        let resolve_kpis =
            |owner: &str, ids: &[Spanned<String>], diagnostics: &mut Vec<Diagnostic>| {
                let mut resolved: Vec<usize> = Vec::with_capacity(ids.len());
                for id in ids {
                    match kpi_index.get(&id.value, kpi_at) {
                        Some(k) if !resolved.contains(&(k as usize)) => resolved.push(k as usize),
                        Some(_) => {}
                        None => diagnostics.push(dangling("the KPI", id, owner, &kpi_names)),
                    }
                }
                resolved
            };

        // Work items.
        let mut work_item_index = IdIndex::with_capacity(raw.work_items.len());
        let mut work_items: Vec<WorkItem> = Vec::with_capacity(raw.work_items.len());
        for item in raw.work_items {
            check_id(&item.id, "work item", diagnostics);
            let at = |i: u32| work_items[i as usize].id.as_str();
            if let Err(earlier) =
                work_item_index.insert(&item.id.value, position(work_items.len()), at)
            {
                let earlier = work_items[earlier as usize].location;
                diagnostics.push(duplicate("work item", &item.id, earlier));
                continue;
            }
            let kpis = resolve_kpis(&item.id.value, &item.kpis, diagnostics);
            work_items.push(WorkItem {
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
                kpis,
                location: item.location,
            });
        }
        let work_item_at = |i: u32| work_items[i as usize].id.as_str();
        let work_item_names = names(work_items.len(), work_item_at);
        let section_names = names(sections.len(), section_at);

        // Nodes. Their links wait until every node is known.
        let mut node_index = IdIndex::with_capacity(raw.nodes.len());
        let mut graph: DiGraph<Node, LinkInfo> =
            DiGraph::with_capacity(raw.nodes.len(), raw.nodes.len() * 3 / 2);
        let mut pending: Vec<(NodeIndex, Vec<RawLink>)> = Vec::with_capacity(raw.nodes.len());
        for node in raw.nodes {
            check_id(&node.id, "node", diagnostics);
            let at = |i: u32| graph[NodeIndex::new(i as usize)].id.as_str();
            if let Err(earlier) =
                node_index.insert(&node.id.value, position(graph.node_count()), at)
            {
                let earlier = graph[NodeIndex::new(earlier as usize)].location;
                diagnostics.push(duplicate("node", &node.id, earlier));
                continue;
            }
            let section = node.section.as_ref().and_then(|s| {
                let found = section_index.get(&s.value, section_at);
                if found.is_none() {
                    diagnostics.push(dangling("the section", s, &node.id.value, &section_names));
                }
                found.map(|i| i as usize)
            });
            let mut items = Vec::with_capacity(node.work_items.len());
            for id in &node.work_items {
                match work_item_index.get(&id.value, work_item_at) {
                    Some(w) if !items.contains(&(w as usize)) => items.push(w as usize),
                    Some(_) => {}
                    None => diagnostics.push(dangling(
                        "the work item",
                        id,
                        &node.id.value,
                        &work_item_names,
                    )),
                }
            }
            let kpis = resolve_kpis(&node.id.value, &node.kpis, diagnostics);
            let index = graph.add_node(Node {
                id: NodeId(node.id.value),
                stage: Stage::new(node.kind.value, node.term.as_ref().map(|t| t.value)),
                label: node.label,
                description: node.description,
                section,
                work_items: items,
                kpis,
                location: node.location,
            });
            pending.push((index, node.to));
        }

        // Edges, in file order. petgraph keeps a node's edges newest first;
        // `Model::outgoing` restores the written order.
        let node_names = names(graph.node_count(), |i| {
            graph[NodeIndex::new(i as usize)].id.as_str()
        });
        let mut edges: Vec<(NodeIndex, LinkInfo)> = Vec::new();
        for (from, links) in pending {
            {
                // Reads the graph; the edges are added after this block.
                let node_at = |i: u32| graph[NodeIndex::new(i as usize)].id.as_str();
                let owner = graph[from].id.as_str();
                for link in links {
                    let target = link.target();
                    let Some(to) = node_index.get(&target.value, node_at) else {
                        if raw.unusable_node_ids.contains(&target.value) {
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
                    let info = match link {
                        RawLink::Id(id) => LinkInfo {
                            location: id.location,
                            ..LinkInfo::default()
                        },
                        RawLink::Detailed(detail) => LinkInfo {
                            rationale: detail.rationale,
                            evidence: detail.evidence,
                            confidence: detail.confidence,
                            location: detail.node.location,
                        },
                    };
                    edges.push((to, info));
                }
            }
            for (to, info) in edges.drain(..) {
                graph.add_edge(from, to, info);
            }
        }

        let levels = lint_levels(&raw.checks, diagnostics);
        let mut columns = Columns::default();
        if let Some(c) = raw.columns {
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

        Model {
            title: raw.title.map(|t| t.value).unwrap_or_default(),
            description: raw.description,
            revision: raw.revision,
            issued: raw.issued.map(|d| d.value),
            language: raw.language.map(|l| l.value),
            period: raw.period.map(|p| Period {
                start: p.value.start,
                end: p.value.end,
            }),
            columns,
            meta: raw.meta,
            sections,
            graph,
            node_index,
            work_items,
            kpis,
            levels,
            location: raw.location,
        }
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
