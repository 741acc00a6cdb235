//! `logicmodel trace`: the chains through one node, upstream to what it
//! rests on and downstream to the impacts it serves.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use logicmodel::analysis::{self, NodeIndex, Trace, DEFAULT_PATH_LIMIT};
use logicmodel::Model;

use crate::anyhow_like::Result;
use crate::check::LintArgs;
use crate::json;
use crate::output::{self, Status};
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

impl TraceFormat {
    /// The file extensions of each format.
    const EXTENSIONS: &'static [(&'static str, TraceFormat)] =
        &[("txt", TraceFormat::Human), ("json", TraceFormat::Json)];

    fn name(self) -> &'static str {
        match self {
            TraceFormat::Human => "human",
            TraceFormat::Json => "json",
        }
    }
}

#[derive(Args, Debug)]
pub struct TraceArgs {
    /// The model file; `-` reads stdin. (The older order `trace NODE FILE`
    /// still works when only the second operand is a file.)
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The id of the node to trace.
    #[arg(value_name = "NODE")]
    pub node: String,
    /// Output format [default: human, or what the extension of `-o` says].
    #[arg(long, value_enum)]
    pub format: Option<TraceFormat>,
    /// List at most this many paths each way (the output says when there are more).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_PATH_LIMIT)]
    pub max_paths: usize,
    /// Write to this file (atomically) instead of stdout: .txt or .json.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// Which operand is the file: `trace FILE NODE`, or the older
/// `trace NODE FILE` when only the second names a file (or `-`). When
/// neither exists, the one that looks like a path (a `/` or an extension)
/// is taken as the file, so the error says which file is missing.
fn file_and_node<'a>(first: &'a str, second: &'a str) -> (PathBuf, &'a str) {
    let is_file = |operand: &str| operand == "-" || Path::new(operand).is_file();
    let looks_like_a_path =
        |operand: &str| operand.contains('/') || Path::new(operand).extension().is_some();
    let old_order = !is_file(first)
        && (is_file(second) || (looks_like_a_path(second) && !looks_like_a_path(first)));
    if old_order {
        (PathBuf::from(second), first)
    } else {
        (PathBuf::from(first), second)
    }
}

pub fn run(args: &TraceArgs) -> Result<Status> {
    let (file, id) = file_and_node(&args.file, &args.node);
    let (source, status) = query::load(&file, &args.lints)?;
    let Some(model) = &source.loaded.model else {
        return Ok(status);
    };
    let Some(node) = model.node_index(id) else {
        let hint = analysis::similar_node(model, id)
            .map_or(String::new(), |id| format!("; did you mean `{id}`?"));
        return Err(format!("no node `{id}` in {}{hint}", source.name).into());
    };
    let output = query::open(args.output.as_deref())?;
    let format = output::choose_format(
        &output,
        TraceFormat::EXTENSIONS,
        args.format,
        TraceFormat::Human,
        TraceFormat::name,
    )?;
    let trace = analysis::trace(model, node, args.max_paths);
    let text = match format {
        TraceFormat::Human => human(model, &trace),
        TraceFormat::Json => format!("{}\n", json::pretty(&trace)?),
    };
    output.finish(text.as_bytes())?;
    Ok(status)
}

/// `[column] label (id)`, on one line.
fn step(model: &Model, node: NodeIndex, japanese: bool) -> String {
    let n = model.node(node);
    format!(
        "[{}] {} ({})",
        one_line(&query::stage_name(model, n.stage(), japanese)),
        one_line(n.label()),
        one_line(n.id().as_str())
    )
}

/// The deepest a step of the tree is indented; deeper steps say their
/// depth instead, so a chain of a million steps prints in linear space.
const MAX_INDENT: usize = 24;

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
            let indent = "  ".repeat(depth.min(MAX_INDENT) + 1);
            let deeper = if depth > MAX_INDENT {
                format!("({}) ", depth + 1)
            } else {
                String::new()
            };
            let _ = writeln!(out, "{indent}{deeper}{}", step(model, node, japanese));
        }
        previous = path;
    }
}

fn human(model: &Model, trace: &Trace) -> String {
    let japanese = query::japanese(model);
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", step(model, trace.node, japanese));
    let sections = [
        (&trace.upstream, trace.upstream_truncated, true),
        (&trace.downstream, trace.downstream_truncated, false),
    ];
    for (paths, truncated, upstream) in sections {
        let count = paths.len();
        // A truncated list is a lower bound, and says so.
        let number = match (truncated, japanese) {
            (false, _) => count.to_string(),
            (true, true) => format!("{count} 件超"),
            (true, false) => format!("more than {count}"),
        };
        let heading = match (japanese, upstream) {
            (true, true) => format!(
                "上流: 前提・インプットからこのノードまでの経路 {number}{}",
                if truncated { "" } else { " 件" }
            ),
            (true, false) => format!(
                "下流: このノードからインパクトまでの経路 {number}{}",
                if truncated { "" } else { " 件" }
            ),
            (false, true) => format!(
                "Upstream: {number} path{} from the assumptions and inputs it rests on",
                plural(count + usize::from(truncated))
            ),
            (false, false) => format!(
                "Downstream: {number} path{} to impacts",
                plural(count + usize::from(truncated))
            ),
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
                    format!("（最初の {count} 件のみ。--max-paths で増やせます）")
                } else {
                    format!("(only the first {count}; raise --max-paths to see more)")
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
