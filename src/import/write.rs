//! The `.jx` text of a recognised form and its report. Values are written
//! as the language reads them (figures bare, texts quoted); a comment
//! beside a line gives the original of every value changed on the way
//! (spaces, line breaks, full-width digits, `100 %`, a date in words) and
//! says what was left out and why. Published figures are kept: a declared
//! 得分 or 执行率 is written, for the checker to compare.

use std::sync::LazyLock;

use regex::Regex;

use super::Options;
use super::form::{Found, Value, blank, label, placeholder};
use crate::diag::Lang;
use crate::template::{FundsColumn, IndicatorColumn};

/// Notes for one line, in the output's language.
struct Notes {
    lang: Lang,
    items: Vec<String>,
}

impl Notes {
    fn new(lang: Lang) -> Self {
        Notes {
            lang,
            items: Vec::new(),
        }
    }

    fn zh(&self) -> bool {
        self.lang == Lang::Zh
    }

    /// Where a value was, in words: （第5行第3列） / (row 5, column 3).
    fn place(&self, v: &Value) -> String {
        match (v.place, self.zh()) {
            (Some(p), true) => format!("（第{}行第{}列）", p.row, p.col),
            (Some(p), false) => format!(" (row {}, column {})", p.row, p.col),
            (None, _) => String::new(),
        }
    }

    /// The original of a value written otherwise.
    fn changed(&mut self, v: &Value, written: &str) {
        if v.raw != written {
            let note = match (self.zh(), v.place) {
                (true, None) => format!("原文：“{}”", shown(&v.raw)),
                (true, Some(_)) => format!("原表：“{}”{}", shown(&v.raw), self.place(v)),
                (false, _) => format!("original: “{}”{}", shown(&v.raw), self.place(v)),
            };
            self.items.push(note);
        }
    }

    /// A text whose line breaks or surrounding spaces were taken out.
    fn text(&mut self, v: &Value, written: &str) {
        if v.raw == written {
            return;
        }
        let lines = v.raw.trim().contains('\n');
        let note = match (self.zh(), lines) {
            (true, true) => format!("原表{}：去掉了格子里的换行", self.place(v)),
            (true, false) => format!("原表{}：去掉了首尾的空格", self.place(v)),
            (false, true) => format!(
                "original{}: the line breaks in the cell taken out",
                self.place(v)
            ),
            (false, false) => format!("original{}: spaces around it taken out", self.place(v)),
        };
        self.items.push(note);
    }

    fn push(&mut self, zh: String, en: String) {
        self.items.push(if self.zh() { zh } else { en });
    }

    /// A 得分计算方法 the form states, which jixiao computes instead.
    fn method_left_out(&mut self, v: &Value) {
        let method = shown(v.raw.trim());
        self.push(
            format!("得分计算方法“{method}”没有写入：jixiao 按规则计算"),
            format!("the scoring method “{method}” left out: jixiao computes it"),
        );
    }

    /// The line with its notes as a comment.
    fn line(self, out: &mut String, line: &str) {
        out.push_str(line);
        if !self.items.is_empty() {
            out.push_str("  // ");
            out.push_str(&self.items.join(if self.zh() { "；" } else { "; " }));
        }
        out.push('\n');
    }
}

/// A value as a comment shows it: on one line.
fn shown(raw: &str) -> String {
    raw.replace("\r\n", "↵").replace(['\n', '\r'], "↵")
}

/// A string literal of the language: quotes, backslashes and braces
/// escaped, so the text never quotes the form.
pub fn quoted(text: &str) -> String {
    let text: String = text.chars().filter(|c| !c.is_control()).collect();
    format!("\"{}\"", crate::fmt::escape(&text))
}

/// A cell's text as one paragraph: lines trimmed and joined as the
/// language joins the lines of a string (a space only between two Latin
/// letters or digits), tabs as spaces.
pub fn text(raw: &str) -> String {
    let mut out = String::new();
    for line in raw
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && latin(out.chars().last()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.replace('\t', " ")
}

/// Full-width digits, point, signs and percent as half-width; spaces out.
fn half_width(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '％' => '%',
            '＞' => '>',
            '＜' => '<',
            '＝' => '=',
            '－' | '−' => '-',
            '＋' => '+',
            '，' => ',',
            c => c,
        })
        .collect()
}

static FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<sign>≥|≤|>=|<=|>|<|=)?",
        r"(?P<pre>不低于|不少于|不小于|至少|最少|达到|不高于|不超过|不大于|不多于|最多|大于|高于|超过|小于|低于|少于)?",
        r"(?P<num>[-+]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[-+]?[0-9]+(?:\.[0-9]+)?)",
        r"(?P<unit>[\p{Han}A-Za-z℃㎡²³/‰%·]{0,8}?)",
        r"(?P<post>以上|以下|以内|之内)?$"
    ))
    .expect("the figure pattern is valid")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<sign>≥|≤|>=|<=|>|<|=)?(?P<y>[0-9]{4})(?:年|-|\.|/)(?P<m>[0-9]{1,2})(?:月|-|\.|/)(?P<d>[0-9]{1,2})日?(?P<post>以前|之前|前|以内)?$")
        .expect("the date pattern is valid")
});

/// A target or actual as the language writes a figure, or `None` for text.
pub fn figure(raw: &str) -> Option<String> {
    let s = half_width(raw);
    if let Some(c) = DATE.captures(&s) {
        let post = c.name("post").map(|m| m.as_str());
        let sign = c.name("sign").map_or(
            match post {
                Some(_) => "≤",
                None => "",
            },
            |m| m.as_str(),
        );
        let n = |k| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
        return Some(format!(
            "{sign}{:04}-{:02}-{:02}",
            n("y")?,
            n("m")?,
            n("d")?
        ));
    }
    let c = FIGURE.captures(&s)?;
    let unit = c.name("unit").map_or("", |m| m.as_str());
    // A unit is a word, not a sentence that starts with a number.
    if unit.chars().count() > 4 && !unit.ends_with("日") {
        return None;
    }
    Some(s)
}

/// An amount of the funds table, a bare number (`None` when it is not one).
fn amount(raw: &str, unit: Option<&str>) -> Option<String> {
    let s = half_width(raw);
    let s = s.trim_start_matches(['¥', '￥']);
    let s = match unit {
        Some(u) => s.strip_suffix(u).unwrap_or(s),
        None => s,
    };
    static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^-?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$")
            .expect("the amount pattern is valid")
    });
    AMOUNT.is_match(s).then(|| s.to_string())
}

/// A weight or score: a number, a trailing 分 dropped.
fn points(raw: &str) -> Option<String> {
    let s = half_width(raw);
    let s = s.strip_suffix('分').unwrap_or(&s);
    static POINTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[0-9]+(?:\.[0-9]+)?$").expect("the points pattern is valid")
    });
    POINTS.is_match(s).then(|| s.to_string())
}

/// A date of the report (`2022年2月 14日`) as `2022-02-14`.
fn date(raw: &str) -> Option<String> {
    let s = half_width(raw);
    let c = DATE.captures(&s)?;
    if c.name("sign").is_some() || c.name("post").is_some() {
        return None;
    }
    let n = |k| c.name(k).and_then(|m| m.as_str().parse::<u32>().ok());
    Some(format!("{:04}-{:02}-{:02}", n("y")?, n("m")?, n("d")?))
}

static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([0-9]{4})\s*年").expect("the year pattern is valid"));

/// A figure, or the text quoted: (what is written, the value as compared
/// with the original).
fn figure_or_text(raw: &str) -> (String, String) {
    match figure(raw) {
        Some(f) => (f.clone(), f),
        None => {
            let t = text(raw);
            (quoted(&t), t)
        }
    }
}

