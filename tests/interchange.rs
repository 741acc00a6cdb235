//! `logicmodel export` and `logicmodel init` through the CLI: every format
//! read back by a real reader of that format (Graphviz `dot`, networkx,
//! calamine, the csv crate), exit statuses, and that nothing is ever
//! written over an input or an existing file. The Mermaid text is parsed by
//! Mermaid itself in `tests/e2e/interchange.test.mjs`.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use support::{model_path, run, seed, stderr, text};

use calamine::{Data, Reader, Xlsx};
use serde_json::Value;

fn models() -> Vec<PathBuf> {
    vec![seed(), model_path("community-food-bank.json")]
}

fn load(path: &Path) -> logicmodel::Model {
    logicmodel::load_path(path)
        .expect("readable")
        .model
        .expect("loads")
}

fn export(model: &Path, args: &[&str]) -> Output {
    let mut all = vec!["export", text(model)];
    all.extend_from_slice(args);
    let output = run(&all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    output
}

#[test]
fn mermaid_goes_to_stdout_with_one_line_per_box_and_link() {
    for path in models() {
        let model = load(&path);
        let output = export(&path, &["--format", "mermaid"]);
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("\nflowchart LR\n"));
        let boxes = text
            .lines()
            .filter(|l| l.trim_start().starts_with("n_") && l.contains("[\""))
            .count();
        assert_eq!(boxes, model.node_count());
        let links = text
            .lines()
            .filter(|l| l.contains(" --> ") || l.contains(" -.-> "))
            .count();
        assert_eq!(links, model.edge_count());
    }
}

#[test]
fn mermaid_in_a_markdown_file_is_fenced() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.md");
    export(&seed(), &["-o", text(&out)]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.starts_with("```mermaid\n---\ntitle: "));
    assert!(written.ends_with("\n```\n"));
}

/// Runs Graphviz; the CI installs it (Debian package `graphviz`).
fn graphviz(dot_text: &[u8]) -> Output {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("Graphviz `dot` is installed (apt-get install graphviz)");
    use std::io::Write;
    child.stdin.take().unwrap().write_all(dot_text).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn graphviz_draws_the_dot_without_warnings_with_every_box_and_link() {
    for path in models() {
        let model = load(&path);
        let output = export(&path, &["--format", "dot"]);
        let drawn = graphviz(&output.stdout);
        assert_eq!(drawn.status.code(), Some(0), "{}", stderr(&drawn));
        assert_eq!(stderr(&drawn), "", "dot printed warnings");
        let svg = String::from_utf8(drawn.stdout).unwrap();
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            ..roxmltree::ParsingOptions::default()
        };
        let document =
            roxmltree::Document::parse_with_options(&svg, options).expect("dot writes XML");
        let groups = |class: &str| {
            document
                .descendants()
                .filter(|n| n.attribute("class") == Some(class))
                .map(|n| {
                    n.children()
                        .find(|c| c.tag_name().name() == "title")
                        .and_then(|t| t.text())
                        .unwrap_or("")
                        .to_owned()
                })
                .collect::<Vec<_>>()
        };
        let nodes: Vec<String> = groups("node")
            .into_iter()
            .filter(|t| !t.starts_with("column:"))
            .collect();
        assert_eq!(nodes.len(), model.node_count());
        let ids: Vec<String> = model.nodes().map(|(_, n)| n.id().to_string()).collect();
        assert!(nodes.iter().all(|t| ids.contains(t)));
        // The invisible edges that order the column headings are not drawn.
        assert_eq!(groups("edge").len(), model.edge_count());
        let sections_with_boxes = (0..model.sections().len())
            .filter(|&s| model.nodes().any(|(_, n)| n.section_index() == Some(s)))
            .count();
        assert_eq!(groups("cluster").len(), sections_with_boxes);
    }
}

/// A Python with networkx: Debian's (`python3-networkx`, installed by the
/// CI) or the first `python3` on the PATH that has it.
fn python_with_networkx() -> PathBuf {
    for candidate in ["/usr/bin/python3", "python3"] {
        let ok = Command::new(candidate)
            .args(["-c", "import networkx"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return PathBuf::from(candidate);
        }
    }
    panic!("no python3 with networkx (apt-get install python3-networkx)");
}

const READ_GRAPHML: &str = r#"
import json, sys
import networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({
    "directed": g.is_directed(),
    "graph": {k: v for k, v in g.graph.items() if isinstance(v, str)},
    "nodes": {n: {k: v for k, v in d.items() if k not in ("x", "y", "shape_type")} for n, d in g.nodes(data=True)},
    "edges": [[u, v, {k: x for k, x in d.items() if k != "id"}] for u, v, d in g.edges(data=True)],
}, ensure_ascii=False))
"#;

