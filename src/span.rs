//! Byte ranges into the source text. Line and column are computed only when a
//! diagnostic is rendered.

use serde::Serialize;

/// A half-open byte range `start..end` into the source of one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The empty span at `offset`.
    pub fn at(offset: usize) -> Self {
        Span::new(offset, offset)
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn len(self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// A value together with the span it was written at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Spanned { value, span }
    }
}

/// Byte offsets to 1-based lines and columns (in characters), for many
/// offsets of one text: where each line starts, and how many characters
/// precede every [`Lines::STEP`]-th byte, so that finding a position never
/// rescans the text before it (a file with thousands of diagnostics on one
/// long line stays linear).
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// `(byte, characters before it)`, one for about every `STEP` bytes,
    /// each byte a character boundary.
    marks: Vec<(usize, usize)>,
}

impl<'a> Lines<'a> {
    /// Bytes between two marks: finding a column counts at most this many.
    const STEP: usize = 1024;

    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        // A mark at the first character boundary at least STEP bytes after
        // the one before, the characters between two counted at once.
        let mut marks = vec![(0, 0)];
        let (mut byte, mut chars) = (0, 0);
        loop {
            let mut next = byte + Self::STEP;
            if next >= text.len() {
                break;
            }
            while !text.is_char_boundary(next) {
                next += 1;
            }
            if next == text.len() {
                break;
            }
            chars += text[byte..next].chars().count();
            marks.push((next, chars));
            byte = next;
        }
        Lines {
            text,
            starts,
            marks,
        }
    }

    /// The largest character boundary at or before `offset` (clamped to
    /// the text).
    fn floor(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// How many characters come before the boundary `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let mark = self.marks.partition_point(|&(byte, _)| byte <= offset) - 1;
        let (byte, chars) = self.marks[mark];
        chars + self.text[byte..offset].chars().count()
    }

    /// The 0-based line that `offset` is on.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// How many lines the text has (a final line break starts an empty
    /// last line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// The byte range of a 0-based line, without its line break (`\n` or
    /// `\r\n`).
    pub fn range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.text.len(), |next| {
            let before_newline = next - 1;
            if self.text[..before_newline].ends_with('\r') {
                before_newline - 1
            } else {
                before_newline
            }
        });
        start..end
    }

    /// 1-based line and column (in characters) of a byte offset. An offset
    /// inside a character counts as the start of that character.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = self.floor(offset);
        let line = self.line(offset);
        let column = self.chars_before(offset) - self.chars_before(self.starts[line]);
        (line + 1, column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The position by the obvious rescan from the start of the text.
    fn naive(text: &str, offset: usize) -> (usize, usize) {
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (
            before.matches('\n').count() + 1,
            before[line_start..].chars().count() + 1,
        )
    }

    #[test]
    fn positions_match_a_rescan_across_marks() {
        // Long lines of multi-byte characters put marks inside lines and
        // next to character boundaries that are not on a multiple of STEP.
        let text = format!(
            "年度 2021\r\n{}\n\n{}x\n😀",
            "绩效".repeat(1_500),
            "a".repeat(3_000)
        );
        let lines = Lines::new(&text);
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            assert_eq!(lines.line_col(offset), naive(&text, offset), "{offset}");
            // The work of one position: counting from the mark before it,
            // never more than STEP bytes (and a character) away.
            let mark = lines.marks.partition_point(|&(byte, _)| byte <= offset) - 1;
            assert!(offset - lines.marks[mark].0 < Lines::STEP + 4, "{offset}");
        }
        assert_eq!(lines.count(), 5);
        assert_eq!(&text[lines.range(0)], "年度 2021");
        assert_eq!(lines.range(2), lines.range(2).start..lines.range(2).start);
        assert_eq!(&text[lines.range(4)], "😀");
        // Inside a character: the start of that character.
        let emoji = text.find('😀').unwrap();
        assert_eq!(lines.line_col(emoji + 1), lines.line_col(emoji));
    }
}
