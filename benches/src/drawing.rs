//! One measure for three tools: a drawing by us, by Graphviz `dot` or by
//! ELK Layered, reduced to node centres and edge paths, and the two things
//! the comparison counts on it the same way for all three.
//!
//! - **Crossings** ([`Drawing::crossings`]): for each pair of adjacent
//!   columns, one `(y at the left column, y at the right column)` segment
//!   per edge spanning that gap, counted by
//!   [`logicmodel::layout::count_crossings`]. An edge's y at a column it
//!   passes is where its path meets the column's x (the path flattened into
//!   chords, the chord spanning x interpolated); at its own two columns it
//!   is the centre of its node, so edges sharing a node share that point
//!   and do not count as crossing there. Edges between two nodes of one
//!   column have no segment.
//! - **Level arrows** ([`Drawing::level_edges`]): edges whose whole path is
//!   one horizontal line, every point within half a pixel of the same y.

use logicmodel::layout::{count_crossings, PathSegment, Scene};

/// Chords per cubic piece when a curve is flattened.
const CHORDS: usize = 32;

/// An edge as drawn: its end nodes and its path as a polyline.
#[derive(Debug, Clone, PartialEq)]
pub struct DrawnEdge {
    pub from: usize,
    pub to: usize,
    pub path: Vec<(f64, f64)>,
}

/// A drawing in one coordinate convention (y down, in our pixels).
#[derive(Debug, Clone, Default)]
pub struct Drawing {
    /// Centre of every node, indexed like our scene's nodes.
    pub centers: Vec<(f64, f64)>,
    pub edges: Vec<DrawnEdge>,
}

/// Appends a cubic Bézier piece from `from`, flattened into [`CHORDS`] chords.
pub fn flatten_cubic(from: (f64, f64), p: [(f64, f64); 3], out: &mut Vec<(f64, f64)>) {
    let points = [from, p[0], p[1], p[2]];
    for step in 1..=CHORDS {
        let t = step as f64 / CHORDS as f64;
        let s = 1.0 - t;
        let (a, b, c, d) = (s * s * s, 3.0 * s * s * t, 3.0 * s * t * t, t * t * t);
        out.push((
            a * points[0].0 + b * points[1].0 + c * points[2].0 + d * points[3].0,
            a * points[0].1 + b * points[1].1 + c * points[2].1 + d * points[3].1,
        ));
    }
}

/// The y at which `path` first meets `x`, or `None` when it never does.
pub fn y_at(path: &[(f64, f64)], x: f64) -> Option<f64> {
    for pair in path.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
        if (x0..=x1).contains(&x) {
            if x1 - x0 < 1e-9 {
                return Some((a.1 + b.1) / 2.0);
            }
            let t = (x - a.0) / (b.0 - a.0);
            return Some(a.1 + t * (b.1 - a.1));
        }
    }
    None
}

impl Drawing {
    /// Our scene as a drawing.
    pub fn of_scene(scene: &Scene) -> Drawing {
        let centers = scene
            .nodes
            .iter()
            .map(|n| (n.rect.x + n.rect.width / 2.0, n.rect.center_y()))
            .collect();
        let edges = scene
            .edges
            .iter()
            .map(|edge| {
                let mut path = vec![(edge.start.x, edge.start.y)];
                let mut at = edge.start;
                for segment in &edge.segments {
                    match *segment {
                        PathSegment::Line { to } => path.push((to.x, to.y)),
                        PathSegment::Cubic { c1, c2, to } => flatten_cubic(
                            (at.x, at.y),
                            [(c1.x, c1.y), (c2.x, c2.y), (to.x, to.y)],
                            &mut path,
                        ),
                    }
                    at = segment.end();
                }
                DrawnEdge {
                    from: edge.from,
                    to: edge.to,
                    path,
                }
            })
            .collect();
        Drawing { centers, edges }
    }

    /// The x of every column: the mean centre x of its nodes. An error when a
    /// column's nodes disagree by more than a pixel or the columns are not
    /// left to right, since sampling at them would be meaningless.
    pub fn column_x(&self, column_of: &[usize], columns: usize) -> Result<Vec<f64>, String> {
        let mut low = vec![f64::INFINITY; columns];
        let mut high = vec![f64::NEG_INFINITY; columns];
        for (&(x, _), &column) in self.centers.iter().zip(column_of) {
            if x.is_nan() {
                return Err("the peer did not place every node".into());
            }
            low[column] = low[column].min(x);
            high[column] = high[column].max(x);
        }
        for column in 0..columns {
            if high[column] - low[column] > 1.0 {
                return Err(format!(
                    "the nodes of column {column} are at x = {:.0}…{:.0}, not in one column",
                    low[column], high[column]
                ));
            }
        }
        let xs: Vec<f64> = low.iter().zip(&high).map(|(l, h)| (l + h) / 2.0).collect();
        if xs.windows(2).any(|w| w[0] >= w[1]) {
            return Err(format!("the columns are not left to right: {xs:?}"));
        }
        Ok(xs)
    }

