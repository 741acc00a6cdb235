//! Reading model files (or stdin for `-`) and loading them with the library.
//!
//! Every file a run reads is remembered by its identity (device and inode,
//! taken from the open handle, so symlinks and hard links count as the same
//! file): [`crate::output`] refuses to write over any of them. Commands that
//! read other inputs (a CSV, a second model) must read them through
//! [`read_file`] to get the same protection.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::Mutex;

use logicmodel::interchange::import::{self, csv::CsvInput, Imported, Places};
use logicmodel::Loaded;

use crate::visible::visible;

/// A model file as read: its display name, its text (for snippets) and what loading found.
pub struct Source {
    /// The path as the user gave it, or `<stdin>`.
    pub name: String,
    /// The file's text; empty when it is not UTF-8.
    pub text: String,
    /// The loaded model and load diagnostics.
    pub loaded: Loaded,
    /// For a model read from a workbook or CSV tables: where its
    /// locations are (sheet and cell); `None` for a JSON file.
    pub places: Option<Places>,
}

/// What kind of file a model path is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON model file (or stdin).
    Json,
    /// An xlsx workbook (`.xlsx`).
    Workbook,
    /// One CSV table (`.csv`).
    Csv,
    /// A folder of CSV tables.
    CsvFolder,
}

/// The kind of model file `path` names: by extension, or a directory.
pub fn kind_of(path: &Path) -> Kind {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("xlsx") => Kind::Workbook,
        Some("csv") => Kind::Csv,
        _ if path.as_os_str() != "-" && path.is_dir() => Kind::CsvFolder,
        _ => Kind::Json,
    }
}

/// The identity of a file: the same for every path to it (symlinks, hard
/// links, `./x` and `x`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FileId {
    device: u64,
    inode: u64,
}

impl FileId {
    /// The identity of the file `metadata` describes.
    #[cfg(unix)]
    pub fn of(metadata: &std::fs::Metadata) -> FileId {
        use std::os::unix::fs::MetadataExt;
        FileId {
            device: metadata.dev(),
            inode: metadata.ino(),
        }
    }

    /// Off Unix there is no inode to compare; outputs are then checked by
    /// canonical path only (see `output`).
    #[cfg(not(unix))]
    pub fn of(_metadata: &std::fs::Metadata) -> FileId {
        FileId {
            device: 0,
            inode: 0,
        }
    }

    fn is_known(self) -> bool {
        cfg!(unix)
    }
}

/// The regular files read so far, with the name the user gave each.
static READ: Mutex<Vec<(FileId, String)>> = Mutex::new(Vec::new());

/// Remembers that the run read the file `metadata` describes, if it is a
/// regular file (reading a pipe or a device cannot be undone by writing it).
pub fn remember(metadata: &std::fs::Metadata, name: &str) {
    let id = FileId::of(metadata);
    if metadata.is_file() && id.is_known() {
        let mut read = READ.lock().unwrap_or_else(|e| e.into_inner());
        if !read.iter().any(|(known, _)| *known == id) {
            read.push((id, name.to_owned()));
        }
    }
}

/// The name of the input that is the file `id`, if the run read it.
pub fn input_named(id: FileId) -> Option<String> {
    if !id.is_known() {
        return None;
    }
    let read = READ.lock().unwrap_or_else(|e| e.into_inner());
    read.iter()
        .find(|(known, _)| *known == id)
        .map(|(_, name)| name.clone())
}

/// The bytes of `path` (stdin for `-`), remembered as an input. Errors name
/// the path and say what is wrong in plain words.
pub fn read_file(path: &Path) -> io::Result<(String, Vec<u8>)> {
    if path.as_os_str() == "-" {
        return read_stdin().map(|bytes| ("<stdin>".to_owned(), bytes));
    }
    let name = path.display().to_string();
    let shown = visible(&name).into_owned();
    let fail = |e: io::Error| {
        let why = match e.kind() {
            io::ErrorKind::NotFound => "no such file".to_owned(),
            io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
            _ => e.to_string(),
        };
        io::Error::new(e.kind(), format!("cannot read {shown}: {why}"))
    };
    let mut file = File::open(path).map_err(fail)?;
    let metadata = file.metadata().map_err(fail)?;
    if metadata.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{shown} is a directory, not a model file"),
        ));
    }
    remember(&metadata, &name);
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(fail)?;
    Ok((name, bytes))
}

