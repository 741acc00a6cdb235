//! Validation: raw layer → [`Model`]. Checks ids, uniqueness and references;
//! whatever is broken is dropped with a diagnostic, the rest is kept so the
//! model can still be checked and drawn.

use std::collections::{BTreeMap, HashMap};

use petgraph::graph::{DiGraph, NodeIndex};

use super::*;
use crate::diagnostic::{Diagnostic, LineIndex};
use crate::format::raw::{LevelName, RawLink, RawModel, Spanned};

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

/// Indices of the first occurrence of each id; later duplicates get a diagnostic.
fn unique_ids<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    what: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> (HashMap<&'a str, usize>, Vec<bool>) {
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut keep = Vec::new();
    let mut first_locations: Vec<Location> = Vec::new();
    for (i, id) in ids.enumerate() {
        check_id(id, what, diagnostics);
        first_locations.push(id.location);
        match first.get(id.value.as_str()) {
            Some(&earlier) => {
                keep.push(false);
                diagnostics.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        format!(
                            "{what} id `{}` is already used at line {}",
                            id.value, first_locations[earlier].line
                        ),
                        id.location,
                    )
                    .with_id(id.value.clone())
                    .with_help("give each one its own id; this one is left out"),
                );
            }
            None => {
                first.insert(&id.value, i);
                keep.push(true);
            }
        }
    }
    (first, keep)
}

