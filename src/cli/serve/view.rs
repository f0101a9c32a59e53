//! The pages of `jixiao serve`: what each shows, worded in Chinese and
//! English, rendered by minijinja from the templates built into the binary
//! (HTML escaped by minijinja; user text is never markup).

use std::cmp::Ordering;
use std::path::Path;

use axum::http::StatusCode;
use axum::response::Response;
use jixiao::check::Computed;
use jixiao::diag::{Lang, RenderOptions};
use jixiao::format::{percent, plain, score};
use minijinja::context;
use rust_decimal::Decimal;
use serde::Serialize;

use super::{App, Common, Entry, html};
use crate::cli::Failure;

/// The templates, built in.
pub fn pages() -> minijinja::Environment<'static> {
    let mut env = minijinja::Environment::new();
    let templates = [
        ("base.html", include_str!("pages/base.html")),
        ("overview.html", include_str!("pages/overview.html")),
        ("evaluation.html", include_str!("pages/evaluation.html")),
        ("edit.html", include_str!("pages/edit.html")),
        ("message.html", include_str!("pages/message.html")),
    ];
    for (name, text) in templates {
        env.add_template(name, text)
            .expect("a built-in template parses");
    }
    env
}

/// Every word the pages show: key, Chinese, English.
const WORDS: &[(&str, &str, &str)] = &[
    ("brand", "jixiao 绩效自评", "jixiao evaluations"),
    ("other_lang", "English", "中文"),
    ("overview", "总览", "Overview"),
    ("overview_of", "自评总览", "Evaluations in"),
    ("back", "返回总览", "Back to the overview"),
    ("project", "项目", "Project"),
    ("department", "主管部门", "Department"),
    ("budget", "全年预算数（万元）", "Annual budget (10k yuan)"),
    ("rate", "执行率", "Execution rate"),
    ("score", "总分", "Total score"),
    ("grade", "等级", "Grade"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("totals", "合计", "Totals"),
    ("average", "平均", "mean"),
    ("downloads", "下载", "Download"),
    ("summary_xlsx", "汇总表（Excel）", "Summary (Excel)"),
    ("summary_csv", "汇总表（CSV）", "Summary (CSV)"),
    ("bundle", "汇编 PDF", "Bundle PDF"),
    (
        "no_files",
        "这个文件夹里没有 .jx 文件。",
        "There is no .jx file in this folder.",
    ),
    ("unreadable", "无法读取", "cannot be read"),
    (
        "sort_hint",
        "点击表头可以排序",
        "Click a column's heading to sort by it",
    ),
    ("diagnostics", "检查结果", "Check"),
    ("figures", "计算出的得分", "Computed scores"),
    ("edit", "修改", "Edit"),
    ("open_pdf", "打开 PDF", "Open the PDF"),
    ("preview", "PDF 预览", "PDF preview"),
    ("build_preview", "生成 PDF 预览", "Show the PDF preview"),
    (
        "preview_note",
        "第一次生成需要几秒钟。",
        "The first time takes a few seconds.",
    ),
    ("saved", "已保存。", "Saved."),
    ("item", "指标", "Item"),
    ("weight", "分值", "Weight"),
    ("earned", "得分", "Score"),
    ("how", "计算方法", "How it is computed"),
    ("line", "行号", "Line"),
    ("editing", "修改", "Editing"),
    ("save", "保存", "Save"),
    ("cancel", "放弃修改", "Discard changes"),
    ("checking", "正在检查……", "Checking…"),
    (
        "check_failed",
        "无法检查：与 jixiao serve 的连接断开了",
        "cannot check: the connection to jixiao serve was lost",
    ),
    (
        "editor_hint",
        "边写边检查：右边随时显示问题。改好后点“保存”。",
        "Checked as you type: the problems show on the right. Press Save when done.",
    ),
    (
        "conflict",
        "没有保存：这个文件在你打开之后已经被别人或别的程序修改过。你的修改还在下面，没有丢失。可以先在新标签页中查看磁盘上的版本，把需要的内容合并到下面，再点“仍然保存”覆盖它。",
        "Not saved: the file was changed on disk by someone or something else after you opened it. Your text is still below, nothing is lost. Look at the version on disk in a new tab, merge what you need below, then press \"Save anyway\" to replace it.",
    ),
    ("see_disk", "查看磁盘上的版本", "See the version on disk"),
    (
        "overwrite",
        "仍然保存（覆盖磁盘上的版本）",
        "Save anyway (replace the version on disk)",
    ),
    ("not_found_title", "没有这个文件", "No such file"),
    (
        "not_found",
        "这个地址不是本文件夹中的 .jx 文件。只能查看和修改 jixiao serve 所展示的文件夹里的 .jx 文件。",
        "This address is not a .jx file in this folder. Only the .jx files of the folder jixiao serve shows can be seen and edited.",
    ),
    ("failed_title", "出错了", "Something went wrong"),
    ("has_errors_title", "有错误，不能生成 PDF", "Errors: no PDF"),
    (
        "has_errors",
        "这份自评有错误，改正后才能生成 PDF。错误列在它的页面上。",
        "This evaluation has errors; fix them to get its PDF. Its page lists them.",
    ),
    ("nothing_title", "没有可以汇编的自评", "Nothing to bundle"),
    (
        "nothing",
        "这个文件夹里没有无错误的自评，汇编 PDF 只收入没有错误的自评。",
        "No evaluation in this folder is free of errors, and the bundle takes only those.",
    ),
];

/// The words of one language, for templates (`t.save`).
fn words(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    WORDS
        .iter()
        .map(|(key, zh, en)| (*key, if lang == Lang::Zh { *zh } else { *en }))
        .collect()
}

/// A path or text in a URL: every byte but unreserved ones and `/`
/// percent-encoded.
pub fn href(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// How links carry the language the page was asked in: `?lang=en`, or
/// nothing when it came from the browser.
struct Links {
    /// `lang=en`, or empty.
    lang: String,
}

impl Links {
    fn new(query: &Common, lang: Lang) -> Links {
        let lang = match query.lang {
            Some(_) => format!("lang={}", code(lang)),
            None => String::new(),
        };
        Links { lang }
    }

    /// `path`, with the language.
    fn to(&self, path: &str) -> String {
        match self.lang.is_empty() {
            true => path.to_string(),
            false => format!("{path}?{}", self.lang),
        }
    }
}

fn code(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Zh => Lang::En,
        Lang::En => Lang::Zh,
    }
}

/// What every page's frame needs.
fn frame(lang: Lang, links: &Links, here: &str) -> minijinja::Value {
    context! {
        t => words(lang),
        zh => lang == Lang::Zh,
        home => links.to("/"),
        other_href => format!("{here}?lang={}", code(other(lang))),
    }
}

fn render(app: &App, name: &str, status: StatusCode, ctx: minijinja::Value) -> Response {
    let text = app
        .pages
        .get_template(name)
        .and_then(|t| t.render(ctx))
        .expect("a built-in page renders");
    html(status, text)
}

/// A page with a heading and a message.
fn message(app: &App, lang: Lang, status: StatusCode, title: &str, text: &str) -> Response {
    let links = Links {
        lang: String::new(),
    };
    let ctx = context! { title, text, ..frame(lang, &links, "/") };
    render(app, "message.html", status, ctx)
}

pub fn failure(app: &App, lang: Lang, failure: &Failure) -> Response {
    let words = words(lang);
    let text = failure.render(lang).unwrap_or_default();
    message(
        app,
        lang,
        StatusCode::INTERNAL_SERVER_ERROR,
        words["failed_title"],
        &text,
    )
}

pub fn not_found(app: &App, lang: Lang) -> Response {
    let words = words(lang);
    message(
        app,
        lang,
        StatusCode::NOT_FOUND,
        words["not_found_title"],
        words["not_found"],
    )
}

pub fn has_errors(app: &App, _path: &str, lang: Lang) -> Response {
    let words = words(lang);
    message(
        app,
        lang,
        StatusCode::CONFLICT,
        words["has_errors_title"],
        words["has_errors"],
    )
}

pub fn nothing_to_bundle(app: &App, lang: Lang) -> Response {
    let words = words(lang);
    message(
        app,
        lang,
        StatusCode::CONFLICT,
        words["nothing_title"],
        words["nothing"],
    )
}

/// One row of the overview.
#[derive(Serialize)]
struct Row {
    path: String,
    href: String,
    name: String,
    department: String,
    #[serde(skip)]
    figures: Figures,
    budget: String,
    rate: String,
    score: String,
    grade: String,
    errors: usize,
    warnings: usize,
    /// Why the file could not be read.
    unreadable: Option<String>,
}

/// A row's figures, to sort by.
#[derive(Default)]
struct Figures {
    budget: Option<Decimal>,
    rate: Option<Decimal>,
    score: Option<Decimal>,
}

/// The columns the overview sorts by.
const COLUMNS: [(&str, &str); 8] = [
    ("name", "project"),
    ("department", "department"),
    ("budget", "budget"),
    ("rate", "rate"),
    ("score", "score"),
    ("grade", "grade"),
    ("errors", "errors"),
    ("warnings", "warnings"),
];

fn cmp_figure(a: Option<Decimal>, b: Option<Decimal>) -> Ordering {
    // Blanks last.
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

fn sort(rows: &mut [Row], key: &str, descending: bool) {
    rows.sort_by(|a, b| {
        let order = match key {
            "department" => a.department.cmp(&b.department),
            "budget" => cmp_figure(a.figures.budget, b.figures.budget),
            "rate" => cmp_figure(a.figures.rate, b.figures.rate),
            "score" => cmp_figure(a.figures.score, b.figures.score),
            "grade" => a.grade.cmp(&b.grade),
            "errors" => a.errors.cmp(&b.errors),
            "warnings" => a.warnings.cmp(&b.warnings),
            _ => a.name.cmp(&b.name),
        };
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| a.path.cmp(&b.path))
    });
}

fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "—".to_string())
}

