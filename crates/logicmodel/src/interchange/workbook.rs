//! The model as an Excel workbook (xlsx): one sheet per [`tables`](super::tables) table.
//!
//! Each sheet has a frozen, bold header row with a filter, columns as wide
//! as their widest line (full-width characters counted double, long text
//! capped and wrapped), drop-down lists for the closed vocabularies (kind,
//! term, confidence, direction) and for ids taken from another sheet
//! (a node's section, a link's ends, an actual's KPI). Text is always
//! written as a text cell, never parsed as a formula; numbers are numbers,
//! years whole numbers, `issued` a date. The only formulas are the
//! lookups of the derived label columns, written with their current value.
//!
//! Text keeps every character but the noncharacters U+FFFE and U+FFFF,
//! which become U+FFFD (see [`MAX_CELL_CHARS`] for the one other limit).
//!
//! The bytes are deterministic: rust_xlsxwriter stamps the zip entries
//! with a fixed time, and the document's creation date is the model's
//! `issued` date (1 January 1980, the zip epoch, when it has none).

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatBorder,
    Formula, Workbook, Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use super::tables::{tables, Cell, Choices, Column, Lookup, Sheet, Table};
use crate::model::Model;

/// The most characters a workbook cell holds (Excel's limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most rows a sheet holds, the header row included (Excel's limit).
pub const MAX_ROWS: usize = 1_048_576;
/// Rows below the data that still get the drop-down lists, for records a planner adds.
const SPARE_VALIDATED_ROWS: usize = 1_000;
/// The widest a column is made, in character widths; longer text wraps.
const MAX_COLUMN_WIDTH: usize = 60;
/// The widest a long-text column is made before it wraps.
const MAX_LONG_TEXT_WIDTH: usize = 48;

/// Why a model could not be written as a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WorkbookError {
    /// A text is longer than a workbook cell holds.
    CellTooLong {
        /// The sheet's name.
        sheet: String,
        /// The cell, like `C14`.
        cell: String,
        /// The text's length in characters.
        chars: usize,
    },
    /// A table has more rows than a sheet holds.
    TooManyRows {
        /// The sheet's name.
        sheet: String,
        /// The rows it would need, the header included.
        rows: usize,
    },
    /// The xlsx writer failed (a bug in logicmodel, not in the model).
    Writer(String),
}

impl std::fmt::Display for WorkbookError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WorkbookError::CellTooLong { sheet, cell, chars } => write!(
                f,
                "{sheet}!{cell}: the text has {chars} characters; a workbook cell holds at most {MAX_CELL_CHARS}"
            ),
            WorkbookError::TooManyRows { sheet, rows } => write!(
                f,
                "the sheet {sheet} would need {rows} rows; a workbook sheet holds at most {MAX_ROWS}"
            ),
            WorkbookError::Writer(message) => write!(f, "could not write the workbook: {message}"),
        }
    }
}

impl std::error::Error for WorkbookError {}

impl From<XlsxError> for WorkbookError {
    fn from(error: XlsxError) -> WorkbookError {
        WorkbookError::Writer(error.to_string())
    }
}

/// The cell name of a 0-based row and column: `(13, 2)` is `C14`.
///
/// ```
/// assert_eq!(logicmodel::interchange::workbook::cell_name(13, 2), "C14");
/// assert_eq!(logicmodel::interchange::workbook::cell_name(0, 27), "AB1");
/// ```
pub fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut n = column + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8(letters).expect("ASCII"), row + 1)
}

/// Writes `model` as xlsx bytes.
///
/// Cost: O(cells) time and memory (the xlsx writer holds the sheets until
/// it zips them).
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "=HYPERLINK(\"x\")", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let bytes = logicmodel::interchange::workbook::to_bytes(&model).unwrap();
/// assert_eq!(&bytes[..2], b"PK");
/// assert_eq!(bytes, logicmodel::interchange::workbook::to_bytes(&model).unwrap());
/// ```
pub fn to_bytes(model: &Model) -> Result<Vec<u8>, WorkbookError> {
    let tables = tables(model);
    check_limits(&tables)?;
    let mut workbook = Workbook::new();
    let created = match model.issued().and_then(super::tables::Date::parse) {
        Some(date) => ExcelDateTime::from_ymd(date.year, date.month, date.day)?,
        None => ExcelDateTime::from_ymd(1980, 1, 1)?,
    };
    workbook.set_properties(
        &DocProperties::new()
            .set_title(model.title())
            .set_creation_datetime(&created),
    );
    let rows_of = |sheet: Sheet| {
        tables
            .iter()
            .find(|t| t.sheet == sheet)
            .map_or(0, |t| t.rows.len())
    };
    let names: Vec<(Sheet, String)> = tables.iter().map(|t| (t.sheet, t.name.clone())).collect();
    let name_of = |sheet: Sheet| {
        names
            .iter()
            .find(|(s, _)| *s == sheet)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    };
    for table in &tables {
        let worksheet = workbook.add_worksheet();
        write_sheet(worksheet, table, &name_of, &rows_of)?;
    }
    Ok(workbook.save_to_buffer()?)
}

