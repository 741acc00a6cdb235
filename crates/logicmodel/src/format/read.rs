//! Reads the strict-JSON AST into the [`raw`](super::raw) layer, collecting
//! every type error, missing field and unknown key with its position.

use std::collections::BTreeMap;

use jsonc_parser::ast::{Array, Object, ObjectProp, Value};
use jsonc_parser::common::{Range, Ranged};
use jsonc_parser::{parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions};

use super::raw::*;
use crate::diagnostic::{Code, Diagnostic, LineIndex, Location};
use crate::model::{Confidence, Direction, Language, NodeKind, Term};

pub(super) const TOP_KEYS: &[&str] = &[
    "$schema",
    "format",
    "title",
    "description",
    "revision",
    "issued",
    "language",
    "period",
    "columns",
    "sections",
    "nodes",
    "work_items",
    "kpis",
    "checks",
    "meta",
];
const PERIOD_KEYS: &[&str] = &["start", "end"];
const COLUMN_KEYS: &[&str] = &[
    "assumption",
    "input",
    "activity",
    "output",
    "outcome",
    "outcome_short",
    "outcome_medium",
    "outcome_long",
    "impact",
];
pub(super) const SECTION_KEYS: &[&str] = &["id", "label"];
pub(super) const NODE_KEYS: &[&str] = &[
    "id",
    "kind",
    "term",
    "label",
    "description",
    "section",
    "to",
    "work_items",
    "kpis",
];
pub(super) const LINK_KEYS: &[&str] = &["node", "rationale", "evidence", "confidence"];
pub(super) const WORK_ITEM_KEYS: &[&str] = &[
    "id",
    "title",
    "owners",
    "current",
    "ideal",
    "schedule",
    "progress",
    "kpis",
    "new_in_revision",
];
pub(super) const KPI_KEYS: &[&str] = &[
    "id",
    "indicator",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_note",
    "actuals",
];
/// Keys that are required wherever they appear; `null` is a type error for them.
const REQUIRED_KEYS: &[&str] = &[
    "format",
    "title",
    "id",
    "kind",
    "label",
    "node",
    "indicator",
    "year",
    "value",
    "start",
    "end",
];
pub(super) const MEASUREMENT_KEYS: &[&str] = &["year", "value"];

/// The format version this library reads.
pub const FORMAT_VERSION: u32 = 1;

/// Parses `text` (already known to be valid JSON) into the raw layer.
///
/// Returns `Err` only when the top level is not an object.
pub(super) fn read(
    text: &str,
    lines: &LineIndex,
) -> Result<(RawModel, Vec<Diagnostic>), Diagnostic> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
        // No `..ParseOptions::default()`: the defaults are permissive, so a
        // new option in a future jsonc-parser must fail to compile here
        // rather than silently loosen the format.
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    let mut reader = Reader {
        text,
        lines,
        diagnostics: Vec::new(),
        unusable_node_ids: Vec::new(),
    };
    let parsed = parse_to_ast(text, &collect, &options).map_err(|error| {
        Diagnostic::new(
            Code::InvalidJson,
            format!("invalid JSON: {}", error.kind()),
            reader.location(error.range()),
        )
    })?;
    let Some(Value::Object(top)) = parsed.value else {
        let range = parsed.value.as_ref().map_or(
            Range {
                start: 0,
                end: text.len(),
            },
            |v| v.range(),
        );
        return Err(Diagnostic::new(
            Code::InvalidModel,
            "a model file must contain a JSON object",
            reader.location(range),
        )
        .with_help(r#"start from {"format": 1, "title": "...", "nodes": []}"#));
    };
    let mut model = reader.model(&top);
    model.unusable_node_ids = std::mem::take(&mut reader.unusable_node_ids);
    Ok((model, reader.diagnostics))
}

struct Reader<'t> {
    text: &'t str,
    lines: &'t LineIndex,
    diagnostics: Vec<Diagnostic>,
    unusable_node_ids: Vec<String>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::StringLit(_) => "a string",
        Value::NumberLit(_) => "a number",
        Value::BooleanLit(_) => "a boolean",
        Value::Object(_) => "an object",
        Value::Array(_) => "an array",
        Value::NullKeyword(_) => "null",
    }
}

impl<'t> Reader<'t> {
    fn location(&self, range: Range) -> Location {
        super::location_of(self.text, self.lines, range)
    }

