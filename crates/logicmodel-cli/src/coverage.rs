//! `logicmodel coverage`: the activities × impacts matrix of path counts,
//! and the activities and impacts left unconnected.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;
use logicmodel::analysis::{self, Coverage, NodeIndex};
use logicmodel::Model;

use crate::anyhow_like::Result;
use crate::check::LintArgs;
use crate::json;
use crate::output::Output;
use crate::output::Status;
use crate::query::{self, BomArgs, TableFormat};
use crate::table::{markdown_cell, one_line, Align, Table};

/// The widest a label cell of the terminal table may be, in columns.
const MAX_CELL_WIDTH: usize = 32;

#[derive(Args, Debug)]
pub struct CoverageArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format [default: table, or what the extension of `-o` says].
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    #[command(flatten)]
    pub bom: BomArgs,
    /// Write to this file (atomically) instead of stdout: .txt, .md, .csv or .json.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

struct Words {
    title: &'static str,
    section: &'static str,
    id: &'static str,
    activity: &'static str,
    impact: &'static str,
    key: &'static str,
    legend: &'static str,
    without_impact: &'static str,
    without_activity: &'static str,
    none: &'static str,
}

const ENGLISH: Words = Words {
    title: "Paths from each activity (row) to each impact (column)",
    section: "Section",
    id: "ID",
    activity: "Activity",
    impact: "Impact",
    key: "Key",
    legend: "Impacts",
    without_impact: "Activities that reach no impact",
    without_activity: "Impacts that no activity reaches",
    none: "none",
};

const JAPANESE: Words = Words {
    title: "活動（行）からインパクト（列）への経路数",
    section: "セクション",
    id: "ID",
    activity: "活動",
    impact: "インパクト",
    key: "記号",
    legend: "凡例",
    without_impact: "インパクトに至らない活動",
    without_activity: "どの活動からも至らないインパクト",
    none: "なし",
};

pub fn run(args: &CoverageArgs) -> Result<Status> {
    let (source, status) = query::load(&args.file, &args.lints)?;
    let Some(model) = &source.loaded.model else {
        return Ok(status);
    };
    let output = query::open(args.output.as_deref())?;
    let format = query::table_format(&output, args.format)?;
    let bom = args.bom.bom(format, &output)?;
    let coverage = analysis::coverage(model).map_err(|too_large| {
        format!("cannot compute the coverage: {too_large} (docs/security.md)")
    })?;
    let japanese = query::japanese(model);
    let w = if japanese { &JAPANESE } else { &ENGLISH };
    let bytes = match format {
        TableFormat::Table => text(model, &coverage, w, japanese, Some(&output)).into_bytes(),
        TableFormat::Md => text(model, &coverage, w, japanese, None).into_bytes(),
        TableFormat::Csv => csv_table(model, &coverage, w, japanese).to_csv(bom)?,
        TableFormat::Json => {
            let mut text = json::pretty(&coverage)?;
            text.push('\n');
            text.into_bytes()
        }
    };
    output.finish(&bytes)?;
    Ok(status)
}

/// A path count for people: counts saturate at `u64::MAX`, which means
/// "at least that many", so a saturated count is written as such rather
/// than as a 20-digit number that looks exact.
pub fn path_count(count: u64, japanese: bool) -> String {
    match (count, japanese) {
        (u64::MAX, true) => "10^19 超".to_owned(),
        (u64::MAX, false) => "more than 10^19".to_owned(),
        (count, _) => count.to_string(),
    }
}

fn key(column: usize) -> String {
    format!("I{}", column + 1)
}

fn section_of(model: &Model, node: NodeIndex, japanese: bool) -> String {
    query::section_label(model, model.node(node).section_index(), japanese)
}

