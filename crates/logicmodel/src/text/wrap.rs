//! Line breaking: where a label's lines end, at a given width.
//!
//! Three kinds of places, best first (see `docs/design.md`, *Wrapping*):
//!
//! 1. **Between words and phrases**: a UAX #14 opportunity (a space, after
//!    a hyphen, between a Latin word and Japanese text…) that kinsoku allows
//!    and that is not inside a Japanese phrase (文節, found by
//!    [`super::phrase`]). Lines are filled greedily at these places only,
//!    so a word or a phrase that fits on a line is never split.
//! 2. **Inside a Japanese phrase**: the other UAX #14 opportunities, used
//!    only for a phrase wider than a whole line, as Chrome's
//!    `word-break: auto-phrase` does.
//! 3. **Inside a word** (emergency): a run with no opportunity that is wider
//!    than a line is broken between characters that kinsoku lets part; a
//!    Latin word gets a visible hyphen, at a syllable boundary (Knuth–Liang
//!    patterns from `hypher`) when one fits.
//!
//! What it must not do: measure with fonts, or return a line wider than
//! asked unless it is one character that is wider by itself.

use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::phrase::{is_japanese_script, phrase_boundaries};
use unicode_width::UnicodeWidthChar;

use super::{char_width, is_line_end_forbidden, is_line_start_forbidden, text_width};

/// The hyphen added where a Latin word longer than a line is broken.
const HYPHEN: &str = "-";

/// How good a place to end a line an opportunity is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// Between words (a space, after a hyphen) or between Japanese phrases.
    Between,
    /// A phrase boundary where UAX #14 (as the crate implements it) offers no break but
    /// kinsoku has nothing against one, e.g. 「SNS｜（チャットツール含む）の」: used only
    /// inside a piece wider than a line, before any place inside a phrase.
    PhraseEdge,
    /// Inside a Japanese phrase: only for a phrase wider than a line.
    InPhrase,
}

/// One paragraph (the text between hard breaks), cut into its words and phrases.
struct Paragraph {
    text: String,
    segments: Vec<Segment>,
}

/// A word or a phrase: the text between two [`Place::Between`] opportunities.
struct Segment {
    /// Byte range in the paragraph.
    start: usize,
    end: usize,
    /// The [`Place::PhraseEdge`] and [`Place::InPhrase`] opportunities strictly inside,
    /// relative to `start`.
    inner: Vec<(usize, Place)>,
    /// Its widths, measured once for all the fills.
    measure: Measure,
}

/// The widths of a piece of text that [`LineFiller`] asks for, measured once: the fills
/// of [`wrap_label_balanced`] measured every word and phrase two or three times each, ten
/// times over, which was most of the layout's time at 100 000 boxes.
#[derive(Clone, Copy, Debug, Default)]
struct Measure {
    /// `text_width` of the piece.
    width: f32,
    /// `text_width` of the piece without its trailing whitespace; `None` when it is all
    /// whitespace.
    trimmed: Option<f32>,
    /// Whether it starts with whitespace (dropped at the start of a line).
    leading_space: bool,
}

impl Measure {
    fn of(piece: &str) -> Self {
        let trimmed = piece.trim_end();
        Measure {
            width: text_width(piece),
            trimmed: (!trimmed.is_empty()).then(|| text_width(trimmed)),
            leading_space: piece.trim_start().len() != piece.len(),
        }
    }
}

/// A label split into paragraphs, with every break opportunity found once, so that
/// it can be filled at several widths ([`wrap_label_balanced`] tries ten) for the
/// cost of one segmentation.
struct Prepared {
    paragraphs: Vec<Paragraph>,
}

