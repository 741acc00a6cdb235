//! Tests of the table import: round trips of the shipped models, and the
//! diagnostics of broken tables with their sheet and cell.

use super::csv::CsvInput;
use super::*;
use crate::interchange::{csv as csv_out, workbook as workbook_out};
use crate::Model;

fn models() -> Vec<(String, Model)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../models");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 2);
    paths
        .into_iter()
        .map(|p| {
            let loaded = crate::load_path(&p).unwrap();
            assert!(!loaded.has_errors(), "{}", p.display());
            (p.display().to_string(), loaded.model.unwrap())
        })
        .collect()
}

fn assert_same(name: &str, original: &Model, imported: &Imported) {
    let errors: Vec<String> = imported
        .loaded
        .diagnostics
        .iter()
        .map(|d| format!("{d}"))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}");
    let model = imported.loaded.model.as_ref().unwrap();
    assert!(model == original, "{name}: the imported model differs");
    assert_eq!(
        crate::format::to_string(model),
        crate::format::to_string(original),
        "{name}"
    );
}

#[test]
fn every_model_round_trips_through_a_workbook() {
    for (name, model) in models() {
        let bytes = workbook_out::to_bytes(&model).unwrap();
        assert_same(&name, &model, &workbook::read(&bytes));
    }
}

#[test]
fn every_model_round_trips_through_the_csv_folder() {
    for (name, model) in models() {
        for bom in [false, true] {
            let files = csv_out::files(&model, bom);
            let inputs: Vec<CsvInput<'_>> = files
                .iter()
                .map(|f| CsvInput {
                    name: &f.name,
                    bytes: &f.bytes,
                })
                .collect();
            assert_same(&name, &model, &csv::read(&inputs));
        }
    }
}

