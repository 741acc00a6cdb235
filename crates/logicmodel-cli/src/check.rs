//! `logicmodel check`: load, check, report.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use logicmodel::check::{Overrides, Report};
use logicmodel::{Code, Diagnostic, Level, Severity};

use crate::anyhow_like::Result;
use crate::diagnostics::{self, ColorChoice, Summary};
use crate::output::{self, Status};
use crate::{console, input, json};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics like rustc, on stderr.
    #[default]
    Human,
    /// One JSON object per file, on stdout.
    Json,
}

/// Options shared by every command that checks a model.
///
/// `--deny` and `--allow` are kept in command-line order, so that a later
/// flag for the same check wins, as with rustc's `-D` and `-A`. clap's
/// derive keeps each flag's values apart, so the order is recovered from
/// the flags' indices (the derived [`LintFlags`] still defines the flags
/// and their help).
#[derive(Debug, Clone, Default)]
pub struct LintArgs {
    /// The `--deny` and `--allow` flags, in command-line order.
    pub levels: Vec<LintFlag>,
    pub color: ColorChoice,
}

/// One `--deny` or `--allow` flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LintFlag {
    Deny(String),
    Allow(String),
}

/// The flags of [`LintArgs`] as clap defines and parses them.
#[derive(Args, Debug)]
struct LintFlags {
    /// Report a check as an error; `warnings` makes every warning an error.
    /// A later `--allow` of the same check wins.
    #[arg(long, value_name = "CODE|warnings")]
    deny: Vec<String>,
    /// Do not report a check. A later `--deny` of the same check wins;
    /// `--deny warnings` does not bring it back.
    #[arg(long, value_name = "CODE")]
    allow: Vec<String>,
    /// Colour the diagnostics.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

impl clap::FromArgMatches for LintArgs {
    fn from_arg_matches(matches: &clap::ArgMatches) -> std::result::Result<Self, clap::Error> {
        let flags = LintFlags::from_arg_matches(matches)?;
        let at = |id: &str| matches.indices_of(id).into_iter().flatten();
        let mut levels: Vec<(usize, LintFlag)> = at("deny")
            .zip(flags.deny.into_iter().map(LintFlag::Deny))
            .chain(at("allow").zip(flags.allow.into_iter().map(LintFlag::Allow)))
            .collect();
        levels.sort_by_key(|&(index, _)| index);
        Ok(LintArgs {
            levels: levels.into_iter().map(|(_, flag)| flag).collect(),
            color: flags.color,
        })
    }

    fn update_from_arg_matches(
        &mut self,
        matches: &clap::ArgMatches,
    ) -> std::result::Result<(), clap::Error> {
        *self = LintArgs::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Args for LintArgs {
    fn augment_args(command: clap::Command) -> clap::Command {
        LintFlags::augment_args(command)
    }

    fn augment_args_for_update(command: clap::Command) -> clap::Command {
        LintFlags::augment_args_for_update(command)
    }
}

impl LintArgs {
    /// The overrides, or an error naming an unknown code (exit 2).
    pub fn overrides(&self) -> Result<Overrides> {
        let mut overrides = Overrides::new();
        for flag in &self.levels {
            match flag {
                LintFlag::Deny(name) if name == "warnings" => {
                    overrides.deny_warnings();
                }
                LintFlag::Deny(name) => {
                    overrides.set(lint_code(name)?, Level::Error);
                }
                LintFlag::Allow(name) => {
                    overrides.set(lint_code(name)?, Level::Allow);
                }
            }
        }
        Ok(overrides)
    }
}

fn lint_code(name: &str) -> Result<Code> {
    match Code::from_name(name) {
        Some(code) if code.is_lint() => Ok(code),
        Some(code) => Err(format!("`{code}` is a load error; its level cannot be changed").into()),
        None => Err(format!(
            "unknown check `{name}`; the checks are: {}",
            Code::ALL
                .iter()
                .filter(|c| c.is_lint())
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
        .into()),
    }
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// Model files to check; `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// Loads `source` and runs every check, returning all diagnostics sorted by position.
pub fn diagnose(source: &input::Source, overrides: &Overrides) -> Vec<Diagnostic> {
    logicmodel::check::diagnose(&source.loaded, overrides)
}

/// Prints diagnostics for people on stderr, with a closing summary line
/// (silenced by `--quiet` when the file has no errors).
pub fn print_human(source: &input::Source, all: &[Diagnostic], color: bool) {
    let summary = Summary::new(source.loaded.model.as_ref(), all);
    for diagnostic in all {
        console::message(&format!(
            "{}\n",
            diagnostics::human(&source.name, &source.text, diagnostic, color)
        ));
    }
    closing_line(diagnostics::summary_line(&source.name, &summary), &summary);
}

/// For commands other than `check`: prints the errors like `check` does,
/// and a closing line that counts the warnings too without listing them
/// (`check` lists them). Prints nothing for a clean model.
pub fn print_errors(source: &input::Source, all: &[Diagnostic], color: bool) {
    let summary = Summary::new(source.loaded.model.as_ref(), all);
    if summary.errors == 0 && summary.warnings == 0 {
        return;
    }
    for diagnostic in all.iter().filter(|d| d.severity() == Severity::Error) {
        console::message(&format!(
            "{}\n",
            diagnostics::human(&source.name, &source.text, diagnostic, color)
        ));
    }
    let mut line = diagnostics::summary_line(&source.name, &summary);
    if summary.warnings > 0 {
        line.push_str(" — run `logicmodel check` to list the warnings");
    }
    closing_line(line, &summary);
}

/// A file's closing line: always shown when it counts errors, otherwise a
/// success line that `--quiet` silences.
fn closing_line(line: String, summary: &Summary) {
    if summary.errors > 0 || !console::quiet() {
        console::message(&line);
    }
}

pub fn run(args: &CheckArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    let color = args.lints.color.for_stderr();
    let mut status = Status::Ok;
    for path in &args.files {
        let source = match input::read_model(path) {
            Ok(source) => source,
            Err(error) => {
                console::error(&error.to_string());
                status = status.max(Status::Failed);
                continue;
            }
        };
        let all = diagnose(&source, &overrides);
        let summary = Summary::new(source.loaded.model.as_ref(), &all);
        if summary.errors > 0 {
            status = status.max(Status::InputErrors);
        }
        match args.format {
            CheckFormat::Human => print_human(&source, &all, color),
            CheckFormat::Json => {
                output::refuse_stdout_onto_an_input()?;
                let report = Report::new(&source.name, source.loaded.model.as_ref(), &all);
                output::write_stdout(format!("{}\n", json::compact(&report)?).as_bytes())?;
            }
        }
    }
    Ok(status)
}
