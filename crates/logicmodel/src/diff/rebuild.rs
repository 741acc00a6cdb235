//! A model's own fields as the builder takes them, and the model built
//! again with other fields.
//!
//! The model has edit methods for its records but none for its own fields
//! (title, revision, columns, lint levels, …), so [`Changes::apply`]
//! (super::Changes::apply) sets those by building the model again from
//! its records through the [`ModelBuilder`], the one way models are made.
//! Everything a file can hold survives: ids, text, links with their
//! reasoning, the order of every list, how a KPI's defaults were spelt.

use std::borrow::Cow;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::records::reference;
use crate::model::{
    Direction, KpiRecord, LinkRecord, Model, ModelBuilder, ModelFields, NodeRecord, SectionRecord,
    Spanned, WorkItemRecord,
};

/// The fields of `model` as [`ModelBuilder::finish`] takes them.
pub(super) fn fields_of(model: &Model) -> ModelFields {
    ModelFields {
        schema: model.schema().map(str::to_owned),
        title: model.title().to_owned(),
        description: model.description().map(str::to_owned),
        context: model.context().to_vec(),
        revision: model.revision().map(str::to_owned),
        issued: model.issued().map(|i| Spanned::new(i.to_owned())),
        language: model
            .language()
            .map(|l| Spanned::new(l.as_str().to_owned())),
        period: model.period().map(|p| Spanned::new((p.start, p.end))),
        columns: model
            .columns()
            .written()
            .map(|(key, heading)| (key, heading.to_owned()))
            .collect(),
        checks: model
            .levels()
            .iter()
            .map(|(code, &(level, location))| {
                (Spanned::at(code.as_str().to_owned(), location), level)
            })
            .collect(),
        chain_end: model.chain_end_setting(),
        box_order: model.box_order(),
        meta: model.meta().cloned(),
        location: model.location(),
    }
}

/// `model` built again with `fields`, or the first error the builder found
/// in them. Invalid ids, which a model keeps with a diagnostic, are not an
/// error here: they were in the model already.
pub(super) fn rebuild(model: &Model, fields: ModelFields) -> Result<Model, Diagnostic> {
    let mut builder = ModelBuilder::new().parallel(false);
    for section in model.sections() {
        builder.section(SectionRecord {
            id: Spanned::at(section.id().to_string(), section.location()),
            label: section.written_label().map(str::to_owned),
            location: section.location(),
        });
    }
    for kpi in model.kpis() {
        let spelling = kpi.spelling();
        builder.kpi(KpiRecord {
            id: Spanned::at(kpi.id().to_string(), kpi.location()),
            indicator: kpi.indicator.clone(),
            unit: kpi.unit.clone(),
            direction: (spelling.direction || kpi.direction != Direction::Increase)
                .then_some(kpi.direction),
            baseline: kpi.baseline.map(Spanned::new),
            target: kpi.target.map(Spanned::new),
            target_null: spelling.null_target && kpi.target.is_none(),
            qualitative_target: kpi.qualitative_target.clone(),
            target_note: kpi.target_note.clone(),
            source: kpi.source.clone(),
            actuals: kpi.actuals.iter().copied().map(Spanned::new).collect(),
            location: kpi.location(),
        });
    }
    for item in model.work_items() {
        builder.work_item(WorkItemRecord {
            id: Spanned::at(item.id().to_string(), item.location()),
            title: item.title.clone(),
            owners: item.owners.clone(),
            current: item.current.clone(),
            ideal: item.ideal.clone(),
            schedule: item
                .schedule
                .iter()
                .map(|(year, steps)| (Spanned::new(*year), steps.clone()))
                .collect(),
            progress: item.progress.clone(),
            kpis: model
                .kpis_of_work_item(item)
                .map(|k| Spanned::new(k.id().to_string()))
                .collect(),
            new_in_revision: item.new_in_revision,
            location: item.location(),
        });
    }
    for (index, node) in model.nodes() {
        let mut record = NodeRecord::new(node.id().as_str(), node.stage(), node.label());
        record.description = node.description().map(Cow::Borrowed);
        record.section = node
            .section_index()
            .map(|s| reference(model.sections()[s].id().as_str()));
        record.to = model
            .outgoing(index)
            .map(|edge| LinkRecord {
                target: Spanned::at(
                    Cow::Borrowed(model.node(edge.to).id().as_str()),
                    edge.info.location,
                ),
                detail: edge.info.detail.clone(),
            })
            .collect();
        record.work_items = model
            .work_items_of(index)
            .map(|w| reference(w.id().as_str()))
            .collect();
        record.kpis = model
            .own_kpis_of(index)
            .map(|k| reference(k.id().as_str()))
            .collect();
        record.location = node.location();
        builder.node(record);
    }
    let (built, diagnostics) = builder.finish(fields);
    match diagnostics
        .into_iter()
        .find(|d| d.severity() == Severity::Error && d.code() != Code::InvalidId)
    {
        Some(error) => Err(error),
        None => Ok(built),
    }
}
