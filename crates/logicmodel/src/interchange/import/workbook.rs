//! Reading a workbook (xlsx) with `calamine`: every worksheet's cells as
//! a [`Grid`], merged cells and formulas without a result reported, then
//! the model built by the tables reader (`super::build`).
//!
//! Untrusted bytes: the zip's declared sizes are checked against
//! [`MAX_UNZIPPED_BYTES`] before anything is inflated, cells are read one
//! by one (calamine's streaming cell reader, never a dense range a
//! forged dimension could make huge) and counted against
//! [`MAX_CELLS`]; formulas are found by a scan of the
//! sheet's XML of our own, since calamine's formula reader expands shared
//! formulas over their whole declared range.

use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, Xlsx};

use super::{build, failed, Grid, Imported, Places, Value, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::{Code, Diagnostic, Location};
use crate::interchange::tables::Date;

/// The most bytes a workbook's files may inflate to, all together.
pub const MAX_UNZIPPED_BYTES: u64 = 512 * 1024 * 1024;

/// Reads a model from the bytes of an xlsx workbook.
///
/// Never panics; a file that is not a workbook gives one
/// `invalid-workbook` diagnostic and no model.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let bytes = logicmodel::interchange::workbook::to_bytes(&model).unwrap();
/// let imported = logicmodel::interchange::import::workbook::read(&bytes);
/// assert_eq!(imported.loaded.model.as_ref(), Some(&model));
/// assert!(imported.loaded.diagnostics.is_empty());
/// ```
pub fn read(bytes: &[u8]) -> Imported {
    match read_grids(bytes) {
        Ok((grids, places, diagnostics)) => build(&grids, places, diagnostics),
        Err(diagnostic) => failed(diagnostic),
    }
}

fn invalid(message: String) -> Diagnostic {
    Diagnostic::new(Code::InvalidWorkbook, message, Location::default())
        .with_help("save the file as an Excel workbook (.xlsx)")
}

fn limit(message: String) -> Diagnostic {
    Diagnostic::new(Code::TableLimit, message, Location::default())
}

type Grids = (Vec<(usize, Grid)>, Places, Vec<Diagnostic>);

fn read_grids(bytes: &[u8]) -> Result<Grids, Diagnostic> {
    check_sizes(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("the file is not a readable xlsx workbook: {e}")))?;
    let is_1904 = workbook.has_1904_epoch();
    workbook
        .load_merged_regions()
        .map_err(|e| invalid(format!("the workbook's merged cells cannot be read: {e}")))?;
    let formulas = FormulaScan::new(bytes);
    let mut places = Places::default();
    let mut diagnostics = Vec::new();
    let mut grids = Vec::new();
    let mut cells_kept = 0usize;
    for name in workbook.sheet_names() {
        let place = places.add(&name);
        for (_, _, region) in workbook.merged_regions_by_sheet(&name) {
            let (row, column) = region.start;
            let (end_row, end_column) = region.end;
            diagnostics.push(
                Diagnostic::new(
                    Code::MergedCell,
                    format!(
                        "the cells {}:{} are merged; a table needs one value per cell",
                        super::super::workbook::cell_name(row as usize, column as usize),
                        super::super::workbook::cell_name(end_row as usize, end_column as usize)
                    ),
                    Places::at(place, row as usize, column as usize),
                )
                .with_help("unmerge them and write the value in each row it belongs to"),
            );
        }
        let mut grid = Grid {
            name: name.clone(),
            rows: Vec::new(),
        };
        let mut reader = match workbook.worksheet_cells_reader(&name) {
            Ok(reader) => reader,
            // A chart sheet or a dialog sheet: no cells; reported as not a table.
            Err(calamine::XlsxError::NotAWorksheet(_)) => {
                grids.push((place, grid));
                continue;
            }
            Err(e) => return Err(invalid(format!("the sheet `{name}` cannot be read: {e}"))),
        };
        loop {
            let cell = match reader.next_cell() {
                Ok(Some(cell)) => cell,
                Ok(None) => break,
                Err(e) => return Err(invalid(format!("the sheet `{name}` cannot be read: {e}"))),
            };
            let (row, column) = cell.get_position();
            let (row, column) = (row as usize, column as usize);
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(invalid(format!(
                    "the sheet `{name}` has a cell outside the sheet ({row}, {column})"
                )));
            }
            let value = value(cell.get_value(), is_1904);
            if value == Value::Empty {
                continue;
            }
            // Room for the row and the cells up to this one.
            if grid.rows.len() <= row {
                cells_kept += row + 1 - grid.rows.len();
                grid.rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut grid.rows[row];
            if cells.len() <= column {
                cells_kept += column + 1 - cells.len();
                cells.resize(column + 1, Value::Empty);
            }
            if cells_kept > MAX_CELLS {
                return Err(limit(format!(
                    "the workbook has more than {MAX_CELLS} cells (counting the empty ones between them); logicmodel reads at most that many"
                )));
            }
            cells[column] = value;
        }
        drop(reader);
        for (row, column) in formulas.without_value(&name) {
            let (row, column) = (row as usize, column as usize);
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                continue;
            }
            if grid.rows.len() <= row {
                cells_kept += row + 1 - grid.rows.len();
                grid.rows.resize_with(row + 1, Vec::new);
            }
            let cells = &mut grid.rows[row];
            if cells.len() <= column {
                cells_kept += column + 1 - cells.len();
                cells.resize(column + 1, Value::Empty);
            }
            if cells_kept > MAX_CELLS {
                return Err(limit(format!(
                    "the workbook has more than {MAX_CELLS} cells; logicmodel reads at most that many"
                )));
            }
            if cells[column] == Value::Empty {
                cells[column] = Value::FormulaWithoutValue;
            }
        }
        grids.push((place, grid));
    }
    Ok((grids, places, diagnostics))
}

