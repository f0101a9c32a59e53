//! Stage 1: text → syntax tree.
//!
//! pest types stop here. The tree is built by hand, one function per rule;
//! pairs the grammar cannot produce are `unreachable!`. Syntax errors are
//! re-worded in the user's terms: a first pass (which also records the
//! comments and strings, and repairs a broken file for editors) looks for an
//! unterminated string or comment and unbalanced braces (and points where
//! they began); otherwise the grammar's error productions skip each
//! malformed item to the end of its line, and each is reported in the words
//! of its block (pest's error on the item alone, translated rule by rule).

use pest::Parser as _;
use pest::iterators::Pair;
use rust_decimal::Decimal;

mod fast;
mod fold;
mod leftover;

use crate::ast::*;
use crate::diag::{Diagnostic, Expected, Found, Kind, Place};
use crate::span::{Span, Spanned};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/jixiao.pest"]
struct Grammar;

/// Nesting deeper than this is refused before pest sees it (pest recurses).
pub const MAX_DEPTH: usize = 64;

/// Larger sources are refused: an evaluation is a few kilobytes.
pub const MAX_INPUT: usize = 16 * 1024 * 1024;

/// pest's budget of rule calls for one parse, far above what a file of
/// [`MAX_INPUT`] bytes needs, so that no input can make parsing run away.
const CALL_LIMIT: usize = 1 << 30;

/// Parses one file. On failure, every syntax problem found is returned;
/// warnings of the parse (W130) come with [`parse_recovering`].
pub fn parse(source: &str) -> Result<File, Vec<Diagnostic>> {
    let parsed = parse_recovering(source);
    match parsed.file {
        Some(file) if !parsed.diagnostics.iter().any(Diagnostic::is_error) => Ok(file),
        _ => Err(parsed.diagnostics),
    }
}

/// A parse that goes on past malformed items.
#[derive(Debug)]
pub struct Parsed {
    /// The tree: malformed items are left out of it and listed in
    /// [`File::malformed`], so that the checker still checks the rest.
    pub file: Option<File>,
    /// Whether `file` is only a sketch for editors, which the checker does
    /// not check: the tree of the text with the closing quotes, comments and
    /// braces it lacks put where the first pass found them missing (spans
    /// run to the end of the file) and stray ones left out, or of a file
    /// with a problem the tree cannot hold (a number too large).
    pub repaired: bool,
    /// Every syntax problem found.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses one file, recovering from malformed items: each is reported in
/// the words of the block it stands in, and parsing goes on at the next
/// line or `}`.
pub fn parse_recovering(source: &str) -> Parsed {
    parse_with(source, true).0
}

/// The parse of `source` by the fast path, as [`parse_recovering`] gives
/// it, or `None` where the fast path leaves the file to pest; and the parse
/// by the pest path alone. For the tests and the fuzz target that check
/// that the two agree.
#[doc(hidden)]
pub fn fast_and_pest(source: &str) -> (Option<Parsed>, Parsed) {
    let (parsed, fast) = parse_with(source, true);
    (fast.then_some(parsed), parse_with(source, false).0)
}

/// [`parse_recovering`], with the fast path tried first when `fast` is
/// set, and whether it gave the parse.
fn parse_with(source: &str, fast: bool) -> (Parsed, bool) {
    if source.len() > MAX_INPUT {
        return (
            Parsed {
                file: None,
                repaired: false,
                diagnostics: vec![Diagnostic::new(
                    Kind::TooLarge {
                        size: source.len(),
                        limit: MAX_INPUT,
                    },
                    Span::at(0),
                )],
            },
            false,
        );
    }
    let scan = scan(source);
    if scan.max_depth > MAX_DEPTH {
        return (
            Parsed {
                file: None,
                repaired: false,
                diagnostics: vec![Diagnostic::new(
                    Kind::TooDeep { limit: MAX_DEPTH },
                    char_span(source, scan.deep_at),
                )],
            },
            false,
        );
    }
    static LIMIT: std::sync::Once = std::sync::Once::new();
    LIMIT.call_once(|| pest::set_call_limit(std::num::NonZeroUsize::new(CALL_LIMIT)));
    // An unterminated string or comment, or braces that do not pair, leave
    // no item whose end can be trusted: the scan's findings are the report,
    // and the tree is that of the text repaired where the scan says.
    if !scan.problems.is_empty() {
        let (text, shift) = repair(source, &scan.repairs);
        let file = Grammar::parse(Rule::file, &text).ok().map(|pairs| {
            let mut lower = Lower::new(Some(shift));
            let mut file = lower.file(pairs.into_iter().next().expect("file rule"));
            file.comments = scan.comments.clone();
            file.strings = scan.strings.clone();
            file
        });
        let mut diagnostics = scan.problems;
        diagnostics.extend(scan.warnings);
        crate::diag::sort(&mut diagnostics);
        return (
            Parsed {
                file,
                repaired: true,
                diagnostics,
            },
            false,
        );
    }
    // The common subset of the language, parsed by hand: the tree pest
    // would give, which has no problems of its own (see fast.rs).
    if fast && let Some(mut file) = fast::parse(source) {
        file.comments = scan.comments;
        file.strings = scan.strings;
        let mut diagnostics = scan.warnings;
        crate::diag::sort(&mut diagnostics);
        return (
            Parsed {
                file: Some(file),
                repaired: false,
                diagnostics,
            },
            true,
        );
    }
    let pairs = match Grammar::parse(Rule::file, source) {
        Ok(pairs) => pairs,
        Err(error) => {
            let mut diagnostics = vec![translate(source, error, &scan)];
            diagnostics.extend(scan.warnings);
            crate::diag::sort(&mut diagnostics);
            return (
                Parsed {
                    file: None,
                    repaired: false,
                    diagnostics,
                },
                false,
            );
        }
    };
    let mut lower = Lower::new(None);
    let file_pair = pairs.into_iter().next().expect("file rule");
    let mut file = lower.file(file_pair);
    file.comments = scan.comments;
    file.strings = scan.strings;
    if !lower.diagnostics.is_empty() {
        return (
            Parsed {
                file: Some(file),
                repaired: true,
                diagnostics: lower.diagnostics,
            },
            false,
        );
    }
    let mut diagnostics = lower.recovered;
    diagnostics.extend(scan.warnings);
    // Malformed items come in the order of the file, so one sweep over the
    // blocks finds the block each stands in.
    let mut open = OpenAt::new(&scan.blocks);
    diagnostics.extend(
        file.malformed
            .iter()
            .flat_map(|(place, span)| malformed(source, *place, *span, &mut open)),
    );
    crate::diag::sort(&mut diagnostics);
    (
        Parsed {
            file: Some(file),
            repaired: false,
            diagnostics,
        },
        false,
    )
}

// ------------------------------------------------------------------ repair

/// A change the scan asks for, so that the text parses: text put in at an
/// offset, or the characters at an offset written over with as many bytes.
#[derive(Debug)]
enum Repair {
    Insert(&'static str),
    Overwrite(String),
}

/// The source with the repairs made, and how offsets of the new text map
/// back to the source.
fn repair(source: &str, repairs: &[(usize, Repair)]) -> (String, Shift) {
    let mut order: Vec<usize> = (0..repairs.len()).collect();
    // Stable: repairs at one offset (the end of the file) keep their order.
    order.sort_by_key(|&i| repairs[i].0);
    let mut text = String::with_capacity(source.len() + 16);
    let mut shift = Shift {
        starts: Vec::new(),
        lens: Vec::new(),
        before: Vec::new(),
        snaps: Vec::new(),
        limit: source.len(),
    };
    let mut copied = 0;
    for i in order {
        let (at, repair) = &repairs[i];
        let at = (*at).max(copied);
        text.push_str(&source[copied..at]);
        copied = at;
        match repair {
            Repair::Insert(inserted) => {
                let before = shift.before.last().copied().unwrap_or(0)
                    + shift.lens.last().copied().unwrap_or(0);
                shift.starts.push(text.len());
                shift.lens.push(inserted.len());
                shift.before.push(before);
                text.push_str(inserted);
            }
            Repair::Overwrite(with) => {
                let end = at + with.len();
                if end <= source.len() && source.is_char_boundary(end) {
                    if !source[at..end].is_ascii() {
                        shift.snaps.push((at, end));
                    }
                    text.push_str(with);
                    copied = end;
                }
            }
        }
    }
    text.push_str(&source[copied..]);
    (text, shift)
}

/// Maps offsets of a repaired text back to the source: the text put in
/// maps to where it was put.
#[derive(Debug)]
struct Shift {
    /// Where each insertion starts in the repaired text, in order.
    starts: Vec<usize>,
    lens: Vec<usize>,
    /// The bytes inserted before each insertion.
    before: Vec<usize>,
    /// Characters written over with ASCII (`”` with `"`, `年` with `-`):
    /// an offset inside one maps to its end, a character boundary.
    snaps: Vec<(usize, usize)>,
    /// The length of the source.
    limit: usize,
}

impl Shift {
    fn original(&self, offset: usize) -> usize {
        let n = self.starts.partition_point(|&s| s < offset);
        let original = match n.checked_sub(1) {
            None => offset,
            Some(i) => {
                let inside = (offset - self.starts[i]).min(self.lens[i]);
                offset - self.before[i] - inside
            }
        };
        let original = original.min(self.limit);
        let n = self.snaps.partition_point(|&(start, _)| start < original);
        match n.checked_sub(1).map(|i| self.snaps[i]) {
            Some((_, end)) if original < end => end,
            _ => original,
        }
    }
}

// ------------------------------------------------------------------ scanning

/// The span of the character at `at` (a brace may be full-width).
fn char_span(source: &str, at: usize) -> Span {
    let len = source[at..].chars().next().map_or(0, char::len_utf8);
    Span::new(at, at + len)
}

/// What a lexical pass over the source found.
struct Scan {
    /// Problems that leave no tree.
    problems: Vec<Diagnostic>,
    /// Full-width punctuation read as its ASCII form (W131).
    warnings: Vec<Diagnostic>,
    /// What would make the text parse, when there are problems.
    repairs: Vec<(usize, Repair)>,
    comments: Vec<Lexeme>,
    strings: Vec<Lexeme>,
    /// Every `{` with the offset of its `}`, or `None` when it is never closed.
    blocks: Vec<(usize, Option<usize>)>,
    max_depth: usize,
    deep_at: usize,
}

impl Scan {
    /// The innermost block that is open at `offset`.
    fn enclosing(&self, offset: usize) -> Option<usize> {
        self.blocks
            .iter()
            .filter(|(open, close)| *open < offset && close.is_none_or(|c| c >= offset))
            .map(|(open, _)| *open)
            .max()
    }
}

/// The innermost block open at each of offsets given in increasing order,
/// for the blocks of a file whose braces pair: a sweep over the blocks in
/// the order they open, with the stack of those still open.
struct OpenAt<'a> {
    blocks: &'a [(usize, Option<usize>)],
    next: usize,
    stack: Vec<(usize, usize)>,
}

impl<'a> OpenAt<'a> {
    fn new(blocks: &'a [(usize, Option<usize>)]) -> Self {
        OpenAt {
            blocks,
            next: 0,
            stack: Vec::new(),
        }
    }

