//! `logicmodel-bench`: generates large models and measures how long loading
//! and checking them takes against `serde_json::Value` parsing of the same
//! text, and how long drawing them takes against Graphviz `dot`, each in the
//! same run. See `docs/performance.md` for results.
//!
//! Build it with `--release`: debug timings mean nothing.

mod cpu;
mod diff;
mod dot;
mod drawing;
mod elk;
mod heap;
mod memory;
mod render;
mod serve;
mod stages;
mod timing;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

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
    /// Time `logicmodel::diff::diff` on a generated pair (a model and its
    /// revision) against `==` on `serde_json::Value` trees; print a
    /// Markdown table.
    Diff {
        /// Old model sizes in nodes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000", value_parser = parse_nodes)]
        sizes: Vec<usize>,
        /// Runs per measurement; the fastest is reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
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
    /// Time layout and SVG writing against `dot -Tsvg` and ELK Layered on the
    /// same graph (CPU time), and compare crossings and level arrows; print
    /// Markdown tables. A peer that is not installed is skipped with a note.
    Render {
        /// Generated model sizes in nodes, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "200,1000,2000,5000,10000,100000", value_parser = parse_nodes)]
        sizes: Vec<usize>,
        /// Seeds of the generated models, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "1,2")]
        seeds: Vec<u64>,
        /// Model files to measure too (before the generated ones).
        #[arg(long = "model", value_name = "FILE")]
        models: Vec<PathBuf>,
        /// Run dot only for models of at most this many nodes (dot took
        /// 29–61 s at 10 000 nodes on a 2-core machine; `docs/performance.md`).
        #[arg(long, default_value_t = 10_000)]
        dot_max: usize,
        /// Run ELK only for models of at most this many nodes.
        #[arg(long, default_value_t = 2_000)]
        elk_max: usize,
        /// Runs per measurement; the fastest is reported, with the median.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Timed runs of each peer (at most `--runs`); 0 only counts their
        /// crossings, from one untimed layout, reused from `--keep` when the
        /// input there is the same.
        #[arg(long)]
        peer_runs: Option<usize>,
        /// Kill a dot process after this many seconds.
        #[arg(long, default_value_t = 600)]
        dot_timeout: u64,
        /// Do not repeat dot once a run of it took longer than this many seconds.
        #[arg(long, default_value_t = 60)]
        dot_repeat_limit: u64,
        /// Which DOT variants to give dot: sections as clusters or not.
        #[arg(long, value_enum, default_value_t = DotClusters::Without)]
        clusters: DotClusters,
        /// Keep the DOT files and dot's `-Tplain` output in this directory.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
    /// Time how long `logicmodel serve` takes to follow a save, against a
    /// `logicmodel report` run on the same file; print a Markdown table.
    Serve {
        /// Generated model sizes in nodes, comma-separated (the seed model is measured first).
        #[arg(long, value_delimiter = ',', default_value = "1000,10000", value_parser = parse_nodes)]
        sizes: Vec<usize>,
        /// Saves per model; the fastest is reported, with the median.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// The `logicmodel` binary to run.
        #[arg(long, default_value = "target/release/logicmodel")]
        bin: PathBuf,
    },
    /// (Child process) read FILE, do one job, print its time and the peak
    /// resident memory as JSON.
    Peak {
        /// What to do with the file.
        #[arg(long, value_enum)]
        job: memory::Job,
        /// Do not count heap bytes (the counters slow allocation down).
        #[arg(long)]
        timing_only: bool,
        /// The model file.
        file: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Layout {
    Compact,
    Pretty,
}

/// The DOT variants of `render`.
#[derive(Clone, Copy, Debug, ValueEnum)]
enum DotClusters {
    /// One `rank=same` group per column, no clusters.
    Without,
    /// Sections as `subgraph cluster_*`.
    With,
    /// Both, one after the other.
    Both,
}

impl DotClusters {
    fn variants(self) -> Vec<dot::Clusters> {
        match self {
            DotClusters::Without => vec![dot::Clusters::Without],
            DotClusters::With => vec![dot::Clusters::PerSection],
            DotClusters::Both => vec![dot::Clusters::Without, dot::Clusters::PerSection],
        }
    }
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
        Command::Diff { sizes, runs } => diff::run(&sizes, runs.max(1)),
        Command::Stages {
            nodes,
            runs,
            layout,
        } => stages::run(nodes, runs.max(1), layout.into()),
        Command::Render {
            sizes,
            seeds,
            models,
            dot_max,
            elk_max,
            runs,
            peer_runs,
            dot_timeout,
            dot_repeat_limit,
            clusters,
            keep,
        } => render::run(&render::Settings {
            sizes,
            seeds,
            models,
            runs: runs.max(1),
            peer_runs: peer_runs.unwrap_or(runs).min(runs.max(1)),
            dot_max,
            elk_max,
            dot_timeout: Duration::from_secs(dot_timeout),
            dot_repeat_limit: Duration::from_secs(dot_repeat_limit),
            clusters: clusters.variants(),
            keep,
        }),
        Command::Serve { sizes, runs, bin } => serve::run(&serve::Settings {
            sizes,
            runs: runs.max(1),
            bin,
        }),
        Command::Peak {
            job,
            file,
            timing_only,
        } => {
            let counting = if timing_only {
                memory::Counting::Off
            } else {
                memory::Counting::Heap
            };
            memory::child(job, &file, counting)
        }
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
