//! Hover: the figures the checker computed for the place under the cursor —
//! an indicator's score with its rule and formula, a funds row's 执行率 (and
//! on 年度资金总额 the score of budget execution), a category's subtotal, the
//! evaluation's 总分 and grade.

use rust_decimal::Decimal;

use crate::check::{Checked, Computed};
use crate::diag::Lang;
use crate::format;
use crate::model::{FundsRow, Indicator, ScoringRule};
use crate::span::Span;
use crate::summary::Row;
use crate::template::FundsLayout;

/// The innermost computed place under byte `offset`, and what to show there
/// (Markdown).
pub fn hover(checked: &Checked, offset: usize, lang: Lang) -> Option<(Span, String)> {
    let (span, computed) = checked
        .computed
        .iter()
        .filter(|(span, _)| span.start <= offset && offset < span.end)
        .min_by_key(|(span, _)| span.len())?;
    let text = match computed {
        Computed::Indicator(indicator) => self::indicator(indicator, lang),
        Computed::FundsRow {
            row,
            label,
            unit,
            weight,
            score,
        } => funds_row(
            row,
            label,
            unit,
            (*weight, *score),
            checked.template.funds(),
            lang,
        ),
        Computed::Category {
            level,
            name,
            weight,
            score,
        } => category(*level, name, *weight, *score, lang),
        Computed::Project(row) => project(row, lang),
        Computed::Total {
            weight,
            score,
            grade,
        } => match lang {
            Lang::Zh => format!(
                "**总分 {}** / {} · 自评等级 **{}**",
                format::score(*score),
                format::plain(*weight),
                escape(grade)
            ),
            Lang::En => format!(
                "**Total {}** / {} · grade **{}**",
                format::score(*score),
                format::plain(*weight),
                escape(grade)
            ),
        },
    };
    Some((*span, text))
}

/// A listed project's row of the summary (amounts in 万元).
fn project(row: &Row, lang: Lang) -> String {
    let money =
        |v: Option<Decimal>| v.map_or("—".to_string(), |v| format::plain(format::round2(v)));
    let [budget, executed, rate, score, grade] = match lang {
        Lang::Zh => ["全年预算数", "全年执行数", "执行率", "自评得分", "等级"],
        Lang::En => ["annual budget", "executed", "execution", "score", "grade"],
    };
    format!(
        "**{}**\n\n{budget} {} 万元 · {executed} {} 万元 · {rate} {}\n\n{score} **{}** · {grade} **{}**",
        escape(&row.name),
        money(row.annual_budget),
        money(row.executed),
        row.execution_rate.map_or("—".to_string(), format::percent),
        format::score(row.total_score),
        escape(&row.grade)
    )
}

fn indicator(indicator: &Indicator, lang: Lang) -> String {
    let zh = lang == Lang::Zh;
    let mut lines = Vec::new();
    lines.push(format!("**{}**", escape(&indicator.name)));
    let score = format::score(indicator.score);
    let weight = format::plain(indicator.weight);
    lines.push(if zh {
        format!("得分 **{score}** / 分值 {weight}")
    } else {
        format!("score **{score}** / weight {weight}")
    });
    lines.push(rule(indicator.rule, lang).to_string());
    if let Some(formula) = &indicator.formula {
        lines.push(format!("`{formula}`"));
    }
    if let Some(grade) = indicator.grade {
        lines.push(if zh {
            format!("等级：{}", grade.chinese())
        } else {
            format!("grade: {}", grade.chinese())
        });
    }
    if indicator.score_declared {
        lines.push(
            if zh {
                "得分为文件所写，已核对在规则允许的范围内"
            } else {
                "the score is the one written in the file, checked against the rule"
            }
            .to_string(),
        );
    }
    lines.push(if zh {
        format!(
            "指标值 {} · 完成值 {}",
            escape(&indicator.target),
            escape(&indicator.actual)
        )
    } else {
        format!(
            "target {} · actual {}",
            escape(&indicator.target),
            escape(&indicator.actual)
        )
    });
    if let Some(a) = &indicator.adjustment {
        let date = crate::format::iso_date(a.date);
        lines.push(if zh {
            format!(
                "{date} 由 {} 调整：{}",
                escape(&a.declared),
                escape(&a.reason)
            )
        } else {
            format!(
                "adjusted on {date} from {}: {}",
                escape(&a.declared),
                escape(&a.reason)
            )
        });
    }
    lines.join("\n\n")
}

