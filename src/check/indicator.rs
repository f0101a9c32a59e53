//! Checking and scoring one indicator (三级指标).

use rust_decimal::Decimal;

use super::Checker;
use crate::arith;
use crate::ast::{self, Comparator, Figure, ValueKind};
use crate::diag::{Diagnostic, Kind, Missing, Sort};
use crate::format::{self, round2};
use crate::model::{self, Level, ScoringRule};
use crate::scheme::InverseFormula;
use crate::span::{Span, Spanned};
use crate::suggest::nearest;
use crate::template::Form;
use crate::words::{self, Words};

/// Words written where `%` belongs.
const PERCENT_WORDS: &[&str] = &["百分比", "百分之", "百分数", "percent"];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FieldKind {
    Target,
    Actual,
    Weight,
    Score,
    Rule,
    Grade,
    Deviation,
    AdjustedTarget,
    AdjustedOn,
    AdjustedBecause,
    EvaluatedTarget,
    ToDate,
    Forecast,
    Cause,
    Measures,
    Explanation,
    Standard,
}

/// The meaning of each field, by its Chinese name (its spellings are in
/// `words::FIELDS`).
const FIELDS: &[(&str, FieldKind)] = &[
    ("指标值", FieldKind::Target),
    ("完成值", FieldKind::Actual),
    ("分值", FieldKind::Weight),
    ("得分", FieldKind::Score),
    ("规则", FieldKind::Rule),
    ("等级", FieldKind::Grade),
    ("偏差", FieldKind::Deviation),
    ("调整指标值", FieldKind::AdjustedTarget),
    ("调整日期", FieldKind::AdjustedOn),
    ("调整原因", FieldKind::AdjustedBecause),
    ("自评指标值", FieldKind::EvaluatedTarget),
    ("监控完成值", FieldKind::ToDate),
    ("预计完成值", FieldKind::Forecast),
    ("偏差原因", FieldKind::Cause),
    ("纠偏措施", FieldKind::Measures),
    ("指标解释", FieldKind::Explanation),
    ("评分标准", FieldKind::Standard),
];

