//! Random models for the property tests of the writer (`write.rs`) and
//! the diff (`diff.rs`): one generator of every record and field the
//! format has, so that a field added to the format is added once here and
//! both properties cover it. Each test file says how wide its values are
//! ([`Values`]): the diff wants a few values that repeat, the writer
//! values at the edges of what a number or a text can be.

// Each test binary uses only some of it.
#![allow(dead_code)]

use std::ops::Range;

use logicmodel::model::{
    Baseline, BoxOrder, ColumnKey, Confidence, Direction, KpiRecord, LinkDetail, LinkRecord,
    LinkType, Measurement, ModelBuilder, ModelFields, NodeRecord, SectionRecord, Spanned, Stage,
    WorkItemRecord,
};
use logicmodel::{Level, Model};
use proptest::prelude::*;

/// How wide the values of a random model are.
pub struct Values {
    /// Every text: labels, titles, notes, headings.
    pub text: BoxedStrategy<String>,
    /// Targets, actuals and (with or without the year) baselines.
    pub measurement: BoxedStrategy<Measurement>,
    /// The years of schedules and of the plan period.
    pub years: Range<i32>,
}

/// An id from a small pool, so that references often resolve and records
/// sometimes collide.
pub fn id() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["a", "b", "c", "d", "e", "f", "g", "h"]).prop_map(str::to_owned)
}

/// A baseline, dated or (a 現状値 without its year) not.
fn baseline(measurement: BoxedStrategy<Measurement>) -> impl Strategy<Value = Baseline> {
    (measurement, any::<bool>()).prop_map(|(m, dated)| Baseline {
        year: dated.then_some(m.year),
        value: m.value,
    })
}

/// A plan period inside `years`: first year in the first half.
fn period(years: Range<i32>) -> impl Strategy<Value = (i32, i32)> {
    let middle = years.start + (years.end - years.start) / 2;
    (years.start..middle, middle..years.end)
}

/// Free-form `meta`: any JSON.
fn json(text: BoxedStrategy<String>) -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        (-1e9f64..1e9).prop_map(serde_json::Value::from),
        text.prop_map(serde_json::Value::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z]{1,3}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The inputs of a random model, from a small pool of ids, so that a pair
/// of random models shares many ids (changed records) and not all (added
/// and removed ones).
#[derive(Debug, Clone)]
pub struct Plan {
    pub fields: ModelFields,
    pub sections: Vec<(String, Option<String>)>,
    pub nodes: Vec<NodeRecord<'static>>,
    pub items: Vec<WorkItemRecord>,
    pub kpis: Vec<KpiRecord>,
}

