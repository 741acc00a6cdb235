//! Properties of loading and checking, over generated input (proptest):
//!
//! - random *valid* models (every chain complete, every record linked, every
//!   KPI target inside the period) load without a diagnostic and check clean;
//! - mutations of valid model text, random bytes and random JSON never make
//!   `load_bytes` or `check` panic, and every diagnostic points inside the
//!   text, at the line and column of its byte offset;
//! - very deep nesting and very long chains neither panic nor overflow the stack.
//!
//! The number of cases is proptest's default (256) unless `PROPTEST_CASES`
//! says otherwise, e.g. `PROPTEST_CASES=100000 cargo test --release -p
//! logicmodel-cli --test properties` for a long run.

use logicmodel::{Code, Diagnostic, Loaded, Location};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::FileFailurePersistence;
use serde_json::{json, Map, Value};

// ---------------------------------------------------------------- invariants

/// Every diagnostic lies inside the text, its line and column are those of
/// its byte offset, and diagnostics are sorted by position.
fn assert_points_inside(bytes: &[u8], diagnostics: &[Diagnostic]) {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).ok();
    let line_count = body.iter().filter(|&&b| b == b'\n').count() + 1;
    for pair in diagnostics.windows(2) {
        assert!(
            pair[0].location().offset <= pair[1].location().offset,
            "not sorted: {pair:?}"
        );
    }
    for d in diagnostics {
        let location = d.location();
        assert!(location.line >= 1, "{d:?}");
        assert!(location.column >= 1, "{d:?}");
        assert!(location.line as usize <= line_count, "{d:?}");
        assert!(location.offset + location.len <= body.len(), "{d:?}");
        let Some(text) = text else { continue };
        assert!(text.is_char_boundary(location.offset), "{d:?}");
        let before = &text[..location.offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let expected = (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        );
        assert_eq!(
            (location.line as usize, location.column as usize),
            expected,
            "the line and column are not those of the offset: {d:?}"
        );
    }
}

/// The JSON string literal at `text[offset..offset + len]`, decoded.
fn literal_at(text: &str, offset: usize, len: usize) -> Option<String> {
    serde_json::from_str(text.get(offset..offset + len)?).ok()
}

/// The JSON string literal that ends at `end` (just after its closing quote), decoded.
fn literal_ending_at(text: &str, end: usize) -> Option<String> {
    let bytes = text.as_bytes();
    if end < 2 || bytes.get(end - 1) != Some(&b'"') {
        return None;
    }
    // Inside a literal every quote is escaped: the opening quote is the first
    // one, going back, preceded by an even number of backslashes.
    let mut at = end - 1;
    while at > 0 {
        at -= 1;
        if bytes[at] == b'"' {
            let backslashes = bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                return literal_at(text, at, end - at);
            }
        }
    }
    None
}

/// Diagnostics about a reference, an id, a key or a record point at it:
/// the text under the span is (or ends with) the string the diagnostic names.
fn assert_points_at_what_it_names(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let Location { offset, len, .. } = d.location();
        let ids = d.ids();
        let under = || literal_at(text, offset, len);
        match d.code() {
            Code::DanglingReference | Code::BackwardEdge => {
                assert_eq!(under().as_ref(), ids.get(1), "{d:?}");
            }
            Code::DuplicateId | Code::InvalidId | Code::UnknownCheck => {
                assert_eq!(under().as_ref(), ids.first(), "{d:?}");
            }
            Code::UnknownField => {
                let key = under().unwrap_or_else(|| panic!("not at a key: {d:?}"));
                assert!(d.message().contains(&format!("`{key}`")), "{d:?}");
            }
            Code::ActivityWithoutImpact
            | Code::ImpactWithoutActivity
            | Code::Cycle
            | Code::DeadEnd
            | Code::UnreachedNode
            | Code::UnusedInput
            | Code::UnlinkedAssumption
            | Code::IsolatedNode
            | Code::ActivityWithoutWorkItem
            | Code::WorkItemWithoutKpi
            | Code::KpiTargetUndecided
            | Code::UnusedWorkItem
            | Code::UnusedKpi => {
                assert_eq!(
                    literal_ending_at(text, offset + len).as_ref(),
                    ids.first(),
                    "a record's span ends with its id: {d:?}"
                );
            }
            _ => {}
        }
    }
}

