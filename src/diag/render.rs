//! Rendering diagnostics as text (through miette) and as JSON.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::{Diagnostic, Lang, Severity};
use crate::span::Lines;

/// How to render diagnostics as text.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
    /// Width to wrap messages at, in terminal columns.
    pub width: usize,
}

/// One diagnostic, worded in one language, as miette wants it.
#[derive(Debug)]
struct Worded<'a> {
    code: &'static str,
    severity: Severity,
    message: String,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: &'a Excerpt<'a>,
}

/// A line wider than this many columns is cut to a window around each
/// label on it (miette cannot underline past display column 65,535, and a
/// snippet should fit a terminal).
const WHOLE_LINE: usize = 160;
/// Columns shown on either side of a label on a cut line.
const AROUND: usize = 40;
/// Columns of a label shown on a cut line; the rest is cut.
const LABEL_COLUMNS: usize = 60;
/// A label over more lines than this is shown on its first line only.
const LABEL_LINES: usize = 12;
/// Labels at most this many lines apart share one snippet, with the lines
/// between them; farther apart, each has its own.
const GAP: usize = 8;
/// Marks where a cut line goes on.
const CUT: char = '…';
/// A message, label or help longer than this many characters (it quotes
/// a long piece of the file) is shown cut in the middle.
const WORDING: usize = 400;

/// `text`, cut in the middle to about [`WORDING`] characters when longer:
/// the start and the end of the wording stay.
fn shorten(text: String) -> String {
    let len = text.chars().count();
    if len <= WORDING {
        return text;
    }
    let head: String = text.chars().take(WORDING * 2 / 3).collect();
    let tail: String = text.chars().skip(len - WORDING / 4).collect();
    format!("{head} {CUT} {tail}")
}

/// What the snippet of one diagnostic shows: the lines its labels are on,
/// with a line of context on either side, each long line cut to windows
/// around its labels. It is small whatever the file, so rendering costs
/// the same on line 1 and on line 30,000, on a short line and a long one.
#[derive(Debug)]
struct Excerpt<'a> {
    name: &'a str,
    text: String,
    /// For each line of `text`: the 0-based line of the file it shows.
    lines: Vec<usize>,
    /// For each line of `text`: the last line of the file in its group
    /// (lines shown together, with no line missing between them).
    group_end: Vec<usize>,
    /// Where each label starts in `text`, and its 0-based column (in
    /// characters) in the file.
    columns: Vec<(usize, usize)>,
}

/// A stretch of the file copied into an excerpt: `from..to` of the file
/// is `at..` of the excerpt.
#[derive(Clone, Copy, Debug)]
struct Piece {
    from: usize,
    to: usize,
    at: usize,
}

/// About how many terminal columns a character takes: a tab four (as
/// miette shows it), a wide (CJK) character two.
fn columns(c: char) -> usize {
    match c {
        '\t' => 4,
        c if c.is_ascii() => 1,
        _ => 2,
    }
}

/// The start of the earliest character before `offset`, no earlier than
/// `floor`, such that the characters from it to `offset` take at most
/// `budget` columns.
fn back(source: &str, floor: usize, offset: usize, budget: usize) -> usize {
    let mut used = 0;
    let mut at = offset;
    for (i, c) in source[floor..offset].char_indices().rev() {
        used += columns(c);
        if used > budget {
            break;
        }
        at = floor + i;
    }
    at
}

/// The end of the latest character after `offset`, no later than
/// `ceiling`, such that the characters from `offset` to it take at most
/// `budget` columns.
fn ahead(source: &str, offset: usize, ceiling: usize, budget: usize) -> usize {
    let mut used = 0;
    for (i, c) in source[offset..ceiling].char_indices() {
        used += columns(c);
        if used > budget {
            return offset + i;
        }
    }
    ceiling
}

/// A label's span within the text, on character boundaries, and cut to
/// its first line when it runs over more than [`LABEL_LINES`] lines.
fn clamp(lines: &Lines, source: &str, span: crate::span::Span) -> (usize, usize) {
    let floor = |mut o: usize| {
        o = o.min(source.len());
        while !source.is_char_boundary(o) {
            o -= 1;
        }
        o
    };
    let start = floor(span.start);
    let end = floor(span.end).max(start);
    let first = lines.line(start);
    if lines.line(end) - first > LABEL_LINES {
        (start, lines.range(first).end.max(start))
    } else {
        (start, end)
    }
}

