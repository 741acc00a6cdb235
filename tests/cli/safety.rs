//! What the CLI promises about files, terminals and spreadsheets
//! (docs/security.md), each case run as a user runs it: the exit status,
//! whether a file was touched, the bytes written, no control byte shown.

use std::path::Path;
use std::process::Stdio;

use super::{
    logicmodel, repository_file, run, run_with_stdin, status, stderr, stdout, Models, CLEAN,
};

/// A model of the seed's size, for the commands that write files.
fn food_bank(models: &Models) -> String {
    let text = std::fs::read(repository_file("models/community-food-bank.json"))
        .expect("the food-bank model is shipped");
    models.write("m.json", text)
}

/// Every character that must never reach a terminal as itself.
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
        )
}

fn assert_no_control_characters(what: &str, text: &str) {
    if let Some(c) = text.chars().find(|&c| hidden(c)) {
        panic!("{what}: U+{:04X} reaches the terminal:\n{text}", c as u32);
    }
}

// ------------------------------------------------- 1. an output onto an input

/// Every command with an output, writing over `target` (a path to the model).
fn commands_writing(model: &str, target: &str) -> Vec<Vec<String>> {
    let own = |args: &[&str]| args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>();
    vec![
        own(&["render", model, "-o", target]),
        own(&["report", model, "-o", target, "--format", "html"]),
        own(&["report", model, "-o", target, "--format", "md"]),
        own(&["kpi", model, "-o", target, "--format", "json"]),
        own(&["coverage", model, "-o", target, "--format", "json"]),
        own(&[
            "trace",
            model,
            "a-surplus-rescue",
            "-o",
            target,
            "--format",
            "json",
        ]),
    ]
}

#[test]
fn no_command_writes_over_its_input_by_any_path() {
    let models = Models::new();
    let model = food_bank(&models);
    let original = std::fs::read(&model).unwrap();
    let dir = models.dir.path();
    std::fs::hard_link(&model, dir.join("hard.json")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&model, dir.join("link.json")).unwrap();
    let dotted = format!("{}/./m.json", dir.display());
    let mut targets = vec![model.clone(), dotted, models.path("hard.json")];
    if cfg!(unix) {
        targets.push(models.path("link.json"));
    }
    for target in &targets {
        for args in commands_writing(&model, target) {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let output = run(&args);
            assert_eq!(status(&output), 2, "{args:?}\n{}", stderr(&output));
            assert!(
                stderr(&output).contains("same file as an input"),
                "{args:?}: {}",
                stderr(&output)
            );
            assert_eq!(std::fs::read(&model).unwrap(), original, "{args:?}");
        }
    }
    // Nothing else was created: no diagram beside, no temporary file.
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let expected: &[&str] = if cfg!(unix) {
        &["hard.json", "link.json", "m.json"]
    } else {
        &["hard.json", "m.json"]
    };
    assert_eq!(names, expected);
}

#[test]
fn the_input_given_as_a_symlink_is_protected_too() {
    let models = Models::new();
    let model = food_bank(&models);
    let original = std::fs::read(&model).unwrap();
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&model, models.dir.path().join("link.json")).unwrap();
        let output = run(&["render", &models.path("link.json"), "-o", &model]);
        assert_eq!(status(&output), 2, "{}", stderr(&output));
        assert_eq!(std::fs::read(&model).unwrap(), original);
    }
}

#[test]
fn a_model_on_stdin_from_a_file_is_protected_too() {
    let models = Models::new();
    let model = food_bank(&models);
    let original = std::fs::read(&model).unwrap();
    let output = logicmodel()
        .args(["render", "-", "-o", &model])
        .stdin(std::fs::File::open(&model).unwrap())
        .output()
        .unwrap();
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("same file as an input"));
    assert_eq!(std::fs::read(&model).unwrap(), original);
}

