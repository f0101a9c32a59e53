//! The year of one project in one file: the same file printed as the
//! 申报表, the 监控表 and the 自评表, a file that stops at the 申报 stage,
//! and the checks of the monitoring.

mod support;

use std::path::Path;

use jixiao::diag::RenderOptions;
use jixiao::template::{Form, Loaded};
use support::{Extract, Lang, jixiao, jixiao_in, pdf_text, read, root};

const ALL_STAGES: &str = "tests/fixtures/ok/year-all-stages.jx";
const DECLARED_ONLY: &str = "tests/fixtures/year/declared-only.jx";
const BEHIND: &str = "tests/fixtures/year/monitoring-behind.jx";

fn checked(path: &str, form: Form) -> jixiao::Checked {
    jixiao::compile_for(&read(&root().join(path)), &|_| Loaded::Failed(None), form)
}

fn diagnostics(path: &str, form: Form, lang: Lang) -> String {
    let source = read(&root().join(path));
    let checked = jixiao::compile_for(&source, &|_| Loaded::Failed(None), form);
    let options = RenderOptions {
        lang,
        color: false,
        width: 80,
    };
    let name = Path::new(path).file_name().unwrap().to_string_lossy();
    jixiao::diag::render(&checked.diagnostics, &name, &source, options)
}

#[test]
fn one_file_prints_each_stage_on_its_own_form() {
    for form in [Form::Declaration, Form::Monitoring] {
        let checked = checked(ALL_STAGES, form);
        let model = checked.model.expect("the file checks for every form");
        assert_eq!(model.template.form, form);
        insta::assert_snapshot!(
            format!("all_stages_{}", form.english()),
            jixiao::emit(&model)
        );
    }
    // The 自评表 is the fixture's own snapshot (fixtures.rs).
    let model = checked(ALL_STAGES, Form::Evaluation).model.unwrap();
    assert_eq!(model.template.name, "财政部2020");
}

#[test]
fn the_forms_print_the_declared_and_the_adjusted_target() {
    let target = |form| {
        let model = checked(ALL_STAGES, form).model.unwrap();
        let ind = &model.evaluation.categories[0].categories[0].indicators[0];
        (ind.target.clone(), jixiao::emit(&model))
    };
    let (declared, typst) = target(Form::Declaration);
    assert_eq!(declared, "≥1000人次");
    assert!(!typst.contains("场地改造期间两期培训经批准取消"));
    for form in [Form::Monitoring, Form::Evaluation] {
        let (adjusted, typst) = target(form);
        assert_eq!(adjusted, "≥900人次");
        // The template's words: when, what was declared, and why.
        for part in [
            "调整，原为≥1000人次：",
            "场地改造期间两期培训经批准取消，年度目标相应调整。）",
        ] {
            assert!(typst.contains(part), "{form:?} lacks {part}");
        }
    }
}

#[test]
fn a_file_of_targets_only_is_a_declaration_and_no_evaluation() {
    let declaration = checked(DECLARED_ONLY, Form::Declaration);
    assert!(declaration.model.is_some(), "{:?}", declaration.diagnostics);
    assert!(
        declaration.diagnostics.is_empty(),
        "{:?}",
        declaration.diagnostics
    );
    // As a 自评表: one error says it has no actual yet, and which form it
    // has reached.
    let evaluation = checked(DECLARED_ONLY, Form::Evaluation);
    assert!(evaluation.model.is_none());
    insta::assert_snapshot!(diagnostics(DECLARED_ONLY, Form::Evaluation, Lang::Zh));
    // Once an actual is written, each one still missing is its own error.
    let source = read(&root().join(DECLARED_ONLY)).replace(
        "\"助餐服务人次\"  指标值 ≥30000人次  分值 25",
        "\"助餐服务人次\"  指标值 ≥30000人次  完成值 31000人次  分值 25",
    );
    let codes: Vec<&str> = jixiao::compile(&source)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect();
    assert_eq!(codes, ["E305", "E213", "E212", "E212", "E212"]);
}

