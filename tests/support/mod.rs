//! The one helper every test goes through: compile a fixture and render what
//! a user would see, or run the `jixiao` binary as a user would.

#![allow(dead_code)] // each test file uses part of it

pub mod http;
pub mod lsp;
pub mod office;
pub mod webdriver;

use std::path::{Path, PathBuf};
use std::process::Command;

pub use jixiao::diag::Lang;
use jixiao::diag::RenderOptions;

/// The folder of the crate, where tests run the binary.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of tests/fixtures/department/ with what its 部门整体.jx reads:
/// the sheet, its two project files and the county's template.
pub fn department_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = root().join("tests/fixtures/department");
    for sub in ["项目", "表样"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    for file in [
        "部门整体.jx",
        "项目/高标准农田.jx",
        "项目/农技推广.jx",
        "表样/本县2025.jx",
    ] {
        std::fs::copy(from.join(file), dir.path().join(file)).unwrap();
    }
    dir
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

/// The diagnostics of a file as `jixiao check` prints them, without colour,
/// at a fixed width of 80 columns.
pub fn diagnostics(path: &Path, lang: Lang) -> String {
    let source = read(path);
    let checked = jixiao::compile(&source);
    let options = RenderOptions {
        lang,
        color: false,
        width: 80,
    };
    jixiao::diag::render(&checked.diagnostics, &file_name(path), &source, options)
}

/// The checked model of a file that must compile; panics with the
/// diagnostics otherwise.
pub fn model(path: &Path) -> jixiao::model::Model {
    let source = read(path);
    let checked = jixiao::compile(&source);
    checked.model.unwrap_or_else(|| {
        panic!(
            "{} has errors:\n{}",
            path.display(),
            diagnostics(path, Lang::En)
        )
    })
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr, for a snapshot.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }
}

/// Runs `jixiao` in the crate folder with a fixed environment: no colour,
/// 80 columns, an English locale unless `env` sets another, a cache folder
/// of the tests.
pub fn jixiao(args: &[&str], env: &[(&str, &str)]) -> Run {
    jixiao_in(&root(), args, env)
}

