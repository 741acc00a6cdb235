//! Reading a model back from its record [`tables`](super::tables): the
//! sheets of a workbook ([`workbook`]) or the files of a CSV folder
//! ([`csv`]), in the layout the writers use, with Japanese or English
//! sheet names and headings.
//!
//! The readers turn their format into [`Grid`]s (a sheet's cells as typed
//! [`Value`]s); this module matches the tables and their headings, reads
//! each row into a record of [`crate::model::records`] and builds the
//! model with the public [`ModelBuilder`], so a workbook gets the same
//! checks, the same codes and the same "did you mean" as a JSON file.
//!
//! Diagnostics point at cells (`nodes!C14`): a record's
//! [`Location`] encodes its sheet, row and column (line 0, so it is never
//! taken for a place in a text), and [`Places::place`] turns it into the
//! diagnostic's sheet and cell, for the loading diagnostics and for those
//! of [`Model::check`](crate::Model::check) alike.
//!
//! What it must not do: touch files (the CLI reads them), depend on the
//! JSON reader (`format`), drop a cell silently. Every cell a table holds
//! is read, reported, or in a column documented as derived.

pub mod csv;
pub mod workbook;

use std::borrow::Cow;

use super::tables::{column_specs, fold, model_field_key, Date, Sheet, UNDECIDED};
use super::words;
use crate::diagnostic::{Code, Diagnostic, Level, Location};
use crate::model::records::{
    KpiRecord, LinkRecord, ModelFields, NodeRecord, SectionRecord, Spanned, WorkItemRecord,
};
use crate::model::{
    Baseline, ColumnKey, Confidence, Direction, LinkDetail, Measurement, ModelBuilder, NodeKind,
    Stage, Term,
};
use crate::vocabulary::{closest, BoxOrder, LinkType};
use crate::Loaded;

/// The most rows a table may have, its header included (a workbook
/// sheet's own limit).
pub const MAX_ROWS: usize = 1_048_576;
/// The most columns a table may have (a workbook sheet's own limit).
pub const MAX_COLUMNS: usize = 16_384;
/// The most cells (rows × columns as stored, empty ones included) a
/// reader keeps in memory for one import; a larger input ends early with
/// a `table-limit` error.
pub const MAX_CELLS: usize = 4_000_000;

/// A cell's value as read.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Nothing.
    Empty,
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A yes/no value.
    Bool(bool),
    /// A date.
    Date(Date),
    /// An error value such as `#REF!`.
    Error(String),
    /// A formula whose result the file does not hold.
    FormulaWithoutValue,
}

/// One sheet of a workbook or one CSV file as read: its name and its
/// rows, each as long as its last stored cell.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Grid {
    /// The sheet's name, or the CSV file's name.
    pub name: String,
    /// The rows from the first, cells from column A.
    pub rows: Vec<Vec<Value>>,
}

impl Grid {
    fn get(&self, row: usize, column: usize) -> &Value {
        self.rows
            .get(row)
            .and_then(|r| r.get(column))
            .unwrap_or(&Value::Empty)
    }
}

/// The sheets of one import, to turn a [`Location`] the reader made back
/// into a sheet and a cell.
#[derive(Clone, Debug, Default)]
pub struct Places {
    sheets: Vec<String>,
}

const SHEET_SHIFT: u32 = 40;
const ROW_SHIFT: u32 = 16;

impl Places {
    pub(crate) fn add(&mut self, name: &str) -> usize {
        self.sheets.push(name.to_owned());
        self.sheets.len() - 1
    }

    /// The location of a cell: line 0 (no text position), and an offset
    /// that orders cells by sheet, row and column.
    pub(crate) fn at(sheet: usize, row: usize, column: usize) -> Location {
        let offset = ((sheet as u64 + 1) << SHEET_SHIFT)
            | ((row.min(MAX_ROWS) as u64) << ROW_SHIFT)
            | column.min(MAX_COLUMNS) as u64;
        Location {
            line: 0,
            column: 0,
            offset: usize::try_from(offset).unwrap_or(usize::MAX),
            len: 0,
        }
    }

    /// The sheet and cell (`C14`) a location made by this import points at.
    pub fn cell_of(&self, location: Location) -> Option<(&str, String)> {
        if location.is_known() {
            return None;
        }
        let offset = location.offset as u64;
        let sheet = (offset >> SHEET_SHIFT).checked_sub(1)? as usize;
        let row = ((offset >> ROW_SHIFT) & ((1 << (SHEET_SHIFT - ROW_SHIFT)) - 1)) as usize;
        let column = (offset & ((1 << ROW_SHIFT) - 1)) as usize;
        let name = self.sheets.get(sheet)?;
        Some((name, super::workbook::cell_name(row, column)))
    }

    /// `diagnostic` with the sheet and cell its location points at (as it
    /// is when it has a cell already or points elsewhere).
    pub fn place(&self, diagnostic: Diagnostic) -> Diagnostic {
        if diagnostic.cell().is_some() {
            return diagnostic;
        }
        match self.cell_of(diagnostic.location()) {
            Some((sheet, cell)) => {
                let sheet = sheet.to_owned();
                diagnostic.with_cell(sheet, cell)
            }
            None => diagnostic,
        }
    }
}

/// A model read from tables: the model and its loading diagnostics (as
/// the JSON reader gives them, with sheet and cell), and the [`Places`]
/// to place the diagnostics of checking it.
#[derive(Debug)]
pub struct Imported {
    /// The model and the diagnostics of reading it, sorted by sheet and cell.
    pub loaded: Loaded,
    /// Where the model's locations are.
    pub places: Places,
}

/// An import that could not start (the bytes are not a workbook, a
/// limit): one diagnostic, no model.
pub(crate) fn failed(diagnostic: Diagnostic) -> Imported {
    Imported {
        loaded: Loaded {
            model: None,
            diagnostics: vec![diagnostic],
        },
        places: Places::default(),
    }
}

/// One table found among the grids: which, and its grid.
struct Found<'g> {
    sheet: Sheet,
    place: usize,
    grid: &'g Grid,
    /// The column index of each key, from the header row.
    columns: Vec<(String, usize)>,
    /// The schedule years of `work_items`, with their columns.
    years: Vec<(i32, usize)>,
    /// Whether the header row is usable (its required columns are there).
    usable: bool,
}

