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