#[test]
fn stdout_appending_to_the_input_is_refused() {
    let models = Models::new();
    let model = food_bank(&models);
    let original = std::fs::read(&model).unwrap();
    for args in [
        vec!["check", "--format", "json", model.as_str()],
        vec!["render", model.as_str(), "-o", "-"],
        vec!["kpi", model.as_str()],
    ] {
        let append = std::fs::OpenOptions::new()
            .append(true)
            .open(&model)
            .unwrap();
        let output = logicmodel().args(&args).stdout(append).output().unwrap();
        assert_eq!(status(&output), 2, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("stdout"), "{}", stderr(&output));
        assert_eq!(std::fs::read(&model).unwrap(), original, "{args:?}");
    }
}

#[test]
fn the_diagram_beside_a_markdown_report_is_never_the_input() {
    let models = Models::new();
    let model = models.write("plan.svg.json", CLEAN);
    // `-o plan.svg.md` puts the diagram at plan.svg.svg; name it the input instead.
    let output = run(&[
        "report",
        &model,
        "--format",
        "md",
        "-o",
        &models.path("r.md"),
        "--diagram",
        &model,
    ]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&model).unwrap(), CLEAN);
    assert!(!Path::new(&models.path("r.md")).exists());
}

#[test]
fn the_diagram_beside_a_markdown_report_replaces_only_its_own_file() {
    let models = Models::new();
    let model = food_bank(&models);
    let report = models.path("r.md");
    let diagram = models.path("r.svg");
    std::fs::write(&diagram, "my own drawing").unwrap();
    let refused = run(&["report", &model, "-o", &report]);
    assert_eq!(status(&refused), 2, "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("--diagram"),
        "{}",
        stderr(&refused)
    );
    assert_eq!(std::fs::read_to_string(&diagram).unwrap(), "my own drawing");
    assert!(!Path::new(&report).exists(), "nothing written when refused");

    // Naming it is the permission.
    let named = run(&["report", &model, "-o", &report, "--diagram", &diagram]);
    assert_eq!(status(&named), 0, "{}", stderr(&named));
    assert!(std::fs::read_to_string(&diagram)
        .unwrap()
        .starts_with("<svg"));

    // A diagram logicmodel wrote is replaced when the report is run again.
    std::fs::remove_file(&report).unwrap();
    let again = run(&["report", &model, "-o", &report]);
    assert_eq!(status(&again), 0, "{}", stderr(&again));
    assert!(std::fs::read_to_string(&report)
        .unwrap()
        .contains("](r.svg)"));
}

#[test]
fn two_outputs_of_one_run_cannot_be_the_same_file() {
    let models = Models::new();
    let model = food_bank(&models);
    let report = models.path("r.md");
    let output = run(&["report", &model, "-o", &report, "--diagram", &report]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("another output"),
        "{}",
        stderr(&output)
    );
}

// ------------------------------------------------- 2. devices and pipes

#[cfg(unix)]
#[test]
fn devices_are_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let models = Models::new();
    let model = food_bank(&models);
    for args in [
        vec!["render", model.as_str(), "-o", "/dev/null"],
        vec!["report", model.as_str(), "-o", "/dev/null"],
        vec!["kpi", model.as_str(), "-o", "/dev/null"],
        vec!["coverage", model.as_str(), "-o", "/dev/null"],
    ] {
        let output = run(&args);
        assert_eq!(status(&output), 0, "{args:?}: {}", stderr(&output));
        let metadata = std::fs::metadata("/dev/null").unwrap();
        assert!(metadata.file_type().is_char_device(), "{args:?}");
    }
}

