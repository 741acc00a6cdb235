//! The reader: one `serde_json` pass over the text, straight into the
//! [`ModelBuilder`], reporting every problem of the file with its position
//! and skipping what it cannot use.
//!
//! Visitors accept a value of any type, so a value of the wrong type is a
//! diagnostic, never a `serde_json` error: the only errors that stop the
//! pass are syntax errors (then the file has one `invalid-json`
//! diagnostic and no model). Positions come for free from what `serde_json`
//! borrows from the text: a string without escapes *is* its position
//! (pointer minus start of text), an object starts at the `{` before its
//! first key, and small values whose extent matters (the `format`, a
//! `period`, a measurement) are read as `&RawValue` slices. Everything
//! else, which only a problem needs (a number where a string belongs, an
//! escaped key, the end of an object missing a field), is found by
//! [`super::locate`] re-reading the text, on the error path only. Line and
//! column come from a cursor that moves in document order.
//!
//! A big file is read on two threads: this one parses, a helper builds the
//! model from records handed over in batches, in order, so the result is
//! the same as on one thread.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;

use super::keys::{
    ColumnsKey, KeySet, KpiKey, LayoutKey, LinkKey, MeasurementKey, NodeKey, PeriodKey, SectionKey,
    TopKey, WorkItemKey, LEVEL_NAMES,
};
use super::locate::{Locator, Step};
use crate::diagnostic::{excerpt, Code, Diagnostic, Level, Location};
use crate::model::build::NodeRefs;
use crate::model::records::{
    KpiRecord, LinkRecord, ModelFields, NodeRecord, Ref, SectionRecord, Spanned, WorkItemRecord,
};
use crate::model::{Baseline, LinkDetail, Measurement, Model, ModelBuilder};
use crate::vocabulary::{
    closest, loose_stage, BoxOrder, Confidence, Direction, LinkType, NodeKind, Stage, Term,
};

/// The format version this library reads.
pub const FORMAT_VERSION: u32 = 1;

/// What reading found: the model (unless the text is not JSON or not a
/// JSON object) and every diagnostic of reading and building it, unsorted.
pub(super) fn read(text: &str, parallel: bool) -> (Option<Model>, Vec<Diagnostic>) {
    const BUILD_ON_A_HELPER_ABOVE: usize = 1 << 20;
    if parallel && text.len() > BUILD_ON_A_HELPER_ABOVE {
        if let Some(read) = read_with_helper(text) {
            return read;
        }
    }
    let builder = RefCell::new(ModelBuilder::new().parallel(parallel));
    let parsed = parse(text, &Sink::Here(&builder));
    finish(parsed, || Some(builder.into_inner()))
}

/// [`read`] with the model built on a helper thread; `None` if no thread
/// could be started (or the helper failed), to read on this one instead.
fn read_with_helper(text: &str) -> Option<(Option<Model>, Vec<Diagnostic>)> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Batch<'_>>(8);
        // Emptied batches go back to the parser, so that their memory is
        // reused rather than allocated, grown and freed thousands of times.
        let (recycle, recycled) = std::sync::mpsc::channel::<Batch<'_>>();
        let helper = std::thread::Builder::new()
            .spawn_scoped(scope, move || {
                let mut builder = ModelBuilder::new();
                let mut lists = NodeRefs::default();
                for mut batch in receiver {
                    batch.apply(&mut builder, &mut lists, true);
                    // The parser may be done and gone; then the batch is dropped.
                    let _ = recycle.send(batch);
                }
                builder
            })
            .ok()?;
        let sink = Sink::Helper { sender, recycled };
        let parsed = parse(text, &sink);
        // Dropping the sender ends the helper's loop.
        drop(sink);
        Some(finish(parsed, || helper.join().ok()))
    })
}

/// The model and diagnostics of a parse, built by `builder` unless the
/// text is not a model at all.
fn finish<'a>(
    parsed: Result<Parsed, Diagnostic>,
    builder: impl FnOnce() -> Option<ModelBuilder<'a>>,
) -> (Option<Model>, Vec<Diagnostic>) {
    let builder = builder();
    match (parsed, builder) {
        (Ok(parsed), Some(mut builder)) => {
            if parsed.links_damaged {
                builder.links_incomplete();
            }
            let (model, mut diagnostics) = builder.finish(parsed.fields);
            diagnostics.extend(parsed.diagnostics);
            (Some(model), diagnostics)
        }
        (Err(diagnostic), _) => (None, vec![diagnostic]),
        // The helper thread panicked: a bug, passed on as one.
        (Ok(_), None) => panic!("the model builder failed on its helper thread"),
    }
}

/// Parses `text`, handing every record to `sink`; returns the model's own
/// fields and the reader's diagnostics, or the one diagnostic of a text
/// that is not a model (not JSON, not an object).
fn parse<'a>(text: &'a str, sink: &Sink<'_, 'a>) -> Result<Parsed, Diagnostic> {
    let source = Source {
        text,
        cursor: Cell::new((0, 1, 1)),
        batch: RefCell::new(Batch::new()),
        sink,
        diagnostics: RefCell::new(Vec::new()),
        links_damaged: Cell::new(false),
        locator: RefCell::new(None),
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // serde_json's own limit on nesting (128) stays on: hostile depth is
    // an `invalid-json` error, and nothing here recurses deeper.
    let top = Ctx {
        source: &source,
        trail: None,
    };
    let read = AsObject(TopReader(top))
        .deserialize(&mut deserializer)
        .and_then(|top| deserializer.end().map(|()| top));
    source.flush();
    match read {
        Err(error) => Err(super::json_error(text, &error)),
        Ok(None) => {
            let (start, len) = trimmed(text);
            Err(Diagnostic::new(
                Code::InvalidModel,
                "a model file must contain a JSON object",
                source.locate(start, len),
            )
            .with_help(r#"start from {"format": 1, "title": "...", "nodes": []}"#))
        }
        Ok(Some(fields)) => Ok(Parsed {
            fields,
            links_damaged: source.links_damaged.get(),
            diagnostics: source.diagnostics.into_inner(),
        }),
    }
}

/// What a parse found besides the records it handed to the builder.
struct Parsed {
    fields: ModelFields,
    links_damaged: bool,
    diagnostics: Vec<Diagnostic>,
}

/// The byte range of `text` without leading and trailing JSON whitespace.
fn trimmed(text: &str) -> (usize, usize) {
    let bytes = text.as_bytes();
    let start = bytes
        .iter()
        .position(|b| !WHITESPACE.contains(b))
        .unwrap_or(0);
    let end = bytes
        .iter()
        .rposition(|b| !WHITESPACE.contains(b))
        .map_or(start, |i| i + 1);
    (start, end - start)
}

const WHITESPACE: &[u8] = b" \t\n\r";

// ---------------------------------------------------------------------------
// Records on their way to the builder.

/// Where records go: a helper thread building the model, or a builder here.
enum Sink<'b, 'a> {
    Helper {
        sender: std::sync::mpsc::SyncSender<Batch<'a>>,
        recycled: std::sync::mpsc::Receiver<Batch<'a>>,
    },
    Here(&'b RefCell<ModelBuilder<'a>>),
}

/// Records in file order, handed to the builder a few hundred at a time so
/// that passing them between threads costs little. The lists of the batch's
/// nodes are kept flat, in node order.
struct Batch<'a> {
    records: Vec<Record<'a>>,
    lists: NodeRefs<'a>,
}

enum Record<'a> {
    Section(SectionRecord),
    /// The node just before it lost links its `to` has in the file.
    LinksLost,
    /// A node (its own lists empty) and how many entries of the batch's
    /// `to`, `work_items` and `kpis` lists are its own.
    Node(NodeRecord<'a>, [usize; 3]),
    /// A node left out for its own error.
    LeftOut(String),
    WorkItem(WorkItemRecord),
    Kpi(KpiRecord),
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
    fn apply(&mut self, builder: &mut ModelBuilder<'a>, lists: &mut NodeRefs<'a>, on_helper: bool) {
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
                    builder.node_with_lists(node, lists);
                }
                Record::LeftOut(id) => builder.left_out_node(id),
                Record::LinksLost => builder.links_lost(),
                Record::WorkItem(item) => builder.work_item(item),
                Record::Kpi(kpi) => builder.kpi(kpi),
                Record::NodesDone => builder.link_nodes(!on_helper),
            }
        }
    }
}

// ---------------------------------------------------------------------------
// The text, positions and diagnostics.

