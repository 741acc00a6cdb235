//! Where results go, and the one way every command opens an output:
//! [`Output::create`].
//!
//! The promises (docs/security.md):
//! - an output is never one of the run's inputs, by device and inode, so
//!   `./m.json`, a symlink or a hard link to the model are all refused
//!   (exit 2); nor is it another output of the same run;
//! - a regular file is replaced atomically: written into a hidden
//!   `.logicmodel-*.tmp` in the same directory, synced, then renamed over
//!   the target (a symlink is followed, so the link stays a link), keeping
//!   the old file's mode; a failed or interrupted run leaves the old file
//!   and no temporary file (see [`crate::cleanup`]);
//! - character devices and FIFOs are written straight into, sockets are
//!   connected to; `-`, `/dev/stdout` and `/dev/stderr` are the streams;
//!   a block device is refused;
//! - an existing file that is read-only (not writable by this user, or with
//!   no write permission bit at all, which also stops root) is refused, as
//!   `cp` without `-f` would;
//! - a path that cannot be a file (`.`, `newdir/`, a missing directory)
//!   gets a message saying which path is wrong and why.
//!
//! It also holds the exit statuses and the extension → format choice
//! ([`choose_format`]).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use crate::anyhow_like::Result;
use crate::cleanup;
use crate::input::{self, FileId};
use crate::visible::visible;

/// The outcome of a command that ran.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// No errors (warnings allowed): exit 0.
    Ok,
    /// The input has errors: exit 1.
    InputErrors,
    /// Some input could not be read (reported already): exit 2.
    Failed,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Ok => ExitCode::SUCCESS,
            Status::InputErrors => ExitCode::from(1),
            Status::Failed => ExitCode::from(2),
        }
    }
}

/// Writes to stdout and flushes. A closed pipe (`logicmodel kpi … | head`)
/// is not an error: the reader has what it wanted, and the command goes on
/// to its exit status. Any other failure (a full disk) is.
pub fn write_stdout(bytes: &[u8]) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(io::Error::new(
            e.kind(),
            format!("cannot write to stdout: {e}"),
        )),
        Ok(()) => Ok(()),
    }
}

/// Writes `bytes` to `path` (stdout for `-`) through [`Output::create`].
pub fn write_output(path: &Path, bytes: &[u8]) -> Result<()> {
    Output::create(path)?.finish(bytes)
}

/// Replaces the input file `path` itself with `bytes`, atomically, as
/// `logicmodel fmt` does on purpose: every rule of [`Output::create`] but
/// the one that refuses an input (a read-only file is still refused, a
/// symlink still followed, the mode kept).
pub fn rewrite_in_place(path: &Path, bytes: &[u8]) -> Result<()> {
    let name = path.display().to_string();
    let sink = open(path, &name, InPlace::Yes)?;
    Output { name, sink }.finish(bytes)
}

/// Whether an output may be one of the run's inputs (only `fmt`'s rewrite).
#[derive(Clone, Copy, PartialEq, Eq)]
enum InPlace {
    No,
    Yes,
}

/// What an output path turned out to be.
enum Sink {
    Stdout,
    Stderr,
    /// A character device or a FIFO, written into as it is.
    Device(File),
    #[cfg(unix)]
    Socket(std::os::unix::net::UnixStream),
    /// A regular file, new or replaced, written into a temporary file first.
    Replace(Replacement),
}

struct Replacement {
    /// The temporary file (`None` once renamed).
    temporary: Option<tempfile::NamedTempFile>,
    /// The file to replace, symlinks resolved.
    target: PathBuf,
}

/// Where an output of this run is going, for refusing a second output to
/// the same place: the canonical path, and the file's identity when it exists.
static OPENED: Mutex<Vec<(PathBuf, Option<FileId>, String)>> = Mutex::new(Vec::new());

/// An output being written. Bytes go to it with [`Write`] or
/// [`Output::finish`]; a regular file appears (or is replaced) only at
/// [`Output::commit`], and dropping an uncommitted output removes its
/// temporary file.
pub struct Output {
    name: String,
    sink: Sink,
}

impl Output {
    /// Opens `path` for writing (see the module documentation for what it
    /// refuses and why). `-` is stdout. Nothing visible happens to an
    /// existing file until [`Output::commit`].
    pub fn create(path: &Path) -> Result<Output> {
        let name = path.display().to_string();
        let sink = open(path, &name, InPlace::No)?;
        Ok(Output { name, sink })
    }

