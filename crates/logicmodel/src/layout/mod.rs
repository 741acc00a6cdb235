//! Fixed-column layered layout: geometry only, no SVG, no JSON.
//!
//! Role in the pipeline: turn a [`LayoutInput`] — columns (assumption, input, activity,
//! output, outcome terms, impact) left to right, section bands top to bottom, nodes with
//! their column, band and label, and edges — into a [`Scene`]: canvas size, column and band
//! geometry, every box with its wrapped text, every edge as a path. Renderers draw the
//! scene as it is.
//!
//! Stages, each in its own module, data flowing forward only:
//! 1. text: every label is wrapped ([`crate::text::wrap_label_balanced`]) to its column's box width,
//!    which gives the box heights;
//! 2. [`graph`](self): a proper layered graph, with a dummy vertex wherever an edge crosses a
//!    column;
//! 3. ordering: crossing minimisation inside every (column, band) block — barycenter and
//!    weighted-median sweeps with transposition, crossings counted by
//!    [`count_crossings`]'s accumulator tree;
//! 4. positions: vertical coordinates by block-wise isotonic regression (straight edges,
//!    minimum gaps, variable heights, nodes inside their band); x is fixed by the columns;
//! 5. routing: paths through the dummy slots, brackets beside the column for same-column
//!    edges.
//!
//! `docs/design.md` (sections *Layout engine* and *Text measurement*) explains the choices,
//! with references and measurements.
//!
//! What it must not do: know about the model, JSON, SVG or checks; print; panic on any
//! input (invalid input is a [`LayoutError`], undrawable edges are listed in
//! [`Scene::skipped_edges`]); depend on hash order (the scene is a pure function of the
//! input).
//!
//! ```
//! use logicmodel::layout::{layout, BandSpec, ColumnSpec, EdgeSpec, LayoutInput, LayoutStyle, NodeSpec};
//! let input = LayoutInput {
//!     columns: vec![ColumnSpec::new("Activities"), ColumnSpec::new("Outputs")],
//!     bands: vec![BandSpec { label: "Reading".into() }],
//!     nodes: vec![
//!         NodeSpec { column: 0, band: Some(0), label: "Weekly reading sessions".into(), ..Default::default() },
//!         NodeSpec { column: 1, band: Some(0), label: "Sessions held".into(), ..Default::default() },
//!     ],
//!     edges: vec![EdgeSpec::new(0, 1)],
//!     ..LayoutInput::default()
//! };
//! let scene = layout(&input).expect("valid input");
//! assert_eq!(scene.edges.len(), 1);
//! assert!(scene.nodes[0].rect.right() < scene.nodes[1].rect.x);
//! ```

mod crossing;
mod graph;
mod order;
mod part;
mod ports;
mod position;
mod route;
mod scene;
#[cfg(test)]
mod tests;

use std::fmt;

use crate::text::{wrap_label_balanced, WIDE_EM};

pub use crossing::{count_crossings, count_gap_crossings};
pub use scene::{
    EdgeRoute, LineIter, Lines, PathSegment, Point, Rect, Scene, SceneBand, SceneColumn, SceneEdge,
    SceneNode, SkipReason, SkippedEdge, TextBlock,
};

use graph::LayeredGraph;
use order::order_vertices;
use ports::{assign_ports, PortMetrics};
use position::{assign_y, sweeps_for_size, VerticalInput, VerticalMetrics};
use route::{
    assign_lanes, assign_tracks, route_edges, ColumnExtents, RouteInput, RouteMetrics, Tracks,
};

/// Everything the layout needs, independent of the model.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayoutInput {
    /// The fixed columns, left to right.
    pub columns: Vec<ColumnSpec>,
    /// The section bands, top to bottom. A node needs at least one.
    pub bands: Vec<BandSpec>,
    /// The boxes. A node's index is how edges and the scene refer to it.
    pub nodes: Vec<NodeSpec>,
    /// The arrows between nodes, by node index.
    pub edges: Vec<EdgeSpec>,
    /// How the boxes of a column are ordered.
    pub order: Order,
    /// Sizes and gaps.
    pub style: LayoutStyle,
}

/// How the layout orders the boxes within each column and band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Order {
    /// Reorder the boxes to reduce crossings (the default).
    #[default]
    Crossings,
    /// Keep the boxes of each column and band in input order (the author's order, for a
    /// model transcribed from a table); only the routes of long edges are chosen to reduce
    /// crossings.
    Source,
}

