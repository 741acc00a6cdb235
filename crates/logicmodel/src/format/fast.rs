//! The fast path of the reader: one `serde_json` pass straight into the
//! [`raw`](super::raw) layer, for files that have no load error.
//!
//! `serde_json` gives no positions, but it hands out strings without
//! escapes as slices of the input, so a borrowed key or id *is* its
//! position (pointer minus start of text). An object starts at the `{`
//! before its first key; small values whose extent matters (a KPI's
//! `target`, the `period`) are read as `&RawValue` slices. Line and column
//! come from a cursor that only moves forward, because positions are asked
//! for in document order: the whole file is counted once, and no line
//! index is built.
//!
//! Anything this path does not read exactly as [`super::read`] would (a
//! type error, an unknown or repeated key, an escaped id, `null` where a
//! value is required, a bad enum value) makes it give up with `None`, and
//! the caller falls back to the slower reader, which reports every problem
//! with its position. So this path never produces a diagnostic, and a test
//! checks that whenever it returns a model, the slow reader returns the
//! same one with no diagnostic.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

use super::raw::*;
use super::read::{
    is_iso_date, schedule_year, FORMAT_VERSION, KPI_KEYS, LINK_KEYS, MEASUREMENT_KEYS, NODE_KEYS,
    SECTION_KEYS, TOP_KEYS, WORK_ITEM_KEYS,
};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::build::{Builder, LinkRecord, NodeRecord, NodeRefs, Ref};
use crate::model::{Confidence, Direction, Language, LinkDetail, Model, NodeKind, Stage, Term};

/// Reads `text` into a model and the diagnostics of building it, or `None`
/// when the file has anything the slow reader would report (including
/// invalid JSON).
///
/// A big file is read on two threads: this one parses, and a helper
/// builds the model from the records as they come, in order (so the result
/// is the same as on one thread). Without a helper thread, this one does both.
pub(super) fn load(text: &str) -> Option<(Model, Vec<Diagnostic>)> {
    const BUILD_ON_A_HELPER_ABOVE: usize = 1 << 20;
    load_with(text, text.len() > BUILD_ON_A_HELPER_ABOVE)
}

/// [`load`], building on a helper thread or not.
fn load_with(text: &str, helper: bool) -> Option<(Model, Vec<Diagnostic>)> {
    if !helper {
        return load_here(text);
    }
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch<'_>>(8);
        // Emptied batches go back to the parser, so that their memory is
        // reused rather than allocated, grown and freed thousands of times.
        let (recycle, recycled) = std::sync::mpsc::channel::<Batch<'_>>();
        let helper = std::thread::Builder::new().spawn_scoped(scope, move || {
            let mut builder = Builder::new();
            let mut lists = NodeRefs::default();
            for mut batch in receiver {
                batch.apply(&mut builder, &mut lists, true);
                // The parser may be done and gone; then the batch is dropped.
                let _ = recycle.send(batch);
            }
            builder
        });
        let Ok(helper) = helper else {
            return load_here(text);
        };
        // The sender is dropped when `parse` returns, which ends the helper's loop.
        let (top, _) = parse(text, Sink::Helper { sender, recycled });
        let builder = helper.join().ok()?;
        Some(builder.finish(top?))
    })
}

/// [`load`] on this thread alone.
fn load_here(text: &str) -> Option<(Model, Vec<Diagnostic>)> {
    let (top, sink) = parse(text, Sink::Here(Box::new(RefCell::new(Builder::new()))));
    match sink {
        Sink::Here(builder) => Some(builder.into_inner().finish(top?)),
        Sink::Helper { .. } => None,
    }
}

/// Parses `text`, handing every record to `sink`; returns the top-level
/// fields (record lists empty), or `None` to fall back to the slow reader.
fn parse<'a>(text: &'a str, sink: Sink<'a>) -> (Option<RawModel>, Sink<'a>) {
    let source = Source {
        text,
        cursor: Cell::new((0, 1, 1)),
        batch: RefCell::new(Batch::new()),
        sink,
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // serde_json's own limit on nesting (128) stays on: hostile depth is
    // an error here, and the slow reader reports it.
    let top = Top(&source)
        .deserialize(&mut deserializer)
        .and_then(|top| deserializer.end().map(|()| top))
        .ok();
    source.flush();
    (top, source.sink)
}

/// Where records go: a helper thread building the model, or a builder here.
enum Sink<'a> {
    Helper {
        sender: std::sync::mpsc::SyncSender<Batch<'a>>,
        recycled: std::sync::mpsc::Receiver<Batch<'a>>,
    },
    Here(Box<RefCell<Builder<'a>>>),
}

/// Records in file order, handed to the builder a few hundred at a time so
/// that passing them between threads costs little. The lists of the batch's
/// nodes are kept flat, in node order.
struct Batch<'a> {
    records: Vec<Record<'a>>,
    lists: NodeRefs<'a>,
}

enum Record<'a> {
    Section(RawSection),
    /// A node and how many entries of the batch's `to`, `work_items` and
    /// `kpis` lists are its own.
    Node(NodeRecord<'a>, [usize; 3]),
    WorkItem(RawWorkItem),
    Kpi(RawKpi),
    /// The `nodes` list has ended: the nodes can be linked while the rest
    /// of the file is read.
    NodesDone,
}

impl<'a> Batch<'a> {
    const SIZE: usize = 256;

