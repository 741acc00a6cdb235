//! PNG output: the SVG rasterised with resvg, Japanese text through the
//! system's fonts. No browser needed.

use resvg::tiny_skia;
use resvg::usvg;

use crate::anyhow_like::Result;

/// A rasterised drawing and, when it had to be scaled down, a note saying so.
pub struct Png {
    pub bytes: Vec<u8>,
    pub note: Option<String>,
}

/// The most elements an SVG may have for resvg to read it (its parser stops
/// at 1,000,000 nodes, text nodes included), with a margin.
pub const ELEMENT_BUDGET: usize = 800_000;

/// The most pixels one PNG may have (about 1 GiB of RGBA); larger drawings are
/// scaled down to fit, never cropped, and the note says by how much.
const MAX_PIXELS: f64 = 256.0 * 1024.0 * 1024.0;
/// The longest side tiny-skia and common viewers handle.
const MAX_SIDE: f64 = 30_000.0;

const CJK_FAMILIES: &[&str] = &[
    "Noto Sans CJK JP",
    "Noto Sans JP",
    "Hiragino Sans",
    "Hiragino Kaku Gothic ProN",
    "Yu Gothic",
    "Meiryo",
    "Source Han Sans JP",
    "IPAexGothic",
];

fn needs_cjk(svg: &str) -> bool {
    svg.chars().any(|c| {
        matches!(c as u32,
            0x3000..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
    })
}

pub fn rasterize(svg: &str, scale: f32) -> Result<Png> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err("--scale must be a positive number".into());
    }
    let mut options = usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let db = options.fontdb.clone();
    let has_family = |name: &str| {
        db.faces()
            .any(|face| face.families.iter().any(|(family, _)| family == name))
    };
    if db.is_empty() {
        return Err("no fonts found on this system; install fonts-noto-cjk (Debian/Ubuntu: apt-get install fonts-noto-cjk)".into());
    }
    if needs_cjk(svg) && !CJK_FAMILIES.iter().any(|f| has_family(f)) {
        return Err(format!(
            "no font can draw the Japanese labels: none of the families {} is installed; install fonts-noto-cjk (apt-get install fonts-noto-cjk)",
            CJK_FAMILIES.join(", ")
        )
        .into());
    }
    // The first installed CJK family also serves as the fallback for any
    // generic `sans-serif`.
    if let Some(family) = CJK_FAMILIES.iter().find(|f| has_family(f)) {
        options.fontdb_mut().set_sans_serif_family(*family);
        options.font_family = (*family).to_owned();
    }
    let tree =
        usvg::Tree::from_str(svg, &options).map_err(|e| format!("cannot read the SVG: {e}"))?;
    let size = tree.size();
    let (w, h) = (f64::from(size.width()), f64::from(size.height()));
    let mut factor = f64::from(scale);
    let mut note = None;
    let fit = (MAX_SIDE / (w * factor))
        .min(MAX_SIDE / (h * factor))
        .min((MAX_PIXELS / (w * h * factor * factor)).sqrt());
    if fit < 1.0 {
        factor *= fit;
        note = Some(format!(
            "the drawing is {w:.0}×{h:.0} units; the PNG is scaled by {factor:.3} to stay within {MAX_SIDE:.0} px per side and {:.0} megapixels (nothing is cropped; use SVG for full resolution)",
            MAX_PIXELS / 1e6
        ));
    }
    let width = ((w * factor).ceil() as u32).max(1);
    let height = ((h * factor).ceil() as u32).max(1);
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot allocate a {width}×{height} image"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(factor as f32, factor as f32),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(Png { bytes, note })
}
