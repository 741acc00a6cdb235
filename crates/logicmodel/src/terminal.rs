//! Text for a terminal: model text made safe to print, and diagnostics
//! rendered like rustc's, as strings (the library never prints).
//!
//! Model files are untrusted. A label or id carrying `ESC [ 2 J` would clear
//! the planner's screen, U+009B (the 8-bit CSI) does the same on terminals
//! that honour C1 controls, and bidi overrides make text read differently
//! from what it is ("Trojan Source"). Whatever a tool prints from a model —
//! diagnostics and their snippets, tables, traces, error messages — goes
//! through [`visible`] (or [`visible_span`] for a quoted source line), which
//! writes such characters as Rust-style escapes: `\u{1b}`, `\n`, `\t`.
//! [`snippet`] and [`table_line`] render a [`Diagnostic`] that way, so every
//! tool built on the library shows the messages `logicmodel check` shows.
//!
//! Pure: no I/O and no terminal detection (whether to colour is the
//! caller's choice).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

use annotate_snippets::renderer::DecorStyle;
use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::diagnostic::{Diagnostic, Severity};

/// Whether `c` must not reach a terminal as itself: C0 controls, DEL, C1
/// controls (U+0080–U+009F), the bidi embeddings, overrides, isolates and
/// marks, the line and paragraph separators, and the noncharacters
/// U+FFFE/U+FFFF.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// Writes the visible form of one hidden character.
fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
    }
}

