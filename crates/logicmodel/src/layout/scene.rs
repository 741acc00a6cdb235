//! The layout's output: a [`Scene`] of plain positions, text lines and paths.
//!
//! Everything here is data for a renderer (SVG, PNG, HTML) to draw as it is. A scene never
//! refers back to the model; nodes, edges, columns and bands are identified by their index in
//! the [`LayoutInput`](super::LayoutInput) it was made from.
//!
//! Coordinates are pixels, `f64`, with the origin at the top-left corner of the canvas and y
//! growing downwards.

/// A point on the canvas, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Distance from the left edge of the canvas.
    pub x: f64,
    /// Distance from the top edge of the canvas.
    pub y: f64,
}

impl Point {
    /// The point `(x, y)`.
    pub const fn new(x: f64, y: f64) -> Self {
        Point { x, y }
    }
}

/// An axis-aligned rectangle, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width (never negative).
    pub width: f64,
    /// Height (never negative).
    pub height: f64,
}

impl Rect {
    /// Right edge, `x + width`.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// Bottom edge, `y + height`.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Vertical middle, `y + height / 2`.
    pub fn center_y(&self) -> f64 {
        self.y + self.height / 2.0
    }
}

/// Lines of text placed in a rectangle: what a renderer needs to draw a label.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBlock {
    /// The lines, already wrapped by [`crate::text::wrap_label_balanced`]; possibly empty.
    pub lines: Lines,
    /// Top-left corner of the first line's box. Line `i` occupies
    /// `origin.y + i * line_height ..= origin.y + (i + 1) * line_height`; lines are
    /// horizontally centred on `center_x`.
    pub origin: Point,
    /// The horizontal middle of the space the lines may use.
    pub center_x: f64,
    /// Font size in pixels.
    pub font_size: f64,
    /// Distance between two baselines, in pixels.
    pub line_height: f64,
}

/// The wrapped lines of a [`TextBlock`], read like a `Vec<String>` (`len`, `iter`, `join`,
/// indexing), kept as one string.
///
/// A scene holds one of these per box, and a box has two or three lines: one allocation
/// for all of them instead of one per line and one for the list is about 80 bytes less
/// per box, and as many fewer allocations and frees (`docs/performance.md`, *Vertical
/// placement*).
///
/// ```
/// use logicmodel::layout::Lines;
/// let lines = Lines::from(vec!["市役所での".to_owned(), "手続きが".to_owned()]);
/// assert_eq!(lines.len(), 2);
/// assert_eq!(&lines[1], "手続きが");
/// assert_eq!(lines.iter().collect::<Vec<_>>(), ["市役所での", "手続きが"]);
/// assert_eq!(lines.join(""), "市役所での手続きが");
/// assert!(Lines::default().is_empty());
/// ```
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Lines {
    /// The lines joined by `\n`, which no wrapped line holds (a hard break ends a
    /// paragraph).
    text: Box<str>,
    /// The number of lines (the text alone cannot tell no line from one empty line).
    count: usize,
}

impl Lines {
    /// The number of lines.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether there is no line.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The lines, first to last.
    pub fn iter(&self) -> LineIter<'_> {
        LineIter {
            rest: &self.text,
            left: self.count,
        }
    }

    /// Line `index`, if there is one.
    pub fn get(&self, index: usize) -> Option<&str> {
        self.iter().nth(index)
    }

    /// The first line, if any.
    pub fn first(&self) -> Option<&str> {
        self.iter().next()
    }

    /// The last line, if any.
    pub fn last(&self) -> Option<&str> {
        self.iter().next_back()
    }

    /// The lines joined by `separator`.
    pub fn join(&self, separator: &str) -> String {
        if separator == "\n" {
            return self.text.to_string();
        }
        let mut out = String::with_capacity(self.text.len());
        for (i, line) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(separator);
            }
            out.push_str(line);
        }
        out
    }

    /// The lines as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Lines {
    /// Lines from strings; a `\n` inside one of them starts another line.
    fn from_iter<I: IntoIterator<Item = S>>(lines: I) -> Self {
        let mut text = String::new();
        let mut any = false;
        for line in lines {
            if any {
                text.push('\n');
            }
            text.push_str(line.as_ref());
            any = true;
        }
        let count = if any {
            text.matches('\n').count() + 1
        } else {
            0
        };
        Lines {
            text: text.into_boxed_str(),
            count,
        }
    }
}

impl From<Vec<String>> for Lines {
    fn from(lines: Vec<String>) -> Self {
        lines.into_iter().collect()
    }
}

