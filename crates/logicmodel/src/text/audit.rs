//! Checking wrapped lines: which soft breaks split a word or a Japanese phrase.
//!
//! Role: the measure behind the wrapping rules. Tests and benchmarks give it a label and
//! the lines some wrapper made of it (ours, in a scene); it reports every break inside a
//! Latin word or inside a BudouX phrase, and whether that word or phrase would have fitted
//! on a line. It judges with its own simple definitions (a word is a run of non-space,
//! non-Japanese characters; a phrase is what [`phrases`](super::phrases) returns), not with
//! the wrapper's, so a wrapper bug cannot hide itself.
//!
//! What it must not do: wrap, or depend on how [`super::wrap_label`] chooses its breaks.

use super::phrase::{is_japanese_script, phrase_boundaries};
use super::wrap::paragraphs;
use unicode_width::UnicodeWidthChar;

use super::text_width;

/// What a soft line break split.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SplitKind {
    /// A Latin word (letters or digits on both sides of the break).
    Word,
    /// A Japanese phrase (文節), at a place where BudouX sees no boundary.
    Phrase,
}

/// A soft line break inside a word or a phrase, found by [`split_breaks`].
#[derive(Clone, Debug, PartialEq)]
pub struct SplitBreak {
    /// Index of the line that the break ends.
    pub line: usize,
    /// What was split.
    pub kind: SplitKind,
    /// The word or phrase that was split.
    pub piece: String,
    /// Whether `piece` alone fits on a line of the width asked for.
    pub fits: bool,
    /// Whether the line ends with a hyphen the wrapper added.
    pub hyphenated: bool,
}

impl SplitBreak {
    /// A break no reader should see: it splits a word or phrase that fits on a line, or
    /// splits a word without a visible hyphen.
    pub fn is_bad(&self) -> bool {
        self.fits || (self.kind == SplitKind::Word && !self.hyphenated)
    }
}

/// A letter or digit of a script that uses spaces between words (not East Asian wide).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_japanese_script(c) && c.width() == Some(1)
}

/// Every soft break of `lines` (as wrapped from `label` at `max_width_em`) that falls inside
/// a Latin word or a Japanese phrase. Hard breaks of the label are not soft breaks. Returns
/// nothing when `lines` are not a wrapping of `label` (the text differs by more than
/// whitespace at breaks and added hyphens).
///
/// O(len(label) + total length of the lines).
///
/// ```
/// use logicmodel::text::{split_breaks, SplitKind};
/// let lines = ["Communit".to_owned(), "y cohesion".to_owned()];
/// let breaks = split_breaks("Community cohesion", &lines, 11.0);
/// assert_eq!(breaks.len(), 1);
/// assert_eq!((breaks[0].kind, breaks[0].piece.as_str()), (SplitKind::Word, "Community"));
/// assert!(breaks[0].is_bad());
/// let lines = ["市役所での".to_owned(), "手続きが".to_owned()];
/// assert!(split_breaks("市役所での手続きが", &lines, 5.0).is_empty());
/// ```
pub fn split_breaks(label: &str, lines: &[String], max_width_em: f32) -> Vec<SplitBreak> {
    let mut found = Vec::new();
    let mut line_index = 0;
    for paragraph in paragraphs(label) {
        let mut at = 0;
        loop {
            let Some(line) = lines.get(line_index) else {
                return found;
            };
            at += paragraph[at..].len() - paragraph[at..].trim_start().len();
            let rest = &paragraph[at..];
            let hyphenated = if rest.starts_with(line.as_str()) {
                at += line.len();
                false
            } else if let Some(stem) = line.strip_suffix('-').filter(|s| rest.starts_with(s)) {
                at += stem.len();
                true
            } else {
                return Vec::new();
            };
            line_index += 1;
            if paragraph[at..].trim().is_empty() {
                break;
            }
            if let Some(split) = split_at(&paragraph, at, max_width_em, hyphenated) {
                found.push(SplitBreak {
                    line: line_index - 1,
                    ..split
                });
            }
        }
    }
    found
}

