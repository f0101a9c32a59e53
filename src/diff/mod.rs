//! Two checked models → what changed in meaning.
//!
//! The comparison sees only [`Model`]s, never the syntax: formatting,
//! comments and the language of the keywords do not reach the model, so
//! they make no difference. Indicators are matched by category and name,
//! then by name alone (an indicator moved to another category), then by
//! position among the unmatched ones of a category when the target or the
//! actual value is unchanged (a rename). Every figure is given as the form
//! prints it. Texts (goal, report, 偏差, 栏目) are compared paragraph by
//! paragraph; a changed paragraph carries a diff of its words, where a word
//! is a run of Latin letters and digits (`2000`, `94.64%`) or one Chinese
//! character.
//!
//! [`render`] words a [`Diff`] for people, [`textconv`] prints a model one
//! figure a line for `git diff` (both in `render.rs`, which holds every
//! word of the comparison); `words.rs` cuts texts into words and diffs them.

use std::collections::BTreeSet;

use rust_decimal::Decimal;
use serde::Serialize;
use similar::{Algorithm, DiffOp, capture_diff_slices};

use crate::arith;
use crate::format;
use crate::model::{Block, FormTable, Indicator, Level, Model, ScoringRule};
use crate::template::Section;

mod render;
mod words;

pub use render::{render, textconv};
pub use words::words;

/// What changed in meaning between two models, part by part, each in the
/// order of the form.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diff {
    /// Whether the two mean the same: every list below is empty.
    pub same: bool,
    /// 项目名称, 年度, 标题, 主管部门, 实施单位, 表样 and the 栏目 texts.
    pub evaluation: Vec<Change>,
    /// 单位 and budget execution (分值, 得分, 偏差).
    pub funds: Vec<Change>,
    /// The cells of the funds rows, by row.
    pub funds_rows: Vec<RowChange>,
    /// 预期目标 and 实际完成情况, by paragraph.
    pub goal: Vec<TextChange>,
    pub indicators: Vec<IndicatorChange>,
    /// Subtotals of the 一级 and 二级 categories.
    pub categories: Vec<CategoryChange>,
    /// 总分值, 总分 and 等级.
    pub total: Vec<Change>,
    /// The 项目汇总 of a 部门整体 sheet: its projects by name (`row` is the
    /// name, with `#2`… after a name listed again), then its 合计 (`row`
    /// `total`). A project added or removed has every cell on one side.
    pub projects: Vec<RowChange>,
    /// The 自评报告, by heading and paragraph.
    pub report: Vec<TextChange>,
}

/// One value, old → new; `None` where a side has none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub field: Field,
    /// The key of a 栏目 text (for `field` = `text`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a text present on both sides: its words, old and new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<Segment>>,
}

/// Which value changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Name,
    Year,
    Title,
    Department,
    Implementer,
    Template,
    /// A 栏目 text.
    Text,
    Unit,
    InitialBudget,
    AnnualBudget,
    Executed,
    ExecutionRate,
    Weight,
    Score,
    /// 偏差 of budget execution.
    Note,
    Target,
    Actual,
    Rule,
    /// 等级 of a graded indicator.
    Level,
    Deviation,
    /// An indicator's place among the indicators of its category that both
    /// sides hold (1-based), when their order changed.
    Position,
    TotalWeight,
    TotalScore,
    Grade,
    /// The mean 总分 of a sheet's projects.
    AverageScore,
}

/// The cells of one funds row that changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RowChange {
    /// The row's key (`total`, `appropriation` …).
    pub row: String,
    /// Its label on the form (年度资金总额 …).
    pub label: String,
    pub changes: Vec<Change>,
}

/// Where an indicator stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Place {
    pub level1: String,
    pub level2: String,
    pub name: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorKind {
    Added,
    Removed,
    /// Same place and name, other values.
    Changed,
    /// Same category, another name.
    Renamed,
    /// Same name, another category.
    Moved,
}

/// An indicator added, removed or changed. An added one lists every value
/// with `old` none, a removed one with `new` none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndicatorChange {
    pub kind: IndicatorKind,
    pub old: Option<Place>,
    pub new: Option<Place>,
    pub changes: Vec<Change>,
}

/// A category subtotal that moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryChange {
    /// 1 for 一级, 2 for 二级.
    pub level: u8,
    pub level1: String,
    /// The 二级 category (none for a 一级 one).
    pub level2: Option<String>,
    /// 分值 and 得分.
    pub changes: Vec<Change>,
}

