//! Stage 6 of the pipeline: documents for people — a self-contained HTML
//! report, a Markdown report, and the page of the live preview.
//!
//! The report is assembled from the other stages' results: the diagram from
//! [`crate::render`], the diagnostics the caller passes in (the report never
//! re-runs checks), KPI status and coverage from [`crate::analysis`]. It
//! returns strings; the CLI writes the files and serves the preview.
//!
//! Both reports are written part by part from one list, `Part::REPORT`;
//! the fixed words (Japanese or English, by the model's `language`) are in
//! `words.rs`, and the check results are put in the planner's words by
//! `checks.rs`.
//!
//! Architecture invariant: every string from the model goes through
//! [`crate::escape`] (the one cleaning rule of every output); the HTML
//! needs no network (CSS, SVG and script are inline, no external fonts) and
//! is fully readable with JavaScript disabled — the script only adds zoom,
//! the detail panel and chain highlighting.

mod checks;
mod html;
mod markdown;
mod preview;
mod words;

pub use html::{html, html_since};
pub use markdown::{markdown, markdown_since};
pub use preview::{preview, Preview};

use crate::model::{Baseline, Kpi, Model};
use crate::words::Locale;
use words::Words;

/// The parts of a report, in the order both writers write them.
///
/// The check results come after the diagram and the KPIs: a committee
/// reads the plan first and its loose ends after. A new part (such as the
/// changes since an older version of the model) is one variant here, its
/// heading in `words.rs`, and one arm in each writer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    /// The drawing (and, in print, one page per section).
    Diagram,
    /// The KPI table with status and progress.
    Kpis,
    /// The check results in the planner's words.
    Checks,
    /// Activities × impacts.
    Coverage,
    /// Work items: owners, today and aim, schedule by year, progress.
    WorkItems,
    /// Every box with its links, work items, KPIs and problems.
    Details,
}

impl Part {
    /// The parts of the report, in order.
    pub const REPORT: [Part; 6] = [
        Part::Diagram,
        Part::Kpis,
        Part::Checks,
        Part::Coverage,
        Part::WorkItems,
        Part::Details,
    ];

    /// The part's anchor in the HTML page (`#kpis`); stable, for links.
    pub fn anchor(self) -> &'static str {
        match self {
            Part::Diagram => "diagram",
            Part::Kpis => "kpis",
            Part::Checks => "checks",
            Part::Coverage => "coverage",
            Part::WorkItems => "schedule",
            Part::Details => "details",
        }
    }

    /// The part's heading.
    pub fn heading(self, w: &Words) -> &'static str {
        match self {
            Part::Diagram => w.diagram,
            Part::Kpis => w.kpis,
            Part::Checks => w.checks,
            Part::Coverage => w.coverage,
            Part::WorkItems => w.schedule,
            Part::Details => w.details,
        }
    }
}

/// A measurement with its unit and year, in the report's language
/// ([`crate::words::measurement`]); empty without one.
pub(crate) fn format_measurement(m: Option<impl Into<Baseline>>, kpi: &Kpi, w: &Words) -> String {
    m.map_or_else(String::new, |m| {
        crate::words::measurement(m, &kpi.unit, Locale::from_japanese(w.japanese))
    })
}

/// The target cell of a KPI row: the number with its year, else the words
/// of a qualitative target, else "none".
pub(crate) fn target_cell(kpi: &Kpi, w: &Words) -> String {
    if kpi.target.is_some() {
        format_measurement(kpi.target, kpi, w)
    } else {
        kpi.target_words()
            .map_or_else(|| w.none.to_owned(), str::to_owned)
    }
}

/// The parts of the line under a report's title (revision, issued, plan
/// period), each text passed through `escape` for the output's syntax.
pub(crate) fn meta_parts(model: &Model, w: &Words, escape: fn(&str) -> String) -> Vec<String> {
    let mut meta = Vec::new();
    if let Some(r) = model.revision() {
        meta.push(format!("{}: {}", w.revision, escape(r)));
    }
    if let Some(i) = model.issued() {
        meta.push(format!("{}: {}", w.issued, escape(i)));
    }
    if let Some(p) = model.period() {
        meta.push(format!("{}: {}–{}", w.period, p.start, p.end));
    }
    meta
}

/// The word for a KPI status in the report's language.
pub(crate) fn status_label(status: crate::analysis::KpiStatus, japanese: bool) -> &'static str {
    crate::words::kpi_status_name(status, crate::words::Locale::from_japanese(japanese))
}

/// The most years the work-item table gives a column each; beyond, each
/// work item lists its years in one column, so the table stays linear in
/// the model (a schedule key or a period from the file can be any year).
pub(crate) const MAX_YEAR_COLUMNS: usize = 20;

/// Every fiscal year that appears in a schedule or the period, in order.
/// The period adds its years only when it spans fewer than 50 (computed
/// without overflow for any `i32` bounds).
pub(crate) fn schedule_years(model: &Model) -> Vec<i32> {
    let mut years: Vec<i32> = model
        .work_items()
        .iter()
        .flat_map(|w| w.schedule.iter().map(|(year, _)| *year))
        .collect();
    if let Some(period) = model.period() {
        if i64::from(period.end) - i64::from(period.start) < 50 {
            years.extend(period.start..=period.end);
        }
    }
    years.sort_unstable();
    years.dedup();
    years
}

#[cfg(test)]
mod tests;
