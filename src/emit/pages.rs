//! Whether a form may run over one page: a cautious estimate of its height
//! from its texts and the template's column widths.
//!
//! A form that surely fits keeps the layout of the official form, whose
//! 一级 and 二级 cells span their rows with the names centred; one that may
//! not fit gets the long layout, whose names repeat on every page (see
//! `long_indicators`). The estimate errs towards "may not fit": a form
//! taken for long by mistake is still right, only its names sit at the top
//! of their cells.
//!
//! Lengths are in hundredths of a point, as integers.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::model::{Evaluation, Indicator, Level2};
use crate::template::{Column, HeaderCell, IndicatorColumn, Section, Source, Template};

/// The text area of an A4 page in the form's margins: 180 mm × 261 mm.
const PAGE_WIDTH: u64 = 51_024;
const PAGE_HEIGHT: u64 = 73_984;
/// `label-width` in the preamble: 20 mm.
const LABEL_WIDTH: u64 = 5_669;
/// A cell's inset left and right together, and a character's width at
/// 10 pt: a Chinese character (and any sign a Chinese font may draw), a
/// space, and (taken wide) a letter or digit.
const INSET: u64 = 600;
const WIDE: u64 = 1_000;
const SPACE: u64 = 300;
const NARROW: u64 = 550;
/// A row of n lines is `ROW + n × LINE` high (10 pt text, leading 0.6 em,
/// inset 5 pt above and below), as typst sets it.
const ROW: u64 = 400;
const LINE: u64 = 1_320;

/// Whether the form of `e` may need more than one page.
pub fn may_run_over(e: &Evaluation, t: &Template) -> bool {
    // The title, at 16 pt, and the 4 mm under it.
    let mut height = lines(&e.title, PAGE_WIDTH * 10 / 16) * 1_900 + 1_134;
    for section in &t.sections {
        height += match section {
            Section::Header(rows) => rows.iter().map(|r| header_row(e, r)).sum(),
            Section::Funds(layout) => {
                let name = width_of(&layout.row_width).unwrap_or(PAGE_WIDTH);
                let names: u64 = layout.rows.iter().map(|r| row(lines(&r.label, name))).sum();
                let note = e
                    .funds
                    .note
                    .as_deref()
                    .map_or(0, |n| row(lines(n, PAGE_WIDTH.saturating_sub(LABEL_WIDTH))));
                row(2) + names + note
            }
            Section::Goal(_) => {
                let half = PAGE_WIDTH.saturating_sub(LABEL_WIDTH) / 2;
                row(1) + row(lines(&e.goal.expected, half).max(lines(&e.goal.actual, half)))
            }
            Section::Indicators(layout) => indicators(e, &layout.columns),
            Section::Texts(rows) => rows
                .iter()
                .map(|r| {
                    let text = e.fields.get(&r.key).map_or("", String::as_str);
                    row(lines(text, PAGE_WIDTH.saturating_sub(LABEL_WIDTH)))
                })
                .sum(),
            Section::Signatures(_) => row(1) + 1_000,
            Section::Projects(_) => e.projects.as_ref().map_or(0, |s| {
                let names: u64 = s
                    .rows
                    .iter()
                    .map(|r| row(lines(&r.name, PAGE_WIDTH / 2)))
                    .sum();
                row(1) + row(2) + names + row(1)
            }),
        };
    }
    // The estimate is on the high side already (by 4 to 10 per cent on the
    // examples); a twenty-fifth more for what it cannot see.
    height + height / 25 > PAGE_HEIGHT
}

