//! `logicmodel kpi`: every KPI with its latest actual, progress and status.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use logicmodel::analysis::{kpi_reports, KpiReport, KpiStatus};
use logicmodel::model::{Baseline, Direction};
use logicmodel::Model;

use crate::anyhow_like::Result;
use crate::check::LintArgs;
use crate::json;
use crate::output::Status;
use crate::query::{self, BomArgs, TableFormat};
use crate::table::{Align, Table};

/// The widest a cell of the terminal table may be, in columns.
const MAX_CELL_WIDTH: usize = 32;

#[derive(Args, Debug)]
pub struct KpiArgs {
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format [default: table, or what the extension of `-o` says].
    #[arg(long, value_enum)]
    pub format: Option<TableFormat>,
    /// List only the KPIs with this status; repeat for several.
    #[arg(long, value_enum, value_name = "STATUS")]
    pub status: Vec<StatusArg>,
    #[command(flatten)]
    pub bom: BomArgs,
    /// Write to this file (atomically) instead of stdout: .txt, .md, .csv or .json.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// A KPI status as named on the command line (the JSON codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusArg {
    /// The latest actual meets the target.
    Achieved,
    /// On or better than the straight line from baseline to target.
    OnTrack,
    /// Worse than the line, or the target year passed without meeting the target.
    Behind,
    /// A target but no actual yet.
    NoData,
    /// A target in words (`qualitative_target`).
    Qualitative,
    /// No target.
    Undecided,
}

impl StatusArg {
    fn status(self) -> KpiStatus {
        match self {
            StatusArg::Achieved => KpiStatus::Achieved,
            StatusArg::OnTrack => KpiStatus::OnTrack,
            StatusArg::Behind => KpiStatus::Behind,
            StatusArg::NoData => KpiStatus::NoData,
            StatusArg::Qualitative => KpiStatus::Qualitative,
            StatusArg::Undecided => KpiStatus::Undecided,
        }
    }
}

/// The word for a status in tables: the code, or Japanese.
pub fn status_word(status: KpiStatus, japanese: bool) -> &'static str {
    if japanese {
        logicmodel::words::kpi_status_name(status, logicmodel::words::Locale::Japanese)
    } else {
        status.as_str()
    }
}

struct Words {
    id: &'static str,
    indicator: &'static str,
    unit: &'static str,
    direction: &'static str,
    baseline: &'static str,
    baseline_year: &'static str,
    target: &'static str,
    target_year: &'static str,
    target_note: &'static str,
    latest: &'static str,
    latest_year: &'static str,
    progress: &'static str,
    status: &'static str,
    work_items: &'static str,
    nodes: &'static str,
    undecided: &'static str,
    increase: &'static str,
    decrease: &'static str,
}

const ENGLISH: Words = Words {
    id: "ID",
    indicator: "Indicator",
    unit: "Unit",
    direction: "Direction",
    baseline: "Baseline",
    baseline_year: "Baseline year",
    target: "Target",
    target_year: "Target year",
    target_note: "Target note",
    latest: "Latest",
    latest_year: "Latest year",
    progress: "Progress",
    status: "Status",
    work_items: "Work items",
    nodes: "Nodes",
    undecided: "undecided",
    increase: "increase",
    decrease: "decrease",
};

const JAPANESE: Words = Words {
    id: "ID",
    indicator: "指標",
    unit: "単位",
    direction: "方向",
    baseline: "基準値",
    baseline_year: "基準年度",
    target: "目標値",
    target_year: "目標年度",
    target_note: "目標の注記",
    latest: "最新実績",
    latest_year: "最新実績年度",
    progress: "進捗率",
    status: "状況",
    work_items: "事業",
    nodes: "ノード",
    undecided: "未決定",
    increase: "増加",
    decrease: "減少",
};

pub fn run(args: &KpiArgs) -> Result<Status> {
    let (source, status) = query::load(&args.file, &args.lints)?;
    let Some(model) = &source.loaded.model else {
        return Ok(status);
    };
    let output = query::open(args.output.as_deref())?;
    let format = query::table_format(&output, args.format)?;
    let bom = args.bom.bom(format, &output)?;
    let reports: Vec<KpiReport<'_>> = kpi_reports(model)
        .into_iter()
        .filter(|r| args.status.is_empty() || args.status.iter().any(|s| s.status() == r.status))
        .collect();
    let japanese = query::japanese(model);
    let bytes = match format {
        TableFormat::Table => query::table_text(
            &display_table(model, &reports, japanese),
            &output,
            MAX_CELL_WIDTH,
        )
        .into_bytes(),
        TableFormat::Md => display_table(model, &reports, japanese)
            .to_markdown()
            .into_bytes(),
        TableFormat::Csv => csv_table(model, &reports, japanese).to_csv(bom)?,
        TableFormat::Json => {
            let mut text = json::pretty(&logicmodel::analysis::KpiReports(&reports))?;
            text.push('\n');
            text.into_bytes()
        }
    };
    output.finish(&bytes)?;
    Ok(status)
}

