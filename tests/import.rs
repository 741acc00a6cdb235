//! `logicmodel import`, and every command reading a workbook or CSV tables
//! directly: round trips of the shipped models through the CLI, and each
//! workbook-only problem reported at its sheet and cell, in human and JSON
//! output. The broken workbooks are built here with rust_xlsxwriter.

mod support;

use std::path::{Path, PathBuf};
use support::{model_path, run, stderr, text};

use rust_xlsxwriter::{Format, Formula, Workbook};
use serde_json::Value;

/// A small English workbook: `model`, `nodes`, `links` sheets with the
/// given rows (first row: headings), then `change` for the broken part.
fn workbook(dir: &Path, name: &str, change: impl FnOnce(&mut Workbook)) -> PathBuf {
    let mut book = Workbook::new();
    let sheets: [(&str, &[&[&str]]); 3] = [
        ("model", &[&["Field", "Value"], &["Title", "Club"]]),
        (
            "nodes",
            &[
                &["ID", "Kind", "Label"],
                &["a", "activity", "Read"],
                &["impact", "impact", "Joy"],
            ],
        ),
        ("links", &[&["From", "To"], &["a", "impact"]]),
    ];
    for (sheet, rows) in sheets {
        let worksheet = book.add_worksheet();
        worksheet.set_name(sheet).unwrap();
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                worksheet.write_string(r as u32, c as u16, *cell).unwrap();
            }
        }
    }
    change(&mut book);
    let path = dir.join(name);
    book.save(&path).unwrap();
    path
}

fn check_json(path: &Path) -> (Option<i32>, Vec<Value>) {
    let output = run(&["check", "--format", "json", text(path)]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let diagnostics = report["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    (output.status.code(), diagnostics)
}

fn find<'a>(diagnostics: &'a [Value], code: &str) -> &'a Value {
    diagnostics
        .iter()
        .find(|d| d["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {diagnostics:#?}"))
}

#[test]
fn every_model_round_trips_through_export_and_import() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["gotsu-smart-city.json", "community-food-bank.json"] {
        let original = model_path(name);
        let canonical = run(&["export", text(&original), "--format", "json"]);
        assert_eq!(canonical.status.code(), Some(0), "{}", stderr(&canonical));
        let xlsx = dir.path().join(name.replace(".json", ".xlsx"));
        let folder = dir.path().join(name.replace(".json", "-tables"));
        for (out, args) in [
            (&xlsx, vec!["-o", text(&xlsx)]),
            (&folder, vec!["--format", "csv", "-o", text(&folder)]),
        ] {
            let mut all = vec!["export", text(&original)];
            all.extend(args);
            let export = run(&all);
            assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
            let json = dir.path().join("back.json");
            let import = run(&["import", text(out), "-o", text(&json)]);
            assert_eq!(import.status.code(), Some(0), "{}", stderr(&import));
            assert_eq!(
                std::fs::read(&json).unwrap(),
                canonical.stdout,
                "{name} via {}",
                out.display()
            );
            std::fs::remove_file(&json).unwrap();
        }
        // Every command takes the workbook itself.
        let svg = dir.path().join("plan.svg");
        let render = run(&["render", text(&xlsx), "-o", text(&svg)]);
        assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
        assert!(std::fs::read_to_string(&svg).unwrap().starts_with("<svg"));
        let kpi = run(&["kpi", text(&xlsx), "--format", "json"]);
        assert_eq!(kpi.status.code(), Some(0), "{}", stderr(&kpi));
        let check = run(&["check", text(&folder)]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    }
}