pub fn plan(values: &Values) -> impl Strategy<Value = Plan> + use<> {
    let text = || values.text.clone();
    let measurement = || values.measurement.clone();
    let stage = prop::sample::select(Stage::ALL.to_vec());
    let detail = prop::option::of(
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(prop::sample::select(Confidence::ALL.to_vec())),
            any::<bool>(),
            prop::option::of(prop::sample::select(LinkType::ALL.to_vec())),
        )
            .prop_map(|(rationale, evidence, confidence, inferred, link_type)| {
                LinkDetail {
                    rationale,
                    evidence,
                    confidence,
                    inferred,
                    link_type,
                }
            }),
    );
    let node = (
        id(),
        stage,
        text(),
        prop::option::of(text()),
        prop::option::of(id()),
        prop::collection::vec((id(), detail), 0..4),
        prop::collection::vec(id(), 0..3),
        prop::collection::vec(id(), 0..3),
    )
        .prop_map(
            |(id, stage, label, description, section, to, items, kpis)| {
                let mut node = NodeRecord::new(id, stage, label);
                node.description = description.map(Into::into);
                node.section = section.map(|s| Spanned::new(s.into()));
                for (target, detail) in to {
                    node = node.link(match detail {
                        Some(detail) => LinkRecord::detailed(target, detail),
                        None => LinkRecord::new(target),
                    });
                }
                for item in items {
                    node = node.work_item(item);
                }
                for kpi in kpis {
                    node = node.kpi(kpi);
                }
                node
            },
        );
    let item = (
        id(),
        text(),
        prop::collection::vec(text(), 0..3),
        (prop::option::of(text()), prop::option::of(text())),
        prop::collection::btree_map(
            values.years.clone(),
            prop::collection::vec(text(), 0..3),
            0..3,
        ),
        prop::collection::vec(text(), 0..2),
        prop::collection::vec(id(), 0..3),
        any::<bool>(),
    )
        .prop_map(
            |(id, title, owners, (current, ideal), schedule, progress, kpis, new)| WorkItemRecord {
                id: Spanned::new(id),
                title,
                owners,
                current,
                ideal,
                schedule: schedule
                    .into_iter()
                    .map(|(year, steps)| (Spanned::new(year), steps))
                    .collect(),
                progress,
                kpis: kpis.into_iter().map(Spanned::new).collect(),
                new_in_revision: new,
                location: Default::default(),
            },
        );
    let kpi = (
        id(),
        text(),
        text(),
        prop::option::of(prop::sample::select(Direction::ALL.to_vec())),
        prop::option::of(baseline(measurement())),
        prop::option::of(measurement()),
        any::<bool>(),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::option::of(text()),
        ),
        prop::collection::vec(measurement(), 0..3),
    )
        .prop_map(
            |(
                id,
                indicator,
                unit,
                direction,
                baseline,
                target,
                null,
                (note, qualitative_target, source),
                actuals,
            )| {
                let target_is_none = target.is_none();
                KpiRecord {
                    id: Spanned::new(id),
                    indicator,
                    unit,
                    direction,
                    baseline: baseline.map(Spanned::new),
                    target: target.map(Spanned::new),
                    target_null: null,
                    target_note: note,
                    // A KPI has one target: a number or words.
                    qualitative_target: qualitative_target.filter(|_| target_is_none),
                    source,
                    actuals: actuals.into_iter().map(Spanned::new).collect(),
                    location: Default::default(),
                }
            },
        );
    let fields = (
        text(),
        (
            prop::option::of(text()),
            prop::option::of(text()),
            prop::collection::vec(text(), 0..3),
        ),
        prop::option::of(prop::sample::select(vec!["ja", "en-GB"])),
        prop::option::of(period(values.years.clone())),
        prop::collection::btree_map(prop::sample::select(ColumnKey::ALL.to_vec()), text(), 0..3),
        prop::collection::btree_map(
            prop::sample::select(vec!["dead-end", "cycle", "unused-kpi"]),
            prop::sample::select(vec![Level::Error, Level::Warning, Level::Allow]),
            0..3,
        ),
        prop::option::of(json(values.text.clone())),
        (
            prop::option::of(prop::sample::select(vec!["2024-03-26", "2023-09-30"])),
            prop::option::of(prop::sample::select(Stage::ALL.to_vec())),
            prop::option::of(Just("schema.json".to_owned())),
            prop::option::of(prop::sample::select(BoxOrder::ALL.to_vec())),
        ),
    )
        .prop_map(
            |(
                title,
                (description, revision, context),
                language,
                period,
                columns,
                checks,
                meta,
                (issued, chain_end, schema, box_order),
            )| {
                ModelFields {
                    box_order,
                    schema,
                    title,
                    description,
                    context,
                    revision,
                    issued: issued.map(|i| Spanned::new(i.to_owned())),
                    language: language.map(|l| Spanned::new(l.to_owned())),
                    period: period.map(Spanned::new),
                    columns: columns.into_iter().collect(),
                    checks: checks
                        .into_iter()
                        .map(|(name, level)| (Spanned::new(name.to_owned()), level))
                        .collect(),
                    chain_end,
                    meta,
                    location: Default::default(),
                }
            },
        );
    (
        fields,
        prop::collection::vec((id(), prop::option::of(text())), 0..3),
        prop::collection::vec(node, 0..8),
        prop::collection::vec(item, 0..4),
        prop::collection::vec(kpi, 0..4),
    )
        .prop_map(|(fields, sections, nodes, items, kpis)| Plan {
            fields,
            sections,
            nodes,
            items,
            kpis,
        })
}

pub fn build(plan: Plan) -> Model {
    let mut builder = ModelBuilder::new();
    for (id, label) in plan.sections {
        builder.section(SectionRecord {
            id: Spanned::new(id),
            label,
            location: Default::default(),
        });
    }
    for node in plan.nodes {
        builder.node(node);
    }
    for item in plan.items {
        builder.work_item(item);
    }
    for kpi in plan.kpis {
        builder.kpi(kpi);
    }
    // Duplicates and dangling references are left out with a diagnostic;
    // what is left is a valid model.
    builder.finish(plan.fields).0
}
