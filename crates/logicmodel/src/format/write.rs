//! The writer: a [`Model`] as format-1 JSON, losslessly and in one
//! canonical layout.
//!
//! Lossless: everything the reader keeps comes back — `$schema`, `meta`,
//! a node's own KPI list apart from its work items', each `columns` key as
//! written, a `"target": null` the planners wrote, a default `direction`
//! spelt out, integers as integers. Reading what this writes gives an
//! equal model, and writing that again gives the same bytes.
//!
//! Canonical: keys in the order of the format's key tables (`keys.rs`),
//! two-space indentation, records one key per line, and short lists and
//! small objects on one line when they fit in [`WIDTH`] columns, so that a
//! change to one label or one link is a change to one line.

use std::fmt::Write as _;
use std::io;

use serde_json::Value;
use unicode_width::UnicodeWidthStr;

use super::keys::{
    ColumnsKey, KpiKey, LayoutKey, LinkKey, MeasurementKey, NodeKey, PeriodKey, SectionKey, TopKey,
    WorkItemKey,
};
use super::read::FORMAT_VERSION;
use crate::model::{Baseline, Kpi, LinkInfo, Model, Node, Section, Stage, Term, WorkItem};
use crate::vocabulary::Direction;

/// The width in columns a line may take before a list or object is broken
/// over lines.
pub const WIDTH: usize = 100;

/// The model as format-1 JSON text, ending with a newline.
///
/// ```
/// let text = r#"{"format": 1, "title": "Reading club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Weekly sessions", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Children read"}]}"#;
/// let model = logicmodel::load_str(text).model.unwrap();
/// let written = logicmodel::format::to_string(&model);
/// let again = logicmodel::load_str(&written).model.unwrap();
/// assert_eq!(again, model);
/// assert_eq!(logicmodel::format::to_string(&again), written);
/// ```
///
/// Cost: O(n) in the size of the model.
pub fn to_string(model: &Model) -> String {
    let mut out = String::new();
    render(&model_json(model), 0, &mut out);
    out.push('\n');
    out
}

/// Writes [`to_string`] to `writer`.
///
/// # Errors
/// The writer's.
pub fn to_writer(model: &Model, mut writer: impl io::Write) -> io::Result<()> {
    writer.write_all(to_string(model).as_bytes())
}

/// A JSON value as the writer lays it out.
enum Json {
    /// An object; `expanded` ones always take one key per line.
    Object {
        members: Vec<(&'static str, Json)>,
        expanded: bool,
    },
    /// An object with keys that are not the format's (checks, schedule, meta).
    Map(Vec<(String, Json)>),
    Array {
        items: Vec<Json>,
        expanded: bool,
    },
    /// A scalar, already written as JSON text.
    Atom(String),
}

fn string(s: &str) -> Json {
    Json::Atom(serde_json::to_string(s).expect("a string always serialises"))
}

fn number(value: f64) -> Json {
    // Integers as integers (`85`, not `85.0`), others in the shortest form
    // that reads back the same.
    let text = if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    };
    Json::Atom(text)
}

fn integer(value: i32) -> Json {
    Json::Atom(value.to_string())
}

fn strings<'s>(items: impl IntoIterator<Item = &'s str>) -> Json {
    Json::Array {
        items: items.into_iter().map(string).collect(),
        expanded: false,
    }
}

