//! Building PDFs with the real typst CLI, and every way that can fail.
//!
//! These tests need `typst` on the PATH (or JIXIAO_TYPST), a CJK font and
//! `pdftotext`; README.md's set-up command installs them.

mod support;

use std::path::Path;
use std::process::Command;

use support::{
    Extract, PdfLine, Run, Watch, fake_typst, jixiao, model, pdf_lines, pdf_pages, pdf_text,
    pdf_text_while_written, root, wait_for,
};

fn build(input: &str, output: &Path, env: &[(&str, &str)]) -> Run {
    jixiao(&["build", input, "-o", output.to_str().unwrap()], env)
}

fn real_typst() -> String {
    std::env::var("JIXIAO_TYPST").unwrap_or_else(|_| "typst".to_string())
}

/// The names of the files in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn the_seed_builds_to_a_pdf_with_its_text() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("yuelu.pdf");
    let run = build("examples/yuelu-2021.jx", &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = pdf_text(&pdf, Extract::Layout);
    for expected in [
        "岳麓区灵活就业社保补贴",
        "2021年度专项资金绩效评价自评表",
        "岳麓区就业服务中心",
        "年度资金总额",
        "100.00%",
        "总分",
        "自评等级：优",
        "年度内完成审核",
        "生态效益指标",
        "一、预算支出基本情况",
        "（三）预算支出绩效目标完成程度。",
        "长沙市岳麓区人力资源和社会保障局",
        "2022年2月14日",
    ] {
        let squeezed: String = text.split_whitespace().collect();
        assert!(
            squeezed.contains(expected),
            "PDF text lacks {expected}:\n{text}"
        );
    }
    // The form is the first page; the report follows on its own pages.
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages[0].contains("总分"));
    assert!(!pages[0].contains("预算支出基本情况"));
    assert!(pages[1].contains("预算支出基本情况"));
    assert_eq!(listing(dir.path()), ["yuelu.pdf"]);
}

#[test]
fn the_showcase_total_is_printed() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("showcase.pdf");
    let run = build("examples/scoring-showcase.jx", &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let squeezed: String = pdf_text(&pdf, Extract::Squeezed);
    for expected in ["94.64%", "9.46", "13.50", "9.21", "88.17", "自评等级：良"] {
        assert!(squeezed.contains(expected), "PDF lacks {expected}");
    }
}

#[test]
fn builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let (pa, pb) = (a.path().join("x.pdf"), b.path().join("y.pdf"));
    assert_eq!(build("examples/yuelu-2021.jx", &pa, &[]).code, 0);
    // Another time, another locale, another folder.
    let env = [
        ("SOURCE_DATE_EPOCH", "1"),
        ("LANG", "zh_CN.UTF-8"),
        ("TZ", "Asia/Shanghai"),
    ];
    assert_eq!(build("examples/yuelu-2021.jx", &pb, &env).code, 0);
    assert!(std::fs::read(&pa).unwrap() == std::fs::read(&pb).unwrap());
}

#[test]
fn the_default_output_is_next_to_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("seed.jx");
    std::fs::copy(root().join("examples/yuelu-2021.jx"), &input).unwrap();
    let run = jixiao(&["build", input.to_str().unwrap()], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(listing(dir.path()), ["seed.jx", "seed.pdf"]);
}

#[test]
fn o_and_bundle_into_folders_with_chinese_names_and_spaces() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("岳麓 2021.jx");
    std::fs::copy(root().join("examples/yuelu-2021.jx"), &input).unwrap();
    let out = dir.path().join("输出 文件夹");
    std::fs::create_dir(&out).unwrap();
    let run = build(input.to_str().unwrap(), &out, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = jixiao(
        &[
            "build",
            "--bundle",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        listing(&out),
        ["2021年度项目支出绩效自评汇编.pdf", "岳麓 2021.pdf"]
    );
}

#[test]
fn a_missing_typst_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[
            ("JIXIAO_TYPST", "/nonexistent/typst"),
            ("LANG", "zh_CN.UTF-8"),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("找不到 typst"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("cargo install typst-cli --locked --version")
    );
    assert!(listing(dir.path()).is_empty());
}

#[test]
fn no_chinese_font_is_an_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&pdf, "the previous PDF").unwrap();
    // typst reads its own setting from the environment (jixiao then leaves
    // the fonts to typst).
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[("TYPST_IGNORE_SYSTEM_FONTS", "true")],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("typst found no Chinese font"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Noto Serif CJK SC"));
    assert!(run.stderr.contains("fonts-noto-cjk"));
    assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "the previous PDF");
    assert_eq!(listing(dir.path()), ["out.pdf"]);
}

