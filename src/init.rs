//! The file `jixiao init` writes: a new evaluation with every category of
//! the scheme stubbed, comments explaining each field, and a report in the
//! Ministry's reference outline. Everything to fill in says 待填写, which
//! `check` reports until it is replaced.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use crate::arith;
use crate::ast::PLACEHOLDER;
use crate::format::plain;
use crate::template::{Form, Template, strip_part};

/// A report's outline: chapters and their sections.
type Outline = &'static [(&'static str, &'static [&'static str])];

/// The outline of the Ministry's reference report: chapters and sections.
const OUTLINE: Outline = &[
    ("基本情况", &["项目概况", "资金情况"]),
    (
        "绩效目标完成情况",
        &["产出目标完成情况", "效益目标完成情况", "满意度目标完成情况"],
    ),
    ("偏差及原因", &[]),
    ("改进措施", &[]),
    ("结果应用", &[]),
];

/// The outline of a 部门整体 self-evaluation report: the department, its
/// targets, the result, what fell short and what follows.
const DEPARTMENT_OUTLINE: Outline = &[
    ("部门基本情况", &["部门职能", "机构和人员", "预算情况"]),
    ("部门整体绩效目标", &[]),
    ("绩效自评情况", &["自评结论", "指标完成情况"]),
    ("存在的问题及原因", &[]),
    ("改进措施及结果应用", &[]),
];

/// What differs between a project's file and a department's.
struct Kind {
    /// 项目支出 or 部门整体支出, in the titles.
    title: &'static str,
    /// The comment above the indicators.
    rows: String,
    /// What every stub row holds between its name and its weight.
    between: String,
    /// Written after each stub row.
    after: String,
    /// The figures the report's comment quotes as an example.
    quoted: &'static str,
    outline: Outline,
}

impl Kind {
    fn of(form: &Template, year: u32) -> Kind {
        let p = PLACEHOLDER;
        if form.form == Form::Department {
            return Kind {
                title: "部门整体支出",
                rows: format!(
                    "  // 每个三级指标：名称、分值、得分（按评分标准自评），下面写 指标解释 和 评分标准。\n  // 有指标值和完成值的行按规则计分；“预算执行率”一行写 规则 执行率 和分值，\n  // 按部门预算合计的执行率计分，不写得分。分值合计为 {}。\n",
                    plain(form.scheme.total)
                ),
                between: String::new(),
                after: format!("          指标解释 \"{p}\"\n          评分标准 \"{p}\"\n"),
                quoted: "{合计.全年执行数}、{总分}、{等级}",
                outline: DEPARTMENT_OUTLINE,
            };
        }
        Kind {
            title: "项目支出",
            rows: format!(
                r#"  // 每个三级指标：名称，然后是 指标值（年度指标值）、完成值（实际完成值）、分值，
  // 可选 得分、规则、等级、偏差。
  //   数量、质量指标：指标值 ≥30个  完成值 27个（按比例计分）
  //   成本指标：指标值 ≤3.5万元  完成值 3.8万元（反向计分）
  //   时效指标：指标值 ≤{year}-12-31  完成值 {year}-12-20（达标计分）
  //   文字指标：指标值 "明显改善"  完成值 "改善"  等级 达成  得分 9
  // 得分低于分值时，写 偏差 "原因及改进措施"。分值合计（含预算执行率）为 {}。
"#,
                plain(form.scheme.total)
            ),
            between: format!("指标值 \"{p}\"  完成值 \"{p}\"  等级 达成  "),
            after: String::new(),
            quoted: "{年度资金总额.全年预算数}、{执行率}、{总分}、{等级}",
            outline: OUTLINE,
        }
    }
}

/// A new evaluation of project `name` for `year`, on `form`, written as
/// far as `stage`: a 申报表 holds the targets only, a 监控表 the targets and
/// the monitoring figures, a 自评表 everything.
/// A template of another form than the 自评表 sets the stage: the file's
/// rows are then those of the default 自评表.
///
/// The text is in `jixiao fmt`'s layout, so that a new file passes
/// `fmt --check` as it is written.
pub fn template(name: &str, year: u32, form: &Template, stage: Form) -> String {
    let text = draft(name, year, form, stage);
    crate::fmt::format(&text, crate::fmt::Keywords::Keep).unwrap_or(text)
}

