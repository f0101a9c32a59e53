//! Folding a string literal (see docs/LANGUAGE.md): escapes are resolved;
//! a newline and the indentation around it are removed, keeping a space only
//! between two Latin letters or digits; a blank line starts a new paragraph;
//! `{…}` quotes a figure of the form, and `{{` and `}}` write braces.

use crate::ast::{Part, Reference};
use crate::diag::{Diagnostic, Kind};
use crate::span::{Span, Spanned};

/// A piece of one line of a literal.
enum Piece {
    /// Characters as written, from `start` to `end` in the source.
    Literal {
        text: String,
        start: usize,
        end: usize,
    },
    /// One character written as an escape (`\"`, `\\`, `{{`, `}}`).
    Escape {
        c: char,
        span: Span,
    },
    Reference(Reference),
}

impl Piece {
    fn first_char(&self) -> Option<char> {
        match self {
            Piece::Literal { text, .. } => text.chars().next(),
            Piece::Escape { c, .. } => Some(*c),
            // A reference prints a figure: it joins like a digit.
            Piece::Reference(_) => Some('0'),
        }
    }

    fn last_char(&self) -> Option<char> {
        match self {
            Piece::Literal { text, .. } => text.chars().last(),
            Piece::Escape { c, .. } => Some(*c),
            Piece::Reference(_) => Some('0'),
        }
    }
}