#[test]
fn dev_stdout_is_stdout() {
    let models = Models::new();
    let model = food_bank(&models);
    let output = run(&["render", &model, "-o", "/dev/stdout"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with("<svg"),
        "the SVG went to stdout"
    );
    let dash = run(&["render", &model, "-o", "-"]);
    assert_eq!(dash.stdout, output.stdout);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_into_and_stays_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let models = Models::new();
    let model = food_bank(&models);
    let fifo = models.path("pipe.svg");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipping");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).expect("the FIFO is read"))
    };
    let output = run(&["render", &model, "-o", &fifo]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let bytes = reader.join().unwrap();
    assert!(bytes.starts_with(b"<svg"), "the SVG came through the FIFO");
    let metadata = std::fs::metadata(&fifo).unwrap();
    assert!(metadata.file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn a_socket_is_connected_to() {
    use std::io::Read;
    let models = Models::new();
    let model = food_bank(&models);
    let path = models.path("kpi.sock");
    let listener = std::os::unix::net::UnixListener::bind(&path).unwrap();
    let reader = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let mut text = String::new();
        stream.read_to_string(&mut text).unwrap();
        text
    });
    let output = run(&["kpi", &model, "--format", "csv", "-o", &path]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = reader.join().unwrap();
    assert!(
        text.starts_with("ID,"),
        "CSV, without a byte-order mark: {text}"
    );
}

// ------------------------------------------------- 3. read-only outputs

#[cfg(unix)]
#[test]
fn a_read_only_output_is_refused_and_kept() {
    use std::os::unix::fs::PermissionsExt;
    let models = Models::new();
    let model = food_bank(&models);
    let locked = models.write("locked.svg", "old");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
    let output = run(&["render", &model, "-o", &locked]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&locked).unwrap(), "old");
}

// ------------------------------------------------- 4. signals

/// A model big enough that laying it out takes a while (seconds in a
/// debug build): `layers` × `width` outcomes between activities and impacts.
fn slow_model(width: usize, layers: usize) -> String {
    let mut nodes = Vec::new();
    for i in 0..width {
        nodes.push(format!(
            r#"{{"id": "a{i}", "kind": "activity", "label": "Activity {i}", "to": ["o0-{i}", "o0-{}"]}}"#,
            (i * 7 + 3) % width
        ));
    }
    for layer in 0..layers {
        for i in 0..width {
            let next = |j: usize| {
                if layer + 1 == layers {
                    format!("i{}", j % width)
                } else {
                    format!("o{}-{}", layer + 1, j % width)
                }
            };
            nodes.push(format!(
                r#"{{"id": "o{layer}-{i}", "kind": "outcome", "term": "short", "label": "Outcome {layer} {i}", "to": ["{}", "{}"]}}"#,
                next(i),
                next(i * 13 + 5)
            ));
        }
    }
    for i in 0..width {
        nodes.push(format!(
            r#"{{"id": "i{i}", "kind": "impact", "label": "Impact {i}"}}"#
        ));
    }
    format!(
        r#"{{"format": 1, "title": "slow", "nodes": [{}]}}"#,
        nodes.join(",\n")
    )
}

fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".logicmodel-") && name.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
#[test]
fn a_signal_during_a_write_removes_the_temporary_file_and_keeps_the_old_one() {
    use std::os::unix::process::ExitStatusExt;
    let models = Models::new();
    let model = models.write("slow.json", slow_model(3_000, 1));
    for (signal, number) in [("TERM", 15), ("INT", 2), ("HUP", 1)] {
        let out = models.write("out.svg", "old");
        let mut child = logicmodel()
            .args(["render", &model, "-o", &out])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The temporary file is made before the layout starts.
        let started = std::time::Instant::now();
        while temporaries(models.dir.path()).is_empty() {
            if let Some(done) = child.try_wait().unwrap() {
                panic!("the render ended ({done}) before a temporary file was seen");
            }
            assert!(
                started.elapsed().as_secs() < 120,
                "no temporary file appeared"
            );
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let Ok(killed) = std::process::Command::new("kill")
            .args([format!("-{signal}"), child.id().to_string()])
            .status()
        else {
            child.kill().unwrap();
            child.wait().unwrap();
            eprintln!("no `kill` command to send SIG{signal}; skipping");
            return;
        };
        assert!(killed.success());
        let ended = child.wait().unwrap();
        assert_eq!(
            ended.signal(),
            Some(number),
            "ended by SIG{signal}: {ended}"
        );
        assert_eq!(
            temporaries(models.dir.path()),
            Vec::<String>::new(),
            "SIG{signal}"
        );
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "old", "SIG{signal}");
    }
}

