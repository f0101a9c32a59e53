//! Stage 4: Typst source → PDF, by running the typst CLI.
//!
//! typst runs with `--root` set to a private temporary folder that holds
//! only the generated source, so it can read no other file even if an escape
//! were wrong. Its PDF is written beside the output and renamed into place
//! only when typst succeeded and found Chinese fonts: a failed build leaves
//! the previous PDF untouched and no temporary file behind.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use jixiao::emit::cjk_families;
use jixiao::model::{Date, Model};

use super::{Failure, Message, persist, temporary_beside};

/// The typst version jixiao is tested with.
pub const VERSION: &str = "0.15.1";

/// How long a typst run may take before it is stopped, unless
/// `JIXIAO_TYPST_TIMEOUT` gives another number of seconds.
fn timeout() -> Duration {
    let seconds = std::env::var("JIXIAO_TYPST_TIMEOUT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(seconds)
}

/// The typst executable: `JIXIAO_TYPST`, else `typst` on the PATH.
pub fn executable() -> PathBuf {
    std::env::var_os("JIXIAO_TYPST").map_or_else(|| PathBuf::from("typst"), PathBuf::from)
}

/// Compiles `source` to a PDF at `output`. Returns typst's warnings worth
/// showing (unknown fallback fonts are expected and left out).
pub fn render_pdf(
    source: &str,
    timestamp: i64,
    output: &Path,
    font_paths: &[PathBuf],
) -> Result<Vec<String>, Failure> {
    let root = tempfile::Builder::new()
        .prefix("jixiao-")
        .tempdir()
        .map_err(|e| Failure::io(Message::Write(output.into()), e))?;
    let main = root.path().join("main.typ");
    std::fs::write(&main, source).map_err(|e| Failure::io(Message::Write(main.clone()), e))?;
    let pdf = temporary_beside(output)?;

    let mut command = Command::new(executable());
    command
        .arg("compile")
        .arg("--root")
        .arg(root.path())
        .arg("--format")
        .arg("pdf")
        .arg("--diagnostic-format")
        .arg("short")
        .arg("--creation-timestamp")
        .arg(timestamp.to_string());
    for dir in font_paths {
        command.arg("--font-path").arg(dir);
    }
    command
        .arg(&main)
        .arg(pdf.path())
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure::environment(Message::TypstMissing)
        } else {
            Failure::io(Message::Read(executable()), e)
        }
    })?;
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });
    let started = Instant::now();
    let limit = timeout();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Failure::environment(Message::TypstTimeout {
                    seconds: limit.as_secs(),
                }));
            }
            // Short naps: the wait adds at most a millisecond to a build.
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(Failure::io(Message::Read(executable()), e)),
        }
    };
    let stderr = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(Failure::environment(Message::TypstFailed {
            status: status.to_string(),
            stderr: stderr.trim_end().to_string(),
            version: installed_version().filter(|v| v != VERSION),
        }));
    }
    // A typst that claims success must have written a PDF.
    let mut head = [0u8; 5];
    let wrote_pdf = std::fs::File::open(pdf.path())
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"%PDF-";
    if !wrote_pdf {
        return Err(Failure::environment(Message::TypstNoOutput));
    }
    let (unknown_fonts, warnings) = sort_warnings(&stderr);
    let families = cjk_families();
    if families
        .iter()
        .all(|f| unknown_fonts.contains(&f.to_lowercase()))
    {
        return Err(Failure::environment(Message::NoCjkFont { families }));
    }
    persist(pdf, output)?;
    Ok(warnings)
}

/// The version of the installed typst (`typst 0.15.1 (…)` → `0.15.1`), asked
/// only after a failure, to tell the user when it is not the tested one.
fn installed_version() -> Option<String> {
    let out = Command::new(executable())
        .arg("--version")
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    text.split_whitespace().nth(1).map(str::to_string)
}

/// Splits typst's stderr (short format) into the font families it did not
/// know (lower-cased, as typst prints them) and the other lines.
fn sort_warnings(stderr: &str) -> (Vec<String>, Vec<String>) {
    let mut unknown = Vec::new();
    let mut other = Vec::new();
    for line in stderr.lines().filter(|l| !l.trim().is_empty()) {
        match line.split_once("unknown font family: ") {
            Some((_, family)) => unknown.push(family.trim().to_string()),
            None => other.push(line.to_string()),
        }
    }
    (unknown, other)
}

/// The PDF's creation date: the report's date when it has one, else the
/// first day after the evaluation year. Fixed, so builds are reproducible.
pub fn creation_timestamp(model: &Model) -> i64 {
    let date = model
        .report
        .as_ref()
        .and_then(|r| r.signed.as_ref())
        .map(|s| s.date)
        .unwrap_or(Date {
            year: model.evaluation.year + 1,
            month: 1,
            day: 1,
        });
    days_from_civil(date) * 86_400
}

/// Days since 1970-01-01 of a Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(date: Date) -> i64 {
    let (m, d) = (i64::from(date.month), i64::from(date.day));
    let y = i64::from(date.year) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days() {
        let day = |year, month, day| days_from_civil(Date { year, month, day });
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(2022, 2, 14), 19_037);
        assert_eq!(day(2000, 3, 1), 11_017);
    }

    #[test]
    fn unknown_fonts_are_separated_from_other_warnings() {
        let (unknown, other) = sort_warnings(
            "main.typ:1:16: warning: unknown font family: simsun\nmain.typ:9:1: warning: something else\n",
        );
        assert_eq!(unknown, ["simsun"]);
        assert_eq!(other, ["main.typ:9:1: warning: something else"]);
    }
}
