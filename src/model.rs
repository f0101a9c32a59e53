//! The checked evaluation: every figure of the form, computed.
//!
//! This is what the checker hands to the emitter, and what `jixiao json`
//! prints. It holds no spans and no syntax: only what the form and report
//! show, with every computed figure. Decimal figures serialise as strings so
//! that no digit is lost; scores and rates always carry two decimals.

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::Serialize;

pub use crate::ast::Date;

/// One checked file.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Model {
    pub evaluation: Evaluation,
    pub report: Option<Report>,
    /// The form it is printed on.
    #[serde(skip)]
    pub template: Arc<crate::template::Template>,
    /// Which of the year's forms it was checked for: before the
    /// self-evaluation, actuals and scores may be missing (they are then
    /// empty and 0).
    #[serde(skip)]
    pub form: crate::template::Form,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Evaluation {
    /// 项目名称
    pub name: String,
    /// 年度
    pub year: u32,
    /// 标题 (or its default, `{年度}年度项目支出绩效自评表`)
    pub title: String,
    /// 主管部门
    pub department: String,
    /// 实施单位
    pub implementer: String,
    pub funds: Funds,
    pub goal: Goal,
    /// 一级指标 in the order of the form, each with all its 二级 categories.
    pub categories: Vec<Level1>,
    /// 分值 of budget execution and all indicators.
    #[schemars(with = "String")]
    pub total_weight: Decimal,
    /// 总分: the sum of the rounded scores.
    #[schemars(with = "String")]
    pub total_score: Decimal,
    /// The grade of 总分 in the scheme: 优 / 良 / 中 / 差 by default.
    pub grade: String,
    /// The texts of `栏目` the template's form asks for, by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// On a 部门整体 sheet: the summary of the project files it lists
    /// (`项目汇总`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub projects: Option<crate::summary::Summary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct Funds {
    /// 万元 or 元
    pub unit: String,
    /// The template's rows in its order, the total first: 年度资金总额,
    /// 当年财政拨款, 上年结转资金, 其他资金 on the default form.
    pub rows: Vec<FundsRow>,
    /// 分值 of budget execution (on the 年度资金总额 row).
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    /// 得分 of budget execution: 分值 × min(执行率, 100%).
    #[schemars(with = "Option<String>")]
    pub score: Option<Decimal>,
    /// 偏差: why execution fell short of (or exceeded) the budget.
    pub note: Option<String>,
    /// At monitoring: the date the rows' 执行数 run to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitored_at: Option<Date>,
    /// At monitoring: 偏差原因.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<String>,
    /// At monitoring: 纠偏措施.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub measures: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct FundsRow {
    /// The row's key in the template: `total`, `appropriation`,
    /// `carryover`, `other` on the default form (the first row is the total).
    pub kind: String,
    /// 年初预算数; `None` for a blank cell.
    #[schemars(with = "Option<String>")]
    pub initial_budget: Option<Decimal>,
    /// 全年预算数
    #[schemars(with = "Option<String>")]
    pub annual_budget: Option<Decimal>,
    /// 全年执行数
    #[schemars(with = "Option<String>")]
    pub executed: Option<Decimal>,
    /// 执行率 in percent, two decimals: 全年执行数 / 全年预算数 × 100.
    #[schemars(with = "Option<String>")]
    pub execution_rate: Option<Decimal>,
    /// At monitoring: 执行数 to the monitoring date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub to_date: Option<Decimal>,
    /// At monitoring: 执行数 over the base of 执行率, in percent, two decimals.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub to_date_rate: Option<Decimal>,
    /// At monitoring: 预计全年执行数.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub forecast: Option<Decimal>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Goal {
    /// 预期目标; paragraphs separated by `\n`.
    pub expected: String,
    /// 实际完成情况
    pub actual: String,
    /// At monitoring: 执行情况, how far the goal is reached.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub progress: Option<String>,
}

/// A 一级指标 with its 二级 categories.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Level1 {
    pub name: String,
    #[schemars(with = "String")]
    pub weight: Decimal,
    #[schemars(with = "String")]
    pub score: Decimal,
    pub categories: Vec<Level2>,
}

/// A 二级指标 with its indicators (possibly none: the form still has its row).
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Level2 {
    pub name: String,
    pub indicators: Vec<Indicator>,
}

/// A 三级指标.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Indicator {
    pub name: String,
    /// 年度指标值 as printed.
    pub target: String,
    /// 实际完成值 as printed.
    pub actual: String,
    /// The target in the parts a form with 指标性质 and 度量单位 columns
    /// prints apart.
    #[serde(skip)]
    pub target_parts: TargetParts,
    #[schemars(with = "String")]
    pub weight: Decimal,
    /// 得分, two decimals.
    #[schemars(with = "String")]
    pub score: Decimal,
    /// Whether the score was written in the file (else it was computed).
    pub score_declared: bool,
    pub rule: ScoringRule,
    pub grade: Option<Level>,
    /// How the score was computed, with the figures: `15 × min(27 / 30, 1) = 13.50`.
    pub formula: Option<String>,
    /// 偏差原因分析及改进措施
    pub deviation: Option<String>,
    /// A recorded change of the declared target; `target` is then the
    /// adjusted one (on every form but the 申报表).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Box<Adjustment>>,
    /// What the 监控表 prints of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monitoring: Option<Box<IndicatorMonitoring>>,
    /// 指标解释 and 指标说明及评分标准 (the 部门整体 sheet).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<String>,
}

