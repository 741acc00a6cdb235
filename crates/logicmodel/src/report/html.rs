//! The self-contained HTML report, and the HTML pieces the live preview
//! shares with it.
//!
//! Layout and print rules are in `report.css`, the optional behaviour
//! (zoom, details panel) in `report.js`; both are inlined, so the file
//! works offline and from any location.

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::checks::{self, Names, Target};
use super::words::{words_for, Noun, Words};
use super::{format_measurement, schedule_years, Part, MAX_YEAR_COLUMNS};
use crate::analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::diff::Since;
use crate::escape;
use crate::model::{Model, NodeKind};
use crate::render::{self, stage_name, Diagram, DiagramOptions, Marks, SvgOptions};

pub(super) const STYLE: &str = include_str!("report.css");
pub(super) const SCRIPT: &str = include_str!("report.js");

/// The id of the diagram's root `<svg>`, which the print pages reuse.
const DIAGRAM_ID: &str = "lm-diagram";

/// Escaped text.
pub(super) fn esc(text: &str) -> String {
    escape::xml(text)
}

/// Escaped text with line breaks as `<br>`.
pub(super) fn esc_lines(text: &str) -> String {
    escape::xml(text).replace('\n', "<br>")
}

/// Escaped text on one line.
fn esc_one_line(text: &str) -> String {
    escape::xml(&checks::one_line(text))
}

/// Writes the HTML report of `model`. `diagnostics` are the load and check
/// results to list (and to outline in the diagram).
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let html = logicmodel::report::html(&model, &model.check());
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// assert!(html.contains(r#"id="detail-a""#));
/// ```
pub fn html(model: &Model, diagnostics: &[Diagnostic]) -> String {
    html_report(model, diagnostics, None)
}

/// Writes the HTML report of `model` with a "changes since …" section
/// after the diagram, and the new and changed boxes and arrows marked in
/// the diagram (`logicmodel report NEW --since OLD`).
pub fn html_since(model: &Model, diagnostics: &[Diagnostic], since: &Since) -> String {
    html_report(model, diagnostics, Some(since))
}

fn html_report(model: &Model, diagnostics: &[Diagnostic], since: Option<&Since>) -> String {
    let w = words_for(model);
    let mut out = String::with_capacity(256 * 1024);
    document_start(
        &mut out,
        model.language().map(|l| l.as_str()),
        model.title(),
        "",
    );
    out.push_str("<body>\n");
    header(&mut out, model, diagnostics, w);
    let _ = write!(out, "<nav aria-label=\"{0}\"><h2>{0}</h2><ol>", w.contents);
    for part in Part::REPORT {
        let _ = write!(
            out,
            "<li><a href=\"#{}\">{}</a></li>",
            part.anchor(),
            part.heading(w)
        );
        if let (Part::Diagram, Some(since)) = (part, since) {
            let _ = write!(
                out,
                "<li><a href=\"#changes\">{}</a></li>",
                esc(&since.heading)
            );
        }
    }
    out.push_str("</ol></nav>\n<main>\n");
    let names = Names::new(Some(model));
    for part in Part::REPORT {
        match part {
            Part::Diagram => {
                let marks = since.map(|s| s.marks.clone()).unwrap_or_default();
                diagram_section_with(&mut out, model, diagnostics, w, DiagramMode::Report, marks);
                if let Some(since) = since {
                    out.push_str(&since.html());
                }
            }
            Part::Kpis => kpi_section(&mut out, model, w),
            Part::Checks => checks_section(&mut out, &names, diagnostics, w, Part::Checks),
            Part::Coverage => coverage_section(&mut out, model, w),
            Part::WorkItems => work_items_section(&mut out, model, w),
            Part::Details => details_section(&mut out, model, diagnostics, w),
        }
    }
    out.push_str("</main>\n");
    let _ = writeln!(out, "<footer><p>{}</p></footer>", w.generated);
    document_end(&mut out, w, "");
    out
}

