//! The comparison behind [`diff`]: match the records of two models (by id,
//! then unmatched ones by content), then compare the fields of each pair.
//!
//! Kinds are matched in the order their references need: sections and KPIs
//! first (they refer to nothing), then work items (they list KPIs), then
//! nodes (they name a section, work items and KPIs), then links (between
//! matched nodes). A reference is compared through the matching of what it
//! points at, so it is "the same" when it points at the same record, under
//! whatever id.

use std::collections::HashMap;
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::{Change, ChangeKind, Changes, Field, FieldChange, RecordKind, Value};
use crate::model::{Baseline, ColumnKey, Kpi, LinkInfo, Measurement, Model, WorkItem};

/// Compares `old` with `new` and returns what changed.
///
/// Records are matched by id; an unmatched old record and an unmatched new
/// one with the same content (everything but the id, references compared
/// through the matching) are a rename, when that content is unique among
/// the unmatched records on both sides. See the [module
/// documentation](super) for what counts as a change.
///
/// Cost: O(size of both models) expected — each record is looked up once in
/// a hash table, each field compared once — plus the size of the result.
///
/// ```
/// let old = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let new = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["goal"]},
///   {"id": "goal", "kind": "impact", "label": "Joy"},
///   {"id": "w", "kind": "activity", "label": "Write", "to": ["goal"]}]}"#).model.unwrap();
/// let changes = logicmodel::diff::diff(&old, &new);
/// let lines: Vec<String> = changes.iter()
///     .map(|c| format!("{} {} {}", c.change.as_str(), c.kind.as_str(), c.id))
///     .collect();
/// assert_eq!(lines, ["renamed node goal", "added node w", "added link w->goal"]);
/// assert!(logicmodel::diff::diff(&new, &new).is_empty());
/// ```
pub fn diff(old: &Model, new: &Model) -> Changes {
    let sections = match_sections(old, new);
    let kpis = match_kpis(old, new);
    let items = match_work_items(old, new, &kpis);
    let nodes = match_nodes(old, new, &sections, &items, &kpis);
    let maps = Maps {
        sections: &sections,
        items: &items,
        kpis: &kpis,
    };
    let mut out = Vec::new();
    model_changes(old, new, &mut out);
    column_changes(old, new, &mut out);
    check_changes(old, new, &mut out);
    section_changes(old, new, &sections, &mut out);
    node_changes(old, new, &nodes, &maps, &mut out);
    link_changes(old, new, &nodes, &mut out);
    work_item_changes(old, new, &items, &kpis, &mut out);
    kpi_changes(old, new, &kpis, &mut out);
    Changes { changes: out }
}

/// Which old record each new record is, and back.
pub(super) struct Matching {
    pub old_to_new: Vec<Option<usize>>,
    pub new_to_old: Vec<Option<usize>>,
    /// Per new record: matched by content under another id.
    pub renamed: Vec<bool>,
}

