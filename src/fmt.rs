//! The formatter: one canonical layout for a `.jx` file, keeping every
//! comment, aligning indicator fields and funds columns by display width (a
//! CJK character is two columns), and wrapping long strings at punctuation
//! without changing their text. It can also rewrite the keywords into the
//! Chinese or the English set.

use crate::ast::*;
use crate::diag::Diagnostic;
use crate::span::Span;
use crate::words::*;

/// Which keyword set to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keywords {
    /// As the file writes them.
    Keep,
    Zh,
    En,
}

/// Lines are wrapped to this display width where strings allow it.
const WIDTH: usize = 100;

/// Formats a file. A file that does not parse is returned as its syntax
/// diagnostics: it is never formatted.
pub fn format(source: &str, keywords: Keywords) -> Result<String, Vec<Diagnostic>> {
    let file = crate::parse(source)?;
    let mut printer = Printer {
        source,
        keywords,
        comments: comments(source, &file.comments),
        next: 0,
        out: String::new(),
        last_end: 0,
        line_comment_end: usize::MAX,
    };
    for item in &file.items {
        let span = match item {
            TopItem::Evaluation(e) => e.span,
            TopItem::Report(r) => r.span,
            TopItem::Template(t) => t.span,
            TopItem::Unknown(u) => u.span,
        };
        printer.leading(span.start, 0, true);
        match item {
            TopItem::Evaluation(e) => printer.evaluation(e),
            TopItem::Report(r) => printer.report(r),
            TopItem::Template(t) => printer.template(t),
            TopItem::Unknown(u) => printer.verbatim(u.span, 0),
        }
    }
    printer.leading(source.len(), 0, true);
    let mut out = printer.out.trim_end().to_string();
    out.push('\n');
    Ok(out)
}

/// The display width of text: CJK and other wide characters count two.
pub fn width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let wide = matches!(c as u32,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
                | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
                | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x1F300..=0x1F64F
                | 0x1F900..=0x1F9FF | 0x20000..=0x3FFFD);
            if wide { 2 } else { 1 }
        })
        .sum()
}

/// The text of every comment of a source, in order, as the parser finds
/// them: what `format` keeps, each comment whole (the fuzz target compares
/// them before and after).
pub fn comment_texts(source: &str) -> Vec<&str> {
    let file = crate::parse::parse_recovering(source).file;
    file.map_or_else(Vec::new, |file| {
        file.comments
            .iter()
            .map(|c| source[c.span.start..c.span.end].trim_end())
            .collect()
    })
}

/// What the grammar skips as blank: whitespace and a byte order mark.
fn blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// A comment of the source.
struct Comment {
    span: Span,
    /// Code stands before it on its line.
    trailing: bool,
}

/// The comments the parser found, each with whether code stands before it.
fn comments(source: &str, found: &[Lexeme]) -> Vec<Comment> {
    found
        .iter()
        .map(|c| {
            let i = c.span.start;
            let line_start = source[..i].rfind('\n').map_or(0, |n| n + 1);
            Comment {
                span: c.span,
                trailing: !source[line_start..i].chars().all(blank),
            }
        })
        .collect()
}

/// An item of a funds block other than a row: a text (偏差, 偏差原因,
/// 纠偏措施) or the monitoring date (the span of the date).
enum FundsItem<'a> {
    Text(&'a Str),
    Date(Span),
}

struct Printer<'a> {
    source: &'a str,
    keywords: Keywords,
    comments: Vec<Comment>,
    /// The first comment not printed yet.
    next: usize,
    out: String,
    /// Where the last printed item ended in the source.
    last_end: usize,
    /// The length of `out` just after the last `//` comment printed: when
    /// `out` (without its final newline) is this long, its last line ends
    /// in a `//` comment, which would swallow anything appended to it.
    line_comment_end: usize,
}

