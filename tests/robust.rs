//! Odd and hostile input: limits, encodings, line endings.

mod support;

use support::{Lang, read, root};

fn codes(source: &str) -> Vec<&'static str> {
    jixiao::compile(source)
        .diagnostics
        .iter()
        .map(|d| d.code())
        .collect()
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let deep = format!("自评表 \"x\" {}", "{".repeat(100_000));
    assert_eq!(codes(&deep), ["E113"]);
    let deep = format!(
        "自评表 \"x\" {{ 绩效指标 {} {}",
        "产出指标 {".repeat(5_000),
        "}".repeat(5_001)
    );
    assert_eq!(codes(&deep), ["E113"]);
}

#[test]
fn an_oversized_file_is_refused() {
    let big = " ".repeat(jixiao::parse::MAX_INPUT + 1);
    assert_eq!(codes(&big), ["E112"]);
}

#[test]
fn long_garbage_fails_with_one_clear_error() {
    let garbage = "年度 ".repeat(200_000);
    let found = codes(&garbage);
    assert_eq!(found.len(), 1);
    let zh = jixiao::diag::render(
        &jixiao::compile(&garbage).diagnostics,
        "garbage.jx",
        &garbage,
        jixiao::diag::RenderOptions {
            lang: Lang::Zh,
            color: false,
            width: 80,
        },
    );
    // The line is skipped as one malformed item, named in the words of the
    // top level.
    assert!(
        zh.contains("E120") && zh.contains("自评表或自评报告"),
        "{zh}"
    );
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_are_accepted() {
    let path = root().join("examples/yuelu-2021.jx");
    let lf = read(&path);
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let a = jixiao::compile(&lf).model.expect("LF compiles");
    let b = jixiao::compile(&crlf).model.expect("BOM and CRLF compile");
    assert_eq!(jixiao::emit(&a), jixiao::emit(&b));
    // Positions in diagnostics stay right with CRLF.
    let broken =
        read(&root().join("tests/fixtures/errors/unknown-level2.jx")).replace('\n', "\r\n");
    let checked = jixiao::compile(&broken);
    let d = &checked.diagnostics[0];
    assert_eq!(&broken[d.span.start..d.span.end], "数量指数");
    let text = jixiao::diag::render_json(&checked.diagnostics, "x.jx", &broken, Lang::En);
    assert_eq!((text[0].line, text[0].column), (20, 7));
}

#[test]
fn a_file_cut_anywhere_never_panics() {
    // Every prefix of a file, cut at a character boundary, gives diagnostics
    // or a model, never a panic.
    let source = read(&root().join("examples/mof-outline.jx"));
    let mut cuts = 0;
    for (i, _) in source.char_indices().step_by(3) {
        let prefix = &source[..i];
        let checked = jixiao::compile(prefix);
        assert!(checked.model.is_some() || !checked.diagnostics.is_empty());
        let _ = jixiao::diag::render(
            &checked.diagnostics,
            "cut.jx",
            prefix,
            jixiao::diag::RenderOptions {
                lang: Lang::En,
                color: false,
                width: 80,
            },
        );
        cuts += 1;
    }
    assert!(cuts > 500, "{cuts}");
}

/// Inputs the fuzzers found (kept as regression fixtures): each compiles to
/// diagnostics or a model, and renders.
#[test]
fn inputs_found_by_fuzzing_stay_fixed() {
    let mut seen = 0;
    for entry in std::fs::read_dir(root().join("tests/fixtures/fuzz")).unwrap() {
        let path = entry.unwrap().path();
        let source = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let checked = jixiao::compile(&source);
        for d in &checked.diagnostics {
            let spans = std::iter::once(d.span).chain(d.related.iter().copied());
            for span in spans {
                assert!(span.end <= source.len(), "{}", path.display());
                assert!(
                    source.is_char_boundary(span.start) && source.is_char_boundary(span.end),
                    "{}: {} at {span:?}",
                    path.display(),
                    d.code()
                );
            }
        }
        let _ = jixiao::diag::render(
            &checked.diagnostics,
            "fuzz.jx",
            &source,
            jixiao::diag::RenderOptions {
                lang: Lang::Zh,
                color: false,
                width: 80,
            },
        );
        seen += 1;
    }
    assert!(seen >= 4);
}

/// Unclosed braces after an unknown keyword once made the parser backtrack
/// exponentially (found by fuzzing): now one clear error.
#[test]
fn unclosed_braces_after_an_unknown_keyword_give_one_error() {
    let source = format!("自评表 \"x\" {{\n  年度总{}体目标 {{\n", "{".repeat(40));
    let found = codes(&source);
    assert!(
        !found.is_empty() && found.iter().all(|c| *c == "E103"),
        "{found:?}"
    );
}

/// A comment straight after a number, with or without a unit, is a comment:
/// `//` once became the number's unit.
#[test]
fn a_comment_after_a_number_is_not_a_unit() {
    let path = root().join("tests/fixtures/fuzz/comment-after-a-number.jx");
    assert_eq!(codes(&read(&path)), Vec::<&str>::new());
    let broken = read(&root().join("tests/fixtures/fuzz/fmt-comment-after-a-number.jx"));
    assert!(jixiao::parse(&broken).is_ok());
}

/// A digit ends a word, keywords included: `年度2022` and `分值10` are
/// `年度 2022` and `分值 10`, in a funds row as in an indicator. (`分值10`
/// once became a funds row named 分值, which the formatter then printed as
/// `分值 10`, the previous row's weight.)
#[test]
fn a_keyword_glued_to_a_number_is_still_the_keyword() {
    let spaced = read(&root().join("tests/fixtures/ok/minimal.jx"));
    let glued = spaced
        .replace("年度 2022", "年度2022")
        .replace("分值 10", "分值10");
    assert_eq!(glued.matches("分值10").count(), 2);
    assert_eq!(codes(&glued), Vec::<&str>::new());
    let emit = |source: &str| jixiao::compile(source).model.map(|m| jixiao::emit(&m));
    assert_eq!(emit(&glued), emit(&spaced));
}

/// `分值 10分` and `得分 9分` on the funds row, as forms write them, are the
/// figures without the 分. (`得分 9分` was a syntax error on the next line.)
#[test]
fn a_funds_row_figure_may_end_in_fen() {
    let spaced = read(&root().join("tests/fixtures/ok/minimal.jx"));
    let with_fen = spaced.replace(
        "年度资金总额   100   100   100   分值 10",
        "年度资金总额   100   100   100   分值 10分  得分 10分",
    );
    assert_ne!(with_fen, spaced);
    assert_eq!(codes(&with_fen), Vec::<&str>::new());
    let emit = |source: &str| jixiao::compile(source).model.map(|m| jixiao::emit(&m));
    assert_eq!(emit(&with_fen), emit(&spaced));
}

/// A file cut anywhere, as it is while being typed, has a tree for the
/// editor features: completion at its end, folding and the outline work on
/// it, with every span inside the text and on character boundaries.
#[test]
fn a_file_cut_anywhere_has_a_tree_for_editors() {
    let (mut cuts, mut trees) = (0, 0);
    for file in [
        "examples/scoring-showcase.jx",
        // Repaired where they are broken: a `”` closing a string, a Chinese
        // date, a block left open.
        "tests/fixtures/errors/word-closing-quote-chinese.jx",
        "tests/fixtures/errors/word-chinese-date.jx",
        "tests/fixtures/errors/word-missing-closing-brace.jx",
    ] {
        let source = read(&root().join(file));
        let (c, t) = cut_anywhere(&source);
        cuts += c;
        trees += t;
    }
    assert!(cuts > 1500, "{cuts}");
    // A cut inside a keyword or a figure may not parse; most do.
    assert!(trees * 10 > cuts * 9, "{trees} trees for {cuts} cuts");
}

/// The cuts made of `source` and how many had a tree.
fn cut_anywhere(source: &str) -> (usize, usize) {
    let (mut cuts, mut trees) = (0, 0);
    let checked = jixiao::compile(source);
    for (i, _) in source
        .char_indices()
        .step_by(3)
        .chain([(source.len(), ' ')])
    {
        let prefix = &source[..i];
        let inside = |span: jixiao::span::Span| {
            span.start <= span.end
                && span.end <= prefix.len()
                && prefix.is_char_boundary(span.start)
                && prefix.is_char_boundary(span.end)
        };
        let parsed = jixiao::parse::parse_recovering(prefix);
        if let Some(file) = &parsed.file {
            trees += 1;
            for symbol in jixiao::ide::symbols(prefix, file, &checked, Lang::Zh) {
                assert!(
                    inside(symbol.span) && inside(symbol.selection),
                    "cut at {i}"
                );
            }
        }
        for (span, _) in jixiao::ide::folding(prefix) {
            assert!(inside(span), "cut at {i}: {span:?}");
        }
        let _ = jixiao::ide::complete(prefix, i, &checked.scheme, &checked.template, Lang::Zh);
        cuts += 1;
    }
    (cuts, trees)
}

/// Every unit in brackets of a line is reported, each at its own bracket,
/// past brackets that follow no figure (`（注）`) in either width.
#[test]
fn each_unit_in_brackets_of_a_line_is_reported() {
    let source = read(&root().join("tests/fixtures/ok/minimal.jx"));
    let line = source
        .lines()
        .find(|l| l.contains("指标值"))
        .expect("an indicator line");
    let broken = source.replacen(
        line,
        "        \"培训人次\"  指标值 ≥200(人次)  完成值 （注）(注) 210（人次）  分值 30",
        1,
    );
    let diagnostics = jixiao::compile(&broken).diagnostics;
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d.code(), &broken[d.span.start..d.span.end]))
        .collect();
    assert_eq!(found, [("E135", "(人次)"), ("E135", "（人次）")]);
}