impl Matching {
    /// Pairs records with equal ids.
    fn by_id<'a>(old: impl Iterator<Item = &'a str>, new: Vec<&'a str>) -> Matching {
        let mut positions: HashMap<&str, usize> = HashMap::with_capacity(new.len());
        for (i, id) in new.iter().enumerate() {
            positions.entry(id).or_insert(i);
        }
        let mut matching = Matching {
            old_to_new: Vec::new(),
            new_to_old: vec![None; new.len()],
            renamed: vec![false; new.len()],
        };
        for (o, id) in old.enumerate() {
            let n = positions.get(id).copied();
            if let Some(n) = n {
                matching.new_to_old[n] = Some(o);
            }
            matching.old_to_new.push(n);
        }
        matching
    }

    /// Pairs unmatched records whose content keys are equal and unique on
    /// both sides; a record without a key (no content to speak of) is never
    /// paired.
    fn renames(
        &mut self,
        old_key: impl Fn(usize) -> Option<String>,
        new_key: impl Fn(usize) -> Option<String>,
    ) {
        // Key → (how many unmatched records have it, the first one).
        fn count(map: &mut HashMap<String, (usize, usize)>, key: String, index: usize) {
            map.entry(key).or_insert((0, index)).0 += 1;
        }
        let mut old_keys = HashMap::new();
        for (o, n) in self.old_to_new.iter().enumerate() {
            if n.is_none() {
                if let Some(key) = old_key(o) {
                    count(&mut old_keys, key, o);
                }
            }
        }
        if old_keys.is_empty() {
            return;
        }
        let mut new_keys = HashMap::new();
        for n in 0..self.new_to_old.len() {
            if self.new_to_old[n].is_none() {
                if let Some(key) = new_key(n) {
                    count(&mut new_keys, key, n);
                }
            }
        }
        for (key, &(new_count, n)) in &new_keys {
            if let Some(&(1, o)) = old_keys.get(key) {
                if new_count == 1 {
                    self.old_to_new[o] = Some(n);
                    self.new_to_old[n] = Some(o);
                    self.renamed[n] = true;
                }
            }
        }
    }

    /// The reference to old record `o` as the key of a new-side reference:
    /// the new record it is, or a mark that it is gone.
    fn key_of_old(&self, o: usize, key: &mut Key) {
        match self.old_to_new[o] {
            Some(n) => key.reference(n),
            None => key.gone(o),
        }
    }
}

/// A content key: every part length-prefixed, so that different contents
/// never give the same key.
#[derive(Default)]
struct Key(String);

impl Key {
    fn text(&mut self, text: &str) -> &mut Key {
        let _ = write!(self.0, "{}:{text}", text.len());
        self
    }
    fn option(&mut self, text: Option<&str>) -> &mut Key {
        match text {
            Some(text) => {
                self.0.push('+');
                self.text(text)
            }
            None => {
                self.0.push('-');
                self
            }
        }
    }
    fn list<'s>(&mut self, items: impl IntoIterator<Item = &'s String>) -> &mut Key {
        self.0.push('[');
        for item in items {
            self.text(item);
        }
        self.0.push(']');
        self
    }
    fn number(&mut self, value: f64) -> &mut Key {
        // 0.0 and -0.0 are equal measurements, so they must key alike.
        let value = if value == 0.0 { 0.0 } else { value };
        let _ = write!(self.0, "{value:?};");
        self
    }
    fn measurement(&mut self, m: Option<impl Into<Baseline>>) -> &mut Key {
        match m.map(Into::into) {
            Some(m) => {
                if let Some(year) = m.year {
                    let _ = write!(self.0, "{year}");
                }
                self.0.push('/');
                self.number(m.value)
            }
            None => {
                self.0.push('-');
                self
            }
        }
    }
    fn reference(&mut self, n: usize) {
        let _ = write!(self.0, "n{n};");
    }
    fn gone(&mut self, o: usize) {
        let _ = write!(self.0, "o{o};");
    }
    fn finish(&mut self) -> Option<String> {
        Some(std::mem::take(&mut self.0))
    }
}

fn match_sections(old: &Model, new: &Model) -> Matching {
    let mut matching = Matching::by_id(
        old.sections().iter().map(|s| s.id().as_str()),
        new.sections().iter().map(|s| s.id().as_str()).collect(),
    );
    // A section is its label; one without a label has no content to match.
    let key = |model: &Model, i: usize| {
        model.sections()[i]
            .written_label()
            .and_then(|label| Key::default().text(label).finish())
    };
    matching.renames(|o| key(old, o), |n| key(new, n));
    matching
}

fn kpi_key(kpi: &Kpi) -> Option<String> {
    let mut key = Key::default();
    key.text(&kpi.indicator)
        .text(&kpi.unit)
        .text(kpi.direction.as_str())
        .measurement(kpi.baseline)
        .measurement(kpi.target)
        .option(kpi.target_note.as_deref());
    for &m in &kpi.actuals {
        key.measurement(Some(m));
    }
    key.finish()
}

