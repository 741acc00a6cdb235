//! Messages for the person at the terminal, on stderr: diagnostics, errors,
//! notes and the `wrote …` lines.
//!
//! Writing a message never fails a command: a closed stderr
//! (`logicmodel check BAD 2>&1 | head -1`), a full one (`2>/dev/full`) or
//! any other write error is ignored, so the work still gets done (an output
//! file still written) and the exit status stays the one the model deserves.
//! `-q/--quiet` silences the lines that only report success.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diagnostics::ColorChoice;

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences [`success`] lines for the rest of the run (`-q/--quiet`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `-q/--quiet` was given.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// Writes `text` and a newline to stderr, ignoring write errors. The text
/// must already be safe for a terminal (model text through
/// [`crate::visible::visible`]).
pub fn message(text: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.write_all(b"\n");
    let _ = stderr.flush();
}

/// `error: …` on stderr; the message is made visible first.
pub fn error(text: &str) {
    message(&format!("error: {}", crate::visible::visible(text)));
}

/// `note: …` on stderr (not silenced by `--quiet`: a note says something
/// about the result the user would not expect).
pub fn note(text: &str) {
    message(&format!("note: {}", crate::visible::visible(text)));
}

/// A line that only reports success (`wrote plan.svg (…)`, a clean file's
/// summary): printed unless `--quiet`.
pub fn success(text: &str) {
    if !quiet() {
        message(&crate::visible::visible(text));
    }
}

/// Whether to colour what goes to stderr: `--color always|never`, or for
/// `auto` what anstream decides from the environment — `NO_COLOR`,
/// `CLICOLOR_FORCE`, `CLICOLOR=0`, `TERM=dumb` and whether stderr is a
/// terminal.
pub fn color_for_stderr(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => !matches!(
            anstream::AutoStream::choice(&std::io::stderr()),
            anstream::ColorChoice::Never
        ),
    }
}

/// How many columns stdout has: `COLUMNS` when it is set to a number,
/// else the size of the terminal stdout is, else `None` (a pipe or file,
/// whose output must not depend on a terminal).
pub fn stdout_width() -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0)
    {
        return Some(columns);
    }
    terminal_size::terminal_size_of(std::io::stdout())
        .map(|(terminal_size::Width(width), _)| usize::from(width))
        .filter(|&w| w > 0)
}
