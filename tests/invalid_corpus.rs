//! The invalid-model corpus: every file under `tests/invalid/` is a small
//! model with one intended problem, and `tests/invalid/EXPECTED.tsv` lists
//! every diagnostic `logicmodel check` must report for it (severity, code,
//! ids, line and column, and for suggestions a piece of the help).
//!
//! Adding a case is adding a file and its lines in `EXPECTED.tsv`; a new
//! diagnostic code without a case makes `every_code_has_a_corpus_case` fail.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use logicmodel::Code;
use serde_json::Value;

/// One diagnostic as the sidecar states it, or as the CLI reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Expected {
    severity: String,
    code: String,
    ids: Vec<String>,
    line: u64,
    /// `None` when the sidecar gives only a line.
    column: Option<u64>,
    /// A substring the help must contain.
    help: Option<String>,
}

impl fmt::Display for Expected {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} {:?} {}",
            self.severity, self.code, self.ids, self.line
        )?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        if let Some(help) = &self.help {
            write!(f, " (help: {help})")?;
        }
        Ok(())
    }
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/invalid")
}

/// The corpus files (`*.json`), sorted by name.
fn corpus_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .expect("tests/invalid exists")
        .map(|entry| {
            entry
                .expect("readable entry")
                .file_name()
                .into_string()
                .expect("ASCII name")
        })
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    files
}

/// `EXPECTED.tsv`, by file name, each file's diagnostics in the order written.
fn expectations() -> BTreeMap<String, Vec<Expected>> {
    let path = corpus_dir().join("EXPECTED.tsv");
    let text = std::fs::read_to_string(&path).expect("tests/invalid/EXPECTED.tsv exists");
    let mut all: BTreeMap<String, Vec<Expected>> = BTreeMap::new();
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l)) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let at = format!("EXPECTED.tsv:{number}");
        assert!(
            (5..=6).contains(&fields.len()),
            "{at}: expected 5 or 6 tab-separated fields, found {}",
            fields.len()
        );
        let ids: Vec<String> = serde_json::from_str(fields[3])
            .unwrap_or_else(|e| panic!("{at}: ids must be a JSON array of strings: {e}"));
        let (line_number, column) = match fields[4].split_once(':') {
            Some((l, c)) => (l, Some(c)),
            None => (fields[4], None),
        };
        let parse = |s: &str| -> u64 {
            s.parse()
                .unwrap_or_else(|_| panic!("{at}: bad position {s:?}"))
        };
        assert!(
            ["error", "warning"].contains(&fields[1]),
            "{at}: severity must be error or warning"
        );
        assert!(
            Code::from_name(fields[2]).is_some(),
            "{at}: unknown code {}",
            fields[2]
        );
        all.entry(fields[0].to_owned()).or_default().push(Expected {
            severity: fields[1].to_owned(),
            code: fields[2].to_owned(),
            ids,
            line: parse(line_number),
            column: column.map(parse),
            help: fields
                .get(5)
                .filter(|h| !h.is_empty())
                .map(|h| (*h).to_owned()),
        });
    }
    all
}

/// Runs `logicmodel check --format json [args] FILE` in the corpus directory;
/// returns the exit status and the reported diagnostics.
fn check(file: &str, args: &[&str]) -> (i32, Vec<Value>) {
    let output = Command::new(env!("CARGO_BIN_EXE_logicmodel"))
        .current_dir(corpus_dir())
        .args(["check", "--format", "json"])
        .args(args)
        .arg(file)
        .output()
        .expect("the logicmodel binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let status = output
        .status
        .code()
        .unwrap_or_else(|| panic!("{file}: killed by a signal\n{stderr}"));
    assert_ne!(status, 101, "{file}: the CLI panicked\n{stderr}");
    let stdout = String::from_utf8(output.stdout).expect("JSON output is UTF-8");
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("{file}: stdout is not one JSON report ({e}):\n{stdout}\n{stderr}")
    });
    assert_eq!(report["file"], file);
    let diagnostics = report["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .clone();
    (status, diagnostics)
}

/// The fields of a reported diagnostic that the sidecar can state.
fn reported(d: &Value, expected: Option<&Expected>) -> Expected {
    let ids = d["ids"]
        .as_array()
        .expect("ids is an array")
        .iter()
        .map(|id| id.as_str().expect("ids are strings").to_owned())
        .collect();
    Expected {
        severity: d["severity"].as_str().expect("severity").to_owned(),
        code: d["code"].as_str().expect("code").to_owned(),
        ids,
        line: d["line"].as_u64().expect("line"),
        // Compare only what the sidecar states.
        column: expected.and_then(|e| e.column).and(d["column"].as_u64()),
        help: expected.and_then(|e| e.help.as_ref()).map(|wanted| {
            let help = d["help"].as_str().unwrap_or("<no help>");
            if help.contains(wanted.as_str()) {
                wanted.clone()
            } else {
                help.to_owned()
            }
        }),
    }
}

