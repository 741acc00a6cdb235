//! The straightening pass of vertical placement (step 3 of [`super`]): segments made
//! exactly level by moving blocks of aligned vertices within the slack that the
//! least-squares solution leaves.
//!
//! Role: the last step of coordinate assignment. Segments are taken in order of priority
//! and each is made level by moving one of its two blocks, pushing the blocks in its way
//! along; a move that would take any vertex out of its bounds, move a shared box, or push
//! more than [`MAX_PUSHED`] vertices is not made.
//!
//! Cost: most tried moves fail, and a failing move used to walk up to [`MAX_PUSHED`]
//! vertices before finding out. Every vertex therefore keeps, per direction, an upper bound
//! of how far it can move with the vertices its column would push (its *reach*), so that a
//! move is given up as soon as one vertex it must move cannot go that far; the reaches are
//! repaired after each move that is made, upward and downward from the moved vertices until
//! they stop changing.
//!
//! Must not do: change orders, ports or bounds; bring two vertices of a column closer than
//! their gap.

use super::Frame;
use crate::layout::graph::Vertex;

/// No neighbour in the column.
const NONE: Vertex = Vertex::MAX;
/// Two ends this close count as level.
const LEVEL: f64 = 1e-6;
/// Tolerance of the bounds and gap tests of a move.
const EPS: f64 = 1e-7;
/// How far a move must exceed a vertex's reach to be given up without walking it: well
/// above [`EPS`] plus the rounding of a reach (a few units in the last place of a
/// coordinate, 1e-9 at ten million pixels), so that a move given up on its reach would
/// have failed the exact tests too.
const REACH_TOLERANCE: f64 = 1e-6;
/// Vertices a push may move at once: beyond, the edge is left as it is (bounds the cost).
const MAX_PUSHED: usize = 256;

/// The blocks: vertices aligned so far, which move together. Union by size; each block's
/// members are a circular list through `next`, so that two blocks merge in the time of
/// relabelling the smaller and no vertex owns an allocation.
struct Blocks {
    root: Vec<Vertex>,
    next: Vec<Vertex>,
    /// Number of members, per root.
    size: Vec<u32>,
    /// Whether a member is a box shared by several bands, per root: such a block stays
    /// where it reads as shared.
    shared: Vec<bool>,
}

impl Blocks {
    fn new(shared: Vec<bool>) -> Self {
        let n = shared.len() as Vertex;
        Blocks {
            root: (0..n).collect(),
            next: (0..n).collect(),
            size: vec![1; n as usize],
            shared,
        }
    }

    fn find(&self, v: Vertex) -> Vertex {
        self.root[v as usize]
    }

    fn size(&self, root: Vertex) -> usize {
        self.size[root as usize] as usize
    }

    /// The members of the block of `root`, starting with `root`.
    fn members(&self, root: Vertex) -> impl Iterator<Item = Vertex> + '_ {
        let mut at = Some(root);
        std::iter::from_fn(move || {
            let v = at?;
            let next = self.next[v as usize];
            at = (next != root).then_some(next);
            Some(v)
        })
    }

    /// Merges the smaller block into the larger.
    fn union(&mut self, a: Vertex, b: Vertex) {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        let (big, small) = if self.size(a) >= self.size(b) {
            (a, b)
        } else {
            (b, a)
        };
        let mut v = small;
        loop {
            self.root[v as usize] = big;
            v = self.next[v as usize];
            if v == small {
                break;
            }
        }
        // Splicing two circular lists is one swap of successors.
        self.next.swap(big as usize, small as usize);
        self.size[big as usize] += self.size[small as usize];
        self.shared[big as usize] |= self.shared[small as usize];
    }
}

/// Where a move of `root`'s block by `shift` stands.
struct Push<'a> {
    low: &'a [f64],
    high: &'a [f64],
    /// Neighbours in the column (or [`NONE`]) and the least distance between the centres of
    /// a vertex and the one below it.
    above: Vec<Vertex>,
    below: Vec<Vertex>,
    gap_below: Vec<f64>,
    /// How far every vertex could move down (and up) if its column alone were in the way:
    /// the vertex itself must stay in bounds, and so must every vertex below it that the
    /// move would push. A move by more than a vertex's reach fails, since the vertices its
    /// column pushes are pushed whatever else moves.
    reach_down: Vec<f64>,
    reach_up: Vec<f64>,
    /// Scratch: the vertices and blocks of the move being tried, and which roots are in it.
    set: Vec<Vertex>,
    roots: Vec<Vertex>,
    moving: Vec<bool>,
}