/// The matrix with short column keys, the legend, and the two lists, as
/// aligned text for `terminal` or, without one, as Markdown.
fn text(
    model: &Model,
    coverage: &Coverage,
    w: &Words,
    japanese: bool,
    terminal: Option<&Output>,
) -> String {
    let markdown = terminal.is_none();
    if coverage
        .activities()
        .len()
        .saturating_mul(coverage.impacts().len())
        > MATRIX_CELLS
    {
        return list(model, coverage, w, markdown);
    }
    let mut columns = vec![
        (w.section.to_owned(), Align::Left),
        (w.id.to_owned(), Align::Left),
        (w.activity.to_owned(), Align::Left),
    ];
    columns.extend((0..coverage.impacts().len()).map(|c| (key(c), Align::Right)));
    let mut matrix = Table::new(columns);
    let mut previous_section = None;
    for (row, &activity) in coverage.activities().iter().enumerate() {
        let node = model.node(activity);
        // The section is named on the first row of its group only.
        let section = node.section_index();
        let section_cell = if previous_section == Some(section) {
            String::new()
        } else {
            section_of(model, activity, japanese)
        };
        previous_section = Some(section);
        let mut cells = vec![section_cell, node.id().to_string(), node.label().to_owned()];
        let mut counts = vec![String::new(); coverage.impacts().len()];
        for &(column, count) in coverage.row(row) {
            counts[column] = path_count(count, japanese);
        }
        cells.extend(counts);
        matrix.push(cells);
    }
    let mut legend = Table::new(vec![
        (w.key.to_owned(), Align::Left),
        (w.id.to_owned(), Align::Left),
        (w.section.to_owned(), Align::Left),
        (w.impact.to_owned(), Align::Left),
    ]);
    for (column, &impact) in coverage.impacts().iter().enumerate() {
        let node = model.node(impact);
        legend.push(vec![
            key(column),
            node.id().to_string(),
            section_of(model, impact, japanese),
            node.label().to_owned(),
        ]);
    }
    let mut out = String::new();
    let heading = if markdown { "## " } else { "" };
    let table = |t: &Table| match terminal {
        Some(output) => query::table_text(t, output, MAX_CELL_WIDTH),
        None => t.to_markdown(),
    };
    let _ = writeln!(out, "{heading}{}\n", w.title);
    out.push_str(&table(&matrix));
    let _ = writeln!(out, "\n{heading}{}\n", w.legend);
    out.push_str(&table(&legend));
    let lists = [
        (
            w.without_impact,
            coverage.activities_without_impact().collect::<Vec<_>>(),
        ),
        (
            w.without_activity,
            coverage.impacts_without_activity().collect(),
        ),
    ];
    for (title, nodes) in lists {
        out.push('\n');
        if nodes.is_empty() {
            let _ = writeln!(out, "{title}: {}", w.none);
            continue;
        }
        let _ = writeln!(out, "{title}:");
        if markdown {
            out.push('\n');
        }
        for node in nodes {
            let n = model.node(node);
            let _ = if markdown {
                writeln!(
                    out,
                    "- {} ({})",
                    markdown_cell(n.label()),
                    markdown_cell(n.id().as_str())
                )
            } else {
                writeln!(
                    out,
                    "  - {} ({})",
                    one_line(n.label()),
                    one_line(n.id().as_str())
                )
            };
        }
    }
    out
}

/// The matrix for spreadsheets: impact ids as column headings and every
/// count written, 0 included, so the cells stay numbers.
fn csv_table(model: &Model, coverage: &Coverage, w: &Words, japanese: bool) -> Table {
    let mut columns = vec![
        (w.section.to_owned(), Align::Left),
        (w.id.to_owned(), Align::Left),
        (w.activity.to_owned(), Align::Left),
    ];
    columns.extend(
        coverage
            .impacts()
            .iter()
            .map(|&i| (model.node(i).id().to_string(), Align::Right)),
    );
    let mut table = Table::new(columns);
    for (row, &activity) in coverage.activities().iter().enumerate() {
        let node = model.node(activity);
        let mut cells = vec![
            section_of(model, activity, japanese),
            node.id().to_string(),
            node.label().to_owned(),
        ];
        cells.extend(
            (0..coverage.impacts().len())
                .map(|c| path_count(coverage.path_count(row, c), japanese)),
        );
        table.push(cells);
    }
    table
}

/// Above this many activity × impact cells a matrix is unreadable (and its
/// size grows with the square of the model): `table` and `md` list, for each
/// activity, the impacts it reaches; JSON omits the dense `paths`.
const MATRIX_CELLS: usize = 20_000;

/// The coverage as one line per activity: the impacts it reaches, with the
/// number of paths to each. Linear in the size of the answer.
fn list(model: &Model, coverage: &Coverage, w: &Words, markdown: bool) -> String {
    let mut out = String::new();
    let heading = if markdown { "## " } else { "" };
    let _ = writeln!(out, "{heading}{}\n", w.title);
    for (row, &activity) in coverage.activities().iter().enumerate() {
        let reached: Vec<String> = coverage
            .row(row)
            .iter()
            .map(|&(column, count)| {
                format!(
                    "{} ({})",
                    model.node(coverage.impacts()[column]).id(),
                    path_count(count, false)
                )
            })
            .collect();
        let node = model.node(activity);
        let reached = if reached.is_empty() {
            w.none.to_owned()
        } else {
            reached.join(", ")
        };
        if markdown {
            let _ = writeln!(
                out,
                "- {} ({}) → {}",
                markdown_cell(node.label()),
                markdown_cell(node.id().as_str()),
                markdown_cell(&reached)
            );
        } else {
            let _ = writeln!(
                out,
                "{} ({}) → {}",
                one_line(node.label()),
                one_line(node.id().as_str()),
                one_line(&reached)
            );
        }
    }
    out
}