/// Refuses a zip whose files would inflate beyond [`MAX_UNZIPPED_BYTES`].
fn check_sizes(bytes: &[u8]) -> Result<(), Diagnostic> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| invalid(format!("the file is not a readable xlsx workbook: {e}")))?;
    let mut total = 0u64;
    for i in 0..archive.len() {
        let size = archive
            .by_index_raw(i)
            .map_err(|e| invalid(format!("the file is not a readable xlsx workbook: {e}")))?
            .size();
        total = total.saturating_add(size);
        if total > MAX_UNZIPPED_BYTES {
            return Err(limit(format!(
                "the workbook's files inflate to more than {} MiB; logicmodel reads at most that much",
                MAX_UNZIPPED_BYTES / (1024 * 1024)
            )));
        }
    }
    Ok(())
}

/// A cell value as the import reads it.
fn value(data: &DataRef<'_>, is_1904: bool) -> Value {
    match data {
        DataRef::Empty => Value::Empty,
        DataRef::Int(n) => Value::Number(*n as f64),
        DataRef::Float(n) => Value::Number(*n),
        DataRef::String(text) => Value::Text(text.clone()),
        DataRef::SharedString(text) => Value::Text((*text).to_owned()),
        DataRef::Bool(b) => Value::Bool(*b),
        DataRef::DateTime(datetime) => match date_of_serial(datetime.as_f64(), is_1904) {
            Some(date) if datetime.is_datetime() => Value::Date(date),
            _ => Value::Number(datetime.as_f64()),
        },
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => Value::Text(text.clone()),
        DataRef::Error(error) => Value::Error(error.to_string()),
    }
}

/// The date of an Excel serial day number (the time of day ignored).
fn date_of_serial(serial: f64, is_1904: bool) -> Option<Date> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let mut days = serial.floor() as i64;
    // Days from 1970-01-01.
    let unix = if is_1904 {
        days - 24_107
    } else {
        // Excel counts 1900-02-29, which did not exist.
        if days < 61 {
            days += 1;
        }
        days - 25_569
    };
    // Civil from days (Howard Hinnant's algorithm).
    let z = unix + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    Some(Date {
        year: u16::try_from(year).ok()?,
        month,
        day,
    })
}

/// The cells holding a formula without a result, by sheet: found by
/// reading each worksheet's XML (`<c>` with an `<f>` and no `<v>`).
struct FormulaScan {
    sheets: FormulaCells,
}

/// Sheet names with the (row, column) of their formulas without a result.
type FormulaCells = Vec<(String, Vec<(u32, u32)>)>;

impl FormulaScan {
    fn new(bytes: &[u8]) -> FormulaScan {
        FormulaScan {
            sheets: scan(bytes).unwrap_or_default(),
        }
    }

    fn without_value(&self, sheet: &str) -> Vec<(u32, u32)> {
        self.sheets
            .iter()
            .find(|(name, _)| name == sheet)
            .map(|(_, cells)| cells.clone())
            .unwrap_or_default()
    }
}

