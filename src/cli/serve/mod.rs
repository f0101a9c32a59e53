//! `jixiao serve DIR`: a folder's evaluations in the browser, on this
//! computer only. Everything a page shows comes from the library, as for
//! `check`, `summary` and the language server; this module holds the
//! socket, the files and the rules of who may do what:
//!
//! - it listens on 127.0.0.1 only;
//! - a request whose `Host` is not this address and port (or
//!   `localhost:PORT`, `[::1]:PORT`) is refused, so that a web page cannot
//!   reach it through a name of its own (DNS rebinding);
//! - a request that is not a GET (saving, checking a text) must come from
//!   one of its own pages (`Origin`, else `Referer`) and carry the token
//!   made at start, which only its pages hold;
//! - a path names a `.jx` file under DIR: no `..`, no absolute path, no
//!   symlink out of DIR (checked on the canonical path);
//! - the one thing that writes into DIR is saving a `.jx` file, atomically,
//!   and only when it is still the version that was opened.

mod view;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use axum::extract::{DefaultBodyLimit, Path as UrlPath, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jixiao::diag::{Lang, Severity};
use jixiao::model::Model;
use jixiao::source::Source;
use serde::Deserialize;

use super::typst::Tags;
use super::{Failure, Message};

/// The largest text a page may send (a `.jx` file is a few hundred KB).
const BODY_LIMIT: usize = 16 << 20;

/// Runs the server until Ctrl-C.
pub fn serve(
    dir: &Path,
    port: u16,
    font_paths: Vec<PathBuf>,
    chosen: Option<Lang>,
    lang: Lang,
) -> Result<ExitCode, Failure> {
    if !dir.is_dir() {
        return Err(Failure::input(Message::ServeNotFolder(dir.into())));
    }
    let root = dir
        .canonicalize()
        .map_err(|e| Failure::io(Message::Read(dir.into()), e))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .map_err(|e| listen_failed(port, &e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|e| listen_failed(port, &e))?;
        let port = listener
            .local_addr()
            .map_err(|e| listen_failed(port, &e))?
            .port();
        let app = Arc::new(App::new(root, port, font_paths, chosen)?);
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let stop = Mutex::new(Some(stop));
        // Ctrl-C or a termination signal ends the server cleanly, so that
        // the PDF cache (a temporary folder) is removed: set before the
        // address is printed, when a signal may come.
        let _ = ctrlc::set_handler(move || {
            if let Some(stop) = stop.lock().ok().and_then(|mut s| s.take()) {
                let _ = stop.send(());
            }
        });
        let url = format!("http://127.0.0.1:{port}/");
        println!(
            "{}",
            Message::Serving {
                url,
                dir: dir.into()
            }
            .text(lang)
        );
        axum::serve(listener, router(app))
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await
            .map_err(|e| listen_failed(port, &e))?;
        Ok(ExitCode::SUCCESS)
    })
}

fn listen_failed(port: u16, why: &dyn std::fmt::Display) -> Failure {
    Failure::environment(Message::ServeListen {
        port,
        why: why.to_string(),
    })
}

/// What the server knows: the folder, its token, the files checked so far
/// and the PDFs built so far.
pub struct App {
    /// DIR, canonical.
    root: PathBuf,
    token: String,
    /// The `Host` values accepted.
    hosts: [String; 3],
    chosen: Option<Lang>,
    font_paths: Vec<PathBuf>,
    /// Each file as last read, by canonical path: checked again only when
    /// its bytes change.
    files: Mutex<HashMap<PathBuf, Arc<Entry>>>,
    /// PDFs built, by the hash of their Typst source (with the source, to
    /// tell a collision).
    pdfs: Mutex<HashMap<u64, Vec<(String, PathBuf)>>>,
    /// One save at a time, so that two saves cannot both pass the check
    /// that the file is unchanged.
    saving: Mutex<()>,
    /// Where PDFs are built (removed when the server stops).
    cache: tempfile::TempDir,
    pages: minijinja::Environment<'static>,
}