impl Printer<'_> {
    fn text(&self, span: Span) -> &str {
        &self.source[span.start..span.end]
    }

    /// A figure as written, full-width digits and signs written half-width.
    fn figure(&self, span: Span) -> String {
        crate::parse::half_width(self.text(span)).into_owned()
    }

    /// A value as written: a figure half-width, a string as it is.
    fn value(&self, value: &crate::ast::Value) -> String {
        match value.kind {
            ValueKind::Text(_) => self.literal(value.span),
            _ => self.figure(value.span),
        }
    }

    /// A string literal as written, in ASCII quotes when it was written in
    /// Chinese or full-width ones (`“…”`, `＂…＂`).
    fn literal(&self, span: Span) -> String {
        let text = self.text(span);
        if text.starts_with('"') {
            return text.to_string();
        }
        let mut chars = text.chars();
        chars.next();
        chars.next_back();
        format!("\"{}\"", chars.as_str().replace('"', "\\\""))
    }

    /// A template item's argument as written, strings in ASCII quotes.
    fn arg(&self, arg: &crate::ast::Value) -> String {
        match arg.kind {
            ValueKind::Text(_) => self.literal(arg.span),
            _ => self.text(arg.span).to_string(),
        }
    }

    /// A word in the keyword set asked for.
    fn word(&self, written: &str, words: Words) -> String {
        let Some((zh, en)) = lookup(written, words) else {
            return written.to_string();
        };
        match self.keywords {
            Keywords::Keep => written.to_string(),
            Keywords::Zh => zh.to_string(),
            Keywords::En => en.to_string(),
        }
    }

    /// A category name in the keyword set asked for.
    fn category(&self, written: &str) -> String {
        let Some((zh, en)) = crate::scheme::DEFAULT_NAMES
            .iter()
            .find(|(zh, en)| *zh == written || *en == written)
        else {
            return written.to_string();
        };
        match self.keywords {
            Keywords::Keep => written.to_string(),
            Keywords::Zh => zh.to_string(),
            Keywords::En => en.to_string(),
        }
    }

    fn keyword(&self, span: Span) -> String {
        let written = self.text(span);
        self.word(written, KEYWORDS)
    }

    fn indent(&mut self, level: usize) {
        self.out.push_str(&"  ".repeat(level));
    }

    /// Prints the own-line comments before `at`, and a blank line where the
    /// source has one before the next thing (when `blank` allows it).
    fn leading(&mut self, at: usize, level: usize, blank: bool) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= at {
                break;
            }
            let span = c.span;
            if c.trailing {
                // A trailing comment whose line was not printed with it.
                self.trailing_comment(span, level);
                self.next += 1;
                continue;
            }
            if blank
                && self.blank_before(span.start)
                && !self.out.ends_with("{\n")
                && !self.out.is_empty()
            {
                self.out.push('\n');
            }
            self.indent(level);
            let text = self.text(span).trim_end().to_string();
            self.out.push_str(&text);
            self.printed_comment(span);
            self.out.push('\n');
            self.last_end = self.last_end.max(span.end);
            self.next += 1;
        }
        if blank
            && self.blank_before(at)
            && !self.out.ends_with("{\n")
            && !self.out.is_empty()
            && at < self.source.len()
        {
            self.out.push('\n');
        }
    }

    /// Whether the source has a blank line between the last printed item
    /// and `at`.
    fn blank_before(&self, at: usize) -> bool {
        let between = &self.source[self.last_end.min(at)..at];
        between.lines().skip(1).any(|l| l.chars().all(blank)) && between.matches('\n').count() >= 2
    }

    /// Appends `// …` to the last printed line, or, when that line ends in
    /// a `//` comment that would swallow it, puts it on a line of its own at
    /// `level`, where the next run prints it as a comment on its own line.
    fn trailing_comment(&mut self, span: Span, level: usize) {
        let text = self.text(span).trim_end().to_string();
        if self.out.ends_with('\n') {
            self.out.pop();
        }
        if self.out.len() == self.line_comment_end {
            self.out.push('\n');
            self.indent(level);
        } else {
            self.out.push_str("  ");
        }
        self.out.push_str(&text);
        self.printed_comment(span);
        self.out.push('\n');
        // A comment from inside an item printed before it ends there.
        self.last_end = self.last_end.max(span.end);
    }

    /// Notes that `out` now ends in the comment at `span`: a `//` comment
    /// would swallow anything appended to the line.
    fn printed_comment(&mut self, span: Span) {
        if self.text(span).starts_with("//") {
            self.line_comment_end = self.out.len();
        }
    }

    /// Ends a printed line at `level`: the comments trailing it in the
    /// source follow it.
    fn end_line(&mut self, end: usize, level: usize) {
        self.out.push('\n');
        self.last_end = self.last_end.max(end);
        let line_end = self.source[end..]
            .find('\n')
            .map_or(self.source.len(), |n| end + n);
        // Only comments with nothing but blanks and braces before them on
        // the line trail it: `a b // c` keeps `// c` after `b`.
        let mut from = end;
        while let Some(c) = self.comments.get(self.next) {
            let before = self.source.get(from..c.span.start).unwrap_or("x");
            if c.trailing
                && c.span.start < line_end
                && before.chars().all(|ch| blank(ch) || ch == '{' || ch == '}')
            {
                let span = c.span;
                self.trailing_comment(span, level);
                self.next += 1;
                from = span.end;
            } else {
                break;
            }
        }
    }

    /// Prints source as it is (an unknown keyword and all it governs),
    /// with the comments inside it.
    fn verbatim(&mut self, span: Span, level: usize) {
        let mut last = None;
        while let Some(c) = self
            .comments
            .get(self.next)
            .filter(|c| c.span.start >= span.start && c.span.start < span.end)
        {
            last = Some(c.span);
            self.next += 1;
        }
        self.indent(level);
        let text = self.text(span).trim().to_string();
        self.out.push_str(&text);
        // The text may end in one of its comments.
        if let Some(comment) = last
            && self.source[comment.end.min(span.end)..span.end]
                .chars()
                .all(blank)
        {
            self.printed_comment(comment);
        }
        self.end_line(span.end, level);
    }

    fn open(&mut self, head: &str, level: usize, at: usize) {
        self.indent(level);
        self.out.push_str(head);
        self.out.push_str(" {");
        self.end_line(at, level);
    }

    fn close(&mut self, level: usize, block_end: usize) {
        // Comments left inside the block go before its `}`.
        let brace = self.source[..block_end]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        self.leading(brace, level + 1, false);
        self.indent(level);
        self.out.push('}');
        self.end_line(block_end, level);
    }

    // ---------------------------------------------------------------- 自评表

    fn evaluation(&mut self, e: &Evaluation) {
        let head = format!(
            "{} {}",
            self.keyword(e.keyword),
            self.string(&e.name.value, 0)
        );
        self.open(&head, 0, e.name.span.end);
        for item in &e.items {
            let start = item_span(item).start;
            self.leading(start, 1, true);
            match item {
                EvalItem::Year { keyword, year } => self.line(
                    1,
                    &format!("{} {}", self.keyword(*keyword), year.value),
                    year.span.end,
                ),
                EvalItem::Title { keyword, text }
                | EvalItem::Department { keyword, text }
                | EvalItem::Implementer { keyword, text }
                | EvalItem::Template {
                    keyword,
                    name: text,
                } => {
                    let head = self.keyword(*keyword);
                    let literal = self.string(&text.value, 2 + width(&head) + 1);
                    self.line(1, &format!("{head} {literal}"), text.span.end);
                }
                EvalItem::Fields(f) => self.fields(f),
                EvalItem::Projects(p) => self.projects(p),
                EvalItem::Scheme(s) => self.scheme(s),
                EvalItem::Funds(f) => self.funds(f),
                EvalItem::Goal(g) => self.goal(g),
                EvalItem::Indicators(i) => self.indicators(i),
                EvalItem::Unknown(u) => self.verbatim(u.span, 1),
            }
        }
        self.close(0, e.span.end);
    }

    fn line(&mut self, level: usize, text: &str, end: usize) {
        self.indent(level);
        self.out.push_str(text);
        self.end_line(end, level);
    }

    fn fields(&mut self, f: &Fields) {
        let head = self.keyword(f.keyword);
        self.open(&head, 1, f.keyword.end);
        for (name, text) in &f.entries {
            self.leading(name.span.start, 2, true);
            let literal = self.string(&text.value, 4 + width(&name.value) + 1);
            self.line(2, &format!("{} {literal}", name.value), text.span.end);
        }
        self.close(1, f.span.end);
    }

    /// `项目汇总 { … }`: one file a line.
    fn projects(&mut self, p: &Projects) {
        let head = self.keyword(p.keyword);
        self.open(&head, 1, p.keyword.end);
        for file in &p.files {
            self.leading(file.span.start, 2, true);
            let literal = self.string(&file.value, 4);
            self.line(2, &literal, file.span.end);
        }
        self.close(1, p.span.end);
    }

    // ---------------------------------------------------------------- 表样

    fn template(&mut self, t: &Template) {
        let head = format!(
            "{} {}",
            self.keyword(t.keyword),
            self.string(&t.name.value, 0)
        );
        self.open(&head, 0, t.name.span.end);
        for item in &t.items {
            match item {
                TemplateItem::Scheme(s) => {
                    self.leading(s.span.start, 1, true);
                    self.scheme(s);
                }
                TemplateItem::Layout(l) => self.layout(l, 1),
            }
        }
        self.close(0, t.span.end);
    }

    /// A template item: its name and arguments as written, and its block,
    /// on one line when it is short, holds no block and no comment.
    fn layout(&mut self, l: &Layout, level: usize) {
        self.leading(l.span.start, level, true);
        let mut head = l.name.value.clone();
        for arg in &l.args {
            head.push(' ');
            head.push_str(&self.arg(arg));
        }
        let Some(block) = &l.block else {
            self.line(level, &head, l.span.end);
            return;
        };
        let flat = block.items.iter().all(|i| i.block.is_none())
            && !self
                .comments
                .iter()
                .any(|c| c.span.start > block.span.start && c.span.start < block.span.end);
        if flat {
            let items: Vec<String> = block
                .items
                .iter()
                .map(|i| {
                    std::iter::once(i.name.value.clone())
                        .chain(i.args.iter().map(|a| self.arg(a)))
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            let line = match items.is_empty() {
                true => format!("{head} {{}}"),
                false => format!("{head} {{ {} }}", items.join("  ")),
            };
            if 2 * level + width(&line) <= 100 && !line.contains('\n') {
                self.line(level, &line, block.span.end);
                return;
            }
        }
        self.open(
            &head,
            level,
            past(self.source, block.span.start, &['{', '｛']),
        );
        for item in &block.items {
            self.layout(item, level + 1);
        }
        self.close(level, block.span.end);
    }

    fn scheme(&mut self, s: &Scheme) {
        let head = self.keyword(s.keyword);
        self.open(&head, 1, s.keyword.end);
        for item in &s.items {
            match item {
                SchemeItem::Framework {
                    keyword,
                    groups,
                    span,
                } => {
                    self.leading(keyword.start, 2, true);
                    let head = self.keyword(*keyword);
                    self.open(&head, 2, keyword.end);
                    for g in groups {
                        self.leading(g.name.span.start, 3, true);
                        let mut line = self.category(&g.name.value);
                        if let Some(w) = &g.weight {
                            line.push(' ');
                            line.push_str(self.text(w.span));
                        }
                        let children: Vec<String> =
                            g.children.iter().map(|c| self.category(&c.value)).collect();
                        let end = g.children.last().map_or(g.name.span.end, |c| c.span.end);
                        let close = past(self.source, end, CLOSE);
                        self.line(3, &format!("{line} {{ {} }}", children.join(" ")), close);
                    }
                    self.close(2, span.end);
                }
                SchemeItem::Setting { name, value } => {
                    self.leading(name.span.start, 2, true);
                    let key = self.word(&name.value, SETTINGS);
                    match value {
                        SettingValue::Value(v) => {
                            let text = match &v.kind {
                                ValueKind::Word(w) => self.word(w, SETTINGS),
                                _ => self.value(v),
                            };
                            self.line(2, &format!("{key} {text}"), v.span.end);
                        }
                        SettingValue::Table { entries, span } => {
                            let pairs: Vec<String> = entries
                                .iter()
                                .map(|(k, v)| {
                                    let k = self.word(&self.category(&k.value), SETTINGS);
                                    format!("{k} {}", self.value(v))
                                })
                                .collect();
                            self.line(2, &format!("{key} {{ {} }}", pairs.join("  ")), span.end);
                        }
                    }
                }
            }
        }
        self.close(1, s.span.end);
    }

    fn funds(&mut self, f: &Funds) {
        let mut head = self.keyword(f.keyword);
        if let Some(unit) = &f.unit {
            head.push(' ');
            head.push_str(&unit.value);
        }
        self.open(
            &head,
            1,
            f.unit.as_ref().map_or(f.keyword.end, |u| u.span.end),
        );
        // Columns: label, three cells, weight; aligned by display width.
        let rows: Vec<(usize, Vec<String>, usize)> = f
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![self.word(&r.label.value, ROWS)];
                cells.extend(r.cells.iter().map(|c| self.figure(c.span)));
                for (keyword, figure) in [
                    ("分值", &r.weight),
                    ("执行率", &r.rate),
                    ("得分", &r.score),
                    ("执行数", &r.to_date),
                    ("预计执行数", &r.forecast),
                ] {
                    if let Some(figure) = figure {
                        cells.push(format!(
                            "{} {}",
                            self.word(keyword, KEYWORDS),
                            self.figure(figure.span)
                        ));
                    }
                }
                (r.span.start, cells, r.span.end)
            })
            .collect();
        let columns = rows.iter().map(|r| r.1.len()).max().unwrap_or(0);
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                rows.iter()
                    .filter_map(|r| r.1.get(c))
                    .map(|s| width(s))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        // The items other than rows, in the order written.
        let mut items: Vec<(Span, FundsItem)> = f
            .notes
            .iter()
            .chain(&f.causes)
            .chain(&f.measures)
            .map(|(k, t)| (*k, FundsItem::Text(t)))
            .chain(
                f.monitoring
                    .iter()
                    .map(|(k, d)| (*k, FundsItem::Date(d.span))),
            )
            .collect();
        items.sort_by_key(|(k, _)| k.start);
        let mut notes = items.into_iter().peekable();
        for (start, cells, end) in &rows {
            while let Some((keyword, item)) = notes.next_if(|(k, _)| k.start < *start) {
                self.funds_item(keyword, item);
            }
            self.leading(*start, 2, true);
            let mut line = String::new();
            for (c, cell) in cells.iter().enumerate() {
                line.push_str(cell);
                if c + 1 < cells.len() {
                    line.push_str(&" ".repeat(widths[c] - width(cell) + 2));
                }
            }
            self.line(2, &line, *end);
        }
        for (keyword, item) in notes {
            self.funds_item(keyword, item);
        }
        self.close(1, f.span.end);
    }

    fn funds_item(&mut self, keyword: Span, item: FundsItem) {
        match item {
            FundsItem::Text(text) => self.note(keyword, text),
            FundsItem::Date(date) => {
                self.leading(keyword.start, 2, true);
                let head = self.keyword(keyword);
                let line = format!("{head} {}", self.figure(date));
                self.line(2, &line, date.end);
            }
        }
    }

    fn note(&mut self, keyword: Span, text: &Str) {
        self.leading(keyword.start, 2, true);
        let head = self.word(self.text(keyword), FIELDS);
        let literal = self.string(&text.value, 4 + width(&head) + 1);
        self.line(2, &format!("{head} {literal}"), text.span.end);
    }

    fn goal(&mut self, g: &Goal) {
        let head = self.keyword(g.keyword);
        self.open(&head, 1, g.keyword.end);
        for item in &g.items {
            match item {
                GoalItem::Expected { keyword, text }
                | GoalItem::Actual { keyword, text }
                | GoalItem::Progress { keyword, text } => {
                    self.leading(keyword.start, 2, true);
                    let head = match item {
                        GoalItem::Actual { .. } => self.word(self.text(*keyword), GOAL_ACTUAL),
                        _ => self.keyword(*keyword),
                    };
                    let literal = self.text_literal(text, 4 + width(&head) + 1);
                    self.line(2, &format!("{head} {literal}"), text.span.end);
                }
                GoalItem::Unknown(u) => {
                    self.leading(u.span.start, 2, true);
                    self.verbatim(u.span, 2);
                }
            }
        }
        self.close(1, g.span.end);
    }

    fn indicators(&mut self, block: &Indicators) {
        let head = self.keyword(block.keyword);
        self.open(&head, 1, block.keyword.end);
        for l1 in &block.groups {
            self.leading(l1.span.start, 2, true);
            let name = self.category(&l1.name.value);
            self.open(&name, 2, l1.name.span.end);
            for l2 in &l1.groups {
                self.leading(l2.span.start, 3, true);
                let name = self.category(&l2.name.value);
                self.open(&name, 3, l2.name.span.end);
                let names: Vec<String> = l2
                    .indicators
                    .iter()
                    .map(|i| self.string(&i.name.value, 0))
                    .collect();
                let column = names
                    .iter()
                    .map(|n| width(n))
                    .filter(|w| *w <= 40)
                    .max()
                    .unwrap_or(0);
                for (ind, name) in l2.indicators.iter().zip(names) {
                    self.leading(ind.span.start, 4, true);
                    self.indicator(ind, name, column);
                }
                self.close(3, l2.span.end);
            }
            self.close(2, l1.span.end);
        }
        self.close(1, block.span.end);
    }

    /// `"名称"  指标值 …  完成值 …  分值 …`, the fields starting at `column`;
    /// a long 偏差 goes on a line of its own.
    fn indicator(&mut self, ind: &Indicator, name: String, column: usize) {
        let base = 8;
        let mut line = name.clone();
        let mut last_end = ind.name.span.end;
        if width(&name) <= 40 {
            line.push_str(&" ".repeat(column - width(&name) + 2));
        } else {
            self.line(4, &line, ind.name.span.end);
            line = "  ".to_string();
        }
        let mut first = true;
        let mut previous_number = false;
        for field in &ind.fields {
            let key = self.word(&field.name.value, FIELDS);
            let value = match &field.value.kind {
                ValueKind::Text(t) => self.string(t, 0),
                ValueKind::Word(w) => self.word(w, RULE_WORDS),
                _ => self.figure(field.value.span),
            };
            let piece = format!("{key} {value}");
            let name = field.name.value.as_str();
            let known = FIELDS
                .iter()
                .find(|(zh, en, others)| *zh == name || *en == name || others.contains(&name));
            // 偏差 always starts a line of its own, as on the form's last column.
            let deviation = known.is_some_and(|(zh, ..)| *zh == "偏差");
            // After a bare number, a word that is no field name would read as
            // its unit (`5 goal`): such a field starts a line of its own.
            let after_number = known.is_none() && previous_number;
            // A comment before the field (after the previous one, or inside
            // this one) ends the line, so that it stays where it was written.
            let commented = self
                .comments
                .get(self.next)
                .is_some_and(|c| c.span.start < field.value.span.start);
            let continuation = commented
                || !first
                    && (deviation
                        || after_number
                        || width(&line) + 2 + width(&piece) + base > WIDTH);
            if continuation {
                if !line.trim().is_empty() {
                    self.line(4, line.trim_end(), last_end);
                }
                self.leading(field.value.span.start, 5, false);
                let literal = match &field.value.kind {
                    ValueKind::Text(t) => self.string(t, base + 2 + width(&key) + 1),
                    _ => value,
                };
                line = format!("  {key} {literal}");
            } else {
                if !first {
                    line.push_str("  ");
                }
                line.push_str(&piece);
            }
            first = false;
            previous_number = matches!(field.value.kind, ValueKind::Figure(Figure::Number(_)));
            last_end = field.value.span.end;
        }
        // A long name printed on its own line may have no field after it.
        if !line.trim().is_empty() {
            self.line(4, line.trim_end(), last_end);
        }
    }

    // --------------------------------------------------------------- 自评报告

    fn report(&mut self, r: &Report) {
        let head = format!(
            "{} {}",
            self.keyword(r.keyword),
            self.string(&r.title.value, 0)
        );
        self.open(&head, 0, r.title.span.end);
        for item in &r.items {
            match item {
                ReportItem::Subtitle { keyword, text } => {
                    self.leading(keyword.start, 1, true);
                    let head = self.keyword(*keyword);
                    let literal = self.string(&text.value, 2 + width(&head) + 1);
                    self.line(1, &format!("{head} {literal}"), text.span.end);
                }
                ReportItem::Chapter(c) => {
                    self.leading(c.span.start, 1, true);
                    self.chapter(c);
                }
                ReportItem::Signed {
                    keyword,
                    issuer,
                    date,
                } => {
                    self.leading(keyword.start, 1, true);
                    let head = self.keyword(*keyword);
                    let literal = self.string(&issuer.value, 0);
                    let line = format!("{head} {literal} {}", self.text(date.span));
                    self.line(1, &line, date.span.end);
                }
                ReportItem::Unknown(u) => {
                    self.leading(u.span.start, 1, true);
                    self.verbatim(u.span, 1);
                }
            }
        }
        self.close(0, r.span.end);
    }

    fn chapter(&mut self, c: &Chapter) {
        let written = leading_word(self.source, c.span.start);
        let chinese = !written.is_ascii();
        let head = format!(
            "{} {}",
            self.word(written, KEYWORDS),
            self.string(&c.title.value, 0)
        );
        self.open(&head, 1, c.title.span.end);
        let keywords = self.keywords;
        let spell = move |zh: &str, en: &str| match keywords {
            Keywords::Zh => zh.to_string(),
            Keywords::En => en.to_string(),
            Keywords::Keep if chinese => zh.to_string(),
            Keywords::Keep => en.to_string(),
        };
        let mut in_section = false;
        for block in &c.blocks {
            match block {
                Block::Paragraph(text) => {
                    self.leading(text.span.start, 2, true);
                    let level = if in_section { 3 } else { 2 };
                    let literal = self.text_literal(text, level * 2);
                    self.line(level, &literal, text.span.end);
                }
                Block::Heading { level, title } => {
                    let start = word_start_before(self.source, title.span.start);
                    self.leading(start, 2, true);
                    let written = &self.source[start..title.span.start];
                    let (zh, en) = match level {
                        2 => ("节", "section"),
                        3 => ("小节", "subsection"),
                        _ => ("款", "clause"),
                    };
                    let keyword = match self.keywords {
                        Keywords::Keep => written.trim_matches(blank).to_string(),
                        _ => spell(zh, en),
                    };
                    let literal = self.string(&title.value, 4 + width(&keyword) + 1);
                    self.line(2, &format!("{keyword} {literal}"), title.span.end);
                    in_section = true;
                }
                Block::List { items, span } => {
                    self.leading(span.start, 2, true);
                    let keyword = spell("列表", "list");
                    self.open(&keyword, 2, span.start);
                    for item in items {
                        self.leading(item.span.start, 3, true);
                        let literal = self.text_literal(item, 6);
                        self.line(3, &literal, item.span.end);
                    }
                    self.close(2, span.end);
                    in_section = false;
                }
                Block::Table(name) => {
                    let start = word_start_before(self.source, name.span.start);
                    self.leading(start, 2, true);
                    let keyword = spell("表格", "table");
                    let kind = self.word(&name.value, TABLES);
                    self.line(2, &format!("{keyword} {kind}"), name.span.end);
                    in_section = false;
                }
            }
        }
        self.close(1, c.span.end);
    }

    // ---------------------------------------------------------------- strings

    /// A plain string as a literal, wrapped at punctuation when it is long;
    /// continuation lines are indented to `column`.
    fn string(&self, text: &str, column: usize) -> String {
        let escaped: Vec<String> = text.split('\n').map(escape).collect();
        wrap(&escaped, column)
    }

    /// `{主体.字段}` in the keyword set asked for; indicator names as written.
    fn reference(&self, r: &Reference) -> String {
        if self.keywords == Keywords::Keep {
            return self.text(r.span).to_string();
        }
        let field = self.word(&r.field.value, REFERENCE_FIELDS);
        match &r.subject {
            None => format!("{{{field}}}"),
            Some(subject) => {
                let subject = self.category(&self.word(&subject.value, ROWS));
                format!("{{{subject}.{field}}}")
            }
        }
    }

    /// A string that may quote the form, written back with its references.
    fn text_literal(&self, text: &Text, column: usize) -> String {
        let mut paragraphs = vec![String::new()];
        for part in &text.parts {
            match part {
                Part::Literal { text, .. } => paragraphs
                    .last_mut()
                    .expect("a paragraph")
                    .push_str(&escape(text)),
                Part::Break => paragraphs.push(String::new()),
                Part::Reference(r) => {
                    let reference = self.reference(r);
                    paragraphs
                        .last_mut()
                        .expect("a paragraph")
                        .push_str(&reference)
                }
            }
        }
        wrap(&paragraphs, column)
    }
}

