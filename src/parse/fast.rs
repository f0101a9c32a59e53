//! The parser's fast path: a hand-written recursive descent over the common
//! subset of the language, straight into the syntax tree.
//!
//! pest's generated parser and the walk over its pairs were most of the
//! time `jixiao check` spent. This parser reads a file that the first pass
//! found clean and gives the tree the pest path would give, spans included,
//! or `None` when it is not sure; the pest path then runs as before, and it
//! alone reports errors.
//!
//! Each function mirrors one rule of `grammar/jixiao.pest` and returns
//! `None` where that rule fails (so ordered choices and optional parts are
//! decided as pest decides them). Where the text uses what this parser does
//! not reproduce (an unknown item, full-width figures, Chinese quotes, a
//! malformed item pest would skip) it sets `unsure`, and the whole result is
//! dropped. Strings, numbers and the tree's side lists go through `Lower`,
//! the pest path's lowering, so that both fold and convert alike.
//! `tests/fast.rs` and the `fast` fuzz target check that the two agree.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::{Lower, comparator, date, half_width};
use crate::ast::*;
use crate::span::{Span, Spanned};
use crate::words::FIELDS;

/// The tree of `source`, as the pest path would lower it, when this parser
/// is sure of it and the pest path would report nothing of its own.
pub(super) fn parse(source: &str) -> Option<File> {
    let mut parser = Fast {
        source,
        pos: 0,
        unsure: false,
        lower: Lower::new(None),
    };
    let items = parser.file();
    let Fast { unsure, lower, .. } = parser;
    // Lower's diagnostics (a number too large, a reference in a name, a bad
    // escape) and warnings (a full-width figure) are the pest path's to give.
    if unsure || !lower.diagnostics.is_empty() || !lower.recovered.is_empty() {
        return None;
    }
    Some(File {
        items: items?,
        placeholders: lower.placeholders,
        left_over: lower.left_over,
        malformed: Vec::new(),
        comments: Vec::new(),
        strings: Vec::new(),
    })
}

/// The keywords, each with its Chinese and English names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kw {
    Evaluation,
    Report,
    Template,
    Year,
    Title,
    Department,
    Implementer,
    Funds,
    Goal,
    Expected,
    Actual,
    Progress,
    Indicators,
    Fields,
    Projects,
    Scheme,
    Framework,
    Deviation,
    Monitoring,
    Cause,
    Measures,
    Weight,
    Rate,
    Score,
    ToDate,
    Forecast,
    Subtitle,
    Chapter,
    Section,
    Subsection,
    Clause,
    List,
    Table,
    Signed,
}

/// The keyword a whole word is. A grammar keyword is its name followed by
/// `word_end`, so it matches exactly when the word (the longest run of
/// letters and `_`) is its name: no name is a prefix of a later one in the
/// same rule, which pest would try first and then fail on.
fn keyword(word: &str) -> Option<Kw> {
    Some(match word {
        "自评表" | "evaluation" => Kw::Evaluation,
        "自评报告" | "report" => Kw::Report,
        "表样" | "template" => Kw::Template,
        "年度" | "year" => Kw::Year,
        "标题" | "title" => Kw::Title,
        "主管部门" | "department" => Kw::Department,
        "实施单位" | "implementer" => Kw::Implementer,
        "项目资金" | "funds" | "部门预算" | "budget" => Kw::Funds,
        "年度总体目标" | "goal" => Kw::Goal,
        "预期目标" | "expected" => Kw::Expected,
        "实际完成情况" | "actual" => Kw::Actual,
        "执行情况" | "progress" => Kw::Progress,
        "绩效指标" | "indicators" => Kw::Indicators,
        "栏目" | "fields" => Kw::Fields,
        "项目汇总" | "projects" => Kw::Projects,
        "评分方案" | "scheme" => Kw::Scheme,
        "指标体系" | "framework" => Kw::Framework,
        "偏差原因分析及改进措施" | "偏差" | "deviation" => Kw::Deviation,
        "监控" | "monitoring" => Kw::Monitoring,
        "偏差原因" | "cause" => Kw::Cause,
        "纠偏措施" | "measures" => Kw::Measures,
        "分值" | "weight" => Kw::Weight,
        "执行率" | "rate" => Kw::Rate,
        "得分" | "score" => Kw::Score,
        "执行数" | "to_date" => Kw::ToDate,
        "预计执行数" | "forecast" => Kw::Forecast,
        "副标题" | "subtitle" => Kw::Subtitle,
        "章" | "chapter" => Kw::Chapter,
        "节" | "section" => Kw::Section,
        "小节" | "subsection" => Kw::Subsection,
        "款" | "clause" => Kw::Clause,
        "列表" | "list" => Kw::List,
        "表格" | "table" => Kw::Table,
        "落款" | "signed" => Kw::Signed,
        _ => return None,
    })
}

