//! Past load and check: lays out and writes the SVG of arbitrary models
//! (the whole model, each section, the chains through a few nodes, with
//! issues outlined), asserting no panic and an SVG that is well-formed XML
//! with no character XML forbids and no bidi override — every model string
//! escaped or cleaned.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logicmodel::render::{self, DiagramOptions, SvgOptions};

fuzz_target!(|bytes: &[u8]| {
    let loaded = logicmodel::load_bytes(bytes);
    let Some(model) = loaded.model else {
        return;
    };
    // The CLI refuses drawings above its limits (docs/security.md); fuzz
    // inputs are small, this only keeps runs fast.
    if model.node_count() > 400 || model.edge_count() > 2_000 {
        return;
    }
    let issues = model.check();
    let mut choices = vec![DiagramOptions::default()];
    choices.extend((0..model.sections().len().min(3)).map(|s| DiagramOptions {
        section: Some(s),
        ..DiagramOptions::default()
    }));
    choices.extend(model.nodes().take(3).map(|(index, _)| DiagramOptions {
        focus: Some(index),
        ..DiagramOptions::default()
    }));
    for options in &choices {
        let diagram = render::diagram(&model, options);
        assert_eq!(diagram.nodes.len(), diagram.scene.nodes.len());
        for shapes_only in [false, true] {
            let svg = render::svg(
                &model,
                &diagram,
                &SvgOptions {
                    issues: issues.clone(),
                    shapes_only,
                    ..SvgOptions::default()
                },
            );
            assert_clean_xml(&svg);
        }
    }
});

fn assert_clean_xml(svg: &str) {
    if let Err(e) = roxmltree::Document::parse(svg) {
        panic!("the SVG is not well-formed XML: {e}");
    }
    for c in svg.chars() {
        let forbidden = (c.is_control() && c != '\n' && c != '\t' && c != '\r')
            || matches!(c, '\u{FFFE}' | '\u{FFFF}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(!forbidden, "U+{:04X} in the SVG", c as u32);
    }
}