#[test]
fn a_broken_link_names_the_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "plan.xlsx", |book| {
        let links = book.worksheet_from_name("links").unwrap();
        links.write_string(2, 0, "a").unwrap();
        links.write_string(2, 1, "impcat").unwrap();
    });
    let output = run(&["check", text(&path)]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert!(
        err.contains("plan.xlsx: links!B3: error[dangling-reference]:"),
        "{err}"
    );
    assert!(err.contains("did you mean `impact`?"), "{err}");
    let (status, diagnostics) = check_json(&path);
    assert_eq!(status, Some(1));
    let broken = find(&diagnostics, "dangling-reference");
    assert_eq!(broken["sheet"], "links");
    assert_eq!(broken["cell"], "B3");
    assert_eq!(broken["line"], Value::Null);
    // Nothing is imported from a model with load errors.
    let json = dir.path().join("plan.json");
    let import = run(&["import", text(&path), "-o", text(&json)]);
    assert_eq!(import.status.code(), Some(1));
    assert!(!json.exists());
}

#[test]
fn check_problems_of_a_workbook_point_at_cells_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "plan.xlsx", |book| {
        let nodes = book.worksheet_from_name("nodes").unwrap();
        nodes.write_string(3, 0, "lonely").unwrap();
        nodes.write_string(3, 1, "output").unwrap();
        nodes.write_string(3, 2, "Nobody reads me").unwrap();
    });
    let (status, diagnostics) = check_json(&path);
    assert_eq!(status, Some(0));
    let isolated = find(&diagnostics, "isolated-node");
    assert_eq!(
        (&isolated["sheet"], &isolated["cell"]),
        (&"nodes".into(), &"A4".into())
    );
}

/// Each workbook-only problem: the code, the sheet and the cell.
#[test]
fn every_workbook_problem_has_its_code_sheet_and_cell() {
    let dir = tempfile::tempdir().unwrap();
    type Change = Box<dyn FnOnce(&mut Workbook)>;
    let cases: Vec<(&str, Change, &str, &str)> = vec![
        (
            "unknown-sheet",
            Box::new(|book| {
                book.add_worksheet().set_name("nodez").unwrap();
            }),
            "nodez",
            "A1",
        ),
        (
            "unknown-column",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes.write_string(0, 3, "Descripton").unwrap();
            }),
            "nodes",
            "D1",
        ),
        (
            "missing-column",
            Box::new(|book| {
                let links = book.worksheet_from_name("links").unwrap();
                links.write_string(0, 1, "").unwrap();
                links.write_string(0, 1, "Target").unwrap();
            }),
            "links",
            "A1",
        ),
        (
            "duplicate-column",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes.write_string(0, 3, "種別").unwrap();
            }),
            "nodes",
            "D1",
        ),
        (
            "merged-cell",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes
                    .merge_range(1, 2, 2, 2, "Read", &Format::new())
                    .unwrap();
            }),
            "nodes",
            "C2",
        ),
        (
            "formula-without-value",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                // Its result is taken out of the file below.
                nodes.write_formula(1, 2, Formula::new("=1+1")).unwrap();
            }),
            "nodes",
            "C2",
        ),
        (
            "empty-row",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes.write_string(4, 0, "b").unwrap();
                nodes.write_string(4, 1, "assumption").unwrap();
                nodes.write_string(4, 2, "Readers exist").unwrap();
            }),
            "nodes",
            "A4",
        ),
        (
            "number-as-text",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes.write_number(2, 2, 2024).unwrap();
            }),
            "nodes",
            "C3",
        ),
        (
            "cell-error",
            Box::new(|book| {
                let nodes = book.worksheet_from_name("nodes").unwrap();
                nodes
                    .write_formula(2, 2, Formula::new("=1/0").set_result("#DIV/0!"))
                    .unwrap();
            }),
            "nodes",
            "C3",
        ),
    ];
    for (code, change, sheet, cell) in cases {
        let path = workbook(dir.path(), &format!("{code}.xlsx"), change);
        if code == "formula-without-value" {
            drop_formula_results(&path);
        }
        let (_, diagnostics) = check_json(&path);
        let found = find(&diagnostics, code);
        assert_eq!(
            (found["sheet"].as_str(), found["cell"].as_str()),
            (Some(sheet), Some(cell)),
            "{code}: {diagnostics:#?}"
        );
        let human = stderr(&run(&["check", text(&path)]));
        assert!(
            human.contains(&format!("{code}.xlsx: {sheet}!{cell}: ")),
            "{code}: {human}"
        );
        assert!(!human.contains("panicked"), "{human}");
    }
}

