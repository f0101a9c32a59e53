//! Stage 2: syntax tree → checked model, with every problem found.
//!
//! The checker resolves names against the scoring scheme, checks every
//! figure and rule, and computes 执行率, each score, 总分 and its grade. It
//! never stops at the first problem: all are collected, sorted by position.
//! A model is produced only when there is no error.

mod indicator;
mod projects;
mod report;
mod settings;
mod template;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use rust_decimal::Decimal;

pub use indicator::reached;

use crate::arith;
use crate::ast::{self, EvalItem, GoalItem, TopItem};
use crate::diag::{self, Context, Diagnostic, Kind, Missing};
use crate::format::{self, round2};
use crate::model;
use crate::scheme::{self, Scheme};
use crate::span::{Span, Spanned};
use crate::suggest::nearest;
use crate::template::{self as form, Form, Loaded, Template, strip_part};

/// The result of checking one file.
#[derive(Clone, Debug)]
pub struct Checked {
    /// The model, when the file has no error.
    pub model: Option<model::Model>,
    /// Every error, warning and advice, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The figures computed for places of the file, in the order found,
    /// for editors to show where the user points. Present for every part
    /// that could be computed, even when another part has an error.
    pub computed: Vec<(Span, Computed)>,
    /// The scoring scheme the file was checked against.
    pub scheme: Scheme,
    /// The form template the evaluation is printed on.
    pub template: Arc<Template>,
    /// The problems of a template file the evaluation names, to be shown
    /// with that file.
    pub template_problems: Option<TemplateProblems>,
}

/// The diagnostics of a template file, against its own text.
#[derive(Clone, Debug)]
pub struct TemplateProblems {
    /// The file as the loader names it.
    pub origin: String,
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// A template read from its text.
#[derive(Clone, Debug)]
pub struct ReadTemplate {
    pub template: Option<Template>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a `表样 "…"` reference names.
#[derive(Clone, Debug)]
pub enum Named {
    /// Neither built in nor readable (`Loaded::Failed`'s reason).
    Missing(Option<String>),
    /// A built-in template, or a file read: the template unless it has
    /// errors, and its diagnostics when it has any.
    Read {
        template: Option<Arc<Template>>,
        problems: Option<TemplateProblems>,
    },
}

/// The template `name` names: built in, or a file `load` reads.
pub fn named_template(name: &str, load: &dyn Fn(&str) -> Loaded) -> Named {
    if let Some(template) = form::builtin(name) {
        return Named::Read {
            template: Some(template),
            problems: None,
        };
    }
    let (origin, text) = match load(name) {
        Loaded::Source { origin, text } => (origin, text),
        Loaded::Failed(reason) => return Named::Missing(reason),
    };
    let read = read_template(&text);
    Named::Read {
        template: read.template.map(Arc::new),
        problems: (!read.diagnostics.is_empty()).then_some(TemplateProblems {
            origin,
            source: text,
            diagnostics: read.diagnostics,
        }),
    }
}

/// Reads the text of a template file (one `表样 "名称" { … }`).
pub fn read_template(source: &str) -> ReadTemplate {
    let file = match crate::parse(source) {
        Ok(file) => file,
        Err(diagnostics) => {
            return ReadTemplate {
                template: None,
                diagnostics,
            };
        }
    };
    let mut checker = Checker::new(None);
    let mut template = None;
    for item in &file.items {
        match item {
            TopItem::Template(t) if template.is_none() => template = Some(checker.template(t)),
            TopItem::Template(t) => checker.duplicate("表样", t.keyword, Span::at(0)),
            TopItem::Evaluation(e) => checker.error(
                Kind::TemplateMissing {
                    what: "只有 表样 { … }（自评表写在自己的文件里）".to_string(),
                },
                e.keyword,
            ),
            TopItem::Report(r) => checker.error(
                Kind::TemplateMissing {
                    what: "只有 表样 { … }（自评报告写在自评表的文件里）".to_string(),
                },
                r.keyword,
            ),
            TopItem::Unknown(u) => {
                checker.unknown(u, Context::File);
            }
        }
    }
    if template.is_none() {
        checker.error(
            Kind::TemplateMissing {
                what: "表样 \"名称\" { … }".to_string(),
            },
            Span::at(0),
        );
    }
    let mut diagnostics = checker.diagnostics;
    diag::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    ReadTemplate {
        template: template.flatten().filter(|_| !has_errors),
        diagnostics,
    }
}

/// What the checker computed for one place of a file.
#[derive(Clone, Debug, PartialEq)]
pub enum Computed {
    /// A 三级指标 (the span is the whole indicator): its score and formula.
    Indicator(model::Indicator),
    /// A row of the funds table: its figures and 执行率; on 年度资金总额
    /// also the weight and score of budget execution.
    FundsRow {
        row: model::FundsRow,
        /// The label the form prints.
        label: String,
        unit: String,
        weight: Option<Decimal>,
        score: Option<Decimal>,
    },
    /// A 一级 (`level` 1) or 二级 (`level` 2) category: the sum of its
    /// indicators' weights and of their rounded scores.
    Category {
        level: u8,
        name: String,
        weight: Decimal,
        score: Decimal,
    },
    /// A project file a 部门整体 sheet lists (the span is its path): its
    /// row of the summary.
    Project(crate::summary::Row),
    /// The whole evaluation (the span is `自评表 "名称"`): 总分 and grade.
    Total {
        weight: Decimal,
        score: Decimal,
        grade: String,
    },
}

impl Checked {
    /// How many diagnostics of `severity` the file has, those of a template
    /// file it names counted as its own.
    pub fn count(&self, severity: diag::Severity) -> usize {
        self.diagnostics
            .iter()
            .chain(self.template_problems.iter().flat_map(|p| &p.diagnostics))
            .filter(|d| d.severity() == severity)
            .count()
    }