/// Where a paragraph of a text stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    /// 预期目标
    Expected,
    /// 实际完成情况
    Actual,
    /// The report's title.
    ReportTitle,
    Subtitle,
    /// A chapter's title (章).
    Chapter,
    /// 节 (2), 小节 (3), 款 (4).
    Heading,
    Paragraph,
    ListItem,
    /// A table generated from the form.
    Table,
    /// 落款: the issuer.
    Issuer,
    /// 落款: the date.
    Date,
}

/// A paragraph (or heading, item, …) added, removed or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TextChange {
    pub part: Part,
    /// The chapter it stands in, on the side it is shown from (the new one
    /// unless it was removed).
    pub chapter: Option<String>,
    /// The 节, 小节 or 款 it stands under.
    pub section: Option<String>,
    /// Its number among the paragraphs under that heading (1-based).
    pub paragraph: Option<usize>,
    /// The level of a heading.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub level: Option<u8>,
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a changed one: its words, old and new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<Segment>>,
}

/// A run of words of a changed text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Equal,
    Delete,
    Insert,
}

/// Compares two models.
pub fn diff(old: &Model, new: &Model) -> Diff {
    let (funds, funds_rows) = funds(old, new);
    let mut diff = Diff {
        same: false,
        evaluation: evaluation(old, new),
        funds,
        funds_rows,
        goal: goal(old, new),
        indicators: indicators(old, new),
        categories: categories(old, new),
        total: total(old, new),
        projects: projects(old, new),
        report: report(old, new),
    };
    diff.same = diff.evaluation.is_empty()
        && diff.funds.is_empty()
        && diff.funds_rows.is_empty()
        && diff.goal.is_empty()
        && diff.indicators.is_empty()
        && diff.categories.is_empty()
        && diff.total.is_empty()
        && diff.projects.is_empty()
        && diff.report.is_empty();
    diff
}

/// Collects the values that differ.
#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn value(&mut self, field: Field, old: Option<String>, new: Option<String>) {
        if old != new {
            self.0.push(Change {
                field,
                key: None,
                old,
                new,
                words: None,
            });
        }
    }

    /// A text: with its words when both sides have one.
    fn text(&mut self, field: Field, key: Option<&str>, old: Option<&str>, new: Option<&str>) {
        if old != new {
            self.0.push(Change {
                field,
                key: key.map(str::to_string),
                old: old.map(str::to_string),
                new: new.map(str::to_string),
                words: old.zip(new).map(|(o, n)| words(o, n)),
            });
        }
    }
}

fn some(text: &str) -> Option<String> {
    Some(text.to_string())
}

fn amount(value: Option<Decimal>) -> Option<String> {
    value.map(format::plain)
}

fn score(value: Option<Decimal>) -> Option<String> {
    value.map(format::score)
}

fn evaluation(old: &Model, new: &Model) -> Vec<Change> {
    let (o, n) = (&old.evaluation, &new.evaluation);
    let mut c = Changes::default();
    c.value(Field::Name, some(&o.name), some(&n.name));
    c.value(
        Field::Year,
        some(&o.year.to_string()),
        some(&n.year.to_string()),
    );
    c.value(Field::Title, some(&o.title), some(&n.title));
    c.value(Field::Department, some(&o.department), some(&n.department));
    c.value(
        Field::Implementer,
        some(&o.implementer),
        some(&n.implementer),
    );
    c.value(
        Field::Template,
        some(&old.template.name),
        some(&new.template.name),
    );
    let keys: BTreeSet<&String> = o.fields.keys().chain(n.fields.keys()).collect();
    for key in keys {
        c.text(
            Field::Text,
            Some(key),
            o.fields.get(key).map(String::as_str),
            n.fields.get(key).map(String::as_str),
        );
    }
    c.0
}

