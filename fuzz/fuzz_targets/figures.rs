//! Files whose figures come from the fuzzer's bytes, near the limits of a
//! Decimal (28 significant digits, 10⁻²⁸, negatives, zero): checking,
//! emitting and summarising never panic, and a file that checks clean keeps
//! the invariants of its figures (0 ≤ 得分 ≤ 分值, the printed scores add up
//! to 总分, 总分 ≤ the scheme's total).
#![no_main]

use jixiao::model::Model;
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

/// Reads figures out of the fuzzer's bytes.
struct Figures<'a>(std::slice::Iter<'a, u8>);

impl Figures<'_> {
    fn byte(&mut self) -> u8 {
        self.0.next().copied().unwrap_or(0)
    }

    /// A figure of 1 to 29 digits with the decimal point anywhere, maybe
    /// negative; small bytes give the figures forms have.
    fn figure(&mut self) -> String {
        let head = self.byte();
        if head < 128 {
            return (head % 101).to_string();
        }
        let digits = 1 + usize::from(self.byte() % 29);
        let mut text: String = (0..digits)
            .map(|_| char::from(b'0' + self.byte() % 10))
            .collect();
        let point = usize::from(self.byte()) % (digits + 1);
        if point < digits {
            text.insert(point, '.');
            if point == 0 {
                text.insert(0, '0');
            }
        }
        if head % 4 == 0 {
            text.insert(0, '-');
        }
        text
    }

    fn pick<'s>(&mut self, items: &[&'s str]) -> &'s str {
        items[usize::from(self.byte()) % items.len()]
    }
}

fn source(bytes: &[u8]) -> String {
    let mut f = Figures(bytes.iter());
    let mut s = String::from("自评表 \"项目\" {\n  年度 2022\n  主管部门 \"局\"\n  实施单位 \"中心\"\n");
    if f.byte() % 4 == 0 {
        s.push_str(&format!("  评分方案 {{\n    总分 {}\n    反向公式 偏离\n    超额比例 {}%\n  }}\n", f.figure(), f.figure()));
    }
    s.push_str(&format!("  项目资金 {} {{\n", f.pick(&["万元", "元"])));
    for row in ["年度资金总额", "当年财政拨款", "上年结转资金", "其他资金"] {
        s.push_str(&format!("    {row} {} {} {}", f.figure(), f.figure(), f.figure()));
        if row == "年度资金总额" {
            s.push_str(&format!(" 分值 {}", f.figure()));
        }
        s.push('\n');
    }
    s.push_str("  }\n  年度总体目标 {\n    预期目标 \"目标\"\n    实际完成情况 \"完成\"\n  }\n  绩效指标 {\n    产出指标 {\n      数量指标 {\n");
    let count = 1 + f.byte() % 6;
    for i in 0..count {
        let bound = f.pick(&["≥", "≤", ">", "<", "=", ""]);
        let unit = f.pick(&["个", "%", ""]);
        s.push_str(&format!(
            "        \"指标{i}\" 指标值 {bound}{}{unit} 完成值 {}{unit} 分值 {}",
            f.figure(),
            f.figure(),
            f.figure()
        ));
        match f.byte() % 6 {
            0 => s.push_str(&format!(" 得分 {}", f.figure())),
            1 => s.push_str(&format!(" 规则 人工 得分 {}", f.figure())),
            2 => s.push_str(" 规则 达标"),
            _ => {}
        }
        s.push_str(" 偏差 \"说明\"\n");
    }
    s.push_str("      }\n    }\n  }\n}\n");
    s
}

fn invariants(model: &Model, total: Decimal) {
    let e = &model.evaluation;
    let mut sum = Decimal::ZERO;
    let mut scored = |score: Decimal, weight: Decimal| {
        assert!(score >= Decimal::ZERO && score <= weight, "得分 {score}, 分值 {weight}");
        assert_eq!(score.scale(), 2);
        sum += score;
    };
    if let (Some(score), Some(weight)) = (e.funds.score, e.funds.weight) {
        scored(score, weight);
    }
    for indicator in e.categories.iter().flat_map(|l| &l.categories).flat_map(|c| &c.indicators) {
        scored(indicator.score, indicator.weight);
    }
    assert_eq!(sum, e.total_score);
    assert!(e.total_score <= total);
}

fuzz_target!(|data: &[u8]| {
    let source = source(data);
    let checked = jixiao::compile(&source);
    let Some(model) = &checked.model else {
        return;
    };
    invariants(model, checked.scheme.total);
    let _ = jixiao::emit(model);
    let _ = serde_json::to_string(model);
    let _ = jixiao::summary::summarize(&[model, model]);
    let _ = jixiao::emit_bundle(&[model, model], "汇编");
});
