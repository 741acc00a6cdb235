//! KPI status: where each indicator stands on the straight line from its
//! baseline to its target, and how far along that line it has come.
//!
//! The rule, with worked examples, is in `docs/kpi.md`; in short, for the
//! latest actual *a* (by year) of a KPI with target *t*:
//!
//! 1. a target in words only (`qualitative_target`) →
//!    [`KpiStatus::Qualitative`]; no target → [`KpiStatus::Undecided`];
//! 2. no actual (actuals dated before the baseline year do not count) →
//!    [`KpiStatus::NoData`];
//! 3. *a* at least as good as *t* (honouring `direction`) →
//!    [`KpiStatus::Achieved`];
//! 4. *a* in or after the target year → [`KpiStatus::Behind`];
//! 5. otherwise compare *a* with the straight line from the baseline (or,
//!    without one or without its year, the earliest actual) to the target,
//!    at *a*'s year: on or
//!    better than the line → [`KpiStatus::OnTrack`], worse →
//!    [`KpiStatus::Behind`].
//!
//! Progress is `(a − baseline) / (t − baseline) × 100`, unclamped, and only
//! with a stated baseline (dated or not: progress needs no year).

use std::collections::BTreeMap;
use std::fmt;

use serde::ser::{Serialize, SerializeMap, Serializer};

use petgraph::graph::NodeIndex;

use crate::model::{Baseline, Direction, Kpi, Measurement, Model, WorkItem};

/// Where a KPI stands. The codes ([`KpiStatus::as_str`]) are kebab-case and
/// stable: tools may match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum KpiStatus {
    /// The latest actual meets or beats the target.
    Achieved,
    /// The latest actual is on or better than the straight line to the target.
    OnTrack,
    /// The latest actual is worse than the line, or the target year has come
    /// without the target being met.
    Behind,
    /// The KPI has a target but no actual yet.
    NoData,
    /// The KPI's target is stated in words (`qualitative_target`: `増加`,
    /// `現状維持`): there is no line to measure against, and the report
    /// shows the words with the latest actual.
    Qualitative,
    /// The KPI has no target (`target` absent or `null`).
    Undecided,
}

impl KpiStatus {
    /// Every status, from best to least known.
    pub const ALL: &'static [KpiStatus] = &[
        KpiStatus::Achieved,
        KpiStatus::OnTrack,
        KpiStatus::Behind,
        KpiStatus::NoData,
        KpiStatus::Qualitative,
        KpiStatus::Undecided,
    ];

    /// The stable code: `achieved`, `on-track`, `behind`, `no-data`,
    /// `qualitative`, `undecided`.
    ///
    /// ```
    /// use logicmodel::analysis::KpiStatus;
    /// assert_eq!(KpiStatus::OnTrack.as_str(), "on-track");
    /// assert_eq!(KpiStatus::from_name("no-data"), Some(KpiStatus::NoData));
    /// ```
    pub fn as_str(self) -> &'static str {
        match self {
            KpiStatus::Achieved => "achieved",
            KpiStatus::OnTrack => "on-track",
            KpiStatus::Behind => "behind",
            KpiStatus::NoData => "no-data",
            KpiStatus::Qualitative => "qualitative",
            KpiStatus::Undecided => "undecided",
        }
    }

    /// Parses a code as returned by [`KpiStatus::as_str`].
    pub fn from_name(name: &str) -> Option<KpiStatus> {
        KpiStatus::ALL.iter().copied().find(|s| s.as_str() == name)
    }
}

impl fmt::Display for KpiStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What [`assess_kpi`] finds for one KPI.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KpiAssessment {
    /// Where the KPI stands.
    pub status: KpiStatus,
    /// The actual the status rests on: the latest by year (the last written
    /// wins a tie), ignoring actuals dated before the baseline year.
    pub latest: Option<Measurement>,
    /// The value the straight line from the start to the target expects in
    /// `latest`'s year; computed only when the status depends on it (the
    /// target not met and its year not reached).
    pub expected: Option<f64>,
    /// `(latest − baseline) / (target − baseline) × 100`, unclamped: below 0
    /// when the KPI moved the wrong way, above 100 when it beat the target.
    /// `None` without a baseline, a target or an actual, when the target
    /// equals the baseline, or when the result is not a finite number.
    pub progress_percent: Option<f64>,
}

