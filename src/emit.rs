//! Stage 3: checked model → Typst source.
//!
//! The 自评表 is laid out like the official template (财预〔2020〕10号 附1) as
//! four tables stacked without gaps, so each part gets the columns it needs
//! while the left label column runs through the whole form. The 自评报告
//! follows on a new page, after GB/T 9704-2012.
//!
//! Invariant: every piece of user text reaches Typst through [`lit`], as a
//! string literal. Typst never reads user text as markup or code.

use std::fmt::Write as _;

use rust_decimal::Decimal;

mod pages;

use crate::arith::{self, Overflow};
use crate::format::{self, round2};
use crate::model::{
    Block, Evaluation, FormTable, Funds, FundsRow, Indicator, IndicatorMonitoring, Level1, Model,
    Report,
};
use crate::summary;
use crate::template::{
    Column, Form, FundsColumn, FundsLayout, GoalLayout, HeaderCell, IndicatorColumn,
    IndicatorLayout, ProjectColumn, ProjectsLayout, Section, Source, Template, TextRow,
};

/// Font families by role, in order of preference: Windows, macOS, Linux.
/// Typst draws a character with the first family that has it.
pub const FONTS: &[(&str, &[&str])] = &[
    // 宋体: the form.
    (
        "song",
        &[
            "Times New Roman",
            "SimSun",
            "Songti SC",
            "STSong",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
    // 仿宋: the report's body.
    (
        "fangsong",
        &[
            "Times New Roman",
            "FangSong",
            "FangSong_GB2312",
            "STFangsong",
            "FandolFang R",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
    // 黑体: headings 一、
    (
        "hei",
        &[
            "SimHei",
            "Heiti SC",
            "STHeiti",
            "Noto Sans CJK SC",
            "Source Han Sans SC",
        ],
    ),
    // 楷体: headings （一）
    (
        "kai",
        &[
            "KaiTi",
            "KaiTi_GB2312",
            "STKaiti",
            "Kaiti SC",
            "AR PL UKai",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
    // 小标宋: the report's title.
    (
        "biaosong",
        &[
            "FZXiaoBiaoSong-B05S",
            "STZhongsong",
            "SimSun",
            "Songti SC",
            "Noto Serif CJK SC",
            "Source Han Serif SC",
        ],
    ),
];

/// Whether `family` only stands in for `role`'s face in [`FONTS`]: a
/// Song face used for 仿宋, 楷体 or 小标宋 (a 中宋 too, for 小标宋).
pub fn stand_in(role: &str, family: &str) -> bool {
    let serif = ["Noto Serif CJK SC", "Source Han Serif SC"].contains(&family);
    match role {
        "fangsong" | "kai" => serif,
        "biaosong" => family != "FZXiaoBiaoSong-B05S",
        _ => false,
    }
}

/// The families in [`FONTS`] that can draw Chinese (all but the Latin ones).
pub fn cjk_families() -> Vec<&'static str> {
    let mut families: Vec<&str> = FONTS
        .iter()
        .flat_map(|(_, list)| list.iter().copied())
        .filter(|f| *f != "Times New Roman")
        .collect();
    families.sort_unstable();
    families.dedup();
    families
}

/// A Typst string literal holding `text` verbatim.
pub fn lit(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The runs of six or more Latin letters, digits and signs (`!` to `~`),
/// each with the marks that combine with it (`\p{M}`), as byte ranges: a
/// code, a URL or a long figure, which has no place where a line may
/// break. (Shorter runs, such as most figures, stay text and keep their
/// spacing next to Chinese.) A scan by hand: a regular expression for this
/// cost a single build 3 ms to compile, more than all the rest of the
/// front end.
fn long_runs(text: &str) -> Vec<std::ops::Range<usize>> {
    const LONG: usize = 6;
    let mut runs = Vec::new();
    // The current run's start and how many characters (with their marks)
    // it has.
    let mut open: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        match open {
            _ if matches!(c, '!'..='~') => {
                let (start, n) = open.unwrap_or((i, 0));
                open = Some((start, n + 1));
            }
            Some(_) if pest::unicode::MARK(c) => {}
            Some((start, n)) => {
                if n >= LONG {
                    runs.push(start..i);
                }
                open = None;
            }
            None => {}
        }
    }
    if let Some((start, n)) = open
        && n >= LONG
    {
        runs.push(start..text.len());
    }
    runs
}

/// Text in a table cell, as a Typst expression. A long run (see
/// [`long_runs`]) would run over a narrow cell into the next one, so each
/// goes through `breakable` (one box per character, a break allowed
/// between any two); the text around it stays plain. Text without such a
/// run, nearly all of it, is one string literal and costs typst nothing
/// more.
fn cell(text: &str) -> String {
    let runs = long_runs(text);
    match &runs[..] {
        [] => return lit(text),
        [run] if run.len() == text.len() => return format!("breakable({})", lit(text)),
        _ => {}
    }
    let mut pieces = String::new();
    let mut end = 0;
    for run in runs {
        if run.start > end {
            let _ = write!(pieces, "#{}", lit(&text[end..run.start]));
        }
        let _ = write!(pieces, "#breakable({})", lit(&text[run.clone()]));
        end = run.end;
    }
    if end < text.len() {
        let _ = write!(pieces, "#{}", lit(&text[end..]));
    }
    format!("[{pieces}]")
}

/// Text that may hold several paragraphs (separated by `\n`), as a Typst
/// expression: each paragraph written by `piece` ([`lit`], or [`cell`] in a
/// table cell).
fn paragraphs(text: &str, piece: fn(&str) -> String) -> String {
    if !text.contains('\n') {
        return piece(text);
    }
    let parts: Vec<String> = text.split('\n').map(piece).collect();
    format!("paras({})", parts.join(", "))
}

const PREAMBLE: &str = r#"#set document(date: none)
#set page(paper: "a4", margin: (x: 15mm, top: 18mm, bottom: 18mm))
#set text(font: song, size: 10pt, lang: "zh", region: "cn", hyphenate: false)
#set par(justify: true, leading: 0.6em, spacing: 0.6em)
#set table(stroke: 0.5pt, inset: (x: 3pt, y: 5pt), align: center + horizon)
#set block(spacing: 0pt)

// Several paragraphs in one cell.
#let paras(..ps) = ps.pos().join(parbreak())
// Text that reads down the cell, one character a line.
#let vertical(s) = stack(dir: ttb, spacing: 3pt, ..s.clusters())
// Labels, names and figures are not justified; running text is.
#show table.cell: set par(justify: false)
// A long run of Latin letters, digits and signs (a code, a URL), set so
// that it may break between characters rather than run into the next cell:
// each character goes in a box, which adds no character to the text. The
// emitter applies it to such runs only.
#let breakable(s) = s.clusters().map(box).join()
#let name-cell(body) = table.cell(align: left + horizon, body)
#let justified(body) = { set par(justify: true); body }
#let prose(body) = table.cell(align: left + horizon, justified(body))
// The width of the label column that runs down the left of the form.
#let label-width = 20mm

// The report is set as GB/T 9704-2012 sets an official document: A4, the
// type area 156 mm × 225 mm (top margin 37 mm, left 28 mm), 22 lines of 28
// characters of 3号 (16pt) a page. Each character is narrowed by a fraction
// of a point so that 28 fill the line; every line is one em box high, on a
// pitch of a 22nd of the type area; no line is moved to the next page to
// keep a paragraph's first or last line company, so that every full page
// holds 22.
#let grid-tracking = (156mm - 28 * 16pt) / 28 - 0.01pt
#let grid-char = 16pt + grid-tracking
#let grid-pitch = 225mm / 22
#let grid-leading = grid-pitch - 16pt
// The page number: "— N —" in 4号 宋体, 7 mm below the type area, one
// character (of 4号) in from the right on odd pages and from the left on
// even ones.
#let folio = context {
  let n = counter(page).get().first()
  let number = text(font: song, size: 14pt, tracking: 0pt, top-edge: "cap-height", "— " + str(n) + " —")
  if calc.odd(n) { align(right, pad(right: 14pt, number)) } else { align(left, pad(left: 14pt, number)) }
}
// The footer's top is the numbers' cap height; the dash 6pt below it.
#let folio-descent = 7mm - 6pt
#let official(body) = {
  set page(margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm), footer: folio, footer-descent: folio-descent)
  set text(font: fangsong, size: 16pt, tracking: grid-tracking, top-edge: 0.88em, bottom-edge: -0.12em, overhang: false, costs: (widow: 0%, orphan: 0%))
  set par(first-line-indent: (amount: 2 * grid-char, all: true), justify: true, leading: grid-leading, spacing: grid-leading)
  set block(spacing: grid-leading)
  // Tables keep the form's spacing, not the grid's.
  show table: set par(first-line-indent: 0pt, leading: 0.6em, spacing: 0.6em)
  show table: set text(tracking: 0pt)
  body
}
// The title: 2号 小标宋, centred, a blank line of the grid below it.
#let report-title(..lines) = {
  for line in lines.pos() { align(center, text(font: biaosong, size: 22pt, weight: "bold", tracking: 0pt, line)) }
  v(grid-pitch)
}
// 落款 and 成文日期: a blank line below the text, the date four characters
// in from the right, the issuing body centred on the date above it (a body
// too long to be centred so moves the date further in).
#let signature(issuer, date) = context {
  let shift = (measure(date).width - measure(issuer).width) / 2
  let inset = calc.max(4 * grid-char, -shift)
  v(grid-pitch)
  align(right, pad(right: inset + shift, issuer))
  align(right, pad(right: inset, date))
}
#let signed(issuer, date) = block(breakable: false, signature(issuer, date))
// The last paragraph with the 落款 as its last line, which a page break
// never leaves alone: the line before it goes along.
#let closing(body, issuer, date) = {
  set text(costs: (widow: 100%, orphan: 0%))
  par(body + linebreak() + box(width: 100%, signature(issuer, date)))
}
"#;