fn match_kpis(old: &Model, new: &Model) -> Matching {
    let mut matching = Matching::by_id(
        old.kpis().iter().map(|k| k.id().as_str()),
        new.kpis().iter().map(|k| k.id().as_str()).collect(),
    );
    matching.renames(|o| kpi_key(&old.kpis()[o]), |n| kpi_key(&new.kpis()[n]));
    matching
}

/// A work item's content key; `kpi` writes the key of each KPI it lists.
fn work_item_key(item: &WorkItem, kpi: impl Fn(usize, &mut Key)) -> Option<String> {
    let mut key = Key::default();
    key.text(&item.title)
        .list(&item.owners)
        .option(item.current.as_deref())
        .option(item.ideal.as_deref());
    for (year, steps) in &item.schedule {
        let _ = write!(key.0, "{year}");
        key.list(steps);
    }
    key.list(&item.progress);
    key.0.push(if item.new_in_revision { 'N' } else { '-' });
    for &k in item.kpi_indices() {
        kpi(k, &mut key);
    }
    key.finish()
}

fn match_work_items(old: &Model, new: &Model, kpis: &Matching) -> Matching {
    let mut matching = Matching::by_id(
        old.work_items().iter().map(|w| w.id().as_str()),
        new.work_items().iter().map(|w| w.id().as_str()).collect(),
    );
    matching.renames(
        |o| work_item_key(&old.work_items()[o], |k, key| kpis.key_of_old(k, key)),
        |n| work_item_key(&new.work_items()[n], |k, key| key.reference(k)),
    );
    matching
}

fn match_nodes(
    old: &Model,
    new: &Model,
    sections: &Matching,
    items: &Matching,
    kpis: &Matching,
) -> Matching {
    let mut matching = Matching::by_id(
        old.nodes().map(|(_, n)| n.id().as_str()),
        new.nodes().map(|(_, n)| n.id().as_str()).collect(),
    );
    // Nodes' content: everything but the links, which point at nodes and
    // would make the matching depend on itself.
    let key = |model: &Model, i: usize, side: &dyn Fn(&Matching, usize, &mut Key)| {
        let node = model.node(NodeIndex::new(i));
        let mut key = Key::default();
        key.text(node.kind().as_str())
            .option(node.term().map(|t| t.as_str()))
            .text(node.label())
            .option(node.description());
        match node.section_index() {
            Some(s) => side(sections, s, &mut key),
            None => key.0.push('-'),
        }
        key.0.push('|');
        for &w in node.work_item_indices() {
            side(items, w, &mut key);
        }
        key.0.push('|');
        for &k in node.kpi_indices() {
            side(kpis, k, &mut key);
        }
        key.finish()
    };
    matching.renames(
        |o| key(old, o, &|m, i, key| m.key_of_old(i, key)),
        |n| key(new, n, &|_, i, key| key.reference(i)),
    );
    matching
}

/// The matchings a node's references are compared through.
struct Maps<'m> {
    sections: &'m Matching,
    items: &'m Matching,
    kpis: &'m Matching,
}

/// Whether old references `old` point at the records new references `new` are.
fn same_references(matching: &Matching, old: &[usize], new: &[usize]) -> bool {
    old.len() == new.len()
        && old
            .iter()
            .zip(new)
            .all(|(&o, &n)| matching.old_to_new[o] == Some(n))
}

fn text(text: &str) -> Value {
    Value::Text(text.to_owned())
}

fn option(text: Option<&str>) -> Value {
    text.map_or(Value::None, |t| Value::Text(t.to_owned()))
}

fn list<'s>(items: impl IntoIterator<Item = &'s str>) -> Value {
    Value::List(items.into_iter().map(str::to_owned).collect())
}

fn measurement(m: Option<Measurement>) -> Value {
    m.map_or(Value::None, Value::Measurement)
}

/// The value an absent field has, of the same shape as `value`.
fn empty_like(value: &Value) -> Value {
    match value {
        Value::List(_) => Value::List(Vec::new()),
        Value::Measurements(_) => Value::Measurements(Vec::new()),
        Value::Schedule(_) => Value::Schedule(Vec::new()),
        Value::Bool(_) => Value::Bool(false),
        _ => Value::None,
    }
}