    fn new() -> Batch<'a> {
        Batch {
            records: Vec::with_capacity(Batch::SIZE),
            lists: NodeRefs::default(),
        }
    }

    /// Hands the records to `builder`, leaving the batch empty; `lists` is
    /// scratch space for a node's lists. `on_helper`: the parser is busy
    /// on the other thread.
    fn apply(&mut self, builder: &mut Builder<'a>, lists: &mut NodeRefs<'a>, on_helper: bool) {
        let mut to = self.lists.to.drain(..);
        let mut work_items = self.lists.work_items.drain(..);
        let mut kpis = self.lists.kpis.drain(..);
        for record in self.records.drain(..) {
            match record {
                Record::Section(section) => builder.section(section),
                Record::Node(node, [n_to, n_work_items, n_kpis]) => {
                    lists.clear();
                    lists.to.extend(to.by_ref().take(n_to));
                    lists
                        .work_items
                        .extend(work_items.by_ref().take(n_work_items));
                    lists.kpis.extend(kpis.by_ref().take(n_kpis));
                    builder.node(node, lists);
                }
                Record::WorkItem(item) => builder.work_item(item),
                Record::Kpi(kpi) => builder.kpi(kpi),
                // The fast path has no unusable nodes (it gives up on them).
                Record::NodesDone => builder.link_nodes(&[], !on_helper),
            }
        }
    }
}

/// The text being read, the line/column cursor, and where records go (no
/// list of the file's records is ever held).
struct Source<'a> {
    text: &'a str,
    /// The last located (byte offset, line, column).
    cursor: Cell<(usize, usize, usize)>,
    batch: RefCell<Batch<'a>>,
    sink: Sink<'a>,
}

impl<'a> Source<'a> {
    fn emit(&self, record: Record<'a>) {
        let full = {
            let mut batch = self.batch.borrow_mut();
            batch.records.push(record);
            batch.records.len() >= Batch::SIZE
        };
        if full {
            self.flush();
        }
    }

    fn flush(&self) {
        let mut batch = self.batch.borrow_mut();
        match &self.sink {
            Sink::Helper { sender, recycled } => {
                let empty = recycled.try_recv().unwrap_or_else(|_| Batch::new());
                // A helper that has stopped (it cannot, short of a bug) makes
                // its `join` fail, and the caller falls back to the slow reader.
                let _ = sender.send(std::mem::replace(&mut *batch, empty));
            }
            Sink::Here(builder) => {
                batch.apply(&mut builder.borrow_mut(), &mut NodeRefs::default(), false)
            }
        }
    }
}

fn give_up<E: de::Error>() -> E {
    E::custom("not on the fast path")
}

const WHITESPACE: &[u8] = b" \t\n\r";

impl<'a> Source<'a> {
    /// The byte offset of `s`, which must be a slice of the text.
    fn offset_of<E: de::Error>(&self, s: &str) -> Result<usize, E> {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        if offset
            .checked_add(s.len())
            .is_some_and(|end| end <= self.text.len())
        {
            Ok(offset)
        } else {
            Err(give_up())
        }
    }

    /// Line and column of `offset`, counting from the last located position.
    fn locate(&self, offset: usize, len: usize) -> Location {
        let (from, mut line, mut column) = self.cursor.get();
        let text = self.text.as_bytes();
        if offset >= from {
            let between = &text[from..offset];
            // In pretty JSON the last newline is just before the position
            // (then only indentation and a key), so look for it from the end.
            match memchr::memrchr(b'\n', between) {
                None => column += count_chars(between),
                Some(last) => {
                    line += 1 + memchr::memchr_iter(b'\n', &between[..last]).count();
                    column = count_chars(&between[last + 1..]) + 1;
                }
            }
        } else {
            // Never needed in document order; correct, not fast.
            let before = &text[..offset];
            line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            column = count_chars(&before[line_start..]) + 1;
        }
        self.cursor.set((offset, line, column));
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len,
        }
    }

    /// A borrowed string value with the location of its literal (quotes included).
    fn spanned<E: de::Error>(&self, s: &'a str) -> Result<Spanned<String>, E> {
        Ok(Spanned {
            location: self.string_location(s)?,
            value: s.to_owned(),
        })
    }

    /// The location of a borrowed string's literal (quotes included).
    fn string_location<E: de::Error>(&self, s: &str) -> Result<Location, E> {
        let offset = self.offset_of(s)?;
        Ok(self.locate(offset.saturating_sub(1), s.len() + 2))
    }

    /// The location of a raw value, which spans the whole value.
    fn raw_location<E: de::Error>(&self, raw: &RawValue) -> Result<Location, E> {
        let offset = self.offset_of(raw.get())?;
        Ok(self.locate(offset, raw.get().len()))
    }

    /// The location of the `{` of an object whose first key is `key`.
    fn object_start<E: de::Error>(&self, key: &str) -> Result<Location, E> {
        Ok(self.locate(self.object_start_offset(key)?, 0))
    }

    /// The offset of the `{` of an object whose first key is `key`.
    fn object_start_offset<E: de::Error>(&self, key: &str) -> Result<usize, E> {
        let quote = self.offset_of(key)?.checked_sub(1).ok_or_else(give_up)?;
        let before = &self.text.as_bytes()[..quote];
        before
            .iter()
            .rposition(|b| !WHITESPACE.contains(b))
            .filter(|&i| before[i] == b'{')
            .ok_or_else(give_up)
    }

    /// Where a record is reported; see `read::record_location`.
    fn record_location<T>(&self, object: Location, id: &Spanned<T>) -> Location {
        super::read::record_location(object, id.location)
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The keys of an object read so far, as bits of their positions in the
/// format's list of keys, so that reading a record allocates nothing to
/// find repeated keys.
struct Seen {
    keys: &'static [&'static str],
    bits: u32,
}

impl Seen {
    fn new(keys: &'static [&'static str]) -> Seen {
        debug_assert!(keys.len() <= 32);
        Seen { keys, bits: 0 }
    }
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