    /// The path as the user gave it (`-` for stdout).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Whether this is a file on disk (not stdout, a device, a pipe or a
    /// socket): only then does its extension choose the format.
    pub fn is_file(&self) -> bool {
        matches!(self.sink, Sink::Replace(_))
    }

    /// Whether the bytes go to stdout (`-`, `/dev/stdout`).
    pub fn is_stdout(&self) -> bool {
        matches!(self.sink, Sink::Stdout)
    }

    /// Writes `bytes` and commits.
    pub fn finish(mut self, bytes: &[u8]) -> Result<()> {
        self.write_all(bytes).map_err(|e| self.failed(e))?;
        self.commit()
    }

    fn failed(&self, e: io::Error) -> Box<dyn std::error::Error + Send + Sync> {
        match self.sink {
            Sink::Stdout => format!("cannot write to stdout: {e}").into(),
            _ => format!("cannot write {}: {e}", visible(&self.name)).into(),
        }
    }

    /// Makes the output final: flushes a stream or device, or syncs the
    /// temporary file and renames it over the target.
    pub fn commit(mut self) -> Result<()> {
        let name = visible(&self.name).into_owned();
        match &mut self.sink {
            Sink::Stdout => write_stdout(&[])?,
            Sink::Stderr => {
                let _ = io::stderr().flush();
            }
            Sink::Device(file) => file
                .flush()
                .map_err(|e| format!("cannot write {name}: {e}"))?,
            #[cfg(unix)]
            Sink::Socket(stream) => stream
                .flush()
                .map_err(|e| format!("cannot write {name}: {e}"))?,
            Sink::Replace(replacement) => {
                let Some(temporary) = replacement.temporary.take() else {
                    return Ok(());
                };
                temporary
                    .as_file()
                    .sync_all()
                    .map_err(|e| format!("cannot write {name}: {e}"))?;
                let temporary_path = temporary.path().to_owned();
                cleanup::finish(&temporary_path, || temporary.persist(&replacement.target))
                    .map_err(|e| format!("cannot replace {name}: {}", e.error))?;
            }
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Stdout => match io::stdout().write(bytes) {
                // The reader left: pretend the bytes went, so the command
                // still finishes its other work and exits with its status.
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(bytes.len()),
                other => other,
            },
            Sink::Stderr => Ok(io::stderr().write(bytes).unwrap_or(bytes.len())),
            Sink::Device(file) => file.write(bytes),
            #[cfg(unix)]
            Sink::Socket(stream) => stream.write(bytes),
            Sink::Replace(replacement) => match &mut replacement.temporary {
                Some(file) => file.write(bytes),
                None => Err(io::Error::other("the output is already committed")),
            },
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout => match io::stdout().flush() {
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other,
            },
            Sink::Stderr => Ok(()),
            Sink::Device(file) => file.flush(),
            #[cfg(unix)]
            Sink::Socket(stream) => stream.flush(),
            Sink::Replace(replacement) => match &mut replacement.temporary {
                Some(file) => file.flush(),
                None => Ok(()),
            },
        }
    }
}

impl Drop for Replacement {
    fn drop(&mut self) {
        if let Some(temporary) = self.temporary.take() {
            let path = temporary.path().to_owned();
            cleanup::finish(&path, || drop(temporary));
        }
    }
}

/// Paths that name the process's own streams.
fn stream_of(path: &Path) -> Option<Sink> {
    match path.to_str()? {
        "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" => Some(Sink::Stdout),
        "/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2" => Some(Sink::Stderr),
        _ => None,
    }
}

/// A path the user must have meant as a directory: `.`, `..`, or ending in `/`.
fn names_a_directory(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/')
        || text.ends_with(std::path::MAIN_SEPARATOR)
        || matches!(
            path.components().next_back(),
            Some(std::path::Component::CurDir | std::path::Component::ParentDir)
        )
}