    /// What `jixiao json` prints: the model, or every figure that could be
    /// computed with the diagnostics (`name` is the file's name in them).
    pub fn output(&self, name: &str, source: &str, lang: diag::Lang) -> model::Output {
        if let Some(model) = &self.model {
            return model::Output::Complete(Box::new(model.clone()));
        }
        let lines = crate::span::Lines::new(source);
        let line = |span: &Span| lines.line_col(span.start).0;
        let mut partial = model::Partial {
            partial: true,
            indicators: Vec::new(),
            funds_rows: Vec::new(),
            categories: Vec::new(),
            total: None,
            diagnostics: diag::render_json(&self.diagnostics, name, source, lang),
        };
        for (span, computed) in &self.computed {
            let line = line(span);
            match computed {
                Computed::Indicator(indicator) => {
                    partial.indicators.push(model::PartialIndicator {
                        line,
                        indicator: indicator.clone(),
                    })
                }
                Computed::FundsRow {
                    row,
                    unit,
                    weight,
                    score,
                    ..
                } => partial.funds_rows.push(model::PartialFundsRow {
                    line,
                    row: row.clone(),
                    unit: unit.clone(),
                    weight: *weight,
                    score: *score,
                }),
                Computed::Category {
                    level,
                    name,
                    weight,
                    score,
                } => partial.categories.push(model::PartialCategory {
                    line,
                    level: *level,
                    name: name.clone(),
                    weight: *weight,
                    score: *score,
                }),
                // A listed project's figures are its own file's.
                Computed::Project(_) => {}
                Computed::Total {
                    weight,
                    score,
                    grade,
                } => {
                    partial.total = Some(model::PartialTotal {
                        line,
                        weight: *weight,
                        score: *score,
                        grade: grade.clone(),
                    })
                }
            }
        }
        model::Output::Partial(partial)
    }
}

/// Checks a parsed file that names only built-in templates.
pub fn check(file: &ast::File) -> Checked {
    check_with(file, &|_| Loaded::Failed(None))
}

/// Checks a parsed file; `load` gives the text of a template file the
/// evaluation names by path (the binary reads it relative to the file).
pub fn check_with(file: &ast::File, load: &dyn Fn(&str) -> Loaded) -> Checked {
    check_form(file, load, Form::Evaluation)
}

/// Checks a parsed file for one of the year's forms: what that form needs
/// must be there (a 申报表 needs no actuals), and the model is printed on
/// the template of that form.
pub fn check_form(file: &ast::File, load: &dyn Fn(&str) -> Loaded, form: Form) -> Checked {
    let mut checker = Checker::new(Some(form::default_template()));
    // A 部门整体 file is its department's self-evaluation.
    checker.form = match form {
        Form::Department => Form::Evaluation,
        other => other,
    };
    let mut malformed: Vec<Span> = file.malformed.iter().map(|(_, span)| *span).collect();
    malformed.sort_by_key(|s| s.start);
    checker.malformed = malformed;
    let mut evaluation: Option<(Span, Option<model::Evaluation>)> = None;
    let mut reports: Vec<&ast::Report> = Vec::new();
    for item in &file.items {
        match item {
            TopItem::Evaluation(e) => match &evaluation {
                Some((first, _)) => checker.duplicate("自评表", e.keyword, *first),
                None => evaluation = Some((e.keyword, checker.evaluation(e, load))),
            },
            // A template file: its problems are the file's.
            TopItem::Template(t) => {
                checker.template(t);
            }
            TopItem::Report(r) => reports.push(r),
            TopItem::Unknown(u) => {
                checker.unknown(u, Context::File);
            }
        }
    }
    // A report quotes the form, so it is checked after the evaluation.
    let form = evaluation.as_ref().and_then(|(_, e)| e.as_ref());
    let mut report = None;
    for r in reports {
        match &report {
            Some((first, _)) => checker.duplicate("自评报告", r.keyword, *first),
            None => report = Some((r.keyword, checker.report(r, form))),
        }
    }
    checker.signed_after_the_year();
    for span in &file.placeholders {
        checker.push(Diagnostic::new(Kind::Placeholder, *span));
    }
    for (span, found) in &file.left_over {
        checker.push(Diagnostic::new(
            Kind::LeftOver {
                found: found.clone(),
            },
            *span,
        ));
    }
    let templates_only = file.items.iter().any(|i| matches!(i, TopItem::Template(_)));
    if evaluation.is_none() && !templates_only && checker.malformed.is_empty() {
        checker.push(Diagnostic::new(
            Kind::Missing {
                what: Missing::Evaluation,
            },
            Span::at(0),
        ));
    }
    let mut diagnostics = checker.diagnostics;
    // A file with no actual yet, checked as its 自评表: one error says so,
    // in place of one for every 完成值, one for the goal's 实际完成情况 and
    // one for the 执行率 the funds cannot have without a 全年执行数.
    if checker.form == Form::Evaluation {
        let missing = |d: &Diagnostic| match d.kind {
            Kind::MissingIn {
                what: Missing::Actual,
                ..
            } => Some(true),
            Kind::MissingGoalPart { actual: true } | Kind::NoBudget => Some(false),
            _ => None,
        };
        let indicators = diagnostics
            .iter()
            .filter(|d| missing(d) == Some(true))
            .count();
        let at = file.items.iter().find_map(|i| match i {
            TopItem::Evaluation(e) => Some(e.keyword.to(e.name.span)),
            _ => None,
        });
        // The stage is looked for only in a file that lacks a 完成值.
        let stage = match indicators {
            0 => Form::Evaluation,
            _ => indicator::reached(file),
        };
        if let (Some(at), Form::Declaration | Form::Monitoring) = (at, stage) {
            diagnostics.retain(|d| missing(d).is_none());
            diagnostics.push(Diagnostic::new(
                Kind::NoActualsYet {
                    stage: stage.chinese(),
                    missing: indicators,
                },
                at,
            ));
        }
    }
    diag::sort(&mut diagnostics);
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let model = match evaluation {
        Some((_, Some(evaluation))) if !has_errors => Some(model::Model {
            evaluation,
            report: report.map(|(_, r)| r),
            template: match (&checker.printed, &checker.template) {
                (Some(printed), Some(reading)) => with_rows_of(printed, reading),
                (Some(printed), None) => Arc::clone(printed),
                (None, reading) => reading.clone().unwrap_or_else(form::default_template),
            },
            form: checker.form,
        }),
        _ => None,
    };
    Checked {
        model,
        diagnostics,
        computed: checker.computed,
        scheme: checker.scheme,
        template: checker.template.unwrap_or_else(form::default_template),
        template_problems: checker.template_problems,
    }
}

/// The template of another stage with the funds rows of the file's 自评表
/// template, so that no row's amounts are left off: each row keeps the
/// stage template's label where it has a row of that key.
fn with_rows_of(printed: &Arc<Template>, reading: &Template) -> Arc<Template> {
    let rows = &reading.funds().rows;
    let mut t = Template::clone(printed);
    for section in &mut t.sections {
        if let form::Section::Funds(layout) = section {
            layout.rows = rows
                .iter()
                .map(|r| {
                    layout
                        .rows
                        .iter()
                        .find(|own| own.key == r.key)
                        .unwrap_or(r)
                        .clone()
                })
                .collect();
        }
    }
    if t == **printed {
        return Arc::clone(printed);
    }
    Arc::new(t)
}

struct Checker {
    diagnostics: Vec<Diagnostic>,
    /// How many of `diagnostics` are errors, kept as they are pushed (an
    /// indicator asks after each check whether it added one).
    errors: usize,
    computed: Vec<(Span, Computed)>,
    /// The scheme of the evaluation being checked.
    scheme: Scheme,
    /// 年度 of the evaluation and the date of the report, compared at the end.
    year: Option<Spanned<u32>>,
    signed: Option<Spanned<ast::Date>>,
    /// Figures already reported as too large to compute with.
    overflowed: HashSet<Span>,
    /// The template of the evaluation being checked (none while reading a
    /// template).
    template: Option<Arc<Template>>,
    template_problems: Option<TemplateProblems>,
    /// Malformed items the parser skipped, in the order of the file (they
    /// do not overlap).
    malformed: Vec<Span>,
    /// The form the file is checked for.
    form: Form,
    /// The template of that form, when it is not the 自评表 (which is
    /// `template`, the one the file's rows are read by).
    printed: Option<Arc<Template>>,
    /// The funds total's figures, for rows scored by the execution rule.
    execution: Execution,
}

/// What the execution rule (`规则 执行率`) scores from: the 执行率 of the
/// funds total (a department's 部门预算).
#[derive(Clone, Copy, Debug)]
enum Execution {
    /// The file has no funds block.
    Absent,
    /// A funds block whose total has no rate; `explained` when another
    /// diagnostic there says why.
    NoRate { at: Span, explained: bool },
    /// `explained` when the funds block has a 偏差 or is asked for one
    /// (W306): a row's score below its weight then asks for none.
    Rate {
        executed: Decimal,
        budget: Decimal,
        at: Span,
        explained: bool,
        /// The funds total's 分值, when the funds table scores the
        /// execution itself (a project's 年度资金总额 分值 10).
        weighted: Option<Span>,
    },
}

/// Keeps the first occurrence of a keyword that may appear once.
struct Once<T> {
    name: &'static str,
    value: Option<(Span, T)>,
}

impl<T> Once<T> {
    fn new(name: &'static str) -> Self {
        Once { name, value: None }
    }