#[test]
fn a_failing_typst_leaves_the_previous_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&pdf, "the previous PDF").unwrap();
    let typst = fake_typst(dir.path(), "echo 'error: something broke' >&2; exit 1");
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("typst failed"), "{}", run.stderr);
    assert!(run.stderr.contains("error: something broke"));
    assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "the previous PDF");
    assert_eq!(listing(dir.path()), ["fake-typst", "out.pdf"]);
}

#[test]
fn a_file_with_errors_builds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let run = build("tests/fixtures/errors/funds-sum.jx", &pdf, &[]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("E301"));
    assert!(listing(dir.path()).is_empty());
}

/// The report of the rewritten seed example reads exactly like the spec's
/// version, whose figures were typed by hand.
#[test]
fn the_rewritten_seed_report_has_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let (ours, spec) = (dir.path().join("ours.pdf"), dir.path().join("spec.pdf"));
    assert_eq!(build("examples/yuelu-2021.jx", &ours, &[]).code, 0);
    assert_eq!(
        build("tests/fixtures/spec/yuelu-2021.jx", &spec, &[]).code,
        0
    );
    let report = |pdf: &Path| {
        let text = pdf_text(pdf, Extract::Layout);
        let start = text.find('\u{c}').expect("a second page");
        text[start..].to_string()
    };
    let ours = report(&ours);
    assert!(
        ours.contains("2000 万元") || ours.contains("2000万元"),
        "{ours}"
    );
    assert_eq!(ours, report(&spec));
}

