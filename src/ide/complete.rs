//! Completion: the words valid where the cursor stands — keywords (Chinese
//! and English), the categories of the scheme, the funds rows of the form
//! template, the fields of an indicator, rule and grade names after
//! `规则`/`等级`, and the units the file uses.

use super::scan::{Tok, Token, tokens};
use crate::diag::Lang;
use crate::scheme::Scheme;
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

/// Where the cursor stands, by the blocks around it.
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

/// The suggestions at byte `offset` of `source`. `scheme` gives the
/// categories and `template` the funds rows (those the file was last
/// checked against).
pub fn complete(
    source: &str,
    offset: usize,
    scheme: &Scheme,
    template: &Template,
    lang: Lang,
) -> Vec<Completion> {
    let tokens = tokens(source);
    if tokens.iter().any(|t| t.encloses(offset)) {
        return Vec::new();
    }
    // The tokens before the cursor; a word being typed is not one of them.
    let before: Vec<&Token> = tokens
        .iter()
        .take_while(|t| t.span.end < offset || (t.span.end == offset && t.kind != Tok::Word))
        .collect();
    let text = |t: &Token| &source[t.span.start..t.span.end];
    let english = tokens
        .iter()
        .find(|t| t.kind == Tok::Word)
        .is_some_and(|t| text(t).is_ascii());
    let mut out = Completions {
        items: Vec::new(),
        english,
        lang,
    };
    let previous = before.last().copied();
    let previous_word = previous.filter(|t| t.kind == Tok::Word).map(text);
    let Some(place) = place(&before, source) else {
        return Vec::new();
    };
    match place {
        Place::Top => out.words(
            words::KEYWORDS,
            &["自评表", "自评报告", "表样"],
            Kind::Keyword,
        ),
        Place::Evaluation => out.words(
            words::KEYWORDS,
            &[
                "年度",
                "标题",
                "主管部门",
                "实施单位",
                "表样",
                "栏目",
                "评分方案",
                "项目资金",
                "年度总体目标",
                "绩效指标",
            ],
            Kind::Keyword,
        ),
        Place::Funds => {
            for row in &template.funds().rows {
                let english = (row.key != row.name).then_some(row.key.as_str());
                out.pair(&row.name, english, Kind::Row);
            }
            out.words(
                words::KEYWORDS,
                &["分值", "执行率", "得分", "监控", "执行数", "预计执行数"],
                Kind::Keyword,
            );
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
                _ if previous.is_some_and(|t| t.kind == Tok::Number) => out.units(&tokens, source),
                _ => {
                    out.all(words::FIELDS, Kind::Field);
                    out.units(&tokens, source);
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

/// The place the blocks open before the cursor put it in; `None` where
/// nothing can be completed (inside a list or an unknown block).
fn place<'a>(before: &[&Token], source: &'a str) -> Option<Place<'a>> {
    let text = |t: &Token| &source[t.span.start..t.span.end];
    // The word that heads each open block.
    let mut heads: Vec<&'a str> = Vec::new();
    let mut statement_start = 0;
    for (i, token) in before.iter().enumerate() {
        match token.kind {
            Tok::Open => {
                let statement = &before[statement_start..i];
                let mut words = statement
                    .iter()
                    .filter(|t| t.kind == Tok::Word)
                    .map(|t| text(t));
                let last = words.next_back().unwrap_or("");
                // `项目资金 万元 {`: the block is the funds, not the unit.
                let head = match words.next_back() {
                    Some(keyword)
                        if words::lookup(keyword, words::KEYWORDS)
                            .is_some_and(|k| k.0 == "项目资金") =>
                    {
                        keyword
                    }
                    _ => last,
                };
                heads.push(head);
                statement_start = i + 1;
            }
            Tok::Close => {
                heads.pop();
                statement_start = i + 1;
            }
            _ => {}
        }
    }
    let keyword = |w: &str| words::lookup(w, words::KEYWORDS).map(|(zh, _)| zh);
    let resolved: Vec<Option<&str>> = heads.iter().map(|h| keyword(h)).collect();
    Some(match resolved.as_slice() {
        [] => Place::Top,
        [Some("自评表")] => Place::Evaluation,
        [Some("自评表"), Some("项目资金")] => Place::Funds,
        [Some("自评表"), Some("年度总体目标")] => Place::Goal,
        [Some("自评表"), Some("绩效指标")] => Place::Indicators,
        [Some("自评表"), Some("绩效指标"), _] => Place::Level1(heads[2]),
        [Some("自评表"), Some("绩效指标"), _, _] => Place::Level2,
        [Some("自评表"), Some("评分方案")] => Place::Scheme,
        [Some("自评报告")] => Place::Report,
        [Some("自评报告"), Some("章")] => Place::Chapter,
        _ => return None,
    })
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

    /// The units the file already uses, each once, in order of first use.
    fn units(&mut self, tokens: &[Token], source: &str) {
        let detail = match self.lang {
            Lang::Zh => "文件中用过的单位",
            Lang::En => "unit used in this file",
        };
        let mut seen: Vec<&str> = Vec::new();
        for pair in tokens.windows(3) {
            let [number, unit, next] = pair else { continue };
            if number.kind != Tok::Number || unit.kind != Tok::Word {
                continue;
            }
            let word = &source[unit.span.start..unit.span.end];
            let attached = number.span.end == unit.span.start;
            // `6009 人次` is a unit; `100 分值 10` is the next field.
            let spaced = !source[number.span.end..unit.span.start].contains('\n')
                && words::lookup(word, words::FIELDS).is_none()
                && words::lookup(word, words::KEYWORDS).is_none()
                && !matches!(next.kind, Tok::Number | Tok::Str { .. });
            if (attached || spaced) && !seen.contains(&word) {
                seen.push(word);
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
    fn after_a_field_its_values() {
        let at = "自评表 \"x\" { 绩效指标 { 产出指标 { 质量指标 {\n \"a\" 完成值 3个 规则 |";
        assert_eq!(
            names(at),
            [
                "比例", "ratio", "反向", "inverse", "达标", "pass", "定性", "graded", "人工",
                "manual"
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

    #[test]
    fn the_files_keyword_set_comes_first() {
        let english = labels("evaluation \"x\" { |");
        assert!(english.contains(&("year".to_string(), true)));
        assert!(english.contains(&("年度".to_string(), false)));
        let chinese = labels("自评表 \"x\" { |");
        assert!(chinese.contains(&("年度".to_string(), true)));
    }
}
