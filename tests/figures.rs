//! The invariants of the figures, over files generated with figures across
//! the whole range a Decimal holds: 0, 10⁻²⁸, 28 digits, negatives, many
//! tiny weights. Each file goes through check, json, typst and summary.
//!
//! - nothing panics;
//! - 0 ≤ 得分 ≤ 分值 for every indicator and for budget execution, and every
//!   score has two decimals;
//! - 总分 ≤ the scheme's total, and the printed scores add up to 总分;
//! - a file checks clean only when its weights add up to the total exactly,
//!   as computed here in integers, independently of the checker;
//! - `diff` finds no change between a model and itself, and, between two
//!   files, a change exactly when their textconv views differ.
//!
//! The generator is seeded (`JIXIAO_FIGURES_SEED`, `JIXIAO_FIGURES_CASES`),
//! so a failure names the seed and the case that reproduces it.

mod support;

use jixiao::diag::{Lang, RenderOptions};
use jixiao::model::Model;
use rust_decimal::Decimal;

/// SplitMix64: small, seeded, good enough to spread cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Figures as most forms have them.
const TYPICAL: &[&str] = &[
    "1", "27", "30", "95", "100", "0.5", "12.345", "2650", "3000",
];

/// Figures for targets, actuals and amounts, from the edges of the range.
const EDGES: &[&str] = &[
    "0",
    "0.0000000000000000000000000001",
    "9999999999999999999999999999",
    "79228162514264337593543950335",
    "7922816251426433759354395033.5",
    "-5",
    "-0.4",
    "-0.1",
    "-10",
    "99.99999999999999999999999997",
];

/// Weights as most forms have them.
const TYPICAL_WEIGHTS: &[&str] = &["5", "10", "12.5", "15", "20", "30"];

/// Weights: small enough for the exact sums below to fit an i128 at 28
/// decimal places, fine enough to test the rounding.
const WEIGHTS: &[&str] = &[
    "0",
    "0.004",
    "0.0000000000000000000000000001",
    "16.665",
    "16.67",
    "12.5",
    "10",
    "15",
    "30",
    "50",
    "3.333",
    "99.99999999999999999999999997",
    "-5",
];

/// A figure from the edges `edge` percent of the time, a typical one
/// otherwise.
fn figure(rng: &mut Rng, edge: u64) -> &'static str {
    if rng.chance(edge) {
        rng.pick(EDGES)
    } else {
        rng.pick(TYPICAL)
    }
}

const BOUNDS: &[&str] = &["", "≥", "≤", ">", "<", "=", ">=", "<="];
const UNITS: &[&str] = &["", "个", "%", "万元"];

/// A decimal string as an integer count of 10⁻²⁸, when it fits.
fn units(figure: &str) -> Option<i128> {
    let (sign, digits) = match figure.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, figure),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if fraction.len() > 28 {
        return None;
    }
    let padded = format!("{whole}{fraction:0<28}");
    padded.parse::<i128>().ok().map(|n| sign * n)
}