    fn report(&mut self, code: Code, message: String, range: Range) -> &mut Diagnostic {
        let location = self.location(range);
        self.diagnostics
            .push(Diagnostic::new(code, message, location));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn wrong_type(&mut self, value: &Value, what: &str, expected: &str) {
        self.report(
            Code::InvalidModel,
            format!("{what} must be {expected}, found {}", type_name(value)),
            value.range(),
        );
    }

    fn missing(&mut self, object: &Object, what: &str, key: &str) {
        self.report(
            Code::InvalidModel,
            format!("{what} is missing the required field `{key}`"),
            object.range,
        );
    }

    /// Adds `id` to every diagnostic reported since `mark` that names no id yet.
    fn tag_since(&mut self, mark: usize, id: &str) {
        for diagnostic in &mut self.diagnostics[mark..] {
            if diagnostic.ids().is_empty() {
                *diagnostic = diagnostic.clone().with_id(id);
            }
        }
    }

    /// Visits the properties of `object`, reporting duplicate and unknown keys
    /// (with the closest known key as help) and calling `visit` for known ones.
    fn fields<'v>(
        &mut self,
        object: &'v Object<'v>,
        what: &str,
        known: &[&str],
        mut visit: impl FnMut(&mut Self, &str, &'v ObjectProp<'v>),
    ) {
        let mut seen: Vec<&str> = Vec::with_capacity(object.properties.len());
        for prop in &object.properties {
            let name = prop.name.as_str();
            let name_range = match &prop.name {
                jsonc_parser::ast::ObjectPropName::String(s) => s.range,
                jsonc_parser::ast::ObjectPropName::Word(w) => w.range,
            };
            if seen.contains(&name) {
                self.report(
                    Code::InvalidModel,
                    format!("{what} has the key `{name}` twice"),
                    name_range,
                );
                continue;
            }
            seen.push(name);
            // `null` means "absent" for optional keys, as the schema says.
            if matches!(prop.value, Value::NullKeyword(_)) && !REQUIRED_KEYS.contains(&name) {
                continue;
            }
            if known.contains(&name) {
                visit(self, name, prop);
            } else {
                let suggestion = closest(name, known);
                let diagnostic = self.report(
                    Code::UnknownField,
                    format!("unknown key `{name}` in {what}"),
                    name_range,
                );
                let help = match suggestion {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!("known keys: {}", known.join(", ")),
                };
                *diagnostic = diagnostic.clone().with_help(help);
            }
        }
    }

    fn string(&mut self, value: &Value, what: &str) -> Option<Spanned<String>> {
        match value {
            Value::StringLit(s) => Some(Spanned {
                value: s.value.to_string(),
                location: self.location(s.range),
            }),
            other => {
                self.wrong_type(other, what, "a string");
                None
            }
        }
    }

    fn plain_string(&mut self, value: &Value, what: &str) -> Option<String> {
        self.string(value, what).map(|s| s.value)
    }

    fn optional_string(&mut self, value: &Value, what: &str) -> Option<String> {
        if let Value::NullKeyword(_) = value {
            return None;
        }
        self.plain_string(value, what)
    }

    fn strings(&mut self, value: &Value, what: &str) -> Vec<Spanned<String>> {
        let Some(array) = self.array(value, what) else {
            return Vec::new();
        };
        // Exact capacity: `collect` from `filter_map` starts at 4 elements,
        // and most of these arrays hold one or two.
        let mut strings = Vec::with_capacity(array.elements.len());
        strings.extend(
            array
                .elements
                .iter()
                .filter_map(|element| self.string(element, what)),
        );
        strings
    }

    fn plain_strings(&mut self, value: &Value, what: &str) -> Vec<String> {
        let Some(array) = self.array(value, what) else {
            return Vec::new();
        };
        let mut strings = Vec::with_capacity(array.elements.len());
        strings.extend(
            array
                .elements
                .iter()
                .filter_map(|element| self.string(element, what).map(|s| s.value)),
        );
        strings
    }

