//! The "changes since …" section of a report (`logicmodel report NEW
//! --since OLD`): the outline of the changes as HTML or Markdown, and the
//! marks that the report's diagram puts on the boxes and arrows that are
//! new or changed.
//!
//! The report calls [`Since`] and knows nothing else of diffs; this module
//! writes the section's markup and must not know the rest of the report.

use std::fmt::Write as _;

use super::draw::marks;
use super::markdown::write_body;
use super::outline::{outline, KindGroup, Outline};
use super::{ChangeKind, Changes};
use crate::escape;
use crate::model::Model;
use crate::render::Marks;

/// The changes from an older version, ready for a report of the newer one.
#[derive(Clone, Debug)]
pub struct Since {
    /// The section's heading: `前の版からの変更（第1.1版から）`, `Changes since v1`.
    pub heading: String,
    /// The changes laid out for reading.
    pub outline: Outline,
    /// Marks for the report's drawing of the new model: added and changed
    /// boxes and arrows (removed ones are not in that drawing; the section
    /// lists them).
    pub marks: Marks,
}

impl Since {
    /// The changes from `old` (read from `old_name`) to `new`, the model
    /// the report is about.
    ///
    /// ```
    /// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "revision": "v1",
    ///   "nodes": [{"id": "a", "kind": "activity", "label": "Read"}]}"#).model.unwrap();
    /// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "revision": "v2",
    ///   "nodes": [{"id": "a", "kind": "activity", "label": "Read <aloud>"}]}"#).model.unwrap();
    /// let since = logicmodel::diff::Since::new(&old, &new, "v1.json");
    /// assert_eq!(since.heading, "Changes since v1");
    /// let html = logicmodel::report::html_since(&new, &[], &since);
    /// assert!(html.contains(r#"<section id="changes">"#));
    /// assert!(html.contains("Read &lt;aloud&gt;"));
    /// assert!(html.contains(r#"class="node activity changed""#));
    /// ```
    pub fn new(old: &Model, new: &Model, old_name: &str) -> Since {
        let changes = super::diff(old, new);
        Since::of(old, new, &changes, old_name)
    }

    /// As [`Since::new`], from changes already computed.
    pub fn of(old: &Model, new: &Model, changes: &Changes, old_name: &str) -> Since {
        let outline = outline(old, new, changes, old_name, "");
        let heading = outline.words.since(old.revision().unwrap_or(old_name));
        let mut marks = marks(new, changes);
        marks.legend = true;
        Since {
            heading,
            outline,
            marks,
        }
    }

    /// The section in Markdown, its heading at `level` (`##` for 2).
    pub fn markdown(&self, level: usize) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} {}\n",
            "#".repeat(level),
            escape::markdown(&self.heading)
        );
        write_body(&mut out, &self.outline, level + 1);
        out
    }

    /// The section in HTML: `<section id="changes">` with the versions, the
    /// counts and a table per kind of change and record.
    pub fn html(&self) -> String {
        let outline = &self.outline;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<section id=\"changes\">\n<h2>{}</h2>\n<p class=\"meta\">{}</p>",
            esc(&self.heading),
            esc(&outline.versions)
        );
        if outline.groups.is_empty() {
            let _ = writeln!(out, "<p>{}</p>\n</section>", outline.words.no_changes());
            return out;
        }
        let _ = writeln!(out, "<p>{}</p>", esc(&outline.summary));
        for group in &outline.groups {
            let _ = writeln!(
                out,
                "<h3 class=\"change-{}\">{}</h3>",
                group.change.as_str(),
                esc(&group.heading)
            );
            for kind in &group.kinds {
                let _ = writeln!(out, "<h4>{}</h4>", esc(&kind.heading));
                table(&mut out, outline, group.change, kind);
            }
        }
        out.push_str("</section>\n");
        out
    }
}

/// Escaped text with its line breaks as `<br>`.
fn esc(text: &str) -> String {
    escape::xml(text).replace('\n', "<br>")
}

fn table(out: &mut String, outline: &Outline, change: ChangeKind, kind: &KindGroup) {
    let (headings, rows) = super::outline::table(outline, change, kind, esc);
    out.push_str("<div class=\"table-scroll\"><table class=\"stack changes\">\n<thead><tr>");
    for heading in &headings {
        let _ = write!(out, "<th>{}</th>", esc(heading));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let row = |out: &mut String, cells: &[String]| {
        out.push_str("<tr>");
        for (i, cell) in cells.iter().enumerate() {
            if i == 0 {
                let _ = write!(out, "<td>{cell}</td>");
            } else {
                let _ = write!(out, "<td data-label=\"{}\">{cell}</td>", esc(headings[i]));
            }
        }
        out.push_str("</tr>\n");
    };
    for cells in &rows {
        row(out, cells);
    }
    out.push_str("</tbody>\n</table></div>\n");
}
