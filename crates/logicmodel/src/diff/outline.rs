//! The changes as people read them: grouped 新規/削除/変更/ID変更 (added,
//! removed, changed, renamed), then by kind of record, each entry with its
//! label and, for a changed record, each field as "old → new" in words.
//!
//! The outline is plain, unescaped text: the terminal summary (CLI), the
//! Markdown paper and the report's section all write it, each escaping for
//! its own output, so they always say the same.

use std::collections::HashMap;

use super::{Change, ChangeKind, Changes, DiffWords, Field, RecordKind, Value};
use crate::model::{Model, NodeKind, Stage, Term};

/// The kinds of record in the order people read them: what the plan
/// does and measures first, the drawing's boxes and arrows after, the
/// file's settings last.
pub const READING_ORDER: [RecordKind; 8] = [
    RecordKind::Model,
    RecordKind::WorkItem,
    RecordKind::Kpi,
    RecordKind::Node,
    RecordKind::Link,
    RecordKind::Section,
    RecordKind::Column,
    RecordKind::Check,
];

/// A diff laid out for reading.
#[derive(Clone, Debug)]
pub struct Outline {
    /// The words used (the new model's language).
    pub words: DiffWords,
    /// The new model's title.
    pub title: String,
    /// `第1.1版（2023-09-30） → 第1.2版（2024-03-26）`, or the file names.
    pub versions: String,
    /// `新規 47件・削除 0件・変更 30件・ID変更 0件`.
    pub summary: String,
    /// The groups that have changes, in the order of [`ChangeKind::ALL`].
    pub groups: Vec<Group>,
}

/// The changes of one kind: all added records, all removed ones, ….
#[derive(Clone, Debug)]
pub struct Group {
    /// Which kind of change.
    pub change: ChangeKind,
    /// `新規（47件）`.
    pub heading: String,
    /// The records, by kind in [`READING_ORDER`].
    pub kinds: Vec<KindGroup>,
}

/// The records of one kind within a group.
#[derive(Clone, Debug)]
pub struct KindGroup {
    /// Which kind of record.
    pub kind: RecordKind,
    /// `事業（3件）`.
    pub heading: String,
    /// The records, in the diff's order.
    pub entries: Vec<Entry>,
}

/// One record of a group.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The record's id (a link's is `from → to`); empty for the model.
    pub id: String,
    /// A renamed record's old id.
    pub old_id: Option<String>,
    /// What people call it.
    pub label: String,
    /// A short note: a box's column.
    pub note: Option<String>,
    /// Its fields: for an added record what it sets (`old` empty), for a
    /// changed one what differs.
    pub fields: Vec<Line>,
}

/// One field in words.
#[derive(Clone, Debug)]
pub struct Line {
    /// The field's name in words.
    pub name: String,
    /// The old value (lines separated by `\n`); empty for an added record.
    pub old: String,
    /// The new value (lines separated by `\n`).
    pub new: String,
}

/// Labels of the records a field may name, and KPI units, of one model.
struct Names<'m> {
    sections: HashMap<&'m str, &'m str>,
    work_items: HashMap<&'m str, &'m str>,
    kpis: HashMap<&'m str, (&'m str, &'m str)>,
}

impl<'m> Names<'m> {
    fn new(model: &'m Model) -> Names<'m> {
        Names {
            sections: model
                .sections()
                .iter()
                .map(|s| (s.id().as_str(), s.label()))
                .collect(),
            work_items: model
                .work_items()
                .iter()
                .map(|w| (w.id().as_str(), w.title.as_str()))
                .collect(),
            kpis: model
                .kpis()
                .iter()
                .map(|k| (k.id().as_str(), (k.indicator.as_str(), k.unit.as_str())))
                .collect(),
        }
    }

    /// `label (id)` for each id a reference field names, one per line.
    fn references(&self, field: Field, value: &Value) -> Option<String> {
        let ids: Vec<&str> = match value {
            Value::Text(id) => vec![id.as_str()],
            Value::List(ids) => ids.iter().map(String::as_str).collect(),
            _ => return None,
        };
        let label = |id: &str| -> Option<&str> {
            match field {
                Field::Section => self.sections.get(id).copied(),
                Field::WorkItems => self.work_items.get(id).copied(),
                Field::Kpis => self.kpis.get(id).map(|&(indicator, _)| indicator),
                _ => None,
            }
        };
        if !matches!(field, Field::Section | Field::WorkItems | Field::Kpis) || ids.is_empty() {
            return None;
        }
        Some(
            ids.iter()
                .map(|&id| match label(id) {
                    Some(label) if label != id => format!("{label} ({id})"),
                    _ => id.to_owned(),
                })
                .collect::<Vec<_>>()
                .join("\n"),
        )
    }

    fn unit(&self, kpi: &str) -> Option<&'m str> {
        self.kpis.get(kpi).map(|&(_, unit)| unit)
    }
}

