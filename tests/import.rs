//! `jixiao import`: Word and Excel forms into .jx files, through the
//! fixtures `tests/support/office.rs` generates, and hostile files made
//! here.

mod support;

use std::path::{Path, PathBuf};

use jixiao::import::{self, Error, LIMITS, Limits};
use support::office;
use support::{jixiao_in, read, root};

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/import").join(name)
}

#[test]
fn the_committed_fixtures_are_what_the_generator_writes() {
    for (name, bytes) in office::fixtures() {
        let path = fixture(name);
        if std::env::var_os("JIXIAO_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, &bytes).unwrap();
        }
        let committed = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            committed == bytes,
            "{name} differs from what tests/support/office.rs writes: run JIXIAO_WRITE_FIXTURES=1 cargo test --test import"
        );
    }
}

/// Imports a fixture into a fresh folder as a user does (in Chinese, the
/// users' language); the run and the .jx written.
fn import_fixture(name: &str, args: &[&str]) -> (support::Run, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join(name);
    std::fs::copy(fixture(name), &input).unwrap();
    let mut all = vec!["import", name];
    all.extend_from_slice(args);
    let run = jixiao_in(dir.path(), &all, &[("LANG", "zh_CN.UTF-8")]);
    let out = Path::new(name).with_extension("jx");
    let text = std::fs::read_to_string(dir.path().join(out)).unwrap_or_default();
    (run, text, dir)
}

