//! Model text made safe for a terminal: every character that could drive
//! it or reorder what it shows is written as a visible escape.
//!
//! Model files are untrusted. A label or id carrying `ESC [ 2 J` would clear
//! the planner's screen, U+009B (the 8-bit CSI) does the same on terminals
//! that honour C1 controls, and bidi overrides make text read differently
//! from what it is ("Trojan Source"). Whatever the CLI prints from a model —
//! diagnostics and their snippets, tables, traces, error messages — goes
//! through [`visible`] (or [`visible_span`] for a quoted source line), which
//! writes such characters as Rust-style escapes: `\u{1b}`, `\n`, `\t`.
//!
//! This module is pure: no I/O, no terminal detection, no dependencies, so
//! it can move into the library with the snippet renderer.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::ops::Range;

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
}
