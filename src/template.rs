//! Form templates (表样): everything a region's form prints, as data.
//!
//! A template is written in the jixiao language (`表样 "名称" { … }`, see
//! docs/TEMPLATES.md) and read by the checker (`check::template`) into a
//! [`Template`]. The emitter prints any template the same way: it knows no
//! label of any form. The built-in templates are the `.jx` files of the
//! top-level `templates/` folder, embedded at build time.

use std::sync::{Arc, LazyLock, OnceLock};

use crate::scheme::Scheme;

/// A built-in template: its name and its source.
pub struct Builtin {
    pub name: &'static str,
    pub source: &'static str,
}

/// The built-in templates, the default first.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        name: "财政部2020",
        source: include_str!("../templates/财政部2020.jx"),
    },
    Builtin {
        name: "财政部2021",
        source: include_str!("../templates/财政部2021.jx"),
    },
    Builtin {
        name: "四川2023",
        source: include_str!("../templates/四川2023.jx"),
    },
    Builtin {
        name: "北京2016",
        source: include_str!("../templates/北京2016.jx"),
    },
    Builtin {
        name: "财政部申报表",
        source: include_str!("../templates/财政部申报表.jx"),
    },
    Builtin {
        name: "财政部监控表",
        source: include_str!("../templates/财政部监控表.jx"),
    },
    Builtin {
        name: "部门整体",
        source: include_str!("../templates/部门整体.jx"),
    },
];

/// The forms of a project's year, in the order they are filed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Form {
    /// 绩效目标申报表: the targets, with the budget.
    Declaration,
    /// 绩效运行监控表: mid-year, funds executed to a date and the forecasts.
    Monitoring,
    /// 项目支出绩效自评表: the year's actuals, scored.
    #[default]
    Evaluation,
    /// 部门整体支出绩效自评表: a department's own scoring sheet, with no
    /// project funds table; a file on it is checked as a self-evaluation.
    Department,
}

impl Form {
    /// The forms of a project's year.
    pub const ALL: [Form; 3] = [Form::Declaration, Form::Monitoring, Form::Evaluation];

    /// Its name on the command line and in a template's `表种`.
    pub fn chinese(self) -> &'static str {
        match self {
            Form::Declaration => "申报表",
            Form::Monitoring => "监控表",
            Form::Evaluation => "自评表",
            Form::Department => "部门整体",
        }
    }

    pub fn english(self) -> &'static str {
        match self {
            Form::Declaration => "declaration",
            Form::Monitoring => "monitoring",
            Form::Evaluation => "evaluation",
            Form::Department => "department",
        }
    }

    /// The form named `written`, in Chinese or English.
    pub fn named(written: &str) -> Option<Form> {
        Form::ALL
            .into_iter()
            .chain([Form::Department])
            .find(|f| f.chinese() == written || f.english() == written)
    }

    /// The built-in template a file that names none of this form is
    /// printed on.
    pub fn default_template(self) -> &'static str {
        match self {
            Form::Declaration => "财政部申报表",
            Form::Monitoring => "财政部监控表",
            Form::Evaluation => DEFAULT,
            Form::Department => "部门整体",
        }
    }

    /// Whether a file's rows and scheme are read by a template of this
    /// form (the self-evaluations), not only printed on it.
    pub fn reads(self) -> bool {
        matches!(self, Form::Evaluation | Form::Department)
    }
}

/// What a loader found for a template a file names by path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loaded {
    /// The file's text, and how to name the file to the user.
    Source { origin: String, text: String },
    /// Why it could not be read (`None`: the caller reads no files).
    Failed(Option<String>),
}

/// The name of the default template.
pub const DEFAULT: &str = "财政部2020";

/// The built-in template of that name, read once, when it is first asked
/// for: a run that checks files on the default template reads only that one.
pub fn builtin(name: &str) -> Option<Arc<Template>> {
    static READ: [OnceLock<Arc<Template>>; BUILTINS.len()] =
        [const { OnceLock::new() }; BUILTINS.len()];
    let index = BUILTINS.iter().position(|b| b.name == name)?;
    let builtin = &BUILTINS[index];
    let template = READ[index].get_or_init(|| {
        let read = crate::check::read_template(builtin.source);
        assert!(
            read.diagnostics.iter().all(|d| !d.is_error()),
            "the built-in template {} has errors: {:?}",
            builtin.name,
            read.diagnostics
        );
        Arc::new(read.template.expect("a built-in template reads"))
    });
    Some(Arc::clone(template))
}

/// The default template (财政部2020).
pub fn default_template() -> Arc<Template> {
    builtin(DEFAULT).expect("the default template is built in")
}

/// A form, completely.
#[derive(Clone, Debug, PartialEq)]
pub struct Template {
    /// The name it is referred to by (`表样 "四川2023"`).
    pub name: String,
    /// The form it prints (`表种`; 自评表 unless it says otherwise).
    pub form: Form,
    /// What form it is, for `jixiao templates`.
    pub description: String,
    /// The title of the form; `{年度}` is replaced by the year.
    pub title: String,
    /// The parts of the form, top to bottom.
    pub sections: Vec<Section>,
    /// The scoring scheme of the form; a file may still override parts.
    pub scheme: Scheme,
    /// The texts a file gives in `栏目 { … }`, in the order of the form.
    pub fields: Vec<FieldDef>,
    /// Words of the report's tables.
    pub words: Words,
}

