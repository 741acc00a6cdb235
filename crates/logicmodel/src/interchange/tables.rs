//! The record tables of a model: the sheet and column layout that the
//! workbook ([`super::workbook`]) and the CSV folder ([`super::csv`]) share.
//!
//! One table per record type, one row per record, one column per field, in
//! file order: `model` (the model's own fields, one per row), `nodes`,
//! `links` (one row per arrow, so relinking is editing a cell), `sections`,
//! `work_items` (one column per fiscal year for the schedule), `kpis` and
//! `kpi_actuals` (one row per measured value). Sheet names, headings and
//! the words in `kind`, `term`, `confidence` and `direction` cells are
//! Japanese for a Japanese model (`language: "ja"`), English otherwise;
//! `docs/interchange.md` lists them all.
//!
//! The layout is made to be read back without loss: every field of the
//! model has a cell, lists (owners, a year's steps, progress notes) are one
//! item per line, or a JSON array of strings where lines cannot say it (an
//! item with a line break, an empty item), and columns marked
//! [`Column::derived`] (the label next to a link's node id) are for people
//! and ignored on reading.
//!
//! What it must not do: know about xlsx or CSV syntax. Cells are typed
//! values; the writers decide how each is stored.

use crate::diagnostic::Level;
use crate::interchange::{is_japanese, words};
use crate::model::{ColumnKey, Confidence, Direction, Model, NodeKind, Stage, Term};
use petgraph::graph::NodeIndex;

/// One of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Sheet {
    /// The model's own fields: title, period, column headings, lint levels, meta.
    Model,
    /// The boxes.
    Nodes,
    /// The arrows, one per row.
    Links,
    /// The bands.
    Sections,
    /// The projects, with their schedule by fiscal year.
    WorkItems,
    /// The indicators.
    Kpis,
    /// The measured values of the indicators, one per row.
    KpiActuals,
}

impl Sheet {
    /// Every table, in the order they are written.
    pub const ALL: [Sheet; 7] = [
        Sheet::Model,
        Sheet::Nodes,
        Sheet::Links,
        Sheet::Sections,
        Sheet::WorkItems,
        Sheet::Kpis,
        Sheet::KpiActuals,
    ];

    /// The table's name in English: the English sheet name and the CSV file
    /// stem (`nodes.csv`) in either language.
    pub fn key(self) -> &'static str {
        match self {
            Sheet::Model => "model",
            Sheet::Nodes => "nodes",
            Sheet::Links => "links",
            Sheet::Sections => "sections",
            Sheet::WorkItems => "work_items",
            Sheet::Kpis => "kpis",
            Sheet::KpiActuals => "kpi_actuals",
        }
    }

    /// The sheet's name in a workbook.
    pub fn name(self, japanese: bool) -> &'static str {
        if !japanese {
            return self.key();
        }
        match self {
            Sheet::Model => "モデル",
            Sheet::Nodes => "要素",
            Sheet::Links => "つながり",
            Sheet::Sections => "セクション",
            Sheet::WorkItems => "個別業務",
            Sheet::Kpis => "KPI",
            Sheet::KpiActuals => "KPI実績",
        }
    }
}

/// A date (the model's `issued`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    /// The year.
    pub year: u16,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, 1–31.
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let year = text.get(0..4)?.parse().ok()?;
        let month = text.get(5..7)?.parse().ok()?;
        let day = text.get(8..10)?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// A cell's value.
#[derive(Clone, Debug, PartialEq)]
pub enum TableCell {
    /// Nothing: the model does not give the field.
    Empty,
    /// Model text, written as text (never a formula).
    Text(String),
    /// A number (a KPI value).
    Number(f64),
    /// A whole number (a year, the format version).
    Integer(i64),
    /// A date.
    Date(Date),
    /// A yes/no value.
    Bool(bool),
    /// A value looked up from another table for people to read (the label
    /// next to a node id); `value` is what the lookup finds today.
    Lookup(Lookup),
}

