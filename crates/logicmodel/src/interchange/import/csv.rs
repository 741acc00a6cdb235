//! Reading the CSV files `export --format csv` writes (or any of them
//! alone, such as a work-item list with a header row): UTF-8 with or
//! without a byte-order mark, RFC 4180 quoting, the writer's formula
//! guard undone exactly ([`restore_formula_text`]).
//!
//! CSV has no types: every cell is text, and the import reads numbers,
//! years and yes/no values from it as the writer writes them. Like the
//! workbook reader it does not touch files: the CLI hands over each
//! file's name and bytes.

use super::{build, Grid, Imported, Places, Value, MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use crate::diagnostic::{Code, Diagnostic};
use crate::interchange::csv::restore_formula_text;

/// One CSV file: its name (`nodes.csv`; the stem names the table) and bytes.
#[derive(Clone, Copy, Debug)]
pub struct CsvInput<'a> {
    /// The file name.
    pub name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

/// Reads a model from CSV files, one table each.
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "=Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let files = logicmodel::interchange::csv::files(&model, true);
/// let inputs: Vec<_> = files.iter().map(|f| logicmodel::interchange::import::csv::CsvInput {
///     name: &f.name, bytes: &f.bytes }).collect();
/// let imported = logicmodel::interchange::import::csv::read(&inputs);
/// assert_eq!(imported.loaded.model.as_ref(), Some(&model));
/// ```
pub fn read(files: &[CsvInput<'_>]) -> Imported {
    let mut places = Places::default();
    let mut diagnostics = Vec::new();
    let mut grids = Vec::new();
    let mut cells_kept = 0usize;
    for file in files {
        let place = places.add(file.name);
        match grid(file, place, &mut cells_kept) {
            Ok(grid) => grids.push((place, grid)),
            Err(diagnostic) => {
                let stop = diagnostic.code() == Code::TableLimit;
                diagnostics.push(diagnostic);
                if stop {
                    return super::failed(diagnostics.pop().unwrap_or_else(|| {
                        Diagnostic::new(Code::TableLimit, String::new(), Default::default())
                    }));
                }
            }
        }
    }
    build(&grids, places, diagnostics)
}

fn grid(file: &CsvInput<'_>, place: usize, cells_kept: &mut usize) -> Result<Grid, Diagnostic> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(file.bytes);
    let at = |row: usize, column: usize| Places::at(place, row, column);
    if let Err(error) = std::str::from_utf8(bytes) {
        return Err(Diagnostic::new(
            Code::InvalidCsv,
            format!(
                "`{}` is not valid UTF-8 (byte offset {})",
                file.name,
                error.valid_up_to()
            ),
            at(0, 0),
        )
        .with_help("save the file as CSV UTF-8"));
    }
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut rows = Vec::new();
    let mut record = ::csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                let row = error.position().map_or(0, |p| p.record() as usize);
                return Err(Diagnostic::new(
                    Code::InvalidCsv,
                    format!("`{}` cannot be read as CSV: {error}", file.name),
                    at(row, 0),
                ));
            }
        }
        if rows.len() >= MAX_ROWS || record.len() > MAX_COLUMNS {
            return Err(Diagnostic::new(
                Code::TableLimit,
                format!(
                    "`{}` has more than {MAX_ROWS} rows or {MAX_COLUMNS} columns; logicmodel reads at most that many",
                    file.name
                ),
                at(rows.len(), 0),
            ));
        }
        *cells_kept += record.len().max(1);
        if *cells_kept > MAX_CELLS {
            return Err(Diagnostic::new(
                Code::TableLimit,
                format!("the CSV files have more than {MAX_CELLS} cells; logicmodel reads at most that many"),
                at(rows.len(), 0),
            ));
        }
        let mut cells: Vec<Value> = record
            .iter()
            .map(|field| {
                if field.is_empty() {
                    Value::Empty
                } else {
                    Value::Text(restore_formula_text(field).to_owned())
                }
            })
            .collect();
        while cells.last() == Some(&Value::Empty) {
            cells.pop();
        }
        rows.push(cells);
    }
    Ok(Grid {
        name: file.name.to_owned(),
        rows,
    })
}
