//! The self-contained HTML report.

use std::fmt::Write as _;

use petgraph::graph::NodeIndex;

use super::words::{words_for, Words};
use super::{format_measurement, schedule_years};
use crate::analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Model, NodeKind};
use crate::render::{self, stage_name, DiagramOptions, SvgOptions};

/// Escapes text for HTML content and attribute values; drops characters
/// HTML forbids (C0 controls other than tab and newline).
pub(crate) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escaped text with line breaks as `<br>`.
fn esc_lines(text: &str) -> String {
    esc(text).replace('\n', "<br>")
}

const STYLE: &str = r###"
:root { --ink: #1a1a1a; --muted: #4d4d4d; --line: #d0d0d0; --band: #f5f5f5; --accent: #00588a;
  font-family: "Noto Sans CJK JP", "Noto Sans JP", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Yu Gothic", Meiryo, system-ui, sans-serif; }
body { margin: 0; color: var(--ink); background: #fff; line-height: 1.6; }
header, nav, main > section, footer { max-width: 84rem; margin: 0 auto; padding: 0 1.5rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; border-bottom: 3px solid var(--accent); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
.meta { color: var(--muted); margin: 0; }
nav ol { columns: 2; padding-left: 1.2rem; }
a { color: var(--accent); }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .8rem 0; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.diagram-scroll { overflow: auto; max-height: 80vh; border: 1px solid var(--line); }
.diagram-scroll svg { display: block; }
svg g.node { cursor: pointer; }
svg g.node:focus rect, svg a:focus rect { stroke: #000; stroke-width: 3; }
svg.focused g.node:not(.on-chain) { opacity: .25; }
svg.focused g.edge:not(.on-chain) { opacity: .1; }
svg.focused g.edge.on-chain path { stroke: #00588a; }
svg.focused g.edge.on-chain path.arrowhead { fill: #00588a; }
svg g.node.selected rect { stroke: #000; stroke-width: 3.5; }
#panel { position: fixed; right: 1rem; top: 1rem; width: min(26rem, 92vw); max-height: 90vh; overflow: auto;
  background: #fff; border: 2px solid var(--accent); border-radius: 6px; padding: 1rem; box-shadow: 0 4px 18px rgba(0,0,0,.25); z-index: 10; }
#panel[hidden] { display: none; }
#panel .close { float: right; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 3px; font-size: .8rem; border: 1px solid currentColor; white-space: nowrap; }
.sev-error { color: #b00000; } .sev-warning { color: #8a4b00; }
.status-achieved { color: #006b4e; } .status-on-track { color: #00588a; } .status-behind { color: #b00000; }
.status-no-data, .status-undecided { color: #4d4d4d; }
.bar { width: 7rem; height: .7rem; background: #e4e4e4; border-radius: 2px; display: inline-block; vertical-align: middle; margin-right: .3rem; }
.bar > span { display: block; height: 100%; background: #0072b2; border-radius: 2px; }
.node-detail { border: 1px solid var(--line); border-left: 6px solid var(--accent); border-radius: 4px; padding: .7rem 1rem; margin: .8rem 0; break-inside: avoid; }
.node-detail:target { outline: 3px solid #c25e00; }
.kind { color: var(--muted); font-size: .85rem; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: .1rem .8rem; margin: .3rem 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; }
ul.compact { margin: .2rem 0; padding-left: 1.2rem; }
footer { color: var(--muted); font-size: .85rem; padding-bottom: 2rem; margin-top: 2rem; }
.matrix td { text-align: center; }
.matrix th.row { text-align: left; font-weight: normal; background: #fafafa; }
@page { size: A3 landscape; margin: 10mm; }
@media print {
  nav, #panel, .hint, .noprint { display: none !important; }
  .diagram-scroll { overflow: visible; max-height: none; border: 0; }
  .diagram-scroll svg { width: 100%; height: auto; }
  header, main > section, footer { max-width: none; }
  main > section { break-before: page; }
  main > section#diagram { break-before: avoid; }
  a { color: inherit; text-decoration: none; }
}
"###;

const SCRIPT: &str = r###"
(function () {
  "use strict";
  var svg = document.querySelector("#diagram svg");
  var panel = document.getElementById("panel");
  if (!svg || !panel) { return; }
  var body = panel.querySelector(".panel-body");
  var edges = Array.prototype.map.call(svg.querySelectorAll("g.edge"), function (g) {
    return { from: g.getAttribute("data-from"), to: g.getAttribute("data-to"), el: g };
  });
  var down = {}, up = {};
  edges.forEach(function (e) {
    (down[e.from] = down[e.from] || []).push(e.to);
    (up[e.to] = up[e.to] || []).push(e.from);
  });
  function reach(start, adjacency) {
    var seen = {}; seen[start] = true;
    var queue = [start];
    while (queue.length) {
      var n = queue.shift();
      (adjacency[n] || []).forEach(function (m) { if (!seen[m]) { seen[m] = true; queue.push(m); } });
    }
    return seen;
  }
  function clear() {
    svg.classList.remove("focused");
    svg.querySelectorAll("g.node, g.edge").forEach(function (g) { g.classList.remove("on-chain", "selected"); });
    panel.hidden = true;
  }
  function select(id) {
    var after = reach(id, down), before = reach(id, up);
    svg.classList.add("focused");
    svg.querySelectorAll("g.node").forEach(function (g) {
      var nid = g.getAttribute("data-id");
      g.classList.toggle("on-chain", !!(after[nid] || before[nid]));
      g.classList.toggle("selected", nid === id);
    });
    edges.forEach(function (e) {
      var on = (after[e.from] && after[e.to]) || (before[e.from] && before[e.to]);
      e.el.classList.toggle("on-chain", !!on);
    });
    var detail = document.getElementById("detail-" + id);
    body.innerHTML = detail ? detail.innerHTML : "";
    panel.hidden = false;
    panel.setAttribute("data-node", id);
  }
  // A pointer event lands inside the box's g.node; a keyboard event (and the
  // click that Enter makes) lands on the focused <a> that wraps it.
  function nodeOf(target) {
    if (!target.closest) { return null; }
    var link = target.closest("a");
    return target.closest("g.node") || (link && link.querySelector("g.node"));
  }
  svg.addEventListener("click", function (event) {
    var node = nodeOf(event.target);
    if (!node) { clear(); return; }
    event.preventDefault();
    select(node.getAttribute("data-id"));
  });
  svg.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") { return; }
    var node = nodeOf(event.target);
    if (node) { event.preventDefault(); select(node.getAttribute("data-id")); }
  });
  panel.querySelector(".close").addEventListener("click", clear);
  document.addEventListener("keydown", function (event) { if (event.key === "Escape") { clear(); } });
})();
"###;

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
    let w = words_for(model);
    let lang = model.language().map_or("en", |l| l.as_str());
    let mut out = String::with_capacity(256 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"logicmodel\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        esc(lang),
        esc(model.title())
    );
    header(&mut out, model, diagnostics, w);
    let _ = write!(
        out,
        "<nav aria-label=\"{0}\"><h2>{0}</h2><ol><li><a href=\"#diagram\">{1}</a></li><li><a href=\"#checks\">{2}</a></li><li><a href=\"#kpis\">{3}</a></li><li><a href=\"#coverage\">{4}</a></li><li><a href=\"#schedule\">{5}</a></li><li><a href=\"#details\">{6}</a></li></ol></nav>\n<main>\n",
        w.contents, w.diagram, w.checks, w.kpis, w.coverage, w.schedule, w.details
    );
    diagram_section(&mut out, model, diagnostics, w);
    checks_section(&mut out, diagnostics, w);
    kpi_section(&mut out, model, w);
    coverage_section(&mut out, model, w);
    schedule_section(&mut out, model, w);
    details_section(&mut out, model, diagnostics, w);
    let _ = write!(
        out,
        "</main>\n<footer><p>{}</p></footer>\n<div id=\"panel\" role=\"dialog\" aria-label=\"{}\" hidden><button type=\"button\" class=\"close\">{}</button><div class=\"panel-body\"></div></div>\n<script>{SCRIPT}</script>\n</body>\n</html>\n",
        w.generated, w.details, w.close
    );
    out
}

fn header(out: &mut String, model: &Model, diagnostics: &[Diagnostic], w: &Words) {
    let _ = write!(out, "<header>\n<h1>{}</h1>\n", esc(model.title()));
    let mut meta = Vec::new();
    if let Some(r) = model.revision() {
        meta.push(format!("{}: {}", w.revision, esc(r)));
    }
    if let Some(i) = model.issued() {
        meta.push(format!("{}: {}", w.issued, esc(i)));
    }
    if let Some(p) = model.period() {
        meta.push(format!("{}: {}–{}", w.period, p.start, p.end));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    if let Some(d) = model.description() {
        let _ = writeln!(out, "<p>{}</p>", esc_lines(d));
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    let _ = writeln!(
        out,
        "<p class=\"meta\">{}: {} {}, {} {}, {} {}, {} {}</p>\n</header>",
        w.summary,
        model.node_count(),
        w.boxes,
        model.edge_count(),
        w.arrows,
        errors,
        w.errors,
        diagnostics.len() - errors,
        w.warnings
    );
}

fn diagram_section(out: &mut String, model: &Model, diagnostics: &[Diagnostic], w: &Words) {
    let diagram = render::diagram(model, &DiagramOptions::default());
    let svg = render::svg(
        model,
        &diagram,
        &SvgOptions {
            issues: diagnostics.to_vec(),
            link_nodes: true,
            ..SvgOptions::default()
        },
    );
    let _ = write!(
        out,
        "<section id=\"diagram\">\n<h2>{}</h2>\n<p class=\"hint\">{}</p>\n<figure>\n<div class=\"diagram-scroll\">\n{}</div>\n<figcaption>{}</figcaption>\n</figure>\n</section>\n",
        w.diagram,
        w.diagram_hint,
        svg,
        esc(model.title())
    );
}

fn checks_section(out: &mut String, diagnostics: &[Diagnostic], w: &Words) {
    let _ = writeln!(out, "<section id=\"checks\">\n<h2>{}</h2>", w.checks);
    if diagnostics.is_empty() {
        let _ = writeln!(out, "<p>{}</p>", w.no_problems);
    } else {
        let _ = writeln!(
            out,
            "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
            w.severity, w.code, w.message, w.ids, w.line
        );
        for d in diagnostics {
            let ids: Vec<String> = d
                .ids()
                .iter()
                .map(|id| format!("<a href=\"#detail-{0}\">{0}</a>", esc(id)))
                .collect();
            let _ = writeln!(
                out,
                "<tr><td><span class=\"badge sev-{0}\">{0}</span></td><td><code>{1}</code></td><td>{2}</td><td>{3}</td><td class=\"num\">{4}:{5}</td></tr>",
                d.severity().as_str(),
                d.code(),
                if w.japanese {
                    format!("{}<br><small>{}</small>", super::words::code_summary_ja(d.code()), esc(d.message()))
                } else {
                    esc(d.message())
                },
                ids.join(", "),
                d.location().line,
                d.location().column
            );
        }
        let _ = writeln!(out, "</tbody>\n</table>");
    }
    let _ = writeln!(out, "</section>");
}

fn kpi_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(out, "<section id=\"kpis\">\n<h2>{}</h2>", w.kpis);
    if model.kpis().is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</section>", w.none);
        return;
    }
    let japanese = w.japanese;
    let _ = writeln!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>\n<tbody>",
        w.indicator, w.baseline, w.target, w.latest, w.progress, w.status, w.work_items
    );
    // One pass over work items and nodes (not a scan per KPI), so reports
    // of very large models stay linear.
    for row in analysis::kpi_reports(model) {
        let kpi = row.kpi;
        let status = row.status;
        let bar = match row.progress_percent {
            Some(p) => format!(
                "<span class=\"bar\" role=\"img\" aria-label=\"{0:.0}%\"><span style=\"width:{1:.0}%\"></span></span>{0:.0}%",
                p,
                p.clamp(0.0, 100.0)
            ),
            None => "—".to_owned(),
        };
        let target = if kpi.target.is_some() {
            format_measurement(kpi.target, kpi)
        } else {
            kpi.target_note.clone().unwrap_or_else(|| w.none.to_owned())
        };
        let items: Vec<String> = row.work_items.iter().map(|item| esc(&item.title)).collect();
        let _ = writeln!(
            out,
            "<tr id=\"kpi-{}\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td><span class=\"badge status-{}\">{}</span></td><td>{}</td></tr>",
            esc(kpi.id().as_str()),
            esc(&kpi.indicator),
            esc(&format_measurement(kpi.baseline, kpi)),
            esc(&target),
            esc(&format_measurement(kpi.latest_actual(), kpi)),
            bar,
            status.as_str(),
            esc(super::status_label(status, japanese)),
            items.join("<br>")
        );
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
}

fn coverage_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(out, "<section id=\"coverage\">\n<h2>{}</h2>", w.coverage);
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
                        esc(&impact.label().replace('\n', " "))
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "<li><a href=\"#detail-{}\">{}</a> → {}</li>",
                esc(model.node(activity).id().as_str()),
                esc(&model.node(activity).label().replace('\n', " ")),
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
            "<p>{}</p>\n<table class=\"matrix\">\n<thead><tr><th>{}</th>",
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
        let _ = writeln!(out, "</tbody>\n</table>\n<ol class=\"compact\">");
        for &impact in coverage.impacts() {
            let _ = writeln!(out, "<li>{}</li>", esc_lines(model.node(impact).label()));
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
                        esc(model.node(n).label())
                    )
                })
                .collect();
            let _ = writeln!(out, "<ul class=\"compact\">{}</ul>", items.join(""));
        }
    }
    let _ = writeln!(out, "</section>");
}

fn schedule_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(out, "<section id=\"schedule\">\n<h2>{}</h2>", w.schedule);
    if model.work_items().is_empty() {
        let _ = writeln!(out, "<p>{}</p>\n</section>", w.none);
        return;
    }
    let years = schedule_years(model);
    let _ = write!(
        out,
        "<table>\n<thead><tr><th>{}</th><th>{}</th>",
        w.work_item, w.owners
    );
    match &years {
        Some(years) => {
            for year in years {
                let _ = write!(out, "<th>{year}</th>");
            }
        }
        None => {
            let _ = write!(out, "<th>{}</th>", w.schedule);
        }
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
            "<tr id=\"work-item-{}\"><td>{}{}</td><td>{}</td>",
            esc(item.id().as_str()),
            esc(&item.title),
            new,
            esc(&item.owners.join("、"))
        );
        match &years {
            None => {
                let lines: Vec<String> =
                    super::schedule_lines(item).iter().map(|l| esc(l)).collect();
                let _ = write!(out, "<td>{}</td>", lines.join("<br>"));
            }
            Some(years) => {
                for year in years {
                    let steps = item
                        .schedule
                        .iter()
                        .find(|(y, _)| y == year)
                        .map(|(_, steps)| {
                            steps
                                .iter()
                                .map(|s| esc(s))
                                .collect::<Vec<_>>()
                                .join("<br>")
                        })
                        .unwrap_or_default();
                    let _ = write!(out, "<td>{steps}</td>");
                }
            }
        }
        let progress: Vec<String> = item.progress.iter().map(|p| esc(p)).collect();
        let _ = writeln!(out, "<td>{}</td></tr>", progress.join("<br>"));
    }
    let _ = writeln!(out, "</tbody>\n</table>\n</section>");
}

fn details_section(out: &mut String, model: &Model, diagnostics: &[Diagnostic], w: &Words) {
    let japanese = w.japanese;
    let _ = writeln!(out, "<section id=\"details\">\n<h2>{}</h2>", w.details);
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
                    .map(|p| {
                        format!(
                            " <span class=\"bar\" role=\"img\" aria-label=\"{0:.0}%\"><span style=\"width:{1:.0}%\"></span></span>{0:.0}%",
                            p,
                            p.clamp(0.0, 100.0)
                        )
                    })
                    .unwrap_or_default();
                let target = if kpi.target.is_some() {
                    format_measurement(kpi.target, kpi)
                } else {
                    kpi.target_note.clone().unwrap_or_else(|| w.none.to_owned())
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
                    "<li><span class=\"badge sev-{0}\">{0}</span> <code>{1}</code> {2}</li>",
                    d.severity().as_str(),
                    d.code(),
                    esc(d.message())
                );
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "</article>");
    }
    let _ = writeln!(out, "</section>");
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
                esc(&node.label().replace('\n', " "))
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
