//! Completion: the words valid where the cursor stands — keywords (Chinese
//! and English), the categories of the scheme, the funds rows of the form
//! template, the fields of an indicator, rule and grade names after
//! `规则`/`等级`, and the units the file uses.

use crate::ast::*;
use crate::diag::Lang;
use crate::parse;
use crate::scheme::Scheme;
use crate::span::Span;
use crate::template::Template;
use crate::words::{self, Words};

/// One suggestion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    pub label: String,
    pub kind: CompletionKind,
    /// What the word is, and its other spelling (Chinese or English).
    pub detail: String,
    /// Whether it is written in the keyword set the file uses (listed first).
    pub preferred: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Keyword,
    /// A 一级 or 二级 category, or a row of the funds table.
    Category,
    /// A field of an indicator.
    Field,
    /// A rule, grade, table or formula name.
    Value,
    Unit,
}

/// Where the cursor stands, by the blocks of the tree around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place<'a> {
    Top,
    Evaluation,
    Funds,
    Goal,
    Indicators,
    /// Inside a 一级 block, written as this word.
    Level1(&'a str),
    /// Inside a 二级 block: indicators and their fields.
    Level2,
    Scheme,
    Report,
    Chapter,
}

/// What stands before the word being typed, as the tree has it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Before<'a> {
    /// A keyword, a field or setting name, or the first word of a
    /// malformed item (`规则` with no value yet).
    Word(&'a str),
    /// A bare number, which a unit may follow.
    Number,
    /// Anything else.
    Other,
}

/// The suggestions at byte `offset` of `source`. `scheme` gives the
/// categories and `template` the funds rows (those the file was last
/// checked against). They come from the parser's tree, which a file being
/// typed has too (with its unclosed blocks and strings closed at the end).
pub fn complete(
    source: &str,
    offset: usize,
    scheme: &Scheme,
    template: &Template,
    lang: Lang,
) -> Vec<Completion> {
    let Some(file) = parse::parse_recovering(source).file else {
        return Vec::new();
    };
    if offset > source.len() || !source.is_char_boundary(offset) {
        return Vec::new();
    }
    if file
        .strings
        .iter()
        .chain(&file.comments)
        .any(|l| encloses(source, l, offset))
    {
        return Vec::new();
    }
    // The word being typed is not what stands before it.
    let typed = source[..offset]
        .trim_end_matches(|c: char| c.is_alphabetic() || c == '_')
        .len();
    let english = file
        .items
        .first()
        .is_some_and(|item| source[top_span(item).start..].starts_with(|c: char| c.is_ascii()));
    let mut out = Completions {
        items: Vec::new(),
        english,
        lang,
    };
    let Some((place, before)) = place(&file, source, offset, typed) else {
        return Vec::new();
    };
    let department = template.form == crate::template::Form::Department;
    let previous_word = match before {
        Before::Word(w) => Some(w),
        _ => None,
    };
    match place {
        Place::Top => out.words(
            words::KEYWORDS,
            &["自评表", "自评报告", "表样"],
            Kind::Keyword,
        ),
        Place::Evaluation => {
            // A department writes its budget, which is not scored, no goal,
            // and lists its projects.
            let (funds, goal) = if department {
                ("部门预算", Some("项目汇总"))
            } else {
                ("项目资金", Some("年度总体目标"))
            };
            let keywords: Vec<&str> = [
                "年度",
                "标题",
                "主管部门",
                "实施单位",
                "表样",
                "栏目",
                "评分方案",
                funds,
            ]
            .into_iter()
            .chain(goal)
            .chain(["绩效指标"])
            .collect();
            out.words(words::KEYWORDS, &keywords, Kind::Keyword)
        }
        Place::Funds => {
            for row in &template.funds().rows {
                let english = (row.key != row.name).then_some(row.key.as_str());
                out.pair(&row.name, english, Kind::Row);
            }
            // A department's budget is not scored.
            let keywords: &[&str] = if department {
                &["执行率", "监控", "执行数", "预计执行数"]
            } else {
                &["分值", "执行率", "得分", "监控", "执行数", "预计执行数"]
            };
            out.words(words::KEYWORDS, keywords, Kind::Keyword);
            out.words(
                words::FIELDS,
                &["偏差", "偏差原因", "纠偏措施"],
                Kind::Keyword,
            );
        }
        Place::Goal => {
            out.words(words::KEYWORDS, &["预期目标"], Kind::Keyword);
            out.all(words::GOAL_ACTUAL, Kind::Keyword);
            out.words(words::KEYWORDS, &["执行情况"], Kind::Keyword);
        }
        Place::Indicators => {
            for level1 in &scheme.framework {
                out.category(&level1.name.zh, level1.name.en, Kind::Level1);
            }
        }
        Place::Level1(written) => {
            if let Some(level1) = scheme.framework.iter().find(|l| l.name.matches(written)) {
                for child in &level1.children {
                    out.category(&child.zh, child.en, Kind::Level2(&level1.name.zh));
                }
            }
        }
        Place::Level2 => {
            let rule = previous_word.and_then(|w| words::lookup(w, words::FIELDS));
            match rule {
                Some(("规则", _)) => out.all(words::RULES, Kind::Rule),
                Some(("等级", _)) => out.all(words::LEVELS, Kind::Level),
                _ if before == Before::Number => out.units(&file),
                _ => {
                    out.all(words::FIELDS, Kind::Field);
                    out.units(&file);
                }
            }
        }
        Place::Scheme => match previous_word.and_then(|w| words::lookup(w, words::SETTINGS)) {
            Some(("反向公式", _)) => out.all(words::FORMULAS, Kind::Formula),
            _ => {
                out.words(words::KEYWORDS, &["指标体系"], Kind::Keyword);
                out.all(words::SCHEME_SETTINGS, Kind::Setting);
            }
        },
        Place::Report => out.words(words::KEYWORDS, &["副标题", "章", "落款"], Kind::Keyword),
        Place::Chapter => match previous_word.and_then(|w| words::lookup(w, words::KEYWORDS)) {
            Some(("表格", _)) => out.all(words::TABLES, Kind::Table),
            _ => out.words(
                words::KEYWORDS,
                &["节", "小节", "款", "列表", "表格"],
                Kind::Keyword,
            ),
        },
    }
    out.items
}

