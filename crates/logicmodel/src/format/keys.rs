//! The keys of format v1, declared once: one enum per kind of object,
//! with each key's name, whether it is required, its type and its
//! documentation. The reader matches on these enums (so a key added here
//! must be read, or the reader does not compile), the writer writes them
//! in this order, and the JSON Schema is generated from them.

use serde_json::{json, Map, Value};

use crate::vocabulary::{
    BoxOrder, ColumnKey, Confidence, Direction, LinkType, NodeKind, Stage, Term,
};

/// The JSON type of a key's value, as the schema describes it.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Type {
    /// The format version, `1`.
    Version,
    /// Any string.
    Text,
    /// An id: letters, digits, `_`, `.`, `-`.
    Id,
    /// A list of ids.
    Ids,
    /// A list of strings.
    Texts,
    /// A whole number.
    Integer,
    /// Any finite number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A `YYYY-MM-DD` date.
    Date,
    /// A BCP 47 language tag.
    Language,
    /// One of these names.
    Choice(&'static [&'static str]),
    /// An object described in `$defs` under this name.
    Object(&'static str),
    /// A list of objects described in `$defs` under this name.
    Objects(&'static str),
    /// A node's `to`: ids or link objects.
    Links,
    /// A work item's schedule: lists of steps by fiscal year.
    Schedule,
    /// The `checks` object: lint levels by check name.
    Checks,
    /// Anything.
    Any,
}

/// What the format says about one key.
#[derive(Clone, Copy, Debug)]
pub(crate) struct KeyInfo {
    pub name: &'static str,
    /// Required keys must be present, and `null` is a type error for them;
    /// for any other key `null` means "absent".
    pub required: bool,
    pub ty: Type,
    pub doc: &'static str,
}

/// Whether two keys are equal. Keys are a few bytes long: comparing them
/// here beats a call to `memcmp` per known key (a tenth of the parser's
/// time went to those calls).
fn same_key(known: &str, key: &str) -> bool {
    // A byte loop would be turned back into a `memcmp` call; folding the
    // bytes into a number is not.
    let pack = |s: &str| {
        s.bytes()
            .fold(0u128, |packed, b| packed << 8 | u128::from(b))
    };
    known.len() == key.len()
        && if key.len() <= 16 {
            pack(known) == pack(key)
        } else {
            known == key
        }
}

/// What the reader needs of every key enum.
pub(crate) trait KeySet: Copy + 'static {
    /// The key names, in order.
    const NAMES: &'static [&'static str];
    /// The key named `key`, if the format has it.
    fn from_name(key: &str) -> Option<Self>;
    /// The key's position in the list.
    fn index(self) -> usize;
}

macro_rules! keys {
    ($(#[$doc:meta])* $name:ident in $what:literal {
        $( $variant:ident = $key:literal, $required:literal, $ty:expr, $kdoc:literal; )*
    }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum $name { $( $variant, )* }

        impl $name {
            /// Every key, in the order the writer writes them.
            pub(crate) const ALL: &'static [$name] = &[ $( $name::$variant, )* ];
            /// The key names, in the same order (for "did you mean").
            pub(crate) const NAMES: &'static [&'static str] = &[ $( $key, )* ];
            /// What such an object is called in messages.
            #[allow(dead_code)] // a measurement is named by where it is.
            pub(crate) const WHAT: &'static str = $what;

            /// The key's name as written in files.
            pub(crate) fn name(self) -> &'static str {
                match self { $( $name::$variant => $key, )* }
            }

            /// The key named `key`, if the format has it.
            pub(crate) fn from_name(key: &str) -> Option<$name> {
                $( if same_key($key, key) { return Some($name::$variant); } )*
                None
            }

            /// What the format says about the key.
            pub(crate) fn info(self) -> KeyInfo {
                match self { $( $name::$variant => KeyInfo {
                    name: $key, required: $required, ty: $ty, doc: $kdoc,
                }, )* }
            }

            /// Every key's description, in order.
            pub(crate) fn infos() -> impl Iterator<Item = KeyInfo> {
                Self::ALL.iter().map(|k| k.info())
            }
        }

        impl KeySet for $name {
            const NAMES: &'static [&'static str] = $name::NAMES;
            fn from_name(key: &str) -> Option<Self> {
                $name::from_name(key)
            }
            fn index(self) -> usize {
                self as usize
            }
        }
    };
}