    /// The `{` of the innermost block open at `offset`, which is not before
    /// the offset asked about last.
    fn at(&mut self, offset: usize) -> Option<usize> {
        while let Some(&(open, close)) = self.blocks.get(self.next)
            && open < offset
        {
            self.stack.push((open, close.unwrap_or(usize::MAX)));
            self.next += 1;
        }
        while self.stack.last().is_some_and(|&(_, close)| close < offset) {
            self.stack.pop();
        }
        self.stack.last().map(|&(open, _)| open)
    }
}

/// The indentation of the line of each offset, for offsets met in order:
/// each line is looked at once, however many braces it holds and however
/// long it is.
struct Indentation<'a> {
    source: &'a str,
    /// Line breaks have been looked for up to here.
    seen: usize,
    /// Where the current line starts.
    line: usize,
    /// The current line's indentation (spaces and tabs) and the offset of
    /// its first character that is not whitespace, once asked for.
    found: Option<(usize, usize)>,
}

impl<'a> Indentation<'a> {
    fn new(source: &'a str) -> Self {
        Indentation {
            source,
            seen: 0,
            line: 0,
            found: None,
        }
    }

    /// The indentation of the line of `offset` (at or after the offset
    /// asked about before), and whether `offset` is the first character
    /// on it that is not whitespace.
    fn at(&mut self, offset: usize) -> (usize, bool) {
        let offset = offset.max(self.seen);
        if let Some(n) = self.source[self.seen..offset].rfind('\n') {
            self.line = self.seen + n + 1;
            self.found = None;
        }
        self.seen = offset;
        let line = self.line;
        let source = self.source;
        let (indent, first) = *self.found.get_or_insert_with(|| {
            let rest = &source[line..];
            let indent = rest.chars().take_while(|c| *c == ' ' || *c == '\t').count();
            let first = rest
                .find(|c: char| !c.is_whitespace() || c == '\n')
                .map_or(source.len(), |n| line + n);
            (indent, first)
        });
        (indent, offset == first)
    }
}

/// The blocks open at a point of the scan, innermost last, with the
/// indentation of the line each was opened on, indexed by indentation so
/// that a `}` finds its block without walking the stack.
#[derive(Default)]
struct Open {
    /// Indices into `Scan::blocks` and the indentation of each.
    stack: Vec<(usize, usize)>,
    /// For each indentation, the positions in `stack` opened with it.
    by_indent: std::collections::HashMap<usize, Vec<usize>>,
}

impl Open {
    fn push(&mut self, block: usize, indent: usize) {
        self.by_indent
            .entry(indent)
            .or_default()
            .push(self.stack.len());
        self.stack.push((block, indent));
    }

    fn pop(&mut self) -> Option<usize> {
        let (block, indent) = self.stack.pop()?;
        if let Some(positions) = self.by_indent.get_mut(&indent) {
            positions.pop();
        }
        Some(block)
    }

    /// The position in the stack of the innermost block opened with `indent`.
    fn innermost_with(&self, indent: usize) -> Option<usize> {
        self.by_indent.get(&indent)?.last().copied()
    }

    fn len(&self) -> usize {
        self.stack.len()
    }
}