/// Emits the Typst source of a checked file.
pub fn emit(model: &Model) -> String {
    let mut out = preamble();
    let _ = writeln!(out, "#set document(title: {})", lit(&model.evaluation.name));
    evaluation(&mut out, model, Numbering::Own);
    out
}

/// A file to embed in an archived PDF (PDF/A-3 associated file): typst
/// reads it from `path`, relative to the generated source, and the PDF
/// lists it under that name.
#[derive(Clone, Copy, Debug)]
pub struct Attachment<'a> {
    pub path: &'a str,
    pub relationship: Relationship,
    pub mime_type: &'a str,
    pub description: &'a str,
}

/// How an attached file relates to the PDF (PDF/A-3's `AFRelationship`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relationship {
    /// The file the PDF was made from (the `.jx` source).
    Source,
    /// Data the PDF presents (the checked model).
    Data,
}

/// The Typst that attaches `files` to the PDF, to be appended to a
/// document's source: invisible, so it adds no page. Each name and
/// description goes in as a string literal. PDF/A needs a document date:
/// `auto` is the `--creation-timestamp` typst is given (fixed, from the
/// model), so an archived build is reproducible too.
pub fn attachments(files: &[Attachment]) -> String {
    let mut out = String::from("#set document(date: auto)\n");
    for file in files {
        let relationship = match file.relationship {
            Relationship::Source => "source",
            Relationship::Data => "data",
        };
        let _ = writeln!(
            out,
            "#pdf.attach({}, relationship: {}, mime-type: {}, description: {})",
            lit(file.path),
            lit(relationship),
            lit(file.mime_type),
            lit(file.description)
        );
    }
    out
}

/// Emits one document holding many evaluations: a cover, a summary table
/// with totals, a table of contents, then each evaluation's form and report.
/// The totals of the summary may not fit even though every file's do.
pub fn emit_bundle(models: &[&Model], title: &str) -> Result<String, Overflow> {
    let summary = summary::summarize(models)?;
    let mut out = preamble();
    let _ = writeln!(out, "#set document(title: {})", lit(title));
    // Headings only feed the table of contents and the PDF's bookmarks.
    out.push_str(
        "#show heading: none
",
    );
    let _ = writeln!(
        out,
        "#align(center + horizon, stack(dir: ttb, spacing: 12mm, text(font: biaosong, size: 26pt, weight: \"bold\", {}), text(size: 16pt, {})))",
        lit(title),
        lit(&format!("共 {} 个项目", models.len()))
    );
    // Pages are numbered from the summary on, for the table of contents,
    // as the reports number theirs.
    out.push_str("#pagebreak()\n#set page(numbering: \"1\", footer: folio, footer-descent: folio-descent)\n#counter(page).update(1)\n");
    summary_table(&mut out, &summary);
    out.push_str(CONTENTS);
    for (i, model) in models.iter().enumerate() {
        let _ = writeln!(
            out,
            "#contents-entry({}, <jx-{}>)",
            lit(&model.evaluation.name),
            i + 1
        );
    }
    out.push_str("]\n");
    for (i, model) in models.iter().enumerate() {
        let _ = writeln!(
            out,
            "#pagebreak(weak: true)\n#[\n#heading(level: 1, {}) <jx-{}>",
            lit(&model.evaluation.name),
            i + 1
        );
        evaluation(&mut out, model, Numbering::Bundle);
        out.push_str("]\n");
    }
    Ok(out)
}

/// The bundle's table of contents. Its lines are written here, one for each
/// evaluation, rather than left to typst's `outline`, which is empty in
/// typst's first layout pass and fills pages in the second, so that every
/// page after it moves and a third pass is needed: with the names known
/// from the start, the list has its final length in the first pass, and
/// only the page numbers are filled in by the second. One pass fewer is
/// about a sixth of the bundle's time and an eighth of its memory.
const CONTENTS: &str = r#"#pagebreak()
#align(center, text(font: hei, size: 16pt, "目录"))
#v(4mm)
// A line of the contents: the evaluation's name, a leader of dots and the
// page its heading is on, linked to it.
#let contents-entry(name, target) = block(spacing: 0.6em, context {
  let found = query(target)
  if found.len() == 0 { name } else {
    let at = found.first().location()
    link(at, name + box(width: 1fr, inset: (x: 3pt), repeat(gap: 0.15em)[.]) + str(counter(page).at(at).first()))
  }
})
#[
#set text(size: 12pt)
"#;