/// Loads `bytes`, runs the checks, and asserts the invariants of both.
fn load_and_check(bytes: &[u8]) -> Loaded {
    let loaded = logicmodel::load_bytes(bytes);
    assert!(
        loaded.model.is_some() || !loaded.diagnostics.is_empty(),
        "no model and no reason why"
    );
    assert_points_inside(bytes, &loaded.diagnostics);
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).ok();
    if let Some(text) = text {
        assert_points_at_what_it_names(text, &loaded.diagnostics);
    }
    assert!(
        loaded.diagnostics.iter().all(|d| !d.code().is_lint()),
        "loading reports only load codes: {:?}",
        loaded.diagnostics
    );
    if let Some(model) = &loaded.model {
        let found = model.check();
        assert_points_inside(bytes, &found);
        if let Some(text) = text {
            assert_points_at_what_it_names(text, &found);
        }
        assert!(
            found.iter().all(|d| d.code().is_lint()),
            "checks report only lint codes: {found:?}"
        );
        assert_eq!(model.edges().count(), model.edge_count());
    }
    loaded
}

// ---------------------------------------------------------------- valid models

/// The columns in chain order; a chain takes an increasing subsequence.
const STAGES: [(&str, Option<&str>); 8] = [
    ("assumption", None),
    ("input", None),
    ("activity", None),
    ("output", None),
    ("outcome", Some("short")),
    ("outcome", Some("medium")),
    ("outcome", Some("long")),
    ("impact", None),
];
const ACTIVITY: usize = 2;
const IMPACT: usize = 7;

/// The random choices a valid model is built from.
#[derive(Clone, Debug)]
struct ModelPlan {
    title: String,
    pretty: bool,
    period: Option<(i32, i32)>,
    sections: Vec<Option<String>>,
    chains: Vec<ChainPlan>,
    cross_links: Vec<(Index, Index)>,
    records: Option<Vec<RecordPlan>>,
    extras: Extras,
}

#[derive(Clone, Debug)]
struct ChainPlan {
    /// Whether the chain has each optional stage (activity and impact always).
    optional: [bool; 8],
    labels: [String; 8],
    suffix: String,
    section: Option<Index>,
    detailed_links: [bool; 8],
    description: Option<String>,
}

/// Work items and KPIs of one activity.
#[derive(Clone, Debug)]
struct RecordPlan {
    items: Vec<Vec<KpiPlan>>,
    kpi_on_impact: bool,
}

#[derive(Clone, Debug)]
struct KpiPlan {
    target_offset: Index,
    baseline_back: Option<u8>,
    value: f64,
    decrease: Option<bool>,
    actuals: Vec<(u8, f64)>,
    note: Option<String>,
}

/// Optional top-level fields.
#[derive(Clone, Debug)]
struct Extras {
    description: Option<String>,
    revision: Option<String>,
    issued: Option<(u16, u8, u8)>,
    language: Option<&'static str>,
    columns: Vec<(&'static str, Option<String>)>,
    checks: Vec<(Index, &'static str)>,
    meta: Option<Value>,
}

/// A generated model: its JSON and what it must load as.
#[derive(Clone, Debug)]
struct ValidModel {
    value: Value,
    text: String,
    nodes: usize,
    edges: usize,
    work_items: usize,
    kpis: usize,
    node_ids: Vec<String>,
}

fn label() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Za-z][A-Za-z ]{0,20}",
        2 => "\\PC{0,12}",
        1 => "[江津市のロジックモデル子ども、。「」ー\n]{1,15}",
        1 => Just(String::new()),
    ]
}

fn id_suffix() -> impl Strategy<Value = String> {
    "[A-Za-z0-9_.-]{0,6}"
}

fn kpi_plan() -> impl Strategy<Value = KpiPlan> {
    (
        any::<Index>(),
        // 5: a baseline without its year.
        proptest::option::of(0u8..6),
        -1e9f64..1e9,
        proptest::option::of(any::<bool>()),
        proptest::collection::vec((0u8..5, -1e6f64..1e6), 0..3),
        proptest::option::of(label()),
    )
        .prop_map(
            |(target_offset, baseline_back, value, decrease, actuals, note)| KpiPlan {
                target_offset,
                baseline_back,
                value,
                decrease,
                actuals,
                note,
            },
        )
}

fn record_plan() -> impl Strategy<Value = RecordPlan> {
    (
        proptest::collection::vec(proptest::collection::vec(kpi_plan(), 1..3), 1..3),
        any::<bool>(),
    )
        .prop_map(|(items, kpi_on_impact)| RecordPlan {
            items,
            kpi_on_impact,
        })
}