fn open(path: &Path, name: &str, in_place: InPlace) -> Result<Sink> {
    let shown = visible(name).into_owned();
    if let Some(sink) = stream_of(path) {
        if matches!(sink, Sink::Stdout) {
            refuse_stdout_onto_an_input()?;
        }
        return Ok(sink);
    }
    let metadata = match fs::metadata(path) {
        Ok(metadata) => Some(metadata),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(unreachable_path(path, &shown, &e).into()),
    };
    let Some(metadata) = metadata else {
        if names_a_directory(path) {
            return Err(format!(
                "cannot write {shown}: it ends in `/`, so it names a directory, and there is none; name a file"
            )
            .into());
        }
        if fs::symlink_metadata(path).is_ok() {
            let to = fs::read_link(path).map_or(String::new(), |t| {
                format!(" to {}", visible(&t.display().to_string()))
            });
            return Err(format!(
                "cannot write {shown}: it is a symbolic link{to}, which does not exist; remove the link or name another file"
            )
            .into());
        }
        return new_file(path, &shown);
    };
    let kind = metadata.file_type();
    if kind.is_dir() {
        return Err(format!(
            "cannot write {shown}: it is a directory; name a file in it (for example {})",
            visible(&path.join("plan.svg").display().to_string())
        )
        .into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_fifo() {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| format!("cannot write {shown}: {e}"))?;
            return Ok(Sink::Device(file));
        }
        if kind.is_socket() {
            let stream = std::os::unix::net::UnixStream::connect(path).map_err(|e| {
                format!("cannot write {shown}: it is a socket and connecting failed: {e}")
            })?;
            return Ok(Sink::Socket(stream));
        }
        if kind.is_block_device() {
            return Err(format!(
                "cannot write {shown}: it is a block device (a disk); logicmodel writes files, pipes and character devices only"
            )
            .into());
        }
    }
    if !kind.is_file() {
        return Err(format!("cannot write {shown}: it is not a regular file").into());
    }
    existing_file(path, &shown, &metadata, in_place)
}

/// Why a path cannot be looked at, in words: a file where a directory
/// should be, a directory that cannot be entered.
fn unreachable_path(path: &Path, shown: &str, e: &io::Error) -> String {
    // ENOTDIR: some component before the last is a file.
    let blocking = path
        .ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .find(|a| fs::metadata(a).is_ok_and(|m| !m.is_dir()));
    match (blocking, e.kind()) {
        (Some(file), _) => format!(
            "cannot write {shown}: {} is a file, not a directory",
            visible(&file.display().to_string())
        ),
        (None, io::ErrorKind::PermissionDenied) => {
            format!("cannot write {shown}: permission denied on a directory in the path")
        }
        (None, _) => format!("cannot write {shown}: {e}"),
    }
}

/// The directory `path` is in (`.` for a bare name).
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

fn new_file(path: &Path, shown: &str) -> Result<Sink> {
    let dir = parent_of(path);
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => {
            return Err(format!(
                "cannot write {shown}: {} is a file, not a directory",
                visible(&dir.display().to_string())
            )
            .into())
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            return Err(format!(
                "cannot write {shown}: the directory {} does not exist",
                visible(&dir.display().to_string())
            )
            .into())
        }
        Err(e) => return Err(unreachable_path(path, shown, &e).into()),
    }
    let file_name = path
        .file_name()
        .ok_or_else(|| format!("cannot write {shown}: it does not name a file"))?;
    let target = fs::canonicalize(dir)
        .map_err(|e| format!("cannot write {shown}: {e}"))?
        .join(file_name);
    claim(&target, None, shown)?;
    replacement(target, None, shown)
}

fn existing_file(
    path: &Path,
    shown: &str,
    metadata: &fs::Metadata,
    in_place: InPlace,
) -> Result<Sink> {
    let id = FileId::of(metadata);
    if let Some(input) = input::input_named(id).filter(|_| in_place == InPlace::No) {
        let same = if input == path.display().to_string() {
            String::new()
        } else {
            format!(" (the input {})", visible(&input))
        };
        return Err(format!(
            "refusing to write {shown}: it is the same file as an input of this command{same}; writing it would destroy the input — name another output file"
        )
        .into());
    }
    if is_read_only(path, metadata) {
        return Err(format!(
            "cannot write {shown}: it is read-only; make it writable (chmod u+w) or remove it first, as `cp` would need"
        )
        .into());
    }
    let target = fs::canonicalize(path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    claim(&target, Some(id), shown)?;
    replacement(target, Some(metadata), shown)
}

/// Whether an existing file must not be replaced: this user cannot open it
/// for writing, or it has no write permission bit at all (which root's
/// `open` would ignore).
fn is_read_only(path: &Path, metadata: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if metadata.permissions().mode() & 0o222 == 0 {
            return true;
        }
    }
    #[cfg(not(unix))]
    if metadata.permissions().readonly() {
        return true;
    }
    // Opening without truncating changes nothing; it asks the kernel the
    // question `cp` would.
    matches!(
        OpenOptions::new().write(true).open(path),
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied
    )
}