impl Prepared {
    /// O(len(label)).
    fn new(label: &str) -> Prepared {
        Prepared {
            paragraphs: paragraphs(label)
                .into_iter()
                .map(|text| {
                    let mut segments = Vec::new();
                    let mut current = Segment {
                        start: 0,
                        end: 0,
                        inner: Vec::new(),
                        measure: Measure::default(),
                    };
                    for (at, place) in break_opportunities(&text) {
                        match place {
                            Place::PhraseEdge | Place::InPhrase => {
                                current.inner.push((at - current.start, place));
                            }
                            Place::Between => {
                                current.end = at;
                                current.measure = Measure::of(&text[current.start..at]);
                                let next = Segment {
                                    start: at,
                                    end: 0,
                                    inner: Vec::new(),
                                    measure: Measure::default(),
                                };
                                segments.push(std::mem::replace(&mut current, next));
                            }
                        }
                    }
                    current.end = text.len();
                    current.measure = Measure::of(&text[current.start..]);
                    segments.push(current);
                    Paragraph { text, segments }
                })
                .collect(),
        }
    }

    /// The words and phrases of every paragraph, with their inner opportunities.
    fn segments(&self) -> impl Iterator<Item = (&str, &Segment)> {
        self.paragraphs
            .iter()
            .flat_map(|p| p.segments.iter().map(|s| (&p.text[s.start..s.end], s)))
    }

    /// The width of the widest piece no line may split without breaking inside
    /// a word or a phrase (phrase edges count as places between phrases).
    fn min_content_width(&self) -> f32 {
        let mut widest = 0.0f32;
        for (segment, measured) in self.segments() {
            let inner = &measured.inner;
            let edges = inner
                .iter()
                .filter(|(_, place)| *place == Place::PhraseEdge)
                .map(|&(at, _)| at);
            if !measured.measure.leading_space && edges.clone().next().is_none() {
                // One piece, already measured without its trailing whitespace.
                widest = widest.max(measured.measure.trimmed.unwrap_or(0.0));
                continue;
            }
            let mut start = 0;
            for end in edges.chain(std::iter::once(segment.len())) {
                widest = widest.max(text_width(segment[start..end].trim()));
                start = end;
            }
        }
        widest
    }

    fn fill(&self, max_width: f32) -> Vec<String> {
        self.run(max_width, true).lines
    }

    /// The number of lines [`Self::fill`] gives at this width, without making them: the
    /// balancing tries ten widths and keeps one, so the others need only their count.
    fn count(&self, max_width: f32) -> usize {
        self.run(max_width, false).count
    }

    fn run(&self, max_width: f32, keep: bool) -> LineFiller {
        let mut filler = LineFiller {
            max_width,
            keep,
            lines: Vec::new(),
            count: 0,
            current: String::new(),
            width: 0.0,
        };
        for paragraph in &self.paragraphs {
            for segment in &paragraph.segments {
                filler.add_segment(
                    &paragraph.text[segment.start..segment.end],
                    &segment.measure,
                    &segment.inner,
                );
            }
            filler.end_line();
        }
        filler
    }
}