fn chain_plan() -> impl Strategy<Value = ChainPlan> {
    (
        any::<[bool; 8]>(),
        proptest::array::uniform8(label()),
        id_suffix(),
        proptest::option::of(any::<Index>()),
        any::<[bool; 8]>(),
        proptest::option::of(label()),
    )
        .prop_map(
            |(optional, labels, suffix, section, detailed_links, description)| ChainPlan {
                optional,
                labels,
                suffix,
                section,
                detailed_links,
                description,
            },
        )
}

/// Arbitrary JSON, for `meta` and for the no-panic properties.
fn json_value(keys: &'static [&'static str]) -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop_oneof![
            proptest::sample::select(keys).prop_map(str::to_owned),
            "\\PC{0,10}",
            Just("2024-03-26".to_owned()),
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, move |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            proptest::collection::vec(
                (
                    prop_oneof![3 => proptest::sample::select(keys).prop_map(str::to_owned), 1 => "\\PC{0,6}"],
                    inner
                ),
                0..8
            )
            .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// Every key and enumerated value of format v1.
const VOCABULARY: &[&str] = &[
    "$schema",
    "format",
    "title",
    "description",
    "revision",
    "issued",
    "language",
    "period",
    "start",
    "end",
    "columns",
    "sections",
    "nodes",
    "work_items",
    "kpis",
    "checks",
    "meta",
    "id",
    "kind",
    "term",
    "label",
    "section",
    "to",
    "node",
    "rationale",
    "evidence",
    "confidence",
    "owners",
    "current",
    "ideal",
    "schedule",
    "progress",
    "new_in_revision",
    "indicator",
    "unit",
    "direction",
    "baseline",
    "target",
    "target_note",
    "actuals",
    "year",
    "value",
    "assumption",
    "input",
    "activity",
    "output",
    "outcome",
    "impact",
    "short",
    "medium",
    "long",
    "low",
    "high",
    "increase",
    "decrease",
    "error",
    "warning",
    "allow",
    "dead-end",
    "cycle",
    "a",
    "i",
    "2024",
];

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

fn extras() -> impl Strategy<Value = Extras> {
    (
        proptest::option::of(label()),
        proptest::option::of("[v第版0-9.]{1,6}"),
        proptest::option::of((1000u16..=9999, 1u8..=12, 1u8..=28)),
        proptest::option::of(proptest::sample::select(
            &["ja", "en", "en-GB", "ja-JP", "de"][..],
        )),
        proptest::collection::vec(
            (
                proptest::sample::select(COLUMN_KEYS),
                proptest::option::of(label()),
            ),
            0..4,
        ),
        proptest::collection::vec(
            (
                any::<Index>(),
                proptest::sample::select(&["error", "warning", "allow"][..]),
            ),
            0..4,
        ),
        proptest::option::of(json_value(VOCABULARY)),
    )
        .prop_map(
            |(description, revision, issued, language, columns, checks, meta)| Extras {
                description,
                revision,
                issued,
                language,
                columns,
                checks,
                meta,
            },
        )
}

fn model_plan() -> impl Strategy<Value = ModelPlan> {
    (
        label(),
        any::<bool>(),
        proptest::option::of((1990i32..2040, 0i32..12)),
        proptest::collection::vec(proptest::option::of(label()), 0..4),
        proptest::collection::vec(chain_plan(), 1..7),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..8),
        any::<bool>(),
        proptest::collection::vec(record_plan(), 7),
        extras(),
    )
        .prop_map(
            |(
                title,
                pretty,
                period,
                sections,
                chains,
                cross_links,
                with_records,
                records,
                extras,
            )| {
                ModelPlan {
                    title,
                    pretty,
                    period: period.map(|(start, length)| (start, start + length)),
                    sections,
                    records: with_records.then_some(records),
                    chains,
                    cross_links,
                    extras,
                }
            },
        )
}