/// The form a file has reached in its year, for a tool that is not told
/// which form to check (an editor): the 自评表 once the file has an actual
/// (a 完成值 or 得分, the goal's 实际完成情况 or a 全年执行数); before that the 监控表 when it has
/// monitoring figures (a `监控` date in its 项目资金, a 监控完成值 or
/// 预计完成值), else the 申报表. A department's sheet (a `部门预算`, a
/// `项目汇总`, `表样 "部门整体"`, rows with 指标解释 or 评分标准) is always
/// read as itself.
pub fn reached(file: &ast::File) -> Form {
    let (mut monitored, mut evaluated) = (false, false);
    for item in &file.items {
        let ast::TopItem::Evaluation(e) = item else {
            continue;
        };
        for item in &e.items {
            match item {
                // A department's sheet has no earlier stage.
                ast::EvalItem::Funds(f) if f.budget => return Form::Evaluation,
                ast::EvalItem::Projects(_) => return Form::Evaluation,
                ast::EvalItem::Template { name, .. } if name.value == "部门整体" => {
                    return Form::Evaluation;
                }
                ast::EvalItem::Funds(f) => {
                    monitored |= !f.monitoring.is_empty();
                    // The execution column is the last on every form.
                    evaluated |= f.rows.iter().any(|r| {
                        r.cells.len() > 1 && r.cells.last().is_some_and(|c| c.amount.is_some())
                    });
                }
                ast::EvalItem::Goal(g) => {
                    evaluated |= g
                        .items
                        .iter()
                        .any(|i| matches!(i, ast::GoalItem::Actual { .. }));
                }
                ast::EvalItem::Indicators(i) => {
                    let fields = i
                        .groups
                        .iter()
                        .flat_map(|l1| &l1.groups)
                        .flat_map(|l2| &l2.indicators)
                        .flat_map(|ind| &ind.fields)
                        .filter_map(|f| words::meaning(&f.name.value, words::FIELDS, FIELDS));
                    for kind in fields {
                        match kind {
                            // A score by hand is the self-evaluation's; an
                            // explanation or standard, a department's row.
                            FieldKind::Actual
                            | FieldKind::Score
                            | FieldKind::Explanation
                            | FieldKind::Standard => evaluated = true,
                            FieldKind::ToDate | FieldKind::Forecast => monitored = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
    }
    match (evaluated, monitored) {
        (true, _) => Form::Evaluation,
        (false, true) => Form::Monitoring,
        (false, false) => Form::Declaration,
    }
}

const RULES: &[(&str, ScoringRule)] = &[
    ("比例", ScoringRule::Ratio),
    ("反向", ScoringRule::Inverse),
    ("达标", ScoringRule::Pass),
    ("定性", ScoringRule::Graded),
    ("人工", ScoringRule::Manual),
    ("执行率", ScoringRule::Execution),
];

const LEVELS: &[(&str, Level)] = &[
    ("达成", Level::Met),
    ("部分达成", Level::Partial),
    ("未达成", Level::Unmet),
];

impl FieldKind {
    fn chinese(self) -> &'static str {
        match self {
            FieldKind::Target => "指标值",
            FieldKind::Actual => "完成值",
            FieldKind::Weight => "分值",
            FieldKind::Score => "得分",
            FieldKind::Rule => "规则",
            FieldKind::Grade => "等级",
            FieldKind::Deviation => "偏差",
            FieldKind::AdjustedTarget => "调整指标值",
            FieldKind::AdjustedOn => "调整日期",
            FieldKind::AdjustedBecause => "调整原因",
            FieldKind::EvaluatedTarget => "自评指标值",
            FieldKind::ToDate => "监控完成值",
            FieldKind::Forecast => "预计完成值",
            FieldKind::Cause => "偏差原因",
            FieldKind::Measures => "纠偏措施",
            FieldKind::Explanation => "指标解释",
            FieldKind::Standard => "评分标准",
        }
    }
}

/// The fields of one indicator, each with the span of its value.
#[derive(Default)]
struct Fields<'a> {
    target: Option<&'a ast::Value>,
    actual: Option<&'a ast::Value>,
    weight: Option<Spanned<Decimal>>,
    score: Option<Spanned<Decimal>>,
    rule: Option<Spanned<ScoringRule>>,
    grade: Option<Spanned<Level>>,
    deviation: Option<String>,
    adjusted_target: Option<&'a ast::Value>,
    adjusted_on: Option<Spanned<ast::Date>>,
    adjusted_because: Option<String>,
    evaluated_target: Option<&'a ast::Value>,
    to_date: Option<&'a ast::Value>,
    forecast: Option<&'a ast::Value>,
    cause: Option<String>,
    measures: Option<String>,
    explanation: Option<String>,
    standard: Option<String>,
    /// Fields written, whether valid or not, and fields whose misspelt name
    /// was reported.
    written: Vec<FieldKind>,
}

/// A figure with the comparator that applies to it.
struct Bound {
    comparator: Comparator,
    figure: Figure,
}

impl Checker {
    /// The checked indicator and the span of its weight.
    pub(super) fn indicator(&mut self, ind: &ast::Indicator) -> Option<(model::Indicator, Span)> {
        let errors_before = self.error_count();
        let fields = self.fields(ind);
        let owner = &ind.name.value;
        // A malformed field may be any of them: its fields are checked, the
        // indicator is not scored.
        if self.skipped_in(ind.span) {
            return None;
        }
        if let Some(rule) = fields
            .rule
            .as_ref()
            .filter(|r| r.value == ScoringRule::Execution)
        {
            return self.scored_by_execution(ind, &fields, rule.span, errors_before);
        }
        let mut required = vec![
            (FieldKind::Target, Missing::Target),
            (FieldKind::Weight, Missing::Weight),
        ];
        // Actuals are asked for by the self-evaluation only, the
        // monitoring figures by the 监控表 only.
        // A row of the 部门整体 sheet may be scored by hand, with no target.
        let department = self.form().form == Form::Department;
        if department && !fields.written.contains(&FieldKind::Target) {
            required.remove(0);
        }
        match self.form {
            Form::Evaluation if department && required.len() == 1 => {}
            Form::Evaluation | Form::Department => {
                required.insert(1, (FieldKind::Actual, Missing::Actual))
            }
            Form::Monitoring => required.extend([
                (FieldKind::ToDate, Missing::ToDate),
                (FieldKind::Forecast, Missing::Forecast),
            ]),
            Form::Declaration => {}
        }
        // An adjustment is written whole.
        let adjustment = [
            (FieldKind::AdjustedTarget, Missing::AdjustedTarget),
            (FieldKind::AdjustedOn, Missing::AdjustedOn),
            (FieldKind::AdjustedBecause, Missing::AdjustedBecause),
        ];
        if adjustment.iter().any(|(k, _)| fields.written.contains(k)) {
            required.extend(adjustment);
        }
        for (kind, what) in required {
            // A field written with a wrong value or a misspelt name has been
            // reported already.
            if !fields.written.contains(&kind) {
                self.error(
                    Kind::MissingIn {
                        what,
                        owner: owner.clone(),
                    },
                    ind.name.span,
                );
            }
        }
        if department && fields.target.is_none() {
            return self.scored_by_hand(ind, &fields, errors_before);
        }
        let declared = fields.target?;
        let adjusted = match (
            &fields.adjusted_target,
            &fields.adjusted_on,
            &fields.adjusted_because,
        ) {
            (Some(target), Some(date), Some(reason)) => Some((*target, date.value, reason.clone())),
            (None, None, None) => None,
            // Reported missing above.
            _ => return None,
        };
        let target = adjusted.as_ref().map_or(declared, |(t, _, _)| *t);
        self.evaluated_target(&fields, declared, adjusted.as_ref().map(|(t, _, _)| *t));
        let monitoring = self.monitoring(&fields, target);
        let adjustment = adjusted.map(|(_, date, reason)| {
            Box::new(model::Adjustment {
                declared: display(declared),
                declared_parts: parts(declared),
                date,
                reason,
            })
        });
        // The 申报表 prints the target as declared, the later forms the
        // target in force.
        let shown = if self.form == Form::Declaration {
            declared
        } else {
            target
        };
        let weight = fields.weight.clone()?;
        let Some(actual) = fields.actual else {
            // Before the self-evaluation: nothing to score yet.
            let w = weight.value;
            if w.is_sign_negative() && !w.is_zero() {
                self.error(Kind::NegativeScore, weight.span);
            } else {
                self.weight_precision(&weight);
            }
            if self.error_count() > errors_before {
                return None;
            }
            let indicator = model::Indicator {
                name: ind.name.value.clone(),
                target: display(shown),
                target_parts: parts(shown),
                actual: String::new(),
                weight: w,
                score: round2(Decimal::ZERO),
                score_declared: false,
                rule: fields
                    .rule
                    .as_ref()
                    .map_or(ScoringRule::Manual, |r| r.value),
                grade: None,
                formula: None,
                deviation: fields.deviation.clone(),
                adjustment,
                monitoring,
                explanation: fields.explanation.clone(),
                standard: fields.standard.clone(),
            };
            return Some((indicator, weight.span));
        };
        // A figure whose unit is a word for % is reported once, not again as
        // incomparable with its target.
        let mut percent_word = false;
        for value in [target, actual] {
            match figure_of(value) {
                Some(Figure::Date(d)) if !format::is_valid_date(*d) => {
                    self.error(Kind::InvalidDate, value.span);
                }
                Some(Figure::Quantity(n, unit)) if PERCENT_WORDS.contains(&unit.as_str()) => {
                    let bound = match &value.kind {
                        ValueKind::Bound(c, _) => symbol(c.value),
                        _ => "",
                    };
                    percent_word = true;
                    self.error(
                        Kind::PercentWord {
                            found: unit.clone(),
                            replacement: format!("{bound}{n}%"),
                        },
                        value.span,
                    );
                }
                _ => {}
            }
        }
        if let ValueKind::Bound(..) = actual.kind {
            self.push(Diagnostic::new(Kind::BoundInActual, actual.span).with_related(target.span));
        }
        let target_bound = match &target.kind {
            ValueKind::Figure(f) => Some(Bound {
                comparator: Comparator::Ge,
                figure: f.clone(),
            }),
            ValueKind::Bound(c, f) => Some(Bound {
                comparator: c.value,
                figure: f.clone(),
            }),
            _ => None,
        };
        // A bare actual under a target with a unit takes the target's unit,
        // as forms are filled in: `完成值 50` under `指标值 ≥50个`.
        let read_as;
        // Whether the actual is probably Excel's decimal for a percentage:
        // the low score it gives then asks for no 偏差.
        let mut doubtful = false;
        let actual = match (&actual.kind, &target_bound) {
            (ValueKind::Figure(Figure::Number(n)), Some(bound)) => {
                match in_terms_of(*n, &bound.figure) {
                    Some(figure) => {
                        // 0.95 under a percentage is how Excel shows 95%
                        // in a cell without its format: read as 0.95%, it
                        // scores next to nothing, so it is a warning.
                        let fraction = matches!(figure, Figure::Percent(_))
                            && *n > Decimal::ZERO
                            && *n < Decimal::ONE;
                        let kind = match arith::mul(*n, Decimal::ONE_HUNDRED) {
                            Ok(hundred) if fraction => {
                                doubtful = true;
                                Kind::BareFraction {
                                    read_as: figure_text(&figure),
                                    meant: format!("{}%", format::plain(hundred)),
                                }
                            }
                            _ => Kind::BareActual {
                                read_as: figure_text(&figure),
                            },
                        };
                        self.push(Diagnostic::new(kind, actual.span).with_related(target.span));
                        read_as = ast::Value {
                            kind: ValueKind::Figure(figure),
                            span: actual.span,
                            written: Some(display(actual)),
                        };
                        &read_as
                    }
                    None => actual,
                }
            }
            _ => actual,
        };
        let rule = match (&fields.rule, &target_bound) {
            (Some(r), _) => r.value,
            (None, None) => ScoringRule::Graded,
            (None, Some(b)) => match (&b.figure, b.comparator) {
                (Figure::Date(_), _) => ScoringRule::Pass,
                (_, Comparator::Le | Comparator::Lt) => ScoringRule::Inverse,
                _ => ScoringRule::Ratio,
            },
        };
        let w = weight.value;
        if w.is_sign_negative() && !w.is_zero() {
            self.error(Kind::NegativeScore, weight.span);
        } else {
            self.weight_precision(&weight);
        }
        let computed = match rule {
            ScoringRule::Ratio | ScoringRule::Inverse | ScoringRule::Pass if percent_word => None,
            ScoringRule::Ratio | ScoringRule::Inverse | ScoringRule::Pass => {
                let declared = fields.score.is_some();
                self.compute(rule, w, (target, target_bound.as_ref(), actual), declared)
            }
            ScoringRule::Graded | ScoringRule::Manual => {
                if fields.score.is_none() {
                    self.error(
                        Kind::ScoreRequired {
                            rule: rule.chinese(),
                        },
                        ind.name.span,
                    );
                }
                None
            }
            ScoringRule::Execution => unreachable!("scored by scored_by_execution"),
        };
        self.declared_score(fields.score.as_ref(), &weight, rule, computed.as_ref());
        if let (Some(grade), Some(score)) = (&fields.grade, &fields.score)
            && score.value >= Decimal::ZERO
            && score.value <= w
        {
            self.grade_band(grade, score, w);
        }
        let score = match (&fields.score, &computed) {
            (Some(s), _) => format::earned(s.value, w),
            (None, Some((c, _))) => *c,
            (None, None) => return None,
        };
        let indicator = |score, score_declared, formula| model::Indicator {
            name: ind.name.value.clone(),
            target: display(shown),
            target_parts: parts(shown),
            actual: display(actual),
            weight: w,
            score,
            score_declared,
            rule,
            grade: fields.grade.as_ref().map(|g| g.value),
            formula,
            deviation: fields.deviation.clone(),
            adjustment: adjustment.clone(),
            monitoring: monitoring.clone(),
            explanation: fields.explanation.clone(),
            standard: fields.standard.clone(),
        };
        if self.error_count() > errors_before {
            // The score the rule gives is shown beside the error (hover,
            // the partial JSON), though the indicator is not placed.
            if let Some((value, formula)) = computed {
                let shown = indicator(value, false, Some(formula));
                self.computed
                    .push((ind.span, super::Computed::Indicator(shown)));
            }
            return None;
        }
        if !doubtful {
            self.ask_deviation(ind, &fields, score, w);
        }
        if rule == ScoringRule::Ratio && fields.deviation.is_none() {
            self.overshoot(target, target_bound.as_ref(), actual);
        }
        self.percent_over_100(&ind.name.value, [target, actual]);
        let indicator = indicator(score, fields.score.is_some(), computed.map(|(_, f)| f));
        Some((indicator, weight.span))
    }

    /// A weight finer than a score can print cannot be earned in full.
    pub(super) fn weight_precision(&mut self, weight: &Spanned<Decimal>) {
        if format::finer_than_scores(weight.value) {
            self.push(Diagnostic::new(
                Kind::WeightTooPrecise {
                    weight: format::plain(weight.value),
                    score: format::score(format::earned(weight.value, weight.value)),
                },
                weight.span,
            ));
        }
    }

    pub(super) fn error_count(&self) -> usize {
        self.errors
    }

    fn fields<'a>(&mut self, ind: &'a ast::Indicator) -> Fields<'a> {
        let mut fields = Fields::default();
        let mut seen: Vec<(FieldKind, Span)> = Vec::new();
        let kind_of = |name: &str| words::meaning(name, words::FIELDS, FIELDS);
        for field in &ind.fields {
            let Some(kind) = kind_of(&field.name.value) else {
                let suggestion = nearest(&field.name.value, words::spellings(words::FIELDS));
                self.error(
                    Kind::UnknownField {
                        found: field.name.value.clone(),
                        suggestion: suggestion.map(str::to_string),
                    },
                    field.name.span,
                );
                fields.written.extend(suggestion.and_then(kind_of));
                continue;
            };
            fields.written.push(kind);
            if let Some((_, first)) = seen.iter().find(|(k, _)| *k == kind) {
                self.duplicate(kind.chinese(), field.name.span, *first);
                continue;
            }
            seen.push((kind, field.name.span));
            let value = &field.value;
            let wrong = |expected: &'static str| Kind::WrongValue {
                field: field.name.value.clone(),
                expected,
            };
            match (kind, &value.kind) {
                (
                    FieldKind::Target
                    | FieldKind::Actual
                    | FieldKind::AdjustedTarget
                    | FieldKind::EvaluatedTarget
                    | FieldKind::ToDate
                    | FieldKind::Forecast,
                    ValueKind::Word(_),
                ) => self.error(wrong("带比较符的数值、百分比、日期或文字"), value.span),
                (FieldKind::Target, _) => fields.target = Some(value),
                (FieldKind::Actual, _) => fields.actual = Some(value),
                (FieldKind::AdjustedTarget, _) => fields.adjusted_target = Some(value),
                (FieldKind::EvaluatedTarget, _) => fields.evaluated_target = Some(value),
                (FieldKind::ToDate, _) => fields.to_date = Some(value),
                (FieldKind::Forecast, _) => fields.forecast = Some(value),
                (FieldKind::AdjustedOn, ValueKind::Figure(Figure::Date(d))) => {
                    if format::is_valid_date(*d) {
                        fields.adjusted_on = Some(Spanned::new(*d, value.span));
                    } else {
                        self.error(Kind::InvalidDate, value.span);
                    }
                }
                (FieldKind::AdjustedOn, _) => self.error(wrong("日期"), value.span),
                (
                    FieldKind::AdjustedBecause
                    | FieldKind::Cause
                    | FieldKind::Measures
                    | FieldKind::Explanation
                    | FieldKind::Standard,
                    ValueKind::Text(t),
                ) => {
                    let slot = match kind {
                        FieldKind::AdjustedBecause => &mut fields.adjusted_because,
                        FieldKind::Cause => &mut fields.cause,
                        FieldKind::Explanation => &mut fields.explanation,
                        FieldKind::Standard => &mut fields.standard,
                        _ => &mut fields.measures,
                    };
                    *slot = Some(t.clone());
                }
                (
                    FieldKind::AdjustedBecause
                    | FieldKind::Cause
                    | FieldKind::Measures
                    | FieldKind::Explanation
                    | FieldKind::Standard,
                    _,
                ) => self.error(wrong("文字"), value.span),
                (FieldKind::Weight | FieldKind::Score, ValueKind::Figure(Figure::Number(n))) => {
                    let n = Spanned::new(*n, value.span);
                    if kind == FieldKind::Weight {
                        fields.weight = Some(n);
                    } else {
                        fields.score = Some(n);
                    }
                }
                (FieldKind::Weight | FieldKind::Score, _) => self.error(wrong("数字"), value.span),
                (FieldKind::Deviation, ValueKind::Text(t)) => fields.deviation = Some(t.clone()),
                (FieldKind::Deviation, _) => self.error(wrong("文字"), value.span),
                (FieldKind::Rule, ValueKind::Word(w)) => {
                    fields.rule = self.word(&field.name.value, w, value.span, (words::RULES, RULES))
                }
                (FieldKind::Rule, _) => self.error(wrong("规则名称"), value.span),
                (FieldKind::Grade, ValueKind::Word(w)) => {
                    fields.grade =
                        self.word(&field.name.value, w, value.span, (words::LEVELS, LEVELS))
                }
                (FieldKind::Grade, _) => self.error(wrong("等级名称"), value.span),
            }
        }
        fields
    }

    /// A row of the 部门整体 sheet without a target: its 得分 is written by
    /// hand, within its 分值.
    fn scored_by_hand(
        &mut self,
        ind: &ast::Indicator,
        fields: &Fields,
        errors_before: usize,
    ) -> Option<(model::Indicator, Span)> {
        let weight = fields.weight.clone()?;
        let w = weight.value;
        if w.is_sign_negative() && !w.is_zero() {
            self.error(Kind::NegativeScore, weight.span);
        } else {
            self.weight_precision(&weight);
        }
        let Some(score) = &fields.score else {
            self.error(
                Kind::ScoreRequired {
                    rule: ScoringRule::Manual.chinese(),
                },
                ind.name.span,
            );
            return None;
        };
        self.declared_score(Some(score), &weight, ScoringRule::Manual, None);
        if self.error_count() > errors_before {
            return None;
        }
        let earned = format::earned(score.value, w);
        self.ask_deviation(ind, fields, earned, w);
        let indicator = model::Indicator {
            name: ind.name.value.clone(),
            target: String::new(),
            target_parts: model::TargetParts::default(),
            actual: String::new(),
            weight: w,
            score: earned,
            score_declared: true,
            rule: ScoringRule::Manual,
            grade: None,
            formula: None,
            deviation: fields.deviation.clone(),
            adjustment: None,
            monitoring: None,
            explanation: fields.explanation.clone(),
            standard: fields.standard.clone(),
        };
        Some((indicator, weight.span))
    }

    /// A declared score: negative, above its weight (saying what the rule
    /// gives, in the same error), or unequal to the computed one.
    fn declared_score(
        &mut self,
        declared: Option<&Spanned<Decimal>>,
        weight: &Spanned<Decimal>,
        rule: ScoringRule,
        computed: Option<&(Decimal, String)>,
    ) {
        let Some(score) = declared else {
            return;
        };
        let w = weight.value;
        if score.value.is_sign_negative() && !score.value.is_zero() {
            self.error(Kind::NegativeScore, score.span);
        } else if score.value > w {
            self.push(
                Diagnostic::new(
                    Kind::ScoreAboveWeight {
                        score: format::plain(score.value),
                        weight: format::plain(w),
                        computed: computed.map(|(c, f)| (format::score(*c), f.clone())),
                    },
                    score.span,
                )
                .with_related(weight.span),
            );
        } else if let Some((value, formula)) = computed
            && format::earned(score.value, w) != *value
        {
            self.error(
                Kind::ScoreMismatch {
                    declared: format::plain(score.value),
                    computed: format::score(*value),
                    rule: rule.chinese(),
                    formula: formula.clone(),
                },
                score.span,
            );
        }
    }

    /// A score below its weight asks for a 偏差.
    fn ask_deviation(&mut self, ind: &ast::Indicator, fields: &Fields, score: Decimal, w: Decimal) {
        if score < format::earned(w, w) && fields.deviation.is_none() {
            self.push(Diagnostic::new(
                Kind::DeviationMissing {
                    score: format::score(score),
                    weight: format::plain(w),
                },
                ind.name.span,
            ));
        }
    }

    /// A row scored by the execution rule (`规则 执行率`, the 部门整体
    /// sheet's 预算执行率): 分值 × min(执行率, 100%) from the funds total,
    /// as budget execution is scored on a project's funds table.
    fn scored_by_execution(
        &mut self,
        ind: &ast::Indicator,
        fields: &Fields,
        rule: Span,
        errors_before: usize,
    ) -> Option<(model::Indicator, Span)> {
        for (field, value) in [("指标值", fields.target), ("完成值", fields.actual)] {
            if let Some(value) = value {
                self.error(Kind::ExecutionFigure { field }, value.span);
            }
        }
        let Some(weight) = fields.weight.clone() else {
            if !fields.written.contains(&FieldKind::Weight) {
                self.error(
                    Kind::MissingIn {
                        what: Missing::Weight,
                        owner: ind.name.value.clone(),
                    },
                    ind.name.span,
                );
            }
            return None;
        };
        let w = weight.value;
        if w.is_sign_negative() && !w.is_zero() {
            self.error(Kind::NegativeScore, weight.span);
        } else {
            self.weight_precision(&weight);
        }
        let total = || {
            let template = self.shared_form();
            template
                .funds()
                .rows
                .first()
                .map_or_else(|| "合计".to_string(), |r| r.name.clone())
        };
        let (executed, budget, at, explained) = match self.execution {
            super::Execution::Rate {
                weighted: Some(funds_weight),
                ..
            } => {
                self.push(
                    Diagnostic::new(Kind::ExecutionScoredTwice, rule).with_related(funds_weight),
                );
                return None;
            }
            super::Execution::Rate {
                executed,
                budget,
                at,
                explained,
                weighted: None,
            } => (executed, budget, at, explained),
            super::Execution::Absent => {
                let total = total();
                self.error(
                    Kind::ExecutionWithoutBudget {
                        total,
                        block: false,
                    },
                    rule,
                );
                return None;
            }
            super::Execution::NoRate {
                at,
                explained: false,
            } => {
                let total = total();
                self.push(
                    Diagnostic::new(Kind::ExecutionWithoutBudget { total, block: true }, rule)
                        .with_related(at),
                );
                return None;
            }
            super::Execution::NoRate { .. } => return None,
        };
        let rate = round2(self.checked(arith::percent(executed, budget), at)?);
        // Before the self-evaluation nothing is executed for the year.
        let computed = match self.form {
            Form::Evaluation => Some(self.execution_score(w, executed, budget, at)?),
            _ => None,
        };
        self.declared_score(
            fields.score.as_ref(),
            &weight,
            ScoringRule::Execution,
            computed.as_ref(),
        );
        if self.error_count() > errors_before {
            return None;
        }
        let (score, formula) = match computed {
            Some((score, formula)) => (score, Some(formula)),
            None => (round2(Decimal::ZERO), None),
        };
        // The budget's 偏差 explains the rate (W306 asks for it there).
        if formula.is_some() && !explained {
            self.ask_deviation(ind, fields, score, w);
        }
        let indicator = model::Indicator {
            name: ind.name.value.clone(),
            target: String::new(),
            target_parts: model::TargetParts::default(),
            actual: format::percent(rate),
            weight: w,
            score,
            score_declared: fields.score.is_some(),
            rule: ScoringRule::Execution,
            grade: None,
            formula,
            deviation: fields.deviation.clone(),
            adjustment: None,
            monitoring: None,
            explanation: fields.explanation.clone(),
            standard: fields.standard.clone(),
        };
        Some((indicator, weight.span))
    }

    /// A target the self-evaluation states (`自评指标值`) must be the one
    /// in force: the declared target, or its recorded adjustment.
    fn evaluated_target(
        &mut self,
        fields: &Fields,
        declared: &ast::Value,
        adjusted: Option<&ast::Value>,
    ) {
        let Some(evaluated) = fields.evaluated_target else {
            return;
        };
        let in_force = adjusted.unwrap_or(declared);
        if same_target(evaluated, in_force) {
            return;
        }
        let mut d = Diagnostic::new(
            Kind::TargetChanged {
                declared: display(declared),
                evaluated: display(evaluated),
                adjusted: adjusted.map(display),
            },
            evaluated.span,
        )
        .with_related(declared.span);
        if let Some(adjusted) = adjusted {
            d = d.with_related(adjusted.span);
        }
        self.push(d);
    }

    /// What the 监控表 prints of an indicator; on that form, a forecast
    /// short of the target in force asks for 纠偏措施.
    fn monitoring(
        &mut self,
        fields: &Fields,
        target: &ast::Value,
    ) -> Option<Box<model::IndicatorMonitoring>> {
        if let (Some(forecast), None, Form::Monitoring) =
            (fields.forecast, &fields.measures, self.form)
            && let Some((comparator, wanted)) = match &target.kind {
                ValueKind::Figure(f) => Some((Comparator::Ge, f)),
                ValueKind::Bound(c, f) => Some((c.value, f)),
                _ => None,
            }
        {
            let expected = match (&forecast.kind, figure_of(forecast)) {
                (ValueKind::Figure(Figure::Number(n)), _) => in_terms_of(*n, wanted),
                (_, f) => f.cloned(),
            };
            if let Some(expected) = expected.filter(|e| sort(e) == sort(wanted))
                && !holds(comparator, &expected, wanted)
            {
                self.push(
                    Diagnostic::new(
                        Kind::ForecastShort {
                            forecast: display(forecast),
                            target: display(target),
                        },
                        forecast.span,
                    )
                    .with_related(target.span),
                );
            }
        }
        let monitoring = model::IndicatorMonitoring {
            to_date: fields.to_date.map(display),
            forecast: fields.forecast.map(display),
            cause: fields.cause.clone(),
            measures: fields.measures.clone(),
        };
        (monitoring != model::IndicatorMonitoring::default()).then(|| Box::new(monitoring))
    }

    pub(super) fn word<T: Copy>(
        &mut self,
        field: &str,
        word: &str,
        span: Span,
        (spelt, meanings): (Words, &[(&str, T)]),
    ) -> Option<Spanned<T>> {
        if let Some(meaning) = words::meaning(word, spelt, meanings) {
            return Some(Spanned::new(meaning, span));
        }
        let suggestion = nearest(word, words::spellings(spelt));
        self.error(
            Kind::UnknownWord {
                field: field.to_string(),
                found: word.to_string(),
                suggestion: suggestion.map(str::to_string),
                valid: spelt.iter().map(|(zh, _, _)| zh.to_string()).collect(),
            },
            span,
        );
        None
    }

    /// Computes the score of a ratio, inverse or pass indicator, with its
    /// formula; reports why it cannot be computed otherwise.
    ///
    /// A target met by its bound earns the full weight. A missed one earns
    /// the rule's share of it, which needs positive figures (see
    /// docs/LANGUAGE.md, "Scoring"): ratio 完成值 / 指标值 (for `=`, the
    /// smaller over the larger), inverse 指标值 / 完成值 or the deviation
    /// formula. A strict bound missed at its own figure has no formula: its
    /// score must be `declared`.
    fn compute(
        &mut self,
        rule: ScoringRule,
        weight: Decimal,
        (target, bound, actual): (&ast::Value, Option<&Bound>, &ast::Value),
        declared: bool,
    ) -> Option<(Decimal, String)> {
        let actual_figure = figure_of(actual);
        let Some(bound) = bound else {
            // A text target scored by a figure rule.
            self.push(
                Diagnostic::new(
                    Kind::Incomparable {
                        target: Sort::Text,
                        actual: actual_figure.map_or(Sort::Text, sort),
                        write: None,
                    },
                    actual.span,
                )
                .with_related(target.span),
            );
            return None;
        };
        let comparable = actual_figure.filter(|a| sort(a) == sort(&bound.figure));
        let Some(actual_figure) = comparable else {
            self.push(
                Diagnostic::new(
                    Kind::Incomparable {
                        target: sort(&bound.figure),
                        actual: actual_figure.map_or(Sort::Text, sort),
                        write: actual_figure
                            .and_then(magnitude)
                            .and_then(|n| in_terms_of(n, &bound.figure))
                            .map(|f| figure_text(&f)),
                    },
                    actual.span,
                )
                .with_related(target.span),
            );
            return None;
        };
        let w = format::plain(weight);
        let full = format::earned(weight, weight);
        if rule == ScoringRule::Pass {
            let holds = holds(bound.comparator, actual_figure, &bound.figure);
            let score = if holds { full } else { round2(Decimal::ZERO) };
            let relation = if holds {
                symbol(bound.comparator)
            } else {
                negated_symbol(bound.comparator)
            };
            let formula = format!(
                "{} {relation} {} → {}",
                figure_text(actual_figure),
                figure_text(&bound.figure),
                format::score(score)
            );
            return Some((score, formula));
        }
        let (Some(t), Some(a)) = (magnitude(&bound.figure), magnitude(actual_figure)) else {
            self.error(
                Kind::RuleNeedsNumbers {
                    rule: rule.chinese(),
                },
                target.span,
            );
            return None;
        };
        if t.is_sign_negative() && !t.is_zero() {
            self.error(
                Kind::NegativeTarget {
                    rule: rule.chinese(),
                },
                target.span,
            );
            return None;
        }
        if rule == ScoringRule::Ratio && t.is_zero() {
            self.error(Kind::TargetIsZero, target.span);
            return None;
        }
        let (ts, as_) = (format::plain(t), format::plain(a));
        // Under the ratio rule a bound other than ≤ and < asks for at least
        // the target; under the inverse rule, at most.
        let comparator = match (rule, bound.comparator) {
            (ScoringRule::Ratio, Comparator::Le | Comparator::Lt) => Comparator::Ge,
            (ScoringRule::Inverse, Comparator::Ge | Comparator::Gt | Comparator::Eq) => {
                Comparator::Le
            }
            (_, c) => c,
        };
        let met = match comparator {
            Comparator::Ge => a >= t,
            Comparator::Gt => a > t,
            Comparator::Le => a <= t,
            Comparator::Lt => a < t,
            Comparator::Eq => a == t,
        };
        if met {
            let score = format::score(full);
            let formula = match rule {
                ScoringRule::Ratio => format!("{w} × min({as_} / {ts}, 1) = {score}"),
                _ => format!("{as_} {} {ts} → {score}", symbol(comparator)),
            };
            return Some((full, formula));
        }
        if a == t {
            if declared {
                return None;
            }
            self.push(
                Diagnostic::new(
                    Kind::StrictBoundMissed {
                        bound: format!("{}{}", symbol(comparator), figure_text(&bound.figure)),
                        actual: figure_text(actual_figure),
                    },
                    actual.span,
                )
                .with_related(target.span),
            );
            return None;
        }
        let earned = |kept: arith::Result| kept.map(|k| format::earned(k, weight));
        let (score, formula) = match (rule, comparator) {
            (ScoringRule::Ratio, Comparator::Eq) if a > t => (
                // Above an exact target: the target over the actual.
                earned(arith::share(weight, t, a)),
                format!("{w} × {ts} / {as_}"),
            ),
            (ScoringRule::Ratio, _) => (
                earned(arith::share(weight, a.max(Decimal::ZERO), t)),
                format!("{w} × min({as_} / {ts}, 1)"),
            ),
            // Inverse, missed: the actual is above the target, so above 0.
            (_, _) => match self.scheme.inverse {
                InverseFormula::Ratio => (
                    earned(arith::share(weight, t, a)),
                    format!("{w} × {ts} / {as_}"),
                ),
                InverseFormula::Deviation => {
                    // A target of 0 missed by any amount scores 0.
                    let kept = if t.is_zero() {
                        Ok(Decimal::ZERO)
                    } else {
                        arith::sub(a, t)
                            .and_then(|over| arith::div(over, t))
                            .and_then(|off| arith::sub(Decimal::ONE, off))
                            .map(|k| k.max(Decimal::ZERO))
                    };
                    (
                        earned(kept.and_then(|k| arith::mul(weight, k))),
                        format!("{w} × max(1 − ({as_} − {ts}) / {ts}, 0)"),
                    )
                }
            },
        };
        let score = self.checked(score, actual.span)?;
        Some((score, format!("{formula} = {}", format::score(score))))
    }

    /// An actual far above its target: the target was probably too low.
    fn overshoot(&mut self, target: &ast::Value, bound: Option<&Bound>, actual: &ast::Value) {
        let (Some(bound), Some(actual_figure)) = (bound, figure_of(actual)) else {
            return;
        };
        let (Some(t), Some(a)) = (magnitude(&bound.figure), magnitude(actual_figure)) else {
            return;
        };
        if t <= Decimal::ZERO || sort(&bound.figure) != sort(actual_figure) {
            return;
        }
        let Some(percent) = self.checked(arith::percent(a, t), actual.span) else {
            return;
        };
        let margin = self.scheme.overshoot;
        // The margin is at most the largest figure; the sum may not be.
        if let Ok(limit) = arith::add(Decimal::ONE_HUNDRED, margin)
            && percent >= limit
        {
            self.push(
                Diagnostic::new(
                    Kind::Overshoot {
                        percent: format::percent_beside(percent, limit),
                        margin: format!("{}%", format::plain(margin)),
                    },
                    actual.span,
                )
                .with_related(target.span),
            );
        }
    }

    /// Rates that cannot exceed 100%: 合格率, 满意度 and the like.
    fn percent_over_100(&mut self, name: &str, values: [&ast::Value; 2]) {
        const BOUNDED: &[&str] = &[
            "合格率",
            "满意度",
            "满意率",
            "达标率",
            "覆盖率",
            "知晓率",
            "及时率",
            "准确率",
            "正确率",
            "优良率",
            "入学率",
            "参保率",
            "兑现率",
        ];
        // Each ends in 率 or 度: most names have neither and are not searched.
        if !name.contains(['率', '度']) || !BOUNDED.iter().any(|b| name.contains(b)) {
            return;
        }
        for value in values {
            if let Some(Figure::Percent(p)) = figure_of(value)
                && *p > Decimal::ONE_HUNDRED
            {
                self.push(Diagnostic::new(
                    Kind::PercentOver100 {
                        value: format!("{p}%"),
                    },
                    value.span,
                ));
            }
        }
    }

    fn grade_band(&mut self, grade: &Spanned<Level>, score: &Spanned<Decimal>, weight: Decimal) {
        let (low, high, closed) = match grade.value {
            Level::Met => (Decimal::new(80, 2), Decimal::ONE, true),
            Level::Partial => (Decimal::new(60, 2), Decimal::new(80, 2), false),
            Level::Unmet => (Decimal::ZERO, Decimal::new(60, 2), false),
        };
        // A share of at most 1 of a weight: these products cannot overflow.
        let of_weight = |share| arith::mul(weight, share).unwrap_or(weight);
        let (low, high) = (of_weight(low), of_weight(high));
        let s = score.value;
        let inside = s >= low && if closed { s <= high } else { s < high };
        if !inside {
            self.push(
                Diagnostic::new(
                    Kind::GradeBand {
                        grade: grade.value.chinese(),
                        score: format::plain(s),
                        low: format::plain(low),
                        high: format::plain(high),
                        closed,
                    },
                    score.span,
                )
                .with_related(grade.span),
            );
        }
    }
}

