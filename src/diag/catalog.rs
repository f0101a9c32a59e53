//! Every diagnostic jixiao can give: its code, severity and wording in Chinese
//! and English. This is the only place where diagnostics are worded.
//!
//! Codes are stable: E = error, W = warning, A = advice; the first digit is
//! the area (1 syntax, 2 names and structure, 3 funds, 4 values, 5 scores).

use super::{Lang, Severity};

/// What a diagnostic says, in one language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Text {
    pub message: String,
    /// The label on the primary span.
    pub label: String,
    pub help: Option<String>,
    /// Labels on the related spans, in order.
    pub related: Vec<String>,
}

/// Where a keyword was found, for "unknown keyword" and syntax errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// The top level of a file.
    File,
    /// Inside `自评表 { }`.
    Evaluation,
    /// Inside `年度总体目标 { }`.
    Goal,
    /// Inside `自评报告 { }`.
    Report,
    /// Inside `评分方案 { }`.
    Scheme,
}

impl Context {
    /// The keywords valid in this context: (Chinese, English).
    pub fn keywords(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Context::File => &[("自评表", "evaluation"), ("自评报告", "report")],
            Context::Evaluation => &[
                ("年度", "year"),
                ("标题", "title"),
                ("主管部门", "department"),
                ("实施单位", "implementer"),
                ("项目资金", "funds"),
                ("部门预算", "budget"),
                ("年度总体目标", "goal"),
                ("绩效指标", "indicators"),
            ],
            Context::Goal => &[
                ("预期目标", "expected"),
                ("实际完成情况", "actual"),
                ("执行情况", "progress"),
            ],
            Context::Report => &[
                ("副标题", "subtitle"),
                ("章", "chapter"),
                ("落款", "signed"),
            ],
            Context::Scheme => &[
                ("指标体系", "framework"),
                ("建议分值", "split"),
                ("反向公式", "inverse"),
                ("等级", "grades"),
                ("总分", "total"),
                ("执行率下限", "min_execution"),
                ("超额比例", "overshoot"),
            ],
        }
    }

    fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Context::File, Lang::Zh) => "文件顶层",
            (Context::File, Lang::En) => "the top level of a file",
            (Context::Evaluation, Lang::Zh) => "自评表中",
            (Context::Evaluation, Lang::En) => "an evaluation",
            (Context::Goal, Lang::Zh) => "年度总体目标中",
            (Context::Goal, Lang::En) => "the goal block",
            (Context::Report, Lang::Zh) => "自评报告中",
            (Context::Report, Lang::En) => "a report",
            (Context::Scheme, Lang::Zh) => "评分方案中",
            (Context::Scheme, Lang::En) => "a scheme",
        }
    }
}

/// The block a malformed item stands in, for the syntax error that says
/// what belongs there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    File,
    Evaluation,
    Funds,
    Goal,
    /// Inside `绩效指标 { }`: 一级 categories.
    Indicators,
    /// Inside a 一级 category: 二级 categories.
    Level1,
    /// Inside a 二级 category: indicators.
    Level2,
    /// After an indicator's name: its fields.
    Indicator,
    Scheme,
    Framework,
    Report,
    Chapter,
    List,
    /// Inside `项目汇总 { }`: the project files.
    Projects,
}

impl Place {
    /// (what belongs here, an example), in `lang`.
    fn wanted(self, lang: Lang) -> (&'static str, &'static str) {
        match (self, lang) {
            (Place::File, Lang::Zh) => ("自评表或自评报告", "自评表 \"项目名称\" { … }"),
            (Place::File, Lang::En) => ("an evaluation or a report", "自评表 \"项目名称\" { … }"),
            (Place::Evaluation, Lang::Zh) => (
                "自评表的一项（年度、主管部门、实施单位、项目资金、年度总体目标、绩效指标）",
                "主管部门 \"某某局\"",
            ),
            (Place::Evaluation, Lang::En) => (
                "an item of the evaluation (年度, 主管部门, 实施单位, 项目资金, 年度总体目标, 绩效指标)",
                "主管部门 \"某某局\"",
            ),
            (Place::Funds, Lang::Zh) => {
                ("资金行：行名和三个金额", "年度资金总额 100 100 95 分值 10")
            }
            (Place::Funds, Lang::En) => (
                "a funds row: its name and three amounts",
                "年度资金总额 100 100 95 分值 10",
            ),
            (Place::Goal, Lang::Zh) => ("预期目标或实际完成情况", "预期目标 \"…\""),
            (Place::Goal, Lang::En) => ("预期目标 or 实际完成情况", "预期目标 \"…\""),
            (Place::Indicators, Lang::Zh) => ("一级指标及其大括号", "产出指标 { … }"),
            (Place::Indicators, Lang::En) => ("a 一级 category and its braces", "产出指标 { … }"),
            (Place::Level1, Lang::Zh) => ("二级指标及其大括号", "数量指标 { … }"),
            (Place::Level1, Lang::En) => ("a 二级 category and its braces", "数量指标 { … }"),
            (Place::Level2, Lang::Zh) => (
                "三级指标：带引号的名称，后接字段",
                "\"完成数量\" 指标值 ≥10个 完成值 10个 分值 10",
            ),
            (Place::Level2, Lang::En) => (
                "an indicator: its name in quotes, then its fields",
                "\"完成数量\" 指标值 ≥10个 完成值 10个 分值 10",
            ),
            (Place::Indicator, Lang::Zh) => ("字段：字段名后接值", "分值 10"),
            (Place::Indicator, Lang::En) => ("a field: its name, then its value", "分值 10"),
            (Place::Scheme, Lang::Zh) => ("评分方案的设置或指标体系", "总分 100"),
            (Place::Scheme, Lang::En) => ("a scheme setting or a framework", "总分 100"),
            (Place::Framework, Lang::Zh) => (
                "一级指标，后接它的二级指标",
                "产出指标 50 { 数量指标 质量指标 }",
            ),
            (Place::Framework, Lang::En) => (
                "a 一级 category and its 二级 categories",
                "产出指标 50 { 数量指标 质量指标 }",
            ),
            (Place::Report, Lang::Zh) => ("副标题、章或落款", "章 \"基本情况\" { … }"),
            (Place::Report, Lang::En) => (
                "a subtitle, a chapter or the signature",
                "章 \"基本情况\" { … }",
            ),
            (Place::Chapter, Lang::Zh) => (
                "带引号的段落文字，或 节、小节、款、列表、表格",
                "\"本项目……\"",
            ),
            (Place::Chapter, Lang::En) => (
                "a paragraph in quotes, or 节, 小节, 款, 列表, 表格",
                "\"本项目……\"",
            ),
            (Place::List, Lang::Zh) => ("带引号的列表项", "\"……\""),
            (Place::List, Lang::En) => ("a list item in quotes", "\"……\""),
            (Place::Projects, Lang::Zh) => ("带引号的项目文件路径", "\"培训项目.jx\""),
            (Place::Projects, Lang::En) => ("a project file's path in quotes", "\"培训项目.jx\""),
        }
    }
}

/// Something the parser would have accepted at the point of a syntax error.
/// A place in a template, for the words of E230.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TemplatePlace {
    Top,
    Header,
    HeaderRow,
    Funds,
    FundsColumns,
    FundsRows,
    Row,
    Goal,
    Indicators,
    IndicatorColumns,
    Column,
    Texts,
    Words,
    Projects,
    ProjectsColumns,
}

impl TemplatePlace {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (TemplatePlace::Top, Lang::Zh) => "表样",
            (TemplatePlace::Top, Lang::En) => "a template",
            (TemplatePlace::Header, Lang::Zh) => "表头",
            (TemplatePlace::Header, Lang::En) => "the header (表头)",
            (TemplatePlace::HeaderRow, Lang::Zh) => "表头的一行",
            (TemplatePlace::HeaderRow, Lang::En) => "a header row",
            (TemplatePlace::Funds, Lang::Zh) => "项目资金",
            (TemplatePlace::Funds, Lang::En) => "the funds table (项目资金)",
            (TemplatePlace::FundsColumns, Lang::Zh) => "项目资金的列",
            (TemplatePlace::FundsColumns, Lang::En) => "the funds columns",
            (TemplatePlace::FundsRows, Lang::Zh) => "项目资金的行",
            (TemplatePlace::FundsRows, Lang::En) => "the funds rows",
            (TemplatePlace::Row, Lang::Zh) => "资金行",
            (TemplatePlace::Row, Lang::En) => "a funds row",
            (TemplatePlace::Goal, Lang::Zh) => "年度总体目标",
            (TemplatePlace::Goal, Lang::En) => "the goal (年度总体目标)",
            (TemplatePlace::Indicators, Lang::Zh) => "绩效指标",
            (TemplatePlace::Indicators, Lang::En) => "the indicator table (绩效指标)",
            (TemplatePlace::IndicatorColumns, Lang::Zh) => "绩效指标的列",
            (TemplatePlace::IndicatorColumns, Lang::En) => "the indicator columns",
            (TemplatePlace::Column, Lang::Zh) => "一列",
            (TemplatePlace::Column, Lang::En) => "a column",
            (TemplatePlace::Texts, Lang::Zh) => "文字行",
            (TemplatePlace::Texts, Lang::En) => "the text rows",
            (TemplatePlace::Words, Lang::Zh) => "用语",
            (TemplatePlace::Words, Lang::En) => "the words (用语)",
            (TemplatePlace::Projects, Lang::Zh) => "项目汇总",
            (TemplatePlace::Projects, Lang::En) => "the project summary (项目汇总)",
            (TemplatePlace::ProjectsColumns, Lang::Zh) => "项目汇总的列",
            (TemplatePlace::ProjectsColumns, Lang::En) => "the project summary's columns",
        }
    }
}

/// What a template item takes, for the words of E231.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Argument {
    /// A label: `"年初预算数"`.
    Label,
    /// A label and perhaps a width: `"分值" 12mm`.
    LabelWidth,
    /// One or more strings.
    Strings,
    /// Nothing (a switch).
    Nothing,
    /// A block `{ … }`.
    Block,
    /// A width: 12mm, 2cm, 1fr.
    Width,
    /// The name of a form: "申报表", "监控表" or "自评表".
    Form,
}

impl Argument {
    fn words(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Argument::Label, Lang::Zh) => "一段带引号的文字 \"…\"",
            (Argument::Label, Lang::En) => "a quoted text \"…\"",
            (Argument::LabelWidth, Lang::Zh) => "带引号的文字和可选的宽度，如 \"分值\" 12mm",
            (Argument::LabelWidth, Lang::En) => {
                "a quoted label and an optional width, such as \"分值\" 12mm"
            }
            (Argument::Strings, Lang::Zh) => "一个或几个带引号的文字",
            (Argument::Strings, Lang::En) => "one or more quoted strings",
            (Argument::Nothing, Lang::Zh) => "什么也不写（这是一个开关）",
            (Argument::Nothing, Lang::En) => "nothing (it is a switch)",
            (Argument::Block, Lang::Zh) => "一个块 { … }",
            (Argument::Block, Lang::En) => "a block { … }",
            (Argument::Width, Lang::Zh) => "宽度，如 12mm、2cm 或 1fr",
            (Argument::Width, Lang::En) => "a width, such as 12mm, 2cm or 1fr",
            (Argument::Form, Lang::Zh) => "表的种类：\"申报表\"、\"监控表\" 或 \"自评表\"",
            (Argument::Form, Lang::En) => {
                "the kind of form: \"申报表\" (declaration), \"监控表\" (monitoring) or \"自评表\" (evaluation)"
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Expected {
    /// A keyword: (Chinese, English).
    Keyword(&'static str, &'static str),
    String,
    Number,
    Percent,
    Year,
    Amount,
    Date,
    Value,
    Unit,
    FundsRow,
    Category,
    FieldName,
    Setting,
    /// A name followed by its text (栏目) or its arguments (表样).
    Name,
    Indicator,
    Paragraph,
    Open,
    Close,
    EndOfFile,
}

impl Expected {
    fn describe(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        let s = match self {
            Expected::Keyword(z, e) => {
                return if zh {
                    format!("`{z}`")
                } else {
                    format!("`{e}`")
                };
            }
            Expected::String if zh => "带引号的文字 \"…\"",
            Expected::String => "a quoted string \"…\"",
            Expected::Number if zh => "数字",
            Expected::Number => "a number",
            Expected::Percent if zh => "百分比（如 95%）",
            Expected::Percent => "a percentage (such as 95%)",
            Expected::Year if zh => "年份（如 2021）",
            Expected::Year => "a year (such as 2021)",
            Expected::Amount if zh => "金额（空白的格写 -）",
            Expected::Amount => "an amount (- for a blank cell)",
            Expected::Date if zh => "日期（如 2022-02-14）",
            Expected::Date => "a date (such as 2022-02-14)",
            Expected::Value if zh => "值（数字、百分比、日期或文字）",
            Expected::Value => "a value (number, percentage, date or text)",
            Expected::Unit if zh => "金额单位（万元 或 元）",
            Expected::Unit => "a money unit (万元 or 元)",
            Expected::FundsRow if zh => "资金行（如 年度资金总额）",
            Expected::FundsRow => "a funds row (such as 年度资金总额)",
            Expected::Category if zh => "指标类别（如 产出指标、数量指标）",
            Expected::Category => "an indicator category (such as 产出指标, 数量指标)",
            Expected::FieldName if zh => "字段名（如 指标值、完成值、分值）",
            Expected::FieldName => "a field name (such as 指标值, 完成值, 分值)",
            Expected::Setting if zh => "评分方案的设置（如 总分 100）",
            Expected::Setting => "a scheme setting (such as total 100)",
            Expected::Name if zh => "名称（如 评价结论 \"…\"）",
            Expected::Name => "a name (such as 评价结论 \"…\")",
            Expected::Indicator if zh => "三级指标名称 \"…\"",
            Expected::Indicator => "an indicator name \"…\"",
            Expected::Paragraph if zh => "段落文字 \"…\"",
            Expected::Paragraph => "a paragraph \"…\"",
            Expected::Open => "`{`",
            Expected::Close => "`}`",
            Expected::EndOfFile if zh => "文件结尾",
            Expected::EndOfFile => "the end of the file",
        };
        s.to_string()
    }
}

/// What stood where a syntax error was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Found {
    EndOfFile,
    /// The line ends where something more was needed.
    EndOfLine,
    Token(String),
}

/// What kind of value something is, for "cannot compare" messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sort {
    Number,
    Percent,
    Date,
    Quantity(String),
    Text,
}

impl Sort {
    fn describe(&self, lang: Lang) -> String {
        match (self, lang) {
            (Sort::Number, Lang::Zh) => "数字".into(),
            (Sort::Number, Lang::En) => "a number".into(),
            (Sort::Percent, Lang::Zh) => "百分比".into(),
            (Sort::Percent, Lang::En) => "a percentage".into(),
            (Sort::Date, Lang::Zh) => "日期".into(),
            (Sort::Date, Lang::En) => "a date".into(),
            (Sort::Quantity(u), Lang::Zh) => format!("以“{u}”为单位的数量"),
            (Sort::Quantity(u), Lang::En) => format!("a quantity in {u}"),
            (Sort::Text, Lang::Zh) => "文字".into(),
            (Sort::Text, Lang::En) => "text".into(),
        }
    }
}