pub fn overview(app: &App, query: &Common, lang: Lang) -> Response {
    let links = Links::new(query, lang);
    let words = words(lang);
    let mut rows = Vec::new();
    let mut good = Vec::new();
    for (path, entry) in app.entries() {
        let href = links.to(&format!("/file/{}", href(&path)));
        match entry {
            Ok(entry) => {
                let summary = entry
                    .model()
                    .and_then(|m| jixiao::summary::summarize(&[m]).ok());
                let line = summary.as_ref().and_then(|s| s.rows.first());
                let figures = Figures {
                    budget: line.and_then(|l| l.annual_budget),
                    rate: line.and_then(|l| l.execution_rate),
                    score: line.map(|l| l.total_score),
                };
                rows.push(Row {
                    name: if entry.name.is_empty() {
                        path.clone()
                    } else {
                        entry.name.clone()
                    },
                    department: entry.department.clone(),
                    budget: or_dash(figures.budget.map(plain)),
                    rate: or_dash(figures.rate.map(percent)),
                    score: or_dash(figures.score.map(score)),
                    grade: or_dash(line.map(|l| l.grade.clone())),
                    figures,
                    errors: entry.errors,
                    warnings: entry.warnings,
                    unreadable: None,
                    path,
                    href,
                });
                if entry.model().is_some() {
                    good.push(entry);
                }
            }
            Err(failure) => rows.push(Row {
                name: path.clone(),
                department: String::new(),
                figures: Figures::default(),
                budget: "—".into(),
                rate: "—".into(),
                score: "—".into(),
                grade: "—".into(),
                errors: 1,
                warnings: 0,
                unreadable: Some(failure.text(lang).unwrap_or_default()),
                path,
                href,
            }),
        }
    }
    let key = query
        .sort
        .as_deref()
        .filter(|k| COLUMNS.iter().any(|(c, _)| c == k))
        .unwrap_or("name");
    let descending = query.desc.is_some();
    sort(&mut rows, key, descending);
    let columns: Vec<_> = COLUMNS
        .iter()
        .map(|(column, word)| {
            let flip = column == &key && !descending;
            let mut to = format!("/?sort={column}");
            if flip {
                to.push_str("&desc=1");
            }
            if !links.lang.is_empty() {
                to.push_str(&format!("&{}", links.lang));
            }
            let arrow = match (column == &key, descending) {
                (true, false) => " ▲",
                (true, true) => " ▼",
                _ => "",
            };
            context! {
                label => words[word],
                href => to,
                arrow,
                numeric => matches!(*column, "budget" | "rate" | "score" | "errors" | "warnings"),
            }
        })
        .collect();
    let with_errors = rows.iter().filter(|r| r.errors > 0).count();
    let totals = super::summary_of(&good).ok().map(|s| {
        context! {
            budget => plain(s.annual_budget),
            rate => or_dash(s.execution_rate.map(percent)),
            score => or_dash(s.average_score.map(score)),
        }
    });
    let counts = match lang {
        Lang::Zh => format!(
            "共 {} 份自评：{} 份没有错误，{} 份有错误或无法读取。",
            rows.len(),
            rows.len() - with_errors,
            with_errors
        ),
        Lang::En => format!(
            "{} evaluations: {} without errors, {} with errors or unreadable.",
            rows.len(),
            rows.len() - with_errors,
            with_errors
        ),
    };
    let note = match (lang, with_errors) {
        (_, 0) => String::new(),
        (Lang::Zh, n) => {
            format!("合计、汇总表和汇编 PDF 只收入没有错误的自评（不含有错误的 {n} 份）。")
        }
        (Lang::En, n) => format!(
            "The totals, the summary and the bundle take only the evaluations without errors (not the {n} with errors)."
        ),
    };
    let ctx = context! {
        dir => app.root.display().to_string(),
        counts,
        note,
        columns,
        rows => minijinja::Value::from(minijinja::value::Serde(&rows)),
        totals,
        ..frame(lang, &links, "/")
    };
    render(app, "overview.html", StatusCode::OK, ctx)
}

