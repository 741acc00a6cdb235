//! The planner's toolkit through the CLI: `logicmodel kpi`, `trace` and
//! `coverage` on the real models, in every format, with their exit codes.

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::{run, seed, stderr, stdout};

use logicmodel::NodeKind;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

fn food_bank() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/community-food-bank.json")
}

fn run_on(args: &[&str], file: &Path) -> Output {
    let mut all: Vec<&str> = args.to_vec();
    all.push(file.to_str().expect("UTF-8 path"));
    run(&all)
}

fn json(output: &Output) -> Value {
    assert_eq!(output.status.code(), Some(0), "{}", stderr(output));
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

fn seed_model() -> logicmodel::Model {
    logicmodel::load_path(seed())
        .expect("readable")
        .model
        .expect("the seed loads")
}

/// A model with an activity that reaches no impact (an error) and a label
/// carrying a newline and a terminal escape sequence.
fn broken_model(dir: &Path) -> PathBuf {
    let path = dir.join("broken.json");
    std::fs::write(
        &path,
        r#"{"format": 1, "title": "Broken",
          "nodes": [
            {"id": "a", "kind": "activity", "label": "Stuck\nactivity \u001b[31mred", "kpis": ["k"]},
            {"id": "b", "kind": "activity", "label": "Fine", "to": ["i"]},
            {"id": "i", "kind": "impact", "label": "Goal"}],
          "kpis": [{"id": "k", "indicator": "Meals", "baseline": {"year": 2020, "value": 0},
                    "target": {"year": 2030, "value": 100}, "actuals": [{"year": 2025, "value": 60}]}]}"#,
    )
    .expect("temp file written");
    path
}

// ---- kpi ----

#[test]
fn kpi_json_lists_every_seed_kpi_with_a_status() {
    let document = json(&run_on(&["kpi", "--format", "json"], &seed()));
    assert_eq!(document["format"], 1);
    let rows = document["kpis"].as_array().expect("an array");
    assert_eq!(rows.len(), 15);
    let codes = ["achieved", "on-track", "behind", "no-data", "undecided"];
    for row in rows {
        assert!(codes.contains(&row["status"].as_str().unwrap()), "{row}");
        let keys: Vec<&str> = row
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "id",
                "indicator",
                "unit",
                "direction",
                "baseline",
                "target",
                "target_note",
                "latest_actual",
                "expected",
                "progress_percent",
                "status",
                "work_items",
                "nodes"
            ]
        );
    }
    let itpass = rows
        .iter()
        .find(|r| r["id"] == "kpi-itpass-rate")
        .expect("the IT passport KPI");
    // 7 % in 2023 is the only actual and there is no baseline, so the line
    // starts at that actual: on track, with no progress figure.
    assert_eq!(itpass["status"], "on-track");
    assert_eq!(itpass["latest_actual"]["year"], 2023);
    assert_eq!(itpass["latest_actual"]["value"], 7.0);
    assert_eq!(itpass["target"]["value"], 100.0);
    assert_eq!(itpass["progress_percent"], Value::Null);
    assert_eq!(itpass["work_items"][0], "wi-itpass");
    assert_eq!(itpass["nodes"][0], "a-itpass");
    let no_data = rows.iter().filter(|r| r["status"] == "no-data").count();
    assert_eq!(no_data, 14);
}

#[test]
fn kpi_table_lines_up_japanese_columns() {
    let output = run_on(&["kpi"], &seed());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2 + 15);
    let width = lines[0].width();
    for line in &lines {
        assert_eq!(line.width(), width, "{line:?}");
    }
    for heading in [
        "指標",
        "単位",
        "基準値",
        "目標値",
        "最新実績",
        "進捗率",
        "状況",
        "事業",
    ] {
        assert!(lines[0].contains(heading), "{heading}");
    }
    let itpass = lines
        .iter()
        .find(|l| l.starts_with("kpi-itpass-rate"))
        .unwrap();
    assert!(
        itpass.contains("順調") && itpass.contains("7（2023年度）"),
        "{itpass}"
    );
    assert!(text.contains("データなし"));
    // A long indicator is cut with an ellipsis rather than widening the table.
    assert!(text.contains('…'));
}

