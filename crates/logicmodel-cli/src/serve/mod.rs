//! `logicmodel serve`: a live preview of one model file in the browser.
//!
//! Threads, each bounded:
//! - the main thread accepts connections (at most [`MAX_CONNECTIONS`] at a
//!   time; one more is told 503 and closed) and gives each its own thread,
//!   which answers one request and closes;
//! - one watcher ([`watch`]) on the file's directory, whose events reach
//!   the rebuild thread through a channel of one;
//! - the rebuild thread reads, checks and renders the file, then swaps the
//!   finished page in and wakes the event streams;
//! - Ctrl-C (or SIGTERM, SIGHUP) stops the accept loop and the streams,
//!   and the command ends with status 0.
//!
//! Only two things are served, both made from the model in memory: the page
//! (`GET /`) and its event stream (`GET /events`). No file is ever read
//! from a request's path. By default the server listens on 127.0.0.1 only,
//! and answers only requests addressed to a loopback name (see
//! [`http::is_loopback_host`]).

mod http;
mod watch;

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Duration;

use clap::Args;
use logicmodel::check::Overrides;
use logicmodel::report::{preview, Preview};
use logicmodel::{Diagnostic, Model};

use crate::anyhow_like::Result;
use crate::check::{diagnose, LintArgs};
use crate::diagnostics::{self, Summary};
use crate::input;
use crate::output::Status;

/// Prints a line on stderr. A closed or full stderr must not stop the
/// preview (nor panic a thread, as `eprintln!` would): the line is lost.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(io::stderr(), $($arg)*);
    }};
}

/// The most connections served at once (page loads and event streams).
pub const MAX_CONNECTIONS: usize = 32;
/// The most event streams at once, so that page loads always find room.
pub const MAX_EVENT_STREAMS: usize = 24;
/// How often an idle event stream sends a comment, so that a client that
/// went away is noticed and its thread ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// The model file to preview (not `-`: a file is needed to watch).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The port to listen on; 0 picks a free one (printed at start).
    #[arg(long, default_value_t = 8037)]
    pub port: u16,
    /// The address to listen on. The default, 127.0.0.1, lets only this
    /// machine connect; any other address shows the model to the network.
    #[arg(long, value_name = "ADDRESS", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// Open the preview in the desktop's browser.
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// What the preview serves now.
struct Current {
    /// Changes whenever the page changes.
    version: u64,
    /// The whole page, as served.
    page: Arc<str>,
    /// Set once on Ctrl-C: the streams end, the accept loop stops.
    stopping: bool,
}

