//! Checking the 自评报告: its blocks, its headings, and the figures it quotes
//! from the form, so that the report cannot contradict the table.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Checker, Once};
use crate::ast::{self, Part, ReportItem};
use crate::diag::{Context, Diagnostic, Kind};
use crate::format;
use crate::model::{self, FormTable};
use crate::span::{Span, Spanned};
use crate::suggest::nearest;
use crate::template::RowDef;
use crate::words;

/// The meaning of each table name, by its Chinese form (its spellings are
/// in `words::TABLES`).
const TABLES: &[(&str, FormTable)] = &[
    ("偏差", FormTable::Deviations),
    ("指标", FormTable::Indicators),
    ("资金", FormTable::Funds),
];

/// The fields a reference can name, by kind of subject: (Chinese, English).
const FUNDS_FIELDS: &[(&str, &str)] = &[
    ("年初预算数", "initial_budget"),
    ("全年预算数", "annual_budget"),
    ("全年执行数", "executed"),
    ("执行率", "execution_rate"),
    ("分值", "weight"),
    ("得分", "score"),
];
const INDICATOR_FIELDS: &[(&str, &str)] = &[
    ("指标值", "target"),
    ("完成值", "actual"),
    ("分值", "weight"),
    ("得分", "score"),
];
const CATEGORY_FIELDS: &[(&str, &str)] = &[("分值", "weight"), ("得分", "score")];
const FORM_FIELDS: &[(&str, &str)] = &[
    ("总分", "total_score"),
    ("等级", "grade"),
    ("执行率", "execution_rate"),
];

/// The Chinese name of a field written in either language.
fn field<'a>(fields: &'a [(&'a str, &'a str)], word: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(zh, en)| *zh == word || *en == word)
        .map(|(zh, _)| *zh)
}

impl Checker {
    pub(super) fn report(
        &mut self,
        r: &ast::Report,
        form: Option<&model::Evaluation>,
    ) -> model::Report {
        let mut subtitle = Once::new("副标题");
        let mut signed = Once::new("落款");
        let mut chapters = Vec::new();
        for item in &r.items {
            match item {
                ReportItem::Subtitle { keyword, text } => {
                    subtitle.set(self, *keyword, text.value.clone())
                }
                ReportItem::Chapter(c) => chapters.push(self.chapter(c, form)),
                ReportItem::Signed {
                    keyword,
                    issuer,
                    date,
                } => {
                    self.date(date);
                    if self.signed.is_none() {
                        self.signed = Some(date.clone());
                    }
                    let signature = model::Signature {
                        issuer: issuer.value.clone(),
                        date: date.value,
                    };
                    signed.set(self, *keyword, signature);
                }
                ReportItem::Unknown(u) => {
                    self.unknown(u, Context::Report);
                }
            }
        }
        model::Report {
            title: r.title.value.clone(),
            subtitle: subtitle.get(),
            chapters,
            signed: signed.get(),
        }
    }

    fn chapter(&mut self, c: &ast::Chapter, form: Option<&model::Evaluation>) -> model::Chapter {
        self.heading(&c.title);
        let blocks = c
            .blocks
            .iter()
            .filter_map(|block| {
                Some(match block {
                    ast::Block::Paragraph(text) => model::Block::Paragraph {
                        text: self.resolve(text, form),
                    },
                    ast::Block::Heading { level, title } => {
                        self.heading(title);
                        model::Block::Heading {
                            level: *level,
                            title: title.value.clone(),
                        }
                    }
                    ast::Block::List { items, .. } => model::Block::List {
                        items: items.iter().map(|t| self.resolve(t, form)).collect(),
                    },
                    ast::Block::Table(name) => model::Block::Table {
                        table: self.table(name)?,
                    },
                })
            })
            .collect();
        model::Chapter {
            title: c.title.value.clone(),
            blocks,
        }
    }