#[test]
fn kpi_table_of_an_english_model_has_english_headings_and_codes() {
    let output = run_on(&["kpi"], &food_bank());
    let text = stdout(&output);
    assert!(text.starts_with("ID "), "{text}");
    assert!(text.lines().next().unwrap().contains("Indicator"));
    assert!(text.contains("on-track") && text.contains("behind") && text.contains("undecided"));
    let widths: Vec<usize> = text.lines().map(|l| l.width()).collect();
    assert!(widths.iter().all(|&w| w == widths[0]));
}

#[test]
fn kpi_csv_reads_back_with_every_kpi() {
    let output = run_on(&["kpi", "--format", "csv"], &seed());
    assert_eq!(output.status.code(), Some(0));
    assert!(!output.stdout.starts_with(b"\xEF\xBB\xBF"));
    assert!(
        output.stdout.windows(2).any(|w| w == b"\r\n"),
        "CRLF line ends"
    );
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "ID");
    assert_eq!(&headers[1], "指標");
    let status = headers.iter().position(|h| h == "状況").unwrap();
    let latest = headers.iter().position(|h| h == "最新実績").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 15);
    let itpass = records.iter().find(|r| &r[0] == "kpi-itpass-rate").unwrap();
    assert_eq!(&itpass[status], "順調");
    assert_eq!(&itpass[latest], "7");
    // The indicator is never cut in CSV.
    assert!(records
        .iter()
        .any(|r| &r[1] == "ツールの使い方を学び、実際に業務に活用している部署の割合"));
}

#[test]
fn kpi_csv_with_bom_starts_with_the_byte_order_mark() {
    let output = run_on(&["kpi", "--format", "csv", "--bom"], &seed());
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.starts_with(b"\xEF\xBB\xBFID,"));
    let plain = run_on(&["kpi", "--format", "csv"], &seed());
    assert_eq!(&output.stdout[3..], plain.stdout.as_slice());
}

#[test]
fn bom_outside_csv_is_a_usage_error() {
    let output = run_on(&["kpi", "--bom"], &seed());
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--bom"));
    assert!(output.stdout.is_empty());
}

#[test]
fn kpi_status_filters_and_repeats() {
    let on_track = json(&run_on(
        &["kpi", "--format", "json", "--status", "on-track"],
        &seed(),
    ));
    let ids: Vec<&str> = on_track["kpis"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["kpi-itpass-rate"]);
    let both = json(&run_on(
        &[
            "kpi", "--format", "json", "--status", "on-track", "--status", "no-data",
        ],
        &seed(),
    ));
    assert_eq!(both["kpis"].as_array().unwrap().len(), 15);
    let behind = run_on(&["kpi", "--status", "behind"], &seed());
    assert_eq!(behind.status.code(), Some(0));
    assert_eq!(stdout(&behind).lines().count(), 2, "headings only");
    let unknown = run_on(&["kpi", "--status", "late"], &seed());
    assert_eq!(unknown.status.code(), Some(2));
}

#[test]
fn kpi_markdown_is_a_table_with_a_row_per_kpi() {
    let output = run_on(&["kpi", "--format", "md"], &seed());
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("| ID | 指標 |"), "{}", lines[0]);
    assert!(lines[1].starts_with("| --- |"));
    assert_eq!(lines.len(), 2 + 15);
    assert!(lines.iter().all(|l| l.starts_with('|') && l.ends_with('|')));
}

#[test]
fn output_option_writes_the_file_and_nothing_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    for (command, extra) in [
        ("kpi", vec!["--format", "json"]),
        ("coverage", vec!["--format", "json"]),
        ("trace", vec!["a-online-app", "--format", "json"]),
    ] {
        let out = dir.path().join(format!("{command}.json"));
        let mut args = vec![command];
        args.extend(extra);
        args.extend(["-o", out.to_str().unwrap()]);
        let output = run_on(&args, &seed());
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(output.stdout.is_empty());
        let written: Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
        assert!(!written.is_null());
    }
    // Only the three files: no temporary left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

// ---- trace ----

