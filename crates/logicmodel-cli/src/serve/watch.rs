//! Watching the model file: one `notify` watcher on the file's directory,
//! events filtered by the file's name, handed on through a channel of one.
//!
//! The directory is watched, not the file: editors that save by writing a
//! new file and renaming it over the old one (vim, VS Code, JetBrains, most
//! "atomic save" settings) replace the file, and a watch on the file itself
//! would follow the old one into oblivion. A change only needs to be known,
//! not counted, so the channel holds at most one pending change and further
//! events are dropped while it is full: nothing queues up however busy the
//! directory is.

use std::ffi::OsString;
use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, SyncSender};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecursiveMode, Watcher};

/// How long the file must stay quiet before it is read: editors save in
/// steps (truncate, write, rename), and reading in between would show a
/// half-written file for a moment.
const QUIET: Duration = Duration::from_millis(50);
/// The longest a change waits for quiet, so a file written continuously
/// still shows up.
const MAX_WAIT: Duration = Duration::from_millis(400);
/// How often the fallback watcher looks at the directory, where the
/// system's notifications are not available.
const POLL_INTERVAL: Duration = Duration::from_millis(300);

/// The watcher (kept alive by its owner) and where its changes arrive.
pub struct FileWatch {
    _watcher: Box<dyn Watcher + Send>,
    changes: Receiver<()>,
    /// Whether the system's notifications failed and the directory is polled.
    pub polling: bool,
}

/// Whether an event can mean the file's content changed. Reading the file
/// (ours included) produces access events, which must not count, or every
/// reload would cause the next one.
fn may_change(event: &Event) -> bool {
    match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

fn handler(name: OsString, sender: SyncSender<()>) -> impl FnMut(notify::Result<Event>) + Send {
    move |event: notify::Result<Event>| {
        let relevant = match &event {
            Ok(event) => {
                event.need_rescan()
                    || (may_change(event)
                        && event
                            .paths
                            .iter()
                            .any(|p| p.file_name() == Some(name.as_os_str())))
            }
            // A watcher error may have lost events: look again.
            Err(_) => true,
        };
        if relevant {
            // Full means a change is already pending: that one covers this.
            let _ = sender.try_send(());
        }
    }
}

/// Starts watching `file` (which need not exist yet; its directory must).
pub fn watch(file: &Path) -> notify::Result<FileWatch> {
    let directory = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => Path::new(".").to_owned(),
    };
    let name = file.file_name().map(OsString::from).unwrap_or_default();
    let (sender, changes) = mpsc::sync_channel(1);
    let native = notify::recommended_watcher(handler(name.clone(), sender.clone())).and_then(
        |mut watcher| {
            watcher.watch(&directory, RecursiveMode::NonRecursive)?;
            Ok(watcher)
        },
    );
    match native {
        Ok(watcher) => Ok(FileWatch {
            _watcher: Box::new(watcher),
            changes,
            polling: false,
        }),
        Err(_) => {
            // No inotify watch left, a file system without notifications
            // (some network mounts): look at the directory every 300 ms.
            let config = notify::Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(false);
            let mut watcher = notify::PollWatcher::new(handler(name, sender), config)?;
            watcher.watch(&directory, RecursiveMode::NonRecursive)?;
            Ok(FileWatch {
                _watcher: Box::new(watcher),
                changes,
                polling: true,
            })
        }
    }
}

impl FileWatch {
    /// Waits for the next change and for the file to go quiet after it.
    /// `None` when the watcher has stopped.
    pub fn next_change(&self) -> Option<()> {
        self.changes.recv().ok()?;
        let start = Instant::now();
        while start.elapsed() < MAX_WAIT {
            match self.changes.recv_timeout(QUIET) {
                Ok(()) => continue,
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return None,
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saving_by_rename_is_seen_and_reading_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("plan.json");
        std::fs::write(&file, "{}").unwrap();
        let watch = watch(&file).unwrap();
        // Reading the file (as every reload does) is no change.
        let _ = std::fs::read(&file).unwrap();
        assert!(
            watch
                .changes
                .recv_timeout(Duration::from_millis(300))
                .is_err(),
            "a read is not a change"
        );
        // An editor's save: a new file renamed over the old one.
        let temporary = dir.path().join(".plan.json.swp");
        std::fs::write(&temporary, "{\"a\": 1}").unwrap();
        std::fs::rename(&temporary, &file).unwrap();
        assert!(watch.next_change().is_some());
        // Other files in the directory are no change either.
        std::fs::write(dir.path().join("other.json"), "x").unwrap();
        assert!(
            watch
                .changes
                .recv_timeout(Duration::from_millis(300))
                .is_err(),
            "another file"
        );
    }
}
