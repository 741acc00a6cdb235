//! The proper layered graph: input nodes plus dummy vertices, so that every edge joins
//! adjacent columns.
//!
//! Role: the first stage of the layout. Columns are the layers and are fixed by the input
//! (no layer assignment is needed). An edge spanning several columns becomes a chain through
//! one *dummy* vertex per intermediate column (Sugiyama, Tagawa and Toda 1981; Gansner et al.
//! 1993 §3), so that crossing minimisation and coordinate assignment only ever look at
//! adjacent layers and a long edge gets a slot of its own in every column it crosses.
//! Backward edges are chained in reverse (right to left); same-column edges and self-loops
//! get no vertex here and are routed beside their column later.
//!
//! Must not do: geometry or text; it only knows columns, bands and indices.

use super::scene::{EdgeRoute, SkipReason, SkippedEdge};
use super::{EdgeSpec, NodeSpec};

/// A vertex index in the layered graph: `0..real_count` are input nodes (same index),
/// the rest are dummies.
pub(crate) type Vertex = u32;

/// How one input edge is represented in the layered graph.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    /// Index of the input edge.
    pub edge: usize,
    pub route: EdgeRoute,
    /// Vertices left to right (for a backward edge: target first); for a same-column edge
    /// just `[from, to]`.
    pub vertices: Vec<Vertex>,
}

/// The proper layered graph, in compressed adjacency form.
#[derive(Debug, Clone)]
pub(crate) struct LayeredGraph {
    pub layer_count: usize,
    pub band_count: usize,
    /// Input nodes are vertices `0..real_count`.
    pub real_count: usize,
    /// Column of each vertex.
    pub layer: Vec<u32>,
    /// Band of each vertex.
    pub band: Vec<u32>,
    /// `up[up_start[v]..up_start[v + 1]]`: neighbours of `v` in the column to its left, one
    /// entry per segment (parallel edges repeat).
    pub up_start: Vec<usize>,
    pub up: Vec<Vertex>,
    /// Same for the column to the right.
    pub down_start: Vec<usize>,
    pub down: Vec<Vertex>,
    /// `gaps[k]`: segments `(vertex in column k, vertex in column k + 1)`.
    pub gaps: Vec<Vec<(Vertex, Vertex)>>,
    /// One per drawn input edge, in input order.
    pub chains: Vec<Chain>,
    pub skipped: Vec<SkippedEdge>,
}

impl LayeredGraph {
    pub fn is_dummy(&self, v: Vertex) -> bool {
        v as usize >= self.real_count
    }

    pub fn vertex_count(&self) -> usize {
        self.layer.len()
    }

    pub fn ups(&self, v: Vertex) -> &[Vertex] {
        &self.up[self.up_start[v as usize]..self.up_start[v as usize + 1]]
    }

    pub fn downs(&self, v: Vertex) -> &[Vertex] {
        &self.down[self.down_start[v as usize]..self.down_start[v as usize + 1]]
    }

    /// Total number of segments between adjacent columns.
    pub fn segment_count(&self) -> usize {
        self.up.len()
    }