/// The text being read, the line/column cursor, where records go, and the
/// reader's diagnostics (no list of the file's records is ever held).
struct Source<'b, 'a> {
    text: &'a str,
    /// The last located (byte offset, line, column).
    cursor: Cell<(usize, usize, usize)>,
    batch: RefCell<Batch<'a>>,
    sink: &'b Sink<'b, 'a>,
    diagnostics: RefCell<Vec<Diagnostic>>,
    /// Set when a node was left out with no id to name it, or the `nodes`
    /// list itself is not a list: links were lost whose targets are unknown.
    links_damaged: Cell<bool>,
    /// Made on the first problem that needs it.
    locator: RefCell<Option<Locator<'a>>>,
}

impl<'a> Source<'_, 'a> {
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

    /// How many problems the reader has reported so far (all errors: the
    /// reader's codes are not lints).
    fn error_count(&self) -> usize {
        self.diagnostics.borrow().len()
    }

    fn flush(&self) {
        let mut batch = self.batch.borrow_mut();
        match self.sink {
            Sink::Helper { sender, recycled } => {
                let empty = recycled.try_recv().unwrap_or_else(|_| Batch::new());
                // A helper that has stopped (it cannot, short of a bug) makes
                // its `join` fail, which `finish` reports.
                let _ = sender.send(std::mem::replace(&mut *batch, empty));
            }
            Sink::Here(builder) => {
                batch.apply(&mut builder.borrow_mut(), &mut NodeRefs::default(), false)
            }
        }
    }

    /// The byte offset of `s` if it is a slice of the text.
    fn offset_of(&self, s: &str) -> Option<usize> {
        let offset = (s.as_ptr() as usize).wrapping_sub(self.text.as_ptr() as usize);
        offset
            .checked_add(s.len())
            .is_some_and(|end| end <= self.text.len())
            .then_some(offset)
    }

    /// Line and column of `offset`, counting from the last located position.
    fn locate(&self, offset: usize, len: usize) -> Location {
        let (from, mut line, mut column) = self.cursor.get();
        let text = self.text.as_bytes();
        let offset = offset.min(text.len());
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
            // Back a little, as when a problem is reported at the start of
            // the object just read: count back to the cursor or the line start.
            let between = &text[offset..from];
            let newlines = memchr::memchr_iter(b'\n', between).count();
            if newlines == 0 {
                column -= count_chars(between);
            } else {
                line -= newlines;
                let line_start = memchr::memrchr(b'\n', &text[..offset]).map_or(0, |i| i + 1);
                column = count_chars(&text[line_start..offset]) + 1;
            }
        }
        self.cursor.set((offset, line, column));
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len,
        }
    }

    /// The location of a string literal whose content starts at `offset`.
    fn literal_at(&self, offset: usize, content_len: usize) -> Location {
        self.locate(offset.saturating_sub(1), content_len + 2)
    }

    /// The offset of the `{` of an object whose first key's content starts at `key`.
    fn object_start_offset(&self, key: usize) -> Option<usize> {
        let quote = key.checked_sub(1)?;
        let before = &self.text.as_bytes()[..quote];
        before
            .iter()
            .rposition(|b| !WHITESPACE.contains(b))
            .filter(|&i| before[i] == b'{')
    }

    /// The spans of the value at the end of `trail`, found by re-reading.
    fn find(&self, trail: Option<&Trail<'_>>) -> Option<super::locate::Found> {
        let path = Trail::path(trail);
        let mut locator = self.locator.borrow_mut();
        locator
            .get_or_insert_with(|| Locator::new(self.text))
            .find(&path)
    }

    /// Where the value at the end of `trail` is (its whole extent).
    fn value_location(&self, trail: Option<&Trail<'_>>) -> Location {
        match self.find(trail) {
            Some(found) => self.locate(found.value.0, found.value.1),
            None => self.here(),
        }
    }

    /// Where the key at the end of `trail` is (quotes included).
    fn key_location(&self, trail: Option<&Trail<'_>>) -> Location {
        match self.find(trail).and_then(|found| found.key) {
            Some((start, len)) => self.locate(start, len),
            None => self.here(),
        }
    }

    /// Where the reader last located something: the best place left when
    /// a value cannot be found (which re-reading valid JSON never causes).
    fn here(&self) -> Location {
        let (offset, ..) = self.cursor.get();
        self.locate(offset, 0)
    }

    fn report(&self, diagnostic: Diagnostic) {
        self.diagnostics.borrow_mut().push(diagnostic);
    }

    /// Adds `id` to every diagnostic reported since `mark` that names no id yet.
    fn tag_since(&self, mark: usize, id: &str) {
        for diagnostic in &mut self.diagnostics.borrow_mut()[mark..] {
            if diagnostic.ids().is_empty() {
                *diagnostic = diagnostic.clone().with_id(id);
            }
        }
    }

    fn mark(&self) -> usize {
        self.diagnostics.borrow().len()
    }
}

/// Characters in UTF-8 bytes: every byte that does not continue a character.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// The path from the top-level object to the value being read, as a list
/// linked through the reader's stack frames: free to make, and turned into
/// a path only when a problem needs the value's position.
#[derive(Clone, Copy)]
struct Trail<'t> {
    parent: Option<&'t Trail<'t>>,
    step: Step<'t>,
}

impl<'t> Trail<'t> {
    fn path(trail: Option<&Trail<'t>>) -> Vec<Step<'t>> {
        let mut path = Vec::new();
        let mut at = trail;
        while let Some(trail) = at {
            path.push(trail.step);
            at = trail.parent;
        }
        path.reverse();
        path
    }
}

/// What the reader needs while reading one value: the source and the
/// value's trail.
#[derive(Clone, Copy)]
struct Ctx<'s, 'a> {
    source: &'s Source<'s, 'a>,
    trail: Option<&'s Trail<'s>>,
}

/// What a value turned out to be.
#[derive(Clone, Copy, Debug)]
enum Found {
    /// A string; its content's offset and length when borrowed from the text.
    String(Option<(usize, usize)>),
    Number,
    Boolean,
    Object,
    Array,
    Null,
}

impl Found {
    fn name(self) -> &'static str {
        match self {
            Found::String(_) => "a string",
            Found::Number => "a number",
            Found::Boolean => "a boolean",
            Found::Object => "an object",
            Found::Array => "an array",
            Found::Null => "null",
        }
    }

    /// What a raw value is, from its first byte.
    fn of_raw(raw: &str) -> Found {
        match raw.as_bytes().first() {
            Some(b'"') => Found::String(None),
            Some(b't' | b'f') => Found::Boolean,
            Some(b'n') => Found::Null,
            Some(b'{') => Found::Object,
            Some(b'[') => Found::Array,
            _ => Found::Number,
        }
    }
}

impl<'s, 'a> Ctx<'s, 'a> {
    /// Where the value is.
    fn location(self, found: Found) -> Location {
        match found {
            Found::String(Some((offset, len))) => self.source.literal_at(offset, len),
            _ => self.source.value_location(self.trail),
        }
    }

    /// Reports a value of the wrong type.
    fn wrong_type(self, found: Found, what: &str, expected: &str) {
        let location = self.location(found);
        self.source.report(Diagnostic::new(
            Code::InvalidModel,
            format!("{what} must be {expected}, found {}", found.name()),
            location,
        ));
    }

    /// Reports a required key missing from the object at the end of the trail.
    fn missing(self, what: &str, key: &str) -> Diagnostic {
        Diagnostic::new(
            Code::InvalidModel,
            format!("{what} is missing the required field `{key}`"),
            self.source.value_location(self.trail),
        )
    }

    /// Where a string is: its literal when borrowed, else found by re-reading.
    fn string_location(self, offset: Option<usize>, text: &str) -> Location {
        match offset {
            Some(offset) => self.source.literal_at(offset, text.len()),
            None => self.source.value_location(self.trail),
        }
    }

    /// The object start, as a location, from its first key or by re-reading.
    fn object_start(self, from_key: Option<usize>) -> Location {
        match from_key.and_then(|key| self.source.object_start_offset(key)) {
            Some(start) => self.source.locate(start, 0),
            None => {
                let location = self.source.value_location(self.trail);
                Location { len: 0, ..location }
            }
        }
    }
}

/// Where a record (node, work item, KPI, section) is reported: from the
/// start of its object to the end of its id when both are on one line
/// (`{"id": "x"` is underlined), else at the id itself, so that diagnostics
/// in pretty-printed files point at the line that names the record.
fn record_location(object: Location, id: Location) -> Location {
    let end = id.offset + id.len;
    if id.line == object.line && end > object.offset {
        Location {
            len: end - object.offset,
            ..object
        }
    } else {
        id
    }
}

// ---------------------------------------------------------------------------
// Values of any type.

/// A string and its content's offset, when it is borrowed from the text.
type Text<'a> = (Cow<'a, str>, Option<usize>);