impl<'a> Excerpt<'a> {
    /// The excerpt for labels at `spans`, and their spans in it.
    fn new(
        name: &'a str,
        source: &str,
        lines: &Lines,
        spans: &[crate::span::Span],
    ) -> (Self, Vec<SourceSpan>) {
        let spans: Vec<(usize, usize)> = spans.iter().map(|s| clamp(lines, source, *s)).collect();
        // The lines to show, in groups of consecutive lines.
        let mut wanted: Vec<(usize, usize)> = spans
            .iter()
            .map(|&(start, end)| {
                let last = (lines.line(end) + 1).min(lines.count() - 1);
                (lines.line(start).saturating_sub(1), last)
            })
            .collect();
        wanted.sort_unstable();
        let mut groups: Vec<(usize, usize)> = Vec::new();
        for (first, last) in wanted {
            match groups.last_mut() {
                Some(group) if first <= group.1 + GAP + 1 => group.1 = group.1.max(last),
                _ => groups.push((first, last)),
            }
        }
        let mut excerpt = Excerpt {
            name,
            text: String::new(),
            lines: Vec::new(),
            group_end: Vec::new(),
            columns: Vec::new(),
        };
        let mut pieces: Vec<Piece> = Vec::new();
        let last_line = groups.last().map_or(0, |g| g.1);
        for &(first, last) in &groups {
            for line in first..=last {
                let range = lines.range(line);
                for (i, (from, to)) in windows(source, range.clone(), &spans)
                    .into_iter()
                    .enumerate()
                {
                    if i > 0 || from > range.start {
                        excerpt.text.push(CUT);
                    }
                    pieces.push(Piece {
                        from,
                        to,
                        at: excerpt.text.len(),
                    });
                    // Control characters would move the terminal's cursor
                    // (a lone `\r` also ends a line for miette): each shows
                    // as spaces, as many as its bytes, so offsets still map.
                    for c in source[from..to].chars() {
                        if c.is_control() && c != '\t' {
                            excerpt.text.extend(std::iter::repeat_n(' ', c.len_utf8()));
                        } else {
                            excerpt.text.push(c);
                        }
                    }
                }
                if pieces.last().is_some_and(|p| p.to < range.end) {
                    excerpt.text.push(CUT);
                }
                excerpt.lines.push(line);
                excerpt.group_end.push(last);
                if line < last_line || range.end < source.len() {
                    excerpt.text.push('\n');
                }
            }
        }
        let map = |offset: usize| {
            let i = pieces.partition_point(|p| p.from <= offset).max(1) - 1;
            pieces
                .get(i)
                .map_or(0, |p| p.at + offset.clamp(p.from, p.to) - p.from)
        };
        let mapped = spans
            .iter()
            .map(|&(start, end)| {
                let at = map(start);
                excerpt.columns.push((at, lines.line_col(start).1 - 1));
                SourceSpan::new(at.into(), map(end).max(at) - at)
            })
            .collect();
        (excerpt, mapped)
    }
}

/// The windows of the line at `range` to show: the whole line when it is
/// short, else a window around each label on it (labels cut to
/// [`LABEL_COLUMNS`]), or its start when no label is on it.
fn windows(
    source: &str,
    range: std::ops::Range<usize>,
    spans: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let (start, end) = (range.start, range.end);
    if ahead(source, start, end, WHOLE_LINE) == end {
        return vec![(start, end)];
    }
    let mut windows: Vec<(usize, usize)> = spans
        .iter()
        .filter(|&&(s, e)| s <= end && e >= start)
        .map(|&(s, e)| {
            let (s, e) = (s.max(start), e.min(end));
            let e = e.min(ahead(source, s, end, LABEL_COLUMNS));
            (
                back(source, start, s, AROUND),
                ahead(source, e, end, AROUND),
            )
        })
        .collect();
    if windows.is_empty() {
        windows.push((start, ahead(source, start, end, 2 * AROUND)));
    }
    windows.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::new();
    for (s, e) in windows {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// miette reads the excerpt as if it were the file: lines are numbered as
/// in the file, the column in the header (`file:line:column`) is counted
/// in characters from the start of the file's line, as editors do, and
/// labels in different groups get different snippets.
impl SourceCode for Excerpt<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.text.as_str().read_span(span, before, after)?;
        let at = contents.line();
        let line = self.lines.get(at).copied().unwrap_or(at);
        // miette joins two snippets when the first reaches the line before
        // the second: so it does within a group and never across groups.
        let line_count = self.group_end.get(at).map_or(0, |end| end + 1 - line);
        let mut column = contents.column();
        if before == 0
            && after == 0
            && let Some(&(_, c)) = self.columns.iter().find(|(at, _)| *at == span.offset())
        {
            column = c;
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            line,
            column,
            line_count,
        )))
    }
}

