//! What the binary needs beyond the library: its own messages, safe file
//! output and the typst process.

pub mod batch;
pub mod diff;
pub mod doctor;
pub mod fonts;
pub mod import;
pub mod lsp;
pub mod paths;
pub mod serve;
pub mod summary;
pub mod typst;
pub mod watch;

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::check::Named;
use jixiao::diag::{self, Diagnostic, Lang, RenderOptions, Severity};
use jixiao::model::Model;
use jixiao::source::{Encoding, LineEnds, Source};
use jixiao::template::{Form, Loaded};

/// Reads a source file, in whatever encoding [`jixiao::source::decode`]
/// reads. Every command that reads a `.jx` file reads it here.
pub fn read_source(path: &Path) -> Result<Source, Failure> {
    read_source_and_bytes(path).map(|(source, _)| source)
}

/// [`read_source`], with the file's bytes as they are (what an archived
/// PDF embeds).
pub fn read_source_and_bytes(path: &Path) -> Result<(Source, Vec<u8>), Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::io(Message::Read(path.into()), e))?;
    let source = jixiao::source::decode(&bytes).map_err(|e| {
        Failure::input(Message::NotText {
            path: path.into(),
            encoding: e.encoding,
            offset: e.offset,
            line: e.line,
        })
    })?;
    Ok((source, bytes))
}

/// Reads the template files (and a 部门整体 sheet's project files) a file
/// in `dir` names by path, relative to it.
pub fn template_loader(dir: &Path) -> impl Fn(&str) -> Loaded + '_ {
    move |reference: &str| load(&dir.join(reference))
}

/// [`template_loader`], noting in `read` each path it is asked for, read or
/// not (what `watch` looks at besides the file).
pub fn recording_loader<'a>(
    dir: &'a Path,
    read: &'a RefCell<Vec<PathBuf>>,
) -> impl Fn(&str) -> Loaded + 'a {
    move |reference: &str| {
        let path = dir.join(reference);
        let loaded = load(&path);
        read.borrow_mut().push(path);
        loaded
    }
}

fn load(path: &Path) -> Loaded {
    match read_source(path) {
        Ok(source) => Loaded::Source {
            origin: path.display().to_string(),
            text: source.text,
        },
        Err(_) => Loaded::Failed(Some(path.display().to_string())),
    }
}

/// The template `init --template` names: built in, or a file read
/// relative to the new file (as the new file will name it). A broken one
/// is shown with its problems.
pub fn template_for_init(
    name: Option<&str>,
    file: &Path,
    lang: Lang,
) -> Result<std::sync::Arc<jixiao::template::Template>, Failure> {
    let Some(name) = name else {
        return Ok(jixiao::template::default_template());
    };
    match jixiao::check::named_template(name, &template_loader(dir_of(file))) {
        Named::Missing(_) => Err(Failure::input(Message::NoTemplate(name.to_string()))),
        Named::Read {
            template: Some(t), ..
        } => Ok(t),
        Named::Read { problems, .. } => {
            let origin = problems.as_ref().map_or(name, |p| p.origin.as_str());
            if let Some(p) = &problems {
                let report =
                    render_diagnostics(Path::new(&p.origin), &p.source, &p.diagnostics, lang);
                let _ = std::io::stderr().write_all(report.as_bytes());
            }
            Err(Failure::input(Message::TemplateBroken(origin.into())))
        }
    }
}

/// `jixiao templates`: each built-in template's name and what form it is.
pub fn templates_list(lang: Lang) -> String {
    let mut out = String::new();
    for b in jixiao::template::BUILTINS {
        let t = jixiao::template::builtin(b.name).expect("a built-in template reads");
        let default = match (b.name == jixiao::template::DEFAULT, lang) {
            (true, Lang::Zh) => "（默认）",
            (true, Lang::En) => " (default)",
            (false, _) => "",
        };
        out.push_str(&format!("{}{default}\n    {}\n", b.name, t.description));
    }
    out.push_str(&Message::TemplatesHint.text(lang));
    out.push('\n');
    out
}

/// The directory a file's relative references start from.
pub fn dir_of(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// The diagnostics of a file, then those of a template file it names.
pub fn render_checked(
    path: &Path,
    source: &str,
    checked: &jixiao::Checked,
    shown: &[Diagnostic],
    lang: Lang,
) -> String {
    render_checked_with(path, source, checked, shown, render_options(lang))
}

/// [`render_checked`] with the colour and width given (`serve`: no colour,
/// whatever the terminal).
pub fn render_checked_with(
    path: &Path,
    source: &str,
    checked: &jixiao::Checked,
    shown: &[Diagnostic],
    options: RenderOptions,
) -> String {
    let mut text = render_diagnostics_with(path, source, shown, options);
    if let Some(p) = &checked.template_problems {
        text.push_str(&render_diagnostics_with(
            Path::new(&p.origin),
            &p.source,
            &p.diagnostics,
            options,
        ));
    }
    text
}

/// Runs `compute`, catching a panic: the last defence against a bug in
/// the long-running commands (`lsp`, `watch`), so that one document cannot
/// end them. The panic's message goes to stderr by the default hook.
pub fn guarded<T>(compute: impl FnOnce() -> T) -> Option<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(compute)).ok()
}

/// The file to write for `input` with extension `ext`: beside it, `output`
/// itself, or inside `output` when that is a folder or written as one
/// (`-o 输出\` on Windows, `-o 输出/`). See [`paths::output_for`].
pub fn output_path(input: &Path, output: Option<&Path>, ext: &str) -> PathBuf {
    let folder = output.is_some_and(Path::is_dir);
    match (input.to_str(), output.map(Path::to_str)) {
        (Some(input), None) => {
            paths::output_for(input, None, false, ext, paths::Style::HOST).into()
        }
        (Some(input), Some(Some(output))) => {
            paths::output_for(input, Some(output), folder, ext, paths::Style::HOST).into()
        }
        // A name that is not Unicode (on Linux, one in another encoding):
        // std::path's rules, where `-o` is a folder only if it exists.
        _ => match output {
            None => input.with_extension(ext),
            Some(dir) if folder => {
                dir.join(Path::new(input.file_name().unwrap_or_default()).with_extension(ext))
            }
            Some(output) => output.into(),
        },
    }
}

/// The file of a bundle: `output`, or, when that is a folder, a file in it
/// named after the bundle's title (`2022年度项目支出绩效自评汇编.pdf`), made
/// valid on Windows.
pub fn bundle_path(output: &Path, title: &str) -> PathBuf {
    let name = format!("{}.pdf", paths::safe_file_name(title));
    output_path(Path::new(&name), Some(output), "pdf")
}

/// Colour when stderr is a terminal (and NO_COLOR is unset); the width of
/// `COLUMNS`, else 100.
fn render_options(lang: Lang) -> RenderOptions {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    RenderOptions { lang, color, width }
}

/// How many diagnostics of one file the terminal shows: the first ones by
/// position, then a line saying how many more there are (`check --format
/// json` gives them all).
pub const SHOWN: usize = 100;

/// The diagnostics of a file (sorted by position) as the terminal shows
/// them: the first [`SHOWN`], and how many more.
pub fn render_diagnostics(
    path: &Path,
    source: &str,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> String {
    render_diagnostics_with(path, source, diagnostics, render_options(lang))
}

/// [`render_diagnostics`] with the colour and width given.
pub fn render_diagnostics_with(
    path: &Path,
    source: &str,
    diagnostics: &[Diagnostic],
    options: RenderOptions,
) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    let lang = options.lang;
    let mut text = diag::render(
        &diagnostics[..diagnostics.len().min(SHOWN)],
        &path.display().to_string(),
        source,
        options,
    );
    if diagnostics.len() > SHOWN {
        let more = diagnostics.len() - SHOWN;
        text.push_str(&Message::NotShown { more }.text(lang));
        text.push_str("\n\n");
    }
    text
}

/// One file, read and checked.
pub struct Checked {
    /// The model, unless the file has errors (or warnings, when denied).
    pub model: Option<Model>,
    /// Its errors and warnings as the terminal shows them (advice is for
    /// `check` alone).
    pub report: String,
    pub warnings: usize,
    /// The file's bytes, as read.
    pub bytes: Vec<u8>,
}

/// The diagnostics the terminal shows: errors and warnings (advice is for
/// editors and `--format json`).
pub fn shown(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.severity() != Severity::Advice)
        .cloned()
        .collect()
}

/// Reads and checks one file. Fails only when it cannot be read.
pub fn check_file(path: &Path, deny_warnings: bool, lang: Lang) -> Result<Checked, Failure> {
    check_file_for(path, deny_warnings, lang, Form::Evaluation)
}

/// [`check_file`] for one of the year's forms.
pub fn check_file_for(
    path: &Path,
    deny_warnings: bool,
    lang: Lang,
    form: Form,
) -> Result<Checked, Failure> {
    check_file_reading(path, deny_warnings, lang, form, &RefCell::default())
}

/// [`check_file_for`], noting in `read` the other files it reads.
pub fn check_file_reading(
    path: &Path,
    deny_warnings: bool,
    lang: Lang,
    form: Form,
    read: &RefCell<Vec<PathBuf>>,
) -> Result<Checked, Failure> {
    let (source, bytes) = read_source_and_bytes(path)?;
    let checked = jixiao::compile_source_for(&source, &recording_loader(dir_of(path), read), form);
    let shown = shown(&checked.diagnostics);
    let warnings = shown
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .count();
    Ok(Checked {
        report: render_checked(path, &source.text, &checked, &shown, lang),
        model: checked.model.filter(|_| !(deny_warnings && warnings > 0)),
        warnings,
        bytes,
    })
}

/// The extension of the PDF of a form: `pdf` for the 自评表, `申报表.pdf`
/// for the others, so that the forms of one file do not replace each other.
pub fn pdf_extension(form: Form) -> String {
    match form {
        Form::Evaluation => "pdf".to_string(),
        other => format!("{}.pdf", other.chinese()),
    }
}