/// A string value, or what the value was instead.
type Scalar<'a> = Result<Text<'a>, Found>;

/// Reads any value as a [`Scalar`]: strings are kept, anything else is
/// skipped and named.
#[derive(Clone, Copy)]
struct ScalarSeed<'s, 'a>(&'s Source<'s, 'a>);

impl<'a> DeserializeSeed<'a> for ScalarSeed<'_, 'a> {
    type Value = Scalar<'a>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// The visits of a value that is not what a visitor wants: each maps to a
/// [`Found`] (containers are skipped first) and then to the visitor's value.
macro_rules! other_visits {
    ($other:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other(self, Found::Boolean))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other(self, Found::Number))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other(self, Found::Number))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other(self, Found::Number))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other(self, Found::Null))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other(self, Found::Null))
        }
    };
}

macro_rules! other_strings {
    ($other:expr) => {
        fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
            let span = self.offset_of(s).map(|offset| (offset, s.len()));
            Ok($other(self, Found::String(span)))
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            Ok($other(self, Found::String(None)))
        }
    };
}

macro_rules! other_containers {
    ($other:expr) => {
        fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
            Ok($other(self, Found::Object))
        }
        fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($other(self, Found::Array))
        }
    };
}

impl<'a> Visitor<'a> for ScalarSeed<'_, 'a> {
    type Value = Scalar<'a>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
        Ok(Ok((Cow::Borrowed(s), self.0.offset_of(s))))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(Ok((Cow::Owned(s.to_owned()), None)))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(Ok((Cow::Owned(s), None)))
    }
    other_visits!(|_, found| Err(found));
    other_containers!(|_, found| Err(found));
}

/// A key, borrowed unless it has escapes, with its content's offset.
struct KeySeed<'s, 'a>(&'s Source<'s, 'a>);

impl<'a> DeserializeSeed<'a> for KeySeed<'_, 'a> {
    type Value = Text<'a>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'a> Visitor<'a> for KeySeed<'_, 'a> {
    type Value = Text<'a>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
        Ok((Cow::Borrowed(s), self.0.offset_of(s)))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok((Cow::Owned(s.to_owned()), None))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok((Cow::Owned(s), None))
    }
}

// ---------------------------------------------------------------------------
// Objects and lists of any shape.

/// How to read an object, and what to make of a value that is not one.
trait ObjectReader<'a>: Sized {
    type Output;
    fn ctx(&self) -> Ctx<'_, 'a>;
    fn read<A: MapAccess<'a>>(self, map: A) -> Result<Self::Output, A::Error>;
    fn other(self, found: Found) -> Self::Output;
}

/// Reads a value with an [`ObjectReader`].
struct AsObject<R>(R);

impl<'a, R: ObjectReader<'a>> DeserializeSeed<'a> for AsObject<R> {
    type Value = R::Output;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a, R: ObjectReader<'a>> AsObject<R> {
    fn offset_of(&self, s: &str) -> Option<usize> {
        self.0.ctx().source.offset_of(s)
    }
}

impl<'a, R: ObjectReader<'a>> Visitor<'a> for AsObject<R> {
    type Value = R::Output;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.read(map)
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.0.other(Found::Array))
    }
    other_visits!(|s: Self, found| s.0.other(found));
    other_strings!(|s: Self, found| s.0.other(found));
}

/// How to read a list, and what to make of a value that is not one.
trait ListReader<'a>: Sized {
    type Output;
    fn ctx(&self) -> Ctx<'_, 'a>;
    fn read<A: SeqAccess<'a>>(self, seq: A) -> Result<Self::Output, A::Error>;
    fn other(self, found: Found) -> Self::Output;
}

/// Reads a value with a [`ListReader`].
struct AsList<R>(R);

impl<'a, R: ListReader<'a>> DeserializeSeed<'a> for AsList<R> {
    type Value = R::Output;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'a, R: ListReader<'a>> AsList<R> {
    fn offset_of(&self, s: &str) -> Option<usize> {
        self.0.ctx().source.offset_of(s)
    }
}

impl<'a, R: ListReader<'a>> Visitor<'a> for AsList<R> {
    type Value = R::Output;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_seq<A: SeqAccess<'a>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.read(seq)
    }
    fn visit_map<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(self.0.other(Found::Object))
    }
    other_visits!(|s: Self, found| s.0.other(found));
    other_strings!(|s: Self, found| s.0.other(found));
}

/// What [`read_fields`] saw of an object.
struct Seen {
    /// Bits of the known keys present.
    present: u64,
    /// The offset of the `{`, when the first key was borrowed from the text.
    first_key: Option<usize>,
}

impl Seen {
    fn has<K: KeySet>(&self, key: K) -> bool {
        self.present & (1 << key.index()) != 0
    }
}

/// Reads the keys of an object: a repeated key is reported and its value
/// skipped, an unknown key is reported (with the closest known key as
/// help) and its value skipped, and each known key is handed to `field`
/// with its trail. As the format says, `null` for a key that is not
/// required is the same as leaving the key out.
fn read_fields<'s, 'a, K: KeySet, A: MapAccess<'a>>(
    ctx: Ctx<'s, 'a>,
    map: &mut A,
    what: &str,
    mut field: impl FnMut(&mut A, K, Ctx<'_, 'a>) -> Result<(), A::Error>,
) -> Result<Seen, A::Error> {
    let source = ctx.source;
    let mut seen = Seen {
        present: 0,
        first_key: None,
    };
    let mut first = true;
    // Unknown keys, and how often each key was met, kept only once needed.
    let mut unknown: Vec<String> = Vec::new();
    let mut repeats: Vec<(String, usize)> = Vec::new();
    while let Some((name, offset)) = map.next_key_seed(KeySeed(source))? {
        if first {
            seen.first_key = offset;
            first = false;
        }
        let known = K::from_name(&name);
        let repeated = match known {
            Some(key) => seen.has(key),
            None => unknown.iter().any(|u| *u == name),
        };
        let key_location = |occurrence: usize| match offset {
            Some(offset) => source.literal_at(offset, name.len()),
            None => {
                let step = Trail {
                    parent: ctx.trail,
                    step: Step::Key(&name, occurrence),
                };
                source.key_location(Some(&step))
            }
        };
        if repeated {
            let occurrence = match repeats.iter_mut().find(|(k, _)| *k == name) {
                Some((_, count)) => {
                    *count += 1;
                    *count
                }
                None => {
                    repeats.push((name.to_string(), 1));
                    1
                }
            };
            source.report(Diagnostic::new(
                Code::InvalidModel,
                format!("{what} has the key `{}` twice", excerpt(&name)),
                key_location(occurrence),
            ));
            map.next_value::<IgnoredAny>()?;
            continue;
        }
        match known {
            Some(key) => {
                seen.present |= 1 << key.index();
                let trail = Trail {
                    parent: ctx.trail,
                    step: Step::Key(K::NAMES[key.index()], 0),
                };
                field(
                    map,
                    key,
                    Ctx {
                        source,
                        trail: Some(&trail),
                    },
                )?;
            }
            None => {
                unknown.push(name.to_string());
                // Even set to `null`: a misspelt key is a mistake to report.
                map.next_value::<IgnoredAny>()?;
                let help = match closest(&name, K::NAMES) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {}", K::NAMES.join(", ")),
                };
                source.report(
                    Diagnostic::new(
                        Code::UnknownField,
                        format!("unknown key `{}` in {what}", excerpt(&name)),
                        key_location(0),
                    )
                    .with_help(help),
                );
            }
        }
    }
    Ok(seen)
}

// ---------------------------------------------------------------------------
// Typed values.