/// `<!DOCTYPE html>` to `</head>`. `extra_head` is trusted markup.
pub(super) fn document_start(
    out: &mut String,
    language: Option<&str>,
    title: &str,
    extra_head: &str,
) {
    // The policy makes the page inert even if an escape were ever missed:
    // nothing may be fetched, no script but the inline one runs, no form
    // can be sent.
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'\">\n<meta name=\"generator\" content=\"logicmodel\">\n<title>{}</title>\n{extra_head}<style>{STYLE}</style>\n</head>\n",
        esc(language.unwrap_or("en")),
        esc(title)
    );
}

/// The details panel, the scripts and the end of the document. `extra_script` is trusted.
pub(super) fn document_end(out: &mut String, w: &Words, extra_script: &str) {
    let _ = write!(
        out,
        "<div id=\"panel\" role=\"dialog\" aria-label=\"{}\" hidden><button type=\"button\" class=\"close\">{}</button><div class=\"panel-body\"></div></div>\n<script>{SCRIPT}</script>\n{extra_script}</body>\n</html>\n",
        w.details, w.close
    );
}

pub(super) fn header(out: &mut String, model: &Model, diagnostics: &[Diagnostic], w: &Words) {
    let _ = write!(out, "<header>\n<h1>{}</h1>\n", esc(model.title()));
    let meta = super::meta_parts(model, w, esc);
    if !meta.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    if let Some(d) = model.description() {
        let _ = writeln!(out, "<p>{}</p>", esc_lines(d));
    }
    if !model.context().is_empty() {
        let items: Vec<String> = model
            .context()
            .iter()
            .map(|c| format!("<li>{}</li>", esc_lines(c)))
            .collect();
        let _ = writeln!(
            out,
            "<div class=\"context\"><p class=\"context-heading\">{}</p><ul>{}</ul></div>",
            w.context,
            items.join("")
        );
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: {}, {}, {}, {}</p>\n</header>",
        w.summary,
        w.quantity(model.node_count(), Noun::Box),
        w.quantity(model.edge_count(), Noun::Arrow),
        w.quantity(errors, Noun::Error),
        w.quantity(diagnostics.len() - errors, Noun::Warning)
    );
}

/// Where a diagram section is written: the report has print pages per
/// section; the preview marks a drawing older than the file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum DiagramMode {
    Report,
    Preview { stale: bool },
}

pub(super) fn diagram_section(
    out: &mut String,
    model: &Model,
    diagnostics: &[Diagnostic],
    w: &Words,
    mode: DiagramMode,
) {
    diagram_section_with(out, model, diagnostics, w, mode, Marks::default());
}

/// [`diagram_section`] with `marks` on the drawing (a report `--since`).
fn diagram_section_with(
    out: &mut String,
    model: &Model,
    diagnostics: &[Diagnostic],
    w: &Words,
    mode: DiagramMode,
    marks: Marks,
) {
    let diagram = render::diagram(model, &DiagramOptions::default());
    let svg_options = SvgOptions {
        issues: diagnostics.to_vec(),
        link_nodes: true,
        marks,
        ..SvgOptions::default()
    };
    let svg = render::svg(model, &diagram, &svg_options);
    // The root element gets an id so that the print pages can show parts
    // of this one drawing (`<use>`) instead of copies of it.
    let svg = match svg.strip_prefix("<svg ") {
        Some(rest) => format!("<svg id=\"{DIAGRAM_ID}\" {rest}"),
        None => svg,
    };
    let class = match mode {
        DiagramMode::Preview { stale: true } => " class=\"stale\"",
        _ => "",
    };
    let _ = write!(
        out,
        "<section id=\"diagram\"{class}>\n<h2>{}</h2>\n<p class=\"hint\">{}</p>\n",
        w.diagram, w.diagram_hint
    );
    if mode == (DiagramMode::Preview { stale: true }) {
        let _ = writeln!(out, "<p class=\"stale-note\">{}</p>", w.stale);
    }
    // The zoom buttons only work with the script, which shows them.
    let _ = writeln!(
        out,
        "<div class=\"diagram-tools\" id=\"diagram-tools\" role=\"toolbar\" aria-label=\"{zoom}\" aria-controls=\"diagram-viewport\" hidden>\
<button type=\"button\" data-zoom=\"fit\">{fit}</button>\
<button type=\"button\" data-zoom=\"out\" aria-label=\"{out_}\" title=\"{out_}\">−</button>\
<output aria-live=\"polite\">100%</output>\
<button type=\"button\" data-zoom=\"in\" aria-label=\"{in_}\" title=\"{in_}\">+</button>\
<button type=\"button\" data-zoom=\"actual\">{actual}</button>\
<span class=\"zoom-hint\">{hint}</span></div>",
        zoom = w.zoom,
        fit = w.fit_width,
        out_ = w.zoom_out,
        in_ = w.zoom_in,
        actual = w.actual_size,
        hint = w.zoom_hint
    );
    let _ = write!(
        out,
        "<figure class=\"diagram\">\n<div class=\"diagram-viewport\" id=\"diagram-viewport\" tabindex=\"0\" aria-label=\"{}\">\n{svg}</div>\n<figcaption>{}</figcaption>\n</figure>\n",
        w.diagram,
        esc(model.title())
    );
    if mode == DiagramMode::Report {
        section_pages(out, model, &diagram, &svg_options, w);
    }
    out.push_str("</section>\n");
}

