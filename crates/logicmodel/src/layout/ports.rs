//! Ports: where on its boxes every edge starts and ends.
//!
//! Role: between ordering and coordinates. The order of every column is fixed, so the order
//! in which a box's edges leave or enter it is known before any y is: the ends on one side
//! of a box are spread along it in the order of where their edges go (the slot of the next
//! vertex on the way), so they add no crossing at the box and arrowheads stay apart. The
//! coordinate stage then lines boxes up port to port, which is what makes an edge level,
//! and the router draws from port to port.
//!
//! Sides follow the direction of reading, so that an arrow never enters a box where one of
//! its own arrows leaves: forward edges leave on the right and enter on the left; backward
//! edges (right to left) leave on the left and enter on the right; a feedback edge leaves on
//! the right (up to its lane) and enters on the left (down from it). A same-column edge
//! leaves its source on the right, at the end of the side it turns to, and enters its target
//! through the top (coming down) or the bottom (coming up) near the right corner — or, when
//! no box lies between the two, goes straight from one box's bottom to the other's top. The
//! extra room such an arrow needs above or below its target is reported to the coordinate
//! stage.
//!
//! Must not do: choose y or x coordinates (it gives offsets from a box's centre and sides).

use super::graph::{LayeredGraph, Vertex};
use super::order::Ordering;
use super::scene::EdgeRoute;

/// Most distance between two ports on one side of a box.
const PORT_GAP: f64 = 9.0;
/// Ports keep this far from a box's corners.
const CORNER_MARGIN: f64 = 6.0;
/// Distance from a box's right edge of the first port on its top or bottom.
pub(crate) const TOP_PORT_INSET: f64 = 16.0;

/// Where one end of an edge attaches to its box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Attach {
    /// On the left or right side, this far below the box's centre (negative: above).
    Side { right: bool, dy: f64 },
    /// On the top or bottom: `dx` left of the box's right edge (`from_right`), or `dx`
    /// right of its middle.
    Edge {
        top: bool,
        dx: f64,
        from_right: bool,
    },
}

/// How a same-column edge is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SameColumnShape {
    /// No box between source and target: a straight vertical arrow.
    Straight,
    /// Out of the source's right side into the gutter and back into the target's top or
    /// bottom (also every self-loop).
    Bracket,
}

/// The ports of every chain, and the room arrows need beside boxes.
#[derive(Debug, Clone)]
pub(crate) struct Ports {
    /// Start and end of every chain, in travel order (source first).
    pub ends: Vec<(Attach, Attach)>,
    /// For same-column chains, how they are drawn (`Straight` for every other chain).
    pub shape: Vec<SameColumnShape>,
    /// Vertical offset from its box's centre of the port of each chain's first and last
    /// vertex (left to right in the layered graph; 0 for dummies and chains without
    /// segments). What the coordinate stage lines up.
    pub left_dy: Vec<f64>,
    pub right_dy: Vec<f64>,
    /// Room every input node needs above and below it for arrows entering its top or
    /// bottom from the gutter.
    pub room_above: Vec<f64>,
    pub room_below: Vec<f64>,
}

impl Ports {
    /// The vertical offset from `v`'s centre of the port through which a segment of
    /// `chain` leaves `v` to the right, `v` being that segment's left end (0 for a dummy).
    /// A real vertex is only ever the left end of its chain's first segment, so this needs
    /// no look at the chain's vertices (the coordinate stage asks it for every segment in
    /// every sweep).
    pub fn left_offset(&self, graph: &LayeredGraph, v: Vertex, chain: u32) -> f64 {
        if graph.is_dummy(v) {
            0.0
        } else {
            self.left_dy[chain as usize]
        }
    }

    /// The same for `v` the right end of a segment of `chain` (its last segment).
    pub fn right_offset(&self, graph: &LayeredGraph, v: Vertex, chain: u32) -> f64 {
        if graph.is_dummy(v) {
            0.0
        } else {
            self.right_dy[chain as usize]
        }
    }
}

/// Sizes the port assignment needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PortMetrics {
    /// Straight run before an arrowhead.
    pub arrow_room: f64,
    /// Radius of a bracket's corners.
    pub corner_radius: f64,
}

/// One end on a side of a box: its sort key (where the edge goes, in slots of the
/// neighbouring column; gutter edges before or after every slot) and which chain end it is.
struct SideEnd {
    node: Vertex,
    right: bool,
    key: f64,
    chain: usize,
    /// Whether this is the chain's start (travel order).
    start: bool,
}