/// How a derived cell is found: the row of `sheet` whose `key_column`
/// equals this row's cell in column `from`, and that row's `value_column`.
#[derive(Clone, Debug, PartialEq)]
pub struct Lookup {
    /// The value found now.
    pub value: String,
    /// The column of this table holding the key.
    pub from: usize,
    /// The table looked in.
    pub sheet: Sheet,
    /// The column of `sheet` holding the keys.
    pub key_column: usize,
    /// The column of `sheet` holding the value.
    pub value_column: usize,
}

/// What a column's cells may hold, for validation lists in a workbook.
#[derive(Clone, Debug, PartialEq)]
pub enum Choices {
    /// Anything.
    Any,
    /// One of these words.
    Words(Vec<&'static str>),
    /// An id from the first column of that table.
    IdOf(Sheet),
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The field's name in English (`kind`, `work_items`, `2024` for a
    /// schedule year): stable, matched on reading beside the heading.
    pub key: String,
    /// The heading in the model's language.
    pub heading: String,
    /// What its cells may hold.
    pub choices: Choices,
    /// Long text: the writer may wrap it.
    pub long_text: bool,
    /// Derived for people; ignored on reading.
    pub derived: bool,
}

/// One table: its columns and rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// Which table.
    pub sheet: Sheet,
    /// Its name in the model's language.
    pub name: String,
    /// The columns, left to right.
    pub columns: Vec<Column>,
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<TableCell>>,
}

/// Column keys with their English and Japanese headings.
struct Spec {
    key: &'static str,
    english: &'static str,
    japanese: &'static str,
}

const fn spec(key: &'static str, english: &'static str, japanese: &'static str) -> Spec {
    Spec {
        key,
        english,
        japanese,
    }
}

const MODEL_COLUMNS: [Spec; 3] = [
    spec("field", "Field", "項目"),
    spec("value", "Value", "値"),
    spec("about", "About", "説明"),
];
const NODE_COLUMNS: [Spec; 8] = [
    spec("id", "ID", "ID"),
    spec("kind", "Kind", "種別"),
    spec("term", "Term", "期間"),
    spec("label", "Label", "テキスト"),
    spec("description", "Description", "説明"),
    spec("section", "Section", "セクション"),
    spec("work_items", "Work items", "個別業務"),
    spec("kpis", "KPIs", "KPI"),
];
const LINK_COLUMNS: [Spec; 9] = [
    spec("from", "From", "つながり元"),
    spec("from_label", "From (label)", "つながり元（テキスト）"),
    spec("to", "To", "つながり先"),
    spec("to_label", "To (label)", "つながり先（テキスト）"),
    spec("rationale", "Rationale", "根拠"),
    spec("evidence", "Evidence", "エビデンス"),
    spec("confidence", "Confidence", "確からしさ"),
    spec("inferred", "Inferred", "推定"),
    spec("type", "Type", "種類"),
];
const SECTION_COLUMNS: [Spec; 2] = [spec("id", "ID", "ID"), spec("label", "Label", "名称")];
const WORK_ITEM_COLUMNS: [Spec; 8] = [
    spec("id", "ID", "ID"),
    spec("title", "Title", "業務名"),
    spec("owners", "Owners", "担当"),
    spec("current", "Current", "現状"),
    spec("ideal", "Ideal", "理想"),
    spec("progress", "Progress", "進捗"),
    spec("kpis", "KPIs", "KPI"),
    spec("new_in_revision", "New in revision", "新規"),
];
const KPI_COLUMNS: [Spec; 11] = [
    spec("id", "ID", "ID"),
    spec("indicator", "Indicator", "指標"),
    spec("unit", "Unit", "単位"),
    spec("direction", "Direction", "方向"),
    spec("baseline_year", "Baseline year", "基準年度"),
    spec("baseline", "Baseline", "基準値"),
    spec("target_year", "Target year", "目標年度"),
    spec("target", "Target", "目標値"),
    spec("target_note", "Target note", "目標の注記"),
    spec("qualitative_target", "Qualitative target", "定性的な目標"),
    spec("source", "Source", "データソース"),
];
const ACTUAL_COLUMNS: [Spec; 4] = [
    spec("kpi", "KPI", "KPI"),
    spec("indicator", "Indicator", "指標"),
    spec("year", "Year", "年度"),
    spec("value", "Value", "実績値"),
];

