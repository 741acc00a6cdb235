//! One part's crossing minimisation, on a compact copy of the part.
//!
//! Role: the inner loop of [`super::order`]. A *part* is the set of (column, band) blocks
//! of one band and connected component; its order is optimised with every other part held
//! where it is. The copy numbers the part's vertices `0..n` and gives every vertex outside
//! the part that one of them is linked to a *ghost* number after them, with a fixed slot, so
//! that the heuristics only touch a few small arrays.
//!
//! Every vertex keeps, per side, the sorted slots of its neighbours. Transposition only
//! swaps vertices in adjacent slots, which never changes the sorted order of any such list
//! (no slot lies between the two), so a swap rewrites a few values in the lists of the two
//! vertices' neighbours and the lists are rebuilt only after a sweep re-sorts a block. That
//! makes a transposition pass a scan of adjacent pairs, the part of the stage that costs
//! most.
//!
//! Must not do: look at anything but the layered graph's adjacency and the current slots;
//! geometry.

use super::graph::{LayeredGraph, Vertex};
use super::order::{count_inversions, Ordering};

/// Which neighbours a sweep looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sweep {
    /// Left to right: sort by the neighbours in the column to the left.
    Rightward,
    /// Right to left: sort by the neighbours in the column to the right.
    Leftward,
}

/// How a sweep summarises a vertex's neighbour slots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Heuristic {
    /// Their mean (Sugiyama, Tagawa and Toda 1981).
    Barycenter,
    /// Gansner et al.'s weighted median: the median, interpolated towards the side where
    /// the neighbours are packed more tightly when the count is even.
    WeightedMedian,
}