    fn set(&mut self, checker: &mut Checker, keyword: Span, value: T) {
        match &self.value {
            Some((first, _)) => checker.duplicate(self.name, keyword, *first),
            None => self.value = Some((keyword, value)),
        }
    }

    fn get(self) -> Option<T> {
        self.value.map(|(_, v)| v)
    }
}

impl Checker {
    /// A checker for an evaluation on `template`, or (without one) for a
    /// template itself.
    fn new(template: Option<Arc<Template>>) -> Self {
        Checker {
            diagnostics: Vec::new(),
            errors: 0,
            computed: Vec::new(),
            scheme: template
                .as_ref()
                .map_or_else(Scheme::default, |t| t.scheme.clone()),
            year: None,
            signed: None,
            overflowed: HashSet::new(),
            template,
            template_problems: None,
            malformed: Vec::new(),
            form: Form::Evaluation,
            printed: None,
            execution: Execution::Absent,
        }
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.errors += usize::from(diagnostic.is_error());
        self.diagnostics.push(diagnostic);
    }

    fn error(&mut self, kind: Kind, span: Span) {
        self.push(Diagnostic::new(kind, span));
    }

    /// The result of a calculation on the figure at `span`, or one error
    /// there (once per figure) when it does not fit.
    fn checked(&mut self, result: arith::Result, span: Span) -> Option<Decimal> {
        match result {
            Ok(value) => Some(value),
            Err(arith::Overflow) => {
                if self.overflowed.insert(span) {
                    self.error(Kind::Overflow, span);
                }
                None
            }
        }
    }

    /// The exact sum of figures, or one error on the figure whose addition
    /// does not fit.
    fn sum_at(&mut self, figures: impl IntoIterator<Item = (Decimal, Span)>) -> Option<Decimal> {
        let mut sum = Decimal::ZERO;
        for (figure, span) in figures {
            sum = self.checked(arith::add(sum, figure), span)?;
        }
        Some(sum)
    }

    fn duplicate(&mut self, name: &str, again: Span, first: Span) {
        self.push(
            Diagnostic::new(
                Kind::Duplicate {
                    name: name.to_string(),
                },
                again,
            )
            .with_related(first),
        );
    }

    /// Whether the block at `span` holds a malformed item: what it lacks
    /// may be in the part that was skipped.
    fn skipped_in(&self, span: Span) -> bool {
        // The first item at or after the start is the one that can lie in
        // `span`: the next ones start after its end.
        let first = self.malformed.partition_point(|m| m.start < span.start);
        self.malformed.get(first).is_some_and(|m| m.end <= span.end)
    }

    fn missing(&mut self, what: Missing, span: Span) {
        self.error(Kind::Missing { what }, span);
    }

    /// Reports a keyword unknown in `context`; returns the keyword it is
    /// probably a misspelling of, so that it is not reported missing too.
    fn unknown(&mut self, unknown: &ast::Unknown, context: Context) -> Option<&'static str> {
        let candidates = context.keywords().iter().flat_map(|(zh, en)| [*zh, *en]);
        let suggestion = nearest(&unknown.name.value, candidates);
        self.error(
            Kind::UnknownKeyword {
                found: unknown.name.value.clone(),
                context,
                suggestion: suggestion.map(str::to_string),
            },
            unknown.name.span,
        );
        suggestion
    }

    fn date(&mut self, date: &Spanned<ast::Date>) {
        if !format::is_valid_date(date.value) {
            self.error(Kind::InvalidDate, date.span);
        }
    }

    // -------------------------------------------------------------- 自评表

    /// The template an evaluation names, or `None` (reported) when it
    /// cannot be had.
    fn named_template(
        &mut self,
        name: &ast::Str,
        load: &dyn Fn(&str) -> Loaded,
    ) -> Option<Arc<Template>> {
        match named_template(&name.value, load) {
            Named::Missing(reason) => {
                self.error(
                    Kind::TemplateNotFound {
                        name: name.value.clone(),
                        reason,
                        builtins: form::BUILTINS.iter().map(|b| b.name.to_string()).collect(),
                    },
                    name.span,
                );
                None
            }
            Named::Read { template, problems } => {
                let errors = problems
                    .iter()
                    .flat_map(|p| &p.diagnostics)
                    .filter(|d| d.is_error())
                    .count();
                if errors > 0 {
                    self.error(
                        Kind::TemplateBroken {
                            name: name.value.clone(),
                            errors,
                        },
                        name.span,
                    );
                }
                self.template_problems = problems;
                template
            }
        }
    }

    /// The template being checked against, to hold while the checker is
    /// borrowed mutably.
    pub(super) fn shared_form(&self) -> Arc<Template> {
        Arc::clone(
            self.template
                .as_ref()
                .expect("an evaluation is checked with a template"),
        )
    }

    /// The template being checked against.
    fn form(&self) -> &Template {
        self.template
            .as_deref()
            .expect("an evaluation is checked with a template")
    }

