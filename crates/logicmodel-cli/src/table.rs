//! Tables: aligned plain text for a terminal, Markdown, and CSV for
//! spreadsheets.
//!
//! Plain text is aligned by display width (`unicode-width`), so a Japanese
//! cell of five characters takes ten columns and the columns still line up.
//! Characters of ambiguous East Asian width (`…`, `○`, `①`) count as one
//! column, as most terminals draw them; a terminal set to draw them wide
//! will be off by one per such character. On a terminal of known width
//! ([`Table::fit_text`]) text columns are narrowed and their cells wrapped
//! at phrase boundaries with kinsoku (the library's `wrap_label`), so no
//! line is wider than the terminal.
//!
//! Model text is untrusted. In plain text a line break or tab in a cell
//! becomes a space (or, when fitting, a new line of the cell) and every
//! other control or bidi character a visible escape ([`crate::visible`]);
//! Markdown and HTML syntax is escaped in Markdown; CSV cells are
//! neutralised against formula injection ([`csv_cell`]).

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::visible::{is_hidden, visible};

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

/// The most lines a cell wraps onto in [`Table::fit_text`]; the last is cut with `…`.
pub const MAX_CELL_LINES: usize = 4;

/// The narrowest a text column is made before numbers are narrowed too.
const MIN_TEXT_WIDTH: usize = 12;

/// The widest a text column is in [`Table::fit_text`], however wide the
/// terminal: longer cells wrap, which reads better than one long line.
const MAX_FIT_WIDTH: usize = 48;

