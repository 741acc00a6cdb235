//! `logicmodel diff OLD NEW`: what changed between two versions of a plan,
//! as a summary for the terminal, JSON, a Markdown paper, or a drawing of
//! the new version with the changes marked.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use logicmodel::diff::{self, ChangeKind, Outline, Report, Side};
use logicmodel::render::{self, SvgOptions};
use logicmodel::Severity;
use unicode_width::UnicodeWidthStr;

use crate::anyhow_like::Result;
use crate::check::{diagnose, print_errors, LintArgs};
use crate::fonts::{self, FontSource};
use crate::input::{self, Source};
use crate::output::{self, Output, Status};
use crate::visible::visible;
use crate::{console, pdf, png};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A summary for people, grouped 新規/削除/変更 (added/removed/changed).
    #[default]
    Text,
    /// JSON (docs/json.md).
    Json,
    /// A Markdown paper for a committee.
    Md,
}

#[derive(Args, Debug)]
pub struct DiffArgs {
    /// The old version of the model; `-` reads stdin.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new version of the model; `-` reads stdin.
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// Summary format (on stdout, or in the `-o` file).
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Where to write: `.svg`, `.png` or `.pdf` draws NEW with the changes marked;
    /// `.json`, `.md` or `.txt` writes the summary in that format; `-` is stdout.
    #[arg(short, long, value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// Exit with status 1 when the models differ, as `git diff --exit-code` does.
    #[arg(long)]
    pub exit_code: bool,
    /// Pixels per SVG unit in PNG output.
    #[arg(long, default_value_t = 2.0, value_name = "FACTOR")]
    pub scale: f32,
    #[command(flatten)]
    pub lints: LintArgs,
}

