//! Past load and check: the planner's toolkit on arbitrary models — KPI
//! status, coverage and the trace of every node — asserting no panic, and
//! that the answers agree with each other: coverage counts match the trace's
//! paths on small models, every traced path ends where it should.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logicmodel::analysis;
use logicmodel::NodeKind;

fuzz_target!(|bytes: &[u8]| {
    let loaded = logicmodel::load_bytes(bytes);
    let Some(model) = loaded.model else {
        return;
    };
    for report in analysis::kpi_reports(&model) {
        if let Some(p) = report.progress_percent {
            assert!(p.is_finite(), "progress {p}");
        }
    }
    let coverage = analysis::coverage_within(&model, 100_000, 10_000_000);
    // Coverage leaves out the edges that close a cycle, and may drop a
    // different edge of a cycle than the trace's walk avoids: compare the
    // two only on models without cycles.
    // (Cycles are reported even when the model's `checks` allow them.)
    let mut report_cycles = logicmodel::check::Overrides::new();
    report_cycles.set(logicmodel::Code::Cycle, logicmodel::Level::Error);
    let acyclic = !model
        .check_with(&report_cycles)
        .iter()
        .any(|d| d.code() == logicmodel::Code::Cycle);
    for (index, node) in model.nodes().take(50) {
        let trace = analysis::trace(&model, index, 50);
        for path in &trace.downstream {
            assert_eq!(path.first(), Some(&index));
            let last = *path.last().expect("a path has a node");
            assert_eq!(model.node(last).kind(), NodeKind::Impact);
        }
        for path in &trace.upstream {
            assert_eq!(path.last(), Some(&index));
            assert!(model.incoming(path[0]).next().is_none());
        }
        // On models small enough to list every path, coverage counts them.
        let Ok(coverage) = &coverage else { continue };
        if node.kind() != NodeKind::Activity || trace.downstream_truncated {
            continue;
        }
        let Some(row) = coverage.activities().iter().position(|&a| a == index) else {
            panic!("an activity is a row of the coverage");
        };
        let listed: u64 = trace.downstream.len() as u64;
        let counted: u64 = coverage
            .row(row)
            .iter()
            .fold(0u64, |sum, &(_, count)| sum.saturating_add(count));
        if acyclic {
            assert_eq!(listed, counted, "paths of {}", node.id());
        }
    }
});