/// The diagnostics of a file as `check` prints them (no colour), errors
/// first, and its summary line.
fn report(path: &str, entry: &Entry, lang: Lang) -> (String, String) {
    let options = RenderOptions {
        lang,
        color: false,
        width: 100,
    };
    let mut shown = crate::cli::shown(&entry.checked.diagnostics);
    shown.sort_by_key(|d| !d.is_error());
    let text = crate::cli::render_checked_with(
        Path::new(path),
        &entry.source.text,
        &entry.checked,
        &shown,
        options,
    );
    let summary = jixiao::diag::summary(entry.errors, entry.warnings, lang);
    (text, summary)
}

fn status_class(entry: &Entry) -> &'static str {
    match (entry.errors, entry.warnings) {
        (0, 0) => "good",
        (0, _) => "warn",
        _ => "bad",
    }
}

/// The JSON the editor's script shows as the user types.
pub fn checked_json(path: &str, entry: &Entry, lang: Lang) -> String {
    let (report, summary) = report(path, entry, lang);
    serde_json::json!({
        "summary": summary,
        "report": report,
        "errors": entry.errors,
        "warnings": entry.warnings,
        "status": status_class(entry),
    })
    .to_string()
}

/// One line of the computed figures.
#[derive(Serialize)]
struct Figure {
    /// `level1`, `level2`, `indicator`, `funds` or `project` (a project
    /// file a 部门整体 sheet lists).
    kind: &'static str,
    line: usize,
    name: String,
    weight: String,
    score: String,
    how: Vec<String>,
}

