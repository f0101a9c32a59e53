//! `jixiao watch`: rebuild the PDF on every save of the `.jx` file.
//!
//! jixiao writes the generated Typst source into a private folder that a
//! long-running `typst watch` compiles, so typst and its fonts stay loaded
//! and a save shows in the PDF in a fraction of a second. A save with errors
//! shows its diagnostics and leaves the last good PDF as it is.
//!
//! A save is seen by a file event (notify) on the file's folder, so that an
//! editor that saves by writing another file and renaming it over this one,
//! or a file deleted and written again, is seen too; then the file's
//! modification time and size tell whether it changed. The events are a
//! hint, never trusted alone: the file is also looked at every second, so
//! a save is built even where events do not come (a network folder, a
//! folder removed and made again, a watcher that could not start). The
//! files the last build read besides it (a template file, the project
//! files a 部门整体 sheet lists) are looked at every second as well.
//!
//! Nothing ends the watch but Ctrl-C or a termination signal: a file that
//! is missing, unreadable or not UTF-8, a failure to publish the source, a
//! typst that is missing or stops — each is printed, and the next save is
//! built again (typst is started again when it is needed).

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant, SystemTime};

use notify::{RecursiveMode, Watcher};

use jixiao::diag::Lang;

use super::typst::{creation_timestamp, executable};
use jixiao::template::Form;

use super::{Failure, Message, check_file_reading, guarded, refuse_overwriting_inputs};

/// Kills typst when jixiao stops.
struct Typst(Child);

impl Drop for Typst {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// What tells one save from the next: the modification time and the size
/// (a file written again within the clock's resolution usually differs in
/// size); `None` while the file cannot be read.
fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.modified().ok()?, metadata.len()))
}

/// Writes the Typst source where typst watches it, whole or not at all.
fn publish(root: &Path, source: &str) -> std::io::Result<()> {
    let staging = root.join("main.typ.tmp");
    std::fs::write(&staging, source)?;
    std::fs::rename(&staging, root.join("main.typ"))
}

