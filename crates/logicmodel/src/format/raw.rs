//! The raw layer: Rust types that mirror format v1 key by key, each value
//! with the source [`Location`] it was read from.
//!
//! These types are also the single source of the published JSON Schema
//! (`logicmodel schema`), so the `serde`/`schemars` attributes here describe
//! the file format exactly. Nothing here is validated beyond JSON types: ids
//! may be malformed and references may dangle; [`crate::model`] checks that.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::diagnostic::Location;
use crate::model::{Confidence, Direction, Language, NodeKind, Term};

/// A value and where it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value (not its key) is in the source.
    pub location: Location,
}

impl<T: JsonSchema> JsonSchema for Spanned<T> {
    fn schema_name() -> Cow<'static, str> {
        T::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        T::json_schema(generator)
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
}

/// A whole logic-model file, format v1.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "logicmodel format v1")]
pub struct RawModel {
    /// Optional URL or path of this schema, for editors.
    #[serde(rename = "$schema")]
    pub schema: Option<String>,
    /// The format version; must be 1.
    #[schemars(required, range(min = 1, max = 1))]
    pub format: Option<Spanned<u32>>,
    /// The programme's title.
    #[schemars(required)]
    pub title: Option<Spanned<String>>,
    /// A longer description of the programme.
    pub description: Option<String>,
    /// The plan's revision, e.g. `第1.2版` or `v3`.
    pub revision: Option<String>,
    /// The date this revision was issued (`YYYY-MM-DD`).
    #[schemars(regex(pattern = r"^\d{4}-\d{2}-\d{2}$"))]
    pub issued: Option<Spanned<String>>,
    /// The language of the labels (BCP 47: `ja`, `en`, ...); it selects report headings.
    pub language: Option<Spanned<Language>>,
    /// The plan period, in fiscal years.
    pub period: Option<Spanned<RawPeriod>>,
    /// Display headings of the diagram columns.
    pub columns: Option<RawColumns>,
    /// The horizontal bands of the diagram (e.g. the plan's reform areas).
    #[serde(default)]
    pub sections: Vec<RawSection>,
    /// The boxes of the logic model.
    #[serde(default)]
    pub nodes: Vec<RawNode>,
    /// The projects that carry out activities.
    #[serde(default)]
    pub work_items: Vec<RawWorkItem>,
    /// The indicators that measure progress.
    #[serde(default)]
    pub kpis: Vec<RawKpi>,
    /// Lint levels by diagnostic code: `error`, `warning` or `allow`.
    #[serde(default)]
    pub checks: BTreeMap<String, Spanned<LevelName>>,
    /// Free-form data for other tools; logicmodel keeps it and ignores it.
    pub meta: Option<serde_json::Value>,
    /// Where the top-level object is.
    #[serde(skip)]
    pub location: Location,
    /// Ids of nodes left out because of an error in them (a missing or
    /// unknown `kind`), so that references to them are not called unknown.
    #[serde(skip)]
    pub unusable_node_ids: Vec<String>,
}

/// A lint level as written in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelName {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Do not report.
    Allow,
}

/// The plan period in fiscal years, both inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPeriod {
    /// First fiscal year.
    pub start: i32,
    /// Last fiscal year.
    pub end: i32,
}

/// Display headings of the diagram columns; absent ones use the built-in names.
#[derive(Clone, Debug, Default, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawColumns {
    /// Heading of the assumption column.
    pub assumption: Option<String>,
    /// Heading of the input column.
    pub input: Option<String>,
    /// Heading of the activity column.
    pub activity: Option<String>,
    /// Heading of the output column.
    pub output: Option<String>,
    /// Heading of the outcome columns (used for every term without its own heading).
    pub outcome: Option<String>,
    /// Heading of the short-term outcome column.
    pub outcome_short: Option<String>,
    /// Heading of the medium-term outcome column.
    pub outcome_medium: Option<String>,
    /// Heading of the long-term outcome column.
    pub outcome_long: Option<String>,
    /// Heading of the impact column.
    pub impact: Option<String>,
}