/// Characters that end a paragraph (UAX #14 classes BK, CR, LF, NL). `\r\n` is one break.
pub(super) fn is_hard_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// Splits `label` into paragraphs at hard breaks and cleans each: tabs become spaces, other
/// control characters are dropped, surrounding whitespace is trimmed. Leading and trailing
/// empty paragraphs are dropped.
pub(super) fn paragraphs(label: &str) -> Vec<String> {
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

/// Where a line may end inside `paragraph`: the UAX #14 opportunities that kinsoku allows,
/// each marked as between phrases or inside one. A Japanese phrase is a stretch that
/// BudouX puts no boundary in, inside a run of non-space characters that has any kanji or
/// kana.
fn break_opportunities(paragraph: &str) -> Vec<(usize, Place)> {
    let phrase_runs = japanese_runs(paragraph);
    let kinsoku_allows = |at: usize| {
        let next = paragraph[at..].chars().next();
        let previous = paragraph[..at].trim_end().chars().next_back();
        !next.is_some_and(is_line_start_forbidden) && !previous.is_some_and(is_line_end_forbidden)
    };
    let mut run = phrase_runs.iter().peekable();
    let mut breaks: Vec<(usize, Place)> = linebreaks(paragraph)
        .filter(|&(at, kind)| {
            kind == BreakOpportunity::Allowed
                && at > 0
                && at < paragraph.len()
                && kinsoku_allows(at)
        })
        .map(|(at, _)| {
            while run.peek().is_some_and(|r| r.end <= at) {
                run.next();
            }
            let place = match run.peek() {
                Some(r) if r.start < at && r.boundaries.binary_search(&at).is_err() => {
                    Place::InPhrase
                }
                _ => Place::Between,
            };
            (at, place)
        })
        .collect();
    // Phrase boundaries UAX #14 did not offer, where kinsoku allows a break and no
    // Latin word is split.
    let edges: Vec<(usize, Place)> = phrase_runs
        .iter()
        .flat_map(|r| r.boundaries.iter().copied())
        .filter(|&at| breaks.binary_search_by_key(&at, |&(b, _)| b).is_err())
        .filter(|&at| kinsoku_allows(at))
        .filter(|&at| {
            let before = paragraph[..at].chars().next_back();
            let after = paragraph[at..].chars().next();
            !(before.is_some_and(is_word_char) && after.is_some_and(is_word_char))
        })
        .map(|at| (at, Place::PhraseEdge))
        .collect();
    if !edges.is_empty() {
        breaks.extend(edges);
        breaks.sort_by_key(|&(at, _)| at);
    }
    breaks
}

/// A run of non-whitespace characters containing Japanese script, with BudouX's phrase
/// boundaries inside it (absolute byte offsets).
struct JapaneseRun {
    start: usize,
    end: usize,
    boundaries: Vec<usize>,
}

fn japanese_runs(paragraph: &str) -> Vec<JapaneseRun> {
    let mut runs = Vec::new();
    let mut start = None;
    let mut japanese = false;
    let close = |start: usize, end: usize, japanese: bool, runs: &mut Vec<JapaneseRun>| {
        if japanese {
            let boundaries = phrase_boundaries(&paragraph[start..end])
                .into_iter()
                .map(|b| b + start)
                .collect();
            runs.push(JapaneseRun {
                start,
                end,
                boundaries,
            });
        }
    };
    for (at, c) in paragraph.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                close(s, at, japanese, &mut runs);
            }
            japanese = false;
        } else {
            start.get_or_insert(at);
            japanese |= is_japanese_script(c);
        }
    }
    if let Some(s) = start {
        close(s, paragraph.len(), japanese, &mut runs);
    }
    runs
}

/// Accumulates one line at a time; a line's width never counts its trailing whitespace.
struct LineFiller {
    max_width: f32,
    /// Whether to keep the lines, or only count them.
    keep: bool,
    lines: Vec<String>,
    /// Lines ended so far.
    count: usize,
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

    fn is_empty(&self) -> bool {
        self.current.trim().is_empty()
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
        if self.keep {
            let line = self.current.trim_end().to_owned();
            self.lines.push(line);
        }
        self.count += 1;
        self.current.clear();
        self.width = 0.0;
    }

    /// Starts a new line unless the current one is empty (or only whitespace, which is
    /// dropped).
    fn new_line(&mut self) {
        if self.is_empty() {
            self.current.clear();
            self.width = 0.0;
        } else {
            self.end_line();
        }
    }

    /// [`Self::fits`] for a piece measured beforehand: the same widths, the same answer.
    fn fits_measured(&self, measure: &Measure) -> bool {
        let width = match measure.trimmed {
            None => text_width(self.current.trim_end()),
            Some(trimmed) => self.width + trimmed,
        };
        width <= self.max_width
    }

    /// [`Self::push`] for a piece measured beforehand.
    fn push_measured(&mut self, piece: &str, measure: &Measure) {
        if self.current.is_empty() {
            if measure.leading_space {
                self.push(piece);
                return;
            }
            self.width = measure.width;
        } else {
            self.width += measure.width;
        }
        self.current.push_str(piece);
    }