fn funds(old: &Model, new: &Model) -> (Vec<Change>, Vec<RowChange>) {
    let (o, n) = (&old.evaluation.funds, &new.evaluation.funds);
    let mut c = Changes::default();
    c.value(Field::Unit, some(&o.unit), some(&n.unit));
    c.value(Field::Weight, amount(o.weight), amount(n.weight));
    c.value(Field::Score, score(o.score), score(n.score));
    c.text(Field::Note, None, o.note.as_deref(), n.note.as_deref());
    // Rows by their key, in the new form's order, then the old form's.
    let mut kinds: Vec<&str> = n.rows.iter().map(|r| r.kind.as_str()).collect();
    for r in &o.rows {
        if !kinds.contains(&r.kind.as_str()) {
            kinds.push(&r.kind);
        }
    }
    let mut rows = Vec::new();
    for kind in kinds {
        let find = |m: &Model| {
            m.evaluation
                .funds
                .rows
                .iter()
                .find(|r| r.kind == kind)
                .cloned()
        };
        let (or, nr) = (find(old), find(new));
        let cell = |r: &Option<crate::model::FundsRow>, f: fn(&crate::model::FundsRow) -> _| {
            r.as_ref().and_then(f)
        };
        let mut rc = Changes::default();
        rc.value(
            Field::InitialBudget,
            amount(cell(&or, |r| r.initial_budget)),
            amount(cell(&nr, |r| r.initial_budget)),
        );
        rc.value(
            Field::AnnualBudget,
            amount(cell(&or, |r| r.annual_budget)),
            amount(cell(&nr, |r| r.annual_budget)),
        );
        rc.value(
            Field::Executed,
            amount(cell(&or, |r| r.executed)),
            amount(cell(&nr, |r| r.executed)),
        );
        rc.value(
            Field::ExecutionRate,
            cell(&or, |r| r.execution_rate).map(format::percent),
            cell(&nr, |r| r.execution_rate).map(format::percent),
        );
        if !rc.0.is_empty() {
            rows.push(RowChange {
                row: kind.to_string(),
                label: row_label(new, kind)
                    .or_else(|| row_label(old, kind))
                    .unwrap_or(kind)
                    .to_string(),
                changes: rc.0,
            });
        }
    }
    (c.0, rows)
}

/// The cells of a row of the 项目汇总, each as the sheet prints it.
type Cells = Vec<(Field, Option<String>)>;

/// A sheet's projects, each keyed by its name (`#2`… after a name listed
/// again), with the cells of its row in the summary, in 万元.
fn project_rows(model: &Model) -> Vec<(String, Cells)> {
    let Some(summary) = &model.evaluation.projects else {
        return Vec::new();
    };
    let mut seen: Vec<&str> = Vec::new();
    summary
        .rows
        .iter()
        .map(|row| {
            let again = seen.iter().filter(|n| **n == row.name).count();
            seen.push(&row.name);
            let key = match again {
                0 => row.name.clone(),
                n => format!("{} #{}", row.name, n + 1),
            };
            let cells = vec![
                (Field::Department, some(&row.department)),
                (Field::AnnualBudget, wan(row.annual_budget)),
                (Field::Executed, wan(row.executed)),
                (
                    Field::ExecutionRate,
                    row.execution_rate.map(format::percent),
                ),
                (Field::TotalScore, score(Some(row.total_score))),
                (Field::Grade, some(&row.grade)),
            ];
            (key, cells)
        })
        .collect()
}

/// The 合计 of a sheet's projects.
fn project_total(model: &Model) -> Cells {
    let Some(summary) = &model.evaluation.projects else {
        return Vec::new();
    };
    vec![
        (Field::AnnualBudget, wan(Some(summary.annual_budget))),
        (Field::Executed, wan(Some(summary.executed))),
        (
            Field::ExecutionRate,
            summary.execution_rate.map(format::percent),
        ),
        (Field::AverageScore, score(summary.average_score)),
    ]
}

/// An amount in 万元 as the 项目汇总 prints it (two decimals at most).
fn wan(value: Option<Decimal>) -> Option<String> {
    value.map(|v| format::plain(format::round2(v)))
}

/// The label of the 项目汇总's total row on the first of `models` whose form
/// has one (合计 when none has).
fn total_label<'m>(models: &[&'m Model]) -> &'m str {
    models
        .iter()
        .find_map(|m| {
            m.template.sections.iter().find_map(|s| match s {
                Section::Projects(layout) => Some(layout.total.as_str()),
                _ => None,
            })
        })
        .unwrap_or("合计")
}

