//! The outline of a file (its blocks, categories and indicators, with the
//! scores computed for them) and the ranges an editor can fold.

use crate::ast::{self, EvalItem, ReportItem, TemplateItem, TopItem};
use crate::check::{Checked, Computed};
use crate::diag::Lang;
use crate::format;
use crate::span::Span;

/// An entry of the outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    /// A short figure: an indicator's score and weight, a category's subtotal.
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole entry.
    pub span: Span,
    /// The part to select: its name.
    pub selection: Span,
    pub children: Vec<Symbol>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    /// 自评表, 自评报告
    Document,
    /// 项目资金, 年度总体目标, 绩效指标, 评分方案, 章
    Block,
    /// 一级 and 二级 categories
    Category,
    /// A funds row or a 三级指标
    Entry,
}

/// The outline of a parsed file. `checked` adds the computed figures.
pub fn symbols(source: &str, file: &ast::File, checked: &Checked, lang: Lang) -> Vec<Symbol> {
    let outline = Outline {
        source,
        checked,
        lang,
    };
    file.items
        .iter()
        .filter_map(|item| match item {
            TopItem::Evaluation(e) => Some(outline.evaluation(e)),
            TopItem::Report(r) => Some(outline.report(r)),
            TopItem::Template(t) => Some(outline.block(t.keyword, t.span, Vec::new())),
            TopItem::Unknown(_) => None,
        })
        .collect()
}

struct Outline<'a> {
    source: &'a str,
    checked: &'a Checked,
    lang: Lang,
}

impl Outline<'_> {
    fn keyword(&self, span: Span) -> String {
        self.source[span.start..span.end].to_string()
    }

    fn detail(&self, span: Span) -> Option<String> {
        let (_, computed) = self.checked.computed.iter().find(|(s, _)| *s == span)?;
        let (score, weight) = match computed {
            Computed::Indicator(i) => (i.score, i.weight),
            Computed::Category { score, weight, .. } => (*score, *weight),
            Computed::FundsRow { row, .. } => {
                return row.execution_rate.map(|rate| match self.lang {
                    Lang::Zh => format!("执行率 {}", format::percent(rate)),
                    Lang::En => format!("execution {}", format::percent(rate)),
                });
            }
            Computed::Total { score, grade, .. } => {
                return Some(format!("{} {}", format::score(*score), grade));
            }
            Computed::Project(row) => {
                return Some(format!("{} {}", format::score(row.total_score), row.grade));
            }
        };
        Some(format!(
            "{} / {}",
            format::score(score),
            format::plain(weight)
        ))
    }

    fn evaluation(&self, e: &ast::Evaluation) -> Symbol {
        let children = e
            .items
            .iter()
            .filter_map(|item| match item {
                EvalItem::Funds(f) => Some(Symbol {
                    name: self.keyword(f.keyword),
                    detail: None,
                    kind: SymbolKind::Block,
                    span: f.span,
                    selection: f.keyword,
                    children: f
                        .rows
                        .iter()
                        .map(|r| Symbol {
                            name: r.label.value.clone(),
                            detail: self.detail(r.span),
                            kind: SymbolKind::Entry,
                            span: r.span,
                            selection: r.label.span,
                            children: Vec::new(),
                        })
                        .collect(),
                }),
                EvalItem::Goal(g) => Some(self.block(g.keyword, g.span, Vec::new())),
                EvalItem::Scheme(s) => Some(self.block(s.keyword, s.span, Vec::new())),
                EvalItem::Projects(p) => {
                    let files = p
                        .files
                        .iter()
                        .map(|f| Symbol {
                            name: f.value.clone(),
                            detail: self.detail(f.span),
                            kind: SymbolKind::Entry,
                            span: f.span,
                            selection: f.span,
                            children: Vec::new(),
                        })
                        .collect();
                    Some(self.block(p.keyword, p.span, files))
                }
                EvalItem::Indicators(i) => {
                    let groups = i.groups.iter().map(|l1| self.level1(l1)).collect();
                    Some(self.block(i.keyword, i.span, groups))
                }
                _ => None,
            })
            .collect();
        Symbol {
            name: e.name.value.clone(),
            detail: self.detail(e.keyword.to(e.name.span)),
            kind: SymbolKind::Document,
            span: e.span,
            selection: e.name.span,
            children,
        }
    }

    fn block(&self, keyword: Span, span: Span, children: Vec<Symbol>) -> Symbol {
        Symbol {
            name: self.keyword(keyword),
            detail: None,
            kind: SymbolKind::Block,
            span,
            selection: keyword,
            children,
        }
    }

    fn level1(&self, l1: &ast::Level1) -> Symbol {
        Symbol {
            name: l1.name.value.clone(),
            detail: self.detail(l1.span),
            kind: SymbolKind::Category,
            span: l1.span,
            selection: l1.name.span,
            children: l1
                .groups
                .iter()
                .map(|l2| Symbol {
                    name: l2.name.value.clone(),
                    detail: self.detail(l2.span),
                    kind: SymbolKind::Category,
                    span: l2.span,
                    selection: l2.name.span,
                    children: l2
                        .indicators
                        .iter()
                        .map(|i| Symbol {
                            name: i.name.value.clone(),
                            detail: self.detail(i.span),
                            kind: SymbolKind::Entry,
                            span: i.span,
                            selection: i.name.span,
                            children: Vec::new(),
                        })
                        .collect(),
                })
                .collect(),
        }
    }

    fn report(&self, r: &ast::Report) -> Symbol {
        let chapters = r
            .items
            .iter()
            .filter_map(|item| match item {
                ReportItem::Chapter(c) => Some(Symbol {
                    name: c.title.value.clone(),
                    detail: None,
                    kind: SymbolKind::Block,
                    span: c.span,
                    selection: c.title.span,
                    children: Vec::new(),
                }),
                _ => None,
            })
            .collect();
        Symbol {
            name: r.title.value.clone(),
            detail: None,
            kind: SymbolKind::Document,
            span: r.span,
            selection: r.title.span,
            children: chapters,
        }
    }
}

