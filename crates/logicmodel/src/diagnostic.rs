//! Diagnostics are data: a stable [`Code`], a [`Severity`], a one-line
//! message, the ids involved and a source [`Location`].
//!
//! This module holds the registry of every code (its default level and a
//! summary), so that documentation and tests can enumerate them. It never
//! formats for a terminal: the CLI renders diagnostics.

use std::fmt;

/// How serious a diagnostic is once lint levels have been applied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The model is wrong: tools exit with status 1.
    Error,
    /// Probably a mistake or an unfinished part of the plan; does not fail a check.
    Warning,
}

impl Severity {
    /// The lower-case name used in JSON output (`error`, `warning`).
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The level a lint is set to, in a model's `checks` object or on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Do not report.
    Allow,
}

impl Level {
    /// Parses `error`, `warning` or `allow`.
    pub fn parse(s: &str) -> Option<Level> {
        match s {
            "error" => Some(Level::Error),
            "warning" => Some(Level::Warning),
            "allow" => Some(Level::Allow),
            _ => None,
        }
    }

    /// The name as written in files (`error`, `warning`, `allow`).
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Allow => "allow",
        }
    }

    /// The severity this level reports with, or `None` for [`Level::Allow`].
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Allow => None,
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $level:ident, $lint:literal, $summary:literal; )*) => {
        /// A stable diagnostic code. A code never changes meaning once released;
        /// each is documented with a bad and a fixed example in `docs/checks.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case name, e.g. `activity-without-impact`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            /// The level the code reports at unless a model or the CLI changes it.
            pub fn default_level(self) -> Level {
                match self { $( Code::$variant => Level::$level, )* }
            }

            /// Whether the level of this code can be changed (`checks`, `--allow`, `--deny`).
            /// Load errors (the file cannot be read as a model) cannot be.
            pub fn is_lint(self) -> bool {
                match self { $( Code::$variant => $lint, )* }
            }

            /// A one-line description of what the code means.
            pub fn summary(self) -> &'static str {
                match self { $( Code::$variant => $summary, )* }
            }

            /// Looks a code up by its kebab-case name.
            pub fn from_name(name: &str) -> Option<Code> {
                match name { $( $name => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

codes! {
    /// The file is not UTF-8 or not JSON.
    InvalidJson = "invalid-json", Error, false, "the file is not valid UTF-8 JSON";
    /// A value has the wrong type, a required field is missing, an enum value or the format version is unknown.
    InvalidModel = "invalid-model", Error, false, "a value has the wrong type, a required field is missing or a value is not allowed";
    /// An object has a key the format does not define.
    UnknownField = "unknown-field", Error, false, "an object has a key the format does not define";
    /// An id uses characters other than letters, digits, `_`, `.` and `-`.
    InvalidId = "invalid-id", Error, false, "an id is empty or uses characters other than letters, digits, `_`, `.` and `-`";
    /// Two nodes, work items, KPIs or sections share an id.
    DuplicateId = "duplicate-id", Error, false, "two nodes, work items, KPIs or sections share an id";
    /// An edge, work item, KPI or section reference names an id that does not exist.
    DanglingReference = "dangling-reference", Error, false, "a reference names a node, work item, KPI or section that does not exist";
    /// The `checks` object names a code that does not exist or cannot be configured.
    UnknownCheck = "unknown-check", Error, false, "the `checks` object names a code that does not exist or cannot be configured";
    /// The file is not a readable xlsx workbook.
    InvalidWorkbook = "invalid-workbook", Error, false, "the file is not a readable xlsx workbook";
    /// A CSV file is not UTF-8 or not CSV.
    InvalidCsv = "invalid-csv", Error, false, "a CSV file is not valid UTF-8 CSV";
    /// A workbook or a CSV folder is larger than the import reads.
    TableLimit = "table-limit", Error, false, "the workbook or the CSV files are larger than logicmodel reads";
    /// A sheet or CSV file that is none of the model's tables.
    UnknownSheet = "unknown-sheet", Warning, false, "a sheet or CSV file is not one of the model's tables, and is not read";
    /// Two sheets or files are the same table.
    DuplicateTable = "duplicate-table", Error, false, "two sheets or CSV files are the same table";
    /// A heading that is not a column of its table.
    UnknownColumn = "unknown-column", Error, false, "a heading is not a column of its table, or a column with values has no heading";
    /// Two columns of a table are the same field.
    DuplicateColumn = "duplicate-column", Error, false, "two columns of a table are the same field";
    /// A table lacks a column it cannot be read without.
    MissingColumn = "missing-column", Error, false, "a table lacks a column it cannot be read without";
    /// Merged cells in a table.
    MergedCell = "merged-cell", Error, false, "cells of a table are merged";
    /// A formula whose result the workbook does not hold.
    FormulaWithoutValue = "formula-without-value", Error, false, "a cell holds a formula whose result the workbook does not hold";
    /// A cell holding an error value (`#REF!`, `#N/A`).
    CellError = "cell-error", Error, false, "a cell holds an error value such as #REF!";
    /// An empty row between the rows of a table.
    EmptyRow = "empty-row", Warning, false, "an empty row lies between the rows of a table";
    /// A number, date or yes/no value where text is expected.
    NumberAsText = "number-as-text", Warning, false, "a cell holds a number, date or yes/no value where text is expected";
    /// An edge goes to an earlier column (or an outcome to an earlier term).
    BackwardEdge = "backward-edge", Error, true, "an edge goes to an earlier column, or an outcome leads to an outcome of an earlier term";
    /// The edges form a cycle (a self-loop included).
    Cycle = "cycle", Error, true, "the edges form a cycle";
    /// No path leads from an activity to any impact.
    ActivityWithoutImpact = "activity-without-impact", Error, true, "no path leads from this activity to an impact";
    /// No activity reaches an impact.
    ImpactWithoutActivity = "impact-without-activity", Error, true, "no activity reaches this impact";
    /// A node other than an impact has no outgoing edge.
    DeadEnd = "dead-end", Warning, true, "a node other than an impact has no outgoing edge";
    /// An output or outcome that no activity reaches.
    UnreachedNode = "unreached-node", Warning, true, "no activity reaches this output or outcome";
    /// An input that leads to no activity.
    UnusedInput = "unused-input", Warning, true, "an input leads to no activity";
    /// An assumption with no edge at all.
    UnlinkedAssumption = "unlinked-assumption", Warning, true, "an assumption is linked to nothing";
    /// A node with no edge in or out (assumptions are reported as `unlinked-assumption`).
    IsolatedNode = "isolated-node", Warning, true, "a node has no edge in or out";
    /// An activity carried out by no work item.
    ActivityWithoutWorkItem = "activity-without-work-item", Warning, true, "no work item carries out this activity";
    /// A work item measured by no KPI.
    WorkItemWithoutKpi = "work-item-without-kpi", Warning, true, "no KPI measures this work item";
    /// A KPI whose target is not decided (`target: null`).
    KpiTargetUndecided = "kpi-target-undecided", Warning, true, "the KPI has no target yet";
    /// A KPI whose baseline year is after its target year.
    KpiBaselineAfterTarget = "kpi-baseline-after-target", Warning, true, "the KPI's baseline year is after its target year";
    /// A KPI whose target year lies outside the model's period.
    KpiTargetOutsidePeriod = "kpi-target-outside-period", Warning, true, "the KPI's target year lies outside the plan period";
    /// A work item no node refers to.
    UnusedWorkItem = "unused-work-item", Warning, true, "no node refers to this work item";
    /// A KPI no node or work item refers to.
    UnusedKpi = "unused-kpi", Warning, true, "no node or work item refers to this KPI";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where in the source text a diagnostic points: a byte range and the
/// 1-based line and column (in characters) of its start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// 1-based line of the start.
    pub line: u32,
    /// 1-based column of the start, counted in Unicode scalar values.
    pub column: u32,
    /// Byte offset of the start in the source text.
    pub offset: usize,
    /// Length in bytes of the pointed-at text (0 for a point).
    pub len: usize,
}

impl Location {
    /// Whether the location points into a text (locations of records built
    /// in code are the default, which points nowhere).
    pub fn is_known(&self) -> bool {
        self.line > 0
    }
}

/// A cell of a workbook, for diagnostics on models read from one.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Cell {
    /// The sheet's name.
    pub sheet: String,
    /// The cell in A1 notation (`C14`).
    pub cell: String,
}

/// One problem found in a model.
///
/// `Display` gives one line (`error[dangling-reference]: … (line 12,
/// column 41)`); the alternate form `{:#}` adds the help. The CLI gives
/// the rustc-style form with the source line.
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    code: Code,
    severity: Severity,
    message: String,
    ids: Vec<String>,
    location: Location,
    help: Option<String>,
    /// Boxed: most diagnostics have neither a note nor a workbook cell.
    extra: Option<Box<Extra>>,
}

/// The rarer parts of a [`Diagnostic`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Extra {
    /// What else the reader should know (folded follow-on problems).
    note: Option<String>,
    cell: Option<Cell>,
}

