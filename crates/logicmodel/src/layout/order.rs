//! Crossing minimisation: the vertical order of the vertices in every column.
//!
//! Role: the second stage of the layout. Given the proper layered graph, choose for every
//! column an order of its vertices (boxes and dummies) with few crossings, keeping every
//! vertex in its place among the bands: a column's order is always band 0's vertices, then
//! those shared by bands 0 and 1, then band 1's, and so on (see [`BandPlace`]). Within a
//! band, connected components are kept apart too (as dot does); only the order *within*
//! such a block changes.
//!
//! The blocks of one (band, component) pair form a *part*. Parts are optimised one after
//! the other, each with its own effort, its own best order and its own patience, the other
//! parts' orders held fixed (edges between bands are the only ones that join two parts,
//! and they count with the other end where it currently is). A drawing's crossings are,
//! but for those few edges, the sum of its parts', so one part improving while another
//! gets worse no longer reads as no progress.
//!
//! Method for one part (Gansner, Koutsofios, North and Vo, "A technique for drawing
//! directed graphs", IEEE TSE 19(3), 1993, §3):
//! 1. start from the input order (the author's order is often good) and from the two
//!    breadth-first search orders of Gansner et al. (as dot builds them, from the sources
//!    and from the sinks); sweep from the best one, or all three when the graph is small;
//! 2. layer-by-layer sweeps, alternating left→right and right→left, sorting each block by
//!    the barycenter (Sugiyama et al. 1981) or weighted median (Gansner et al.) of each
//!    vertex's neighbours in the fixed column; vertices without such neighbours keep their
//!    slot;
//! 3. after every sweep, *transposition*: swap adjacent vertices of a block while that
//!    lowers the crossings of their edges (every other pair of sweeps also while it keeps
//!    them equal, as dot does, to cross plateaus);
//! 4. count the part's crossings after every sweep and keep the best order seen; give up
//!    on a start after 10 sweeps without a new best.
//!
//! With [`Order::Source`] the boxes keep their input order within every (column, band)
//! block; sweeps and transposition only move dummy vertices, that is, choose where the
//! long edges pass.
//!
//! Every sort is stable with the current slot as tie-break, so the result is a pure
//! function of the input. The number of sweeps and transposition passes is capped by the
//! size of the graph so that the stage stays near-linear (see [`order_vertices`]).
//!
//! Must not do: geometry; it only produces orders.

use super::graph::{LayeredGraph, Vertex};
use super::part::{Block, Heuristic, PartGraph, Sweep};
use super::Order;

/// Which block of its column every vertex belongs to: vertices are sorted by this key
/// before anything else, and crossing minimisation only reorders vertices with equal keys.
/// The key is the vertex's place among the bands
/// ([`BandPlace::rank`](super::graph::BandPlace::rank)) and, when
/// minimising crossings, its connected component, numbered by its first input node: like
/// dot, we keep connected components apart (they need not cross at all) and, within a
/// band, in the order the author listed them. With [`Order::Source`] components are not
/// separated, since that would reorder the author's boxes.
///
/// O(V + E α(V)).
pub(crate) fn block_keys(graph: &LayeredGraph, order: Order) -> Vec<u64> {
    let n = graph.vertex_count();
    let rank = |v: usize| u64::from(graph.place[v].rank) << 32;
    if order == Order::Source {
        return (0..n).map(rank).collect();
    }
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut v: u32) -> u32 {
        while parent[v as usize] != v {
            let grandparent = parent[parent[v as usize] as usize];
            parent[v as usize] = grandparent;
            v = grandparent;
        }
        v
    }
    for &(a, b) in graph.gaps.iter().flatten() {
        let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
        // The smaller index becomes the root, so a component is named by its first vertex.
        if ra < rb {
            parent[rb as usize] = ra;
        } else {
            parent[ra as usize] = rb;
        }
    }
    (0..n as u32)
        .map(|v| {
            let component = root(&mut parent, v);
            rank(v as usize) | u64::from(component)
        })
        .collect()
}

/// The order of every column and, for every vertex, its slot in its column.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Ordering {
    pub orders: Vec<Vec<Vertex>>,
    pub slot: Vec<u32>,
}