impl Found<'_> {
    fn column(&self, key: &str) -> Option<usize> {
        self.columns.iter().find(|(k, _)| k == key).map(|&(_, c)| c)
    }
}

/// Collects the diagnostics of one import.
struct Reader {
    diagnostics: Vec<Diagnostic>,
}

/// The columns a table cannot be read without.
fn required(sheet: Sheet) -> &'static [&'static str] {
    match sheet {
        Sheet::Model => &["field", "value"],
        Sheet::Nodes => &["id", "kind", "label"],
        Sheet::Links => &["from", "to"],
        Sheet::Sections => &["id"],
        Sheet::WorkItems => &["id", "title"],
        Sheet::Kpis => &["id", "indicator"],
        Sheet::KpiActuals => &["kpi", "year", "value"],
    }
}

/// The table a sheet or file name names, in either language.
fn sheet_of(name: &str) -> Option<Sheet> {
    let folded = fold(name.strip_suffix(".csv").unwrap_or(name));
    Sheet::ALL.iter().copied().find(|s| {
        [s.key(), s.name(true), s.name(false)]
            .iter()
            .any(|n| fold(n) == folded)
    })
}

/// A schedule year heading: `FY2024`, `2024年度`, `2024`.
fn year_of(heading: &str) -> Option<i32> {
    let folded = fold(heading);
    let digits = folded
        .strip_prefix("fy")
        .or_else(|| folded.strip_suffix("年度"))
        .unwrap_or(&folded);
    if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

/// Shortest text of a number, as the CSV writer writes it.
fn number_text(value: f64) -> String {
    format!("{value}")
}

impl Reader {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    fn error(&mut self, code: Code, message: String, at: Location) {
        self.push(Diagnostic::new(code, message, at));
    }

    /// Matches the header row of a table to its columns.
    fn header(&mut self, found: &mut Found<'_>) {
        let Found {
            sheet, place, grid, ..
        } = *found;
        let specs = column_specs(sheet);
        let header = grid.rows.first().map(Vec::as_slice).unwrap_or(&[]);
        let has_data = grid
            .rows
            .iter()
            .skip(1)
            .any(|r| r.iter().any(|v| *v != Value::Empty));
        for (c, value) in header.iter().enumerate() {
            let at = Places::at(place, 0, c);
            let heading = match value {
                Value::Empty => {
                    let used = grid
                        .rows
                        .iter()
                        .skip(1)
                        .any(|r| r.get(c).is_some_and(|v| *v != Value::Empty));
                    if used {
                        self.push(
                            Diagnostic::new(
                                Code::UnknownColumn,
                                format!(
                                    "the column {} of `{}` holds values but has no heading",
                                    super::workbook::cell_name(0, c).trim_end_matches('1'),
                                    grid.name
                                ),
                                at,
                            )
                            .with_help("give it one of the table's headings, or delete the column"),
                        );
                    }
                    continue;
                }
                Value::Text(text) => text.clone(),
                Value::Number(n) => number_text(*n),
                other => {
                    self.push(Diagnostic::new(
                        Code::UnknownColumn,
                        format!("a heading must be text, not {}", describe(other)),
                        at,
                    ));
                    continue;
                }
            };
            let folded = fold(&heading);
            let key = specs
                .iter()
                .find(|(key, english, japanese)| {
                    [key, english, japanese].iter().any(|n| fold(n) == folded)
                })
                .map(|(key, _, _)| (*key).to_owned());
            let key = match key {
                Some(key) => key,
                None if sheet == Sheet::WorkItems && year_of(&heading).is_some() => {
                    let year = year_of(&heading).unwrap_or_default();
                    if found.years.iter().any(|&(y, _)| y == year) {
                        self.error(
                            Code::DuplicateColumn,
                            format!("the year {year} has a second column `{heading}`"),
                            at,
                        );
                    } else {
                        found.years.push((year, c));
                    }
                    continue;
                }
                None => {
                    let mut known: Vec<&str> =
                        specs.iter().flat_map(|(k, e, j)| [*k, *e, *j]).collect();
                    known.sort_unstable();
                    known.dedup();
                    let mut diagnostic = Diagnostic::new(
                        Code::UnknownColumn,
                        format!(
                            "`{}` is not a column of the `{}` table",
                            crate::diagnostic::excerpt(&heading),
                            sheet.key()
                        ),
                        at,
                    );
                    let lower: Vec<String> = known.iter().map(|k| k.to_lowercase()).collect();
                    let lower_refs: Vec<&str> = lower.iter().map(String::as_str).collect();
                    diagnostic = match closest(&heading, &lower_refs) {
                        Some(near) => {
                            let index = lower_refs.iter().position(|k| *k == near).unwrap_or(0);
                            diagnostic.with_help(format!("did you mean `{}`?", known[index]))
                        }
                        None => diagnostic.with_help(format!(
                            "the columns are: {}",
                            specs
                                .iter()
                                .map(|(_, e, j)| format!("{e} ({j})"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                    };
                    self.push(diagnostic);
                    continue;
                }
            };
            if found.column(&key).is_some() {
                self.error(
                    Code::DuplicateColumn,
                    format!("`{heading}` is a second column for the same field"),
                    at,
                );
                continue;
            }
            found.columns.push((key, c));
        }
        let missing: Vec<&str> = required(sheet)
            .iter()
            .copied()
            .filter(|key| found.column(key).is_none())
            .collect();
        // An empty sheet is an empty table; a table with rows needs its columns.
        if !missing.is_empty() && (has_data || !header.is_empty()) {
            let headings: Vec<String> = missing
                .iter()
                .filter_map(|m| specs.iter().find(|(k, _, _)| k == m))
                .map(|(_, e, j)| format!("`{e}` ({j})"))
                .collect();
            self.push(
                Diagnostic::new(
                    Code::MissingColumn,
                    format!(
                        "the `{}` table has no {} column; its rows are not read",
                        grid.name,
                        headings.join(", ")
                    ),
                    Places::at(place, 0, 0),
                )
                .with_help("the first row holds the headings; add the missing ones"),
            );
            found.usable = false;
        }
    }

    /// The data rows of a table that hold something, with their 0-based
    /// row numbers; reports empty rows between them.
    fn rows<'g>(&mut self, found: &Found<'g>) -> Vec<(usize, &'g [Value])> {
        let grid = found.grid;
        let mut rows = Vec::new();
        let mut empty_since: Option<usize> = None;
        for (r, row) in grid.rows.iter().enumerate().skip(1) {
            let used = row.iter().any(|v| *v != Value::Empty);
            if !used {
                empty_since.get_or_insert(r);
                continue;
            }
            if let Some(first) = empty_since.take() {
                let message = if r - first == 1 {
                    format!(
                        "row {} of `{}` is empty; the rows below it are read too",
                        first + 1,
                        grid.name
                    )
                } else {
                    format!(
                        "rows {}–{} of `{}` are empty; the rows below them are read too",
                        first + 1,
                        r,
                        grid.name
                    )
                };
                self.push(
                    Diagnostic::new(Code::EmptyRow, message, Places::at(found.place, first, 0))
                        .with_help("delete the empty rows"),
                );
            }
            rows.push((r, row.as_slice()));
        }
        rows
    }

    /// The id of a record's row, or an `invalid-id` error at the row's
    /// first cell when there is none (the row is then left out).
    fn row_id(&mut self, found: &Found<'_>, row: usize, record: &str) -> Option<Spanned<String>> {
        let id = self.text(found, row, "id");
        if id.is_none() {
            self.error(
                Code::InvalidId,
                format!("{record} needs an id"),
                Places::at(found.place, row, 0),
            );
        }
        id
    }

    /// A text the record `id` needs (`record` names it: "the KPI"), with an
    /// `invalid-model` error at its cell when it is empty.
    fn required_text(
        &mut self,
        found: &Found<'_>,
        row: usize,
        key: &str,
        record: &str,
        id: &str,
    ) -> Option<Spanned<String>> {
        let text = self.text(found, row, key);
        if text.is_none() {
            self.error(
                Code::InvalidModel,
                format!("{record} `{}` has no {key}", crate::diagnostic::excerpt(id)),
                Places::at(found.place, row, found.column(key).unwrap_or(0)),
            );
        }
        text
    }

    /// A cell as text, reporting values that are not text.
    fn text(&mut self, found: &Found<'_>, row: usize, key: &str) -> Option<Spanned<String>> {
        let c = found.column(key)?;
        let at = Places::at(found.place, row, c);
        let text = match found.grid.get(row, c) {
            Value::Empty => return None,
            Value::Text(text) if text.is_empty() => return None,
            Value::Text(text) => text.clone(),
            Value::Number(n) => {
                let text = number_text(*n);
                self.push(
                    Diagnostic::new(
                        Code::NumberAsText,
                        format!("the cell holds the number {text} where text is expected; it is read as `{text}`"),
                        at,
                    )
                    .with_help("format the cell as text, so that the spreadsheet keeps what you typed (leading zeros, long digits)"),
                );
                text
            }
            Value::Bool(b) => {
                let text = if *b { "TRUE" } else { "FALSE" }.to_owned();
                self.push(Diagnostic::new(
                    Code::NumberAsText,
                    format!("the cell holds the yes/no value {text} where text is expected; it is read as `{text}`"),
                    at,
                ));
                text
            }
            Value::Date(date) => {
                let text = date.to_string();
                if key != "value" || found.sheet != Sheet::Model {
                    self.push(Diagnostic::new(
                        Code::NumberAsText,
                        format!("the cell holds the date {text} where text is expected; it is read as `{text}`"),
                        at,
                    ));
                }
                text
            }
            Value::Error(error) => {
                self.error(
                    Code::CellError,
                    format!("the cell holds the error value {error}"),
                    at,
                );
                return None;
            }
            Value::FormulaWithoutValue => {
                self.formula_without_value(at);
                return None;
            }
        };
        Some(Spanned::at(text, at))
    }

    fn formula_without_value(&mut self, at: Location) {
        self.push(
            Diagnostic::new(
                Code::FormulaWithoutValue,
                "the cell holds a formula whose result the file does not hold".to_owned(),
                at,
            )
            .with_help("open and save the workbook in a spreadsheet program, or replace the formula by its value"),
        );
    }

    /// A cell as a whole number.
    fn integer(&mut self, found: &Found<'_>, row: usize, key: &str) -> Option<Spanned<i32>> {
        let c = found.column(key)?;
        let at = Places::at(found.place, row, c);
        let value = found.grid.get(row, c);
        let parsed = match value {
            Value::Empty => return None,
            Value::Text(text) if text.trim().is_empty() => return None,
            Value::Number(n) if n.fract() == 0.0 && n.abs() < 1e9 => Some(*n as i32),
            Value::Text(text) => fold(text).parse::<i32>().ok(),
            Value::Error(error) => {
                self.error(
                    Code::CellError,
                    format!("the cell holds the error value {error}"),
                    at,
                );
                return None;
            }
            Value::FormulaWithoutValue => {
                self.formula_without_value(at);
                return None;
            }
            _ => None,
        };
        match parsed {
            Some(n) => Some(Spanned::at(n, at)),
            None => {
                self.push(Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "{} must be a whole number (a year), not {}",
                        heading(found, key),
                        describe(value)
                    ),
                    at,
                ));
                None
            }
        }
    }

    /// A cell as a number.
    fn number(&mut self, found: &Found<'_>, row: usize, key: &str) -> Option<Spanned<f64>> {
        let c = found.column(key)?;
        let at = Places::at(found.place, row, c);
        let value = found.grid.get(row, c);
        let parsed = match value {
            Value::Empty => return None,
            Value::Text(text) if text.trim().is_empty() => return None,
            Value::Number(n) => Some(*n),
            Value::Text(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            Value::Error(error) => {
                self.error(
                    Code::CellError,
                    format!("the cell holds the error value {error}"),
                    at,
                );
                return None;
            }
            Value::FormulaWithoutValue => {
                self.formula_without_value(at);
                return None;
            }
            _ => None,
        };
        match parsed {
            Some(n) => Some(Spanned::at(n, at)),
            None => {
                let mut diagnostic = Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "{} must be a number, not {}",
                        heading(found, key),
                        describe(value)
                    ),
                    at,
                );
                if found.sheet == Sheet::Kpis {
                    diagnostic = diagnostic.with_help(
                        "write the number alone (the unit has its own column); a target in words goes in the target note",
                    );
                }
                self.push(diagnostic);
                None
            }
        }
    }

    /// A yes/no cell.
    fn boolean(&mut self, found: &Found<'_>, row: usize, key: &str) -> bool {
        let Some(c) = found.column(key) else {
            return false;
        };
        let at = Places::at(found.place, row, c);
        let value = found.grid.get(row, c);
        let parsed = match value {
            Value::Empty => Some(false),
            Value::Bool(b) => Some(*b),
            Value::Number(n) if *n == 0.0 || *n == 1.0 => Some(*n == 1.0),
            Value::Text(text) => match fold(text).as_str() {
                "" | "false" | "no" | "0" | "いいえ" | "×" => Some(false),
                "true" | "yes" | "1" | "はい" | "○" | "新規" => Some(true),
                _ => None,
            },
            _ => None,
        };
        parsed.unwrap_or_else(|| {
            self.push(Diagnostic::new(
                Code::InvalidModel,
                format!(
                    "{} must be TRUE or FALSE, not {}",
                    heading(found, key),
                    describe(value)
                ),
                at,
            ));
            false
        })
    }

    /// A word of a closed vocabulary, in either language.
    fn word<T: Copy>(
        &mut self,
        found: &Found<'_>,
        row: usize,
        key: &str,
        (all, english, japanese): Vocabulary<T>,
        extra: &[(&str, T)],
    ) -> Option<Spanned<T>> {
        let text = self.text(found, row, key)?;
        let folded = fold(&text.value);
        let hit = all
            .iter()
            .copied()
            .find(|&v| fold(english(v)) == folded || fold(japanese(v)) == folded)
            .or_else(|| {
                extra
                    .iter()
                    .find(|(w, _)| fold(w) == folded)
                    .map(|&(_, v)| v)
            });
        match hit {
            Some(v) => Some(Spanned::at(v, text.location)),
            None => {
                let names: Vec<&str> = all.iter().map(|&v| english(v)).collect();
                let japanese_names: Vec<&str> = all.iter().map(|&v| japanese(v)).collect();
                let mut diagnostic = Diagnostic::new(
                    Code::InvalidModel,
                    format!(
                        "`{}` is not a {}: use one of {}",
                        crate::diagnostic::excerpt(&text.value),
                        heading(found, key),
                        names
                            .iter()
                            .zip(&japanese_names)
                            .map(|(e, j)| if e == j {
                                (*e).to_owned()
                            } else {
                                format!("{e} ({j})")
                            })
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    text.location,
                );
                if let Some(near) = closest(&text.value, &names) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{near}`?"));
                }
                self.push(diagnostic);
                None
            }
        }
    }
}

/// A closed vocabulary: every value, its English and its Japanese word.
type Vocabulary<T> = (&'static [T], fn(T) -> &'static str, fn(T) -> &'static str);

/// The English heading of a column, for messages.
fn heading(found: &Found<'_>, key: &str) -> String {
    column_specs(found.sheet)
        .iter()
        .find(|(k, _, _)| *k == key)
        .map_or_else(|| format!("`{key}`"), |(_, e, j)| format!("`{e}` ({j})"))
}

/// What a value is, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Empty => "an empty cell".to_owned(),
        Value::Text(text) => format!("the text `{}`", crate::diagnostic::excerpt(text)),
        Value::Number(n) => format!("the number {}", number_text(*n)),
        Value::Bool(b) => format!("the yes/no value {}", if *b { "TRUE" } else { "FALSE" }),
        Value::Date(d) => format!("the date {d}"),
        Value::Error(e) => format!("the error value {e}"),
        Value::FormulaWithoutValue => "a formula without a result".to_owned(),
    }
}

/// A list of ids: separated by commas (`,`, `、`, `，`) or line breaks.
fn id_list(text: Option<Spanned<String>>) -> Vec<Spanned<String>> {
    let Some(text) = text else {
        return Vec::new();
    };
    text.value
        .split([',', '、', '，', '\n'])
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(|id| Spanned::at(id.to_owned(), text.location))
        .collect()
}

/// A list of free text as [`tables::text_list`] writes it: a JSON array
/// of strings, or one item per line.
fn text_list(text: Option<Spanned<String>>) -> Vec<String> {
    let Some(text) = text else {
        return Vec::new();
    };
    if let Ok(items) = serde_json::from_str::<Vec<String>>(&text.value) {
        return items;
    }
    text.value
        .split('\n')
        .map(|line| line.strip_suffix('\r').unwrap_or(line).to_owned())
        .collect()
}

fn kind_english(kind: NodeKind) -> &'static str {
    words::kind(kind, false)
}
fn kind_japanese(kind: NodeKind) -> &'static str {
    words::kind(kind, true)
}
fn term_english(term: Term) -> &'static str {
    words::term(term, false)
}
fn term_japanese(term: Term) -> &'static str {
    words::term(term, true)
}
fn confidence_english(c: Confidence) -> &'static str {
    words::confidence(c, false)
}
fn confidence_japanese(c: Confidence) -> &'static str {
    words::confidence(c, true)
}
fn direction_english(d: Direction) -> &'static str {
    words::direction(d, false)
}
fn direction_japanese(d: Direction) -> &'static str {
    words::direction(d, true)
}

/// Builds a model from the grids of one workbook or CSV folder. `names`
/// gives each grid's [`Places`] index (the reader may have registered
/// more sheets, for its own diagnostics). `diagnostics` holds what the
/// reader found already.
pub(crate) fn build(
    grids: &[(usize, Grid)],
    mut places: Places,
    diagnostics: Vec<Diagnostic>,
) -> Imported {
    let mut reader = Reader { diagnostics };
    let mut found: Vec<Found<'_>> = Vec::new();
    for (place, grid) in grids {
        let Some(sheet) = sheet_of(&grid.name) else {
            let known: Vec<&str> = Sheet::ALL
                .iter()
                .flat_map(|s| [s.key(), s.name(true)])
                .collect();
            let mut diagnostic = Diagnostic::new(
                Code::UnknownSheet,
                format!(
                    "`{}` is not one of the model's tables; its cells are not read",
                    crate::diagnostic::excerpt(&grid.name)
                ),
                Places::at(*place, 0, 0),
            );
            diagnostic = match closest(&grid.name, &known) {
                Some(near) => diagnostic.with_help(format!("did you mean `{near}`?")),
                None => diagnostic.with_help(format!("the tables are: {}", known.join(", "))),
            };
            reader.push(diagnostic);
            continue;
        };
        if let Some(first) = found.iter().find(|f| f.sheet == sheet) {
            reader.push(Diagnostic::new(
                Code::DuplicateTable,
                format!(
                    "`{}` is a second `{}` table (the first is `{}`); it is not read",
                    grid.name,
                    sheet.key(),
                    first.grid.name
                ),
                Places::at(*place, 0, 0),
            ));
            continue;
        }
        let mut table = Found {
            sheet,
            place: *place,
            grid,
            columns: Vec::new(),
            years: Vec::new(),
            usable: true,
        };
        reader.header(&mut table);
        found.push(table);
    }
    let table = |sheet: Sheet| found.iter().find(|f| f.sheet == sheet && f.usable);
    let has = |sheet: Sheet| table(sheet).is_some();
    let mut absent = Absent::default();

    let mut builder = ModelBuilder::new();
    let fields = match table(Sheet::Model) {
        Some(model) => read_fields(&mut reader, model),
        None => {
            let at = found
                .iter()
                .find(|f| f.sheet == Sheet::Model)
                .map_or_else(Location::default, |f| Places::at(f.place, 0, 0));
            reader.push(
                Diagnostic::new(
                    Code::InvalidModel,
                    "there is no `model` table (モデル), so the model has no title".to_owned(),
                    at,
                )
                .with_help("add the `model` sheet with a `title` row"),
            );
            ModelFields::default()
        }
    };
    if let Some(sections) = table(Sheet::Sections) {
        for (r, _) in reader.rows(sections) {
            let Some(id) = reader.row_id(sections, r, "a section") else {
                continue;
            };
            let label = reader.text(sections, r, "label").map(|l| l.value);
            let location = id.location;
            builder.section(SectionRecord {
                id,
                label,
                location,
            });
        }
    }
    // Actuals first, so that each KPI gets its own in row order.
    let mut actuals: Vec<(Spanned<String>, Spanned<Measurement>)> = Vec::new();
    if let Some(table) = table(Sheet::KpiActuals) {
        for (r, _) in reader.rows(table) {
            let kpi = reader.text(table, r, "kpi");
            let year = reader.integer(table, r, "year");
            let value = reader.number(table, r, "value");
            match (kpi, year, value) {
                (Some(kpi), Some(year), Some(value)) => actuals.push((
                    kpi,
                    Spanned::at(
                        Measurement {
                            year: year.value,
                            value: value.value,
                        },
                        year.location,
                    ),
                )),
                (kpi, year, value) => {
                    let missing: Vec<&str> = [
                        ("KPI", kpi.is_none()),
                        ("year", year.is_none()),
                        ("value", value.is_none()),
                    ]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(n, _)| *n)
                    .collect();
                    reader.error(
                        Code::InvalidModel,
                        format!(
                            "a measured value needs a KPI, a year and a value; this row has no {}",
                            missing.join(", ")
                        ),
                        Places::at(table.place, r, 0),
                    );
                }
            }
        }
    }
    let mut kpi_ids: Vec<String> = Vec::new();
    if let Some(kpis) = table(Sheet::Kpis) {
        for (r, _) in reader.rows(kpis) {
            let Some(id) = reader.row_id(kpis, r, "a KPI") else {
                continue;
            };
            let indicator = reader.required_text(kpis, r, "indicator", "the KPI", &id.value);
            let mut record = KpiRecord {
                location: id.location,
                indicator: indicator.map(|i| i.value).unwrap_or_default(),
                unit: reader
                    .text(kpis, r, "unit")
                    .map(|u| u.value)
                    .unwrap_or_default(),
                direction: reader
                    .word(
                        kpis,
                        r,
                        "direction",
                        (Direction::ALL, direction_english, direction_japanese),
                        &[],
                    )
                    .map(|d| d.value),
                target_note: reader.text(kpis, r, "target_note").map(|t| t.value),
                qualitative_target: reader.text(kpis, r, "qualitative_target").map(|t| t.value),
                source: reader.text(kpis, r, "source").map(|t| t.value),
                ..KpiRecord::default()
            };
            record.baseline =
                measurement(&mut reader, kpis, r, "baseline_year", "baseline", false).0;
            let (target, undecided) =
                measurement(&mut reader, kpis, r, "target_year", "target", true);
            // A target always has its year (the reader said so if not).
            record.target = target.and_then(|t| {
                let location = t.location;
                t.value.dated().map(|m| Spanned::at(m, location))
            });
            record.target_null = undecided;
            kpi_ids.push(id.value.clone());
            record.actuals = take_matching(&mut actuals, &id.value);
            record.id = id;
            builder.kpi(record);
        }
    }
    for (kpi, value) in actuals {
        let mut diagnostic = Diagnostic::new(
            Code::DanglingReference,
            format!(
                "a measured value is for the KPI `{}`, which does not exist",
                crate::diagnostic::excerpt(&kpi.value)
            ),
            kpi.location,
        )
        .with_id(kpi.value.clone());
        let known: Vec<&str> = kpi_ids.iter().map(String::as_str).collect();
        if let Some(near) = closest(&kpi.value, &known) {
            diagnostic = diagnostic.with_help(format!("did you mean `{near}`?"));
        }
        let _ = value;
        reader.push(diagnostic);
    }
    if let Some(items) = table(Sheet::WorkItems) {
        for (r, _) in reader.rows(items) {
            let Some(id) = reader.row_id(items, r, "a work item") else {
                continue;
            };
            let title = reader.required_text(items, r, "title", "the work item", &id.value);
            let mut schedule = Vec::new();
            for &(year, c) in &items.years {
                let at = Places::at(items.place, r, c);
                let steps = match items.grid.get(r, c) {
                    Value::Empty => continue,
                    Value::Text(text) if text.is_empty() => continue,
                    Value::Text(text) if text == "[]" => Vec::new(),
                    Value::Text(text) => text_list(Some(Spanned::at(text.clone(), at))),
                    Value::Error(error) => {
                        reader.error(
                            Code::CellError,
                            format!("the cell holds the error value {error}"),
                            at,
                        );
                        continue;
                    }
                    Value::FormulaWithoutValue => {
                        reader.formula_without_value(at);
                        continue;
                    }
                    other => {
                        let text = match other {
                            Value::Number(n) => number_text(*n),
                            Value::Bool(b) => b.to_string().to_uppercase(),
                            Value::Date(d) => d.to_string(),
                            _ => String::new(),
                        };
                        reader.push(Diagnostic::new(
                            Code::NumberAsText,
                            format!(
                                "the cell holds {} where text is expected; it is read as `{text}`",
                                describe(other)
                            ),
                            at,
                        ));
                        vec![text]
                    }
                };
                schedule.push((Spanned::at(year, at), steps));
            }
            let location = id.location;
            builder.work_item(WorkItemRecord {
                title: title.map(|t| t.value).unwrap_or_default(),
                owners: text_list(reader.text(items, r, "owners")),
                current: reader.text(items, r, "current").map(|t| t.value),
                ideal: reader.text(items, r, "ideal").map(|t| t.value),
                schedule,
                progress: text_list(reader.text(items, r, "progress")),
                kpis: absent.keep(
                    has(Sheet::Kpis),
                    Sheet::Kpis,
                    id_list(reader.text(items, r, "kpis")),
                ),
                new_in_revision: reader.boolean(items, r, "new_in_revision"),
                location,
                id,
            });
        }
    }
    // Links by their `from` node, in row order.
    let mut links: Vec<(Spanned<String>, LinkRecord<'static>)> = Vec::new();
    if let Some(table) = table(Sheet::Links) {
        for (r, _) in reader.rows(table) {
            let from = reader.text(table, r, "from");
            let to = reader.text(table, r, "to");
            let rationale = reader.text(table, r, "rationale").map(|t| t.value);
            let evidence = reader.text(table, r, "evidence").map(|t| t.value);
            let confidence = reader
                .word(
                    table,
                    r,
                    "confidence",
                    (Confidence::ALL, confidence_english, confidence_japanese),
                    &[],
                )
                .map(|c| c.value);
            let inferred = reader.boolean(table, r, "inferred");
            let link_type = match reader.text(table, r, "type") {
                None => None,
                Some(t) => match LinkType::from_name(t.value.trim()) {
                    Some(link_type) => Some(link_type),
                    None => {
                        reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            format!(
                                "`{}` is not a link type: use `feedback`, `sequence` or leave it empty",
                                crate::diagnostic::excerpt(&t.value)
                            ),
                            t.location,
                        ));
                        None
                    }
                },
            };
            let (Some(from), Some(to)) = (from, to) else {
                reader.error(
                    Code::InvalidModel,
                    "a link needs the id of the node it starts from and of the node it goes to"
                        .to_owned(),
                    Places::at(table.place, r, 0),
                );
                continue;
            };
            let target = Spanned::at(Cow::Owned(to.value), to.location);
            let detail = (rationale.is_some()
                || evidence.is_some()
                || confidence.is_some()
                || inferred
                || link_type.is_some())
            .then(|| {
                Box::new(LinkDetail {
                    rationale,
                    evidence,
                    confidence,
                    inferred,
                    link_type,
                })
            });
            links.push((from, LinkRecord { target, detail }));
        }
    }
    let mut node_ids: Vec<String> = Vec::new();
    if let Some(nodes) = table(Sheet::Nodes) {
        for (r, _) in reader.rows(nodes) {
            let Some(id) = reader.row_id(nodes, r, "a node") else {
                continue;
            };
            let kind = reader.word(
                nodes,
                r,
                "kind",
                (NodeKind::ALL, kind_english, kind_japanese),
                &[],
            );
            let term = reader.word(
                nodes,
                r,
                "term",
                (Term::ALL, term_english, term_japanese),
                &[("初期", Term::Short)],
            );
            let label = reader.text(nodes, r, "label");
            if let (Some(kind), Some(term)) = (&kind, &term) {
                if kind.value != NodeKind::Outcome {
                    reader.push(
                        Diagnostic::new(
                            Code::InvalidModel,
                            format!(
                                "a term is only allowed on outcomes, not on a node of kind `{}`",
                                kind.value
                            ),
                            term.location,
                        )
                        .with_help("empty the term cell, or change the kind to outcome"),
                    );
                }
            }
            let (Some(kind), Some(label)) = (kind, label) else {
                if found_value(nodes, r, "kind") && found_value(nodes, r, "label") {
                    // The kind was reported as unknown.
                } else {
                    reader.error(
                        Code::InvalidModel,
                        format!(
                            "the node `{}` needs a kind and a label",
                            crate::diagnostic::excerpt(&id.value)
                        ),
                        id.location,
                    );
                }
                builder.left_out_node(id.value.clone());
                continue;
            };
            node_ids.push(id.value.clone());
            let to = take_matching(&mut links, &id.value);
            let location = id.location;
            builder.node(NodeRecord {
                stage: Stage::new(kind.value, term.map(|t| t.value)),
                label: Cow::Owned(label.value),
                description: reader
                    .text(nodes, r, "description")
                    .map(|d| Cow::Owned(d.value)),
                section: absent
                    .keep(
                        has(Sheet::Sections),
                        Sheet::Sections,
                        reader.text(nodes, r, "section").into_iter().collect(),
                    )
                    .pop()
                    .map(|s| Spanned::at(Cow::Owned(s.value), s.location)),
                to,
                work_items: absent
                    .keep(
                        has(Sheet::WorkItems),
                        Sheet::WorkItems,
                        id_list(reader.text(nodes, r, "work_items")),
                    )
                    .into_iter()
                    .map(|s| Spanned::at(Cow::Owned(s.value), s.location))
                    .collect(),
                kpis: absent
                    .keep(
                        has(Sheet::Kpis),
                        Sheet::Kpis,
                        id_list(reader.text(nodes, r, "kpis")),
                    )
                    .into_iter()
                    .map(|s| Spanned::at(Cow::Owned(s.value), s.location))
                    .collect(),
                location,
                id: Spanned::at(Cow::Owned(id.value), id.location),
            });
        }
    }
    for (from, _) in links {
        let known: Vec<&str> = node_ids.iter().map(String::as_str).collect();
        let mut diagnostic = Diagnostic::new(
            Code::DanglingReference,
            format!(
                "a link starts from the node `{}`, which does not exist",
                crate::diagnostic::excerpt(&from.value)
            ),
            from.location,
        )
        .with_id(from.value.clone());
        if let Some(near) = crate::vocabulary::closest_id(&from.value, &known) {
            diagnostic = diagnostic.with_help(format!("did you mean `{near}`?"));
        }
        reader.push(diagnostic);
    }
    absent.report(&mut reader);
    // Without a links table no box leads to another: one error, which the
    // reachability findings are folded into (`check::diagnose`), instead
    // of one finding per box.
    if !has(Sheet::Links) && node_ids.len() > 1 {
        let at = table(Sheet::Nodes).map_or_else(Location::default, |n| Places::at(n.place, 0, 0));
        builder.all_links_lost(at);
        reader.push(
            Diagnostic::new(
                Code::InvalidModel,
                format!(
                    "there is no `links` table ({}), so none of the {} boxes leads to another",
                    Sheet::Links.name(true),
                    node_ids.len()
                ),
                at,
            )
            .with_help("add the `links` sheet; with CSV files, read the folder that holds them all, `links.csv` among them"),
        );
    }
    let (model, built) = builder.finish(fields);
    let mut diagnostics = reader.diagnostics;
    diagnostics.extend(built);
    let mut diagnostics: Vec<Diagnostic> =
        diagnostics.into_iter().map(|d| places.place(d)).collect();
    crate::diagnostic::sort(&mut diagnostics);
    let _ = &mut places;
    Imported {
        loaded: Loaded {
            model: Some(model),
            diagnostics,
        },
        places,
    }
}

/// References to the records of a table the input does not have (one CSV
/// file of a folder, a workbook without its KPI sheet). Each would be a
/// `dangling-reference` of its own, all with one cause: they are reported
/// once per missing table, cause first, and left out.
#[derive(Default)]
struct Absent {
    refs: Vec<(Sheet, Spanned<String>)>,
}

impl Absent {
    /// `ids` as they are when the table `sheet` is there; else kept here
    /// and none given back.
    fn keep(
        &mut self,
        present: bool,
        sheet: Sheet,
        ids: Vec<Spanned<String>>,
    ) -> Vec<Spanned<String>> {
        if present {
            return ids;
        }
        self.refs.extend(ids.into_iter().map(|id| (sheet, id)));
        Vec::new()
    }

    /// One `dangling-reference` per missing table, at its first reference.
    fn report(self, reader: &mut Reader) {
        for sheet in Sheet::ALL {
            let refs: Vec<&Spanned<String>> = self
                .refs
                .iter()
                .filter(|(s, _)| *s == sheet)
                .map(|(_, id)| id)
                .collect();
            let Some(first) = refs.first() else {
                continue;
            };
            let mut ids: Vec<&str> = Vec::new();
            for id in &refs {
                if !ids.contains(&id.value.as_str()) {
                    ids.push(&id.value);
                }
            }
            let shown: Vec<String> = ids
                .iter()
                .take(3)
                .map(|id| format!("`{}`", crate::diagnostic::excerpt(id)))
                .collect();
            let more = if ids.len() > 3 { ", …" } else { "" };
            reader.push(
                Diagnostic::new(
                    Code::DanglingReference,
                    format!(
                        "{} {} to {} ({}{more}), but there is no `{}` table ({}); {} left out",
                        refs.len(),
                        if refs.len() == 1 { "reference" } else { "references" },
                        sheet.key(),
                        shown.join(", "),
                        sheet.key(),
                        sheet.name(true),
                        if refs.len() == 1 { "it is" } else { "they are" },
                    ),
                    first.location,
                )
                .with_help(format!(
                    "add the `{}` sheet; with CSV files, read the folder that holds them all, `{}.csv` among them",
                    sheet.key(),
                    sheet.key()
                )),
            );
        }
    }
}

fn found_value(found: &Found<'_>, row: usize, key: &str) -> bool {
    found
        .column(key)
        .is_some_and(|c| !matches!(found.grid.get(row, c), Value::Empty))
}

/// Removes and returns, in order, the values whose key is `id`.
fn take_matching<T>(items: &mut Vec<(Spanned<String>, T)>, id: &str) -> Vec<T> {
    if !items.iter().any(|(k, _)| k.value == id) {
        return Vec::new();
    }
    let mut taken = Vec::new();
    let mut kept = Vec::with_capacity(items.len());
    for (key, value) in items.drain(..) {
        if key.value == id {
            taken.push(value);
        } else {
            kept.push((key, value));
        }
    }
    *items = kept;
    taken
}

/// A year and a value of a KPI row: the target when `target` (which may
/// be undecided, the second of the pair, and needs its year), else the
/// baseline (whose year may be left empty).
fn measurement(
    reader: &mut Reader,
    kpis: &Found<'_>,
    row: usize,
    year_key: &str,
    value_key: &str,
    target: bool,
) -> (Option<Spanned<Baseline>>, bool) {
    if target {
        if let Some(c) = kpis.column(value_key) {
            if let Value::Text(text) = kpis.grid.get(row, c) {
                if [UNDECIDED, "未定", "undecided"].contains(&text.trim()) {
                    if let Some(year) = reader.integer(kpis, row, year_key) {
                        reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            "an undecided target has no target year".to_owned(),
                            year.location,
                        ));
                    }
                    return (None, true);
                }
            }
        }
    }
    let year = reader.integer(kpis, row, year_key);
    let value = reader.number(kpis, row, value_key);
    match (year, value) {
        (Some(year), Some(value)) => (
            Some(Spanned::at(
                Baseline {
                    year: Some(year.value),
                    value: value.value,
                },
                value.location,
            )),
            false,
        ),
        (None, None) => (None, false),
        // A value that is there but not a number is reported already.
        (Some(_), None) if found_value(kpis, row, value_key) => (None, false),
        (None, Some(_)) if found_value(kpis, row, year_key) => (None, false),
        (None, Some(value)) if !target => (
            Some(Spanned::at(
                Baseline {
                    year: None,
                    value: value.value,
                },
                value.location,
            )),
            false,
        ),
        (Some(year), None) => {
            reader.push(Diagnostic::new(
                Code::InvalidModel,
                format!("{} has a year but no value", heading(kpis, value_key)),
                year.location,
            ));
            (None, false)
        }
        (None, Some(value)) => {
            reader.push(Diagnostic::new(
                Code::InvalidModel,
                format!("{} has a value but no year", heading(kpis, value_key)),
                value.location,
            ));
            (None, false)
        }
    }
}

/// The model's own fields from the `model` table.
fn read_fields(reader: &mut Reader, table: &Found<'_>) -> ModelFields {
    let mut fields = ModelFields::default();
    let mut title_seen = false;
    let mut period: (Option<Spanned<i32>>, Option<Spanned<i32>>) = (None, None);
    let mut seen: Vec<String> = Vec::new();
    let rows = reader.rows(table);
    for (r, _) in rows {
        let Some(name) = reader.text(table, r, "field") else {
            reader.error(
                Code::UnknownField,
                "a row of the model table has a value but no field name".to_owned(),
                Places::at(table.place, r, 0),
            );
            continue;
        };
        let Some(key) = model_field_key(&name.value) else {
            let mut diagnostic = Diagnostic::new(
                Code::UnknownField,
                format!(
                    "`{}` is not a field of the model",
                    crate::diagnostic::excerpt(&name.value)
                ),
                name.location,
            );
            let known = [
                "Format",
                "Schema",
                "Title",
                "Description",
                "Revision",
                "Issued",
                "Language",
                "Period start",
                "Period end",
                "Chain end",
                "Meta (JSON)",
            ];
            if let Some(near) = closest(
                &name.value,
                &known
                    .map(str::to_lowercase)
                    .iter()
                    .map(String::as_str)
                    .collect::<Vec<_>>(),
            ) {
                let index = known
                    .iter()
                    .position(|k| k.to_lowercase() == near)
                    .unwrap_or(0);
                diagnostic = diagnostic.with_help(format!("did you mean `{}`?", known[index]));
            }
            reader.push(diagnostic);
            continue;
        };
        if seen.contains(&key) {
            reader.push(Diagnostic::new(
                Code::InvalidModel,
                format!(
                    "the model table gives `{}` twice",
                    crate::diagnostic::excerpt(&name.value)
                ),
                name.location,
            ));
            continue;
        }
        seen.push(key.clone());
        let text = |reader: &mut Reader| reader.text(table, r, "value");
        match key.as_str() {
            "format" => {
                if let Some(version) = reader.integer(table, r, "value") {
                    if version.value != 1 {
                        reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            format!(
                                "the format version is {}; this logicmodel reads version 1",
                                version.value
                            ),
                            version.location,
                        ));
                    }
                }
            }
            "$schema" => fields.schema = text(reader).map(|t| t.value),
            "title" => {
                if let Some(title) = text(reader) {
                    fields.title = title.value;
                    title_seen = true;
                }
            }
            "description" => fields.description = text(reader).map(|t| t.value),
            "context" => fields.context = text_list(text(reader)),
            "revision" => fields.revision = text(reader).map(|t| t.value),
            "issued" => fields.issued = text(reader),
            "language" => fields.language = text(reader),
            "period.start" => period.0 = reader.integer(table, r, "value"),
            "period.end" => period.1 = reader.integer(table, r, "value"),
            "layout.order" => {
                if let Some(order) = text(reader) {
                    match BoxOrder::from_name(order.value.trim()) {
                        Some(order) => fields.box_order = Some(order),
                        None => reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            format!(
                                "`{}` is not a box order: use `source` or `crossings`",
                                crate::diagnostic::excerpt(&order.value)
                            ),
                            order.location,
                        )),
                    }
                }
            }
            "chain_end" => {
                if let Some(end) = text(reader) {
                    match Stage::from_name(end.value.trim()) {
                        Some(stage) => fields.chain_end = Some(stage),
                        None => reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            format!(
                                "`{}` is not a column: use one of {}",
                                crate::diagnostic::excerpt(&end.value),
                                Stage::NAMES.join(", ")
                            ),
                            end.location,
                        )),
                    }
                }
            }
            "meta" => {
                if let Some(meta) = text(reader) {
                    match serde_json::from_str::<serde_json::Value>(&meta.value) {
                        Ok(value) => fields.meta = Some(value),
                        Err(error) => reader.push(Diagnostic::new(
                            Code::InvalidModel,
                            format!("the meta value is not JSON: {error}"),
                            meta.location,
                        )),
                    }
                }
            }
            key => {
                if let Some(column) = key.strip_prefix("columns.") {
                    let column = ColumnKey::ALL
                        .iter()
                        .copied()
                        .find(|k| k.as_str() == column);
                    if let (Some(column), Some(heading)) = (column, text(reader)) {
                        fields.columns.push((column, heading.value));
                    }
                } else if let Some(code) = key.strip_prefix("checks.") {
                    if let Some(level) = text(reader) {
                        match Level::parse(level.value.trim()) {
                            Some(parsed) => fields
                                .checks
                                .push((Spanned::at(code.to_owned(), name.location), parsed)),
                            None => reader.push(Diagnostic::new(
                                Code::InvalidModel,
                                format!(
                                    "`{}` is not a level: use error, warning or allow",
                                    crate::diagnostic::excerpt(&level.value)
                                ),
                                level.location,
                            )),
                        }
                    }
                }
            }
        }
    }
    fields.columns.sort_by_key(|(key, _)| *key);
    match period {
        (Some(start), Some(end)) => {
            fields.period = Some(Spanned::at((start.value, end.value), start.location));
        }
        (None, None) => {}
        (Some(one), None) | (None, Some(one)) => reader.push(Diagnostic::new(
            Code::InvalidModel,
            "the plan period needs both its first and its last year".to_owned(),
            one.location,
        )),
    }
    if !title_seen {
        reader.push(
            Diagnostic::new(
                Code::InvalidModel,
                "the model has no title".to_owned(),
                Places::at(table.place, 0, 0),
            )
            .with_help("add a row `Title` (タイトル) with the programme's name"),
        );
    }
    fields
}

#[cfg(test)]
mod tests;