/// A number for a `viewBox`: at most two decimals, as the SVG writer writes them.
fn coordinate(value: f64) -> String {
    let text = format!("{:.2}", (value * 100.0).round() / 100.0);
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" || text.is_empty() {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

/// Print only: one page per section of the drawing, each showing the
/// column headings above that section's band at a readable size. They are
/// views of the one drawing on screen (`<use>`), cut out with nested
/// `viewBox`es, so they add a few hundred bytes per section, not a copy.
///
/// Written when the drawing has two bands or more and the whole drawing
/// on one A3 page would set its text below about 8 pt.
fn section_pages(
    out: &mut String,
    model: &Model,
    diagram: &Diagram,
    svg_options: &SvgOptions,
    w: &Words,
) {
    let scene = &diagram.scene;
    if scene.bands.len() < 2 {
        return;
    }
    // The drawing's size as the SVG above has it (legend and issue list included).
    let canvas = render::canvas(model, diagram, svg_options);
    // The first page's drawing area (print CSS): 400 × 226 mm.
    let mm_per_unit = (400.0 / canvas.width).min(226.0 / canvas.height);
    let font_size = DiagramOptions::default().style.font_size;
    if font_size * mm_per_unit >= 2.8 {
        return;
    }
    let (head_top, head_bottom) =
        scene
            .columns
            .iter()
            .fold((f64::MAX, f64::MIN), |(top, bottom), c| {
                (
                    top.min(c.header.y),
                    bottom.max(c.header.y + c.header.height),
                )
            });
    if head_top > head_bottom {
        return;
    }
    let head_top = head_top + canvas.scene_top - 4.0;
    let head_height = head_bottom - head_top + canvas.scene_top + 4.0;
    let full = format!(
        "<use href=\"#{DIAGRAM_ID}\" width=\"{}\" height=\"{}\"/>",
        coordinate(canvas.width),
        coordinate(canvas.height)
    );
    let width = coordinate(canvas.width);
    let _ = writeln!(
        out,
        "<div class=\"print-only section-pages\" aria-hidden=\"true\">"
    );
    for (band, section) in scene.bands.iter().zip(&diagram.sections) {
        let label = match section {
            Some(s) => checks::one_line(model.sections()[*s].label()),
            None => checks::one_line(&band.label.lines.join(" ")),
        };
        let band_top = band.rect.y + canvas.scene_top - 2.0;
        let band_height = band.rect.height + 4.0;
        let _ = writeln!(
            out,
            "<div class=\"section-page\"><h3>{} — {}</h3>\
<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {total}\" role=\"img\" aria-label=\"{label}\">\
<svg width=\"{width}\" height=\"{hh}\" viewBox=\"0 {ht} {width} {hh}\">{full}</svg>\
<svg y=\"{hh}\" width=\"{width}\" height=\"{bh}\" viewBox=\"0 {bt} {width} {bh}\">{full}</svg>\
</svg></div>",
            w.diagram_by_section,
            esc(&label),
            total = coordinate(head_height + band_height),
            label = esc(&label),
            hh = coordinate(head_height),
            ht = coordinate(head_top),
            bh = coordinate(band_height),
            bt = coordinate(band_top),
        );
    }
    out.push_str("</div>\n");
}

pub(super) fn kpi_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        Part::Kpis.anchor(),
        w.kpis
    );
    if model.kpis().is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</section>", w.none);
        return;
    }
    let japanese = w.japanese;
    let _ = writeln!(
        out,
        "<div class=\"table-scroll\"><table class=\"stack kpis\">\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        w.indicator, w.baseline, w.target, w.latest, w.progress, w.status, w.work_items
    );
    // One pass over work items and nodes (not a scan per KPI), so reports
    // of very large models stay linear.
    for row in analysis::kpi_reports(model) {
        let kpi = row.kpi;
        let status = row.status;
        let bar = match row.progress_percent {
            Some(p) => progress_bar(p),
            None => "—".to_owned(),
        };
        let target = super::target_cell(kpi, w);
        let items: Vec<String> = row.work_items.iter().map(|item| esc(&item.title)).collect();
        let source = kpi.source.as_deref().map_or(String::new(), |s| {
            format!(
                "<br><span class=\"source\">{}: {}</span>",
                w.data_source,
                esc(s)
            )
        });
        let _ = writeln!(
            out,
            "<tr id=\"kpi-{}\"><td>{}{source}</td><td class=\"num\" data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td class=\"num\" data-label=\"{}\">{}</td><td data-label=\"{}\"><span class=\"badge status-{}\">{}</span></td><td data-label=\"{}\">{}</td></tr>",
            esc(kpi.id().as_str()),
            esc(&kpi.indicator),
            w.baseline,
            esc(&format_measurement(kpi.baseline, kpi, w)),
            w.target,
            esc(&target),
            w.latest,
            esc(&format_measurement(kpi.latest_actual(), kpi, w)),
            w.progress,
            bar,
            w.status,
            status.as_str(),
            esc(super::status_label(status, japanese)),
            w.work_items,
            items.join("<br>")
        );
    }
    let _ = writeln!(out, "</tbody>\n</table></div>\n</section>");
}