pub fn jx(found: &Found, options: &Options) -> String {
    let zh = options.lang == Lang::Zh;
    let t = &found.template;
    let mut out = String::new();
    if zh {
        out.push_str(&format!(
            "// 由 jixiao import 从“{}”读出（表样：{}）。\n// 以“原表：”开头的注释是改写过的原文；也写出了没有放入的内容。核对后可以删去这些注释。\n\n",
            shown(options.origin),
            t.name
        ));
    } else {
        out.push_str(&format!(
            "// Read by jixiao import from “{}” (template {}).\n// Comments give the original of each value written otherwise, and what was not placed; delete them once checked.\n\n",
            shown(options.origin),
            t.name
        ));
    }
    for p in &found.before {
        let mut n = Notes::new(options.lang);
        n.push(
            format!("表格前的文字，没有放入：“{}”", shown(p.trim())),
            format!("text before the table, not placed: “{}”", shown(p.trim())),
        );
        n.line(&mut out, "");
    }

    let name = found
        .name
        .as_ref()
        .map(|v| text(&v.raw))
        .unwrap_or_default();
    let mut n = Notes::new(options.lang);
    if let Some(v) = &found.name {
        n.text(v, &name);
    }
    n.line(&mut out, &format!("自评表 {} {{", quoted(&name)));
    if t.name != crate::template::DEFAULT {
        out.push_str(&format!("  表样 {}\n", quoted(&t.name)));
    }

    // 年度: a cell of its own, else the title's, else the report's.
    let title = found.title.as_ref().map(|v| text(&v.raw));
    let mut n = Notes::new(options.lang);
    let year = match &found.year {
        Some(v) => {
            let y = YEAR
                .captures(&half_width(&v.raw))
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
                .or_else(|| points(&v.raw));
            if let Some(y) = &y {
                n.changed(v, y);
            }
            y
        }
        None => {
            let from_title = title
                .as_deref()
                .and_then(|t| YEAR.captures(t)?.get(1).map(|m| m.as_str().to_string()));
            match from_title {
                Some(y) => {
                    n.push("年度取自表的标题".into(), "the year is the title's".into());
                    Some(y)
                }
                None => {
                    let from_report = found.after.iter().take(3).find_map(|p| {
                        YEAR.captures(&p.text)?
                            .get(1)
                            .map(|m| m.as_str().to_string())
                    });
                    if from_report.is_some() {
                        n.push(
                            "年度取自报告的标题".into(),
                            "the year is the report's title's".into(),
                        );
                    }
                    from_report
                }
            }
        }
    };
    match &year {
        Some(y) => n.line(&mut out, &format!("  年度 {y}")),
        None => {
            n.push(
                "原表没有写年度：请写 年度 和四位年份".into(),
                "the form gives no year: write 年度 and the year".into(),
            );
            n.line(&mut out, "");
        }
    }
    if let (Some(title), Some(v)) = (&title, &found.title) {
        let default = year
            .as_deref()
            .and_then(|y| y.parse::<u32>().ok())
            .map(|y| t.title_of(y));
        if default.as_deref() != Some(title.as_str()) {
            let mut n = Notes::new(options.lang);
            n.text(v, title);
            n.line(&mut out, &format!("  标题 {}", quoted(title)));
        }
    }
    for (keyword, value) in [
        ("主管部门", &found.department),
        ("实施单位", &found.implementer),
    ] {
        let written = value.as_ref().map(|v| text(&v.raw)).unwrap_or_default();
        let mut n = Notes::new(options.lang);
        if let Some(v) = value {
            n.text(v, &written);
        }
        n.line(&mut out, &format!("  {keyword} {}", quoted(&written)));
    }

    funds(found, options, &mut out);
    goal(found, options, &mut out);
    indicators(found, options, &mut out);

    if !found.fields.is_empty() {
        out.push_str("\n  栏目 {\n");
        for (key, v) in &found.fields {
            let written = text(&v.raw);
            let mut n = Notes::new(options.lang);
            n.text(v, &written);
            n.line(&mut out, &format!("    {key} {}", quoted(&written)));
        }
        out.push_str("  }\n");
    }
    if !found.unplaced.is_empty() {
        out.push('\n');
        for v in &found.unplaced {
            let mut n = Notes::new(options.lang);
            n.push(
                format!(
                    "原表中没有放入的内容：“{}”{}",
                    shown(v.raw.trim()),
                    n.place(v)
                ),
                format!("not placed: “{}”{}", shown(v.raw.trim()), n.place(v)),
            );
            n.line(&mut out, "");
        }
    }
    out.push_str("}\n");
    report(found, options, &mut out);
    // Written once more in the formatter's layout (which keeps every
    // comment); a file that does not parse stays as written, for `check`
    // to point at what broke.
    crate::fmt::format(&out, crate::fmt::Keywords::Keep).unwrap_or(out)
}

