//! The CLI's text rules on arbitrary text: the terminal sanitiser and the
//! tables (terminal, Markdown, CSV), compiled here from the CLI's own
//! source files. Asserts that no control or bidi character survives on a
//! terminal, that a fitted table is never wider than the terminal, and that
//! every CSV cell reads back without a live formula or a control character.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unicode_width::UnicodeWidthStr;

#[path = "../../crates/logicmodel-cli/src/visible.rs"]
#[allow(dead_code)]
mod visible;

#[path = "../../crates/logicmodel-cli/src/table.rs"]
#[allow(dead_code)]
mod table;

use table::{Align, Table};
use visible::is_hidden;

fuzz_target!(|bytes: &[u8]| {
    let Some((&width, rest)) = bytes.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    assert!(!visible::visible(&text).chars().any(is_hidden));
    let (shown, span) = logicmodel::terminal::visible_span(&text, 0..text.len() / 2);
    assert!(!shown.chars().any(is_hidden));
    assert!(shown.is_char_boundary(span.start) && shown.is_char_boundary(span.end));

    // Cells separated by U+001F, rows by U+001E; three columns.
    let mut table = Table::new(vec![
        ("ID".to_owned(), Align::Left),
        ("指標".to_owned(), Align::Left),
        ("n".to_owned(), Align::Right),
    ]);
    for row in text.split('\u{1e}').take(50) {
        table.push(row.split('\u{1f}').map(str::to_owned).collect());
    }
    let width = usize::from(width);
    let fitted = table.fit_text(width.max(1));
    for line in fitted.lines() {
        assert!(line.width() <= width.max(1), "{line:?} wider than {width}");
        assert!(!line.chars().any(is_hidden), "{line:?}");
    }
    for line in table.to_text(32).lines() {
        assert!(!line.chars().any(is_hidden), "{line:?}");
    }
    let markdown = table.to_markdown();
    assert!(!markdown.chars().any(|c| is_hidden(c) && c != '\n'));
    let csv = table.to_csv(false).expect("CSV is written to memory");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_slice());
    for record in reader.records() {
        let record = record.expect("the CSV reads back");
        for cell in record.iter() {
            assert!(!cell.chars().any(|c| is_hidden(c) && c != '\n'), "{cell:?}");
            let first = cell.trim_start_matches(' ').chars().next();
            if matches!(first, Some('=' | '+' | '-' | '@')) {
                assert!(cell.parse::<f64>().is_ok(), "a live formula: {cell:?}");
            }
        }
    }
});
