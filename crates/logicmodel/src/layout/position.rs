//! Coordinate assignment: the vertical centre of every box and dummy slot, and the height
//! of every band.
//!
//! Role: the third stage of the layout. The order of every column is fixed (see
//! [`super::order`]); this stage chooses y coordinates that keep that order, keep a minimum
//! gap between neighbours (boxes have different heights because their text wraps), keep
//! every vertex inside its band, and make edges as straight as possible.
//!
//! Method: a band is as tall as its tallest column block (stacked boxes and dummy slots
//! with their gaps), so the other blocks have *slack*. We minimise the quadratic energy
//! Σ ω(u, v) (y_u − y_v)² over all segments (u, v), with Gansner et al.'s weights ω = 1, 2, 8
//! for box–box, box–dummy and dummy–dummy segments so that long edges are pulled straight
//! first, subject to the order, gap and band constraints. Those constraints only bind
//! vertices of the same (column, band) block, so we solve block by block, column by column,
//! sweeping left→right and right→left (block coordinate descent on a convex problem): for
//! one block the problem is an isotonic regression after substituting
//! z_i = y_i − (offset of i in the packed block), solved exactly in O(n) by
//! *pool adjacent violators* (Ayer et al. 1955; Best and Chakravarti 1990) and clamped to
//! the band's slack. The last sweeps use weighted-median targets instead of means, which
//! snaps a vertex with one dominant neighbour level with it (straight edges, as the L1
//! objective of Gansner et al. would) instead of leaving it between its neighbours.
//!
//! Must not do: change orders, look at text (heights are given), or decide x coordinates.

use super::graph::{LayeredGraph, Vertex};
use super::order::Ordering;

/// Vertical sizes the stage needs, all in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct VerticalMetrics {
    /// Gap between two boxes of a column.
    pub node_gap: f64,
    /// Gap between a dummy slot and its neighbour (box or slot).
    pub edge_gap: f64,
    /// Space inside a band above its first and below its last vertex.
    pub band_padding: f64,
    /// Space between two bands.
    pub band_gap: f64,
    /// Space kept between a band's edge and a dummy slot at the end of a block: half the
    /// height of the smallest box, so that such a box can line up with the slot.
    pub dummy_margin: f64,
}

/// Result of [`assign_y`].
#[derive(Debug, Clone)]
pub(crate) struct VerticalLayout {
    /// Vertical centre of every vertex.
    pub center_y: Vec<f64>,
    /// Top of every band.
    pub band_top: Vec<f64>,
    /// Height of every band.
    pub band_height: Vec<f64>,
    /// Bottom of the last band (or `top` when there is none).
    pub bottom: f64,
}

/// One (column, band) block: a slice of a column's order.
#[derive(Debug, Clone, Copy)]
struct Block {
    layer: usize,
    band: usize,
    start: usize,
    end: usize,
    /// Height of the packed block, margins included.
    used: f64,
}

fn segment_weight(graph: &LayeredGraph, a: Vertex, b: Vertex) -> f64 {
    match (graph.is_dummy(a), graph.is_dummy(b)) {
        (false, false) => 1.0,
        (true, true) => 8.0,
        _ => 2.0,
    }
}

/// Pool adjacent violators: the non-decreasing sequence closest to `targets` in weighted
/// least squares, written into `out`. O(n).
fn isotonic_regression(targets: &[(f64, f64)], out: &mut Vec<f64>) {
    // Pools as (weighted sum, weight, count).
    let mut pools: Vec<(f64, f64, usize)> = Vec::with_capacity(targets.len());
    for &(target, weight) in targets {
        pools.push((target * weight, weight, 1));
        while pools.len() >= 2 {
            let (s2, w2, n2) = pools[pools.len() - 1];
            let (s1, w1, n1) = pools[pools.len() - 2];
            if s1 / w1 > s2 / w2 {
                pools.pop();
                let last = pools.len() - 1;
                pools[last] = (s1 + s2, w1 + w2, n1 + n2);
            } else {
                break;
            }
        }
    }
    out.clear();
    for (sum, weight, count) in pools {
        out.extend(std::iter::repeat_n(sum / weight, count));
    }
}

