//! Snapshot tests over the fixture folders and the examples.

mod support;

use std::path::Path;

use support::{Lang, diagnostics, model, read, root};

#[test]
fn broken_files_in_chinese() {
    insta::glob!("fixtures/errors/*.jx", |path| {
        let text = diagnostics(path, Lang::Zh);
        assert!(!text.is_empty(), "{} gives no diagnostic", path.display());
        insta::assert_snapshot!(text);
    });
}

#[test]
fn broken_files_in_english() {
    insta::glob!("fixtures/errors/*.jx", |path| {
        insta::assert_snapshot!(diagnostics(path, Lang::En));
    });
}

#[test]
fn valid_files_have_no_errors() {
    insta::glob!(
        env!("CARGO_MANIFEST_DIR"),
        "{tests/fixtures/ok,examples}/*.jx",
        |path| {
            let checked = jixiao::compile(&read(path));
            assert!(
                checked.model.is_some(),
                "{}:\n{}",
                path.display(),
                diagnostics(path, Lang::En)
            );
        }
    );
}

#[test]
fn typst_source_of_the_examples() {
    insta::glob!(env!("CARGO_MANIFEST_DIR"), "examples/*.jx", |path| {
        insta::assert_snapshot!(jixiao::emit(&model(path)));
    });
}

#[test]
fn typst_and_json_of_valid_fixtures() {
    insta::glob!("fixtures/ok/*.jx", |path| {
        let model = model(path);
        insta::assert_snapshot!("typst", jixiao::emit(&model));
        insta::assert_snapshot!("json", serde_json::to_string_pretty(&model).unwrap());
    });
}

#[test]
fn json_of_the_showcase() {
    let model = model(&root().join("examples/scoring-showcase.jx"));
    insta::assert_snapshot!(serde_json::to_string_pretty(&model).unwrap());
}

#[test]
fn chinese_and_english_keywords_give_identical_typst() {
    let zh = jixiao::emit(&model(&root().join("examples/yuelu-2021.jx")));
    let en = jixiao::emit(&model(&root().join("examples/yuelu-2021.en.jx")));
    assert_eq!(zh, en);
}

#[test]
fn the_seed_has_exactly_one_warning() {
    for file in ["examples/yuelu-2021.jx", "examples/yuelu-2021.en.jx"] {
        let checked = jixiao::compile(&read(&root().join(file)));
        let warnings: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.severity() == jixiao::diag::Severity::Warning)
            .map(|d| d.code())
            .collect();
        assert_eq!(warnings, ["W403"], "{file}");
    }
}

/// The figures written in the comments of the showcase, computed exactly.
#[test]
fn showcase_figures_match_its_comments() {
    let json = serde_json::to_value(model(Path::new(
        &root().join("examples/scoring-showcase.jx"),
    )))
    .unwrap();
    let e = &json["evaluation"];
    let rates: Vec<&str> = e["funds"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["execution_rate"].as_str())
        .collect();
    assert_eq!(rates, ["94.64", "95.65", "90.00"]);
    assert_eq!(e["funds"]["score"], "9.46");
    let scores: Vec<(&str, &str)> = e["categories"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l1| l1["categories"].as_array().unwrap())
        .flat_map(|l2| l2["indicators"].as_array().unwrap())
        .map(|i| (i["name"].as_str().unwrap(), i["score"].as_str().unwrap()))
        .collect();
    assert_eq!(
        scores,
        [
            ("改造老旧小区数量", "13.50"),
            ("加装电梯数量", "10.00"),
            ("竣工验收合格率", "10.00"),
            ("项目完工时间", "0.00"),
            ("户均改造成本", "9.21"),
            ("惠及居民户数", "9.00"),
            ("居住环境改善情况", "7.00"),
            ("长效管理机制", "10.00"),
            ("居民满意度", "10.00"),
        ]
    );
    assert_eq!(e["total_score"], "88.17");
    assert_eq!(e["grade"], "良");
}

/// docs/LANGUAGE.md lists every code with a fixture that gives it, and every
/// code a fixture gives is listed.
#[test]
fn every_code_is_documented_with_an_example() {
    let doc = read(&root().join("docs/LANGUAGE.md"));
    let mut documented = std::collections::BTreeSet::new();
    for line in doc.lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let is_code = |c: &str| {
            c.len() == 4
                && c.starts_with(['E', 'W', 'A'])
                && c[1..].bytes().all(|b| b.is_ascii_digit())
        };
        if cells.len() < 6 || !is_code(cells[1]) {
            continue;
        }
        let (code, example) = (cells[1], cells[4]);
        documented.insert(code.to_string());
        if example.starts_with("(tests/") {
            // Shown by a test that builds its own input.
            continue;
        }
        let path = root().join("tests/fixtures/errors").join(example);
        let checked = jixiao::compile(&read(&path));
        assert!(
            checked.diagnostics.iter().any(|d| d.code() == code),
            "{example} does not give {code}"
        );
    }
    assert!(documented.len() >= 30, "the code table was not found");
    for entry in std::fs::read_dir(root().join("tests/fixtures/errors")).unwrap() {
        let path = entry.unwrap().path();
        for d in jixiao::compile(&read(&path)).diagnostics {
            assert!(
                documented.contains(d.code()),
                "{} gives {}, which docs/LANGUAGE.md does not list",
                path.display(),
                d.code()
            );
        }
    }
}

