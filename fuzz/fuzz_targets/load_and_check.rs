//! Loads arbitrary bytes as a model, runs every check and walks every public
//! iterator of the model, asserting the invariants the library promises:
//! no panic on any input, every diagnostic points inside the text with a
//! line and column that match its byte offset (and, for references, ids,
//! keys and records, at the text it names), load diagnostics carry load codes
//! and check diagnostics lint codes, and reports are sorted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logicmodel::check::Overrides;
use logicmodel::model::Stage;
use logicmodel::{Code, Diagnostic, Level, Location, Model, NodeKind};

fuzz_target!(|bytes: &[u8]| {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(body).ok();
    let loaded = logicmodel::load_bytes(bytes);
    assert!(
        loaded.model.is_some() || !loaded.diagnostics.is_empty(),
        "a file that gives no model must say why"
    );
    assert_positions(&loaded.diagnostics, body, text);
    assert!(loaded.diagnostics.iter().all(|d| !d.code().is_lint()));
    let Some(model) = loaded.model else {
        return;
    };
    let found = model.check();
    assert_positions(&found, body, text);
    assert!(found.iter().all(|d| d.code().is_lint()));

    let mut strict = Overrides::new();
    for &code in Code::ALL {
        strict.set(code, Level::Error);
    }
    strict.deny_warnings();
    let strict_found = model.check_with(&strict);
    assert_positions(&strict_found, body, text);
    assert!(strict_found.len() >= found.len());

    walk(&model);
});

/// Every location lies in the text, and its line and column are those of its offset.
fn assert_positions(diagnostics: &[Diagnostic], body: &[u8], text: Option<&str>) {
    for pair in diagnostics.windows(2) {
        assert!(
            pair[0].location().offset <= pair[1].location().offset,
            "sorted by position"
        );
    }
    for d in diagnostics {
        let location = d.location();
        assert!(location.line >= 1 && location.column >= 1, "{d:?}");
        assert!(location.offset + location.len <= body.len(), "{d:?}");
        let Some(text) = text else { continue };
        let before = &text[..location.offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        assert_eq!(
            (location.line as usize, location.column as usize),
            (line, column),
            "{d:?}"
        );
    }
    if let Some(text) = text {
        assert_points_at_what_it_names(text, diagnostics);
    }
}

/// The JSON string literal at `text[offset..offset + len]`, decoded.
fn literal_at(text: &str, offset: usize, len: usize) -> Option<String> {
    serde_json::from_str(text.get(offset..offset + len)?).ok()
}

/// The JSON string literal that ends at `end` (just after its closing quote), decoded.
fn literal_ending_at(text: &str, end: usize) -> Option<String> {
    let bytes = text.as_bytes();
    if end < 2 || bytes.get(end - 1) != Some(&b'"') {
        return None;
    }
    let mut at = end - 1;
    while at > 0 {
        at -= 1;
        if bytes[at] == b'"' {
            let backslashes = bytes[..at]
                .iter()
                .rev()
                .take_while(|&&b| b == b'\\')
                .count();
            if backslashes % 2 == 0 {
                return literal_at(text, at, end - at);
            }
        }
    }
    None
}

/// Diagnostics about a reference, an id, a key or a record point at it.
fn assert_points_at_what_it_names(text: &str, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let Location { offset, len, .. } = d.location();
        let ids = d.ids();
        let under = || literal_at(text, offset, len);
        match d.code() {
            Code::DanglingReference | Code::BackwardEdge => {
                assert_eq!(under().as_ref(), ids.get(1), "{d:?}")
            }
            Code::DuplicateId | Code::InvalidId | Code::UnknownCheck => {
                assert_eq!(under().as_ref(), ids.first(), "{d:?}")
            }
            Code::UnknownField => {
                let key = under().unwrap_or_else(|| panic!("not at a key: {d:?}"));
                assert!(d.message().contains(&format!("`{key}`")), "{d:?}");
            }
            Code::ActivityWithoutImpact
            | Code::ImpactWithoutActivity
            | Code::Cycle
            | Code::DeadEnd
            | Code::UnreachedNode
            | Code::UnusedInput
            | Code::UnlinkedAssumption
            | Code::IsolatedNode
            | Code::ActivityWithoutWorkItem
            | Code::WorkItemWithoutKpi
            | Code::KpiTargetUndecided
            | Code::UnusedWorkItem
            | Code::UnusedKpi => assert_eq!(
                literal_ending_at(text, offset + len).as_ref(),
                ids.first(),
                "a record's span ends with its id: {d:?}"
            ),
            _ => {}
        }
    }
}

/// Calls every read accessor and iterator of the model.
fn walk(model: &Model) {
    let _ = (
        model.title(),
        model.description(),
        model.revision(),
        model.issued(),
    );
    let _ = (
        model.language(),
        model.period(),
        model.meta(),
        model.location(),
    );
    let _ = (model.graph(), model.levels());
    for stage in Stage::ALL {
        let _ = model.columns().heading(stage);
    }
    for section in model.sections() {
        let _ = (section.id(), section.label(), section.location());
    }
    for kind in NodeKind::ALL {
        let _ = model.nodes_of_kind(*kind).count();
    }
    for section in (0..model.sections().len()).map(Some).chain([None]) {
        let _ = model.nodes_in_section(section).count();
    }
    assert_eq!(model.edges().count(), model.edge_count());
    // The number of simple paths grows exponentially with the graph; walk
    // them only on small models so that an input cannot time out here.
    let small = model.node_count() <= 10;
    for (index, node) in model.nodes() {
        let _ = (
            node.id(),
            node.kind(),
            node.term(),
            node.stage(),
            node.label(),
        );
        let _ = (node.description(), node.section_index(), node.location());
        assert_eq!(model.node_index(node.id().as_str()), Some(index));
        for edge in model.outgoing(index) {
            assert_eq!(edge.from, index);
        }
        for edge in model.incoming(index) {
            assert_eq!(edge.to, index);
        }
        let _ = model.work_items_of(index).count();
        let _ = model.kpis_of(index).count();
        if small {
            for path in model.paths_to_impacts(index).take(100) {
                assert_eq!(path.first(), Some(&index));
            }
            for path in model.paths_from_roots(index).take(100) {
                assert_eq!(path.first(), Some(&index));
            }
        }
    }
    for item in model.work_items() {
        let _ = (item.id(), item.location());
        let _ = model.kpis_of_work_item(item).count();
        let _ = model.nodes_of_work_item(item.id()).count();
    }
    for kpi in model.kpis() {
        let _ = (kpi.id(), kpi.location(), kpi.latest_actual());
    }
}