    fn evaluation(
        &mut self,
        e: &ast::Evaluation,
        load: &dyn Fn(&str) -> Loaded,
    ) -> Option<model::Evaluation> {
        // One template of each form: the 自评表's reads the file (its funds
        // rows and scheme), the others print their stage.
        let mut templates: Vec<(Form, Span, Arc<Template>)> = Vec::new();
        let mut unreadable = false;
        for item in &e.items {
            if let EvalItem::Template { keyword, name } = item {
                // A template that cannot be had leaves nothing to check against.
                let Some(t) = self.named_template(name, load) else {
                    unreadable = true;
                    continue;
                };
                match templates
                    .iter()
                    .find(|(f, _, _)| *f == t.form || f.reads() && t.form.reads())
                {
                    Some((_, first, _)) => self.duplicate("表样", *keyword, *first),
                    None => templates.push((t.form, *keyword, t)),
                }
            }
        }
        if unreadable {
            return None;
        }
        if let Some((_, _, t)) = templates.iter().find(|(f, _, _)| f.reads()) {
            self.template = Some(Arc::clone(t));
            self.scheme = self.form().scheme.clone();
        }
        if self.form != Form::Evaluation {
            self.printed = templates
                .iter()
                .find(|(f, _, _)| *f == self.form)
                .map(|(_, _, t)| Arc::clone(t))
                .or_else(|| form::builtin(self.form.default_template()));
        }
        let mut year = Once::new("年度");
        let mut title = Once::new("标题");
        let mut department = Once::new("主管部门");
        let mut implementer = Once::new("实施单位");
        let mut funds = Once::new("项目资金");
        let mut goal = Once::new("年度总体目标");
        let mut indicators = Once::new("绩效指标");
        let mut misspelt = Vec::new();
        // The scheme decides how everything else is checked.
        let mut scheme = Once::new("评分方案");
        for item in &e.items {
            if let EvalItem::Scheme(s) = item {
                scheme.set(self, s.keyword, s);
            }
        }
        if let Some(s) = scheme.get() {
            let base = self.form().scheme.clone();
            self.scheme = self.resolve_scheme(s, &base);
        }
        // The funds come before the indicators, whose execution rule
        // scores from them.
        for item in &e.items {
            if let EvalItem::Funds(f) = item {
                let checked = self.funds(f);
                funds.set(self, f.keyword, (f.weight_span(), checked));
            }
        }
        let mut fields = Once::new("栏目");
        for item in &e.items {
            match item {
                EvalItem::Scheme(_)
                | EvalItem::Template { .. }
                | EvalItem::Funds(_)
                | EvalItem::Projects(_) => {}
                EvalItem::Fields(f) => {
                    let texts = self.field_texts(f);
                    fields.set(self, f.keyword, texts);
                }
                EvalItem::Year { keyword, year: y } => {
                    if self.year.is_none() {
                        self.year = Some(y.clone());
                    }
                    year.set(self, *keyword, y.value)
                }
                EvalItem::Title { keyword, text } => title.set(self, *keyword, text.value.clone()),
                EvalItem::Department { keyword, text } => {
                    department.set(self, *keyword, text.value.clone())
                }
                EvalItem::Implementer { keyword, text } => {
                    implementer.set(self, *keyword, text.value.clone())
                }
                EvalItem::Goal(g) => {
                    let checked = self.goal(g);
                    goal.set(self, g.keyword, checked);
                }
                EvalItem::Indicators(i) => {
                    let checked = self.indicators(i);
                    indicators.set(self, i.keyword, (i.keyword, checked));
                }
                EvalItem::Unknown(u) => misspelt.extend(self.unknown(u, Context::Evaluation)),
            }
        }
        let at = e.keyword;
        let fields = fields.get().unwrap_or_default();
        let template = self.form().name.clone();
        let unfilled: Vec<String> = self
            .form()
            .fields
            .iter()
            .filter(|f| f.required && !fields.contains_key(&f.key))
            .map(|f| f.key.clone())
            .collect();
        if !unfilled.is_empty() {
            self.push(Diagnostic::new(
                Kind::FieldMissing {
                    keys: unfilled,
                    template,
                },
                e.name.span,
            ));
        }
        let year = year.get();
        let department = department.get();
        let implementer = implementer.get();
        let mut funds = funds.get();
        let mut goal = goal.get();
        let indicators = indicators.get();
        // The listed project files, checked against what the sheet says of
        // itself.
        let sheet = projects::Sheet {
            year,
            department: department.as_deref(),
            budget: funds.as_ref().and_then(|(_, f)| f.as_ref()),
            funds: e.items.iter().find_map(|i| match i {
                EvalItem::Funds(f) if f.budget => Some(f),
                _ => None,
            }),
        };
        let mut summary: Option<(Span, Option<crate::summary::Summary>)> = None;
        for item in &e.items {
            if let EvalItem::Projects(p) = item {
                match &summary {
                    Some((first, _)) => self.duplicate("项目汇总", p.keyword, *first),
                    None => summary = Some((p.keyword, self.projects(p, load, &sheet))),
                }
            }
        }
        // A form without a funds table or a goal asks for neither; the
        // 部门整体 sheet's budget figures are optional.
        let has_funds = self.form().has(|s| matches!(s, form::Section::Funds(_)))
            && self.form().form != Form::Department;
        let has_goal = self.form().has(|s| matches!(s, form::Section::Goal(_)));
        if !has_funds && funds.is_none() {
            funds = Some((None, Some(model::Funds::default())));
        }
        if !has_goal && goal.is_none() {
            goal = Some(Some((None, None, None)));
        }
        for (absent, what) in [
            (year.is_none(), Missing::Year),
            (department.is_none(), Missing::Department),
            (implementer.is_none(), Missing::Implementer),
            (funds.is_none(), Missing::Funds),
            (goal.is_none(), Missing::Goal),
            (indicators.is_none(), Missing::Indicators),
        ] {
            if absent && !misspelt.iter().any(|m| what.is_named(m)) && !self.skipped_in(e.span) {
                self.missing(what, at);
            }
        }
        let year = year?;
        let (weight_span, funds) = funds?;
        let funds = funds?;
        let goal = goal??;
        let (indicators_keyword, categories) = indicators?;
        let categories = categories?;
        let scores = categories.iter().map(|c| c.score);
        let weights = categories.iter().map(|c| c.weight);
        let total_score = arith::sum(scores.chain(funds.score));
        let total_weight = arith::sum(weights.chain(funds.weight));
        let (total_score, total_weight) = (
            round2(self.checked(total_score, indicators_keyword)?),
            self.checked(total_weight, indicators_keyword)?,
        );
        self.weights(
            &funds,
            weight_span,
            &categories,
            (total_weight, indicators_keyword),
        );
        let mut evaluation = model::Evaluation {
            name: e.name.value.clone(),
            year,
            // A file's 标题 is its 自评表's; another form has its own.
            title: match &self.printed {
                Some(printed) => printed.title_of(year),
                None => title.get().unwrap_or_else(|| self.form().title_of(year)),
            },
            department: department?,
            implementer: implementer?,
            funds,
            goal: model::Goal {
                expected: String::new(),
                actual: String::new(),
                progress: None,
            },
            categories: categories.into_iter().map(|c| c.model).collect(),
            total_weight,
            total_score,
            grade: self.scheme.grade_of(total_score).to_string(),
            fields,
            projects: summary.and_then(|(_, s)| s),
        };
        self.computed.push((
            e.keyword.to(e.name.span),
            Computed::Total {
                weight: total_weight,
                score: total_score,
                grade: evaluation.grade.clone(),
            },
        ));
        // The goal may quote the figures just computed.
        let (expected, actual, progress) = goal;
        evaluation.goal = model::Goal {
            expected: expected.map_or_else(String::new, |e| self.resolve(e, Some(&evaluation))),
            actual: actual.map_or_else(String::new, |a| self.resolve(a, Some(&evaluation))),
            progress: progress.map(|p| self.resolve(p, Some(&evaluation))),
        };
        Some(evaluation)
    }

