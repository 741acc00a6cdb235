//! Text measurement and line wrapping for box labels (East Asian Width, UAX #14 with kinsoku).
//!
//! Role in the pipeline: the layout asks this module how wide a string is and how a label
//! breaks into lines, so that boxes are sized for their text before any coordinate is chosen.
//! Everything here is a pure function of its arguments.
//!
//! What it must not do: know about fonts files, SVG or the model. Widths are *estimates* in
//! em units (multiples of the font size), chosen to be conservative for common sans-serif
//! fonts, so that a renderer that draws the lines we return never overflows the box the
//! layout made for them. No font is ever loaded.
//!
//! # Width model
//!
//! | characters | width |
//! | --- | --- |
//! | East Asian Wide / Fullwidth (`unicode-width` = 2 columns): kanji, kana, hangul, fullwidth forms, most emoji | 1.0 em |
//! | ambiguous-width symbols that are not letters (○ ① ※ ■ →), and any character followed by the emoji presentation selector U+FE0F | 1.0 em |
//! | other narrow characters (`unicode-width` = 1 column) | 0.6 em by default, see below |
//! | zero-width characters (combining marks, ZWJ, variation selectors) and controls | 0 |
//!
//! 0.6 em is above the average advance of Latin text in sans-serif fonts (Arial ≈ 0.5 em,
//! DejaVu Sans ≈ 0.55 em for lowercase words), so ordinary text is never underestimated. A
//! few ASCII glyphs are much wider than that in every sans font, and a label in capitals
//! would overflow with a flat 0.6 em; they get their own upper bounds: capitals 0.8 em,
//! `M`, `W`, `m`, `@` 1.0 em, `w`, `%`, `#`, `$`, `+`, `<`, `=`, `>`, `~`, `&` 0.85 em.
//!
//! # Line breaking
//!
//! [`wrap_label`] breaks at the opportunities of the Unicode line breaking algorithm
//! (UAX #14, through the `unicode-linebreak` crate), tailored for Japanese *kinsoku shori*
//! (JIS X 4051): UAX #14's default resolves class CJ (small kana, the prolonged sound mark
//! ー) like ideographs, which lets a line start with them; we apply the *strict* rule and
//! forbid a break before them, and before/after a short list of characters listed in
//! [`is_line_start_forbidden`] and [`is_line_end_forbidden`]. A run with no opportunity that
//! is still too wide (a long URL or identifier) is broken between characters.

use unicode_linebreak::{break_property, linebreaks, BreakClass, BreakOpportunity};
use unicode_width::UnicodeWidthChar;

/// Width, in em, assumed for a character that `unicode-width` calls narrow (one column) and
/// that has no entry of its own in the table of wide ASCII glyphs.
pub const NARROW_EM: f32 = 0.6;

/// Width, in em, of an East Asian Wide or Fullwidth character (two columns).
pub const WIDE_EM: f32 = 1.0;

const VARIATION_SELECTOR_EMOJI: char = '\u{FE0F}';

/// Width of one character in em, ignoring its neighbours.
fn char_width(c: char) -> f32 {
    if c.is_control() {
        return 0.0;
    }
    match c {
        'M' | 'W' | 'm' | '@' => return 1.0,
        'w' | '%' | '#' | '$' | '+' | '<' | '=' | '>' | '~' | '&' => return 0.85,
        'A'..='Z' => return 0.8,
        _ => {}
    }
    match c.width() {
        None | Some(0) => 0.0,
        Some(1) => {
            // Ambiguous symbols (circled digits, geometric shapes, arrows, ※) are drawn
            // full-width by Japanese fonts; letters (Greek, Cyrillic) are not.
            if c.width_cjk() == Some(2) && !c.is_alphabetic() {
                WIDE_EM
            } else {
                NARROW_EM
            }
        }
        Some(_) => WIDE_EM,
    }
}