impl Ordering {
    /// Vertices of each column in block order, then input order (input nodes before
    /// dummies, dummies in edge order).
    ///
    /// O(V log V).
    pub fn initial(graph: &LayeredGraph, keys: &[u64]) -> Self {
        let mut orders: Vec<Vec<Vertex>> = vec![Vec::new(); graph.layer_count];
        for v in 0..graph.vertex_count() {
            orders[graph.layer[v] as usize].push(v as Vertex);
        }
        Self::sorted(graph, keys, orders)
    }

    /// The initial order of Gansner et al. as dot implements it: a breadth-first search
    /// over the edges in both directions, which places every vertex in its column when it
    /// is first reached. With `rightward` the searches start from the vertices without
    /// neighbours on their left (in input order) and look right first; otherwise from
    /// those without neighbours on their right, looking left first. Vertices not reached
    /// (isolated ones) start searches of their own. Blocks (see [`block_keys`]) are
    /// restored afterwards by a stable sort.
    ///
    /// O(V log V + E).
    pub fn breadth_first(graph: &LayeredGraph, keys: &[u64], rightward: bool) -> Self {
        let n = graph.vertex_count();
        let is_start = |v: usize| {
            if rightward {
                graph.ups(v as Vertex).is_empty()
            } else {
                graph.downs(v as Vertex).is_empty()
            }
        };
        let starts = (0..n).filter(|&v| is_start(v)).chain(0..n);
        let mut orders: Vec<Vec<Vertex>> = vec![Vec::new(); graph.layer_count];
        let mut seen = vec![false; n];
        let mut queue: std::collections::VecDeque<Vertex> = std::collections::VecDeque::new();
        for start in starts {
            if seen[start] {
                continue;
            }
            seen[start] = true;
            queue.push_back(start as Vertex);
            while let Some(v) = queue.pop_front() {
                orders[graph.layer[v as usize] as usize].push(v);
                let (first, second) = if rightward {
                    (graph.downs(v), graph.ups(v))
                } else {
                    (graph.ups(v), graph.downs(v))
                };
                for &u in first.iter().chain(second) {
                    if !seen[u as usize] {
                        seen[u as usize] = true;
                        queue.push_back(u);
                    }
                }
            }
        }
        Self::sorted(graph, keys, orders)
    }

    fn sorted(graph: &LayeredGraph, keys: &[u64], mut orders: Vec<Vec<Vertex>>) -> Self {
        for order in &mut orders {
            order.sort_by_key(|&v| keys[v as usize]);
        }
        let mut ordering = Ordering {
            orders,
            slot: vec![0; graph.vertex_count()],
        };
        for layer in 0..graph.layer_count {
            ordering.renumber(layer);
        }
        ordering
    }

    fn renumber(&mut self, layer: usize) {
        for (i, &v) in self.orders[layer].iter().enumerate() {
            self.slot[v as usize] = i as u32;
        }
    }

    /// Total crossings of this order, gap by gap.
    ///
    /// O(E log E) with E segments.
    #[cfg(test)]
    pub fn crossings(&self, graph: &LayeredGraph, scratch: &mut Scratch) -> u64 {
        let mut total = 0;
        for gap in &graph.gaps {
            scratch.pairs.clear();
            scratch.pairs.extend(
                gap.iter()
                    .map(|&(a, b)| (self.slot[a as usize], self.slot[b as usize])),
            );
            total += count_inversions(&mut scratch.pairs, &mut scratch.rights, &mut scratch.merge);
        }
        total
    }
}

/// Reused buffers for [`Ordering::crossings`].
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    pairs: Vec<(u32, u32)>,
    rights: Vec<u32>,
    merge: Vec<u32>,
}

/// Counts the pairs of `(left, right)` segments whose order inverts: sorted by left end
/// (ties by right end), the inversions of the right ends, by merge sort. Segments sharing
/// an end never count. Sorts `pairs` in place.
///
/// O(n log n), no memory proportional to the column (unlike an accumulator tree over the
/// right column, which a part of a large column cannot afford).
pub(crate) fn count_inversions(
    pairs: &mut [(u32, u32)],
    rights: &mut Vec<u32>,
    merge: &mut Vec<u32>,
) -> u64 {
    if pairs.len() < 2 {
        return 0;
    }
    pairs.sort_unstable();
    rights.clear();
    rights.extend(pairs.iter().map(|&(_, right)| right));
    merge.clear();
    merge.resize(rights.len(), 0);
    merge_count(rights, merge)
}