/// A row of the header: one label and value across the form, or pairs
/// of them side by side (`label-width, 1fr, 22mm, 1fr`).
fn header_row(e: &Evaluation, cells: &[HeaderCell]) -> u64 {
    let value = |source: &Source| match source {
        Source::Name => e.name.as_str(),
        Source::Department => &e.department,
        Source::Implementer => &e.implementer,
        Source::Year => "",
        Source::Field(key) => e.fields.get(key).map_or("", String::as_str),
    };
    let across = PAGE_WIDTH.saturating_sub(LABEL_WIDTH);
    let (label, width) = match cells {
        [_] => (LABEL_WIDTH, across),
        _ => (LABEL_WIDTH, across.saturating_sub(6_236) / 2),
    };
    let tallest = cells
        .iter()
        .map(|c| lines(&c.label, label).max(lines(value(&c.source), width)))
        .max()
        .unwrap_or(1);
    row(tallest)
}

fn indicators(e: &Evaluation, columns: &[Column<IndicatorColumn>]) -> u64 {
    let Some(widths) = column_widths(columns) else {
        return u64::MAX / 4;
    };
    let head = columns
        .iter()
        .zip(&widths)
        .map(|(c, w)| lines(&c.label, *w))
        .max()
        .unwrap_or(1);
    let mut height = row(head) + row(1);
    for level1 in &e.categories {
        let rows1: u64 = level1
            .categories
            .iter()
            .map(|level2| group(level2, columns, &widths))
            .sum();
        // The 一级 cell may print its weight: `产出指标(50分)`.
        let name1 = format!("{}(100.00分)", level1.name);
        let name1 = widths.first().map_or(1, |w| lines(&name1, *w));
        height += rows1.max(row(name1));
    }
    height
}

/// The height of a 二级 category's rows.
fn group(level2: &Level2, columns: &[Column<IndicatorColumn>], widths: &[u64]) -> u64 {
    let mut rows = if level2.indicators.is_empty() {
        row(1)
    } else {
        0
    };
    for ind in &level2.indicators {
        let tallest = columns
            .iter()
            .zip(widths)
            .map(|(c, w)| lines(text_of(ind, c), *w))
            .max()
            .unwrap_or(1);
        rows += row(tallest);
    }
    // A name longer than its rows makes the last one taller.
    let name = widths.get(1).map_or(1, |w| lines(&level2.name, *w));
    rows.max(row(name))
}

/// Whether a 二级 category's rows are short enough to be kept together on
/// one page (a quarter of it at most), so that its name needs no repeating.
pub fn keeps_together(level2: &Level2, columns: &[Column<IndicatorColumn>]) -> bool {
    column_widths(columns).is_some_and(|widths| group(level2, columns, &widths) <= PAGE_HEIGHT / 4)
}

/// Whether `text` may need more than one line in the indicator column
/// `index`.
pub fn may_wrap(text: &str, columns: &[Column<IndicatorColumn>], index: usize) -> bool {
    column_widths(columns)
        .and_then(|widths| widths.get(index).copied())
        .is_none_or(|width| lines(text, width) > 1)
}

/// The text an indicator's cell in `column` holds, or none for a figure of
/// one line.
fn text_of<'a>(ind: &'a Indicator, column: &'a Column<IndicatorColumn>) -> &'a str {
    match (&column.text, column.kind) {
        (_, IndicatorColumn::Level1 | IndicatorColumn::Level2) => return "",
        (Some(text), _) => return text,
        (None, _) => {}
    }
    match column.kind {
        IndicatorColumn::Name => &ind.name,
        IndicatorColumn::Target => &ind.target,
        IndicatorColumn::Actual => &ind.actual,
        IndicatorColumn::Deviation => ind.deviation.as_deref().unwrap_or(""),
        IndicatorColumn::Explanation => ind.explanation.as_deref().unwrap_or(""),
        IndicatorColumn::Standard => ind.standard.as_deref().unwrap_or(""),
        IndicatorColumn::Cause => ind
            .monitoring
            .as_ref()
            .and_then(|m| m.cause.as_deref())
            .unwrap_or(""),
        IndicatorColumn::Measures => ind
            .monitoring
            .as_ref()
            .and_then(|m| m.measures.as_deref())
            .unwrap_or(""),
        IndicatorColumn::Method => ind.formula.as_deref().unwrap_or(ind.rule.chinese()),
        _ => "",
    }
}