/// Builds the model a plan describes. Every edge goes to a strictly later
/// column, so there is no cycle and no backward edge; every chain runs from
/// an activity to an impact, inputs lead straight to their activity, and
/// every work item and KPI is referred to — so nothing is reported.
fn build(plan: &ModelPlan) -> ValidModel {
    struct Built {
        id: String,
        stage: usize,
        object: Map<String, Value>,
        to: Vec<String>,
    }
    let lint_codes: Vec<&str> = Code::ALL
        .iter()
        .filter(|c| c.is_lint())
        .map(|c| c.as_str())
        .collect();
    let section_ids: Vec<String> = (0..plan.sections.len()).map(|i| format!("s{i}")).collect();
    let mut nodes: Vec<Built> = Vec::new();
    let mut work_items: Vec<Value> = Vec::new();
    let mut kpis: Vec<Value> = Vec::new();
    let mut edges = 0;
    let mut detailed: Vec<bool> = Vec::new();
    for (c, chain) in plan.chains.iter().enumerate() {
        let stages: Vec<usize> = (0..8)
            .filter(|&s| s == ACTIVITY || s == IMPACT || chain.optional[s])
            .collect();
        let first = nodes.len();
        for &stage in &stages {
            let (kind, term) = STAGES[stage];
            let id = format!("c{c}n{stage}-{}", chain.suffix);
            let mut object = Map::new();
            object.insert("id".into(), json!(id));
            object.insert("kind".into(), json!(kind));
            if let Some(term) = term {
                // `short` is the default term; leave it out half the time.
                if term != "short" || chain.detailed_links[stage] {
                    object.insert("term".into(), json!(term));
                }
            }
            object.insert("label".into(), json!(chain.labels[stage]));
            if let (Some(description), true) = (&chain.description, stage == ACTIVITY) {
                object.insert("description".into(), json!(description));
            }
            if let Some(section) = chain.section.filter(|_| !section_ids.is_empty()) {
                object.insert(
                    "section".into(),
                    json!(section_ids[section.index(section_ids.len())]),
                );
            }
            nodes.push(Built {
                id,
                stage,
                object,
                to: Vec::new(),
            });
            detailed.push(chain.detailed_links[stage]);
        }
        for pair in first..nodes.len() - 1 {
            let next = nodes[pair + 1].id.clone();
            nodes[pair].to.push(next);
            edges += 1;
        }
        if let Some(records) = &plan.records {
            let record = &records[c % records.len()];
            let activity = first
                + stages
                    .iter()
                    .position(|&s| s == ACTIVITY)
                    .expect("every chain has an activity");
            let mut item_ids = Vec::new();
            for (w, item_kpis) in record.items.iter().enumerate() {
                let item_id = format!("w{c}-{w}");
                let mut kpi_ids = Vec::new();
                for (k, kpi) in item_kpis.iter().enumerate() {
                    let kpi_id = format!("k{c}-{w}-{k}");
                    kpis.push(build_kpi(&kpi_id, kpi, plan.period));
                    kpi_ids.push(kpi_id);
                }
                let mut item = json!({
                    "id": item_id,
                    "title": chain.labels[ACTIVITY],
                    "kpis": kpi_ids,
                });
                if w == 1 {
                    item["owners"] = json!(["Planning", "企画課"]);
                    item["schedule"] = json!({"2024": ["pilot"], "2025": []});
                    item["progress"] = json!(["started"]);
                    item["new_in_revision"] = json!(true);
                    item["current"] = json!(chain.labels[0]);
                    item["ideal"] = Value::Null;
                }
                if record.kpi_on_impact {
                    let impact = nodes.len() - 1;
                    nodes[impact]
                        .object
                        .insert("kpis".into(), json!([kpi_ids[0]]));
                }
                work_items.push(item);
                item_ids.push(item_id);
            }
            nodes[activity]
                .object
                .insert("work_items".into(), json!(item_ids));
        }
    }
    for (from, to) in &plan.cross_links {
        let (from, to) = (from.index(nodes.len()), to.index(nodes.len()));
        let target = nodes[to].id.clone();
        if nodes[from].stage < nodes[to].stage && !nodes[from].to.contains(&target) {
            nodes[from].to.push(target);
            edges += 1;
        }
    }
    let node_ids: Vec<String> = nodes.iter().map(|n| n.id.clone()).collect();
    let node_values: Vec<Value> = nodes
        .into_iter()
        .zip(detailed)
        .map(|(mut node, detailed)| {
            if !node.to.is_empty() || detailed {
                let links: Vec<Value> = node
                    .to
                    .iter()
                    .map(|target| {
                        if detailed {
                            json!({"node": target, "rationale": "because", "evidence": null, "confidence": "medium"})
                        } else {
                            json!(target)
                        }
                    })
                    .collect();
                node.object.insert("to".into(), Value::Array(links));
            }
            Value::Object(node.object)
        })
        .collect();

    let mut model = Map::new();
    model.insert(
        "$schema".into(),
        json!("https://example.invalid/logicmodel.schema.json"),
    );
    model.insert("format".into(), json!(1));
    model.insert("title".into(), json!(plan.title));
    let extras = &plan.extras;
    if let Some(description) = &extras.description {
        model.insert("description".into(), json!(description));
    }
    if let Some(revision) = &extras.revision {
        model.insert("revision".into(), json!(revision));
    }
    if let Some((y, m, d)) = extras.issued {
        model.insert("issued".into(), json!(format!("{y:04}-{m:02}-{d:02}")));
    }
    if let Some(language) = extras.language {
        model.insert("language".into(), json!(language));
    }
    if let Some((start, end)) = plan.period {
        model.insert("period".into(), json!({"start": start, "end": end}));
    }
    if !extras.columns.is_empty() {
        let columns: Map<String, Value> = extras
            .columns
            .iter()
            .map(|(key, heading)| ((*key).to_owned(), json!(heading)))
            .collect();
        model.insert("columns".into(), Value::Object(columns));
    }
    if !plan.sections.is_empty() {
        let sections: Vec<Value> = plan
            .sections
            .iter()
            .zip(&section_ids)
            .map(|(label, id)| match label {
                Some(label) => json!({"id": id, "label": label}),
                None => json!({"id": id}),
            })
            .collect();
        model.insert("sections".into(), Value::Array(sections));
    }
    model.insert("nodes".into(), Value::Array(node_values));
    let (work_item_count, kpi_count) = (work_items.len(), kpis.len());
    if !work_items.is_empty() {
        model.insert("work_items".into(), Value::Array(work_items));
    }
    if !kpis.is_empty() {
        model.insert("kpis".into(), Value::Array(kpis));
    }
    if !extras.checks.is_empty() {
        let checks: Map<String, Value> = extras
            .checks
            .iter()
            .map(|(code, level)| {
                (
                    lint_codes[code.index(lint_codes.len())].to_owned(),
                    json!(level),
                )
            })
            .collect();
        model.insert("checks".into(), Value::Object(checks));
    }
    if let Some(meta) = &extras.meta {
        model.insert("meta".into(), meta.clone());
    }
    let value = Value::Object(model);
    let text = if plan.pretty {
        serde_json::to_string_pretty(&value)
    } else {
        serde_json::to_string(&value)
    }
    .expect("a JSON value serialises");
    ValidModel {
        value,
        text,
        nodes: node_ids.len(),
        edges,
        work_items: work_item_count,
        kpis: kpi_count,
        node_ids,
    }
}