#[test]
fn monitoring_asks_for_measures() {
    insta::assert_snapshot!(
        "monitoring_zh",
        diagnostics(BEHIND, Form::Monitoring, Lang::Zh)
    );
    insta::assert_snapshot!(
        "monitoring_en",
        diagnostics(BEHIND, Form::Monitoring, Lang::En)
    );
    // Other forms do not ask for the monitoring's measures.
    let evaluation = diagnostics(BEHIND, Form::Declaration, Lang::En);
    assert!(
        !evaluation.contains("W413") && !evaluation.contains("W414"),
        "{evaluation}"
    );
}

#[test]
fn init_starts_a_file_at_each_stage() {
    let dir = tempfile::tempdir().unwrap();
    for form in Form::ALL {
        let file = format!("{}.jx", form.english());
        let run = jixiao_in(
            dir.path(),
            &[
                "init",
                "--form",
                form.chinese(),
                "--name",
                "测试",
                "--year",
                "2025",
                &file,
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        let source = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        let checked = jixiao::compile_for(&source, &|_| Loaded::Failed(None), form);
        assert!(
            checked.model.is_some(),
            "{form:?}: {:?}",
            checked.diagnostics
        );
        let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
        assert!(
            codes.iter().all(|c| ["W604", "W307"].contains(c)),
            "{form:?}: {codes:?}"
        );
    }
    let declared = std::fs::read_to_string(dir.path().join("declaration.jx")).unwrap();
    assert!(!declared.contains("完成值 \"") && !declared.contains("实际完成情况 \""));
}

/// Each stage's PDF, built by the CLI, has its own form's labels.
#[test]
fn each_stage_builds_to_a_pdf_of_its_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(ALL_STAGES), dir.path().join("项目.jx")).unwrap();
    let squeezed = |name: &str| -> String {
        pdf_text(&dir.path().join(name), Extract::Layout)
            .split_whitespace()
            .collect()
    };
    for (form, pdf, has, lacks) in [
        (
            "申报表",
            "项目.申报表.pdf",
            &[
                "2025年度项目支出绩效目标申报表",
                "指标值",
                "≥1000人次",
                "年度资金",
            ][..],
            &["实际完成值", "总分", "1-6月", "≥900人次"][..],
        ),
        (
            "监控表",
            "项目.监控表.pdf",
            &[
                "2025年度项目支出绩效目标执行监控表",
                "1-6月执行情况",
                "偏差原因分析",
                "纠偏措施",
                "40.00%",
                "≥900人次",
            ][..],
            &["实际完成值", "总分", "自评等级"][..],
        ),
        (
            "自评表",
            "项目.pdf",
            &[
                "2025年度项目支出绩效自评表",
                "实际完成值",
                "自评等级：优",
                "97.33",
                "≥900人次",
            ][..],
            &["纠偏措施", "1-6月"][..],
        ),
    ] {
        let run = jixiao_in(dir.path(), &["build", "--form", form, "项目.jx"], &[]);
        assert_eq!(run.code, 0, "{form}: {}", run.transcript());
        let text = squeezed(pdf);
        for label in has {
            assert!(text.contains(label), "{form} lacks {label}: {text}");
        }
        for label in lacks {
            assert!(!text.contains(label), "{form} has {label}: {text}");
        }
    }
}

/// A file on a regional 自评表 prints every one of its funds rows on the
/// Ministry's 申报表, though that form lists other rows.
#[test]
fn another_stage_prints_every_funds_row_of_the_file() {
    let model = checked("tests/fixtures/ok/template-sichuan.jx", Form::Declaration)
        .model
        .unwrap();
    assert_eq!(model.template.name, "财政部申报表");
    let typst = jixiao::emit(&model);
    for row in ["年度资金总额", "财政专户管理资金", "单位资金", "其他资金"] {
        assert!(typst.contains(row), "the 申报表 lacks {row}");
    }
}

const DEPARTMENT: &str = "tests/fixtures/ok/department-whole.jx";

