//! "Did you mean": the nearest candidate by edit distance.

/// Levenshtein distance in characters.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely
/// misspelling: at most a third of the longer word's characters differ
/// (at least one may always differ).
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = word.chars().count();
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, c)| *d <= (len.max(c.chars().count()) / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_misspelt_category() {
        assert_eq!(
            nearest("数量指数", ["数量指标", "质量指标"]),
            Some("数量指标")
        );
        assert_eq!(
            nearest("quantaty", ["quantity", "quality"]),
            Some("quantity")
        );
    }

    #[test]
    fn does_not_suggest_something_unrelated() {
        assert_eq!(nearest("预算", ["数量指标", "quality"]), None);
    }
}