/// Whether `offset` lies inside a string or comment, where typing does not
/// start a word: after its first character, before its closing one (or
/// anywhere after it, for one never closed; at the end of a line comment).
fn encloses(source: &str, lexeme: &Lexeme, offset: usize) -> bool {
    let Span { start, end } = lexeme.span;
    let open_end = !lexeme.closed || source[start..end].starts_with("//");
    start < offset && (offset < end || open_end && offset == end)
}

fn top_span(item: &TopItem) -> Span {
    match item {
        TopItem::Evaluation(e) => e.span,
        TopItem::Report(r) => r.span,
        TopItem::Template(t) => t.span,
        TopItem::Unknown(u) => u.span,
    }
}

/// Whether `offset` is in the body of a block whose head ends at `head`
/// and whose span is `span`: after the head, before its `}` (or anywhere
/// up to its end when the block was never closed).
fn inside(source: &str, head: usize, span: Span, offset: usize) -> bool {
    let closed = source[..span.end].ends_with(['}', '｝']);
    head < offset && (offset < span.end || !closed && offset == span.end)
}

/// Where the `{` of an unknown item's block stands, when it has one.
fn unknown_block(source: &str, u: &Unknown) -> Option<usize> {
    source[u.name.span.end..u.span.end]
        .find(['{', '｛'])
        .map(|n| u.name.span.end + n)
}

