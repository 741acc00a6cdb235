//! PDF output: the drawing as one vector page, through krilla (the PDF
//! writer of the typst project) and its usvg front end `krilla-svg`.
//!
//! Text is embedded as real text: each font is subset to the glyphs the
//! drawing uses and carries a ToUnicode map, so the Japanese labels can be
//! selected, copied and searched. `text_as_paths` draws outlines instead
//! (`render --text-to-paths`). The file is deterministic: no creation date
//! is written, and krilla derives the document ids from a hash of the
//! content, so the same drawing with the same fonts gives the same bytes.

use krilla::geom::Size;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::{Document, SerializeSettings};
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg;

use crate::anyhow_like::Result;

/// PDF points per SVG unit: SVG user units are CSS pixels (1/96 inch),
/// points are 1/72 inch, so the page has the drawing's nominal size.
const POINTS_PER_UNIT: f32 = 72.0 / 96.0;

/// The longest page side PDF readers accept (PDF 1.7, Annex C.2: 14,400
/// units, 200 inches); larger drawings are scaled down onto it, which loses
/// nothing in a vector file.
const MAX_SIDE_POINTS: f32 = 14_400.0;

/// What the PDF says about itself (its document information and XMP
/// metadata).
#[derive(Clone, Debug, Default)]
pub struct PdfInfo {
    /// The document title: the model's title.
    pub title: String,
    /// The model's language tag (`ja`, `en`), so readers pick voices and
    /// fonts for it.
    pub language: Option<String>,
}

/// A PDF file and, when the drawing had to be scaled down, a note saying so.
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub note: Option<String>,
}

/// Writes `tree` (from [`crate::fonts::parse_svg`]) as a one-page PDF.
pub fn write(tree: &usvg::Tree, info: &PdfInfo, text_as_paths: bool) -> Result<Pdf> {
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    let mut factor = POINTS_PER_UNIT;
    let mut note = None;
    let longest = width.max(height) * factor;
    if longest > MAX_SIDE_POINTS {
        factor *= MAX_SIDE_POINTS / longest;
        note = Some(format!(
            "the drawing is {width:.0}×{height:.0} units; the PDF page is scaled to {:.0}×{:.0} pt to stay within the {MAX_SIDE_POINTS:.0} pt PDF readers accept per side (nothing is lost: it is vector; zoom in)",
            width * factor,
            height * factor
        ));
    }
    let page_size = Size::from_wh(width * factor, height * factor)
        .ok_or_else(|| format!("cannot make a PDF page of {width}×{height} units"))?;
    let mut document = Document::new_with(SerializeSettings::default());
    let mut metadata = Metadata::new()
        .title(info.title.clone())
        .creator("logicmodel".to_owned());
    if let Some(language) = &info.language {
        metadata = metadata.language(language.clone());
    }
    document.set_metadata(metadata);
    {
        let mut page = document.start_page_with(PageSettings::new(page_size));
        let mut surface = page.surface();
        let settings = SvgSettings {
            embed_text: !text_as_paths,
            ..SvgSettings::default()
        };
        surface
            .draw_svg(tree, page_size, settings)
            .ok_or("cannot draw the SVG into the PDF")?;
        surface.finish();
        page.finish();
    }
    let bytes = document
        .finish()
        .map_err(|e| format!("cannot write the PDF: {e}"))?;
    Ok(Pdf { bytes, note })
}

#[cfg(test)]
mod tests {
    use logicmodel::render::{self, DiagramOptions, SvgOptions};
    use proptest::prelude::*;

    use super::*;
    use crate::fonts::{self, FontSource};
    use crate::outline;

    /// Our SVG for a two-box model whose title and labels are `label`.
    fn drawing(label: &str) -> Option<String> {
        let model = serde_json::json!({
            "format": 1,
            "title": label,
            "nodes": [
                {"id": "a", "kind": "activity", "label": label, "to": ["i"]},
                {"id": "i", "kind": "impact", "label": format!("{label} {label}")}
            ]
        });
        let loaded = logicmodel::load_str(&model.to_string());
        let model = loaded.model?;
        let diagram = render::diagram(&model, &DiagramOptions::default());
        Some(render::svg(&model, &diagram, &SvgOptions::default()))
    }

    fn cases() -> u32 {
        std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(24)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases()))]

        /// Whatever the labels hold (controls, combining marks, bidi
        /// controls, unassigned code points, markup), PDF and outline output
        /// either succeed — a PDF, a well-formed SVG without `<text>` — or
        /// fail with the message naming characters no font has. Never a
        /// panic, never another error.
        #[test]
        fn any_label_gives_a_pdf_and_outlines_or_names_the_missing_characters(
            label in prop_oneof![
                "\\PC{0,24}",
                proptest::collection::vec(any::<char>(), 0..24)
                    .prop_map(|chars| chars.into_iter().collect::<String>()),
                "[<>&\"'a-z ア漢\u{202E}\u{0301}\u{FE0F}\u{1F600}]{0,24}",
            ]
        ) {
            let Some(svg) = drawing(&label) else { return Ok(()) };
            if fonts::load(FontSource::System).is_err() {
                prop_assume!(std::env::var_os("CI").is_none(), "CI has fonts");
                return Ok(());
            }
            match fonts::parse_svg(&svg, FontSource::System) {
                Ok(tree) => {
                    let pdf = write(&tree, &PdfInfo { title: label.clone(), language: None }, false)
                        .map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(pdf.bytes.starts_with(b"%PDF-"));
                }
                Err(error) => prop_assert!(error.to_string().contains("draw") && error.to_string().contains(" U+"), "{error}"),
            }
            match outline::text_to_paths(&svg, FontSource::System) {
                Ok(outlined) => {
                    prop_assert!(!outlined.svg.contains("<text"));
                    prop_assert!(resvg::usvg::roxmltree::Document::parse(&outlined.svg).is_ok());
                }
                Err(error) => prop_assert!(error.to_string().contains("draw") && error.to_string().contains(" U+"), "{error}"),
            }
        }
    }
}
