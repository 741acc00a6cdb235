//! What changed between two versions of a model: [`diff`] compares an old
//! and a new [`Model`] record by record and returns the [`Changes`].
//!
//! Records are matched by id, kind by kind: the model's own fields, its
//! column headings, its lint levels, sections, nodes, links, work items and
//! KPIs. A record in both is `changed` when one of its fields differs, and
//! the change lists each such field with its old and new [`Value`]. A
//! record only in the old model is `removed`, one only in the new model is
//! `added`, unless an unmatched old record and an unmatched new one have
//! exactly the same content (everything but the id): that pair is reported
//! as `renamed`, never silently taken for the same record, and never as a
//! removal plus an addition. References (a node's section, work items and
//! KPIs, a work item's KPIs) are compared through the matching, so a renamed
//! KPI does not make every work item that lists it "changed".
//!
//! What is not a change: where a record stands in its list (moving a node
//! in the file, reordering the targets of a node's `to`), where it was
//! written (source positions), and spellings that mean the same
//! (`"target": null` and no target, a spelt-out default `direction`). The
//! order of a record's own lists (owners, progress notes, work items of a
//! node) is content, and a reordering is a change of that field.
//!
//! [`Changes::apply`] turns an old model into the new one with the model's
//! edit methods; a property test checks that it does for random pairs,
//! which is what shows the comparison misses nothing.
//!
//! Architecture invariant: a pure function of the two models, O(size of
//! both) expected time — every lookup is a hash table or an index, never a
//! scan — and the result is in file order, never hash order. It never
//! prints, never fails: two models always have a diff.

mod apply;
mod compare;
mod draw;
mod markdown;
mod outline;
mod rebuild;
mod since;
mod words;

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::model::{Baseline, Measurement, Model, Period};

pub use compare::diff;
pub use draw::{draw, Drawing};
pub use markdown::markdown;
pub use outline::{outline, Entry, Group, KindGroup, Line, Outline, READING_ORDER};
pub use since::Since;
pub use words::DiffWords;

/// What happened to a record between the old and the new model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// Only in the new model.
    Added,
    /// Only in the old model.
    Removed,
    /// In both, with different content.
    Changed,
    /// The same content under a new id.
    Renamed,
}

impl ChangeKind {
    /// Every kind of change, in the order summaries list them.
    pub const ALL: [ChangeKind; 4] = [
        ChangeKind::Added,
        ChangeKind::Removed,
        ChangeKind::Changed,
        ChangeKind::Renamed,
    ];

    /// The name in JSON and in SVG classes (`added`, `removed`, `changed`, `renamed`).
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
            ChangeKind::Renamed => "renamed",
        }
    }
}

/// The kind of record a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum RecordKind {
    /// The model's own fields (title, revision, issued, period, …).
    Model,
    /// A column heading of `columns`, by key.
    Column,
    /// A lint level of `checks`, by check name.
    Check,
    /// A section (band).
    Section,
    /// A node (box).
    Node,
    /// A link (arrow) from one node to another.
    Link,
    /// A work item.
    WorkItem,
    /// A KPI.
    Kpi,
}

impl RecordKind {
    /// Every kind, in the order changes are listed.
    pub const ALL: [RecordKind; 8] = [
        RecordKind::Model,
        RecordKind::Column,
        RecordKind::Check,
        RecordKind::Section,
        RecordKind::Node,
        RecordKind::Link,
        RecordKind::WorkItem,
        RecordKind::Kpi,
    ];

    /// The name in JSON (`model`, `column`, `check`, `section`, `node`,
    /// `link`, `work_item`, `kpi`).
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Model => "model",
            RecordKind::Column => "column",
            RecordKind::Check => "check",
            RecordKind::Section => "section",
            RecordKind::Node => "node",
            RecordKind::Link => "link",
            RecordKind::WorkItem => "work_item",
            RecordKind::Kpi => "kpi",
        }
    }
}