/// Assesses one KPI: its status, the actual it rests on, the value expected
/// by then, and its progress. O(number of actuals).
///
/// ```
/// use logicmodel::analysis::{assess_kpi, KpiStatus};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [],
///   "kpis": [{"id": "k", "indicator": "Meals served", "unit": "meals",
///     "baseline": {"year": 2020, "value": 100}, "target": {"year": 2024, "value": 200},
///     "actuals": [{"year": 2022, "value": 140}]}]}"#).model.unwrap();
/// let assessment = assess_kpi(&model.kpis()[0]);
/// // Halfway through the period the line expects 150; 140 is behind it.
/// assert_eq!(assessment.expected, Some(150.0));
/// assert_eq!(assessment.status, KpiStatus::Behind);
/// assert_eq!(assessment.progress_percent, Some(40.0));
/// ```
pub fn assess_kpi(kpi: &Kpi) -> KpiAssessment {
    let latest = counted_latest(kpi);
    let progress_percent = match (kpi.baseline, kpi.target, latest) {
        (Some(baseline), Some(target), Some(latest)) => {
            progress(baseline.value, target.value, latest.value)
        }
        _ => None,
    };
    let mut assessment = KpiAssessment {
        status: KpiStatus::Undecided,
        latest,
        expected: None,
        progress_percent,
    };
    let Some(target) = kpi.target else {
        if kpi.qualitative_target.is_some() {
            assessment.status = KpiStatus::Qualitative;
        }
        return assessment;
    };
    let Some(actual) = latest else {
        assessment.status = KpiStatus::NoData;
        return assessment;
    };
    if at_least_as_good(kpi.direction, actual.value, target.value, 0.0) {
        assessment.status = KpiStatus::Achieved;
        return assessment;
    }
    if actual.year >= target.year {
        assessment.status = KpiStatus::Behind;
        return assessment;
    }
    // Here start.year ≤ actual.year < target.year: the baseline's year is at
    // most the actual's (earlier actuals are not counted), and the earliest
    // actual's trivially so.
    let start = kpi
        .baseline
        .and_then(Baseline::dated)
        .or_else(|| earliest_actual(kpi))
        .unwrap_or(actual);
    let expected = on_line(start, target, actual.year);
    // The line is computed, so allow for rounding: 7 + 93 × 1/3 must not put
    // an actual of exactly 38 behind.
    let tolerance = 1e-9 * start.value.abs().max(target.value.abs()).max(1.0);
    assessment.expected = Some(expected);
    assessment.status = if at_least_as_good(kpi.direction, actual.value, expected, tolerance) {
        KpiStatus::OnTrack
    } else {
        KpiStatus::Behind
    };
    assessment
}

/// The status of one KPI; see [`assess_kpi`] and `docs/kpi.md` for the rule.
pub fn kpi_status(kpi: &Kpi) -> KpiStatus {
    assess_kpi(kpi).status
}

/// The progress of one KPI from baseline to target in percent; see
/// [`KpiAssessment::progress_percent`].
pub fn progress_percent(kpi: &Kpi) -> Option<f64> {
    assess_kpi(kpi).progress_percent
}

/// The latest actual that counts: at or after the baseline year (all of
/// them when the baseline's year is unknown).
fn counted_latest(kpi: &Kpi) -> Option<Measurement> {
    let from = kpi.baseline.and_then(|b| b.year).unwrap_or(i32::MIN);
    kpi.actuals
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, m)| m.year >= from)
        .max_by_key(|&(i, m)| (m.year, i))
        .map(|(_, m)| m)
}

/// The earliest actual (the first written wins a tie), the line's start
/// when the KPI states no baseline.
fn earliest_actual(kpi: &Kpi) -> Option<Measurement> {
    kpi.actuals
        .iter()
        .copied()
        .enumerate()
        .min_by_key(|&(i, m)| (m.year, i))
        .map(|(_, m)| m)
}

/// The value on the straight line from `start` to `target` in `year`
/// (`start.year ≤ year < target.year`).
fn on_line(start: Measurement, target: Measurement, year: i32) -> f64 {
    let elapsed = f64::from(year) - f64::from(start.year);
    let span = f64::from(target.year) - f64::from(start.year);
    let fraction = elapsed / span;
    // Weighted this way the result stays between the two finite values, so
    // it cannot overflow even for values near f64::MAX.
    start.value * (1.0 - fraction) + target.value * fraction
}