fn funds(found: &Found, options: &Options, out: &mut String) {
    let layout = found.template.funds();
    let unit = found.unit;
    out.push('\n');
    let mut n = Notes::new(options.lang);
    if unit.is_none() {
        n.push(
            "原表没有写金额单位，按万元".into(),
            "the form gives no unit: 万元 assumed".into(),
        );
    }
    n.line(
        out,
        &format!(
            "  项目资金 {}{{",
            unit.map_or(String::new(), |u| format!("{u} "))
        ),
    );
    let weight_of_total = found
        .funds
        .iter()
        .find(|r| r.row == Some(0))
        .and_then(|r| r.cells.iter().find(|(k, _)| *k == FundsColumn::Weight))
        .and_then(|(_, v)| points(&v.raw));
    let mut note = found.funds_note.clone();
    for row in &found.funds {
        let mut n = Notes::new(options.lang);
        let name = match row.row.and_then(|i| layout.rows.get(i)) {
            Some(def) => def.name.clone(),
            None => {
                let l = label(&row.label.raw);
                crate::template::strip_part(&l).to_string()
            }
        };
        let mut line = format!("    {name}");
        let cell = |kind| {
            row.cells
                .iter()
                .find(|(k, v)| *k == kind && !blank(&v.raw))
                .map(|(_, v)| v)
        };
        for index in layout.amounts() {
            let kind = [
                FundsColumn::Initial,
                FundsColumn::Annual,
                FundsColumn::Executed,
            ]
            .get(index)
            .copied()
            .unwrap_or(FundsColumn::Executed);
            match cell(kind) {
                Some(v) => {
                    match amount(&v.raw, unit) {
                        Some(a) => {
                            n.changed(v, &a);
                            line.push_str(&format!("  {a}"));
                        }
                        None => {
                            n.push(
                            format!("原表{}不是金额，照原样写出，请改正", n.place(v)),
                            format!("original{} is not an amount; written as it is, to be corrected", n.place(v)),
                        );
                            line.push_str(&format!("  {}", quoted(&text(&v.raw))));
                        }
                    }
                }
                None => line.push_str("  -"),
            }
        }
        if let Some(v) = cell(FundsColumn::Weight) {
            let w = points(&v.raw);
            if row.row != Some(0) && w.is_some() && w == weight_of_total {
                n.push(
                    format!(
                        "原表：“{}”{}没有写入：分值只写在年度资金总额一行",
                        shown(&v.raw),
                        n.place(v)
                    ),
                    format!(
                        "original: “{}”{} left out: the weight goes on the 年度资金总额 row only",
                        shown(&v.raw),
                        n.place(v)
                    ),
                );
            } else {
                let written = w.unwrap_or_else(|| quoted(&text(&v.raw)));
                n.changed(v, &written);
                line.push_str(&format!("  分值 {written}"));
            }
        }
        if let Some(v) = cell(FundsColumn::Rate) {
            let written = half_width(&v.raw);
            n.changed(v, &written);
            line.push_str(&format!("  执行率 {written}"));
        }
        if let Some(v) = cell(FundsColumn::Score) {
            let written = points(&v.raw).unwrap_or_else(|| quoted(&text(&v.raw)));
            n.changed(v, &written);
            line.push_str(&format!("  得分 {written}"));
        }
        if let Some(v) = cell(FundsColumn::Note) {
            note.get_or_insert_with(|| v.clone());
        }
        if let Some(v) = cell(FundsColumn::Method) {
            n.method_left_out(v);
        }
        n.line(out, &line);
    }
    if let Some(v) = &note {
        let written = text(&v.raw);
        let mut n = Notes::new(options.lang);
        n.text(v, &written);
        n.line(out, &format!("    偏差 {}", quoted(&written)));
    }
    out.push_str("  }\n");
}

fn goal(found: &Found, options: &Options, out: &mut String) {
    if found.expected.is_none() && found.actual.is_none() {
        return;
    }
    out.push_str("\n  年度总体目标 {\n");
    for (keyword, value) in [
        ("预期目标", &found.expected),
        ("实际完成情况", &found.actual),
    ] {
        if let Some(v) = value {
            let written = text(&v.raw);
            let mut n = Notes::new(options.lang);
            n.text(v, &written);
            n.line(out, &format!("    {keyword} {}", quoted(&written)));
        }
    }
    out.push_str("  }\n");
}

