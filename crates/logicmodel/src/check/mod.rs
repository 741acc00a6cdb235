//! Stage 3 of the pipeline: the chain checks.
//!
//! Every check is a pure function of the [`Model`]; together they cost
//! O(V + E) (two breadth-first searches, one strongly-connected-component
//! pass, and linear scans of work items and KPIs). Lint levels from the
//! model's `checks` and from [`Overrides`] are applied at the end.
//!
//! Architecture invariant: checks never change the model and never depend
//! on the order of a `HashMap`; their output is sorted by source position.

mod chains;
mod records;

use crate::diagnostic::{self, Code, Diagnostic, Level, Severity};
use crate::model::Model;

/// Lint levels set outside the model (the CLI's `--allow` and `--deny`),
/// applied after the model's own `checks`.
#[derive(Clone, Debug, Default)]
pub struct Overrides {
    levels: Vec<(Code, Level)>,
    deny_warnings: bool,
}

impl Overrides {
    /// No overrides.
    pub fn new() -> Overrides {
        Overrides::default()
    }

    /// Sets the level of a lint code. Load errors (codes that are not
    /// [`Code::is_lint`]) keep their level; the call is ignored for them.
    pub fn set(&mut self, code: Code, level: Level) -> &mut Overrides {
        if code.is_lint() {
            self.levels.push((code, level));
        }
        self
    }

    /// Reports every remaining warning as an error (`--deny warnings`).
    pub fn deny_warnings(&mut self) -> &mut Overrides {
        self.deny_warnings = true;
        self
    }
}

impl Model {
    /// Runs every check with the model's own lint levels.
    ///
    /// ```
    /// let model = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
    ///   {"id": "a", "kind": "activity", "label": "Train staff", "to": ["o"]},
    ///   {"id": "o", "kind": "output", "label": "Staff trained"},
    ///   {"id": "i", "kind": "impact", "label": "Better service", "to": []}]}"#).model.unwrap();
    /// let codes: Vec<_> = model.check().iter().map(|d| d.code().as_str()).collect();
    /// assert_eq!(codes, ["activity-without-impact", "dead-end", "impact-without-activity", "isolated-node"]);
    /// ```
    pub fn check(&self) -> Vec<Diagnostic> {
        self.check_with(&Overrides::default())
    }

    /// Runs every check, then applies the model's `checks` levels and `overrides`.
    /// The result is sorted by source position.
    pub fn check_with(&self, overrides: &Overrides) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        chains::check(self, &mut found);
        records::check(self, &mut found);
        let mut diagnostics: Vec<Diagnostic> = found
            .into_iter()
            .filter_map(|d| {
                let code = d.code();
                let mut level = self
                    .levels()
                    .get(&code)
                    .map_or(code.default_level(), |&(level, _)| level);
                for &(c, l) in &overrides.levels {
                    if c == code {
                        level = l;
                    }
                }
                let mut severity = level.severity()?;
                if overrides.deny_warnings && severity == Severity::Warning {
                    severity = Severity::Error;
                }
                Some(d.with_severity(severity))
            })
            .collect();
        diagnostic::sort(&mut diagnostics);
        diagnostics
    }
}

/// Codes that conclude a node has no path onward: wrong if a link the
/// file has from it, or from a node it reaches, was dropped.
const NO_PATH_ONWARD: [Code; 5] = [
    Code::ActivityWithoutImpact,
    Code::DeadEnd,
    Code::UnusedInput,
    Code::UnlinkedAssumption,
    Code::IsolatedNode,
];

/// Codes that conclude nothing reaches a node: wrong for any node if links
/// to unknown targets were lost.
const NOTHING_REACHES: [Code; 4] = [
    Code::ImpactWithoutActivity,
    Code::UnreachedNode,
    Code::UnlinkedAssumption,
    Code::IsolatedNode,
];