/// Whether two targets say the same, however written (`≥95%`, `95%以上`).
fn same_target(a: &ast::Value, b: &ast::Value) -> bool {
    match (&a.kind, &b.kind) {
        (ValueKind::Bound(c, f), ValueKind::Bound(d, g)) => c.value == d.value && f == g,
        (x, y) => x == y,
    }
}

/// The figure `n` in the terms of `like`: `50` as `50个` under `≥50个`.
fn in_terms_of(n: Decimal, like: &Figure) -> Option<Figure> {
    match like {
        Figure::Quantity(_, unit) => Some(Figure::Quantity(n, unit.clone())),
        Figure::Percent(_) => Some(Figure::Percent(n)),
        Figure::Number(_) | Figure::Date(_) => None,
    }
}

fn figure_of(value: &ast::Value) -> Option<&Figure> {
    match &value.kind {
        ValueKind::Figure(f) | ValueKind::Bound(_, f) => Some(f),
        ValueKind::Text(_) | ValueKind::Word(_) => None,
    }
}

fn sort(figure: &Figure) -> Sort {
    match figure {
        Figure::Number(_) => Sort::Number,
        Figure::Percent(_) => Sort::Percent,
        Figure::Quantity(_, unit) => Sort::Quantity(unit.clone()),
        Figure::Date(_) => Sort::Date,
    }
}