fn progress_bar(percent: f64) -> String {
    format!(
        "<span class=\"bar\" role=\"img\" aria-label=\"{0:.0}%\"><span style=\"width:{1:.0}%\"></span></span>{0:.0}%",
        percent,
        percent.clamp(0.0, 100.0)
    )
}

/// The name of a check's target, linked to where the report describes it.
fn target_html(target: &Target<'_, '_>, w: &Words) -> String {
    match target {
        Target::Node(node) => format!(
            "<a href=\"#detail-{}\">{}</a><span class=\"target-kind\">{}</span>",
            esc(node.id().as_str()),
            esc_one_line(node.label()),
            w.kind_note(stage_name(node.stage(), w.japanese))
        ),
        Target::WorkItem(item) => format!(
            "<a href=\"#work-item-{}\">{}</a><span class=\"target-kind\">{}</span>",
            esc(item.id().as_str()),
            esc_one_line(&item.title),
            w.kind_note(w.work_item)
        ),
        Target::Kpi(kpi) => format!(
            "<a href=\"#kpi-{}\">{}</a><span class=\"target-kind\">{}</span>",
            esc(kpi.id().as_str()),
            esc_one_line(&kpi.indicator),
            w.kind_note(w.kpi)
        ),
        Target::Section(section) => format!(
            "{}<span class=\"target-kind\">{}</span>",
            esc_one_line(section.label()),
            w.kind_note(w.section)
        ),
        Target::Unknown(id) => format!("<code>{}</code>", esc(id)),
    }
}

/// The check results: one block per kind of problem, saying in the
/// report's language what is wrong and naming the boxes, work items and
/// KPIs concerned; codes, the tool's own message and the position in the
/// file are in a collapsed detail of each line.
pub(super) fn checks_section(
    out: &mut String,
    names: &Names<'_>,
    diagnostics: &[Diagnostic],
    w: &Words,
    part: Part,
) {
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        part.anchor(),
        part.heading(w)
    );
    check_groups(out, names, diagnostics, w, false);
    out.push_str("</section>\n");
}