/// The first line of every source jixiao writes.
const GENERATED: &str = "// Generated by jixiao. Edit the .jx file, not this one.\n";

/// The font lists, page and text settings and helper functions.
fn preamble() -> String {
    let mut out = String::from(GENERATED);
    out.push_str(&font_lists(|_| true).unwrap_or_default());
    out.push_str(PREAMBLE);
    out
}

/// The lines that name each role's families of [`FONTS`], with only those
/// `keep` accepts; `None` when a role would keep none.
fn font_lists(keep: impl Fn(&str) -> bool) -> Option<String> {
    let mut out = String::new();
    for (role, families) in FONTS {
        let list: Vec<String> = families
            .iter()
            .filter(|f| keep(f))
            .map(|f| lit(f))
            .collect();
        if list.is_empty() {
            return None;
        }
        // One family is an array too: `("Noto Serif CJK SC",)`.
        let comma = if list.len() == 1 { "," } else { "" };
        let _ = writeln!(out, "#let {role} = ({}{comma})", list.join(", "));
    }
    Some(out)
}

/// `source`, written by jixiao, with each role's font list cut down to the
/// families `keep` accepts: for a typst run that is known to have those
/// fonts and no other of the lists. typst skips a family it does not have,
/// so the PDF is the same; but it warns of each such family at every text
/// of a different font list, some twenty times an evaluation, and those
/// warnings cost a bundle of 200 evaluations 3–4% of its time. `None` when
/// `source` is not jixiao's or a role would keep no family.
pub fn narrow_fonts(source: &str, keep: impl Fn(&str) -> bool) -> Option<String> {
    let full = font_lists(|_| true)?;
    let rest = source
        .strip_prefix(GENERATED)?
        .strip_prefix(full.as_str())?;
    Some(format!("{GENERATED}{}{rest}", font_lists(keep)?))
}

/// Whose page numbers a report shows: its own, from 1 (a document of one
/// evaluation, whose form has none), or the bundle's, which its table of
/// contents lists.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Own,
    Bundle,
}

fn evaluation(out: &mut String, model: &Model, numbering: Numbering) {
    let e = &model.evaluation;
    part(out, |out| form(out, e, &model.template));
    if let Some(report) = &model.report {
        self::report(out, report, e, &model.template, numbering);
    }
}

/// Writes the form, or the report's text, as one breakable block that fills
/// the width: it looks the same as its content written out at the top
/// level, but typst lays it out as one memoized unit. A bundle's table of
/// contents needs a second layout pass for its page numbers; in that pass
/// typst would otherwise realize every table and paragraph of every
/// evaluation again, and with the blocks it finds their layout as it was.
/// (200 evaluations: 12% less time, 14% less memory, the same PDF to the
/// byte; see BENCHMARKS.md.) A block cannot hold a page break or a page
/// setting: those stay outside it.
fn part(out: &mut String, body: impl FnOnce(&mut String)) {
    out.push_str("#block(width: 100%, breakable: true)[\n");
    body(out);
    out.push_str("]\n");
}

/// A cell of a figure written by `f`, or an empty cell.
fn optional(v: Option<Decimal>, f: fn(Decimal) -> String) -> String {
    v.map_or("[]".to_string(), |v| cell(&f(v)))
}

fn summary_table(out: &mut String, summary: &summary::Summary) {
    out.push_str(
        "#align(center, text(font: hei, size: 16pt, \"项目支出绩效自评汇总表\"))\n#v(4mm)\n#table(\n  columns: (10mm, 1fr, 30mm, 22mm, 22mm, 18mm, 14mm, 12mm),\n  table.header(\"序号\", \"项目名称\", \"主管部门\", \"全年预算数（万元）\", \"全年执行数（万元）\", \"执行率\", \"总分\", \"等级\"),\n",
    );
    for (i, row) in summary.rows.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {}, name-cell({}), name-cell({}), {}, {}, {}, {}, {},",
            cell(&(i + 1).to_string()),
            cell(&row.name),
            cell(&row.department),
            optional(row.annual_budget, |v| format::plain(round2(v))),
            optional(row.executed, |v| format::plain(round2(v))),
            optional(row.execution_rate, format::percent),
            cell(&format::score(row.total_score)),
            cell(&row.grade),
        );
    }
    let _ = writeln!(
        out,
        "  table.cell(colspan: 3, \"合计\"), {}, {}, {}, {}, [],\n)",
        cell(&format::plain(round2(summary.annual_budget))),
        cell(&format::plain(round2(summary.executed))),
        optional(summary.execution_rate, format::percent),
        optional(summary.average_score, |v| format!(
            "平均 {}",
            format::score(v)
        )),
    );
}

/// A label of the form: its lines (a `\n` in the template) broken.
fn label(text: &str) -> String {
    if !text.contains('\n') {
        return lit(text);
    }
    let lines: Vec<String> = text.split('\n').map(|l| format!("#{}", lit(l))).collect();
    format!("[{}]", lines.join("\\ "))
}

/// A header cell: a label, or `[]` for none.
fn head(text: &str) -> String {
    if text.is_empty() {
        "[]".to_string()
    } else {
        label(text)
    }
}

fn form(out: &mut String, e: &Evaluation, t: &Template) {
    let long = pages::may_run_over(e, t);
    let _ = writeln!(
        out,
        "\n#align(center, text(font: hei, size: 16pt, {}))\n#v(4mm)",
        lit(&e.title)
    );
    for section in &t.sections {
        match section {
            Section::Header(rows) => header(out, e, rows),
            // A 部门整体 file need not state its budget.
            Section::Funds(_) if e.funds.rows.is_empty() => {}
            Section::Funds(layout) => funds(out, &e.funds, layout),
            Section::Goal(layout) => goal(out, e, layout),
            Section::Indicators(layout) => indicators(out, e, t, layout, long),
            Section::Texts(rows) => texts(out, e, rows),
            Section::Signatures(rows) => signatures(out, e, rows),
            // Printed when the file lists its projects.
            Section::Projects(layout) => {
                if let Some(summary) = &e.projects {
                    projects(out, summary, layout);
                }
            }
        }
    }
}

