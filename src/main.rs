//! The `jixiao` command: files, processes and the terminal around the pure
//! library.

mod cli;

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use jixiao::diag::{self, Diagnostic, Lang, RenderOptions, Severity};

use cli::{Failure, Message};

/// jixiao (绩效): write a performance self-evaluation once, as text; get every
/// figure checked and a print-quality PDF.
#[derive(Parser)]
#[command(name = "jixiao", version, about)]
struct Args {
    /// Language of messages: zh or en (default: from LANG, LC_ALL or LC_MESSAGES).
    #[arg(long, global = true, value_enum)]
    lang: Option<LangArg>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

/// What `--deny` turns into errors.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Text,
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Check files and report every problem (exit 1 if any has an error).
    Check {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// text for people, json for editors and CI.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// `--deny warnings`: fail (exit 1) on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Compile a file to PDF with the typst CLI (default: next to the input).
    Build {
        file: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Extra folder of fonts for typst.
        #[arg(long)]
        font_path: Vec<PathBuf>,
        /// `--deny warnings`: build nothing when there are warnings.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
    },
    /// Print the Typst source of a file (or write it with -o).
    Typst {
        file: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the checked model with every computed figure, as JSON.
    Json {
        file: PathBuf,
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args = Args::parse();
    let lang = match args.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => locale_lang(),
    };
    let result = match args.command {
        Command::Check {
            files,
            format,
            deny,
        } => check(&files, format, deny.is_some(), lang),
        Command::Build {
            file,
            output,
            font_path,
            deny,
        } => build(&file, output, &font_path, deny.is_some(), lang),
        Command::Typst { file, output } => compile(&file, false, lang)
            .and_then(|model| deliver(&file, output.as_deref(), &jixiao::emit(&model))),
        Command::Json { file, output } => compile(&file, false, lang).and_then(|model| {
            let mut json = serde_json::to_string_pretty(&model).expect("model serialises");
            json.push('\n');
            deliver(&file, output.as_deref(), &json)
        }),
    };
    match result {
        Ok(code) => code,
        Err(failure) => {
            if let Some(text) = failure.render(lang) {
                eprintln!("{text}");
            }
            failure.exit_code()
        }
    }
}

/// Chinese for a `zh_*` locale, English otherwise (LC_ALL > LC_MESSAGES > LANG).
fn locale_lang() -> Lang {
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .map_or(Lang::En, |v| Lang::from_locale(&v))
}

fn render_options(lang: Lang) -> RenderOptions {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let width = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(100);
    RenderOptions { lang, color, width }
}

/// Reads a source file: UTF-8, with or without a byte-order mark.
fn read_source(path: &Path) -> Result<String, Failure> {
    let bytes = std::fs::read(path).map_err(|e| Failure::io(Message::Read(path.into()), e))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure::input(Message::NotUtf8 {
            path: path.into(),
            offset: e.utf8_error().valid_up_to(),
        })
    })
}

/// Reads and checks one file, printing its diagnostics to stderr. With
/// `deny_warnings`, a warning fails like an error.
fn compile(path: &Path, deny_warnings: bool, lang: Lang) -> Result<jixiao::model::Model, Failure> {
    let source = read_source(path)?;
    let checked = jixiao::compile(&source);
    // Advice is for `check`; building shows only what needs attention.
    let shown: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity() != Severity::Advice)
        .cloned()
        .collect();
    print_diagnostics(path, &source, &shown, lang);
    let warned = checked
        .diagnostics
        .iter()
        .any(|d| d.severity() == Severity::Warning);
    match checked.model {
        Some(model) if !(deny_warnings && warned) => Ok(model),
        _ => Err(Failure::silent_input()),
    }
}

fn print_diagnostics(path: &Path, source: &str, diagnostics: &[Diagnostic], lang: Lang) {
    if diagnostics.is_empty() {
        return;
    }
    let text = diag::render(
        diagnostics,
        &path.display().to_string(),
        source,
        render_options(lang),
    );
    let _ = std::io::stderr().write_all(text.as_bytes());
}

fn check(
    files: &[PathBuf],
    format: Format,
    deny_warnings: bool,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (mut errors, mut warnings) = (0, 0);
    let mut json = Vec::new();
    // The worst exit code of a file that could not be read.
    let mut unreadable = 0;
    for path in files {
        let source = match read_source(path) {
            Ok(s) => s,
            Err(failure) => {
                if let Some(text) = failure.render(lang) {
                    eprintln!("{text}");
                }
                unreadable = unreadable.max(failure.code());
                continue;
            }
        };
        let checked = jixiao::compile(&source);
        for d in &checked.diagnostics {
            match d.severity() {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
                Severity::Advice => {}
            }
        }
        match format {
            Format::Text => print_diagnostics(path, &source, &checked.diagnostics, lang),
            Format::Json => json.extend(diag::render_json(
                &checked.diagnostics,
                &path.display().to_string(),
                &source,
                lang,
            )),
        }
    }
    match format {
        Format::Text => eprintln!("{}", diag::summary(errors, warnings, lang)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("diagnostics serialise")
        ),
    }
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(ExitCode::from(unreadable.max(u8::from(failed))))
}

/// Writes `text` to `output` (atomically), or to stdout when there is none.
fn deliver(input: &Path, output: Option<&Path>, text: &str) -> Result<ExitCode, Failure> {
    match output {
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Some(out) => cli::write_atomically(input, out, text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

fn build(
    file: &Path,
    output: Option<PathBuf>,
    font_paths: &[PathBuf],
    deny_warnings: bool,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let output = output.unwrap_or_else(|| file.with_extension("pdf"));
    cli::refuse_overwriting_input(file, &output)?;
    let model = compile(file, deny_warnings, lang)?;
    let source = jixiao::emit(&model);
    let warnings = cli::typst::render_pdf(&source, &model, &output, font_paths)?;
    for w in warnings {
        eprintln!("typst: {w}");
    }
    eprintln!("{}", Message::Wrote(output).text(lang));
    Ok(ExitCode::SUCCESS)
}
