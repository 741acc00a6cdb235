//! Temporary files that an interrupted run must not leave behind.
//!
//! An output file is written into a hidden `.logicmodel-*.tmp` beside it
//! and renamed over the target at the end (see [`crate::output`]). If the
//! run is stopped by SIGINT (Ctrl-C), SIGTERM or SIGHUP meanwhile, a
//! signal-handling thread (signal-hook) removes every temporary file still
//! registered here and then ends the process by the same signal, so the
//! shell sees what it expects. The old file is untouched either way.
//! SIGKILL cannot be caught: a killed run may leave its temporary file
//! (never a damaged output).
//!
//! A temporary file is registered while the registry's lock is held from
//! before it is created until it is listed, and renamed or removed under the
//! same lock, so the handler never misses one nor removes a file that has
//! already become the output.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, Once};

/// The temporary files being written, by path.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> MutexGuard<'static, Vec<PathBuf>> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Runs `create` (which makes a temporary file and returns its path with
/// the file) and registers the path, both under the registry's lock.
pub fn create<T>(create: impl FnOnce() -> std::io::Result<(PathBuf, T)>) -> std::io::Result<T> {
    install_handler();
    let mut pending = pending();
    let (path, made) = create()?;
    pending.push(path);
    Ok(made)
}

/// Runs `finish` (which renames or removes the temporary file at `path`)
/// and forgets the path, both under the registry's lock.
pub fn finish<T>(path: &Path, finish: impl FnOnce() -> T) -> T {
    let mut pending = pending();
    let result = finish();
    pending.retain(|p| p != path);
    result
}

/// Starts the signal-handling thread, once.
fn install_handler() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        #[cfg(unix)]
        unix::install();
    });
}

#[cfg(unix)]
mod unix {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    use signal_hook::iterator::Signals;

    pub fn install() {
        // Without the handler a signal still ends the run; only the cleanup is lost.
        let Ok(mut signals) = Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
            return;
        };
        let spawned = std::thread::Builder::new()
            .name("signal-cleanup".to_owned())
            .spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    // The lock is kept until the process ends: no new
                    // temporary file can be made after this point.
                    let pending = super::pending();
                    for path in pending.iter() {
                        let _ = std::fs::remove_file(path);
                    }
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                    std::process::exit(128 + signal);
                }
            });
        drop(spawned);
    }
}
