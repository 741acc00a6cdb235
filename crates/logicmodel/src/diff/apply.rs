//! [`Changes::apply`]: the changes of a diff made to a model with the
//! model's edit methods, so that `diff(a, b)` applied to `a` gives `b`
//! (up to the order of records in their lists, which a diff does not
//! record).
//!
//! Edits run in the order references need: sections, KPIs and work items
//! exist before the nodes that name them; every node exists before links
//! are added; removals come last, when nothing names the removed records
//! any more. The model's own fields, which have no edit methods, are set by
//! building the model again (`rebuild.rs`).

use std::collections::HashMap;

use petgraph::graph::NodeIndex;

use super::rebuild::{fields_of, rebuild};
use super::{Change, ChangeKind, Changes, Field, RecordKind, Value};
use crate::diagnostic::{Code, Diagnostic, Level, Location};
use crate::model::{BoxOrder, LinkType};
use crate::model::{
    ColumnKey, Confidence, Direction, KpiRecord, LinkDetail, LinkRecord, Model, NodeKind,
    NodeRecord, SectionRecord, Spanned, Stage, Term, WorkItemRecord,
};

impl Changes {
    /// Makes these changes to `model`, which should be the old model of the
    /// diff: afterwards it has the new model's content. Either every change
    /// is made or none (the model is left as it was) and the first problem
    /// is returned — a change that does not fit the model, such as a
    /// removed record it does not have, gets the diagnostic an edit method
    /// gives.
    ///
    /// The result equals the new model record for record; where a record
    /// stands in its list may differ (added records come last), since a
    /// diff does not record order.
    ///
    /// Cost: O(size of the model) for most changes; each removed node
    /// costs O(V + E) ([`Model::remove_node`] rebuilds the graph), and a
    /// change to the model's own fields, columns or lint levels builds the
    /// model once more.
    ///
    /// ```
    /// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
    ///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
    ///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
    /// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "revision": "v2", "nodes": [
    ///   {"id": "a", "kind": "activity", "label": "Read aloud", "to": ["i"]},
    ///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
    /// let mut model = old.clone();
    /// logicmodel::diff::diff(&old, &new).apply(&mut model).unwrap();
    /// assert_eq!(model, new);
    /// ```
    pub fn apply(&self, model: &mut Model) -> Result<(), Diagnostic> {
        let mut work = model.clone();
        Apply::new(self).run(&mut work)?;
        *model = work;
        Ok(())
    }
}

/// The changes of one kind in one group, in order.
struct Apply<'c> {
    changes: &'c Changes,
    /// Old id → new id of renamed nodes, to find removed links' ends.
    renamed_nodes: HashMap<&'c str, &'c str>,
}

fn unfit(change: &Change, why: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidModel,
        format!(
            "the change of the {} `{}` does not fit this model: {why}",
            change.kind.as_str(),
            change.id
        ),
        Location::default(),
    )
    .with_id(change.id.clone())
}

fn not_found(change: &Change, id: &str) -> Diagnostic {
    Diagnostic::new(
        Code::DanglingReference,
        format!("there is no {} `{id}` in this model", change.kind.as_str()),
        Location::default(),
    )
    .with_id(id)
}

/// The new value of `field`, if the change lists it.
fn new_value(change: &Change, field: Field) -> Option<&Value> {
    change.field(field).map(|f| &f.new)
}

/// A text field's new value: `Some(None)` when it is cleared.
fn new_text(change: &Change, field: Field) -> Result<Option<Option<String>>, Diagnostic> {
    match new_value(change, field) {
        None => Ok(None),
        Some(Value::None) => Ok(Some(None)),
        Some(Value::Text(text)) => Ok(Some(Some(text.clone()))),
        Some(_) => Err(unfit(
            change,
            &format!("`{}` is not a text", field.as_str()),
        )),
    }
}

fn new_list(change: &Change, field: Field) -> Result<Option<Vec<String>>, Diagnostic> {
    match new_value(change, field) {
        None => Ok(None),
        Some(Value::None) => Ok(Some(Vec::new())),
        Some(Value::List(items)) => Ok(Some(items.clone())),
        Some(_) => Err(unfit(
            change,
            &format!("`{}` is not a list", field.as_str()),
        )),
    }
}