/// The decimal string of a count of 10⁻²⁸.
fn decimal_of(units: i128) -> String {
    let sign = if units < 0 { "-" } else { "" };
    let digits = format!("{:029}", units.unsigned_abs());
    let (whole, fraction) = digits.split_at(digits.len() - 28);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

struct Case {
    source: String,
    /// The exact sum of every weight written, in 10⁻²⁸.
    weights: i128,
    /// The scheme's total, in 10⁻²⁸.
    total: i128,
}

fn generate(rng: &mut Rng) -> Case {
    // How often a figure comes from the edges: rarely in some files, so
    // that many check clean and reach the scores, often in others.
    let edge = [3, 10, 40][rng.below(3)];
    let total: i128 = if rng.chance(20) { 15 } else { 100 };
    let mut s = String::from(
        "自评表 \"生成的项目\" {\n  年度 2022\n  主管部门 \"某局\"\n  实施单位 \"某中心\"\n",
    );
    if total != 100 || rng.chance(20) {
        s.push_str("  评分方案 {\n");
        if total != 100 {
            s.push_str(&format!(
                "    总分 {total}\n    等级 {{ 优 13  良 12  中 9  差 0 }}\n"
            ));
        }
        if rng.chance(50) {
            s.push_str("    反向公式 偏离\n");
        }
        s.push_str("  }\n");
    }
    // Funds: rows that add up when the sum can be written.
    let unit = if rng.chance(30) { "元" } else { "万元" };
    let rows: Vec<[&str; 3]> = (0..3)
        .map(|_| {
            [(); 3].map(|_| {
                if rng.chance(25) {
                    "-"
                } else {
                    figure(rng, edge)
                }
            })
        })
        .collect();
    let total_cell = |column: usize, rng: &mut Rng| -> String {
        // Mostly the sum of the rows, when it can be written.
        let sum: Option<i128> = rows.iter().try_fold(0i128, |acc, r| {
            let cell = if r[column] == "-" {
                Some(0)
            } else {
                units(r[column])
            };
            acc.checked_add(cell?)
        });
        match sum {
            Some(sum) if rng.chance(95) => decimal_of(sum),
            _ => figure(rng, edge).to_string(),
        }
    };
    let totals: Vec<String> = (0..3).map(|c| total_cell(c, rng)).collect();
    let mut weights: Vec<String> = Vec::new();
    let funds_weight = rng.chance(80).then(|| weight(rng, edge));
    s.push_str(&format!(
        "  项目资金 {unit} {{\n    年度资金总额 {} {} {}",
        totals[0], totals[1], totals[2]
    ));
    if let Some(w) = &funds_weight {
        s.push_str(&format!(" 分值 {w}"));
        weights.push(w.clone());
    }
    s.push('\n');
    for (label, row) in ["当年财政拨款", "上年结转资金", "其他资金"]
        .iter()
        .zip(&rows)
    {
        s.push_str(&format!("    {label} {} {} {}\n", row[0], row[1], row[2]));
    }
    s.push_str("  }\n  年度总体目标 {\n    预期目标 \"目标。\"\n    实际完成情况 \"完成。\"\n  }\n  绩效指标 {\n");
    // Indicators in the three 一级 categories.
    let count = 1 + rng.below(4);
    let mut lines: Vec<(usize, String)> = Vec::new();
    for i in 0..count {
        let weight = weight(rng, edge);
        weights.push(weight.clone());
        lines.push((rng.below(3), indicator(rng, i, &weight, edge)));
    }
    // Often make the weights add up, so that many files check clean.
    let sum: Option<i128> = weights
        .iter()
        .try_fold(0i128, |acc, w| acc.checked_add(units(w)?));
    if let Some(sum) = sum
        && rng.chance(90)
    {
        let rest = total * 10i128.pow(28) - sum;
        if rest >= 0 {
            let w = decimal_of(rest);
            lines.push((rng.below(3), indicator(rng, count, &w, edge)));
            weights.push(w);
        }
    }
    for (category, (level1, level2)) in [
        ("产出指标", "数量指标"),
        ("效益指标", "社会效益指标"),
        ("满意度指标", "服务对象满意度指标"),
    ]
    .iter()
    .enumerate()
    {
        let mine: Vec<&String> = lines
            .iter()
            .filter(|(c, _)| *c == category)
            .map(|(_, l)| l)
            .collect();
        if mine.is_empty() {
            continue;
        }
        s.push_str(&format!("    {level1} {{\n      {level2} {{\n"));
        for line in mine {
            s.push_str(&format!("        {line}\n"));
        }
        s.push_str("      }\n    }\n");
    }
    s.push_str("  }\n}\n");
    let exact = weights
        .iter()
        .try_fold(0i128, |acc, w| acc.checked_add(units(w)?));
    Case {
        source: s,
        // Every weight is in WEIGHTS or made to fit, so the sum is exact.
        weights: exact.expect("generated weights fit an i128"),
        total: total * 10i128.pow(28),
    }
}

fn weight(rng: &mut Rng, edge: u64) -> String {
    let pool = if rng.chance(edge) {
        WEIGHTS
    } else {
        TYPICAL_WEIGHTS
    };
    rng.pick(pool).to_string()
}

fn indicator(rng: &mut Rng, i: usize, weight: &str, edge: u64) -> String {
    let unit = rng.pick(UNITS);
    let bound = rng.pick(BOUNDS);
    let target = figure(rng, edge);
    let actual = figure(rng, edge);
    let mut line =
        format!("\"指标{i}\" 指标值 {bound}{target}{unit} 完成值 {actual}{unit} 分值 {weight}");
    match rng.below(12) {
        0 => line.push_str(" 规则 达标"),
        1 => line.push_str(&format!(" 规则 人工 得分 {}", self::weight(rng, edge))),
        2 => line.push_str(" 规则 反向"),
        3 => line.push_str(&format!(" 得分 {}", self::weight(rng, edge))),
        _ => {}
    }
    if rng.chance(50) {
        line.push_str(" 偏差 \"说明。\"");
    }
    line
}

/// Every invariant of one checked file, compared too with the `previous`
/// file that checked clean; `Err` says which failed, `Ok` the model when
/// the file checked clean.
fn invariants(case: &Case, previous: Option<&Model>) -> Result<Option<Model>, String> {
    let checked = jixiao::compile(&case.source);
    for lang in [Lang::Zh, Lang::En] {
        let options = RenderOptions {
            lang,
            color: false,
            width: 80,
        };
        jixiao::diag::render(&checked.diagnostics, "gen.jx", &case.source, options);
    }
    let Some(model) = &checked.model else {
        return Ok(None);
    };
    serde_json::to_string(model).map_err(|e| e.to_string())?;
    jixiao::emit(model);
    // A summary of many copies may overflow, but never panics.
    let _ = jixiao::summary::summarize(&[model, model, model]);
    let _ = jixiao::emit_bundle(&[model, model], "汇编");
    if case.weights != case.total {
        return Err(format!(
            "checks clean, but its weights add up to {} and the total is {}",
            decimal_of(case.weights),
            decimal_of(case.total)
        ));
    }
    scores_hold(model, checked.scheme.total)?;
    compared(model, previous)?;
    Ok(checked.model)
}

/// `diff` of a model with itself finds no change; with another, its answer
/// agrees with the textconv views, whose lines differ exactly when the
/// meaning does; both render in both languages.
fn compared(model: &Model, previous: Option<&Model>) -> Result<(), String> {
    use jixiao::diff::{diff, render, textconv};
    if !diff(model, model).same {
        return Err(format!("differs from itself: {:?}", diff(model, model)));
    }
    let Some(other) = previous else {
        return Ok(());
    };
    let d = diff(other, model);
    serde_json::to_string(&d).map_err(|e| e.to_string())?;
    for lang in [Lang::Zh, Lang::En] {
        let rendered = render(&d, lang);
        let same_lines = textconv(other, lang) == textconv(model, lang);
        if d.same != same_lines {
            return Err(format!(
                "diff says same: {}, textconv says same: {same_lines}\n{rendered}",
                d.same
            ));
        }
    }
    Ok(())
}

fn scores_hold(model: &Model, total: Decimal) -> Result<(), String> {
    let e = &model.evaluation;
    let in_range = |what: &str, score: Decimal, weight: Decimal| {
        if score < Decimal::ZERO || score > weight || score.scale() != 2 {
            Err(format!("{what}: 得分 {score} with 分值 {weight}"))
        } else {
            Ok(())
        }
    };
    let mut sum = Decimal::ZERO;
    if let (Some(score), Some(weight)) = (e.funds.score, e.funds.weight) {
        in_range("budget execution", score, weight)?;
        sum += score;
    }
    for level1 in &e.categories {
        for level2 in &level1.categories {
            for i in &level2.indicators {
                in_range(&i.name, i.score, i.weight)?;
                sum += i.score;
            }
        }
    }
    if sum != e.total_score {
        return Err(format!(
            "the scores add up to {sum}, 总分 is {}",
            e.total_score
        ));
    }
    if e.total_score > total {
        return Err(format!("总分 {} above the total {total}", e.total_score));
    }
    Ok(())
}

#[test]
fn figures_across_the_whole_range_keep_every_invariant() {
    let seed: u64 = std::env::var("JIXIAO_FIGURES_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6A69_7869_616F);
    let cases: usize = std::env::var("JIXIAO_FIGURES_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000);
    let mut rng = Rng(seed);
    let mut clean = 0;
    let mut previous: Option<Model> = None;
    for n in 0..cases {
        let case = generate(&mut rng);
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            invariants(&case, previous.as_ref())
        }));
        match outcome {
            Ok(Ok(Some(model))) => {
                clean += 1;
                previous = Some(model);
            }
            Ok(Ok(None)) => {}
            Ok(Err(why)) => panic!("case {n} (seed {seed}): {why}\n{}", case.source),
            Err(_) => panic!("case {n} (seed {seed}) panicked\n{}", case.source),
        }
    }
    eprintln!("{clean} of {cases} generated files check clean");
    // The generator must reach the interesting part: files that check clean.
    assert!(
        clean * 10 >= cases,
        "only {clean} of {cases} generated files check clean"
    );
}