/// A message of the command line itself (not a diagnostic about a file).
#[derive(Debug)]
pub enum Message {
    Read(PathBuf),
    Write(PathBuf),
    /// Bytes in none of the encodings jixiao reads.
    NotText {
        path: PathBuf,
        encoding: Encoding,
        offset: usize,
        line: usize,
    },
    /// `fmt --check`: the layout is right, but the bytes would change.
    WouldRewrite(PathBuf),
    OutputIsInput(PathBuf),
    /// Inputs of one batch that would write the same output: each output
    /// with the inputs that would write it.
    SameOutput(Vec<(PathBuf, Vec<PathBuf>)>),
    /// `init --template` names no built-in template and no file.
    NoTemplate(String),
    /// `init --template` names a template file with errors.
    TemplateBroken(PathBuf),
    /// After the list of `jixiao templates`.
    TemplatesHint,
    /// `init --year` outside [`YEARS`].
    YearOutOfRange(u32),
    Wrote(PathBuf),
    OutputWithMany,
    /// How many diagnostics of a file were left out after the first
    /// [`SHOWN`].
    NotShown {
        more: usize,
    },
    TypstOfMany,
    Formatted(PathBuf),
    KeptLastPdf,
    /// `watch` goes on after a failure.
    StillWatching,
    Updated(PathBuf),
    Exists(PathBuf),
    XlsxNeedsOutput,
    /// `import`: the file could not be read as a form.
    Import {
        path: PathBuf,
        error: jixiao::import::Error,
    },
    /// `import`: an old binary file, and no LibreOffice to convert it.
    NeedsConversion {
        path: PathBuf,
        to: &'static str,
    },
    /// `import`: LibreOffice ran but did not convert the file.
    ConversionFailed {
        path: PathBuf,
        to: &'static str,
    },
    /// `import`: the output exists already.
    ImportExists(PathBuf),
    Imported {
        path: PathBuf,
        template: String,
    },
    NoInput(PathBuf),
    Built {
        built: usize,
        failed: usize,
        warnings: usize,
    },
    BundleFailed {
        failed: usize,
    },
    /// The totals of many evaluations do not fit, though each file's do.
    TotalsOverflow {
        files: usize,
    },
    TypstMissing,
    TypstNoOutput,
    TypstFailed {
        status: String,
        stderr: String,
        /// The installed typst's version, when it is not the tested one.
        version: Option<String>,
    },
    TypstTimeout {
        seconds: u64,
    },
    NoCjkFont {
        families: Vec<&'static str>,
    },
    /// An archived build: a character no font draws (PDF/A allows no
    /// empty box).
    MissingGlyph {
        text: String,
        font: String,
    },
    /// `build --archive` of several files without `--bundle`.
    ArchiveOfMany,
    /// `extract`: the file is not a PDF jixiao can read.
    PdfUnreadable {
        path: PathBuf,
        why: jixiao::pdf::Error,
    },
    /// `extract`: the PDF embeds no .jx source.
    NoEmbeddedSource(PathBuf),
    /// `extract`: the file to write exists already.
    ExtractExists(PathBuf),
    /// The language server's connection to the editor failed.
    Lsp(String),
    /// The language server skipped a message it could not read.
    LspSkipped(lsp::transport::Skipped),
    /// The language server failed (a bug) while checking a document.
    LspInternal,
    /// The language server failed (a bug) while answering a request.
    LspRequestFailed,
    /// `doctor`: no typst at this path.
    DoctorNoTypst(PathBuf),
    /// `doctor`: a typst older than the tested one.
    DoctorOldTypst(String),
    DoctorTypst {
        version: String,
        path: PathBuf,
    },
    /// `doctor`: typst sees none of these fonts.
    DoctorNoFont {
        wanted: Vec<&'static str>,
    },
    DoctorFonts(Vec<&'static str>),
    /// `doctor`: the family a role of [`jixiao::emit::FONTS`] is drawn
    /// with, if any, and whether it only stands in for the role's face.
    DoctorRole {
        role: &'static str,
        family: Option<&'static str>,
        stand_in: bool,
    },
    DoctorReady,
    /// The summary line of `check` when some files could not be read: each
    /// counts as an error.
    CheckedSome {
        summary: String,
        unread: usize,
    },
    /// A usage error clap found (its own text, in English, comes first).
    Usage(clap::error::ErrorKind),
    /// `diff`: a file has errors (shown above), so there is no meaning to
    /// compare.
    DiffBroken,
    /// `diff OLD NEW`: OLD is neither a file nor a git revision.
    NotFileNorRevision(PathBuf),
    /// `diff REV FILE`: FILE is not in that revision.
    NotInRevision {
        rev: String,
        path: PathBuf,
        /// What git said.
        why: String,
    },
    /// A git revision is asked for and git is not installed.
    GitMissing,
    /// `diff OLD NEW`: OLD is no file, and there is no git to say whether
    /// it is a revision.
    NotFileNoGit(PathBuf),
    /// git could not be run.
    GitFailed(String),
    /// A git command failed, with what it said.
    GitError {
        command: String,
        stderr: String,
    },
    /// `check --changed` outside a git repository.
    NotInRepository,
    /// `check --changed REV`: REV names no commit.
    NotARevision(String),
    /// `check --changed`: no .jx file changed.
    NoneChanged(String),
    /// `textconv` of a file with errors: the first line, before its text.
    TextconvBroken,
    /// `serve`: the address to open, and the folder shown.
    Serving {
        url: String,
        dir: PathBuf,
    },
    /// `serve`: the folder to show is not a folder.
    ServeNotFolder(PathBuf),
    /// `serve`: the port could not be listened on, and why.
    ServeListen {
        port: u16,
        why: String,
    },
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Message::Read(p) if zh => format!("无法读取 {}", p.display()),
            Message::Read(p) => format!("cannot read {}", p.display()),
            Message::Write(p) if zh => format!("无法写入 {}", p.display()),
            Message::Write(p) => format!("cannot write {}", p.display()),
            Message::NotText {
                path,
                encoding,
                offset,
                line,
            } if zh => format!(
                "无法识别 {} 的编码：按 {} 读取，第 {line} 行（文件的第 {offset} 字节）是无效的字节；jixiao 能读 UTF-8、GB18030/GBK 和带字节顺序标记（BOM）的 UTF-16\n  提示：用编辑器把文件另存为 UTF-8 编码（记事本：文件 → 另存为 → 编码选 UTF-8）",
                path.display(),
                encoding.name()
            ),
            Message::NotText {
                path,
                encoding,
                offset,
                line,
            } => format!(
                "cannot tell the encoding of {}: read as {}, line {line} (byte {offset} of the file) is not valid; jixiao reads UTF-8, GB18030/GBK and UTF-16 with a byte order mark\n  help: save the file as UTF-8 in your editor (Notepad: File → Save as → Encoding UTF-8)",
                path.display(),
                encoding.name()
            ),
            Message::WouldRewrite(p) if zh => format!(
                "{} 的排版无误，但 fmt 会改写它的编码、换行符或字节顺序标记",
                p.display()
            ),
            Message::WouldRewrite(p) => format!(
                "{} is laid out right, but fmt would rewrite its encoding, line ends or byte order mark",
                p.display()
            ),
            Message::OutputIsInput(p) if zh => format!(
                "输出文件 {} 就是输入文件，拒绝覆盖\n  提示：用 -o 指定另一个输出文件",
                p.display()
            ),
            Message::OutputIsInput(p) => format!(
                "the output {} is the input file; refusing to overwrite it\n  help: choose another output with -o",
                p.display()
            ),
            Message::SameOutput(collisions) => {
                let (head, sep, help) = if zh {
                    (
                        "以下文件会写出同一个 PDF，因此什么都没有生成：",
                        "、",
                        "提示：给其中的文件改名，或者逐个生成并用 -o 指定输出文件",
                    )
                } else {
                    (
                        "these files would write the same PDF, so nothing was built:",
                        ", ",
                        "help: rename some of them, or build them one at a time with -o",
                    )
                };
                let mut text = head.to_string();
                for (output, inputs) in collisions {
                    let inputs: Vec<String> =
                        inputs.iter().map(|p| p.display().to_string()).collect();
                    text.push_str(&format!(
                        "\n  {} ← {}",
                        output.display(),
                        inputs.join(sep)
                    ));
                }
                text.push_str("\n  ");
                text.push_str(help);
                text
            }
            Message::NoTemplate(name) if zh => format!(
                "没有表样 {name}，没有生成文件\n  提示：`jixiao templates` 列出内置表样；自己的表样写相对于新文件的路径"
            ),
            Message::NoTemplate(name) => format!(
                "no template {name}; nothing was written\n  help: `jixiao templates` lists the built-in ones; give your own as a path relative to the new file"
            ),
            Message::TemplateBroken(path) if zh => format!(
                "表样 {} 有错误（见上），没有生成文件",
                path.display()
            ),
            Message::TemplateBroken(path) => format!(
                "the template {} has errors (shown above); nothing was written",
                path.display()
            ),
            Message::TemplatesHint if zh => {
                "用法：在 自评表 中写 表样 \"名称\"，或 jixiao init --template 名称；自己的表样见 docs/TEMPLATES.md".into()
            }
            Message::TemplatesHint => {
                "use one with 表样 \"name\" in an evaluation, or jixiao init --template name; to write your own see docs/TEMPLATES.md".into()
            }
            Message::YearOutOfRange(year) if zh => format!(
                "年度 {year} 不在 {}–{} 之间，没有生成文件\n  提示：写四位数的年度，例如 --year 2023",
                YEARS.start(),
                YEARS.end()
            ),
            Message::YearOutOfRange(year) => format!(
                "the year {year} is not within {}–{}; nothing was written\n  help: give a four-digit year, e.g. --year 2023",
                YEARS.start(),
                YEARS.end()
            ),
            Message::OutputWithMany if zh => {
                "-o 只能用于一个文件；多个文件的 PDF 写在各自的 .jx 旁边，或用 --bundle 合成一个".into()
            }
            Message::OutputWithMany => {
                "-o takes one file; many files are built next to their inputs, or into one with --bundle".into()
            }
            Message::NotShown { more } if zh => format!(
                "……另有 {more} 个问题没有显示（只显示前 {SHOWN} 个）\n  提示：先改正上面的问题；jixiao check --format json 列出全部"
            ),
            Message::NotShown { more } => format!(
                "… {more} more problem{} not shown (only the first {SHOWN} are)\n  help: fix the ones above first; jixiao check --format json lists them all",
                if *more == 1 { "" } else { "s" }
            ),
            Message::TypstOfMany if zh => {
                "typst 只打印一个文件的源码；多个文件请加 --bundle，打印它们汇编的源码".into()
            }
            Message::TypstOfMany => {
                "typst prints the source of one file; for many, --bundle prints the source of their bundle".into()
            }
            Message::Exists(p) if zh => format!(
                "{} 已经存在，没有覆盖\n  提示：换一个文件名，例如 jixiao init 新项目.jx",
                p.display()
            ),
            Message::Exists(p) => format!(
                "{} exists already and was left alone\n  help: name another file, e.g. jixiao init new.jx",
                p.display()
            ),
            Message::Import { path, error } => import_text(path, error, zh),
            Message::NeedsConversion { path, to } if zh => format!(
                "{} 是旧的二进制格式，需要先转换：没有找到 LibreOffice（soffice）\n  提示：在 Word 或 WPS 中打开它，“另存为” .{to}，再导入；或安装 LibreOffice 后重试",
                path.display()
            ),
            Message::NeedsConversion { path, to } => format!(
                "{} is in the old binary format and must be converted first: LibreOffice (soffice) was not found\n  help: open it in Word or WPS and \"Save as\" .{to}, then import that; or install LibreOffice and try again",
                path.display()
            ),
            Message::ConversionFailed { path, to } if zh => format!(
                "LibreOffice 没能把 {} 转换成 .{to}\n  提示：在 Word 或 WPS 中打开它，“另存为” .{to}，再导入",
                path.display()
            ),
            Message::ConversionFailed { path, to } => format!(
                "LibreOffice could not convert {} to .{to}\n  help: open it in Word or WPS and \"Save as\" .{to}, then import that",
                path.display()
            ),
            Message::ImportExists(p) if zh => format!(
                "{} 已经存在，没有覆盖\n  提示：用 -o 另给一个文件名（如 -o 新文件.jx），或用 -o - 输出到标准输出",
                p.display()
            ),
            Message::ImportExists(p) => format!(
                "{} exists already and was left alone\n  help: name another file with -o (e.g. -o new.jx), or write to stdout with -o -",
                p.display()
            ),
            Message::Imported { path, template } if zh => {
                format!("已生成 {}（表样：{template}）；下面是检查的结果", path.display())
            }
            Message::Imported { path, template } => format!(
                "wrote {} (template {template}); what check finds in it follows",
                path.display()
            ),
            Message::KeptLastPdf if zh => "有错误，PDF 保持上一次的正确版本；改正后保存即可更新".into(),
            Message::KeptLastPdf => {
                "errors: the PDF stays as it last was; save a fixed file to update it".into()
            }
            Message::StillWatching if zh => "仍在监视：下一次保存会重新生成 PDF".into(),
            Message::StillWatching => "still watching: the next save builds the PDF again".into(),
            Message::Updated(p) if zh => format!("已更新 {}", p.display()),
            Message::Updated(p) => format!("updated {}", p.display()),
            Message::Formatted(p) if zh => format!("已格式化 {}", p.display()),
            Message::Formatted(p) => format!("formatted {}", p.display()),
            Message::XlsxNeedsOutput if zh => "xlsx 格式需要用 -o 指定输出文件".into(),
            Message::XlsxNeedsOutput => "xlsx needs an output file: give it with -o".into(),
            Message::NoInput(p) if zh => format!("{} 中没有 .jx 文件", p.display()),
            Message::NoInput(p) => format!("no .jx file in {}", p.display()),
            Message::Built {
                built,
                failed,
                warnings,
            } if zh => format!("生成 {built} 个，失败 {failed} 个，警告 {warnings} 个"),
            Message::Built {
                built,
                failed,
                warnings,
            } => format!("built {built}, failed {failed}, warnings {warnings}"),
            Message::TotalsOverflow { files } if zh => format!(
                "{files} 个文件的合计太大，无法计算（结果最多 28 位有效数字，绝对值不超过 {}）\n  提示：检查金额是否多写了位数；以 元 为单位的大额资金可改用 万元",
                jixiao::arith::LIMIT
            ),
            Message::TotalsOverflow { files } => format!(
                "the totals of {files} files are too large to compute (at most 28 significant digits, magnitude at most {})\n  help: check the amounts for extra digits; write large amounts in 万元 rather than 元",
                jixiao::arith::LIMIT
            ),
            Message::BundleFailed { failed } if zh => {
                format!("{failed} 个文件有错误，没有生成汇编（汇编不能缺少项目）")
            }
            Message::BundleFailed { failed } => {
                format!("{failed} files have errors; no bundle was written (a bundle must not leave a project out)")
            }
            Message::Serving { url, dir } if zh => format!(
                "正在浏览器中展示 {} 的自评：请打开 {url}\n  只有本机能访问；按 Ctrl-C 停止",
                dir.display()
            ),
            Message::Serving { url, dir } => format!(
                "showing the evaluations in {} in the browser: open {url}\n  only this computer can connect; stop with Ctrl-C",
                dir.display()
            ),
            Message::ServeNotFolder(p) if zh => format!(
                "{} 不是文件夹\n  提示：jixiao serve 后面写存放 .jx 文件的文件夹，例如 jixiao serve 2023年自评",
                p.display()
            ),
            Message::ServeNotFolder(p) => format!(
                "{} is not a folder\n  help: give jixiao serve the folder of the .jx files, e.g. jixiao serve evaluations",
                p.display()
            ),
            Message::ServeListen { port, why } if zh => format!(
                "无法在端口 {port} 上监听：{why}\n  提示：该端口可能已被占用，用 --port 换一个端口（--port 0 自动选择）"
            ),
            Message::ServeListen { port, why } => format!(
                "cannot listen on port {port}: {why}\n  help: it may be in use; choose another with --port (--port 0 picks a free one)"
            ),
            Message::Wrote(p) if zh => format!("已生成 {}", p.display()),
            Message::Wrote(p) => format!("wrote {}", p.display()),
            Message::TypstNoOutput if zh => {
                "typst 报告成功，却没有写出 PDF；没有生成输出\n  提示：运行 jixiao doctor 检查 typst".into()
            }
            Message::TypstNoOutput => {
                "typst reported success but wrote no PDF; nothing was written\n  help: run jixiao doctor to check typst".into()
            }
            Message::TypstMissing if zh => format!(
                "找不到 typst 命令行工具\n  提示：安装 typst {v}：cargo install typst-cli --locked --version {v}；或用环境变量 JIXIAO_TYPST 指定 typst 的路径",
                v = typst::VERSION
            ),
            Message::TypstMissing => format!(
                "the typst CLI was not found\n  help: install typst {v} with `cargo install typst-cli --locked --version {v}`, or set JIXIAO_TYPST to its path",
                v = typst::VERSION
            ),
            Message::TypstFailed {
                status,
                stderr,
                version,
            } if zh => {
                let mut text = format!("typst 排版失败（{status}）：\n{stderr}");
                if let Some(v) = version {
                    text.push_str(&format!(
                        "\n  提示：已安装的 typst 是 {v}，jixiao 需要 {need}：cargo install typst-cli --locked --version {need}",
                        need = typst::VERSION
                    ));
                }
                text
            }
            Message::TypstFailed {
                status,
                stderr,
                version,
            } => {
                let mut text = format!("typst failed ({status}):\n{stderr}");
                if let Some(v) = version {
                    text.push_str(&format!(
                        "\n  help: the installed typst is {v}; jixiao needs {need}: cargo install typst-cli --locked --version {need}",
                        need = typst::VERSION
                    ));
                }
                text
            }
            Message::Lsp(e) if zh => format!(
                "语言服务器与编辑器的连接出错：{e}\n  提示：jixiao lsp 应由编辑器启动（见 docs/EDITORS.md），不要直接在终端运行"
            ),
            Message::Lsp(e) => format!(
                "the language server's connection to the editor failed: {e}\n  help: jixiao lsp is started by an editor (see docs/EDITORS.md), not run by hand"
            ),
            Message::LspSkipped(skipped) => {
                use lsp::transport::Skipped;
                let head = if zh {
                    "jixiao lsp：跳过一条无法读取的消息"
                } else {
                    "jixiao lsp: skipped a message it could not read"
                };
                let reason = match skipped {
                    Skipped::Header(line) if zh => format!(
                        "头部行不是“名称: 值”的形式：{:?}",
                        line.chars().take(80).collect::<String>()
                    ),
                    Skipped::Header(line) => format!(
                        "a header line is not `Name: value`: {:?}",
                        line.chars().take(80).collect::<String>()
                    ),
                    Skipped::Length(value) if zh => {
                        format!("Content-Length 不是字节数：{value:?}")
                    }
                    Skipped::Length(value) => {
                        format!("Content-Length is not a number of bytes: {value:?}")
                    }
                    Skipped::NoLength if zh => "头部没有 Content-Length".to_string(),
                    Skipped::NoLength => "its header has no Content-Length".to_string(),
                    Skipped::TooLarge(n) if zh => format!(
                        "Content-Length 为 {n} 字节，超过上限 {} 字节",
                        lsp::transport::MAX_BODY
                    ),
                    Skipped::TooLarge(n) => format!(
                        "its Content-Length of {n} bytes is over the limit of {} bytes",
                        lsp::transport::MAX_BODY
                    ),
                    Skipped::NotJson(e) if zh => format!("内容不是 JSON-RPC 消息：{e}"),
                    Skipped::NotJson(e) => format!("its body is not a JSON-RPC message: {e}"),
                };
                if zh {
                    format!("{head}（{reason}）")
                } else {
                    format!("{head} ({reason})")
                }
            }
            Message::LspInternal if zh => "jixiao 内部错误：没有能检查这个文件（这是 jixiao 的缺陷，不是文件的问题）。你的修改都还在；请把这个文件附上报告此问题。".into(),
            Message::LspInternal => "jixiao failed inside while checking this file (a bug in jixiao, not a problem of the file). Your edits are all there; please report it with the file.".into(),
            Message::LspRequestFailed if zh => "jixiao lsp 处理这个请求时出错（jixiao 的缺陷）：请把文件附上报告此问题".into(),
            Message::LspRequestFailed => "jixiao lsp failed on this request (a bug in jixiao): please report it, with the file".into(),
            Message::DoctorNoTypst(path) if zh => format!(
                "✗ typst：找不到（{}）\n  安装：cargo install typst-cli --locked --version {v}\n  或用环境变量 JIXIAO_TYPST 指定 typst 的路径",
                path.display(),
                v = typst::VERSION
            ),
            Message::DoctorNoTypst(path) => format!(
                "✗ typst: not found ({})\n  install it: cargo install typst-cli --locked --version {v}\n  or set JIXIAO_TYPST to its path",
                path.display(),
                v = typst::VERSION
            ),
            Message::DoctorOldTypst(old) if zh => format!(
                "✗ typst {old}：版本太旧，需要 {v} 或更新\n  升级：cargo install typst-cli --locked --version {v}",
                v = typst::VERSION
            ),
            Message::DoctorOldTypst(old) => format!(
                "✗ typst {old}: too old, {v} or newer is needed\n  upgrade: cargo install typst-cli --locked --version {v}",
                v = typst::VERSION
            ),
            Message::DoctorTypst { version, path } if zh => {
                format!("✓ typst {version}（{}）", path.display())
            }
            Message::DoctorTypst { version, path } => {
                format!("✓ typst {version} ({})", path.display())
            }
            Message::DoctorNoFont { wanted } if zh => format!(
                "✗ 中文字体：typst 找不到任何一种（PDF 会缺字）\n  需要其中之一：{}\n  Debian/Ubuntu：sudo apt-get install fonts-noto-cjk；Windows 自带 SimSun 等；也可以用 --font-path 指定字体文件夹",
                wanted.join(", ")
            ),
            Message::DoctorNoFont { wanted } => format!(
                "✗ Chinese fonts: typst sees none (the PDF would show empty boxes)\n  one of these is needed: {}\n  Debian/Ubuntu: sudo apt-get install fonts-noto-cjk; Windows has SimSun; or point --font-path at a folder of fonts",
                wanted.join(", ")
            ),
            Message::DoctorFonts(found) if zh => format!("✓ 中文字体：{}", found.join("、")),
            Message::DoctorFonts(found) => format!("✓ Chinese fonts: {}", found.join(", ")),
            Message::DoctorRole {
                role,
                family,
                stand_in,
            } => doctor_role(role, *family, *stand_in, zh),
            Message::DoctorReady if zh => "一切就绪，可以生成 PDF。".into(),
            Message::DoctorReady => "All set: PDFs can be built.".into(),
            Message::CheckedSome { summary, unread } if zh => {
                format!("{summary}（其中 {unread} 个是无法读取、没有检查的文件）")
            }
            Message::CheckedSome { summary, unread } => {
                format!("{summary} ({unread} of them: files that could not be read and were not checked)")
            }
            Message::Usage(kind) if zh => {
                use clap::error::ErrorKind as K;
                let what = match kind {
                    K::InvalidValue | K::ValueValidation => "参数的值无效",
                    K::UnknownArgument => "没有这个选项",
                    K::InvalidSubcommand => "没有这个命令",
                    K::MissingRequiredArgument => "缺少必需的参数",
                    K::MissingSubcommand => "缺少命令",
                    K::ArgumentConflict => "这些选项不能一起使用",
                    K::NoEquals
                    | K::TooManyValues
                    | K::TooFewValues
                    | K::WrongNumberOfValues => "选项的值的个数不对",
                    _ => "命令行的用法有误",
                };
                format!(
                    "错误：{what}（详见上面的英文说明）\n  提示：运行 jixiao --help 或 jixiao 命令 --help 查看用法"
                )
            }
            Message::Usage(_) => {
                "help: run jixiao --help, or jixiao COMMAND --help, to see the usage".into()
            }
            Message::DiffBroken if zh => {
                "有错误的文件无法比较含义（错误见上）\n  提示：先改正错误，jixiao check 文件 会列出全部问题".into()
            }
            Message::DiffBroken => {
                "a file with errors has no meaning to compare (the errors are above)\n  help: fix them first; jixiao check FILE lists them all".into()
            }
            Message::NotFileNorRevision(p) if zh => format!(
                "{} 既不是文件，也不是 git 版本库中的版本\n  提示：给出两个文件（jixiao diff 旧.jx 新.jx），或一个版本和一个文件（jixiao diff HEAD~1 文件.jx，在版本库中运行）",
                p.display()
            ),
            Message::NotFileNorRevision(p) => format!(
                "{} is neither a file nor a revision of a git repository\n  help: give two files (jixiao diff old.jx new.jx), or a revision and a file (jixiao diff HEAD~1 file.jx, in a repository)",
                p.display()
            ),
            Message::NotInRevision { rev, path, why } if zh => format!(
                "版本 {rev} 中没有 {}（git：{why}）\n  提示：这个文件可能在该版本之后才加入或改过名；用 git log -- 文件 查看它的历史",
                path.display()
            ),
            Message::NotInRevision { rev, path, why } => format!(
                "{} is not in revision {rev} (git: {why})\n  help: it may have been added or renamed since; git log -- FILE shows its history",
                path.display()
            ),
            Message::GitMissing if zh => {
                "找不到 git：比较版本库中的版本需要 git\n  提示：安装 git（Windows：https://git-scm.com；Debian/Ubuntu：sudo apt-get install git），或给出两个文件来比较".into()
            }
            Message::GitMissing => {
                "git was not found: comparing with a revision needs git\n  help: install git (Windows: https://git-scm.com; Debian/Ubuntu: sudo apt-get install git), or compare two files".into()
            }
            Message::NotFileNoGit(p) if zh => format!(
                "没有文件 {}；把它当作 git 版本来比较需要 git，但找不到 git\n  提示：检查文件名；要与版本库中的版本比较，先安装 git（Windows：https://git-scm.com；Debian/Ubuntu：sudo apt-get install git）",
                p.display()
            ),
            Message::NotFileNoGit(p) => format!(
                "there is no file {}; to take it as a git revision needs git, which was not found\n  help: check the file name; to compare with a revision, install git (Windows: https://git-scm.com; Debian/Ubuntu: sudo apt-get install git)",
                p.display()
            ),
            Message::GitFailed(command) if zh => format!("无法运行 git {command}"),
            Message::GitFailed(command) => format!("cannot run git {command}"),
            Message::GitError { command, stderr } if zh => format!(
                "git {command} 失败：{stderr}\n  提示：在 git 版本库中运行这个命令"
            ),
            Message::GitError { command, stderr } => format!(
                "git {command} failed: {stderr}\n  help: run this command inside a git repository"
            ),
            Message::NotInRepository if zh => {
                "当前文件夹不在 git 版本库中，无法找出改动过的文件\n  提示：在版本库的文件夹中运行；不用版本库时，写出要检查的文件：jixiao check 文件夹/*.jx".into()
            }
            Message::NotInRepository => {
                "this folder is not in a git repository, so there are no changed files to find\n  help: run it inside a repository; without one, name the files: jixiao check folder/*.jx".into()
            }
            Message::NotARevision(rev) if zh => format!(
                "{rev} 不是这个版本库中的版本\n  提示：写一个提交、分支或标签，例如 --changed=HEAD~1 或 --changed=main"
            ),
            Message::NotARevision(rev) => format!(
                "{rev} is not a revision of this repository\n  help: name a commit, branch or tag, e.g. --changed=HEAD~1 or --changed=main"
            ),
            Message::NoneChanged(rev) if zh => {
                format!("与 {rev} 相比，没有改动过或新加的 .jx 文件")
            }
            Message::NoneChanged(rev) => {
                format!("no .jx file changed or added since {rev}")
            }
            Message::TextconvBroken if zh => {
                "# 这个文件有错误（jixiao check 会列出），下面是它的原文".into()
            }
            Message::TextconvBroken => {
                "# this file has errors (jixiao check lists them); its text follows".into()
            }
            Message::TypstTimeout { seconds } if zh => {
                format!("typst 在 {seconds} 秒内没有完成，已终止")
            }
            Message::TypstTimeout { seconds } => {
                format!("typst did not finish within {seconds} seconds and was stopped")
            }
            Message::NoCjkFont { families } if zh => format!(
                "typst 找不到任何中文字体，生成的 PDF 会缺字（显示为空框），因此没有输出\n  查找过的字体：{}\n  提示：Windows 自带 SimSun（宋体）等字体；Debian/Ubuntu 请安装 fonts-noto-cjk（sudo apt-get install fonts-noto-cjk）；也可以用 --font-path 指定字体所在的文件夹",
                families.join("、")
            ),
            Message::NoCjkFont { families } => format!(
                "typst found no Chinese font: the PDF would show empty boxes, so none was written\n  looked for: {}\n  help: Windows has SimSun; on Debian or Ubuntu install fonts-noto-cjk (sudo apt-get install fonts-noto-cjk); or point --font-path at a folder of fonts",
                families.join(", ")
            ),
            Message::MissingGlyph { text, font } => {
                let codes = text
                    .chars()
                    .map(|c| format!("U+{:04X}", u32::from(c)))
                    .collect::<Vec<_>>()
                    .join(" ");
                // Characters beyond the Basic Multilingual Plane are the
                // rare ones (CJK extensions B and after).
                let rare = text.chars().any(|c| u32::from(c) > 0xFFFF);
                match (zh, rare) {
                    (true, true) => format!(
                        "存档 PDF（PDF/A）不允许缺字，但字体 {font} 里没有“{text}”（{codes}），因此没有输出\n  提示：这是生僻字（CJK 扩展区），请安装包含它的字体，例如花园明朝（HanaMinB），然后用 --font-path 指定它所在的文件夹；或者不加 --archive 构建普通 PDF"
                    ),
                    (true, false) => format!(
                        "存档 PDF（PDF/A）不允许缺字，但字体 {font} 里没有“{text}”（{codes}），因此没有输出\n  提示：请安装包含这个字的字体（Debian/Ubuntu：sudo apt-get install fonts-noto-cjk），或用 --font-path 指定字体所在的文件夹；或者不加 --archive 构建普通 PDF"
                    ),
                    (false, true) => format!(
                        "an archived PDF (PDF/A) may not lack a character, but the font {font} has no “{text}” ({codes}), so none was written\n  help: it is a rare character (a CJK extension): install a font that has it, such as HanaMinB, and point --font-path at its folder; or build a plain PDF without --archive"
                    ),
                    (false, false) => format!(
                        "an archived PDF (PDF/A) may not lack a character, but the font {font} has no “{text}” ({codes}), so none was written\n  help: install a font that has it (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk), or point --font-path at a folder of fonts; or build a plain PDF without --archive"
                    ),
                }
            }
            Message::ArchiveOfMany if zh => {
                "--archive 一次只能存档一个文件，或者与 --bundle 一起把多个文件存档为一个汇编 PDF\n  提示：逐个构建：jixiao build 文件.jx --archive".into()
            }
            Message::ArchiveOfMany => {
                "--archive archives one file, or many into one bundle with --bundle\n  help: build them one at a time: jixiao build FILE.jx --archive".into()
            }
            Message::ExtractExists(p) if zh => format!(
                "{} 已经存在，没有覆盖\n  提示：用 -o 指定另一个文件名，或用 -o - 输出到屏幕",
                p.display()
            ),
            Message::ExtractExists(p) => format!(
                "{} exists already and was left alone\n  help: name another file with -o, or print it with -o -",
                p.display()
            ),
            Message::PdfUnreadable { path, why } => pdf_unreadable(path, why, zh),
            Message::NoEmbeddedSource(p) if zh => format!(
                "{} 里没有嵌入 .jx 源文件\n  提示：只有用 jixiao build --archive 生成的存档 PDF 才带有源文件",
                p.display()
            ),
            Message::NoEmbeddedSource(p) => format!(
                "{} embeds no .jx source\n  help: only an archived PDF (jixiao build --archive) carries its source",
                p.display()
            ),
        }
    }
}