// ------------------------------------------------- 5. terminal escape injection

/// A model whose ids, labels and texts carry escape sequences, an 8-bit
/// CSI, DEL and bidi overrides, and has an error (a dangling reference to a
/// hostile id) so that diagnostics quote it.
const HOSTILE: &str = "{\"format\": 1, \"title\": \"T\\u001b]0;pwned\\u0007\",
  \"sections\": [{\"id\": \"s\\u001b[2J\", \"label\": \"S\\u009b31m\"}],
  \"nodes\": [
    {\"id\": \"a\\u001b[2J\\u001b[31mPWNED\\u0007\", \"kind\": \"activity\", \"section\": \"s\\u001b[2J\",
     \"label\": \"Act\\u202eevil\\u2066\", \"to\": [\"o\\u009b2J\", \"i\"], \"kpis\": [\"k\\u007f\"]},
    {\"id\": \"i\", \"kind\": \"impact\", \"label\": \"Imp\\u001b[5m\\u0085\"}
  ],
  \"kpis\": [{\"id\": \"k\\u007f\", \"indicator\": \"Ind\\u001b[8m\\u200f\", \"unit\": \"u\\u009d\",
    \"baseline\": {\"year\": 2020, \"value\": 1}, \"target\": {\"year\": 2030, \"value\": 9}}]
}";

/// The same with a raw (not escaped) DEL, C1 and bidi override inside a
/// string, which JSON allows, so the quoted source line carries them.
fn hostile_raw() -> String {
    HOSTILE.replace("Act\\u202eevil", "Act\u{202e}evil\u{9b}2J\u{7f}")
}

#[test]
fn no_control_character_from_a_model_reaches_the_terminal() {
    let models = Models::new();
    let model = models.write("hostile.json", hostile_raw());
    let id = "a\u{1b}[2J\u{1b}[31mPWNED\u{7}";
    let runs: Vec<Vec<&str>> = vec![
        vec!["check", &model],
        vec!["check", "--deny", "warnings", &model],
        vec!["render", &model, "-o", "-"],
        vec!["kpi", &model],
        vec!["kpi", &model, "--format", "md"],
        vec!["kpi", &model, "--format", "csv"],
        vec!["kpi", &model, "--format", "json"],
        vec!["coverage", &model],
        vec!["coverage", &model, "--format", "md"],
        vec!["coverage", &model, "--format", "csv"],
        vec!["coverage", &model, "--format", "json"],
        vec!["trace", &model, id],
        vec!["trace", &model, "i"],
        vec!["trace", &model, id, "--format", "json"],
        vec!["trace", &model, "a\u{1b}[2J"],
        vec!["check", "--format", "json", &model],
        vec!["render", &model, "--section", "nope", "-o", "-"],
    ];
    for args in runs {
        for color in ["never", "always"] {
            let mut all = args.clone();
            if matches!(all[0], "check" | "kpi" | "coverage" | "trace") {
                all.extend(["--color", color]);
            }
            let output = run(&all);
            let code = status(&output);
            assert!(code <= 2, "{args:?}");
            // CSV ends its lines with CRLF (RFC 4180): ours, not the model's.
            let out = String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n");
            // The SVG on stdout is not for a terminal, and is escaped XML.
            if all[0] != "render" {
                assert_no_control_characters(&format!("{args:?} stdout"), &out);
            }
            let err = stderr(&output);
            // Our own colours are the only escape sequences allowed.
            let plain = strip_our_colours(&err);
            assert_no_control_characters(&format!("{args:?} stderr"), &plain);
        }
    }
}