/// The 部门整体 sheet: no funds table, rows with 指标解释 and 评分标准,
/// 预算执行率 scored by rule like any row, the others by hand.
#[test]
fn a_department_sheet_scores_and_totals() {
    let model = checked(DEPARTMENT, Form::Evaluation).model.unwrap();
    assert_eq!(model.template.form, Form::Department);
    let e = &model.evaluation;
    // The department's budget, not a project's funds: 合计 and its parts.
    let kinds: Vec<&str> = e.funds.rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(kinds, ["total", "basic", "projects"]);
    assert_eq!(e.funds.rows[0].execution_rate.unwrap().to_string(), "96.50");
    assert_eq!((e.funds.weight, e.funds.score), (None, None));
    let rows: Vec<&jixiao::model::Indicator> = e
        .categories
        .iter()
        .flat_map(|c| &c.categories)
        .flat_map(|c| &c.indicators)
        .collect();
    assert!(rows.len() >= 20, "{}", rows.len());
    assert!(
        rows.iter()
            .all(|i| i.explanation.is_some() && i.standard.is_some())
    );
    let execution = rows.iter().find(|i| i.name == "预算执行率").unwrap();
    assert_eq!(execution.score.to_string(), "4.83");
    assert_eq!(execution.rule, jixiao::model::ScoringRule::Execution);
    assert_eq!(
        execution.formula.as_deref(),
        Some("5 × min(1302.75 / 1350, 1) = 4.83")
    );
    assert_eq!(e.total_weight.to_string(), "100");
    assert_eq!(e.total_score.to_string(), "96.83");
    assert_eq!(e.grade, "优");
    // A row with neither a target nor a score cannot be scored.
    let source = read(&root().join(DEPARTMENT))
        .replace("\"组织机构\"  分值 2  得分 2", "\"组织机构\"  分值 2");
    let codes: Vec<&str> = jixiao::compile(&source)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect();
    assert!(codes.contains(&"E504"), "{codes:?}");
}

