//! Form templates (表样): the built-in ones, one written from
//! docs/TEMPLATES.md alone, template files by path, and what the form
//! prints on each.

mod support;

use jixiao::template::{BUILTINS, Loaded};
use support::{Extract, jixiao_in, pdf_text, read, root};

/// The template of docs/TEMPLATES.md's worked example, as the doc shows it.
fn documented_template() -> String {
    let doc = read(&root().join("docs/TEMPLATES.md"));
    let example = doc
        .split("```jx\n")
        .find(|block| block.contains("表样 \"安徽池州2022\""))
        .expect("the worked example is in the doc");
    example.split("```").next().unwrap().to_string()
}

/// An evaluation of the ok fixture `minimal.jx` on another template.
fn on_template(reference: &str, fields: &str) -> String {
    read(&root().join("tests/fixtures/ok/minimal.jx")).replacen(
        "自评表 \"测试项目\" {",
        &format!("自评表 \"测试项目\" {{\n  表样 \"{reference}\"\n{fields}"),
        1,
    )
}

/// `jixiao build INPUT -o PDF`.
fn build(input: &std::path::Path, pdf: &std::path::Path) -> support::Run {
    jixiao_in(
        &root(),
        &[
            "build",
            input.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ],
        &[],
    )
}

fn loader(path: &'static str, text: String) -> impl Fn(&str) -> Loaded {
    move |reference: &str| match reference == path {
        true => Loaded::Source {
            origin: path.to_string(),
            text: text.clone(),
        },
        false => Loaded::Failed(Some(reference.to_string())),
    }
}

#[test]
fn every_built_in_template_reads_without_a_diagnostic_and_formats_stably() {
    for b in BUILTINS {
        let read = jixiao::check::read_template(b.source);
        assert!(
            read.diagnostics.is_empty(),
            "{}: {:?}",
            b.name,
            read.diagnostics
        );
        let template = read.template.expect("it reads");
        assert_eq!(template.name, b.name);
        // The file in templates/ is the one embedded.
        let file = read_file(&format!("templates/{}.jx", b.name));
        assert_eq!(file, b.source);
        let once = jixiao::fmt::format(b.source, jixiao::fmt::Keywords::Keep).unwrap();
        let twice = jixiao::fmt::format(&once, jixiao::fmt::Keywords::Keep).unwrap();
        assert_eq!(once, twice, "{}", b.name);
        let again = jixiao::check::read_template(&once)
            .template
            .expect("formatted, it reads");
        assert_eq!(again, template, "{}: fmt changed its meaning", b.name);
    }
}

fn read_file(relative: &str) -> String {
    read(&root().join(relative))
}

#[test]
fn the_template_of_the_docs_works_without_a_code_change() {
    let source = on_template(
        "../表样/安徽池州2022.jx",
        "  栏目 {\n    项目负责人 \"王五\"\n    联系电话 \"0566-1234567\"\n  }\n",
    );
    let load = loader("../表样/安徽池州2022.jx", documented_template());
    let checked = jixiao::compile_with(&source, &load);
    assert!(checked.template_problems.is_none());
    let model = checked
        .model
        .unwrap_or_else(|| panic!("{:?}", checked.diagnostics));
    assert_eq!(model.template.name, "安徽池州2022");
    let typst = jixiao::emit(&model);
    for printed in [
        "\"产出指标(50分)\"",
        "\"联系电话\"",
        "\"0566-1234567\"",
        "\"王五\"",
    ] {
        assert!(typst.contains(printed), "{printed} not in\n{typst}");
    }
}

#[test]
fn a_broken_template_file_is_shown_at_the_reference_and_in_the_file() {
    let broken = documented_template().replace("偏差行 \"偏差说明\"", "偏差行 12");
    let load = loader("t.jx", broken);
    let checked = jixiao::compile_with(&on_template("t.jx", ""), &load);
    assert!(checked.model.is_none());
    let codes: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E235"]);
    let problems = checked
        .template_problems
        .expect("the template's own diagnostics");
    assert_eq!(problems.origin, "t.jx");
    let codes: Vec<&str> = problems.diagnostics.iter().map(|d| d.code()).collect();
    assert_eq!(codes, ["E231"]);
    let at = problems.diagnostics[0].span;
    assert!(problems.source[at.start..at.end].starts_with("偏差行 12"));
}

#[test]
fn a_template_file_that_cannot_be_read_names_the_path_tried() {
    let checked = jixiao::compile_with(
        &on_template("无此文件.jx", ""),
        &loader("t.jx", String::new()),
    );
    let d = &checked.diagnostics[0];
    assert_eq!(d.code(), "E234");
    let text = d.kind.text(jixiao::diag::Lang::Zh);
    assert!(text.help.unwrap().contains("也读不到文件 无此文件.jx"));
}

