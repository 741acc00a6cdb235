//! Text measurement and line wrapping for box labels (East Asian Width, UAX #14 with kinsoku).