fn dangling(what: &str, id: &Spanned<String>, owner: &str, known: &[&str]) -> Diagnostic {
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
    if let Some(close) = crate::format::closest_id(&id.value, known) {
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
    pub(crate) fn build(
        raw: RawModel,
        _text: &str,
        _lines: &LineIndex,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Model {
        // Sections.
        let (section_ids, keep_sections) =
            unique_ids(raw.sections.iter().map(|s| &s.id), "section", diagnostics);
        let mut section_index: HashMap<&str, usize> = HashMap::new();
        let mut sections = Vec::new();
        for (section, keep) in raw.sections.iter().zip(&keep_sections) {
            if *keep {
                section_index.insert(&section.id.value, sections.len());
                sections.push(Section {
                    id: SectionId(section.id.value.clone()),
                    label: section
                        .label
                        .clone()
                        .unwrap_or_else(|| section.id.value.clone()),
                    location: section.location,
                });
            }
        }
        drop(section_ids);

        // KPIs.
        let (_, keep_kpis) = unique_ids(raw.kpis.iter().map(|k| &k.id), "KPI", diagnostics);
        let mut kpi_index: HashMap<&str, usize> = HashMap::new();
        let mut kpis = Vec::new();
        for (kpi, keep) in raw.kpis.iter().zip(&keep_kpis) {
            if !*keep {
                continue;
            }
            kpi_index.insert(&kpi.id.value, kpis.len());
            kpis.push(Kpi {
                id: KpiId(kpi.id.value.clone()),
                indicator: kpi.indicator.clone(),
                unit: kpi.unit.clone(),
                direction: kpi.direction.unwrap_or(Direction::Increase),
                baseline: kpi.baseline.as_ref().map(|m| Measurement {
                    year: m.value.year,
                    value: m.value.value,
                }),
                target: kpi.target.as_ref().map(|m| Measurement {
                    year: m.value.year,
                    value: m.value.value,
                }),
                target_note: kpi.target_note.clone(),
                actuals: kpi
                    .actuals
                    .iter()
                    .map(|m| Measurement {
                        year: m.value.year,
                        value: m.value.value,
                    })
                    .collect(),
                location: kpi.location,
                target_location: kpi.target.as_ref().map(|t| t.location),
                baseline_location: kpi.baseline.as_ref().map(|b| b.location),
            });
        }
        let kpi_names: Vec<&str> = kpis.iter().map(|k| k.id.as_str()).collect();

        let resolve_kpis =
            |owner: &str, ids: &[Spanned<String>], diagnostics: &mut Vec<Diagnostic>| {
                let mut resolved: Vec<usize> = Vec::with_capacity(ids.len());
                for id in ids {
                    match kpi_index.get(id.value.as_str()) {
                        Some(&k) if !resolved.contains(&k) => resolved.push(k),
                        Some(_) => {}
                        None => diagnostics.push(dangling("the KPI", id, owner, &kpi_names)),
                    }
                }
                resolved
            };

        // Work items.
        let (_, keep_items) = unique_ids(
            raw.work_items.iter().map(|w| &w.id),
            "work item",
            diagnostics,
        );
        let mut work_item_index: HashMap<&str, usize> = HashMap::new();
        let mut work_items = Vec::new();
        for (item, keep) in raw.work_items.iter().zip(&keep_items) {
            if !*keep {
                continue;
            }
            work_item_index.insert(&item.id.value, work_items.len());
            work_items.push(WorkItem {
                id: WorkItemId(item.id.value.clone()),
                title: item.title.clone(),
                owners: item.owners.clone(),
                current: item.current.clone(),
                ideal: item.ideal.clone(),
                schedule: item
                    .schedule
                    .iter()
                    .map(|(year, steps)| (year.value, steps.clone()))
                    .collect(),
                progress: item.progress.clone(),
                new_in_revision: item.new_in_revision,
                kpis: resolve_kpis(&item.id.value, &item.kpis, diagnostics),
                location: item.location,
            });
        }
        let work_item_names: Vec<&str> = work_items.iter().map(|w| w.id.as_str()).collect();
        let section_names: Vec<&str> = sections.iter().map(|s| s.id.as_str()).collect();

        // Nodes.
        let (node_first, keep_nodes) =
            unique_ids(raw.nodes.iter().map(|n| &n.id), "node", diagnostics);
        let mut graph: DiGraph<Node, LinkInfo> =
            DiGraph::with_capacity(raw.nodes.len(), raw.nodes.len() * 3 / 2);
        // Raw node position → graph index, for kept nodes.
        let mut graph_index: Vec<Option<NodeIndex>> = Vec::with_capacity(raw.nodes.len());
        for (node, keep) in raw.nodes.iter().zip(&keep_nodes) {
            if !*keep {
                graph_index.push(None);
                continue;
            }
            let section = node.section.as_ref().and_then(|s| {
                let found = section_index.get(s.value.as_str()).copied();
                if found.is_none() {
                    diagnostics.push(dangling("the section", s, &node.id.value, &section_names));
                }
                found
            });
            let mut items = Vec::with_capacity(node.work_items.len());
            for id in &node.work_items {
                match work_item_index.get(id.value.as_str()) {
                    Some(&w) if !items.contains(&w) => items.push(w),
                    Some(_) => {}
                    None => diagnostics.push(dangling(
                        "the work item",
                        id,
                        &node.id.value,
                        &work_item_names,
                    )),
                }
            }
            let index = graph.add_node(Node {
                id: NodeId(node.id.value.clone()),
                stage: Stage::new(node.kind.value, node.term.as_ref().map(|t| t.value)),
                label: node.label.clone(),
                description: node.description.clone(),
                section,
                work_items: items,
                kpis: resolve_kpis(&node.id.value, &node.kpis, diagnostics),
                location: node.location,
            });
            graph_index.push(Some(index));
        }

        // Edges, in file order. petgraph keeps a node's edges newest first;
        // `Model::outgoing` restores the written order.
        let node_names: Vec<&str> = {
            let mut names: Vec<&str> = node_first.keys().copied().collect();
            names.sort_unstable();
            names
        };
        for (position, node) in raw.nodes.iter().enumerate() {
            let Some(from) = graph_index[position] else {
                continue;
            };
            let mut targets: Vec<NodeIndex> = Vec::with_capacity(node.to.len());
            for link in &node.to {
                let target = link.target();
                let Some(to) = node_first
                    .get(target.value.as_str())
                    .and_then(|&p| graph_index[p])
                else {
                    if raw.unusable_node_ids.contains(&target.value) {
                        diagnostics.push(
                            Diagnostic::new(
                                Code::DanglingReference,
                                format!(
                                    "`{}` refers to the node `{}`, which is left out because of its own error",
                                    node.id.value, target.value
                                ),
                                target.location,
                            )
                            .with_id(node.id.value.clone())
                            .with_id(target.value.clone())
                            .with_help("fix the error reported at that node's definition"),
                        );
                    } else {
                        diagnostics.push(dangling("the node", target, &node.id.value, &node_names));
                    }
                    continue;
                };
                if targets.contains(&to) {
                    diagnostics.push(
                        Diagnostic::new(
                            Code::InvalidModel,
                            format!("`{}` lists `{}` twice in `to`", node.id.value, target.value),
                            target.location,
                        )
                        .with_id(node.id.value.clone())
                        .with_id(target.value.clone())
                        .with_help("remove the second entry"),
                    );
                    continue;
                }
                targets.push(to);
                let info = match link {
                    RawLink::Id(id) => LinkInfo {
                        location: id.location,
                        ..LinkInfo::default()
                    },
                    RawLink::Detailed(detail) => LinkInfo {
                        rationale: detail.rationale.clone(),
                        evidence: detail.evidence.clone(),
                        confidence: detail.confidence,
                        location: detail.node.location,
                    },
                };
                graph.add_edge(from, to, info);
            }
        }

        let mut by_id: Vec<NodeIndex> = graph.node_indices().collect();
        by_id.sort_unstable_by(|&a, &b| graph[a].id.cmp(&graph[b].id));

        let levels = lint_levels(&raw.checks, diagnostics);
        let mut columns = Columns::default();
        if let Some(c) = &raw.columns {
            for (stage, heading) in [
                (Stage::Assumption, &c.assumption),
                (Stage::Input, &c.input),
                (Stage::Activity, &c.activity),
                (Stage::Output, &c.output),
                (Stage::Outcome(Term::Short), &c.outcome_short),
                (Stage::Outcome(Term::Medium), &c.outcome_medium),
                (Stage::Outcome(Term::Long), &c.outcome_long),
                (Stage::Impact, &c.impact),
            ] {
                if let Some(h) = heading {
                    columns.headings.insert(stage, h.clone());
                }
            }
            columns.outcome = c.outcome.clone();
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
            by_id,
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