impl<'s, 'a> Ctx<'s, 'a> {
    /// A string, or `None` (absent for a `null` that is allowed, else reported).
    fn string<A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        required: bool,
    ) -> Result<Option<Text<'a>>, A::Error> {
        Ok(self.scalar(
            map.next_value_seed(ScalarSeed(self.source))?,
            what,
            required,
        ))
    }

    fn scalar(self, scalar: Scalar<'a>, what: &str, required: bool) -> Option<Text<'a>> {
        match scalar {
            Ok(s) => Some(s),
            Err(Found::Null) if !required => None,
            Err(found) => {
                self.wrong_type(found, what, "a string");
                None
            }
        }
    }

    /// A string kept as an owned `String`.
    fn owned<A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        required: bool,
    ) -> Result<Option<String>, A::Error> {
        Ok(self
            .string(map, what, required)?
            .map(|(s, _)| s.into_owned()))
    }

    /// A string with the location of its literal.
    fn spanned<A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        required: bool,
    ) -> Result<Option<Ref<'a>>, A::Error> {
        Ok(self.string(map, what, required)?.map(|(value, offset)| {
            let location = self.string_location(offset, &value);
            Spanned { value, location }
        }))
    }

    /// A string that must be one of `allowed`.
    fn choice<T, A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        required: bool,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<Spanned<T>>, A::Error> {
        let scalar = map.next_value_seed(ScalarSeed(self.source))?;
        Ok(self.choice_of(scalar, what, required, allowed, parse))
    }

    /// [`Ctx::choice`] whose help, for a name not allowed, is `hint`'s when
    /// it has one (a fix that is more than a spelling: `outcome_short` is
    /// `"kind": "outcome", "term": "short"`).
    fn choice_hinted<T, A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        required: bool,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        hint: impl Fn(&str) -> Option<String>,
    ) -> Result<Option<Spanned<T>>, A::Error> {
        let scalar = map.next_value_seed(ScalarSeed(self.source))?;
        Ok(self.choice_with_hint(scalar, what, required, allowed, parse, hint))
    }

    fn choice_of<T>(
        self,
        scalar: Scalar<'a>,
        what: &str,
        required: bool,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        self.choice_with_hint(scalar, what, required, allowed, parse, |_| None)
    }

    fn choice_with_hint<T>(
        self,
        scalar: Scalar<'a>,
        what: &str,
        required: bool,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
        hint: impl Fn(&str) -> Option<String>,
    ) -> Option<Spanned<T>> {
        let (name, offset) = self.scalar(scalar, what, required)?;
        // A valid name needs no position (none is asked for on this path).
        if let Some(value) = parse(&name) {
            return Some(Spanned {
                value,
                location: match offset {
                    Some(offset) => self.source.literal_at(offset, name.len()),
                    None => Location::default(),
                },
            });
        }
        let list = allowed
            .iter()
            .map(|a| format!("`{a}`"))
            .collect::<Vec<_>>()
            .join(", ");
        let help = hint(&name).unwrap_or_else(|| {
            closest(&name, allowed).map_or(format!("use one of {list}"), |c| {
                format!("did you mean `{c}`?")
            })
        });
        self.source.report(
            Diagnostic::new(
                Code::InvalidModel,
                format!("{what} must be one of {list}, found `{}`", excerpt(&name)),
                self.string_location(offset, &name),
            )
            .with_help(help),
        );
        None
    }

    /// `true` or `false`.
    fn boolean<A: MapAccess<'a>>(self, map: &mut A, what: &str) -> Result<Option<bool>, A::Error> {
        let raw: &'a RawValue = map.next_value()?;
        Ok(match raw.get() {
            "true" => Some(true),
            "false" => Some(false),
            "null" => None,
            other => {
                self.raw_wrong_type(raw, Found::of_raw(other), what, "true or false");
                None
            }
        })
    }

    fn raw_location(self, raw: &RawValue) -> Location {
        match self.source.offset_of(raw.get()) {
            Some(offset) => self.source.locate(offset, raw.get().len()),
            None => self.source.value_location(self.trail),
        }
    }

    fn raw_wrong_type(self, raw: &RawValue, found: Found, what: &str, expected: &str) {
        let location = self.raw_location(raw);
        self.source.report(Diagnostic::new(
            Code::InvalidModel,
            format!("{what} must be {expected}, found {}", found.name()),
            location,
        ));
    }

    /// A whole number (the format's years and version), read from its text.
    fn integer(self, raw: &RawValue, what: &str) -> Option<Spanned<i32>> {
        let text = raw.get();
        match Found::of_raw(text) {
            Found::Number => match text.parse::<i32>() {
                Ok(value) => Some(Spanned {
                    value,
                    location: self.raw_location(raw),
                }),
                Err(_) => {
                    self.source.report(Diagnostic::new(
                        Code::InvalidModel,
                        format!("{what} must be a whole number, found `{}`", excerpt(text)),
                        self.raw_location(raw),
                    ));
                    None
                }
            },
            found => {
                self.raw_wrong_type(raw, found, what, "a whole number");
                None
            }
        }
    }

    /// A finite number, read from its text with `str::parse` (correctly
    /// rounded, unlike serde_json's fast float parsing).
    fn number(self, raw: &RawValue, what: &str) -> Option<f64> {
        let text = raw.get();
        match Found::of_raw(text) {
            Found::Number => match text.parse::<f64>() {
                Ok(value) if value.is_finite() => Some(value),
                _ => {
                    self.source.report(Diagnostic::new(
                        Code::InvalidModel,
                        format!("{what} `{}` is too large", excerpt(text)),
                        self.raw_location(raw),
                    ));
                    None
                }
            },
            found => {
                self.raw_wrong_type(raw, found, what, "a number");
                None
            }
        }
    }

    /// A list of strings; each element that is not one is reported.
    fn strings<A: MapAccess<'a>>(self, map: &mut A, what: &str) -> Result<Vec<String>, A::Error> {
        let mut out = Vec::new();
        map.next_value_seed(AsList(StringList {
            ctx: self,
            what,
            nullable: true,
            push: |s: Cow<'a, str>, _| out.push(s.into_owned()),
        }))?;
        Ok(out)
    }

    /// A list of references, pushed onto `out`.
    fn refs<A: MapAccess<'a>>(
        self,
        map: &mut A,
        what: &str,
        out: &mut Vec<Ref<'a>>,
    ) -> Result<(), A::Error> {
        map.next_value_seed(AsList(StringList {
            ctx: self,
            what,
            nullable: true,
            push: |value: Cow<'a, str>, location| out.push(Spanned { value, location }),
        }))
    }
}

/// A list of strings, each handed to `push` with its location.
struct StringList<'s, 'a, 'w, P> {
    ctx: Ctx<'s, 'a>,
    what: &'w str,
    /// Whether `null` means an empty list (true for every key but a
    /// schedule year's steps).
    nullable: bool,
    push: P,
}

impl<'s, 'a, P: FnMut(Cow<'a, str>, Location)> ListReader<'a> for StringList<'s, 'a, '_, P> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn read<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<(), A::Error> {
        let source = self.ctx.source;
        let mut index = 0;
        while let Some(scalar) = seq.next_element_seed(ScalarSeed(source))? {
            let trail = Trail {
                parent: self.ctx.trail,
                step: Step::Index(index),
            };
            let element = Ctx {
                source,
                trail: Some(&trail),
            };
            match scalar {
                Ok((value, offset)) => {
                    let location = element.string_location(offset, &value);
                    (self.push)(value, location);
                }
                Err(found) => element.wrong_type(found, self.what, "a string"),
            }
            index += 1;
        }
        Ok(())
    }
    fn other(self, found: Found) {
        if !(self.nullable && matches!(found, Found::Null)) {
            self.ctx.wrong_type(found, self.what, "an array");
        }
    }
}

// ---------------------------------------------------------------------------
// The model object.

