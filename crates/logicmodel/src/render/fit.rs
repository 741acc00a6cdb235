//! Drawings fitted to a slide or a sheet of paper (`render --fit`).
//!
//! Role: a whole logic model drawn at its natural size is often far larger
//! than a slide; scaled down to one, its text cannot be read. [`fit`] tries
//! narrower boxes and gaps, and, where the whole drawing still cannot be
//! read on one page, one page per section, then pages of connected chains
//! within a section, until the box text is at least
//! [`FitOptions::min_text_pt`] (9 pt) when the page is printed or shown at
//! its size. It returns the pages as diagrams with the scale each needs; the
//! SVG writer draws each on a canvas of the page's shape
//! ([`SvgOptions::page`](super::SvgOptions::page)).
//!
//! What it must not do: write files or choose their names (the CLI does),
//! change what is drawn on a page (only sizes, and which boxes go on which
//! page), or loop without bound: it lays out at most 24 candidate styles of
//! the whole drawing and of every page it tries, and spends at most
//! `MAX_PACKING_TRIALS` (64) and `MAX_CHAIN_LAYOUTS` (160) layouts
//! splitting one page.

use petgraph::graph::NodeIndex;

use crate::layout::LayoutStyle;
use crate::model::Model;

use super::svg::drawing_size;
use super::{diagram, Diagram, DiagramOptions, SvgOptions};

/// A page to fit a drawing to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageSize {
    /// A 16:9 slide, 13.333 × 7.5 in (PowerPoint's and Google Slides' widescreen).
    Widescreen,
    /// A 4:3 slide, 10 × 7.5 in.
    Standard,
    /// ISO A4, 210 × 297 mm, portrait.
    A4,
    /// ISO A4 landscape, 297 × 210 mm.
    A4Landscape,
    /// ISO A3, 297 × 420 mm, portrait.
    A3,
    /// ISO A3 landscape, 420 × 297 mm.
    A3Landscape,
}

/// Points per inch and per millimetre.
const PT_PER_IN: f64 = 72.0;
const PT_PER_MM: f64 = 72.0 / 25.4;