/// Words the report's tables print besides the form's labels.
#[derive(Clone, Debug, PartialEq)]
pub struct Words {
    /// Over the row names of the funds table: 项目.
    pub item: String,
    /// In an empty table: 无.
    pub none: String,
    /// Under an adjusted target: `{日期}`, `{原指标值}` and `{原因}` are
    /// replaced.
    pub adjusted: String,
}

/// A text of the form beyond the fixed ones (项目负责人, 评价结论 …).
#[derive(Clone, Debug, PartialEq)]
pub struct FieldDef {
    /// The name a file writes in `栏目`.
    pub key: String,
    /// Whether the form expects it filled in: a text row, not a signature.
    pub required: bool,
}

/// One part of the form: a table of its own, stacked with the others.
#[derive(Clone, Debug, PartialEq)]
pub enum Section {
    /// Rows of label / value pairs: 项目名称, 主管部门 …
    Header(Vec<Vec<HeaderCell>>),
    Funds(FundsLayout),
    Goal(GoalLayout),
    Indicators(IndicatorLayout),
    /// Rows of a label and a text across the form: 评价结论 …
    Texts(Vec<TextRow>),
    /// One row of signatures: 项目负责人： …
    Signatures(Vec<TextRow>),
    /// On a 部门整体 sheet, the table of the project files it lists
    /// (`项目汇总`); printed when the file lists some.
    Projects(ProjectsLayout),
}

/// The table of a department's projects: one row each, then the total.
#[derive(Clone, Debug, PartialEq)]
pub struct ProjectsLayout {
    /// The label over the table.
    pub label: String,
    pub columns: Vec<Column<ProjectColumn>>,
    /// The label of the total row.
    pub total: String,
}

/// The columns of the project summary; amounts in 万元.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProjectColumn {
    /// 序号
    Number,
    /// 项目名称
    Name,
    /// 全年预算数
    Budget,
    /// 全年执行数
    Executed,
    /// 执行率
    Rate,
    /// 自评得分
    Score,
    /// 自评等级
    Grade,
}

/// A label and what stands beside it.
#[derive(Clone, Debug, PartialEq)]
pub struct HeaderCell {
    pub label: String,
    pub source: Source,
}

/// What a header cell shows.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Name,
    Department,
    Implementer,
    Year,
    /// A text given in `栏目`.
    Field(String),
}

/// A labelled text row: its label and the `栏目` key that fills it.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRow {
    pub key: String,
    pub label: String,
}

/// A column: what it shows, its label and its width (a Typst length such
/// as `12mm` or `1fr`).
#[derive(Clone, Debug, PartialEq)]
pub struct Column<K> {
    pub kind: K,
    pub label: String,
    pub width: String,
    /// A text printed in every cell of the column instead of a figure (a
    /// 得分计算方法 the form states once).
    pub text: Option<String>,
}

/// The columns of the funds table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FundsColumn {
    /// 年初预算数
    Initial,
    /// 全年预算数 (调整后预算数): the base of 执行率 when printed.
    Annual,
    /// 全年执行数
    Executed,
    Rate,
    Weight,
    Score,
    /// How the score is computed.
    Method,
    /// The explanation of the execution (偏差), one cell down the rows.
    Note,
    /// At monitoring: 执行数 to the monitoring date; `{月}` in its label is
    /// the month.
    ToDate,
    /// At monitoring: 执行数 / the base of 执行率.
    ToDateRate,
    /// At monitoring: 预计全年执行数.
    Forecast,
    /// At monitoring: 偏差原因 and 纠偏措施, one cell down the rows each.
    Cause,
    Measures,
}

