//! Stage 1 of the pipeline: the JSON file format v1.
//!
//! [`load_str`] and its siblings read a file in one pass (`read.rs`) that
//! hands each record to the [`ModelBuilder`](crate::model::ModelBuilder)
//! as soon as it is read and reports every problem of the file with its
//! position: a value of the wrong type, a missing or unknown key, a bad
//! name; only a JSON syntax error stops the pass. The keys of the format
//! are declared once (`keys.rs`), for the reader, the writer and the JSON
//! Schema. [`write`] writes a model back as format-1 JSON, losslessly.
//!
//! Architecture invariant: knows nothing of graphs, layout or SVG; builds
//! models only through the builder's records (`model` never imports this
//! module). Every diagnostic it makes has a position.

mod keys;
mod locate;
mod read;
mod write;

use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, LineIndex};
use crate::model::Model;
pub use read::FORMAT_VERSION;
pub use write::{to_string, to_writer, WIDTH};

/// The result of loading a file: a model when the text could be read as one
/// (possibly with parts dropped), and every problem found while loading.
///
/// Loading reports, it does not stop: a model with a dangling edge still
/// loads (without that edge) so that it can be rendered, and the diagnostic
/// says what was left out.
#[derive(Debug)]
pub struct Loaded {
    /// The model, unless the text is not JSON or not a JSON object.
    pub model: Option<Model>,
    /// Problems found while loading, sorted by position. Checks of the
    /// graph are not included: call [`Model::check`] for those.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    /// Whether loading found an error (the model, if any, is incomplete).
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity() == crate::Severity::Error)
    }

    /// The model if it loaded without an error, else the diagnostics as an
    /// error, so that `?` works:
    ///
    /// ```
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let model = logicmodel::load_str(r#"{"format": 1, "title": "t"}"#).into_result()?;
    /// assert_eq!(model.title(), "t");
    /// let broken = logicmodel::load_str(r#"{"format": 1, "title": 3}"#).into_result();
    /// assert!(broken.unwrap_err().to_string().contains("`title` must be a string"));
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_result(self) -> Result<Model, LoadError> {
        match self.model {
            Some(model) if !self.has_errors() => Ok(model),
            _ => Err(LoadError {
                diagnostics: self.diagnostics,
            }),
        }
    }
}

/// A model that did not load cleanly: every diagnostic of loading it
/// (errors first in the message, all of them in [`LoadError::diagnostics`]).
#[derive(Clone, Debug)]
pub struct LoadError {
    /// Every diagnostic of loading, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity() == crate::Severity::Error);
        match errors.next() {
            Some(first) => {
                write!(f, "{first}")?;
                let more = errors.count();
                if more > 0 {
                    write!(f, " (and {more} more)")?;
                }
                Ok(())
            }
            None => f.write_str("the model did not load"),
        }
    }
}

impl std::error::Error for LoadError {}

/// How to load.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct LoadOptions {
    /// Whether loading may use a second thread for a big file (the
    /// default). The result is the same either way.
    pub threads: bool,
}

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions { threads: true }
    }
}

impl LoadOptions {
    /// Options that keep all work on the caller's thread.
    pub fn single_threaded() -> LoadOptions {
        LoadOptions { threads: false }
    }
}

/// Loads a model from JSON text.
///
/// ```
/// let loaded = logicmodel::load_str(r#"{"format": 1, "title": "Empty plan"}"#);
/// assert!(loaded.diagnostics.is_empty());
/// assert_eq!(loaded.model.unwrap().title(), "Empty plan");
/// ```
///
/// Cost: O(n) in the length of the text, in one pass, with the model
/// built on a second thread above 1 MiB; peak memory is about the text
/// plus the model.
pub fn load_str(text: &str) -> Loaded {
    load_str_with(text, LoadOptions::default())
}

/// [`load_str`] with options.
pub fn load_str_with(text: &str, options: LoadOptions) -> Loaded {
    let (model, mut diagnostics) = read::read(text, options.threads);
    crate::diagnostic::sort(&mut diagnostics);
    Loaded { model, diagnostics }
}

/// Loads a model from bytes, which must be UTF-8 (a byte-order mark is allowed).
///
/// Bytes that are not UTF-8 give an `invalid-json` diagnostic at the first bad byte.
pub fn load_bytes(bytes: &[u8]) -> Loaded {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text),
        Err(error) => {
            let valid = &bytes[..error.valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let text = std::str::from_utf8(valid).unwrap_or_default();
            let location = LineIndex::new(text).locate(text, text.len(), 1);
            Loaded {
                model: None,
                diagnostics: vec![Diagnostic::new(
                    Code::InvalidJson,
                    format!(
                        "the file is not valid UTF-8 (byte offset {})",
                        error.valid_up_to()
                    ),
                    location,
                )
                .with_help("save the file as UTF-8")],
            }
        }
    }
}

/// Loads a model from a reader (a file, stdin).
///
/// # Errors
/// Only I/O errors of the reader; problems in the content are diagnostics.
pub fn load_reader(mut reader: impl Read) -> io::Result<Loaded> {
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes)?;
    Ok(load_bytes(&bytes))
}

/// Loads a model from a file.
///
/// # Errors
/// I/O errors (missing file, a directory, no permission); problems in the
/// content are diagnostics.
pub fn load_path(path: impl AsRef<Path>) -> io::Result<Loaded> {
    let bytes = std::fs::read(path)?;
    Ok(load_bytes(&bytes))
}

/// The JSON Schema of format v1, generated from the format's key tables.
///
/// ```
/// let schema = logicmodel::format::json_schema();
/// assert_eq!(schema["title"], "logicmodel format v1");
/// ```
pub fn json_schema() -> serde_json::Value {
    keys::json_schema()
}

/// Converts serde_json's syntax error (1-based line, 1-based byte column)
/// into a diagnostic with a character column.
fn json_error(text: &str, error: &serde_json::Error) -> Diagnostic {
    let lines = LineIndex::new(text);
    let mut offset = lines.offset_of(text, error.line(), error.column());
    // serde_json reports a control character inside a skipped string at the
    // byte before it; point at the character itself.
    if error.to_string().starts_with("control character") {
        if let Some(found) = text[offset..]
            .char_indices()
            .take(4)
            .find(|&(_, c)| c.is_control())
        {
            offset += found.0;
        }
    }
    let location = lines.locate(text, offset, 0);
    let mut message = error.to_string();
    // serde_json appends " at line L column C"; we show our own location.
    if let Some(cut) = message.rfind(" at line ") {
        message.truncate(cut);
    }
    Diagnostic::new(
        Code::InvalidJson,
        format!("invalid JSON: {message}"),
        location,
    )
}