/// Fields of an added record (old values empty) or of a removed one (new
/// values empty): the ones that are set.
fn set_fields(values: Vec<(Field, Value)>, added: bool) -> Vec<FieldChange> {
    values
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(field, value)| {
            let empty = empty_like(&value);
            if added {
                FieldChange {
                    field,
                    old: empty,
                    new: value,
                }
            } else {
                FieldChange {
                    field,
                    old: value,
                    new: empty,
                }
            }
        })
        .collect()
}

/// The fields that differ between two lists of the same fields in the same
/// order; `same` decides for reference fields (`Some`), whose values name
/// records by their own side's ids.
fn differing(
    old: Vec<(Field, Value)>,
    new: Vec<(Field, Value)>,
    same: impl Fn(Field) -> Option<bool>,
) -> Vec<FieldChange> {
    old.into_iter()
        .zip(new)
        .filter(|((field, old), (_, new))| !same(*field).unwrap_or(old == new))
        .map(|((field, old), (_, new))| FieldChange { field, old, new })
        .collect()
}

/// What one kind of record needs to be listed: ids, labels and fields on
/// each side, and how its references compare.
struct Records<'a> {
    kind: RecordKind,
    matching: &'a Matching,
    old_id: &'a dyn Fn(usize) -> String,
    new_id: &'a dyn Fn(usize) -> String,
    old_label: &'a dyn Fn(usize) -> String,
    new_label: &'a dyn Fn(usize) -> String,
    old_fields: &'a dyn Fn(usize) -> Vec<(Field, Value)>,
    new_fields: &'a dyn Fn(usize) -> Vec<(Field, Value)>,
    same_reference: &'a dyn Fn(Field, usize, usize) -> Option<bool>,
}

impl Records<'_> {
    /// The changes, new records in order then removed ones in old order.
    fn changes(&self, out: &mut Vec<Change>) {
        let change = |change, id: String, label, fields| Change {
            change,
            kind: self.kind,
            id,
            old_id: None,
            link: None,
            label,
            fields,
        };
        for n in 0..self.matching.new_to_old.len() {
            match self.matching.new_to_old[n] {
                Some(o) => {
                    let fields = differing((self.old_fields)(o), (self.new_fields)(n), |f| {
                        (self.same_reference)(f, o, n)
                    });
                    if self.matching.renamed[n] {
                        let mut renamed = change(
                            ChangeKind::Renamed,
                            (self.new_id)(n),
                            (self.new_label)(n),
                            fields,
                        );
                        renamed.old_id = Some((self.old_id)(o));
                        out.push(renamed);
                    } else if !fields.is_empty() {
                        out.push(change(
                            ChangeKind::Changed,
                            (self.new_id)(n),
                            (self.new_label)(n),
                            fields,
                        ));
                    }
                }
                None => out.push(change(
                    ChangeKind::Added,
                    (self.new_id)(n),
                    (self.new_label)(n),
                    set_fields((self.new_fields)(n), true),
                )),
            }
        }
        for (o, n) in self.matching.old_to_new.iter().enumerate() {
            if n.is_none() {
                out.push(change(
                    ChangeKind::Removed,
                    (self.old_id)(o),
                    (self.old_label)(o),
                    set_fields((self.old_fields)(o), false),
                ));
            }
        }
    }
}

fn model_fields(model: &Model) -> Vec<(Field, Value)> {
    vec![
        (Field::Schema, option(model.schema())),
        (Field::Title, text(model.title())),
        (Field::Description, option(model.description())),
        (Field::Context, Value::List(model.context().to_vec())),
        (Field::Revision, option(model.revision())),
        (Field::Issued, option(model.issued())),
        (
            Field::Language,
            option(model.language().map(|l| l.as_str())),
        ),
        (
            Field::Period,
            model.period().map_or(Value::None, Value::Period),
        ),
        (
            Field::ChainEnd,
            option(model.chain_end_setting().map(|s| s.as_str())),
        ),
        (
            Field::BoxOrder,
            option(model.box_order().map(|o| o.as_str())),
        ),
        (
            Field::Meta,
            model.meta().cloned().map_or(Value::None, Value::Json),
        ),
    ]
}