impl FundsColumn {
    /// Which amount of a row it holds: 0 年初预算数, 1 全年预算数, 2 全年执行数.
    pub fn amount(self) -> Option<usize> {
        match self {
            FundsColumn::Initial => Some(0),
            FundsColumn::Annual => Some(1),
            FundsColumn::Executed => Some(2),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct FundsLayout {
    /// The label down the left; `{单位}` and `{分值}` are replaced.
    pub label: String,
    /// The label over the row names and the width of that column.
    pub row_label: String,
    pub row_width: String,
    pub columns: Vec<Column<FundsColumn>>,
    /// The rows; the first is the total of the others.
    pub rows: Vec<RowDef>,
    /// The label of the row that holds the explanation, when the table has
    /// no 偏差 column.
    pub note_row: Option<String>,
}

impl FundsLayout {
    /// Which of the three amounts (0 年初预算数, 1 全年预算数, 2 全年执行数)
    /// a file writes on each row, in order.
    pub fn amounts(&self) -> Vec<usize> {
        self.columns
            .iter()
            .filter_map(|c| c.kind.amount())
            .collect()
    }

    /// The amount 执行率 divides by: 全年预算数 when the form prints it,
    /// else 年初预算数.
    pub fn base(&self) -> usize {
        if self.amounts().contains(&1) { 1 } else { 0 }
    }

    pub fn has(&self, kind: FundsColumn) -> bool {
        self.columns.iter().any(|c| c.kind == kind)
    }
}

/// A row of the funds table.
#[derive(Clone, Debug, PartialEq)]
pub struct RowDef {
    /// The row's name, as a file may write it.
    pub name: String,
    /// The label the form prints.
    pub label: String,
    /// Its key in `jixiao json` (`total` …); the name when not given.
    pub key: String,
    /// Other ways a file may write it.
    pub aliases: Vec<String>,
}

impl RowDef {
    /// Whether a file's label names this row (a leading 其中： aside).
    pub fn matches(&self, written: &str) -> bool {
        let written = strip_part(written);
        [&self.name, &self.key]
            .into_iter()
            .chain(&self.aliases)
            .any(|n| n == written)
            || strip_part(&self.label) == written
    }

    /// Every name a row may be written as.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(std::iter::once(self.key.as_str()))
    }
}

/// A label without the 其中： that marks the parts of a total.
pub fn strip_part(label: &str) -> &str {
    ["其中：", "其中:"]
        .iter()
        .find_map(|p| label.strip_prefix(p))
        .unwrap_or(label)
}

#[derive(Clone, Debug, PartialEq)]
pub struct GoalLayout {
    /// The label down the left; a `\n` breaks its line.
    pub label: String,
    pub expected: String,
    /// 实际完成情况; a 申报表 or 监控表 has none.
    pub actual: Option<String>,
    /// At monitoring: 1–N月执行情况; `{月}` is the month.
    pub progress: Option<String>,
}

/// The columns of the indicator table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndicatorColumn {
    Level1,
    Level2,
    Name,
    /// 指标性质: the comparator of the target (=, ≥, ≤) or 定性.
    Nature,
    /// The target: as written, or only its figure when the form has a
    /// 指标性质 or 度量单位 column.
    Target,
    /// 度量单位: the unit of the target.
    Unit,
    Actual,
    Weight,
    Score,
    Method,
    Deviation,
    /// 指标解释 and 指标说明及评分标准 (the 部门整体 sheet).
    Explanation,
    Standard,
    /// At monitoring: 1–N月完成值 (`{月}` is the month), 预计全年完成值,
    /// 偏差原因 and 纠偏措施.
    ToDate,
    Forecast,
    Cause,
    Measures,
}

#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorLayout {
    /// The label down the left, read top to bottom; `{分值}` is replaced
    /// by the indicators' weight.
    pub label: String,
    /// The columns, 一级, 二级 and 三级 first. The `text` of a 一级 or 二级
    /// column is the pattern of its cells: `{名称}({分值}分)`.
    pub columns: Vec<Column<IndicatorColumn>>,
    /// The label of the total row; a 申报表 or 监控表 has none.
    pub total: Option<String>,
    /// The text of the grade; `{等级}` is replaced.
    pub grade: Option<String>,
}

impl IndicatorLayout {
    /// Whether the form prints the target's 指标性质 and its 度量单位 in
    /// columns of their own.
    pub fn split_target(&self) -> (bool, bool) {
        let has = |kind| self.columns.iter().any(|c| c.kind == kind);
        (has(IndicatorColumn::Nature), has(IndicatorColumn::Unit))
    }
}

impl Template {
    /// The funds table; a form without one (部门整体) has no rows.
    pub fn funds(&self) -> &FundsLayout {
        static NONE: LazyLock<FundsLayout> = LazyLock::new(|| FundsLayout {
            label: String::new(),
            row_label: String::new(),
            row_width: String::new(),
            columns: Vec::new(),
            rows: Vec::new(),
            note_row: None,
        });
        self.sections
            .iter()
            .find_map(|s| match s {
                Section::Funds(f) => Some(f),
                _ => None,
            })
            .unwrap_or(&NONE)
    }

    /// Whether the form has the part `is` picks.
    pub fn has(&self, is: fn(&Section) -> bool) -> bool {
        self.sections.iter().any(is)
    }

    pub fn indicators(&self) -> &IndicatorLayout {
        self.sections
            .iter()
            .find_map(|s| match s {
                Section::Indicators(i) => Some(i),
                _ => None,
            })
            .expect("a template has an indicator table")
    }

    /// The title of the form of a year.
    pub fn title_of(&self, year: u32) -> String {
        self.title.replace("{年度}", &year.to_string())
    }
}

/// The placeholders a template's texts may hold, by the text they stand in.
pub const PLACEHOLDERS: &[(&str, &[&str])] = &[
    ("标题", &["{年度}"]),
    ("项目资金", &["{单位}", "{分值}"]),
    ("绩效指标", &["{分值}"]),
    ("等级", &["{等级}"]),
    ("类别", &["{名称}", "{分值}"]),
    ("内容", &[]),
    ("调整", &["{日期}", "{原指标值}", "{原因}"]),
];