macro_rules! fields {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal ),* $(,)?) => {
        /// A field of a record, named as the file's key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Field { $( $(#[$doc])* $variant ),* }

        impl Field {
            /// The key in the file and in the JSON diff.
            pub fn as_str(self) -> &'static str {
                match self { $(Field::$variant => $name),* }
            }
        }
    };
}

fields! {
    /// `$schema` of the model.
    Schema = "$schema",
    /// The model's title, or a work item's.
    Title = "title",
    /// The model's or a node's description.
    Description = "description",
    /// The programme's context: assumptions and external factors.
    Context = "context",
    /// The model's revision.
    Revision = "revision",
    /// The model's date of issue.
    Issued = "issued",
    /// The model's language.
    Language = "language",
    /// The model's plan period.
    Period = "period",
    /// Where the model's chains end (`chain_end`, a column).
    ChainEnd = "chain_end",
    /// How the diagram orders the boxes (`layout.order`).
    BoxOrder = "layout.order",
    /// The model's free-form `meta`.
    Meta = "meta",
    /// A column heading.
    Heading = "heading",
    /// A lint level.
    Level = "level",
    /// A section's or a node's label.
    Label = "label",
    /// A node's kind.
    Kind = "kind",
    /// An outcome's term.
    Term = "term",
    /// A node's section (its id).
    Section = "section",
    /// The work items of a node (their ids).
    WorkItems = "work_items",
    /// The KPIs of a node or a work item (their ids).
    Kpis = "kpis",
    /// A link's rationale.
    Rationale = "rationale",
    /// A link's evidence.
    Evidence = "evidence",
    /// A link's confidence.
    Confidence = "confidence",
    /// Whether a link was inferred by whoever transcribed the plan.
    Inferred = "inferred",
    /// What a link declares itself to be (`feedback`, `sequence`).
    LinkType = "type",
    /// A work item's owners.
    Owners = "owners",
    /// A work item's situation today.
    Current = "current",
    /// A work item's situation aimed for.
    Ideal = "ideal",
    /// A work item's schedule by fiscal year.
    Schedule = "schedule",
    /// A work item's progress notes.
    Progress = "progress",
    /// Whether a work item is new in its revision.
    NewInRevision = "new_in_revision",
    /// A KPI's indicator.
    Indicator = "indicator",
    /// A KPI's unit.
    Unit = "unit",
    /// A KPI's direction.
    Direction = "direction",
    /// A KPI's baseline.
    Baseline = "baseline",
    /// A KPI's target.
    Target = "target",
    /// A KPI's note on its target.
    TargetNote = "target_note",
    /// A KPI's target stated in words.
    QualitativeTarget = "qualitative_target",
    /// Where a KPI's values come from.
    Source = "source",
    /// A KPI's actual values.
    Actuals = "actuals",
}

/// The value of a field on one side of a change.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// Not set (JSON `null`).
    None,
    /// A text, an id or a name (`activity`, `decrease`).
    Text(String),
    /// A list of texts or ids.
    List(Vec<String>),
    /// A yes or no.
    Bool(bool),
    /// A value in a fiscal year.
    Measurement(Measurement),
    /// A KPI's starting value, in a fiscal year when known.
    Baseline(Baseline),
    /// Values by fiscal year, in the order written.
    Measurements(Vec<Measurement>),
    /// Steps by fiscal year, in year order.
    Schedule(Vec<(i32, Vec<String>)>),
    /// A plan period.
    Period(Period),
    /// Free-form JSON (`meta`).
    Json(serde_json::Value),
}

