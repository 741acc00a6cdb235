//! Rendering: SVG written from the layout scene. Knows nothing of JSON or checks.
