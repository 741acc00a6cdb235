//! Unit tests of the comparison on small models.

use super::*;

fn load(text: &str) -> Model {
    let loaded = crate::load_str(text);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.model.unwrap()
}

#[test]
fn a_model_has_no_changes_from_itself() {
    let model = load(include_str!("../../../../models/gotsu-smart-city.json"));
    assert!(diff(&model, &model).is_empty());
}