/// `field_keyword`: the indicator field names a unit after blanks may not
/// be. They are the fields of [`FIELDS`], in every spelling; each
/// alternative of the grammar's rule ends at `word_end`, so the rule
/// matches exactly when the word is one of them.
fn is_field_keyword(text: &str) -> bool {
    let word = &text[..word_len(text)];
    FIELDS
        .iter()
        .any(|(zh, en, other)| *zh == word || *en == word || other.contains(&word))
}

/// pest's `LETTER` (the Unicode general category L).
fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        pest::unicode::LETTER(c)
    }
}

/// The grammar's `digit`: ASCII or full-width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The length of the `word` that starts `text`, 0 when none does.
fn word_len(text: &str) -> usize {
    let mut chars = text.char_indices();
    match chars.next() {
        Some((_, c)) if is_letter(c) => {}
        _ => return 0,
    }
    chars
        .find(|&(_, c)| !(is_letter(c) || c == '_'))
        .map_or(text.len(), |(i, _)| i)
}

/// The bytes of the run of at most `max` digits that starts `text`, and
/// how many digits it holds.
fn digit_run(text: &str, max: usize) -> (usize, usize) {
    let mut bytes = 0;
    let mut count = 0;
    for c in text.chars() {
        if count == max || !is_digit(c) {
            break;
        }
        bytes += c.len_utf8();
        count += 1;
    }
    (bytes, count)
}

/// The length of the `number` that starts `text`: thousands grouped
/// (`1,200`) or not, then a fraction.
fn number_len(text: &str) -> Option<usize> {
    let sign = usize::from(text.starts_with('-'));
    let digits = &text[sign..];
    let (lead, count) = digit_run(digits, 3);
    if count == 0 {
        return None;
    }
    // `digit{1,3} ~ (("," | "，") ~ digit{3})+ ~ !digit`, else `digit+`.
    let mut grouped = lead;
    loop {
        let rest = &digits[grouped..];
        let Some(after) = rest.strip_prefix(',').or_else(|| rest.strip_prefix('，')) else {
            break;
        };
        let (group, count) = digit_run(after, 3);
        if count != 3 {
            break;
        }
        grouped += rest.len() - after.len() + group;
    }
    let whole = if grouped > lead && !digits[grouped..].starts_with(is_digit) {
        grouped
    } else {
        digit_run(digits, usize::MAX).0
    };
    let rest = &digits[whole..];
    let fraction = match rest.strip_prefix('.').or_else(|| rest.strip_prefix('．')) {
        Some(after) => match digit_run(after, usize::MAX).0 {
            0 => 0,
            n => rest.len() - after.len() + n,
        },
        None => 0,
    };
    Some(sign + whole + fraction)
}

/// The length of the `date` that starts `text`: `2023-12-28`.
fn date_len(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let run = |at: usize, max: usize| {
        bytes
            .get(at..)
            .unwrap_or_default()
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    if run(0, 4) != 4 || bytes.get(4) != Some(&b'-') {
        return None;
    }
    let month = run(5, 2);
    if month == 0 || bytes.get(5 + month) != Some(&b'-') {
        return None;
    }
    let day = run(6 + month, 2);
    let end = 6 + month + day;
    (day > 0 && !bytes.get(end).is_some_and(u8::is_ascii_digit)).then_some(end)
}

/// `bound_after`: the word after a figure that makes it a bound.
const BOUND_AFTER: [&str; 4] = ["以上", "以下", "以内", "之内"];

/// `comparator` then `bound_word`, each in the grammar's order.
const SIGNS: [&str; 29] = [
    "≥",
    ">=",
    "≤",
    "<=",
    ">",
    "<",
    "=",
    "＞＝",
    "＜＝",
    "＞",
    "＜",
    "＝",
    "不低于",
    "不少于",
    "不小于",
    "不高于",
    "不超过",
    "不大于",
    "不多于",
    "至少",
    "最多",
    "最少",
    "达到",
    "大于",
    "小于",
    "高于",
    "低于",
    "超过",
    "少于",
];

fn bound_after(text: &str) -> Option<&'static str> {
    BOUND_AFTER.into_iter().find(|w| text.starts_with(w))
}

