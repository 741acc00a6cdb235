//! Reading model files (or stdin for `-`) and loading them with the library.

use std::io::{self, Read};
use std::path::Path;

use logicmodel::Loaded;

/// A model file as read: its display name, its text (for snippets) and what loading found.
pub struct Source {
    /// The path as the user gave it, or `<stdin>`.
    pub name: String,
    /// The file's text; empty when it is not UTF-8.
    pub text: String,
    /// The loaded model and load diagnostics.
    pub loaded: Loaded,
}

/// Reads and loads one file. I/O problems (missing file, a directory,
/// permissions) are errors; content problems are diagnostics in the result.
pub fn read_model(path: &Path) -> io::Result<Source> {
    let (name, bytes) = if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        io::stdin().lock().read_to_end(&mut bytes)?;
        ("<stdin>".to_owned(), bytes)
    } else {
        if path.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is a directory, not a model file", path.display()),
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            io::Error::new(e.kind(), format!("cannot read {}: {e}", path.display()))
        })?;
        (path.display().to_string(), bytes)
    };
    Ok(source_from_bytes(name, &bytes))
}

/// Loads a model from bytes already read (`serve` reads the file itself, to
/// compare it with the last version).
pub fn source_from_bytes(name: String, bytes: &[u8]) -> Source {
    let loaded = logicmodel::load_bytes(bytes);
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8(body.to_vec()).unwrap_or_default();
    Source { name, text, loaded }
}