/// What the checker computed, in the order of the file: funds rows, each
/// category with its subtotal, each indicator with its formula.
fn figures(entry: &Entry, lang: Lang) -> (Vec<Figure>, Option<String>) {
    let zh = lang == Lang::Zh;
    let lines = jixiao::span::Lines::new(&entry.source.text);
    let mut computed: Vec<_> = entry.checked.computed.iter().collect();
    computed.sort_by_key(|(span, _)| (span.start, std::cmp::Reverse(span.end)));
    let layout = entry.checked.template.funds();
    let mut out = Vec::new();
    let mut total = None;
    for (span, c) in computed {
        let line = lines.line_col(span.start).0;
        match c {
            Computed::Total {
                weight,
                score: s,
                grade,
            } => {
                total = Some(match zh {
                    true => format!("总分 {} / {}，自评等级 {grade}", score(*s), plain(*weight)),
                    false => format!("Total {} / {}, grade {grade}", score(*s), plain(*weight)),
                });
            }
            Computed::FundsRow {
                row,
                label,
                unit,
                weight,
                score: s,
            } => {
                let amount = |a: Option<Decimal>| a.map_or("-".to_string(), plain);
                let base = match layout.base() {
                    1 => row.annual_budget,
                    _ => row.initial_budget,
                };
                let (executed, budget) = (amount(row.executed), amount(base));
                let mut how = vec![match (row.execution_rate, zh) {
                    (Some(rate), true) => {
                        format!("执行率 {} = {executed} ÷ {budget} × 100%", percent(rate))
                    }
                    (Some(rate), false) => format!(
                        "execution rate {} = {executed} ÷ {budget} × 100%",
                        percent(rate)
                    ),
                    (None, true) => "执行率：无（预算数或执行数未填，或预算为 0）".to_string(),
                    (None, false) => {
                        "execution rate: none (a budget or the amount executed is blank, or the budget is 0)"
                            .to_string()
                    }
                }];
                if let (Some(w), Some(s)) = (weight, s) {
                    how.push(format!(
                        "{} × min({executed} / {budget}, 1) = {}",
                        plain(*w),
                        score(*s)
                    ));
                }
                out.push(Figure {
                    kind: "funds",
                    line,
                    name: format!("{label}（{unit}）"),
                    weight: weight.map(plain).unwrap_or_default(),
                    score: s.map(score).unwrap_or_default(),
                    how,
                });
            }
            Computed::Category {
                level,
                name,
                weight,
                score: s,
            } => out.push(Figure {
                kind: if *level == 1 { "level1" } else { "level2" },
                line,
                name: name.clone(),
                weight: plain(*weight),
                score: score(*s),
                how: vec![match zh {
                    true => format!("{}级指标小计", if *level == 1 { "一" } else { "二" }),
                    false => format!("level-{level} subtotal"),
                }],
            }),
            Computed::Project(row) => {
                let amount = |a: Option<Decimal>| a.map_or("-".to_string(), plain);
                let rate = row.execution_rate.map_or("-".to_string(), percent);
                let [budget, executed, execution, grade] = match zh {
                    true => ["全年预算数", "全年执行数", "执行率", "等级"],
                    false => ["annual budget", "executed", "execution", "grade"],
                };
                out.push(Figure {
                    kind: "project",
                    line,
                    name: row.name.clone(),
                    weight: String::new(),
                    score: score(row.total_score),
                    how: vec![format!(
                        "{budget} {} 万元 · {executed} {} 万元 · {execution} {rate} · {grade} {}",
                        amount(row.annual_budget),
                        amount(row.executed),
                        row.grade
                    )],
                });
            }
            Computed::Indicator(i) => {
                let mut how = Vec::new();
                how.push(match zh {
                    true => format!("规则：{}", i.rule.chinese()),
                    false => format!("rule: {}", rule_en(i.rule)),
                });
                if let Some(formula) = &i.formula {
                    how.push(formula.clone());
                }
                if let Some(grade) = i.grade {
                    how.push(match zh {
                        true => format!("等级：{}", grade.chinese()),
                        false => format!("grade: {}", grade.chinese()),
                    });
                }
                // A row scored by hand (a department's) may have neither, a
                // row scored by the execution rule only its rate.
                let (target, actual) = match zh {
                    true => ("指标值", "完成值"),
                    false => ("target", "actual"),
                };
                let shown: Vec<String> = [(target, &i.target), (actual, &i.actual)]
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .map(|(name, value)| format!("{name} {value}"))
                    .collect();
                if !shown.is_empty() {
                    how.push(shown.join(" · "));
                }
                out.push(Figure {
                    kind: "indicator",
                    line,
                    name: i.name.clone(),
                    weight: plain(i.weight),
                    score: score(i.score),
                    how,
                });
            }
        }
    }
    (out, total)
}