keys! {
    /// The keys of the model object.
    TopKey in "the model" {
        Schema = "$schema", false, Type::Text, "Optional URL or path of this schema, for editors.";
        Format = "format", true, Type::Version, "The format version; must be 1.";
        Title = "title", true, Type::Text, "The programme's title.";
        Description = "description", false, Type::Text, "A longer description of the programme.";
        Context = "context", false, Type::Texts, "Assumptions and external factors that hold for the whole programme (前提条件・外部要因), drawn beside the diagram rather than as boxes.";
        Revision = "revision", false, Type::Text, "The plan's revision, e.g. `第1.2版` or `v3`.";
        Issued = "issued", false, Type::Date, "The date this revision was issued (`YYYY-MM-DD`).";
        Language = "language", false, Type::Language, "The language of the labels (BCP 47: `ja`, `en`, ...); it selects built-in headings and report words.";
        Period = "period", false, Type::Object("Period"), "The plan period, in fiscal years.";
        Columns = "columns", false, Type::Object("Columns"), "Display headings of the diagram columns.";
        Sections = "sections", false, Type::Objects("Section"), "The horizontal bands of the diagram (e.g. the plan's reform areas).";
        Nodes = "nodes", false, Type::Objects("Node"), "The boxes of the logic model.";
        WorkItems = "work_items", false, Type::Objects("WorkItem"), "The projects that carry out activities.";
        Kpis = "kpis", false, Type::Objects("Kpi"), "The indicators that measure progress.";
        ChainEnd = "chain_end", false, Type::Choice(&Stage::NAMES), "The column where the chains end, for a model that stops before the impacts (default: the impact column, or the last column the model uses).";
        Layout = "layout", false, Type::Object("Layout"), "How the diagram is laid out.";
        Checks = "checks", false, Type::Checks, "Lint levels by diagnostic code: `error`, `warning` or `allow`.";
        Meta = "meta", false, Type::Any, "Free-form data for other tools; logicmodel keeps it and ignores it.";
    }
}

keys! {
    /// The keys of `layout`.
    LayoutKey in "`layout`" {
        Order = "order", false, Type::Choice(BoxOrder::NAMES), "`crossings` (the default) reorders the boxes of each column and section for fewer crossings; `source` keeps the order of the file.";
    }
}

keys! {
    /// The keys of `period`.
    PeriodKey in "`period`" {
        Start = "start", true, Type::Integer, "First fiscal year.";
        End = "end", true, Type::Integer, "Last fiscal year (inclusive).";
    }
}

keys! {
    /// The keys of `columns`: the same names as [`ColumnKey`].
    ColumnsKey in "`columns`" {
        Assumption = "assumption", false, Type::Text, "Heading of the assumption column.";
        Input = "input", false, Type::Text, "Heading of the input column.";
        Activity = "activity", false, Type::Text, "Heading of the activity column.";
        Output = "output", false, Type::Text, "Heading of the output column.";
        Outcome = "outcome", false, Type::Text, "Heading of the outcome columns (used for every term without its own heading).";
        OutcomeShort = "outcome_short", false, Type::Text, "Heading of the short-term outcome column.";
        OutcomeMedium = "outcome_medium", false, Type::Text, "Heading of the medium-term outcome column.";
        OutcomeLong = "outcome_long", false, Type::Text, "Heading of the long-term outcome column.";
        Impact = "impact", false, Type::Text, "Heading of the impact column.";
    }
}

impl ColumnsKey {
    /// The vocabulary's name for this key.
    pub(crate) fn column(self) -> ColumnKey {
        ColumnKey::ALL[self as usize]
    }
}

keys! {
    /// The keys of a section.
    SectionKey in "a section" {
        Id = "id", true, Type::Id, "Unique among sections; letters, digits, `_`, `.`, `-`.";
        Label = "label", false, Type::Text, "The band's label.";
    }
}