fn progress(baseline: f64, target: f64, latest: f64) -> Option<f64> {
    // Halving both differences leaves the ratio unchanged and keeps
    // `latest − baseline` finite for values of opposite sign near f64::MAX.
    let moved = latest / 2.0 - baseline / 2.0;
    let planned = target / 2.0 - baseline / 2.0;
    if planned == 0.0 {
        return None;
    }
    let percent = moved / planned * 100.0;
    percent.is_finite().then_some(percent)
}

/// Whether `value` is at least as good as `reference`, within `tolerance`.
fn at_least_as_good(direction: Direction, value: f64, reference: f64, tolerance: f64) -> bool {
    match direction {
        Direction::Increase => value >= reference - tolerance,
        Direction::Decrease => value <= reference + tolerance,
    }
}

/// One row of a KPI report: the KPI, its assessment, and what it measures.
///
/// `Serialize` gives one row of `logicmodel kpi --format json`
/// (`docs/json.md`); [`KpiReports`] is the whole document.
#[derive(Clone)]
pub struct KpiReport<'m> {
    model: &'m Model,
    /// The KPI.
    pub kpi: &'m Kpi,
    /// Where it stands.
    pub status: KpiStatus,
    /// Its progress in percent; see [`KpiAssessment::progress_percent`].
    pub progress_percent: Option<f64>,
    /// The actual the status rests on; see [`KpiAssessment::latest`].
    pub latest: Option<Measurement>,
    /// The value expected by `latest`'s year; see [`KpiAssessment::expected`].
    pub expected: Option<f64>,
    /// The work items that list the KPI, in file order.
    pub work_items: Vec<&'m WorkItem>,
    /// The nodes it measures, in file order: those that list it, and those
    /// carried out by a work item that lists it.
    pub nodes: Vec<NodeIndex>,
}

/// A report row for every KPI of `model`, in file order.
/// O(nodes × KPIs per node + work items × KPIs per work item + KPIs × log KPIs).
///
/// ```
/// use logicmodel::analysis::{kpi_reports, KpiStatus};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "t",
///   "nodes": [{"id": "a", "kind": "activity", "label": "Cook", "work_items": ["w"]}],
///   "work_items": [{"id": "w", "title": "Kitchen", "kpis": ["k"]}],
///   "kpis": [{"id": "k", "indicator": "Meals", "target": {"year": 2026, "value": 10}}]}"#)
///   .model.unwrap();
/// let reports = kpi_reports(&model);
/// assert_eq!(reports[0].status, KpiStatus::NoData);
/// assert_eq!(reports[0].work_items[0].title, "Kitchen");
/// assert_eq!(model.node(reports[0].nodes[0]).id().as_str(), "a");
/// ```
pub fn kpi_reports(model: &Model) -> Vec<KpiReport<'_>> {
    let position: BTreeMap<&str, usize> = model
        .kpis()
        .iter()
        .enumerate()
        .map(|(i, k)| (k.id().as_str(), i))
        .collect();
    let mut work_items: Vec<Vec<&WorkItem>> = vec![Vec::new(); model.kpis().len()];
    for item in model.work_items() {
        for kpi in model.kpis_of_work_item(item) {
            work_items[position[kpi.id().as_str()]].push(item);
        }
    }
    let mut nodes: Vec<Vec<NodeIndex>> = vec![Vec::new(); model.kpis().len()];
    for (index, _) in model.nodes() {
        for kpi in model.kpis_of(index) {
            nodes[position[kpi.id().as_str()]].push(index);
        }
    }
    model
        .kpis()
        .iter()
        .zip(work_items)
        .zip(nodes)
        .map(|((kpi, work_items), nodes)| {
            let assessment = assess_kpi(kpi);
            KpiReport {
                model,
                kpi,
                status: assessment.status,
                progress_percent: assessment.progress_percent,
                latest: assessment.latest,
                expected: assessment.expected,
                work_items,
                nodes,
            }
        })
        .collect()
}

impl std::fmt::Debug for KpiReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KpiReport")
            .field("kpi", &self.kpi.id())
            .field("status", &self.status)
            .field("progress_percent", &self.progress_percent)
            .field("latest", &self.latest)
            .field("expected", &self.expected)
            .field("work_items", &self.work_items.len())
            .field("nodes", &self.nodes)
            .finish_non_exhaustive()
    }
}