#[test]
fn a_department_sheet_builds_to_a_pdf_of_its_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(DEPARTMENT), dir.path().join("部门.jx")).unwrap();
    let run = jixiao_in(dir.path(), &["build", "部门.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text: String = pdf_text(&dir.path().join("部门.pdf"), Extract::Layout)
        .split_whitespace()
        .collect();
    for label in [
        "2025年度部门整体支出绩效自评表",
        "指标解释",
        "预算执行率",
        "4.83",
        "合计（自评等级：优）",
        "96.83",
        // The department's budget above the sheet, with its rates.
        "部门预算合计",
        "1302.75",
        "96.50%",
        "其中：基本支出",
        "91.37%",
    ] {
        assert!(text.contains(label), "lacks {label}: {text}");
    }
    // A sheet that lists no project files prints no table of them.
    for label in [
        "项目资金",
        "年度总体",
        "实际完成值",
        "本部门项目支出绩效自评情况",
    ] {
        assert!(!text.contains(label), "has {label}: {text}");
    }
}

/// A department's report follows its sheet and quotes the budget's and the
/// sheet's figures, as a project's report quotes its form's.
#[test]
fn a_department_report_quotes_the_budget_and_the_score() {
    let dir = tempfile::tempdir().unwrap();
    let report = "\n自评报告 \"示例县农业农村局2025年度部门整体支出绩效自评报告\" {\n  章 \"部门基本情况\" {\n    \"全年预算{合计.全年预算数}万元，执行{合计.全年执行数}万元，执行率{合计.执行率}。\"\n  }\n  章 \"绩效自评情况\" {\n    \"自评得分{总分}分，等级为{等级}。\"\n  }\n  落款 \"示例县农业农村局\" 2026-02-10\n}\n";
    let source = read(&root().join(DEPARTMENT)) + report;
    std::fs::write(dir.path().join("部门.jx"), &source).unwrap();
    let run = jixiao_in(dir.path(), &["build", "部门.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text: String = pdf_text(&dir.path().join("部门.pdf"), Extract::Layout)
        .split_whitespace()
        .collect();
    let sheet = text.find("部门整体支出绩效自评表").expect("the sheet");
    let quoted = text
        .find("全年预算1350万元，执行1302.75万元，执行率96.50%。")
        .unwrap_or_else(|| panic!("the budget is not quoted: {text}"));
    assert!(sheet < quoted, "the report comes after the sheet");
    assert!(text.contains("自评得分96.83分，等级为优。"), "{text}");
}

/// The budget and the execution rule in English keywords give the same
/// sheet as in Chinese.
#[test]
fn a_department_sheet_in_english_keywords_is_the_same_sheet() {
    use jixiao::fmt::{Keywords, format};
    let source = read(&root().join(DEPARTMENT));
    let english = format(&source, Keywords::En).unwrap();
    assert!(
        english.contains("budget 万元 {") && english.contains("rule execution"),
        "{english}"
    );
    let emit = |text: &str| jixiao::emit(&jixiao::compile(text).model.expect("it checks"));
    assert_eq!(emit(&english), emit(&source));
}

/// `check` says, in the user's language, why a department's budget is not
/// scored and what the execution rule needs.
#[test]
fn check_explains_the_department_budget() {
    for (lang, file) in [
        ("zh", "tests/fixtures/errors/department-budget-scored.jx"),
        (
            "en",
            "tests/fixtures/errors/execution-rule-without-budget.jx",
        ),
    ] {
        let run = jixiao(&["--lang", lang, "check", file], &[]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        insta::assert_snapshot!(format!("check_department_budget_{lang}"), run.transcript());
    }
}

/// A low 执行率 is explained once: in the budget (W306), not again on the
/// row it scores; a rate above the threshold asks the row for its 偏差.
#[test]
fn a_low_department_rate_asks_for_one_explanation() {
    let source = read(&root().join(DEPARTMENT));
    let without_deviation = source.replace(
        "          偏差 \"两个基建项目年末未完成结算，支出顺延。\"\n",
        "",
    );
    let codes = |text: &str| -> Vec<&'static str> {
        jixiao::compile(text)
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    };
    assert_eq!(codes(&without_deviation), ["W507"]);
    // 1102.75 / 1350 = 81.69%, below 90%: the budget is asked.
    let low = without_deviation
        .replace("1302.75", "1102.75")
        .replace("818.5\n", "618.5\n");
    assert_eq!(codes(&low), ["W306"]);
}

#[test]
fn the_editor_reads_a_file_at_the_stage_it_has_reached() {
    let reached = |path: &str| {
        let file = jixiao::parse(&read(&root().join(path))).expect("the fixture parses");
        jixiao::check::reached(&file)
    };
    assert_eq!(reached(DECLARED_ONLY), Form::Declaration);
    assert_eq!(reached(BEHIND), Form::Monitoring);
    // Monitoring figures and actuals: the year is over.
    assert_eq!(reached(ALL_STAGES), Form::Evaluation);
    assert_eq!(reached("tests/fixtures/ok/minimal.jx"), Form::Evaluation);
    assert_eq!(reached(DEPARTMENT), Form::Evaluation);
    // A 全年执行数 alone is an actual.
    let source =
        read(&root().join(DECLARED_ONLY)).replace("80   -   -   分值 10", "80   80  78   分值 10");
    assert_eq!(
        jixiao::check::reached(&jixiao::parse(&source).unwrap()),
        Form::Evaluation
    );
    // A department's sheet being written, without its budget or a score
    // yet, is the department's sheet.
    let sheet = read(&root().join(DEPARTMENT));
    let start = sheet.find("  部门预算").unwrap();
    let end = start + sheet[start..].find("  }\n").unwrap() + 4;
    let unscored: Vec<String> = (sheet[..start].to_string() + &sheet[end..])
        .lines()
        .map(|l| {
            let pieces: Vec<&str> = l.split("  ").filter(|p| !p.starts_with("得分 ")).collect();
            pieces.join("  ")
        })
        .collect();
    let unscored = unscored.join("\n");
    assert!(!unscored.contains("  得分 ") && !unscored.contains("部门预算 万元"));
    let unscored = jixiao::parse(&unscored).unwrap();
    assert_eq!(jixiao::check::reached(&unscored), Form::Evaluation);
    // What the editor shows is what `check --form` shows for that stage.
    let load = |_: &str| Loaded::Failed(None);
    let codes = |c: jixiao::Checked| c.diagnostics.iter().map(|d| d.code()).collect::<Vec<_>>();
    assert_eq!(
        codes(jixiao::compile_reached(&read(&root().join(BEHIND)), &load)),
        codes(checked(BEHIND, Form::Monitoring))
    );
    assert!(
        jixiao::compile_reached(&read(&root().join(DECLARED_ONLY)), &load)
            .diagnostics
            .is_empty()
    );
}

const SHEET: &str = "tests/fixtures/department/部门整体.jx";

/// A sheet's source checked with its listed files read from its folder.
fn sheet(source: &str) -> jixiao::Checked {
    let dir = root().join("tests/fixtures/department");
    jixiao::compile_with(source, &|reference| {
        let path = dir.join(reference);
        match std::fs::read_to_string(&path) {
            Ok(text) => Loaded::Source {
                origin: path.display().to_string(),
                text,
            },
            Err(_) => Loaded::Failed(Some(path.display().to_string())),
        }
    })
}

#[test]
fn a_department_sheet_summarises_its_project_files() {
    let checked = sheet(&read(&root().join(SHEET)));
    assert!(checked.diagnostics.is_empty(), "{:?}", checked.diagnostics);
    let model = checked.model.unwrap();
    let summary = model
        .evaluation
        .projects
        .expect("the projects are summarised");
    let rows: Vec<_> = summary
        .rows
        .iter()
        .map(|r| {
            (
                r.name.as_str(),
                r.annual_budget.unwrap().to_string(),
                r.executed.unwrap().to_string(),
                r.execution_rate.unwrap().to_string(),
                r.total_score.to_string(),
                r.grade.as_str(),
            )
        })
        .collect();
    // The second project is on the county's template of two amounts, read
    // from a path relative to its own file.
    assert_eq!(
        rows,
        [
            (
                "高标准农田建设项目",
                "300".into(),
                "291.6".into(),
                "97.20".into(),
                "91.50".into(),
                "优"
            ),
            (
                "农技推广培训项目",
                "80".into(),
                "76".into(),
                "95.00".into(),
                "89.50".into(),
                "良"
            ),
        ]
    );
    assert_eq!(summary.annual_budget.to_string(), "380");
    assert_eq!(summary.executed.to_string(), "367.6");
    assert_eq!(summary.execution_rate.unwrap().to_string(), "96.74");
    assert_eq!(summary.average_score.unwrap().to_string(), "90.50");
    // The sheet's own score is its own, whatever its projects scored.
    assert_eq!(model.evaluation.total_score.to_string(), "96.83");
}

#[test]
fn projects_above_the_budget_are_a_warning_that_points_at_it() {
    let source = read(&root().join(SHEET)).replace(
        "项目支出    400         530         484.25",
        "项目支出    400         350         340",
    );
    let source = source.replace(
        "基本支出    800         820         818.5",
        "基本支出    800         1000        962.75",
    );
    let checked = sheet(&source);
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["W335"], "{:?}", checked.diagnostics);
    let d = &checked.diagnostics[0];
    assert_eq!(&source[d.related[0].start..d.related[0].end], "项目支出");
    let text = d.kind.text(jixiao::diag::Lang::Zh).message;
    assert!(text.contains("380") && text.contains("350"), "{text}");
    assert!(checked.model.is_some(), "a warning still prints");
}

#[test]
fn what_cannot_be_summarised_is_an_error_at_its_entry() {
    let dir = root().join("tests/fixtures/department");
    for (lang, name) in [("zh", "projects_zh"), ("en", "projects_en")] {
        let run = jixiao_in(&dir, &["check", "有问题.jx", "--lang", lang], &[]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        insta::assert_snapshot!(name, run.transcript());
    }
    // A file an editor has not saved yet cannot name its projects' folder.
    let source = read(&dir.join("部门整体.jx"));
    let codes: Vec<&str> = jixiao::compile(&source)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect();
    assert_eq!(codes, ["E330", "E330"]);
}

#[test]
fn a_department_sheet_prints_its_projects() {
    let dir = support::department_folder();
    let run = jixiao_in(dir.path(), &["build", "部门整体.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let text = pdf_text(&dir.path().join("部门整体.pdf"), Extract::Squeezed);
    for label in [
        "本部门项目支出绩效自评情况（万元）",
        "高标准农田建设项目",
        "291.6",
        "97.20%",
        "91.50",
        "农技推广培训项目",
        "95.00%",
        "合计",
        "367.6",
        "96.74%",
        "平均90.50",
    ] {
        assert!(text.contains(label), "lacks {label}: {text}");
    }
}

#[test]
fn a_sheet_that_lists_itself_is_refused_not_read_again() {
    let source = read(&root().join(SHEET)).replace("\"项目/农技推广.jx\"", "\"部门整体.jx\"");
    // Every path reads as the sheet itself: a sheet listing a sheet listing
    // … would never end.
    let checked = jixiao::compile_with(&source, &|_| Loaded::Source {
        origin: "部门整体.jx".into(),
        text: source.clone(),
    });
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E332", "E332"], "{:?}", checked.diagnostics);
}
