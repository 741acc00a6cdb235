//! Behaviour of the `logicmodel` command, run as a user runs it: exit
//! statuses, where output goes, the JSON report's schema, the rustc-style
//! human diagnostics, colour, lint levels and the shipped models.

mod support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use support::{logicmodel, run, status, stderr, stdout};

use serde_json::Value;

#[path = "cli/safety.rs"]
mod safety;
#[path = "cli/shell.rs"]
mod shell;

/// A clean model: one chain, every node linked.
const CLEAN: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "Weekly reading sessions", "to": ["o"]},
    {"id": "o", "kind": "output", "label": "Sessions held", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "Children read for pleasure"}
  ]
}
"#;

/// A model whose only problem is a warning: outcome `s` leads nowhere (line 6).
const DEAD_END: &str = r#"{
  "format": 1,
  "title": "Dead end",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "A", "to": ["s", "i"]},
    {"id": "s", "kind": "outcome", "label": "S"},
    {"id": "i", "kind": "impact", "label": "I"}
  ]
}
"#;

/// A model with one error: activity `a2` reaches no impact (line 6).
const ACTIVITY_WITHOUT_IMPACT: &str = r#"{
  "format": 1,
  "title": "An activity that leads nowhere",
  "nodes": [
    {"id": "in", "kind": "input", "label": "Volunteers", "to": ["a", "a2"]},
    {"id": "a2", "kind": "activity", "label": "A2"},
    {"id": "a", "kind": "activity", "label": "A", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "I"}
  ]
}
"#;

/// Problems at several positions, load errors and check results interleaved.
const SEVERAL_PROBLEMS: &str = r#"{
  "format": 1,
  "title": "Several problems",
  "nodes": [
    {"id": "z", "kind": "output", "label": "Z"},
    {"id": "a", "kind": "activity", "label": "A", "to": ["i", "nowhere"], "colour": "red"},
    {"id": "s", "kind": "outcome", "label": "S"},
    {"id": "as", "kind": "assumption", "label": "As"},
    {"id": "i", "kind": "impact", "label": "I", "to": ["a"]}
  ],
  "extra": true
}
"#;

/// Runs the command with `stdin` as its standard input.
fn run_with_stdin(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = logicmodel()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the logicmodel binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin)
        .expect("stdin accepts the model");
    child.wait_with_output().expect("the command finishes")
}

/// A temporary directory holding model files.
struct Models {
    dir: tempfile::TempDir,
}