    fn table(&mut self, name: &Spanned<String>) -> Option<FormTable> {
        if let Some(table) = words::meaning(&name.value, words::TABLES, TABLES) {
            return Some(table);
        }
        let suggestion = nearest(&name.value, words::spellings(words::TABLES));
        self.error(
            Kind::UnknownTable {
                found: name.value.clone(),
                suggestion: suggestion.map(str::to_string),
            },
            name.span,
        );
        None
    }

    /// Headings are numbered automatically; a number written by hand would
    /// be printed twice.
    fn heading(&mut self, title: &Spanned<String>) {
        if let Some(number) = hand_number(&title.value) {
            let start = title.span.start + 1;
            self.push(Diagnostic::new(
                Kind::HandNumbered {
                    number: number.to_string(),
                },
                Span::new(start, start + number.len()),
            ));
        }
    }

    /// A report dated before its year is over.
    pub(super) fn signed_after_the_year(&mut self) {
        if let (Some(year), Some(date)) = (&self.year, &self.signed)
            && date.value.year <= year.value
        {
            let kind = Kind::SignedEarly {
                date: format::iso_date(date.value),
                year: year.value,
            };
            self.push(Diagnostic::new(kind, date.span).with_related(year.span));
        }
    }

    /// The text with every reference replaced by the figure it quotes, as
    /// the form prints it. Without a form (it has errors), references are
    /// left unresolved: the errors come first.
    pub(super) fn resolve(&mut self, text: &ast::Text, form: Option<&model::Evaluation>) -> String {
        let mut out = String::new();
        for part in &text.parts {
            match part {
                Part::Literal { text, span } => {
                    out.push_str(text);
                    if let Some(form) = form {
                        self.mismatches(text, *span, form);
                    }
                }
                Part::Break => out.push('\n'),
                Part::Reference(r) => {
                    if let Some(form) = form {
                        let template = self.shared_form();
                        match lookup(r, form, &template.funds().rows) {
                            Ok(figure) => out.push_str(&figure),
                            Err(diagnostic) => self.push(*diagnostic),
                        }
                    }
                }
            }
        }
        out
    }

    /// Warns where the text states 执行率 or 总分 with another figure than
    /// the form's.
    fn mismatches(&mut self, text: &str, span: Span, form: &model::Evaluation) {
        let template = self.shared_form();
        let rows = &template.funds().rows;
        let rate_of = |index: usize| form.funds.rows.get(index).and_then(|r| r.execution_rate);
        for (at, _) in text.match_indices("执行率") {
            let before = &text[..at];
            let row = rows
                .iter()
                .position(|r| r.spellings().any(|name| before.ends_with(name)))
                .unwrap_or(0);
            let after = at + "执行率".len();
            if let (Some((start, end, stated)), Some(rate)) =
                (stated_figure(text, after, &["%", "％"]), rate_of(row))
            {
                self.compare(
                    "执行率",
                    stated,
                    rate,
                    "%",
                    span.start + start,
                    span.start + end,
                );
            }
        }
        for key in ["总分", "自评得分", "综合得分"] {
            for (at, _) in text.match_indices(key) {
                if let Some((start, end, stated)) = stated_figure(text, at + key.len(), &["分", ""])
                {
                    self.compare(
                        "总分",
                        stated,
                        form.total_score,
                        "",
                        span.start + start,
                        span.start + end,
                    );
                }
            }
        }
    }

    fn compare(
        &mut self,
        what: &'static str,
        stated: Decimal,
        form: Decimal,
        unit: &str,
        start: usize,
        end: usize,
    ) {
        let rounded =
            form.round_dp_with_strategy(stated.scale(), RoundingStrategy::MidpointAwayFromZero);
        if rounded != stated {
            let form = if unit == "%" {
                format::percent(form)
            } else {
                format::score(form)
            };
            self.push(Diagnostic::new(
                Kind::ReportMismatch {
                    what,
                    stated: format!("{stated}{unit}"),
                    form,
                },
                Span::new(start, end),
            ));
        }
    }
}