/// One file, read and checked.
pub struct Entry {
    /// The hash of its bytes, as read.
    hash: u64,
    source: Source,
    checked: jixiao::Checked,
    errors: usize,
    warnings: usize,
    /// 项目名称 and 主管部门, from the model, else from the syntax tree.
    name: String,
    department: String,
}

impl App {
    fn new(
        root: PathBuf,
        port: u16,
        font_paths: Vec<PathBuf>,
        chosen: Option<Lang>,
    ) -> Result<App, Failure> {
        let mut random = [0u8; 16];
        getrandom::fill(&mut random).map_err(|e| listen_failed(port, &e))?;
        let token = random.iter().map(|b| format!("{b:02x}")).collect();
        let cache = tempfile::Builder::new()
            .prefix("jixiao-serve-")
            .tempdir()
            .map_err(|e| Failure::io(Message::Write(std::env::temp_dir()), e))?;
        Ok(App {
            root,
            token,
            hosts: [
                format!("127.0.0.1:{port}"),
                format!("localhost:{port}"),
                format!("[::1]:{port}"),
            ],
            chosen,
            font_paths,
            files: Mutex::default(),
            pdfs: Mutex::default(),
            saving: Mutex::default(),
            cache,
            pages: view::pages(),
        })
    }

    /// The canonical path of the `.jx` file `relative` names under DIR, if
    /// it is one: a relative path of plain names, ending in `.jx`, whose
    /// canonical path (symlinks followed) is a `.jx` file under DIR.
    fn resolve(&self, relative: &str) -> Option<PathBuf> {
        let path = Path::new(relative);
        let plain = path.components().all(|c| matches!(c, Component::Normal(_)));
        if relative.is_empty() || !plain || !is_jx(path) {
            return None;
        }
        let canonical = self.root.join(path).canonicalize().ok()?;
        (canonical.starts_with(&self.root) && canonical.is_file() && is_jx(&canonical))
            .then_some(canonical)
    }

    /// The path of a file under DIR as pages name it: relative, with `/`.
    fn relative(&self, canonical: &Path) -> String {
        let relative = canonical.strip_prefix(&self.root).unwrap_or(canonical);
        relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/")
    }

    /// Every `.jx` file under DIR (subfolders too) that is inside it once
    /// symlinks are followed: its path as pages name it and its canonical
    /// path.
    fn listing(&self) -> Vec<(String, PathBuf)> {
        let found = super::batch::inputs(std::slice::from_ref(&self.root)).unwrap_or_default();
        let mut files: Vec<(String, PathBuf)> = found
            .into_iter()
            .filter_map(|path| {
                let named = self.relative(&path);
                let canonical = self.resolve(&named)?;
                Some((named, canonical))
            })
            .collect();
        files.sort();
        files
    }

    /// The file read now, checked again only if its bytes changed since
    /// it was last read.
    fn entry(&self, path: &Path) -> Result<Arc<Entry>, Failure> {
        let (source, bytes) = super::read_source_and_bytes(path)?;
        let hash = hash_of(&bytes);
        if let Some(entry) = self.lock_files().get(path).filter(|e| e.hash == hash) {
            return Ok(entry.clone());
        }
        let entry = Arc::new(Entry::check(path, hash, source));
        self.lock_files().insert(path.to_path_buf(), entry.clone());
        Ok(entry)
    }

    fn lock_files(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<Entry>>> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every file of the listing read and checked, on every core.
    fn entries(&self) -> Vec<(String, Result<Arc<Entry>, Failure>)> {
        let files = self.listing();
        let jobs = std::thread::available_parallelism()
            .map_or(1, usize::from)
            .min(files.len().max(1));
        let next = std::sync::atomic::AtomicUsize::new(0);
        let mut results: Vec<(usize, Result<Arc<Entry>, Failure>)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs)
                .map(|_| {
                    scope.spawn(|| {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some((_, path)) = files.get(i) else { break };
                            let entry = super::guarded(|| self.entry(path))
                                .unwrap_or_else(|| Err(Failure::input(Message::LspInternal)));
                            done.push((i, entry));
                        }
                        done
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().unwrap_or_default())
                .collect()
        });
        results.sort_by_key(|(i, _)| *i);
        results
            .into_iter()
            .map(|(i, entry)| (files[i].0.clone(), entry))
            .collect()
    }