impl PageSize {
    /// Every page size, in the order `--help` lists them.
    pub const ALL: &'static [PageSize] = &[
        PageSize::Widescreen,
        PageSize::Standard,
        PageSize::A4,
        PageSize::A4Landscape,
        PageSize::A3,
        PageSize::A3Landscape,
    ];

    /// The name `--fit` takes: `16:9`, `4:3`, `a4`, `a4-landscape`, `a3`, `a3-landscape`.
    pub fn name(self) -> &'static str {
        match self {
            PageSize::Widescreen => "16:9",
            PageSize::Standard => "4:3",
            PageSize::A4 => "a4",
            PageSize::A4Landscape => "a4-landscape",
            PageSize::A3 => "a3",
            PageSize::A3Landscape => "a3-landscape",
        }
    }

    /// Parses a name as [`PageSize::name`] writes it (case-insensitive).
    ///
    /// ```
    /// use logicmodel::render::PageSize;
    /// assert_eq!(PageSize::from_name("16:9"), Some(PageSize::Widescreen));
    /// assert_eq!(PageSize::from_name("A3-landscape"), Some(PageSize::A3Landscape));
    /// assert_eq!(PageSize::from_name("letter"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<PageSize> {
        PageSize::ALL
            .iter()
            .copied()
            .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// Width and height in points (1/72 in).
    pub fn size_pt(self) -> (f64, f64) {
        match self {
            PageSize::Widescreen => (13.333 * PT_PER_IN, 7.5 * PT_PER_IN),
            PageSize::Standard => (10.0 * PT_PER_IN, 7.5 * PT_PER_IN),
            PageSize::A4 => (210.0 * PT_PER_MM, 297.0 * PT_PER_MM),
            PageSize::A4Landscape => (297.0 * PT_PER_MM, 210.0 * PT_PER_MM),
            PageSize::A3 => (297.0 * PT_PER_MM, 420.0 * PT_PER_MM),
            PageSize::A3Landscape => (420.0 * PT_PER_MM, 297.0 * PT_PER_MM),
        }
    }

    /// The SVG `width` and `height` attributes of a page, in its own unit.
    pub fn svg_size(self) -> (String, String) {
        let (w, h) = match self {
            PageSize::Widescreen => ("13.333in", "7.5in"),
            PageSize::Standard => ("10in", "7.5in"),
            PageSize::A4 => ("210mm", "297mm"),
            PageSize::A4Landscape => ("297mm", "210mm"),
            PageSize::A3 => ("297mm", "420mm"),
            PageSize::A3Landscape => ("420mm", "297mm"),
        };
        (w.to_owned(), h.to_owned())
    }

    /// The page as a person says it: `16:9 slide (13.33 × 7.5 in)`, `A4 landscape
    /// (297 × 210 mm)`.
    pub fn description(self) -> &'static str {
        match self {
            PageSize::Widescreen => "16:9 slide (13.33 × 7.5 in)",
            PageSize::Standard => "4:3 slide (10 × 7.5 in)",
            PageSize::A4 => "A4 portrait (210 × 297 mm)",
            PageSize::A4Landscape => "A4 landscape (297 × 210 mm)",
            PageSize::A3 => "A3 portrait (297 × 420 mm)",
            PageSize::A3Landscape => "A3 landscape (420 × 297 mm)",
        }
    }

    /// The empty margin kept around the drawing, in points: 0.3 in on a slide,
    /// 10 mm on paper (what office printers cannot print anyway).
    pub fn margin_pt(self) -> f64 {
        match self {
            PageSize::Widescreen | PageSize::Standard => 0.3 * PT_PER_IN,
            _ => 10.0 * PT_PER_MM,
        }
    }

    /// Points per SVG user unit when a drawing `width` × `height` units large is
    /// scaled to fill the page inside its margins, keeping its proportions.
    pub fn scale_for(self, width: f64, height: f64) -> f64 {
        let (page_width, page_height) = self.size_pt();
        let margin = self.margin_pt();
        let scale =
            ((page_width - 2.0 * margin) / width).min((page_height - 2.0 * margin) / height);
        if scale.is_finite() && scale > 0.0 {
            scale
        } else {
            1.0
        }
    }
}

/// What [`fit`] fits, and how small text may get.
#[derive(Clone, Debug)]
pub struct FitOptions {
    /// The page.
    pub page: PageSize,
    /// The least size of box text on the page, in points. 9 pt is the common
    /// floor for printed figure text (and what a slide read from a few metres
    /// still shows); the legend and KPI rows are drawn 12/14 and 11/14 of it.
    pub min_text_pt: f64,
    /// What to draw (section, focus, KPIs) and the base style; `nodes` is
    /// set per page.
    pub diagram: DiagramOptions,
    /// What the SVG will add (the issue list takes room under the diagram).
    pub svg: SvgOptions,
}

impl FitOptions {
    /// A fit to `page` with the default minimum of 9 pt.
    pub fn new(page: PageSize) -> FitOptions {
        FitOptions {
            page,
            min_text_pt: 9.0,
            diagram: DiagramOptions::default(),
            svg: SvgOptions::default(),
        }
    }
}

/// How a fitted drawing was split into pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Split {
    /// The whole drawing on one page.
    Whole,
    /// One page per section.
    Sections,
    /// Sections split further into groups of connected chains.
    Groups,
    /// Groups split further into pages of chains, which repeat the boxes
    /// several chains share.
    Chains,
}

/// One page of a fitted drawing.
#[derive(Clone, Debug)]
pub struct FitPage {
    /// The drawing of this page.
    pub diagram: Diagram,
    /// Which part of the model it shows (a section's label, "1/2"), for its title;
    /// `None` for the whole drawing.
    pub part: Option<String>,
    /// Points per SVG user unit at the page's size.
    pub scale: f64,
    /// The size of box text on the page, in points.
    pub text_pt: f64,
    /// The width of the boxes' text area chosen for this page, in em (the default
    /// is 11).
    pub box_width_em: f64,
    /// The gap between columns chosen, in pixels (the default is 64).
    pub column_gap: f64,
    /// Whether columns keep that width even where a word or phrase is wider
    /// (which is then broken inside), rather than widening for it.
    pub keep_box_widths: bool,
    /// The drawing's width in user units, before it is fitted to the page.
    width: f64,
    /// Whether the page is too wide for the minimum text size even with the
    /// narrowest boxes and gaps tried, so that splitting it into pages of fewer
    /// boxes (which makes pages shorter, not narrower) cannot make it readable.
    pub too_wide: bool,
    spec: Page,
}