/// Every diagnostic of a loaded file, cause first: the problems of
/// loading it (by position), then the checks of the model (by position).
///
/// When loading dropped links ([`Model::links_complete`]), some checks
/// would only report that error again, box by box (`"to": "i"` instead of
/// `["i"]` made five diagnostics, the real one third). Those are folded
/// into the loading error, as a note that says how many there were and
/// that they are checked again once it is fixed:
/// - for the nodes whose links were dropped and every node upstream of
///   them, the findings that there is no path onward;
/// - when the lost links' targets are unknown (a node left out, an
///   unreadable `to`), the findings that nothing reaches a node.
///
/// A link to a node left out because of its own error is reported as part
/// of that error. Every other check is still reported.
///
/// ```
/// let loaded = logicmodel::load_str(r#"{"format": 1, "title": "t", "nodes": [
///   {"id": "a", "kind": "activity", "label": "A", "to": "i"},
///   {"id": "i", "kind": "impact", "label": "I"}]}"#);
/// let all = logicmodel::check::diagnose(&loaded, &Default::default());
/// assert_eq!(all.len(), 1);
/// assert_eq!(all[0].code().as_str(), "invalid-model");
/// assert!(all[0].note().unwrap().contains("4 follow-on"));
/// ```
pub fn diagnose(loaded: &crate::Loaded, overrides: &Overrides) -> Vec<Diagnostic> {
    let mut all = loaded.diagnostics.clone();
    diagnostic::sort(&mut all);
    let Some(model) = &loaded.model else {
        return all;
    };
    let mut checks = model.check_with(overrides);
    fold_missing_values(&mut all, &mut checks);
    if model.links_complete() {
        all.extend(checks);
        return all;
    }
    // The error the notes go on: the one that says the links are missing,
    // else the first about a node (one the model has, or one left out so
    // that the model has no record of that id), else the first error.
    let other_ids: std::collections::HashSet<&str> = {
        let items = model.work_items().iter().map(|w| w.id().as_str());
        let kpis = model.kpis().iter().map(|k| k.id().as_str());
        items.chain(kpis).collect()
    };
    let about_a_node = |d: &Diagnostic| {
        d.ids().first().is_some_and(|id| {
            model.node_index(id).is_some()
                || (model.section_index(id).is_none() && !other_ids.contains(id.as_str()))
        })
    };
    fold_links_to_left_out_nodes(&mut all, &about_a_node);
    let errors = || {
        all.iter()
            .enumerate()
            .filter(|(_, d)| d.severity() == Severity::Error)
    };
    let Some(primary) = errors()
        .find(|(_, d)| Some(d.location()) == model.links_lost_at())
        .or_else(|| errors().find(|(_, d)| about_a_node(d)))
        .or_else(|| errors().next())
        .map(|(i, _)| i)
    else {
        all.extend(checks);
        return all;
    };
    // Upstream of a dropped link: every node with a path to its owner.
    let mut upstream = vec![false; model.node_count()];
    let mut stack: Vec<_> = model.links_dropped_from().to_vec();
    while let Some(node) = stack.pop() {
        if std::mem::replace(&mut upstream[node.index()], true) {
            continue;
        }
        stack.extend(
            model
                .graph()
                .neighbors_directed(node, petgraph::Direction::Incoming),
        );
    }
    let unknown_targets = model.lost_links_to_unknown_targets();
    let mut folded: Vec<Code> = Vec::new();
    let before = checks.len();
    checks.retain(|d| {
        let code = d.code();
        let subject = d.ids().first().and_then(|id| model.node_index(id));
        let follows = (NO_PATH_ONWARD.contains(&code)
            && subject.is_some_and(|n| upstream[n.index()]))
            || (unknown_targets && NOTHING_REACHES.contains(&code));
        if follows && !folded.contains(&code) {
            folded.push(code);
        }
        !follows
    });
    let count = before - checks.len();
    if count > 0 {
        folded.sort();
        let codes: Vec<&str> = folded.iter().map(|c| c.as_str()).collect();
        let note = format!(
            "{count} follow-on {} about missing paths ({}) {} not shown: {} from the links this error left out, and {} checked again once it is fixed",
            if count == 1 { "problem" } else { "problems" },
            codes.join(", "),
            if count == 1 { "is" } else { "are" },
            if count == 1 { "it follows" } else { "they follow" },
            if count == 1 { "is" } else { "are" }
        );
        all[primary].add_note(&note);
    }
    all.extend(checks);
    all
}

/// A KPI with a value that could not be read may have lost its target, so
/// `kpi-target-undecided` could only repeat that error as a warning: it is
/// folded into the KPI's first error as a note, and checked once it is fixed.
fn fold_missing_values(all: &mut [Diagnostic], checks: &mut Vec<Diagnostic>) {
    let errors: std::collections::HashMap<&str, usize> = all
        .iter()
        .enumerate()
        .filter(|(_, d)| d.severity() == Severity::Error)
        .filter_map(|(i, d)| Some((d.ids().first()?.as_str(), i)))
        .rev()
        .collect();
    let mut notes: Vec<usize> = Vec::new();
    checks.retain(|d| {
        if d.code() != Code::KpiTargetUndecided {
            return true;
        }
        match d.ids().first().and_then(|id| errors.get(id.as_str())) {
            Some(&error) => {
                notes.push(error);
                false
            }
            None => true,
        }
    });
    for error in notes {
        all[error].add_note("`kpi-target-undecided` is not reported for this KPI until this is fixed: the value left out may be its target");
    }
}