/// Something required that a file leaves out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Missing {
    Evaluation,
    Year,
    Department,
    Implementer,
    Funds,
    FundsTotal,
    Goal,
    Indicators,
    Target,
    Actual,
    Weight,
    /// 调整日期 and 调整原因 of an adjusted target.
    AdjustedOn,
    AdjustedBecause,
    AdjustedTarget,
    /// At monitoring: the date the funds' 执行数 run to, and each
    /// indicator's 监控完成值 and 预计完成值.
    MonitoringDate,
    ToDate,
    Forecast,
}

impl Missing {
    /// Whether `keyword` (Chinese or English) names what is missing.
    pub fn is_named(self, keyword: &str) -> bool {
        let (zh, en, _) = self.parts();
        keyword == zh || keyword == en
    }

    /// (Chinese keyword, English keyword, example)
    fn parts(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Missing::Evaluation => ("自评表", "evaluation", "自评表 \"项目名称\" { … }"),
            Missing::Year => ("年度", "year", "年度 2021"),
            Missing::Department => ("主管部门", "department", "主管部门 \"某某局\""),
            Missing::Implementer => ("实施单位", "implementer", "实施单位 \"某某中心\""),
            Missing::Funds => (
                "项目资金",
                "funds",
                "项目资金 万元 { 年度资金总额 100 100 95 分值 10 … }",
            ),
            Missing::FundsTotal => ("年度资金总额", "total", "年度资金总额 100 100 95 分值 10"),
            Missing::Goal => (
                "年度总体目标",
                "goal",
                "年度总体目标 { 预期目标 \"…\" 实际完成情况 \"…\" }",
            ),
            Missing::Indicators => (
                "绩效指标",
                "indicators",
                "绩效指标 { 产出指标 { 数量指标 { … } } }",
            ),
            Missing::Target => ("指标值", "target", "指标值 ≥30个"),
            Missing::Actual => ("完成值", "actual", "完成值 27个"),
            Missing::Weight => ("分值", "weight", "分值 10"),
            Missing::AdjustedOn => ("调整日期", "adjusted_on", "调整日期 2025-07-01"),
            Missing::AdjustedBecause => {
                ("调整原因", "adjusted_because", "调整原因 \"经批准调整……\"")
            }
            Missing::AdjustedTarget => ("调整指标值", "adjusted_target", "调整指标值 ≥90%"),
            Missing::MonitoringDate => ("监控", "monitoring", "监控 2025-06-30"),
            Missing::ToDate => ("监控完成值", "to_date", "监控完成值 12个"),
            Missing::Forecast => ("预计完成值", "forecast", "预计完成值 30个"),
        }
    }
}