/// A fixed column.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ColumnSpec {
    /// Heading shown above the column.
    pub heading: String,
    /// Width of the column's boxes in pixels; `None` uses [`LayoutStyle::box_width`].
    pub box_width: Option<f64>,
}

impl ColumnSpec {
    /// A column with this heading and the style's box width.
    pub fn new(heading: impl Into<String>) -> Self {
        ColumnSpec {
            heading: heading.into(),
            box_width: None,
        }
    }
}

/// A horizontal section band.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BandSpec {
    /// Label shown at the left of the band.
    pub label: String,
}

/// A box: which column and band it belongs to, and its text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NodeSpec {
    /// Index into [`LayoutInput::columns`].
    pub column: usize,
    /// Index into [`LayoutInput::bands`], or `None` for a box that belongs to no band (in a
    /// model with sections, a node shared by several of them): it is placed in its column
    /// across the bands its edges connect, spanning their boundary or between them (see
    /// [`SceneNode::bands`]).
    pub band: Option<usize>,
    /// The text, wrapped to the box width (hard breaks at `\n` are kept).
    pub label: String,
    /// Room in pixels that the box keeps free below its label, for the renderer to draw
    /// into (KPI rows); the label is centred in the rest. 0 for none.
    pub reserved_height: f64,
}

/// An arrow from one node to another.
///
/// Usually `column(from) < column(to)`; same-column edges (and self-loops) are drawn beside
/// the column into the top or bottom of their target, backward edges right to left, and
/// feedback edges ([`EdgeKind::Feedback`]) around the columns. An edge naming a node that
/// does not exist is listed in [`Scene::skipped_edges`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EdgeSpec {
    /// Source node index.
    pub from: usize,
    /// Target node index.
    pub to: usize,
    /// What the edge means for the layout.
    pub kind: EdgeKind,
}

impl EdgeSpec {
    /// An ordinary edge from node `from` to node `to`.
    pub const fn new(from: usize, to: usize) -> Self {
        EdgeSpec {
            from,
            to,
            kind: EdgeKind::Flow,
        }
    }

    /// A feedback edge from node `from` to node `to` (see [`EdgeKind::Feedback`]).
    pub const fn feedback(from: usize, to: usize) -> Self {
        EdgeSpec {
            from,
            to,
            kind: EdgeKind::Feedback,
        }
    }
}

/// The role of an edge in the layout.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EdgeKind {
    /// Part of the flow from left to right: it takes part in ordering and placing the boxes.
    #[default]
    Flow,
    /// A declared loop back (an outcome that strengthens an earlier activity) or a
    /// declared sequence within a column: it does not place or order anything and is drawn
    /// as a back edge around the columns, through the gutters beside them and a lane above
    /// the boxes of a band, never through a box ([`EdgeRoute::Feedback`]).
    Feedback,
}

/// Sizes and gaps, all in pixels unless said otherwise.
#[derive(Debug, Clone, PartialEq)]
pub struct LayoutStyle {
    /// Font size of every text.
    pub font_size: f64,
    /// Distance between baselines, as a multiple of the font size.
    pub line_height: f64,
    /// Default width of the boxes of a column (see [`ColumnSpec::box_width`]); widened to
    /// at least `2 * padding + font_size` so that any single character fits.
    pub box_width: f64,
    /// Space between a box's border and its text.
    pub padding: f64,
    /// Least vertical gap between two boxes of a column.
    pub node_gap: f64,
    /// Least vertical gap between a long edge's slot and a box or another slot.
    pub edge_gap: f64,
    /// Horizontal gap between two columns (widened where same-column edges need tracks).
    pub column_gap: f64,
    /// Vertical gap between two bands.
    pub band_gap: f64,
    /// Space inside a band above its first box and below its last.
    pub band_padding: f64,
    /// Width of the band label area on the left.
    pub band_label_width: f64,
    /// Space between the column headings and the first band.
    pub header_gap: f64,
    /// Empty border around the drawing.
    pub margin: f64,
    /// Straight run at the end of every edge, for the renderer's arrowhead.
    pub arrow_room: f64,
    /// Distance between the vertical lines of two same-column brackets.
    pub track_spacing: f64,
    /// Radius of a bracket's rounded corners.
    pub corner_radius: f64,
}