/// Reads the next key, which must be known, borrowed (no escapes) and not
/// repeated.
fn next_key<'a, A: MapAccess<'a>>(
    map: &mut A,
    seen: &mut Seen,
) -> Result<Option<&'a str>, A::Error> {
    let Some(key) = map.next_key::<&'a str>()? else {
        return Ok(None);
    };
    let bit = 1u32
        << seen
            .keys
            .iter()
            .position(|known| same_key(known, key))
            .ok_or_else(give_up)?;
    if seen.bits & bit != 0 {
        return Err(give_up());
    }
    seen.bits |= bit;
    Ok(Some(key))
}

/// A sequence read element by element with a seed.
#[derive(Clone, Copy)]
struct SeqOf<S>(S);

impl<'a, S: DeserializeSeed<'a> + Copy> DeserializeSeed<'a> for SeqOf<S> {
    type Value = Vec<S::Value>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'a, S: DeserializeSeed<'a> + Copy> Visitor<'a> for SeqOf<S> {
    type Value = Vec<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = seq.next_element_seed(self.0)? {
            values.push(value);
        }
        Ok(values)
    }
}

/// A sequence whose elements, read with a seed, are pushed onto a vector.
struct PushTo<'v, S, T>(S, &'v mut Vec<T>);

impl<'a, S: DeserializeSeed<'a, Value = T> + Copy, T> DeserializeSeed<'a> for PushTo<'_, S, T> {
    type Value = ();
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'a, S: DeserializeSeed<'a, Value = T> + Copy, T> Visitor<'a> for PushTo<'_, S, T> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array")
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(value) = seq.next_element_seed(self.0)? {
            self.1.push(value);
        }
        Ok(())
    }
}

/// `null` (read as absent) or a value read with the seed.
struct Nullable<S>(S);

impl<'a, S: DeserializeSeed<'a>> DeserializeSeed<'a> for Nullable<S> {
    type Value = Option<S::Value>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_option(self)
    }
}

impl<'a, S: DeserializeSeed<'a>> Visitor<'a> for Nullable<S> {
    type Value = Option<S::Value>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(d).map(Some)
    }
}

/// A borrowed string with its location (an id or a reference to one).
#[derive(Clone, Copy)]
struct Id<'s, 'a>(&'s Source<'a>);

impl<'a> DeserializeSeed<'a> for Id<'_, 'a> {
    type Value = Spanned<String>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        let s = <&'a str>::deserialize(d)?;
        self.0.spanned(s)
    }
}

/// A string, borrowed from the text unless it has escapes.
#[derive(Clone, Copy)]
struct CowSeed;

impl<'a> DeserializeSeed<'a> for CowSeed {
    type Value = Cow<'a, str>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'a> Visitor<'a> for CowSeed {
    type Value = Cow<'a, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(s))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s.to_owned()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(s))
    }
}

/// A borrowed string with its location, kept borrowed (a reference to an id).
#[derive(Clone, Copy)]
struct RefSeed<'s, 'a>(&'s Source<'a>);

impl<'a> DeserializeSeed<'a> for RefSeed<'_, 'a> {
    type Value = Ref<'a>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        let s = <&'a str>::deserialize(d)?;
        let offset = self.0.offset_of(s)?;
        Ok(Spanned {
            value: Cow::Borrowed(s),
            location: self.0.locate(offset.saturating_sub(1), s.len() + 2),
        })
    }
}

/// The seed and visitor of a record type, which implements `read(map)`.
macro_rules! map_seed {
    ($seed:ident, $value:ty, $what:literal) => {
        impl<'a> DeserializeSeed<'a> for $seed<'_, 'a> {
            type Value = $value;
            fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_map(self)
            }
        }
        impl<'a> Visitor<'a> for $seed<'_, 'a> {
            type Value = $value;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str($what)
            }
            fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Self::Value, A::Error> {
                self.read(map)
            }
        }
    };
}

struct Top<'s, 'a>(&'s Source<'a>);
map_seed!(Top, RawModel, "a model object");