/// The pages [`fit`] chose.
#[derive(Clone, Debug)]
pub struct Fit {
    /// The pages, in model order.
    pub pages: Vec<FitPage>,
    /// How the drawing was split: the last step taken.
    pub split: Split,
    /// Whether the drawing was split into sections before any further step.
    pub per_section: bool,
}

impl Fit {
    /// Whether every page's box text reaches the minimum asked for.
    pub fn is_readable(&self, min_text_pt: f64) -> bool {
        self.pages.iter().all(|p| p.text_pt + 1e-9 >= min_text_pt)
    }

    /// The smallest box text of any page, in points.
    pub fn smallest_text_pt(&self) -> f64 {
        self.pages
            .iter()
            .map(|p| p.text_pt)
            .fold(f64::INFINITY, f64::min)
    }
}

/// Box text widths (em) and column gaps (px) tried, widest first, each with columns
/// widened for their widest phrase and without: narrower boxes make a drawing
/// narrower and taller, which suits a tall page or a wide model.
const BOX_WIDTHS_EM: [f64; 4] = [11.0, 9.5, 8.0, 6.5];
const COLUMN_GAPS: [f64; 3] = [64.0, 44.0, 32.0];

/// Layouts spent packing groups when one page is split.
const MAX_PACKING_TRIALS: usize = 64;

/// Layouts spent cutting one page into pages of chains.
const MAX_CHAIN_LAYOUTS: usize = 160;

/// Candidate styles tried for every page.
const CANDIDATE_STYLES: usize = 2 * BOX_WIDTHS_EM.len() * COLUMN_GAPS.len();

/// Fits the drawing that `options.diagram` selects to `options.page`. Each page
/// gets the candidate style (box width, column gap, columns widened for their
/// phrases or not) that gives it the largest text. The drawing is split only as
/// far as needed, step by step, each step splitting only the pages still below
/// `options.min_text_pt`:
///
/// 1. the whole drawing on one page;
/// 2. one page per section;
/// 3. a section into groups of connected chains (weakly connected boxes),
///    packed into as few pages as stay readable;
/// 4. a group into pages of chains: its tallest column's boxes, in drawing
///    order, cut into runs, each page holding a run and everything upstream
///    and downstream of it (so a box both runs rest on appears on both).
///
/// A step is taken only where it pays: pages whose width limits the scale
/// ([`FitPage::too_wide`]) are not split further, and a step that does not
/// make every page readable is kept only when it makes the smallest text a
/// tenth larger. When a page stays below the minimum, it is returned as
/// readable as it gets and [`Fit::is_readable`] says so.
///
/// Cost: each page tried is laid out in up to 24 candidate styles (fewer when
/// an early one is readable); splitting a page
/// by groups is bounded by 64 layouts, by chains by 160.
///
/// ```
/// use logicmodel::render::{fit, FitOptions, PageSize, Split};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let fitted = fit(&model, &FitOptions::new(PageSize::Widescreen)).unwrap();
/// assert_eq!(fitted.split, Split::Whole);
/// assert!(fitted.is_readable(9.0));
/// ```
///
/// # Errors
///
/// [`FitError::TooLarge`] when the drawing has more than [`MAX_FIT_BOXES`] boxes: at
/// 9 pt they would need hundreds of pages, and trying styles and splits would take
/// minutes.
pub fn fit(model: &Model, options: &FitOptions) -> Result<Fit, FitError> {
    let boxes = diagram_size(model, &options.diagram);
    if boxes > MAX_FIT_BOXES {
        return Err(FitError::TooLarge {
            boxes,
            limit: MAX_FIT_BOXES,
        });
    }
    Ok(fit_checked(model, options))
}