fn read_entry(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<Vec<u8>> {
    let file = archive.by_name(name).ok()?;
    let mut bytes = Vec::new();
    file.take(MAX_UNZIPPED_BYTES).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// The attribute `key` (local name) of an element.
fn attribute(element: &quick_xml::events::BytesStart<'_>, key: &[u8]) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == key)
        .and_then(|a| String::from_utf8(a.value.into_owned()).ok())
}

fn scan(bytes: &[u8]) -> Option<FormulaCells> {
    use quick_xml::events::Event;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    // Sheet names to relationship ids, and ids to parts.
    let workbook = read_entry(&mut archive, "xl/workbook.xml")?;
    let mut sheets: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(workbook.as_slice());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"sheet" => {
                if let (Some(name), Some(id)) = (attribute(&e, b"name"), attribute(&e, b"id")) {
                    let name = quick_xml::escape::unescape(&name)
                        .map(|n| n.into_owned())
                        .unwrap_or(name);
                    sheets.push((name, id));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let relations = read_entry(&mut archive, "xl/_rels/workbook.xml.rels")?;
    let mut targets: Vec<(String, String)> = Vec::new();
    let mut reader = quick_xml::Reader::from_reader(relations.as_slice());
    loop {
        match reader.read_event_into(&mut buf).ok()? {
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == b"Relationship" => {
                if let (Some(id), Some(target)) = (attribute(&e, b"Id"), attribute(&e, b"Target")) {
                    targets.push((id, target));
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    let mut found = Vec::new();
    for (name, id) in sheets {
        let Some((_, target)) = targets.iter().find(|(i, _)| *i == id) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(absolute) => absolute.to_owned(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read_entry(&mut archive, &path) else {
            continue;
        };
        let cells = formulas_without_value(&xml).unwrap_or_default();
        if !cells.is_empty() {
            found.push((name, cells));
        }
    }
    Some(found)
}

/// The cells of one worksheet's XML with an `<f>` and no (or an empty) `<v>`.
fn formulas_without_value(xml: &[u8]) -> Option<Vec<(u32, u32)>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut found = Vec::new();
    let (mut row, mut column) = (0u32, 0u32);
    // Inside a `<c>`: whether it has a formula, and a value.
    let mut cell: Option<(u32, u32, bool, bool)> = None;
    let mut in_value = false;
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    b"row" => {
                        if let Some(r) = attribute(e, b"r").and_then(|r| r.parse::<u32>().ok()) {
                            row = r.saturating_sub(1);
                        }
                        column = 0;
                    }
                    b"c" => {
                        if let Some((r, c)) = attribute(e, b"r").and_then(|r| parse_cell(&r)) {
                            row = r;
                            column = c;
                        }
                        if empty {
                            column = column.saturating_add(1);
                        } else {
                            cell = Some((row, column, false, false));
                        }
                    }
                    b"f" => {
                        if let Some(cell) = cell.as_mut() {
                            cell.2 = true;
                        }
                    }
                    b"v" | b"is" if !empty => in_value = true,
                    _ => {}
                }
            }
            Event::Text(ref t) if in_value && !t.is_empty() => {
                if let Some(cell) = cell.as_mut() {
                    cell.3 = true;
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                b"v" | b"is" => in_value = false,
                b"c" => {
                    if let Some((r, c, formula, value)) = cell.take() {
                        if formula && !value {
                            found.push((r, c));
                        }
                    }
                    column = column.saturating_add(1);
                }
                b"row" => {
                    row = row.saturating_add(1);
                    column = 0;
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
        if found.len() > MAX_CELLS {
            break;
        }
    }
    Some(found)
}

/// `C14` as 0-based (row, column).
fn parse_cell(name: &str) -> Option<(u32, u32)> {
    let split = name.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = name.split_at(split);
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut column = 0u32;
    for b in letters.bytes() {
        if !b.is_ascii_uppercase() {
            return None;
        }
        column = column * 26 + u32::from(b - b'A' + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, column - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serial_days_are_dates() {
        let date = |s: f64| date_of_serial(s, false).map(|d| d.to_string());
        assert_eq!(date(45377.0).as_deref(), Some("2024-03-26"));
        assert_eq!(date(1.0).as_deref(), Some("1900-01-01"));
        assert_eq!(date(61.0).as_deref(), Some("1900-03-01"));
        assert_eq!(
            date_of_serial(0.0, true).map(|d| d.to_string()).as_deref(),
            Some("1904-01-01")
        );
        assert_eq!(date(f64::NAN), None);
    }

    #[test]
    fn cell_names_parse() {
        assert_eq!(parse_cell("A1"), Some((0, 0)));
        assert_eq!(parse_cell("AB10"), Some((9, 27)));
        assert_eq!(parse_cell("A0"), None);
        assert_eq!(parse_cell("a1"), None);
    }

    #[test]
    fn formulas_without_results_are_found() {
        let xml = br#"<worksheet><sheetData><row r="2"><c r="A2"><f>1+1</f></c><c r="B2"><f>1+1</f><v>2</v></c><c><f>x</f><v></v></c></row></sheetData></worksheet>"#;
        assert_eq!(formulas_without_value(xml), Some(vec![(1, 0), (1, 2)]));
    }

    #[test]
    fn garbage_is_an_invalid_workbook() {
        for bytes in [&b""[..], b"PK\x03\x04garbage", b"{\"format\": 1}"] {
            let imported = read(bytes);
            assert!(imported.loaded.model.is_none());
            assert_eq!(imported.loaded.diagnostics[0].code(), Code::InvalidWorkbook);
        }
    }
}