/// What to write.
enum Target {
    Summary(DiffFormat),
    Drawing(DrawingFormat),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DrawingFormat {
    Svg,
    Png,
    Pdf,
}

/// What to write to `output`: a file's extension decides (a drawing for
/// `.svg`, `.png`, `.pdf`; the summary for `.json`, `.md`, `.txt`) and must
/// agree with `--format`; stdout, devices and pipes get the summary.
fn target(args: &DiffArgs, output: Option<&Output>) -> Result<Target> {
    let Some(output) = output.filter(|o| o.is_file()) else {
        return Ok(Target::Summary(args.format.unwrap_or_default()));
    };
    let shown = visible(output.name()).into_owned();
    let extension = Path::new(output.name())
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let by_extension = match extension.as_str() {
        "svg" | "png" | "pdf" => {
            if args.format.is_some() {
                return Err(format!(
                    "--format is for the summary; {shown} is a drawing (leave out --format, or write the summary to a .json, .md or .txt file)"
                )
                .into());
            }
            return Ok(Target::Drawing(match extension.as_str() {
                "png" => DrawingFormat::Png,
                "pdf" => DrawingFormat::Pdf,
                _ => DrawingFormat::Svg,
            }));
        }
        "json" => Some(DiffFormat::Json),
        "md" | "markdown" => Some(DiffFormat::Md),
        "txt" | "text" => Some(DiffFormat::Text),
        _ => None,
    };
    let format = match (args.format, by_extension) {
        (Some(asked), Some(named)) if asked != named => {
            return Err(format!(
                "--format {} does not match the extension of {shown}",
                asked.to_possible_value().map_or("?".into(), |v| v.get_name().to_owned()),
            )
            .into())
        }
        (Some(asked), _) => asked,
        (None, Some(named)) => named,
        (None, None) => {
            return Err(format!(
                "cannot tell what to write from the name {shown}: use .svg, .png or .pdf for a drawing, .json, .md or .txt for the summary"
            )
            .into())
        }
    };
    Ok(Target::Summary(format))
}

pub fn run(args: &DiffArgs) -> Result<Status> {
    let overrides = args.lints.overrides()?;
    if args.old.as_os_str() == "-" && args.new.as_os_str() == "-" {
        return Err("OLD and NEW cannot both be `-` (stdin)".into());
    }
    let old = input::read_model(&args.old)?;
    let new = input::read_model(&args.new)?;
    // Opened after reading, so that an output naming an input is refused
    // (the inputs are remembered by identity), and before the work.
    let output = match &args.output {
        Some(path) => Some(Output::create(path)?),
        None => {
            output::refuse_stdout_onto_an_input()?;
            None
        }
    };
    let target = target(args, output.as_ref())?;
    let color = args.lints.color.for_stderr();
    let mut has_errors = false;
    for source in [&old, &new] {
        let all = diagnose(source, &overrides);
        print_errors(source, &all, color);
        has_errors |= all.iter().any(|d| d.severity() == Severity::Error);
    }
    // A model that loaded with errors lost its broken parts: they show as
    // removed (or added), which the note says. A file that is not a model
    // at all has no diff.
    let (Some(old_model), Some(new_model)) = (&old.loaded.model, &new.loaded.model) else {
        return Ok(Status::InputErrors);
    };
    for source in [&old, &new] {
        if source.loaded.has_errors() {
            console::note(&format!(
                "{} has load errors; the parts left out of it show in the diff as removed or added",
                source.name
            ));
        }
    }
    let changes = diff::diff(old_model, new_model);
    match target {
        Target::Summary(format) => {
            let bytes = summary(format, &old, &new, &changes)?;
            match output {
                Some(output) => {
                    let wrote = output.is_file().then(|| output.name().to_owned());
                    output.finish(&bytes)?;
                    if let Some(name) = wrote {
                        console::success(&format!("wrote {name}"));
                    }
                }
                None => output::write_stdout(&bytes)?,
            }
        }
        Target::Drawing(format) => {
            let output = output.expect("a drawing is written to a file");
            draw(output, format, args.scale, &old, &new, &changes)?
        }
    }
    Ok(if has_errors || (args.exit_code && !changes.is_empty()) {
        Status::InputErrors
    } else {
        Status::Ok
    })
}

/// `report --since OLD`: reads OLD, prints its errors as `diff` does, and
/// returns the changes from it to `new`; `None` when OLD is not a model.
pub fn since(
    path: &Path,
    new: &logicmodel::Model,
    overrides: &logicmodel::check::Overrides,
    color: bool,
) -> Result<Option<diff::Since>> {
    let old = input::read_model(path)?;
    let all = diagnose(&old, overrides);
    print_errors(&old, &all, color);
    let Some(old_model) = &old.loaded.model else {
        return Ok(None);
    };
    if old.loaded.has_errors() {
        console::note(&format!(
            "{} has load errors; the parts left out of it show in the changes as added",
            old.name
        ));
    }
    Ok(Some(diff::Since::new(old_model, new, &old.name)))
}

fn summary(
    format: DiffFormat,
    old: &Source,
    new: &Source,
    changes: &diff::Changes,
) -> Result<Vec<u8>> {
    let (old_model, new_model) = models(old, new);
    Ok(match format {
        DiffFormat::Json => {
            let report = Report {
                old: Side {
                    file: &old.name,
                    model: old_model,
                },
                new: Side {
                    file: &new.name,
                    model: new_model,
                },
                changes,
            };
            let mut text = serde_json::to_string_pretty(&report)?;
            text.push('\n');
            text.into_bytes()
        }
        DiffFormat::Md => {
            diff::markdown(old_model, new_model, changes, &old.name, &new.name).into_bytes()
        }
        DiffFormat::Text => {
            let outline = diff::outline(old_model, new_model, changes, &old.name, &new.name);
            text(&outline).into_bytes()
        }
    })
}

fn models<'s>(old: &'s Source, new: &'s Source) -> (&'s logicmodel::Model, &'s logicmodel::Model) {
    (
        old.loaded.model.as_ref().expect("checked by run"),
        new.loaded.model.as_ref().expect("checked by run"),
    )
}

fn draw(
    output: Output,
    format: DrawingFormat,
    scale: f32,
    old: &Source,
    new: &Source,
    changes: &diff::Changes,
) -> Result<()> {
    let (old_model, new_model) = models(old, new);
    let drawing = diff::draw(old_model, new_model, changes, &old.name);
    let svg = drawing.svg();
    let bytes = match format {
        DrawingFormat::Svg => svg.into_bytes(),
        DrawingFormat::Png | DrawingFormat::Pdf => {
            // As `render` does: past the rasteriser's element limit the
            // drawing has shapes only.
            let elements = svg.matches('<').count() - svg.matches("</").count();
            let tree = if elements > png::ELEMENT_BUDGET {
                console::note(&format!(
                    "the drawing has {elements} SVG elements, more than the rasteriser accepts ({}); it shows boxes and arrows without text — use SVG output for the text",
                    png::ELEMENT_BUDGET
                ));
                let shapes = render::svg(
                    &drawing.model,
                    &drawing.diagram,
                    &SvgOptions {
                        shapes_only: true,
                        ..drawing.svg_options()
                    },
                );
                fonts::parse_svg(&shapes, FontSource::System)?
            } else {
                fonts::parse_svg(&svg, FontSource::System)?
            };
            let (bytes, note) = if format == DrawingFormat::Png {
                let png = png::rasterize(&tree, scale)?;
                (png.bytes, png.note)
            } else {
                let info = pdf::PdfInfo {
                    title: drawing.model.title().to_owned(),
                    language: new_model.language().map(|l| l.as_str().to_owned()),
                };
                let pdf = pdf::write(&tree, &info, false)?;
                (pdf.bytes, pdf.note)
            };
            if let Some(note) = &note {
                console::note(note);
            }
            bytes
        }
    };
    let name = output.name().to_owned();
    output.finish(&bytes)?;
    let summary = changes.summary();
    let boxes = drawing.diagram.nodes.len();
    console::success(&format!(
        "wrote {name} ({boxes} box{}; {} added, {} removed, {} changed, {} renamed)",
        if boxes == 1 { "" } else { "es" },
        summary.added,
        summary.removed,
        summary.changed,
        summary.renamed
    ));
    Ok(())
}

