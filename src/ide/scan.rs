//! A forgiving lexical scan for editors. While the user types, the file
//! rarely parses; completion and folding still need to know where strings,
//! comments and blocks are. This scan never fails: an unterminated string or
//! comment runs to the end of the text.

use crate::span::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A keyword, name or unit.
    Word,
    Number,
    /// A string literal, quotes included; `closed` tells whether it ends.
    Str {
        closed: bool,
    },
    LineComment,
    BlockComment {
        closed: bool,
    },
    Open,
    Close,
    /// Anything else: `%`, comparators, `-`, punctuation.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub span: Span,
}

impl Token {
    /// Whether `offset` lies inside this token's text, where typing does not
    /// start a new token: inside a string or a comment.
    pub fn encloses(&self, offset: usize) -> bool {
        let Span { start, end } = self.span;
        match self.kind {
            Tok::Str { closed } | Tok::BlockComment { closed } => {
                start < offset && (offset < end || !closed)
            }
            Tok::LineComment => start < offset && offset <= end,
            _ => false,
        }
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

/// Whether the character `c` at `i` goes on a unit after its first letter:
/// `m²`, `人/次`, `人·次`, but not a `/` that starts a comment.
fn continues_unit(source: &str, i: usize, c: char) -> bool {
    match c {
        '/' => !matches!(source[i + 1..].chars().next(), Some('/' | '*')),
        '²' | '³' | '·' => true,
        c => c.is_alphabetic(),
    }
}

/// The tokens of `source`, whitespace left out.
pub(crate) fn tokens(source: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = source.char_indices().peekable();
    // Take characters while `keep` holds for them (and their offset);
    // `end` becomes the end offset.
    fn take_while(
        chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
        end: &mut usize,
        keep: impl Fn(usize, char) -> bool,
    ) {
        while let Some(&(i, c)) = chars.peek() {
            if !keep(i, c) {
                break;
            }
            *end = i + c.len_utf8();
            chars.next();
        }
    }
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        let kind = match c {
            c if c.is_whitespace() || c == '\u{FEFF}' => continue,
            '"' => {
                let mut closed = false;
                let mut escaped = false;
                for (i, c) in chars.by_ref() {
                    end = i + c.len_utf8();
                    match c {
                        _ if escaped => escaped = false,
                        '\\' => escaped = true,
                        '"' => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                Tok::Str { closed }
            }
            '/' if chars.peek().is_some_and(|&(_, c)| c == '/') => {
                take_while(&mut chars, &mut end, |_, c| c != '\n');
                Tok::LineComment
            }
            '/' if chars.peek().is_some_and(|&(_, c)| c == '*') => {
                chars.next();
                end = start + 2;
                let mut closed = false;
                let mut star = false;
                for (i, c) in chars.by_ref() {
                    end = i + c.len_utf8();
                    if star && c == '/' {
                        closed = true;
                        break;
                    }
                    star = c == '*';
                }
                Tok::BlockComment { closed }
            }
            '{' => Tok::Open,
            '}' => Tok::Close,
            c if c.is_ascii_digit() => {
                take_while(&mut chars, &mut end, |_, c| c.is_ascii_digit() || c == '.');
                out.push(Token {
                    kind: Tok::Number,
                    span: Span::new(start, end),
                });
                // A unit written right after the number: `27个`, `5m²`.
                if chars.peek().is_some_and(|&(_, c)| c.is_alphabetic()) {
                    let unit_start = end;
                    take_while(&mut chars, &mut end, |i, c| continues_unit(source, i, c));
                    out.push(Token {
                        kind: Tok::Word,
                        span: Span::new(unit_start, end),
                    });
                }
                continue;
            }
            c if is_word_char(c) => {
                take_while(&mut chars, &mut end, |_, c| is_word_char(c));
                Tok::Word
            }
            _ => Tok::Other,
        };
        out.push(Token {
            kind,
            span: Span::new(start, end),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(source: &str) -> Vec<(Tok, &str)> {
        tokens(source)
            .into_iter()
            .map(|t| (t.kind, &source[t.span.start..t.span.end]))
            .collect()
    }

    #[test]
    fn strings_comments_and_units() {
        assert_eq!(
            kinds("完成值 27个 // 注 {\n\"a\\\"{\" /* x } */ 5 m² {"),
            vec![
                (Tok::Word, "完成值"),
                (Tok::Number, "27"),
                (Tok::Word, "个"),
                (Tok::LineComment, "// 注 {"),
                (Tok::Str { closed: true }, "\"a\\\"{\""),
                (Tok::BlockComment { closed: true }, "/* x } */"),
                (Tok::Number, "5"),
                (Tok::Word, "m"),
                (Tok::Other, "²"),
                (Tok::Open, "{"),
            ]
        );
    }

    #[test]
    fn a_comment_ends_a_unit() {
        assert_eq!(
            kinds("27个// c\n5元/人"),
            vec![
                (Tok::Number, "27"),
                (Tok::Word, "个"),
                (Tok::LineComment, "// c"),
                (Tok::Number, "5"),
                (Tok::Word, "元/人"),
            ]
        );
    }

    #[test]
    fn unterminated_runs_to_the_end() {
        assert_eq!(
            kinds("\"abc { /*"),
            vec![(Tok::Str { closed: false }, "\"abc { /*")]
        );
        assert_eq!(
            kinds("/* { \"x"),
            vec![(Tok::BlockComment { closed: false }, "/* { \"x")]
        );
    }
}