/// One line of `doctor` for a font role: the family used, or none, and
/// what to install for the role's own face.
fn doctor_role(role: &str, family: Option<&str>, stand_in: bool, zh: bool) -> String {
    let (name_zh, name_en) = match role {
        "song" => ("宋体（自评表）", "Song (the form)"),
        "fangsong" => ("仿宋（报告正文）", "FangSong (report body)"),
        "hei" => ("黑体（一、标题）", "Hei (headings 一、)"),
        "kai" => ("楷体（（一）标题）", "Kai (headings （一）)"),
        "biaosong" => ("小标宋（报告标题）", "XiaoBiaoSong (report title)"),
        other => (other, other),
    };
    // How to get the role's proper face, as a clause.
    let (install_zh, install_en) = match role {
        "fangsong" => (
            "正式字体 FangSong（仿宋）是 Windows 自带的，macOS 自带 STFangsong（华文仿宋）；其他系统上可用 --font-path 指向这些字体文件",
            "the proper face is FangSong, which comes with Windows (STFangsong with macOS); elsewhere point --font-path at those font files",
        ),
        "kai" => (
            "正式字体 KaiTi（楷体）是 Windows 自带的，macOS 自带 STKaiti（华文楷体）；其他系统上可用 --font-path 指向这些字体文件",
            "the proper face is KaiTi, which comes with Windows (STKaiti with macOS); elsewhere point --font-path at those font files",
        ),
        "biaosong" => (
            "正式字体是方正小标宋（FZXiaoBiaoSong-B05S），需另行获得授权后安装",
            "the proper face is FZXiaoBiaoSong-B05S (方正小标宋), licensed separately",
        ),
        _ => (
            "请安装中文字体：sudo apt-get install fonts-noto-cjk",
            "install a Chinese font: sudo apt-get install fonts-noto-cjk",
        ),
    };
    match (family, stand_in, zh) {
        (Some(f), false, true) => format!("  {name_zh}：{f}"),
        (Some(f), false, false) => format!("  {name_en}: {f}"),
        (Some(f), true, true) => format!("  {name_zh}：{f}（代用字体；{install_zh}）"),
        (Some(f), true, false) => format!("  {name_en}: {f} — a stand-in; {install_en}"),
        (None, _, true) => format!("  {name_zh}：没有（{install_zh}）"),
        (None, _, false) => format!("  {name_en}: none ({install_en})"),
    }
}

