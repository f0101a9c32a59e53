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

/// A folder stands for the .jx files in it and its subfolders, as with
/// `build`; a folder without any counts as a file that could not be read.
#[test]
fn check_takes_folders() {
    let folder = jixiao(&["check", "examples"], &[]);
    let files = jixiao(
        &[
            "check",
            "examples/mof-outline.jx",
            "examples/scoring-showcase.jx",
            "examples/yuelu-2021.en.jx",
            "examples/yuelu-2021.jx",
        ],
        &[],
    );
    assert_eq!(folder.transcript(), files.transcript());
    assert_eq!(folder.code, 0);
    let empty = tempfile::tempdir().unwrap();
    let run = jixiao(
        &["check", "--lang", "zh", empty.path().to_str().unwrap()],
        &[],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("无法读取"), "{}", run.stderr);
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
fn an_output_in_a_missing_folder_names_the_folder_in_the_users_words() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("没有的文件夹").join("表.typ");
    let output = output.to_str().unwrap();
    for (lang, expected) in [
        ("zh", "文件夹 {} 不存在；请先建好它，或用 -o 另选位置"),
        (
            "en",
            "the folder {} does not exist; make it first, or choose another place with -o",
        ),
    ] {
        let run = jixiao(
            &[
                "--lang",
                lang,
                "typst",
                "examples/yuelu-2021.jx",
                "-o",
                output,
            ],
            &[],
        );
        assert_eq!(run.code, 2, "{}", run.stderr);
        let folder = dir.path().join("没有的文件夹");
        let expected = expected.replace("{}", folder.to_str().unwrap());
        assert!(run.stderr.contains(&expected), "{}", run.stderr);
        // Neither the system's English nor the temporary file's name.
        assert!(!run.stderr.contains("os error"), "{}", run.stderr);
        assert!(!run.stderr.contains(".jixiao-"), "{}", run.stderr);
    }
}

#[test]
fn usage_errors_exit_2() {
    let run = jixiao(&["check"], &[]);
    assert_eq!(run.code, 2);
    let run = jixiao(&["frobnicate"], &[]);
    assert_eq!(run.code, 2);
}

#[test]
fn a_file_in_no_known_encoding_names_the_line_and_the_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.jx");
    // "自评表" in GBK on line 2, then a byte that is neither GBK nor UTF-8.
    std::fs::write(&path, b"// gbk\n\xd7\xd4\xc6\xc0\xb1\xed\xff").unwrap();
    let path = path.to_str().unwrap();
    let run = jixiao(&["check", path], &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(run.code, 1);
    let zh = format!(
        "错误: 无法识别 {path} 的编码：按 GB18030/GBK 读取，第 2 行（文件的第 13 字节）是无效的字节"
    );
    assert!(run.stderr.contains(&zh), "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("1 个错误，0 个警告（其中 1 个是无法读取、没有检查的文件）\n"),
        "{}",
        run.stderr
    );
    let run = jixiao(&["check", path], &[]);
    let en = format!(
        "error: cannot tell the encoding of {path}: read as GB18030/GBK, line 2 (byte 13 of the file) is not valid"
    );
    assert!(run.stderr.contains(&en), "{}", run.stderr);
}

#[test]
fn a_gbk_file_is_read_with_a_warning_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gbk.jx");
    let text =
        std::fs::read_to_string(root().join("tests/fixtures/errors/unknown-level2.jx")).unwrap();
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    std::fs::write(&path, &bytes).unwrap();
    for lang in ["zh", "en"] {
        let run = jixiao(&["--lang", lang, "check", path.to_str().unwrap()], &[]);
        assert_eq!(run.code, 1);
        let transcript = run.transcript().replace(path.to_str().unwrap(), "gbk.jx");
        insta::assert_snapshot!(format!("gbk_{lang}"), transcript);
    }
}

