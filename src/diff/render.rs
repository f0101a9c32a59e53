//! The words of a comparison, in Chinese and English: the diff for people
//! and the model one figure a line for `git diff`.

use crate::diag::Lang;
use crate::format;
use crate::model::{Level, Model, ScoringRule};

use super::{
    CategoryChange, Change, Diff, Field, IndicatorKind, Op, Part, Place, Segment, TextChange,
    amount, fields, level_key, project_rows, project_total, report_units, row_label, rule_key,
    score, subtotals, total_label,
};

/// The words of this module, in Chinese or English.
struct Words {
    zh: bool,
}

impl Words {
    fn pick(&self, zh: &'static str, en: &'static str) -> &'static str {
        if self.zh { zh } else { en }
    }

    fn field<'a>(&self, field: Field, key: Option<&'a str>) -> &'a str {
        match field {
            Field::Name => self.pick("项目名称", "project name"),
            Field::Year => self.pick("年度", "year"),
            Field::Title => self.pick("标题", "title"),
            Field::Department => self.pick("主管部门", "department"),
            Field::Implementer => self.pick("实施单位", "implementer"),
            Field::Template => self.pick("表样", "template"),
            Field::Text => key.unwrap_or_default(),
            Field::Unit => self.pick("单位", "unit"),
            Field::InitialBudget => self.pick("年初预算数", "initial budget"),
            Field::AnnualBudget => self.pick("全年预算数", "annual budget"),
            Field::Executed => self.pick("全年执行数", "executed"),
            Field::ExecutionRate => self.pick("执行率", "execution rate"),
            Field::Weight => self.pick("分值", "weight"),
            Field::Score => self.pick("得分", "score"),
            Field::Note | Field::Deviation => self.pick("偏差", "deviation"),
            Field::Position => self.pick("类别中的顺序", "order in its category"),
            Field::Target => self.pick("指标值", "target"),
            Field::Actual => self.pick("完成值", "actual"),
            Field::Rule => self.pick("规则", "rule"),
            Field::Level | Field::Grade => self.pick("等级", "grade"),
            Field::TotalWeight => self.pick("总分值", "total weight"),
            Field::TotalScore => self.pick("总分", "total score"),
            Field::AverageScore => self.pick("平均总分", "mean total score"),
        }
    }

    /// A value as the reader reads it: rules and levels in the language,
    /// "none" for a missing one.
    fn value(&self, field: Field, value: Option<&str>) -> String {
        let Some(value) = value else {
            return self.pick("（无）", "(none)").to_string();
        };
        if !self.zh {
            return value.to_string();
        }
        let rules = [
            ScoringRule::Ratio,
            ScoringRule::Inverse,
            ScoringRule::Pass,
            ScoringRule::Graded,
            ScoringRule::Manual,
            ScoringRule::Execution,
        ];
        let levels = [Level::Met, Level::Partial, Level::Unmet];
        let word = match field {
            Field::Rule => rules
                .into_iter()
                .find(|r| rule_key(*r) == value)
                .map(ScoringRule::chinese),
            Field::Level => levels
                .into_iter()
                .find(|l| level_key(*l) == value)
                .map(Level::chinese),
            _ => None,
        };
        word.unwrap_or(value).to_string()
    }

    fn colon(&self) -> &'static str {
        self.pick("：", ": ")
    }

    fn place(&self, place: &Place) -> String {
        format!("{} › {} › “{}”", place.level1, place.level2, place.name)
    }

    fn category(&self, c: &CategoryChange) -> String {
        match &c.level2 {
            Some(l2) => format!("{} › {l2}", c.level1),
            None => c.level1.clone(),
        }
    }

    /// Where a text change stands: `章“…” › “…” 第 2 段`.
    fn text_place(&self, t: &TextChange) -> String {
        let mut parts = Vec::new();
        if let Some(chapter) = &t.chapter {
            parts.push(format!("{}“{chapter}”", self.pick("章", "chapter ")));
        }
        if let Some(section) = &t.section {
            parts.push(format!("“{section}”"));
        }
        let mut place = parts.join(" › ");
        let what = match t.part {
            Part::Expected => Some(self.pick("预期目标", "expected").to_string()),
            Part::Actual => Some(self.pick("实际完成情况", "actual").to_string()),
            Part::ReportTitle => Some(self.pick("报告标题", "report title").to_string()),
            Part::Subtitle => Some(self.pick("副标题", "subtitle").to_string()),
            Part::Chapter => (t.chapter.is_none()).then(|| self.pick("章", "chapter").into()),
            Part::Heading => Some(match t.level {
                Some(3) => self.pick("小节", "subsection").to_string(),
                Some(4) => self.pick("款", "clause").to_string(),
                _ => self.pick("节", "section").to_string(),
            }),
            Part::Paragraph => None,
            Part::ListItem => Some(self.pick("列表项", "list item").to_string()),
            Part::Table => Some(self.pick("表格", "table").to_string()),
            Part::Issuer => Some(self.pick("落款", "signed by").to_string()),
            Part::Date => Some(self.pick("落款日期", "date signed").to_string()),
        };
        for piece in what.into_iter().chain(t.paragraph.map(|n| {
            if self.zh {
                format!("第 {n} 段")
            } else {
                format!("paragraph {n}")
            }
        })) {
            if !place.is_empty() {
                place.push(' ');
            }
            place.push_str(&piece);
        }
        place
    }
}

