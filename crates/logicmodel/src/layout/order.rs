//! Crossing minimisation: the vertical order of the vertices in every column.
//!
//! Role: the second stage of the layout. Given the proper layered graph, choose for every
//! column an order of its vertices (boxes and dummies) with few crossings, keeping every
//! vertex inside its band: a column's order is always band 0's vertices, then band 1's, and
//! so on. Within a band, connected components are kept apart too (as dot does); only the
//! order *within* such a block changes.
//!
//! Method (Gansner, Koutsofios, North and Vo, "A technique for drawing directed graphs",
//! IEEE TSE 19(3), 1993, §3):
//! 1. start from the input order (the author's order is often good) and from the two
//!    breadth-first search orders of Gansner et al. (as dot builds them, from the sources
//!    and from the sinks); sweep from the best one, or all three when the graph is small;
//! 2. layer-by-layer sweeps, alternating left→right and right→left, sorting each band
//!    block by the barycenter (Sugiyama et al. 1981) or weighted median (Gansner et al.)
//!    of each vertex's neighbours in the fixed column; vertices without such neighbours keep
//!    their slot;
//! 3. after every sweep, *transposition*: swap adjacent vertices of a block while that
//!    lowers the crossings of their edges (every other pair of sweeps also while it keeps
//!    them equal, as dot does, to cross plateaus);
//! 4. count crossings after every sweep with the accumulator tree of Barth, Jünger and
//!    Mutzel (see [`super::crossing`]) and keep the best order seen; give up on a start
//!    after 10 sweeps without a new best.
//!
//! Every sort is stable with the current slot as tie-break, so the result is a pure
//! function of the input. The number of sweeps and transposition passes is capped by the
//! size of the graph so that the stage stays near-linear (see [`order_vertices`]).
//!
//! Must not do: geometry; it only produces orders.

use super::crossing::count_layer_pair;
use super::graph::{LayeredGraph, Vertex};

