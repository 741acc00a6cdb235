//! The check results in the planner's words: diagnostics grouped by what is
//! wrong, each naming the boxes, work items and KPIs it concerns by their
//! labels rather than their ids. Shared by the HTML report, the Markdown
//! report and the live preview; the writers decide how it looks.
//!
//! It never re-runs checks: the diagnostics are the caller's.

use std::collections::BTreeMap;

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::{Kpi, Model, Node, Section, WorkItem};

/// The diagnostics of one code at one severity, in the order the caller gave them.
pub(crate) struct CheckGroup<'d> {
    pub severity: Severity,
    pub code: Code,
    pub diagnostics: Vec<&'d Diagnostic>,
}

/// Groups diagnostics by severity and code: errors first, then warnings;
/// within a severity, groups in the order of their first diagnostic (the
/// caller's order, by position in the file). O(d log d).
pub(crate) fn group(diagnostics: &[Diagnostic]) -> Vec<CheckGroup<'_>> {
    let mut position: BTreeMap<(Severity, Code), usize> = BTreeMap::new();
    let mut groups: Vec<CheckGroup<'_>> = Vec::new();
    for d in diagnostics {
        let key = (d.severity(), d.code());
        let index = *position.entry(key).or_insert_with(|| {
            groups.push(CheckGroup {
                severity: d.severity(),
                code: d.code(),
                diagnostics: Vec::new(),
            });
            groups.len() - 1
        });
        groups[index].diagnostics.push(d);
    }
    // Stable: groups of one severity keep their order.
    groups.sort_by_key(|g| g.severity);
    groups
}

/// What an id in a diagnostic stands for.
pub(crate) enum Target<'m, 'd> {
    Node(&'m Node),
    WorkItem(&'m WorkItem),
    Kpi(&'m Kpi),
    Section(&'m Section),
    /// An id the model does not have (a dangling reference), or any id
    /// when no model loaded.
    Unknown(&'d str),
}

/// Looks up the ids diagnostics name: nodes through the model's index,
/// work items, KPIs and sections through maps built once (so naming d
/// diagnostics' targets costs O((n + d) log n), not O(n · d)).
pub(crate) struct Names<'m> {
    model: Option<&'m Model>,
    work_items: BTreeMap<&'m str, &'m WorkItem>,
    kpis: BTreeMap<&'m str, &'m Kpi>,
    sections: BTreeMap<&'m str, &'m Section>,
}

impl<'m> Names<'m> {
    /// The names of `model`'s records; `None` names nothing (every id is unknown).
    pub fn new(model: Option<&'m Model>) -> Names<'m> {
        let mut names = Names {
            model,
            work_items: BTreeMap::new(),
            kpis: BTreeMap::new(),
            sections: BTreeMap::new(),
        };
        if let Some(model) = model {
            for item in model.work_items() {
                names.work_items.insert(item.id().as_str(), item);
            }
            for kpi in model.kpis() {
                names.kpis.insert(kpi.id().as_str(), kpi);
            }
            for section in model.sections() {
                names.sections.insert(section.id().as_str(), section);
            }
        }
        names
    }

    /// What `id` in a diagnostic of `code` stands for. Ids are unique per
    /// kind of record, not across kinds, so the code decides which kind
    /// is tried first.
    pub fn target<'d>(&self, code: Code, id: &'d str) -> Target<'m, 'd> {
        let node = || {
            self.model
                .and_then(|m| m.node_index(id).map(|i| m.node(i)))
                .map(Target::Node)
        };
        let work_item = || self.work_items.get(id).map(|w| Target::WorkItem(w));
        let kpi = || self.kpis.get(id).map(|k| Target::Kpi(k));
        let section = || self.sections.get(id).map(|s| Target::Section(s));
        let found = match code {
            Code::WorkItemWithoutKpi | Code::UnusedWorkItem => {
                work_item().or_else(node).or_else(kpi).or_else(section)
            }
            Code::KpiTargetUndecided
            | Code::KpiBaselineAfterTarget
            | Code::KpiTargetOutsidePeriod
            | Code::UnusedKpi => kpi().or_else(node).or_else(work_item).or_else(section),
            _ => node().or_else(work_item).or_else(kpi).or_else(section),
        };
        found.unwrap_or(Target::Unknown(id))
    }

    /// The targets of one diagnostic, in its order.
    pub fn targets<'d>(&self, diagnostic: &'d Diagnostic) -> Vec<Target<'m, 'd>> {
        diagnostic
            .ids()
            .iter()
            .map(|id| self.target(diagnostic.code(), id))
            .collect()
    }
}

/// How the targets of a diagnostic are joined: an arrow for the codes
/// about one edge (from → to), a list separator otherwise.
pub(crate) fn joins_with_arrow(code: Code) -> bool {
    matches!(code, Code::BackwardEdge | Code::DanglingReference)
}

/// A text on one line (labels may hold line breaks).
pub(crate) fn one_line(text: &str) -> String {
    text.split(['\n', '\r'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MODEL: &str = r#"{"format": 1, "title": "T",
      "nodes": [
        {"id": "a", "kind": "activity", "label": "Read\naloud", "to": ["o", "missing"], "work_items": ["w"]},
        {"id": "o", "kind": "output", "label": "Sessions"},
        {"id": "x", "kind": "output", "label": "Lonely"}
      ],
      "work_items": [{"id": "w", "title": "Club"}, {"id": "o", "title": "Same id as a node"}]}"#;

    #[test]
    fn groups_put_errors_first_and_keep_file_order() {
        let loaded = crate::load_str(MODEL);
        let model = loaded.model.unwrap();
        let mut all = loaded.diagnostics.clone();
        all.extend(model.check());
        let groups = group(&all);
        let severities: Vec<Severity> = groups.iter().map(|g| g.severity).collect();
        let mut sorted = severities.clone();
        sorted.sort();
        assert_eq!(severities, sorted, "errors before warnings");
        assert_eq!(
            groups.iter().map(|g| g.diagnostics.len()).sum::<usize>(),
            all.len(),
            "every diagnostic is in one group"
        );
        let mut keys: Vec<(Severity, Code)> = groups.iter().map(|g| (g.severity, g.code)).collect();
        keys.dedup();
        assert_eq!(keys.len(), groups.len(), "one group per code and severity");
    }

    #[test]
    fn ids_are_named_by_what_the_code_is_about() {
        let model = crate::load_str(MODEL).model.unwrap();
        let names = Names::new(Some(&model));
        assert!(
            matches!(names.target(Code::DeadEnd, "o"), Target::Node(n) if n.label() == "Sessions")
        );
        assert!(matches!(
            names.target(Code::UnusedWorkItem, "o"),
            Target::WorkItem(w) if w.title == "Same id as a node"
        ));
        assert!(matches!(
            names.target(Code::DeadEnd, "missing"),
            Target::Unknown("missing")
        ));
        let nothing = Names::new(None);
        assert!(matches!(
            nothing.target(Code::DeadEnd, "o"),
            Target::Unknown("o")
        ));
    }

    #[test]
    fn one_line_joins_the_lines_of_a_label() {
        assert_eq!(one_line("Read\naloud\r\n"), "Read aloud");
    }
}
