//! Excel (.xlsx): each sheet as a grid of the texts Excel shows, merged
//! ranges rebuilt. A number is read from its decimal text in the sheet
//! (never through binary floating point) and shown as its cell's format
//! shows it: a percentage as `95%`, a date as `2021-12-31`, others to
//! Excel's 15 significant digits.

use std::collections::HashMap;
use std::str::FromStr;

use roxmltree::Node;
use rust_decimal::Decimal;

use super::archive::{Archive, resolve};
use super::grid::{Cell, Grid, Place};
use super::xml::{self, attr, child, children, is};
use super::{Error, Limits, Source};

/// SpreadsheetML, transitional and strict.
const S: &[&str] = &[
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
];
const REL: &[&str] = &["http://schemas.openxmlformats.org/package/2006/relationships"];

pub struct Sheet {
    pub name: String,
    pub grid: Grid,
}

/// How a cell's number is shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shown {
    General,
    /// With this many decimals, times 100, with `%`.
    Percent(u32),
    Date,
}

/// Every sheet of a workbook, in the workbook's order.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Sheet>, Error> {
    let mut archive = Archive::open(bytes, limits)?;
    let workbook_text = archive.required("xl/workbook.xml")?;
    let workbook = xml::parse(&workbook_text, "xl/workbook.xml", limits)?;
    let rels_text = archive.required("xl/_rels/workbook.xml.rels")?;
    let rels = xml::parse(&rels_text, "xl/_rels/workbook.xml.rels", limits)?;
    let targets: HashMap<&str, &str> = children(rels.root_element(), REL, "Relationship")
        .filter_map(|r| Some((attr(r, "Id")?, attr(r, "Target")?)))
        .collect();
    let shared = match archive.text("xl/sharedStrings.xml")? {
        Some(text) => shared_strings(&xml::parse(&text, "xl/sharedStrings.xml", limits)?),
        None => Vec::new(),
    };
    let styles = match archive.text("xl/styles.xml")? {
        Some(text) => styles(&xml::parse(&text, "xl/styles.xml", limits)?),
        None => Vec::new(),
    };
    let mut sheets = Vec::new();
    let mut cells = 0;
    let list = child(workbook.root_element(), S, "sheets");
    for sheet in list.into_iter().flat_map(|l| children(l, S, "sheet")) {
        let Some(target) = attr(sheet, "id").and_then(|id| targets.get(id)) else {
            continue;
        };
        let path = resolve("xl", target)?;
        let Some(text) = archive.text(&path)? else {
            continue;
        };
        let doc = xml::parse(&text, &path, limits)?;
        let grid = sheet_grid(&doc, &shared, &styles, &mut cells, limits)?;
        sheets.push(Sheet {
            name: attr(sheet, "name").unwrap_or_default().to_string(),
            grid,
        });
    }
    Ok(sheets)
}

/// The first sheet that holds a form.
pub fn source(sheets: Vec<Sheet>) -> Result<Source, Error> {
    let sheet = sheets
        .into_iter()
        .find(|s| super::form::looks_like_form(&s.grid))
        .ok_or(Error::NoForm)?;
    Ok(Source {
        before: Vec::new(),
        grid: sheet.grid,
        after: Vec::new(),
    })
}

/// The text of a string item: its runs, without phonetic guides.
fn string_item(si: Node) -> String {
    let mut text = String::new();
    for n in si.descendants() {
        if is(n, S, "t") && !n.ancestors().any(|a| is(a, S, "rPh")) {
            text.push_str(n.text().unwrap_or(""));
        }
    }
    text
}

fn shared_strings(doc: &roxmltree::Document) -> Vec<String> {
    children(doc.root_element(), S, "si")
        .map(string_item)
        .collect()
}

/// How each cell style (`s`) shows numbers.
fn styles(doc: &roxmltree::Document) -> Vec<Shown> {
    let root = doc.root_element();
    let custom: HashMap<u32, &str> = child(root, S, "numFmts")
        .into_iter()
        .flat_map(|f| children(f, S, "numFmt"))
        .filter_map(|f| Some((attr(f, "numFmtId")?.parse().ok()?, attr(f, "formatCode")?)))
        .collect();
    child(root, S, "cellXfs")
        .into_iter()
        .flat_map(|x| children(x, S, "xf"))
        .map(|xf| {
            let id: u32 = attr(xf, "numFmtId")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            match (id, custom.get(&id)) {
                (_, Some(code)) => shown(code),
                (9, None) => Shown::Percent(0),
                (10, None) => Shown::Percent(2),
                (14..=17 | 22 | 27..=36 | 50..=58, None) => Shown::Date,
                _ => Shown::General,
            }
        })
        .collect()
}