fn projects(old: &Model, new: &Model) -> Vec<RowChange> {
    let (olds, news) = (project_rows(old), project_rows(new));
    // Projects in the new sheet's order, then those only the old one has.
    let mut keys: Vec<&str> = news.iter().map(|(k, _)| k.as_str()).collect();
    for (k, _) in &olds {
        if !keys.contains(&k.as_str()) {
            keys.push(k);
        }
    }
    let cells = |rows: &[(String, Cells)], key: &str| {
        rows.iter()
            .find(|(k, _)| k == key)
            .map(|(_, c)| c.clone())
            .unwrap_or_default()
    };
    // Both sides name the same fields, or one side none.
    let row = |key: &str, label: &str, old: Cells, new: Cells| {
        let mut c = Changes::default();
        let fields = if new.is_empty() { &old } else { &new };
        let value = |side: &Cells, f: Field| {
            side.iter()
                .find(|(g, _)| *g == f)
                .and_then(|(_, v)| v.clone())
        };
        for &(field, _) in fields {
            c.value(field, value(&old, field), value(&new, field));
        }
        (!c.0.is_empty()).then(|| RowChange {
            row: key.to_string(),
            label: label.to_string(),
            changes: c.0,
        })
    };
    let mut changes: Vec<RowChange> = keys
        .iter()
        .filter_map(|key| row(key, key, cells(&olds, key), cells(&news, key)))
        .collect();
    let label = total_label(&[new, old]);
    changes.extend(row("total", label, project_total(old), project_total(new)));
    changes
}

/// The label a model's form prints for a funds row.
fn row_label<'m>(model: &'m Model, kind: &str) -> Option<&'m str> {
    model
        .template
        .funds()
        .rows
        .iter()
        .find(|r| r.key == kind)
        .map(|r| crate::template::strip_part(&r.label))
}

fn goal(old: &Model, new: &Model) -> Vec<TextChange> {
    let (o, n) = (&old.evaluation.goal, &new.evaluation.goal);
    let units = |part, text: &str| -> Vec<Unit> {
        text.split('\n')
            .enumerate()
            .map(|(i, p)| Unit {
                part,
                level: None,
                text: p.to_string(),
                chapter: None,
                section: None,
                paragraph: Some(i + 1),
            })
            .collect()
    };
    let mut changes = texts(
        &units(Part::Expected, &o.expected),
        &units(Part::Expected, &n.expected),
    );
    changes.extend(texts(
        &units(Part::Actual, &o.actual),
        &units(Part::Actual, &n.actual),
    ));
    changes
}

/// One indicator where it stands.
struct Item<'m> {
    level1: &'m str,
    level2: &'m str,
    /// Its position in its 二级 category.
    position: usize,
    indicator: &'m Indicator,
}

impl Item<'_> {
    fn place(&self) -> Place {
        Place {
            level1: self.level1.to_string(),
            level2: self.level2.to_string(),
            name: self.indicator.name.clone(),
        }
    }

    fn same_category(&self, other: &Item) -> bool {
        self.level1 == other.level1 && self.level2 == other.level2
    }
}

fn items(model: &Model) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    for l1 in &model.evaluation.categories {
        for l2 in &l1.categories {
            for (position, indicator) in l2.indicators.iter().enumerate() {
                items.push(Item {
                    level1: &l1.name,
                    level2: &l2.name,
                    position,
                    indicator,
                });
            }
        }
    }
    items
}

/// The (一级, 二级) categories of the new model in order, then those only
/// the old one has.
fn category_order<'m>(old: &'m Model, new: &'m Model) -> Vec<(&'m str, &'m str)> {
    let mut order = Vec::new();
    for model in [new, old] {
        for l1 in &model.evaluation.categories {
            for l2 in &l1.categories {
                let key = (l1.name.as_str(), l2.name.as_str());
                if !order.contains(&key) {
                    order.push(key);
                }
            }
        }
    }
    order
}

