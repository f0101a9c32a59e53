//! Many files at once: batch builds, bundles and the summary table.

mod support;

use std::path::{Path, PathBuf};

use support::{Extract, jixiao, pdf_pages, pdf_tagged, pdf_text, root};

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

/// The bundle of [`department`] without its broken file: the folder and
/// the PDF in it.
fn bundle_of_the_department() -> (tempfile::TempDir, PathBuf) {
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
    (dir, out)
}

#[test]
fn a_bundle_holds_every_evaluation_with_a_summary() {
    let (_dir, out) = bundle_of_the_department();
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
fn a_bundle_is_untagged_and_each_evaluations_own_pdf_tagged() {
    let (dir, out) = bundle_of_the_department();
    assert!(!pdf_tagged(&out), "the bundle carries accessibility tags");
    let single = dir.path().join("one.pdf");
    build_alone(&dir.path().join("yuelu-2021.jx"), &single);
    assert!(pdf_tagged(&single), "an evaluation's PDF lacks its tags");
}

#[test]
fn each_line_of_a_bundles_contents_gives_the_page_its_form_starts_on() {
    let (_dir, out) = bundle_of_the_department();
    let pages = pdf_pages(&out);
    let contents = pages
        .iter()
        .find(|page| page.starts_with("目录"))
        .expect("a contents page");
    let names = [
        "示例县农村公路养护项目",
        "示例区老旧小区改造提质项目",
        "岳麓区灵活就业社保补贴",
    ];
    for name in names {
        // The name, its leader of dots, then the page number.
        let after = &contents[contents.find(name).expect(name) + name.len()..];
        let number: String = after
            .trim_start_matches('.')
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let number: usize = number.parse().unwrap_or_else(|_| panic!("{contents}"));
        // The page whose folio is that number starts the evaluation's form.
        let folio = format!("—{number}—");
        let page = pages
            .iter()
            .find(|page| page.contains(&folio))
            .unwrap_or_else(|| panic!("no page {number}"));
        assert!(
            page.contains("自评表项目名称") && page.contains(name),
            "page {number} is not the form of {name}: {page}"
        );
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

/// A folder of every example and every good fixture, in two subfolders
/// (a batch's PDFs go beside their inputs, in different folders).
fn many_evaluations() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("ok")).unwrap();
    for (from, to) in [("examples", ""), ("tests/fixtures/ok", "ok")] {
        for entry in std::fs::read_dir(root().join(from)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "jx") {
                let target = dir.path().join(to).join(path.file_name().unwrap());
                std::fs::copy(&path, target).unwrap();
            }
        }
    }
    dir
}

/// How many evaluations [`many_evaluations`] holds: the examples and the
/// valid fixtures.
fn evaluations() -> usize {
    ["examples", "tests/fixtures/ok"]
        .iter()
        .flat_map(|from| std::fs::read_dir(root().join(from)).unwrap())
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "jx")
        })
        .count()
}