/// A section: a horizontal band of the diagram.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSection {
    /// Unique among sections; letters, digits, `_`, `.`, `-`.
    pub id: Spanned<String>,
    /// The band's label.
    pub label: Option<String>,
    /// Where the section object is.
    #[serde(skip)]
    pub location: Location,
}

/// A box of the logic model.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawNode {
    /// Unique among nodes; letters, digits, `_`, `.`, `-`.
    pub id: Spanned<String>,
    /// The column the box belongs to.
    pub kind: Spanned<NodeKind>,
    /// Outcomes only: how soon the change is expected (default `short`).
    pub term: Option<Spanned<Term>>,
    /// The box's text.
    pub label: String,
    /// A longer explanation, shown in tooltips and reports.
    pub description: Option<String>,
    /// The id of the section (band) the box belongs to.
    pub section: Option<Spanned<String>>,
    /// The boxes this box leads to.
    #[serde(default)]
    pub to: Vec<RawLink>,
    /// Ids of the work items that carry out this box (usually an activity).
    #[serde(default)]
    pub work_items: Vec<Spanned<String>>,
    /// Ids of the KPIs that measure this box.
    #[serde(default)]
    pub kpis: Vec<Spanned<String>>,
    /// Where the node object is.
    #[serde(skip)]
    pub location: Location,
}

/// One arrow: a node id, or an object that records why the step leads to the next.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum RawLink {
    /// Just the target node's id.
    Id(Spanned<String>),
    /// A link with its theory of change.
    Detailed(RawDetailedLink),
}

impl RawLink {
    /// The target id and where it is written.
    pub fn target(&self) -> &Spanned<String> {
        match self {
            RawLink::Id(id) => id,
            RawLink::Detailed(link) => &link.node,
        }
    }
}

/// A link whose reasoning the planner records.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDetailedLink {
    /// The target node's id.
    pub node: Spanned<String>,
    /// Why this step leads to the next.
    pub rationale: Option<String>,
    /// What supports the rationale (a study, a pilot, a statistic).
    pub evidence: Option<String>,
    /// How sure the planners are.
    pub confidence: Option<Confidence>,
}

/// A work item (project) that carries out activities.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawWorkItem {
    /// Unique among work items; letters, digits, `_`, `.`, `-`.
    pub id: Spanned<String>,
    /// The project's name.
    pub title: String,
    /// Departments responsible.
    #[serde(default)]
    pub owners: Vec<String>,
    /// The situation today (現状).
    pub current: Option<String>,
    /// The situation aimed for (理想).
    pub ideal: Option<String>,
    /// Planned steps by fiscal year, e.g. `{"2024": ["試行", "導入"]}`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    pub schedule: Vec<(Spanned<i32>, Vec<String>)>,
    /// Progress notes (進捗).
    #[serde(default)]
    pub progress: Vec<String>,
    /// Ids of the KPIs that measure this work item.
    #[serde(default)]
    pub kpis: Vec<Spanned<String>>,
    /// Whether the item is new in this revision.
    #[serde(default)]
    pub new_in_revision: bool,
    /// Where the work item object is.
    #[serde(skip)]
    pub location: Location,
}

/// A key performance indicator.
#[derive(Clone, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawKpi {
    /// Unique among KPIs; letters, digits, `_`, `.`, `-`.
    pub id: Spanned<String>,
    /// What is measured.
    pub indicator: String,
    /// The unit of the values (`%`, `件`, `people`).
    #[serde(default)]
    pub unit: String,
    /// Whether higher or lower values are better (default `increase`).
    pub direction: Option<Direction>,
    /// The starting value.
    pub baseline: Option<Spanned<RawMeasurement>>,
    /// The value aimed for; `null` while undecided.
    pub target: Option<Spanned<RawMeasurement>>,
    /// Why there is no target, or a qualitative target (e.g. `未決定`).
    pub target_note: Option<String>,
    /// Measured values.
    #[serde(default)]
    pub actuals: Vec<Spanned<RawMeasurement>>,
    /// Where the KPI object is.
    #[serde(skip)]
    pub location: Location,
}

/// A value in a fiscal year.
#[derive(Clone, Copy, Debug, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeasurement {
    /// The fiscal year.
    pub year: i32,
    /// The value, in the KPI's unit.
    pub value: f64,
}
