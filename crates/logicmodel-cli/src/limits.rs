//! The documented limits on what one run draws, checked before the work
//! starts so that a huge model ends with a clear message (exit 2) instead
//! of exhausting memory.
//!
//! Loading and checking are linear in the file and have no limit here. The
//! layout and the SVG cost memory per box, per arrow and per column an
//! arrow crosses (the layout routes it through a waypoint in each); the
//! limits below bound the memory of one drawing (figures measured on the
//! reference machine in docs/security.md). A drawing that is too large can
//! still be made of a part: `--section` or `--focus`.

use std::collections::VecDeque;

use logicmodel::analysis::NodeIndex;
use logicmodel::model::Stage;
use logicmodel::Model;

use crate::anyhow_like::Result;

/// The most boxes one drawing may have.
pub const MAX_BOXES: usize = 250_000;

/// The most arrows one drawing may have.
pub const MAX_ARROWS: usize = 500_000;

/// The most layout vertices (boxes, plus one waypoint for each column an
/// arrow crosses on its way) one drawing may have.
pub const MAX_VERTICES: usize = 1_000_000;

/// What one drawing would hold.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DrawingSize {
    pub boxes: usize,
    pub arrows: usize,
    pub vertices: usize,
}

/// The size of the drawing of `model` (one section, or the chains through
/// one node), counted in O(V + E) without laying anything out: the same
/// selection `render::diagram` makes.
pub fn drawing_size(
    model: &Model,
    section: Option<usize>,
    focus: Option<NodeIndex>,
) -> DrawingSize {
    let n = model.node_count();
    let mut keep = vec![true; n];
    if let Some(focus) = focus {
        keep = vec![false; n];
        keep[focus.index()] = true;
        for downstream in [true, false] {
            let mut seen = vec![false; n];
            seen[focus.index()] = true;
            let mut queue = VecDeque::from([focus]);
            while let Some(node) = queue.pop_front() {
                let next: Vec<NodeIndex> = if downstream {
                    model.outgoing(node).map(|e| e.to).collect()
                } else {
                    model.incoming(node).map(|e| e.from).collect()
                };
                for next in next {
                    if !seen[next.index()] {
                        seen[next.index()] = true;
                        keep[next.index()] = true;
                        queue.push_back(next);
                    }
                }
            }
        }
    }
    if let Some(section) = section {
        for (index, node) in model.nodes() {
            if node.section_index() != Some(section) {
                keep[index.index()] = false;
            }
        }
    }
    let used: Vec<Stage> = Stage::ALL
        .iter()
        .copied()
        .filter(|&stage| {
            model
                .nodes()
                .any(|(i, node)| keep[i.index()] && node.stage() == stage)
        })
        .collect();
    let column = |stage: Stage| used.iter().position(|&s| s == stage).unwrap_or(0);
    let mut size = DrawingSize::default();
    for (index, _) in model.nodes().filter(|(i, _)| keep[i.index()]) {
        size.boxes += 1;
        size.vertices += 1;
        for edge in model.outgoing(index) {
            if keep[edge.to.index()] {
                size.arrows += 1;
                let (from, to) = (
                    column(model.node(edge.from).stage()),
                    column(model.node(edge.to).stage()),
                );
                size.vertices = size
                    .vertices
                    .saturating_add(from.abs_diff(to).saturating_sub(1));
            }
        }
    }
    size
}

/// Refuses a drawing over the limits, naming the limit and what to do.
pub fn check_drawing(
    model: &Model,
    section: Option<usize>,
    focus: Option<NodeIndex>,
) -> Result<()> {
    refuse_over_limits(
        drawing_size(model, section, focus),
        "draw a part with --section or --focus",
    )
}

/// A report draws the whole model: the same limits.
pub fn check_report(model: &Model) -> Result<()> {
    refuse_over_limits(
        drawing_size(model, None, None),
        "`logicmodel render --section` can draw it in parts",
    )
}

fn refuse_over_limits(size: DrawingSize, hint: &str) -> Result<()> {
    let over = [
        (size.boxes, MAX_BOXES, "boxes"),
        (size.arrows, MAX_ARROWS, "arrows"),
        (
            size.vertices,
            MAX_VERTICES,
            "layout vertices (boxes plus a waypoint for each column an arrow crosses)",
        ),
    ]
    .into_iter()
    .find(|&(count, limit, _)| count > limit);
    match over {
        None => Ok(()),
        Some((count, limit, what)) => Err(format!(
            "the drawing would have {} {what}, more than the limit of {} (docs/security.md); {hint}",
            thousands(count),
            thousands(limit)
        )
        .into()),
    }
}

/// `1234567` as `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(text: &str) -> Model {
        logicmodel::load_str(text).model.expect("loads")
    }

    #[test]
    fn sizes_count_boxes_arrows_and_waypoints() {
        let m = model(
            r#"{"format": 1, "title": "t", "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "to": ["o", "i"]},
              {"id": "o", "kind": "output", "label": "O", "to": ["i"]},
              {"id": "i", "kind": "impact", "label": "I"},
              {"id": "x", "kind": "input", "label": "X"}]}"#,
        );
        let size = drawing_size(&m, None, None);
        assert_eq!(size.boxes, 4);
        assert_eq!(size.arrows, 3);
        // Columns input, activity, output, impact: a → i crosses one.
        assert_eq!(size.vertices, 5);
        let focus = drawing_size(&m, None, m.node_index("o"));
        assert_eq!((focus.boxes, focus.arrows), (3, 3));
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4_000_000), "4,000,000");
    }
}
