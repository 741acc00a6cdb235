//! The model as a folder of CSV files: the [`tables`](super::tables), one
//! file each (`model.csv`, `nodes.csv`, `links.csv`, `sections.csv`,
//! `work_items.csv`, `kpis.csv`, `kpi_actuals.csv`), for people whose data
//! lives in a spreadsheet program other than Excel.
//!
//! RFC 4180 (CRLF line ends, fields quoted when needed), UTF-8, optionally
//! with a byte-order mark (which Excel needs to read UTF-8). File names are
//! English in either language; headings and words follow the model.
//!
//! Model text is untrusted: a text cell that a spreadsheet would run as a
//! formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return,
//! or their full-width forms) is written with a leading `'`, as OWASP
//! advises. The rule is reversible — [`restore_formula_text`] undoes
//! exactly what [`neutralise_formula`] did — so the folder still reads back
//! as the same model. Numbers are written in the shortest form that reads
//! back as the same value; dates as `YYYY-MM-DD`; yes/no as `TRUE`/`FALSE`.

use super::tables::{tables, Table, TableCell};
use crate::escape::starts_like_formula;
use crate::model::Model;

/// One CSV file of the folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CsvFile {
    /// The file name, like `nodes.csv`.
    pub name: String,
    /// The file's bytes.
    pub bytes: Vec<u8>,
}

/// The CSV files of `model`, one per table, in the tables' order.
///
/// Cost: O(cells).
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "=cmd|' /C calc'!A0", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let files = logicmodel::interchange::csv::files(&model, false);
/// let nodes = files.iter().find(|f| f.name == "nodes.csv").unwrap();
/// let text = String::from_utf8(nodes.bytes.clone()).unwrap();
/// assert!(text.contains(r#"'=cmd|' /C calc'!A0"#));
/// ```
pub fn files(model: &Model, bom: bool) -> Vec<CsvFile> {
    tables(model)
        .iter()
        .map(|table| CsvFile {
            name: format!("{}.csv", table.sheet.key()),
            bytes: table_bytes(table, bom),
        })
        .collect()
}

fn table_bytes(table: &Table, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice("\u{feff}".as_bytes());
    }
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    let headings: Vec<String> = table
        .columns
        .iter()
        .map(|c| neutralise_formula(&c.heading))
        .collect();
    // Writing into a Vec cannot fail.
    writer
        .write_record(&headings)
        .expect("writing CSV to memory");
    for row in &table.rows {
        let fields: Vec<String> = row.iter().map(field).collect();
        writer.write_record(&fields).expect("writing CSV to memory");
    }
    writer.into_inner().expect("flushing CSV to memory")
}

fn field(cell: &TableCell) -> String {
    match cell {
        TableCell::Empty => String::new(),
        TableCell::Text(text) => neutralise_formula(text),
        TableCell::Lookup(lookup) => neutralise_formula(&lookup.value),
        // `{}` on f64 is the shortest text that parses back to the same value.
        TableCell::Number(value) => format!("{value}"),
        TableCell::Integer(value) => value.to_string(),
        TableCell::Date(date) => date.to_string(),
        TableCell::Bool(true) => "TRUE".to_owned(),
        TableCell::Bool(false) => "FALSE".to_owned(),
    }
}

/// `text` made safe for a CSV cell: a leading `'` when the text, after any
/// `'`s it already starts with, begins like a formula.
///
/// ```
/// use logicmodel::interchange::csv::{neutralise_formula, restore_formula_text};
/// assert_eq!(neutralise_formula("=SUM(A1)"), "'=SUM(A1)");
/// assert_eq!(neutralise_formula("'=x"), "''=x");
/// assert_eq!(neutralise_formula("it's"), "it's");
/// for text in ["=1", "'=1", "''+1", "-", "plain", "'quoted'"] {
///     assert_eq!(restore_formula_text(&neutralise_formula(text)), text);
/// }
/// ```
pub fn neutralise_formula(text: &str) -> String {
    if starts_like_formula(text.trim_start_matches('\'')) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// Undoes [`neutralise_formula`].
pub fn restore_formula_text(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if starts_like_formula(rest.trim_start_matches('\'')) => rest,
        _ => text,
    }
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

    #[test]
    fn one_file_per_table_with_a_header_and_a_row_per_record() {
        let model = seed();
        let files = files(&model, true);
        let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "model.csv",
                "nodes.csv",
                "links.csv",
                "sections.csv",
                "work_items.csv",
                "kpis.csv",
                "kpi_actuals.csv"
            ]
        );
        let nodes = &files[1];
        assert!(nodes.bytes.starts_with("\u{feff}ID,種別".as_bytes()));
        let mut reader = ::csv::Reader::from_reader(&nodes.bytes[3..]);
        assert_eq!(reader.records().count(), model.node_count());
        let mut links = ::csv::Reader::from_reader(files[2].bytes.as_slice());
        assert_eq!(links.records().count(), model.edge_count());
    }

    #[test]
    fn every_formula_trigger_is_neutralised_and_restored() {
        for text in [
            "=1", "+1", "-1", "@x", "\tx", "\rx", "＝1", "''=1", "'", "", "a=b", " =1", "' @x",
        ] {
            let safe = neutralise_formula(text);
            assert!(!starts_like_formula(&safe), "{safe:?}");
            assert_eq!(restore_formula_text(&safe), text);
        }
    }

    #[test]
    fn numbers_keep_their_exact_value() {
        for value in [0.1, 4.5, 80.0, -3.25, 1e-7, 123456789.125] {
            let text = field(&TableCell::Number(value));
            assert_eq!(text.parse::<f64>().unwrap(), value);
        }
        assert_eq!(field(&TableCell::Number(80.0)), "80");
    }
}