/// Lays out `changes` (from `old` to `new`) for reading; `old_name` and
/// `new_name` stand in for a model without a revision.
///
/// ```
/// let old = logicmodel::load_str(r#"{"format": 1, "title": "t", "language": "ja",
///   "revision": "第1版", "nodes": []}"#).model.unwrap();
/// let new = logicmodel::load_str(r#"{"format": 1, "title": "t", "language": "ja",
///   "revision": "第2版", "nodes": [{"id": "a", "kind": "activity", "label": "読書会"}]}"#)
///   .model.unwrap();
/// let changes = logicmodel::diff::diff(&old, &new);
/// let outline = logicmodel::diff::outline(&old, &new, &changes, "old.json", "new.json");
/// assert_eq!(outline.versions, "第1版 → 第2版");
/// assert_eq!(outline.groups[0].heading, "新規（1件）");
/// assert_eq!(outline.groups[0].kinds[0].heading, "要素（1件）");
/// assert_eq!(outline.groups[0].kinds[0].entries[0].note.as_deref(), Some("活動"));
/// assert_eq!(outline.groups[1].kinds[0].entries[0].fields[0].new, "第2版");
/// ```
pub fn outline(
    old: &Model,
    new: &Model,
    changes: &Changes,
    old_name: &str,
    new_name: &str,
) -> Outline {
    let words = DiffWords::of(new);
    let names = (Names::new(old), Names::new(new));
    let mut groups = Vec::new();
    for change in ChangeKind::ALL {
        let mut kinds = Vec::new();
        let mut count = 0;
        for kind in READING_ORDER {
            let entries: Vec<Entry> = changes
                .iter()
                .filter(|c| c.change == change && c.kind == kind)
                .map(|c| entry(c, old, new, &names, words))
                .collect();
            if entries.is_empty() {
                continue;
            }
            count += entries.len();
            kinds.push(KindGroup {
                kind,
                heading: words.record_count(kind, entries.len()),
                entries,
            });
        }
        if !kinds.is_empty() {
            groups.push(Group {
                change,
                heading: if words.japanese {
                    format!("{}（{count}件）", words.change(change))
                } else {
                    format!("{} ({count})", words.change(change))
                },
                kinds,
            });
        }
    }
    Outline {
        words,
        title: new.title().to_owned(),
        versions: words.versions(old, new, old_name, new_name),
        summary: words.summary(&changes.summary()),
        groups,
    }
}

/// The field that is the record's label, which an entry shows as its label.
fn label_field(kind: RecordKind) -> Option<Field> {
    match kind {
        RecordKind::Node | RecordKind::Section => Some(Field::Label),
        RecordKind::WorkItem => Some(Field::Title),
        RecordKind::Kpi => Some(Field::Indicator),
        RecordKind::Column => Some(Field::Heading),
        _ => None,
    }
}

fn stage_of(change: &Change, old: bool) -> Option<Stage> {
    let value = |field| {
        change.field(field).and_then(|f| {
            if old {
                f.old.as_text()
            } else {
                f.new.as_text()
            }
        })
    };
    let kind = NodeKind::from_name(value(Field::Kind)?)?;
    Some(Stage::new(
        kind,
        value(Field::Term).and_then(Term::from_name),
    ))
}

fn entry(
    change: &Change,
    old: &Model,
    new: &Model,
    (old_names, new_names): &(Names<'_>, Names<'_>),
    words: DiffWords,
) -> Entry {
    let id = match &change.link {
        Some((from, to)) => format!("{from} → {to}"),
        None => change.id.clone(),
    };
    // A box's column, from its own fields when they say, else its model.
    let note = (change.kind == RecordKind::Node).then(|| {
        let model = if change.change == ChangeKind::Removed {
            old
        } else {
            new
        };
        let stage = stage_of(change, change.change == ChangeKind::Removed)
            .or_else(|| model.node_index(&change.id).map(|n| model.node(n).stage()));
        stage.map(|s| words.stage(s).to_owned())
    });
    let fields = match change.change {
        ChangeKind::Added => added_lines(change, new_names, words),
        ChangeKind::Changed => changed_lines(change, old, new, old_names, new_names, words),
        ChangeKind::Removed | ChangeKind::Renamed => Vec::new(),
    };
    Entry {
        id,
        old_id: change.old_id.clone(),
        label: change.label.clone(),
        note: note.flatten(),
        fields,
    }
}

fn value_text(
    field: Field,
    value: &Value,
    change: &Change,
    names: &Names<'_>,
    words: DiffWords,
) -> String {
    if value.is_empty() && !matches!(value, Value::Bool(_)) {
        return words.none().to_owned();
    }
    if let Some(text) = names.references(field, value) {
        return text;
    }
    let unit = (change.kind == RecordKind::Kpi)
        .then(|| names.unit(&change.id))
        .flatten();
    words.value(field, value, unit)
}

/// Whether an added record's field says nothing its entry does not: the
/// label (the entry's own), a box's kind and term (its note), a KPI's
/// default direction, or its unit when its values show it.
fn implied(change: &Change, field: &super::FieldChange) -> bool {
    let has_values = [Field::Baseline, Field::Target, Field::Actuals]
        .iter()
        .any(|&f| change.field(f).is_some());
    Some(field.field) == label_field(change.kind)
        || matches!(field.field, Field::Kind | Field::Term)
        || (field.field == Field::Direction && field.new.as_text() == Some("increase"))
        || (field.field == Field::Unit && has_values)
}