impl<'a> Top<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<RawModel, A::Error> {
        let source = self.0;
        let text = source.text.as_bytes();
        let start = text
            .iter()
            .position(|b| !WHITESPACE.contains(b))
            .unwrap_or(0);
        let end = text
            .iter()
            .rposition(|b| !WHITESPACE.contains(b))
            .map_or(start, |i| i + 1);
        let mut model = RawModel {
            location: source.locate(start, end - start),
            ..RawModel::default()
        };
        let mut seen = Seen::new(TOP_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            match key {
                "$schema" => model.schema = map.next_value()?,
                "format" => {
                    let raw: &'a RawValue = map.next_value()?;
                    if raw.get() != FORMAT_VERSION.to_string() {
                        return Err(give_up());
                    }
                    model.format = Some(Spanned {
                        value: FORMAT_VERSION,
                        location: source.raw_location(raw)?,
                    });
                }
                "title" => {
                    let raw: &'a RawValue = map.next_value()?;
                    let title: String = serde_json::from_str(raw.get()).map_err(|_| give_up())?;
                    model.title = Some(Spanned {
                        value: title,
                        location: source.raw_location(raw)?,
                    });
                }
                "description" => model.description = map.next_value()?,
                "revision" => model.revision = map.next_value()?,
                "issued" => {
                    let raw: Option<&'a RawValue> = map.next_value()?;
                    if let Some(raw) = raw {
                        let date: String =
                            serde_json::from_str(raw.get()).map_err(|_| give_up())?;
                        if !is_iso_date(&date) {
                            return Err(give_up());
                        }
                        model.issued = Some(Spanned {
                            value: date,
                            location: source.raw_location(raw)?,
                        });
                    }
                }
                "language" => {
                    let raw: Option<&'a RawValue> = map.next_value()?;
                    if let Some(raw) = raw {
                        let tag: String = serde_json::from_str(raw.get()).map_err(|_| give_up())?;
                        model.language = Some(Spanned {
                            value: Language::parse(&tag).ok_or_else(give_up)?,
                            location: source.raw_location(raw)?,
                        });
                    }
                }
                "period" => {
                    let raw: Option<&'a RawValue> = map.next_value()?;
                    if let Some(raw) = raw {
                        let period: PeriodFields =
                            serde_json::from_str(raw.get()).map_err(|_| give_up())?;
                        if period.start > period.end {
                            return Err(give_up());
                        }
                        model.period = Some(Spanned {
                            value: RawPeriod {
                                start: period.start,
                                end: period.end,
                            },
                            location: source.raw_location(raw)?,
                        });
                    }
                }
                "columns" => {
                    let columns: Option<ColumnFields> = map.next_value()?;
                    model.columns = columns.map(ColumnFields::into_raw);
                }
                "sections" => {
                    map.next_value_seed(Nullable(SeqOf(SectionSeed(source))))?;
                }
                "nodes" => {
                    map.next_value_seed(Nullable(SeqOf(NodeSeed(source))))?;
                    source.emit(Record::NodesDone);
                }
                "work_items" => {
                    map.next_value_seed(Nullable(SeqOf(WorkItemSeed(source))))?;
                }
                "kpis" => {
                    map.next_value_seed(Nullable(SeqOf(KpiSeed(source))))?;
                }
                "checks" => {
                    model.checks = map
                        .next_value_seed(Nullable(ChecksSeed(source)))?
                        .unwrap_or_default()
                }
                "meta" => model.meta = map.next_value()?,
                _ => return Err(give_up()),
            }
        }
        if model.format.is_none() || model.title.is_none() {
            return Err(give_up());
        }
        Ok(model)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PeriodFields {
    start: i32,
    end: i32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnFields {
    assumption: Option<String>,
    input: Option<String>,
    activity: Option<String>,
    output: Option<String>,
    outcome: Option<String>,
    outcome_short: Option<String>,
    outcome_medium: Option<String>,
    outcome_long: Option<String>,
    impact: Option<String>,
}

impl ColumnFields {
    fn into_raw(self) -> RawColumns {
        RawColumns {
            assumption: self.assumption,
            input: self.input,
            activity: self.activity,
            output: self.output,
            outcome: self.outcome,
            outcome_short: self.outcome_short,
            outcome_medium: self.outcome_medium,
            outcome_long: self.outcome_long,
            impact: self.impact,
        }
    }
}

#[derive(Clone, Copy)]
struct SectionSeed<'s, 'a>(&'s Source<'a>);
map_seed!(SectionSeed, (), "a section");

impl<'a> SectionSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0;
        let (mut id, mut label, mut object) = (None, None, None);
        let mut seen = Seen::new(SECTION_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            if object.is_none() {
                object = Some(source.object_start(key)?);
            }
            match key {
                "id" => id = Some(map.next_value_seed(Id(source))?),
                "label" => label = map.next_value()?,
                _ => return Err(give_up()),
            }
        }
        let (Some(id), Some(object)) = (id, object) else {
            return Err(give_up());
        };
        source.emit(Record::Section(RawSection {
            location: source.record_location(object, &id),
            id,
            label,
        }));
        Ok(())
    }
}

#[derive(Clone, Copy)]
struct NodeSeed<'s, 'a>(&'s Source<'a>);
map_seed!(NodeSeed, (), "a node");

impl<'a> NodeSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0;
        let (mut id, mut kind, mut term, mut label, mut object) = (None, None, None, None, None);
        let (mut description, mut section) = (None, None);
        // The lists go straight into the batch's flat lists.
        let mut batch = source.batch.borrow_mut();
        let before = [
            batch.lists.to.len(),
            batch.lists.work_items.len(),
            batch.lists.kpis.len(),
        ];
        let mut seen = Seen::new(NODE_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            if object.is_none() {
                object = Some(source.object_start(key)?);
            }
            match key {
                "id" => id = Some(map.next_value_seed(RefSeed(source))?),
                // Valid names need no position (a bad one goes to the slow reader).
                "kind" => {
                    let name: &'a str = map.next_value()?;
                    kind = Some(NodeKind::from_name(name).ok_or_else(give_up)?);
                }
                "term" => {
                    let name: Option<&'a str> = map.next_value()?;
                    term = name
                        .map(|name| Term::from_name(name).ok_or_else(give_up))
                        .transpose()?;
                }
                "label" => label = Some(map.next_value_seed(CowSeed)?),
                "description" => description = map.next_value_seed(Nullable(CowSeed))?,
                "section" => section = map.next_value_seed(Nullable(RefSeed(source)))?,
                "to" => {
                    let to = &mut batch.lists.to;
                    map.next_value_seed(Nullable(PushTo(LinkSeed(source), to)))?;
                }
                "work_items" => {
                    let work_items = &mut batch.lists.work_items;
                    map.next_value_seed(Nullable(PushTo(RefSeed(source), work_items)))?;
                }
                "kpis" => {
                    let kpis = &mut batch.lists.kpis;
                    map.next_value_seed(Nullable(PushTo(RefSeed(source), kpis)))?;
                }
                _ => return Err(give_up()),
            }
        }
        let (Some(id), Some(kind), Some(label), Some(object)) = (id, kind, label, object) else {
            return Err(give_up());
        };
        if term.is_some() && kind != NodeKind::Outcome {
            return Err(give_up());
        }
        let counts = [
            batch.lists.to.len() - before[0],
            batch.lists.work_items.len() - before[1],
            batch.lists.kpis.len() - before[2],
        ];
        drop(batch);
        source.emit(Record::Node(
            NodeRecord {
                location: source.record_location(object, &id),
                id,
                stage: Stage::new(kind, term),
                label,
                description,
                section,
            },
            counts,
        ));
        Ok(())
    }
}