/// The blocks of [`checks_section`], without the section; `open` opens
/// every detail (the preview's list of load problems).
pub(super) fn check_groups(
    out: &mut String,
    names: &Names<'_>,
    diagnostics: &[Diagnostic],
    w: &Words,
    open: bool,
) {
    if diagnostics.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", w.no_problems);
        return;
    }
    for group in checks::group(diagnostics) {
        let severity = group.severity.as_str();
        let _ = write!(
            out,
            "<div class=\"check-group {severity}\" data-code=\"{}\">\n<h3><span class=\"badge sev-{severity}\">{}</span> {} <span class=\"count\">{}</span></h3>\n<ul class=\"check-items\">\n",
            group.code,
            w.severity_word(group.severity),
            esc(&w.explain(group.code)),
            w.count(group.diagnostics.len())
        );
        for d in &group.diagnostics {
            let targets = names.targets(d);
            let text = if targets.is_empty() {
                esc(d.message())
            } else {
                let separator = if checks::joins_with_arrow(d.code()) {
                    " → "
                } else if w.japanese {
                    "、"
                } else {
                    ", "
                };
                targets
                    .iter()
                    .map(|t| target_html(t, w))
                    .collect::<Vec<_>>()
                    .join(separator)
            };
            let location = d.location();
            let _ = write!(
                out,
                "<li>{text} <details class=\"technical\"{}><summary>{}</summary><dl><dt>{}</dt><dd><code>{}</code></dd><dt>{}</dt><dd>{}</dd>",
                if open { " open" } else { "" },
                w.technical_details,
                w.code,
                d.code(),
                w.message,
                esc(d.message())
            );
            if let Some(help) = d.help() {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", w.help, esc(help));
            }
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd></dl></details></li>",
                w.position,
                w.line_column(location.line, location.column)
            );
        }
        out.push_str("</ul>\n</div>\n");
    }
}

