//! The planner's toolkit: questions asked of a validated [`Model`](crate::Model).
//!
//! - [`kpi`]: where each KPI stands: achieved, on track, behind, no data or
//!   undecided, and the progress from baseline to target;
//! - [`coverage`](mod@coverage): which activities reach which impacts, counting paths;
//! - [`trace`](mod@trace): the chains a node rests on and the impacts it leads to.
//!
//! Architecture invariant: analysis reads a model and returns plain values.
//! It sits beside [`check`](crate::check) in the pipeline, after the model,
//! and knows nothing of files, text formats, layout or rendering; the CLI
//! turns its values into tables, CSV and JSON. Every function is a pure
//! function of the model, deterministic (model order, never hash order) and
//! safe on models with check errors: cycles cannot make it loop, path
//! counts saturate instead of overflowing, and work that could grow faster
//! than the model (coverage of every activity × impact, listing paths)
//! stops at a documented limit.

pub mod coverage;
pub mod kpi;
pub mod trace;

/// The index of a node in its [`Model`](crate::Model), as analysis results
/// hold them; re-exported so callers can name it without depending on petgraph.
pub use petgraph::graph::NodeIndex;

pub use coverage::{coverage, coverage_within, Coverage, CoverageTooLarge, JSON_MATRIX_CELLS};
pub use kpi::{
    assess_kpi, kpi_reports, kpi_status, progress_percent, KpiAssessment, KpiReport, KpiReports,
    KpiStatus,
};
pub use trace::{similar_node, trace, try_trace, Trace, DEFAULT_PATH_LIMIT};