#[test]
fn the_exact_sums_here_are_exact() {
    assert_eq!(
        units("16.665"),
        Some(166_650_000_000_000_000_000_000_000_000)
    );
    assert_eq!(decimal_of(units("-0.4").unwrap()), "-0.4");
    assert_eq!(
        decimal_of(units("99.99999999999999999999999997").unwrap()),
        "99.99999999999999999999999997"
    );
    assert_eq!(units("0.0000000000000000000000000001"), Some(1));
    assert_eq!(units("0.00000000000000000000000000001"), None);
}

// ------------------------------------------------------- the cases seen

/// An evaluation with the given funds row and indicators (in 数量指标).
fn evaluation(funds: &str, indicators: &str) -> String {
    format!(
        "自评表 \"项目\" {{\n  年度 2022\n  主管部门 \"某局\"\n  实施单位 \"某中心\"\n  项目资金 {{\n    {funds}\n  }}\n  年度总体目标 {{\n    预期目标 \"目标。\"\n    实际完成情况 \"完成。\"\n  }}\n  绩效指标 {{\n    产出指标 {{\n      数量指标 {{\n{indicators}\n      }}\n    }}\n  }}\n}}\n"
    )
}

fn outcome(source: &str) -> (Vec<String>, Option<String>, Vec<&'static str>) {
    let checked = jixiao::compile(source);
    let codes = checked.diagnostics.iter().map(|d| d.code()).collect();
    let Some(model) = checked.model else {
        return (Vec::new(), None, codes);
    };
    let e = model.evaluation;
    let scores = e
        .categories
        .iter()
        .flat_map(|l| &l.categories)
        .flat_map(|c| &c.indicators)
        .map(|i| i.score.to_string())
        .collect();
    (scores, Some(e.total_score.to_string()), codes)
}

