//! The syntax tree, built by hand from the pest parse (see `parse.rs`).
//!
//! Every node carries the byte span it was written at. Keywords are already
//! resolved (Chinese and English forms give the same tree); names that a
//! scoring scheme defines (categories, funds rows, indicator fields) are kept
//! as written, for the checker to resolve.

use rust_decimal::Decimal;

use crate::span::{Span, Spanned};

/// One `.jx` file.
#[derive(Clone, Debug, PartialEq)]
pub struct File {
    pub items: Vec<TopItem>,
    /// Strings that still hold the placeholder [`PLACEHOLDER`].
    pub placeholders: Vec<Span>,
    /// Strings that still hold text of the blank form: its instructions
    /// or placeholders (the text found), or nothing at all (`None`).
    pub left_over: Vec<(Span, Option<String>)>,
    /// Malformed items the parser skipped (reported as syntax errors), and
    /// the block each stood in. Checks that would need what was skipped
    /// are not made in a block that holds one.
    pub malformed: Vec<(crate::diag::Place, Span)>,
    /// Every comment, in order, as the parser's first pass found it.
    pub comments: Vec<Lexeme>,
    /// Every string literal, quotes included, in order.
    pub strings: Vec<Lexeme>,
}

/// A comment or a string literal. One that is never closed runs to the end
/// of the file, or for a string whose closing quote stands wrong (`"a"b`),
/// to the end of its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lexeme {
    pub span: Span,
    pub closed: bool,
}

impl Lexeme {
    pub(crate) fn closed(start: usize, end: usize) -> Self {
        Lexeme {
            span: Span::new(start, end),
            closed: true,
        }
    }
}

/// What `jixiao init` writes where the user has yet to fill something in.
pub const PLACEHOLDER: &str = "待填写";

#[derive(Clone, Debug, PartialEq)]
pub enum TopItem {
    Evaluation(Evaluation),
    Report(Report),
    Template(Template),
    Unknown(Unknown),
}

/// A plain string literal after folding: lines joined, paragraphs
/// separated by `\n`.
pub type Str = Spanned<String>;

/// A string literal that may quote figures of the form: `"预算{年度资金总额.全年预算数}万元"`.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    pub parts: Vec<Part>,
    /// The whole literal, quotes included.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// Text as written. `span` covers exactly the characters of `text`
    /// (within one line), except for escapes and joins, whose text is one
    /// character.
    Literal {
        text: String,
        span: Span,
    },
    /// A paragraph break (a blank line in the literal).
    Break,
    Reference(Reference),
}

/// `{主体.字段}` or `{字段}`: a figure of the form.
#[derive(Clone, Debug, PartialEq)]
pub struct Reference {
    pub subject: Option<Spanned<String>>,
    pub field: Spanned<String>,
    /// The braces and all between them.
    pub span: Span,
}

/// A keyword that is not valid where it stands, with everything it governs.
#[derive(Clone, Debug, PartialEq)]
pub struct Unknown {
    pub name: Spanned<String>,
    pub span: Span,
}

/// `自评表 "项目名称" { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Evaluation {
    pub keyword: Span,
    pub name: Str,
    pub items: Vec<EvalItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum EvalItem {
    Year {
        keyword: Span,
        year: Spanned<u32>,
    },
    Title {
        keyword: Span,
        text: Str,
    },
    Department {
        keyword: Span,
        text: Str,
    },
    Implementer {
        keyword: Span,
        text: Str,
    },
    /// `表样 "四川2023"`: the form template to print on.
    Template {
        keyword: Span,
        name: Str,
    },
    /// `栏目 { 评价结论 "…" }`: texts the template's form asks for.
    Fields(Fields),
    /// `项目汇总 { "培训项目.jx" … }`: the project files a 部门整体 sheet
    /// summarises.
    Projects(Projects),
    Scheme(Scheme),
    Funds(Funds),
    Goal(Goal),
    Indicators(Indicators),
    Unknown(Unknown),
}

/// `项目资金 万元 { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Funds {
    pub keyword: Span,
    /// Written as `部门预算` (`budget`), a department's block, rather than
    /// `项目资金` (`funds`).
    pub budget: bool,
    pub unit: Option<Spanned<String>>,
    pub rows: Vec<FundsRow>,
    /// `偏差 "…"`: explanations of the execution rate, with their keyword.
    pub notes: Vec<(Span, Str)>,
    /// `监控 2025-06-30`: the date the rows' 执行数 run to, with its keyword.
    pub monitoring: Vec<(Span, Spanned<Date>)>,
    /// `偏差原因 "…"` at monitoring, with its keyword.
    pub causes: Vec<(Span, Str)>,
    /// `纠偏措施 "…"` at monitoring, with its keyword.
    pub measures: Vec<(Span, Str)>,
    pub span: Span,
}

/// `项目汇总 { "培训项目.jx" … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Projects {
    pub keyword: Span,
    /// The files, by path relative to the file that lists them.
    pub files: Vec<Str>,
    pub span: Span,
}

/// `栏目 { 名称 "…" … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Fields {
    pub keyword: Span,
    pub entries: Vec<(Spanned<String>, Str)>,
    pub span: Span,
}

