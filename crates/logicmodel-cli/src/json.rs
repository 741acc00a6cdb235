//! JSON as the CLI prints it: serde_json's output, with every character a
//! terminal could act on written as a `\uXXXX` escape.
//!
//! serde_json escapes C0 controls, `"` and `\` but writes DEL, the C1
//! controls (U+0080–U+009F, U+009B is an 8-bit CSI) and bidi overrides as
//! they are, and `check --format json` often goes straight to a terminal.
//! Escaping them changes no value: any JSON reader gets the same strings.

use std::io;

use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter, PrettyFormatter};

use crate::visible::is_hidden;

/// A formatter that escapes [hidden](is_hidden) characters in strings and
/// otherwise lays out like `F`.
struct Escaping<F>(F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices() {
            if is_hidden(c) {
                writer.write_all(&fragment.as_bytes()[start..at])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                start = at + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

fn write<F: Formatter>(value: &impl Serialize, formatter: F) -> serde_json::Result<String> {
    let mut bytes = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut bytes, Escaping(formatter));
    value.serialize(&mut serializer)?;
    // serde_json writes UTF-8 and the escapes are ASCII.
    Ok(String::from_utf8(bytes).expect("serde_json writes UTF-8"))
}

/// `value` as indented JSON, safe for a terminal.
pub fn pretty(value: &impl Serialize) -> serde_json::Result<String> {
    write(value, PrettyFormatter::new())
}

/// `value` as JSON on one line, safe for a terminal.
pub fn compact(value: &impl Serialize) -> serde_json::Result<String> {
    write(value, CompactFormatter)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn hidden_characters_are_escaped_and_read_back_the_same() {
        let text = "a\u{1b}[2J\u{7f}\u{9b}\u{202e}é日本\u{10348}";
        let value = json!({"label": text, "list": [text]});
        for out in [compact(&value).unwrap(), pretty(&value).unwrap()] {
            assert!(!out.chars().any(|c| is_hidden(c) && c != '\n'), "{out}");
            assert!(out.contains("\\u001b") && out.contains("\\u009b"), "{out}");
            assert!(out.contains("\\u202e") && out.contains("\\u007f"), "{out}");
            assert!(out.contains("é日本\u{10348}"), "{out}");
            let back: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert_eq!(back, value);
        }
    }

    #[test]
    fn layout_is_serde_jsons() {
        let value = json!({"a": [1, 2], "b": {"c": null}});
        assert_eq!(
            pretty(&value).unwrap(),
            serde_json::to_string_pretty(&value).unwrap()
        );
        assert_eq!(
            compact(&value).unwrap(),
            serde_json::to_string(&value).unwrap()
        );
    }
}
