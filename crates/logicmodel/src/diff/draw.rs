//! The diff drawing: the new model drawn as `render` draws it, with added,
//! changed and renamed boxes and arrows marked, and the removed ones drawn
//! faded where they were.
//!
//! The drawing is of one model: the new one plus what was removed (its
//! boxes in their old column and section, its arrows between whatever
//! boxes they joined), laid out by [`render::diagram`] like any model. With
//! nothing removed that model *is* the new one, so every box and arrow sits
//! exactly where `logicmodel render NEW` puts it; removed boxes take room
//! in their column and can move their neighbours.

use std::collections::HashMap;

use super::rebuild::{fields_of, rebuild};
use super::{Change, ChangeKind, Changes, DiffWords, RecordKind};
use crate::model::{Model, NodeRecord, SectionRecord, Spanned};
use crate::render::{self, Diagram, DiagramOptions, Mark, Marks, SvgOptions};

/// A diff laid out for drawing.
#[derive(Clone, Debug)]
pub struct Drawing {
    /// The model drawn: the new one, with the removed boxes and arrows
    /// added back and a title that says what it shows.
    pub model: Model,
    /// Its layout.
    pub diagram: Diagram,
    /// What to mark.
    pub marks: Marks,
}

impl Drawing {
    /// The options that draw the marks; other options can be set on them.
    pub fn svg_options(&self) -> SvgOptions {
        SvgOptions {
            marks: self.marks.clone(),
            ..SvgOptions::default()
        }
    }

    /// The drawing as SVG.
    pub fn svg(&self) -> String {
        render::svg(&self.model, &self.diagram, &self.svg_options())
    }
}

fn mark_of(change: ChangeKind) -> Mark {
    match change {
        ChangeKind::Added => Mark::Added,
        ChangeKind::Changed => Mark::Changed,
        ChangeKind::Renamed => Mark::Renamed,
        ChangeKind::Removed => Mark::Removed,
    }
}

/// Lays out the drawing of `changes`, which go from `old` to `new`.
///
/// A box is marked changed when the node changed, or a work item or KPI
/// it shows did (its tooltip lists them); added, renamed and removed boxes
/// and arrows are marked as such. Removed boxes and arrows are put back
/// into the drawn model (the arrows of a removed box too), so that they
/// can be drawn where they were.
///
/// ```
/// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["j"]},
///   {"id": "j", "kind": "impact", "label": "Friends"}]}"#).model.unwrap();
/// let changes = logicmodel::diff::diff(&old, &new);
/// let svg = logicmodel::diff::draw(&old, &new, &changes, "old.json").svg();
/// assert!(svg.contains(r#"class="node impact added""#));
/// assert!(svg.contains(r#"class="node impact removed""#));
/// assert!(svg.contains(r#"class="edge removed""#));
/// ```
pub fn draw(old: &Model, new: &Model, changes: &Changes, old_name: &str) -> Drawing {
    let mut model = with_removed(old, new, changes);
    let words = DiffWords::of(new);
    let mut fields = fields_of(&model);
    let old_version = old.revision().unwrap_or(old_name);
    fields.title = if words.japanese {
        format!("{}：{old_version}からの変更", new.title())
    } else {
        format!("{}: changes since {old_version}", new.title())
    };
    // The model was built from a valid one; should building it again fail,
    // the drawing keeps the model's own title rather than failing.
    if let Ok(titled) = rebuild(&model, fields) {
        model = titled;
    }
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let mut marks = marks(new, changes);
    marks.legend = true;
    Drawing {
        model,
        diagram,
        marks,
    }
}

/// Old id → new id of the renamed records of one kind.
fn renames(changes: &Changes, kind: RecordKind) -> HashMap<&str, &str> {
    changes
        .of_kind(kind)
        .filter(|c| c.change == ChangeKind::Renamed)
        .filter_map(|c| Some((c.old_id.as_deref()?, c.id.as_str())))
        .collect()
}

