//! The outline of a file (its blocks, categories and indicators, with the
//! scores computed for them) and the ranges an editor can fold.

use super::scan::{Tok, tokens};
use crate::ast::{self, EvalItem, ReportItem, TopItem};
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

/// The ranges that can be folded: blocks (from `{` to its `}`), block
/// comments and strings. They need not span lines; the editor keeps those
/// that do. Works on text that does not parse.
pub fn folding(source: &str) -> Vec<(Span, FoldKind)> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for token in tokens(source) {
        match token.kind {
            Tok::Open => open.push(token.span.start),
            Tok::Close => {
                if let Some(start) = open.pop() {
                    out.push((Span::new(start, token.span.end), FoldKind::Block));
                }
            }
            Tok::BlockComment { .. } => out.push((token.span, FoldKind::Comment)),
            Tok::Str { .. } => out.push((token.span, FoldKind::Text)),
            _ => {}
        }
    }
    out.sort_by_key(|(span, _)| (span.start, span.end));
    out
}
