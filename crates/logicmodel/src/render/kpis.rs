//! KPI rows inside the boxes (`render --kpis`): each box's indicators with
//! their target, latest actual and a status mark.
//!
//! Role: before the layout runs, [`kpi_rows`] wraps every KPI of a box to
//! the box's width and says how much room the rows need
//! ([`rows_height`]); the layout keeps that room free at the bottom of the
//! box (`NodeSpec::reserved_height`) and the SVG writer draws the rows there.
//! The status comes from [`crate::analysis::assess_kpi`], never computed
//! here.
//!
//! What it must not do: re-check the model, or use colour alone for a
//! status: every status has its own shape (see [`mark_shape`]), so a
//! greyscale print keeps it.

use crate::analysis::{assess_kpi, KpiStatus};
use crate::layout::LayoutInput;
use crate::model::{Kpi, Measurement, Model};
use crate::text::wrap_label;
use crate::words::{self, kpi_status_name, Locale};

use petgraph::graph::NodeIndex;

/// Font size of a KPI row, in pixels.
pub const KPI_FONT_SIZE: f64 = 11.0;
/// Distance between two baselines of a KPI row, as a multiple of its font size.
pub const KPI_LINE_HEIGHT: f64 = 1.3;
/// Width of the status mark plus the gap after it, in pixels.
pub const KPI_MARK_ROOM: f64 = 14.0;
/// Rows shown in one box; more KPIs are summed up in a last line ("+2 more").
pub const KPI_ROWS_PER_BOX: usize = 4;
/// Space between the label and the first row (holding the separating rule), and
/// between two rows.
const ROW_GAP: f64 = 4.0;
/// Space below the last row, inside the box.
const BOTTOM_GAP: f64 = 6.0;

/// One KPI as a box shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct KpiRow {
    /// The KPI's status, drawn as a mark before the text.
    pub status: KpiStatus,
    /// Indicator, target and latest actual, wrapped to the box.
    pub lines: Vec<String>,
}

/// The KPI rows of one box, and the line saying how many were left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KpiBlock {
    /// The rows, at most four.
    pub rows: Vec<KpiRow>,
    /// "+2 more" when the box has more KPIs than it shows.
    pub more: Option<String>,
}

/// The shape of a status mark: the same shape in colour and in greyscale.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkShape {
    /// ● achieved.
    FilledCircle,
    /// ▲ on track.
    TriangleUp,
    /// ▼ behind.
    TriangleDown,
    /// ○ no data yet.
    HollowCircle,
    /// □ a target in words.
    HollowSquare,
    /// ◇ no target yet.
    HollowDiamond,
}

/// The mark of a status: its shape and colour (Okabe & Ito's colour-blind-safe hues
/// for the three measured statuses, grey outlines for the two unmeasured ones).
pub fn mark_shape(status: KpiStatus) -> (MarkShape, &'static str) {
    match status {
        KpiStatus::Achieved => (MarkShape::FilledCircle, "#009E73"),
        KpiStatus::OnTrack => (MarkShape::TriangleUp, "#0072B2"),
        KpiStatus::Behind => (MarkShape::TriangleDown, "#D55E00"),
        KpiStatus::NoData => (MarkShape::HollowCircle, "#5C5C5C"),
        KpiStatus::Qualitative => (MarkShape::HollowSquare, "#5C5C5C"),
        KpiStatus::Undecided => (MarkShape::HollowDiamond, "#5C5C5C"),
    }
}