/// The target cell of a KPI whose target is written as undecided
/// (`"target": null`); the reader also takes `未定`.
pub const UNDECIDED: &str = "null";

/// The column keys of a table with their English and Japanese headings
/// (`key`, `english`, `japanese`), for the reader; the schedule years of
/// `work_items` come after these.
pub(crate) fn column_specs(sheet: Sheet) -> Vec<(&'static str, &'static str, &'static str)> {
    let specs: &[Spec] = match sheet {
        Sheet::Model => &MODEL_COLUMNS,
        Sheet::Nodes => &NODE_COLUMNS,
        Sheet::Links => &LINK_COLUMNS,
        Sheet::Sections => &SECTION_COLUMNS,
        Sheet::WorkItems => &WORK_ITEM_COLUMNS,
        Sheet::Kpis => &KPI_COLUMNS,
        Sheet::KpiActuals => &ACTUAL_COLUMNS,
    };
    specs
        .iter()
        .map(|s| (s.key, s.english, s.japanese))
        .collect()
}

/// The heading of a schedule year's column: `FY2024`, `2024年度`.
pub fn year_heading(year: i32, japanese: bool) -> String {
    if japanese {
        format!("{year}年度")
    } else {
        format!("FY{year}")
    }
}

/// The longest plan period whose every year gets a schedule column even
/// without steps; a longer one (a typo like 2024–20240) adds none.
const MAX_PERIOD_COLUMNS: i32 = 100;

/// The tables of `model`, in [`Sheet::ALL`] order.
///
/// Cost: O(V + E + work items + KPIs) cells.
///
/// ```
/// use logicmodel::interchange::tables::{tables, TableCell, Sheet};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let tables = tables(&model);
/// let links = tables.iter().find(|t| t.sheet == Sheet::Links).unwrap();
/// assert_eq!(links.rows.len(), 1);
/// assert_eq!(links.rows[0][0], TableCell::Text("a".into()));
/// ```
pub fn tables(model: &Model) -> Vec<Table> {
    let japanese = is_japanese(model);
    Sheet::ALL
        .iter()
        .map(|&sheet| {
            let (columns, rows) = match sheet {
                Sheet::Model => model_table(model, japanese),
                Sheet::Nodes => node_table(model, japanese),
                Sheet::Links => link_table(model, japanese),
                Sheet::Sections => section_table(model, japanese),
                Sheet::WorkItems => work_item_table(model, japanese),
                Sheet::Kpis => kpi_table(model, japanese),
                Sheet::KpiActuals => actual_table(model, japanese),
            };
            Table {
                sheet,
                name: sheet.name(japanese).to_owned(),
                columns,
                rows,
            }
        })
        .collect()
}

fn columns(specs: &[Spec], japanese: bool) -> Vec<Column> {
    specs
        .iter()
        .map(|s| Column {
            key: s.key.to_owned(),
            heading: if japanese { s.japanese } else { s.english }.to_owned(),
            choices: Choices::Any,
            long_text: false,
            derived: false,
        })
        .collect()
}

fn set(columns: &mut [Column], key: &str, change: impl FnOnce(&mut Column)) {
    if let Some(column) = columns.iter_mut().find(|c| c.key == key) {
        change(column);
    }
}

fn text(value: &str) -> TableCell {
    TableCell::Text(value.to_owned())
}

fn optional_text(value: Option<&str>) -> TableCell {
    value.map_or(TableCell::Empty, text)
}

/// A list of ids, separated by a comma and a space (ids hold neither).
fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> TableCell {
    let joined = ids.collect::<Vec<_>>().join(", ");
    if joined.is_empty() {
        TableCell::Empty
    } else {
        TableCell::Text(joined)
    }
}

/// A list of free text: one item per line, or a JSON array of strings when
/// lines would not read back as the same list.
pub fn text_list(items: &[String]) -> TableCell {
    if items.is_empty() {
        return TableCell::Empty;
    }
    let lines = items.join("\n");
    let ambiguous = items
        .iter()
        .any(|i| i.is_empty() || i.contains('\n') || i.contains('\r'))
        || serde_json::from_str::<Vec<String>>(&lines).is_ok();
    if ambiguous {
        TableCell::Text(serde_json::to_string(items).expect("strings serialise"))
    } else {
        TableCell::Text(lines)
    }
}