/// [`template`] as written, before `fmt`'s layout.
fn draft(name: &str, year: u32, form: &Template, stage: Form) -> String {
    if !form.form.reads() {
        return before_evaluation(name, year, &crate::template::default_template(), form);
    }
    if stage != Form::Evaluation {
        let printed = crate::template::builtin(stage.default_template())
            .expect("each form has a built-in template");
        return before_evaluation(name, year, form, &printed);
    }
    let kind = Kind::of(form, year);
    let p = PLACEHOLDER;
    let name = name
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('{', "{{")
        .replace('}', "}}");
    let mut out = String::new();
    let _ = write!(
        out,
        r#"// {year}年度{title}绩效自评（表样：{}）。
// 把所有“{p}”换成实际内容；`jixiao check` 会列出还没填写的地方。
// 运行 `jixiao build 本文件` 生成 PDF。

自评表 "{name}" {{
{chosen}  年度 {year}
  主管部门 "{p}"
  实施单位 "{p}"

{funds}{projects}{goal}
{rows}  绩效指标 {{
"#,
        form.name,
        title = kind.title,
        rows = kind.rows,
        chosen = chosen(form),
        funds = funds(form),
        projects = projects(form),
        goal = if form.has(|s| matches!(s, crate::template::Section::Goal(_))) {
            format!("  年度总体目标 {{\n    预期目标 \"{p}\"\n    实际完成情况 \"{p}\"\n  }}\n")
        } else {
            String::new()
        },
    );
    indicators(&mut out, form, &kind.between, &kind.after, true);
    out.push_str("}\n\n");
    let _ = writeln!(
        out,
        "// 自评报告：章节编号（一、（一））自动生成。正文中可以引用表中的数字，\n// 例如 {}，报告就不会与表矛盾。\n自评报告 \"{name}\" {{\n  副标题 \"{year}年度{}绩效自评报告\"",
        kind.quoted, kind.title
    );
    for (chapter, sections) in kind.outline {
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

/// A file at the 申报 or 监控 stage: no actuals, no report.
fn before_evaluation(name: &str, year: u32, form: &Template, printed: &Template) -> String {
    let stage = printed.form;
    let p = PLACEHOLDER;
    let name = name
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('{', "{{")
        .replace('}', "}}");
    let monitoring = stage == Form::Monitoring;
    let mut funds = funds(form);
    // A form without a funds table (部门整体) has no funds to monitor.
    if monitoring && !funds.is_empty() {
        // The monitoring date and the total's figures to it.
        let total = &form.funds().rows[0].name;
        funds = funds.replacen(
            "  项目资金 万元 {\n",
            &format!(
                "  // 监控：执行数 是截至监控日期的执行数，预计执行数 是全年预计执行数。\n  项目资金 万元 {{\n    监控 {year}-06-30\n"
            ),
            1,
        );
        funds = funds.replacen(
            &format!("    {total} "),
            &format!("    // {total} 一行末尾填写 执行数 和 预计执行数。\n    {total} "),
            1,
        );
        funds = funds.replacen("   分值 ", "   执行数 0   预计执行数 0   分值 ", 1);
    }
    let (title, goal, fields) = if monitoring {
        (
            "绩效运行监控",
            format!("    预期目标 \"{p}\"\n    执行情况 \"{p}\"\n"),
            format!("监控完成值 \"{p}\"  预计完成值 \"{p}\"  "),
        )
    } else {
        (
            "绩效目标申报",
            format!("    预期目标 \"{p}\"\n"),
            String::new(),
        )
    };
    let mut out = format!(
        r#"// {year}年度项目{title}（表样：{}）。
// 把所有“{p}”换成实际内容；`jixiao check --form {}` 会列出还没填写的地方。
// 运行 `jixiao build --form {} 本文件` 生成 PDF。年底在同一个文件里补上完成值，
// 就是自评表：指标值只写一次，改变要记录调整（调整指标值、调整日期、调整原因）。

自评表 "{name}" {{
{chosen}  年度 {year}
  主管部门 "{p}"
  实施单位 "{p}"

{funds}
  年度总体目标 {{
{goal}  }}

  // 每个三级指标：名称，然后是 指标值（年度指标值）、分值{}。
  绩效指标 {{
"#,
        form.name,
        stage.chinese(),
        stage.chinese(),
        if monitoring {
            "，以及 监控完成值（截至监控日期）、预计完成值（全年），\n  // 完不成时写 偏差原因 和 纠偏措施"
        } else {
            ""
        },
        chosen = chosen(form) + &printed_on(printed),
    );
    let between = format!("指标值 \"{p}\"  {fields}");
    indicators(&mut out, form, &between, "", false);
    out.push_str("}\n");
    out
}

/// One stub indicator per 二级 of the scheme, weighted as [`weights`]
/// divides the total, with `between` written between its name and its
/// weight (and its score, when `scored`) and `after` on the lines after it;
/// then the form's own fields.
fn indicators(out: &mut String, form: &Template, between: &str, after: &str, scored: bool) {
    let p = PLACEHOLDER;
    let weights = weights(form);
    let mut weights = weights.iter();
    for level1 in &form.scheme.framework {
        let _ = writeln!(out, "    {} {{", level1.name.zh);
        for level2 in &level1.children {
            let w = plain(weights.next().copied().unwrap_or_default());
            let score = if scored {
                format!("  得分 {w}")
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "      {} {{\n        \"{p}：{}\"  {between}分值 {w}{score}\n{after}      }}",
                level2.zh, level2.zh
            );
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
    out.push_str(&fields(form));
}

/// `表样 "…"` of the form of a stage, unless it is that form's default.
fn printed_on(printed: &Template) -> String {
    if printed.name == printed.form.default_template() {
        return String::new();
    }
    format!("  表样 \"{}\"\n", printed.name)
}

/// `表样 "…"`, unless it is the default.
fn chosen(form: &Template) -> String {
    if form.name == crate::template::DEFAULT {
        return String::new();
    }
    format!("  表样 \"{}\"\n", form.name)
}

/// The funds block: the template's rows with a `-` in each amount column.
fn funds(form: &Template) -> String {
    let layout = form.funds();
    // A form without a funds table (部门整体).
    if layout.rows.is_empty() {
        return String::new();
    }
    let amounts: Vec<&str> = layout
        .columns
        .iter()
        .filter(|c| c.kind.amount().is_some())
        .map(|c| c.label.as_str())
        .collect();
    let parts: Vec<&str> = layout.rows[1..]
        .iter()
        .map(|r| strip_part(&r.name))
        .collect();
    let width = layout
        .rows
        .iter()
        .map(|r| crate::fmt::width(&r.name))
        .max()
        .unwrap_or(0);
    let weight = form
        .scheme
        .execution_recommended
        .map_or("10".to_string(), plain);
    // A department's budget is not scored: its rate scores a row.
    let department = form.form == crate::template::Form::Department;
    let (keyword, scored) = if department {
        ("部门预算", "合计的执行率给写了 规则 执行率 的一行计分")
    } else {
        ("项目资金", "分值 是预算执行率的分值")
    };
    let mut out = format!(
        "  // 金额单位：万元（或 元）。每行依次是 {}；\n  // 没有的写 -。{} 等于下面{}行之和。{scored}。\n  {keyword} 万元 {{\n",
        amounts.join("、"),
        layout.rows[0].name,
        crate::format::chinese_number(parts.len())
    );
    for (i, row) in layout.rows.iter().enumerate() {
        let pad = " ".repeat(width - crate::fmt::width(&row.name) + 3);
        let dashes = vec!["-"; amounts.len()].join("   ");
        let tail = if i == 0 && !department {
            format!("   分值 {weight}")
        } else {
            String::new()
        };
        out.push_str(&format!("    {}{pad}{dashes}{tail}\n", row.name));
    }
    out.push_str("  }\n");
    out
}

/// On a form that summarises projects (部门整体), how to list their files,
/// commented out: a file named here must exist.
fn projects(form: &Template) -> String {
    if !form.has(|s| matches!(s, crate::template::Section::Projects(_))) {
        return String::new();
    }
    "\n  // 本部门各项目的自评表文件，路径相对于本文件；评分表之后印出它们的汇总表。\n  // 项目汇总 {\n  //   \"项目/某项目.jx\"\n  // }\n".to_string()
}

/// The texts the template's form asks for beyond the fixed ones.
fn fields(form: &Template) -> String {
    if form.fields.is_empty() {
        return String::new();
    }
    let mut out = String::from("\n  // 表样上另外要填写的栏目。\n  栏目 {\n");
    for field in &form.fields {
        let _ = writeln!(out, "    {} \"{PLACEHOLDER}\"", field.key);
    }
    out.push_str("  }\n");
    out
}

/// A weight for each 二级 category, in the order of the framework: the
/// recommended weight of its 一级 shared out, or, when the scheme
/// recommends none, what budget execution leaves of the total, shared
/// evenly. Each is cut to two places; the last of a share takes the rest,
/// so that they add up exactly.
fn weights(form: &Template) -> Vec<Decimal> {
    let scheme = &form.scheme;
    let recommended = scheme.framework.iter().any(|l| l.recommended.is_some());
    let share = |total: Decimal, n: usize| -> Vec<Decimal> {
        let n = n.max(1);
        let each = arith::div(total, Decimal::from(n))
            .map(|e| e.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::ToZero))
            .unwrap_or_default();
        let rest = arith::mul(each, Decimal::from(n - 1))
            .and_then(|given| arith::sub(total, given))
            .unwrap_or_default();
        let mut out = vec![each; n - 1];
        out.push(rest);
        out
    };
    if recommended {
        return scheme
            .framework
            .iter()
            .flat_map(|l| share(l.recommended.unwrap_or_default(), l.children.len()))
            .collect();
    }
    let children: usize = scheme.framework.iter().map(|l| l.children.len()).sum();
    let execution = scheme.execution_recommended.unwrap_or_default();
    share(
        arith::sub(scheme.total, execution).unwrap_or_default(),
        children,
    )
}

#[cfg(test)]
mod tests {
    use super::template;
    use crate::diag::Severity;
    use crate::template::{BUILTINS, Form, builtin};

    /// Every built-in template at every stage: the new file is already in
    /// fmt's layout (`fmt --check` passes on it).
    #[test]
    fn a_new_file_is_in_fmts_layout() {
        for b in BUILTINS {
            let form = builtin(b.name).expect("a built-in template");
            for stage in Form::ALL {
                let written = template("测试项目", 2024, &form, stage);
                let formatted = crate::fmt::format(&written, crate::fmt::Keywords::Keep);
                assert_eq!(
                    formatted.as_deref(),
                    Ok(written.as_str()),
                    "{} {stage:?}",
                    b.name
                );
            }
        }
    }

    #[test]
    fn a_new_file_checks_with_only_the_stub_warnings() {
        let source = template(
            "测试项目",
            2024,
            &crate::template::default_template(),
            crate::template::Form::Evaluation,
        );
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

    #[test]
    fn a_department_file_has_the_department_rows_and_report() {
        let form = crate::template::builtin("部门整体").unwrap();
        let source = template("测试部门", 2024, &form, crate::template::Form::Evaluation);
        let checked = crate::compile(&source);
        let model = checked.model.expect("the file checks");
        assert_eq!(
            model.report.unwrap().subtitle.as_deref(),
            Some("2024年度部门整体支出绩效自评报告")
        );
        // Its rows are scored by hand with their explanation and standard,
        // not by a target and an actual.
        assert!(!source.contains("指标值 \""), "{source}");
        assert!(source.contains("评分标准 \""), "{source}");
        assert!(!source.contains("年度资金总额"), "{source}");
        // How to list the department's project files, commented out; as
        // written without the comment marks it is a 项目汇总 block.
        let listed = source
            .replace("  // 项目汇总 {", "  项目汇总 {")
            .replace("  //   \"项目/某项目.jx\"", "    \"项目/某项目.jx\"")
            .replace("  // }\n", "  }\n");
        assert_ne!(listed, source);
        let codes: Vec<&str> = crate::compile(&listed)
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code())
            .collect();
        assert_eq!(codes, ["E330"], "{listed}");
        // A project's file has no such block.
        let project = template(
            "测试项目",
            2024,
            &crate::template::default_template(),
            crate::template::Form::Evaluation,
        );
        assert!(!project.contains("项目汇总"), "{project}");
    }
}
