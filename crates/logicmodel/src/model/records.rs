//! The records a [`ModelBuilder`](super::ModelBuilder) takes: one type per
//! kind of thing in a model, each as a reader or another tool hands it over,
//! before ids are checked and references resolved.
//!
//! Records are the contract between whatever produces a model (the JSON
//! reader, a workbook importer, a program building one in code) and the
//! [`Model`](super::Model): they mirror the format's records, with typed
//! vocabulary ([`Stage`], [`Direction`], ...) and a [`Location`] for each
//! part that a diagnostic may point at (left at its default, "nowhere",
//! when there is no source text).

use std::borrow::Cow;

use crate::diagnostic::{Level, Location};
use crate::model::{Baseline, LinkDetail, Measurement};
use crate::vocabulary::{BoxOrder, ColumnKey, Direction, Stage};

/// A value and where it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value (not its key) is in the source; the default when
    /// there is no source.
    pub location: Location,
}

impl<T> Spanned<T> {
    /// A value that comes from no source text.
    pub fn new(value: T) -> Spanned<T> {
        Spanned {
            value,
            location: Location::default(),
        }
    }

    /// A value written at `location`.
    pub fn at(value: T, location: Location) -> Spanned<T> {
        Spanned { value, location }
    }
}

impl<T> From<T> for Spanned<T> {
    fn from(value: T) -> Spanned<T> {
        Spanned::new(value)
    }
}

/// A reference to an id as written: borrowed from the source text when it
/// can be, so that the many references of a large file are not copied.
pub type Ref<'a> = Spanned<Cow<'a, str>>;

/// A reference from any string type, with no location.
pub fn reference<'a>(id: impl Into<Cow<'a, str>>) -> Ref<'a> {
    Spanned::new(id.into())
}

/// The model's own fields (everything but its records).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelFields {
    /// The `$schema` the file names, kept for editors.
    pub schema: Option<String>,
    /// The programme's title.
    pub title: String,
    /// A longer description.
    pub description: Option<String>,
    /// Assumptions and external factors that hold for the whole programme.
    pub context: Vec<String>,
    /// The plan's revision (`第1.2版`, `v3`).
    pub revision: Option<String>,
    /// The date of issue, `YYYY-MM-DD` (checked by the builder).
    pub issued: Option<Spanned<String>>,
    /// The language of the labels, a BCP 47 tag (checked by the builder).
    pub language: Option<Spanned<String>>,
    /// The plan period in fiscal years, `(start, end)` (checked by the builder).
    pub period: Option<Spanned<(i32, i32)>>,
    /// Column headings by key, in key order.
    pub columns: Vec<(ColumnKey, String)>,
    /// The column where the chains end, when the model says so.
    pub chain_end: Option<Stage>,
    /// How the diagram orders the boxes of each column (`layout.order`), when the
    /// model says so.
    pub box_order: Option<BoxOrder>,
    /// Lint levels by check name, in the order written (checked by the builder).
    pub checks: Vec<(Spanned<String>, Level)>,
    /// Free-form data for other tools, kept as written.
    pub meta: Option<serde_json::Value>,
    /// Where the model is (the whole text of a file).
    pub location: Location,
}

impl ModelFields {
    /// Fields with just a title.
    pub fn titled(title: impl Into<String>) -> ModelFields {
        ModelFields {
            title: title.into(),
            ..ModelFields::default()
        }
    }
}

/// A section: a horizontal band of the diagram.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionRecord {
    /// Unique among sections.
    pub id: Spanned<String>,
    /// The band's label; the id is shown when there is none.
    pub label: Option<String>,
    /// Where the section is.
    pub location: Location,
}

impl SectionRecord {
    /// A section with an id and a label.
    pub fn new(id: impl Into<String>, label: impl Into<String>) -> SectionRecord {
        SectionRecord {
            id: Spanned::new(id.into()),
            label: Some(label.into()),
            location: Location::default(),
        }
    }
}

/// A box of the logic model, with its links and references.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeRecord<'a> {
    /// Unique among nodes.
    pub id: Ref<'a>,
    /// The column: kind and, for outcomes, term.
    pub stage: Stage,
    /// The box text.
    pub label: Cow<'a, str>,
    /// A longer explanation.
    pub description: Option<Cow<'a, str>>,
    /// The id of the section the box belongs to.
    pub section: Option<Ref<'a>>,
    /// The boxes this box leads to, in order.
    pub to: Vec<LinkRecord<'a>>,
    /// Ids of the work items that carry out this box.
    pub work_items: Vec<Ref<'a>>,
    /// Ids of the KPIs that measure this box itself.
    pub kpis: Vec<Ref<'a>>,
    /// Where the node is.
    pub location: Location,
}