/// stderr without the SGR colour sequences annotate-snippets writes.
fn strip_our_colours(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\u{1b}[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[end..].starts_with('m') {
            rest = &after[end + 1..];
        } else {
            // Not a colour: keep it, so the check above finds it.
            out.push_str("\u{1b}[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn hostile_ids_are_shown_as_visible_escapes_after_the_carets_and_in_the_snippet() {
    let models = Models::new();
    let model = models.write("hostile.json", hostile_raw());
    let output = run(&["check", "--color", "never", &model]);
    let err = stderr(&output);
    assert!(err.contains("a\\u{1b}[2J\\u{1b}[31mPWNED\\u{7}"), "{err}");
    assert!(err.contains("o\\u{9b}2J"), "{err}");
    assert!(
        err.contains("Act\\u{202e}evil\\u{9b}2J\\u{7f}"),
        "the snippet: {err}"
    );
}

// ------------------------------------------------- 6. CSV formula injection

#[test]
fn csv_cells_cannot_carry_formulas_or_controls_and_numbers_stay_numbers() {
    let models = Models::new();
    let model = models.write(
        "formulas.json",
        r#"{"format": 1, "title": "t",
          "nodes": [
            {"id": "a", "kind": "activity", "label": "=HYPERLINK(\"http://evil\",\"x\")", "to": ["i"], "kpis": ["k1", "k2"]},
            {"id": "i", "kind": "impact", "label": "@SUM(A1:A9)"}],
          "kpis": [
            {"id": "k1", "indicator": "+1+1", "unit": "-2+3", "baseline": {"year": 2020, "value": -5},
             "target": {"year": 2030, "value": 10}, "actuals": [{"year": 2024, "value": -2.5}]},
            {"id": "k2", "indicator": "\t=1+1", "unit": "\r=2", "target_note": "=cmd|' /C calc'!A0\u001b"}]}"#,
    );
    for command in ["kpi", "coverage"] {
        let output = run(&[command, &model, "--format", "csv"]);
        assert_eq!(status(&output), 0, "{}", stderr(&output));
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(output.stdout.as_slice());
        let mut cells = Vec::new();
        for record in reader.records() {
            cells.extend(record.unwrap().iter().map(str::to_owned));
        }
        for cell in &cells {
            assert!(
                !cell.chars().any(|c| c.is_control() && c != '\n'),
                "{command}: control in {cell:?}"
            );
            let first = cell.trim_start().chars().next();
            if matches!(first, Some('=' | '+' | '-' | '@')) {
                assert!(
                    cell.parse::<f64>().is_ok(),
                    "{command}: a live formula {cell:?}"
                );
            }
        }
        if command == "kpi" {
            for expected in ["'+1+1", "'-2+3", "' =1+1", "'=2", "-5", "-2.5"] {
                assert!(
                    cells.iter().any(|c| c == expected),
                    "{expected} in {cells:?}"
                );
            }
            assert!(cells.iter().any(|c| c.starts_with("'=cmd|")), "{cells:?}");
        }
    }
}

// ------------------------------------------------- 7. bounded resources

#[test]
fn the_widest_period_is_reported_without_overflow() {
    let models = Models::new();
    let model = models.write(
        "period.json",
        r#"{"format": 1, "title": "t", "period": {"start": -2147483648, "end": 2147483647},
          "nodes": [{"id": "a", "kind": "activity", "label": "A", "to": ["i"], "work_items": ["w"]},
                    {"id": "i", "kind": "impact", "label": "I"}],
          "work_items": [{"id": "w", "title": "W", "schedule": {"2024": ["x"]}}]}"#,
    );
    let report = models.path("r.html");
    let output = run(&["report", &model, "-o", &report]);
    assert!(status(&output) <= 1, "{}", stderr(&output));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.len() < 1_000_000, "{} bytes", html.len());
    assert!(html.contains(">2024</th>"));
}