/// The Typst source `jixiao typst` prints for a file in `dir`.
fn typst_of(dir: &Path, file: &str) -> String {
    let run = jixiao_in(dir, &["typst", file], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    run.stdout
}

#[test]
fn the_seed_docx_gives_the_typst_source_of_the_example() {
    let (run, text, dir) = import_fixture("seed.docx", &[]);
    insta::assert_snapshot!("seed_docx_run", run.transcript());
    insta::assert_snapshot!("seed_docx_jx", text);
    assert_eq!(run.code, 0);
    let example = typst_of(&root(), "examples/yuelu-2021.jx");
    // Byte for byte: the example quotes figures by reference in its report
    // ({年度资金总额.年初预算数}) where the seed, and so the import, repeats
    // 2000; both print the same.
    assert!(typst_of(dir.path(), "seed.jx") == example);
}

#[test]
fn the_messy_docx_gives_the_same_form_with_a_comment_at_each_change() {
    let (run, text, dir) = import_fixture("messy.docx", &[]);
    insta::assert_snapshot!("messy_docx_run", run.transcript());
    insta::assert_snapshot!("messy_docx_jx", text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    for comment in [
        "原表：“２０００ ”（第4行第3列）",
        "原表：“２０００”（第4行第5列）",
        "原表：“100 %”（第4行第7列）",
        "原表：“２０”",
        "原表：“100 %”（第",
        "原表：“10 ”",
        "去掉了格子里的换行",
        "去掉了首尾的空格",
        "表格前的文字，没有放入：“附件2”",
        "表格后的说明，没有放入：“注：本表金额单位为万元。”",
    ] {
        assert!(text.contains(comment), "no comment {comment} in\n{text}");
    }
    let seed = import_fixture("seed.docx", &[]).2;
    assert!(typst_of(dir.path(), "messy.jx") == typst_of(seed.path(), "seed.jx"));
}

#[test]
fn headings_word_numbers_itself_are_read_by_their_style() {
    let xml = office::document_xml(&office::seed(false));
    let run = |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}");
    let styled = |pr: &str, text: &str| {
        format!("<w:p><w:pPr>{pr}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}")
    };
    let xml = xml
        .replace(&run("一、"), &styled("<w:pStyle w:val=\"1\"/>", ""))
        .replace(
            &run("（一）"),
            &styled("<w:pStyle w:val=\"Heading2\"/>", ""),
        )
        .replace(&run("（二）"), &styled("<w:pStyle w:val=\"2\"/>", ""))
        .replace(&run("（三）"), &styled("<w:outlineLvl w:val=\"1\"/>", ""));
    assert!(!xml.contains("一、") && !xml.contains("（三）"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("styled.docx"), office::docx_with(&xml)).unwrap();
    let imported = jixiao_in(dir.path(), &["import", "styled.docx"], &[]);
    assert_eq!(imported.code, 0, "{}", imported.stderr);
    let seed = import_fixture("seed.docx", &[]).2;
    assert!(typst_of(dir.path(), "styled.jx") == typst_of(seed.path(), "seed.jx"));
}

#[test]
fn the_xlsx_gives_the_same_form() {
    let (run, text, dir) = import_fixture("seed.xlsx", &[]);
    insta::assert_snapshot!("seed_xlsx_jx", text);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The docx's import without its report (a sheet has none).
    let (_, docx, docx_dir) = import_fixture("seed.docx", &[]);
    let form = docx.split("\n自评报告").next().unwrap();
    std::fs::write(docx_dir.path().join("form.jx"), format!("{form}\n")).unwrap();
    assert!(typst_of(dir.path(), "seed.jx") == typst_of(docx_dir.path(), "form.jx"));
}

#[test]
fn an_import_formats_and_checks_as_it_is() {
    for name in ["seed.docx", "messy.docx", "seed.xlsx"] {
        let (_, _, dir) = import_fixture(name, &[]);
        let jx = Path::new(name).with_extension("jx");
        let jx = jx.to_str().unwrap();
        let fmt = jixiao_in(dir.path(), &["fmt", "--check", jx], &[]);
        assert_eq!(fmt.code, 0, "{name}: {}{}", fmt.stdout, fmt.stderr);
        let check = jixiao_in(dir.path(), &["check", jx], &[]);
        assert_eq!(check.code, 0, "{name}: {}", check.stderr);
    }
}

#[test]
fn import_never_overwrites_and_writes_to_stdout_with_a_dash() {
    let (_, first, dir) = import_fixture("seed.docx", &[]);
    let again = jixiao_in(dir.path(), &["import", "seed.docx"], &[]);
    insta::assert_snapshot!("exists", again.transcript());
    assert_eq!(again.code, 2);
    assert_eq!(read(&dir.path().join("seed.jx")), first);
    let zh = jixiao_in(
        dir.path(),
        &["import", "seed.docx"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    insta::assert_snapshot!("exists_zh", zh.stderr);
    let zh = [("LANG", "zh_CN.UTF-8")];
    let stdout = jixiao_in(dir.path(), &["import", "seed.docx", "-o", "-"], &zh);
    assert_eq!(stdout.code, 0);
    assert_eq!(stdout.stdout, first);
    let other = jixiao_in(dir.path(), &["import", "seed.docx", "-o", "其他.jx"], &zh);
    assert_eq!(other.code, 0, "{}", other.stderr);
    assert_eq!(read(&dir.path().join("其他.jx")), first);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".jixiao-"))
        .collect();
    assert!(names.is_empty(), "temporary files left: {names:?}");
}

#[test]
fn bad_files_get_clear_errors() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["corrupt.docx", "not-office.docx"] {
        std::fs::copy(fixture(name), dir.path().join(name)).unwrap();
    }
    std::fs::write(dir.path().join("text.docx"), "项目名称 岳麓区").unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.path().join("old.xls"), &ole).unwrap();
    std::fs::write(dir.path().join("old.docx"), &ole).unwrap();
    let no_soffice = [("JIXIAO_SOFFICE", "/nonexistent/soffice")];
    let mut transcript = String::new();
    for (name, lang) in [
        ("corrupt.docx", "C.UTF-8"),
        ("not-office.docx", "C.UTF-8"),
        ("text.docx", "C.UTF-8"),
        ("old.xls", "C.UTF-8"),
        ("old.docx", "C.UTF-8"),
        ("corrupt.docx", "zh_CN.UTF-8"),
        ("old.xls", "zh_CN.UTF-8"),
        ("missing.docx", "C.UTF-8"),
    ] {
        let run = jixiao_in(
            dir.path(),
            &["import", name],
            &[no_soffice[0], ("LANG", lang)],
        );
        assert_eq!(run.code, 2, "{name}: {}", run.stderr);
        assert!(run.stdout.is_empty());
        transcript.push_str(&format!(
            "$ jixiao import {name} ({lang})\n{}\n",
            run.stderr
        ));
    }
    insta::assert_snapshot!("bad_files", transcript);
    let jx: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".jx"))
        .collect();
    assert!(jx.is_empty(), "{jx:?}");
}