fn model_changes(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let fields = differing(model_fields(old), model_fields(new), |_| None);
    if !fields.is_empty() {
        out.push(Change {
            change: ChangeKind::Changed,
            kind: RecordKind::Model,
            id: String::new(),
            old_id: None,
            link: None,
            label: new.title().to_owned(),
            fields,
        });
    }
}

/// Pairs of values by key, in key order, from two key-sorted lists.
fn by_key<K: Ord + Copy, V>(
    old: impl IntoIterator<Item = (K, V)>,
    new: impl IntoIterator<Item = (K, V)>,
) -> Vec<(K, Option<V>, Option<V>)> {
    let mut pairs: Vec<(K, Option<V>, Option<V>)> = Vec::new();
    let mut new = new.into_iter().peekable();
    for (key, value) in old {
        while let Some((k, _)) = new.peek() {
            if *k >= key {
                break;
            }
            let (k, v) = new.next().expect("peeked");
            pairs.push((k, None, Some(v)));
        }
        match new.peek() {
            Some((k, _)) if *k == key => {
                let (_, v) = new.next().expect("peeked");
                pairs.push((key, Some(value), Some(v)));
            }
            _ => pairs.push((key, Some(value), None)),
        }
    }
    pairs.extend(new.map(|(k, v)| (k, None, Some(v))));
    pairs
}

/// One keyed entry (a column heading, a lint level) as a change of `field`.
fn keyed_change(
    kind: RecordKind,
    id: &str,
    field: Field,
    old: Option<&str>,
    new: Option<&str>,
) -> Option<Change> {
    let (change, label) = match (old, new) {
        (Some(o), Some(n)) if o == n => return None,
        (Some(_), Some(n)) => (ChangeKind::Changed, n),
        (None, Some(n)) => (ChangeKind::Added, n),
        (Some(o), None) => (ChangeKind::Removed, o),
        (None, None) => return None,
    };
    Some(Change {
        change,
        kind,
        id: id.to_owned(),
        old_id: None,
        link: None,
        label: if kind == RecordKind::Check {
            id.to_owned()
        } else {
            label.to_owned()
        },
        fields: vec![FieldChange {
            field,
            old: option(old),
            new: option(new),
        }],
    })
}

fn column_changes(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let written = |m: &Model| -> Vec<(ColumnKey, String)> {
        let mut columns: Vec<(ColumnKey, String)> = m
            .columns()
            .written()
            .map(|(k, h)| (k, h.to_owned()))
            .collect();
        columns.sort_by_key(|&(k, _)| k);
        columns
    };
    for (key, o, n) in by_key(written(old), written(new)) {
        out.extend(keyed_change(
            RecordKind::Column,
            key.as_str(),
            Field::Heading,
            o.as_deref(),
            n.as_deref(),
        ));
    }
}

fn check_changes(old: &Model, new: &Model, out: &mut Vec<Change>) {
    let levels = |m: &Model| -> Vec<_> {
        m.levels()
            .iter()
            .map(|(&code, &(level, _))| (code, level.as_str()))
            .collect()
    };
    for (code, o, n) in by_key(levels(old), levels(new)) {
        out.extend(keyed_change(
            RecordKind::Check,
            code.as_str(),
            Field::Level,
            o,
            n,
        ));
    }
}

fn section_changes(old: &Model, new: &Model, sections: &Matching, out: &mut Vec<Change>) {
    let fields =
        |m: &Model, i: usize| vec![(Field::Label, option(m.sections()[i].written_label()))];
    Records {
        kind: RecordKind::Section,
        matching: sections,
        old_id: &|i| old.sections()[i].id().to_string(),
        new_id: &|i| new.sections()[i].id().to_string(),
        old_label: &|i| old.sections()[i].label().to_owned(),
        new_label: &|i| new.sections()[i].label().to_owned(),
        old_fields: &|i| fields(old, i),
        new_fields: &|i| fields(new, i),
        same_reference: &|_, _, _| None,
    }
    .changes(out);
}

