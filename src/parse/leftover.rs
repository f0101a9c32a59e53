//! Text of the blank form left in a string: the form's own instructions
//! ("（100字以内）", "指标1："), placeholders ("……", "XX", "（盖章）") and
//! strings left empty. The checker warns about each (W620).

use std::sync::LazyLock;

use regex::Regex;

/// What of the blank form a string body still holds: `Some(None)` when it
/// is empty, `Some(Some(text))` for the instruction or placeholder found.
pub(super) fn find(body: &str) -> Option<Option<String>> {
    if body.trim().is_empty() {
        return Some(None);
    }
    if !may_hold(body) {
        return None;
    }
    let found = PATTERN.captures(body)?;
    // An instruction is shown whole when the string is no more than it; a
    // placeholder without the character that bounds it.
    let text = match (found.name("i"), found.name("x")) {
        (Some(_), _) if body.chars().count() <= 40 => body,
        (_, Some(x)) => x.as_str(),
        _ => found.get(0)?.as_str(),
    };
    Some(Some(text.trim().to_string()))
}

/// Whether `body` may match [`PATTERN`]: every match holds, for one of its
/// alternatives, a character of this set (字以内, 对照年度目标, 说明相关…,
/// 请…, …, XX ×× ＸＸ, 盖章 签字 …), three dots, or starts with 指标. Most
/// strings do not, and are then never searched, in one pass over them.
fn may_hold(body: &str) -> bool {
    body.trim_start().starts_with("指标")
        || (body.contains('.') && body.contains("..."))
        || body.chars().any(|c| {
            matches!(
                c,
                '字' | '对' | '相' | '请' | '…' | '章' | '签' | 'X' | 'x' | '×' | 'Ｘ'
            )
        })
}

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        // The form's instructions: （100字以内）, 对照年度目标，说明…
        r"(?P<i>[（(]\s*\d+\s*字以内\s*[）)]",
        r"|对照年度目标[，,]?\s*说明",
        r"|说明相关任务目标的完成情况",
        r"|请(?:填写|输入|在此))",
        // 指标1： at the start, as the blank form numbers its rows.
        r"|^\s*指标\s*\d+\s*[：:]",
        // A string of nothing but ellipses or dots: ……, ...
        r"|^[\s…\.。·]*…[\s…\.。·]*$|^\s*\.{3,}\s*$",
        // XX, ××, ＸＸ standing for a name (XX市XX局), not inside a Latin word.
        r"|(?:^|[^A-Za-z])(?P<x>[Xx]{2,}|×{2,}|Ｘ{2,})(?:$|[^A-Za-z])",
        // （盖章）, （签字） …
        r"|[（(]\s*(?:单位)?(?:盖章|签章|签字|签名|公章)\s*[）)]",
    ))
    .expect("the pattern is valid")
});

#[cfg(test)]
mod tests {
    use super::find;

    #[test]
    fn the_blank_forms_text_is_found_and_real_text_is_not() {
        for (body, found) in [
            ("", None),
            ("  ", None),
            (
                "对照年度目标，说明相关任务目标的完成情况（100字以内）",
                Some("对照年度目标，说明相关任务目标的完成情况（100字以内）"),
            ),
            ("完成情况（100字以内）", Some("完成情况（100字以内）")),
            ("指标1：", Some("指标1：")),
            ("……", Some("……")),
            ("...", Some("...")),
            ("XX市XX局", Some("XX")),
            ("××中心", Some("××")),
            ("示例区财政局（盖章）", Some("（盖章）")),
            ("请填写项目名称", Some("请填写项目名称")),
            (
                "本项目年度目标为完成30个老旧小区改造和配套设施建设，对照年度目标，说明相关任务目标的完成情况，并分析偏差原因和改进措施。",
                Some("对照年度目标，说明"),
            ),
        ] {
            assert_eq!(find(body), Some(found.map(str::to_string)), "{body:?}");
        }
        for real in [
            "完成30个老旧小区改造……",
            "示例区财政局",
            "XXL 号码",
            "Xbox",
            "指标体系说明",
            "按照指标1的口径",
            "100字",
        ] {
            assert_eq!(find(real), None, "{real:?}");
        }
    }
}