impl Value {
    /// Whether the value is what an absent field means: `None`, an empty
    /// list, `false`. Added and removed records list only the fields that
    /// are not empty.
    pub fn is_empty(&self) -> bool {
        match self {
            Value::None | Value::Bool(false) => true,
            Value::List(items) => items.is_empty(),
            Value::Measurements(items) => items.is_empty(),
            Value::Schedule(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The text, for text values.
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The items, for lists (and none for an empty value).
    pub fn as_list(&self) -> &[String] {
        match self {
            Value::List(items) => items,
            _ => &[],
        }
    }
}

/// One field of a change: its old and new value.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    /// Which field.
    pub field: Field,
    /// The value in the old model (empty for an added record).
    pub old: Value,
    /// The value in the new model (empty for a removed record).
    pub new: Value,
}

/// One record added, removed, changed or renamed.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    /// What happened.
    pub change: ChangeKind,
    /// To what kind of record.
    pub kind: RecordKind,
    /// The record's id: in the new model, or in the old one for a removed
    /// record. A link's id is `from->to`; a column's is its key
    /// (`outcome_short`), a lint level's the check's name; the model's own
    /// fields have an empty id.
    pub id: String,
    /// For a renamed record, its id in the old model.
    pub old_id: Option<String>,
    /// For a link, the ids of the nodes it goes from and to.
    pub link: Option<(String, String)>,
    /// What people call the record: a node's label, a work item's title, a
    /// KPI's indicator, a section's label, a link's `from label → to
    /// label`, the model's title, a column's heading, a check's name.
    pub label: String,
    /// For a changed record, the fields that differ. For an added record,
    /// every field it sets (old values empty); for a removed one, every
    /// field it had (new values empty). Renamed records have none.
    pub fields: Vec<FieldChange>,
}

impl Change {
    /// The change of `field`, if the change lists it.
    pub fn field(&self, field: Field) -> Option<&FieldChange> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// How many changes of each kind a diff has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Records only in the new model.
    pub added: usize,
    /// Records only in the old model.
    pub removed: usize,
    /// Records in both with different content.
    pub changed: usize,
    /// Records with the same content under a new id.
    pub renamed: usize,
}

impl Summary {
    /// The count of one kind of change.
    pub fn of(&self, change: ChangeKind) -> usize {
        match change {
            ChangeKind::Added => self.added,
            ChangeKind::Removed => self.removed,
            ChangeKind::Changed => self.changed,
            ChangeKind::Renamed => self.renamed,
        }
    }
}

/// Everything that changed from an old model to a new one, as [`diff`]
/// found it: grouped by [`RecordKind`] (in the order of
/// [`RecordKind::ALL`]); within a kind, the new model's records in file
/// order (changed, renamed, added), then the removed ones in the old
/// model's order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changes {
    changes: Vec<Change>,
}

impl Changes {
    /// Whether the two models have the same content.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The number of changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }

    /// Every change, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Change> {
        self.changes.iter()
    }

    /// The changes of one kind of record, in order.
    pub fn of_kind(&self, kind: RecordKind) -> impl Iterator<Item = &Change> + '_ {
        self.changes.iter().filter(move |c| c.kind == kind)
    }

    /// How many changes of each kind.
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for change in &self.changes {
            match change.change {
                ChangeKind::Added => summary.added += 1,
                ChangeKind::Removed => summary.removed += 1,
                ChangeKind::Changed => summary.changed += 1,
                ChangeKind::Renamed => summary.renamed += 1,
            }
        }
        summary
    }
}

impl<'c> IntoIterator for &'c Changes {
    type Item = &'c Change;
    type IntoIter = std::slice::Iter<'c, Change>;
    fn into_iter(self) -> Self::IntoIter {
        self.changes.iter()
    }
}

/// One of the two models of a [`Report`], as the document names it.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// The file name as the user gave it.
    pub file: &'a str,
    /// The model.
    pub model: &'a Model,
}

impl Serialize for Side<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("file", self.file)?;
        map.serialize_entry("title", self.model.title())?;
        map.serialize_entry("revision", &self.model.revision())?;
        map.serialize_entry("issued", &self.model.issued())?;
        map.end()
    }
}