fn indicators(found: &Found, options: &Options, out: &mut String) {
    let t = &found.template;
    let framework = &t.scheme.framework;
    out.push_str("\n  绩效指标 {\n");
    for level1 in &found.indicators {
        let mut n = Notes::new(options.lang);
        let name = if level1.name.is_empty() {
            // A form without a 一级 column: the category its 二级 belong to.
            let owner = level1.children.iter().find_map(|c| {
                framework
                    .iter()
                    .find(|f| f.children.iter().any(|k| k.matches(&c.name)))
            });
            match owner {
                Some(f) => {
                    n.push(
                        "原表没有一级指标：按二级指标所属".into(),
                        "no 一级 category on the form: the one of its 二级".into(),
                    );
                    f.name.zh.clone()
                }
                None => "未分类".into(),
            }
        } else {
            level1.name.clone()
        };
        n.line(out, &format!("    {name} {{"));
        for level2 in &level1.children {
            let name = if level2.name.is_empty() {
                "未分类"
            } else {
                &level2.name
            };
            out.push_str(&format!("      {name} {{\n"));
            for ind in &level2.indicators {
                indicator(ind, options, out);
            }
            out.push_str("      }\n");
        }
        out.push_str("    }\n");
    }
    out.push_str("  }\n");
    if !found.total.is_empty() {
        let mut n = Notes::new(options.lang);
        let cells: Vec<String> = found
            .total
            .iter()
            .map(|v| format!("“{}”{}", shown(v.raw.trim()), n.place(v)))
            .collect();
        n.push(
            format!("原表的总分一行：{}；jixiao 计算总分", cells.join("、")),
            format!(
                "the form's total row: {}; jixiao computes the total",
                cells.join(", ")
            ),
        );
        n.line(out, "");
    }
}

fn indicator(ind: &super::form::Indicator, options: &Options, out: &mut String) {
    let mut n = Notes::new(options.lang);
    let cell = |kind| {
        ind.cells
            .iter()
            .find(|(k, v)| *k == kind && !blank(&v.raw))
            .map(|(_, v)| v)
    };
    let name = text(&ind.name.raw);
    n.text(&ind.name, &name);
    if placeholder(&name) && !name.is_empty() {
        n.push(
            "名称是空表的占位文字，请改写".into(),
            "the name is the blank form's placeholder: rewrite it".into(),
        );
    }
    let mut line = format!("        {}", quoted(&name));
    // The target, put together from 指标性质 and 度量单位 where the form
    // splits it.
    if let Some(v) = cell(IndicatorColumn::Target) {
        let nature = cell(IndicatorColumn::Nature).map(|v| label(&v.raw));
        let unit = cell(IndicatorColumn::Unit).map(|v| label(&v.raw));
        let qualitative = nature.as_deref() == Some("定性");
        let sign = match nature.as_deref() {
            Some("正向") => "≥",
            Some("反向") => "≤",
            Some(s @ ("≥" | "≤" | ">" | "<" | "=" | ">=" | "<=")) => s,
            _ => "",
        };
        let raw = text(&v.raw);
        let whole = if raw.starts_with(['≥', '≤', '>', '<', '=']) {
            format!("{raw}{}", unit.clone().unwrap_or_default())
        } else {
            format!("{sign}{raw}{}", unit.clone().unwrap_or_default())
        };
        let (written, compared) = match figure(&whole) {
            Some(f) if !qualitative => (f.clone(), f),
            _ => (quoted(&raw), raw.clone()),
        };
        let parts = Value {
            raw: if nature.is_some() || unit.is_some() {
                whole.clone()
            } else {
                v.raw.clone()
            },
            place: v.place,
        };
        if nature.is_some() || unit.is_some() {
            if compared != whole {
                n.changed(&parts, &compared);
            }
        } else if figure(&v.raw).is_some() {
            n.changed(v, &compared);
        } else {
            n.text(v, &compared);
        }
        line.push_str(&format!("  指标值 {written}"));
    }
    if let Some(v) = cell(IndicatorColumn::Actual) {
        let (written, compared) = figure_or_text(&v.raw);
        if figure(&v.raw).is_some() {
            n.changed(v, &compared);
        } else {
            n.text(v, &compared);
        }
        line.push_str(&format!("  完成值 {written}"));
    }
    for (kind, keyword) in [
        (IndicatorColumn::Weight, "分值"),
        (IndicatorColumn::Score, "得分"),
    ] {
        if let Some(v) = cell(kind) {
            let written = points(&v.raw).unwrap_or_else(|| quoted(&text(&v.raw)));
            n.changed(v, &written);
            line.push_str(&format!("  {keyword} {written}"));
        }
    }
    if let Some(v) = cell(IndicatorColumn::Deviation) {
        let written = text(&v.raw);
        n.text(v, &written);
        line.push_str(&format!("  偏差 {}", quoted(&written)));
    }
    if let Some(v) = cell(IndicatorColumn::Method) {
        n.method_left_out(v);
    }
    n.line(out, &line);
}

static CHAPTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[一二三四五六七八九十]+[、.．]\s*(.+)$").expect("valid"));
static SECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(][一二三四五六七八九十]+[)）]\s*(.+)$").expect("valid"));
static SUBSECTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[0-9]+[、.．]\s*(\D.*)$").expect("valid"));
static CLAUSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[（(][0-9]+[)）]\s*(.+)$").expect("valid"));

/// A heading run in with its paragraph (`（一）概况。近年来……`): the heading
/// and the text after it.
fn run_in(rest: &str) -> (String, Option<String>) {
    match rest.split_once('。') {
        Some((head, text)) if !text.trim().is_empty() && head.chars().count() <= 40 => {
            (head.trim().to_string(), Some(text.trim().to_string()))
        }
        _ => (rest.trim().trim_end_matches('。').to_string(), None),
    }
}

/// A heading Word numbers itself, numbered as written by hand (its level
/// then reads from its number, like any heading's): `一、` for 标题 1,
/// `（一）` for 标题 2, `1.` and `（1）` below. A text numbered already
/// stays as it is.
fn numbered(text: &str, level: Option<usize>) -> String {
    let written = [&*CHAPTER, &*SECTION, &*SUBSECTION, &*CLAUSE]
        .iter()
        .any(|re| re.is_match(text));
    match level {
        _ if written => text.to_string(),
        Some(0) => format!("一、{text}"),
        Some(1) => format!("（一）{text}"),
        Some(2) => format!("1.{text}"),
        Some(_) => format!("（1）{text}"),
        None => text.to_string(),
    }
}

