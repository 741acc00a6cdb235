//! The changes as Markdown: a paper for a committee (`logicmodel diff
//! --format md`) and the "changes since" section of the Markdown report.
//! Both are written from the [`Outline`], every model text escaped.

use std::fmt::Write as _;

use super::outline::{outline, KindGroup, Outline};
use super::{ChangeKind, Changes};
use crate::model::Model;

/// Model text for Markdown: the rule every Markdown output shares.
fn md(text: &str) -> String {
    crate::escape::markdown(text)
}

/// The changes from `old` to `new` as a Markdown paper: a title, the two
/// versions, the counts, then one section per kind of change with a table
/// per kind of record. `old_name` and `new_name` (the files) stand in for
/// a model without a revision.
///
/// ```
/// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": []}"#).model.unwrap();
/// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read *aloud*"}]}"#).model.unwrap();
/// let changes = logicmodel::diff::diff(&old, &new);
/// let paper = logicmodel::diff::markdown(&old, &new, &changes, "v1.json", "v2.json");
/// assert!(paper.starts_with("# Changes: Club\n"));
/// assert!(paper.contains("| a | Read \\*aloud\\* | Activity |"));
/// ```
pub fn markdown(
    old: &Model,
    new: &Model,
    changes: &Changes,
    old_name: &str,
    new_name: &str,
) -> String {
    let outline = outline(old, new, changes, old_name, new_name);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {}\n",
        md(&outline.words.paper_title(&outline.title))
    );
    write_body(&mut out, &outline, 2);
    out
}

pub(super) fn write_body(out: &mut String, outline: &Outline, level: usize) {
    let _ = writeln!(out, "{}\n", md(&outline.versions));
    if outline.groups.is_empty() {
        let _ = writeln!(out, "{}\n", outline.words.no_changes());
        return;
    }
    let _ = writeln!(out, "{}\n", md(&outline.summary));
    for group in &outline.groups {
        let _ = writeln!(out, "{} {}\n", "#".repeat(level), md(&group.heading));
        for kind in &group.kinds {
            let _ = writeln!(out, "{} {}\n", "#".repeat(level + 1), md(&kind.heading));
            table(out, outline, group.change, kind);
        }
    }
}

fn row(out: &mut String, cells: &[String]) {
    out.push('|');
    for cell in cells {
        let _ = write!(out, " {cell} |");
    }
    out.push('\n');
}

fn table(out: &mut String, outline: &Outline, change: ChangeKind, kind: &KindGroup) {
    let (headings, rows) = super::outline::table(outline, change, kind, md);
    row(
        out,
        &headings.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    row(out, &vec!["---".to_owned(); headings.len()]);
    for cells in &rows {
        row(out, cells);
    }
    out.push('\n');
}