    /// The PDF of a Typst source, built once and then taken from the cache.
    fn pdf(&self, source: &str, timestamp: i64, tags: Tags) -> Result<Vec<u8>, Failure> {
        let hash = hash_of(source.as_bytes());
        let built = self.lock_pdfs().get(&hash).and_then(|same| {
            same.iter()
                .find(|(s, _)| s == source)
                .map(|(_, p)| p.clone())
        });
        if let Some(pdf) = built
            && let Ok(bytes) = std::fs::read(&pdf)
        {
            return Ok(bytes);
        }
        let mut pdfs = self.lock_pdfs();
        let n = pdfs.values().map(Vec::len).sum::<usize>();
        let output = self.cache.path().join(format!("{hash:016x}-{n}.pdf"));
        drop(pdfs);
        super::typst::render_pdf(source, timestamp, &output, &self.font_paths, None, tags)?;
        let bytes =
            std::fs::read(&output).map_err(|e| Failure::io(Message::Read(output.clone()), e))?;
        pdfs = self.lock_pdfs();
        pdfs.entry(hash)
            .or_default()
            .push((source.to_string(), output));
        Ok(bytes)
    }

    fn lock_pdfs(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Vec<(String, PathBuf)>>> {
        self.pdfs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The language of a page: `?lang=`, else `--lang`, else the browser's
    /// (Accept-Language), else Chinese.
    fn lang(&self, query: &Common, headers: &HeaderMap) -> Lang {
        match query.lang.as_deref() {
            Some("en") => return Lang::En,
            Some("zh") => return Lang::Zh,
            _ => {}
        }
        if let Some(lang) = self.chosen {
            return lang;
        }
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok())
            .map_or(Lang::Zh, accepted_lang)
    }
}

impl Entry {
    /// Checks a file's text as `check` does (template files relative to
    /// it); counts errors and warnings as `check` counts them.
    fn check(path: &Path, hash: u64, source: Source) -> Entry {
        let checked = jixiao::compile_source(&source, &super::template_loader(super::dir_of(path)));
        let (errors, warnings) = (
            checked.count(Severity::Error),
            checked.count(Severity::Warning),
        );
        let (name, department) = match &checked.model {
            Some(m) => (m.evaluation.name.clone(), m.evaluation.department.clone()),
            None => named(&source.text),
        };
        Entry {
            hash,
            errors,
            warnings,
            name,
            department,
            checked,
            source,
        }
    }

    fn model(&self) -> Option<&Model> {
        self.checked.model.as_ref()
    }
}

/// 项目名称 and 主管部门 of a file with errors, as far as it parses.
fn named(text: &str) -> (String, String) {
    let parsed = jixiao::parse::parse_recovering(text);
    let evaluation = parsed
        .file
        .iter()
        .flat_map(|f| &f.items)
        .find_map(|i| match i {
            jixiao::ast::TopItem::Evaluation(e) => Some(e),
            _ => None,
        });
    let Some(e) = evaluation else {
        return Default::default();
    };
    let department = e.items.iter().find_map(|i| match i {
        jixiao::ast::EvalItem::Department { text, .. } => Some(text.value.clone()),
        _ => None,
    });
    (e.name.value.clone(), department.unwrap_or_default())
}

fn is_jx(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("jx"))
}

