//! The `jixiao` command: files, processes and the terminal around the pure
//! library.

mod cli;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use jixiao::diag::{self, Lang, Severity};

use cli::{Failure, Message};

/// jixiao (绩效): write a performance self-evaluation once, as text; get every
/// figure checked and a print-quality PDF.
#[derive(Parser)]
#[command(name = "jixiao", version, about)]
struct Args {
    /// Language of messages: zh or en (default: from LC_ALL, LC_MESSAGES or
    /// LANG, then the system's language, else Chinese).
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
enum LineEndsArg {
    Keep,
    Lf,
    Crlf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum SummaryFormat {
    Csv,
    Json,
    Xlsx,
}

/// The forms of a project's year.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormArg {
    #[value(name = "申报表", alias = "declaration")]
    Declaration,
    #[value(name = "监控表", alias = "monitoring")]
    Monitoring,
    #[value(name = "自评表", alias = "evaluation")]
    Evaluation,
}

impl FormArg {
    fn form(arg: Option<FormArg>) -> jixiao::template::Form {
        use jixiao::template::Form;
        match arg {
            Some(FormArg::Declaration) => Form::Declaration,
            Some(FormArg::Monitoring) => Form::Monitoring,
            Some(FormArg::Evaluation) | None => Form::Evaluation,
        }
    }
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
        /// The .jx files or folders of them to check.
        #[arg(required_unless_present = "changed", conflicts_with = "changed")]
        files: Vec<PathBuf>,
        /// Check only the .jx files changed against REV (default HEAD),
        /// and the untracked ones: `--changed` or `--changed=main`.
        #[arg(
            long,
            value_name = "REV",
            num_args = 0..=1,
            require_equals = true,
            default_missing_value = "HEAD"
        )]
        changed: Option<String>,
        /// text for people, json for editors and CI.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
        /// `--deny warnings`: fail (exit 1) on warnings too.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// The form to check for: 申报表 (no actuals needed), 监控表 (the
        /// monitoring figures needed) or 自评表 (the default).
        #[arg(long, value_enum)]
        form: Option<FormArg>,
    },
    /// Compile files and folders of files to PDF with the typst CLI: each
    /// next to its input (or -o for one file), or all in one with --bundle.
    Build {
        /// The .jx files, or folders of them, to build.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The PDF to write, or a folder for it, when building one file.
        #[arg(short, long, conflicts_with = "bundle")]
        output: Option<PathBuf>,
        /// One PDF with a cover, a summary table, a table of contents and
        /// every evaluation (in a folder: named after its title).
        #[arg(long, value_name = "OUT.pdf")]
        bundle: Option<PathBuf>,
        /// The title of the bundle's cover.
        #[arg(long, requires = "bundle")]
        title: Option<String>,
        /// How many files to build at once (default: all cores).
        #[arg(short, long)]
        jobs: Option<usize>,
        /// Extra folder of fonts for typst.
        #[arg(long)]
        font_path: Vec<PathBuf>,
        /// `--deny warnings`: build nothing when there are warnings.
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// An archival PDF (PDF/A-3u) that embeds the .jx source and its
        /// checked model (see docs/ARCHIVE.md).
        #[arg(long)]
        archive: bool,
        /// The form to print: 申报表, 监控表 or 自评表 (the default); the
        /// first two are written as NAME.申报表.pdf and NAME.监控表.pdf.
        #[arg(long, value_enum, conflicts_with = "bundle")]
        form: Option<FormArg>,
    },
    /// Write the .jx source an archived PDF embeds, byte for byte (it
    /// never overwrites a file).
    Extract {
        /// The PDF made by `build --archive`.
        file: PathBuf,
        /// The file to write (default: beside the PDF, named after it), a
        /// folder for it, or - for stdout.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// The summary table of many evaluations, as data.
    Summary {
        /// The .jx files, or folders of them, to sum up.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// csv, json or xlsx.
        #[arg(long, value_enum, default_value = "csv")]
        format: SummaryFormat,
        /// Where to write it (required for xlsx; default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Print the Typst source of a file (or write it with -o); with
    /// --bundle, the source of the bundle of many files.
    Typst {
        /// The .jx files (one, or many with --bundle).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Write it to this file, or into this folder (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The source `build --bundle` compiles: a cover, a summary table, a
        /// table of contents and every evaluation.
        #[arg(long)]
        bundle: bool,
        /// The title of the bundle's cover.
        #[arg(long, requires = "bundle")]
        title: Option<String>,
    },
    /// Format files in place: one canonical layout, every comment kept,
    /// always written in UTF-8.
    Fmt {
        /// The .jx files, or folders of them, to format.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing: show what would change, exit 1 if anything would.
        #[arg(long)]
        check: bool,
        /// Rewrite the keywords into the Chinese or the English set.
        #[arg(long, value_enum)]
        keywords: Option<LangArg>,
        /// How lines end: as in the input (keep), or all LF or all CRLF.
        #[arg(long, value_enum, default_value = "keep")]
        line_ends: LineEndsArg,
        /// Write no byte order mark, even where the input has one.
        #[arg(long)]
        no_bom: bool,
    },
    /// Write a new evaluation with every category stubbed and a report
    /// outline (it never overwrites a file).
    Init {
        /// The file to write (default: the project name, made a valid file
        /// name on every system, else 自评; with .jx).
        file: Option<PathBuf>,
        /// 项目名称
        #[arg(long)]
        name: Option<String>,
        /// 年度 (default: last year)
        #[arg(long)]
        year: Option<u32>,
        /// The form template (表样) to write for: a built-in name (see
        /// `jixiao templates`) or a template file.
        #[arg(long)]
        template: Option<String>,
        /// The stage to start at: 申报表 (the targets only), 监控表 (with
        /// the monitoring figures) or 自评表 (the default).
        #[arg(long, value_enum)]
        form: Option<FormArg>,
    },
    /// Read a Word or Excel 自评表 (and the report after it) into a .jx
    /// file, and check it; a comment beside each value changed gives the
    /// original (it never overwrites a file).
    Import {
        /// The .docx or .xlsx (.doc and .xls through LibreOffice).
        file: PathBuf,
        /// The .jx to write, or a folder for it (default: beside the input,
        /// with .jx; `-o -` for stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// The built-in template to read the form as (see `jixiao
        /// templates`; default: the one whose labels fit best).
        #[arg(long)]
        template: Option<String>,
    },
    /// List the built-in form templates (表样).
    Templates,
    /// Rebuild the PDF on every save; a save with errors keeps the last good
    /// PDF. Stop with Ctrl-C.
    Watch {
        /// The .jx file to watch.
        file: PathBuf,
        /// The PDF to write, or a folder for it (default: next to the input).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Extra folder of fonts for typst.
        #[arg(long)]
        font_path: Vec<PathBuf>,
    },
    /// Show and edit a folder's evaluations in the browser: the overview,
    /// diagnostics, scores and PDFs (on this computer only; see
    /// docs/SERVE.md). Stop with Ctrl-C.
    Serve {
        /// The folder of .jx files, with its subfolders (default: the
        /// current folder).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The port to listen on (0: any free one).
        #[arg(long, default_value_t = 8421)]
        port: u16,
        /// Extra folder of fonts for typst.
        #[arg(long)]
        font_path: Vec<PathBuf>,
    },
    /// Check that the typst CLI and a Chinese font are there, and say what
    /// to do about anything missing.
    Doctor {
        /// Extra folder of fonts for typst.
        #[arg(long)]
        font_path: Vec<PathBuf>,
    },
    /// Run the language server on stdin and stdout, for editors (see
    /// docs/EDITORS.md): diagnostics as you type, hover with the computed
    /// scores, completion, formatting, outline and folding.
    Lsp,
    /// Print the JSON Schema of what `jixiao json` prints.
    Schema,
    /// Print a shell's completion script (bash, zsh, fish, powershell).
    Completions {
        /// Which shell.
        shell: clap_complete::Shell,
    },
    /// What changed in meaning between two evaluations (exit 0: the same
    /// meaning, 1: changes, 2: an error); formatting, comments and the
    /// language of the keywords are no change.
    Diff {
        /// The old .jx file, or a git revision (HEAD~1: NEW as it was then).
        old: PathBuf,
        /// The new .jx file.
        new: PathBuf,
        /// text for people, json for tools.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Print a file one figure or paragraph a line, for git diff
    /// (diff.jixiao.textconv; see docs/DIFF.md).
    Textconv {
        /// The .jx file.
        file: PathBuf,
    },
    /// Print the checked model with every computed figure, as JSON.
    Json {
        /// The .jx file.
        file: PathBuf,
        /// Write it to this file, or into this folder (default: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = cli::lang_in_args(&argv).unwrap_or_else(cli::default_lang);
    let args = match cli::localize(Args::command(), lang)
        .try_get_matches_from(&argv)
        .and_then(|matches| Args::from_arg_matches(&matches))
    {
        Ok(args) => args,
        Err(error) => return cli::usage_error(error, lang),
    };
    let chosen = args.lang.map(|l| match l {
        LangArg::Zh => Lang::Zh,
        LangArg::En => Lang::En,
    });
    let result = match args.command {
        Command::Check {
            files: _,
            changed: Some(rev),
            format,
            deny,
            form,
        } => cli::diff::changed(&rev).and_then(|files| {
            if files.is_empty() {
                eprintln!("{}", Message::NoneChanged(rev).text(lang));
                return Ok(ExitCode::SUCCESS);
            }
            check(&files, format, deny.is_some(), FormArg::form(form), lang)
        }),
        Command::Check {
            files,
            changed: None,
            format,
            deny,
            form,
        } => {
            // A folder stands for its .jx files; one without any is checked
            // as the path it is, so that it counts as a file that could not
            // be read while the others are still checked.
            let (empty, named): (Vec<PathBuf>, Vec<PathBuf>) = files
                .into_iter()
                .partition(|f| f.is_dir() && cli::batch::inputs(std::slice::from_ref(f)).is_err());
            cli::batch::inputs(&named).and_then(|mut inputs| {
                inputs.extend(empty);
                check(&inputs, format, deny.is_some(), FormArg::form(form), lang)
            })
        }
        Command::Diff { old, new, format } => {
            cli::diff::diff(&old, &new, format == Format::Json, lang)
        }
        Command::Textconv { file } => cli::diff::textconv(&file, lang),
        Command::Build {
            files,
            output,
            bundle,
            title,
            jobs,
            font_path,
            deny,
            archive,
            form,
        } => {
            let options = cli::batch::Options {
                font_paths: font_path,
                deny_warnings: deny.is_some(),
                archive,
                lang,
                form: FormArg::form(form),
                jobs: jobs
                    .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from)),
            };
            cli::batch::inputs(&files).and_then(|inputs| match (bundle, &inputs[..]) {
                (Some(out), _) => cli::batch::bundle(&inputs, &out, title, &options),
                (None, [one]) if files.len() == 1 && !files[0].is_dir() => {
                    build(one, output, &options)
                }
                (None, _) if output.is_some() => Err(Failure::input(Message::OutputWithMany)),
                (None, _) if archive => Err(Failure::input(Message::ArchiveOfMany)),
                (None, _) => cli::batch::build_all(&inputs, &options),
            })
        }
        Command::Summary {
            files,
            format,
            output,
        } => cli::batch::inputs(&files)
            .and_then(|inputs| summary(&inputs, format, output.as_deref(), lang)),
        Command::Fmt {
            files,
            check,
            keywords,
            line_ends,
            no_bom,
        } => {
            let keywords = match keywords {
                None => jixiao::fmt::Keywords::Keep,
                Some(LangArg::Zh) => jixiao::fmt::Keywords::Zh,
                Some(LangArg::En) => jixiao::fmt::Keywords::En,
            };
            let output = cli::Output {
                line_ends: match line_ends {
                    LineEndsArg::Keep => None,
                    LineEndsArg::Lf => Some(jixiao::source::LineEnds::Lf),
                    LineEndsArg::Crlf => Some(jixiao::source::LineEnds::Crlf),
                },
                keep_bom: !no_bom,
            };
            cli::batch::inputs(&files)
                .and_then(|inputs| cli::fmt(&inputs, check, keywords, output, lang))
        }
        Command::Init {
            file,
            name,
            year,
            template,
            form,
        } => init(file, name, year, template, FormArg::form(form), lang),
        Command::Import {
            file,
            output,
            template,
        } => cli::import::import(&file, output.as_deref(), template.as_deref(), lang),
        Command::Templates => {
            print!("{}", cli::templates_list(lang));
            Ok(ExitCode::SUCCESS)
        }
        Command::Watch {
            file,
            output,
            font_path,
        } => cli::watch::watch(&file, output, &font_path, lang),
        Command::Serve {
            dir,
            port,
            font_path,
        } => cli::serve::serve(&dir, port, font_path, chosen, lang),
        Command::Doctor { font_path } => Ok(cli::doctor::doctor(&font_path, lang)),
        Command::Lsp => cli::lsp::run(chosen, lang),
        Command::Schema => {
            print!("{}", jixiao::model::schema());
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions { shell } => {
            let mut command = cli::localize(Args::command(), lang);
            clap_complete::generate(shell, &mut command, "jixiao", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Typst {
            files,
            output,
            bundle: true,
            title,
        } => cli::batch::inputs(&files).and_then(|inputs| {
            let (source, _, _) =
                cli::batch::bundle_source(&inputs, output.as_deref(), title, false, lang, None)?;
            deliver(&inputs, output.as_deref(), &source)
        }),
        Command::Typst { files, output, .. } => match &files[..] {
            [file] if !file.is_dir() => compile(file, false, lang).and_then(|model| {
                let output = output.map(|o| cli::output_path(file, Some(&o), "typ"));
                deliver(&files, output.as_deref(), &jixiao::emit(&model))
            }),
            _ => Err(Failure::input(Message::TypstOfMany)),
        },
        Command::Json { file, output } => json(&file, output, lang),
        Command::Extract { file, output } => cli::extract(&file, output.as_deref(), lang),
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
/// Reads and checks one file, printing its diagnostics to stderr. With
/// `deny_warnings`, a warning fails like an error.
fn compile(path: &Path, deny_warnings: bool, lang: Lang) -> Result<jixiao::model::Model, Failure> {
    compile_keeping_bytes(path, deny_warnings, lang).map(|(model, _)| model)
}

/// [`compile`], with the file's bytes as read.
fn compile_keeping_bytes(
    path: &Path,
    deny_warnings: bool,
    lang: Lang,
) -> Result<(jixiao::model::Model, Vec<u8>), Failure> {
    let checked = cli::check_file(path, deny_warnings, lang)?;
    let _ = std::io::stderr().write_all(checked.report.as_bytes());
    match checked.model {
        Some(model) => Ok((model, checked.bytes)),
        None => Err(Failure::silent_input()),
    }
}

/// Checks the files on every core, printing each file's diagnostics in the
/// order of the files as soon as it and those before it are checked.
fn check(
    files: &[PathBuf],
    format: Format,
    deny_warnings: bool,
    form: jixiao::template::Form,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let (mut errors, mut warnings) = (0, 0);
    let mut json = Vec::new();
    // The worst exit code of a file that could not be read, and how many.
    let (mut unreadable, mut unread) = (0, 0);
    let jobs = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (send, results) = std::sync::mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let send = send.clone();
            let next = &next;
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(path) = files.get(i) else { break };
                    if send.send((i, check_one(path, format, form, lang))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(send);
        // Results come in any order; each is printed when its turn comes.
        let mut waiting = std::collections::BTreeMap::new();
        let mut turn = 0;
        for (i, result) in results {
            waiting.insert(i, result);
            while let Some(one) = waiting.remove(&turn) {
                turn += 1;
                let one: FileChecked = one;
                errors += one.errors;
                warnings += one.warnings;
                if let Some(code) = one.unreadable {
                    unreadable = unreadable.max(code);
                    unread += 1;
                }
                let _ = std::io::stderr().write_all(one.text.as_bytes());
                json.extend(one.json);
            }
        }
    });
    match format {
        Format::Text if unread > 0 => eprintln!(
            "{}",
            Message::CheckedSome {
                summary: diag::summary(errors, warnings, lang),
                unread
            }
            .text(lang)
        ),
        Format::Text => eprintln!("{}", diag::summary(errors, warnings, lang)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("diagnostics serialise")
        ),
    }
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    Ok(ExitCode::from(unreadable.max(u8::from(failed))))
}

/// What checking one file gave, to be printed in the order of the files.
struct FileChecked {
    errors: usize,
    warnings: usize,
    /// The exit code of a file that could not be read.
    unreadable: Option<u8>,
    /// What goes to stderr.
    text: String,
    json: Vec<diag::JsonDiagnostic>,
}

fn check_one(path: &Path, format: Format, form: jixiao::template::Form, lang: Lang) -> FileChecked {
    let source = match cli::read_source(path) {
        Ok(s) => s,
        Err(failure) => {
            // A file that cannot be checked is an error of the run.
            return FileChecked {
                errors: 1,
                warnings: 0,
                unreadable: Some(failure.code()),
                text: failure.render(lang).map(|t| t + "\n").unwrap_or_default(),
                json: Vec::new(),
            };
        }
    };
    let checked =
        jixiao::compile_source_for(&source, &cli::template_loader(cli::dir_of(path)), form);
    // A template file's problems count as the file's.
    let (errors, warnings) = (
        checked.count(Severity::Error),
        checked.count(Severity::Warning),
    );
    let (text, json) = match format {
        Format::Text => (
            cli::render_checked(path, &source.text, &checked, &checked.diagnostics, lang),
            Vec::new(),
        ),
        Format::Json => {
            let mut json = diag::render_json(
                &checked.diagnostics,
                &path.display().to_string(),
                &source.text,
                lang,
            );
            if let Some(p) = &checked.template_problems {
                json.extend(diag::render_json(
                    &p.diagnostics,
                    &p.origin,
                    &p.source,
                    lang,
                ));
            }
            (String::new(), json)
        }
    };
    FileChecked {
        errors,
        warnings,
        unreadable: None,
        text,
        json,
    }
}

/// Writes `text` to `output` (atomically), or to stdout when there is none.
/// `jixiao json`: the model; for a file with errors, every figure that
/// could be computed with the diagnostics, and exit 1.
fn json(file: &Path, output: Option<PathBuf>, lang: Lang) -> Result<ExitCode, Failure> {
    let source = cli::read_source(file)?;
    let checked = jixiao::compile_source(&source, &cli::template_loader(cli::dir_of(file)));
    let shown = cli::shown(&checked.diagnostics);
    let report = cli::render_diagnostics(file, &source.text, &shown, lang);
    let _ = std::io::stderr().write_all(report.as_bytes());
    let output_json = checked.output(&file.display().to_string(), &source.text, lang);
    let mut json = serde_json::to_string_pretty(&output_json).expect("the output serialises");
    json.push('\n');
    let output = output.map(|o| cli::output_path(file, Some(&o), "json"));
    deliver(&[file.to_path_buf()], output.as_deref(), &json)?;
    match checked.model {
        Some(_) => Ok(ExitCode::SUCCESS),
        None => Err(Failure::silent_input()),
    }
}

fn deliver(inputs: &[PathBuf], output: Option<&Path>, text: &str) -> Result<ExitCode, Failure> {
    match output {
        None => {
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
        Some(out) => cli::write_atomically(inputs, out, text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Builds one file, printing its diagnostics as they come.
fn build(
    file: &Path,
    output: Option<PathBuf>,
    options: &cli::batch::Options,
) -> Result<ExitCode, Failure> {
    let output = cli::output_path(file, output.as_deref(), &cli::pdf_extension(options.form));
    cli::refuse_overwriting_inputs(&[file.to_path_buf()], &output)?;
    let checked = cli::check_file_for(file, options.deny_warnings, options.lang, options.form)?;
    let _ = std::io::stderr().write_all(checked.report.as_bytes());
    let (model, bytes) = match checked.model {
        Some(model) => (model, checked.bytes),
        None => return Err(Failure::silent_input()),
    };
    let source = jixiao::emit(&model);
    let timestamp = cli::typst::creation_timestamp(&model);
    let archive = options
        .archive
        .then(|| cli::typst::Archive::of(file, bytes, &model));
    let warnings = cli::typst::render_pdf(
        &source,
        timestamp,
        &output,
        &options.font_paths,
        archive.as_ref(),
        cli::typst::Tags::Written,
    )?;
    for w in warnings {
        eprintln!("typst: {w}");
    }
    eprintln!("{}", Message::Wrote(output).text(options.lang));
    Ok(ExitCode::SUCCESS)
}

fn summary(
    files: &[PathBuf],
    format: SummaryFormat,
    output: Option<&Path>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if let Some(out) = output {
        cli::refuse_overwriting_inputs(files, out)?;
    }
    let mut models = Vec::new();
    let mut failed = false;
    for path in files {
        match compile(path, false, lang) {
            Ok(model) => models.push(model),
            Err(failure) => {
                if let Some(text) = failure.render(lang) {
                    eprintln!("{text}");
                }
                failed = true;
            }
        }
    }
    if failed {
        return Err(Failure::silent_input());
    }
    let summary = jixiao::summary::summarize(&models.iter().collect::<Vec<_>>()).map_err(|_| {
        Failure::input(Message::TotalsOverflow {
            files: models.len(),
        })
    })?;
    let bytes = match format {
        SummaryFormat::Csv => cli::summary::csv(&summary).into_bytes(),
        SummaryFormat::Json => {
            let mut json = serde_json::to_string_pretty(&summary).expect("summary serialises");
            json.push('\n');
            json.into_bytes()
        }
        SummaryFormat::Xlsx => {
            if output.is_none() {
                return Err(Failure::input(Message::XlsxNeedsOutput));
            }
            cli::summary::xlsx(&summary)?
        }
    };
    match output {
        Some(out) => cli::write_atomically(files, out, &bytes)?,
        None => {
            let _ = std::io::stdout().write_all(&bytes);
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn init(
    file: Option<PathBuf>,
    name: Option<String>,
    year: Option<u32>,
    template: Option<String>,
    stage: jixiao::template::Form,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let file = file.unwrap_or_else(|| {
        let stem = name
            .as_deref()
            .map_or("自评".into(), cli::paths::safe_file_name);
        PathBuf::from(format!("{stem}.jx"))
    });
    if file.exists() {
        return Err(Failure::input(Message::Exists(file)));
    }
    let year = year.unwrap_or_else(|| cli::current_year() - 1);
    if !cli::YEARS.contains(&year) {
        return Err(Failure::input(Message::YearOutOfRange(year)));
    }
    let form = cli::template_for_init(template.as_deref(), &file, lang)?;
    let name = name.unwrap_or_else(|| jixiao::ast::PLACEHOLDER.to_string());
    let text = jixiao::init::template(&name, year, &form, stage);
    cli::write_atomically(&[], &file, text.as_bytes())?;
    eprintln!("{}", Message::Wrote(file).text(lang));
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every command and every argument has its Chinese help.
    fn all_in_chinese(command: &clap::Command) {
        let name = command.get_name();
        assert!(cli::zh_help(name, None).is_some(), "{name}");
        for arg in command.get_arguments() {
            let id = arg.get_id().as_str();
            assert!(cli::zh_help(name, Some(id)).is_some(), "{name} {id}");
        }
        for sub in command.get_subcommands() {
            all_in_chinese(sub);
        }
    }

    #[test]
    fn the_help_exists_in_chinese() {
        all_in_chinese(&Args::command());
        let help = cli::localize(Args::command(), Lang::Zh)
            .find_subcommand_mut("fmt")
            .expect("fmt")
            .render_help()
            .to_string();
        assert!(help.contains("用法：jixiao fmt [OPTIONS]"), "{help}");
        assert!(help.contains("换行符：与输入相同"), "{help}");
        assert!(help.contains("显示帮助"), "{help}");
    }
}