fn build_kpi(id: &str, plan: &KpiPlan, period: Option<(i32, i32)>) -> Value {
    let (start, end) = period.unwrap_or((2020, 2030));
    let span = usize::try_from(end - start).expect("end >= start") + 1;
    let target_year = start + i32::try_from(plan.target_offset.index(span)).expect("small");
    let mut kpi = json!({
        "id": id,
        "indicator": format!("indicator of {id}"),
        "unit": "%",
        "target": {"year": target_year, "value": plan.value},
    });
    match plan.baseline_back {
        Some(5) => kpi["baseline"] = json!({"value": 0.5}),
        Some(back) => {
            kpi["baseline"] = json!({"year": target_year - i32::from(back), "value": 0.5})
        }
        None => {}
    }
    if let Some(decrease) = plan.decrease {
        kpi["direction"] = json!(if decrease { "decrease" } else { "increase" });
    }
    if !plan.actuals.is_empty() {
        let actuals: Vec<Value> = plan
            .actuals
            .iter()
            .map(|&(back, value)| json!({"year": target_year - i32::from(back), "value": value}))
            .collect();
        kpi["actuals"] = Value::Array(actuals);
    }
    if let Some(note) = &plan.note {
        kpi["target_note"] = json!(note);
    }
    kpi
}

fn valid_model() -> impl Strategy<Value = ValidModel> {
    model_plan().prop_map(|plan| build(&plan))
}

