//! Coverage: which activities reach which impacts, and along how many paths.
//!
//! Paths are counted, not listed: a dynamic programme over the graph in
//! topological order, restricted for each impact to the nodes that can reach
//! it. A path ends at the first impact it meets, as in
//! [`Model::paths_to_impacts`], so the counts agree with that iterator on
//! every model without cycles.

use petgraph::graph::NodeIndex;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::model::{Model, NodeKind};

/// Above this many activity × impact cells, the JSON has no dense matrix
/// (`paths` is `null`): a million cells is about 2 MB of JSON already.
pub const JSON_MATRIX_CELLS: usize = 1_000_000;

/// The activities × impacts matrix of path counts, with rows and columns
/// grouped by section (sections in file order, nodes without a section last;
/// file order within a group).
///
/// The matrix is stored sparsely, row by row: a model where every activity
/// reaches every impact costs O(activities × impacts), one where each
/// reaches a few costs little more than its rows and columns.
///
/// `Serialize` gives the JSON of `logicmodel coverage --format json`
/// (`docs/json.md`): ids and labels, the sparse `reaches` lists, and the
/// dense `paths` matrix up to [`JSON_MATRIX_CELLS`] cells (`null` above).
#[derive(Clone)]
pub struct Coverage<'m> {
    model: &'m Model,
    activities: Vec<NodeIndex>,
    impacts: Vec<NodeIndex>,
    /// For each row, `(column, count)` for every impact the activity reaches, by column.
    rows: Vec<Vec<(usize, u64)>>,
    /// For each column, whether some activity reaches it.
    reached: Vec<bool>,
}

impl Coverage<'_> {
    /// The rows: every activity, grouped by section.
    pub fn activities(&self) -> &[NodeIndex] {
        &self.activities
    }

    /// The columns: every impact, grouped by section.
    pub fn impacts(&self) -> &[NodeIndex] {
        &self.impacts
    }

    /// The number of distinct paths from the activity of `row` to the impact
    /// of `column` (0 when it does not reach it), saturating at `u64::MAX`.
    /// O(log impacts reached by the row).
    ///
    /// # Panics
    /// If `row` is out of range.
    pub fn path_count(&self, row: usize, column: usize) -> u64 {
        let cells = &self.rows[row];
        cells
            .binary_search_by_key(&column, |&(c, _)| c)
            .map_or(0, |i| cells[i].1)
    }

    /// The non-zero cells of `row` as `(column, count)`, by column.
    ///
    /// # Panics
    /// If `row` is out of range.
    pub fn row(&self, row: usize) -> &[(usize, u64)] {
        &self.rows[row]
    }

    /// The activities that reach no impact, in row order.
    pub fn activities_without_impact(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.activities
            .iter()
            .zip(&self.rows)
            .filter(|(_, cells)| cells.is_empty())
            .map(|(&activity, _)| activity)
    }

    /// The impacts that no activity reaches, in column order.
    pub fn impacts_without_activity(&self) -> impl Iterator<Item = NodeIndex> + '_ {
        self.impacts
            .iter()
            .zip(&self.reached)
            .filter(|(_, &reached)| !reached)
            .map(|(&impact, _)| impact)
    }
}

/// The most activity–impact pairs joined by a path that [`coverage`]
/// records (each costs 16 bytes): a model where every one of 3,200
/// activities reaches every one of 3,200 impacts is at the limit.
pub const MAX_REACHED_PAIRS: usize = 10_000_000;

/// The most steps (a node or an edge visited while counting for one impact)
/// [`coverage`] takes in all, about a few seconds of work.
pub const MAX_COVERAGE_STEPS: u64 = 1_000_000_000;

/// Why [`coverage`] stopped: the model connects more pairs, or needs more
/// work, than the documented limits allow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CoverageTooLarge {
    /// More than [`MAX_REACHED_PAIRS`] activity–impact pairs are joined by a path.
    Pairs,
    /// Counting would take more than [`MAX_COVERAGE_STEPS`] steps.
    Steps,
}

impl std::fmt::Display for CoverageTooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CoverageTooLarge::Pairs => write!(
                f,
                "more than {MAX_REACHED_PAIRS} activity–impact pairs are joined by a path, the limit of the coverage matrix"
            ),
            CoverageTooLarge::Steps => write!(
                f,
                "counting the paths would take more than {MAX_COVERAGE_STEPS} steps, the limit of the coverage analysis"
            ),
        }
    }
}

impl std::error::Error for CoverageTooLarge {}

