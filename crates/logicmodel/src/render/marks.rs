//! Marks on a drawing's boxes and arrows — added, changed, renamed,
//! removed — with a badge on each marked box and a legend row: the hook a
//! diff drawing uses ([`crate::diff::draw`]), kept apart from the SVG
//! writer so that the writer only asks "is this box marked?".
//!
//! Every mark is told apart without colour too, so that a greyscale print
//! stays readable: a badge with a word on each marked box, and a line
//! style per mark (added: thick and solid; changed and renamed: thick and
//! dashed; removed: thin, dotted and faded).
//!
//! What it must not do: know what a diff is. It takes ids and marks.

use std::collections::HashMap;

use super::svg::{text_line, Outline, TextStyle};
use super::xml::Writer;
use crate::layout::Rect;

/// How a box or an arrow is marked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mark {
    /// New in this version.
    Added,
    /// Its content changed.
    Changed,
    /// The same content under a new id.
    Renamed,
    /// Gone in this version, drawn where it was.
    Removed,
}

/// What a mark looks like.
struct Look {
    /// The class added to the box's or arrow's group.
    class: &'static str,
    /// Outline and badge colour.
    colour: &'static str,
    /// Dash pattern of box outlines and arrows (`none`: solid).
    dash: &'static str,
    /// Box outline width.
    outline: f64,
    /// Arrow width.
    arrow: f64,
    /// Opacity of the whole box or arrow.
    opacity: Option<&'static str>,
}

impl Mark {
    /// Every mark, in the legend's order.
    pub const ALL: [Mark; 4] = [Mark::Added, Mark::Changed, Mark::Renamed, Mark::Removed];

    /// The class on the marked group (`added`, `changed`, `renamed`, `removed`).
    pub fn class(self) -> &'static str {
        self.look().class
    }

    // Colours: dark enough for white badge text (4.5:1) and for outlines
    // on the light box fills (3:1); none is a column colour or an issue's.
    fn look(self) -> Look {
        match self {
            Mark::Added => Look {
                class: "added",
                colour: "#1E6B2E",
                dash: "none",
                outline: 3.0,
                arrow: 2.6,
                opacity: None,
            },
            Mark::Changed => Look {
                class: "changed",
                colour: "#6A3D9A",
                dash: "7 3",
                outline: 3.0,
                arrow: 2.2,
                opacity: None,
            },
            Mark::Renamed => Look {
                class: "renamed",
                colour: "#6A3D9A",
                dash: "7 3",
                outline: 3.0,
                arrow: 2.2,
                opacity: None,
            },
            Mark::Removed => Look {
                class: "removed",
                colour: "#595959",
                dash: "3 3",
                outline: 1.5,
                arrow: 1.3,
                opacity: Some("0.5"),
            },
        }
    }

    /// The badge word.
    pub fn word(self, japanese: bool) -> &'static str {
        match (self, japanese) {
            (Mark::Added, true) => "新規",
            (Mark::Changed, true) => "変更",
            (Mark::Renamed, true) => "ID変更",
            (Mark::Removed, true) => "削除",
            (Mark::Added, false) => "new",
            (Mark::Changed, false) => "changed",
            (Mark::Renamed, false) => "renamed",
            (Mark::Removed, false) => "removed",
        }
    }

    fn explanation(self, japanese: bool) -> &'static str {
        match (self, japanese) {
            (Mark::Added, true) => "この版で追加された要素・矢印",
            (Mark::Changed, true) => "内容（事業・KPIを含む）が変わった要素・矢印",
            (Mark::Renamed, true) => "IDだけが変わった要素",
            (Mark::Removed, true) => "この版で削除された要素・矢印（元の位置に薄く表示）",
            (Mark::Added, false) => "added in this version",
            (Mark::Changed, false) => "changed (itself, its work items or KPIs)",
            (Mark::Renamed, false) => "only the id changed",
            (Mark::Removed, false) => "removed in this version (shown faded where it was)",
        }
    }
}

/// The marks of a drawing, by node id and by link (`from`, `to` ids).
#[derive(Clone, Debug, Default)]
pub struct Marks {
    nodes: HashMap<String, Mark>,
    edges: HashMap<(String, String), Mark>,
    /// Whether to draw the legend row even with no mark (a diff with no
    /// change still says what its marks would mean).
    pub legend: bool,
}

/// Height of the legend row below the drawing's own legend.
pub(crate) const LEGEND_ROW: f64 = 30.0;

const BADGE_FONT: f64 = 10.0;
const BADGE_HEIGHT: f64 = 14.0;

impl Marks {
    /// No marks.
    pub fn new() -> Marks {
        Marks::default()
    }

    /// Marks the box of node `id`.
    pub fn mark_node(&mut self, id: impl Into<String>, mark: Mark) {
        self.nodes.insert(id.into(), mark);
    }

    /// Marks the arrow from node `from` to node `to`.
    pub fn mark_edge(&mut self, from: impl Into<String>, to: impl Into<String>, mark: Mark) {
        self.edges.insert((from.into(), to.into()), mark);
    }

    /// The mark of node `id`'s box, if any.
    pub fn node(&self, id: &str) -> Option<Mark> {
        self.nodes.get(id).copied()
    }

    /// The mark of the arrow from `from` to `to`, if any.
    pub fn edge(&self, from: &str, to: &str) -> Option<Mark> {
        if self.edges.is_empty() {
            return None;
        }
        self.edges.get(&(from.to_owned(), to.to_owned())).copied()
    }

