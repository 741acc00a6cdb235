//! Rendering diagnostics: like rustc for people (with a source snippet, via
//! annotate-snippets), or as JSON for tools.

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::ValueEnum;
use logicmodel::{Diagnostic, Severity};

use crate::visible::{visible, visible_span};

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

/// The part of the line around `offset` to quote, and the span to underline
/// in it. Lines longer than a screen (a minified file is one line) are cut
/// to a window around the span, marked with `…`; finding the window never
/// scans more than a few hundred bytes, so thousands of diagnostics on a
/// 40 MB one-line file print in linear time.
fn excerpt(text: &str, offset: usize, len: usize) -> (String, usize, usize) {
    const BEFORE: usize = 60;
    const AFTER: usize = 100;
    let floor = |mut i: usize| {
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let ceil = |mut i: usize| {
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        i
    };
    let look_back = floor(offset.saturating_sub(BEFORE));
    let (from, cut_before) = match text[look_back..offset].rfind('\n') {
        Some(i) => (look_back + i + 1, false),
        None => (
            look_back,
            look_back > 0 && text.as_bytes()[look_back - 1] != b'\n',
        ),
    };
    let look_ahead = ceil((offset + len.max(1) + AFTER).min(text.len()));
    let (to, cut_after) = match text[offset..look_ahead].find('\n') {
        Some(i) => (offset + i, false),
        None => (
            look_ahead,
            look_ahead < text.len() && text.as_bytes()[look_ahead] != b'\n',
        ),
    };
    let prefix = if cut_before { "…" } else { "" };
    let mut source = String::with_capacity(to - from + 8);
    source.push_str(prefix);
    source.push_str(&text[from..to]);
    if cut_after {
        source.push('…');
    }
    let start = prefix.len() + (offset - from);
    let end = ceil((offset + len.max(1)).min(to)) - from + prefix.len();
    (source, start, end.max(start))
}

/// Renders one diagnostic like rustc: header, `--> file:line:col`, the
/// source line with the span underlined, and the help. Every piece of text
/// from the file (message, ids, the quoted line, help, the file name) is
/// made [visible](crate::visible): no byte of it reaches the terminal as a
/// control character.
pub fn human(file: &str, text: &str, diagnostic: &Diagnostic, color: bool) -> String {
    let file = visible(file);
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let location = diagnostic.location();
    let title = level
        .primary_title(visible(diagnostic.message()))
        .id(diagnostic.code().as_str());
    let mut report = Vec::new();
    // Show only the line the problem starts on: a node object can span many
    // lines, and rustc-style output should point, not quote.
    let offset = location.offset.min(text.len());
    let group = if text.is_empty() {
        Group::with_title(title)
    } else {
        let (source, start, end) = excerpt(text, offset, location.len);
        let (source, span) = visible_span(&source, start..end);
        let label = if diagnostic.ids().is_empty() {
            String::new()
        } else {
            diagnostic
                .ids()
                .iter()
                .map(|id| format!("`{}`", visible(id.as_str())))
                .collect::<Vec<_>>()
                .join(", ")
        };
        Group::with_title(title).element(
            Snippet::source(source)
                .line_start(location.line as usize)
                .annotation(AnnotationKind::Primary.span(span).label(label)),
        )
    };
    report.push(group);
    if let Some(help) = diagnostic.help() {
        report.push(Group::with_title(
            Level::HELP.secondary_title(visible(help).into_owned()),
        ));
    }
    if let Some(note) = diagnostic.note() {
        report.push(Group::with_title(
            Level::NOTE.secondary_title(visible(note).into_owned()),
        ));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    }
    .decor_style(DecorStyle::Ascii);
    let rendered = renderer.render(&report);
    // The `-->` line is ours, not annotate-snippets': it would compute the
    // column from the quoted excerpt, which is cut on long lines.
    let gutter = location.line.max(1).to_string().len();
    let arrow = format!(
        "{:gutter$}--> {file}:{}:{}",
        "", location.line, location.column
    );
    match rendered.split_once('\n') {
        Some((title, rest)) => format!("{title}\n{arrow}\n{rest}"),
        None => format!("{rendered}\n{arrow}"),
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_quoted_as_a_window_around_the_span() {
        let text = format!("{}\"needle\"{}", "x".repeat(10_000), "y".repeat(10_000));
        let offset = 10_000;
        let (source, start, end) = excerpt(&text, offset, 8);
        assert!(source.len() < 200, "{}", source.len());
        assert!(source.starts_with('…') && source.ends_with('…'));
        assert_eq!(&source[start..end], "\"needle\"");
    }

    #[test]
    fn short_lines_are_quoted_whole() {
        let text = "{\n  \"a\": 1,\n  \"日本\": 2\n}";
        let offset = text.find("\"日本\"").unwrap();
        let (source, start, end) = excerpt(text, offset, "\"日本\"".len());
        assert_eq!(source, "  \"日本\": 2");
        assert_eq!(&source[start..end], "\"日本\"");
    }
}
