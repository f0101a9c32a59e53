//! The form in a grid, found by its labels wherever it stands: the header
//! (项目名称 …), the funds table by its amount columns, the goal by 预期目标
//! and 实际完成情况, the indicator table by its column labels, and the rows
//! below it. Columns are known by the words of their labels, so a form
//! that moves, merges or renames a column is still read; the template is
//! the built-in one whose labels and indicator framework fit best (or the
//! one asked for), and gives the names of the funds rows and categories.
//! Every cell with text that is neither a label nor placed is kept, to be
//! written as a comment.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::grid::{Grid, Place};
use super::{Error, Source};
use crate::template::{self, FundsColumn, IndicatorColumn, Section, Template};

/// The text of a cell and where it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub raw: String,
    pub place: Option<Place>,
}

#[derive(Clone, Debug)]
pub struct Found {
    pub template: Arc<Template>,
    pub title: Option<Value>,
    pub name: Option<Value>,
    pub department: Option<Value>,
    pub implementer: Option<Value>,
    pub year: Option<Value>,
    /// Texts of the template's own (栏目): key and value.
    pub fields: Vec<(String, Value)>,
    /// 万元 or 元, when the form says.
    pub unit: Option<&'static str>,
    pub funds: Vec<FundsRow>,
    pub funds_note: Option<Value>,
    pub expected: Option<Value>,
    pub actual: Option<Value>,
    pub indicators: Vec<Level1>,
    /// The cells of the 总分 row beside its label.
    pub total: Vec<Value>,
    /// Paragraphs before the form that are not its title.
    pub before: Vec<String>,
    /// Cells with text that nothing took.
    pub unplaced: Vec<Value>,
    /// The paragraphs after the form (a Word file's report).
    pub after: Vec<super::Paragraph>,
}

#[derive(Clone, Debug)]
pub struct FundsRow {
    pub label: Value,
    /// The template's row, when the label names one.
    pub row: Option<usize>,
    pub cells: Vec<(FundsColumn, Value)>,
}

#[derive(Clone, Debug)]
pub struct Level1 {
    pub name: String,
    pub children: Vec<Level2>,
}

#[derive(Clone, Debug)]
pub struct Level2 {
    pub name: String,
    pub indicators: Vec<Indicator>,
}

#[derive(Clone, Debug)]
pub struct Indicator {
    pub name: Value,
    pub cells: Vec<(IndicatorColumn, Value)>,
}

/// A label as compared: without whitespace, half-width brackets and
/// colons, no colon at the end.
pub fn label(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            '：' => ':',
            c => c,
        })
        .collect();
    while out.ends_with(':') {
        out.pop();
    }
    out
}

/// What a funds column holds, by the words of its label.
fn funds_kind(l: &str) -> Option<FundsColumn> {
    Some(if l.contains("执行率") {
        FundsColumn::Rate
    } else if l.contains("年初预算") {
        FundsColumn::Initial
    } else if l.contains("全年预算") || l.contains("调整后预算") || l.contains("调整预算")
    {
        FundsColumn::Annual
    } else if l.contains("执行数") || l.contains("全年执行") || l.contains("实际支出") {
        FundsColumn::Executed
    } else if l.contains("得分计算") || l.contains("计算方法") {
        FundsColumn::Method
    } else if l.contains("得分") {
        FundsColumn::Score
    } else if l == "分值" || l == "权重" {
        FundsColumn::Weight
    } else if l.contains("偏差") || l.contains("原因") {
        FundsColumn::Note
    } else {
        return None;
    })
}

/// What an indicator column holds, by the words of its label.
fn indicator_kind(l: &str) -> Option<IndicatorColumn> {
    Some(if l.contains("一级") {
        IndicatorColumn::Level1
    } else if l.contains("二级") {
        IndicatorColumn::Level2
    } else if l.contains("三级") {
        IndicatorColumn::Name
    } else if l.contains("指标性质") {
        IndicatorColumn::Nature
    } else if l.contains("度量单位") || l.contains("计量单位") {
        IndicatorColumn::Unit
    } else if l.contains("指标值") {
        IndicatorColumn::Target
    } else if l.contains("完成值") || l.contains("实际值") {
        IndicatorColumn::Actual
    } else if l.contains("得分计算") || l.contains("计算方法") {
        IndicatorColumn::Method
    } else if l.contains("得分") {
        IndicatorColumn::Score
    } else if l == "分值" || l == "权重" {
        IndicatorColumn::Weight
    } else if l.contains("偏差") || l.contains("原因") {
        IndicatorColumn::Deviation
    } else {
        return None;
    })
}