fn node_fields(model: &Model, i: usize) -> Vec<(Field, Value)> {
    let index = NodeIndex::new(i);
    let node = model.node(index);
    vec![
        (Field::Kind, text(node.kind().as_str())),
        (Field::Term, option(node.term().map(|t| t.as_str()))),
        (Field::Label, text(node.label())),
        (Field::Description, option(node.description())),
        (
            Field::Section,
            option(
                node.section_index()
                    .map(|s| model.sections()[s].id().as_str()),
            ),
        ),
        (
            Field::WorkItems,
            list(model.work_items_of(index).map(|w| w.id().as_str())),
        ),
        (
            Field::Kpis,
            list(model.own_kpis_of(index).map(|k| k.id().as_str())),
        ),
    ]
}

fn node_changes(
    old: &Model,
    new: &Model,
    nodes: &Matching,
    maps: &Maps<'_>,
    out: &mut Vec<Change>,
) {
    let same_reference = |field: Field, o: usize, n: usize| {
        let (a, b) = (old.node(NodeIndex::new(o)), new.node(NodeIndex::new(n)));
        match field {
            Field::Section => Some(match (a.section_index(), b.section_index()) {
                (Some(s), Some(t)) => maps.sections.old_to_new[s] == Some(t),
                (None, None) => true,
                _ => false,
            }),
            Field::WorkItems => Some(same_references(
                maps.items,
                a.work_item_indices(),
                b.work_item_indices(),
            )),
            Field::Kpis => Some(same_references(maps.kpis, a.kpi_indices(), b.kpi_indices())),
            _ => None,
        }
    };
    let id = |m: &Model, i: usize| m.node(NodeIndex::new(i)).id().to_string();
    let label = |m: &Model, i: usize| m.node(NodeIndex::new(i)).label().to_owned();
    Records {
        kind: RecordKind::Node,
        matching: nodes,
        old_id: &|i| id(old, i),
        new_id: &|i| id(new, i),
        old_label: &|i| label(old, i),
        new_label: &|i| label(new, i),
        old_fields: &|i| node_fields(old, i),
        new_fields: &|i| node_fields(new, i),
        same_reference: &same_reference,
    }
    .changes(out);
}

fn link_fields(info: &LinkInfo) -> Vec<(Field, Value)> {
    vec![
        (Field::Rationale, option(info.rationale())),
        (Field::Evidence, option(info.evidence())),
        (
            Field::Confidence,
            option(info.confidence().map(|c| c.as_str())),
        ),
        (Field::Inferred, Value::Bool(info.inferred())),
        (
            Field::LinkType,
            option(info.link_type().map(|t| t.as_str())),
        ),
    ]
}

fn link_change(
    change: ChangeKind,
    model: &Model,
    from: NodeIndex,
    to: NodeIndex,
    fields: Vec<FieldChange>,
) -> Change {
    let (a, b) = (model.node(from), model.node(to));
    Change {
        change,
        kind: RecordKind::Link,
        id: format!("{}->{}", a.id(), b.id()),
        old_id: None,
        link: Some((a.id().to_string(), b.id().to_string())),
        label: format!("{} → {}", a.label(), b.label()),
        fields,
    }
}