/// Finds unterminated strings and comments and unbalanced braces, skipping
/// the contents of strings and comments.
fn scan(source: &str) -> Scan {
    let bytes = source.as_bytes();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut repairs = Vec::new();
    let mut comments = Vec::new();
    let mut strings = Vec::new();
    let mut open = Open::default();
    let mut indentation = Indentation::new(source);
    let mut quote_end = None;
    let mut blocks: Vec<(usize, Option<usize>)> = Vec::new();
    let mut max_depth = 0;
    let mut deep_at = 0;
    // Whether an unterminated string or comment ran to the end of the file,
    // hiding the braces after it.
    let mut swallowed = false;
    // What the end of the file lacks, besides the braces of open blocks.
    let mut eof: Vec<&'static str> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let start = i;
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                comments.push(Lexeme::closed(start, i));
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => match source[i + 2..].find("*/") {
                Some(end) => {
                    comments.push(Lexeme::closed(i, i + end + 4));
                    i += end + 4;
                }
                None => {
                    problems.push(Diagnostic::new(
                        Kind::UnterminatedComment,
                        Span::new(i, i + 2),
                    ));
                    comments.push(Lexeme {
                        span: Span::new(i, bytes.len()),
                        closed: false,
                    });
                    eof.push("*/");
                    i = bytes.len();
                }
            },
            b'"' => {
                let open = i;
                i += 1;
                loop {
                    let unterminated = match bytes.get(i) {
                        None => true,
                        Some(b'"') => source[i + 1..].starts_with(char::is_alphanumeric),
                        _ => false,
                    };
                    // Never closed, but its line ends in a Chinese `”`:
                    // Word's quote correction closed it so.
                    if unterminated && let Some(close) = chinese_close(source, open) {
                        let end = close + '”'.len_utf8();
                        problems.push(
                            Diagnostic::new(Kind::ChineseClosingQuote, Span::new(close, end))
                                .with_related(char_span(source, open)),
                        );
                        repairs.push((close, Repair::Overwrite("\"  ".into())));
                        strings.push(Lexeme::closed(open, end));
                        i = end;
                        break;
                    }
                    match bytes.get(i) {
                        None => {
                            problems.push(Diagnostic::new(
                                Kind::UnterminatedString,
                                char_span(source, open),
                            ));
                            strings.push(Lexeme {
                                span: Span::new(open, bytes.len()),
                                closed: false,
                            });
                            eof.push("\"");
                            swallowed = true;
                            break;
                        }
                        Some(b'\\') => i += 2,
                        Some(b'"') => {
                            i += 1;
                            // A closing quote is followed by a space, a brace
                            // or the end of a line, never by a letter: when
                            // it is, this quote opened a string that was never
                            // closed, and the quotes after it pair up wrongly.
                            // Report it and go on after its line.
                            let next = source[i..].chars().next();
                            if next.is_some_and(char::is_alphanumeric) {
                                problems.push(Diagnostic::new(
                                    Kind::UnterminatedString,
                                    char_span(source, open),
                                ));
                                i = source[open..].find('\n').map_or(bytes.len(), |n| open + n);
                                let end = if i > open && bytes[i - 1] == b'\r' {
                                    i - 1
                                } else {
                                    i
                                };
                                // The string ends on its line: close it there
                                // when the quotes of the line leave it open.
                                if quotes(&source[open..end]) % 2 == 1 {
                                    repairs.push((end, Repair::Insert("\"")));
                                }
                                strings.push(Lexeme {
                                    span: Span::new(open, end),
                                    closed: false,
                                });
                            } else {
                                strings.push(Lexeme::closed(open, i));
                            }
                            break;
                        }
                        Some(_) => i += 1,
                    }
                }
                continue;
            }
            b'{' => {
                open.push(blocks.len(), indentation.at(i).0);
                blocks.push((i, None));
                if open.len() > max_depth {
                    max_depth = open.len();
                    deep_at = i;
                }
            }
            b'}' => {
                // A `}` that starts its line closes the open block with the
                // same indentation: blocks opened deeper and left open are
                // reported where they were opened.
                let (indent, first_on_line) = indentation.at(i);
                if first_on_line && let Some(pos) = open.innermost_with(indent) {
                    while open.len() > pos + 1
                        && let Some(unclosed) = open.pop()
                    {
                        problems.push(Diagnostic::new(
                            Kind::UnclosedBlock,
                            char_span(source, blocks[unclosed].0),
                        ));
                        repairs.push((i, Repair::Insert("}")));
                    }
                }
                match open.pop() {
                    Some(b) => blocks[b].1 = Some(i),
                    None => {
                        problems.push(Diagnostic::new(Kind::UnexpectedClose, char_span(source, i)));
                        repairs.push((i, Repair::Overwrite(" ".into())));
                    }
                }
            }
            b'0'..=b'9' if i == 0 || !bytes[i - 1].is_ascii_digit() => {
                if let Some((len, replacement)) = chinese_date(&source[i..]) {
                    let found = source[i..i + len].to_string();
                    repairs.push((i, Repair::Overwrite(format!("{replacement:len$}"))));
                    problems.push(Diagnostic::new(
                        Kind::ChineseDate { found, replacement },
                        Span::new(i, i + len),
                    ));
                    i += len;
                    continue;
                }
            }
            b if b >= 0x80 && source.is_char_boundary(i) => {
                if let Some((len, found, replacement)) = full_width(source, i, &mut quote_end) {
                    let span = Span::new(i, i + len);
                    // A full-width brace opens or closes a block as its
                    // ASCII form does.
                    match replacement.as_str() {
                        "{" => {
                            open.push(blocks.len(), indentation.at(i).0);
                            blocks.push((i, None));
                        }
                        "}" => match open.pop() {
                            Some(b) => blocks[b].1 = Some(i),
                            None => {
                                problems.push(Diagnostic::new(Kind::UnexpectedClose, span));
                                repairs.push((i, Repair::Overwrite(" ".repeat(len))));
                                i += len;
                                continue;
                            }
                        },
                        _ if replacement.starts_with('"') && len > 3 => {
                            strings.push(Lexeme::closed(i, i + len));
                        }
                        _ => {}
                    }
                    // A quote without its closing one on its line cannot be
                    // read as a string.
                    if replacement == "\"" {
                        repairs.push((i, Repair::Overwrite(" ".repeat(len))));
                        problems.push(Diagnostic::new(
                            Kind::FullWidth { found, replacement },
                            span,
                        ));
                    } else {
                        warnings.push(Diagnostic::new(
                            Kind::FullWidthPunctuation { found, replacement },
                            span,
                        ));
                    }
                    i += len;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    if !swallowed {
        for &(unclosed, _) in &open.stack {
            problems.push(Diagnostic::new(
                Kind::UnclosedBlock,
                char_span(source, blocks[unclosed].0),
            ));
        }
    }
    // What runs to the end is closed there, then the blocks still open.
    eof.extend(std::iter::repeat_n("}", open.len()));
    repairs.extend(eof.into_iter().map(|s| (bytes.len(), Repair::Insert(s))));
    problems.sort_by_key(|d| d.span.start);
    Scan {
        problems,
        warnings,
        repairs,
        comments,
        strings,
        blocks,
        max_depth,
        deep_at,
    }
}

/// The last `”` on the line of the `"` at `open`, with no other `"` between
/// them and no `“` it would close: where a string Word's quote correction
/// closed ends.
fn chinese_close(source: &str, open: usize) -> Option<usize> {
    let rest = &source[open + 1..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    let close = line.rfind('”')?;
    let before = &line[..close];
    // A `”` that closes a `“` is a quotation inside the text.
    let paired = before.matches('“').count() > before.matches('”').count();
    (quotes(before) == 0 && !paired).then_some(open + 1 + close)
}

/// The quotes of `text` that are not escaped.
fn quotes(text: &str) -> usize {
    let mut count = 0;
    let mut escaped = false;
    for b in text.bytes() {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => count += 1,
            _ => {}
        }
    }
    count
}

/// A date written the Chinese way, `2023年12月20日`, at the start of `rest`:
/// its length and the date as jixiao writes it.
fn chinese_date(rest: &str) -> Option<(usize, String)> {
    let digits = |s: &str, min: usize, max: usize| {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (min..=max).contains(&n).then_some(n)
    };
    let y = digits(rest, 4, 4)?;
    let rest1 = rest[y..].strip_prefix('年')?;
    let m = digits(rest1, 1, 2)?;
    let rest2 = rest1[m..].strip_prefix('月')?;
    let d = digits(rest2, 1, 2)?;
    rest2[d..].strip_prefix('日')?;
    let len = y + '年'.len_utf8() + m + '月'.len_utf8() + d + '日'.len_utf8();
    let replacement = format!("{}-{:0>2}-{:0>2}", &rest[..y], &rest1[..m], &rest2[..d]);
    Some((len, replacement))
}

/// A full-width character where syntax is expected (outside strings and
/// comments): its length, the text found and what it is read as (a lone
/// quote, whose closing one is not on its line, as `"`: it cannot be read).
/// `quote_end` keeps the offset of the first `”`, `"` or line break after
/// the last `“` looked at, so that a line of `“` without `”` is searched once,
/// not once for each.
fn full_width(
    source: &str,
    at: usize,
    quote_end: &mut Option<usize>,
) -> Option<(usize, String, String)> {
    let rest = &source[at..];
    let c = rest.chars().next()?;
    match c {
        '｛' => Some((c.len_utf8(), c.to_string(), "{".to_string())),
        '｝' => Some((c.len_utf8(), c.to_string(), "}".to_string())),
        // `其中：当年财政拨款` is a funds-row label.
        '：' if source[..at].ends_with("其中") => None,
        '：' => Some((c.len_utf8(), c.to_string(), " ".to_string())),
        '“' => {
            // Chinese quotation marks around a string: show the whole string
            // (up to the first `”` on its line).
            let end = match *quote_end {
                Some(end) if end > at => end,
                _ => {
                    let end = rest.find(['”', '"', '\n']).map_or(source.len(), |n| at + n);
                    *quote_end = Some(end);
                    end
                }
            };
            // Closed by `”`, or by `"` as Word's quote correction leaves it.
            let Some(close) = source[end..]
                .chars()
                .next()
                .filter(|c| matches!(c, '”' | '"'))
            else {
                return Some((c.len_utf8(), c.to_string(), "\"".to_string()));
            };
            let len = end - at + close.len_utf8();
            let found = &rest[..len];
            let inner = &found['“'.len_utf8()..found.len() - close.len_utf8()];
            Some((len, found.to_string(), format!("\"{inner}\"")))
        }
        '＂' => {
            // Full-width quotation marks pair up on their line.
            let after = &rest[c.len_utf8()..];
            match after.find(['＂', '\n']) {
                Some(n) if after[n..].starts_with('＂') => {
                    let len = c.len_utf8() + n + c.len_utf8();
                    let inner = &after[..n];
                    Some((
                        len,
                        rest[..len].to_string(),
                        format!("\"{}\"", inner.replace('"', "\\\"")),
                    ))
                }
                _ => Some((c.len_utf8(), c.to_string(), "\"".to_string())),
            }
        }
        _ => None,
    }
}

// ------------------------------------------------------------ syntax errors

fn translate(source: &str, error: pest::error::Error<Rule>, scan: &Scan) -> Diagnostic {
    let offset = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<Expected> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| expected(*r)).collect()
        }
        // pest's only custom error is its call limit.
        pest::error::ErrorVariant::CustomError { .. } => {
            return Diagnostic::new(Kind::TooComplex, Span::at(offset));
        }
    };
    expected.sort();
    expected.dedup();
    syntax_error(source, offset, expected, scan)
}

fn syntax_error(source: &str, offset: usize, expected: Vec<Expected>, scan: &Scan) -> Diagnostic {
    let rest = &source[offset..];
    let token_len = token_at(rest);
    let found = if rest.is_empty() {
        Found::EndOfFile
    } else {
        Found::Token(rest[..token_len].to_string())
    };
    let mut diagnostic = Diagnostic::new(
        Kind::Syntax { expected, found },
        Span::new(offset, offset + token_len),
    );
    if let Some(open) = scan.enclosing(offset) {
        diagnostic = diagnostic.with_related(char_span(source, open));
    }
    diagnostic
}

/// The syntax error of a malformed item at `span` in `place`, with the
/// block it stands in. A unit in brackets comes with the others of the
/// rest of the line (`指标值 ≥10（个）  完成值 10（个）`): each is a slip of
/// its own, and all are reported at once.
fn malformed(source: &str, place: Place, span: Span, open: &mut OpenAt<'_>) -> Vec<Diagnostic> {
    let diagnostic = slip(source, place, span);
    if let Kind::UnitInBrackets { .. } = diagnostic.kind {
        // A unit is letters only: no bracket opens inside one.
        let rest = diagnostic.span.end;
        let others = source[rest..span.end]
            .match_indices(['（', '('])
            .filter_map(|(n, _)| unit_in_brackets(source, Span::new(rest + n, span.end)));
        return std::iter::once(diagnostic).chain(others).collect();
    }
    // Only these say what the block wants.
    let names_the_block = matches!(
        diagnostic.kind,
        Kind::Syntax { .. } | Kind::Malformed { .. }
    );
    vec![match open.at(diagnostic.span.start) {
        Some(open) if names_the_block => diagnostic.with_related(char_span(source, open)),
        _ => diagnostic,
    }]
}

/// A unit in brackets after a figure at the start of `span` (`≥10（个）`,
/// the bracket at `span.start`), which runs to the end of the bracket.
fn unit_in_brackets(source: &str, span: Span) -> Option<Diagnostic> {
    let text = &source[span.start..span.end];
    let open = text.chars().next().filter(|c| matches!(c, '（' | '('))?;
    if !source[..span.start].ends_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let inner = &text[open.len_utf8()..];
    let close = inner
        .find(['）', ')'])
        .filter(|&n| n > 0 && inner[..n].chars().all(char::is_alphabetic))?;
    let len = open.len_utf8() + close + inner[close..].chars().next().map_or(0, char::len_utf8);
    let figure_start = source[..span.start]
        .rfind(char::is_whitespace)
        .map_or(0, |n| n + 1);
    Some(Diagnostic::new(
        Kind::UnitInBrackets {
            found: source[figure_start..span.start + len].to_string(),
            written: format!("{}{}", &source[figure_start..span.start], &inner[..close]),
        },
        Span::new(span.start, span.start + len),
    ))
}