#[test]
fn weights_finer_than_scores_never_print_a_score_above_the_weight() {
    // Seen: 16.67 printed under 分值 16.665, and 总分 100.01.
    let source = evaluation(
        "年度资金总额 100 100 100 分值 50\n    当年财政拨款 100 100 100",
        "\"一\" 指标值 ≥1个 完成值 1个 分值 16.665\n\"二\" 指标值 ≥1个 完成值 1个 分值 16.665\n\"三\" 指标值 ≥1个 完成值 1个 分值 16.67",
    );
    let (scores, total, codes) = outcome(&source);
    assert_eq!(scores, ["16.66", "16.66", "16.67"]);
    assert_eq!(total.as_deref(), Some("99.99"));
    assert_eq!(codes.iter().filter(|c| **c == "W511").count(), 2);
}

#[test]
fn tiny_weights_are_warned_about_not_lost_silently() {
    // Seen: five weights of 0.004, all met, lost their points silently.
    let tiny = (1..=5)
        .map(|i| format!("\"小{i}\" 指标值 ≥1个 完成值 1个 分值 0.004"))
        .collect::<Vec<_>>()
        .join("\n");
    let source = evaluation(
        "年度资金总额 100 100 100 分值 10\n    当年财政拨款 100 100 100",
        &format!("{tiny}\n\"大\" 指标值 ≥1个 完成值 1个 分值 89.98"),
    );
    let (scores, total, codes) = outcome(&source);
    assert_eq!(scores[..5], ["0.00"; 5]);
    assert_eq!(total.as_deref(), Some("99.98"));
    assert_eq!(codes.iter().filter(|c| **c == "W511").count(), 5);
}

#[test]
fn negative_targets_are_errors_not_extra_points() {
    // Seen: `≤-0.4个` with -0.1 scored 200 and 总分 250; `≥-5` with -10 got
    // full marks.
    for indicator in [
        "\"降\" 指标值 ≤-0.4个 完成值 -0.1个 分值 90",
        "\"增\" 指标值 ≥-5% 完成值 -10% 分值 90",
    ] {
        let source = evaluation(
            "年度资金总额 100 100 100 分值 10\n    当年财政拨款 100 100 100",
            indicator,
        );
        let (_, total, codes) = outcome(&source);
        assert_eq!(total, None, "{indicator}");
        assert!(codes.contains(&"E409"), "{indicator}: {codes:?}");
    }
    // The pass rule scores them by the bound.
    let source = evaluation(
        "年度资金总额 100 100 100 分值 10\n    当年财政拨款 100 100 100",
        "\"降\" 指标值 ≤-0.4个 完成值 -0.1个 分值 45 规则 达标 偏差 \"未达到。\"\n\"增\" 指标值 ≥-5% 完成值 -4% 分值 45 规则 达标",
    );
    let (scores, total, _) = outcome(&source);
    assert_eq!(scores, ["0.00", "45.00"]);
    assert_eq!(total.as_deref(), Some("55.00"));
}

