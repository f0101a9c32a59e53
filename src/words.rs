//! The words of the language, by the place they stand: the formatter
//! translates them and the editor support completes them.

/// (canonical Chinese, English, other spellings) of the words of the
/// language, by the place they stand.
pub type Words = &'static [(&'static str, &'static str, &'static [&'static str])];

pub const KEYWORDS: Words = &[
    ("自评表", "evaluation", &[]),
    ("自评报告", "report", &[]),
    ("年度", "year", &[]),
    ("标题", "title", &[]),
    ("主管部门", "department", &[]),
    ("实施单位", "implementer", &[]),
    ("评分方案", "scheme", &[]),
    ("表样", "template", &[]),
    ("栏目", "fields", &[]),
    ("指标体系", "framework", &[]),
    ("项目资金", "funds", &[]),
    ("部门预算", "budget", &[]),
    ("项目汇总", "projects", &[]),
    ("年度总体目标", "goal", &[]),
    ("预期目标", "expected", &[]),
    ("绩效指标", "indicators", &[]),
    ("副标题", "subtitle", &[]),
    ("章", "chapter", &[]),
    ("节", "section", &[]),
    ("小节", "subsection", &[]),
    ("款", "clause", &[]),
    ("列表", "list", &[]),
    ("表格", "table", &[]),
    ("落款", "signed", &[]),
    ("分值", "weight", &[]),
    ("执行率", "rate", &[]),
    ("得分", "score", &[]),
    ("监控", "monitoring", &[]),
    ("执行数", "to_date", &[]),
    ("预计执行数", "forecast", &[]),
    ("执行情况", "progress", &[]),
];
pub const GOAL_ACTUAL: Words = &[("实际完成情况", "actual", &[])];
pub const FIELDS: Words = &[
    ("指标值", "target", &["年度指标值"]),
    ("完成值", "actual", &["实际完成值"]),
    ("分值", "weight", &[]),
    ("得分", "score", &[]),
    ("规则", "rule", &[]),
    ("等级", "grade", &[]),
    ("偏差", "deviation", &["偏差原因分析及改进措施"]),
    ("调整指标值", "adjusted_target", &[]),
    ("调整日期", "adjusted_on", &[]),
    ("调整原因", "adjusted_because", &[]),
    ("自评指标值", "evaluated_target", &[]),
    ("监控完成值", "to_date", &[]),
    ("预计完成值", "forecast", &[]),
    ("偏差原因", "cause", &[]),
    ("纠偏措施", "measures", &[]),
    ("指标解释", "explanation", &[]),
    ("评分标准", "standard", &["指标说明及评分标准"]),
];
/// Funds rows, with the spellings of published forms (a leading 其中： is
/// dropped before looking a label up).
pub const ROWS: Words = &[
    ("年度资金总额", "total", &["资金总额", "总额"]),
    (
        "当年财政拨款",
        "appropriation",
        &[
            "其中：当年财政拨款",
            "其中:当年财政拨款",
            "本年财政拨款",
            "本年一般公共预算拨款",
            "一般公共预算拨款",
            "财政拨款",
            "财政资金",
        ],
    ),
    (
        "上年结转资金",
        "carryover",
        &["上年结转", "上年结余结转资金"],
    ),
    ("其他资金", "other", &[]),
];
pub const RULE_WORDS: Words = &[
    ("比例", "ratio", &[]),
    ("反向", "inverse", &[]),
    ("达标", "pass", &[]),
    ("定性", "graded", &[]),
    ("人工", "manual", &[]),
    ("执行率", "execution", &["预算执行率"]),
    ("达成", "met", &[]),
    ("部分达成", "partial", &[]),
    ("未达成", "unmet", &[]),
];
pub const SETTINGS: Words = &[
    ("建议分值", "split", &[]),
    ("反向公式", "inverse", &[]),
    ("等级", "grades", &[]),
    ("总分", "total", &[]),
    ("执行率下限", "min_execution", &[]),
    ("超额比例", "overshoot", &[]),
    ("别名", "aliases", &[]),
    ("比值", "ratio", &[]),
    ("偏离", "deviation", &[]),
    ("预算执行率", "execution", &[]),
];
/// Fields and names that references quote.
pub const REFERENCE_FIELDS: Words = &[
    ("年初预算数", "initial_budget", &[]),
    ("全年预算数", "annual_budget", &[]),
    ("全年执行数", "executed", &[]),
    ("执行率", "execution_rate", &[]),
    ("分值", "weight", &[]),
    ("得分", "score", &[]),
    ("指标值", "target", &[]),
    ("完成值", "actual", &[]),
    ("总分", "total_score", &[]),
    ("等级", "grade", &[]),
];
pub const TABLES: Words = &[
    ("偏差", "deviations", &[]),
    ("指标", "indicators", &[]),
    ("资金", "funds", &[]),
];

/// Scoring rules (`规则`), the first part of [`RULE_WORDS`].
pub const RULES: Words = RULE_WORDS.split_at(6).0;
/// Grades of a graded indicator (`等级`), the rest of [`RULE_WORDS`].
pub const LEVELS: Words = RULE_WORDS.split_at(6).1;
/// Names of the settings of a `评分方案`, the first part of [`SETTINGS`].
pub const SCHEME_SETTINGS: Words = SETTINGS.split_at(7).0;
/// Formulas of the inverse rule (`反向公式`).
pub const FORMULAS: Words = SETTINGS.split_at(7).1.split_at(2).0;

/// Every spelling of the words of `words`: each word's Chinese, its other
/// spellings, then its English.
pub fn spellings(words: Words) -> impl Iterator<Item = &'static str> {
    words.iter().flat_map(|(zh, en, other)| {
        std::iter::once(*zh)
            .chain(other.iter().copied())
            .chain(std::iter::once(*en))
    })
}

/// What `written` means, when it spells a word of `words`: `meanings` maps
/// each word's Chinese form to its meaning.
pub fn meaning<T: Copy>(written: &str, words: Words, meanings: &[(&str, T)]) -> Option<T> {
    let (zh, _) = lookup(written, words)?;
    meanings.iter().find(|(n, _)| *n == zh).map(|(_, m)| *m)
}

/// The canonical Chinese and English forms of `written` in `words`.
pub fn lookup(written: &str, words: Words) -> Option<(&'static str, &'static str)> {
    words
        .iter()
        .find(|(zh, en, other)| *zh == written || *en == written || other.contains(&written))
        .map(|(zh, en, _)| (*zh, *en))
}
