//! `logicmodel render`'s drawing options, run as a user runs them: `--fit`
//! (pages named predictably, what it did said on stderr, readable text),
//! `--kpis` and `--show-issues` as PNG.

mod support;

use std::path::Path;
use support::{repo_file, run, status, stderr};

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn fit_writes_one_numbered_file_per_page_and_says_what_it_did() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.svg");
    let seed = repo_file("models/gotsu-smart-city.json");
    let output = run(&[
        "render",
        seed.to_str().unwrap(),
        "--fit",
        "16:9",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("fit to 16:9 slide (13.33 × 7.5 in)"),
        "{said}"
    );
    assert!(said.contains("minimum 9 pt"), "{said}");
    assert!(
        !said.contains("below the"),
        "every page is readable: {said}"
    );
    let names = files_in(dir.path());
    assert!(names.len() > 1, "{names:?}");
    for name in &names {
        // seed-1.svg … seed-N.svg, and nothing else (no seed.svg, no temporary file).
        let number: usize = name
            .strip_prefix("seed-")
            .and_then(|n| n.strip_suffix(".svg"))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        assert!(number >= 1 && number <= names.len(), "{names:?}");
        let svg = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert!(svg.contains(r#"width="13.333in""#) && svg.contains(r#"height="7.5in""#));
    }
    assert!(
        said.contains(&format!("seed-{}.svg", names.len())),
        "{said}"
    );
}

#[test]
fn fit_of_a_small_model_writes_the_file_named() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("food.png");
    let model = repo_file("models/community-food-bank.json");
    let output = run(&[
        "render",
        model.to_str().unwrap(),
        "--fit",
        "a3-landscape",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    assert!(
        stderr(&output).contains("the whole drawing on one page"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files_in(dir.path()), ["food.png"]);
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

#[test]
fn fit_refuses_an_unknown_page_and_several_pages_on_stdout() {
    let seed = repo_file("models/gotsu-smart-city.json");
    let output = run(&[
        "render",
        seed.to_str().unwrap(),
        "--fit",
        "letter",
        "-o",
        "-",
    ]);
    assert_eq!(status(&output), 2);
    let said = stderr(&output);
    assert!(
        said.contains("16:9") && said.contains("a3-landscape"),
        "lists the pages: {said}"
    );
    let output = run(&["render", seed.to_str().unwrap(), "--fit", "16:9", "-o", "-"]);
    assert_eq!(status(&output), 2);
    assert!(
        stderr(&output).contains("cannot all go to stdout"),
        "{}",
        stderr(&output)
    );
    assert!(output.stdout.is_empty());
}

#[test]
fn kpis_and_issues_render_to_png() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.png");
    let seed = repo_file("models/gotsu-smart-city.json");
    let output = run(&[
        "render",
        seed.to_str().unwrap(),
        "--kpis",
        "--show-issues",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let png = std::fs::read(&out).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let svg = run(&[
        "render",
        seed.to_str().unwrap(),
        "--kpis",
        "--show-issues",
        "-o",
        "-",
    ]);
    let text = String::from_utf8(svg.stdout).unwrap();
    assert!(text.contains(r#"class="issue-list""#));
    assert!(text.contains(r#"class="kpis""#));
}

#[test]
fn fit_stops_early_on_a_drawing_too_large_for_pages() {
    let nodes: Vec<String> = (0..2001)
        .map(|i| format!(r#"{{"id": "a{i}", "kind": "activity", "label": "Activity {i}"}}"#))
        .collect();
    let text = format!(
        r#"{{"format": 1, "title": "big", "nodes": [{}]}}"#,
        nodes.join(",")
    );
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("big.json");
    std::fs::write(&model, text).unwrap();
    let out = dir.path().join("big.svg");
    let output = run(&[
        "render",
        model.to_str().unwrap(),
        "--fit",
        "a3",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 2, "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("2001 boxes") && said.contains("limited to 2000"),
        "{said}"
    );
    assert!(!out.exists());
}

#[test]
fn fit_writes_pdf_pages_of_the_page_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seed.pdf");
    let seed = repo_file("models/gotsu-smart-city.json");
    let output = run(&[
        "render",
        seed.to_str().unwrap(),
        "--fit",
        "a3-landscape",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(status(&output), 0, "{}", stderr(&output));
    let names = files_in(dir.path());
    assert_eq!(
        names,
        ["seed-1.pdf", "seed-2.pdf", "seed-3.pdf"],
        "one page per section"
    );
    for name in &names {
        let pdf = std::fs::read(dir.path().join(name)).unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{name}");
        // A3 landscape, 420 × 297 mm = 1190.55 × 841.89 pt.
        let text = String::from_utf8_lossy(&pdf);
        assert!(
            text.contains("MediaBox[0 0 1190.55"),
            "{name} is not A3 landscape"
        );
        assert!(text.contains(" 841.8"), "{name} is not A3 landscape");
    }
}

#[test]
fn order_source_keeps_the_file_order_and_a_bad_order_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("table.json");
    // Crossing minimisation would draw `b2` above `b1`.
    std::fs::write(
        &model,
        r#"{"format": 1, "title": "t", "nodes": [
          {"id": "b1", "kind": "activity", "label": "b1", "to": ["x2"]},
          {"id": "b2", "kind": "activity", "label": "b2", "to": ["x1"]},
          {"id": "x1", "kind": "output", "label": "x1", "to": ["i"]},
          {"id": "x2", "kind": "output", "label": "x2", "to": ["i"]},
          {"id": "i", "kind": "impact", "label": "i"}]}"#,
    )
    .unwrap();
    let y_of = |svg: &str, id: &str| -> f64 {
        let node = svg
            .split(&format!(r#"data-id="{id}""#))
            .nth(1)
            .expect("the node is drawn");
        let rect = &node[node.find("<rect").unwrap()..];
        let y = rect.split(" y=\"").nth(1).unwrap();
        y[..y.find('"').unwrap()].parse().unwrap()
    };
    let draw = |order: &str| {
        let output = run(&[
            "render",
            model.to_str().unwrap(),
            "--order",
            order,
            "-o",
            "-",
        ]);
        assert_eq!(status(&output), 0, "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let source = draw("source");
    assert!(y_of(&source, "b1") < y_of(&source, "b2"));
    assert!(y_of(&source, "x1") < y_of(&source, "x2"));
    let crossings = draw("crossings");
    assert!(
        y_of(&crossings, "b1") > y_of(&crossings, "b2")
            || y_of(&crossings, "x1") > y_of(&crossings, "x2")
    );
    let output = run(&[
        "render",
        model.to_str().unwrap(),
        "--order",
        "file",
        "-o",
        "-",
    ]);
    assert_eq!(status(&output), 2);
    assert!(stderr(&output).contains("source"), "{}", stderr(&output));
}