const AMOUNTS: [FundsColumn; 3] = [
    FundsColumn::Initial,
    FundsColumn::Annual,
    FundsColumn::Executed,
];

/// The columns of a header row: each kind at its first column.
fn columns<K: Copy + PartialEq>(
    grid: &Grid,
    row: usize,
    kind: impl Fn(&str) -> Option<K>,
) -> Vec<(K, usize)> {
    let mut found: Vec<(K, usize)> = Vec::new();
    for (col, cell) in grid.starts(row) {
        if let Some(k) = kind(&label(&cell.text))
            && !found.iter().any(|(f, _)| *f == k)
        {
            found.push((k, col));
        }
    }
    found
}

fn is_funds_header(grid: &Grid, row: usize) -> bool {
    columns(grid, row, funds_kind)
        .iter()
        .filter(|(k, _)| AMOUNTS.contains(k))
        .count()
        >= 2
}

fn is_indicator_header(grid: &Grid, row: usize) -> bool {
    let found = columns(grid, row, indicator_kind);
    [IndicatorColumn::Name, IndicatorColumn::Target]
        .iter()
        .all(|k| found.iter().any(|(f, _)| f == k))
}

/// Whether a grid holds a form: a funds or an indicator table's header.
pub fn looks_like_form(grid: &Grid) -> bool {
    (0..grid.rows.len()).any(|r| is_funds_header(grid, r) || is_indicator_header(grid, r))
}

/// The form in `source`, read as `forced` or as the built-in template
/// that fits best.
pub fn recognise(source: &Source, forced: Option<&str>) -> Result<Found, Error> {
    let candidates: Vec<Arc<Template>> = match forced {
        Some(name) => {
            vec![
                template::builtin(name)
                    .filter(|t| t.form == template::Form::Evaluation)
                    .ok_or_else(|| Error::UnknownTemplate(name.into()))?,
            ]
        }
        // Only a self-evaluation is imported.
        None => template::BUILTINS
            .iter()
            .filter_map(|b| template::builtin(b.name))
            .filter(|t| t.form == template::Form::Evaluation)
            .collect(),
    };
    let mut best: Option<(i64, Found)> = None;
    for t in candidates {
        let (score, found) = read_as(source, t);
        // The earlier template (the default first) wins a tie.
        if best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, found));
        }
    }
    best.map(|(_, f)| f).ok_or(Error::NoForm)
}

/// The labels a template prints, as compared.
fn labels_of(t: &Template) -> Vec<String> {
    let mut out = Vec::new();
    let clean = |s: &str| {
        label(
            &s.replace("{单位}", "")
                .replace("{分值}", "")
                .replace("{等级}", ""),
        )
    };
    for section in &t.sections {
        match section {
            Section::Header(rows) => out.extend(rows.iter().flatten().map(|c| clean(&c.label))),
            Section::Funds(f) => {
                out.extend(f.columns.iter().map(|c| clean(&c.label)));
                out.extend(f.rows.iter().map(|r| clean(&r.label)));
                out.extend(f.note_row.iter().map(|n| clean(n)));
            }
            Section::Goal(g) => out.extend(
                std::iter::once(&g.expected)
                    .chain(&g.actual)
                    .map(|l| clean(l)),
            ),
            Section::Indicators(i) => {
                out.extend(i.columns.iter().map(|c| clean(&c.label)));
                out.extend(i.total.iter().map(|t| clean(t)));
            }
            Section::Projects(p) => {
                out.push(clean(&p.label));
                out.extend(p.columns.iter().map(|c| clean(&c.label)));
                out.push(clean(&p.total));
            }
            Section::Texts(rows) | Section::Signatures(rows) => {
                out.extend(rows.iter().map(|r| clean(&r.label)))
            }
        }
    }
    out.retain(|l| !l.is_empty());
    out
}

/// A category as a cell writes it: without spaces and line breaks, and
/// without the weight some forms print after it (`产出指标(50分)`).
fn category(text: &str) -> String {
    let l = label(text);
    if let Some(open) = l.rfind('(') {
        let inner = &l[open + 1..];
        if inner.ends_with("分)") && inner.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            return l[..open].to_string();
        }
    }
    l
}