/// 调整: the target as declared, and when and why it changed.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Adjustment {
    /// 指标值 as declared (申报).
    pub declared: String,
    /// The parts of the declared target (for a 申报表 with 指标性质 and
    /// 度量单位 columns).
    #[serde(skip)]
    pub declared_parts: TargetParts,
    /// 调整日期
    pub date: Date,
    /// 调整原因
    pub reason: String,
}

/// An indicator at monitoring.
#[derive(Clone, Debug, Default, PartialEq, Serialize, JsonSchema)]
pub struct IndicatorMonitoring {
    /// 监控完成值: completed to the monitoring date, as printed.
    pub to_date: Option<String>,
    /// 预计完成值: expected by the end of the year, as printed.
    pub forecast: Option<String>,
    /// 偏差原因
    pub cause: Option<String>,
    /// 纠偏措施
    pub measures: Option<String>,
}

/// A target as 指标性质 (=, ≥, ≤, >, <, or 定性 for a text), figure and
/// 度量单位 (`%`, `个`, or empty).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TargetParts {
    pub nature: String,
    pub figure: String,
    pub unit: String,
}

/// How an indicator is scored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScoringRule {
    /// 比例: 分值 × min(完成值 / 指标值, 1)
    Ratio,
    /// 反向: full when 完成值 ≤ 指标值, else 分值 × 指标值 / 完成值
    Inverse,
    /// 达标: full when the bound holds, else 0
    Pass,
    /// 定性: declared score within the band of its 等级
    Graded,
    /// 人工: declared score within [0, 分值]
    Manual,
    /// 执行率: 分值 × min(执行率, 100%), from the funds total (a
    /// department's 部门预算)
    Execution,
}

impl ScoringRule {
    pub fn chinese(self) -> &'static str {
        match self {
            ScoringRule::Ratio => "比例",
            ScoringRule::Inverse => "反向",
            ScoringRule::Pass => "达标",
            ScoringRule::Graded => "定性",
            ScoringRule::Manual => "人工",
            ScoringRule::Execution => "执行率",
        }
    }
}

/// 等级 of a graded indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// 达成: [80%, 100%] of 分值
    Met,
    /// 部分达成: [60%, 80%)
    Partial,
    /// 未达成: [0, 60%)
    Unmet,
}

impl Level {
    pub fn chinese(self) -> &'static str {
        match self {
            Level::Met => "达成",
            Level::Partial => "部分达成",
            Level::Unmet => "未达成",
        }
    }
}

/// The 自评报告.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Report {
    pub title: String,
    pub subtitle: Option<String>,
    pub chapters: Vec<Chapter>,
    pub signed: Option<Signature>,
}

#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Chapter {
    pub title: String,
    pub blocks: Vec<Block>,
}

/// What a chapter holds, in order; references already replaced by figures.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Block {
    /// Paragraphs separated by `\n`.
    Paragraph {
        text: String,
    },
    /// 节 (level 2, numbered （一）), 小节 (3, 1.), 款 (4, （1）).
    Heading {
        level: u8,
        title: String,
    },
    List {
        items: Vec<String>,
    },
    /// A table generated from the form.
    Table {
        table: FormTable,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormTable {
    /// The indicators scored below their weight, with their 偏差.
    Deviations,
    /// All indicators with their scores.
    Indicators,
    /// The funds table.
    Funds,
}

/// 落款: the issuing body and the date.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
pub struct Signature {
    pub issuer: String,
    pub date: Date,
}

/// What `jixiao json` prints: the model of a file without errors, or, for
/// a file with errors, the figures that could be computed and the
/// diagnostics.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Output {
    Complete(Box<Model>),
    Partial(Partial),
}

/// The figures of a file with errors: every part that could be computed
/// (an indicator with an error shows the score its rule gives), each with
/// the line it starts on. No 总分 unless every part could be computed.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct Partial {
    /// Always `true`: the file has errors, and this is not a whole
    /// evaluation.
    #[schemars(extend("const" = true))]
    pub partial: bool,
    pub indicators: Vec<PartialIndicator>,
    pub funds_rows: Vec<PartialFundsRow>,
    /// 一级 (`level` 1) and 二级 (`level` 2) subtotals.
    pub categories: Vec<PartialCategory>,
    /// 总分 and grade, when they could be computed.
    pub total: Option<PartialTotal>,
    /// Every diagnostic, as `jixiao check --format json` gives them.
    pub diagnostics: Vec<crate::diag::JsonDiagnostic>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PartialIndicator {
    /// 1-based line of the indicator's name.
    pub line: usize,
    #[serde(flatten)]
    pub indicator: Indicator,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PartialFundsRow {
    pub line: usize,
    #[serde(flatten)]
    pub row: FundsRow,
    /// 万元 or 元
    pub unit: String,
    /// On 年度资金总额: 分值 and 得分 of budget execution.
    #[schemars(with = "Option<String>")]
    pub weight: Option<Decimal>,
    #[schemars(with = "Option<String>")]
    pub score: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PartialCategory {
    pub line: usize,
    /// 1 for 一级, 2 for 二级.
    pub level: u8,
    pub name: String,
    #[schemars(with = "String")]
    pub weight: Decimal,
    /// The sum of its indicators' rounded scores.
    #[schemars(with = "String")]
    pub score: Decimal,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct PartialTotal {
    pub line: usize,
    #[schemars(with = "String")]
    pub weight: Decimal,
    #[schemars(with = "String")]
    pub score: Decimal,
    pub grade: String,
}

/// The JSON Schema of what `jixiao json` prints.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Output);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}
