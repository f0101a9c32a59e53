//! The command line as a user meets it: exit codes, stdout and stderr.

mod support;

use support::{jixiao, model, root};

#[test]
fn check_accepts_the_examples_with_the_seed_warning() {
    let run = jixiao(
        &[
            "check",
            "examples/yuelu-2021.jx",
            "examples/scoring-showcase.jx",
        ],
        &[],
    );
    insta::assert_snapshot!(run.transcript());
    assert_eq!(run.code, 0);
}

#[test]
fn check_reports_errors_in_chinese_from_the_locale() {
    let run = jixiao(
        &["check", "tests/fixtures/errors/several-problems.jx"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    insta::assert_snapshot!(run.transcript());
    assert_eq!(run.code, 1);
}

#[test]
fn check_in_json_for_editors() {
    let run = jixiao(
        &[
            "check",
            "--format",
            "json",
            "tests/fixtures/errors/unknown-level2.jx",
        ],
        &[],
    );
    insta::assert_snapshot!(run.transcript());
    assert_eq!(run.code, 1);
}

#[test]
fn a_missing_file_is_an_io_error() {
    let run = jixiao(
        &["--lang", "zh", "check", "tests/fixtures/no-such-file.jx"],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("无法读取 tests/fixtures/no-such-file.jx"),
        "{}",
        run.stderr
    );
}

#[test]
fn usage_errors_exit_2() {
    let run = jixiao(&["check"], &[]);
    assert_eq!(run.code, 2);
    let run = jixiao(&["frobnicate"], &[]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_file_that_is_not_utf8_names_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.jx");
    // "自评表" in GBK after 7 ASCII bytes.
    std::fs::write(&path, b"// gbk\n\xd7\xd4\xc6\xc0\xb1\xed").unwrap();
    let run = jixiao(&["check", path.to_str().unwrap()], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("is not UTF-8 (at byte 7)"),
        "{}",
        run.stderr
    );
}

#[test]
fn typst_prints_the_source_the_library_emits() {
    let run = jixiao(&["typst", "examples/yuelu-2021.jx"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        jixiao::emit(&model(&root().join("examples/yuelu-2021.jx")))
    );
}

#[test]
fn typst_of_a_bundle_prints_the_source_build_bundle_compiles() {
    let files = ["examples/yuelu-2021.jx", "examples/scoring-showcase.jx"];
    let run = jixiao(
        &["typst", "--bundle", "--title", "汇编", files[0], files[1]],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let models = files.map(|f| model(&root().join(f)));
    assert_eq!(
        run.stdout,
        jixiao::emit_bundle(&[&models[0], &models[1]], "汇编")
    );
}

#[test]
fn typst_of_many_files_without_bundle_is_refused() {
    let run = jixiao(
        &[
            "typst",
            "examples/yuelu-2021.jx",
            "examples/scoring-showcase.jx",
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("--bundle prints"), "{}", run.stderr);
    let run = jixiao(&["--lang", "zh", "typst", "examples"], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("请加 --bundle"), "{}", run.stderr);
}

#[test]
fn typst_and_json_write_files_with_o() {
    let dir = tempfile::tempdir().unwrap();
    let typ = dir.path().join("out.typ");
    let json = dir.path().join("out.json");
    let run = jixiao(
        &[
            "typst",
            "examples/scoring-showcase.jx",
            "-o",
            typ.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = jixiao(
        &[
            "json",
            "examples/scoring-showcase.jx",
            "-o",
            json.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::read_to_string(&typ)
            .unwrap()
            .contains("示例区老旧小区改造提质项目")
    );
    let value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(value["evaluation"]["total_score"], "88.17");
    // Nothing but the two outputs is left in the folder.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn json_of_a_broken_file_prints_diagnostics_and_no_json() {
    let run = jixiao(
        &["json", "tests/fixtures/errors/score-mismatch-ratio.jx"],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.contains("E501"), "{}", run.stderr);
}

#[test]
fn an_output_path_equal_to_the_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("a.jx");
    std::fs::copy(root().join("examples/yuelu-2021.jx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for command in ["typst", "json", "build"] {
        let run = jixiao(
            &[
                command,
                input.to_str().unwrap(),
                "-o",
                input.to_str().unwrap(),
            ],
            &[],
        );
        assert_eq!(run.code, 1, "{command}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to overwrite"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let file = "tests/fixtures/errors/deviation-missing.jx";
    assert_eq!(jixiao(&["check", file], &[]).code, 0);
    let run = jixiao(&["check", "--deny", "warnings", file], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("W507"), "{}", run.stderr);
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let run = jixiao(
        &[
            "build",
            "--deny",
            "warnings",
            file,
            "-o",
            pdf.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(!pdf.exists());
}

#[test]
fn completions_for_each_shell() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = jixiao(&["completions", shell], &[]);
        assert_eq!(run.code, 0, "{shell}");
        assert!(run.stdout.contains("jixiao"), "{shell}");
        assert!(
            run.stdout.contains("summary"),
            "{shell}: subcommands are completed"
        );
    }
}

#[test]
fn init_writes_a_file_that_checks_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.jx");
    let path = file.to_str().unwrap();
    let run = jixiao(&["init", path, "--name", "示例项目", "--year", "2024"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("自评表 \"示例项目\""));
    assert!(text.contains("年度 2024"));
    for category in [
        "数量指标",
        "可持续影响指标",
        "服务对象满意度指标",
        "偏差及原因",
        "结果应用",
    ] {
        assert!(text.contains(category), "{category}");
    }
    let run = jixiao(&["check", "--format", "json", path], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let diagnostics: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics
            .iter()
            .all(|d| d["code"] == "W604" || d["code"] == "W307")
    );
    let run = jixiao(&["init", path], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("exists already"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}

#[test]
fn fmt_rewrites_in_place_checks_and_leaves_broken_files_alone() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jx");
    let messy = std::fs::read_to_string(root().join("examples/scoring-showcase.jx"))
        .unwrap()
        .replace("  年度 2022", "年度    2022");
    std::fs::write(&file, &messy).unwrap();
    let path = file.to_str().unwrap();
    let run = jixiao(&["fmt", "--check", path], &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("-年度    2022") && run.stdout.contains("+  年度 2022"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        messy,
        "--check changes nothing"
    );
    assert_eq!(jixiao(&["fmt", path], &[]).code, 0);
    assert_eq!(jixiao(&["fmt", "--check", path], &[]).code, 0);
    let run = jixiao(&["fmt", "--keywords", "en", path], &[]);
    assert_eq!(run.code, 0);
    let english = std::fs::read_to_string(&file).unwrap();
    assert!(english.contains("evaluation \"示例区老旧小区改造提质项目\""));
    assert!(english.contains("target ≥30个"));
    let broken = dir.path().join("broken.jx");
    std::fs::copy(
        root().join("tests/fixtures/errors/syntax-unclosed-block.jx"),
        &broken,
    )
    .unwrap();
    let before = std::fs::read(&broken).unwrap();
    let run = jixiao(&["fmt", broken.to_str().unwrap()], &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E103"), "{}", run.stderr);
    assert_eq!(std::fs::read(&broken).unwrap(), before);
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        2,
        "no temporary file is left"
    );
}