    /// Adds a word or a phrase (`inner`: the places inside it where a piece wider than a
    /// line may break; `measure`: its widths), on a new line if it does not fit on this
    /// one.
    fn add_segment(&mut self, segment: &str, measure: &Measure, inner: &[(usize, Place)]) {
        if self.fits_measured(measure) {
            self.push_measured(segment, measure);
            return;
        }
        self.new_line();
        if self.fits_measured(measure) {
            self.push_measured(segment, measure);
            return;
        }
        // Wider than a line: first at the phrase edges UAX #14 left out, then, for a
        // phrase that is still too wide, inside it.
        let (mut start, mut cursor) = (0, 0);
        let edges = inner
            .iter()
            .filter(|(_, place)| *place == Place::PhraseEdge);
        for &(end, _) in edges.chain(std::iter::once(&(segment.len(), Place::PhraseEdge))) {
            let phrase = &segment[start..end];
            if !self.fits(phrase) {
                self.new_line();
            }
            if self.fits(phrase) {
                self.push(phrase);
            } else {
                let mut cuts = vec![start];
                while let Some(&(at, place)) = inner.get(cursor).filter(|(at, _)| *at < end) {
                    cursor += 1;
                    if place == Place::InPhrase && at > start {
                        cuts.push(at);
                    }
                }
                cuts.push(end);
                self.add_phrase_pieces(segment, &cuts);
            }
            while inner.get(cursor).is_some_and(|(at, _)| *at <= end) {
                cursor += 1;
            }
            start = end;
        }
    }

    /// Adds the pieces `segment[cuts[i]..cuts[i + 1]]` of a phrase wider than a line,
    /// greedily, except that the phrase's last character never ends up alone on a line
    /// (「サービス開始周｜知」): the piece before it then moves down with it, when the
    /// line it leaves keeps at least two characters.
    fn add_phrase_pieces(&mut self, segment: &str, cuts: &[usize]) {
        let count = cuts.len() - 1;
        for i in 0..count {
            let piece = &segment[cuts[i]..cuts[i + 1]];
            if i + 2 == count {
                let last = &segment[cuts[i + 1]..cuts[i + 2]];
                let both = &segment[cuts[i]..cuts[i + 2]];
                let orphan = units(last).count() == 1
                    && self.fits(piece)
                    && !self.fits(both)
                    && units(self.current.trim()).count() >= 2;
                if orphan {
                    self.new_line();
                }
            }
            self.add_unbreakable(piece);
        }
    }

    /// Adds a piece that has no break opportunity, on a new line if it does not fit on
    /// this one, broken by [`LineFiller::break_word`] if it is wider than a line.
    fn add_unbreakable(&mut self, piece: &str) {
        if self.fits(piece) {
            self.push(piece);
            return;
        }
        self.new_line();
        if self.fits(piece) {
            self.push(piece);
        } else {
            self.break_word(piece.trim_start());
        }
    }

    /// Emergency breaks in `word`, wider than a line and starting a line, at the
    /// farthest place that fits, preferring (see [`Candidate::rank`]) places kinsoku
    /// allows that need no hyphen or are a syllable boundary, then other places kinsoku
    /// allows, and only then any place between two characters. A break between two Latin
    /// letters or digits gets a hyphen.
    ///
    /// O(len(word)): widths are prefix sums, and each line scans only its own places.
    fn break_word(&mut self, word: &str) {
        let candidates = emergency_candidates(word);
        let hyphen = text_width(HYPHEN);
        let total = text_width(word);
        let (mut start, mut start_width, mut next) = (0, 0.0, 0);
        loop {
            if total - start_width <= self.max_width || next >= candidates.len() {
                self.push(&word[start..]);
                return;
            }
            // The farthest fitting place of each rank.
            let mut best: [Option<usize>; 3] = [None; 3];
            for (i, c) in candidates.iter().enumerate().skip(next) {
                let width = c.width - start_width;
                if width > self.max_width {
                    break;
                }
                let with_hyphen = width + if c.hyphen { hyphen } else { 0.0 };
                if with_hyphen <= self.max_width {
                    best[c.rank()] = Some(i);
                }
            }
            let far_enough = |i: &usize| candidates[*i].width - start_width >= self.max_width / 2.0;
            // A syllable boundary is worth a shorter line, not a nearly empty one.
            let choice = best[0]
                .filter(far_enough)
                .or(best[0].max(best[1]))
                .or(best[2]);
            let (index, hyphenate) = match choice {
                Some(i) => (i, candidates[i].hyphen),
                // Nothing fits: a line this narrow takes one character, without a hyphen
                // (only possible below one character plus a hyphen).
                None => (next, false),
            };
            let choice = candidates[index];
            self.push(&word[start..choice.at]);
            if hyphenate {
                self.push(HYPHEN);
            }
            self.end_line();
            (start, start_width, next) = (choice.at, choice.width, index + 1);
        }
    }
}

