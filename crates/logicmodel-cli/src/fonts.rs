//! Fonts for the drawings the CLI makes itself (PNG, PDF, SVG with text as
//! outlines): which installed font, or which `--font` file, draws the text.
//!
//! The choice is made by *coverage*, never by a list of names: every face is
//! asked (through its character map) which of the drawing's characters it
//! has. The SVG's own font stack is honoured first by usvg, so a machine with
//! one of the named fonts draws what a browser would; the generic
//! `sans-serif` the stack ends with becomes the family that covers the most
//! of the text, and usvg falls back per character to any other face that has
//! it. Only characters that no face has are an error, and the error names
//! them.
//!
//! What it must not do: read the model or decide layout. It sees the SVG text
//! and the font files, nothing else.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use resvg::usvg::{self, fontdb, roxmltree};

use crate::anyhow_like::Result;

/// The largest font file `--font` reads (the biggest CJK collections are
/// about 120 MB); a larger file is refused before it is read.
const MAX_FONT_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// At most this many missing characters are listed by name; the count
/// covers the rest.
const LISTED_MISSING: usize = 16;

/// Where the fonts come from.
#[derive(Clone, Copy, Debug)]
pub enum FontSource<'a> {
    /// The fonts installed on this machine (fontconfig's directories on
    /// Linux, the system font folders on Windows and macOS).
    System,
    /// One font file (TrueType, OpenType or a collection) and nothing else.
    File(&'a Path),
}

/// Parses our SVG into a usvg tree whose text is laid out with fonts that
/// cover it: the common front half of PNG, PDF and outline output. Fails,
/// naming them, when some characters are in no font.
pub fn parse_svg(svg: &str, source: FontSource) -> Result<usvg::Tree> {
    let document =
        roxmltree::Document::parse(svg).map_err(|e| format!("cannot read the SVG: {e}"))?;
    tree_from_document(&document, source)
}

/// [`parse_svg`] for an SVG document already parsed.
pub fn tree_from_document(
    document: &roxmltree::Document,
    source: FontSource,
) -> Result<usvg::Tree> {
    let characters = drawn_characters(document);
    let mut database = load(source)?;
    let mut options = options_without_file_access();
    let coverage = Coverage::measure(&database, &characters);
    if !coverage.missing.is_empty() {
        return Err(missing_message(&coverage.missing, source).into());
    }
    if let Some(family) = coverage.best_family {
        // `sans-serif` ends our font stack; an element without a
        // font-family gets the same family.
        options.font_family.clone_from(&family);
        database.set_sans_serif_family(family);
    }
    options.fontdb = Arc::new(database);
    usvg::Tree::from_xmltree(document, &options)
        .map_err(|e| format!("cannot read the SVG: {e}").into())
}

/// usvg options that never read a file named in the SVG: our drawings have
/// no images, and model text must not be able to make us open one.
fn options_without_file_access() -> usvg::Options<'static> {
    usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// The font database for `source`. An empty one is an error: nothing could
/// be drawn.
pub fn load(source: FontSource) -> Result<fontdb::Database> {
    let mut database = fontdb::Database::new();
    match source {
        FontSource::System => {
            database.load_system_fonts();
            if database.is_empty() {
                return Err("no fonts are installed on this system; install one that covers the text (Debian/Ubuntu: apt-get install fonts-noto-cjk) or name a font file with --font FILE".into());
            }
            map_each_file_once(&mut database);
        }
        FontSource::File(path) => {
            let size = std::fs::metadata(path)
                .map_err(|e| format!("--font: cannot read {}: {e}", path.display()))?
                .len();
            if size > MAX_FONT_FILE_BYTES {
                return Err(format!(
                    "--font: {} is {} MB, more than the {} MB a font file may have",
                    path.display(),
                    size / 1_000_000,
                    MAX_FONT_FILE_BYTES / 1_000_000
                )
                .into());
            }
            // Read, not memory-mapped: a file that changes while mapped
            // would crash the process.
            let bytes = std::fs::read(path)
                .map_err(|e| format!("--font: cannot read {}: {e}", path.display()))?;
            database.load_font_data(bytes);
            if database.is_empty() {
                return Err(format!(
                    "--font: {} is not a font file that can be read (TrueType, OpenType or a TrueType/OpenType collection)",
                    path.display()
                )
                .into());
            }
        }
    }
    Ok(database)
}

/// Maps each font file once for the whole run. Left as plain file sources,
/// every glyph lookup of usvg (outline, colour layers, bitmaps) maps and
/// unmaps the file again: rendering a 10,000-box drawing spent half its time
/// in the kernel doing that.
fn map_each_file_once(database: &mut fontdb::Database) {
    let faces: Vec<fontdb::ID> = database.faces().map(|face| face.id).collect();
    for face in faces {
        // SAFETY: a mapped font file that another process truncates while we
        // read it can crash the process. That risk is the same with usvg's
        // own mapping per lookup, only held for the length of the run (a
        // few seconds) instead of per glyph; system fonts are not rewritten
        // in place by package managers (they replace files by renaming).
        // A `--font` file is read into memory instead.
        unsafe {
            database.make_shared_face_data(face);
        }
    }
}