impl fmt::Display for Worded<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Worded<'_> {}

impl miette::Diagnostic for Worded<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Advice => miette::Severity::Advice,
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
}

/// Renders every diagnostic of one file, in the order given, followed by a
/// one-line summary. `name` is the file name shown in the report. Each
/// snippet shows a bounded excerpt of the file (see [`Excerpt`]) and
/// wording that quotes a long piece of the file is cut (see [`shorten`]),
/// so the output grows with the number of diagnostics, not with the
/// length of the lines they are on.
pub fn render(
    diagnostics: &[Diagnostic],
    name: &str,
    source: &str,
    options: RenderOptions,
) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_links(false);
    let lines = Lines::new(source);
    let mut out = String::new();
    for diagnostic in diagnostics {
        let text = diagnostic.kind.text(options.lang);
        let related = diagnostic.related.iter().take(text.related.len());
        let spans: Vec<_> = std::iter::once(diagnostic.span)
            .chain(related.copied())
            .collect();
        let (excerpt, spans) = Excerpt::new(name, source, &lines, &spans);
        let mut spans = spans.into_iter();
        let mut labels = Vec::new();
        if let Some(primary) = spans.next() {
            let label = shorten(text.label);
            labels.push(LabeledSpan::new_primary_with_span(Some(label), primary));
        }
        for (span, label) in spans.zip(text.related) {
            labels.push(LabeledSpan::new_with_span(Some(shorten(label)), span));
        }
        let worded = Worded {
            code: diagnostic.code(),
            severity: diagnostic.severity(),
            message: shorten(text.message),
            help: text.help.map(shorten),
            labels,
            source: &excerpt,
        };
        // Writing into a String cannot fail.
        let _ = handler.render_report(&mut out, &worded);
        out.push('\n');
    }
    out
}

/// "2 个错误，1 个警告" / "2 errors, 1 warning": counts of one run.
pub fn summary(errors: usize, warnings: usize, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{errors} 个错误，{warnings} 个警告"),
        Lang::En => format!(
            "{errors} error{}, {warnings} warning{}",
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" }
        ),
    }
}

/// A diagnostic as machine-readable data, for editors and CI.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct JsonDiagnostic {
    pub file: String,
    pub code: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Byte range `[start, end)` in the file.
    pub start: usize,
    pub end: usize,
    /// 1-based line and column (in characters) of `start`.
    pub line: usize,
    pub column: usize,
}