/// Counts the paths from every activity to every impact.
///
/// A cycle is an error in a model, but it must not make this loop: edges
/// that close a cycle (back edges of a depth-first search in file order) are
/// left out of the count, so every count is finite and the run ends.
///
/// Cost: O(V + E) to find back edges, then for each impact O(V' + E'), where
/// V' and E' are the nodes and the edges between them that can reach it;
/// memory O(V + E + non-zero cells). Both can grow with activities × impacts (a thousand
/// activities joined through one output to a thousand impacts), so the
/// work stops with [`CoverageTooLarge`] past [`MAX_REACHED_PAIRS`] cells or
/// [`MAX_COVERAGE_STEPS`] steps.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
///   {"id": "a", "kind": "activity", "label": "A", "to": ["o1", "o2"]},
///   {"id": "o1", "kind": "output", "label": "O1", "to": ["i"]},
///   {"id": "o2", "kind": "output", "label": "O2", "to": ["i"]},
///   {"id": "b", "kind": "activity", "label": "B"},
///   {"id": "i", "kind": "impact", "label": "I"}]}"#).model.unwrap();
/// let coverage = logicmodel::analysis::coverage(&model).unwrap();
/// assert_eq!(coverage.path_count(0, 0), 2);
/// let idle: Vec<_> = coverage.activities_without_impact().collect();
/// assert_eq!(model.node(idle[0]).id().as_str(), "b");
/// ```
pub fn coverage(model: &Model) -> Result<Coverage<'_>, CoverageTooLarge> {
    coverage_within(model, MAX_REACHED_PAIRS, MAX_COVERAGE_STEPS)
}

/// [`coverage`] with limits of the caller's choosing.
pub fn coverage_within(
    model: &Model,
    max_pairs: usize,
    max_steps: u64,
) -> Result<Coverage<'_>, CoverageTooLarge> {
    let activities = grouped_by_section(model, |index| {
        model.node(index).kind() == NodeKind::Activity
    });
    let impacts = grouped_by_section(model, |index| model.is_chain_end(index));
    let dag = Dag::new(model);
    let mut row_of = vec![usize::MAX; model.node_count()];
    for (row, activity) in activities.iter().enumerate() {
        row_of[activity.index()] = row;
    }
    let mut rows: Vec<Vec<(usize, u64)>> = vec![Vec::new(); activities.len()];
    let mut reached = vec![false; impacts.len()];
    let mut counter = PathCounter::new(model.node_count());
    let mut steps_left = max_steps;
    let mut pairs = 0usize;
    for (column, &impact) in impacts.iter().enumerate() {
        let counted = counter
            .count_to(model, &dag, impact, &mut steps_left)
            .ok_or(CoverageTooLarge::Steps)?;
        for (node, count) in counted {
            let row = row_of[node.index()];
            if row != usize::MAX && count > 0 {
                pairs += 1;
                if pairs > max_pairs {
                    return Err(CoverageTooLarge::Pairs);
                }
                rows[row].push((column, count));
                reached[column] = true;
            }
        }
    }
    Ok(Coverage {
        model,
        activities,
        impacts,
        rows,
        reached,
    })
}

/// The nodes of `kind`, grouped by section: sections in file order, nodes
/// without a section last, file order within each group.
pub(crate) fn grouped_by_section(
    model: &Model,
    wanted: impl Fn(NodeIndex) -> bool,
) -> Vec<NodeIndex> {
    let mut nodes: Vec<(usize, NodeIndex)> = model
        .nodes()
        .filter(|&(index, _)| wanted(index))
        .map(|(index, node)| (node.section_index().unwrap_or(usize::MAX), index))
        .collect();
    nodes.sort();
    nodes.into_iter().map(|(_, index)| index).collect()
}

/// The model's graph without the edges that close cycles: predecessor
/// lists by node index.
struct Dag {
    predecessors: Vec<Vec<NodeIndex>>,
}

impl Dag {
    fn new(model: &Model) -> Dag {
        let graph = model.graph();
        let n = graph.node_count();
        let all: Vec<Vec<NodeIndex>> = graph
            .node_indices()
            // Declared feedback and sequence links are not steps of a chain.
            .map(|node| model.chain_outgoing(node).map(|e| e.to).collect())
            .collect();
        let mut predecessors: Vec<Vec<NodeIndex>> = vec![Vec::new(); n];
        // Iterative depth-first search (no recursion: a long chain must not
        // overflow the stack); an edge to a node still on the stack closes a
        // cycle and is dropped.
        const NEW: u8 = 0;
        const ON_STACK: u8 = 1;
        const DONE: u8 = 2;
        let mut state = vec![NEW; n];
        let mut stack: Vec<(NodeIndex, usize)> = Vec::new();
        for root in graph.node_indices() {
            if state[root.index()] != NEW {
                continue;
            }
            state[root.index()] = ON_STACK;
            stack.push((root, 0));
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                let Some(&target) = all[node.index()].get(*next) else {
                    state[node.index()] = DONE;
                    stack.pop();
                    continue;
                };
                *next += 1;
                if state[target.index()] == ON_STACK {
                    continue;
                }
                predecessors[target.index()].push(node);
                if state[target.index()] == NEW {
                    state[target.index()] = ON_STACK;
                    stack.push((target, 0));
                }
            }
        }
        Dag { predecessors }
    }
}