    fn array<'v>(&mut self, value: &'v Value<'v>, what: &str) -> Option<&'v Array<'v>> {
        match value {
            Value::Array(array) => Some(array),
            other => {
                self.wrong_type(other, what, "an array");
                None
            }
        }
    }

    fn object<'v>(&mut self, value: &'v Value<'v>, what: &str) -> Option<&'v Object<'v>> {
        match value {
            Value::Object(object) => Some(object),
            other => {
                self.wrong_type(other, what, "an object");
                None
            }
        }
    }

    fn number(&mut self, value: &Value, what: &str) -> Option<f64> {
        match value {
            Value::NumberLit(n) => match n.value.parse::<f64>() {
                Ok(v) if v.is_finite() => Some(v),
                _ => {
                    self.report(
                        Code::InvalidModel,
                        format!("{what} `{}` is too large", n.value),
                        n.range,
                    );
                    None
                }
            },
            other => {
                self.wrong_type(other, what, "a number");
                None
            }
        }
    }

    fn integer(&mut self, value: &Value, what: &str) -> Option<Spanned<i32>> {
        match value {
            Value::NumberLit(n) => match n.value.parse::<i32>() {
                Ok(v) => Some(Spanned {
                    value: v,
                    location: self.location(n.range),
                }),
                Err(_) => {
                    self.report(
                        Code::InvalidModel,
                        format!("{what} must be a whole number, found `{}`", n.value),
                        n.range,
                    );
                    None
                }
            },
            other => {
                self.wrong_type(other, what, "a whole number");
                None
            }
        }
    }

    fn boolean(&mut self, value: &Value, what: &str) -> Option<bool> {
        match value {
            Value::BooleanLit(b) => Some(b.value),
            other => {
                self.wrong_type(other, what, "true or false");
                None
            }
        }
    }

    /// Reads a string that must be one of `allowed` (the names `parse` accepts).
    fn choice<T>(
        &mut self,
        value: &Value,
        what: &str,
        allowed: &[&str],
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<Spanned<T>> {
        let s = self.string(value, what)?;
        match parse(&s.value) {
            Some(v) => Some(Spanned {
                value: v,
                location: s.location,
            }),
            None => {
                let list = allowed
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                let help = closest(&s.value, allowed).map_or(format!("use one of {list}"), |c| {
                    format!("did you mean `{c}`?")
                });
                self.diagnostics.push(
                    Diagnostic::new(
                        Code::InvalidModel,
                        format!("{what} must be one of {list}, found `{}`", s.value),
                        s.location,
                    )
                    .with_help(help),
                );
                None
            }
        }
    }

    fn model(&mut self, top: &Object) -> RawModel {
        let mut model = RawModel {
            location: self.location(top.range),
            ..RawModel::default()
        };
        self.fields(top, "the model", TOP_KEYS, |r, key, prop| {
            let v = &prop.value;
            match key {
                "$schema" => model.schema = r.plain_string(v, "`$schema`"),
                "format" => model.format = r.format_version(v),
                "title" => model.title = r.string(v, "`title`"),
                "description" => model.description = r.optional_string(v, "`description`"),
                "revision" => model.revision = r.optional_string(v, "`revision`"),
                "issued" => model.issued = r.date(v),
                "language" => {
                    model.language = r.string(v, "`language`").and_then(|s| {
                        match Language::parse(&s.value) {
                            Some(language) => Some(Spanned {
                                value: language,
                                location: s.location,
                            }),
                            None => {
                                r.diagnostics.push(Diagnostic::new(
                                    Code::InvalidModel,
                                    format!("`language` must be a BCP 47 tag such as `ja` or `en`, found `{}`", s.value),
                                    s.location,
                                ));
                                None
                            }
                        }
                    })
                }
                "period" => model.period = r.period(v),
                "columns" => model.columns = r.columns(v),
                "sections" => {
                    if let Some(array) = r.array(v, "`sections`") {
                        model.sections = array.elements.iter().filter_map(|e| r.section(e)).collect();
                    }
                }
                "nodes" => {
                    if let Some(array) = r.array(v, "`nodes`") {
                        model.nodes.reserve(array.elements.len());
                        model.nodes.extend(array.elements.iter().filter_map(|e| r.node(e)));
                    }
                }
                "work_items" => {
                    if let Some(array) = r.array(v, "`work_items`") {
                        model.work_items.reserve(array.elements.len());
                        model.work_items.extend(array.elements.iter().filter_map(|e| r.work_item(e)));
                    }
                }
                "kpis" => {
                    if let Some(array) = r.array(v, "`kpis`") {
                        model.kpis.reserve(array.elements.len());
                        model.kpis.extend(array.elements.iter().filter_map(|e| r.kpi(e)));
                    }
                }
                "checks" => model.checks = r.checks(v),
                _ => model.meta = Some(to_json(v)),
            }
        });
        if model.format.is_none() && !top.properties.iter().any(|p| p.name.as_str() == "format") {
            self.missing(top, "the model", "format");
            if let Some(last) = self.diagnostics.last_mut() {
                *last = last
                    .clone()
                    .with_help(format!("add \"format\": {FORMAT_VERSION} as the first key"));
            }
        }
        if !top.properties.iter().any(|p| p.name.as_str() == "title") {
            self.missing(top, "the model", "title");
        }
        model
    }

    fn format_version(&mut self, value: &Value) -> Option<Spanned<u32>> {
        let version = self.integer(value, "`format`")?;
        if version.value != FORMAT_VERSION as i32 {
            self.diagnostics.push(
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
            return None;
        }
        Some(Spanned {
            value: FORMAT_VERSION,
            location: version.location,
        })
    }

    fn date(&mut self, value: &Value) -> Option<Spanned<String>> {
        let s = self.string(value, "`issued`")?;
        if is_iso_date(&s.value) {
            Some(s)
        } else {
            self.diagnostics.push(Diagnostic::new(
                Code::InvalidModel,
                format!(
                    "`issued` must be a date written YYYY-MM-DD, found `{}`",
                    s.value
                ),
                s.location,
            ));
            None
        }
    }

    fn period(&mut self, value: &Value) -> Option<Spanned<RawPeriod>> {
        let object = self.object(value, "`period`")?;
        let (mut start, mut end) = (None, None);
        self.fields(object, "`period`", PERIOD_KEYS, |r, key, prop| match key {
            "start" => start = r.integer(&prop.value, "`period.start`"),
            _ => end = r.integer(&prop.value, "`period.end`"),
        });
        let location = self.location(object.range);
        match (start, end) {
            (Some(start), Some(end)) if start.value <= end.value => Some(Spanned {
                value: RawPeriod {
                    start: start.value,
                    end: end.value,
                },
                location,
            }),
            (Some(start), Some(end)) => {
                self.diagnostics.push(Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "`period` starts in {} after it ends in {}",
                        start.value, end.value
                    ),
                    location,
                ));
                None
            }
            (s, e) => {
                if s.is_none() && !object.properties.iter().any(|p| p.name.as_str() == "start") {
                    self.missing(object, "`period`", "start");
                }
                if e.is_none() && !object.properties.iter().any(|p| p.name.as_str() == "end") {
                    self.missing(object, "`period`", "end");
                }
                None
            }
        }
    }

    fn columns(&mut self, value: &Value) -> Option<RawColumns> {
        let object = self.object(value, "`columns`")?;
        let mut columns = RawColumns::default();
        self.fields(object, "`columns`", COLUMN_KEYS, |r, key, prop| {
            let heading = r.optional_string(&prop.value, "a column heading");
            let slot = match key {
                "assumption" => &mut columns.assumption,
                "input" => &mut columns.input,
                "activity" => &mut columns.activity,
                "output" => &mut columns.output,
                "outcome" => &mut columns.outcome,
                "outcome_short" => &mut columns.outcome_short,
                "outcome_medium" => &mut columns.outcome_medium,
                "outcome_long" => &mut columns.outcome_long,
                _ => &mut columns.impact,
            };
            *slot = heading;
        });
        Some(columns)
    }

    fn section(&mut self, value: &Value) -> Option<RawSection> {
        let object = self.object(value, "a section")?;
        let mark = self.diagnostics.len();
        let (mut id, mut label) = (None, None);
        self.fields(
            object,
            "a section",
            SECTION_KEYS,
            |r, key, prop| match key {
                "id" => id = r.string(&prop.value, "a section's `id`"),
                _ => label = r.optional_string(&prop.value, "a section's `label`"),
            },
        );
        let Some(id) = id else {
            if !has_key(object, "id") {
                self.missing(object, "a section", "id");
            }
            return None;
        };
        self.tag_since(mark, &id.value);
        let location = record_location(self.location(object.range), id.location);
        Some(RawSection {
            id,
            label,
            location,
        })
    }

    fn node(&mut self, value: &Value) -> Option<RawNode> {
        let object = self.object(value, "a node")?;
        let mark = self.diagnostics.len();
        let mut id = None;
        let mut kind = None;
        let mut term = None;
        let mut label = None;
        let mut description = None;
        let mut section = None;
        let mut to = Vec::new();
        let mut work_items = Vec::new();
        let mut kpis = Vec::new();
        self.fields(object, "a node", NODE_KEYS, |r, key, prop| {
            let v = &prop.value;
            match key {
                "id" => id = r.string(v, "a node's `id`"),
                "kind" => {
                    kind = r.choice(v, "a node's `kind`", NodeKind::NAMES, NodeKind::from_name)
                }
                "term" => term = r.choice(v, "an outcome's `term`", Term::NAMES, Term::from_name),
                "label" => label = r.plain_string(v, "a node's `label`"),
                "description" => description = r.optional_string(v, "a node's `description`"),
                "section" => section = r.string(v, "a node's `section`"),
                "to" => {
                    if let Some(array) = r.array(v, "a node's `to`") {
                        to = Vec::with_capacity(array.elements.len());
                        to.extend(array.elements.iter().filter_map(|e| r.link(e)));
                    }
                }
                "work_items" => work_items = r.strings(v, "a node's `work_items`"),
                _ => kpis = r.strings(v, "a node's `kpis`"),
            }
        });
        let id_known = id.is_some();
        for (key, present) in [
            ("id", id_known),
            ("kind", kind.is_some()),
            ("label", label.is_some()),
        ] {
            if !present && !has_key(object, key) {
                self.missing(object, "a node", key);
            }
        }
        if let (Some(kind), Some(term)) = (&kind, &term) {
            if kind.value != NodeKind::Outcome {
                self.diagnostics.push(
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
            self.tag_since(mark, &id.value);
            if kind.is_none() {
                self.unusable_node_ids.push(id.value.clone());
            }
        }
        let (id, kind) = (id?, kind?);
        let location = record_location(self.location(object.range), id.location);
        Some(RawNode {
            id,
            kind,
            term,
            label: label.unwrap_or_default(),
            description,
            section,
            to,
            work_items,
            kpis,
            location,
        })
    }

    fn link(&mut self, value: &Value) -> Option<RawLink> {
        if let Value::StringLit(_) = value {
            return self.string(value, "an edge").map(RawLink::Id);
        }
        let Value::Object(object) = value else {
            self.wrong_type(
                value,
                "an entry of `to`",
                "a node id or an object with `node`",
            );
            return None;
        };
        let (mut node, mut rationale, mut evidence, mut confidence) = (None, None, None, None);
        self.fields(object, "a link", LINK_KEYS, |r, key, prop| {
            let v = &prop.value;
            match key {
                "node" => node = r.string(v, "a link's `node`"),
                "rationale" => rationale = r.optional_string(v, "a link's `rationale`"),
                "evidence" => evidence = r.optional_string(v, "a link's `evidence`"),
                _ => {
                    confidence = r
                        .choice(
                            v,
                            "a link's `confidence`",
                            Confidence::NAMES,
                            Confidence::from_name,
                        )
                        .map(|c| c.value)
                }
            }
        });
        let Some(node) = node else {
            if !has_key(object, "node") {
                self.missing(object, "a link", "node");
            }
            return None;
        };
        Some(RawLink::Detailed(RawDetailedLink {
            node,
            rationale,
            evidence,
            confidence,
        }))
    }

    fn work_item(&mut self, value: &Value) -> Option<RawWorkItem> {
        let object = self.object(value, "a work item")?;
        let mark = self.diagnostics.len();
        let mut item = RawWorkItem {
            id: Spanned {
                value: String::new(),
                location: self.location(object.range),
            },
            title: String::new(),
            owners: Vec::new(),
            current: None,
            ideal: None,
            schedule: Vec::new(),
            progress: Vec::new(),
            kpis: Vec::new(),
            new_in_revision: false,
            location: self.location(object.range),
        };
        let (mut has_id, mut has_title) = (false, false);
        self.fields(object, "a work item", WORK_ITEM_KEYS, |r, key, prop| {
            let v = &prop.value;
            match key {
                "id" => {
                    if let Some(id) = r.string(v, "a work item's `id`") {
                        item.id = id;
                        has_id = true;
                    }
                }
                "title" => {
                    if let Some(title) = r.plain_string(v, "a work item's `title`") {
                        item.title = title;
                        has_title = true;
                    }
                }
                "owners" => item.owners = r.plain_strings(v, "a work item's `owners`"),
                "current" => item.current = r.optional_string(v, "a work item's `current`"),
                "ideal" => item.ideal = r.optional_string(v, "a work item's `ideal`"),
                "schedule" => item.schedule = r.schedule(v),
                "progress" => item.progress = r.plain_strings(v, "a work item's `progress`"),
                "kpis" => item.kpis = r.strings(v, "a work item's `kpis`"),
                _ => item.new_in_revision = r.boolean(v, "`new_in_revision`").unwrap_or(false),
            }
        });
        if !has_id && !has_key(object, "id") {
            self.missing(object, "a work item", "id");
        }
        if !has_title && !has_key(object, "title") {
            self.missing(object, "a work item", "title");
        }
        if has_id {
            let id = item.id.value.clone();
            self.tag_since(mark, &id);
            item.location = record_location(item.location, item.id.location);
        }
        has_id.then_some(item)
    }

    fn schedule(&mut self, value: &Value) -> Vec<(Spanned<i32>, Vec<String>)> {
        let Some(object) = self.object(value, "a work item's `schedule`") else {
            return Vec::new();
        };
        let mut schedule = Vec::new();
        let mut seen = Vec::new();
        for prop in &object.properties {
            let name = prop.name.as_str();
            let range = match &prop.name {
                jsonc_parser::ast::ObjectPropName::String(s) => s.range,
                jsonc_parser::ast::ObjectPropName::Word(w) => w.range,
            };
            let year = match schedule_year(name) {
                Some(year) => year,
                None => {
                    self.report(
                        Code::InvalidModel,
                        format!(
                            "schedule keys must be fiscal years such as \"2024\", found `{name}`"
                        ),
                        range,
                    );
                    continue;
                }
            };
            if seen.contains(&year) {
                self.report(
                    Code::InvalidModel,
                    format!("the schedule has the year {year} twice"),
                    range,
                );
                continue;
            }
            seen.push(year);
            let steps = self.plain_strings(&prop.value, "the steps of a schedule year");
            schedule.push((
                Spanned {
                    value: year,
                    location: self.location(range),
                },
                steps,
            ));
        }
        schedule.sort_by_key(|(year, _)| year.value);
        schedule
    }

    fn kpi(&mut self, value: &Value) -> Option<RawKpi> {
        let object = self.object(value, "a KPI")?;
        let mark = self.diagnostics.len();
        let mut id = None;
        let mut indicator = None;
        let mut kpi = RawKpi {
            id: Spanned {
                value: String::new(),
                location: Location::default(),
            },
            indicator: String::new(),
            unit: String::new(),
            direction: None,
            baseline: None,
            target: None,
            target_note: None,
            actuals: Vec::new(),
            location: self.location(object.range),
        };
        self.fields(object, "a KPI", KPI_KEYS, |r, key, prop| {
            let v = &prop.value;
            match key {
                "id" => id = r.string(v, "a KPI's `id`"),
                "indicator" => indicator = r.plain_string(v, "a KPI's `indicator`"),
                "unit" => kpi.unit = r.plain_string(v, "a KPI's `unit`").unwrap_or_default(),
                "direction" => {
                    kpi.direction = r
                        .choice(
                            v,
                            "a KPI's `direction`",
                            Direction::NAMES,
                            Direction::from_name,
                        )
                        .map(|d| d.value)
                }
                "baseline" => kpi.baseline = r.measurement(v, "a KPI's `baseline`", true),
                "target" => kpi.target = r.measurement(v, "a KPI's `target`", true),
                "target_note" => kpi.target_note = r.optional_string(v, "a KPI's `target_note`"),
                _ => {
                    if let Some(array) = r.array(v, "a KPI's `actuals`") {
                        kpi.actuals = Vec::with_capacity(array.elements.len());
                        kpi.actuals.extend(
                            array
                                .elements
                                .iter()
                                .filter_map(|e| r.measurement(e, "an actual value", false)),
                        );
                    }
                }
            }
        });
        if id.is_none() && !has_key(object, "id") {
            self.missing(object, "a KPI", "id");
        }
        if indicator.is_none() && !has_key(object, "indicator") {
            self.missing(object, "a KPI", "indicator");
        }
        let id = id?;
        self.tag_since(mark, &id.value);
        kpi.location = record_location(kpi.location, id.location);
        kpi.id = id;
        kpi.indicator = indicator.unwrap_or_default();
        Some(kpi)
    }

    fn measurement(
        &mut self,
        value: &Value,
        what: &str,
        nullable: bool,
    ) -> Option<Spanned<RawMeasurement>> {
        if nullable {
            if let Value::NullKeyword(_) = value {
                return None;
            }
        }
        let object = self.object(value, what)?;
        let (mut year, mut number) = (None, None);
        self.fields(object, what, MEASUREMENT_KEYS, |r, key, prop| match key {
            "year" => year = r.integer(&prop.value, "`year`").map(|y| y.value),
            _ => number = r.number(&prop.value, "`value`"),
        });
        if year.is_none() && !has_key(object, "year") {
            self.missing(object, what, "year");
        }
        if number.is_none() && !has_key(object, "value") {
            self.missing(object, what, "value");
        }
        Some(Spanned {
            value: RawMeasurement {
                year: year?,
                value: number?,
            },
            location: self.location(object.range),
        })
    }

    fn checks(&mut self, value: &Value) -> BTreeMap<String, Spanned<LevelName>> {
        let mut checks = BTreeMap::new();
        let Some(object) = self.object(value, "`checks`") else {
            return checks;
        };
        for prop in &object.properties {
            let level = self.choice(
                &prop.value,
                "a check level",
                &["error", "warning", "allow"],
                |s| match s {
                    "error" => Some(LevelName::Error),
                    "warning" => Some(LevelName::Warning),
                    "allow" => Some(LevelName::Allow),
                    _ => None,
                },
            );
            if let Some(level) = level {
                let name_location = match &prop.name {
                    jsonc_parser::ast::ObjectPropName::String(s) => self.location(s.range),
                    jsonc_parser::ast::ObjectPropName::Word(w) => self.location(w.range),
                };
                checks.insert(
                    prop.name.as_str().to_owned(),
                    Spanned {
                        value: level.value,
                        location: name_location,
                    },
                );
            }
        }
        checks
    }
}

/// Where a record (node, work item, KPI, section) is reported: from the
/// start of its object to the end of its id when both are on one line
/// (`{"id": "x"` is underlined), else at the id itself, so that diagnostics
/// in pretty-printed files point at the line that names the record.
pub(super) fn record_location(object_location: Location, id: Location) -> Location {
    let end = id.offset + id.len;
    if id.line == object_location.line && end > object_location.offset {
        Location {
            len: end - object_location.offset,
            ..object_location
        }
    } else {
        id
    }
}

fn has_key(object: &Object, key: &str) -> bool {
    object.properties.iter().any(|p| p.name.as_str() == key)
}

/// The fiscal year a schedule key names: four characters that parse as a number.
pub(super) fn schedule_year(key: &str) -> Option<i32> {
    key.parse::<i32>().ok().filter(|_| key.len() == 4)
}

pub(super) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let digits = |r: std::ops::Range<usize>| {
        b[r.clone()]
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| s[r].parse::<u32>().ok())
            .flatten()
    };
    matches!((digits(0..4), digits(5..7), digits(8..10)), (Some(_), Some(m), Some(d)) if (1..=12).contains(&m) && (1..=31).contains(&d))
}