/// Why `extract` could not read a PDF, in words.
fn pdf_unreadable(path: &Path, why: &jixiao::pdf::Error, zh: bool) -> String {
    use jixiao::pdf::Error;
    let p = path.display();
    match (why, zh) {
        (Error::NotPdf, true) => {
            format!("{p} 不是 PDF 文件\n  提示：请给出 jixiao build --archive 生成的 PDF")
        }
        (Error::NotPdf, false) => {
            format!("{p} is not a PDF\n  help: give a PDF made by jixiao build --archive")
        }
        (Error::Damaged, true) => {
            format!("{p} 已损坏，读不出其中嵌入的文件\n  提示：请用原来的存档 PDF 重试")
        }
        (Error::Damaged, false) => format!(
            "{p} is damaged: its embedded files cannot be read\n  help: try the original archived PDF"
        ),
        (Error::Unsupported(what), true) => format!(
            "{p} 使用了 jixiao 不能读取的 PDF 结构（{what}），可能被其他软件重新保存过\n  提示：请用 jixiao build --archive 生成的原始 PDF"
        ),
        (Error::Unsupported(what), false) => format!(
            "{p} uses a PDF structure jixiao does not read ({what}); another program may have saved it again\n  help: use the PDF as jixiao build --archive wrote it"
        ),
        (Error::TooLarge, true) => format!(
            "{p} 里嵌入的文件超过 {} MiB，不予读取",
            jixiao::pdf::MAX_FILE >> 20
        ),
        (Error::TooLarge, false) => format!(
            "{p} embeds a file larger than {} MiB, which is not read",
            jixiao::pdf::MAX_FILE >> 20
        ),
    }
}

