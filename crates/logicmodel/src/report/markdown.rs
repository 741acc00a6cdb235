//! The Markdown report, for wikis and GitHub: the same sections as the HTML
//! report, with the diagram as an image file beside it.

use std::fmt::Write as _;

use super::words::{words_for, Words};
use super::{format_measurement, schedule_years};
use crate::analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;

/// Escapes text for a Markdown table cell or paragraph: no HTML, no
/// emphasis or link syntax, no line breaks inside cells.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes the Markdown report of `model`; `diagram_file` is the name of the
/// SVG written beside it (the CLI writes both).
pub fn markdown(model: &Model, diagnostics: &[Diagnostic], diagram_file: &str) -> String {
    let w = words_for(model);
    let japanese = w.japanese;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", md(model.title()));
    let mut meta = Vec::new();
    if let Some(r) = model.revision() {
        meta.push(format!("{}: {}", w.revision, md(r)));
    }
    if let Some(i) = model.issued() {
        meta.push(format!("{}: {}", w.issued, md(i)));
    }
    if let Some(p) = model.period() {
        meta.push(format!("{}: {}–{}", w.period, p.start, p.end));
    }
    if !meta.is_empty() {
        let _ = writeln!(out, "{}\n", meta.join(" · "));
    }
    if let Some(d) = model.description() {
        let _ = writeln!(out, "{}\n", md(d));
    }
    let _ = writeln!(
        out,
        "## {}\n\n![{}]({})\n",
        w.diagram,
        md(model.title()),
        diagram_file
            .replace(' ', "%20")
            .replace('(', "%28")
            .replace(')', "%29")
    );

    let _ = writeln!(out, "## {}\n", w.checks);
    if diagnostics.is_empty() {
        let _ = writeln!(out, "{}\n", w.no_problems);
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            w.severity, w.code, w.message, w.ids, w.line
        );
        for d in diagnostics {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | {} | {}:{} |",
                if d.severity() == Severity::Error {
                    "error"
                } else {
                    "warning"
                },
                d.code(),
                if w.japanese {
                    format!(
                        "{}（{}）",
                        super::words::code_summary_ja(d.code()),
                        md(d.message())
                    )
                } else {
                    md(d.message())
                },
                md(&d.ids().join(", ")),
                d.location().line,
                d.location().column
            );
        }
        out.push('\n');
    }

    let _ = writeln!(out, "## {}\n", w.kpis);
    if model.kpis().is_empty() {
        let _ = writeln!(out, "{}\n", w.none);
    } else {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |\n|---|---:|---:|---:|---:|---|",
            w.indicator, w.baseline, w.target, w.latest, w.progress, w.status
        );
        for kpi in model.kpis() {
            let status = analysis::kpi_status(kpi);
            let target = if kpi.target.is_some() {
                format_measurement(kpi.target, kpi)
            } else {
                kpi.target_note.clone().unwrap_or_default()
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                md(&kpi.indicator),
                md(&format_measurement(kpi.baseline, kpi)),
                md(&target),
                md(&format_measurement(kpi.latest_actual(), kpi)),
                analysis::progress_percent(kpi).map_or("—".to_owned(), |p| format!("{p:.0}%")),
                super::status_label(status, japanese)
            );
        }
        out.push('\n');
    }

    coverage_section(&mut out, model, w);

    let _ = writeln!(out, "## {}\n", w.schedule);
    if model.work_items().is_empty() {
        let _ = writeln!(out, "{}\n", w.none);
    } else {
        // Without year columns (too many years), one column lists them.
        let years = schedule_years(model);
        let _ = write!(out, "| {} | {} |", w.work_item, w.owners);
        match &years {
            Some(years) => {
                for year in years {
                    let _ = write!(out, " {year} |");
                }
            }
            None => {
                let _ = write!(out, " {} |", w.schedule);
            }
        }
        let _ = write!(out, " {} |\n|---|---|", w.progress_notes);
        for _ in 0..years.as_ref().map_or(1, Vec::len) {
            out.push_str("---|");
        }
        out.push_str("---|\n");
        for item in model.work_items() {
            let _ = write!(
                out,
                "| {} | {} |",
                md(&item.title),
                md(&item.owners.join("、"))
            );
            match &years {
                Some(years) => {
                    for year in years {
                        let steps = item
                            .schedule
                            .iter()
                            .find(|(y, _)| y == year)
                            .map(|(_, steps)| {
                                steps.iter().map(|s| md(s)).collect::<Vec<_>>().join("<br>")
                            })
                            .unwrap_or_default();
                        let _ = write!(out, " {steps} |");
                    }
                }
                None => {
                    let lines: Vec<String> =
                        super::schedule_lines(item).iter().map(|l| md(l)).collect();
                    let _ = write!(out, " {} |", lines.join("<br>"));
                }
            }
            let progress: Vec<String> = item.progress.iter().map(|p| md(p)).collect();
            let _ = writeln!(out, " {} |", progress.join("<br>"));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "---\n\n{}", w.generated);
    out
}

/// The coverage matrix (a list when it is large), or why it was not computed.
fn coverage_section(out: &mut String, model: &Model, w: &Words) {
    let _ = writeln!(out, "## {}\n", w.coverage);
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
                        md(model.node(coverage.impacts()[column]).label())
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "- {} → {}",
                md(model.node(activity).label()),
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
            let _ = writeln!(out, "- I{}: {}", i + 1, md(model.node(impact).label()));
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
                let _ = writeln!(out, "- {}", md(model.node(n).label()));
            }
            out.push('\n');
        }
    }
}