/// The table of a department's projects, apart from the sheet above it,
/// amounts in 万元: one row each, then the total (the 执行率 of the sums, the mean 自评得分), its label
/// across the leading 序号 and 项目名称 columns.
fn projects(out: &mut String, summary: &summary::Summary, layout: &ProjectsLayout) {
    let money = |v: Decimal| format::plain(round2(v));
    let columns = &layout.columns;
    let _ = writeln!(
        out,
        "#v(4mm)\n#table(\n  columns: ({}),\n  table.cell(colspan: {}, {}),\n  {},",
        widths(columns),
        columns.len(),
        cell(&layout.label),
        heads(columns, "")
    );
    for (i, row) in summary.rows.iter().enumerate() {
        let cells: Vec<String> = columns
            .iter()
            .map(|c| match c.kind {
                ProjectColumn::Number => cell(&(i + 1).to_string()),
                ProjectColumn::Name => format!("name-cell({})", lit(&row.name)),
                ProjectColumn::Budget => optional(row.annual_budget, money),
                ProjectColumn::Executed => optional(row.executed, money),
                ProjectColumn::Rate => optional(row.execution_rate, format::percent),
                ProjectColumn::Score => cell(&format::score(row.total_score)),
                ProjectColumn::Grade => cell(&row.grade),
            })
            .collect();
        let _ = writeln!(out, "  {},", cells.join(", "));
    }
    let lead = columns
        .iter()
        .take_while(|c| matches!(c.kind, ProjectColumn::Number | ProjectColumn::Name))
        .count()
        .max(1);
    let mut total = vec![format!(
        "table.cell(colspan: {lead}, {})",
        cell(&layout.total)
    )];
    total.extend(columns.iter().skip(lead).map(|c| match c.kind {
        ProjectColumn::Budget => cell(&money(summary.annual_budget)),
        ProjectColumn::Executed => cell(&money(summary.executed)),
        ProjectColumn::Rate => optional(summary.execution_rate, format::percent),
        ProjectColumn::Score => optional(summary.average_score, |v| {
            format!("平均 {}", format::score(v))
        }),
        ProjectColumn::Number | ProjectColumn::Name | ProjectColumn::Grade => "[]".to_string(),
    }));
    let _ = writeln!(out, "  {},\n)", total.join(", "));
}

fn header(out: &mut String, e: &Evaluation, rows: &[Vec<HeaderCell>]) {
    let value = |source: &Source| match source {
        Source::Name => cell(&e.name),
        Source::Department => cell(&e.department),
        Source::Implementer => cell(&e.implementer),
        Source::Year => cell(&e.year.to_string()),
        Source::Field(key) => e.fields.get(key).map_or("[]".to_string(), |v| cell(v)),
    };
    out.push_str("#table(\n  columns: (label-width, 1fr, 22mm, 1fr),\n");
    for row in rows {
        match &row[..] {
            [one] => {
                let _ = writeln!(
                    out,
                    "  {}, table.cell(colspan: 3, {}),",
                    label(&one.label),
                    value(&one.source)
                );
            }
            cells => {
                let pieces: Vec<String> = cells
                    .iter()
                    .map(|c| format!("{}, {}", label(&c.label), value(&c.source)))
                    .collect();
                let _ = writeln!(out, "  {},", pieces.join(", "));
            }
        }
    }
    out.push_str(")\n");
}

fn amount(value: Option<Decimal>) -> String {
    value.map_or_else(|| "[]".to_string(), |v| cell(&v.to_string()))
}