fn check_limits(tables: &[Table]) -> Result<(), WorkbookError> {
    for table in tables {
        if table.rows.len() + 1 > MAX_ROWS {
            return Err(WorkbookError::TooManyRows {
                sheet: table.name.clone(),
                rows: table.rows.len() + 1,
            });
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = match cell {
                    Cell::Text(text) => text,
                    Cell::Lookup(lookup) => &lookup.value,
                    _ => continue,
                };
                // Cheap test first: a string of at most the limit in bytes
                // has at most that many characters.
                if text.len() > MAX_CELL_CHARS {
                    let chars = text.chars().count();
                    if chars > MAX_CELL_CHARS {
                        return Err(WorkbookError::CellTooLong {
                            sheet: table.name.clone(),
                            cell: cell_name(r + 1, c),
                            chars,
                        });
                    }
                }
            }
        }
    }
    Ok(())
}

/// `text` as a cell holds it: the noncharacters U+FFFE and U+FFFF become
/// U+FFFD. XML cannot hold them; the xlsx escape for them (`_xFFFF_`) is
/// not decoded by every reader (calamine reads it as those seven letters),
/// so it would not read back as written.
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains(['\u{FFFE}', '\u{FFFF}']) {
        text.replace(['\u{FFFE}', '\u{FFFF}'], "\u{FFFD}").into()
    } else {
        text.into()
    }
}