/// An entry of `to`: a node id, or an object with `node`.
#[derive(Clone, Copy)]
struct LinkSeed<'s, 'a>(&'s Source<'a>);

impl<'a> DeserializeSeed<'a> for LinkSeed<'_, 'a> {
    type Value = LinkRecord<'a>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a> Visitor<'a> for LinkSeed<'_, 'a> {
    type Value = LinkRecord<'a>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a node id or a link object")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
        Ok(LinkRecord {
            target: RefSeed(self.0).deserialize(de::value::BorrowedStrDeserializer::new(s))?,
            detail: None,
        })
    }
    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let source = self.0;
        let (mut node, mut rationale, mut evidence, mut confidence) = (None, None, None, None);
        let mut seen = Seen::new(LINK_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            match key {
                "node" => node = Some(map.next_value_seed(RefSeed(source))?),
                "rationale" => rationale = map.next_value()?,
                "evidence" => evidence = map.next_value()?,
                "confidence" => {
                    let name: Option<&'a str> = map.next_value()?;
                    confidence = name
                        .map(|name| Confidence::from_name(name).ok_or_else(give_up))
                        .transpose()?;
                }
                _ => return Err(give_up()),
            }
        }
        Ok(LinkRecord {
            target: node.ok_or_else(give_up)?,
            detail: Some(Box::new(LinkDetail {
                rationale,
                evidence,
                confidence,
            })),
        })
    }
}

#[derive(Clone, Copy)]
struct WorkItemSeed<'s, 'a>(&'s Source<'a>);
map_seed!(WorkItemSeed, (), "a work item");

impl<'a> WorkItemSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0;
        let (mut id, mut title, mut object) = (None, None, None);
        let (mut owners, mut current, mut ideal) = (None, None, None);
        let (mut schedule, mut progress, mut kpis, mut new_in_revision) = (None, None, None, None);
        let mut seen = Seen::new(WORK_ITEM_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            if object.is_none() {
                object = Some(source.object_start(key)?);
            }
            match key {
                "id" => id = Some(map.next_value_seed(Id(source))?),
                "title" => title = Some(map.next_value::<String>()?),
                "owners" => owners = map.next_value()?,
                "current" => current = map.next_value()?,
                "ideal" => ideal = map.next_value()?,
                "schedule" => schedule = map.next_value_seed(Nullable(ScheduleSeed(source)))?,
                "progress" => progress = map.next_value()?,
                "kpis" => kpis = map.next_value_seed(Nullable(SeqOf(Id(source))))?,
                "new_in_revision" => new_in_revision = map.next_value()?,
                _ => return Err(give_up()),
            }
        }
        let (Some(id), Some(title), Some(object)) = (id, title, object) else {
            return Err(give_up());
        };
        source.emit(Record::WorkItem(RawWorkItem {
            location: source.record_location(object, &id),
            id,
            title,
            owners: owners.unwrap_or_default(),
            current,
            ideal,
            schedule: schedule.unwrap_or_default(),
            progress: progress.unwrap_or_default(),
            kpis: kpis.unwrap_or_default(),
            new_in_revision: new_in_revision.unwrap_or(false),
        }));
        Ok(())
    }
}

/// A work item's schedule: steps by fiscal year, in year order.
type Schedule = Vec<(Spanned<i32>, Vec<String>)>;

#[derive(Clone, Copy)]
struct ScheduleSeed<'s, 'a>(&'s Source<'a>);
map_seed!(ScheduleSeed, Schedule, "a schedule object");

impl<'a> ScheduleSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Schedule, A::Error> {
        let mut schedule: Schedule = Vec::new();
        while let Some(key) = map.next_key::<&'a str>()? {
            let year = schedule_year(key).ok_or_else(give_up)?;
            if schedule.iter().any(|(y, _)| y.value == year) {
                return Err(give_up());
            }
            let location = self.0.string_location(key)?;
            let steps: Vec<String> = map.next_value()?;
            schedule.push((
                Spanned {
                    value: year,
                    location,
                },
                steps,
            ));
        }
        schedule.sort_by_key(|(year, _)| year.value);
        Ok(schedule)
    }
}

#[derive(Clone, Copy)]
struct KpiSeed<'s, 'a>(&'s Source<'a>);
map_seed!(KpiSeed, (), "a KPI");

impl<'a> KpiSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0;
        let (mut id, mut indicator, mut unit, mut object) = (None, None, None, None);
        let (mut direction, mut baseline, mut target) = (None, None, None);
        let (mut target_note, mut actuals) = (None, None);
        let mut seen = Seen::new(KPI_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            if object.is_none() {
                object = Some(source.object_start(key)?);
            }
            match key {
                "id" => id = Some(map.next_value_seed(Id(source))?),
                "indicator" => indicator = Some(map.next_value::<String>()?),
                "unit" => unit = map.next_value()?,
                "direction" => {
                    let name: Option<&'a str> = map.next_value()?;
                    direction = name
                        .map(|name| Direction::from_name(name).ok_or_else(give_up))
                        .transpose()?;
                }
                "baseline" => baseline = map.next_value_seed(Nullable(MeasurementSeed(source)))?,
                "target" => target = map.next_value_seed(Nullable(MeasurementSeed(source)))?,
                "target_note" => target_note = map.next_value()?,
                "actuals" => {
                    actuals = map.next_value_seed(Nullable(SeqOf(MeasurementSeed(source))))?
                }
                _ => return Err(give_up()),
            }
        }
        let (Some(id), Some(indicator), Some(object)) = (id, indicator, object) else {
            return Err(give_up());
        };
        source.emit(Record::Kpi(RawKpi {
            location: source.record_location(object, &id),
            id,
            indicator,
            unit: unit.unwrap_or_default(),
            direction,
            baseline,
            target,
            target_note,
            actuals: actuals.unwrap_or_default(),
        }));
        Ok(())
    }
}