/// Scratch space for counting paths to one impact at a time, reused across
/// impacts so each costs only the nodes that reach it.
struct PathCounter {
    count: Vec<u64>,
    /// Which impact's run last touched a node (its index + 1; 0 = never).
    seen: Vec<usize>,
    order: Vec<NodeIndex>,
    stack: Vec<(NodeIndex, usize)>,
}

impl PathCounter {
    fn new(n: usize) -> PathCounter {
        PathCounter {
            count: vec![0; n],
            seen: vec![0; n],
            order: Vec::new(),
            stack: Vec::new(),
        }
    }

    /// The number of paths from every node that reaches `impact` to it
    /// (paths stop at the first impact, so other impacts count 0), or
    /// `None` when that takes more than `steps_left` steps (each node and
    /// edge visited is one); the steps taken are subtracted.
    fn count_to<'s>(
        &'s mut self,
        model: &Model,
        dag: &Dag,
        impact: NodeIndex,
        steps_left: &mut u64,
    ) -> Option<impl Iterator<Item = (NodeIndex, u64)> + 's> {
        let stamp = impact.index() + 1;
        // Post-order of a depth-first search against the edges lists a node
        // after the nodes that lead to it; reversed, it is a topological
        // order of the nodes that reach `impact`, successors first.
        self.order.clear();
        self.seen[impact.index()] = stamp;
        self.stack.push((impact, 0));
        while let Some((node, next)) = self.stack.last_mut() {
            *steps_left = steps_left.checked_sub(1)?;
            let node = *node;
            let Some(&source) = dag.predecessors[node.index()].get(*next) else {
                self.order.push(node);
                self.stack.pop();
                continue;
            };
            *next += 1;
            // A path ends at the first end it meets: another end is not a way through.
            if self.seen[source.index()] != stamp && !model.is_chain_end(source) {
                self.seen[source.index()] = stamp;
                self.stack.push((source, 0));
            }
        }
        for &node in &self.order {
            self.count[node.index()] = 0;
        }
        self.count[impact.index()] = 1;
        // Successors first: a node's count is complete when it is reached,
        // and is added to each predecessor that reaches the impact. Only
        // the edges inside the set are looked at (not every edge out of
        // it, which made a complete bipartite model quadratic per impact).
        for &node in self.order.iter().rev() {
            let sources = &dag.predecessors[node.index()];
            *steps_left = steps_left.checked_sub(sources.len() as u64 + 1)?;
            let count = self.count[node.index()];
            for source in sources {
                if self.seen[source.index()] == stamp {
                    let total = &mut self.count[source.index()];
                    *total = total.saturating_add(count);
                }
            }
        }
        let count = &self.count;
        Some(
            self.order
                .iter()
                .map(move |&node| (node, count[node.index()])),
        )
    }
}

impl PartialEq for Coverage<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.model, other.model)
            && self.activities == other.activities
            && self.impacts == other.impacts
            && self.rows == other.rows
    }
}

impl std::fmt::Debug for Coverage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Coverage")
            .field("activities", &self.activities)
            .field("impacts", &self.impacts)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

/// A node as the JSON outputs name it: id, label, section id.
pub(crate) struct NodeRef<'m>(pub &'m Model, pub NodeIndex);

impl Serialize for NodeRef<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let node = self.0.node(self.1);
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("id", node.id().as_str())?;
        map.serialize_entry("label", node.label())?;
        map.serialize_entry(
            "section",
            &node
                .section_index()
                .map(|s| self.0.sections()[s].id().as_str()),
        )?;
        map.end()
    }
}

/// Serialises a sequence made on the fly.
struct Seq<I>(std::cell::Cell<Option<I>>);

impl<I: Iterator<Item = T>, T: Serialize> Serialize for Seq<I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        if let Some(items) = self.0.take() {
            for item in items {
                seq.serialize_element(&item)?;
            }
        }
        seq.end()
    }
}