/// Names an empty row of the blank form carries: 指标1：, ……, …
pub fn placeholder(text: &str) -> bool {
    let l = label(text);
    l.is_empty()
        || l.chars()
            .all(|c| matches!(c, '…' | '.' | '。' | '-' | '—' | '/' | '／'))
        || l.strip_prefix("指标").is_some_and(|n| {
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c.is_numeric())
        })
}

/// Whether a cell holds nothing: empty, or a dash or slash for blank.
pub fn blank(text: &str) -> bool {
    let t = label(text);
    t.is_empty()
        || matches!(
            t.as_str(),
            "-" | "—" | "——" | "－" | "/" | "／" | "\\" | "无"
        )
}

struct Reader<'a> {
    grid: &'a Grid,
    used: HashSet<(usize, usize)>,
    /// The template's labels: a cell holding one is never a value.
    labels: HashSet<String>,
}

impl Reader<'_> {
    fn value(&mut self, row: usize, col: usize) -> Option<Value> {
        let cell = self.grid.own(row, col)?;
        self.used.insert(cell.origin);
        (!cell.text.trim().is_empty()).then(|| Value {
            raw: cell.text.clone(),
            place: Some(cell.place),
        })
    }

    fn take(&mut self, row: usize, col: usize) {
        if let Some(cell) = self.grid.get(row, col) {
            self.used.insert(cell.origin);
        }
    }

    /// The first cell with text to the right of the cell at (row, col),
    /// unless it is the next label (主管部门 left empty before 实施单位).
    fn right_of(&mut self, row: usize, col: usize) -> Option<Value> {
        let end = self.grid.span(row, col).end;
        let (next, cell) = self
            .grid
            .starts(row)
            .find(|(c, cell)| *c >= end && !cell.text.trim().is_empty())?;
        let l = label(&cell.text);
        if self.labels.contains(&l) || self.labels.iter().any(|h| l.starts_with(&format!("{h}:"))) {
            return None;
        }
        self.value(row, next)
    }

    fn take_row(&mut self, row: usize) {
        for (col, _) in self.grid.starts(row).collect::<Vec<_>>() {
            self.take(row, col);
        }
    }
}