/// The most boxes [`fit`] fits to pages.
pub const MAX_FIT_BOXES: usize = 2_000;

/// Why [`fit`] did not fit a drawing.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FitError {
    /// The drawing has more boxes than [`MAX_FIT_BOXES`].
    TooLarge {
        /// The boxes the drawing has.
        boxes: usize,
        /// The limit.
        limit: usize,
    },
}

impl std::fmt::Display for FitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FitError::TooLarge { boxes, limit } => write!(
                f,
                "the drawing has {boxes} boxes; fitting to pages is limited to {limit} (at a readable size they would need hundreds of pages): draw one section (--section) or the chains through one box (--focus)"
            ),
        }
    }
}

impl std::error::Error for FitError {}

/// How many boxes the drawing `options` selects has, without laying it out.
fn diagram_size(model: &Model, options: &DiagramOptions) -> usize {
    super::select(model, options).len()
}

fn fit_checked(model: &Model, options: &FitOptions) -> Fit {
    let min = options.min_text_pt;
    let mut fitted = best_style(model, options, &[Page::whole()], Split::Whole);
    if fitted.is_readable(min) {
        return fitted;
    }
    let base = diagram(model, &options.diagram);
    let sections: Vec<usize> = base.sections.iter().flatten().copied().collect();
    if sections.len() >= 2 {
        let pages = section_pages(model, &base.nodes, &sections);
        let by_section = best_style(model, options, &pages, Split::Sections);
        // A section may use fewer columns, so even a too-wide drawing may gain.
        if by_section.is_readable(min)
            || by_section.smallest_text_pt() > fitted.smallest_text_pt() * 1.1
        {
            fitted = Fit {
                per_section: true,
                ..by_section
            };
        }
    }
    for split in [Split::Groups, Split::Chains] {
        if fitted.is_readable(min) {
            break;
        }
        let mut pages = Vec::new();
        let mut changed = false;
        for page in &fitted.pages {
            let spec = page.spec.clone();
            // Fewer boxes make a page shorter, not narrower: split only a page whose
            // width leaves room for a tenth larger text.
            if page.text_pt + 1e-9 >= min
                || width_cap_pt(model, options, &spec) < page.text_pt * 1.1
            {
                pages.push(spec);
                continue;
            }
            let style = (page.style(&options.diagram.style), page.keep_box_widths);
            let mut parts = match split {
                Split::Chains => split_chains(model, options, &page.diagram, &spec, style),
                _ => pack_groups(model, options, &page.diagram.nodes, spec.section, style),
            };
            keep_everything(model, &page.diagram.nodes, &mut parts);
            changed |= parts.len() > 1;
            pages.extend(parts.into_iter().map(|nodes| Page {
                nodes: Some(nodes),
                ..spec.clone()
            }));
        }
        if changed {
            // More pages are worth it when they make the text readable, or a tenth
            // larger.
            let refined = best_style(model, options, &pages, split);
            if refined.is_readable(min)
                || refined.smallest_text_pt() > fitted.smallest_text_pt() * 1.1
            {
                fitted = Fit {
                    per_section: fitted.per_section,
                    ..refined
                };
            }
        }
    }
    for page in &mut fitted.pages {
        if page.text_pt + 1e-9 < min {
            page.too_wide = width_cap_pt(model, options, &page.spec) < min;
        }
    }
    name_parts(model, &mut fitted, options.diagram.section);
    fitted
}

/// The largest box text `page` can have on the page as far as its width goes: drawn
/// with the narrowest boxes and gaps tried, at the scale that makes it as wide as
/// the page.
fn width_cap_pt(model: &Model, options: &FitOptions, page: &Page) -> f64 {
    let narrowest = style_for(
        &options.diagram.style,
        BOX_WIDTHS_EM[BOX_WIDTHS_EM.len() - 1],
        COLUMN_GAPS[COLUMN_GAPS.len() - 1],
    );
    let drawn = fit_page(model, options, page, &narrowest, true);
    let (page_width, _) = options.page.size_pt();
    (page_width - 2.0 * options.page.margin_pt()) / drawn.width * narrowest.font_size
}