fn added_lines(change: &Change, names: &Names<'_>, words: DiffWords) -> Vec<Line> {
    change
        .fields
        .iter()
        .filter(|f| !implied(change, f))
        .map(|f| Line {
            name: words.field(f.field).to_owned(),
            old: String::new(),
            new: value_text(f.field, &f.new, change, names, words),
        })
        .collect()
}

fn changed_lines(
    change: &Change,
    old: &Model,
    new: &Model,
    old_names: &Names<'_>,
    new_names: &Names<'_>,
    words: DiffWords,
) -> Vec<Line> {
    let mut lines = Vec::new();
    // Kind and term together are the box's column: one line.
    if change.kind == RecordKind::Node
        && (change.field(Field::Kind).is_some() || change.field(Field::Term).is_some())
    {
        let stage = |model: &Model| model.node_index(&change.id).map(|n| model.node(n).stage());
        let old_stage = change
            .old_id
            .as_deref()
            .and_then(|id| old.node_index(id).map(|n| old.node(n).stage()))
            .or_else(|| stage(old));
        lines.push(Line {
            name: words.field(Field::Kind).to_owned(),
            old: old_stage.map_or(String::new(), |s| words.stage(s).to_owned()),
            new: stage(new).map_or(String::new(), |s| words.stage(s).to_owned()),
        });
    }
    for f in &change.fields {
        if change.kind == RecordKind::Node && matches!(f.field, Field::Kind | Field::Term) {
            continue;
        }
        if let (Value::Json(a), Value::Json(b)) = (&f.old, &f.new) {
            if let (Some(a), Some(b)) = (a.as_object(), b.as_object()) {
                lines.extend(json_lines(words.field(f.field), a, b, words));
                continue;
            }
        }
        lines.push(Line {
            name: words.field(f.field).to_owned(),
            old: value_text(f.field, &f.old, change, old_names, words),
            new: value_text(f.field, &f.new, change, new_names, words),
        });
    }
    lines
}

/// A changed JSON object (`meta`) key by key: only the keys that differ,
/// each as `meta.key`, a string without its quotes.
fn json_lines(
    name: &str,
    old: &serde_json::Map<String, serde_json::Value>,
    new: &serde_json::Map<String, serde_json::Value>,
    words: DiffWords,
) -> Vec<Line> {
    let shown = |value: Option<&serde_json::Value>| match value {
        None => words.none().to_owned(),
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(value) => serde_json::to_string(value).unwrap_or_default(),
    };
    let mut keys: Vec<&String> = old.keys().collect();
    keys.extend(new.keys().filter(|k| !old.contains_key(*k)));
    keys.into_iter()
        .filter(|key| old.get(*key) != new.get(*key))
        .map(|key| Line {
            name: format!("{name}.{key}"),
            old: shown(old.get(key)),
            new: shown(new.get(key)),
        })
        .collect()
}

/// The headings and rows of the table of one kind's `change`s, every cell
/// escaped with `escape`: the Markdown paper and the HTML section lay out
/// the same table, each in its own syntax.
pub(super) fn table(
    outline: &Outline,
    change: ChangeKind,
    kind: &KindGroup,
    escape: fn(&str) -> String,
) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let [id, name, details, record, field, before, after, old_id, new_id] =
        outline.words.table_headings();
    let headings = match change {
        ChangeKind::Added | ChangeKind::Removed => vec![id, name, details],
        ChangeKind::Changed => vec![record, field, before, after],
        ChangeKind::Renamed => vec![old_id, new_id, name],
    };
    // A changed record: its label and, when it has one, its id.
    let record_cell = |entry: &Entry| {
        if entry.id.is_empty() {
            escape(&entry.label)
        } else {
            format!("{} ({})", escape(&entry.label), escape(&entry.id))
        }
    };
    // What an added record sets, or a removed one's column: `name: value` lines.
    let details_cell = |entry: &Entry| {
        let mut lines: Vec<String> = entry.note.iter().map(|n| escape(n)).collect();
        for line in &entry.fields {
            lines.push(format!("{}: {}", escape(&line.name), escape(&line.new)));
        }
        lines.join("<br>")
    };
    let mut rows = Vec::new();
    for entry in &kind.entries {
        match change {
            ChangeKind::Added | ChangeKind::Removed => rows.push(vec![
                escape(&entry.id),
                escape(&entry.label),
                details_cell(entry),
            ]),
            ChangeKind::Changed => {
                for (i, line) in entry.fields.iter().enumerate() {
                    let who = if i == 0 {
                        record_cell(entry)
                    } else {
                        String::new()
                    };
                    rows.push(vec![
                        who,
                        escape(&line.name),
                        escape(&line.old),
                        escape(&line.new),
                    ]);
                }
            }
            ChangeKind::Renamed => rows.push(vec![
                escape(entry.old_id.as_deref().unwrap_or("")),
                escape(&entry.id),
                escape(&entry.label),
            ]),
        }
    }
    (headings, rows)
}