/// A value as [`Measurement::format_value`] writes it, with thousands separated by
/// commas (`500,000`), which reads faster in a small font.
fn grouped(value: f64) -> String {
    let text = Measurement::format_value(value);
    let (sign, rest) = text
        .strip_prefix('-')
        .map_or(("", text.as_str()), |r| ("-", r));
    let (integer, fraction) = rest
        .split_once('.')
        .map_or((rest, None), |(i, f)| (i, Some(f)));
    if integer.len() <= 3 || !integer.bytes().all(|b| b.is_ascii_digit()) {
        return text;
    }
    let mut out = String::from(sign);
    for (i, digit) in integer.chars().enumerate() {
        if i > 0 && (integer.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(fraction) = fraction {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// The text of one KPI row: indicator, target (or why there is none), latest actual.
/// A no-break space keeps "target" with its value.
fn row_text(kpi: &Kpi, latest: Option<Measurement>, locale: Locale) -> String {
    let japanese = locale.is_japanese();
    let value = |word: &str, m: Measurement| {
        let amount = words::with_unit(&grouped(m.value), &kpi.unit);
        format!(
            "{word}\u{a0}{}",
            words::in_year(&amount, Some(m.year), locale)
        )
    };
    let mut text = kpi.indicator.clone();
    text.push_str(if japanese { "　" } else { ": " });
    match kpi.target {
        Some(target) => text.push_str(&value(if japanese { "目標" } else { "target" }, target)),
        None => text.push_str(kpi.target_words().unwrap_or(if japanese {
            "目標未定"
        } else {
            "target not set"
        })),
    }
    if let Some(latest) = latest {
        text.push_str(if japanese { "、" } else { "; " });
        text.push_str(&value(if japanese { "実績" } else { "latest" }, latest));
    }
    text
}

/// The KPI rows of `node`, wrapped for a box `box_width` pixels wide with `padding`
/// inside. O(total length of the node's KPI texts).
pub fn kpi_rows(
    model: &Model,
    node: NodeIndex,
    box_width: f64,
    padding: f64,
    locale: Locale,
) -> KpiBlock {
    let kpis: Vec<&Kpi> = model.kpis_of(node).collect();
    let text_width = (box_width - 2.0 * padding - KPI_MARK_ROOM).max(KPI_FONT_SIZE);
    let em = (text_width / KPI_FONT_SIZE) as f32;
    let rows = kpis
        .iter()
        .take(KPI_ROWS_PER_BOX)
        .map(|kpi| {
            let assessment = assess_kpi(kpi);
            KpiRow {
                status: assessment.status,
                lines: wrap_label(&row_text(kpi, assessment.latest, locale), em),
            }
        })
        .collect();
    let hidden = kpis.len().saturating_sub(KPI_ROWS_PER_BOX);
    let more = (hidden > 0).then(|| {
        if locale.is_japanese() {
            format!("ほか {hidden} 件の KPI")
        } else if hidden == 1 {
            "+1 more KPI".to_owned()
        } else {
            format!("+{hidden} more KPIs")
        }
    });
    KpiBlock { rows, more }
}

/// The KPI rows of every node of `input` (the model nodes `nodes`, in the same order),
/// wrapped to its column's box width, with the room each needs reserved in its
/// [`NodeSpec`](crate::layout::NodeSpec).
pub(crate) fn reserve_rows(
    model: &Model,
    nodes: &[NodeIndex],
    input: &mut LayoutInput,
) -> Vec<KpiBlock> {
    let style = &input.style;
    // The layout's own floor for a box width: one wide character plus padding.
    let min_width = 2.0 * style.padding + style.font_size;
    let locale = Locale::of(model);
    let widths: Vec<f64> = input
        .columns
        .iter()
        .map(|c| c.box_width.unwrap_or(style.box_width).max(min_width))
        .collect();
    let padding = style.padding;
    nodes
        .iter()
        .zip(&mut input.nodes)
        .map(|(&node, spec)| {
            let width = widths.get(spec.column).copied().unwrap_or(min_width);
            let block = kpi_rows(model, node, width, padding, locale);
            spec.reserved_height = rows_height(&block);
            block
        })
        .collect()
}

/// The room, in pixels, that a box keeps below its label for `block`; 0 for no rows.
pub fn rows_height(block: &KpiBlock) -> f64 {
    if block.rows.is_empty() {
        return 0.0;
    }
    let line = KPI_FONT_SIZE * KPI_LINE_HEIGHT;
    let lines: usize = block
        .rows
        .iter()
        .map(|r| r.lines.len().max(1))
        .sum::<usize>()
        + usize::from(block.more.is_some());
    lines as f64 * line + block.rows.len() as f64 * ROW_GAP + BOTTOM_GAP
}

/// Where each row of `block` starts, from the top of the reserved room, in pixels;
/// the "more" line, if any, starts at the last value.
pub fn row_tops(block: &KpiBlock) -> Vec<f64> {
    let line = KPI_FONT_SIZE * KPI_LINE_HEIGHT;
    let mut top = ROW_GAP;
    let mut tops = Vec::with_capacity(block.rows.len() + 1);
    for row in &block.rows {
        tops.push(top);
        top += row.lines.len().max(1) as f64 * line + ROW_GAP;
    }
    tops.push(top - ROW_GAP);
    tops
}

/// The legend entries of the marks, best status first, in `locale`.
pub fn legend(locale: Locale) -> Vec<(KpiStatus, &'static str)> {
    KpiStatus::ALL
        .iter()
        .map(|&s| (s, kpi_status_name(s, locale)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_shape() {
        let shapes: Vec<MarkShape> = KpiStatus::ALL.iter().map(|&s| mark_shape(s).0).collect();
        for (i, a) in shapes.iter().enumerate() {
            for b in &shapes[i + 1..] {
                assert_ne!(a, b, "two statuses share a shape: readable only in colour");
            }
        }
    }

    #[test]
    fn rows_say_indicator_target_and_latest() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "language": "ja", "nodes": [
              {"id": "a", "kind": "activity", "label": "窓口", "kpis": ["k", "u"]}],
              "kpis": [
                {"id": "k", "indicator": "オンライン申請件数", "unit": "件",
                 "baseline": {"year": 2022, "value": 0}, "target": {"year": 2026, "value": 500},
                 "actuals": [{"year": 2023, "value": 200}]},
                {"id": "u", "indicator": "満足度", "unit": "%", "target": null}]}"#,
        )
        .model
        .unwrap();
        let node = model.node_index("a").unwrap();
        let block = kpi_rows(&model, node, 200.0, 10.0, Locale::Japanese);
        assert_eq!(block.rows.len(), 2);
        assert_eq!(block.rows[0].status, KpiStatus::OnTrack);
        let kpi = &model.kpis()[0];
        assert_eq!(
            row_text(kpi, assess_kpi(kpi).latest, Locale::Japanese),
            "オンライン申請件数　目標\u{a0}500件（2026年度）、実績\u{a0}200件（2023年度）"
        );
        assert!(block.rows[0].lines.len() > 1, "wrapped to the box");
        assert_eq!(block.rows[1].status, KpiStatus::Undecided);
        assert_eq!(block.rows[1].lines.concat(), "満足度　目標未定");
        assert!(rows_height(&block) > 0.0);
        assert_eq!(row_tops(&block).len(), 3);
    }

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(grouped(500000.0), "500,000");
        assert_eq!(grouped(-1234.5), "-1,234.5");
        assert_eq!(grouped(999.0), "999");
        assert_eq!(grouped(f64::NAN), "NaN");
    }

    #[test]
    fn a_box_without_kpis_needs_no_room() {
        assert_eq!(rows_height(&KpiBlock::default()), 0.0);
    }
}