fn coverage_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        Part::Coverage.anchor(),
        w.coverage
    );
    let coverage = match analysis::coverage(model) {
        Ok(coverage) => coverage,
        Err(too_large) => {
            let _ = writeln!(out, "<p>{}</p>\n</section>", esc(&too_large.to_string()));
            return;
        }
    };
    // A matrix is readable up to a few thousand cells; beyond that (and to
    // keep the file linear in the model) each activity lists the impacts it
    // reaches.
    const MATRIX_CELLS: usize = 20_000;
    let cells = coverage
        .impacts()
        .len()
        .saturating_mul(coverage.activities().len());
    if coverage.impacts().is_empty() || coverage.activities().is_empty() {
        let _ = writeln!(out, "<p>{}</p>", w.none);
    } else if cells > MATRIX_CELLS {
        let _ = writeln!(out, "<p>{}</p>\n<ul class=\"compact\">", w.paths_legend);
        for (row, &activity) in coverage.activities().iter().enumerate() {
            let reached: Vec<String> = coverage
                .row(row)
                .iter()
                .map(|&(column, count)| {
                    let impact = model.node(coverage.impacts()[column]);
                    format!(
                        "<a href=\"#detail-{}\">{}</a> ({count})",
                        esc(impact.id().as_str()),
                        esc_one_line(impact.label())
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<li><a href=\"#detail-{}\">{}</a> → {}</li>",
                esc(model.node(activity).id().as_str()),
                esc_one_line(model.node(activity).label()),
                if reached.is_empty() {
                    w.none.to_owned()
                } else {
                    reached.join(", ")
                }
            );
        }
        let _ = writeln!(out, "</ul>");
    } else {
        let _ = write!(
            out,
            "<p>{}</p>\n<div class=\"table-scroll\"><table class=\"matrix\">\n<thead><tr><th>{}</th>",
            w.paths_legend, w.activity
        );
        for (i, &impact) in coverage.impacts().iter().enumerate() {
            let _ = write!(
                out,
                "<th scope=\"col\" title=\"{}\"><a href=\"#detail-{}\">I{}</a></th>",
                esc(model.node(impact).label()),
                esc(model.node(impact).id().as_str()),
                i + 1
            );
        }
        let _ = writeln!(out, "</tr></thead>\n<tbody>");
        for (row, &activity) in coverage.activities().iter().enumerate() {
            let _ = write!(
                out,
                "<tr><th scope=\"row\" class=\"row\"><a href=\"#detail-{}\">{}</a></th>",
                esc(model.node(activity).id().as_str()),
                esc_lines(model.node(activity).label())
            );
            for column in 0..coverage.impacts().len() {
                let count = coverage.path_count(row, column);
                if count == 0 {
                    out.push_str("<td></td>");
                } else {
                    let _ = write!(out, "<td>{count}</td>");
                }
            }
            let _ = writeln!(out, "</tr>");
        }
        let _ = writeln!(
            out,
            "</tbody>\n</table></div>\n<ol class=\"compact impacts\">"
        );
        for &impact in coverage.impacts() {
            let _ = writeln!(out, "<li>{}</li>", esc_one_line(model.node(impact).label()));
        }
        let _ = writeln!(out, "</ol>");
    }
    let without_impact: Vec<_> = coverage.activities_without_impact().collect();
    let without_activity: Vec<_> = coverage.impacts_without_activity().collect();
    for (title, list) in [
        (w.activities_without_impact, &without_impact),
        (w.impacts_without_activity, &without_activity),
    ] {
        let _ = write!(out, "<h3>{title}</h3>");
        if list.is_empty() {
            let _ = writeln!(out, "<p>{}</p>", w.none);
        } else {
            let items: Vec<String> = list
                .iter()
                .map(|&n| {
                    format!(
                        "<li><a href=\"#detail-{}\">{}</a></li>",
                        esc(model.node(n).id().as_str()),
                        esc_one_line(model.node(n).label())
                    )
                })
                .collect();
            let _ = writeln!(out, "<ul class=\"compact\">{}</ul>", items.join(""));
        }
    }
    let _ = writeln!(out, "</section>");
}

/// The work items: who, today and the aim, the schedule by fiscal year
/// and the progress notes. On phones each row becomes a card.
fn work_items_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        Part::WorkItems.anchor(),
        w.schedule
    );
    if model.work_items().is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</section>", w.none);
        return;
    }
    let years = schedule_years(model);
    let year_columns = years.len() <= MAX_YEAR_COLUMNS;
    let has_current = model.work_items().iter().any(|i| i.current.is_some());
    let has_ideal = model.work_items().iter().any(|i| i.ideal.is_some());
    let _ = write!(
        out,
        "<div class=\"table-scroll\"><table class=\"stack work-items\">\n<thead><tr><th>{}</th><th>{}</th>",
        w.work_item, w.owners
    );
    if has_current {
        let _ = write!(out, "<th>{}</th>", w.current);
    }
    if has_ideal {
        let _ = write!(out, "<th>{}</th>", w.ideal);
    }
    if year_columns {
        for year in &years {
            let _ = write!(out, "<th class=\"year\">{year}</th>");
        }
    } else {
        let _ = write!(out, "<th>{}</th>", w.schedule);
    }
    let _ = writeln!(out, "<th>{}</th></tr></thead>\n<tbody>", w.progress_notes);
    for item in model.work_items() {
        let new = if item.new_in_revision {
            format!(" <span class=\"badge\">{}</span>", w.new_in_revision)
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "<tr id=\"work-item-{}\"><td>{}{}</td><td data-label=\"{}\">{}</td>",
            esc(item.id().as_str()),
            esc(&item.title),
            new,
            w.owners,
            esc(&item.owners.join("、"))
        );
        if has_current {
            let _ = write!(
                out,
                "<td data-label=\"{}\">{}</td>",
                w.current,
                item.current.as_deref().map(esc_lines).unwrap_or_default()
            );
        }
        if has_ideal {
            let _ = write!(
                out,
                "<td data-label=\"{}\">{}</td>",
                w.ideal,
                item.ideal.as_deref().map(esc_lines).unwrap_or_default()
            );
        }
        let steps_of = |steps: &[String]| {
            steps
                .iter()
                .map(|s| esc_lines(s))
                .collect::<Vec<_>>()
                .join("<br>")
        };
        if year_columns {
            for year in &years {
                let steps = item
                    .schedule
                    .iter()
                    .find(|(y, _)| y == year)
                    .map(|(_, steps)| steps_of(steps))
                    .unwrap_or_default();
                let _ = write!(out, "<td class=\"year\" data-label=\"{year}\">{steps}</td>");
            }
        } else {
            let all: Vec<String> = item
                .schedule
                .iter()
                .map(|(year, steps)| format!("{year}: {}", steps_of(steps)))
                .collect();
            let _ = write!(
                out,
                "<td data-label=\"{}\">{}</td>",
                w.schedule,
                all.join("<br>")
            );
        }
        let progress: Vec<String> = item.progress.iter().map(|p| esc_lines(p)).collect();
        let _ = writeln!(
            out,
            "<td data-label=\"{}\">{}</td></tr>",
            w.progress_notes,
            progress.join("<br>")
        );
    }
    let _ = writeln!(out, "</tbody>\n</table></div>\n</section>");
}