    /// The texts of `栏目 { … }`, by the template's names.
    /// A misspelt name is taken for the one it is nearest to, so that it
    /// is not also reported missing.
    fn field_texts(&mut self, f: &ast::Fields) -> BTreeMap<String, String> {
        let mut texts = BTreeMap::new();
        let mut spans: HashMap<&str, Span> = HashMap::new();
        for (name, text) in &f.entries {
            let known = self.form().fields.iter().any(|d| d.key == name.value);
            if !known {
                let valid: Vec<String> = self.form().fields.iter().map(|d| d.key.clone()).collect();
                let suggestion =
                    nearest(&name.value, valid.iter().map(String::as_str)).map(str::to_string);
                if let Some(meant) = &suggestion {
                    texts.entry(meant.clone()).or_insert_with(String::new);
                }
                let template = self.form().name.clone();
                self.error(
                    Kind::UnknownFieldText {
                        found: name.value.clone(),
                        suggestion,
                        valid,
                        template,
                    },
                    name.span,
                );
                continue;
            }
            if let Some(first) = spans.get(name.value.as_str()) {
                self.duplicate(&name.value, name.span, *first);
                continue;
            }
            spans.insert(&name.value, name.span);
            texts.insert(name.value.clone(), text.value.clone());
        }
        texts
    }

    // ---------------------------------------------------------------- funds

    fn funds(&mut self, f: &ast::Funds) -> Option<model::Funds> {
        let unit = match &f.unit {
            None => "万元".to_string(),
            Some(u) if u.value == "万元" || u.value == "元" => u.value.clone(),
            Some(u) => {
                self.error(
                    Kind::UnknownUnit {
                        found: u.value.clone(),
                    },
                    u.span,
                );
                u.value.clone()
            }
        };
        let template = self.shared_form();
        let layout = template.funds();
        let amounts = layout.amounts();
        let base = layout.base();
        // Until its total's rate is known, what the execution rule would
        // score from is said to be wrong here.
        self.execution = Execution::NoRate {
            at: f.keyword,
            explained: true,
        };
        // A department's budget on a project's form: one error, not one for
        // each of its rows, which the project's funds table does not have.
        if f.budget && template.form != Form::Department {
            self.error(
                Kind::BudgetOnProjectForm {
                    template: template.name.clone(),
                },
                f.keyword,
            );
            return None;
        }
        // A department's budget is not scored: its 执行率 scores the
        // 预算执行率 row (规则 执行率).
        let department = template.form == Form::Department;
        // The rows written, by their index in the template; each with its
        // amounts by meaning (0 年初预算数, 1 全年预算数, 2 全年执行数).
        let mut rows: HashMap<usize, (&ast::FundsRow, [Option<&ast::Cell>; 3])> = HashMap::new();
        let mut misspelt = Vec::new();
        let mut unreadable = 0;
        let mut weight_missing = false;
        for row in &f.rows {
            let index = match self.funds_row_index(&row.label) {
                Ok(index) => index,
                Err(suggestion) => {
                    misspelt.extend(suggestion);
                    unreadable += 1;
                    continue;
                }
            };
            let def = &layout.rows[index];
            if let Some((first, _)) = rows.get(&index) {
                self.duplicate(strip_part(&def.label), row.label.span, first.label.span);
                unreadable += 1;
                continue;
            }
            if row.cells.len() != amounts.len() {
                self.error(
                    Kind::AmountCount {
                        expected: amounts.len(),
                        found: row.cells.len(),
                        columns: layout
                            .columns
                            .iter()
                            .filter(|c| c.kind.amount().is_some())
                            .map(|c| c.label.clone())
                            .collect(),
                    },
                    row.label
                        .span
                        .to(row.cells.last().map_or(row.label.span, |c| c.span)),
                );
                unreadable += 1;
                continue;
            }
            let mut cells = [None; 3];
            for (cell, meaning) in row.cells.iter().zip(&amounts) {
                cells[*meaning] = Some(cell);
            }
            rows.insert(index, (row, cells));
            for cell in &row.cells {
                if cell
                    .amount
                    .is_some_and(|a| a.is_sign_negative() && !a.is_zero())
                {
                    self.error(Kind::NegativeAmount, cell.span);
                }
            }
            if department {
                for (field, written) in
                    [("分值", row.weight.as_ref()), ("得分", row.score.as_ref())]
                {
                    if let Some(w) = written {
                        self.error(Kind::BudgetNotScored { field }, w.span);
                    }
                }
            } else if let (Some(weight), false) = (&row.weight, index == 0) {
                self.error(Kind::MisplacedWeight, weight.span);
            }
            if let (Some(score), false) = (&row.score, department) {
                if index != 0 {
                    self.error(Kind::MisplacedFundsScore, score.span);
                } else if row.weight.is_none() {
                    // The weight it was scored out of is missing: no total
                    // can be computed, and none is said to be wrong.
                    self.error(
                        Kind::ScoreWithoutWeight {
                            score: format::plain(score.value),
                        },
                        score.span,
                    );
                    weight_missing = true;
                }
            }
            if let (Some(budget), Some(executed)) = (cells[base], cells[2])
                && let (Some(a), Some(x)) = (budget.amount, executed.amount)
                && x > a
            {
                self.push(
                    Diagnostic::new(
                        Kind::ExecutedOverBudget {
                            row: strip_part(&def.label).to_string(),
                            executed: x.to_string(),
                            budget: a.to_string(),
                        },
                        executed.span,
                    )
                    .with_related(budget.span),
                );
            }
        }
        // A malformed row may be any of them: the sums wait for it.
        if self.skipped_in(f.span) {
            return None;
        }
        let Some((total, total_cells)) = rows.get(&0).copied() else {
            if !misspelt.contains(&0) {
                self.missing(Missing::FundsTotal, f.keyword);
            }
            return None;
        };
        // Each column's total is the sum of the rows below it; a row jixiao
        // cannot read may be a part, so the sums wait for it.
        let unknown_row = unreadable > 0;
        let mut sum_wrong = [false; 3];
        for &column in amounts.iter().filter(|_| !unknown_row) {
            let parts: Vec<&ast::Cell> = (1..layout.rows.len())
                .filter_map(|i| rows.get(&i).and_then(|(_, cells)| cells[column]))
                .collect();
            // No row below written at all: the total is not broken down,
            // which is no wrong sum (E301 would say to make it 0).
            let (Some(cell), false) = (total_cells[column], parts.is_empty()) else {
                continue;
            };
            let amounts = parts.iter().map(|c| (c.amount.unwrap_or_default(), c.span));
            let Some(sum) = self.sum_at(amounts) else {
                continue;
            };
            let stated = cell.amount.unwrap_or_default();
            if stated != sum {
                let named = |d: &form::RowDef| (strip_part(&d.name).to_string(), d.key.clone());
                let mut d = Diagnostic::new(
                    Kind::FundsSum {
                        column,
                        label: layout
                            .columns
                            .iter()
                            .find(|c| c.kind.amount() == Some(column))
                            .map_or_else(String::new, |c| c.label.clone()),
                        total: cell.amount.map_or("-".to_string(), |a| a.to_string()),
                        sum: sum.to_string(),
                        total_row: named(&layout.rows[0]),
                        parts: layout.rows[1..].iter().map(named).collect(),
                    },
                    cell.span,
                );
                if parts.len() == layout.rows.len() - 1 {
                    for part in parts {
                        d = d.with_related(part.span);
                    }
                }
                self.push(d);
                sum_wrong[column] = true;
            }
        }
        let mut note = Once::new("偏差");
        for (keyword, text) in &f.notes {
            note.set(self, *keyword, text.value.clone());
        }
        let note = note.get();
        let total_weight = total.weight.as_ref().filter(|_| !department);
        if let Some(w) = total_weight {
            if w.value.is_sign_negative() && !w.value.is_zero() {
                self.error(Kind::NegativeScore, w.span);
            } else {
                self.weight_precision(w);
            }
        }
        let weight = total_weight.map(|w| w.value);
        let (budget, executed) = (
            total_cells[base].expect("the base is an amount column"),
            total_cells[2].expect("全年执行数 is an amount column"),
        );
        let rate = match (budget.amount, executed.amount) {
            (Some(a), Some(x)) if !a.is_zero() => {
                let rate = self.checked(arith::percent(x, a), executed.span);
                if rate.is_some() {
                    self.execution = Execution::Rate {
                        executed: x,
                        budget: a,
                        at: total.span,
                        explained: note.is_some() || rate < Some(self.scheme.min_execution),
                        weighted: total_weight.map(|w| w.span),
                    };
                }
                rate
            }
            _ => {
                self.execution = Execution::NoRate {
                    at: budget.span,
                    explained: false,
                };
                None
            }
        };
        if let Some(rate) = rate
            && note.is_none()
            && rate < self.scheme.min_execution
        {
            self.push(Diagnostic::new(
                Kind::LowExecution {
                    rate: format::percent_beside(rate, self.scheme.min_execution),
                    threshold: format!("{}%", format::plain(self.scheme.min_execution)),
                },
                executed.span,
            ));
        }
        let blank = total.cells.iter().all(|c| c.amount.is_none());
        let score = match (weight, budget.amount, executed.amount) {
            (None, _, _) => None,
            // Before the self-evaluation nothing is executed for the year.
            (Some(_), _, None) if self.form != Form::Evaluation => None,
            (Some(w), Some(a), Some(x)) if !a.is_zero() => self
                .execution_score(w, x, a, executed.span)
                .map(|(score, _)| score),
            // Not filled in yet (as `jixiao init` writes it): scored 0.
            (Some(_), _, _) if blank => {
                self.push(Diagnostic::new(Kind::FundsBlank, total.label.span));
                None
            }
            // A wrong or blank total that E301 or an unknown row explains
            // already is not reported again.
            (Some(_), _, _) => {
                if !sum_wrong[base] && !unknown_row {
                    self.error(Kind::NoBudget, budget.span);
                }
                None
            }
        };
        let mut model_rows: Vec<model::FundsRow> = Vec::new();
        for (index, def) in layout.rows.iter().enumerate() {
            let written = rows.get(&index);
            let amount = |m: usize| {
                written
                    .and_then(|(_, cells)| cells[m])
                    .and_then(|c| c.amount)
            };
            let execution_rate = match (written, amount(base), amount(2)) {
                (Some((_, cells)), Some(a), Some(x)) if !a.is_zero() => self
                    .checked(
                        arith::percent(x, a),
                        cells[2].expect("an amount column").span,
                    )
                    .map(round2),
                _ => None,
            };
            let to_date = written.and_then(|(r, _)| r.to_date.clone());
            let to_date_rate = match (&to_date, amount(base)) {
                (Some(x), Some(a)) if !a.is_zero() => {
                    self.checked(arith::percent(x.value, a), x.span).map(round2)
                }
                _ => None,
            };
            model_rows.push(model::FundsRow {
                kind: def.key.clone(),
                initial_budget: amount(0),
                annual_budget: amount(1),
                executed: amount(2),
                execution_rate,
                to_date: to_date.map(|x| x.value),
                to_date_rate,
                forecast: written.and_then(|(r, _)| r.forecast.as_ref().map(|f| f.value)),
            });
        }
        let monitored_at = self.funds_monitoring(f, total, model_rows.first());
        self.declared_funds_figures(&rows, &model_rows, layout, (weight, score));
        for (index, row) in model_rows.iter().enumerate() {
            if let Some((written, _)) = rows.get(&index) {
                let total = index == 0;
                self.computed.push((
                    written.span,
                    Computed::FundsRow {
                        row: row.clone(),
                        label: layout.rows[index].label.clone(),
                        unit: unit.clone(),
                        weight: weight.filter(|_| total),
                        score: score.filter(|_| total),
                    },
                ));
            }
        }
        if weight_missing {
            return None;
        }
        let (cause, measures) = monitored_at.1;
        Some(model::Funds {
            unit,
            rows: model_rows,
            weight,
            score,
            note,
            monitored_at: monitored_at.0,
            cause,
            measures,
        })
    }

