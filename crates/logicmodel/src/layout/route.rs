//! Edge routing: the path of every drawn edge.
//!
//! Role: the last stage of the layout. Boxes and dummy slots have their coordinates and
//! every edge end its port (see [`super::ports`]); this stage joins them.
//!
//! - A forward edge leaves the right side of its source, runs horizontally through its
//!   dummy slot in every column it crosses, and enters the left side of its target; between
//!   two columns it is a cubic Bézier "S" whose control points lie in the gap. Backward
//!   edges do the same right to left.
//! - A same-column edge between two boxes with no box between them is a straight vertical
//!   arrow from the bottom of one to the top of the other (or the other way up). Any other
//!   same-column edge, and every self-loop, is a *bracket*: out of the source's right side
//!   into the gutter right of the column, along a *track* there, and back over the target's
//!   top (or under its bottom) to come down (or up) into it near its right corner.
//! - A feedback edge leaves its source's right side into the gutter right of its column,
//!   rises to a *lane* above the boxes of the upper band of its two ends, runs along the
//!   lane to the gutter left of its target's column, comes down there and enters the
//!   target's left side.
//!
//! Tracks in one gutter are interval-graph coloured (sorted by top, lowest free track,
//! optimal for intervals), and so are the lanes of one band (by the columns they span);
//! gutters are widened by the tracks they need, bands' tops by their lanes.
//!
//! Why no path can cross a foreign box: every box of a column spans the column's full x
//! range, so the gutters between columns hold no box at all; inside a column a path only
//! runs horizontally at a dummy slot's y, which the coordinate stage keeps at least
//! `edge_gap` away from every box, or in the room the coordinate stage keeps above or below
//! a box for the arrow entering it, or on a lane, which lies above every box of its band in
//! the columns it spans (no shared box reaches into it: see [`assign_lanes`]); and a Bézier
//! curve stays inside the convex hull of its control points, which lies in a gap.
//!
//! Must not do: move boxes or slots, or draw arrowheads (every path ends with a straight
//! run of at least `arrow_room` pixels for the renderer to put one on).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use super::graph::LayeredGraph;
use super::ports::{Attach, Ports, SameColumnShape};
use super::scene::{EdgeRoute, PathSegment, Point, Rect, SceneEdge};

/// The x extent of every column.
#[derive(Debug, Clone)]
pub(crate) struct ColumnExtents {
    pub x: Vec<f64>,
    pub width: Vec<f64>,
}

impl ColumnExtents {
    fn left(&self, column: usize) -> f64 {
        self.x.get(column).copied().unwrap_or(0.0)
    }

    fn right(&self, column: usize) -> f64 {
        self.left(column) + self.width.get(column).copied().unwrap_or(0.0)
    }
}

/// Sizes the router needs, in pixels.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RouteMetrics {
    /// Straight run before the target, for the arrowhead.
    pub arrow_room: f64,
    /// Distance between two tracks or lanes.
    pub track_spacing: f64,
    /// Radius of a bracket's rounded corners.
    pub corner_radius: f64,
}

/// Where an end of a chain attaches, as a point.
fn port_point(attach: Attach, rect: Rect) -> Point {
    match attach {
        Attach::Side { right, dy } => Point::new(
            if right { rect.right() } else { rect.x },
            rect.center_y() + dy,
        ),
        Attach::Edge {
            top,
            dx,
            from_right,
        } => Point::new(
            if from_right {
                rect.right() - dx
            } else {
                rect.x + rect.width / 2.0 + dx
            },
            if top { rect.y } else { rect.bottom() },
        ),
    }
}

/// The feedback lanes: for every chain its band and lane (`None` for other chains), and for
/// every band the room its lanes need at its top.
#[derive(Debug, Clone)]
pub(crate) struct Lanes {
    pub lane: Vec<Option<(usize, usize)>>,
    pub room: Vec<f64>,
}

