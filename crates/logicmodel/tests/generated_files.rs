//! Generated files have one generator: these tests fail when a checked-in
//! copy is stale, and say how to regenerate it.

use std::path::PathBuf;

fn repo_file(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

#[test]
fn checked_in_schema_matches_the_rust_types() {
    let generated =
        serde_json::to_string_pretty(&logicmodel::format::json_schema()).unwrap() + "\n";
    let path = repo_file("docs/logicmodel.schema.json");
    let checked_in = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        checked_in == generated,
        "docs/logicmodel.schema.json is stale; regenerate it with\n  cargo run -p logicmodel-cli -- schema > docs/logicmodel.schema.json"
    );
}

#[test]
fn every_code_is_documented_in_checks_md() {
    let doc = std::fs::read_to_string(repo_file("docs/checks.md")).unwrap();
    for code in logicmodel::Code::ALL {
        let heading = format!("### `{}`", code.as_str());
        assert!(
            doc.contains(&heading),
            "docs/checks.md has no section {heading}"
        );
    }
}

#[test]
fn library_sources_keep_the_house_rules() {
    // A tidy test in the spirit of rust-analyzer's: every module says what it
    // is for, and the library never prints or exits.
    let src = repo_file("crates/logicmodel/src");
    let mut stack = vec![src];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.display();
            assert!(
                text.starts_with("//!"),
                "{name} does not start with a //! module comment"
            );
            for banned in ["println!", "eprintln!", "process::exit", "dbg!("] {
                let code: String = text
                    .lines()
                    .filter(|l| !l.trim_start().starts_with("//"))
                    .collect::<Vec<_>>()
                    .join("\n");
                assert!(
                    !code.contains(banned),
                    "{name} uses {banned}: the library never prints or exits"
                );
            }
        }
    }
}

/// The `crate::…` modules a library source file imports, from its `use`
/// lines and paths (comments left out).
fn imported_modules(text: &str) -> Vec<String> {
    let code: Vec<&str> = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect();
    let code = code.join("\n");
    let mut modules = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() && !modules.contains(&name) {
            modules.push(name);
        }
    }
    modules
}

/// The pipeline runs one way: these modules never import those named
/// beside them (ARCHITECTURE.md states each invariant).
#[test]
fn pipeline_stages_import_only_what_comes_before_them() {
    let rules: &[(&str, &[&str])] = &[
        // Records and the builder are the contract between the reader and
        // the model: the model knows nothing of the file format.
        (
            "model",
            &["format", "render", "layout", "report", "analysis", "check"],
        ),
        // The vocabulary lies below both the reader and the model.
        (
            "vocabulary.rs",
            &[
                "format", "model", "render", "layout", "report", "analysis", "check",
            ],
        ),
        // The layout is geometry only.
        (
            "layout",
            &["format", "model", "render", "report", "analysis", "check"],
        ),
        (
            "format",
            &["render", "layout", "report", "analysis", "check"],
        ),
    ];
    for (module, banned) in rules {
        let path = repo_file("crates/logicmodel/src").join(module);
        let files: Vec<PathBuf> = if path.is_dir() {
            std::fs::read_dir(&path)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "rs"))
                .collect()
        } else {
            vec![path]
        };
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for imported in imported_modules(&text) {
                assert!(
                    !banned.contains(&imported.as_str()),
                    "{} imports crate::{imported}, which `{module}` must not",
                    file.display()
                );
            }
        }
    }
}

#[test]
fn readme_diagram_is_up_to_date() {
    use logicmodel::render::{self, DiagramOptions, SvgOptions};
    let seed = std::fs::read_to_string(repo_file("models/gotsu-smart-city.json")).unwrap();
    let model = logicmodel::load_str(&seed).model.unwrap();
    let diagram = render::diagram(&model, &DiagramOptions::default());
    let svg = render::svg(&model, &diagram, &SvgOptions::default());
    let checked_in =
        std::fs::read_to_string(repo_file("docs/images/gotsu-smart-city.svg")).unwrap_or_default();
    assert!(
        checked_in == svg,
        "docs/images/gotsu-smart-city.svg is stale; regenerate it with scripts/regen-images.sh"
    );
    assert!(repo_file("docs/images/gotsu-smart-city.png").exists());
}