/// The length of the `unit` that starts `text`, 0 when none does.
fn unit_len(text: &str) -> usize {
    let unit_char = |at: usize| {
        let rest = &text[at..];
        let c = rest.chars().next()?;
        let symbol = matches!(c, '℃' | '‰' | '‱' | '㎡' | '㎥' | '㎞' | '㎏' | '°');
        (bound_after(rest).is_none() && (is_letter(c) || symbol)).then_some(c.len_utf8())
    };
    let Some(mut len) = unit_char(0) else {
        return 0;
    };
    loop {
        if let Some(n) = unit_char(len) {
            len += n;
            continue;
        }
        let rest = &text[len..];
        match rest.chars().next() {
            Some(c @ ('²' | '³' | '·')) => len += c.len_utf8(),
            // A `/` that starts a comment is not part of the unit.
            Some('/') if !rest[1..].starts_with(['/', '*']) => len += 1,
            _ => return len,
        }
    }
}

/// `value_start`: what may start the value after a unit.
fn starts_value(text: &str) -> bool {
    text.starts_with(is_digit)
        || text.starts_with([
            '"', '“', '＂', '≥', '≤', '>', '<', '=', '＞', '＜', '＝', '-',
        ])
}

/// The length of the blanks (spaces and tabs) that start `text`.
fn blanks_len(text: &str) -> usize {
    text.len() - text.trim_start_matches([' ', '\t']).len()
}

struct Fast<'a> {
    source: &'a str,
    /// Where the parser stands: always a character boundary.
    pos: usize,
    /// The text uses what this parser does not reproduce.
    unsure: bool,
    lower: Lower,
}