pub fn watch(
    file: &Path,
    output: Option<PathBuf>,
    font_paths: &[PathBuf],
    lang: Lang,
) -> Result<ExitCode, Failure> {
    let output = super::output_path(file, output.as_deref(), "pdf");
    refuse_overwriting_inputs(&[file.to_path_buf()], &output)?;
    let root = tempfile::Builder::new()
        .prefix("jixiao-watch-")
        .tempdir()
        .map_err(|e| Failure::io(Message::Write(output.clone()), e))?;
    let mut typst: Option<Typst> = None;
    // The stamps of the file and of the files it read (templates, listed
    // projects) when last built (`None` before the first).
    let mut seen = None;
    let mut read: Vec<PathBuf> = Vec::new();
    // Ctrl-C or a termination signal ends the loop, so that typst is
    // stopped and the private folder removed.
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || flag.store(true, Ordering::SeqCst));
    let (events, _watcher) = watch_folder(file);
    // Whether an event named the file since it was last built: it is built
    // again even when its time and size are the same (two saves within
    // the clock's resolution, of the same length).
    let mut event = false;
    while !stop.load(Ordering::SeqCst) {
        let now = Some((stamp(file), stamps(&read)));
        if event || now != seen {
            let outcome = guarded(|| {
                rebuild(
                    file,
                    &output,
                    root.path(),
                    &mut typst,
                    font_paths,
                    lang,
                    &mut read,
                )
            });
            // The files read this time, as they were read.
            seen = now.map(|(own, _)| (own, stamps(&read)));
            match outcome {
                Some(Ok(())) => {}
                Some(Err(failure)) => {
                    eprintln!("{}", failure.render(lang).unwrap_or_default());
                    eprintln!("{}", Message::StillWatching.text(lang));
                }
                // A panic (a bug) has printed its message already.
                None => eprintln!("{}", Message::StillWatching.text(lang)),
            }
        }
        // Until an event or the next look; every tenth of a second, whether
        // typst stopped or Ctrl-C was pressed.
        let looked = Instant::now();
        event = false;
        while !stop.load(Ordering::SeqCst) && looked.elapsed() < LOOK {
            if next_event(&events, TICK) {
                event = true;
                break;
            }
            if let Some(t) = typst.as_mut()
                && let Ok(Some(status)) = t.0.try_wait()
            {
                typst = None;
                let failure = Failure::environment(Message::TypstFailed {
                    status: status.to_string(),
                    stderr: String::new(),
                    version: None,
                });
                eprintln!("{}", failure.render(lang).unwrap_or_default());
                eprintln!("{}", Message::StillWatching.text(lang));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The stamps of the files a build read besides the file.
fn stamps(paths: &[PathBuf]) -> Vec<Option<(SystemTime, u64)>> {
    paths.iter().map(|p| stamp(p)).collect()
}

/// How often the file is looked at without an event.
const LOOK: Duration = Duration::from_secs(1);
/// How often typst and Ctrl-C are looked at.
const TICK: Duration = Duration::from_millis(100);

/// Events on the folder of `file`, and the watcher sending them (it stops
/// when dropped). Without a watcher no event comes, and the file is looked
/// at every [`LOOK`].
fn watch_folder(file: &Path) -> (Receiver<()>, Option<notify::RecommendedWatcher>) {
    let (send, events) = channel();
    let folder = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = file.file_name().map(|n| n.to_os_string());
    let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        // Changes that name the file, or name nothing (an overflow, an
        // error); not those of the folder's other files, nor reading it
        // (jixiao's own reading would be a save without end).
        let about_file = event.map_or(true, |e| {
            !matches!(e.kind, notify::EventKind::Access(_))
                && (e.paths.is_empty() || e.paths.iter().any(|p| p.file_name() == name.as_deref()))
        });
        if about_file {
            let _ = send.send(());
        }
    })
    .and_then(|mut w| w.watch(folder, RecursiveMode::NonRecursive).map(|()| w))
    .ok();
    (events, watcher)
}

/// Waits up to `limit` for an event; true when one came. The events that
/// follow within a few milliseconds (a save is several: create, write,
/// close, rename) are taken with it, so that the file is read once written.
fn next_event(events: &Receiver<()>, limit: Duration) -> bool {
    match events.recv_timeout(limit) {
        Ok(()) => {}
        Err(RecvTimeoutError::Timeout) => return false,
        Err(RecvTimeoutError::Disconnected) => {
            std::thread::sleep(limit);
            return false;
        }
    }
    let started = Instant::now();
    while started.elapsed() < Duration::from_millis(50)
        && events.recv_timeout(Duration::from_millis(5)).is_ok()
    {}
    true
}

/// Checks the file and, when it has no error, publishes its Typst source
/// (starting typst if it is not running). Diagnostics are printed here; a
/// failure is returned to be printed.
fn rebuild(
    file: &Path,
    output: &Path,
    root: &Path,
    typst: &mut Option<Typst>,
    font_paths: &[PathBuf],
    lang: Lang,
    read: &mut Vec<PathBuf>,
) -> Result<(), Failure> {
    let reading = std::cell::RefCell::default();
    let checked = check_file_reading(file, false, lang, Form::Evaluation, &reading);
    *read = reading.into_inner();
    let checked = checked?;
    let mut err = std::io::stderr().lock();
    let _ = err.write_all(checked.report.as_bytes());
    let Some(model) = checked.model else {
        let _ = writeln!(err, "{}", Message::KeptLastPdf.text(lang));
        return Ok(());
    };
    let source = jixiao::emit(&model);
    publish(root, &source).map_err(|e| Failure::io(Message::Write(root.into()), e))?;
    if typst.is_none() {
        let stamp = creation_timestamp(&model);
        *typst = Some(start(root, output, stamp, font_paths)?);
    }
    let _ = writeln!(err, "{}", Message::Updated(output.into()).text(lang));
    Ok(())
}

/// Starts `typst watch`, passing on what it says but the expected
/// unknown-font warnings.
fn start(root: &Path, output: &Path, stamp: i64, font_paths: &[PathBuf]) -> Result<Typst, Failure> {
    let mut command = Command::new(executable());
    command
        .arg("watch")
        .arg("--root")
        .arg(root)
        .args(["--format", "pdf", "--diagnostic-format", "short"])
        .arg("--creation-timestamp")
        .arg(stamp.to_string());
    for dir in font_paths {
        command.arg("--font-path").arg(dir);
    }
    let mut child = command
        .arg(root.join("main.typ"))
        .arg(output)
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Failure::environment(Message::TypstMissing)
            } else {
                Failure::io(Message::Read(executable()), e)
            }
        })?;
    let stderr = child.stderr.take().expect("stderr is piped");
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // Fonts typst does not know are expected (the lists name fonts
            // of every system); its status lines are noise here.
            if line.contains(": error:") {
                eprintln!("typst: {line}");
            }
        }
    });
    Ok(Typst(child))
}