/// A fixed row of the `model` table.
struct FieldSpec {
    key: &'static str,
    english: &'static str,
    japanese: &'static str,
    about_english: &'static str,
    about_japanese: &'static str,
}

const fn field(
    key: &'static str,
    english: &'static str,
    japanese: &'static str,
    about_english: &'static str,
    about_japanese: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        english,
        japanese,
        about_english,
        about_japanese,
    }
}

/// The rows of the `model` table before the column headings; `META` comes
/// after the lint levels.
const FIELDS: [FieldSpec; 12] = [
    field(
        "format",
        "Format",
        "形式",
        "the file format's version: 1",
        "ファイル形式の版（1）",
    ),
    field(
        "$schema",
        "Schema",
        "スキーマ",
        "URL or path of the JSON Schema, for editors",
        "エディタ用の JSON Schema の URL またはパス",
    ),
    field(
        "title",
        "Title",
        "タイトル",
        "the programme's title (required)",
        "計画の名称（必須）",
    ),
    field(
        "description",
        "Description",
        "説明",
        "a longer description",
        "計画の説明",
    ),
    field("revision", "Revision", "版", "e.g. v3", "例: 第1.2版"),
    field(
        "issued",
        "Issued",
        "発行日",
        "date of this revision",
        "この版の発行日",
    ),
    field(
        "language",
        "Language",
        "言語",
        "ja for Japanese headings, en for English",
        "ja で日本語の見出し、en で英語",
    ),
    field(
        "period.start",
        "Period start",
        "計画期間（開始年度）",
        "first fiscal year of the plan",
        "計画期間の最初の年度",
    ),
    field(
        "period.end",
        "Period end",
        "計画期間（終了年度）",
        "last fiscal year of the plan",
        "計画期間の最後の年度",
    ),
    field(
        "chain_end",
        "Chain end",
        "連鎖の終点",
        "the column where the chains end (empty: the impacts)",
        "連鎖が終わる列（空欄ならインパクト）",
    ),
    field(
        "layout.order",
        "Box order",
        "箱の並び順",
        "source: keep the file's order; crossings or empty: fewer crossings",
        "source なら表の順、crossings か空欄なら交差の少ない順",
    ),
    field(
        "context",
        "Context",
        "前提・外部要因",
        "assumptions and external factors of the whole programme, one per line",
        "計画全体の前提・外部要因（1行に1つ）",
    ),
];
const META: FieldSpec = field(
    "meta",
    "Meta (JSON)",
    "メタデータ（JSON）",
    "free-form JSON for other tools, kept as written",
    "他のツールのための自由な JSON（そのまま保存）",
);

/// The name of the `model` table's row for a column heading.
fn column_field(key: ColumnKey, japanese: bool) -> String {
    let name = match key_stage(key) {
        Some(stage) => crate::render::stage_name(stage, japanese),
        None if japanese => "アウトカム・期間の見出しがない列",
        None => "Outcome, every term without its own",
    };
    if japanese {
        format!("列見出し（{name}）")
    } else {
        format!("Column heading: {name}")
    }
}

/// The one column a heading key names; `None` for the general `outcome`.
fn key_stage(key: ColumnKey) -> Option<Stage> {
    Stage::ALL
        .iter()
        .copied()
        .find(|&s| ColumnKey::of(s) == key)
}

/// The name of the `model` table's row for a lint level.
fn check_field(code: &str, japanese: bool) -> String {
    if japanese {
        format!("チェック（{code}）")
    } else {
        format!("Check: {code}")
    }
}

