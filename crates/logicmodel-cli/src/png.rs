//! PNG output: the SVG rasterised with resvg, its text drawn with the fonts
//! `fonts` chose. No browser needed.

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

/// Rasterises a parsed drawing (see [`crate::fonts::parse_svg`]) at `scale`
/// pixels per SVG unit, on white.
pub fn rasterize(tree: &usvg::Tree, scale: f32) -> Result<Png> {
    if !(scale.is_finite() && scale > 0.0) {
        return Err("--scale must be a positive number".into());
    }
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
    let bytes = pixels(tree, factor as f32)?
        .encode_png()
        .map_err(|e| format!("cannot encode the PNG: {e}"))?;
    Ok(Png { bytes, note })
}

/// Draws `tree` at `factor` pixels per unit on white, without limits (the
/// caller has kept the size in bounds).
pub fn pixels(tree: &usvg::Tree, factor: f32) -> Result<tiny_skia::Pixmap> {
    let size = tree.size();
    let width = ((size.width() * factor).ceil() as u32).max(1);
    let height = ((size.height() * factor).ceil() as u32).max(1);
    let mut pixmap = tiny_skia::Pixmap::new(width, height)
        .ok_or_else(|| format!("cannot allocate a {width}×{height} image"))?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        tree,
        tiny_skia::Transform::from_scale(factor, factor),
        &mut pixmap.as_mut(),
    );
    Ok(pixmap)
}