impl<'a> NodeRecord<'a> {
    /// A node with an id, a column and a label, linked to nothing yet.
    ///
    /// ```
    /// use logicmodel::model::{NodeRecord, Stage};
    /// let node = NodeRecord::new("a", Stage::Activity, "Weekly reading sessions").to("o");
    /// assert_eq!(node.to.len(), 1);
    /// ```
    pub fn new(
        id: impl Into<Cow<'a, str>>,
        stage: Stage,
        label: impl Into<Cow<'a, str>>,
    ) -> NodeRecord<'a> {
        NodeRecord {
            id: reference(id),
            stage,
            label: label.into(),
            description: None,
            section: None,
            to: Vec::new(),
            work_items: Vec::new(),
            kpis: Vec::new(),
            location: Location::default(),
        }
    }

    /// Adds a link to the node with id `target`.
    pub fn to(mut self, target: impl Into<Cow<'a, str>>) -> NodeRecord<'a> {
        self.to.push(LinkRecord::new(target));
        self
    }

    /// Adds a link with its recorded reasoning.
    pub fn link(mut self, link: LinkRecord<'a>) -> NodeRecord<'a> {
        self.to.push(link);
        self
    }

    /// Puts the node in the section with id `section`.
    pub fn in_section(mut self, section: impl Into<Cow<'a, str>>) -> NodeRecord<'a> {
        self.section = Some(reference(section));
        self
    }

    /// Adds a work item that carries out the node.
    pub fn work_item(mut self, id: impl Into<Cow<'a, str>>) -> NodeRecord<'a> {
        self.work_items.push(reference(id));
        self
    }

    /// Adds a KPI that measures the node.
    pub fn kpi(mut self, id: impl Into<Cow<'a, str>>) -> NodeRecord<'a> {
        self.kpis.push(reference(id));
        self
    }

    /// Sets the description.
    pub fn described(mut self, description: impl Into<Cow<'a, str>>) -> NodeRecord<'a> {
        self.description = Some(description.into());
        self
    }
}

/// An entry of a node's `to`: the target and, when the planner gave it,
/// why this step leads to the next.
#[derive(Clone, Debug, PartialEq)]
pub struct LinkRecord<'a> {
    /// The id of the node linked to.
    pub target: Ref<'a>,
    /// The link's reasoning, if recorded (a detailed link).
    pub detail: Option<Box<LinkDetail>>,
}

impl<'a> LinkRecord<'a> {
    /// A plain link to the node with id `target`.
    pub fn new(target: impl Into<Cow<'a, str>>) -> LinkRecord<'a> {
        LinkRecord {
            target: reference(target),
            detail: None,
        }
    }

    /// A link with its reasoning.
    pub fn detailed(target: impl Into<Cow<'a, str>>, detail: LinkDetail) -> LinkRecord<'a> {
        LinkRecord {
            target: reference(target),
            detail: Some(Box::new(detail)),
        }
    }
}

/// A work item (project) that carries out activities.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkItemRecord {
    /// Unique among work items.
    pub id: Spanned<String>,
    /// The project's name.
    pub title: String,
    /// Departments responsible.
    pub owners: Vec<String>,
    /// The situation today (現状).
    pub current: Option<String>,
    /// The situation aimed for (理想).
    pub ideal: Option<String>,
    /// Planned steps by fiscal year, in year order.
    pub schedule: Vec<(Spanned<i32>, Vec<String>)>,
    /// Progress notes (進捗).
    pub progress: Vec<String>,
    /// Ids of the KPIs that measure this work item.
    pub kpis: Vec<Spanned<String>>,
    /// Whether the item is new in this revision.
    pub new_in_revision: bool,
    /// Where the work item is.
    pub location: Location,
}

impl WorkItemRecord {
    /// A work item with an id and a title.
    pub fn new(id: impl Into<String>, title: impl Into<String>) -> WorkItemRecord {
        WorkItemRecord {
            id: Spanned::new(id.into()),
            title: title.into(),
            ..WorkItemRecord::default()
        }
    }
}

/// A key performance indicator.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KpiRecord {
    /// Unique among KPIs.
    pub id: Spanned<String>,
    /// What is measured.
    pub indicator: String,
    /// The unit of the values.
    pub unit: String,
    /// Whether higher or lower is better, if written (increase otherwise).
    pub direction: Option<Direction>,
    /// The starting value; its year may be unknown.
    pub baseline: Option<Spanned<Baseline>>,
    /// The value aimed for.
    pub target: Option<Spanned<Measurement>>,
    /// Whether the target is written as `null` ("undecided"), which a
    /// writer keeps; the same as no target otherwise.
    pub target_null: bool,
    /// A target stated in words instead of `target`.
    pub qualitative_target: Option<String>,
    /// Why there is no target yet.
    pub target_note: Option<String>,
    /// Where the values come from (データソース).
    pub source: Option<String>,
    /// Measured values, in the order written.
    pub actuals: Vec<Spanned<Measurement>>,
    /// Where the KPI is.
    pub location: Location,
}

impl KpiRecord {
    /// A KPI with an id, an indicator and a unit.
    pub fn new(
        id: impl Into<String>,
        indicator: impl Into<String>,
        unit: impl Into<String>,
    ) -> KpiRecord {
        KpiRecord {
            id: Spanned::new(id.into()),
            indicator: indicator.into(),
            unit: unit.into(),
            ..KpiRecord::default()
        }
    }
}