/// A measurement in JSON: `{"year": 2024, "value": 80}`.
/// `{year, value}`; an undated baseline has `"year": null`, so the shape
/// is the same for every measurement.
struct MeasurementJson(Baseline);

impl Serialize for MeasurementJson {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("year", &self.0.year)?;
        map.serialize_entry("value", &self.0.value)?;
        map.end()
    }
}

impl Serialize for KpiReport<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let kpi = self.kpi;
        fn measurement(m: Option<impl Into<Baseline>>) -> Option<MeasurementJson> {
            m.map(|m| MeasurementJson(m.into()))
        }
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", kpi.id().as_str())?;
        map.serialize_entry("indicator", &kpi.indicator)?;
        map.serialize_entry("unit", &kpi.unit)?;
        map.serialize_entry("direction", kpi.direction.as_str())?;
        map.serialize_entry("baseline", &measurement(kpi.baseline))?;
        map.serialize_entry("target", &measurement(kpi.target))?;
        map.serialize_entry("target_note", &kpi.target_note)?;
        map.serialize_entry("latest_actual", &measurement(self.latest))?;
        map.serialize_entry("expected", &self.expected)?;
        map.serialize_entry("progress_percent", &self.progress_percent)?;
        map.serialize_entry("status", self.status.as_str())?;
        let items: Vec<&str> = self.work_items.iter().map(|w| w.id().as_str()).collect();
        map.serialize_entry("work_items", &items)?;
        let nodes: Vec<&str> = self
            .nodes
            .iter()
            .map(|&n| self.model.node(n).id().as_str())
            .collect();
        map.serialize_entry("nodes", &nodes)?;
        map.end()
    }
}

/// The JSON document of `logicmodel kpi --format json`: `{"format": 1,
/// "kpis": [...]}` with one [`KpiReport`] row per KPI listed.
#[derive(Debug)]
pub struct KpiReports<'r, 'm>(pub &'r [KpiReport<'m>]);

