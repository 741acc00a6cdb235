//! Checks of the records attached to the chains: work items and KPIs.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Model, NodeKind};

pub(super) fn check(model: &Model, out: &mut Vec<Diagnostic>) {
    let mut item_used = vec![false; model.work_items().len()];
    let mut kpi_used = vec![false; model.kpis().len()];
    for (_, node) in model.nodes() {
        for &w in node.work_item_indices() {
            item_used[w] = true;
        }
        for &k in node.kpi_indices() {
            kpi_used[k] = true;
        }
    }
    for item in model.work_items() {
        for &k in item.kpi_indices() {
            kpi_used[k] = true;
        }
    }

    // A model that records no work items (or no KPIs) at all is a pure
    // logic model: asking every activity for a work item would be noise.
    if !model.work_items().is_empty() {
        for (_, node) in model.nodes_of_kind(NodeKind::Activity) {
            if node.work_item_indices().is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::ActivityWithoutWorkItem,
                        format!("no work item carries out activity `{}`", node.id()),
                        node.location(),
                    )
                    .with_id(node.id().as_str()),
                );
            }
        }
    }
    for (item, used) in model.work_items().iter().zip(&item_used) {
        let id = item.id().as_str();
        if !model.kpis().is_empty() && item.kpi_indices().is_empty() {
            out.push(
                Diagnostic::new(
                    Code::WorkItemWithoutKpi,
                    format!("no KPI measures work item `{id}`"),
                    item.location(),
                )
                .with_id(id),
            );
        }
        if !used {
            out.push(
                Diagnostic::new(
                    Code::UnusedWorkItem,
                    format!("no node refers to work item `{id}`"),
                    item.location(),
                )
                .with_id(id)
                .with_help("list it in the `work_items` of the activity it carries out"),
            );
        }
    }
    for (kpi, used) in model.kpis().iter().zip(&kpi_used) {
        let id = kpi.id().as_str();
        let diagnostic =
            |code, message: String, location| Diagnostic::new(code, message, location).with_id(id);
        match kpi.target {
            // A target in words is a target: nothing is undecided.
            None if kpi.qualitative_target.is_some() => {}
            None => {
                let note = kpi
                    .target_note
                    .as_deref()
                    .map_or(String::new(), |n| format!(" ({n})"));
                out.push(diagnostic(
                    Code::KpiTargetUndecided,
                    format!("KPI `{id}` has no target yet{note}"),
                    kpi.target_location(),
                ));
            }
            Some(target) => {
                // An undated baseline cannot be after anything.
                if let Some(year) = kpi.baseline.and_then(|b| b.year) {
                    if year > target.year {
                        out.push(diagnostic(
                            Code::KpiBaselineAfterTarget,
                            format!(
                                "KPI `{id}`: the baseline year {year} is after the target year {}",
                                target.year
                            ),
                            kpi.baseline_location(),
                        ));
                    }
                }
                if let Some(period) = model.period() {
                    if target.year < period.start || target.year > period.end {
                        out.push(diagnostic(
                            Code::KpiTargetOutsidePeriod,
                            format!(
                                "KPI `{id}`: the target year {} lies outside the plan period {}–{}",
                                target.year, period.start, period.end
                            ),
                            kpi.target_location(),
                        ));
                    }
                }
            }
        }
        if !used {
            out.push(diagnostic(
                Code::UnusedKpi,
                format!("no node or work item refers to KPI `{id}`"),
                kpi.location(),
            ));
        }
    }
}