struct TopReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for TopReader<'s, 'a> {
    /// The model's fields, or `None` when the text is not an object.
    type Output = Option<ModelFields>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, _: Found) -> Option<ModelFields> {
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Option<ModelFields>, A::Error> {
        let source = self.0.source;
        let (start, len) = trimmed(source.text);
        let mut fields = ModelFields {
            location: source.locate(start, len),
            ..ModelFields::default()
        };
        let (mut format, mut title) = (None, None);
        let seen = read_fields(self.0, &mut map, TopKey::WHAT, |map, key: TopKey, ctx| {
            let required = key.info().required;
            match key {
                TopKey::Schema => fields.schema = ctx.owned(map, "`$schema`", required)?,
                TopKey::Format => {
                    let raw: &'a RawValue = map.next_value()?;
                    format = ctx.integer(raw, "`format`").and_then(|version| {
                        if version.value == FORMAT_VERSION as i32 {
                            return Some(version);
                        }
                        source.report(
                            Diagnostic::new(
                                Code::InvalidModel,
                                format!(
                                    "unsupported format version {}: this logicmodel reads format {FORMAT_VERSION}",
                                    version.value
                                ),
                                version.location,
                            )
                            .with_help(format!("set \"format\": {FORMAT_VERSION}")),
                        );
                        None
                    });
                }
                TopKey::Title => title = ctx.owned(map, "`title`", required)?,
                TopKey::Description => {
                    fields.description = ctx.owned(map, "`description`", required)?
                }
                TopKey::Context => fields.context = ctx.strings(map, "`context`")?,
                TopKey::Revision => fields.revision = ctx.owned(map, "`revision`", required)?,
                TopKey::Issued => {
                    fields.issued = ctx
                        .spanned(map, "`issued`", required)?
                        .map(|s| Spanned::at(s.value.into_owned(), s.location))
                }
                TopKey::Language => {
                    fields.language = ctx
                        .spanned(map, "`language`", required)?
                        .map(|s| Spanned::at(s.value.into_owned(), s.location))
                }
                TopKey::Period => {
                    let raw: &'a RawValue = map.next_value()?;
                    fields.period = sub_parse(raw, AsObject(PeriodReader { ctx, raw }))?;
                }
                TopKey::Columns => {
                    fields.columns = map
                        .next_value_seed(AsObject(ColumnsReader(ctx)))?
                        .unwrap_or_default()
                }
                TopKey::Sections => map.next_value_seed(AsList(Records {
                    ctx,
                    what: "`sections`",
                    kind: RecordKind::Section,
                }))?,
                TopKey::Nodes => {
                    map.next_value_seed(AsList(Records {
                        ctx,
                        what: "`nodes`",
                        kind: RecordKind::Node,
                    }))?;
                    source.emit(Record::NodesDone);
                }
                TopKey::WorkItems => map.next_value_seed(AsList(Records {
                    ctx,
                    what: "`work_items`",
                    kind: RecordKind::WorkItem,
                }))?,
                TopKey::Kpis => map.next_value_seed(AsList(Records {
                    ctx,
                    what: "`kpis`",
                    kind: RecordKind::Kpi,
                }))?,
                TopKey::ChainEnd => {
                    fields.chain_end = ctx
                        .choice(
                            map,
                            "`chain_end`",
                            required,
                            &Stage::NAMES,
                            Stage::from_name,
                        )?
                        .map(|end| end.value)
                }
                TopKey::Layout => {
                    fields.box_order = map.next_value_seed(AsObject(LayoutReader(ctx)))?
                }
                TopKey::Checks => {
                    fields.checks = map
                        .next_value_seed(AsObject(ChecksReader(ctx)))?
                        .unwrap_or_default()
                }
                TopKey::Meta => {
                    let meta: serde_json::Value = map.next_value()?;
                    fields.meta = (!meta.is_null()).then_some(meta);
                }
            }
            Ok(())
        })?;
        if format.is_none() && !seen.has(TopKey::Format) {
            source.report(
                self.0
                    .missing(TopKey::WHAT, "format")
                    .with_help(format!("add \"format\": {FORMAT_VERSION} as the first key")),
            );
        }
        if !seen.has(TopKey::Title) {
            source.report(self.0.missing(TopKey::WHAT, "title"));
        }
        fields.title = title.unwrap_or_default();
        Ok(Some(fields))
    }
}

/// Reads a value held as a raw slice of the text with `seed`, so that the
/// value's extent is known; the slice was already parsed, so this cannot
/// fail short of a bug in serde_json.
fn sub_parse<'a, S: DeserializeSeed<'a>, E: de::Error>(
    raw: &'a RawValue,
    seed: S,
) -> Result<S::Value, E> {
    let mut deserializer = serde_json::Deserializer::from_str(raw.get());
    seed.deserialize(&mut deserializer).map_err(E::custom)
}

struct PeriodReader<'s, 'a> {
    ctx: Ctx<'s, 'a>,
    raw: &'a RawValue,
}

impl<'s, 'a> ObjectReader<'a> for PeriodReader<'s, 'a> {
    type Output = Option<Spanned<(i32, i32)>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.ctx
                .raw_wrong_type(self.raw, found, "`period`", "an object");
        }
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let (mut start, mut end) = (None, None);
        let seen = read_fields(
            self.ctx,
            &mut map,
            PeriodKey::WHAT,
            |map, key: PeriodKey, ctx| {
                let raw: &'a RawValue = map.next_value()?;
                match key {
                    PeriodKey::Start => start = ctx.integer(raw, "`period.start`"),
                    PeriodKey::End => end = ctx.integer(raw, "`period.end`"),
                }
                Ok(())
            },
        )?;
        let location = self.ctx.raw_location(self.raw);
        match (start, end) {
            (Some(start), Some(end)) => Ok(Some(Spanned::at((start.value, end.value), location))),
            (start, end) => {
                for (key, value, name) in [
                    (PeriodKey::Start, start.is_some(), "start"),
                    (PeriodKey::End, end.is_some(), "end"),
                ] {
                    if !value && !seen.has(key) {
                        self.ctx.source.report(Diagnostic::new(
                            Code::InvalidModel,
                            format!("`period` is missing the required field `{name}`"),
                            location,
                        ));
                    }
                }
                Ok(None)
            }
        }
    }
}

struct LayoutReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for LayoutReader<'s, 'a> {
    type Output = Option<BoxOrder>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.0.wrong_type(found, "`layout`", "an object");
        }
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let mut order = None;
        read_fields(
            self.0,
            &mut map,
            LayoutKey::WHAT,
            |map, key: LayoutKey, ctx| {
                let required = key.info().required;
                match key {
                    LayoutKey::Order => {
                        order = ctx
                            .choice(
                                map,
                                "`layout.order`",
                                required,
                                BoxOrder::NAMES,
                                BoxOrder::from_name,
                            )?
                            .map(|o| o.value)
                    }
                }
                Ok(())
            },
        )?;
        Ok(order)
    }
}

struct ColumnsReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for ColumnsReader<'s, 'a> {
    type Output = Option<Vec<(crate::vocabulary::ColumnKey, String)>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.0.wrong_type(found, "`columns`", "an object");
        }
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let mut columns = Vec::new();
        read_fields(
            self.0,
            &mut map,
            ColumnsKey::WHAT,
            |map, key: ColumnsKey, ctx| {
                if let Some(heading) = ctx.owned(map, "a column heading", false)? {
                    columns.push((key.column(), heading));
                }
                Ok(())
            },
        )?;
        columns.sort_by_key(|&(key, _)| key);
        Ok(Some(columns))
    }
}

struct ChecksReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for ChecksReader<'s, 'a> {
    type Output = Option<Vec<(Spanned<String>, Level)>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.0.wrong_type(found, "`checks`", "an object");
        }
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let source = self.0.source;
        let mut checks: Vec<(Spanned<String>, Level)> = Vec::new();
        let mut names: Vec<String> = Vec::new();
        while let Some((name, offset)) = map.next_key_seed(KeySeed(source))? {
            let occurrence = names.iter().filter(|n| **n == *name).count();
            names.push(name.to_string());
            let trail = Trail {
                parent: self.0.trail,
                step: Step::Key(&name, occurrence),
            };
            let ctx = Ctx {
                source,
                trail: Some(&trail),
            };
            let location = match offset {
                Some(offset) => source.literal_at(offset, name.len()),
                None => source.key_location(Some(&trail)),
            };
            if occurrence > 0 {
                // As for every object of the format: a key twice is a mistake,
                // and which of the two levels was meant cannot be known.
                source.report(Diagnostic::new(
                    Code::InvalidModel,
                    format!("`checks` has the key `{}` twice", excerpt(&name)),
                    location,
                ));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let scalar = map.next_value_seed(ScalarSeed(source))?;
            let level = ctx.choice_of(scalar, "a check level", true, LEVEL_NAMES, Level::parse);
            if let Some(level) = level {
                checks.push((Spanned::at(name.into_owned(), location), level.value));
            }
        }
        Ok(Some(checks))
    }
}

// ---------------------------------------------------------------------------
// The record lists and records.

#[derive(Clone, Copy)]
enum RecordKind {
    Section,
    Node,
    WorkItem,
    Kpi,
}

/// One of the four record lists; each record goes to the builder as soon
/// as it is read.
struct Records<'s, 'a> {
    ctx: Ctx<'s, 'a>,
    what: &'static str,
    kind: RecordKind,
}

impl<'s, 'a> ListReader<'a> for Records<'s, 'a> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn other(self, found: Found) {
        if !matches!(found, Found::Null) {
            if matches!(self.kind, RecordKind::Node) {
                self.ctx.source.links_damaged.set(true);
            }
            self.ctx.wrong_type(found, self.what, "an array");
        }
    }
    fn read<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        let source = self.ctx.source;
        let mut index = 0;
        loop {
            let trail = Trail {
                parent: self.ctx.trail,
                step: Step::Index(index),
            };
            let ctx = Ctx {
                source,
                trail: Some(&trail),
            };
            let more = match self.kind {
                RecordKind::Section => seq.next_element_seed(AsObject(SectionReader(ctx)))?,
                RecordKind::Node => seq.next_element_seed(AsObject(NodeReader(ctx)))?,
                RecordKind::WorkItem => seq.next_element_seed(AsObject(WorkItemReader(ctx)))?,
                RecordKind::Kpi => seq.next_element_seed(AsObject(KpiReader(ctx)))?,
            };
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }
}

