//! Many files at once: parallel builds with a progress line, and bundles.

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jixiao::diag::Lang;

use super::typst::{
    Archive, Rendered, Tags, creation_timestamp, has_bundle_export, render_pdf, render_pdfs,
};
use super::{Failure, Message, check_file, check_file_for, identity, refuse_overwriting_inputs};

pub struct Options {
    pub font_paths: Vec<PathBuf>,
    pub deny_warnings: bool,
    pub lang: Lang,
    pub jobs: usize,
    /// `--archive`: PDF/A-3u embedding the sources.
    pub archive: bool,
    /// The form each file is built as.
    pub form: jixiao::template::Form,
}

/// The files named, with folders replaced by the `.jx` files in them (and
/// their subfolders), sorted. Each file is listed once however many ways it
/// is reached (named twice, inside a named folder, through symlinks), and a
/// symlinked folder that leads back into the walk is not walked again.
pub fn inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut walk = Walk::default();
    for path in paths {
        if path.is_dir() {
            if !walk.folder(path)? {
                return Err(Failure::input(Message::NoInput(path.clone())));
            }
        } else {
            walk.file(path.clone());
        }
    }
    Ok(walk.files)
}

/// The files found so far, and what was visited, by canonical path.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    seen_files: HashSet<PathBuf>,
    seen_folders: HashSet<PathBuf>,
}

impl Walk {
    fn file(&mut self, path: PathBuf) {
        if self.seen_files.insert(identity(&path)) {
            self.files.push(path);
        }
    }

    /// Walks a folder unless it was walked already; whether it holds a
    /// `.jx` file (one found before counts).
    fn folder(&mut self, dir: &Path) -> Result<bool, Failure> {
        if !self.seen_folders.insert(identity(dir)) {
            return Ok(true);
        }
        let entries =
            std::fs::read_dir(dir).map_err(|e| Failure::io(Message::Read(dir.into()), e))?;
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        let mut found = false;
        for path in paths {
            if path.is_dir() {
                found |= self.folder(&path)?;
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("jx"))
            {
                self.file(path);
                found = true;
            }
        }
        Ok(found)
    }
}

/// The PDF each file of a batch writes beside it. Refused before anything
/// is built when one would replace an input, or when several inputs
/// (`a.jx`, `a`, `a.txt`) would write the same PDF.
fn outputs(files: &[PathBuf], form: jixiao::template::Form) -> Result<Vec<PathBuf>, Failure> {
    let inputs: HashSet<PathBuf> = files.iter().map(|f| identity(f)).collect();
    let extension = super::pdf_extension(form);
    let outputs: Vec<PathBuf> = files.iter().map(|f| f.with_extension(&extension)).collect();
    let mut writers: HashMap<PathBuf, Vec<usize>> = HashMap::new();
    for (i, output) in outputs.iter().enumerate() {
        let target = identity(output);
        if inputs.contains(&target) {
            return Err(Failure::input(Message::OutputIsInput(output.clone())));
        }
        writers.entry(target).or_default().push(i);
    }
    let mut collisions: Vec<&Vec<usize>> = writers.values().filter(|w| w.len() > 1).collect();
    if collisions.is_empty() {
        return Ok(outputs);
    }
    collisions.sort();
    let collisions = collisions
        .into_iter()
        .map(|w| {
            let inputs = w.iter().map(|&i| files[i].clone()).collect();
            (outputs[w[0]].clone(), inputs)
        })
        .collect();
    Err(Failure::input(Message::SameOutput(collisions)))
}

/// What building one file of a batch gave.
struct Outcome {
    built: bool,
    warnings: usize,
    /// Diagnostics and messages, printed whole so that files do not mix.
    text: String,
}

/// A checked file of a batch, ready for typst.
struct Ready {
    source: String,
    timestamp: i64,
    warnings: usize,
    /// Its diagnostics so far.
    text: String,
}

/// At most this many files go to one typst run, which holds them all in
/// memory at once (about 5 MB each for the corpus of `benches/scale.sh`).
const CHUNK: usize = 25;

/// How many files each typst run of a batch of `total` compiles: one when
/// the installed typst has no bundle export (or `total` is one), else
/// enough for every job to have a run, at most [`CHUNK`].
fn chunk_size(total: usize, jobs: usize) -> usize {
    if total < 2 || !has_bundle_export() {
        return 1;
    }
    total.div_ceil(jobs.max(1)).clamp(1, CHUNK)
}

