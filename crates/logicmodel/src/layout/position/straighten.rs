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
            let y = center_y[v] + shift;
            if y < self.low[v] - EPS || y > self.high[v] + EPS {
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
        }
        ok
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
/// [`MAX_PUSHED`] and the moved block), plus the merges (O(V log V) in all).
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
        set: Vec::new(),
        roots: Vec::new(),
        moving: vec![false; n],
    };
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
}