/// Sorts `values` and returns how many pairs `i < j` had `values[i] > values[j]`.
fn merge_count(values: &mut [u32], buffer: &mut [u32]) -> u64 {
    let n = values.len();
    if n < 2 {
        return 0;
    }
    if n <= 16 {
        // Insertion sort: counts one inversion per shift.
        let mut count = 0;
        for i in 1..n {
            let value = values[i];
            let mut j = i;
            while j > 0 && values[j - 1] > value {
                values[j] = values[j - 1];
                j -= 1;
                count += 1;
            }
            values[j] = value;
        }
        return count;
    }
    let middle = n / 2;
    let (left_buffer, right_buffer) = buffer.split_at_mut(middle);
    let mut count = merge_count(&mut values[..middle], left_buffer)
        + merge_count(&mut values[middle..], &mut right_buffer[..n - middle]);
    buffer[..n].copy_from_slice(values);
    let (left, right) = buffer[..n].split_at(middle);
    let (mut i, mut j, mut k) = (0, 0, 0);
    while i < left.len() && j < right.len() {
        if left[i] <= right[j] {
            values[k] = left[i];
            i += 1;
        } else {
            values[k] = right[j];
            j += 1;
            // Every remaining left value is greater.
            count += (left.len() - i) as u64;
        }
        k += 1;
    }
    values[k..k + left.len() - i].copy_from_slice(&left[i..]);
    k += left.len() - i;
    values[k..].copy_from_slice(&right[j..]);
    count
}

/// A part: its blocks, left to right.
#[derive(Debug, Clone)]
struct Part {
    blocks: Vec<Block>,
}

/// The parts of `ordering`, in order of their first vertex in the input (so that a part
/// is optimised before the parts its author listed after it).
fn parts(keys: &[u64], ordering: &Ordering) -> Vec<Part> {
    // Blocks per key, found by walking each column (sorted by key).
    let mut by_key: Vec<(u64, Vertex, Block)> = Vec::new();
    for (layer, order) in ordering.orders.iter().enumerate() {
        let mut start = 0;
        while start < order.len() {
            let key = keys[order[start] as usize];
            let mut end = start + 1;
            let mut first = order[start];
            while end < order.len() && keys[order[end] as usize] == key {
                first = first.min(order[end]);
                end += 1;
            }
            by_key.push((key, first, Block { layer, start, end }));
            start = end;
        }
    }
    by_key.sort_by_key(|&(key, _, block)| (key, block.layer));
    let mut parts: Vec<(Vertex, Part)> = Vec::new();
    let mut i = 0;
    while i < by_key.len() {
        let key = by_key[i].0;
        let mut first = Vertex::MAX;
        let mut blocks = Vec::new();
        while i < by_key.len() && by_key[i].0 == key {
            first = first.min(by_key[i].1);
            blocks.push(by_key[i].2);
            i += 1;
        }
        parts.push((first, Part { blocks }));
    }
    parts.sort_by_key(|p| p.0);
    parts.into_iter().map(|p| p.1).collect()
}

/// Effort limits for one part, chosen from its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Effort {
    /// Initial orders to start from: the input order, then the two breadth-first orders.
    pub starts: usize,
    /// Most sweeps from each start.
    pub sweeps: usize,
    /// A start is abandoned after this many sweeps without a new best.
    pub patience: usize,
    /// Most transposition passes after each sweep.
    pub transpose_passes: usize,
}

impl Effort {
    /// The effort for a part of `part_work` (vertices plus segment ends) in a graph of
    /// `total_work`. Up to about 60 000 in all (some 14 000 boxes): three starts of up to
    /// 32 sweeps, patience 4 (one round of the four kinds of sweep), up to 8 transposition
    /// passes. Beyond, both shrink with the total, down to 8 sweeps from a single start and
    /// one transposition pass per sweep, so that the stage costs a bounded number of
    /// O(E log E) passes over the whole graph; a single part that large gets the same
    /// treatment. Measured in `docs/design.md`.
    pub fn for_size(part_work: usize, total_work: usize) -> Self {
        let work = total_work.max(part_work).max(1);
        let total = (5_760_000 / work).clamp(8, 96);
        let starts = match total {
            24.. => 3,
            12.. => 2,
            _ => 1,
        };
        Effort {
            starts,
            sweeps: total / starts,
            patience: 4,
            transpose_passes: (480_000 / work).clamp(1, 8),
        }
    }
}

