//! The parser's fast path gives exactly the pest path's parse, whenever it
//! takes a text: the same tree, spans included, and the same diagnostics
//! (so none of the pest path's own).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(source) = std::str::from_utf8(data) {
        let (fast, pest) = jixiao::parse::fast_and_pest(source);
        if let Some(fast) = fast {
            assert!(!pest.repaired, "the pest path repaired what the fast path took");
            assert_eq!(fast.diagnostics, pest.diagnostics);
            assert_eq!(fast.file, pest.file);
        }
    }
});
