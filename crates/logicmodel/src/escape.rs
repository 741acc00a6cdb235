//! Model text made safe for each kind of output: one cleaning rule for every
//! output, then one escaper per output syntax.
//!
//! Model text is untrusted. Before it goes into SVG, HTML or Markdown it is
//! cleaned ([`clean`]) — the characters that XML forbids or that HTML parsers
//! report as errors are removed, and so are the bidirectional embeddings,
//! overrides and isolates that can make text display in another order than
//! it is stored ("Trojan Source", CVE-2021-42574) — and then escaped for the
//! syntax it lands in: [`xml`] for SVG and HTML (content and quoted
//! attribute values alike), [`markdown`] for Markdown paragraphs, list items
//! and table cells. The SVG writer, both reports and the CLI's Markdown
//! tables all use these functions, so no output is safer than another.
//!
//! CSV cells have one more rule, [`starts_like_formula`]: the CLI's report
//! tables and the interchange CSV both guard the cells it flags.
//!
//! Terminal output follows another rule (control characters are shown as
//! visible escapes rather than removed) and does not live here.
//!
//! Architecture invariant: pure functions of their input, linear in its
//! length; they never fail and never panic.

/// Whether a spreadsheet would read a cell holding `text` as a formula
/// (OWASP, "CSV Injection"): it begins, after any spaces, with `=`, `+`,
/// `-` or `@`, their full-width forms (which Japanese Excel reads the same),
/// a tab or a carriage return. A CSV writer puts a `'` in front of such a
/// cell, which Excel, LibreOffice and Google Sheets show as text.
///
/// ```
/// use logicmodel::escape::starts_like_formula;
/// assert!(starts_like_formula("=HYPERLINK(\"x\")"));
/// assert!(starts_like_formula("  @SUM(A1)"));
/// assert!(starts_like_formula("＝1+1"));
/// assert!(!starts_like_formula("a=b"));
/// assert!(!starts_like_formula("オンライン申請"));
/// ```
pub fn starts_like_formula(text: &str) -> bool {
    text.trim_start_matches(' ').starts_with(|c| {
        matches!(
            c,
            '=' | '+' | '-' | '@' | '\t' | '\r' | '＝' | '＋' | '－' | '＠'
        )
    })
}

/// Whether `c` is kept by [`clean`].
///
/// Removed: C0 and C1 control characters (U+0000–U+001F, U+007F–U+009F)
/// other than the line feed and the tab (which [`clean`] turns into a
/// space); the 66 Unicode noncharacters (U+FDD0–U+FDEF and the last two code
/// points of every plane, among them U+FFFE and U+FFFF, which XML 1.0
/// forbids); the bidi embeddings and overrides U+202A–U+202E and the bidi
/// isolates U+2066–U+2069. Lone surrogates cannot occur in a `str`.
///
/// The bidi *marks* (U+200E, U+200F, U+061C) are kept: they change the
/// direction of the characters next to them only, and right-to-left text
/// needs them.
pub fn is_kept(c: char) -> bool {
    let code = u32::from(c);
    !((c.is_control() && c != '\n')
        || (0xFDD0..=0xFDEF).contains(&code)
        || code & 0xFFFE == 0xFFFE
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
}

/// The text with every character [`is_kept`] refuses removed; line breaks
/// (`\r\n`, a lone `\r`) become `\n` and tabs become spaces.
///
/// ```
/// use logicmodel::escape::clean;
/// assert_eq!(clean("a\u{1}b\tc\r\nd"), "ab c\nd");
/// assert_eq!(clean("user\u{202E}gpj.exe"), "usergpj.exe");
/// assert_eq!(clean("x\u{FFFE}\u{FFFF}y"), "xy");
/// ```
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_cleaned(&mut out, text, |_| None);
    out
}

/// [`clean`] text escaped for XML and HTML: element content and attribute
/// values in double or single quotes.
///
/// ```
/// assert_eq!(
///     logicmodel::escape::xml("<a href=\"x\">R&D's</a>"),
///     "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt;"
/// );
/// ```
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml(&mut out, text);
    out
}