/// A cell as lines of text.
type Lines = Vec<String>;

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
    /// same display width. Ends with a newline. For files and pipes, where
    /// no width is known and the output must not depend on the terminal.
    pub fn to_text(&self, max_width: usize) -> String {
        let fit = |cell: &str| vec![truncate(&one_line(cell), max_width)];
        let headings: Vec<Lines> = self.headings.iter().map(|h| fit(h)).collect();
        let rows: Vec<Vec<Lines>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|c| fit(c)).collect())
            .collect();
        let widths = natural_widths(&headings, &rows);
        self.write_text(&headings, &rows, &widths)
    }

    /// Plain text at most `terminal_width` columns wide. Columns keep their
    /// natural width when the table fits; otherwise the text (left-aligned)
    /// columns are narrowed, widest first, and their cells wrapped onto up
    /// to [`MAX_CELL_LINES`] lines (the last cut with `…`). When even text
    /// columns of [`MIN_TEXT_WIDTH`] beside whole numbers do not fit, each
    /// row is written as a record instead, one `heading: value` line per
    /// cell (like `psql`'s expanded display); on a terminal too narrow even
    /// for that, lines are cut. A line break in a cell starts a new line
    /// of the cell.
    pub fn fit_text(&self, terminal_width: usize) -> String {
        let clean = |cell: &str| -> Lines {
            cell.split('\n')
                .map(|line| visible(&line.replace(['\t', '\r'], " ")).into_owned())
                .collect()
        };
        let headings: Vec<Lines> = self.headings.iter().map(|h| clean(h)).collect();
        let rows: Vec<Vec<Lines>> = self
            .rows
            .iter()
            .map(|row| row.iter().map(|c| clean(c)).collect())
            .collect();
        let natural = natural_widths(&headings, &rows);
        let narrowest: usize = natural
            .iter()
            .zip(&self.align)
            .map(|(&w, &a)| {
                if a == Align::Left {
                    w.min(MIN_TEXT_WIDTH)
                } else {
                    w
                }
            })
            .sum::<usize>()
            + GAP.len() * natural.len().saturating_sub(1);
        if narrowest > terminal_width {
            return cut_lines(
                self.records(&headings, &rows, terminal_width),
                terminal_width,
            );
        }
        let widths = self.fitted_widths(&natural, terminal_width);
        let headings: Vec<Lines> = headings
            .iter()
            .zip(&widths)
            .map(|(h, &w)| wrap_cell(h, w))
            .collect();
        let rows: Vec<Vec<Lines>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(c, &w)| wrap_cell(c, w))
                    .collect()
            })
            .collect();
        cut_lines(self.write_text(&headings, &rows, &widths), terminal_width)
    }

    /// Every row as a record: `heading  value` lines, headings padded to the
    /// widest, values wrapped to the room left, a blank line between rows;
    /// empty cells are left out (a coverage row lists the impacts it reaches).
    fn records(&self, headings: &[Lines], rows: &[Vec<Lines>], width: usize) -> String {
        let names: Vec<String> = headings.iter().map(|h| h.join(" ")).collect();
        let label_width = names.iter().map(|n| n.width()).max().unwrap_or(0);
        let room = width
            .saturating_sub(label_width + GAP.len())
            .max(MIN_TEXT_WIDTH);
        let mut out = String::new();
        for (i, row) in rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for (name, cell) in names.iter().zip(row) {
                if cell.iter().all(|line| line.trim().is_empty()) {
                    continue;
                }
                let lines = wrap_cell(cell, room);
                for (at, line) in lines.iter().enumerate() {
                    let label = if at == 0 { name.as_str() } else { "" };
                    out.push_str(label);
                    out.push_str(&" ".repeat(label_width - label.width() + GAP.len()));
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        out
    }

    /// Column widths whose sum with the gaps fits `total`, narrowing the
    /// widest text columns first (to no less than [`MIN_TEXT_WIDTH`]), then
    /// every column (to no less than 1).
    fn fitted_widths(&self, natural: &[usize], total: usize) -> Vec<usize> {
        let gaps = GAP.len() * natural.len().saturating_sub(1);
        let room = total.saturating_sub(gaps);
        let mut widths: Vec<usize> = natural
            .iter()
            .zip(&self.align)
            .map(|(&w, &a)| {
                if a == Align::Left {
                    w.min(MAX_FIT_WIDTH)
                } else {
                    w
                }
            })
            .collect();
        let text_columns: Vec<bool> = self.align.iter().map(|&a| a == Align::Left).collect();
        narrow(&mut widths, &text_columns, MIN_TEXT_WIDTH, room);
        let every_column = vec![true; widths.len()];
        narrow(&mut widths, &every_column, 1, room);
        widths
    }

    fn write_text(&self, headings: &[Lines], rows: &[Vec<Lines>], widths: &[usize]) -> String {
        let mut out = String::new();
        self.write_row(&mut out, headings, widths);
        let rule: Vec<Lines> = widths.iter().map(|&w| vec!["-".repeat(w)]).collect();
        self.write_row(&mut out, &rule, widths);
        for row in rows {
            self.write_row(&mut out, row, widths);
        }
        out
    }

    /// One row, as many lines as its tallest cell. Every line of the first
    /// is padded to full width; continuation lines drop trailing spaces.
    fn write_row(&self, out: &mut String, cells: &[Lines], widths: &[usize]) {
        let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
        for line in 0..height {
            let start = out.len();
            for (i, ((cell, &width), &align)) in
                cells.iter().zip(widths).zip(&self.align).enumerate()
            {
                if i > 0 {
                    out.push_str(GAP);
                }
                let part = cell.get(line).map_or("", String::as_str);
                let pad = " ".repeat(width.saturating_sub(part.width()));
                match align {
                    Align::Left => {
                        out.push_str(part);
                        out.push_str(&pad);
                    }
                    Align::Right => {
                        out.push_str(&pad);
                        out.push_str(part);
                    }
                }
            }
            if line > 0 {
                let kept = out[start..].trim_end().len();
                out.truncate(start + kept);
            }
            out.push('\n');
        }
    }

    /// CSV (RFC 4180: CRLF line ends, fields quoted when needed), UTF-8,
    /// every cell through [`csv_cell`]; `bom` starts it with a byte-order
    /// mark, which Excel needs to read UTF-8 (and so Japanese) correctly.
    pub fn to_csv(&self, bom: bool) -> csv::Result<Vec<u8>> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice("\u{feff}".as_bytes());
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(self.headings.iter().map(|h| csv_cell(h).into_owned()))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|c| csv_cell(c).into_owned()))?;
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

/// `text` with every line cut to `width` columns, when any is wider.
fn cut_lines(text: String, width: usize) -> String {
    if text.lines().all(|line| line.width() <= width) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        out.push_str(&truncate(line, width));
        out.push('\n');
    }
    out
}

/// Each column's widest line, heading included.
fn natural_widths(headings: &[Lines], rows: &[Vec<Lines>]) -> Vec<usize> {
    let widest = |lines: &Lines| lines.iter().map(|l| l.width()).max().unwrap_or(0);
    let mut widths: Vec<usize> = headings.iter().map(widest).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(widest(cell));
        }
    }
    widths
}