#[test]
fn trace_of_the_online_application_reaches_an_impact() {
    let model = seed_model();
    let value = json(&run_on(
        &["trace", "a-online-app", "--format", "json"],
        &seed(),
    ));
    assert_eq!(value["node"], "a-online-app");
    assert_eq!(value["truncated"], false);
    let kind = |id: &Value| {
        let index = model.node_index(id.as_str().unwrap()).expect("a node id");
        model.node(index).kind()
    };
    let downstream = value["downstream"].as_array().unwrap();
    assert!(!downstream.is_empty());
    for path in downstream {
        let path = path.as_array().unwrap();
        assert_eq!(path[0], "a-online-app");
        assert_eq!(kind(path.last().unwrap()), NodeKind::Impact);
    }
    assert!(downstream
        .iter()
        .any(|p| p.as_array().unwrap().last().unwrap() == "imp-no-visit"));
    let upstream = value["upstream"].as_array().unwrap();
    assert!(!upstream.is_empty());
    for path in upstream {
        let path = path.as_array().unwrap();
        assert_eq!(path.last().unwrap(), "a-online-app");
        assert_eq!(kind(&path[0]), NodeKind::Assumption);
    }
}

#[test]
fn trace_for_people_is_an_indented_tree_with_kinds_and_labels() {
    let output = run_on(&["trace", "a-online-app"], &seed());
    assert_eq!(output.status.code(), Some(0));
    let text = stdout(&output);
    assert!(text.starts_with("[どう働きかける] オンライン申請（アプリ等の活用） (a-online-app)\n"));
    assert!(text.contains("上流:") && text.contains("下流:"));
    assert!(text.contains(
        "\n          [ありたい姿] ・市民や事業者が、市役所に来なくても必要な手続きができる。 (imp-no-visit)\n"
    ));
    let english = run_on(&["trace", "a-cooking"], &food_bank());
    let text = stdout(&english);
    assert!(
        text.contains("Upstream:") && text.contains("Downstream:"),
        "{text}"
    );
}

#[test]
fn trace_limits_paths_and_says_so() {
    let value = json(&run_on(
        &[
            "trace",
            "imp-no-visit",
            "--format",
            "json",
            "--max-paths",
            "2",
        ],
        &seed(),
    ));
    assert_eq!(value["upstream"].as_array().unwrap().len(), 2);
    assert_eq!(value["truncated"], true);
    let text = stdout(&run_on(
        &["trace", "imp-no-visit", "--max-paths", "2"],
        &seed(),
    ));
    assert!(text.contains("--max-paths"), "{text}");
}

#[test]
fn trace_of_an_unknown_node_is_a_usage_error_with_a_suggestion() {
    let output = run_on(&["trace", "a-onlin-app"], &seed());
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("no node `a-onlin-app`"), "{message}");
    assert!(
        message.contains("did you mean `a-online-app`?"),
        "{message}"
    );
    assert!(output.stdout.is_empty());
}

// ---- coverage ----

#[test]
fn coverage_table_lists_activities_of_all_three_sections() {
    let output = run_on(&["coverage"], &seed());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    for id in ["a-online-app", "a-bpr", "a-itpass"] {
        assert!(text.contains(id), "{id}");
    }
    for section in [
        "①市民サービスの改革に関すること",
        "②業務プロセスの改革に関すること",
        "③人と組織の改革に関すること",
    ] {
        assert!(text.contains(section), "{section}");
    }
    assert!(text.contains(" I15"));
    assert!(text.contains("\nI15 "), "legend");
    assert!(text.contains("インパクトに至らない活動: なし"));
    assert!(text.contains("どの活動からも至らないインパクト: なし"));
    // The matrix lines all have the same width.
    let matrix: Vec<&str> = text.lines().skip(2).take(2 + 30).collect();
    let width = matrix[0].width();
    assert!(matrix.iter().all(|l| l.width() == width));
}

#[test]
fn coverage_json_and_csv_agree_on_the_matrix() {
    let value = json(&run_on(&["coverage", "--format", "json"], &seed()));
    let activities = value["activities"].as_array().unwrap();
    let impacts = value["impacts"].as_array().unwrap();
    assert_eq!(activities.len(), 30);
    assert_eq!(impacts.len(), 15);
    let sections: std::collections::BTreeSet<&str> = activities
        .iter()
        .map(|a| a["section"].as_str().unwrap())
        .collect();
    assert_eq!(sections.len(), 3);
    assert_eq!(value["activities_without_impact"], serde_json::json!([]));
    assert_eq!(value["impacts_without_activity"], serde_json::json!([]));
    let paths = value["paths"].as_array().unwrap();
    assert_eq!(activities[0]["id"], "a-online-app");
    assert_eq!(impacts[0]["id"], "imp-no-visit");
    assert!(paths[0][0].as_u64().unwrap() >= 1);

    let output = run_on(&["coverage", "--format", "csv"], &seed());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.len(), 3 + 15);
    assert_eq!(&headers[3], "imp-no-visit");
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(records.len(), 30);
    for (row, record) in records.iter().enumerate() {
        assert_eq!(&record[1], activities[row]["id"].as_str().unwrap());
        for column in 0..15 {
            let count: u64 = record[3 + column].parse().unwrap();
            assert_eq!(count, paths[row][column].as_u64().unwrap());
        }
    }
}