    /// The monitoring date, 偏差原因 and 纠偏措施 of the funds; on the
    /// 监控表, execution behind the share of the year elapsed asks for
    /// 纠偏措施.
    #[allow(clippy::type_complexity)]
    fn funds_monitoring(
        &mut self,
        f: &ast::Funds,
        total: &ast::FundsRow,
        row: Option<&model::FundsRow>,
    ) -> (Option<ast::Date>, (Option<String>, Option<String>)) {
        let mut date = Once::new("监控");
        for (keyword, d) in &f.monitoring {
            self.date(d);
            date.set(self, *keyword, d.clone());
        }
        let mut cause = Once::new("偏差原因");
        for (keyword, text) in &f.causes {
            cause.set(self, *keyword, text.value.clone());
        }
        let mut measures = Once::new("纠偏措施");
        for (keyword, text) in &f.measures {
            measures.set(self, *keyword, text.value.clone());
        }
        let (date, cause, measures) = (date.get(), cause.get(), measures.get());
        if self.form == Form::Monitoring {
            match &date {
                None => self.missing(Missing::MonitoringDate, f.keyword),
                Some(d) if measures.is_none() => {
                    let month = d.value.month.clamp(1, 12);
                    let elapsed = arith::percent(Decimal::from(month), Decimal::from(12u32))
                        .map(round2)
                        .unwrap_or_default();
                    if let (Some(rate), Some(at)) =
                        (row.and_then(|r| r.to_date_rate), &total.to_date)
                        && rate < elapsed
                    {
                        self.push(Diagnostic::new(
                            Kind::ProgressBehind {
                                rate: format::percent_beside(rate, elapsed),
                                elapsed: format::percent(elapsed),
                                month,
                            },
                            at.span,
                        ));
                    }
                }
                Some(_) => {}
            }
        }
        ((date.map(|d| d.value)), (cause, measures))
    }

    /// The 执行率 and 得分 a form states by hand, against the computed ones.
    fn declared_funds_figures(
        &mut self,
        written: &HashMap<usize, (&ast::FundsRow, [Option<&ast::Cell>; 3])>,
        rows: &[model::FundsRow],
        layout: &form::FundsLayout,
        (weight, score): (Option<Decimal>, Option<Decimal>),
    ) {
        let base = layout.base();
        for (index, row) in rows.iter().enumerate() {
            let Some((ast_row, cells)) = written.get(&index) else {
                continue;
            };
            let amount = |c: Option<&ast::Cell>| {
                c.and_then(|c| c.amount)
                    .map_or("-".to_string(), |a| a.to_string())
            };
            let quotient = format!("{} / {}", amount(cells[2]), amount(cells[base]));
            if let Some(declared) = &ast_row.rate
                && row.execution_rate != Some(round2(declared.value))
            {
                let computed = row.execution_rate.map(format::percent);
                let formula = match &computed {
                    Some(c) => format!("{quotient} = {c}"),
                    None => quotient.clone(),
                };
                self.error(
                    Kind::FundsRateMismatch {
                        row: layout.rows[index].label.clone(),
                        declared: format!("{}%", format::plain(declared.value)),
                        computed,
                        formula,
                    },
                    declared.span,
                );
            }
            if let (Some(declared), Some(w), Some(computed)) = (&ast_row.score, weight, score)
                && index == 0
                && format::earned(declared.value, w) != computed
                && let (Some(a), Some(x)) = (
                    cells[base].and_then(|c| c.amount),
                    cells[2].and_then(|c| c.amount),
                )
            {
                self.error(
                    Kind::FundsScoreMismatch {
                        declared: format::plain(declared.value),
                        computed: format::score(computed),
                        formula: format::execution_formula(w, x, a, computed),
                    },
                    declared.span,
                );
            }
        }
    }

