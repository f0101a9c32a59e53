//! Stage 4: Typst source → PDF, by running the typst CLI.
//!
//! typst runs with `--root` set to a private temporary folder that holds
//! only the generated source, so it can read no other file even if an escape
//! were wrong. Its PDF is written beside the output and renamed into place
//! only when typst succeeded and found Chinese fonts: a failed build leaves
//! the previous PDF untouched and no temporary file behind.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use jixiao::emit::{Attachment, Relationship, attachments, cjk_families, lit};
use jixiao::model::{Date, Model};
use tempfile::NamedTempFile;

use super::{Failure, Message, fonts, persist, temporary_beside};

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

/// The files an archived PDF (PDF/A-3u) embeds.
#[derive(Default)]
pub struct Archive {
    files: Vec<Embedded>,
}

struct Embedded {
    /// Its name in the PDF, and in the typst run's folder.
    name: String,
    bytes: Vec<u8>,
    relationship: Relationship,
    mime_type: &'static str,
    description: &'static str,
}

/// How the source of an evaluation is described in an archived PDF.
const SOURCE_DESCRIPTION: &str = "jixiao 源文件 / jixiao source (.jx)";

impl Archive {
    /// The archive of one evaluation: its source as read from `input`,
    /// and its model as `jixiao json` prints it.
    pub fn of(input: &Path, bytes: Vec<u8>, model: &Model) -> Archive {
        let name = source_name(input);
        let stem = name.strip_suffix(".jx").unwrap_or(&name);
        let json_name = format!("{stem}.json");
        let output = jixiao::model::Output::Complete(Box::new(model.clone()));
        let mut json = serde_json::to_string_pretty(&output).expect("the model serialises");
        json.push('\n');
        let mut archive = Archive::default();
        archive.add_source(name, bytes);
        archive.files.push(Embedded {
            name: json_name,
            bytes: json.into_bytes(),
            relationship: Relationship::Data,
            mime_type: "application/json",
            description: "jixiao json 模型 / the jixiao json model",
        });
        archive
    }

    /// Adds an evaluation's source, as read from `input` (a bundle holds
    /// one per evaluation; a name met before gets a number).
    pub fn add(&mut self, input: &Path, bytes: Vec<u8>) {
        self.add_source(source_name(input), bytes);
    }

    fn add_source(&mut self, name: String, bytes: Vec<u8>) {
        let taken = |n: &str| self.files.iter().any(|f| f.name == n);
        let mut unique = name.clone();
        let mut number = 2;
        while taken(&unique) {
            let stem = name.strip_suffix(".jx").unwrap_or(&name);
            unique = format!("{stem}-{number}.jx");
            number += 1;
        }
        self.files.push(Embedded {
            name: unique,
            bytes,
            relationship: Relationship::Source,
            mime_type: "text/plain",
            description: SOURCE_DESCRIPTION,
        });
    }

    /// Writes the files into the run's folder `root`; the Typst that
    /// attaches them.
    fn write(&self, root: &Path) -> Result<String, Failure> {
        for file in &self.files {
            let path = root.join(&file.name);
            std::fs::write(&path, &file.bytes)
                .map_err(|e| Failure::io(Message::Write(path.clone()), e))?;
        }
        let listed: Vec<Attachment> = self
            .files
            .iter()
            .map(|f| Attachment {
                path: &f.name,
                relationship: f.relationship,
                mime_type: f.mime_type,
                description: f.description,
            })
            .collect();
        Ok(attachments(&listed))
    }
}

/// The name an evaluation's source has in an archived PDF: its file name,
/// when that is a plain Unicode name ending in `.jx`, else `source.jx`.
fn source_name(input: &Path) -> String {
    let plain = |n: &&str| {
        n.to_lowercase().ends_with(".jx")
            && !n.starts_with('.')
            && !n.contains(['/', '\\', ':'])
            && !n.chars().any(char::is_control)
    };
    input
        .file_name()
        .and_then(|n| n.to_str())
        .filter(plain)
        .map_or_else(|| "source.jx".to_string(), str::to_string)
}

/// Whether typst writes its accessibility tags (a tagged PDF) into a PDF.
/// Each evaluation's own PDF has them. A bundle goes without: for the
/// tables of hundreds of forms they made the file 5.7 times larger (15 MB
/// against 2.6 MB for 200 evaluations) and typst's run a tenth heavier in
/// memory, for a document that is read, searched and printed the same
/// without them (its text and bookmarks do not depend on them).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Tags {
    Written,
    Omitted,
}