/// A name as people may retype it: ASCII letters in lower case, full-width
/// forms folded to ASCII, spaces, `_` and `-` dropped.
pub(crate) fn fold(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The key (`title`, `period.start`, `columns.outcome_short`,
/// `checks.dead-end`, `meta`) of a `model` table row, from its name in
/// either language or the key itself; `None` for a name no row has.
///
/// ```
/// use logicmodel::interchange::tables::model_field_key;
/// assert_eq!(model_field_key("計画期間（開始年度）").as_deref(), Some("period.start"));
/// assert_eq!(model_field_key("Check: dead-end").as_deref(), Some("checks.dead-end"));
/// assert_eq!(model_field_key("columns.impact").as_deref(), Some("columns.impact"));
/// assert_eq!(model_field_key("Titel"), None);
/// ```
pub fn model_field_key(name: &str) -> Option<String> {
    let folded = fold(name);
    let matches = |candidates: &[&str]| candidates.iter().any(|c| fold(c) == folded);
    for spec in FIELDS.iter().chain([&META]) {
        if matches(&[spec.key, spec.english, spec.japanese]) {
            return Some(spec.key.to_owned());
        }
    }
    for &column in ColumnKey::ALL {
        let key = format!("columns.{column}");
        if matches(&[
            &key,
            &column_field(column, false),
            &column_field(column, true),
        ]) {
            return Some(key);
        }
    }
    let trimmed = name.trim();
    let code = trimmed
        .strip_prefix("checks.")
        .or_else(|| trimmed.strip_prefix("Check:"))
        .or_else(|| {
            trimmed
                .strip_prefix("チェック（")
                .and_then(|rest| rest.strip_suffix('）'))
        })?;
    crate::Code::from_name(code.trim()).map(|code| format!("checks.{code}"))
}

fn model_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&MODEL_COLUMNS, japanese);
    set(&mut columns, "value", |c| c.long_text = true);
    set(&mut columns, "about", |c| {
        c.long_text = true;
        c.derived = true;
    });
    let row = |name: String, value: TableCell, about: &str| {
        vec![TableCell::Text(name), value, text(about)]
    };
    let fixed = |spec: &FieldSpec, value: TableCell| {
        let (name, about) = if japanese {
            (spec.japanese, spec.about_japanese)
        } else {
            (spec.english, spec.about_english)
        };
        row(name.to_owned(), value, about)
    };
    let year = |year: Option<i32>| year.map_or(TableCell::Empty, |y| TableCell::Integer(y.into()));
    let values = [
        TableCell::Integer(1),
        optional_text(model.schema()),
        text(model.title()),
        optional_text(model.description()),
        optional_text(model.revision()),
        match model.issued() {
            Some(issued) => Date::parse(issued).map_or_else(|| text(issued), TableCell::Date),
            None => TableCell::Empty,
        },
        optional_text(model.language().map(|l| l.as_str())),
        year(model.period().map(|p| p.start)),
        year(model.period().map(|p| p.end)),
        optional_text(model.chain_end_setting().map(Stage::as_str)),
        optional_text(model.box_order().map(|o| o.as_str())),
        text_list(model.context()),
    ];
    let mut rows: Vec<Vec<TableCell>> = FIELDS
        .iter()
        .zip(values)
        .map(|(spec, value)| fixed(spec, value))
        .collect();
    for &key in ColumnKey::ALL {
        let about = match (key, japanese) {
            (ColumnKey::Outcome, true) => "期間ごとの見出しがないアウトカム列の見出し",
            (ColumnKey::Outcome, false) => "the heading of every outcome column without its own",
            (_, true) => "図の列見出し（空欄なら既定の名前）",
            (_, false) => "the diagram's heading of this column (empty: the built-in name)",
        };
        let written = model
            .columns()
            .written()
            .find(|(k, _)| *k == key)
            .map(|(_, h)| h);
        rows.push(row(
            column_field(key, japanese),
            optional_text(written),
            about,
        ));
    }
    for (code, (level, _)) in model.levels() {
        let level = match level {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Allow => "allow",
        };
        let about = if japanese {
            "error・warning・allow のいずれか（docs/checks.md）"
        } else {
            "error, warning or allow (docs/checks.md)"
        };
        rows.push(row(
            check_field(code.as_str(), japanese),
            text(level),
            about,
        ));
    }
    let meta = model.meta().map_or(TableCell::Empty, |meta| {
        TableCell::Text(serde_json::to_string(meta).expect("a JSON value serialises"))
    });
    rows.push(fixed(&META, meta));
    (columns, rows)
}