fn named<T>(
    change: &Change,
    field: Field,
    text: Option<String>,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Diagnostic> {
    match text {
        None => Ok(None),
        Some(name) => parse(&name).map(Some).ok_or_else(|| {
            unfit(
                change,
                &format!("`{name}` is not a value of `{}`", field.as_str()),
            )
        }),
    }
}

fn strs(items: &[String]) -> Vec<&str> {
    items.iter().map(String::as_str).collect()
}

impl<'c> Apply<'c> {
    fn new(changes: &'c Changes) -> Apply<'c> {
        let renamed_nodes = changes
            .of_kind(RecordKind::Node)
            .filter(|c| c.change == ChangeKind::Renamed)
            .filter_map(|c| Some((c.old_id.as_deref()?, c.id.as_str())))
            .collect();
        Apply {
            changes,
            renamed_nodes,
        }
    }

    fn each(&self, kind: RecordKind, change: ChangeKind) -> impl Iterator<Item = &'c Change> + 'c {
        self.changes
            .changes
            .iter()
            .filter(move |c| c.kind == kind && c.change == change)
    }

    fn run(&self, model: &mut Model) -> Result<(), Diagnostic> {
        self.sections(model)?;
        self.kpis(model)?;
        self.work_items(model)?;
        self.nodes(model)?;
        self.links(model)?;
        for change in self.each(RecordKind::Node, ChangeKind::Removed) {
            let node = node_index(model, change, &change.id)?;
            model.remove_node(node)?;
        }
        for change in self.each(RecordKind::WorkItem, ChangeKind::Removed) {
            model.remove_work_item(&change.id)?;
        }
        for change in self.each(RecordKind::Kpi, ChangeKind::Removed) {
            model.remove_kpi(&change.id)?;
        }
        for change in self.each(RecordKind::Section, ChangeKind::Removed) {
            model.remove_section(&change.id)?;
        }
        self.model_fields(model)
    }

    fn sections(&self, model: &mut Model) -> Result<(), Diagnostic> {
        for change in self.each(RecordKind::Section, ChangeKind::Added) {
            let label = new_text(change, Field::Label)?.flatten();
            model.add_section(SectionRecord {
                id: Spanned::new(change.id.clone()),
                label,
                location: Location::default(),
            })?;
        }
        // Sections have no edit method for their id or label: a renamed or
        // relabelled one is removed and added again, and its nodes put back.
        for change in self
            .each(RecordKind::Section, ChangeKind::Renamed)
            .chain(self.each(RecordKind::Section, ChangeKind::Changed))
        {
            let old_id = change.old_id.as_deref().unwrap_or(&change.id);
            let Some(section) = model.sections().iter().find(|s| s.id().as_str() == old_id) else {
                return Err(not_found(change, old_id));
            };
            let label = match new_text(change, Field::Label)? {
                Some(label) => label,
                None => section.written_label().map(str::to_owned),
            };
            let nodes = model.remove_section(old_id)?;
            model.add_section(SectionRecord {
                id: Spanned::new(change.id.clone()),
                label,
                location: Location::default(),
            })?;
            for id in nodes {
                let node = node_index(model, change, id.as_str())?;
                model.set_section(node, Some(&change.id))?;
            }
        }
        Ok(())
    }

    fn kpis(&self, model: &mut Model) -> Result<(), Diagnostic> {
        for change in self.each(RecordKind::Kpi, ChangeKind::Renamed) {
            let old_id = change.old_id.as_deref().unwrap_or(&change.id);
            model.rename_kpi(old_id, &change.id)?;
        }
        for change in self.each(RecordKind::Kpi, ChangeKind::Added) {
            let mut record = KpiRecord::new(change.id.clone(), "", "");
            let kpi = KpiFields::of(change)?;
            record.indicator = kpi.indicator.flatten().unwrap_or_default();
            record.unit = kpi.unit.flatten().unwrap_or_default();
            record.direction = kpi.direction.filter(|&d| d != Direction::Increase);
            record.baseline = kpi.baseline.flatten().map(Spanned::new);
            record.target = kpi.target.flatten().map(Spanned::new);
            record.target_note = kpi.target_note.flatten();
            record.qualitative_target = kpi.qualitative_target.flatten();
            record.source = kpi.source.flatten();
            record.actuals = kpi
                .actuals
                .unwrap_or_default()
                .into_iter()
                .map(Spanned::new)
                .collect();
            model.add_kpi(record)?;
        }
        for change in self.each(RecordKind::Kpi, ChangeKind::Changed) {
            let fields = KpiFields::of(change)?;
            let Some(kpi) = model.kpi_mut(&change.id) else {
                return Err(not_found(change, &change.id));
            };
            if let Some(indicator) = fields.indicator {
                kpi.indicator = indicator.unwrap_or_default();
            }
            if let Some(unit) = fields.unit {
                kpi.unit = unit.unwrap_or_default();
            }
            if let Some(direction) = fields.direction {
                kpi.direction = direction;
            }
            if let Some(baseline) = fields.baseline {
                kpi.baseline = baseline;
            }
            if let Some(target) = fields.target {
                kpi.target = target;
            }
            if let Some(note) = fields.target_note {
                kpi.target_note = note;
            }
            if let Some(words) = fields.qualitative_target {
                kpi.qualitative_target = words;
            }
            if let Some(source) = fields.source {
                kpi.source = source;
            }
            if let Some(actuals) = fields.actuals {
                kpi.actuals = actuals;
            }
        }
        Ok(())
    }

    fn work_items(&self, model: &mut Model) -> Result<(), Diagnostic> {
        for change in self.each(RecordKind::WorkItem, ChangeKind::Renamed) {
            let old_id = change.old_id.as_deref().unwrap_or(&change.id);
            model.rename_work_item(old_id, &change.id)?;
        }
        for change in self.each(RecordKind::WorkItem, ChangeKind::Added) {
            let item = ItemFields::of(change)?;
            let mut record = WorkItemRecord::new(change.id.clone(), "");
            record.title = item.title.flatten().unwrap_or_default();
            record.owners = item.owners.unwrap_or_default();
            record.current = item.current.flatten();
            record.ideal = item.ideal.flatten();
            record.schedule = item
                .schedule
                .unwrap_or_default()
                .into_iter()
                .map(|(year, steps)| (Spanned::new(year), steps))
                .collect();
            record.progress = item.progress.unwrap_or_default();
            record.new_in_revision = item.new_in_revision.unwrap_or(false);
            record.kpis = item
                .kpis
                .unwrap_or_default()
                .into_iter()
                .map(Spanned::new)
                .collect();
            model.add_work_item(record)?;
        }
        for change in self.each(RecordKind::WorkItem, ChangeKind::Changed) {
            let fields = ItemFields::of(change)?;
            if let Some(kpis) = &fields.kpis {
                model.set_work_item_kpis(&change.id, &strs(kpis))?;
            }
            let Some(item) = model.work_item_mut(&change.id) else {
                return Err(not_found(change, &change.id));
            };
            if let Some(title) = fields.title {
                item.title = title.unwrap_or_default();
            }
            if let Some(owners) = fields.owners {
                item.owners = owners;
            }
            if let Some(current) = fields.current {
                item.current = current;
            }
            if let Some(ideal) = fields.ideal {
                item.ideal = ideal;
            }
            if let Some(schedule) = fields.schedule {
                item.schedule = schedule;
            }
            if let Some(progress) = fields.progress {
                item.progress = progress;
            }
            if let Some(new) = fields.new_in_revision {
                item.new_in_revision = new;
            }
        }
        Ok(())
    }

    fn nodes(&self, model: &mut Model) -> Result<(), Diagnostic> {
        for change in self.each(RecordKind::Node, ChangeKind::Renamed) {
            let old_id = change.old_id.as_deref().unwrap_or(&change.id);
            let node = node_index(model, change, old_id)?;
            model.rename_node(node, &change.id)?;
        }
        // Added nodes get their links once every node exists.
        for change in self.each(RecordKind::Node, ChangeKind::Added) {
            let fields = NodeFields::of(change)?;
            let kind = fields
                .kind
                .ok_or_else(|| unfit(change, "an added node needs a `kind`"))?;
            let mut record = NodeRecord::new(
                change.id.as_str(),
                Stage::new(kind, fields.term.flatten()),
                fields.label.flatten().unwrap_or_default(),
            );
            record.description = fields.description.flatten().map(Into::into);
            if let Some(Some(section)) = fields.section {
                record = record.in_section(section);
            }
            for item in fields.work_items.unwrap_or_default() {
                record = record.work_item(item);
            }
            for kpi in fields.kpis.unwrap_or_default() {
                record = record.kpi(kpi);
            }
            model.add_node(record)?;
        }
        for change in self.each(RecordKind::Node, ChangeKind::Changed) {
            let fields = NodeFields::of(change)?;
            let node = node_index(model, change, &change.id)?;
            let stage = model.node(node).stage();
            if fields.kind.is_some() || fields.term.is_some() {
                let kind = fields.kind.unwrap_or(stage.kind());
                let term = fields.term.unwrap_or(stage.term());
                model.set_stage(node, Stage::new(kind, term))?;
            }
            if let Some(label) = fields.label {
                model.set_label(node, &label.unwrap_or_default())?;
            }
            if let Some(description) = fields.description {
                model.set_description(node, description.as_deref())?;
            }
            if let Some(section) = fields.section {
                model.set_section(node, section.as_deref())?;
            }
            if let Some(items) = fields.work_items {
                model.set_work_items(node, &strs(&items))?;
            }
            if let Some(kpis) = fields.kpis {
                model.set_kpis(node, &strs(&kpis))?;
            }
        }
        Ok(())
    }

    fn links(&self, model: &mut Model) -> Result<(), Diagnostic> {
        let ends = |change: &'c Change| {
            change
                .link
                .as_ref()
                .map(|(from, to)| (from.as_str(), to.as_str()))
                .ok_or_else(|| unfit(change, "a link change needs its ends"))
        };
        for change in self.each(RecordKind::Link, ChangeKind::Removed) {
            let (from, to) = ends(change)?;
            // A removed link's ends are named as in the old model.
            let renamed = |id: &'c str| self.renamed_nodes.get(id).copied().unwrap_or(id);
            let (from, to) = (renamed(from), renamed(to));
            // A link of a removed node goes with the node.
            if let (Some(from), Some(to)) = (model.node_index(from), model.node_index(to)) {
                model.remove_link(from, to);
            }
        }
        for change in self.each(RecordKind::Link, ChangeKind::Changed) {
            let (from, to) = ends(change)?;
            let (from, to) = (
                node_index(model, change, from)?,
                node_index(model, change, to)?,
            );
            let Some(edge) = model.graph().find_edge(from, to) else {
                return Err(unfit(change, "the model has no such link"));
            };
            let mut detail = model.graph()[edge]
                .detail
                .as_deref()
                .cloned()
                .unwrap_or_default();
            LinkFields::of(change)?.set(&mut detail);
            model.remove_link(from, to);
            model.add_link(from, link_record(model, to, detail))?;
        }
        for change in self.each(RecordKind::Link, ChangeKind::Added) {
            let (from, to) = ends(change)?;
            let (from, to) = (
                node_index(model, change, from)?,
                node_index(model, change, to)?,
            );
            let mut detail = LinkDetail::default();
            LinkFields::of(change)?.set(&mut detail);
            model.add_link(from, link_record(model, to, detail))?;
        }
        Ok(())
    }

    /// The model's own fields, columns and lint levels, in one rebuild.
    fn model_fields(&self, model: &mut Model) -> Result<(), Diagnostic> {
        let changes: Vec<&Change> = self
            .changes
            .iter()
            .filter(|c| {
                matches!(
                    c.kind,
                    RecordKind::Model | RecordKind::Column | RecordKind::Check
                )
            })
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        let mut fields = fields_of(model);
        for change in changes {
            match change.kind {
                RecordKind::Model => set_model_fields(&mut fields, change)?,
                RecordKind::Column => {
                    let key = ColumnKey::from_name(&change.id)
                        .ok_or_else(|| unfit(change, "no such column key"))?;
                    fields.columns.retain(|(k, _)| *k != key);
                    if let Some(Some(heading)) = new_text(change, Field::Heading)? {
                        fields.columns.push((key, heading));
                    }
                    fields.columns.sort_by_key(|(k, _)| *k);
                }
                RecordKind::Check => {
                    fields.checks.retain(|(name, _)| name.value != change.id);
                    if let Some(Some(level)) = new_text(change, Field::Level)? {
                        let level = Level::parse(&level)
                            .ok_or_else(|| unfit(change, "no such lint level"))?;
                        fields.checks.push((Spanned::new(change.id.clone()), level));
                    }
                }
                _ => {}
            }
        }
        *model = rebuild(model, fields)?;
        Ok(())
    }
}

fn set_model_fields(
    fields: &mut crate::model::ModelFields,
    change: &Change,
) -> Result<(), Diagnostic> {
    for field in &change.fields {
        let text = || match &field.new {
            Value::None => Ok(None),
            Value::Text(text) => Ok(Some(text.clone())),
            _ => Err(unfit(
                change,
                &format!("`{}` is not a text", field.field.as_str()),
            )),
        };
        match field.field {
            Field::Schema => fields.schema = text()?,
            Field::Title => fields.title = text()?.unwrap_or_default(),
            Field::Description => fields.description = text()?,
            Field::Context => {
                fields.context = match &field.new {
                    Value::None => Vec::new(),
                    Value::List(items) => items.clone(),
                    _ => return Err(unfit(change, "`context` is not a list of texts")),
                }
            }
            Field::Revision => fields.revision = text()?,
            Field::Issued => fields.issued = text()?.map(Spanned::new),
            Field::Language => fields.language = text()?.map(Spanned::new),
            Field::Period => {
                fields.period = match &field.new {
                    Value::None => None,
                    Value::Period(p) => Some(Spanned::new((p.start, p.end))),
                    _ => return Err(unfit(change, "`period` is not a period")),
                }
            }
            Field::ChainEnd => {
                fields.chain_end = match text()? {
                    None => None,
                    Some(name) => Some(
                        Stage::from_name(&name)
                            .ok_or_else(|| unfit(change, &format!("`{name}` is not a column")))?,
                    ),
                }
            }
            Field::BoxOrder => {
                fields.box_order =
                    match text()? {
                        None => None,
                        Some(name) => Some(BoxOrder::from_name(&name).ok_or_else(|| {
                            unfit(change, &format!("`{name}` is not a box order"))
                        })?),
                    }
            }
            Field::Meta => {
                fields.meta = match &field.new {
                    Value::None => None,
                    Value::Json(value) => Some(value.clone()),
                    _ => return Err(unfit(change, "`meta` is not JSON")),
                }
            }
            other => {
                return Err(unfit(
                    change,
                    &format!("a model has no field `{}`", other.as_str()),
                ))
            }
        }
    }
    Ok(())
}

fn node_index(model: &Model, change: &Change, id: &str) -> Result<NodeIndex, Diagnostic> {
    model.node_index(id).ok_or_else(|| not_found(change, id))
}

fn link_record(model: &Model, to: NodeIndex, detail: LinkDetail) -> LinkRecord<'static> {
    let target = model.node(to).id().to_string();
    if detail == LinkDetail::default() {
        LinkRecord::new(target)
    } else {
        LinkRecord::detailed(target, detail)
    }
}

