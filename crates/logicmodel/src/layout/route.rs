//! Edge routing: the path of every drawn edge.
//!
//! Role: the last stage of the layout. Boxes and dummy slots have their coordinates; this
//! stage joins them. A forward edge leaves the right side of its source at mid-height, runs
//! horizontally through its dummy slot in every column it crosses, and enters the left side
//! of its target at mid-height; between two columns it is a cubic Bézier "S" whose control
//! points lie in the gap. Backward edges do the same right to left. Same-column edges and
//! self-loops are brackets in the gap to the right of their column, on *tracks* chosen so
//! that overlapping brackets do not share a vertical line.
//!
//! Why no path can cross a foreign box: every box of a column spans the column's full x
//! range, so the gaps between columns hold no box at all; inside a column a path only runs
//! horizontally at a dummy slot's y, which the coordinate stage keeps at least `edge_gap`
//! away from every box; and a Bézier curve stays inside the convex hull of its control
//! points, which lies in a gap.
//!
//! Must not do: move boxes or slots, or draw arrowheads (we leave a straight run of
//! `arrow_room` pixels before the target for the renderer to put one).

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

use super::graph::{LayeredGraph, Vertex};
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
    /// Distance between two bracket tracks.
    pub track_spacing: f64,
    /// Radius of a bracket's rounded corners.
    pub corner_radius: f64,
}

