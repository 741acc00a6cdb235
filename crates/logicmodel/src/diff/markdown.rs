//! The changes as Markdown: a paper for a committee (`logicmodel diff
//! --format md`) and the "changes since" section of the Markdown report.
//! Both are written from the [`Outline`], every model text escaped.

use std::fmt::Write as _;

use super::outline::{outline, Entry, KindGroup, Outline};
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
    let [id, name, details, record, field, before, after, old_id, new_id] =
        outline.words.table_headings();
    let headings: Vec<&str> = match change {
        ChangeKind::Added => vec![id, name, details],
        ChangeKind::Removed => vec![id, name, details],
        ChangeKind::Changed => vec![record, field, before, after],
        ChangeKind::Renamed => vec![old_id, new_id, name],
    };
    row(
        out,
        &headings.iter().map(|h| h.to_string()).collect::<Vec<_>>(),
    );
    row(out, &vec!["---".to_owned(); headings.len()]);
    for entry in &kind.entries {
        match change {
            ChangeKind::Added | ChangeKind::Removed => {
                row(out, &[md(&entry.id), md(&entry.label), details_cell(entry)])
            }
            ChangeKind::Changed => {
                for (i, line) in entry.fields.iter().enumerate() {
                    let who = if i == 0 {
                        record_cell(entry)
                    } else {
                        String::new()
                    };
                    row(out, &[who, md(&line.name), md(&line.old), md(&line.new)]);
                }
            }
            ChangeKind::Renamed => row(
                out,
                &[
                    md(entry.old_id.as_deref().unwrap_or("")),
                    md(&entry.id),
                    md(&entry.label),
                ],
            ),
        }
    }
    out.push('\n');
}

/// A changed record: its label and, when it has one, its id.
fn record_cell(entry: &Entry) -> String {
    if entry.id.is_empty() {
        md(&entry.label)
    } else {
        format!("{} ({})", md(&entry.label), md(&entry.id))
    }
}

/// What an added record sets, or a removed one's column: `name: value` lines.
fn details_cell(entry: &Entry) -> String {
    let mut lines: Vec<String> = entry.note.iter().map(|n| md(n)).collect();
    for line in &entry.fields {
        lines.push(format!("{}: {}", md(&line.name), md(&line.new)));
    }
    lines.join("<br>")
}
