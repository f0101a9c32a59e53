//! The language server, driven over stdio as an editor drives it.

mod support;

use serde_json::{Value, json};
use support::lsp::{Lsp, position_of};
use support::{read, root};

const URI: &str = "file:///work/%E8%87%AA%E8%AF%84.jx";

fn minimal() -> String {
    read(&root().join("tests/fixtures/ok/minimal.jx"))
}

/// The minimal evaluation with a misspelt field at the end of a line that
/// holds CJK characters and an emoji before it.
fn broken() -> String {
    let good = minimal();
    let broken = good.replace(
        "\"完成数量\"  指标值 ≥10个  完成值 10个  分值 50",
        "\"完成数量😀\"  指标值 ≥10个  完成值 10个  分值 50  权数 5",
    );
    assert_ne!(broken, good);
    broken
}

fn range(line: u32, start: u32, end: u32) -> Value {
    json!({
        "start": { "line": line, "character": start },
        "end": { "line": line, "character": end }
    })
}

#[test]
fn diagnostics_arrive_at_exact_utf16_ranges_and_clear_when_fixed() {
    let mut lsp = Lsp::start("zh-cn");
    let text = broken();
    lsp.open(URI, 1, &text);
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], URI);
    assert_eq!(published["version"], 1);
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published:#}");
    let d = &diagnostics[0];
    assert_eq!(d["code"], "E205");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "jixiao");
    // `权数` is two UTF-16 units; the emoji before it counts two.
    let (line, column) = position_of(&text, "权数");
    assert_eq!(d["range"], range(line, column, column + 2));
    let prefix = &text.lines().nth(line as usize).unwrap();
    let chars_before = prefix[..prefix.find("权数").unwrap()].chars().count() as u32;
    assert_eq!(
        column,
        chars_before + 1,
        "the emoji is one character, two units"
    );
    // Worded as `jixiao check` words it, in the editor's locale.
    let message = d["message"].as_str().unwrap();
    let checked = jixiao::compile(&text);
    let text_zh = checked.diagnostics[0].kind.text(jixiao::diag::Lang::Zh);
    assert!(message.starts_with(&text_zh.message), "{message}");
    assert!(
        message.contains(text_zh.help.as_deref().unwrap()),
        "{message}"
    );

    lsp.change(URI, 2, &minimal());
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));

    lsp.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": URI } }),
    );
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn an_english_editor_gets_english_diagnostics_with_their_related_places() {
    let mut lsp = Lsp::start("en-US");
    // 年度总体目标 twice: the duplicate points back at the first.
    let text = minimal().replace(
        "年度总体目标 {",
        "年度总体目标 {\n    预期目标 \"未完\"\n  }\n  年度总体目标 {",
    );
    lsp.open(URI, 7, &text);
    let published = lsp.notification("textDocument/publishDiagnostics");
    let diagnostics = published["diagnostics"].as_array().unwrap();
    let duplicate = diagnostics
        .iter()
        .find(|d| d["code"] == "E210")
        .unwrap_or_else(|| panic!("{published:#}"));
    let message = duplicate["message"].as_str().unwrap();
    assert!(
        message.starts_with("`年度总体目标` is given twice"),
        "English wording: {message}"
    );
    let related = &duplicate["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    let (line, column) = position_of(&text, "年度总体目标");
    assert_eq!(
        related["location"]["range"]["start"],
        json!({ "line": line, "character": column })
    );
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn hover_shows_computed_scores_rates_and_subtotals() {
    let mut lsp = Lsp::start("zh-CN");
    let text = read(&root().join("examples/scoring-showcase.jx"));
    lsp.open(URI, 1, &text);
    lsp.notification("textDocument/publishDiagnostics");

    // An indicator: score, weight, rule and the formula in numbers.
    let (line, column) = position_of(&text, "改造老旧小区数量");
    let hover = lsp.at("textDocument/hover", URI, line, column + 2);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(value.contains("得分 **13.50** / 分值 15"), "{value}");
    assert!(value.contains("`15 × min(27 / 30, 1) = 13.50`"), "{value}");
    assert!(value.contains("规则：比例"), "{value}");
    assert_eq!(
        hover["range"]["start"],
        json!({ "line": line, "character": column - 1 })
    );

    // The 年度资金总额 row: 执行率 and the score of budget execution.
    let (line, column) = position_of(&text, "年度资金总额");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("执行率 **94.64%**"), "{value}");
    assert!(value.contains("预算执行率得分 **9.46**"), "{value}");

    // A category: its subtotal.
    let (line, column) = position_of(&text, "产出指标");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**产出指标**（一级指标）"), "{value}");
    assert!(value.contains("得分小计"), "{value}");

    // An error elsewhere does not hide the figures that could be computed.
    let text = broken();
    lsp.change(URI, 2, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let (line, column) = position_of(&text, "服务对象满意度\"");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("得分 **10** / 分值 10"), "{value}");

    // An indicator whose declared 得分 is wrong shows the score its rule
    // gives beside the error (it showed nothing).
    let text = read(&root().join("tests/fixtures/errors/score-mismatch-ratio.jx"));
    lsp.change(URI, 3, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let (line, column) = position_of(&text, "完成数量");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("得分 **40** / 分值 50"), "{value}");
    assert!(value.contains("`50 × min(8 / 10, 1) = 40`"), "{value}");

    // Syntax errors elsewhere do not hide the figures of the rest.
    let text = read(&root().join("tests/fixtures/errors/syntax-recovery.jx"));
    lsp.change(URI, 4, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let (line, column) = position_of(&text, "服务对象满意度\"");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("得分 **10** / 分值 10"), "{value}");

    // On a form of two amounts (北京2016), the row shows the form's own
    // columns and 执行率 over 年初预算数.
    let text = read(&root().join("tests/fixtures/ok/template-beijing.jx"));
    lsp.change(URI, 5, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let (line, column) = position_of(&text, "年度资金总额");
    let hover = lsp.at("textDocument/hover", URI, line, column);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("年初预算数(A) 43.2 · 全年执行数(B) 37.24"),
        "{value}"
    );
    assert!(
        value.contains("执行率 **86.20%** = 37.24 ÷ 43.2 × 100%"),
        "{value}"
    );
    assert!(!value.contains("全年预算数"), "{value}");

    let text = read(&root().join("examples/scoring-showcase.jx"));
    lsp.change(URI, 6, &text);
    lsp.notification("textDocument/publishDiagnostics");

    // Nothing computed under a comment line.
    let hover = lsp.at("textDocument/hover", URI, 0, 0);
    assert_eq!(hover, Value::Null);
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn completion_offers_what_is_valid_at_the_cursor() {
    let mut lsp = Lsp::start("zh-CN");
    // The cursor on a new line inside the 数量指标 block.
    let text = minimal().replace(
        "完成值 10个  分值 50\n",
        "完成值 10个  分值 50\n        \"新指标\" \n",
    );
    lsp.open(URI, 1, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let (line, column) = position_of(&text, "\"新指标\" ");
    let items = lsp.at("textDocument/completion", URI, line, column + 6);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for field in [
        "指标值",
        "完成值",
        "分值",
        "得分",
        "规则",
        "等级",
        "偏差",
        "target",
        "weight",
    ] {
        assert!(labels.contains(&field), "{field} missing from {labels:?}");
    }
    // The unit the file already uses.
    assert!(labels.contains(&"个"), "{labels:?}");
    // Not the keywords of other blocks.
    assert!(!labels.contains(&"自评表"), "{labels:?}");

    // Inside 效益指标: its 二级 categories only.
    let (line, _) = position_of(&text, "社会效益指标 {");
    let items = lsp.at("textDocument/completion", URI, line, 0);
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "经济效益指标",
            "economic",
            "社会效益指标",
            "social",
            "生态效益指标",
            "ecological",
            "可持续影响指标",
            "sustainability"
        ]
    );
    // Nothing inside a string.
    let (line, column) = position_of(&text, "完成年度目标");
    let items = lsp.at("textDocument/completion", URI, line, column + 1);
    assert_eq!(items, json!([]));
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn formatting_returns_what_fmt_writes() {
    let mut lsp = Lsp::start("zh-CN");
    let text = minimal().replace("  年度 2022", "年度    2022  // 年度");
    lsp.open(URI, 1, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let edits = lsp.request(
        "textDocument/formatting",
        json!({
            "textDocument": { "uri": URI },
            "options": { "tabSize": 2, "insertSpaces": true }
        }),
    );
    let expected = jixiao::fmt::format(&text, jixiao::fmt::Keywords::Keep).unwrap();
    let edits = edits.as_array().unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0]["newText"], expected);
    let lines = text.lines().count() as u32;
    assert_eq!(
        edits[0]["range"],
        json!({
            "start": { "line": 0, "character": 0 },
            "end": { "line": lines, "character": 0 }
        })
    );
    // A file that does not parse is never formatted.
    lsp.change(URI, 2, "自评表 \"x\" {");
    lsp.notification("textDocument/publishDiagnostics");
    let edits = lsp.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": URI }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(edits, Value::Null);
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn outline_and_folding() {
    let mut lsp = Lsp::start("zh-CN");
    let text = read(&root().join("examples/scoring-showcase.jx"));
    lsp.open(URI, 1, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let evaluation = &symbols[0];
    assert_eq!(evaluation["detail"], "88.17 良");
    let indicators = evaluation["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "绩效指标")
        .unwrap();
    let output = &indicators["children"][0];
    assert_eq!(output["name"], "产出指标");
    let first = &output["children"][0]["children"][0];
    assert_eq!(first["name"], "改造老旧小区数量");
    assert_eq!(first["detail"], "13.50 / 15");

    // A file with syntax errors has the outline of what was read (it had
    // none): the indicator after a malformed one, with its figures.
    let broken = read(&root().join("tests/fixtures/errors/syntax-recovery.jx"));
    lsp.change(URI, 2, &broken);
    lsp.notification("textDocument/publishDiagnostics");
    let symbols = lsp.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": URI } }),
    );
    let indicators = symbols[0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "绩效指标")
        .unwrap();
    let satisfaction = &indicators["children"][2]["children"][0]["children"][0];
    assert_eq!(satisfaction["name"], "服务对象满意度");
    assert_eq!(satisfaction["detail"], "10 / 10");
    lsp.change(URI, 3, &text);
    lsp.notification("textDocument/publishDiagnostics");

    let folds = lsp.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": URI } }),
    );
    let folds = folds.as_array().unwrap();
    // The evaluation block folds from its first line to the line before `}`.
    let last = text.trim_end().lines().count() as u32 - 1;
    let (first_line, _) = position_of(&text, "自评表");
    assert!(
        folds
            .iter()
            .any(|f| f["startLine"] == first_line && f["endLine"] == last - 1),
        "{folds:?}"
    );
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn an_unknown_request_is_an_error_not_a_crash() {
    let mut lsp = Lsp::start("zh-CN");
    let response = lsp.call("textDocument/rename", json!({}));
    assert_eq!(response["error"]["code"], -32601);
    let response = lsp.call("textDocument/hover", json!({ "nonsense": 1 }));
    assert_eq!(response["error"]["code"], -32602);
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn messages_that_cannot_be_read_are_skipped_and_the_session_goes_on() {
    let mut lsp = Lsp::start("zh-CN");
    let text = broken();
    lsp.open(URI, 1, &text);
    lsp.notification("textDocument/publishDiagnostics");
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let hostile = [
        // A length no memory holds, then the body it claimed to announce.
        format!(
            "Content-Length: {}\r\n\r\n{{\"jsonrpc\":\"2.0\"}}",
            usize::MAX
        ),
        "Content-Length: 99999999999999999999999999\r\n\r\n{}".to_string(),
        frame("this is not json"),
        frame("[1, 2, 3]"),
        frame("{\"jsonrpc\": \"2.0\", \"method\": 5}"),
        frame(""),
        "no header at all\r\n\r\n".to_string(),
        format!("{}\r\n\r\n", "x".repeat(1 << 20)),
    ];
    for bytes in &hostile {
        lsp.send_raw(bytes.as_bytes());
        // Still there, and the document is as it was.
        let (line, column) = position_of(&text, "服务对象满意度\"");
        let hover = lsp.at("textDocument/hover", URI, line, column);
        let value = hover["contents"]["value"].as_str().unwrap();
        assert!(value.contains("得分 **10** / 分值 10"), "{value}");
    }
    lsp.change(URI, 2, &minimal());
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["version"], 2);
    assert_eq!(published["diagnostics"], json!([]));
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn a_lone_carriage_return_ends_a_line() {
    let mut lsp = Lsp::start("zh-CN");
    // Old Mac line ends, with `\r\n` on one line.
    let text = broken().replace('\n', "\r").replacen('\r', "\r\n", 1);
    lsp.open(URI, 1, &text);
    let published = lsp.notification("textDocument/publishDiagnostics");
    let diagnostics = published["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1, "{published:#}");
    // Counted here independently: every `\r` ends a line.
    let offset = text.find("权数").unwrap();
    let before = &text[..offset];
    let line = before.matches('\r').count() as u32;
    let column = before[before.rfind('\r').unwrap() + 1..]
        .encode_utf16()
        .count() as u32;
    assert!(line > 10, "{line}");
    assert_eq!(diagnostics[0]["range"], range(line, column, column + 2));
    // Hover finds the indicator on the line the editor shows it.
    let offset = text.find("服务对象满意度\"").unwrap();
    let before = &text[..offset];
    let line = before.matches('\r').count() as u32;
    let column = before[before.rfind('\r').unwrap() + 1..]
        .encode_utf16()
        .count() as u32;
    let hover = lsp.at("textDocument/hover", URI, line, column);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("分值 10")),
        "{hover}"
    );
    assert_eq!(lsp.shutdown(), 0);
}

#[test]
fn a_mid_year_file_is_checked_as_its_monitoring_form() {
    let mut lsp = Lsp::start("zh-cn");
    let text = read(&root().join("tests/fixtures/year/monitoring-behind.jx"));
    lsp.open(URI, 1, &text);
    let published = lsp.notification("textDocument/publishDiagnostics");
    let codes: Vec<_> = published["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    // The monitoring's own checks, not the 自评表's missing actuals.
    assert!(codes.contains(&"W413".to_string()), "{codes:?}");
    assert!(codes.contains(&"W414".to_string()), "{codes:?}");
    assert!(!codes.contains(&"E213".to_string()), "{codes:?}");
    // The first 完成值 makes it the year's 自评表.
    let evaluated = text.replace("监控完成值 520人次", "完成值 980人次");
    lsp.change(URI, 2, &evaluated);
    let published = lsp.notification("textDocument/publishDiagnostics");
    let text = published.to_string();
    assert!(!text.contains("W413"), "{published:#}");
    assert!(text.contains("E212"), "{published:#}");
    assert_eq!(lsp.shutdown(), 0);
}

/// A file URI of a path, its bytes outside the unreserved set escaped.
fn file_uri(path: &std::path::Path) -> String {
    let mut uri = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'.' | b'_' | b'~' => {
                uri.push(b as char)
            }
            _ => uri.push_str(&format!("%{b:02X}")),
        }
    }
    uri
}

/// Opens the 部门整体 sheet of `tests/fixtures/department`, which has no
/// problems; its URI, and where the path of its project 农技推广 stands.
fn open_department_sheet(lsp: &mut Lsp) -> (String, (u32, u32)) {
    let path = root().join("tests/fixtures/department/部门整体.jx");
    let uri = file_uri(&path);
    let text = read(&path);
    lsp.open(&uri, 1, &text);
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
    (uri, position_of(&text, "项目/农技推广.jx"))
}

#[test]
fn a_department_sheet_reads_its_projects_beside_it_and_shows_their_scores() {
    let mut lsp = Lsp::start("zh-CN");
    let (uri, (line, column)) = open_department_sheet(&mut lsp);
    let hover = lsp.at("textDocument/hover", &uri, line, column + 3);
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("**农技推广培训项目**"), "{value}");
    assert!(value.contains("执行率 95.00%"), "{value}");
    assert!(
        value.contains("自评得分 **89.50** · 等级 **良**"),
        "{value}"
    );
    assert_eq!(lsp.shutdown(), 0);
}

/// A project file open in the editor is what its sheet reads, saved or
/// not: the sheet is checked again at each change of it, and at its close
/// reads the file on the disk again.
#[test]
fn a_sheet_follows_its_project_file_as_the_editor_has_it() {
    let mut lsp = Lsp::start("zh-CN");
    let (sheet, (line, column)) = open_department_sheet(&mut lsp);
    let rate = |lsp: &mut Lsp| {
        let hover = lsp.at("textDocument/hover", &sheet, line, column + 3);
        hover["contents"]["value"].as_str().unwrap().to_string()
    };
    assert!(rate(&mut lsp).contains("执行率 95.00%"));

    // 6 万元 less spent, not saved: 70 / 80.
    let project_path = root().join("tests/fixtures/department/项目/农技推广.jx");
    let project = file_uri(&project_path);
    let spent_less = read(&project_path)
        .replace(
            "年度资金总额           80   76",
            "年度资金总额           80   70",
        )
        .replace(
            "本年一般公共预算拨款   80   76",
            "本年一般公共预算拨款   80   70",
        );
    assert!(spent_less.contains("年度资金总额           80   70"));
    assert!(spent_less.contains("本年一般公共预算拨款   80   70"));
    lsp.open(&project, 1, &spent_less);
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], project.as_str());
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], sheet.as_str(), "{published:#}");
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
    assert!(rate(&mut lsp).contains("执行率 87.50%"));

    // An error in the project is the sheet's E331 at once.
    let broken = spent_less.replace(
        "年度资金总额           80   70",
        "年度资金总额           80   60",
    );
    lsp.change(&project, 2, &broken);
    lsp.notification("textDocument/publishDiagnostics");
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], sheet.as_str());
    assert_eq!(published["diagnostics"][0]["code"], "E331", "{published:#}");

    // Closed without saving: the file on the disk again.
    lsp.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": project } }),
    );
    lsp.notification("textDocument/publishDiagnostics");
    let published = lsp.notification("textDocument/publishDiagnostics");
    assert_eq!(published["uri"], sheet.as_str());
    assert_eq!(published["diagnostics"], json!([]), "{published:#}");
    assert!(rate(&mut lsp).contains("执行率 95.00%"));
    assert_eq!(lsp.shutdown(), 0);
}