/// Gives every feedback edge a lane above the boxes of the upper band of its two ends,
/// moved up to a higher band while a shared box in the columns it spans reaches into that
/// band from above (so the lane never crosses it). Lanes of one band whose column ranges
/// overlap get different lanes. O(F log F + F × V) for F feedback edges (V only when
/// shared boxes exist).
pub(crate) fn assign_lanes(graph: &LayeredGraph, metrics: RouteMetrics) -> Lanes {
    let mut lanes = Lanes {
        lane: vec![None; graph.chains.len()],
        room: vec![0.0; graph.band_count],
    };
    let shared: Vec<usize> = (0..graph.real_count)
        .filter(|&v| graph.place[v].first != graph.place[v].last)
        .collect();
    let mut by_band: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); graph.band_count];
    for (index, chain) in graph.chains.iter().enumerate() {
        if chain.route != EdgeRoute::Feedback {
            continue;
        }
        let (from, to) = (chain.vertices[0] as usize, chain.vertices[1] as usize);
        let (a, b) = (graph.layer[from] as usize, graph.layer[to] as usize);
        let (low, high) = (a.min(b), a.max(b));
        let mut band = graph.place[from].first.min(graph.place[to].first) as usize;
        loop {
            let reaching = shared.iter().copied().find(|&v| {
                let place = graph.place[v];
                let column = graph.layer[v] as usize;
                (low..=high).contains(&column)
                    && (place.first as usize) < band
                    && band <= place.last as usize
            });
            match reaching {
                Some(v) => band = graph.place[v].first as usize,
                None => break,
            }
        }
        if let Some(list) = by_band.get_mut(band) {
            list.push((low, high, index));
        }
    }
    for (band, intervals) in by_band.iter_mut().enumerate() {
        let count = colour(
            intervals,
            |(low, high, _)| (*low as f64, *high as f64),
            0.5,
            |(_, _, index), lane| {
                lanes.lane[*index] = Some((band, lane));
            },
        );
        if count > 0 {
            lanes.room[band] = metrics.track_spacing * count as f64;
        }
    }
    lanes
}

/// Interval-graph colouring: `intervals` sorted by start (then end, then as given), each
/// takes the lowest colour free of every overlapping one (two intervals overlap unless one
/// ends more than `clearance` before the other starts). Calls `assign` for each and returns
/// the number of colours. Optimal for intervals. O(n log n).
fn colour<T>(
    intervals: &mut [T],
    bounds: impl Fn(&T) -> (f64, f64),
    clearance: f64,
    mut assign: impl FnMut(&T, usize),
) -> usize {
    intervals.sort_by(|a, b| {
        let (a0, a1) = bounds(a);
        let (b0, b1) = bounds(b);
        a0.total_cmp(&b0).then(a1.total_cmp(&b1))
    });
    let mut active: BinaryHeap<Reverse<(ByValue, usize)>> = BinaryHeap::new();
    let mut free: BTreeSet<usize> = BTreeSet::new();
    let mut count = 0usize;
    for interval in intervals.iter() {
        let (top, bottom) = bounds(interval);
        while let Some(Reverse((end, colour))) = active.peek().copied() {
            if end.0 + clearance < top {
                active.pop();
                free.insert(colour);
            } else {
                break;
            }
        }
        let colour = match free.pop_first() {
            Some(colour) => colour,
            None => {
                count += 1;
                count - 1
            }
        };
        active.push(Reverse((ByValue(bottom), colour)));
        assign(interval, colour);
    }
    count
}

/// An f64 ordered by `total_cmp`, for the heap of active tracks.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ByValue(f64);

impl Eq for ByValue {}