/// The kinds of diagnostic. Each variant carries the figures its wording
/// needs; spans live in [`super::Diagnostic`].
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    // ------------------------------------------------------------ syntax
    Syntax {
        expected: Vec<Expected>,
        found: Found,
    },
    /// An item its block cannot hold (or that breaks off): skipped, the
    /// rest of the file is still read.
    Malformed {
        place: Place,
        found: String,
    },
    /// A comma, full stop or semicolon between items: `，完成值 10个`.
    StrayPunctuation {
        found: String,
    },
    /// A string opened with `"` and closed with a Chinese `”`.
    ChineseClosingQuote,
    /// A funds row with its label and no amount, as a row of empty cells
    /// pasted from Excel leaves it.
    EmptyCells {
        label: String,
    },
    /// A unit in brackets after a figure, as a form's column heading
    /// writes it: `10（个）`.
    UnitInBrackets {
        found: String,
        written: String,
    },
    /// A year in Chinese numerals: `二〇二二`.
    ChineseYear {
        found: String,
        replacement: String,
    },
    /// A range written as a value: `90%-95%`.
    RangeValue {
        found: String,
        low: String,
    },
    /// `#` where a comment was meant.
    HashComment,
    /// An indicator directly inside a 一级 category.
    IndicatorOutsideLevel2,
    /// Text without its quotes: `主管部门 示例区财政局`.
    Unquoted {
        found: String,
    },
    /// An indicator whose fields come before its name (the name, if found).
    NameNotFirst {
        name: Option<String>,
    },
    /// A unit or currency sign written with an amount: `100万元`, `¥80`.
    AmountDecorated {
        found: String,
    },
    /// A category's block among indicators.
    CategoryTooDeep {
        name: String,
    },
    /// 执行率 without its %: `执行率 95`.
    PercentSignMissing {
        found: String,
    },
    /// A value among an indicator's fields without a field name: `96%`.
    MissingFieldName {
        found: String,
        /// The field it probably is: 指标值 for a bound, else 完成值.
        field: &'static str,
    },
    /// A figure written with full-width digits, point or signs, read as its
    /// half-width value.
    FullWidthFigure {
        found: String,
        replacement: String,
    },
    /// A bound with both a sign and a word: `≥95%以上`.
    SignAndWord {
        written: String,
        sign: String,
        word: String,
    },
    UnterminatedString,
    UnclosedBlock,
    UnexpectedClose,
    UnterminatedComment,
    InvalidEscape {
        found: String,
    },
    NumberTooLarge,
    TooLarge {
        size: usize,
        limit: usize,
    },
    TooDeep {
        limit: usize,
    },
    TooComplex,
    /// The file is not UTF-8 but was read in another encoding.
    NotUtf8 {
        encoding: crate::source::Encoding,
    },
    // ------------------------------------------------------------ structure
    UnknownKeyword {
        found: String,
        context: Context,
        suggestion: Option<String>,
    },
    UnknownLevel1 {
        found: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    UnknownLevel2 {
        found: String,
        suggestion: Option<String>,
        parent: String,
        valid: Vec<String>,
    },
    WrongLevel1 {
        found: String,
        parent: String,
        belongs: String,
    },
    UnknownField {
        found: String,
        suggestion: Option<String>,
    },
    /// A funds row the template does not have; `valid` as (name, key).
    UnknownFundsRow {
        found: String,
        suggestion: Option<String>,
        valid: Vec<(String, String)>,
    },
    UnknownUnit {
        found: String,
    },
    UnknownWord {
        field: String,
        found: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    WrongValue {
        field: String,
        expected: &'static str,
    },
    Duplicate {
        name: String,
    },
    Missing {
        what: Missing,
    },
    MissingIn {
        what: Missing,
        owner: String,
    },
    /// A file checked as its 自评表 that has no actual at all: the stage it
    /// has reached (申报表 or 监控表), and how many 完成值 it lacks.
    NoActualsYet {
        stage: &'static str,
        missing: usize,
    },
    // ------------------------------------------------------------ funds
    MissingGoalPart {
        actual: bool,
    },
    /// A total that is not the sum of its parts: `column` is the amount
    /// (0 年初预算数, 1 全年预算数, 2 全年执行数), `label` the template's name
    /// of it; the rows as (name, English key).
    FundsSum {
        column: usize,
        label: String,
        total: String,
        sum: String,
        total_row: (String, String),
        parts: Vec<(String, String)>,
    },
    ExecutedOverBudget {
        row: String,
        executed: String,
        budget: String,
    },
    NegativeAmount,
    MisplacedWeight,
    NoBudget,
    /// A stated 执行率 that differs from the computed one (or cannot be
    /// computed: `computed` is `None`).
    FundsRateMismatch {
        row: String,
        declared: String,
        computed: Option<String>,
        formula: String,
    },
    /// A stated 得分 of budget execution that differs from the computed one.
    FundsScoreMismatch {
        declared: String,
        computed: String,
        formula: String,
    },
    /// A stated 得分 on a row that is not scored.
    MisplacedFundsScore,
    /// 得分 on the 年度资金总额 row without the 分值 it is out of.
    ScoreWithoutWeight {
        score: String,
    },
    /// 分值 or 得分 in a department's budget (部门预算), which is not
    /// scored: its rate scores the 预算执行率 row.
    BudgetNotScored {
        field: &'static str,
    },
    /// A `部门预算` block in a file on a project's template.
    BudgetOnProjectForm {
        template: String,
    },
    /// A `项目汇总` section in a template of another form than 部门整体.
    TemplateProjectsOnProjectForm,
    /// `项目汇总` in a file on a project's template.
    ProjectsOnProjectForm {
        template: String,
    },
    /// A file `项目汇总` lists that cannot be read; `path` as the reader
    /// names it.
    ProjectUnreadable {
        file: String,
        path: Option<String>,
    },
    /// A listed file with errors: how many, and the first (its line and
    /// message).
    ProjectHasErrors {
        file: String,
        /// The file as the reader names it, for the command that checks it.
        origin: String,
        errors: usize,
        line: usize,
        first: String,
        first_en: String,
    },
    /// A listed file that is itself a department's sheet.
    ProjectIsDepartment {
        file: String,
    },
    /// A listed file of another 年度.
    ProjectOtherYear {
        file: String,
        year: u32,
        expected: u32,
    },
    /// A listed file of another 主管部门.
    ProjectOtherDepartment {
        file: String,
        department: String,
        expected: String,
    },
    /// The listed projects' 全年预算数 add up to more than the budget's
    /// 项目支出 (万元, two decimals).
    ProjectsOverBudget {
        listed: String,
        budget: String,
    },
    /// `规则 执行率` in a file whose funds total has no 执行率 (no funds
    /// block, or a blank or zero budget); `total` is the total row's name.
    ExecutionWithoutBudget {
        total: String,
        block: bool,
    },
    /// 指标值 or 完成值 on a row scored by the execution rule, whose rate
    /// comes from the funds.
    ExecutionFigure {
        field: &'static str,
    },
    /// `规则 执行率` in a file whose funds total has a 分值: the execution
    /// would be scored twice.
    ExecutionScoredTwice,
    // ------------------------------------------------------------ values
    Incomparable {
        target: Sort,
        actual: Sort,
        /// The actual written in the target's terms (`50个`, `100%`), when
        /// it has a figure.
        write: Option<String>,
    },
    /// A bare actual read in its target's unit.
    BareActual {
        read_as: String,
    },
    /// A bare actual between 0 and 1 under a percentage: `0.95`, read as
    /// 0.95%, where Excel's 95% was probably meant.
    BareFraction {
        read_as: String,
        meant: String,
    },
    InvalidDate,
    BoundInActual,
    TargetIsZero,
    RuleNeedsNumbers {
        rule: &'static str,
    },
    /// A calculation on figures whose result does not fit in 28 digits.
    Overflow,
    /// A ratio or inverse rule on a target below zero.
    NegativeTarget {
        rule: &'static str,
    },
    // ------------------------------------------------------------ scores
    ScoreMismatch {
        declared: String,
        computed: String,
        rule: &'static str,
        formula: String,
    },
    ScoreAboveWeight {
        score: String,
        weight: String,
        /// The score its rule gives, with the formula, when it has one.
        computed: Option<(String, String)>,
    },
    NegativeScore,
    ScoreRequired {
        rule: &'static str,
    },
    GradeBand {
        grade: &'static str,
        score: String,
        low: String,
        high: String,
        closed: bool,
    },
    WeightsSum {
        sum: String,
        total: String,
        parts: String,
    },
    /// A strict bound missed exactly at its figure: the rule's formula would
    /// give the full weight to a target that was not met.
    StrictBoundMissed {
        bound: String,
        actual: String,
    },
    /// A weight with more than two decimal places.
    WeightTooPrecise {
        weight: String,
        score: String,
    },
    DeviationMissing {
        score: String,
        weight: String,
    },
    /// A weight other than the scheme recommends: `split` is the whole
    /// recommendation (`预算执行率 10`, `产出指标 50` …), `template` the
    /// template the scheme comes with.
    RecommendedSplit {
        category: String,
        weight: String,
        recommended: String,
        split: Vec<String>,
        template: String,
    },
    // ------------------------------------------------------------ lints
    LowExecution {
        rate: String,
        threshold: String,
    },
    Overshoot {
        percent: String,
        margin: String,
    },
    PercentOver100 {
        value: String,
    },
    EmptyCategory {
        name: String,
    },
    /// A full-width quote whose closing one is not on its line.
    FullWidth {
        found: String,
        replacement: String,
    },
    /// Full-width braces, a colon or quotes around a string, read as their
    /// ASCII form (a colon as a space).
    FullWidthPunctuation {
        found: String,
        replacement: String,
    },
    ChineseDate {
        found: String,
        replacement: String,
    },
    PercentWord {
        found: String,
        replacement: String,
    },
    SignedEarly {
        date: String,
        year: u32,
    },
    HandNumbered {
        number: String,
    },
    // ------------------------------------------------------------ schemes
    GradesOrder,
    /// A scheme setting outside the values it can take.
    SettingRange {
        setting: &'static str,
    },
    /// A grade no total can reach.
    GradeAboveTotal {
        grade: String,
        lowest: String,
        total: String,
    },
    // ------------------------------------------------------------ templates
    /// An item a template does not have at this place.
    TemplateUnknownItem {
        place: TemplatePlace,
        found: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    /// A template item with the wrong arguments.
    TemplateArgument {
        item: String,
        expected: Argument,
    },
    /// A part a template must describe.
    TemplateMissing {
        what: String,
    },
    /// A `{…}` a template text cannot hold.
    TemplatePlaceholder {
        found: String,
        valid: Vec<String>,
    },
    /// `表样 "…"` names no built-in template, and no file could be read
    /// (`reason`: the path tried, when the caller reads files).
    TemplateNotFound {
        name: String,
        reason: Option<String>,
        builtins: Vec<String>,
    },
    /// `表样 "…"` names a template with errors.
    TemplateBroken {
        name: String,
        errors: usize,
    },
    /// A funds row with another number of amounts than the form's columns.
    AmountCount {
        expected: usize,
        found: usize,
        columns: Vec<String>,
    },
    /// A `栏目` name the template does not ask for.
    UnknownFieldText {
        found: String,
        suggestion: Option<String>,
        valid: Vec<String>,
        template: String,
    },
    /// Text rows of the form left empty.
    FieldMissing {
        keys: Vec<String>,
        template: String,
    },
    // ------------------------------------------------------------ references
    UnclosedReference,
    StrayBrace,
    ReferenceNotAllowed,
    UnknownReference {
        found: String,
        suggestion: Option<String>,
    },
    UnknownReferenceField {
        subject: String,
        found: String,
        suggestion: Option<String>,
        valid: Vec<String>,
    },
    BlankReference,
    ReportMismatch {
        what: &'static str,
        stated: String,
        form: String,
    },
    UnknownTable {
        found: String,
        suggestion: Option<String>,
    },
    Placeholder,
    /// Text of the blank form (an instruction, a placeholder), or nothing.
    LeftOver {
        found: Option<String>,
    },
    FundsBlank,
    /// A self-evaluation target (`自评指标值`) that is neither the declared
    /// target nor a recorded adjustment of it.
    TargetChanged {
        declared: String,
        evaluated: String,
        /// The adjusted target, when there is one.
        adjusted: Option<String>,
    },
    /// At monitoring: 执行数 behind the share of the year elapsed, with no
    /// 纠偏措施.
    ProgressBehind {
        rate: String,
        elapsed: String,
        month: u32,
    },
    /// At monitoring: 预计完成值 short of the target, with no 纠偏措施.
    ForecastShort {
        forecast: String,
        target: String,
    },
}

/// Rule names as printed: (Chinese, English).
pub fn rule_name(rule: &str, lang: Lang) -> &str {
    match (rule, lang) {
        (_, Lang::Zh) => rule,
        ("比例", _) => "ratio",
        ("反向", _) => "inverse",
        ("达标", _) => "pass",
        ("定性", _) => "graded",
        ("人工", _) => "manual",
        _ => rule,
    }
}

fn did_you_mean(suggestion: &Option<String>, lang: Lang) -> Option<String> {
    suggestion.as_ref().map(|s| match lang {
        Lang::Zh => format!("是不是要写 `{s}`？"),
        Lang::En => format!("did you mean `{s}`?"),
    })
}

fn list(items: &[String]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// An amount column in English, with the form's label.
fn column_name(column: usize, label: &str) -> String {
    let meaning = match column {
        0 => "initial budget",
        1 => "annual budget",
        _ => "executed",
    };
    format!("{meaning} ({label})")
}

fn english_number(n: usize) -> String {
    const WORDS: [&str; 10] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

impl Kind {
    pub fn code(&self) -> &'static str {
        match self {
            Kind::Syntax { .. } => "E101",
            Kind::UnterminatedString => "E102",
            Kind::UnclosedBlock => "E103",
            Kind::UnexpectedClose => "E104",
            Kind::UnterminatedComment => "E105",
            Kind::InvalidEscape { .. } => "E106",
            Kind::NumberTooLarge => "E107",
            Kind::TooLarge { .. } => "E112",
            Kind::TooDeep { .. } => "E113",
            Kind::TooComplex => "E114",
            Kind::Malformed { .. } => "E120",
            Kind::SignAndWord { .. } => "E121",
            Kind::MissingFieldName { .. } => "E122",
            Kind::FullWidthFigure { .. } => "W130",
            Kind::StrayPunctuation { .. } => "E123",
            Kind::ChineseClosingQuote => "E131",
            Kind::RangeValue { .. } => "E132",
            Kind::EmptyCells { .. } => "E133",
            Kind::ChineseYear { .. } => "E134",
            Kind::UnitInBrackets { .. } => "E135",
            Kind::HashComment => "E124",
            Kind::IndicatorOutsideLevel2 => "E125",
            Kind::Unquoted { .. } => "E126",
            Kind::NameNotFirst { .. } => "E127",
            Kind::AmountDecorated { .. } => "E128",
            Kind::PercentSignMissing { .. } => "E129",
            Kind::CategoryTooDeep { .. } => "E130",
            Kind::NotUtf8 { .. } => "W115",
            Kind::UnknownKeyword { .. } => "E201",
            Kind::UnknownLevel1 { .. } => "E202",
            Kind::UnknownLevel2 { .. } => "E203",
            Kind::WrongLevel1 { .. } => "E204",
            Kind::UnknownField { .. } => "E205",
            Kind::UnknownFundsRow { .. } => "E206",
            Kind::UnknownUnit { .. } => "E207",
            Kind::UnknownWord { .. } => "E208",
            Kind::WrongValue { .. } => "E209",
            Kind::Duplicate { .. } => "E210",
            Kind::Missing { .. } => "E211",
            Kind::MissingIn { .. } => "E212",
            Kind::NoActualsYet { .. } => "E223",
            Kind::MissingGoalPart { .. } => "E213",
            Kind::FundsSum { .. } => "E301",
            Kind::ExecutedOverBudget { .. } => "W302",
            Kind::NegativeAmount => "E303",
            Kind::MisplacedWeight => "E304",
            Kind::NoBudget => "E305",
            Kind::FundsRateMismatch { .. } => "E308",
            Kind::FundsScoreMismatch { .. } => "E309",
            Kind::MisplacedFundsScore => "E310",
            Kind::ScoreWithoutWeight { .. } => "E320",
            Kind::BudgetNotScored { .. } => "E311",
            Kind::BudgetOnProjectForm { .. } => "E315",
            Kind::ProjectsOnProjectForm { .. } => "E316",
            Kind::TemplateProjectsOnProjectForm => "E317",
            Kind::ProjectUnreadable { .. } => "E330",
            Kind::ProjectHasErrors { .. } => "E331",
            Kind::ProjectIsDepartment { .. } => "E332",
            Kind::ProjectOtherYear { .. } => "E333",
            Kind::ProjectOtherDepartment { .. } => "W334",
            Kind::ProjectsOverBudget { .. } => "W335",
            Kind::ExecutionWithoutBudget { .. } => "E312",
            Kind::ExecutionFigure { .. } => "E313",
            Kind::ExecutionScoredTwice => "E314",
            Kind::Incomparable { .. } => "E401",
            Kind::BareActual { .. } => "A410",
            Kind::BareFraction { .. } => "W411",
            Kind::InvalidDate => "E402",
            Kind::BoundInActual => "W403",
            Kind::TargetIsZero => "E404",
            Kind::RuleNeedsNumbers { .. } => "E405",
            Kind::Overflow => "E408",
            Kind::NegativeTarget { .. } => "E409",
            Kind::ScoreMismatch { .. } => "E501",
            Kind::ScoreAboveWeight { .. } => "E502",
            Kind::NegativeScore => "E503",
            Kind::ScoreRequired { .. } => "E504",
            Kind::GradeBand { .. } => "E505",
            Kind::WeightsSum { .. } => "E506",
            Kind::StrictBoundMissed { .. } => "E510",
            Kind::WeightTooPrecise { .. } => "W511",
            Kind::DeviationMissing { .. } => "W507",
            Kind::RecommendedSplit { .. } => "A508",
            Kind::LowExecution { .. } => "W306",
            Kind::Overshoot { .. } => "W509",
            Kind::PercentOver100 { .. } => "W406",
            Kind::EmptyCategory { .. } => "W214",
            Kind::FullWidth { .. } => "E108",
            Kind::FullWidthPunctuation { .. } => "W131",
            Kind::ChineseDate { .. } => "E109",
            Kind::PercentWord { .. } => "E407",
            Kind::SignedEarly { .. } => "W601",
            Kind::HandNumbered { .. } => "W602",
            Kind::GradesOrder => "E215",
            Kind::SettingRange { .. } => "E221",
            Kind::GradeAboveTotal { .. } => "E222",
            Kind::UnclosedReference => "E110",
            Kind::StrayBrace => "E111",
            Kind::ReferenceNotAllowed => "E216",
            Kind::UnknownReference { .. } => "E217",
            Kind::UnknownReferenceField { .. } => "E218",
            Kind::BlankReference => "E219",
            Kind::UnknownTable { .. } => "E220",
            Kind::ReportMismatch { .. } => "W603",
            Kind::Placeholder => "W604",
            Kind::LeftOver { .. } => "W620",
            Kind::FundsBlank => "W307",
            Kind::TemplateUnknownItem { .. } => "E230",
            Kind::TemplateArgument { .. } => "E231",
            Kind::TemplateMissing { .. } => "E232",
            Kind::TemplatePlaceholder { .. } => "E233",
            Kind::TemplateNotFound { .. } => "E234",
            Kind::TemplateBroken { .. } => "E235",
            Kind::AmountCount { .. } => "E236",
            Kind::UnknownFieldText { .. } => "E237",
            Kind::FieldMissing { .. } => "W238",
            Kind::TargetChanged { .. } => "E412",
            Kind::ProgressBehind { .. } => "W413",
            Kind::ForecastShort { .. } => "W414",
        }
    }

    pub fn severity(&self) -> Severity {
        match self.code().as_bytes()[0] {
            b'E' => Severity::Error,
            b'W' => Severity::Warning,
            _ => Severity::Advice,
        }
    }

    /// The wording of this diagnostic in `lang`.
    pub fn text(&self, lang: Lang) -> Text {
        let zh = lang == Lang::Zh;
        // (message, label, help, related labels)
        let (message, label, help, related): (String, String, Option<String>, Vec<String>) =
            match self {
                Kind::Syntax {
                    expected,
                    found: Found::EndOfLine,
                } => {
                    let wanted = expected
                        .iter()
                        .map(|e| e.describe(lang))
                        .collect::<Vec<_>>()
                        .join(if zh { "、" } else { ", " });
                    if zh {
                        (
                            format!("语法错误：这一行缺少 {wanted}"),
                            format!("此处应为 {wanted}"),
                            Some(format!("在这一行末尾写上 {wanted}")),
                            vec!["所在的块从这里开始".into()],
                        )
                    } else {
                        (
                            format!("syntax error: the line lacks {wanted}"),
                            format!("expected {wanted}"),
                            Some(format!("write {wanted} at the end of this line")),
                            vec!["the enclosing block starts here".into()],
                        )
                    }
                }
                Kind::Syntax { expected, found } => {
                    let found = match found {
                        Found::EndOfFile if zh => "文件结尾".to_string(),
                        Found::EndOfFile => "the end of the file".to_string(),
                        Found::EndOfLine if zh => "行尾".to_string(),
                        Found::EndOfLine => "the end of the line".to_string(),
                        Found::Token(t) => format!("`{t}`"),
                    };
                    let wanted = expected
                        .iter()
                        .map(|e| e.describe(lang))
                        .collect::<Vec<_>>()
                        .join(if zh { "、" } else { ", " });
                    if zh {
                        (
                            format!("语法错误：这里不应出现 {found}"),
                            format!("此处应为 {wanted}"),
                            Some(format!("在这里写上 {wanted}，或删去多余的内容")),
                            vec!["所在的块从这里开始".into()],
                        )
                    } else {
                        (
                            format!("syntax error: unexpected {found}"),
                            format!("expected {wanted}"),
                            Some(format!("write {wanted} here, or remove what does not belong")),
                            vec!["the enclosing block starts here".into()],
                        )
                    }
                }
                Kind::Malformed { place, found } => {
                    let (wanted, example) = place.wanted(lang);
                    if zh {
                        (
                            format!("语法错误：这里应为{wanted}，不能写 `{found}`"),
                            format!("此处应为{wanted}"),
                            Some(format!(
                                "改写为{wanted}，例如 {example}；这一行的其余部分没有读取，改正后会一并检查"
                            )),
                            vec!["所在的块从这里开始".into()],
                        )
                    } else {
                        (
                            format!("syntax error: expected {wanted}, found `{found}`"),
                            format!("expected {wanted}"),
                            Some(format!(
                                "write {wanted}, such as {example}; the rest of this line was not read and is checked once it is fixed"
                            )),
                            vec!["the enclosing block starts here".into()],
                        )
                    }
                }
                Kind::StrayPunctuation { found } if zh => (
                    format!("多余的标点 `{found}`"),
                    "这里不用标点".into(),
                    Some(format!(
                        "删去 `{found}`：各项之间用空格或换行分开（这一行的其余部分没有读取，改正后会一并检查）"
                    )),
                    vec![],
                ),
                Kind::StrayPunctuation { found } => (
                    format!("stray punctuation `{found}`"),
                    "no punctuation here".into(),
                    Some(format!(
                        "remove `{found}`: items are separated by spaces or line breaks (the rest of this line was not read and is checked once it is fixed)"
                    )),
                    vec![],
                ),
                Kind::ChineseClosingQuote if zh => (
                    "文字的结束引号是中文引号 `”`".into(),
                    "应为半角的 \"".into(),
                    Some("把结尾的 ” 改为半角的 \"，与开头的引号配对（文字中间的中文引号 “ ” 不受影响）".into()),
                    vec![],
                ),
                Kind::ChineseClosingQuote => (
                    "the string's closing quote is a Chinese `”`".into(),
                    "write a half-width \"".into(),
                    Some("replace the final ” with a half-width \" to match the opening quote (Chinese quotes “ ” inside the text are fine)".into()),
                    vec![],
                ),
                Kind::UnitInBrackets { found, written } if zh => (
                    format!("单位不加括号：`{found}`"),
                    "单位直接写在数字之后".into(),
                    Some(format!("写成 {written}（这一行的其余部分要等括号都去掉后才检查）")),
                    vec![],
                ),
                Kind::UnitInBrackets { found, written } => (
                    format!("a unit is written without brackets: `{found}`"),
                    "the unit goes right after the figure".into(),
                    Some(format!(
                        "write {written} (the rest of this line is checked once its brackets are gone)"
                    )),
                    vec![],
                ),
                Kind::ChineseYear { found, replacement } if zh => (
                    format!("年份不能用汉字写作 `{found}`"),
                    format!("应写作 {replacement}"),
                    Some(format!("年份用阿拉伯数字：年度 {replacement}")),
                    vec![],
                ),
                Kind::ChineseYear { found, replacement } => (
                    format!("a year cannot be written in Chinese numerals, `{found}`"),
                    format!("write {replacement}"),
                    Some(format!("write the year in digits: 年度 {replacement}")),
                    vec![],
                ),
                Kind::EmptyCells { label } if zh => (
                    format!("{label} 这一行没有金额"),
                    "金额的格是空的".into(),
                    Some(format!(
                        "空白的格也要写出来，每格写一个 -，例如 {label} - - -（按表样的金额列数）"
                    )),
                    vec![],
                ),
                Kind::EmptyCells { label } => (
                    format!("the row {label} has no amount"),
                    "its cells are empty".into(),
                    Some(format!(
                        "write each blank cell as -, such as {label} - - - (one for each amount column of the form)"
                    )),
                    vec![],
                ),
                Kind::RangeValue { found, low } if zh => (
                    format!("`{found}` 是一个区间，一项指标值只能写一个数"),
                    "区间".into(),
                    Some(format!(
                        "写出要达到的下限，例如 指标值 ≥{low}（或上限 ≤…）；区间的说明可写入 偏差 \"…\""
                    )),
                    vec![],
                ),
                Kind::RangeValue { found, low } => (
                    format!("`{found}` is a range; a value holds one figure"),
                    "range".into(),
                    Some(format!(
                        "write the bound to reach, such as 指标值 ≥{low} (or an upper one, ≤…); explain the range in 偏差 \"…\""
                    )),
                    vec![],
                ),
                Kind::HashComment if zh => (
                    "`#` 不能用作注释".into(),
                    "注释以 // 开头".into(),
                    Some("把 `#` 改为 `//`，例如 // 以下为年度目标".into()),
                    vec![],
                ),
                Kind::HashComment => (
                    "`#` does not start a comment".into(),
                    "a comment starts with //".into(),
                    Some("write `//` instead of `#`, such as // the goals follow".into()),
                    vec![],
                ),
                Kind::IndicatorOutsideLevel2 if zh => (
                    "三级指标要写在二级指标之中".into(),
                    "这里应为二级指标，例如 数量指标 { … }".into(),
                    Some("把这一行放进二级指标的大括号中，例如 数量指标 { \"…\" 指标值 … 完成值 … 分值 … }".into()),
                    vec![],
                ),
                Kind::IndicatorOutsideLevel2 => (
                    "an indicator belongs inside a 二级 category".into(),
                    "expected a 二级 category, such as 数量指标 { … }".into(),
                    Some("put this line inside the braces of a 二级 category, such as 数量指标 { \"…\" 指标值 … 完成值 … 分值 … }".into()),
                    vec![],
                ),
                Kind::Unquoted { found } if zh => (
                    "文字没有加引号".into(),
                    "这段文字要写在英文引号 \" \" 之中".into(),
                    Some(format!("写成 \"{found}\"")),
                    vec![],
                ),
                Kind::Unquoted { found } => (
                    "text without quotes".into(),
                    "text is written between quotes \" \"".into(),
                    Some(format!("write \"{found}\"")),
                    vec![],
                ),
                Kind::NameNotFirst { name } if zh => (
                    "指标名称要写在字段之前".into(),
                    "一行指标以带引号的名称开头".into(),
                    Some(format!(
                        "把名称移到行首，例如 \"{}\" 指标值 … 完成值 … 分值 …",
                        name.as_deref().unwrap_or("指标名称")
                    )),
                    vec![],
                ),
                Kind::NameNotFirst { name } => (
                    "an indicator's name comes before its fields".into(),
                    "an indicator starts with its name in quotes".into(),
                    Some(format!(
                        "move the name to the start, such as \"{}\" 指标值 … 完成值 … 分值 …",
                        name.as_deref().unwrap_or("name")
                    )),
                    vec![],
                ),
                Kind::CategoryTooDeep { name } if zh => (
                    format!("`{name} {{ … }}` 写在了指标之中"),
                    "指标中不能再开一个块".into(),
                    Some(format!(
                        "{name} 是指标类别：把它移到上一级的大括号中，与同级的类别并列（例如二级指标都写在一级指标的大括号中）"
                    )),
                    vec![],
                ),
                Kind::CategoryTooDeep { name } => (
                    format!("`{name} {{ … }}` stands among indicators"),
                    "no block can open inside an indicator list".into(),
                    Some(format!(
                        "{name} is a category: move it into the braces one level up, beside the categories of its level (every 二级 category inside the braces of a 一级)"
                    )),
                    vec![],
                ),
                Kind::PercentSignMissing { found } if zh => (
                    "执行率要带百分号".into(),
                    "缺少 %".into(),
                    Some(format!("写成 {found}%")),
                    vec![],
                ),
                Kind::PercentSignMissing { found } => (
                    "执行率 takes a percentage".into(),
                    "the % is missing".into(),
                    Some(format!("write {found}%")),
                    vec![],
                ),
                Kind::AmountDecorated { found } if zh => (
                    format!("金额只写数字，不写 `{found}`"),
                    format!("删去 {found}"),
                    Some("只写数字，例如 100；金额单位写在 项目资金 之后：项目资金 万元 { … }".into()),
                    vec![],
                ),
                Kind::AmountDecorated { found } => (
                    format!("an amount is a bare number, without `{found}`"),
                    format!("remove {found}"),
                    Some("write the number alone, such as 100; the unit goes after 项目资金: 项目资金 万元 { … }".into()),
                    vec![],
                ),
                Kind::FullWidthFigure { found, replacement } if zh => (
                    format!("`{found}` 是全角字符，已按 `{replacement}` 读取"),
                    format!("按 {replacement} 读取"),
                    Some(format!(
                        "改写为半角的 {replacement}（输入法切换到半角）；jixiao fmt 会自动改写"
                    )),
                    vec![],
                ),
                Kind::FullWidthFigure { found, replacement } => (
                    format!("`{found}` is written in full-width characters; read as `{replacement}`"),
                    format!("read as {replacement}"),
                    Some(format!(
                        "write it half-width: {replacement} (switch the input method to half-width); jixiao fmt rewrites it"
                    )),
                    vec![],
                ),
                Kind::MissingFieldName { found, field } if zh => (
                    format!("`{found}` 前缺少字段名"),
                    "这个值属于哪个字段？".into(),
                    Some(format!(
                        "在值前写上字段名，例如 {field} {found}（字段有 指标值、完成值、分值、得分、规则、等级、偏差）"
                    )),
                    vec![],
                ),
                Kind::MissingFieldName { found, field } => (
                    format!("`{found}` has no field name"),
                    "which field is this value for?".into(),
                    Some(format!(
                        "write the field's name before it, such as {field} {found} (the fields are 指标值, 完成值, 分值, 得分, 规则, 等级, 偏差)"
                    )),
                    vec![],
                ),
                Kind::SignAndWord {
                    written,
                    sign,
                    word,
                } if zh => (
                    format!("`{written}` 同时写了符号 {sign} 和文字 {word}"),
                    "符号和文字只写一个".into(),
                    Some(format!(
                        "只保留其中一个，例如 `{}` 或 `{}`",
                        written.replacen(word.as_str(), "", 1).trim(),
                        written.replacen(sign.as_str(), "", 1).trim()
                    )),
                    vec![],
                ),
                Kind::SignAndWord {
                    written,
                    sign,
                    word,
                } => (
                    format!("`{written}` has both the sign {sign} and the word {word}"),
                    "write the sign or the word, not both".into(),
                    Some(format!(
                        "keep one of them, such as `{}` or `{}`",
                        written.replacen(word.as_str(), "", 1).trim(),
                        written.replacen(sign.as_str(), "", 1).trim()
                    )),
                    vec![],
                ),
                Kind::UnterminatedString if zh => (
                    "文字没有结束引号".into(),
                    "这个引号开始的文字一直没有结束".into(),
                    Some("在文字末尾补上 \"；文字中的引号请写成 \\\" 或使用中文引号 “ ”".into()),
                    vec![],
                ),
                Kind::UnterminatedString => (
                    "unterminated string".into(),
                    "this string is never closed".into(),
                    Some("add a closing \" at the end of the text; write a quote inside text as \\\" or use “ ”".into()),
                    vec![],
                ),
                Kind::UnclosedBlock if zh => (
                    "块没有闭合".into(),
                    "这个 { 没有对应的 }".into(),
                    Some("在块的末尾补上 }".into()),
                    vec![],
                ),
                Kind::UnclosedBlock => (
                    "unclosed block".into(),
                    "this { has no matching }".into(),
                    Some("add a } at the end of the block".into()),
                    vec![],
                ),
                Kind::UnexpectedClose if zh => (
                    "多余的 }".into(),
                    "这个 } 没有对应的 {".into(),
                    Some("删除这个 }，或在前面补上缺少的 {".into()),
                    vec![],
                ),
                Kind::UnexpectedClose => (
                    "unexpected }".into(),
                    "this } closes no block".into(),
                    Some("remove it, or add the missing { before it".into()),
                    vec![],
                ),
                Kind::UnterminatedComment if zh => (
                    "注释没有结束".into(),
                    "这个 /* 没有对应的 */".into(),
                    Some("在注释末尾补上 */".into()),
                    vec![],
                ),
                Kind::UnterminatedComment => (
                    "unterminated comment".into(),
                    "this /* has no matching */".into(),
                    Some("add */ at the end of the comment".into()),
                    vec![],
                ),
                Kind::InvalidEscape { found } if zh => (
                    format!("文字中不能使用转义 `{found}`"),
                    "无效的转义".into(),
                    Some("只能写 \\\" （引号）和 \\\\ （反斜杠）；要写一个反斜杠，请写 \\\\".into()),
                    vec![],
                ),
                Kind::InvalidEscape { found } => (
                    format!("invalid escape `{found}` in a string"),
                    "invalid escape".into(),
                    Some("only \\\" (a quote) and \\\\ (a backslash) are escapes; write a backslash as \\\\".into()),
                    vec![],
                ),
                Kind::NumberTooLarge if zh => (
                    "数字太大或位数太多".into(),
                    "无法精确表示".into(),
                    Some("金额、百分比和分数最多 28 位有效数字".into()),
                    vec![],
                ),
                Kind::NumberTooLarge => (
                    "number too large or too precise".into(),
                    "cannot be represented exactly".into(),
                    Some("amounts, percentages and scores take at most 28 significant digits".into()),
                    vec![],
                ),
                Kind::TooLarge { size, limit } if zh => (
                    format!("文件太大（{size} 字节），上限为 {limit} 字节"),
                    "文件太大".into(),
                    Some("一份自评通常只有几千字节：请检查是否选错了文件".into()),
                    vec![],
                ),
                Kind::TooLarge { size, limit } => (
                    format!("the file is too large ({size} bytes; the limit is {limit})"),
                    "too large".into(),
                    Some("an evaluation is a few kilobytes: check that this is the right file".into()),
                    vec![],
                ),
                Kind::TooDeep { limit } if zh => (
                    format!("块嵌套超过 {limit} 层"),
                    "嵌套太深".into(),
                    Some("自评表最多嵌套四层（自评表、绩效指标、一级、二级）：请检查多余的 {".into()),
                    vec![],
                ),
                Kind::TooDeep { limit } => (
                    format!("blocks are nested more than {limit} deep"),
                    "nested too deep".into(),
                    Some("an evaluation nests four blocks deep at most: look for stray { characters".into()),
                    vec![],
                ),
                Kind::TooComplex if zh => (
                    "文件结构过于复杂，无法解析".into(),
                    "解析在这里停止".into(),
                    Some("请检查文件是否为 jixiao 自评文件".into()),
                    vec![],
                ),
                Kind::TooComplex => (
                    "the file is too complex to parse".into(),
                    "parsing stopped here".into(),
                    Some("check that this is a jixiao evaluation file".into()),
                    vec![],
                ),
                Kind::NotUtf8 { encoding } if zh => (
                    format!("文件不是 UTF-8 编码，已按 {} 读取", encoding.name()),
                    format!("从这里起的文字按 {} 解码", encoding.name()),
                    Some("请把文件另存为 UTF-8 编码（记事本：文件 → 另存为 → 编码选 UTF-8）；或运行 jixiao fmt 文件名，它以 UTF-8 和统一的排版重写文件".into()),
                    vec![],
                ),
                Kind::NotUtf8 { encoding } => (
                    format!("the file is not UTF-8; it was read as {}", encoding.name()),
                    format!("decoded as {} from here", encoding.name()),
                    Some("save the file as UTF-8 (Notepad: File → Save as → Encoding UTF-8), or run jixiao fmt FILE, which rewrites it in UTF-8 and the canonical layout".into()),
                    vec![],
                ),
                Kind::UnknownKeyword { found, context, suggestion } => {
                    let valid = context
                        .keywords()
                        .iter()
                        .map(|(z, e)| if zh { format!("`{z}`") } else { format!("`{e}`") })
                        .collect::<Vec<_>>()
                        .join(", ");
                    let mut help = did_you_mean(suggestion, lang).unwrap_or_default();
                    if !help.is_empty() {
                        help.push(' ');
                    }
                    if zh {
                        help.push_str(&format!("{}可以写：{valid}", context.name(lang)));
                        (format!("未知的关键字 `{found}`"), "这里不认识这个词".into(), Some(help), vec![])
                    } else {
                        help.push_str(&format!("valid in {}: {valid}", context.name(lang)));
                        (format!("unknown keyword `{found}`"), "not a keyword here".into(), Some(help), vec![])
                    }
                }
                Kind::UnknownLevel1 { found, suggestion, valid } => {
                    let tail = if zh { format!("一级指标可以是：{}", list(valid)) } else { format!("first-level categories are {}", list(valid)) };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("未知的一级指标 `{found}`"), "不是一级指标".into(), Some(help), vec![])
                    } else {
                        (format!("unknown first-level category `{found}`"), "not a first-level category".into(), Some(help), vec![])
                    }
                }
                Kind::UnknownLevel2 { found, suggestion, parent, valid } => {
                    let tail = if zh { format!("{parent} 下的二级指标可以是：{}", list(valid)) } else { format!("second-level categories under {parent} are {}", list(valid)) };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("未知的二级指标 `{found}`"), "不是二级指标".into(), Some(help), vec![])
                    } else {
                        (format!("unknown second-level category `{found}`"), "not a second-level category".into(), Some(help), vec![])
                    }
                }
                Kind::WrongLevel1 { found, parent, belongs } if zh => (
                    format!("二级指标 `{found}` 不属于 {parent}"),
                    format!("应放在 {belongs} 下"),
                    Some(format!("把这个块移到 `{belongs} {{ … }}` 里")),
                    vec![format!("这里是 {parent}")],
                ),
                Kind::WrongLevel1 { found, parent, belongs } => (
                    format!("`{found}` does not belong under {parent}"),
                    format!("belongs under {belongs}"),
                    Some(format!("move this block into `{belongs} {{ … }}`")),
                    vec![format!("this is {parent}")],
                ),
                Kind::UnknownField { found, suggestion } => {
                    let tail = if zh {
                        "指标的字段有：指标值、完成值、分值、得分、规则、等级、偏差"
                    } else {
                        "indicator fields are target, actual, weight, score, rule, grade, deviation (指标值, 完成值, 分值, 得分, 规则, 等级, 偏差)"
                    };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail.to_string(),
                    };
                    if zh {
                        (format!("未知的字段 `{found}`"), "不是指标的字段".into(), Some(help), vec![])
                    } else {
                        (format!("unknown field `{found}`"), "not an indicator field".into(), Some(help), vec![])
                    }
                }
                Kind::UnknownFundsRow { found, suggestion, valid } => {
                    let names = valid.iter().map(|v| v.0.as_str()).collect::<Vec<_>>();
                    let keys = valid.iter().map(|v| v.1.as_str()).collect::<Vec<_>>();
                    let tail = if zh {
                        format!("资金行有：{}", names.join("、"))
                    } else if keys == names {
                        format!("funds rows are {}", names.join(", "))
                    } else {
                        format!("funds rows are {} ({})", keys.join(", "), names.join(", "))
                    };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("未知的资金行 `{found}`"), "不是资金行".into(), Some(help), vec![])
                    } else {
                        (format!("unknown funds row `{found}`"), "not a funds row".into(), Some(help), vec![])
                    }
                }
                Kind::UnknownUnit { found } if zh => (
                    format!("未知的资金单位 `{found}`"),
                    "应为 万元 或 元".into(),
                    Some("写 `项目资金 万元 { … }` 或 `项目资金 元 { … }`".into()),
                    vec![],
                ),
                Kind::UnknownUnit { found } => (
                    format!("unknown money unit `{found}`"),
                    "must be 万元 or 元".into(),
                    Some("write `funds 万元 { … }` or `funds 元 { … }`".into()),
                    vec![],
                ),
                Kind::UnknownWord { field, found, suggestion, valid } => {
                    let tail = if zh { format!("{field} 可以是：{}", list(valid)) } else { format!("{field} takes {}", list(valid)) };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("{field} 不能是 `{found}`"), "无效的值".into(), Some(help), vec![])
                    } else {
                        (format!("`{found}` is not a valid {field}"), "invalid value".into(), Some(help), vec![])
                    }
                }
                Kind::WrongValue { field, expected } if zh => (
                    format!("{field} 的值应为{expected}"),
                    format!("这里需要{expected}"),
                    Some(format!("例如：{}", example_for(field))),
                    vec![],
                ),
                Kind::WrongValue { field, expected } => (
                    format!("{field} takes {}", english_kind(expected)),
                    format!("expected {}", english_kind(expected)),
                    Some(format!("for example: {}", example_for(field))),
                    vec![],
                ),
                Kind::Duplicate { name } if zh => (
                    format!("`{name}` 重复出现"),
                    "第二次出现".into(),
                    Some("每项只能写一次：删除其中一个，或把内容合并".into()),
                    vec!["第一次出现在这里".into()],
                ),
                Kind::Duplicate { name } => (
                    format!("`{name}` is given twice"),
                    "given again here".into(),
                    Some("each may appear once: remove one, or merge them".into()),
                    vec!["first given here".into()],
                ),
                Kind::Missing { what } => {
                    let (z, e, example) = what.parts();
                    if zh {
                        (format!("缺少 {z}"), format!("这里需要 {z}"), Some(format!("补上，例如：{example}")), vec![])
                    } else {
                        (format!("missing {e} ({z})"), format!("{e} is required here"), Some(format!("add it, for example: {example}")), vec![])
                    }
                }
                Kind::MissingIn { what, owner } => {
                    let (z, e, example) = what.parts();
                    if zh {
                        (format!("“{owner}” 缺少 {z}"), format!("缺少 {z}"), Some(format!("补上，例如：{example}")), vec![])
                    } else {
                        (format!("“{owner}” has no {e} ({z})"), format!("{e} is missing"), Some(format!("add it, for example: {example}")), vec![])
                    }
                }
                Kind::NoActualsYet { stage, missing } if zh => (
                    format!("这个文件还没有完成值，不能作为自评表：它停在{}阶段", &stage[..stage.len() - "表".len()]),
                    format!("{missing} 个指标还没有完成值"),
                    Some(format!("年底自评时给每个指标写上 完成值，在年度总体目标中写上 实际完成情况，在项目资金中写上 全年执行数；现在要检查或打印{stage}，用 --form {stage}，例如 jixiao build --form {stage} 本文件")),
                    vec![],
                ),
                Kind::NoActualsYet { stage, missing } => (
                    format!("this file has no actuals yet and cannot be the self-evaluation (自评表): it is at the {stage} stage"),
                    format!("{missing} indicator(s) without a 完成值 yet"),
                    Some(format!("at the year's end write each indicator's 完成值, the goal's 实际完成情况 and the funds' 全年执行数; to check or print the {stage} now, use --form {stage}, such as jixiao build --form {stage} FILE")),
                    vec![],
                ),
                Kind::MissingGoalPart { actual } => {
                    let (z, e, example) = if *actual {
                        ("实际完成情况", "actual", "实际完成情况 \"2021年，共为6009人次发放补贴……\"")
                    } else {
                        ("预期目标", "expected", "预期目标 \"通过给予补贴的方式……\"")
                    };
                    if zh {
                        (format!("年度总体目标缺少 {z}"), format!("缺少 {z}"), Some(format!("补上，例如：{example}")), vec![])
                    } else {
                        (format!("the goal block has no {e} ({z})"), format!("{e} is missing"), Some(format!("add it, for example: {example}")), vec![])
                    }
                }
                Kind::FundsSum { column: _, label, total, sum, total_row, parts } if zh => (
                    format!("{label}：{} {total} 不等于下面{}行之和 {sum}", total_row.0, crate::format::chinese_number(parts.len())),
                    format!("应为 {sum}"),
                    Some(format!("{} = {}；把总额改为 {sum}，或改正下面的数（空白按 0 计）", total_row.0, parts.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(" + "))),
                    parts.iter().map(|p| p.0.clone()).collect(),
                ),
                Kind::FundsSum { column, label, total, sum, total_row, parts } => (
                    format!("{}: the total {total} is not the sum {sum} of the {} rows below it", column_name(*column, label), english_number(parts.len())),
                    format!("should be {sum}"),
                    Some(format!("{} = {}; change the total to {sum} or correct the rows (a blank counts as 0)", total_row.1, parts.iter().map(|p| p.1.as_str()).collect::<Vec<_>>().join(" + "))),
                    parts.iter().map(|p| p.1.clone()).collect(),
                ),
                Kind::ExecutedOverBudget { row, executed, budget } if zh => (
                    format!("{row}：全年执行数 {executed} 超过全年预算数 {budget}"),
                    "超过预算".into(),
                    Some("请核对执行数；确属超支的，应在自评报告中说明原因".into()),
                    vec!["全年预算数".into()],
                ),
                Kind::ExecutedOverBudget { row, executed, budget } => (
                    format!("{row}: executed {executed} exceeds the annual budget {budget}"),
                    "over budget".into(),
                    Some("check the figure; if the budget was overspent, explain why in the report".into()),
                    vec!["annual budget".into()],
                ),
                Kind::MisplacedWeight if zh => (
                    "分值只能写在年度资金总额一行".into(),
                    "这里不能写分值".into(),
                    Some("预算执行率的分值写在 年度资金总额 行末尾，例如：年度资金总额 100 100 95 分值 10".into()),
                    vec![],
                ),
                Kind::MisplacedWeight => (
                    "a weight belongs on the total row only".into(),
                    "no weight here".into(),
                    Some("write the weight of budget execution at the end of the total row: `total 100 100 95 weight 10`".into()),
                    vec![],
                ),
                Kind::FundsRateMismatch { row, declared, computed: Some(computed), formula } if zh => (
                    format!("{row}：执行率 {declared} 与计算结果 {computed} 不一致"),
                    format!("应为 {computed}"),
                    Some(format!("执行率 = 全年执行数 / 全年预算数 = {formula}；改为 执行率 {computed}，或删去 执行率 由 jixiao 计算")),
                    vec![],
                ),
                Kind::FundsRateMismatch { row, declared, computed: Some(computed), formula } => (
                    format!("{row}: execution rate {declared} differs from the computed {computed}"),
                    format!("should be {computed}"),
                    Some(format!("execution rate = executed / annual budget = {formula}; write `rate {computed}`, or leave the rate out and jixiao computes it")),
                    vec![],
                ),
                Kind::FundsRateMismatch { row, declared, computed: None, .. } if zh => (
                    format!("{row}：写了执行率 {declared}，但这一行无法计算执行率"),
                    "全年预算数为 0 或空白".into(),
                    Some("执行率 = 全年执行数 / 全年预算数；填写这两个数，或删去 执行率".into()),
                    vec![],
                ),
                Kind::FundsRateMismatch { row, declared, computed: None, .. } => (
                    format!("{row}: an execution rate of {declared} is stated, but this row's rate cannot be computed"),
                    "the annual budget is 0 or blank".into(),
                    Some("execution rate = executed / annual budget; fill in both, or remove the rate".into()),
                    vec![],
                ),
                Kind::FundsScoreMismatch { declared, computed, formula } if zh => (
                    format!("预算执行得分 {declared} 与计算结果 {computed} 不一致"),
                    format!("应为 {computed}"),
                    Some(format!("得分 = 分值 × min(执行率, 100%) = {formula}；改为 得分 {computed}，或删去 得分 由 jixiao 计算")),
                    vec![],
                ),
                Kind::FundsScoreMismatch { declared, computed, formula } => (
                    format!("budget execution score {declared} differs from the computed {computed}"),
                    format!("should be {computed}"),
                    Some(format!("score = weight × min(execution rate, 100%) = {formula}; write `score {computed}`, or leave the score out and jixiao computes it")),
                    vec![],
                ),
                Kind::ScoreWithoutWeight { score } if zh => (
                    "预算执行得分前缺少分值".into(),
                    "得分之前要写分值".into(),
                    Some(format!(
                        "在得分前写上预算执行率的分值，例如：年度资金总额 100 100 95 分值 10 得分 {score}"
                    )),
                    vec![],
                ),
                Kind::ScoreWithoutWeight { score } => (
                    "the budget execution score has no weight".into(),
                    "the weight comes before the score".into(),
                    Some(format!(
                        "write the weight of budget execution before the score, such as: 年度资金总额 100 100 95 分值 10 得分 {score}"
                    )),
                    vec![],
                ),
                Kind::BudgetOnProjectForm { template } if zh => (
                    format!("部门预算是部门整体自评表的块，但这个文件用的是项目表样“{template}”"),
                    "项目表样没有部门预算".into(),
                    Some("部门整体自评表：在自评表中写上 表样 \"部门整体\"；项目的资金：把 部门预算 改为 项目资金，写 年度资金总额、当年财政拨款 等资金行".into()),
                    vec![],
                ),
                Kind::BudgetOnProjectForm { template } => (
                    format!("部门预算 (`budget`) is the block of the 部门整体 sheet, but this file is on the project template “{template}”"),
                    "a project template has no department budget".into(),
                    Some("for a department's sheet, write `表样 \"部门整体\"` in the evaluation; for a project's funds, write 项目资金 (`funds`) with the rows 年度资金总额, 当年财政拨款 …".into()),
                    vec![],
                ),
                Kind::TemplateProjectsOnProjectForm if zh => (
                    "项目汇总只能写在部门整体的表样中".into(),
                    "这个表样不是部门整体".into(),
                    Some("删去这一节，或在表样中写 表种 \"部门整体\"".into()),
                    vec![],
                ),
                Kind::TemplateProjectsOnProjectForm => (
                    "项目汇总 (`projects`) belongs in a 部门整体 template only".into(),
                    "this template is not a 部门整体 one".into(),
                    Some("remove this section, or write `表种 \"部门整体\"` in the template".into()),
                    vec![],
                ),
                Kind::ProjectsOnProjectForm { template } if zh => (
                    format!("项目汇总是部门整体自评表的块，但这个文件用的是项目表样“{template}”"),
                    "项目表样没有项目汇总".into(),
                    Some("在部门整体自评表（表样 \"部门整体\"）中列出本部门的项目文件；项目自评表删去 项目汇总".into()),
                    vec![],
                ),
                Kind::ProjectsOnProjectForm { template } => (
                    format!("项目汇总 (`projects`) is a block of the 部门整体 sheet, but this file is on the project template “{template}”"),
                    "a project template has no project summary".into(),
                    Some("list the department's project files in its 部门整体 sheet (`表样 \"部门整体\"`); remove 项目汇总 from a project's evaluation".into()),
                    vec![],
                ),
                Kind::ProjectUnreadable { file, path } if zh => (
                    format!("读不到项目文件 “{file}”"),
                    "这个文件读不到".into(),
                    Some(match path {
                        Some(p) => format!("找的是 {p}：路径相对于本文件所在的文件夹；检查文件名和文件夹是否写对，文件能否打开，是否是文本文件（UTF-8 或 GB18030）"),
                        None => "在命令行用 jixiao check 或 jixiao build 检查这个文件，它们会读入列出的项目文件".into(),
                    }),
                    vec![],
                ),
                Kind::ProjectUnreadable { file, path } => (
                    format!("the project file “{file}” cannot be read"),
                    "this file cannot be read".into(),
                    Some(match path {
                        Some(p) => format!("looked for {p}: the path is relative to this file's folder; check the file's name and folder, that it can be opened, and that it is text (UTF-8 or GB18030)"),
                        None => "check this file with jixiao check or jixiao build on the command line, which read the listed project files".into(),
                    }),
                    vec![],
                ),
                Kind::ProjectHasErrors { file, origin, errors, line, first, .. } if zh => (
                    format!("项目文件 “{file}” 有 {errors} 个错误，不能汇总"),
                    "这个项目文件有错误".into(),
                    Some(format!("第一个在第 {line} 行：{first}；运行 jixiao check \"{origin}\" 查看全部，改正后再汇总")),
                    vec![],
                ),
                Kind::ProjectHasErrors { file, origin, errors, line, first_en, .. } => (
                    format!("the project file “{file}” has {errors} error(s) and cannot be summarised"),
                    "this project file has errors".into(),
                    Some(format!("the first, at line {line}: {first_en}; run jixiao check \"{origin}\" to see them all, and fix them")),
                    vec![],
                ),
                Kind::ProjectIsDepartment { file } if zh => (
                    format!("“{file}” 是部门整体自评表，不是项目自评表"),
                    "这里只能列项目文件".into(),
                    Some("项目汇总 只列本部门各项目的自评表文件；删去这一项".into()),
                    vec![],
                ),
                Kind::ProjectIsDepartment { file } => (
                    format!("“{file}” is a department's 部门整体 sheet, not a project's evaluation"),
                    "only project files may be listed here".into(),
                    Some("项目汇总 lists the evaluations of the department's projects; remove this entry".into()),
                    vec![],
                ),
                Kind::ProjectOtherYear { file, year, expected } if zh => (
                    format!("项目文件 “{file}” 是 {year} 年度的，本表是 {expected} 年度"),
                    format!("{year} 年度的项目"),
                    Some(format!("只汇总 {expected} 年度的项目：换成该项目 {expected} 年度的文件，或删去这一项")),
                    vec![],
                ),
                Kind::ProjectOtherYear { file, year, expected } => (
                    format!("the project file “{file}” is of {year}, this sheet of {expected}"),
                    format!("a project of {year}"),
                    Some(format!("summarise the projects of {expected} only: list the project's file of {expected}, or remove this entry")),
                    vec![],
                ),
                Kind::ProjectOtherDepartment { file, department, expected } if zh => (
                    format!("项目文件 “{file}” 的主管部门是“{department}”，不是本表的“{expected}”"),
                    "另一个部门的项目".into(),
                    Some("确认这个项目属于本部门：是的话统一两处主管部门的写法，不是的话删去这一项".into()),
                    vec![],
                ),
                Kind::ProjectOtherDepartment { file, department, expected } => (
                    format!("the project file “{file}” is of the department “{department}”, not this sheet's “{expected}”"),
                    "a project of another department".into(),
                    Some("make sure the project is the department's: if it is, write its 主管部门 the same in both files; if not, remove this entry".into()),
                    vec![],
                ),
                Kind::ProjectsOverBudget { listed, budget } if zh => (
                    format!("所列项目的全年预算数合计 {listed} 万元，超过部门预算的项目支出 {budget} 万元"),
                    "项目预算合计超过项目支出".into(),
                    Some("核对所列项目是否都属于本部门本年度、是否重复，以及部门预算中项目支出的全年预算数".into()),
                    vec!["部门预算的项目支出".into()],
                ),
                Kind::ProjectsOverBudget { listed, budget } => (
                    format!("the listed projects' 全年预算数 add up to {listed} 万元, more than the budget's 项目支出 of {budget} 万元"),
                    "the projects' budgets exceed 项目支出".into(),
                    Some("check that every listed project is the department's and of this year, that none is listed twice, and the 全年预算数 of 项目支出 in the 部门预算".into()),
                    vec!["the budget's 项目支出".into()],
                ),
                Kind::BudgetNotScored { field } if zh => (
                    format!("部门预算不计分，不能写{field}"),
                    format!("删去这里的{field}"),
                    Some("部门预算的执行率给“预算执行率”一行计分：在那一行写 规则 执行率 和 分值，例如 \"预算执行率\" 规则 执行率 分值 5".into()),
                    vec![],
                ),
                Kind::BudgetNotScored { field } => (
                    format!("the department's budget (部门预算) is not scored: no {} here", english_field(field)),
                    format!("remove this {}", english_field(field)),
                    Some("the budget's execution rate scores the 预算执行率 row: write `rule execution` and the weight there, such as \"预算执行率\" 规则 执行率 分值 5".into()),
                    vec![],
                ),
                Kind::ExecutionWithoutBudget { total, block: false } if zh => (
                    "规则 执行率 按部门预算的执行率计分，但文件中没有部门预算".into(),
                    "没有可以计分的执行率".into(),
                    Some(format!("写上部门预算：部门预算 万元 {{ {total} 年初预算数 全年预算数 全年执行数 … }}；或者删去 规则 执行率，写 得分 手工计分")),
                    vec![],
                ),
                Kind::ExecutionWithoutBudget { total, block: false } => (
                    "`rule execution` scores from the execution rate of the budget (部门预算), which the file does not have".into(),
                    "no execution rate to score from".into(),
                    Some(format!("write the budget: 部门预算 万元 {{ {total} initial annual executed … }}; or remove the rule and write the score by hand")),
                    vec![],
                ),
                Kind::ExecutionWithoutBudget { total, block: true } if zh => (
                    format!("规则 执行率 按{total}一行的执行率计分，但这一行算不出执行率"),
                    "没有可以计分的执行率".into(),
                    Some(format!("执行率 = 全年执行数 / 全年预算数：在{total}一行填写不为 0 的全年预算数和全年执行数；或者写 得分 手工计分")),
                    vec!["全年预算数为 0 或空白".into()],
                ),
                Kind::ExecutionWithoutBudget { total, block: true } => (
                    format!("`rule execution` scores from the execution rate of the {total} row, which cannot be computed"),
                    "no execution rate to score from".into(),
                    Some(format!("execution rate = executed / annual budget: fill in a non-zero annual budget and the executed amount on the {total} row; or write the score by hand")),
                    vec!["the annual budget is 0 or blank".into()],
                ),
                Kind::ExecutionScoredTwice if zh => (
                    "预算执行率被计分两次：项目资金表已按执行率计分，这一行又按执行率计分".into(),
                    "又按执行率计分".into(),
                    Some("两处只留一处：删去这一行的 规则 执行率（改为按指标值和完成值计分或写 得分），或删去年度资金总额一行的 分值".into()),
                    vec!["项目资金表已按执行率计分".into()],
                ),
                Kind::ExecutionScoredTwice => (
                    "budget execution is scored twice: the funds table scores it, and this row scores it again by the execution rule".into(),
                    "scored by the execution rule again".into(),
                    Some("keep one of the two: remove `rule execution` from this row (score its target and actual, or write the score), or remove the weight from the funds total".into()),
                    vec!["the funds table scores the execution rate".into()],
                ),
                Kind::ExecutionFigure { field } if zh => (
                    format!("按执行率计分的一行不写{field}"),
                    format!("删去{field}"),
                    Some("这一行的执行率由部门预算的全年执行数 / 全年预算数算出；要按所写的指标值和完成值计分，删去 规则 执行率".into()),
                    vec![],
                ),
                Kind::ExecutionFigure { field } => (
                    format!("a row scored by the execution rule takes no {}", english_field(field)),
                    format!("remove the {}", english_field(field)),
                    Some("its rate is the budget's executed / annual budget; to score the target and actual written here, remove `rule execution`".into()),
                    vec![],
                ),
                Kind::MisplacedFundsScore if zh => (
                    "只有带分值的年度资金总额一行计分".into(),
                    "这里不能写得分".into(),
                    Some("预算执行得分写在 年度资金总额 行的 分值 之后，例如：年度资金总额 100 100 95 分值 10 得分 9.5；其他行只写金额，可写 执行率".into()),
                    vec![],
                ),
                Kind::MisplacedFundsScore => (
                    "only the total row, with a weight, is scored".into(),
                    "no score here".into(),
                    Some("write the budget execution score after the weight on the total row: `total 100 100 95 weight 10 score 9.5`; other rows take amounts and may state a rate".into()),
                    vec![],
                ),
                Kind::NoBudget if zh => (
                    "无法计算执行率：年度资金总额缺少全年预算数或全年执行数".into(),
                    "这里需要非零的全年预算数".into(),
                    Some("执行率 = 全年执行数 / 全年预算数；填写这两个数，或删去 分值 不计预算执行得分".into()),
                    vec![],
                ),
                Kind::NoBudget => (
                    "cannot compute the execution rate: the total row lacks an annual budget or an executed amount".into(),
                    "a non-zero annual budget is needed here".into(),
                    Some("execution rate = executed / annual budget; fill in both, or remove the weight to leave execution unscored".into()),
                    vec![],
                ),
                Kind::NegativeAmount if zh => (
                    "金额不能为负数".into(),
                    "负数".into(),
                    Some("资金数填写非负数；没有的项写 -".into()),
                    vec![],
                ),
                Kind::NegativeAmount => (
                    "an amount cannot be negative".into(),
                    "negative".into(),
                    Some("write a non-negative amount, or - for none".into()),
                    vec![],
                ),
                Kind::Incomparable { target, actual, write } => {
                    let (t, a) = (target.describe(lang), actual.describe(lang));
                    if zh {
                        let fix = match write {
                            Some(w) => format!("写成 完成值 {w}，与指标值同一单位；"),
                            None => "完成值要与指标值同类：同一单位、都是百分比或都是日期；".to_string(),
                        };
                        (
                            format!("完成值是{a}，无法与指标值（{t}）比较"),
                            format!("这里是{a}"),
                            Some(format!("{fix}文字指标请写 等级 和 得分，或写 规则 人工 和 得分")),
                            vec![format!("指标值是{t}")],
                        )
                    } else {
                        let fix = match write {
                            Some(w) => format!("write `actual {w}`, in the target's unit"),
                            None => "the actual must be of the same kind as the target: the same unit, both percentages or both dates".to_string(),
                        };
                        (
                            format!("the actual ({a}) cannot be compared with the target ({t})"),
                            format!("this is {a}"),
                            Some(format!("{fix}; for a text target write a grade and a score, or `rule manual` and a score")),
                            vec![format!("the target is {t}")],
                        )
                    }
                }
                Kind::BareFraction { read_as, meant } if zh => (
                    format!("完成值没有单位，按指标值的单位读作 {read_as}，是不是 {meant}？"),
                    format!("读作 {read_as}"),
                    Some(format!(
                        "Excel 把 {meant} 显示为小数时就是这样：如果是 {meant}，写成 完成值 {meant}；确是 {read_as} 则写成 完成值 {read_as}"
                    )),
                    vec!["指标值".into()],
                ),
                Kind::BareFraction { read_as, meant } => (
                    format!("the actual has no unit; read in the target's as {read_as}: was {meant} meant?"),
                    format!("read as {read_as}"),
                    Some(format!(
                        "Excel shows {meant} so in a cell without its format: if {meant} is meant, write `actual {meant}`; if {read_as} is, write `actual {read_as}`"
                    )),
                    vec!["target".into()],
                ),
                Kind::BareActual { read_as } if zh => (
                    format!("完成值没有单位，按指标值的单位读作 {read_as}"),
                    format!("读作 {read_as}"),
                    Some(format!("表中照原样打印；如需写明，可写成 完成值 {read_as}")),
                    vec!["指标值".into()],
                ),
                Kind::BareActual { read_as } => (
                    format!("the actual has no unit; read in the target's as {read_as}"),
                    format!("read as {read_as}"),
                    Some(format!("the form prints it as written; to say so, write `actual {read_as}`")),
                    vec!["target".into()],
                ),
                Kind::RuleNeedsNumbers { rule } if zh => (
                    format!("{rule}规则需要数值，日期不能按比例计分"),
                    "这里是日期".into(),
                    Some("日期指标用 规则 达标（到期前完成得满分）".into()),
                    vec![],
                ),
                Kind::RuleNeedsNumbers { rule } => (
                    format!("the {} rule needs numbers; a date cannot be scored by ratio", rule_name(rule, lang)),
                    "this is a date".into(),
                    Some("score a date target with `rule pass` (full score when met)".into()),
                    vec![],
                ),
                Kind::InvalidDate if zh => (
                    "日期不存在".into(),
                    "没有这一天".into(),
                    Some("日期写作 年-月-日，例如 2022-12-31".into()),
                    vec![],
                ),
                Kind::InvalidDate => (
                    "no such date".into(),
                    "this day does not exist".into(),
                    Some("write a date as year-month-day, for example 2022-12-31".into()),
                    vec![],
                ),
                Kind::BoundInActual if zh => (
                    "完成值中写了比较符".into(),
                    "比较符应写在指标值中".into(),
                    Some("比较符（≥、≤ 等）表示目标要求，应写在指标值中：例如 指标值 ≥95%  完成值 95%；这里按 95% 这样的数值计分".into()),
                    vec!["指标值".into()],
                ),
                Kind::BoundInActual => (
                    "the actual value has a comparator".into(),
                    "a comparator belongs in the target".into(),
                    Some("a comparator (≥, ≤ …) states the target: write it there, e.g. `target ≥95%  actual 95%`; the figure alone is scored".into()),
                    vec!["target".into()],
                ),
                Kind::TargetIsZero if zh => (
                    "指标值为 0，无法按比例计分".into(),
                    "不能除以 0".into(),
                    Some("改用 规则 反向 或 规则 人工，或填写非零的指标值".into()),
                    vec![],
                ),
                Kind::TargetIsZero => (
                    "a target of 0 cannot be scored by ratio".into(),
                    "division by zero".into(),
                    Some("use `rule inverse` or `rule manual`, or give a non-zero target".into()),
                    vec![],
                ),
                Kind::Overflow if zh => (
                    "数字太大，无法计算".into(),
                    "由这个数字算出的结果超出了可计算的范围".into(),
                    Some(format!("jixiao 精确计算，结果最多 28 位有效数字（绝对值不超过 {}）；检查这个数字是否多写了位数或写错了小数点，金额较大时可改用 万元", crate::arith::LIMIT)),
                    vec![],
                ),
                Kind::Overflow => (
                    "figure too large to compute".into(),
                    "a result computed from this figure is out of range".into(),
                    Some(format!("jixiao computes exactly, to at most 28 significant digits (magnitude at most {}); check for extra digits or a misplaced decimal point, or write large amounts in 万元", crate::arith::LIMIT)),
                    vec![],
                ),
                Kind::NegativeTarget { rule } if zh => (
                    format!("指标值为负数，无法按{rule}规则计分"),
                    "负数指标值".into(),
                    Some("比例和反向规则按 完成值 与 指标值 之比计分，只适用于正数。负数指标（如增长率 ≥-5%）请写 规则 达标（达到指标值得满分，否则 0 分），或写 规则 人工 并填写得分".into()),
                    vec![],
                ),
                Kind::NegativeTarget { rule } => (
                    format!("a negative target cannot be scored by the {} rule", rule_name(rule, lang)),
                    "a negative target".into(),
                    Some("the ratio and inverse rules score the ratio of actual to target, which only works for positive figures. For a negative target (a growth rate ≥-5%, say) write `rule pass` (full score when met, else 0), or `rule manual` with a score".into()),
                    vec![],
                ),
                Kind::ScoreMismatch { declared, computed, rule, formula } if zh => (
                    format!("得分 {declared} 与计算结果 {computed} 不一致"),
                    format!("按{rule}规则应为 {computed}"),
                    Some(format!("{rule}规则：{formula}；把得分改为 {computed}，或删去得分由 jixiao 计算；如需人工评分，写 规则 人工")),
                    vec![],
                ),
                Kind::ScoreMismatch { declared, computed, rule, formula } => (
                    format!("score {declared} differs from the computed {computed}"),
                    format!("the {} rule gives {computed}", rule_name(rule, lang)),
                    Some(format!("{} rule: {formula}; write {computed}, or leave the score out and jixiao computes it; to score by hand, write `rule manual`", rule_name(rule, lang))),
                    vec![],
                ),
                Kind::ScoreAboveWeight { score, weight, computed } if zh => (
                    format!("得分 {score} 超过分值 {weight}"),
                    "得分不能超过分值".into(),
                    Some(match computed {
                        Some((c, formula)) => format!("按规则应为 {c}（{formula}）；改为 {c}，或删去得分由 jixiao 计算"),
                        None => format!("得分应在 0 到 {weight} 之间"),
                    }),
                    vec!["分值".into()],
                ),
                Kind::ScoreAboveWeight { score, weight, computed } => (
                    format!("score {score} exceeds the weight {weight}"),
                    "above the weight".into(),
                    Some(match computed {
                        Some((c, formula)) => format!("the rule gives {c} ({formula}); write {c}, or leave the score out and jixiao computes it"),
                        None => format!("a score lies between 0 and {weight}"),
                    }),
                    vec!["weight".into()],
                ),
                Kind::NegativeScore if zh => (
                    "得分不能为负数".into(),
                    "负数".into(),
                    Some("得分应在 0 到分值之间".into()),
                    vec![],
                ),
                Kind::NegativeScore => (
                    "a score cannot be negative".into(),
                    "negative".into(),
                    Some("a score lies between 0 and the weight".into()),
                    vec![],
                ),
                Kind::ScoreRequired { rule } if zh => (
                    format!("{rule}规则的指标需要填写得分"),
                    "缺少得分".into(),
                    Some(if *rule == "定性" {
                        "文字指标值无法自动计分：写 等级 达成/部分达成/未达成 和 得分，例如 等级 达成 得分 10".to_string()
                    } else {
                        "写上得分，例如 得分 8".to_string()
                    }),
                    vec![],
                ),
                Kind::ScoreRequired { rule } => (
                    format!("an indicator scored by the {} rule needs a score", rule_name(rule, lang)),
                    "no score".into(),
                    Some(if *rule == "定性" {
                        "a text target cannot be scored automatically: write a grade and a score, e.g. `grade met score 10`".to_string()
                    } else {
                        "write the score, e.g. `score 8`".to_string()
                    }),
                    vec![],
                ),
                Kind::GradeBand { grade, score, low, high, closed } if zh => (
                    format!("等级为{grade}时，得分 {score} 不在 [{low}, {high}{} 之内", if *closed { "]" } else { ")" }),
                    "得分与等级不符".into(),
                    Some(format!("{grade}的得分应在 {low} 到 {high} 之间{}；改正得分或等级", if *closed { "" } else { "（不含上限）" })),
                    vec!["等级".into()],
                ),
                Kind::GradeBand { grade, score, low, high, closed } => (
                    format!("score {score} is outside [{low}, {high}{} for grade {}", if *closed { "]" } else { ")" }, grade_en(grade)),
                    "score does not match the grade".into(),
                    Some(format!("grade {} takes a score from {low} to {high}{}; correct the score or the grade", grade_en(grade), if *closed { "" } else { " (exclusive)" })),
                    vec!["grade".into()],
                ),
                Kind::WeightsSum { sum, total, parts } if zh => (
                    format!("分值合计 {sum}，应为 {total}"),
                    format!("分值合计不是 {total}"),
                    Some(format!("预算执行率与各指标的分值之和应为 {total}：{parts}")),
                    vec![],
                ),
                Kind::WeightsSum { sum, total, parts } => (
                    format!("the weights add up to {sum}, not {total}"),
                    format!("weights do not add up to {total}"),
                    Some(format!("budget execution and all indicators must weigh {total} together: {parts}")),
                    vec![],
                ),
                Kind::StrictBoundMissed { bound, actual } if zh => (
                    format!("完成值 {actual} 等于界限，没有达到指标值 {bound}，无法自动计分"),
                    "未达到严格界限".into(),
                    Some(format!("{bound} 不包含界限本身，而公式在界限处会给满分；请填写 得分（低于分值）并写 偏差 说明原因，或者如果界限本身就算达标，把指标值改为 ≥ 或 ≤")),
                    vec!["指标值".into()],
                ),
                Kind::StrictBoundMissed { bound, actual } => (
                    format!("the actual {actual} equals the bound, so the target {bound} is not met and cannot be scored by formula"),
                    "a strict bound not met".into(),
                    Some(format!("{bound} excludes the bound itself, where the formula would give the full weight; write a score (below the weight) and a deviation, or, if the bound itself counts as met, write ≥ or ≤")),
                    vec!["target".into()],
                ),
                Kind::WeightTooPrecise { weight, score } if zh => (
                    format!("分值 {weight} 超过两位小数，得分只能计到两位小数"),
                    format!("达标时最多得 {score} 分"),
                    Some("得分四舍五入到两位小数且不能超过分值，所以这个分值得不到满分；把分值写成最多两位小数（例如 16.67、16.66、16.67，合计仍为总分）".into()),
                    vec![],
                ),
                Kind::WeightTooPrecise { weight, score } => (
                    format!("weight {weight} has more than two decimal places, while scores have two"),
                    format!("at most {score} when met"),
                    Some("scores are rounded to two places and never exceed the weight, so this weight cannot be earned in full; write weights with at most two decimals (say 16.67, 16.66, 16.67, still adding up to the total)".into()),
                    vec![],
                ),
                Kind::DeviationMissing { score, weight } if zh => (
                    format!("得分 {score} 低于分值 {weight}，但没有偏差原因分析"),
                    "缺少偏差".into(),
                    Some("写上 偏差 \"未完成的原因及改进措施\"".into()),
                    vec![],
                ),
                Kind::DeviationMissing { score, weight } => (
                    format!("score {score} is below the weight {weight} but no deviation is explained"),
                    "no deviation".into(),
                    Some("add `deviation \"why the target was missed and what will change\"`".into()),
                    vec![],
                ),
                Kind::RecommendedSplit { category, weight, recommended, split, template } if zh => (
                    format!("{category} 分值合计 {weight}，建议为 {recommended}"),
                    format!("建议 {recommended}"),
                    Some(format!("评分方案（表样 {template}）建议：{}；“原则上”可以调整，此条仅供参考", split.join("、"))),
                    vec![],
                ),
                Kind::RecommendedSplit { category, weight, recommended, split, template } => (
                    format!("{category} weighs {weight}; {recommended} is recommended"),
                    format!("{recommended} recommended"),
                    Some(format!("the scheme (template {template}) recommends {}; this is advice, not a rule", split.join(", "))),
                    vec![],
                ),
                Kind::LowExecution { rate, threshold } if zh => (
                    format!("执行率 {rate} 低于 {threshold}，但没有说明原因"),
                    "执行率偏低".into(),
                    Some("在项目资金块中写上 偏差 \"执行率偏低的原因及改进措施\"".into()),
                    vec![],
                ),
                Kind::LowExecution { rate, threshold } => (
                    format!("the execution rate {rate} is below {threshold} and not explained"),
                    "low execution rate".into(),
                    Some("add `deviation \"why execution was low and what will change\"` to the funds block".into()),
                    vec![],
                ),
                Kind::Overshoot { percent, margin } if zh => (
                    format!("完成值达到指标值的 {percent}，超出 {margin} 以上，但没有说明"),
                    "大幅超额完成".into(),
                    Some("大幅超额往往说明指标值定得偏低：写上 偏差 \"超额原因\"，并在下年度调整指标值".into()),
                    vec!["指标值".into()],
                ),
                Kind::Overshoot { percent, margin } => (
                    format!("the actual is {percent} of the target, more than {margin} above it, with no explanation"),
                    "far above the target".into(),
                    Some("a target exceeded this far was probably set too low: add `deviation \"why\"` and raise the target next year".into()),
                    vec!["target".into()],
                ),
                Kind::PercentOver100 { value } if zh => (
                    format!("{value} 超过 100%，这个指标不可能超过 100%"),
                    "超过 100%".into(),
                    Some("合格率、满意度等比率最高为 100%，请核对数值".into()),
                    vec![],
                ),
                Kind::PercentOver100 { value } => (
                    format!("{value} is above 100%, which this indicator cannot exceed"),
                    "above 100%".into(),
                    Some("rates such as 合格率 and 满意度 are at most 100%; check the figure".into()),
                    vec![],
                ),
                Kind::EmptyCategory { name } if zh => (
                    format!("{name} 块中没有指标"),
                    "空的二级指标".into(),
                    Some("补上指标，或删去这个块（表中仍会保留这一类的空行）".into()),
                    vec![],
                ),
                Kind::EmptyCategory { name } => (
                    format!("{name} has no indicator"),
                    "empty category".into(),
                    Some("add an indicator, or remove the block (the form keeps an empty row for the category)".into()),
                    vec![],
                ),
                Kind::FullWidth { found, replacement } if zh => (
                    format!("全角引号 `{found}` 在这一行没有配对的引号"),
                    format!("应写作半角的 `{replacement}`"),
                    Some(format!(
                        "文字用半角引号括起，开头和结尾各一个：{replacement}……{replacement}（引号里文字中的全角字符不受影响）"
                    )),
                    vec![],
                ),
                Kind::FullWidth { found, replacement } => (
                    format!("full-width quote `{found}` without its closing quote on this line"),
                    format!("write a half-width `{replacement}`"),
                    Some(format!(
                        "put text between half-width quotes, one at each end: {replacement}…{replacement} (full-width characters inside strings are fine)"
                    )),
                    vec![],
                ),
                Kind::FullWidthPunctuation { found, replacement } if zh && replacement == " " => (
                    format!("`{found}` 是全角冒号，已当作空格读取"),
                    "当作空格".into(),
                    Some("名称和值之间用空格隔开，不写冒号；jixiao fmt 会自动删去".into()),
                    vec![],
                ),
                Kind::FullWidthPunctuation { found, replacement } if replacement == " " => (
                    format!("`{found}` is a full-width colon; read as a space"),
                    "read as a space".into(),
                    Some("separate a name and its value with a space, without a colon; jixiao fmt removes it".into()),
                    vec![],
                ),
                Kind::FullWidthPunctuation { found, replacement } if zh && replacement.starts_with('"') => (
                    format!("`{found}` 用了中文或全角引号，已按 `{replacement}` 读取"),
                    format!("按 `{replacement}` 读取"),
                    Some(format!(
                        "文字用半角引号括起：{replacement}（输入法切换到半角）；jixiao fmt 会自动改写"
                    )),
                    vec![],
                ),
                Kind::FullWidthPunctuation { found, replacement } if replacement.starts_with('"') => (
                    format!("`{found}` is in Chinese or full-width quotes; read as `{replacement}`"),
                    format!("read as `{replacement}`"),
                    Some(format!(
                        "put text between half-width quotes: {replacement} (switch the input method to half-width); jixiao fmt rewrites it"
                    )),
                    vec![],
                ),
                Kind::FullWidthPunctuation { found, replacement } if zh => {
                    let with = format!("`{replacement}`");
                    (
                        format!("`{found}` 是全角字符，已按 {with} 读取"),
                        format!("按 {with} 读取"),
                        Some(format!(
                            "改写为半角的 {with}（输入法切换到半角）；jixiao fmt 会自动改写"
                        )),
                        vec![],
                    )
                }
                Kind::FullWidthPunctuation { found, replacement } => {
                    let with = format!("`{replacement}`");
                    (
                        format!("`{found}` is written in full-width characters; read as {with}"),
                        format!("read as {with}"),
                        Some(format!(
                            "write {with} half-width (switch the input method to half-width); jixiao fmt rewrites it"
                        )),
                        vec![],
                    )
                }
                Kind::ChineseDate { found, replacement } if zh => (
                    format!("日期不能写作 `{found}`"),
                    format!("应写作 {replacement}"),
                    Some(format!("日期写作 年-月-日：{replacement}")),
                    vec![],
                ),
                Kind::ChineseDate { found, replacement } => (
                    format!("a date cannot be written `{found}`"),
                    format!("write {replacement}"),
                    Some(format!("write dates as year-month-day: {replacement}")),
                    vec![],
                ),
                Kind::PercentWord { found, replacement } if zh => (
                    format!("`{found}` 不是单位，百分比请用 %"),
                    format!("应写作 {replacement}"),
                    Some(format!("写作 {replacement}")),
                    vec![],
                ),
                Kind::PercentWord { found, replacement } => (
                    format!("`{found}` is not a unit; write a percentage with %"),
                    format!("write {replacement}"),
                    Some(format!("write {replacement}")),
                    vec![],
                ),
                Kind::SignedEarly { date, year } if zh => (
                    format!("落款日期 {date} 早于 {year} 年度结束"),
                    "日期偏早".into(),
                    Some(format!("年度自评应在 {year} 年度结束后完成，请核对落款日期或年度")),
                    vec!["年度".into()],
                ),
                Kind::SignedEarly { date, year } => (
                    format!("the report is dated {date}, before the end of {year}"),
                    "too early".into(),
                    Some(format!("the evaluation of {year} is written after the year ends; check the date or the year")),
                    vec!["year".into()],
                ),
                Kind::HandNumbered { number } if zh => (
                    format!("标题中手写了编号 `{number}`"),
                    "编号会自动生成".into(),
                    Some(format!("删去 `{number}`：章节编号（一、（一））由 jixiao 自动生成，否则会重复")),
                    vec![],
                ),
                Kind::HandNumbered { number } => (
                    format!("a heading numbered by hand: `{number}`"),
                    "numbering is automatic".into(),
                    Some(format!("remove `{number}`: jixiao numbers chapters (一、) and sections (（一）) itself, so it would appear twice")),
                    vec![],
                ),
                Kind::GradesOrder if zh => (
                    "等级的分数线应从高到低排列，最后一级为 0".into(),
                    "分数线顺序不对".into(),
                    Some("例如：等级 { 好 95  较好 85  一般 60  差 0 }".into()),
                    vec![],
                ),
                Kind::GradesOrder => (
                    "grade thresholds must descend, and the last must be 0".into(),
                    "thresholds out of order".into(),
                    Some("for example: grades { 好 95  较好 85  一般 60  差 0 }".into()),
                    vec![],
                ),
                Kind::TemplateUnknownItem { place, found, suggestion, valid } => {
                    let tail = if zh {
                        format!("{}中可以写：{}", place.words(lang), list(valid))
                    } else {
                        format!("{} takes {}", place.words(lang), list(valid))
                    };
                    let mut help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    // A word among the columns like none of them is most
                    // often a width written in words (`宽`, `18毫米`).
                    if suggestion.is_none()
                        && matches!(place, TemplatePlace::FundsColumns | TemplatePlace::IndicatorColumns | TemplatePlace::ProjectsColumns)
                    {
                        help.push_str(if zh {
                            "；列宽紧跟在列的标签之后，写作 12mm、2cm 或 1fr"
                        } else {
                            "; a column's width follows its label, as 12mm, 2cm or 1fr"
                        });
                    }
                    if zh {
                        (format!("{}中不能写 `{found}`", place.words(lang)), "表样不认识这一项".into(), Some(help), vec![])
                    } else {
                        (format!("`{found}` does not belong in {}", place.words(lang)), "unknown template item".into(), Some(help), vec![])
                    }
                }
                Kind::TemplateArgument { item, expected } if zh => (
                    format!("`{item}` 后面应为{}", expected.words(lang)),
                    "这里写得不对".into(),
                    Some(format!("在 `{item}` 后面写{}；见 docs/TEMPLATES.md", expected.words(lang))),
                    vec![],
                ),
                Kind::TemplateArgument { item, expected } => (
                    format!("`{item}` takes {}", expected.words(lang)),
                    "not what this item takes".into(),
                    Some(format!("write {} after `{item}`; see docs/TEMPLATES.md", expected.words(lang))),
                    vec![],
                ),
                Kind::TemplateMissing { what } if zh => (
                    format!("表样缺少 {what}"),
                    "这里缺少".into(),
                    Some(format!("在这里写上 {what}；见 docs/TEMPLATES.md 的例子")),
                    vec![],
                ),
                Kind::TemplateMissing { what } => (
                    format!("the template lacks {what}"),
                    "missing here".into(),
                    Some(format!("add {what} here; see the example in docs/TEMPLATES.md")),
                    vec![],
                ),
                Kind::TemplatePlaceholder { found, valid } if zh => (
                    format!("这段文字中不能用 {found}"),
                    "无法替换".into(),
                    Some(if valid.is_empty() { "这段文字中不能用 { }；删去它".to_string() } else { format!("这里可以用：{}", list(valid)) }),
                    vec![],
                ),
                Kind::TemplatePlaceholder { found, valid } => (
                    format!("{found} cannot stand in this text"),
                    "nothing to put here".into(),
                    Some(if valid.is_empty() { "this text takes no { }; remove it".to_string() } else { format!("this text takes {}", list(valid)) }),
                    vec![],
                ),
                Kind::TemplateNotFound { name, reason, builtins } if zh => (
                    format!("找不到表样 `{name}`"),
                    "没有这个表样".into(),
                    Some(match reason {
                        Some(r) => format!("也读不到文件 {r}；内置表样有：{}（`jixiao templates` 列出它们），自己的表样请写相对于本文件的路径，如 \"../表样/某省2024.jx\"", list(builtins)),
                        None => format!("内置表样有：{}（`jixiao templates` 列出它们），自己的表样请写相对于本文件的路径，如 \"../表样/某省2024.jx\"", list(builtins)),
                    }),
                    vec![],
                ),
                Kind::TemplateNotFound { name, reason, builtins } => (
                    format!("no template `{name}`"),
                    "no such template".into(),
                    Some(match reason {
                        Some(r) => format!("no file {r} could be read either; the built-in templates are {} (`jixiao templates` lists them); write your own as a path relative to this file, such as \"../表样/某省2024.jx\"", list(builtins)),
                        None => format!("the built-in templates are {} (`jixiao templates` lists them); write your own as a path relative to this file, such as \"../表样/某省2024.jx\"", list(builtins)),
                    }),
                    vec![],
                ),
                Kind::TemplateBroken { name, errors } if zh => (
                    format!("表样 `{name}` 有 {errors} 个错误"),
                    "这个表样有错误".into(),
                    Some("先改正表样文件中的错误（列在下面）".into()),
                    vec![],
                ),
                Kind::TemplateBroken { name, errors } => (
                    format!("the template `{name}` has {errors} error(s)"),
                    "this template has errors".into(),
                    Some("correct the template file first (its errors are listed below)".into()),
                    vec![],
                ),
                Kind::AmountCount { expected, found, columns } if zh => (
                    format!("这一行写了 {found} 个金额，表样的资金表有 {expected} 列金额"),
                    format!("应为 {expected} 个金额"),
                    Some(format!("按表样的列依次写 {expected} 个金额：{}；空着的格写 -", list(columns))),
                    vec![],
                ),
                Kind::AmountCount { expected, found, columns } => (
                    format!("this row has {found} amount(s); the template's funds table has {expected} amount columns"),
                    format!("expected {expected} amounts"),
                    Some(format!("write {expected} amounts in the order of the template's columns: {}; write - for a blank cell", list(columns))),
                    vec![],
                ),
                Kind::UnknownFieldText { found, suggestion, valid, template } => {
                    let tail = match (zh, valid.is_empty()) {
                        (true, true) => format!("表样 {template} 的表上没有要另外填写的栏目；删去它"),
                        (true, false) => format!("表样 {template} 的栏目有：{}", list(valid)),
                        (false, true) => format!("the template {template} asks for no further texts; remove it"),
                        (false, false) => format!("the template {template} asks for {}", list(valid)),
                    };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("表样 {template} 的表上没有栏目 `{found}`"), "没有这个栏目".into(), Some(help), vec![])
                    } else {
                        (format!("the form of {template} has no field `{found}`"), "no such field".into(), Some(help), vec![])
                    }
                }
                Kind::FieldMissing { keys, template } if zh => (
                    format!("表样 {template} 的表上有 {} 栏，还没有填写", keys.join("、")),
                    "表上这几栏会空着".into(),
                    Some(format!("在 自评表 中写上 栏目 {{ {} }}", keys.iter().map(|k| format!("{k} \"…\"")).collect::<Vec<_>>().join("  "))),
                    vec![],
                ),
                Kind::FieldMissing { keys, template } => (
                    format!("the form of {template} has rows not filled in: {}", keys.join(", ")),
                    "these rows of the form will be empty".into(),
                    Some(format!("write fields {{ {} }} in the evaluation", keys.iter().map(|k| format!("{k} \"…\"")).collect::<Vec<_>>().join("  "))),
                    vec![],
                ),
                Kind::GradeAboveTotal { grade, lowest, total } if zh => (
                    format!("等级 {grade} 的分数线 {lowest} 高于总分 {total}"),
                    "这个等级永远达不到".into(),
                    Some(format!("等级的分数线按分计，不能超过总分 {total}；按比例换算，或删去 等级 使用默认等级（优、良、中按总分的 90%、80%、60% 计）")),
                    vec![],
                ),
                Kind::GradeAboveTotal { grade, lowest, total } => (
                    format!("grade {grade} starts at {lowest}, above the total of {total}"),
                    "no total can reach this grade".into(),
                    Some(format!("grade thresholds are points and cannot exceed the total of {total}; scale them, or remove `grades` to use the default ones (优, 良, 中 at 90%, 80% and 60% of the total)")),
                    vec![],
                ),
                Kind::SettingRange { setting } if zh => {
                    let (what, fix) = match *setting {
                        "执行率下限" => ("执行率下限应在 0% 到 100% 之间", "例如 执行率下限 90%"),
                        "超额比例" => ("超额比例不能为负数", "例如 超额比例 30%：完成值超过指标值 30% 以上时需要说明"),
                        _ => ("总分应大于 0", "例如 总分 100"),
                    };
                    (what.into(), "超出范围".into(), Some(fix.into()), vec![])
                }
                Kind::SettingRange { setting } => {
                    let (what, fix) = match *setting {
                        "执行率下限" => ("min_execution must lie between 0% and 100%", "for example: min_execution 90%"),
                        "超额比例" => ("overshoot cannot be negative", "for example: overshoot 30%: an actual 30% or more above its target needs an explanation"),
                        _ => ("the total must be above 0", "for example: total 100"),
                    };
                    (what.into(), "out of range".into(), Some(fix.into()), vec![])
                }
                Kind::UnclosedReference if zh => (
                    "引用没有结束的 }".into(),
                    "这个 { 没有对应的 }".into(),
                    Some("引用写作 {年度资金总额.全年预算数}，须在同一行内闭合；要写字面的 { 请写 {{".into()),
                    vec![],
                ),
                Kind::UnclosedReference => (
                    "a reference without its closing }".into(),
                    "this { is never closed".into(),
                    Some("a reference is written {年度资金总额.全年预算数} on one line; write {{ for a literal {".into()),
                    vec![],
                ),
                Kind::StrayBrace if zh => (
                    "文字中多余的 }".into(),
                    "没有对应的 {".into(),
                    Some("要写字面的 } 请写 }}".into()),
                    vec![],
                ),
                Kind::StrayBrace => (
                    "a } in text that closes no reference".into(),
                    "no matching {".into(),
                    Some("write }} for a literal }".into()),
                    vec![],
                ),
                Kind::ReferenceNotAllowed if zh => (
                    "这里不能引用表中数字".into(),
                    "名称和标题中不能引用".into(),
                    Some("引用只能用在年度总体目标和自评报告的正文中；要写字面的花括号请写 {{ 和 }}".into()),
                    vec![],
                ),
                Kind::ReferenceNotAllowed => (
                    "a figure cannot be quoted here".into(),
                    "no references in names and titles".into(),
                    Some("references work in the goal texts and the report's paragraphs; write {{ and }} for literal braces".into()),
                    vec![],
                ),
                Kind::UnknownReference { found, suggestion } => {
                    let tail = if zh {
                        "可以引用：资金行（如 {年度资金总额.全年执行数}、{执行率}）、指标（如 {指标名称.完成值}）、类别（如 {产出指标.得分}）、{总分}、{等级}"
                    } else {
                        "you can quote funds rows ({年度资金总额.全年执行数}, {执行率}), indicators ({name.完成值}), categories ({产出指标.得分}), {总分} and {等级}"
                    };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail.to_string(),
                    };
                    if zh {
                        (format!("表中没有 `{found}`"), "无法引用".into(), Some(help), vec![])
                    } else {
                        (format!("the form has no `{found}`"), "unknown reference".into(), Some(help), vec![])
                    }
                }
                Kind::UnknownReferenceField { subject, found, suggestion, valid } => {
                    let tail = if zh { format!("`{subject}` 可以引用：{}", list(valid)) } else { format!("`{subject}` has {}", list(valid)) };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail,
                    };
                    if zh {
                        (format!("`{subject}` 没有 `{found}`"), "无法引用".into(), Some(help), vec![])
                    } else {
                        (format!("`{subject}` has no `{found}`"), "unknown field".into(), Some(help), vec![])
                    }
                }
                Kind::BlankReference if zh => (
                    "引用的格子是空的".into(),
                    "表中这一格为空".into(),
                    Some("在表中填上这个数，或不要引用它".into()),
                    vec![],
                ),
                Kind::BlankReference => (
                    "the quoted cell is blank".into(),
                    "blank in the form".into(),
                    Some("fill in the figure in the form, or do not quote it".into()),
                    vec![],
                ),
                Kind::UnknownTable { found, suggestion } => {
                    let tail = if zh { "表格可以是：`偏差`（未达成目标的指标）、`指标`、`资金`" } else { "tables are `deviations` (偏差), `indicators` (指标) and `funds` (资金)" };
                    let help = match did_you_mean(suggestion, lang) {
                        Some(d) => format!("{d} {tail}"),
                        None => tail.to_string(),
                    };
                    if zh {
                        (format!("没有名为 `{found}` 的表格"), "未知的表格".into(), Some(help), vec![])
                    } else {
                        (format!("no table called `{found}`"), "unknown table".into(), Some(help), vec![])
                    }
                }
                Kind::LeftOver { found: None } if zh => (
                    "这里的文字是空的".into(),
                    "没有填写".into(),
                    Some("填写实际内容：表中这一项不能留空".into()),
                    vec![],
                ),
                Kind::LeftOver { found: None } => (
                    "this text is empty".into(),
                    "nothing filled in".into(),
                    Some("fill in the real text: the form needs it".into()),
                    vec![],
                ),
                Kind::LeftOver { found: Some(found) } if zh => (
                    format!("表样中的说明或占位文字“{found}”还留在这里"),
                    "表样原有的文字".into(),
                    Some(format!("删去“{found}”，写上实际内容")),
                    vec![],
                ),
                Kind::LeftOver { found: Some(found) } => (
                    format!("the blank form's instruction or placeholder “{found}” is still here"),
                    "text of the blank form".into(),
                    Some(format!("remove “{found}” and write the real content")),
                    vec![],
                ),
                Kind::Placeholder if zh => (
                    "还有“待填写”的内容".into(),
                    "待填写".into(),
                    Some("把“待填写”换成实际内容".into()),
                    vec![],
                ),
                Kind::Placeholder => (
                    "text still to be filled in (待填写)".into(),
                    "to be filled in".into(),
                    Some("replace 待填写 with the real text".into()),
                    vec![],
                ),
                Kind::FundsBlank if zh => (
                    "年度资金总额还没有填写，预算执行率暂按 0 分计".into(),
                    "金额未填写".into(),
                    Some("填写年初预算数、全年预算数和全年执行数，例如：年度资金总额 100 100 95 分值 10".into()),
                    vec![],
                ),
                Kind::FundsBlank => (
                    "the funds total is not filled in yet; budget execution scores 0 for now".into(),
                    "amounts missing".into(),
                    Some("fill in the three amounts, e.g. `total 100 100 95 weight 10`".into()),
                    vec![],
                ),
                Kind::ReportMismatch { what, stated, form } if zh => (
                    format!("报告中的{what} {stated} 与表中的 {form} 不一致"),
                    format!("表中为 {form}"),
                    Some(format!("改为引用表中的数字，例如 {{{what}}}，报告就不会与表矛盾")),
                    vec![],
                ),
                Kind::ReportMismatch { what, stated, form } => (
                    format!("the report states {what} {stated}, the form {form}"),
                    format!("the form says {form}"),
                    Some(format!("quote the form instead, e.g. {{{what}}}, so that the report cannot contradict it")),
                    vec![],
                ),
                Kind::TargetChanged { declared, evaluated, adjusted: None } if zh => (
                    format!("自评的指标值 {evaluated} 与申报的指标值 {declared} 不同，但没有记录调整"),
                    format!("自评为 {evaluated}"),
                    Some(format!("指标值只能经过调整改变：写上 调整指标值 {evaluated}、调整日期 和 调整原因；或者把自评指标值改回 {declared}")),
                    vec![format!("申报为 {declared}")],
                ),
                Kind::TargetChanged { declared, evaluated, adjusted: None } => (
                    format!("the self-evaluated target {evaluated} differs from the declared target {declared}, and no adjustment is recorded"),
                    format!("self-evaluated as {evaluated}"),
                    Some(format!("a target changes only by an adjustment: add `adjusted_target {evaluated}` with `adjusted_on` and `adjusted_because`, or set the self-evaluated target back to {declared}")),
                    vec![format!("declared as {declared}")],
                ),
                Kind::TargetChanged { declared, evaluated, adjusted: Some(adjusted) } if zh => (
                    format!("自评的指标值 {evaluated} 既不是申报的 {declared}，也不是调整后的 {adjusted}"),
                    format!("自评为 {evaluated}"),
                    Some(format!("自评指标值应为调整后的 {adjusted}；如又作了调整，改写 调整指标值、调整日期 和 调整原因")),
                    vec![format!("申报为 {declared}"), format!("调整为 {adjusted}")],
                ),
                Kind::TargetChanged { declared, evaluated, adjusted: Some(adjusted) } => (
                    format!("the self-evaluated target {evaluated} is neither the declared {declared} nor the adjusted {adjusted}"),
                    format!("self-evaluated as {evaluated}"),
                    Some(format!("the self-evaluated target should be the adjusted {adjusted}; if it was adjusted again, rewrite the adjustment")),
                    vec![format!("declared as {declared}"), format!("adjusted to {adjusted}")],
                ),
                Kind::ProgressBehind { rate, elapsed, month } if zh => (
                    format!("截至{month}月预算执行进度 {rate}，低于时间进度 {elapsed}"),
                    "执行进度偏慢".into(),
                    Some("在项目资金块中写上 偏差原因 \"…\" 和 纠偏措施 \"…\"（加快执行的措施）".into()),
                    vec![],
                ),
                Kind::ProgressBehind { rate, elapsed, month } => (
                    format!("budget execution to month {month} is {rate}, behind the {elapsed} of the year elapsed"),
                    "execution behind schedule".into(),
                    Some("add `cause \"…\"` and `measures \"…\"` (what speeds execution up) to the funds block".into()),
                    vec![],
                ),
                Kind::ForecastShort { forecast, target } if zh => (
                    format!("预计完成值 {forecast} 达不到指标值 {target}"),
                    "预计完不成".into(),
                    Some("写上 偏差原因 \"…\" 和 纠偏措施 \"…\"；如目标确需改变，记录调整（调整指标值、调整日期、调整原因）".into()),
                    vec![format!("指标值 {target}")],
                ),
                Kind::ForecastShort { forecast, target } => (
                    format!("the forecast {forecast} falls short of the target {target}"),
                    "expected to fall short".into(),
                    Some("add `cause \"…\"` and `measures \"…\"`; if the target must change, record an adjustment (adjusted_target, adjusted_on, adjusted_because)".into()),
                    vec![format!("the target {target}")],
                ),
            };
        Text {
            message,
            label,
            help,
            related,
        }
    }
}

