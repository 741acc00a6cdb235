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
use super::{EdgeKind, EdgeSpec, NodeSpec};

/// A vertex index in the layered graph: `0..real_count` are input nodes (same index),
/// the rest are dummies.
pub(crate) type Vertex = u32;

/// How one input edge is represented in the layered graph.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    /// Index of the input edge.
    pub edge: usize,
    pub route: EdgeRoute,
    /// Vertices left to right (for a backward edge: target first); for a same-column or
    /// feedback edge just `[from, to]`.
    pub vertices: Vec<Vertex>,
}

/// Where a vertex may go vertically: the bands it lies in, and its place among them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BandPlace {
    /// Position of the vertex in the stack of bands: `2b + 1` inside band `b`, `2b + 2`
    /// between band `b` and band `b + 1` (a node shared by several bands). A column's order
    /// is sorted by it, so bands never interleave.
    pub rank: u32,
    /// The first and last band the vertex may extend over (equal for a band's own vertex).
    pub first: u32,
    pub last: u32,
}

impl BandPlace {
    fn of_band(band: usize) -> Self {
        BandPlace {
            rank: 2 * band as u32 + 1,
            first: band as u32,
            last: band as u32,
        }
    }
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
    /// Band placement of each vertex.
    pub place: Vec<BandPlace>,
    /// `up[up_start[v]..up_start[v + 1]]`: neighbours of `v` in the column to its left, one
    /// entry per segment (parallel edges repeat).
    pub up_start: Vec<usize>,
    pub up: Vec<Vertex>,
    /// Same for the column to the right.
    pub down_start: Vec<usize>,
    pub down: Vec<Vertex>,
    /// The chain (index into `chains`) of every entry of `up` and of `down`.
    pub up_chain: Vec<u32>,
    pub down_chain: Vec<u32>,
    /// `gaps[k]`: segments `(vertex in column k, vertex in column k + 1)`.
    pub gaps: Vec<Vec<(Vertex, Vertex)>>,
    /// `gap_chains[k][i]`: the chain of segment `gaps[k][i]`.
    pub gap_chains: Vec<Vec<u32>>,
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

    /// Builds the layered graph. Nodes must already be validated (column and band in range,
    /// at least one band when a node is shared).
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
        let mut place = band_places(nodes, edges, band_count);
        let mut gaps: Vec<Vec<(Vertex, Vertex)>> = vec![Vec::new(); layer_count.saturating_sub(1)];
        let mut gap_chains: Vec<Vec<u32>> = vec![Vec::new(); layer_count.saturating_sub(1)];
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
            if edge.kind == EdgeKind::Feedback {
                // Drawn around the columns later; no part of the layered graph.
                chains.push(Chain {
                    edge: index,
                    route: EdgeRoute::Feedback,
                    vertices: vec![edge.from as Vertex, edge.to as Vertex],
                });
                continue;
            }
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
            let (left_place, right_place) = (place[left], place[right]);
            let mut vertices = Vec::with_capacity(right_column - left_column + 1);
            vertices.push(left as Vertex);
            for column in left_column + 1..right_column {
                // An edge between bands changes band halfway: its dummies sit in the left
                // band for the first half of its span, in the right band for the rest.
                let in_left_half = 2 * (column - left_column) <= right_column - left_column;
                let dummy = layer.len() as Vertex;
                layer.push(column as u32);
                place.push(if in_left_half {
                    left_place
                } else {
                    right_place
                });
                vertices.push(dummy);
            }
            vertices.push(right as Vertex);
            for pair in vertices.windows(2) {
                let column = layer[pair[0] as usize] as usize;
                gaps[column].push((pair[0], pair[1]));
                gap_chains[column].push(chains.len() as u32);
            }
            chains.push(Chain {
                edge: index,
                route,
                vertices,
            });
        }
        let vertex_count = layer.len();
        let segments = || {
            gaps.iter()
                .zip(&gap_chains)
                .flat_map(|(gap, chain)| gap.iter().zip(chain))
        };
        let (up_start, up, up_chain) =
            adjacency(vertex_count, segments().map(|(&(a, b), &c)| (b, a, c)));
        let (down_start, down, down_chain) =
            adjacency(vertex_count, segments().map(|(&(a, b), &c)| (a, b, c)));
        LayeredGraph {
            layer_count,
            band_count,
            real_count,
            layer,
            place,
            up_start,
            up,
            down_start,
            down,
            up_chain,
            down_chain,
            gaps,
            gap_chains,
            chains,
            skipped,
        }
    }
}