/// Records `target` as an output of this run, refusing a second output to
/// the same file.
fn claim(target: &Path, id: Option<FileId>, shown: &str) -> Result<()> {
    let mut opened = OPENED.lock().unwrap_or_else(|e| e.into_inner());
    // An identity counts only while its file is still there: a replaced
    // file's inode may be reused by a new one.
    let same_file = |path: &Path, known: Option<FileId>| {
        id.is_some()
            && known == id
            && fs::metadata(path).is_ok_and(|m| Some(FileId::of(&m)) == known)
    };
    if let Some((_, _, first)) = opened
        .iter()
        .find(|(path, known, _)| path == target || same_file(path, *known))
    {
        return Err(format!(
            "refusing to write {shown}: it is the same file as another output of this command ({}); name different files",
            visible(first)
        )
        .into());
    }
    opened.push((target.to_owned(), id, shown.to_owned()));
    Ok(())
}

fn replacement(target: PathBuf, old: Option<&fs::Metadata>, shown: &str) -> Result<Sink> {
    let dir = parent_of(&target).to_owned();
    let mut builder = tempfile::Builder::new();
    builder.prefix(".logicmodel-").suffix(".tmp");
    // A temporary file is private (0600); the result should have the
    // permissions of the file it replaces, or the usual 0644 for a new one.
    #[cfg(unix)]
    builder.permissions(match old {
        Some(meta) => meta.permissions(),
        None => std::os::unix::fs::PermissionsExt::from_mode(0o644),
    });
    let temporary = cleanup::create(|| {
        let file = builder.tempfile_in(&dir)?;
        Ok((file.path().to_owned(), file))
    })
    .map_err(|e| {
        format!(
            "cannot write {shown}: cannot create a temporary file in {} to replace it atomically: {e}",
            visible(&dir.display().to_string())
        )
    })?;
    // Replacing another user's file as root keeps it theirs.
    #[cfg(unix)]
    if let Some(old) = old {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::fchown(temporary.as_file(), Some(old.uid()), Some(old.gid()));
    }
    Ok(Sink::Replace(Replacement {
        temporary: Some(temporary),
        target,
    }))
}