/// A form of 60 indicators runs over three pages: each page repeats the
/// column labels, and every indicator has its 一级 and 二级 names on its
/// own page, printed once.
#[test]
fn a_long_form_repeats_its_header_and_category_names_on_every_page() {
    let input = "tests/fixtures/ok/long-form-60.jx";
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("long.pdf");
    let run = build(input, &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages = pdf_pages(&pdf);
    let model = model(&root().join(input));
    let mut seen = 0;
    for (number, page) in pages.iter().enumerate() {
        let mut rows = 0;
        for level1 in &model.evaluation.categories {
            for level2 in &level1.categories {
                for ind in level2.indicators.iter().filter(|i| page.contains(&i.name)) {
                    rows += 1;
                    for name in [&level1.name, &level2.name] {
                        assert!(
                            page.contains(name.as_str()),
                            "page {} shows {} without {name}",
                            number + 1,
                            ind.name
                        );
                    }
                }
            }
        }
        if rows > 0 {
            assert_eq!(page.matches("三级指标").count(), 1, "page {}", number + 1);
        }
        seen += rows;
    }
    assert!(pages.len() >= 3, "{} pages", pages.len());
    assert_eq!(seen, 60, "every indicator is on one page");
}

/// Millimetres in points.
fn mm(v: f64) -> f64 {
    v * 72.0 / 25.4
}

fn near(a: f64, b: f64, within: f64) -> bool {
    (a - b).abs() <= within
}

#[test]
fn the_report_is_set_on_the_grid_of_gb_t_9704() {
    // GB/T 9704-2012: the type area 156 × 225 mm, 37 mm from the top and
    // 28 mm from the left; 22 lines of 28 characters of 3号 (16pt) a page;
    // "— N —" in 4号 7 mm below it, odd pages right and even pages left,
    // one character in; the date four characters in, the issuer centred on
    // it above, a blank line below the text.
    let input = "tests/fixtures/ok/report-grid.jx";
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("grid.pdf");
    let run = build(input, &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (left, right, top, bottom) = (mm(28.0), mm(184.0), mm(37.0), mm(262.0));
    let character = mm(156.0) / 28.0;
    let pitch = mm(225.0) / 22.0;
    let pages = pdf_lines(&pdf);
    let report = &pages[1..];
    assert!(report.len() >= 4, "{} report pages", report.len());
    let hanzi = |t: &str| t.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let mut full_lines = 0;
    for (i, page) in report.iter().enumerate() {
        let number = i + 1;
        let (body, footer): (Vec<&PdfLine>, Vec<&PdfLine>) =
            page.iter().partition(|l| l.bottom <= bottom);
        let [folio] = footer[..] else {
            panic!("page {number}: one line below the type area: {footer:?}")
        };
        assert_eq!(folio.text, format!("—{number}—"), "page {number}");
        assert!(near(folio.height, 14.0, 0.1), "4号: {folio:?}");
        assert!(folio.bottom > bottom + mm(7.0), "{folio:?}");
        if number % 2 == 1 {
            assert!(
                near(folio.right, right - 14.0, 0.5),
                "odd page right: {folio:?}"
            );
        } else {
            assert!(
                near(folio.left, left + 14.0, 0.5),
                "even page left: {folio:?}"
            );
        }
        assert!(
            body.iter()
                .all(|l| l.left >= left - 0.01 && l.right <= right + 0.5)
        );
        assert!(body.iter().all(|l| l.bottom - l.height >= top - 0.01));
        if number == 1 {
            assert!(
                near(body[0].height, 22.0, 0.1),
                "the title in 2号: {:?}",
                body[0]
            );
        }
        if number > 1 && number < report.len() {
            // The 落款 takes the last line of text along to its page, so
            // the page before it may be a line short.
            let lines = if number + 1 == report.len() {
                21..=22
            } else {
                22..=22
            };
            assert!(
                lines.contains(&body.len()),
                "a full page holds 22 lines: {body:#?}"
            );
            assert!(
                near(body[0].bottom - body[0].height, top, 0.05),
                "{:?}",
                body[0]
            );
            for pair in body.windows(2) {
                assert!(
                    near(pair[1].bottom - pair[0].bottom, pitch, 0.05),
                    "{pair:?}"
                );
            }
        }
        for line in body
            .iter()
            .filter(|l| near(l.right, right, 0.5) && hanzi(&l.text))
        {
            let chars = line.text.chars().count();
            if near(line.left, left, 0.05) {
                assert_eq!(chars, 28, "{line:?}");
            } else {
                assert!(near(line.left, left + 2.0 * character, 0.05), "{line:?}");
                assert_eq!(chars, 26, "a first line, indented two characters: {line:?}");
            }
            full_lines += 1;
        }
    }
    assert!(full_lines > 40, "{full_lines} full lines measured");
    let last = report.last().unwrap();
    let n = last.len();
    assert!(n >= 4, "the 落款 is not alone on its page: {last:#?}");
    let (text, issuer, date) = (&last[n - 4], &last[n - 3], &last[n - 2]);
    assert_eq!(issuer.text, "示例区服务中心");
    assert_eq!(date.text, "2023年2月14日");
    assert!(near(date.right, right - 4.0 * character, 0.5), "{date:?}");
    let centre = |l: &PdfLine| (l.left + l.right) / 2.0;
    assert!(
        near(centre(issuer), centre(date), 0.5),
        "{issuer:?} {date:?}"
    );
    assert!(near(date.bottom - issuer.bottom, pitch, 0.05));
    assert!(
        near(issuer.bottom - text.bottom, 2.0 * pitch, 0.05),
        "a blank line above"
    );
}

#[test]
fn the_outline_example_builds_with_its_tables() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("outline.pdf");
    let run = build("examples/mof-outline.jx", &pdf, &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let squeezed: String = pdf_text(&pdf, Extract::Squeezed);
    for expected in [
        "五、结果应用",
        "偏差原因分析及改进措施",
        "88.17",
        "（1）时效指标。",
        "1.数量指标。",
    ] {
        assert!(squeezed.contains(expected), "PDF lacks {expected}");
    }
}

#[test]
fn a_crashing_typst_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let typst = fake_typst(dir.path(), "kill -SEGV $$");
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("typst failed (signal: 11"),
        "{}",
        run.stderr
    );
    assert_eq!(listing(dir.path()), ["fake-typst"]);
}

#[test]
fn a_hung_typst_is_stopped() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    std::fs::write(&pdf, "the previous PDF").unwrap();
    let typst = fake_typst(dir.path(), "exec sleep 60");
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[
            ("JIXIAO_TYPST", typst.to_str().unwrap()),
            ("JIXIAO_TYPST_TIMEOUT", "1"),
        ],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("did not finish within 1 seconds"),
        "{}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&pdf).unwrap(), "the previous PDF");
    assert_eq!(listing(dir.path()), ["fake-typst", "out.pdf"]);
}

