//! The summary table as CSV and as an Excel workbook.

use jixiao::format::{percent, plain, score};
use jixiao::summary::Summary;
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use super::{Failure, Message};

const HEADER: [&str; 7] = [
    "项目名称",
    "主管部门",
    "全年预算数（万元）",
    "全年执行数（万元）",
    "执行率",
    "总分",
    "等级",
];

/// A CSV field of the user's text, quoted when it must be. Text that a
/// spreadsheet would take for a formula (it starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'`, so that Excel, WPS and
/// LibreOffice show it as text and never run it. Figures are written by
/// jixiao itself and stay numbers.
fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

fn amount(value: Option<Decimal>) -> String {
    value.map(plain).unwrap_or_default()
}

/// CSV with a byte-order mark, so that Excel opens the Chinese text right.
pub fn csv(summary: &Summary) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for row in &summary.rows {
        let cells = [
            field(&row.name),
            field(&row.department),
            amount(row.annual_budget),
            amount(row.executed),
            row.execution_rate.map(percent).unwrap_or_default(),
            score(row.total_score),
            field(&row.grade),
        ];
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    let totals = [
        "合计".to_string(),
        String::new(),
        plain(summary.annual_budget),
        plain(summary.executed),
        summary.execution_rate.map(percent).unwrap_or_default(),
        summary.average_score.map(score).unwrap_or_default(),
        String::new(),
    ];
    out.push_str(&totals.join(","));
    out.push_str("\r\n");
    out
}

/// An .xlsx workbook: figures are numbers with number formats, not text.
pub fn xlsx(summary: &Summary) -> Result<Vec<u8>, Failure> {
    workbook(summary).map_err(|e| {
        Failure::io(
            Message::Write("summary.xlsx".into()),
            std::io::Error::other(e.to_string()),
        )
    })
}

fn workbook(summary: &Summary) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("汇总")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0.00");
    let rate = Format::new().set_num_format("0.00%");
    let points = Format::new().set_num_format("0.00");
    for (c, title) in HEADER.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    let hundred = Decimal::ONE_HUNDRED;
    let mut r = 1u32;
    for row in &summary.rows {
        sheet.write_string(r, 0, &row.name)?;
        sheet.write_string(r, 1, &row.department)?;
        if let Some(v) = row.annual_budget {
            sheet.write_with_format(r, 2, v, &money)?;
        }
        if let Some(v) = row.executed {
            sheet.write_with_format(r, 3, v, &money)?;
        }
        if let Some(v) = row.execution_rate {
            sheet.write_with_format(r, 4, v / hundred, &rate)?;
        }
        sheet.write_with_format(r, 5, row.total_score, &points)?;
        sheet.write_string(r, 6, &row.grade)?;
        r += 1;
    }
    sheet.write_string_with_format(r, 0, "合计", &bold)?;
    sheet.write_with_format(r, 2, summary.annual_budget, &money)?;
    sheet.write_with_format(r, 3, summary.executed, &money)?;
    if let Some(v) = summary.execution_rate {
        sheet.write_with_format(r, 4, v / hundred, &rate)?;
    }
    if let Some(v) = summary.average_score {
        sheet.write_with_format(r, 5, v, &points)?;
    }
    sheet.set_column_width(0, 36)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_range_width(2, 3, 18)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::field;

    #[test]
    fn text_a_spreadsheet_would_run_as_a_formula_starts_with_a_quote() {
        for (text, written) in [
            ("=1+1", "'=1+1"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "\"'\r=1\""),
            ("=A1,B1", "\"'=A1,B1\""),
            ("a=1", "a=1"),
            ("项目-一期", "项目-一期"),
            ("", ""),
        ] {
            assert_eq!(field(text), written, "{text:?}");
        }
    }
}