impl Diagnostic {
    /// A diagnostic at the code's default severity (errors for non-lint codes).
    pub fn new(code: Code, message: impl Into<String>, location: Location) -> Diagnostic {
        let severity = code.default_level().severity().unwrap_or(Severity::Error);
        Diagnostic {
            code,
            severity,
            message: message.into(),
            ids: Vec::new(),
            location,
            help: None,
            extra: None,
        }
    }

    /// Says the problem is in a workbook cell (for models read from one).
    pub fn with_cell(mut self, sheet: impl Into<String>, cell: impl Into<String>) -> Diagnostic {
        self.extra.get_or_insert_with(Default::default).cell = Some(Cell {
            sheet: sheet.into(),
            cell: cell.into(),
        });
        self
    }

    /// The workbook cell the problem is in, for models read from a workbook.
    pub fn cell(&self) -> Option<&Cell> {
        self.extra.as_ref()?.cell.as_ref()
    }

    /// Adds an id involved (a node, work item, KPI or section id).
    pub fn with_id(mut self, id: impl Into<String>) -> Diagnostic {
        self.ids.push(id.into());
        self
    }

    /// Adds a hint shown below the message ("did you mean `work_items`?").
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a note shown after the help (what follows from this problem).
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.extra.get_or_insert_with(Default::default).note = Some(note.into());
        self
    }

    /// Adds `note` after the note it has, if any (`first; second`): several
    /// folds may each have something to say about one diagnostic.
    pub fn add_note(&mut self, note: &str) {
        let extra = self.extra.get_or_insert_with(Default::default);
        match &mut extra.note {
            Some(old) => {
                old.push_str("; ");
                old.push_str(note);
            }
            None => extra.note = Some(note.to_owned()),
        }
    }

    pub(crate) fn with_severity(mut self, severity: Severity) -> Diagnostic {
        self.severity = severity;
        self
    }

    /// The stable code.
    pub fn code(&self) -> Code {
        self.code
    }
    /// The severity after lint levels were applied.
    pub fn severity(&self) -> Severity {
        self.severity
    }
    /// One line saying what is wrong.
    pub fn message(&self) -> &str {
        &self.message
    }
    /// The ids of the nodes, work items, KPIs or sections involved.
    pub fn ids(&self) -> &[String] {
        &self.ids
    }
    /// Where the problem is in the source text.
    pub fn location(&self) -> Location {
        self.location
    }
    /// An optional hint on how to fix it.
    pub fn help(&self) -> Option<&str> {
        self.help.as_deref()
    }
    /// An optional note: what follows from the problem, such as the
    /// follow-on diagnostics folded into it.
    pub fn note(&self) -> Option<&str> {
        self.extra.as_ref()?.note.as_deref()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(cell) = self.cell() {
            write!(f, " ({}!{})", cell.sheet, cell.cell)?;
        } else if self.location.is_known() {
            write!(
                f,
                " (line {}, column {})",
                self.location.line, self.location.column
            )?;
        }
        if f.alternate() {
            if let Some(help) = &self.help {
                write!(f, "\n  help: {help}")?;
            }
            if let Some(note) = self.note() {
                write!(f, "\n  note: {note}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// The JSON form every tool shares (`logicmodel check --format json`):
/// `code`, `severity`, `message`, `ids`, `line` and `column` (`null` when
/// the problem has no position), `help` and `note` when there are, and `sheet`
/// and `cell` for a model read from a workbook. See `docs/json.md`.
impl serde::Serialize for Diagnostic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let known = self.location.is_known();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.code.as_str())?;
        map.serialize_entry("severity", self.severity.as_str())?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("ids", &self.ids)?;
        map.serialize_entry("line", &known.then_some(self.location.line))?;
        map.serialize_entry("column", &known.then_some(self.location.column))?;
        if let Some(help) = &self.help {
            map.serialize_entry("help", help)?;
        }
        if let Some(note) = self.note() {
            map.serialize_entry("note", note)?;
        }
        if let Some(cell) = self.cell() {
            map.serialize_entry("sheet", &cell.sheet)?;
            map.serialize_entry("cell", &cell.cell)?;
        }
        map.end()
    }
}

/// A value from a file as a message quotes it: whole when it is short,
/// else its first 40 characters, an ellipsis and its length, so that a
/// 1 MB string or a 100,000-digit number in a file does not make a 1 MB
/// message.
///
/// ```
/// # use logicmodel::diagnostic::excerpt;
/// assert_eq!(excerpt("impact"), "impact");
/// let long = "x".repeat(1_000_000);
/// assert_eq!(excerpt(&long), format!("{}… (1000000 characters)", "x".repeat(40)));
/// ```
pub fn excerpt(value: &str) -> std::borrow::Cow<'_, str> {
    const WHOLE_UP_TO: usize = 64;
    if value.len() <= WHOLE_UP_TO || value.chars().count() <= WHOLE_UP_TO {
        return std::borrow::Cow::Borrowed(value);
    }
    let head: String = value.chars().take(40).collect();
    std::borrow::Cow::Owned(format!("{head}… ({} characters)", value.chars().count()))
}