fn node_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&NODE_COLUMNS, japanese);
    set(&mut columns, "kind", |c| {
        c.choices = Choices::Words(
            NodeKind::ALL
                .iter()
                .map(|&k| words::kind(k, japanese))
                .collect(),
        );
    });
    set(&mut columns, "term", |c| {
        c.choices = Choices::Words(
            Term::ALL
                .iter()
                .map(|&t| words::term(t, japanese))
                .collect(),
        );
    });
    set(&mut columns, "section", |c| {
        c.choices = Choices::IdOf(Sheet::Sections)
    });
    set(&mut columns, "label", |c| c.long_text = true);
    set(&mut columns, "description", |c| c.long_text = true);
    let rows = model
        .nodes()
        .map(|(index, node)| {
            vec![
                text(node.id().as_str()),
                text(words::kind(node.kind(), japanese)),
                optional_text(node.term().map(|t| words::term(t, japanese))),
                text(node.label()),
                optional_text(node.description()),
                optional_text(
                    node.section_index()
                        .map(|s| model.sections()[s].id().as_str()),
                ),
                id_list(model.work_items_of(index).map(|w| w.id().as_str())),
                id_list(model.own_kpis_of(index).map(|k| k.id().as_str())),
            ]
        })
        .collect();
    (columns, rows)
}

fn link_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&LINK_COLUMNS, japanese);
    set(&mut columns, "from", |c| {
        c.choices = Choices::IdOf(Sheet::Nodes)
    });
    set(&mut columns, "to", |c| {
        c.choices = Choices::IdOf(Sheet::Nodes)
    });
    set(&mut columns, "from_label", |c| c.derived = true);
    set(&mut columns, "to_label", |c| c.derived = true);
    set(&mut columns, "rationale", |c| c.long_text = true);
    set(&mut columns, "evidence", |c| c.long_text = true);
    set(&mut columns, "confidence", |c| {
        c.choices = Choices::Words(
            Confidence::ALL
                .iter()
                .map(|&k| words::confidence(k, japanese))
                .collect(),
        );
    });
    // The node table's id and label columns, which the label lookups read.
    let (node_id, node_label) = (0, 3);
    let label_of = |index: NodeIndex, from: usize| {
        TableCell::Lookup(Lookup {
            value: model.node(index).label().to_owned(),
            from,
            sheet: Sheet::Nodes,
            key_column: node_id,
            value_column: node_label,
        })
    };
    let rows = model
        .edges()
        .map(|edge| {
            vec![
                text(model.node(edge.from).id().as_str()),
                label_of(edge.from, 0),
                text(model.node(edge.to).id().as_str()),
                label_of(edge.to, 2),
                optional_text(edge.info.rationale()),
                optional_text(edge.info.evidence()),
                optional_text(
                    edge.info
                        .confidence()
                        .map(|c| words::confidence(c, japanese)),
                ),
                // Only the links the transcriber inferred say so.
                if edge.info.inferred() {
                    TableCell::Bool(true)
                } else {
                    TableCell::Empty
                },
                // `feedback` or `sequence`, as the format writes them.
                optional_text(edge.info.link_type().map(|t| t.as_str())),
            ]
        })
        .collect();
    (columns, rows)
}

fn section_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let rows = model
        .sections()
        .iter()
        .map(|s| vec![text(s.id().as_str()), optional_text(s.written_label())])
        .collect();
    (columns(&SECTION_COLUMNS, japanese), rows)
}

