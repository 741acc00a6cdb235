//! The `logicmodel` command: a thin shell over the `logicmodel` library.
//!
//! It parses arguments, reads files, calls the library, prints, writes files
//! and picks the exit code; nothing else. Exit codes: 0 success (warnings
//! allowed), 1 the input has errors, 2 the command could not run (usage,
//! I/O).

mod check;
mod cleanup;
mod console;
mod coverage;
mod diagnostics;
mod export;
mod fmt;
mod fonts;
mod init;
mod input;
mod json;
mod kpi;
mod limits;
mod outline;
mod output;
mod pdf;
mod png;
mod query;
mod render;
mod report;
mod serve;
mod shell;
mod table;
mod trace;
mod visible;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Check logic models and draw them.
///
/// A logic model is a chain Assumption → Input → Activity → Output →
/// Outcome → Impact, written as JSON (see docs/format.md).
#[derive(Parser, Debug)]
#[command(name = "logicmodel", version, about, long_about = None, propagate_version = true)]
#[command(
    after_help = "Exit status: 0 no errors, 1 the model has errors, 2 usage or I/O problem.

Colour (diagnostics on stderr) follows --color, then NO_COLOR, CLICOLOR_FORCE,
CLICOLOR=0 and TERM=dumb. Terminal tables fit COLUMNS or the terminal's width."
)]
pub struct Cli {
    /// Print no success lines (`wrote …`, a clean file's summary); problems are still printed.
    #[arg(short, long, global = true)]
    quiet: bool,
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
  logicmodel report models/gotsu-smart-city.json -o gotsu.md   (also writes gotsu.svg)

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
  logicmodel kpi models/gotsu-smart-city.json -o kpi.csv      (CSV with the BOM Excel needs)
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
  logicmodel trace models/gotsu-smart-city.json a-online-app
  logicmodel trace models/gotsu-smart-city.json a-online-app --format json
  logicmodel trace models/gotsu-smart-city.json imp-no-visit --max-paths 50

An unknown node is a usage error (exit status 2). The older order, node
first (`trace NODE FILE`), still works when only the second is a file.")]
    Trace(trace::TraceArgs),
    /// Count the paths from every activity to every impact, and list what is left unconnected.
    #[command(after_help = "Examples:
  logicmodel coverage models/gotsu-smart-city.json
  logicmodel coverage models/gotsu-smart-city.json -o coverage.md
  logicmodel coverage models/gotsu-smart-city.json -o coverage.csv

In the table and Markdown formats the impacts are the columns I1, I2, …,
explained in the legend below the matrix. Above 20,000 activity × impact
cells a matrix is unreadable, so each activity is listed with the impacts
it reaches instead. JSON always has `reaches` (per activity, the impacts it
reaches with their path counts) and the dense `paths` matrix up to a
million cells (null above).")]
    Coverage(coverage::CoverageArgs),
    /// Write the model for another tool: Mermaid, Graphviz DOT, GraphML, an xlsx workbook or CSV files.
    #[command(after_help = "Examples:
  logicmodel export models/gotsu-smart-city.json -o gotsu.xlsx
  logicmodel export models/gotsu-smart-city.json --format mermaid > gotsu.mmd
  logicmodel export models/gotsu-smart-city.json -o gotsu.md        (Mermaid in a ```mermaid block)
  logicmodel export models/gotsu-smart-city.json -o gotsu.dot && dot -Tsvg gotsu.dot -o gotsu-dot.svg
  logicmodel export models/gotsu-smart-city.json -o gotsu.graphml   (yEd, Gephi, networkx)
  logicmodel export models/gotsu-smart-city.json --format csv -o gotsu-tables/

The workbook and the CSV files hold one table per record type (docs/interchange.md).
A model with load errors is not exported (exit status 1): part of it would be missing.")]
    Export(export::ExportArgs),
    /// Write a small, valid starter model (one box per column, a work item, a KPI) to begin a plan.
    #[command(after_help = "Examples:
  logicmodel init plan.json
  logicmodel init --lang ja plan.json
  logicmodel init --lang ja plan.xlsx

An existing file is never overwritten. docs/format.md explains what to change.")]
    Init(init::InitArgs),
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
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_help = "Examples:
  logicmodel completions bash > ~/.local/share/bash-completion/completions/logicmodel
  logicmodel completions zsh > ~/.zfunc/_logicmodel
  logicmodel completions fish > ~/.config/fish/completions/logicmodel.fish
  logicmodel completions powershell >> $PROFILE")]
    Completions(shell::CompletionsArgs),
    /// Print the man page (roff), or write one page per command into a directory.
    #[command(after_help = "Examples:
  logicmodel manpage | man -l -
  logicmodel manpage --out-dir /usr/local/share/man/man1")]
    Manpage(shell::ManpageArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    console::set_quiet(cli.quiet);
    let result = match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Render(args) => render::run(&args),
        Command::Report(args) => report::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Kpi(args) => kpi::run(&args),
        Command::Trace(args) => trace::run(&args),
        Command::Coverage(args) => coverage::run(&args),
        Command::Export(args) => export::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Fmt(args) => fmt::run(&args),
        Command::Schema => schema(),
        Command::Completions(args) => shell::completions(&args),
        Command::Manpage(args) => shell::manpage(&args),
    };
    match result {
        Ok(status) => status.into(),
        Err(error) => {
            console::error(&error.to_string());
            ExitCode::from(2)
        }
    }
}

fn schema() -> anyhow_like::Result<output::Status> {
    let schema = logicmodel::format::json_schema();
    let text = json::pretty(&schema)?;
    output::write_stdout(format!("{text}\n").as_bytes())?;
    Ok(output::Status::Ok)
}

/// The CLI's error type: anything that stops a command from running (exit 2).
mod anyhow_like {
    /// A boxed error with a message for the user.
    pub type Result<T> = std::result::Result<T, Box<dyn std::error::Error + Send + Sync>>;
}