#[test]
fn the_language_is_chinese_unless_something_says_otherwise() {
    let file = "tests/fixtures/errors/unknown-level2.jx";
    let nothing = [("LANG", ""), ("LANGUAGE", ""), ("LC_CTYPE", "")];
    let run = jixiao(&["check", file], &nothing);
    assert!(
        run.stderr.ends_with("1 个错误，0 个警告\n"),
        "{}",
        run.stderr
    );
    let run = jixiao(&["check", file], &[("LANG", "en_US.UTF-8")]);
    assert!(
        run.stderr.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
    let run = jixiao(&["--lang", "en", "check", file], &nothing);
    assert!(
        run.stderr.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
    let run = jixiao(&["check", file], &[("LANG", ""), ("LANGUAGE", "en_GB:en")]);
    assert!(
        run.stderr.ends_with("1 error, 0 warnings\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn help_and_usage_errors_in_chinese() {
    let zh = [("LANG", "zh_CN.UTF-8")];
    let run = jixiao(&["build", "--help"], &zh);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
    let run = jixiao(&["check"], &zh);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("错误：缺少必需的参数（详见上面的英文说明）"),
        "{}",
        run.stderr
    );
    let run = jixiao(&["check", "--format", "yaml", "a.jx"], &zh);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("错误：参数的值无效"), "{}", run.stderr);
    let run = jixiao(&["--lang", "en", "check"], &zh);
    assert!(!run.stderr.contains("错误"), "{}", run.stderr);
    assert!(
        run.stderr.contains("help: run jixiao --help"),
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
        jixiao::emit_bundle(&[&models[0], &models[1]], "汇编").unwrap()
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

/// A broken file's JSON is its partial model: every figure that could be
/// computed (the indicator whose 得分 is wrong with the score its rule
/// gives), the diagnostics, no 总分; exit 1. (It printed nothing.)
#[test]
fn json_of_a_broken_file_prints_the_figures_that_could_be_computed() {
    let run = jixiao(
        &["json", "tests/fixtures/errors/score-mismatch-ratio.jx"],
        &[],
    );
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E501"), "{}", run.stderr);
    let value: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(value["partial"], true);
    let indicators = value["indicators"].as_array().unwrap();
    let wrong = indicators
        .iter()
        .find(|i| i["name"] == "完成数量")
        .expect("the indicator with the error");
    assert_eq!(wrong["score"], "40.00");
    assert_eq!(wrong["line"], 21);
    assert_eq!(indicators.len(), 3, "{indicators:?}");
    assert_eq!(value["funds_rows"][0]["execution_rate"], "100.00");
    assert_eq!(value["total"], serde_json::Value::Null);
    assert_eq!(value["diagnostics"][0]["code"], "E501");
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

#[test]
fn a_file_that_cannot_be_read_counts_as_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("x.jx");
    std::fs::create_dir(&folder).unwrap();
    let undecodable = dir.path().join("undecodable.jx");
    // Bytes of no encoding jixiao reads (0xFF starts nothing in GB18030).
    std::fs::write(&undecodable, b"\xff\xff\xff").unwrap();
    let good = root().join("tests/fixtures/ok/minimal.jx");
    let run = jixiao(
        &[
            "check",
            folder.to_str().unwrap(),
            good.to_str().unwrap(),
            undecodable.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "2 errors, 0 warnings (2 of them: files that could not be read and were not checked)\n"
        ),
        "{}",
        run.stderr
    );
    let run = jixiao(
        &["--lang", "zh", "check", undecodable.to_str().unwrap()],
        &[],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with("1 个错误，0 个警告（其中 1 个是无法读取、没有检查的文件）\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn init_refuses_a_year_it_cannot_write() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.jx");
    let path = file.to_str().unwrap();
    for year in ["9999", "1899", "2101", "0", "4294967295"] {
        let run = jixiao(&["init", path, "--year", year], &[]);
        assert_eq!(run.code, 1, "{year}: {}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "the year {year} is not within 1900–2100; nothing was written"
            )),
            "{year}: {}",
            run.stderr
        );
        assert!(!file.exists(), "{year}");
    }
    let run = jixiao(&["--lang", "zh", "init", path, "--year", "9999"], &[]);
    assert!(
        run.stderr.contains("年度 9999 不在 1900–2100 之间"),
        "{}",
        run.stderr
    );
    // The ends of the range are written, and their 落款 dates check.
    for year in ["1900", "2100"] {
        let run = jixiao(&["init", path, "--year", year], &[]);
        assert_eq!(run.code, 0, "{year}: {}", run.stderr);
        let run = jixiao(&["check", "--format", "json", path], &[]);
        assert_eq!(run.code, 0, "{year}: {}", run.stdout);
        std::fs::remove_file(&file).unwrap();
    }
}

#[test]
fn o_names_a_folder_with_spaces_and_chinese_names() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("项目 2021").join("岳麓 区.jx");
    std::fs::create_dir_all(input.parent().unwrap()).unwrap();
    std::fs::copy(root().join("examples/yuelu-2021.jx"), &input).unwrap();
    let input = input.to_str().unwrap();
    // An existing folder, and one written with a trailing separator.
    let existing = dir.path().join("输出 文件夹");
    std::fs::create_dir(&existing).unwrap();
    let run = jixiao(&["typst", input, "-o", existing.to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(existing.join("岳麓 区.typ").is_file());
    let slash = format!("{}/", existing.display());
    let run = jixiao(&["json", input, "-o", &slash], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(existing.join("岳麓 区.json").is_file());
    assert_eq!(std::fs::read_dir(&existing).unwrap().count(), 2);
}

#[test]
fn init_names_the_file_after_the_project_validly_on_windows() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "init",
        "--name",
        "“三供一业”改造：2021/2022?",
        "--year",
        "2021",
    ];
    let run = support::jixiao_in(dir.path(), &args, &[("LANG", "zh_CN.UTF-8")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let name = "“三供一业”改造：2021／2022？.jx";
    assert!(dir.path().join(name).is_file());
    assert!(
        run.stderr.contains(&format!("已生成 {name}")),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_takes_jx_files_in_any_case() {
    let dir = tempfile::tempdir().unwrap();
    let messy = std::fs::read_to_string(root().join("examples/scoring-showcase.jx"))
        .unwrap()
        .replace("  年度 2022", "年度    2022");
    std::fs::write(dir.path().join("大写.JX"), messy).unwrap();
    let run = jixiao(&["fmt", "--check", dir.path().to_str().unwrap()], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("+  年度 2022"), "{}", run.stdout);
}