    /// Budget execution's score, 分值 × min(执行率, 100%), and its formula
    /// with the figures; a calculation that does not fit is reported at
    /// `at`. The funds total and the execution rule both score so.
    pub(super) fn execution_score(
        &mut self,
        weight: Decimal,
        executed: Decimal,
        budget: Decimal,
        at: Span,
    ) -> Option<(Decimal, String)> {
        let share = arith::share(weight, executed.max(Decimal::ZERO), budget);
        let score = format::earned(self.checked(share, at)?, weight);
        Some((
            score,
            format::execution_formula(weight, executed, budget, score),
        ))
    }

    /// The template's row a label names; otherwise reports it and returns
    /// the row it is probably a misspelling of.
    fn funds_row_index(&mut self, label: &Spanned<String>) -> Result<usize, Option<usize>> {
        let template = self.shared_form();
        let rows = &template.funds().rows;
        if let Some(index) = rows.iter().position(|r| r.matches(&label.value)) {
            return Ok(index);
        }
        let suggestion = nearest(
            strip_part(&label.value),
            rows.iter().flat_map(|r| r.spellings()),
        );
        self.error(
            Kind::UnknownFundsRow {
                found: label.value.clone(),
                suggestion: suggestion.map(str::to_string),
                valid: rows
                    .iter()
                    .map(|r| (r.name.clone(), r.key.clone()))
                    .collect(),
            },
            label.span,
        );
        Err(suggestion.and_then(|s| rows.iter().position(|r| r.matches(s))))
    }

    // ----------------------------------------------------------------- goal

    /// The two texts of the goal; they are resolved once the figures they
    /// may quote are known.
    #[allow(clippy::type_complexity)]
    fn goal<'a>(
        &mut self,
        g: &'a ast::Goal,
    ) -> Option<(
        Option<&'a ast::Text>,
        Option<&'a ast::Text>,
        Option<&'a ast::Text>,
    )> {
        let mut expected = Once::new("预期目标");
        let mut actual = Once::new("实际完成情况");
        let mut progress = Once::new("执行情况");
        let mut misspelt = Vec::new();
        for item in &g.items {
            match item {
                GoalItem::Expected { keyword, text } => expected.set(self, *keyword, text),
                GoalItem::Actual { keyword, text } => actual.set(self, *keyword, text),
                GoalItem::Progress { keyword, text } => progress.set(self, *keyword, text),
                GoalItem::Unknown(u) => misspelt.extend(self.unknown(u, Context::Goal)),
            }
        }
        let (expected, actual, progress) = (expected.get(), actual.get(), progress.get());
        let skipped = self.skipped_in(g.span);
        let named = |keywords: [&str; 2]| skipped || misspelt.iter().any(|m| keywords.contains(m));
        if expected.is_none() && !named(["预期目标", "expected"]) {
            self.error(Kind::MissingGoalPart { actual: false }, g.keyword);
        }
        // Only the self-evaluation reports what was achieved.
        if self.form == Form::Evaluation {
            if actual.is_none() && !named(["实际完成情况", "actual"]) {
                self.error(Kind::MissingGoalPart { actual: true }, g.keyword);
            }
            actual?;
        }
        Some((Some(expected?), actual, progress))
    }

    // ----------------------------------------------------------- indicators

    fn indicators(&mut self, block: &ast::Indicators) -> Option<Vec<CheckedLevel1>> {
        let framework = &self.scheme.framework.clone();
        // Indicators by (一级, 二级) index, in the order written, with the
        // span of each weight.
        let mut placed: Vec<Vec<Vec<(Span, model::Indicator)>>> = framework
            .iter()
            .map(|l1| vec![Vec::new(); l1.children.len()])
            .collect();
        let mut first_name: Vec<Option<Span>> = vec![None; framework.len()];
        // Where each category is written, for the subtotals shown in editors.
        let mut written: Vec<(Span, usize, Option<usize>)> = Vec::new();
        // A category written twice under one name; two names of one category
        // (成本指标 and 经济成本指标) share its rows.
        let mut seen_level2: HashMap<(usize, usize, &str), Span> = HashMap::new();
        let mut seen_names: HashMap<&str, Span> = HashMap::new();
        // A malformed item may be an indicator or a category: no subtotal.
        let mut complete = !self.skipped_in(block.span);
        for group in &block.groups {
            let Some(i1) = self.level1(&group.name, framework) else {
                // Its indicators are still checked, so that no error hides.
                complete = false;
                for sub in &group.groups {
                    self.unplaced(&sub.indicators, &mut seen_names);
                }
                continue;
            };
            match first_name[i1] {
                Some(first) => {
                    self.duplicate(&framework[i1].name.zh, group.name.span, first);
                    complete = false;
                }
                None => {
                    first_name[i1] = Some(group.name.span);
                    written.push((group.span, i1, None));
                }
            }
            for sub in &group.groups {
                let Some(i2) = self.level2(&sub.name, i1, &group.name, framework) else {
                    complete = false;
                    self.unplaced(&sub.indicators, &mut seen_names);
                    continue;
                };
                if sub.indicators.is_empty() && !self.skipped_in(sub.span) {
                    self.push(Diagnostic::new(
                        Kind::EmptyCategory {
                            name: sub.name.value.clone(),
                        },
                        sub.name.span,
                    ));
                }
                if let Some(first) = seen_level2.insert((i1, i2, &sub.name.value), sub.name.span) {
                    self.duplicate(&framework[i1].children[i2].zh, sub.name.span, first);
                    complete = false;
                } else {
                    written.push((sub.span, i1, Some(i2)));
                }
                for ind in &sub.indicators {
                    if let Some(first) = seen_names.insert(&ind.name.value, ind.name.span) {
                        self.duplicate(&ind.name.value, ind.name.span, first);
                    }
                    match self.indicator(ind) {
                        Some((checked, weight_span)) => {
                            self.computed
                                .push((ind.span, Computed::Indicator(checked.clone())));
                            placed[i1][i2].push((weight_span, checked))
                        }
                        None => complete = false,
                    }
                }
            }
        }
        if !complete {
            return None;
        }
        let mut levels = Vec::new();
        for (def, children) in framework.iter().zip(&placed) {
            let (weight, score) = self.subtotal(children.iter().flatten())?;
            levels.push(CheckedLevel1 {
                name_span: first_name[levels.len()],
                recommended: def.recommended,
                weight,
                score,
                model: model::Level1 {
                    name: def.name.zh.clone(),
                    weight,
                    score: round2(score),
                    categories: def
                        .children
                        .iter()
                        .zip(children)
                        .map(|(name, indicators)| model::Level2 {
                            name: name.zh.clone(),
                            indicators: indicators.iter().map(|(_, i)| i.clone()).collect(),
                        })
                        .collect(),
                },
            });
        }
        for (span, i1, i2) in written {
            let (name, (weight, score)) = match i2 {
                Some(i2) => (&framework[i1].children[i2], self.subtotal(&placed[i1][i2])?),
                None => (&framework[i1].name, (levels[i1].weight, levels[i1].score)),
            };
            self.computed.push((
                span,
                Computed::Category {
                    level: if i2.is_some() { 2 } else { 1 },
                    name: name.zh.clone(),
                    weight,
                    score: round2(score),
                },
            ));
        }
        Some(levels)
    }

