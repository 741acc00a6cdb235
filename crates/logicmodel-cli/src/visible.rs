//! Model text made safe for a terminal: the library's rule
//! ([`logicmodel::terminal`]), which the whole CLI prints through.

pub use logicmodel::terminal::{is_hidden, visible};
