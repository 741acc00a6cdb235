//! # logicmodel
//!
//! Logic models — chains *Assumption → Input → Activity → Output → Outcome
//! (short / medium / long term) → Impact* — as a typed graph.
//!
//! The crate is a pipeline, one module per stage:
//!
//! 1. [`format`](mod@format): the JSON file format v1, parsed with source positions into a
//!    raw layer that mirrors the file;
//! 2. [`model`]: the validated [`Model`], a petgraph graph with typed nodes and
//!    typed links to work items and KPIs;
//! 3. [`check`]: the chain checks, producing [`Diagnostic`]s;
//! 4. [`text`] and [`layout`]: text measurement and the fixed-column layered
//!    layout (geometry only);
//! 5. [`render`]: SVG written from the layout's scene;
//! 6. [`analysis`]: KPI status, activity × impact coverage, traces;
//! 7. [`report`]: the self-contained HTML report and the Markdown report;
//! 8. [`diff`]: what changed between two versions of a model, as data, a
//!    paper and a drawing.
//!
//! and [`words`], the built-in words (column names, KPI statuses) in English
//! and Japanese that every output shares.
//!
//! The library never prints, never exits and never panics on user input:
//! every problem is returned as a [`Diagnostic`].
//!
//! ```
//! let text = r#"{
//!   "format": 1,
//!   "title": "Reading club",
//!   "nodes": [
//!     {"id": "a", "kind": "activity", "label": "Weekly reading sessions", "to": ["o"]},
//!     {"id": "o", "kind": "output", "label": "Sessions held", "to": ["i"]},
//!     {"id": "i", "kind": "impact", "label": "Children read for pleasure"}
//!   ]
//! }"#;
//! let loaded = logicmodel::load_str(text);
//! let model = loaded.model.expect("the JSON is well-formed");
//! assert!(loaded.diagnostics.is_empty());
//! let diagnostics = model.check();
//! assert!(diagnostics.iter().all(|d| d.code() != logicmodel::Code::ActivityWithoutImpact));
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod analysis;
pub mod check;
pub mod diagnostic;
pub mod diff;
pub mod escape;
pub mod format;
pub mod interchange;
pub mod layout;
pub mod model;
mod parallel;
pub mod render;
pub mod report;
pub mod terminal;
pub mod text;
pub mod vocabulary;
pub mod words;

/// The version of every JSON document the library writes (`"format": 1`);
/// see `docs/json.md`. It changes only when a key changes meaning or goes.
pub const JSON_FORMAT: u32 = 1;

pub use diagnostic::{Cell, Code, Diagnostic, Level, Location, Severity};
pub use format::{
    load_bytes, load_path, load_reader, load_str, load_str_with, LoadOptions, Loaded,
};
pub use model::{
    Edge, Kpi, KpiId, LinkDetail, LinkInfo, Model, ModelBuilder, Node, NodeId, NodeKind, Section,
    SectionId, Term, WorkItem, WorkItemId,
};
/// The petgraph this crate's graphs are made of, so that users get the matching version.
pub use petgraph;