fn indicators(old: &Model, new: &Model) -> Vec<IndicatorChange> {
    let (olds, news) = (items(old), items(new));
    // For each new indicator, the old one it is.
    let mut pair: Vec<Option<usize>> = vec![None; news.len()];
    let mut taken = vec![false; olds.len()];
    // 1. The same category and name.
    for (j, n) in news.iter().enumerate() {
        if let Some(i) = (0..olds.len()).find(|&i| {
            !taken[i] && olds[i].same_category(n) && olds[i].indicator.name == n.indicator.name
        }) {
            pair[j] = Some(i);
            taken[i] = true;
        }
    }
    // 2. The same name, alone of its name on both sides: moved.
    for (j, n) in news.iter().enumerate() {
        if pair[j].is_some() {
            continue;
        }
        let name = &n.indicator.name;
        let in_old: Vec<usize> = (0..olds.len())
            .filter(|&i| !taken[i] && &olds[i].indicator.name == name)
            .collect();
        let in_new = (0..news.len())
            .filter(|&k| pair[k].is_none() && &news[k].indicator.name == name)
            .count();
        if let (&[i], 1) = (&in_old[..], in_new) {
            pair[j] = Some(i);
            taken[i] = true;
        }
    }
    // 3. The k-th unmatched of a category on both sides, when its target or
    //    actual value is unchanged: renamed.
    for (j, n) in news.iter().enumerate() {
        if pair[j].is_some() {
            continue;
        }
        let k = (0..j)
            .filter(|&k| pair[k].is_none() && news[k].same_category(n))
            .count();
        let unmatched: Vec<usize> = (0..olds.len())
            .filter(|&i| !taken[i] && olds[i].same_category(n))
            .collect();
        if let Some(&i) = unmatched.get(k) {
            let (a, b) = (olds[i].indicator, n.indicator);
            if a.target == b.target || a.actual == b.actual {
                pair[j] = Some(i);
                taken[i] = true;
            }
        }
    }
    let reordered = reordered(&olds, &news, &pair);
    let order = category_order(old, new);
    let at = |item: &Item| {
        order
            .iter()
            .position(|&(l1, l2)| l1 == item.level1 && l2 == item.level2)
            .unwrap_or(order.len())
    };
    // Sorted by where they stand: the new place, or the old for a removed one.
    let mut changes: Vec<((usize, usize, u8), IndicatorChange)> = Vec::new();
    for (j, n) in news.iter().enumerate() {
        let change = match pair[j] {
            None => IndicatorChange {
                kind: IndicatorKind::Added,
                old: None,
                new: Some(n.place()),
                changes: fields(None, Some(n.indicator)),
            },
            Some(i) => {
                let o = &olds[i];
                let kind = if !o.same_category(n) {
                    IndicatorKind::Moved
                } else if o.indicator.name != n.indicator.name {
                    IndicatorKind::Renamed
                } else {
                    IndicatorKind::Changed
                };
                let mut values = fields(Some(o.indicator), Some(n.indicator));
                if let Some((from, to)) = reordered[j] {
                    values.push(Change {
                        field: Field::Position,
                        key: None,
                        old: Some(from.to_string()),
                        new: Some(to.to_string()),
                        words: None,
                    });
                }
                if kind == IndicatorKind::Changed && values.is_empty() {
                    continue;
                }
                IndicatorChange {
                    kind,
                    old: Some(o.place()),
                    new: Some(n.place()),
                    changes: values,
                }
            }
        };
        changes.push(((at(n), n.position, 1), change));
    }
    for (i, o) in olds.iter().enumerate() {
        if !taken[i] {
            changes.push((
                (at(o), o.position, 0),
                IndicatorChange {
                    kind: IndicatorKind::Removed,
                    old: Some(o.place()),
                    new: None,
                    changes: fields(Some(o.indicator), None),
                },
            ));
        }
    }
    changes.sort_by_key(|(key, _)| *key);
    changes.into_iter().map(|(_, c)| c).collect()
}

/// For each new indicator kept in its category whose order among the kept
/// ones changed, its place there before and after (1-based). The longest
/// run that kept its order stays; the others moved.
fn reordered(olds: &[Item], news: &[Item], pair: &[Option<usize>]) -> Vec<Option<(usize, usize)>> {
    let mut moved = vec![None; news.len()];
    let kept = |j: usize| pair[j].filter(|&i| olds[i].same_category(&news[j]));
    let mut done = vec![false; news.len()];
    for start in 0..news.len() {
        if done[start] || kept(start).is_none() {
            continue;
        }
        // The kept indicators of this category, in the new order.
        let group: Vec<usize> = (start..news.len())
            .filter(|&j| kept(j).is_some() && news[j].same_category(&news[start]))
            .collect();
        for &j in &group {
            done[j] = true;
        }
        let old_at: Vec<usize> = group.iter().filter_map(|&j| kept(j)).collect();
        // The longest increasing run of old positions (quadratic: a
        // category holds a handful of indicators).
        let mut length = vec![1usize; old_at.len()];
        let mut before = vec![None; old_at.len()];
        for b in 0..old_at.len() {
            for a in 0..b {
                if old_at[a] < old_at[b] && length[a] + 1 > length[b] {
                    length[b] = length[a] + 1;
                    before[b] = Some(a);
                }
            }
        }
        let mut stays = vec![false; old_at.len()];
        let mut at = (0..old_at.len()).max_by_key(|&k| (length[k], std::cmp::Reverse(k)));
        while let Some(k) = at {
            stays[k] = true;
            at = before[k];
        }
        let mut by_old = old_at.clone();
        by_old.sort_unstable();
        for (k, &j) in group.iter().enumerate() {
            if !stays[k] {
                let from = by_old.iter().position(|&i| i == old_at[k]).unwrap_or(k);
                moved[j] = Some((from + 1, k + 1));
            }
        }
    }
    moved
}

