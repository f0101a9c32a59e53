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

/// A folder holding `names`, each a copy of the minimal evaluation.
fn copies(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in names {
        std::fs::copy(
            root().join("tests/fixtures/ok/minimal.jx"),
            dir.path().join(name),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_summary_never_replaces_one_of_its_inputs() {
    let dir = copies(&["a.jx", "b.jx"]);
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    let before = std::fs::read(at("b.jx")).unwrap();
    // The second input named as it is, spelt another way, and reached
    // through a folder argument.
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).unwrap();
    let roundabout = sub.join("../b.jx").to_str().unwrap().to_string();
    let cases = [
        vec![at("a.jx"), at("b.jx")],
        vec![at("a.jx"), at("b.jx")],
        vec![dir.path().to_str().unwrap().to_string()],
    ];
    for (inputs, output) in cases
        .iter()
        .zip([at("b.jx"), roundabout.clone(), roundabout])
    {
        let mut args = vec!["summary".to_string()];
        args.extend(inputs.iter().cloned());
        args.extend(["-o".to_string(), output.clone()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = jixiao(&args, &[]);
        assert_eq!(run.code, 1, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to overwrite"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(std::fs::read(at("b.jx")).unwrap(), before, "{args:?}");
    }
    // A new file beside them is fine.
    let run = jixiao(
        &["summary", &at("a.jx"), &at("b.jx"), "-o", &at("s.csv")],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_batch_whose_files_would_write_one_pdf_builds_nothing() {
    let dir = copies(&["a.jx", "a", "a.txt", "b.jx"]);
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_string();
    // No typst is needed: nothing may be built.
    let env = [("JIXIAO_TYPST", "/nonexistent/typst")];
    let run = jixiao(
        &["build", &at("a.jx"), &at("a"), &at("b.jx"), &at("a.txt")],
        &env,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = format!(
        "these files would write the same PDF, so nothing was built:\n  {} ← {}, {}, {}\n",
        at("a.pdf"),
        at("a.jx"),
        at("a"),
        at("a.txt")
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert!(!run.stderr.contains("typst"), "{}", run.stderr);
    assert!(!dir.path().join("a.pdf").exists());

    // A PDF of the batch that is also one of its inputs.
    std::fs::write(at("a.pdf"), "kept").unwrap();
    let run = jixiao(&["build", &at("a.jx"), &at("a.pdf")], &env);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("refusing to overwrite"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(at("a.pdf")).unwrap(), "kept");

    let run = jixiao(&["--lang", "zh", "build", &at("a.jx"), &at("a")], &env);
    assert!(
        run.stderr
            .contains("以下文件会写出同一个 PDF，因此什么都没有生成"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_folder_walk_visits_each_real_file_once() {
    use std::os::unix::fs::symlink;
    let dir = copies(&["a.jx"]);
    let folder = dir.path();
    // A loop back to the folder, a second name for a file, and a second
    // name for a folder.
    symlink(folder, folder.join("loop")).unwrap();
    symlink(folder.join("a.jx"), folder.join("alias.jx")).unwrap();
    std::fs::create_dir(folder.join("real")).unwrap();
    std::fs::copy(folder.join("a.jx"), folder.join("real/b.jx")).unwrap();
    symlink(folder.join("real"), folder.join("link")).unwrap();
    let path = folder.to_str().unwrap();
    let file = folder.join("a.jx");
    let run = jixiao(
        &[
            "summary",
            "--format",
            "json",
            path,
            file.to_str().unwrap(),
            path,
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let json: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(json["rows"].as_array().unwrap().len(), 2, "{json:#}");
    assert_eq!(json["annual_budget"], "200");
}

#[test]
fn summary_cells_a_spreadsheet_would_run_are_written_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jx");
    let minimal = std::fs::read_to_string(root().join("tests/fixtures/ok/minimal.jx")).unwrap();
    let hostile = minimal
        .replace("\"测试项目\"", "\"=HYPERLINK(\\\"http://x\\\",\\\"y\\\")\"")
        .replace("\"示例区财政局\"", "\"@SUM(A1:A9)\"");
    assert_ne!(hostile, minimal);
    std::fs::write(&file, &hostile).unwrap();
    let run = jixiao(&["summary", file.to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let row = run.stdout.lines().nth(1).unwrap();
    assert_eq!(
        row,
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",'@SUM(A1:A9),100,100,100.00%,100,优"
    );
    for (start, written) in [
        ("+1", "'+1"),
        ("-1+2", "'-1+2"),
        ("\t=1", "'\t=1"),
        ("=1", "'=1"),
        ("a=1", "a=1"),
    ] {
        let text = minimal.replace("\"示例区财政局\"", &format!("\"{start}\""));
        std::fs::write(&file, &text).unwrap();
        let run = jixiao(&["summary", file.to_str().unwrap()], &[]);
        assert_eq!(run.code, 0, "{start}: {}", run.stderr);
        let row = run.stdout.lines().nth(1).unwrap();
        assert!(
            row.starts_with(&format!("测试项目,{written},")),
            "{start}: {row}"
        );
    }
}
