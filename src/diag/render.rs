//! Rendering diagnostics as text (through miette) and as JSON.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::{Diagnostic, Lang, Severity};
use crate::span::line_col;

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
    source: &'a Source<'a>,
}

/// The source of one file, named. miette counts the column in the header
/// (`file:line:column`) in bytes; this counts it in characters, as editors do.
#[derive(Debug)]
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl SourceCode for Source<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let contents = self.text.read_span(span, before, after)?;
        let (line, mut column) = (contents.line(), contents.column());
        if before == 0 && after == 0 {
            let (_, char_column) = line_col(self.text, span.offset());
            column = char_column - 1;
        }
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            *contents.span(),
            line,
            column,
            contents.line_count(),
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

fn source_span(span: crate::span::Span) -> SourceSpan {
    SourceSpan::new(span.start.into(), span.len())
}

/// Renders every diagnostic of one file, in the order given, followed by a
/// one-line summary. `name` is the file name shown in the report.
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
    let named = Source { name, text: source };
    let mut out = String::new();
    for diagnostic in diagnostics {
        let text = diagnostic.kind.text(options.lang);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(text.label),
            source_span(diagnostic.span),
        )];
        for (span, label) in diagnostic.related.iter().zip(text.related) {
            labels.push(LabeledSpan::new_with_span(Some(label), source_span(*span)));
        }
        let worded = Worded {
            code: diagnostic.code(),
            severity: diagnostic.severity(),
            message: text.message,
            help: text.help,
            labels,
            source: &named,
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
#[derive(Debug, Serialize)]
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
    diagnostics
        .iter()
        .map(|d| {
            let text = d.kind.text(lang);
            let (line, column) = line_col(source, d.span.start);
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
