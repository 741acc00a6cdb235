//! Coordinate assignment: the vertical centre of every box and dummy slot, and the height
//! of every band.
//!
//! Role: the fourth stage of the layout. The order of every column is fixed (see
//! [`super::order`]) and so are the ports (see [`super::ports`]); this stage chooses y
//! coordinates that keep that order, keep a minimum gap between neighbours (boxes have
//! different heights because their text wraps; an arrow entering a box's top needs room
//! above it), keep every vertex inside the bands it may lie in, and make edges straight.
//!
//! Method:
//! 1. *Bands.* Every column is packed top-down, each vertex as high as its predecessor and
//!    the top of its first band allow; a band ends below the lowest vertex whose last band
//!    it is. That gives the least heights that hold every column, and leaves the other
//!    columns slack.
//! 2. *Least squares.* We minimise Σ ω(u, v) (y_u + p_u − y_v − p_v)² over all segments,
//!    p being the port offsets, with Gansner et al.'s weights ω = 1, 2, 8 for box–box,
//!    box–dummy and dummy–dummy segments so that long edges are pulled straight first,
//!    subject to the order, the gaps and the band bounds. The constraints only bind
//!    vertices of one column, so we solve column by column, sweeping left→right and
//!    right→left (block coordinate descent on a convex problem). For one column the
//!    problem is an isotonic regression after substituting z_i = y_i − (offset of i in the
//!    packed column), with a lower and upper bound per vertex: solved exactly in O(n) by
//!    *pool adjacent violators* (Ayer et al. 1955; Best and Chakravarti 1990), a pool's
//!    value being its weighted mean clamped to its members' bounds (PAV is exact for any
//!    separable convex objective under a chain order). The last sweeps use weighted-median
//!    targets, which snap a vertex level with one neighbour instead of between two, as the
//!    L1 objective of Gansner et al. would.
//! 3. *Straightening*, in the spirit of Brandes and Köpf ("Fast and Simple Horizontal
//!    Coordinate Assignment", GD 2001), who align each vertex with a median neighbour and
//!    place aligned blocks as one: segments are taken in order of priority (dummy–dummy
//!    first, then box–dummy, then box–box; nearly level ones first) and each is made exactly
//!    level by moving one of its two *blocks* (vertices already aligned, which move
//!    together) if that keeps every gap and bound; the two blocks then become one. Where BK
//!    compact blocks against each other without bounds, we only move within the slack the
//!    least-squares solution leaves, so the bands keep their heights.
//!
//! Must not do: change orders or ports, look at text (heights are given), or decide x
//! coordinates.

mod straighten;

use super::graph::{LayeredGraph, Vertex};
use super::order::Ordering;
use super::ports::Ports;
use straighten::straighten;

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
    /// Space kept between a band's edge and a dummy slot: half the height of the smallest
    /// box, so that such a box can line up with the slot.
    pub dummy_margin: f64,
}

/// What [`assign_y`] works on.
pub(crate) struct VerticalInput<'a> {
    pub graph: &'a LayeredGraph,
    pub ordering: &'a Ordering,
    /// Height of every input node (dummies are 0 high).
    pub heights: &'a [f64],
    /// Least height of every band (for its label).
    pub band_min_height: &'a [f64],
    /// Extra room at the top of every band (for feedback lanes).
    pub band_top_room: &'a [f64],
    pub ports: &'a Ports,
    /// The y where the first band starts.
    pub top: f64,
    pub metrics: VerticalMetrics,
    /// Number of least-squares sweeps.
    pub sweeps: usize,
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

fn segment_weight(graph: &LayeredGraph, a: Vertex, b: Vertex) -> f32 {
    match (graph.is_dummy(a), graph.is_dummy(b)) {
        (false, false) => 1.0,
        (true, true) => 8.0,
        _ => 2.0,
    }
}

/// One isotonic target: the value wanted, its weight and the bounds of the value.
#[derive(Debug, Clone, Copy)]
struct Target {
    value: f64,
    weight: f64,
    low: f64,
    high: f64,
}