/// The characters the drawing shows: the contents of its `<text>` elements
/// (not of `<title>` or `<desc>`, which are never drawn), without spaces,
/// controls and the invisible characters a shaper drops.
pub fn drawn_characters(document: &roxmltree::Document) -> BTreeSet<char> {
    let mut characters = BTreeSet::new();
    for node in document.descendants().filter(|n| n.is_text()) {
        let in_text = node
            .ancestors()
            .any(|a| a.is_element() && a.tag_name().name() == "text");
        if !in_text {
            continue;
        }
        if let Some(text) = node.text() {
            characters.extend(text.chars().filter(|&c| needs_glyph(c)));
        }
    }
    characters
}

/// Whether a character needs a glyph of its own to be drawn: not white
/// space, not a control, not a default-ignorable code point (zero-width
/// joiners, variation selectors, bidi controls), which shapers hide.
fn needs_glyph(c: char) -> bool {
    !(c.is_whitespace() || c.is_control() || is_default_ignorable(c))
}

/// Unicode's Default_Ignorable_Code_Point property (DerivedCoreProperties.txt).
fn is_default_ignorable(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F..=0x1160 | 0x17B4..=0x17B5
        | 0x180B..=0x180F | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xFFF0..=0xFFF8
        | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A | 0xE0000..=0xE0FFF)
}

/// Which of the drawing's characters the fonts have, and the family that
/// has the most of them.
#[derive(Debug)]
pub struct Coverage {
    /// Characters no face has, in code point order.
    pub missing: Vec<char>,
    /// The family of the face that covers the most characters (ties broken
    /// as described at [`Candidate`]); `None` when no face has any.
    pub best_family: Option<String>,
}

/// A face's claim to be the drawing's main font. Compared field by field:
/// more characters covered, then the family the system configures as
/// `sans-serif`, then an upright regular face, then a proportional face
/// whose name does not say serif, mincho or mono (the drawing asks for
/// `sans-serif`; fonts carry no portable serif flag), then a Japanese family
/// name when the text is Japanese (so that Han characters get Japanese
/// shapes, not Chinese or Korean ones), then the name, for determinism.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Candidate {
    covered: usize,
    preferred: bool,
    regular: bool,
    sans: bool,
    japanese: bool,
    /// Reversed so that the alphabetically first name wins the maximum.
    name: std::cmp::Reverse<String>,
}

impl Coverage {
    /// Asks every face of `database` which of `characters` it has. Each face
    /// is parsed once; the cost is faces × characters character-map lookups.
    pub fn measure(database: &fontdb::Database, characters: &BTreeSet<char>) -> Coverage {
        let characters: Vec<char> = characters.iter().copied().collect();
        let japanese_text = characters.iter().any(|&c| is_japanese(c));
        let mut covered_by_any = vec![false; characters.len()];
        let mut best: Option<Candidate> = None;
        // The family the system configuration calls `sans-serif`
        // (fontconfig's alias on Linux), if it covers as much as any other.
        let preferred = database.family_name(&fontdb::Family::SansSerif).to_owned();
        for face in database.faces() {
            let Some((covered, proportional)) = database
                .with_face_data(face.id, |data, index| {
                    let parsed = ttf_parser::Face::parse(data, index).ok()?;
                    let mut count = 0;
                    for (seen, &c) in covered_by_any.iter_mut().zip(&characters) {
                        if parsed.glyph_index(c).is_some() {
                            *seen = true;
                            count += 1;
                        }
                    }
                    Some((count, is_proportional(&parsed).unwrap_or(!face.monospaced)))
                })
                .flatten()
            else {
                continue;
            };
            if covered == 0 {
                continue;
            }
            let Some(name) = english_family(face) else {
                continue;
            };
            let lower = name.to_lowercase();
            let candidate = Candidate {
                covered,
                regular: face.style == fontdb::Style::Normal
                    && face.weight == fontdb::Weight::NORMAL,
                preferred: name == preferred,
                sans: proportional && !is_serif_or_mono_name(&lower),
                japanese: japanese_text
                    && face
                        .families
                        .iter()
                        .any(|(_, language)| *language == fontdb::Language::Japanese_Japan),
                name: std::cmp::Reverse(name.to_owned()),
            };
            if best.as_ref().is_none_or(|b| candidate > *b) {
                best = Some(candidate);
            }
        }
        let missing = characters
            .iter()
            .zip(&covered_by_any)
            .filter(|(_, &seen)| !seen)
            .map(|(&c, _)| c)
            .collect();
        Coverage {
            missing,
            best_family: best.map(|b| b.name.0),
        }
    }
}

/// Whether Latin letters have different widths (`i` narrower than `M`):
/// IPAGothic, for one, is not flagged monospaced but its Latin is.
fn is_proportional(face: &ttf_parser::Face) -> Option<bool> {
    let advance = |c| face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g));
    Some(advance('i')? != advance('M')?)
}