impl Default for LayoutStyle {
    /// 14 px text; boxes 11 em of text wide plus padding (174 px); gaps sized for arrows.
    fn default() -> Self {
        let font_size = 14.0;
        let padding = 10.0;
        LayoutStyle {
            font_size,
            line_height: 1.35,
            box_width: 11.0 * font_size + 2.0 * padding,
            padding,
            node_gap: 16.0,
            edge_gap: 8.0,
            column_gap: 64.0,
            band_gap: 8.0,
            band_padding: 16.0,
            band_label_width: 120.0,
            header_gap: 12.0,
            margin: 16.0,
            arrow_room: 10.0,
            track_spacing: 8.0,
            corner_radius: 6.0,
        }
    }
}

/// The largest value a style field may hold.
const MAX_STYLE_VALUE: f64 = 1e6;

impl LayoutStyle {
    /// Line height in pixels.
    fn line_px(&self) -> f64 {
        self.font_size * self.line_height
    }

    pub(crate) fn check(&self) -> Result<(), LayoutError> {
        let fields = [
            ("font_size", self.font_size, true),
            ("line_height", self.line_height, true),
            ("box_width", self.box_width, true),
            ("padding", self.padding, false),
            ("node_gap", self.node_gap, false),
            ("edge_gap", self.edge_gap, false),
            ("column_gap", self.column_gap, false),
            ("band_gap", self.band_gap, false),
            ("band_padding", self.band_padding, false),
            ("band_label_width", self.band_label_width, false),
            ("header_gap", self.header_gap, false),
            ("margin", self.margin, false),
            ("arrow_room", self.arrow_room, false),
            ("track_spacing", self.track_spacing, false),
            ("corner_radius", self.corner_radius, false),
        ];
        for (field, value, positive) in fields {
            // A million pixels is far beyond any real style and keeps every sum finite.
            let ok = value.is_finite()
                && value <= MAX_STYLE_VALUE
                && if positive { value > 0.0 } else { value >= 0.0 };
            if !ok {
                return Err(LayoutError::InvalidStyle { field });
            }
        }
        Ok(())
    }
}

/// Why [`layout`] could not lay out its input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutError {
    /// A node's column is not an index into [`LayoutInput::columns`].
    ColumnOutOfRange {
        /// Node index.
        node: usize,
        /// Its column.
        column: usize,
    },
    /// A node's band is not an index into [`LayoutInput::bands`].
    BandOutOfRange {
        /// Node index.
        node: usize,
        /// Its band.
        band: usize,
    },
    /// A style value (or a column's box width, or a node's reserved height) is negative,
    /// zero where it must be positive, NaN, infinite, or above a million pixels.
    InvalidStyle {
        /// The field's name (`box_width` also for [`ColumnSpec::box_width`],
        /// `reserved_height` for [`NodeSpec::reserved_height`]).
        field: &'static str,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayoutError::ColumnOutOfRange { node, column } => {
                write!(f, "node {node} is in column {column}, which does not exist")
            }
            LayoutError::BandOutOfRange { node, band } => {
                write!(f, "node {node} is in band {band}, which does not exist")
            }
            LayoutError::InvalidStyle { field } => {
                write!(
                    f,
                    "layout style value `{field}` must be a finite, non-negative number"
                )
            }
        }
    }
}

impl std::error::Error for LayoutError {}

/// Text wrapped to a width, with the height of the box that holds it.
fn wrapped(label: &str, inner_width: f64, style: &LayoutStyle) -> (Lines, f64) {
    let lines = wrap_label_balanced(label, (inner_width / style.font_size) as f32);
    let height = lines.len().max(1) as f64 * style.line_px() + 2.0 * style.padding;
    (Lines::from(lines), height)
}

/// A text block of `lines` centred vertically in `rect`, with horizontal padding.
fn text_block(lines: Lines, rect: Rect, style: &LayoutStyle) -> TextBlock {
    let text_height = lines.len() as f64 * style.line_px();
    TextBlock {
        origin: Point::new(
            rect.x + style.padding,
            rect.y + (rect.height - text_height) / 2.0,
        ),
        center_x: rect.x + rect.width / 2.0,
        lines,
        font_size: style.font_size,
        line_height: style.line_px(),
    }
}

