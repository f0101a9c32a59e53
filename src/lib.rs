//! jixiao (绩效): a language and compiler for China's project-expenditure
//! performance self-evaluations (项目支出绩效自评表 and 自评报告).
//!
//! The library is pure: text in, diagnostics and Typst source out. Files,
//! processes and the terminal belong to the `jixiao` binary. The stages:
//!
//! | stage | function | hands on |
//! |---|---|---|
//! | parse | [`parse`] | [`ast::File`] or syntax diagnostics |
//! | check | [`check()`] | [`model::Model`] and all diagnostics |
//! | emit  | [`emit`]  | Typst source |
//!
//! Rendering the Typst source to PDF is the binary's job (it runs `typst`).

// pest runs without its `std` feature, which would probe the native stack
// on every rule (a sixth of the parse); the scan before parsing bounds the
// nesting instead. Its derived parser names `alloc` from the crate root.
extern crate alloc;

pub mod arith;
pub mod ast;
pub mod check;
pub mod diag;
pub mod emit;
pub mod fmt;
pub mod format;
pub mod ide;
pub mod init;
pub mod model;
pub mod parse;
pub mod scheme;
pub mod source;
pub mod span;
mod suggest;
pub mod summary;
mod words;

pub use check::{Checked, Computed, check};
pub use emit::{emit, emit_bundle};
pub use parse::parse;

/// Parses and checks one file: every problem found, and the model when
/// there is no error.
pub fn compile(source: &str) -> Checked {
    match parse(source) {
        Ok(file) => check(&file),
        Err(diagnostics) => Checked {
            model: None,
            diagnostics,
            computed: Vec::new(),
            scheme: scheme::Scheme::default(),
        },
    }
}

/// [`compile`] for a decoded file: its diagnostics include the warning that
/// it is not UTF-8, in position.
pub fn compile_source(source: &source::Source) -> Checked {
    let mut checked = compile(&source.text);
    if let Some(warning) = source.diagnostic() {
        checked.diagnostics.push(warning);
        diag::sort(&mut checked.diagnostics);
    }
    checked
}