fn grade_en(grade: &str) -> &str {
    match grade {
        "达成" => "met (达成)",
        "部分达成" => "partial (部分达成)",
        "未达成" => "unmet (未达成)",
        other => other,
    }
}

fn english_kind(expected: &str) -> &str {
    match expected {
        "数字" => "a number",
        "文字" => "text",
        "带比较符的数值、百分比、日期或文字" => {
            "a figure, percentage, date or text"
        }
        "数值、百分比、日期或文字" => "a figure, percentage, date or text",
        "规则名称" => "a rule name",
        "等级名称" => "a grade name",
        other => other,
    }
}

fn example_for(field: &str) -> &'static str {
    match field {
        "分值" | "得分" | "weight" | "score" => "分值 10",
        "偏差" | "deviation" => "偏差 \"原因及改进措施\"",
        "规则" | "rule" => "规则 比例",
        "等级" | "grade" => "等级 达成",
        "完成值" | "actual" => "完成值 95%",
        _ => "指标值 ≥95%",
    }
}

/// A field named in English wording, with its Chinese keyword.
fn english_field(field: &str) -> String {
    let english = match field {
        "分值" => "weight",
        "得分" => "score",
        "指标值" => "target",
        "完成值" => "actual",
        other => other,
    };
    format!("{english} ({field})")
}
