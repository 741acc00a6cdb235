//! Format gaps met while transcribing real models (issue 15, item 12): a
//! link the transcriber inferred, a KPI's data source, a target in words,
//! and context that holds for the whole programme. Each is read, written
//! back unchanged, checked and drawn.

use logicmodel::analysis::{kpi_status, KpiStatus};
use logicmodel::render::{diagram, svg, DiagramOptions, SvgOptions};

const MODEL: &str = r#"{
  "format": 1,
  "title": "Food support",
  "context": ["The national subsidy continues", "Food prices keep rising"],
  "nodes": [
    {
      "id": "a",
      "kind": "activity",
      "label": "Hand out food",
      "to": [{"node": "o", "rationale": "Guessed from the text", "inferred": true}],
      "kpis": ["k1", "k2"]
    },
    {
      "id": "o",
      "kind": "output",
      "label": "Households reached",
      "to": ["i"]
    },
    {
      "id": "i",
      "kind": "impact",
      "label": "No household goes hungry"
    }
  ],
  "kpis": [
    {
      "id": "k1",
      "indicator": "Households served",
      "unit": "households",
      "baseline": {"year": 2023, "value": 120},
      "target": {"year": 2026, "value": 300},
      "source": "Reception log",
      "actuals": [{"year": 2024, "value": 180}]
    },
    {
      "id": "k2",
      "indicator": "Satisfaction",
      "qualitative_target": "improve",
      "source": "User survey"
    }
  ]
}
"#;

fn model() -> logicmodel::Model {
    logicmodel::load_str(MODEL)
        .into_result()
        .expect("the model loads")
}

#[test]
fn the_new_keys_are_read_and_written_back_unchanged() {
    let model = model();
    assert_eq!(
        model.context(),
        ["The national subsidy continues", "Food prices keep rising"]
    );
    let edge = model.edges().next().unwrap();
    assert!(edge.info.detail.as_ref().unwrap().inferred);
    assert_eq!(model.kpis()[0].source.as_deref(), Some("Reception log"));
    assert_eq!(
        model.kpis()[1].qualitative_target.as_deref(),
        Some("improve")
    );
    assert_eq!(logicmodel::format::to_string(&model), MODEL);
}

#[test]
fn a_target_in_words_has_its_own_status_and_no_warning() {
    let model = model();
    assert_eq!(kpi_status(&model.kpis()[1]), KpiStatus::Qualitative);
    assert_eq!(model.kpis()[1].target_words(), Some("improve"));
    let codes: Vec<&str> = model.check().iter().map(|d| d.code().as_str()).collect();
    assert!(!codes.contains(&"kpi-target-undecided"), "{codes:?}");
}

#[test]
fn a_number_and_words_together_are_an_error() {
    let text = MODEL.replace(
        r#""qualitative_target": "improve","#,
        r#""qualitative_target": "improve", "target": {"year": 2026, "value": 4},"#,
    );
    let loaded = logicmodel::load_str(&text);
    let errors: Vec<&str> = loaded.diagnostics.iter().map(|d| d.message()).collect();
    assert_eq!(
        errors,
        ["KPI `k2` has both a `target` and a `qualitative_target`"]
    );
}

#[test]
fn context_and_inferred_links_are_drawn_with_a_legend() {
    let model = model();
    let drawing = diagram(&model, &DiagramOptions::default());
    let text = svg(&model, &drawing, &SvgOptions::default());
    assert!(text.contains(r#"class="context""#));
    assert!(text.contains("Assumptions and external factors"));
    assert!(text.contains("・The national subsidy continues"));
    assert_eq!(text.matches(r#"class="edge inferred""#).count(), 1);
    assert!(text.contains("inferred link (not in the source)"));
    // Without inferred links there is no legend entry for them.
    let plain = model_without_inferred();
    let text = svg(
        &plain,
        &diagram(&plain, &DiagramOptions::default()),
        &SvgOptions::default(),
    );
    assert!(!text.contains("inferred link"));
}

fn model_without_inferred() -> logicmodel::Model {
    logicmodel::load_str(&MODEL.replace(r#", "inferred": true"#, ""))
        .into_result()
        .unwrap()
}

#[test]
fn the_reports_show_context_and_sources() {
    let model = model();
    let html = logicmodel::report::html(&model, &[]);
    assert!(html.contains("<li>Food prices keep rising</li>"));
    assert!(html.contains("Data source: User survey"));
    let markdown = logicmodel::report::markdown(&model, &[], "d.svg");
    assert!(markdown.contains("- The national subsidy continues"));
    assert!(markdown.contains("improve"));
}