#[test]
fn networkx_reads_the_graphml_with_every_attribute() {
    let python = python_with_networkx();
    let dir = tempfile::tempdir().unwrap();
    for path in models() {
        let model = load(&path);
        let out = dir.path().join("model.graphml");
        export(&path, &["-o", text(&out)]);
        let read = Command::new(&python)
            .args(["-c", READ_GRAPHML, text(&out)])
            .output()
            .unwrap();
        assert!(read.status.success(), "{}", stderr(&read));
        let graph: Value = serde_json::from_slice(&read.stdout).unwrap();
        assert_eq!(graph["directed"], true);
        assert_eq!(graph["graph"]["title"], model.title());
        let nodes = graph["nodes"].as_object().unwrap();
        assert_eq!(nodes.len(), model.node_count());
        for (index, node) in model.nodes() {
            let data = &nodes[node.id().as_str()];
            assert_eq!(data["label"], node.label());
            assert_eq!(data["kind"], node.kind().as_str());
            assert_eq!(data["term"].as_str(), node.term().map(|t| t.as_str()));
            let section = node
                .section_index()
                .map(|s| model.sections()[s].id().as_str());
            assert_eq!(data["section"].as_str(), section);
            assert_eq!(data["description"].as_str(), node.description());
            let work_items: Vec<&str> = model
                .work_items_of(index)
                .map(|w| w.id().as_str())
                .collect();
            assert_eq!(
                data["work_items"].as_str().unwrap_or(""),
                work_items.join(" ")
            );
        }
        let edges = graph["edges"].as_array().unwrap();
        assert_eq!(edges.len(), model.edge_count());
        for (edge, read) in model.edges().zip(edges) {
            assert_eq!(read[0], model.node(edge.from).id().as_str());
            assert_eq!(read[1], model.node(edge.to).id().as_str());
            assert_eq!(read[2]["rationale"].as_str(), edge.info.rationale());
            assert_eq!(read[2]["evidence"].as_str(), edge.info.evidence());
            assert_eq!(
                read[2]["confidence"].as_str(),
                edge.info.confidence().map(|c| c.as_str())
            );
        }
    }
}

fn open_workbook(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    calamine::open_workbook(path).expect("calamine opens the workbook")
}

#[test]
fn the_workbook_has_a_sheet_per_record_type_and_the_same_bytes_every_time() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.xlsx"), dir.path().join("b.xlsx"));
    export(&seed(), &["-o", text(&first)]);
    export(&seed(), &["--format", "xlsx", "-o", text(&second)]);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&second).unwrap()
    );

    let model = load(&seed());
    let mut workbook = open_workbook(&first);
    let names = workbook.sheet_names();
    assert_eq!(
        names,
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
    let rows =
        |workbook: &mut Xlsx<_>, sheet: &str| workbook.worksheet_range(sheet).unwrap().height() - 1;
    assert_eq!(rows(&mut workbook, "要素"), model.node_count());
    assert_eq!(rows(&mut workbook, "つながり"), model.edge_count());
    assert_eq!(rows(&mut workbook, "個別業務"), model.work_items().len());
    assert_eq!(rows(&mut workbook, "KPI"), model.kpis().len());
    let links = workbook.worksheet_range("つながり").unwrap();
    let headings: Vec<String> = links
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(headings[0], "つながり元");
    assert_eq!(headings[2], "つながり先");

    // An English model gets English names.
    let food = dir.path().join("food.xlsx");
    export(
        &model_path("community-food-bank.json"),
        &["-o", text(&food)],
    );
    assert_eq!(
        open_workbook(&food).sheet_names(),
        [
            "model",
            "nodes",
            "links",
            "sections",
            "work_items",
            "kpis",
            "kpi_actuals"
        ]
    );
}

#[test]
fn the_workbook_schedule_has_a_column_per_fiscal_year() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("plan.xlsx");
    export(&seed(), &["-o", text(&out)]);
    let model = load(&seed());
    let range = open_workbook(&out).worksheet_range("個別業務").unwrap();
    let headings: Vec<String> = range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let item = &model.work_items()[0];
    let row = &range.rows().nth(1).unwrap();
    for (year, steps) in &item.schedule {
        let column = headings
            .iter()
            .position(|h| *h == format!("{year}年度"))
            .expect("a year column");
        assert_eq!(row[column], Data::String(steps.join("\n")));
    }
}

#[test]
fn the_csv_folder_holds_every_table_with_formulas_neutralised() {
    let dir = tempfile::tempdir().unwrap();
    let model_file = dir.path().join("plan.json");
    std::fs::write(
        &model_file,
        r#"{"format": 1, "title": "=2+3", "nodes": [
          {"id": "a", "kind": "activity", "label": "@SUM(1)", "to": [{"node": "i", "rationale": "-1 is fine"}]},
          {"id": "i", "kind": "impact", "label": "+Joy"}]}"#,
    )
    .unwrap();
    let out = dir.path().join("tables");
    let output = export(&model_file, &["--format", "csv", "-o", text(&out)]);
    assert!(stderr(&output).contains("wrote 7 CSV files"));
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "kpi_actuals.csv",
            "kpis.csv",
            "links.csv",
            "model.csv",
            "nodes.csv",
            "sections.csv",
            "work_items.csv"
        ]
    );
    let records = |name: &str| -> Vec<csv::StringRecord> {
        csv::Reader::from_path(out.join(name))
            .unwrap()
            .records()
            .map(|r| r.unwrap())
            .collect()
    };
    let nodes = records("nodes.csv");
    assert_eq!(nodes.len(), 2);
    assert_eq!(&nodes[0][3], "'@SUM(1)");
    assert_eq!(&nodes[1][3], "'+Joy");
    let links = records("links.csv");
    assert_eq!(&links[0][4], "'-1 is fine");
    let model_rows = records("model.csv");
    assert!(model_rows
        .iter()
        .any(|r| &r[0] == "Title" && &r[1] == "'=2+3"));
    // No temporary file is left behind.
    assert_eq!(names.len(), 7);
}