fn rule_en(rule: jixiao::model::ScoringRule) -> &'static str {
    use jixiao::model::ScoringRule::*;
    match rule {
        Ratio => "ratio",
        Inverse => "inverse (lower is better)",
        Pass => "pass",
        Graded => "graded",
        Manual => "manual",
        Execution => "budget execution",
    }
}

pub fn evaluation(app: &App, path: &str, entry: &Entry, query: &Common, lang: Lang) -> Response {
    let links = Links::new(query, lang);
    let (report, summary) = report(path, entry, lang);
    let (figures, total) = figures(entry, lang);
    let here = format!("/file/{}", href(path));
    let ctx = context! {
        path,
        name => entry.name.clone(),
        department => entry.department.clone(),
        saved => query.saved.is_some(),
        edit_href => links.to(&format!("/edit/{}", href(path))),
        pdf_href => entry.model().map(|_| links.to(&format!("/pdf/{}", href(path)))),
        status => status_class(entry),
        summary,
        report,
        figures => minijinja::Value::from(minijinja::value::Serde(&figures)),
        total,
        ..frame(lang, &links, &here)
    };
    render(app, "evaluation.html", StatusCode::OK, ctx)
}

/// The editor's text: the file's, or the user's when saving was refused.
pub struct Editing<'a> {
    pub text: &'a str,
    /// The hash of the bytes it was opened with.
    pub opened: u64,
    /// When the file changed on disk: the hash of the version there.
    pub conflict: Option<&'a str>,
}

pub fn edit(
    app: &App,
    path: &str,
    file: &Path,
    entry: &Entry,
    editing: Editing<'_>,
    query: &Common,
    lang: Lang,
) -> Response {
    let links = Links::new(query, lang);
    // The diagnostics of the text in the editor (the user's, after a
    // refused save).
    let theirs = editing
        .conflict
        .map(|_| Entry::check(file, 0, jixiao::source::Source::utf8(editing.text)));
    let shown = theirs.as_ref().unwrap_or(entry);
    let (report, summary) = report(path, shown, lang);
    let here = format!("/edit/{}", href(path));
    let ctx = context! {
        path,
        name => entry.name.clone(),
        text => editing.text,
        token => app.token.clone(),
        opened => format!("{:016x}", editing.opened),
        conflict => editing.conflict,
        file_href => links.to(&format!("/file/{}", href(path))),
        save_href => links.to(&format!("/save/{}", href(path))),
        lang => code(lang),
        status => status_class(shown),
        summary,
        report,
        ..frame(lang, &links, &here)
    };
    render(app, "edit.html", StatusCode::OK, ctx)
}