/// A text of at most this many characters is shown whole, old → new, not
/// by its words.
const SHORT: usize = 20;
/// A kept run of a changed text longer than this is shortened around the
/// changes when shown.
const KEPT: usize = 40;
/// How many characters of a shortened run are shown next to a change.
const CONTEXT: usize = 16;

/// The words of a changed text for reading: `[-deleted-]{+inserted+}`, long
/// kept runs shortened to the characters next to a change.
pub(super) fn marked(segments: &[Segment]) -> String {
    let mut out = String::new();
    let last = segments.len().saturating_sub(1);
    for (i, s) in segments.iter().enumerate() {
        match s.op {
            Op::Delete => out.push_str(&format!("[-{}-]", s.text)),
            Op::Insert => out.push_str(&format!("{{+{}+}}", s.text)),
            Op::Equal => {
                let chars: Vec<char> = s.text.chars().collect();
                if chars.len() <= KEPT {
                    out.push_str(&s.text);
                    continue;
                }
                let head: String = chars.iter().take(CONTEXT).collect();
                let tail: String = chars.iter().skip(chars.len() - CONTEXT).collect();
                if i > 0 {
                    out.push_str(&head);
                }
                out.push('…');
                if i < last {
                    out.push_str(&tail);
                }
            }
        }
    }
    out
}

