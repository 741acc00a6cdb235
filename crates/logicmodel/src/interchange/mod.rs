//! Interchange: a model written in the formats other tools read.
//!
//! A side branch of the pipeline, beside `render` and `report`: it takes a
//! validated [`Model`] and writes it for another program —
//! [`mermaid`] (Markdown diagrams on GitHub, GitLab, Notion, Obsidian),
//! [`dot`] (Graphviz), [`graphml`] (yEd, Gephi, networkx), and the record
//! [`tables`] of a model as a spreadsheet ([`workbook`], xlsx) or a folder of
//! CSV files ([`csv`]). [`starter`] holds the small model `logicmodel init`
//! begins a plan with.
//!
//! What it must not do: depend on the JSON reader's internals (`format`),
//! print, or touch files — every writer takes an `io::Write` or returns
//! bytes, and the CLI decides where they go. Model text is untrusted in
//! every format: escaped for the syntax it lands in, never a live formula
//! in a spreadsheet. Every output is deterministic: file order throughout,
//! fixed dates in workbooks, no hash-map order.

pub mod csv;
pub mod dot;
pub mod graphml;
pub mod mermaid;
pub mod starter;
pub mod tables;
mod words;
pub mod workbook;

use crate::model::Model;

/// Whether built-in words (headings, sheet names, kind names) are Japanese:
/// the model's `language` is `ja`.
pub(crate) fn is_japanese(model: &Model) -> bool {
    model.language().is_some_and(|l| l.is_japanese())
}

#[cfg(test)]
mod tests;

/// The nodes grouped by band (section, then the nodes without one) and
/// column, in file order, built in one pass: O(V + sections).
pub(crate) struct Grid {
    /// `bands[s][rank]`: the nodes of section `s` (the last entry: no
    /// section) in the column of that rank.
    bands: Vec<[Vec<petgraph::graph::NodeIndex>; 8]>,
}

impl Grid {
    pub(crate) fn new(model: &Model) -> Grid {
        let mut bands: Vec<[Vec<_>; 8]> = (0..=model.sections().len())
            .map(|_| Default::default())
            .collect();
        let none = model.sections().len();
        for (index, node) in model.nodes() {
            bands[node.section_index().unwrap_or(none)][node.stage().rank()].push(index);
        }
        Grid { bands }
    }

    /// The columns that have nodes, left to right.
    pub(crate) fn stages(&self) -> Vec<crate::model::Stage> {
        crate::model::Stage::ALL
            .iter()
            .copied()
            .filter(|s| self.bands.iter().any(|b| !b[s.rank()].is_empty()))
            .collect()
    }

    /// The bands that have nodes, top to bottom (`None`: no section), with
    /// their nodes by column rank.
    pub(crate) fn bands(
        &self,
    ) -> impl DoubleEndedIterator<Item = (Option<usize>, &[Vec<petgraph::graph::NodeIndex>; 8])> + '_
    {
        let none = self.bands.len() - 1;
        self.bands
            .iter()
            .enumerate()
            .filter(|(_, columns)| columns.iter().any(|c| !c.is_empty()))
            .map(move |(s, columns)| ((s != none).then_some(s), columns))
    }

    /// Every node of one column, band by band.
    pub(crate) fn column(
        &self,
        stage: crate::model::Stage,
    ) -> impl Iterator<Item = petgraph::graph::NodeIndex> + '_ {
        self.bands
            .iter()
            .flat_map(move |b| b[stage.rank()].iter().copied())
    }
}
