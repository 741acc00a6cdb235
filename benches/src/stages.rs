//! `logicmodel-bench stages`: the loader's stages timed one by one, by
//! repeating from outside the library what `logicmodel::load_str` does
//! inside (see `crates/logicmodel/src/format/mod.rs`):
//!
//! 1. a line index (one pass looking for `\n`);
//! 2. `serde_json` with `IgnoredAny`: the strict syntax check;
//! 3. `jsonc-parser`'s AST with byte ranges, with the loader's options;
//! 4. what is left of `load_str`: the AST read into the raw layer (with a
//!    `Location` per value), the raw layer validated into the `Model`, and
//!    the AST and raw layer dropped. The library does not expose these
//!    stages, so they are measured together as the remainder.

use std::io::{self, Write};
use std::time::Duration;

use jsonc_parser::{
    parse_to_ast, CollectOptions, CommentCollectionStrategy, ParseOptions, ParseResult,
};
use logicmodel_bench::generate::{self, Layout, Options};

use crate::timing::{best, ms, time};

/// Parses `text` into a `jsonc-parser` AST with the loader's options.
pub fn parse_ast(text: &str) -> Result<ParseResult<'_>, jsonc_parser::errors::ParseError> {
    let options = ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let collect = CollectOptions {
        comments: CommentCollectionStrategy::Off,
        tokens: false,
    };
    parse_to_ast(text, &collect, &options)
}

pub fn run(nodes: usize, runs: usize, layout: Layout) -> io::Result<()> {
    eprintln!("generating {nodes} nodes…");
    let text = generate::generate(&Options::new(nodes, 1)).to_json(layout);
    let mut times: [Vec<Duration>; 7] = Default::default();
    for _ in 0..runs {
        let (t, parsed) = time(|| serde_json::from_str::<serde_json::Value>(&text));
        parsed.map_err(io::Error::other)?;
        times[0].push(t);
        let (t, lines) = time(|| {
            let mut starts = vec![0];
            starts.extend(
                text.bytes()
                    .enumerate()
                    .filter(|&(_, b)| b == b'\n')
                    .map(|(i, _)| i + 1),
            );
            starts
        });
        drop(lines);
        times[1].push(t);
        let (t, syntax) = time(|| serde_json::from_str::<serde::de::IgnoredAny>(&text));
        syntax.map_err(io::Error::other)?;
        times[2].push(t);
        let (t, ast) = time(|| parse_ast(&text));
        let ast = ast.map_err(|e| io::Error::other(e.to_string()))?;
        times[3].push(t);
        let (t, ()) = time(|| drop(ast));
        times[4].push(t);
        let (t, loaded) = time(|| logicmodel::load_str(&text));
        times[5].push(t);
        let (t, ()) = time(|| drop(loaded));
        times[6].push(t);
    }
    let [value, lines, syntax, ast, ast_drop, load, model_drop] = times.map(|runs| best(&runs));
    let rest = load.saturating_sub(lines + syntax + ast + ast_drop);
    let share = |d: Duration| format!("{:.0}%", 100.0 * d.as_secs_f64() / load.as_secs_f64());
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "Stages of `load_str`, {nodes} nodes, {layout:?} JSON ({:.1} MiB), best of {runs} runs:\n",
        text.len() as f64 / (1024.0 * 1024.0)
    )?;
    writeln!(out, "| stage | ms | share of `load_str` |")?;
    writeln!(out, "|---|---:|---:|")?;
    for (stage, d) in [
        ("1. line index (`\\n` scan)", lines),
        ("2. `serde_json` `IgnoredAny` syntax pass", syntax),
        ("3. `jsonc-parser` AST", ast),
        ("3b. dropping the AST", ast_drop),
        ("4. AST → raw layer → `Model` (remainder)", rest),
    ] {
        writeln!(out, "| {stage} | {} | {} |", ms(d), share(d))?;
    }
    writeln!(out, "| **`load_str` total** | **{}** | 100% |", ms(load))?;
    writeln!(
        out,
        "| for comparison: `serde_json::Value` | {} | {} |",
        ms(value),
        share(value)
    )?;
    writeln!(
        out,
        "| for comparison: dropping the `Model` | {} | {} |",
        ms(model_drop),
        share(model_drop)
    )?;

    // Heap held by each stage, counted outside the timed runs.
    crate::heap::start();
    let ast = parse_ast(&text).map_err(|e| io::Error::other(e.to_string()))?;
    let ast_bytes = crate::heap::live();
    drop(ast);
    crate::heap::start();
    let value: serde_json::Value = serde_json::from_str(&text).map_err(io::Error::other)?;
    let value_bytes = crate::heap::live();
    drop(value);
    crate::heap::start();
    let loaded = logicmodel::load_str(&text);
    let (load_peak, model_bytes) = (crate::heap::peak(), crate::heap::live());
    drop(loaded);
    let text_mib = text.len() as f64 / (1024.0 * 1024.0);
    let row = |what: &str, bytes: usize| {
        let m = bytes as f64 / (1024.0 * 1024.0);
        format!("| {what} | {m:.1} MiB | {:.2}× |", m / text_mib)
    };
    writeln!(out, "\nHeap held, not counting the text itself:\n")?;
    writeln!(out, "| what | heap | / file size |")?;
    writeln!(out, "|---|---:|---:|")?;
    writeln!(out, "{}", row("the text (for scale)", text.len()))?;
    writeln!(out, "{}", row("`serde_json::Value`", value_bytes))?;
    writeln!(out, "{}", row("`jsonc-parser` AST", ast_bytes))?;
    writeln!(out, "{}", row("peak during `load_str`", load_peak))?;
    writeln!(
        out,
        "{}",
        row("the loaded `Model` (+ diagnostics)", model_bytes)
    )?;
    Ok(())
}
