//! The parser's fast path (src/parse/fast.rs) gives exactly the tree of the
//! pest path, on every file it takes; and it takes the common files.

mod support;

#[path = "../benches/corpus.rs"]
mod corpus;

use std::path::{Path, PathBuf};

use support::{fast_path_takes, parses_clean, read, root};

/// The `.jx` files under `dir`, recursively, in order.
fn jx_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "jx") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Files that pest parses clean but the fast path leaves to pest, and why.
const OUTSIDE_THE_SUBSET: &[(&str, &str)] = &[];

/// Every file of the repository (and the spec's examples beside it, where
/// the checkout has them): where the fast path takes one, pest agrees.
#[test]
fn the_fast_path_agrees_with_pest_on_every_file() {
    let mut taken = 0;
    let dirs = [
        "examples",
        "tests/fixtures",
        "templates",
        "../shared/spec/examples",
    ];
    for dir in dirs.map(|d| root().join(d)).iter().filter(|d| d.is_dir()) {
        for path in jx_files(dir) {
            let source = read(&path);
            taken += usize::from(fast_path_takes(&path.display().to_string(), &source));
        }
    }
    assert!(taken > 50, "the fast path took only {taken} files");
}

/// The examples, the spec's examples and the built-in templates are in the
/// subset: each one that pest parses clean, the fast path takes.
#[test]
fn the_fast_path_takes_the_examples_and_templates() {
    let spec = root().join("../shared/spec/examples");
    let mut files = jx_files(&root().join("examples"));
    files.extend(jx_files(&root().join("templates")));
    if spec.is_dir() {
        files.extend(jx_files(&spec));
    }
    for path in files {
        let source = read(&path);
        let name = path.display().to_string();
        let outside = OUTSIDE_THE_SUBSET.iter().any(|(f, _)| name.ends_with(f));
        if parses_clean(&source) && !outside {
            assert!(fast_path_takes(&name, &source), "{name}: left to pest");
        }
    }
}

/// The generated corpus of the benchmarks, all of it taken.
#[test]
fn the_fast_path_takes_the_generated_corpus() {
    for (indicators, paragraphs) in [(1, 0), (7, 3), (20, 12), (60, 30)] {
        for seed in 1..=40 {
            let source = corpus::generate(seed, indicators, paragraphs);
            let name = format!("seed {seed}, {indicators} indicators");
            assert!(fast_path_takes(&name, &source), "{name}: left to pest");
        }
    }
}

/// An evaluation whose indicator `"x"` has `fields`.
fn with_fields(fields: &str) -> String {
    format!(
        "自评表 \"t\" {{\n  绩效指标 {{\n    产出指标 {{\n      数量指标 {{\n        \"x\" {fields}\n        \"y\" 分值 5\n      }}\n    }}\n  }}\n}}\n"
    )
}

/// Inputs where a hand-written parser easily reads otherwise than pest:
/// each is either taken with pest's tree or left to pest.
#[test]
fn tricky_inputs_agree_with_pest() {
    let fields = [
        "完成值 6009 人次 分值 10",
        "完成值 100 分值 10",
        "完成值 100 个 10",
        "指标值 95%以上 完成值 96%",
        "指标值 ≥ 95 % 完成值 96 %",
        "指标值 ≥95%以上",
        "指标值 不低于 90% 完成值 3天以内",
        "指标值 3个工作日以内 完成值 100以上",
        "完成值 1,200 分值 1，200.5",
        "完成值 1,2345",
        "完成值 1234,567",
        "完成值 -5 分值 .5",
        "分值",
        "分值\n",
        "分值 \n 完成值 10",
        "完成值 /* 注 */ 10 // 注\n 分值 /* 多\n行 */ 5",
        "完成值 // 注\n 10",
        "完成值 \"a\\\"b\\\\c\" 等级 达成",
        "完成值 \"多行\n    文字\n\n    第二段\"",
        "完成值 \"{年度}\"",
        "完成值 \"\\q\"",
        "完成值 2023-12-28 指标值 ≤2023-12-28",
        "完成值 2023-12-281",
        "完成值 10元/人 指标值 5㎡",
        "完成值 10 元//注\n",
        "完成值：10",
        "完成值 １０",
        "完成值 ＞＝10",
        "完成值 99999999999999999999999999999999",
        "完成值 “中文”",
        "完成值 achieved_ 分值 10分",
        "年度资金总额 10",
    ];
    for f in fields {
        fast_path_takes(f, &with_fields(f));
    }
    let items = [
        "年度 2022年",
        "年度 2022年度",
        "年度 2022年底",
        "年度 99999999999",
        "年度资金总额 1",
        "年度总体目标 { 预期目标 \"a\" 实际完成情况 \"b\" }",
        "项目资金 万元 { 年度资金总额 100 100 90 分值 10 执行率 90% 得分 9分\n 当年财政拨款 1,000 - ——\n 其中：当年财政拨款 1 2 }",
        "项目资金 { 年度资金总额 100 100 分值 10 分值 5 }",
        "项目资金 { 年度资金总额 100 100 得分 9 // 注\n 上年结转 - - }",
        "项目资金 { 分值 100 100 }",
        "项目资金 { 偏差 \"说明\" 监控 2025-06-30 a 1 2 执行数 3 预计执行数 4 }",
        "项目资金 { 年度资金总额：100 100 }",
        "标题 \"a\" 主管部门 \"b\" 实施单位 \"c\" 表样 \"四川2023\"",
        "栏目 { 评价结论 \"好\" } 项目汇总 { \"a.jx\" }",
        "评分方案 { 总分 100 等级 { 优 90 良 80 } 指标体系 { 产出指标 50 { 数量指标 } } }",
        "未知 1 2",
    ];
    for item in items {
        fast_path_takes(item, &format!("自评表 \"t\" {{\n  {item}\n}}\n"));
    }
    let tops = [
        "自评报告 \"r\" { 副标题 \"s\" 章 \"c\" { 节 \"1\" 小节 \"2\" 款 \"3\" \"p\" 列表 { \"a\" \"b\" } 表格 偏差 } 落款 \"x\" 2024-02-20 }",
        "表样 \"t\" { 标题 \"{年度}年\" 列 { 一 \"一级\" 18mm 二 50% 3 } 评分方案 { 总分 100 } }",
        "\u{FEFF}// 注\r\n自评表\u{3000}\"t\" {\r\n}\r\n",
        "自评表 \"t\" ｛ ｝",
        "自评表 \"t\" { } junk",
    ];
    for top in tops {
        fast_path_takes(top, top);
    }
}

/// The fast path is not a no-op on the tricky inputs it should take.
#[test]
fn the_fast_path_takes_the_plain_tricky_inputs() {
    for f in [
        "完成值 6009 人次 分值 10",
        "指标值 95%以上 完成值 96%",
        "指标值 ≥ 95 % 完成值 96 %",
        "完成值 1,200 分值 10",
        "完成值 /* 注 */ 10 // 注\n 分值 /* 多\n行 */ 5",
        "完成值 \"多行\n    文字\n\n    第二段\"",
        "分值 \n 完成值 10",
    ] {
        let source = with_fields(f);
        if f.starts_with("分值 \n") {
            // `完成值` is then the value of 分值, and `10` a malformed field.
            assert!(!fast_path_takes(f, &source), "{f}");
        } else {
            assert!(fast_path_takes(f, &source), "{f}");
        }
    }
}
