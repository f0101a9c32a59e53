//! The editor features never panic on any text (the language server runs
//! them on every keystroke): completion and hover at many offsets, folding,
//! the outline (of the recovered tree, repaired when the text is), with
//! spans inside the text; and editor positions convert back to the same
//! offsets.
#![no_main]

use jixiao::diag::Lang;
use jixiao::ide::{self, LineIndex};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let checked = jixiao::compile(source);
    let lines = LineIndex::new(source);
    let boundaries: Vec<usize> = source
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(source.len()))
        .collect();
    // At most 64 offsets, spread over the text.
    let step = (boundaries.len() / 64).max(1);
    for &offset in boundaries.iter().step_by(step) {
        let (line, column) = lines.position(source, offset);
        // Only an offset inside a `\r\n` converts back to its `\r` (a lone
        // `\r` ends its line, so the offset after it starts the next).
        let after_cr = offset > 0
            && source.as_bytes()[offset - 1] == b'\r'
            && source[offset..].starts_with('\n');
        let expected = if after_cr { offset - 1 } else { offset };
        assert_eq!(lines.offset(source, line, column), expected);
        for lang in [Lang::Zh, Lang::En] {
            let _ = ide::complete(source, offset, &checked.scheme, &checked.template, lang);
            if let Some((span, _)) = ide::hover(&checked, offset, lang) {
                assert!(span.start <= offset && offset < span.end && span.end <= source.len());
            }
        }
    }
    let inside = |span: jixiao::span::Span| {
        span.start <= span.end
            && span.end <= source.len()
            && source.is_char_boundary(span.start)
            && source.is_char_boundary(span.end)
    };
    for (span, _) in ide::folding(source) {
        assert!(span.start < span.end && inside(span));
    }
    // The recovered tree, repaired for a file with unclosed blocks or strings.
    if let Some(file) = jixiao::parse::parse_recovering(source).file {
        for symbol in ide::symbols(source, &file, &checked, Lang::Zh) {
            assert!(inside(symbol.span) && inside(symbol.selection));
        }
    }
});

