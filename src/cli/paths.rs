//! Output paths and file names as pure functions of text, with the path
//! rules of Windows or of Unix as a parameter, so that the Windows rules
//! (backslashes, drive letters) are tested on every platform.

/// Whose path rules apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Unix,
    Windows,
}

impl Style {
    /// The rules of the system jixiao runs on.
    pub const HOST: Style = if cfg!(windows) {
        Style::Windows
    } else {
        Style::Unix
    };

    fn is_separator(self, c: char) -> bool {
        c == '/' || (self == Style::Windows && c == '\\')
    }

    fn separator(self) -> char {
        match self {
            Style::Unix => '/',
            Style::Windows => '\\',
        }
    }
}

/// Where the file name of `path` starts: after the last separator, or after
/// a drive (`C:name`) on Windows.
fn name_start(path: &str, style: Style) -> usize {
    let after_separator = path.rfind(|c| style.is_separator(c)).map_or(0, |i| i + 1);
    let bytes = path.as_bytes();
    let drive = style == Style::Windows
        && bytes.len() >= 2
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':';
    if after_separator == 0 && drive {
        2
    } else {
        after_separator
    }
}

/// Whether `path` is written as a folder: ending in a separator, or a bare
/// drive (`D:`) on Windows.
pub fn names_folder(path: &str, style: Style) -> bool {
    !path.is_empty() && name_start(path, style) == path.len()
}

/// `path` with the extension of its file name replaced by `ext` (or added,
/// when it has none), as `Path::with_extension` does on that system.
pub fn with_extension(path: &str, ext: &str, style: Style) -> String {
    let start = name_start(path, style);
    let name = &path[start..];
    let stem = match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    };
    format!("{}{stem}.{ext}", &path[..start])
}

/// The file to write for `input` with extension `ext`: beside the input
/// when there is no `output`; inside `output` when it is a folder (it is
/// one, `output_is_folder`, or it is written as one); else `output`.
pub fn output_for(
    input: &str,
    output: Option<&str>,
    output_is_folder: bool,
    ext: &str,
    style: Style,
) -> String {
    match output {
        None => with_extension(input, ext, style),
        Some(folder) if output_is_folder || names_folder(folder, style) => {
            let name = with_extension(&input[name_start(input, style)..], ext, style);
            if names_folder(folder, style) {
                format!("{folder}{name}")
            } else {
                format!("{folder}{}{name}", style.separator())
            }
        }
        Some(output) => output.to_string(),
    }
}

/// Names Windows keeps for devices, with or without an extension.
const RESERVED: [&str; 22] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8",
    "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
];

/// At most this many characters of a name, so that a long project name
/// leaves room for the folder within Windows' 260-character paths.
const LONGEST: usize = 120;

