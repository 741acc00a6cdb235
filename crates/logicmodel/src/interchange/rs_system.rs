//! Import of the national 行政事業レビュー logic models (RSシステム): the
//! two CSV tables 3-1 効果発現経路_目標・実績 (boxes, indicators, targets,
//! actuals) and 3-2 効果発現経路_目標のつながり (links), one model per
//! 予算事業ID, built with the public [`ModelBuilder`].
//!
//! It streams: the tables are read row by row, and only one project's rows
//! are held at a time, so memory is proportional to the largest project
//! (plus the ids of the projects seen, to report a project whose rows are
//! not together). It assumes what the published files do: each project's
//! rows are together, and both tables list the projects in the same order.
//! A table that breaks either rule gets a diagnostic for the rows
//! concerned, never a silent drop.
//!
//! Values are kept as written: a value that is not a plain number (`-`,
//! `120万人`, `現状維持`) goes into the KPI's target note, never into a
//! number. Columns the mapping does not know go into the box's description.
//!
//! What it must not do: touch files (it takes readers and hands each model
//! to the caller), or guess: tested on fixtures built from the documented
//! layout (`tests/fixtures/rs-system/`), not on the published files.

use std::borrow::Cow;
use std::io::Read;

use crate::diagnostic::{Code, Diagnostic, Location};
use crate::interchange::import::{Places, MAX_COLUMNS};
use crate::model::records::{KpiRecord, LinkRecord, ModelFields, NodeRecord, Spanned};
use crate::model::{Direction, LinkDetail, Measurement, Model, ModelBuilder, Stage, Term};

/// The most rows one project may have in either table; a larger project
/// is reported and skipped, so that memory stays bounded.
pub const MAX_PROJECT_ROWS: usize = 100_000;

/// One project's model, with the diagnostics of building it.
#[derive(Debug)]
pub struct RsProject {
    /// The 予算事業ID.
    pub id: String,
    /// The model (title: 事業名; the project keys in `meta`).
    pub model: Model,
    /// Problems of this project's rows and of building its model.
    pub diagnostics: Vec<Diagnostic>,
}

/// What a whole import found.
#[derive(Debug, Default)]
pub struct RsSummary {
    /// Projects handed to the caller.
    pub projects: usize,
    /// Rows read from the 3-1 and the 3-2 table.
    pub rows: (usize, usize),
    /// Problems of the tables as a whole (a missing column, a project's
    /// rows apart, links for a project that has no boxes).
    pub diagnostics: Vec<Diagnostic>,
    /// Where the diagnostics' locations are (the two tables' rows).
    pub places: Places,
}

/// A header name normalised: full-width forms folded, spaces and dashes
/// (`-`, `ー`, `－`, …) dropped, as the published headings vary.
fn header_key(name: &str) -> String {
    super::tables::fold(name)
        .chars()
        .filter(|c| !matches!(c, 'ー' | '‐' | '—' | '–' | '−' | '・' | '･'))
        .collect()
}

/// The columns of a table, by normalised name.
struct Header {
    keys: Vec<String>,
    names: Vec<String>,
}

impl Header {
    fn new(record: &csv::StringRecord) -> Header {
        let names: Vec<String> = record
            .iter()
            .enumerate()
            .map(|(i, n)| {
                if i == 0 {
                    n.trim_start_matches('\u{feff}').to_owned()
                } else {
                    n.to_owned()
                }
            })
            .collect();
        Header {
            keys: names.iter().map(|n| header_key(n)).collect(),
            names,
        }
    }

    fn find(&self, name: &str) -> Option<usize> {
        let key = header_key(name);
        self.keys.iter().position(|k| *k == key)
    }
}

const PROJECT_KEYS: [&str; 13] = [
    "シート種別",
    "事業年度",
    "予算事業ID",
    "事業名",
    "府省庁の建制順",
    "政策所管府省庁",
    "府省庁",
    "局・庁",
    "部",
    "課",
    "室",
    "班",
    "係",
];