#[test]
fn the_binary_reads_a_template_beside_the_file_and_shows_its_errors_there() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("表样")).unwrap();
    std::fs::create_dir(dir.path().join("项目")).unwrap();
    let template = dir.path().join("表样/安徽池州2022.jx");
    std::fs::write(&template, documented_template()).unwrap();
    let fields = "  栏目 {\n    项目负责人 \"王五\"\n    联系电话 \"0566-1234567\"\n  }\n";
    std::fs::write(
        dir.path().join("项目/a.jx"),
        on_template("../表样/安徽池州2022.jx", fields),
    )
    .unwrap();
    let run = jixiao_in(dir.path(), &["check", "项目/a.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    std::fs::write(
        &template,
        documented_template().replace("标题 \"", "标题 \"{年份}"),
    )
    .unwrap();
    let run = jixiao_in(
        dir.path(),
        &["check", "项目/a.jx"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    assert_eq!(run.code, 1);
    let text = run.stderr;
    assert!(text.contains("E235"), "{text}");
    assert!(text.contains("E233"), "{text}");
    assert!(text.contains("表样/安徽池州2022.jx:"), "{text}");
}

/// The pages of each built-in regional template, as pdftotext reads them:
/// the rows, columns and labels its layout must have.
#[test]
fn the_regional_forms_print_their_own_rows_columns_and_labels() {
    let cases: &[(&str, &[&str])] = &[
        (
            "template-sichuan.jx",
            &[
                "部门预算项目支出绩效自评表(2023年度)",
                "实施单位(盖章)",
                "预算执行情况(10分)",
                "调整后预算数",
                "预算执行数",
                "预算执行率",
                "权重",
                "原因",
                "财政专户管理资金",
                "单位资金",
                "其中：财政资金",
                "年度目标完成情况",
                "项目实施内容及过程概述",
                "指标性质",
                "度量单位",
                "未完成原因分析",
                "经济成本指标",
                "评价结论",
                "存在问题",
                "改进措施",
                "项目负责人：张三",
                "财务负责人：李四",
            ],
        ),
        (
            "template-beijing.jx",
            &[
                "项目支出绩效自评表(2023年度)",
                "主管部门及代码",
                "年初预算数(A)",
                "全年执行数(B)",
                "执行率(B/A)",
                "得分计算方法",
                "执行率*该指标分值，最高不得超过分值上限。",
                "其中：本年一般公共预算拨款",
                "年度指标值(A)",
                "全年实际值(B)",
                "产出指标(62.5分)",
                "未完成原因分析",
            ],
        ),
        (
            "template-mof2021.jx",
            &[
                "成本指标",
                "经济成本指标",
                "社会成本指标",
                "生态环境成本指标",
            ],
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (fixture, labels) in cases {
        let input = root().join("tests/fixtures/ok").join(fixture);
        let pdf = dir.path().join(fixture).with_extension("pdf");
        let run = build(&input, &pdf);
        assert_eq!(run.code, 0, "{}", run.transcript());
        // Narrow cells wrap their labels on the page, so each label is
        // looked for in the source typst set (the pictures were looked at).
        let typst = jixiao_in(&root(), &["typst", input.to_str().unwrap()], &[]).stdout;
        for label in *labels {
            let literal = format!("\"{label}\"");
            assert!(
                typst.contains(&literal),
                "{fixture}: {label} not in\n{typst}"
            );
        }
    }
    // The page holds the Sichuan rows, and none of the Ministry's.
    let sichuan = pdf_text(&dir.path().join("template-sichuan.pdf"), Extract::Squeezed);
    for present in [
        "财政专户管理资金",
        "项目负责人：张三",
        "财务负责人：李四",
        "调整后预算",
    ] {
        assert!(
            sichuan.contains(present),
            "{present} not on the Sichuan form"
        );
    }
    for absent in [
        "上年结转资金",
        "年初预算数",
        "偏差原因分析及改进措施",
        "偏差说明",
    ] {
        assert!(!sichuan.contains(absent), "{absent} on the Sichuan form");
    }
}

#[test]
fn the_funds_rows_of_the_default_template_are_the_words_of_the_language() {
    // fmt translates row names by the language's word table, which the
    // default template must agree with.
    let default = jixiao::template::default_template();
    for row in &default.funds().rows {
        let spelt = |w: &str| {
            jixiao::fmt::format(
                &format!("自评表 \"x\" {{ 项目资金 {{ {w} 1 1 1 }} }}"),
                jixiao::fmt::Keywords::En,
            )
            .unwrap()
        };
        for spelling in row.spellings() {
            assert!(
                spelt(spelling).contains(&format!("{}  1  1  1", row.key)),
                "{spelling} is not translated to {}",
                row.key
            );
        }
    }
}

#[test]
fn init_writes_a_file_on_each_built_in_template_that_checks() {
    let dir = tempfile::tempdir().unwrap();
    for b in BUILTINS {
        let file = format!("{}.jx", b.name);
        let run = jixiao_in(
            dir.path(),
            &[
                "init",
                "--template",
                b.name,
                "--name",
                "测试",
                "--year",
                "2023",
                &file,
            ],
            &[],
        );
        assert_eq!(run.code, 0, "{}", run.transcript());
        let source = std::fs::read_to_string(dir.path().join(&file)).unwrap();
        // A template of a stage (申报表, 监控表) starts a file at that stage.
        let form = jixiao::template::builtin(b.name).unwrap().form;
        let checked =
            jixiao::compile_for(&source, &|_| jixiao::template::Loaded::Failed(None), form);
        assert!(
            checked.model.is_some(),
            "{}: {:?}",
            b.name,
            checked.diagnostics
        );
        assert_eq!(checked.model.as_ref().unwrap().template.name, b.name);
        let warnings: Vec<&str> = checked.diagnostics.iter().map(|d| d.code()).collect();
        assert!(
            warnings.iter().all(|c| *c == "W604" || *c == "W307"),
            "{}: {warnings:?}",
            b.name
        );
    }
    let run = jixiao_in(dir.path(), &["templates"], &[]);
    for b in BUILTINS {
        assert!(run.stdout.contains(b.name));
    }
}