/// Pool adjacent violators with bounds: the non-decreasing sequence within the bounds
/// closest to the targets in weighted least squares, written into `out`. O(n).
fn isotonic_regression(
    targets: &[Target],
    pools: &mut Vec<(f64, f64, f64, f64, usize)>,
    out: &mut Vec<f64>,
) {
    // Pools as (weighted sum, weight, highest low bound, lowest high bound, count).
    let value = |p: &(f64, f64, f64, f64, usize)| {
        let mean = if p.1 > 0.0 { p.0 / p.1 } else { p.2 };
        mean.max(p.2).min(p.3)
    };
    pools.clear();
    for t in targets {
        pools.push((t.value * t.weight, t.weight, t.low, t.high, 1));
        while pools.len() >= 2 {
            let last = pools[pools.len() - 1];
            let previous = pools[pools.len() - 2];
            if value(&previous) > value(&last) {
                pools.pop();
                let merged = pools.len() - 1;
                pools[merged] = (
                    previous.0 + last.0,
                    previous.1 + last.1,
                    previous.2.max(last.2),
                    previous.3.min(last.3),
                    previous.4 + last.4,
                );
            } else {
                break;
            }
        }
    }
    out.clear();
    for pool in pools.iter() {
        out.extend(std::iter::repeat_n(value(pool), pool.4));
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

/// Per-vertex geometry the stage works with.
struct Frame<'a> {
    input: &'a VerticalInput<'a>,
}

impl Frame<'_> {
    fn height(&self, v: Vertex) -> f64 {
        self.input.heights.get(v as usize).copied().unwrap_or(0.0)
    }

    fn room_above(&self, v: Vertex) -> f64 {
        self.input
            .ports
            .room_above
            .get(v as usize)
            .copied()
            .unwrap_or(0.0)
    }

    fn room_below(&self, v: Vertex) -> f64 {
        self.input
            .ports
            .room_below
            .get(v as usize)
            .copied()
            .unwrap_or(0.0)
    }

    fn margin(&self, v: Vertex) -> f64 {
        if self.input.graph.is_dummy(v) {
            self.input.metrics.dummy_margin
        } else {
            0.0
        }
    }

    /// Least distance between the centres of `a` and the vertex `b` below it.
    fn separation(&self, a: Vertex, b: Vertex) -> f64 {
        let graph = self.input.graph;
        let m = &self.input.metrics;
        let base = if graph.is_dummy(a) || graph.is_dummy(b) {
            m.edge_gap
        } else {
            m.node_gap
        };
        let gap = base.max(self.room_below(a) + self.room_above(b));
        self.height(a) / 2.0 + gap + self.height(b) / 2.0
    }

    /// Space a vertex keeps from the top of its first band, and from the bottom of its last.
    fn top_clearance(&self, v: Vertex) -> f64 {
        let first = self.input.graph.place[v as usize].first as usize;
        let lanes = self.input.band_top_room.get(first).copied().unwrap_or(0.0);
        self.input.metrics.band_padding + lanes + self.room_above(v) + self.margin(v)
    }

    fn bottom_clearance(&self, v: Vertex) -> f64 {
        self.input.metrics.band_padding + self.room_below(v) + self.margin(v)
    }
}

/// Band tops and heights from packing every column top-down (see the module documentation).
/// O(V).
fn pack_bands(frame: &Frame<'_>) -> (Vec<f64>, Vec<f64>) {
    let input = frame.input;
    let graph = input.graph;
    let bands = graph.band_count;
    let columns = &input.ordering.orders;
    let mut cursor = vec![0usize; columns.len()];
    let mut previous: Vec<Option<(Vertex, f64)>> = vec![None; columns.len()];
    // The lowest bottom (plus clearance) each band must reach for the vertices ending in it.
    let mut needed = vec![f64::NEG_INFINITY; bands];
    let mut band_top = Vec::with_capacity(bands);
    let mut band_height = Vec::with_capacity(bands);
    let mut y = input.top;
    for band in 0..bands {
        if band > 0 {
            y += input.metrics.band_gap;
        }
        band_top.push(y);
        for (column, order) in columns.iter().enumerate() {
            while cursor[column] < order.len() {
                let v = order[cursor[column]];
                let place = graph.place[v as usize];
                if place.first as usize > band {
                    break;
                }
                let low = band_top[place.first as usize] + frame.top_clearance(v);
                let top = match previous[column] {
                    Some((p, p_center)) => {
                        (p_center + frame.separation(p, v) - frame.height(v) / 2.0).max(low)
                    }
                    None => low,
                };
                let center = top + frame.height(v) / 2.0;
                let last = (place.last as usize).min(bands - 1);
                needed[last] =
                    needed[last].max(center + frame.height(v) / 2.0 + frame.bottom_clearance(v));
                previous[column] = Some((v, center));
                cursor[column] += 1;
            }
        }
        let lanes = input.band_top_room.get(band).copied().unwrap_or(0.0);
        let min = input.band_min_height.get(band).copied().unwrap_or(0.0);
        let bottom = needed[band]
            .max(y + 2.0 * input.metrics.band_padding + lanes)
            .max(y + min);
        band_height.push(bottom - y);
        y = bottom;
    }
    (band_top, band_height)
}

