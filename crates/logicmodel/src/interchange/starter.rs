//! The starter model that `logicmodel init` writes: one box in each column
//! (assumption → input → activity → output → short, medium and long-term
//! outcome → impact), one work item and one KPI with a baseline and a
//! target, in English or Japanese. It loads without diagnostics and checks
//! clean (a test keeps it so).

/// The language of the starter model's text and headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StarterLanguage {
    /// English text.
    English,
    /// Japanese text, `language: "ja"` and the seed plan's column headings.
    Japanese,
}

/// The starter model as JSON text (format 1), ending with a newline.
///
/// ```
/// use logicmodel::interchange::starter::{json, StarterLanguage};
/// let loaded = logicmodel::load_str(json(StarterLanguage::Japanese));
/// assert!(loaded.diagnostics.is_empty());
/// assert_eq!(loaded.model.unwrap().node_count(), 8);
/// ```
pub fn json(language: StarterLanguage) -> &'static str {
    match language {
        StarterLanguage::English => include_str!("starter/en.json"),
        StarterLanguage::Japanese => include_str!("starter/ja.json"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Stage;

    #[test]
    fn both_starters_load_and_check_clean_with_a_box_in_every_column() {
        for language in [StarterLanguage::English, StarterLanguage::Japanese] {
            let loaded = crate::load_str(json(language));
            assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
            let model = loaded.model.unwrap();
            assert!(model.check().is_empty(), "{:?}", model.check());
            for stage in Stage::ALL {
                assert_eq!(model.nodes().filter(|(_, n)| n.stage() == stage).count(), 1);
            }
            assert_eq!(model.work_items().len(), 1);
            assert!(model.kpis()[0].target.is_some());
        }
    }
}