    /// The per-gap segments (see the module documentation), and how many
    /// edges missed a column they span (not counted; 0 in practice).
    pub fn gap_segments(
        &self,
        column_of: &[usize],
        column_x: &[f64],
    ) -> (Vec<Vec<(f64, f64)>>, usize) {
        let mut gaps = vec![Vec::new(); column_x.len().saturating_sub(1)];
        let mut missed = 0;
        let mut passes: Vec<f64> = Vec::new();
        for edge in &self.edges {
            let (Some(&from), Some(&to)) = (column_of.get(edge.from), column_of.get(edge.to))
            else {
                continue;
            };
            if from == to || edge.path.is_empty() {
                continue;
            }
            let (left, right, left_node, right_node) = if from < to {
                (from, to, edge.from, edge.to)
            } else {
                (to, from, edge.to, edge.from)
            };
            passes.clear();
            passes.push(self.centers[left_node].1);
            let mut ok = true;
            for &x in &column_x[left + 1..right] {
                match y_at(&edge.path, x) {
                    Some(y) => passes.push(y),
                    None => ok = false,
                }
            }
            passes.push(self.centers[right_node].1);
            if !ok {
                missed += 1;
                continue;
            }
            for (k, pair) in passes.windows(2).enumerate() {
                gaps[left + k].push((pair[0], pair[1]));
            }
        }
        (gaps, missed)
    }

    /// Crossings (see the module documentation), and the edges that missed a column.
    pub fn crossings(&self, column_of: &[usize], columns: usize) -> Result<(u64, usize), String> {
        let xs = self.column_x(column_of, columns)?;
        let (gaps, missed) = self.gap_segments(column_of, &xs);
        Ok((count_crossings(&gaps), missed))
    }

    /// Edges drawn as one horizontal line (within half a pixel), among the
    /// edges between two columns.
    pub fn level_edges(&self, column_of: &[usize]) -> usize {
        self.edges
            .iter()
            .filter(|e| column_of.get(e.from) != column_of.get(e.to))
            .filter(|e| {
                let (low, high) = e
                    .path
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), p| {
                        (l.min(p.1), h.max(p.1))
                    });
                !e.path.is_empty() && high - low <= 0.5
            })
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize, path: &[(f64, f64)]) -> DrawnEdge {
        DrawnEdge {
            from,
            to,
            path: path.to_vec(),
        }
    }

    #[test]
    fn crossings_and_level_edges_are_read_from_paths() {
        // Columns at x = 0, 100, 200; nodes 0, 1 in column 0, 2, 3 in column 1, 4 in column 2.
        let drawing = Drawing {
            centers: vec![
                (0.0, 0.0),
                (0.0, 50.0),
                (100.0, 0.0),
                (100.0, 50.0),
                (200.0, 100.0),
            ],
            edges: vec![
                edge(0, 3, &[(10.0, 0.0), (90.0, 50.0)]),
                edge(1, 2, &[(10.0, 50.0), (90.0, 0.0)]),
                // A long edge passing column 1 below both of its nodes.
                edge(
                    0,
                    4,
                    &[(10.0, 0.0), (50.0, 80.0), (150.0, 80.0), (190.0, 100.0)],
                ),
                edge(2, 2, &[(110.0, 0.0), (120.0, 10.0)]),
                edge(3, 4, &[(110.0, 50.0), (190.0, 50.0)]),
            ],
        };
        let column_of = [0, 0, 1, 1, 2];
        // 0→3 × 1→2; the long edge passes column 1 below node 2, so it
        // crosses 1→2 too; 3→4 passes above it at column 1 but ends at
        // node 4's centre like it: a shared end, no crossing.
        assert_eq!(drawing.crossings(&column_of, 3), Ok((2, 0)));
        assert_eq!(drawing.level_edges(&column_of), 1);
        assert_eq!(y_at(&[(0.0, 0.0), (10.0, 10.0)], 5.0), Some(5.0));
        assert_eq!(y_at(&[(0.0, 0.0), (10.0, 10.0)], 11.0), None);
    }

    #[test]
    fn a_flattened_cubic_ends_at_its_end() {
        let mut path = vec![(0.0, 0.0)];
        flatten_cubic(
            (0.0, 0.0),
            [(5.0, 0.0), (5.0, 10.0), (10.0, 10.0)],
            &mut path,
        );
        assert_eq!(path.len(), CHORDS + 1);
        assert_eq!(path.last(), Some(&(10.0, 10.0)));
        let y = y_at(&path, 5.0).unwrap();
        assert!((y - 5.0).abs() < 0.01);
    }
}