/// Proptest's defaults (so `PROPTEST_CASES` applies), with failing cases
/// saved next to this file: the default looks for `src/lib.rs`, which a test
/// outside the crate does not have.
fn config() -> ProptestConfig {
    ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource(
            "proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn valid_models_load_without_diagnostics_and_check_clean(model in valid_model()) {
        let loaded = load_and_check(model.text.as_bytes());
        prop_assert!(loaded.diagnostics.is_empty(), "{:#?}\n{}", loaded.diagnostics, model.text);
        let built = loaded.model.expect("a valid model loads");
        let found = built.check();
        prop_assert!(found.is_empty(), "{found:#?}\n{}", model.text);
        prop_assert_eq!(built.node_count(), model.nodes);
        prop_assert_eq!(built.edge_count(), model.edges);
        prop_assert_eq!(built.work_items().len(), model.work_items);
        prop_assert_eq!(built.kpis().len(), model.kpis);
        prop_assert_eq!(built.title(), model.value["title"].as_str().expect("a title"));
        // Each node is found by its id, and its location runs up to where the id is written.
        for id in &model.node_ids {
            let index = built.node_index(id).expect("every id is found");
            let location = built.node(index).location();
            let written = &model.text[location.offset..location.offset + location.len];
            prop_assert!(written.ends_with(&format!("\"{id}\"")), "{id}: {written:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_and_crlf_line_endings_change_nothing(model in valid_model()) {
        let crlf = model.text.replace('\n', "\r\n");
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), crlf.as_bytes()].concat();
        let loaded = load_and_check(&with_bom);
        prop_assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        let (lf, crlf) = (
            logicmodel::load_str(&model.text).model.expect("loads"),
            loaded.model.expect("loads"),
        );
        prop_assert!(crlf.check().is_empty());
        for ((_, a), (_, b)) in lf.nodes().zip(crlf.nodes()) {
            prop_assert_eq!(
                (a.location().line, a.location().column),
                (b.location().line, b.location().column)
            );
        }
    }
}

// ---------------------------------------------------------------- mutations

/// A change to the JSON value of a valid model.
#[derive(Clone, Debug)]
enum ValueMutation {
    RemoveKey(Index, Index),
    ReplaceValue(Index, Value),
    DuplicateNode(Index, Index),
    SwapIds(Index, Index),
    ChangeKind(Index, Value),
    RetargetEdge(Index, Index),
}

/// A change to the text of a model.
#[derive(Clone, Debug)]
enum TextMutation {
    DeleteRange(Index, usize),
    InsertBytes(Index, Vec<u8>),
    InsertToken(Index, &'static str),
    SwapRanges(Index, Index, usize),
}

const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "\n",
    "\r\n",
    "\t",
    " ",
    "null",
    "true",
    "-",
    "0",
    "1e999",
    "\"id\": \"a\"",
    "\u{FEFF}",
    "\u{2028}",
    "江",
    "😀",
    "\\u0000",
    "\\ud800",
    "//",
    "/*",
    "\u{0}",
];

fn value_mutation() -> impl Strategy<Value = ValueMutation> {
    let kinds = prop_oneof![
        proptest::sample::select(
            &[
                "assumption",
                "input",
                "activity",
                "output",
                "outcome",
                "impact",
                "activty",
                "",
                "OUTPUT",
            ][..]
        )
        .prop_map(Value::from),
        json_value(VOCABULARY),
    ];
    prop_oneof![
        (any::<Index>(), any::<Index>()).prop_map(|(o, k)| ValueMutation::RemoveKey(o, k)),
        (any::<Index>(), json_value(VOCABULARY))
            .prop_map(|(at, v)| ValueMutation::ReplaceValue(at, v)),
        (any::<Index>(), any::<Index>()).prop_map(|(n, at)| ValueMutation::DuplicateNode(n, at)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| ValueMutation::SwapIds(a, b)),
        (any::<Index>(), kinds).prop_map(|(n, kind)| ValueMutation::ChangeKind(n, kind)),
        (any::<Index>(), any::<Index>()).prop_map(|(e, n)| ValueMutation::RetargetEdge(e, n)),
    ]
}

fn text_mutation() -> impl Strategy<Value = TextMutation> {
    prop_oneof![
        (any::<Index>(), 0usize..40).prop_map(|(at, len)| TextMutation::DeleteRange(at, len)),
        (any::<Index>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(at, bytes)| TextMutation::InsertBytes(at, bytes)),
        (any::<Index>(), proptest::sample::select(TOKENS))
            .prop_map(|(at, t)| TextMutation::InsertToken(at, t)),
        (any::<Index>(), any::<Index>(), 1usize..30)
            .prop_map(|(a, b, len)| TextMutation::SwapRanges(a, b, len)),
    ]
}

/// JSON pointers to every value in `value`, objects and arrays included.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                pointers(child, format!("{at}/{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                pointers(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

fn nodes_mut(value: &mut Value) -> Option<&mut Vec<Value>> {
    value
        .get_mut("nodes")?
        .as_array_mut()
        .filter(|n| !n.is_empty())
}

