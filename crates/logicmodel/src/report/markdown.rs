//! The Markdown report, for wikis and GitHub: the same parts as the HTML
//! report ([`Part::REPORT`]), with the diagram as an image file beside it.
//! Every model text goes through [`crate::escape::markdown`], the escaper
//! the CLI's Markdown tables use too.

use std::fmt::Write as _;

use super::checks::{self, Names, Target};
use super::words::{words_for, Words};
use super::{format_measurement, schedule_years, Part, MAX_YEAR_COLUMNS};
use crate::analysis;
use crate::diagnostic::Diagnostic;
use crate::diff::Since;
use crate::escape::markdown as md;
use crate::model::Model;
use crate::render::stage_name;

/// Writes the Markdown report of `model`; `diagram_file` is the name of the
/// SVG written beside it (the CLI writes both).
///
/// ```
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club *1*", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let text = logicmodel::report::markdown(&model, &model.check(), "club.svg");
/// assert!(text.starts_with("# Club \\*1\\*\n"));
/// assert!(text.contains("](club.svg)"));
/// ```
pub fn markdown(model: &Model, diagnostics: &[Diagnostic], diagram_file: &str) -> String {
    markdown_report(model, diagnostics, diagram_file, None)
}

/// Writes the Markdown report of `model` with a "changes since …" section
/// after the diagram (whose SVG the caller draws with
/// [`Since::marks`](crate::diff::Since)).
pub fn markdown_since(
    model: &Model,
    diagnostics: &[Diagnostic],
    diagram_file: &str,
    since: &Since,
) -> String {
    markdown_report(model, diagnostics, diagram_file, Some(since))
}

fn markdown_report(
    model: &Model,
    diagnostics: &[Diagnostic],
    diagram_file: &str,
    since: Option<&Since>,
) -> String {
    let w = words_for(model);
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(model.title()));
    let meta = super::meta_parts(model, w, md);
    if !meta.is_empty() {
        let _ = writeln!(out, "{}\n", meta.join(" · "));
    }
    if let Some(d) = model.description() {
        let _ = writeln!(out, "{}\n", md(d));
    }
    if !model.context().is_empty() {
        let _ = writeln!(out, "**{}**\n", w.context);
        for item in model.context() {
            let _ = writeln!(out, "- {}", md(item));
        }
        out.push('\n');
    }
    let names = Names::new(Some(model));
    for part in Part::REPORT {
        let _ = writeln!(out, "## {}\n", part.heading(w));
        match part {
            Part::Diagram => {
                let _ = writeln!(
                    out,
                    "![{}]({})\n",
                    md(model.title()),
                    link_target(diagram_file)
                );
                if let Some(since) = since {
                    out.push_str(&since.markdown(2));
                }
            }
            Part::Kpis => kpis(&mut out, model, w),
            Part::Checks => check_results(&mut out, &names, diagnostics, w),
            Part::Coverage => coverage(&mut out, model, w),
            Part::WorkItems => work_items(&mut out, model, w),
            // The Markdown report stays a summary: the boxes are in the diagram.
            Part::Details => details(&mut out, model, w),
        }
    }
    let _ = writeln!(out, "---\n\n{}", w.generated);
    out
}

