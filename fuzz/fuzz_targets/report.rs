//! Past load and check: writes the HTML and Markdown reports of arbitrary
//! models, asserting no panic, HTML whose only `<script>` is the report's
//! own (model text cannot open one), and Markdown with no raw `<` from the
//! model (it is escaped as `&lt;`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let loaded = logicmodel::load_bytes(bytes);
    let Some(model) = loaded.model else {
        return;
    };
    if model.node_count() > 400 || model.edge_count() > 2_000 {
        return;
    }
    let mut diagnostics = loaded.diagnostics.clone();
    diagnostics.extend(model.check());
    let html = logicmodel::report::html(&model, &diagnostics);
    let scripts = html.matches("<script").count();
    assert!(scripts <= 1, "{scripts} <script> elements");
    assert!(!html.contains("<iframe") && !html.contains("javascript:"));
    let markdown = logicmodel::report::markdown(&model, &diagnostics, "diagram.svg");
    assert!(!markdown.contains("<script"), "a raw <script> in the Markdown");
});
