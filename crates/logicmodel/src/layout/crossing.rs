//! Counting edge crossings between adjacent columns (Barth, Jünger and Mutzel 2002).
//!
//! Role: the measure that crossing minimisation optimises, and the measure a benchmark uses
//! to compare our drawings with another tool's. Must not look at anything but orders or
//! coordinates: no model, no text.
//!
//! Two segments between the same pair of adjacent columns cross when their vertical order
//! at the left column is the opposite of their order at the right column. Segments that
//! share an end point do not cross. Counting all pairs is O(E²); Barth, Jünger and Mutzel,
//! "Simple and Efficient Bilayer Cross Counting" (JGAA 8(2), 2004; GD 2002), sort the
//! segments by their left end and count, with an *accumulator tree* over the right ends,
//! how many earlier segments end further down: O(E log V).

/// Counts inversions in `right_ranks`, which must be listed in order of their left end
/// (ties broken by right rank ascending), every value `< right_len`.
///
/// This is the accumulator-tree loop of Barth, Jünger and Mutzel. O(n log right_len).
pub(crate) fn count_sorted_inversions(
    right_ranks: impl Iterator<Item = u32>,
    right_len: usize,
) -> u64 {
    let mut first_leaf = 1usize;
    while first_leaf < right_len {
        first_leaf *= 2;
    }
    let tree_size = 2 * first_leaf - 1;
    first_leaf -= 1;
    let mut tree = vec![0u64; tree_size];
    let mut crossings = 0u64;
    for rank in right_ranks {
        let mut index = rank as usize + first_leaf;
        if index >= tree_size {
            // Out-of-range ranks are a caller bug; never index out of bounds for it.
            continue;
        }
        tree[index] += 1;
        while index > 0 {
            if index % 2 == 1 {
                // A left child: every segment counted in the right sibling ends lower.
                crossings += tree[index + 1];
            }
            index = (index - 1) / 2;
            tree[index] += 1;
        }
    }
    crossings
}

/// Normalises `-0.0` to `0.0` so that both compare equal under `total_cmp`.
fn normalise(y: f64) -> f64 {
    y + 0.0
}

/// Counts the pairs of segments that cross in one gap between two parallel columns.
///
/// Each segment is `(y at the left column, y at the right column)`. Two segments cross when
/// one is strictly above the other at the left and strictly below it at the right; segments
/// that share an end point do not cross. NaN values are ordered after every number and
/// never panic.
///
/// Runs in O(n log n) for n segments (sorting, then an accumulator tree).
///
/// ```
/// use logicmodel::layout::count_gap_crossings;
/// // An X: one crossing.
/// assert_eq!(count_gap_crossings(&[(0.0, 10.0), (10.0, 0.0)]), 1);
/// // A shared source: no crossing.
/// assert_eq!(count_gap_crossings(&[(0.0, 0.0), (0.0, 10.0)]), 0);
/// ```
pub fn count_gap_crossings(segments: &[(f64, f64)]) -> u64 {
    let mut rights: Vec<f64> = segments.iter().map(|s| normalise(s.1)).collect();
    rights.sort_unstable_by(f64::total_cmp);
    rights.dedup_by(|a, b| a.total_cmp(b).is_eq());
    let rank = |y: f64| -> u32 {
        let y = normalise(y);
        rights.partition_point(|r| r.total_cmp(&y).is_lt()) as u32
    };
    let mut ranked: Vec<(f64, u32)> = segments
        .iter()
        .map(|&(left, right)| (normalise(left), rank(right)))
        .collect();
    ranked.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    count_sorted_inversions(ranked.iter().map(|&(_, right)| right), rights.len())
}

/// Counts the crossings of a drawing, gap by gap, and adds them up.
///
/// `gaps[k]` holds the segments between column `k` and column `k + 1`, each as
/// `(y at the left column, y at the right column)`; an edge spanning several columns is
/// sampled where it passes each column and gives one segment per gap. For our own scenes
/// use [`Scene::gap_segments`](super::Scene::gap_segments); for another tool's drawing,
/// sample its edges at the columns' x positions the same way, and both numbers mean the
/// same thing.
///
/// Runs in O(E log E) for E segments in all.
///
/// ```
/// use logicmodel::layout::count_crossings;
/// let gaps = vec![
///     vec![(0.0, 10.0), (10.0, 0.0)],        // one crossing
///     vec![(0.0, 0.0), (5.0, 5.0)],           // none
/// ];
/// assert_eq!(count_crossings(&gaps), 1);
/// ```
pub fn count_crossings<S: AsRef<[(f64, f64)]>>(gaps: &[S]) -> u64 {
    gaps.iter()
        .map(|gap| count_gap_crossings(gap.as_ref()))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute_force(segments: &[(f64, f64)]) -> u64 {
        let mut count = 0;
        for (i, a) in segments.iter().enumerate() {
            for b in &segments[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    count += 1;
                }
            }
        }
        count
    }

    #[test]
    fn known_small_graphs() {
        assert_eq!(count_gap_crossings(&[]), 0);
        assert_eq!(count_gap_crossings(&[(1.0, 1.0)]), 0);
        // K(2,2) drawn with both sides in order: one crossing (a1-b2 with a2-b1).
        let k22 = [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0)];
        assert_eq!(count_gap_crossings(&k22), 1);
        // K(3,3): 3 choose 2 squared = 9 pairs, of which C(3,2)*C(3,2) = 9 cross.
        let k33: Vec<(f64, f64)> = (0..3)
            .flat_map(|a| (0..3).map(move |b| (a as f64, b as f64)))
            .collect();
        assert_eq!(count_gap_crossings(&k33), 9);
        // A full reversal of 4 parallel segments: all 6 pairs cross.
        let reversed: Vec<(f64, f64)> = (0..4).map(|i| (i as f64, (3 - i) as f64)).collect();
        assert_eq!(count_gap_crossings(&reversed), 6);
        // The example of Barth, Jünger and Mutzel (Fig. 1): 12 crossings.
        let bjm = [
            (0, 0),
            (1, 1),
            (1, 2),
            (2, 0),
            (2, 3),
            (2, 4),
            (3, 0),
            (3, 2),
            (4, 3),
            (5, 2),
            (5, 4),
        ];
        let bjm: Vec<(f64, f64)> = bjm.iter().map(|&(a, b)| (a as f64, b as f64)).collect();
        assert_eq!(count_gap_crossings(&bjm), brute_force(&bjm));
        assert_eq!(count_gap_crossings(&bjm), 12);
    }

    #[test]
    fn gaps_add_up_and_nan_does_not_panic() {
        let gaps = vec![
            vec![(0.0, 1.0), (1.0, 0.0)],
            vec![],
            vec![(f64::NAN, 0.0), (0.0, 1.0)],
        ];
        assert_eq!(count_crossings(&gaps), 1 + count_gap_crossings(&gaps[2]));
        assert_eq!(count_gap_crossings(&[(-0.0, 1.0), (0.0, 0.0)]), 0);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        #[test]
        fn matches_brute_force(segments in prop::collection::vec((0u8..12, 0u8..12), 0..80)) {
            let segments: Vec<(f64, f64)> =
                segments.iter().map(|&(a, b)| (a as f64, b as f64)).collect();
            prop_assert_eq!(count_gap_crossings(&segments), brute_force(&segments));
        }
    }
}