/// Appends [`xml`]`(text)` to `out` without making a string of its own,
/// for a writer that builds a whole document in one buffer (the SVG
/// writer's).
///
/// ```
/// let mut out = String::from("<title>");
/// logicmodel::escape::push_xml(&mut out, "R&D\u{1}'s");
/// assert_eq!(out, "<title>R&amp;D&#39;s");
/// ```
pub fn push_xml(out: &mut String, text: &str) {
    push_cleaned(out, text, |byte| match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        // `&#39;` rather than `&apos;`: HTML 4 had no `&apos;`.
        b'\'' => Some("&#39;"),
        _ => None,
    });
}

/// Appends `text` to `out` cleaned as [`clean`] says, with every printable
/// ASCII character that `entity` has a replacement for replaced: the one
/// loop behind [`clean`] and [`push_xml`]. What is kept is copied in whole
/// runs, so plain text costs a scan and one copy.
fn push_cleaned(out: &mut String, text: &str, entity: impl Fn(u8) -> Option<&'static str>) {
    let bytes = text.as_bytes();
    // `text[copied..at]` is kept as it is and not copied yet.
    let (mut copied, mut at) = (0, 0);
    while at < bytes.len() {
        let byte = bytes[at];
        // Most text is printable ASCII that stays as it is.
        if (0x20..0x7F).contains(&byte) && entity(byte).is_none() {
            at += 1;
            continue;
        }
        let (replacement, next) = match byte {
            // `\r\n` is one line break.
            b'\r' if bytes.get(at + 1) == Some(&b'\n') => (Some("\n"), at + 2),
            b'\r' => (Some("\n"), at + 1),
            b'\t' => (Some(" "), at + 1),
            b'\n' => (None, at + 1),
            // Of ASCII, `is_kept` refuses the other controls.
            _ if byte.is_ascii_control() => (Some(""), at + 1),
            _ if byte.is_ascii() => (entity(byte), at + 1),
            _ => {
                // `at` is on a character boundary: it moves by whole characters.
                let c = text[at..].chars().next().unwrap_or_default();
                let kept = is_kept(c);
                (if kept { None } else { Some("") }, at + c.len_utf8())
            }
        };
        if let Some(replacement) = replacement {
            out.push_str(&text[copied..at]);
            out.push_str(replacement);
            copied = next;
        }
        at = next;
    }
    out.push_str(&text[copied..]);
}

