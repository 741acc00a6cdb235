//! Jobs run in a child process each, so that one job's heap cannot inflate
//! another's, nor speed it up or slow it down: the child reads the file,
//! does its job and prints `VmHWM` (the peak resident set) from
//! `/proc/self/status`, the heap bytes counted by [`crate::heap`], and how
//! long the job took (reading the file not included).
//!
//! A timed child does not count heap bytes: the counters cost two atomic
//! operations per allocation, which would slow the allocation-heavy
//! `Value` parse more than the loader.
//!
//! `VmHWM` is what the goal is about (what the machine must have); the heap
//! counts say what each stage holds. Linux only; elsewhere the resident
//! sizes are reported as unknown.

use std::io;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use clap::ValueEnum;
use serde::Deserialize;

/// What a child process does with the file before it reports its peak.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Job {
    /// Only read the file into memory: the floor every other job starts from.
    Read,
    /// Parse it into a `serde_json::Value` (the peer).
    Value,
    /// `logicmodel::load_str` only: what the model holds at the end.
    Load,
    /// `logicmodel::load_str` then `Model::check`.
    LoadCheck,
    /// `logicmodel::load_str`, then `render::diagram` and `render::svg`
    /// (what `logicmodel render -o x.svg` holds at its peak); not part of
    /// the check bench's table.
    Render,
}

impl Job {
    pub const ALL: [Job; 4] = [Job::Read, Job::Value, Job::Load, Job::LoadCheck];

    pub fn describe(self) -> &'static str {
        match self {
            Job::Read => "read the file only",
            Job::Value => "`serde_json::Value` parse",
            Job::Load => "`load_str` only",
            Job::LoadCheck => "`load_str` + `check()`",
            Job::Render => "`load_str` + `render::diagram` + `render::svg`",
        }
    }
}

/// What a child reports, in bytes and seconds.
#[derive(Debug, Deserialize, serde::Serialize)]
pub struct Report {
    /// Wall-clock time of the job, after the file was read.
    pub seconds: f64,
    /// Peak resident set of the whole process (`VmHWM`).
    pub peak: Option<u64>,
    /// Resident set at the end, with the result still alive (`VmRSS`).
    pub end: Option<u64>,
    /// The most heap bytes live at once (the file's text included); 0 when
    /// not counted.
    pub heap_peak: u64,
    /// Heap bytes live at the end: the text and the job's result; 0 when
    /// not counted.
    pub heap_end: u64,
}

/// How a child measures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counting {
    /// Count heap bytes (for the memory table).
    Heap,
    /// Do not: the job's time is what matters.
    Off,
}

/// The child's side: do `job` on `file`, print a [`Report`] as JSON.
pub fn child(job: Job, file: &Path, counting: Counting) -> io::Result<()> {
    if counting == Counting::Heap {
        crate::heap::start();
    }
    let text = std::fs::read_to_string(file)?;
    let start = Instant::now();
    match job {
        Job::Read => finish(start, &text),
        Job::Value => {
            let value: serde_json::Value = serde_json::from_str(&text).map_err(io::Error::other)?;
            finish(start, &value)
        }
        Job::Load => finish(start, &logicmodel::load_str(&text)),
        Job::LoadCheck => {
            let loaded = logicmodel::load_str(&text);
            let diagnostics = loaded.model.as_ref().map(|m| m.check());
            finish(start, &(loaded, diagnostics))
        }
        Job::Render => {
            let loaded = logicmodel::load_str(&text);
            let model = loaded
                .model
                .ok_or_else(|| io::Error::other("the model does not load"))?;
            let diagram = logicmodel::render::diagram(&model, &Default::default());
            let svg = logicmodel::render::svg(&model, &diagram, &Default::default());
            finish(start, &(model, diagram, svg))
        }
    }
}

/// Prints the report while `alive` (the job's result) is still in memory.
fn finish<T>(start: Instant, alive: &T) -> io::Result<()> {
    let seconds = start.elapsed().as_secs_f64();
    let report = Report {
        seconds,
        peak: status_field("VmHWM"),
        end: status_field("VmRSS"),
        heap_peak: crate::heap::peak() as u64,
        heap_end: crate::heap::live() as u64,
    };
    println!(
        "{}",
        serde_json::to_string(&report).map_err(io::Error::other)?
    );
    std::hint::black_box(alive);
    Ok(())
}

/// A `kB` field of `/proc/self/status`, in bytes.
fn status_field(name: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status
        .lines()
        .find(|l| l.starts_with(name) && l[name.len()..].starts_with(':'))?;
    let kib: u64 = line[name.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib * 1024)
}

/// The parent's side: runs `job` on `file` in a child process.
pub fn measure(job: Job, file: &Path, counting: Counting) -> io::Result<Report> {
    let mut command = Command::new(std::env::current_exe()?);
    command.arg("peak").arg("--job").arg(
        job.to_possible_value()
            .expect("no skipped variants")
            .get_name(),
    );
    if counting == Counting::Off {
        command.arg("--timing-only");
    }
    let output = command.arg(file).output()?;
    if !output.status.success() {
        return Err(io::Error::other(format!(
            "the `{job:?}` child failed: {}",
            String::from_utf8_lossy(&output.stderr)
        )));
    }
    serde_json::from_slice(&output.stdout).map_err(io::Error::other)
}