/// A `{year, value}` object, located from its `{` to its `}`. The numbers
/// are read from their text as the slow reader reads them (`str::parse`),
/// so that both readers agree to the last bit.
#[derive(Clone, Copy)]
struct MeasurementSeed<'s, 'a>(&'s Source<'a>);
map_seed!(MeasurementSeed, Spanned<RawMeasurement>, "a measurement");

impl<'a> MeasurementSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Spanned<RawMeasurement>, A::Error> {
        let source = self.0;
        let (mut year, mut value, mut start, mut last) = (None, None, None, None);
        let mut seen = Seen::new(MEASUREMENT_KEYS);
        while let Some(key) = next_key(&mut map, &mut seen)? {
            if start.is_none() {
                start = Some(source.object_start_offset(key)?);
            }
            let raw: &'a RawValue = map.next_value()?;
            last = Some(raw);
            match key {
                "year" => year = Some(raw.get().parse::<i32>().map_err(|_| give_up())?),
                "value" => {
                    let number = raw.get().parse::<f64>().map_err(|_| give_up())?;
                    if !number.is_finite() {
                        return Err(give_up());
                    }
                    value = Some(number);
                }
                _ => return Err(give_up()),
            }
        }
        let (Some(year), Some(value), Some(start), Some(last)) = (year, value, start, last) else {
            return Err(give_up());
        };
        // The object ends at the `}` after its last value.
        let after = source.offset_of(last.get())? + last.get().len();
        let close = source.text.as_bytes()[after..]
            .iter()
            .position(|b| !WHITESPACE.contains(b))
            .map(|i| after + i)
            .filter(|&i| source.text.as_bytes()[i] == b'}')
            .ok_or_else(give_up)?;
        Ok(Spanned {
            value: RawMeasurement { year, value },
            location: source.locate(start, close + 1 - start),
        })
    }
}

#[derive(Clone, Copy)]
struct ChecksSeed<'s, 'a>(&'s Source<'a>);
map_seed!(
    ChecksSeed,
    BTreeMap<String, Spanned<LevelName>>,
    "a checks object"
);

