//! Emitting never panics, and the Typst source is balanced: every string
//! literal that jixiao opens, it closes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    if let Some(model) = jixiao::compile(source).model {
        let typst = jixiao::emit(&model);
        // Outside comments, quotes pair up once escapes are removed.
        let mut in_string = false;
        let mut chars = typst.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' if in_string => {
                    chars.next();
                }
                '"' => in_string = !in_string,
                '\n' if in_string => {}
                _ => {}
            }
        }
        assert!(!in_string, "unbalanced string literal in:\n{typst}");
    }
});