/// A place inside a word where an emergency break may go: between two of its
/// [`units`].
#[derive(Clone, Copy, Debug)]
struct Candidate {
    /// Byte offset inside the word.
    at: usize,
    /// Width of the word up to `at`, in em.
    width: f32,
    /// Whether the broken line ends with an added hyphen (a break inside a Latin word).
    hyphen: bool,
    /// Whether kinsoku allows a break here.
    kinsoku: bool,
    /// Whether this is a syllable boundary of a Latin word.
    syllable: bool,
}

impl Candidate {
    /// 0: a place a reader accepts (kinsoku allows it, and it needs no hyphen or is a
    /// syllable boundary); 1: kinsoku allows it; 2: only for a line too narrow for
    /// anything else.
    fn rank(&self) -> usize {
        match (self.kinsoku, self.hyphen && !self.syllable) {
            (true, false) => 0,
            (true, true) => 1,
            (false, _) => 2,
        }
    }
}

/// A letter or digit of a script that uses spaces between words (not East Asian wide):
/// breaking between two of them splits a word and needs a hyphen.
pub(super) fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() && !is_japanese_script(c) && c.width() == Some(1)
}

/// Every place between two units of `word`, in order. O(len(word)).
fn emergency_candidates(word: &str) -> Vec<Candidate> {
    let syllables = syllable_boundaries(word);
    let units: Vec<&str> = units(word).collect();
    let visible = |unit: &str| !unit.trim().is_empty();
    // Whitespace at a break is dropped, so kinsoku looks past it: the first visible
    // character at or after each unit, and the last visible one before it.
    let mut first_after = vec![None; units.len() + 1];
    for i in (0..units.len()).rev() {
        first_after[i] = if visible(units[i]) {
            units[i].chars().next()
        } else {
            first_after[i + 1]
        };
    }
    let mut candidates = Vec::with_capacity(units.len());
    let (mut at, mut width, mut last_before) = (0, 0.0, None);
    for i in 1..units.len() {
        let previous = units[i - 1];
        at += previous.len();
        width += text_width(previous);
        if visible(previous) {
            last_before = previous.chars().rev().find(|&c| char_width(c) > 0.0);
        }
        let (last, first) = (last_before, first_after[i]);
        let hyphen = visible(previous)
            && visible(units[i])
            && last.is_some_and(is_word_char)
            && first.is_some_and(is_word_char);
        candidates.push(Candidate {
            at,
            width,
            hyphen,
            kinsoku: !last.is_some_and(is_line_end_forbidden)
                && !first.is_some_and(is_line_start_forbidden),
            syllable: syllables.binary_search(&at).is_ok(),
        });
    }
    candidates
}

/// Byte offsets inside `word` between the syllables of its alphabetic runs (English
/// Knuth–Liang patterns), where a hyphen reads naturally.
fn syllable_boundaries(word: &str) -> Vec<usize> {
    let mut boundaries = Vec::new();
    let scan = |start: usize, end: usize, boundaries: &mut Vec<usize>| {
        let mut at = start;
        let syllables: Vec<&str> =
            hypher::hyphenate(&word[start..end], hypher::Lang::English).collect();
        for syllable in &syllables[..syllables.len().saturating_sub(1)] {
            at += syllable.len();
            boundaries.push(at);
        }
    };
    let mut run_start = None;
    for (at, c) in word.char_indices() {
        if c.is_alphabetic() && !is_japanese_script(c) {
            run_start.get_or_insert(at);
        } else if let Some(start) = run_start.take() {
            scan(start, at, &mut boundaries);
        }
    }
    if let Some(start) = run_start {
        scan(start, word.len(), &mut boundaries);
    }
    boundaries
}