/// Reports a record that is not an object.
fn not_an_object(ctx: Ctx<'_, '_>, found: Found, what: &str) {
    ctx.wrong_type(found, what, "an object");
}

struct SectionReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for SectionReader<'s, 'a> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) {
        not_an_object(self.0, found, SectionKey::WHAT);
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0.source;
        let mark = source.mark();
        let (mut id, mut label) = (None, None);
        let seen = read_fields(
            self.0,
            &mut map,
            SectionKey::WHAT,
            |map, key: SectionKey, ctx| {
                let required = key.info().required;
                match key {
                    SectionKey::Id => id = ctx.spanned(map, "a section's `id`", required)?,
                    SectionKey::Label => label = ctx.owned(map, "a section's `label`", required)?,
                }
                Ok(())
            },
        )?;
        let Some(id) = id else {
            if !seen.has(SectionKey::Id) {
                source.report(self.0.missing(SectionKey::WHAT, "id"));
            }
            return Ok(());
        };
        source.tag_since(mark, &id.value);
        let location = record_location(self.0.object_start(seen.first_key), id.location);
        source.emit(Record::Section(SectionRecord {
            id: Spanned::at(id.value.into_owned(), id.location),
            label,
            location,
        }));
        Ok(())
    }
}

struct NodeReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for NodeReader<'s, 'a> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) {
        // A node that is not an object is left out with whatever it linked.
        self.0.source.links_damaged.set(true);
        not_an_object(self.0, found, NodeKey::WHAT);
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0.source;
        let mark = source.mark();
        let (mut id, mut kind, mut term, mut label) = (None, None, None, None);
        let (mut description, mut section) = (None, None);
        let mut to_damaged = false;
        // The lists go straight into the batch's flat lists.
        let before = {
            let batch = source.batch.borrow();
            [
                batch.lists.to.len(),
                batch.lists.work_items.len(),
                batch.lists.kpis.len(),
            ]
        };
        let seen = read_fields(self.0, &mut map, NodeKey::WHAT, |map, key: NodeKey, ctx| {
            let required = key.info().required;
            match key {
                NodeKey::Id => id = ctx.spanned(map, "a node's `id`", required)?,
                NodeKey::Kind => {
                    kind = ctx.choice_hinted(
                        map,
                        "a node's `kind`",
                        required,
                        NodeKind::NAMES,
                        NodeKind::from_name,
                        |name| {
                            let Stage::Outcome(term) = loose_stage(name)? else {
                                return None;
                            };
                            Some(format!(
                                r#"an outcome's term is a key of its own: write `"kind": "outcome", "term": "{}"`"#,
                                term.as_str()
                            ))
                        },
                    )?
                }
                NodeKey::Term => {
                    term = ctx.choice(
                        map,
                        "an outcome's `term`",
                        required,
                        Term::NAMES,
                        Term::from_name,
                    )?
                }
                NodeKey::Label => label = ctx.string(map, "a node's `label`", required)?,
                NodeKey::Description => {
                    description = ctx.string(map, "a node's `description`", required)?
                }
                NodeKey::Section => section = ctx.spanned(map, "a node's `section`", required)?,
                NodeKey::To => {
                    let errors = source.error_count();
                    let mut to = std::mem::take(&mut source.batch.borrow_mut().lists.to);
                    let read = map.next_value_seed(AsList(Links { ctx, out: &mut to }));
                    source.batch.borrow_mut().lists.to = to;
                    // A link or a list the reader skipped: the model lacks it.
                    if source.error_count() > errors {
                        to_damaged = true;
                    }
                    read?;
                }
                NodeKey::WorkItems => {
                    let mut list = std::mem::take(&mut source.batch.borrow_mut().lists.work_items);
                    let read = ctx.refs(map, "a node's `work_items`", &mut list);
                    source.batch.borrow_mut().lists.work_items = list;
                    read?;
                }
                NodeKey::Kpis => {
                    let mut list = std::mem::take(&mut source.batch.borrow_mut().lists.kpis);
                    let read = ctx.refs(map, "a node's `kpis`", &mut list);
                    source.batch.borrow_mut().lists.kpis = list;
                    read?;
                }
            }
            Ok(())
        })?;
        for (key, present, name) in [
            (NodeKey::Id, id.is_some(), "id"),
            (NodeKey::Kind, kind.is_some(), "kind"),
            (NodeKey::Label, label.is_some(), "label"),
        ] {
            if !present && !seen.has(key) {
                source.report(self.0.missing(NodeKey::WHAT, name));
            }
        }
        if let (Some(kind), Some(term)) = (&kind, &term) {
            if kind.value != NodeKind::Outcome {
                source.report(
                    Diagnostic::new(
                        Code::InvalidModel,
                        format!(
                            "`term` is only allowed on outcomes, not on a node of kind `{}`",
                            kind.value.as_str()
                        ),
                        term.location,
                    )
                    .with_help("remove `term`, or change `kind` to `outcome`"),
                );
            }
        }
        if let Some(id) = &id {
            source.tag_since(mark, &id.value);
            if kind.is_none() {
                source.emit(Record::LeftOut(id.value.to_string()));
            }
        }
        let mut batch = source.batch.borrow_mut();
        let (Some(id), Some(kind)) = (id, kind) else {
            // Left out: its lists go with it (and with no id, no link to it
            // can say so).
            source.links_damaged.set(true);
            batch.lists.to.truncate(before[0]);
            batch.lists.work_items.truncate(before[1]);
            batch.lists.kpis.truncate(before[2]);
            return Ok(());
        };
        let counts = [
            batch.lists.to.len() - before[0],
            batch.lists.work_items.len() - before[1],
            batch.lists.kpis.len() - before[2],
        ];
        drop(batch);
        let location = record_location(self.0.object_start(seen.first_key), id.location);
        source.emit(Record::Node(
            NodeRecord {
                location,
                id,
                stage: Stage::new(kind.value, term.map(|t| t.value)),
                label: label.map(|(l, _)| l).unwrap_or_default(),
                description: description.map(|(d, _)| d),
                section,
                to: Vec::new(),
                work_items: Vec::new(),
                kpis: Vec::new(),
            },
            counts,
        ));
        if to_damaged {
            source.emit(Record::LinksLost);
        }
        Ok(())
    }
}

/// A node's `to`: each entry a node id or a link object.
struct Links<'s, 'a, 'o> {
    ctx: Ctx<'s, 'a>,
    out: &'o mut Vec<LinkRecord<'a>>,
}

impl<'s, 'a> ListReader<'a> for Links<'s, 'a, '_> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn other(self, found: Found) {
        if !matches!(found, Found::Null) {
            self.ctx.wrong_type(found, "a node's `to`", "an array");
        }
    }
    fn read<A: SeqAccess<'a>>(self, mut seq: A) -> Result<(), A::Error> {
        let source = self.ctx.source;
        let mut index = 0;
        loop {
            let trail = Trail {
                parent: self.ctx.trail,
                step: Step::Index(index),
            };
            let ctx = Ctx {
                source,
                trail: Some(&trail),
            };
            match seq.next_element_seed(LinkSeed(LinkReader(ctx)))? {
                None => return Ok(()),
                Some(Some(link)) => self.out.push(link),
                Some(None) => {}
            }
            index += 1;
        }
    }
}

struct LinkReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for LinkReader<'s, 'a> {
    type Output = Option<LinkRecord<'a>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) -> Self::Output {
        // Strings are read by `visit_borrowed_str`/`visit_str` below; this
        // is anything else.
        self.0.wrong_type(
            found,
            "an entry of `to`",
            "a node id or an object with `node`",
        );
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let source = self.0.source;
        let (mut node, mut rationale, mut evidence, mut confidence, mut link_type) =
            (None, None, None, None, None);
        let mut inferred = false;
        let seen = read_fields(self.0, &mut map, LinkKey::WHAT, |map, key: LinkKey, ctx| {
            let required = key.info().required;
            match key {
                LinkKey::Node => node = ctx.spanned(map, "a link's `node`", required)?,
                LinkKey::Rationale => {
                    rationale = ctx.owned(map, "a link's `rationale`", required)?
                }
                LinkKey::Evidence => evidence = ctx.owned(map, "a link's `evidence`", required)?,
                LinkKey::Confidence => {
                    confidence = ctx
                        .choice(
                            map,
                            "a link's `confidence`",
                            required,
                            Confidence::NAMES,
                            Confidence::from_name,
                        )?
                        .map(|c| c.value)
                }
                LinkKey::Type => {
                    link_type = ctx
                        .choice(
                            map,
                            "a link's `type`",
                            required,
                            LinkType::NAMES,
                            LinkType::from_name,
                        )?
                        .map(|t| t.value)
                }
                LinkKey::Inferred => {
                    inferred = ctx.boolean(map, "a link's `inferred`")?.unwrap_or(false)
                }
            }
            Ok(())
        })?;
        let Some(node) = node else {
            if !seen.has(LinkKey::Node) {
                source.report(self.0.missing(LinkKey::WHAT, "node"));
            }
            return Ok(None);
        };
        Ok(Some(LinkRecord {
            target: node,
            detail: Some(Box::new(LinkDetail {
                rationale,
                evidence,
                confidence,
                link_type,
                inferred,
            })),
        }))
    }
}