/// How a format code shows a number (its first section, quoted text
/// left out).
fn shown(code: &str) -> Shown {
    let section = code.split(';').next().unwrap_or("");
    let mut plain = String::new();
    let mut quoted = false;
    for c in section.chars() {
        match c {
            '"' => quoted = !quoted,
            c if !quoted => plain.push(c),
            _ => {}
        }
    }
    let plain = plain.replace(['[', ']'], "");
    if plain.contains('%') {
        let decimals = plain
            .split_once('.')
            .map_or(0, |(_, d)| d.chars().take_while(|c| *c == '0').count());
        Shown::Percent(u32::try_from(decimals).unwrap_or(0))
    } else if plain.to_lowercase().contains("yy") || plain.to_lowercase().contains('d') {
        Shown::Date
    } else {
        Shown::General
    }
}

/// A cell reference (`C5`) as a grid position from 0.
fn position(reference: &str) -> Option<(usize, usize)> {
    let letters = reference
        .bytes()
        .take_while(u8::is_ascii_alphabetic)
        .count();
    let (col, row) = reference.split_at(letters);
    if col.is_empty() || col.len() > 3 {
        return None;
    }
    let col = col.bytes().try_fold(0usize, |n, b| {
        Some(n * 26 + usize::from(b.to_ascii_uppercase().checked_sub(b'A')?) + 1)
    })?;
    let row: usize = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

fn sheet_grid(
    doc: &roxmltree::Document,
    shared: &[String],
    styles: &[Shown],
    cells: &mut usize,
    limits: &Limits,
) -> Result<Grid, Error> {
    let root = doc.root_element();
    let too_many = Error::TooManyCells {
        limit: limits.cells,
    };
    let mut values: Vec<((usize, usize), String)> = Vec::new();
    let data = child(root, S, "sheetData");
    let mut next_row = 0;
    for row in data.into_iter().flat_map(|d| children(d, S, "row")) {
        let r = attr(row, "r")
            .and_then(|r| r.parse::<usize>().ok())
            .and_then(|r| r.checked_sub(1))
            .unwrap_or(next_row);
        next_row = r + 1;
        let mut next_col = 0;
        for c in children(row, S, "c") {
            let (r, col) = attr(c, "r").and_then(position).unwrap_or((r, next_col));
            next_col = col + 1;
            *cells += 1;
            if *cells > limits.cells {
                return Err(too_many);
            }
            let text = cell_text(c, shared, styles);
            if !text.is_empty() {
                values.push(((r, col), text));
            }
        }
    }
    let merges: Vec<((usize, usize), (usize, usize))> = child(root, S, "mergeCells")
        .into_iter()
        .flat_map(|m| children(m, S, "mergeCell"))
        .filter_map(|m| {
            let (a, b) = attr(m, "ref")?.split_once(':')?;
            let (a, b) = (position(a)?, position(b)?);
            Some(((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1))))
        })
        .collect();
    let rows = values
        .iter()
        .map(|(p, _)| p.0)
        .chain(merges.iter().map(|(a, _)| a.0))
        .max()
        .map_or(0, |r| r + 1);
    let cols = values
        .iter()
        .map(|(p, _)| p.1)
        .chain(merges.iter().map(|(a, _)| a.1))
        .max()
        .map_or(0, |c| c + 1);
    if rows.saturating_mul(cols) > limits.cells {
        return Err(too_many);
    }
    let mut grid = Grid {
        rows: (0..rows)
            .map(|r| {
                (0..cols)
                    .map(|c| Cell {
                        text: String::new(),
                        origin: (r, c),
                        place: Place {
                            row: r + 1,
                            col: c + 1,
                        },
                    })
                    .collect()
            })
            .collect(),
    };
    for ((r, c), text) in values {
        if let Some(cell) = grid.rows.get_mut(r).and_then(|row| row.get_mut(c)) {
            cell.text = text;
        }
    }
    // Merged ranges do not overlap: together they cover the sheet at most
    // once, and a file whose ranges cover more is refused.
    let mut covered = 0usize;
    for ((top, left), (bottom, right)) in merges {
        covered = covered.saturating_add((bottom - top + 1).saturating_mul(right - left + 1));
        if covered > limits.cells {
            return Err(Error::TooManyCells {
                limit: limits.cells,
            });
        }
        let Some(first) = grid.get(top, left).cloned() else {
            continue;
        };
        for row in grid.rows.iter_mut().take(bottom + 1).skip(top) {
            for cell in row.iter_mut().take(right + 1).skip(left) {
                *cell = first.clone();
            }
        }
    }
    Ok(grid)
}