/// Titles the pages: a section's label (the page's, or the one section drawn), with
/// "(2/3)" when it spans several pages; "2/3" for pages of a drawing without sections.
fn name_parts(model: &Model, fitted: &mut Fit, only: Option<usize>) {
    if fitted.pages.len() < 2 {
        return;
    }
    let total = fitted.pages.len();
    for i in 0..total {
        let section = fitted.pages[i].spec.section.or(only);
        let same: Vec<usize> = (0..total)
            .filter(|&j| fitted.pages[j].spec.section.or(only) == section)
            .collect();
        let position = same.iter().position(|&j| j == i).unwrap_or(0) + 1;
        let label = section
            .and_then(|s| model.sections().get(s))
            .map(|s| s.label());
        let part = match (label, same.len()) {
            (Some(label), 1) => label.to_owned(),
            (Some(label), n) => format!("{label} ({position}/{n})"),
            (None, n) => format!("{position}/{n}"),
        };
        fitted.pages[i].part = Some(part);
    }
}

/// What one page draws: a section (or all), and a subset of its nodes.
#[derive(Clone, Debug, Default)]
struct Page {
    section: Option<usize>,
    nodes: Option<Vec<NodeIndex>>,
    part: Option<String>,
}

impl Page {
    fn whole() -> Page {
        Page {
            section: None,
            nodes: None,
            part: None,
        }
    }
}

impl FitPage {
    /// The style this page chose, on `base`.
    fn style(&self, base: &LayoutStyle) -> LayoutStyle {
        style_for(base, self.box_width_em, self.column_gap)
    }
}

fn style_for(base: &LayoutStyle, box_width_em: f64, column_gap: f64) -> LayoutStyle {
    LayoutStyle {
        box_width: box_width_em * base.font_size + 2.0 * base.padding,
        column_gap,
        ..base.clone()
    }
}

/// Lays out every page in the candidate styles, most natural first (the style's own
/// box width and the widest gap, columns widened for their phrases; then smaller gaps,
/// narrower boxes, and last boxes that keep their width and break a long phrase
/// inside), and keeps for each page the first style that makes its box text reach
/// the minimum, or, when none does, the style that makes it largest. Pages may so get
/// different styles: a short section reads well with the default boxes, a tall one
/// needs narrow boxes to fit a wide slide.
fn best_style(model: &Model, options: &FitOptions, pages: &[Page], split: Split) -> Fit {
    let base = &options.diagram.style;
    let pages = pages
        .iter()
        .map(|page| {
            let mut best: Option<FitPage> = None;
            'candidates: for keep in [false, true] {
                for &em in &BOX_WIDTHS_EM {
                    for &gap in &COLUMN_GAPS {
                        let style = style_for(base, em, gap);
                        let candidate = fit_page(model, options, page, &style, keep);
                        let readable = candidate.text_pt + 1e-9 >= options.min_text_pt;
                        if best
                            .as_ref()
                            .is_none_or(|b| candidate.text_pt > b.text_pt + 0.05)
                        {
                            best = Some(candidate);
                        }
                        if readable {
                            break 'candidates;
                        }
                    }
                }
            }
            best.expect("at least one candidate style")
        })
        .collect();
    Fit {
        pages,
        split,
        per_section: false,
    }
}

fn fit_page(
    model: &Model,
    options: &FitOptions,
    page: &Page,
    style: &LayoutStyle,
    keep_box_widths: bool,
) -> FitPage {
    let drawn = diagram(
        model,
        &DiagramOptions {
            section: options.diagram.section,
            nodes: page.nodes.clone(),
            style: style.clone(),
            keep_box_widths,
            ..options.diagram.clone()
        },
    );
    let svg = SvgOptions {
        part: page.part.clone(),
        ..options.svg.clone()
    };
    let (width, height) = drawing_size(model, &drawn, &svg);
    let scale = options.page.scale_for(width, height);
    FitPage {
        text_pt: style.font_size * scale,
        diagram: drawn,
        part: page.part.clone(),
        scale,
        box_width_em: (style.box_width - 2.0 * style.padding) / style.font_size,
        column_gap: style.column_gap,
        keep_box_widths,
        width,
        too_wide: false,
        spec: page.clone(),
    }
}