/// Sweeps the loaded part from its current order; leaves the best order seen in it and
/// returns its crossings.
fn improve(part: &mut PartGraph, effort: Effort, keep_boxes: bool, best: &mut Vec<u32>) -> u64 {
    let mut best_crossings = part.crossings();
    part.save(best);
    let mut since_best = 0;
    let blocks = part.block_count();
    for iteration in 0..effort.sweeps {
        if best_crossings == 0 || since_best >= effort.patience {
            break;
        }
        let direction = if iteration % 2 == 0 {
            Sweep::Rightward
        } else {
            Sweep::Leftward
        };
        // A sweep there and back with each heuristic in turn: the barycenter does better
        // on graphs with a clear linear structure, the median on noisy ones.
        let heuristic = if (iteration / 2) % 2 == 0 {
            Heuristic::Barycenter
        } else {
            Heuristic::WeightedMedian
        };
        for step in 0..blocks {
            let index = match direction {
                Sweep::Rightward => step,
                Sweep::Leftward => blocks - 1 - step,
            };
            part.sort_block(index, direction, heuristic, keep_boxes);
        }
        // As dot does, let every other pair of sweeps also swap pairs whose crossings tie,
        // to walk across plateaus; the best order seen is kept anyway.
        let swap_ties = iteration % 4 < 2;
        part.transpose(effort.transpose_passes, swap_ties, keep_boxes);
        let crossings = part.crossings();
        if crossings < best_crossings {
            best_crossings = crossings;
            part.save(best);
            since_best = 0;
        } else {
            since_best += 1;
        }
    }
    part.restore(best);
    best_crossings
}

