//! Generated models must be valid: they load without a diagnostic and
//! check without an error, or the benchmarks would time error paths.

use logicmodel::{Code, Severity};
use logicmodel_bench::generate::{generate, Layout, Options};

fn check(options: Options, layout: Layout) -> Vec<logicmodel::Diagnostic> {
    let text = generate(&options).to_json(layout);
    let loaded = logicmodel::load_str(&text);
    assert_eq!(loaded.diagnostics, vec![], "{options:?}");
    let model = loaded.model.expect("the model loads");
    assert_eq!(model.node_count(), options.nodes);
    model.check()
}

#[test]
fn generated_models_check_without_errors() {
    for nodes in [7, 8, 50, 251, 2_000] {
        for (seed, layout) in [
            (1, Layout::Pretty),
            (2, Layout::Pretty),
            (3, Layout::Compact),
        ] {
            let diagnostics = check(Options::new(nodes, seed), layout);
            let errors: Vec<_> = diagnostics
                .iter()
                .filter(|d| d.severity() == Severity::Error)
                .collect();
            assert!(errors.is_empty(), "{nodes} nodes, seed {seed}: {errors:?}");
        }
    }
}

#[test]
fn the_only_warnings_are_the_planned_gaps() {
    let diagnostics = check(Options::new(5_000, 7), Layout::Pretty);
    // About a fifth of the activities have no work item, a few KPIs no target.
    for d in &diagnostics {
        assert!(
            matches!(
                d.code(),
                Code::ActivityWithoutWorkItem | Code::KpiTargetUndecided
            ),
            "{d:?}"
        );
    }
    assert!(diagnostics
        .iter()
        .any(|d| d.code() == Code::ActivityWithoutWorkItem));
}

#[test]
fn generation_is_deterministic() {
    let options = Options::new(1_000, 42);
    assert_eq!(
        generate(&options).to_json(Layout::Compact),
        generate(&options).to_json(Layout::Compact)
    );
    assert_ne!(
        generate(&options).to_json(Layout::Compact),
        generate(&Options::new(1_000, 43)).to_json(Layout::Compact)
    );
}

#[test]
fn generated_models_have_the_shape_of_real_ones() {
    let model = generate(&Options::new(10_000, 1));
    let edges_per_node = model.edge_count() as f64 / model.node_count() as f64;
    assert!((1.2..1.8).contains(&edges_per_node), "{edges_per_node}");
    // 24% of the nodes are activities and about 80% of those have a work item.
    let items = model.work_item_count() as f64 / 10_000.0;
    assert!((0.16..0.22).contains(&items), "{items}");
}
