//! `logicmodel-bench`: generates large models and measures how long loading
//! and checking them takes against `serde_json::Value` parsing of the same
//! text, in the same run. See `docs/performance.md` for results.
//!
//! Build it with `--release`: debug timings mean nothing.

mod heap;
mod memory;
mod stages;
mod timing;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use logicmodel_bench::generate::{self, Options, MIN_NODES};

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

/// Benchmarks of logicmodel on generated models.
#[derive(Parser, Debug)]
#[command(name = "logicmodel-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Write a generated model to stdout.
    Generate {
        /// The number of nodes.
        #[arg(long, value_parser = parse_nodes)]
        nodes: usize,
        /// The seed of the generator.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How the JSON is laid out.
        #[arg(long, value_enum, default_value_t = Layout::Pretty)]
        layout: Layout,
    },
    /// Time load and check against `serde_json::Value` parsing; print a Markdown table.
    Check {
        /// Model sizes in nodes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000", value_parser = parse_nodes)]
        sizes: Vec<usize>,
        /// Runs per measurement; the fastest is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// How the JSON is laid out.
        #[arg(long, value_enum, default_value_t = Layout::Pretty)]
        layout: Layout,
        /// Measure peak memory in child processes for the largest size.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        memory: bool,
    },
    /// Time the loader's stages one by one on one model.
    Stages {
        /// The number of nodes.
        #[arg(long, value_parser = parse_nodes)]
        nodes: usize,
        /// Runs per measurement; the fastest is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// How the JSON is laid out.
        #[arg(long, value_enum, default_value_t = Layout::Pretty)]
        layout: Layout,
    },
    /// (Child process) read FILE, do one job, print the peak resident memory as JSON.
    Peak {
        /// What to do with the file.
        #[arg(long, value_enum)]
        job: memory::Job,
        /// The model file.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Layout {
    Compact,
    Pretty,
}

impl From<Layout> for generate::Layout {
    fn from(layout: Layout) -> generate::Layout {
        match layout {
            Layout::Compact => generate::Layout::Compact,
            Layout::Pretty => generate::Layout::Pretty,
        }
    }
}

fn parse_nodes(text: &str) -> Result<usize, String> {
    let nodes: usize = text.parse().map_err(|e| format!("{e}"))?;
    if nodes < MIN_NODES {
        return Err(format!("a model needs at least {MIN_NODES} nodes"));
    }
    Ok(nodes)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Generate {
            nodes,
            seed,
            layout,
        } => {
            let model = generate::generate(&Options::new(nodes, seed));
            let mut text = model.to_json(layout.into());
            text.push('\n');
            std::io::stdout().lock().write_all(text.as_bytes())
        }
        Command::Check {
            sizes,
            runs,
            layout,
            memory,
        } => timing::run(&sizes, runs.max(1), layout.into(), memory),
        Command::Stages {
            nodes,
            runs,
            layout,
        } => stages::run(nodes, runs.max(1), layout.into()),
        Command::Peak { job, file } => memory::child(job, &file),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