/// `text` with every [hidden](is_hidden) character written as a visible
/// escape (`\n`, `\r`, `\t`, `\u{1b}`); borrowed when there is none.
///
/// ```text
/// visible("a\u{1b}[2Jb") == "a\\u{1b}[2Jb"
/// ```
pub fn visible(text: &str) -> Cow<'_, str> {
    let Some(first) = text.find(is_hidden) else {
        return Cow::Borrowed(text);
    };
    let mut out = String::with_capacity(text.len() + 8);
    out.push_str(&text[..first]);
    for c in text[first..].chars() {
        if is_hidden(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A quoted source line made visible, with the byte range `span` of `line`
/// moved to where the same characters are in the result, so an underline
/// still points at them. Tabs become one space each (indentation, not
/// content, in a JSON file), keeping columns in place; a line ending's `\r`
/// is dropped.
///
/// `span` is clamped to `line` and to character boundaries.
pub fn visible_span(line: &str, span: Range<usize>) -> (String, Range<usize>) {
    let line = line.strip_suffix('\r').unwrap_or(line);
    let clamp = |mut i: usize| {
        i = i.min(line.len());
        while !line.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (start, end) = (clamp(span.start), clamp(span.end.max(span.start)));
    let mut out = String::with_capacity(line.len() + 8);
    let (mut new_start, mut new_end) = (None, None);
    for (at, c) in line.char_indices() {
        if at == start {
            new_start = Some(out.len());
        }
        if at == end {
            new_end = Some(out.len());
        }
        match c {
            '\t' => out.push(' '),
            c if is_hidden(c) => push_escape(&mut out, c),
            c => out.push(c),
        }
    }
    let new_start = new_start.unwrap_or(out.len());
    let new_end = new_end.unwrap_or(out.len()).max(new_start);
    (out, new_start..new_end)
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
/// source line of `text` (the file's contents) with the span underlined,
/// the help and the note; `color` adds ANSI styles. Every piece of text
/// from the file (message, ids, the quoted line, help, the file name) is
/// made [visible]: no byte of it reaches the terminal as a control
/// character.
///
/// ```
/// let text = r#"{"format": 1, "title": 3}"#;
/// let loaded = logicmodel::load_str(text);
/// let shown = logicmodel::terminal::snippet("m.json", text, &loaded.diagnostics[0], false);
/// assert!(shown.starts_with("error[invalid-model]: `title` must be a string"));
/// assert!(shown.contains(" --> m.json:1:24"));
/// ```
pub fn snippet(file: &str, text: &str, diagnostic: &Diagnostic, color: bool) -> String {
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

/// A diagnostic on a model read from a workbook or CSV tables: no source
/// line to quote, so one line `plan.xlsx: nodes!C14: error[code]: message`
/// and the help below it. Every piece of model text is made visible.
pub fn table_line(file: &str, diagnostic: &Diagnostic, color: bool) -> String {
    let (start, end) = match (color, diagnostic.severity()) {
        (false, _) => ("", ""),
        (true, Severity::Error) => ("\x1b[1;31m", "\x1b[0m"),
        (true, Severity::Warning) => ("\x1b[1;33m", "\x1b[0m"),
    };
    let place = match diagnostic.cell() {
        Some(cell) => format!("{}!{}: ", visible(&cell.sheet), cell.cell),
        None => String::new(),
    };
    let mut text = format!(
        "{}: {place}{start}{}[{}]{end}: {}",
        visible(file),
        diagnostic.severity(),
        diagnostic.code(),
        visible(diagnostic.message())
    );
    if let Some(help) = diagnostic.help() {
        text.push_str(&format!("\n  help: {}", visible(help)));
    }
    if let Some(note) = diagnostic.note() {
        text.push_str(&format!("\n  note: {}", visible(note)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            visible("スマートシティ江津 → 2026"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(
            visible("\u{1b}[2J\u{1b}[31mPWNED\u{7}"),
            "\\u{1b}[2J\\u{1b}[31mPWNED\\u{7}"
        );
        assert_eq!(visible("a\nb\tc\rd"), "a\\nb\\tc\\rd");
    }

    #[test]
    fn delete_c1_controls_and_bidi_overrides_become_visible() {
        assert_eq!(visible("\u{7f}"), "\\u{7f}");
        assert_eq!(visible("x\u{9b}2J"), "x\\u{9b}2J");
        assert_eq!(visible("\u{80}\u{9f}"), "\\u{80}\\u{9f}");
        assert_eq!(visible("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(visible("\u{2066}\u{2069}"), "\\u{2066}\\u{2069}");
        assert_eq!(visible("\u{2028}"), "\\u{2028}");
        assert_eq!(visible("\u{ffff}"), "\\u{ffff}");
    }

    #[test]
    fn every_hidden_character_is_escaped() {
        for c in (0u32..0x11_0000).filter_map(char::from_u32) {
            let text = c.to_string();
            let shown = visible(&text);
            assert!(!shown.chars().any(is_hidden), "{:x}", c as u32);
            assert_eq!(is_hidden(c), shown != text, "{:x}", c as u32);
        }
    }

    #[test]
    fn a_span_follows_its_characters_through_escapes() {
        let line = "  {\"id\": \"\u{1b}[2J\", \"to\": [\"x\"]}";
        let at = line.find("\"x\"").unwrap();
        let (shown, span) = visible_span(line, at..at + 3);
        assert_eq!(&shown[span], "\"x\"");
        assert!(shown.contains("\\u{1b}[2J"));

        let at = line.find('\u{1b}').unwrap();
        let (shown, span) = visible_span(line, at..at + 4);
        assert_eq!(&shown[span], "\\u{1b}[2J");
    }

    #[test]
    fn tabs_are_spaces_and_a_carriage_return_at_the_end_is_dropped() {
        let (shown, span) = visible_span("\t\"a\": 1\r", 1..4);
        assert_eq!(shown, " \"a\": 1");
        assert_eq!(&shown[span], "\"a\"");
    }

    #[test]
    fn spans_outside_the_line_or_inside_a_character_are_clamped() {
        let (shown, span) = visible_span("日本", 1..99);
        assert_eq!(shown, "日本");
        assert_eq!(span, 0..6);
        let (_, span) = visible_span("ab", 5..9);
        assert_eq!(span, 2..2);
    }

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
