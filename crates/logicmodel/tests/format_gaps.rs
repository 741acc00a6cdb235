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

/// A 現状値 whose year the source does not give: `{"value": 42}`.
const UNDATED: &str = r#"{
  "format": 1,
  "title": "子育て支援",
  "language": "ja",
  "nodes": [
    {
      "id": "a",
      "kind": "activity",
      "label": "相談窓口の開設",
      "to": ["i"],
      "kpis": ["k"]
    },
    {
      "id": "i",
      "kind": "impact",
      "label": "安心して子育てできる"
    }
  ],
  "kpis": [
    {
      "id": "k",
      "indicator": "相談件数",
      "unit": "件",
      "baseline": {"value": 40},
      "target": {"year": 2026, "value": 100},
      "actuals": [{"year": 2023, "value": 50}, {"year": 2024, "value": 70}]
    }
  ]
}
"#;

fn undated() -> logicmodel::Model {
    logicmodel::load_str(UNDATED)
        .into_result()
        .expect("the model loads")
}

#[test]
fn a_baseline_may_leave_out_its_year_and_is_written_back_so() {
    let model = undated();
    let baseline = model.kpis()[0].baseline.expect("a baseline");
    assert_eq!(baseline.year, None);
    assert_eq!(baseline.value, 40.0);
    assert_eq!(baseline.dated(), None);
    assert_eq!(logicmodel::format::to_string(&model), UNDATED);
    // `"year": null` means the same as no year.
    let null = UNDATED.replace(r#"{"value": 40}"#, r#"{"year": null, "value": 40}"#);
    let loaded = logicmodel::load_str(&null);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.model.as_ref(), Some(&model));
    assert!(model.check().is_empty(), "{:?}", model.check());
}

#[test]
fn a_year_that_is_written_wrong_is_still_an_error() {
    for (baseline, message) in [
        (
            r#"{"year": "R5", "value": 40}"#,
            "`year` must be a whole number",
        ),
        (r#"{"year": 2023}"#, "is missing the required field `value`"),
    ] {
        let text = UNDATED.replace(r#"{"value": 40}"#, baseline);
        let loaded = logicmodel::load_str(&text);
        let codes: Vec<_> = loaded
            .diagnostics
            .iter()
            .map(|d| d.code().as_str())
            .collect();
        assert_eq!(codes, ["invalid-model"], "{baseline}");
        assert!(
            loaded.diagnostics[0].message().contains(message),
            "{}",
            loaded.diagnostics[0].message()
        );
    }
    // A target and an actual still need their year.
    let text = UNDATED.replace(r#"{"year": 2026, "value": 100}"#, r#"{"value": 100}"#);
    let loaded = logicmodel::load_str(&text);
    assert_eq!(loaded.diagnostics.len(), 1);
    assert!(loaded.diagnostics[0]
        .message()
        .contains("a KPI's `target` is missing the required field `year`"));
}

#[test]
fn an_undated_baseline_gives_progress_and_the_line_starts_at_the_first_actual() {
    let model = undated();
    let kpi = &model.kpis()[0];
    let assessment = logicmodel::analysis::assess_kpi(kpi);
    // Progress needs no year: (70 − 40) / (100 − 40).
    assert_eq!(assessment.progress_percent, Some(50.0));
    // Every actual counts, and the line runs from 2023's 50 to 2026's 100,
    // so 2024's expected value is 50 + 50/3.
    let expected = assessment.expected.expect("a line");
    assert!((expected - (50.0 + 50.0 / 3.0)).abs() < 1e-9, "{expected}");
    assert_eq!(assessment.status, KpiStatus::OnTrack);
    assert_eq!(assessment.latest.map(|m| m.year), Some(2024));
}

#[test]
fn an_undated_baseline_is_shown_without_a_year_and_survives_the_tables() {
    use logicmodel::interchange::{csv, import, workbook};
    let model = undated();
    let markdown = logicmodel::report::markdown(&model, &[], "d.svg");
    assert!(
        markdown.contains("| 40件 | 100件（2026年度） |"),
        "{markdown}"
    );
    let html = logicmodel::report::html(&model, &[]);
    assert!(
        html.contains(">40件<"),
        "the HTML report shows the bare value"
    );
    let json = serde_json::to_value(logicmodel::analysis::kpi_reports(&model)).unwrap();
    assert_eq!(
        json[0]["baseline"],
        serde_json::json!({"year": null, "value": 40.0})
    );

    let bytes = workbook::to_bytes(&model).unwrap();
    let back = import::workbook::read(&bytes).loaded;
    assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
    assert_eq!(back.model.as_ref(), Some(&model));
    let files = csv::files(&model, false);
    let inputs: Vec<_> = files
        .iter()
        .map(|f| import::csv::CsvInput {
            name: &f.name,
            bytes: &f.bytes,
        })
        .collect();
    let back = import::csv::read(&inputs).loaded;
    assert!(back.diagnostics.is_empty(), "{:?}", back.diagnostics);
    assert_eq!(back.model.as_ref(), Some(&model));
}

#[test]
fn dating_a_baseline_is_a_change_the_diff_names_and_applies() {
    let old = undated();
    let new = logicmodel::load_str(
        &UNDATED.replace(r#"{"value": 40}"#, r#"{"year": 2022, "value": 40}"#),
    )
    .into_result()
    .unwrap();
    let changes = logicmodel::diff::diff(&old, &new);
    let markdown = logicmodel::diff::markdown(&old, &new, &changes, "v1", "v2");
    assert!(markdown.contains("40件"), "{markdown}");
    assert!(markdown.contains("40件（2022年度）"), "{markdown}");
    let mut applied = old.clone();
    changes.apply(&mut applied).expect("the changes apply");
    assert_eq!(applied, new);
}