/// Estimated width of `s` in em (multiply by the font size for pixels).
///
/// A conservative estimate for sans-serif fonts (see the module documentation for the
/// table): wide and fullwidth characters are 1 em, other visible characters 0.6 em (a few
/// wide ASCII glyphs more), zero-width and control characters 0. A character followed by
/// U+FE0F (emoji presentation) counts 1 em. The width of a concatenation is the sum of the
/// widths of its parts, as long as no part starts with U+FE0F.
///
/// Runs in O(len(s)).
///
/// ```
/// use logicmodel::text::text_width;
/// assert_eq!(text_width("日本"), 2.0);
/// assert!((text_width("abc") - 1.8).abs() < 1e-6);
/// assert_eq!(text_width(""), 0.0);
/// ```
pub fn text_width(s: &str) -> f32 {
    let mut total = 0.0;
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        let mut w = char_width(c);
        if chars.peek() == Some(&VARIATION_SELECTOR_EMOJI) && w > 0.0 {
            w = w.max(WIDE_EM);
        }
        total += w;
    }
    total
}

/// Whether a line may not start with `c` (*gyōtō kinsoku*, JIS X 4051 classes 2–7 and small
/// kana): closing brackets and quotes, Japanese and fullwidth punctuation, iteration marks,
/// the prolonged sound mark, small kana, and everything of UAX #14 class CJ.
///
/// ```
/// use logicmodel::text::is_line_start_forbidden;
/// assert!(is_line_start_forbidden('。'));
/// assert!(is_line_start_forbidden('ー'));
/// assert!(is_line_start_forbidden('ょ'));
/// assert!(!is_line_start_forbidden('あ'));
/// ```
pub fn is_line_start_forbidden(c: char) -> bool {
    if break_property(c as u32) == BreakClass::ConditionalJapaneseStarter {
        return true;
    }
    matches!(
        c,
        // closing brackets and quotes
        ')' | ']' | '}' | '）' | '］' | '｝' | '」' | '』' | '】' | '〉' | '》' | '〕' | '〗' | '〙'
            | '〛' | '｠' | '｣' | '’' | '”' | '»' | '〟'
            // punctuation, middle dots, iteration marks
            | '、' | '。' | '，' | '．' | '､' | '｡' | '・' | '･' | '：' | '；' | '？' | '！' | '‼'
            | '⁇' | '⁈' | '⁉' | ',' | '.' | ':' | ';' | '?' | '!' | '゛' | '゜' | 'ﾞ' | 'ﾟ'
            | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '々' | '〻' | '〆'
            // hyphens and the prolonged sound mark
            | 'ー' | 'ｰ' | '‐' | '゠' | '–' | '〜' | '～'
            // small kana (also class CJ, listed for readers of this table)
            | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
            | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
            | 'ｧ' | 'ｨ' | 'ｩ' | 'ｪ' | 'ｫ' | 'ｬ' | 'ｭ' | 'ｮ' | 'ｯ'
            | 'ㇰ'..='ㇿ'
    )
}

/// Whether a line may not end with `c` (*gyōmatsu kinsoku*): opening brackets and quotes.
///
/// ```
/// use logicmodel::text::is_line_end_forbidden;
/// assert!(is_line_end_forbidden('「'));
/// assert!(!is_line_end_forbidden('」'));
/// ```
pub fn is_line_end_forbidden(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '（'
            | '［'
            | '｛'
            | '「'
            | '『'
            | '【'
            | '〈'
            | '《'
            | '〔'
            | '〖'
            | '〘'
            | '〚'
            | '｟'
            | '｢'
            | '‘'
            | '“'
            | '«'
            | '〝'
    )
}

/// Characters that end a paragraph (UAX #14 classes BK, CR, LF, NL). `\r\n` is one break.
fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Splits `label` into paragraphs at hard breaks and cleans each: tabs become spaces, other
/// control characters are dropped, surrounding whitespace is trimmed. Leading and trailing
/// empty paragraphs are dropped.
fn paragraphs(label: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = label.chars().peekable();
    while let Some(c) = chars.next() {
        if is_hard_break(c) {
            if c == '\r' && chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push(current.trim().to_owned());
            current.clear();
        } else if c == '\t' {
            current.push(' ');
        } else if !c.is_control() {
            current.push(c);
        }
    }
    out.push(current.trim().to_owned());
    let first = out.iter().position(|p| !p.is_empty());
    let last = out.iter().rposition(|p| !p.is_empty());
    match (first, last) {
        (Some(first), Some(last)) => out.drain(first..=last).collect(),
        _ => Vec::new(),
    }
}