fn item_span(item: &EvalItem) -> Span {
    match item {
        EvalItem::Year { keyword, .. }
        | EvalItem::Title { keyword, .. }
        | EvalItem::Department { keyword, .. }
        | EvalItem::Implementer { keyword, .. }
        | EvalItem::Template { keyword, .. } => *keyword,
        EvalItem::Fields(f) => f.span,
        EvalItem::Projects(p) => p.span,
        EvalItem::Scheme(s) => s.span,
        EvalItem::Funds(f) => f.span,
        EvalItem::Goal(g) => g.span,
        EvalItem::Indicators(i) => i.span,
        EvalItem::Unknown(u) => u.span,
    }
}

/// A closing brace, ASCII or full-width.
const CLOSE: &[char] = &['}', '｝'];

/// The offset just past the first of `chars` at or after `from` (`from`
/// itself when there is none).
fn past(source: &str, from: usize, chars: &[char]) -> usize {
    source[from..].find(chars).map_or(from, |n| {
        from + n + source[from + n..].chars().next().map_or(0, char::len_utf8)
    })
}

/// The word starting at `at`.
fn leading_word(source: &str, at: usize) -> &str {
    let rest = &source[at..];
    let end = rest
        .char_indices()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '_'))
        .map_or(rest.len(), |(i, _)| i);
    &rest[..end]
}

