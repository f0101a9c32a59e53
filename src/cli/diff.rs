//! `jixiao diff`, `jixiao textconv` and `check --changed`: what changed in
//! meaning, between two files or a file and a git revision of it.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use jixiao::diag::{self, Lang, Severity};
use jixiao::source::Source;

use super::{Failure, Message};

/// One side of a comparison: its text and how to name it.
struct Side {
    name: String,
    source: Source,
    /// The folder its template files are read from.
    dir: PathBuf,
}

/// `jixiao diff OLD NEW`: 0 when they mean the same, 1 when they differ, 2
/// when one cannot be read or does not check. OLD may be a git revision
/// (when no file has that name): the text of NEW in that revision.
pub fn diff(old: &Path, new: &Path, json: bool, lang: Lang) -> Result<ExitCode, Failure> {
    let new_side = Side {
        name: new.display().to_string(),
        source: super::read_source(new).map_err(Failure::stop)?,
        dir: super::dir_of(new).to_path_buf(),
    };
    let old_side = if old.is_file() {
        Side {
            name: old.display().to_string(),
            source: super::read_source(old).map_err(Failure::stop)?,
            dir: super::dir_of(old).to_path_buf(),
        }
    } else {
        from_revision(old, new)?
    };
    let (Some(old_model), Some(new_model)) = (model(&old_side, lang), model(&new_side, lang))
    else {
        return Err(Failure::environment(Message::DiffBroken));
    };
    let diff = jixiao::diff::diff(&old_model, &new_model);
    let text = if json {
        let mut text = serde_json::to_string_pretty(&diff).expect("a diff serialises");
        text.push('\n');
        text
    } else if diff.same {
        jixiao::diff::render(&diff, lang)
    } else {
        format!(
            "{} → {}\n\n{}",
            old_side.name,
            new_side.name,
            jixiao::diff::render(&diff, lang)
        )
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::from(u8::from(!diff.same)))
}

/// The model of one side; `None` after printing its diagnostics as
/// `check` prints them, when it has errors.
fn model(side: &Side, lang: Lang) -> Option<jixiao::model::Model> {
    let checked = jixiao::compile_source(&side.source, &super::template_loader(&side.dir));
    if checked.model.is_some() {
        return checked.model;
    }
    let path = Path::new(&side.name);
    let report = super::render_checked(
        path,
        &side.source.text,
        &checked,
        &checked.diagnostics,
        lang,
    );
    let mut err = std::io::stderr();
    let _ = err.write_all(report.as_bytes());
    let _ = writeln!(
        err,
        "{}",
        diag::summary(
            checked.count(Severity::Error),
            checked.count(Severity::Warning),
            lang
        )
    );
    None
}

/// The text of `file` in git revision `rev`.
fn from_revision(rev: &Path, file: &Path) -> Result<Side, Failure> {
    let dir = super::dir_of(file);
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let rev_text = rev.to_string_lossy().into_owned();
    let verify = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev_text}^{{commit}}"),
        ],
    )
    .map_err(|e| match e {
        // Not a file, and no git to ask whether it is a revision.
        Git::Missing => Failure::environment(Message::NotFileNoGit(rev.to_path_buf())),
        other => other.into(),
    })?;
    if !verify.status.success() {
        return Err(Failure::environment(Message::NotFileNorRevision(
            rev.to_path_buf(),
        )));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    // `REV:./name` is the file's path from the repository's root.
    let show = git(dir, &["show", &format!("{rev_text}:./{name}")])?;
    if !show.status.success() {
        let why = String::from_utf8_lossy(&show.stderr).trim().to_string();
        return Err(Failure::environment(Message::NotInRevision {
            rev: rev_text,
            path: file.to_path_buf(),
            why,
        }));
    }
    let source = jixiao::source::decode(&show.stdout).map_err(|e| {
        Failure::environment(Message::NotText {
            path: PathBuf::from(format!("{rev_text}:{}", file.display())),
            encoding: e.encoding,
            offset: e.offset,
            line: e.line,
        })
    })?;
    Ok(Side {
        name: format!("{rev_text}:{}", file.display()),
        source,
        dir: dir.to_path_buf(),
    })
}

/// Why git could not be run.
enum Git {
    Missing,
    Failed(String, std::io::Error),
}

impl From<Git> for Failure {
    fn from(e: Git) -> Failure {
        match e {
            Git::Missing => Failure::environment(Message::GitMissing),
            Git::Failed(command, e) => Failure::io(Message::GitFailed(command), e),
        }
    }
}

/// Runs git in `dir`.
fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, Git> {
    Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => Git::Missing,
            _ => Git::Failed(args.join(" "), e),
        })
}

/// Runs git in the current folder and gives its output, failing with its
/// message when it fails.
fn git_lines(args: &[&str]) -> Result<Vec<String>, Failure> {
    let out = git(Path::new("."), args)?;
    if !out.status.success() {
        return Err(Failure::environment(Message::GitError {
            command: args.join(" "),
            stderr: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        }));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect())
}

/// `check --changed REV`: the .jx files of the repository that differ
/// from REV (staged or not, deleted ones aside) and the untracked ones,
/// as paths from the current folder, each once, in git's order.
pub fn changed(rev: &str) -> Result<Vec<PathBuf>, Failure> {
    let verify = git_lines(&[
        "rev-parse",
        "--verify",
        "--quiet",
        &format!("{rev}^{{commit}}"),
    ]);
    if verify.is_err() {
        // Outside a repository, or REV names no commit.
        let message = match git_lines(&["rev-parse", "--show-toplevel"]) {
            Ok(_) => Message::NotARevision(rev.to_string()),
            Err(_) => Message::NotInRepository,
        };
        return Err(Failure::environment(message));
    }
    let up = git_lines(&["rev-parse", "--show-cdup"])?;
    let up = PathBuf::from(up.first().map_or("", String::as_str));
    let mut files = git_lines(&[
        "diff",
        "--name-only",
        "--diff-filter=d",
        rev,
        "--",
        ":(top)*.jx",
    ])?;
    files.extend(git_lines(&[
        "ls-files",
        "--others",
        "--exclude-standard",
        "--full-name",
        "--",
        ":(top)*.jx",
    ])?);
    let mut seen = std::collections::BTreeSet::new();
    Ok(files
        .into_iter()
        .filter(|f| seen.insert(f.clone()))
        .map(|f| up.join(f))
        .collect())
}

/// `jixiao textconv FILE`: the file one figure a line, for `git diff`. A
/// file that does not check is printed as it is, under a line saying so,
/// so that `git diff` still shows its change.
pub fn textconv(file: &Path, lang: Lang) -> Result<ExitCode, Failure> {
    let source = super::read_source(file).map_err(Failure::stop)?;
    let checked = jixiao::compile_source(&source, &super::template_loader(super::dir_of(file)));
    let text = match &checked.model {
        Some(model) => jixiao::diff::textconv(model, lang),
        None => format!("{}\n{}", Message::TextconvBroken.text(lang), source.text),
    };
    let _ = std::io::stdout().write_all(text.as_bytes());
    Ok(ExitCode::SUCCESS)
}