/// The PDFs under `dir`, by path relative to it, sorted.
fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for sub in ["", "ok"] {
        for entry in std::fs::read_dir(dir.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "pdf") {
                found.push(path.strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    found.sort();
    found
}

/// `jixiao build INPUT -o OUTPUT`, which must succeed.
fn build_alone(input: &Path, output: &Path) {
    let run = jixiao(
        &[
            "build",
            input.to_str().unwrap(),
            "-o",
            output.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
}

/// Checks that each PDF of a batch in `dir` is byte-identical to a plain
/// build of its input alone (`jixiao build FILE -o PDF`, one typst run of
/// one document), with the real typst.
fn assert_as_built_alone(dir: &Path, built: &[PathBuf]) {
    let alone = tempfile::tempdir().unwrap();
    for pdf in built {
        let input = dir.join(pdf).with_extension("jx");
        let single = alone.path().join("single.pdf");
        build_alone(&input, &single);
        assert!(
            std::fs::read(dir.join(pdf)).unwrap() == std::fs::read(&single).unwrap(),
            "{} differs from its plain build",
            pdf.display()
        );
    }
}

/// A typst that logs its arguments to `log` (one line a run), then runs
/// the real typst, unless `fail_on` is in the sources of its run.
#[cfg(unix)]
fn logging_typst(dir: &Path, log: &Path, fail_on: &str) -> PathBuf {
    let real = std::env::var("JIXIAO_TYPST").unwrap_or_else(|_| "typst".to_string());
    support::fake_typst(
        dir,
        &format!(
            "echo \"$*\" >> '{log}'\neval \"main=\\${{$(($# - 1))}}\"\nif [ \"$1\" = compile ] && [ -n '{fail_on}' ] && grep -qs '{fail_on}' \"$(dirname \"$main\")\"/*.typ; then echo 'error: this one is broken' >&2; exit 1; fi\nexec {real} \"$@\"",
            log = log.display(),
        ),
    )
}

#[cfg(unix)]
#[test]
fn separate_pdfs_come_from_few_typst_runs_byte_identical_to_plain_builds() {
    let dir = many_evaluations();
    let tools = tempfile::tempdir().unwrap();
    let log = tools.path().join("log");
    let typst = logging_typst(tools.path(), &log, "");
    let files = evaluations();
    let run = jixiao(
        &["build", "-j", "2", dir.path().to_str().unwrap()],
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .ends_with(&format!("built {files}, failed 0, warnings 2\n")),
        "{}",
        run.stderr
    );
    let compiles: Vec<String> = support::read(&log)
        .lines()
        .filter(|l| l.starts_with("compile"))
        .map(str::to_string)
        .collect();
    // Two jobs: the files in two bundle runs of four and three.
    assert_eq!(compiles.len(), 2, "{compiles:?}");
    assert!(
        compiles.iter().all(|c| c.contains("--format bundle")),
        "{compiles:?}"
    );
    let built = pdfs(dir.path());
    assert_eq!(built.len(), files, "{built:?}");
    assert_as_built_alone(dir.path(), &built);
    // No temporary file is left beside the PDFs.
    for sub in ["", "ok"] {
        for entry in std::fs::read_dir(dir.path().join(sub)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.starts_with(".jixiao-"), "{name} left behind");
        }
    }
}

#[cfg(unix)]
#[test]
fn a_file_typst_fails_on_fails_alone_and_the_others_of_its_run_are_built() {
    let dir = many_evaluations();
    let tools = tempfile::tempdir().unwrap();
    let log = tools.path().join("log");
    // The project of ok/minimal.jx alone: its run fails, and so does that
    // file alone.
    let typst = logging_typst(tools.path(), &log, "测试项目");
    let broken = dir.path().join("ok/minimal.pdf");
    std::fs::write(&broken, "the previous PDF").unwrap();
    let run = jixiao(
        &["build", "-j", "1", dir.path().to_str().unwrap()],
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.ends_with(&format!(
            "built {}, failed 1, warnings 2\n",
            evaluations() - 1
        )),
        "{}",
        run.stderr
    );
    // Said once, of the file alone: the failed run is not reported.
    assert_eq!(
        run.stderr.matches("this one is broken").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "the previous PDF"
    );
    let compiles = support::read(&log)
        .lines()
        .filter(|l| l.starts_with("compile"))
        .count();
    assert_eq!(
        compiles,
        1 + evaluations(),
        "one bundle run, then each file alone"
    );
    let built: Vec<PathBuf> = pdfs(dir.path())
        .into_iter()
        .filter(|p| p.as_path() != Path::new("ok/minimal.pdf"))
        .collect();
    assert_eq!(built.len(), evaluations() - 1, "{built:?}");
    assert_as_built_alone(dir.path(), &built);
}

#[cfg(unix)]
#[test]
fn a_typst_without_the_bundle_export_builds_a_folder_one_file_a_run() {
    // Before 0.15 there is none; after, it may have changed (experimental).
    for version in ["0.14.2", "0.16.0"] {
        let dir = many_evaluations();
        let tools = tempfile::tempdir().unwrap();
        let log = tools.path().join("log");
        let real = std::env::var("JIXIAO_TYPST").unwrap_or_else(|_| "typst".to_string());
        let typst = support::fake_typst(
            tools.path(),
            &format!(
                "if [ \"$1\" = --version ]; then echo 'typst {version} (b33de9de)'; exit 0; fi\necho \"$*\" >> '{}'\nexec {real} \"$@\"",
                log.display()
            ),
        );
        let run = jixiao(
            &["build", dir.path().to_str().unwrap()],
            &[("JIXIAO_TYPST", typst.to_str().unwrap())],
        );
        assert_eq!(run.code, 0, "{version}: {}", run.stderr);
        let compiles: Vec<String> = support::read(&log)
            .lines()
            .filter(|l| l.starts_with("compile"))
            .map(str::to_string)
            .collect();
        assert_eq!(compiles.len(), evaluations(), "{version}: {compiles:?}");
        assert!(
            compiles.iter().all(|c| c.contains("--format pdf")),
            "{version}: {compiles:?}"
        );
        assert_eq!(pdfs(dir.path()).len(), evaluations(), "{version}");
    }
}
