//! The indicator framework of a scoring scheme: the 一级 and 二级 categories
//! in the order the form prints them, with their English aliases and the
//! recommended weights. The default is 财预〔2020〕10号.

/// A category name in Chinese (as printed) and its English alias.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub zh: &'static str,
    pub en: &'static str,
}

impl Name {
    pub fn matches(&self, word: &str) -> bool {
        self.zh == word || self.en == word
    }
}

/// A 一级指标 and its 二级 categories.
#[derive(Clone, Copy, Debug)]
pub struct Level1 {
    pub name: Name,
    pub children: &'static [Name],
    /// The weight 财预〔2020〕10号 recommends ("原则上", so only advice).
    pub recommended: u32,
}

/// The recommended weight of budget execution.
pub const RECOMMENDED_EXECUTION: u32 = 10;

const fn n(zh: &'static str, en: &'static str) -> Name {
    Name { zh, en }
}

/// 财预〔2020〕10号, 附1.
pub const DEFAULT: &[Level1] = &[
    Level1 {
        name: n("产出指标", "output"),
        children: &[
            n("数量指标", "quantity"),
            n("质量指标", "quality"),
            n("时效指标", "timeliness"),
            n("成本指标", "cost"),
        ],
        recommended: 50,
    },
    Level1 {
        name: n("效益指标", "benefit"),
        children: &[
            n("经济效益指标", "economic"),
            n("社会效益指标", "social"),
            n("生态效益指标", "ecological"),
            n("可持续影响指标", "sustainability"),
        ],
        recommended: 30,
    },
    Level1 {
        name: n("满意度指标", "satisfaction"),
        children: &[n("服务对象满意度指标", "beneficiary")],
        recommended: 10,
    },
];
