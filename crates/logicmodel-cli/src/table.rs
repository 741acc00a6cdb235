//! Tables for people: aligned plain text for a terminal, and Markdown.
//!
//! Plain text is aligned by display width (`unicode-width`), so a Japanese
//! cell of five characters takes ten columns and the columns still line up.
//! Characters of ambiguous East Asian width (`…`, `○`, `①`) count as one
//! column, as most terminals draw them; a terminal set to draw them wide
//! will be off by one per such character. Model text is untrusted: control
//! characters (a newline in a label, an escape sequence) become spaces in
//! plain text, and Markdown and HTML syntax is escaped in Markdown.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// How a column's cells are aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// A table of text cells under a heading row.
#[derive(Clone, Debug)]
pub struct Table {
    headings: Vec<String>,
    align: Vec<Align>,
    rows: Vec<Vec<String>>,
}

/// The gap between columns in plain text.
const GAP: &str = "  ";

impl Table {
    /// A table with these columns and no rows.
    pub fn new(columns: Vec<(String, Align)>) -> Table {
        let (headings, align) = columns.into_iter().unzip();
        Table {
            headings,
            align,
            rows: Vec::new(),
        }
    }

    /// Appends a row (missing cells are empty, extra cells dropped).
    pub fn push(&mut self, mut row: Vec<String>) {
        row.resize(self.headings.len(), String::new());
        self.rows.push(row);
    }

    /// Plain text: cells made one line and cut to `max_width` columns with
    /// `…`, every column padded to its widest cell, so every line has the
    /// same display width. Ends with a newline.
    pub fn to_text(&self, max_width: usize) -> String {
        let fit = |cell: &str| truncate(&one_line(cell), max_width);
        let headings: Vec<String> = self.headings.iter().map(|h| fit(h)).collect();
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|c| fit(c)).collect())
            .collect();
        let mut widths: Vec<usize> = headings.iter().map(|h| h.width()).collect();
        for row in &rows {
            for (width, cell) in widths.iter_mut().zip(row) {
                *width = (*width).max(cell.width());
            }
        }
        let mut out = String::new();
        self.write_line(&mut out, &headings, &widths);
        let rule: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
        self.write_line(&mut out, &rule, &widths);
        for row in &rows {
            self.write_line(&mut out, row, &widths);
        }
        out
    }

    fn write_line(&self, out: &mut String, cells: &[String], widths: &[usize]) {
        for (i, ((cell, &width), &align)) in cells.iter().zip(widths).zip(&self.align).enumerate() {
            if i > 0 {
                out.push_str(GAP);
            }
            let pad = " ".repeat(width - cell.width());
            match align {
                Align::Left => {
                    out.push_str(cell);
                    out.push_str(&pad);
                }
                Align::Right => {
                    out.push_str(&pad);
                    out.push_str(cell);
                }
            }
        }
        out.push('\n');
    }

    /// CSV (RFC 4180: CRLF line ends, fields quoted when needed), UTF-8,
    /// cells as they are; `bom` starts it with a byte-order mark, which Excel
    /// needs to read UTF-8 (and so Japanese) correctly.
    pub fn to_csv(&self, bom: bool) -> csv::Result<Vec<u8>> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(&self.headings)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.into_inner().map_err(|e| e.into_error().into())
    }

    /// A Markdown (GFM) table, cells escaped and never cut. Ends with a newline.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let line = |out: &mut String, cells: &mut dyn Iterator<Item = String>| {
            out.push('|');
            for cell in cells {
                out.push(' ');
                out.push_str(&cell);
                out.push_str(" |");
            }
            out.push('\n');
        };
        line(
            &mut out,
            &mut self.headings.iter().map(|h| markdown_cell(h)),
        );
        line(
            &mut out,
            &mut self.align.iter().map(|a| match a {
                Align::Left => "---".to_owned(),
                Align::Right => "---:".to_owned(),
            }),
        );
        for row in &self.rows {
            line(&mut out, &mut row.iter().map(|c| markdown_cell(c)));
        }
        out
    }
}

/// The text on one line: every control character (newline, tab, escape)
/// becomes a space, so model text cannot break the layout or drive the terminal.
pub fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` cut to at most `max_width` display columns, ending in `…` when cut.
pub fn truncate(text: &str, max_width: usize) -> String {
    if text.width() <= max_width {
        return text.to_owned();
    }
    let budget = max_width.saturating_sub(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    if max_width > 0 {
        out.push('…');
    }
    out
}

/// Markdown text for a table cell or a list item: the library's escaper,
/// the same one the Markdown report uses (Markdown and HTML syntax escaped,
/// line breaks as `<br>`, what no output may hold removed).
pub fn markdown_cell(text: &str) -> String {
    logicmodel::escape::markdown(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_line_up() {
        let mut table = Table::new(vec![
            ("指標".to_owned(), Align::Left),
            ("value".to_owned(), Align::Right),
        ]);
        table.push(vec!["オンライン申請".to_owned(), "80".to_owned()]);
        table.push(vec!["HP".to_owned(), "3.8".to_owned()]);
        let text = table.to_text(40);
        let widths: Vec<usize> = text.lines().map(|l| l.width()).collect();
        assert!(widths.iter().all(|&w| w == widths[0]), "{text}");
        assert!(text.contains("オンライン申請     80"), "{text}");
    }

    #[test]
    fn long_cells_are_cut_with_an_ellipsis_to_the_width() {
        let cut = truncate(
            "ツールの使い方を学び、実際に業務に活用している部署の割合",
            11,
        );
        assert_eq!(cut, "ツールの使…");
        assert!(cut.width() <= 11);
        assert_eq!(truncate("short", 11), "short");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        assert_eq!(one_line("a\nb\u{1b}[31mc"), "a b [31mc");
    }

    #[test]
    fn csv_quotes_what_needs_quoting_and_reads_back() {
        let mut table = Table::new(vec![
            ("a".to_owned(), Align::Left),
            ("b".to_owned(), Align::Left),
        ]);
        table.push(vec!["x, \"y\"".to_owned(), "line\nbreak".to_owned()]);
        let bytes = table.to_csv(true).unwrap();
        assert!(bytes.starts_with("\u{feff}".as_bytes()));
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert_eq!(text, "a,b\r\n\"x, \"\"y\"\"\",\"line\nbreak\"\r\n");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "x, \"y\"");
        assert_eq!(&row[1], "line\nbreak");
    }

    #[test]
    fn markdown_cells_are_escaped() {
        assert_eq!(
            markdown_cell("a|b\n<script>*x*"),
            "a\\|b<br>&lt;script&gt;\\*x\\*"
        );
        let mut table = Table::new(vec![("n".to_owned(), Align::Right)]);
        table.push(vec!["1".to_owned()]);
        assert_eq!(table.to_markdown(), "| n |\n| ---: |\n| 1 |\n");
    }
}