/// Summary position of sorted neighbour slots, or `None` without neighbours.
pub(super) fn key(slots: &[u32], heuristic: Heuristic) -> Option<f64> {
    if slots.is_empty() {
        return None;
    }
    match heuristic {
        Heuristic::Barycenter => {
            let sum: u64 = slots.iter().map(|&s| u64::from(s)).sum();
            Some(sum as f64 / slots.len() as f64)
        }
        Heuristic::WeightedMedian => {
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

/// The crossings between the edges of two vertices on one side, given the sorted slots of
/// their neighbours there: `(a above b, b above a)`, the pairs in which the other's
/// neighbour is strictly above for each order. One merge gives both (pairs sharing a
/// neighbour count in neither). O(|a| + |b|).
pub(super) fn pair_crossings(a: &[u32], b: &[u32]) -> (u64, u64) {
    match (a, b) {
        ([], _) | (_, []) => (0, 0),
        ([x], [y]) => (u64::from(x > y), u64::from(y > x)),
        _ => {
            let (mut a_above, mut b_above) = (0u64, 0u64);
            let (mut below, mut not_above) = (0usize, 0usize);
            for &x in a {
                // b's neighbours strictly below x, and those at or below x.
                while below < b.len() && b[below] < x {
                    below += 1;
                }
                while not_above < b.len() && b[not_above] <= x {
                    not_above += 1;
                }
                a_above += below as u64;
                b_above += (b.len() - not_above) as u64;
            }
            (a_above, b_above)
        }
    }
}

/// A block of the part: the part's vertices in one column, in their current order.
#[derive(Debug, Clone, Default)]
struct LocalBlock {
    layer: usize,
    /// Global slot of the block's first position.
    base: u32,
    /// Local vertex numbers, top to bottom.
    order: Vec<u32>,
}

/// The compact copy of one part (see the module documentation). Buffers are kept between
/// parts, so building one allocates only when a part is larger than every one before it.
#[derive(Debug, Default)]
pub(super) struct PartGraph {
    /// Part vertices are `0..n`; ghosts `n..`.
    n: usize,
    /// Global vertex of each part vertex.
    global: Vec<Vertex>,
    dummy: Vec<bool>,
    /// Current global slot of every part vertex and ghost.
    slot: Vec<u32>,
    /// Index into `blocks` of each part vertex.
    block_of: Vec<u32>,
    blocks: Vec<LocalBlock>,
    /// Neighbours (local numbers, ghosts included) of part vertex `v`:
    /// `ids[start[v]..split[v]]` on the left, `ids[split[v]..start[v + 1]]` on the right.
    start: Vec<u32>,
    split: Vec<u32>,
    ids: Vec<u32>,
    /// The neighbours' slots, each side sorted, in the same ranges as `ids`.
    slots_of: Vec<u32>,
    /// Generation stamps for de-duplicating neighbours.
    stamp: Vec<u32>,
    generation: u32,
    /// Global vertex → local number, valid for the vertices of this part and its ghosts.
    local_of: Vec<u32>,
    /// Scratch.
    keyed: Vec<(f64, u32, u32)>,
    boxes: Vec<(f64, u32)>,
    summaries: Vec<Option<f64>>,
    pairs: Vec<(u32, u32)>,
    rights: Vec<u32>,
    merge: Vec<u32>,
    dirty: Vec<bool>,
    changed: Vec<bool>,
}

/// A block of the global ordering: `ordering.orders[layer][start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block {
    pub layer: usize,
    pub start: usize,
    pub end: usize,
}

impl PartGraph {
    /// Copies the part made of `blocks` (ascending columns) out of `graph` in its current
    /// order. O(size of the part and its edges).
    pub fn load(&mut self, graph: &LayeredGraph, ordering: &Ordering, blocks: &[Block]) {
        const NONE: u32 = u32::MAX;
        if self.local_of.len() < graph.vertex_count() {
            self.local_of.resize(graph.vertex_count(), NONE);
        }
        self.global.clear();
        self.dummy.clear();
        self.slot.clear();
        self.block_of.clear();
        self.blocks.resize_with(blocks.len(), LocalBlock::default);
        for (index, block) in blocks.iter().enumerate() {
            let local = &mut self.blocks[index];
            local.layer = block.layer;
            local.base = block.start as u32;
            local.order.clear();
            for (offset, &v) in ordering.orders[block.layer][block.start..block.end]
                .iter()
                .enumerate()
            {
                let id = self.global.len() as u32;
                self.local_of[v as usize] = id;
                self.global.push(v);
                self.dummy.push(graph.is_dummy(v));
                self.slot.push((block.start + offset) as u32);
                self.block_of.push(index as u32);
                local.order.push(id);
            }
        }
        self.n = self.global.len();
        // Adjacency in local numbers; a neighbour outside the part becomes a ghost.
        let mut ghosts: Vec<Vertex> = Vec::new();
        let mut local = |u: Vertex, this: &mut Self| -> u32 {
            let id = this.local_of[u as usize];
            let is_ours = (id as usize) < this.slot.len()
                && if (id as usize) < this.n {
                    this.global[id as usize] == u
                } else {
                    ghosts.get(id as usize - this.n) == Some(&u)
                };
            if is_ours {
                return id;
            }
            let id = this.slot.len() as u32;
            this.local_of[u as usize] = id;
            this.slot.push(ordering.slot[u as usize]);
            ghosts.push(u);
            id
        };
        self.start.clear();
        self.split.clear();
        self.ids.clear();
        for i in 0..self.n {
            let v = self.global[i];
            self.start.push(self.ids.len() as u32);
            for &u in graph.ups(v) {
                let id = local(u, self);
                self.ids.push(id);
            }
            self.split.push(self.ids.len() as u32);
            for &u in graph.downs(v) {
                let id = local(u, self);
                self.ids.push(id);
            }
        }
        self.start.push(self.ids.len() as u32);
        // Ghost numbers must not be mistaken for ours by a later part.
        for &u in &ghosts {
            self.local_of[u as usize] = NONE;
        }
        self.slots_of.clear();
        self.slots_of.resize(self.ids.len(), 0);
        self.stamp.clear();
        self.stamp.resize(self.slot.len(), 0);
        self.generation = 0;
        for i in 0..self.n {
            self.refresh(i, Side::Up);
            self.refresh(i, Side::Down);
        }
    }

    /// Writes the part's order back into `ordering`.
    pub fn store(&mut self, ordering: &mut Ordering) {
        for block in &self.blocks {
            for (offset, &id) in block.order.iter().enumerate() {
                let v = self.global[id as usize];
                let slot = block.base as usize + offset;
                ordering.orders[block.layer][slot] = v;
                ordering.slot[v as usize] = slot as u32;
            }
        }
        for &v in &self.global {
            self.local_of[v as usize] = u32::MAX;
        }
    }

    /// Number of part vertices plus their segments: what one sweep costs.
    pub fn work(&self) -> usize {
        self.n + self.ids.len()
    }

    /// The order of every block, concatenated.
    pub fn save(&self, into: &mut Vec<u32>) {
        into.clear();
        for block in &self.blocks {
            into.extend_from_slice(&block.order);
        }
    }

    /// Restores an order saved by [`save`](Self::save) (or a start given in global vertex
    /// numbers through [`order_from`](Self::order_from)).
    pub fn restore(&mut self, from: &[u32]) {
        let mut at = 0;
        for index in 0..self.blocks.len() {
            let len = self.blocks[index].order.len();
            self.blocks[index]
                .order
                .copy_from_slice(&from[at..at + len]);
            let base = self.blocks[index].base;
            for offset in 0..len {
                let id = self.blocks[index].order[offset];
                self.slot[id as usize] = base + offset as u32;
            }
            at += len;
        }
        for i in 0..self.n {
            self.refresh(i, Side::Up);
            self.refresh(i, Side::Down);
        }
    }

    /// The part's blocks as ordered in another ordering (the same vertices), in local
    /// numbers, for [`restore`](Self::restore).
    pub fn order_from(&self, other: &Ordering, into: &mut Vec<u32>) {
        into.clear();
        for block in &self.blocks {
            let len = block.order.len();
            let start = block.base as usize;
            // The other ordering has the same blocks in the same slots (blocks are sorted
            // by key in every ordering), so the same vertices.
            for &v in &other.orders[block.layer][start..start + len] {
                into.push(self.local_of[v as usize]);
            }
        }
    }

    #[inline]
    fn range(&self, v: usize, side: Side) -> std::ops::Range<usize> {
        match side {
            Side::Up => self.start[v] as usize..self.split[v] as usize,
            Side::Down => self.split[v] as usize..self.start[v + 1] as usize,
        }
    }

    /// Rebuilds the sorted neighbour slots of part vertex `v` on one side.
    fn refresh(&mut self, v: usize, side: Side) {
        let range = self.range(v, side);
        for j in range.clone() {
            self.slots_of[j] = self.slot[self.ids[j] as usize];
        }
        self.slots_of[range].sort_unstable();
    }

    #[inline]
    fn slots(&self, v: u32, side: Side) -> &[u32] {
        &self.slots_of[self.range(v as usize, side)]
    }

    /// Both sides' sorted neighbour slots of `v`: (left, right).
    #[inline]
    fn both(&self, v: u32) -> (&[u32], &[u32]) {
        let v = v as usize;
        let all = &self.slots_of[self.start[v] as usize..self.start[v + 1] as usize];
        all.split_at((self.split[v] - self.start[v]) as usize)
    }

    /// Crossings decided by the part's order (see [`super::order`]): gap by gap, the pairs
    /// of segments with an end in the part.
    pub fn crossings(&mut self) -> u64 {
        let mut total = 0;
        for index in 0..self.blocks.len() {
            let layer = self.blocks[index].layer;
            // The gap to the right: every segment leaving this block, and those from
            // ghosts into the part's block to its right.
            self.pairs.clear();
            for &v in &self.blocks[index].order {
                let left = self.slot[v as usize];
                let range = self.range(v as usize, Side::Down);
                self.pairs
                    .extend(self.slots_of[range].iter().map(|&right| (left, right)));
            }
            let right_block = self.blocks.get(index + 1).filter(|b| b.layer == layer + 1);
            if let Some(right) = right_block {
                for &u in &right.order {
                    let slot = self.slot[u as usize];
                    for j in self.range(u as usize, Side::Up) {
                        let w = self.ids[j];
                        if w as usize >= self.n {
                            self.pairs.push((self.slot[w as usize], slot));
                        }
                    }
                }
            }
            total += count_inversions(&mut self.pairs, &mut self.rights, &mut self.merge);
            // A block with no part block on its left: the segments arriving from ghosts.
            let has_left = index > 0 && self.blocks[index - 1].layer + 1 == layer;
            if !has_left && layer > 0 {
                self.pairs.clear();
                for &u in &self.blocks[index].order {
                    let slot = self.slot[u as usize];
                    let range = self.range(u as usize, Side::Up);
                    self.pairs
                        .extend(self.slots_of[range].iter().map(|&left| (left, slot)));
                }
                total += count_inversions(&mut self.pairs, &mut self.rights, &mut self.merge);
            }
        }
        total
    }

    /// Re-sorts block `index` by the key of its vertices, looking at the neighbours on the
    /// side the sweep comes from. With `keep_boxes`, boxes keep their relative order and
    /// the dummies sorted by key are merged in among them by key.
    pub fn sort_block(
        &mut self,
        index: usize,
        direction: Sweep,
        heuristic: Heuristic,
        keep_boxes: bool,
    ) {
        let side = match direction {
            Sweep::Rightward => Side::Up,
            Sweep::Leftward => Side::Down,
        };
        let mut order = std::mem::take(&mut self.blocks[index].order);
        self.summaries.clear();
        for &v in &order {
            let summary = key(self.slots(v, side), heuristic);
            self.summaries.push(summary);
        }
        self.keyed.clear();
        if keep_boxes {
            self.boxes.clear();
            for (i, &v) in order.iter().enumerate() {
                // A box without a key keeps its slot's position, so that dummies merge
                // around it where they are.
                let k = self.summaries[i].unwrap_or(f64::from(self.slot[v as usize]));
                if self.dummy[v as usize] {
                    self.keyed.push((k, i as u32, v));
                } else {
                    self.boxes.push((k, v));
                }
            }
            sort_stably(&mut self.keyed);
            let (mut b, mut d) = (0, 0);
            for slot in order.iter_mut() {
                let take_dummy = d < self.keyed.len()
                    && (b >= self.boxes.len() || self.keyed[d].0 < self.boxes[b].0);
                if take_dummy {
                    *slot = self.keyed[d].2;
                    d += 1;
                } else {
                    *slot = self.boxes[b].1;
                    b += 1;
                }
            }
        } else {
            for (i, &v) in order.iter().enumerate() {
                if let Some(k) = self.summaries[i] {
                    self.keyed.push((k, i as u32, v));
                }
            }
            // Equal keys keep their current relative order; vertices without a key keep
            // their slot.
            sort_stably(&mut self.keyed);
            let mut movable = self.keyed.iter().map(|&(_, _, v)| v);
            for (i, slot) in order.iter_mut().enumerate() {
                if self.summaries[i].is_some() {
                    if let Some(v) = movable.next() {
                        *slot = v;
                    }
                }
            }
        }
        let base = self.blocks[index].base;
        for (offset, &v) in order.iter().enumerate() {
            self.slot[v as usize] = base + offset as u32;
        }
        self.blocks[index].order = order;
        self.refresh_neighbours_of_block(index);
    }

    /// Rebuilds the lists that hold slots of block `index`: its vertices' neighbours' lists
    /// on the side facing it.
    fn refresh_neighbours_of_block(&mut self, index: usize) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.fill(0);
            self.generation = 1;
        }
        let order = std::mem::take(&mut self.blocks[index].order);
        for &v in &order {
            for (side, facing) in [(Side::Up, Side::Down), (Side::Down, Side::Up)] {
                for j in self.range(v as usize, side) {
                    let u = self.ids[j] as usize;
                    // Left neighbours get stamp g, right neighbours are in another column
                    // and cannot be confused with them.
                    if u < self.n && self.stamp[u] != self.generation {
                        self.stamp[u] = self.generation;
                        self.refresh(u, facing);
                    }
                }
            }
        }
        self.blocks[index].order = order;
    }

    /// In the lists of the neighbours of `v` and `w` (slots `s` and `s + 1`, about to
    /// trade places) on the sides facing them, swaps the counts of `s` and `s + 1`.
    fn swap_slots_in_neighbour_lists(&mut self, v: u32, w: u32, s: u32) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.fill(0);
            self.generation = 1;
        }
        for x in [v, w] {
            for (side, facing) in [(Side::Up, Side::Down), (Side::Down, Side::Up)] {
                for j in self.range(x as usize, side) {
                    let u = self.ids[j] as usize;
                    if u >= self.n || self.stamp[u] == self.generation {
                        continue;
                    }
                    self.stamp[u] = self.generation;
                    let range = self.range(u, facing);
                    let list = &mut self.slots_of[range];
                    // The run of s and s + 1 in the sorted list: a copies of s, then b of
                    // s + 1, becomes b copies of s, then a of s + 1.
                    let first = list.partition_point(|&x| x < s);
                    let middle = first + list[first..].partition_point(|&x| x == s);
                    let end = middle + list[middle..].partition_point(|&x| x == s + 1);
                    let (a, b) = (middle - first, end - middle);
                    list[first..first + b].fill(s);
                    list[first + b..first + b + a].fill(s + 1);
                }
            }
        }
    }

    /// Gansner et al.'s transposition on every block: swap adjacent vertices when that
    /// strictly lowers the crossings of their edges (or, with `swap_ties`, keeps them equal
    /// and non-zero), up to `max_passes` passes, stopping when a pass lowers nothing (as dot
    /// does: swaps of ties alone would go on for ever). A block is looked at again only when
    /// it or a neighbouring column changed. With `keep_boxes`, two boxes are never swapped.
    ///
    /// O(max_passes × E) plus O(d log d) per swap.
    pub fn transpose(&mut self, max_passes: usize, swap_ties: bool, keep_boxes: bool) {
        let blocks = self.blocks.len();
        self.dirty.clear();
        self.dirty.resize(blocks, true);
        self.changed.clear();
        self.changed.resize(blocks, false);
        for _ in 0..max_passes {
            let mut improved = false;
            let mut any_change = false;
            for index in 0..blocks {
                let layer = self.blocks[index].layer;
                let left_changed_now = index > 0
                    && self.blocks[index - 1].layer + 1 == layer
                    && self.changed[index - 1];
                let len = self.blocks[index].order.len();
                if len < 2 || !(self.dirty[index] || left_changed_now) {
                    continue;
                }
                let mut block_changed = false;
                for i in 0..len - 1 {
                    let (v, w) = (self.blocks[index].order[i], self.blocks[index].order[i + 1]);
                    if keep_boxes && !self.dummy[v as usize] && !self.dummy[w as usize] {
                        continue;
                    }
                    let ((v_left, v_right), (w_left, w_right)) = (self.both(v), self.both(w));
                    let (left_now, left_swapped) = pair_crossings(v_left, w_left);
                    let (right_now, right_swapped) = pair_crossings(v_right, w_right);
                    let (now, swapped) = (left_now + right_now, left_swapped + right_swapped);
                    if swapped < now || (swap_ties && swapped == now && now > 0) {
                        improved |= swapped < now;
                        let s = self.slot[v as usize];
                        self.swap_slots_in_neighbour_lists(v, w, s);
                        self.blocks[index].order.swap(i, i + 1);
                        self.slot[v as usize] = s + 1;
                        self.slot[w as usize] = s;
                        block_changed = true;
                    }
                }
                if block_changed {
                    self.changed[index] = true;
                    any_change = true;
                }
            }
            if !any_change || !improved {
                break;
            }
            // Dirty next pass: the blocks that changed and those in the columns beside them.
            for index in 0..blocks {
                let layer = self.blocks[index].layer;
                let beside = |other: usize| {
                    self.changed[other] && self.blocks[other].layer.abs_diff(layer) == 1
                };
                self.dirty[index] = self.changed[index]
                    || (index > 0 && beside(index - 1))
                    || (index + 1 < blocks && beside(index + 1));
            }
            self.changed.fill(false);
        }
    }

    /// Number of blocks.
    pub fn block_count(&self) -> usize {
        self.blocks.len()
    }
}

