//! Fixed-column layered layout: geometry only, no SVG, no JSON.
