//! The CSV imports on arbitrary bytes: the input split at NUL bytes into
//! up to seven files named after the tables (`model.csv`, `nodes.csv`, …),
//! and at the first NUL into the two RSシステム tables. No panic; a model
//! imported without errors writes JSON that loads back as the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logicmodel::interchange::import::csv::{self, CsvInput};
use logicmodel::interchange::rs_system;

const NAMES: [&str; 7] = [
    "model.csv",
    "nodes.csv",
    "links.csv",
    "sections.csv",
    "work_items.csv",
    "kpis.csv",
    "kpi_actuals.csv",
];

fuzz_target!(|bytes: &[u8]| {
    let parts: Vec<&[u8]> = bytes.split(|&b| b == 0).take(NAMES.len()).collect();
    let inputs: Vec<CsvInput<'_>> = parts
        .iter()
        .zip(NAMES)
        .map(|(bytes, name)| CsvInput { name, bytes })
        .collect();
    let imported = csv::read(&inputs);
    let loaded = imported.loaded;
    if let (Some(model), false) = (&loaded.model, loaded.has_errors()) {
        let text = logicmodel::format::to_string(model);
        let again = logicmodel::load_str(&text);
        assert!(!again.has_errors(), "{text}");
        assert!(again.model.as_ref() == Some(model));
    }
    let (nodes, links) = match bytes.iter().position(|&b| b == 0) {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (bytes, &b""[..]),
    };
    let _ = rs_system::read(nodes, links, ("3-1.csv", "3-2.csv"), None, |project| {
        let text = logicmodel::format::to_string(&project.model);
        let again = logicmodel::load_str(&text);
        if !project
            .diagnostics
            .iter()
            .any(|d| d.severity() == logicmodel::Severity::Error)
        {
            assert!(again.model.as_ref() == Some(&project.model), "{text}");
        }
        Ok::<(), ()>(())
    });
});