/// Sorts `(key, current position, vertex)` by key, equal keys in their current order:
/// a stable sort without the buffer `sort_by` allocates.
fn sort_stably(keyed: &mut [(f64, u32, u32)]) {
    keyed.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Up,
    Down,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pair_crossings_counts_both_orders_in_one_merge() {
        assert_eq!(pair_crossings(&[], &[1]), (0, 0));
        assert_eq!(pair_crossings(&[3], &[1]), (1, 0));
        assert_eq!(pair_crossings(&[1], &[1]), (0, 0));
        // a = {0, 4}, b = {2, 4}: a above b crosses at (4, 2); b above a at (2, 0), (4, 0).
        assert_eq!(pair_crossings(&[0, 4], &[2, 4]), (1, 2));
    }

    #[test]
    fn weighted_median_interpolates() {
        assert_eq!(key(&[], Heuristic::WeightedMedian), None);
        assert_eq!(key(&[4], Heuristic::WeightedMedian), Some(4.0));
        assert_eq!(key(&[2, 4], Heuristic::WeightedMedian), Some(3.0));
        assert_eq!(key(&[0, 1, 9, 10], Heuristic::WeightedMedian), Some(5.0));
        // Packed tightly on the left: the median leans left.
        let m = key(&[0, 1, 2, 10], Heuristic::WeightedMedian).expect("has neighbours");
        assert!(m < 1.5 + 1e-9 && m > 1.0);
        assert_eq!(key(&[1, 2, 3], Heuristic::Barycenter), Some(2.0));
    }
}
