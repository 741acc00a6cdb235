//! Box sizes chosen for the text they hold, before the layout runs.
//!
//! Role: widen a column's boxes, and the band label area, until their widest
//! word or Japanese phrase fits on one line (CSS's *min-content*), so that the
//! wrapper never has to split one (issue 15 item 1). Growth is capped: a word
//! longer than that (a URL, a 40-letter compound) is hyphenated instead of
//! stretching a column across the page.
//!
//! A drawing without section labels (a model without sections) gets no band
//! label strip at all.
//!
//! What it must not do: look at the model (it works on the [`LayoutInput`]
//! the renderer built), or shrink anything but that empty strip.

use crate::layout::LayoutInput;
use crate::text::min_content_width;

/// How much wider than asked a column's boxes may grow for a word or phrase.
pub(crate) const MAX_BOX_GROWTH: f64 = 1.5;

/// How much wider than asked the band label area may grow.
pub(crate) const MAX_BAND_LABEL_GROWTH: f64 = 2.0;

/// Widens every column whose labels or heading hold a word or phrase wider than its
/// boxes' text area, and the band label area likewise, each up to its cap. O(total
/// text length).
pub(crate) fn widen_for_words(input: &mut LayoutInput) {
    let no_band_labels = drop_empty_band_labels(input);
    let style = &input.style;
    let (font, padding) = (style.font_size, style.padding);
    if !(font.is_finite() && font > 0.0 && padding.is_finite() && padding >= 0.0) {
        // An invalid style is rejected by the layout; nothing to size.
        return;
    }
    let needed = |text: &str| f64::from(min_content_width(text)) * font + 2.0 * padding;
    let mut widest = vec![0.0f64; input.columns.len()];
    for node in &input.nodes {
        if let Some(w) = widest.get_mut(node.column) {
            *w = w.max(needed(&node.label));
        }
    }
    for (column, w) in input.columns.iter_mut().zip(widest) {
        let asked = column.box_width.unwrap_or(style.box_width);
        let w = w.max(needed(&column.heading));
        if w > asked && asked.is_finite() {
            column.box_width = Some(w.min(asked * MAX_BOX_GROWTH));
        }
    }
    if no_band_labels {
        return;
    }
    let band_label = input
        .bands
        .iter()
        .map(|b| needed(&b.label))
        .fold(0.0, f64::max);
    let asked = input.style.band_label_width;
    if band_label > asked && asked.is_finite() {
        input.style.band_label_width = band_label.min(asked.max(1.0) * MAX_BAND_LABEL_GROWTH);
    }
}

/// Without section labels (a model without sections) there is no strip for them:
/// returns whether the band label area was so dropped.
pub(crate) fn drop_empty_band_labels(input: &mut LayoutInput) -> bool {
    let empty = input.bands.iter().all(|b| b.label.trim().is_empty());
    if empty {
        input.style.band_label_width = 0.0;
    }
    empty
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::{BandSpec, ColumnSpec, LayoutStyle, NodeSpec};

    fn input(labels: &[&str], band: &str) -> LayoutInput {
        LayoutInput {
            columns: vec![ColumnSpec::new("Activity")],
            bands: vec![BandSpec { label: band.into() }],
            nodes: labels
                .iter()
                .map(|&l| NodeSpec {
                    column: 0,
                    band: Some(0),
                    label: l.into(),
                    ..NodeSpec::default()
                })
                .collect(),
            edges: Vec::new(),
            style: LayoutStyle::default(),
            ..LayoutInput::default()
        }
    }

    #[test]
    fn columns_grow_for_their_widest_phrase_only() {
        let mut narrow = input(&["Reading club"], "Club");
        widen_for_words(&mut narrow);
        assert_eq!(narrow.columns[0].box_width, None);
        assert_eq!(narrow.style, LayoutStyle::default());
        let mut unlabelled = input(&["Reading club"], "");
        widen_for_words(&mut unlabelled);
        assert_eq!(unlabelled.style.band_label_width, 0.0);

        // （チャットツール含む）の is 12 em, wider than the default 11 em.
        let mut wide = input(
            &["SNS（チャットツール含む）の活用拡大"],
            "Community cohesion and affordability",
        );
        widen_for_words(&mut wide);
        let style = LayoutStyle::default();
        assert_eq!(
            wide.columns[0].box_width,
            Some(12.0 * style.font_size + 2.0 * style.padding)
        );
        // "affordability" is 7.8 em; the default label area holds 7.1.
        assert!(wide.style.band_label_width > style.band_label_width);
    }

    #[test]
    fn growth_is_capped() {
        let mut long = input(&["Pneumonoultramicroscopicsilicovolcanoconiosis"], "x");
        widen_for_words(&mut long);
        let style = LayoutStyle::default();
        assert_eq!(
            long.columns[0].box_width,
            Some(style.box_width * MAX_BOX_GROWTH)
        );
    }
}