/// An old .doc goes through LibreOffice: here a stand-in that "converts"
/// by copying the seed's .docx where soffice would write it.
#[cfg(unix)]
#[test]
fn an_old_doc_is_converted_by_libreoffice() {
    let dir = tempfile::tempdir().unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    std::fs::write(dir.path().join("旧表.doc"), &ole).unwrap();
    let soffice = support::fake_typst(
        dir.path(),
        &format!(
            "[ \"$1 $2 $3 $4\" = \"--headless --convert-to docx --outdir\" ] || exit 3\ncp '{}' \"$5/旧表.docx\"",
            fixture("seed.docx").display()
        ),
    );
    let run = jixiao_in(
        dir.path(),
        &["import", "旧表.doc"],
        &[("JIXIAO_SOFFICE", soffice.to_str().unwrap())],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = read(&dir.path().join("旧表.jx"));
    assert!(text.contains("“旧表.doc”"), "{text}");
    assert!(text.contains("自评表 \"岳麓区灵活就业社保补贴\""), "{text}");
    // A LibreOffice that fails: the message says how to convert by hand.
    let failing = support::fake_typst(dir.path(), "exit 1");
    std::fs::remove_file(dir.path().join("旧表.jx")).unwrap();
    let run = jixiao_in(
        dir.path(),
        &["import", "旧表.doc"],
        &[("JIXIAO_SOFFICE", failing.to_str().unwrap())],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("LibreOffice could not convert"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_unknown_template_is_refused_and_a_named_one_is_used() {
    let (run, _, _) = import_fixture("seed.docx", &["--template", "上海2020"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("jixiao templates"), "{}", run.stderr);
    let (run, text, _) = import_fixture("seed.docx", &["--template", "财政部2021"]);
    assert!(text.contains("表样 \"财政部2021\""), "{text}");
    // The 2020 form read as 2021's: its 成本指标 is not a 二级 there.
    assert_eq!(run.code, 1, "{}", run.stderr);
}

/// Imports a document made here, in Chinese; the run and the .jx.
fn import_document(doc: &office::Document) -> (support::Run, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("form.docx"), office::docx(doc)).unwrap();
    let run = jixiao_in(
        dir.path(),
        &["import", "form.docx"],
        &[("LANG", "zh_CN.UTF-8")],
    );
    let text = std::fs::read_to_string(dir.path().join("form.jx")).unwrap_or_default();
    (run, text)
}

/// Sets the text of cell `index` of the row holding a cell `marker`.
fn set(doc: &mut office::Document, marker: &str, index: usize, text: &str) {
    let row = doc
        .table
        .iter_mut()
        .find(|r| r.iter().any(|c| c.text == marker))
        .unwrap_or_else(|| panic!("no row with {marker}"));
    row[index].text = text.into();
}

#[test]
fn figures_the_form_states_wrongly_are_found() {
    let mut doc = office::seed(false);
    // The ratio rule gives 10 for 100% of 100%, and 2000 of 2000 is 100%.
    set(&mut doc, "年度内完成审核", 7, "9");
    set(&mut doc, "年度资金总额", 6, "95%");
    set(&mut doc, "年度资金总额", 7, "9.5");
    let (run, text) = import_document(&doc);
    assert!(text.contains("执行率 95%  得分 9.5"), "{text}");
    insta::assert_snapshot!("wrong_figures", run.transcript());
    assert_eq!(run.code, 1);
}

#[test]
fn an_empty_value_cell_does_not_take_the_next_label() {
    let mut doc = office::seed(false);
    set(&mut doc, "主管部门", 1, "");
    let (run, text) = import_document(&doc);
    assert!(text.contains("主管部门 \"\"\n"), "{text}");
    assert!(text.contains("实施单位 \"岳麓区就业服务中心\""), "{text}");
    // The checker asks for it (W620: the blank form's empty text).
    assert!(run.stderr.contains("W620"), "{}", run.stderr);
}

#[test]
fn a_beijing_form_is_read_as_the_beijing_template() {
    let mut doc = office::seed(false);
    set(&mut doc, "主管部门", 0, "主管部门及代码");
    doc.table
        .retain(|r| !r.iter().any(|c| c.text.contains("上年结转资金")));
    for row in &mut doc.table {
        let funds = row.iter().any(|c| {
            [
                "年初预算数",
                "年度资金总额",
                "其中：当年财政拨款",
                "  其他资金",
            ]
            .contains(&c.text.as_str())
        });
        if funds {
            row.remove(3);
            row[1].span = 3;
        }
        for c in row.iter_mut() {
            let new = match c.text.as_str() {
                "年初预算数" => "年初预算数(A)",
                "全年执行数" => "全年执行数(B)",
                "执行率" => "执行率(B/A)",
                "其中：当年财政拨款" => "其中：本年一般公共预算拨款",
                "年度\n指标值" => "年度指标值(A)",
                "实际\n完成值" => "全年实际值(B)",
                "偏差原因分析及改进措施" => "未完成原因分析",
                "产出指标" => "产出指标(50分)",
                "效益指标" => "效益指标(30分)",
                "满意度\n指标" => "满意度指标(10分)",
                _ => continue,
            };
            c.text = new.into();
        }
    }
    let (run, text) = import_document(&doc);
    assert!(text.contains("表样 \"北京2016\""), "{text}");
    assert!(text.contains("2000  2000  分值 10  "), "{text}");
    assert!(text.contains("本年一般公共预算拨款  2000  2000"), "{text}");
    assert!(text.contains("    产出指标 {"), "{text}");
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_sichuan_form_is_read_with_its_split_targets_and_its_texts() {
    use office::{cell as c, continues as down, starts as s};
    let row =
        |cells: &[&str]| -> Vec<office::TableCell> { cells.iter().map(|t| c(t, 1)).collect() };
    let mut table = vec![
        vec![c("项目名称", 1), c("农民工技能培训", 10)],
        vec![
            c("主管部门", 1),
            c("某县人社局", 4),
            c("实施单位(盖章)", 2),
            c("某县就业服务中心", 4),
        ],
    ];
    let mut funds = vec![s("预算执行情况(10分)", 1), c("", 2)];
    funds.extend(row(&[
        "年初预算",
        "调整后预算数",
        "预算执行数",
        "预算执行率",
        "权重",
        "得分",
    ]));
    funds.push(c("原因", 2));
    table.push(funds);
    for (label, cells) in [
        ("总额", ["100", "100", "95", "95%", "10", "9.5"]),
        ("其中：财政资金", ["100", "100", "95", "95%", "", ""]),
    ] {
        let mut r = vec![down(1), c(label, 2)];
        r.extend(row(&cells));
        r.push(c("", 2));
        table.push(r);
    }
    table.push(vec![
        s("年度总体目标", 1),
        c("年度目标", 5),
        c("年度目标完成情况", 5),
    ]);
    table.push(vec![
        down(1),
        c("培训农民工100人次。", 5),
        c("培训120人次。", 5),
    ]);
    table.push(vec![
        c("项目实施内容及过程概述", 1),
        c("按计划分三期培训。", 10),
    ]);
    let mut head = vec![s("绩效指标(90分)", 1)];
    head.extend(row(&[
        "一级指标",
        "二级指标",
        "三级指标",
        "指标性质",
        "指标值",
        "度量单位",
        "完成值",
        "权重",
        "得分",
        "未完成原因分析",
    ]));
    table.push(head);
    let indicators: [(Option<&str>, &str, [&str; 8]); 4] = [
        (
            Some("产出指标"),
            "数量指标",
            ["培训人数", "≥", "100", "人次", "120", "30", "30", ""],
        ),
        (
            None,
            "质量指标",
            ["合格率", "≥", "95", "%", "96%", "30", "30", ""],
        ),
        (
            Some("效益指标"),
            "社会效益指标",
            [
                "群众知晓率",
                "定性",
                "明显提高",
                "",
                "有所提高",
                "20",
                "18",
                "宣传覆盖不足",
            ],
        ),
        (
            Some("满意度指标"),
            "服务对象满意度指标",
            ["满意度", "≥", "90", "%", "92%", "10", "10", ""],
        ),
    ];
    for (l1, l2, cells) in indicators {
        let mut r = vec![down(1), l1.map_or_else(|| down(1), |t| s(t, 1)), s(l2, 1)];
        r.extend(row(&cells));
        table.push(r);
    }
    table.push(vec![
        c("总分", 8),
        c("100", 1),
        c("97.5", 1),
        c("自评等级：优", 1),
    ]);
    for (label, text) in [
        ("评价结论", "项目完成年度目标。"),
        ("存在问题", "宣传不足。"),
        ("改进措施", "加强宣传。"),
    ] {
        table.push(vec![c(label, 1), c(text, 10)]);
    }
    table.push(vec![c("项目负责人：张三", 5), c("财务负责人：李四", 6)]);
    let doc = office::Document {
        before: vec!["部门预算项目支出绩效自评表(2021年度)".into()],
        table,
        after: Vec::new(),
    };
    let (run, text) = import_document(&doc);
    insta::assert_snapshot!("sichuan_jx", text);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

// Hostile files, read by the library within limits.

fn small() -> Limits {
    Limits {
        entry: 1 << 20,
        total: 2 << 20,
        ..LIMITS
    }
}

fn docx_error(document_xml: &str, limits: &Limits) -> Error {
    let bytes = office::docx_with(document_xml);
    import::docx::read(&bytes, limits).expect_err("refused")
}

#[test]
fn a_zip_bomb_stops_at_the_limit() {
    // 65 MiB of one character, a few hundred KiB zipped, above the real
    // limit of 64 MiB.
    let big = "<w:document xmlns:w=\"w\"><w:body>".to_string() + &"a".repeat(65 << 20);
    let bytes = office::docx_with(&big);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    assert!(matches!(
        import::docx::read(&bytes, &LIMITS),
        Err(Error::EntryTooLarge { .. })
    ));
    // The same with sizes that lie: the header claims 100 bytes.
    let mut lying = office::docx_with(&"a".repeat(3 << 20));
    for signature in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        let offset = if signature[2] == 3 { 22 } else { 24 };
        let mut at = 0;
        while let Some(i) = lying[at..].windows(4).position(|w| w == signature) {
            let start = at + i + offset;
            lying[start..start + 4].copy_from_slice(&100u32.to_le_bytes());
            at = at + i + 4;
        }
    }
    let error = import::docx::read(&lying, &small()).expect_err("refused");
    assert!(
        matches!(
            error,
            Error::EntryTooLarge { .. } | Error::Zip(_) | Error::Xml { .. }
        ),
        "{error:?}"
    );
}

#[test]
fn xml_that_could_expand_or_nest_is_refused() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    assert!(matches!(docx_error(laughs, &LIMITS), Error::Dtd { .. }));
    let deep = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{}{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(20_000),
        "</w:sdtContent></w:sdt>".repeat(20_000)
    );
    assert!(matches!(
        docx_error(&deep, &LIMITS),
        Error::TooComplex { .. }
    ));
    let wide = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl><w:tr>{}</w:tr></w:tbl></w:body></w:document>",
        "<w:tc/>".repeat(300_000)
    );
    assert!(matches!(
        docx_error(&wide, &LIMITS),
        Error::TooManyCells { .. }
    ));
    let spans = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"4000000000\"/></w:tcPr></w:tc></w:tr></w:tbl></w:body></w:document>";
    assert!(matches!(
        docx_error(spans, &LIMITS),
        Error::TooManyCells { .. }
    ));
}

/// A workbook of one sheet with this XML.
fn workbook(sheet_target: &str, sheet_xml: &str) -> Vec<u8> {
    let workbook = r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="{sheet_target}"/></Relationships>"#
    );
    office::zip(&[
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml.as_bytes()),
    ])
}

const SHEET: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

#[test]
fn sheets_far_too_large_or_pointing_outside_are_refused() {
    let far = format!(
        r#"<worksheet xmlns="{SHEET}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>项目名称</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>"#
    );
    let bytes = workbook("worksheets/sheet1.xml", &far);
    assert!(matches!(
        import::xlsx::read(&bytes, &LIMITS),
        Err(Error::TooManyCells { .. })
    ));
    let merged = format!(
        r#"<worksheet xmlns="{SHEET}"><sheetData/><mergeCells><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>"#
    );
    let bytes = workbook("worksheets/sheet1.xml", &merged);
    assert!(matches!(
        import::xlsx::read(&bytes, &LIMITS),
        Err(Error::TooManyCells { .. })
    ));
    let bytes = workbook("../../../etc/passwd", &far);
    assert_eq!(
        import::xlsx::read(&bytes, &LIMITS).err(),
        Some(Error::OutsideArchive {
            target: "../../../etc/passwd".into()
        })
    );
}

#[test]
fn the_readers_rebuild_merged_cells() {
    let doc = office::seed(false);
    let blocks = import::docx::read(&office::docx(&doc), &LIMITS).unwrap();
    let grid = blocks
        .iter()
        .find_map(|b| match b {
            import::docx::Block::Table(g) => Some(g),
            _ => None,
        })
        .unwrap();
    // 项目资金 is merged down its five rows; 年度资金总额 across two columns.
    for row in 2..7 {
        assert_eq!(grid.get(row, 0).unwrap().text, "项目资金\n（万元）");
        assert_eq!(grid.get(row, 0).unwrap().origin, (2, 0));
    }
    assert_eq!(grid.get(3, 2).unwrap().text, "年度资金总额");
    assert_eq!(grid.get(3, 3).unwrap().text, "2000");
    assert_eq!(
        grid.get(3, 3).unwrap().place,
        import::Place { row: 4, col: 3 }
    );
    let sheets = import::xlsx::read(&office::xlsx(&doc), &LIMITS).unwrap();
    let sheet = &sheets[0].grid;
    assert_eq!(sheet.get(3, 0).unwrap().text, "项目资金\n（万元）");
    assert_eq!(sheet.get(4, 3).unwrap().text, "2000");
    assert_eq!(sheet.get(4, 7).unwrap().text, "100%");
    assert_eq!(
        sheet.get(4, 7).unwrap().place,
        import::Place { row: 5, col: 8 }
    );
}