/// What went wrong in a malformed item. The slips Word users make are
/// named (a stray comma, `#` for a comment, text without quotes, a field
/// before the indicator's name, 万元 after an amount, a date with dots);
/// otherwise the item is parsed again on its own, to say how far it was
/// right: one that breaks off (`年度 二〇二一`, `分值` at the end of a
/// line) gets what was expected where it broke off, on its own line; one
/// that no item of the block starts like gets what belongs in the block.
fn slip(source: &str, place: Place, span: Span) -> Diagnostic {
    let text = &source[span.start..span.end];
    let first = text.chars().next().unwrap_or(' ');
    let line = text.trim_end();
    let at = |len: usize| Span::new(span.start, span.start + len);
    // A range as a target (`90%-95%`, `90%～95%`): the figure before it was
    // read as the value, the rest of it is left over.
    if place == Place::Indicator
        && text.starts_with(['-', '~', '～', '—', '－', '至'])
        && source[..span.start].ends_with(|c: char| c.is_ascii_digit() || c == '%' || c == '％')
    {
        let low_start = source[..span.start]
            .rfind(char::is_whitespace)
            .map_or(0, |n| n + 1);
        let end = text
            .find(char::is_whitespace)
            .map_or(span.end, |n| span.start + n);
        return Diagnostic::new(
            Kind::RangeValue {
                found: source[low_start..end].to_string(),
                low: half_width(&source[low_start..span.start]).into_owned(),
            },
            Span::new(low_start, end),
        );
    }
    if place == Place::Indicator
        && let Some(diagnostic) = unit_in_brackets(source, span)
    {
        return diagnostic;
    }
    if "，,；;。、:".contains(first) {
        return Diagnostic::new(
            Kind::StrayPunctuation {
                found: first.to_string(),
            },
            at(first.len_utf8()),
        );
    }
    if first == '#' {
        return Diagnostic::new(Kind::HashComment, at(1));
    }
    // An indicator numbered as on the form, without quotes: `1.完成数量`.
    if place == Place::Level2 && first.is_ascii_digit() {
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let after = &text[digits..];
        let mark = after
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | '、' | '．'));
        if let Some(mark) = mark
            && after[mark.len_utf8()..].starts_with(char::is_alphabetic)
        {
            let len = text.find(char::is_whitespace).unwrap_or(text.len());
            return Diagnostic::new(
                Kind::Unquoted {
                    found: text[digits + mark.len_utf8()..len].to_string(),
                },
                at(len),
            );
        }
    }
    if place == Place::Level1 && first == '"' {
        return Diagnostic::new(Kind::IndicatorOutsideLevel2, at(token_at(text)));
    }
    if first.is_alphabetic() {
        let word = text
            .find(|c: char| !(c.is_alphabetic() || c == '_'))
            .map_or(text, |n| &text[..n]);
        // A row of empty cells pasted from Excel: its label alone.
        if place == Place::Funds && text[word.len()..].trim().is_empty() {
            return Diagnostic::new(
                Kind::EmptyCells {
                    label: word.to_string(),
                },
                at(word.len()),
            );
        }
        let field = Grammar::parse(Rule::field_keyword, word).is_ok_and(|p| p.as_str() == word);
        if place == Place::Level2 && field {
            let name = text.find('"').map(|n| {
                let rest = &text[n + 1..];
                rest[..rest.find('"').unwrap_or(rest.len())].to_string()
            });
            return Diagnostic::new(Kind::NameNotFirst { name }, at(word.len()));
        }
        // A category's block among indicators: `质量指标 { … }` one level
        // too deep.
        if matches!(place, Place::Level2 | Place::Indicator)
            && text[word.len()..].trim_start().starts_with('{')
        {
            return Diagnostic::new(
                Kind::CategoryTooDeep {
                    name: word.to_string(),
                },
                at(word.len()),
            );
        }
        let keyword = Grammar::parse(Rule::keyword, word).is_ok_and(|p| p.as_str() == word);
        // An indicator's name is its first word; a paragraph is the line.
        let unquoted = match place {
            Place::Level2 => Some(text.find(char::is_whitespace).map_or(line, |n| &text[..n])),
            Place::Chapter | Place::List | Place::Projects if !keyword => Some(line),
            _ => None,
        };
        if let Some(found) = unquoted {
            return Diagnostic::new(
                Kind::Unquoted {
                    found: found.to_string(),
                },
                at(found.len()),
            );
        }
    }
    let rule = match place {
        Place::File => Rule::top_item,
        Place::Evaluation => Rule::eval_item,
        Place::Funds => Rule::funds_item,
        Place::Goal => Rule::goal_item,
        Place::Indicators => Rule::level1,
        Place::Level1 => Rule::level2,
        Place::Level2 => Rule::indicator,
        Place::Indicator => Rule::field,
        Place::Scheme => Rule::scheme_item,
        Place::Framework => Rule::framework_group,
        Place::Report => Rule::report_item,
        Place::Chapter => Rule::block,
        Place::List => Rule::paragraph,
        Place::Projects => Rule::string,
    };
    // What follows a funds row's amounts (`执行率 95`, `得分 九`) is read
    // as that, not as a row named 执行率.
    let broken = match place {
        Place::Funds => broken_at(Rule::row_extra, text)
            .filter(|(offset, _)| *offset > 0)
            .map(|(offset, expected)| {
                // 分值 and 得分 take a number, 执行率 a percentage.
                let figures = expected.into_iter().map(|e| match e {
                    Expected::Amount => Expected::Number,
                    Expected::Value => Expected::Percent,
                    e => e,
                });
                (offset, figures.collect())
            }),
        _ => None,
    };
    if let Some((offset, expected)) = broken.or_else(|| broken_at(rule, text))
        && offset > 0
        && !expected.is_empty()
    {
        if offset < line.len() {
            return broke_off(span.start + offset, &line[offset..], expected);
        }
        // The item breaks off at the end of its line: point there.
        return Diagnostic::new(
            Kind::Syntax {
                expected,
                found: Found::EndOfLine,
            },
            Span::at(span.start + line.len()),
        );
    }
    // A figure among an indicator's fields lacks its field's name.
    if place == Place::Indicator
        && !first.is_alphabetic()
        && let Ok(mut value) = Grammar::parse(Rule::value, text)
        && let Some(value) = value.next()
    {
        // A bound is a target (`≥10个`), a figure most often the actual.
        let bound = value.clone().into_inner().next().map(|v| v.as_rule()) == Some(Rule::bound);
        return Diagnostic::new(
            Kind::MissingFieldName {
                found: value.as_str().to_string(),
                field: if bound { "指标值" } else { "完成值" },
            },
            at(value.as_str().len()),
        );
    }
    // What the item starts with: up to the first blank, or one token.
    let chunk = text.find(char::is_whitespace).map_or(text, |n| &text[..n]);
    let len = if chunk.chars().count() <= 16 {
        chunk.len()
    } else {
        token_at(text)
    };
    Diagnostic::new(
        Kind::Malformed {
            place,
            found: text[..len].to_string(),
        },
        at(len),
    )
}

/// Where `rule` fails on `rest` and what it expected there, if it fails.
/// `rest` is the malformed item alone: pest's error looks for the start of
/// its line from the end of its input, so the rest of the file would make
/// each error cost the file's length.
fn broken_at(rule: Rule, rest: &str) -> Option<(usize, Vec<Expected>)> {
    let error = Grammar::parse(rule, rest).err()?;
    let offset = match error.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let mut expected: Vec<Expected> = match &error.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives
            .iter()
            .filter_map(|r| self::expected(*r))
            .collect(),
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort();
    expected.dedup();
    Some((offset, expected))
}

/// The error where an item broke off at `offset`, before `rest` (the rest
/// of its line), when `expected` would have gone on.
fn broke_off(offset: usize, rest: &str, expected: Vec<Expected>) -> Diagnostic {
    let token = &rest[..token_at(rest)];
    // `分值:10`, `主管部门:"…"`: a colon where a space belongs.
    if rest.starts_with(':') {
        return Diagnostic::new(
            Kind::StrayPunctuation {
                found: ":".to_string(),
            },
            Span::new(offset, offset + 1),
        );
    }
    if expected.contains(&Expected::Amount) {
        let decoration = ["万元", "元", "¥", "￥"]
            .into_iter()
            .find(|d| rest.starts_with(d));
        if let Some(found) = decoration {
            return Diagnostic::new(
                Kind::AmountDecorated {
                    found: found.to_string(),
                },
                Span::new(offset, offset + found.len()),
            );
        }
    }
    if expected.contains(&Expected::Year) {
        const DIGITS: &str = "〇一二三四五六七八九";
        let digits: Option<String> = token
            .chars()
            .map(|c| {
                let c = if c == '零' { '〇' } else { c };
                DIGITS
                    .chars()
                    .position(|d| d == c)
                    .map(|n| char::from(b'0' + n as u8))
            })
            .collect();
        if let Some(replacement) = digits.filter(|d| d.len() == 4) {
            return Diagnostic::new(
                Kind::ChineseYear {
                    found: token.to_string(),
                    replacement,
                },
                Span::new(offset, offset + token.len()),
            );
        }
    }
    if expected == [Expected::Percent] && token.starts_with(|c: char| c.is_ascii_digit()) {
        return Diagnostic::new(
            Kind::PercentSignMissing {
                found: token.to_string(),
            },
            Span::new(offset, offset + token.len()),
        );
    }
    if expected.contains(&Expected::Date)
        && let Some((len, replacement)) = dotted_date(rest)
    {
        return Diagnostic::new(
            Kind::ChineseDate {
                found: rest[..len].to_string(),
                replacement,
            },
            Span::new(offset, offset + len),
        );
    }
    let text_only = expected
        .iter()
        .all(|e| matches!(e, Expected::String | Expected::Paragraph));
    if text_only && token.starts_with(char::is_alphabetic) {
        return Diagnostic::new(
            Kind::Unquoted {
                found: rest.to_string(),
            },
            Span::new(offset, offset + rest.len()),
        );
    }
    Diagnostic::new(
        Kind::Syntax {
            expected,
            found: Found::Token(token.to_string()),
        },
        Span::new(offset, offset + token.len()),
    )
}