/// Checks one file: its outcome when it cannot be built, else what typst
/// needs.
fn check_one(path: &Path, options: &Options) -> Result<Ready, Outcome> {
    let lang = options.lang;
    let checked =
        check_file_for(path, options.deny_warnings, lang, options.form).map_err(|f| Outcome {
            built: false,
            warnings: 0,
            text: f.render(lang).unwrap_or_default() + "\n",
        })?;
    match checked.model {
        Some(model) => Ok(Ready {
            source: jixiao::emit(&model),
            timestamp: creation_timestamp(&model),
            warnings: checked.warnings,
            text: checked.report,
        }),
        None => Err(Outcome {
            built: false,
            warnings: checked.warnings,
            text: checked.report,
        }),
    }
}

/// The outcome of a checked file once typst has run.
fn finish(ready: Ready, rendered: Rendered, lang: Lang) -> Outcome {
    let mut text = ready.text;
    let built = match rendered {
        Ok(warnings) => {
            for w in warnings {
                text.push_str(&format!("typst: {w}\n"));
            }
            true
        }
        Err(f) => {
            text.push_str(&f.render(lang).unwrap_or_default());
            text.push('\n');
            false
        }
    };
    Outcome {
        built,
        warnings: ready.warnings,
        text,
    }
}

/// Builds a chunk of a batch: checks each file, then compiles those without
/// errors in one typst run ([`render_pdfs`]). When that run fails as a
/// whole, each file is compiled alone, so that only the file at fault
/// fails.
fn build_chunk(work: &[(&PathBuf, &PathBuf)], options: &Options) -> Vec<Outcome> {
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(work.len());
    let mut ready = Vec::new();
    for (i, &(path, output)) in work.iter().enumerate() {
        match check_one(path, options) {
            Ok(r) => {
                ready.push((i, output, r));
                outcomes.push(None);
            }
            Err(outcome) => outcomes.push(Some(outcome)),
        }
    }
    let together = match &ready[..] {
        [] | [_] => None,
        _ => {
            let documents: Vec<(String, &Path)> = ready
                .iter_mut()
                .map(|(_, output, r)| (std::mem::take(&mut r.source), output.as_path()))
                .collect();
            let timestamp = ready.iter().map(|(_, _, r)| r.timestamp).max();
            let rendered = render_pdfs(&documents, timestamp.unwrap_or(0), &options.font_paths);
            // On failure the sources go back, to be compiled one by one.
            for ((_, _, r), (source, _)) in ready.iter_mut().zip(documents) {
                r.source = source;
            }
            rendered.ok()
        }
    };
    match together {
        Some(rendered) => {
            for ((i, _, r), rendered) in ready.into_iter().zip(rendered) {
                outcomes[i] = Some(finish(r, rendered, options.lang));
            }
        }
        None => {
            for (i, output, r) in ready {
                let rendered = render_pdf(
                    &r.source,
                    r.timestamp,
                    output,
                    &options.font_paths,
                    None,
                    Tags::Written,
                );
                outcomes[i] = Some(finish(r, rendered, options.lang));
            }
        }
    }
    outcomes
        .into_iter()
        .map(|o| o.expect("every file has an outcome"))
        .collect()
}

