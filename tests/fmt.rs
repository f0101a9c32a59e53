//! The formatter on every file of the repository that parses: it keeps
//! every comment, is idempotent, changes neither the diagnostics nor the
//! Typst output, and rewrites keywords both ways without loss.

mod support;

use std::path::{Path, PathBuf};

use jixiao::fmt::{Keywords, format};
use support::{read, root};

/// Every `.jx` file of the repository that parses.
fn files() -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    for dir in [
        "examples",
        "tests/fixtures/ok",
        "tests/fixtures/spec",
        "tests/fixtures/errors",
        "tests/fixtures/fuzz",
        "tests/fixtures/year",
    ] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "jx"))
            .collect();
        paths.sort();
        for path in paths {
            let source = read(&path);
            if jixiao::parse(&source).is_ok() {
                found.push((path, source));
            }
        }
    }
    assert!(found.len() > 60, "{}", found.len());
    found
}

/// The comments of a source, in order (outside strings).
fn comments(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut chars = source.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '"' => in_string = !in_string,
            '/' if !in_string && source[i..].starts_with("//") => {
                let end = source[i..].find('\n').map_or(source.len(), |n| i + n);
                out.push(source[i..end].trim_end().to_string());
                while chars.next_if(|(j, _)| *j < end).is_some() {}
            }
            _ => {}
        }
    }
    out
}

/// Diagnostics without positions: code and message.
/// The diagnostics of a file, but W130 and W131 (full-width figures and
/// punctuation), which fmt removes by writing them half-width
/// (`fmt_writes_full_width_figures_half_width`,
/// `fmt_writes_full_width_punctuation_in_ascii`).
fn diagnostics(source: &str) -> Vec<(String, String)> {
    jixiao::compile(source)
        .diagnostics
        .iter()
        .filter(|d| d.code() != "W130" && d.code() != "W131")
        .map(|d| {
            (
                d.code().to_string(),
                d.kind.text(jixiao::diag::Lang::En).message,
            )
        })
        .collect()
}

fn typst(source: &str) -> Option<String> {
    jixiao::compile(source).model.map(|m| jixiao::emit(&m))
}

fn formatted(path: &Path, source: &str, keywords: Keywords) -> String {
    format(source, keywords).unwrap_or_else(|d| panic!("{}: {d:?}", path.display()))
}

#[test]
fn formatting_keeps_comments_meaning_and_output() {
    for (path, source) in files() {
        let once = formatted(&path, &source, Keywords::Keep);
        assert_eq!(
            comments(&once),
            comments(&source),
            "{}: comments",
            path.display()
        );
        assert_eq!(
            formatted(&path, &once, Keywords::Keep),
            once,
            "{}: not idempotent",
            path.display()
        );
        assert_eq!(
            diagnostics(&once),
            diagnostics(&source),
            "{}: diagnostics",
            path.display()
        );
        assert_eq!(typst(&once), typst(&source), "{}: typst", path.display());
    }
}

#[test]
fn keywords_round_trip_between_chinese_and_english() {
    for (path, source) in files() {
        let zh = formatted(&path, &source, Keywords::Zh);
        let en = formatted(&path, &zh, Keywords::En);
        assert_eq!(
            formatted(&path, &en, Keywords::Zh),
            zh,
            "{}",
            path.display()
        );
        assert_eq!(
            typst(&en),
            typst(&source),
            "{}: typst in English",
            path.display()
        );
        assert_eq!(
            diagnostics(&en).len(),
            diagnostics(&source).len(),
            "{}",
            path.display()
        );
    }
}

#[test]
fn the_english_seed_formats_into_the_chinese_one() {
    let zh = formatted(
        Path::new("zh"),
        &read(&root().join("examples/yuelu-2021.jx")),
        Keywords::Zh,
    );
    let en = formatted(
        Path::new("en"),
        &read(&root().join("examples/yuelu-2021.en.jx")),
        Keywords::Zh,
    );
    // The files differ only in their comments.
    let code = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(|l| l.split("  //").next().unwrap().trim_end().to_string())
            .collect()
    };
    let (a, b) = (code(&zh), code(&en));
    let differing: Vec<_> = a.iter().zip(&b).filter(|(x, y)| x != y).collect();
    assert!(differing.is_empty(), "{differing:#?}");
}

#[test]
fn the_formatted_seed() {
    insta::assert_snapshot!(formatted(
        Path::new("seed"),
        &read(&root().join("examples/yuelu-2021.jx")),
        Keywords::Keep
    ));
}