/// The fiscal years that get a schedule column: every year a work item
/// plans a step in, and every year of the plan period.
fn schedule_years(model: &Model) -> Vec<i32> {
    let mut years: Vec<i32> = model
        .work_items()
        .iter()
        .flat_map(|w| w.schedule.iter().map(|(year, _)| *year))
        .collect();
    if let Some(period) = model.period() {
        if period.start <= period.end && period.end - period.start < MAX_PERIOD_COLUMNS {
            years.extend(period.start..=period.end);
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}

fn work_item_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&WORK_ITEM_COLUMNS, japanese);
    for key in ["title", "current", "ideal", "progress"] {
        set(&mut columns, key, |c| c.long_text = true);
    }
    let years = schedule_years(model);
    for &year in &years {
        columns.push(Column {
            key: year.to_string(),
            heading: year_heading(year, japanese),
            choices: Choices::Any,
            long_text: true,
            derived: false,
        });
    }
    let rows = model
        .work_items()
        .iter()
        .map(|item| {
            let mut row = vec![
                text(item.id().as_str()),
                text(&item.title),
                text_list(&item.owners),
                optional_text(item.current.as_deref()),
                optional_text(item.ideal.as_deref()),
                text_list(&item.progress),
                id_list(model.kpis_of_work_item(item).map(|k| k.id().as_str())),
                TableCell::Bool(item.new_in_revision),
            ];
            for &year in &years {
                let steps = item
                    .schedule
                    .iter()
                    .find(|(y, _)| *y == year)
                    .map(|(_, s)| s);
                row.push(match steps {
                    // A year written with no steps (`"2025": []`) is kept as `[]`.
                    Some(steps) if steps.is_empty() => text("[]"),
                    Some(steps) => text_list(steps),
                    None => TableCell::Empty,
                });
            }
            row
        })
        .collect();
    (columns, rows)
}

fn kpi_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&KPI_COLUMNS, japanese);
    set(&mut columns, "direction", |c| {
        c.choices = Choices::Words(
            Direction::ALL
                .iter()
                .map(|&d| words::direction(d, japanese))
                .collect(),
        );
    });
    set(&mut columns, "indicator", |c| c.long_text = true);
    set(&mut columns, "target_note", |c| c.long_text = true);
    // An undated baseline leaves its year cell empty.
    fn year(m: Option<impl Into<crate::model::Baseline>>) -> TableCell {
        m.and_then(|m| m.into().year)
            .map_or(TableCell::Empty, |y| TableCell::Integer(y.into()))
    }
    fn value(m: Option<impl Into<crate::model::Baseline>>) -> TableCell {
        m.map_or(TableCell::Empty, |m| TableCell::Number(m.into().value))
    }
    let rows = model
        .kpis()
        .iter()
        .map(|kpi| {
            vec![
                text(kpi.id().as_str()),
                text(&kpi.indicator),
                if kpi.unit.is_empty() {
                    TableCell::Empty
                } else {
                    text(&kpi.unit)
                },
                // A direction the file does not write stays unwritten.
                if kpi.spelling().direction || kpi.direction != Direction::Increase {
                    text(words::direction(kpi.direction, japanese))
                } else {
                    TableCell::Empty
                },
                year(kpi.baseline),
                value(kpi.baseline),
                year(kpi.target),
                match kpi.target {
                    None if kpi.spelling().null_target => text(UNDECIDED),
                    target => value(target),
                },
                optional_text(kpi.target_note.as_deref()),
                optional_text(kpi.qualitative_target.as_deref()),
                optional_text(kpi.source.as_deref()),
            ]
        })
        .collect();
    (columns, rows)
}