#[test]
fn coverage_markdown_has_the_matrix_and_the_legend() {
    let text = stdout(&run_on(&["coverage", "--format", "md"], &food_bank()));
    assert!(
        text.contains("| Section | ID | Activity | I1 | I2 |"),
        "{text}"
    );
    assert!(text.contains("| I1 | imp-less-waste |"), "{text}");
    assert!(text.contains("Activities that reach no impact: none"));
}

// ---- exit codes ----

#[test]
fn a_model_with_errors_is_still_answered_with_exit_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let broken = broken_model(dir.path());
    let kpi = run_on(&["kpi"], &broken);
    assert_eq!(kpi.status.code(), Some(1));
    assert!(stderr(&kpi).contains("activity-without-impact"));
    assert!(stdout(&kpi).contains("on-track"));

    let coverage = run_on(&["coverage"], &broken);
    assert_eq!(coverage.status.code(), Some(1));
    let text = stdout(&coverage);
    assert!(
        text.contains("Activities that reach no impact:\n  - Stuck activity \\u{1b}[31mred (a)"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}'),
        "no escape sequence reaches the terminal"
    );

    let trace = run_on(&["trace", "a", "--format", "json"], &broken);
    assert_eq!(trace.status.code(), Some(1));
    let value: Value = serde_json::from_slice(&trace.stdout).unwrap();
    assert_eq!(value["downstream"], serde_json::json!([]));
}

#[test]
fn a_file_that_does_not_load_gives_status_1_and_no_output() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.json");
    std::fs::write(&path, "{not json").unwrap();
    for command in ["kpi", "coverage"] {
        let output = run_on(&[command], &path);
        assert_eq!(output.status.code(), Some(1), "{command}");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_missing_file_is_status_2() {
    let missing = Path::new("does/not/exist.json");
    for args in [vec!["kpi"], vec!["coverage"], vec!["trace", "a"]] {
        let output = run_on(&args, missing);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains("cannot read"));
    }
}

#[test]
fn the_seed_checks_clean() {
    let output = run_on(&["check"], &seed());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn every_command_has_help_with_examples() {
    for command in ["kpi", "trace", "coverage"] {
        let output = run(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0));
        let text = stdout(&output);
        assert!(text.contains("Examples:"), "{command}");
        assert!(
            text.contains(&format!("logicmodel {command} ")),
            "{command}"
        );
    }
}

/// A 現状値 without its year: the table shows the bare value, the CSV
/// leaves the year cell empty, and JSON gives `"year": null`.
#[test]
fn kpi_shows_a_baseline_without_its_year() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("undated.json");
    std::fs::write(
        &path,
        r#"{"format": 1, "title": "Club", "nodes": [
            {"id": "a", "kind": "activity", "label": "Read", "to": ["i"], "kpis": ["k"]},
            {"id": "i", "kind": "impact", "label": "Joy"}],
          "kpis": [{"id": "k", "indicator": "Readers", "baseline": {"value": 40},
                    "target": {"year": 2026, "value": 100}, "actuals": [{"year": 2024, "value": 70}]}]}"#,
    )
    .unwrap();
    let csv = run_on(&["kpi", "--format", "csv"], &path);
    assert_eq!(csv.status.code(), Some(0), "{}", stderr(&csv));
    let text = stdout(&csv);
    let row = text.lines().nth(1).expect("a KPI row");
    assert!(
        row.starts_with("k,Readers,,increase,,40,2026,100,"),
        "{row}"
    );
    let report = json(&run_on(&["kpi", "--format", "json"], &path));
    let rows = &report["kpis"];
    assert_eq!(rows[0]["baseline"]["year"], Value::Null);
    assert_eq!(rows[0]["baseline"]["value"], 40.0);
    assert_eq!(rows[0]["progress_percent"], 50.0);
    let table = stdout(&run_on(&["kpi"], &path));
    assert!(table.lines().nth(2).unwrap().contains(" 40 "), "{table}");
}