fn csv_model(files: &[(&str, &str)]) -> Imported {
    let inputs: Vec<CsvInput<'_>> = files
        .iter()
        .map(|(name, text)| CsvInput {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    csv::read(&inputs)
}

fn codes(imported: &Imported) -> Vec<(Code, String)> {
    imported
        .loaded
        .diagnostics
        .iter()
        .map(|d| {
            let cell = d
                .cell()
                .map(|c| format!("{}!{}", c.sheet, c.cell))
                .unwrap_or_default();
            (d.code(), cell)
        })
        .collect()
}

const MODEL: (&str, &str) = ("model.csv", "Field,Value\nTitle,Club\n");

#[test]
fn a_broken_link_names_its_sheet_and_cell() {
    let imported = csv_model(&[
        MODEL,
        (
            "nodes.csv",
            "ID,Kind,Label\na,activity,Read\nimpact,impact,Joy\n",
        ),
        ("links.csv", "From,To\na,impact\na,impct\n"),
    ]);
    assert_eq!(
        codes(&imported),
        [(Code::DanglingReference, "links.csv!B3".to_owned())]
    );
    let diagnostic = &imported.loaded.diagnostics[0];
    assert!(
        diagnostic.help().unwrap().contains("`impact`"),
        "{diagnostic:#}"
    );
    assert_eq!(imported.loaded.model.unwrap().edge_count(), 1);
}

#[test]
fn check_diagnostics_are_placed_too() {
    let imported = csv_model(&[
        MODEL,
        (
            "nodes.csv",
            "ID,Kind,Label\na,activity,Read\no,output,Done\ni,impact,Joy\n",
        ),
        ("links.csv", "From,To\na,o\na,i\n"),
    ]);
    let model = imported.loaded.model.as_ref().unwrap();
    let placed: Vec<String> = model
        .check()
        .into_iter()
        .map(|d| imported.places.place(d))
        .filter_map(|d| {
            d.cell()
                .map(|c| format!("{}:{}!{}", d.code(), c.sheet, c.cell))
        })
        .collect();
    assert!(
        placed.contains(&"dead-end:nodes.csv!A3".to_owned()),
        "{placed:?}"
    );
}

#[test]
fn japanese_and_english_headings_and_words_are_both_read() {
    let imported = csv_model(&[
        ("モデル.csv", "項目,値\nタイトル,計画\n"),
        (
            "要素.csv",
            "ID,種別,期間,テキスト\na,活動,,読む\no,アウトカム,1.短期,変わる\ni,impact,,Joy\n",
        ),
        ("つながり.csv", "つながり元,つながり先\na,o\no,i\n"),
    ]);
    // `1.短期` is no term: the national review's numbering is for the RS import.
    let found = codes(&imported);
    assert_eq!(found, [(Code::InvalidModel, "要素.csv!C3".to_owned())]);
    let imported = csv_model(&[
        ("モデル.csv", "項目,値\nタイトル,計画\n"),
        (
            "要素.csv",
            "ID,種別,期間,テキスト\na,活動,,読む\no,アウトカム,初期,変わる\ni,impact,,Joy\n",
        ),
        ("つながり.csv", "つながり元,つながり先\na,o\no,i\n"),
    ]);
    assert_eq!(codes(&imported), []);
    assert_eq!(imported.loaded.model.unwrap().edge_count(), 2);
}

#[test]
fn a_misspelt_heading_gets_did_you_mean() {
    let imported = csv_model(&[MODEL, ("nodes.csv", "ID,Kind,Lable\na,activity,Read\n")]);
    let found = codes(&imported);
    assert_eq!(found[1], (Code::UnknownColumn, "nodes.csv!C1".to_owned()));
    assert_eq!(found[0], (Code::MissingColumn, "nodes.csv!A1".to_owned()));
    let help = imported.loaded.diagnostics[1].help().unwrap();
    assert!(
        help.contains("did you mean `label`?") || help.contains("did you mean `Label`?"),
        "{help}"
    );
}

#[test]
fn table_problems_have_their_own_codes() {
    let imported = csv_model(&[
        MODEL,
        ("notes.csv", "anything\n"),
        (
            "nodes.csv",
            "ID,Kind,Label\n1,activity,Read\n,,\nb,impact,Joy\n",
        ),
        ("links.csv", "From,To\n1,b\n"),
        (
            "kpis.csv",
            "ID,Indicator,Target year,Target\nk,Users,2026,120万人\n",
        ),
    ]);
    let found: Vec<Code> = codes(&imported).into_iter().map(|(c, _)| c).collect();
    assert!(found.contains(&Code::UnknownSheet), "{found:?}");
    assert!(found.contains(&Code::EmptyRow), "{found:?}");
    assert!(found.contains(&Code::InvalidModel), "{found:?}");
    // No silent drop: the row after the empty one is read.
    assert_eq!(imported.loaded.model.unwrap().node_count(), 2);
}

#[test]
fn a_kpi_value_in_words_is_an_error_not_a_number() {
    let imported = csv_model(&[
        MODEL,
        (
            "kpis.csv",
            "ID,Indicator,Target year,Target\nk,Users,2026,120万人\n",
        ),
    ]);
    let diagnostic = &imported.loaded.diagnostics[0];
    assert_eq!(diagnostic.code(), Code::InvalidModel);
    assert_eq!(diagnostic.cell().unwrap().cell, "D2");
    assert!(imported.loaded.model.unwrap().kpis()[0].target.is_none());
}

#[test]
fn bytes_that_are_not_csv_are_reported() {
    let imported = csv::read(&[CsvInput {
        name: "nodes.csv",
        bytes: b"ID,Kind\n\xff\xfe",
    }]);
    assert!(codes(&imported).iter().any(|(c, _)| *c == Code::InvalidCsv));
}

#[test]
fn places_round_trip() {
    let mut places = Places::default();
    places.add("one");
    places.add("two");
    let at = Places::at(1, 13, 2);
    assert!(!at.is_known());
    assert_eq!(places.cell_of(at), Some(("two", "C14".to_owned())));
    assert_eq!(places.cell_of(Location::default()), None);
    assert!(Places::at(0, 5, 0).offset < Places::at(0, 5, 1).offset);
    assert!(Places::at(0, 5, 9).offset < Places::at(1, 0, 0).offset);
}

#[test]
fn context_inferred_links_link_types_order_and_kpi_words_round_trip() {
    let model = crate::load_str(
        r#"{"format": 1, "title": "t", "context": ["Rain", "Budget\nholds"],
          "layout": {"order": "source"},
          "nodes": [
            {"id": "a", "kind": "activity", "label": "A", "to": [{"node": "i", "inferred": true}], "kpis": ["k"]},
            {"id": "i", "kind": "impact", "label": "I", "to": [{"node": "a", "type": "feedback"}]}],
          "kpis": [{"id": "k", "indicator": "K", "qualitative_target": "増加", "source": "調査"}]}"#,
    )
    .into_result()
    .unwrap();
    let bytes = workbook_out::to_bytes(&model).unwrap();
    assert_same("new fields", &model, &workbook::read(&bytes));
    let files = csv_out::files(&model, false);
    let inputs: Vec<CsvInput<'_>> = files
        .iter()
        .map(|f| CsvInput {
            name: &f.name,
            bytes: &f.bytes,
        })
        .collect();
    assert_same("new fields", &model, &csv::read(&inputs));
}