/// Why a command failed.
#[derive(Debug)]
pub struct Failure {
    message: Option<Message>,
    cause: Option<std::io::Error>,
    /// 1: the input has errors; 2: usage, IO or the environment.
    code: u8,
}

impl Failure {
    /// The input has errors whose diagnostics were printed already.
    pub fn silent_input() -> Self {
        Failure {
            message: None,
            cause: None,
            code: 1,
        }
    }

    pub fn input(message: Message) -> Self {
        Failure {
            message: Some(message),
            cause: None,
            code: 1,
        }
    }

    pub fn io(message: Message, cause: std::io::Error) -> Self {
        Failure {
            message: Some(message),
            cause: Some(cause),
            code: 2,
        }
    }

    /// Nothing was written: a file that could not be read for what it
    /// should hold, or an output that exists.
    pub fn nothing_written(message: Message) -> Self {
        Failure {
            message: Some(message),
            cause: None,
            code: 2,
        }
    }

    pub fn environment(message: Message) -> Self {
        Failure {
            message: Some(message),
            cause: None,
            code: 2,
        }
    }

    /// The same failure with exit 2, for a command whose exit 1 is an
    /// answer (`diff`: the files differ).
    pub fn stop(mut self) -> Self {
        self.code = 2;
        self
    }

    pub fn render(&self, lang: Lang) -> Option<String> {
        let prefix = if lang == Lang::Zh { "错误" } else { "error" };
        Some(format!("{prefix}: {}", self.text(lang)?))
    }

    /// What [`Failure::render`] says after its `error:`.
    pub fn text(&self, lang: Lang) -> Option<String> {
        let message = self.message.as_ref()?;
        Some(match &self.cause {
            Some(cause) => format!(
                "{}: {}",
                message.text(lang),
                cause_text(message, cause, lang)
            ),
            None => message.text(lang),
        })
    }