/// A date written with dots or slashes, `2023.02.14` or `2023/2/14`, at
/// the start of `rest`: its length and the date as jixiao writes it.
fn dotted_date(rest: &str) -> Option<(usize, String)> {
    let digits = |s: &str, min: usize, max: usize| {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (min..=max).contains(&n).then_some(n)
    };
    let y = digits(rest, 4, 4)?;
    let separator = rest[y..]
        .chars()
        .next()
        .filter(|c| matches!(c, '.' | '/'))?;
    let rest1 = &rest[y + 1..];
    let m = digits(rest1, 1, 2)?;
    let rest2 = rest1[m..].strip_prefix(separator)?;
    let d = digits(rest2, 1, 2)?;
    if rest2[d..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let len = y + 1 + m + 1 + d;
    let replacement = format!("{}-{:0>2}-{:0>2}", &rest[..y], &rest1[..m], &rest2[..d]);
    Some((len, replacement))
}

/// The length in bytes of the token that starts `rest`: a word, a number or
/// one character (a string shows as its first 12 characters).
fn token_at(rest: &str) -> usize {
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return 0;
    };
    let same = |c: char| {
        if first.is_alphabetic() {
            c.is_alphabetic() || c == '_'
        } else if first.is_ascii_digit() {
            c.is_ascii_digit() || c == '.'
        } else {
            false
        }
    };
    if first == '"' {
        let end = rest[1..]
            .char_indices()
            .take(12)
            .find(|(_, c)| *c == '"' || *c == '\n')
            .map_or_else(
                || {
                    rest[1..]
                        .char_indices()
                        .nth(12)
                        .map_or(rest.len(), |(i, _)| i + 1)
                },
                |(i, c)| i + 1 + if c == '"' { 1 } else { 0 },
            );
        return end;
    }
    rest.char_indices()
        .skip(1)
        .find(|(_, c)| !same(*c))
        .map_or(rest.len(), |(i, _)| i)
}

/// What a grammar rule means to a user. Every rule is named here, so a new
/// rule cannot be added without deciding how errors speak of it.
fn expected(rule: Rule) -> Option<Expected> {
    Some(match rule {
        Rule::kw_evaluation => Expected::Keyword("自评表", "evaluation"),
        Rule::kw_report => Expected::Keyword("自评报告", "report"),
        Rule::kw_year => Expected::Keyword("年度", "year"),
        Rule::kw_title => Expected::Keyword("标题", "title"),
        Rule::kw_department => Expected::Keyword("主管部门", "department"),
        Rule::kw_implementer => Expected::Keyword("实施单位", "implementer"),
        Rule::kw_funds => Expected::Keyword("项目资金", "funds"),
        Rule::kw_goal => Expected::Keyword("年度总体目标", "goal"),
        Rule::kw_expected => Expected::Keyword("预期目标", "expected"),
        Rule::kw_actual_goal => Expected::Keyword("实际完成情况", "actual"),
        Rule::kw_monitoring | Rule::funds_monitoring => Expected::Keyword("监控", "monitoring"),
        Rule::kw_to_date | Rule::row_to_date => Expected::Keyword("执行数", "to_date"),
        Rule::kw_forecast | Rule::row_forecast => Expected::Keyword("预计执行数", "forecast"),
        Rule::kw_cause | Rule::funds_cause => Expected::Keyword("偏差原因", "cause"),
        Rule::kw_measures | Rule::funds_measures => Expected::Keyword("纠偏措施", "measures"),
        Rule::kw_progress | Rule::progress => Expected::Keyword("执行情况", "progress"),
        Rule::kw_indicators => Expected::Keyword("绩效指标", "indicators"),
        Rule::kw_weight | Rule::row_weight => Expected::Keyword("分值", "weight"),
        Rule::kw_rate | Rule::row_rate => Expected::Keyword("执行率", "rate"),
        Rule::kw_score | Rule::row_score => Expected::Keyword("得分", "score"),
        Rule::points | Rule::year_suffix => return None,
        Rule::kw_subtitle => Expected::Keyword("副标题", "subtitle"),
        Rule::kw_chapter | Rule::chapter => Expected::Keyword("章", "chapter"),
        Rule::kw_section | Rule::heading => Expected::Keyword("节", "section"),
        Rule::kw_subsection => Expected::Keyword("小节", "subsection"),
        Rule::kw_clause => Expected::Keyword("款", "clause"),
        Rule::kw_list | Rule::list => Expected::Keyword("列表", "list"),
        Rule::kw_table | Rule::form_table => Expected::Keyword("表格", "table"),
        Rule::kw_signed => Expected::Keyword("落款", "signed"),
        Rule::kw_scheme | Rule::scheme => Expected::Keyword("评分方案", "scheme"),
        Rule::kw_framework | Rule::framework => Expected::Keyword("指标体系", "framework"),
        Rule::kw_deviation | Rule::funds_note => Expected::Keyword("偏差", "deviation"),
        Rule::kw_template | Rule::template | Rule::template_ref => {
            Expected::Keyword("表样", "template")
        }
        Rule::kw_fields | Rule::fields => Expected::Keyword("栏目", "fields"),
        Rule::kw_projects | Rule::projects => Expected::Keyword("项目汇总", "projects"),
        Rule::field_text | Rule::layout => Expected::Name,
        Rule::layout_block => Expected::Open,
        Rule::framework_group => Expected::Category,
        Rule::scheme_setting => Expected::Setting,
        Rule::scheme_table => Expected::Open,
        Rule::evaluation => Expected::Keyword("自评表", "evaluation"),
        Rule::report => Expected::Keyword("自评报告", "report"),
        Rule::year => Expected::Keyword("年度", "year"),
        Rule::title => Expected::Keyword("标题", "title"),
        Rule::department => Expected::Keyword("主管部门", "department"),
        Rule::implementer => Expected::Keyword("实施单位", "implementer"),
        Rule::funds => Expected::Keyword("项目资金", "funds"),
        Rule::goal => Expected::Keyword("年度总体目标", "goal"),
        Rule::expected => Expected::Keyword("预期目标", "expected"),
        Rule::actual_goal => Expected::Keyword("实际完成情况", "actual"),
        Rule::indicators => Expected::Keyword("绩效指标", "indicators"),
        Rule::subtitle => Expected::Keyword("副标题", "subtitle"),
        Rule::signed => Expected::Keyword("落款", "signed"),
        Rule::string | Rule::string_body | Rule::cn_body | Rule::fw_body => Expected::String,
        Rule::paragraph => Expected::Paragraph,
        Rule::number | Rule::cell => Expected::Amount,
        Rule::integer | Rule::year_digits => Expected::Year,
        Rule::blank => Expected::Amount,
        Rule::date => Expected::Date,
        Rule::value
        | Rule::bound
        | Rule::bound_word
        | Rule::bound_after
        | Rule::comparator
        | Rule::percent
        | Rule::quantity
        | Rule::unknown_block => Expected::Value,
        Rule::unit | Rule::unit_char => Expected::Unit,
        Rule::funds_row | Rule::row_label => Expected::FundsRow,
        Rule::level1 | Rule::level2 => Expected::Category,
        Rule::field | Rule::field_keyword => Expected::FieldName,
        Rule::indicator => Expected::Indicator,
        Rule::open => Expected::Open,
        Rule::close => Expected::Close,
        Rule::EOI => Expected::EndOfFile,
        // Recovery is tried after everything else and never named.
        Rule::junk | Rule::field_junk => return None,
        // A word where a keyword could stand: the keywords are listed already.
        Rule::word | Rule::unknown => return None,
        Rule::WHITESPACE | Rule::COMMENT | Rule::file => return None,
        // Silent rules never appear in an error.
        Rule::line_comment
        | Rule::block_comment
        | Rule::top_item
        | Rule::word_end
        | Rule::keyword
        | Rule::eval_item
        | Rule::funds_item
        | Rule::row_extra
        | Rule::scheme_item
        | Rule::junk_piece
        | Rule::junk_block
        | Rule::goal_item
        | Rule::report_item
        | Rule::unknown_arg
        | Rule::value_start
        | Rule::digit
        | Rule::escape
        | Rule::quote
        | Rule::plain
        | Rule::block
        | Rule::layout_arg
        | Rule::figure => return None,
    })
}

// ------------------------------------------------------------------ lowering

struct Lower {
    /// Where the text parsed was repaired, when it was.
    shift: Option<Shift>,
    /// Problems that leave no tree (a number too large, a bad escape).
    diagnostics: Vec<Diagnostic>,
    /// Problems the tree is still good for (a sign and a word in a bound).
    recovered: Vec<Diagnostic>,
    placeholders: Vec<Span>,
    left_over: Vec<(Span, Option<String>)>,
    malformed: Vec<(Place, Span)>,
}

impl Lower {
    fn new(shift: Option<Shift>) -> Self {
        Lower {
            shift,
            diagnostics: Vec::new(),
            recovered: Vec::new(),
            placeholders: Vec::new(),
            left_over: Vec::new(),
            malformed: Vec::new(),
        }
    }

    /// The offset in the source of an offset in the text parsed.
    fn at(&self, offset: usize) -> usize {
        self.shift
            .as_ref()
            .map_or(offset, |shift| shift.original(offset))
    }