fn apply_value_mutation(value: &mut Value, mutation: &ValueMutation) {
    match mutation {
        ValueMutation::RemoveKey(object, key) => {
            let mut all = Vec::new();
            pointers(value, String::new(), &mut all);
            all.retain(|p| {
                value
                    .pointer(p)
                    .is_some_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
            });
            if all.is_empty() {
                return;
            }
            let pointer = all[object.index(all.len())].clone();
            if let Some(Value::Object(map)) = value.pointer_mut(&pointer) {
                let name = map
                    .keys()
                    .nth(key.index(map.len()))
                    .cloned()
                    .expect("non-empty");
                map.shift_remove(&name);
            }
        }
        ValueMutation::ReplaceValue(at, replacement) => {
            let mut all = Vec::new();
            pointers(value, String::new(), &mut all);
            let pointer = all[at.index(all.len())].clone();
            if let Some(target) = value.pointer_mut(&pointer) {
                *target = replacement.clone();
            }
        }
        ValueMutation::DuplicateNode(node, at) => {
            if let Some(nodes) = nodes_mut(value) {
                let copy = nodes[node.index(nodes.len())].clone();
                let position = at.index(nodes.len() + 1);
                nodes.insert(position, copy);
            }
        }
        ValueMutation::SwapIds(a, b) => {
            if let Some(nodes) = nodes_mut(value) {
                let (a, b) = (a.index(nodes.len()), b.index(nodes.len()));
                let id_a = nodes[a].get("id").cloned();
                let id_b = nodes[b].get("id").cloned();
                if let (Some(id_a), Some(id_b)) = (id_a, id_b) {
                    nodes[a]["id"] = id_b;
                    nodes[b]["id"] = id_a;
                }
            }
        }
        ValueMutation::ChangeKind(node, kind) => {
            if let Some(nodes) = nodes_mut(value) {
                let n = node.index(nodes.len());
                if nodes[n].is_object() {
                    nodes[n]["kind"] = kind.clone();
                }
            }
        }
        ValueMutation::RetargetEdge(edge, node) => {
            let Some(nodes) = nodes_mut(value) else {
                return;
            };
            let ids: Vec<Value> = nodes.iter().filter_map(|n| n.get("id").cloned()).collect();
            let mut links: Vec<(usize, usize)> = Vec::new();
            for (n, node) in nodes.iter().enumerate() {
                if let Some(to) = node.get("to").and_then(Value::as_array) {
                    links.extend((0..to.len()).map(|l| (n, l)));
                }
            }
            if links.is_empty() || ids.is_empty() {
                return;
            }
            let (n, l) = links[edge.index(links.len())];
            nodes[n]["to"][l] = ids[node.index(ids.len())].clone();
        }
    }
}

fn apply_text_mutation(bytes: &mut Vec<u8>, mutation: &TextMutation) {
    match mutation {
        TextMutation::DeleteRange(at, len) => {
            let start = at.index(bytes.len() + 1);
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        TextMutation::InsertBytes(at, inserted) => {
            let position = at.index(bytes.len() + 1);
            bytes.splice(position..position, inserted.iter().copied());
        }
        TextMutation::InsertToken(at, token) => {
            let position = at.index(bytes.len() + 1);
            bytes.splice(position..position, token.bytes());
        }
        TextMutation::SwapRanges(a, b, len) => {
            if bytes.len() < 2 * len {
                return;
            }
            let (a, b) = (
                a.index(bytes.len() - len + 1),
                b.index(bytes.len() - len + 1),
            );
            let (a, b) = (a.min(b), a.max(b));
            if a + len <= b {
                let first = bytes[a..a + len].to_vec();
                let second = bytes[b..b + len].to_vec();
                bytes.splice(b..b + len, first);
                bytes.splice(a..a + len, second);
            }
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_models_never_panic_and_every_diagnostic_points_into_the_text(
        model in valid_model(),
        value_mutations in proptest::collection::vec(value_mutation(), 0..4),
        text_mutations in proptest::collection::vec(text_mutation(), 0..4),
    ) {
        let mut value = model.value.clone();
        for mutation in &value_mutations {
            apply_value_mutation(&mut value, mutation);
        }
        let mut bytes = serde_json::to_string_pretty(&value).expect("serialises").into_bytes();
        for mutation in &text_mutations {
            apply_text_mutation(&mut bytes, mutation);
        }
        load_and_check(&bytes);
    }

    #[test]
    fn structural_mutations_alone_give_a_model(
        model in valid_model(),
        mutations in proptest::collection::vec(value_mutation(), 1..4),
    ) {
        let mut value = model.value.clone();
        for mutation in &mutations {
            apply_value_mutation(&mut value, mutation);
        }
        let text = serde_json::to_string(&value).expect("serialises");
        let loaded = load_and_check(text.as_bytes());
        // The text is JSON; only a top level that is not an object gives no model.
        prop_assert_eq!(loaded.model.is_some(), value.is_object(), "{:?}", loaded.diagnostics);
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        load_and_check(&bytes);
    }

    #[test]
    fn random_text_never_panics(text in "\\PC{0,300}|[\\[\\]{}\",:0-9a-z \n\\\\]{0,300}") {
        load_and_check(text.as_bytes());
    }

    #[test]
    fn random_json_never_panics(value in json_value(VOCABULARY), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value)
        } else {
            serde_json::to_string(&value)
        }
        .expect("serialises");
        let loaded = load_and_check(text.as_bytes());
        prop_assert_eq!(loaded.model.is_some(), value.is_object());
    }

    #[test]
    fn random_model_shaped_json_never_panics(
        nodes in proptest::collection::vec(json_value(VOCABULARY), 0..12),
        work_items in proptest::collection::vec(json_value(VOCABULARY), 0..4),
        kpis in proptest::collection::vec(json_value(VOCABULARY), 0..4),
        checks in json_value(VOCABULARY),
    ) {
        let value = json!({
            "format": 1,
            "title": "random",
            "nodes": nodes,
            "work_items": work_items,
            "kpis": kpis,
            "checks": checks,
        });
        load_and_check(value.to_string().as_bytes());
    }
}

// ---------------------------------------------------------------- depth

#[test]
fn deeply_nested_arrays_do_not_overflow_the_stack() {
    let depth = 100_000;
    for text in [
        format!("{}{}", "[".repeat(depth), "]".repeat(depth)),
        "[".repeat(depth),
        format!(
            r#"{{"format": 1, "title": "t", "meta": {}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{{"id": "a", "kind": "activity", "label": "a", "to": {}{}}}]}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        ),
    ] {
        let loaded = load_and_check(text.as_bytes());
        assert!(!loaded.diagnostics.is_empty());
    }
}

#[test]
fn deeply_nested_objects_do_not_overflow_the_stack() {
    let depth = 100_000;
    for text in [
        format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth)),
        r#"{"a":"#.repeat(depth),
        format!(
            r#"{{"format": 1, "title": "t", "meta": {}1{}}}"#,
            r#"{"a":"#.repeat(depth),
            "}".repeat(depth)
        ),
    ] {
        let loaded = load_and_check(text.as_bytes());
        assert!(!loaded.diagnostics.is_empty());
    }
}