    pub fn code(&self) -> u8 {
        self.code
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

/// Why a file could not be read or written, in the user's language: the
/// common causes in words of their own, any other as the system gives it
/// (without the name of a temporary file it was written through).
fn cause_text(message: &Message, cause: &std::io::Error, lang: Lang) -> String {
    use std::io::ErrorKind as K;
    // tempfile names its temporary file after the system's error.
    let cause = cause
        .get_ref()
        .and_then(|e| e.source())
        .and_then(|e| e.downcast_ref::<std::io::Error>())
        .unwrap_or(cause);
    let zh = lang == Lang::Zh;
    match (cause.kind(), message) {
        (K::NotFound, Message::Write(path)) => {
            let folder = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            if zh {
                format!(
                    "文件夹 {} 不存在；请先建好它，或用 -o 另选位置",
                    folder.display()
                )
            } else {
                format!(
                    "the folder {} does not exist; make it first, or choose another place with -o",
                    folder.display()
                )
            }
        }
        (K::NotFound, _) if zh => "没有这个文件或文件夹".to_string(),
        (K::NotFound, _) => "no such file or folder".to_string(),
        (K::PermissionDenied, _) if zh => {
            "没有权限（文件可能是只读的，或正被其他程序打开）".to_string()
        }
        (K::PermissionDenied, _) => {
            "permission denied (the file may be read-only, or open in another program)".to_string()
        }
        (K::IsADirectory, _) if zh => "这是一个文件夹，不是文件".to_string(),
        (K::IsADirectory, _) => "it is a folder, not a file".to_string(),
        (K::NotADirectory, _) if zh => "路径中有一段是文件，不是文件夹".to_string(),
        (K::NotADirectory, _) => "a part of the path is a file, not a folder".to_string(),
        (K::StorageFull, _) if zh => "磁盘已满".to_string(),
        (K::StorageFull, _) => "the disk is full".to_string(),
        (K::ReadOnlyFilesystem, _) if zh => "磁盘是只读的".to_string(),
        (K::ReadOnlyFilesystem, _) => "the disk is read-only".to_string(),
        _ if zh => format!("系统报告：{cause}"),
        _ => cause.to_string(),
    }
}

/// The file a path names, to compare paths that are spelt differently
/// (`./a.jx`, `dir/../a.jx`, a symlink, a folder argument): its canonical
/// path when it exists, else its canonical folder and its name (an output
/// not written yet), else the path as given.
pub fn identity(path: &Path) -> PathBuf {
    if let Ok(canonical) = path.canonicalize() {
        return canonical;
    }
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (folder.canonicalize(), path.file_name()) {
        (Ok(folder), Some(name)) => folder.join(name),
        _ => path.to_path_buf(),
    }
}

/// Refuses an output path that is one of the input files.
pub fn refuse_overwriting_inputs(inputs: &[PathBuf], output: &Path) -> Result<(), Failure> {
    let target = identity(output);
    if inputs.iter().any(|input| identity(input) == target) {
        return Err(Failure::input(Message::OutputIsInput(output.into())));
    }
    Ok(())
}

/// A temporary file beside `output`, to be renamed into place with
/// [`persist`]. It is removed if it is dropped instead.
pub fn temporary_beside(output: &Path) -> Result<tempfile::NamedTempFile, Failure> {
    let dir = match output.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let permissions = match std::fs::metadata(output) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(),
    };
    let file = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .permissions(permissions)
        .tempfile_in(dir)
        .map_err(|e| Failure::io(Message::Write(output.into()), e))?;
    Ok(file)
}

/// Permissions of a new output file: readable by all, like any file a
/// command writes (temporary files are private by default).
fn default_permissions() -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(0o644)
    }
    #[cfg(not(unix))]
    {
        tempfile::NamedTempFile::new()
            .and_then(|f| f.as_file().metadata())
            .map(|m| m.permissions())
            .expect("a temporary file can be created")
    }
}

/// Renames a finished temporary file to `output`.
pub fn persist(file: tempfile::NamedTempFile, output: &Path) -> Result<(), Failure> {
    file.persist(output)
        .map(drop)
        .map_err(|e| Failure::io(Message::Write(output.into()), e.error))
}

/// Writes `bytes` to a temporary file beside `output` and renames it into
/// place, so that `output` is either the old file or the whole new one.
/// An output that is one of `inputs` is refused.
pub fn write_atomically(inputs: &[PathBuf], output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    refuse_overwriting_inputs(inputs, output)?;
    let mut file = temporary_beside(output)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Failure::io(Message::Write(output.into()), e))?;
    persist(file, output)
}

/// Writes `bytes` to a new file `output` through a temporary file beside
/// it: refused, and nothing changed, when `output` exists (even if it
/// appears while the file is written).
pub fn write_new(output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    if output.exists() || output.is_symlink() {
        return Err(Failure::nothing_written(Message::ImportExists(
            output.into(),
        )));
    }
    let mut file = temporary_beside(output)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Failure::io(Message::Write(output.into()), e))?;
    file.persist_noclobber(output).map(drop).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            Failure::nothing_written(Message::ImportExists(output.into()))
        } else {
            Failure::io(Message::Write(output.into()), e.error)
        }
    })
}

/// What went wrong reading a file for `import`, and how to fix it.
fn import_text(path: &Path, error: &jixiao::import::Error, zh: bool) -> String {
    use jixiao::import::Error as E;
    let p = path.display();
    let mib = |limit: &u64| limit >> 20;
    match (error, zh) {
        (E::FileTooLarge { limit }, true) => format!(
            "{p} 大于 {} MiB，没有读取\n  提示：一份自评表不会这么大；请确认选对了文件",
            mib(limit)
        ),
        (E::FileTooLarge { limit }, false) => format!(
            "{p} is larger than {} MiB and was not read\n  help: a form is never this large; check that this is the right file",
            mib(limit)
        ),
        (E::NotOffice, true) => format!(
            "{p} 不是 Word（.docx）或 Excel（.xlsx）文件\n  提示：在 Word、WPS 或 Excel 中打开它，“另存为” .docx 或 .xlsx 后再导入"
        ),
        (E::NotOffice, false) => format!(
            "{p} is not a Word (.docx) or Excel (.xlsx) file\n  help: open it in Word, WPS or Excel and \"Save as\" .docx or .xlsx, then import that"
        ),
        (E::OldBinary, true) => format!(
            "{p} 是旧的二进制格式（.doc、.xls）或加了密码\n  提示：在 Word、WPS 或 Excel 中打开它，去掉密码，“另存为” .docx 或 .xlsx 后再导入"
        ),
        (E::OldBinary, false) => format!(
            "{p} is in an old binary format (.doc, .xls) or protected by a password\n  help: open it in Word, WPS or Excel, remove the password, and \"Save as\" .docx or .xlsx, then import that"
        ),
        (E::Zip(detail), true) => format!(
            "{p} 已损坏，无法打开（{detail}）\n  提示：文件可能没有下载或复制完整；请重新取得原文件，或在 Word、Excel 中打开后另存一份"
        ),
        (E::Zip(detail), false) => format!(
            "{p} is damaged and cannot be opened ({detail})\n  help: it may not have been downloaded or copied whole; get the file again, or open it in Word or Excel and save a copy"
        ),
        (E::NotDocxOrXlsx, true) => format!(
            "{p} 是 zip 压缩包，但不是 Word 或 Excel 文件\n  提示：解压后找到其中的 .docx 或 .xlsx 再导入"
        ),
        (E::NotDocxOrXlsx, false) => format!(
            "{p} is a zip archive but not a Word or Excel file\n  help: unpack it and import the .docx or .xlsx inside"
        ),
        (E::Missing(part), true) => format!(
            "{p} 缺少 {part}，不是完整的 Word 或 Excel 文件\n  提示：在 Word 或 Excel 中打开后另存一份再导入"
        ),
        (E::Missing(part), false) => format!(
            "{p} has no {part}: not a whole Word or Excel file\n  help: open it in Word or Excel, save a copy and import that"
        ),
        (E::EntryTooLarge { entry, limit }, true) => format!(
            "{p} 中的 {entry} 解压后超过 {} MiB，没有读取（可能是“压缩炸弹”）\n  提示：一份自评表不会这么大；请确认文件的来源",
            mib(limit)
        ),
        (E::EntryTooLarge { entry, limit }, false) => format!(
            "{entry} in {p} is larger than {} MiB uncompressed and was not read (it may be a zip bomb)\n  help: a form is never this large; check where the file came from",
            mib(limit)
        ),
        (E::TooManyCells { limit }, true) => format!(
            "{p} 的表格超过 {limit} 个单元格，没有读取\n  提示：把自评表单独存为一个文件（或删去其他工作表和空行空列）再导入"
        ),
        (E::TooManyCells { limit }, false) => format!(
            "{p} has tables of more than {limit} cells and was not read\n  help: save the form alone in a file (or delete other sheets and empty rows and columns), then import that"
        ),
        (E::TooComplex { entry }, true) => format!(
            "{p} 中的 {entry} 嵌套太深或内容太多，没有读取\n  提示：在 Word 或 Excel 中打开后另存一份再导入"
        ),
        (E::TooComplex { entry }, false) => format!(
            "{entry} in {p} is nested too deeply or holds too much, and was not read\n  help: open it in Word or Excel, save a copy and import that"
        ),
        (E::Dtd { entry }, true) => format!(
            "{p} 中的 {entry} 含有文档类型声明（DTD），Word 和 Excel 从不这样写；为安全起见没有读取\n  提示：在 Word 或 Excel 中打开后另存一份再导入"
        ),
        (E::Dtd { entry }, false) => format!(
            "{entry} in {p} has a document type declaration (DTD), which Word and Excel never write; it was not read, for safety\n  help: open it in Word or Excel, save a copy and import that"
        ),
        (E::Xml { entry, message }, true) => format!(
            "{p} 中的 {entry} 已损坏（{message}）\n  提示：在 Word 或 Excel 中打开后另存一份再导入"
        ),
        (E::Xml { entry, message }, false) => format!(
            "{entry} in {p} is damaged ({message})\n  help: open it in Word or Excel, save a copy and import that"
        ),
        (E::OutsideArchive { target }, true) => format!(
            "{p} 中引用了压缩包以外的路径 {target}，没有读取\n  提示：Word 和 Excel 从不这样写；请确认文件的来源"
        ),
        (E::OutsideArchive { target }, false) => format!(
            "{p} refers to {target}, outside the archive, and was not read\n  help: Word and Excel never write this; check where the file came from"
        ),
        (E::NoForm, true) => format!(
            "{p} 中没有找到自评表：没有一个表格或工作表有“年初预算数”“全年执行数”或“三级指标”“指标值”这样的栏目\n  提示：确认自评表在这个文件里，是一个表格（不是图片或文本框）"
        ),
        (E::NoForm, false) => format!(
            "no form found in {p}: no table or sheet has columns such as 年初预算数 and 全年执行数, or 三级指标 and 指标值\n  help: check that the form is in this file, as a table (not a picture or a text box)"
        ),
        (E::UnknownTemplate(name), true) => {
            format!("没有名为“{name}”的内置表样\n  提示：jixiao templates 列出内置表样")
        }
        (E::UnknownTemplate(name), false) => format!(
            "there is no built-in template named “{name}”\n  help: jixiao templates lists them"
        ),
    }
}

