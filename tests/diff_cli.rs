//! `logicmodel diff OLD NEW`, run as a user runs it: the seed's revision
//! (第1.1版 → 第1.2版) in text and JSON, the drawing's marks, the Markdown
//! paper, exit statuses and safe terminal text.

mod support;

use std::path::Path;
use support::{repo_file, run, status, stderr, stdout};

use serde_json::Value;

fn seed_pair() -> (String, String) {
    (
        repo_file("models/gotsu-smart-city-v1.1.json")
            .display()
            .to_string(),
        repo_file("models/gotsu-smart-city.json")
            .display()
            .to_string(),
    )
}

const NEW_WORK: [(&str, &str); 3] = [
    ("wi-remote", "リモート窓口"),
    ("wi-emergency", "救急医療ICTネットワーク整備"),
    ("wi-phone", "電話改革"),
];

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

const CLUB_V1: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "revision": "v1",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "Weekly reading sessions", "to": ["o"]},
    {"id": "o", "kind": "output", "label": "Sessions held", "to": ["i"]},
    {"id": "old", "kind": "output", "label": "Leaflets printed", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "Children read for pleasure"}
  ]
}
"#;

const CLUB_V2: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "revision": "v2",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "Twice-weekly reading sessions", "to": ["o", "p"]},
    {"id": "o", "kind": "output", "label": "Sessions held", "to": ["i"]},
    {"id": "p", "kind": "output", "label": "Books lent\u001b[2J", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "Children read for pleasure"}
  ]
}
"#;

#[test]
fn the_seed_diff_lists_the_three_new_work_items_in_text() {
    let (old, new) = seed_pair();
    let output = run(&["diff", &old, &new]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.contains("第1.1版（2023-09-30） → 第1.2版（2024-03-26）"),
        "{text}"
    );
    let added = text
        .split("\n削除（")
        .next()
        .and_then(|t| t.split("\n新規（").nth(1))
        .expect("a 新規 group comes first");
    for (id, title) in NEW_WORK {
        assert!(
            added.contains(&format!("+ {id}  {title}")),
            "{id} not added:\n{added}"
        );
    }
    // The KPIs 第1.2版 added, with their targets.
    assert!(
        added.contains("+ kpi-remote-sites  リモート窓口設置個所"),
        "{added}"
    );
    assert!(added.contains("目標値: 3箇所（2026年度）"), "{added}");
    assert!(text.contains("\n変更（"), "{text}");
}