/// Byte offsets inside `paragraph` (never 0 nor its length) where a line may end, by UAX #14
/// tailored for kinsoku.
fn break_opportunities(paragraph: &str) -> Vec<usize> {
    linebreaks(paragraph)
        .filter(|&(at, kind)| {
            kind == BreakOpportunity::Allowed && at > 0 && at < paragraph.len() && {
                let next = paragraph[at..].chars().next();
                let previous = paragraph[..at].trim_end().chars().next_back();
                !next.is_some_and(is_line_start_forbidden)
                    && !previous.is_some_and(is_line_end_forbidden)
            }
        })
        .map(|(at, _)| at)
        .collect()
}

/// Accumulates one line at a time; a line's width never counts its trailing whitespace.
struct LineFiller {
    max_width: f32,
    lines: Vec<String>,
    current: String,
    /// Width of `current` including trailing whitespace.
    width: f32,
}

impl LineFiller {
    fn width_with(&self, piece: &str) -> f32 {
        let trimmed = piece.trim_end();
        if trimmed.is_empty() {
            text_width(self.current.trim_end())
        } else {
            self.width + text_width(trimmed)
        }
    }

    fn fits(&self, piece: &str) -> bool {
        self.width_with(piece) <= self.max_width
    }

    fn push(&mut self, piece: &str) {
        if self.current.is_empty() {
            // Whitespace never starts a wrapped line.
            let piece = piece.trim_start();
            self.width = text_width(piece);
            self.current.push_str(piece);
        } else {
            self.width += text_width(piece);
            self.current.push_str(piece);
        }
    }

    fn end_line(&mut self) {
        let line = self.current.trim_end().to_owned();
        self.lines.push(line);
        self.current.clear();
        self.width = 0.0;
    }

    /// Adds an unbreakable segment, moving to a new line if it does not fit, and breaking it
    /// between characters if it is wider than a whole line.
    fn add_segment(&mut self, segment: &str) {
        if self.fits(segment) {
            self.push(segment);
            return;
        }
        if !self.current.trim().is_empty() {
            self.end_line();
        } else {
            self.current.clear();
            self.width = 0.0;
        }
        if self.fits(segment) {
            self.push(segment);
            return;
        }
        // Emergency break: the segment alone is wider than a line. Break between
        // kinsoku-respecting pieces first, between characters only inside a piece that is
        // itself too wide.
        for piece in kinsoku_pieces(segment.trim_start()) {
            if self.fits(piece) {
                self.push(piece);
                continue;
            }
            if !self.current.trim().is_empty() {
                self.end_line();
            }
            for unit in units(piece) {
                if !self.fits(unit) && !self.current.trim().is_empty() {
                    self.end_line();
                }
                self.push(unit);
            }
        }
    }
}

/// Splits `s` into the shortest pieces between which kinsoku allows a break: a unit (see
/// [`units`]) that may not start a line joins the previous piece, and a unit that may not
/// end a line joins the next.
fn kinsoku_pieces(s: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut previous: Option<&str> = None;
    let mut at = 0;
    for unit in units(s) {
        let can_break = previous.is_some_and(|p| {
            !p.chars().next_back().is_some_and(is_line_end_forbidden)
                && !unit.chars().next().is_some_and(is_line_start_forbidden)
        });
        if can_break {
            pieces.push(&s[start..at]);
            start = at;
        }
        at += unit.len();
        previous = Some(unit);
    }
    if start < s.len() {
        pieces.push(&s[start..]);
    }
    pieces
}

/// Splits `s` into characters, each with the zero-width characters that follow it
/// (combining marks, ZWJ, variation selectors), so an emergency break never separates an
/// accent from its letter.
fn units(s: &str) -> impl Iterator<Item = &str> {
    let mut starts: Vec<usize> = s
        .char_indices()
        .filter(|&(at, c)| at == 0 || char_width(c) > 0.0)
        .map(|(at, _)| at)
        .collect();
    starts.push(s.len());
    let mut pieces = Vec::with_capacity(starts.len());
    for pair in starts.windows(2) {
        if pair[0] < pair[1] {
            pieces.push(&s[pair[0]..pair[1]]);
        }
    }
    pieces.into_iter()
}