/// Weighted median of `(value, weight)` pairs (sorted in place). When the weight splits
/// exactly in half, every value between the two middle ones is a median; we take the one
/// of those two nearest to `current` (the upper one on a tie), so that a vertex snaps level
/// with a neighbour instead of floating between two.
fn weighted_median(values: &mut [(f64, f64)], current: f64) -> f64 {
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: f64 = values.iter().map(|v| v.1).sum();
    let mut acc = 0.0;
    for (i, &(value, weight)) in values.iter().enumerate() {
        acc += weight;
        if acc * 2.0 > total + 1e-9 {
            return value;
        }
        if (acc * 2.0 - total).abs() <= 1e-9 {
            return match values.get(i + 1) {
                Some(&(next, _)) if (next - current).abs() < (value - current).abs() => next,
                _ => value,
            };
        }
    }
    values.last().map_or(current, |v| v.0)
}

/// Number of positioning sweeps for a graph of this size: 16 for small graphs, fewer for
/// large ones (each sweep is O(V + E)).
pub(crate) fn sweeps_for_size(vertices: usize, segments: usize) -> usize {
    (4_000_000 / (vertices + segments).max(1)).clamp(6, 16)
}

/// Assigns the vertical centre of every vertex (see the module documentation).
///
/// Arguments: the layered graph and its ordering; `heights[v]` for every input node
/// (dummies are 0 high); `band_min_height[b]`, the least height of band `b` (for its
/// label); `top`, the y where the first band starts; the gaps; the number of sweeps.
///
/// Complexity: O(sweeps × (V + E log d)).
pub(crate) fn assign_y(
    graph: &LayeredGraph,
    ordering: &Ordering,
    heights: &[f64],
    band_min_height: &[f64],
    top: f64,
    metrics: VerticalMetrics,
    sweeps: usize,
) -> VerticalLayout {
    let height = |v: Vertex| heights.get(v as usize).copied().unwrap_or(0.0);
    let gap = |a: Vertex, b: Vertex| {
        if graph.is_dummy(a) || graph.is_dummy(b) {
            metrics.edge_gap
        } else {
            metrics.node_gap
        }
    };
    // Offset of every vertex's centre from the top of its packed block.
    let mut offset = vec![0.0; graph.vertex_count()];
    let mut blocks: Vec<Block> = Vec::new();
    let mut stack_height = vec![0.0f64; graph.band_count];
    for (layer, order) in ordering.orders.iter().enumerate() {
        let mut start = 0;
        while start < order.len() {
            let band = graph.place[order[start] as usize].first as usize;
            let mut end = start;
            let mut y = if graph.is_dummy(order[start]) {
                metrics.dummy_margin
            } else {
                0.0
            };
            while end < order.len() && graph.place[order[end] as usize].first as usize == band {
                let v = order[end];
                if end > start {
                    y += gap(order[end - 1], v);
                }
                offset[v as usize] = y + height(v) / 2.0;
                y += height(v);
                end += 1;
            }
            if graph.is_dummy(order[end - 1]) {
                y += metrics.dummy_margin;
            }
            stack_height[band] = stack_height[band].max(y);
            blocks.push(Block {
                layer,
                band,
                start,
                end,
                used: y,
            });
            start = end;
        }
    }
    let mut band_top = Vec::with_capacity(graph.band_count);
    let mut band_height = Vec::with_capacity(graph.band_count);
    let mut y = top;
    for (band, &stack) in stack_height.iter().enumerate() {
        if band > 0 {
            y += metrics.band_gap;
        }
        let min = band_min_height.get(band).copied().unwrap_or(0.0);
        let h = (stack + 2.0 * metrics.band_padding).max(min);
        band_top.push(y);
        band_height.push(h);
        y += h;
    }
    let bottom = y;

    // Start with every block centred in its band.
    let mut center_y = vec![0.0; graph.vertex_count()];
    let block_frame = |block: &Block| -> (f64, f64) {
        let inner_top = band_top[block.band] + metrics.band_padding;
        let inner = band_height[block.band] - 2.0 * metrics.band_padding;
        (inner_top, (inner - block.used).max(0.0))
    };
    for block in &blocks {
        let order = &ordering.orders[block.layer];
        let (inner_top, slack) = block_frame(block);
        for &v in &order[block.start..block.end] {
            center_y[v as usize] = inner_top + slack / 2.0 + offset[v as usize];
        }
    }

    // Blocks grouped by column, for the sweeps.
    let mut blocks_of_layer: Vec<Vec<Block>> = vec![Vec::new(); graph.layer_count];
    for block in blocks {
        blocks_of_layer[block.layer].push(block);
    }
    let mut targets: Vec<(f64, f64)> = Vec::new();
    let mut solved: Vec<f64> = Vec::new();
    let mut neighbours: Vec<(f64, f64)> = Vec::new();
    let median_sweeps = if sweeps >= 8 { 4 } else { sweeps / 2 };
    for sweep in 0..sweeps {
        let use_median = sweep >= sweeps - median_sweeps;
        let layers: Vec<usize> = if sweep % 2 == 0 {
            (0..graph.layer_count).collect()
        } else {
            (0..graph.layer_count).rev().collect()
        };
        for layer in layers {
            let order = &ordering.orders[layer];
            for block in &blocks_of_layer[layer] {
                let (inner_top, slack) = block_frame(block);
                targets.clear();
                for &v in &order[block.start..block.end] {
                    neighbours.clear();
                    neighbours.extend(
                        graph
                            .ups(v)
                            .iter()
                            .chain(graph.downs(v))
                            .map(|&u| (center_y[u as usize], segment_weight(graph, u, v))),
                    );
                    let base = inner_top + offset[v as usize];
                    let (target, weight) = if neighbours.is_empty() {
                        // Free vertices barely resist where their block is pushed.
                        (center_y[v as usize], 1e-3)
                    } else {
                        let weight: f64 = neighbours.iter().map(|n| n.1).sum();
                        let target = if use_median {
                            weighted_median(&mut neighbours, center_y[v as usize])
                        } else {
                            neighbours.iter().map(|n| n.0 * n.1).sum::<f64>() / weight
                        };
                        (target, weight)
                    };
                    targets.push((target - base, weight));
                }
                isotonic_regression(&targets, &mut solved);
                for (&v, &z) in order[block.start..block.end].iter().zip(&solved) {
                    let z = if z.is_finite() {
                        z.clamp(0.0, slack)
                    } else {
                        0.0
                    };
                    center_y[v as usize] = inner_top + offset[v as usize] + z;
                }
            }
        }
    }
    VerticalLayout {
        center_y,
        band_top,
        band_height,
        bottom,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::order::order_vertices;
    use crate::layout::Order;
    use crate::layout::{EdgeSpec, NodeSpec};

    const METRICS: VerticalMetrics = VerticalMetrics {
        node_gap: 10.0,
        edge_gap: 5.0,
        band_padding: 4.0,
        band_gap: 2.0,
        dummy_margin: 10.0,
    };

    #[test]
    fn isotonic_regression_pools_violators() {
        let mut out = Vec::new();
        isotonic_regression(&[(1.0, 1.0), (3.0, 1.0), (2.0, 1.0), (4.0, 2.0)], &mut out);
        assert_eq!(out, [1.0, 2.5, 2.5, 4.0]);
        isotonic_regression(&[(5.0, 1.0), (1.0, 3.0)], &mut out);
        assert_eq!(out, [2.0, 2.0]);
        isotonic_regression(&[], &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn weighted_median_of_pairs() {
        assert_eq!(
            weighted_median(&mut [(1.0, 1.0), (5.0, 1.0), (9.0, 1.0)], 0.0),
            5.0
        );
        assert_eq!(weighted_median(&mut [(1.0, 1.0), (5.0, 1.0)], 0.0), 1.0);
        assert_eq!(weighted_median(&mut [(1.0, 1.0), (5.0, 1.0)], 4.0), 5.0);
        assert_eq!(weighted_median(&mut [(1.0, 1.0), (5.0, 1.0)], 3.0), 1.0);
        assert_eq!(
            weighted_median(&mut [(1.0, 1.0), (5.0, 8.0), (9.0, 1.0)], 0.0),
            5.0
        );
    }

    fn layout_chain(
        columns: &[(usize, usize)],
        edges: &[(usize, usize)],
        heights: &[f64],
        bands: usize,
    ) -> (LayeredGraph, Ordering, VerticalLayout) {
        let nodes: Vec<NodeSpec> = columns
            .iter()
            .map(|&(column, band)| NodeSpec {
                column,
                band: Some(band),
                label: String::new(),
            })
            .collect();
        let edges: Vec<EdgeSpec> = edges
            .iter()
            .map(|&(from, to)| EdgeSpec::new(from, to))
            .collect();
        let layers = columns.iter().map(|c| c.0 + 1).max().unwrap_or(0);
        let graph = LayeredGraph::build(&nodes, &edges, layers, bands);
        let ordering = order_vertices(&graph, Order::Crossings);
        let vertical = assign_y(
            &graph,
            &ordering,
            heights,
            &vec![0.0; bands],
            0.0,
            METRICS,
            16,
        );
        (graph, ordering, vertical)
    }

    #[test]
    fn a_simple_chain_is_straight() {
        // Column 0 has two boxes, column 1 one box linked to the second: it lines up.
        let (_, _, v) = layout_chain(&[(0, 0), (0, 0), (1, 0)], &[(1, 2)], &[30.0, 30.0, 30.0], 1);
        assert!(
            (v.center_y[2] - v.center_y[1]).abs() < 1e-6,
            "{:?}",
            v.center_y
        );
        assert_eq!(v.band_height[0], 30.0 + 10.0 + 30.0 + 8.0);
    }

    #[test]
    fn boxes_keep_order_gap_and_band() {
        let (graph, ordering, v) = layout_chain(
            &[(0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (2, 1)],
            &[(0, 4), (1, 3), (2, 6), (0, 6)],
            &[20.0, 40.0, 30.0, 50.0, 20.0, 20.0, 60.0],
            2,
        );
        let h = |x: Vertex| {
            if graph.is_dummy(x) {
                0.0
            } else {
                [20.0, 40.0, 30.0, 50.0, 20.0, 20.0, 60.0][x as usize]
            }
        };
        for order in &ordering.orders {
            for pair in order.windows(2) {
                let (a, b) = (pair[0], pair[1]);
                let bottom_a = v.center_y[a as usize] + h(a) / 2.0;
                let top_b = v.center_y[b as usize] - h(b) / 2.0;
                assert!(top_b - bottom_a >= 5.0 - 1e-9, "{a} {b} {:?}", v.center_y);
            }
        }
        for x in 0..graph.vertex_count() as Vertex {
            let band = graph.place[x as usize].first as usize;
            assert!(v.center_y[x as usize] - h(x) / 2.0 >= v.band_top[band] - 1e-9);
            assert!(
                v.center_y[x as usize] + h(x) / 2.0
                    <= v.band_top[band] + v.band_height[band] + 1e-9
            );
        }
        assert_eq!(v.band_top[1], v.band_top[0] + v.band_height[0] + 2.0);
    }

    #[test]
    fn long_edges_pass_between_boxes_and_stay_straight() {
        // 0 -> 3 spans columns 1 and 2; column 1 has a box in the way.
        let (graph, _, v) = layout_chain(
            &[(0, 0), (1, 0), (1, 0), (3, 0)],
            &[(0, 3)],
            &[20.0, 20.0, 20.0, 20.0],
            1,
        );
        assert_eq!(graph.vertex_count(), 6);
        let dummy = graph.chains[0].vertices[1] as usize;
        for b in [1usize, 2] {
            assert!((v.center_y[dummy] - v.center_y[b]).abs() >= 10.0 + 5.0 - 1e-9);
        }
        // Both dummies and both ends line up.
        let ys: Vec<f64> = graph.chains[0]
            .vertices
            .iter()
            .map(|&x| v.center_y[x as usize])
            .collect();
        assert!(ys.windows(2).all(|w| (w[0] - w[1]).abs() < 1e-6), "{ys:?}");
    }
}