/// The diagnostics of one file as JSON values.
pub fn render_json(
    diagnostics: &[Diagnostic],
    name: &str,
    source: &str,
    lang: Lang,
) -> Vec<JsonDiagnostic> {
    let lines = Lines::new(source);
    diagnostics
        .iter()
        .map(|d| {
            let text = d.kind.text(lang);
            let (line, column) = lines.line_col(d.span.start);
            JsonDiagnostic {
                file: name.to_string(),
                code: d.code(),
                severity: d.severity(),
                message: text.message,
                help: text.help,
                start: d.span.start,
                end: d.span.end,
                line,
                column,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;
    use crate::span::Span;

    fn en(diagnostics: &[Diagnostic], source: &str) -> String {
        let options = RenderOptions {
            lang: Lang::En,
            color: false,
            width: 80,
        };
        render(diagnostics, "x.jx", source, options)
    }

    /// An invalid date at column `pad + 1` of a line `2 × pad` wide.
    fn date_after(pad: usize) -> (String, Diagnostic) {
        let source = format!("{0}2023-02-30{0}\n", " ".repeat(pad));
        let span = Span::new(pad, pad + "2023-02-30".len());
        (source, Diagnostic::new(Kind::InvalidDate, span))
    }

    /// miette panicked on a label past display column 65,535; a label
    /// anywhere on a line of any length now shows in the same small
    /// window, with the column of the file in the header.
    #[test]
    fn a_label_far_along_a_long_line_renders_a_bounded_window() {
        let (source, d) = date_after(100);
        let window = en(&[d], &source).replace("x.jx:1:101", "x.jx:1:COLUMN");
        assert!(window.contains("…"), "{window}");
        for pad in [70_000, 1_000_000] {
            let (source, d) = date_after(pad);
            let text = en(&[d], &source);
            assert!(text.contains(&format!("x.jx:1:{}]", pad + 1)), "{text}");
            assert_eq!(
                text.replace(&format!("x.jx:1:{}", pad + 1), "x.jx:1:COLUMN"),
                window
            );
        }
        assert!(window.len() < 1_000, "{window}");
        assert!(window.contains("2023-02-30"), "{window}");
    }

    /// What miette reads for one diagnostic is a few short lines whatever
    /// the file: labels 30,000 lines apart on lines 100,000 columns wide.
    #[test]
    fn the_excerpt_is_small_whatever_the_file() {
        let wide = "年".repeat(50_000);
        let source = format!("{wide}\n{}{wide}\n", "x\n".repeat(30_000));
        let lines = Lines::new(&source);
        let last = source.len() - "年\n".len();
        let spans = [Span::new(last, last + "年".len()), Span::new(3, 6)];
        let (excerpt, mapped) = Excerpt::new("x.jx", &source, &lines, &spans);
        assert_eq!(excerpt.lines, [0, 1, 30_000, 30_001, 30_002]);
        assert!(excerpt.text.len() < 2_000, "{}", excerpt.text.len());
        // Each label still covers its character, at its column in the file.
        for (span, mapped) in spans.iter().zip(&mapped) {
            let shown = &excerpt.text[mapped.offset()..mapped.offset() + mapped.len()];
            assert_eq!(shown, &source[span.start..span.end]);
        }
        assert_eq!(excerpt.columns[0].1, 49_999);
        assert_eq!(excerpt.columns[1].1, 1);
    }

    /// A message quoting a 64 KB word shows its start and its end.
    #[test]
    fn wording_that_quotes_a_long_word_is_cut_in_the_middle() {
        let word = "a".repeat(65_536);
        let source = format!("{word}\n");
        let kind = Kind::UnknownKeyword {
            found: word.clone(),
            context: crate::diag::Context::File,
            suggestion: None,
        };
        let text = en(&[Diagnostic::new(kind, Span::new(0, word.len()))], &source);
        assert!(text.len() < 2_000, "{}", text.len());
        // (the message wraps: the word is one long run of `a`)
        assert!(text.contains("unknown keyword\n  │ `aaaa"), "{text}");
        assert!(text.contains("aaaa …\n"), "{text}");
        assert!(text.contains("aaa`\n"), "{text}");
    }

    /// Escape sequences and a lone carriage return in the file never
    /// reach the terminal.
    #[test]
    fn control_characters_in_the_source_are_not_printed() {
        let source = "\u{1b}[2J\r\u{85}2023-02-30\n";
        let start = source.find("2023").unwrap();
        let d = Diagnostic::new(Kind::InvalidDate, Span::new(start, start + 10));
        let text = en(&[d], source);
        assert!(!text.contains(['\u{1b}', '\r', '\u{85}']), "{text:?}");
        assert!(text.contains("x.jx:1:7]"), "{text}");
        // The label is still under the date.
        let date = text.lines().find(|l| l.contains("2023-02-30")).unwrap();
        let underline = text.lines().find(|l| l.contains("· ")).unwrap();
        let column = |line: &str, at: &str| line[..line.find(at).unwrap()].chars().count();
        assert_eq!(column(date, "2023"), column(underline, "─"), "{text}");
    }
}