/// Which block of its column every vertex belongs to: vertices are sorted by this key
/// before anything else, and crossing minimisation only reorders vertices with equal keys.
/// The key is (band, connected component), components numbered in order of their first
/// input node: like dot, we keep connected components apart (they need not cross at all)
/// and, within a band, in the order the author listed them.
///
/// O(V + E α(V)).
pub(crate) fn block_keys(graph: &LayeredGraph) -> Vec<u64> {
    let n = graph.vertex_count();
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
            (u64::from(graph.band[v as usize]) << 32) | u64::from(component)
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
    /// Vertices of each column in band order, then input order (input nodes before dummies,
    /// dummies in edge order).
    ///
    /// O(V log V).
    pub fn initial(graph: &LayeredGraph, keys: &[u64]) -> Self {
        let mut orders: Vec<Vec<Vertex>> = vec![Vec::new(); graph.layer_count];
        for v in 0..graph.vertex_count() {
            orders[graph.layer[v] as usize].push(v as Vertex);
        }
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
        for order in &mut orders {
            order.sort_by_key(|&v| keys[v as usize]);
        }
        let mut ordering = Ordering {
            orders,
            slot: vec![0; n],
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
    /// O(E log V) with E segments.
    pub fn crossings(&self, graph: &LayeredGraph, scratch: &mut Vec<(u32, u32)>) -> u64 {
        let mut total = 0;
        for (k, gap) in graph.gaps.iter().enumerate() {
            scratch.clear();
            scratch.extend(
                gap.iter()
                    .map(|&(a, b)| (self.slot[a as usize], self.slot[b as usize])),
            );
            total += count_layer_pair(scratch, self.orders[k + 1].len());
        }
        total
    }
}

/// Calls `f(start, end)` for every block `order[start..end]` of a column (see
/// [`block_keys`]).
fn for_each_block(keys: &[u64], order: &[Vertex], mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    while start < order.len() {
        let key = keys[order[start] as usize];
        let mut end = start + 1;
        while end < order.len() && keys[order[end] as usize] == key {
            end += 1;
        }
        f(start, end);
        start = end;
    }
}

/// Which neighbours a sweep looks at, and how it summarises their slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sweep {
    /// Left to right: sort by the neighbours in the column to the left.
    Rightward,
    /// Right to left: sort by the neighbours in the column to the right.
    Leftward,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Heuristic {
    Barycenter,
    /// Gansner et al.'s weighted median: the median, interpolated towards the side where
    /// the neighbours are packed more tightly when the count is even.
    WeightedMedian,
}

/// Summary position of sorted neighbour slots, or `None` without neighbours.
fn key(slots: &mut [u32], heuristic: Heuristic) -> Option<f64> {
    if slots.is_empty() {
        return None;
    }
    match heuristic {
        Heuristic::Barycenter => {
            let sum: u64 = slots.iter().map(|&s| u64::from(s)).sum();
            Some(sum as f64 / slots.len() as f64)
        }
        Heuristic::WeightedMedian => {
            slots.sort_unstable();
            let n = slots.len();
            let m = n / 2;
            if n % 2 == 1 {
                Some(f64::from(slots[m]))
            } else if n == 2 {
                Some((f64::from(slots[0]) + f64::from(slots[1])) / 2.0)
            } else {
                let left = f64::from(slots[m - 1] - slots[0]);
                let right = f64::from(slots[n - 1] - slots[m]);
                if left + right == 0.0 {
                    Some((f64::from(slots[m - 1]) + f64::from(slots[m])) / 2.0)
                } else {
                    Some(
                        (f64::from(slots[m - 1]) * right + f64::from(slots[m]) * left)
                            / (left + right),
                    )
                }
            }
        }
    }
}

/// One sweep over all columns: re-sort every band block by the key of its vertices.
///
/// O(V log V + E) (O(E log d) for the median).
fn sweep(
    graph: &LayeredGraph,
    keys: &[u64],
    ordering: &mut Ordering,
    direction: Sweep,
    heuristic: Heuristic,
) {
    let layers: Vec<usize> = match direction {
        Sweep::Rightward => (1..graph.layer_count).collect(),
        Sweep::Leftward => (0..graph.layer_count.saturating_sub(1)).rev().collect(),
    };
    let mut neighbour_slots: Vec<u32> = Vec::new();
    let mut keyed: Vec<(f64, Vertex)> = Vec::new();
    for layer in layers {
        let order = std::mem::take(&mut ordering.orders[layer]);
        let summaries: Vec<Option<f64>> = order
            .iter()
            .map(|&v| {
                let neighbours = match direction {
                    Sweep::Rightward => graph.ups(v),
                    Sweep::Leftward => graph.downs(v),
                };
                neighbour_slots.clear();
                neighbour_slots.extend(neighbours.iter().map(|&u| ordering.slot[u as usize]));
                key(&mut neighbour_slots, heuristic)
            })
            .collect();
        let mut new_order = order.clone();
        for_each_block(keys, &order, |start, end| {
            keyed.clear();
            keyed.extend((start..end).filter_map(|i| summaries[i].map(|k| (k, order[i]))));
            // Stable: equal keys keep their current relative order.
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            let mut movable = keyed.iter().map(|&(_, v)| v);
            for i in start..end {
                if summaries[i].is_some() {
                    if let Some(v) = movable.next() {
                        new_order[i] = v;
                    }
                }
            }
        });
        ordering.orders[layer] = new_order;
        ordering.renumber(layer);
    }
}

/// Crossings between the edges of `upper` and `lower` (on one side), `upper` being above:
/// pairs with the upper vertex's neighbour strictly below the lower vertex's. Both slices
/// sorted. O(|upper| + |lower|).
fn pair_crossings(upper: &[u32], lower: &[u32]) -> u64 {
    let mut count = 0u64;
    let mut j = 0;
    for &a in upper {
        while j < lower.len() && lower[j] < a {
            j += 1;
        }
        count += j as u64;
    }
    count
}

/// Gansner et al.'s transposition: in every column, swap adjacent vertices of a block when
/// that strictly lowers the crossings of their edges (or, with `swap_ties`, keeps them
/// equal and non-zero), up to `max_passes` passes over all columns (stopping early when a
/// pass changes nothing).
///
/// O(max_passes × E log d).
fn transpose(
    graph: &LayeredGraph,
    keys: &[u64],
    ordering: &mut Ordering,
    max_passes: usize,
    swap_ties: bool,
) {
    let mut lists: Vec<u32> = Vec::new();
    // For each slot of the current column: ranges into `lists` (left side, right side).
    let mut ranges: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for _ in 0..max_passes {
        let mut changed = false;
        for layer in 0..graph.layer_count {
            lists.clear();
            ranges.clear();
            for &v in &ordering.orders[layer] {
                let side = |neighbours: &[Vertex], lists: &mut Vec<u32>| {
                    let start = lists.len();
                    lists.extend(neighbours.iter().map(|&u| ordering.slot[u as usize]));
                    lists[start..].sort_unstable();
                    (start, lists.len())
                };
                let left = side(graph.ups(v), &mut lists);
                let right = side(graph.downs(v), &mut lists);
                ranges.push((left, right));
            }
            let order = &mut ordering.orders[layer];
            for i in 0..order.len().saturating_sub(1) {
                let (v, w) = (order[i], order[i + 1]);
                if keys[v as usize] != keys[w as usize] {
                    continue;
                }
                let ((vl, vr), (wl, wr)) = (ranges[i], ranges[i + 1]);
                let (v_left, v_right) = (&lists[vl.0..vl.1], &lists[vr.0..vr.1]);
                let (w_left, w_right) = (&lists[wl.0..wl.1], &lists[wr.0..wr.1]);
                let now = pair_crossings(v_left, w_left) + pair_crossings(v_right, w_right);
                let swapped = pair_crossings(w_left, v_left) + pair_crossings(w_right, v_right);
                if swapped < now || (swap_ties && swapped == now && now > 0) {
                    order.swap(i, i + 1);
                    ranges.swap(i, i + 1);
                    changed = true;
                }
            }
            ordering.renumber(layer);
        }
        if !changed {
            break;
        }
    }
}

/// Effort limits for [`order_vertices`], chosen from the size of the graph.
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
    /// A total of 96 sweeps (three starts of 32) for graphs up to about 15 000 vertices and
    /// segments, fewer as the graph grows, down to 8 sweeps from a single start and one
    /// transposition pass per sweep beyond about 200 000, so that the stage costs a bounded
    /// number of O(E log V) passes. Measured in `docs/design.md`.
    pub fn for_size(vertices: usize, segments: usize) -> Self {
        let work = (vertices + segments).max(1);
        let total = (1_500_000 / work).clamp(8, 96);
        let starts = match total {
            24.. => 3,
            12.. => 2,
            _ => 1,
        };
        Effort {
            starts,
            sweeps: total / starts,
            patience: 10,
            transpose_passes: (200_000 / work).clamp(1, 8),
        }
    }
}

/// Sweeps from one initial order; returns the best ordering seen and its crossings.
fn improve(
    graph: &LayeredGraph,
    keys: &[u64],
    mut ordering: Ordering,
    effort: Effort,
    scratch: &mut Vec<(u32, u32)>,
) -> (Ordering, u64) {
    let mut best_crossings = ordering.crossings(graph, scratch);
    let mut best = ordering.clone();
    let mut since_best = 0;
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
        sweep(graph, keys, &mut ordering, direction, heuristic);
        // As dot does, let every other pair of sweeps also swap pairs whose crossings tie,
        // to walk across plateaus; the best order seen is kept anyway.
        let swap_ties = iteration % 4 < 2;
        transpose(
            graph,
            keys,
            &mut ordering,
            effort.transpose_passes,
            swap_ties,
        );
        let crossings = ordering.crossings(graph, scratch);
        if crossings < best_crossings {
            best_crossings = crossings;
            best = ordering.clone();
            since_best = 0;
        } else {
            since_best += 1;
        }
    }
    (best, best_crossings)
}

