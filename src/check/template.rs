//! Reading a `表样 "名称" { … }` block into a [`Template`].
//!
//! A template is a tree of named items; this is where their names and
//! arguments are checked, with a diagnostic for every item it cannot read
//! (see docs/TEMPLATES.md for the vocabulary).

use rust_decimal::Decimal;

use super::Checker;
use crate::ast::{self, Figure, Layout, TemplateItem, ValueKind};
use crate::diag::{Argument, Kind, TemplatePlace as Place};
use crate::scheme::Scheme;
use crate::span::Span;
use crate::suggest::nearest;
use crate::template::{
    Column, FieldDef, Form, FundsColumn, FundsLayout, GoalLayout, HeaderCell, IndicatorColumn,
    IndicatorLayout, PLACEHOLDERS, ProjectColumn, ProjectsLayout, RowDef, Section, Source,
    Template, TextRow, Words,
};

/// A table of item names: (Chinese, English, meaning).
type Names<T> = &'static [(&'static str, &'static str, T)];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Top {
    Form,
    Description,
    Title,
    Header,
    Funds,
    Goal,
    Indicators,
    Texts,
    Signatures,
    Words,
    Projects,
}

const TOP: Names<Top> = &[
    ("表种", "form", Top::Form),
    ("说明", "description", Top::Description),
    ("标题", "title", Top::Title),
    ("表头", "header", Top::Header),
    ("项目资金", "funds", Top::Funds),
    ("年度总体目标", "goal", Top::Goal),
    ("绩效指标", "indicators", Top::Indicators),
    ("文字", "texts", Top::Texts),
    ("签字", "signatures", Top::Signatures),
    ("用语", "words", Top::Words),
    ("项目汇总", "projects", Top::Projects),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ProjectsItem {
    Columns,
    Total,
}

const PROJECTS: Names<ProjectsItem> = &[
    ("列", "columns", ProjectsItem::Columns),
    ("合计", "total", ProjectsItem::Total),
];

/// Project summary columns with their default widths.
const PROJECT_COLUMNS: Names<(ProjectColumn, &str)> = &[
    ("序号", "number", (ProjectColumn::Number, "10mm")),
    ("项目名称", "name", (ProjectColumn::Name, "1fr")),
    ("全年预算数", "budget", (ProjectColumn::Budget, "22mm")),
    ("全年执行数", "executed", (ProjectColumn::Executed, "22mm")),
    ("执行率", "rate", (ProjectColumn::Rate, "18mm")),
    ("自评得分", "score", (ProjectColumn::Score, "20mm")),
    ("等级", "grade", (ProjectColumn::Grade, "16mm")),
];

/// Words of the report's tables: (name, English, default).
const WORDS: Names<&str> = &[
    ("项目", "item", "项目"),
    ("无", "none", "无"),
    ("调整", "adjusted", "（{日期}调整，原为{原指标值}：{原因}）"),
];

/// What a header cell of that name shows: a fixed field of the file, or
/// else a text of `栏目`.
fn source(name: &str) -> Option<Source> {
    match name {
        "项目名称" | "name" => Some(Source::Name),
        "主管部门" | "department" => Some(Source::Department),
        "实施单位" | "implementer" => Some(Source::Implementer),
        "年度" | "year" => Some(Source::Year),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum FundsItem {
    RowLabel,
    Columns,
    Rows,
    NoteRow,
}

const FUNDS: Names<FundsItem> = &[
    ("行名", "row_label", FundsItem::RowLabel),
    ("列", "columns", FundsItem::Columns),
    ("行", "rows", FundsItem::Rows),
    ("偏差行", "note_row", FundsItem::NoteRow),
];

/// Funds columns with their default widths.
const FUNDS_COLUMNS: Names<(FundsColumn, &str)> = &[
    (
        "年初预算数",
        "initial_budget",
        (FundsColumn::Initial, "1fr"),
    ),
    ("全年预算数", "annual_budget", (FundsColumn::Annual, "1fr")),
    ("全年执行数", "executed", (FundsColumn::Executed, "1fr")),
    ("执行率", "execution_rate", (FundsColumn::Rate, "18mm")),
    ("分值", "weight", (FundsColumn::Weight, "12mm")),
    ("得分", "score", (FundsColumn::Score, "14mm")),
    ("得分计算方法", "method", (FundsColumn::Method, "30mm")),
    ("偏差", "deviation", (FundsColumn::Note, "30mm")),
    ("执行数", "to_date", (FundsColumn::ToDate, "1fr")),
    (
        "监控执行率",
        "to_date_rate",
        (FundsColumn::ToDateRate, "18mm"),
    ),
    ("预计执行数", "forecast", (FundsColumn::Forecast, "1fr")),
    ("偏差原因", "cause", (FundsColumn::Cause, "30mm")),
    ("纠偏措施", "measures", (FundsColumn::Measures, "30mm")),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum RowItem {
    English,
    Aliases,
}

const ROW: Names<RowItem> = &[
    ("英文", "english", RowItem::English),
    ("别名", "aliases", RowItem::Aliases),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GoalItem {
    Expected,
    Actual,
    Progress,
}

const GOAL: Names<GoalItem> = &[
    ("预期目标", "expected", GoalItem::Expected),
    ("实际完成情况", "actual", GoalItem::Actual),
    ("执行情况", "progress", GoalItem::Progress),
];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum IndicatorsItem {
    Columns,
    Total,
    Grade,
}

const INDICATORS: Names<IndicatorsItem> = &[
    ("列", "columns", IndicatorsItem::Columns),
    ("总分", "total", IndicatorsItem::Total),
    ("等级", "grade", IndicatorsItem::Grade),
];

/// Indicator columns with their default widths.
const INDICATOR_COLUMNS: Names<(IndicatorColumn, &str)> = &[
    ("一级", "level1", (IndicatorColumn::Level1, "18mm")),
    ("二级", "level2", (IndicatorColumn::Level2, "18mm")),
    ("三级", "name", (IndicatorColumn::Name, "1fr")),
    ("指标性质", "nature", (IndicatorColumn::Nature, "12mm")),
    ("指标值", "target", (IndicatorColumn::Target, "22mm")),
    ("度量单位", "unit", (IndicatorColumn::Unit, "12mm")),
    ("完成值", "actual", (IndicatorColumn::Actual, "20mm")),
    ("分值", "weight", (IndicatorColumn::Weight, "10mm")),
    ("得分", "score", (IndicatorColumn::Score, "12mm")),
    ("得分计算方法", "method", (IndicatorColumn::Method, "28mm")),
    ("偏差", "deviation", (IndicatorColumn::Deviation, "28mm")),
    ("监控完成值", "to_date", (IndicatorColumn::ToDate, "20mm")),
    (
        "预计完成值",
        "forecast",
        (IndicatorColumn::Forecast, "20mm"),
    ),
    ("偏差原因", "cause", (IndicatorColumn::Cause, "28mm")),
    ("纠偏措施", "measures", (IndicatorColumn::Measures, "28mm")),
    (
        "指标解释",
        "explanation",
        (IndicatorColumn::Explanation, "1fr"),
    ),
    ("评分标准", "standard", (IndicatorColumn::Standard, "1fr")),
];

/// A column's own items.
const COLUMN: Names<()> = &[("内容", "text", ())];

fn pick<T: Copy>(written: &str, names: Names<T>) -> Option<T> {
    names
        .iter()
        .find(|(zh, en, _)| *zh == written || *en == written)
        .map(|(_, _, t)| *t)
}

fn valid<T>(names: Names<T>) -> Vec<String> {
    names.iter().map(|(zh, _, _)| zh.to_string()).collect()
}

/// The first of each kind of item, to report the ones written again.
struct Seen<T>(Vec<(T, Span)>);

impl<T: PartialEq + Copy> Seen<T> {
    fn first(&mut self, checker: &mut Checker, kind: T, item: &Layout) -> bool {
        if let Some((_, first)) = self.0.iter().find(|(k, _)| *k == kind) {
            checker.duplicate(&item.name.value, item.name.span, *first);
            return false;
        }
        self.0.push((kind, item.name.span));
        true
    }
}

impl Checker {
    /// Reads a template; `None` when a part it must have is missing or
    /// unreadable (every problem is reported).
    pub(super) fn template(&mut self, t: &ast::Template) -> Option<Template> {
        let errors = self.error_count();
        let mut scheme_block = None;
        let mut seen = Seen(Vec::new());
        let mut description = String::new();
        let mut title = None;
        let mut sections = Vec::new();
        let mut fields: Vec<(FieldDef, Span)> = Vec::new();
        let mut words = Words {
            item: WORDS[0].2.to_string(),
            none: WORDS[1].2.to_string(),
            adjusted: WORDS[2].2.to_string(),
        };
        // What the form is decides which of its parts it must have.
        let form = t
            .items
            .iter()
            .find_map(|item| match item {
                TemplateItem::Layout(l) if pick(&l.name.value, TOP) == Some(Top::Form) => Some(l),
                _ => None,
            })
            .map_or(Some(Form::Evaluation), |item| self.form_kind(item));
        for item in &t.items {
            let item = match item {
                TemplateItem::Scheme(s) => {
                    match scheme_block {
                        Some(first) => self.duplicate("评分方案", s.keyword, first),
                        None => scheme_block = Some(s.keyword),
                    }
                    continue;
                }
                TemplateItem::Layout(item) => item,
            };
            let Some(kind) = pick(&item.name.value, TOP) else {
                self.unknown_item(Place::Top, item, TOP);
                continue;
            };
            let once = !matches!(kind, Top::Texts | Top::Signatures);
            if once && !seen.first(self, kind, item) {
                continue;
            }
            match kind {
                // Read before the others.
                Top::Form => {}
                Top::Description => description = self.label(item).unwrap_or_default(),
                Top::Title => {
                    if let Some(text) = self.label(item) {
                        self.placeholders(&text, "标题", item);
                        title = Some(text);
                    }
                }
                Top::Header => {
                    if let Some(rows) = self.header(item, &mut fields) {
                        sections.push(Section::Header(rows));
                    }
                }
                Top::Funds => {
                    if let Some(funds) = self.funds_layout(item, form) {
                        sections.push(Section::Funds(funds));
                    }
                }
                Top::Goal => {
                    if let Some(goal) = self.goal_layout(item, form) {
                        sections.push(Section::Goal(goal));
                    }
                }
                Top::Indicators => {
                    if let Some(layout) = self.indicator_layout(item, form) {
                        sections.push(Section::Indicators(layout));
                    }
                }
                Top::Words => {
                    for sub in self.block(item).unwrap_or_default() {
                        let Some(default) = pick(&sub.name.value, WORDS) else {
                            self.unknown_item(Place::Words, sub, WORDS);
                            continue;
                        };
                        if let Some(text) = self.label(sub) {
                            if default == WORDS[0].2 {
                                words.item = text;
                            } else if default == WORDS[1].2 {
                                words.none = text;
                            } else {
                                self.placeholders(&text, "调整", sub);
                                words.adjusted = text;
                            }
                        }
                    }
                }
                Top::Projects => {
                    if form != Some(Form::Department) {
                        self.error(Kind::TemplateProjectsOnProjectForm, item.name.span);
                    } else if let Some(layout) = self.projects_layout(item) {
                        sections.push(Section::Projects(layout));
                    }
                }
                Top::Texts | Top::Signatures => {
                    let required = kind == Top::Texts;
                    if let Some(rows) = self.text_rows(item, required, &mut fields) {
                        sections.push(match kind {
                            Top::Texts => Section::Texts(rows),
                            _ => Section::Signatures(rows),
                        });
                    }
                }
            }
        }
        // The 部门整体 sheet has neither a project funds table nor a goal.
        let department = form == Some(Form::Department);
        for (what, kind) in [
            ("标题", Top::Title),
            ("项目资金 { … }", Top::Funds),
            ("年度总体目标 { … }", Top::Goal),
            ("绩效指标 { … }", Top::Indicators),
        ] {
            let optional = department && matches!(kind, Top::Funds | Top::Goal);
            if !optional && !seen.0.iter().any(|(k, _)| *k == kind) {
                self.error(
                    Kind::TemplateMissing {
                        what: what.to_string(),
                    },
                    t.keyword.to(t.name.span),
                );
            }
        }
        let base = Scheme::default();
        let scheme = t.items.iter().find_map(|item| match item {
            TemplateItem::Scheme(s) => Some(self.resolve_scheme(s, &base)),
            TemplateItem::Layout(_) => None,
        });
        if self.error_count() > errors {
            return None;
        }
        Some(Template {
            name: t.name.value.clone(),
            form: form?,
            description,
            title: title?,
            sections,
            scheme: scheme.unwrap_or(base),
            fields: fields.into_iter().map(|(f, _)| f).collect(),
            words,
        })
    }

    /// `表种 "申报表"`: the form a template prints.
    fn form_kind(&mut self, item: &Layout) -> Option<Form> {
        let label = self.label(item)?;
        let form = Form::named(&label);
        if form.is_none() {
            self.error(
                Kind::TemplateArgument {
                    item: item.name.value.clone(),
                    expected: Argument::Form,
                },
                item.span,
            );
        }
        form
    }

    fn unknown_item<T>(&mut self, place: Place, item: &Layout, names: Names<T>) {
        let candidates = names.iter().flat_map(|(zh, en, _)| [*zh, *en]);
        let suggestion = nearest(&item.name.value, candidates).map(str::to_string);
        self.error(
            Kind::TemplateUnknownItem {
                place,
                found: item.name.value.clone(),
                suggestion,
                valid: valid(names),
            },
            item.name.span,
        );
    }

    fn wrong(&mut self, item: &Layout, expected: Argument) {
        self.error(
            Kind::TemplateArgument {
                item: item.name.value.clone(),
                expected,
            },
            item.span,
        );
    }

    /// The one string after an item, with no block.
    fn label(&mut self, item: &Layout) -> Option<String> {
        match (&item.args[..], &item.block) {
            ([arg], None) => match &arg.kind {
                ValueKind::Text(t) => Some(t.clone()),
                _ => {
                    self.wrong(item, Argument::Label);
                    None
                }
            },
            _ => {
                self.wrong(item, Argument::Label);
                None
            }
        }
    }

    /// A label, an optional width and an optional block, which the caller
    /// reads.
    fn column_head(&mut self, item: &Layout, default: &str) -> Option<(String, String)> {
        let width = |v: &ast::Value| match &v.kind {
            ValueKind::Figure(Figure::Quantity(n, unit))
                if *n > Decimal::ZERO
                    && ["mm", "cm", "pt", "em", "fr"].contains(&unit.as_str()) =>
            {
                Some(format!("{}{unit}", crate::format::plain(*n)))
            }
            _ => None,
        };
        let label = match item.args.first().map(|a| &a.kind) {
            Some(ValueKind::Text(t)) => t.clone(),
            _ => {
                self.wrong(item, Argument::LabelWidth);
                return None;
            }
        };
        match &item.args[1..] {
            [] => Some((label, default.to_string())),
            [w] => match width(w) {
                Some(w) => Some((label, w)),
                None => {
                    self.error(
                        Kind::TemplateArgument {
                            item: item.name.value.clone(),
                            expected: Argument::Width,
                        },
                        w.span,
                    );
                    // The column is there: no second error for its absence.
                    Some((label, default.to_string()))
                }
            },
            _ => {
                self.wrong(item, Argument::LabelWidth);
                None
            }
        }
    }

    fn block<'a>(&mut self, item: &'a Layout) -> Option<&'a [Layout]> {
        match &item.block {
            Some(block) => Some(&block.items),
            None => {
                self.wrong(item, Argument::Block);
                None
            }
        }
    }

    /// A label and a block of items after it.
    fn labelled_block<'a>(&mut self, item: &'a Layout) -> Option<(String, &'a [Layout])> {
        match (&item.args[..], &item.block) {
            ([arg], Some(block)) => match &arg.kind {
                ValueKind::Text(t) => Some((t.clone(), &block.items)),
                _ => {
                    self.wrong(item, Argument::Label);
                    None
                }
            },
            (_, None) => {
                self.wrong(item, Argument::Block);
                None
            }
            _ => {
                self.wrong(item, Argument::Label);
                None
            }
        }
    }

    /// Reports the `{…}` of a text that its place cannot fill.
    fn placeholders(&mut self, text: &str, place: &str, item: &Layout) {
        let valid: &[&str] = PLACEHOLDERS
            .iter()
            .find(|(p, _)| *p == place)
            .map_or(&[], |(_, v)| v);
        let mut rest = text;
        while let Some(start) = rest.find('{') {
            let end = rest[start..]
                .find('}')
                .map_or(rest.len(), |e| start + e + 1);
            let found = &rest[start..end];
            if !valid.contains(&found) {
                let span = item.args.first().map_or(item.span, |a| a.span);
                self.error(
                    Kind::TemplatePlaceholder {
                        found: found.to_string(),
                        valid: valid.iter().map(|v| v.to_string()).collect(),
                    },
                    span,
                );
            }
            rest = &rest[end..];
        }
    }

    fn field(&mut self, fields: &mut Vec<(FieldDef, Span)>, key: &str, required: bool, at: Span) {
        if let Some((_, first)) = fields.iter().find(|(f, _)| f.key == key) {
            self.duplicate(key, at, *first);
            return;
        }
        fields.push((
            FieldDef {
                key: key.to_string(),
                required,
            },
            at,
        ));
    }

    fn header(
        &mut self,
        item: &Layout,
        fields: &mut Vec<(FieldDef, Span)>,
    ) -> Option<Vec<Vec<HeaderCell>>> {
        if !item.args.is_empty() {
            self.wrong(item, Argument::Block);
        }
        let mut rows = Vec::new();
        for row in self.block(item)? {
            if row.name.value != "行" && row.name.value != "row" {
                self.unknown_item(Place::Header, row, &[("行", "row", ())]);
                continue;
            }
            let Some(cells) = self.block(row) else {
                continue;
            };
            let mut out = Vec::new();
            for cell in cells {
                let Some(label) = self.label(cell) else {
                    continue;
                };
                let source = match source(&cell.name.value) {
                    Some(source) => source,
                    None => {
                        self.field(fields, &cell.name.value, false, cell.name.span);
                        Source::Field(cell.name.value.clone())
                    }
                };
                out.push(HeaderCell { label, source });
            }
            match out.len() {
                1 | 2 => rows.push(out),
                _ => self.error(
                    Kind::TemplateMissing {
                        what: "一行一到两个栏目".to_string(),
                    },
                    row.name.span,
                ),
            }
        }
        Some(rows)
    }

    fn funds_layout(&mut self, item: &Layout, form: Option<Form>) -> Option<FundsLayout> {
        let (label, items) = self.labelled_block(item)?;
        self.placeholders(&label, "项目资金", item);
        let mut seen = Seen(Vec::new());
        let (mut row_label, mut row_width) = (String::new(), "35mm".to_string());
        let mut columns = None;
        let mut rows = None;
        let mut note_row = None;
        for sub in items {
            let Some(kind) = pick(&sub.name.value, FUNDS) else {
                self.unknown_item(Place::Funds, sub, FUNDS);
                continue;
            };
            if !seen.first(self, kind, sub) {
                continue;
            }
            match kind {
                FundsItem::RowLabel => {
                    if let Some((l, w)) = self.column_head(sub, "35mm") {
                        (row_label, row_width) = (l, w);
                    }
                }
                FundsItem::Columns => columns = self.funds_columns(sub),
                FundsItem::Rows => rows = self.funds_rows(sub),
                FundsItem::NoteRow => note_row = self.label(sub),
            }
        }
        let at = item.name.span;
        // An item written but unreadable is reported already.
        let written = |kind| seen.0.iter().any(|(k, _)| *k == kind);
        if written(FundsItem::Columns) && columns.is_none()
            || written(FundsItem::Rows) && rows.is_none()
            || written(FundsItem::NoteRow) && note_row.is_none()
        {
            return None;
        }
        let columns = self.required(columns, "列 { … }", at)?;
        let rows = self.required(rows, "行 { … }", at)?;
        let layout = FundsLayout {
            label,
            row_label,
            row_width,
            columns,
            rows,
            note_row,
        };
        let amounts = layout.amounts();
        // The file writes its amounts as its 自评表 reads them; another form
        // prints some of them.
        let (needs, what) = match form {
            Some(Form::Evaluation | Form::Department) | None => (
                !amounts.contains(&2) || amounts.len() < 2,
                "全年执行数 和 年初预算数 或 全年预算数 的列",
            ),
            Some(Form::Declaration) => (amounts.is_empty(), "年初预算数 或 全年预算数 的列"),
            Some(Form::Monitoring) => (!layout.has(FundsColumn::ToDate), "执行数 列"),
        };
        if needs {
            self.error(
                Kind::TemplateMissing {
                    what: what.to_string(),
                },
                at,
            );
            return None;
        }
        if form.is_some_and(Form::reads)
            && !layout.has(FundsColumn::Note)
            && layout.note_row.is_none()
        {
            self.error(
                Kind::TemplateMissing {
                    what: "偏差 列或 偏差行 \"…\"（写偏差说明的地方）".to_string(),
                },
                at,
            );
            return None;
        }
        Some(layout)
    }

    /// `项目汇总 "标签" { 列 { … } 合计 "…" }`
    fn projects_layout(&mut self, item: &Layout) -> Option<ProjectsLayout> {
        let (label, items) = self.labelled_block(item)?;
        self.placeholders(&label, "内容", item);
        let mut seen = Seen(Vec::new());
        let (mut columns, mut total) = (None, None);
        for sub in items {
            let Some(kind) = pick(&sub.name.value, PROJECTS) else {
                self.unknown_item(Place::Projects, sub, PROJECTS);
                continue;
            };
            if !seen.first(self, kind, sub) {
                continue;
            }
            match kind {
                ProjectsItem::Columns => {
                    columns = self.columns(sub, PROJECT_COLUMNS, Place::ProjectsColumns)
                }
                ProjectsItem::Total => total = self.label(sub),
            }
        }
        let written = |kind| seen.0.iter().any(|(k, _)| *k == kind);
        if written(ProjectsItem::Columns) && columns.is_none()
            || written(ProjectsItem::Total) && total.is_none()
        {
            return None;
        }
        let columns = self.required(columns, "列 { … }", item.name.span)?;
        Some(ProjectsLayout {
            label,
            columns,
            total: total.unwrap_or_else(|| "合计".to_string()),
        })
    }

    fn required<T>(&mut self, value: Option<T>, what: &str, at: Span) -> Option<T> {
        if value.is_none() {
            self.error(
                Kind::TemplateMissing {
                    what: what.to_string(),
                },
                at,
            );
        }
        value
    }

    fn columns<T: Copy + PartialEq>(
        &mut self,
        item: &Layout,
        names: Names<(T, &'static str)>,
        place: Place,
    ) -> Option<Vec<Column<T>>> {
        let mut columns: Vec<Column<T>> = Vec::new();
        let mut seen = Seen(Vec::new());
        for c in self.block(item)? {
            let Some((kind, default)) = pick(&c.name.value, names) else {
                self.unknown_item(place, c, names);
                continue;
            };
            if !seen.first(self, kind, c) {
                continue;
            }
            let Some((label, width)) = self.column_head(c, default) else {
                continue;
            };
            let mut text = None;
            if let Some(block) = &c.block {
                for t in &block.items {
                    if pick(&t.name.value, COLUMN).is_none() {
                        self.unknown_item(Place::Column, t, COLUMN);
                        continue;
                    }
                    text = self.label(t);
                }
            }
            columns.push(Column {
                kind,
                label,
                width,
                text,
            });
        }
        if columns.is_empty() {
            self.required(None::<()>, "至少一列", item.name.span);
            return None;
        }
        Some(columns)
    }

    fn funds_columns(&mut self, item: &Layout) -> Option<Vec<Column<FundsColumn>>> {
        self.columns(item, FUNDS_COLUMNS, Place::FundsColumns)
    }

    fn funds_rows(&mut self, item: &Layout) -> Option<Vec<RowDef>> {
        let mut rows: Vec<RowDef> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for r in self.block(item)? {
            let label = match (r.args.first().map(|a| &a.kind), r.args.len()) {
                (Some(ValueKind::Text(t)), 1) => t.clone(),
                _ => {
                    self.wrong(r, Argument::Label);
                    continue;
                }
            };
            let mut row = RowDef {
                name: r.name.value.clone(),
                key: r.name.value.clone(),
                label,
                aliases: Vec::new(),
            };
            for sub in r.block.iter().flat_map(|b| &b.items) {
                match pick(&sub.name.value, ROW) {
                    Some(RowItem::English) => {
                        if let Some(key) = self.label(sub) {
                            row.key = key;
                        }
                    }
                    Some(RowItem::Aliases) => {
                        if let Some(aliases) = self.strings(sub) {
                            row.aliases.extend(aliases);
                        }
                    }
                    None => self.unknown_item(Place::Row, sub, ROW),
                }
            }
            // Two rows one name could mean: the first would always win.
            let clash = rows
                .iter()
                .position(|other| row.spellings().any(|s| other.matches(s)));
            if let Some(i) = clash {
                self.duplicate(&r.name.value, r.name.span, spans[i]);
                continue;
            }
            rows.push(row);
            spans.push(r.name.span);
        }
        if rows.len() < 2 {
            self.required(None::<()>, "一行总额和至少一行其中的资金", item.name.span);
            return None;
        }
        Some(rows)
    }

    fn strings(&mut self, item: &Layout) -> Option<Vec<String>> {
        let strings: Option<Vec<String>> = item
            .args
            .iter()
            .map(|a| match &a.kind {
                ValueKind::Text(t) => Some(t.clone()),
                _ => None,
            })
            .collect();
        match strings {
            Some(s) if !s.is_empty() && item.block.is_none() => Some(s),
            _ => {
                self.wrong(item, Argument::Strings);
                None
            }
        }
    }

    fn goal_layout(&mut self, item: &Layout, form: Option<Form>) -> Option<GoalLayout> {
        let (label, items) = self.labelled_block(item)?;
        let mut seen = Seen(Vec::new());
        let (mut expected, mut actual, mut progress) = (None, None, None);
        for sub in items {
            let Some(kind) = pick(&sub.name.value, GOAL) else {
                self.unknown_item(Place::Goal, sub, GOAL);
                continue;
            };
            if !seen.first(self, kind, sub) {
                continue;
            }
            let text = self.label(sub);
            match kind {
                GoalItem::Expected => expected = text,
                GoalItem::Actual => actual = text,
                GoalItem::Progress => progress = text,
            }
        }
        let at = item.name.span;
        let written = |kind| seen.0.iter().any(|(k, _)| *k == kind);
        if written(GoalItem::Expected) && expected.is_none()
            || written(GoalItem::Actual) && actual.is_none()
            || written(GoalItem::Progress) && progress.is_none()
        {
            return None;
        }
        let expected = self.required(expected, "预期目标 \"…\"", at);
        let actual = match form {
            Some(Form::Evaluation | Form::Department) => {
                Some(self.required(actual, "实际完成情况 \"…\"", at)?)
            }
            _ => actual,
        };
        let progress = match form {
            Some(Form::Monitoring) => Some(self.required(progress, "执行情况 \"…\"", at)?),
            _ => progress,
        };
        Some(GoalLayout {
            label,
            expected: expected?,
            actual,
            progress,
        })
    }

    fn indicator_layout(&mut self, item: &Layout, form: Option<Form>) -> Option<IndicatorLayout> {
        let (label, items) = self.labelled_block(item)?;
        self.placeholders(&label, "绩效指标", item);
        let mut seen = Seen(Vec::new());
        let mut columns = None;
        let (mut total, mut grade) = (None, None);
        for sub in items {
            let Some(kind) = pick(&sub.name.value, INDICATORS) else {
                self.unknown_item(Place::Indicators, sub, INDICATORS);
                continue;
            };
            if !seen.first(self, kind, sub) {
                continue;
            }
            match kind {
                IndicatorsItem::Columns => {
                    columns = self.columns(sub, INDICATOR_COLUMNS, Place::IndicatorColumns)
                }
                IndicatorsItem::Total => total = self.label(sub),
                IndicatorsItem::Grade => {
                    grade = self.label(sub);
                    if let Some(g) = &grade {
                        self.placeholders(g, "等级", sub);
                    }
                }
            }
        }
        let at = item.name.span;
        let written = |kind| seen.0.iter().any(|(k, _)| *k == kind);
        if [
            IndicatorsItem::Columns,
            IndicatorsItem::Total,
            IndicatorsItem::Grade,
        ]
        .into_iter()
        .zip([columns.is_none(), total.is_none(), grade.is_none()])
        .any(|(kind, unread)| written(kind) && unread)
        {
            return None;
        }
        let columns: Vec<Column<IndicatorColumn>> = self.required(columns, "列 { … }", at)?;
        let first: Vec<IndicatorColumn> = columns.iter().take(3).map(|c| c.kind).collect();
        if first
            != [
                IndicatorColumn::Level1,
                IndicatorColumn::Level2,
                IndicatorColumn::Name,
            ]
        {
            self.required(None::<()>, "以 一级、二级、三级 开头的列", at);
            return None;
        }
        let needed: &[(IndicatorColumn, &str)] = match form {
            Some(Form::Evaluation) | None => &[
                (IndicatorColumn::Target, "指标值"),
                (IndicatorColumn::Actual, "完成值"),
                (IndicatorColumn::Weight, "分值"),
                (IndicatorColumn::Score, "得分"),
                (IndicatorColumn::Deviation, "偏差"),
            ],
            Some(Form::Declaration) => &[(IndicatorColumn::Target, "指标值")],
            Some(Form::Department) => &[
                (IndicatorColumn::Weight, "分值"),
                (IndicatorColumn::Score, "得分"),
            ],
            Some(Form::Monitoring) => &[
                (IndicatorColumn::Target, "指标值"),
                (IndicatorColumn::ToDate, "监控完成值"),
                (IndicatorColumn::Forecast, "预计完成值"),
            ],
        };
        for &(kind, what) in needed {
            if !columns.iter().any(|c| c.kind == kind) {
                self.required(None::<()>, &format!("{what} 列"), at);
                return None;
            }
        }
        for c in &columns {
            if let Some(text) = &c.text {
                let place = match c.kind {
                    IndicatorColumn::Level1 | IndicatorColumn::Level2 => "类别",
                    _ => "内容",
                };
                self.placeholders(text, place, item);
            }
        }
        // Only the self-evaluation is scored.
        if form.is_some_and(Form::reads) {
            let total = self.required(total.clone(), "总分 \"…\"", at);
            let grade = self.required(grade.clone(), "等级 \"…{等级}\"", at);
            total.as_ref()?;
            grade.as_ref()?;
        }
        Some(IndicatorLayout {
            label,
            columns,
            total,
            grade,
        })
    }

    fn text_rows(
        &mut self,
        item: &Layout,
        required: bool,
        fields: &mut Vec<(FieldDef, Span)>,
    ) -> Option<Vec<TextRow>> {
        if !item.args.is_empty() {
            self.wrong(item, Argument::Block);
        }
        let mut rows = Vec::new();
        for row in self.block(item)? {
            let Some(label) = self.label(row) else {
                continue;
            };
            self.field(fields, &row.name.value, required, row.name.span);
            rows.push(TextRow {
                key: row.name.value.clone(),
                label,
            });
        }
        if rows.is_empty() {
            self.required(None::<()>, "至少一行", item.name.span);
            return None;
        }
        Some(rows)
    }
}