/// The values of an indicator that differ (all of them against none).
fn fields(old: Option<&Indicator>, new: Option<&Indicator>) -> Vec<Change> {
    let mut c = Changes::default();
    let get = |i: Option<&Indicator>, f: fn(&Indicator) -> Option<String>| i.and_then(f);
    c.value(
        Field::Target,
        get(old, |i| some(&i.target)),
        get(new, |i| some(&i.target)),
    );
    c.value(
        Field::Actual,
        get(old, |i| some(&i.actual)),
        get(new, |i| some(&i.actual)),
    );
    c.value(
        Field::Weight,
        get(old, |i| amount(Some(i.weight))),
        get(new, |i| amount(Some(i.weight))),
    );
    c.value(
        Field::Score,
        get(old, |i| score(Some(i.score))),
        get(new, |i| score(Some(i.score))),
    );
    c.value(
        Field::Rule,
        get(old, |i| some(rule_key(i.rule))),
        get(new, |i| some(rule_key(i.rule))),
    );
    c.value(
        Field::Level,
        get(old, |i| i.grade.map(level_key).map(str::to_string)),
        get(new, |i| i.grade.map(level_key).map(str::to_string)),
    );
    c.text(
        Field::Deviation,
        None,
        old.and_then(|i| i.deviation.as_deref()),
        new.and_then(|i| i.deviation.as_deref()),
    );
    c.0
}

/// A rule as `jixiao json` writes it.
fn rule_key(rule: ScoringRule) -> &'static str {
    match rule {
        ScoringRule::Ratio => "ratio",
        ScoringRule::Inverse => "inverse",
        ScoringRule::Pass => "pass",
        ScoringRule::Graded => "graded",
        ScoringRule::Manual => "manual",
        ScoringRule::Execution => "execution",
    }
}

fn level_key(level: Level) -> &'static str {
    match level {
        Level::Met => "met",
        Level::Partial => "partial",
        Level::Unmet => "unmet",
    }
}

/// A category's 分值 and 得分 as printed.
struct Subtotal {
    /// (一级, 二级): the 二级 none for a 一级 category.
    category: (String, Option<String>),
    weight: Option<String>,
    score: Option<String>,
}

/// The subtotals of every category: 一级 as the model holds them, 二级
/// summed from its indicators.
fn subtotals(model: &Model) -> Vec<Subtotal> {
    let mut out = Vec::new();
    for l1 in &model.evaluation.categories {
        out.push(Subtotal {
            category: (l1.name.clone(), None),
            weight: amount(Some(l1.weight)),
            score: score(Some(l1.score)),
        });
        for l2 in &l1.categories {
            let weight = arith::sum(l2.indicators.iter().map(|i| i.weight)).ok();
            let earned = arith::sum(l2.indicators.iter().map(|i| i.score)).ok();
            out.push(Subtotal {
                category: (l1.name.clone(), Some(l2.name.clone())),
                weight: amount(weight),
                score: score(earned),
            });
        }
    }
    out
}

fn categories(old: &Model, new: &Model) -> Vec<CategoryChange> {
    let (olds, news) = (subtotals(old), subtotals(new));
    let mut keys: Vec<&(String, Option<String>)> = news.iter().map(|s| &s.category).collect();
    for s in &olds {
        if !keys.contains(&&s.category) {
            keys.push(&s.category);
        }
    }
    let mut changes = Vec::new();
    for key in keys {
        let find = |list: &[Subtotal]| {
            list.iter()
                .find(|s| &s.category == key)
                .map(|s| (s.weight.clone(), s.score.clone()))
                .unwrap_or_default()
        };
        let ((ow, os), (nw, ns)) = (find(&olds), find(&news));
        let mut c = Changes::default();
        c.value(Field::Weight, ow, nw);
        c.value(Field::Score, os, ns);
        if !c.0.is_empty() {
            changes.push(CategoryChange {
                level: if key.1.is_some() { 2 } else { 1 },
                level1: key.0.clone(),
                level2: key.1.clone(),
                changes: c.0,
            });
        }
    }
    changes
}

