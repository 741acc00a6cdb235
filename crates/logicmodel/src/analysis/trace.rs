//! Trace: the chains through one node, upstream to the assumptions and
//! inputs it rests on and downstream to the impacts it leads to.
//!
//! The paths are those of [`Model::paths_from_roots`] and
//! [`Model::paths_to_impacts`], in the same order, but enumerated here with
//! pruning: a branch that cannot reach the end of a chain is never entered.
//! The plain iterators may walk an exponential number of dead branches (a
//! wide ladder of outputs ending nowhere) before they find the next path;
//! with pruning in a graph without cycles every step of the walk lies on a
//! path that is listed, so finding the first `limit` paths costs
//! O(V + E + limit × path length × degree).

use petgraph::graph::NodeIndex;
use petgraph::Direction;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::Model;

/// How many paths [`trace`] lists each way unless told otherwise.
pub const DEFAULT_PATH_LIMIT: usize = 1000;

/// The most nodes [`trace`] lists in all the paths of one direction
/// together (40 MB of indices): a thousand paths through a chain of a
/// million nodes would otherwise ask for gigabytes. Past it the list is
/// flagged as truncated, like one that reaches its path limit.
pub const MAX_LISTED_NODES: usize = 10_000_000;

/// Steps of the walk after which [`trace`] gives up and reports truncation.
/// Only a model with cycles (an error) can need this many without finding
/// paths: without cycles every step is on a path that is listed.
const STEP_BUDGET: usize = 10_000_000;

/// The chains through one node.
///
/// `Serialize` gives the JSON of `logicmodel trace --format json`
/// (`docs/json.md`): paths as lists of node ids.
#[derive(Clone)]
pub struct Trace<'m> {
    model: &'m Model,
    /// The traced node.
    pub node: NodeIndex,
    /// Paths from a node with no incoming edge (an assumption or input the
    /// node rests on) to the node, each read left to right and ending at the
    /// node; sorted by the file order of their nodes, so paths that share a
    /// beginning are adjacent. A node with no incoming edge has one path:
    /// itself.
    pub upstream: Vec<Vec<NodeIndex>>,
    /// Paths from the node to an impact, each ending at the first impact it
    /// meets, in the order the edges are written. An impact has one path:
    /// itself.
    pub downstream: Vec<Vec<NodeIndex>>,
    /// Whether `upstream` lists only the first paths of more.
    pub upstream_truncated: bool,
    /// Whether `downstream` lists only the first paths of more.
    pub downstream_truncated: bool,
}

impl Trace<'_> {
    /// Whether either list is incomplete.
    pub fn truncated(&self) -> bool {
        self.upstream_truncated || self.downstream_truncated
    }
}

/// Lists at most `limit` paths each way through `node`; a list that stops
/// at the limit is flagged, never cut silently.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
///   {"id": "n", "kind": "input", "label": "Volunteers", "to": ["a"]},
///   {"id": "a", "kind": "activity", "label": "Deliver food", "to": ["o"]},
///   {"id": "o", "kind": "output", "label": "Parcels delivered", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "No one goes hungry"}]}"#).model.unwrap();
/// let a = model.node_index("a").unwrap();
/// let trace = logicmodel::analysis::trace(&model, a, 1000);
/// let ids = |path: &Vec<_>| path.iter().map(|&n| model.node(n).id().as_str()).collect::<Vec<_>>();
/// assert_eq!(ids(&trace.upstream[0]), ["n", "a"]);
/// assert_eq!(ids(&trace.downstream[0]), ["a", "o", "i"]);
/// assert!(!trace.truncated());
/// ```
///
/// # Panics
/// If `node` does not come from `model`: [`try_trace`] returns an error
/// instead.
pub fn trace(model: &Model, node: NodeIndex, limit: usize) -> Trace<'_> {
    let (mut upstream, upstream_truncated) =
        paths(model, node, Direction::Incoming, limit, MAX_LISTED_NODES);
    for path in &mut upstream {
        path.reverse();
    }
    upstream.sort();
    let (downstream, downstream_truncated) =
        paths(model, node, Direction::Outgoing, limit, MAX_LISTED_NODES);
    Trace {
        model,
        node,
        upstream,
        downstream,
        upstream_truncated,
        downstream_truncated,
    }
}