/// A file name as a link destination: percent-encoded where Markdown
/// would end or misread it.
fn link_target(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        match c {
            ' ' => out.push_str("%20"),
            '(' => out.push_str("%28"),
            ')' => out.push_str("%29"),
            '<' => out.push_str("%3C"),
            '>' => out.push_str("%3E"),
            '\\' => out.push_str("%5C"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

fn kpis(out: &mut String, model: &Model, w: &Words) {
    if model.kpis().is_empty() {
        let _ = writeln!(out, "{}\n", w.none);
        return;
    }
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---|---|",
        w.indicator, w.baseline, w.target, w.latest, w.progress, w.status, w.work_items
    );
    for row in analysis::kpi_reports(model) {
        let kpi = row.kpi;
        let target = super::target_cell(kpi, w);
        let items: Vec<String> = row.work_items.iter().map(|i| md(&i.title)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} |",
            match &kpi.source {
                Some(source) => format!(
                    "{}<br>{}: {}",
                    md(&kpi.indicator),
                    w.data_source,
                    md(source)
                ),
                None => md(&kpi.indicator),
            },
            md(&format_measurement(kpi.baseline, kpi, w)),
            md(&target),
            md(&format_measurement(kpi.latest_actual(), kpi, w)),
            row.progress_percent
                .map_or("—".to_owned(), |p| format!("{p:.0}%")),
            super::status_label(row.status, w.japanese),
            items.join("<br>")
        );
    }
    out.push('\n');
}

fn target_text(target: &Target<'_, '_>, w: &Words) -> String {
    let (name, kind) = match target {
        Target::Node(node) => (node.label(), stage_name(node.stage(), w.japanese)),
        Target::WorkItem(item) => (item.title.as_str(), w.work_item),
        Target::Kpi(kpi) => (kpi.indicator.as_str(), w.kpi),
        Target::Section(section) => (section.label(), w.section),
        Target::Unknown(id) => return md(id),
    };
    format!("{}{}", md(&checks::one_line(name)), w.kind_note(kind))
}

/// The check results, grouped as in the HTML report; the codes, messages
/// and positions of each group in a collapsed `<details>` block (GitHub,
/// GitLab and most wikis render it).
fn check_results(out: &mut String, names: &Names<'_>, diagnostics: &[Diagnostic], w: &Words) {
    if diagnostics.is_empty() {
        let _ = writeln!(out, "{}\n", w.no_problems);
        return;
    }
    for group in checks::group(diagnostics) {
        let _ = writeln!(
            out,
            "### {}: {}（{}）\n",
            w.severity_word(group.severity),
            md(&w.explain(group.code)),
            w.count(group.diagnostics.len())
        );
        for d in &group.diagnostics {
            let targets = names.targets(d);
            if targets.is_empty() {
                let _ = writeln!(out, "- {}", md(d.message()));
            } else {
                let separator = if checks::joins_with_arrow(d.code()) {
                    " → "
                } else if w.japanese {
                    "、"
                } else {
                    ", "
                };
                let text: Vec<String> = targets.iter().map(|t| target_text(t, w)).collect();
                let _ = writeln!(out, "- {}", text.join(separator));
            }
        }
        let _ = writeln!(
            out,
            "\n<details><summary>{}</summary>\n\n| {} | {} | {} |\n|---|---|---|",
            w.technical_details, w.code, w.message, w.position
        );
        for d in &group.diagnostics {
            let mut message = md(d.message());
            if let Some(help) = d.help() {
                let _ = write!(message, "<br>{}: {}", w.help, md(help));
            }
            let _ = writeln!(
                out,
                "| `{}` | {} | {} |",
                d.code(),
                message,
                w.line_column(d.location().line, d.location().column)
            );
        }
        out.push_str("\n</details>\n\n");
    }
}

fn coverage(out: &mut String, model: &Model, w: &Words) {
    let coverage = match analysis::coverage(model) {
        Ok(coverage) => coverage,
        Err(too_large) => {
            let _ = writeln!(out, "{}\n", md(&too_large.to_string()));
            return;
        }
    };
    let cells = coverage
        .impacts()
        .len()
        .saturating_mul(coverage.activities().len());
    if cells > 20_000 {
        // Too large for a readable table: each activity lists what it reaches.
        let _ = writeln!(out, "{}\n", w.paths_legend);
        for (row, &activity) in coverage.activities().iter().enumerate() {
            let reached: Vec<String> = coverage
                .row(row)
                .iter()
                .map(|&(column, count)| {
                    format!(
                        "{} ({count})",
                        md(&checks::one_line(
                            model.node(coverage.impacts()[column]).label()
                        ))
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "- {} → {}",
                md(&checks::one_line(model.node(activity).label())),
                if reached.is_empty() {
                    w.none.to_owned()
                } else {
                    reached.join(", ")
                }
            );
        }
        out.push('\n');
    } else if !coverage.impacts().is_empty() && !coverage.activities().is_empty() {
        let _ = writeln!(out, "{}\n", w.paths_legend);
        let _ = write!(out, "| {} |", w.activity);
        for i in 0..coverage.impacts().len() {
            let _ = write!(out, " I{} |", i + 1);
        }
        let _ = write!(out, "\n|---|");
        for _ in coverage.impacts() {
            out.push_str(":---:|");
        }
        out.push('\n');
        for (row, &activity) in coverage.activities().iter().enumerate() {
            let _ = write!(out, "| {} |", md(model.node(activity).label()));
            for column in 0..coverage.impacts().len() {
                let count = coverage.path_count(row, column);
                if count == 0 {
                    out.push_str("  |");
                } else {
                    let _ = write!(out, " {count} |");
                }
            }
            out.push('\n');
        }
        out.push('\n');
        for (i, &impact) in coverage.impacts().iter().enumerate() {
            let _ = writeln!(
                out,
                "- I{}: {}",
                i + 1,
                md(&checks::one_line(model.node(impact).label()))
            );
        }
        out.push('\n');
    }
    let without_impact: Vec<_> = coverage.activities_without_impact().collect();
    let without_activity: Vec<_> = coverage.impacts_without_activity().collect();
    for (title, list) in [
        (w.activities_without_impact, &without_impact),
        (w.impacts_without_activity, &without_activity),
    ] {
        let _ = writeln!(out, "### {title}\n");
        if list.is_empty() {
            let _ = writeln!(out, "{}\n", w.none);
        } else {
            for &n in list.iter() {
                let _ = writeln!(out, "- {}", md(&checks::one_line(model.node(n).label())));
            }
            out.push('\n');
        }
    }
}

fn work_items(out: &mut String, model: &Model, w: &Words) {
    if model.work_items().is_empty() {
        let _ = writeln!(out, "{}\n", w.none);
        return;
    }
    let years = schedule_years(model);
    let year_columns = years.len() <= MAX_YEAR_COLUMNS;
    let _ = write!(out, "| {} | {} |", w.work_item, w.owners);
    let mut columns = 2;
    if year_columns {
        for year in &years {
            let _ = write!(out, " {year} |");
        }
        columns += years.len();
    } else {
        let _ = write!(out, " {} |", w.schedule);
        columns += 1;
    }
    let _ = writeln!(out, " {} |", w.progress_notes);
    columns += 1;
    out.push('|');
    for _ in 0..columns {
        out.push_str("---|");
    }
    out.push('\n');
    for item in model.work_items() {
        let new = if item.new_in_revision {
            format!("（{}）", w.new_in_revision)
        } else {
            String::new()
        };
        let _ = write!(
            out,
            "| {}{new} | {} |",
            md(&item.title),
            md(&item.owners.join("、"))
        );
        let steps_of =
            |steps: &[String]| steps.iter().map(|s| md(s)).collect::<Vec<_>>().join("<br>");
        if year_columns {
            for year in &years {
                let steps = item
                    .schedule
                    .iter()
                    .find(|(y, _)| y == year)
                    .map(|(_, steps)| steps_of(steps))
                    .unwrap_or_default();
                let _ = write!(out, " {steps} |");
            }
        } else {
            let all: Vec<String> = item
                .schedule
                .iter()
                .map(|(year, steps)| format!("{year}: {}", steps_of(steps)))
                .collect();
            let _ = write!(out, " {} |", all.join("<br>"));
        }
        let progress: Vec<String> = item.progress.iter().map(|p| md(p)).collect();
        let _ = writeln!(out, " {} |", progress.join("<br>"));
    }
    out.push('\n');
}

/// Every box in one table: its stage, what it leads to, its work items and KPIs.
fn details(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        w.box_heading, w.stage, w.leads_to, w.work_items, w.kpis
    );
    let separator = if w.japanese { "、" } else { "; " };
    for (index, node) in model.nodes() {
        let leads_to: Vec<String> = model
            .outgoing(index)
            .map(|e| md(&checks::one_line(model.node(e.to).label())))
            .collect();
        let items: Vec<String> = model.work_items_of(index).map(|i| md(&i.title)).collect();
        let kpis: Vec<String> = model.kpis_of(index).map(|k| md(&k.indicator)).collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            md(&checks::one_line(node.label())),
            stage_name(node.stage(), w.japanese),
            leads_to.join(separator),
            items.join(separator),
            kpis.join(separator)
        );
    }
    out.push('\n');
}