/// The 3-1 columns the mapping reads.
struct NodeColumns {
    project: usize,
    name: Option<usize>,
    number: usize,
    kind: usize,
    term: Option<usize>,
    text: usize,
    indicator: Option<usize>,
    unit: Option<usize>,
    direction: Option<usize>,
    source: Option<usize>,
    row_kind: Option<usize>,
    years: Vec<(i32, usize)>,
    /// Other columns, kept in the description.
    others: Vec<usize>,
    /// The headings of the other columns, as written.
    other_names: Vec<(usize, String)>,
    keys: Vec<(usize, &'static str)>,
}

struct LinkColumns {
    project: usize,
    from: (usize, usize, Option<usize>, Option<usize>),
    to: (usize, usize, Option<usize>, Option<usize>),
    onward: Option<usize>,
    no_stages: Option<usize>,
}

fn year_column(key: &str) -> Option<i32> {
    let digits = key.strip_suffix("年度").unwrap_or(key);
    (digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| digits.parse().ok())
        .flatten()
}

fn missing(file: usize, names: &[&str]) -> Diagnostic {
    Diagnostic::new(
        Code::MissingColumn,
        format!(
            "the table has no column {}; nothing is imported",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Places::at(file, 0, 0),
    )
    .with_help("the first row holds the headings of the documented layout (docs/interchange.md)")
}

impl NodeColumns {
    fn new(header: &Header, file: usize) -> Result<NodeColumns, Diagnostic> {
        let need = |names: &[&'static str]| -> Result<usize, &'static str> {
            names.iter().find_map(|n| header.find(n)).ok_or(names[0])
        };
        let project = need(&["予算事業ID"]);
        let number = need(&["アクティビティ・アウトプット・アウトカムの番号", "番号"]);
        let kind = need(&["種別（アクティビティ・アウトプット・アウトカム）", "種別"]);
        let text = need(&["アクティビティ／活動目標／成果目標", "活動目標／成果目標"]);
        let absent: Vec<&str> = [&project, &number, &kind, &text]
            .iter()
            .filter_map(|r| r.err())
            .collect();
        if !absent.is_empty() {
            return Err(missing(file, &absent));
        }
        let (project, number, kind, text) = (
            project.unwrap_or(0),
            number.unwrap_or(0),
            kind.unwrap_or(0),
            text.unwrap_or(0),
        );
        let find = |n: &str| header.find(n);
        let mut columns = NodeColumns {
            project,
            name: find("事業名"),
            number,
            kind,
            term: find("アウトカムの期間"),
            text,
            indicator: find("活動指標／成果指標"),
            unit: find("単位"),
            direction: find("改善の上向き／下向き"),
            source: find("成果実績及び目標値の根拠として用いた統計・データ名（出典）"),
            row_kind: find("目標年度／目標値／実績値／達成率"),
            years: Vec::new(),
            others: Vec::new(),
            other_names: Vec::new(),
            keys: PROJECT_KEYS
                .iter()
                .filter_map(|k| header.find(k).map(|c| (c, *k)))
                .collect(),
        };
        let used: Vec<usize> = [
            Some(columns.project),
            columns.name,
            Some(columns.number),
            Some(columns.kind),
            columns.term,
            Some(columns.text),
            columns.indicator,
            columns.unit,
            columns.direction,
            columns.source,
            columns.row_kind,
        ]
        .into_iter()
        .flatten()
        .chain(columns.keys.iter().map(|(c, _)| *c))
        .collect();
        for (c, key) in header.keys.iter().enumerate() {
            if let Some(year) = year_column(key) {
                columns.years.push((year, c));
            } else if !used.contains(&c) {
                columns.others.push(c);
                columns
                    .other_names
                    .push((c, header.names[c].trim().to_owned()));
            }
        }
        Ok(columns)
    }
}

impl LinkColumns {
    fn new(header: &Header, file: usize) -> Result<LinkColumns, Diagnostic> {
        let find = |n: &str| header.find(n);
        let side = |prefix: &str| {
            (
                find(&format!(
                    "{prefix}アクティビティ・アウトプット・アウトカムの番号"
                )),
                find(&format!(
                    "{prefix}種別（アクティビティ・アウトプット・アウトカム）"
                )),
                find(&format!("{prefix}アウトカムの期間")),
                find(&format!("{prefix}アクティビティの内容/活動目標／成果目標"))
                    .or_else(|| find(&format!("{prefix}活動目標／成果目標"))),
            )
        };
        let (from, to) = (side("派生元"), side("派生先"));
        let project = find("予算事業ID");
        let mut absent = Vec::new();
        if project.is_none() {
            absent.push("予算事業ID");
        }
        if from.0.is_none() {
            absent.push("派生元ーアクティビティ・アウトプット・アウトカムの番号");
        }
        if from.1.is_none() {
            absent.push("派生元ー種別（アクティビティ・アウトプット・アウトカム）");
        }
        if to.0.is_none() {
            absent.push("派生先ーアクティビティ・アウトプット・アウトカムの番号");
        }
        if to.1.is_none() {
            absent.push("派生先ー種別（アクティビティ・アウトプット・アウトカム）");
        }
        if !absent.is_empty() {
            return Err(missing(file, &absent));
        }
        Ok(LinkColumns {
            project: project.unwrap_or(0),
            from: (from.0.unwrap_or(0), from.1.unwrap_or(0), from.2, from.3),
            to: (to.0.unwrap_or(0), to.1.unwrap_or(0), to.2, to.3),
            onward: find("後続アウトカムへのつながり"),
            no_stages: find("アウトカムを複数段階で設定できない理由"),
        })
    }
}

/// One project's rows of a table: its id, its rows with their row
/// numbers, and how many more rows it had than are kept.
type Group = (String, Vec<(usize, csv::StringRecord)>, usize);

/// Rows of one table, grouped by project as they come.
struct Groups<R: Read> {
    reader: csv::Reader<R>,
    file: usize,
    project: usize,
    /// The next row (its 0-based row number), read ahead.
    next: Option<(usize, csv::StringRecord)>,
    row: usize,
    error: Option<Diagnostic>,
}

impl<R: Read> Groups<R> {
    fn read(&mut self) -> Option<(usize, csv::StringRecord)> {
        let mut record = csv::StringRecord::new();
        match self.reader.read_record(&mut record) {
            Ok(true) => {
                self.row += 1;
                if record.len() > MAX_COLUMNS {
                    self.error = Some(Diagnostic::new(
                        Code::TableLimit,
                        format!("a row has more than {MAX_COLUMNS} columns; reading stops here"),
                        Places::at(self.file, self.row, 0),
                    ));
                    return None;
                }
                Some((self.row, record))
            }
            Ok(false) => None,
            Err(error) => {
                self.error = Some(
                    Diagnostic::new(
                        Code::InvalidCsv,
                        format!(
                            "the table cannot be read as UTF-8 CSV here: {error}; reading stops"
                        ),
                        Places::at(self.file, self.row + 1, 0),
                    )
                    .with_help("save the file as CSV UTF-8"),
                );
                None
            }
        }
    }

    /// The next project's id and rows; too many rows are counted, not kept.
    fn next_group(&mut self) -> Option<Group> {
        if self.next.is_none() {
            self.next = self.read();
        }
        let (row, first) = self.next.take()?;
        let id = first.get(self.project).unwrap_or("").trim().to_owned();
        let mut rows = vec![(row, first)];
        let mut dropped = 0;
        while let Some((row, record)) = self.read() {
            if record.get(self.project).unwrap_or("").trim() != id {
                self.next = Some((row, record));
                break;
            }
            if rows.len() < MAX_PROJECT_ROWS {
                rows.push((row, record));
            } else {
                dropped += 1;
            }
        }
        Some((id, rows, dropped))
    }
}

/// A box's kind word as an id prefix and a stage.
fn kind_of(kind: &str, term: Option<&str>) -> Option<(&'static str, Stage, bool)> {
    let kind = header_key(kind);
    let (prefix, outcome) = if kind.contains("アクティビティ") || kind.contains("活動") {
        ("activity", false)
    } else if kind.contains("アウトプット") {
        ("output", false)
    } else if kind.contains("アウトカム") || kind.contains("成果") {
        ("outcome", true)
    } else {
        return None;
    };
    if !outcome {
        let stage = if prefix == "activity" {
            Stage::Activity
        } else {
            Stage::Output
        };
        return Some((prefix, stage, true));
    }
    let term_text = term.map(header_key).unwrap_or_default();
    let term = if term_text.contains("短期") || term_text.contains("初期") {
        Some(Term::Short)
    } else if term_text.contains("中期") {
        Some(Term::Medium)
    } else if term_text.contains("長期") {
        Some(Term::Long)
    } else {
        None
    };
    Some((
        "outcome",
        Stage::Outcome(term.unwrap_or(Term::Short)),
        term.is_some() || term_text.is_empty(),
    ))
}

/// `text` with full-width ASCII forms folded and spaces dropped (signs kept).
fn half_width(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '−' => '-',
            c => c,
        })
        .collect()
}

/// An id-safe box number: ASCII letters, digits, `.`, `_` and `-` kept,
/// anything else written as `_`.
fn id_part(number: &str) -> String {
    let folded = half_width(number);
    let part: String = folded
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if part.is_empty() {
        "_".to_owned()
    } else {
        part
    }
}

/// A value as a number, only when it is one as written (digits with an
/// optional sign, thousands commas and decimals; full-width digits folded).
fn plain_number(text: &str) -> Option<f64> {
    let folded: String = half_width(text).replace(',', "");
    let valid = !folded.is_empty()
        && folded
            .trim_start_matches(['+', '-'])
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
        && folded.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    folded.parse::<f64>().ok().filter(|n| n.is_finite())
}

struct BoxData {
    id: String,
    stage: Stage,
    label: String,
    description: Vec<String>,
    location: Location,
    kpi: Option<KpiRecord>,
    notes: Vec<String>,
}

/// Reads the two tables and hands every project's model to `each`, in the
/// order of the 3-1 table (only the project `only` when given). `names`
/// are the two tables' names for diagnostics.
///
/// # Errors
/// Whatever `each` returns (writing a model failed): reading stops.
pub fn read<E>(
    nodes: impl Read,
    links: impl Read,
    names: (&str, &str),
    only: Option<&str>,
    mut each: impl FnMut(RsProject) -> Result<(), E>,
) -> Result<RsSummary, E> {
    let mut summary = RsSummary::default();
    let node_file = summary.places.add(names.0);
    let link_file = summary.places.add(names.1);
    let reader = |input| {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(input)
    };
    let mut node_reader = reader(Box::new(nodes) as Box<dyn Read>);
    let mut link_reader = reader(Box::new(links) as Box<dyn Read>);
    let mut header = csv::StringRecord::new();
    let node_header = match node_reader.read_record(&mut header) {
        Ok(true) => Header::new(&header),
        _ => {
            summary
                .diagnostics
                .push(missing(node_file, &["予算事業ID"]));
            return Ok(summary);
        }
    };
    let link_header = match link_reader.read_record(&mut header) {
        Ok(true) => Header::new(&header),
        _ => {
            summary
                .diagnostics
                .push(missing(link_file, &["予算事業ID"]));
            return Ok(summary);
        }
    };
    let node_columns = NodeColumns::new(&node_header, node_file);
    let link_columns = LinkColumns::new(&link_header, link_file);
    let (node_columns, link_columns) = match (node_columns, link_columns) {
        (Ok(n), Ok(l)) => (n, l),
        (n, l) => {
            summary.diagnostics.extend(n.err());
            summary.diagnostics.extend(l.err());
            return Ok(summary);
        }
    };
    let mut node_groups = Groups {
        reader: node_reader,
        file: node_file,
        project: node_columns.project,
        next: None,
        row: 0,
        error: None,
    };
    let mut link_groups = Groups {
        reader: link_reader,
        file: link_file,
        project: link_columns.project,
        next: None,
        row: 0,
        error: None,
    };
    let mut seen: hashbrown::HashSet<String> = hashbrown::HashSet::new();
    let mut pending_links: Option<Group> = link_groups.next_group();
    while let Some((id, rows, dropped)) = node_groups.next_group() {
        summary.rows.0 += rows.len() + dropped;
        let first_row = rows.first().map_or(0, |(r, _)| *r);
        if !seen.insert(id.clone()) {
            summary.diagnostics.push(
                Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "the rows of the project `{}` are not together; these are left out",
                        crate::diagnostic::excerpt(&id)
                    ),
                    Places::at(node_file, first_row, node_columns.project),
                )
                .with_id(id.clone())
                .with_help("sort the table by 予算事業ID"),
            );
            continue;
        }
        // Links of projects already passed: out of order.
        let mut links = Vec::new();
        while let Some((link_id, link_rows, link_dropped)) = pending_links.take() {
            if link_id == id {
                summary.rows.1 += link_rows.len() + link_dropped;
                links = link_rows;
                pending_links = link_groups.next_group();
                break;
            }
            if seen.contains(&link_id) {
                summary.rows.1 += link_rows.len() + link_dropped;
                let row = link_rows.first().map_or(0, |(r, _)| *r);
                summary.diagnostics.push(
                    Diagnostic::new(
                        Code::DanglingReference,
                        format!(
                            "these links are for the project `{}`, which came earlier in the 3-1 table; they are left out",
                            crate::diagnostic::excerpt(&link_id)
                        ),
                        Places::at(link_file, row, link_columns.project),
                    )
                    .with_id(link_id)
                    .with_help("list the projects in the same order in both tables (sort both by 予算事業ID)"),
                );
                pending_links = link_groups.next_group();
                continue;
            }
            pending_links = Some((link_id, link_rows, link_dropped));
            break;
        }
        if only.is_some_and(|only| only != id) {
            continue;
        }
        let mut diagnostics = Vec::new();
        if dropped > 0 {
            diagnostics.push(Diagnostic::new(
                Code::TableLimit,
                format!("the project has {} rows; logicmodel reads at most {MAX_PROJECT_ROWS} per project, the rest are left out", rows.len() + dropped),
                Places::at(node_file, first_row, 0),
            ));
        }
        let model = project(
            &id,
            &rows,
            &links,
            &node_columns,
            &link_columns,
            (node_file, link_file),
            &mut diagnostics,
        );
        let diagnostics = diagnostics
            .into_iter()
            .map(|d| summary.places.place(d))
            .collect();
        summary.projects += 1;
        each(RsProject {
            id,
            model,
            diagnostics,
        })?;
    }
    while let Some((link_id, link_rows, dropped)) = pending_links.take() {
        summary.rows.1 += link_rows.len() + dropped;
        let row = link_rows.first().map_or(0, |(r, _)| *r);
        if only.is_none_or(|only| only == link_id) {
            summary.diagnostics.push(
                Diagnostic::new(
                    Code::DanglingReference,
                    format!(
                        "these links are for the project `{}`, which has no rows in the 3-1 table (or comes earlier there); they are left out",
                        crate::diagnostic::excerpt(&link_id)
                    ),
                    Places::at(link_file, row, link_columns.project),
                )
                .with_id(link_id),
            );
        }
        pending_links = link_groups.next_group();
    }
    summary.diagnostics.extend(node_groups.error.take());
    summary.diagnostics.extend(link_groups.error.take());
    let placed = std::mem::take(&mut summary.diagnostics)
        .into_iter()
        .map(|d| summary.places.place(d))
        .collect();
    summary.diagnostics = placed;
    Ok(summary)
}