/// Compiles `source` to a PDF at `output`; with `archive`, a PDF/A-3u
/// embedding its files. Returns typst's warnings worth showing (unknown
/// fallback fonts are expected and left out).
pub fn render_pdf(
    source: &str,
    timestamp: i64,
    output: &Path,
    font_paths: &[PathBuf],
    archive: Option<&Archive>,
    tags: Tags,
) -> Result<Vec<String>, Failure> {
    let root = private_folder(output)?;
    let main = root.path().join("main.typ");
    let pdf = temporary_beside(output)?;
    let fonts = restricted_fonts(font_paths, std::iter::once(source));
    let mut command = compile_command(root.path(), "pdf", timestamp, font_paths, fonts);
    let source = &*fonts.map_or(Cow::Borrowed(source), |f| f.narrow(source));
    match archive {
        Some(archive) => {
            let attach = archive.write(root.path())?;
            write_source(&main, &format!("{source}{attach}"))?;
            command.arg("--pdf-standard").arg("a-3u");
        }
        None => write_source(&main, source)?,
    }
    if tags == Tags::Omitted {
        command.arg("--no-pdf-tags");
    }
    command.arg(&main).arg(pdf.path());
    let stderr = run(command)?;
    let lines: Vec<&str> = stderr.lines().collect();
    accept(pdf, output, &lines)?;
    Ok(shown_warnings(&lines))
}

/// Whether the installed typst has the bundle export as jixiao uses it,
/// to compile several documents to several PDFs in one run: typst 0.15,
/// where it came (experimental, so another version may change it).
pub fn has_bundle_export() -> bool {
    version_string()
        .and_then(|v| {
            let mut parts = v.split('.').map(|p| p.parse::<u64>().ok());
            Some((parts.next()??, parts.next()??))
        })
        .is_some_and(|version| version == (0, 15))
}

/// The installed typst's version (`typst 0.15.1 (…)` → `0.15.1`), asked
/// once a process; `None` when it does not answer in time.
pub fn version_string() -> Option<String> {
    static ANSWER: OnceLock<Option<String>> = OnceLock::new();
    ANSWER
        .get_or_init(|| {
            let text = output(&["--version"], Duration::from_secs(10))?;
            text.split_whitespace().nth(1).map(str::to_string)
        })
        .clone()
}

/// The font families typst sees, one a line (`typst fonts`).
pub fn listed_families() -> Option<String> {
    output(&["fonts"], timeout())
}

/// The typst executable as the system finds it: [`executable`] itself
/// when it names a path, else the first of that name on the PATH.
pub fn located() -> Option<PathBuf> {
    let exe = executable();
    if exe.components().count() > 1 {
        return Some(exe);
    }
    let names = [exe.clone(), exe.with_extension("exe")];
    std::env::split_paths(&std::env::var_os("PATH")?)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// What one document of [`render_pdfs`] gave: its warnings worth showing,
/// or why it has no PDF.
pub type Rendered = Result<Vec<String>, Failure>;

/// Compiles each `(source, output)` to its own PDF in one typst run (the
/// bundle export: one `document` per output, each including its own
/// source, so that each is set exactly as [`render_pdf`] sets it alone).
/// Each PDF is written as [`render_pdf`] writes it: to a temporary file
/// beside its output, renamed into place. `Err` when the run failed as a
/// whole (one document with an error fails them all): the caller then
/// builds the files one by one to find it.
pub fn render_pdfs(
    documents: &[(String, &Path)],
    timestamp: i64,
    font_paths: &[PathBuf],
) -> Result<Vec<Rendered>, Failure> {
    let Some(&(_, first)) = documents.first() else {
        return Ok(Vec::new());
    };
    let root = private_folder(first)?;
    let out = private_folder(first)?;
    let fonts = restricted_fonts(font_paths, documents.iter().map(|(s, _)| s.as_str()));
    let mut main = String::new();
    for (i, (source, _)) in documents.iter().enumerate() {
        let name = format!("{DOCUMENT}{i}");
        let source = fonts.map_or(Cow::Borrowed(source.as_str()), |f| f.narrow(source));
        write_source(&root.path().join(format!("{name}.typ")), &source)?;
        let _ = writeln!(
            main,
            "#document({}, include {})",
            lit(&format!("{name}.pdf")),
            lit(&format!("{name}.typ"))
        );
    }
    let main_path = root.path().join("main.typ");
    write_source(&main_path, &main)?;
    let mut command = compile_command(root.path(), "bundle", timestamp, font_paths, fonts);
    command
        .arg("--features")
        .arg("bundle")
        .arg(&main_path)
        .arg(out.path());
    let stderr = run(command)?;
    let mut lines: Vec<Vec<&str>> = vec![Vec::new(); documents.len()];
    for line in stderr.lines() {
        match document_of(line) {
            Some(i) if i < lines.len() => lines[i].push(line),
            // The run's own notice that the export is experimental.
            _ if line.contains("bundle export is experimental") => {}
            _ => lines.iter_mut().for_each(|l| l.push(line)),
        }
    }
    let rendered = documents
        .iter()
        .zip(&lines)
        .enumerate()
        .map(|(i, ((_, output), lines))| {
            let pdf = temporary_beside(output)?;
            let copied = std::fs::File::open(out.path().join(format!("{DOCUMENT}{i}.pdf")))
                .and_then(|mut from| std::io::copy(&mut from, &mut pdf.as_file()));
            if copied.is_err() {
                return Err(Failure::environment(Message::TypstNoOutput));
            }
            accept(pdf, output, lines)?;
            Ok(shown_warnings(lines))
        })
        .collect();
    Ok(rendered)
}

/// How the sources of [`render_pdfs`] are named: `doc-0.typ`, `doc-1.typ`…
const DOCUMENT: &str = "doc-";

/// The document a line of typst's stderr is about (`…/doc-3.typ:9:1: …`).
fn document_of(line: &str) -> Option<usize> {
    let (path, _) = line.split_once(".typ:")?;
    let name = path.rsplit(['/', '\\']).next()?;
    name.strip_prefix(DOCUMENT)?.parse().ok()
}

/// A private temporary folder for one typst run (its `--root`, or where it
/// writes a bundle).
fn private_folder(output: &Path) -> Result<tempfile::TempDir, Failure> {
    tempfile::Builder::new()
        .prefix("jixiao-")
        .tempdir()
        .map_err(|e| Failure::io(Message::Write(output.into()), e))
}

fn write_source(path: &Path, source: &str) -> Result<(), Failure> {
    std::fs::write(path, source).map_err(|e| Failure::io(Message::Write(path.into()), e))
}

/// The only fonts typst needs for `sources` ([`fonts`]), unless the user
/// names fonts of their own or those would not draw every character.
fn restricted_fonts<'a>(
    font_paths: &[PathBuf],
    mut sources: impl Iterator<Item = &'a str>,
) -> Option<&'static fonts::Fonts> {
    if !font_paths.is_empty() {
        return None;
    }
    let fonts = fonts::fonts()?;
    sources.all(|s| fonts.cover(s)).then_some(fonts)
}

