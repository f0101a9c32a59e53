//! Resolving a `评分方案 { … }` block into a [`Scheme`].

use rust_decimal::Decimal;

use super::{Checker, Once};
use crate::ast::{self, Figure, SchemeItem, SettingValue, ValueKind};
use crate::diag::{Context, Diagnostic, Kind};
use crate::scheme::{InverseFormula, Level1, Name, Scheme};
use crate::span::{Span, Spanned};
use crate::words;
use crate::{arith, format};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Setting {
    Split,
    Inverse,
    Grades,
    Total,
    MinExecution,
    Overshoot,
    Aliases,
}

/// The meaning of each setting, by its Chinese name (its spellings are in
/// `words::SCHEME_SETTINGS`).
const SETTINGS: &[(&str, Setting)] = &[
    ("建议分值", Setting::Split),
    ("反向公式", Setting::Inverse),
    ("等级", Setting::Grades),
    ("总分", Setting::Total),
    ("执行率下限", Setting::MinExecution),
    ("超额比例", Setting::Overshoot),
    ("别名", Setting::Aliases),
];

const FORMULAS: &[(&str, InverseFormula)] = &[
    ("比值", InverseFormula::Ratio),
    ("偏离", InverseFormula::Deviation),
];

/// The name budget execution goes by in a 建议分值 table.
const EXECUTION: [&str; 2] = ["预算执行率", "execution"];

impl Checker {
    /// The scheme of `block` over `base` (a template's, or the default).
    pub(super) fn resolve_scheme(&mut self, block: &ast::Scheme, base: &Scheme) -> Scheme {
        let mut scheme = base.clone();
        let mut framework = Once::new("指标体系");
        let mut seen: Vec<(Setting, Span)> = Vec::new();
        let mut split = None;
        let mut aliases = None;
        for item in &block.items {
            match item {
                SchemeItem::Framework {
                    keyword, groups, ..
                } => {
                    let resolved = self.framework(groups);
                    framework.set(self, *keyword, resolved);
                }
                SchemeItem::Setting { name, value } => {
                    let Some(setting) =
                        words::meaning(&name.value, words::SCHEME_SETTINGS, SETTINGS)
                    else {
                        let unknown = ast::Unknown {
                            name: name.clone(),
                            span: name.span,
                        };
                        self.unknown(&unknown, Context::Scheme);
                        continue;
                    };
                    if let Some((_, first)) = seen.iter().find(|(s, _)| *s == setting) {
                        self.duplicate(&name.value, name.span, *first);
                        continue;
                    }
                    seen.push((setting, name.span));
                    if let (Setting::Aliases, SettingValue::Table { entries, .. }) =
                        (setting, value)
                    {
                        aliases = Some(entries);
                        continue;
                    }
                    self.setting(&mut scheme, setting, name, value, &mut split);
                }
            }
        }
        if let Some(framework) = framework.get() {
            scheme.framework = framework;
            scheme.execution_recommended = None;
        }
        if let Some(entries) = split {
            self.split(&mut scheme, entries);
        }
        if let Some(entries) = aliases {
            self.aliases(&mut scheme, entries);
        }
        self.grades_follow_the_total(&mut scheme, base.total, block);
        scheme
    }

    /// The grades of the base scheme are points of its total (优 90, 良 80,
    /// 中 60 of 100), so they follow another total in proportion; grades
    /// written in this scheme are points, and the top one must be reachable.
    fn grades_follow_the_total(&mut self, scheme: &mut Scheme, base: Decimal, block: &ast::Scheme) {
        let written = block.items.iter().find_map(|item| match item {
            SchemeItem::Setting {
                name,
                value: SettingValue::Table { span, .. },
            } if words::meaning(&name.value, words::SCHEME_SETTINGS, SETTINGS)
                == Some(Setting::Grades) =>
            {
                Some(*span)
            }
            _ => None,
        });
        match written {
            Some(span) => {
                if let Some((grade, lowest)) = scheme.grades.first()
                    && *lowest > scheme.total
                {
                    self.error(
                        Kind::GradeAboveTotal {
                            grade: grade.clone(),
                            lowest: format::plain(*lowest),
                            total: format::plain(scheme.total),
                        },
                        span,
                    );
                }
            }
            None if scheme.total != base => {
                let total = scheme.total;
                for (_, lowest) in &mut scheme.grades {
                    // A share of at most 100% of the total cannot overflow.
                    let share =
                        arith::div(*lowest, base).and_then(|share| arith::mul(share, total));
                    *lowest = share.unwrap_or(total);
                }
            }
            None => {}
        }
    }

