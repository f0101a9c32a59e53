//! Scoring schemes: the indicator framework (一级 and 二级 categories in the
//! order the form prints them), the recommended weights, the inverse-rule
//! formula, the grades of the total, and the thresholds of the lints.
//!
//! The default is 财预〔2020〕10号. A file overrides any part of it with a
//! `评分方案 { … }` block, which the checker resolves into a [`Scheme`].

use rust_decimal::Decimal;

/// A category name as printed, and the English alias it may be written as.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub zh: String,
    pub en: Option<&'static str>,
    /// Other names published forms give the same category (the default
    /// ones, and those a scheme's 别名 adds).
    pub aliases: Vec<String>,
}

impl Name {
    pub fn matches(&self, word: &str) -> bool {
        self.zh == word || self.en == Some(word) || self.aliases.iter().any(|a| a == word)
    }

    /// The ways this name may be written.
    pub fn spellings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.zh.as_str())
            .chain(self.en)
            .chain(self.aliases.iter().map(String::as_str))
    }

    /// A name, with the English alias of the default category of that name.
    pub fn new(word: &str) -> Name {
        let en = DEFAULT_NAMES
            .iter()
            .find(|(zh, en)| *zh == word || *en == word)
            .map(|(_, en)| *en);
        let zh = DEFAULT_NAMES
            .iter()
            .find(|(_, en)| *en == word)
            .map_or(word, |(zh, _)| zh);
        let aliases = ALIASES
            .iter()
            .find(|(name, _)| *name == zh)
            .map_or(Vec::new(), |(_, aliases)| {
                aliases.iter().map(|a| a.to_string()).collect()
            });
        Name {
            zh: zh.to_string(),
            en,
            aliases,
        }
    }
}

/// Other names of default categories on published forms: the cost
/// categories of 财预〔2021〕101号, which the Ministry's 2020 form files under
/// 成本指标.
pub const ALIASES: &[(&str, &[&str])] = &[(
    "成本指标",
    &["经济成本指标", "社会成本指标", "生态环境成本指标"],
)];

/// A 一级指标 and its 二级 categories.
#[derive(Clone, Debug, PartialEq)]
pub struct Level1 {
    pub name: Name,
    pub children: Vec<Name>,
    /// The weight the scheme recommends, if any (only ever advice).
    pub recommended: Option<Decimal>,
}

/// How the inverse rule scores a missed target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InverseFormula {
    /// 分值 × 指标值 / 完成值
    Ratio,
    /// (1 − (完成值 − 指标值) / 指标值) × 分值, 0 at twice the target.
    Deviation,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scheme {
    pub framework: Vec<Level1>,
    /// The recommended weight of budget execution.
    pub execution_recommended: Option<Decimal>,
    pub inverse: InverseFormula,
    /// Grade names with the lowest total each takes, highest first; the
    /// last takes 0.
    pub grades: Vec<(String, Decimal)>,
    /// What all weights add up to.
    pub total: Decimal,
    /// 执行率 (in percent) below which an explanation is needed.
    pub min_execution: Decimal,
    /// How far (in percent) an actual may exceed its target before an
    /// explanation is needed: the target was probably set too low.
    pub overshoot: Decimal,
}

impl Scheme {
    /// The grade of a total score.
    pub fn grade_of(&self, total: Decimal) -> &str {
        self.grades
            .iter()
            .find(|(_, lowest)| total >= *lowest)
            .or(self.grades.last())
            .map_or("", |(name, _)| name.as_str())
    }
}

/// The default categories: (Chinese, English).
pub const DEFAULT_NAMES: &[(&str, &str)] = &[
    ("产出指标", "output"),
    ("数量指标", "quantity"),
    ("质量指标", "quality"),
    ("时效指标", "timeliness"),
    ("成本指标", "cost"),
    ("效益指标", "benefit"),
    ("经济效益指标", "economic"),
    ("社会效益指标", "social"),
    ("生态效益指标", "ecological"),
    ("可持续影响指标", "sustainability"),
    ("满意度指标", "satisfaction"),
    ("服务对象满意度指标", "beneficiary"),
];

impl Default for Scheme {
    /// 财预〔2020〕10号, 附1.
    fn default() -> Self {
        let level1 = |name: &str, children: &[&str], recommended: i64| Level1 {
            name: Name::new(name),
            children: children.iter().map(|c| Name::new(c)).collect(),
            recommended: Some(Decimal::from(recommended)),
        };
        Scheme {
            framework: vec![
                level1(
                    "产出指标",
                    &["数量指标", "质量指标", "时效指标", "成本指标"],
                    50,
                ),
                level1(
                    "效益指标",
                    &[
                        "经济效益指标",
                        "社会效益指标",
                        "生态效益指标",
                        "可持续影响指标",
                    ],
                    30,
                ),
                level1("满意度指标", &["服务对象满意度指标"], 10),
            ],
            execution_recommended: Some(Decimal::from(10)),
            inverse: InverseFormula::Ratio,
            grades: [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
                .iter()
                .map(|(n, t)| (n.to_string(), Decimal::from(*t)))
                .collect(),
            total: Decimal::ONE_HUNDRED,
            min_execution: Decimal::from(90),
            overshoot: Decimal::from(30),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_grades() {
        let s = Scheme::default();
        assert_eq!(s.grade_of(Decimal::from(90)), "优");
        assert_eq!(s.grade_of(Decimal::new(8817, 2)), "良");
        assert_eq!(s.grade_of(Decimal::new(5999, 2)), "差");
    }

    #[test]
    fn english_names_resolve_to_the_printed_chinese() {
        assert_eq!(Name::new("quantity").zh, "数量指标");
        assert!(Name::new("数量指标").matches("quantity"));
        assert_eq!(Name::new("决策指标").en, None);
    }
}
