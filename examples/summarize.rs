//! Loads a logic model and prints, for every activity, the impacts it serves.
//!
//! ```text
//! cargo run -p logicmodel --example summarize -- models/gotsu-smart-city.json
//! ```

use std::process::ExitCode;

use logicmodel::NodeKind;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: summarize MODEL.json");
        return ExitCode::from(2);
    };
    let loaded = match logicmodel::load_path(&path) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{path}: {error}");
            return ExitCode::from(2);
        }
    };
    let Some(model) = loaded.model else {
        for d in &loaded.diagnostics {
            eprintln!(
                "{path}:{}:{}: {}",
                d.location().line,
                d.location().column,
                d.message()
            );
        }
        return ExitCode::from(1);
    };
    println!(
        "{} — {} nodes, {} edges",
        model.title(),
        model.node_count(),
        model.edge_count()
    );
    for (index, activity) in model.nodes_of_kind(NodeKind::Activity) {
        let mut impacts: Vec<&str> = model
            .paths_to_impacts(index)
            .filter_map(|path| path.last().map(|&n| model.node(n).id().as_str()))
            .collect();
        impacts.sort_unstable();
        impacts.dedup();
        let items: Vec<&str> = model
            .work_items_of(index)
            .map(|w| w.title.as_str())
            .collect();
        println!(
            "{}  →  {}",
            activity.label().replace('\n', " "),
            impacts.join(", ")
        );
        if !items.is_empty() {
            println!("    work items: {}", items.join(" / "));
        }
    }
    let problems = model.check();
    println!("{} problem(s) found by check", problems.len());
    ExitCode::SUCCESS
}