impl PartialOrd for ByValue {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ByValue {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The gutter tracks of every chain and the room every gutter needs.
#[derive(Debug, Clone)]
pub(crate) struct Tracks {
    /// Distance from its column's right edge of the track of a chain's vertical run in the
    /// gutter right of its source (brackets and feedback edges; 0 for others).
    pub right: Vec<f64>,
    /// Distance from its column's left edge of the track of a feedback edge's vertical run
    /// in the gutter left of its target (0 for others).
    pub left: Vec<f64>,
    /// Room every column needs in the gutter to its right, and to its left.
    pub extra_right: Vec<f64>,
    pub extra_left: Vec<f64>,
}

/// The y of a bracket's turn above or below its target, where it leaves the track.
fn bracket_turn(end: Attach, target: Rect, metrics: RouteMetrics) -> f64 {
    let clearance = metrics.arrow_room + metrics.corner_radius + 2.0;
    match end {
        Attach::Edge { top: true, .. } => target.y - clearance,
        _ => target.bottom() + clearance,
    }
}

/// The y of a feedback edge's lane.
fn lane_y(lane: (usize, usize), band_top: &[f64], band_padding: f64, metrics: RouteMetrics) -> f64 {
    band_top.get(lane.0).copied().unwrap_or(0.0)
        + band_padding / 2.0
        + metrics.track_spacing * lane.1 as f64
}

/// Everything the router needs besides the graph.
pub(crate) struct RouteInput<'a> {
    pub graph: &'a LayeredGraph,
    pub ports: &'a Ports,
    pub lanes: &'a Lanes,
    /// Centre y of every vertex.
    pub center_y: &'a [f64],
    /// Box of every input node (x may be unset for [`assign_tracks`]).
    pub rects: &'a [Rect],
    pub band_top: &'a [f64],
    pub band_padding: f64,
    pub metrics: RouteMetrics,
}

/// Gutter tracks (see the module documentation). Needs the boxes' y only.
/// O(S log S) for S brackets and feedback edges.
pub(crate) fn assign_tracks(input: &RouteInput<'_>, column_count: usize) -> Tracks {
    let graph = input.graph;
    let metrics = input.metrics;
    let chains = graph.chains.len();
    let mut tracks = Tracks {
        right: vec![0.0; chains],
        left: vec![0.0; chains],
        extra_right: vec![0.0; column_count],
        extra_left: vec![0.0; column_count],
    };
    let mut right: Vec<Vec<(f64, f64, usize)>> = vec![Vec::new(); column_count];
    let mut left: Vec<Vec<(f64, f64, usize)>> = vec![Vec::new(); column_count];
    for (index, chain) in graph.chains.iter().enumerate() {
        let (from, to) = (
            chain.vertices[0] as usize,
            chain.vertices[chain.vertices.len() - 1] as usize,
        );
        let (start, end) = input.ports.ends[index];
        let (Some(&source), Some(&target)) = (input.rects.get(from), input.rects.get(to)) else {
            continue;
        };
        match chain.route {
            EdgeRoute::SameColumn if input.ports.shape[index] == SameColumnShape::Bracket => {
                let y0 = port_point(start, source).y;
                let turn = bracket_turn(end, target, metrics);
                if let Some(list) = right.get_mut(graph.layer[from] as usize) {
                    list.push((y0.min(turn), y0.max(turn), index));
                }
            }
            EdgeRoute::Feedback => {
                let Some(lane) = input.lanes.lane[index] else {
                    continue;
                };
                let y = lane_y(lane, input.band_top, input.band_padding, metrics);
                let (y0, y1) = (port_point(start, source).y, port_point(end, target).y);
                if let Some(list) = right.get_mut(graph.layer[from] as usize) {
                    list.push((y.min(y0), y.max(y0), index));
                }
                if let Some(list) = left.get_mut(graph.layer[to] as usize) {
                    list.push((y.min(y1), y.max(y1), index));
                }
            }
            _ => {}
        }
    }
    for (column, intervals) in right.iter_mut().enumerate() {
        // Keep one track spacing between runs that share a vertical line.
        let count = colour(
            intervals,
            |t| (t.0, t.1),
            metrics.track_spacing,
            |t, track| {
                tracks.right[t.2] =
                    metrics.arrow_room + metrics.track_spacing * (track as f64 + 1.0);
            },
        );
        if count > 0 {
            tracks.extra_right[column] =
                metrics.arrow_room + metrics.track_spacing * (count as f64 + 1.0);
        }
    }
    for (column, intervals) in left.iter_mut().enumerate() {
        let count = colour(
            intervals,
            |t| (t.0, t.1),
            metrics.track_spacing,
            |t, track| {
                tracks.left[t.2] = metrics.arrow_room
                    + metrics.corner_radius
                    + metrics.track_spacing * (track as f64 + 1.0);
            },
        );
        if count > 0 {
            tracks.extra_left[column] = metrics.arrow_room
                + metrics.corner_radius
                + metrics.track_spacing * (count as f64 + 1.0);
        }
    }
    tracks
}

/// Appends a connection from `from` to `to` across a gap: a straight line when level, else
/// a cubic "S" with horizontal tangents whose control points stay between the two x.
fn connect(from: Point, to: Point, segments: &mut Vec<PathSegment>) {
    if (from.y - to.y).abs() < 1e-6 {
        segments.push(PathSegment::Line {
            to: Point::new(to.x, from.y),
        });
    } else {
        let half = (to.x - from.x) / 2.0;
        segments.push(PathSegment::Cubic {
            c1: Point::new(from.x + half, from.y),
            c2: Point::new(to.x - half, to.y),
            to,
        });
    }
}

/// The path through `passes` (column, y), in travel order, for a forward (`leftward ==
/// false`) or backward edge.
fn travel(
    passes: &[(usize, f64)],
    columns: &ColumnExtents,
    arrow_room: f64,
    leftward: bool,
) -> (Point, Vec<PathSegment>) {
    let exit = |column: usize| {
        if leftward {
            columns.left(column)
        } else {
            columns.right(column)
        }
    };
    let entry = |column: usize| {
        if leftward {
            columns.right(column)
        } else {
            columns.left(column)
        }
    };
    let (first_column, first_y) = passes[0];
    let start = Point::new(exit(first_column), first_y);
    // Two pieces per gap, exactly: the scene keeps these vectors, and a spare piece is 56
    // bytes per edge (a third of an adjacent edge's path).
    let mut segments = Vec::with_capacity(2 * (passes.len() - 1));
    let mut at = start;
    for (i, &(column, y)) in passes.iter().enumerate().skip(1) {
        let end = Point::new(entry(column), y);
        if i + 1 == passes.len() {
            let direction = if leftward { -1.0 } else { 1.0 };
            let room = arrow_room.min((end.x - at.x).abs() / 2.0);
            let before = Point::new(end.x - direction * room, y);
            connect(at, before, &mut segments);
            segments.push(PathSegment::Line { to: end });
        } else {
            connect(at, end, &mut segments);
            at = Point::new(exit(column), y);
            segments.push(PathSegment::Line { to: at });
        }
    }
    (start, segments)
}

/// Control distance that makes a cubic approximate a quarter circle.
const KAPPA: f64 = 0.552_284_75;

/// A path of horizontal and vertical runs through `corners` (each turn rounded with radius
/// at most `radius`, less where a run is short), from `start` to the last corner.
fn rounded(start: Point, corners: &[Point], radius: f64) -> Vec<PathSegment> {
    let mut segments = Vec::with_capacity(2 * corners.len());
    let mut at = start;
    let mut previous = start;
    for (i, &corner) in corners.iter().enumerate() {
        let Some(&next) = corners.get(i + 1) else {
            segments.push(PathSegment::Line { to: corner });
            break;
        };
        // Half of each run at most, so that the turns at its two ends never overlap.
        let run_in = (corner.x - previous.x).abs() + (corner.y - previous.y).abs();
        previous = corner;
        let run_out = (next.x - corner.x).abs() + (next.y - corner.y).abs();
        let r = radius.min(run_in / 2.0).min(run_out / 2.0).max(0.0);
        let toward = |from: Point, to: Point, d: f64| {
            let length = ((to.x - from.x).abs() + (to.y - from.y).abs()).max(1e-9);
            Point::new(
                from.x + (to.x - from.x) / length * d,
                from.y + (to.y - from.y) / length * d,
            )
        };
        let before = toward(corner, at, r);
        let after = toward(corner, next, r);
        segments.push(PathSegment::Line { to: before });
        if r > 0.0 {
            let k = r * KAPPA;
            segments.push(PathSegment::Cubic {
                c1: toward(before, corner, k),
                c2: toward(after, corner, k),
                to: after,
            });
        }
        at = after;
    }
    segments
}

/// Routes every chain of the layered graph (see the module documentation). Returns one
/// edge per chain, in input order.
///
/// O(V + E) in all.
pub(crate) fn route_edges(
    input: &RouteInput<'_>,
    columns: &ColumnExtents,
    tracks: &Tracks,
) -> Vec<SceneEdge> {
    let graph = input.graph;
    let metrics = input.metrics;
    let rects = input.rects;
    graph
        .chains
        .iter()
        .enumerate()
        .map(|(index, chain)| {
            let first = chain.vertices[0] as usize;
            let last = chain.vertices[chain.vertices.len() - 1] as usize;
            let (start_port, end_port) = input.ports.ends[index];
            let (from, to, start, segments, passes) = match chain.route {
                EdgeRoute::Forward | EdgeRoute::Backward => {
                    let mut passes: Vec<(usize, f64)> = chain
                        .vertices
                        .iter()
                        .map(|&v| (graph.layer[v as usize] as usize, input.center_y[v as usize]))
                        .collect();
                    let n = passes.len();
                    passes[0].1 += input.ports.left_dy[index];
                    passes[n - 1].1 += input.ports.right_dy[index];
                    if chain.route == EdgeRoute::Backward {
                        let reversed: Vec<(usize, f64)> = passes.iter().rev().copied().collect();
                        let (start, segments) =
                            travel(&reversed, columns, metrics.arrow_room, true);
                        (last, first, start, segments, passes)
                    } else {
                        let (start, segments) = travel(&passes, columns, metrics.arrow_room, false);
                        (first, last, start, segments, passes)
                    }
                }
                EdgeRoute::SameColumn => {
                    let (source, target) = (rects[first], rects[last]);
                    let start = port_point(start_port, source);
                    let end = port_point(end_port, target);
                    let segments = match input.ports.shape[index] {
                        SameColumnShape::Straight => vec![PathSegment::Line { to: end }],
                        SameColumnShape::Bracket => {
                            let x = source.right() + tracks.right[index];
                            let turn = bracket_turn(end_port, target, metrics);
                            let corners = [
                                Point::new(x, start.y),
                                Point::new(x, turn),
                                Point::new(end.x, turn),
                                end,
                            ];
                            rounded(start, &corners, metrics.corner_radius)
                        }
                    };
                    (first, last, start, segments, Vec::new())
                }
                EdgeRoute::Feedback => {
                    let (source, target) = (rects[first], rects[last]);
                    let start = port_point(start_port, source);
                    let end = port_point(end_port, target);
                    let lane = input.lanes.lane[index].unwrap_or((0, 0));
                    let y = lane_y(lane, input.band_top, input.band_padding, metrics);
                    let right_x = source.right() + tracks.right[index];
                    let left_x = target.x - tracks.left[index];
                    let corners = [
                        Point::new(right_x, start.y),
                        Point::new(right_x, y),
                        Point::new(left_x, y),
                        Point::new(left_x, end.y),
                        end,
                    ];
                    let segments = rounded(start, &corners, metrics.corner_radius);
                    (first, last, start, segments, Vec::new())
                }
            };
            SceneEdge {
                edge: chain.edge,
                from,
                to,
                route: chain.route,
                start,
                segments,
                passes,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn columns() -> ColumnExtents {
        ColumnExtents {
            x: vec![0.0, 200.0, 400.0],
            width: vec![100.0, 100.0, 100.0],
        }
    }

    #[test]
    fn forward_path_runs_through_slots_and_ends_level_at_the_target() {
        let (start, segments) = travel(&[(0, 10.0), (1, 50.0), (2, 50.0)], &columns(), 10.0, false);
        assert_eq!(start, Point::new(100.0, 10.0));
        let ends: Vec<Point> = segments.iter().map(PathSegment::end).collect();
        assert_eq!(
            ends,
            [
                Point::new(200.0, 50.0),
                Point::new(300.0, 50.0),
                Point::new(390.0, 50.0),
                Point::new(400.0, 50.0)
            ]
        );
        assert!(matches!(segments[0], PathSegment::Cubic { .. }));
        // Level: straight lines only after the first gap.
        assert!(matches!(segments[2], PathSegment::Line { .. }));
    }

    #[test]
    fn backward_path_runs_right_to_left() {
        let (start, segments) = travel(&[(2, 30.0), (1, 30.0), (0, 60.0)], &columns(), 10.0, true);
        assert_eq!(start, Point::new(400.0, 30.0));
        let last = segments.last().map(PathSegment::end);
        assert_eq!(last, Some(Point::new(100.0, 60.0)));
        // The approach before the arrowhead is horizontal and at least arrow_room long.
        let before = segments[segments.len() - 2].end();
        assert_eq!(before, Point::new(110.0, 60.0));
    }

    #[test]
    fn rounded_runs_turn_in_quarter_circles_and_end_on_the_last_corner() {
        let segments = rounded(
            Point::new(0.0, 0.0),
            &[
                Point::new(20.0, 0.0),
                Point::new(20.0, 40.0),
                Point::new(5.0, 40.0),
                Point::new(5.0, 60.0),
            ],
            6.0,
        );
        assert_eq!(
            segments.last().map(PathSegment::end),
            Some(Point::new(5.0, 60.0))
        );
        assert_eq!(
            segments
                .iter()
                .filter(|s| matches!(s, PathSegment::Cubic { .. }))
                .count(),
            3
        );
        // The last piece is a straight vertical run.
        let before = segments[segments.len() - 2].end();
        assert_eq!(before, Point::new(5.0, 46.0));
    }

    #[test]
    fn overlapping_intervals_get_different_colours() {
        let mut intervals = vec![
            (0.0, 80.0, 0),
            (0.0, 40.0, 1),
            (90.0, 100.0, 2),
            (50.0, 60.0, 3),
        ];
        let mut got = [usize::MAX; 4];
        let count = colour(&mut intervals, |t| (t.0, t.1), 8.0, |t, c| got[t.2] = c);
        assert_eq!(count, 2);
        assert_ne!(got[0], got[1]);
        assert_ne!(got[0], got[3]);
        // Ends more than 8 apart: 1 and 3 share a colour, and 2 reuses one.
        assert_eq!(got[1], got[3]);
        assert!(got[2] < 2);
    }
}