fn cell(record: &csv::StringRecord, column: Option<usize>) -> &str {
    column.and_then(|c| record.get(c)).unwrap_or("").trim()
}

/// One project's model.
fn project(
    id: &str,
    rows: &[(usize, csv::StringRecord)],
    links: &[(usize, csv::StringRecord)],
    columns: &NodeColumns,
    link_columns: &LinkColumns,
    (node_file, link_file): (usize, usize),
    diagnostics: &mut Vec<Diagnostic>,
) -> Model {
    let mut boxes: Vec<BoxData> = Vec::new();
    let mut title = String::new();
    let mut meta = serde_json::Map::new();
    let mut unknown_term_reported = false;
    for (row, record) in rows {
        if title.is_empty() {
            title = cell(record, columns.name).to_owned();
            for &(c, key) in &columns.keys {
                let value = cell(record, Some(c));
                if !value.is_empty() {
                    meta.insert(key.to_owned(), value.into());
                }
            }
        }
        let at = |c: usize| Places::at(node_file, *row, c);
        let number = cell(record, Some(columns.number));
        let kind_text = cell(record, Some(columns.kind));
        let term_text = cell(record, columns.term);
        let Some((prefix, stage, term_known)) = kind_of(kind_text, Some(term_text)) else {
            diagnostics.push(Diagnostic::new(
                Code::InvalidModel,
                format!("`{}` is not a kind of box: use アクティビティ, アウトプット or アウトカム; the row is left out", crate::diagnostic::excerpt(kind_text)),
                at(columns.kind),
            ));
            continue;
        };
        if !term_known && !unknown_term_reported {
            unknown_term_reported = true;
            diagnostics.push(Diagnostic::new(
                Code::InvalidModel,
                format!("`{}` is not an outcome term (短期, 中期, 長期); the outcome is put in the short-term column", crate::diagnostic::excerpt(term_text)),
                at(columns.term.unwrap_or(0)),
            ));
        }
        let node_id = format!("{prefix}-{}", id_part(number));
        let index = match boxes.iter().position(|b| b.id == node_id) {
            Some(index) => index,
            None => {
                let text = cell(record, Some(columns.text));
                let mut description = Vec::new();
                let source = cell(record, columns.source);
                if !source.is_empty() {
                    description.push(format!("出典: {source}"));
                }
                boxes.push(BoxData {
                    id: node_id.clone(),
                    stage,
                    label: if text.is_empty() {
                        format!("{kind_text} {number}")
                    } else {
                        text.to_owned()
                    },
                    description,
                    location: at(columns.number),
                    kpi: None,
                    notes: Vec::new(),
                });
                boxes.len() - 1
            }
        };
        let data = &mut boxes[index];
        for &c in &columns.others {
            let value = cell(record, Some(c));
            if value.is_empty() {
                continue;
            }
            let name = header_name(record, c, columns);
            let line = format!("{name}: {value}");
            if !data.description.contains(&line) {
                data.description.push(line);
            }
        }
        let indicator = cell(record, columns.indicator);
        if indicator.is_empty() {
            continue;
        }
        let kpi = data.kpi.get_or_insert_with(|| {
            let mut kpi = KpiRecord::new(
                format!("kpi-{node_id}"),
                indicator,
                cell(record, columns.unit),
            );
            kpi.location = at(columns.indicator.unwrap_or(0));
            kpi.id.location = kpi.location;
            let direction = cell(record, columns.direction);
            kpi.direction = if direction.contains('下') {
                Some(Direction::Decrease)
            } else if direction.contains('上') {
                Some(Direction::Increase)
            } else {
                None
            };
            kpi
        });
        let row_kind = header_key(cell(record, columns.row_kind));
        let (label, kind) = if row_kind.contains("目標年度") {
            ("目標年度", 1)
        } else if row_kind.contains("目標値") {
            ("目標値", 2)
        } else if row_kind.contains("実績") {
            ("実績値", 3)
        } else if row_kind.contains("達成率") {
            ("達成率", 4)
        } else {
            ("値", 0)
        };
        for &(year, c) in &columns.years {
            let value = cell(record, Some(c));
            if value.is_empty() {
                continue;
            }
            let number = plain_number(value);
            match (kind, number) {
                (1, Some(target_year)) if target_year.fract() == 0.0 => {
                    // The target year as set in `year`: kept with the value below.
                    data.notes.push(format!("{year}年度の目標年度: {value}"));
                    let _ = target_year;
                }
                (2, Some(target)) => {
                    // The latest column with a target wins (its target year is
                    // the 目標年度 row's value there, else the column's year);
                    // an earlier one stays as a note.
                    if let Some(earlier) = kpi.target.take() {
                        data.notes.push(format!(
                            "{}年度の目標値: {}",
                            earlier.value.year, earlier.value.value
                        ));
                    }
                    kpi.target = Some(Spanned::at(
                        Measurement {
                            year,
                            value: target,
                        },
                        at(c),
                    ));
                }
                (3, Some(actual)) => {
                    kpi.actuals.push(Spanned::at(
                        Measurement {
                            year,
                            value: actual,
                        },
                        at(c),
                    ));
                }
                _ => data.notes.push(format!("{year}年度の{label}: {value}")),
            }
        }
    }
    // Target years: the 目標年度 row's value in the target's column.
    for data in &mut boxes {
        let Some(kpi) = data.kpi.as_mut() else {
            data.notes.clear();
            continue;
        };
        let mut consumed = None;
        if let Some(target) = kpi.target.as_mut() {
            let prefix = format!("{}年度の目標年度: ", target.value.year);
            if let Some((index, year)) = data.notes.iter().enumerate().find_map(|(i, n)| {
                n.strip_prefix(&prefix)
                    .and_then(plain_number)
                    .filter(|y| y.fract() == 0.0 && (1900.0..=2200.0).contains(y))
                    .map(|y| (i, y))
            }) {
                target.value.year = year as i32;
                consumed = Some(index);
            }
        }
        let notes: Vec<&String> = data
            .notes
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != consumed)
            .map(|(_, n)| n)
            .collect();
        if !notes.is_empty() {
            kpi.target_note = Some(
                notes
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join("\n"),
            );
        }
    }
    // Links, with the boxes only the 3-2 table names.
    let mut to_of: Vec<(String, LinkRecord<'static>)> = Vec::new();
    let mut reasons: Vec<String> = Vec::new();
    for (row, record) in links {
        let at = |c: usize| Places::at(link_file, *row, c);
        let mut end = |side: (usize, usize, Option<usize>, Option<usize>)| -> Option<String> {
            let number = cell(record, Some(side.0));
            let kind_text = cell(record, Some(side.1));
            let (prefix, stage, _) = kind_of(kind_text, Some(cell(record, side.2)))?;
            let node_id = format!("{prefix}-{}", id_part(number));
            if !boxes.iter().any(|b| b.id == node_id) {
                let text = cell(record, side.3);
                boxes.push(BoxData {
                    id: node_id.clone(),
                    stage,
                    label: if text.is_empty() {
                        format!("{kind_text} {number}")
                    } else {
                        text.to_owned()
                    },
                    description: vec!["3-1 の表にない要素（つながりの表から）".to_owned()],
                    location: at(side.0),
                    kpi: None,
                    notes: Vec::new(),
                });
            }
            Some(node_id)
        };
        let (Some(from), Some(to)) = (end(link_columns.from), end(link_columns.to)) else {
            diagnostics.push(Diagnostic::new(
                Code::InvalidModel,
                "a link's end is not a kind of box (アクティビティ, アウトプット, アウトカム); the link is left out".to_owned(),
                at(link_columns.from.1),
            ));
            continue;
        };
        let onward = cell(record, link_columns.onward);
        let reason = cell(record, link_columns.no_stages);
        if !reason.is_empty() && !reasons.iter().any(|r| r == reason) {
            reasons.push(reason.to_owned());
        }
        if to_of
            .iter()
            .any(|(f, l)| *f == from && l.target.value == to)
        {
            continue;
        }
        let target = Spanned::at(Cow::Owned(to), at(link_columns.to.0));
        let detail = (!onward.is_empty()).then(|| {
            Box::new(LinkDetail {
                rationale: Some(onward.to_owned()),
                evidence: None,
                confidence: None,
                inferred: false,
                link_type: None,
            })
        });
        to_of.push((from, LinkRecord { target, detail }));
    }
    let mut builder = ModelBuilder::new().parallel(false);
    for data in boxes {
        let mut to = Vec::new();
        to_of.retain(|(from, link)| {
            if *from == data.id {
                to.push(link.clone());
                false
            } else {
                true
            }
        });
        let mut node = NodeRecord::new(data.id.clone(), data.stage, data.label);
        node.id.location = data.location;
        node.location = data.location;
        node.to = to;
        if !data.description.is_empty() {
            node.description = Some(Cow::Owned(data.description.join("\n")));
        }
        if let Some(kpi) = data.kpi {
            node.kpis
                .push(crate::model::records::reference(kpi.id.value.clone()));
            builder.kpi(kpi);
        }
        builder.node(node);
    }
    let mut fields = ModelFields::titled(if title.is_empty() {
        id.to_owned()
    } else {
        title
    });
    fields.language = Some(Spanned::new("ja".to_owned()));
    if !reasons.is_empty() {
        fields.description = Some(format!(
            "アウトカムを複数段階で設定できない理由: {}",
            reasons.join("\n")
        ));
    }
    fields.meta = Some(serde_json::json!({ "rs_system": meta }));
    let (model, built) = builder.finish(fields);
    diagnostics.extend(built);
    model
}