fn validate(input: &LayoutInput) -> Result<(), LayoutError> {
    input.style.check()?;
    for column in &input.columns {
        if let Some(width) = column.box_width {
            if !(width.is_finite() && width > 0.0 && width <= MAX_STYLE_VALUE) {
                return Err(LayoutError::InvalidStyle { field: "box_width" });
            }
        }
    }
    for (node, spec) in input.nodes.iter().enumerate() {
        let reserved = spec.reserved_height;
        if !(reserved.is_finite() && (0.0..=MAX_STYLE_VALUE).contains(&reserved)) {
            return Err(LayoutError::InvalidStyle {
                field: "reserved_height",
            });
        }
        if spec.column >= input.columns.len() {
            return Err(LayoutError::ColumnOutOfRange {
                node,
                column: spec.column,
            });
        }
        // A shared node needs a band to lie in, too.
        let band = spec.band.unwrap_or(0);
        if band >= input.bands.len() {
            return Err(LayoutError::BandOutOfRange { node, band });
        }
    }
    Ok(())
}

/// Lays out a logic model drawing: fixed columns, stacked bands, few crossings, straight
/// edges where possible (see the module documentation for the stages).
///
/// Returns the [`Scene`], or a [`LayoutError`] when a node names a column or band that
/// does not exist or the style has an invalid value. Edges naming unknown nodes are not an
/// error: they are listed in [`Scene::skipped_edges`]. Every other edge is drawn exactly
/// once.
///
/// Complexity: O(T + S × E log V) where T is the total label length, V counts nodes and
/// dummy vertices (one per column an edge crosses), E the segments between adjacent
/// columns, and S the number of ordering sweeps, which shrinks from 96 to 8 as the graph
/// grows. Measured (release, 2 cores, `docs/design.md`): under 0.05 s for 1 000 nodes,
/// about 0.4 s for 10 000, about 1 s for 100 000.
pub fn layout(input: &LayoutInput) -> Result<Scene, LayoutError> {
    validate(input)?;
    let style = &input.style;
    let text = WrappedText::wrap(input);

    let graph = LayeredGraph::build(
        &input.nodes,
        &input.edges,
        input.columns.len(),
        input.bands.len(),
    );
    let ordering = order_vertices(&graph, input.order);

    let header_height = text.headings.iter().map(|t| t.1).fold(0.0, f64::max);
    let top = if input.columns.is_empty() {
        style.margin
    } else {
        style.margin + header_height + style.header_gap
    };
    let metrics = VerticalMetrics {
        node_gap: style.node_gap,
        edge_gap: style.edge_gap,
        band_padding: style.band_padding,
        band_gap: style.band_gap,
        dummy_margin: (style.line_px() + 2.0 * style.padding) / 2.0,
    };
    let heights: Vec<f64> = text.nodes.iter().map(|t| t.1).collect();
    let band_min: Vec<f64> = text.bands.iter().map(|t| t.1).collect();
    let route_metrics = RouteMetrics {
        arrow_room: style.arrow_room,
        track_spacing: style.track_spacing,
        corner_radius: style.corner_radius,
    };
    let ports = assign_ports(
        &graph,
        &ordering,
        &heights,
        &text.box_widths,
        PortMetrics {
            arrow_room: style.arrow_room,
            corner_radius: style.corner_radius,
        },
    );
    let lanes = assign_lanes(&graph, route_metrics);
    let vertical = assign_y(&VerticalInput {
        graph: &graph,
        ordering: &ordering,
        heights: &heights,
        band_min_height: &band_min,
        band_top_room: &lanes.room,
        ports: &ports,
        top,
        metrics,
        sweeps: sweeps_for_size(graph.vertex_count(), graph.segment_count()),
    });

    // Boxes need x, which needs the gutter tracks, which need the boxes' y only.
    let mut rects: Vec<Rect> = heights
        .iter()
        .zip(&vertical.center_y)
        .map(|(&height, &center_y)| Rect {
            x: 0.0,
            y: center_y - height / 2.0,
            width: 0.0,
            height,
        })
        .collect();
    fn route_input<'a>(
        graph: &'a LayeredGraph,
        ports: &'a ports::Ports,
        lanes: &'a route::Lanes,
        vertical: &'a position::VerticalLayout,
        rects: &'a [Rect],
        style: &LayoutStyle,
        metrics: RouteMetrics,
    ) -> RouteInput<'a> {
        RouteInput {
            graph,
            ports,
            lanes,
            center_y: &vertical.center_y,
            rects,
            band_top: &vertical.band_top,
            band_padding: style.band_padding,
            metrics,
        }
    }
    let tracks = assign_tracks(
        &route_input(
            &graph,
            &ports,
            &lanes,
            &vertical,
            &rects,
            style,
            route_metrics,
        ),
        input.columns.len(),
    );
    let (columns, right) = place_columns(text.box_widths.clone(), &tracks, style);
    for (rect, node) in rects.iter_mut().zip(&input.nodes) {
        rect.x = columns.x[node.column];
        rect.width = columns.width[node.column];
    }
    let edges = route_edges(
        &route_input(
            &graph,
            &ports,
            &lanes,
            &vertical,
            &rects,
            style,
            route_metrics,
        ),
        &columns,
        &tracks,
    );

    let width = right + style.margin;
    let header = |column: usize| Rect {
        x: columns.x[column],
        y: style.margin,
        width: columns.width[column],
        height: header_height,
    };
    Ok(Scene {
        width,
        height: vertical.bottom + style.margin,
        columns: text
            .headings
            .into_iter()
            .enumerate()
            .map(|(column, (lines, _))| SceneColumn {
                x: columns.x[column],
                width: columns.width[column],
                header: header(column),
                heading: text_block(lines, header(column), style),
            })
            .collect(),
        bands: text
            .bands
            .into_iter()
            .zip(vertical.band_top.iter().zip(&vertical.band_height))
            .map(|((lines, _), (&y, &height))| scene_band(lines, y, height, width, style))
            .collect(),
        nodes: text
            .nodes
            .into_iter()
            .zip(rects.iter().zip(&input.nodes))
            .zip(&graph.place)
            .map(|(((lines, _), (&rect, spec)), place)| {
                let label_area = Rect {
                    height: rect.height - spec.reserved_height,
                    ..rect
                };
                SceneNode {
                    rect,
                    label: text_block(lines, label_area, style),
                    bands: place.first as usize..place.last as usize + 1,
                }
            })
            .collect(),
        edges,
        skipped_edges: graph.skipped,
    })
}