/// The place of the cursor in the tree and what stands before the word
/// being typed (which starts at `typed`); `None` where nothing can be
/// completed (inside a list, a table of settings or an unknown block).
fn place<'a>(
    file: &'a File,
    source: &'a str,
    offset: usize,
    typed: usize,
) -> Option<(Place<'a>, Before<'a>)> {
    let within = |head: usize, span: Span| inside(source, head, span, offset);
    let in_unknown = |u: &Unknown| unknown_block(source, u).is_some_and(|at| within(at, u.span));
    // What stands before the word being typed: the last of `elements` that
    // ends before it.
    let before = |elements: Vec<(Span, Before<'a>)>| {
        elements
            .into_iter()
            .filter(|(span, _)| span.end <= typed)
            .max_by_key(|(span, _)| (span.end, span.start))
            .map_or(Before::Other, |(_, b)| b)
    };
    let text = |span: Span| &source[span.start..span.end];
    // The first word of each malformed item in `span`, as the word before.
    let malformed = |span: Span| -> Vec<(Span, Before<'a>)> {
        file.malformed
            .iter()
            .filter(|(_, s)| span.start <= s.start && s.end <= span.end)
            .filter_map(|(_, s)| {
                let rest = text(*s);
                let len = rest
                    .find(|c: char| !(c.is_alphabetic() || c == '_'))
                    .unwrap_or(rest.len());
                (len > 0).then(|| {
                    (
                        Span::new(s.start, s.start + len),
                        Before::Word(&rest[..len]),
                    )
                })
            })
            .collect()
    };
    for item in &file.items {
        match item {
            TopItem::Evaluation(e) if within(e.name.span.end, e.span) => {
                for item in &e.items {
                    match item {
                        EvalItem::Funds(f) => {
                            let head = f.unit.as_ref().map_or(f.keyword.end, |u| u.span.end);
                            if within(head, f.span) {
                                return Some((Place::Funds, Before::Other));
                            }
                        }
                        EvalItem::Goal(g) if within(g.keyword.end, g.span) => {
                            let unknown = g
                                .items
                                .iter()
                                .any(|i| matches!(i, GoalItem::Unknown(u) if in_unknown(u)));
                            return (!unknown).then_some((Place::Goal, Before::Other));
                        }
                        EvalItem::Indicators(i) if within(i.keyword.end, i.span) => {
                            return Some(indicators(
                                i, offset, typed, &within, &before, &malformed,
                            ));
                        }
                        EvalItem::Scheme(s) if within(s.keyword.end, s.span) => {
                            let mut elements = malformed(s.span);
                            for item in &s.items {
                                match item {
                                    SchemeItem::Framework { keyword, span, .. }
                                        if within(keyword.end, *span) =>
                                    {
                                        return None;
                                    }
                                    SchemeItem::Setting {
                                        value: SettingValue::Table { span, .. },
                                        ..
                                    } if span.start < offset && within(span.start, *span) => {
                                        return None;
                                    }
                                    SchemeItem::Setting { name, value } => {
                                        elements.push((name.span, Before::Word(&name.value)));
                                        if let SettingValue::Value(v) = value {
                                            elements.push((v.span, Before::Other));
                                        }
                                    }
                                    SchemeItem::Framework { span, .. } => {
                                        elements.push((*span, Before::Other));
                                    }
                                }
                            }
                            return Some((Place::Scheme, before(elements)));
                        }
                        EvalItem::Fields(f) if within(f.keyword.end, f.span) => return None,
                        EvalItem::Unknown(u) if in_unknown(u) => return None,
                        _ => {}
                    }
                }
                return Some((Place::Evaluation, Before::Other));
            }
            TopItem::Report(r) if within(r.title.span.end, r.span) => {
                for item in &r.items {
                    match item {
                        ReportItem::Chapter(c) if within(c.title.span.end, c.span) => {
                            let mut elements = malformed(c.span);
                            for block in &c.blocks {
                                match block {
                                    Block::List { span, .. } if within(span.start, *span) => {
                                        return None;
                                    }
                                    Block::Table(name) => {
                                        // `表格` stands before its name.
                                        let keyword = Span::at(name.span.start);
                                        elements.push((keyword, Before::Word("表格")));
                                        elements.push((name.span, Before::Other));
                                    }
                                    Block::List { span, .. } => {
                                        elements.push((*span, Before::Other))
                                    }
                                    Block::Paragraph(t) => elements.push((t.span, Before::Other)),
                                    Block::Heading { title, .. } => {
                                        elements.push((title.span, Before::Other))
                                    }
                                }
                            }
                            return Some((Place::Chapter, before(elements)));
                        }
                        ReportItem::Unknown(u) if in_unknown(u) => return None,
                        _ => {}
                    }
                }
                return Some((Place::Report, Before::Other));
            }
            TopItem::Template(t) if within(t.name.span.end, t.span) => return None,
            TopItem::Unknown(u) if in_unknown(u) => return None,
            _ => {}
        }
    }
    Some((Place::Top, Before::Other))
}

