//! `logicmodel serve`, run as a user runs it: the URL it prints, what it
//! serves and refuses, how it follows the file, its limits, and Ctrl-C.
//! (The page itself is tested in Chromium by tests/e2e/serve.test.mjs.)
#![cfg(unix)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const PLAN: &str = r#"{
  "format": 1,
  "title": "Reading club",
  "nodes": [
    {"id": "a", "kind": "activity", "label": "Weekly reading sessions", "to": ["o"]},
    {"id": "o", "kind": "output", "label": "Sessions held", "to": ["i"]},
    {"id": "i", "kind": "impact", "label": "Children read for pleasure"}
  ]
}
"#;

/// A running `logicmodel serve`; killed if a test fails before stopping it.
struct Server {
    child: Child,
    port: u16,
    url: String,
    stderr: mpsc::Receiver<String>,
}

impl Server {
    fn start(model: &Path, extra: &[&str], path_env: Option<&str>) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_logicmodel"));
        command
            .arg("serve")
            .arg(model)
            .args(["--port", "0"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if let Some(path) = path_env {
            command.env("PATH", path);
        }
        let mut child = command.spawn().expect("logicmodel runs");
        let stdout = child.stdout.take().unwrap();
        let (lines, url) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = lines.send(first);
        });
        let stderr = child.stderr.take().unwrap();
        let (send, stderr_lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        let url = url
            .recv_timeout(Duration::from_secs(30))
            .expect("serve prints its URL")
            .trim()
            .to_owned();
        let port = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("a loopback URL with a port: {url:?}"));
        Server {
            child,
            port,
            url,
            stderr: stderr_lines,
        }
    }

    /// Sends `request` (a whole request head) and returns the whole response.
    fn raw(&self, request: &str) -> String {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connects");
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = Vec::new();
        let _ = stream.read_to_end(&mut response);
        String::from_utf8_lossy(&response).into_owned()
    }

    fn get(&self, path: &str) -> String {
        self.raw(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        ))
    }

    /// Fetches `/` until `condition` holds on the page, for at most 20 s.
    fn wait_for_page(&self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let page = self.get("/");
            if condition(&page) {
                return page;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "the page never showed {what}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Sends SIGINT, as Ctrl-C does, and returns the exit status and stderr.
    fn interrupt(mut self) -> (i32, String) {
        let status = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        assert!(status.success());
        let start = Instant::now();
        let code = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status.code().expect("exited, not killed by the signal");
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "serve did not stop on Ctrl-C"
            );
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut text = String::new();
        while let Ok(line) = self.stderr.recv_timeout(Duration::from_secs(2)) {
            text.push_str(&line);
            text.push('\n');
        }
        (code, text)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn model_file(dir: &tempfile::TempDir, text: &str) -> PathBuf {
    let path = dir.path().join("plan.json");
    std::fs::write(&path, text).unwrap();
    path
}

/// Saves like an editor: a new file renamed over the old one.
fn save(path: &Path, text: &str) {
    let temporary = path.with_file_name(".plan.json.swp");
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

fn body(response: &str) -> &str {
    response.split_once("\r\n\r\n").map_or("", |(_, body)| body)
}

#[test]
fn serve_follows_the_file_shows_problems_beside_the_last_drawing_and_stops_on_ctrl_c() {
    let dir = tempfile::tempdir().unwrap();
    let path = model_file(&dir, PLAN);
    let server = Server::start(&path, &[], None);
    assert!(server.url.starts_with("http://127.0.0.1:"));

    let response = server.get("/");
    assert!(response.starts_with("HTTP/1.1 200 OK\r\n"), "{response}");
    assert!(response.contains("Content-Type: text/html; charset=utf-8\r\n"));
    let page = body(&response);
    assert!(page.contains("<svg id=\"lm-diagram\"") && page.contains("Weekly reading sessions"));

    // An edit, saved by rename (as most editors do).
    save(
        &path,
        &PLAN.replace("Weekly reading sessions", "Daily reading sessions"),
    );
    server.wait_for_page("the edit", |p| p.contains("Daily reading sessions"));

    // A broken file: the problems, and the last good drawing beside them.
    save(&path, "{\"format\": 1, \"nodes\": [");
    let page = server.wait_for_page("the problems", |p| p.contains("id=\"problems\""));
    assert!(
        page.contains("<svg id=\"lm-diagram\""),
        "the last good drawing stays"
    );
    assert!(page.contains("Daily reading sessions"));
    assert!(page.contains("invalid-json"));

    // Removed, then back: said plainly, then recovered.
    std::fs::remove_file(&path).unwrap();
    server.wait_for_page("the read error", |p| p.contains("class=\"read-error\""));
    std::fs::write(&path, PLAN).unwrap();
    let page = server.wait_for_page("the recovery", |p| !p.contains("id=\"problems\""));
    assert!(page.contains("Weekly reading sessions"));

    let (code, stderr) = server.interrupt();
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("only this machine can connect (loopback)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Ctrl-C stops") && stderr.contains("stopped"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 error"),
        "each reload is summed up: {stderr}"
    );
}

#[test]
fn the_event_stream_sends_the_version_now_and_on_every_change() {
    let dir = tempfile::tempdir().unwrap();
    let path = model_file(&dir, PLAN);
    let server = Server::start(&path, &[], None);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    write!(
        stream,
        "GET /events HTTP/1.1\r\nHost: localhost:{}\r\n\r\n",
        server.port
    )
    .unwrap();
    let mut reader = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        reader.read_line(&mut head).unwrap();
    }
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\n") && head.contains("text/event-stream"),
        "{head}"
    );
    let mut next_version = || {
        let mut line = String::new();
        loop {
            line.clear();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.trim_end().strip_prefix("data: ") {
                return v.parse::<u64>().unwrap();
            }
        }
    };
    let first = next_version();
    save(&path, &PLAN.replace("Reading club", "Book club"));
    assert!(next_version() > first);
}

#[test]
fn only_the_page_and_its_events_are_served_and_only_to_loopback_names() {
    let dir = tempfile::tempdir().unwrap();
    let path = model_file(&dir, PLAN);
    std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
    let server = Server::start(&path, &[], None);
    for other in [
        "/plan.json",
        "/secret.txt",
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/favicon.ico",
        "/events/x",
    ] {
        let response = server.get(other);
        assert!(
            response.starts_with("HTTP/1.1 404 Not Found\r\n"),
            "{other}: {response}"
        );
        assert!(!response.contains("secret") && !response.contains("Reading club"));
    }
    let foreign = server.raw("GET / HTTP/1.1\r\nHost: attacker.example\r\n\r\n");
    assert!(foreign.starts_with("HTTP/1.1 421 "), "{foreign}");
    assert!(!foreign.contains("Reading club"));
    let no_host = server.raw("GET / HTTP/1.0\r\n\r\n");
    assert!(no_host.starts_with("HTTP/1.1 421 "), "{no_host}");
    let post = server.raw(&format!(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 1\r\n\r\nx",
        server.port
    ));
    assert!(
        post.starts_with("HTTP/1.1 405 ") && post.contains("Allow: GET, HEAD\r\n"),
        "{post}"
    );
    let head = server.raw(&format!(
        "HEAD / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
        server.port
    ));
    assert!(
        head.starts_with("HTTP/1.1 200 OK\r\n") && body(&head).is_empty(),
        "{head}"
    );
    let garbage = server.raw("\u{16}\u{3}\u{1}\u{0} not http\r\n\r\n");
    assert!(garbage.starts_with("HTTP/1.1 400 "), "{garbage}");
    let huge = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nX: {}\r\n\r\n",
        server.port,
        "a".repeat(20_000)
    ));
    assert!(
        huge.starts_with("HTTP/1.1 431 "),
        "{}",
        &huge[..huge.len().min(200)]
    );
    // Every response forbids caching, framing and loading anything else.
    let page = server.get("/");
    for header in [
        "Cache-Control: no-store",
        "X-Frame-Options: DENY",
        "frame-ancestors 'none'",
    ] {
        assert!(page.contains(header), "{header}");
    }
}