/// State shared by all threads: the current page, and a condition variable
/// that wakes the event streams when it changes or the server stops.
struct Shared {
    current: Mutex<Current>,
    changed: Condvar,
    connections: AtomicUsize,
    streams: AtomicUsize,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Current> {
        // A thread that panicked while holding the lock left a whole page
        // or a whole version behind (both are replaced in one assignment).
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Reads, checks and renders the file; keeps the last model that loaded.
struct Reloader {
    path: PathBuf,
    name: String,
    overrides: Overrides,
    last_bytes: Option<Vec<u8>>,
    last_good: Option<Model>,
    /// The diagnostics of `last_good`.
    last_good_diagnostics: Vec<Diagnostic>,
    version: u64,
}

impl Reloader {
    /// Reads the file again. `None` when its bytes did not change (a save
    /// with no change, or an event about another aspect of the file).
    fn rebuild(&mut self) -> Option<(u64, String, String)> {
        let bytes = std::fs::read(&self.path);
        let (page, summary) = match bytes {
            Ok(bytes) => {
                if self.last_bytes.as_deref() == Some(&bytes[..]) {
                    return None;
                }
                let source = input::source_from_bytes(self.name.clone(), &bytes);
                self.last_bytes = Some(bytes);
                let all = diagnose(&source, &self.overrides);
                let summary = diagnostics::summary_line(
                    &source.name,
                    &Summary::new(source.loaded.model.as_ref(), &all),
                );
                let loaded = source.loaded.model.is_some();
                if let Some(model) = source.loaded.model {
                    self.last_good = Some(model);
                    self.last_good_diagnostics = all.clone();
                }
                (self.page(&all, !loaded, None), summary)
            }
            Err(error) => {
                self.last_bytes = None;
                let reason = error.to_string();
                let summary = format!("cannot read {}: {reason}", self.name);
                (self.page(&[], true, Some(&reason)), summary)
            }
        };
        self.version += 1;
        Some((self.version, page, summary))
    }

    fn page(&self, diagnostics: &[Diagnostic], failed: bool, read_error: Option<&str>) -> String {
        preview(&Preview {
            model: self.last_good.as_ref(),
            stale: failed && self.last_good.is_some(),
            diagnostics,
            model_diagnostics: &self.last_good_diagnostics,
            read_error,
            file_name: &self.name,
            version: self.version + 1,
            events: "/events",
        })
    }
}

pub fn run(args: &ServeArgs) -> Result<Status> {
    if args.file.as_os_str() == "-" {
        return Err("serve needs a model file to watch; standard input cannot be watched".into());
    }
    if args.file.is_dir() {
        return Err(format!("{} is a directory, not a model file", args.file.display()).into());
    }
    let mut reloader = Reloader {
        path: args.file.clone(),
        name: args.file.display().to_string(),
        overrides: args.lints.overrides()?,
        last_bytes: None,
        last_good: None,
        last_good_diagnostics: Vec::new(),
        version: 0,
    };
    // The first page; a file that does not exist yet is shown as a problem
    // and picked up when it appears.
    let (version, page, summary) = reloader
        .rebuild()
        .expect("the first read always makes a page: there are no bytes to compare with");
    let watch = watch::watch(&args.file)
        .map_err(|e| format!("cannot watch {} for changes: {e}", args.file.display()))?;
    let wanted = SocketAddr::new(args.host, args.port);
    let listener =
        TcpListener::bind(wanted).map_err(|e| format!("cannot listen on {wanted}: {e}"))?;
    let address = listener.local_addr()?;
    let shared = Arc::new(Shared {
        current: Mutex::new(Current {
            version,
            page: page.into(),
            stopping: false,
        }),
        changed: Condvar::new(),
        connections: AtomicUsize::new(0),
        streams: AtomicUsize::new(0),
    });

    // The URL alone on stdout, for scripts (`--port 0`); the rest on stderr.
    let url = format!("http://{address}/");
    {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "{url}")?;
        stdout.flush()?;
    }
    let reach = if args.host.is_loopback() {
        "only this machine can connect (loopback)".to_owned()
    } else {
        format!(
            "warning: listening on {}: other machines can connect and read the model",
            args.host
        )
    };
    let polled = if watch.polling {
        " (polled every 300 ms: no file notifications here)"
    } else {
        ""
    };
    say!("{summary}");
    say!(
        "serving {} at {url} — {reach}; the page updates when the file changes{polled}; Ctrl-C stops",
        args.file.display()
    );
    if args.open {
        open_in_browser(&url);
    }

    stop_on_signals(&shared, wake_address(address))?;
    spawn_reloads(watch, reloader, Arc::clone(&shared))?;
    accept(&listener, &shared, address.port(), args.host.is_loopback());
    say!("stopped");
    Ok(Status::Ok)
}

/// On Ctrl-C, SIGTERM or SIGHUP: mark the server as stopping, end the
/// event streams and wake the accept loop (by connecting to it), which
/// then returns.
fn stop_on_signals(shared: &Arc<Shared>, wake: SocketAddr) -> Result<()> {
    let shared = Arc::clone(shared);
    ctrlc::set_handler(move || {
        shared.lock().stopping = true;
        shared.changed.notify_all();
        let _ = TcpStream::connect_timeout(&wake, Duration::from_secs(1));
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}").into())
}

/// The rebuild thread: after each change of the file, a new page, swapped
/// in whole, and the event streams woken.
fn spawn_reloads(
    watch: watch::FileWatch,
    mut reloader: Reloader,
    shared: Arc<Shared>,
) -> io::Result<()> {
    std::thread::Builder::new()
        .name("reload".to_owned())
        .spawn(move || {
            while watch.next_change().is_some() {
                if let Some((version, page, summary)) = reloader.rebuild() {
                    say!("{summary}");
                    let mut current = shared.lock();
                    current.version = version;
                    current.page = page.into();
                    drop(current);
                    shared.changed.notify_all();
                }
            }
        })?;
    Ok(())
}

/// Accepts connections until the server stops, each on its own thread, at
/// most [`MAX_CONNECTIONS`] at a time.
fn accept(listener: &TcpListener, shared: &Arc<Shared>, port: u16, loopback_only: bool) {
    for stream in listener.incoming() {
        if shared.lock().stopping {
            return;
        }
        let Ok(mut stream) = stream else {
            continue;
        };
        let _ = stream.set_write_timeout(Some(http::WRITE_TIMEOUT));
        if shared.connections.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            shared.connections.fetch_sub(1, Ordering::AcqRel);
            // Answered here, so a short timeout: a client that does not
            // read cannot hold up the accept loop.
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = http::respond_text(
                &mut stream,
                "503 Service Unavailable",
                "Retry-After: 1\r\n",
                "too many connections",
            );
            continue;
        }
        let for_thread = Arc::clone(shared);
        let spawned = std::thread::Builder::new()
            .name("connection".to_owned())
            .spawn(move || {
                let _ = serve_connection(&mut stream, &for_thread, port, loopback_only);
                for_thread.connections.fetch_sub(1, Ordering::AcqRel);
            });
        if spawned.is_err() {
            // The closure, and the connection in it, were dropped.
            shared.connections.fetch_sub(1, Ordering::AcqRel);
        }
    }
}

/// Where the Ctrl-C handler connects to wake the accept loop: the
/// listening address, or loopback when listening on all addresses.
fn wake_address(address: SocketAddr) -> SocketAddr {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, address.port())
}