/// Orders the vertices of every column to reduce crossings (see the module documentation).
///
/// Arguments: the layered graph and whether boxes keep their input order. Builds three
/// initial orders — the input order and the two breadth-first orders, every column sorted
/// by block first (see [`block_keys`]) — and optimises each part from the ones with the
/// fewest crossings, as many as its [`Effort`] allows. Returns the best ordering seen:
/// for every part never worse than its share of the three initial orders, and exactly the
/// input order for a part that has no crossing in it.
///
/// Complexity: O(Σ over parts of starts × sweeps × (V log V + transpose_passes × E)),
/// with V vertices (input nodes and dummies) and E segments; the effort of a part shrinks
/// as it grows, so the stage stays near-linear.
pub(crate) fn order_vertices(graph: &LayeredGraph, order: Order) -> Ordering {
    let keys = block_keys(graph, order);
    let keep_boxes = order == Order::Source;
    let mut ordering = Ordering::initial(graph, &keys);
    let parts = parts(&keys, &ordering);
    // With the author's order kept, the breadth-first orders only differ in the dummies;
    // the input order is the one start.
    let alternatives: Vec<Ordering> = if keep_boxes {
        Vec::new()
    } else {
        vec![
            Ordering::breadth_first(graph, &keys, true),
            Ordering::breadth_first(graph, &keys, false),
        ]
    };
    let mut local = PartGraph::default();
    let (mut best, mut candidate, mut start) = (Vec::new(), Vec::new(), Vec::new());
    let total_work = graph.vertex_count() + 2 * graph.segment_count();
    for part in &parts {
        local.load(graph, &ordering, &part.blocks);
        let effort = Effort::for_size(local.work(), total_work);
        // Each start of this part, with its crossings (the other parts as they are now).
        let mut starts: Vec<(u64, usize, Vec<u32>)> = Vec::with_capacity(3);
        local.save(&mut start);
        starts.push((local.crossings(), 0, start.clone()));
        for (index, alternative) in alternatives.iter().enumerate() {
            local.order_from(alternative, &mut start);
            local.restore(&start);
            starts.push((local.crossings(), index + 1, start.clone()));
        }
        starts.sort_by_key(|s| (s.0, s.1));
        let mut best_of_part: Option<(u64, Vec<u32>)> = None;
        for (crossings, _, start) in starts.into_iter().take(effort.starts.max(1)) {
            if best_of_part.as_ref().is_some_and(|b| b.0 == 0) {
                break;
            }
            local.restore(&start);
            let crossings = if crossings == 0 {
                0
            } else {
                improve(&mut local, effort, keep_boxes, &mut best)
            };
            local.save(&mut candidate);
            if best_of_part.as_ref().is_none_or(|b| crossings < b.0) {
                best_of_part = Some((crossings, candidate.clone()));
            }
        }
        if let Some((_, chosen)) = best_of_part {
            local.restore(&chosen);
        }
        local.store(&mut ordering);
    }
    ordering
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{EdgeSpec, NodeSpec, Order};
    use proptest::prelude::*;

    fn graph(columns: &[usize], edges: &[(usize, usize)]) -> LayeredGraph {
        let nodes: Vec<NodeSpec> = columns
            .iter()
            .map(|&column| NodeSpec {
                column,
                band: Some(0),
                ..NodeSpec::default()
            })
            .collect();
        let edges: Vec<EdgeSpec> = edges
            .iter()
            .map(|&(from, to)| EdgeSpec::new(from, to))
            .collect();
        let layers = columns.iter().max().map_or(0, |m| m + 1);
        LayeredGraph::build(&nodes, &edges, layers, 1)
    }

    #[test]
    fn barycenter_untangles_a_crossing_example() {
        // a0 a1 a2 in column 0, b0 b1 b2 in column 1, wired in reverse (plus two more
        // edges to make it one component): 6 crossings in the input order.
        let g = graph(
            &[0, 0, 0, 1, 1, 1],
            &[(0, 5), (1, 4), (2, 3), (1, 3), (0, 4)],
        );
        let keys = block_keys(&g, Order::Crossings);
        assert!(keys.iter().all(|&k| k == keys[0]));
        let mut scratch = Scratch::default();
        let initial = Ordering::initial(&g, &keys);
        assert_eq!(initial.crossings(&g, &mut scratch), 6);
        let all = parts(&keys, &initial);
        let mut part = PartGraph::default();
        part.load(&g, &initial, &all[0].blocks);
        assert_eq!(part.crossings(), 6);
        part.sort_block(1, Sweep::Rightward, Heuristic::Barycenter, false);
        let mut swept = initial.clone();
        part.store(&mut swept);
        assert_eq!(swept.orders[1], [5, 4, 3]);
        assert_eq!(swept.crossings(&g, &mut scratch), 0);
        let best = order_vertices(&g, Order::Crossings);
        assert_eq!(best.crossings(&g, &mut scratch), 0);
        // Three separate components are simply kept apart, in input order of their roots.
        let g = graph(&[0, 0, 0, 1, 1, 1], &[(0, 5), (1, 4), (2, 3)]);
        let ordering = Ordering::initial(&g, &block_keys(&g, Order::Crossings));
        assert_eq!(ordering.orders[1], [5, 4, 3]);
        assert_eq!(ordering.crossings(&g, &mut scratch), 0);
    }

    #[test]
    fn ordering_reaches_zero_on_a_planar_three_column_example() {
        // Column 0: 0 1 2; column 1: 3 4 5; column 2: 6 7 8, wired so that the input order
        // has crossings but a crossing-free order exists.
        let g = graph(
            &[0, 0, 0, 1, 1, 1, 2, 2, 2],
            &[(0, 4), (1, 5), (2, 3), (3, 8), (4, 6), (5, 7), (0, 7)],
        );
        let mut scratch = Scratch::default();
        assert!(
            Ordering::initial(&g, &block_keys(&g, Order::Crossings)).crossings(&g, &mut scratch)
                > 0
        );
        let best = order_vertices(&g, Order::Crossings);
        assert_eq!(best.crossings(&g, &mut scratch), 0);
    }

    #[test]
    fn transposition_fixes_what_a_sweep_leaves() {
        let g = graph(&[0, 0, 1, 1], &[(0, 3), (1, 2), (0, 2)]);
        let keys = block_keys(&g, Order::Crossings);
        let mut ordering = Ordering::initial(&g, &keys);
        let mut scratch = Scratch::default();
        assert_eq!(ordering.crossings(&g, &mut scratch), 1);
        let all = parts(&keys, &ordering);
        assert_eq!(all.len(), 1);
        let mut part = PartGraph::default();
        part.load(&g, &ordering, &all[0].blocks);
        part.transpose(4, false, false);
        assert_eq!(part.crossings(), 0);
        part.store(&mut ordering);
        assert_eq!(ordering.crossings(&g, &mut scratch), 0);
    }

    #[test]
    fn vertices_stay_in_their_band_blocks() {
        let nodes: Vec<NodeSpec> = [(0, 1), (0, 0), (1, 0), (1, 1)]
            .iter()
            .map(|&(column, band)| NodeSpec {
                column,
                band: Some(band),
                ..NodeSpec::default()
            })
            .collect();
        // Edges that would like to swap the bands.
        let edges = [EdgeSpec::new(0, 2), EdgeSpec::new(1, 3)];
        let g = LayeredGraph::build(&nodes, &edges, 2, 2);
        let best = order_vertices(&g, Order::Crossings);
        assert_eq!(best.orders[0], [1, 0]);
        assert_eq!(best.orders[1], [2, 3]);
    }

    #[test]
    fn connected_components_are_kept_apart_in_input_order() {
        // Two components whose nodes are interleaved in the input.
        let g = graph(&[0, 0, 0, 0, 1, 1], &[(0, 4), (2, 4), (1, 5), (3, 5)]);
        let best = order_vertices(&g, Order::Crossings);
        assert_eq!(best.orders[0], [0, 2, 1, 3]);
        assert_eq!(best.orders[1], [4, 5]);
    }

    #[test]
    fn source_order_keeps_the_boxes_and_moves_the_long_edges() {
        // Column 1 holds boxes 1 and 2 in input order, wired the crossing way, and the
        // dummy of 0 → 3, which belongs next to 2's edge.
        let g = graph(
            &[0, 1, 1, 2, 0, 2],
            &[(4, 2), (0, 3), (1, 5), (2, 3), (0, 1)],
        );
        let best = order_vertices(&g, Order::Source);
        let boxes: Vec<Vertex> = best.orders[1]
            .iter()
            .copied()
            .filter(|&v| !g.is_dummy(v))
            .collect();
        assert_eq!(boxes, [1, 2]);
        assert_eq!(best.orders[0], [0, 4]);
        let crossings = order_vertices(&g, Order::Crossings);
        let mut scratch = Scratch::default();
        assert!(crossings.crossings(&g, &mut scratch) <= best.crossings(&g, &mut scratch));
    }

    #[test]
    fn effort_shrinks_with_size() {
        let small = Effort::for_size(200, 10_000);
        let large = Effort::for_size(1_000, 1_000_000);
        assert_eq!((small.starts, small.sweeps), (3, 32));
        assert_eq!((large.starts, large.sweeps), (1, 8));
        assert!(large.transpose_passes >= 1);
    }

    #[test]
    fn breadth_first_order_follows_the_edges() {
        // Column 1 listed in the opposite order of its parents in column 0.
        let g = graph(&[0, 0, 1, 1], &[(0, 3), (1, 2)]);
        let ordering = Ordering::breadth_first(&g, &block_keys(&g, Order::Crossings), true);
        assert_eq!(ordering.orders[0], [0, 1]);
        assert_eq!(ordering.orders[1], [3, 2]);
        let mut scratch = Scratch::default();
        assert_eq!(ordering.crossings(&g, &mut scratch), 0);
    }

    fn brute_force(pairs: &[(u32, u32)]) -> u64 {
        let mut count = 0;
        for (i, a) in pairs.iter().enumerate() {
            for b in &pairs[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    count += 1;
                }
            }
        }
        count
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        #[test]
        fn inversions_match_brute_force(pairs in prop::collection::vec((0u32..20, 0u32..20), 0..120)) {
            let expected = brute_force(&pairs);
            let mut sorted = pairs.clone();
            let (mut rights, mut merge) = (Vec::new(), Vec::new());
            prop_assert_eq!(count_inversions(&mut sorted, &mut rights, &mut merge), expected);
        }
    }
}