#[test]
fn nesting_just_inside_the_parser_limits_is_read() {
    // Whatever depth the parser accepts, reading `meta` must not overflow either.
    for depth in [100, 127, 128, 255, 256, 511, 512, 513, 1000] {
        let text = format!(
            r#"{{"format": 1, "title": "t", "meta": {}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        load_and_check(text.as_bytes());
    }
}

/// A chain activity → output → `length` outcomes → impact, optionally closed
/// into one long cycle.
fn long_chain(length: usize, cycle: bool) -> String {
    let mut nodes = vec![
        r#"{"id": "a", "kind": "activity", "label": "a", "to": ["o"]}"#.to_owned(),
        r#"{"id": "o", "kind": "output", "label": "o", "to": ["m0"]}"#.to_owned(),
    ];
    for i in 0..length {
        let mut to = if i + 1 < length {
            format!(r#""m{}""#, i + 1)
        } else {
            r#""i""#.to_owned()
        };
        if cycle && i + 1 == length {
            to.push_str(r#", "m0""#);
        }
        nodes.push(format!(
            r#"{{"id": "m{i}", "kind": "outcome", "label": "m", "to": [{to}]}}"#
        ));
    }
    nodes.push(r#"{"id": "i", "kind": "impact", "label": "i"}"#.to_owned());
    format!(
        r#"{{"format": 1, "title": "t", "nodes": [
{}
]}}"#,
        nodes.join(",\n")
    )
}

#[test]
fn very_long_chains_and_cycles_are_checked_without_overflowing_the_stack() {
    let length = 50_000;
    let loaded = load_and_check(long_chain(length, false).as_bytes());
    assert!(loaded.diagnostics.is_empty());
    let model = loaded.model.expect("loads");
    assert_eq!(model.node_count(), length + 3);
    assert!(model.check().is_empty());

    let loaded = load_and_check(long_chain(length, true).as_bytes());
    let found = loaded.model.expect("loads").check();
    let codes: Vec<Code> = found.iter().map(Diagnostic::code).collect();
    assert_eq!(codes, [Code::Cycle], "one cycle through {length} outcomes");
    assert_eq!(found[0].ids().len(), length);
    assert!(
        found[0].message().contains("more)"),
        "the cycle is shortened: {}",
        found[0].message()
    );
}
