//! Many files at once: batch builds, bundles and the summary table.

mod support;

use support::{Extract, jixiao, pdf_text, root};

/// A folder with the examples, and a broken file in the middle of them.
fn department() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["yuelu-2021.jx", "scoring-showcase.jx"] {
        std::fs::copy(root().join("examples").join(name), dir.path().join(name)).unwrap();
    }
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::fs::copy(
        root().join("tests/fixtures/errors/funds-sum.jx"),
        dir.path().join("sub/broken.jx"),
    )
    .unwrap();
    std::fs::copy(
        root().join("tests/fixtures/ok/regional-scheme.jx"),
        dir.path().join("sub/regional.jx"),
    )
    .unwrap();
    dir
}

#[test]
fn a_batch_goes_on_past_a_failing_file() {
    let dir = department();
    let run = jixiao(&["build", "-j", "2", dir.path().to_str().unwrap()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("E301"), "{}", run.stderr);
    assert!(
        run.stderr.contains("built 3, failed 1, warnings 2"),
        "{}",
        run.stderr
    );
    for built in ["yuelu-2021.pdf", "scoring-showcase.pdf", "sub/regional.pdf"] {
        assert!(dir.path().join(built).exists(), "{built}");
    }
    assert!(!dir.path().join("sub/broken.pdf").exists());
}

#[test]
fn a_batch_of_good_files_succeeds_quietly_when_not_a_terminal() {
    let dir = department();
    std::fs::remove_file(dir.path().join("sub/broken.jx")).unwrap();
    let run = jixiao(&["build", dir.path().to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        !run.stderr.contains('\r'),
        "no progress line off a terminal"
    );
    assert!(
        run.stderr.ends_with("built 3, failed 0, warnings 1\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bundle_holds_every_evaluation_with_a_summary() {
    let dir = department();
    std::fs::remove_file(dir.path().join("sub/broken.jx")).unwrap();
    let out = dir.path().join("bundle.pdf");
    let run = jixiao(
        &[
            "build",
            "--bundle",
            out.to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&out, Extract::Squeezed);
    for expected in [
        "项目支出绩效自评汇编",
        "项目支出绩效自评汇总表",
        "目录",
        "示例区老旧小区改造提质项目",
        "岳麓区灵活就业社保补贴",
        "示例县农村公路养护项目",
        "合计",
        "5280",   // 2800 + 2000 + 480
        "5082",   // 2650 + 2000 + 432
        "96.25%", // 5082 / 5280
        "自评等级：好",
        "长沙市岳麓区人力资源和社会保障局",
    ] {
        assert!(text.contains(expected), "the bundle lacks {expected}");
    }
}

#[test]
fn a_bundle_with_a_broken_file_writes_nothing() {
    let dir = department();
    let out = dir.path().join("bundle.pdf");
    let run = jixiao(
        &[
            "build",
            "--bundle",
            out.to_str().unwrap(),
            dir.path().to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no bundle was written"),
        "{}",
        run.stderr
    );
    assert!(!out.exists());
}

#[test]
fn the_summary_carries_the_figures_of_the_examples() {
    let run = jixiao(
        &[
            "summary",
            "examples/yuelu-2021.jx",
            "examples/scoring-showcase.jx",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let run = jixiao(
        &[
            "summary",
            "--format",
            "json",
            "examples/yuelu-2021.jx",
            "examples/scoring-showcase.jx",
        ],
        &[],
    );
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["rows"][1]["execution_rate"], "94.64");
    assert_eq!(json["rows"][1]["total_score"], "88.17");
    assert_eq!(json["annual_budget"], "4800");
    assert_eq!(json["execution_rate"], "96.88");
    assert_eq!(json["average_score"], "94.09"); // (100 + 88.17) / 2 = 94.085
}

#[test]
fn the_summary_as_a_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("summary.xlsx");
    let run = jixiao(
        &[
            "summary",
            "--format",
            "xlsx",
            "examples/scoring-showcase.jx",
        ],
        &[],
    );
    assert_eq!(run.code, 1, "xlsx needs -o");
    let run = jixiao(
        &[
            "summary",
            "--format",
            "xlsx",
            "-o",
            out.to_str().unwrap(),
            "examples",
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("xl/worksheets/sheet1.xml"));
}