#[test]
fn an_old_typst_is_named_when_it_fails() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let typst = fake_typst(
        dir.path(),
        "if [ \"$1\" = --version ]; then echo 'typst 0.11.0 (abc)'; exit 0; fi\necho 'error: unknown argument --creation-timestamp' >&2; exit 2",
    );
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("the installed typst is 0.11.0; jixiao needs 0.15.1"),
        "{}",
        run.stderr
    );
}

#[test]
fn doctor_reports_what_is_there() {
    let run = jixiao(&["doctor"], &[]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.contains("✓ typst 0.15.1"), "{}", run.stdout);
    assert!(run.stdout.contains("✓ Chinese fonts:"), "{}", run.stdout);
    // Each role names its family (on a machine with only Noto CJK, 仿宋
    // is drawn by a stand-in, and doctor says so).
    for role in [
        "Song (the form): ",
        "FangSong (report body): ",
        "Hei (headings 一、): ",
        "Kai (headings （一）): ",
        "XiaoBiaoSong (report title): ",
    ] {
        assert!(run.stdout.contains(role), "{}", run.stdout);
    }
    if run
        .stdout
        .contains("FangSong (report body): Noto Serif CJK SC")
    {
        assert!(
            run.stdout
                .contains("FangSong (report body): Noto Serif CJK SC — a stand-in"),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn doctor_reports_a_missing_typst() {
    let empty = tempfile::tempdir().unwrap();
    let run = jixiao(
        &["--lang", "zh", "doctor"],
        &[("PATH", empty.path().to_str().unwrap())],
    );
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("✗ typst：找不到"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("cargo install typst-cli --locked --version 0.15.1")
    );
}

#[test]
fn doctor_reports_missing_chinese_fonts() {
    let dir = tempfile::tempdir().unwrap();
    let typst = fake_typst(
        dir.path(),
        &format!(
            "if [ \"$1\" = fonts ]; then shift; exec {t} fonts --ignore-system-fonts \"$@\"; fi\nexec {t} \"$@\"",
            t = real_typst()
        ),
    );
    let run = jixiao(&["doctor"], &[("JIXIAO_TYPST", typst.to_str().unwrap())]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("✓ typst 0.15.1"), "{}", run.stdout);
    assert!(
        run.stdout.contains("✗ Chinese fonts: typst sees none"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("fonts-noto-cjk"));
}

#[test]
fn watch_rebuilds_survives_a_broken_save_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("seed.jx");
    let pdf = dir.path().join("seed.pdf");
    let log = dir.path().join("watch.log");
    let seed = std::fs::read_to_string(root().join("examples/yuelu-2021.jx")).unwrap();
    std::fs::write(&input, &seed).unwrap();
    let watch = Watch::start(&input, &pdf, &log, &[]);
    let text = |pdf: &Path| pdf_text_while_written(pdf);
    let edit = |from: &str, to: &str| {
        let now = std::fs::read_to_string(&input).unwrap();
        // A later modification time than the last save, whatever the clock.
        std::thread::sleep(std::time::Duration::from_millis(1100));
        std::fs::write(&input, now.replacen(from, to, 1)).unwrap();
    };
    wait_for("the first PDF", || {
        pdf.exists() && text(&pdf).contains("岳麓区灵活就业社保补贴")
    });

    edit(
        "自评表 \"岳麓区灵活就业社保补贴\"",
        "自评表 \"岳麓区灵活就业社保补贴二期\"",
    );
    wait_for("the edit in the PDF", || {
        text(&pdf).contains("岳麓区灵活就业社保补贴二期")
    });

    let good = std::fs::read(&pdf).unwrap();
    edit("分值 20  得分 20", "分值 20  得分 25");
    wait_for("the diagnostic", || {
        watch.log().contains("the PDF stays as it last was")
    });
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        good,
        "a broken save keeps the last good PDF"
    );
    assert!(watch.log().contains("E502"));

    edit("分值 20  得分 25", "分值 20  得分 20");
    edit("灵活就业社保补贴二期", "灵活就业社保补贴三期");
    wait_for("the recovery", || {
        text(&pdf).contains("岳麓区灵活就业社保补贴三期")
    });

    // A termination signal stops jixiao and its typst.
    let status = watch.stop();
    assert!(status.success(), "{status}");
    let left: Vec<String> = listing(dir.path());
    assert_eq!(left, ["seed.jx", "seed.pdf", "watch.log"]);
}

#[test]
fn a_typst_that_writes_nothing_is_not_a_success() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("out.pdf");
    let typst = fake_typst(dir.path(), "exit 0");
    let run = build(
        "examples/yuelu-2021.jx",
        &pdf,
        &[("JIXIAO_TYPST", typst.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("wrote no PDF"), "{}", run.stderr);
    assert_eq!(listing(dir.path()), ["fake-typst"]);
}

/// A typst that logs its arguments to `log` (a line a run), then runs the
/// real typst and adds what it printed on stderr to the log.
#[cfg(unix)]
fn logging_typst(dir: &Path, log: &Path) -> std::path::PathBuf {
    let err = dir.join("typst-stderr");
    fake_typst(
        dir,
        &format!(
            "echo \"$*\" >> '{log}'\n{typst} \"$@\" 2> '{err}'\nstatus=$?\ncat '{err}' >> '{log}'\ncat '{err}' >&2\nexit $status",
            log = log.display(),
            err = err.display(),
            typst = real_typst()
        ),
    )
}

/// The PDF of typst alone, finding its fonts itself, on the source that
/// `jixiao typst` emits for `input`.
fn typst_alone(input: &Path, dir: &Path) -> Vec<u8> {
    let src = dir.join("alone");
    std::fs::create_dir_all(&src).unwrap();
    let main = src.join("main.typ");
    let run = jixiao(
        &[
            "typst",
            input.to_str().unwrap(),
            "-o",
            main.to_str().unwrap(),
        ],
        &[],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pdf = dir.join("alone.pdf");
    let status = Command::new(real_typst())
        .args(["compile", "--root"])
        .arg(&src)
        .args(["--format", "pdf", "--creation-timestamp", "0"])
        .arg(&main)
        .arg(&pdf)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::read(pdf).unwrap()
}

#[cfg(unix)]
#[test]
fn typst_given_only_the_fonts_of_the_document_makes_the_same_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let log = dir.path().join("log");
    let typst = logging_typst(dir.path(), &log);
    let env = [
        ("JIXIAO_TYPST", typst.to_str().unwrap()),
        ("XDG_CACHE_HOME", cache.to_str().unwrap()),
    ];
    let input = root().join("examples/yuelu-2021.jx");
    let expected = typst_alone(&input, dir.path());
    // The first build finds the fonts, the second takes them from the
    // cache, the third finds them again after the cache was spoilt.
    for round in ["found", "cached", "found again"] {
        std::fs::write(&log, "").unwrap();
        let pdf = dir.path().join("out.pdf");
        let run = build(input.to_str().unwrap(), &pdf, &env);
        assert_eq!(run.code, 0, "{round}: {}", run.stderr);
        let compile = support::read(&log)
            .lines()
            .find(|l| l.starts_with("compile"))
            .unwrap()
            .to_string();
        assert!(
            compile.contains("--ignore-system-fonts --font-path"),
            "{round}: {compile}"
        );
        // The source names only the families typst has: it warns of none
        // it lacks (typst alone on the full source warns of SimSun…).
        let said = support::read(&log);
        assert!(!said.contains("unknown font family"), "{round}: {said}");
        assert!(
            std::fs::read(&pdf).unwrap() == expected,
            "{round}: the PDF differs from typst's own"
        );
        let cached = support::read(&cache.join("jixiao/fonts.json"));
        assert!(cached.contains("Noto Serif CJK SC"), "{round}: {cached}");
        std::fs::write(cache.join("jixiao/fonts.json"), "{}").unwrap();
    }
}

#[cfg(unix)]
#[test]
fn a_character_the_fonts_lack_lets_typst_find_fonts_itself() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let log = dir.path().join("log");
    let typst = logging_typst(dir.path(), &log);
    let env = [
        ("JIXIAO_TYPST", typst.to_str().unwrap()),
        ("XDG_CACHE_HOME", cache.to_str().unwrap()),
    ];
    // An emoji: no Chinese font has it, typst takes it from another.
    let input = dir.path().join("emoji.jx");
    let source = support::read(&root().join("examples/yuelu-2021.jx"))
        .replace("岳麓区灵活就业社保补贴", "岳麓区灵活就业社保补贴😀");
    std::fs::write(&input, source).unwrap();
    let pdf = dir.path().join("out.pdf");
    let run = build(input.to_str().unwrap(), &pdf, &env);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let compile = support::read(&log)
        .lines()
        .find(|l| l.starts_with("compile"))
        .unwrap()
        .to_string();
    assert!(!compile.contains("--ignore-system-fonts"), "{compile}");
    assert!(std::fs::read(&pdf).unwrap() == typst_alone(&input, dir.path()));
}