/// Sorts diagnostics by position, then by code, so reports are stable.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.location.offset, a.code, &a.ids, &a.message).cmp(&(
            b.location.offset,
            b.code,
            &b.ids,
            &b.message,
        ))
    });
}

/// Maps byte offsets of a text to 1-based line and column numbers.
///
/// Columns count characters, which costs O(distance) to find. A minified
/// file is one long line, so counting from the line start for every value
/// would make loading quadratic; instead the index remembers the last
/// position it resolved and counts from there. The reader asks in nearly
/// document order, so all lookups together cost O(n).
#[derive(Clone, Debug, Default)]
pub(crate) struct LineIndex {
    line_starts: Vec<usize>,
    /// The last resolved (offset, line, column).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl LineIndex {
    /// Builds the index in one pass over the text. O(n).
    pub(crate) fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            line_starts,
            last: std::cell::Cell::new((0, 1, 1)),
        }
    }

    /// The byte offset of a 1-based line and 1-based byte column, clamped to
    /// the text and moved back to a character boundary.
    pub(crate) fn offset_of(&self, text: &str, line: usize, byte_column: usize) -> usize {
        let start = self
            .line_starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(text.len());
        let mut offset = (start + byte_column.saturating_sub(1)).min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The location of `offset..offset+len` in `text`. O(log lines) plus
    /// the characters between `offset` and the previous lookup (or the line
    /// start, whichever is nearer).
    pub(crate) fn locate(&self, text: &str, offset: usize, len: usize) -> Location {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1);
        let start = self.line_starts[line - 1];
        let count =
            |from: usize, to: usize| text.get(from..to).map_or(to - from, |s| s.chars().count());
        let (last_offset, last_line, last_column) = self.last.get();
        let column = if last_line == line && last_offset.abs_diff(offset) < offset - start {
            if offset >= last_offset {
                last_column + count(last_offset, offset)
            } else {
                last_column - count(offset, last_offset)
            }
        } else {
            count(start, offset) + 1
        };
        self.last.set((offset, line, column));
        Location {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
            offset,
            len,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_name() {
        for &code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len(), "codes are unique");
    }

    #[test]
    fn load_errors_cannot_be_configured() {
        assert!(!Code::InvalidJson.is_lint());
        assert!(Code::DeadEnd.is_lint());
    }

    proptest::proptest! {
        #[test]
        fn cached_columns_equal_counted_columns(
            text in "[a-z江津\n{}\" ]{0,200}",
            offsets in proptest::collection::vec(0usize..220, 1..40),
        ) {
            let index = LineIndex::new(&text);
            for offset in offsets {
                let got = index.locate(&text, offset, 0);
                let mut o = offset.min(text.len());
                while !text.is_char_boundary(o) {
                    o -= 1;
                }
                let start = text[..o].rfind('\n').map_or(0, |i| i + 1);
                let line = text[..o].matches('\n').count() + 1;
                proptest::prop_assert_eq!(got.line as usize, line);
                proptest::prop_assert_eq!(got.column as usize, text[start..o].chars().count() + 1);
            }
        }
    }

    #[test]
    fn line_index_counts_columns_in_characters() {
        let text = "{\n  \"title\": \"江津\", \"x\": 1\n}";
        let index = LineIndex::new(text);
        let offset = text.find("\"x\"").unwrap();
        let loc = index.locate(text, offset, 3);
        assert_eq!((loc.line, loc.column), (2, 18));
        assert_eq!(index.locate(text, 0, 0).line, 1);
        assert_eq!(index.locate(text, text.len(), 0).line, 3);
    }
}