/// `activities` × `impacts` activities each linked to every impact.
fn complete_bipartite(activities: usize, impacts: usize) -> String {
    let targets: Vec<String> = (0..impacts).map(|i| format!("\"i{i}\"")).collect();
    let targets = targets.join(",");
    let mut text = String::from(r#"{"format": 1, "title": "bipartite", "nodes": ["#);
    for a in 0..activities {
        text.push_str(&format!(
            r#"{{"id": "a{a}", "kind": "activity", "label": "A", "to": [{targets}]}},"#
        ));
    }
    let impacts: Vec<String> = (0..impacts)
        .map(|i| format!(r#"{{"id": "i{i}", "kind": "impact", "label": "I"}}"#))
        .collect();
    text.push_str(&impacts.join(","));
    text.push_str("]}");
    text
}

#[test]
fn a_drawing_over_the_limits_stops_before_the_layout_with_the_limit_named() {
    let models = Models::new();
    // 800 × 800 = 640,000 arrows, over the limit of 500,000.
    let model = models.write("bipartite.json", complete_bipartite(800, 800));
    for args in [
        vec!["render", model.as_str(), "-o", "out.svg"],
        vec!["report", model.as_str(), "-o", "out.html"],
    ] {
        let args: Vec<String> = args
            .iter()
            .map(|a| {
                if a.starts_with("out.") {
                    models.path(a)
                } else {
                    (*a).to_owned()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args);
        assert_eq!(status(&output), 2, "{args:?}: {}", stderr(&output));
        let err = stderr(&output);
        assert!(err.contains("640,000 arrows"), "{err}");
        assert!(err.contains("limit of 500,000"), "{err}");
        assert!(err.contains("docs/security.md"), "{err}");
    }
    assert!(temporaries(models.dir.path()).is_empty());
    assert!(!Path::new(&models.path("out.svg")).exists());
}

#[test]
fn coverage_over_its_limit_stops_with_the_limit_named() {
    let models = Models::new();
    // 3,200 activities through one output to 3,200 impacts: 10.24 million
    // pairs from 6,401 nodes, over the coverage limit of 10 million.
    let n = 3_200;
    let mut nodes: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"id": "a{i}", "kind": "activity", "label": "A", "to": ["w"]}}"#))
        .collect();
    let impacts: Vec<String> = (0..n).map(|i| format!("\"i{i}\"")).collect();
    nodes.push(format!(
        r#"{{"id": "w", "kind": "output", "label": "W", "to": [{}]}}"#,
        impacts.join(",")
    ));
    nodes.extend((0..n).map(|i| format!(r#"{{"id": "i{i}", "kind": "impact", "label": "I"}}"#)));
    let model = models.write(
        "waist.json",
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ),
    );
    let output = run(&["coverage", &model, "--format", "json"]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert!(stderr(&output).contains("10000000"), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
}

// ------------------------------------------------- 8. exit status and pipes

#[test]
fn a_closed_stderr_does_not_stop_the_output_file_or_change_the_status() {
    let models = Models::new();
    // An error (exit 1) with enough diagnostics to fill a pipe.
    let mut nodes: Vec<String> = (0..3_000)
        .map(|i| {
            format!(r#"{{"id": "a{i}", "kind": "activity", "label": "A", "to": ["nowhere{i}"]}}"#)
        })
        .collect();
    nodes.push(r#"{"id": "i", "kind": "impact", "label": "I"}"#.to_owned());
    let bad = models.write(
        "bad.json",
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ),
    );
    let good = food_bank(&models);
    for (model, expected) in [(&good, 0), (&bad, 1)] {
        let out = models.path("out.svg");
        let _ = std::fs::remove_file(&out);
        // `2>&1 | true`: the reader of stderr is gone before anything is written.
        let mut child = logicmodel()
            .args(["render", model, "-o", &out])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stderr.take());
        let ended = child.wait().unwrap();
        assert_eq!(ended.code(), Some(expected), "{model}");
        assert!(
            std::fs::read_to_string(&out).unwrap().starts_with("<svg"),
            "{model}"
        );
    }
    // `check BAD 2>&1 | head -1`: stderr closes after the first line.
    let mut child = logicmodel()
        .args(["check", &bad])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    let mut pipe = child.stderr.take().unwrap();
    std::io::Read::read_exact(&mut pipe, &mut first).unwrap();
    drop(pipe);
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_stderr_or_stdout_is_never_a_panic() {
    let models = Models::new();
    let good = food_bank(&models);
    let bad = models.write("bad.json", r#"{"format": 1, "title": "t", "nodes": [{"id": "a", "kind": "activity", "label": "A", "to": ["x"]}]}"#);
    for (model, expected) in [(&good, 0), (&bad, 1)] {
        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let output = logicmodel()
            .args(["check", model])
            .stderr(full)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(expected), "{model}");
    }
    // A full stdout is a real failure of the command: exit 2, said on stderr.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let output = logicmodel()
        .args(["kpi", &good])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("cannot write to stdout"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_stdout_keeps_the_exit_status_of_a_model_with_errors() {
    let models = Models::new();
    let mut nodes: Vec<String> = (0..5_000)
        .map(|i| format!(r#"{{"id": "a{i}", "kind": "activity", "label": "A"}}"#))
        .collect();
    nodes.push(r#"{"id": "i", "kind": "impact", "label": "I"}"#.to_owned());
    let bad = models.write(
        "bad.json",
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ),
    );
    for args in [
        vec!["check", "--format", "json", bad.as_str()],
        vec!["coverage", bad.as_str()],
    ] {
        let mut child = logicmodel()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        assert_eq!(child.wait().unwrap().code(), Some(1), "{args:?}");
    }
}

// ------------------------------------------------- 10. unclear paths

#[test]
fn paths_that_cannot_be_files_are_explained() {
    let models = Models::new();
    let model = food_bank(&models);
    let cases = [
        (".".to_owned(), "is a directory"),
        (models.path("newdir/"), "names a directory"),
        (models.path("missing/out.svg"), "the directory"),
        (format!("{model}/out.svg"), "is a file, not a directory"),
    ];
    for (target, expected) in cases {
        let output = run(&["render", &model, "-o", &target]);
        assert_eq!(status(&output), 2, "{target}");
        let err = stderr(&output);
        assert!(err.contains(expected), "{target}: {err}");
        assert!(!err.contains("os error"), "{target}: {err}");
    }
}

#[test]
fn a_directory_on_stdin_is_named_as_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let output = logicmodel()
        .args(["check", "-"])
        .stdin(std::fs::File::open(dir.path()).unwrap())
        .output()
        .unwrap();
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).contains("stdin is a directory"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_saturated_path_count_says_more_than() {
    let models = Models::new();
    // 70 layers of two outputs, each linked to both of the next: 2^70 paths.
    let mut nodes =
        vec![r#"{"id": "a", "kind": "activity", "label": "A", "to": ["o0x", "o0y"]}"#.to_owned()];
    for layer in 0..70 {
        let next = if layer == 69 {
            r#""i""#.to_owned()
        } else {
            format!(r#""o{0}x", "o{0}y""#, layer + 1)
        };
        for side in ["x", "y"] {
            nodes.push(format!(
                r#"{{"id": "o{layer}{side}", "kind": "output", "label": "O", "to": [{next}]}}"#
            ));
        }
    }
    nodes.push(r#"{"id": "i", "kind": "impact", "label": "I"}"#.to_owned());
    let model = models.write(
        "ladder.json",
        format!(
            r#"{{"format": 1, "title": "t", "nodes": [{}]}}"#,
            nodes.join(",")
        ),
    );
    for format in ["table", "md", "csv"] {
        let output = run(&["coverage", &model, "--format", format]);
        let text = stdout(&output);
        assert!(text.contains("more than 10^19"), "{format}: {text}");
        assert!(!text.contains("18446744073709551615"), "{format}: {text}");
    }
    let trace = run(&["trace", &model, "a", "--max-paths", "5"]);
    assert!(
        stdout(&trace).contains("more than 5 paths"),
        "{}",
        stdout(&trace)
    );
}

// ------------------------------------------------- 11. output extensions

#[test]
fn an_extension_a_command_cannot_write_is_refused_with_the_ones_it_can() {
    let models = Models::new();
    let model = food_bank(&models);
    let cases = [
        ("render", "out.jpg", ".svg, .png"),
        ("render", "out.svgz", ".svg, .png"),
        ("render", "out", ".svg, .png"),
        ("report", "out.pdf", ".html, .htm, .md"),
        ("kpi", "out.xlsx", ".txt, .md, .markdown, .csv, .json"),
        ("coverage", "out.svg", ".csv"),
        ("trace", "out.csv", ".txt, .json"),
    ];
    for (command, name, listed) in cases {
        let target = models.path(name);
        let mut args = vec![command, model.as_str(), "-o", target.as_str()];
        if command == "trace" {
            args.insert(2, "a-surplus-rescue");
        }
        let output = run(&args);
        assert_eq!(status(&output), 2, "{command} {name}: {}", stderr(&output));
        assert!(
            stderr(&output).contains(listed),
            "{command} {name}: {}",
            stderr(&output)
        );
        assert!(!Path::new(&target).exists(), "{command} {name}");
    }
    assert!(temporaries(models.dir.path()).is_empty());
}

#[test]
fn the_extension_chooses_the_format_and_must_agree_with_format() {
    let models = Models::new();
    let model = food_bank(&models);
    let csv = models.path("kpi.csv");
    let output = run(&["kpi", &model, "-o", &csv]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with("\u{feff}ID,".as_bytes()),
        "a .csv file has the BOM"
    );

    let plain = models.path("plain.csv");
    let output = run(&["kpi", &model, "-o", &plain, "--no-bom"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(std::fs::read(&plain).unwrap().starts_with(b"ID,"));

    let stdout_csv = run(&["kpi", &model, "--format", "csv"]);
    assert!(stdout_csv.stdout.starts_with(b"ID,"), "no BOM on stdout");
    let with_bom = run(&["kpi", &model, "--format", "csv", "--bom"]);
    assert!(with_bom.stdout.starts_with("\u{feff}".as_bytes()));

    let json = models.path("kpi.json");
    assert_eq!(status(&run(&["kpi", &model, "-o", &json])), 0);
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert!(value["kpis"].is_array(), "{value}");

    let md = models.path("report.md");
    assert_eq!(status(&run(&["report", &model, "-o", &md])), 0);
    assert!(std::fs::read_to_string(&md).unwrap().starts_with('#'));
    assert!(Path::new(&models.path("report.svg")).exists());

    let mismatch = run(&[
        "kpi",
        &model,
        "--format",
        "json",
        "-o",
        &models.path("k.csv"),
    ]);
    assert_eq!(status(&mismatch), 2);
    assert!(
        stderr(&mismatch).contains("--format json"),
        "{}",
        stderr(&mismatch)
    );
}

#[test]
fn a_model_on_stdin_still_works_with_every_output() {
    let output = run_with_stdin(&["render", "-", "-o", "-"], CLEAN.as_bytes());
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(stdout(&output).starts_with("<svg"));
}

#[test]
fn fmt_rewrites_its_input_in_place_but_keeps_every_other_rule() {
    let models = Models::new();
    // Not canonical: all on one line.
    let messy = CLEAN.replace('\n', " ");
    let model = models.write("messy.json", &messy);
    let output = run(&["fmt", &model]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert_ne!(
        std::fs::read_to_string(&model).unwrap(),
        messy,
        "rewritten in place"
    );
    assert!(temporaries(models.dir.path()).is_empty());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let locked = models.write("locked.json", &messy);
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o444)).unwrap();
        let output = run(&["fmt", &locked]);
        assert_eq!(status(&output), 2, "{}", stderr(&output));
        assert!(stderr(&output).contains("read-only"), "{}", stderr(&output));
        assert_eq!(std::fs::read_to_string(&locked).unwrap(), messy);
    }
    // `fmt --check *.json | head -1`: a closed stdout is no panic.
    let files: Vec<String> = (0..2_000)
        .map(|i| models.write(&format!("m{i}-{}.json", "x".repeat(40)), &messy))
        .collect();
    let mut child = logicmodel()
        .arg("fmt")
        .arg("--check")
        .args(&files)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let ended = child.wait_with_output().unwrap();
    assert_eq!(
        ended.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&ended.stderr)
    );
    assert!(!String::from_utf8_lossy(&ended.stderr).contains("panicked"));
}