/// The nodes of a drawing split into groups of connected chains (weakly connected
/// components of the drawn edges, in file order of their first node), packed in
/// order into as few pages as keep each page's text at the minimum, at `style`.
fn pack_groups(
    model: &Model,
    options: &FitOptions,
    nodes: &[NodeIndex],
    section: Option<usize>,
    (style, keep_box_widths): (LayoutStyle, bool),
) -> Vec<Vec<NodeIndex>> {
    let components = components(model, nodes);
    let mut pages: Vec<Vec<NodeIndex>> = Vec::new();
    let mut trials = 0;
    for component in components {
        if let Some(last) = pages.last_mut() {
            // Each trial is a layout; past the budget, the rest shares the last page.
            trials += 1;
            if trials > MAX_PACKING_TRIALS {
                last.extend(component);
                continue;
            }
            let mut joined = last.clone();
            joined.extend(component.iter().copied());
            let page = Page {
                section,
                nodes: Some(joined.clone()),
                part: Some("1/2".to_owned()),
            };
            let fitted = fit_page(model, options, &page, &style, keep_box_widths);
            if fitted.text_pt + 1e-9 >= options.min_text_pt {
                *last = joined;
                continue;
            }
        }
        pages.push(component);
    }
    for page in &mut pages {
        page.sort_by_key(|n| n.index());
    }
    pages
}

/// One page per section: its boxes, the boxes without a section that its chains run
/// through (a shared outcome, a plan-wide impact), and the boxes of other sections at
/// the other end of its arrows; then, if any drawn box is on none of those, a last page
/// for them. Every box and every arrow between drawn boxes is on some page.
fn section_pages(model: &Model, nodes: &[NodeIndex], sections: &[usize]) -> Vec<Page> {
    let mut drawn = vec![false; model.node_count()];
    for n in nodes {
        drawn[n.index()] = true;
    }
    let shared = |n: NodeIndex| model.node(n).section_index().is_none();
    let mut pages: Vec<Page> = Vec::new();
    for &section in sections {
        let mut on = vec![false; model.node_count()];
        let mut stack: Vec<NodeIndex> = nodes
            .iter()
            .copied()
            .filter(|&n| model.node(n).section_index() == Some(section))
            .collect();
        for n in &stack {
            on[n.index()] = true;
        }
        // Through shared boxes, both ways; a box of another section ends the walk.
        while let Some(n) = stack.pop() {
            let follow = shared(n) || model.node(n).section_index() == Some(section);
            if !follow {
                continue;
            }
            for direction in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
                for next in model.graph().neighbors_directed(n, direction) {
                    if drawn[next.index()] && !on[next.index()] {
                        on[next.index()] = true;
                        stack.push(next);
                    }
                }
            }
        }
        let page_nodes: Vec<NodeIndex> = nodes.iter().copied().filter(|n| on[n.index()]).collect();
        if !page_nodes.is_empty() {
            pages.push(Page {
                section: Some(section),
                nodes: Some(page_nodes),
                part: None,
            });
        }
    }
    let mut parts: Vec<Vec<NodeIndex>> = pages.iter().filter_map(|p| p.nodes.clone()).collect();
    let before = parts.len();
    keep_everything(model, nodes, &mut parts);
    for (page, nodes) in pages.iter_mut().zip(&parts) {
        page.nodes = Some(nodes.clone());
    }
    pages.extend(parts.into_iter().skip(before).map(|nodes| Page {
        section: None,
        nodes: Some(nodes),
        part: None,
    }));
    pages
}