#[test]
fn connections_beyond_the_cap_are_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = model_file(&dir, PLAN);
    let server = Server::start(&path, &[], None);
    // Idle connections that never send a request hold their threads (until
    // their 10 s read timeout): the server must not start more than its cap.
    let idle: Vec<TcpStream> = (0..40)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    let response = server.get("/");
    assert!(
        response.starts_with("HTTP/1.1 503 "),
        "{}",
        &response[..response.len().min(200)]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "refused at once"
    );
    for stream in &idle {
        let _ = stream.shutdown(Shutdown::Both);
    }
    drop(idle);
    // Once they are gone, the page is served again.
    server.wait_for_page("the page after the idle connections closed", |p| {
        p.starts_with("HTTP/1.1 200 OK")
    });
}

#[test]
fn serve_refuses_what_it_cannot_watch_or_where_it_cannot_listen() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_logicmodel"))
            .args(args)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let stdin = run(&["serve", "-"]);
    assert_eq!(stdin.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&stdin.stderr).contains("standard input cannot be watched"));
    let dir = tempfile::tempdir().unwrap();
    let directory = run(&["serve", dir.path().to_str().unwrap()]);
    assert_eq!(directory.status.code(), Some(2));
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let path = model_file(&dir, PLAN);
    let busy = run(&["serve", path.to_str().unwrap(), "--port", &port]);
    assert_eq!(busy.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&busy.stderr).contains("cannot listen on 127.0.0.1:"),
        "{busy:?}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn open_uses_the_desktop_opener_and_does_without_one() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = model_file(&dir, PLAN);
    let bin = dir.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let opener = bin.join("xdg-open");
    let opened = dir.path().join("opened.txt");
    std::fs::write(
        &opener,
        format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let server = Server::start(&path, &["--open"], Some(bin.to_str().unwrap()));
    let start = Instant::now();
    while !opened.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the opener was not run"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(std::fs::read_to_string(&opened).unwrap(), server.url);
    let (code, _) = server.interrupt();
    assert_eq!(code, 0);

    // No opener at all: a note, and the preview runs all the same.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let server = Server::start(&path, &["--open"], Some(empty.to_str().unwrap()));
    assert!(body(&server.get("/")).contains("Reading club"));
    let (code, stderr) = server.interrupt();
    assert_eq!(code, 0);
    assert!(stderr.contains("no desktop opener found"), "{stderr}");
}
