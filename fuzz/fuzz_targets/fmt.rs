//! Formatting never panics; formatted text parses, formats to itself, keeps
//! every comment whole and in order, and gives the same Typst source as the
//! original.
#![no_main]

use jixiao::fmt::{Keywords, comment_texts, format};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(formatted) = format(source, Keywords::Keep) else {
        return;
    };
    let again = format(&formatted, Keywords::Keep).expect("formatted text parses");
    assert_eq!(again, formatted, "formatting is not idempotent");
    assert_eq!(
        comment_texts(&formatted),
        comment_texts(source),
        "formatting lost, split or merged a comment"
    );
    let before = jixiao::compile(source).model.map(|m| jixiao::emit(&m));
    let after = jixiao::compile(&formatted).model.map(|m| jixiao::emit(&m));
    assert_eq!(before, after, "formatting changed the output");
});