/// The place inside a 绩效指标 block.
fn indicators<'a>(
    block: &'a Indicators,
    offset: usize,
    typed: usize,
    within: &dyn Fn(usize, Span) -> bool,
    before: &dyn Fn(Vec<(Span, Before<'a>)>) -> Before<'a>,
    malformed: &dyn Fn(Span) -> Vec<(Span, Before<'a>)>,
) -> (Place<'a>, Before<'a>) {
    let Some(l1) = block
        .groups
        .iter()
        .find(|l1| within(l1.name.span.end, l1.span))
    else {
        return (Place::Indicators, Before::Other);
    };
    let Some(l2) = l1
        .groups
        .iter()
        .find(|l2| within(l2.name.span.end, l2.span))
    else {
        return (Place::Level1(&l1.name.value), Before::Other);
    };
    let mut elements = malformed(l2.span);
    for indicator in &l2.indicators {
        elements.push((indicator.name.span, Before::Other));
        for field in &indicator.fields {
            let value = &field.value;
            // At the end of a figure or in its unit: a unit is being typed.
            let figure = matches!(
                value.kind,
                ValueKind::Figure(Figure::Number(_) | Figure::Quantity(..))
            );
            if figure && value.span.start < typed && offset <= value.span.end {
                return (Place::Level2, Before::Number);
            }
            elements.push((field.name.span, Before::Word(&field.name.value)));
            let number = matches!(value.kind, ValueKind::Figure(Figure::Number(_)));
            let kind = if number {
                Before::Number
            } else {
                Before::Other
            };
            elements.push((value.span, kind));
        }
    }
    (Place::Level2, before(elements))
}

/// What a suggested word is, for its detail line.
#[derive(Clone, Copy)]
enum Kind<'a> {
    Keyword,
    Row,
    Level1,
    Level2(&'a str),
    Field,
    Rule,
    Level,
    Setting,
    Formula,
    Table,
}

impl Kind<'_> {
    fn describe(self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Kind::Keyword if zh => "关键字".into(),
            Kind::Keyword => "keyword".into(),
            Kind::Row if zh => "资金行".into(),
            Kind::Row => "funds row".into(),
            Kind::Level1 if zh => "一级指标".into(),
            Kind::Level1 => "level-1 category".into(),
            Kind::Level2(parent) if zh => format!("二级指标（{parent}）"),
            Kind::Level2(parent) => format!("level-2 category of {parent}"),
            Kind::Field if zh => "指标字段".into(),
            Kind::Field => "indicator field".into(),
            Kind::Rule if zh => "评分规则".into(),
            Kind::Rule => "scoring rule".into(),
            Kind::Level if zh => "定性等级".into(),
            Kind::Level => "grade".into(),
            Kind::Setting if zh => "评分方案设置".into(),
            Kind::Setting => "scheme setting".into(),
            Kind::Formula if zh => "反向公式".into(),
            Kind::Formula => "inverse formula".into(),
            Kind::Table if zh => "由自评表生成的表格".into(),
            Kind::Table => "table made from the form".into(),
        }
    }

    fn completion_kind(self) -> CompletionKind {
        match self {
            Kind::Keyword | Kind::Setting => CompletionKind::Keyword,
            Kind::Row | Kind::Level1 | Kind::Level2(_) => CompletionKind::Category,
            Kind::Field => CompletionKind::Field,
            Kind::Rule | Kind::Level | Kind::Formula | Kind::Table => CompletionKind::Value,
        }
    }
}

struct Completions {
    items: Vec<Completion>,
    /// Whether the file is written with English keywords.
    english: bool,
    lang: Lang,
}

impl Completions {
    /// Both spellings of a word: the Chinese and the English.
    fn pair(&mut self, zh: &str, en: Option<&str>, kind: Kind<'_>) {
        let what = kind.describe(self.lang);
        let item = |label: &str, other: Option<&str>, preferred: bool| Completion {
            label: label.to_string(),
            kind: kind.completion_kind(),
            detail: match other {
                Some(other) => format!("{what} · {other}"),
                None => what.clone(),
            },
            preferred,
        };
        self.items.push(item(zh, en, !self.english));
        if let Some(en) = en {
            self.items.push(item(en, Some(zh), self.english));
        }
    }

    fn all(&mut self, table: Words, kind: Kind<'_>) {
        for (zh, en, _) in table {
            self.pair(zh, Some(en), kind);
        }
    }

    /// The words of `table` whose Chinese form is in `names`, in that order.
    fn words(&mut self, table: Words, names: &[&str], kind: Kind<'_>) {
        for name in names {
            if let Some((zh, en, _)) = table.iter().find(|(zh, _, _)| zh == name) {
                self.pair(zh, Some(en), kind);
            }
        }
    }