fn cell_text(c: Node, shared: &[String], styles: &[Shown]) -> String {
    let value = child(c, S, "v").and_then(|v| v.text()).unwrap_or("");
    match attr(c, "t").unwrap_or("n") {
        "s" => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .cloned()
            .unwrap_or_default(),
        "inlineStr" => child(c, S, "is").map(string_item).unwrap_or_default(),
        "b" => match value.trim() {
            "1" => "TRUE".into(),
            "0" => "FALSE".into(),
            other => other.into(),
        },
        "d" => value.split('T').next().unwrap_or("").to_string(),
        "n" => {
            let style = attr(c, "s")
                .and_then(|s| s.parse::<usize>().ok())
                .and_then(|s| styles.get(s))
                .copied()
                .unwrap_or(Shown::General);
            number(value.trim(), style).unwrap_or_else(|| value.to_string())
        }
        _ => value.to_string(),
    }
}

/// A number as its format shows it, or `None` when the text is not one.
fn number(text: &str, shown: Shown) -> Option<String> {
    if text.is_empty() {
        return None;
    }
    let value = if text.contains(['e', 'E']) {
        Decimal::from_scientific(text).ok()?
    } else {
        Decimal::from_str(text).ok()?
    };
    // Excel keeps a double and shows 15 significant digits of it.
    let value = value.round_sf(15).unwrap_or(value).normalize();
    Some(match shown {
        Shown::General => value.to_string(),
        Shown::Percent(decimals) => {
            let mut percent = value.checked_mul(Decimal::ONE_HUNDRED)?.normalize();
            if percent.scale() <= decimals {
                percent.rescale(decimals);
            }
            format!("{percent}%")
        }
        Shown::Date => date(value).unwrap_or_else(|| value.to_string()),
    })
}

/// A date serial of the 1900 system as `YYYY-MM-DD` (serial 60 is
/// Excel's 1900-02-29, which never was; later serials are one day off
/// because of it).
fn date(serial: Decimal) -> Option<String> {
    let days: i64 = serial.trunc().try_into().ok()?;
    if !(1..=2_958_465).contains(&days) || days == 60 {
        return None;
    }
    let days = if days > 60 { days - 1 } else { days };
    // 1899-12-31 is day 0; days from 1970-01-01 (H. Hinnant's algorithm).
    let z = days - 25_568 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    Some(format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_show_as_their_format_shows_them() {
        assert_eq!(number("2000", Shown::General).unwrap(), "2000");
        assert_eq!(number("2.2999999999999998", Shown::General).unwrap(), "2.3");
        assert_eq!(number("1", Shown::Percent(0)).unwrap(), "100%");
        assert_eq!(number("0.862", Shown::Percent(2)).unwrap(), "86.20%");
        assert_eq!(number("0.86234", Shown::Percent(2)).unwrap(), "86.234%");
        assert_eq!(number("1.5E3", Shown::General).unwrap(), "1500");
        assert_eq!(number("44561", Shown::Date).unwrap(), "2021-12-31");
        assert_eq!(number("61", Shown::Date).unwrap(), "1900-03-01");
        assert_eq!(number("59", Shown::Date).unwrap(), "1900-02-28");
        assert_eq!(number("abc", Shown::General), None);
    }

    #[test]
    fn references_and_formats() {
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("C5"), Some((4, 2)));
        assert_eq!(position("AA10"), Some((9, 26)));
        assert_eq!(position("A0"), None);
        assert_eq!(position("ABCD1"), None);
        assert_eq!(shown("0.00%"), Shown::Percent(2));
        assert_eq!(shown("yyyy\"年\"m\"月\"d\"日\""), Shown::Date);
        assert_eq!(shown("#,##0.00"), Shown::General);
        assert_eq!(shown("\"%\"0"), Shown::General);
    }
}