fn seq<I: Iterator<Item = T>, T: Serialize>(items: I) -> Seq<I> {
    Seq(std::cell::Cell::new(Some(items)))
}

impl Serialize for Coverage<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let model = self.model;
        let id = |n: NodeIndex| model.node(n).id().as_str();
        let cells = self.activities.len().saturating_mul(self.impacts.len());
        let dense = (cells <= JSON_MATRIX_CELLS).then(|| {
            seq((0..self.activities.len())
                .map(|row| seq((0..self.impacts.len()).map(move |c| self.path_count(row, c)))))
        });
        let reaches = seq(self
            .rows
            .iter()
            .map(|cells| seq(cells.iter().map(|&(impact, paths)| Reach { impact, paths }))));
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &crate::JSON_FORMAT)?;
        map.serialize_entry(
            "activities",
            &seq(self.activities.iter().map(|&n| NodeRef(model, n))),
        )?;
        map.serialize_entry(
            "impacts",
            &seq(self.impacts.iter().map(|&n| NodeRef(model, n))),
        )?;
        map.serialize_entry("paths", &dense)?;
        map.serialize_entry("reaches", &reaches)?;
        map.serialize_entry(
            "activities_without_impact",
            &seq(self.activities_without_impact().map(id)),
        )?;
        map.serialize_entry(
            "impacts_without_activity",
            &seq(self.impacts_without_activity().map(id)),
        )?;
        map.end()
    }
}

/// One cell of a row: the impact's column and the number of paths.
#[derive(serde::Serialize)]
struct Reach {
    impact: usize,
    paths: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Model {
        crate::load_str(text).model.expect("the test model loads")
    }

    fn ids(model: &Model, nodes: impl IntoIterator<Item = NodeIndex>) -> Vec<String> {
        nodes
            .into_iter()
            .map(|n| model.node(n).id().to_string())
            .collect()
    }