fn report(found: &Found, options: &Options, out: &mut String) {
    let zh = options.lang == Lang::Zh;
    let mut paragraphs: Vec<(String, Option<usize>)> = found
        .after
        .iter()
        .map(|p| (text(&p.text), p.heading))
        .filter(|(p, _)| !p.is_empty())
        .collect();
    if paragraphs.is_empty() {
        return;
    }
    // The form's notes (注：…, 填表说明) come before the report's title.
    let notes = paragraphs
        .iter()
        .take_while(|(p, _)| {
            ["注：", "注:", "说明：", "填表说明"]
                .iter()
                .any(|n| p.starts_with(n))
        })
        .count();
    if notes > 0 {
        out.push('\n');
    }
    for (p, _) in paragraphs.drain(..notes) {
        let mut n = Notes::new(options.lang);
        n.push(
            format!("表格后的说明，没有放入：“{}”", shown(&p)),
            format!("note after the table, not placed: “{}”", shown(&p)),
        );
        n.line(out, "");
    }
    if paragraphs.is_empty() {
        return;
    }
    // 落款: the date at the end, and the body above it.
    let mut signed = None;
    if let Some((last, _)) = paragraphs.last()
        && let Some(d) = date(last)
    {
        let raw = last.clone();
        paragraphs.pop();
        let issuer = match paragraphs.last() {
            Some((p, _)) if p.chars().count() <= 40 && !p.contains('。') => {
                paragraphs.pop().map(|(p, _)| p)
            }
            _ => None,
        };
        signed = Some((issuer, d, raw));
    }
    let title = paragraphs
        .first()
        .map(|(p, _)| p.clone())
        .unwrap_or_default();
    let mut rest = paragraphs
        .iter()
        .skip(1)
        .map(|(p, level)| numbered(p, *level))
        .peekable();
    out.push_str(&format!("\n自评报告 {} {{\n", quoted(&title)));
    if let Some(p) = rest.peek() {
        let heading = CHAPTER.is_match(p) || SECTION.is_match(p);
        if !heading && !p.contains('。') && p.chars().count() <= 60 {
            out.push_str(&format!("  副标题 {}\n", quoted(p)));
            rest.next();
        }
    }
    let mut open = false;
    for p in rest {
        let p = &p;
        if let Some(c) = CHAPTER.captures(p) {
            let (head, text) = run_in(c.get(1).map_or("", |m| m.as_str()));
            if open {
                out.push_str("  }\n");
            }
            out.push_str(&format!("\n  章 {} {{\n", quoted(&head)));
            if let Some(text) = text {
                out.push_str(&format!("    {}\n", quoted(&text)));
            }
            open = true;
            continue;
        }
        if !open {
            let mut n = Notes::new(options.lang);
            n.push(
                format!("报告中第一章之前的文字，没有放入：“{}”", shown(p)),
                format!(
                    "text before the report's first chapter, not placed: “{}”",
                    shown(p)
                ),
            );
            n.line(out, "");
            continue;
        }
        let heading = [(&*SECTION, "节"), (&*SUBSECTION, "小节"), (&*CLAUSE, "款")]
            .into_iter()
            .find_map(|(re, keyword)| {
                Some((keyword, re.captures(p)?.get(1)?.as_str().to_string()))
            });
        match heading {
            Some((keyword, rest)) => {
                let (head, text) = run_in(&rest);
                out.push_str(&format!("    {keyword} {}\n", quoted(&head)));
                if let Some(text) = text {
                    out.push_str(&format!("      {}\n", quoted(&text)));
                }
            }
            None => out.push_str(&format!("    {}\n", quoted(p))),
        }
    }
    if open {
        out.push_str("  }\n");
    }
    if let Some((issuer, d, raw)) = signed {
        let mut n = Notes::new(options.lang);
        let written = d.clone();
        let v = Value { raw, place: None };
        n.changed(&v, &written);
        if issuer.is_none() {
            n.push(
                "原文没有落款单位".into(),
                "no issuing body above the date".into(),
            );
        }
        n.line(
            out,
            &format!("\n  落款 {} {d}", quoted(issuer.as_deref().unwrap_or(""))),
        );
    } else if zh {
        out.push_str("  // 原文末尾没有日期，没有写落款\n");
    } else {
        out.push_str("  // no date at the end of the report: no 落款 written\n");
    }
    out.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_as_the_language_writes_them() {
        assert_eq!(figure("100%").as_deref(), Some("100%"));
        assert_eq!(figure("100 %").as_deref(), Some("100%"));
        assert_eq!(figure("２０００ ").as_deref(), Some("2000"));
        assert_eq!(figure("≥95%").as_deref(), Some("≥95%"));
        assert_eq!(figure("95%以上").as_deref(), Some("95%以上"));
        assert_eq!(figure("6009人次").as_deref(), Some("6009人次"));
        assert_eq!(figure("3个工作日以内").as_deref(), Some("3个工作日以内"));
        assert_eq!(figure("1,200.5万元").as_deref(), Some("1,200.5万元"));
        assert_eq!(figure("2021年12月31日前").as_deref(), Some("≤2021-12-31"));
        assert_eq!(figure("全部符合条件人员"), None);
        assert_eq!(figure("2021年，共为6009人次发放"), None);
        assert_eq!(figure("100%完成了全年的任务"), None);
    }

    #[test]
    fn texts_amounts_and_dates() {
        assert_eq!(text(" 经济效益\n指标 "), "经济效益指标");
        assert_eq!(text("word\nnext"), "word next");
        assert_eq!(quoted("a\"b{c}\\"), "\"a\\\"b{{c}}\\\\\"");
        assert_eq!(amount("２０００ ", Some("万元")).as_deref(), Some("2000"));
        assert_eq!(amount("2,000万元", Some("万元")).as_deref(), Some("2,000"));
        assert_eq!(amount("二千", Some("万元")), None);
        assert_eq!(points("10分").as_deref(), Some("10"));
        assert_eq!(date("2022年2月 14日").as_deref(), Some("2022-02-14"));
        assert_eq!(date("2022年2月14日前"), None);
    }
}