/// The fields a node change lists, each `None` when it is not listed.
struct NodeFields {
    kind: Option<NodeKind>,
    term: Option<Option<Term>>,
    label: Option<Option<String>>,
    description: Option<Option<String>>,
    section: Option<Option<String>>,
    work_items: Option<Vec<String>>,
    kpis: Option<Vec<String>>,
}

impl NodeFields {
    fn of(change: &Change) -> Result<NodeFields, Diagnostic> {
        let kind = new_text(change, Field::Kind)?.flatten();
        let term = match new_text(change, Field::Term)? {
            None => None,
            Some(term) => Some(named(change, Field::Term, term, Term::from_name)?),
        };
        Ok(NodeFields {
            kind: named(change, Field::Kind, kind, NodeKind::from_name)?,
            term,
            label: new_text(change, Field::Label)?,
            description: new_text(change, Field::Description)?,
            section: new_text(change, Field::Section)?,
            work_items: new_list(change, Field::WorkItems)?,
            kpis: new_list(change, Field::Kpis)?,
        })
    }
}

/// The fields a link change lists.
struct LinkFields {
    rationale: Option<Option<String>>,
    evidence: Option<Option<String>>,
    confidence: Option<Option<Confidence>>,
    inferred: Option<bool>,
    link_type: Option<Option<LinkType>>,
}