/// `jixiao extract`: writes the `.jx` source an archived PDF embeds, byte
/// for byte: beside the PDF (named after it), at `-o`, into the folder
/// `-o` names, or to stdout with `-o -`. It never replaces a file.
pub fn extract(pdf: &Path, output: Option<&Path>, lang: Lang) -> Result<ExitCode, Failure> {
    let bytes = std::fs::read(pdf).map_err(|e| Failure::io(Message::Read(pdf.into()), e))?;
    let source = jixiao::pdf::embedded_source(&bytes)
        .map_err(|why| {
            Failure::input(Message::PdfUnreadable {
                path: pdf.into(),
                why,
            })
        })?
        .ok_or_else(|| Failure::input(Message::NoEmbeddedSource(pdf.into())))?;
    if output == Some(Path::new("-")) {
        std::io::stdout()
            .write_all(&source.data)
            .map_err(|e| Failure::io(Message::Write("-".into()), e))?;
        return Ok(ExitCode::SUCCESS);
    }
    let target = output_path(pdf, output, "jx");
    let exists = || Failure::input(Message::ExtractExists(target.clone()));
    if target.symlink_metadata().is_ok() {
        return Err(exists());
    }
    let mut file = temporary_beside(&target)?;
    file.write_all(&source.data)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Failure::io(Message::Write(target.clone()), e))?;
    // No rename over a file that appeared meanwhile.
    file.persist_noclobber(&target).map_err(|e| {
        if e.error.kind() == std::io::ErrorKind::AlreadyExists {
            exists()
        } else {
            Failure::io(Message::Write(target.clone()), e.error)
        }
    })?;
    eprintln!("{}", Message::Wrote(target.clone()).text(lang));
    Ok(ExitCode::SUCCESS)
}

/// The years `jixiao init` writes an evaluation for.
pub const YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// This year, by the system clock (UTC).
pub fn current_year() -> u32 {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Days since 1970-01-01 to a civil year (H. Hinnant's algorithm).
    let days = (seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let month_index = (5 * doy + 2) / 153;
    let year = yoe + era * 400 + i64::from(month_index >= 10);
    u32::try_from(year).unwrap_or(2000)
}

/// How `fmt` writes a file besides its layout.
#[derive(Clone, Copy)]
pub struct Output {
    /// `None`: as the input ends its lines.
    pub line_ends: Option<LineEnds>,
    /// Keep a byte order mark the input has (else write none).
    pub keep_bom: bool,
}

/// Formats files in place (atomically), always in UTF-8; with `check`,
/// shows a diff instead and fails when a file is not formatted. A file that
/// does not parse is reported and left untouched.
pub fn fmt(
    files: &[PathBuf],
    check: bool,
    keywords: jixiao::fmt::Keywords,
    output: Output,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let mut worst = 0u8;
    for path in files {
        let source = match read_source(path) {
            Ok(s) => s,
            Err(f) => {
                eprintln!("{}", f.render(lang).unwrap_or_default());
                worst = worst.max(f.code());
                continue;
            }
        };
        if let Some(warning) = source.diagnostic() {
            eprint!(
                "{}",
                render_diagnostics(path, &source.text, &[warning], lang)
            );
        }
        let formatted = match jixiao::fmt::format(&source.text, keywords) {
            Ok(formatted) => formatted,
            Err(diagnostics) => {
                eprint!(
                    "{}",
                    render_diagnostics(path, &source.text, &diagnostics, lang)
                );
                worst = worst.max(1);
                continue;
            }
        };
        let line_ends = output
            .line_ends
            .unwrap_or_else(|| LineEnds::of(&source.text));
        let text = jixiao::source::with_line_ends(&formatted, line_ends);
        let bom = output.keep_bom && source.bom;
        let same_text = text == source.text;
        if same_text && source.encoding == Encoding::Utf8 && bom == source.bom {
            continue;
        }
        if check {
            if same_text {
                eprintln!("{}", Message::WouldRewrite(path.clone()).text(lang));
            } else {
                let diff = similar::TextDiff::from_lines(&source.text, &text);
                let name = path.display().to_string();
                print!("{}", diff.unified_diff().header(&name, &name));
            }
            worst = worst.max(1);
        } else {
            let bytes = jixiao::source::encode(&text, line_ends, bom);
            write_atomically(&[], path, &bytes)?;
            eprintln!("{}", Message::Formatted(path.clone()).text(lang));
        }
    }
    Ok(ExitCode::from(worst))
}

/// The language of messages when `--lang` is not given: the first of
/// `LC_ALL`, `LC_MESSAGES` and `LANG` that is set, else the system's UI
/// language (Windows, macOS; `LANGUAGE` on Linux), else Chinese.
pub fn default_lang() -> Lang {
    let env = ["LC_ALL", "LC_MESSAGES", "LANG"].map(|v| std::env::var(v).ok());
    lang_from(env, sys_locale::get_locale)
}

/// The first non-empty locale of `env`, else of `system`: Chinese for
/// `zh*`, English for any other; Chinese when nothing is set.
fn lang_from(
    env: impl IntoIterator<Item = Option<String>>,
    system: impl FnOnce() -> Option<String>,
) -> Lang {
    env.into_iter()
        .flatten()
        .find(|v| !v.is_empty())
        .or_else(|| system().filter(|v| !v.is_empty()))
        .map_or(Lang::Zh, |v| Lang::from_locale(&v))
}

/// The `--lang` of a command line, read before clap parses it so that
/// `--help` and usage errors speak it too.
pub fn lang_in_args(args: &[std::ffi::OsString]) -> Option<Lang> {
    let mut args = args.iter().skip(1).map(|a| a.to_str());
    while let Some(arg) = args.next() {
        let value = match arg {
            Some("--") => return None,
            Some("--lang") => args.next().flatten(),
            Some(a) => a.strip_prefix("--lang="),
            None => None,
        };
        match value {
            Some("zh") => return Some(Lang::Zh),
            Some("en") => return Some(Lang::En),
            _ => {}
        }
    }
    None
}

/// Prints a usage error (or the help or version clap was asked for), with
/// an explanation in `lang` after clap's English one (clap speaks English
/// alone); the exit code is clap's (2 for a usage error).
pub fn usage_error(error: clap::Error, lang: Lang) -> ExitCode {
    use clap::error::ErrorKind as K;
    let _ = error.print();
    let shown = matches!(
        error.kind(),
        K::DisplayHelp | K::DisplayVersion | K::DisplayHelpOnMissingArgumentOrSubcommand
    );
    if !shown {
        eprintln!("{}", Message::Usage(error.kind()).text(lang));
    }
    ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2))
}

/// The command's help in `lang`: English as written in `main.rs`; in
/// Chinese, every about and argument help from [`zh_help`], and clap's own
/// headings and help flags in Chinese.
pub fn localize(command: clap::Command, lang: Lang) -> clap::Command {
    if lang == Lang::En {
        return command;
    }
    let command = command.disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(clap::ArgAction::Version)
            .help("显示版本"),
    );
    // clap adds its `help` subcommand when the command is built.
    let mut command = localize_zh(command);
    command.build();
    command.mut_subcommand("help", |help| {
        help.about(zh_help("help", None))
            .help_template(ZH_TEMPLATE)
            .subcommand_help_heading("命令")
    })
}

/// clap's help layout, with a Chinese heading for the usage.
const ZH_TEMPLATE: &str =
    "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