/// One row of the funds table: a label, its amounts and an optional weight.
#[derive(Clone, Debug, PartialEq)]
pub struct FundsRow {
    pub label: Spanned<String>,
    /// The amounts in the order of the template's amount columns: 年初预算数,
    /// 全年预算数, 全年执行数 on the default form; two on a form with two.
    pub cells: Vec<Cell>,
    pub weight: Option<Spanned<Decimal>>,
    /// 执行率 as the form states it, in percent.
    pub rate: Option<Spanned<Decimal>>,
    /// 得分 of budget execution as the form states it.
    pub score: Option<Spanned<Decimal>>,
    /// `执行数 20`: executed to the monitoring date.
    pub to_date: Option<Spanned<Decimal>>,
    /// `预计执行数 40`: expected to be executed in the year.
    pub forecast: Option<Spanned<Decimal>>,
    pub span: Span,
}

/// An amount, or `None` for a cell left blank with `-`.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    pub amount: Option<Decimal>,
    pub span: Span,
}

/// `评分方案 { … }`: overrides of the default scoring scheme.
#[derive(Clone, Debug, PartialEq)]
pub struct Scheme {
    pub keyword: Span,
    pub items: Vec<SchemeItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SchemeItem {
    /// `指标体系 { 一级 分值? { 二级… } … }`
    Framework {
        keyword: Span,
        groups: Vec<FrameworkGroup>,
        span: Span,
    },
    /// `名称 值` or `名称 { 名称 值 … }`
    Setting {
        name: Spanned<String>,
        value: SettingValue,
    },
}

/// A 一级 category of a framework, its recommended weight and its 二级.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameworkGroup {
    pub name: Spanned<String>,
    pub weight: Option<Spanned<Decimal>>,
    pub children: Vec<Spanned<String>>,
    /// From the name to the closing `}`.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum SettingValue {
    Value(Value),
    Table {
        entries: Vec<(Spanned<String>, Value)>,
        span: Span,
    },
}

/// `表样 "名称" { … }`: a form template (see docs/TEMPLATES.md).
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    pub keyword: Span,
    pub name: Str,
    pub items: Vec<TemplateItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TemplateItem {
    /// The scoring scheme of the form.
    Scheme(Scheme),
    Layout(Layout),
}

/// `名称 参数… { … }`: one item of a template, read by the checker.
#[derive(Clone, Debug, PartialEq)]
pub struct Layout {
    pub name: Spanned<String>,
    /// Strings, numbers, percentages and lengths (`35mm`, `1fr`).
    pub args: Vec<Value>,
    pub block: Option<LayoutBlock>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LayoutBlock {
    pub items: Vec<Layout>,
    /// The braces and all between them.
    pub span: Span,
}

/// `年度总体目标 { 预期目标 "…" 实际完成情况 "…" }`
#[derive(Clone, Debug, PartialEq)]
pub struct Goal {
    pub keyword: Span,
    pub items: Vec<GoalItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum GoalItem {
    Expected {
        keyword: Span,
        text: Text,
    },
    Actual {
        keyword: Span,
        text: Text,
    },
    /// `执行情况 "…"`: how far the goal is reached at monitoring.
    Progress {
        keyword: Span,
        text: Text,
    },
    Unknown(Unknown),
}

/// `绩效指标 { 一级 { 二级 { 指标… } } }`
#[derive(Clone, Debug, PartialEq)]
pub struct Indicators {
    pub keyword: Span,
    pub groups: Vec<Level1>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Level1 {
    pub name: Spanned<String>,
    pub groups: Vec<Level2>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Level2 {
    pub name: Spanned<String>,
    pub indicators: Vec<Indicator>,
    pub span: Span,
}

/// `"三级指标名称" 指标值 … 完成值 … 分值 …`
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    pub name: Str,
    pub fields: Vec<Field>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    pub name: Spanned<String>,
    pub value: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: ValueKind,
    pub span: Span,
    /// The value as written, when the form must print it so and it is not
    /// the canonical text of `kind`: a bound in words (`95%以上`), grouped
    /// thousands (`1,200人`).
    pub written: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ValueKind {
    Figure(Figure),
    /// A figure with a comparator in front of it: `≥95%`.
    Bound(Spanned<Comparator>, Figure),
    /// A string literal.
    Text(String),
    /// A bare word: a grade or rule name such as `达成` or `比例`.
    Word(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Figure {
    Number(Decimal),
    /// `95%`, stored as 95.
    Percent(Decimal),
    Quantity(Decimal, String),
    Date(Date),
}

/// A calendar date as written; the checker validates it.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, schemars::JsonSchema,
)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparator {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

/// `自评报告 "标题" { … }`
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub keyword: Span,
    pub title: Str,
    pub items: Vec<ReportItem>,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ReportItem {
    Subtitle {
        keyword: Span,
        text: Str,
    },
    Chapter(Chapter),
    Signed {
        keyword: Span,
        issuer: Str,
        date: Spanned<Date>,
    },
    Unknown(Unknown),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Chapter {
    pub title: Str,
    pub blocks: Vec<Block>,
    pub span: Span,
}

/// What a chapter holds, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Paragraph(Text),
    /// 节 (level 2), 小节 (3), 款 (4).
    Heading {
        level: u8,
        title: Str,
    },
    /// `列表 { "…" "…" }`
    List {
        items: Vec<Text>,
        span: Span,
    },
    /// `表格 偏差`: a table generated from the form.
    Table(Spanned<String>),
}
