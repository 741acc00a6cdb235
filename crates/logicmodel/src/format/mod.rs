//! Stage 1 of the pipeline: the JSON file format v1.
//!
//! Reads bytes into the [`raw`] layer with a source [`Location`] for every
//! object and key, reporting every problem of the file in one run (wrong
//! types, missing fields, unknown keys with a suggestion) instead of stopping
//! at the first. It knows nothing of graphs, layout or SVG; it hands the raw
//! layer to [`crate::model`] for validation.
//!
//! There are two readers. The fast one (`fast.rs`) is a single `serde_json`
//! pass straight into the model builder, for files without a load error;
//! it takes positions from borrowed slices of the text. When it meets
//! anything it would not read exactly as the other reader, it gives up and
//! the AST reader (`read.rs`) runs: `serde_json` first validates the syntax
//! strictly (exact RFC 8259, with its precise error position), then
//! `jsonc-parser` (in strict mode) builds an AST with byte ranges, which
//! `serde_json` cannot give. Both stop at a nesting limit (128 and 512), so
//! hostile input cannot overflow the stack (the property tests feed
//! 100,000-deep arrays).

mod fast;
pub mod raw;
mod read;

use std::io::{self, Read};
use std::path::Path;

use crate::diagnostic::{Code, Diagnostic, LineIndex, Location};
use crate::model::Model;

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
}

/// Loads a model from JSON text.
///
/// ```
/// let loaded = logicmodel::load_str(r#"{"format": 1, "title": "Empty plan"}"#);
/// assert!(loaded.diagnostics.is_empty());
/// assert_eq!(loaded.model.unwrap().title(), "Empty plan");
/// ```
///
/// Cost: O(n) in the length of the text. A valid file is read in one pass,
/// with the model built on a second thread above 1 MiB; peak memory is
/// about the text plus the model. A file with a load error is read a second
/// time by a slower reader that reports every problem.
pub fn load_str(text: &str) -> Loaded {
    match fast::load(text) {
        Some((model, mut diagnostics)) => {
            crate::diagnostic::sort(&mut diagnostics);
            Loaded {
                model: Some(model),
                diagnostics,
            }
        }
        None => load_slowly(text),
    }
}

/// Loads with the AST reader, which reports every load error with its
/// position; [`load_str`] comes here when the fast path gives up.
fn load_slowly(text: &str) -> Loaded {
    let lines = LineIndex::new(text);
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        return Loaded {
            model: None,
            diagnostics: vec![json_error(text, &lines, &error)],
        };
    }
    let (raw, mut diagnostics) = match read::read(text, &lines) {
        Ok(read) => read,
        Err(diagnostic) => {
            return Loaded {
                model: None,
                diagnostics: vec![diagnostic],
            }
        }
    };
    let model = Model::build(raw, &mut diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    Loaded {
        model: Some(model),
        diagnostics,
    }
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

/// The JSON Schema of format v1, generated from the [`raw`] types.
///
/// ```
/// let schema = logicmodel::format::json_schema();
/// assert_eq!(schema["title"], "logicmodel format v1");
/// ```
pub fn json_schema() -> serde_json::Value {
    let schema = schemars::schema_for!(raw::RawModel);
    schema.to_value()
}

/// Converts serde_json's syntax error (1-based line, 1-based byte column)
/// into a diagnostic with a character column.
fn json_error(text: &str, lines: &LineIndex, error: &serde_json::Error) -> Diagnostic {
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

pub(crate) fn location_of(
    text: &str,
    lines: &LineIndex,
    range: jsonc_parser::common::Range,
) -> Location {
    lines.locate(text, range.start, range.end.saturating_sub(range.start))
}

/// Above this many ids, a dangling reference gets no "did you mean".
pub(crate) const MAX_SUGGESTION_CANDIDATES: usize = 5_000;

/// The id in `known` closest to `id`, when it is close enough to be a typo.
/// Skipped for very large models, where scanning every id per reference
/// would make a file full of typos quadratic.
pub(crate) fn closest_id<'a>(id: &str, known: &[&'a str]) -> Option<&'a str> {
    if known.len() > MAX_SUGGESTION_CANDIDATES {
        return None;
    }
    read::closest(id, known)
}