/// One segment's pull on a vertex in the sweeps: it wants the vertex at
/// `y[from] + from_offset - to_offset` (`from` a seat), port to port, with its weight.
#[derive(Debug, Clone, Copy)]
struct Pull {
    from: u32,
    weight: f32,
    from_offset: f64,
    to_offset: f64,
}

/// The least-squares sweeps' view of the graph: every vertex has a *seat*, its place when
/// the columns are read one after the other, top to bottom, and everything a sweep reads
/// is stored by seat, so that it reads front to back instead of looking up ports, chains
/// and bounds at random for every vertex and segment end (at 100 000 nodes that was most
/// of a sweep's time). O(V + E) to build; 24 bytes a segment end, 48 a vertex.
struct Seats {
    /// The vertex on every seat.
    vertex: Vec<Vertex>,
    /// The seat of every vertex.
    seat: Vec<u32>,
    /// Where every column's seats start (and, last, the number of seats).
    column_start: Vec<usize>,
    /// Per seat: offset in the packed column, the bounds of its centre less that offset,
    /// and the middle of the bounds less the offset (where the sweeps start).
    offset: Vec<f64>,
    low: Vec<f64>,
    high: Vec<f64>,
    middle: Vec<f64>,
    /// The pulls on seat `k` are `pulls[end[k - 1]..end[k]]`.
    pulls: Vec<Pull>,
    end: Vec<usize>,
}

impl Seats {
    /// `bounds(v)` gives the low and high bound of `v`'s centre and its offset.
    fn new(
        graph: &LayeredGraph,
        ordering: &Ordering,
        ports: &Ports,
        bounds: impl Fn(Vertex) -> (f64, f64, f64),
    ) -> Self {
        let vertex: Vec<Vertex> = ordering.orders.iter().flatten().copied().collect();
        let mut seat = vec![0; graph.vertex_count()];
        for (k, &v) in vertex.iter().enumerate() {
            seat[v as usize] = k as u32;
        }
        let mut column_start = Vec::with_capacity(ordering.orders.len() + 1);
        let mut at = 0;
        for order in &ordering.orders {
            column_start.push(at);
            at += order.len();
        }
        column_start.push(at);
        let (mut offset, mut low, mut high, mut middle) = (
            Vec::with_capacity(at),
            Vec::with_capacity(at),
            Vec::with_capacity(at),
            Vec::with_capacity(at),
        );
        let mut pulls = Vec::with_capacity(2 * graph.segment_count());
        let mut end = Vec::with_capacity(at);
        for &v in &vertex {
            let (l, h, o) = bounds(v);
            offset.push(o);
            low.push(l - o);
            high.push(h - o);
            middle.push((l + h) / 2.0 - o);
            let v_index = v as usize;
            // Up: `u` is the segment's left end and `v` its right end; down the reverse.
            for j in graph.up_start[v_index]..graph.up_start[v_index + 1] {
                let (u, chain) = (graph.up[j], graph.up_chain[j]);
                pulls.push(Pull {
                    from: seat[u as usize],
                    weight: segment_weight(graph, u, v),
                    from_offset: ports.left_offset(graph, u, chain),
                    to_offset: ports.right_offset(graph, v, chain),
                });
            }
            for j in graph.down_start[v_index]..graph.down_start[v_index + 1] {
                let (u, chain) = (graph.down[j], graph.down_chain[j]);
                pulls.push(Pull {
                    from: seat[u as usize],
                    weight: segment_weight(graph, u, v),
                    from_offset: ports.right_offset(graph, u, chain),
                    to_offset: ports.left_offset(graph, v, chain),
                });
            }
            end.push(pulls.len());
        }
        Seats {
            vertex,
            seat,
            column_start,
            offset,
            low,
            high,
            middle,
            pulls,
            end,
        }
    }

    fn pulls_on(&self, k: usize) -> &[Pull] {
        let start = if k == 0 { 0 } else { self.end[k - 1] };
        &self.pulls[start..self.end[k]]
    }