/// Breaks `label` into lines no wider than `max_width_em` (in em, see [`text_width`]).
///
/// - Hard breaks (`\n`, `\r\n`, `\r`, U+2028, U+2029 and the other UAX #14 mandatory
///   breaks) are kept; empty lines between paragraphs are kept.
/// - Soft breaks are placed greedily at UAX #14 opportunities with Japanese kinsoku: no line
///   starts with a closing bracket, Japanese punctuation, a small kana or ー, and no line
///   ends with an opening bracket (see [`is_line_start_forbidden`],
///   [`is_line_end_forbidden`]).
/// - A run without any opportunity that is wider than a line (a URL, an identifier) is
///   broken between characters, keeping combining marks with their base.
/// - Whitespace at both ends of every line is removed; tabs become spaces; other control
///   characters are dropped (never returned).
/// - An empty label, or one made only of whitespace and control characters, gives **no
///   lines**; leading and trailing blank lines are dropped.
///
/// No returned line is wider than `max_width_em` unless it is a single character (with its
/// combining marks) that is wider by itself. A `max_width_em` that is zero, negative or NaN
/// puts every character on its own line; `f32::INFINITY` only breaks at hard breaks.
///
/// Runs in O(len(label)) (each segment is measured a constant number of times).
///
/// ```
/// use logicmodel::text::wrap_label;
/// assert_eq!(wrap_label("Children read for pleasure", 10.0), ["Children read", "for pleasure"]);
/// // No line starts with 。 or ー.
/// let lines = wrap_label("子どもたちが読書を楽しむ。コーヒー", 3.0);
/// assert!(lines.iter().all(|l| !l.starts_with('。') && !l.starts_with('ー')));
/// assert!(wrap_label("", 10.0).is_empty());
/// ```
pub fn wrap_label(label: &str, max_width_em: f32) -> Vec<String> {
    let mut filler = LineFiller {
        max_width: max_width_em,
        lines: Vec::new(),
        current: String::new(),
        width: 0.0,
    };
    for paragraph in paragraphs(label) {
        let mut start = 0;
        for at in break_opportunities(&paragraph) {
            filler.add_segment(&paragraph[start..at]);
            start = at;
        }
        filler.add_segment(&paragraph[start..]);
        filler.end_line();
    }
    filler.lines
}