/// The JSON document of `logicmodel diff --format json`
/// (`docs/json.md`): `{"format": 1, "old": …, "new": …, "summary": …,
/// "changes": […]}`.
///
/// ```
/// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read"}]}"#).model.unwrap();
/// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read aloud"}]}"#).model.unwrap();
/// let changes = logicmodel::diff::diff(&old, &new);
/// let report = logicmodel::diff::Report {
///     old: logicmodel::diff::Side { file: "old.json", model: &old },
///     new: logicmodel::diff::Side { file: "new.json", model: &new },
///     changes: &changes,
/// };
/// let json = serde_json::to_value(&report).unwrap();
/// assert_eq!(json["format"], 1);
/// assert_eq!(json["changes"][0]["change"], "changed");
/// assert_eq!(json["changes"][0]["fields"]["label"]["new"], "Read aloud");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The old model.
    pub old: Side<'a>,
    /// The new model.
    pub new: Side<'a>,
    /// What changed from the old to the new.
    pub changes: &'a Changes,
}

impl Serialize for Report<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("format", &crate::JSON_FORMAT)?;
        map.serialize_entry("old", &self.old)?;
        map.serialize_entry("new", &self.new)?;
        map.serialize_entry("summary", &self.changes.summary())?;
        map.serialize_entry("changes", &self.changes.changes)?;
        map.end()
    }
}

impl Serialize for Changes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.changes.serialize(serializer)
    }
}

impl Serialize for Change {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("change", self.change.as_str())?;
        map.serialize_entry("kind", self.kind.as_str())?;
        if self.kind == RecordKind::Model {
            map.serialize_entry("id", &())?;
        } else {
            map.serialize_entry("id", &self.id)?;
        }
        if let Some(old_id) = &self.old_id {
            map.serialize_entry("old_id", old_id)?;
        }
        if let Some((from, to)) = &self.link {
            map.serialize_entry("from", from)?;
            map.serialize_entry("to", to)?;
        }
        map.serialize_entry("label", &self.label)?;
        if !self.fields.is_empty() {
            map.serialize_entry("fields", &FieldMap(&self.fields))?;
        }
        map.end()
    }
}

/// The fields of a change as one object keyed by field name, in order.
struct FieldMap<'f>(&'f [FieldChange]);

impl Serialize for FieldMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for field in self.0 {
            map.serialize_entry(field.field.as_str(), &OldNew(field))?;
        }
        map.end()
    }
}

struct OldNew<'f>(&'f FieldChange);

impl Serialize for OldNew<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("old", &self.0.old)?;
        map.serialize_entry("new", &self.0.new)?;
        map.end()
    }
}

/// A measurement as the file writes it: `{"year": 2026, "value": 80}`
/// (`"year": null` for an undated baseline).
struct MeasurementJson(Baseline);

impl Serialize for MeasurementJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("year", &self.0.year)?;
        map.serialize_entry("value", &self.0.value)?;
        map.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::None => serializer.serialize_unit(),
            Value::Text(text) => serializer.serialize_str(text),
            Value::List(items) => items.serialize(serializer),
            Value::Bool(value) => serializer.serialize_bool(*value),
            Value::Measurement(m) => MeasurementJson((*m).into()).serialize(serializer),
            Value::Baseline(m) => MeasurementJson(*m).serialize(serializer),
            Value::Measurements(items) => {
                serializer.collect_seq(items.iter().map(|&m| MeasurementJson(m.into())))
            }
            // As in the file: an object keyed by the fiscal year.
            Value::Schedule(years) => {
                let mut map = serializer.serialize_map(Some(years.len()))?;
                for (year, steps) in years {
                    map.serialize_entry(&year.to_string(), steps)?;
                }
                map.end()
            }
            Value::Period(period) => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("start", &period.start)?;
                map.serialize_entry("end", &period.end)?;
                map.end()
            }
            Value::Json(value) => value.serialize(serializer),
        }
    }
}

#[cfg(test)]
mod tests;
