//! Fitting the shell: `logicmodel completions SHELL` (clap_complete) and
//! `logicmodel manpage` (clap_mangen), both generated from the one clap
//! definition of the command line, so they never drift from `--help`.

use std::path::PathBuf;

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use crate::anyhow_like::Result;
use crate::output::{self, Status};

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Args, Debug)]
pub struct ManpageArgs {
    /// Write `logicmodel.1` and one page per command (`logicmodel-check.1`,
    /// …) into this directory instead of printing `logicmodel.1`.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,
}

/// Prints the completion script for `args.shell` on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<Status> {
    let mut command = crate::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "logicmodel", &mut script);
    output::write_stdout(&script)?;
    Ok(Status::Ok)
}

/// Prints the man page, or writes every page into `--out-dir` (through
/// [`output::write_output`], so atomically and never over an input).
pub fn manpage(args: &ManpageArgs) -> Result<Status> {
    let mut command = crate::Cli::command().disable_help_subcommand(true);
    // Building names the subcommands `logicmodel-check`, … as their pages.
    command.build();
    let Some(dir) = &args.out_dir else {
        output::write_stdout(&page(&clap_mangen::Man::new(command))?)?;
        return Ok(Status::Ok);
    };
    if !dir.is_dir() {
        return Err(format!(
            "--out-dir {}: not a directory",
            crate::visible::visible(&dir.display().to_string())
        )
        .into());
    }
    let pages = std::iter::once(command.clone()).chain(command.get_subcommands().cloned());
    for command in pages {
        let man = clap_mangen::Man::new(command);
        output::write_output(&dir.join(man.get_filename()), &page(&man)?)?;
    }
    Ok(Status::Ok)
}

fn page(man: &clap_mangen::Man) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    man.render(&mut bytes)?;
    Ok(bytes)
}
