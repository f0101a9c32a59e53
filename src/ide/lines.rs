//! Byte offsets ↔ editor positions: a zero-based line and a column counted
//! in UTF-16 code units, as the Language Server Protocol counts them (a CJK
//! character is one unit, an emoji two). A line ends at `\n`, `\r\n` or a
//! lone `\r`, as the protocol says.

/// Where each line of a text starts.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// On long lines, every [`STRIDE`] bytes or so: a byte offset (on a
    /// character boundary) and its UTF-16 column, so that a position is
    /// counted from the nearest one and costs at most a stride, however
    /// many diagnostics stand on one long line.
    marks: Vec<(usize, usize)>,
    len: usize,
}

/// The bytes between two column marks of a long line.
const STRIDE: usize = 1024;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let breaks = bytes.iter().enumerate().filter_map(|(i, &b)| match b {
            b'\n' => Some(i + 1),
            // `\r\n` is one break, counted at its `\n`.
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => Some(i + 1),
            _ => None,
        });
        let starts: Vec<usize> = std::iter::once(0).chain(breaks).collect();
        let mut marks = Vec::new();
        for (line, &start) in starts.iter().enumerate() {
            let end = starts.get(line + 1).map_or(text.len(), |&next| next);
            if end - start <= STRIDE {
                continue;
            }
            let (mut column, mut last) = (0, start);
            for (i, c) in text[start..end].char_indices() {
                if start + i - last >= STRIDE {
                    marks.push((start + i, column));
                    last = start + i;
                }
                column += c.len_utf16();
            }
        }
        LineIndex {
            starts,
            marks,
            len: text.len(),
        }
    }

    /// The line and UTF-16 column of a byte offset of `text` (the text this
    /// index was made from). An offset inside a character counts from the
    /// start of that character.
    pub fn position(&self, text: &str, offset: usize) -> (u32, u32) {
        let mut offset = offset.min(self.len);
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        // The nearest mark at or before the offset, on this line.
        let mark = self.marks.partition_point(|&(at, _)| at <= offset);
        let (from, column) = match mark.checked_sub(1).map(|m| self.marks[m]) {
            Some((at, column)) if at >= start => (at, column),
            _ => (start, 0),
        };
        let column = column
            + text[from..offset]
                .chars()
                .map(char::len_utf16)
                .sum::<usize>();
        (line as u32, column as u32)
    }

    /// The byte offset of a line and UTF-16 column. A column past the end
    /// of the line gives the end of the line (before its line break); a
    /// line past the end gives the end of the text; a column inside a
    /// surrogate pair gives the start of that character.
    pub fn offset(&self, text: &str, line: u32, column: u32) -> usize {
        let Some(&start) = self.starts.get(line as usize) else {
            return self.len;
        };
        // The line without its break (`\n`, `\r\n` or `\r`).
        let content = match self.starts.get(line as usize + 1) {
            Some(&next) => {
                let content = &text[start..next - 1];
                content.strip_suffix('\r').unwrap_or(content)
            }
            None => &text[start..],
        };
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units + c.len_utf16() > column as usize {
                return start + i;
            }
            units += c.len_utf16();
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_units() {
        let text = "年度 2021\n\"😀x\" 分值\r\nend";
        let index = LineIndex::new(text);
        assert_eq!(index.position(text, 0), (0, 0));
        assert_eq!(index.position(text, "年度".len()), (0, 2));
        let x = text.find('x').unwrap();
        // `"` is one unit, the emoji two.
        assert_eq!(index.position(text, x), (1, 3));
        assert_eq!(index.offset(text, 1, 3), x);
        assert_eq!(index.offset(text, 0, 1), "年".len());
        // Inside the surrogate pair: the start of the emoji.
        assert_eq!(index.offset(text, 1, 2), text.find('😀').unwrap());
        // Past the end of a CRLF line: before the line break.
        assert_eq!(index.offset(text, 1, 99), text.find('\r').unwrap());
        assert_eq!(index.offset(text, 9, 0), text.len());
        assert_eq!(index.position(text, text.len()), (2, 3));
    }

    #[test]
    fn long_lines_count_from_the_nearest_mark_and_agree_with_a_count_from_the_start() {
        // Lines longer than a stride, of one-, two- and four-unit characters.
        let line: String = "a年😀".repeat(3 * STRIDE / 8) + "end";
        let text = format!("{line}\n{line}\r\nshort\r{line}");
        let index = LineIndex::new(&text);
        assert!(index.marks.len() >= 6, "{} marks", index.marks.len());
        for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let line = index.starts.partition_point(|&s| s <= offset) - 1;
            let naive: usize = text[index.starts[line]..offset]
                .chars()
                .map(char::len_utf16)
                .sum();
            assert_eq!(index.position(&text, offset), (line as u32, naive as u32));
        }
        // On one line, marks are a stride (and at most a character) apart.
        let line_of = |at: usize| index.starts.partition_point(|&s| s <= at);
        for pair in index.marks.windows(2) {
            if line_of(pair[0].0) == line_of(pair[1].0) {
                assert!(pair[1].0 - pair[0].0 < STRIDE + 4);
            }
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_a_line() {
        let text = "a\rb\r\nc\nd\r\re";
        let index = LineIndex::new(text);
        let at = |c| text.find(c).unwrap();
        assert_eq!(index.position(text, at('a')), (0, 0));
        assert_eq!(index.position(text, at('b')), (1, 0));
        assert_eq!(index.position(text, at('c')), (2, 0));
        assert_eq!(index.position(text, at('d')), (3, 0));
        // An empty line between two lone `\r`.
        assert_eq!(index.position(text, at('e')), (5, 0));
        assert_eq!(index.offset(text, 1, 0), at('b'));
        assert_eq!(index.offset(text, 4, 0), at('e') - 1);
        assert_eq!(index.offset(text, 5, 0), at('e'));
        // Past the end of a line: before its break, whichever it is.
        assert_eq!(index.offset(text, 0, 9), at('a') + 1);
        assert_eq!(index.offset(text, 1, 9), at('b') + 1);
        assert_eq!(index.offset(text, 4, 9), at('e') - 1);
    }

    #[test]
    fn every_offset_converts_back_but_one_inside_a_crlf() {
        // Every text of up to five characters from a small alphabet.
        let alphabet = ['a', '\r', '\n', '😀'];
        let mut texts = vec![String::new()];
        let mut longest = texts.clone();
        for _ in 0..5 {
            longest = longest
                .iter()
                .flat_map(|t| alphabet.iter().map(move |&c| format!("{t}{c}")))
                .collect();
            texts.extend(longest.iter().cloned());
        }
        for text in &texts {
            let index = LineIndex::new(text);
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let (line, column) = index.position(text, offset);
                let inside_crlf =
                    text[..offset].ends_with('\r') && text[offset..].starts_with('\n');
                let expected = if inside_crlf { offset - 1 } else { offset };
                assert_eq!(
                    index.offset(text, line, column),
                    expected,
                    "{text:?} at {offset}"
                );
            }
        }
    }
}
