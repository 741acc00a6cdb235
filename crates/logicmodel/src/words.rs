//! The library's built-in words, in English and Japanese: column names and
//! headings, KPI status names, the words of the drawing's legend, and how a
//! value is written with its unit and fiscal year.
//!
//! Role: one vocabulary for every output. The drawing, the report and the
//! CLI's tables name a column or a status the same way; a model whose
//! `language` is Japanese (`ja`, `ja-JP`, …) gets the Japanese words
//! everywhere ([`Locale::of`]).
//!
//! What it must not do: hold a model's own words (its `columns` headings,
//! labels); those come from the file and win over these.

use crate::analysis::KpiStatus;
use crate::model::{Baseline, Measurement, Model, Stage, Term};

/// The language of the built-in words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Locale {
    /// English, for models without a `language` or with a non-Japanese one.
    #[default]
    English,
    /// Japanese, for models whose `language` is `ja` or `ja-*`.
    Japanese,
}

impl Locale {
    /// The locale of `model`'s built-in words: Japanese when its `language` is
    /// Japanese, else English.
    ///
    /// ```
    /// use logicmodel::words::Locale;
    /// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "language": "ja", "nodes": []}"#)
    ///     .model.unwrap();
    /// assert_eq!(Locale::of(&model), Locale::Japanese);
    /// ```
    pub fn of(model: &Model) -> Locale {
        Locale::from_japanese(model.language().is_some_and(|l| l.is_japanese()))
    }

    /// Japanese when `japanese` is true, else English.
    pub fn from_japanese(japanese: bool) -> Locale {
        if japanese {
            Locale::Japanese
        } else {
            Locale::English
        }
    }

    /// Whether this is Japanese.
    pub fn is_japanese(self) -> bool {
        self == Locale::Japanese
    }
}

/// A value with its unit: a space before a unit that is a word
/// (`120 users`, `3 km`), none before a sign or a Japanese counter (`30%`,
/// `500件`).
///
/// ```
/// use logicmodel::words::with_unit;
/// assert_eq!(with_unit("120", "users"), "120 users");
/// assert_eq!(with_unit("30", "%"), "30%");
/// assert_eq!(with_unit("500", "件"), "500件");
/// assert_eq!(with_unit("7", ""), "7");
/// ```
pub fn with_unit(value: &str, unit: &str) -> String {
    if unit.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        format!("{value} {unit}")
    } else {
        format!("{value}{unit}")
    }
}

/// `text` with the fiscal year it is for, as the locale writes it
/// (`500件（2026年度）`, `120 users (2026)`); as it is without a year (an
/// undated baseline).
///
/// ```
/// use logicmodel::words::{in_year, Locale};
/// assert_eq!(in_year("500件", Some(2026), Locale::Japanese), "500件（2026年度）");
/// assert_eq!(in_year("120 users", Some(2026), Locale::English), "120 users (2026)");
/// assert_eq!(in_year("40", None, Locale::English), "40");
/// ```
pub fn in_year(text: &str, year: Option<i32>, locale: Locale) -> String {
    match (year, locale) {
        (None, _) => text.to_owned(),
        (Some(year), Locale::Japanese) => format!("{text}（{year}年度）"),
        (Some(year), Locale::English) => format!("{text} ({year})"),
    }
}

/// A KPI value with its unit and fiscal year, the value as
/// [`Measurement::format_value`] writes it: what the reports and the diff
/// show (`80%（2026年度）`, `3.8 days (2024)`).
pub fn measurement(m: impl Into<Baseline>, unit: &str, locale: Locale) -> String {
    let m = m.into();
    in_year(
        &with_unit(&Measurement::format_value(m.value), unit),
        m.year,
        locale,
    )
}

/// The full built-in name of a column, for tables, tooltips and legends.
///
/// ```
/// use logicmodel::model::{Stage, Term};
/// use logicmodel::words::{stage_name, Locale};
/// assert_eq!(stage_name(Stage::Outcome(Term::Short), Locale::English), "Outcome (short term)");
/// assert_eq!(stage_name(Stage::Outcome(Term::Short), Locale::Japanese), "アウトカム（短期）");
/// ```
pub fn stage_name(stage: Stage, locale: Locale) -> &'static str {
    match (stage, locale) {
        (Stage::Assumption, Locale::English) => "Assumption",
        (Stage::Input, Locale::English) => "Input",
        (Stage::Activity, Locale::English) => "Activity",
        (Stage::Output, Locale::English) => "Output",
        (Stage::Outcome(Term::Short), Locale::English) => "Outcome (short term)",
        (Stage::Outcome(Term::Medium), Locale::English) => "Outcome (medium term)",
        (Stage::Outcome(Term::Long), Locale::English) => "Outcome (long term)",
        (Stage::Impact, Locale::English) => "Impact",
        (Stage::Assumption, Locale::Japanese) => "前提",
        (Stage::Input, Locale::Japanese) => "インプット",
        (Stage::Activity, Locale::Japanese) => "活動",
        (Stage::Output, Locale::Japanese) => "アウトプット",
        (Stage::Outcome(Term::Short), Locale::Japanese) => "アウトカム（短期）",
        (Stage::Outcome(Term::Medium), Locale::Japanese) => "アウトカム（中期）",
        (Stage::Outcome(Term::Long), Locale::Japanese) => "アウトカム（長期）",
        (Stage::Impact, Locale::Japanese) => "インパクト",
    }
}