/// What a break at byte `at` of `paragraph` splits, if anything.
fn split_at(paragraph: &str, at: usize, max_width_em: f32, hyphenated: bool) -> Option<SplitBreak> {
    let before = paragraph[..at].chars().next_back()?;
    let after = paragraph[at..].chars().next()?;
    if before.is_whitespace() || after.is_whitespace() {
        return None;
    }
    let make = |kind, piece: &str| SplitBreak {
        line: 0,
        kind,
        piece: piece.to_owned(),
        fits: text_width(piece) <= max_width_em,
        hyphenated,
    };
    if is_word_char(before) && is_word_char(after) {
        let is_part =
            |c: char| !c.is_whitespace() && !is_japanese_script(c) && c.width() != Some(2);
        let start = paragraph[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_part(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let end = paragraph[at..]
            .char_indices()
            .find(|&(_, c)| !is_part(c))
            .map_or(paragraph.len(), |(i, _)| at + i);
        return Some(make(SplitKind::Word, &paragraph[start..end]));
    }
    // Inside a run of non-space characters that has Japanese script: a split unless
    // BudouX puts a boundary here.
    let start = paragraph[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = paragraph[at..]
        .char_indices()
        .find(|&(_, c)| c.is_whitespace())
        .map_or(paragraph.len(), |(i, _)| at + i);
    let run = &paragraph[start..end];
    if !run.chars().any(is_japanese_script) {
        return None;
    }
    let boundaries = phrase_boundaries(run);
    let relative = at - start;
    if boundaries.binary_search(&relative).is_ok() {
        return None;
    }
    let phrase_start = boundaries
        .iter()
        .rev()
        .find(|&&b| b < relative)
        .copied()
        .unwrap_or(0);
    let phrase_end = boundaries
        .iter()
        .find(|&&b| b > relative)
        .copied()
        .unwrap_or(run.len());
    Some(make(SplitKind::Phrase, &run[phrase_start..phrase_end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|&t| t.to_owned()).collect()
    }

    #[test]
    fn breaks_between_words_and_phrases_are_not_splits() {
        assert!(split_breaks(
            "Community cohesion",
            &lines(&["Community", "cohesion"]),
            9.0
        )
        .is_empty());
        assert!(split_breaks("well-known", &lines(&["well-", "known"]), 4.0).is_empty());
        assert!(split_breaks(
            "市役所での手続きが簡単になる",
            &lines(&["市役所での", "手続きが", "簡単になる"]),
            5.0
        )
        .is_empty());
    }

    #[test]
    fn the_issues_examples_are_bad_splits() {
        let cases: &[(&str, &[&str], SplitKind, &str)] = &[
            (
                "affordability",
                &["affordabilit", "y"],
                SplitKind::Word,
                "affordability",
            ),
            (
                "オンライン申請（アプリ等の活用）",
                &["オンライン申請（ア", "プリ等の活用）"],
                SplitKind::Phrase,
                "（アプリ等の",
            ),
            (
                "市役所での手続きが簡単になる",
                &["市役所での手続", "きが簡単になる"],
                SplitKind::Phrase,
                "手続きが",
            ),
            (
                "①市民サービス",
                &["①市民サービ", "ス"],
                SplitKind::Phrase,
                "①市民サービス",
            ),
            (
                "都道府県及び",
                &["都道府県及", "び"],
                SplitKind::Phrase,
                "都道府県及び",
            ),
            ("がん患者", &["が", "ん患者"], SplitKind::Phrase, "がん患者"),
        ];
        for &(label, wrapped, kind, piece) in cases {
            let found = split_breaks(label, &lines(wrapped), 11.0);
            assert_eq!(found.len(), 1, "{label}");
            assert_eq!((found[0].kind, found[0].piece.as_str()), (kind, piece));
            assert!(found[0].is_bad());
        }
    }

    #[test]
    fn a_hyphenated_word_too_wide_for_the_line_is_fine() {
        let found = split_breaks(
            "internationalisation",
            &lines(&["interna-", "tionalisa-", "tion"]),
            6.0,
        );
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|b| b.hyphenated && !b.fits && !b.is_bad()));
        // The same break without the hyphen is bad.
        let found = split_breaks(
            "internationalisation",
            &lines(&["interna", "tionalisation"]),
            6.0,
        );
        assert!(found[0].is_bad());
    }

    #[test]
    fn hard_breaks_are_not_soft_breaks_and_foreign_lines_give_nothing() {
        assert!(split_breaks("Commun\nity", &lines(&["Commun", "ity"]), 3.0).is_empty());
        assert!(split_breaks("abc", &lines(&["xyz"]), 3.0).is_empty());
        assert!(split_breaks("a\n\nb", &lines(&["a", "", "b"]), 3.0).is_empty());
    }
}