    /// Step 2 of the module documentation: every column centred between its bounds, then
    /// `sweeps` sweeps of least squares (the last ones weighted medians), each solving
    /// every column in turn by isotonic regression. `shared_home(v)` is where a shared box
    /// reads as shared. Returns the centre of every vertex (by vertex).
    fn solve(&self, sweeps: usize, shared_home: impl Fn(Vertex) -> Option<f64>) -> Vec<f64> {
        let seats = self.vertex.len();
        let home: Vec<Option<f64>> = self.vertex.iter().map(|&v| shared_home(v)).collect();
        let mut y = vec![0.0; seats];
        let mut targets: Vec<Target> = Vec::new();
        let mut pools = Vec::new();
        let mut solved: Vec<f64> = Vec::new();
        let mut solve = |first: usize, targets: &[Target], y: &mut [f64]| {
            isotonic_regression(targets, &mut pools, &mut solved);
            for (k, &z) in (first..).zip(&solved) {
                y[k] = self.offset[k] + if z.is_finite() { z } else { 0.0 };
            }
        };
        let columns = self.column_start.len() - 1;
        // Start with every column centred between its bounds.
        for column in 0..columns {
            let (first, last) = (self.column_start[column], self.column_start[column + 1]);
            targets.clear();
            targets.extend((first..last).map(|k| Target {
                value: self.middle[k],
                weight: 1.0,
                low: self.low[k],
                high: self.high[k],
            }));
            solve(first, &targets, &mut y);
        }
        let mut neighbours: Vec<(f64, f64)> = Vec::new();
        let median_sweeps = if sweeps >= 8 { 4 } else { sweeps / 2 };
        for sweep in 0..sweeps {
            let use_median = sweep >= sweeps - median_sweeps;
            for i in 0..columns {
                let column = if sweep % 2 == 0 { i } else { columns - 1 - i };
                let (first, last) = (self.column_start[column], self.column_start[column + 1]);
                targets.clear();
                for k in first..last {
                    neighbours.clear();
                    neighbours.extend(self.pulls_on(k).iter().map(|p| {
                        let wanted = y[p.from as usize] + p.from_offset - p.to_offset;
                        (wanted, f64::from(p.weight))
                    }));
                    if let Some(home) = home[k] {
                        // A shared box is pulled to where it reads as shared, as hard as all
                        // its edges pull it elsewhere.
                        let pull: f64 = neighbours.iter().map(|n| n.1).sum::<f64>().max(1.0);
                        neighbours.push((home, pull));
                    }
                    let (target, weight) = if neighbours.is_empty() {
                        // Free vertices barely resist where their column is pushed.
                        (y[k], 1e-3)
                    } else {
                        let weight: f64 = neighbours.iter().map(|n| n.1).sum();
                        let target = if use_median {
                            weighted_median(&mut neighbours, y[k])
                        } else {
                            neighbours.iter().map(|n| n.0 * n.1).sum::<f64>() / weight
                        };
                        (target, weight)
                    };
                    targets.push(Target {
                        value: target - self.offset[k],
                        weight,
                        low: self.low[k],
                        high: self.high[k],
                    });
                }
                solve(first, &targets, &mut y);
            }
        }
        self.seat.iter().map(|&k| y[k as usize]).collect()
    }
}