fn widths<K>(columns: &[Column<K>]) -> String {
    columns
        .iter()
        .map(|c| c.width.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn heads<K>(columns: &[Column<K>], month: &str) -> String {
    columns
        .iter()
        .map(|c| head(&in_month(&c.label, month)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The month of the monitoring (`6` for 2025-06-30; empty before it).
fn month_of(funds: &Funds) -> String {
    funds
        .monitored_at
        .map_or_else(String::new, |d| d.month.to_string())
}

/// A label with its `{月}` replaced by the monitoring month.
fn in_month(label: &str, month: &str) -> String {
    label.replace("{月}", month)
}

fn funds(out: &mut String, funds: &Funds, layout: &FundsLayout) {
    let note_row =
        funds.note.is_some() && !layout.has(FundsColumn::Note) && layout.note_row.is_some();
    let rows = layout.rows.len() + 1 + usize::from(note_row);
    let weight = funds.weight.map_or("—".to_string(), format::plain);
    let title = layout
        .label
        .replace("{单位}", &funds.unit)
        .replace("{分值}", &weight);
    let _ = writeln!(
        out,
        "#table(\n  columns: (label-width, {}, {}),\n  table.cell(rowspan: {rows}, {}),\n  {}, {},",
        layout.row_width,
        widths(&layout.columns),
        cell(&title),
        head(&layout.row_label),
        heads(&layout.columns, &month_of(funds))
    );
    let dash = || "\"—\"".to_string();
    // A text one cell down the rows, from the first.
    let down = |text: Option<&str>| {
        format!(
            "table.cell(rowspan: {}, align: left + horizon, {})",
            layout.rows.len(),
            text.map_or("[]".to_string(), |n| format!(
                "justified({})",
                paragraphs(n, cell)
            ))
        )
    };
    let none = FundsRow::default();
    for (i, def) in layout.rows.iter().enumerate() {
        let total = i == 0;
        let name = &def.label;
        // The file's row of that key (a form of another stage may list
        // rows the file's form has not).
        let row = funds
            .rows
            .iter()
            .find(|r| r.kind == def.key)
            .unwrap_or(&none);
        let mut cells = vec![if total {
            lit(name)
        } else {
            format!("name-cell({})", lit(name))
        }];
        for column in &layout.columns {
            let text = match column.kind {
                FundsColumn::Initial => amount(row.initial_budget),
                FundsColumn::Annual => amount(row.annual_budget),
                FundsColumn::Executed => amount(row.executed),
                FundsColumn::Rate => row
                    .execution_rate
                    .map_or("[]".to_string(), |r| cell(&format::percent(r))),
                FundsColumn::Weight if total => funds
                    .weight
                    .map_or("[]".to_string(), |w| cell(&format::plain(w))),
                FundsColumn::Score if total => funds
                    .score
                    .map_or("[]".to_string(), |s| cell(&format::score(s))),
                FundsColumn::Method if total => {
                    match (&column.text, funds_formula(funds, layout)) {
                        (Some(text), _) => name_cell(text),
                        (None, Some(formula)) => cell(&formula),
                        (None, None) => "[]".to_string(),
                    }
                }
                FundsColumn::Weight | FundsColumn::Score | FundsColumn::Method => dash(),
                FundsColumn::Note if total => down(funds.note.as_deref()),
                FundsColumn::Cause if total => down(funds.cause.as_deref()),
                FundsColumn::Measures if total => down(funds.measures.as_deref()),
                // Under the text of the first row.
                FundsColumn::Note | FundsColumn::Cause | FundsColumn::Measures => continue,
                FundsColumn::ToDate => amount(row.to_date),
                FundsColumn::Forecast => amount(row.forecast),
                FundsColumn::ToDateRate => row
                    .to_date_rate
                    .map_or("[]".to_string(), |r| cell(&format::percent(r))),
            };
            cells.push(text);
        }
        let _ = writeln!(out, "  {},", cells.join(", "));
    }
    if let (Some(note), Some(row_label), true) = (&funds.note, &layout.note_row, note_row) {
        let _ = writeln!(
            out,
            "  {}, table.cell(colspan: {}, align: left + horizon, justified({})),",
            label(row_label),
            layout.columns.len(),
            paragraphs(note, cell)
        );
    }
    out.push_str(")\n");
}

/// A text a column states once, in every cell of it.
fn name_cell(text: &str) -> String {
    format!("name-cell({})", paragraphs(text, cell))
}

/// How budget execution was scored, with the figures:
/// `10 × min(37.24 / 43.2, 1) = 8.62`.
fn funds_formula(funds: &Funds, layout: &FundsLayout) -> Option<String> {
    let total = funds.rows.first()?;
    let budget = if layout.base() == 1 {
        total.annual_budget
    } else {
        total.initial_budget
    }?;
    Some(format::execution_formula(
        funds.weight?,
        total.executed?,
        budget,
        funds.score?,
    ))
}

fn goal(out: &mut String, e: &Evaluation, layout: &GoalLayout) {
    let goal = &e.goal;
    let month = month_of(&e.funds);
    // The parts the form has, in order: 预期目标, 实际完成情况, 执行情况.
    let parts: Vec<(String, &str)> =
        std::iter::once((layout.expected.clone(), goal.expected.as_str()))
            .chain(
                layout
                    .actual
                    .iter()
                    .map(|l| (l.clone(), goal.actual.as_str())),
            )
            .chain(
                layout
                    .progress
                    .iter()
                    .map(|l| (in_month(l, &month), goal.progress.as_deref().unwrap_or(""))),
            )
            .collect();
    let labels: Vec<String> = parts.iter().map(|(l, _)| label(l)).collect();
    let texts: Vec<String> = parts
        .iter()
        .map(|(_, t)| format!("prose({})", paragraphs(t, cell)))
        .collect();
    let _ = writeln!(
        out,
        "#table(\n  columns: (label-width, {}),\n  table.cell(rowspan: 2, {}), {},\n  {},\n)",
        vec!["1fr"; parts.len()].join(", "),
        label(&layout.label),
        labels.join(", "),
        texts.join(", ")
    );
}

/// Rows a 二级 category takes: one per indicator, and one for an empty
/// category, as on the official form.
fn rows_of(indicators: &[Indicator]) -> usize {
    indicators.len().max(1)
}

/// The label down the left of the indicator table, with its 分值.
fn indicators_label(e: &Evaluation, layout: &IndicatorLayout) -> String {
    let weight = arith::sum(e.categories.iter().map(|c| c.weight))
        .map(format::plain)
        .unwrap_or_default();
    layout.label.replace("{分值}", &weight)
}

/// What an indicator's cells need besides the indicator: whether the
/// form prints the target's parts apart, the month of the monitoring, and
/// how an adjusted target is explained (none on the 申报表).
struct Cells<'a> {
    split: (bool, bool),
    month: String,
    adjusted: Option<&'a str>,
}

impl<'a> Cells<'a> {
    fn new(e: &Evaluation, t: &'a Template, layout: &IndicatorLayout) -> Self {
        Cells {
            split: layout.split_target(),
            month: month_of(&e.funds),
            adjusted: (t.form != Form::Declaration).then_some(t.words.adjusted.as_str()),
        }
    }
}

fn indicators(
    out: &mut String,
    e: &Evaluation,
    t: &Template,
    layout: &IndicatorLayout,
    long: bool,
) {
    let cells = Cells::new(e, t, layout);
    if long {
        return long_indicators(out, e, layout, &cells);
    }
    let body_rows: usize = e
        .categories
        .iter()
        .flat_map(|l1| &l1.categories)
        .map(|l2| rows_of(&l2.indicators))
        .sum();
    let label = indicators_label(e, layout);
    let _ = writeln!(
        out,
        "#table(\n  columns: (label-width, {}),\n  table.cell(rowspan: {}, vertical({})),\n  {},",
        widths(&layout.columns),
        body_rows + 1,
        lit(&label),
        heads(&layout.columns, &cells.month)
    );
    for level1 in &e.categories {
        level1_rows(out, level1, layout, &cells);
    }
    total_row(out, e, layout);
}

/// Zero-height rows and open cells of a long indicator table.
const LONG_TABLE: &str = r#"// A long table: its column labels and the 一级 names are header rows that
// typst repeats at the top of every page. A 一级 name is drawn by a header
// row of no height down into the open cells below it; the first and last
// rows of a category hold a name that may wrap hidden, so that they are tall
// enough for it on any page. A short 二级 category is kept on one page; a
// long one has its name repeated like a 一级 name.
#let band = table.cell(inset: 0pt, stroke: (top: none, bottom: none), [])
#let mark(body) = table.cell(inset: 0pt, place(top, dy: 5pt, block(width: 100%, inset: (x: 3pt), body)))
#let open(body) = table.cell(stroke: (top: none, bottom: none), hide(body))
#let whole(rows, body) = table.cell(rowspan: rows, breakable: false, body)
#let gap(rows) = table.cell(rowspan: rows, stroke: (top: none, bottom: none), [])
"#;

/// The indicator table of a form that may not fit on one page: the same
/// rows and columns, with the labels in repeated header rows (typst does
/// not repeat a row-spanned cell on the next page). The label down the
/// left is written across, in the header row, so that it never needs more
/// height than a page's part of the table.
fn long_indicators(out: &mut String, e: &Evaluation, layout: &IndicatorLayout, cells: &Cells) {
    let columns = &layout.columns;
    let label = indicators_label(e, layout);
    out.push_str(LONG_TABLE);
    let _ = writeln!(
        out,
        "#table(\n  columns: (label-width, {}),\n  table.header(table.cell(stroke: (bottom: none), {}), {}),",
        widths(columns),
        cell(&label),
        heads(columns, &cells.month)
    );
    let rest = |from: usize| match columns.len() - from {
        0 => String::new(),
        n => format!(", table.cell(colspan: {n}, inset: 0pt, [])"),
    };
    // A name in an open cell: hidden in the first and last rows of its
    // category when it may wrap, nothing in the others.
    let open = |name: &str, index: usize, row: usize, rows: usize| {
        if (row == 0 || row + 1 == rows) && pages::may_wrap(name, columns, index) {
            format!("open({})", cell(name))
        } else {
            "open([])".to_string()
        }
    };
    for level1 in &e.categories {
        let name1 = category_text(&columns[0], &level1.name, level1.weight);
        let _ = writeln!(
            out,
            "  table.header(level: 2, band, mark({}){}),",
            cell(&name1),
            rest(1)
        );
        let rows1: usize = level1
            .categories
            .iter()
            .map(|c| rows_of(&c.indicators))
            .sum();
        // With no header row inside, the two open columns are one cell each
        // down the category (fewer cells for typst), unless its name may
        // wrap and needs the rows that hold it hidden.
        let spans = !pages::may_wrap(&name1, columns, 0)
            && level1
                .categories
                .iter()
                .all(|c| pages::keeps_together(c, columns));
        let mut row1 = 0;
        for level2 in &level1.categories {
            let weight = arith::sum(level2.indicators.iter().map(|i| i.weight)).unwrap_or_default();
            let name2 = category_text(&columns[1], &level2.name, weight);
            let rows2 = rows_of(&level2.indicators);
            let together = pages::keeps_together(level2, columns);
            if !together {
                let _ = writeln!(
                    out,
                    "  table.header(level: 3, band, band, mark({}){}),",
                    cell(&name2),
                    rest(2)
                );
            }
            for row2 in 0..rows2 {
                match (spans, row1) {
                    (true, 0) => {
                        let _ = write!(out, "  gap({rows1}), gap({rows1}),");
                    }
                    (true, _) => out.push(' '),
                    (false, _) => {
                        let _ = write!(out, "  open([]), {},", open(&name1, 0, row1, rows1));
                    }
                }
                match (together, row2) {
                    (true, 0) => {
                        let _ = write!(out, " whole({rows2}, {}),", cell(&name2));
                    }
                    (true, _) => {}
                    (false, _) => {
                        let _ = write!(out, " {},", open(&name2, 1, row2, rows2));
                    }
                }
                match level2.indicators.get(row2) {
                    Some(ind) => {
                        for column in &columns[2..] {
                            let _ = write!(out, " {},", indicator_cell(ind, column, cells));
                        }
                    }
                    None => out.push_str(&" [],".repeat(columns.len() - 2)),
                }
                out.push('\n');
                row1 += 1;
            }
        }
    }
    total_row(out, e, layout);
}

/// The 总分 row: the label over the left column and the columns before the first figure,
/// 分值 and 得分 under theirs, the grade over the columns after them.
fn total_row(out: &mut String, e: &Evaluation, layout: &IndicatorLayout) {
    // A form of a stage before the self-evaluation has no total.
    let (Some(total), Some(grade)) = (&layout.total, &layout.grade) else {
        out.push_str(")\n");
        return;
    };
    let columns = &layout.columns;
    let figure = |c: &Column<IndicatorColumn>| {
        matches!(c.kind, IndicatorColumn::Weight | IndicatorColumn::Score)
    };
    let first = columns.iter().position(figure).unwrap_or(columns.len());
    let last = columns.iter().rposition(figure).unwrap_or(first);
    let grade = grade.replace("{等级}", &e.grade);
    // No column after the figures (a score column last): the grade goes
    // with the label.
    let after = columns.len() - last.min(columns.len() - 1) - 1;
    let total = match after {
        0 => format!("{total}（{grade}）"),
        _ => total.clone(),
    };
    // The label column down the left ends above this row.
    let mut cells = vec![format!(
        "table.cell(colspan: {}, {})",
        first + 1,
        label(&total)
    )];
    for c in &columns[first..=last.min(columns.len() - 1)] {
        cells.push(match c.kind {
            IndicatorColumn::Weight => cell(&format::plain(e.total_weight)),
            IndicatorColumn::Score => cell(&format::score(e.total_score)),
            _ => "[]".to_string(),
        });
    }
    match after {
        0 => {}
        1 => cells.push(cell(&grade)),
        rest => cells.push(format!("table.cell(colspan: {rest}, {})", cell(&grade))),
    }
    let _ = writeln!(out, "  {},\n)", cells.join(", "));
}

/// A 一级 or 二级 cell: its name, or the column's pattern.
fn category(column: &Column<IndicatorColumn>, name: &str, weight: Decimal) -> String {
    cell(&category_text(column, name, weight))
}

fn category_text(column: &Column<IndicatorColumn>, name: &str, weight: Decimal) -> String {
    match &column.text {
        None => name.to_string(),
        Some(pattern) => pattern
            .replace("{名称}", name)
            .replace("{分值}", &format::plain(weight)),
    }
}

fn level1_rows(out: &mut String, level1: &Level1, layout: &IndicatorLayout, cells: &Cells) {
    let rows: usize = level1
        .categories
        .iter()
        .map(|c| rows_of(&c.indicators))
        .sum();
    let columns = &layout.columns;
    let _ = write!(
        out,
        "  table.cell(rowspan: {rows}, {}),",
        category(&columns[0], &level1.name, level1.weight)
    );
    for level2 in &level1.categories {
        let weight = arith::sum(level2.indicators.iter().map(|i| i.weight)).unwrap_or_default();
        let _ = write!(
            out,
            "\n  table.cell(rowspan: {}, {}),",
            rows_of(&level2.indicators),
            category(&columns[1], &level2.name, weight)
        );
        if level2.indicators.is_empty() {
            out.push_str(&" [],".repeat(columns.len() - 2));
        }
        for (i, ind) in level2.indicators.iter().enumerate() {
            if i > 0 {
                out.push_str("\n ");
            }
            for column in &columns[2..] {
                let _ = write!(out, " {},", indicator_cell(ind, column, cells));
            }
        }
    }
    out.push('\n');
}

fn indicator_cell(ind: &Indicator, column: &Column<IndicatorColumn>, cells: &Cells) -> String {
    if let Some(text) = &column.text {
        return name_cell(text);
    }
    let parts = &ind.target_parts;
    let split = cells.split;
    let monitoring = |pick: fn(&IndicatorMonitoring) -> Option<&String>| {
        ind.monitoring
            .as_deref()
            .and_then(pick)
            .map_or("[]".to_string(), |t| name_cell(t))
    };
    match column.kind {
        IndicatorColumn::Name => name_cell(&ind.name),
        IndicatorColumn::Nature => cell(&parts.nature),
        // An adjusted target, with when and why, and what was declared.
        IndicatorColumn::Target
            if let (Some(a), Some(pattern)) = (&ind.adjustment, cells.adjusted) =>
        {
            let note = pattern
                .replace("{日期}", &format::iso_date(a.date))
                .replace("{原指标值}", &a.declared)
                .replace("{原因}", &a.reason);
            let figure = match split {
                (false, false) => ind.target.clone(),
                (true, true) => parts.figure.clone(),
                (true, false) => format!("{}{}", parts.figure, parts.unit),
                (false, true) if parts.nature == "=" || parts.nature == "定性" => {
                    parts.figure.clone()
                }
                (false, true) => format!("{}{}", parts.nature, parts.figure),
            };
            paragraphs(&format!("{figure}\n{note}"), cell)
        }
        IndicatorColumn::Target => match split {
            (false, false) => paragraphs(&ind.target, cell),
            (true, true) => paragraphs(&parts.figure, cell),
            (true, false) => cell(&format!("{}{}", parts.figure, parts.unit)),
            (false, true) if parts.nature == "=" || parts.nature == "定性" => {
                paragraphs(&parts.figure, cell)
            }
            (false, true) => cell(&format!("{}{}", parts.nature, parts.figure)),
        },
        IndicatorColumn::Unit => cell(&parts.unit),
        IndicatorColumn::Actual => paragraphs(&ind.actual, cell),
        IndicatorColumn::Weight => cell(&format::plain(ind.weight)),
        IndicatorColumn::Score => cell(&format::score(ind.score)),
        IndicatorColumn::Method => match &ind.formula {
            Some(formula) => cell(formula),
            None => cell(ind.rule.chinese()),
        },
        IndicatorColumn::Deviation => ind.deviation.as_deref().map_or("[]".to_string(), name_cell),
        IndicatorColumn::Explanation => ind
            .explanation
            .as_deref()
            .map_or("[]".to_string(), name_cell),
        IndicatorColumn::Standard => ind.standard.as_deref().map_or("[]".to_string(), name_cell),
        IndicatorColumn::ToDate => monitoring(|m| m.to_date.as_ref()),
        IndicatorColumn::Forecast => monitoring(|m| m.forecast.as_ref()),
        IndicatorColumn::Cause => monitoring(|m| m.cause.as_ref()),
        IndicatorColumn::Measures => monitoring(|m| m.measures.as_ref()),
        IndicatorColumn::Level1 | IndicatorColumn::Level2 => "[]".to_string(),
    }
}

/// Rows of a label and a text across the form.
fn texts(out: &mut String, e: &Evaluation, rows: &[TextRow]) {
    out.push_str("#table(\n  columns: (label-width, 1fr),\n");
    for row in rows {
        let text = e.fields.get(&row.key).map_or("[]".to_string(), |t| {
            format!("prose({})", paragraphs(t, cell))
        });
        let _ = writeln!(out, "  {}, {text},", label(&row.label));
    }
    out.push_str(")\n");
}

/// One row of signatures: each label with the name written after it, and
/// room to sign.
fn signatures(out: &mut String, e: &Evaluation, rows: &[TextRow]) {
    let _ = writeln!(
        out,
        "#table(\n  columns: ({}),\n  inset: (x: 3pt, y: 10pt),",
        vec!["1fr"; rows.len()].join(", ")
    );
    let cells: Vec<String> = rows
        .iter()
        .map(|row| {
            let name = e.fields.get(&row.key).map_or("", String::as_str);
            format!("name-cell({})", cell(&format!("{}{name}", row.label)))
        })
        .collect();
    let _ = writeln!(out, "  {},\n)", cells.join(", "));
}

fn report(
    out: &mut String,
    report: &Report,
    form: &Evaluation,
    t: &Template,
    numbering: Numbering,
) {
    out.push_str("\n#pagebreak()\n#show: official\n");
    if numbering == Numbering::Own {
        out.push_str("#counter(page).update(1)\n");
    }
    part(out, |out| report_text(out, report, form, t));
}

/// The report's title, chapters and 落款.
fn report_text(out: &mut String, report: &Report, form: &Evaluation, t: &Template) {
    let mut title = vec![lit(&report.title)];
    title.extend(report.subtitle.as_deref().map(lit));
    let _ = writeln!(out, "#report-title({})", title.join(", "));
    let mut last = None;
    for (i, chapter) in report.chapters.iter().enumerate() {
        let number = format!("{}、", format::chinese_number(i + 1));
        let _ = writeln!(
            out,
            "#par(text(font: hei, {}))",
            lit(&format!("{number}{}", chapter.title))
        );
        last = blocks(out, &chapter.blocks, form, t);
    }
    if let Some(signed) = &report.signed {
        let names = format!(
            "{}, {}",
            lit(&signed.issuer),
            lit(&format::chinese_date(signed.date))
        );
        // The 落款 is never alone on a page: it joins the last paragraph.
        match last {
            Some((start, body)) => {
                out.truncate(start);
                let _ = writeln!(out, "#closing({body}, {names})");
            }
            None => {
                let _ = writeln!(out, "#signed({names})");
            }
        }
    }
}

/// The blocks of a chapter. Headings are numbered （一） / 1. / （1）, each
/// level counting from one again under a new heading above it; a heading
/// runs in with the paragraph right after it, as in the seed. Returns
/// where the last paragraph starts in `out`, and its body, when it is the
/// last thing written (the 落款 joins it).
fn blocks(
    out: &mut String,
    blocks: &[Block],
    form: &Evaluation,
    t: &Template,
) -> Option<(usize, String)> {
    let mut counters = [0usize; 3];
    let mut pending: Option<(u8, String)> = None;
    let mut last = None;
    let paragraph = |out: &mut String, body: String| {
        let start = out.len();
        let _ = writeln!(out, "#par({body})");
        Some((start, body))
    };
    for block in blocks {
        last = None;
        if let Block::Paragraph { text } = block {
            let mut paragraphs = text.split('\n');
            match (pending.take(), paragraphs.next()) {
                (Some((level, heading)), Some(first)) => {
                    let body = format!(
                        "[#text(font: {}, {})#{}]",
                        heading_font(level),
                        lit(&run_in(&heading)),
                        lit(first)
                    );
                    last = paragraph(out, body);
                }
                (None, Some(first)) => last = paragraph(out, lit(first)),
                (_, None) => {}
            }
            for p in paragraphs {
                last = paragraph(out, lit(p));
            }
            continue;
        }
        if let Some((level, heading)) = pending.take() {
            let _ = writeln!(
                out,
                "#par(text(font: {}, {}))",
                heading_font(level),
                lit(&heading)
            );
        }
        match block {
            Block::Heading { level, title } => {
                let depth = usize::from(level.clamp(&2, &4) - 2);
                counters[depth] += 1;
                counters[depth + 1..].fill(0);
                let n = counters[depth];
                let number = match depth {
                    0 => format!("（{}）", format::chinese_number(n)),
                    1 => format!("{n}."),
                    _ => format!("（{n}）"),
                };
                pending = Some((*level, format!("{number}{title}")));
            }
            Block::List { items } => {
                let items: Vec<String> = items.iter().map(|i| paragraphs(i, lit)).collect();
                let _ = writeln!(
                    out,
                    "#block({{ set par(first-line-indent: 0pt); enum(numbering: \"1.\", indent: 2em, {}) }})",
                    items.join(", ")
                );
            }
            Block::Table { table } => form_table(out, *table, form, t),
            Block::Paragraph { .. } => unreachable!("handled above"),
        }
    }
    if let Some((level, heading)) = pending {
        let _ = writeln!(
            out,
            "#par(text(font: {}, {}))",
            heading_font(level),
            lit(&heading)
        );
        return None;
    }
    last
}

fn heading_font(level: u8) -> &'static str {
    if level == 2 { "kai" } else { "fangsong" }
}

/// A table of the report, generated from the form.
fn form_table(out: &mut String, table: FormTable, form: &Evaluation, t: &Template) {
    let indicator_label = |kind: IndicatorColumn| {
        t.indicators()
            .columns
            .iter()
            .find(|c| c.kind == kind)
            .map_or(String::new(), |c| c.label.clone())
    };
    let funds = t.funds();
    let funds_label = |kind: FundsColumn| {
        funds
            .columns
            .iter()
            .find(|c| c.kind == kind)
            .map_or(String::new(), |c| c.label.clone())
    };
    let indicators = form
        .categories
        .iter()
        .flat_map(|l1| &l1.categories)
        .flat_map(|l2| l2.indicators.iter().map(move |i| (l2, i)));
    use IndicatorColumn as I;
    let (columns, header, rows): (String, Vec<String>, Vec<Vec<String>>) = match table {
        FormTable::Deviations => (
            "(1fr, 25mm, 25mm, 11mm, 13mm, 1.4fr)".to_string(),
            [
                I::Name,
                I::Target,
                I::Actual,
                I::Weight,
                I::Score,
                I::Deviation,
            ]
            .map(indicator_label)
            .to_vec(),
            indicators
                .filter(|(_, i)| i.score < i.weight)
                .map(|(_, i)| {
                    vec![
                        cell(&i.name),
                        cell(&i.target),
                        cell(&i.actual),
                        cell(&format::plain(i.weight)),
                        cell(&format::score(i.score)),
                        i.deviation
                            .as_deref()
                            .map_or("[]".to_string(), |d| paragraphs(d, cell)),
                    ]
                })
                .collect(),
        ),
        FormTable::Indicators => (
            "(22mm, 1fr, 25mm, 25mm, 11mm, 13mm)".to_string(),
            [
                I::Level2,
                I::Name,
                I::Target,
                I::Actual,
                I::Weight,
                I::Score,
            ]
            .map(indicator_label)
            .to_vec(),
            indicators
                .map(|(l2, i)| {
                    vec![
                        cell(&l2.name),
                        cell(&i.name),
                        cell(&i.target),
                        cell(&i.actual),
                        cell(&format::plain(i.weight)),
                        cell(&format::score(i.score)),
                    ]
                })
                .collect(),
        ),
        FormTable::Funds => {
            // The form's amount columns and its 执行率.
            let kinds: Vec<FundsColumn> = funds
                .columns
                .iter()
                .map(|c| c.kind)
                .filter(|k| k.amount().is_some() || *k == FundsColumn::Rate)
                .collect();
            let mut header = vec![t.words.item.clone()];
            header.extend(kinds.iter().map(|k| funds_label(*k)));
            let columns = format!("(1.3fr{})", ", 1fr".repeat(kinds.len()));
            let rows = form
                .funds
                .rows
                .iter()
                .zip(&funds.rows)
                .map(|(r, def)| {
                    let mut row = vec![lit(&def.label)];
                    row.extend(kinds.iter().map(|k| {
                        match k {
                            FundsColumn::Initial => amount(r.initial_budget),
                            FundsColumn::Annual => amount(r.annual_budget),
                            FundsColumn::Executed => amount(r.executed),
                            _ => r
                                .execution_rate
                                .map_or("[]".to_string(), |v| cell(&format::percent(v))),
                        }
                    }));
                    row
                })
                .collect();
            (columns, header, rows)
        }
    };
    let header: Vec<String> = header.iter().map(|h| head(h)).collect();
    let _ = write!(
        out,
        "#block(text(size: 10.5pt, table(\n  columns: {columns},\n  table.header({}),\n",
        header.join(", ")
    );
    if rows.is_empty() {
        let _ = writeln!(
            out,
            "  table.cell(colspan: {}, {}),",
            header.len(),
            lit(&t.words.none)
        );
    }
    for row in rows {
        let _ = writeln!(out, "  {},", row.join(", "));
    }
    out.push_str(")))\n");
}

/// A run-in heading ends with 。 unless it already ends with punctuation.
fn run_in(heading: &str) -> String {
    match heading.chars().last() {
        Some('。' | '：' | ':' | '；' | '？' | '！') => heading.to_string(),
        _ => format!("{heading}。"),
    }
}

#[cfg(test)]
mod tests {
    use super::{cell, lit, long_runs, narrow_fonts, preamble};

    #[test]
    fn font_lists_are_narrowed_to_the_families_kept() {
        let source = format!("{}#par(\"正文\")\n", preamble());
        let noto = |f: &str| f.starts_with("Noto");
        let narrowed = narrow_fonts(&source, noto).unwrap();
        assert!(narrowed.starts_with(
            "// Generated by jixiao. Edit the .jx file, not this one.\n\
             #let song = (\"Noto Serif CJK SC\",)\n\
             #let fangsong = (\"Noto Serif CJK SC\",)\n\
             #let hei = (\"Noto Sans CJK SC\",)\n\
             #let kai = (\"Noto Serif CJK SC\",)\n\
             #let biaosong = (\"Noto Serif CJK SC\",)\n"
        ));
        // The rest of the source is as it was.
        let rest = |s: &str| {
            s.split_once("#let biaosong")
                .unwrap()
                .1
                .split_once('\n')
                .unwrap()
                .1
                .to_string()
        };
        assert_eq!(rest(&narrowed), rest(&source));
        // Keeping every family changes nothing.
        assert_eq!(narrow_fonts(&source, |_| true).unwrap(), source);
        // A role left without a family, or a source jixiao did not write,
        // is not narrowed.
        assert_eq!(narrow_fonts(&source, |f| f.contains("Serif")), None);
        assert_eq!(narrow_fonts("#let song = (\"SimSun\")\n", noto), None);
    }

    /// The scan finds what the regular expression it replaced found, on
    /// every string of up to seven characters drawn from letters, digits,
    /// signs, combining marks, Chinese and spaces.
    #[test]
    fn long_runs_are_what_the_regular_expression_found() {
        let pattern = regex::Regex::new(r"(?:[!-~]\p{M}*){6,}").unwrap();
        let alphabet = ['a', '7', '-', '\u{301}', '\u{20dd}', '中', ' '];
        let mut tried = 0;
        for len in 0..=7u32 {
            for mut code in 0..alphabet.len().pow(len) {
                let mut text = String::new();
                for _ in 0..len {
                    text.push(alphabet[code % alphabet.len()]);
                    code /= alphabet.len();
                }
                let expected: Vec<_> = pattern.find_iter(&text).map(|m| m.range()).collect();
                assert_eq!(long_runs(&text), expected, "{text:?}");
                tried += 1;
            }
        }
        assert!(tried > 900_000);
    }

    #[test]
    fn literals_escape_quote_backslash_and_controls() {
        assert_eq!(lit(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(
            lit("#read(\"/etc/passwd\")"),
            r##""#read(\"/etc/passwd\")""##
        );
        assert_eq!(lit("a\tb"), r#""a\u{9}b""#);
    }

    #[test]
    fn text_without_a_long_run_is_one_literal() {
        for text in [
            "岳麓区就业服务中心",
            "10.00",
            "95.5%",
            "≥90%",
            "abcde 12345",
            "",
        ] {
            assert_eq!(cell(text), lit(text));
        }
    }

    #[test]
    fn only_the_long_runs_of_a_cell_are_breakable() {
        assert_eq!(
            cell("代码ABC-123456，见https://x.cn/a"),
            r##"[#"代码"#breakable("ABC-123456")#"，见"#breakable("https://x.cn/a")]"##
        );
        assert_eq!(cell("100.00%"), r#"breakable("100.00%")"#);
        // A combining mark belongs to its letter: six letters with marks.
        assert_eq!(
            cell("e\u{301}te\u{301}xyz 是"),
            "[#breakable(\"e\u{301}te\u{301}xyz\")#\" 是\"]"
        );
        // The run is still a string literal, escaped.
        assert_eq!(
            cell("#read(\"/etc/hostname\")"),
            r##"breakable("#read(\"/etc/hostname\")")"##
        );
    }

    /// A show rule that scans all the text (once `show regex(…)` in every
    /// table cell) made bundles five times slower: the emitter decides.
    #[test]
    fn no_show_rule_scans_the_text() {
        let source = include_str!("../examples/yuelu-2021.jx");
        let model = crate::compile(source).model.expect("the seed checks");
        let typst = super::emit(&model);
        assert!(!typst.contains("regex("), "{typst}");
        assert!(typst.contains(", breakable(\"100.00%\"),"), "{typst}");
    }
}