/// Assigns every port (see the module documentation).
///
/// Arguments: the layered graph, its ordering, the height of every input node and the box
/// width of every column. O(V + E log E).
pub(crate) fn assign_ports(
    graph: &LayeredGraph,
    ordering: &Ordering,
    heights: &[f64],
    column_widths: &[f64],
    metrics: PortMetrics,
) -> Ports {
    let chains = graph.chains.len();
    let mut ports = Ports {
        ends: vec![
            (
                Attach::Side {
                    right: true,
                    dy: 0.0
                },
                Attach::Side {
                    right: false,
                    dy: 0.0
                }
            );
            chains
        ],
        shape: vec![SameColumnShape::Straight; chains],
        left_dy: vec![0.0; chains],
        right_dy: vec![0.0; chains],
        room_above: vec![0.0; graph.real_count],
        room_below: vec![0.0; graph.real_count],
    };
    // Before every slot of the column on that side: lanes above, gutters going up;
    // after: gutters going down.
    const LANE: f64 = -2.0;
    const UP: f64 = -1.0;
    let down = f64::from(u32::MAX);
    let room = metrics.arrow_room + metrics.corner_radius + 4.0;
    let slot = |v: Vertex| f64::from(ordering.slot[v as usize]);
    let mut sides: Vec<SideEnd> = Vec::with_capacity(2 * chains);
    // Arrivals through the top or bottom from the gutter: (node, top, chain).
    let mut arrivals: Vec<(Vertex, bool, usize)> = Vec::new();
    for (index, chain) in graph.chains.iter().enumerate() {
        let first = chain.vertices[0];
        let last = chain.vertices[chain.vertices.len() - 1];
        match chain.route {
            EdgeRoute::Forward => {
                sides.push(SideEnd {
                    node: first,
                    right: true,
                    key: slot(chain.vertices[1]),
                    chain: index,
                    start: true,
                });
                sides.push(SideEnd {
                    node: last,
                    right: false,
                    key: slot(chain.vertices[chain.vertices.len() - 2]),
                    chain: index,
                    start: false,
                });
            }
            EdgeRoute::Backward => {
                // Travel from `last` (the source, on the right) to `first` (the target).
                sides.push(SideEnd {
                    node: last,
                    right: false,
                    key: slot(chain.vertices[chain.vertices.len() - 2]),
                    chain: index,
                    start: true,
                });
                sides.push(SideEnd {
                    node: first,
                    right: true,
                    key: slot(chain.vertices[1]),
                    chain: index,
                    start: false,
                });
            }
            EdgeRoute::Feedback => {
                sides.push(SideEnd {
                    node: first,
                    right: true,
                    key: LANE,
                    chain: index,
                    start: true,
                });
                sides.push(SideEnd {
                    node: last,
                    right: false,
                    key: LANE,
                    chain: index,
                    start: false,
                });
            }
            EdgeRoute::SameColumn => {
                let (from, to) = (first, last);
                let below = ordering.slot[to as usize] > ordering.slot[from as usize];
                let shape = if from != to && no_box_between(graph, ordering, from, to) {
                    SameColumnShape::Straight
                } else {
                    SameColumnShape::Bracket
                };
                ports.shape[index] = shape;
                match shape {
                    SameColumnShape::Straight => {
                        // A visible stem above the arrowhead: the two boxes keep at least
                        // two arrow rooms apart.
                        let (upper, lower) = if below { (from, to) } else { (to, from) };
                        let half = metrics.arrow_room;
                        ports.room_below[upper as usize] =
                            ports.room_below[upper as usize].max(half);
                        ports.room_above[lower as usize] =
                            ports.room_above[lower as usize].max(half);
                        // Both ends at the middle of the facing edges; set in `finish`.
                        ports.ends[index] = (
                            Attach::Edge {
                                top: !below,
                                dx: 0.0,
                                from_right: false,
                            },
                            Attach::Edge {
                                top: below,
                                dx: 0.0,
                                from_right: false,
                            },
                        );
                    }
                    SameColumnShape::Bracket => {
                        // A self-loop comes back down into its own top.
                        let into_top = below || from == to;
                        sides.push(SideEnd {
                            node: from,
                            right: true,
                            key: if into_top && from != to { down } else { UP },
                            chain: index,
                            start: true,
                        });
                        arrivals.push((to, into_top, index));
                        let needed = if into_top {
                            &mut ports.room_above[to as usize]
                        } else {
                            &mut ports.room_below[to as usize]
                        };
                        *needed = needed.max(room);
                    }
                }
            }
        }
    }
    spread(&mut sides, heights, &mut ports);
    // Arrivals on one top or bottom edge: from the right corner leftwards, in chain order,
    // closer together on a narrow box.
    arrivals.sort_unstable();
    let mut k = 0;
    while k < arrivals.len() {
        let (node, top, _) = arrivals[k];
        let mut end = k;
        while end < arrivals.len() && (arrivals[end].0, arrivals[end].1) == (node, top) {
            end += 1;
        }
        let width = column_widths
            .get(graph.layer[node as usize] as usize)
            .copied()
            .unwrap_or(0.0);
        let usable = (width - TOP_PORT_INSET - CORNER_MARGIN).max(0.0);
        let count = end - k;
        let gap = if count > 1 {
            PORT_GAP.min(usable / (count - 1) as f64)
        } else {
            0.0
        };
        for (i, &(_, _, chain)) in arrivals[k..end].iter().enumerate() {
            let dx = (TOP_PORT_INSET + gap * i as f64).min((width - CORNER_MARGIN).max(0.0));
            ports.ends[chain].1 = Attach::Edge {
                top,
                dx,
                from_right: true,
            };
        }
        k = end;
    }
    centre_straight_arrows(graph, &mut ports);
    ports
}