/// `typst compile` as jixiao runs it, without its input and output: with
/// only the fonts in `fonts` when given.
fn compile_command(
    root: &Path,
    format: &str,
    timestamp: i64,
    font_paths: &[PathBuf],
    fonts: Option<&fonts::Fonts>,
) -> Command {
    let mut command = Command::new(executable());
    command
        .arg("compile")
        .arg("--root")
        .arg(root)
        .arg("--format")
        .arg(format)
        .arg("--diagnostic-format")
        .arg("short")
        .arg("--creation-timestamp")
        .arg(timestamp.to_string());
    for dir in font_paths {
        command.arg("--font-path").arg(dir);
    }
    if let Some(fonts) = fonts {
        command
            .arg("--ignore-system-fonts")
            .arg("--font-path")
            .arg(fonts.dir());
    }
    command
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

/// Runs typst to the end, within [`timeout`]; its stderr when it succeeded.
fn run(mut command: Command) -> Result<String, Failure> {
    let mut child = spawn(&mut command)?;
    let mut stderr_pipe = child.stderr.take().expect("stderr is piped");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        let _ = sender.send(text);
    });
    let limit = timeout();
    let started = Instant::now();
    // typst's stderr ends when it exits: waiting for that end, not looking
    // every millisecond, lets a build go on the moment typst is done.
    let stderr = receiver.recv_timeout(limit).unwrap_or_default();
    let left = limit.saturating_sub(started.elapsed());
    let status = wait(&mut child, left)?.ok_or(Failure::environment(Message::TypstTimeout {
        seconds: limit.as_secs(),
    }))?;
    if !status.success() {
        if let Some((text, font)) = missing_glyph(&stderr) {
            return Err(Failure::environment(Message::MissingGlyph { text, font }));
        }
        return Err(Failure::environment(Message::TypstFailed {
            status: status.to_string(),
            stderr: stderr.trim_end().to_string(),
            version: version_string().filter(|v| v != VERSION),
        }));
    }
    Ok(stderr)
}

fn spawn(command: &mut Command) -> Result<Child, Failure> {
    command.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure::environment(Message::TypstMissing)
        } else {
            Failure::io(Message::Read(executable()), e)
        }
    })
}