/// [`jixiao`] in another folder.
pub fn jixiao_in(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8")
        .env("COLUMNS", "80")
        .env("NO_COLOR", "1")
        // The font list build keeps: the tests' own, not the user's.
        .env(
            "XDG_CACHE_HOME",
            std::env::temp_dir().join("jixiao-tests-cache"),
        );
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("jixiao runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// How `pdftotext` lays out the text it takes from a PDF.
#[derive(Clone, Copy)]
pub enum Extract {
    /// As the page shows it (`-layout`): columns kept apart by spaces.
    Layout,
    /// In the order the PDF draws it (`-raw`).
    Raw,
    /// With every whitespace character removed: lines and cells may break
    /// text anywhere, so this compares text regardless of where it wrapped.
    Squeezed,
}

/// The text of a PDF, by `pdftotext` (poppler-utils, which `.ci/setup`
/// installs).
pub fn pdf_text(pdf: &Path, extract: Extract) -> String {
    pdftotext(pdf, extract).unwrap_or_else(|| panic!("pdftotext {}", pdf.display()))
}

/// The text of a PDF that a running `watch` may be writing: empty while
/// it cannot be read.
pub fn pdf_text_while_written(pdf: &Path) -> String {
    pdftotext(pdf, Extract::Squeezed).unwrap_or_default()
}

fn pdftotext(pdf: &Path, extract: Extract) -> Option<String> {
    let mut command = Command::new("pdftotext");
    match extract {
        Extract::Layout => command.arg("-layout"),
        Extract::Raw => command.arg("-raw"),
        Extract::Squeezed => &mut command,
    };
    let out = command
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    Some(match extract {
        Extract::Squeezed => text.split_whitespace().collect(),
        _ => text,
    })
}

/// The text of each page of a PDF, in the order the PDF draws it, with
/// every whitespace character removed (see [`Extract::Squeezed`]).
pub fn pdf_pages(pdf: &Path) -> Vec<String> {
    pdf_text(pdf, Extract::Raw)
        .split('\u{c}')
        .map(|page| page.split_whitespace().collect())
        .filter(|page: &String| !page.is_empty())
        .collect()
}

/// A line of a PDF page as `pdftotext -bbox` places its words, in points
/// from the page's top left corner.
#[derive(Debug)]
pub struct PdfLine {
    pub left: f64,
    pub right: f64,
    /// The bottom of the line's words.
    pub bottom: f64,
    /// Their height (the font size).
    pub height: f64,
    pub text: String,
}

/// The lines of each page of a PDF, top to bottom: the words whose bottoms
/// lie within a quarter point of each other, left to right.
pub fn pdf_lines(pdf: &Path) -> Vec<Vec<PdfLine>> {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(out.status.success(), "pdftotext -bbox {}", pdf.display());
    let html = String::from_utf8_lossy(&out.stdout);
    let number = |tag: &str, name: &str| -> f64 {
        let start = tag.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
        let end = start + tag[start..].find('"').expect(name);
        tag[start..end].parse().expect(name)
    };
    let unescape = |t: &str| {
        t.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&")
    };
    html.split("<page ")
        .skip(1)
        .map(|page| {
            let mut words: Vec<PdfLine> = page
                .split("<word ")
                .skip(1)
                .map(|w| {
                    let (tag, rest) = w.split_once('>').expect("word tag");
                    let text = rest.split_once("</word>").expect("word end").0;
                    let bottom = number(tag, "yMax");
                    PdfLine {
                        left: number(tag, "xMin"),
                        right: number(tag, "xMax"),
                        bottom,
                        height: bottom - number(tag, "yMin"),
                        text: unescape(text),
                    }
                })
                .collect();
            words.sort_by(|a, b| a.bottom.total_cmp(&b.bottom));
            let mut rows: Vec<Vec<PdfLine>> = Vec::new();
            for word in words {
                match rows.last_mut() {
                    Some(row) if (row[0].bottom - word.bottom).abs() < 0.25 => row.push(word),
                    _ => rows.push(vec![word]),
                }
            }
            let lines: Vec<PdfLine> = rows
                .into_iter()
                .map(|mut row| {
                    row.sort_by(|a, b| a.left.total_cmp(&b.left));
                    let right = row.iter().map(|w| w.right).fold(f64::MIN, f64::max);
                    let text = row.iter().map(|w| w.text.as_str()).collect();
                    PdfLine {
                        right,
                        text,
                        ..row.swap_remove(0)
                    }
                })
                .collect();
            lines
        })
        .collect()
}

/// A stand-in for typst in `dir`: a shell script running `body`.
#[cfg(unix)]
pub fn fake_typst(dir: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("fake-typst");
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// Waits up to 30 seconds for `ready`, checking every 100 ms.
pub fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..300 {
        if ready() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    panic!("gave up waiting for {what}");
}

/// `jixiao watch` running in the background as a user starts it, its
/// stderr in a log file; stopped by a termination signal when dropped.
#[cfg(unix)]
pub struct Watch {
    child: std::process::Child,
    log: PathBuf,
}

#[cfg(unix)]
impl Watch {
    /// Watches `input`, writing the PDF to `output`; `log` receives stderr.
    pub fn start(input: &Path, output: &Path, log: &Path, env: &[(&str, &str)]) -> Watch {
        use std::os::unix::process::CommandExt;
        let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
        command
            .args(["--lang", "en", "watch"])
            .arg(input)
            .arg("-o")
            .arg(output)
            .env("NO_COLOR", "1")
            .env(
                "XDG_CACHE_HOME",
                std::env::temp_dir().join("jixiao-tests-cache"),
            )
            .stderr(std::fs::File::create(log).unwrap())
            .process_group(0);
        for (k, v) in env {
            command.env(k, v);
        }
        Watch {
            child: command.spawn().expect("jixiao watch starts"),
            log: log.to_path_buf(),
        }
    }

    /// What it has printed so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }

    /// Whether it is still running.
    pub fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Stops it with a termination signal; its exit status.
    pub fn stop(mut self) -> std::process::ExitStatus {
        self.terminate();
        self.child.wait().unwrap()
    }

    fn terminate(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
    }
}

#[cfg(unix)]
impl Drop for Watch {
    fn drop(&mut self) {
        if self.running() {
            self.terminate();
            let _ = self.child.wait();
        }
    }
}

/// Runs `git` in `dir` with a fixed date and no user or system
/// configuration, `env` added.
pub fn git_run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = Command::new("git");
    command
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_DATE", "2023-02-14T10:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2023-02-14T10:00:00+08:00")
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    let output = command.output().expect("git runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// [`git_run`] that must succeed: its stdout.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let run = git_run(dir, args, &[]);
    assert_eq!(run.code, 0, "git {}: {}", args.join(" "), run.stderr);
    run.stdout
}

/// A new git repository in a temporary folder, with a local user.
pub fn git_repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    git(dir.path(), &["config", "user.name", "Test"]);
    git(dir.path(), &["config", "user.email", "test@example.com"]);
    dir
}

/// The PDF/A part and conformance a PDF claims in its XMP metadata
/// (`pdfinfo -meta`), e.g. `("3", "U")`.
pub fn pdfa_identification(pdf: &Path) -> Option<(String, String)> {
    let out = Command::new("pdfinfo")
        .arg("-meta")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    let meta = String::from_utf8_lossy(&out.stdout).into_owned();
    let tag = |name: &str| {
        let open = format!("<pdfaid:{name}>");
        let start = meta.find(&open)? + open.len();
        let end = start + meta[start..].find('<')?;
        Some(meta[start..end].to_string())
    };
    Some((tag("part")?, tag("conformance")?))
}

/// Whether a PDF is tagged (carries a structure tree), as `pdfinfo` says.
pub fn pdf_tagged(pdf: &Path) -> bool {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo (poppler-utils) is installed");
    assert!(out.status.success(), "pdfinfo {}", pdf.display());
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let tagged = info.lines().find_map(|l| l.strip_prefix("Tagged:"));
    tagged
        .expect("pdfinfo names whether a PDF is tagged")
        .trim()
        == "yes"
}

/// The names of the files a PDF embeds (`pdfdetach -list`), in its order.
pub fn pdf_attachments(pdf: &Path) -> Vec<String> {
    let out = Command::new("pdfdetach")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfdetach (poppler-utils) is installed");
    assert!(out.status.success(), "pdfdetach -list {}", pdf.display());
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(": ").map(|(_, name)| name.to_string()))
        .collect()
}

/// Saves every file a PDF embeds into `dir` (`pdfdetach -saveall`).
pub fn pdf_detach_all(pdf: &Path, dir: &Path) {
    let status = Command::new("pdfdetach")
        .arg("-saveall")
        .arg("-o")
        .arg(dir)
        .arg(pdf)
        .status()
        .expect("pdfdetach (poppler-utils) is installed");
    assert!(status.success(), "pdfdetach -saveall {}", pdf.display());
}

/// `jixiao serve DIR --port 0` running in the background as a user starts
/// it; stopped by a termination signal when dropped.
#[cfg(unix)]
pub struct Serve {
    child: std::process::Child,
    /// `127.0.0.1:PORT`
    pub address: String,
    /// What it printed when it started.
    pub started: String,
}

#[cfg(unix)]
impl Serve {
    pub fn start(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Serve {
        use std::io::BufRead;
        let mut command = Command::new(env!("CARGO_BIN_EXE_jixiao"));
        command
            .arg("serve")
            .arg(dir)
            .args(["--port", "0"])
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C.UTF-8")
            .env("NO_COLOR", "1")
            .env(
                "XDG_CACHE_HOME",
                std::env::temp_dir().join("jixiao-tests-cache"),
            )
            .stdout(std::process::Stdio::piped());
        for (k, v) in env {
            command.env(k, v);
        }
        let mut child = command.spawn().expect("jixiao serve starts");
        let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
        let mut started = String::new();
        out.read_line(&mut started).unwrap();
        out.read_line(&mut started).unwrap();
        let address = started
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_else(|| panic!("no address in {started:?}"))
            .to_string();
        Serve {
            child,
            address,
            started,
        }
    }

    /// `http://127.0.0.1:PORT`
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A GET of `path`, from the server's own address.
    pub fn get(&self, path: &str) -> http::Response {
        http::request(&self.address, "GET", path, &[], b"")
    }

    /// A POST of a form to `path`, as the server's own pages send it.
    pub fn post(&self, path: &str, fields: &[(&str, &str)]) -> http::Response {
        let origin = self.url();
        http::request(
            &self.address,
            "POST",
            path,
            &[
                ("Origin", &origin),
                ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            &http::form(fields),
        )
    }
}

#[cfg(unix)]
impl Drop for Serve {
    /// A termination signal, as Ctrl-C would: it removes its PDF cache.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = Command::new("kill")
                .args(["-TERM", &self.child.id().to_string()])
                .status();
            let _ = self.child.wait();
        }
    }
}

/// Whether the parser's fast path took `source` (named `name` in
/// messages). Panics when it did and the pest path gives another tree,
/// other diagnostics or a repaired tree: the fast path may only take a
/// file whose tree it gives exactly, and on which the pest path reports
/// nothing of its own.
pub fn fast_path_takes(name: &str, source: &str) -> bool {
    let (fast, pest) = jixiao::parse::fast_and_pest(source);
    let Some(fast) = fast else {
        return false;
    };
    assert!(!fast.repaired && !pest.repaired, "{name}: repaired");
    assert_eq!(fast.diagnostics, pest.diagnostics, "{name}: diagnostics");
    assert_eq!(fast.file, pest.file, "{name}: tree");
    true
}

/// Whether the pest path parses `source` without a diagnostic.
pub fn parses_clean(source: &str) -> bool {
    let (_, pest) = jixiao::parse::fast_and_pest(source);
    pest.file.is_some() && !pest.repaired && pest.diagnostics.is_empty()
}