impl<'a> Fast<'a> {
    fn rest(&self) -> &'a str {
        self.source.get(self.pos..).unwrap_or_default()
    }

    fn eat(&mut self, token: &str) -> bool {
        let found = self.rest().starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    /// Gives up on the file: the pest path parses it.
    fn unsure<T>(&mut self) -> Option<T> {
        self.unsure = true;
        None
    }

    /// pest's implicit `(WHITESPACE | COMMENT)*` between tokens.
    fn skip(&mut self) {
        loop {
            let rest = self.rest();
            match rest.chars().next() {
                Some(c @ (' ' | '\t' | '\r' | '\n' | '\u{3000}' | '\u{FEFF}')) => {
                    self.pos += c.len_utf8();
                }
                // Read as a space by pest, with a warning: not this path's.
                Some('：') => {
                    self.unsure = true;
                    return;
                }
                Some('/') if rest.starts_with("//") => {
                    self.pos += rest.find('\n').unwrap_or(rest.len());
                }
                Some('/') if rest.starts_with("/*") => match rest[2..].find("*/") {
                    Some(n) => self.pos += n + 4,
                    None => return,
                },
                _ => return,
            }
        }
    }

    fn blanks(&mut self) {
        self.pos += blanks_len(self.rest());
    }

    fn word(&mut self) -> Option<(&'a str, Span)> {
        let rest = self.rest();
        let len = word_len(rest);
        if len == 0 {
            return None;
        }
        let start = self.pos;
        self.pos += len;
        Some((&rest[..len], Span::new(start, self.pos)))
    }

    fn name(&mut self) -> Option<Spanned<String>> {
        let (word, span) = self.word()?;
        Some(Spanned::new(word.to_string(), span))
    }

    fn keyword(&mut self) -> Option<(Kw, Span)> {
        let (word, span) = self.word()?;
        Some((keyword(word)?, span))
    }

    /// The `{` that opens a block, after blanks and comments.
    fn open(&mut self) -> Option<()> {
        self.skip();
        self.eat("{").then_some(())
    }

    /// Blanks and comments, then whether the block ends here (its `}` read).
    fn closes(&mut self) -> bool {
        self.skip();
        self.eat("}")
    }

    /// A `string` in ASCII quotes, folded.
    fn string(&mut self) -> Option<Text> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with(['“', '＂']) {
            return self.unsure();
        }
        let body = rest.strip_prefix('"')?;
        // `plain ~ (escape ~ plain)*`: up to the first quote not escaped.
        // Both are ASCII, so a byte search finds them on character
        // boundaries (and is quicker than a search by characters).
        let mut len = 0;
        loop {
            len += body.as_bytes()[len..]
                .iter()
                .position(|b| matches!(b, b'"' | b'\\'))?;
            if body[len..].starts_with('"') {
                break;
            }
            len += 1 + body[len + 1..].chars().next()?.len_utf8();
        }
        self.pos = start + 1 + len + 1;
        let span = Span::new(start, self.pos);
        Some(self.lower.text_at(&body[..len], start + 1, span))
    }

    /// A plain `string`: a name or title.
    fn str(&mut self) -> Option<Str> {
        let text = self.string()?;
        Some(self.lower.plain(text))
    }

    /// A keyword's string, after blanks and comments: `标题 "…"`.
    fn keyword_str(&mut self) -> Option<Str> {
        self.skip();
        self.str()
    }

    fn number(&mut self) -> Option<Spanned<Decimal>> {
        let start = self.pos;
        let len = number_len(self.rest())?;
        self.pos += len;
        Some(Spanned::new(
            self.number_at(start, self.pos)?,
            Span::new(start, self.pos),
        ))
    }

    /// The value of the number from `start` to `end`.
    fn number_at(&mut self, start: usize, end: usize) -> Option<Decimal> {
        let text = self.source.get(start..end)?;
        // Full-width digits: Lower warns about them.
        if matches!(half_width(text), Cow::Owned(_)) {
            return self.unsure();
        }
        Some(self.lower.number_at(text, Span::new(start, end)))
    }

    fn date(&mut self) -> Option<Spanned<Date>> {
        let start = self.pos;
        let len = date_len(self.rest())?;
        self.pos += len;
        let text = &self.source[start..self.pos];
        Some(Spanned::new(date(text), Span::new(start, self.pos)))
    }

    /// `percent`: a number and `%`.
    fn percent(&mut self) -> Option<Spanned<Decimal>> {
        let start = self.pos;
        let number = self.number()?;
        self.blanks();
        if self.eat("%") {
            return Some(Spanned::new(number.value, Span::new(start, self.pos)));
        }
        if self.rest().starts_with('％') {
            return self.unsure();
        }
        self.pos = start;
        None
    }

    /// `date | percent | quantity | number`, or without the date (a
    /// template's argument). A percent and a quantity never both match.
    fn figure(&mut self, dates: bool) -> Option<(Figure, Span)> {
        let start = self.pos;
        if dates && let Some(date) = self.date() {
            return Some((Figure::Date(date.value), date.span));
        }
        let number = self.number()?;
        let rest = self.rest();
        let blanks = blanks_len(rest);
        let figure = if rest[blanks..].starts_with('%') {
            self.pos += blanks + 1;
            Figure::Percent(number.value)
        } else if rest[blanks..].starts_with('％') {
            return self.unsure();
        } else if let Some((unit, end)) = self.unit_after(number.span.end) {
            self.pos = end;
            Figure::Quantity(number.value, unit.to_string())
        } else {
            Figure::Number(number.value)
        };
        Some((figure, Span::new(start, self.pos)))
    }

    /// The unit of a `quantity` whose number ends at `at`, and its end:
    /// directly after the number, or after blanks when it is no field name
    /// and no value follows it (`6009 人次`, not `100 分值 10`).
    fn unit_after(&self, at: usize) -> Option<(&'a str, usize)> {
        let rest = self.source.get(at..)?;
        let len = unit_len(rest);
        if len > 0 {
            return Some((&rest[..len], at + len));
        }
        let blanks = blanks_len(rest);
        let after = &rest[blanks..];
        if blanks == 0 || is_field_keyword(after) {
            return None;
        }
        let len = unit_len(after);
        let tail = &after[len..];
        if len == 0 || starts_value(&tail[blanks_len(tail)..]) {
            return None;
        }
        Some((&after[..len], at + blanks + len))
    }

    /// `value`: a string, a bound, a figure or a word, as `Lower::value`
    /// makes it.
    fn value(&mut self) -> Option<Value> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with(['"', '“', '＂']) {
            let text = self.str()?;
            return Some(Value {
                kind: ValueKind::Text(text.value),
                span: text.span,
                written: None,
            });
        }
        let (kind, in_words) = if let Some(bound) = self.signed_bound() {
            bound
        } else if let Some((figure, _)) = self.figure(true) {
            // A figure with a word after it is a bound: `95%以上`.
            let end = self.pos;
            self.blanks();
            match bound_after(self.rest()) {
                Some(word) => {
                    let span = Span::new(self.pos, self.pos + word.len());
                    self.pos = span.end;
                    let cmp = comparator(word)?;
                    (ValueKind::Bound(Spanned::new(cmp, span), figure), true)
                }
                None => {
                    self.pos = end;
                    (ValueKind::Figure(figure), false)
                }
            }
        } else if let Some((word, _)) = self.word() {
            (ValueKind::Word(word.to_string()), false)
        } else {
            self.pos = start;
            return None;
        };
        let text = &self.source[start..self.pos];
        // A value written full-width: Lower warns about it.
        if matches!(half_width(text), Cow::Owned(_)) {
            return self.unsure();
        }
        let grouped = text.contains([',', '，']);
        Some(Value {
            kind,
            span: Span::new(start, self.pos),
            written: (grouped || in_words).then(|| text.to_string()),
        })
    }

    /// A `bound` whose comparator or its word comes first: `≥95%`,
    /// `不低于 90%`. A figure never starts with one, so where this fails
    /// the bound's other form is tried from the same place.
    fn signed_bound(&mut self) -> Option<(ValueKind, bool)> {
        let start = self.pos;
        let rest = self.rest();
        if rest.starts_with(is_digit) {
            return None;
        }
        let sign = SIGNS.into_iter().find(|s| rest.starts_with(s))?;
        let Some(cmp) = comparator(sign) else {
            // A full-width sign: Lower warns about it.
            return self.unsure();
        };
        let span = Span::new(start, start + sign.len());
        self.pos = span.end;
        self.blanks();
        let Some((figure, _)) = self.figure(true) else {
            self.pos = start;
            return None;
        };
        let end = self.pos;
        self.blanks();
        // A sign and a word (`≥95%以上`): Lower reports it.
        if bound_after(self.rest()).is_some() {
            return self.unsure();
        }
        self.pos = end;
        let in_words = !sign.starts_with(['≥', '≤', '>', '<', '=']);
        Some((ValueKind::Bound(Spanned::new(cmp, span), figure), in_words))
    }

    // ------------------------------------------------------------- items

    fn file(&mut self) -> Option<Vec<TopItem>> {
        let mut items = Vec::new();
        loop {
            self.skip();
            if self.rest().is_empty() {
                return Some(items);
            }
            let (kw, keyword) = self.keyword()?;
            items.push(match kw {
                Kw::Evaluation => TopItem::Evaluation(self.evaluation(keyword)?),
                Kw::Report => TopItem::Report(self.report(keyword)?),
                Kw::Template => TopItem::Template(self.template(keyword)?),
                _ => return self.unsure(),
            });
        }
    }

    fn evaluation(&mut self, keyword: Span) -> Option<Evaluation> {
        let name = self.keyword_str()?;
        self.open()?;
        let mut items = Vec::new();
        while !self.closes() {
            let (kw, keyword) = self.keyword()?;
            items.push(match kw {
                Kw::Year => EvalItem::Year {
                    keyword,
                    year: self.year()?,
                },
                Kw::Title => EvalItem::Title {
                    keyword,
                    text: self.keyword_str()?,
                },
                Kw::Department => EvalItem::Department {
                    keyword,
                    text: self.keyword_str()?,
                },
                Kw::Implementer => EvalItem::Implementer {
                    keyword,
                    text: self.keyword_str()?,
                },
                Kw::Template => EvalItem::Template {
                    keyword,
                    name: self.keyword_str()?,
                },
                Kw::Fields => EvalItem::Fields(self.fields(keyword)?),
                Kw::Projects => EvalItem::Projects(self.projects(keyword)?),
                Kw::Scheme => EvalItem::Scheme(self.scheme(keyword)?),
                Kw::Funds => EvalItem::Funds(self.funds(keyword)?),
                Kw::Goal => EvalItem::Goal(self.goal(keyword)?),
                Kw::Indicators => EvalItem::Indicators(self.indicators(keyword)?),
                _ => return self.unsure(),
            });
        }
        Some(Evaluation {
            keyword,
            name,
            items,
            span: Span::new(keyword.start, self.pos),
        })
    }

    /// `year_digits`: `2022`, `2022年`, `2022年度`.
    fn year(&mut self) -> Option<Spanned<u32>> {
        self.skip();
        let start = self.pos;
        let rest = self.rest();
        let (len, count) = digit_run(rest, usize::MAX);
        if count == 0 {
            return None;
        }
        let digits = &rest[..len];
        self.pos += len;
        let suffix = word_len(self.rest());
        if matches!(&self.rest()[..suffix], "年" | "年度") {
            self.pos += suffix;
        }
        // Full-width digits, or a year too large: Lower reports them.
        match digits.parse::<u32>() {
            Ok(year) if digits.is_ascii() => {
                Some(Spanned::new(year, Span::new(start, start + len)))
            }
            _ => self.unsure(),
        }
    }

    fn fields(&mut self, keyword: Span) -> Option<Fields> {
        self.open()?;
        let mut entries = Vec::new();
        while !self.closes() {
            let name = self.name()?;
            entries.push((name, self.keyword_str()?));
        }
        Some(Fields {
            keyword,
            entries,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn projects(&mut self, keyword: Span) -> Option<Projects> {
        self.open()?;
        let mut files = Vec::new();
        while !self.closes() {
            files.push(self.str()?);
        }
        Some(Projects {
            keyword,
            files,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn funds(&mut self, keyword: Span) -> Option<Funds> {
        let budget = matches!(
            &self.source[keyword.start..keyword.end],
            "部门预算" | "budget"
        );
        self.skip();
        let start = self.pos;
        let unit = match unit_len(self.rest()) {
            0 => None,
            len => {
                self.pos += len;
                let span = Span::new(start, self.pos);
                Some(Spanned::new(self.source[start..self.pos].to_string(), span))
            }
        };
        self.open()?;
        let mut funds = Funds {
            keyword,
            budget,
            unit,
            rows: Vec::new(),
            notes: Vec::new(),
            monitoring: Vec::new(),
            causes: Vec::new(),
            measures: Vec::new(),
            span: Span::default(),
        };
        while !self.closes() {
            let start = self.pos;
            let (word, keyword) = self.word()?;
            match self::keyword(word) {
                Some(Kw::Deviation) => funds.notes.push((keyword, self.keyword_str()?)),
                Some(Kw::Cause) => funds.causes.push((keyword, self.keyword_str()?)),
                Some(Kw::Measures) => funds.measures.push((keyword, self.keyword_str()?)),
                Some(Kw::Monitoring) => {
                    self.skip();
                    funds.monitoring.push((keyword, self.date()?));
                }
                _ => {
                    self.pos = start;
                    funds.rows.push(self.funds_row()?);
                }
            }
        }
        funds.span = Span::new(keyword.start, self.pos);
        Some(funds)
    }

    /// `funds_row`: a label, two or three cells, then the extras.
    fn funds_row(&mut self) -> Option<FundsRow> {
        let start = self.pos;
        // `row_label`: a word, or two joined by a colon (`其中：当年财政拨款`).
        self.word()?;
        let after = self.pos;
        if (self.eat(":") || self.eat("：")) && self.word().is_none() {
            self.pos = after;
        }
        let label = Spanned::new(
            self.source[start..self.pos].to_string(),
            Span::new(start, self.pos),
        );
        let mut cells = Vec::with_capacity(3);
        for required in [true, true, false] {
            self.skip();
            match self.cell() {
                Some(cell) => cells.push(cell),
                None if required => return None,
                None => {}
            }
        }
        let mut row = FundsRow {
            label,
            cells,
            weight: None,
            rate: None,
            score: None,
            to_date: None,
            forecast: None,
            span: Span::default(),
        };
        // The span ends at the row's last part (`span_of_parts`).
        let mut end = row.cells.last().map_or(start, |c| c.span.end);
        loop {
            self.skip();
            let before = self.pos;
            let kw = self.word().and_then(|(word, _)| keyword(word));
            let slot = match kw {
                Some(Kw::Weight) => &mut row.weight,
                Some(Kw::Rate) => &mut row.rate,
                Some(Kw::Score) => &mut row.score,
                Some(Kw::ToDate) => &mut row.to_date,
                Some(Kw::Forecast) => &mut row.forecast,
                _ => {
                    self.pos = before;
                    break;
                }
            };
            // A second one: Lower reports it.
            if slot.is_some() {
                return self.unsure();
            }
            self.skip();
            let value = if kw == Some(Kw::Rate) {
                self.percent()?
            } else {
                self.number()?
            };
            end = value.span.end;
            if matches!(kw, Some(Kw::Weight | Kw::Score)) {
                // `points?`: pest's rule for 分值 and 得分 ends after the
                // blanks and comments it skipped while looking for `分`.
                self.skip();
                if let Some(rest) = self.rest().strip_prefix('分')
                    && !rest.starts_with(is_letter)
                {
                    self.pos += '分'.len_utf8();
                }
                end = self.pos;
            }
            *slot = Some(value);
        }
        row.span = Span::new(start, end);
        Some(row)
    }

    /// `cell`: an amount, or a blank (`-`, `——`).
    fn cell(&mut self) -> Option<Cell> {
        if let Some(number) = self.number() {
            return Some(Cell {
                amount: Some(number.value),
                span: number.span,
            });
        }
        let rest = self.rest();
        let dash = ["——", "-", "—", "－"]
            .into_iter()
            .find(|d| rest.starts_with(d))?;
        if rest[dash.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let start = self.pos;
        self.pos += dash.len();
        Some(Cell {
            amount: None,
            span: Span::new(start, self.pos),
        })
    }

    fn goal(&mut self, keyword: Span) -> Option<Goal> {
        self.open()?;
        let mut items = Vec::new();
        while !self.closes() {
            let (kw, keyword) = self.keyword()?;
            self.skip();
            let text = self.string()?;
            items.push(match kw {
                Kw::Expected => GoalItem::Expected { keyword, text },
                Kw::Actual => GoalItem::Actual { keyword, text },
                Kw::Progress => GoalItem::Progress { keyword, text },
                _ => return self.unsure(),
            });
        }
        Some(Goal {
            keyword,
            items,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn indicators(&mut self, keyword: Span) -> Option<Indicators> {
        self.open()?;
        let mut groups = Vec::new();
        while !self.closes() {
            let name = self.name()?;
            self.open()?;
            let mut level2 = Vec::new();
            while !self.closes() {
                level2.push(self.level2()?);
            }
            let span = Span::new(name.span.start, self.pos);
            groups.push(Level1 {
                name,
                groups: level2,
                span,
            });
        }
        Some(Indicators {
            keyword,
            groups,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn level2(&mut self) -> Option<Level2> {
        let name = self.name()?;
        self.open()?;
        let mut indicators = Vec::new();
        while !self.closes() {
            indicators.push(self.indicator()?);
        }
        let span = Span::new(name.span.start, self.pos);
        Some(Level2 {
            name,
            indicators,
            span,
        })
    }

    fn indicator(&mut self) -> Option<Indicator> {
        let name = self.str()?;
        let mut fields = Vec::new();
        let mut end = name.span.end;
        loop {
            let before = self.pos;
            self.skip();
            // The next indicator, or the end of the block.
            if self.rest().is_empty() || self.rest().starts_with(['"', '“', '＂', '}']) {
                self.pos = before;
                break;
            }
            // Anything else is a field, or a malformed one pest would skip.
            let field = self.field()?;
            end = field.value.span.end;
            fields.push(field);
        }
        let span = Span::new(name.span.start, end);
        Some(Indicator { name, fields, span })
    }

    /// `field`: a name and a value. A value on the name's line comes
    /// first; one on a later line may not be a string, which names the
    /// next indicator.
    fn field(&mut self) -> Option<Field> {
        let name = self.name()?;
        loop {
            let rest = self.rest();
            match rest.chars().next() {
                Some(c @ (' ' | '\t' | '\u{3000}' | '\u{FEFF}')) => self.pos += c.len_utf8(),
                Some('：') => return self.unsure(),
                Some('/') if rest.starts_with("/*") => match rest[2..].find("*/") {
                    Some(n) => self.pos += n + 4,
                    None => break,
                },
                _ => break,
            }
        }
        if let Some(value) = self.value() {
            return Some(Field { name, value });
        }
        self.pos = name.span.end;
        self.skip();
        if self.rest().starts_with(['"', '“', '＂']) {
            return None;
        }
        let value = self.value()?;
        Some(Field { name, value })
    }

    fn scheme(&mut self, keyword: Span) -> Option<Scheme> {
        self.open()?;
        let mut items = Vec::new();
        while !self.closes() {
            let (word, span) = self.word()?;
            if self::keyword(word) == Some(Kw::Framework) {
                items.push(self.framework(span)?);
                continue;
            }
            let name = Spanned::new(word.to_string(), span);
            self.skip();
            let value = if self.eat("{") {
                let open = self.pos - 1;
                let mut entries = Vec::new();
                while !self.closes() {
                    let key = self.name()?;
                    self.skip();
                    entries.push((key, self.value()?));
                }
                SettingValue::Table {
                    entries,
                    span: Span::new(open, self.pos),
                }
            } else {
                SettingValue::Value(self.value()?)
            };
            items.push(SchemeItem::Setting { name, value });
        }
        Some(Scheme {
            keyword,
            items,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn framework(&mut self, keyword: Span) -> Option<SchemeItem> {
        self.open()?;
        let mut groups = Vec::new();
        while !self.closes() {
            let name = self.name()?;
            self.skip();
            let weight = self.number();
            self.open()?;
            let mut children = Vec::new();
            while !self.closes() {
                children.push(self.name()?);
            }
            let span = Span::new(name.span.start, self.pos);
            groups.push(FrameworkGroup {
                name,
                weight,
                children,
                span,
            });
        }
        Some(SchemeItem::Framework {
            keyword,
            groups,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn template(&mut self, keyword: Span) -> Option<Template> {
        let name = self.keyword_str()?;
        self.open()?;
        let mut items = Vec::new();
        while !self.closes() {
            let start = self.pos;
            let (word, span) = self.word()?;
            if self::keyword(word) == Some(Kw::Scheme) {
                items.push(TemplateItem::Scheme(self.scheme(span)?));
            } else {
                self.pos = start;
                items.push(TemplateItem::Layout(self.layout()?));
            }
        }
        Some(Template {
            keyword,
            name,
            items,
            span: Span::new(keyword.start, self.pos),
        })
    }

    /// `layout`: a name, arguments, and a block of layouts.
    fn layout(&mut self) -> Option<Layout> {
        let name = self.name()?;
        let mut args = Vec::new();
        let mut end = name.span.end;
        loop {
            let before = self.pos;
            self.skip();
            if self.rest().starts_with(['"', '“', '＂']) {
                let text = self.string()?;
                let span = text.span;
                let pattern = self.lower.pattern_of(text);
                // A template's label is the form's own text, not a blank.
                self.lower.left_over.retain(|(s, _)| *s != span);
                args.push(Value {
                    kind: ValueKind::Text(pattern.value),
                    span,
                    written: None,
                });
            } else if let Some((figure, span)) = self.figure(false) {
                args.push(Value {
                    kind: ValueKind::Figure(figure),
                    span,
                    written: None,
                });
            } else {
                self.pos = before;
                break;
            }
            end = self.pos;
        }
        let before = self.pos;
        self.skip();
        let block = if self.eat("{") {
            let open = self.pos - 1;
            let mut items = Vec::new();
            while !self.closes() {
                items.push(self.layout()?);
            }
            end = self.pos;
            Some(LayoutBlock {
                items,
                span: Span::new(open, self.pos),
            })
        } else {
            self.pos = before;
            None
        };
        let span = Span::new(name.span.start, end);
        Some(Layout {
            name,
            args,
            block,
            span,
        })
    }

    fn report(&mut self, keyword: Span) -> Option<Report> {
        let title = self.keyword_str()?;
        self.open()?;
        let mut items = Vec::new();
        while !self.closes() {
            let (kw, keyword) = self.keyword()?;
            items.push(match kw {
                Kw::Subtitle => ReportItem::Subtitle {
                    keyword,
                    text: self.keyword_str()?,
                },
                Kw::Chapter => ReportItem::Chapter(self.chapter(keyword)?),
                Kw::Signed => {
                    let issuer = self.keyword_str()?;
                    self.skip();
                    ReportItem::Signed {
                        keyword,
                        issuer,
                        date: self.date()?,
                    }
                }
                _ => return self.unsure(),
            });
        }
        Some(Report {
            keyword,
            title,
            items,
            span: Span::new(keyword.start, self.pos),
        })
    }

    fn chapter(&mut self, keyword: Span) -> Option<Chapter> {
        let title = self.keyword_str()?;
        self.open()?;
        let mut blocks = Vec::new();
        while !self.closes() {
            if self.rest().starts_with(['"', '“', '＂']) {
                blocks.push(Block::Paragraph(self.string()?));
                continue;
            }
            let (kw, keyword) = self.keyword()?;
            blocks.push(match kw {
                Kw::Section => Block::Heading {
                    level: 2,
                    title: self.keyword_str()?,
                },
                Kw::Subsection => Block::Heading {
                    level: 3,
                    title: self.keyword_str()?,
                },
                Kw::Clause => Block::Heading {
                    level: 4,
                    title: self.keyword_str()?,
                },
                Kw::List => {
                    self.open()?;
                    let mut items = Vec::new();
                    while !self.closes() {
                        items.push(self.string()?);
                    }
                    Block::List {
                        items,
                        span: Span::new(keyword.start, self.pos),
                    }
                }
                Kw::Table => {
                    self.skip();
                    Block::Table(self.name()?)
                }
                _ => return self.unsure(),
            });
        }
        Some(Chapter {
            title,
            blocks,
            span: Span::new(keyword.start, self.pos),
        })
    }
}