/// Describes every difference between what a file should report and what it reports.
fn compare(file: &str, expected: &[Expected], actual: &[Value], mismatches: &mut Vec<String>) {
    let actual: Vec<Expected> = actual
        .iter()
        .enumerate()
        .map(|(i, d)| reported(d, expected.get(i)))
        .collect();
    if actual != expected {
        let show = |list: &[Expected]| {
            list.iter()
                .map(|e| format!("    {e}"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        mismatches.push(format!(
            "{file}:\n  expected:\n{}\n  reported:\n{}",
            show(expected),
            show(&actual)
        ));
    }
}

fn expected_status(expected: &[Expected]) -> i32 {
    i32::from(expected.iter().any(|e| e.severity == "error"))
}

#[test]
fn every_corpus_file_has_expectations_and_every_expectation_a_file() {
    let files = corpus_files();
    let expected = expectations();
    let without: Vec<&String> = files
        .iter()
        .filter(|f| !expected.contains_key(*f))
        .collect();
    let missing: Vec<&String> = expected.keys().filter(|f| !files.contains(f)).collect();
    assert!(
        without.is_empty(),
        "corpus files missing from EXPECTED.tsv: {without:?}"
    );
    assert!(
        missing.is_empty(),
        "EXPECTED.tsv names files that do not exist: {missing:?}"
    );
    assert!(
        files.len() >= 35,
        "the corpus has only {} files",
        files.len()
    );
}

#[test]
fn every_corpus_file_reports_exactly_its_expected_diagnostics() {
    let mut mismatches = Vec::new();
    for (file, expected) in expectations() {
        let (status, diagnostics) = check(&file, &[]);
        let wanted = expected_status(&expected);
        if status != wanted {
            mismatches.push(format!("{file}: exit status {status}, expected {wanted}"));
        }
        compare(&file, &expected, &diagnostics, &mut mismatches);
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n\n"));
}

#[test]
fn warning_only_files_fail_with_deny_warnings() {
    let mut mismatches = Vec::new();
    let mut checked = 0;
    for (file, expected) in expectations() {
        if expected_status(&expected) != 0 {
            continue;
        }
        checked += 1;
        let (status, diagnostics) = check(&file, &["--deny", "warnings"]);
        if status != 1 {
            mismatches.push(format!(
                "{file}: --deny warnings exits {status}, expected 1"
            ));
        }
        let as_errors: Vec<Expected> = expected
            .iter()
            .map(|e| Expected {
                severity: "error".to_owned(),
                ..e.clone()
            })
            .collect();
        compare(&file, &as_errors, &diagnostics, &mut mismatches);
    }
    assert!(checked >= 12, "only {checked} warning-only files");
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n\n"));
}

#[test]
fn human_output_shows_each_expected_diagnostic_at_its_position() {
    let mut mismatches = Vec::new();
    for (file, expected) in expectations() {
        let output = Command::new(env!("CARGO_BIN_EXE_logicmodel"))
            .current_dir(corpus_dir())
            .args(["check", "--color", "never"])
            .arg(&file)
            .output()
            .expect("the logicmodel binary runs");
        assert_eq!(
            output.status.code(),
            Some(expected_status(&expected)),
            "{file}"
        );
        let stderr = String::from_utf8(output.stderr).expect("UTF-8 diagnostics");
        for e in &expected {
            let header = format!("{}[{}]: ", e.severity, e.code);
            let position = match e.column {
                Some(column) => format!(" --> {file}:{}:{column}\n", e.line),
                None => format!(" --> {file}:{}:", e.line),
            };
            if !stderr.contains(&header) || !stderr.contains(&position) {
                mismatches.push(format!(
                    "{file}: no `{header}` with `{}`:\n{stderr}",
                    position.trim_end()
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "\n{}", mismatches.join("\n\n"));
}

/// Codes only a workbook or CSV tables can get: no JSON file reports them.
/// `tests/import.rs` and the import module's unit tests cover each.
const TABLE_ONLY: [&str; 13] = [
    "invalid-workbook",
    "invalid-csv",
    "table-limit",
    "unknown-sheet",
    "duplicate-table",
    "unknown-column",
    "duplicate-column",
    "missing-column",
    "merged-cell",
    "formula-without-value",
    "cell-error",
    "empty-row",
    "number-as-text",
];

#[test]
fn every_code_has_a_corpus_case() {
    let expected = expectations();
    let covered: Vec<&str> = expected
        .values()
        .flatten()
        .map(|e| e.code.as_str())
        .collect();
    let uncovered: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|name| !TABLE_ONLY.contains(name))
        .filter(|name| !covered.contains(name))
        .collect();
    assert!(
        uncovered.is_empty(),
        "codes without a file in tests/invalid: {uncovered:?}"
    );
}

#[test]
fn every_code_has_a_corpus_file_where_it_is_the_only_problem() {
    let expected = expectations();
    let alone: Vec<&str> = expected
        .values()
        .filter(|list| list.len() == 1)
        .map(|list| list[0].code.as_str())
        .collect();
    let missing: Vec<&str> = Code::ALL
        .iter()
        .map(|c| c.as_str())
        .filter(|name| !TABLE_ONLY.contains(name))
        .filter(|name| !alone.contains(name))
        .collect();
    assert!(
        missing.is_empty(),
        "codes never reported alone in the corpus: {missing:?}"
    );
}