/// The seed example quotes the form in its report where the seed repeated
/// figures by hand; it prints exactly what the spec's version prints.
#[test]
fn the_rewritten_seed_prints_what_the_spec_version_prints() {
    let spec = jixiao::emit(&model(&root().join("tests/fixtures/spec/yuelu-2021.jx")));
    for file in ["examples/yuelu-2021.jx", "examples/yuelu-2021.en.jx"] {
        let source = read(&root().join(file));
        assert!(source.contains("万元"), "{file}");
        assert!(
            !source.contains("2000万元"),
            "{file} still repeats a figure by hand"
        );
        assert_eq!(jixiao::emit(&model(&root().join(file))), spec, "{file}");
    }
}

/// Every kind of reference and every building block of the report, in the
/// Ministry-outline example.
#[test]
fn the_outline_example_quotes_the_form() {
    use jixiao::model::{Block, FormTable};
    let model = model(&root().join("examples/mof-outline.jx"));
    let report = model.report.as_ref().expect("a report");
    let text: String = report
        .chapters
        .iter()
        .flat_map(|c| &c.blocks)
        .map(|b| match b {
            Block::Paragraph { text } => text.clone(),
            Block::List { items } => items.join("|"),
            _ => String::new(),
        })
        .collect();
    for expected in [
        "全年预算数2800万元",  // a funds cell
        "上年结转资金500万元", // another row
        "全年执行数2650万元",
        "执行率94.64%",                                     // {执行率}
        "预算执行得分9.46分（分值10分）",                   // funds score and weight
        "自评总分88.17分，等级为“良”",                      // {总分} {等级}
        "产出指标得分42.71分（分值50分）",                  // a category subtotal
        "计划改造老旧小区≥30个，实际完成27个，得分13.50分", // target, actual, score
        "得分0分",                                          // a pass-rule score
        "户均改造成本3.8万元",
        "居民满意度92.5%（分值10分）", // an indicator's weight
        "写作{总分}",                  // doubled braces
    ] {
        assert!(text.contains(expected), "missing {expected} in\n{text}");
    }
    let blocks: Vec<&Block> = report.chapters.iter().flat_map(|c| &c.blocks).collect();
    for level in [2, 3, 4] {
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Heading { level: l, .. } if *l == level))
        );
    }
    assert!(
        blocks
            .iter()
            .any(|b| matches!(b, Block::List { items } if items.len() == 3))
    );
    for table in [
        FormTable::Deviations,
        FormTable::Indicators,
        FormTable::Funds,
    ] {
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::Table { table: t } if *t == table))
        );
    }
}

/// Two diagnostics on overlapping spans usually report one cause twice, and
/// so do two of one code on spans that touch.
/// The pairs below were reviewed: each reports two causes that happen to
/// share a place.
const DISTINCT_CAUSES_AT_ONE_PLACE: &[(&str, &str, &str)] = &[
    // Year and department both missing: reported at the evaluation's keyword.
    ("E211", "E211", "each names its own missing item"),
    // 指标值 and 完成值 both missing: reported at the indicator's name.
    ("E212", "E212", "each names its own missing field"),
    // A budget of 10⁻²⁸ for 100 spent: the rate cannot be computed, and the
    // amount spent is above the budget.
    ("E408", "W302", "an overflow, and spending above the budget"),
];

#[test]
fn no_two_diagnostics_share_a_cause() {
    insta::glob!(
        env!("CARGO_MANIFEST_DIR"),
        "{tests/fixtures/errors,tests/fixtures/ok,examples}/*.jx",
        |path| {
            let diagnostics = jixiao::compile(&read(path)).diagnostics;
            // A point span (a missing thing) takes the character after it.
            let range =
                |d: &jixiao::diag::Diagnostic| d.span.start..d.span.end.max(d.span.start + 1);
            for (i, a) in diagnostics.iter().enumerate() {
                for b in &diagnostics[i + 1..] {
                    let (ra, rb) = (range(a), range(b));
                    // Two of one kind side by side (`＞＝` and `１０` of
                    // `＞＝１０个`) are one slip reported in pieces.
                    let touching =
                        a.code() == b.code() && (ra.end == rb.start || rb.end == ra.start);
                    if ra.start < rb.end && rb.start < ra.end || touching {
                        let pair = (a.code(), b.code());
                        assert!(
                            DISTINCT_CAUSES_AT_ONE_PLACE
                                .iter()
                                .any(|(x, y, _)| (*x, *y) == pair || (*y, *x) == pair),
                            "{}: {} and {} at one place; if they have two causes, add the pair to DISTINCT_CAUSES_AT_ONE_PLACE",
                            path.display(),
                            a.code(),
                            b.code()
                        );
                    }
                }
            }
        }
    );
}