/// Indentation of the fields under an entry.
const FIELD_INDENT: &str = "        ";
/// Above this display width an "old → new" pair goes on lines of its own.
const ONE_LINE_WIDTH: usize = 100;

/// The outline as text for a terminal: every model text through
/// [`visible`], its own line breaks kept as lines.
fn text(outline: &Outline) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", visible(&outline.title));
    let _ = writeln!(out, "{}", visible(&outline.versions));
    if outline.groups.is_empty() {
        let _ = writeln!(out, "{}", outline.words.no_changes());
        return out;
    }
    let _ = writeln!(out, "{}", outline.summary);
    for group in &outline.groups {
        let _ = writeln!(out, "\n{}", group.heading);
        let marker = match group.change {
            ChangeKind::Added => "+",
            ChangeKind::Removed => "-",
            ChangeKind::Changed => "~",
            ChangeKind::Renamed => "→",
        };
        for kind in &group.kinds {
            let _ = writeln!(out, "  {}", kind.heading);
            for entry in &kind.entries {
                let mut head = format!("    {marker} ");
                if let Some(old_id) = &entry.old_id {
                    let _ = write!(head, "{} → ", visible(old_id));
                }
                if !entry.id.is_empty() {
                    let _ = write!(head, "{}  ", visible(&entry.id));
                }
                head.push_str(&one_line(&entry.label));
                if let Some(note) = &entry.note {
                    let _ = write!(head, "  [{}]", visible(note));
                }
                let _ = writeln!(out, "{}", head.trim_end());
                for line in &entry.fields {
                    field_lines(&mut out, &line.name, &line.old, &line.new, group.change);
                }
            }
        }
    }
    out
}

/// A label on one line: its line breaks shown as ` / `.
fn one_line(text: &str) -> String {
    text.lines()
        .map(|l| visible(l).into_owned())
        .collect::<Vec<_>>()
        .join(" / ")
}

fn field_lines(out: &mut String, name: &str, old: &str, new: &str, change: ChangeKind) {
    let lines =
        |text: &str| -> Vec<String> { text.lines().map(|l| visible(l).into_owned()).collect() };
    let (old_lines, new_lines) = (lines(old), lines(new));
    if change == ChangeKind::Added {
        // `name: first line`, the rest aligned under it.
        let pad = " ".repeat(name.width() + 2);
        for (i, line) in new_lines.iter().enumerate() {
            if i == 0 {
                let _ = writeln!(out, "{FIELD_INDENT}{name}: {line}");
            } else {
                let _ = writeln!(out, "{FIELD_INDENT}{pad}{line}");
            }
        }
        return;
    }
    let single = old_lines.len() <= 1 && new_lines.len() <= 1;
    let width = name.width() + old.width() + new.width() + 6;
    if single && width <= ONE_LINE_WIDTH {
        let _ = writeln!(
            out,
            "{FIELD_INDENT}{name}: {} → {}",
            old_lines.first().map_or("", String::as_str),
            new_lines.first().map_or("", String::as_str)
        );
        return;
    }
    let _ = writeln!(out, "{FIELD_INDENT}{name}:");
    for (sign, lines) in [("-", old_lines), ("+", new_lines)] {
        for (i, line) in lines.iter().enumerate() {
            let lead = if i == 0 { sign } else { " " };
            let _ = writeln!(out, "{FIELD_INDENT}  {lead} {line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_goes_on_one_line_without_control_characters() {
        assert_eq!(one_line("a\nb\u{7}"), "a / b\\u{7}");
        assert_eq!(one_line("江津"), "江津");
    }
}