impl<'a> ChecksSeed<'_, 'a> {
    fn read<A: MapAccess<'a>>(
        self,
        mut map: A,
    ) -> Result<BTreeMap<String, Spanned<LevelName>>, A::Error> {
        let mut checks = BTreeMap::new();
        while let Some(key) = map.next_key::<&'a str>()? {
            let location = self.0.string_location(key)?;
            let level = match map.next_value::<&'a str>()? {
                "error" => LevelName::Error,
                "warning" => LevelName::Warning,
                "allow" => LevelName::Allow,
                _ => return Err(give_up()),
            };
            // A repeated code keeps the last level, as in the slow reader.
            checks.insert(
                key.to_owned(),
                Spanned {
                    value: level,
                    location,
                },
            );
        }
        Ok(checks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the fast path loads, as text to compare: the model (its
    /// `Debug` form shows every field, node and edge) and the diagnostics.
    fn fast(text: &str) -> Option<String> {
        let show = |(model, mut diagnostics): (Model, Vec<Diagnostic>)| {
            crate::diagnostic::sort(&mut diagnostics);
            format!("{model:#?}\n{diagnostics:#?}")
        };
        let here = load_with(text, false).map(show);
        // Building on a helper thread must give the very same result.
        assert_eq!(here, load_with(text, true).map(show), "{text}");
        here
    }

    /// What the slow reader loads, in the same form.
    fn slow(text: &str) -> String {
        let loaded = super::super::load_slowly(text);
        match loaded.model {
            Some(model) => format!("{model:#?}\n{:#?}", loaded.diagnostics),
            None => format!("no model\n{:#?}", loaded.diagnostics),
        }
    }

    /// Whenever the fast path returns a model, the slow reader returns the
    /// same model and the same diagnostics.
    fn agrees(text: &str) -> Result<(), String> {
        match fast(text) {
            Some(fast) if fast != slow(text) => {
                Err(format!("differs:\nfast {fast}\nslow {}", slow(text)))
            }
            _ => Ok(()),
        }
    }

    fn repo_files(dir: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dir);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .filter_map(|p| Some((p.display().to_string(), std::fs::read_to_string(&p).ok()?)))
            .collect();
        files.sort();
        files
    }

    #[test]
    fn real_models_take_the_fast_path_and_read_the_same() {
        let files = repo_files("models");
        assert!(files.len() >= 2);
        for (path, text) in files {
            assert!(
                load(&text).is_some(),
                "{path} falls back to the slow reader"
            );
            agrees(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }

    #[test]
    fn the_invalid_corpus_falls_back_or_reads_the_same() {
        let files = repo_files("tests/invalid");
        assert!(files.len() >= 30);
        for (path, text) in files {
            agrees(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        }
    }

    /// Many batches, and the nodes linked early while work items and KPIs
    /// are still being read: still the same model and diagnostics.
    #[test]
    fn a_model_of_many_batches_reads_the_same() {
        let kinds = ["activity", "output", "outcome", "impact"];
        let nodes: Vec<String> = (0..1500)
            .map(|i| {
                let kind = kinds[i % 4];
                // Every 97th id repeats an earlier one; every 89th link dangles.
                let id = if i % 97 == 96 { i - 50 } else { i };
                let next = if i % 89 == 0 { 100_000 } else { i + 1 };
                format!(
                    r#"{{"id": "n{id}", "kind": "{kind}", "label": "箱 {i}", "section": "s{}",
                        "to": ["n{next}", {{"node": "n{}", "rationale": "r"}}], "work_items": ["w{}"], "kpis": ["k{}"]}}"#,
                    i % 3,
                    i + 2,
                    i % 40,
                    i % 60
                )
            })
            .collect();
        let items: Vec<String> = (0..45)
            .map(|i| format!(r#"{{"id": "w{i}", "title": "t", "kpis": ["k{i}"]}}"#))
            .collect();
        let kpis: Vec<String> = (0..55)
            .map(|i| format!(r#"{{"id": "k{i}", "indicator": "x", "actuals": [{{"year": 2024, "value": {i}.5}}]}}"#))
            .collect();
        let text = format!(
            r#"{{"format": 1, "title": "t", "sections": [{{"id": "s0"}}, {{"id": "s1"}}],
            "nodes": [{}],
            "work_items": [{}], "kpis": [{}]}}"#,
            nodes.join(",\n"),
            items.join(",\n"),
            kpis.join(",\n")
        );
        assert!(load(&text).is_some());
        agrees(&text).unwrap();
    }

    #[test]
    fn locations_count_characters_on_one_long_line() {
        let text = r#"{"format": 1, "title": "江津", "nodes": [{"kind": "impact", "label": "x", "id": "b"}]}"#;
        let (model, _) = load(text).unwrap();
        let node = model.node(model.node_index("b").unwrap());
        // The id is on the object's line: the record is underlined from
        // `{` to the id; the CJK title counts one column per character.
        let brace = text.find("[{").unwrap() + 1;
        assert_eq!(node.location().offset, brace);
        assert_eq!(
            node.location().column as usize,
            text[..brace].chars().count() + 1
        );
        assert_eq!(node.location().len, text.find("\"b\"").unwrap() + 3 - brace);
        agrees(text).unwrap();
    }

    #[test]
    fn what_the_fast_path_leaves_to_the_slow_reader() {
        let base = |nodes: &str| format!(r#"{{"format": 1, "title": "t", "nodes": [{nodes}]}}"#);
        for text in [
            base(r#"{"id": "a\u0062", "kind": "impact", "label": "x"}"#),
            base(r#"{"id": "a", "kind": "impact", "label": "x", "id": "b"}"#),
            base(r#"{"id": "a", "kind": "impact", "label": null}"#),
            base(r#"{"id": "a", "kind": "impac", "label": "x"}"#),
            base(r#"{"id": "a", "kind": "impact", "label": "x", "term": "short"}"#),
            base(r#"{"id": "a", "kind": "impact", "label": "x", "extra": 1}"#),
            base(r#"{}"#),
            r#"{"format": 2, "title": "t"}"#.to_owned(),
            r#"{"format": 1.0, "title": "t"}"#.to_owned(),
            r#"{"format": 1}"#.to_owned(),
            r#"{"format": 1, "title": "t", "issued": "2024-13-01"}"#.to_owned(),
            r#"{"format": 1, "title": "t", "period": {"start": 2026, "end": 2024}}"#.to_owned(),
            r#"{"format": 1, "title": "t",}"#.to_owned(),
            "[1]".to_owned(),
        ] {
            assert!(load(&text).is_none(), "{text}");
        }
        // An escaped id is fine, but its position is not known here.
        let escaped = slow(&base(
            r#"{"id": "a\u0062", "kind": "impact", "label": "x"}"#,
        ));
        assert!(escaped.ends_with("\n[]"), "{escaped}");
    }

    /// Pieces of a model file, valid and invalid, spelled in the ways a
    /// person or a tool writes JSON.
    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("null".to_owned()),
            Just("1".to_owned()),
            Just("2024".to_owned()),
            Just("1e3".to_owned()),
            Just("-0".to_owned()),
            Just("true".to_owned()),
            Just("\"outcome\"".to_owned()),
            Just("\"impact\"".to_owned()),
            Just("\"short\"".to_owned()),
            Just("\"a\"".to_owned()),
            Just("\"b\"".to_owned()),
            Just("\"k\"".to_owned()),
            Just("\"w\"".to_owned()),
            Just("\"s\"".to_owned()),
            Just("\"\\u0061\"".to_owned()),
            Just("\"江津\\n市\"".to_owned()),
            Just("\"2024-04-01\"".to_owned()),
            Just("\"ja\"".to_owned()),
            Just("\"allow\"".to_owned()),
            Just("[\"a\", {\"node\": \"b\", \"confidence\": \"high\"}]".to_owned()),
            Just("[\"k\"]".to_owned()),
            Just("[]".to_owned()),
            Just("{}".to_owned()),
            Just("{\"year\": 2024, \"value\": 1.5}".to_owned()),
            Just("[{\"year\": 2025, \"value\": 2}]".to_owned()),
            Just("{\"2024\": [\"試行\"], \"2023\": []}".to_owned()),
            Just("{\"start\": 2024, \"end\": 2027}".to_owned()),
            Just("{\"dead-end\": \"error\", \"x\": \"allow\"}".to_owned()),
        ]
    }

    /// Values that fit `key`, most of the time, and anything otherwise.
    fn value_for(key: &'static str) -> BoxedStrategy<String> {
        let fitting: &[&str] = match key {
            "id" => &["\"a\"", "\"b\"", "\"a\""],
            "kind" => &["\"activity\"", "\"outcome\"", "\"outcome\"", "\"impact\""],
            "term" => &["\"short\"", "\"long\"", "null"],
            "label" | "title" | "indicator" => &["\"x\"", "\"江津 \\\"市\\\"\"", "\"\""],
            "unit" | "description" | "target_note" | "current" => &["\"x\"", "\"\\u6c5f\"", "null"],
            "section" => &["\"s\"", "\"t\"", "null"],
            "to" => &[
                "[\"a\", {\"node\": \"b\", \"confidence\": \"high\", \"rationale\": null}]",
                "[\"b\"]",
                "null",
            ],
            "work_items" => &["[\"w\"]", "[]"],
            "kpis" => &["[\"k\", \"k\"]", "[\"q\"]"],
            "owners" | "progress" => &["[\"課\", \"係\"]", "null"],
            "schedule" => &["{\"2024\": [\"試行\"], \"2023\": []}", "{}"],
            "new_in_revision" => &["true", "false"],
            "direction" => &["\"decrease\"", "\"increase\""],
            "baseline" | "target" => &[
                "{\"year\": 2024, \"value\": 1.5}",
                "{\"value\": 3, \"year\": 2030}",
                "null",
            ],
            "actuals" => &["[{\"year\": 2025, \"value\": 2}]", "[]"],
            "issued" => &["\"2024-04-01\""],
            "language" => &["\"ja\"", "\"en-GB\""],
            "period" => &["{\"start\": 2024, \"end\": 2027}"],
            "checks" => &["{\"dead-end\": \"error\", \"x\": \"allow\", \"dead-end\": \"allow\"}"],
            "meta" => &["{\"a\": [1, 2.5e3, null], \"a\": {}}"],
            "columns" => &["{\"impact\": \"ありたい姿\", \"input\": null}"],
            _ => &["1"],
        };
        prop_oneof![
            30 => prop::sample::select(fitting.to_vec()).prop_map(str::to_owned),
            1 => value(),
        ]
        .boxed()
    }

    /// An object with the `required` keys and some of the `optional` ones,
    /// in random order.
    fn object(
        required: &'static [&'static str],
        optional: &'static [&'static str],
    ) -> impl Strategy<Value = String> {
        let space = prop::sample::select(vec!["", " ", "\n  ", "\r\n\t"]);
        let extra = prop::sample::subsequence(optional.to_vec(), 0..optional.len().min(4));
        let fields = (Just(required), extra).prop_flat_map(|(required, extra)| {
            let keys: Vec<&'static str> = required.iter().copied().chain(extra).collect();
            let values: Vec<_> = keys.iter().map(|k| value_for(k)).collect();
            (Just(keys), values).prop_shuffle_fields()
        });
        (fields, space).prop_map(|(fields, s)| {
            let body: Vec<String> = fields
                .into_iter()
                .map(|(k, v)| format!("{s}\"{k}\":{s}{v}"))
                .collect();
            format!("{{{}}}", body.join(","))
        })
    }

    /// Pairs keys with values and shuffles them.
    trait ShuffleFields {
        fn prop_shuffle_fields(self) -> BoxedStrategy<Vec<(&'static str, String)>>;
    }

    impl ShuffleFields for (Just<Vec<&'static str>>, Vec<BoxedStrategy<String>>) {
        fn prop_shuffle_fields(self) -> BoxedStrategy<Vec<(&'static str, String)>> {
            let keys = self.0 .0;
            self.1
                .prop_map(move |values| keys.iter().copied().zip(values).collect::<Vec<_>>())
                .prop_shuffle()
                .boxed()
        }
    }

    fn model() -> impl Strategy<Value = String> {
        const NODE: &[&str] = &["term", "description", "section", "to", "work_items", "kpis"];
        const ITEM: &[&str] = &[
            "owners",
            "schedule",
            "progress",
            "kpis",
            "new_in_revision",
            "current",
        ];
        const KPI: &[&str] = &[
            "unit",
            "direction",
            "baseline",
            "target",
            "target_note",
            "actuals",
        ];
        const TOP: &[&str] = &[
            "issued",
            "language",
            "period",
            "checks",
            "meta",
            "description",
            "columns",
        ];
        (
            prop::collection::vec(object(&["id", "kind", "label"], NODE), 0..4),
            prop::collection::vec(object(&["id", "title"], ITEM), 0..3),
            prop::collection::vec(object(&["id", "indicator"], KPI), 0..3),
            object(&[], TOP),
            prop::sample::select(vec!["", " ", "\n"]),
        )
            .prop_map(|(nodes, items, kpis, top, space)| {
                let top = top.trim_start_matches('{').trim_end_matches('}');
                let comma = if top.is_empty() { "" } else { "," };
                format!(
                    "{space}{{\"format\": 1,{space}\"title\": \"t\",{space}\"sections\": [{{\"id\": \"s\"}}],\n\
                     \"nodes\": [{}],{space}\"work_items\": [{}],\n\"kpis\": [{}]{comma}{top}}}{space}",
                    nodes.join(",\n"),
                    items.join(","),
                    kpis.join(", "),
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn the_fast_path_reads_what_the_slow_reader_reads(text in model()) {
            if let Err(e) = agrees(&text) {
                prop_assert!(false, "{}\n{}", text, e);
            }
        }
    }

    /// The generator above must reach the fast path often, or the property
    /// proves little.
    #[test]
    fn the_generated_models_often_take_the_fast_path() {
        use proptest::strategy::ValueTree;
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let strategy = model();
        let fast = (0..1000)
            .filter(|_| load(&strategy.new_tree(&mut runner).unwrap().current()).is_some())
            .count();
        assert!(
            fast >= 150,
            "only {fast} of 1000 generated models take the fast path"
        );
    }
}
