//! Rendering diagnostics for the terminal: the library's rustc-style
//! renderer ([`logicmodel::terminal`]), colour choice and summary lines.

use clap::ValueEnum;
use logicmodel::Diagnostic;

use crate::visible::visible;

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal that shows colour: not with
    /// `NO_COLOR`, `CLICOLOR=0` or `TERM=dumb`; always with `CLICOLOR_FORCE`.
    #[default]
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to stderr.
    pub fn for_stderr(self) -> bool {
        crate::console::color_for_stderr(self)
    }
}

/// Renders one diagnostic like rustc (the library's renderer).
pub fn human(file: &str, text: &str, diagnostic: &Diagnostic, color: bool) -> String {
    logicmodel::terminal::snippet(file, text, diagnostic, color)
}

/// A diagnostic on a model read from a workbook or CSV tables, on one line.
pub fn in_table(file: &str, diagnostic: &Diagnostic, color: bool) -> String {
    logicmodel::terminal::table_line(file, diagnostic, color)
}

pub use logicmodel::check::Summary;

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The closing line for a file, e.g. `plan.json: 0 errors, 2 warnings (35 nodes, …)`.
pub fn summary_line(file: &str, summary: &Summary) -> String {
    format!(
        "{}: {}, {} ({}, {}, {}, {})",
        visible(file),
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.nodes, "node"),
        plural(summary.edges, "edge"),
        plural(summary.work_items, "work item"),
        plural(summary.kpis, "KPI"),
    )
}