fn localize_zh(command: clap::Command) -> clap::Command {
    let name = command.get_name().to_string();
    let mut command = command
        .help_template(ZH_TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .arg(
            clap::Arg::new("help")
                .short('h')
                .long("help")
                .action(clap::ArgAction::Help)
                .help("显示帮助"),
        );
    if let Some(about) = zh_help(&name, None) {
        command = command.about(about).long_about(None);
    }
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for (order, id) in ids.iter().enumerate() {
        let help = zh_help(&name, Some(id));
        command = command.mut_arg(id, |arg| {
            // Under a heading of their own, arguments would be sorted by
            // name: positional ones keep the order they are given in.
            let arg = if arg.is_positional() {
                arg.help_heading("参数").display_order(order)
            } else {
                arg.help_heading("选项")
            };
            match help {
                Some(help) => arg.help(help).long_help(None),
                None => arg,
            }
        });
    }
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for sub in subcommands {
        command = command.mut_subcommand(&sub, localize_zh);
    }
    command
}

/// The Chinese help of a command (`arg` None) or of one of its arguments.
pub fn zh_help(command: &str, arg: Option<&str>) -> Option<&'static str> {
    Some(match (command, arg) {
        ("jixiao", None) => {
            "jixiao（绩效）：把绩效自评写成一份文本，检查每一个数字，生成可以打印的 PDF。"
        }
        ("jixiao", Some("lang")) => {
            "提示信息的语言：zh 或 en（默认按 LC_ALL、LC_MESSAGES、LANG，再按系统语言，都没有时用中文）"
        }
        ("check", None) => "检查文件，报告所有问题（有错误时退出码为 1）",
        ("check", Some("files")) => "要检查的 .jx 文件或文件夹",
        ("check", Some("format")) => "text 给人看，json 给编辑器和 CI",
        ("check", Some("deny")) => "--deny warnings：有警告也算失败（退出码 1）",
        ("check", Some("form")) => {
            "按哪一张表检查：申报表（不要求完成值）、监控表（要求监控数字）或 自评表（默认）"
        }
        ("build", Some("form")) => {
            "生成哪一张表：申报表、监控表 或 自评表（默认）；申报表、监控表写成 名称.申报表.pdf、名称.监控表.pdf"
        }
        ("init", Some("form")) => {
            "新建哪一阶段的文件：申报表（只有目标）、监控表（加上监控数字）或 自评表（默认）"
        }
        ("build", None) => {
            "用 typst 命令行工具把文件和文件夹中的文件生成 PDF：各自写在 .jx 旁边（一个文件时可用 -o 指定），或用 --bundle 合成一个"
        }
        ("build", Some("files")) => "要生成的 .jx 文件或文件夹",
        ("build", Some("output")) => "生成一个文件时，要写出的 PDF，或放 PDF 的文件夹",
        ("build", Some("bundle")) => {
            "合成一个 PDF：封面、汇总表、目录和每一份自评（给出文件夹时，以标题为文件名）"
        }
        ("build", Some("title")) => "汇编封面的标题",
        ("build", Some("jobs")) => "同时生成几个文件（默认：CPU 核数）",
        ("build" | "watch" | "doctor" | "serve", Some("font_path")) => "给 typst 的额外字体文件夹",
        ("build", Some("deny")) => "--deny warnings：有警告时什么也不生成",
        ("build", Some("archive")) => {
            "生成存档 PDF（PDF/A-3u），内嵌 .jx 源文件和检查后的模型（见 docs/ARCHIVE.md）"
        }
        ("extract", Some("file")) => "用 build --archive 生成的 PDF",
        ("extract", Some("output")) => {
            "要写出的文件（默认：PDF 旁边，与 PDF 同名），放它的文件夹，或 - 表示输出到屏幕"
        }
        ("extract", None) => "取出存档 PDF 内嵌的 .jx 源文件，逐字节不变（从不覆盖已有文件）",
        ("summary", None) => "多份自评的汇总表，作为数据输出",
        ("summary", Some("files")) => "要汇总的 .jx 文件或文件夹",
        ("summary", Some("format")) => "输出格式：csv、json 或 xlsx",
        ("summary", Some("output")) => "写到哪个文件（xlsx 必须指定；默认输出到标准输出）",
        ("typst", None) => "输出文件的 Typst 源码（或用 -o 写入文件）",
        ("typst", Some("files")) => "要转换的 .jx 文件（多个文件或文件夹时加 --bundle）",
        ("typst", Some("bundle")) => {
            "输出 build --bundle 编译的源码：封面、汇总表、目录和每一份自评"
        }
        ("typst", Some("title")) => "汇编封面的标题",
        ("json", Some("file")) => "要转换的 .jx 文件",
        ("typst" | "json", Some("output")) => "写到这个文件或文件夹（默认输出到标准输出）",
        ("fmt", None) => "就地格式化文件：统一排版，保留所有注释；总是写成 UTF-8",
        ("fmt", Some("files")) => "要格式化的 .jx 文件或文件夹",
        ("fmt", Some("check")) => "不做改动：显示会改动什么，有改动时退出码为 1",
        ("fmt", Some("keywords")) => "把关键字改写成中文（zh）或英文（en）",
        ("fmt", Some("line_ends")) => "换行符：与输入相同（keep），或全部 LF、全部 CRLF",
        ("fmt", Some("no_bom")) => "不写字节顺序标记（BOM），即使输入有",
        ("init", None) => "新建一份自评：列出所有指标类别，附自评报告提纲（从不覆盖已有文件）",
        ("init", Some("file")) => {
            "要写的文件（默认：项目名称改成各系统都能用的文件名，没有时为 自评；加 .jx）"
        }
        ("init", Some("name")) => "项目名称",
        ("init", Some("year")) => "年度（默认：去年）",
        ("init", Some("template")) => {
            "按哪个表样新建：内置表样的名称（见 jixiao templates），或表样文件（相对于新文件）"
        }
        ("import", None) => {
            "把 Word（.docx、.doc）或 Excel（.xlsx、.xls）的自评表和报告读成 .jx 文件，并检查它；改写过的数字旁边有注释写出原文（从不覆盖已有文件）"
        }
        ("import", Some("file")) => "要导入的 .docx、.xlsx（.doc、.xls 需要 LibreOffice 转换）",
        ("import", Some("output")) => {
            "要写的 .jx 文件或文件夹（默认：在输入文件旁边，同名 .jx；-o - 输出到标准输出）"
        }
        ("import", Some("template")) => {
            "按哪个内置表样读（见 jixiao templates；默认：按表中的栏目选最合适的）"
        }
        ("templates", None) => "列出内置的表样（各地的自评表格式）",
        ("watch", None) => "每次保存都重新生成 PDF；有错误时保留上一次的 PDF。按 Ctrl-C 停止",
        ("watch", Some("file")) => "要监视的 .jx 文件",
        ("watch", Some("output")) => "要写出的 PDF 或放 PDF 的文件夹（默认：在 .jx 旁边）",
        ("serve", None) => {
            "在浏览器中查看和修改一个文件夹里的自评：总览、诊断、得分和 PDF（只有本机能访问，见 docs/SERVE.md）"
        }
        ("serve", Some("dir")) => "存放 .jx 文件的文件夹（含子文件夹；默认：当前文件夹）",
        ("serve", Some("port")) => "监听的端口（默认 8421；0 表示自动选择空闲端口）",
        ("doctor", None) => "检查 typst 命令行工具和中文字体是否齐备，并说明缺什么、怎么办",
        ("lsp", None) => {
            "在标准输入输出上运行语言服务器，供编辑器使用（见 docs/EDITORS.md）：边写边诊断，悬停显示得分，补全、格式化、大纲和折叠"
        }
        ("schema", None) => "输出 jixiao json 所输出内容的 JSON Schema",
        ("completions", None) => "输出某种 shell 的补全脚本（bash、zsh、fish、powershell）",
        ("completions", Some("shell")) => "哪一种 shell",
        ("json", None) => "以 JSON 输出检查后的模型，含每一个计算出的数字",
        ("check", Some("changed")) => {
            "只检查与版本 REV（默认 HEAD）相比改动过的 .jx 文件，以及未跟踪的新文件"
        }
        ("diff", None) => {
            "比较两份自评含义上的变化（退出码：0 含义相同，1 有变化，2 出错）；格式、注释和关键字语言不算变化"
        }
        ("diff", Some("old")) => {
            "旧的 .jx 文件，或 git 版本（如 HEAD~1：比较 NEW 在该版本中的内容）"
        }
        ("diff", Some("new")) => "新的 .jx 文件",
        ("diff", Some("format")) => "text 给人看，json 给工具",
        ("textconv", None) => {
            "每行一个数字或段落地输出文件，供 git diff 使用（diff.jixiao.textconv，见 docs/DIFF.md）"
        }
        ("textconv", Some("file")) => "要输出的 .jx 文件",
        ("help", None) => "显示本帮助，或某个命令的帮助",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_catches_a_panic_and_passes_a_value_through() {
        assert_eq!(guarded(|| 7), Some(7));
        assert_eq!(guarded(|| -> i32 { panic!("a bug") }), None);
    }

    #[test]
    fn the_language_comes_from_the_locale_then_the_system_then_chinese() {
        let env = |v: [&str; 3]| v.map(|v| (!v.is_empty()).then(|| v.to_string()));
        let none = || None;
        assert_eq!(lang_from(env(["", "", ""]), none), Lang::Zh);
        assert_eq!(lang_from(env(["", "", "en_US.UTF-8"]), none), Lang::En);
        assert_eq!(
            lang_from(env(["zh_CN.UTF-8", "", "en_US.UTF-8"]), none),
            Lang::Zh
        );
        assert_eq!(lang_from(env(["", "", "C"]), none), Lang::En);
        let windows_en = || Some("en-US".to_string());
        let windows_zh = || Some("zh-Hans-CN".to_string());
        assert_eq!(lang_from(env(["", "", ""]), windows_en), Lang::En);
        assert_eq!(lang_from(env(["", "", ""]), windows_zh), Lang::Zh);
        assert_eq!(lang_from(env(["", "", "en_GB"]), windows_zh), Lang::En);
        assert_eq!(
            lang_from([Some(String::new())], || Some(String::new())),
            Lang::Zh
        );
    }

    #[test]
    fn a_bundle_in_a_folder_is_named_after_its_title() {
        let dir = tempfile::tempdir().unwrap();
        let title = "2022年度项目支出绩效自评汇编：第1/2册";
        assert_eq!(
            bundle_path(dir.path(), title),
            dir.path()
                .join("2022年度项目支出绩效自评汇编：第1／2册.pdf")
        );
        let file = dir.path().join("汇编.pdf");
        assert_eq!(bundle_path(&file, title), file);
    }

    #[test]
    fn lang_is_found_before_clap_parses() {
        let args = |a: &[&str]| a.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            lang_in_args(&args(&["jixiao", "--lang", "en", "check"])),
            Some(Lang::En)
        );
        assert_eq!(
            lang_in_args(&args(&["jixiao", "check", "--lang=zh"])),
            Some(Lang::Zh)
        );
        assert_eq!(
            lang_in_args(&args(&["jixiao", "check", "--lang", "fr"])),
            None
        );
        assert_eq!(
            lang_in_args(&args(&["jixiao", "fmt", "--", "--lang=en"])),
            None
        );
        assert_eq!(lang_in_args(&args(&["--lang=en"])), None);
    }
}