/// The heading of column `c` as written, for description lines.
fn header_name(_record: &csv::StringRecord, c: usize, columns: &NodeColumns) -> String {
    columns
        .other_names
        .iter()
        .find(|(i, _)| *i == c)
        .map_or_else(|| format!("列{}", c + 1), |(_, n)| n.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let path = format!(
            "{}/../../tests/fixtures/rs-system/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read(path).unwrap()
    }

    fn import(only: Option<&str>) -> (Vec<RsProject>, RsSummary) {
        let mut projects = Vec::new();
        let summary = read(
            fixture("3-1.csv").as_slice(),
            fixture("3-2.csv").as_slice(),
            ("3-1.csv", "3-2.csv"),
            only,
            |p| -> Result<(), ()> {
                projects.push(p);
                Ok(())
            },
        )
        .unwrap();
        (projects, summary)
    }

    #[test]
    fn the_fixtures_give_one_clean_model_per_project() {
        let (projects, summary) = import(None);
        assert!(summary.diagnostics.is_empty(), "{:?}", summary.diagnostics);
        assert_eq!(summary.rows, (20, 6));
        let ids: Vec<&str> = projects.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["2025-001", "2025-002", "2025-003"]);
        for project in &projects {
            assert!(project.diagnostics.is_empty(), "{:?}", project.diagnostics);
            let errors: Vec<_> = project
                .model
                .check()
                .into_iter()
                .filter(|d| d.severity() == crate::Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", project.id);
        }
        let first = &projects[0].model;
        assert_eq!(first.title(), "地域DX推進事業");
        assert_eq!(first.node_count(), 4);
        assert_eq!(first.edge_count(), 3);
        // `1.短期` is short, `長期` long.
        let stage = |id: &str| first.node(first.node_index(id).unwrap()).stage();
        assert_eq!(stage("outcome-1"), Stage::Outcome(Term::Short));
        assert_eq!(stage("outcome-2"), Stage::Outcome(Term::Long));
        let second = &projects[1].model;
        let stage = |id: &str| second.node(second.node_index(id).unwrap()).stage();
        assert_eq!(stage("outcome-1"), Stage::Outcome(Term::Short));
        assert_eq!(stage("outcome-2"), Stage::Outcome(Term::Medium));
    }

    #[test]
    fn values_in_words_stay_notes_and_numbers_are_numbers() {
        let (projects, _) = import(None);
        let kpis = projects[0].model.kpis();
        let activity = &kpis[0];
        // The latest target, with the target year set beside it; the earlier one a note.
        let target = activity.target.unwrap();
        assert_eq!((target.year, target.value), (2026, 120.0));
        assert_eq!(activity.actuals.len(), 3);
        let note = activity.target_note.as_deref().unwrap();
        assert!(note.contains("2024年度の目標値: 100"), "{note}");
        assert!(note.contains("2024年度の達成率: 88%"), "{note}");
        let outcome = &kpis[2];
        assert!(outcome.target.is_none());
        assert!(outcome.actuals.is_empty());
        let note = outcome.target_note.as_deref().unwrap();
        assert!(
            note.contains("120万人") && note.contains("95万人") && note.contains("2027"),
            "{note}"
        );
        let output = &kpis[1];
        assert!(output.target_note.as_deref().unwrap().contains("実績値: -"));
        let second = projects[1].model.kpis();
        assert_eq!(second[0].target.unwrap().value, 5000.0);
        assert_eq!(second[0].actuals[0].value, 1200.0);
        assert_eq!(second[1].direction, Direction::Decrease);
        assert!(second[1]
            .target_note
            .as_deref()
            .unwrap()
            .contains("現状維持"));
    }

    #[test]
    fn one_project_can_be_asked_for() {
        let (projects, summary) = import(Some("2025-002"));
        assert_eq!(projects.len(), 1);
        assert_eq!(projects[0].model.edge_count(), 3);
        assert!(projects[0]
            .model
            .description()
            .unwrap()
            .contains("他事業と一体"));
        assert!(summary.diagnostics.is_empty());
    }

    #[test]
    fn numbers_are_only_plain_numbers() {
        assert_eq!(plain_number("1,200"), Some(1200.0));
        assert_eq!(plain_number("４１.５"), Some(41.5));
        assert_eq!(plain_number("-3"), Some(-3.0));
        for text in ["-", "120万人", "現状維持", "88%", "", "1e5", "NaN", "inf"] {
            assert_eq!(plain_number(text), None, "{text}");
        }
    }

    #[test]
    fn projects_out_of_order_and_missing_columns_are_reported() {
        let nodes = "予算事業ID,番号,種別,アクティビティ／活動目標／成果目標\nA,1,アクティビティ,x\nB,1,アクティビティ,y\nA,2,アクティビティ,z\n";
        let links = "予算事業ID,派生元ー番号\nA,1\n";
        let summary = read(
            nodes.as_bytes(),
            links.as_bytes(),
            ("n", "l"),
            None,
            |_| -> Result<(), ()> { Ok(()) },
        )
        .unwrap();
        assert_eq!(summary.diagnostics[0].code(), Code::MissingColumn);
        let links = "予算事業ID,派生元ーアクティビティ・アウトプット・アウトカムの番号,派生元ー種別（アクティビティ・アウトプット・アウトカム）,派生先ーアクティビティ・アウトプット・アウトカムの番号,派生先ー種別（アクティビティ・アウトプット・アウトカム）\nB,1,アクティビティ,1,アウトプット\nA,1,アクティビティ,2,アウトプット\n";
        let mut seen = Vec::new();
        let summary = read(
            nodes.as_bytes(),
            links.as_bytes(),
            ("n", "l"),
            None,
            |p| -> Result<(), ()> {
                seen.push((p.id, p.model.edge_count()));
                Ok(())
            },
        )
        .unwrap();
        assert_eq!(seen, [("A".to_owned(), 0), ("B".to_owned(), 1)]);
        let codes: Vec<(Code, String)> = summary
            .diagnostics
            .iter()
            .map(|d| {
                (
                    d.code(),
                    d.cell()
                        .map(|c| format!("{}!{}", c.sheet, c.cell))
                        .unwrap_or_default(),
                )
            })
            .collect();
        assert!(
            codes.contains(&(Code::InvalidModel, "n!A4".to_owned())),
            "{codes:?}"
        );
        assert!(
            codes.contains(&(Code::DanglingReference, "l!A3".to_owned())),
            "{codes:?}"
        );
    }

    #[test]
    fn garbage_never_panics() {
        for bytes in [&b""[..], b"\xff\xfe\x00", b"a,b\n\"unterminated", b"\n\n\n"] {
            let _ = read(bytes, bytes, ("n", "l"), None, |_| -> Result<(), ()> {
                Ok(())
            });
        }
    }
}