    fn setting<'a>(
        &mut self,
        scheme: &mut Scheme,
        setting: Setting,
        name: &Spanned<String>,
        value: &'a SettingValue,
        split: &mut Option<&'a [(Spanned<String>, ast::Value)]>,
    ) {
        let field = name.value.clone();
        let wrong = |expected: &'static str, span: Span| {
            Diagnostic::new(
                Kind::WrongValue {
                    field: field.clone(),
                    expected,
                },
                span,
            )
        };
        match (setting, value) {
            (Setting::Split, SettingValue::Table { entries, .. }) => *split = Some(entries),
            (Setting::Grades, SettingValue::Table { entries, span }) => {
                let mut grades: Vec<(String, Decimal)> = Vec::new();
                let mut names: Vec<&Spanned<String>> = Vec::new();
                for (grade, value) in entries {
                    if let Some(first) = names.iter().find(|n| n.value == grade.value) {
                        self.duplicate(&grade.value, grade.span, first.span);
                        continue;
                    }
                    names.push(grade);
                    match number(value) {
                        Some(n) => grades.push((grade.value.clone(), n)),
                        None => self.push(wrong("数字", value.span)),
                    }
                }
                let descending = grades.windows(2).all(|w| w[0].1 > w[1].1);
                if !descending || grades.last().is_none_or(|(_, t)| !t.is_zero()) {
                    self.error(Kind::GradesOrder, *span);
                } else {
                    scheme.grades = grades;
                }
            }
            (Setting::Split | Setting::Grades, SettingValue::Value(v)) => {
                self.push(wrong("{ 名称 数字 … }", v.span))
            }
            (Setting::Aliases, SettingValue::Value(v)) => {
                self.push(wrong("{ 别名 指标类别 … }", v.span))
            }
            (_, SettingValue::Table { span, .. }) => {
                let expected = match setting {
                    Setting::Inverse => "比值 或 偏离",
                    Setting::Total => "数字",
                    _ => "百分比",
                };
                self.push(wrong(expected, *span));
            }
            (Setting::Inverse, SettingValue::Value(v)) => match &v.kind {
                ValueKind::Word(w) => {
                    if let Some(f) = self.word(&name.value, w, v.span, (words::FORMULAS, FORMULAS))
                    {
                        scheme.inverse = f.value;
                    }
                }
                _ => self.push(wrong("比值 或 偏离", v.span)),
            },
            (Setting::Total, SettingValue::Value(v)) => match number(v) {
                Some(n) if n > Decimal::ZERO => scheme.total = n,
                Some(_) => self.error(Kind::SettingRange { setting: "总分" }, v.span),
                None => self.push(wrong("数字", v.span)),
            },
            (Setting::MinExecution, SettingValue::Value(v)) => match &v.kind {
                ValueKind::Figure(Figure::Percent(p))
                    if *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED =>
                {
                    scheme.min_execution = *p
                }
                ValueKind::Figure(Figure::Percent(_)) => self.error(
                    Kind::SettingRange {
                        setting: "执行率下限",
                    },
                    v.span,
                ),
                _ => self.push(wrong("百分比", v.span)),
            },
            (Setting::Overshoot, SettingValue::Value(v)) => match &v.kind {
                ValueKind::Figure(Figure::Percent(p)) if *p >= Decimal::ZERO => {
                    scheme.overshoot = *p
                }
                ValueKind::Figure(Figure::Percent(_)) => self.error(
                    Kind::SettingRange {
                        setting: "超额比例",
                    },
                    v.span,
                ),
                _ => self.push(wrong("百分比", v.span)),
            },
        }
    }

    fn framework(&mut self, groups: &[ast::FrameworkGroup]) -> Vec<Level1> {
        let mut levels: Vec<Level1> = Vec::new();
        let mut spans: Vec<Span> = Vec::new();
        for group in groups {
            let name = Name::new(&group.name.value);
            if let Some(i) = levels.iter().position(|l| l.name == name) {
                self.duplicate(&group.name.value, group.name.span, spans[i]);
                continue;
            }
            let mut children: Vec<Name> = Vec::new();
            let mut child_spans: Vec<Span> = Vec::new();
            for child in &group.children {
                let c = Name::new(&child.value);
                if let Some(i) = children.iter().position(|x| *x == c) {
                    self.duplicate(&child.value, child.span, child_spans[i]);
                    continue;
                }
                children.push(c);
                child_spans.push(child.span);
            }
            if children.is_empty() {
                self.push(Diagnostic::new(
                    Kind::EmptyCategory {
                        name: group.name.value.clone(),
                    },
                    group.name.span,
                ));
            }
            levels.push(Level1 {
                name,
                children,
                recommended: group.weight.as_ref().map(|w| w.value),
            });
            spans.push(group.name.span);
        }
        levels
    }

    /// `别名 { 经济成本指标 成本指标 … }`: another name of a category of the
    /// framework, as a region's form writes it.
    fn aliases(&mut self, scheme: &mut Scheme, entries: &[(Spanned<String>, ast::Value)]) {
        for (alias, value) in entries {
            let ValueKind::Word(category) = &value.kind else {
                self.push(Diagnostic::new(
                    Kind::WrongValue {
                        field: alias.value.clone(),
                        expected: "指标类别的名称",
                    },
                    value.span,
                ));
                continue;
            };
            let names = scheme
                .framework
                .iter_mut()
                .flat_map(|l| std::iter::once(&mut l.name).chain(l.children.iter_mut()));
            let mut found = false;
            for name in names {
                if name.matches(category) {
                    name.aliases.push(alias.value.clone());
                    found = true;
                }
            }
            if !found {
                let framework = scheme.framework.clone();
                self.level1(&Spanned::new(category.clone(), value.span), &framework);
            }
        }
    }

    /// `建议分值 { 预算执行率 10  产出指标 50 … }`
    fn split(&mut self, scheme: &mut Scheme, entries: &[(Spanned<String>, ast::Value)]) {
        for (name, value) in entries {
            let Some(weight) = number(value) else {
                self.push(Diagnostic::new(
                    Kind::WrongValue {
                        field: name.value.clone(),
                        expected: "数字",
                    },
                    value.span,
                ));
                continue;
            };
            if EXECUTION.contains(&name.value.as_str()) {
                scheme.execution_recommended = Some(weight);
                continue;
            }
            let framework = scheme.framework.clone();
            if let Some(i) = self.level1(name, &framework) {
                scheme.framework[i].recommended = Some(weight);
            }
        }
    }
}

fn number(value: &ast::Value) -> Option<Decimal> {
    match value.kind {
        ValueKind::Figure(Figure::Number(n)) => Some(n),
        _ => None,
    }
}