/// Folds the body of a string literal that starts at `offset` in the source.
pub(super) fn fold(body: &str, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Part> {
    // Most literals are one line of plain text: nothing to fold. (All the
    // characters that folding reads are ASCII, so a byte scan finds them.)
    if !body
        .bytes()
        .any(|b| matches!(b, b'\\' | b'{' | b'}' | b'\r' | b'\n'))
    {
        return match body {
            "" => Vec::new(),
            text => vec![Part::Literal {
                text: text.to_string(),
                span: Span::new(offset, offset + text.len()),
            }],
        };
    }
    fold_lines(body, offset, diagnostics)
}

/// [`fold`] of any literal: line by line.
fn fold_lines(body: &str, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Part> {
    let lines = pieces(body, offset, diagnostics);
    let last = lines.len() - 1;
    let mut parts: Vec<Part> = Vec::new();
    // The last character of the paragraph so far, if it has any.
    let mut previous: Option<char> = None;
    for (n, mut line) in lines.into_iter().enumerate() {
        if n > 0 {
            trim(&mut line, true);
        }
        if n < last {
            trim(&mut line, false);
        }
        let Some(first) = line.first().and_then(Piece::first_char) else {
            if n > 0 && n < last && previous.is_some() {
                parts.push(Part::Break);
                previous = None;
            }
            continue;
        };
        if let Some(p) = previous
            && p.is_ascii_alphanumeric()
            && first.is_ascii_alphanumeric()
        {
            let at = line_start(&line);
            parts.push(Part::Literal {
                text: " ".to_string(),
                span: Span::new(at.saturating_sub(1), at),
            });
        }
        previous = line.last().and_then(Piece::last_char);
        parts.extend(line.into_iter().map(|piece| match piece {
            Piece::Literal { text, start, end } => Part::Literal {
                text,
                span: Span::new(start, end),
            },
            Piece::Escape { c, span } => Part::Literal {
                text: c.to_string(),
                span,
            },
            Piece::Reference(r) => Part::Reference(r),
        }));
    }
    parts
}

fn line_start(line: &[Piece]) -> usize {
    match line.first() {
        Some(Piece::Literal { start, .. }) => *start,
        Some(Piece::Escape { span, .. }) => span.start,
        Some(Piece::Reference(r)) => r.span.start,
        None => 0,
    }
}

/// Removes the spaces and tabs at the start (or end) of a line.
fn trim(line: &mut Vec<Piece>, start: bool) {
    let index = if start {
        0
    } else {
        line.len().saturating_sub(1)
    };
    if let Some(Piece::Literal {
        text,
        start: s,
        end,
    }) = line.get_mut(index)
    {
        if start {
            let trimmed = text.trim_start_matches([' ', '\t']);
            *s += text.len() - trimmed.len();
            *text = trimmed.to_string();
        } else {
            let trimmed = text.trim_end_matches([' ', '\t']);
            *end -= text.len() - trimmed.len();
            *text = trimmed.to_string();
        }
        if text.is_empty() {
            line.remove(index);
        }
    }
}

/// Splits a literal into lines of pieces, resolving escapes and references.
fn pieces(body: &str, offset: usize, diagnostics: &mut Vec<Diagnostic>) -> Vec<Vec<Piece>> {
    let mut lines: Vec<Vec<Piece>> = vec![Vec::new()];
    let push = |lines: &mut Vec<Vec<Piece>>, run: &str, at: usize| {
        let line = lines.last_mut().expect("a line");
        if let Some(Piece::Literal { text, end, .. }) = line.last_mut()
            && *end == at
        {
            text.push_str(run);
            *end += run.len();
            return;
        }
        line.push(Piece::Literal {
            text: run.to_string(),
            start: at,
            end: at + run.len(),
        });
    };
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = offset + i;
        match c {
            '\\' => match chars.next() {
                Some((j, e @ ('"' | '\\'))) => {
                    lines.last_mut().expect("a line").push(Piece::Escape {
                        c: e,
                        span: Span::new(at, offset + j + 1),
                    })
                }
                Some((j, e)) => diagnostics.push(Diagnostic::new(
                    Kind::InvalidEscape {
                        found: format!("\\{e}"),
                    },
                    Span::new(at, offset + j + e.len_utf8()),
                )),
                None => {}
            },
            '{' | '}' if chars.peek().is_some_and(|(_, n)| *n == c) => {
                chars.next();
                lines.last_mut().expect("a line").push(Piece::Escape {
                    c,
                    span: Span::new(at, at + 2),
                });
            }
            '{' => {
                let rest = &body[i + 1..];
                let end = rest.find(['}', '\n', '{']);
                match end.filter(|&e| rest[e..].starts_with('}')) {
                    Some(e) => {
                        let inner = &rest[..e];
                        let span = Span::new(at, at + e + 2);
                        lines
                            .last_mut()
                            .expect("a line")
                            .push(Piece::Reference(reference(inner, at + 1, span)));
                        // Skip to after the closing brace.
                        while chars.next_if(|(k, _)| *k <= i + e + 1).is_some() {}
                    }
                    None => {
                        diagnostics.push(Diagnostic::new(
                            Kind::UnclosedReference,
                            Span::new(at, at + 1),
                        ));
                        push(&mut lines, c.encode_utf8(&mut [0; 4]), at);
                    }
                }
            }
            '}' => {
                diagnostics.push(Diagnostic::new(Kind::StrayBrace, Span::new(at, at + 1)));
                push(&mut lines, c.encode_utf8(&mut [0; 4]), at);
            }
            '\r' if chars.peek().is_some_and(|(_, n)| *n == '\n') => {}
            '\n' => lines.push(Vec::new()),
            // A run of plain characters is pushed whole: up to the next
            // character one of the arms above reads.
            c => {
                let from = i + c.len_utf8();
                let run = body[from..]
                    .find(['\\', '{', '}', '\r', '\n'])
                    .map_or(body.len(), |e| from + e);
                push(&mut lines, &body[i..run], at);
                while chars.next_if(|(k, _)| *k < run).is_some() {}
            }
        }
    }
    lines
}

/// `主体.字段` or `字段`, written from `start` in the source.
fn reference(inner: &str, start: usize, span: Span) -> Reference {
    let trimmed = |s: &str, from: usize| {
        let lead = s.len() - s.trim_start().len();
        Spanned::new(
            s.trim().to_string(),
            Span::new(from + lead, from + lead + s.trim().len()),
        )
    };
    match inner.rfind(['.', '．']) {
        Some(dot) => {
            let dot_len = inner[dot..].chars().next().map_or(1, char::len_utf8);
            Reference {
                subject: Some(trimmed(&inner[..dot], start)),
                field: trimmed(&inner[dot + dot_len..], start + dot + dot_len),
                span,
            }
        }
        None => Reference {
            subject: None,
            field: trimmed(inner, start),
            span,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folded text, with references written back as `{…}`.
    fn folded(body: &str) -> String {
        let mut d = Vec::new();
        let parts = fold(body, 0, &mut d);
        assert!(d.is_empty(), "{d:?}");
        parts
            .iter()
            .map(|p| match p {
                Part::Literal { text, .. } => text.clone(),
                Part::Break => "\n".to_string(),
                Part::Reference(r) => match &r.subject {
                    Some(s) => format!("{{{}|{}}}", s.value, r.field.value),
                    None => format!("{{{}}}", r.field.value),
                },
            })
            .collect()
    }

    #[test]
    fn cjk_lines_join_without_space() {
        assert_eq!(folded("第一行，\n     第二行。"), "第一行，第二行。");
    }

    #[test]
    fn latin_words_keep_a_space() {
        assert_eq!(folded("word\n   next 12\n 34"), "word next 12 34");
    }

    #[test]
    fn blank_line_starts_a_paragraph() {
        assert_eq!(folded("一\n\n   \n  二"), "一\n二");
    }

    #[test]
    fn escapes_and_crlf() {
        assert_eq!(folded("a\\\"b\\\\c\r\n  d"), "a\"b\\c d");
    }

    #[test]
    fn references_and_doubled_braces() {
        assert_eq!(
            folded("预算{年度资金总额.全年预算数}万元，{总分}分，{{字面}}"),
            "预算{年度资金总额|全年预算数}万元，{总分}分，{字面}"
        );
    }

    #[test]
    fn literal_spans_point_into_the_source() {
        let mut d = Vec::new();
        let body = "执行率\n   为100%";
        let parts = fold(body, 10, &mut d);
        let Part::Literal { text, span } = &parts[1] else {
            panic!("{parts:?}")
        };
        assert_eq!(text, "为100%");
        assert_eq!(&body[span.start - 10..span.end - 10], "为100%");
    }

    #[test]
    fn invalid_escape_and_unclosed_reference_are_reported() {
        let mut d = Vec::new();
        fold("C:\\docs {未闭合", 10, &mut d);
        let codes: Vec<_> = d.iter().map(|d| (d.code(), d.span)).collect();
        assert_eq!(
            codes,
            [("E106", Span::new(12, 14)), ("E110", Span::new(18, 19))]
        );
    }

    #[test]
    fn a_plain_literal_folds_as_the_line_by_line_fold_does() {
        for body in [
            "",
            "a",
            "岳麓区 就业",
            "  前后有空格  ",
            "x\ty",
            "单独的\r回车",
            "100%",
        ] {
            let (mut fast, mut slow) = (Vec::new(), Vec::new());
            assert_eq!(
                fold(body, 7, &mut fast),
                fold_lines(body, 7, &mut slow),
                "{body:?}"
            );
            assert_eq!(fast, slow);
        }
    }
}