/// Every box: on screen an article each (the panel shows them, and without
/// JavaScript a click on a box jumps to them); in print one compact table.
pub(super) fn details_section(
    out: &mut String,
    model: &Model,
    diagnostics: &[Diagnostic],
    w: &Words,
) {
    let japanese = w.japanese;
    let _ = writeln!(
        out,
        "<section id=\"{}\">\n<h2>{}</h2>",
        Part::Details.anchor(),
        w.details
    );
    let issue_index = crate::render::IssueIndex::new(diagnostics);
    for (index, node) in model.nodes() {
        let section = node
            .section_index()
            .map(|s| model.sections()[s].label().to_owned())
            .unwrap_or_default();
        let _ = write!(
            out,
            "<article class=\"node-detail\" id=\"detail-{}\">\n<h3>{}</h3>\n<p class=\"kind\">{} · <code>{}</code>{}</p>\n",
            esc(node.id().as_str()),
            esc_lines(node.label()),
            stage_name(node.stage(), japanese),
            esc(node.id().as_str()),
            if section.is_empty() { String::new() } else { format!(" · {}", esc(&section)) }
        );
        if let Some(d) = node.description() {
            let _ = writeln!(out, "<p>{}</p>", esc_lines(d));
        }
        links(out, model, index, w);
        for item in model.work_items_of(index) {
            let _ = write!(
                out,
                "<h4>{}: {}</h4>\n<dl class=\"kv\">",
                w.work_item,
                esc(&item.title)
            );
            if !item.owners.is_empty() {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    w.owners,
                    esc(&item.owners.join("、"))
                );
            }
            if let Some(c) = &item.current {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", w.current, esc_lines(c));
            }
            if let Some(i) = &item.ideal {
                let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", w.ideal, esc_lines(i));
            }
            for (year, steps) in &item.schedule {
                let _ = write!(
                    out,
                    "<dt>{year}</dt><dd>{}</dd>",
                    steps.iter().map(|s| esc(s)).collect::<Vec<_>>().join(" / ")
                );
            }
            if !item.progress.is_empty() {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    w.progress_notes,
                    item.progress
                        .iter()
                        .map(|s| esc(s))
                        .collect::<Vec<_>>()
                        .join("<br>")
                );
            }
            let _ = writeln!(out, "</dl>");
        }
        let kpis: Vec<_> = model.kpis_of(index).collect();
        if !kpis.is_empty() {
            let _ = writeln!(out, "<ul class=\"compact kpis\">");
            for kpi in kpis {
                let status = analysis::kpi_status(kpi);
                let progress = analysis::progress_percent(kpi)
                    .map(|p| format!(" {}", progress_bar(p)))
                    .unwrap_or_default();
                let target = if kpi.target.is_some() {
                    format_measurement(kpi.target, kpi, w)
                } else {
                    kpi.target_words()
                        .map_or_else(|| w.none.to_owned(), str::to_owned)
                };
                let _ = writeln!(
                    out,
                    "<li>{} — {}: {}{} <span class=\"badge status-{}\">{}</span></li>",
                    esc(&kpi.indicator),
                    w.target,
                    esc(&target),
                    progress,
                    status.as_str(),
                    esc(super::status_label(status, japanese))
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        let issues = issue_index.of(node.id().as_str());
        if !issues.is_empty() {
            let _ = writeln!(out, "<ul class=\"compact issues\">");
            for d in issues {
                let _ = writeln!(
                    out,
                    "<li><span class=\"badge sev-{}\">{}</span> {}</li>",
                    d.severity().as_str(),
                    w.severity_word(d.severity()),
                    esc(&w.explain(d.code()))
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "</article>");
    }
    details_table(out, model, &issue_index, w);
    let _ = writeln!(out, "</section>");
}

/// Print only: the boxes as one table, a group of rows per section.
fn details_table(
    out: &mut String,
    model: &Model,
    issues: &crate::render::IssueIndex<'_>,
    w: &Words,
) {
    let _ = write!(
        out,
        "<table class=\"print-only details-table\" aria-hidden=\"true\">\n<colgroup><col class=\"box\"><col class=\"stage\"><col class=\"leads-to\"><col class=\"work-items\"><col class=\"kpis\"></colgroup>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n",
        w.box_heading,
        w.stage,
        w.leads_to,
        w.work_items,
        w.kpis
    );
    // Rows grouped by section in section order, then the boxes without one.
    let mut order: Vec<(Option<usize>, Vec<NodeIndex>)> = (0..model.sections().len())
        .map(|s| (Some(s), Vec::new()))
        .collect();
    order.push((None, Vec::new()));
    for (index, node) in model.nodes() {
        let slot = node.section_index().unwrap_or(model.sections().len());
        if let Some((_, nodes)) = order.get_mut(slot) {
            nodes.push(index);
        }
    }
    for (section, nodes) in order {
        if nodes.is_empty() {
            continue;
        }
        out.push_str("<tbody>");
        if let Some(s) = section {
            let _ = write!(
                out,
                "<tr><th colspan=\"5\">{}</th></tr>",
                esc_one_line(model.sections()[s].label())
            );
        }
        for index in nodes {
            let node = model.node(index);
            let leads_to: Vec<String> = model
                .outgoing(index)
                .map(|e| esc_one_line(model.node(e.to).label()))
                .collect();
            let items: Vec<String> = model
                .work_items_of(index)
                .map(|item| {
                    if item.owners.is_empty() {
                        esc(&item.title)
                    } else {
                        format!("{}（{}）", esc(&item.title), esc(&item.owners.join("、")))
                    }
                })
                .collect();
            let kpis: Vec<String> = model
                .kpis_of(index)
                .map(|kpi| esc_one_line(&kpi.indicator))
                .collect();
            let worst = issues
                .of(node.id().as_str())
                .iter()
                .map(|d| d.severity())
                .min();
            let flag = match worst {
                Some(severity) => format!(
                    " <span class=\"badge sev-{}\">{}</span>",
                    severity.as_str(),
                    w.severity_word(severity)
                ),
                None => String::new(),
            };
            let separator = if w.japanese { "、" } else { "; " };
            let _ = writeln!(
                out,
                "<tr><td>{}{flag}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc_one_line(node.label()),
                stage_name(node.stage(), w.japanese),
                leads_to.join(separator),
                items.join(separator),
                kpis.join(separator)
            );
        }
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
}

fn links(out: &mut String, model: &Model, index: NodeIndex, w: &Words) {
    for (title, outgoing) in [(w.comes_from, false), (w.leads_to, true)] {
        let edges: Vec<_> = if outgoing {
            model.outgoing(index).collect()
        } else {
            model.incoming(index).collect()
        };
        if edges.is_empty() || (!outgoing && model.node(index).kind() == NodeKind::Assumption) {
            continue;
        }
        let _ = write!(
            out,
            "<p><strong>{title}:</strong></p><ul class=\"compact\">"
        );
        for edge in edges {
            let other = if outgoing { edge.to } else { edge.from };
            let node = model.node(other);
            let _ = write!(
                out,
                "<li><a href=\"#detail-{}\">{}</a>",
                esc(node.id().as_str()),
                esc_one_line(node.label())
            );
            let info = edge.info;
            let mut notes = Vec::new();
            if let Some(r) = info.rationale() {
                notes.push(format!("{}: {}", w.rationale, esc(r)));
            }
            if let Some(e) = info.evidence() {
                notes.push(format!("{}: {}", w.evidence, esc(e)));
            }
            if let Some(c) = info.confidence() {
                notes.push(format!("{}: {}", w.confidence, c));
            }
            if !notes.is_empty() {
                let _ = write!(out, "<br><small>{}</small>", notes.join(" · "));
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>\n");
    }
}
