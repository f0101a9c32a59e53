//! What the binary needs beyond the library: its own messages, safe file
//! output and the typst process.

pub mod batch;
pub mod doctor;
pub mod lsp;
pub mod summary;
pub mod typst;
pub mod watch;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jixiao::diag::{self, Diagnostic, Lang, RenderOptions, Severity};
use jixiao::model::Model;

/// Reads a source file: UTF-8, with or without a byte-order mark.
pub fn read_source(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::io(Message::Read(path.into()), e))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::input(Message::NotUtf8 {
            path: path.into(),
            offset: e.utf8_error().valid_up_to(),
        })
    })
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

/// The diagnostics of a file as the terminal shows them.
pub fn render_diagnostics(
    path: &Path,
    source: &str,
    diagnostics: &[Diagnostic],
    lang: Lang,
) -> String {
    if diagnostics.is_empty() {
        return String::new();
    }
    diag::render(
        diagnostics,
        &path.display().to_string(),
        source,
        render_options(lang),
    )
}

/// One file, read and checked.
pub struct Checked {
    /// The model, unless the file has errors (or warnings, when denied).
    pub model: Option<Model>,
    /// Its errors and warnings as the terminal shows them (advice is for
    /// `check` alone).
    pub report: String,
    pub warnings: usize,
}

/// Reads and checks one file. Fails only when it cannot be read.
pub fn check_file(path: &Path, deny_warnings: bool, lang: Lang) -> Result<Checked, Failure> {
    let source = read_source(path)?;
    let checked = jixiao::compile(&source);
    let shown: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .filter(|d| d.severity() != Severity::Advice)
        .collect();
    let warnings = shown
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .count();
    Ok(Checked {
        model: checked.model.filter(|_| !(deny_warnings && warnings > 0)),
        report: render_diagnostics(path, &source, &shown, lang),
        warnings,
    })
}

/// A message of the command line itself (not a diagnostic about a file).
#[derive(Debug)]
pub enum Message {
    Read(PathBuf),
    Write(PathBuf),
    NotUtf8 {
        path: PathBuf,
        offset: usize,
    },
    OutputIsInput(PathBuf),
    Wrote(PathBuf),
    OutputWithMany,
    TypstOfMany,
    Formatted(PathBuf),
    KeptLastPdf,
    Updated(PathBuf),
    Exists(PathBuf),
    XlsxNeedsOutput,
    NoInput(PathBuf),
    Built {
        built: usize,
        failed: usize,
        warnings: usize,
    },
    BundleFailed {
        failed: usize,
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
    /// The language server's connection to the editor failed.
    Lsp(String),
}

impl Message {
    pub fn text(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Message::Read(p) if zh => format!("无法读取 {}", p.display()),
            Message::Read(p) => format!("cannot read {}", p.display()),
            Message::Write(p) if zh => format!("无法写入 {}", p.display()),
            Message::Write(p) => format!("cannot write {}", p.display()),
            Message::NotUtf8 { path, offset } if zh => format!(
                "{} 不是 UTF-8 编码（第 {offset} 字节处）\n  提示：用编辑器把文件另存为 UTF-8 编码（记事本：另存为 → 编码 UTF-8）",
                path.display()
            ),
            Message::NotUtf8 { path, offset } => format!(
                "{} is not UTF-8 (at byte {offset})\n  help: save the file as UTF-8 in your editor",
                path.display()
            ),
            Message::OutputIsInput(p) if zh => format!(
                "输出文件 {} 就是输入文件，拒绝覆盖\n  提示：用 -o 指定另一个输出文件",
                p.display()
            ),
            Message::OutputIsInput(p) => format!(
                "the output {} is the input file; refusing to overwrite it\n  help: choose another output with -o",
                p.display()
            ),
            Message::OutputWithMany if zh => {
                "-o 只能用于一个文件；多个文件的 PDF 写在各自的 .jx 旁边，或用 --bundle 合成一个".into()
            }
            Message::OutputWithMany => {
                "-o takes one file; many files are built next to their inputs, or into one with --bundle".into()
            }
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
            Message::KeptLastPdf if zh => "有错误，PDF 保持上一次的正确版本；改正后保存即可更新".into(),
            Message::KeptLastPdf => {
                "errors: the PDF stays as it last was; save a fixed file to update it".into()
            }
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
            Message::BundleFailed { failed } if zh => {
                format!("{failed} 个文件有错误，没有生成汇编（汇编不能缺少项目）")
            }
            Message::BundleFailed { failed } => {
                format!("{failed} files have errors; no bundle was written (a bundle must not leave a project out)")
            }
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
        }
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

    pub fn environment(message: Message) -> Self {
        Failure {
            message: Some(message),
            cause: None,
            code: 2,
        }
    }

    pub fn render(&self, lang: Lang) -> Option<String> {
        let message = self.message.as_ref()?;
        let prefix = if lang == Lang::Zh { "错误" } else { "error" };
        Some(match &self.cause {
            Some(cause) => format!("{prefix}: {}: {cause}", message.text(lang)),
            None => format!("{prefix}: {}", message.text(lang)),
        })
    }

    pub fn code(&self) -> u8 {
        self.code
    }

    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code)
    }
}

/// Refuses an output path that is the input file itself.
pub fn refuse_overwriting_input(input: &Path, output: &Path) -> Result<(), Failure> {
    let same = match (input.canonicalize(), output.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => input == output,
    };
    if same {
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
pub fn write_atomically(input: &Path, output: &Path, bytes: &[u8]) -> Result<(), Failure> {
    refuse_overwriting_input(input, output)?;
    let mut file = temporary_beside(output)?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .map_err(|e| Failure::io(Message::Write(output.into()), e))?;
    persist(file, output)
}

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

/// Formats files in place (atomically); with `check`, shows a diff instead
/// and fails when a file is not formatted. A file that does not parse is
/// reported and left untouched.
pub fn fmt(
    files: &[PathBuf],
    check: bool,
    keywords: jixiao::fmt::Keywords,
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
        match jixiao::fmt::format(&source, keywords) {
            Err(diagnostics) => {
                eprint!("{}", render_diagnostics(path, &source, &diagnostics, lang));
                worst = worst.max(1);
            }
            Ok(formatted) if formatted == source => {}
            Ok(formatted) if check => {
                let diff = similar::TextDiff::from_lines(&source, &formatted);
                let name = path.display().to_string();
                print!("{}", diff.unified_diff().header(&name, &name));
                worst = worst.max(1);
            }
            Ok(formatted) => {
                write_atomically(Path::new(""), path, formatted.as_bytes())?;
                eprintln!("{}", Message::Formatted(path.clone()).text(lang));
            }
        }
    }
    Ok(ExitCode::from(worst))
}