/// Orders the vertices of every column to reduce crossings (see the module documentation).
///
/// Arguments: the layered graph and the effort. Builds three initial orders — the input
/// order and the two breadth-first orders, every column sorted by band and connected
/// component first (see [`block_keys`]) — and sweeps from the `effort.starts` ones with
/// the fewest crossings. Returns the best ordering seen: never worse than any of the three
/// initial orders, and exactly the input order when that has no crossing.
///
/// Complexity: O(starts × sweeps × (V log V + E log V + transpose_passes × E log d)), with
/// V vertices (input nodes and dummies), E segments and d the largest degree.
pub(crate) fn order_vertices(graph: &LayeredGraph, effort: Effort) -> Ordering {
    let mut scratch = Vec::new();
    let keys = block_keys(graph);
    // All three starts cost O(V + E log V) to build and count; sweep from the most
    // promising ones (the input order first on ties).
    let mut starts: Vec<(u64, usize, Ordering)> = [
        Ordering::initial(graph, &keys),
        Ordering::breadth_first(graph, &keys, true),
        Ordering::breadth_first(graph, &keys, false),
    ]
    .into_iter()
    .enumerate()
    .map(|(index, ordering)| (ordering.crossings(graph, &mut scratch), index, ordering))
    .collect();
    starts.sort_by_key(|start| (start.0, start.1));
    let mut best: Option<(Ordering, u64)> = None;
    for (crossings, _, ordering) in starts.into_iter().take(effort.starts.max(1)) {
        if let Some((_, best_crossings)) = &best {
            if *best_crossings == 0 {
                break;
            }
        }
        let (ordering, crossings) = if crossings == 0 {
            (ordering, 0)
        } else {
            improve(graph, &keys, ordering, effort, &mut scratch)
        };
        if best.as_ref().is_none_or(|(_, b)| crossings < *b) {
            best = Some((ordering, crossings));
        }
    }
    match best {
        Some((ordering, _)) => ordering,
        None => Ordering::initial(graph, &keys),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{EdgeSpec, NodeSpec};

    fn graph(columns: &[usize], edges: &[(usize, usize)]) -> LayeredGraph {
        let nodes: Vec<NodeSpec> = columns
            .iter()
            .map(|&column| NodeSpec {
                column,
                band: 0,
                ..NodeSpec::default()
            })
            .collect();
        let edges: Vec<EdgeSpec> = edges
            .iter()
            .map(|&(from, to)| EdgeSpec { from, to })
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
        let keys = block_keys(&g);
        assert!(keys.iter().all(|&k| k == keys[0]));
        let mut scratch = Vec::new();
        let initial = Ordering::initial(&g, &keys);
        assert_eq!(initial.crossings(&g, &mut scratch), 6);
        let mut swept = initial.clone();
        sweep(
            &g,
            &keys,
            &mut swept,
            Sweep::Rightward,
            Heuristic::Barycenter,
        );
        assert_eq!(swept.orders[1], [5, 4, 3]);
        assert_eq!(swept.crossings(&g, &mut scratch), 0);
        let best = order_vertices(&g, Effort::for_size(6, 5));
        assert_eq!(best.crossings(&g, &mut scratch), 0);
        // Three separate components are simply kept apart, in input order of their roots.
        let g = graph(&[0, 0, 0, 1, 1, 1], &[(0, 5), (1, 4), (2, 3)]);
        let ordering = Ordering::initial(&g, &block_keys(&g));
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
        let mut scratch = Vec::new();
        assert!(Ordering::initial(&g, &block_keys(&g)).crossings(&g, &mut scratch) > 0);
        let best = order_vertices(&g, Effort::for_size(20, 20));
        assert_eq!(best.crossings(&g, &mut scratch), 0);
    }

    #[test]
    fn transposition_fixes_what_a_sweep_leaves() {
        let g = graph(&[0, 0, 1, 1], &[(0, 3), (1, 2), (0, 2)]);
        let keys = block_keys(&g);
        let mut ordering = Ordering::initial(&g, &keys);
        let mut scratch = Vec::new();
        assert_eq!(ordering.crossings(&g, &mut scratch), 1);
        transpose(&g, &keys, &mut ordering, 4, false);
        assert_eq!(ordering.crossings(&g, &mut scratch), 0);
    }

    #[test]
    fn vertices_stay_in_their_band_blocks() {
        let nodes: Vec<NodeSpec> = [(0, 1), (0, 0), (1, 0), (1, 1)]
            .iter()
            .map(|&(column, band)| NodeSpec {
                column,
                band,
                ..NodeSpec::default()
            })
            .collect();
        // Edges that would like to swap the bands.
        let edges = [EdgeSpec { from: 0, to: 2 }, EdgeSpec { from: 1, to: 3 }];
        let g = LayeredGraph::build(&nodes, &edges, 2, 2);
        let best = order_vertices(&g, Effort::for_size(4, 2));
        assert_eq!(best.orders[0], [1, 0]);
        assert_eq!(best.orders[1], [2, 3]);
    }

    #[test]
    fn connected_components_are_kept_apart_in_input_order() {
        // Two components whose nodes are interleaved in the input.
        let g = graph(&[0, 0, 0, 0, 1, 1], &[(0, 4), (2, 4), (1, 5), (3, 5)]);
        let best = order_vertices(&g, Effort::for_size(6, 4));
        assert_eq!(best.orders[0], [0, 2, 1, 3]);
        assert_eq!(best.orders[1], [4, 5]);
    }

    #[test]
    fn weighted_median_interpolates() {
        assert_eq!(key(&mut [], Heuristic::WeightedMedian), None);
        assert_eq!(key(&mut [4], Heuristic::WeightedMedian), Some(4.0));
        assert_eq!(key(&mut [2, 4], Heuristic::WeightedMedian), Some(3.0));
        assert_eq!(
            key(&mut [9, 0, 1, 10], Heuristic::WeightedMedian),
            Some(5.0)
        );
        // Packed tightly on the left: the median leans left.
        let m = key(&mut [0, 1, 2, 10], Heuristic::WeightedMedian).expect("has neighbours");
        assert!(m < 1.5 + 1e-9 && m > 1.0);
        assert_eq!(key(&mut [1, 2, 3], Heuristic::Barycenter), Some(2.0));
    }

    #[test]
    fn effort_shrinks_with_size() {
        let small = Effort::for_size(100, 100);
        let large = Effort::for_size(400_000, 600_000);
        assert_eq!((small.starts, small.sweeps), (3, 32));
        assert_eq!((large.starts, large.sweeps), (1, 8));
        assert!(large.transpose_passes >= 1);
    }

    #[test]
    fn breadth_first_order_follows_the_edges() {
        // Column 1 listed in the opposite order of its parents in column 0.
        let g = graph(&[0, 0, 1, 1], &[(0, 3), (1, 2)]);
        let ordering = Ordering::breadth_first(&g, &block_keys(&g), true);
        assert_eq!(ordering.orders[0], [0, 1]);
        assert_eq!(ordering.orders[1], [3, 2]);
        let mut scratch = Vec::new();
        assert_eq!(ordering.crossings(&g, &mut scratch), 0);
    }
}