/// What `jixiao fmt` writes for the bytes of a file (keeping its line ends
/// and byte order mark).
fn format_bytes(path: &Path, bytes: &[u8]) -> Vec<u8> {
    let source = jixiao::source::decode(bytes).unwrap();
    let line_ends = jixiao::source::LineEnds::of(&source.text);
    let out = formatted(path, &source.text, Keywords::Keep);
    jixiao::source::encode(&out, line_ends, source.bom)
}

#[test]
fn a_crlf_file_with_a_byte_order_mark_formats_as_its_lf_twin() {
    use jixiao::source::{LineEnds, encode};
    for (path, source) in files() {
        let lf = formatted(&path, &source, Keywords::Keep);
        let twin = encode(&source, LineEnds::Crlf, true);
        assert!(
            format_bytes(&path, &twin) == encode(&lf, LineEnds::Crlf, true),
            "{}",
            path.display()
        );
    }
}

/// Full-width digits, point and signs are read with a warning (W130), and
/// fmt writes them half-width: the formatted file gives the same Typst and
/// no warning. (They were a syntax error, E108, and fmt refused the file.)
#[test]
fn fmt_writes_full_width_figures_half_width() {
    let source = read(&root().join("tests/fixtures/errors/full-width-digits.jx"));
    let codes = |s: &str| -> Vec<&str> {
        jixiao::compile(s)
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    };
    assert!(
        codes(&source).iter().all(|c| *c == "W130"),
        "{:?}",
        codes(&source)
    );
    let formatted = format(&source, Keywords::Keep).expect("a warning does not stop fmt");
    assert!(
        !formatted.contains(|c: char| matches!(c, '０'..='９' | '．' | '＞' | '＝')),
        "{formatted}"
    );
    assert!(formatted.contains("年度 2022") && formatted.contains("95.5"));
    assert_eq!(codes(&formatted), Vec::<&str>::new());
    let emit = |s: &str| jixiao::compile(s).model.map(|m| jixiao::emit(&m));
    assert_eq!(emit(&formatted), emit(&source));
}

/// Full-width braces, a colon and Chinese or full-width quotes around a
/// string are read with a warning (W131), and fmt writes their ASCII form:
/// the formatted file gives the same Typst and no warning. Chinese quotes
/// inside an ASCII-quoted string are its text, and stay.
#[test]
fn fmt_writes_full_width_punctuation_in_ascii() {
    let codes = |s: &str| -> Vec<&str> {
        jixiao::compile(s)
            .diagnostics
            .iter()
            .map(|d| d.code())
            .collect()
    };
    let emit = |s: &str| jixiao::compile(s).model.map(|m| jixiao::emit(&m));
    for name in [
        "full-width-braces.jx",
        "full-width-colon.jx",
        "chinese-quotes.jx",
        "word-chinese-quotes-around-names.jx",
        "word-chinese-quote-closed-by-ascii.jx",
        "word-full-width-colon-after-keyword.jx",
        "word-fullwidth-braces.jx",
    ] {
        let source = read(&root().join("tests/fixtures/errors").join(name));
        let found = codes(&source);
        assert!(
            !found.is_empty() && found.iter().all(|c| *c == "W131"),
            "{name}: {found:?}"
        );
        let formatted = format(&source, Keywords::Keep).expect("a warning does not stop fmt");
        assert_eq!(
            codes(&formatted),
            Vec::<&str>::new(),
            "{name}:\n{formatted}"
        );
        let code = formatted
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !code.contains(['｛', '｝', '＂']) && !code.contains("“改造"),
            "{name}:\n{formatted}"
        );
        assert!(emit(&source).is_some(), "{name}");
        assert_eq!(emit(&formatted), emit(&source), "{name}");
    }
    let source = read(&root().join("tests/fixtures/errors/chinese-quotes.jx"))
        .replace("“示例区财政局”", "＂示例区财政局＂")
        .replace("\"完成年度目标。\"", "\"完成“一号”年度目标：改造。\"");
    assert_eq!(codes(&source), ["W131"]);
    let formatted = format(&source, Keywords::Keep).unwrap();
    assert!(
        formatted.contains("主管部门 \"示例区财政局\""),
        "{formatted}"
    );
    assert!(
        formatted.contains("\"完成“一号”年度目标：改造。\""),
        "{formatted}"
    );
}