/// The known key closest to `name`, if it is close enough to be a typo.
pub(crate) fn closest<'a>(name: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(&name.to_lowercase(), k), *k))
        .filter(|&(distance, k)| distance <= 2.max(k.len() / 3))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, k)| k)
}

fn to_json(value: &Value) -> serde_json::Value {
    match value {
        Value::StringLit(s) => serde_json::Value::String(s.value.to_string()),
        Value::NumberLit(n) => serde_json::from_str(n.value).unwrap_or(serde_json::Value::Null),
        Value::BooleanLit(b) => serde_json::Value::Bool(b.value),
        Value::NullKeyword(_) => serde_json::Value::Null,
        Value::Array(a) => serde_json::Value::Array(a.elements.iter().map(to_json).collect()),
        Value::Object(o) => serde_json::Value::Object(
            o.properties
                .iter()
                .map(|p| (p.name.as_str().to_owned(), to_json(&p.value)))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_suggest_the_closest_key() {
        assert_eq!(closest("work_item", NODE_KEYS), Some("work_items"));
        assert_eq!(closest("lable", NODE_KEYS), Some("label"));
        assert_eq!(closest("zzzzzz", NODE_KEYS), None);
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_iso_date("2024-03-26"));
        assert!(!is_iso_date("2024-13-26"));
        assert!(!is_iso_date("2024/03/26"));
        assert!(!is_iso_date("２０２４-03-26"));
    }
}