fn actual_table(model: &Model, japanese: bool) -> (Vec<Column>, Vec<Vec<TableCell>>) {
    let mut columns = columns(&ACTUAL_COLUMNS, japanese);
    set(&mut columns, "kpi", |c| {
        c.choices = Choices::IdOf(Sheet::Kpis)
    });
    set(&mut columns, "indicator", |c| {
        c.derived = true;
        c.long_text = true;
    });
    let rows = model
        .kpis()
        .iter()
        .flat_map(|kpi| {
            kpi.actuals.iter().map(move |m| {
                vec![
                    text(kpi.id().as_str()),
                    TableCell::Lookup(Lookup {
                        value: kpi.indicator.clone(),
                        from: 0,
                        sheet: Sheet::Kpis,
                        key_column: 0,
                        value_column: 1,
                    }),
                    TableCell::Integer(m.year.into()),
                    TableCell::Number(m.value),
                ]
            })
        })
        .collect();
    (columns, rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed() -> Model {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/gotsu-smart-city.json"
        );
        crate::load_path(path).unwrap().model.unwrap()
    }

    fn table(tables: &[Table], sheet: Sheet) -> &Table {
        tables.iter().find(|t| t.sheet == sheet).unwrap()
    }

    #[test]
    fn one_row_per_record_and_per_link() {
        let model = seed();
        let tables = tables(&model);
        assert_eq!(table(&tables, Sheet::Nodes).rows.len(), model.node_count());
        assert_eq!(table(&tables, Sheet::Links).rows.len(), model.edge_count());
        assert_eq!(
            table(&tables, Sheet::Sections).rows.len(),
            model.sections().len()
        );
        assert_eq!(
            table(&tables, Sheet::WorkItems).rows.len(),
            model.work_items().len()
        );
        assert_eq!(table(&tables, Sheet::Kpis).rows.len(), model.kpis().len());
        let actuals: usize = model.kpis().iter().map(|k| k.actuals.len()).sum();
        assert_eq!(table(&tables, Sheet::KpiActuals).rows.len(), actuals);
        for t in &tables {
            assert!(
                t.rows.iter().all(|r| r.len() == t.columns.len()),
                "{:?}",
                t.sheet
            );
        }
    }

    #[test]
    fn a_japanese_model_gets_japanese_names_and_words() {
        let tables = tables(&seed());
        let nodes = table(&tables, Sheet::Nodes);
        assert_eq!(nodes.name, "要素");
        assert_eq!(nodes.columns[1].heading, "種別");
        assert_eq!(nodes.rows[0][1], TableCell::Text("前提".into()));
        let work_items = table(&tables, Sheet::WorkItems);
        assert!(work_items.columns.iter().any(|c| c.heading == "2024年度"));
    }

    #[test]
    fn lists_are_lines_unless_lines_would_read_back_differently() {
        let list =
            |items: &[&str]| text_list(&items.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(list(&["a", "b"]), TableCell::Text("a\nb".into()));
        assert_eq!(list(&["a\nb"]), TableCell::Text(r#"["a\nb"]"#.into()));
        assert_eq!(list(&[""]), TableCell::Text(r#"[""]"#.into()));
        assert_eq!(
            list(&[r#"["x"]"#]),
            TableCell::Text(r#"["[\"x\"]"]"#.into())
        );
        assert_eq!(list(&[]), TableCell::Empty);
    }

    #[test]
    fn a_node_keeps_its_own_kpis_apart_from_its_work_items() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "work_items": ["w"], "kpis": ["k2"]}],
              "work_items": [{"id": "w", "title": "W", "kpis": ["k1"]}],
              "kpis": [{"id": "k1", "indicator": "K1"}, {"id": "k2", "indicator": "K2"}]}"#,
        )
        .model
        .unwrap();
        let tables = tables(&model);
        assert_eq!(
            table(&tables, Sheet::Nodes).rows[0][7],
            TableCell::Text("k2".into())
        );
        assert_eq!(
            table(&tables, Sheet::WorkItems).rows[0][6],
            TableCell::Text("k1".into())
        );
    }

    #[test]
    fn every_model_row_name_reads_back_as_its_key() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "checks": {"dead-end": "error"}, "meta": {"a": 1}}"#,
        )
        .model
        .unwrap();
        for japanese in [false, true] {
            let (_, rows) = model_table(&model, japanese);
            let keys: Vec<String> = rows
                .iter()
                .map(|row| match &row[0] {
                    TableCell::Text(name) => {
                        model_field_key(name).unwrap_or_else(|| panic!("{name}"))
                    }
                    other => panic!("{other:?}"),
                })
                .collect();
            assert_eq!(keys.len(), 12 + 9 + 1 + 1);
            assert!(keys.contains(&"checks.dead-end".to_owned()));
            assert!(keys.contains(&"columns.outcome_medium".to_owned()));
            assert!(keys.contains(&"columns.outcome".to_owned()));
            assert!(keys.contains(&"$schema".to_owned()));
            assert_eq!(keys.last().map(String::as_str), Some("meta"));
        }
        assert_eq!(model_field_key("ＴＩＴＬＥ").as_deref(), Some("title"));
        assert_eq!(model_field_key("Check: no-such-check"), None);
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            Date::parse("2024-03-26").map(|d| d.to_string()).as_deref(),
            Some("2024-03-26")
        );
        assert!(Date::parse("2024-13-01").is_none());
        assert!(Date::parse("2024-3-1").is_none());
        assert!(Date::parse("２０２４-03-01").is_none());
    }
}