impl<'s, 'a> LinkReader<'s, 'a> {
    /// A link written as just the target's id.
    fn id(self, value: Cow<'a, str>, offset: Option<usize>) -> Option<LinkRecord<'a>> {
        let location = self.0.string_location(offset, &value);
        Some(LinkRecord {
            target: Spanned { value, location },
            detail: None,
        })
    }
}

/// A link is the one record that may be a string: `AsObject` would call
/// it "not an object", so its visitor is its own.
struct LinkSeed<'s, 'a>(LinkReader<'s, 'a>);

impl<'s, 'a> DeserializeSeed<'a> for LinkSeed<'s, 'a> {
    type Value = Option<LinkRecord<'a>>;
    fn deserialize<D: Deserializer<'a>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(LinkVisitor(self.0))
    }
}

struct LinkVisitor<'s, 'a>(LinkReader<'s, 'a>);

impl<'s, 'a> LinkVisitor<'s, 'a> {
    fn source(&self) -> &'s Source<'s, 'a> {
        self.0 .0.source
    }
}

impl<'s, 'a> Visitor<'a> for LinkVisitor<'s, 'a> {
    type Value = Option<LinkRecord<'a>>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_borrowed_str<E: de::Error>(self, s: &'a str) -> Result<Self::Value, E> {
        let offset = self.source().offset_of(s);
        Ok(self.0.id(Cow::Borrowed(s), offset))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
        Ok(self.0.id(Cow::Owned(s.to_owned()), None))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Self::Value, E> {
        Ok(self.0.id(Cow::Owned(s), None))
    }
    fn visit_map<A: MapAccess<'a>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.read(map)
    }
    fn visit_seq<A: SeqAccess<'a>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(self.0.other(Found::Array))
    }
    other_visits!(|s: Self, found| s.0.other(found));
}

struct WorkItemReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for WorkItemReader<'s, 'a> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) {
        not_an_object(self.0, found, WorkItemKey::WHAT);
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0.source;
        let mark = source.mark();
        let mut item = WorkItemRecord::default();
        let (mut id, mut title) = (None, None);
        let seen = read_fields(
            self.0,
            &mut map,
            WorkItemKey::WHAT,
            |map, key: WorkItemKey, ctx| {
                let required = key.info().required;
                match key {
                    WorkItemKey::Id => id = ctx.spanned(map, "a work item's `id`", required)?,
                    WorkItemKey::Title => {
                        title = ctx.owned(map, "a work item's `title`", required)?
                    }
                    WorkItemKey::Owners => {
                        item.owners = ctx.strings(map, "a work item's `owners`")?
                    }
                    WorkItemKey::Current => {
                        item.current = ctx.owned(map, "a work item's `current`", required)?
                    }
                    WorkItemKey::Ideal => {
                        item.ideal = ctx.owned(map, "a work item's `ideal`", required)?
                    }
                    WorkItemKey::Schedule => {
                        item.schedule = map
                            .next_value_seed(AsObject(ScheduleReader(ctx)))?
                            .unwrap_or_default()
                    }
                    WorkItemKey::Progress => {
                        item.progress = ctx.strings(map, "a work item's `progress`")?
                    }
                    WorkItemKey::Kpis => {
                        let mut kpis = Vec::new();
                        ctx.refs(map, "a work item's `kpis`", &mut kpis)?;
                        item.kpis = kpis
                            .into_iter()
                            .map(|k| Spanned::at(k.value.into_owned(), k.location))
                            .collect();
                    }
                    WorkItemKey::NewInRevision => {
                        item.new_in_revision =
                            ctx.boolean(map, "`new_in_revision`")?.unwrap_or(false)
                    }
                }
                Ok(())
            },
        )?;
        if id.is_none() && !seen.has(WorkItemKey::Id) {
            source.report(self.0.missing(WorkItemKey::WHAT, "id"));
        }
        if title.is_none() && !seen.has(WorkItemKey::Title) {
            source.report(self.0.missing(WorkItemKey::WHAT, "title"));
        }
        let Some(id) = id else {
            return Ok(());
        };
        source.tag_since(mark, &id.value);
        item.location = record_location(self.0.object_start(seen.first_key), id.location);
        item.id = Spanned::at(id.value.into_owned(), id.location);
        item.title = title.unwrap_or_default();
        source.emit(Record::WorkItem(item));
        Ok(())
    }
}

/// A work item's schedule: steps by fiscal year.
struct ScheduleReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for ScheduleReader<'s, 'a> {
    type Output = Option<Vec<(Spanned<i32>, Vec<String>)>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.0
                .wrong_type(found, "a work item's `schedule`", "an object");
        }
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let source = self.0.source;
        let mut schedule: Vec<(Spanned<i32>, Vec<String>)> = Vec::new();
        let mut keys: Vec<String> = Vec::new();
        while let Some((name, offset)) = map.next_key_seed(KeySeed(source))? {
            let occurrence = keys.iter().filter(|k| **k == *name).count();
            keys.push(name.to_string());
            let trail = Trail {
                parent: self.0.trail,
                step: Step::Key(&name, occurrence),
            };
            let ctx = Ctx {
                source,
                trail: Some(&trail),
            };
            let location = || match offset {
                Some(offset) => source.literal_at(offset, name.len()),
                None => source.key_location(Some(&trail)),
            };
            let Some(year) = schedule_year(&name) else {
                source.report(Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "schedule keys must be fiscal years such as \"2024\", found `{}`",
                        excerpt(&name)
                    ),
                    location(),
                ));
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            if schedule.iter().any(|(y, _)| y.value == year) {
                source.report(Diagnostic::new(
                    Code::InvalidModel,
                    format!("the schedule has the year {year} twice"),
                    location(),
                ));
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let year = Spanned::at(year, location());
            let mut steps = Vec::new();
            // Unlike other keys, a year's steps may not be `null`.
            map.next_value_seed(AsList(StringList {
                ctx,
                what: "the steps of a schedule year",
                nullable: false,
                push: |s: Cow<'a, str>, _| steps.push(s.into_owned()),
            }))?;
            schedule.push((year, steps));
        }
        Ok(Some(schedule))
    }
}

/// The fiscal year a schedule key names: four ASCII digits, as the format
/// says (not `-123` or `+999`, which also parse as numbers).
fn schedule_year(key: &str) -> Option<i32> {
    if key.len() == 4 && key.bytes().all(|b| b.is_ascii_digit()) {
        key.parse().ok()
    } else {
        None
    }
}

struct KpiReader<'s, 'a>(Ctx<'s, 'a>);

impl<'s, 'a> ObjectReader<'a> for KpiReader<'s, 'a> {
    type Output = ();
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.0
    }
    fn other(self, found: Found) {
        not_an_object(self.0, found, KpiKey::WHAT);
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<(), A::Error> {
        let source = self.0.source;
        let mark = source.mark();
        let mut kpi = KpiRecord::default();
        let (mut id, mut indicator) = (None, None);
        let seen = read_fields(self.0, &mut map, KpiKey::WHAT, |map, key: KpiKey, ctx| {
            let required = key.info().required;
            match key {
                KpiKey::Id => id = ctx.spanned(map, "a KPI's `id`", required)?,
                KpiKey::Indicator => indicator = ctx.owned(map, "a KPI's `indicator`", required)?,
                KpiKey::Unit => {
                    kpi.unit = ctx
                        .owned(map, "a KPI's `unit`", required)?
                        .unwrap_or_default()
                }
                KpiKey::Direction => {
                    kpi.direction = ctx
                        .choice(
                            map,
                            "a KPI's `direction`",
                            required,
                            Direction::NAMES,
                            Direction::from_name,
                        )?
                        .map(|d| d.value)
                }
                KpiKey::Baseline => {
                    let raw: &'a RawValue = map.next_value()?;
                    kpi.baseline = baseline(ctx, raw)?;
                }
                KpiKey::Target => {
                    let raw: &'a RawValue = map.next_value()?;
                    kpi.target_null = raw.get() == "null";
                    kpi.target = measurement(ctx, raw, "a KPI's `target`", true)?;
                }
                KpiKey::TargetNote => {
                    kpi.target_note = ctx.owned(map, "a KPI's `target_note`", required)?
                }
                KpiKey::QualitativeTarget => {
                    kpi.qualitative_target =
                        ctx.owned(map, "a KPI's `qualitative_target`", required)?
                }
                KpiKey::Source => kpi.source = ctx.owned(map, "a KPI's `source`", required)?,
                KpiKey::Actuals => {
                    kpi.actuals = map
                        .next_value_seed(AsList(Actuals {
                            ctx,
                            out: Vec::new(),
                        }))?
                        .unwrap_or_default()
                }
            }
            Ok(())
        })?;
        if id.is_none() && !seen.has(KpiKey::Id) {
            source.report(self.0.missing(KpiKey::WHAT, "id"));
        }
        if indicator.is_none() && !seen.has(KpiKey::Indicator) {
            source.report(self.0.missing(KpiKey::WHAT, "indicator"));
        }
        let Some(id) = id else {
            return Ok(());
        };
        source.tag_since(mark, &id.value);
        kpi.location = record_location(self.0.object_start(seen.first_key), id.location);
        kpi.id = Spanned::at(id.value.into_owned(), id.location);
        kpi.indicator = indicator.unwrap_or_default();
        source.emit(Record::Kpi(kpi));
        Ok(())
    }
}