    /// Checks the indicators of a category that is not in the framework:
    /// their problems are reported, their figures shown, nothing placed.
    fn unplaced<'a>(
        &mut self,
        indicators: &'a [ast::Indicator],
        seen_names: &mut HashMap<&'a str, Span>,
    ) {
        for ind in indicators {
            if let Some(first) = seen_names.insert(&ind.name.value, ind.name.span) {
                self.duplicate(&ind.name.value, ind.name.span, first);
            }
            if let Some((checked, _)) = self.indicator(ind) {
                self.computed.push((ind.span, Computed::Indicator(checked)));
            }
        }
    }

    /// The exact sums of the weights and of the rounded scores of
    /// indicators, each given with the span of its weight.
    fn subtotal<'a>(
        &mut self,
        indicators: impl IntoIterator<Item = &'a (Span, model::Indicator)> + Clone,
    ) -> Option<(Decimal, Decimal)> {
        let weights = indicators.clone().into_iter().map(|(s, i)| (i.weight, *s));
        let scores = indicators.into_iter().map(|(s, i)| (i.score, *s));
        Some((self.sum_at(weights)?, self.sum_at(scores)?))
    }

    fn level1(&mut self, name: &Spanned<String>, framework: &[scheme::Level1]) -> Option<usize> {
        if let Some(i) = framework.iter().position(|l| l.name.matches(&name.value)) {
            return Some(i);
        }
        // A 二级 name written where a 一级 belongs: name its parent.
        let parent = framework
            .iter()
            .find(|l| l.children.iter().any(|c| c.matches(&name.value)));
        let suggestion = match parent {
            Some(p) => Some(p.name.zh.as_str()),
            None => nearest(
                &name.value,
                framework.iter().flat_map(|l| l.name.spellings()),
            ),
        };
        self.error(
            Kind::UnknownLevel1 {
                found: name.value.clone(),
                suggestion: suggestion.map(str::to_string),
                valid: framework.iter().map(|l| l.name.zh.clone()).collect(),
            },
            name.span,
        );
        None
    }

    fn level2(
        &mut self,
        name: &Spanned<String>,
        parent: usize,
        parent_name: &Spanned<String>,
        framework: &[scheme::Level1],
    ) -> Option<usize> {
        let def = &framework[parent];
        if let Some(i) = def.children.iter().position(|c| c.matches(&name.value)) {
            return Some(i);
        }
        if let Some(other) = framework
            .iter()
            .find(|l| l.children.iter().any(|c| c.matches(&name.value)))
        {
            self.push(
                Diagnostic::new(
                    Kind::WrongLevel1 {
                        found: name.value.clone(),
                        parent: def.name.zh.clone(),
                        belongs: other.name.zh.clone(),
                    },
                    name.span,
                )
                .with_related(parent_name.span),
            );
            return None;
        }
        let suggestion = nearest(&name.value, def.children.iter().flat_map(|c| c.spellings()))
            .or_else(|| {
                nearest(
                    &name.value,
                    framework
                        .iter()
                        .flat_map(|l| l.children.iter().flat_map(|c| c.spellings())),
                )
            });
        self.error(
            Kind::UnknownLevel2 {
                found: name.value.clone(),
                suggestion: suggestion.map(str::to_string),
                parent: def.name.zh.clone(),
                valid: def.children.iter().map(|c| c.zh.clone()).collect(),
            },
            name.span,
        );
        None
    }

    /// The total of the weights, and the recommended split as advice.
    fn weights(
        &mut self,
        funds: &model::Funds,
        funds_weight: Option<Span>,
        categories: &[CheckedLevel1],
        (sum, indicators_keyword): (Decimal, Span),
    ) {
        let execution = funds.weight.unwrap_or_default();
        let total = self.scheme.total;
        if sum != total {
            let mut parts = vec![format!("预算执行率 {}", format::plain(execution))];
            parts.extend(
                categories
                    .iter()
                    .map(|c| format!("{} {}", c.model.name, format::plain(c.weight))),
            );
            self.error(
                Kind::WeightsSum {
                    sum: format::plain(sum),
                    total: format::plain(total),
                    parts: format!("{} = {}", parts.join(" + "), format::plain(sum)),
                },
                indicators_keyword,
            );
        }
        let split = self.recommended_split();
        let template = self.form().name.clone();
        if let (Some(span), Some(recommended)) = (funds_weight, self.scheme.execution_recommended)
            && execution != recommended
        {
            self.push(Diagnostic::new(
                Kind::RecommendedSplit {
                    category: "预算执行率".to_string(),
                    weight: format::plain(execution),
                    recommended: format::plain(recommended),
                    split: split.clone(),
                    template: template.clone(),
                },
                span,
            ));
        }
        for c in categories {
            if let (Some(span), Some(recommended)) = (c.name_span, c.recommended)
                && c.weight != recommended
            {
                self.push(Diagnostic::new(
                    Kind::RecommendedSplit {
                        category: c.model.name.clone(),
                        weight: format::plain(c.weight),
                        recommended: format::plain(recommended),
                        split: split.clone(),
                        template: template.clone(),
                    },
                    span,
                ));
            }
        }
    }
}

impl Checker {
    /// The weights the scheme recommends: `预算执行率 10`, `产出指标 50` ….
    fn recommended_split(&self) -> Vec<String> {
        let execution = self
            .scheme
            .execution_recommended
            .map(|w| format!("预算执行率 {}", format::plain(w)));
        let categories = self.scheme.framework.iter().filter_map(|l| {
            l.recommended
                .map(|w| format!("{} {}", l.name.zh, format::plain(w)))
        });
        execution.into_iter().chain(categories).collect()
    }
}

/// A 一级 category after checking, with what the weight checks need.
struct CheckedLevel1 {
    /// Where the file first names it, if it does.
    name_span: Option<Span>,
    recommended: Option<Decimal>,
    weight: Decimal,
    /// Sum of the rounded scores of its indicators.
    score: Decimal,
    model: model::Level1,
}

impl ast::Funds {
    /// The span of the 分值 on the 年度资金总额 row, if any.
    fn weight_span(&self) -> Option<Span> {
        self.rows
            .iter()
            .find_map(|r| r.weight.as_ref().map(|w| w.span))
    }
}