impl LinkFields {
    fn of(change: &Change) -> Result<LinkFields, Diagnostic> {
        let confidence = match new_text(change, Field::Confidence)? {
            None => None,
            Some(c) => Some(named(change, Field::Confidence, c, Confidence::from_name)?),
        };
        let link_type = match new_text(change, Field::LinkType)? {
            None => None,
            Some(t) => Some(named(change, Field::LinkType, t, LinkType::from_name)?),
        };
        Ok(LinkFields {
            link_type,
            rationale: new_text(change, Field::Rationale)?,
            evidence: new_text(change, Field::Evidence)?,
            confidence,
            inferred: match change.field(Field::Inferred).map(|f| &f.new) {
                None => None,
                Some(Value::Bool(inferred)) => Some(*inferred),
                Some(Value::None) => Some(false),
                Some(_) => return Err(unfit(change, "`inferred` is not true or false")),
            },
        })
    }

    fn set(self, detail: &mut LinkDetail) {
        if let Some(rationale) = self.rationale {
            detail.rationale = rationale;
        }
        if let Some(evidence) = self.evidence {
            detail.evidence = evidence;
        }
        if let Some(confidence) = self.confidence {
            detail.confidence = confidence;
        }
        if let Some(inferred) = self.inferred {
            detail.inferred = inferred;
        }
        if let Some(link_type) = self.link_type {
            detail.link_type = link_type;
        }
    }
}

