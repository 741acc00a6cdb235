//! The page of the live preview (`logicmodel serve`): the diagram, the
//! check results and the KPIs of a model file as it is now, and, when the
//! file stops loading, its problems beside the last drawing that loaded.
//!
//! The page is complete as served (a plain HTTP fetch sees the current
//! state); `live.js` listens to the server's event stream and, when the
//! file changes, fetches the page again and swaps its content in place,
//! keeping the zoom, the scroll position and the selected box. The library
//! knows nothing of HTTP: the caller says where the event stream is.

use std::fmt::Write as _;

use super::checks::Names;
use super::html::{self, esc, DiagramMode};
use super::words::words_for_language;
use crate::diagnostic::Diagnostic;
use crate::model::Model;

const STYLE: &str = include_str!("preview.css");
const SCRIPT: &str = include_str!("live.js");

/// What the live preview shows.
#[derive(Clone, Copy, Debug)]
pub struct Preview<'a> {
    /// The model to draw: the file's model when it loads, else the last
    /// one that did (see `stale`), or none if none ever did.
    pub model: Option<&'a Model>,
    /// Whether `model` is an older version than the file on disk, because
    /// the file stopped loading.
    pub stale: bool,
    /// The diagnostics of the file as it is now (load problems and, when
    /// it loads, the check results).
    pub diagnostics: &'a [Diagnostic],
    /// The diagnostics of `model`: the same as `diagnostics` unless
    /// `stale`, when they are those of the last version that loaded (they
    /// outline boxes in its drawing and count in its summary).
    pub model_diagnostics: &'a [Diagnostic],
    /// Why the file could not be read at all (it was removed, or is not
    /// readable), in the caller's words.
    pub read_error: Option<&'a str>,
    /// The file's name, shown in the page and as its title when no model loaded.
    pub file_name: &'a str,
    /// A number that changes whenever the file is read again; the page
    /// compares it with the event stream's to know it is out of date.
    pub version: u64,
    /// The path of the server-sent event stream (`/events`).
    pub events: &'a str,
}

/// Writes the page of the live preview.
///
/// ```
/// use logicmodel::report::{preview, Preview};
/// let model = logicmodel::load_str(r#"{"format": 1, "title": "Club", "nodes": [
///   {"id": "a", "kind": "activity", "label": "Read", "to": ["i"]},
///   {"id": "i", "kind": "impact", "label": "Joy"}]}"#).model.unwrap();
/// let page = preview(&Preview {
///     model: Some(&model), stale: false, diagnostics: &[], model_diagnostics: &[], read_error: None,
///     file_name: "club.json", version: 1, events: "/events",
/// });
/// assert!(page.contains(r#"data-version="1""#));
/// assert!(page.contains("<svg"));
/// ```
pub fn preview(preview: &Preview<'_>) -> String {
    let w = words_for_language(preview.model.and_then(|m| m.language()));
    let mut out = String::with_capacity(256 * 1024);
    let title = preview.model.map_or(preview.file_name, |m| m.title());
    // An empty icon: the browser would otherwise ask for /favicon.ico.
    let head = format!("<link rel=\"icon\" href=\"data:,\">\n<style>{STYLE}</style>\n");
    html::document_start(
        &mut out,
        preview.model.and_then(|m| m.language()).map(|l| l.as_str()),
        title,
        &head,
    );
    let broken = preview.stale || preview.model.is_none() || preview.read_error.is_some();
    let _ = writeln!(
        out,
        "<body class=\"preview\">\n<div id=\"live\" class=\"{}\" data-version=\"{}\" data-events=\"{}\" data-offline=\"{}\">",
        if broken { "broken" } else { "loaded" },
        preview.version,
        esc(preview.events),
        esc(w.offline)
    );
    let _ = writeln!(
        out,
        "<p class=\"live-status\" id=\"live-status\" role=\"status\"><span class=\"badge\">{}</span> <code>{}</code> — <span class=\"live-message\">{}</span></p>",
        w.preview,
        esc(preview.file_name),
        w.watching
    );
    let names = Names::new(preview.model);
    if broken {
        let _ = writeln!(
            out,
            "<section id=\"problems\" class=\"problems\" role=\"alert\">\n<h2>{}</h2>\n<p>{}</p>",
            w.problems,
            if preview.model.is_some() {
                w.stale
            } else {
                w.never_loaded
            }
        );
        if let Some(error) = preview.read_error {
            let _ = writeln!(
                out,
                "<p class=\"read-error\">{}: {}</p>",
                w.cannot_read,
                esc(error)
            );
        }
        // Whoever fixes the file needs the positions: the details are open.
        html::check_groups(&mut out, &names, preview.diagnostics, w, true);
        out.push_str("</section>\n");
    }
    match preview.model {
        Some(model) => {
            let current = preview.model_diagnostics;
            html::header(&mut out, model, current, w);
            out.push_str("<main>\n");
            html::diagram_section(
                &mut out,
                model,
                current,
                w,
                DiagramMode::Preview {
                    stale: preview.stale,
                },
            );
            if !preview.stale {
                html::checks_section(&mut out, &names, current, w, super::Part::Checks);
            }
            html::kpi_section(&mut out, model, w);
            html::details_section(&mut out, model, current, w);
            out.push_str("</main>\n");
        }
        None => {
            let _ = writeln!(
                out,
                "<header>\n<h1>{}</h1>\n</header>",
                esc(preview.file_name)
            );
        }
    }
    out.push_str("</div>\n");
    html::document_end(&mut out, w, &format!("<script>{SCRIPT}</script>\n"));
    out
}