/// `new` with the removed sections, boxes and arrows of `changes` added
/// back, as `old` had them (references renamed to their new ids).
fn with_removed(old: &Model, new: &Model, changes: &Changes) -> Model {
    let mut model = new.clone();
    let removed = |kind| {
        changes
            .of_kind(kind)
            .filter(|c: &&Change| c.change == ChangeKind::Removed)
    };
    // Every edit below adds a record whose id the new model lacks (it was
    // removed) and whose references were just added or exist: none fails,
    // and one that did would only leave that record out of the drawing.
    for change in removed(RecordKind::Section) {
        if let Some(section) = old.sections().iter().find(|s| s.id().as_str() == change.id) {
            let _ = model.add_section(SectionRecord {
                id: Spanned::new(change.id.clone()),
                label: section.written_label().map(str::to_owned),
                location: Default::default(),
            });
        }
    }
    let sections = renames(changes, RecordKind::Section);
    for change in removed(RecordKind::Node) {
        let Some(index) = old.node_index(&change.id) else {
            continue;
        };
        let node = old.node(index);
        let mut record = NodeRecord::new(change.id.as_str(), node.stage(), node.label());
        record.description = node.description().map(Into::into);
        if let Some(s) = node.section_index() {
            let id = old.sections()[s].id().as_str();
            let id = sections.get(id).copied().unwrap_or(id);
            if model.sections().iter().any(|s| s.id().as_str() == id) {
                record = record.in_section(id.to_owned());
            }
        }
        let _ = model.add_node(record);
    }
    let nodes = renames(changes, RecordKind::Node);
    for change in removed(RecordKind::Link) {
        let Some((from, to)) = &change.link else {
            continue;
        };
        let from = nodes.get(from.as_str()).copied().unwrap_or(from);
        let to = nodes.get(to.as_str()).copied().unwrap_or(to);
        if let Some(from) = model.node_index(from) {
            let _ = model.add_link(from, crate::model::LinkRecord::new(to.to_owned()));
        }
    }
    model
}

/// The marks of the drawing: every node, link, work item and KPI change
/// on the box or arrow that shows it.
pub(super) fn marks(new: &Model, changes: &Changes) -> Marks {
    let mut marks = Marks::new();
    let nodes = renames(changes, RecordKind::Node);
    for change in changes {
        match change.kind {
            RecordKind::Node => marks.mark_node(change.id.clone(), mark_of(change.change)),
            RecordKind::Link => {
                if let Some((from, to)) = &change.link {
                    let (from, to) = if change.change == ChangeKind::Removed {
                        (
                            nodes.get(from.as_str()).copied().unwrap_or(from),
                            nodes.get(to.as_str()).copied().unwrap_or(to),
                        )
                    } else {
                        (from.as_str(), to.as_str())
                    };
                    marks.mark_edge(from, to, mark_of(change.change));
                }
            }
            _ => {}
        }
    }
    // A box whose work item or KPI changed shows changed content: its
    // tooltip lists them. Removed ones are no longer listed by the box
    // (its own list changed, which marks it already).
    let changed = |kind: RecordKind| -> Vec<&str> {
        changes
            .of_kind(kind)
            .filter(|c| matches!(c.change, ChangeKind::Changed | ChangeKind::Renamed))
            .map(|c| c.id.as_str())
            .collect()
    };
    let (items, kpis) = (changed(RecordKind::WorkItem), changed(RecordKind::Kpi));
    if items.is_empty() && kpis.is_empty() {
        return marks;
    }
    let items: std::collections::HashSet<&str> = items.into_iter().collect();
    let kpis: std::collections::HashSet<&str> = kpis.into_iter().collect();
    for (index, node) in new.nodes() {
        if marks.node(node.id().as_str()).is_some() {
            continue;
        }
        let shows_change = new
            .work_items_of(index)
            .any(|w| items.contains(w.id().as_str()))
            || new.kpis_of(index).any(|k| kpis.contains(k.id().as_str()));
        if shows_change {
            marks.mark_node(node.id().to_string(), Mark::Changed);
        }
    }
    marks
}