/// Rewrites a workbook with its formulas' cached results removed, as some
/// generators save them (rust_xlsxwriter always writes one).
fn drop_formula_results(path: &Path) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut dropped = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_owned();
        let mut content = Vec::new();
        file.read_to_end(&mut content).unwrap();
        if name.starts_with("xl/worksheets/") {
            let text = String::from_utf8(content).unwrap();
            let changed = text.replace("<f>1+1</f><v>0</v>", "<f>1+1</f>");
            dropped |= changed != text;
            content = changed.into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&content).unwrap();
    }
    assert!(dropped, "the formula's result was found and removed");
    std::fs::write(path, out.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn bytes_that_are_not_a_workbook_are_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.xlsx");
    std::fs::write(&path, b"{\"format\": 1, \"title\": \"t\"}").unwrap();
    let output = run(&["check", text(&path)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("error[invalid-workbook]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn fmt_refuses_to_rewrite_a_workbook_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "plan.xlsx", |_| {});
    let before = std::fs::read(&path).unwrap();
    let output = run(&["fmt", text(&path)]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn import_never_writes_over_its_input() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "plan.xlsx", |_| {});
    let before = std::fs::read(&path).unwrap();
    let output = run(&["import", text(&path), "-o", text(&path)]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

fn rs_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/rs-system")
        .join(name)
}

#[test]
fn the_rs_system_fixtures_import_into_models_that_check() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("models");
    let (nodes, links) = (rs_fixture("3-1.csv"), rs_fixture("3-2.csv"));
    let output = run(&[
        "import",
        "--from",
        "rs-system",
        text(&nodes),
        text(&links),
        "-o",
        text(&out),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["2025-001.json", "2025-002.json", "2025-003.json"]);
    for name in &names {
        let path = out.join(name);
        let check = run(&["check", text(&path)]);
        assert_eq!(check.status.code(), Some(0), "{name}: {}", stderr(&check));
    }
    let one = dir.path().join("one");
    let output = run(&[
        "import",
        "--from",
        "rs-system",
        text(&nodes),
        text(&links),
        "--project",
        "2025-002",
        "-o",
        text(&one),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(&one).unwrap().count(), 1);
    let missing = run(&[
        "import",
        "--from",
        "rs-system",
        text(&nodes),
        text(&links),
        "--project",
        "no-such",
        "-o",
        text(&one),
    ]);
    assert_eq!(missing.status.code(), Some(1), "{}", stderr(&missing));
}

/// One CSV table of an exported folder, read alone: the missing tables are
/// the cause, reported once each (not once per reference or per box), and
/// the first error says to read the folder.
#[test]
fn one_table_of_a_folder_gives_its_causes_not_their_cascade() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("tables");
    let export = run(&[
        "export",
        text(&model_path("community-food-bank.json")),
        "--format",
        "csv",
        "-o",
        text(&folder),
    ]);
    assert_eq!(export.status.code(), Some(0), "{}", stderr(&export));
    let (code, diagnostics) = check_json(&folder.join("nodes.csv"));
    assert_eq!(code, Some(1));
    let codes: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes,
        [
            "invalid-model",
            "invalid-model",
            "dangling-reference",
            "dangling-reference",
            "dangling-reference"
        ],
        "{diagnostics:#?}"
    );
    let note = |i: usize| diagnostics[i]["note"].as_str().unwrap_or("").to_owned();
    assert!(note(0).contains("read the folder"), "{}", note(0));
    let links = &diagnostics[1];
    assert!(links["message"]
        .as_str()
        .unwrap()
        .contains("no `links` table"));
    assert!(note(1).contains("follow-on problems"), "{}", note(1));
    let kpis = &diagnostics[4];
    assert!(kpis["message"]
        .as_str()
        .unwrap()
        .contains("no `kpis` table"));
    assert_eq!(kpis["sheet"], "nodes.csv");
    // The folder itself is clean.
    let (code, diagnostics) = check_json(&folder);
    assert_eq!(code, Some(0), "{diagnostics:#?}");
}