/// Every text of the input wrapped to its width, with the height of its box.
struct WrappedText {
    /// Box width of every column, at least wide enough for one character.
    box_widths: Vec<f64>,
    nodes: Vec<(Lines, f64)>,
    headings: Vec<(Lines, f64)>,
    bands: Vec<(Lines, f64)>,
}

impl WrappedText {
    /// O(total text length).
    fn wrap(input: &LayoutInput) -> Self {
        let style = &input.style;
        let min_box_width = 2.0 * style.padding + style.font_size * f64::from(WIDE_EM);
        let box_widths: Vec<f64> = input
            .columns
            .iter()
            .map(|c| c.box_width.unwrap_or(style.box_width).max(min_box_width))
            .collect();
        let inner = |column: usize| box_widths[column] - 2.0 * style.padding;
        let label_width = (style.band_label_width - 2.0 * style.padding).max(style.font_size);
        WrappedText {
            nodes: input
                .nodes
                .iter()
                .map(|n| {
                    let (lines, height) = wrapped(&n.label, inner(n.column), style);
                    (lines, height + n.reserved_height)
                })
                .collect(),
            headings: input
                .columns
                .iter()
                .enumerate()
                .map(|(column, c)| wrapped(&c.heading, inner(column), style))
                .collect(),
            bands: input
                .bands
                .iter()
                .map(|b| wrapped(&b.label, label_width, style))
                .collect(),
            box_widths,
        }
    }
}

/// The x of every column, left to right after the band labels, each gap widened by the
/// room the gutter tracks on either side of it need. Returns the extents and the right edge of the last
/// column's gap.
fn place_columns(
    box_widths: Vec<f64>,
    tracks: &Tracks,
    style: &LayoutStyle,
) -> (ColumnExtents, f64) {
    let mut x = style.margin + style.band_label_width + style.band_padding;
    let mut column_x = Vec::with_capacity(box_widths.len());
    for (column, &width) in box_widths.iter().enumerate() {
        x += tracks.extra_left.get(column).copied().unwrap_or(0.0);
        column_x.push(x);
        x += width + tracks.extra_right.get(column).copied().unwrap_or(0.0);
        if column + 1 < box_widths.len() {
            x += style.column_gap;
        }
    }
    (
        ColumnExtents {
            x: column_x,
            width: box_widths,
        },
        x,
    )
}

/// A band spanning the drawing, its label read from the top of the label area.
fn scene_band(lines: Lines, y: f64, height: f64, width: f64, style: &LayoutStyle) -> SceneBand {
    let label_area = Rect {
        x: style.margin,
        y,
        width: style.band_label_width,
        height,
    };
    let mut label = text_block(lines, label_area, style);
    label.origin.y = y + style.padding;
    SceneBand {
        y,
        height,
        rect: Rect {
            x: style.margin,
            y,
            width: (width - 2.0 * style.margin).max(0.0),
            height,
        },
        label,
    }
}
