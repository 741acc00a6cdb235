//! The `logicmodel` command: a thin shell over the `logicmodel` library.
//!
//! It parses arguments, reads files, calls the library, prints, writes files
//! and picks the exit code; nothing else. Exit codes: 0 success (warnings
//! allowed), 1 the input has errors, 2 the command could not run (usage,
//! I/O).

mod check;
mod coverage;
mod diagnostics;
mod fmt;
mod fonts;
mod input;
mod kpi;
mod outline;
mod output;
mod pdf;
mod png;
mod query;
mod render;
mod report;
mod serve;
mod table;
mod trace;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check logic models and draw them.
///
/// A logic model is a chain Assumption → Input → Activity → Output →
/// Outcome → Impact, written as JSON (see docs/format.md).
#[derive(Parser, Debug)]
#[command(name = "logicmodel", version, about, long_about = None)]
#[command(after_help = "Exit status: 0 no errors, 1 the model has errors, 2 usage or I/O problem.")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check that every chain is connected: every activity reaches an impact, nothing dangles.
    #[command(after_help = "Examples:
  logicmodel check models/gotsu-smart-city.json
  logicmodel check --format json models/*.json
  logicmodel check --deny warnings --allow kpi-target-undecided plan.json
  cat plan.json | logicmodel check -")]
    Check(check::CheckArgs),
    /// Draw the model as an SVG, PDF or PNG diagram (and report its check problems).
    #[command(after_help = "Examples:
  logicmodel render models/gotsu-smart-city.json -o gotsu.svg
  logicmodel render models/gotsu-smart-city.json -o gotsu.pdf
  logicmodel render models/gotsu-smart-city.json -o gotsu.png
  logicmodel render models/gotsu-smart-city.json --text-to-paths -o gotsu-outlines.svg
  logicmodel render plan.json --font /usr/share/fonts/opentype/ipafont-gothic/ipagp.ttf -o plan.pdf
  logicmodel render plan.json --section citizen-services -o citizen.svg
  logicmodel render plan.json --focus a-online-application --show-issues -o - > focus.svg
  logicmodel render plan.json --kpis --show-issues -o plan.png
  logicmodel render plan.json --fit 16:9 -o slides.png     (slides-1.png, slides-2.png, …)

The format follows the extension of OUT. PDF and PNG draw the text with
any installed font that has its characters (or the --font file); the PDF
embeds the glyphs it uses, and its text can be selected and searched.
A model with check errors is still drawn when it loads (broken references
left out); the errors are printed and the exit status is 1.")]
    Render(render::RenderArgs),
    /// Write one report for a committee: diagram, checks, KPIs, coverage, schedule.
    #[command(after_help = "Examples:
  logicmodel report models/gotsu-smart-city.json -o gotsu.html
  logicmodel report models/gotsu-smart-city.json --format md -o gotsu.md   (also writes gotsu.svg)

The HTML file is self-contained: it opens offline, prints on A3 landscape,
and is readable with JavaScript disabled (clicking a box then jumps to its
details instead of opening the panel).")]
    Report(report::ReportArgs),
    /// Preview a model in the browser, updated live whenever the file is saved.
    #[command(after_help = "Examples:
  logicmodel serve models/gotsu-smart-city.json
  logicmodel serve plan.json --port 0 --open

Prints the URL on stdout (with --port 0, the port the system picked). The
page shows the diagram, the check results and the KPIs; when the file
changes it is checked and drawn again and open pages update themselves,
keeping their zoom and scroll. A file that stops loading shows its problems
beside the last drawing that loaded. Only this machine can connect unless
--host says otherwise. Ctrl-C stops (exit status 0).")]
    Serve(serve::ServeArgs),
    /// List every KPI with its latest actual, progress and status (achieved, on-track, behind, no-data, undecided).
    #[command(after_help = "Examples:
  logicmodel kpi models/gotsu-smart-city.json
  logicmodel kpi models/gotsu-smart-city.json --status behind --status no-data
  logicmodel kpi models/gotsu-smart-city.json --format csv --bom -o kpi.csv
  logicmodel kpi plan.json --format json | jq '.kpis[] | select(.status == \"behind\")'

Status: achieved when the latest actual meets the target; otherwise behind
once the target year has come, else on-track or behind against the straight
line from the baseline (or the first actual) to the target (docs/kpi.md).
Headings follow the model's `language`; JSON keys and status codes are
always English. A model with check errors is still listed when it loads;
the errors are printed and the exit status is 1.")]
    Kpi(kpi::KpiArgs),
    /// Show the chains through one node: up to what it rests on, down to the impacts it serves.
    #[command(after_help = "Examples:
  logicmodel trace a-online-app models/gotsu-smart-city.json
  logicmodel trace a-online-app models/gotsu-smart-city.json --format json
  logicmodel trace imp-no-visit models/gotsu-smart-city.json --max-paths 50

An unknown node is a usage error (exit status 2).")]
    Trace(trace::TraceArgs),
    /// Count the paths from every activity to every impact, and list what is left unconnected.
    #[command(after_help = "Examples:
  logicmodel coverage models/gotsu-smart-city.json
  logicmodel coverage models/gotsu-smart-city.json --format md -o coverage.md
  logicmodel coverage models/gotsu-smart-city.json --format csv --bom -o coverage.csv

In the table and Markdown formats the impacts are the columns I1, I2, …,
explained in the legend below the matrix. Above 20,000 activity × impact
cells a matrix is unreadable, so each activity is listed with the impacts
it reaches instead. JSON always has `reaches` (per activity, the impacts it
reaches with their path counts) and the dense `paths` matrix up to a
million cells (null above).")]
    Coverage(coverage::CoverageArgs),
    /// Rewrite model files in the canonical layout (key order, two-space indentation).
    #[command(after_help = "Examples:
  logicmodel fmt models/*.json
  logicmodel fmt --check models/*.json     (exit 1 and list the files that would change)
  cat plan.json | logicmodel fmt - > plan.formatted.json

A file with a load error is not rewritten (the errors are printed and the
exit status is 1): the writer can only write what loaded.")]
    Fmt(fmt::FmtArgs),
    /// Print the JSON Schema of the model format.
    #[command(after_help = "Example:
  logicmodel schema > logicmodel.schema.json")]
    Schema,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Kpi(args) => kpi::run(&args),
        Command::Trace(args) => trace::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Schema => schema(),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            if output::is_broken_pipe(&*error) {
                return ExitCode::SUCCESS;
            }
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}

fn schema() -> anyhow_like::Result<output::Status> {
    let schema = logicmodel::format::json_schema();
    let text = serde_json::to_string_pretty(&schema)?;
    output::write_stdout(format!("{text}\n").as_bytes())?;
    Ok(output::Status::Ok)
}

/// The CLI's error type: anything that stops a command from running (exit 2).
mod anyhow_like {
    /// A boxed error with a message for the user.
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