/// Whether a (lower-case) family name says serif or monospaced: "Noto Serif
/// CJK JP", "IPAMincho", "Noto Sans Mono CJK JP", but not "MS Sans Serif".
fn is_serif_or_mono_name(lower: &str) -> bool {
    (lower.contains("serif") && !lower.contains("sans serif"))
        || lower.contains("mincho")
        || lower.contains("明朝")
        || lower.contains("mono")
}

/// The family name usvg matches against (the English one when the font has
/// one; fontdb puts it first).
fn english_family(face: &fontdb::FaceInfo) -> Option<&str> {
    face.families
        .iter()
        .find(|(_, language)| *language == fontdb::Language::English_UnitedStates)
        .or(face.families.first())
        .map(|(name, _)| name.as_str())
}

/// Kana and the CJK ideograph blocks: text whose Han characters should have
/// Japanese glyph shapes.
fn is_japanese(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF | 0x31F0..=0x31FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF65..=0xFF9F)
}

/// The error for characters no font has: which ones (as code points, and
/// as themselves when they are visible on their own), and what to do.
fn missing_message(missing: &[char], source: FontSource) -> String {
    let listed: Vec<String> = missing
        .iter()
        .take(LISTED_MISSING)
        .map(|&c| describe(c))
        .collect();
    let more = missing.len().saturating_sub(LISTED_MISSING);
    let list = if more > 0 {
        format!("{} and {more} more", listed.join(", "))
    } else {
        listed.join(", ")
    };
    let count = missing.len();
    let characters = if count == 1 {
        "character"
    } else {
        "characters"
    };
    match source {
        FontSource::System => format!(
            "no installed font can draw {count} {characters} of the drawing: {list}; install a font that covers them (Japanese: apt-get install fonts-noto-cjk, or fonts-ipafont-gothic) or name a font file with --font FILE"
        ),
        FontSource::File(path) => format!(
            "--font: {} cannot draw {count} {characters} of the drawing: {list}; choose a font that covers them, or leave out --font to use the installed fonts",
            path.display()
        ),
    }
}

/// `U+30A2 'ア'`: the code point, then the character itself when printing it
/// cannot reorder, join or hide what follows on a terminal.
fn describe(c: char) -> String {
    let code = format!("U+{:04X}", c as u32);
    if is_combining(c) || !needs_glyph(c) || (0xD800..=0xF8FF).contains(&(c as u32)) {
        code
    } else {
        format!("{code} '{c}'")
    }
}

/// Combining marks (they would attach to the quote before them).
fn is_combining(c: char) -> bool {
    matches!(c as u32,
        0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x0610..=0x061A | 0x064B..=0x065F
        | 0x0E31 | 0x0E34..=0x0E3A | 0x0E47..=0x0E4E | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF
        | 0x20D0..=0x20FF | 0x3099..=0x309A | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn characters(svg: &str) -> String {
        let document = roxmltree::Document::parse(svg).unwrap();
        drawn_characters(&document).into_iter().collect()
    }

    #[test]
    fn only_text_elements_count_not_titles_or_spaces() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg"><title>題名</title><g><title>x</title><text>ア イ<tspan>ウ&#x200B;</tspan></text></g></svg>"#;
        assert_eq!(characters(svg), "アイウ");
    }

    #[test]
    fn missing_characters_are_listed_visibly_and_counted() {
        let missing: Vec<char> = ('\u{4E00}'..='\u{4E20}').collect();
        let message = missing_message(&missing, FontSource::System);
        assert!(message.contains("U+4E00 '一'"), "{message}");
        assert!(message.contains("and 17 more"), "{message}");
        assert!(message.contains("33 characters"), "{message}");
        assert_eq!(describe('\u{0301}'), "U+0301");
        assert_eq!(describe('\u{202E}'), "U+202E");
    }

    #[test]
    fn a_face_that_covers_more_wins_then_regular_sans_japanese_then_name() {
        let make = |covered, regular, sans, japanese, name: &str| Candidate {
            covered,
            preferred: false,
            regular,
            sans,
            japanese,
            name: std::cmp::Reverse(name.to_owned()),
        };
        assert!(make(10, false, false, false, "Z") > make(9, true, true, true, "A"));
        assert!(make(10, true, false, false, "Z") > make(10, false, true, true, "A"));
        assert!(make(10, true, true, false, "Z") > make(10, true, false, true, "A"));
        assert!(make(10, true, true, true, "Z") > make(10, true, true, false, "A"));
        assert!(make(10, true, true, true, "A") > make(10, true, true, true, "B"));
    }

    #[test]
    fn a_file_that_is_not_a_font_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("not-a-font.ttf");
        std::fs::write(&path, b"hello").unwrap();
        let error = load(FontSource::File(&path)).unwrap_err().to_string();
        assert!(error.contains("not a font file"), "{error}");
        let error = load(FontSource::File(&dir.path().join("absent.ttf")))
            .unwrap_err()
            .to_string();
        assert!(error.contains("cannot read"), "{error}");
    }
}
