//! The workbook import on arbitrary bytes (seeded with the shipped models'
//! workbooks): no panic, every diagnostic of a table placed at a sheet and
//! cell or nowhere, and a model imported without errors writes JSON that
//! loads back as the same model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use logicmodel::interchange::import::workbook;

fuzz_target!(|bytes: &[u8]| {
    let imported = workbook::read(bytes);
    let loaded = imported.loaded;
    for diagnostic in &loaded.diagnostics {
        assert!(!diagnostic.location().is_known(), "{diagnostic}");
    }
    if let (Some(model), false) = (&loaded.model, loaded.has_errors()) {
        let text = logicmodel::format::to_string(model);
        let again = logicmodel::load_str(&text);
        assert!(!again.has_errors(), "{text}");
        assert!(again.model.as_ref() == Some(model));
    }
});