/// Members of an object, leaving out what is absent.
struct Members(Vec<(&'static str, Json)>);

impl Members {
    fn new() -> Members {
        Members(Vec::new())
    }
    fn put(&mut self, key: &'static str, value: Json) {
        self.0.push((key, value));
    }
    fn put_str(&mut self, key: &'static str, value: Option<&str>) {
        if let Some(value) = value {
            self.put(key, string(value));
        }
    }
    fn put_list(&mut self, key: &'static str, list: Json) {
        if !matches!(&list, Json::Array { items, .. } if items.is_empty()) {
            self.put(key, list);
        }
    }
    fn object(self, expanded: bool) -> Json {
        Json::Object {
            members: self.0,
            expanded,
        }
    }
}

fn model_json(model: &Model) -> Json {
    let mut top = Members::new();
    for &key in TopKey::ALL {
        let name = key.name();
        match key {
            TopKey::Schema => top.put_str(name, model.schema()),
            TopKey::Format => top.put(name, Json::Atom(FORMAT_VERSION.to_string())),
            TopKey::Title => top.put(name, string(model.title())),
            TopKey::Description => top.put_str(name, model.description()),
            TopKey::Context => {
                top.put_list(name, strings(model.context().iter().map(String::as_str)))
            }
            TopKey::Revision => top.put_str(name, model.revision()),
            TopKey::Issued => top.put_str(name, model.issued()),
            TopKey::Language => top.put_str(name, model.language().map(|l| l.as_str())),
            TopKey::Period => {
                if let Some(period) = model.period() {
                    let mut members = Members::new();
                    for &key in PeriodKey::ALL {
                        let year = match key {
                            PeriodKey::Start => period.start,
                            PeriodKey::End => period.end,
                        };
                        members.put(key.name(), integer(year));
                    }
                    top.put(name, members.object(false));
                }
            }
            TopKey::Columns => {
                let mut members = Members::new();
                for (column, heading) in model.columns().written() {
                    let key = ColumnsKey::ALL[column as usize];
                    members.put(key.name(), string(heading));
                }
                if !members.0.is_empty() {
                    top.put(name, members.object(true));
                }
            }
            TopKey::Sections => top.put_list(
                name,
                Json::Array {
                    items: model.sections().iter().map(section_json).collect(),
                    expanded: true,
                },
            ),
            TopKey::Nodes => top.put_list(
                name,
                Json::Array {
                    items: model.nodes().map(|(i, n)| node_json(model, i, n)).collect(),
                    expanded: true,
                },
            ),
            TopKey::WorkItems => top.put_list(
                name,
                Json::Array {
                    items: model
                        .work_items()
                        .iter()
                        .map(|w| work_item_json(model, w))
                        .collect(),
                    expanded: true,
                },
            ),
            TopKey::Kpis => top.put_list(
                name,
                Json::Array {
                    items: model.kpis().iter().map(kpi_json).collect(),
                    expanded: true,
                },
            ),
            TopKey::ChainEnd => top.put_str(name, model.chain_end_setting().map(Stage::as_str)),
            TopKey::Layout => {
                if let Some(order) = model.box_order() {
                    top.put(
                        name,
                        Json::Map(vec![(
                            LayoutKey::Order.name().to_owned(),
                            string(order.as_str()),
                        )]),
                    );
                }
            }
            TopKey::Checks => {
                let levels: Vec<(String, Json)> = model
                    .levels()
                    .iter()
                    .map(|(code, (level, _))| (code.as_str().to_owned(), string(level.as_str())))
                    .collect();
                if !levels.is_empty() {
                    top.put(name, Json::Map(levels));
                }
            }
            TopKey::Meta => {
                if let Some(meta) = model.meta() {
                    top.put(name, value_json(meta));
                }
            }
        }
    }
    top.object(true)
}

fn section_json(section: &Section) -> Json {
    let mut members = Members::new();
    for &key in SectionKey::ALL {
        match key {
            SectionKey::Id => members.put(key.name(), string(section.id().as_str())),
            SectionKey::Label => members.put_str(key.name(), section.written_label()),
        }
    }
    members.object(false)
}

fn node_json(model: &Model, index: petgraph::graph::NodeIndex, node: &Node) -> Json {
    let mut members = Members::new();
    for &key in NodeKey::ALL {
        let name = key.name();
        match key {
            NodeKey::Id => members.put(name, string(node.id().as_str())),
            NodeKey::Kind => members.put(name, string(node.kind().as_str())),
            // Every outcome states its term, the default `short` included,
            // so that a reader of the file sees each outcome's column.
            NodeKey::Term => members.put_str(name, node.term().map(Term::as_str)),
            NodeKey::Label => members.put(name, string(node.label())),
            NodeKey::Description => members.put_str(name, node.description()),
            NodeKey::Section => members.put_str(
                name,
                node.section_index()
                    .map(|s| model.sections()[s].id().as_str()),
            ),
            NodeKey::To => {
                let links: Vec<Json> = model
                    .outgoing(index)
                    .map(|edge| link_json(model.node(edge.to).id().as_str(), edge.info))
                    .collect();
                members.put_list(
                    name,
                    Json::Array {
                        items: links,
                        expanded: false,
                    },
                );
            }
            NodeKey::WorkItems => members.put_list(
                name,
                strings(model.work_items_of(index).map(|w| w.id().as_str())),
            ),
            NodeKey::Kpis => members.put_list(
                name,
                strings(model.own_kpis_of(index).map(|k| k.id().as_str())),
            ),
        }
    }
    members.object(true)
}

fn link_json(target: &str, info: &LinkInfo) -> Json {
    let Some(detail) = &info.detail else {
        return string(target);
    };
    let mut members = Members::new();
    for &key in LinkKey::ALL {
        let name = key.name();
        match key {
            LinkKey::Node => members.put(name, string(target)),
            LinkKey::Rationale => members.put_str(name, detail.rationale.as_deref()),
            LinkKey::Evidence => members.put_str(name, detail.evidence.as_deref()),
            LinkKey::Confidence => members.put_str(name, detail.confidence.map(|c| c.as_str())),
            LinkKey::Type => members.put_str(name, detail.link_type.map(|t| t.as_str())),
            LinkKey::Inferred => {
                if detail.inferred {
                    members.put(name, Json::Atom("true".into()));
                }
            }
        }
    }
    members.object(false)
}

fn work_item_json(model: &Model, item: &WorkItem) -> Json {
    let mut members = Members::new();
    for &key in WorkItemKey::ALL {
        let name = key.name();
        match key {
            WorkItemKey::Id => members.put(name, string(item.id().as_str())),
            WorkItemKey::Title => members.put(name, string(&item.title)),
            WorkItemKey::Owners => {
                members.put_list(name, strings(item.owners.iter().map(String::as_str)))
            }
            WorkItemKey::Current => members.put_str(name, item.current.as_deref()),
            WorkItemKey::Ideal => members.put_str(name, item.ideal.as_deref()),
            WorkItemKey::Schedule => {
                if !item.schedule.is_empty() {
                    let years = item
                        .schedule
                        .iter()
                        .map(|(year, steps)| {
                            (year.to_string(), strings(steps.iter().map(String::as_str)))
                        })
                        .collect();
                    members.put(name, Json::Map(years));
                }
            }
            WorkItemKey::Progress => {
                members.put_list(name, strings(item.progress.iter().map(String::as_str)))
            }
            WorkItemKey::Kpis => members.put_list(
                name,
                strings(model.kpis_of_work_item(item).map(|k| k.id().as_str())),
            ),
            WorkItemKey::NewInRevision => {
                if item.new_in_revision {
                    members.put(name, Json::Atom("true".into()));
                }
            }
        }
    }
    members.object(true)
}

fn kpi_json(kpi: &Kpi) -> Json {
    let spelling = kpi.spelling();
    let mut members = Members::new();
    for &key in KpiKey::ALL {
        let name = key.name();
        match key {
            KpiKey::Id => members.put(name, string(kpi.id().as_str())),
            KpiKey::Indicator => members.put(name, string(&kpi.indicator)),
            KpiKey::Unit => {
                if !kpi.unit.is_empty() {
                    members.put(name, string(&kpi.unit));
                }
            }
            KpiKey::Direction => {
                if spelling.direction || kpi.direction != Direction::Increase {
                    members.put(name, string(kpi.direction.as_str()));
                }
            }
            KpiKey::Baseline => {
                if let Some(baseline) = kpi.baseline {
                    members.put(name, measurement_json(baseline));
                }
            }
            KpiKey::Target => match kpi.target {
                Some(target) => members.put(name, measurement_json(target)),
                None if spelling.null_target => members.put(name, Json::Atom("null".into())),
                None => {}
            },
            KpiKey::TargetNote => members.put_str(name, kpi.target_note.as_deref()),
            KpiKey::QualitativeTarget => members.put_str(name, kpi.qualitative_target.as_deref()),
            KpiKey::Source => members.put_str(name, kpi.source.as_deref()),
            KpiKey::Actuals => members.put_list(
                name,
                Json::Array {
                    items: kpi.actuals.iter().map(|&m| measurement_json(m)).collect(),
                    expanded: false,
                },
            ),
        }
    }
    members.object(true)
}

/// `{year, value}`; an undated baseline leaves `year` out.
fn measurement_json(m: impl Into<Baseline>) -> Json {
    let m = m.into();
    let mut members = Members::new();
    for &key in MeasurementKey::ALL {
        match key {
            MeasurementKey::Year => {
                if let Some(year) = m.year {
                    members.put(key.name(), integer(year))
                }
            }
            MeasurementKey::Value => members.put(key.name(), number(m.value)),
        }
    }
    members.object(false)
}

fn value_json(value: &Value) -> Json {
    match value {
        Value::Object(map) => Json::Map(
            map.iter()
                .map(|(k, v)| (k.clone(), value_json(v)))
                .collect(),
        ),
        Value::Array(items) => Json::Array {
            items: items.iter().map(value_json).collect(),
            expanded: false,
        },
        other => Json::Atom(other.to_string()),
    }
}

/// Writes `json` at `indent` levels of two spaces: on one line if it fits
/// in what is left of [`WIDTH`] (and is not an expanded container), else
/// one member or element per line.
fn render(json: &Json, indent: usize, out: &mut String) {
    if let Json::Atom(text) = json {
        out.push_str(text);
        return;
    }
    let start = out.rfind('\n').map_or(0, |i| i + 1);
    let used = out[start..].width();
    if let Some(flat) = flat(json, WIDTH.saturating_sub(used)) {
        out.push_str(&flat);
        return;
    }
    let pad = "  ".repeat(indent + 1);
    let (open, close) = match json {
        Json::Array { .. } => ('[', ']'),
        _ => ('{', '}'),
    };
    out.push(open);
    let mut first = true;
    let mut item = |out: &mut String, key: Option<&str>, value: &Json| {
        out.push_str(if first { "\n" } else { ",\n" });
        first = false;
        out.push_str(&pad);
        if let Some(key) = key {
            let _ = write!(out, "{}: ", serde_json::to_string(key).unwrap_or_default());
        }
        render(value, indent + 1, out);
    };
    match json {
        Json::Object { members, .. } => {
            for (key, value) in members {
                item(out, Some(key), value);
            }
        }
        Json::Map(members) => {
            for (key, value) in members {
                item(out, Some(key), value);
            }
        }
        Json::Array { items, .. } => {
            for value in items {
                item(out, None, value);
            }
        }
        Json::Atom(_) => unreachable!("atoms are written above"),
    }
    if !first {
        out.push('\n');
        out.push_str(&"  ".repeat(indent));
    }
    out.push(close);
}

/// `json` on one line, if it may be written so and fits in `room` columns
/// (a full-width character takes two, as in an editor).
fn flat(json: &Json, room: usize) -> Option<String> {
    let mut out = String::new();
    write_flat(json, &mut out, room)?;
    (out.width() <= room).then_some(out)
}

fn write_flat(json: &Json, out: &mut String, room: usize) -> Option<()> {
    if out.len() > room * 4 {
        // Far too long already: a column takes at most 4 bytes.
        return None;
    }
    match json {
        Json::Atom(text) => out.push_str(text),
        Json::Object { expanded: true, .. } | Json::Array { expanded: true, .. } => return None,
        Json::Object { members, .. } => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", serde_json::to_string(key).unwrap_or_default());
                write_flat(value, out, room)?;
            }
            out.push('}');
        }
        Json::Map(members) => {
            out.push('{');
            for (i, (key, value)) in members.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                let _ = write!(out, "{}: ", serde_json::to_string(key).unwrap_or_default());
                write_flat(value, out, room)?;
            }
            out.push('}');
        }
        Json::Array { items, .. } => {
            out.push('[');
            for (i, value) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_flat(value, out, room)?;
            }
            out.push(']');
        }
    }
    Some(())
}