/// Narrows the columns `which` allows, widest first, until the widths sum
/// to at most `room` (or every such column is at `floor`): every narrowed
/// column gets the same width (a water level), the room left over going
/// one column each to the leftmost of them.
fn narrow(widths: &mut [usize], which: &[bool], floor: usize, room: usize) {
    let total = |level: usize, widths: &[usize]| -> usize {
        widths
            .iter()
            .zip(which)
            .map(|(&w, &narrowed)| if narrowed { w.min(level.max(floor)) } else { w })
            .sum()
    };
    if total(usize::MAX, widths) <= room {
        return;
    }
    let widest = widths.iter().copied().max().unwrap_or(0);
    // The highest level at which the table fits (`floor` if none does).
    let (mut low, mut high) = (floor, widest);
    while low < high {
        let middle = low + (high - low).div_ceil(2);
        if total(middle, widths) <= room {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    let level = low;
    let mut spare = room.saturating_sub(total(level, widths));
    for (width, &narrowed) in widths.iter_mut().zip(which) {
        if narrowed && *width > level {
            *width = level;
            if spare > 0 {
                *width += 1;
                spare -= 1;
            }
        }
    }
}

/// A cell's lines wrapped to `width` columns (at phrase boundaries, with
/// kinsoku), at most [`MAX_CELL_LINES`] of them, each cut to `width`; a
/// cell with more ends its last line with `…`.
fn wrap_cell(lines: &[String], width: usize) -> Lines {
    let mut wrapped: Lines = Vec::new();
    for line in lines {
        if line.width() <= width {
            wrapped.push(line.clone());
        } else {
            // wrap_label measures in em, a narrow character at 0.6 em or
            // more and a wide one at 1 em: at 2 columns per em no wrapped
            // line is wider than `width` columns (the cut below is a
            // safety net, e.g. for a single character wider than that).
            wrapped.extend(logicmodel::text::wrap_label(line, width as f32 / 2.0));
        }
        if wrapped.len() > MAX_CELL_LINES {
            break;
        }
    }
    let more = wrapped.len() > MAX_CELL_LINES;
    wrapped.truncate(MAX_CELL_LINES);
    let mut out: Lines = wrapped.iter().map(|l| truncate(l, width)).collect();
    if more {
        if let Some(last) = out.last_mut() {
            if !last.ends_with('…') {
                *last = with_ellipsis(last, width);
            }
        }
    }
    out
}

/// `text` cut to leave room for a `…`, which is added: at most `width` columns.
fn with_ellipsis(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// The text on one line: line breaks and tabs become spaces and every other
/// control or bidi character a visible escape, so model text can neither
/// break the layout nor drive the terminal.
pub fn one_line(text: &str) -> String {
    visible(&text.replace("\r\n", " ").replace(['\n', '\r', '\t'], " ")).into_owned()
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
/// line breaks as `<br>`, what no output may hold removed). The CLI's
/// Markdown often lands on a terminal, so what the library keeps for files
/// but a terminal must not get (the bidi marks, U+2028/U+2029) is then
/// written as a visible escape, its backslash escaped so that it shows.
pub fn markdown_cell(text: &str) -> String {
    let markdown = logicmodel::escape::markdown(text);
    if !markdown.chars().any(is_hidden) {
        return markdown;
    }
    let mut out = String::with_capacity(markdown.len() + 16);
    for c in markdown.chars() {
        if is_hidden(c) {
            out.push_str(&format!("\\\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// One CSV cell made safe for a spreadsheet (OWASP, "CSV Injection"):
/// - control characters are removed (C0, DEL, C1 and the bidi controls),
///   except the line feed, which Excel shows as a line break inside the
///   cell; a tab becomes a space;
/// - a text cell that then starts like a formula
///   ([`logicmodel::escape::starts_like_formula`]: `=`, `+`, `-`, `@` or
///   their full-width forms, after any spaces) gets a `'` in front, which
///   Excel, LibreOffice and Google Sheets show as text;
/// - a number (`-12.5`, `80`, `1e3`) is left as it is, so it stays a number.
pub fn csv_cell(text: &str) -> Cow<'_, str> {
    let cleaned: Cow<'_, str> = if text.chars().any(|c| is_hidden(c) && c != '\n') {
        Cow::Owned(
            text.chars()
                .filter_map(|c| match c {
                    '\t' => Some(' '),
                    '\n' => Some('\n'),
                    c if is_hidden(c) => None,
                    c => Some(c),
                })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    };
    if logicmodel::escape::starts_like_formula(&cleaned) && !is_number(&cleaned) {
        Cow::Owned(format!("'{cleaned}"))
    } else {
        cleaned
    }
}

/// Whether `text` is a plain decimal number as the CLI writes them
/// (`-?digits[.digits][e[+-]digits]`), which a spreadsheet reads as a number.
fn is_number(text: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['+', '-']).unwrap_or(e)));
    mantissa_ok && exponent_ok
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
        assert_eq!(one_line("a\nb\u{1b}[31mc"), "a b\\u{1b}[31mc");
        assert_eq!(one_line("x\u{9b}y\u{202e}z\tw"), "x\\u{9b}y\\u{202e}z w");
    }

    fn wide_table() -> Table {
        let mut table = Table::new(vec![
            ("ID".to_owned(), Align::Left),
            ("指標".to_owned(), Align::Left),
            ("目標値".to_owned(), Align::Right),
            ("事業".to_owned(), Align::Left),
        ]);
        table.push(vec![
            "kpi-tool-use".to_owned(),
            "ツールの使い方を学び、実際に業務に活用している部署の割合".to_owned(),
            "80（2026年度）".to_owned(),
            "デジタル人材育成事業; 業務改革（BPR）の推進".to_owned(),
        ]);
        table.push(vec![
            "k2\u{1b}[2J".to_owned(),
            "Share of departments that use the tool every week".to_owned(),
            "3.8".to_owned(),
            "Line one\nline two".to_owned(),
        ]);
        table
    }

    #[test]
    fn a_fitted_table_is_never_wider_than_the_terminal() {
        let table = wide_table();
        for width in [200, 100, 80, 60, 40, 30, 20, 10, 3, 1] {
            let text = table.fit_text(width);
            for line in text.lines() {
                assert!(line.width() <= width, "{width}: {line:?}\n{text}");
                assert!(!line.chars().any(is_hidden), "{line:?}");
            }
        }
    }

    #[test]
    fn a_table_that_fits_is_not_changed_and_one_that_does_not_wraps() {
        let mut small = Table::new(vec![
            ("指標".to_owned(), Align::Left),
            ("n".to_owned(), Align::Right),
        ]);
        small.push(vec!["オンライン申請の割合".to_owned(), "80".to_owned()]);
        assert_eq!(small.fit_text(300), small.to_text(1000));
        let table = wide_table();
        let narrow = table.fit_text(80);
        assert!(narrow.lines().count() > 5, "{narrow}");
        // Numbers keep their width and are not cut.
        assert!(narrow.contains("80（2026年度）"), "{narrow}");
        // Wrapped, nothing lost when it fits in the lines allowed.
        let joined: String = narrow.split_whitespace().collect();
        assert!(joined.contains("ツールの使い方を"), "{narrow}");
    }

    #[test]
    fn a_table_too_wide_for_its_columns_is_written_as_records() {
        let text = wide_table().fit_text(40);
        assert!(
            text.starts_with("ID      kpi-tool-use\n指標    ツール"),
            "{text}"
        );
        assert!(text.contains("\n\nID      k2\\u{1b}[2J\n"), "{text}");
        assert!(
            text.contains("事業    Line one\n        line two\n"),
            "{text}"
        );
        assert!(text.lines().all(|l| l.width() <= 40), "{text}");
    }

    #[test]
    fn a_cell_wraps_onto_at_most_the_allowed_lines() {
        let lines = wrap_cell(&["word ".repeat(100)], 10);
        assert_eq!(lines.len(), MAX_CELL_LINES);
        assert!(lines.last().unwrap().ends_with('…'), "{lines:?}");
        assert!(lines.iter().all(|l| l.width() <= 10), "{lines:?}");
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
    fn csv_formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            csv_cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(csv_cell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
        assert_eq!(csv_cell("+1+1"), "'+1+1");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("  =1"), "'  =1");
        assert_eq!(csv_cell("\t=1"), "' =1");
        assert_eq!(csv_cell("\r=1"), "'=1");
        // Japanese Excel reads the full-width signs as the ASCII ones.
        assert_eq!(csv_cell("＝1+1"), "'＝1+1");
        assert_eq!(csv_cell("＠SUM(A1)"), "'＠SUM(A1)");
        for number in ["-5", "80", "3.8", "-12.5", "1e3", "-2.5E-3", "0"] {
            assert_eq!(csv_cell(number), number);
        }
        assert_eq!(csv_cell("オンライン申請"), "オンライン申請");
        assert_eq!(csv_cell("a=b"), "a=b");
    }

    #[test]
    fn csv_cells_lose_controls_but_keep_line_feeds() {
        assert_eq!(
            csv_cell("a\u{1b}[31mb\u{7f}\u{9b}c\u{202e}d\ne"),
            "a[31mbcd\ne"
        );
        assert_eq!(csv_cell("x\r\ny"), "x\ny");
    }

    #[test]
    fn markdown_cells_are_escaped() {
        assert_eq!(
            markdown_cell("a|b\n<script>*x*"),
            "a\\|b<br>&lt;script&gt;\\*x\\*"
        );
        // The library's one cleaning rule removes controls from files.
        assert_eq!(markdown_cell("a\u{1b}b"), "ab");
        let mut table = Table::new(vec![("n".to_owned(), Align::Right)]);
        table.push(vec!["1".to_owned()]);
        assert_eq!(table.to_markdown(), "| n |\n| ---: |\n| 1 |\n");
    }
}