/// A file name (without extension) made from `name`, such as a project
/// name, that is valid on Windows, macOS and Linux alike: the characters
/// Windows forbids become their full-width forms (`:` → `：`), control
/// characters go, as do trailing dots and spaces; a device name such as
/// `CON` gets a `_` in front. Blank gives `自评`.
pub fn safe_file_name(name: &str) -> String {
    let mapped: String = name
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '<' => '＜',
            '>' => '＞',
            ':' => '：',
            '"' => '＂',
            '/' => '／',
            '\\' => '＼',
            '|' => '｜',
            '?' => '？',
            '*' => '＊',
            c => c,
        })
        .take(LONGEST)
        .collect();
    let trimmed = mapped.trim().trim_end_matches(['.', ' ']);
    if trimmed.is_empty() {
        return "自评".to_string();
    }
    let base = trimmed.split('.').next().unwrap_or(trimmed).trim_end();
    if RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)) {
        format!("_{trimmed}")
    } else {
        trimmed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::Style::{Unix, Windows};
    use super::*;

    #[test]
    fn a_pdf_beside_the_input_on_windows() {
        let input = r"C:\Users\张三\Documents\2021 绩效\自评.jx";
        assert_eq!(
            output_for(input, None, false, "pdf", Windows),
            r"C:\Users\张三\Documents\2021 绩效\自评.pdf"
        );
        // A dot in a folder name is not the extension of the file.
        assert_eq!(
            with_extension(r"D:\报告 v1.0\自评", "pdf", Windows),
            r"D:\报告 v1.0\自评.pdf"
        );
        assert_eq!(
            with_extension(r"D:/报告 v1.0/自评.JX", "pdf", Windows),
            r"D:/报告 v1.0/自评.pdf"
        );
        assert_eq!(with_extension("C:自评.jx", "pdf", Windows), "C:自评.pdf");
        assert_eq!(
            with_extension(r"\\服务器\共享\.jx", "pdf", Windows),
            r"\\服务器\共享\.jx.pdf"
        );
    }

    #[test]
    fn an_output_folder_on_windows() {
        let input = r"项目\岳麓 2021.jx";
        for (output, is_folder, expected) in [
            (r"D:\输出\", false, r"D:\输出\岳麓 2021.pdf"),
            (r"D:\输出", true, r"D:\输出\岳麓 2021.pdf"),
            ("D:", false, r"D:岳麓 2021.pdf"),
            ("D:/输出/", false, r"D:/输出/岳麓 2021.pdf"),
            (r"D:\输出\最终版.pdf", false, r"D:\输出\最终版.pdf"),
        ] {
            assert_eq!(
                output_for(input, Some(output), is_folder, "pdf", Windows),
                expected,
                "{output}"
            );
        }
    }

    #[test]
    fn a_backslash_is_part_of_a_name_on_unix() {
        // On Linux `a\b.jx` is one file name in the current folder.
        assert_eq!(
            output_for(r"a\b.jx", Some(r"out\"), false, "pdf", Unix),
            r"out\"
        );
        assert_eq!(
            output_for("项目/岳麓 2021.jx", Some("输出/"), false, "pdf", Unix),
            "输出/岳麓 2021.pdf"
        );
        assert_eq!(
            output_for("项目/岳麓.jx", Some("输出"), true, "pdf", Unix),
            "输出/岳麓.pdf"
        );
        assert!(!names_folder("C:", Unix));
        assert!(names_folder("C:", Windows));
    }

    #[test]
    fn file_names_from_project_names_are_valid_on_windows() {
        for (name, expected) in [
            ("岳麓区老旧小区改造提质项目", "岳麓区老旧小区改造提质项目"),
            (
                "“三供一业”改造: 2021/2022 <一期>|二期?*",
                "“三供一业”改造： 2021／2022 ＜一期＞｜二期？＊",
            ),
            (r#"C:\"路径""#, "C：＼＂路径＂"),
            ("项目名称\t\n第二行\u{7}", "项目名称第二行"),
            ("项目。. . ", "项目。"),
            ("  ", "自评"),
            ("...", "自评"),
            ("CON", "_CON"),
            ("con.txt", "_con.txt"),
            ("Lpt9 .tar.gz", "_Lpt9 .tar.gz"),
            ("COM10", "COM10"),
            ("CONSOLE", "CONSOLE"),
        ] {
            assert_eq!(safe_file_name(name), expected, "{name:?}");
        }
        let long = "很".repeat(300);
        assert_eq!(safe_file_name(&long).chars().count(), LONGEST);
        // Whatever the name, none of what Windows forbids is left.
        for name in ["a<b>c:d\"e/f\\g|h?i*j", "NUL", "x. ", "\u{0}\u{1f}"] {
            let safe = safe_file_name(name);
            assert!(!safe.contains(['<', '>', ':', '"', '/', '\\', '|', '?', '*']));
            assert!(!safe.chars().any(char::is_control));
            assert!(!safe.ends_with(['.', ' ']));
            let base = safe.split('.').next().unwrap().trim_end();
            assert!(!RESERVED.iter().any(|r| r.eq_ignore_ascii_case(base)));
        }
    }
}