    /// Whether the drawing gets the legend row.
    pub(crate) fn has_legend(&self) -> bool {
        self.legend || !self.nodes.is_empty() || !self.edges.is_empty()
    }

    fn has(&self, mark: Mark) -> bool {
        self.nodes
            .values()
            .chain(self.edges.values())
            .any(|&m| m == mark)
    }

    /// The legend row at `top`: each mark's badge, its arrow and what it means.
    pub(crate) fn legend_row(&self, w: &mut Writer, top: f64, japanese: bool) {
        let text = TextStyle::new("#1A1A1A", 12.0);
        w.open("g");
        w.attr("class", "legend marks-legend");
        let y = top + 8.0;
        let mut x = 16.0;
        let title = if japanese { "変更" } else { "Changes" };
        text_line(w, title, (x, y + 11.0), text.bold());
        x += 56.0;
        for mark in Mark::ALL {
            // Renamed boxes are rare; they get a legend entry only when drawn.
            if mark == Mark::Renamed && !self.has(mark) {
                continue;
            }
            w.open("g");
            w.attr_tokens("class", &["legend-item", mark.class()]);
            badge_at(w, mark, x, y, japanese);
            x += badge_width(mark, japanese) + 6.0;
            w.open("g");
            edge_style(w, mark);
            w.open("path");
            w.attr_path("d", |d| {
                d.move_to(x, y + 7.0).horizontal_to(x + 28.0);
            });
            w.attr("fill", "none");
            w.close();
            w.close();
            x += 34.0;
            let explanation = mark.explanation(japanese);
            text_line(w, explanation, (x, y + 11.0), text);
            w.close();
            x += crate::text::text_width(explanation) as f64 * 12.0 + 22.0;
        }
        w.close();
    }
}

fn badge_width(mark: Mark, japanese: bool) -> f64 {
    crate::text::text_width(mark.word(japanese)) as f64 * BADGE_FONT + 8.0
}

/// A badge with the mark's word, its top-left corner at (`x`, `y`).
fn badge_at(w: &mut Writer, mark: Mark, x: f64, y: f64, japanese: bool) {
    let width = badge_width(mark, japanese);
    w.open("g");
    w.attr("class", "mark-badge");
    w.open("rect");
    w.attr("fill", mark.look().colour);
    w.attr_num("height", BADGE_HEIGHT);
    w.attr_num("rx", 3.0);
    w.attr_num("width", width);
    w.attr_num("x", x);
    w.attr_num("y", y);
    w.close();
    text_line(
        w,
        mark.word(japanese),
        (x + width / 2.0, y + BADGE_HEIGHT - 3.5),
        TextStyle::new("#FFFFFF", BADGE_FONT).bold().centred(),
    );
    w.close();
}

/// The badge of a marked box, on its top edge near the left corner.
pub(crate) fn badge(w: &mut Writer, mark: Mark, rect: Rect, dy: f64, japanese: bool) {
    badge_at(
        w,
        mark,
        rect.x + 6.0,
        rect.y + dy - BADGE_HEIGHT / 2.0,
        japanese,
    );
}

/// A marked box's outline, over the one it would have (`under`): a solid
/// mark keeps the dashes of an issue's outline.
pub(crate) fn outline(mark: Mark, under: Outline) -> Outline {
    let look = mark.look();
    Outline {
        colour: look.colour,
        width: look.outline,
        dash: if look.dash == "none" {
            under.dash
        } else {
            Some(look.dash)
        },
    }
}

/// The attributes of a marked box's group, after its `id`: faded when removed.
pub(crate) fn group_style(w: &mut Writer, mark: Mark) {
    if let Some(opacity) = mark.look().opacity {
        w.attr("opacity", opacity);
    }
}

/// The attributes of a marked arrow's group, after its `data-to`: its
/// colour, width, dashes and opacity (the arrowhead takes [`edge_colour`]).
pub(crate) fn edge_style(w: &mut Writer, mark: Mark) {
    let look = mark.look();
    if let Some(opacity) = look.opacity {
        w.attr("opacity", opacity);
    }
    w.attr("stroke", look.colour);
    if look.dash != "none" {
        w.attr("stroke-dasharray", look.dash);
    }
    w.attr_num("stroke-width", look.arrow);
}

/// The colour of a marked arrow's head.
pub(crate) fn edge_colour(mark: Mark) -> &'static str {
    mark.look().colour
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap()) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn badges_and_outlines_are_readable() {
        for mark in Mark::ALL {
            let colour = mark.look().colour;
            assert!(contrast("#FFFFFF", colour) >= 4.5, "{mark:?} badge text");
            // The palest box fill of any column.
            assert!(contrast(colour, "#FDF1CF") >= 3.0, "{mark:?} outline");
        }
    }

    #[test]
    fn every_mark_differs_without_colour() {
        // Greyscale: the badge word and the line style tell marks apart.
        let styles: Vec<(&str, &str, u64)> = [Mark::Added, Mark::Changed, Mark::Removed]
            .iter()
            .map(|m| (m.word(true), m.look().dash, m.look().arrow.to_bits()))
            .collect();
        for (i, a) in styles.iter().enumerate() {
            for b in &styles[i + 1..] {
                assert_ne!(a.0, b.0);
                assert!(
                    a.1 != b.1 || a.2 != b.2,
                    "{a:?} and {b:?} look alike in grey"
                );
            }
        }
    }
}