fn words(japanese: bool) -> &'static Words {
    if japanese {
        &JAPANESE
    } else {
        &ENGLISH
    }
}

fn node_ids(model: &Model, report: &KpiReport<'_>) -> Vec<String> {
    report
        .nodes
        .iter()
        .map(|&n| model.node(n).id().to_string())
        .collect()
}

fn work_item_titles(report: &KpiReport<'_>) -> Vec<String> {
    report.work_items.iter().map(|w| w.title.clone()).collect()
}

/// The table for people (terminal and Markdown): one cell per quantity.
fn display_table(model: &Model, reports: &[KpiReport<'_>], japanese: bool) -> Table {
    let w = words(japanese);
    let mut table = Table::new(vec![
        (w.id.to_owned(), Align::Left),
        (w.indicator.to_owned(), Align::Left),
        (w.unit.to_owned(), Align::Left),
        (w.baseline.to_owned(), Align::Right),
        (w.target.to_owned(), Align::Right),
        (w.latest.to_owned(), Align::Right),
        (w.progress.to_owned(), Align::Right),
        (w.status.to_owned(), Align::Left),
        (w.work_items.to_owned(), Align::Left),
        (w.nodes.to_owned(), Align::Left),
    ]);
    let dash = || "-".to_owned();
    for report in reports {
        let kpi = report.kpi;
        let target = match (kpi.target, kpi.target_words()) {
            (Some(target), _) => query::measurement(target, japanese),
            (None, Some(words)) => words.to_owned(),
            (None, None) => w.undecided.to_owned(),
        };
        table.push(vec![
            kpi.id().to_string(),
            kpi.indicator.clone(),
            kpi.unit.clone(),
            kpi.baseline
                .map_or_else(dash, |m| query::measurement(m, japanese)),
            target,
            report
                .latest
                .map_or_else(dash, |m| query::measurement(m, japanese)),
            report
                .progress_percent
                .map_or_else(dash, |p| format!("{p:.1}%")),
            status_word(report.status, japanese).to_owned(),
            work_item_titles(report).join("; "),
            node_ids(model, report).join(", "),
        ]);
    }
    table
}

/// The table for spreadsheets: years and values in cells of their own, so
/// they stay numbers; lists one item per line.
fn csv_table(model: &Model, reports: &[KpiReport<'_>], japanese: bool) -> Table {
    let w = words(japanese);
    let headings = [
        w.id,
        w.indicator,
        w.unit,
        w.direction,
        w.baseline_year,
        w.baseline,
        w.target_year,
        w.target,
        w.target_note,
        w.latest_year,
        w.latest,
        w.progress,
        w.status,
        w.work_items,
        w.nodes,
    ];
    let mut table = Table::new(
        headings
            .iter()
            .map(|h| ((*h).to_owned(), Align::Left))
            .collect(),
    );
    fn year(m: Option<impl Into<Baseline>>) -> String {
        m.and_then(|m| m.into().year)
            .map_or(String::new(), |y| y.to_string())
    }
    fn value(m: Option<impl Into<Baseline>>) -> String {
        m.map_or(String::new(), |m| query::number(m.into().value))
    }
    for report in reports {
        let kpi = report.kpi;
        table.push(vec![
            kpi.id().to_string(),
            kpi.indicator.clone(),
            kpi.unit.clone(),
            match kpi.direction {
                Direction::Increase => w.increase.to_owned(),
                Direction::Decrease => w.decrease.to_owned(),
            },
            year(kpi.baseline),
            value(kpi.baseline),
            year(kpi.target),
            value(kpi.target),
            kpi.target_words().unwrap_or_default().to_owned(),
            year(report.latest),
            value(report.latest),
            report
                .progress_percent
                .map_or(String::new(), |p| format!("{p:.1}")),
            status_word(report.status, japanese).to_owned(),
            work_item_titles(report).join("\n"),
            node_ids(model, report).join("\n"),
        ]);
    }
    table
}