    fn span_of(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.at(s.start()), self.at(s.end()))
    }

    /// The span of a rule that ends in an optional or repeated part, without
    /// the whitespace and comments pest skipped while looking for one more:
    /// from its start to the end of its last part.
    fn span_of_parts(&self, pair: &Pair<'_, Rule>) -> Span {
        let start = pair.as_span().start();
        let end = pair
            .clone()
            .into_inner()
            .last()
            .map_or(pair.as_span().end(), |last| last.as_span().end());
        Span::new(self.at(start), self.at(end))
    }

    fn file(&mut self, pair: Pair<'_, Rule>) -> File {
        let mut items = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::evaluation => items.push(TopItem::Evaluation(self.evaluation(p))),
                Rule::report => items.push(TopItem::Report(self.report(p))),
                Rule::template => items.push(TopItem::Template(self.template(p))),
                Rule::unknown => items.push(TopItem::Unknown(self.unknown(p))),
                Rule::junk => self.junk(Place::File, &p),
                Rule::EOI => {}
                r => unreachable!("file: {r:?}"),
            }
        }
        File {
            items,
            placeholders: std::mem::take(&mut self.placeholders),
            left_over: std::mem::take(&mut self.left_over),
            malformed: std::mem::take(&mut self.malformed),
            comments: Vec::new(),
            strings: Vec::new(),
        }
    }

    fn junk(&mut self, place: Place, pair: &Pair<'_, Rule>) {
        self.malformed.push((place, self.span_of(pair)));
    }

    fn unknown(&mut self, pair: Pair<'_, Rule>) -> Unknown {
        let span = self.span_of_parts(&pair);
        let word = pair.into_inner().next().expect("unknown word");
        Unknown {
            name: self.word(word),
            span,
        }
    }

    fn word(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span_of(&pair))
    }

    fn evaluation(&mut self, pair: Pair<'_, Rule>) -> Evaluation {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("keyword"));
        let name = self.string(inner.next().expect("name"));
        let mut items = Vec::new();
        for p in inner {
            let item = match p.as_rule() {
                Rule::open | Rule::close => continue,
                Rule::junk => {
                    self.junk(Place::Evaluation, &p);
                    continue;
                }
                Rule::year => {
                    let mut i = p.into_inner();
                    let keyword = self.span_of(&i.next().expect("kw"));
                    let digits = i.next().expect("year digits");
                    let year = digits.into_inner().next().expect("integer");
                    let digits = self.half_width(year.as_str(), self.span_of(&year));
                    let value = match digits.parse::<u32>() {
                        Ok(v) => v,
                        Err(_) => {
                            self.diagnostics
                                .push(Diagnostic::new(Kind::NumberTooLarge, self.span_of(&year)));
                            0
                        }
                    };
                    EvalItem::Year {
                        keyword,
                        year: Spanned::new(value, self.span_of(&year)),
                    }
                }
                Rule::title => {
                    let (keyword, text) = self.keyword_string(p);
                    EvalItem::Title { keyword, text }
                }
                Rule::department => {
                    let (keyword, text) = self.keyword_string(p);
                    EvalItem::Department { keyword, text }
                }
                Rule::implementer => {
                    let (keyword, text) = self.keyword_string(p);
                    EvalItem::Implementer { keyword, text }
                }
                Rule::template_ref => {
                    let (keyword, name) = self.keyword_string(p);
                    EvalItem::Template { keyword, name }
                }
                Rule::fields => EvalItem::Fields(self.fields(p)),
                Rule::projects => {
                    let span = self.span_of(&p);
                    let mut i = p.into_inner();
                    let keyword = self.span_of(&i.next().expect("kw"));
                    let mut files = Vec::new();
                    for f in i {
                        match f.as_rule() {
                            Rule::string => files.push(self.string(f)),
                            Rule::junk => self.junk(Place::Projects, &f),
                            _ => {}
                        }
                    }
                    EvalItem::Projects(Projects {
                        keyword,
                        files,
                        span,
                    })
                }
                Rule::scheme => EvalItem::Scheme(self.scheme(p)),
                Rule::funds => EvalItem::Funds(self.funds(p)),
                Rule::goal => EvalItem::Goal(self.goal(p)),
                Rule::indicators => EvalItem::Indicators(self.indicators(p)),
                Rule::unknown => EvalItem::Unknown(self.unknown(p)),
                r => unreachable!("evaluation: {r:?}"),
            };
            items.push(item);
        }
        Evaluation {
            keyword,
            name,
            items,
            span,
        }
    }

    fn keyword_text(&mut self, pair: Pair<'_, Rule>) -> (Span, Text) {
        let mut i = pair.into_inner();
        let keyword = self.span_of(&i.next().expect("kw"));
        let text = self.text(i.next().expect("string"));
        (keyword, text)
    }

    fn keyword_string(&mut self, pair: Pair<'_, Rule>) -> (Span, Str) {
        let mut i = pair.into_inner();
        let keyword = self.span_of(&i.next().expect("kw"));
        let text = self.string(i.next().expect("string"));
        (keyword, text)
    }

    fn funds(&mut self, pair: Pair<'_, Rule>) -> Funds {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let kw = inner.next().expect("kw");
        let keyword = self.span_of(&kw);
        let budget = matches!(kw.as_str(), "部门预算" | "budget");
        let mut unit = None;
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        let (mut monitoring, mut causes, mut measures) = (Vec::new(), Vec::new(), Vec::new());
        for p in inner {
            match p.as_rule() {
                Rule::unit => unit = Some(self.word(p)),
                Rule::funds_row => rows.push(self.funds_row(p)),
                Rule::funds_note => notes.push(self.keyword_string(p)),
                Rule::funds_cause => causes.push(self.keyword_string(p)),
                Rule::funds_measures => measures.push(self.keyword_string(p)),
                Rule::funds_monitoring => {
                    let mut i = p.into_inner();
                    let keyword = self.span_of(&i.next().expect("kw"));
                    let d = i.next().expect("date");
                    monitoring.push((keyword, Spanned::new(date(d.as_str()), self.span_of(&d))));
                }
                Rule::junk => self.junk(Place::Funds, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("funds: {r:?}"),
            }
        }
        Funds {
            keyword,
            budget,
            unit,
            rows,
            notes,
            monitoring,
            causes,
            measures,
            span,
        }
    }

    fn scheme(&mut self, pair: Pair<'_, Rule>) -> Scheme {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let mut items = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::framework => {
                    let span = self.span_of(&p);
                    let mut f = p.into_inner();
                    let keyword = self.span_of(&f.next().expect("kw"));
                    let mut groups = Vec::new();
                    for g in f {
                        match g.as_rule() {
                            Rule::framework_group => groups.push(self.framework_group(g)),
                            Rule::junk => self.junk(Place::Framework, &g),
                            _ => {}
                        }
                    }
                    items.push(SchemeItem::Framework {
                        keyword,
                        groups,
                        span,
                    });
                }
                Rule::scheme_setting => {
                    let mut s = p.into_inner();
                    let name = self.word(s.next().expect("name"));
                    let v = s.next().expect("setting value");
                    let value = match v.as_rule() {
                        Rule::scheme_table => {
                            let span = self.span_of(&v);
                            let mut entries = Vec::new();
                            let mut t = v.into_inner().filter(|e| {
                                e.as_rule() != Rule::open && e.as_rule() != Rule::close
                            });
                            while let (Some(k), Some(val)) = (t.next(), t.next()) {
                                entries.push((self.word(k), self.value(val)));
                            }
                            SettingValue::Table { entries, span }
                        }
                        Rule::value => SettingValue::Value(self.value(v)),
                        r => unreachable!("setting: {r:?}"),
                    };
                    items.push(SchemeItem::Setting { name, value });
                }
                Rule::junk => self.junk(Place::Scheme, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("scheme: {r:?}"),
            }
        }
        Scheme {
            keyword,
            items,
            span,
        }
    }

    fn fields(&mut self, pair: Pair<'_, Rule>) -> Fields {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let mut entries = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::field_text => {
                    let mut e = p.into_inner();
                    let name = self.word(e.next().expect("name"));
                    let text = self.string(e.next().expect("text"));
                    entries.push((name, text));
                }
                Rule::open | Rule::close => {}
                r => unreachable!("fields: {r:?}"),
            }
        }
        Fields {
            keyword,
            entries,
            span,
        }
    }

    fn template(&mut self, pair: Pair<'_, Rule>) -> Template {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let name = self.string(inner.next().expect("name"));
        let mut items = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::scheme => items.push(TemplateItem::Scheme(self.scheme(p))),
                Rule::layout => items.push(TemplateItem::Layout(self.layout(p))),
                Rule::open | Rule::close => {}
                r => unreachable!("template: {r:?}"),
            }
        }
        Template {
            keyword,
            name,
            items,
            span,
        }
    }

    fn layout(&mut self, pair: Pair<'_, Rule>) -> Layout {
        let span = self.span_of_parts(&pair);
        let mut inner = pair.into_inner();
        let name = self.word(inner.next().expect("name"));
        let mut args = Vec::new();
        let mut block = None;
        for p in inner {
            match p.as_rule() {
                Rule::layout_block => {
                    let block_span = self.span_of(&p);
                    let items = p
                        .into_inner()
                        .filter(|i| i.as_rule() == Rule::layout)
                        .map(|i| self.layout(i))
                        .collect();
                    block = Some(LayoutBlock {
                        items,
                        span: block_span,
                    });
                }
                Rule::string => {
                    let span = self.span_of(&p);
                    let kind = ValueKind::Text(self.pattern(p).value);
                    // A template's label is the form's own text (an empty
                    // column head, a "（100字以内）"), not a blank left.
                    self.left_over.retain(|(s, _)| *s != span);
                    args.push(Value {
                        kind,
                        span,
                        written: None,
                    });
                }
                _ => {
                    let span = self.span_of(&p);
                    let kind = ValueKind::Figure(self.figure(p));
                    args.push(Value {
                        kind,
                        span,
                        written: None,
                    });
                }
            }
        }
        Layout {
            name,
            args,
            block,
            span,
        }
    }

    fn framework_group(&mut self, pair: Pair<'_, Rule>) -> FrameworkGroup {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let name = self.word(inner.next().expect("name"));
        let mut weight = None;
        let mut children = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::number => weight = Some(Spanned::new(self.number(&p), self.span_of(&p))),
                Rule::word => children.push(self.word(p)),
                Rule::open | Rule::close => {}
                r => unreachable!("framework group: {r:?}"),
            }
        }
        FrameworkGroup {
            name,
            weight,
            children,
            span,
        }
    }

    fn funds_row(&mut self, pair: Pair<'_, Rule>) -> FundsRow {
        let span = self.span_of_parts(&pair);
        let mut inner = pair.into_inner();
        let label = self.word(inner.next().expect("label"));
        let mut cells = Vec::with_capacity(3);
        let (mut weight, mut rate, mut score) = (None, None, None);
        let (mut to_date, mut forecast) = (None, None);
        for p in inner {
            match p.as_rule() {
                Rule::cell => {
                    let cell_span = self.span_of(&p);
                    let c = p.into_inner().next().expect("cell content");
                    let amount = match c.as_rule() {
                        Rule::number => Some(self.number(&c)),
                        Rule::blank => None,
                        r => unreachable!("cell: {r:?}"),
                    };
                    cells.push(Cell {
                        amount,
                        span: cell_span,
                    });
                }
                Rule::row_weight
                | Rule::row_rate
                | Rule::row_score
                | Rule::row_to_date
                | Rule::row_forecast => {
                    let (field, slot) = match p.as_rule() {
                        Rule::row_weight => ("分值", &mut weight),
                        Rule::row_rate => ("执行率", &mut rate),
                        Rule::row_to_date => ("执行数", &mut to_date),
                        Rule::row_forecast => ("预计执行数", &mut forecast),
                        _ => ("得分", &mut score),
                    };
                    let mut parts = p.into_inner();
                    let keyword = self.span_of(&parts.next().expect("keyword"));
                    // The span covers the figure as written: `86%`, `9`.
                    let figure = parts.next().expect("figure");
                    let figure_span = self.span_of(&figure);
                    let number = match figure.as_rule() {
                        Rule::percent => figure.into_inner().next().expect("number"),
                        _ => figure,
                    };
                    let value = Spanned::new(self.number(&number), figure_span);
                    match slot {
                        Some(first) => {
                            let first: &Spanned<Decimal> = first;
                            self.diagnostics.push(
                                Diagnostic::new(
                                    Kind::Duplicate {
                                        name: field.to_string(),
                                    },
                                    keyword,
                                )
                                .with_related(first.span),
                            );
                        }
                        None => *slot = Some(value),
                    }
                }
                r => unreachable!("funds row: {r:?}"),
            }
        }
        FundsRow {
            label,
            cells,
            weight,
            rate,
            score,
            to_date,
            forecast,
            span,
        }
    }

    fn goal(&mut self, pair: Pair<'_, Rule>) -> Goal {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let mut items = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::expected => {
                    let (keyword, text) = self.keyword_text(p);
                    items.push(GoalItem::Expected { keyword, text });
                }
                Rule::actual_goal => {
                    let (keyword, text) = self.keyword_text(p);
                    items.push(GoalItem::Actual { keyword, text });
                }
                Rule::progress => {
                    let (keyword, text) = self.keyword_text(p);
                    items.push(GoalItem::Progress { keyword, text });
                }
                Rule::unknown => items.push(GoalItem::Unknown(self.unknown(p))),
                Rule::junk => self.junk(Place::Goal, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("goal: {r:?}"),
            }
        }
        Goal {
            keyword,
            items,
            span,
        }
    }

    fn indicators(&mut self, pair: Pair<'_, Rule>) -> Indicators {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let mut groups = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::level1 => groups.push(self.level1(p)),
                Rule::junk => self.junk(Place::Indicators, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("indicators: {r:?}"),
            }
        }
        Indicators {
            keyword,
            groups,
            span,
        }
    }

    fn level1(&mut self, pair: Pair<'_, Rule>) -> Level1 {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let name = self.word(inner.next().expect("name"));
        let mut groups = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::level2 => groups.push(self.level2(p)),
                Rule::junk => self.junk(Place::Level1, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("level1: {r:?}"),
            }
        }
        Level1 { name, groups, span }
    }

    fn level2(&mut self, pair: Pair<'_, Rule>) -> Level2 {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let name = self.word(inner.next().expect("name"));
        let mut indicators = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::indicator => indicators.push(self.indicator(p)),
                Rule::junk => self.junk(Place::Level2, &p),
                Rule::open | Rule::close => {}
                r => unreachable!("level2: {r:?}"),
            }
        }
        Level2 {
            name,
            indicators,
            span,
        }
    }

    fn indicator(&mut self, pair: Pair<'_, Rule>) -> Indicator {
        let span = self.span_of_parts(&pair);
        let mut inner = pair.into_inner();
        let name = self.string(inner.next().expect("name"));
        let mut fields = Vec::new();
        for p in inner {
            if p.as_rule() == Rule::field_junk {
                self.junk(Place::Indicator, &p);
                continue;
            }
            let mut f = p.into_inner();
            let name = self.word(f.next().expect("field name"));
            let value = self.value(f.next().expect("field value"));
            fields.push(Field { name, value });
        }
        Indicator { name, fields, span }
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        // A value written full-width (`＞＝１０个`) is one slip, one warning
        // on the whole value, not one on each of its parts.
        let text = pair.as_str();
        let before = self.recovered.len();
        let value = self.value_parts(pair);
        if !matches!(value.kind, ValueKind::Text(_)) {
            let mut parts = self.recovered.split_off(before);
            parts.retain(|d| !matches!(d.kind, Kind::FullWidthFigure { .. }));
            self.recovered.extend(parts);
            if let std::borrow::Cow::Owned(replacement) = half_width(text) {
                self.recovered.push(Diagnostic::new(
                    Kind::FullWidthFigure {
                        found: text.to_string(),
                        replacement,
                    },
                    value.span,
                ));
            }
        }
        value
    }

    fn value_parts(&mut self, pair: Pair<'_, Rule>) -> Value {
        let span = self.span_of(&pair);
        let text = pair.as_str();
        let in_words = |p: &Pair<'_, Rule>| {
            p.clone().into_inner().next().is_some_and(|b| {
                b.as_rule() == Rule::bound
                    && b.into_inner()
                        .any(|part| matches!(part.as_rule(), Rule::bound_word | Rule::bound_after))
            })
        };
        let grouped = !text.starts_with('"') && text.contains([',', '，']);
        let written = (grouped || in_words(&pair)).then(|| half_width(text).into_owned());
        let inner = pair.into_inner().next().expect("value content");
        let kind = match inner.as_rule() {
            Rule::bound => {
                let mut parts: Vec<Pair<'_, Rule>> = inner.into_inner().collect();
                // The comparator (or its word) comes first or last; both
                // is an error, and the first is read.
                if let [sign, _, word] = parts.as_slice() {
                    self.recovered.push(Diagnostic::new(
                        Kind::SignAndWord {
                            written: text.to_string(),
                            sign: sign.as_str().to_string(),
                            word: word.as_str().to_string(),
                        },
                        span,
                    ));
                }
                let (cmp, figure) = match parts[0].as_rule() {
                    Rule::comparator | Rule::bound_word => (parts.remove(0), parts.remove(0)),
                    _ => (parts.remove(1), parts.remove(0)),
                };
                let sign = self.half_width(cmp.as_str(), self.span_of(&cmp));
                let comparator =
                    comparator(sign.as_ref()).unwrap_or_else(|| unreachable!("comparator {sign}"));
                let figure = self.figure(figure);
                ValueKind::Bound(Spanned::new(comparator, self.span_of(&cmp)), figure)
            }
            Rule::string => ValueKind::Text(self.string(inner).value),
            Rule::word => ValueKind::Word(inner.as_str().to_string()),
            _ => ValueKind::Figure(self.figure(inner)),
        };
        Value {
            kind,
            span,
            written,
        }
    }

    fn figure(&mut self, pair: Pair<'_, Rule>) -> Figure {
        match pair.as_rule() {
            Rule::number => Figure::Number(self.number(&pair)),
            Rule::percent => {
                let n = pair.into_inner().next().expect("number");
                Figure::Percent(self.number(&n))
            }
            Rule::quantity => {
                let mut q = pair.into_inner();
                let n = q.next().expect("number");
                let unit = q.next().expect("unit");
                Figure::Quantity(self.number(&n), unit.as_str().to_string())
            }
            Rule::date => Figure::Date(date(pair.as_str())),
            r => unreachable!("figure: {r:?}"),
        }
    }

    /// The half-width form of a figure written with full-width characters,
    /// with the warning that says so.
    fn half_width<'a>(&mut self, text: &'a str, span: Span) -> std::borrow::Cow<'a, str> {
        let half = half_width(text);
        if let std::borrow::Cow::Owned(replacement) = &half {
            self.recovered.push(Diagnostic::new(
                Kind::FullWidthFigure {
                    found: text.to_string(),
                    replacement: replacement.clone(),
                },
                span,
            ));
        }
        half
    }

    fn number(&mut self, pair: &Pair<'_, Rule>) -> Decimal {
        self.number_at(pair.as_str(), self.span_of(pair))
    }

    /// The value of a `number` written as `written` at `span`.
    fn number_at(&mut self, written: &str, span: Span) -> Decimal {
        let half = self.half_width(written, span);
        let text = half.as_ref();
        let digits = match text.contains([',', '，']) {
            true => std::borrow::Cow::Owned(text.replace([',', '，'], "")),
            false => std::borrow::Cow::Borrowed(text),
        };
        match Decimal::from_str_exact(&digits) {
            Ok(d) => d,
            Err(_) => {
                self.diagnostics
                    .push(Diagnostic::new(Kind::NumberTooLarge, span));
                Decimal::ZERO
            }
        }
    }

    /// A string that may quote figures of the form.
    fn text(&mut self, pair: Pair<'_, Rule>) -> Text {
        let span = self.span_of(&pair);
        let body = pair.into_inner().next().expect("string body");
        // The body starts after the opening quote, which may be `“`.
        let start = self.at(body.as_span().start());
        self.text_at(body.as_str(), start, span)
    }

    /// The string literal at `span` (quotes included) whose body, starting
    /// at `start` in the source, is `body`.
    fn text_at(&mut self, body: &str, start: usize, span: Span) -> Text {
        if body.contains(PLACEHOLDER) {
            self.placeholders.push(span);
        } else if let Some(found) = leftover::find(body) {
            self.left_over.push((span, found));
        }
        let parts = fold::fold(body, start, &mut self.diagnostics);
        Text { parts, span }
    }

    /// A plain string: a name or title, where figures cannot be quoted.
    fn string(&mut self, pair: Pair<'_, Rule>) -> Str {
        let text = self.text(pair);
        self.plain(text)
    }

    /// The plain text of a string literal (references are errors).
    fn plain(&mut self, text: Text) -> Str {
        let mut plain = String::new();
        for part in &text.parts {
            match part {
                Part::Literal { text, .. } => plain.push_str(text),
                Part::Break => plain.push('\n'),
                Part::Reference(r) => self
                    .diagnostics
                    .push(Diagnostic::new(Kind::ReferenceNotAllowed, r.span)),
            }
        }
        Spanned::new(plain, text.span)
    }

    /// A string of a template, whose `{…}` the checker fills in when it
    /// prints (`"{年度}年度项目支出绩效自评表"`): kept as written.
    fn pattern(&mut self, pair: Pair<'_, Rule>) -> Str {
        let text = self.text(pair);
        self.pattern_of(text)
    }

    /// The text of a template's string literal, references kept as `{…}`.
    fn pattern_of(&mut self, text: Text) -> Str {
        let mut plain = String::new();
        for part in &text.parts {
            match part {
                Part::Literal { text, .. } => plain.push_str(text),
                Part::Break => plain.push('\n'),
                Part::Reference(r) => {
                    plain.push('{');
                    if let Some(subject) = &r.subject {
                        plain.push_str(&subject.value);
                        plain.push('.');
                    }
                    plain.push_str(&r.field.value);
                    plain.push('}');
                }
            }
        }
        Spanned::new(plain, text.span)
    }

    fn report(&mut self, pair: Pair<'_, Rule>) -> Report {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        let keyword = self.span_of(&inner.next().expect("kw"));
        let title = self.string(inner.next().expect("title"));
        let mut items = Vec::new();
        for p in inner {
            let item = match p.as_rule() {
                Rule::open | Rule::close => continue,
                Rule::subtitle => {
                    let (keyword, text) = self.keyword_string(p);
                    ReportItem::Subtitle { keyword, text }
                }
                Rule::chapter => ReportItem::Chapter(self.chapter(p)),
                Rule::signed => {
                    let mut s = p.into_inner();
                    let keyword = self.span_of(&s.next().expect("kw"));
                    let issuer = self.string(s.next().expect("issuer"));
                    let d = s.next().expect("date");
                    ReportItem::Signed {
                        keyword,
                        issuer,
                        date: Spanned::new(date(d.as_str()), self.span_of(&d)),
                    }
                }
                Rule::unknown => ReportItem::Unknown(self.unknown(p)),
                Rule::junk => {
                    self.junk(Place::Report, &p);
                    continue;
                }
                r => unreachable!("report: {r:?}"),
            };
            items.push(item);
        }
        Report {
            keyword,
            title,
            items,
            span,
        }
    }

    fn chapter(&mut self, pair: Pair<'_, Rule>) -> Chapter {
        let span = self.span_of(&pair);
        let mut inner = pair.into_inner();
        inner.next().expect("kw");
        let title = self.string(inner.next().expect("title"));
        let mut blocks = Vec::new();
        for p in inner {
            let block = match p.as_rule() {
                Rule::paragraph => Block::Paragraph(self.paragraph(p)),
                Rule::heading => {
                    let mut h = p.into_inner();
                    let keyword = h.next().expect("kw");
                    let level = match keyword.as_rule() {
                        Rule::kw_section => 2,
                        Rule::kw_subsection => 3,
                        Rule::kw_clause => 4,
                        r => unreachable!("heading: {r:?}"),
                    };
                    let title = self.string(h.next().expect("title"));
                    Block::Heading { level, title }
                }
                Rule::list => {
                    let span = self.span_of(&p);
                    let mut items = Vec::new();
                    for i in p.into_inner() {
                        match i.as_rule() {
                            Rule::paragraph => items.push(self.paragraph(i)),
                            Rule::junk => self.junk(Place::List, &i),
                            _ => {}
                        }
                    }
                    Block::List { items, span }
                }
                Rule::junk => {
                    self.junk(Place::Chapter, &p);
                    continue;
                }
                Rule::form_table => {
                    let word = p.into_inner().nth(1).expect("table name");
                    Block::Table(self.word(word))
                }
                Rule::open | Rule::close => continue,
                r => unreachable!("chapter: {r:?}"),
            };
            blocks.push(block);
        }
        Chapter {
            title,
            blocks,
            span,
        }
    }

    fn paragraph(&mut self, pair: Pair<'_, Rule>) -> Text {
        self.text(pair.into_inner().next().expect("string"))
    }
}