    /// Builds the layered graph. Nodes must already be validated (column and band in range).
    ///
    /// O(V + Σ span(e)), where span is the number of columns an edge crosses.
    pub fn build(
        nodes: &[NodeSpec],
        edges: &[EdgeSpec],
        layer_count: usize,
        band_count: usize,
    ) -> Self {
        let real_count = nodes.len();
        let mut layer: Vec<u32> = nodes.iter().map(|n| n.column as u32).collect();
        let mut band: Vec<u32> = nodes.iter().map(|n| n.band as u32).collect();
        let mut gaps: Vec<Vec<(Vertex, Vertex)>> = vec![Vec::new(); layer_count.saturating_sub(1)];
        let mut chains = Vec::with_capacity(edges.len());
        let mut skipped = Vec::new();
        for (index, edge) in edges.iter().enumerate() {
            let (Some(from), Some(to)) = (nodes.get(edge.from), nodes.get(edge.to)) else {
                skipped.push(SkippedEdge {
                    edge: index,
                    reason: SkipReason::UnknownNode,
                });
                continue;
            };
            let (route, left, right) = match from.column.cmp(&to.column) {
                std::cmp::Ordering::Less => (EdgeRoute::Forward, edge.from, edge.to),
                std::cmp::Ordering::Equal => {
                    chains.push(Chain {
                        edge: index,
                        route: EdgeRoute::SameColumn,
                        vertices: vec![edge.from as Vertex, edge.to as Vertex],
                    });
                    continue;
                }
                std::cmp::Ordering::Greater => (EdgeRoute::Backward, edge.to, edge.from),
            };
            let (left_column, right_column) = (nodes[left].column, nodes[right].column);
            let (left_band, right_band) = (nodes[left].band as u32, nodes[right].band as u32);
            let mut vertices = Vec::with_capacity(right_column - left_column + 1);
            vertices.push(left as Vertex);
            for column in left_column + 1..right_column {
                // An edge between bands changes band halfway: its dummies sit in the left
                // band for the first half of its span, in the right band for the rest.
                let in_left_half = 2 * (column - left_column) <= right_column - left_column;
                let dummy = layer.len() as Vertex;
                layer.push(column as u32);
                band.push(if in_left_half { left_band } else { right_band });
                vertices.push(dummy);
            }
            vertices.push(right as Vertex);
            for pair in vertices.windows(2) {
                let column = layer[pair[0] as usize] as usize;
                gaps[column].push((pair[0], pair[1]));
            }
            chains.push(Chain {
                edge: index,
                route,
                vertices,
            });
        }
        let vertex_count = layer.len();
        let (up_start, up) = adjacency(vertex_count, gaps.iter().flatten().map(|&(a, b)| (b, a)));
        let (down_start, down) = adjacency(vertex_count, gaps.iter().flatten().copied());
        LayeredGraph {
            layer_count,
            band_count,
            real_count,
            layer,
            band,
            up_start,
            up,
            down_start,
            down,
            gaps,
            chains,
            skipped,
        }
    }
}

/// Compressed adjacency lists (counting sort by source), keeping the pairs' order.
fn adjacency(
    vertex_count: usize,
    pairs: impl Iterator<Item = (Vertex, Vertex)> + Clone,
) -> (Vec<usize>, Vec<Vertex>) {
    let mut start = vec![0usize; vertex_count + 1];
    for (a, _) in pairs.clone() {
        start[a as usize + 1] += 1;
    }
    for i in 0..vertex_count {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut targets = vec![0; start[vertex_count]];
    for (a, b) in pairs {
        targets[next[a as usize]] = b;
        next[a as usize] += 1;
    }
    (start, targets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(column: usize, band: usize) -> NodeSpec {
        NodeSpec {
            column,
            band,
            ..NodeSpec::default()
        }
    }

    #[test]
    fn long_edges_get_one_dummy_per_intermediate_column() {
        let nodes = [node(0, 0), node(3, 0), node(1, 0)];
        let edges = [
            EdgeSpec { from: 0, to: 1 },
            EdgeSpec { from: 0, to: 2 },
            EdgeSpec { from: 1, to: 0 },
            EdgeSpec { from: 2, to: 2 },
            EdgeSpec { from: 0, to: 9 },
        ];
        let graph = LayeredGraph::build(&nodes, &edges, 4, 1);
        // Two dummies for 0 -> 1, two for the backward 1 -> 0.
        assert_eq!(graph.vertex_count(), 3 + 4);
        assert_eq!(graph.chains[0].vertices, [0, 3, 4, 1]);
        assert_eq!(graph.layer[3], 1);
        assert_eq!(graph.layer[4], 2);
        assert_eq!(graph.chains[1].vertices, [0, 2]);
        assert_eq!(graph.chains[2].route, EdgeRoute::Backward);
        assert_eq!(graph.chains[2].vertices, [0, 5, 6, 1]);
        assert_eq!(graph.chains[3].route, EdgeRoute::SameColumn);
        assert_eq!(graph.skipped.len(), 1);
        assert_eq!(graph.skipped[0].edge, 4);
        assert_eq!(graph.gaps[0].len(), 3);
        assert_eq!(graph.downs(0), [3, 2, 5]);
        assert_eq!(graph.ups(1), [4, 6]);
        assert_eq!(graph.segment_count(), 3 + 2 + 2);
    }

    #[test]
    fn dummies_of_an_edge_between_bands_change_band_halfway() {
        let nodes = [node(0, 0), node(4, 1)];
        let graph = LayeredGraph::build(&nodes, &[EdgeSpec { from: 0, to: 1 }], 5, 2);
        assert_eq!(graph.chains[0].vertices, [0, 2, 3, 4, 1]);
        assert_eq!(&graph.band[2..], [0, 0, 1]);
    }
}