/// Where the two ends of a same-column edge attach: the right side of each box at
/// mid-height, or a quarter above and below the middle for a self-loop.
fn bracket_ends(chain_from: Vertex, chain_to: Vertex, rects: &[Rect]) -> (f64, f64) {
    let from = rects[chain_from as usize];
    let to = rects[chain_to as usize];
    if chain_from == chain_to {
        (
            from.center_y() - from.height / 4.0,
            from.center_y() + from.height / 4.0,
        )
    } else {
        (from.center_y(), to.center_y())
    }
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

/// Bracket tracks: for every chain its distance from the column's right edge (0 for
/// chains that are not same-column edges), and for every column the extra room its right
/// gap needs.
///
/// Brackets of one column are interval-graph coloured: sorted by their top, each takes the
/// lowest free track, which is optimal for intervals. O(S log S) for S same-column edges.
pub(crate) fn assign_tracks(
    graph: &LayeredGraph,
    rects: &[Rect],
    column_count: usize,
    metrics: RouteMetrics,
) -> (Vec<f64>, Vec<f64>) {
    let mut offsets = vec![0.0; graph.chains.len()];
    let mut extra = vec![0.0; column_count];
    let mut by_column: Vec<Vec<(f64, f64, usize)>> = vec![Vec::new(); column_count];
    for (index, chain) in graph.chains.iter().enumerate() {
        if !matches!(chain.route, EdgeRoute::SameColumn | EdgeRoute::Feedback) {
            continue;
        }
        let (from, to) = (chain.vertices[0], chain.vertices[chain.vertices.len() - 1]);
        let (a, b) = bracket_ends(from, to, rects);
        let column = graph.layer[from as usize] as usize;
        if let Some(list) = by_column.get_mut(column) {
            list.push((a.min(b), a.max(b), index));
        }
    }
    for (column, intervals) in by_column.iter_mut().enumerate() {
        intervals.sort_by(|a, b| {
            a.0.total_cmp(&b.0)
                .then(a.1.total_cmp(&b.1))
                .then(a.2.cmp(&b.2))
        });
        let mut active: BinaryHeap<Reverse<(ByValue, usize)>> = BinaryHeap::new();
        let mut free: BTreeSet<usize> = BTreeSet::new();
        let mut track_count = 0usize;
        for &(top, bottom, index) in intervals.iter() {
            while let Some(Reverse((end, track))) = active.peek().copied() {
                // Keep one track spacing between brackets that share a vertical line.
                if end.0 + metrics.track_spacing < top {
                    active.pop();
                    free.insert(track);
                } else {
                    break;
                }
            }
            let track = match free.pop_first() {
                Some(track) => track,
                None => {
                    track_count += 1;
                    track_count - 1
                }
            };
            active.push(Reverse((ByValue(bottom), track)));
            offsets[index] = metrics.arrow_room + metrics.track_spacing * (track as f64 + 1.0);
        }
        if track_count > 0 {
            extra[column] = metrics.arrow_room + metrics.track_spacing * (track_count as f64 + 1.0);
        }
    }
    (offsets, extra)
}

/// Appends a connection from `from` to `to` across a gap: a straight line when level, else
/// a cubic "S" with horizontal tangents whose control points stay between the two x.
fn connect(from: Point, to: Point, segments: &mut Vec<PathSegment>) {
    if from.y == to.y {
        segments.push(PathSegment::Line { to });
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
    let mut segments = Vec::with_capacity(2 * passes.len());
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

/// A bracket from `(x, from_y)` out to the track at `x + offset` and back to `(x, to_y)`,
/// with rounded corners.
fn bracket(
    x: f64,
    from_y: f64,
    to_y: f64,
    offset: f64,
    corner_radius: f64,
) -> (Point, Vec<PathSegment>) {
    // Control distance that makes a cubic approximate a quarter circle.
    const KAPPA: f64 = 0.552_284_75;
    let track = x + offset;
    let down = if to_y >= from_y { 1.0 } else { -1.0 };
    let r = corner_radius
        .min((to_y - from_y).abs() / 2.0)
        .min(offset / 2.0)
        .max(0.0);
    let k = r * (1.0 - KAPPA);
    let start = Point::new(x, from_y);
    let mut segments = vec![PathSegment::Line {
        to: Point::new(track - r, from_y),
    }];
    if r > 0.0 {
        segments.push(PathSegment::Cubic {
            c1: Point::new(track - k, from_y),
            c2: Point::new(track, from_y + down * k),
            to: Point::new(track, from_y + down * r),
        });
    }
    segments.push(PathSegment::Line {
        to: Point::new(track, to_y - down * r),
    });
    if r > 0.0 {
        segments.push(PathSegment::Cubic {
            c1: Point::new(track, to_y - down * k),
            c2: Point::new(track - k, to_y),
            to: Point::new(track - r, to_y),
        });
    }
    segments.push(PathSegment::Line {
        to: Point::new(x, to_y),
    });
    (start, segments)
}

/// Routes every chain of the layered graph (see the module documentation).
///
/// Arguments: the graph; the centre y of every vertex; the box of every input node; the
/// columns' extents; the bracket offsets from [`assign_tracks`]. Returns one edge per
/// chain, in input order.
///
/// O(V + E) in all.
pub(crate) fn route_edges(
    graph: &LayeredGraph,
    center_y: &[f64],
    rects: &[Rect],
    columns: &ColumnExtents,
    offsets: &[f64],
    metrics: RouteMetrics,
) -> Vec<SceneEdge> {
    let mut all_passes: Vec<Vec<(usize, f64)>> = graph
        .chains
        .iter()
        .map(|chain| {
            chain
                .vertices
                .iter()
                .map(|&v| (graph.layer[v as usize] as usize, center_y[v as usize]))
                .collect()
        })
        .collect();
    spread_ports(graph, rects, &mut all_passes);
    graph
        .chains
        .iter()
        .zip(offsets)
        .zip(all_passes)
        .map(|((chain, &offset), passes)| {
            let first = chain.vertices[0];
            let last = chain.vertices[chain.vertices.len() - 1];
            let (from, to, start, segments, passes) = match chain.route {
                EdgeRoute::SameColumn | EdgeRoute::Feedback => {
                    let (from_y, to_y) = bracket_ends(first, last, rects);
                    let right = columns.right(graph.layer[first as usize] as usize);
                    let (start, segments) =
                        bracket(right, from_y, to_y, offset, metrics.corner_radius);
                    (first, last, start, segments, Vec::new())
                }
                EdgeRoute::Backward => {
                    let reversed: Vec<(usize, f64)> = passes.iter().rev().copied().collect();
                    let (start, segments) = travel(&reversed, columns, metrics.arrow_room, true);
                    (last, first, start, segments, passes)
                }
                _ => {
                    let (start, segments) = travel(&passes, columns, metrics.arrow_room, false);
                    (first, last, start, segments, passes)
                }
            };
            SceneEdge {
                edge: chain.edge,
                from: from as usize,
                to: to as usize,
                route: chain.route,
                start,
                segments,
                passes,
            }
        })
        .collect()
}

/// Spreads the ends of the forward edges of each box along its side, in the
/// order of where they come from or go to, instead of meeting in one point:
/// arrowheads into a box with many incoming edges stay apart, and the order
/// adds no crossing at the box. Ports stay inside the box's height (a small
/// margin from the corners), at most `PORT_GAP` apart. O(E log E).
fn spread_ports(graph: &LayeredGraph, rects: &[Rect], passes: &mut [Vec<(usize, f64)>]) {
    const PORT_GAP: f64 = 9.0;
    const CORNER_MARGIN: f64 = 6.0;
    // (node, side: 0 = outgoing/right, 1 = incoming/left) → (neighbour y, chain).
    let mut ends: Vec<(u32, u8, f64, usize)> = Vec::new();
    for (i, chain) in graph.chains.iter().enumerate() {
        if chain.route != EdgeRoute::Forward || passes[i].len() < 2 {
            continue;
        }
        let p = &passes[i];
        let (first, last) = (chain.vertices[0], chain.vertices[chain.vertices.len() - 1]);
        ends.push((first, 0, p[1].1, i));
        ends.push((last, 1, p[p.len() - 2].1, i));
    }
    ends.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then(a.2.total_cmp(&b.2))
            .then(a.3.cmp(&b.3))
    });
    let mut start = 0;
    while start < ends.len() {
        let (node, side) = (ends[start].0, ends[start].1);
        let mut end = start;
        while end < ends.len() && ends[end].0 == node && ends[end].1 == side {
            end += 1;
        }
        let count = end - start;
        if let Some(rect) = rects.get(node as usize) {
            if count > 1 {
                let usable = (rect.height - 2.0 * CORNER_MARGIN).max(0.0);
                let gap = PORT_GAP.min(usable / (count - 1) as f64);
                let centre = rect.center_y();
                for (k, &(_, _, _, chain)) in ends[start..end].iter().enumerate() {
                    let y = centre + (k as f64 - (count - 1) as f64 / 2.0) * gap;
                    let p = &mut passes[chain];
                    let at = if side == 0 { 0 } else { p.len() - 1 };
                    p[at].1 = y;
                }
            }
        }
        start = end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const METRICS: RouteMetrics = RouteMetrics {
        arrow_room: 10.0,
        track_spacing: 8.0,
        corner_radius: 6.0,
    };

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
    fn overlapping_brackets_get_separate_tracks_and_widen_the_gap() {
        use crate::layout::{EdgeSpec, NodeSpec};
        let nodes: Vec<NodeSpec> = (0..4)
            .map(|i| NodeSpec {
                column: usize::from(i == 3),
                band: Some(0),
                label: String::new(),
            })
            .collect();
        let edges = [
            EdgeSpec::new(0, 2),
            EdgeSpec::new(0, 1),
            EdgeSpec::new(2, 2),
            EdgeSpec::new(0, 3),
        ];
        let graph = LayeredGraph::build(&nodes, &edges, 2, 1);
        let rect = |y: f64| Rect {
            x: 0.0,
            y,
            width: 100.0,
            height: 20.0,
        };
        let rects = [rect(0.0), rect(40.0), rect(80.0), rect(0.0)];
        let (offsets, extra) = assign_tracks(&graph, &rects, 2, METRICS);
        // 0→2 and 0→1 overlap: two tracks, the shorter bracket inside; the self-loop on 2
        // only overlaps 0→2 and reuses the inner track.
        assert_eq!(offsets[0], 26.0);
        assert_eq!(offsets[1], 18.0);
        assert_eq!(offsets[2], 18.0);
        assert_eq!(offsets[3], 0.0);
        assert_eq!(extra, [10.0 + 8.0 * 3.0, 0.0]);
    }

    #[test]
    fn same_column_brackets_stay_in_the_gap_on_separate_tracks() {
        let (start, segments) = bracket(100.0, 20.0, 80.0, 18.0, 6.0);
        assert_eq!(start, Point::new(100.0, 20.0));
        assert_eq!(
            segments.last().map(PathSegment::end),
            Some(Point::new(100.0, 80.0))
        );
        for segment in &segments {
            let points = match *segment {
                PathSegment::Line { to } => vec![to],
                PathSegment::Cubic { c1, c2, to } => vec![c1, c2, to],
            };
            assert!(points.iter().all(|p| p.x >= 100.0 && p.x <= 118.0));
        }
        // Upward bracket.
        let (_, segments) = bracket(100.0, 80.0, 20.0, 18.0, 6.0);
        assert_eq!(
            segments.last().map(PathSegment::end),
            Some(Point::new(100.0, 20.0))
        );
    }
}