/// Makes `pages` (parts of the drawing of `nodes`) keep every box and every arrow of
/// it: an arrow on no page gets its missing end added to a page of the other end; a
/// box on no page joins the first page with one of its neighbours, or a last page of
/// such boxes. Pages stay in file order. O(P × V + E).
fn keep_everything(model: &Model, nodes: &[NodeIndex], pages: &mut Vec<Vec<NodeIndex>>) {
    let count = model.node_count();
    let mut drawn = vec![false; count];
    for n in nodes {
        drawn[n.index()] = true;
    }
    let mut on: Vec<Vec<bool>> = pages
        .iter()
        .map(|page| {
            let mut on = vec![false; count];
            for n in page {
                on[n.index()] = true;
            }
            on
        })
        .collect();
    let first_page = |on: &[Vec<bool>], n: NodeIndex| on.iter().position(|p| p[n.index()]);
    let mut leftover = Vec::new();
    for &n in nodes {
        if first_page(&on, n).is_some() {
            continue;
        }
        let neighbour_page = model
            .graph()
            .neighbors_undirected(n)
            .filter(|m| drawn[m.index()])
            .find_map(|m| first_page(&on, m));
        match neighbour_page {
            Some(p) => {
                on[p][n.index()] = true;
                pages[p].push(n);
            }
            None => leftover.push(n),
        }
    }
    if !leftover.is_empty() {
        let mut page = vec![false; count];
        for n in &leftover {
            page[n.index()] = true;
        }
        on.push(page);
        pages.push(leftover);
    }
    for &n in nodes {
        for edge in model.outgoing(n) {
            let (a, b) = (edge.from, edge.to);
            if !drawn[b.index()] || on.iter().any(|p| p[a.index()] && p[b.index()]) {
                continue;
            }
            if let Some(p) = first_page(&on, a) {
                on[p][b.index()] = true;
                pages[p].push(b);
            }
        }
    }
    for page in pages.iter_mut() {
        page.sort_by_key(|n| n.index());
    }
}

/// The nodes of one too-tall page cut into pages of chains: the boxes of its
/// tallest column, in the order the page draws them, in `k` runs of about equal
/// size (the smallest `k` that makes every page readable, within the trial
/// budget), each with every box upstream and downstream of it on the page.
fn split_chains(
    model: &Model,
    options: &FitOptions,
    drawn: &Diagram,
    spec: &Page,
    (style, keep_box_widths): (LayoutStyle, bool),
) -> Vec<Vec<NodeIndex>> {
    let nodes = &drawn.nodes;
    let in_column = |c: usize| {
        let x = drawn.scene.columns[c].x;
        drawn.scene.nodes.iter().filter(move |n| n.rect.x == x)
    };
    // The tallest column; of equally tall ones the leftmost (activities before outcomes).
    let Some(pivot_column) = (0..drawn.scene.columns.len())
        .max_by_key(|&c| (in_column(c).count(), std::cmp::Reverse(c)))
    else {
        return vec![nodes.clone()];
    };
    let column_x = drawn.scene.columns[pivot_column].x;
    let mut pivots: Vec<(f64, NodeIndex)> = drawn
        .scene
        .nodes
        .iter()
        .zip(nodes)
        .filter(|(n, _)| n.rect.x == column_x)
        .map(|(n, &i)| (n.rect.y, i))
        .collect();
    pivots.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let pivots: Vec<NodeIndex> = pivots.into_iter().map(|(_, n)| n).collect();
    let mut on_page = vec![false; model.node_count()];
    for n in nodes {
        on_page[n.index()] = true;
    }
    // Height shrinks about as the runs do, so start from the factor the text must grow by.
    let parent = fit_page(model, options, spec, &style, keep_box_widths);
    let start =
        ((options.min_text_pt / parent.text_pt).ceil() as usize).clamp(2, pivots.len().max(2));
    let mut layouts = 0;
    let mut best = vec![nodes.clone()];
    for k in start..=pivots.len() {
        let pages: Vec<Vec<NodeIndex>> = (0..k)
            .map(|i| &pivots[i * pivots.len() / k..(i + 1) * pivots.len() / k])
            .map(|run| chains_through(model, run, &on_page))
            .collect();
        let mut readable = true;
        for page in &pages {
            let candidate = Page {
                nodes: Some(page.clone()),
                ..spec.clone()
            };
            layouts += CANDIDATE_STYLES;
            let fitted = best_style(model, options, &[candidate], Split::Chains);
            if !fitted.is_readable(options.min_text_pt) {
                readable = false;
                break;
            }
        }
        best = pages;
        if readable || layouts >= MAX_CHAIN_LAYOUTS {
            break;
        }
    }
    best
}