/// A link to a node that was left out because of its own error (an unknown
/// kind, a missing id) is part of that error: each such dangling reference
/// becomes a line of the node's error's note, so the cause is reported
/// once, with every link it broke.
fn fold_links_to_left_out_nodes(
    all: &mut Vec<Diagnostic>,
    about_a_node: &dyn Fn(&Diagnostic) -> bool,
) {
    // The first error of each left-out node, by the id it names first.
    let mut causes: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, d) in all.iter().enumerate() {
        if d.severity() == Severity::Error && d.code() != Code::DanglingReference && about_a_node(d)
        {
            if let Some(id) = d.ids().first() {
                causes.entry(id.as_str()).or_insert(i);
            }
        }
    }
    let mut folded: Vec<(usize, usize)> = Vec::new();
    for (i, d) in all.iter().enumerate() {
        if d.code() != Code::DanglingReference {
            continue;
        }
        if let [_, target] = d.ids() {
            if let Some(&cause) = causes.get(target.as_str()) {
                folded.push((cause, i));
            }
        }
    }
    if folded.is_empty() {
        return;
    }
    // What each cause's note says: who linked to the node, and where.
    let mut lines: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
    for &(cause, link) in &folded {
        let d = &all[link];
        let owner = d.ids().first().map_or("", String::as_str);
        let at = d.location();
        let place = if at.is_known() {
            format!(" (line {}, column {})", at.line, at.column)
        } else {
            String::new()
        };
        lines
            .entry(cause)
            .or_default()
            .push(format!("`{}`{place}", diagnostic::excerpt(owner)));
    }
    for (cause, owners) in lines {
        const SHOWN: usize = 5;
        let mut list = owners
            .iter()
            .take(SHOWN)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if owners.len() > SHOWN {
            list.push_str(&format!(" and {} more", owners.len() - SHOWN));
        }
        let note = format!(
            "this node is left out, and with it the {} from {list} to it",
            if owners.len() == 1 { "link" } else { "links" }
        );
        all[cause].add_note(&note);
    }
    let mut remove: Vec<usize> = folded.into_iter().map(|(_, link)| link).collect();
    remove.sort_unstable();
    let mut index = 0;
    all.retain(|_| {
        let keep = remove.binary_search(&index).is_err();
        index += 1;
        keep
    });
}

/// The counts of a checked model: diagnostics by severity, records by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Diagnostics reported as errors.
    pub errors: usize,
    /// Diagnostics reported as warnings.
    pub warnings: usize,
    /// Nodes of the model (0 when it did not load).
    pub nodes: usize,
    /// Edges of the model.
    pub edges: usize,
    /// Work items of the model.
    pub work_items: usize,
    /// KPIs of the model.
    pub kpis: usize,
}

impl Summary {
    /// The counts of `model` (if it loaded) and `diagnostics`.
    pub fn new(model: Option<&Model>, diagnostics: &[Diagnostic]) -> Summary {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count();
        Summary {
            errors,
            warnings: diagnostics.len() - errors,
            nodes: model.map_or(0, Model::node_count),
            edges: model.map_or(0, Model::edge_count),
            work_items: model.map_or(0, |m| m.work_items().len()),
            kpis: model.map_or(0, |m| m.kpis().len()),
        }
    }
}

/// The JSON document of `logicmodel check --format json` for one file:
/// `{"format": 1, "file": …, "summary": {…}, "diagnostics": [...]}`, each
/// diagnostic as [`Diagnostic`] serialises (`docs/json.md`).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Report<'a> {
    format: u32,
    /// The file's name as the user gave it.
    pub file: &'a str,
    /// The counts.
    pub summary: Summary,
    /// Every diagnostic, load and check, sorted by position.
    pub diagnostics: &'a [Diagnostic],
}

impl<'a> Report<'a> {
    /// The report of `file`, whose model (if it loaded) and diagnostics are given.
    pub fn new(file: &'a str, model: Option<&Model>, diagnostics: &'a [Diagnostic]) -> Report<'a> {
        Report {
            format: crate::JSON_FORMAT,
            file,
            summary: Summary::new(model, diagnostics),
            diagnostics,
        }
    }
}

#[cfg(test)]
mod tests;
