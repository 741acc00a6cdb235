//! `logicmodel-bench serve`: how long the live preview takes to follow a
//! save, against the work a reload cannot avoid, measured in the same run.
//!
//! For each model, `logicmodel serve --port 0` runs on a copy; the bench
//! listens to its event stream and saves the file as editors do (a new
//! file renamed over the old one), then times
//!
//! - **event**: from the rename to the event announcing the new page
//!   (watcher, 50 ms quiet period, read, check, layout, page);
//! - **page**: from the rename to the new page fetched in full (what a
//!   browser has before it swaps the content in);
//!
//! and, as the peer, a whole `logicmodel report FILE -o OUT` process on
//! the same file (read, check, layout, HTML, an atomic write). The browser's
//! own work after the fetch is printed by the e2e test (tests/e2e).
//!
//! Build with `--release`; the `logicmodel` binary is `target/release/logicmodel`
//! unless `--bin` says otherwise.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use logicmodel_bench::generate::{self, Layout, Options};

use crate::timing::best;

/// What to measure.
pub struct Settings {
    /// Generated model sizes in nodes (the seed model is always measured first).
    pub sizes: Vec<usize>,
    /// Saves per model.
    pub runs: usize,
    /// The `logicmodel` binary.
    pub bin: PathBuf,
}

fn other(message: String) -> io::Error {
    io::Error::other(message)
}

/// A running preview and its event stream.
struct Preview {
    child: Child,
    port: u16,
    events: BufReader<TcpStream>,
}

impl Preview {
    fn start(bin: &Path, file: &Path) -> io::Result<Preview> {
        let mut child = Command::new(bin)
            .arg("serve")
            .arg(file)
            .args(["--port", "0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| other(format!("cannot run {}: {e}", bin.display())))?;
        let mut url = String::new();
        BufReader::new(child.stdout.take().expect("stdout is piped")).read_line(&mut url)?;
        let port = url
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|p| p.parse().ok())
            .ok_or_else(|| other(format!("serve printed no URL: {url:?}")))?;
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_read_timeout(Some(Duration::from_secs(120)))?;
        write!(
            stream,
            "GET /events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        )?;
        let mut preview = Preview {
            child,
            port,
            events: BufReader::new(stream),
        };
        preview.next_version()?;
        Ok(preview)
    }

    fn next_version(&mut self) -> io::Result<u64> {
        let mut line = String::new();
        loop {
            line.clear();
            if self.events.read_line(&mut line)? == 0 {
                return Err(other("the event stream ended".to_owned()));
            }
            if let Some(version) = line.trim_end().strip_prefix("data: ") {
                return version
                    .parse()
                    .map_err(|_| other(format!("not a version: {version}")));
            }
        }
    }

    fn page(&self) -> io::Result<String> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port))?;
        write!(
            stream,
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\n\r\n",
            self.port
        )?;
        let mut page = String::new();
        stream.read_to_string(&mut page)?;
        Ok(page)
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Saves `text` as `file` the way editors do.
fn save(file: &Path, text: &str) -> io::Result<()> {
    let temporary = file.with_extension("json.swp");
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, file)
}

/// The model text with a marker in its title, so each save changes the page.
fn marked(text: &str, marker: &str) -> String {
    text.replacen("\"title\": \"", &format!("\"title\": \"{marker} "), 1)
}

struct Row {
    name: String,
    nodes: usize,
    event: Vec<Duration>,
    page: Vec<Duration>,
    report: Vec<Duration>,
}

fn measure(settings: &Settings, name: String, text: &str, dir: &Path) -> io::Result<Row> {
    let file = dir.join("plan.json");
    std::fs::write(&file, text)?;
    let nodes = logicmodel::load_str(text)
        .model
        .map_or(0, |m| m.node_count());
    let mut preview = Preview::start(&settings.bin, &file)?;
    let (mut event, mut page, mut report) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..settings.runs {
        let marker = format!("Bench{run}");
        let edited = marked(text, &marker);
        let start = Instant::now();
        save(&file, &edited)?;
        preview.next_version()?;
        event.push(start.elapsed());
        let served = preview.page()?;
        if !served.contains(&marker) {
            return Err(other(format!(
                "{name}: the page after save {run} is not the new one"
            )));
        }
        page.push(start.elapsed());
        // The peer, interleaved with the saves so a slow phase of the machine hits both.
        let out = dir.join("report.html");
        let start = Instant::now();
        let status = Command::new(&settings.bin)
            .arg("report")
            .arg(&file)
            .arg("-o")
            .arg(&out)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        report.push(start.elapsed());
        if status.code().is_none_or(|code| code > 1) {
            return Err(other(format!(
                "{name}: logicmodel report failed ({status})"
            )));
        }
        eprintln!(
            "{name}: event {:?}, page {:?}, report {:?}",
            event[run], page[run], report[run]
        );
        // Let the preview settle before the next save (its quiet period).
        std::thread::sleep(Duration::from_millis(150));
    }
    Ok(Row {
        name,
        nodes,
        event,
        page,
        report,
    })
}

fn median(runs: &[Duration]) -> Duration {
    let mut sorted = runs.to_vec();
    sorted.sort();
    sorted.get(sorted.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.0} ms", d.as_secs_f64() * 1000.0)
}

/// Runs the bench and prints a Markdown table.
pub fn run(settings: &Settings) -> io::Result<()> {
    let dir = std::env::temp_dir().join(format!("logicmodel-bench-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut rows = Vec::new();
    let seed = Path::new("models/gotsu-smart-city.json");
    let result = (|| {
        if let Ok(text) = std::fs::read_to_string(seed) {
            rows.push(measure(
                settings,
                "seed (gotsu-smart-city)".to_owned(),
                &text,
                &dir,
            )?);
        }
        for &nodes in &settings.sizes {
            let text = generate::generate(&Options::new(nodes, 1)).to_json(Layout::Pretty);
            rows.push(measure(
                settings,
                format!("generated, {nodes} nodes"),
                &text,
                &dir,
            )?);
        }
        Ok::<(), io::Error>(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "| model | boxes | save → event (best / median) | save → page fetched (best / median) | `logicmodel report` run (best) | page ÷ report |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for row in rows {
        let (page, report) = (best(&row.page), best(&row.report));
        writeln!(
            out,
            "| {} | {} | {} / {} | {} / {} | {} | {:.2}× |",
            row.name,
            row.nodes,
            ms(best(&row.event)),
            ms(median(&row.event)),
            ms(page),
            ms(median(&row.page)),
            ms(report),
            page.as_secs_f64() / report.as_secs_f64().max(1e-9)
        )?;
    }
    Ok(())
}