/// [`clean`] text escaped for Markdown (CommonMark and GitHub's dialect),
/// for a paragraph, a heading, a list item or a table cell: it reads as the
/// same characters and never as syntax.
///
/// - Inline syntax (emphasis, code, the brackets of links and images,
///   strikethrough, math, table pipes, escapes) is backslash-escaped; `&`,
///   `<` and `>` become entities, so neither HTML, an autolink nor an entity
///   can be written. Parentheses and `!` are left alone: without a `[`
///   they are plain text.
/// - Line breaks become `<br>` (which GitHub and most renderers accept in
///   table cells too), so text can never start a block of its own.
/// - At the start, what would open a block (a list marker `-`, `+`, `1.`
///   or `1)`, a setext underline `=`) is escaped.
///
/// ```
/// use logicmodel::escape::markdown;
/// assert_eq!(markdown("**a** | [b](c)"), r"\*\*a\*\* \| \[b\](c)");
/// assert_eq!(markdown("1. one\n- two"), r"1\. one<br>- two");
/// assert_eq!(markdown("<img src=x>"), "&lt;img src=x&gt;");
/// ```
pub fn markdown(text: &str) -> String {
    let cleaned = clean(text);
    // Leading spaces could make an indented code block; Markdown would
    // not show them anyway.
    let cleaned = cleaned.trim_matches(' ');
    let mut out = String::with_capacity(cleaned.len() + 8);
    // The text starts a block after `- `, `| ` or `# `: only its start can
    // open another one, since line breaks are written as `<br>`. A list
    // marker is `-`, `+` or digits and `.` or `)` followed by a space (or
    // nothing); a run of `-` or `=` can be a rule or an underline. Numbers
    // (`-5`, `3.8`) are left as they are.
    let bytes = cleaned.as_bytes();
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let ends_marker = |at: usize| bytes.get(at).is_none_or(|b| *b == b' ');
    let escape_sign = matches!(bytes.first(), Some(b'-' | b'+' | b'='))
        && !bytes.get(1).is_some_and(u8::is_ascii_digit);
    let escape_number =
        digits > 0 && matches!(bytes.get(digits), Some(b'.' | b')')) && ends_marker(digits + 1);
    for (i, c) in cleaned.char_indices() {
        match c {
            '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if i == 0 && escape_sign => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i == digits && escape_number => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn clean_removes_what_xml_forbids_and_bidi_controls() {
        assert_eq!(clean("a\u{1}b\u{7}c\td\ne"), "abc d\ne");
        assert_eq!(clean("x\u{202E}y\u{2066}z\u{2069}"), "xyz");
        assert_eq!(clean("\u{9B}[31m\u{85}"), "[31m");
        assert_eq!(clean("\u{FDD0}\u{1FFFE}\u{10FFFF}ok"), "ok");
        assert_eq!(clean("a\rb\r\nc"), "a\nb\nc");
        // Right-to-left marks and ordinary text are kept.
        assert_eq!(clean("שלום\u{200F}!"), "שלום\u{200F}!");
        assert_eq!(clean("江津市\u{3000}①"), "江津市\u{3000}①");
    }

    #[test]
    fn xml_escapes_markup_in_content_and_attributes() {
        assert_eq!(xml("<script>&\"'"), "&lt;script&gt;&amp;&quot;&#39;");
        assert_eq!(xml("a\u{0}\u{FFFF}b"), "ab");
    }

    #[test]
    fn markdown_escapes_inline_and_block_syntax() {
        assert_eq!(markdown("# not a heading"), r"\# not a heading");
        assert_eq!(markdown("+ item"), r"\+ item");
        assert_eq!(markdown("2024. year"), r"2024\. year");
        assert_eq!(markdown("3.8 points"), "3.8 points");
        assert_eq!(markdown("-5 %"), "-5 %");
        assert_eq!(markdown("---"), r"\---");
        assert_eq!(markdown("1."), r"1\.");
        assert_eq!(markdown("2024 年"), "2024 年");
        assert_eq!(markdown("a\nb"), "a<br>b");
        assert_eq!(markdown("![x](http://e)"), r"!\[x\](http://e)");
        assert_eq!(markdown("3) three (3)"), r"3\) three (3)");
        assert_eq!(markdown("$x$ ~~y~~"), r"\$x\$ \~\~y\~\~");
        assert_eq!(markdown("&lt;"), "&amp;lt;");
        assert_eq!(markdown("="), r"\=");
    }

    fn is_xml_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
    }

    /// Any text, and text made of what the rule treats specially (line
    /// breaks, controls, bidi controls, noncharacters, markup), which
    /// `any::<String>()` rarely puts next to each other.
    fn texts() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[\\r\\n\\ta&<>\"'\\x00-\\x1f\\x7f\\u{80}-\\u{9f}\\u{202a}-\\u{202e}\\u{2066}\\u{fdd0}\\u{fffe}\\u{ffff}é日]{0,40}",
        ]
    }

    proptest! {
        #[test]
        fn cleaned_text_is_valid_xml_text_and_cleaning_is_idempotent(text in texts()) {
            let once = clean(&text);
            prop_assert!(once.chars().all(|c| is_xml_char(c) && is_kept(c) && c != '\r' && c != '\t'));
            prop_assert_eq!(clean(&once), once.clone());
            // Nothing but the removed characters is lost.
            let expected: String = text.replace("\r\n", "\n").replace('\r', "\n").replace('\t', " ")
                .chars().filter(|&c| is_kept(c)).collect();
            prop_assert_eq!(once, expected);
        }

        #[test]
        fn xml_is_cleaned_text_with_five_entities(text in texts()) {
            let mut expected = String::new();
            for c in clean(&text).chars() {
                match c {
                    '&' => expected.push_str("&amp;"),
                    '<' => expected.push_str("&lt;"),
                    '>' => expected.push_str("&gt;"),
                    '"' => expected.push_str("&quot;"),
                    '\'' => expected.push_str("&#39;"),
                    c => expected.push(c),
                }
            }
            let mut appended = String::from("kept ");
            push_xml(&mut appended, &text);
            prop_assert_eq!(&appended[5..], expected.as_str());
            prop_assert_eq!(xml(&text), expected);
        }

        #[test]
        fn escaped_text_has_no_markup(text in any::<String>()) {
            let x = xml(&text);
            prop_assert!(!x.contains('<') && !x.contains('>') && !x.contains('"') && !x.contains('\''));
            let m = markdown(&text);
            prop_assert!(!m.contains('\n'));
            // Every `<` left is one of the `<br>`s the escaper wrote.
            prop_assert_eq!(m.matches('<').count(), m.matches("<br>").count());
        }
    }
}
