//! The generator of the office fixtures in `tests/fixtures/import/`: the
//! seed's 自评表 laid out as the Word original (merged label cells, the
//! blank form's 指标2：and …… rows, the report after the table), the same
//! with the mess real files have, the form in a spreadsheet, and files that
//! are not office files. `tests/import.rs` checks that the committed files
//! are what this writes (`JIXIAO_WRITE_FIXTURES=1` writes them).

use std::io::{Cursor, Write};

use rust_decimal::Decimal;

/// How a cell joins the one above it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Down {
    Alone,
    /// The first of cells merged down.
    Starts,
    /// Merged into the cell above.
    Continues,
}

#[derive(Clone)]
pub struct TableCell {
    pub text: String,
    pub span: usize,
    pub down: Down,
}

pub fn cell(text: &str, span: usize) -> TableCell {
    TableCell {
        text: text.into(),
        span,
        down: Down::Alone,
    }
}

pub fn starts(text: &str, span: usize) -> TableCell {
    TableCell {
        down: Down::Starts,
        ..cell(text, span)
    }
}

pub fn continues(span: usize) -> TableCell {
    TableCell {
        down: Down::Continues,
        ..cell("", span)
    }
}

/// A document: paragraphs, the form, paragraphs.
pub struct Document {
    pub before: Vec<String>,
    pub table: Vec<Vec<TableCell>>,
    pub after: Vec<String>,
}

/// The columns of the form: the indicator table's nine.
const COLUMNS: usize = 9;

const EXPECTED: &str = "通过给予补贴的方式支持就业困难人员和离校2年内未就业高校毕业生通过临时性、非全日制、季节性、弹性工作等灵活多样形式实现就业，不断增强人民群众对就业的获得感、幸福感、安全感，为推动实现更加充分更高质量就业，开启岳麓区“三强四融”发展新征程作出积极贡献。";
const ACTUAL: &str = "2021年，共为6009人次发放灵活就业社保补贴。经过工作的开展，人民群众对就业的获得感、幸福感、安全感不断增强，截至2021年12月底，就业困难人员再就业4048人，城镇登记失业率2.30%。";

const REPORT: &[&str] = &[
    "岳麓区灵活就业社保补贴",
    "2021年专项资金绩效自评报告",
    "一、预算支出基本情况",
    "（一）预算支出概况。近年来，我区就业资金收支不平衡，上级人社部门下拨的就业专项资金已无法满足发放需求，资金缺口问题较为突出，尤其是2020年受疫情和补贴政策调整影响，就业困难人员申报的灵活就业社保补贴从2019年的2100余万元骤升至2020年的3800余万元。2020年第三、四季度灵活就业社保补贴审核完成后，由于资金缺口较大，未能及时发放，多次收到12345市民热线投诉。为解决资金缺口问题，区委、区政府高度重视，2021年年初预算配套了2000万元用于发放灵活就业社保补贴，解决了灵活就业社保补贴无资金发放的难题。",
    "（二）预算资金使用管理情况。2021年灵活就业社保补贴区级预算资金2000万元，由岳麓区财政统一将指标下达至岳麓区人力资源和社会保障局，岳麓区人力资源和社会保障局根据实际情况向岳麓区政府进行项目资金使用申报，经区政府审批同意后将该项资金拨付至再就业资金专户，经个人申报，社区（村）、街道（镇）、区级人社部门层层审核通过后，报区财政经再就业资金专户进行拨付。",
    "（三）预算支出绩效目标完成程度。为支持就业困难人员和离校2年内未就业高校毕业生通过临时性、非全日制、季节性、弹性工作等灵活多样形式实现就业，不断增强人民群众对就业的获得感、幸福感、安全感，推动实现更加充分就业，2021年，由区财政配套2000万元用于发放灵活就业社保补贴。经个人申报，社区（村）、街道（镇）、区人社部门审核，全年共为6009人次发放灵活就业社保补贴，通过开展系列工作，人民群众对就业的获得感、幸福感、安全感不断增强，截至2021年12月底实现就业困难人员再就业4048人。",
    "                    长沙市岳麓区人力资源和社会保障局",
    "2022年2月 14日",
];

/// One indicator row: 一级 and 二级 (None: merged from above), name,
/// target, actual, weight, score.
type Row<'a> = (
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