fn link_changes(old: &Model, new: &Model, nodes: &Matching, out: &mut Vec<Change>) {
    // A node lists a target once, so (from, to) identifies a link.
    let mut old_links: HashMap<(usize, usize), &LinkInfo> =
        HashMap::with_capacity(old.edge_count());
    for edge in old.edges() {
        old_links.insert((edge.from.index(), edge.to.index()), edge.info);
    }
    let mut matched = 0;
    for edge in new.edges() {
        let endpoints = nodes.new_to_old[edge.from.index()].zip(nodes.new_to_old[edge.to.index()]);
        match endpoints.and_then(|key| old_links.get(&key).map(|info| (key, *info))) {
            Some((key, info)) => {
                // What is left in the table at the end was removed.
                matched += 1;
                old_links.remove(&key);
                let fields = differing(link_fields(info), link_fields(edge.info), |_| None);
                if !fields.is_empty() {
                    out.push(link_change(
                        ChangeKind::Changed,
                        new,
                        edge.from,
                        edge.to,
                        fields,
                    ));
                }
            }
            None => out.push(link_change(
                ChangeKind::Added,
                new,
                edge.from,
                edge.to,
                set_fields(link_fields(edge.info), true),
            )),
        }
    }
    if matched == old.edge_count() {
        return;
    }
    for edge in old.edges() {
        if old_links.contains_key(&(edge.from.index(), edge.to.index())) {
            out.push(link_change(
                ChangeKind::Removed,
                old,
                edge.from,
                edge.to,
                set_fields(link_fields(edge.info), false),
            ));
        }
    }
}

fn work_item_fields(model: &Model, i: usize) -> Vec<(Field, Value)> {
    let item = &model.work_items()[i];
    vec![
        (Field::Title, text(&item.title)),
        (Field::Owners, list(item.owners.iter().map(String::as_str))),
        (Field::Current, option(item.current.as_deref())),
        (Field::Ideal, option(item.ideal.as_deref())),
        (Field::Schedule, Value::Schedule(item.schedule.clone())),
        (
            Field::Progress,
            list(item.progress.iter().map(String::as_str)),
        ),
        (Field::NewInRevision, Value::Bool(item.new_in_revision)),
        (
            Field::Kpis,
            list(model.kpis_of_work_item(item).map(|k| k.id().as_str())),
        ),
    ]
}

fn work_item_changes(
    old: &Model,
    new: &Model,
    items: &Matching,
    kpis: &Matching,
    out: &mut Vec<Change>,
) {
    let same_reference = |field: Field, o: usize, n: usize| {
        (field == Field::Kpis).then(|| {
            same_references(
                kpis,
                old.work_items()[o].kpi_indices(),
                new.work_items()[n].kpi_indices(),
            )
        })
    };
    Records {
        kind: RecordKind::WorkItem,
        matching: items,
        old_id: &|i| old.work_items()[i].id().to_string(),
        new_id: &|i| new.work_items()[i].id().to_string(),
        old_label: &|i| old.work_items()[i].title.clone(),
        new_label: &|i| new.work_items()[i].title.clone(),
        old_fields: &|i| work_item_fields(old, i),
        new_fields: &|i| work_item_fields(new, i),
        same_reference: &same_reference,
    }
    .changes(out);
}

fn kpi_fields(kpi: &Kpi) -> Vec<(Field, Value)> {
    vec![
        (Field::Indicator, text(&kpi.indicator)),
        (
            Field::Unit,
            if kpi.unit.is_empty() {
                Value::None
            } else {
                text(&kpi.unit)
            },
        ),
        (Field::Direction, text(kpi.direction.as_str())),
        (
            Field::Baseline,
            kpi.baseline.map_or(Value::None, Value::Baseline),
        ),
        (Field::Target, measurement(kpi.target)),
        (
            Field::QualitativeTarget,
            option(kpi.qualitative_target.as_deref()),
        ),
        (Field::TargetNote, option(kpi.target_note.as_deref())),
        (Field::Source, option(kpi.source.as_deref())),
        (Field::Actuals, Value::Measurements(kpi.actuals.clone())),
    ]
}

fn kpi_changes(old: &Model, new: &Model, kpis: &Matching, out: &mut Vec<Change>) {
    Records {
        kind: RecordKind::Kpi,
        matching: kpis,
        old_id: &|i| old.kpis()[i].id().to_string(),
        new_id: &|i| new.kpis()[i].id().to_string(),
        old_label: &|i| old.kpis()[i].indicator.clone(),
        new_label: &|i| new.kpis()[i].indicator.clone(),
        old_fields: &|i| kpi_fields(&old.kpis()[i]),
        new_fields: &|i| kpi_fields(&new.kpis()[i]),
        same_reference: &|_, _, _| None,
    }
    .changes(out);
}