/// Waits for `child` to end; `None` (and the child killed) after `limit`.
fn wait(child: &mut Child, limit: Duration) -> Result<Option<ExitStatus>, Failure> {
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(Some(status)),
            Ok(None) if started.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Ok(None);
            }
            // Short naps, for a typst that closed its stderr before it
            // ended (or is past its time).
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => return Err(Failure::io(Message::Read(executable()), e)),
        }
    }
}

/// Renames a PDF typst wrote into place, unless it is no PDF or typst
/// found no Chinese font (`stderr`: what typst said of it).
fn accept(pdf: NamedTempFile, output: &Path, stderr: &[&str]) -> Result<(), Failure> {
    // A typst that claims success must have written a PDF.
    let mut head = [0u8; 5];
    let wrote_pdf = std::fs::File::open(pdf.path())
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && &head == b"%PDF-";
    if !wrote_pdf {
        return Err(Failure::environment(Message::TypstNoOutput));
    }
    let (unknown_fonts, _) = sort_warnings(stderr);
    let families = cjk_families();
    if families
        .iter()
        .all(|f| unknown_fonts.contains(&f.to_lowercase()))
    {
        return Err(Failure::environment(Message::NoCjkFont { families }));
    }
    persist(pdf, output)
}

fn shown_warnings(stderr: &[&str]) -> Vec<String> {
    sort_warnings(stderr).1
}

/// What typst prints on stdout with `args`, when it succeeds within `limit`.
fn output(args: &[&str], limit: Duration) -> Option<String> {
    let mut child = Command::new(executable())
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut stdout_pipe = child.stdout.take()?;
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stdout_pipe.read_to_string(&mut text);
        text
    });
    let status = wait(&mut child, limit).ok()??;
    let text = reader.join().ok()?;
    status.success().then_some(text)
}

/// The text and the font of typst's PDF/A error for a character its font
/// does not draw (`… PDF/A-3u error: the text `"𠀀"` could not be
/// displayed with font `"Noto Serif CJK SC"``).
fn missing_glyph(stderr: &str) -> Option<(String, String)> {
    stderr.lines().find_map(|line| {
        let (_, rest) = line.split_once("error: the text `\"")?;
        let (text, rest) = rest.split_once("\"` could not be displayed with font `\"")?;
        let (font, _) = rest.split_once("\"`")?;
        Some((text.to_string(), font.to_string()))
    })
}

/// Splits typst's stderr (short format) into the font families it did not
/// know (lower-cased, as typst prints them) and the other lines.
fn sort_warnings(stderr: &[&str]) -> (Vec<String>, Vec<String>) {
    let mut unknown = Vec::new();
    let mut other = Vec::new();
    for line in stderr.iter().filter(|l| !l.trim().is_empty()) {
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
    fn a_missing_glyph_is_found_in_typst_errors() {
        let stderr = "main.typ:3:0: error: PDF/A-3u error: the text `\"𠀀\"` could not be displayed with font `\"Noto Serif CJK SC\"`\n";
        assert_eq!(
            missing_glyph(stderr),
            Some(("𠀀".into(), "Noto Serif CJK SC".into()))
        );
        assert_eq!(missing_glyph("main.typ:1:1: error: other"), None);
    }

    #[test]
    fn sources_keep_plain_names_in_an_archive() {
        assert_eq!(source_name(Path::new("a/岳麓.jx")), "岳麓.jx");
        assert_eq!(source_name(Path::new("a/main.typ")), "source.jx");
        assert_eq!(source_name(Path::new(".jx")), "source.jx");
        let mut archive = Archive::default();
        archive.add(Path::new("a/x.jx"), Vec::new());
        archive.add(Path::new("b/x.jx"), Vec::new());
        let names: Vec<&str> = archive.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["x.jx", "x-2.jx"]);
    }

    #[test]
    fn unknown_fonts_are_separated_from_other_warnings() {
        let (unknown, other) = sort_warnings(&[
            "main.typ:1:16: warning: unknown font family: simsun",
            "main.typ:9:1: warning: something else",
        ]);
        assert_eq!(unknown, ["simsun"]);
        assert_eq!(other, ["main.typ:9:1: warning: something else"]);
    }

    #[test]
    fn a_line_of_a_bundle_run_names_its_document() {
        assert_eq!(
            document_of("/tmp/jixiao-x1/doc-12.typ:9:16: warning: unknown font family: simsun"),
            Some(12)
        );
        assert_eq!(
            document_of(r"C:\Temp\jixiao-x1\doc-3.typ:1:1: warning: w"),
            Some(3)
        );
        assert_eq!(document_of("doc-0.typ:1:1: error: e"), Some(0));
        assert_eq!(document_of("warning: bundle export is experimental"), None);
        assert_eq!(document_of("/tmp/jixiao-x1/main.typ:1:2: error: e"), None);
    }
}