impl Models {
    fn new() -> Models {
        Models {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn write(&self, name: &str, content: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(name);
        std::fs::write(&path, content).expect("the model is written");
        path.to_str().expect("a UTF-8 temporary path").to_owned()
    }

    fn path(&self, name: &str) -> String {
        self.dir
            .path()
            .join(name)
            .to_str()
            .expect("UTF-8")
            .to_owned()
    }
}

/// The JSON reports printed by `check --format json`, one per line.
fn reports(output: &Output) -> Vec<Value> {
    stdout(output)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect()
}

/// The only report of a single-file run.
fn report(output: &Output) -> Value {
    let mut all = reports(output);
    assert_eq!(all.len(), 1, "one report per file:\n{}", stdout(output));
    all.remove(0)
}

fn codes(report: &Value) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("a diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().expect("a code").to_owned())
        .collect()
}

fn repository_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

// ---------------------------------------------------------------- exit statuses

#[test]
fn a_clean_model_exits_0_and_prints_only_its_summary() {
    let models = Models::new();
    let file = models.write("clean.json", CLEAN);
    let output = run(&["check", &file]);
    assert_eq!(status(&output), 0);
    assert_eq!(stdout(&output), "");
    assert_eq!(
        stderr(&output),
        format!("{file}: 0 errors, 0 warnings (3 nodes, 2 edges, 0 work items, 0 KPIs)\n")
    );
}

#[test]
fn a_model_with_warnings_only_exits_0() {
    let models = Models::new();
    let file = models.write("dead-end.json", DEAD_END);
    let output = run(&["check", &file]);
    assert_eq!(status(&output), 0);
    assert!(
        stderr(&output).contains("warning[dead-end]"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_model_with_errors_exits_1() {
    let models = Models::new();
    let file = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    assert_eq!(status(&run(&["check", &file])), 1);
    let not_json = models.write("not-json.json", "{\"format\": 1,");
    assert_eq!(status(&run(&["check", &not_json])), 1);
}

#[test]
fn a_missing_file_exits_2_with_a_message_naming_it() {
    let models = Models::new();
    let missing = models.path("no-such-model.json");
    for format in ["human", "json"] {
        let output = run(&["check", "--format", format, &missing]);
        assert_eq!(status(&output), 2);
        assert_eq!(stdout(&output), "");
        let message = stderr(&output);
        assert!(message.starts_with("error: "), "{message}");
        assert!(message.contains("no-such-model.json"), "{message}");
    }
}

#[test]
fn a_directory_exits_2() {
    let models = Models::new();
    let output = run(&["check", models.dir.path().to_str().expect("UTF-8")]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).contains("is a directory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_check_on_the_command_line_exits_2_and_lists_the_checks() {
    let models = Models::new();
    let file = models.write("clean.json", CLEAN);
    for flag in ["--deny", "--allow"] {
        let output = run(&["check", flag, "dead-ends", &file]);
        assert_eq!(status(&output), 2, "{flag}");
        let message = stderr(&output);
        assert!(message.contains("unknown check `dead-ends`"), "{message}");
        assert!(
            message.contains("dead-end,"),
            "the known checks are listed: {message}"
        );
    }
}

#[test]
fn load_errors_cannot_be_allowed_or_denied_on_the_command_line() {
    let models = Models::new();
    let file = models.write("clean.json", CLEAN);
    for flag in ["--deny", "--allow"] {
        let output = run(&["check", flag, "invalid-json", &file]);
        assert_eq!(status(&output), 2, "{flag}");
        assert!(
            stderr(&output).contains("`invalid-json` is a load error"),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let models = Models::new();
    let file = models.write("clean.json", CLEAN);
    for args in [
        vec![],
        vec!["check"],
        vec!["check", "--format", "xml", &file],
        vec!["check", "--color", "sometimes", &file],
        vec!["check", "--no-such-flag", &file],
        vec!["frobnicate"],
    ] {
        let output = run(&args);
        assert_eq!(status(&output), 2, "{args:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        let message = stderr(&output);
        assert!(
            message.contains("Usage:") || message.contains("--help"),
            "{args:?}: {message}"
        );
    }
}

#[test]
fn help_and_version_exit_0() {
    for args in [["--help"], ["--version"]] {
        assert_eq!(status(&run(&args)), 0, "{args:?}");
    }
    assert_eq!(status(&run(&["check", "--help"])), 0);
}

#[test]
fn hostile_inputs_never_make_the_command_panic() {
    let deep_arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_objects = format!("{}1{}", "{\"a\":".repeat(50_000), "}".repeat(50_000));
    let long_line = format!(
        r#"{{"format": 1, "title": "{}", "nodes": [{{"id": "{}", "kind": "x"}}]}}"#,
        "長".repeat(50_000),
        "é".repeat(10_000)
    );
    let inputs: Vec<Vec<u8>> = vec![
        b"".to_vec(),
        b"\xEF\xBB\xBF".to_vec(),
        b"\xEF\xBB\xBF\xEF\xBB\xBF{}".to_vec(),
        b"\0\0\0".to_vec(),
        b"\xFF\xFE{\0\"\0".to_vec(),
        b"{\"format\": 1, \"title\": \"\xE6\xB1\"}".to_vec(),
        b"\n\n\n".to_vec(),
        b"{\r\"format\": 1,\r\"title\": 5\r}".to_vec(),
        b"{\r\n\"format\": 1,\r\n\"title\": \"t\",\r\n\"x\": 1\r\n}\r\n".to_vec(),
        "{\"format\": 1,\u{2028}\"title\": \"t\", \"nodes\": [1]}".as_bytes().to_vec(),
        b"{\"format\": 1, \"title\": \"t\", \"nodes\": [{\"id\": \"a\t\", \"kind\": \"activity\", \"label\": \"\"}]}"
            .to_vec(),
        b"{\"format\": 1, \"title\": \"\\ud800\"}".to_vec(),
        b"{\"format\": 99999999999999999999999}".to_vec(),
        b"{\"format\": -0.0e-999, \"title\": null}".to_vec(),
        b"\"just a string\"".to_vec(),
        b"null".to_vec(),
        b"{\"format\": 1, \"title\": \"t\", \"nodes\": [{\"id\": \"a\", \"kind\": \"activity\", \"label\": \"a\", \"to\": [\"a\", \"a\", {\"node\": \"a\"}]}]}"
            .to_vec(),
        deep_arrays.into_bytes(),
        deep_objects.into_bytes(),
        long_line.into_bytes(),
    ];
    let models = Models::new();
    for (i, input) in inputs.iter().enumerate() {
        let file = models.write(&format!("hostile-{i}.json"), input);
        for args in [
            vec!["check", "--color", "always", &file],
            vec!["check", "--format", "json", &file],
        ] {
            let output = run(&args);
            let code = status(&output);
            assert!(
                code == 0 || code == 1,
                "input {i}: exit {code}\n{}",
                stderr(&output)
            );
        }
    }
}

// ---------------------------------------------------------------- inputs

#[test]
fn dash_reads_the_model_from_stdin() {
    let output = run_with_stdin(&["check", "--format", "json", "-"], DEAD_END.as_bytes());
    assert_eq!(status(&output), 0);
    let report = report(&output);
    assert_eq!(report["file"], "<stdin>");
    assert_eq!(codes(&report), ["dead-end"]);

    let output = run_with_stdin(&["check", "-"], ACTIVITY_WITHOUT_IMPACT.as_bytes());
    assert_eq!(status(&output), 1);
    assert!(
        stderr(&output).contains(" --> <stdin>:6:5"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn several_files_are_checked_in_one_run_in_the_order_given() {
    let models = Models::new();
    let clean = models.write("clean.json", CLEAN);
    let bad = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let warned = models.write("dead-end.json", DEAD_END);
    let output = run(&["check", "--format", "json", &clean, &bad, &warned]);
    assert_eq!(status(&output), 1, "the worst file decides");
    let files: Vec<Value> = reports(&output).iter().map(|r| r["file"].clone()).collect();
    assert_eq!(files, [clean.as_str(), bad.as_str(), warned.as_str()]);

    let output = run(&["check", &clean, &warned]);
    assert_eq!(status(&output), 0);
    let text = stderr(&output);
    let summaries = text.lines().filter(|l| l.contains(": 0 errors")).count();
    assert_eq!(summaries, 2, "{text}");
}

#[test]
fn a_missing_file_does_not_stop_the_others_but_exits_2() {
    let models = Models::new();
    let bad = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let missing = models.path("missing.json");
    let clean = models.write("clean.json", CLEAN);
    let output = run(&["check", "--format", "json", &bad, &missing, &clean]);
    assert_eq!(status(&output), 2, "I/O problems outrank model errors");
    let files: Vec<Value> = reports(&output).iter().map(|r| r["file"].clone()).collect();
    assert_eq!(files, [bad.as_str(), clean.as_str()]);
    assert!(
        stderr(&output).contains("missing.json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_byte_order_mark_is_accepted_and_not_counted_as_a_column() {
    let models = Models::new();
    let clean = models.write(
        "bom.json",
        [b"\xEF\xBB\xBF".as_slice(), CLEAN.as_bytes()].concat(),
    );
    assert_eq!(status(&run(&["check", &clean])), 0);
    let typo = models.write(
        "bom-typo.json",
        b"\xEF\xBB\xBF{\"format\": 1, \"title\": \"t\", \"nodez\": []}",
    );
    let output = run(&["check", "--format", "json", &typo]);
    let d = &report(&output)["diagnostics"][0];
    assert_eq!(
        (d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()),
        (Some("unknown-field"), Some(1), Some(29))
    );
}

#[test]
fn a_file_that_is_not_utf8_is_reported_at_its_first_bad_byte() {
    let models = Models::new();
    let file = models.write(
        "latin1.json",
        b"{\n  \"format\": 1,\n  \"title\": \"Caf\xE9\"\n}\n",
    );
    let output = run(&["check", "--color", "never", &file]);
    assert_eq!(status(&output), 1);
    let message = stderr(&output);
    assert!(message.contains("error[invalid-json]: "), "{message}");
    assert!(message.contains(&format!(" --> {file}:3:16")), "{message}");
    let output = run(&["check", "--format", "json", &file]);
    let d = &report(&output)["diagnostics"][0];
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(3), Some(16))
    );
}

// ---------------------------------------------------------------- JSON output

#[test]
fn the_json_report_has_the_documented_schema() {
    let models = Models::new();
    let file = models.write("several.json", SEVERAL_PROBLEMS);
    let output = run(&["check", "--format", "json", &file]);
    assert_eq!(status(&output), 1);
    assert_eq!(stderr(&output), "", "JSON mode prints nothing for people");
    let report = report(&output);
    let keys = |v: &Value| -> Vec<String> {
        let mut keys: Vec<String> = v.as_object().expect("an object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&report), ["diagnostics", "file", "format", "summary"]);
    assert_eq!(report["format"], 1, "the version of the JSON documents");
    assert_eq!(report["file"], file.as_str());
    assert_eq!(
        keys(&report["summary"]),
        ["edges", "errors", "kpis", "nodes", "warnings", "work_items"]
    );
    for key in ["edges", "errors", "kpis", "nodes", "warnings", "work_items"] {
        assert!(report["summary"][key].is_u64(), "summary.{key}");
    }
    let diagnostics = report["diagnostics"].as_array().expect("an array");
    assert!(!diagnostics.is_empty());
    for d in diagnostics {
        let mut expected = vec!["code", "column", "ids", "line", "message", "severity"];
        if d.get("help").is_some() {
            expected.insert(2, "help");
            assert!(d["help"].is_string());
        }
        if d.get("note").is_some() {
            let at = expected.iter().position(|k| *k == "severity").unwrap();
            expected.insert(at, "note");
            assert!(d["note"].is_string());
        }
        assert_eq!(keys(d), expected, "{d}");
        assert!(logicmodel::Code::from_name(d["code"].as_str().expect("a string")).is_some());
        assert!(["error", "warning"].contains(&d["severity"].as_str().expect("a string")));
        assert!(!d["message"].as_str().expect("a string").is_empty());
        assert!(d["ids"]
            .as_array()
            .expect("an array")
            .iter()
            .all(Value::is_string));
        assert!(d["line"].as_u64().expect("a number") >= 1);
        assert!(d["column"].as_u64().expect("a number") >= 1);
    }
}

#[test]
fn the_json_summary_counts_the_model_and_its_diagnostics() {
    let models = Models::new();
    let text = r#"{
  "format": 1,
  "title": "Counts",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "A", "to": ["o", "i"], "work_items": ["w"]},
    {"id": "o", "kind": "output", "label": "O"},
    {"id": "i", "kind": "impact", "label": "I"},
    {"id": "a2", "kind": "activity", "label": "A2"}
  ],
  "work_items": [{"id": "w", "title": "W", "kpis": ["k1", "k2"]}],
  "kpis": [
    {"id": "k1", "indicator": "K1", "target": {"year": 2026, "value": 1}},
    {"id": "k2", "indicator": "K2", "target": null}
  ]
}"#;
    let file = models.write("counts.json", text);
    let report = report(&run(&["check", "--format", "json", &file]));
    // a2: activity-without-impact (error), isolated-node and activity-without-work-item;
    // o: dead-end; k2: kpi-target-undecided.
    assert_eq!(
        report["summary"],
        serde_json::json!({"errors": 1, "warnings": 4, "nodes": 4, "edges": 2, "work_items": 1, "kpis": 2})
    );
}

#[test]
fn a_file_that_is_not_json_still_gets_a_json_report() {
    let models = Models::new();
    let file = models.write("broken.json", "{\"format\": 1,\n  \"title\": }");
    let output = run(&["check", "--format", "json", &file]);
    assert_eq!(status(&output), 1);
    let report = report(&output);
    assert_eq!(codes(&report), ["invalid-json"]);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["nodes"], 0);
    assert_eq!(
        (
            report["diagnostics"][0]["line"].as_u64(),
            report["diagnostics"][0]["column"].as_u64()
        ),
        (Some(2), Some(12))
    );
}

#[test]
fn diagnostics_come_cause_first_then_by_position() {
    // The problems of loading the file first (their cause is in the text),
    // then the checks of the model, each group by position.
    let models = Models::new();
    let file = models.write("several.json", SEVERAL_PROBLEMS);
    let report = report(&run(&["check", "--format", "json", &file]));
    let positions: Vec<(u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().expect("line"),
                d["column"].as_u64().expect("column"),
            )
        })
        .collect();
    assert_eq!(
        positions,
        [
            (6, 63),
            (6, 75),
            (11, 3),
            (5, 5),
            (6, 5),
            (7, 5),
            (8, 5),
            (9, 56)
        ]
    );
    assert_eq!(
        codes(&report),
        [
            "dangling-reference",  // a → nowhere
            "unknown-field",       // colour
            "unknown-field",       // extra
            "isolated-node",       // z
            "cycle",               // a → i → a, at its first node
            "isolated-node",       // s
            "unlinked-assumption", // as
            "backward-edge",       // i → a, at the edge
        ]
    );
}

// ---------------------------------------------------------------- human output

#[test]
fn human_diagnostics_look_like_rustc() {
    let models = Models::new();
    let file = models.write(
        "typo.json",
        "{\n  \"format\": 1,\n  \"title\": \"t\",\n  \"work_item\": []\n}\n",
    );
    let output = run(&["check", "--color", "never", &file]);
    assert_eq!(status(&output), 1);
    assert_eq!(stdout(&output), "", "diagnostics go to stderr");
    let text = stderr(&output);
    let expected = format!(
        "error[unknown-field]: unknown key `work_item` in the model
 --> {file}:4:3
  |
4 |   \"work_item\": []
  |   ^^^^^^^^^^^
  |
help: did you mean `work_items`?

{file}: 1 error, 0 warnings (0 nodes, 0 edges, 0 work items, 0 KPIs)
"
    );
    assert_eq!(text, expected);
}

#[test]
fn human_diagnostics_show_the_code_position_source_line_and_ids() {
    let models = Models::new();
    let file = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let text = stderr(&run(&["check", "--color", "never", &file]));
    assert!(text.contains("error[activity-without-impact]: "), "{text}");
    assert!(text.contains(&format!(" --> {file}:6:5\n")), "{text}");
    assert!(
        text.contains(r#"6 |     {"id": "a2", "kind": "activity", "label": "A2"},"#),
        "the source line is quoted: {text}"
    );
    assert!(text.contains("`a2`"), "the ids label the span: {text}");
}

#[test]
fn no_colour_when_stderr_is_not_a_terminal_or_with_color_never() {
    let models = Models::new();
    let file = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    for args in [
        vec!["check", &file],
        vec!["check", "--color", "never", &file],
        vec!["check", "--color", "auto", &file],
    ] {
        let text = stderr(&run(&args));
        assert!(text.contains("error[activity-without-impact]"), "{text}");
        assert!(
            !text.contains('\x1b'),
            "{args:?} printed ANSI escapes: {text:?}"
        );
    }
}

#[test]
fn colour_with_color_always_even_when_not_a_terminal() {
    let models = Models::new();
    let file = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let text = stderr(&run(&["check", "--color", "always", &file]));
    assert!(text.contains("\x1b["), "no ANSI escapes: {text:?}");
    let plain = stderr(&run(&["check", "--color", "never", &file]));
    assert!(text.len() > plain.len());
}

#[test]
fn no_color_in_the_environment_is_honoured() {
    let models = Models::new();
    let file = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let output = logicmodel()
        .args(["check", &file])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(!stderr(&output).contains('\x1b'));
}

// ---------------------------------------------------------------- lint levels

#[test]
fn deny_warnings_turns_a_warning_into_an_error_and_exit_1() {
    let models = Models::new();
    let file = models.write("dead-end.json", DEAD_END);
    let output = run(&["check", "--format", "json", "--deny", "warnings", &file]);
    assert_eq!(status(&output), 1);
    let report = report(&output);
    assert_eq!(report["diagnostics"][0]["severity"], "error");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    let human = run(&["check", "--color", "never", "--deny", "warnings", &file]);
    assert_eq!(status(&human), 1);
    assert!(
        stderr(&human).contains("error[dead-end]"),
        "{}",
        stderr(&human)
    );
}

#[test]
fn deny_one_check_makes_only_that_check_an_error() {
    let models = Models::new();
    let file = models.write("dead-end.json", DEAD_END);
    assert_eq!(status(&run(&["check", "--deny", "dead-end", &file])), 1);
    assert_eq!(
        status(&run(&["check", "--deny", "isolated-node", &file])),
        0
    );
}

#[test]
fn the_later_of_deny_and_allow_wins_for_one_check() {
    let models = Models::new();
    let file = models.write("dead-end.json", DEAD_END);
    let allowed_last = run(&[
        "check", "--format", "json", "--deny", "dead-end", "--allow", "dead-end", &file,
    ]);
    assert_eq!(status(&allowed_last), 0);
    assert!(codes(&report(&allowed_last)).is_empty());
    let denied_last = run(&[
        "check", "--format", "json", "--allow", "dead-end", "--deny", "dead-end", &file,
    ]);
    assert_eq!(status(&denied_last), 1);
    assert_eq!(codes(&report(&denied_last)), ["dead-end"]);
    // Repeated flags keep their order too.
    let output = run(&[
        "check", "--deny", "dead-end", "--allow", "dead-end", "--deny", "dead-end", &file,
    ]);
    assert_eq!(status(&output), 1);
}

#[test]
fn allow_suppresses_a_check() {
    let models = Models::new();
    let file = models.write("dead-end.json", DEAD_END);
    let dead_end = report(&run(&[
        "check", "--format", "json", "--allow", "dead-end", &file,
    ]));
    assert!(codes(&dead_end).is_empty());
    // An error that is a lint can be allowed too.
    let bad = models.write("bad.json", ACTIVITY_WITHOUT_IMPACT);
    let output = run(&[
        "check",
        "--format",
        "json",
        "--allow",
        "activity-without-impact",
        &bad,
    ]);
    assert_eq!(status(&output), 0);
    assert!(codes(&report(&output)).is_empty());
    // --deny warnings does not bring an allowed check back.
    let output = run(&["check", "--allow", "dead-end", "--deny", "warnings", &file]);
    assert_eq!(status(&output), 0);
}

#[test]
fn the_models_checks_levels_apply() {
    let models = Models::new();
    let raised = models.write(
        "raised.json",
        DEAD_END.replace(
            "\"title\": \"Dead end\",",
            "\"title\": \"Dead end\", \"checks\": {\"dead-end\": \"error\"},",
        ),
    );
    let output = run(&["check", "--format", "json", &raised]);
    assert_eq!(status(&output), 1);
    assert_eq!(report(&output)["diagnostics"][0]["severity"], "error");

    let allowed = models.write(
        "allowed.json",
        ACTIVITY_WITHOUT_IMPACT.replace(
            "\"title\": \"An activity that leads nowhere\",",
            "\"title\": \"t\", \"checks\": {\"activity-without-impact\": \"allow\"},",
        ),
    );
    let output = run(&["check", "--format", "json", &allowed]);
    assert_eq!(status(&output), 0);
    assert!(codes(&report(&output)).is_empty());

    let lowered = models.write(
        "lowered.json",
        ACTIVITY_WITHOUT_IMPACT.replace(
            "\"title\": \"An activity that leads nowhere\",",
            "\"title\": \"t\", \"checks\": {\"activity-without-impact\": \"warning\"},",
        ),
    );
    let output = run(&["check", "--format", "json", &lowered]);
    assert_eq!(status(&output), 0);
    assert_eq!(report(&output)["diagnostics"][0]["severity"], "warning");
}

#[test]
fn command_line_levels_override_the_models_checks() {
    let models = Models::new();
    let raised = models.write(
        "raised.json",
        DEAD_END.replace(
            "\"title\": \"Dead end\",",
            "\"title\": \"Dead end\", \"checks\": {\"dead-end\": \"error\"},",
        ),
    );
    assert_eq!(status(&run(&["check", "--allow", "dead-end", &raised])), 0);

    let allowed = models.write(
        "allowed.json",
        DEAD_END.replace(
            "\"title\": \"Dead end\",",
            "\"title\": \"Dead end\", \"checks\": {\"dead-end\": \"allow\"},",
        ),
    );
    assert_eq!(status(&run(&["check", &allowed])), 0);
    let output = run(&["check", "--format", "json", "--deny", "dead-end", &allowed]);
    assert_eq!(status(&output), 1);
    assert_eq!(codes(&report(&output)), ["dead-end"]);
}

// ---------------------------------------------------------------- other commands

#[test]
fn schema_prints_the_json_schema_of_format_v1() {
    let output = run(&["schema"]);
    assert_eq!(status(&output), 0);
    let schema: Value = serde_json::from_str(&stdout(&output)).expect("the schema is JSON");
    assert_eq!(schema["title"], "logicmodel format v1");
    assert!(schema["properties"]["nodes"].is_object(), "{schema}");
}

#[test]
fn check_help_shows_examples() {
    let output = run(&["check", "--help"]);
    assert_eq!(status(&output), 0);
    let help = stdout(&output);
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("logicmodel check --format json"), "{help}");
    assert!(
        help.contains("logicmodel check -"),
        "stdin is shown: {help}"
    );
}

#[test]
fn a_closed_stdout_ends_quietly() {
    // Enough diagnostics to fill the pipe, so the command writes after the reader is gone.
    let nodes: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"id": "n{i}", "kind": "output", "label": "N"}}"#))
        .collect();
    let models = Models::new();
    let file = models.write(
        "many.json",
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ),
    );
    let mut child = logicmodel()
        .args(["check", "--format", "json", &file])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("finishes");
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_eq!(stderr(&output), "");
}

// ---------------------------------------------------------------- shipped models

#[test]
fn the_shipped_models_check_without_errors() {
    for model in [
        "models/gotsu-smart-city.json",
        "models/community-food-bank.json",
    ] {
        let path = repository_file(model);
        assert!(path.is_file(), "{model} is missing");
        let output = run(&["check", "--format", "json", path.to_str().expect("UTF-8")]);
        let report = report(&output);
        assert_eq!(status(&output), 0, "{model}: {report:#}");
        assert_eq!(report["summary"]["errors"], 0);
        assert!(report["summary"]["nodes"].as_u64() > Some(10));
    }
}

// ---- render -------------------------------------------------------------

#[test]
fn render_writes_the_seed_as_svg_and_png() {
    let dir = tempfile::tempdir().unwrap();
    let seed = repository_file("models/gotsu-smart-city.json");
    let svg = dir.path().join("gotsu.svg");
    let out = run(&[
        "render",
        seed.to_str().unwrap(),
        "-o",
        svg.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.starts_with("<svg"));
    assert_eq!(text.matches("class=\"node ").count(), 122);

    let png = dir.path().join("gotsu.png");
    let out = run(&[
        "render",
        seed.to_str().unwrap(),
        "-o",
        png.to_str().unwrap(),
        "--scale",
        "0.5",
    ]);
    if status(&out) == 2 && std::env::var_os("CI").is_none() {
        // Without a Japanese font the command must say which to install.
        assert!(stderr(&out).contains("fonts-noto-cjk"), "{}", stderr(&out));
        eprintln!("skipped the PNG check: no CJK font on this machine");
        return;
    }
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let bytes = std::fs::read(&png).unwrap();
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    // IHDR width and height, big-endian, right after the signature and chunk header.
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert!(width > 500 && height > 500, "{width}×{height}");
}

#[test]
fn render_to_stdout_and_failed_render_keeps_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    std::fs::write(&model, CLEAN).unwrap();
    let out = run(&["render", model.to_str().unwrap(), "-o", "-"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).starts_with("<svg"));

    let target = dir.path().join("out.svg");
    std::fs::write(&target, "old drawing").unwrap();
    std::fs::write(&model, "{ not json").unwrap();
    let out = run(&[
        "render",
        model.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 1);
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "old drawing");
}

#[test]
fn render_with_errors_still_draws_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    std::fs::write(&model, ACTIVITY_WITHOUT_IMPACT).unwrap();
    let target = dir.path().join("out.svg");
    let out = run(&[
        "render",
        model.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
        "--show-issues",
    ]);
    assert_eq!(status(&out), 1);
    assert!(stderr(&out).contains("error[activity-without-impact]"));
    let svg = std::fs::read_to_string(&target).unwrap();
    assert!(svg.contains("data-issue=\"error\""));
}

#[test]
fn render_section_and_focus_select_and_unknown_ids_exit_2() {
    let seed = repository_file("models/gotsu-smart-city.json");
    let seed = seed.to_str().unwrap();
    let out = run(&[
        "render",
        seed,
        "--section",
        "people-organisation",
        "-o",
        "-",
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).matches("class=\"section\"").count(), 1);
    let out = run(&["render", seed, "--focus", "a-online-app", "-o", "-"]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("data-id=\"a-online-app\""));
    assert!(stdout(&out).matches("class=\"node ").count() < 122);
    assert_eq!(
        status(&run(&["render", seed, "--section", "nope", "-o", "-"])),
        2
    );
    assert_eq!(
        status(&run(&["render", seed, "--focus", "nope", "-o", "-"])),
        2
    );
}

#[test]
fn report_writes_html_and_markdown_with_the_svg_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let seed = repository_file("models/gotsu-smart-city.json");
    let html = dir.path().join("r.html");
    let out = run(&[
        "report",
        seed.to_str().unwrap(),
        "-o",
        html.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>"));
    // Self-contained: the only URL is the SVG namespace, nothing is fetched.
    assert_eq!(
        text.matches("http://").count(),
        text.matches("http://www.w3.org/2000/svg").count()
    );
    assert!(!text.contains("https://"));
    assert!(!text.contains("<link") && !text.contains(" src="));
    let md = dir.path().join("r.md");
    let out = run(&[
        "report",
        seed.to_str().unwrap(),
        "--format",
        "md",
        "-o",
        md.to_str().unwrap(),
    ]);
    assert_eq!(status(&out), 0, "{}", stderr(&out));
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("![スマートシティ江津推進構想アクションプラン](r.svg)"));
    assert!(dir.path().join("r.svg").exists());
}

// --- fmt -------------------------------------------------------------------

#[test]
fn fmt_rewrites_a_file_once_and_check_lists_what_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    std::fs::write(&path, CLEAN).unwrap();
    let file = path.to_str().unwrap();

    let before = run(&["fmt", "--check", file]);
    assert_eq!(status(&before), 1, "{}", stderr(&before));
    assert_eq!(stdout(&before).trim(), file);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        CLEAN,
        "--check changes nothing"
    );

    let formatted = run(&["fmt", file]);
    assert_eq!(status(&formatted), 0, "{}", stderr(&formatted));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("  \"nodes\": [\n    {\n      \"id\": \"a\",\n"),
        "{text}"
    );
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();

    let after = run(&["fmt", "--check", file]);
    assert_eq!(status(&after), 0, "{}", stdout(&after));
    assert_eq!(stdout(&after), "");
    // A canonical file is not rewritten.
    assert_eq!(status(&run(&["fmt", file])), 0);
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        modified
    );
    // And it is the same model.
    let a = logicmodel::load_str(CLEAN).model.unwrap();
    let b = logicmodel::load_str(&text).model.unwrap();
    assert_eq!(a, b);
}

#[test]
fn fmt_never_rewrites_a_file_with_load_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, SEVERAL_PROBLEMS).unwrap();
    let output = run(&["fmt", path.to_str().unwrap()]);
    assert_eq!(status(&output), 1);
    assert!(
        stderr(&output).contains("was not formatted"),
        "{}",
        stderr(&output)
    );
    assert!(
        stderr(&output).contains("unknown-field"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), SEVERAL_PROBLEMS);
}

#[test]
fn fmt_of_stdin_writes_stdout() {
    let output = run_with_stdin(&["fmt", "-"], CLEAN.as_bytes());
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.starts_with("{\n  \"format\": 1,\n"), "{text}");
    let again = run_with_stdin(&["fmt", "--check", "-"], text.as_bytes());
    assert_eq!(status(&again), 0);
}

#[test]
fn the_shipped_models_are_canonical() {
    let mut args = vec!["fmt".to_owned(), "--check".to_owned()];
    for entry in std::fs::read_dir(repository_file("models")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            args.push(path.display().to_string());
        }
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = run(&args);
    assert_eq!(
        status(&output),
        0,
        "not canonical (run `logicmodel fmt models/*.json`):\n{}",
        stdout(&output)
    );
}