/// The fields a work item change lists.
struct ItemFields {
    title: Option<Option<String>>,
    owners: Option<Vec<String>>,
    current: Option<Option<String>>,
    ideal: Option<Option<String>>,
    schedule: Option<Vec<(i32, Vec<String>)>>,
    progress: Option<Vec<String>>,
    new_in_revision: Option<bool>,
    kpis: Option<Vec<String>>,
}

impl ItemFields {
    fn of(change: &Change) -> Result<ItemFields, Diagnostic> {
        let schedule = match new_value(change, Field::Schedule) {
            None => None,
            Some(Value::None) => Some(Vec::new()),
            Some(Value::Schedule(years)) => Some(years.clone()),
            Some(_) => return Err(unfit(change, "`schedule` is not a schedule")),
        };
        let new_in_revision = match new_value(change, Field::NewInRevision) {
            None => None,
            Some(Value::None) => Some(false),
            Some(Value::Bool(new)) => Some(*new),
            Some(_) => return Err(unfit(change, "`new_in_revision` is not a yes or no")),
        };
        Ok(ItemFields {
            title: new_text(change, Field::Title)?,
            owners: new_list(change, Field::Owners)?,
            current: new_text(change, Field::Current)?,
            ideal: new_text(change, Field::Ideal)?,
            schedule,
            progress: new_list(change, Field::Progress)?,
            new_in_revision,
            kpis: new_list(change, Field::Kpis)?,
        })
    }
}

