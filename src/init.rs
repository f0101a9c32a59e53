//! The file `jixiao init` writes: a new evaluation with every category of
//! the scheme stubbed, comments explaining each field, and a report in the
//! Ministry's reference outline. Everything to fill in says 待填写, which
//! `check` reports until it is replaced.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::ast::PLACEHOLDER;
use crate::format::plain;
use crate::scheme::Scheme;

/// The outline of the Ministry's reference report: chapters and sections.
const OUTLINE: &[(&str, &[&str])] = &[
    ("基本情况", &["项目概况", "资金情况"]),
    (
        "绩效目标完成情况",
        &["产出目标完成情况", "效益目标完成情况", "满意度目标完成情况"],
    ),
    ("偏差及原因", &[]),
    ("改进措施", &[]),
    ("结果应用", &[]),
];

/// A new evaluation of project `name` for `year`.
pub fn template(name: &str, year: u32) -> String {
    let scheme = Scheme::default();
    let p = PLACEHOLDER;
    let name = name
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('{', "{{")
        .replace('}', "}}");
    let mut out = String::new();
    let _ = write!(
        out,
        r#"// {year}年度项目支出绩效自评（财预〔2020〕10号）。
// 把所有“{p}”换成实际内容；`jixiao check` 会列出还没填写的地方。
// 运行 `jixiao build 本文件` 生成 PDF。

自评表 "{name}" {{
  年度 {year}
  主管部门 "{p}"
  实施单位 "{p}"

  // 金额单位：万元（或 元）。每行依次是 年初预算数、全年预算数、全年执行数；
  // 没有的写 -。年度资金总额 等于下面三行之和。分值 是预算执行率的分值。
  项目资金 万元 {{
    年度资金总额   -   -   -   分值 10
    当年财政拨款   -   -   -
    上年结转资金   -   -   -
    其他资金       -   -   -
  }}

  年度总体目标 {{
    预期目标 "{p}"
    实际完成情况 "{p}"
  }}

  // 每个三级指标：名称，然后是 指标值（年度指标值）、完成值（实际完成值）、分值，
  // 可选 得分、规则、等级、偏差。
  //   数量、质量指标：指标值 ≥30个  完成值 27个（按比例计分）
  //   成本指标：指标值 ≤3.5万元  完成值 3.8万元（反向计分）
  //   时效指标：指标值 ≤{year}-12-31  完成值 {year}-12-20（达标计分）
  //   文字指标：指标值 "明显改善"  完成值 "改善"  等级 达成  得分 9
  // 得分低于分值时，写 偏差 "原因及改进措施"。分值合计（含预算执行率）为 100。
  绩效指标 {{
"#
    );
    for level1 in &scheme.framework {
        let _ = writeln!(out, "    {} {{", level1.name.zh);
        let each =
            level1.recommended.unwrap_or_default() / Decimal::from(level1.children.len().max(1));
        for level2 in &level1.children {
            let w = plain(each);
            let _ = writeln!(
                out,
                "      {} {{\n        \"{p}：{}\"  指标值 \"{p}\"  完成值 \"{p}\"  等级 达成  分值 {w}  得分 {w}\n      }}",
                level2.zh, level2.zh
            );
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n}\n\n");
    let _ = writeln!(
        out,
        "// 自评报告：章节编号（一、（一））自动生成。正文中可以引用表中的数字，\n// 例如 {{年度资金总额.全年预算数}}、{{执行率}}、{{总分}}、{{等级}}，报告就不会与表矛盾。\n自评报告 \"{name}\" {{\n  副标题 \"{year}年度项目支出绩效自评报告\""
    );
    for (chapter, sections) in OUTLINE {
        let _ = writeln!(out, "  章 \"{chapter}\" {{");
        if sections.is_empty() {
            let _ = writeln!(out, "    \"{p}\"");
        }
        for section in *sections {
            let _ = writeln!(out, "    节 \"{section}\"\n      \"{p}\"");
        }
        out.push_str("  }\n");
    }
    let _ = writeln!(out, "  落款 \"{p}\" {}-02-28\n}}", year + 1);
    out
}

#[cfg(test)]
mod tests {
    use super::template;
    use crate::diag::Severity;

    #[test]
    fn a_new_file_checks_with_only_the_stub_warnings() {
        let source = template("测试项目", 2024);
        let checked = crate::compile(&source);
        let codes: Vec<_> = checked
            .diagnostics
            .iter()
            .map(|d| (d.code(), d.severity()))
            .collect();
        assert!(checked.model.is_some(), "{codes:?}");
        assert!(
            codes
                .iter()
                .all(|(c, s)| *s == Severity::Warning && (*c == "W604" || *c == "W307")),
            "{codes:?}"
        );
        let model = checked.model.unwrap();
        assert_eq!(crate::format::plain(model.evaluation.total_weight), "100");
        assert_eq!(
            model
                .evaluation
                .categories
                .iter()
                .map(|c| c.categories.len())
                .sum::<usize>(),
            9
        );
    }
}