/// The diff for people, in `lang`: each part of the form that changed
/// under its heading, every value old → new; or a line saying that the
/// meaning is the same.
pub fn render(diff: &Diff, lang: Lang) -> String {
    let w = Words {
        zh: lang == Lang::Zh,
    };
    if diff.same {
        return format!("{}\n", w.pick("没有含义上的变化", "no change in meaning"));
    }
    let mut out = String::new();
    let change = |out: &mut String, indent: &str, prefix: &str, c: &Change| {
        let name = w.field(c.field, c.key.as_deref());
        let short = |t: &Option<String>| t.as_ref().is_none_or(|t| t.chars().count() <= SHORT);
        match (&c.words, &c.old, &c.new) {
            (Some(words), old, new) if !(short(old) && short(new)) => {
                out.push_str(&format!("{indent}{prefix}{name}{}\n", w.colon().trim_end()));
                out.push_str(&format!("{indent}  {}\n", marked(words)));
            }
            (_, old, new) => out.push_str(&format!(
                "{indent}{prefix}{name}{}{} → {}\n",
                w.colon(),
                w.value(c.field, old.as_deref()),
                w.value(c.field, new.as_deref())
            )),
        }
    };
    // A value of something only one side has (an indicator or a project
    // added or removed), under the line that names it.
    let held = |out: &mut String, c: &Change, value: &Option<String>| {
        out.push_str(&format!(
            "      {}{}{}\n",
            w.field(c.field, None),
            w.colon(),
            w.value(c.field, value.as_deref())
        ));
    };
    let heading = |out: &mut String, zh: &str, en: &str| {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(if w.zh { zh } else { en });
        out.push('\n');
    };
    if !diff.evaluation.is_empty() {
        heading(&mut out, "基本信息", "Evaluation");
        for c in &diff.evaluation {
            change(&mut out, "  ", "", c);
        }
    }
    if !diff.funds.is_empty() || !diff.funds_rows.is_empty() {
        heading(&mut out, "项目资金", "Funds");
        for row in &diff.funds_rows {
            for c in &row.changes {
                change(&mut out, "  ", &format!("{} ", row.label), c);
            }
        }
        let execution = w.pick("预算执行 ", "budget execution ");
        for c in &diff.funds {
            let prefix = if c.field == Field::Unit {
                ""
            } else {
                execution
            };
            change(&mut out, "  ", prefix, c);
        }
    }
    if !diff.goal.is_empty() {
        heading(&mut out, "年度总体目标", "Goal");
        texts_rendered(&mut out, &w, &diff.goal);
    }
    if !diff.indicators.is_empty() {
        heading(&mut out, "绩效指标", "Indicators");
        for i in &diff.indicators {
            let (old, new) = (i.old.as_ref(), i.new.as_ref());
            let line = match (i.kind, old, new) {
                (IndicatorKind::Added, _, Some(n)) => {
                    format!("{} {}", w.pick("新增", "added"), w.place(n))
                }
                (IndicatorKind::Removed, Some(o), _) => {
                    format!("{} {}", w.pick("删除", "removed"), w.place(o))
                }
                (IndicatorKind::Renamed, Some(o), Some(n)) => format!(
                    "{} {} → “{}”",
                    w.pick("改名", "renamed"),
                    w.place(o),
                    n.name
                ),
                (IndicatorKind::Moved, Some(o), Some(n)) => format!(
                    "{} {} → {} › {}",
                    w.pick("移动", "moved"),
                    w.place(o),
                    n.level1,
                    n.level2
                ),
                (_, _, Some(p)) | (_, Some(p), None) => {
                    format!("{} {}", w.pick("修改", "changed"), w.place(p))
                }
                (_, None, None) => continue,
            };
            out.push_str(&format!("  {line}\n"));
            for c in &i.changes {
                match i.kind {
                    IndicatorKind::Added => held(&mut out, c, &c.new),
                    IndicatorKind::Removed => held(&mut out, c, &c.old),
                    _ => change(&mut out, "      ", "", c),
                }
            }
        }
    }
    if !diff.categories.is_empty() {
        heading(&mut out, "类别小计", "Category subtotals");
        for c in &diff.categories {
            for one in &c.changes {
                change(&mut out, "  ", &format!("{} ", w.category(c)), one);
            }
        }
    }
    if !diff.total.is_empty() {
        heading(&mut out, "总分", "Total");
        for c in &diff.total {
            change(&mut out, "  ", "", c);
        }
    }
    if !diff.projects.is_empty() {
        heading(&mut out, "项目汇总", "Projects");
        for row in &diff.projects {
            // A project only one side lists: its row, as that side has it
            // (a listed project always has a 主管部门).
            let one_side = row
                .changes
                .iter()
                .find(|c| c.field == Field::Department)
                .and_then(|c| match (&c.old, &c.new) {
                    (Some(_), None) => Some(false),
                    (None, Some(_)) => Some(true),
                    _ => None,
                });
            match one_side {
                Some(added) => {
                    let what = if added {
                        w.pick("新增", "added")
                    } else {
                        w.pick("删除", "removed")
                    };
                    out.push_str(&format!("  {what} {}\n", row.label));
                    for c in &row.changes {
                        held(&mut out, c, if added { &c.new } else { &c.old });
                    }
                }
                None => {
                    for c in &row.changes {
                        change(&mut out, "  ", &format!("{} ", row.label), c);
                    }
                }
            }
        }
    }
    if !diff.report.is_empty() {
        heading(&mut out, "自评报告", "Report");
        texts_rendered(&mut out, &w, &diff.report);
    }
    out
}

fn texts_rendered(out: &mut String, w: &Words, changes: &[TextChange]) {
    for t in changes {
        let (verb, body) = match (&t.words, &t.old, &t.new) {
            (Some(words), _, _) => (w.pick("修改", "changed"), marked(words)),
            (None, None, Some(new)) => (w.pick("新增", "added"), new.clone()),
            (None, Some(old), _) => (w.pick("删除", "removed"), old.clone()),
            (None, None, None) => continue,
        };
        out.push_str(&format!(
            "  {verb} {}{}\n",
            w.text_place(t),
            w.colon().trim_end()
        ));
        out.push_str(&format!("      {body}\n"));
    }
}