fn read_as(source: &Source, t: Arc<Template>) -> (i64, Found) {
    let grid = &source.grid;
    let rows = grid.rows.len();
    let labels = labels_of(&t);
    let mut r = Reader {
        grid,
        used: HashSet::new(),
        labels: labels
            .iter()
            .cloned()
            .chain(["项目名称", "主管部门", "实施单位", "年度"].map(String::from))
            .collect(),
    };
    let funds_header = (0..rows).find(|&row| is_funds_header(grid, row));
    let indicator_header = (0..rows).find(|&row| is_indicator_header(grid, row));
    let has = |row: usize, want: &[&str]| {
        grid.starts(row)
            .any(|(_, c)| want.contains(&label(&c.text).as_str()))
    };
    let goal = t.sections.iter().find_map(|s| match s {
        Section::Goal(g) => Some(g.clone()),
        _ => None,
    });
    let expected_label = goal
        .as_ref()
        .map_or("预期目标".to_string(), |g| label(&g.expected));
    let actual_label = goal
        .as_ref()
        .and_then(|g| g.actual.as_deref())
        .map_or("实际完成情况".to_string(), label);
    let goal_row = (0..rows).find(|&row| has(row, &[&expected_label, "预期目标"]));
    let starts: Vec<usize> = [funds_header, goal_row, indicator_header]
        .into_iter()
        .flatten()
        .collect();
    let first_section = starts.iter().copied().min().unwrap_or(rows);
    let end_of = |from: usize| {
        starts
            .iter()
            .copied()
            .filter(|s| *s > from)
            .min()
            .unwrap_or(rows)
    };

    let mut found = Found {
        template: Arc::clone(&t),
        title: None,
        name: None,
        department: None,
        implementer: None,
        year: None,
        fields: Vec::new(),
        unit: None,
        funds: Vec::new(),
        funds_note: None,
        expected: None,
        actual: None,
        indicators: Vec::new(),
        total: Vec::new(),
        before: Vec::new(),
        unplaced: Vec::new(),
        after: source.after.clone(),
    };

    // The header: label and value pairs above the first table.
    let header: Vec<(String, template::Source)> = t
        .sections
        .iter()
        .filter_map(|s| match s {
            Section::Header(rows) => Some(
                rows.iter()
                    .flatten()
                    .map(|c| (label(&c.label), c.source.clone())),
            ),
            _ => None,
        })
        .flatten()
        .chain([
            ("项目名称".to_string(), template::Source::Name),
            ("主管部门".to_string(), template::Source::Department),
            ("实施单位".to_string(), template::Source::Implementer),
            ("年度".to_string(), template::Source::Year),
        ])
        .collect();
    let mut first_label = None;
    for row in 0..first_section {
        let cells: Vec<(usize, String)> = grid
            .starts(row)
            .map(|(c, cell)| (c, cell.text.clone()))
            .collect();
        for (col, text) in cells {
            let l = label(&text);
            let Some((name, src)) = header.iter().find(|(h, _)| {
                l == *h || (l.starts_with(h.as_str()) && l[h.len()..].starts_with(':'))
            }) else {
                continue;
            };
            first_label.get_or_insert(row);
            r.take(row, col);
            let value = if l.len() > name.len() {
                // 项目名称：某项目, in one cell.
                let raw = text.split_once([':', '：']).map_or("", |(_, v)| v);
                Some(Value {
                    raw: raw.to_string(),
                    place: grid.get(row, col).map(|c| c.place),
                })
            } else {
                r.right_of(row, col)
            };
            let slot = match src {
                template::Source::Name => &mut found.name,
                template::Source::Department => &mut found.department,
                template::Source::Implementer => &mut found.implementer,
                template::Source::Year => &mut found.year,
                template::Source::Field(key) => {
                    if let Some(v) = value {
                        found.fields.push((key.clone(), v));
                    }
                    continue;
                }
            };
            if slot.is_none() {
                *slot = value;
            }
        }
    }
    // The title: a paragraph before the table, or a row above the header.
    let top = first_label.unwrap_or(first_section);
    let mut before: Vec<Value> = source
        .before
        .iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| Value {
            raw: p.clone(),
            place: None,
        })
        .collect();
    for row in 0..top {
        for (col, _) in grid.starts(row).collect::<Vec<_>>() {
            if let Some(v) = r.value(row, col) {
                before.push(v);
            }
        }
    }
    let title_at = before
        .iter()
        .rposition(|v| label(&v.raw).ends_with("表"))
        .or_else(|| before.iter().rposition(|v| label(&v.raw).contains("年度")));
    if let Some(i) = title_at {
        found.title = Some(before.remove(i));
    }
    found.before = before.into_iter().map(|v| v.raw).collect();

    // The unit, from the label of the funds table (or anything above it).
    let unit_texts: Vec<String> = source
        .before
        .iter()
        .cloned()
        .chain(
            (0..end_of(funds_header.unwrap_or(rows)).min(rows)).flat_map(|row| {
                grid.starts(row)
                    .filter(|(_, c)| funds_kind(&label(&c.text)).is_none())
                    .map(|(_, c)| label(&c.text))
                    .collect::<Vec<_>>()
            }),
        )
        .filter(|l| {
            l.contains("项目资金")
                || l.contains("单位")
                || l.contains("(万元)")
                || l.contains("(元)")
        })
        .collect();
    found.unit = if unit_texts.iter().any(|l| l.contains("万元")) {
        Some("万元")
    } else if unit_texts
        .iter()
        .any(|l| l.contains("(元)") || l.contains(":元") || l.ends_with("元"))
    {
        Some("元")
    } else {
        None
    };

    // The funds table.
    let layout = t.funds();
    if let Some(head) = funds_header {
        let cols = columns(grid, head, funds_kind);
        r.take_row(head);
        let first_amount = cols
            .iter()
            .filter(|(k, _)| AMOUNTS.contains(k))
            .map(|(_, c)| *c)
            .min()
            .unwrap_or(0);
        for row in head + 1..end_of(head) {
            let label_col = grid
                .starts(row)
                .filter(|(c, cell)| *c < first_amount && !cell.text.trim().is_empty())
                .map(|(c, _)| c)
                .last();
            let cells: Vec<(FundsColumn, Value)> = cols
                .iter()
                .filter_map(|(k, c)| Some((*k, r.value(row, *c)?)))
                .collect();
            let Some(label_col) = label_col else {
                for (_, v) in cells {
                    found.unplaced.push(v);
                }
                continue;
            };
            let Some(label_value) = r.value(row, label_col) else {
                continue;
            };
            let l = label(&label_value.raw);
            let is_note =
                layout.note_row.as_ref().is_some_and(|n| label(n) == l) || l.contains("偏差");
            if is_note {
                found.funds_note = r.right_of(row, label_col);
                continue;
            }
            let matched = layout
                .rows
                .iter()
                .position(|def| def.matches(&l) || def.matches(template::strip_part(&l)));
            found.funds.push(FundsRow {
                label: label_value,
                row: matched,
                cells,
            });
        }
    }

    // The goal: labels on one row, the texts under them (or beside them).
    if let Some(g) = goal_row {
        let take_goal = |r: &mut Reader, want: &[&str]| -> Option<Value> {
            let col = grid
                .starts(g)
                .find(|(_, c)| want.contains(&label(&c.text).as_str()))
                .map(|(c, _)| c)?;
            r.take(g, col);
            r.value(g + 1, col).or_else(|| {
                let v = r.right_of(g, col)?;
                let l = label(&v.raw);
                (l != actual_label && l != "实际完成情况").then_some(v)
            })
        };
        found.expected = take_goal(&mut r, &[&expected_label, "预期目标"]);
        found.actual = take_goal(&mut r, &[&actual_label, "实际完成情况"]);
        for row in [g.checked_sub(0), Some(g + 1)].into_iter().flatten() {
            for (col, cell) in grid.starts(row).collect::<Vec<_>>() {
                if matches!(label(&cell.text).as_str(), "年度总体目标" | "总体目标")
                    || label(&cell.text).starts_with("年度总体")
                {
                    r.take(row, col);
                }
            }
        }
    }

    // The template's text rows and signatures (评价结论, 项目负责人：…).
    let texts: Vec<(String, String)> = t
        .sections
        .iter()
        .filter_map(|s| match s {
            Section::Texts(rows) | Section::Signatures(rows) => {
                Some(rows.iter().map(|r| (label(&r.label), r.key.clone())))
            }
            _ => None,
        })
        .flatten()
        .collect();
    // The indicators.
    let mut pairs: i64 = 0;
    if let Some(head) = indicator_header {
        let cols = columns(grid, head, indicator_kind);
        r.take_row(head);
        let col_of = |k: IndicatorColumn| cols.iter().find(|(f, _)| *f == k).map(|(_, c)| *c);
        let total_label = t
            .indicators()
            .total
            .as_deref()
            .map_or_else(String::new, label);
        let (mut l1, mut l2) = (String::new(), String::new());
        let mut blocks: HashMap<String, usize> = HashMap::new();
        let mut children: HashMap<(usize, String), usize> = HashMap::new();
        for row in head + 1..end_of(head) {
            let first = grid
                .starts(row)
                .find(|(_, c)| !c.text.trim().is_empty())
                .map(|(c, cell)| (c, label(&cell.text)));
            let is_text = |l: &str| {
                texts
                    .iter()
                    .any(|(h, _)| !h.is_empty() && l.starts_with(h.as_str()))
            };
            if first.as_ref().is_some_and(|(_, l)| is_text(l)) {
                break;
            }
            if let Some((col, l)) = &first
                && (*l == total_label || matches!(l.as_str(), "总分" | "合计" | "总计"))
            {
                r.take(row, *col);
                let values: Vec<usize> = grid
                    .starts(row)
                    .map(|(c, _)| c)
                    .filter(|c| c != col)
                    .collect();
                for c in values {
                    if let Some(v) = r.value(row, c) {
                        found.total.push(v);
                    }
                }
                break;
            }
            let mut level = |k, carried: &mut String| {
                if let Some(c) = col_of(k)
                    && let Some(cell) = grid.get(row, c)
                {
                    r.used.insert(cell.origin);
                    let name = category(&cell.text);
                    if !name.is_empty() {
                        *carried = name;
                    }
                }
            };
            let before_l1 = l1.clone();
            level(IndicatorColumn::Level1, &mut l1);
            if l1 != before_l1 {
                l2.clear();
            }
            level(IndicatorColumn::Level2, &mut l2);
            let name = col_of(IndicatorColumn::Name).and_then(|c| r.value(row, c));
            let cells: Vec<(IndicatorColumn, Value)> = cols
                .iter()
                .filter(|(k, _)| {
                    !matches!(
                        k,
                        IndicatorColumn::Level1 | IndicatorColumn::Level2 | IndicatorColumn::Name
                    )
                })
                .filter_map(|(k, c)| Some((*k, r.value(row, *c)?)))
                .collect();
            let empty = cells
                .iter()
                .all(|(k, v)| *k == IndicatorColumn::Method || blank(&v.raw));
            if name.as_ref().is_none_or(|n| placeholder(&n.raw)) && empty {
                continue;
            }
            let name = name.unwrap_or(Value {
                raw: String::new(),
                place: grid
                    .get(row, col_of(IndicatorColumn::Name).unwrap_or(0))
                    .map(|c| c.place),
            });
            let framework = &t.scheme.framework;
            let known = framework
                .iter()
                .find(|f| f.name.matches(&l1))
                .is_some_and(|f| f.children.iter().any(|c| c.matches(&l2)));
            pairs += if known { 1 } else { -1 };
            // Blocks by name, looked up in maps: a sheet of thousands of
            // rows, each a new category, stays linear.
            let block = *blocks.entry(l1.clone()).or_insert_with(|| {
                found.indicators.push(Level1 {
                    name: l1.clone(),
                    children: Vec::new(),
                });
                found.indicators.len() - 1
            });
            if let Some(level1) = found.indicators.get_mut(block) {
                let child = *children.entry((block, l2.clone())).or_insert_with(|| {
                    level1.children.push(Level2 {
                        name: l2.clone(),
                        indicators: Vec::new(),
                    });
                    level1.children.len() - 1
                });
                if let Some(child) = level1.children.get_mut(child) {
                    child.indicators.push(Indicator { name, cells });
                }
            }
        }
    }

    // Anywhere on the form (四川's 项目实施内容 stands above the indicators).
    for row in 0..rows {
        let cells: Vec<(usize, String)> = grid
            .starts(row)
            .filter(|(c, _)| !r.used.contains(&(row, *c)))
            .map(|(c, cell)| (c, cell.text.clone()))
            .collect();
        for (col, text) in cells {
            let l = label(&text);
            let Some((name, key)) = texts
                .iter()
                .find(|(h, _)| !h.is_empty() && l.starts_with(h.as_str()))
            else {
                continue;
            };
            r.take(row, col);
            let value = if l.len() > name.len() {
                let raw = text.split_once([':', '：']).map_or("", |(_, v)| v);
                (!raw.trim().is_empty()).then(|| Value {
                    raw: raw.to_string(),
                    place: grid.get(row, col).map(|c| c.place),
                })
            } else {
                r.right_of(row, col)
            };
            if let Some(v) = value {
                found.fields.push((key.clone(), v));
            }
        }
    }

    // Every other cell with text.
    for row in 0..rows {
        for (col, cell) in grid.starts(row) {
            if cell.text.trim().is_empty() || r.used.contains(&(row, col)) {
                continue;
            }
            let l = label(&cell.text);
            if labels.contains(&l)
                || l.starts_with("项目资金")
                || l == "绩效指标"
                || l.starts_with("自评等级")
            {
                continue;
            }
            found.unplaced.push(Value {
                raw: cell.text.clone(),
                place: Some(cell.place),
            });
        }
    }

    let texts: HashSet<String> = (0..rows)
        .flat_map(|row| {
            grid.starts(row)
                .map(|(_, c)| label(&c.text))
                .collect::<Vec<_>>()
        })
        .collect();
    let matched = labels.iter().filter(|l| texts.contains(*l)).count();
    let score = i64::try_from(matched).unwrap_or(i64::MAX) + pairs;
    (score, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_placeholders() {
        assert_eq!(label(" 其中：当年\n财政拨款 "), "其中:当年财政拨款");
        assert_eq!(category("经济效益\n指标"), "经济效益指标");
        assert_eq!(category("产出指标（50分）"), "产出指标");
        assert!(placeholder("指标2："));
        assert!(placeholder("……"));
        assert!(placeholder(""));
        assert!(!placeholder("指标值达标率"));
        assert!(blank("—"));
        assert!(!blank("0"));
        assert_eq!(funds_kind("年初预算数(A)"), Some(FundsColumn::Initial));
        assert_eq!(funds_kind("全年执行数"), Some(FundsColumn::Executed));
        assert_eq!(indicator_kind("年度指标值"), Some(IndicatorColumn::Target));
        assert_eq!(
            indicator_kind("全年实际值(B)"),
            Some(IndicatorColumn::Actual)
        );
        assert_eq!(
            indicator_kind("偏差原因分析及改进措施"),
            Some(IndicatorColumn::Deviation)
        );
    }
}