/// A sheet reference for a formula: quoted, with `'` doubled.
fn sheet_reference(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

fn write_sheet(
    worksheet: &mut Worksheet,
    table: &Table,
    name_of: &dyn Fn(Sheet) -> String,
    rows_of: &dyn Fn(Sheet) -> usize,
) -> Result<(), WorkbookError> {
    worksheet.set_name(&table.name)?;
    let header = Format::new()
        .set_bold()
        .set_background_color("#E8E8E8")
        .set_border_bottom(FormatBorder::Thin)
        .set_text_wrap();
    let mut plain = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
    if table.sheet == Sheet::Model {
        // One value per row, of every type: aligned alike, they read as a form.
        plain = plain.set_align(rust_xlsxwriter::FormatAlign::Left);
    }
    let wrapped = plain.clone().set_text_wrap();
    let derived = plain.clone().set_italic().set_font_color("#5C5C5C");
    let derived_wrapped = derived.clone().set_text_wrap();
    let date = plain.clone().set_num_format("yyyy-mm-dd");
    let year = plain.clone().set_num_format("0");

    let last_column = table.columns.len().saturating_sub(1) as u16;
    for (c, column) in table.columns.iter().enumerate() {
        worksheet.write_string_with_format(0, c as u16, &column.heading, &header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = (r + 1) as u32;
        for (c, cell) in row.iter().enumerate() {
            let column = &table.columns[c];
            let text_format = match (column.derived, column.long_text) {
                (true, true) => &derived_wrapped,
                (true, false) => &derived,
                (false, true) => &wrapped,
                (false, false) => &plain,
            };
            let c = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    // Multi-line cells wrap wherever they are, so every line shows.
                    let format = if text.contains('\n') && !column.long_text {
                        &wrapped
                    } else {
                        text_format
                    };
                    worksheet.write_string_with_format(r, c, cell_text(text), format)?;
                }
                Cell::Number(value) => {
                    worksheet.write_number_with_format(r, c, *value, &plain)?;
                }
                Cell::Integer(value) => {
                    worksheet.write_number_with_format(r, c, *value as f64, &year)?;
                }
                Cell::Date(d) => {
                    let value = ExcelDateTime::from_ymd(d.year, d.month, d.day)?;
                    worksheet.write_datetime_with_format(r, c, &value, &date)?;
                }
                Cell::Bool(value) => {
                    worksheet.write_boolean_with_format(r, c, *value, &plain)?;
                }
                Cell::Lookup(lookup) => {
                    let formula = lookup_formula(lookup, r as usize, name_of, rows_of);
                    let formula = Formula::new(formula).set_result(cell_text(&lookup.value));
                    worksheet.write_formula_with_format(r, c, formula, text_format)?;
                }
            }
        }
    }

    for (c, column) in table.columns.iter().enumerate() {
        worksheet.set_column_width(c as u16, column_width(column, table, c) as f64)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    worksheet.autofilter(0, 0, table.rows.len() as u32, last_column)?;
    add_validations(worksheet, table, name_of, rows_of)?;
    Ok(())
}

/// `=IFERROR(INDEX('sheet'!$D$2:$D$n, MATCH(A2, 'sheet'!$A$2:$A$n, 0)), "")`.
fn lookup_formula(
    lookup: &Lookup,
    row: usize,
    name_of: &dyn Fn(Sheet) -> String,
    rows_of: &dyn Fn(Sheet) -> usize,
) -> String {
    let sheet = sheet_reference(&name_of(lookup.sheet));
    let last = rows_of(lookup.sheet).max(1) + 1;
    let column_range = |column: usize| {
        let top = cell_name(1, column);
        let bottom = cell_name(last - 1, column);
        let absolute = |cell: String| {
            let split = cell
                .find(|c: char| c.is_ascii_digit())
                .unwrap_or(cell.len());
            format!("${}${}", &cell[..split], &cell[split..])
        };
        format!("{sheet}!{}:{}", absolute(top), absolute(bottom))
    };
    format!(
        "=IFERROR(INDEX({}, MATCH({}, {}, 0)), \"\")",
        column_range(lookup.value_column),
        cell_name(row, lookup.from),
        column_range(lookup.key_column)
    )
}

/// The display width of a cell's widest line, full-width characters as two.
fn cell_width(cell: &Cell) -> usize {
    let text = match cell {
        Cell::Empty => return 0,
        Cell::Text(text) => text.as_str(),
        Cell::Lookup(lookup) => lookup.value.as_str(),
        Cell::Number(value) => return format!("{value}").len(),
        Cell::Integer(value) => return value.to_string().len(),
        Cell::Date(_) => return 10,
        Cell::Bool(_) => return 5,
    };
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn column_width(column: &Column, table: &Table, index: usize) -> usize {
    let widest = table
        .rows
        .iter()
        .map(|row| cell_width(&row[index]))
        .chain([column.heading.width()])
        .max()
        .unwrap_or(0);
    let cap = if column.long_text {
        MAX_LONG_TEXT_WIDTH
    } else {
        MAX_COLUMN_WIDTH
    };
    // Two more for the filter button beside the heading.
    (widest + 2).clamp(6, cap)
}

fn add_validations(
    worksheet: &mut Worksheet,
    table: &Table,
    name_of: &dyn Fn(Sheet) -> String,
    rows_of: &dyn Fn(Sheet) -> usize,
) -> Result<(), WorkbookError> {
    let last_row = (table.rows.len() + SPARE_VALIDATED_ROWS).min(MAX_ROWS - 1) as u32;
    for (c, column) in table.columns.iter().enumerate() {
        let validation = match &column.choices {
            Choices::Any => continue,
            Choices::Words(words) => DataValidation::new()
                .allow_list_strings(words)?
                .set_error_title(column.heading.clone())?
                .set_error_message(words.join(", "))?,
            Choices::IdOf(sheet) => {
                let rows = rows_of(*sheet);
                if rows == 0 {
                    continue;
                }
                let name = name_of(*sheet);
                let range = format!("={}!$A$2:$A${}", sheet_reference(&name), rows + 1);
                DataValidation::new()
                    .allow_list_formula(Formula::new(range))
                    .set_error_style(DataValidationErrorStyle::Warning)
                    .set_error_title(column.heading.clone())?
                    .set_error_message(format!("{name} ID?"))?
            }
        };
        worksheet.add_data_validation(1, c as u16, last_row, c as u16, &validation)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};

    fn seed() -> Model {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/gotsu-smart-city.json"
        );
        crate::load_path(path).unwrap().model.unwrap()
    }

    fn open(bytes: Vec<u8>) -> Xlsx<std::io::Cursor<Vec<u8>>> {
        Xlsx::new(std::io::Cursor::new(bytes)).expect("calamine opens the workbook")
    }

    #[test]
    fn cell_names_are_spreadsheet_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(9, 26), "AA10");
        assert_eq!(cell_name(0, 701), "ZZ1");
        assert_eq!(cell_name(0, 702), "AAA1");
    }

    #[test]
    fn the_seed_workbook_has_every_sheet_with_japanese_text_intact() {
        let model = seed();
        let mut workbook = open(to_bytes(&model).unwrap());
        assert_eq!(
            workbook.sheet_names(),
            [
                "モデル",
                "要素",
                "つながり",
                "セクション",
                "個別業務",
                "KPI",
                "KPI実績"
            ]
        );
        let nodes = workbook.worksheet_range("要素").unwrap();
        assert_eq!(nodes.height(), model.node_count() + 1);
        let first = model.nodes().next().unwrap().1;
        assert_eq!(
            nodes.get((1, 0)),
            Some(&Data::String(first.id().to_string()))
        );
        assert_eq!(
            nodes.get((1, 3)),
            Some(&Data::String(first.label().to_owned()))
        );
        let links = workbook.worksheet_range("つながり").unwrap();
        assert_eq!(links.height(), model.edge_count() + 1);
        // The derived label column holds the looked-up label as its value.
        let first_edge = model.edges().next().unwrap();
        assert_eq!(
            links.get((1, 1)),
            Some(&Data::String(
                model.node(first_edge.from).label().to_owned()
            ))
        );
        let formulas = workbook.worksheet_formula("つながり").unwrap();
        let formula = formulas.get_value((1, 1)).cloned().unwrap_or_default();
        assert!(
            formula.contains("MATCH(A2, '要素'!$A$2:$A$123, 0)"),
            "{formula}"
        );
    }

    #[test]
    fn numbers_are_numbers_and_dates_are_dates() {
        let model = seed();
        let mut workbook = open(to_bytes(&model).unwrap());
        let kpis = workbook.worksheet_range("KPI").unwrap();
        let kpi = &model.kpis()[0];
        let target = kpi.target.unwrap();
        assert_eq!(kpis.get((1, 6)), Some(&Data::Float(target.year.into())));
        assert_eq!(kpis.get((1, 7)), Some(&Data::Float(target.value)));
        let cover = workbook.worksheet_range("モデル").unwrap();
        let issued = cover
            .rows()
            .find(|row| row[0] == Data::String("発行日".into()))
            .map(|row| row[1].clone())
            .unwrap();
        match issued {
            Data::DateTime(value) => {
                let (year, month, day, ..) = value.to_ymd_hms_milli();
                assert_eq!((year, month, day), (2024, 3, 26));
            }
            other => panic!("issued is not a date: {other:?}"),
        }
    }

    #[test]
    fn text_that_looks_like_a_formula_stays_text() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "=1+1", "nodes": [
              {"id": "a", "kind": "activity", "label": "=HYPERLINK(\"http://x\",\"y\")"}]}"#,
        )
        .model
        .unwrap();
        let mut workbook = open(to_bytes(&model).unwrap());
        let nodes = workbook.worksheet_range("nodes").unwrap();
        assert_eq!(
            nodes.get((1, 3)),
            Some(&Data::String("=HYPERLINK(\"http://x\",\"y\")".into()))
        );
        let formulas = workbook.worksheet_formula("nodes").unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
    }

    /// The XML of one part of the workbook.
    fn part(bytes: &[u8], name: &str) -> String {
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    }

    #[test]
    fn headers_are_frozen_and_closed_vocabularies_are_drop_down_lists() {
        let bytes = to_bytes(&seed()).unwrap();
        // Sheets in order: モデル, 要素, つながり, …
        let nodes = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(
            nodes.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{nodes:.2000}"
        );
        assert!(nodes.contains(
            "<formula1>\"前提,インプット,活動,アウトプット,アウトカム,インパクト\"</formula1>"
        ));
        assert!(nodes.contains("<formula1>\"短期,中期,長期\"</formula1>"));
        assert!(nodes.contains("<formula1>'セクション'!$A$2:$A$4</formula1>"));
        assert!(nodes.contains(r#"<autoFilter ref="A1:H123"/>"#));
        let links = part(&bytes, "xl/worksheets/sheet3.xml");
        assert!(links.contains("<formula1>'要素'!$A$2:$A$123</formula1>"));
        assert!(links.contains("<formula1>\"低,中,高\"</formula1>"));
        let core = part(&bytes, "docProps/core.xml");
        assert!(core.contains("2024-03-26T00:00:00Z"), "{core}");
    }

    #[test]
    fn wide_characters_count_double_in_column_widths() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "nodes": [
              {"id": "a", "kind": "activity", "label": "ああああああああああ"},
              {"id": "b", "kind": "activity", "label": "aaaaaaaaaa"}]}"#,
        )
        .model
        .unwrap();
        let tables = tables(&model);
        let nodes = tables.iter().find(|t| t.sheet == Sheet::Nodes).unwrap();
        // Ten full-width characters are twenty columns wide, plus two.
        assert_eq!(column_width(&nodes.columns[3], nodes, 3), 22);
    }

    #[test]
    fn the_same_model_gives_the_same_bytes() {
        let model = seed();
        assert_eq!(to_bytes(&model).unwrap(), to_bytes(&model).unwrap());
    }

    #[test]
    fn text_too_long_for_a_cell_is_named_by_sheet_and_cell() {
        let label = "x".repeat(MAX_CELL_CHARS + 1);
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [{{"id": "a", "kind": "activity", "label": "{label}"}}]}}"#
        );
        let model = crate::load_str(&text).model.unwrap();
        assert_eq!(
            to_bytes(&model),
            Err(WorkbookError::CellTooLong {
                sheet: "nodes".into(),
                cell: "D2".into(),
                chars: MAX_CELL_CHARS + 1
            })
        );
    }
}