/// A model one figure or paragraph a line, `place field: value`, in the
/// order of the form: the text `git diff` compares when jixiao is its
/// textconv (see docs/DIFF.md), so that a change of meaning is a changed
/// line and nothing else is.
pub fn textconv(model: &Model, lang: Lang) -> String {
    let w = Words {
        zh: lang == Lang::Zh,
    };
    let mut out = String::new();
    let mut line = |place: &str, field: Field, key: Option<&str>, value: Option<&str>| {
        let name = w.field(field, key);
        let space = if place.is_empty() { "" } else { " " };
        out.push_str(&format!(
            "{place}{space}{name}{}{}\n",
            w.colon(),
            w.value(field, value)
        ));
    };
    let e = &model.evaluation;
    line("", Field::Name, None, Some(&e.name));
    line("", Field::Year, None, Some(&e.year.to_string()));
    line("", Field::Title, None, Some(&e.title));
    line("", Field::Department, None, Some(&e.department));
    line("", Field::Implementer, None, Some(&e.implementer));
    line("", Field::Template, None, Some(&model.template.name));
    for (key, text) in &e.fields {
        line("", Field::Text, Some(key), Some(text));
    }
    let funds = w.pick("项目资金", "funds");
    line(funds, Field::Unit, None, Some(&e.funds.unit));
    for row in &e.funds.rows {
        let place = format!(
            "{funds} {}",
            row_label(model, &row.kind).unwrap_or(&row.kind)
        );
        let cells = [
            (Field::InitialBudget, amount(row.initial_budget)),
            (Field::AnnualBudget, amount(row.annual_budget)),
            (Field::Executed, amount(row.executed)),
            (
                Field::ExecutionRate,
                row.execution_rate.map(format::percent),
            ),
        ];
        for (field, value) in cells {
            line(&place, field, None, value.as_deref());
        }
    }
    let execution = w.pick("预算执行", "budget execution");
    line(
        execution,
        Field::Weight,
        None,
        amount(e.funds.weight).as_deref(),
    );
    line(
        execution,
        Field::Score,
        None,
        score(e.funds.score).as_deref(),
    );
    line(execution, Field::Note, None, e.funds.note.as_deref());
    for l1 in &e.categories {
        for l2 in &l1.categories {
            for i in &l2.indicators {
                let place = format!(
                    "{} {} › {} › “{}”",
                    w.pick("指标", "indicator"),
                    l1.name,
                    l2.name,
                    i.name
                );
                for c in fields(None, Some(i)) {
                    line(&place, c.field, None, c.new.as_deref());
                }
            }
        }
    }
    let category = w.pick("类别", "category");
    for s in subtotals(model) {
        let place = match &s.category {
            (l1, Some(l2)) => format!("{category} {l1} › {l2}"),
            (l1, None) => format!("{category} {l1}"),
        };
        line(&place, Field::Weight, None, s.weight.as_deref());
        line(&place, Field::Score, None, s.score.as_deref());
    }
    line(
        "",
        Field::TotalWeight,
        None,
        amount(Some(e.total_weight)).as_deref(),
    );
    line(
        "",
        Field::TotalScore,
        None,
        score(Some(e.total_score)).as_deref(),
    );
    line("", Field::Grade, None, Some(&e.grade));
    let projects = w.pick("项目汇总", "projects");
    for (name, cells) in project_rows(model) {
        for (field, value) in cells {
            line(&format!("{projects} {name}"), field, None, value.as_deref());
        }
    }
    let label = total_label(&[model]);
    for (field, value) in project_total(model) {
        line(
            &format!("{projects} {label}"),
            field,
            None,
            value.as_deref(),
        );
    }
    let paragraphs = |place: &str, text: &str, out: &mut String| {
        for (n, p) in text.split('\n').enumerate() {
            out.push_str(&format!(
                "{place} {}{}{p}\n",
                if w.zh {
                    format!("第 {} 段", n + 1)
                } else {
                    format!("paragraph {}", n + 1)
                },
                w.colon()
            ));
        }
    };
    paragraphs(w.pick("预期目标", "expected"), &e.goal.expected, &mut out);
    paragraphs(w.pick("实际完成情况", "actual"), &e.goal.actual, &mut out);
    let report = w.pick("报告", "report");
    for u in report_units(model) {
        let change = TextChange {
            part: u.part,
            chapter: u.chapter.clone(),
            section: u.section.clone(),
            paragraph: u.paragraph,
            level: u.level,
            old: None,
            new: None,
            words: None,
        };
        out.push_str(&format!(
            "{report} {}{}{}\n",
            w.text_place(&change),
            w.colon(),
            u.text
        ));
    }
    out
}