    fn category(&mut self, zh: &str, en: Option<&str>, kind: Kind<'_>) {
        self.pair(zh, en, kind);
    }

    /// The units the file's indicators already use, each once, in order
    /// of first use.
    fn units(&mut self, file: &File) {
        let detail = match self.lang {
            Lang::Zh => "文件中用过的单位",
            Lang::En => "unit used in this file",
        };
        let mut seen: Vec<&str> = Vec::new();
        let evaluations = file.items.iter().filter_map(|item| match item {
            TopItem::Evaluation(e) => Some(e),
            _ => None,
        });
        let values = evaluations
            .flat_map(|e| &e.items)
            .filter_map(|item| match item {
                EvalItem::Indicators(i) => Some(i),
                _ => None,
            })
            .flat_map(|i| &i.groups)
            .flat_map(|l1| &l1.groups)
            .flat_map(|l2| &l2.indicators)
            .flat_map(|i| &i.fields)
            .map(|f| &f.value.kind);
        for value in values {
            let unit = match value {
                ValueKind::Figure(Figure::Quantity(_, unit))
                | ValueKind::Bound(_, Figure::Quantity(_, unit)) => unit.as_str(),
                _ => continue,
            };
            if !seen.contains(&unit) {
                seen.push(unit);
            }
        }
        for unit in seen {
            self.items.push(Completion {
                label: unit.to_string(),
                kind: CompletionKind::Unit,
                detail: detail.to_string(),
                preferred: true,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(source: &str) -> Vec<(String, bool)> {
        labels_on(source, &crate::template::default_template())
    }

    fn labels_on(source: &str, template: &Template) -> Vec<(String, bool)> {
        let offset = source.find('|').expect("a cursor");
        let source = source.replace('|', "");
        complete(&source, offset, &Scheme::default(), template, Lang::Zh)
            .into_iter()
            .map(|c| (c.label, c.preferred))
            .collect()
    }

    fn names(source: &str) -> Vec<String> {
        labels(source).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn while_typing_a_file_that_does_not_parse() {
        // Unclosed blocks, a half-typed word: the 二级 of 产出指标.
        assert_eq!(
            names("自评表 \"x\" {\n  绩效指标 {\n    产出指标 {\n      数|"),
            [
                "数量指标",
                "quantity",
                "质量指标",
                "quality",
                "时效指标",
                "timeliness",
                "成本指标",
                "cost"
            ]
        );
        assert_eq!(
            names("自|"),
            [
                "自评表",
                "evaluation",
                "自评报告",
                "report",
                "表样",
                "template"
            ]
        );
        assert_eq!(
            names("自评表 \"x\" { 项目资金 万元 { |"),
            [
                "年度资金总额",
                "total",
                "当年财政拨款",
                "appropriation",
                "上年结转资金",
                "carryover",
                "其他资金",
                "other",
                "分值",
                "weight",
                "执行率",
                "rate",
                "得分",
                "score",
                "监控",
                "monitoring",
                "执行数",
                "to_date",
                "预计执行数",
                "forecast",
                "偏差",
                "deviation",
                "偏差原因",
                "cause",
                "纠偏措施",
                "measures"
            ]
        );
    }

    #[test]
    fn the_funds_rows_are_those_of_the_form_template() {
        let sichuan = crate::template::builtin("四川2023").expect("built in");
        let rows: Vec<String> = labels_on("自评表 \"x\" { 项目资金 万元 { |", &sichuan)
            .into_iter()
            .map(|(l, _)| l)
            .take_while(|l| l != "分值")
            .collect();
        let expected: Vec<String> = sichuan
            .funds()
            .rows
            .iter()
            .flat_map(|r| {
                let english = (r.key != r.name).then(|| r.key.clone());
                std::iter::once(r.name.clone()).chain(english)
            })
            .collect();
        assert_eq!(rows, expected);
        assert!(rows.contains(&"财政专户管理资金".to_string()), "{rows:?}");
        assert!(!rows.contains(&"当年财政拨款".to_string()), "{rows:?}");
    }

    #[test]
    fn a_department_writes_its_budget_unscored() {
        let department = crate::template::builtin("部门整体").expect("built in");
        let top = names_on("自评表 \"x\" { |", &department);
        assert!(top.contains(&"部门预算".to_string()), "{top:?}");
        assert!(!top.contains(&"项目资金".to_string()), "{top:?}");
        // It lists its projects; a project does not.
        assert!(top.contains(&"项目汇总".to_string()), "{top:?}");
        let project = crate::template::default_template();
        assert!(!names_on("自评表 \"x\" { |", &project).contains(&"项目汇总".to_string()));
        let budget = names_on("自评表 \"x\" { 部门预算 万元 { |", &department);
        assert_eq!(
            budget[..6],
            ["合计", "total", "基本支出", "basic", "项目支出", "projects"]
        );
        assert!(!budget.contains(&"分值".to_string()), "{budget:?}");
    }

    fn names_on(source: &str, template: &Template) -> Vec<String> {
        labels_on(source, template)
            .into_iter()
            .map(|(l, _)| l)
            .collect()
    }

    #[test]
    fn after_a_field_its_values() {
        let at = "自评表 \"x\" { 绩效指标 { 产出指标 { 质量指标 {\n \"a\" 完成值 3个 规则 |";
        assert_eq!(
            names(at),
            [
                "比例",
                "ratio",
                "反向",
                "inverse",
                "达标",
                "pass",
                "定性",
                "graded",
                "人工",
                "manual",
                "执行率",
                "execution"
            ]
        );
        let at = "自评表 \"x\" { 绩效指标 { 产出指标 { 质量指标 {\n \"a\" 完成值 3个 分值 5 \"b\" 完成值 2|";
        assert_eq!(names(at), ["个"]);
        let at = "自评报告 \"x\" { 章 \"一\" { 表格 |";
        assert_eq!(
            names(at),
            ["偏差", "deviations", "指标", "indicators", "资金", "funds"]
        );
    }

    #[test]
    fn nothing_in_strings_comments_or_unknown_blocks() {
        assert!(names("自评表 \"x|\" {").is_empty());
        assert!(names("// 自评表 |").is_empty());
        assert!(names("/* 自评表 | */").is_empty());
        assert!(names("自评表 \"x\" { 未知 { |").is_empty());
    }

    /// A block left open in the middle of a file: the parser closes it
    /// where the indentation says, so the blocks after it are read as
    /// what they are; a string left open ends on its line.
    #[test]
    fn a_file_broken_in_the_middle_keeps_its_places() {
        let file = "自评表 \"x\" {\n  绩效指标 {\n    产出指标 {\n      数量指标 {\n        \"a\" 完成值 3个\n        \"b\" @1\n    }\n    效益指标 {\n      @2\n      社会效益指标 {\n        \"c\" 偏差 \"未写完\n        \"d\" @3\n      }\n    }\n  }\n}\n";
        let at = |n: &str| {
            let source = file.replace(&format!("@{n}"), "|");
            let source = ["1", "2", "3"]
                .iter()
                .fold(source, |s, m| s.replace(&format!("@{m}"), ""));
            names(&source)
        };
        let fields = at("1");
        assert!(fields.contains(&"指标值".to_string()), "{fields:?}");
        assert!(fields.contains(&"个".to_string()), "{fields:?}");
        assert_eq!(
            at("2"),
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
        assert!(at("3").contains(&"规则".to_string()), "{:?}", at("3"));
    }

    #[test]
    fn full_width_braces_open_blocks() {
        assert_eq!(
            names("自评表 \"x\" ｛ 绩效指标 ｛ |"),
            [
                "产出指标",
                "output",
                "效益指标",
                "benefit",
                "满意度指标",
                "satisfaction"
            ]
        );
    }

    #[test]
    fn nothing_inside_a_list_or_a_table_of_settings() {
        assert!(names("自评报告 \"x\" { 章 \"一\" { 列表 { |").is_empty());
        assert!(names("自评报告 \"x\" { 章 \"一\" { 列表 { \"a\" } |").contains(&"节".to_string()));
        assert!(names("自评表 \"x\" { 评分方案 { 等级 { |").is_empty());
    }

    #[test]
    fn the_files_keyword_set_comes_first() {
        let english = labels("evaluation \"x\" { |");
        assert!(english.contains(&("year".to_string(), true)));
        assert!(english.contains(&("年度".to_string(), false)));
        let chinese = labels("自评表 \"x\" { |");
        assert!(chinese.contains(&("年度".to_string(), true)));
    }
}
