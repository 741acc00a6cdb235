//! `logicmodel init`: write a small, valid starter model to begin a plan with.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use logicmodel::interchange::starter::{self, StarterLanguage};
use logicmodel::interchange::workbook;

use crate::anyhow_like::Result;
use crate::cleanup;
use crate::console;
use crate::output::{self, Status};

/// The language of the starter's text and headings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Japanese (日本語).
    Ja,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// The file to create: `.json` for a model file, `.xlsx` for a workbook,
    /// `-` for JSON on stdout. An existing file is never overwritten.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The language of the starter's text and headings.
    #[arg(long, value_enum, default_value_t = Lang::En)]
    pub lang: Lang,
}

pub fn run(args: &InitArgs) -> Result<Status> {
    let language = match args.lang {
        Lang::En => StarterLanguage::English,
        Lang::Ja => StarterLanguage::Japanese,
    };
    let json = starter::json(language);
    let path = &args.file;
    if path.as_os_str() == "-" {
        output::write_stdout(json.as_bytes())?;
        return Ok(Status::Ok);
    }
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let bytes = match extension.as_deref() {
        Some("json") => json.as_bytes().to_vec(),
        Some("xlsx") => {
            let model = logicmodel::load_str(json)
                .model
                .expect("the starter model is valid JSON");
            workbook::to_bytes(&model)?
        }
        _ => {
            return Err(format!(
                "{}: name the file .json (a model file) or .xlsx (a workbook)",
                path.display()
            )
            .into())
        }
    };
    write_new(path, &bytes)?;
    let name = path.display();
    console::success(&format!(
        "wrote {name}: a starter model with one box in each column, a work item and a KPI.\n\
         Replace the text with your own plan (docs/format.md explains every key), then run\n  \
         logicmodel check {name}\n  \
         logicmodel render {name} -o plan.svg"
    ));
    Ok(Status::Ok)
}

/// Writes `bytes` to a new file at `path`: written in full to a temporary
/// file beside it, then linked into place only if nothing is there yet, so
/// an existing file is never replaced and a failed run leaves nothing.
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    if path.exists() {
        return Err(already_exists(path));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".logicmodel-").suffix(".tmp");
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o644));
    // Registered, so that an interrupted run removes it (crate::cleanup).
    let mut temporary = cleanup::create(|| {
        let file = builder.tempfile_in(dir)?;
        Ok((file.path().to_owned(), file))
    })
    .map_err(|e| format!("cannot write in {}: {e}", dir.display()))?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    let temporary_path = temporary.path().to_owned();
    cleanup::finish(&temporary_path, || temporary.persist_noclobber(path)).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            already_exists(path)
        } else {
            format!("cannot write {}: {}", path.display(), e.error).into()
        }
    })?;
    Ok(())
}

fn already_exists(path: &Path) -> Box<dyn std::error::Error + Send + Sync> {
    format!(
        "{} already exists; `init` never overwrites a file (choose another name)",
        path.display()
    )
    .into()
}