/// Whether no box lies between `a` and `b` in their column (dummies may).
fn no_box_between(graph: &LayeredGraph, ordering: &Ordering, a: Vertex, b: Vertex) -> bool {
    let column = &ordering.orders[graph.layer[a as usize] as usize];
    let (sa, sb) = (ordering.slot[a as usize], ordering.slot[b as usize]);
    let (low, high) = (sa.min(sb) as usize, sa.max(sb) as usize);
    column[low + 1..high].iter().all(|&v| graph.is_dummy(v))
}

/// Spreads the ends on every side of every box in the order of their keys, ties in chain
/// order, at most [`PORT_GAP`] apart and clear of the corners.
fn spread(sides: &mut [SideEnd], heights: &[f64], ports: &mut Ports) {
    sides.sort_by(|a, b| {
        (a.node, a.right)
            .cmp(&(b.node, b.right))
            .then(a.key.total_cmp(&b.key))
            .then(a.chain.cmp(&b.chain))
    });
    let mut start = 0;
    while start < sides.len() {
        let (node, right) = (sides[start].node, sides[start].right);
        let mut end = start;
        while end < sides.len() && sides[end].node == node && sides[end].right == right {
            end += 1;
        }
        let count = end - start;
        let height = heights.get(node as usize).copied().unwrap_or(0.0);
        let usable = (height - 2.0 * CORNER_MARGIN).max(0.0);
        let gap = if count > 1 {
            PORT_GAP.min(usable / (count - 1) as f64)
        } else {
            0.0
        };
        for (k, side_end) in sides[start..end].iter().enumerate() {
            let dy = (k as f64 - (count - 1) as f64 / 2.0) * gap;
            let attach = Attach::Side { right, dy };
            let chain = side_end.chain;
            if side_end.start {
                ports.ends[chain].0 = attach;
            } else {
                ports.ends[chain].1 = attach;
            }
        }
        start = end;
    }
}

/// Fills in `left_dy`/`right_dy` from the side ports, and puts straight same-column arrows
/// at the middle of their boxes (apart when two join the same pair both ways).
fn centre_straight_arrows(graph: &LayeredGraph, ports: &mut Ports) {
    for (index, chain) in graph.chains.iter().enumerate() {
        let (start, end) = ports.ends[index];
        let dy = |attach: Attach| match attach {
            Attach::Side { dy, .. } => dy,
            Attach::Edge { .. } => 0.0,
        };
        match chain.route {
            EdgeRoute::Forward => {
                ports.left_dy[index] = dy(start);
                ports.right_dy[index] = dy(end);
            }
            EdgeRoute::Backward => {
                ports.left_dy[index] = dy(end);
                ports.right_dy[index] = dy(start);
            }
            _ => {}
        }
    }
    // Straight arrows sit at the middle of the two boxes; when a pair of nodes is joined
    // both ways, its two arrows go a port gap either side of it, so they never overlap.
    let mut straight: Vec<(Vertex, Vertex, usize)> = graph
        .chains
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            c.route == EdgeRoute::SameColumn && ports.shape[*i] == SameColumnShape::Straight
        })
        .map(|(i, c)| (c.vertices[0], c.vertices[1], i))
        .collect();
    straight.sort_unstable_by_key(|&(a, b, i)| (a.min(b), a.max(b), a, i));
    let mut k = 0;
    while k < straight.len() {
        let (a, b, _) = straight[k];
        let pair = (a.min(b), a.max(b));
        let mut end = k;
        while end < straight.len()
            && (
                straight[end].0.min(straight[end].1),
                straight[end].0.max(straight[end].1),
            ) == pair
        {
            end += 1;
        }
        let both_ways = straight[k..end].iter().any(|e| e.0 != straight[k].0);
        for &(from, _, index) in &straight[k..end] {
            let dx = match (both_ways, from == pair.0) {
                (false, _) => 0.0,
                (true, true) => -PORT_GAP,
                (true, false) => PORT_GAP,
            };
            let (start, end_attach) = &mut ports.ends[index];
            for attach in [start, end_attach] {
                if let Attach::Edge { dx: x, .. } = attach {
                    *x = dx;
                }
            }
        }
        k = end;
    }
}