/// Answers one request on `stream`.
fn serve_connection(
    stream: &mut TcpStream,
    shared: &Shared,
    port: u16,
    loopback_only: bool,
) -> io::Result<()> {
    let request = match http::read_request(stream) {
        Ok(request) => request,
        Err(http::BadRequest::Malformed) => {
            return http::respond_text(stream, "400 Bad Request", "", "bad request")
        }
        Err(http::BadRequest::TooLarge) => {
            return http::respond_text(
                stream,
                "431 Request Header Fields Too Large",
                "",
                "request head too large",
            )
        }
        Err(http::BadRequest::Gone) => return Ok(()),
    };
    if loopback_only
        && !request
            .host
            .as_deref()
            .is_some_and(|host| http::is_loopback_host(host, port))
    {
        return http::respond_text(
            stream,
            "421 Misdirected Request",
            "",
            "this preview answers only to localhost and 127.0.0.1",
        );
    }
    let head_only = match request.method.as_str() {
        "GET" => false,
        "HEAD" => true,
        _ => {
            return http::respond_text(
                stream,
                "405 Method Not Allowed",
                "Allow: GET, HEAD\r\n",
                "only GET and HEAD",
            )
        }
    };
    match request.path.as_str() {
        "/" => {
            let page = Arc::clone(&shared.lock().page);
            http::respond(
                stream,
                "200 OK",
                "text/html; charset=utf-8",
                "",
                page.as_bytes(),
                head_only,
            )
        }
        "/events" if !head_only => event_stream(stream, shared),
        _ => http::respond_text(stream, "404 Not Found", "", "not found"),
    }
}

/// Sends the page's version now and whenever it changes, until the client
/// goes away or the server stops.
fn event_stream(stream: &mut TcpStream, shared: &Shared) -> io::Result<()> {
    if shared.streams.fetch_add(1, Ordering::AcqRel) >= MAX_EVENT_STREAMS {
        shared.streams.fetch_sub(1, Ordering::AcqRel);
        return http::respond_text(
            stream,
            "503 Service Unavailable",
            "Retry-After: 2\r\n",
            "too many open previews",
        );
    }
    let result = send_events(stream, shared);
    shared.streams.fetch_sub(1, Ordering::AcqRel);
    result
}

fn send_events(stream: &mut TcpStream, shared: &Shared) -> io::Result<()> {
    http::start_event_stream(stream)?;
    // `retry`: a dropped stream reconnects after 1 s (the browser's
    // default is 3 s); every (re)connection starts with the version.
    let mut sent = {
        let current = shared.lock();
        if current.stopping {
            return Ok(());
        }
        current.version
    };
    write!(stream, "retry: 1000\nevent: version\ndata: {sent}\n\n")?;
    stream.flush()?;
    loop {
        let current = shared.lock();
        let (current, _) = shared
            .changed
            .wait_timeout_while(current, KEEPALIVE, |c| c.version == sent && !c.stopping)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if current.stopping {
            return Ok(());
        }
        let version = current.version;
        drop(current);
        if version == sent {
            stream.write_all(b": keep-alive\n\n")?;
        } else {
            write!(stream, "event: version\ndata: {version}\n\n")?;
            sent = version;
        }
        stream.flush()?;
    }
}

/// Opens `url` with the desktop's opener, if there is one; never fails.
fn open_in_browser(url: &str) {
    let mut command = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut command = std::process::Command::new("cmd");
        command.args(["/C", "start", ""]);
        command
    } else {
        std::process::Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    match command.spawn() {
        Ok(mut child) => {
            // Reap it when it ends, and say so if it could not open anything.
            let url = url.to_owned();
            let _ = std::thread::Builder::new()
                .name("open".to_owned())
                .spawn(move || {
                    if child.wait().is_ok_and(|status| !status.success()) {
                        say!(
                            "note: the desktop's opener could not open {url}; open it in a browser"
                        );
                    }
                });
        }
        Err(_) => say!("note: no desktop opener found; open {url} in a browser"),
    }
}