impl Push<'_> {
    /// Moves block `root` by `shift` together with every block in its way (in the direction
    /// of the move, in each column, transitively), unless that would move block `keep`, a
    /// shared block, more than [`MAX_PUSHED`] vertices, or any vertex out of its bounds.
    /// Moving a whole stack rigidly keeps every gap inside it; moving away from the rest
    /// only widens gaps. Returns whether it moved.
    ///
    /// Whether the move is made does not depend on the order in which the blocks in the
    /// way are found: it fails exactly when the closure of "is in the way of" from `root`
    /// holds `keep`, a shared block or a vertex that cannot move, or more than
    /// [`MAX_PUSHED`] vertices besides a lone `root`.
    fn push(
        &mut self,
        blocks: &Blocks,
        center_y: &mut [f64],
        root: Vertex,
        shift: f64,
        keep: Vertex,
    ) -> bool {
        self.set.clear();
        self.roots.clear();
        self.mark(blocks, root);
        let mut ok = true;
        let mut next = 0;
        while next < self.set.len() {
            let v = self.set[next] as usize;
            next += 1;
            let reach = if shift > 0.0 {
                self.reach_down[v]
            } else {
                self.reach_up[v]
            };
            let y = center_y[v] + shift;
            if shift.abs() > reach + REACH_TOLERANCE
                || y < self.low[v] - EPS
                || y > self.high[v] + EPS
            {
                ok = false;
                break;
            }
            let (q, needed, room) = if shift > 0.0 {
                let q = self.below[v];
                if q == NONE {
                    continue;
                }
                (q, self.gap_below[v], center_y[q as usize] - y)
            } else {
                let p = self.above[v];
                if p == NONE {
                    continue;
                }
                (p, self.gap_below[p as usize], y - center_y[p as usize])
            };
            if room < needed - EPS {
                let r = blocks.find(q);
                if !self.moving[r as usize] {
                    if r == keep
                        || blocks.shared[r as usize]
                        || self.set.len() + blocks.size(r) > MAX_PUSHED
                    {
                        ok = false;
                        break;
                    }
                    self.mark(blocks, r);
                }
            }
        }
        for &r in &self.roots {
            self.moving[r as usize] = false;
        }
        if ok {
            for &v in &self.set {
                center_y[v as usize] += shift;
            }
            let set = std::mem::take(&mut self.set);
            for &v in &set {
                self.repair_reaches(center_y, v);
            }
            self.set = set;
        }
        ok
    }

    /// Down reach of `v` from the current coordinates and the reach of the vertex below.
    fn reach_down_of(&self, center_y: &[f64], v: Vertex) -> f64 {
        let v = v as usize;
        let slack = self.high[v] - center_y[v];
        match self.below[v] {
            NONE => slack,
            q => {
                let free = center_y[q as usize] - center_y[v] - self.gap_below[v];
                slack.min(free.max(self.reach_down[q as usize]))
            }
        }
    }

    fn reach_up_of(&self, center_y: &[f64], v: Vertex) -> f64 {
        let v = v as usize;
        let slack = center_y[v] - self.low[v];
        match self.above[v] {
            NONE => slack,
            p => {
                let free = center_y[v] - center_y[p as usize] - self.gap_below[p as usize];
                slack.min(free.max(self.reach_up[p as usize]))
            }
        }
    }

    /// Every reach in `center_y`'s columns, bottom-up for the down reaches and top-down for
    /// the up ones.
    fn compute_reaches(&mut self, orders: &[Vec<Vertex>], center_y: &[f64]) {
        for order in orders {
            for &v in order.iter().rev() {
                self.reach_down[v as usize] = self.reach_down_of(center_y, v);
            }
            for &v in order {
                self.reach_up[v as usize] = self.reach_up_of(center_y, v);
            }
        }
    }

    /// After `moved` moved: its reaches, and those of the vertices above it (down reaches)
    /// and below it (up reaches) that depend on them, as far as they change. Repairing
    /// every moved vertex this way, in any order, leaves every reach as
    /// [`Self::compute_reaches`] would.
    fn repair_reaches(&mut self, center_y: &[f64], moved: Vertex) {
        self.reach_down[moved as usize] = self.reach_down_of(center_y, moved);
        let mut v = self.above[moved as usize];
        while v != NONE {
            let reach = self.reach_down_of(center_y, v);
            if reach == self.reach_down[v as usize] {
                break;
            }
            self.reach_down[v as usize] = reach;
            v = self.above[v as usize];
        }
        self.reach_up[moved as usize] = self.reach_up_of(center_y, moved);
        let mut v = self.below[moved as usize];
        while v != NONE {
            let reach = self.reach_up_of(center_y, v);
            if reach == self.reach_up[v as usize] {
                break;
            }
            self.reach_up[v as usize] = reach;
            v = self.below[v as usize];
        }
    }

    fn mark(&mut self, blocks: &Blocks, root: Vertex) {
        self.moving[root as usize] = true;
        self.roots.push(root);
        self.set.extend(blocks.members(root));
    }
}