fn total(old: &Model, new: &Model) -> Vec<Change> {
    let (o, n) = (&old.evaluation, &new.evaluation);
    let mut c = Changes::default();
    c.value(
        Field::TotalWeight,
        amount(Some(o.total_weight)),
        amount(Some(n.total_weight)),
    );
    c.value(
        Field::TotalScore,
        score(Some(o.total_score)),
        score(Some(n.total_score)),
    );
    c.value(Field::Grade, some(&o.grade), some(&n.grade));
    c.0
}

/// A paragraph, heading or other piece of text, where it stands.
#[derive(Clone, Debug)]
struct Unit {
    part: Part,
    level: Option<u8>,
    text: String,
    chapter: Option<String>,
    section: Option<String>,
    paragraph: Option<usize>,
}

impl Unit {
    /// What the comparison of two units looks at: not where they stand.
    fn key(&self) -> (Part, Option<u8>, &str) {
        (self.part, self.level, &self.text)
    }
}

/// The report as a sequence of units, each knowing its chapter, heading and
/// paragraph number.
fn report_units(model: &Model) -> Vec<Unit> {
    let Some(report) = &model.report else {
        return Vec::new();
    };
    let unit = |part, text: &str| Unit {
        part,
        level: None,
        text: text.to_string(),
        chapter: None,
        section: None,
        paragraph: None,
    };
    let mut units = vec![unit(Part::ReportTitle, &report.title)];
    if let Some(subtitle) = &report.subtitle {
        units.push(unit(Part::Subtitle, subtitle));
    }
    for chapter in &report.chapters {
        let in_chapter = |part, text: &str, section: &Option<String>, paragraph| Unit {
            part,
            level: None,
            text: text.to_string(),
            chapter: Some(chapter.title.clone()),
            section: section.clone(),
            paragraph,
        };
        units.push(in_chapter(Part::Chapter, &chapter.title, &None, None));
        let mut section: Option<String> = None;
        let mut count = 0;
        for block in &chapter.blocks {
            match block {
                Block::Heading { level, title } => {
                    let mut u = in_chapter(Part::Heading, title, &None, None);
                    u.level = Some(*level);
                    units.push(u);
                    section = Some(title.clone());
                    count = 0;
                }
                Block::Paragraph { text } => {
                    for p in text.split('\n') {
                        count += 1;
                        units.push(in_chapter(Part::Paragraph, p, &section, Some(count)));
                    }
                }
                Block::List { items } => {
                    for item in items {
                        units.push(in_chapter(Part::ListItem, item, &section, None));
                    }
                }
                Block::Table { table } => {
                    let name = match table {
                        FormTable::Deviations => "deviations",
                        FormTable::Indicators => "indicators",
                        FormTable::Funds => "funds",
                    };
                    units.push(in_chapter(Part::Table, name, &section, None));
                }
            }
        }
    }
    if let Some(signed) = &report.signed {
        units.push(unit(Part::Issuer, &signed.issuer));
        units.push(unit(Part::Date, &format::iso_date(signed.date)));
    }
    units
}

fn report(old: &Model, new: &Model) -> Vec<TextChange> {
    texts(&report_units(old), &report_units(new))
}