/// A figure stated right after a key (`执行率为95.6%`, `总分88分`): its byte
/// range in `text` and its value. The figure must end with one of `units`
/// (an empty unit accepts a bare number).
fn stated_figure(text: &str, from: usize, units: &[&str]) -> Option<(usize, usize, Decimal)> {
    const CONNECTORS: &[char] = &['为', '是', '达', '到', '了', '：', ':', ' ', '约'];
    let rest = &text[from..];
    let skipped = rest.len() - rest.trim_start_matches(CONNECTORS).len();
    let number = &rest[skipped..];
    let len = number
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map_or(number.len(), |(i, _)| i);
    if len == 0 || !number.as_bytes()[0].is_ascii_digit() {
        return None;
    }
    let unit = units.iter().find(|u| number[len..].starts_with(**u))?;
    let value: Decimal = number[..len].trim_end_matches('.').parse().ok()?;
    let start = from + skipped;
    Some((start, start + len + unit.len(), value))
}

/// The figure a reference quotes, printed as the form prints it.
fn lookup(
    r: &ast::Reference,
    form: &model::Evaluation,
    rows: &[RowDef],
) -> Result<String, Box<Diagnostic>> {
    let blank = || Box::new(Diagnostic::new(Kind::BlankReference, r.span));
    let Some(subject) = &r.subject else {
        return match field(FORM_FIELDS, &r.field.value) {
            Some("总分") => Ok(format::score(form.total_score)),
            Some("等级") => Ok(form.grade.clone()),
            Some(_) => total_rate(form).ok_or_else(blank),
            None => Err(unknown_subject(&r.field, form, rows)),
        };
    };
    let name = subject.value.as_str();
    let unknown_field = |fields: &[(&str, &str)]| {
        let suggestion = nearest(&r.field.value, fields.iter().flat_map(|(z, e)| [*z, *e]));
        Box::new(Diagnostic::new(
            Kind::UnknownReferenceField {
                subject: name.to_string(),
                found: r.field.value.clone(),
                suggestion: suggestion.map(str::to_string),
                valid: fields.iter().map(|(z, _)| z.to_string()).collect(),
            },
            r.field.span,
        ))
    };
    if let Some(index) = rows.iter().position(|row| row.matches(name)) {
        let fields = if index == 0 {
            FUNDS_FIELDS
        } else {
            &FUNDS_FIELDS[..4]
        };
        let row = form.funds.rows.get(index);
        let value = match field(fields, &r.field.value) {
            Some("年初预算数") => row.and_then(|r| r.initial_budget).map(|v| v.to_string()),
            Some("全年预算数") => row.and_then(|r| r.annual_budget).map(|v| v.to_string()),
            Some("全年执行数") => row.and_then(|r| r.executed).map(|v| v.to_string()),
            Some("执行率") => row.and_then(|r| r.execution_rate).map(format::percent),
            Some("分值") => form.funds.weight.map(format::plain),
            Some("得分") => form.funds.score.map(format::score),
            _ => return Err(unknown_field(fields)),
        };
        return value.ok_or_else(blank);
    }
    // Categories may be written in English: `{output.score}`.
    let category = crate::scheme::Name::new(name).zh;
    for level1 in &form.categories {
        if level1.name == category {
            return match field(CATEGORY_FIELDS, &r.field.value) {
                Some("分值") => Ok(format::plain(level1.weight)),
                Some(_) => Ok(format::score(level1.score)),
                None => Err(unknown_field(CATEGORY_FIELDS)),
            };
        }
        for level2 in &level1.categories {
            if level2.name == category {
                let indicators = level2.indicators.iter();
                return match field(CATEGORY_FIELDS, &r.field.value) {
                    Some("分值") => Ok(format::plain(indicators.map(|i| i.weight).sum())),
                    Some(_) => Ok(format::score(indicators.map(|i| i.score).sum())),
                    None => Err(unknown_field(CATEGORY_FIELDS)),
                };
            }
            if let Some(ind) = level2.indicators.iter().find(|i| i.name == name) {
                return match field(INDICATOR_FIELDS, &r.field.value) {
                    Some("指标值") => Ok(ind.target.clone()),
                    Some("完成值") => Ok(ind.actual.clone()),
                    Some("分值") => Ok(format::plain(ind.weight)),
                    Some(_) => Ok(format::score(ind.score)),
                    None => Err(unknown_field(INDICATOR_FIELDS)),
                };
            }
        }
    }
    Err(unknown_subject(subject, form, rows))
}

