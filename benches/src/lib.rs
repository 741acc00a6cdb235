//! Benchmarks of the `logicmodel` library and the generator of the large
//! models they run on.
//!
//! The library half holds only the generator, so that tests can check that
//! generated models are valid; the measurements live in the binary
//! (`logicmodel-bench check`, see `docs/performance.md`). Benchmarks are
//! not tests: nothing here asserts a time.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod generate;