/// The fields a KPI change lists.
struct KpiFields {
    indicator: Option<Option<String>>,
    unit: Option<Option<String>>,
    direction: Option<Direction>,
    baseline: Option<Option<crate::model::Baseline>>,
    target: Option<Option<crate::model::Measurement>>,
    target_note: Option<Option<String>>,
    qualitative_target: Option<Option<String>>,
    source: Option<Option<String>>,
    actuals: Option<Vec<crate::model::Measurement>>,
}

impl KpiFields {
    fn of(change: &Change) -> Result<KpiFields, Diagnostic> {
        let measurement = |field: Field| match new_value(change, field) {
            None => Ok(None),
            Some(Value::None) => Ok(Some(None)),
            Some(Value::Measurement(m)) => Ok(Some(Some(*m))),
            Some(_) => Err(unfit(
                change,
                &format!("`{}` is not a measurement", field.as_str()),
            )),
        };
        let actuals = match new_value(change, Field::Actuals) {
            None => None,
            Some(Value::None) => Some(Vec::new()),
            Some(Value::Measurements(items)) => Some(items.clone()),
            Some(_) => return Err(unfit(change, "`actuals` is not a list of measurements")),
        };
        let direction = new_text(change, Field::Direction)?.flatten();
        Ok(KpiFields {
            indicator: new_text(change, Field::Indicator)?,
            unit: new_text(change, Field::Unit)?,
            direction: named(change, Field::Direction, direction, Direction::from_name)?,
            baseline: match new_value(change, Field::Baseline) {
                None => None,
                Some(Value::None) => Some(None),
                Some(Value::Baseline(m)) => Some(Some(*m)),
                Some(Value::Measurement(m)) => Some(Some((*m).into())),
                Some(_) => return Err(unfit(change, "`baseline` is not a measurement")),
            },
            target: measurement(Field::Target)?,
            target_note: new_text(change, Field::TargetNote)?,
            qualitative_target: new_text(change, Field::QualitativeTarget)?,
            source: new_text(change, Field::Source)?,
            actuals,
        })
    }
}