#[test]
fn a_strict_bound_at_its_figure_is_not_met() {
    // Seen: `<10` with actual 10 got full marks.
    let funds = "年度资金总额 100 100 100 分值 10\n    当年财政拨款 100 100 100";
    let (_, total, codes) = outcome(&evaluation(
        funds,
        "\"次数\" 指标值 <10次 完成值 10次 分值 90",
    ));
    assert_eq!(total, None);
    assert!(codes.contains(&"E510"), "{codes:?}");
    // With a declared score it checks clean, and the score is the one written.
    let (scores, total, _) = outcome(&evaluation(
        funds,
        "\"次数\" 指标值 <10次 完成值 10次 分值 90 得分 80 偏差 \"等于上限。\"",
    ));
    assert_eq!(scores, ["80.00"]);
    assert_eq!(total.as_deref(), Some("90.00"));
    // `=` above its target is missed too: 90 × 100 / 125.
    let (scores, _, _) = outcome(&evaluation(
        funds,
        "\"率\" 指标值 =100% 完成值 125% 分值 90 偏差 \"超出。\"",
    ));
    assert_eq!(scores, ["72.00"]);
}

#[test]
fn the_totals_of_files_that_each_check_clean_may_not_fit() {
    // Seen: the 合计 row of `summary` and of a bundle panicked.
    let dir = tempfile::tempdir().unwrap();
    let big = "79228162514264337593543950335";
    let source = evaluation(
        &format!("年度资金总额 {big} {big} {big} 分值 10\n    当年财政拨款 {big} {big} {big}"),
        "\"数\" 指标值 ≥1个 完成值 1个 分值 90",
    );
    let (a, b) = (dir.path().join("a.jx"), dir.path().join("b.jx"));
    std::fs::write(&a, &source).unwrap();
    std::fs::write(&b, &source).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    assert_eq!(support::jixiao(&["check", a, b], &[]).code, 0);
    let summary = support::jixiao(&["--lang", "zh", "summary", a, b], &[]);
    assert_eq!(summary.code, 1, "{}", summary.transcript());
    assert!(
        summary.stderr.contains("2 个文件的合计太大，无法计算"),
        "{}",
        summary.stderr
    );
    let out = dir.path().join("汇编.pdf");
    let bundle = support::jixiao(&["build", "--bundle", out.to_str().unwrap(), a, b], &[]);
    assert_eq!(bundle.code, 1, "{}", bundle.transcript());
    assert!(
        bundle.stderr.contains("too large to compute"),
        "{}",
        bundle.stderr
    );
    assert!(!out.exists());
}

#[test]
fn grades_follow_a_total_other_than_100() {
    // Seen: with a scheme total of 15, a full 15 was graded 差.
    let source = evaluation(
        "年度资金总额 100 100 100 分值 5\n    当年财政拨款 100 100 100",
        "\"数\" 指标值 ≥1个 完成值 1个 分值 10",
    )
    .replace("  项目资金", "  评分方案 {\n    总分 15\n  }\n  项目资金");
    let checked = jixiao::compile(&source);
    let model = checked.model.expect("checks clean");
    assert_eq!(model.evaluation.grade, "优");
    let thresholds: Vec<String> = checked
        .scheme
        .grades
        .iter()
        .map(|(_, t)| t.normalize().to_string())
        .collect();
    assert_eq!(thresholds, ["13.5", "12", "9", "0"]);
}

#[test]
fn funds_figures_stated_by_hand_are_checked_and_the_right_ones_pass() {
    let funds = |rate: &str, score: &str| {
        format!(
            "年度资金总额 43.2 43.2 37.24 分值 10 执行率 {rate} 得分 {score}\n    当年财政拨款 43.2 43.2 37.24 执行率 {rate}\n    偏差 \"延期支付。\""
        )
    };
    let indicator = "\"数\" 指标值 ≥1个 完成值 1个 分值 90";
    let (_, total, codes) = outcome(&evaluation(&funds("86.20%", "8.62"), indicator));
    assert_eq!(total.as_deref(), Some("98.62"), "{codes:?}");
    let (_, total, codes) = outcome(&evaluation(&funds("86%", "9"), indicator));
    assert_eq!(total, None);
    assert_eq!(
        codes
            .iter()
            .filter(|c| ["E308", "E309"].contains(c))
            .count(),
        3,
        "{codes:?}"
    );
}
