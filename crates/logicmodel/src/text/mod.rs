//! Text measurement and line wrapping for box labels (East Asian Width, UAX #14 with kinsoku).
//!
//! Role in the pipeline: the layout asks this module how wide a string is and how a label
//! breaks into lines, so that boxes are sized for their text before any coordinate is chosen.
//! Everything here is a pure function of its arguments.
//!
//! What it must not do: know about font files, SVG or the model. Widths are *estimates* in
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
//! [`is_line_start_forbidden`] and [`is_line_end_forbidden`].
//!
//! Of those opportunities, lines end only between words and between Japanese phrases
//! (文節), which [`phrases`] finds with Google's BudouX model as Chrome's
//! `word-break: auto-phrase` does: 「市役所での｜手続きが｜簡単に｜なる」 never breaks inside
//! 手続き. A phrase wider than a whole line is broken inside; a word with no opportunity
//! that is still too wide (a long URL or identifier) is broken between characters, with a
//! hyphen inside a Latin word. [`min_content_width`] says how wide a box must be for
//! neither to happen.
//!
//! Submodules: `phrase` (BudouX's model and parser), `wrap` (filling lines), `audit`
//! ([`split_breaks`]: which breaks of wrapped lines split a word or a phrase).

mod audit;
mod phrase;
mod wrap;

use unicode_linebreak::{break_property, BreakClass};
use unicode_width::UnicodeWidthChar;

pub use audit::{split_breaks, SplitBreak, SplitKind};
pub use phrase::{is_japanese_script, phrase_boundaries, phrases};
pub use wrap::{min_content_width, wrap_label, wrap_label_balanced};

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
            | '、' | '。' | '，' | '．' | '､' | '｡' | '・' | '･' | '·' | '：' | '；' | '？' | '！' | '‼'
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn middle_dots_never_start_a_line() {
        assert!(is_line_start_forbidden('·'));
        assert!(is_line_start_forbidden('・'));
    }
}