/// The built-in heading of a column in a drawing: short, on one line in a box
/// of 11 em. The English outcome headings are "Outcome · short" with no-break
/// spaces around the dot: a column widens to keep them on one line, and a
/// column too narrow for that breaks after the dot, never before it.
///
/// ```
/// use logicmodel::model::{Stage, Term};
/// use logicmodel::words::{stage_heading, Locale};
/// assert_eq!(stage_heading(Stage::Outcome(Term::Medium), Locale::English), "Outcome\u{a0}·\u{a0}medium");
/// assert_eq!(stage_heading(Stage::Input, Locale::Japanese), "インプット");
/// ```
pub fn stage_heading(stage: Stage, locale: Locale) -> &'static str {
    match (stage, locale) {
        (Stage::Outcome(Term::Short), Locale::English) => "Outcome\u{a0}·\u{a0}short",
        (Stage::Outcome(Term::Medium), Locale::English) => "Outcome\u{a0}·\u{a0}medium",
        (Stage::Outcome(Term::Long), Locale::English) => "Outcome\u{a0}·\u{a0}long",
        _ => stage_name(stage, locale),
    }
}

/// The name of a KPI status for people (tables, reports, the drawing's
/// legend); [`KpiStatus::as_str`] is the stable code for tools.
///
/// ```
/// use logicmodel::analysis::KpiStatus;
/// use logicmodel::words::{kpi_status_name, Locale};
/// assert_eq!(kpi_status_name(KpiStatus::OnTrack, Locale::English), "on track");
/// assert_eq!(kpi_status_name(KpiStatus::OnTrack, Locale::Japanese), "順調");
/// ```
pub fn kpi_status_name(status: KpiStatus, locale: Locale) -> &'static str {
    match (status, locale) {
        (KpiStatus::Achieved, Locale::Japanese) => "達成",
        (KpiStatus::OnTrack, Locale::Japanese) => "順調",
        (KpiStatus::Behind, Locale::Japanese) => "遅れ",
        (KpiStatus::NoData, Locale::Japanese) => "データなし",
        (KpiStatus::Qualitative, Locale::Japanese) => "定性目標",
        (KpiStatus::Undecided, Locale::Japanese) => "未決定",
        (KpiStatus::Achieved, Locale::English) => "achieved",
        (KpiStatus::OnTrack, Locale::English) => "on track",
        (KpiStatus::Behind, Locale::English) => "behind",
        (KpiStatus::NoData, Locale::English) => "no data",
        (KpiStatus::Qualitative, Locale::English) => "qualitative target",
        (KpiStatus::Undecided, Locale::English) => "undecided",
    }
}

/// Fixed words of the drawing (title block and legend).
#[derive(Clone, Copy, Debug)]
pub(crate) struct DrawingWords {
    pub legend: &'static str,
    pub leads_to: &'static str,
    pub plan_period: &'static str,
    /// The heading of the model's `context` under the drawing.
    pub context: &'static str,
    /// The legend's word for a dotted arrow (an inferred link).
    pub inferred: &'static str,
}

impl DrawingWords {
    /// The words in `locale`.
    pub(crate) fn of(locale: Locale) -> DrawingWords {
        match locale {
            Locale::English => DrawingWords {
                legend: "Legend",
                leads_to: "→ leads to",
                plan_period: "Plan period",
                context: "Assumptions and external factors",
                inferred: "inferred link (not in the source)",
            },
            Locale::Japanese => DrawingWords {
                legend: "凡例",
                leads_to: "→ 因果の流れ",
                plan_period: "計画期間",
                context: "前提条件・外部要因",
                inferred: "推定したつながり（原典になし）",
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_has_a_name_in_both_languages() {
        for stage in Stage::ALL {
            for locale in [Locale::English, Locale::Japanese] {
                assert!(!stage_name(stage, locale).is_empty());
                assert!(!stage_heading(stage, locale).is_empty());
            }
            // Japanese names are Japanese.
            assert!(stage_name(stage, Locale::Japanese)
                .chars()
                .any(crate::text::is_japanese_script));
        }
    }

    #[test]
    fn english_outcome_headings_never_start_a_line_with_the_dot() {
        for term in [Term::Short, Term::Medium, Term::Long] {
            let heading = stage_heading(Stage::Outcome(term), Locale::English);
            for width in 5..20 {
                for line in crate::text::wrap_label_balanced(heading, width as f32) {
                    assert!(!line.starts_with('·'), "{heading:?} at {width}");
                }
            }
        }
    }
}
