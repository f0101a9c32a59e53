//! The words of a changed text: how a text is cut into words, and which
//! runs of them were kept, deleted and inserted.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use super::{Op, Segment};

/// The words of a text: a run of Latin letters and digits (with a `.` or
/// `,` between digits and a `%` after them: `2,650.5`, `94.64%`), a run of
/// spaces, or one other character (a Chinese character, a punctuation mark).
fn tokens(text: &str) -> Vec<&str> {
    let mut tokens = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c.is_ascii_alphanumeric() {
            let bytes = rest.as_bytes();
            let mut end = 0;
            while let Some(&b) = bytes.get(end) {
                let digit_next = bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
                if b.is_ascii_alphanumeric() || (matches!(b, b'.' | b',') && digit_next) {
                    end += 1;
                } else {
                    if b == b'%' {
                        end += 1;
                    }
                    break;
                }
            }
            end
        } else if c.is_whitespace() {
            rest.char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(rest.len(), |(i, _)| i)
        } else {
            c.len_utf8()
        };
        let (token, after) = rest.split_at(len);
        tokens.push(token);
        rest = after;
    }
    tokens
}

/// The words of two texts, as runs kept, deleted and inserted. A kept
/// character alone between two changes is taken into them, so that a
/// rewritten phrase reads as one change, not as a comb.
pub fn words(old: &str, new: &str) -> Vec<Segment> {
    let (a, b) = (tokens(old), tokens(new));
    let mut raw: Vec<(Op, String)> = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &a, &b) {
        let (o, n) = (op.old_range(), op.new_range());
        match op {
            DiffOp::Equal { .. } => raw.push((Op::Equal, a[o].concat())),
            _ => {
                if !o.is_empty() {
                    raw.push((Op::Delete, a[o].concat()));
                }
                if !n.is_empty() {
                    raw.push((Op::Insert, b[n].concat()));
                }
            }
        }
    }
    let mut segments = Vec::new();
    let (mut deleted, mut inserted) = (String::new(), String::new());
    let flush = |segments: &mut Vec<Segment>, deleted: &mut String, inserted: &mut String| {
        for (op, text) in [(Op::Delete, deleted), (Op::Insert, inserted)] {
            if !text.is_empty() {
                segments.push(Segment {
                    op,
                    text: std::mem::take(text),
                });
            }
        }
    };
    for (i, (op, text)) in raw.iter().enumerate() {
        match op {
            Op::Delete => deleted.push_str(text),
            Op::Insert => inserted.push_str(text),
            Op::Equal => {
                let pending = !deleted.is_empty() || !inserted.is_empty();
                let change_next = raw.get(i + 1).is_some_and(|(op, _)| *op != Op::Equal);
                if pending && change_next && text.chars().count() == 1 {
                    deleted.push_str(text);
                    inserted.push_str(text);
                } else {
                    flush(&mut segments, &mut deleted, &mut inserted);
                    segments.push(Segment {
                        op: Op::Equal,
                        text: text.clone(),
                    });
                }
            }
        }
    }
    flush(&mut segments, &mut deleted, &mut inserted);
    segments
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::render::marked;

    fn marked_words(old: &str, new: &str) -> String {
        marked(&words(old, new))
    }

    #[test]
    fn figures_are_one_word_and_chinese_characters_one_each() {
        assert_eq!(
            tokens("执行率94.64%，共2,650.5万元 and more"),
            [
                "执", "行", "率", "94.64%", "，", "共", "2,650.5", "万", "元", " ", "and", " ",
                "more"
            ]
        );
        assert_eq!(tokens("3. 下年度"), ["3", ".", " ", "下", "年", "度"]);
        assert!(tokens("").is_empty());
    }

    #[test]
    fn a_changed_figure_is_shown_whole() {
        assert_eq!(
            marked_words("惠及居民7200户。", "惠及居民7500户。"),
            "惠及居民[-7200-]{+7500+}户。"
        );
        assert_eq!(
            marked_words("执行率94.64%", "执行率100.00%"),
            "执行率[-94.64%-]{+100.00%+}"
        );
    }

    #[test]
    fn a_rewritten_phrase_is_one_change_not_a_comb() {
        // 的 stands in both phrases; alone between changes it joins them.
        assert_eq!(
            marked_words("提高群众的满意度。", "增强居民的获得感。"),
            "[-提高群众的满意度-]{+增强居民的获得感+}。"
        );
    }

    #[test]
    fn long_kept_runs_are_shortened_around_the_change() {
        let head = "一".repeat(50);
        let tail = "二".repeat(50);
        let shown = marked_words(&format!("{head}甲{tail}"), &format!("{head}乙{tail}"));
        assert_eq!(
            shown,
            format!("…{}[-甲-]{{+乙+}}{}…", "一".repeat(16), "二".repeat(16))
        );
    }
}