/// The id of a node whose id is close to `id` (a likely typo), if any.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
///   {"id": "a-online-app", "kind": "activity", "label": "Online"}]}"#).model.unwrap();
/// let close = logicmodel::analysis::similar_node(&model, "a-onlin-app");
/// assert_eq!(close.map(|id| id.as_str()), Some("a-online-app"));
/// ```
pub fn similar_node<'m>(model: &'m Model, id: &str) -> Option<&'m crate::NodeId> {
    let known: Vec<&str> = model.nodes().map(|(_, n)| n.id().as_str()).collect();
    let close = crate::vocabulary::closest_id(id, &known)?;
    model.node_index(close).map(|index| model.node(index).id())
}

fn neighbours(model: &Model, node: NodeIndex, direction: Direction) -> Vec<NodeIndex> {
    let mut next: Vec<NodeIndex> = match direction {
        Direction::Outgoing => model.chain_outgoing(node).map(|e| e.to).collect(),
        Direction::Incoming => model.chain_incoming(node).map(|e| e.from).collect(),
    };
    // Popped from the back, so reversed to visit in the order written.
    next.reverse();
    next
}

/// Whether a path going `direction` ends at `node`.
fn is_end(model: &Model, node: NodeIndex, direction: Direction) -> bool {
    match direction {
        Direction::Outgoing => model.is_chain_end(node),
        Direction::Incoming => model.chain_incoming(node).next().is_none(),
    }
}

/// For each node, whether some walk going `direction` from it reaches an
/// end: found by a search from every end against `direction`. O(V + E).
fn leads_to_an_end(model: &Model, direction: Direction) -> Vec<bool> {
    let mut useful = vec![false; model.node_count()];
    let mut stack: Vec<NodeIndex> = model
        .nodes()
        .map(|(index, _)| index)
        .filter(|&index| is_end(model, index, direction))
        .collect();
    for &end in &stack {
        useful[end.index()] = true;
    }
    while let Some(node) = stack.pop() {
        for next in neighbours(model, node, direction.opposite()) {
            if !useful[next.index()] {
                useful[next.index()] = true;
                stack.push(next);
            }
        }
    }
    useful
}

/// At most `limit` simple paths from `start` to an end going `direction`,
/// with at most `max_listed` nodes in all, in the order
/// [`crate::model::Paths`] yields them, and whether there are more.
/// [`trace`], or an error when `node` is not one of `model`'s nodes (an
/// index kept from another model).
///
/// ```
/// let small = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": []}"#).model.unwrap();
/// let error = logicmodel::analysis::try_trace(&small, petgraph::graph::NodeIndex::new(3), 10).unwrap_err();
/// assert!(error.message().contains("comes from another model"));
/// ```
pub fn try_trace(
    model: &Model,
    node: NodeIndex,
    limit: usize,
) -> Result<Trace<'_>, crate::Diagnostic> {
    Ok(trace(model, model.check_index(node)?, limit))
}

fn paths(
    model: &Model,
    start: NodeIndex,
    direction: Direction,
    limit: usize,
    max_listed: usize,
) -> (Vec<Vec<NodeIndex>>, bool) {
    if is_end(model, start, direction) {
        return (
            if limit == 0 {
                vec![]
            } else {
                vec![vec![start]]
            },
            limit == 0,
        );
    }
    let useful = leads_to_an_end(model, direction);
    let mut found: Vec<Vec<NodeIndex>> = Vec::new();
    if !useful[start.index()] {
        return (found, false);
    }
    let mut on_path = vec![false; model.node_count()];
    let mut path = vec![start];
    on_path[start.index()] = true;
    let mut pending = vec![neighbours(model, start, direction)];
    let mut steps = 0usize;
    let mut listed = 0usize;
    while let Some(next) = pending.last_mut().map(Vec::pop) {
        steps += 1;
        if steps > STEP_BUDGET {
            return (found, true);
        }
        match next {
            None => {
                pending.pop();
                if let Some(node) = path.pop() {
                    on_path[node.index()] = false;
                }
            }
            Some(next) if on_path[next.index()] || !useful[next.index()] => {}
            Some(next) if is_end(model, next, direction) => {
                listed = listed.saturating_add(path.len() + 1);
                if found.len() == limit || listed > max_listed {
                    return (found, true);
                }
                let mut complete = path.clone();
                complete.push(next);
                found.push(complete);
            }
            Some(next) => {
                path.push(next);
                on_path[next.index()] = true;
                pending.push(neighbours(model, next, direction));
            }
        }
    }
    (found, false)
}