/// Splits `s` into characters, each with the zero-width characters that follow it
/// (combining marks, ZWJ, variation selectors), so an emergency break never separates an
/// accent from its letter.
pub(super) fn units(s: &str) -> impl Iterator<Item = &str> {
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
/// - Soft breaks are placed greedily between words and between Japanese phrases (文節,
///   BudouX), at UAX #14 opportunities with Japanese kinsoku: no line starts with a
///   closing bracket, Japanese punctuation, a small kana or ー, and no line ends with an
///   opening bracket (see [`is_line_start_forbidden`](super::is_line_start_forbidden),
///   [`is_line_end_forbidden`]). A word or a phrase that fits on a line is never split.
/// - A Japanese phrase wider than a line is broken inside, at the places UAX #14 and
///   kinsoku allow.
/// - A run without any opportunity that is wider than a line (a long word, a URL) is
///   broken between characters, keeping combining marks with their base; a break between
///   two Latin letters or digits ends the line with a hyphen, at a syllable boundary
///   where one fits.
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
/// // Between phrases (市役所での|手続きが|簡単に|なる), never inside 手続き.
/// assert_eq!(wrap_label("市役所での手続きが簡単になる", 9.0), ["市役所での手続きが", "簡単になる"]);
/// // A word longer than the line is hyphenated.
/// assert_eq!(wrap_label("internationalisation", 8.0), ["internation-", "alisation"]);
/// assert!(wrap_label("", 10.0).is_empty());
/// ```
pub fn wrap_label(label: &str, max_width_em: f32) -> Vec<String> {
    Prepared::new(label).fill(max_width_em)
}

/// The narrowest width, in em, at which `label` wraps without breaking inside a word or a
/// Japanese phrase: the width of its widest word or phrase (CSS's *min-content*). A box at
/// least this wide (plus padding) shows the label with every word and phrase whole.
///
/// O(len(label)).
///
/// ```
/// use logicmodel::text::{min_content_width, text_width};
/// assert_eq!(min_content_width("市役所での手続きが簡単になる"), text_width("市役所での"));
/// assert_eq!(min_content_width("Community cohesion"), text_width("Community"));
/// ```
pub fn min_content_width(label: &str) -> f32 {
    Prepared::new(label).min_content_width()
}

/// Like [`wrap_label`], with lines as even as the break opportunities allow:
/// the narrowest width that needs no more lines than `max_width_em` does, and
/// never narrower than the widest word or phrase ([`min_content_width`]), so
/// balancing never splits a word that fits.
/// Centred box text reads better balanced, and a last line of one
/// character (「る」 alone) pulls a word down with it.
///
/// Every line still fits in `max_width_em`. Cost: one segmentation and ten
/// fills, O(n) each (all but two only count their lines).
///
/// ```
/// use logicmodel::text::{text_width, wrap_label, wrap_label_balanced};
/// let label = "地域の子どもたちが読書を楽しむ";
/// assert_eq!(wrap_label(label, 11.0), ["地域の子どもたちが", "読書を楽しむ"]);
/// let balanced = wrap_label_balanced("Community cohesion and trust", 11.0);
/// assert_eq!(balanced, ["Community", "cohesion and trust"]);
/// ```
pub fn wrap_label_balanced(label: &str, max_width_em: f32) -> Vec<String> {
    let prepared = Prepared::new(label);
    let lines = prepared.fill(max_width_em);
    let count = lines.len();
    if count < 2 || max_width_em.is_nan() || max_width_em <= 0.0 {
        return lines;
    }
    // Below the widest word or phrase a narrower fill could keep the line count only by
    // splitting it; never go there.
    let floor = prepared.min_content_width().min(max_width_em);
    if prepared.count(floor) <= count {
        return prepared.fill(floor);
    }
    // Invariant: `feasible` wraps into at most `count` lines; `infeasible` does not.
    let (mut infeasible, mut feasible) = (floor, max_width_em);
    for _ in 0..8 {
        let middle = (infeasible + feasible) / 2.0;
        if prepared.count(middle) <= count {
            feasible = middle;
        } else {
            infeasible = middle;
        }
    }
    if prepared.count(feasible) <= count {
        prepared.fill(feasible)
    } else {
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::split_breaks;
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

    /// The lines joined, without the hyphens the wrapper added and with the label's
    /// whitespace removed, to compare with the label.
    fn rejoin(label: &str, lines: &[String]) -> String {
        let source: String = label.chars().filter(|c| !c.is_whitespace()).collect();
        let mut out = String::new();
        for line in lines {
            let line: String = line.chars().filter(|c| !c.is_whitespace()).collect();
            let candidate = format!("{out}{line}");
            if source.starts_with(&candidate) {
                out = candidate;
            } else {
                out.push_str(line.strip_suffix('-').unwrap_or(&line));
            }
        }
        out
    }

    #[test]
    fn latin_wraps_between_words() {
        let lines = wrap_label("Weekly reading sessions for children", 9.0);
        assert_eq!(lines, ["Weekly reading", "sessions for", "children"]);
        let lines = wrap_label("Weekly reading sessions for children", 100.0);
        assert_eq!(lines, ["Weekly reading sessions for children"]);
    }

    #[test]
    fn balancing_never_splits_a_word_that_fits() {
        // The old balancer narrowed the width until "Communit|y" kept the line count.
        for label in [
            "Community cohesion",
            "affordability of housing",
            "Intermediate Outputs",
        ] {
            for max in [6.0, 7.0, 8.0, 9.0, 11.0] {
                let lines = wrap_label_balanced(label, max);
                let bad: Vec<_> = split_breaks(label, &lines, max)
                    .into_iter()
                    .filter(|b| b.is_bad())
                    .collect();
                assert!(bad.is_empty(), "{label} at {max}: {lines:?}");
            }
        }
    }

    #[test]
    fn japanese_breaks_between_phrases() {
        assert_eq!(
            wrap_label("オンライン申請（アプリ等の活用）", 11.0),
            ["オンライン申請", "（アプリ等の活用）"]
        );
        assert_eq!(
            wrap_label_balanced("市役所での手続きが簡単になる", 11.0),
            ["市役所での手続きが", "簡単になる"]
        );
        // A phrase wider than the line is broken inside, and only that one.
        let lines = wrap_label("スマートシティ江津推進構想アクションプラン", 11.0);
        assert_eq!(lines.concat(), "スマートシティ江津推進構想アクションプラン");
        assert_fits(&lines, 11.0);
        // ... never leaving its last character alone on a line.
        assert_eq!(
            wrap_label("・サービス開始周知", 8.0),
            ["・サービス開始", "周知"]
        );
    }

    #[test]
    fn long_latin_words_are_hyphenated_at_syllables() {
        let lines = wrap_label("affordability", 6.0);
        assert!(lines.len() > 1, "{lines:?}");
        for line in &lines[..lines.len() - 1] {
            assert!(line.ends_with('-'), "{lines:?}");
        }
        assert_fits(&lines, 6.0);
        assert_eq!(rejoin("affordability", &lines), "affordability");
        // Syllable boundaries when they fill at least half a line.
        assert_eq!(
            wrap_label("internationalisation", 8.0),
            ["internation-", "alisation"]
        );
    }

    #[test]
    fn urls_break_after_punctuation_without_a_hyphen_when_they_can() {
        let url = "https://example.org/a/very/long/path/with_an_identifier_0123456789abcdef";
        let lines = wrap_label(url, 8.0);
        assert!(lines.len() > 1);
        assert_fits(&lines, 8.0);
        assert_eq!(rejoin(url, &lines), url);
        let id = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        let lines = wrap_label(id, 4.0);
        assert_fits(&lines, 4.0);
        assert_eq!(rejoin(id, &lines), id);
        assert!(lines[..lines.len() - 1].iter().all(|l| l.ends_with('-')));
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
    fn a_middle_dot_never_starts_a_line() {
        for max in 6..16 {
            let lines = wrap_label("Outcome · medium", max as f32);
            assert!(lines.iter().all(|l| !l.starts_with('·')), "{lines:?}");
        }
    }

    #[test]
    fn mixed_english_and_japanese() {
        let label = "KPI: 参加者数 (participants) を月次で集計する";
        let lines = wrap_label(label, 6.0);
        assert_fits(&lines, 6.0);
        assert!(lines.len() > 2);
        assert_eq!(rejoin(label, &lines), label.replace(' ', ""));
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
        assert_eq!(wrap_label_balanced("ab cd", f32::NAN), ["a", "b", "c", "d"]);
    }

    #[test]
    fn combining_marks_stay_with_their_letter() {
        let label = "e\u{301}e\u{301}e\u{301}e\u{301}";
        let lines = wrap_label(label, 1.0);
        assert_eq!(lines, ["e\u{301}", "e\u{301}", "e\u{301}", "e\u{301}"]);
    }

    #[test]
    fn a_huge_label_wraps_in_linear_time() {
        // Quadratic code would take minutes here.
        let word = "a".repeat(200_000);
        let lines = wrap_label(&word, 10.0);
        assert!(lines.len() > 10_000);
        let japanese = "市役所での手続きが簡単になる".repeat(20_000);
        let lines = wrap_label_balanced(&japanese, 10.0);
        assert!(lines.len() > 10_000);
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
            "·",
        ]);
        prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
    }

    /// Labels of real words and phrases: what planners write.
    fn words_strategy() -> impl Strategy<Value = String> {
        let words = prop::sample::select(vec![
            "Community",
            "cohesion",
            "affordability",
            "Intermediate",
            "Outputs",
            "young",
            "people",
            "(pilot)",
            "co-op",
            "wellbeing,",
            "2026",
            "KPI",
        ]);
        prop::collection::vec(words, 1..12).prop_map(|v| v.join(" "))
    }

    fn phrases_strategy() -> impl Strategy<Value = String> {
        let phrases = prop::sample::select(vec![
            "市役所での",
            "手続きが",
            "簡単に",
            "なる",
            "オンライン申請",
            "（アプリ等の",
            "活用）",
            "がん患者の",
            "生活の",
            "質の",
            "向上",
            "①市民サービス",
            "都道府県及び",
            "MaaSの",
            "導入",
            "、",
        ]);
        prop::collection::vec(phrases, 1..12).prop_map(|v| v.concat())
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
            // Nothing but control characters and whitespace is lost, and only hyphens
            // at the end of a line are added.
            let keep = |s: &str| -> String {
                s.chars().filter(|c| !c.is_control() && !c.is_whitespace()).collect()
            };
            prop_assert_eq!(rejoin(&keep(&label), &lines), keep(&label));
            // Stronger: every non-empty line is the next stretch of the cleaned label
            // (control characters dropped, tabs as spaces), only whitespace and hard
            // breaks being skipped between lines, and a hyphen added at the end.
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
                let line = if rest.starts_with(line.as_str()) {
                    line.as_str()
                } else {
                    line.strip_suffix('-').unwrap_or(line)
                };
                prop_assert!(rest.starts_with(line), "{:?} not next in {:?}", line, rest);
                rest = &rest[line.len()..];
            }
            prop_assert!(rest.trim().is_empty());
        }

        #[test]
        fn no_latin_word_that_fits_is_split(label in words_strategy(), max in 4.0f32..20.0) {
            for lines in [wrap_label(&label, max), wrap_label_balanced(&label, max)] {
                assert_fits(&lines, max);
                let bad: Vec<_> = split_breaks(&label, &lines, max).into_iter().filter(|b| b.is_bad()).collect();
                prop_assert!(bad.is_empty(), "{:?} at {}: {:?}", lines, max, bad);
            }
        }

        #[test]
        fn no_japanese_phrase_that_fits_is_split(label in phrases_strategy(), max in 3.0f32..20.0) {
            for lines in [wrap_label(&label, max), wrap_label_balanced(&label, max)] {
                assert_fits(&lines, max);
                prop_assert_eq!(lines.concat(), label.clone());
                let bad: Vec<_> = split_breaks(&label, &lines, max).into_iter().filter(|b| b.is_bad()).collect();
                prop_assert!(bad.is_empty(), "{:?} at {}: {:?}", lines, max, bad);
            }
        }

        #[test]
        fn arbitrary_strings_never_panic(label in any::<String>(), max in -1.0f32..30.0) {
            for lines in [wrap_label(&label, max), wrap_label_balanced(&label, max)] {
                for line in &lines {
                    prop_assert!(!line.chars().any(char::is_control));
                }
            }
        }
    }
}