/// The units added, removed and changed between two sequences: the longest
/// common subsequence stays, and within a replaced run units of the same
/// part are paired in order as changed.
fn texts(old: &[Unit], new: &[Unit]) -> Vec<TextChange> {
    let shown = |u: &Unit, old: Option<&Unit>, new: Option<&Unit>| TextChange {
        part: u.part,
        chapter: u.chapter.clone(),
        section: u.section.clone(),
        paragraph: u.paragraph,
        level: u.level,
        old: old.map(|u| u.text.clone()),
        new: new.map(|u| u.text.clone()),
        words: old.zip(new).map(|(o, n)| words(&o.text, &n.text)),
    };
    let keys = |units: &[Unit]| -> Vec<(Part, Option<u8>, String)> {
        units
            .iter()
            .map(|u| {
                let (part, level, text) = u.key();
                (part, level, text.to_string())
            })
            .collect()
    };
    let mut changes = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &keys(old), &keys(new)) {
        let (o, n) = match op {
            DiffOp::Equal { .. } => continue,
            DiffOp::Delete {
                old_index, old_len, ..
            } => (old_index..old_index + old_len, 0..0),
            DiffOp::Insert {
                new_index, new_len, ..
            } => (0..0, new_index..new_index + new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (
                old_index..old_index + old_len,
                new_index..new_index + new_len,
            ),
        };
        let (o, n) = (&old[o], &new[n]);
        let mut used = vec![false; o.len()];
        for u in n {
            let same_part = (0..o.len()).find(|&i| !used[i] && o[i].part == u.part);
            // Only a unit before every unused one of another part is paired,
            // so that the order of the old text is kept.
            match same_part {
                Some(i) if (0..i).all(|k| used[k]) => {
                    used[i] = true;
                    changes.push(shown(u, Some(&o[i]), Some(u)));
                }
                _ => changes.push(shown(u, None, Some(u))),
            }
        }
        for (i, u) in o.iter().enumerate() {
            if !used[i] {
                changes.push(shown(u, Some(u), None));
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Lang;

    const SHOWCASE: &str = include_str!("../../examples/scoring-showcase.jx");

    fn model(text: &str) -> Model {
        let checked = crate::compile(text);
        checked
            .model
            .unwrap_or_else(|| panic!("{:?}", checked.diagnostics))
    }

    fn kinds(old: &str, new: &str) -> Vec<(IndicatorKind, String)> {
        diff(&model(old), &model(new))
            .indicators
            .into_iter()
            .map(|i| (i.kind, i.new.or(i.old).map(|p| p.name).unwrap_or_default()))
            .collect()
    }

    #[test]
    fn a_model_against_itself_is_the_same() {
        let m = model(SHOWCASE);
        let d = diff(&m, &m);
        assert!(d.same, "{d:?}");
        assert_eq!(render(&d, Lang::En), "no change in meaning\n");
    }

    #[test]
    fn a_new_name_with_new_figures_is_another_indicator() {
        let renamed = SHOWCASE.replace(
            "\"加装电梯数量\"  指标值 ≥40部  完成值 46部",
            "\"新装电梯数量\"  指标值 ≥40部  完成值 40部",
        );
        assert_eq!(
            kinds(SHOWCASE, &renamed),
            [(IndicatorKind::Renamed, "新装电梯数量".to_string())]
        );
        let replaced = SHOWCASE.replace(
            "\"加装电梯数量\"  指标值 ≥40部  完成值 46部",
            "\"道路硬化面积\"  指标值 ≥400平方米  完成值 420平方米",
        );
        assert_eq!(
            kinds(SHOWCASE, &replaced),
            [
                (IndicatorKind::Removed, "加装电梯数量".to_string()),
                (IndicatorKind::Added, "道路硬化面积".to_string()),
            ]
        );
    }

    #[test]
    fn indicators_swapped_in_a_category_are_a_change_of_order() {
        let a = "        \"改造老旧小区数量\"  指标值 ≥30个  完成值 27个  分值 15\n          偏差 \"3个小区因地下管线迁改延期，已纳入下年度计划。\"\n";
        let b = "        \"加装电梯数量\"  指标值 ≥40部  完成值 46部  分值 10\n";
        assert!(SHOWCASE.contains(&format!(
            "{a}        // ratio, capped at the weight: 10.00\n{b}"
        )));
        let swapped = SHOWCASE.replace(
            &format!("{a}        // ratio, capped at the weight: 10.00\n{b}"),
            &format!("{b}{a}"),
        );
        // The form prints them in the other order: one of them moved.
        let d = diff(&model(SHOWCASE), &model(&swapped));
        let [moved] = &d.indicators[..] else {
            panic!("{d:?}")
        };
        assert_eq!(moved.kind, IndicatorKind::Changed);
        assert_eq!(moved.new.as_ref().unwrap().name, "改造老旧小区数量");
        assert_eq!(
            moved
                .changes
                .iter()
                .map(|c| (c.field, c.old.as_deref(), c.new.as_deref()))
                .collect::<Vec<_>>(),
            [(Field::Position, Some("1"), Some("2"))]
        );
        assert!(d.categories.is_empty() && d.total.is_empty());
    }
}
