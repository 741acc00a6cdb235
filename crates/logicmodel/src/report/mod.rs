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
    crate::words::kpi_status_name(status, crate::words::Locale::from_japanese(japanese))
}

/// Every fiscal year that appears in a schedule or the period, in order.
pub(crate) fn schedule_years(model: &Model) -> Vec<i32> {
    let mut years: Vec<i32> = model
        .work_items()
        .iter()
        .flat_map(|w| w.schedule.iter().map(|(year, _)| *year))
        .collect();
    if let Some(period) = model.period() {
        if period.end - period.start < 50 {
            years.extend(period.start..=period.end);
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}