fn row(lines: u64) -> u64 {
    ROW + lines.max(1) * LINE
}

/// How many lines `text` takes in a cell `width` wide: a paragraph that
/// fits takes one; a longer one its characters over the whole characters a
/// line holds, less two letters a line where words of letters wrap whole.
fn lines(text: &str, width: u64) -> u64 {
    let room = width.saturating_sub(INSET);
    let whole = (room / WIDE).max(1) * WIDE;
    text.split('\n')
        .map(|paragraph| {
            let run: u64 = paragraph
                .chars()
                .map(|c| match c {
                    ' ' => SPACE,
                    // Latin, Greek, ×: letters of the Latin font.
                    c if c < '\u{2000}' => NARROW,
                    _ => WIDE,
                })
                .sum();
            let words = paragraph.chars().any(|c| c.is_ascii_alphanumeric());
            let line = if words {
                whole.saturating_sub(2 * NARROW).max(WIDE)
            } else {
                whole
            };
            if run <= room { 1 } else { run.div_ceil(line) }
        })
        .sum()
}

/// The widths of the indicator columns beside the label column, or none
/// when one cannot be read.
fn column_widths(columns: &[Column<IndicatorColumn>]) -> Option<Vec<u64>> {
    let fixed: Vec<Option<u64>> = columns.iter().map(|c| width_of(&c.width)).collect();
    let fractions: Vec<Option<Decimal>> = columns.iter().map(|c| fraction(&c.width)).collect();
    let taken: u64 = fixed.iter().flatten().sum();
    let free = PAGE_WIDTH.saturating_sub(LABEL_WIDTH).saturating_sub(taken);
    let shares = fractions
        .iter()
        .flatten()
        .try_fold(Decimal::ZERO, |sum, f| sum.checked_add(*f))?;
    fixed
        .iter()
        .zip(&fractions)
        .map(|(fixed, fraction)| match (fixed, fraction) {
            (Some(w), _) => Some(*w),
            (None, Some(f)) => Decimal::from(free)
                .checked_mul(*f)?
                .checked_div(shares)?
                .floor()
                .to_u64(),
            (None, None) => None,
        })
        .collect()
}

/// A fixed width (`18mm`, `2cm`, `30pt`, `4em`) in hundredths of a point.
fn width_of(width: &str) -> Option<u64> {
    let (number, unit) = split(width)?;
    let per = match unit {
        "mm" => Decimal::new(28_346, 2),
        "cm" => Decimal::new(283_465, 2),
        "pt" => Decimal::ONE_HUNDRED,
        "em" => Decimal::ONE_THOUSAND,
        _ => return None,
    };
    number.checked_mul(per)?.ceil().to_u64()
}

fn fraction(width: &str) -> Option<Decimal> {
    match split(width)? {
        (number, "fr") => Some(number),
        _ => None,
    }
}

fn split(width: &str) -> Option<(Decimal, &str)> {
    let at = width.find(|c: char| c.is_ascii_alphabetic())?;
    let number: Decimal = width[..at].parse().ok()?;
    Some((number, &width[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_are_read_in_hundredths_of_a_point() {
        assert_eq!(width_of("10mm"), Some(2_835));
        assert_eq!(width_of("1.5cm"), Some(4_252));
        assert_eq!(width_of("30pt"), Some(3_000));
        assert_eq!(width_of("1fr"), None);
        assert_eq!(fraction("1.5fr"), Some(Decimal::new(15, 1)));
    }

    #[test]
    fn a_paragraph_takes_its_characters_over_the_line() {
        // 18 mm less the inset holds 4 characters a line.
        let narrow = width_of("18mm").unwrap_or_default();
        assert_eq!(lines("数量指标", narrow), 1);
        assert_eq!(lines("可持续影响指标", narrow), 2);
        assert_eq!(lines("服务对象满意度指标", narrow), 3);
        assert_eq!(lines("", narrow), 1);
        assert_eq!(lines("一\n二", narrow), 2);
    }
}