fn magnitude(figure: &Figure) -> Option<Decimal> {
    match figure {
        Figure::Number(n) | Figure::Percent(n) | Figure::Quantity(n, _) => Some(*n),
        Figure::Date(_) => None,
    }
}

fn holds(comparator: Comparator, actual: &Figure, target: &Figure) -> bool {
    let ordering = match (actual, target) {
        (Figure::Date(a), Figure::Date(t)) => a.cmp(t),
        _ => match (magnitude(actual), magnitude(target)) {
            (Some(a), Some(t)) => a.cmp(&t),
            _ => return false,
        },
    };
    match comparator {
        Comparator::Ge => ordering.is_ge(),
        Comparator::Gt => ordering.is_gt(),
        Comparator::Le => ordering.is_le(),
        Comparator::Lt => ordering.is_lt(),
        Comparator::Eq => ordering.is_eq(),
    }
}

/// The relation that holds when `comparator` does not.
fn negated_symbol(comparator: Comparator) -> &'static str {
    match comparator {
        Comparator::Ge => "<",
        Comparator::Gt => "≤",
        Comparator::Le => ">",
        Comparator::Lt => "≥",
        Comparator::Eq => "≠",
    }
}

fn symbol(comparator: Comparator) -> &'static str {
    match comparator {
        Comparator::Ge => "≥",
        Comparator::Gt => ">",
        Comparator::Le => "≤",
        Comparator::Lt => "<",
        Comparator::Eq => "=",
    }
}