/// A hash of bytes, the same for the same bytes in this process: what a
/// page was opened with, and the key of a cached PDF.
fn hash_of(bytes: &[u8]) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The language an Accept-Language header prefers, of Chinese and English
/// (Chinese when it names neither).
fn accepted_lang(header: &str) -> Lang {
    let mut best: Option<(u32, Lang)> = None;
    for part in header.split(',') {
        let mut pieces = part.split(';');
        let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
        // The weight in thousandths: q=0.8 → 800.
        let weight = pieces
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(1000, |q| {
                let mut digits = q.trim().splitn(2, '.');
                let whole: u32 = digits.next().and_then(|d| d.parse().ok()).unwrap_or(0);
                let fraction: String = digits.next().unwrap_or("").chars().take(3).collect();
                let fraction: u32 = format!("{fraction:0<3}").parse().unwrap_or(0);
                whole.min(1) * 1000 + fraction
            });
        let lang = if tag == "zh" || tag.starts_with("zh-") {
            Lang::Zh
        } else if tag == "en" || tag.starts_with("en-") {
            Lang::En
        } else {
            continue;
        };
        if weight > 0 && best.is_none_or(|(w, _)| weight > w) {
            best = Some((weight, lang));
        }
    }
    best.map_or(Lang::Zh, |(_, lang)| lang)
}

/// The routes, behind the guard.
fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/file/{*path}", get(evaluation))
        .route("/edit/{*path}", get(edit))
        .route("/pdf/{*path}", get(pdf))
        .route("/save/{*path}", post(save))
        .route("/check", post(check))
        .route("/summary.csv", get(summary_csv))
        .route("/summary.xlsx", get(summary_xlsx))
        .route("/bundle.pdf", get(bundle))
        .route("/assets/style.css", get(style))
        .route("/assets/app.js", get(script))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