/// `text` with full-width digits, point and signs written half-width.
pub(crate) fn half_width(text: &str) -> std::borrow::Cow<'_, str> {
    let full = |c: char| matches!(c, '０'..='９' | '．' | '＞' | '＜' | '＝' | '％');
    if !text.contains(full) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| match c {
            '．' => '.',
            c if full(c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .into()
}

/// What a comparator sign or bound word (half-width) means.
fn comparator(sign: &str) -> Option<Comparator> {
    Some(match sign {
        "≥" | ">=" | "不低于" | "不少于" | "不小于" | "至少" | "最少" | "达到" | "以上" => {
            Comparator::Ge
        }
        ">" | "大于" | "高于" | "超过" => Comparator::Gt,
        "≤" | "<=" | "不高于" | "不超过" | "不大于" | "不多于" | "最多" | "以下" | "以内"
        | "之内" => Comparator::Le,
        "<" | "小于" | "低于" | "少于" => Comparator::Lt,
        "=" => Comparator::Eq,
        _ => return None,
    })
}

fn date(text: &str) -> Date {
    let mut parts = text.split('-').map(|p| p.parse::<u32>().unwrap_or(0));
    Date {
        year: parts.next().unwrap_or(0),
        month: parts.next().unwrap_or(0),
        day: parts.next().unwrap_or(0),
    }
}

/// The folded text of a literal's body, references written back as `{…}`.
#[cfg(test)]
pub(crate) fn fold_for_tests(body: &str, diagnostics: &mut Vec<Diagnostic>) -> String {
    fold::fold(body, 0, diagnostics)
        .iter()
        .map(|p| match p {
            Part::Literal { text, .. } => text.clone(),
            Part::Break => "\n".to_string(),
            Part::Reference(r) => format!("{{{}}}", r.field.value),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The indentation of the line of `offset`, and whether only blanks
    /// come before it, by rescanning the line up to it (as the scan once
    /// did for every brace, and for every open block at every `}`).
    fn rescan(source: &str, offset: usize) -> (usize, bool) {
        let line_start = source[..offset].rfind('\n').map_or(0, |i| i + 1);
        let prefix = &source[line_start..offset];
        let indent = prefix
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .count();
        (indent, prefix.trim().is_empty())
    }

    #[test]
    fn indentation_matches_a_rescan_of_the_line() {
        let source = "{\n  \t{ x }\n\u{3000} }\n\n    foo { } }\r\n}}\n\t｛";
        let mut indentation = Indentation::new(source);
        let braces = source
            .char_indices()
            .filter(|(_, c)| matches!(c, '{' | '}' | '｛'));
        for (i, c) in braces {
            assert_eq!(indentation.at(i), rescan(source, i), "{c} at {i}");
        }
    }

    /// `“` with and without their `”`, on one line and on several: each
    /// shows what a rescan of its line finds.
    #[test]
    fn chinese_quotes_find_their_closing_quote_on_their_line() {
        let source = "“a” ““b”\n“c\n“d” “”“\n“";
        let rescan = |at: usize| {
            let rest = &source[at..];
            let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
            line.find('”').map_or("“".len(), |e| e + "”".len())
        };
        let mut quote_end = None;
        let mut at = 0;
        while let Some(n) = source[at..].find('“') {
            at += n;
            let (len, found, _) = full_width(source, at, &mut quote_end).unwrap();
            assert_eq!(len, rescan(at), "at {at}");
            assert_eq!(found, &source[at..at + len]);
            at += "“".len();
        }
    }

    /// Text put in maps back to where it was put; the text after it to
    /// where it stood.
    #[test]
    fn offsets_of_a_repaired_text_map_back() {
        let source = "ab\ncd";
        let (text, shift) = repair(
            source,
            &[
                (2, Repair::Insert("}")),
                (5, Repair::Insert("\"")),
                (5, Repair::Insert("}}")),
                (0, Repair::Overwrite(" ".into())),
            ],
        );
        assert_eq!(text, " b}\ncd\"}}");
        let back: Vec<usize> = (0..=text.len()).map(|o| shift.original(o)).collect();
        assert_eq!(back, [0, 1, 2, 2, 3, 4, 5, 5, 5, 5]);
        // `”` written over with `"  `: the string ends after the `”`.
        let source = "\"ab” x";
        let (text, shift) = repair(source, &[(3, Repair::Overwrite("\"  ".into()))]);
        assert_eq!(text, "\"ab\"   x");
        assert_eq!(shift.original(4), 6);
        assert_eq!(shift.original(3), 3);
    }

    /// A file with a block or string left open has a tree for editors,
    /// every span inside the file, while its report is the scan's.
    #[test]
    fn an_unclosed_block_or_string_still_has_a_tree() {
        for source in [
            "自评表 \"x\" {\n  年度 2022\n  绩效指标 {\n",
            "自评表 \"x\" {\n  主管部门 \"示例",
            "自评表 \"x\" {\n  年度 2022 /* 注",
            "自评表 \"x\" {\n  年度 2022\n  }\n}\n",
        ] {
            let parsed = parse_recovering(source);
            assert!(parsed.repaired, "{source}");
            assert!(parsed.diagnostics.iter().all(Diagnostic::is_error));
            let file = parsed.file.expect("a tree");
            let TopItem::Evaluation(e) = &file.items[0] else {
                panic!("{source}: {:?}", file.items);
            };
            assert_eq!(e.name.value, "x");
            assert!(e.span.end <= source.len(), "{source}");
            assert!(!e.items.is_empty(), "{source}");
        }
    }

    /// A `}` closes the innermost open block of its indentation, and the
    /// blocks opened inside it and left open are reported.
    #[test]
    fn a_brace_at_the_start_of_a_line_closes_the_block_of_its_indentation() {
        let source = "{\n  {\n    {\n      {\n  }\n}\n";
        let opened_at = |d: &Diagnostic| source[..d.span.start].matches('\n').count();
        let scan = scan(source);
        let unclosed: Vec<usize> = scan.problems.iter().map(opened_at).collect();
        assert_eq!(unclosed, [2, 3]);
        assert!(scan.problems.iter().all(|d| d.kind == Kind::UnclosedBlock));
    }
}