    #[test]
    fn counts_agree_with_enumerated_paths_on_the_real_models() {
        for file in ["gotsu-smart-city.json", "community-food-bank.json"] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../models")
                .join(file);
            let model = crate::load_path(&path)
                .expect("the model file is readable")
                .model
                .expect("the model loads");
            let coverage = coverage(&model).unwrap();
            assert!(!coverage.activities().is_empty());
            for (row, &activity) in coverage.activities().iter().enumerate() {
                for (column, &impact) in coverage.impacts().iter().enumerate() {
                    let listed = model
                        .paths_to_impacts(activity)
                        .filter(|p| p.last() == Some(&impact))
                        .count() as u64;
                    assert_eq!(
                        coverage.path_count(row, column),
                        listed,
                        "{file} {row} {column}"
                    );
                }
            }
            assert_eq!(coverage.activities_without_impact().count(), 0, "{file}");
            assert_eq!(coverage.impacts_without_activity().count(), 0, "{file}");
        }
    }

    #[test]
    fn rows_and_columns_are_grouped_by_section_then_file_order() {
        let model = load(
            r#"{"format": 1, "title": "t",
              "sections": [{"id": "s1"}, {"id": "s2"}],
              "nodes": [
                {"id": "a-none", "kind": "activity", "label": "x", "to": ["i2"]},
                {"id": "a-s2", "kind": "activity", "label": "x", "section": "s2", "to": ["i1"]},
                {"id": "i1", "kind": "impact", "label": "x", "section": "s2"},
                {"id": "a-s1", "kind": "activity", "label": "x", "section": "s1", "to": ["i2"]},
                {"id": "i2", "kind": "impact", "label": "x", "section": "s1"},
                {"id": "i3", "kind": "impact", "label": "x"}]}"#,
        );
        let coverage = coverage(&model).unwrap();
        assert_eq!(
            ids(&model, coverage.activities().to_vec()),
            ["a-s1", "a-s2", "a-none"]
        );
        assert_eq!(ids(&model, coverage.impacts().to_vec()), ["i2", "i1", "i3"]);
        assert_eq!(coverage.row(0), &[(0, 1)]);
        assert_eq!(coverage.row(1), &[(1, 1)]);
        assert_eq!(coverage.row(2), &[(0, 1)]);
        assert_eq!(ids(&model, coverage.impacts_without_activity()), ["i3"]);
    }

    #[test]
    fn a_path_stops_at_the_first_impact() {
        // `i1 → i2` is a backward edge (an error), but counting must still
        // treat i1 as the end of the path.
        let model = load(
            r#"{"format": 1, "title": "t", "nodes": [
                {"id": "a", "kind": "activity", "label": "x", "to": ["i1"]},
                {"id": "i1", "kind": "impact", "label": "x", "to": ["i2"]},
                {"id": "i2", "kind": "impact", "label": "x"}]}"#,
        );
        let coverage = coverage(&model).unwrap();
        assert_eq!(coverage.path_count(0, 0), 1);
        assert_eq!(coverage.path_count(0, 1), 0);
        assert_eq!(ids(&model, coverage.impacts_without_activity()), ["i2"]);
    }

    #[test]
    fn a_cycle_ends_and_counts_finitely() {
        let model = load(
            r#"{"format": 1, "title": "t", "nodes": [
                {"id": "a", "kind": "activity", "label": "x", "to": ["o1"]},
                {"id": "o1", "kind": "output", "label": "x", "to": ["o2"]},
                {"id": "o2", "kind": "output", "label": "x", "to": ["o1", "i"]},
                {"id": "s", "kind": "output", "label": "x", "to": ["s"]},
                {"id": "i", "kind": "impact", "label": "x"}]}"#,
        );
        let coverage = coverage(&model).unwrap();
        assert_eq!(coverage.path_count(0, 0), 1);
    }

    #[test]
    fn counts_saturate_instead_of_overflowing() {
        // 70 diamonds in a row: 2^70 paths from the activity to the impact.
        let mut nodes =
            vec![r#"{"id": "a", "kind": "activity", "label": "x", "to": ["m0"]}"#.to_owned()];
        for i in 0..70 {
            nodes.push(format!(
                r#"{{"id": "m{i}", "kind": "outcome", "label": "x", "to": ["l{i}", "r{i}"]}},
                   {{"id": "l{i}", "kind": "outcome", "label": "x", "to": ["m{n}"]}},
                   {{"id": "r{i}", "kind": "outcome", "label": "x", "to": ["m{n}"]}}"#,
                n = i + 1
            ));
        }
        nodes.push(r#"{"id": "m70", "kind": "outcome", "label": "x", "to": ["i"]}"#.to_owned());
        nodes.push(r#"{"id": "i", "kind": "impact", "label": "x"}"#.to_owned());
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        );
        let model = load(&text);
        assert_eq!(coverage(&model).unwrap().path_count(0, 0), u64::MAX);
    }

    #[test]
    fn a_long_chain_does_not_overflow_the_stack() {
        let mut nodes =
            vec![r#"{"id": "a", "kind": "activity", "label": "x", "to": ["o0"]}"#.to_owned()];
        let n = 10_000;
        for i in 0..n {
            let next = if i + 1 == n {
                "i".to_owned()
            } else {
                format!("o{}", i + 1)
            };
            nodes.push(format!(
                r#"{{"id": "o{i}", "kind": "outcome", "label": "x", "to": ["{next}"]}}"#
            ));
        }
        nodes.push(r#"{"id": "i", "kind": "impact", "label": "x"}"#.to_owned());
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        );
        let model = load(&text);
        assert_eq!(coverage(&model).unwrap().path_count(0, 0), 1);
    }

    /// `n` activities joined through one output to `n` impacts: n² pairs
    /// from 2n + 1 nodes, the shape that makes coverage quadratic.
    fn waist(n: usize) -> Model {
        let mut nodes: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"id": "a{i}", "kind": "activity", "label": "x", "to": ["w"]}}"#))
            .collect();
        let impacts: Vec<String> = (0..n).map(|i| format!("\"i{i}\"")).collect();
        nodes.push(format!(
            r#"{{"id": "w", "kind": "output", "label": "x", "to": [{}]}}"#,
            impacts.join(",")
        ));
        nodes
            .extend((0..n).map(|i| format!(r#"{{"id": "i{i}", "kind": "impact", "label": "x"}}"#)));
        load(&format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ))
    }

    #[test]
    fn more_pairs_than_the_limit_stop_with_an_error() {
        let model = waist(40);
        assert_eq!(
            coverage_within(&model, 1_600, u64::MAX)
                .unwrap()
                .row(0)
                .len(),
            40
        );
        assert_eq!(
            coverage_within(&model, 1_599, u64::MAX),
            Err(CoverageTooLarge::Pairs)
        );
        assert!(CoverageTooLarge::Pairs.to_string().contains("10000000"));
    }

    #[test]
    fn more_steps_than_the_limit_stop_with_an_error() {
        let model = waist(40);
        assert!(coverage_within(&model, usize::MAX, 1_000_000).is_ok());
        assert_eq!(
            coverage_within(&model, usize::MAX, 100),
            Err(CoverageTooLarge::Steps)
        );
    }
}
