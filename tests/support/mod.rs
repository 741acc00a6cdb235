//! What the CLI tests share: where the repository's files are, how the
//! binary is run, and how its output is read. Each test file has
//! `mod support;`.

// Every test binary compiles this module and uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// A file of the repository, by its path from the top.
pub fn repo_file(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// A shipped model, by its file name in `models/`.
pub fn model_path(name: &str) -> PathBuf {
    repo_file("models").join(name)
}

/// The seed plan, `models/gotsu-smart-city.json`.
pub fn seed() -> PathBuf {
    model_path("gotsu-smart-city.json")
}

/// A path as a command-line argument.
pub fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

/// The binary, with the user's `NO_COLOR` taken away so that tests of
/// colour see only what they set.
pub fn logicmodel() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_logicmodel"));
    command.env_remove("NO_COLOR");
    command
}

/// Runs the binary with `args` and nothing on its standard input.
pub fn run(args: &[&str]) -> Output {
    logicmodel()
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the logicmodel binary runs")
}

/// The exit status, after checking that the command did not panic or die.
pub fn status(output: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal:\n{stderr}"));
    assert_ne!(code, 101, "the command panicked:\n{stderr}");
    assert!(
        !stderr.contains("panicked"),
        "the command panicked:\n{stderr}"
    );
    code
}

/// Standard output, which is always UTF-8.
pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// Standard error, which is always UTF-8 (model text is shown escaped).
pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}
