//! The numbered list of check issues under a drawing (`render --show-issues`).
//!
//! Role: a PNG or a printed page loses the SVG tooltips, so the messages are
//! also written under the diagram, numbered, with the same number on the box
//! each is about. [`IssueList::new`] decides the numbers and the entries;
//! the SVG writer draws them.
//!
//! An issue belongs to the box its first id names; an issue about a work
//! item or a KPI belongs to the first drawn box that carries it (the activity
//! whose work item has no KPI), so that it, too, gets a number, an outline and
//! a line in the box's tooltip.
//!
//! What it must not do: run checks (the issues are given), or reorder them:
//! entries keep the order of the diagnostics (by source position), and a
//! box's number is the order in which its first issue comes.

use std::collections::BTreeMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;

use super::Diagram;

/// One line of the list: an issue, and the number of the box it is about.
#[derive(Clone, Debug, PartialEq)]
pub struct IssueEntry {
    /// The box's number (1, 2, …), also drawn on the box; `None` for an issue
    /// about no box (a work item, a KPI, the whole model).
    pub number: Option<usize>,
    /// Error or warning.
    pub severity: Severity,
    /// The diagnostic's code, e.g. `dead-end`.
    pub code: &'static str,
    /// The diagnostic's message.
    pub message: String,
}

/// The issues of a drawing, numbered by box.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IssueList {
    /// For each scene node, its number when it has issues.
    pub numbers: Vec<Option<usize>>,
    /// For each scene node, the worst severity of its issues.
    pub worst: Vec<Option<Severity>>,
    /// For each scene node, its entries (indices into `entries`).
    pub of_node: Vec<Vec<usize>>,
    /// The entries, in the order of the diagnostics given.
    pub entries: Vec<IssueEntry>,
    /// Issues about boxes of the model that this drawing leaves out (another
    /// section, or off the focused chains): counted, not listed.
    pub elsewhere: usize,
}

impl IssueList {
    /// Numbers the boxes of `diagram` that `issues` are about (see the module
    /// documentation) and lists the issues: those about drawn boxes and those
    /// about no box. O((N + W + K) log(W + K) + D) for N nodes carrying W work
    /// items and K KPIs, and D issues.
    pub fn new(model: &Model, diagram: &Diagram, issues: &[Diagnostic]) -> IssueList {
        let mut scene_index = vec![None; model.node_count()];
        // Work items and KPIs → the first drawn box that carries them.
        let mut carriers: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, &node) in diagram.nodes.iter().enumerate() {
            scene_index[node.index()] = Some(i);
            for item in model.work_items_of(node) {
                carriers.entry(item.id().as_str()).or_insert(i);
            }
            for kpi in model.kpis_of(node) {
                carriers.entry(kpi.id().as_str()).or_insert(i);
            }
        }
        let count = diagram.nodes.len();
        let mut list = IssueList {
            numbers: vec![None; count],
            worst: vec![None; count],
            of_node: vec![Vec::new(); count],
            ..IssueList::default()
        };
        let mut next = 1;
        for issue in issues {
            let first = issue.ids().first().map(String::as_str);
            let owner = match first.and_then(|id| model.node_index(id)) {
                Some(node) => match scene_index[node.index()] {
                    Some(i) => Some(i),
                    None => {
                        list.elsewhere += 1;
                        continue;
                    }
                },
                None => first.and_then(|id| carriers.get(id).copied()),
            };
            let number = owner.map(|i| {
                let worst = &mut list.worst[i];
                *worst = Some(worst.map_or(issue.severity(), |w| w.min(issue.severity())));
                list.of_node[i].push(list.entries.len());
                *list.numbers[i].get_or_insert_with(|| {
                    next += 1;
                    next - 1
                })
            });
            list.entries.push(IssueEntry {
                number,
                severity: issue.severity(),
                code: issue.code().as_str(),
                message: issue.message().to_owned(),
            });
        }
        list
    }

    /// Whether there is anything to list.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.elsewhere == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{diagram, DiagramOptions};

    #[test]
    fn boxes_are_numbered_in_the_order_of_their_first_issue() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "sections": [{"id": "s", "label": "S"}, {"id": "u", "label": "U"}],
              "nodes": [
                {"id": "a", "kind": "activity", "label": "A", "section": "s"},
                {"id": "b", "kind": "activity", "label": "B", "section": "s", "to": ["i"]},
                {"id": "i", "kind": "impact", "label": "I", "section": "s"},
                {"id": "c", "kind": "activity", "label": "C", "section": "u"}],
              "work_items": [{"id": "w", "title": "W"}]}"#,
        )
        .model
        .unwrap();
        let issues = model.check();
        let only_s = diagram(
            &model,
            &DiagramOptions {
                section: Some(0),
                ..Default::default()
            },
        );
        let list = IssueList::new(&model, &only_s, &issues);
        let a = only_s
            .nodes
            .iter()
            .position(|&n| model.node(n).id().as_str() == "a");
        let numbered: Vec<usize> = list.entries.iter().filter_map(|e| e.number).collect();
        assert!(!numbered.is_empty());
        // Numbers start at 1 and each box keeps one.
        assert_eq!(list.numbers[a.unwrap()], Some(1));
        // A number is new only as the next one: boxes are numbered by first issue.
        let mut highest = 0;
        for n in numbered {
            assert!(n <= highest + 1, "{n} after {highest}");
            highest = highest.max(n);
        }
        // The unused work item is carried by no box; C is in the other section.
        assert!(list
            .entries
            .iter()
            .any(|e| e.number.is_none() && e.code == "unused-work-item"));
        assert!(list.elsewhere > 0);
    }
}
