//! Lazy enumeration of simple paths, for `trace` and `paths_to_impacts`.

use petgraph::graph::NodeIndex;
use petgraph::Direction;

use super::Model;

/// An iterator over the simple paths from one node to the end of its chains:
/// downstream to impacts, or upstream to nodes with no incoming edge.
///
/// Depth-first, in the order edges are written, so the output is
/// deterministic. Each step costs O(out-degree); the number of paths can
/// grow exponentially with the graph's width, so callers that print paths
/// should `take` a bounded number. A node already on the current path is
/// never revisited, so cycles cannot make the iterator loop.
pub struct Paths<'m> {
    model: &'m Model,
    direction: Direction,
    path: Vec<NodeIndex>,
    /// For each node on `path`, its neighbours still to visit (reversed: pop gives the next).
    pending: Vec<Vec<NodeIndex>>,
}

impl<'m> Paths<'m> {
    pub(super) fn new(model: &'m Model, start: NodeIndex, direction: Direction) -> Paths<'m> {
        let mut paths = Paths {
            model,
            direction,
            path: Vec::new(),
            pending: Vec::new(),
        };
        if start.index() < model.graph.node_count() {
            paths.push(start);
        }
        paths
    }

    fn neighbours(&self, node: NodeIndex) -> Vec<NodeIndex> {
        let mut next: Vec<NodeIndex> = match self.direction {
            Direction::Outgoing => self.model.chain_outgoing(node).map(|e| e.to).collect(),
            Direction::Incoming => self.model.chain_incoming(node).map(|e| e.from).collect(),
        };
        next.reverse();
        next
    }

    fn push(&mut self, node: NodeIndex) {
        let next = self.neighbours(node);
        self.path.push(node);
        self.pending.push(next);
    }

    fn is_end(&self, node: NodeIndex) -> bool {
        match self.direction {
            Direction::Outgoing => self.model.is_chain_end(node),
            Direction::Incoming => self.model.chain_incoming(node).next().is_none(),
        }
    }
}

impl Iterator for Paths<'_> {
    type Item = Vec<NodeIndex>;

    fn next(&mut self) -> Option<Vec<NodeIndex>> {
        loop {
            let pending = self.pending.last_mut()?;
            match pending.pop() {
                Some(next) if self.path.contains(&next) => continue,
                Some(next) => {
                    self.push(next);
                    // An impact ends a downstream path even if edges leave it.
                    let at_impact = self.direction == Direction::Outgoing && self.is_end(next);
                    if at_impact || (self.direction == Direction::Incoming && self.is_end(next)) {
                        let found = self.path.clone();
                        self.path.pop();
                        self.pending.pop();
                        return Some(found);
                    }
                }
                None => {
                    // The start node itself may be an end (an impact, or a root).
                    let only_start = self.path.len() == 1;
                    let start = self.path.pop()?;
                    self.pending.pop();
                    if only_start && self.is_end(start) {
                        return Some(vec![start]);
                    }
                }
            }
        }
    }
}