fn total_rate(form: &model::Evaluation) -> Option<String> {
    form.funds
        .rows
        .first()
        .and_then(|r| r.execution_rate)
        .map(format::percent)
}

/// An unknown reference, with the nearest name the form has.
fn unknown_subject(
    name: &Spanned<String>,
    form: &model::Evaluation,
    funds_rows: &[RowDef],
) -> Box<Diagnostic> {
    let categories = form
        .categories
        .iter()
        .flat_map(|l1| std::iter::once(&l1.name).chain(l1.categories.iter().map(|l2| &l2.name)));
    let indicators = form
        .categories
        .iter()
        .flat_map(|l1| &l1.categories)
        .flat_map(|l2| &l2.indicators)
        .map(|i| &i.name);
    let rows: Vec<&str> = funds_rows.iter().flat_map(RowDef::spellings).collect();
    let names = rows
        .into_iter()
        .chain(FORM_FIELDS.iter().flat_map(|(z, e)| [*z, *e]))
        .chain(categories.map(String::as_str))
        .chain(indicators.map(String::as_str));
    Box::new(Diagnostic::new(
        Kind::UnknownReference {
            found: name.value.clone(),
            suggestion: nearest(&name.value, names).map(str::to_string),
        },
        name.span,
    ))
}

/// The number written at the start of a heading: `一、`, `（一）`, `1.`, `（1）`.
fn hand_number(title: &str) -> Option<&str> {
    let numeral = |c: char| "一二三四五六七八九十".contains(c) || c.is_ascii_digit();
    let mut chars = title.char_indices();
    let (_, first) = chars.next()?;
    if first == '（' || first == '(' {
        let (end, _) = chars.find(|(_, c)| !numeral(*c))?;
        let close = title[end..].chars().next()?;
        return (end > first.len_utf8() && (close == '）' || close == ')'))
            .then(|| &title[..end + close.len_utf8()]);
    }
    if !numeral(first) {
        return None;
    }
    let (end, mark) = chars.find(|(_, c)| !numeral(*c))?;
    matches!(mark, '、' | '.' | '．' | '）' | ')').then(|| &title[..end + mark.len_utf8()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_written_by_hand() {
        assert_eq!(hand_number("一、基本情况"), Some("一、"));
        assert_eq!(hand_number("（二）项目概况"), Some("（二）"));
        assert_eq!(hand_number("1. 概况"), Some("1."));
        assert_eq!(hand_number("(3)概况"), Some("(3)"));
        assert_eq!(hand_number("2021年资金使用情况"), None);
        assert_eq!(hand_number("基本情况"), None);
        assert_eq!(hand_number("（村）"), None);
    }

    #[test]
    fn figures_stated_after_a_key() {
        let text = "预算执行率为95.6%，";
        let from = text.find("执行率").unwrap() + "执行率".len();
        let (start, end, value) = stated_figure(text, from, &["%"]).unwrap();
        assert_eq!(&text[start..end], "95.6%");
        assert_eq!(value.to_string(), "95.6");
        assert_eq!(
            stated_figure("执行率不低于90%", "执行率".len(), &["%"]),
            None
        );
        let (s, e, v) = stated_figure("总分88.17分", "总分".len(), &["分", ""]).unwrap();
        assert_eq!(
            (&"总分88.17分"[s..e], v.to_string().as_str()),
            ("88.17分", "88.17")
        );
    }
}