/// The seed's form; `messy` adds what real files have: spaces around
/// values, line breaks in cells, full-width digits, `100 %`, an empty row,
/// a paragraph before the title, a note after the table.
pub fn seed(messy: bool) -> Document {
    let m = |clean: &'static str, mess: &'static str| if messy { mess } else { clean };
    let mut t: Vec<Vec<TableCell>> = vec![
        vec![
            cell("项目名称", 1),
            cell(m("岳麓区灵活就业社保补贴", "岳麓区灵活就业社保补贴 "), 8),
        ],
        vec![
            cell("主管部门", 1),
            cell(m("岳麓区人社局", " 岳麓区人社局"), 3),
            cell("实施单位", 2),
            cell("岳麓区就业服务中心", 3),
        ],
        vec![
            starts("项目资金\n（万元）", 1),
            cell("", 2),
            cell("年初预算数", 1),
            cell("全年预算数", 1),
            cell("全年执行数", 1),
            cell("分值", 1),
            cell("执行率", 1),
            cell("得分", 1),
        ],
    ];
    let funds: &[(&str, &str, &str, &str, &str, &str, &str)] = &[
        (
            "年度资金总额",
            m("2000", "２０００ "),
            "2000",
            m("2000", "２０００"),
            "10",
            m("100%", "100 %"),
            "",
        ),
        (
            "其中：当年财政拨款",
            "2000",
            "2000",
            "2000",
            "10",
            "100%",
            "—",
        ),
        ("      上年结转资金", "", "", "", "—", "", "—"),
        ("  其他资金", "", "", "", "—", "", "—"),
    ];
    for (label, a, b, c, w, rate, score) in funds {
        t.push(vec![
            continues(1),
            cell(label, 2),
            cell(a, 1),
            cell(b, 1),
            cell(c, 1),
            cell(w, 1),
            cell(rate, 1),
            cell(score, 1),
        ]);
    }
    if messy {
        t.push(vec![
            continues(1),
            cell("", 2),
            cell("", 1),
            cell("", 1),
            cell("", 1),
            cell("", 1),
            cell("", 1),
            cell("", 1),
        ]);
    }
    t.push(vec![
        starts("年度总体目标", 1),
        cell("预期目标", 4),
        cell("实际完成情况", 4),
    ]);
    let actual = if messy {
        ACTUAL.replacen("。", "。\n", 1)
    } else {
        ACTUAL.to_string()
    };
    t.push(vec![continues(1), cell(EXPECTED, 4), cell(&actual, 4)]);
    t.push(vec![
        starts("绩\n效\n指\n标", 1),
        cell("一级指标", 1),
        cell("二级指标", 1),
        cell("三级指标", 1),
        cell("年度\n指标值", 1),
        cell("实际\n完成值", 1),
        cell("分值", 1),
        cell("得分", 1),
        cell("偏差原因分析及改进措施", 1),
    ]);
    let indicators: Vec<Row> = vec![
        (
            Some("产出指标"),
            Some("数量指标"),
            "符合条件的灵活就业人员",
            "全部符合条件人员",
            "100%",
            "20",
            "20",
        ),
        (
            Some("产出指标"),
            Some("质量指标"),
            m(
                "为符合条件的灵活就业人员发放社保补贴",
                "为符合条件的灵活就业人员\n发放社保补贴",
            ),
            "发放到位",
            m("100%", "100 %"),
            m("20", "２０"),
            "20",
        ),
        (
            Some("产出指标"),
            Some("时效指标"),
            "年度内完成审核",
            "100%",
            "100%",
            "10",
            "10",
        ),
        (
            Some("产出指标"),
            Some("成本指标"),
            "按文件标准进行补贴",
            "是否按标准执行",
            "按标准执行",
            "10",
            m("10", "10 "),
        ),
        (
            Some("效益指标"),
            Some("经济效益\n指标"),
            "支持人民群众通过灵活就业的方式实现就业",
            "帮助就业困难群众实现就业",
            "达到预期",
            "10",
            "10",
        ),
        (
            Some("效益指标"),
            Some("社会效益\n指标"),
            "提高就业率",
            "实现就业困难人员再就业",
            "完成预期目标",
            "10",
            "10",
        ),
        (
            Some("效益指标"),
            Some("生态效益\n指标"),
            "指标1：",
            "",
            "",
            "",
            "",
        ),
        (
            Some("效益指标"),
            Some("可持续影响指标"),
            "指标1：",
            "",
            "",
            "",
            "",
        ),
        (
            Some("满意度\n指标"),
            Some("服务对象满意度指标"),
            "提高就业率，确保群众满意",
            "95%",
            "≥95%",
            "10",
            "10",
        ),
    ];
    let mut last1 = None;
    for (l1, l2, name, target, actual, weight, score) in indicators {
        let first_of_1 = last1 != l1;
        last1 = l1;
        let level = |text: Option<&str>, first: bool| match (text, first) {
            (Some(t), true) => starts(t, 1),
            _ => continues(1),
        };
        let rows = [
            (name, target, actual, weight, score),
            ("指标2：", "", "", "", ""),
            ("……", "", "", "", ""),
        ];
        for (i, (name, target, actual, weight, score)) in rows.into_iter().enumerate() {
            t.push(vec![
                continues(1),
                level(l1, first_of_1 && i == 0),
                level(l2, i == 0),
                cell(name, 1),
                cell(target, 1),
                cell(actual, 1),
                cell(weight, 1),
                cell(score, 1),
                cell("", 1),
            ]);
            if messy && i == 0 && name == "年度内完成审核" {
                t.push(vec![
                    continues(1),
                    continues(1),
                    continues(1),
                    cell("", 1),
                    cell("", 1),
                    cell("", 1),
                    cell("", 1),
                    cell("", 1),
                    cell(" ", 1),
                ]);
            }
        }
    }
    t.push(vec![
        cell("总分", 6),
        cell("100", 1),
        cell("100", 1),
        cell("", 1),
    ]);
    let mut before = vec!["2021年度专项资金绩效评价自评表".to_string()];
    if messy {
        before.insert(0, "附件2".into());
    }
    let mut after = vec![String::new()];
    if messy {
        after.push("注：本表金额单位为万元。".into());
    }
    after.extend(REPORT.iter().map(|p| p.to_string()));
    Document {
        before,
        table: t,
        after,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The runs of a paragraph: its lines joined by `w:br`.
fn runs(text: &str) -> String {
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| format!("<w:t xml:space=\"preserve\">{}</w:t>", escape(l)))
        .collect();
    format!("<w:r>{}</w:r>", lines.join("<w:br/>"))
}

fn paragraph(text: &str) -> String {
    format!("<w:p>{}</w:p>", runs(text))
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// The `word/document.xml` of a document.
pub fn document_xml(doc: &Document) -> String {
    let mut body = String::new();
    for p in &doc.before {
        body.push_str(&paragraph(p));
    }
    body.push_str("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..COLUMNS {
        body.push_str("<w:gridCol w:w=\"1000\"/>");
    }
    body.push_str("</w:tblGrid>");
    for row in &doc.table {
        body.push_str("<w:tr>");
        for c in row {
            let mut pr = String::new();
            if c.span > 1 {
                pr.push_str(&format!("<w:gridSpan w:val=\"{}\"/>", c.span));
            }
            match c.down {
                Down::Alone => {}
                Down::Starts => pr.push_str("<w:vMerge w:val=\"restart\"/>"),
                Down::Continues => pr.push_str("<w:vMerge/>"),
            }
            let text = match c.down {
                Down::Continues => String::from("<w:p/>"),
                _ => c.text.split("\n\n").map(paragraph).collect(),
            };
            body.push_str(&format!("<w:tc><w:tcPr>{pr}</w:tcPr>{text}</w:tc>"));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    for p in &doc.after {
        body.push_str(&paragraph(p));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    )
}

/// A zip of these parts, as office programs write them (deflated, with
/// a fixed time, so the bytes are always the same).
pub fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A .docx holding `document_xml`.
pub fn docx_with(document_xml: &str) -> Vec<u8> {
    zip(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", document_xml.as_bytes()),
    ])
}

pub fn docx(doc: &Document) -> Vec<u8> {
    docx_with(&document_xml(doc))
}

/// The form on the first sheet of a workbook: the title merged across the
/// first row, the table below, merged as in Word; amounts and weights as
/// numbers, percentages as numbers formatted `0%`.
pub fn xlsx(doc: &Document) -> Vec<u8> {
    use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2022, 2, 14).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let sheet = book.add_worksheet();
    sheet.set_name("自评表").unwrap();
    let wrap = Format::new().set_text_wrap();
    let percent = Format::new().set_num_format("0%");
    let title = doc.before.last().cloned().unwrap_or_default();
    let last = u16::try_from(COLUMNS - 1).unwrap();
    sheet.merge_range(0, 0, 0, last, &title, &wrap).unwrap();
    // The place of each cell, and how far down each merge goes.
    let mut placed: Vec<(u32, u16, &TableCell)> = Vec::new();
    for (r, row) in doc.table.iter().enumerate() {
        let mut col = 0u16;
        for c in row {
            placed.push((u32::try_from(r + 1).unwrap(), col, c));
            col += u16::try_from(c.span).unwrap();
        }
    }
    for &(r, col, c) in &placed {
        if c.down == Down::Continues {
            continue;
        }
        let span = u16::try_from(c.span).unwrap();
        let mut bottom = r;
        if c.down == Down::Starts {
            while placed
                .iter()
                .any(|&(r2, c2, x)| r2 == bottom + 1 && c2 == col && x.down == Down::Continues)
            {
                bottom += 1;
            }
        }
        if span > 1 || bottom > r {
            sheet
                .merge_range(r, col, bottom, col + span - 1, &c.text, &wrap)
                .unwrap();
        }
        let text = c.text.as_str();
        if let Some(p) = text
            .strip_suffix('%')
            .and_then(|n| n.parse::<Decimal>().ok())
        {
            sheet
                .write_with_format(r, col, p / Decimal::ONE_HUNDRED, &percent)
                .unwrap();
        } else if let Ok(n) = text.parse::<Decimal>() {
            sheet.write(r, col, n).unwrap();
        } else if span == 1 && bottom == r && !text.is_empty() {
            sheet.write_with_format(r, col, text, &wrap).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

/// Every committed fixture: its file name and bytes.
pub fn fixtures() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("seed.docx", docx(&seed(false))),
        ("messy.docx", docx(&seed(true))),
        ("seed.xlsx", xlsx(&seed(false))),
        // Cut short: the end of the archive (its directory) is missing.
        ("corrupt.docx", {
            let whole = docx(&seed(false));
            whole[..whole.len() / 2].to_vec()
        }),
        (
            "not-office.docx",
            zip(&[("readme.txt", "这不是 Word 文件。".as_bytes())]),
        ),
    ]
}
