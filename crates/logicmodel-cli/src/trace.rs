//! `logicmodel trace`: the chains through one node, upstream to what it
//! rests on and downstream to the impacts it serves.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use logicmodel::analysis::{self, NodeIndex, Trace, DEFAULT_PATH_LIMIT};
use logicmodel::Model;

use crate::anyhow_like::Result;
use crate::check::LintArgs;
use crate::output::Status;
use crate::query;
use crate::table::one_line;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    /// Indented trees for people.
    #[default]
    Human,
    /// `{"node", "upstream": [[ids…]…], "downstream": [[ids…]…], "truncated"}`.
    Json,
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// The id of the node to trace.
    #[arg(value_name = "NODE")]
    pub node: String,
    /// The model file; `-` reads stdin.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
    pub format: TraceFormat,
    /// List at most this many paths each way (the output says when there are more).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PATH_LIMIT)]
    pub max_paths: usize,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

pub fn run(args: &TraceArgs) -> Result<Status> {
    let (source, status) = query::load(&args.file, &args.lints)?;
    let Some(model) = &source.loaded.model else {
        return Ok(status);
    };
    let Some(node) = model.node_index(&args.node) else {
        let hint = analysis::similar_node(model, &args.node)
            .map_or(String::new(), |id| format!("; did you mean `{id}`?"));
        return Err(format!("no node `{}` in {}{hint}", args.node, source.name).into());
    };
    let trace = analysis::trace(model, node, args.max_paths);
    let text = match args.format {
        TraceFormat::Human => human(model, &trace, args.max_paths),
        TraceFormat::Json => format!("{}\n", serde_json::to_string_pretty(&trace)?),
    };
    query::emit(args.output.as_ref(), text.as_bytes())?;
    Ok(status)
}

/// `[column] label (id)`, on one line.
fn step(model: &Model, node: NodeIndex, japanese: bool) -> String {
    let n = model.node(node);
    format!(
        "[{}] {} ({})",
        one_line(&query::stage_name(model, n.stage(), japanese)),
        one_line(n.label()),
        n.id()
    )
}

/// The paths as one tree: a path's steps shared with the path before it are
/// not repeated, and each step is indented by its depth.
fn tree(out: &mut String, model: &Model, paths: &[Vec<NodeIndex>], japanese: bool) {
    let mut previous: &[NodeIndex] = &[];
    for path in paths {
        let shared = path
            .iter()
            .zip(previous)
            .take_while(|(a, b)| a == b)
            .count()
            .min(path.len().saturating_sub(1));
        for (depth, &node) in path.iter().enumerate().skip(shared) {
            let _ = writeln!(
                out,
                "{}{}",
                "  ".repeat(depth + 1),
                step(model, node, japanese)
            );
        }
        previous = path;
    }
}

fn human(model: &Model, trace: &Trace, limit: usize) -> String {
    let japanese = query::japanese(model);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", step(model, trace.node, japanese));
    let sections = [
        (&trace.upstream, trace.upstream_truncated, true),
        (&trace.downstream, trace.downstream_truncated, false),
    ];
    for (paths, truncated, upstream) in sections {
        let count = paths.len();
        let heading = match (japanese, upstream) {
            (true, true) => format!("上流: 前提・インプットからこのノードまでの経路 {count} 件"),
            (true, false) => format!("下流: このノードからインパクトまでの経路 {count} 件"),
            (false, true) => format!(
                "Upstream: {count} path{} from the assumptions and inputs it rests on",
                plural(count)
            ),
            (false, false) => format!("Downstream: {count} path{} to impacts", plural(count)),
        };
        let _ = writeln!(out, "{heading}");
        if paths.is_empty() {
            let _ = writeln!(out, "  {}", if japanese { "（なし）" } else { "(none)" });
        }
        tree(&mut out, model, paths, japanese);
        if truncated {
            let _ = writeln!(
                out,
                "  {}",
                if japanese {
                    format!("（最初の {limit} 件のみ。--max-paths で増やせます）")
                } else {
                    format!("(only the first {limit}; raise --max-paths to see more)")
                }
            );
        }
        if upstream {
            out.push('\n');
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
