//! Stage 6 of the pipeline: documents for people — a self-contained HTML
//! report and a Markdown report.
//!
//! The report is assembled from the other stages' results: the diagram from
//! [`crate::render`], the diagnostics the caller passes in (the report never
//! re-runs checks), KPI status and coverage from [`crate::analysis`]. It
//! returns strings; the CLI writes the files.
//!
//! Architecture invariant: every string from the model is escaped; the HTML
//! needs no network (CSS, SVG and script are inline, no external fonts) and
//! is fully readable with JavaScript disabled — the script only adds the
//! detail panel and chain highlighting.

mod html;
mod markdown;
mod words;

pub use html::html;
pub use markdown::markdown;

use crate::model::{Kpi, Measurement, Model};

/// `80 %` or `80（2026）`-style text of a measurement with its unit.
pub(crate) fn format_measurement(m: Option<Measurement>, kpi: &Kpi) -> String {
    match m {
        Some(m) => format!(
            "{}{} ({})",
            Measurement::format_value(m.value),
            unit_suffix(&kpi.unit),
            m.year
        ),
        None => String::new(),
    }
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else if unit.chars().all(|c| c.is_ascii_alphabetic()) {
        format!(" {unit}")
    } else {
        unit.to_owned()
    }
}

/// The word for a KPI status in the report's language.
pub(crate) fn status_label(status: crate::analysis::KpiStatus, japanese: bool) -> &'static str {
    use crate::analysis::KpiStatus;
    match (status, japanese) {
        (KpiStatus::Achieved, true) => "達成",
        (KpiStatus::OnTrack, true) => "順調",
        (KpiStatus::Behind, true) => "遅れ",
        (KpiStatus::NoData, true) => "データなし",
        (KpiStatus::Undecided, true) => "未決定",
        (KpiStatus::Achieved, false) => "achieved",
        (KpiStatus::OnTrack, false) => "on track",
        (KpiStatus::Behind, false) => "behind",
        (KpiStatus::NoData, false) => "no data",
        (KpiStatus::Undecided, false) => "undecided",
    }
}

/// The most year columns the schedule table has. A schedule spread over
/// more years (only a strange file has that) is written with one column
/// listing each work item's years instead, so the table stays linear in
/// the model rather than work items × years.
pub(crate) const MAX_SCHEDULE_YEARS: usize = 60;

/// The columns of the schedule table: every fiscal year that appears in a
/// schedule or the period, in order, or `None` when there are more than
/// [`MAX_SCHEDULE_YEARS`] (see [`schedule_lines`]). The period adds its
/// years only when it spans fewer than 50 (computed without overflow:
/// `-2147483648..2147483647` is a period too).
pub(crate) fn schedule_years(model: &Model) -> Option<Vec<i32>> {
    let mut years: Vec<i32> = model
        .work_items()
        .iter()
        .flat_map(|w| w.schedule.iter().map(|(year, _)| *year))
        .collect();
    if let Some(period) = model.period() {
        let span = i64::from(period.end) - i64::from(period.start);
        if (0..50).contains(&span) {
            years.extend(period.start..=period.end);
        }
    }
    years.sort_unstable();
    years.dedup();
    (years.len() <= MAX_SCHEDULE_YEARS).then_some(years)
}

/// A work item's schedule as lines `2024: step, step`, in its order: the
/// one-column form of the schedule table.
pub(crate) fn schedule_lines(item: &crate::model::WorkItem) -> Vec<String> {
    item.schedule
        .iter()
        .map(|(year, steps)| format!("{year}: {}", steps.join(", ")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model_with(period: &str, schedule_years: impl Iterator<Item = i32>) -> Model {
        let schedule: Vec<String> = schedule_years
            .map(|y| format!("\"{y}\": [\"step {y}\"]"))
            .collect();
        let text = format!(
            r#"{{"format": 1, "title": "t", {period}
              "nodes": [{{"id": "a", "kind": "activity", "label": "A", "work_items": ["w"]}}],
              "work_items": [{{"id": "w", "title": "W", "schedule": {{{}}}}}]}}"#,
            schedule.join(", ")
        );
        crate::load_str(&text).model.expect("the test model loads")
    }

    #[test]
    fn the_widest_period_neither_overflows_nor_adds_years() {
        let model = model_with(
            r#""period": {"start": -2147483648, "end": 2147483647},"#,
            [2024].into_iter(),
        );
        assert!(model.period().is_some(), "the period is read");
        assert_eq!(schedule_years(&model), Some(vec![2024]));
        let html = html::html(&model, &[]);
        assert!(html.contains("<th>2024</th>"));
        let markdown = markdown::markdown(&model, &[], "d.svg");
        assert!(markdown.contains(" 2024 |"));
    }

    #[test]
    fn a_short_period_adds_its_years() {
        let model = model_with(
            r#""period": {"start": 2024, "end": 2026},"#,
            [2025].into_iter(),
        );
        assert_eq!(schedule_years(&model), Some(vec![2024, 2025, 2026]));
    }

    #[test]
    fn too_many_years_become_one_column_and_nothing_is_lost() {
        let model = model_with("", 1900..2100);
        assert_eq!(schedule_years(&model), None);
        let html = html::html(&model, &[]);
        assert!(!html.contains("<th>1950</th>"));
        let markdown = markdown::markdown(&model, &[], "d.svg");
        for year in [1900, 1999, 2099] {
            assert!(html.contains(&format!("{year}: step {year}")), "{year}");
            assert!(markdown.contains(&format!("{year}: step {year}")), "{year}");
        }
    }
}