/// The rule and how it scores, in words.
fn rule(rule: ScoringRule, lang: Lang) -> &'static str {
    match (rule, lang) {
        (ScoringRule::Ratio, Lang::Zh) => "规则：比例，分值 × min(完成值 ÷ 指标值, 1)",
        (ScoringRule::Ratio, Lang::En) => "rule: ratio, weight × min(actual ÷ target, 1)",
        (ScoringRule::Inverse, Lang::Zh) => {
            "规则：反向（越低越好），完成值不超过指标值得满分，否则按评分方案的反向公式扣分"
        }
        (ScoringRule::Inverse, Lang::En) => {
            "rule: inverse (lower is better), full weight when the actual is within the target, else reduced by the scheme's inverse formula"
        }
        (ScoringRule::Pass, Lang::Zh) => "规则：达标，达到指标值得满分，否则 0 分",
        (ScoringRule::Pass, Lang::En) => "rule: pass, full weight when the target is met, else 0",
        (ScoringRule::Graded, Lang::Zh) => {
            "规则：定性，达成 80%–100%、部分达成 60%–80%、未达成 0–60% 的分值"
        }
        (ScoringRule::Graded, Lang::En) => {
            "rule: graded, met 80–100%, partial 60–80%, unmet 0–60% of the weight"
        }
        (ScoringRule::Manual, Lang::Zh) => "规则：人工，所写得分在 0 与分值之间",
        (ScoringRule::Manual, Lang::En) => {
            "rule: manual, the score written, between 0 and the weight"
        }
        (ScoringRule::Execution, Lang::Zh) => {
            "规则：执行率，分值 × min(全年执行数 ÷ 全年预算数, 1)，数字取自部门预算的合计行"
        }
        (ScoringRule::Execution, Lang::En) => {
            "rule: execution, weight × min(executed ÷ annual budget, 1), from the total row of the budget (部门预算)"
        }
    }
}

/// A funds row's amounts under the labels of the form's columns, and its
/// 执行率 over the amount the form divides by (全年预算数, or 年初预算数 on a
/// form without it).
fn funds_row(
    row: &FundsRow,
    label: &str,
    unit: &str,
    (weight, score): (Option<Decimal>, Option<Decimal>),
    layout: &FundsLayout,
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let amount = |a: Option<Decimal>| a.map_or("-".to_string(), |a| a.to_string());
    let of = |index: usize| match index {
        0 => row.initial_budget,
        1 => row.annual_budget,
        _ => row.executed,
    };
    let mut lines = vec![if zh {
        format!("**{label}**（{unit}）")
    } else {
        format!("**{label}** ({unit})")
    }];
    let english = ["initial budget", "annual budget", "executed"];
    let amounts: Vec<String> = layout
        .columns
        .iter()
        .filter_map(|c| c.kind.amount().map(|index| (c, index)))
        .map(|(c, index)| {
            let name = if zh {
                c.label.as_str()
            } else {
                english.get(index).copied().unwrap_or_default()
            };
            format!("{name} {}", amount(of(index)))
        })
        .collect();
    lines.push(amounts.join(" · "));
    let (annual, executed) = (amount(of(layout.base())), amount(row.executed));
    let base = if layout.base() == 1 {
        ("全年预算数", "annual budget")
    } else {
        ("年初预算数", "initial budget")
    };
    lines.push(match (row.execution_rate, zh) {
        (Some(rate), true) => format!(
            "执行率 **{}** = {executed} ÷ {annual} × 100%",
            format::percent(rate)
        ),
        (Some(rate), false) => format!(
            "execution rate **{}** = {executed} ÷ {annual} × 100%",
            format::percent(rate)
        ),
        (None, true) => format!("执行率：无（{}或全年执行数未填，或预算为 0）", base.0),
        (None, false) => format!(
            "execution rate: none (the {} or the amount executed is blank, or the budget is 0)",
            base.1
        ),
    });
    // Only the total carries the weight and score of budget execution.
    if let (Some(weight), Some(score)) = (weight, score) {
        let w = format::plain(weight);
        lines.push(if zh {
            format!(
                "预算执行率得分 **{}** / 分值 {w}\n\n`{w} × min({executed} / {annual}, 1) = {}`",
                format::score(score),
                format::score(score)
            )
        } else {
            format!(
                "budget execution score **{}** / weight {w}\n\n`{w} × min({executed} / {annual}, 1) = {}`",
                format::score(score),
                format::score(score)
            )
        });
    }
    lines.join("\n\n")
}

fn category(level: u8, name: &str, weight: Decimal, score: Decimal, lang: Lang) -> String {
    let (score, weight) = (format::score(score), format::plain(weight));
    match lang {
        Lang::Zh => format!(
            "**{}**（{}级指标）\n\n得分小计 **{score}** / 分值 {weight}",
            escape(name),
            if level == 1 { "一" } else { "二" }
        ),
        Lang::En => format!(
            "**{}** (level-{level} category)\n\nsubtotal **{score}** / weight {weight}",
            escape(name)
        ),
    }
}

/// User text in Markdown: punctuation that Markdown reads is escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
