//! Checking never panics, and every diagnostic renders in both languages
//! with spans that lie inside the source, on character boundaries.
#![no_main]

use jixiao::diag::{Lang, RenderOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let checked = jixiao::compile(source);
    for d in &checked.diagnostics {
        for span in std::iter::once(d.span).chain(d.related.iter().copied()) {
            assert!(span.start <= span.end && span.end <= source.len());
            assert!(source.is_char_boundary(span.start) && source.is_char_boundary(span.end));
        }
    }
    for lang in [Lang::Zh, Lang::En] {
        let options = RenderOptions {
            lang,
            color: false,
            width: 80,
        };
        let _ = jixiao::diag::render(&checked.diagnostics, "fuzz.jx", source, options);
    }
});
