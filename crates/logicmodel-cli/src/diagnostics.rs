//! Rendering diagnostics: like rustc for people (with a source snippet, via
//! annotate-snippets), or as JSON for tools.

use std::io::IsTerminal;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;
use logicmodel::{Diagnostic, Model, Severity};
use serde_json::json;

/// When to use colour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when stderr is a terminal and `NO_COLOR` is not set.
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
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Renders one diagnostic like rustc: header, `--> file:line:col`, the
/// source line with the span underlined, and the help.
pub fn human(file: &str, text: &str, diagnostic: &Diagnostic, color: bool) -> String {
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let location = diagnostic.location();
    let title = level
        .primary_title(diagnostic.message())
        .id(diagnostic.code().as_str());
    let mut report = Vec::new();
    // Show only the line the problem starts on: a node object can span many
    // lines, and rustc-style output should point, not quote.
    let offset = location.offset.min(text.len());
    let group = if text.is_empty() {
        Group::with_title(title)
    } else {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let line = &text[line_start..line_end];
        let start = offset - line_start;
        let mut end = (start + location.len.max(1)).min(line.len());
        while end < line.len() && !line.is_char_boundary(end) {
            end += 1;
        }
        if end <= start {
            end = start;
        }
        let label = if diagnostic.ids().is_empty() {
            String::new()
        } else {
            diagnostic
                .ids()
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Group::with_title(title).element(
            Snippet::source(line)
                .line_start(location.line as usize)
                .path(file)
                .annotation(AnnotationKind::Primary.span(start..end).label(label)),
        )
    };
    report.push(group);
    if let Some(help) = diagnostic.help() {
        report.push(Group::with_title(Level::HELP.secondary_title(help)));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let mut rendered = renderer.render(&report);
    if text.is_empty() {
        rendered.push_str(&format!(
            "\n --> {file}:{}:{}",
            location.line, location.column
        ));
    }
    rendered
}

/// The counts of a checked file.
#[derive(Clone, Copy, Debug, Default)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub nodes: usize,
    pub edges: usize,
    pub work_items: usize,
    pub kpis: usize,
}

impl Summary {
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

/// One JSON object per file, as documented in `docs/cli.md`.
pub fn json_report(file: &str, summary: Summary, diagnostics: &[Diagnostic]) -> serde_json::Value {
    json!({
        "file": file,
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "nodes": summary.nodes,
            "edges": summary.edges,
            "work_items": summary.work_items,
            "kpis": summary.kpis,
        },
        "diagnostics": diagnostics.iter().map(json_diagnostic).collect::<Vec<_>>(),
    })
}

pub fn json_diagnostic(d: &Diagnostic) -> serde_json::Value {
    let mut value = json!({
        "code": d.code().as_str(),
        "severity": d.severity().as_str(),
        "message": d.message(),
        "ids": d.ids(),
        "line": d.location().line,
        "column": d.location().column,
    });
    if let Some(help) = d.help() {
        value["help"] = json!(help);
    }
    value
}

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
        "{file}: {}, {} ({}, {}, {}, {})",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.nodes, "node"),
        plural(summary.edges, "edge"),
        plural(summary.work_items, "work item"),
        plural(summary.kpis, "KPI"),
    )
}