/// Assigns the vertical centre of every vertex (see the module documentation).
///
/// Complexity: O(sweeps × (V + E log d)) for the sweeps, O(E log E + moves) for the
/// straightening (see [`straighten`] for what a move costs).
pub(crate) fn assign_y(input: &VerticalInput<'_>) -> VerticalLayout {
    let frame = Frame { input };
    let graph = input.graph;
    let ordering = input.ordering;
    let (band_top, band_height) = pack_bands(&frame);
    let bottom = band_top
        .last()
        .zip(band_height.last())
        .map_or(input.top, |(t, h)| t + h);

    // Bounds of every centre, and offsets in the packed column.
    let n = graph.vertex_count();
    let mut low = vec![0.0; n];
    let mut high = vec![0.0; n];
    let mut offset = vec![0.0; n];
    for order in &ordering.orders {
        let mut at = 0.0;
        for (i, &v) in order.iter().enumerate() {
            let place = graph.place[v as usize];
            let h = frame.height(v);
            low[v as usize] = band_top[place.first as usize] + frame.top_clearance(v) + h / 2.0;
            let last = place.last as usize;
            high[v as usize] =
                band_top[last] + band_height[last] - frame.bottom_clearance(v) - h / 2.0;
            if i > 0 {
                at += frame.separation(order[i - 1], v);
            }
            offset[v as usize] = at;
        }
    }

    // Where a box shared by several bands reads as shared: on the boundary between two
    // bands, at the middle of three or more.
    let shared_home = |v: Vertex| {
        let place = graph.place[v as usize];
        if graph.is_dummy(v) || place.first == place.last {
            return None;
        }
        let (first, last) = (place.first as usize, place.last as usize);
        let top = band_top[first];
        let bottom = band_top[last] + band_height[last];
        Some(if last == first + 1 {
            (band_top[first] + band_height[first] + band_top[last]) / 2.0
        } else {
            (top + bottom) / 2.0
        })
    };
    let seats = Seats::new(graph, ordering, input.ports, |v| {
        let v = v as usize;
        (low[v], high[v], offset[v])
    });
    let mut center_y = seats.solve(input.sweeps, shared_home);
    straighten(&frame, &low, &high, &mut center_y);
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
    use crate::layout::ports::{assign_ports, PortMetrics};
    use crate::layout::{EdgeSpec, NodeSpec, Order};

    const METRICS: VerticalMetrics = VerticalMetrics {
        node_gap: 10.0,
        edge_gap: 5.0,
        band_padding: 4.0,
        band_gap: 2.0,
        dummy_margin: 10.0,
    };

    fn target(value: f64, weight: f64) -> Target {
        Target {
            value,
            weight,
            low: f64::NEG_INFINITY,
            high: f64::INFINITY,
        }
    }

    #[test]
    fn isotonic_regression_pools_violators() {
        let (mut pools, mut out) = (Vec::new(), Vec::new());
        let t = [
            target(1.0, 1.0),
            target(3.0, 1.0),
            target(2.0, 1.0),
            target(4.0, 2.0),
        ];
        isotonic_regression(&t, &mut pools, &mut out);
        assert_eq!(out, [1.0, 2.5, 2.5, 4.0]);
        isotonic_regression(&[target(5.0, 1.0), target(1.0, 3.0)], &mut pools, &mut out);
        assert_eq!(out, [2.0, 2.0]);
        isotonic_regression(&[], &mut pools, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn isotonic_regression_respects_bounds_per_value() {
        let (mut pools, mut out) = (Vec::new(), Vec::new());
        // Targets 10 then 0, the second at least 10: both end at 10 (clamping the free
        // solution 5, 5 would give 5, 10, which costs more).
        let t = [
            target(10.0, 1.0),
            Target {
                value: 0.0,
                weight: 1.0,
                low: 10.0,
                high: 100.0,
            },
        ];
        isotonic_regression(&t, &mut pools, &mut out);
        assert_eq!(out, [10.0, 10.0]);
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
                ..NodeSpec::default()
            })
            .collect();
        let edges: Vec<EdgeSpec> = edges
            .iter()
            .map(|&(from, to)| EdgeSpec::new(from, to))
            .collect();
        let layers = columns.iter().map(|c| c.0 + 1).max().unwrap_or(0);
        let graph = LayeredGraph::build(&nodes, &edges, layers, bands);
        let ordering = order_vertices(&graph, Order::Crossings);
        let ports = assign_ports(
            &graph,
            &ordering,
            heights,
            &vec![100.0; layers],
            PortMetrics {
                arrow_room: 10.0,
                corner_radius: 6.0,
            },
        );
        let vertical = assign_y(&VerticalInput {
            graph: &graph,
            ordering: &ordering,
            heights,
            band_min_height: &vec![0.0; bands],
            band_top_room: &vec![0.0; bands],
            ports: &ports,
            top: 0.0,
            metrics: METRICS,
            sweeps: 16,
        });
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
        let heights = [20.0, 40.0, 30.0, 50.0, 20.0, 20.0, 60.0];
        let (graph, ordering, v) = layout_chain(
            &[(0, 0), (0, 0), (0, 1), (1, 0), (1, 1), (1, 1), (2, 1)],
            &[(0, 4), (1, 3), (2, 6), (0, 6)],
            &heights,
            2,
        );
        let h = |x: Vertex| {
            if graph.is_dummy(x) {
                0.0
            } else {
                heights[x as usize]
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