/// A KPI's `actuals`.
struct Actuals<'s, 'a> {
    ctx: Ctx<'s, 'a>,
    out: Vec<Spanned<Measurement>>,
}

impl<'s, 'a> ListReader<'a> for Actuals<'s, 'a> {
    type Output = Option<Vec<Spanned<Measurement>>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn other(self, found: Found) -> Self::Output {
        if !matches!(found, Found::Null) {
            self.ctx.wrong_type(found, "a KPI's `actuals`", "an array");
        }
        None
    }
    fn read<A: SeqAccess<'a>>(mut self, mut seq: A) -> Result<Self::Output, A::Error> {
        let mut index = 0;
        while let Some(raw) = seq.next_element::<&'a RawValue>()? {
            let trail = Trail {
                parent: self.ctx.trail,
                step: Step::Index(index),
            };
            let ctx = Ctx {
                source: self.ctx.source,
                trail: Some(&trail),
            };
            if let Some(m) = measurement(ctx, raw, "an actual value", false)? {
                self.out.push(m);
            }
            index += 1;
        }
        Ok(Some(self.out))
    }
}

/// A `{year, value}` object held as a raw slice (so its extent is known);
/// `null` is absent where `nullable`.
fn measurement<'a, E: de::Error>(
    ctx: Ctx<'_, 'a>,
    raw: &'a RawValue,
    what: &str,
    nullable: bool,
) -> Result<Option<Spanned<Measurement>>, E> {
    if nullable && raw.get() == "null" {
        return Ok(None);
    }
    let read = sub_parse(
        raw,
        AsObject(MeasurementReader {
            ctx,
            raw,
            what,
            year_required: true,
        }),
    )?;
    Ok(read.and_then(|m| {
        let year = m.value.year?;
        Some(Spanned::at(
            Measurement {
                year,
                value: m.value.value,
            },
            m.location,
        ))
    }))
}

/// A baseline: `{year, value}` where the year may be left out (or `null`),
/// since plans often state a 現状値 without saying when it was measured.
fn baseline<'a, E: de::Error>(
    ctx: Ctx<'_, 'a>,
    raw: &'a RawValue,
) -> Result<Option<Spanned<Baseline>>, E> {
    if raw.get() == "null" {
        return Ok(None);
    }
    let what = "a KPI's `baseline`";
    sub_parse(
        raw,
        AsObject(MeasurementReader {
            ctx,
            raw,
            what,
            year_required: false,
        }),
    )
}

struct MeasurementReader<'s, 'a, 'w> {
    ctx: Ctx<'s, 'a>,
    raw: &'a RawValue,
    what: &'w str,
    /// Whether `year` must be given (everywhere but a baseline).
    year_required: bool,
}

impl<'s, 'a> ObjectReader<'a> for MeasurementReader<'s, 'a, '_> {
    type Output = Option<Spanned<Baseline>>;
    fn ctx(&self) -> Ctx<'_, 'a> {
        self.ctx
    }
    fn other(self, found: Found) -> Self::Output {
        self.ctx
            .raw_wrong_type(self.raw, found, self.what, "an object");
        None
    }
    fn read<A: MapAccess<'a>>(self, mut map: A) -> Result<Self::Output, A::Error> {
        let (mut year, mut value) = (None, None);
        // A year that is written but wrong is not "no year": the value is
        // then left out with the error, not kept as undated.
        let mut bad_year = false;
        let year_required = self.year_required;
        let seen = read_fields(
            self.ctx,
            &mut map,
            self.what,
            |map, key: MeasurementKey, ctx| {
                let raw: &'a RawValue = map.next_value()?;
                match key {
                    MeasurementKey::Year if !year_required && raw.get() == "null" => {}
                    MeasurementKey::Year => {
                        year = ctx.integer(raw, "`year`").map(|y| y.value);
                        bad_year = year.is_none();
                    }
                    MeasurementKey::Value => value = ctx.number(raw, "`value`"),
                }
                Ok(())
            },
        )?;
        let location = self.ctx.raw_location(self.raw);
        for (key, present, name, required) in [
            (MeasurementKey::Year, year.is_some(), "year", year_required),
            (MeasurementKey::Value, value.is_some(), "value", true),
        ] {
            if required && !present && !seen.has(key) {
                self.ctx.source.report(Diagnostic::new(
                    Code::InvalidModel,
                    format!("{} is missing the required field `{name}`", self.what),
                    location,
                ));
            }
        }
        if bad_year {
            return Ok(None);
        }
        Ok(value.map(|value| Spanned::at(Baseline { year, value }, location)))
    }
}

#[cfg(test)]
mod tests {
    use crate::Code;

    /// A huge value in a file is quoted, not echoed whole.
    #[test]
    fn messages_quote_an_excerpt_of_a_long_value() {
        let kind = "x".repeat(1 << 20);
        let digits = "9".repeat(100_000);
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{{"id": "a", "kind": "{kind}", "label": "A"}}],
               "kpis": [{{"id": "k", "indicator": "I", "target": {{"year": 2026, "value": {digits}e9999}}}},
                        {{"id": "j", "indicator": "J", "target": {{"year": {digits}, "value": 1}}}}]}}"#
        );
        let loaded = crate::load_str(&text);
        let invalid: Vec<_> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.code() == Code::InvalidModel)
            .collect();
        assert_eq!(invalid.len(), 3, "{:#?}", loaded.diagnostics);
        for d in invalid {
            assert!(
                d.message().len() < 300,
                "{} bytes: {}",
                d.message().len(),
                &d.message()[..200]
            );
            assert!(d.message().contains("characters)"), "{}", d.message());
        }
    }

    /// The one reader goes on after every kind of problem and finds the rest.
    #[test]
    fn every_problem_of_a_file_is_reported_in_one_run() {
        let text = r#"{
  "format": 1,
  "title": 7,
  "nodes": [
    {"id": "a", "kind": "activty", "label": ["A"], "to": "i"},
    {"id": "i", "kind": "impact", "label": "I", "colour": "red", "id": "j"},
    12,
    {"kind": "output", "label": "no id"}
  ],
  "kpis": [{"id": "k", "indicator": "K", "target": {"year": "2026", "value": 1}, "actuals": [null]}],
  "period": {"start": 2026}
}"#;
        let loaded = crate::load_str(text);
        let found: Vec<(u32, &str)> = loaded
            .diagnostics
            .iter()
            .map(|d| (d.location().line, d.message()))
            .collect();
        let expected = [
            (3, "`title` must be a string, found a number"),
            (5, "a node's `kind` must be one of `assumption`, `input`, `activity`, `output`, `outcome`, `impact`, found `activty`"),
            (5, "a node's `label` must be a string, found an array"),
            (5, "a node's `to` must be an array, found a string"),
            (6, "unknown key `colour` in a node"),
            (6, "a node has the key `id` twice"),
            (7, "a node must be an object, found a number"),
            (8, "a node is missing the required field `id`"),
            (10, "`year` must be a whole number, found a string"),
            (10, "an actual value must be an object, found null"),
            (11, "`period` is missing the required field `end`"),
        ];
        for (line, message) in expected {
            assert!(
                found.contains(&(line, message)),
                "missing {line}: {message}\nfound {found:#?}"
            );
        }
        assert!(loaded.model.is_some());
    }
}