keys! {
    /// The keys of a node.
    NodeKey in "a node" {
        Id = "id", true, Type::Id, "Unique among nodes; letters, digits, `_`, `.`, `-`.";
        Kind = "kind", true, Type::Choice(NodeKind::NAMES), "The column the box belongs to.";
        Term = "term", false, Type::Choice(Term::NAMES), "Outcomes only: how soon the change is expected (default `short`).";
        Label = "label", true, Type::Text, "The box's text.";
        Description = "description", false, Type::Text, "A longer explanation, shown in tooltips and reports.";
        Section = "section", false, Type::Id, "The id of the section (band) the box belongs to.";
        To = "to", false, Type::Links, "The boxes this box leads to.";
        WorkItems = "work_items", false, Type::Ids, "Ids of the work items that carry out this box (usually an activity).";
        Kpis = "kpis", false, Type::Ids, "Ids of the KPIs that measure this box.";
    }
}

keys! {
    /// The keys of a detailed link (an object in `to`).
    LinkKey in "a link" {
        Node = "node", true, Type::Id, "The target node's id.";
        Rationale = "rationale", false, Type::Text, "Why this step leads to the next.";
        Evidence = "evidence", false, Type::Text, "What supports the rationale (a study, a pilot, a statistic).";
        Confidence = "confidence", false, Type::Choice(Confidence::NAMES), "How sure the planners are.";
        Type = "type", false, Type::Choice(LinkType::NAMES), "`feedback` (a later box strengthens an earlier one; drawn as a dashed back edge) or `sequence` (one box of a column before another): exempt from the direction and cycle checks and not followed for reachability. A `sequence` between two columns is an ordinary link.";
        Inferred = "inferred", false, Type::Boolean, "Whether the link was inferred by whoever transcribed the model, not drawn by its source (drawn dotted).";
    }
}

keys! {
    /// The keys of a work item.
    WorkItemKey in "a work item" {
        Id = "id", true, Type::Id, "Unique among work items; letters, digits, `_`, `.`, `-`.";
        Title = "title", true, Type::Text, "The project's name.";
        Owners = "owners", false, Type::Texts, "Departments responsible.";
        Current = "current", false, Type::Text, "The situation today (現状).";
        Ideal = "ideal", false, Type::Text, "The situation aimed for (理想).";
        Schedule = "schedule", false, Type::Schedule, "Planned steps by fiscal year, e.g. `{\"2024\": [\"試行\", \"導入\"]}`.";
        Progress = "progress", false, Type::Texts, "Progress notes (進捗).";
        Kpis = "kpis", false, Type::Ids, "Ids of the KPIs that measure this work item.";
        NewInRevision = "new_in_revision", false, Type::Boolean, "Whether the item is new in this revision.";
    }
}

keys! {
    /// The keys of a KPI.
    KpiKey in "a KPI" {
        Id = "id", true, Type::Id, "Unique among KPIs; letters, digits, `_`, `.`, `-`.";
        Indicator = "indicator", true, Type::Text, "What is measured.";
        Unit = "unit", false, Type::Text, "The unit of the values (`%`, `件`, `people`).";
        Direction = "direction", false, Type::Choice(Direction::NAMES), "Whether higher or lower values are better (default `increase`).";
        Baseline = "baseline", false, Type::Object("Baseline"), "The starting value; its `year` may be left out when the source does not say.";
        Target = "target", false, Type::Object("Measurement"), "The value aimed for; `null` while undecided.";
        QualitativeTarget = "qualitative_target", false, Type::Text, "A target stated in words, not as a number (`増加`, `現状維持`); the KPI's status is then `qualitative`. Not together with `target`.";
        TargetNote = "target_note", false, Type::Text, "Why there is no target yet (e.g. `未決定`).";
        Source = "source", false, Type::Text, "Where the values come from (データソース): a survey, a register, a system.";
        Actuals = "actuals", false, Type::Objects("Measurement"), "Measured values.";
    }
}

keys! {
    /// The keys of a measurement (`baseline`, `target`, an actual value).
    MeasurementKey in "a measurement" {
        Year = "year", true, Type::Integer, "The fiscal year.";
        Value = "value", true, Type::Number, "The value, in the KPI's unit.";
    }
}