/// `logicmodel render M -o - >> M`: refuses when stdout is an input file
/// itself (for commands that write stdout without an [`Output`]).
pub fn refuse_stdout_onto_an_input() -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        let stdout = io::stdout();
        let Ok(fd) = stdout.as_fd().try_clone_to_owned() else {
            return Ok(());
        };
        if let Ok(metadata) = File::from(fd).metadata() {
            if let Some(input) = input::input_named(FileId::of(&metadata)) {
                return Err(format!(
                    "refusing to write to stdout: it is the input {}; redirect it to another file",
                    visible(&input)
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Picks the format to write to `output`: a file's extension decides (and
/// must agree with `--format` when both are given); stdout, devices and
/// pipes take `given` or `default`. An extension the command cannot write
/// is refused with the list of those it can.
///
/// `table` maps lower-case extensions (without the dot) to formats; it is
/// the one place a command's formats are named, so adding one is one line.
pub fn choose_format<F: Copy + PartialEq>(
    output: &Output,
    table: &[(&str, F)],
    given: Option<F>,
    default: F,
    name_of: impl Fn(F) -> &'static str,
) -> Result<F> {
    if !output.is_file() {
        return Ok(given.unwrap_or(default));
    }
    let extension = Path::new(output.name())
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase());
    let found = extension
        .as_deref()
        .and_then(|ext| table.iter().find(|(known, _)| *known == ext))
        .map(|&(_, format)| format);
    let shown = visible(output.name());
    match (found, given) {
        (Some(format), Some(given)) if format != given => Err(format!(
            "cannot write {shown}: its extension means {}, but --format {} was given; name the file .{} or drop --format",
            name_of(format),
            name_of(given),
            table
                .iter()
                .find(|&&(_, f)| f == given)
                .map_or("", |&(ext, _)| ext)
        )
        .into()),
        (Some(format), _) => Ok(format),
        (None, _) => {
            let known: Vec<String> = table.iter().map(|(ext, _)| format!(".{ext}")).collect();
            let what = match extension {
                Some(ext) => format!("cannot write .{} files", visible(&ext)),
                None => "needs a file extension to choose the format".to_owned(),
            };
            Err(format!(
                "cannot write {shown}: this command {what}; it writes {} (or `-` for stdout)",
                known.join(", ")
            )
            .into())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temporaries(dir: &Path) -> usize {
        fs::read_dir(dir)
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .count()
    }

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.svg");
        fs::write(&path, b"old").unwrap();
        write_output(&path, b"new").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new.svg");
        write_output(&path, b"one").unwrap();
        assert_eq!(
            fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o644
        );
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        // A second output of one run to the same file is refused, so a
        // fresh name per write here.
        let other = dir.path().join("kept.svg");
        fs::write(&other, b"x").unwrap();
        fs::set_permissions(&other, fs::Permissions::from_mode(0o640)).unwrap();
        write_output(&other, b"two").unwrap();
        assert_eq!(
            fs::metadata(&other).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn a_dropped_output_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("dropped.svg");
        fs::write(&path, b"old").unwrap();
        let mut output = Output::create(&path).unwrap();
        output.write_all(b"half").unwrap();
        assert_eq!(temporaries(dir.path()), 1);
        drop(output);
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(temporaries(dir.path()), 0);
    }

    #[test]
    fn a_missing_directory_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("missing-dir").join("out.svg");
        let error = write_output(&path, b"x").unwrap_err().to_string();
        assert!(error.contains("the directory"), "{error}");
        assert!(error.contains("missing-dir"), "{error}");
        assert!(error.contains("does not exist"), "{error}");
    }

    #[test]
    fn directories_and_trailing_slashes_are_refused_in_words() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_output(dir.path(), b"x").unwrap_err().to_string();
        assert!(error.contains("is a directory"), "{error}");
        let slash = PathBuf::from(format!("{}/newdir/", dir.path().display()));
        let error = write_output(&slash, b"x").unwrap_err().to_string();
        assert!(error.contains("names a directory"), "{error}");
        let file = dir.path().join("file");
        fs::write(&file, b"").unwrap();
        let error = write_output(&file.join("out.svg"), b"x")
            .unwrap_err()
            .to_string();
        assert!(error.contains("is a file, not a directory"), "{error}");
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_refused_and_kept() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("locked.svg");
        fs::write(&path, b"old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
        let error = write_output(&path, b"new").unwrap_err().to_string();
        assert!(error.contains("read-only"), "{error}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_is_followed_and_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.svg");
        let link = dir.path().join("link.svg");
        fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_output(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn character_devices_are_written_into_not_replaced() {
        write_output(Path::new("/dev/null"), b"nothing").unwrap();
        let metadata = fs::metadata("/dev/null").unwrap();
        use std::os::unix::fs::FileTypeExt;
        assert!(metadata.file_type().is_char_device());
    }

    #[test]
    fn the_extension_chooses_the_format_and_unknown_ones_are_refused() {
        #[derive(Clone, Copy, PartialEq, Debug)]
        enum F {
            Svg,
            Png,
        }
        let table = [("svg", F::Svg), ("png", F::Png)];
        let name = |f: F| match f {
            F::Svg => "SVG",
            F::Png => "PNG",
        };
        let dir = tempfile::tempdir().unwrap();
        let output = Output::create(&dir.path().join("a.PNG")).unwrap();
        assert_eq!(
            choose_format(&output, &table, None, F::Svg, name).unwrap(),
            F::Png
        );
        let error = choose_format(&output, &table, Some(F::Svg), F::Svg, name)
            .unwrap_err()
            .to_string();
        assert!(error.contains("--format SVG"), "{error}");
        for bad in ["a.jpg", "a.svgz", "noextension"] {
            let output = Output::create(&dir.path().join(bad)).unwrap();
            let error = choose_format(&output, &table, None, F::Svg, name)
                .unwrap_err()
                .to_string();
            assert!(error.contains(".svg, .png"), "{error}");
        }
        let stdout = Output::create(Path::new("-")).unwrap();
        assert_eq!(
            choose_format(&stdout, &table, None, F::Svg, name).unwrap(),
            F::Svg
        );
    }
}