impl PartialEq for Trace<'_> {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self.model, other.model)
            && self.node == other.node
            && self.upstream == other.upstream
            && self.downstream == other.downstream
            && self.upstream_truncated == other.upstream_truncated
            && self.downstream_truncated == other.downstream_truncated
    }
}

impl std::fmt::Debug for Trace<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Trace")
            .field("node", &self.node)
            .field("upstream", &self.upstream)
            .field("downstream", &self.downstream)
            .field("upstream_truncated", &self.upstream_truncated)
            .field("downstream_truncated", &self.downstream_truncated)
            .finish_non_exhaustive()
    }
}

impl Serialize for Trace<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let id = |n: &NodeIndex| self.model.node(*n).id().as_str();
        let ids = |paths: &[Vec<NodeIndex>]| -> Vec<Vec<&str>> {
            paths.iter().map(|p| p.iter().map(id).collect()).collect()
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &crate::JSON_FORMAT)?;
        map.serialize_entry("node", id(&self.node))?;
        map.serialize_entry("upstream", &ids(&self.upstream))?;
        map.serialize_entry("downstream", &ids(&self.downstream))?;
        map.serialize_entry("upstream_truncated", &self.upstream_truncated)?;
        map.serialize_entry("downstream_truncated", &self.downstream_truncated)?;
        map.serialize_entry("truncated", &self.truncated())?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(text: &str) -> Model {
        crate::load_str(text).model.expect("the test model loads")
    }

    fn real_model(file: &str) -> Model {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../models")
            .join(file);
        crate::load_path(&path)
            .expect("the model file is readable")
            .model
            .expect("the model loads")
    }

    #[test]
    fn paths_are_those_of_the_model_iterators_in_their_order() {
        for file in ["gotsu-smart-city.json", "community-food-bank.json"] {
            let model = real_model(file);
            for (node, _) in model.nodes() {
                let trace = trace(&model, node, usize::MAX);
                let downstream: Vec<_> = model.paths_to_impacts(node).collect();
                assert_eq!(trace.downstream, downstream, "{file}");
                let mut upstream: Vec<Vec<NodeIndex>> = model
                    .paths_from_roots(node)
                    .map(|mut p| {
                        p.reverse();
                        p
                    })
                    .collect();
                upstream.sort();
                assert_eq!(trace.upstream, upstream, "{file}");
                assert!(!trace.truncated());
                assert!(trace.upstream.iter().all(|p| p.last() == Some(&node)));
                assert!(trace.downstream.iter().all(|p| p[0] == node
                    && model.node(*p.last().unwrap()).kind() == crate::NodeKind::Impact));
            }
        }
    }

    #[test]
    fn lists_stop_at_the_limit_and_say_so() {
        let model = load(
            r#"{"format": 1, "title": "t", "nodes": [
                {"id": "a", "kind": "activity", "label": "x", "to": ["o1", "o2", "o3"]},
                {"id": "o1", "kind": "output", "label": "x", "to": ["i"]},
                {"id": "o2", "kind": "output", "label": "x", "to": ["i"]},
                {"id": "o3", "kind": "output", "label": "x", "to": ["i"]},
                {"id": "i", "kind": "impact", "label": "x"}]}"#,
        );
        let a = model.node_index("a").unwrap();
        let exact = trace(&model, a, 3);
        assert_eq!(exact.downstream.len(), 3);
        assert!(!exact.truncated());
        let cut = trace(&model, a, 2);
        assert_eq!(cut.downstream.len(), 2);
        assert!(cut.downstream_truncated);
        assert!(!cut.upstream_truncated);
        let i = model.node_index("i").unwrap();
        let up = trace(&model, i, 2);
        assert_eq!(up.upstream.len(), 2);
        assert!(up.upstream_truncated);
        assert_eq!(up.downstream, vec![vec![i]]);
    }

    #[test]
    fn dead_branches_are_never_walked() {
        // 60 diamonds ending nowhere: 2^60 dead paths the plain iterator
        // would walk before finding the one to the impact.
        let mut nodes =
            vec![r#"{"id": "a", "kind": "activity", "label": "x", "to": ["m0", "i"]}"#.to_owned()];
        for i in 0..60 {
            nodes.push(format!(
                r#"{{"id": "m{i}", "kind": "outcome", "label": "x", "to": ["l{i}", "r{i}"]}},
                   {{"id": "l{i}", "kind": "outcome", "label": "x", "to": ["m{n}"]}},
                   {{"id": "r{i}", "kind": "outcome", "label": "x", "to": ["m{n}"]}}"#,
                n = i + 1
            ));
        }
        nodes.push(r#"{"id": "m60", "kind": "outcome", "label": "x"}"#.to_owned());
        nodes.push(r#"{"id": "i", "kind": "impact", "label": "x"}"#.to_owned());
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        );
        let model = load(&text);
        let a = model.node_index("a").unwrap();
        let trace = trace(&model, a, 10);
        assert_eq!(trace.downstream.len(), 1);
        assert!(!trace.truncated());
    }

    #[test]
    fn a_cycle_ends() {
        let model = load(
            r#"{"format": 1, "title": "t", "nodes": [
                {"id": "a", "kind": "activity", "label": "x", "to": ["o1"]},
                {"id": "o1", "kind": "output", "label": "x", "to": ["o2"]},
                {"id": "o2", "kind": "output", "label": "x", "to": ["o1", "i"]},
                {"id": "i", "kind": "impact", "label": "x"}]}"#,
        );
        let o2 = model.node_index("o2").unwrap();
        let trace = trace(&model, o2, 100);
        assert_eq!(trace.downstream.len(), 1);
        assert_eq!(trace.upstream.len(), 1);
    }

    #[test]
    fn typos_find_the_node_meant() {
        let model = real_model("gotsu-smart-city.json");
        assert_eq!(
            similar_node(&model, "a-online-ap").map(|id| id.as_str()),
            Some("a-online-app")
        );
        assert_eq!(similar_node(&model, "zzzzzzzzzzzzzzzz"), None);
    }

    #[test]
    fn the_listed_nodes_are_bounded_and_the_list_flagged() {
        // A chain a → o0 → … → o19 → i with two impacts at the end: each
        // path has 22 nodes.
        let mut nodes =
            vec![r#"{"id": "a", "kind": "activity", "label": "x", "to": ["o0"]}"#.to_owned()];
        for i in 0..20 {
            let next = if i == 19 {
                r#""i", "j""#.to_owned()
            } else {
                format!("\"o{}\"", i + 1)
            };
            nodes.push(format!(
                r#"{{"id": "o{i}", "kind": "outcome", "label": "x", "to": [{next}]}}"#
            ));
        }
        nodes.push(r#"{"id": "i", "kind": "impact", "label": "x"}"#.to_owned());
        nodes.push(r#"{"id": "j", "kind": "impact", "label": "x"}"#.to_owned());
        let model = load(&format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ));
        let a = model.node_index("a").unwrap();
        let (all, more) = paths(&model, a, Direction::Outgoing, 1000, 1000);
        assert_eq!((all.len(), more), (2, false));
        let (some, more) = paths(&model, a, Direction::Outgoing, 1000, 30);
        assert_eq!((some.len(), more), (1, true));
        assert!(some.iter().map(Vec::len).sum::<usize>() <= 30);
    }
}