/// `run` with every node upstream and downstream of it among the nodes marked in
/// `on_page`, in file order. O(V + E).
fn chains_through(model: &Model, run: &[NodeIndex], on_page: &[bool]) -> Vec<NodeIndex> {
    let mut keep = vec![false; model.node_count()];
    for direction in [petgraph::Direction::Outgoing, petgraph::Direction::Incoming] {
        let mut seen = vec![false; model.node_count()];
        let mut stack: Vec<NodeIndex> = run.to_vec();
        for n in run {
            seen[n.index()] = true;
        }
        while let Some(n) = stack.pop() {
            keep[n.index()] = true;
            for next in model.graph().neighbors_directed(n, direction) {
                if on_page[next.index()] && !seen[next.index()] {
                    seen[next.index()] = true;
                    stack.push(next);
                }
            }
        }
    }
    (0..model.node_count())
        .filter(|&i| keep[i])
        .map(NodeIndex::new)
        .collect()
}

/// Weakly connected components of `nodes` by the model's edges between them, each in
/// file order, ordered by their first node. O(V + E) with union–find.
fn components(model: &Model, nodes: &[NodeIndex]) -> Vec<Vec<NodeIndex>> {
    let mut slot = vec![usize::MAX; model.node_count()];
    for (i, n) in nodes.iter().enumerate() {
        slot[n.index()] = i;
    }
    let mut parent: Vec<usize> = (0..nodes.len()).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for &n in nodes {
        for edge in model.outgoing(n) {
            let (a, b) = (slot[edge.from.index()], slot[edge.to.index()]);
            if a != usize::MAX && b != usize::MAX {
                let (ra, rb) = (root(&mut parent, a), root(&mut parent, b));
                if ra != rb {
                    parent[ra.max(rb)] = ra.min(rb);
                }
            }
        }
    }
    let mut groups: Vec<Vec<NodeIndex>> = Vec::new();
    let mut group_of_root = vec![usize::MAX; nodes.len()];
    let mut order: Vec<usize> = (0..nodes.len()).collect();
    order.sort_by_key(|&i| nodes[i].index());
    for i in order {
        let r = root(&mut parent, i);
        if group_of_root[r] == usize::MAX {
            group_of_root[r] = groups.len();
            groups.push(Vec::new());
        }
        groups[group_of_root[r]].push(nodes[i]);
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_round_trip() {
        for &page in PageSize::ALL {
            assert_eq!(PageSize::from_name(page.name()), Some(page));
            let (w, h) = page.size_pt();
            assert!(w > 0.0 && h > 0.0);
        }
        let (w, h) = PageSize::Widescreen.size_pt();
        assert!((w / h - 16.0 / 9.0).abs() < 0.01);
    }

    #[test]
    fn components_follow_the_edges() {
        let model = crate::load_str(
            r#"{"format": 1, "title": "t", "nodes": [
              {"id": "a", "kind": "activity", "label": "A", "to": ["i"]},
              {"id": "b", "kind": "activity", "label": "B", "to": ["j"]},
              {"id": "i", "kind": "impact", "label": "I"},
              {"id": "j", "kind": "impact", "label": "J"},
              {"id": "c", "kind": "activity", "label": "C", "to": ["i"]}]}"#,
        )
        .model
        .unwrap();
        let nodes: Vec<NodeIndex> = model.nodes().map(|(i, _)| i).collect();
        let groups = components(&model, &nodes);
        let ids: Vec<Vec<&str>> = groups
            .iter()
            .map(|g| g.iter().map(|&n| model.node(n).id().as_str()).collect())
            .collect();
        assert_eq!(ids, [vec!["a", "i", "c"], vec!["b", "j"]]);
    }
}