#[test]
fn the_csv_folder_can_start_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tables");
    export(&seed(), &["-o", &format!("{}/", text(&out)), "--bom"]);
    let nodes = std::fs::read(out.join("nodes.csv")).unwrap();
    assert!(nodes.starts_with("\u{feff}ID,種別,期間".as_bytes()));
}

#[test]
fn a_model_with_load_errors_is_not_exported() {
    let dir = tempfile::tempdir().unwrap();
    let model_file = dir.path().join("broken.json");
    std::fs::write(
        &model_file,
        r#"{"format": 1, "title": "t", "nodes": [{"id": "a", "kind": "activity", "label": "A", "to": ["missing"]}]}"#,
    )
    .unwrap();
    let out = dir.path().join("broken.xlsx");
    let output = run(&["export", text(&model_file), "-o", text(&out)]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("dangling-reference"));
    assert!(stderr(&output).contains("nothing was exported"));
    assert!(!out.exists());
}

#[test]
fn export_never_writes_over_the_model_it_reads() {
    let dir = tempfile::tempdir().unwrap();
    let model_file = dir.path().join("plan.dot");
    std::fs::copy(model_path("community-food-bank.json"), &model_file).unwrap();
    let before = std::fs::read(&model_file).unwrap();
    let output = run(&["export", text(&model_file), "-o", text(&model_file)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("same file as an input"));
    assert_eq!(std::fs::read(&model_file).unwrap(), before);
}

#[test]
fn usage_mistakes_exit_2_with_a_hint() {
    let seed = seed();
    for (args, hint) in [
        (vec!["export", text(&seed)], "--format"),
        (
            vec!["export", text(&seed), "--format", "xlsx"],
            "-o FILE.xlsx",
        ),
        (vec!["export", text(&seed), "-o", "plan.csv"], "folder"),
        (vec!["export", text(&seed), "-o", "plan.pdf"], "--format"),
        (
            vec!["export", text(&seed), "--format", "csv"],
            "-o DIRECTORY",
        ),
    ] {
        let output = run(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains(hint),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn init_writes_a_starter_that_checks_clean_and_renders() {
    let dir = tempfile::tempdir().unwrap();
    for lang in ["en", "ja"] {
        let plan = dir.path().join(format!("plan-{lang}.json"));
        let output = run(&["init", "--lang", lang, text(&plan)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(stderr(&output).contains("docs/format.md"));
        let check = run(&["check", "--deny", "warnings", text(&plan)]);
        assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
        let svg = dir.path().join(format!("plan-{lang}.svg"));
        let render = run(&["render", text(&plan), "-o", text(&svg)]);
        assert_eq!(render.status.code(), Some(0), "{}", stderr(&render));
        assert!(std::fs::read_to_string(&svg).unwrap().contains("<svg"));
        let model = load(&plan);
        assert_eq!(
            model.language().is_some_and(|l| l.is_japanese()),
            lang == "ja"
        );
    }
}

#[test]
fn init_writes_a_workbook_for_an_xlsx_name() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.xlsx");
    let output = run(&["init", "--lang", "ja", text(&plan)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut workbook = open_workbook(&plan);
    assert_eq!(workbook.sheet_names()[1], "要素");
    assert_eq!(workbook.worksheet_range("要素").unwrap().height(), 9);
}

#[test]
fn init_never_overwrites_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(&plan, "my own plan").unwrap();
    let output = run(&["init", text(&plan)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), "my own plan");
    // Nothing else was left in the directory.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let output = run(&["init", text(&dir.path().join("plan.yaml"))]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(".json"));
}

#[test]
fn init_to_stdout_and_export_from_stdin_compose() {
    let starter = run(&["init", "--lang", "ja", "-"]);
    assert_eq!(starter.status.code(), Some(0), "{}", stderr(&starter));
    let loaded = logicmodel::load_bytes(&starter.stdout);
    assert!(loaded.diagnostics.is_empty());
    let mut child = Command::new(env!("CARGO_BIN_EXE_logicmodel"))
        .args(["export", "-", "--format", "dot"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&starter.stdout)
        .unwrap();
    let exported = child.wait_with_output().unwrap();
    assert_eq!(exported.status.code(), Some(0), "{}", stderr(&exported));
    let text = String::from_utf8(exported.stdout).unwrap();
    assert!(text.contains("label=\"オンライン申請の推進\""), "{text}");
}