/// The band placement of every input node. A node of a band lies in it. A shared node
/// (no band) lies across the bands its links connect: from the first to the last band of
/// its neighbours and of the banded nodes that lead to it through other shared nodes (so
/// a plan-wide impact fed by a shared outcome spans that outcome's sections too), at the
/// band boundary nearest to their mean; a shared node whose
/// neighbours are all shared takes the span of the nearest one that has a span, and one
/// with no link at all spans every band. Feedback links are not looked at (they do not place
/// anything). O(V + E).
fn band_places(nodes: &[NodeSpec], edges: &[EdgeSpec], band_count: usize) -> Vec<BandPlace> {
    let mut place: Vec<Option<BandPlace>> = nodes
        .iter()
        .map(|n| n.band.map(BandPlace::of_band))
        .collect();
    if place.iter().all(Option::is_some) {
        return place.into_iter().flatten().collect();
    }
    // Per shared node: (first band, last band, sum of bands, count) of banded neighbours.
    let mut seen: Vec<(u32, u32, u64, u64)> = vec![(u32::MAX, 0, 0, 0); nodes.len()];
    let mut shared_neighbours: Vec<Vec<u32>> = vec![Vec::new(); nodes.len()];
    // Per shared node: the same of its banded predecessors, and its shared predecessors
    // in earlier columns.
    let mut before: Vec<(u32, u32, u64, u64)> = vec![(u32::MAX, 0, 0, 0); nodes.len()];
    let mut shared_before: Vec<Vec<u32>> = vec![Vec::new(); nodes.len()];
    let add = |entry: &mut (u32, u32, u64, u64), band: usize| {
        entry.0 = entry.0.min(band as u32);
        entry.1 = entry.1.max(band as u32);
        entry.2 += band as u64;
        entry.3 += 1;
    };
    for edge in edges {
        if edge.kind == EdgeKind::Feedback || edge.from == edge.to {
            continue;
        }
        if edge.from >= nodes.len() || edge.to >= nodes.len() {
            continue;
        }
        for (this, other) in [(edge.from, edge.to), (edge.to, edge.from)] {
            if nodes[this].band.is_some() {
                continue;
            }
            let predecessor = this == edge.to;
            match nodes[other].band {
                Some(band) => {
                    add(&mut seen[this], band);
                    if predecessor {
                        add(&mut before[this], band);
                    }
                }
                None => {
                    shared_neighbours[this].push(other as u32);
                    if predecessor && nodes[other].column < nodes[this].column {
                        shared_before[this].push(other as u32);
                    }
                }
            }
        }
    }
    // Bands that lead to a shared node through earlier shared nodes, in column order so
    // that each predecessor is complete before it is read. O(V log V + E).
    let mut by_column: Vec<usize> = (0..nodes.len())
        .filter(|&i| nodes[i].band.is_none() && !shared_before[i].is_empty())
        .collect();
    by_column.sort_by_key(|&i| nodes[i].column);
    let mut inherited: Vec<(u32, u32, u64, u64)> = vec![(u32::MAX, 0, 0, 0); nodes.len()];
    for &v in &by_column {
        let mut total = inherited[v];
        for &u in &shared_before[v] {
            let u = u as usize;
            for part in [before[u], inherited[u]] {
                if part.3 > 0 {
                    total.0 = total.0.min(part.0);
                    total.1 = total.1.max(part.1);
                    total.2 += part.2;
                    total.3 += part.3;
                }
            }
        }
        inherited[v] = total;
    }
    for (entry, extra) in seen.iter_mut().zip(&inherited) {
        if extra.3 > 0 {
            entry.0 = entry.0.min(extra.0);
            entry.1 = entry.1.max(extra.1);
            entry.2 += extra.2;
            entry.3 += extra.3;
        }
    }
    let mut queue = std::collections::VecDeque::new();
    for (index, &(first, last, sum, count)) in seen.iter().enumerate() {
        if place[index].is_none() && count > 0 {
            place[index] = Some(shared_place(first, last, sum as f64 / count as f64));
            queue.push_back(index);
        }
    }
    // Shared nodes reached only through other shared nodes, nearest first.
    while let Some(index) = queue.pop_front() {
        let Some(known) = place[index] else { continue };
        for &next in &shared_neighbours[index] {
            let next = next as usize;
            if place[next].is_none() {
                let mean = f64::from(known.first + known.last) / 2.0;
                place[next] = Some(shared_place(known.first, known.last, mean));
                queue.push_back(next);
            }
        }
    }
    let last = band_count.saturating_sub(1) as u32;
    place
        .into_iter()
        .map(|p| p.unwrap_or_else(|| shared_place(0, last, f64::from(last) / 2.0)))
        .collect()
}