fn figure_text(figure: &Figure) -> String {
    match figure {
        Figure::Number(n) => n.to_string(),
        Figure::Percent(n) => format!("{n}%"),
        Figure::Quantity(n, unit) => format!("{n}{unit}"),
        Figure::Date(d) => format::iso_date(*d),
    }
}

/// A target as 指标性质, figure and 度量单位: `≥30个` is ≥ · 30 · 个; a
/// plain figure is an exact target (=); a text is 定性.
fn parts(value: &ast::Value) -> model::TargetParts {
    let split = |figure: &Figure| match figure {
        Figure::Number(n) => (n.to_string(), String::new()),
        Figure::Percent(n) => (n.to_string(), "%".to_string()),
        Figure::Quantity(n, unit) => (n.to_string(), unit.clone()),
        Figure::Date(d) => (format::iso_date(*d), String::new()),
    };
    let (nature, (figure, unit)) = match &value.kind {
        ValueKind::Bound(c, f) => (symbol(c.value), split(f)),
        ValueKind::Figure(f) => ("=", split(f)),
        ValueKind::Text(t) | ValueKind::Word(t) => ("定性", (t.clone(), String::new())),
    };
    model::TargetParts {
        nature: nature.to_string(),
        figure,
        unit,
    }
}

/// A target or actual value as the form prints it: `≥30个`, `95%`, text.
fn display(value: &ast::Value) -> String {
    if let Some(written) = &value.written {
        return written.clone();
    }
    match &value.kind {
        ValueKind::Figure(f) => figure_text(f),
        ValueKind::Bound(c, f) => format!("{}{}", symbol(c.value), figure_text(f)),
        ValueKind::Text(t) | ValueKind::Word(t) => t.clone(),
    }
}