/// Where the word before `at` (skipping spaces) starts.
fn word_start_before(source: &str, at: usize) -> usize {
    let before = source[..at].trim_end_matches(blank);
    before
        .char_indices()
        .rev()
        .find(|(_, c)| !(c.is_alphabetic() || *c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Text as it is written inside a literal.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            c => out.push(c),
        }
    }
    out
}

/// Punctuation a line may end with: the next line joins it without a space.
fn breaks_after(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '、' | '：' | '！' | '？' | '）' | '”'
    )
}

/// Paragraphs (already escaped) as one literal. Lines break after Chinese
/// punctuation when a paragraph does not fit in [`WIDTH`]; a blank line
/// separates paragraphs. Folding gives back exactly the text.
fn wrap(paragraphs: &[String], column: usize) -> String {
    let room = WIDTH.saturating_sub(column + 2).max(30);
    let pad = " ".repeat(column + 1);
    let mut out = String::from("\"");
    for (n, paragraph) in paragraphs.iter().enumerate() {
        if n > 0 {
            out.push_str("\n\n");
            out.push_str(&pad);
        }
        let mut line_width = 0;
        let chars: Vec<char> = paragraph.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            // The next piece: up to and including a break point.
            let mut j = i;
            while j < chars.len() && !(breaks_after(chars[j]) && j + 1 < chars.len()) {
                j += 1;
            }
            let end = (j + 1).min(chars.len());
            let piece: String = chars[i..end].iter().collect();
            let w = width(&piece);
            let next_is_space = chars.get(i).is_some_and(|c| c.is_whitespace());
            if line_width > 0 && line_width + w > room && !next_is_space {
                out.push('\n');
                out.push_str(&pad);
                line_width = 0;
            }
            out.push_str(&piece);
            line_width += w;
            i = end;
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_width_counts_cjk_twice() {
        assert_eq!(width("数量指标"), 8);
        assert_eq!(width("ab中"), 4);
    }

    #[test]
    fn wrapping_keeps_the_text() {
        let text = "第一句话，第二句话。".repeat(20);
        let literal = wrap(std::slice::from_ref(&text), 4);
        assert!(literal.lines().count() > 1);
        let mut d = Vec::new();
        let body = &literal[1..literal.len() - 1];
        let folded: String = crate::parse::fold_for_tests(body, &mut d);
        assert_eq!(folded, text);
    }
}