/// Standard input, read whole; a regular file redirected into it
/// (`< plan.json`) is remembered as an input.
fn read_stdin() -> io::Result<Vec<u8>> {
    let stdin = io::stdin();
    if let Some(metadata) = stdin_metadata() {
        if metadata.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "stdin is a directory, not a model file (`-` reads the model from stdin)",
            ));
        }
        remember(&metadata, "<stdin>");
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read the model from stdin: {e}")))?;
    Ok(bytes)
}

/// What standard input is, when it can be asked.
#[cfg(unix)]
pub fn stdin_metadata() -> Option<std::fs::Metadata> {
    use std::os::fd::AsFd;
    let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok()
}

#[cfg(not(unix))]
pub fn stdin_metadata() -> Option<std::fs::Metadata> {
    None
}

/// Reads and loads one file. I/O problems (missing file, a directory,
/// permissions) are errors; content problems are diagnostics in the result.
///
/// A workbook (`.xlsx`), a CSV table (`.csv`) or a folder of CSV tables is
/// imported (docs/interchange.md); anything else is read as JSON.
pub fn read_model(path: &Path) -> io::Result<Source> {
    if kind_of(path) == Kind::CsvFolder {
        return read_csv_folder(path);
    }
    let (name, bytes) = read_file(path)?;
    Ok(source_from_bytes(name, &bytes))
}

/// Reads every `.csv` file of a folder, in name order, as one model's tables.
fn read_csv_folder(path: &Path) -> io::Result<Source> {
    let name = path.display().to_string();
    let shown = visible(&name).into_owned();
    let mut paths: Vec<_> = std::fs::read_dir(path)
        .map_err(|e| io::Error::new(e.kind(), format!("cannot read the folder {shown}: {e}")))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| kind_of(p) == Kind::Csv && p.is_file())
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{shown} is a directory with no .csv files, not a model (a folder of CSV tables holds nodes.csv, links.csv, …)"),
        ));
    }
    let mut files = Vec::with_capacity(paths.len());
    for file in &paths {
        let (_, bytes) = read_file(file)?;
        let file_name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        files.push((file_name, bytes));
    }
    let inputs: Vec<CsvInput<'_>> = files
        .iter()
        .map(|(name, bytes)| CsvInput { name, bytes })
        .collect();
    Ok(imported(name, import::csv::read(&inputs)))
}

fn imported(name: String, imported: Imported) -> Source {
    Source {
        name,
        text: String::new(),
        loaded: imported.loaded,
        places: Some(imported.places),
    }
}

/// One CSV table of a folder of them is rarely meant alone: when reading
/// it found errors and the folder holds other CSV files, the first error
/// says to read the folder.
fn point_at_the_folder(file: &Path, read: &mut Imported) {
    let Some(first) = read
        .loaded
        .diagnostics
        .iter_mut()
        .find(|d| d.severity() == logicmodel::Severity::Error)
    else {
        return;
    };
    let folder = match file.parent() {
        Some(p) if p.as_os_str().is_empty() => Path::new("."),
        Some(p) => p,
        None => return,
    };
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    let others = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.file_name() != file.file_name() && kind_of(p) == Kind::Csv)
        .count();
    if others > 0 {
        first.add_note(&format!(
            "{} is one table; its folder holds {others} more CSV {}: read the folder `{}` to read them together",
            file.file_name().unwrap_or_default().to_string_lossy(),
            if others == 1 { "file" } else { "files" },
            folder.display()
        ));
    }
}

/// Loads a model from bytes already read (`serve` reads the file itself, to
/// compare it with the last version); the name's extension says whether
/// they are a workbook, a CSV table or JSON.
pub fn source_from_bytes(name: String, bytes: &[u8]) -> Source {
    match kind_of(Path::new(&name)) {
        Kind::Workbook => return imported(name, import::workbook::read(bytes)),
        Kind::Csv => {
            let file_name = Path::new(&name)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let input = CsvInput {
                name: &file_name,
                bytes,
            };
            let mut read = import::csv::read(&[input]);
            point_at_the_folder(Path::new(&name), &mut read);
            return imported(name.clone(), read);
        }
        Kind::Json | Kind::CsvFolder => {}
    }
    let loaded = logicmodel::load_bytes(bytes);
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = String::from_utf8(body.to_vec()).unwrap_or_default();
    Source {
        name,
        text,
        loaded,
        places: None,
    }
}