/// The straightening pass (see the module documentation of [`super`], step 3): moves
/// vertices of `center_y` within `low..=high` so that segments become level.
///
/// O(E log E) for sorting the segments, plus per tried move the vertices it walks (at most
/// [`MAX_PUSHED`] and the moved block, and mostly one or two: a move beyond a vertex's
/// reach stops there), plus per move made the reaches it changes (the column stacks the
/// moved vertices stand in), plus the merges (O(V log V) in all).
pub(super) fn straighten(frame: &Frame<'_>, low: &[f64], high: &[f64], center_y: &mut [f64]) {
    let input = frame.input;
    let graph = input.graph;
    let ports = input.ports;
    let n = graph.vertex_count();
    // Every segment once, with the move that would make it level.
    let mut candidates: Vec<(u8, f64, Vertex, Vertex, u32)> =
        Vec::with_capacity(graph.segment_count());
    for (gap, chains) in graph.gaps.iter().zip(&graph.gap_chains) {
        for (&(a, b), &chain) in gap.iter().zip(chains) {
            let wanted = center_y[a as usize] + ports.left_offset(graph, a, chain)
                - ports.right_offset(graph, b, chain);
            // One-to-one links first: nothing else competes for their ports.
            let class = u8::from(graph.downs(a).len() != 1 || graph.ups(b).len() != 1);
            candidates.push((class, (wanted - center_y[b as usize]).abs(), a, b, chain));
        }
    }
    candidates.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then(x.1.total_cmp(&y.1))
            .then((x.2, x.3).cmp(&(y.2, y.3)))
    });
    let shared = (0..n as Vertex)
        .map(|v| {
            let place = graph.place[v as usize];
            !graph.is_dummy(v) && place.first != place.last
        })
        .collect();
    let mut blocks = Blocks::new(shared);
    let mut above = vec![NONE; n];
    let mut below = vec![NONE; n];
    let mut gap_below = vec![0.0; n];
    for order in &input.ordering.orders {
        for pair in order.windows(2) {
            let (p, q) = (pair[0], pair[1]);
            below[p as usize] = q;
            above[q as usize] = p;
            gap_below[p as usize] = frame.separation(p, q);
        }
    }
    let mut push = Push {
        low,
        high,
        above,
        below,
        gap_below,
        reach_down: vec![0.0; n],
        reach_up: vec![0.0; n],
        set: Vec::new(),
        roots: Vec::new(),
        moving: vec![false; n],
    };
    push.compute_reaches(&input.ordering.orders, center_y);
    for &(_, _, a, b, chain) in &candidates {
        if blocks.find(a) == blocks.find(b) {
            continue;
        }
        let delta = center_y[a as usize] + ports.left_offset(graph, a, chain)
            - ports.right_offset(graph, b, chain)
            - center_y[b as usize];
        if delta.abs() <= LEVEL {
            blocks.union(a, b);
            continue;
        }
        // Move b's block by delta, or a's by -delta: the smaller first.
        let (ra, rb) = (blocks.find(a), blocks.find(b));
        let mut tries = [(rb, delta, ra), (ra, -delta, rb)];
        if blocks.size(ra) < blocks.size(rb) {
            tries.swap(0, 1);
        }
        for (root, shift, keep) in tries {
            // Shared boxes stay where they read as shared; others line up with them.
            if !blocks.shared[root as usize] && push.push(&blocks, center_y, root, shift, keep) {
                blocks.union(a, b);
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn blocks_merge_their_members() {
        let mut blocks = Blocks::new(vec![false, true, false, false, false]);
        blocks.union(0, 1);
        blocks.union(2, 3);
        blocks.union(3, 0);
        let root = blocks.find(0);
        assert!((0..4).all(|v| blocks.find(v) == root));
        assert_ne!(blocks.find(4), root);
        assert_eq!(blocks.size(root), 4);
        assert!(blocks.shared[root as usize]);
        let mut members: Vec<Vertex> = blocks.members(root).collect();
        members.sort_unstable();
        assert_eq!(members, [0, 1, 2, 3]);
        assert_eq!(blocks.members(4).collect::<Vec<_>>(), [4]);
    }

    /// Columns of vertices as (least gap to the next, free room beyond it, room above the
    /// vertex, room below it), in quarter pixels so that ties are exact.
    type Columns = Vec<Vec<(u8, u8, u8, u8)>>;

    /// Column orders, coordinates, bounds and least gaps of `columns`.
    #[allow(clippy::type_complexity)]
    fn stacks(columns: &Columns) -> (Vec<Vec<Vertex>>, Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) {
        let (mut orders, mut y, mut low, mut high, mut gap) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for column in columns {
            let mut at = 0.0;
            let mut order = Vec::new();
            for &(least, free, up, down) in column {
                order.push(y.len() as Vertex);
                y.push(at);
                low.push(at - f64::from(up) / 4.0);
                high.push(at + f64::from(down) / 4.0);
                gap.push(f64::from(least) / 4.0);
                at += f64::from(least) / 4.0 + f64::from(free) / 4.0;
            }
            orders.push(order);
        }
        (orders, y, low, high, gap)
    }

    proptest! {
        /// The reaches only give up moves that the walk would refuse too, and repairing
        /// them after a move gives what computing them afresh gives.
        #[test]
        fn reaches_change_no_decision(
            columns in prop::collection::vec(
                prop::collection::vec((1u8..40, 0u8..12, 0u8..80, 0u8..80), 1..12),
                1..5,
            ),
            merges in prop::collection::vec((any::<u16>(), any::<u16>()), 0..12),
            shared in prop::collection::vec(any::<u16>(), 0..2),
            moves in prop::collection::vec((any::<u16>(), -80i16..80, any::<u16>()), 1..40),
        ) {
            let (orders, mut fast_y, low, high, gap_below) = stacks(&columns);
            let n = fast_y.len();
            let mut flags = vec![false; n];
            for s in shared {
                flags[s as usize % n] = true;
            }
            let mut blocks = Blocks::new(flags);
            for (a, b) in merges {
                blocks.union(a as Vertex % n as Vertex, b as Vertex % n as Vertex);
            }
            let (mut above, mut below) = (vec![NONE; n], vec![NONE; n]);
            for order in &orders {
                for pair in order.windows(2) {
                    below[pair[0] as usize] = pair[1];
                    above[pair[1] as usize] = pair[0];
                }
            }
            let mut fast = Push {
                low: &low,
                high: &high,
                above,
                below,
                gap_below,
                reach_down: vec![0.0; n],
                reach_up: vec![0.0; n],
                set: Vec::new(),
                roots: Vec::new(),
                moving: vec![false; n],
            };
            fast.compute_reaches(&orders, &fast_y);
            let mut walk = Push {
                above: fast.above.clone(),
                below: fast.below.clone(),
                gap_below: fast.gap_below.clone(),
                reach_down: Vec::new(),
                reach_up: Vec::new(),
                set: Vec::new(),
                roots: Vec::new(),
                moving: vec![false; n],
                ..fast
            };
            let mut walk_y = fast_y.clone();
            for (v, shift, k) in moves {
                let (root, keep) = (blocks.find(v as Vertex % n as Vertex), blocks.find(k as Vertex % n as Vertex));
                let shift = f64::from(shift) / 4.0;
                if root == keep || shift == 0.0 || blocks.shared[root as usize] {
                    continue;
                }
                // Infinite reaches: the walk alone decides.
                walk.reach_down = vec![f64::INFINITY; n];
                walk.reach_up = vec![f64::INFINITY; n];
                let walked = walk.push(&blocks, &mut walk_y, root, shift, keep);
                let reached = fast.push(&blocks, &mut fast_y, root, shift, keep);
                prop_assert_eq!(walked, reached);
                prop_assert_eq!(&walk_y, &fast_y);
                let (down, up) = (fast.reach_down.clone(), fast.reach_up.clone());
                fast.compute_reaches(&orders, &fast_y);
                prop_assert_eq!(&down, &fast.reach_down);
                prop_assert_eq!(&up, &fast.reach_up);
            }
        }
    }
}