/// The placement of a shared node spanning bands `first..=last` whose neighbours' bands
/// average `mean`: inside the band when it spans one, else at the boundary between two of
/// its bands nearest to the mean (the upper one on a tie).
fn shared_place(first: u32, last: u32, mean: f64) -> BandPlace {
    if first == last {
        return BandPlace::of_band(first as usize);
    }
    // Boundary k lies between band k and k + 1, at rank 2k + 2; the mean's rank is 2m + 1.
    let target = 2.0 * mean + 1.0;
    let boundary = (first..last)
        .min_by(|&a, &b| {
            let da = (f64::from(2 * a + 2) - target).abs();
            let db = (f64::from(2 * b + 2) - target).abs();
            da.total_cmp(&db)
        })
        .unwrap_or(first);
    BandPlace {
        rank: 2 * boundary + 2,
        first,
        last,
    }
}

/// Compressed adjacency lists (counting sort by source), keeping the pairs' order, with
/// the chain of every entry.
fn adjacency(
    vertex_count: usize,
    pairs: impl Iterator<Item = (Vertex, Vertex, u32)> + Clone,
) -> (Vec<usize>, Vec<Vertex>, Vec<u32>) {
    let mut start = vec![0usize; vertex_count + 1];
    for (a, _, _) in pairs.clone() {
        start[a as usize + 1] += 1;
    }
    for i in 0..vertex_count {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut targets = vec![0; start[vertex_count]];
    let mut chains = vec![0; start[vertex_count]];
    for (a, b, chain) in pairs {
        targets[next[a as usize]] = b;
        chains[next[a as usize]] = chain;
        next[a as usize] += 1;
    }
    (start, targets, chains)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(column: usize, band: usize) -> NodeSpec {
        NodeSpec {
            column,
            band: Some(band),
            ..NodeSpec::default()
        }
    }

    fn shared(column: usize) -> NodeSpec {
        NodeSpec {
            column,
            band: None,
            ..NodeSpec::default()
        }
    }

    #[test]
    fn long_edges_get_one_dummy_per_intermediate_column() {
        let nodes = [node(0, 0), node(3, 0), node(1, 0)];
        let edges = [
            EdgeSpec::new(0, 1),
            EdgeSpec::new(0, 2),
            EdgeSpec::new(1, 0),
            EdgeSpec::new(2, 2),
            EdgeSpec::new(0, 9),
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
        let graph = LayeredGraph::build(&nodes, &[EdgeSpec::new(0, 1)], 5, 2);
        assert_eq!(graph.chains[0].vertices, [0, 2, 3, 4, 1]);
        let bands: Vec<u32> = graph.place[2..].iter().map(|p| p.first).collect();
        assert_eq!(bands, [0, 0, 1]);
    }

    #[test]
    fn shared_nodes_lie_across_the_bands_they_connect() {
        // Three bands; an impact shared by all (node 3) fed by one outcome per band, an
        // outcome shared by bands 0 and 1 (node 4), and a shared node reached only through
        // the shared impact (node 5), and one without links (node 6).
        let nodes = [
            node(0, 0),
            node(0, 1),
            node(0, 2),
            shared(2),
            shared(1),
            shared(3),
            shared(1),
        ];
        let edges = [
            EdgeSpec::new(0, 3),
            EdgeSpec::new(1, 3),
            EdgeSpec::new(2, 3),
            EdgeSpec::new(0, 4),
            EdgeSpec::new(1, 4),
            EdgeSpec::new(4, 3),
            EdgeSpec::new(3, 5),
            EdgeSpec::feedback(2, 4),
        ];
        let graph = LayeredGraph::build(&nodes, &edges, 4, 3);
        let place = |v: usize| {
            (
                graph.place[v].first,
                graph.place[v].last,
                graph.place[v].rank,
            )
        };
        assert_eq!(place(3), (0, 2, 2));
        // Bands 0 and 1 only: the feedback link from band 2 does not count.
        assert_eq!(place(4), (0, 1, 2));
        assert_eq!(place(5), (0, 2, 2));
        assert_eq!(place(6), (0, 2, 2));
        assert_eq!(place(0), (0, 0, 1));
        assert_eq!(graph.chains[7].route, EdgeRoute::Feedback);
        assert!(graph.gaps.iter().flatten().all(|&(a, b)| (a, b) != (2, 4)));
        // The dummy of 2 → 3 in column 1 is in band 2 (first half), 0 → 3's in band 0.
        assert_eq!(place(graph.chains[2].vertices[1] as usize), (2, 2, 5));
    }
}