/// Refuses a request from anywhere but this server's own pages: a `Host`
/// other than the loopback address and port, or a request that is not a
/// GET without an `Origin` (else `Referer`) of this server. Every answer
/// forbids framing by another site and guessing of content types.
async fn guard(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let Some(host) = host.filter(|h| app.hosts.iter().any(|a| a == h)) else {
        return refused(Refusal::Host);
    };
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let own = format!("http://{host}");
        let origin = headers.get(header::ORIGIN).and_then(|o| o.to_str().ok());
        let referer = headers.get(header::REFERER).and_then(|r| r.to_str().ok());
        let same = match (origin, referer) {
            (Some(origin), _) => origin == own,
            (None, Some(referer)) => referer
                .strip_prefix(&own)
                .is_some_and(|rest| rest.starts_with('/')),
            (None, None) => false,
        };
        if !same {
            return refused(Refusal::Origin);
        }
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; frame-ancestors 'self'; form-action 'self'; base-uri 'none'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[derive(Clone, Copy)]
enum Refusal {
    Host,
    Origin,
    Token,
}

/// 403 with a line in both languages (the page's language is not known
/// yet, and this is no page of ours).
fn refused(why: Refusal) -> Response {
    let text = match why {
        Refusal::Host => {
            "拒绝访问：这个地址不是本机的 jixiao serve（请用它启动时显示的地址）\nrefused: this is not the address jixiao serve was started on (use the one it printed)\n"
        }
        Refusal::Origin => {
            "拒绝访问：这个请求不是来自 jixiao serve 自己的页面\nrefused: this request does not come from jixiao serve's own pages\n"
        }
        Refusal::Token => {
            "拒绝访问：页面已过期（jixiao serve 重新启动过），请刷新页面后再试\nrefused: the page is out of date (jixiao serve was restarted); reload it and try again\n"
        }
    };
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// The query every page takes.
#[derive(Default, Deserialize)]
struct Common {
    lang: Option<String>,
    sort: Option<String>,
    desc: Option<String>,
    saved: Option<String>,
}

/// Runs blocking work (reading, checking, typst) off the server's thread.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tokio::task::spawn_blocking(move || super::guarded(work))
        .await
        .ok()
        .flatten()
}

/// A page, or a failure page when `work` failed or panicked.
async fn page(
    app: Arc<App>,
    lang: Lang,
    work: impl FnOnce(&App) -> Result<Response, Failure> + Send + 'static,
) -> Response {
    let shared = app.clone();
    match blocking(move || work(&shared)).await {
        Some(Ok(response)) => response,
        Some(Err(failure)) => view::failure(&app, lang, &failure),
        None => view::failure(&app, lang, &Failure::input(Message::LspInternal)),
    }
}

async fn overview(
    State(app): State<Arc<App>>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    page(app, lang, move |app| Ok(view::overview(app, &query, lang))).await
}

async fn evaluation(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    let Some(file) = app.resolve(&path) else {
        return view::not_found(&app, lang);
    };
    page(app, lang, move |app| {
        let entry = app.entry(&file)?;
        Ok(view::evaluation(app, &path, &entry, &query, lang))
    })
    .await
}

async fn edit(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    let Some(file) = app.resolve(&path) else {
        return view::not_found(&app, lang);
    };
    page(app, lang, move |app| {
        let entry = app.entry(&file)?;
        let editing = view::Editing {
            text: &entry.source.text,
            opened: entry.hash,
            conflict: None,
        };
        Ok(view::edit(app, &path, &file, &entry, editing, &query, lang))
    })
    .await
}

/// What the editor sends to save.
#[derive(Deserialize)]
struct SaveForm {
    token: String,
    /// The hash of the bytes the editor was opened with.
    opened: String,
    /// On the page that said the file had changed: the hash of the version
    /// on disk the user chose to replace.
    #[serde(default)]
    overwrite: String,
    text: String,
}

async fn save(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    Query(query): Query<Common>,
    headers: HeaderMap,
    Form(form): Form<SaveForm>,
) -> Response {
    let lang = app.lang(&query, &headers);
    if form.token != app.token {
        return refused(Refusal::Token);
    }
    let Some(file) = app.resolve(&path) else {
        return view::not_found(&app, lang);
    };
    page(app, lang, move |app| {
        let _one = app.saving.lock().unwrap_or_else(|e| e.into_inner());
        let disk = std::fs::read(&file).map_err(|e| Failure::io(Message::Read(file.clone()), e))?;
        let now = format!("{:016x}", hash_of(&disk));
        if form.opened != now && form.overwrite != now {
            // Changed since it was opened: nothing is written, and the
            // user's text stays in the page.
            let entry = app.entry(&file)?;
            let text = form.text.replace("\r\n", "\n");
            let editing = view::Editing {
                text: &text,
                opened: u64::from_str_radix(&form.opened, 16).unwrap_or(0),
                conflict: Some(&now),
            };
            let mut response = view::edit(app, &path, &file, &entry, editing, &query, lang);
            *response.status_mut() = StatusCode::CONFLICT;
            return Ok(response);
        }
        // Browsers send a textarea's lines with CRLF: the file keeps the
        // line ends and byte order mark it had (in UTF-8, as fmt writes).
        let before = jixiao::source::decode(&disk).ok();
        let line_ends = before.as_ref().map_or(jixiao::source::LineEnds::Lf, |s| {
            jixiao::source::LineEnds::of(&s.text)
        });
        let bom = before.as_ref().is_some_and(|s| s.bom);
        let bytes = jixiao::source::encode(&form.text, line_ends, bom);
        let mut temporary = super::temporary_beside(&file)?;
        std::io::Write::write_all(&mut temporary, &bytes)
            .and_then(|()| temporary.as_file().sync_all())
            .map_err(|e| Failure::io(Message::Write(file.clone()), e))?;
        super::persist(temporary, &file)?;
        let mut to = format!("/file/{}?saved=1", view::href(&path));
        if let Some(lang) = &query.lang {
            to.push_str(&format!("&lang={}", view::href(lang)));
        }
        Ok(Redirect::to(&to).into_response())
    })
    .await
}

/// What the editor sends to be checked as the user types.
#[derive(Deserialize)]
struct CheckForm {
    token: String,
    /// The file the text is of (template files are read relative to it).
    path: String,
    text: String,
    #[serde(default)]
    lang: Option<String>,
}

/// The diagnostics of a text, as the evaluation page shows them: JSON with
/// the summary line, the report and the counts.
async fn check(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(form): Form<CheckForm>,
) -> Response {
    let query = Common {
        lang: form.lang.clone(),
        ..Common::default()
    };
    let lang = app.lang(&query, &headers);
    if form.token != app.token {
        return refused(Refusal::Token);
    }
    let Some(file) = app.resolve(&form.path) else {
        return view::not_found(&app, lang);
    };
    page(app, lang, move |_| {
        let text = form.text.replace("\r\n", "\n");
        let entry = Entry::check(&file, 0, Source::utf8(text));
        let json = view::checked_json(&form.path, &entry, lang);
        Ok((
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json,
        )
            .into_response())
    })
    .await
}

async fn pdf(
    State(app): State<Arc<App>>,
    UrlPath(path): UrlPath<String>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    let Some(file) = app.resolve(&path) else {
        return view::not_found(&app, lang);
    };
    page(app, lang, move |app| {
        let entry = app.entry(&file)?;
        let Some(model) = entry.model() else {
            return Ok(view::has_errors(app, &path, lang));
        };
        let source = jixiao::emit(model);
        let bytes = app.pdf(
            &source,
            super::typst::creation_timestamp(model),
            Tags::Written,
        )?;
        Ok(download(bytes, "application/pdf", None))
    })
    .await
}

/// The files without errors, in the overview's order (by path), and how
/// many have errors or could not be read.
fn models(app: &App) -> (Vec<Arc<Entry>>, usize) {
    let mut left_out = 0;
    let mut good = Vec::new();
    for (_, entry) in app.entries() {
        match entry {
            Ok(e) if e.model().is_some() => good.push(e),
            _ => left_out += 1,
        }
    }
    (good, left_out)
}

fn summary_of(entries: &[Arc<Entry>]) -> Result<jixiao::summary::Summary, Failure> {
    let models: Vec<&Model> = entries.iter().filter_map(|e| e.model()).collect();
    jixiao::summary::summarize(&models).map_err(|_| {
        Failure::input(Message::TotalsOverflow {
            files: models.len(),
        })
    })
}

async fn summary_csv(
    State(app): State<Arc<App>>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    page(app, lang, move |app| {
        let (entries, _) = models(app);
        let csv = super::summary::csv(&summary_of(&entries)?);
        Ok(download(
            csv.into_bytes(),
            "text/csv; charset=utf-8",
            Some("汇总.csv"),
        ))
    })
    .await
}

async fn summary_xlsx(
    State(app): State<Arc<App>>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    page(app, lang, move |app| {
        let (entries, _) = models(app);
        let xlsx = super::summary::xlsx(&summary_of(&entries)?)?;
        Ok(download(
            xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Some("汇总.xlsx"),
        ))
    })
    .await
}

async fn bundle(
    State(app): State<Arc<App>>,
    Query(query): Query<Common>,
    headers: HeaderMap,
) -> Response {
    let lang = app.lang(&query, &headers);
    page(app, lang, move |app| {
        let (entries, _) = models(app);
        let models: Vec<&Model> = entries.iter().filter_map(|e| e.model()).collect();
        if models.is_empty() {
            return Ok(view::nothing_to_bundle(app, lang));
        }
        let title = super::batch::default_title(&models);
        let source = jixiao::emit_bundle(&models, &title).map_err(|_| {
            Failure::input(Message::TotalsOverflow {
                files: models.len(),
            })
        })?;
        let timestamp = models
            .iter()
            .map(|m| super::typst::creation_timestamp(m))
            .max()
            .unwrap_or(0);
        let bytes = app.pdf(&source, timestamp, Tags::Omitted)?;
        let name = format!("{}.pdf", super::paths::safe_file_name(&title));
        Ok(download(bytes, "application/pdf", Some(&name)))
    })
    .await
}

/// Bytes to download (`name`) or to show in the browser (no name).
fn download(bytes: Vec<u8>, content_type: &'static str, name: Option<&str>) -> Response {
    let disposition = match name {
        Some(name) => format!("attachment; filename*=UTF-8''{}", view::href(name)),
        None => "inline".to_string(),
    };
    let mut response = (
        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
        bytes,
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

async fn style() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("pages/style.css"),
    )
        .into_response()
}

async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("pages/app.js"),
    )
        .into_response()
}

/// The page's response for HTML text.
fn html(status: StatusCode, text: String) -> Response {
    (status, Html(text)).into_response()
}