impl std::ops::Index<usize> for Lines {
    type Output = str;

    /// Line `index`; panics when there is none, as a `Vec` does.
    fn index(&self, index: usize) -> &str {
        match self.get(index) {
            Some(line) => line,
            None => panic!("line {index} of {} lines", self.count),
        }
    }
}

impl<'a> IntoIterator for &'a Lines {
    type Item = &'a str;
    type IntoIter = LineIter<'a>;

    fn into_iter(self) -> LineIter<'a> {
        self.iter()
    }
}

impl std::fmt::Debug for Lines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The lines of a [`Lines`], as string slices ([`Lines::iter`]).
#[derive(Debug, Clone)]
pub struct LineIter<'a> {
    rest: &'a str,
    left: usize,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let (line, rest) = match self.rest.split_once('\n') {
            Some((line, rest)) => (line, rest),
            None => (self.rest, ""),
        };
        self.rest = rest;
        Some(line)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

impl<'a> DoubleEndedIterator for LineIter<'a> {
    fn next_back(&mut self) -> Option<&'a str> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let (rest, line) = match self.rest.rsplit_once('\n') {
            Some((rest, line)) => (rest, line),
            None => ("", self.rest),
        };
        self.rest = rest;
        Some(line)
    }
}

impl ExactSizeIterator for LineIter<'_> {}

impl std::iter::FusedIterator for LineIter<'_> {}

/// A fixed column: its place on the canvas and its heading.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneColumn {
    /// Left edge of every box in the column.
    pub x: f64,
    /// Width of every box in the column.
    pub width: f64,
    /// The heading box at the top of the canvas.
    pub header: Rect,
    /// The heading's text, inside `header`.
    pub heading: TextBlock,
}

/// A horizontal section band.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneBand {
    /// Top edge of the band.
    pub y: f64,
    /// Height of the band; every node of the band lies inside `y ..= y + height`.
    pub height: f64,
    /// The whole band: from the left margin to the right margin of the drawing.
    pub rect: Rect,
    /// The band's label, drawn in the label area on the left.
    pub label: TextBlock,
}

/// A node's box and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneNode {
    /// The box. Its x range is its column's; its y range lies inside the bands `bands`.
    pub rect: Rect,
    /// The label, wrapped to fit inside `rect` with the style's padding.
    pub label: TextBlock,
    /// The bands the box lies in: just its own for a node of a band; for a node shared by
    /// several (no band in the input), from the first to the last band its edges connect,
    /// the box lying anywhere between the top of the first and the bottom of the last
    /// (spanning their boundaries, or in the gap between two).
    pub bands: std::ops::Range<usize>,
}

/// One piece of an edge's path, continuing from where the previous piece ended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PathSegment {
    /// A straight line to `to`.
    Line {
        /// End point.
        to: Point,
    },
    /// A cubic Bézier curve to `to` with control points `c1` and `c2`.
    Cubic {
        /// First control point.
        c1: Point,
        /// Second control point.
        c2: Point,
        /// End point.
        to: Point,
    },
}

impl PathSegment {
    /// The point where the segment ends.
    pub fn end(&self) -> Point {
        match *self {
            PathSegment::Line { to } | PathSegment::Cubic { to, .. } => to,
        }
    }
}

/// How an edge was routed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EdgeRoute {
    /// Left to right: from the right side of the source box to the left side of the target
    /// box, through one slot in every column in between.
    Forward,
    /// Source and target in the same column (or the same node): a bracket in the gap to the
    /// right of the column, from the right side of the source to the right side of the
    /// target.
    SameColumn,
    /// Right to left: from the left side of the source box to the right side of the target
    /// box, through one slot in every column in between.
    Backward,
    /// A feedback edge ([`EdgeKind::Feedback`](super::EdgeKind::Feedback)): from the right
    /// side of the source box out to the gutter right of its column, up to a lane above the
    /// boxes of the upper band of the two, along it to the gutter left of the target's
    /// column, and down into the left side of the target box.
    Feedback,
}