/// What a folding range folds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FoldKind {
    Block,
    Comment,
    Text,
}

/// The ranges that can be folded: blocks (from the line that opens them
/// to their `}`), block comments and strings, from the parser's tree. They
/// need not span lines; the editor keeps those that do. A file being typed
/// has a tree too, its unclosed blocks running to the end.
pub fn folding(source: &str) -> Vec<(Span, FoldKind)> {
    let Some(file) = crate::parse::parse_recovering(source).file else {
        return Vec::new();
    };
    let mut blocks = Vec::new();
    for item in &file.items {
        match item {
            TopItem::Evaluation(e) => {
                blocks.push(e.span);
                for item in &e.items {
                    match item {
                        EvalItem::Fields(f) => blocks.push(f.span),
                        EvalItem::Projects(p) => blocks.push(p.span),
                        EvalItem::Scheme(s) => scheme(s, &mut blocks),
                        EvalItem::Funds(f) => blocks.push(f.span),
                        EvalItem::Goal(g) => blocks.push(g.span),
                        EvalItem::Indicators(i) => {
                            blocks.push(i.span);
                            for l1 in &i.groups {
                                blocks.push(l1.span);
                                blocks.extend(l1.groups.iter().map(|l2| l2.span));
                            }
                        }
                        EvalItem::Unknown(u) => blocks.push(u.span),
                        _ => {}
                    }
                }
            }
            TopItem::Report(r) => {
                blocks.push(r.span);
                for item in &r.items {
                    match item {
                        ReportItem::Chapter(c) => {
                            blocks.push(c.span);
                            blocks.extend(c.blocks.iter().filter_map(|b| match b {
                                ast::Block::List { span, .. } => Some(*span),
                                _ => None,
                            }));
                        }
                        ReportItem::Unknown(u) => blocks.push(u.span),
                        _ => {}
                    }
                }
            }
            TopItem::Template(t) => {
                blocks.push(t.span);
                for item in &t.items {
                    match item {
                        TemplateItem::Scheme(s) => scheme(s, &mut blocks),
                        TemplateItem::Layout(l) => layout(l, &mut blocks),
                    }
                }
            }
            TopItem::Unknown(u) => blocks.push(u.span),
        }
    }
    let comments = file
        .comments
        .iter()
        .filter(|c| source[c.span.start..].starts_with("/*"))
        .map(|c| (c.span, FoldKind::Comment));
    let strings = file.strings.iter().map(|s| (s.span, FoldKind::Text));
    let mut out: Vec<(Span, FoldKind)> = blocks
        .into_iter()
        .map(|span| (span, FoldKind::Block))
        .chain(comments)
        .chain(strings)
        .filter(|(span, _)| span.start < span.end)
        .collect();
    out.sort_by_key(|(span, _)| (span.start, span.end));
    out
}

fn scheme(s: &ast::Scheme, blocks: &mut Vec<Span>) {
    blocks.push(s.span);
    for item in &s.items {
        match item {
            ast::SchemeItem::Framework { span, groups, .. } => {
                blocks.push(*span);
                blocks.extend(groups.iter().map(|g| g.span));
            }
            ast::SchemeItem::Setting {
                value: ast::SettingValue::Table { span, .. },
                ..
            } => blocks.push(*span),
            ast::SchemeItem::Setting { .. } => {}
        }
    }
}

fn layout(l: &ast::Layout, blocks: &mut Vec<Span>) {
    if let Some(block) = &l.block {
        blocks.push(block.span);
        for item in &block.items {
            layout(item, blocks);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds(source: &str) -> Vec<(&str, FoldKind)> {
        folding(source)
            .into_iter()
            .map(|(span, kind)| (&source[span.start..span.end], kind))
            .collect()
    }

    #[test]
    fn blocks_comments_and_strings_fold() {
        let source = "/* 注\n */\n自评表 \"x\" {\n  年度总体目标 {\n    预期目标 \"a\"\n  }\n}\n";
        assert_eq!(
            folds(source),
            [
                ("/* 注\n */", FoldKind::Comment),
                (&source[11..source.len() - 1], FoldKind::Block),
                ("\"x\"", FoldKind::Text),
                ("年度总体目标 {\n    预期目标 \"a\"\n  }", FoldKind::Block),
                ("\"a\"", FoldKind::Text),
            ]
        );
    }

    #[test]
    fn a_frameworks_groups_fold() {
        let source = "自评表 \"x\" {\n  评分方案 {\n    指标体系 {\n      产出指标 40 {\n        数量指标\n        质量指标\n      }\n    }\n  }\n}\n";
        let found = folds(source);
        assert!(
            found.contains(&(
                "产出指标 40 {\n        数量指标\n        质量指标\n      }",
                FoldKind::Block
            )),
            "{found:?}"
        );
    }

    /// A file being typed: its open blocks and string run to the end.
    #[test]
    fn a_file_being_typed_folds_to_its_end() {
        let source = "自评表 \"x\" {\n  绩效指标 {\n    产出指标 {\n      \"未完";
        let found = folds(source);
        assert!(found.contains(&(source, FoldKind::Block)), "{found:?}");
        assert!(found.contains(&("\"未完", FoldKind::Text)), "{found:?}");
        assert!(
            found.contains(&(&source[source.find("产出").unwrap()..], FoldKind::Block)),
            "{found:?}"
        );
    }
}