#[test]
fn the_seed_diff_lists_the_three_new_work_items_in_json() {
    let (old, new) = seed_pair();
    let output = run(&["diff", &old, &new, "--format", "json"]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let report: Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    assert_eq!(report["format"], 1);
    assert_eq!(report["old"]["revision"], "第1.1版");
    assert_eq!(report["new"]["revision"], "第1.2版");
    let changes = report["changes"].as_array().unwrap();
    for (id, title) in NEW_WORK {
        let change = changes
            .iter()
            .find(|c| c["kind"] == "work_item" && c["id"] == id)
            .unwrap_or_else(|| panic!("{id} is not in the changes"));
        assert_eq!(change["change"], "added");
        assert_eq!(change["label"], title);
        assert_eq!(change["fields"]["title"]["new"], title);
        assert_eq!(change["fields"]["new_in_revision"]["new"], true);
    }
    let kpi = changes
        .iter()
        .find(|c| c["kind"] == "kpi" && c["id"] == "kpi-remote-sites")
        .expect("the remote-counter KPI was added");
    assert_eq!(kpi["change"], "added");
    assert_eq!(kpi["fields"]["target"]["new"]["value"], 3.0);
    // Every change has the documented keys.
    for change in changes {
        for key in ["change", "kind", "id", "label"] {
            assert!(change.get(key).is_some(), "{key} missing in {change}");
        }
        if change["change"] == "changed" {
            let fields = change["fields"].as_object().unwrap();
            assert!(!fields.is_empty(), "{change}");
            for field in fields.values() {
                assert!(field.get("old").is_some() && field.get("new").is_some());
            }
        }
    }
    assert_eq!(report["summary"]["added"], report_count(changes, "added"));
}

fn report_count(changes: &[Value], change: &str) -> usize {
    changes.iter().filter(|c| c["change"] == change).count()
}

#[test]
fn the_seed_diff_drawing_marks_added_changed_and_the_legend() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = seed_pair();
    let svg_path = dir.path().join("changes.svg");
    let output = run(&["diff", &old, &new, "-o", svg_path.to_str().unwrap()]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(stderr(&output).contains("38 added"), "{}", stderr(&output));
    let svg = std::fs::read_to_string(&svg_path).unwrap();
    for (id, _) in NEW_WORK {
        // The work item's box is marked added.
        let model: Value = serde_json::from_str(&std::fs::read_to_string(&new).unwrap()).unwrap();
        let node = model["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| {
                n["work_items"]
                    .as_array()
                    .is_some_and(|items| items.iter().any(|w| w == id))
            })
            .and_then(|n| n["id"].as_str())
            .expect("a box lists the work item");
        let group = format!(r#"class="node activity added" data-id="{node}""#);
        assert!(svg.contains(&group), "{node} ({id}) not marked added");
    }
    assert!(svg.contains(r#"class="edge added""#));
    assert!(svg.contains(" changed\""));
    assert!(svg.contains("marks-legend"));
    assert!(svg.contains(">\n新規\n</text>"));

    let png_path = dir.path().join("changes.png");
    let output = run(&[
        "diff",
        &old,
        &new,
        "-o",
        png_path.to_str().unwrap(),
        "--scale",
        "0.5",
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let png = std::fs::read(&png_path).unwrap();
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn english_models_get_added_removed_changed_and_labels() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.json", CLUB_V1);
    let new = write(dir.path(), "v2.json", CLUB_V2);
    let output = run(&["diff", &old, &new]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("\nAdded ("), "{text}");
    assert!(text.contains("\nRemoved ("), "{text}");
    assert!(text.contains("\nChanged ("), "{text}");
    assert!(text.contains("- old  Leaflets printed"), "{text}");
    assert!(
        text.contains("Weekly reading sessions → Twice-weekly reading sessions"),
        "{text}"
    );
    // Model text reaches the terminal without its control characters.
    assert!(text.contains("Books lent\\u{1b}[2J"), "{text}");
    assert!(!text.contains('\u{1b}'));
}

#[test]
fn the_removed_box_is_drawn_faded_and_dashed() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.json", CLUB_V1);
    let new = write(dir.path(), "v2.json", CLUB_V2);
    let out = dir.path().join("changes.svg");
    let output = run(&["diff", &old, &new, "-o", out.to_str().unwrap()]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let svg = std::fs::read_to_string(out).unwrap();
    let removed = svg
        .split(r#"<g class="node output removed""#)
        .nth(1)
        .expect("the removed box is drawn");
    let group_head = &removed[..removed.find('>').unwrap()];
    assert!(group_head.contains(r#"opacity="0.5""#), "{group_head}");
    assert!(removed[..removed.find("</g>").unwrap()].contains("stroke-dasharray"));
    assert!(svg.contains(r#"class="edge removed""#));
    assert!(svg.contains(r#"class="node output added""#));
}

#[test]
fn exit_code_is_1_only_when_asked_and_the_models_differ() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.json", CLUB_V1);
    let new = write(dir.path(), "v2.json", CLUB_V2);
    assert_eq!(status(&run(&["diff", &old, &new])), 0);
    assert_eq!(status(&run(&["diff", "--exit-code", &old, &new])), 1);
    let same = run(&["diff", "--exit-code", &old, &old]);
    assert_eq!(status(&same), 0);
    assert!(stdout(&same).contains("No changes."), "{}", stdout(&same));
}

#[test]
fn an_unreadable_file_exits_2_and_a_broken_model_exits_1_with_its_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.json", CLUB_V1);
    let missing = dir.path().join("missing.json").display().to_string();
    let output = run(&["diff", &old, &missing]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).contains("missing.json"),
        "{}",
        stderr(&output)
    );

    // An arrow to a box that does not exist: a load error, reported as
    // `check` reports it; the diff is still shown.
    let broken = write(
        dir.path(),
        "broken.json",
        &CLUB_V1.replace(r#""to": ["o"]"#, r#""to": ["nowhere"]"#),
    );
    let output = run(&["diff", &old, &broken]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    assert!(stderr(&output).contains("error["), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("broken.json"),
        "{}",
        stderr(&output)
    );

    let not_json = write(dir.path(), "not.json", "{ not json");
    let output = run(&["diff", &old, &not_json, "--format", "json"]);
    assert_eq!(status(&output), 1, "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
}

#[test]
fn the_markdown_paper_is_written_and_never_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let old = write(dir.path(), "v1.json", CLUB_V1);
    let new = write(dir.path(), "v2.json", CLUB_V2);
    let paper = dir.path().join("changes.md");
    let output = run(&["diff", &old, &new, "-o", paper.to_str().unwrap()]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let text = std::fs::read_to_string(&paper).unwrap();
    assert!(text.starts_with("# Changes: Reading club\n"), "{text}");
    assert!(text.contains("Leaflets printed"));
    assert!(!text.contains('\u{1b}'));

    // `-o` naming an input is refused and the input is left as it was.
    let output = run(&["diff", &old, &new, "-o", &new, "--format", "json"]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&new).unwrap(), CLUB_V2);
    // A drawing with --format is a usage mistake.
    let svg = dir.path().join("x.svg");
    let output = run(&[
        "diff",
        &old,
        &new,
        "-o",
        svg.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(status(&output), 2);
    assert!(!svg.exists());
}

#[test]
fn report_since_adds_the_changes_section_and_marks_the_diagram() {
    let dir = tempfile::tempdir().unwrap();
    let (old, new) = seed_pair();
    let html_path = dir.path().join("report.html");
    let output = run(&[
        "report",
        &new,
        "--since",
        &old,
        "-o",
        html_path.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let html = std::fs::read_to_string(&html_path).unwrap();
    let section = html
        .split(r#"<section id="changes">"#)
        .nth(1)
        .expect("a changes section");
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("前の版からの変更（第1.1版から）"));
    for (id, title) in NEW_WORK {
        let cells = format!("<td>{id}</td><td data-label=\"名称\">{title}</td>");
        assert!(section.contains(&cells), "{cells}");
    }
    assert!(html.contains(r##"<a href="#changes">"##));
    assert!(html.contains(r#"class="node activity added""#));
    assert!(html.contains(" changed\""));

    let md_path = dir.path().join("report.md");
    let output = run(&[
        "report",
        &new,
        "--since",
        &old,
        "-o",
        md_path.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let markdown = std::fs::read_to_string(&md_path).unwrap();
    assert!(
        markdown.contains("\n## 前の版からの変更（第1.1版から）\n"),
        "{markdown}"
    );
    for (_, title) in NEW_WORK {
        assert!(markdown.contains(title));
    }
    let svg = std::fs::read_to_string(dir.path().join("report.svg")).unwrap();
    assert!(svg.contains(r#"class="node activity added""#));

    // Without --since, neither.
    let output = run(&["report", &new, "-o", html_path.to_str().unwrap()]);
    assert_eq!(status(&output), 0);
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(!html.contains(r#"<section id="changes">"#));
    assert!(!html.contains(" added\""));

    // An unreadable OLD: exit 2, nothing written.
    let missing = dir.path().join("gone.json").display().to_string();
    let out = dir.path().join("never.html");
    let output = run(&[
        "report",
        &new,
        "--since",
        &missing,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 2);
    assert!(!out.exists());
}