impl Serialize for KpiReports<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("format", &crate::JSON_FORMAT)?;
        map.serialize_entry("kpis", self.0)?;
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with one KPI written as `fields` (JSON object members).
    fn model_with_kpi(fields: &str) -> Model {
        let text = format!(
            r#"{{"format": 1, "title": "t", "nodes": [],
                "kpis": [{{"id": "k", "indicator": "i", {fields}}}]}}"#
        );
        let loaded = crate::load_str(&text);
        assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
        loaded.model.expect("the test model loads")
    }

    fn assess(fields: &str) -> KpiAssessment {
        assess_kpi(&model_with_kpi(fields).kpis()[0])
    }

    fn status(fields: &str) -> KpiStatus {
        assess(fields).status
    }

    const UP: &str =
        r#""baseline": {"year": 2020, "value": 10}, "target": {"year": 2025, "value": 60}"#;
    const DOWN: &str = r#""direction": "decrease", "baseline": {"year": 2020, "value": 80}, "target": {"year": 2024, "value": 60}"#;

    #[test]
    fn a_kpi_without_target_is_undecided_even_with_actuals() {
        assert_eq!(status(r#""target": null"#), KpiStatus::Undecided);
        let assessment = assess(
            r#""baseline": {"year": 2020, "value": 1}, "actuals": [{"year": 2021, "value": 5}]"#,
        );
        assert_eq!(assessment.status, KpiStatus::Undecided);
        assert_eq!(assessment.progress_percent, None);
        assert_eq!(assessment.latest.map(|m| m.value), Some(5.0));
    }

    #[test]
    fn a_kpi_with_target_and_no_actual_has_no_data() {
        let assessment = assess(UP);
        assert_eq!(assessment.status, KpiStatus::NoData);
        assert_eq!(assessment.progress_percent, None);
        assert_eq!(assessment.latest, None);
    }

    #[test]
    fn increase_on_above_and_below_the_line() {
        // The line from 10 (2020) to 60 (2025) expects 30 in 2022.
        let on = assess(&format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 30}}]"#
        ));
        assert_eq!(on.status, KpiStatus::OnTrack);
        assert_eq!(on.expected, Some(30.0));
        assert_eq!(on.progress_percent, Some(40.0));
        let above = status(&format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 31}}]"#
        ));
        assert_eq!(above, KpiStatus::OnTrack);
        let below = assess(&format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 29}}]"#
        ));
        assert_eq!(below.status, KpiStatus::Behind);
        assert_eq!(below.progress_percent, Some(38.0));
    }

    #[test]
    fn decrease_below_the_line_is_on_track_and_above_is_behind() {
        // The line from 80 (2020) to 60 (2024) expects 70 in 2022.
        let on = assess(&format!(
            r#"{DOWN}, "actuals": [{{"year": 2022, "value": 70}}]"#
        ));
        assert_eq!(on.status, KpiStatus::OnTrack);
        assert_eq!(on.progress_percent, Some(50.0));
        let better = status(&format!(
            r#"{DOWN}, "actuals": [{{"year": 2022, "value": 65}}]"#
        ));
        assert_eq!(better, KpiStatus::OnTrack);
        let worse = status(&format!(
            r#"{DOWN}, "actuals": [{{"year": 2022, "value": 75}}]"#
        ));
        assert_eq!(worse, KpiStatus::Behind);
    }

    #[test]
    fn meeting_the_target_is_achieved_in_either_direction_and_at_any_time() {
        let early = assess(&format!(
            r#"{UP}, "actuals": [{{"year": 2021, "value": 75}}]"#
        ));
        assert_eq!(early.status, KpiStatus::Achieved);
        assert_eq!(early.progress_percent, Some(130.0));
        assert_eq!(early.expected, None);
        let exact = status(&format!(
            r#"{UP}, "actuals": [{{"year": 2025, "value": 60}}]"#
        ));
        assert_eq!(exact, KpiStatus::Achieved);
        let down = status(&format!(
            r#"{DOWN}, "actuals": [{{"year": 2023, "value": 58}}]"#
        ));
        assert_eq!(down, KpiStatus::Achieved);
        let late = status(&format!(
            r#"{DOWN}, "actuals": [{{"year": 2030, "value": 60}}]"#
        ));
        assert_eq!(late, KpiStatus::Achieved);
    }

    #[test]
    fn in_or_after_the_target_year_a_missed_target_is_behind_never_on_track() {
        for year in [2025, 2027] {
            let missed = format!(r#"{UP}, "actuals": [{{"year": {year}, "value": 59.9}}]"#);
            assert_eq!(status(&missed), KpiStatus::Behind, "{year}");
        }
        let down = format!(r#"{DOWN}, "actuals": [{{"year": 2024, "value": 61}}]"#);
        assert_eq!(status(&down), KpiStatus::Behind);
    }

    #[test]
    fn the_latest_actual_by_year_decides_not_the_last_written() {
        let fields = format!(
            r#"{UP}, "actuals": [{{"year": 2023, "value": 20}}, {{"year": 2021, "value": 50}}]"#
        );
        let assessment = assess(&fields);
        assert_eq!(assessment.latest.map(|m| m.year), Some(2023));
        // The line expects 40 in 2023.
        assert_eq!(assessment.status, KpiStatus::Behind);
        // A regression after reaching the target is not achieved.
        let regressed = format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 70}}, {{"year": 2023, "value": 45}}]"#
        );
        assert_eq!(status(&regressed), KpiStatus::OnTrack);
        // Two actuals in one year: the last written wins.
        let tie = format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 60}}, {{"year": 2022, "value": 20}}]"#
        );
        assert_eq!(status(&tie), KpiStatus::Behind);
    }

    #[test]
    fn actuals_before_the_baseline_year_do_not_count() {
        let only_early = assess(&format!(
            r#"{UP}, "actuals": [{{"year": 2019, "value": 99}}]"#
        ));
        assert_eq!(only_early.status, KpiStatus::NoData);
        assert_eq!(only_early.latest, None);
        assert_eq!(only_early.progress_percent, None);
        let mixed = format!(
            r#"{UP}, "actuals": [{{"year": 2019, "value": 99}}, {{"year": 2020, "value": 10}}]"#
        );
        let assessment = assess(&mixed);
        // An actual in the baseline year sits on the line's start.
        assert_eq!(assessment.status, KpiStatus::OnTrack);
        assert_eq!(assessment.progress_percent, Some(0.0));
    }

    #[test]
    fn without_baseline_the_line_starts_at_the_earliest_actual() {
        let base = r#""target": {"year": 2026, "value": 100}"#;
        // One actual is its own start: on track, but no progress figure.
        let one = assess(&format!(
            r#"{base}, "actuals": [{{"year": 2023, "value": 7}}]"#
        ));
        assert_eq!(one.status, KpiStatus::OnTrack);
        assert_eq!(one.expected, Some(7.0));
        assert_eq!(one.progress_percent, None);
        // From 7 (2023) the line expects 69 in 2025.
        let slow = format!(
            r#"{base}, "actuals": [{{"year": 2023, "value": 7}}, {{"year": 2025, "value": 50}}]"#
        );
        assert_eq!(status(&slow), KpiStatus::Behind);
        let fast = format!(
            r#"{base}, "actuals": [{{"year": 2023, "value": 7}}, {{"year": 2025, "value": 69}}]"#
        );
        assert_eq!(status(&fast), KpiStatus::OnTrack);
        let down = r#""direction": "decrease", "target": {"year": 2026, "value": 11}, "actuals": [{"year": 2024, "value": 14}, {"year": 2025, "value": 13}]"#;
        // From 14 (2024) the line expects 12.5 in 2025.
        assert_eq!(status(down), KpiStatus::Behind);
    }

    #[test]
    fn a_target_equal_to_the_baseline_is_held_or_not_and_has_no_progress() {
        let flat =
            r#""baseline": {"year": 2020, "value": 50}, "target": {"year": 2025, "value": 50}"#;
        let held = assess(&format!(
            r#"{flat}, "actuals": [{{"year": 2022, "value": 50}}]"#
        ));
        assert_eq!(held.status, KpiStatus::Achieved);
        assert_eq!(held.progress_percent, None);
        let slipped = status(&format!(
            r#"{flat}, "actuals": [{{"year": 2022, "value": 49}}]"#
        ));
        assert_eq!(slipped, KpiStatus::Behind);
    }

    #[test]
    fn a_baseline_after_the_target_year_leaves_achieved_or_behind() {
        let odd =
            r#""baseline": {"year": 2027, "value": 10}, "target": {"year": 2025, "value": 60}"#;
        let behind = assess(&format!(
            r#"{odd}, "actuals": [{{"year": 2028, "value": 30}}]"#
        ));
        assert_eq!(behind.status, KpiStatus::Behind);
        assert_eq!(behind.progress_percent, Some(40.0));
        let achieved = status(&format!(
            r#"{odd}, "actuals": [{{"year": 2028, "value": 60}}]"#
        ));
        assert_eq!(achieved, KpiStatus::Achieved);
    }

    #[test]
    fn progress_reports_the_real_number_including_negative() {
        let worse = assess(&format!(
            r#"{UP}, "actuals": [{{"year": 2022, "value": 5}}]"#
        ));
        assert_eq!(worse.progress_percent, Some(-10.0));
        assert_eq!(worse.status, KpiStatus::Behind);
    }

    #[test]
    fn a_line_value_that_rounds_does_not_tip_the_status() {
        // 7 + 93 × 1/3 = 38 in exact arithmetic.
        let fields = r#""baseline": {"year": 2023, "value": 7}, "target": {"year": 2026, "value": 100}, "actuals": [{"year": 2024, "value": 38}]"#;
        assert_eq!(status(fields), KpiStatus::OnTrack);
    }

    #[test]
    fn extreme_values_neither_overflow_nor_panic() {
        let fields = r#""baseline": {"year": -2147483648, "value": -1.7e308}, "target": {"year": 2147483647, "value": 1.7e308}, "actuals": [{"year": 0, "value": 1.7e308}]"#;
        let assessment = assess(fields);
        assert_eq!(assessment.status, KpiStatus::Achieved);
        assert_eq!(assessment.progress_percent, Some(100.0));
        let fields = r#""baseline": {"year": -2147483648, "value": -1.7e308}, "target": {"year": 2147483647, "value": 1.7e308}, "actuals": [{"year": 0, "value": -1.7e308}]"#;
        let assessment = assess(fields);
        assert_eq!(assessment.status, KpiStatus::Behind);
        assert!(assessment.expected.is_some_and(f64::is_finite));
    }

    /// `value (year)` as a JSON measurement; `—` and `` `null` `` as `null`.
    fn measurement_json(cell: &str) -> String {
        match cell.trim() {
            "—" | "`null`" => "null".to_owned(),
            // A baseline without its year.
            cell if !cell.contains('(') => format!(r#"{{"value": {cell}}}"#),
            cell => {
                let (value, year) = cell
                    .trim_end_matches(')')
                    .split_once(" (")
                    .unwrap_or_else(|| panic!("`value (year)`: {cell}"));
                format!(r#"{{"year": {year}, "value": {value}}}"#)
            }
        }
    }

    /// A number as docs/kpi.md writes it (Unicode minus, `%`), or `None` for `—`.
    fn doc_number(cell: &str) -> Option<f64> {
        let cell = cell.trim();
        (cell != "—").then(|| {
            cell.trim_end_matches('%')
                .trim()
                .replace('\u{2212}', "-")
                .parse()
                .unwrap_or_else(|_| panic!("a number: {cell}"))
        })
    }

    #[test]
    fn the_worked_examples_in_docs_kpi_md_hold() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/kpi.md");
        let doc = std::fs::read_to_string(path).expect("docs/kpi.md exists");
        let mut rows = 0;
        for line in doc.lines() {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            // | # | direction | baseline | target | actuals | latest | expected | status | progress |
            if cells.len() != 11 || cells[1].parse::<u32>().is_err() {
                continue;
            }
            rows += 1;
            let actuals = if cells[5] == "—" {
                String::new()
            } else {
                cells[5]
                    .split("), ")
                    .map(|a| measurement_json(&format!("{})", a.trim_end_matches(')'))))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let fields = format!(
                r#""direction": "{}", "baseline": {}, "target": {}, "actuals": [{actuals}]"#,
                cells[2],
                measurement_json(cells[3]),
                measurement_json(cells[4]),
            );
            let fields = fields.replace(r#""baseline": null, "#, "");
            let assessment = assess(&fields);
            let example = format!("example {}: {fields}", cells[1]);
            let status = cells[8].split('`').nth(1).expect("a status code");
            assert_eq!(assessment.status.as_str(), status, "{example}");
            let latest = (cells[6] != "—").then(|| measurement_json(cells[6]));
            let actual_latest = assessment
                .latest
                .map(|m| format!(r#"{{"year": {}, "value": {}}}"#, m.year, m.value));
            assert_eq!(actual_latest, latest, "{example}");
            let close = |a: Option<f64>, b: Option<f64>, within: f64| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= within,
                (a, b) => a.is_none() && b.is_none(),
            };
            assert!(
                close(assessment.expected, doc_number(cells[7]), 0.005),
                "{example}: expected {:?}",
                assessment.expected
            );
            assert!(
                close(assessment.progress_percent, doc_number(cells[9]), 0.05),
                "{example}: progress {:?}",
                assessment.progress_percent
            );
        }
        assert_eq!(rows, 21, "every worked example is checked");
    }

    #[test]
    fn status_codes_round_trip() {
        for &status in KpiStatus::ALL {
            assert_eq!(KpiStatus::from_name(status.as_str()), Some(status));
        }
        assert_eq!(KpiStatus::from_name("on track"), None);
    }

    #[test]
    fn reports_list_work_items_and_the_nodes_measured_directly_or_through_them() {
        let text = r#"{"format": 1, "title": "t",
          "nodes": [
            {"id": "a", "kind": "activity", "label": "A", "work_items": ["w"], "to": ["o"]},
            {"id": "o", "kind": "output", "label": "O", "kpis": ["k2", "k1"], "to": ["i"]},
            {"id": "i", "kind": "impact", "label": "I"}],
          "work_items": [{"id": "w", "title": "W", "kpis": ["k1"]}],
          "kpis": [{"id": "k1", "indicator": "one"}, {"id": "k2", "indicator": "two"}]}"#;
        let model = crate::load_str(text).model.expect("loads");
        let reports = kpi_reports(&model);
        let ids = |nodes: &[NodeIndex]| -> Vec<String> {
            nodes
                .iter()
                .map(|&n| model.node(n).id().to_string())
                .collect()
        };
        assert_eq!(reports.len(), 2);
        assert_eq!(reports[0].kpi.id().as_str(), "k1");
        assert_eq!(ids(&reports[0].nodes), ["a", "o"]);
        assert_eq!(reports[0].work_items.len(), 1);
        assert_eq!(ids(&reports[1].nodes), ["o"]);
        assert!(reports[1].work_items.is_empty());
        assert_eq!(reports[1].status, KpiStatus::Undecided);
    }
}