/// The lint levels a `checks` object may give.
pub(crate) const LEVEL_NAMES: &[&str] = &["error", "warning", "allow"];

/// The JSON Schema (draft 2020-12) of format v1.
pub(crate) fn json_schema() -> Value {
    let mut defs = Map::new();
    defs.insert("Period".into(), object(PeriodKey::infos()));
    defs.insert("Layout".into(), object(LayoutKey::infos()));
    defs.insert("Columns".into(), object(ColumnsKey::infos()));
    defs.insert("Section".into(), object(SectionKey::infos()));
    defs.insert("Node".into(), object(NodeKey::infos()));
    defs.insert("Link".into(), object(LinkKey::infos()));
    defs.insert("WorkItem".into(), object(WorkItemKey::infos()));
    defs.insert("Kpi".into(), object(KpiKey::infos()));
    defs.insert("Measurement".into(), object(MeasurementKey::infos()));
    // A baseline is a measurement whose year may be unknown.
    let undated = MeasurementKey::infos().map(|key| KeyInfo {
        required: key.required && key.name != MeasurementKey::Year.name(),
        ..key
    });
    defs.insert("Baseline".into(), object(undated));
    let mut schema = object(TopKey::infos());
    let top = schema.as_object_mut().expect("an object schema");
    let mut head = Map::new();
    head.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    head.insert("title".into(), json!("logicmodel format v1"));
    head.append(top);
    head.insert("$defs".into(), Value::Object(defs));
    Value::Object(head)
}

/// The schema of an object with these keys.
fn object(keys: impl Iterator<Item = KeyInfo>) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for key in keys {
        if key.required {
            required.push(json!(key.name));
        }
        let mut schema = value_schema(key.ty);
        if !key.required && !matches!(key.ty, Type::Any) {
            schema = json!({"anyOf": [schema, {"type": "null"}]});
        }
        let map = schema.as_object_mut().expect("an object schema");
        map.insert("description".into(), json!(key.doc));
        properties.insert(key.name.into(), schema);
    }
    json!({
        "type": "object",
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn value_schema(ty: Type) -> Value {
    const ID_PATTERN: &str = r"^[A-Za-z0-9_.-]+$";
    let id = || json!({"type": "string", "pattern": ID_PATTERN});
    match ty {
        Type::Version => json!({"type": "integer", "const": 1}),
        Type::Text => json!({"type": "string"}),
        Type::Id => id(),
        Type::Ids => json!({"type": "array", "items": id()}),
        Type::Texts => json!({"type": "array", "items": {"type": "string"}}),
        Type::Integer => json!({"type": "integer"}),
        Type::Number => json!({"type": "number"}),
        Type::Boolean => json!({"type": "boolean"}),
        Type::Date => json!({"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}),
        Type::Language => {
            json!({"type": "string", "pattern": r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"})
        }
        Type::Choice(names) => json!({"type": "string", "enum": names}),
        Type::Object(name) => json!({"$ref": format!("#/$defs/{name}")}),
        Type::Objects(name) => {
            json!({"type": "array", "items": {"$ref": format!("#/$defs/{name}")}})
        }
        Type::Links => json!({
            "type": "array",
            "items": {"anyOf": [id(), {"$ref": "#/$defs/Link"}]},
        }),
        Type::Schedule => json!({
            "type": "object",
            "propertyNames": {"pattern": r"^\d{4}$"},
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        }),
        Type::Checks => json!({
            "type": "object",
            "additionalProperties": {"type": "string", "enum": LEVEL_NAMES},
        }),
        Type::Any => json!({}),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_keys_match_the_vocabulary() {
        assert_eq!(ColumnsKey::NAMES, ColumnKey::NAMES);
        for key in ColumnsKey::ALL {
            assert_eq!(key.column().as_str(), key.name());
        }
    }

    #[test]
    fn keys_are_found_by_name() {
        for &key in NodeKey::ALL {
            assert_eq!(NodeKey::from_name(key.name()), Some(key));
        }
        assert_eq!(NodeKey::from_name("work_item"), None);
        assert_eq!(TopKey::from_name("$schema"), Some(TopKey::Schema));
    }
}
