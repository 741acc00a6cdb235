//! Interchange: a model written in the formats other tools read.
//!
//! A side branch of the pipeline, beside `render` and `report`: it takes a
//! validated [`Model`](crate::Model) and writes it for another program —
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