/// Builds every file next to its input, going on past failures; a progress
/// line on a terminal, a summary at the end. The files go to typst in
/// chunks ([`chunk_size`]), `jobs` chunks at a time.
pub fn build_all(files: &[PathBuf], options: &Options) -> Result<ExitCode, Failure> {
    let outputs = outputs(files, options.form)?;
    let work: Vec<(&PathBuf, &PathBuf)> = files.iter().zip(&outputs).collect();
    let chunks: Vec<&[(&PathBuf, &PathBuf)]> =
        work.chunks(chunk_size(work.len(), options.jobs)).collect();
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let totals = Mutex::new((0usize, 0usize, 0usize)); // built, failed, warnings
    let terminal = std::io::stderr().is_terminal();
    let total = files.len();
    std::thread::scope(|scope| {
        for _ in 0..options.jobs.clamp(1, chunks.len().max(1)) {
            scope.spawn(|| {
                while let Some(chunk) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
                    let outcomes = build_chunk(chunk, options);
                    let finished = done.fetch_add(chunk.len(), Ordering::Relaxed) + chunk.len();
                    let mut totals = totals.lock().expect("no thread panics holding it");
                    let mut err = std::io::stderr().lock();
                    if terminal {
                        // Clear the progress line, print, then redraw it.
                        let _ = write!(err, "\r\x1b[2K");
                    }
                    for (&(path, _), outcome) in chunk.iter().zip(&outcomes) {
                        if outcome.built {
                            totals.0 += 1;
                        } else {
                            totals.1 += 1;
                        }
                        totals.2 += outcome.warnings;
                        let _ = err.write_all(outcome.text.as_bytes());
                        if !outcome.built && outcome.text.is_empty() {
                            let _ = writeln!(err, "{}", path.display());
                        }
                    }
                    if terminal && let Some((path, _)) = chunk.last() {
                        let bar = progress_bar(finished, total);
                        let _ = write!(err, "{bar} {finished}/{total} {}", path.display());
                        let _ = err.flush();
                    }
                }
            });
        }
    });
    let (built, failed, warnings) = totals.into_inner().expect("no thread panicked");
    if terminal {
        eprint!("\r\x1b[2K");
    }
    eprintln!(
        "{}",
        Message::Built {
            built,
            failed,
            warnings
        }
        .text(options.lang)
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn progress_bar(done: usize, total: usize) -> String {
    const WIDTH: usize = 24;
    let filled = done * WIDTH / total.max(1);
    format!("[{}{}]", "#".repeat(filled), "-".repeat(WIDTH - filled))
}

/// One PDF of all the files, compiled in one typst run. Any file with
/// errors stops the bundle: it must not leave a project out.
pub fn bundle(
    files: &[PathBuf],
    output: &Path,
    title: Option<String>,
    options: &Options,
) -> Result<ExitCode, Failure> {
    let mut archive = options.archive.then(Archive::default);
    let (source, timestamp, title) = bundle_source(
        files,
        Some(output),
        title,
        options.deny_warnings,
        options.lang,
        archive.as_mut(),
    )?;
    // Into a folder: a file named after the title, which must not be an
    // input either.
    let output = &super::bundle_path(output, &title);
    refuse_overwriting_inputs(files, output)?;
    for w in render_pdf(
        &source,
        timestamp,
        output,
        &options.font_paths,
        archive.as_ref(),
        Tags::Omitted,
    )? {
        eprintln!("typst: {w}");
    }
    eprintln!("{}", Message::Wrote(output.into()).text(options.lang));
    Ok(ExitCode::SUCCESS)
}

/// The Typst source of the bundle of `files` (to be written to `output`,
/// which must be none of them), its creation timestamp and its title. Every
/// file is checked, its diagnostics printed; any file with errors stops the
/// bundle. Each file's bytes go into `sources` when given.
pub fn bundle_source(
    files: &[PathBuf],
    output: Option<&Path>,
    title: Option<String>,
    deny_warnings: bool,
    lang: Lang,
    mut sources: Option<&mut Archive>,
) -> Result<(String, i64, String), Failure> {
    let mut models = Vec::with_capacity(files.len());
    let mut failed = 0;
    if let Some(output) = output {
        refuse_overwriting_inputs(files, output)?;
    }
    for path in files {
        let checked = check_file(path, deny_warnings, lang)?;
        let _ = std::io::stderr().write_all(checked.report.as_bytes());
        if let Some(archive) = sources.as_deref_mut() {
            archive.add(path, checked.bytes);
        }
        match checked.model {
            Some(model) => models.push(model),
            None => failed += 1,
        }
    }
    if failed > 0 {
        return Err(Failure::input(Message::BundleFailed { failed }));
    }
    let refs: Vec<&jixiao::model::Model> = models.iter().collect();
    let title = title.unwrap_or_else(|| default_title(&refs));
    let source = jixiao::emit_bundle(&refs, &title)
        .map_err(|_| Failure::input(Message::TotalsOverflow { files: refs.len() }))?;
    let timestamp = refs
        .iter()
        .map(|m| creation_timestamp(m))
        .max()
        .unwrap_or(0);
    Ok((source, timestamp, title))
}

/// `2022年度项目支出绩效自评汇编`, or without the year when they differ.
pub fn default_title(models: &[&jixiao::model::Model]) -> String {
    let first = models.first().map(|m| m.evaluation.year);
    match first {
        Some(year) if models.iter().all(|m| m.evaluation.year == year) => {
            format!("{year}年度项目支出绩效自评汇编")
        }
        _ => "项目支出绩效自评汇编".to_string(),
    }
}