/// Like [`wrap_label`], with lines as even as the break opportunities allow:
/// the narrowest width that needs no more lines than `max_width_em` does.
/// Centred box text reads better balanced, and a last line of one
/// character (「る」 alone) pulls a word down with it.
///
/// Every line still fits in `max_width_em`. Cost: nine wraps, O(n) each.
///
/// ```
/// use logicmodel::text::{text_width, wrap_label, wrap_label_balanced};
/// let label = "自分の課題の整理ができる";
/// assert_eq!(wrap_label(label, 11.0), ["自分の課題の整理ができ", "る"]);
/// let balanced = wrap_label_balanced(label, 11.0);
/// assert_eq!(balanced.len(), 2);
/// assert!(balanced.iter().all(|line| text_width(line) <= 6.0));
/// ```
pub fn wrap_label_balanced(label: &str, max_width_em: f32) -> Vec<String> {
    let lines = wrap_label(label, max_width_em);
    let count = lines.len();
    if count < 2 {
        return lines;
    }
    // Invariant: `feasible` wraps into at most `count` lines; `infeasible`
    // (below the widest unbreakable piece, or a width that needs more lines) does not.
    let (mut infeasible, mut feasible) = (max_width_em / count as f32 * 0.5, max_width_em);
    for _ in 0..8 {
        let middle = (infeasible + feasible) / 2.0;
        if wrap_label(label, middle).len() <= count {
            feasible = middle;
        } else {
            infeasible = middle;
        }
    }
    let balanced = wrap_label(label, feasible);
    if balanced.len() <= count {
        balanced
    } else {
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn assert_fits(lines: &[String], max: f32) {
        for line in lines {
            assert!(
                text_width(line) <= max + 1e-4 || units(line).count() == 1,
                "line {line:?} is {} em wide, max {max}",
                text_width(line)
            );
        }
    }

    #[test]
    fn widths_follow_east_asian_width() {
        assert_eq!(text_width("あいう"), 3.0);
        assert_eq!(text_width("ＡＢ"), 2.0);
        assert!((text_width("hello") - 3.0).abs() < 1e-6);
        assert_eq!(text_width("\u{0}\u{7}\u{1b}"), 0.0);
        assert_eq!(text_width("e\u{301}"), NARROW_EM);
        assert_eq!(text_width("\u{200D}\u{200B}"), 0.0);
        assert_eq!(text_width("①"), 1.0);
        assert_eq!(text_width("😀"), 1.0);
        assert_eq!(text_width("❤\u{FE0F}"), 1.0);
        assert_eq!(text_width("Ж"), NARROW_EM);
        assert_eq!(text_width("WM"), 2.0);
    }

    #[test]
    fn width_is_additive() {
        let a = "Outcome 成果 ①";
        let b = "e\u{301}x — 子ども";
        assert!((text_width(&format!("{a}{b}")) - text_width(a) - text_width(b)).abs() < 1e-5);
    }

    #[test]
    fn latin_wraps_between_words() {
        let lines = wrap_label("Weekly reading sessions for children", 9.0);
        assert_eq!(lines, ["Weekly reading", "sessions for", "children"]);
        let lines = wrap_label("Weekly reading sessions for children", 100.0);
        assert_eq!(lines, ["Weekly reading sessions for children"]);
    }

    #[test]
    fn japanese_sentence_wraps_without_forbidden_line_starts() {
        let label = "地域の子どもたちが、毎週の読書会に参加し、読書を楽しむようになる。（「図書館」を活用）";
        for max in [3.0, 4.0, 5.0, 6.0, 7.0, 10.0] {
            let lines = wrap_label(label, max);
            assert!(lines.len() > 1);
            assert_fits(&lines, max);
            assert_eq!(lines.concat(), label);
            for line in &lines[1..] {
                let first = line.chars().next().expect("no empty lines");
                assert!(!is_line_start_forbidden(first), "{line:?} in {lines:?}");
            }
            for line in &lines[..lines.len() - 1] {
                let last = line.chars().next_back().expect("no empty lines");
                assert!(!is_line_end_forbidden(last), "{line:?} in {lines:?}");
            }
        }
    }

    #[test]
    fn small_kana_and_prolonged_mark_do_not_start_a_line() {
        // UAX #14 in normal mode allows a break before ー and ょ (class CJ); we do not.
        let label = "コーヒーとチョコレートのワークショップ";
        // From 3 em on, every kinsoku-respecting piece ("ショッ" is the longest) fits.
        for max in 3..12 {
            let lines = wrap_label(label, max as f32);
            assert_eq!(lines.concat(), label);
            for line in &lines {
                let first = line.chars().next().expect("no empty lines");
                assert!(
                    !matches!(first, 'ー' | 'ョ' | 'ッ' | 'ュ'),
                    "{line:?} in {lines:?}"
                );
            }
        }
    }

    #[test]
    fn closing_punctuation_stays_with_previous_line() {
        let lines = wrap_label("あいう。」えお", 3.0);
        assert!(lines
            .iter()
            .all(|l| !l.starts_with('。') && !l.starts_with('」')));
        assert_eq!(lines.concat(), "あいう。」えお");
    }

    #[test]
    fn opening_bracket_does_not_end_a_line() {
        let lines = wrap_label("ああ「いいい」", 3.0);
        assert!(lines.iter().all(|l| !l.ends_with('「')), "{lines:?}");
    }

    #[test]
    fn mixed_english_and_japanese() {
        let label = "KPI: 参加者数 (participants) を月次で集計する";
        let lines = wrap_label(label, 6.0);
        assert_fits(&lines, 6.0);
        assert!(lines.len() > 2);
        let joined: String = lines.concat();
        assert_eq!(joined.replace(' ', ""), label.replace(' ', ""));
    }

    #[test]
    fn long_url_is_broken_so_nothing_overflows() {
        let url = "https://example.org/a/very/long/path/with_an_identifier_0123456789abcdef";
        let lines = wrap_label(url, 8.0);
        assert!(lines.len() > 1);
        assert_fits(&lines, 8.0);
        assert_eq!(lines.concat(), url);
        let id = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let lines = wrap_label(id, 4.0);
        assert_fits(&lines, 4.0);
        assert_eq!(lines.concat(), id);
    }

    #[test]
    fn emoji_are_measured_wide_and_kept_whole() {
        let label = "😀😀😀😀 👩‍👩‍👧 ok";
        let lines = wrap_label(label, 2.0);
        assert_fits(&lines, 2.0);
        assert_eq!(lines.concat().replace(' ', ""), label.replace(' ', ""));
    }

    #[test]
    fn control_characters_are_dropped_and_hard_breaks_kept() {
        let lines = wrap_label("a\u{7}b\tc\u{1b}[0m\r\nsecond\n\nfourth\u{0}", 100.0);
        assert_eq!(lines, ["ab c[0m", "second", "", "fourth"]);
        for line in &lines {
            assert!(!line.chars().any(char::is_control));
        }
    }

    #[test]
    fn empty_and_blank_labels_give_no_lines() {
        assert!(wrap_label("", 10.0).is_empty());
        assert!(wrap_label("  \n\t\u{1}\n ", 10.0).is_empty());
        assert_eq!(wrap_label("\n\nx\n\n", 10.0), ["x"]);
    }

    #[test]
    fn degenerate_widths_do_not_panic() {
        assert_eq!(wrap_label("ab", 0.0), ["a", "b"]);
        assert_eq!(wrap_label("ab", f32::NAN), ["a", "b"]);
        assert_eq!(wrap_label("a b c", f32::INFINITY), ["a b c"]);
        assert_eq!(wrap_label("あい", -3.0), ["あ", "い"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let label = "e\u{301}e\u{301}e\u{301}e\u{301}";
        let lines = wrap_label(label, 1.0);
        assert_eq!(lines, ["e\u{301}", "e\u{301}", "e\u{301}", "e\u{301}"]);
    }

    fn label_strategy() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "word",
            " ",
            "  ",
            "\n",
            "\t",
            "\u{7}",
            "\r\n",
            "。",
            "、",
            "ー",
            "ょ",
            "」",
            "「",
            "（",
            "）",
            "子ども",
            "読書",
            "https://example.org/x/y?z=1",
            "😀",
            "👩‍👧",
            "e\u{301}",
            "WWW",
            "-",
            "supercalifragilistic",
            "ＡＢＣ",
            "①",
            "\u{200B}",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn lines_fit_and_keep_the_text(label in label_strategy(), max in 0.5f32..20.0) {
            let lines = wrap_label(&label, max);
            assert_fits(&lines, max);
            for line in &lines {
                prop_assert!(!line.chars().any(char::is_control));
                prop_assert_eq!(line.trim(), line.as_str());
            }
            // Nothing but control characters and whitespace is lost or added.
            let keep = |s: &str| -> String {
                s.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect()
            };
            prop_assert_eq!(keep(&lines.concat()), keep(&label));
            // Stronger: every non-empty line is the next stretch of the cleaned label
            // (control characters dropped, tabs as spaces), only whitespace and hard
            // breaks being skipped between lines.
            let cleaned: String = label
                .chars()
                .filter_map(|c| match c {
                    '\t' => Some(' '),
                    c if is_hard_break(c) => Some('\n'),
                    c if c.is_control() => None,
                    c => Some(c),
                })
                .collect();
            let mut rest = cleaned.as_str();
            for line in lines.iter().filter(|l| !l.is_empty()) {
                rest = rest.trim_start();
                prop_assert!(rest.starts_with(line.as_str()), "{:?} not next in {:?}", line, rest);
                rest = &rest[line.len()..];
            }
            prop_assert!(rest.trim().is_empty());
        }

        #[test]
        fn arbitrary_strings_never_panic(label in any::<String>(), max in -1.0f32..30.0) {
            let lines = wrap_label(&label, max);
            for line in &lines {
                prop_assert!(!line.chars().any(char::is_control));
            }
        }
    }
}
