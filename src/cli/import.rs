//! `jixiao import`: reads a Word or Excel file (an old .doc or .xls
//! through LibreOffice, when it is installed), writes the `.jx` the
//! library makes of it beside it (never over a file), and checks it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use jixiao::diag::{self, Lang};
use jixiao::import::{self, LIMITS};

use super::{Failure, Message, output_path, render_diagnostics};

/// How long LibreOffice may take to convert a file.
const CONVERT_TIMEOUT: Duration = Duration::from_secs(120);

pub fn import(
    file: &Path,
    output: Option<&Path>,
    template: Option<&str>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let unreadable = |error| {
        Failure::nothing_written(Message::Import {
            path: file.into(),
            error,
        })
    };
    let size = std::fs::metadata(file)
        .map_err(|e| Failure::io(Message::Read(file.into()), e))?
        .len();
    if size > LIMITS.file {
        return Err(unreadable(import::Error::FileTooLarge {
            limit: LIMITS.file,
        }));
    }
    let bytes = std::fs::read(file).map_err(|e| Failure::io(Message::Read(file.into()), e))?;
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    let bytes = match import::sniff(&bytes) {
        Err(import::Error::OldBinary) => convert(file, extension.as_deref())?,
        _ => bytes,
    };
    let origin = file.file_name().map_or_else(
        || file.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let options = import::Options {
        template,
        origin: &origin,
        lang,
    };
    let imported = import::import(&bytes, &options).map_err(unreadable)?;

    // Where it goes: beside the input, -o, or stdout with -o -.
    let target = match output {
        Some(o) if o == Path::new("-") => None,
        o => Some(output_path(file, o, "jx")),
    };
    let shown_as = target.clone().unwrap_or_else(|| PathBuf::from("-"));
    match &target {
        Some(path) => {
            super::write_new(path, imported.text.as_bytes())?;
            eprintln!(
                "{}",
                Message::Imported {
                    path: path.clone(),
                    template: imported.template.clone()
                }
                .text(lang)
            );
        }
        None => {
            let mut stdout = std::io::stdout();
            stdout
                .write_all(imported.text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| Failure::io(Message::Write(shown_as.clone()), e))?;
        }
    }

    // What check says of it, as `jixiao check` prints it.
    let checked = jixiao::compile(&imported.text);
    let shown = super::shown(&checked.diagnostics);
    let errors = shown.iter().filter(|d| d.is_error()).count();
    let warnings = shown.len() - errors;
    let report = render_diagnostics(&shown_as, &imported.text, &shown, lang);
    let _ = std::io::stderr().write_all(report.as_bytes());
    eprintln!("{}", diag::summary(errors, warnings, lang));
    Ok(ExitCode::from(u8::from(errors > 0)))
}

/// An old binary file converted by LibreOffice to its zipped format, in a
/// private folder; without LibreOffice, an error that says how to convert.
fn convert(file: &Path, extension: Option<&str>) -> Result<Vec<u8>, Failure> {
    let to = match extension {
        Some("xls") => "xlsx",
        Some("doc") => "docx",
        _ => {
            return Err(Failure::nothing_written(Message::Import {
                path: file.into(),
                error: import::Error::OldBinary,
            }));
        }
    };
    let missing = || {
        Failure::nothing_written(Message::NeedsConversion {
            path: file.into(),
            to,
        })
    };
    let failed = || {
        Failure::nothing_written(Message::ConversionFailed {
            path: file.into(),
            to,
        })
    };
    let dir = tempfile::tempdir().map_err(|e| Failure::io(Message::Write(file.into()), e))?;
    let soffice = std::env::var_os("JIXIAO_SOFFICE").unwrap_or_else(|| "soffice".into());
    let mut command = Command::new(soffice);
    command
        .arg("--headless")
        .arg("--convert-to")
        .arg(to)
        .arg("--outdir")
        .arg(dir.path())
        .arg(file)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let mut child = command.spawn().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => missing(),
        _ => failed(),
    })?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > CONVERT_TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(failed());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(_) => return Err(failed()),
        }
    };
    if !status.success() {
        return Err(failed());
    }
    let stem = file.file_stem().unwrap_or_default();
    let converted = dir.path().join(format!("{}.{to}", stem.to_string_lossy()));
    let size = std::fs::metadata(&converted).map_err(|_| failed())?.len();
    if size > LIMITS.file {
        return Err(Failure::nothing_written(Message::Import {
            path: file.into(),
            error: import::Error::FileTooLarge { limit: LIMITS.file },
        }));
    }
    std::fs::read(&converted).map_err(|_| failed())
}