/// A drawn edge.
///
/// The path ends exactly on the target box's side, with a straight horizontal run of at
/// least [`LayoutStyle::arrow_room`](super::LayoutStyle::arrow_room) pixels so that the
/// renderer can put an arrowhead there.
#[derive(Debug, Clone, PartialEq)]
pub struct SceneEdge {
    /// Index of the edge in [`LayoutInput::edges`](super::LayoutInput::edges).
    pub edge: usize,
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// How the edge was routed.
    pub route: EdgeRoute,
    /// Where the path starts (on the source box's side).
    pub start: Point,
    /// The path from `start`, piece by piece.
    pub segments: Vec<PathSegment>,
    /// The columns the edge passes, left to right, with the y at which it passes each one
    /// (the source and target columns included). Empty for [`EdgeRoute::SameColumn`].
    /// This is what [`Scene::gap_segments`] and [`count_crossings`](super::count_crossings)
    /// look at.
    pub passes: Vec<(usize, f64)>,
}

/// Why an input edge was not drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// `from` or `to` is not the index of a node of the input.
    UnknownNode,
}

/// An input edge that is not in [`Scene::edges`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SkippedEdge {
    /// Index of the edge in [`LayoutInput::edges`](super::LayoutInput::edges).
    pub edge: usize,
    /// Why it was not drawn.
    pub reason: SkipReason,
}

/// The result of [`layout`](super::layout): everything a renderer draws, as plain data.
///
/// Every input edge is either in `edges` (once) or in `skipped_edges` (once).
///
/// Coordinates are the scene's own: `(0, 0)` is the top left of the
/// scene, `y` grows downwards, one unit is one SVG user unit (a CSS pixel
/// at 100 %). The SVG writer draws the scene below its title block, so an
/// SVG position is the scene position moved down by the title's height
/// (64 units; `x` is the same), and the document is at least 480 wide with
/// the context, legend and issue list under the scene (`docs/svg.md`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    /// Canvas width in pixels.
    pub width: f64,
    /// Canvas height in pixels.
    pub height: f64,
    /// One per input column, left to right.
    pub columns: Vec<SceneColumn>,
    /// One per input band, top to bottom.
    pub bands: Vec<SceneBand>,
    /// One per input node, in input order.
    pub nodes: Vec<SceneNode>,
    /// The drawn edges, in input order.
    pub edges: Vec<SceneEdge>,
    /// The input edges that were not drawn, in input order.
    pub skipped_edges: Vec<SkippedEdge>,
}

impl Scene {
    /// The edges' segments between each pair of adjacent columns, as
    /// `(y at the left column, y at the right column)`: `result[k]` holds the gap between
    /// columns `k` and `k + 1`. Feed it to [`count_crossings`](super::count_crossings).
    ///
    /// Runs in O(columns + Σ columns spanned by the edges).
    pub fn gap_segments(&self) -> Vec<Vec<(f64, f64)>> {
        let mut gaps = vec![Vec::new(); self.columns.len().saturating_sub(1)];
        for edge in &self.edges {
            for pair in edge.passes.windows(2) {
                let ((left, y_left), (right, y_right)) = (pair[0], pair[1]);
                if right == left + 1 {
                    if let Some(gap) = gaps.get_mut(left) {
                        gap.push((y_left, y_right));
                    }
                }
            }
        }
        gaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_tell_no_line_from_one_empty_line() {
        let none = Lines::from(Vec::new());
        assert!(none.is_empty());
        assert_eq!(none.iter().count(), 0);
        assert_eq!(none.first(), None);
        let empty = Lines::from(vec![String::new()]);
        assert_eq!(empty.len(), 1);
        assert_eq!(empty.to_vec(), [""]);
        assert_ne!(none, empty);
    }

    #[test]
    fn lines_read_like_a_vec_of_strings() {
        let vec = vec!["one".to_owned(), String::new(), "three".to_owned()];
        let lines = Lines::from(vec.clone());
        assert_eq!(lines.len(), 3);
        assert_eq!(lines.to_vec(), vec);
        assert_eq!(lines.iter().len(), 3);
        assert_eq!(lines.iter().rev().collect::<Vec<_>>(), ["three", "", "one"]);
        let mut both = lines.iter();
        assert_eq!(
            (both.next(), both.next_back(), both.next(), both.next()),
            (Some("one"), Some("three"), Some(""), None)
        );
        assert_eq!(lines.join(" / "), "one /  / three");
        assert_eq!(lines.join("\n"), "one\n\nthree");
        assert_eq!((&lines[0], lines.get(3)), ("one", None));
        assert_eq!(lines.last(), Some("three"));
        assert_eq!(format!("{lines:?}"), format!("{vec:?}"));
        // A newline inside a line starts another, as in the text the lines came from.
        assert_eq!(Lines::from_iter(["a\nb", "c"]).to_vec(), ["a", "b", "c"]);
    }
}
